#!/usr/bin/env python3
"""Reference results for the constructs the public-code corpus taught the engine, each in a minimal form of our own.

The corpus (test/corpus: model lists only; the code stays in checkouts outside the repository) exercised Python,
torch and numpy constructs that no other unit test reached. Each is written here small, run by real Python 3 with
Debian's PyTorch 1.13, and its result kept in test/data/corpus-constructs.reference.json, which
test/unit/corpusConstructs.test.ts runs through the engine:

- values: `setup` then `expr`, an int (the test sizes a Linear with it, so the engine must know it exactly);
- tensors: `setup` then `expr` inside a forward, the shapes of the tensor or tuple it gives;
- modules: a class Net, run once in eval mode under no_grad on randn inputs: its params, Mult-Adds and output shapes.

Regenerate: /usr/bin/python3 test/oracle/corpus_constructs.py
"""

import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_models  # noqa: E402  (measure_model: Mult-Adds as the corpus counts them)
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "corpus-constructs.reference.json"))
PRELUDE = "import copy\nimport functools\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport numpy as np\n"

VALUES = [
    ("pow() of ints, floats and with a modulus (torchaudio's HDemucs dilates by pow(2, d))", "d = 3",
     "pow(2, d) * 1000 + pow(3, 4, 5) * 100 + int(pow(2.0, -1) * 10)"),
    ("bin(), oct() and hex() as strings", "", "len(bin(5)) * 100 + len(oct(64)) * 10 + len(hex(-255))"),
    ("frozenset() keeps each value once", "xs = [1, 1, 2]", "len(frozenset(xs)) + (10 if 2 in frozenset(xs) else 0)"),
    ("str.strip with characters, and its one-sided forms", "s = '--a1b2--'",
     "len(s.strip('-')) * 100 + len(s.lstrip('-')) * 10 + len(s.rstrip('-'))"),
    ("str.join of strings", "parts = ['12', '34']", "int(''.join(parts))"),
    ("dict.setdefault: the value there, else the default, set", "d = {'a': 3}",
     "d.setdefault('a', 5) * 10 + d.setdefault('b', 7) + len(d) * 100"),
    ("reversed() and sorted()", "xs = [3, 1, 2]", "list(reversed(xs))[0] * 100 + sorted(xs)[0] * 10 + sorted(xs)[-1]"),
    ("bool() of containers; list(), tuple() and set() of nothing", "xs = [0]",
     "int(bool(xs)) * 1000 + int(bool({})) * 100 + len(list()) + len(tuple()) + len(set()) + 1"),
    ("set() of a list keeps each value once", "xs = [4, 4, 2]", "len(set(xs))"),
    ("a dict comprehension", "", "sum({k: k * k for k in range(4)}.values())"),
    ("functools.partial: its keywords and the call's merged",
     "def f(a, b=1, c=1):\n    return a * 100 + b * 10 + c\ng = functools.partial(f, b=2)", "g(3, c=4)"),
    ("a decorator of the code's own wraps the function",
     "def twice(fn):\n    def run(x):\n        return fn(fn(x))\n    return run\n@twice\ndef inc(x):\n    return x + 3", "inc(1)"),
    ("a registry decorator hands the function back",
     "REGISTRY = {}\ndef register(fn):\n    REGISTRY[fn.__name__] = fn\n    return fn\n@register\ndef width():\n    return 48",
     "REGISTRY['width']() + width()"),
    ("string escapes", "s = '\\x41\\t'", "ord(s[0]) * 10 + len(s)"),
    ("xor, string indexing and `in` on strings", "s = 'abc'", "(6 ^ 3) * 100 + int('bc' in s) * 10 + ord(s[-1]) - ord('a')"),
    ("a list item assigned, and slices with a negative step", "xs = [1, 2, 3, 4]\nxs[-1] = 9", "xs[::-1][0] * 10 + xs[2:0:-1][1]"),
    ("next() on iter() of a list, with a default when it is spent", "it = iter([5])\na = next(it)\nb = next(it, 7)", "a * 10 + b"),
    ("functools.reduce, with and without an initial value", "",
     "functools.reduce(lambda a, b: a * b, [2, 3, 4]) + functools.reduce(lambda a, b: a + b, [1, 2], 100)"),
    ("a property", "class C:\n    def __init__(self):\n        self.w = 6\n    @property\n    def double(self):\n        return self.w * 2", "C().double"),
    ("getattr with a default", "class C:\n    pass", "getattr(C(), 'missing', 8)"),
    ("return from inside a try", "def f():\n    try:\n        return 4\n    except ValueError:\n        return 5", "f()"),
    ("an augmented assignment makes a local name", "n = 100\ndef f():\n    n = 1\n    for _ in range(3):\n        n += 2\n    return n", "f()"),
    ("format specs: width, zero fill, fixed precision with ties to even", "x = 7\ny = 2.5\nz = 0.125",
     "int(f'{x:d}{y:.0f}{x:03d}') * 10 + len(f'{x:4}') + int(f'{z:.2f}'[-1])"),
    ("round() with ndigits: an int stays an int, ties go to even", "", "round(25, -1) + round(7, 2) + int(round(0.125, 2) * 100)"),
    ("`with … as` binds what __enter__ returns",
     "class Ctx:\n    def __enter__(self):\n        return 5\n    def __exit__(self, *exc):\n        return False\nwith Ctx() as c:\n    n = c", "n"),
    ("__getitem__ of the code's own class", "class Cfg:\n    def __getitem__(self, key):\n        return len(key) * 3", "Cfg()['abcd']"),
    ("an IndexError caught, floor division, and the truth of a tuple",
     "try:\n    v = [1][5]\nexcept IndexError:\n    v = 3", "v * 100 + (7 // 2) * 10 + int(bool((0,)))"),
    ("dir() of a class, as registries filter it", "class Base:\n    depth = 1\nclass C(Base):\n    width = 2\n    _hidden = 3",
     "len([n for n in dir(C) if not n.startswith('_')]) * 10 + len(dir(C)) // len(dir(C))"),
    ("values of an arange sliced with a step, and .tolist()", "", "int(torch.arange(10)[::3][-1]) * 10 + sum(torch.arange(5)[1::2].tolist())"),
    ("a wrapper declared with functools.wraps runs the function it wraps",
     "def logged(fn):\n    @functools.wraps(fn)\n    def run(*args, **kwargs):\n        return fn(*args, **kwargs)\n    return run\n@logged\ndef width(k=3):\n    return k * 5",
     "width(k=4)"),
    ("a class decorator of the code's own, as registries write it",
     "MODELS = {}\ndef register(cls):\n    MODELS[cls.__name__] = cls\n    return cls\n@register\nclass Tiny:\n    depth = 6", "MODELS['Tiny'].depth + Tiny.depth"),
    ("dict.pop with and without a default", "d = {'a': 1}", "d.pop('a') * 10 + d.pop('b', 4) + len(d)"),
    ("StopIteration when next() finds nothing, caught", "it = iter([])\ntry:\n    v = next(it)\nexcept StopIteration:\n    v = 6", "v"),
    ("== on lists and tuples, and >=", "", "int([1, 2] == [1, 2]) * 100 + int((1, 2) == (1, 3)) * 10 + int(3 >= 2)"),
]

TENSORS = [
    ("unbind along a dim, and along its default dim 0", "x = torch.randn(3, 2, 5)", "x.unbind(1) + torch.unbind(x)"),
    ("F.pad: pairs from the last dim backwards", "x = torch.randn(1, 2, 5, 6)", "F.pad(x, (1, 2, 3, 4))"),
    ("F.linear with and without a bias", "x = torch.randn(4, 7, 6)\nw = torch.randn(3, 6)\nb = torch.randn(3)", "(F.linear(x, w, b), F.linear(x, w))"),
    ("torch.stack at a dim, a negative one too", "a = torch.randn(2, 3)\nb = torch.randn(2, 3)", "(torch.stack([a, b], 1), torch.stack((a, b), dim=-1))"),
    ("max and min: of all elements, along a dim with keepdim, and of two tensors", "x = torch.randn(2, 5)\ny = torch.randn(2, 5)",
     "(x.max(), x.min(dim=1, keepdim=True)[0], torch.max(x, y))"),
    ("arange longer than the values kept: its shape", "", "torch.arange(0, 100000, 3)"),
    ("Ellipsis and None in an index", "x = torch.randn(2, 3, 4, 5)", "(x[..., 1], x[:, None, ..., ::2], x[0, ..., 1:3])"),
]

MODULES = [
    ("tensordot as a contraction, kron, and a fold of unfolded patches", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(4, 8, 6))
    def forward(self, x):
        y = torch.tensordot(x, self.w, dims=([1, 3], [0, 1]))
        patches = F.unfold(y[:, None], 2, stride=2)
        return F.fold(patches, (6, 6), 2, stride=2), torch.kron(y[0, 0], self.w[0, 0])
""", [[2, 4, 6, 8]]),
    ("einsum with an ellipsis and with an implicit output", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(3, 4))
    def forward(self, x):
        y = torch.einsum('...ij,jk', x, self.w)
        z = torch.einsum('bij,bkj->bik', y, y)
        s = torch.einsum('bij,bkj', y, y)
        return torch.einsum('b i j -> b j', z), torch.einsum('ii', s), s
""", [[5, 2, 3]]),
    ("attention pooling with F.multi_head_attention_forward and separate projections (CLIP's AttentionPool2d)", """
class Net(nn.Module):
    def __init__(self, spacial_dim=7, embed_dim=64, num_heads=4, output_dim=32):
        super().__init__()
        self.positional_embedding = nn.Parameter(torch.randn(spacial_dim ** 2 + 1, embed_dim) / embed_dim ** 0.5)
        self.k_proj = nn.Linear(embed_dim, embed_dim)
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.v_proj = nn.Linear(embed_dim, embed_dim)
        self.c_proj = nn.Linear(embed_dim, output_dim or embed_dim)
        self.num_heads = num_heads
    def forward(self, x):
        x = x.flatten(start_dim=2).permute(2, 0, 1)
        x = torch.cat([x.mean(dim=0, keepdim=True), x], dim=0)
        x = x + self.positional_embedding[:, None, :].to(x.dtype)
        x, _ = F.multi_head_attention_forward(
            query=x[:1], key=x, value=x, embed_dim_to_check=x.shape[-1], num_heads=self.num_heads,
            q_proj_weight=self.q_proj.weight, k_proj_weight=self.k_proj.weight, v_proj_weight=self.v_proj.weight,
            in_proj_weight=None, in_proj_bias=torch.cat([self.q_proj.bias, self.k_proj.bias, self.v_proj.bias]),
            bias_k=None, bias_v=None, add_zero_attn=False, dropout_p=0, out_proj_weight=self.c_proj.weight,
            out_proj_bias=self.c_proj.bias, use_separate_proj_weight=True, training=self.training, need_weights=False)
        return x.squeeze(0)
""", [[2, 64, 7, 7]]),
    ("F.multi_head_attention_forward with packed projections, bias_k/bias_v and a zero attention row", """
class Net(nn.Module):
    def __init__(self, E=32):
        super().__init__()
        self.in_proj_weight = nn.Parameter(torch.randn(3 * E, E))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * E))
        self.bias_k = nn.Parameter(torch.zeros(1, 1, E))
        self.bias_v = nn.Parameter(torch.zeros(1, 1, E))
        self.out = nn.Linear(E, E)
    def forward(self, q, kv):
        out, w = F.multi_head_attention_forward(q, kv, kv, 32, 4, self.in_proj_weight, self.in_proj_bias, self.bias_k, self.bias_v,
                                                True, 0.0, self.out.weight, self.out.bias, training=False, average_attn_weights=False)
        return out, w
""", [[6, 2, 32], [7, 2, 32]]),
    ("a dilated backbone made by setting dilation, padding and stride on built convs (DeepLab's way)", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.body = nn.Sequential(nn.Conv2d(8, 8, 3, stride=2, padding=1), nn.ReLU(), nn.Conv2d(8, 16, 3, padding=1))
        for m in self.body.modules():
            if isinstance(m, nn.Conv2d):
                m.dilation, m.padding, m.stride = (2, 2), (2, 2), (1, 1)
    def forward(self, x):
        return self.body(self.stem(x))
""", [[1, 3, 32, 32]]),
    ("a pool's kernel and an upsampling's factor set after construction; a conv's kernel_size attribute, which forward ignores", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.up = nn.Upsample(scale_factor=2)
        self.pool.kernel_size = 4
        self.up.scale_factor = 3
        self.conv.kernel_size = (5, 5)
    def forward(self, x):
        return self.up(self.pool(self.conv(x)))
""", [[1, 4, 16, 16]]),
    ("a child replaced by a plain value, and another deleted", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(4, 4)
        self.b = nn.Linear(4, 8)
        self.c = nn.Linear(4, 2)
        self.b = None
        del self.c
    def forward(self, x):
        return self.a(x)
""", [[1, 4]]),
    ("register_parameter and register_buffer by name", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_parameter('scale', nn.Parameter(torch.ones(6)))
        self.register_buffer('shift', torch.zeros(6))
        self.fc = nn.Linear(6, 3)
    def forward(self, x):
        return self.fc(x * self.scale + self.shift)
""", [[2, 6]]),
    ("a slice of a Sequential and of a ModuleList, with negative bounds", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.seq = nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 6), nn.Linear(6, 7))
        self.blocks = nn.ModuleList([nn.Linear(3, 3) for _ in range(4)])
    def forward(self, x, y):
        for b in self.blocks[1:-1]:
            y = b(y)
        return self.seq[:-1](x), y
""", [[1, 4], [1, 3]]),
    ("copy.deepcopy of a list and of a dict of layers: new parameters each time", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        proto = [nn.Linear(4, 4)]
        table = {'head': nn.Linear(4, 2)}
        self.a = nn.ModuleList(copy.deepcopy(proto) + copy.deepcopy(proto))
        self.b = copy.deepcopy(table)['head']
    def forward(self, x):
        return self.b(self.a[1](self.a[0](x)))
""", [[1, 4]]),
    ("an empty Sequential is false, a full one true", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.short = nn.Sequential()
        self.body = nn.Sequential(nn.Linear(4, 4))
        self.extra = nn.Linear(4, 4) if self.body else None
        self.skip = nn.Linear(4, 4) if self.short else None
    def forward(self, x):
        return self.extra(self.body(x))
""", [[1, 4]]),
    ("a layer shared under two names: its parameters once, and once in modules() and named_modules()", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        shared = nn.Linear(4, 4)
        self.a = shared
        self.b = shared
        self.head = nn.Linear(4, len(list(self.modules())) + len(list(self.named_modules())))
    def forward(self, x):
        return self.head(self.b(self.a(x)))
""", [[1, 4]]),
    ("a module is true in a condition (`if self.downsample:`)", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.downsample = nn.Linear(4, 2)
        self.fc = nn.Linear(2, 3) if self.downsample else nn.Linear(4, 3)
    def forward(self, x):
        return self.fc(self.downsample(x))
""", [[1, 4]]),
    ("a layer's bias given as 0 or 1", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(4, 4, bias=0)
        self.b = nn.Conv2d(4, 4, 1, bias=1)
    def forward(self, x):
        return self.b(self.a(x))
""", [[1, 4, 2, 4]]),
    ("numpy configures a model: linspace by keyword, zeros with a dtype by name, cumsum, split, mean and sum", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        widths = np.linspace(8, 16, num=3).astype(int)
        depth = np.zeros(2, dtype='int64') + 1
        ends = np.cumsum([1, 2, 3])
        parts = np.split(np.arange(6), 3)
        self.fc = nn.Linear(int(widths[1]), int(ends[-1]) + int(np.sum(depth)) + len(parts[0]) + int(np.mean([2, 4])))
    def forward(self, x):
        return self.fc(x)
""", [[1, 12]]),
]


def shapes(v):
    return [list(t.shape) for t in (v if isinstance(v, (tuple, list)) else [v])]


def main():
    out = {"meta": {"torch": torch.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}, "values": [], "tensors": [], "modules": []}
    for name, setup, expr in VALUES:
        ns = {}
        exec(PRELUDE + setup, ns)
        value = eval(expr, ns)
        assert isinstance(value, int) and value > 0, (name, value)
        out["values"].append({"name": name, "setup": setup, "expr": expr, "value": value})
    for name, setup, expr in TENSORS:
        ns = {}
        exec(PRELUDE + setup, ns)
        out["tensors"].append({"name": name, "setup": setup, "expr": expr, "output": shapes(eval(expr, ns))})
    for name, src, inputs in MODULES:
        ns = {}
        exec(PRELUDE + src, ns)
        m = ns["Net"]().eval()
        with torch.no_grad():
            y = m(*[torch.randn(*s) for s in inputs])
        measured = corpus_models.measure_model(m, [torch.randn(*s) for s in inputs])
        out["modules"].append({"name": name, "src": src.lstrip("\n"), "input": inputs,
                               "params": sum(p.numel() for p in m.parameters()), "multAdds": measured["multAdds"], "output": shapes(y)})
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"{OUT}: {len(VALUES)} values, {len(TENSORS)} tensor cases, {len(MODULES)} modules")


if __name__ == "__main__":
    main()
