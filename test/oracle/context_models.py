#!/usr/bin/env python3
"""Per-line reference figures for small model files (test/fixtures/context, samples/tiny_gpt.py), run by real
PyTorch as the files run.

Each file is executed as __main__ (its own `model(x)` call runs), or, for a file that only annotates its
model, the model is built and called on the annotated input. Every layer module records the line of the
fixture where it was constructed; global forward hooks record every call of a leaf module with its shapes.
Rows are summed per line: instances built there, calls made, Mult-Adds over the calls (torch_layers.cost),
and the first call's shapes. Functional compute outside leaf modules (matmul, @, F.linear and the
scaled-dot-product attention, which torch 1.13 lacks and this script supplies with the math path) is
counted as docs/conventions.md says: Q·Kᵀ plus A·V over the full T×S.

Output: test/data/context-models.reference.json
Regenerate: /usr/bin/python3 test/oracle/context_models.py
"""

import json
import math
import os
import runpy
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.modules.module import register_module_forward_hook, register_module_forward_pre_hook
from torch.overrides import TorchFunctionMode

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import torch_layers  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURES = REPO
OUT = os.path.join(REPO, "test", "data", "context-models.reference.json")

# file, how it runs: None = as __main__ (its own call); else (class name, input shape) = the annotated input
FILES = [
    ("test/fixtures/context/cifar_net.py", None),
    ("samples/tiny_gpt.py", None),
    ("test/fixtures/context/annotated_stem.py", ("Stem", [8, 3, 64, 64])),
]


def prod(xs):
    p = 1
    for x in xs:
        p *= int(x)
    return p


def sdpa(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False):
    """torch 2.x's F.scaled_dot_product_attention, math path (counted as one operation by the mode below)."""
    att = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if is_causal:
        L, S = q.size(-2), k.size(-2)
        att = att.masked_fill(torch.ones(L, S, dtype=torch.bool).tril().logical_not(), float("-inf"))
    return att.softmax(-1) @ v


class Functional(TorchFunctionMode):
    """Matmuls outside leaf modules, each with the line of the fixture that ran it."""

    def __init__(self, fixture, inside):
        super().__init__()
        self.fixture = fixture
        self.inside = inside
        self.ops = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        if self.inside[0] == 0 and self.inside[1] == 0 and func in (torch.matmul, torch.Tensor.matmul, torch.Tensor.__matmul__):
            a, b = args[0], args[1]
            self.ops.append({"line": fixture_line(self.fixture), "op": "@", "multAdds": prod(out.shape) * a.shape[-1]})
        return out


def fixture_line(fixture):
    f = sys._getframe(1)
    while f is not None:
        if os.path.abspath(f.f_code.co_filename) == fixture:
            return f.f_lineno
        f = f.f_back
    return None


def run(name, entry):
    fixture = os.path.join(FIXTURES, name)
    built = {}  # module -> line

    original_init = nn.Module.__init__

    def init(self, *a, **kw):
        original_init(self, *a, **kw)
        if self not in built:
            built[self] = fixture_line(fixture)

    leaf_calls = []
    inside = [0, 0]  # depth in leaf modules, depth in our sdpa
    top = []

    def pre(m, inputs):
        if not top:
            top.append(m)
            top.append(list(inputs[0].shape))
        if not list(m.children()):
            inside[0] += 1

    def post(m, inputs, output):
        if not list(m.children()):
            inside[0] -= 1
            ins = [list(t.shape) for t in inputs if isinstance(t, torch.Tensor)]
            outs = [list(output.shape)] if isinstance(output, torch.Tensor) else [list(t.shape) for t in output if isinstance(t, torch.Tensor)]
            mult, _other = torch_layers.cost(m, ins, outs)
            leaf_calls.append((m, ins, outs, mult))

    mode = Functional(fixture, inside)
    attention = []

    def counted_sdpa(q, k, v, **kw):
        # Q·Kᵀ + A·V over the full T×S, causal or not
        attention.append({"line": fixture_line(fixture), "op": "F.scaled_dot_product_attention",
                          "multAdds": 2 * prod(q.shape[:-1]) * k.shape[-2] * q.shape[-1]})
        inside[1] += 1
        try:
            return sdpa(q, k, v, **kw)
        finally:
            inside[1] -= 1

    F.scaled_dot_product_attention = counted_sdpa
    nn.Module.__init__ = init
    hooks = [register_module_forward_pre_hook(pre), register_module_forward_hook(post)]
    torch.manual_seed(0)
    try:
        with torch.no_grad(), mode:
            if entry is None:
                runpy.run_path(fixture, run_name="__main__")
            else:
                cls, shape = entry
                ns = runpy.run_path(fixture, run_name="fixture")
                ns[cls]().eval()(torch.randn(*shape))
    finally:
        for h in hooks:
            h.remove()
        nn.Module.__init__ = original_init
        del F.scaled_dot_product_attention

    model, model_input = top[0], top[1]
    lines = {}
    for m, line in built.items():
        if list(m.children()) or line is None:
            continue
        row = lines.setdefault(line, {"line": line, "type": type(m).__name__, "instances": 0, "paramsPerInstance": sum(p.numel() for p in m.parameters()), "calls": 0, "multAdds": 0})
        row["instances"] += 1
    for m, ins, outs, mult in leaf_calls:
        row = lines[built[m]]
        if row["calls"] == 0:
            row["inputShape"] = ins[0]
            row["outputShape"] = outs[0]
        row["calls"] += 1
        row["multAdds"] += mult
    functional = {}
    for op in attention + mode.ops:
        key = (op["line"], op["op"])
        f = functional.setdefault(key, {"line": op["line"], "op": op["op"], "calls": 0, "multAdds": 0})
        f["calls"] += 1
        f["multAdds"] += op["multAdds"]
    modules = sum(r["multAdds"] for r in lines.values())
    func = sum(f["multAdds"] for f in functional.values())
    return {
        "file": name,
        "model": type(model).__name__,
        "input": model_input,
        "params": sum(p.numel() for p in model.parameters()),
        "totals": {"modulesMultAdds": modules, "functionalMultAdds": func, "multAdds": modules + func},
        "lines": sorted(lines.values(), key=lambda r: r["line"]),
        "functional": sorted(functional.values(), key=lambda r: (r["line"], r["op"])),
    }


def main():
    doc = {
        "meta": {"torch": torch.__version__, "script": "test/oracle/context_models.py",
                 "conventions": "Mult-Adds per leaf-module call as torch_layers.cost; functional matmuls outside "
                                "leaf modules; scaled-dot-product attention = Q·Kᵀ + A·V over the full T×S"},
        "files": [run(name, entry) for name, entry in FILES],
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for r in doc["files"]:
        print(r["file"], r["model"], r["params"], r["totals"])


if __name__ == "__main__":
    main()
