"""Every torch.nn layer constructor call in torchvision model sources, found with Python's own parser.

For each call expression whose callee evaluates, in the real module's namespace, to a torch.nn.Module
subclass defined by torch.nn itself, record its line and class name. Layer Lens must list exactly these.

    apt-get install python3-torchvision && /usr/bin/python3 test/oracle/torchvision_calls.py
"""
import ast
import importlib
import json
import pathlib

import torch
import torchvision

FILES = ["resnet", "mobilenetv2", "shufflenetv2", "squeezenet", "vgg", "alexnet", "densenet", "googlenet",
         "inception", "mnasnet", "mobilenetv3", "efficientnet", "regnet", "convnext", "vision_transformer"]


def torch_layer(func: ast.expr, namespace: dict):
    try:
        obj = eval(compile(ast.Expression(func), "<callee>", "eval"), namespace)  # noqa: S307 - torchvision's own names
    except Exception:
        return None
    if isinstance(obj, type) and issubclass(obj, torch.nn.Module) and obj.__module__.startswith("torch.nn"):
        return obj.__name__
    return None


def main() -> None:
    root = pathlib.Path(torchvision.__file__).parent / "models"
    out = {"meta": {"torchvision": torchvision.__version__, "generatedBy": "test/oracle/torchvision_calls.py"}, "files": {}}
    for name in FILES:
        module = importlib.import_module(f"torchvision.models.{name}")
        path = root / f"{name}.py"
        tree = ast.parse(path.read_text())
        calls = []
        for node in ast.walk(tree):
            # Only plain dotted callees (nn.Conv2d, torch.nn.Conv2d, Conv2d): never calls of call results.
            if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
                layer = torch_layer(node.func, vars(module))
                if layer:
                    calls.append({"line": node.lineno, "column": node.col_offset, "type": layer})
        calls.sort(key=lambda c: (c["line"], c["column"]))
        out["files"][f"torchvision/models/{name}.py"] = calls
    dest = pathlib.Path(__file__).resolve().parent.parent / "data" / "torchvision-calls.reference.json"
    dest.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {dest}: " + ", ".join(f"{k.split('/')[-1]} {len(v)}" for k, v in out["files"].items()))


if __name__ == "__main__":
    main()
