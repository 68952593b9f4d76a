#!/usr/bin/env python3
"""Generated cases for the standard-library families installed model libraries lean on, run by real Python.

timm's `create_model` reads a model name as a URL (urllib.parse), `list_models` filters names by shell patterns
(fnmatch), sorts them by a natural key (sorted with key=), takes sets apart (set operators and methods) and its
registry finds a model's module through sys.modules. Each family is covered as a grid of inputs, not a few cases:

- urlsplit, urlparse and urlunsplit over URLs built from every combination of scheme, netloc, path, params, query
  and fragment (and odd ones: a scheme-like prefix that is not one, a leading space, a tab inside);
- fnmatch, fnmatchcase and filter over every pattern of a grid (`*`, `?`, classes, negated classes, an unclosed
  `[`, regex characters that must stay literal) against a set of names;
- sorted and list.sort with and without key= and reverse= (stability included), min and max with key= and default=,
  over ints, floats, bools, strings (code points), tuples and natural keys;
- math: every function over a grid of numbers (domain errors included), log with a base (ECA's kernel size),
  the integer functions and prod;
- str() and repr() of numbers (floats across magnitudes), strings (quotes, escapes) and containers of them;
- a list's slices assigned (any lengths, extended slices) and deleted, over a grid of bounds and steps;
- enum: members by value, by name and in order, aliases, auto(), str and int mixins compared with their values;
- operator's functions over pairs of values, reduce with operator.mul, itemgetter and attrgetter; isinstance
  against typing's Tuple, List and Dict;
- set operators (-, &, |, ^) and methods (union, intersection, difference, symmetric_difference, issubset, their
  _update forms, add, discard, remove), list.remove, dict.popitem and dict.clear, os.path.split.

Each case is `setup` then `expr`; `value` is what Python gives, as JSON (tuples and named tuples as lists). A result
that is a set is written `sorted(...)` in the expression, since a set's iteration order is Python's hash order.

Output: test/data/stdlib-cases.reference.json. Regenerate: python3 test/oracle/stdlib_cases.py (any CPython 3.11).
"""

import json
import math
import os
import sys

sys.dont_write_bytecode = True
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "stdlib-cases.reference.json"))


def as_json(v):
    if isinstance(v, (list, tuple)):
        return [as_json(x) for x in v]
    if isinstance(v, dict):
        return {str(k): as_json(x) for k, x in v.items()}
    return v


def url_cases():
    out = []
    schemes = ["", "http:", "hf-hub:", "timm:", "HTTPS:", "1x:"]
    netlocs = ["", "//host", "//user@host:80"]
    paths = ["", "resnet50", "/a/b.c", "org/name@rev"]
    tails = ["", ";p=1", "?q=1", "#frag", "?q=1#frag"]
    for s in schemes:
        for n in netlocs:
            for p in paths:
                for t in tails:
                    out.append(s + n + p + t)
    out += [" http://x/y", "a\tb:c/d", "hf_hub:org/name", "vit_base_patch16_224.augreg_in21k", "c:\\x", "path:with:colons"]
    cases = []
    for u in out:
        cases.append({"setup": "", "expr": f"list(urllib.parse.urlsplit({u!r}))"})
        cases.append({"setup": "", "expr": f"list(urllib.parse.urlparse({u!r}))"})
        cases.append({"setup": "", "expr": f"urllib.parse.urlsplit({u!r}).path"})
        cases.append({"setup": "", "expr": f"urllib.parse.urlunsplit(urllib.parse.urlsplit({u!r}))"})
    cases.append({"setup": "", "expr": "list(urllib.parse.urlsplit('x/y#z', allow_fragments=False))"})
    cases.append({"setup": "", "expr": "list(urllib.parse.urlsplit('//h/p', 'https'))"})
    return cases


def fnmatch_cases():
    names = ["resnet50", "resnet50d", "resnet101", "convnext_tiny", "convnext_tiny.in12k", "vit_base_patch16_224",
             "a.b", "a+b", "[x]", "x", "", "ResNet50", "deit_small", "x-y", "a^b", "a\\b"]
    patterns = ["*", "resnet*", "resnet??", "resnet?d", "*_tiny*", "convnext_*.*", "[rc]*", "[!rc]*", "[a-d]*",
                "*[0-9]", "a.b", "a?b", "a+b", "[[]x]", "[x", "x]", "", "?", "*resnet*", "RESNET*", "*-*", "a^b",
                "[]]", "[!]]*", "[^a]*", "a\\b", "*.in12k", "vit_*_224", "[a-]*", "[!a-c]*"]
    cases = []
    for p in patterns:
        cases.append({"setup": "", "expr": f"fnmatch.filter({names!r}, {p!r})"})
        for n in names[:6]:
            cases.append({"setup": "", "expr": f"[fnmatch.fnmatch({n!r}, {p!r}), fnmatch.fnmatchcase({n!r}, {p!r})]"})
    return cases


NATURAL = "import re\ndef natural(s):\n    return [int(t) if t.isdigit() else t for t in re.split(r'(\\d+)', s.lower())]"


def order_cases():
    seqs = [
        "[3, 1, 2, 1]", "[2.5, -1, True, 0]", "['b', 'a', 'B', 'ab', '', 'a']", "[(1, 'b'), (1, 'a'), (0, 'z'), (1,)]",
        "['resnet101', 'resnet50', 'resnet18', 'resnet152d', 'resnet10t', 'ResNet26']", "[[2], [1, 5], [1], []]",
        "['é', 'e', 'z', 'É']",
    ]
    keys = ["None", "len", "str", "lambda x: -len(str(x))", "natural"]
    cases = []
    for s in seqs:
        for k in keys:
            if k == "natural" and "resnet" not in s:
                continue
            for r in ["False", "True"]:
                cases.append({"setup": NATURAL, "expr": f"sorted({s}, key={k}, reverse={r})"})
                cases.append({"setup": f"{NATURAL}\nxs = list({s})\nxs.sort(key={k}, reverse={r})", "expr": "xs"})
            cases.append({"setup": NATURAL, "expr": f"[min({s}, key={k}), max({s}, key={k})]"})
    cases += [
        {"setup": "", "expr": "[min(3, 1, 2), max(3, 1, 2), max(2.0, 3), min([], default=-1), max('ab', 'b')]"},
        {"setup": "", "expr": "[max([(1, 'a'), (1, 'b')]), min(['b', 'a'], key=lambda s: 0)]"},
        {"setup": "", "expr": "[max([1, 3, 2], key=lambda x: x % 3), min({'a': 2, 'b': 1}.items(), key=lambda kv: kv[1])]"},
    ]
    return cases


def set_cases():
    a, b = "{'x', 'y', 'z'}", "{'y', 'w'}"
    cases = []
    for op in ["-", "&", "|", "^"]:
        cases.append({"setup": "", "expr": f"sorted({a} {op} {b})"})
        cases.append({"setup": "d = {'y': 1, 'q': 2}", "expr": f"sorted({a} {op} d.keys())"})
    for m in ["union", "intersection", "difference", "symmetric_difference"]:
        cases.append({"setup": "", "expr": f"sorted({a}.{m}({b}))"})
        cases.append({"setup": "", "expr": f"sorted({a}.{m}(['y', 'v']))"})
    for m in ["update", "intersection_update", "difference_update", "symmetric_difference_update"]:
        cases.append({"setup": f"s = set({a})\ns.{m}({b})", "expr": "sorted(s)"})
    cases += [
        {"setup": "", "expr": f"[{b}.issubset({a}), {{'y'}}.issubset({a}), {a}.issuperset({{'x'}}), {a}.isdisjoint({{'q'}})]"},
        {"setup": "s = {'a'}\ns.add('b')\ns.add('a')\ns.discard('q')\ns.remove('a')", "expr": "sorted(s)"},
        {"setup": "s = set()\nfor n in ['b', 'a', 'b']:\n    s.update([n])", "expr": "[len(s), sorted(s)]"},
        {"setup": "xs = [1, 2, 1, 3]\nxs.remove(1)", "expr": "xs"},
        {"setup": "d = {'a': 1, 'b': 2}\nk = d.popitem()", "expr": "[list(k), d]"},
        {"setup": "d = {'a': 1}\nd.clear()", "expr": "d"},
        {"setup": "r = set(['a', 'b'])\nfor n in ['a', 'b']:\n    if n in r:\n        r.remove(n)\n    if not r:\n        break", "expr": "len(r)"},
    ]
    for p in ["a/b/c", "/a", "a", "/", "//", "a/", "a//b", "///a//b", ""]:
        cases.append({"setup": "", "expr": f"list(os.path.split({p!r}))"})
    return cases


def repr_cases():
    floats = []
    for m in [1, 1.5, 3.14159, 2.0 / 3, 123456789.123, 9.999999999999999]:
        for e in range(-8, 20, 3):
            floats += [m * 10.0 ** e, -m * 10.0 ** e]
    floats += [0.0, -0.0, 1e16, 1e15, 0.0001, 0.00001, 1e-7, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, 100.0, 1e22]
    strings = ["", "a", "it's", 'say "hi"', "both ' and \"", "back\\slash", "tab\tnew\nline\r", "\x00\x1f\x7f", "héllo", "日本"]
    cases = [{"setup": "", "expr": f"[str({f!r}), repr({f!r})]"} for f in floats]
    cases += [{"setup": "", "expr": f"[str({t!r}), repr({t!r}), str([{t!r}])]"} for t in strings]
    cases += [{"setup": "", "expr": e} for e in [
        "str((1,))", "str(())", "str([1, 'a', None, True, 2.5])", "str({'a': (1, 2), 'b': [None]})", "str({})", "repr([[], [[]]])",
        "str((1, ('x', 2.0)))", "str(None)", "str(False)",
    ]]
    return cases


def math_cases():
    xs = [0, 1, 2, 3, 7, 8, 10, 64, 100, 255, 320, 512, 1024, 0.5, 2.5, -1, -2.5, 1e-3, 1e20, 3.7]
    cases = []
    for name in ["sqrt", "exp", "log", "log2", "log10", "log1p", "expm1", "sin", "cos", "tan", "atan", "tanh", "fabs", "degrees",
                 "radians", "ceil", "floor", "trunc", "asin", "acos", "asinh", "acosh", "atanh", "sinh", "cosh"]:
        for x in xs:
            cases.append({"setup": "", "expr": f"math.{name}({x!r})"})
    for x in xs:
        for base in [2, 10, 3, 0.5, 1, math.e]:
            cases.append({"setup": "", "expr": f"math.log({x!r}, {base!r})"})
    for c in [16, 24, 32, 48, 64, 96, 128, 192, 256, 320, 384, 512, 640, 768, 1024, 2048]:
        cases.append({"setup": "import math\ndef eca(c, gamma=2, beta=1):\n    t = int(abs(math.log(c, gamma) + beta) / gamma)\n    return max(t if t % 2 else t + 1, 3)",
                      "expr": f"eca({c})"})
    for a, b in [(2, 3), (2, 0.5), (-2, 2), (-2, 0.5), (0, -1), (10, -2), (1.5, 2.5), (3, 1), (-8, 1 / 3)]:
        cases += [{"setup": "", "expr": f"math.{n}({a!r}, {b!r})"} for n in ["pow", "atan2", "copysign", "fmod", "hypot"]]
    for n in [0, 1, 5, 10, 20, 24, 15, 99, 2 ** 40]:
        cases += [{"setup": "", "expr": f"math.isqrt({n})"}, {"setup": "", "expr": f"math.factorial({min(n, 20)})"}]
        cases += [{"setup": "", "expr": f"[math.comb({n}, {k}), math.perm({n}, {k}), math.gcd({n}, {k}), math.lcm({n}, {k})]"} for k in [0, 1, 3, 7]]
    cases += [{"setup": "", "expr": e} for e in [
        "math.prod([2, 3, 4])", "math.prod([2, 0.5])", "math.prod([])", "math.prod([3], start=2)", "math.prod((1.5, 2))",
        "[math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(0.0, 1e-10), math.isclose(0.0, 1e-10, abs_tol=1e-9)]",
        "[math.isinf(math.inf), math.isnan(math.nan), math.isfinite(1e308), math.pi, math.e, math.tau]",
        "math.factorial(-1)", "math.sqrt(-1)", "math.log(0)", "math.ceil(float('inf'))",
    ]]
    return cases


def list_cases():
    bounds = [None, 0, 1, 3, -1, -2, 9, -9]
    cases = []
    for lo in bounds:
        for hi in bounds:
            for step in [None, 1, 2, -1, -2]:
                sl = f"{'' if lo is None else lo}:{'' if hi is None else hi}{'' if step is None else f':{step}'}"
                for values in ["[]", "['a']", "['a', 'b']", "['a', 'b', 'c']"]:
                    cases.append({"setup": f"xs = [0, 1, 2, 3, 4]\nxs[{sl}] = {values}", "expr": "xs"})
                cases.append({"setup": f"xs = [0, 1, 2, 3, 4]\ndel xs[{sl}]", "expr": "xs"})
    cases += [
        {"setup": "x = [7]\nx[-1:-1] = [x[-1] for _ in range(3)]", "expr": "x"},
        {"setup": "x = [1, 2]\nx[True] = 5", "expr": "x"},
        {"setup": "x = [1, 2, 3]\nx[1:] = (9 for _ in range(1))", "expr": "x"},
    ]
    return cases


ENUMS = """from enum import Enum, IntEnum, auto
class Format(str, Enum):
    NCHW = 'NCHW'
    NHWC = 'NHWC'
    NLC = 'NLC'
class Color(Enum):
    RED = 1
    GREEN = 2
    CRIMSON = 1
    def describe(self):
        return self.name.lower()
class Level(IntEnum):
    LOW = auto()
    HIGH = auto()
class Mode(Enum):
    A = auto()
    B = auto()"""


def enum_cases():
    exprs = [
        "[m.name for m in Format]", "[m.value for m in Color]", "len(Format)", "len(Color)",
        "Format('NHWC') is Format.NHWC", "Format(Format.NCHW) is Format.NCHW", "Format['NLC'].value",
        "[Format.NHWC == 'NHWC', 'NCHW' == Format.NCHW, Format.NHWC != 'NCHW', Format.NHWC != Format.NCHW]",
        "[Color.CRIMSON is Color.RED, Color(1).name, Color.GREEN.value, Color.RED == 1, Color.RED != Color.GREEN]",
        "Color.GREEN.describe()", "[Level.LOW.value, Level.HIGH.value, Level.HIGH == 2]", "[m.value for m in Mode]",
        "Format.NHWC in Format", "[Format.NHWC.name, Format.NHWC.value]", "Color(3)", "Format['NOPE']",
        "{Format.NCHW: 1}[Format.NCHW]", "[x.name for x in Color if x.value > 1]",
    ]
    return [{"setup": ENUMS, "expr": e} for e in exprs]


def operator_cases():
    pairs = [(6, 4), (7.5, 2), (-3, 2), ("ab", "cd"), ((1, 2), (3,)), ([1], [2, 3]), (2, 0.5), (True, 3)]
    cases = []
    for a, b in pairs:
        for name in ["add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "eq", "ne", "lt", "le", "gt", "ge", "and_", "or_", "xor", "concat"]:
            cases.append({"setup": "import operator", "expr": f"operator.{name}({a!r}, {b!r})"})
    cases += [{"setup": "import operator\nfrom functools import reduce\nfrom collections import namedtuple\nP = namedtuple('P', 'x y')", "expr": e} for e in [
        "reduce(operator.mul, [2, 3, 4], 1)", "reduce(operator.mul, (1, 1, 1), 1) == 1", "operator.neg(3)", "operator.not_(0)",
        "operator.getitem([5, 6, 7], -1)", "operator.itemgetter(1)([5, 6, 7])", "operator.itemgetter(0, 2)('abc')",
        "operator.attrgetter('y', 'x')(P(1, 2))", "operator.contains([1, 2], 2)", "sorted([(2, 'b'), (1, 'a')], key=operator.itemgetter(0))",
    ]]
    cases += [{"setup": "from typing import Tuple, List, Dict", "expr": e} for e in [
        "[isinstance((1, 2), Tuple), isinstance([1], Tuple), isinstance([1], List), isinstance({}, Dict), isinstance((1,), (List, Tuple))]",
    ]]
    return cases


def main():
    import fnmatch  # noqa: F401  (the namespace the expressions run in)
    import os as _os  # noqa: F401
    import urllib.parse  # noqa: F401
    families = {"urllib.parse": url_cases(), "fnmatch": fnmatch_cases(), "ordering": order_cases(), "sets": set_cases(), "repr": repr_cases(), "math": math_cases(), "lists": list_cases(), "enum": enum_cases(), "operator": operator_cases()}
    out = {"meta": {"python": sys.version.split()[0], "prelude": PRELUDE}, "cases": []}
    for family, cases in families.items():
        for c in cases:
            ns = {}
            try:
                exec(PRELUDE + c["setup"], ns)
            except Exception:  # a setup Python refuses: the same call is a case of its own as an expression
                continue
            try:
                value = as_json(eval(c["expr"], ns))
            except Exception as e:  # a case Python refuses: kept, with what it raises
                value = None
                c["raises"] = type(e).__name__
            out["cases"].append({"family": family, **c, "value": value})
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    counts = {k: len(v) for k, v in families.items()}
    print(f"wrote {OUT}: {counts}")


PRELUDE = "import fnmatch\nimport math\nimport os\nimport urllib.parse\n"

if __name__ == "__main__":
    main()
