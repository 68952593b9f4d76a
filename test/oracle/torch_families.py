#!/usr/bin/env python3
"""Generated cases for the torch operation families of src/core/eval/torchFamilies.ts, run by real PyTorch 1.13.

Each family has one shape rule in the engine; every name in it is tried here on shapes drawn at random (a fixed
seed), in its function form (torch.X) and its method form (t.X) where PyTorch has one, including arguments PyTorch
refuses. A case records the shapes and dtypes of what the expression gives, or that PyTorch raised.
test/unit/torchFamilies.test.ts runs each through the engine: the same shapes and dtypes, or an error at the line.

Output: test/data/torch-families.reference.json
Regenerate: /usr/bin/python3 test/oracle/torch_families.py
"""

import json
import os
import random

import torch

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "torch-families.reference.json"))
rng = random.Random(30)
# torch seeded too, so that the values of random inputs (and of results recorded for small tensors) are the same each time
torch.manual_seed(30)

UNARY = ["sign", "sgn", "erf", "erfc", "erfinv", "reciprocal", "rsqrt", "floor", "ceil", "trunc", "frac", "fix", "sinh", "cosh", "tan",
         "asin", "acos", "atan", "asinh", "acosh", "atanh", "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh", "expm1", "log1p",
         "log2", "log10", "exp2", "square", "positive", "negative", "digamma", "lgamma", "logit", "i0", "deg2rad", "rad2deg", "nan_to_num"]
PREDICATES = ["isnan", "isinf", "isfinite", "isposinf", "isneginf", "isreal", "logical_not", "signbit"]
BINARY = ["maximum", "minimum", "fmax", "fmin", "fmod", "remainder", "atan2", "arctan2", "hypot", "copysign", "floor_divide", "true_divide",
          "multiply", "subtract", "logaddexp", "logaddexp2", "xlogy", "float_power", "nextafter"]
COMPARISONS = ["eq", "ne", "lt", "gt", "le", "ge", "greater", "less", "greater_equal", "less_equal", "not_equal", "logical_and", "logical_or",
               "logical_xor", "isclose"]
TERNARY = ["lerp", "addcmul", "addcdiv"]
MOVES = ["cumsum", "cumprod", "logcumsumexp"]
REDUCTIONS = ["logsumexp", "prod", "nansum", "nanmean", "all", "any"]


def shape(rank=None):
    rank = rng.randint(1, 4) if rank is None else rank
    return [rng.randint(1, 5) for _ in range(rank)]


def broadcastable(s):
    """A shape that broadcasts with s (trailing dims equal or 1, maybe fewer dims)."""
    k = rng.randint(0, len(s))
    return [d if rng.random() < 0.6 else 1 for d in s[len(s) - k:]] or [1]


def clash(s):
    """A shape that does not broadcast with s: a trailing dim of another size, neither 1."""
    t = list(s)
    t[-1] = s[-1] + 2 if s[-1] > 1 else 3
    return t


def t(s, dtype="float"):
    if dtype == "long":
        return f"torch.randint(0, 3, {tuple(s)})"
    if dtype == "bool":
        return f"torch.randn({tuple(s)}) > 0"
    return f"torch.randn({tuple(s)})"


cases = []


def case(family, name, setup, expr):
    cases.append({"family": family, "name": name, "setup": setup, "expr": expr})


for n in UNARY:
    s = shape()
    case("unary", n, f"x = {t(s)}", f"torch.{n}(x)")
    case("unary", n, f"x = {t(shape())}", f"x.{n}()")
for n in PREDICATES:
    case("predicate", n, f"x = {t(shape())}", f"torch.{n}(x)")
for n in BINARY + COMPARISONS:
    fam = "binary" if n in BINARY else "comparison"
    s = shape()
    case(fam, n, f"x = {t(s)}\ny = {t(broadcastable(s))}", f"torch.{n}(x, y)")
    case(fam, n, f"x = {t(s)}", f"torch.{n}(x, 2.0)" if n not in ("logical_and", "logical_or", "logical_xor", "isclose", "nextafter", "copysign", "xlogy", "float_power") else f"torch.{n}(x, x)")
    case(fam, n, f"x = {t(s)}\ny = {t(clash(s))}", f"torch.{n}(x, y)")
    case(fam, n, f"x = {t(s)}\ny = {t(broadcastable(s))}", f"x.{n}(y)")
for n in TERNARY:
    s = shape()
    third = f"{t(broadcastable(s))}" if n != "lerp" else "0.5"
    case("ternary", n, f"x = {t(s)}\ny = {t(broadcastable(s))}\nz = {third}", f"torch.{n}(x, y, z)")
    case("ternary", n, f"x = {t(s)}\ny = {t(clash(s))}\nz = {third}", f"torch.{n}(x, y, z)")
for n in ["roll", "flip"]:
    s = shape()
    d = rng.randrange(len(s))
    case("move", n, f"x = {t(s)}", f"torch.roll(x, 1, {d})" if n == "roll" else f"torch.flip(x, ({d},))")
    case("move", n, f"x = {t(s)}", f"x.roll(shifts=2)" if n == "roll" else f"x.flip({d})")
for n in ["fliplr", "flipud"]:
    case("move", n, f"x = {t(shape(rng.randint(2, 4)))}", f"torch.{n}(x)")
for n in MOVES:
    s = shape()
    case("move", n, f"x = {t(s)}", f"torch.{n}(x, {rng.randrange(len(s))})")
    case("move", n, f"x = {t(s)}", f"x.{n}(dim={len(s) + 1})")
for n in REDUCTIONS:
    s = shape(rng.randint(2, 4))
    dim = rng.randrange(len(s))
    if n in ("logsumexp",):
        case("reduction", n, f"x = {t(s)}", f"torch.{n}(x, {dim})")
        case("reduction", n, f"x = {t(s)}", f"x.{n}(dim=({dim}, -1), keepdim=True)")
    elif n == "prod":
        case("reduction", n, f"x = {t(s)}", "torch.prod(x)")
        case("reduction", n, f"x = {t(s)}", f"x.prod({dim}, keepdim=True)")
    else:
        case("reduction", n, f"x = {t(s)}", f"torch.{n}(x)")
        case("reduction", n, f"x = {t(s)}", f"x.{n}({dim})")
for n in ["scatter", "scatter_add", "index_add", "index_copy", "index_fill"]:
    s = shape(rng.randint(2, 3))
    if n in ("scatter", "scatter_add"):
        case("into-input", n, f"x = {t(s)}\ni = torch.zeros({tuple(s)}, dtype=torch.long)\nsrc = {t(s)}", f"torch.{n}(x, 0, i, src)")
    elif n == "index_fill":
        case("into-input", n, f"x = {t(s)}\ni = torch.tensor([0])", f"x.index_fill(0, i, 1.0)")
    else:
        case("into-input", n, f"x = {t(s)}\ni = torch.tensor([0])\nsrc = {t([1] + s[1:])}", f"x.{n}(0, i, src)")
for _ in range(3):
    s = shape(rng.randint(2, 4))
    a, b = rng.sample(range(len(s)), 2)
    case("shape", "swapaxes", f"x = {t(s)}", f"torch.swapaxes(x, {a}, {b})")
    case("shape", "swapdims", f"x = {t(s)}", f"x.swapdims({a}, -{len(s) - b})")
    case("shape", "movedim", f"x = {t(s)}", f"torch.movedim(x, {a}, {b})")
    case("shape", "moveaxis", f"x = {t(s)}", f"x.moveaxis(({a}, {b}), ({b}, {a}))")
    case("shape", "movedim", f"x = {t(s)}", f"torch.movedim(x, ({a},), ({b}, {a}))")
    d = rng.randrange(len(s))
    case("shape", "narrow", f"x = {t(s)}", f"torch.narrow(x, {d}, 0, {s[d]})")
    case("shape", "narrow", f"x = {t(s)}", f"x.narrow({d}, {s[d] - 1}, 1)")
    case("shape", "narrow", f"x = {t(s)}", f"x.narrow({d}, 1, {s[d]})")
    case("shape", "unflatten", f"x = {t(s[:d] + [6] + s[d + 1:])}", f"x.unflatten({d}, (2, -1))")
    case("shape", "unflatten", f"x = {t(s[:d] + [6] + s[d + 1:])}", f"torch.unflatten(x, {d}, (4, -1))")
    case("shape", "tensor_split", f"x = {t(s[:d] + [7] + s[d + 1:])}", f"torch.tensor_split(x, 3, {d})")
    case("shape", "tensor_split", f"x = {t(s[:d] + [7] + s[d + 1:])}", f"x.tensor_split([1, 5, 9], dim={d})")
    case("shape", "tensor_split", f"x = {t(s[:d] + [7] + s[d + 1:])}", f"x.tensor_split([4, 2, -1], dim={d})")
    case("shape", "hsplit", f"x = {t(s[:1] + [6] + s[2:])}", "torch.hsplit(x, 3)")
    case("shape", "hsplit", f"x = {t(s[:1] + [6] + s[2:])}", "x.hsplit(4)")
    case("shape", "vsplit", f"x = {t([6] + s[1:])}", "torch.vsplit(x, [2, 3])")
    case("shape", "dsplit", f"x = {t(s[:2] + [4] + s[3:])}", "torch.dsplit(x, 2)")
    case("shape", "repeat_interleave", f"x = {t(s)}", f"torch.repeat_interleave(x, 3, {d})")
    case("shape", "repeat_interleave", f"x = {t(s)}", "x.repeat_interleave(2)")
    case("shape", "repeat_interleave", f"x = {t(s[:d] + [3] + s[d + 1:])}\nr = torch.tensor([1, 0, 4])", f"x.repeat_interleave(r, dim={d})")
    case("shape", "tile", f"x = {t(s)}", f"torch.tile(x, (2,))")
    case("shape", "tile", f"x = {t(s)}", f"x.tile((2, 1, 3, 1, 2))")
    case("shape", "index_select", f"x = {t(s)}\ni = torch.tensor([0, 0, 0, 0])", f"torch.index_select(x, {d}, i)")
    case("shape", "index_select", f"x = {t(s)}\ni = torch.zeros((2, 2), dtype=torch.long)", f"x.index_select({d}, i)")
    case("shape", "gather", f"x = {t(s)}\ni = torch.zeros({tuple(s[:-1] + [2])}, dtype=torch.long)", "torch.gather(x, -1, i)")
    case("shape", "gather", f"x = {t(s)}\ni = torch.zeros((2,), dtype=torch.long)", "x.gather(0, i)")
    case("shape", "rot90", f"x = {t(s)}", f"torch.rot90(x, 1, ({a}, {b}))")
    case("shape", "rot90", f"x = {t(s)}", f"x.rot90(2)")
    case("shape", "rot90", f"x = {t(s)}", f"x.rot90(3, ({a}, {a}))")
    case("shape", "cummax", f"x = {t(s)}", f"torch.cummax(x, {d})")
    case("shape", "cummin", f"x = {t(s)}", f"x.cummin(dim={d})[1]")
    case("shape", "ravel", f"x = {t(s)}", "x.ravel()")
    case("shape", "view_as", f"x = {t(s)}\ny = torch.zeros({tuple(reversed(s))})", "x.view_as(y)")
    case("shape", "reshape_as", f"x = {t(s)}\ny = torch.zeros({tuple(s + [2])})", "x.reshape_as(y)")
    n, m = rng.randint(1, 5), rng.randint(1, 5)
    case("shape", "outer", f"a = {t([n])}\nb = {t([m])}", "torch.outer(a, b)")
    case("shape", "ger", f"a = {t([n])}\nb = {t([m, 2])}", "a.ger(b)")
    case("shape", "cross", f"a = {t(s[:-1] + [3])}\nb = {t(s[:-1] + [3])}", "torch.cross(a, b, dim=-1)")
    case("shape", "cdist", f"a = {t([2, n, 4])}\nb = {t([2, m, 4])}", "torch.cdist(a, b)")
    case("shape", "cdist", f"a = {t([n, 4])}\nb = {t([m, 3])}", "torch.cdist(a, b)")
# The rest of each family: integer and clamping forms, complex views, and the writes into the input.
for n in ["clamp_min", "clamp_max"]:
    case("unary", n, f"x = {t(shape())}", f"torch.{n}(x, 0.5)")
case("unary", "clip", f"x = {t(shape())}", "x.clip(-1, 1)")
for n in ["sigmoid", "relu", "angle", "conj"]:
    case("unary", n, f"x = {t(shape())}", f"torch.{n}(x)")
case("unary", "bitwise_not", f"x = {t(shape(), 'long')}", "torch.bitwise_not(x)")
for n in ["bitwise_and", "bitwise_or", "bitwise_xor"]:
    s = shape()
    case("binary", n, f"x = {t(s, 'long')}\ny = {t(broadcastable(s), 'long')}", f"torch.{n}(x, y)")
    case("binary", n, f"x = {t(s, 'long')}\ny = {t(clash(s), 'long')}", f"x.{n}(y)")
s = shape()
case("binary", "ldexp", f"x = {t(s)}\ny = {t(broadcastable(s), 'long')}", "torch.ldexp(x, y)")
s = shape(2)
case("into-input", "scatter_reduce", f"x = {t(s)}\ni = torch.zeros({tuple(s)}, dtype=torch.long)\nsrc = {t(s)}", "x.scatter_reduce(0, i, src, reduce='amax')")
case("into-input", "index_put", f"x = {t(s)}\ni = torch.tensor([0])", "x.index_put((i,), torch.tensor(1.0))")
case("into-input", "masked_scatter", f"x = {t(s)}\nm = {t(s, 'bool')}\nsrc = {t([s[0] * s[1]])}", "x.masked_scatter(m, src)")
case("into-input", "put", f"x = {t(s)}\ni = torch.tensor([0, 1])", "x.put(i, torch.tensor([9.0, 8.0]))")
case("tensor", "is_complex", "x = torch.randn(2, 3)", "torch.zeros(2) if not x.is_complex() else torch.zeros(5)")
case("tensor", "is_floating_point", "x = torch.randn(2, 3)\ni = torch.zeros(2, dtype=torch.long)", "torch.zeros(2) if x.is_floating_point() and not i.is_floating_point() else torch.zeros(5)")
case("tensor", "new_full", "x = torch.randn(2, 3)", "x.new_full((4, 5), 7.0)")
case("tensor", "new_tensor", "x = torch.randn(2, 3)", "x.new_tensor([[1, 2], [3, 4], [5, 6]])")
case("tensor", "as_tensor", "", "torch.as_tensor([[1.0, 2.0]])")
case("tensor", "tensor", "", "torch.tensor(3) * torch.ones(2, 3) / torch.sqrt(torch.tensor(4.0))")
case("tensor", "tensor", "", "torch.tensor([[True, False]])")
case("tensor", "eye", "", "torch.eye(3) + torch.eye(3, 3)")

# Joins: a 1-D empty tensor is skipped whatever the others' rank (PyTorch's legacy rule); other empties must match.
for n in ["cat", "concat"]:
    case("join", n, "x = torch.randn(2, 3)\ne = torch.empty(0)", f"torch.{n}([x, e, x], 1)")
    case("join", n, "x = torch.randn(2, 3)\ne = torch.empty(0, 3)", f"torch.{n}([e, x])")
    case("join", n, "x = torch.randn(2, 3)\ne = torch.empty(0, 2)", f"torch.{n}([e, x])")
case("join", "cat", "e = torch.empty(0)", "torch.cat([e, e])")
# Full reductions of values the code knows (lengths, counts) size what comes next, as tacotron2's lengths do.
for n in ["sum", "prod", "max", "min", "amax", "amin"]:
    case("value-reduction", n, "v = torch.tensor([2, 3, 1])", f"torch.zeros(int(v.{n}()), 2)")
    case("value-reduction", n, "v = torch.tensor([2, 3, 1])", f"torch.zeros(int(torch.{n}(v)) + 1)")
case("value-reduction", "mean", "v = torch.tensor([2.0, 4.0])", "torch.zeros(int(v.mean()))")
case("value-reduction", "all", "v = torch.tensor([2, 4])", "torch.zeros(3) if bool((v > 1).all()) else torch.zeros(5)")
case("value-reduction", "any", "v = torch.tensor([2, 4])", "torch.zeros(3) if bool((v > 3).any()) else torch.zeros(5)")

# torch.nn.utils.rnn: packing needs the lengths' values; recurrent layers run over the packed rows.
R = "from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence\n"
for first in (True, False):
    x = "torch.randn(2, 5, 3)" if first else "torch.randn(5, 2, 3)"
    for lengths, sort in (("[5, 3]", True), ("torch.tensor([3, 5])", False), ("torch.tensor([3, 5])", True), ("[5, 0]", True), ("[5, 4, 1]", True)):
        case("rnn-utils", "pack_padded_sequence", R + f"p = pack_padded_sequence({x}, {lengths}, batch_first={first}, enforce_sorted={sort})",
             "(p.data, p.batch_sizes)")
    for total in ("None", "7", "4"):
        case("rnn-utils", "pad_packed_sequence", R + f"p = pack_padded_sequence({x}, [5, 3], batch_first={first})",
             f"pad_packed_sequence(p, batch_first={first}, total_length={total})")
    case("rnn-utils", "pad_sequence", R, f"pad_sequence([torch.randn(3, 2, 4), torch.randn(5, 2, 4)], batch_first={first})")
case("rnn-utils", "pack_sequence", R, "pack_sequence([torch.randn(3, 2), torch.randn(5, 2)], enforce_sorted=False).data")
case("rnn-utils", "pack_sequence", R, "pack_sequence([torch.randn(3, 2), torch.randn(5, 2)]).data")
for layer in ("torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)", "torch.nn.GRU(3, 6, batch_first=True)", "torch.nn.RNN(3, 2, 3)",
              "torch.nn.LSTM(3, 4, proj_size=2)"):
    case("rnn-utils", "packed-recurrent", R + f"rnn = {layer}\np = pack_padded_sequence(torch.randn(5, 2, 3), [5, 3])\no, h = rnn(p)",
         "(o.data, h) if isinstance(h, torch.Tensor) else (o.data,) + h")

# Indexing, every form: ints, slices, None, Ellipsis, integer tensors and lists on one or several axes, boolean
# masks with known values; drawn at random, and the forms that place the advanced axes differently written out.
INDEXING = ["x[0, :, [0, 1]]", "x[:, i, j]", "x[i, :, j]", "x[i, 0, j]", "x[..., i, j]", "x[i, ..., j]", "x[:, None, i]", "x[i, None, j]",
            "x[0, i, 0]", "x[:, 0, i, 0]", "x[torch.tensor(1), :, i]", "x[5]", "x[:, 3]", "x[i, i, i, i, i]", "x[:, ::-1]", "x[[0, 1], [0, 1]]",
            "x[[[0, 1]]]", "x[(i, j)]", "x[i.tolist()]", "x[True]", "x[False]", "x[None, ..., None]", "x[i, 1:, j]", "x[:, i][:, :, j]",
            "x[torch.tensor([True, False])]", "x[:, torch.tensor([True, False, True])]", "x[torch.tensor([5])]", "x[1:, [0, 1]]",
            "x[:, [True, False, True]]", "x[[True, False]]", "x[[0, i]]", "x[torch.tensor([0.0])]", "x[1.5]", "x[:, torch.tensor([[0, 1], [2, 0]])]",
            "x[torch.tensor([0, 1]), torch.tensor([0, 1, 2])]", "x[torch.tensor(True)]", "x[[]]", "x[()]", "x[2:1]", "x[-100:100]", "x[:, [0, -4]]",
            "x[:, [0, -3]]", "x[-3]", "x[torch.tensor(9)]", "x[torch.tensor([[[True, False, True, False]] * 3] * 2)]",
            "x[torch.tensor([[True, False, True]] * 2)]", "x[:, torch.tensor([[True] * 4] * 2)]", "x[torch.arange(2), torch.tensor([1, 2]).argmax(-1)]",
            "x[torch.arange(2)[:, None], torch.arange(3)]", "x[..., 0]", "x[..., ::2, None]", "x[:, :, :, :, :]", "x[i, :, :, j, 0]"]
for e in INDEXING:
    case("indexing", "getitem", "x = torch.randn(2, 3, 4, 5)\ni = torch.tensor([0, 1])\nj = torch.tensor([[0], [2]])", e)


def index_part(n, used_ellipsis):
    r = rng.random()
    if r < 0.2:
        return str(rng.randint(-n - 1, n)), 1
    if r < 0.45:
        lo, hi, st = rng.choice(["", str(rng.randint(-n, n))]), rng.choice(["", str(rng.randint(-n - 1, n + 1))]), rng.choice(["", "", "2", "3"])
        return f"{lo}:{hi}" + (f":{st}" if st else ""), 1
    if r < 0.52:
        return "None", 0
    if r < 0.58 and not used_ellipsis:
        return "...", 0
    if r < 0.72:
        k = rng.randint(1, 3)
        return f"torch.tensor({[rng.randint(-n, n - 1) for _ in range(k)]})", 1
    if r < 0.8:
        return f"torch.tensor({[[rng.randint(0, n - 1)] for _ in range(rng.randint(1, 2))]})", 1
    if r < 0.88:
        return str([rng.randint(0, n - 1) for _ in range(rng.randint(1, 3))]), 1
    if r < 0.95:
        size = n if rng.random() < 0.8 else n + 1
        return f"torch.tensor({[rng.random() < 0.5 for _ in range(size)]})", 1
    # Values not known to the engine: drawn in range of any dimension (an out-of-range draw is the data's mistake).
    return f"torch.randint(0, 1, ({rng.randint(1, 3)},))", 1


for _ in range(160):
    s = shape()
    parts, dim, ellipsis = [], 0, False
    for _k in range(rng.randint(1, 4)):
        n = s[dim] if dim < len(s) else 2
        part, used = index_part(n, ellipsis)
        ellipsis = ellipsis or part == "..."
        parts.append(part)
        dim += used
    case("indexing", "getitem", f"x = {t(s)}", f"x[{', '.join(parts)}]")

# Type promotion of element-wise results: dtypes of every category, as tensors with dimensions, 0-d tensors and
# Python numbers, through the operators and their named functions.
DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64"]


def operand(dtype, cls):
    if cls == "scalar":
        return {"bool": "True", "float32": "2.5"}.get(dtype, "3")
    shape = "(2, 3)" if cls == "dim" else "()"
    return f"torch.ones({shape}, dtype=torch.{dtype})"


for _ in range(90):
    op = rng.choice(["+", "-", "*", "/", "//", "%", "**", "<", "=="])
    ca, cb = rng.choice(["dim", "zero"]), rng.choice(["dim", "zero", "scalar"])
    da, db = rng.choice(DTYPES), rng.choice(DTYPES if cb != "scalar" else ["bool", "int64", "float32"])
    case("promotion", op, f"a = {operand(da, ca)}\nb = {operand(db, cb)}", f"a {op} b")
for n in ["add", "sub", "mul", "div", "maximum", "minimum", "fmod", "remainder", "atan2", "copysign", "xlogy"]:
    # The math functions have no half-precision kernels on the CPU, where the oracle runs: not a mistake on a GPU.
    kinds = DTYPES[1:] if n in ("add", "sub", "mul", "div", "maximum", "minimum", "fmod", "remainder") else DTYPES[1:6] + ["float32", "float64"]
    da, db = rng.choice(kinds), rng.choice(kinds)
    case("promotion", n, f"a = {operand(da, 'dim')}\nb = {operand(db, rng.choice(['dim', 'zero']))}", f"torch.{n}(a, b)")

# Spectral operations and complex tensors: stft/istft over drawn signal lengths, FFT sizes, hops, windows, centring
# and padding modes; every torch.fft transform with and without sizes and dims; the real and complex views.
for _ in range(60):
    length, n_fft = rng.randint(20, 400), rng.choice([8, 16, 30, 64, 100, 128, 256])
    batch = rng.choice(["", "2, "])
    opts = []
    if rng.random() < 0.6:
        opts.append(f"hop_length={rng.randint(1, n_fft)}")
    win = None
    if rng.random() < 0.4:
        win = rng.randint(1, n_fft + 4)
        opts.append(f"win_length={win}")
    if rng.random() < 0.5:
        size = (win or n_fft) if rng.random() < 0.85 else (win or n_fft) + 1
        opts.append(f"window=torch.hann_window({size})")
    if rng.random() < 0.3:
        opts.append("center=False")
    if rng.random() < 0.3:
        opts.append("pad_mode='constant'")
    if rng.random() < 0.2:
        opts.append("onesided=False")
    opts.append(rng.choice(["return_complex=True", "return_complex=True", "return_complex=False"]))
    case("spectral", "stft", f"x = torch.randn({batch}{length})", f"torch.stft(x, {n_fft}, {', '.join(opts)})")
for _ in range(25):
    n_fft, hop = rng.choice([16, 32, 64, 128]), None
    hop = rng.randint(1, n_fft // 2) if rng.random() < 0.7 else None
    frames = rng.randint(2, 20)
    hop_arg = f", hop_length={hop}" if hop else ""
    length = f", length={rng.randint(10, 600)}" if rng.random() < 0.4 else ""
    batch = rng.choice(["", "2, "])
    case("spectral", "istft", f"z = torch.randn({batch}{n_fft // 2 + 1}, {frames}, dtype=torch.cfloat)",
         f"torch.istft(z, {n_fft}{hop_arg}, window=torch.hann_window({n_fft}){length})")
case("spectral", "istft", "z = torch.randn(9, 5)", "torch.istft(z, 16)")
for n in ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]:
    for _ in range(3):
        s = shape(rng.randint(1, 3))
        src = "torch.randn({}, dtype=torch.cfloat)".format(tuple(s)) if n in ("ifft", "irfft", "hfft", "fft") and rng.random() < 0.5 else t(s)
        extra = "".join([f", n={rng.randint(1, 9)}" if rng.random() < 0.5 else "", f", dim={rng.randint(-len(s), len(s))}" if rng.random() < 0.5 else ""])
        case("spectral", n, f"x = {src}", f"torch.fft.{n}(x{extra})")
for n in ["fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn", "hfft2", "ihfft2", "hfftn", "ihfftn"]:
    for _ in range(2):
        s = shape(rng.randint(2, 4))
        src = "torch.randn({}, dtype=torch.cfloat)".format(tuple(s)) if n.startswith(("i", "h")) and not n.startswith("ihfft") else t(s)
        extra = f", s=({rng.randint(2, 6)}, {rng.randint(2, 6)}), dim=(-2, -1)" if rng.random() < 0.5 else ""
        case("spectral", n, f"x = {src}", f"torch.fft.{n}(x{extra})")
for e in ["torch.fft.fftshift(torch.randn(3, 4))", "torch.fft.ifftshift(torch.randn(5))", "torch.fft.fftfreq(7)", "torch.fft.rfftfreq(7)",
          "torch.fft.rfft(torch.randn(3), n=0)", "torch.fft.fft(torch.randn(3), dim=1)"]:
    case("spectral", e.split("(")[0].split(".")[-1], "", e)
for e in ["torch.view_as_real(z)", "torch.view_as_complex(torch.randn(3, 4, 2))", "torch.view_as_complex(torch.randn(3, 4, 3))",
          "torch.view_as_real(torch.randn(3))", "torch.view_as_complex(torch.randn(3, 2).int())", "z.real", "z.imag", "z.abs()", "z.angle()",
          "torch.randn(3).real", "torch.randn(3).imag", "torch.randint(0, 3, (3,)).angle()", "torch.polar(torch.rand(3, 1), torch.rand(3))",
          "torch.complex(torch.rand(3), torch.rand(2, 3))", "torch.complex(torch.rand(3), torch.rand(3).double())", "z * 2", "z * torch.rand(5, 1)",
          "z + torch.rand(6).double()", "z / 2", "torch.hann_window(10, periodic=False, dtype=torch.float64)", "torch.hann_window(-1)",
          "torch.kaiser_window(5)", "torch.bartlett_window(5)", "torch.blackman_window(5)", "torch.hamming_window(5)",
          "torch.zeros(3) if z.is_complex() and not torch.randn(2).is_complex() else torch.zeros(5)", "torch.view_as_real(z).permute(2, 0, 1)",
          "torch.view_as_complex(torch.view_as_real(z).contiguous())", "torch.hann_window(8).to(z.real)", "torch.istft(torch.stft(torch.randn(2, 500), 64, 16, window=torch.hann_window(64), return_complex=True), 64, 16, window=torch.hann_window(64), length=500)"]:
    case("spectral", "complex", "z = torch.randn(5, 6, dtype=torch.cfloat)", e)

# Losses, by family: pointwise (input and target broadcast), classification (per sample of the target), per sample
# of a batch; each reduction, and the mistakes PyTorch refuses.
for n in ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "soft_margin_loss", "poisson_nll_loss", "hinge_embedding_loss", "kl_div",
          "binary_cross_entropy", "binary_cross_entropy_with_logits"]:
    for red in ["mean", "sum", "none"]:
        s = shape(rng.randint(1, 3))
        tgt = s if rng.random() < 0.6 else broadcastable(s)
        src = f"torch.rand({tuple(s)})" if n == "binary_cross_entropy" else t(s)
        case("losses", n, f"x = {src}\ny = torch.rand({tuple(tgt)})", f"F.{n}(x, y, reduction='{red}')")
for n in ["cross_entropy", "nll_loss"]:
    for red in ["mean", "none"]:
        N, C = rng.randint(1, 4), rng.randint(2, 5)
        case("losses", n, f"x = torch.randn({N}, {C})\ny = torch.randint(0, {C}, ({N},))", f"F.{n}(x, y, reduction='{red}')")
        case("losses", n, f"x = torch.randn({N}, {C}, 3)\ny = torch.randint(0, {C}, ({N}, 3))", f"F.{n}(x, y, reduction='{red}')")
        case("losses", n, f"x = torch.randn({N}, {C})\ny = torch.randint(0, {C}, ({N + 1},))", f"F.{n}(x, y, reduction='{red}')")
    case("losses", "cross_entropy", "x = torch.randn(4, 3)\ny = torch.softmax(torch.randn(4, 3), 1)", "F.cross_entropy(x, y, reduction='none')")
    case("losses", n, "x = torch.randn(3)\ny = torch.tensor(1)", f"F.{n}(x, y, reduction='none')")
case("losses", "cross_entropy", "x = torch.randn(4, 3)\ny = torch.randint(0, 3, (4,))", "F.cross_entropy(x, y, reduction='nope')")
for red in ["mean", "none"]:
    case("losses", "multi_margin_loss", "x = torch.randn(4, 3)\ny = torch.randint(0, 3, (4,))", f"F.multi_margin_loss(x, y, reduction='{red}')")
    case("losses", "multilabel_soft_margin_loss", "x = torch.randn(4, 3)", f"F.multilabel_soft_margin_loss(x, x, reduction='{red}')")
    case("losses", "cosine_embedding_loss", "x = torch.randn(4, 3)", f"F.cosine_embedding_loss(x, x, torch.ones(4), reduction='{red}')")
    case("losses", "triplet_margin_loss", "x = torch.randn(4, 3)", f"F.triplet_margin_loss(x, x, x, reduction='{red}')")
    case("losses", "margin_ranking_loss", "x = torch.randn(4)", f"F.margin_ranking_loss(x, x, torch.ones(4), reduction='{red}')")

# Shape rules whose mistakes PyTorch raises: expand, mm and bmm, the functional norms; Tensor.unfold's windows;
# values and indices by name; einsum in every form.
for e in ["x.expand(4, 2, 3)", "x.expand(4, 5)", "x.expand(3)", "x.expand(-1, 3)", "x[:1].expand(5, 3)", "torch.mm(x, x.t())", "torch.mm(x[None], x.t())",
          "torch.mm(x, x)", "torch.bmm(x[None], x.t()[None])", "torch.bmm(x, x.t())", "torch.bmm(x[None].expand(2, 2, 3), x.t()[None].expand(3, 3, 2))",
          "F.layer_norm(x, (3,))", "F.layer_norm(x, (5,))", "F.layer_norm(x, (2, 3))", "F.layer_norm(x, (3,), torch.ones(4))", "F.group_norm(z, 3)",
          "F.group_norm(z, 4)", "F.batch_norm(z, torch.zeros(6), torch.ones(6))", "F.batch_norm(z, torch.zeros(5), torch.ones(5))",
          "F.instance_norm(z, torch.zeros(5), torch.ones(5))", "x.unfold(1, 2, 1)", "x.unfold(0, 2, 1)", "x.unfold(1, 4, 1)", "x.unfold(1, 2, 0)",
          "z.unfold(2, 2, 2)", "z.unfold(-1, 1, 3)", "x.max(1).values", "x.max(dim=0).indices", "x.min(1).indices", "x.topk(2, dim=1).values",
          "x.sort(1).indices", "torch.sort(x).values", "x.cummax(1).values", "torch.einsum('ij,jk', x, x.t())", "torch.einsum('...ij,...jk', z, z.transpose(1, 2))",
          "torch.einsum('ij', x)", "torch.einsum('ji', x)", "torch.einsum('ii', x[:, :2])", "torch.einsum('bij,bkj', z, z)",
          "torch.einsum('i...,i...->...', z, z)", "torch.einsum('b i j, b k j -> b i k', z, z)", "torch.einsum('Ab', x)", "torch.einsum('ij,jk->ik', x, x)",
          "torch.einsum('ij,kl->', x, x)", "torch.einsum('i,j', x[0], x[1])"]:
    case("checks", e.split("(")[0].split(".")[-1], "x = torch.randn(2, 3)\nz = torch.randn(2, 6, 3)", e)

# Norms, similarities, lookups; values and indices along a dim; broadcast_to, diag; a pool's indices.
for e in ["torch.linalg.norm(z)", "torch.linalg.norm(z, dim=1)", "torch.linalg.norm(z, dim=(1, 2))", "torch.linalg.vector_norm(z, dim=-1, keepdim=True)",
          "torch.linalg.matrix_norm(z)", "torch.linalg.matrix_norm(z[0, 0])", "torch.linalg.vector_norm(z, dim=3)", "F.cosine_similarity(z, z)",
          "F.cosine_similarity(z, z, dim=-1)", "F.cosine_similarity(z, z[:1])", "F.cosine_similarity(z, z[:, :2])", "F.pairwise_distance(z[0], z[0])",
          "F.pairwise_distance(z[0], z[0], keepdim=True)", "F.embedding(torch.zeros(2, 5, dtype=torch.long), torch.randn(10, 4))",
          "F.embedding(torch.tensor([[1, 12]]), torch.randn(10, 4))", "F.embedding(torch.zeros(2, dtype=torch.long), torch.randn(10))",
          "F.one_hot(torch.tensor([0, 3, 1]), 5)", "F.one_hot(torch.tensor([0, 3, 1]))", "F.one_hot(torch.tensor([0, 7, 1]), 5)",
          "z.kthvalue(2, 1).values", "z.kthvalue(5, 1)", "torch.kthvalue(z, 1).indices", "torch.median(z, 1).indices", "z.median()", "z.mode(1)[0]",
          "z.nanmedian(dim=2, keepdim=True).values", "torch.broadcast_to(z[0], (5, 3, 4))", "torch.broadcast_to(z, (3, 3, 4))", "torch.diag(z[0, 0])",
          "torch.diag(z[0])", "torch.diag(z[0, 0], 2)", "torch.diag(z[0], -1)", "torch.diag(z)", "F.gumbel_softmax(z, tau=0.5, hard=True)",
          "F.max_pool2d(z[None], 2, return_indices=True)[1]", "F.max_pool1d(z, 2, return_indices=True)"]:
    case("vectors", e.split("(")[0].split(".")[-1], "z = torch.randn(2, 3, 4)", e)

# Products and combinations; positions of values; nn.Fold's functional form.
for e in ["torch.tensordot(a, b)", "torch.tensordot(a, b, dims=1)", "torch.tensordot(a, b, dims=([1, 2], [0, 1]))", "torch.tensordot(a, b, dims=([1], [1]))",
          "torch.tensordot(a, b, dims=0)", "torch.kron(a[0], b[0])", "torch.kron(a, b[0])", "torch.block_diag(a[0], b[0], torch.tensor(1.0), torch.randn(3))",
          "torch.block_diag(a, b)", "torch.cartesian_prod(torch.arange(2), torch.arange(3), torch.arange(4))", "torch.cartesian_prod(torch.arange(3))",
          "torch.combinations(torch.arange(5))", "torch.combinations(torch.arange(5), 3, with_replacement=True)", "torch.combinations(a)",
          "torch.searchsorted(torch.arange(5), a)", "torch.searchsorted(torch.arange(10).reshape(2, 5), torch.randn(2, 7))",
          "torch.bucketize(a, torch.arange(5.0))", "F.fold(torch.randn(1, 8, 4), (4, 4), 2, stride=2)", "F.fold(torch.randn(1, 8, 9), (4, 4), 2, stride=2)"]:
    case("products", e.split("(")[0].split(".")[-1], "a = torch.randn(2, 3, 4)\nb = torch.randn(3, 4, 5)", e)

# Calls that broke on public model code, written small (issue 31's misses). Not here: torch.nonzero (its length is
# the data's), torch.linalg.inv and torch.linalg.svd (not evaluated: said at their line).
PROBE = [
    ('x + torch.tensor(1.0)', 'x = torch.randn(2, 3)'),
    ('torch.zeros(int(torch.tensor(3).item()))', ''),
    ('torch.zeros(torch.tensor([2, 3]).tolist())', ''),
    ('x.max(1).values', 'x = torch.randn(2, 3)'),
    ('x.max(dim=1).indices', 'x = torch.randn(2, 3)'),
    ('torch.roll(x, 1, 0)', 'x = torch.randn(2, 3)'),
    ('x.flip(0)', 'x = torch.randn(2, 3)'),
    ('x.repeat_interleave(2, dim=1)', 'x = torch.randn(2, 3)'),
    ('x.gather(1, torch.zeros(2, 1, dtype=torch.long))', 'x = torch.randn(2, 3)'),
    ('x.topk(2, dim=1).values', 'x = torch.randn(2, 3)'),
    ('torch.topk(x, 2)[1]', 'x = torch.randn(2, 3)'),
    ('x.cumsum(1)', 'x = torch.randn(2, 3)'),
    ('x.sign()', 'x = torch.randn(2, 3)'),
    ('torch.eq(x, x)', 'x = torch.randn(2, 3)'),
    ('torch.eye(3)', ''),
    ("torch.einsum('...ij,...jk', x, y)", 'x = torch.randn(5, 2, 3)\ny = torch.randn(5, 3, 4)'),
    ("torch.einsum('bij,bjk', x, y)", 'x = torch.randn(5, 2, 3)\ny = torch.randn(5, 3, 4)'),
    ('F.cross_entropy(x, torch.zeros(2, dtype=torch.long))', 'x = torch.randn(2, 3)'),
    ('F.mse_loss(x, x)', 'x = torch.randn(2, 3)'),
    ("F.mse_loss(x, x, reduction='none')", 'x = torch.randn(2, 3)'),
    ('F.binary_cross_entropy_with_logits(x, x)', 'x = torch.randn(2, 3)'),
    ("F.nll_loss(x, torch.zeros(2, dtype=torch.long), reduction='none')", 'x = torch.randn(2, 3)'),
    ('F.l1_loss(x, x)', 'x = torch.randn(2, 3)'),
    ('F.smooth_l1_loss(x, x)', 'x = torch.randn(2, 3)'),
    ("F.kl_div(x, x, reduction='batchmean')", 'x = torch.randn(2, 3)'),
    ('F.cosine_similarity(x, x)', 'x = torch.randn(2, 3)'),
    ('F.triplet_margin_loss(x, x, x)', 'x = torch.randn(2, 3)'),
    ('x.unfold(1, 2, 1)', 'x = torch.randn(2, 5)'),
    ('x.unfold(2, 3, 2)', 'x = torch.randn(1, 2, 7, 7)'),
    ('F.max_pool2d(x, 2, return_indices=True)[1]', 'x = torch.randn(1, 2, 8, 8)'),
    ('x.expand(4, 5)', 'x = torch.randn(2, 3)'),
    ('torch.mm(x, y)', 'x = torch.randn(2, 3, 4)\ny = torch.randn(4, 5)'),
    ('F.layer_norm(x, (5,))', 'x = torch.randn(2, 3)'),
    ('F.group_norm(x, 4)', 'x = torch.randn(2, 6, 3)'),
    ('F.group_norm(x, 3)', 'x = torch.randn(2, 6, 3)'),
    ('x.view_as(torch.zeros(3, 2))', 'x = torch.randn(2, 3)'),
    ('x.reshape_as(torch.zeros(6))', 'x = torch.randn(2, 3)'),
    ('torch.as_tensor([1.0, 2.0])', ''),
    ('x[torch.arange(2), torch.tensor([1, 2])]', 'x = torch.randn(2, 3)'),
    ('torch.zeros(int(x.shape[1] ** 0.5))', 'x = torch.randn(2, 16)'),
    ('F.embedding(torch.zeros(2, 3, dtype=torch.long), w)', 'w = torch.randn(10, 4)'),
    ('F.one_hot(torch.zeros(2, dtype=torch.long), 5)', ''),
    ('F.pad(x, (1, 1, 2, 2))', 'x = torch.randn(1, 2, 3, 3)'),
    ('F.normalize(x, dim=1)', 'x = torch.randn(2, 3)'),
    ('torch.cdist(x, x)', 'x = torch.randn(2, 3)'),
    ('torch.bmm(x, x)', 'x = torch.randn(2, 3)'),
    ('x.new_zeros(4)', 'x = torch.randn(2, 3)'),
    ('torch.clamp(x, min=0)', 'x = torch.randn(2, 3)'),
    ('torch.where(x > 0, x, 0.0)', 'x = torch.randn(2, 3)'),
    ('torch.sort(x, dim=1)[0]', 'x = torch.randn(2, 3)'),
    ('torch.argsort(x)', 'x = torch.randn(2, 3)'),
    ('x.std(1)', 'x = torch.randn(2, 3)'),
    ('torch.chunk(x, 3, 1)[0]', 'x = torch.randn(2, 3)'),
    ('torch.diag(x[0])', 'x = torch.randn(2, 3)'),
    ('torch.tril(x)', 'x = torch.randn(2, 3)'),
    ('torch.linalg.norm(x, dim=1)', 'x = torch.randn(2, 3)'),
    ('torch.logsumexp(x, 1)', 'x = torch.randn(2, 3)'),
    ('F.gumbel_softmax(x)', 'x = torch.randn(2, 3)'),
    ('torch.broadcast_to(x, (4, 2, 3))', 'x = torch.randn(2, 3)'),
    ('torch.flatten(x, 0, 1)', 'x = torch.randn(2, 3)'),
    ('x.masked_fill(x > 0, 0.0)', 'x = torch.randn(2, 3)'),
    ('torch.searchsorted(torch.arange(5), x)', 'x = torch.randn(2, 3)'),
    ('torch.bucketize(x, torch.arange(5.0))', 'x = torch.randn(2, 3)'),
    ('F.silu(x)', 'x = torch.randn(2, 3)'),
    ('F.hardswish(x)', 'x = torch.randn(2, 3)'),
    ('F.mish(x)', 'x = torch.randn(2, 3)'),
    ('torch.baddbmm(torch.zeros(2, 3, 3), x, x.transpose(1, 2))', 'x = torch.randn(2, 3, 4)'),
    ('torch.addmm(torch.zeros(2, 2), x, x.t())', 'x = torch.randn(2, 3)'),
    ('x @ x.mT', 'x = torch.randn(2, 3)'),
    ('torch.kron(x, x)', 'x = torch.randn(2, 3)'),
    ('torch.block_diag(x, x)', 'x = torch.randn(2, 3)'),
    ('torch.cartesian_prod(torch.arange(2), torch.arange(3))', ''),
    ('torch.combinations(torch.arange(4))', ''),
    ('torch.tensordot(x, x, dims=([1], [1]))', 'x = torch.randn(2, 3)'),
    ('F.softplus(x)', 'x = torch.randn(2, 3)'),
    ('F.dropout(x, 0.5, training=False)', 'x = torch.randn(2, 3)'),
    ('F.interpolate(x, scale_factor=2)', 'x = torch.randn(1, 2, 3, 3)'),
    ('F.pixel_shuffle(x, 2)', 'x = torch.randn(1, 8, 3, 3)'),
    ('F.unfold(x, 2)', 'x = torch.randn(1, 2, 4, 4)'),
    ('F.fold(x, (4, 4), 2)', 'x = torch.randn(1, 8, 9)'),
    ('x.scatter(1, torch.zeros(2, 1, dtype=torch.long), 1.0)', 'x = torch.randn(2, 3)'),
]
for expr, setup in PROBE:
    case("probe", expr.split("(")[0].split(".")[-1], setup, expr)

# In-place methods: those that reshape change the tensor itself; arithmetic may not broadcast past its shape.
for e in ["x.unsqueeze_(0)", "x.t_()", "x.transpose_(0, 1)", "x.resize_(6)", "x.resize_as_(torch.zeros(3, 1, 2))", "x.as_strided_((3, 2), (2, 1))",
          "x.add_(torch.randn(3))", "x.add_(torch.randn(4, 2, 3))", "x.mul_(2)", "x.copy_(torch.randn(1, 3))", "x.copy_(torch.randn(5, 3))",
          "x.masked_fill_(x > 0, 0.0)", "x.clamp_(min=0)", "x.normal_()", "x.zero_()"]:
    case("in-place", e.split("(")[0].split(".")[-1], "x = torch.randn(2, 3)", f"(lambda r: (r, x))({e})")
case("in-place", "squeeze_", "x = torch.randn(2, 1, 3)", "(lambda r: (r, x))(x.squeeze_())")

# NumPy-style stacks and atleast_Nd; functional forms torch has under its own name.
for e in ["torch.hstack([a, b])", "torch.vstack([a, b])", "torch.dstack([a, b])", "torch.column_stack([v, v])", "torch.row_stack([v, v])",
          "torch.concatenate([a, b], 1)", "torch.hstack([v, v])", "torch.vstack([v, v])", "torch.dstack([v, v])", "torch.column_stack([a, v])",
          "torch.column_stack([a, a[:, :1]])", "torch.atleast_2d(v)", "torch.atleast_3d(a)", "torch.atleast_1d(torch.tensor(1.0))", "torch.atleast_2d(a, v)",
          "torch.dstack([torch.randn(2, 3, 4), torch.randn(2, 3, 1)])", "torch.vstack([a, torch.randn(2, 4)])",
          "torch.conv2d(torch.randn(1, 3, 8, 8), torch.randn(4, 3, 3, 3), None, 1, 1)", "torch.conv1d(torch.randn(1, 3, 8), torch.randn(4, 2, 3))",
          "torch.layer_norm(a, (3,))", "torch.layer_norm(a, (4,))", "torch.group_norm(torch.randn(2, 6, 3), 3)", "torch.max_pool2d(torch.randn(1, 2, 8, 8), 2)",
          "torch.avg_pool1d(torch.randn(1, 2, 8), 2)", "torch.adaptive_avg_pool1d(torch.randn(1, 2, 8), 3)", "torch.cosine_similarity(a, b)",
          "torch.pixel_shuffle(torch.randn(1, 8, 3, 3), 2)", "torch.prelu(a, torch.ones(1))", "torch.selu(a)", "torch.threshold(a, 0.1, 0.0)"]:
    case("stacks", e.split("(")[0].split(".")[-1], "a = torch.randn(2, 3)\nb = torch.randn(2, 3)\nv = torch.randn(3)", e)

# Values: element-wise functions of tensors whose values are known (sizes computed with tensors, as detection's
# resize computes its scale). Each operand in the function's domain; the case records the values PyTorch gives.
VALUED = {"x": "torch.tensor([0.5, 1.5, 2.0])", "y": "torch.tensor([1.0, 3.0, 0.25])", "i": "torch.tensor([7, -7, 3])", "j": "torch.tensor([2, 3, -2])"}
VALUE_UNARY = ["floor", "ceil", "trunc", "frac", "sign", "reciprocal", "rsqrt", "square", "sigmoid", "relu", "expm1", "log1p", "log2", "log10",
               "exp2", "sinh", "cosh", "tan", "atan", "asinh", "deg2rad", "rad2deg", "neg", "negative", "positive", "abs", "sqrt", "exp", "log",
               "round", "tanh"]
for n in VALUE_UNARY:
    case("values", n, "x = %s" % VALUED["x"], "torch.%s(x)" % n)
    if n in ("floor", "ceil", "trunc", "sign", "square", "relu", "neg", "abs", "positive", "negative"):
        case("values", n, "i = %s" % VALUED["i"], "torch.%s(i)" % n)
for n in ["asin", "acos", "atanh"]:
    case("values", n, "x = %s" % VALUED["x"], "torch.%s(x / 4)" % n)
case("values", "acosh", "x = %s" % VALUED["x"], "torch.acosh(x + 1)")
for n in ["maximum", "minimum", "fmax", "fmin", "atan2", "hypot", "logaddexp", "logaddexp2", "fmod", "remainder", "floor_divide", "true_divide",
          "multiply", "subtract", "copysign", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor"]:
    case("values", n, "x = %s\ny = %s" % (VALUED["x"], VALUED["y"]), "torch.%s(x, y)" % n)
    if n in ("maximum", "minimum", "fmod", "remainder", "floor_divide", "multiply", "subtract", "eq", "lt", "logical_and"):
        case("values", n, "i = %s\nj = %s" % (VALUED["i"], VALUED["j"]), "torch.%s(i, j)" % n)
for e in ["torch.min(x, y)", "torch.max(x, y)", "torch.div(i, j, rounding_mode='floor')", "torch.div(i, j, rounding_mode='trunc')", "i.div(j, rounding_mode='floor')",
          "torch.div(i, j)", "i // j", "i % j", "torch.clamp(x, 0.7, 1.8)", "torch.clamp(i, min=0)", "x.clamp_min(1.0)", "torch.clip(i, -2, 5)",
          "torch.clamp_max(x, 1.0)", "torch.clamp(x, max=1.0)", "torch.cat([x, y])", "torch.cat([x.view(3, 1), y.view(3, 1)], 1)", "torch.stack([x, y], 1)",
          "torch.stack([i, j])", "i.new([4, 5])", "x.new((0,))", "torch.cat([i.view(1, 3), j.view(1, 3)], 0)[:, 1:]", "torch.tensor([[1, 2], [3, 4]])[:, 0] * x[1:]", "torch.min(torch.tensor([480, 640])).to(dtype=torch.float32)", "torch.min(800.0 / x, 1333.0 / y)"]:
    case("values", e.split("(")[0].split(".")[-1], "x = %s\ny = %s\ni = %s\nj = %s" % tuple(VALUED.values()), e)

# Names public model code calls that had no rule (counted over the corpus's checkouts: test/oracle/ops_used.py).
for e in ["torch.mv(m, v)", "m.mv(v)", "torch.mv(m, w)", "torch.mv(v, v)", "torch.dot(v, v)", "torch.dot(v, w)", "torch.dot(m, v)", "torch.vdot(v, v)",
          "torch.inner(m, m)", "torch.inner(a, m)", "torch.inner(m, w)", "torch.inner(v, torch.tensor(2.0))"]:
    case("products", e.split("(")[0].split(".")[-1], "m = torch.randn(2, 3)\nv = torch.randn(3)\nw = torch.randn(4)\na = torch.randn(4, 2, 3)", e)
for e in ["torch.var_mean(a, 1)", "torch.std_mean(a, (0, 2), keepdim=True)", "torch.var_mean(a)", "a.trace() if False else m.trace()", "torch.trace(a)",
          "torch.dist(a, m)", "torch.dist(a, torch.randn(5, 3))", "torch.trapezoid(a)", "torch.trapezoid(a, dim=1)", "torch.trapz(a, torch.randn(3))",
          "torch.trapezoid(a, torch.randn(4, 2, 3), dim=0)", "torch.trapezoid(a, torch.randn(5))", "a.select(1, 1)", "torch.select(a, -1, 2)", "a.select(0, 4)", "torch.select(a, 3, 0)"]:
    case("reduction", e.split("(")[0].split(".")[-1], "m = torch.randn(2, 3)\na = torch.randn(4, 2, 3)", e)
for e in ["torch.tensor(torch.equal(x, x))", "torch.tensor(torch.equal(x, y))", "torch.tensor(torch.equal(x, x[:2]))", "torch.tensor(torch.allclose(x, x + 1e-9))",
          "torch.tensor(torch.allclose(x, y))", "torch.logspace(0, 2, 3)", "torch.logspace(-1.0, 1.0, 5, base=2)"]:
    case("values", e.split("(")[0].split(".")[-1] if "equal" not in e and "allclose" not in e else ("equal" if "equal" in e else "allclose"), "x = %s\ny = %s" % (VALUED["x"], VALUED["y"]), e)

# Index tensors, diagonals, pairs, fused products and other names for the same operations.
SETUP = "m = torch.randn(2, 3)\nv = torch.randn(3)\na = torch.randn(4, 2, 3)\ni = torch.tensor([[0, 2], [1, 5]])\nj = torch.randint(0, 3, (4, 2, 1))"
for e in ["torch.take(m, i)", "m.take(torch.tensor([7]))", "torch.take_along_dim(a, j, dim=2)", "a.take_along_dim(j)", "torch.take_along_dim(a, j.clamp(max=1), 1)",
          "torch.take_along_dim(a, torch.randint(0, 2, (4, 5, 3)), dim=1)", "torch.take_along_dim(a, torch.randint(0, 2, (4, 3)), dim=1)",
          "torch.diagflat(v)", "torch.diagflat(m, 1)",
          "torch.diag_embed(m)", "torch.diag_embed(a, offset=-1)", "torch.diag_embed(a, 0, 0, 2)", "torch.diag_embed(m, 0, 1, 1)",
          "torch.aminmax(a)", "a.aminmax(dim=1)", "torch.aminmax(a, dim=-1, keepdim=True)",
          "torch.addmv(torch.randn(2), m, v)", "torch.addmv(torch.randn(1), m, v)", "torch.addmv(torch.randn(5), m, v)", "torch.addmv(v, m, torch.randn(2))",
          "torch.addbmm(torch.randn(2, 5), a, torch.randn(4, 3, 5))", "torch.addbmm(torch.randn(5), a, torch.randn(4, 3, 5))", "torch.addbmm(torch.randn(2, 5), a, torch.randn(3, 3, 5))",
          "torch.rsub(m, v)", "torch.rsub(m, 1.0)", "torch.unsafe_split(a, 2, 1)", "a.unsafe_chunk(2)", "torch.split_with_sizes(a, [1, 2], 2)", "a.split_with_sizes([3, 1])",
          "torch.msort(a)", "torch.permute_copy(a, (2, 0, 1))", "torch.t_copy(m)",
          "torch.unsqueeze_copy(a, 1)", "torch.view_copy(a, (8, 3))", "torch.select_copy(a, 1, 0)", "torch.narrow_copy(a, 0, 1, 2)", "torch.unbind_copy(m)",
          "torch.heaviside(m, v)", "torch.heaviside(m, 0.5)", "torch.gcd(torch.tensor([12, 18]), torch.tensor([8, 27]))", "torch.lcm(torch.tensor([4, 6]), torch.tensor(10))",
          "torch.bitwise_left_shift(torch.tensor([1, 2]), 3)", "torch.bitwise_right_shift(torch.tensor([16, 9]), torch.tensor([2, 1]))"]:
    case("indices", e.split("(")[0].split(".")[-1], SETUP, e)

for e in ["torch.tril_indices(3, 4)", "torch.triu_indices(4, 3, 1)", "torch.tril_indices(3, 3, -1)", "torch.scalar_tensor(3)", "torch.range(0, 4)", "torch.range(1, 2, 0.25)"]:
    case("values", e.split("(")[0].split(".")[-1], "", e)

# Names evaluated that had no generated case: views, casts, creators, windows, the functional forms of layers.
BASIC = "x = torch.randn(2, 3, 4)\nm = torch.randn(3, 4)\nz = torch.randn(2, 3, 2)"
for e in ["torch.absolute(x)", "x.argmax()", "torch.argmax(x, 1)", "x.argmin(dim=-1, keepdim=True)", "x.clone()", "x.contiguous()", "torch.cos(x)", "torch.sin(m)",
          "x.detach()", "torch.diff(x)", "torch.diff(x, dim=1)", "torch.diff(x, n=2, dim=0)", "torch.diff(m, prepend=torch.zeros(3, 1))", "torch.diff(m, 2, 0, append=torch.zeros(1, 4))", "torch.divide(x, m)", "torch.empty(2, 5)", "torch.empty_like(x)", "m.expand_as(x)", "torch.expand_copy(m, (2, 3, 4))",
          "x.clone().fill_(2.0)", "torch.full((2, 3), 1.5)", "torch.full_like(x, 7)", "torch.histc(x, bins=5)", "torch.linspace(0, 1, 7)", "torch.log_softmax(x, 1)",
          "torch.softmax(x, -1)", "torch.matmul(x, m.t())", "torch.matmul(m, torch.randn(4))", "torch.matmul(x, x)", "torch.meshgrid(torch.randn(3), torch.randn(4), indexing='ij')",
          "x.new_empty((5, 2))", "x.new_ones(3)", "torch.ones_like(m)", "torch.zeros_like(x, dtype=torch.long)", "torch.rand_like(x)", "torch.randn_like(m)", "x.permute(2, 0, 1)",
          "torch.polar(m.abs(), m)", "torch.pow(x, 2)", "x.pow(m)", "x.repeat(2, 1, 1)", "x.reshape(6, -1)", "x.reshape(5, -1)", "torch.split(x, 2, 2)", "torch.split_copy(x, 1)",
          "torch.split_with_sizes_copy(x, [1, 2], 1)", "x.squeeze()", "torch.squeeze_copy(x.unsqueeze(0))", "m.t()", "x.transpose(0, 2)", "torch.transpose_copy(x, 1, 2)",
          "torch.triu(m)", "torch.unbind(x, 1)", "x.unsafe_split_with_sizes([2, 1], 1)", "x.unsqueeze(-1)", "torch.var(x)", "x.var(1)", "x.view(4, 6)", "x.view(5, 5)",
          "torch.view_as_complex(z)", "torch.view_as_real(torch.view_as_complex(z))", "x.type_as(torch.tensor([1]))", "x.to(torch.float16)", "x.float()", "x.double()",
          "x.half()", "x.int()", "x.long()", "x.short()", "x.bool()", "x.byte()", "x.char()", "x.bfloat16()", "torch.hann_window(8)", "torch.hamming_window(5)",
          "torch.blackman_window(6)", "torch.bartlett_window(7)", "torch.kaiser_window(9)", "torch.conv3d(torch.randn(1, 2, 4, 5, 5), torch.randn(3, 2, 3, 3, 3))",
          "torch.conv_transpose1d(torch.randn(1, 2, 5), torch.randn(2, 3, 3))", "torch.conv_transpose2d(torch.randn(1, 2, 5, 5), torch.randn(2, 3, 3, 3), stride=2)",
          "torch.conv_transpose3d(torch.randn(1, 2, 3, 4, 4), torch.randn(2, 3, 2, 2, 2))", "torch.max_pool3d(torch.randn(1, 2, 4, 4, 4), 2)",
          "F.adaptive_avg_pool2d(x.unsqueeze(0), 2)", "F.adaptive_avg_pool3d(x.unsqueeze(0).unsqueeze(0), (1, 2, 2))", "F.adaptive_max_pool1d(x, 2)",
          "F.adaptive_max_pool2d(x.unsqueeze(0), (2, 1))", "F.adaptive_max_pool3d(x.unsqueeze(0).unsqueeze(0), 1)", "F.avg_pool2d(x.unsqueeze(0), 2)",
          "F.avg_pool3d(torch.randn(1, 2, 4, 4, 4), 2)", "F.conv3d(torch.randn(1, 2, 4, 5, 5), torch.randn(3, 2, 3, 3, 3), padding=1)", "F.dropout2d(x.unsqueeze(0), 0.5, training=False)",
          "F.elu(x)", "F.gelu(x)", "F.glu(x, -1)", "F.glu(x, 1)", "F.hardsigmoid(x)", "F.hardtanh(x)", "F.leaky_relu(x, 0.1)", "F.linear(x, torch.randn(5, 4))",
          "F.linear(x, torch.randn(5, 3))", "F.log_softmax(x, dim=2)", "F.logsigmoid(x)", "F.relu6(x)", "F.softmax(x, 0)", "F.upsample(x.unsqueeze(0), scale_factor=2)",
          "F.upsample_bilinear(x.unsqueeze(0), scale_factor=2)", "F.upsample_nearest(x.unsqueeze(0), size=(6, 8))",
          "F.grid_sample(x.unsqueeze(0), torch.rand(1, 5, 5, 2))", "F.affine_grid(torch.randn(2, 2, 3), (2, 3, 8, 8), align_corners=False)"]:
    case("basics", e.split("(")[0].split(".")[-1], BASIC, e)

# Functional forms of reshaping and normalising layers.
for e in ["F.pixel_unshuffle(torch.randn(1, 2, 4, 6), 2)", "F.pixel_unshuffle(torch.randn(1, 2, 5, 6), 2)", "torch.pixel_unshuffle(torch.randn(2, 3, 4, 4), 4)",
          "F.channel_shuffle(torch.randn(1, 6, 3, 3), 3)", "torch.channel_shuffle(torch.randn(2, 4, 5), 2)", "F.channel_shuffle(torch.randn(1, 5, 3, 3), 2)",
          "F.local_response_norm(torch.randn(2, 6, 4, 4), 3)", "F.local_response_norm(torch.randn(2, 6), 3)"]:
    case("layer forms", e.split("(")[0].split(".")[-1], "", e)

# Functional activations and their in-place forms.
for e in ["F.celu(x)", "F.celu(x, alpha=0.0)", "F.softsign(x)", "F.softmin(x, dim=1)", "F.tanhshrink(x)", "F.hardshrink(x, 0.3)", "F.softshrink(x)",
          "F.relu_(x.clone())", "F.elu_(x.clone())", "F.selu_(x.clone())", "F.celu_(x.clone())", "F.leaky_relu_(x.clone(), 0.2)", "F.hardtanh_(x.clone())",
          "F.threshold_(x.clone(), 0.1, 0.0)"]:
    case("activations", e.split("(")[0].split(".")[-1], "x = torch.randn(2, 3, 4)", e)

# The legacy constructor: sizes (uninitialized values, so a shape only), or data.
case("constructors", "new", "x = torch.randn(3)", "x.new(2, 3)")
case("constructors", "new", "x = torch.randn(3)", "x.new()")

# Sizes only the data decides: on known values, exactly; on values not known, at the bound, which PyTorch reaches
# here (every element non-zero, every box kept): `bound` marks those cases.
KNOWN = "k = torch.tensor([[0, 3, 0], [2, 0, 5]])\nb = torch.tensor([True, False, True])\nl = torch.tensor([3, 1, 3, 2, 1])"
ALL_TRUE = "r = torch.rand(2, 3, 4) + 1\nm = r > 0\nv = torch.rand(6) + 1"
for e in ["torch.nonzero(k)", "k.nonzero()", "torch.nonzero(k, as_tuple=True)", "torch.argwhere(k)", "torch.where(k)", "torch.where(b)",
          "torch.masked_select(k, k > 2)", "k[k > 0]", "k[:, b]", "torch.tensor([5, 6, 7])[b]", "torch.unique(l)", "l.unique()",
          "torch.unique(l, return_counts=True)", "torch.unique(l, return_inverse=True)", "torch.count_nonzero(k)", "torch.count_nonzero(k, 1)",
          # Values not known one by one, but the set they are drawn from is: all non-zero, or all zero.
          "torch.where(torch.zeros(5, dtype=torch.long).fill_(1))", "torch.nonzero(torch.ones(2, 3) > 0)", "torch.ones(4)[torch.zeros(4) > 0]",
          "torch.unique(torch.full((3, 4), 7))"]:
    case("data-sized", e.split("(")[0].split(".")[-1].split("[")[0], KNOWN, e)
for e in ["torch.nonzero(r)", "torch.argwhere(r)", "torch.where(r > 0)", "torch.masked_select(r, m)", "r[m]", "r[m[:, :, 0]]", "r[0][m[0]]",
          "v[v > 0]", "torch.nonzero(v, as_tuple=True)", "torch.unique(v)",
          # A flat index modulo a count of classes: labels drawn from 0…k-1, all of which 200 draws reach here.
          "torch.unique(torch.randint(0, 1000, (200,)) % 7)", "torch.unique(torch.remainder(torch.randint(0, 1000, (200,)), 5))"]:
    cases.append({"family": "data-sized", "name": e.split("(")[0].split(".")[-1].split("[")[0], "setup": ALL_TRUE, "expr": e, "bound": True})

# Every other name the engine evaluates in torch and Tensor (issue 31: a case for each): dtypes and devices as
# arguments, constructors of random values (their shapes), legacy typed constructors, and what gives a Python value
# (item, tolist, size, numel, dim…), read through the size of a tensor made from it.
X = "x = torch.randn(2, 3, 4)\nm = torch.randn(3, 4)\nz = torch.randn(2, 3, 2)\nb = torch.full((2, 3), False)"
for name, e in [
        ("FloatTensor", "torch.FloatTensor(2, 3)"), ("FloatTensor", "torch.FloatTensor([1, 2])"), ("LongTensor", "torch.LongTensor([1, 2, 3])"),
        ("LongTensor", "torch.LongTensor(4)"), ("Tensor", "torch.Tensor(2, 5)"), ("Tensor", "torch.Tensor([[1, 2]])"),
        ("asarray", "torch.asarray([1, 2, 3])"), ("asarray", "torch.asarray([[1.0, 2.0]])"), ("asarray", "torch.asarray(m)"),
        ("from_numpy", "torch.from_numpy(np.zeros((2, 3)))"), ("from_numpy", "torch.from_numpy(np.ones(4, dtype=np.int64))"),
        ("float16", "x.to(torch.float16)"), ("float32", "x.long().to(torch.float32)"), ("float64", "torch.zeros(2, dtype=torch.float64)"),
        ("int8", "x.to(torch.int8)"), ("int16", "x.to(dtype=torch.int16)"), ("int32", "torch.ones(3, dtype=torch.int32)"),
        ("int64", "x.to(torch.int64)"), ("uint8", "torch.zeros(2, 2, dtype=torch.uint8)"),
        ("complex64", "torch.zeros(2, dtype=torch.complex64)"), ("complex128", "torch.ones(3, dtype=torch.complex128)"),
        ("cfloat", "torch.zeros(1, 2, dtype=torch.cfloat)"), ("cdouble", "torch.zeros(2, dtype=torch.cdouble)"),
        ("real", "torch.real(torch.view_as_complex(z))"), ("real", "torch.real(m)"), ("imag", "torch.imag(torch.view_as_complex(z))"),
        ("device", "x.to(torch.device('cpu'))"), ("device", "b.to(x.device)"), ("device", "b.to(x.device, torch.float16)"),
        ("device", "torch.zeros(2, device=x.device)"), ("device", "torch.zeros(1) if x.device == torch.device('cpu') else torch.zeros(2)"),
        ("device", "torch.zeros(1) if x.device.type == 'cpu' else torch.zeros(2)"),
        ("is_tensor", "torch.zeros(1) if torch.is_tensor(x) else torch.zeros(2)"), ("is_tensor", "torch.zeros(1) if torch.is_tensor(3) else torch.zeros(2)"),
        ("rand", "torch.rand(2, 3)"), ("rand", "torch.rand((4,), dtype=torch.float64)"), ("randn", "torch.randn(5)"), ("randn", "torch.randn(2, 3, dtype=torch.float16)"),
        ("randint", "torch.randint(0, 5, (2, 3))"), ("randint", "torch.randint(5, (3,))"), ("randint", "torch.randint(1, 4, (2,), dtype=torch.int32)"),
        ("T", "m.T"), ("cpu", "x.cpu()"), ("data", "x.data"), ("dim", "torch.zeros(x.dim())"), ("ndim", "torch.zeros(m.ndim)"),
        ("dtype", "torch.zeros(1, dtype=b.dtype)"), ("element_size", "torch.zeros(x.element_size(), b.element_size())"),
        ("fill_", "x.clone().fill_(2)"), ("fill_", "b.clone().fill_(1)"),
        ("is_contiguous", "torch.zeros(1) if x.is_contiguous() else torch.zeros(2)"), ("is_contiguous", "torch.zeros(1) if m.t().contiguous().is_contiguous() else torch.zeros(2)"),
        ("is_contiguous", "torch.zeros(1) if x[1, None].is_contiguous() else torch.zeros(2)"),
        ("item", "torch.zeros(int(torch.tensor(3).item()))"), ("item", "torch.zeros(int(torch.tensor([1.5, 2.5]).sum().item()))"), ("item", "torch.zeros(2) if torch.tensor(True).item() is True else torch.zeros(3)"),
        ("item", "torch.zeros(int(m.item()))"),
        ("numel", "torch.zeros(x.numel())"), ("nelement", "torch.zeros(m.nelement())"),
        ("requires_grad_", "x.clone().requires_grad_()"), ("requires_grad_", "m.clone().requires_grad_(False)"),
        ("shape", "torch.zeros(x.shape[1:])"), ("size", "torch.zeros(x.size(-1))"), ("size", "x.new_zeros(x.size())"), ("size", "torch.zeros(x.size()[0])"),
        ("tolist", "torch.zeros(torch.tensor([2, 3]).tolist())"), ("tolist", "torch.zeros(len(x.tolist()))"), ("tolist", "torch.zeros(len(x.tolist()[1][2]))"),
        ("type", "x.type(torch.int32)"), ("type", "x.type('torch.LongTensor')"), ("type", "b.type(torch.float64)")]:
    case("coverage", name, X + ("\nimport numpy as np" if "np." in e else ""), e)
LOSS = "x = torch.randn(4, 8)\np = torch.randn(4, 8)\nn = torch.randn(4, 8)\nq = torch.randn(5, 3, 8)"
for e in ["F.gaussian_nll_loss(x, p, torch.ones(4, 8))", "F.gaussian_nll_loss(x, p, torch.ones(4, 1), reduction='none')", "F.gaussian_nll_loss(x, p, torch.ones(3, 8))",
          "F.multilabel_margin_loss(x, torch.zeros(4, 8, dtype=torch.long))", "F.multilabel_margin_loss(x, torch.zeros(4, 8, dtype=torch.long), reduction='none')",
          "F.triplet_margin_with_distance_loss(x, p, n)", "F.triplet_margin_with_distance_loss(x, p, n, reduction='none')",
          "F.multi_head_attention_forward(q, q, q, 8, 2, torch.randn(24, 8), torch.randn(24), None, None, False, 0.0, torch.randn(8, 8), torch.randn(8), training=False)",
          "F.multi_head_attention_forward(q, q, q, 8, 2, torch.randn(24, 8), torch.randn(24), None, None, False, 0.0, torch.randn(8, 8), torch.randn(8), training=False, need_weights=False)[0]",
          "F.multi_head_attention_forward(q, q, q, 8, 3, torch.randn(24, 8), torch.randn(24), None, None, False, 0.0, torch.randn(8, 8), torch.randn(8), training=False)"]:
    case("coverage", e.split("(")[0].split(".")[-1], LOSS, e)
# torch.no_grad: a context in which the operations are the same ones.
case("coverage", "no_grad", "x = torch.randn(2, 3)\nwith torch.no_grad():\n    y = x * 2", "y.sum(0)")

# In-place forms (x.add_(y)): each in-place Tensor method whose out-of-place form has a case on `x` gets that case
# in place, on a clone (the result keeps x's shape and dtype; a result that does not fit in x is an error).
import re
inplace = {}
for c in list(cases):
    m = re.match(r"^(?:x\.(\w+)\((.*)\)|torch\.(\w+)\(x(?:, (.*))?\))$", c["expr"])
    if not m or "x =" not in c["setup"]:
        continue
    name, rest = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4) or "")
    if not hasattr(torch.Tensor, name + "_") or inplace.get(name, 0) >= 2:
        continue
    inplace[name] = inplace.get(name, 0) + 1
    case("in place", name + "_", c["setup"], f"x.clone().{name}_({rest})")


def describe(v):
    if isinstance(v, torch.Tensor):
        d = {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", "")}
        # The values of small results, for the cases that compute them (family "values", "data-sized").
        if v.numel() <= 16 and not v.is_complex() and bool(torch.isfinite(v.double()).all()):
            d["values"] = [float(x) for x in v.flatten().tolist()]
        return [d]
    return [x for item in v for x in describe(item)]


for c in cases:
    scope = {"torch": torch, "F": torch.nn.functional}
    try:
        exec(c["setup"], scope)
        result = eval(c["expr"], scope)
        c["output"] = describe(result)
        if isinstance(result, (tuple, list)):
            c["tuple"] = True
    except (RuntimeError, IndexError, ValueError, TypeError, AssertionError) as e:
        c["error"] = str(e).split("\n")[0][:200]
    print(f"{c['name']:18} {c['expr'][:60]:60} {c.get('output') or 'raises: ' + c['error']}")

with open(OUT, "w") as f:
    json.dump({"meta": {"torch": torch.__version__, "seed": 30}, "cases": cases}, f, indent=1)
    f.write("\n")
print(f"{len(cases)} cases, {sum('error' in c for c in cases)} refused by PyTorch")
