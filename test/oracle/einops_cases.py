#!/usr/bin/env python3
"""Reference shapes for einops patterns, computed by real einops over real PyTorch tensors.

Each case runs rearrange / repeat / reduce (or pack, unpack, parse_shape) on a tensor of the given shape with the
given axis lengths, and records the output shape, or the EinopsError's message when einops refuses. The engine's
reading of patterns (src/core/eval/einopsPattern.ts) is tested against this file.

Output: test/data/einops.reference.json
Regenerate: pip install --target /tmp/pyeinops einops==0.8.2
            PYTHONPATH=/tmp/pyeinops /usr/bin/python3 test/oracle/einops_cases.py
"""

import json
import os

import einops
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "data", "einops.reference.json"))

# (operation, input shape, pattern, axis lengths[, reduction])
CASES = [
    ("rearrange", [2, 3, 32, 32], "b c (h p1) (w p2) -> b (h w) (p1 p2 c)", {"p1": 8, "p2": 8}),
    ("rearrange", [2, 16, 192], "b n (h d) -> b h n d", {"h": 4}),
    ("rearrange", [2, 4, 16, 48], "b h n d -> b n (h d)", {}),
    ("rearrange", [2, 4, 16, 48], "b h n d -> b n h d", {}),
    ("rearrange", [2, 3, 8, 8], "b c h w -> b (c h w)", {}),
    ("rearrange", [2, 3, 8, 8], "b c h w -> b c (h w)", {}),
    ("rearrange", [2, 3, 8, 8], "b ... -> b (...)", {}),
    ("rearrange", [2, 3, 8, 8], "b c ... -> b ... c", {}),
    ("rearrange", [2, 3, 8, 8], "... c h w -> ... (h w) c", {}),
    ("rearrange", [5, 7], "h w -> w h", {}),
    ("rearrange", [5, 7], "h w -> h w 1", {}),
    ("rearrange", [5, 1, 7], "h 1 w -> h w", {}),
    ("rearrange", [5, 1, 7], "h () w -> () h w", {}),
    ("rearrange", [2, 64, 8, 8], "b (h d) x y -> b h (x y) d", {"h": 4}),
    ("rearrange", [2, 4, 64, 16], "b h (x y) d -> b (h d) x y", {"h": 4, "y": 8}),
    ("rearrange", [2, 8, 8, 4, 4, 32], "b x y w1 w2 d -> b (x w1) (y w2) d", {}),
    ("rearrange", [2, 32, 32, 16], "b (x w1) (y w2) d -> b x y w1 w2 d", {"w1": 4, "w2": 4}),
    ("rearrange", [2, 3, 30, 32], "b c (h p1) (w p2) -> b (h w) (p1 p2 c)", {"p1": 8, "p2": 8}),
    ("rearrange", [2, 3, 32], "b c h w -> b (h w) c", {}),
    ("rearrange", [2, 12], "b (h w) -> b h w", {}),
    ("rearrange", [2, 12], "b (h w) -> b h w", {"h": 3, "w": 5}),
    ("rearrange", [2, 12], "b c -> b d", {}),
    ("rearrange", [2, 12], "b c -> b c c", {}),
    ("rearrange", [2, 12], "b (c 2) -> b c", {}),
    ("rearrange", [2, 12], "b c -> b c", {"x": 3}),
    ("rearrange", [2, 12], "b c", {}),
    ("rearrange", [2, 3, 4], "b ... -> ... b", {}),
    ("rearrange", [2, 3, 4], "b (...) -> b", {}),
    ("repeat", [1, 1, 64], "() n d -> b n d", {"b": 3}),
    ("repeat", [1, 64], "... d -> b ... d", {"b": 2}),
    ("repeat", [1, 1, 64], "1 ... d -> b ... d", {"b": 2}),
    ("repeat", [5, 7], "h w -> h w c", {"c": 3}),
    ("repeat", [5, 7], "h w -> (h 2) (w 3)", {}),
    ("repeat", [5, 7], "h w -> (repeat h) w", {"repeat": 4}),
    ("repeat", [5, 7], "h w -> h w c", {}),
    ("repeat", [5, 7], "h w -> w", {}),
    ("reduce", [2, 3, 8, 8], "b c h w -> b c", {}, "mean"),
    ("reduce", [2, 3, 8, 8], "b c (h h2) (w w2) -> b c h w", {"h2": 2, "w2": 2}, "max"),
    ("reduce", [2, 16, 64], "b n d -> b d", {}, "mean"),
    ("reduce", [2, 3, 8, 8], "b c h w -> b c () ()", {}, "mean"),
    ("reduce", [2, 3, 8, 8], "b c h w -> b c 1 1", {}, "sum"),
    ("reduce", [2, 3, 8, 8], "b ... -> b", {}, "sum"),
    ("reduce", [2, 3, 8, 8], "b c h w -> b c x", {}, "mean"),
]

PACK = [
    ([[2, 1, 64], [2, 16, 64]], "b * d"),
    ([[2, 64], [2, 16, 64]], "b * d"),
    ([[2, 64], [2, 4, 4, 64]], "b * d"),
    ([[2, 64], [3, 16, 64]], "b * d"),
]

PARSE_SHAPE = [
    ([2, 3, 8, 8], "b c h w"),
    ([2, 3, 8, 8], "b _ h w"),
    ([2, 3, 8], "b c h w"),
]


def run_case(op, shape, pattern, lengths, reduction=None):
    x = torch.zeros(shape)
    try:
        if op == "reduce":
            y = einops.reduce(x, pattern, reduction, **lengths)
        else:
            y = getattr(einops, op)(x, pattern, **lengths)
        return {"output": list(y.shape)}
    except Exception as e:  # EinopsError; a pattern without '->' is a ValueError
        return {"error": f"{type(e).__name__}: {e}"}


def main():
    out = {"einops": einops.__version__, "torch": torch.__version__, "cases": [], "pack": [], "parseShape": []}
    for case in CASES:
        op, shape, pattern, lengths = case[:4]
        reduction = case[4] if len(case) > 4 else None
        out["cases"].append({"op": op, "input": shape, "pattern": pattern, "lengths": lengths, "reduction": reduction, **run_case(op, shape, pattern, lengths, reduction)})
    for shapes, pattern in PACK:
        try:
            packed, ps = einops.pack([torch.zeros(s) for s in shapes], pattern)
            back = einops.unpack(packed, ps, pattern)
            out["pack"].append({"shapes": shapes, "pattern": pattern, "output": list(packed.shape), "packed": [list(p) for p in ps], "unpacked": [list(t.shape) for t in back]})
        except Exception as e:
            out["pack"].append({"shapes": shapes, "pattern": pattern, "error": f"{type(e).__name__}: {e}"})
    for shape, pattern in PARSE_SHAPE:
        try:
            out["parseShape"].append({"input": shape, "pattern": pattern, "axes": einops.parse_shape(torch.zeros(shape), pattern)})
        except Exception as e:  # einops raises RuntimeError here
            out["parseShape"].append({"input": shape, "pattern": pattern, "error": f"{type(e).__name__}: {e}"})
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"{len(out['cases'])} cases, {len(out['pack'])} pack, {len(out['parseShape'])} parse_shape -> {OUT}")


if __name__ == "__main__":
    main()
