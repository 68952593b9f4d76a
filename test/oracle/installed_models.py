#!/usr/bin/env python3
"""Reference figures for models built by installed libraries (issue 30), computed by real PyTorch.

- Every model builder torchvision 0.14 registers (torchvision.models.list_models()), built with weights=None
  (weights_backbone=None where it takes one), in eval mode, run once under no_grad on its input: 1x3x224x224 for
  classification (299 for Inception v3), 1x3x256x256 for segmentation, 1x3x16x112x112 for the video ResNets and
  1x3x16x224x224 for S3D and MViT, two 1x3x128x128 frames for RAFT. Detection builders take a list of images and
  count what the data decides (how many boxes survive NMS): they are listed with their parameters only.
- The files of test/fixtures/installed (fine-tuning as people write it), each run as a script: the model is the
  outermost module the script calls, measured on the inputs the script gave it.

Counted as test/oracle/corpus_models.py counts (it measures): params of model.parameters(), Mult-Adds of every
torch.nn leaf call by torch_layers.cost plus the functional compute outside them, and the output shapes.
Quantizable builders are built as their float model (quantize=False, their default).

Output: test/data/installed-models.reference.json
Regenerate: /usr/bin/python3 test/oracle/installed_models.py   (Debian bookworm: python3-torchvision 0.14.1)
"""

import contextlib
import io
import json
import os
import runpy
import sys
import time
import warnings

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import corpus_models  # noqa: E402  (measure_model: the corpus's counting)

REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(REPO, "test", "fixtures", "installed")
OUT = os.path.join(REPO, "test", "data", "installed-models.reference.json")


def builder_input(name, module):
    """The input a builder's model is run on, by the family its module is in."""
    if ".segmentation." in module:
        return [[1, 3, 256, 256]]
    if ".video." in module:
        return [[1, 3, 16, 224, 224]] if name in ("s3d", "mvit_v1_b", "mvit_v2_s") else [[1, 3, 16, 112, 112]]
    if ".optical_flow." in module:
        return [[1, 3, 128, 128], [1, 3, 128, 128]]
    if ".detection." in module:
        return None
    return [[1, 3, 299, 299]] if "inception" in name else [[1, 3, 224, 224]]


def torchvision_builders():
    from torchvision import models

    rows = []
    for name in sorted(models.list_models()):
        fn = models.get_model_builder(name)
        module = fn.__module__
        kwargs = {"weights": None}
        if ".segmentation." in module or ".detection." in module:
            kwargs["weights_backbone"] = None
        t0 = time.time()
        row = {"library": "torchvision", "name": name, "module": module, "kwargs": kwargs, "input": builder_input(name, module)}
        try:
            torch.manual_seed(0)
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                model = fn(**kwargs)
            if row["input"] is None:
                row["params"] = sum(p.numel() for p in model.parameters())
                row["dataDependent"] = "detection: how many boxes survive NMS depends on the image"
            else:
                row.update(corpus_models.measure_model(model, [torch.randn(s) for s in row["input"]]))
        except Exception as e:  # noqa: BLE001 -- reported, exit 1
            row["error"] = "%s: %s" % (type(e).__name__, e)
        print("%-32s params %12s  multAdds %16s %s(%.1fs)" % (name, row.get("params"), row.get("multAdds"), ("ERROR " + row["error"] + " ") if "error" in row else "", time.time() - t0), flush=True)
        rows.append(row)
    return rows


class Outermost:
    """Records the first module a script calls from outside any module: the model it runs, and its inputs."""

    def __init__(self):
        self.depth = 0
        self.model = None
        self.args = None

    def __enter__(self):
        self.original = nn.Module.__call__
        outer = self

        def call(module, *args, **kwargs):
            if outer.depth == 0 and outer.model is None:
                outer.model, outer.args = module, (args, kwargs)
            outer.depth += 1
            try:
                return outer.original(module, *args, **kwargs)
            finally:
                outer.depth -= 1

        nn.Module.__call__ = call
        return self

    def __exit__(self, *exc):
        nn.Module.__call__ = self.original
        return False


def fixtures():
    rows = []
    for name in sorted(os.listdir(FIXTURES)):
        if not name.endswith(".py"):
            continue
        path = os.path.join(FIXTURES, name)
        row = {"file": name}
        try:
            torch.manual_seed(0)
            with Outermost() as o, warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                runpy.run_path(path, run_name="__main__")
            args, kwargs = o.args
            row["input"] = [list(a.shape) for a in args if isinstance(a, torch.Tensor)]
            row.update(corpus_models.measure_model(o.model, list(args), call=lambda m, xs: m(*xs, **kwargs)))
            row["trainable"] = sum(p.numel() for p in o.model.parameters() if p.requires_grad)
        except Exception as e:  # noqa: BLE001
            row["error"] = "%s: %s" % (type(e).__name__, e)
        print("%-32s params %12s  multAdds %16s %s" % (name, row.get("params"), row.get("multAdds"), row.get("error", "")), flush=True)
        rows.append(row)
    return rows


def main():
    import torchvision

    doc = {
        "meta": {"torch": torch.__version__, "torchvision": torchvision.__version__, "script": "test/oracle/installed_models.py",
                 "conventions": "as test/oracle/corpus_models.py: params of model.parameters(); Mult-Adds of torch.nn leaves plus functional compute"},
        "torchvision": torchvision_builders(),
        "fixtures": fixtures(),
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    failed = [r.get("name") or r.get("file") for r in doc["torchvision"] + doc["fixtures"] if "error" in r]
    print("%d builders, %d fixtures; failed: %s" % (len(doc["torchvision"]), len(doc["fixtures"]), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
