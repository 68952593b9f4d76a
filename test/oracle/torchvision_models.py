#!/usr/bin/env python3
"""Per-layer reference costs for torchvision 0.14 models, computed with real PyTorch.

Each model is built with weights=None, put in eval mode and run once under
torch.no_grad() on a batch-1 float32 input. Forward hooks sit on every leaf
module, plus nn.MultiheadAttention treated as one unit (its children are not
hooked). Each hook call gives one layer row (a module called three times gives
three rows). multAdds / otherOps per row use the formulas of torch_layers.py
(docs/counting-conventions.md). Leaf types those formulas do not know get 0 and
are listed under "unclassifiedLeafTypes". Functional ops (operator.add,
torch.cat, F.relu, ...) come from a torch.fx trace with the same leaves and are
reported separately ("functionalOps"); they are not part of "totals" except in
totals.multAddsInclFunctional.

Before writing, the script checks that it reproduces the models section of the
shared oracle (test/data/pytorch-reference.json) and records the
result under meta.sharedOracleCheck.

Output: test/data/torchvision-models.reference.json

Regenerate (Debian bookworm: torch 1.13.1, torchvision 0.14.1):
    apt-get install python3-torchvision && /usr/bin/python3 test/oracle/torchvision_models.py
"""

import inspect
import json
import os
import sys
import time
import warnings

import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision import models as tvm

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in test/oracle
import torch_layers  # noqa: E402  (same formulas as the single-layer oracle)

REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(REPO, "test", "data", "torchvision-models.reference.json")
SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "pytorch-reference.json")

# name, constructor kwargs (besides weights=None), input shape
SHARED_MODELS = [
    ("resnet18", {}, [1, 3, 224, 224]),
    ("resnet50", {}, [1, 3, 224, 224]),
    ("mobilenet_v2", {}, [1, 3, 224, 224]),
    ("shufflenet_v2_x1_0", {}, [1, 3, 224, 224]),
    ("squeezenet1_1", {}, [1, 3, 224, 224]),
    ("vgg16", {}, [1, 3, 224, 224]),
    ("alexnet", {}, [1, 3, 224, 224]),
]
NEW_MODELS = [
    ("resnext50_32x4d", {}, [1, 3, 224, 224]),
    ("wide_resnet50_2", {}, [1, 3, 224, 224]),
    ("mobilenet_v3_small", {}, [1, 3, 224, 224]),
    ("mobilenet_v3_large", {}, [1, 3, 224, 224]),
    ("densenet121", {}, [1, 3, 224, 224]),
    ("googlenet", {"aux_logits": False, "init_weights": False}, [1, 3, 224, 224]),
    ("inception_v3", {"aux_logits": False, "init_weights": False}, [1, 3, 299, 299]),
    ("mnasnet0_5", {}, [1, 3, 224, 224]),
    ("efficientnet_b0", {}, [1, 3, 224, 224]),
    ("regnet_y_400mf", {}, [1, 3, 224, 224]),
    ("convnext_tiny", {}, [1, 3, 224, 224]),
    ("vit_b_16", {}, [1, 3, 224, 224]),
    ("shufflenet_v2_x0_5", {}, [1, 3, 224, 224]),
    ("squeezenet1_0", {}, [1, 3, 224, 224]),
    ("vgg11_bn", {}, [1, 3, 224, 224]),
    ("resnet101", {}, [1, 3, 224, 224]),
]

# torchvision >= 0.15 publishes "_ops" (GFLOPS, which are giga-multAdds) in the
# weights meta; 0.14 does not. Values copied from torchvision's model files
# (pytorch/vision, torchvision/models/*.py, weights meta "_ops").
PUBLISHED_GFLOPS_TV015 = {
    "resnet18": 1.814, "resnet50": 4.089, "mobilenet_v2": 0.301,
    "shufflenet_v2_x1_0": 0.145, "squeezenet1_1": 0.349, "vgg16": 15.47, "alexnet": 0.714,
    "resnext50_32x4d": 4.23, "wide_resnet50_2": 11.398, "mobilenet_v3_small": 0.057,
    "mobilenet_v3_large": 0.217, "densenet121": 2.834, "googlenet": 1.498, "inception_v3": 5.713,
    "mnasnet0_5": 0.104, "efficientnet_b0": 0.386, "regnet_y_400mf": 0.402,
    "convnext_tiny": 4.456, "vit_b_16": 17.564, "shufflenet_v2_x0_5": 0.04,
    "squeezenet1_0": 0.819, "vgg11_bn": 7.609, "resnet101": 7.801,
}

CATEGORY = {}
for _t in torch_layers.CONV:
    CATEGORY[_t] = "conv"
for _t in torch_layers.CONVT:
    CATEGORY[_t] = "convtranspose"
for _t in torch_layers.NORM:
    CATEGORY[_t] = "norm"
for _t in torch_layers.ACTIVATION:
    CATEGORY[_t] = "activation"
for _t in torch_layers.POOL:
    CATEGORY[_t] = "pool"
for _t in torch_layers.UPSAMPLE:
    CATEGORY[_t] = "upsample"
for _t in torch_layers.RNN | torch_layers.CELL:
    CATEGORY[_t] = "rnn"
for _t in ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"):
    CATEGORY[_t] = "dropout(noop-eval)"
for _t in ("Flatten", "Unflatten", "Identity", "PixelShuffle", "PixelUnshuffle", "ChannelShuffle"):
    CATEGORY[_t] = "reshape"
for _t in ("ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ReflectionPad1d",
           "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d",
           "ReplicationPad3d"):
    CATEGORY[_t] = "padding"
CATEGORY.update({"Linear": "linear", "Bilinear": "linear", "Embedding": "embedding",
                 "EmbeddingBag": "embedding", "MultiheadAttention": "attention",
                 "TransformerEncoderLayer": "attention", "TransformerDecoderLayer": "attention"})

# Leaf types that do no work in eval mode (excluded from memoryAccessCostExclNoopModules).
NOOP_EVAL = {"Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
             "FeatureAlphaDropout", "Identity", "StochasticDepth"}

ATTR_NAMES = ["in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation",
              "groups", "output_padding", "padding_mode", "num_features", "eps", "momentum",
              "affine", "track_running_stats", "normalized_shape", "elementwise_affine",
              "num_groups", "num_channels", "inplace", "min_val", "max_val", "negative_slope",
              "approximate", "dim", "ceil_mode", "return_indices", "count_include_pad",
              "divisor_override", "output_size", "in_features", "out_features", "p",
              "embed_dim", "num_heads", "kdim", "vdim", "dropout", "batch_first",
              "start_dim", "end_dim", "scale_factor", "size", "mode", "align_corners",
              "dims", "groups", "upscale_factor"]


def jsonable(v):
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    if isinstance(v, (tuple, list)):
        out = [jsonable(x) for x in v]
        return None if any(x is _BAD for x in out) else out
    if isinstance(v, torch.Size):
        return list(v)
    return _BAD


_BAD = object()


def attrs_of(m):
    names = list(getattr(type(m), "__constants__", [])) + ATTR_NAMES
    attrs = {}
    for n in names:
        if n in attrs or not hasattr(m, n):
            continue
        if n == "dropout" and isinstance(getattr(m, n), nn.Module):
            continue
        v = jsonable(getattr(m, n))
        if v is not _BAD:
            attrs[n] = v
    if hasattr(m, "bias") and not isinstance(getattr(m, "bias"), bool):
        attrs["bias"] = getattr(m, "bias") is not None
    elif isinstance(getattr(m, "bias", None), bool):
        attrs["bias"] = m.bias
    if type(m).__name__ == "StochasticDepth":
        attrs["p"] = m.p
        attrs["mode"] = m.mode
    return attrs


def nested_shapes(o):
    if isinstance(o, torch.Tensor):
        return list(o.shape)
    if isinstance(o, (tuple, list)):
        return [nested_shapes(x) for x in o]
    return None


def tensors_in(o):
    if isinstance(o, torch.Tensor):
        return [o]
    if isinstance(o, (tuple, list)):
        res = []
        for x in o:
            res.extend(tensors_in(x))
        return res
    if isinstance(o, dict):
        res = []
        for x in o.values():
            res.extend(tensors_in(x))
        return res
    return []


def prod(xs):
    p = 1
    for x in xs:
        p *= int(x)
    return p


CONTAINERS = (nn.Sequential, nn.ModuleList, nn.ModuleDict)


def is_unit(m):
    """Hooked units: nn.MultiheadAttention as one unit, and every leaf module.
    Empty containers (ShuffleNet's stride-1 `branch1 = nn.Sequential()`) are not layers."""
    if isinstance(m, nn.MultiheadAttention):
        return True
    return len(list(m.children())) == 0 and not isinstance(m, CONTAINERS)


def find_units(model):
    units = []  # (name, module)

    def walk(prefix, m):
        if is_unit(m):
            units.append((prefix, m))
            return
        for child_name, child in m.named_children():
            walk(prefix + "." + child_name if prefix else child_name, child)

    walk("", model)
    return units


def layer_cost(m, in_shapes, out_shapes):
    try:
        return torch_layers.cost(m, in_shapes, out_shapes), True
    except KeyError:
        pass
    # A subclass of a torch.nn layer (convnext's LayerNorm2d(nn.LayerNorm)) is counted as that layer.
    for base in type(m).__mro__[1:]:
        if base.__module__.startswith("torch.nn") and base is not nn.Module:
            try:
                return torch_layers.cost(m, in_shapes, out_shapes, base.__name__), True
            except KeyError:
                continue
    return (0, 0), False


# --------------------------------------------------------------------------
# Functional ops from torch.fx
# --------------------------------------------------------------------------

VIEW_METHODS = {"view", "reshape", "flatten", "transpose", "permute", "chunk", "split",
                "unsqueeze", "squeeze", "expand", "unbind", "narrow", "t", "unflatten"}
ELEMENTWISE_FUNCS = {"add", "mul", "sub", "truediv", "iadd", "imul", "div", "neg"}
ACT_FUNCS = {"relu", "relu6", "sigmoid", "tanh", "hardswish", "hardsigmoid", "silu", "gelu",
             "softmax", "log_softmax", "elu", "leaky_relu", "hardtanh", "mish"}
POOL_FUNCS = {"adaptive_avg_pool2d", "adaptive_max_pool2d", "avg_pool2d", "max_pool2d",
              "avg_pool1d", "max_pool1d", "mean", "amax", "sum"}
NOOP_FUNCS = {"dropout", "contiguous_noop", "_assert", "size", "dim"}


def target_name(node):
    t = node.target
    if node.op == "call_method":
        return "Tensor." + t
    mod = getattr(t, "__module__", None) or ""
    name = getattr(t, "__name__", str(t))
    if mod in ("_operator", "operator"):
        return "operator." + name
    if mod.startswith("torch.nn.functional") or getattr(F, name, None) is t:
        return "F." + name  # F.avg_pool2d is torch._C._nn.avg_pool2d
    if mod.startswith("torch") or mod == "" or mod is None:
        return "torch." + name
    return mod + "." + name


def classify_functional(tname, in_tensors, out_tensors):
    """Return (category, multAdds, otherOps, memoryAccessCost) or None if unknown."""
    short = tname.split(".")[-1]
    in_el = sum(t.numel() for t in in_tensors)
    out_el = sum(t.numel() for t in out_tensors)
    if tname == "operator.getitem" or short in VIEW_METHODS:
        return "view/reshape", 0, 0, 0
    if short == "contiguous":
        return "copy", 0, 0, in_el + out_el
    if short == "cat" or short == "stack":
        return "concat", 0, 0, in_el + out_el
    if short in ("dropout", "_assert", "dim", "size"):
        return "noop", 0, 0, 0
    if short in ELEMENTWISE_FUNCS:
        return "elementwise", 0, out_el, in_el + out_el
    if short in ACT_FUNCS:
        return "activation", 0, out_el, in_el + out_el
    if short in POOL_FUNCS:
        return "pool", 0, out_el, in_el + out_el
    if short in ("matmul", "bmm", "mm"):
        a, b = in_tensors[0], in_tensors[1]
        k = a.shape[-1]
        o = out_tensors[0]
        return "matmul", prod(o.shape) * k, 0, in_el + out_el
    if short == "layer_norm" or short == "batch_norm":
        return "norm", 0, out_el, in_el + out_el
    return None


def _proxy_iter_py311(self):
    """torch 1.13's Proxy.__iter__ finds the calling instruction with f_lasti // 2, which is
    wrong on Python 3.11 (inline CACHE entries), so `a, b, c, d = x.size()` fails to trace.
    Same logic, looking the instruction up by byte offset instead."""
    import dis
    frame = inspect.currentframe()
    calling_frame = frame.f_back
    inst = None
    for i in dis.get_instructions(calling_frame.f_code):
        if i.offset == calling_frame.f_lasti:
            inst = i
            break
    if inst is not None and inst.opname == "UNPACK_SEQUENCE":
        return (self[i] for i in range(inst.argval))
    return self.tracer.iter(self)


if sys.version_info >= (3, 11):
    torch.fx.proxy.Proxy.__iter__ = _proxy_iter_py311


class LeafTracer(torch.fx.Tracer):
    def __init__(self, unit_ids):
        super().__init__()
        self.unit_ids = unit_ids

    def is_leaf_module(self, m, qualname):
        return id(m) in self.unit_ids


class Recorder(torch.fx.Interpreter):
    def __init__(self, gm):
        super().__init__(gm)
        self.values = {}

    def run_node(self, n):
        res = super().run_node(n)
        self.values[n.name] = res
        return res


def functional_ops(model, units, x):
    unit_ids = {id(m) for _, m in units}
    tracer = LeafTracer(unit_ids)
    graph = tracer.trace(model)
    gm = torch.fx.GraphModule(tracer.root, graph)
    rec = Recorder(gm)
    with torch.no_grad():
        rec.run(x)
    ops, unclassified = [], []
    module_calls = 0
    non_tensor = 0
    for node in graph.nodes:
        if node.op == "call_module":
            module_calls += 1
            continue
        if node.op not in ("call_function", "call_method"):
            continue
        out = rec.values.get(node.name)
        outs = tensors_in(out)
        if not outs:
            non_tensor += 1
            continue
        args = []
        for a in list(node.args) + list(node.kwargs.values()):
            for leaf in _flat_args(a):
                if isinstance(leaf, torch.fx.Node):
                    args.extend(tensors_in(rec.values.get(leaf.name)))
        tname = target_name(node)
        c = classify_functional(tname, args, outs)
        if c is None:
            unclassified.append(tname)
            c = ("unclassified", 0, 0, 0)
        cat, ma, oo, mac = c
        out_shape = nested_shapes(out)
        ops.append({"node": node.name, "op": node.op, "target": tname, "category": cat,
                    "inputShapes": [list(t.shape) for t in args], "outputShape": out_shape,
                    "otherOps": oo, "multAdds": ma, "memoryAccessCost": mac})
    counts = {}
    for o in ops:
        counts[o["target"]] = counts.get(o["target"], 0) + 1
    totals = {"count": len(ops), "otherOps": sum(o["otherOps"] for o in ops),
              "multAdds": sum(o["multAdds"] for o in ops),
              "memoryAccessCost": sum(o["memoryAccessCost"] for o in ops),
              "countByTarget": counts, "fxModuleCalls": module_calls,
              "fxNonTensorNodes": non_tensor, "unclassifiedTargets": sorted(set(unclassified))}
    return ops, totals


def _flat_args(a):
    if isinstance(a, (tuple, list)):
        for x in a:
            yield from _flat_args(x)
    elif isinstance(a, dict):
        for x in a.values():
            yield from _flat_args(x)
    else:
        yield a


# --------------------------------------------------------------------------
# One model
# --------------------------------------------------------------------------

def build(name, kwargs):
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(tvm, name)(weights=None, **kwargs)


def analyze(name, kwargs, input_shape, with_fx=True):
    model = build(name, kwargs).eval()
    units = find_units(model)
    unit_names = {id(m): n for n, m in units}
    rows = []
    call_counter = {}
    unclassified = {}

    # torch 1.13 forward hooks do not see keyword arguments (ViT calls
    # self_attention(query=x, key=x, value=x, need_weights=False)), so each unit's
    # forward is wrapped to capture its bound arguments, in signature order.
    captured = {}

    def capture(m):
        orig = m.forward
        sig = inspect.signature(orig)

        def forward(*args, **kwargs):
            captured[id(m)] = sig.bind(*args, **kwargs).arguments
            return orig(*args, **kwargs)
        m.forward = forward

    def hook(m, inputs, output):
        n = unit_names[id(m)]
        idx = call_counter.get(n, 0)
        call_counter[n] = idx + 1
        bound = captured.pop(id(m), None)
        ins = tensors_in(list(bound.values())) if bound is not None else tensors_in(inputs)
        outs = tensors_in(output)
        in_shapes = [list(t.shape) for t in ins]
        out_shapes = [list(t.shape) for t in outs]
        t = type(m).__name__
        (mult, other), known = layer_cost(m, in_shapes, out_shapes)
        if not known:
            d = unclassified.setdefault(t, {"type": t, "module": type(m).__module__,
                                            "bases": [b.__name__ for b in type(m).__mro__[1:]
                                                      if b not in (object, nn.Module)],
                                            "calls": 0, "examples": []})
            d["calls"] += 1
            if len(d["examples"]) < 3:
                d["examples"].append(n)
        params = sum(p.numel() for p in m.parameters())
        in_el = sum(x.numel() for x in ins)
        out_el = sum(x.numel() for x in outs)
        rows.append({
            "name": n, "callIndex": idx, "type": t,
            "category": CATEGORY.get(t, "unclassified"),
            "attrs": attrs_of(m),
            "inputShape": in_shapes[0] if in_shapes else None,
            "inputShapes": in_shapes if len(in_shapes) != 1 else None,
            "outputShape": out_shapes[0] if out_shapes else None,
            "outputShapes": nested_shapes(output) if not isinstance(output, torch.Tensor) else None,
            "params": params,
            "paramsDetail": {pn: p.numel() for pn, p in m.named_parameters()},
            "bufferElements": sum(b.numel() for b in m.buffers()),
            "multAdds": mult, "flops": 2 * mult, "otherOps": other,
            "inputElements": in_el, "outputElements": out_el,
            "memoryAccessCost": in_el + out_el + params,
        })

    handles = []
    for _, m in units:
        capture(m)
        handles.append(m.register_forward_hook(hook))
    x = torch.randn(*input_shape)
    with torch.no_grad():
        out = model(x)
    for h in handles:
        h.remove()
    for _, m in units:
        del m.forward  # back to the class method

    # parameters not owned by any hooked unit (e.g. ViT class_token, ConvNeXt layer_scale)
    unit_param_ids = set()
    for _, m in units:
        for p in m.parameters():
            unit_param_ids.add(id(p))
    outside = {pn: p.numel() for pn, p in model.named_parameters() if id(p) not in unit_param_ids}
    params_in_leaf = sum(p.numel() for p in model.parameters() if id(p) in unit_param_ids)
    total_params = sum(p.numel() for p in model.parameters())
    uncalled = [n for n, _ in units if n not in call_counter]

    by_cat = {}
    for r in rows:
        by_cat[r["category"]] = by_cat.get(r["category"], 0) + r["multAdds"]

    # MAC identity for 1x1 convs (ShuffleNet V2 paper): h*w*(c1+c2) + c1*c2 (+ c2 bias)
    ident = {"formula": "memoryAccessCost == h*w*(c1+c2) + params (params = c1*c2, + c2 with bias)",
             "conv1x1Count": 0, "applicable(stride1,pad0,groups1)": 0, "holds": 0, "failures": []}
    for r in rows:
        if r["type"] == "Conv2d" and r["attrs"]["kernel_size"] == [1, 1]:
            ident["conv1x1Count"] += 1
            a = r["attrs"]
            if a["stride"] == [1, 1] and a["padding"] == [0, 0] and a["groups"] == 1:
                ident["applicable(stride1,pad0,groups1)"] += 1
                _, c1, h, w = r["inputShape"]
                c2 = r["outputShape"][1]
                expect = h * w * (c1 + c2) + r["params"]
                if expect == r["memoryAccessCost"]:
                    ident["holds"] += 1
                else:
                    ident["failures"].append(r["name"])

    mult = sum(r["multAdds"] for r in rows)
    entry = {
        "input": input_shape,
        "output": list(out.shape) if isinstance(out, torch.Tensor) else nested_shapes(out),
        "totals": {
            "params": total_params,
            "paramsInLeafModules": params_in_leaf,
            "paramsOutsideLeafModules": sum(outside.values()),
            "multAdds": mult,
            "flops": 2 * mult,
            "GMultAdds": round(mult / 1e9, 3),
            "otherOps": sum(r["otherOps"] for r in rows),
            "memoryAccessCost": sum(r["memoryAccessCost"] for r in rows),
            "memoryAccessCostExclNoopModules": sum(r["memoryAccessCost"] for r in rows
                                                   if r["type"] not in NOOP_EVAL),
            "bufferElementsReadOncePerCall": sum(r["bufferElements"] for r in rows),
            "leafModuleCount": len(units),
            "leafCallCount": len(rows),
        },
        "paramsOutsideLeafModules": outside,
        "uncalledLeafModules": uncalled,
        "multAddsByCategory": by_cat,
        "mac1x1Identity": ident,
        "unclassifiedLeafTypes": sorted(unclassified),
        "unclassifiedLeafDetail": [unclassified[k] for k in sorted(unclassified)],
    }

    if with_fx:
        try:
            ops, ftot = functional_ops(model, units, x)
            ftot["moduleCallsMatchHookCalls"] = ftot["fxModuleCalls"] == len(rows)
            entry["functionalOps"] = ops
            entry["functionalTotals"] = ftot
            entry["fxStatus"] = "ok"
            entry["totals"]["multAddsInclFunctional"] = mult + ftot["multAdds"]
        except Exception as e:  # noqa: BLE001
            entry["functionalOps"] = []
            entry["functionalTotals"] = None
            entry["fxStatus"] = "failed: %s: %s" % (type(e).__name__, str(e).splitlines()[0][:300])
            entry["totals"]["multAddsInclFunctional"] = None

    entry["constructorKwargs"] = dict({"weights": None}, **kwargs)
    src = inspect.getsourcefile(getattr(tvm, name))
    entry["sourceFile"] = src[src.index("torchvision/"):] if "torchvision/" in src else src
    entry["published"], entry["comparison"] = published(name, kwargs, entry)
    # keep the field order of the shared oracle: layers after the summary fields
    entry["layers"] = rows
    return entry


def published(name, kwargs, entry):
    try:
        enum = tvm.get_model_weights(name)
        w = list(enum)[0]
        pub = {"weights": "%s.%s" % (enum.__name__, w.name), "num_params": w.meta.get("num_params"),
               "_ops_in_installed_0_14_meta": w.meta.get("_ops"),
               "crop_size": (w.transforms().crop_size[0]
                             if hasattr(w.transforms(), "crop_size") else None),
               "published_GFLOPS_from_tv_0_15plus": PUBLISHED_GFLOPS_TV015.get(name)}
    except Exception as e:  # noqa: BLE001
        return {"error": str(e)}, {}
    t = entry["totals"]
    cmp = {"paramsMatch": t["params"] == pub["num_params"], "paramsMatchWithAuxLogits": None}
    if kwargs.get("aux_logits") is False:
        with_aux = build(name, dict(kwargs, aux_logits=True))
        n_aux = sum(p.numel() for p in with_aux.parameters())
        cmp["paramsWithAuxLogits"] = n_aux
        cmp["paramsMatchWithAuxLogits"] = n_aux == pub["num_params"]
    g = pub["published_GFLOPS_from_tv_0_15plus"]
    cmp["GMultAdds_rounded3"] = round(t["multAdds"] / 1e9, 3)
    incl = t.get("multAddsInclFunctional")
    cmp["GMultAddsInclFunctional_rounded3"] = round(incl / 1e9, 3) if incl is not None else None
    cmp["opsMatchAsGMultAdds"] = None if g is None else (
        cmp["GMultAdds_rounded3"] == g or cmp["GMultAddsInclFunctional_rounded3"] == g)
    cmp["opsMatchAsGFLOPs(2x)"] = None if g is None else round(2 * t["multAdds"] / 1e9, 3) == g
    return pub, cmp


# --------------------------------------------------------------------------
# Check against the shared oracle
# --------------------------------------------------------------------------

def compare_with_shared(name, mine, ref):
    res = {"model": name, "totals": {}, "layerMismatches": [], "functional": {}}
    for k in ("params", "multAdds", "otherOps", "memoryAccessCost", "paramsInLeafModules",
              "memoryAccessCostExclNoopModules", "bufferElementsReadOncePerCall",
              "leafModuleCount", "leafCallCount", "multAddsInclFunctional"):
        a, b = mine["totals"].get(k), ref["totals"].get(k)
        res["totals"][k] = {"mine": a, "shared": b, "equal": a == b}
    la, lb = mine["layers"], ref["layers"]
    if len(la) != len(lb):
        res["layerMismatches"].append({"what": "layer count", "mine": len(la), "shared": len(lb)})
    for i, (a, b) in enumerate(zip(la, lb)):
        for k in ("name", "callIndex", "type", "category", "inputShape", "outputShape", "params",
                  "bufferElements", "multAdds", "otherOps", "inputElements", "outputElements",
                  "memoryAccessCost", "attrs"):
            if a.get(k) != b.get(k):
                res["layerMismatches"].append({"index": i, "name": b.get("name"), "field": k,
                                               "mine": a.get(k), "shared": b.get(k)})
    fa, fb = mine.get("functionalTotals") or {}, ref.get("functionalTotals") or {}
    for k in ("count", "otherOps", "multAdds", "memoryAccessCost", "countByTarget", "fxModuleCalls",
              "fxNonTensorNodes"):
        res["functional"][k] = {"mine": fa.get(k), "shared": fb.get(k), "equal": fa.get(k) == fb.get(k)}
    for k in ("mac1x1Identity", "uncalledLeafModules", "paramsOutsideLeafModules",
              "multAddsByCategory", "output"):
        a = mine.get(k)
        b = ref.get(k)
        if k == "mac1x1Identity":
            a = {kk: vv for kk, vv in a.items() if kk != "formula"}
        if a != b:
            res.setdefault("otherMismatches", {})[k] = {"mine": a, "shared": b}
    res["exactTotals"] = all(res["totals"][k]["equal"]
                             for k in ("params", "multAdds", "otherOps", "memoryAccessCost"))
    res["exactLayers"] = not res["layerMismatches"]
    return res


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def write_json(path, doc):
    """Pretty at the top, one line per layer / functional op, to keep the file small."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("{\n")
        f.write('  "meta": ' + json.dumps(doc["meta"], indent=2).replace("\n", "\n  ") + ",\n")
        f.write('  "models": {\n')
        names = list(doc["models"])
        for mi, name in enumerate(names):
            entry = doc["models"][name]
            f.write("    %s: {\n" % json.dumps(name))
            keys = list(entry)
            for ki, k in enumerate(keys):
                v = entry[k]
                sep = "," if ki < len(keys) - 1 else ""
                if k in ("layers", "functionalOps") and isinstance(v, list):
                    f.write("      %s: [\n" % json.dumps(k))
                    for i, r in enumerate(v):
                        f.write("        " + json.dumps(r) + ("," if i < len(v) - 1 else "") + "\n")
                    f.write("      ]%s\n" % sep)
                else:
                    f.write("      %s: %s%s\n" % (json.dumps(k), json.dumps(v), sep))
            f.write("    }" + ("," if mi < len(names) - 1 else "") + "\n")
        f.write("  }\n}\n")


def main():
    only = sys.argv[1:]
    with open(SHARED) as f:
        shared = json.load(f)["models"]

    checks = []
    for name, kwargs, shape in SHARED_MODELS:
        if only and name not in only:
            continue
        mine = analyze(name, kwargs, shape)
        c = compare_with_shared(name, mine, shared[name])
        checks.append(c)
        print("check %-20s totals %s  layers %s  (%d layer mismatches)" % (
            name, "EXACT" if c["exactTotals"] else "MISMATCH",
            "EXACT" if c["exactLayers"] else "DIFF", len(c["layerMismatches"])), flush=True)
        if not c["exactTotals"]:
            print(json.dumps(c["totals"], indent=1), flush=True)

    failed = [c["model"] for c in checks if not c["exactTotals"]]
    if failed:
        print("shared-oracle totals differ for %s; not writing the output" % failed, file=sys.stderr)
        sys.exit(1)

    out_models = {}
    for name, kwargs, shape in NEW_MODELS:
        if only and name not in only:
            continue
        t0 = time.time()
        entry = analyze(name, kwargs, shape)
        out_models[name] = entry
        t = entry["totals"]
        print("%-20s params %12d  multAdds %14d  otherOps %11d  MAC %12d  fx %s  unclassified %s  (%.1fs)" % (
            name, t["params"], t["multAdds"], t["otherOps"], t["memoryAccessCost"],
            entry["fxStatus"], entry["unclassifiedLeafTypes"], time.time() - t0), flush=True)

    if only:
        return

    doc = {
        "meta": {
            "torch": torch.__version__,
            "torchvision": torchvision.__version__,
            "python": sys.version.split()[0],
            "generatedBy": "test/oracle/torchvision_models.py",
            "batch": 1, "dtype": "float32", "mode": "eval, torch.no_grad(), weights=None",
            "conventions": (
                "Same layout and conventions as the models section of the shared oracle "
                "(pytorch-reference.json). Forward hooks on leaf modules plus "
                "nn.MultiheadAttention as one unit (children not hooked); one row per call. "
                "Per-row multAdds/otherOps use test/oracle/torch_layers.py's formulas "
                "(docs/counting-conventions.md); leaf types those formulas do not cover count 0 "
                "and are listed in unclassifiedLeafTypes (with module, base classes and call "
                "count in unclassifiedLeafDetail). inputElements counts every tensor passed to "
                "forward (ViT's self-attention is called as mha(x, x, x), so x counts 3 times). "
                "memoryAccessCost = inputElements + outputElements + params, per call. totals "
                "sum the rows, except params (all model parameters, including those owned by "
                "non-leaf modules: see paramsOutsideLeafModules; they are not in any row's "
                "memoryAccessCost). memoryAccessCostExclNoopModules drops Dropout*, Identity "
                "and StochasticDepth rows (identity in eval). functionalOps: call_function / "
                "call_method nodes of a torch.fx trace whose leaves are the hooked units: "
                "elementwise/activation/pool ops count output elements as otherOps and "
                "inputs+output as memoryAccessCost; cat and contiguous count inputs+output as "
                "memoryAccessCost; views count 0; matmul counts m*k*n multAdds. functionalOps "
                "are not in totals except multAddsInclFunctional."),
            "sharedOracleCheck": checks,
            "models": [n for n, _, _ in NEW_MODELS],
        },
        "models": out_models,
    }
    write_json(OUT, doc)
    json.load(open(OUT))
    print("wrote %s (%.2f MB)" % (os.path.relpath(OUT, REPO), os.path.getsize(OUT) / 1e6))


if __name__ == "__main__":
    main()
