#!/usr/bin/env python3
"""Reference figures for the corpus of public model code (test/corpus), computed by real PyTorch.

Each folder of test/corpus holds what Layer Lens wrote about a public repository: SOURCE.md (address, commit) and
models.json, one entry per model, {name, file, call, input, dtype}. The code is read from a checkout of each
repository at its commit, in a folder outside this repository given as the first argument (test/corpus/README.md
says how to bring them). The file is imported as `python FILE` would import it (its folder and the checkout's root
on sys.path; as a package member when it uses relative imports), `call` is evaluated in its namespace, and the
model runs once in eval mode under torch.no_grad() on randn inputs (zeros for int64).

Counted as docs/conventions.md says, as test/oracle/context_models.py and torchvision_models.py count:
- params: model.parameters(), a shared parameter once;
- Mult-Adds of every call of a torch.nn leaf module (nn.MultiheadAttention and the Transformer layers as one
  unit), by torch_layers.cost;
- Mult-Adds of the functional compute outside those: matmul, @, mm, bmm, addmm, baddbmm, einsum, F.linear,
  F.conv*, F.conv_transpose*. A module of the code's own with no children (h_swish, a Conv2dSame whose forward
  calls F.conv2d) is not a leaf here: what its forward computes counts through those operations.
A torch.nn leaf type torch_layers.cost has no rule for is listed under `unclassified` (the entry then is no
reference for Mult-Adds).

Output: test/data/corpus.reference.json
Regenerate: /usr/bin/python3 test/oracle/corpus_models.py CHECKOUTS   (about 3.5 minutes on 2 CPUs);
with folder names after CHECKOUTS it prints those and writes nothing.
lucidrains__vit-pytorch needs einops, which Debian does not package: put einops 0.8.2's `einops/` folder (from a
checkout or `pip install --target`) on PYTHONPATH.

Stubbed: tqdm and munch, when not installed. In a full checkout of Cadene's pretrained-models, importing
`pretrainedmodels.models.resnext` runs the package's `__init__.py`, which imports its data-set helpers, and they
import those two. No model code calls them: a stub is an empty module whose names raise if they are ever called.
"""

import types

import contextlib
import importlib
import io
import json
import os
import re
import sys
import time
import warnings

import torch
import torch.nn as nn
from torch.overrides import TorchFunctionMode

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the corpus or test/oracle
import torch_layers  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
LISTS = os.path.join(REPO, "test", "corpus")
CORPUS = None  # the folder of checkouts, from the command line
OUT = os.path.join(REPO, "test", "data", "corpus.reference.json")
RELATIVE = re.compile(r"^\s*from\s+\.", re.M)
UNITS = (nn.MultiheadAttention, nn.TransformerEncoderLayer, nn.TransformerDecoderLayer)


def prod(xs):
    p = 1
    for x in xs:
        p *= int(x)
    return p


def is_unit(m):
    """A torch.nn leaf module (or an attention unit): one row, costed by its type's rule."""
    if isinstance(m, UNITS):
        return True
    if isinstance(m, (nn.Sequential, nn.ModuleList, nn.ModuleDict)):
        return False  # an empty nn.Sequential() (an identity shortcut) runs nothing
    return type(m).__module__.startswith("torch.nn") and not list(m.children())


STUBBED = ("tqdm", "munch")

# F.scaled_dot_product_attention (PyTorch 2.x), which model code now calls (DINOv2), written for PyTorch 1.13 as its
# documentation defines it: two matmuls, counted as functional compute like any other.
if not hasattr(torch.nn.functional, "scaled_dot_product_attention"):
    def _sdpa(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
        scale = scale if scale is not None else query.shape[-1] ** -0.5
        attn = torch.matmul(query, key.transpose(-2, -1)) * scale
        if is_causal:
            causal = torch.ones(query.shape[-2], key.shape[-2], dtype=torch.bool).tril()
            attn = attn.masked_fill(~causal, float("-inf"))
        if attn_mask is not None:
            attn = attn.masked_fill(~attn_mask, float("-inf")) if attn_mask.dtype == torch.bool else attn + attn_mask
        return torch.matmul(torch.softmax(attn, dim=-1), value)

    torch.nn.functional.scaled_dot_product_attention = _sdpa


class _Stub(types.ModuleType):
    """A module that is not installed and that no model calls: any name it gives raises when called."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)

        def missing(*_args, **_kwargs):
            raise RuntimeError("%s.%s is a stub of corpus_models.py" % (self.__name__, name))
        return missing


for _name in STUBBED:
    try:
        importlib.import_module(_name)
    except ImportError:
        sys.modules[_name] = _Stub(_name)


def load(folder, rel):
    """The file as a module, as `python FILE` (or the package it belongs to) imports it."""
    for k, m in list(sys.modules.items()):
        if (getattr(m, "__file__", None) or "").startswith(CORPUS + os.sep):
            del sys.modules[k]
    root = os.path.join(CORPUS, folder)
    path = os.path.join(root, rel)
    with open(path) as f:
        relative = RELATIVE.search(f.read())
    name = os.path.splitext(rel)[0].replace("/", ".") if relative else os.path.splitext(os.path.basename(rel))[0]
    saved = sys.path[:]
    sys.path[:0] = [os.path.dirname(path), root]
    try:
        return importlib.import_module(name)
    finally:
        sys.path[:] = saved


def conv_mult_adds(out, weight, transposed, inp):
    if transposed:
        # each input element meets C_out/g × prod(k) weights
        return prod(inp.shape) * weight.shape[1] * prod(weight.shape[2:])
    return prod(out.shape) * prod(weight.shape[1:])


def einsum_mult_adds(equation, operands):
    """The product of every label's size and of the broadcast ellipsis dims; a single operand multiplies nothing."""
    if len(operands) < 2:
        return 0
    sizes = {}
    ellipsis = []
    lhs = equation.replace(" ", "").split("->")[0]
    for spec, t in zip(lhs.split(","), operands):
        shape = [int(s) for s in t.shape]
        if "..." in spec:
            before, after = spec.split("...")
            extra = len(shape) - len(before) - len(after)
            ellipsis = list(torch.broadcast_shapes(tuple(ellipsis), tuple(shape[len(before):len(before) + extra])))
            shape = shape[:len(before)] + shape[len(before) + extra:]
            spec = before + after
        for letter, size in zip(spec, shape):
            sizes[letter] = max(sizes.get(letter, 1), size)
    return prod(list(sizes.values()) + ellipsis)


class Functional(TorchFunctionMode):
    """The functional compute outside torch.nn units."""

    def __init__(self, depth):
        super().__init__()
        self.depth = depth
        self.ops = {}
        self.unknown = []

    def add(self, op, mult_adds):
        row = self.ops.setdefault(op, {"op": op, "calls": 0, "multAdds": 0})
        row["calls"] += 1
        row["multAdds"] += mult_adds

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        if self.depth[0] > 0:
            return out
        name = getattr(func, "__name__", "")
        if name in ("matmul", "__matmul__", "__rmatmul__", "mm", "bmm", "mv", "dot", "vdot"):
            a = args[1] if name == "__rmatmul__" else args[0]
            self.add("matmul", prod(out.shape) * a.shape[-1])
        elif name == "inner" and args[0].dim() and args[1].dim():
            self.add("inner", prod(out.shape) * args[0].shape[-1])
        elif name in ("addmm", "baddbmm", "addmv"):
            self.add(name, prod(out.shape) * args[1].shape[-1])
        elif name == "addbmm":
            # The batch's products summed: each output element meets every batch's row and column.
            self.add(name, prod(out.shape) * args[1].shape[-1] * args[1].shape[0])
        elif name == "einsum":
            operands = args[1] if len(args) == 2 and isinstance(args[1], (list, tuple)) else args[1:]
            m = einsum_mult_adds(args[0], operands)
            if m is None:
                self.unknown.append("einsum " + args[0])
            else:
                self.add("einsum", m)
        elif name == "linear":
            self.add("F.linear", prod(out.shape) * args[1].shape[-1])
        elif name in ("conv1d", "conv2d", "conv3d"):
            self.add("F." + name, conv_mult_adds(out, args[1], False, args[0]))
        elif name.startswith("conv_transpose"):
            self.add("F." + name, conv_mult_adds(out, args[1], True, args[0]))
        elif name == "tensordot":
            # A contraction: every output element sums over the contracted dims (einsum's count).
            self.add("tensordot", tensordot_mult_adds(args, kwargs, out))
        elif name == "multi_head_attention_forward":
            # Python over linear and bmm, which this mode does not see from inside: counted as nn.MultiheadAttention is.
            self.add("F.multi_head_attention_forward", mha_forward_mult_adds(args, kwargs))
        return out


def tensordot_mult_adds(args, kwargs, out):
    a, b = args[0], args[1]
    dims = args[2] if len(args) > 2 else kwargs.get("dims", 2)
    if isinstance(dims, int):
        contracted = prod(a.shape[a.dim() - dims:])
    else:
        contracted = prod([a.shape[d] for d in dims[0]])
    return prod(out.shape) * contracted


MHA_ARGS = ["query", "key", "value", "embed_dim_to_check", "num_heads", "in_proj_weight", "in_proj_bias", "bias_k", "bias_v",
            "add_zero_attn", "dropout_p", "out_proj_weight"]


def mha_forward_mult_adds(args, kwargs):
    a = dict(zip(MHA_ARGS, args))
    a.update({k: v for k, v in kwargs.items() if k in MHA_ARGS})
    q, k, v = a["query"], a["key"], a["value"]
    batched = q.dim() == 3
    L, N = (q.shape[0], q.shape[1]) if batched else (q.shape[0], 1)
    S = k.shape[0]
    extra = (a.get("bias_k") is not None) + bool(a.get("add_zero_attn"))
    E = a["embed_dim_to_check"]
    # The out projection maps E to as many features as its weight has rows (CLIP's pooling: fewer).
    out_features = a["out_proj_weight"].shape[0]
    return torch_layers.mha_mult_adds(E, k.shape[-1], v.shape[-1], L, S, N, extra) - L * N * E * E + L * N * E * out_features


def shapes_of(out):
    if isinstance(out, torch.Tensor):
        return [list(out.shape)]
    if isinstance(out, (list, tuple)):
        return [s for o in out for s in shapes_of(o)]
    if isinstance(out, dict):
        return [s for o in out.values() for s in shapes_of(o)]
    return []


def measure(folder, entry):
    module = load(folder, entry["file"])
    quiet = io.StringIO()
    torch.manual_seed(0)
    with contextlib.redirect_stdout(quiet), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = eval(entry["call"], vars(module))
    if entry["dtype"] == "int64":
        xs = [torch.zeros(s, dtype=torch.int64) for s in entry["input"]]
    else:
        xs = [torch.randn(s) for s in entry["input"]]
    return measure_model(model, xs)


def measure_model(model, xs, call=None):
    """A built model run once in eval mode under no_grad on `xs` (`call`: how to call it, model(*xs) by default)."""
    quiet = io.StringIO()
    model.eval()
    depth = [0]
    rows = {}
    unclassified = set()

    def pre(m, inputs):
        depth[0] += 1

    def post(m, inputs, output):
        depth[0] -= 1
        # A PackedSequence (torchaudio's Tacotron2 encoder) is its packed data: one row per step of a sequence.
        ins = [list(t.data.shape if isinstance(t, nn.utils.rnn.PackedSequence) else t.shape) for t in inputs
               if isinstance(t, (torch.Tensor, nn.utils.rnn.PackedSequence))]
        ins = keyword_inputs.pop(id(m), None) or ins
        outs = shapes_of(output)
        t = type(m).__name__
        try:
            mult, _other = torch_layers.cost(m, ins, outs)
        except KeyError:
            unclassified.add(t)
            mult = 0
        row = rows.setdefault(t, {"type": t, "calls": 0, "multAdds": 0})
        row["calls"] += 1
        row["multAdds"] += mult

    hooks = []
    # an attention unit's children are counted in it, not hooked themselves
    within_units = {id(c) for u in model.modules() if isinstance(u, UNITS) for c in u.modules() if c is not u}
    for m in model.modules():
        if is_unit(m) and id(m) not in within_units:
            hooks.append(m.register_forward_pre_hook(pre))
            hooks.append(m.register_forward_hook(post))
    # PyTorch 1.13's hooks see positional inputs only: torchvision's ViT calls its attention with query=, key=,
    # value= keywords, whose shapes are recorded here for the hook.
    keyword_inputs = {}
    mha_forward = nn.MultiheadAttention.forward

    def recording_forward(self, *args, **kwargs):
        # Query, key and value, given by position or by name (DETR passes `value=` alone by name).
        if len(args) < 3:
            keyword_inputs[id(self)] = [list(a.shape) for a in args[:3]] + [
                list(kwargs[k].shape) for k in ("query", "key", "value")[len(args):] if isinstance(kwargs.get(k), torch.Tensor)]
        return mha_forward(self, *args, **kwargs)

    nn.MultiheadAttention.forward = recording_forward
    mode = Functional(depth)
    try:
        with torch.no_grad(), mode, contextlib.redirect_stdout(quiet), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = call(model, xs) if call else model(*xs)
    finally:
        nn.MultiheadAttention.forward = mha_forward
        for h in hooks:
            h.remove()
    modules = sum(r["multAdds"] for r in rows.values())
    functional = sum(r["multAdds"] for r in mode.ops.values())
    return {
        "params": sum(p.numel() for p in model.parameters()),
        "multAdds": modules + functional,
        "modulesMultAdds": modules,
        "functionalMultAdds": functional,
        "output": shapes_of(out),
        "layers": sorted(rows.values(), key=lambda r: r["type"]),
        "functional": sorted(mode.ops.values(), key=lambda r: r["op"]),
        "unclassified": sorted(unclassified) + mode.unknown,
    }


def main():
    global CORPUS
    if len(sys.argv) < 2 or not os.path.isdir(sys.argv[1]):
        print("usage: corpus_models.py CHECKOUTS [FOLDER...]  (CHECKOUTS: one checkout per repository, test/corpus/README.md)")
        return 2
    CORPUS = os.path.realpath(sys.argv[1])
    if CORPUS == REPO or CORPUS.startswith(REPO + os.sep):
        print("the checkouts stay outside this repository")
        return 2
    only = sys.argv[2:]
    models = []
    for folder in sorted(os.listdir(LISTS)):
        manifest = os.path.join(LISTS, folder, "models.json")
        if not os.path.isfile(manifest) or (only and folder not in only):
            continue
        with open(manifest) as f:
            entries = json.load(f)
        for entry in entries:
            t0 = time.time()
            row = {"id": "%s/%s" % (folder, entry["name"]), "folder": folder, **entry}
            try:
                row.update(measure(folder, entry))
            except Exception as e:  # noqa: BLE001 -- an entry that does not run is a corpus bug: reported, exit 1
                row["error"] = "%s: %s" % (type(e).__name__, e)
            models.append(row)
            print("%-62s params %11s  multAdds %14s  %s(%.1fs)" % (
                row["id"], row.get("params"), row.get("multAdds"), ("ERROR " + row["error"] + " ") if "error" in row else
                ("unclassified %s " % row["unclassified"] if row.get("unclassified") else ""), time.time() - t0), flush=True)
    if only:
        return 0
    doc = {
        "meta": {"torch": torch.__version__, "script": "test/oracle/corpus_models.py",
                 "conventions": "params: model.parameters(); Mult-Adds: torch.nn leaf units by torch_layers.cost, "
                                "plus matmul/einsum/F.linear/F.conv* outside them (docs/conventions.md)"},
        "models": models,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    failed = [m["id"] for m in models if "error" in m]
    print("%d models, %d failed %s" % (len(models), len(failed), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
