#!/usr/bin/env python3
"""Which of torch's public names public model code calls, and how often: every Python file of the corpus's
checkouts (test/corpus/README.md), parsed by Python's own parser. A call counts for torch when written
`torch.NAME(...)`, for torch.nn.functional when `F.NAME(...)` / `nn.functional.NAME(...)`, and for Tensor when
`x.NAME(...)` on anything else with a name Tensor has (a method of another library of the same name counts too:
PIL's `img.resize` is one). Only the counts are kept (numbers, no code).

Output: test/data/ops-used.json
Regenerate: /usr/bin/python3 test/oracle/ops_used.py CHECKOUTS
"""

import ast
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
TABLE = os.path.join(REPO, "test", "data", "op-surface.json")
OUT = os.path.join(REPO, "test", "data", "ops-used.json")
FUNCTIONAL = ("F", "torch.nn.functional", "nn.functional")
NOT_TENSORS = ("torch", "F", "nn", "np", "numpy", "os", "math", "sys", "json", "re")


def dotted(e):
    parts = []
    while isinstance(e, ast.Attribute):
        parts.insert(0, e.attr)
        e = e.value
    if isinstance(e, ast.Name):
        parts.insert(0, e.id)
        return ".".join(parts)
    return None


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print("usage: ops_used.py CHECKOUTS")
        return 2
    root = os.path.realpath(sys.argv[1])
    if root == REPO or root.startswith(REPO + os.sep):
        print("the checkouts stay outside this repository")
        return 2
    names = collections.defaultdict(set)
    for r in json.load(open(TABLE))["rows"]:
        names[r["space"]].add(r["name"])
    counts = {space: collections.Counter() for space in ("torch", "torch.nn.functional", "Tensor")}
    files = 0
    # The corpus's repositories (those test/corpus lists), each from its checkout.
    listed = set(os.listdir(os.path.join(REPO, "test", "corpus")))
    repos = sorted(d for d in os.listdir(root) if d in listed and os.path.isdir(os.path.join(root, d)))
    for repo in repos:
        for folder, _, entries in os.walk(os.path.join(root, repo)):
            for entry in entries:
                if not entry.endswith(".py"):
                    continue
                try:
                    with open(os.path.join(folder, entry), encoding="utf8", errors="replace") as f:
                        tree = ast.parse(f.read())
                except (SyntaxError, ValueError):
                    continue
                files += 1
                for node in ast.walk(tree):
                    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                        continue
                    name, on = node.func.attr, dotted(node.func.value)
                    if on == "torch" and name in names["torch"]:
                        counts["torch"][name] += 1
                    elif on in FUNCTIONAL and name in names["torch.nn.functional"]:
                        counts["torch.nn.functional"][name] += 1
                    elif on not in NOT_TENSORS and on != "self" and name in names["Tensor"]:
                        counts["Tensor"][name] += 1
    doc = {"meta": {"repositories": len(repos), "files": files, "script": "test/oracle/ops_used.py"},
           "calls": {space: dict(c.most_common()) for space, c in counts.items()}}
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("%d files of %d repositories: %s" % (files, len(repos), ", ".join("%s %d names" % (s, len(c)) for s, c in counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
