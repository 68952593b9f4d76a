#!/usr/bin/env python3
"""Reference figures for models built by installed libraries (issue 30), computed by real PyTorch.

- Every model builder torchvision 0.14 registers (torchvision.models.list_models()), built with weights=None
  (weights_backbone=None where it takes one), in eval mode, run once under no_grad on its input: 1x3x224x224 for
  classification (299 for Inception v3), 1x3x256x256 for segmentation, 1x3x16x112x112 for the video ResNets and
  1x3x16x224x224 for S3D and MViT, two 1x3x128x128 frames for RAFT. Detection builders take a list of images and
  count what the data decides (how many boxes survive NMS): they are listed with their parameters only.
- The same builders with num_classes=10 (5 for segmentation), with their weights enums' .meta num_params.
- The files of test/fixtures/installed (fine-tuning as people write it), each run as a script: the model is the
  outermost module the script calls, measured on the inputs the script gave it.

Counted as test/oracle/corpus_models.py counts (it measures): params of model.parameters(), Mult-Adds of every
torch.nn leaf call by torch_layers.cost plus the functional compute outside them, and the output shapes.
Quantizable builders are built as their float model (quantize=False, their default).

- torchaudio 0.13's models, each built and called by a short script as its documentation shows (TORCHAUDIO below):
  the script is kept in the output, and the test runs the same script through the engine.

Output: test/data/installed-models.reference.json
Regenerate: /usr/bin/python3 test/oracle/installed_models.py [--only torchvision|torchvisionNumClasses|torchvisionDetection|torchaudio|fixtures]
            (Debian bookworm: python3-torchvision 0.14.1, python3-torchaudio 0.13.1)
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


def torchvision_num_classes():
    """The same builders with a head of another size (num_classes=10; 5 for segmentation), as fine-tuning builds
    them; RAFT has no classes, detection is left out as above. Each row keeps the weights enums' .meta num_params
    of the builder (free cross-check: the engine's params for the default build are among them)."""
    from torchvision import models

    rows = []
    for name in sorted(models.list_models()):
        fn = models.get_model_builder(name)
        module = fn.__module__
        if ".optical_flow." in module or ".detection." in module:
            continue
        segmentation = ".segmentation." in module
        kwargs = {"weights": None, "num_classes": 5 if segmentation else 10}
        if segmentation:
            kwargs["weights_backbone"] = None
        row = {"library": "torchvision", "name": name, "module": module, "kwargs": kwargs, "input": builder_input(name, module),
               "metaNumParams": sorted({w.meta["num_params"] for w in models.get_model_weights(name)})}
        t0 = time.time()
        try:
            torch.manual_seed(0)
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                model = fn(**kwargs)
            row.update(corpus_models.measure_model(model, [torch.randn(s) for s in row["input"]]))
        except Exception as e:  # noqa: BLE001 -- reported, exit 1
            row["error"] = "%s: %s" % (type(e).__name__, e)
        print("%-32s num_classes %2d params %12s  multAdds %16s %s(%.1fs)" % (name, kwargs["num_classes"], row.get("params"), row.get("multAdds"), ("ERROR " + row["error"] + " ") if "error" in row else "", time.time() - t0), flush=True)
        rows.append(row)
    return rows


class Outermost:
    """Records the first module a script calls from outside any module: the model it runs, and its inputs; and
    every module called from outside any module, with its inputs (`calls`: SSD's builder runs its backbone once
    to learn its channels, before the script calls the model)."""

    def __init__(self):
        self.depth = 0
        self.model = None
        self.args = None
        self.calls = []

    def __enter__(self):
        self.original = nn.Module.__call__
        outer = self

        def call(module, *args, **kwargs):
            if outer.depth == 0 and outer.model is None:
                outer.model, outer.args = module, (args, kwargs)
            if outer.depth == 0:
                outer.calls.append((module, (args, kwargs)))
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


# torchaudio 0.13's models, each built and called as its documentation shows: (name, script). The script is what
# the test runs through the engine too, so its input (lengths included, whose values matter) is the code's own.
TORCHAUDIO = [
    ("wav2vec2_base", "model = torchaudio.models.wav2vec2_base()\nout = model(torch.randn(1, 16000))"),
    ("wav2vec2_large", "model = torchaudio.models.wav2vec2_large()\nout = model(torch.randn(1, 16000))"),
    ("wav2vec2_large_lv60k", "model = torchaudio.models.wav2vec2_large_lv60k()\nout = model(torch.randn(1, 16000))"),
    ("hubert_base", "model = torchaudio.models.hubert_base()\nout = model(torch.randn(1, 16000))"),
    ("hubert_large", "model = torchaudio.models.hubert_large()\nout = model(torch.randn(1, 16000))"),
    ("hubert_xlarge", "model = torchaudio.models.hubert_xlarge()\nout = model(torch.randn(1, 16000))"),
    ("wav2vec2_base with lengths", "model = torchaudio.models.wav2vec2_base(aux_num_out=32)\nout = model(torch.randn(2, 16000), torch.tensor([16000, 12000]))"),
    ("conformer", "model = torchaudio.models.Conformer(input_dim=80, num_heads=4, ffn_dim=128, num_layers=4, depthwise_conv_kernel_size=31)\n"
                  "out = model(torch.randn(2, 100, 80), torch.tensor([100, 80]))"),
    ("emformer", "model = torchaudio.models.Emformer(512, 8, 2048, 4, segment_length=4, right_context_length=1)\n"
                 "out = model(torch.randn(1, 41, 512), torch.tensor([41]))"),
    ("conv_tasnet_base", "model = torchaudio.models.conv_tasnet_base(num_sources=2)\nout = model(torch.randn(1, 1, 16000))"),
    ("deepspeech", "model = torchaudio.models.DeepSpeech(n_feature=40, n_hidden=2048, n_class=40)\nout = model(torch.randn(2, 1, 50, 40))"),
    ("wav2letter", "model = torchaudio.models.Wav2Letter(num_classes=40, input_type='waveform', num_features=1)\nout = model(torch.randn(2, 1, 16000))"),
    ("wav2letter mfcc", "model = torchaudio.models.Wav2Letter(num_classes=40, input_type='mfcc', num_features=13)\nout = model(torch.randn(2, 13, 200))"),
    ("wavernn", "model = torchaudio.models.WaveRNN(upsample_scales=[5, 5, 8], n_classes=512, hop_length=200)\n"
                "out = model(torch.randn(1, 1, (10 - 5 + 1) * 200), torch.randn(1, 1, 128, 10))"),
    ("tacotron2", "model = torchaudio.models.Tacotron2()\n"
                  "out = model(torch.randint(0, 148, (2, 20)), torch.tensor([20, 15]), torch.randn(2, 80, 30), torch.tensor([30, 25]))"),
    ("hdemucs_low", "model = torchaudio.models.hdemucs_low(sources=['drums', 'bass', 'other', 'vocals'])\nout = model(torch.randn(1, 2, 44100))"),
]


# torchvision's detection builders, each run as a script on one 480x640 image in eval mode. How many boxes survive
# the score threshold and NMS is the data's: each script sets the thresholds that keep every box (NMS at IoU 1.0,
# scores above 0), so that PyTorch runs at the bound the code sets (the RPN's post-NMS count, the detections per
# image), which is what the engine costs whatever the thresholds (TorchOps.atBound). `reached` checks it did.
RCNN_BOUND = "rpn_nms_thresh=1.0, box_score_thresh=0.0, box_nms_thresh=1.0"
ONE_STAGE_BOUND = "score_thresh=0.0, nms_thresh=1.0"
DETECTION = [
    ("fasterrcnn_mobilenet_v3_large_320_fpn", RCNN_BOUND, 100),
    ("fasterrcnn_mobilenet_v3_large_fpn", RCNN_BOUND, 100),
    ("fasterrcnn_resnet50_fpn", RCNN_BOUND, 100),
    ("fasterrcnn_resnet50_fpn_v2", RCNN_BOUND, 100),
    ("fcos_resnet50_fpn", ONE_STAGE_BOUND, 100),
    ("keypointrcnn_resnet50_fpn", RCNN_BOUND, 100),
    ("maskrcnn_resnet50_fpn", RCNN_BOUND, 100),
    ("maskrcnn_resnet50_fpn_v2", RCNN_BOUND, 100),
    ("retinanet_resnet50_fpn", ONE_STAGE_BOUND, 300),
    ("retinanet_resnet50_fpn_v2", ONE_STAGE_BOUND, 300),
    ("ssd300_vgg16", ONE_STAGE_BOUND, 200),
    ("ssdlite320_mobilenet_v3_large", ONE_STAGE_BOUND, 300),
]


def torchvision_detection():
    import torchvision  # noqa: F401 -- the scripts use it

    rows = []
    for name, bound, detections in DETECTION:
        source = ("import torch\nimport torchvision\n"
                  "model = torchvision.models.get_model(%r, weights=None, weights_backbone=None, %s)\n"
                  "model.eval()\nout = model([torch.rand(3, 480, 640)])\n" % (name, bound))
        row = {"library": "torchvision", "name": name, "script": source, "detections": detections}
        t0 = time.time()
        try:
            torch.manual_seed(0)
            scope = {"__name__": "__main__"}
            with Outermost() as o, warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                exec(compile(source, "<%s>" % name, "exec"), scope)
            model = scope["model"]
            args, kwargs = next(a for m, a in o.calls if m is model)
            row["input"] = [list(a.shape) for a in args[0]]
            row.update(corpus_models.measure_model(model, list(args), call=lambda m, xs: m(*xs, **kwargs)))
            got = len(scope["out"][0]["boxes"])
            row["reached"] = got == detections
        except Exception as e:  # noqa: BLE001
            row["error"] = "%s: %s" % (type(e).__name__, e)
        print("%-40s params %12s  multAdds %16s reached %s %s(%.1fs)" % (name, row.get("params"), row.get("multAdds"), row.get("reached"), row.get("error", ""), time.time() - t0), flush=True)
        rows.append(row)
    return rows


def torchaudio_models():
    import torchaudio  # noqa: F401 -- the scripts use it

    rows = []
    for name, script in TORCHAUDIO:
        source = "import torch\nimport torchaudio\n" + script + "\n"
        row = {"library": "torchaudio", "name": name, "script": source}
        t0 = time.time()
        try:
            torch.manual_seed(0)
            with Outermost() as o, warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                exec(compile(source, "<%s>" % name, "exec"), {"__name__": "__main__"})
            args, kwargs = o.args
            row["input"] = [list(a.shape) for a in args if isinstance(a, torch.Tensor)]
            row.update(corpus_models.measure_model(o.model, list(args), call=lambda m, xs: m(*xs, **kwargs)))
        except Exception as e:  # noqa: BLE001
            row["error"] = "%s: %s" % (type(e).__name__, e)
        print("%-32s params %12s  multAdds %16s %s(%.1fs)" % (name, row.get("params"), row.get("multAdds"), row.get("error", ""), time.time() - t0), flush=True)
        rows.append(row)
    return rows


def main():
    import torchaudio
    import torchvision

    # `--only torchaudio` (or torchvision, fixtures): that part measured again, the others kept from the file.
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    kept = json.load(open(OUT)) if only and os.path.exists(OUT) else {}
    part = lambda key, measure: measure() if only in (None, key) else kept.get(key, [])  # noqa: E731
    doc = {
        "meta": {"torch": torch.__version__, "torchvision": torchvision.__version__, "torchaudio": torchaudio.__version__, "script": "test/oracle/installed_models.py",
                 "conventions": "as test/oracle/corpus_models.py: params of model.parameters(); Mult-Adds of torch.nn leaves plus functional compute"},
        "torchvision": part("torchvision", torchvision_builders),
        "torchvisionNumClasses": part("torchvisionNumClasses", torchvision_num_classes),
        "torchvisionDetection": part("torchvisionDetection", torchvision_detection),
        "torchaudio": part("torchaudio", torchaudio_models),
        "fixtures": part("fixtures", fixtures),
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    failed = [r.get("name") or r.get("file") for r in doc["torchvision"] + doc["torchvisionNumClasses"] + doc["torchvisionDetection"] + doc["torchaudio"] + doc["fixtures"]
              if "error" in r or r.get("reached") is False]
    print("%d torchvision builders, %d torchaudio models, %d fixtures; failed: %s" % (len(doc["torchvision"]), len(doc["torchaudio"]), len(doc["fixtures"]), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
