/**
 * Imports as Python runs them, read only when reached (issue 30): a name imported from a module not loaded yet
 * loads that module when it is first used; a package's own submodules still load at once (their registrations);
 * an import that leads back to itself finds the submodule; and inside `try: … except ImportError:` a package found
 * nowhere raises, so that the code's own fallback runs (DINOv2 without xformers), as it does in Python.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFile, type FileSystem } from '../../src/core';

/** A project of these files (path → text); what the engine read, in order. */
function project(files: Record<string, string>): { root: string; fs: FileSystem; read: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'layer-lens-imports-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  const read: string[] = [];
  const fs: FileSystem = {
    read: (p) => {
      try {
        const text = readFileSync(p, 'utf8');
        read.push(path.relative(root, p));
        return text;
      } catch {
        return undefined;
      }
    },
    roots: [root],
    environments: [],
  };
  return { root, fs, read };
}

const NET = 'import torch\nimport torch.nn as nn\n';

test('a module a name is imported from is read when the name is first used, and never when it is not', () => {
  const { root, fs } = project({
    'pkg/__init__.py': 'from .heavy import Unused\nfrom .layers import block\n',
    // Run, it would say that a package is missing: it is not run.
    'pkg/heavy.py': 'import torch.nn as nn\nimport notinstalledanywhere\n\nclass Unused(nn.Module):\n    pass\n',
    'pkg/layers.py': 'import torch.nn as nn\n\ndef block(n):\n    return nn.Linear(n, n)\n',
    'train.py': `${NET}from pkg import block\n\nmodel = block(4)\nout = model(torch.randn(2, 4))\n`,
  });
  const a = analyzeFile(path.join(root, 'train.py'), fs);
  assert.equal(a.models.find((m) => m.inputSource === 'code')?.totals.params, 20);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message), []);
});

test('a package\'s own submodules load at once: what they register is there when a registry is read', () => {
  const { root, fs } = project({
    'zoo/__init__.py': 'from . import small\nfrom .registry import get\n',
    'zoo/registry.py': 'MODELS = {}\n\ndef register(f):\n    MODELS[f.__name__] = f\n    return f\n\ndef get(name):\n    return MODELS[name]()\n',
    'zoo/small.py': 'import torch.nn as nn\nfrom .registry import register\n\n@register\ndef tiny():\n    return nn.Linear(3, 2)\n',
    'train.py': `${NET}import zoo\n\nmodel = zoo.get("tiny")\nout = model(torch.randn(1, 3))\n`,
  });
  const m = analyzeFile(path.join(root, 'train.py'), fs).models.find((x) => x.inputSource === 'code');
  assert.deepEqual([m?.complete, m?.totals.params], [true, 8]);
});

test('an import that leads back to itself (a star import copying a name imported from the package) finds the submodule', () => {
  const { root, fs } = project({
    'geff/__init__.py': 'from .acts import *\nfrom .config import WIDTH\n',
    'geff/config.py': 'WIDTH = 6\n',
    'geff/acts/__init__.py': 'from geff import config\n',
    'geff/net.py': `${NET}from .acts import *\n\n\ndef build():\n    return nn.Linear(config.WIDTH, 2)\n`,
    'train.py': `${NET}from geff.net import build\n\nmodel = build()\nout = model(torch.randn(1, 6))\n`,
  });
  const a = analyzeFile(path.join(root, 'train.py'), fs);
  const m = a.models.find((x) => x.inputSource === 'code');
  assert.deepEqual([m?.complete, m?.totals.params], [true, 14], a.diagnostics.map((d) => d.message).join('\n'));
});

test('inside try/except ImportError a package found nowhere raises, the fallback runs, and a note says so; outside a try it is one warning', () => {
  const body = (guard: string) => `${NET}${guard}\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 8)\n\n    def forward(self, x):\n        if FAST:\n            return fused_attention(x)\n        return self.fc(x)\n\n\nmodel = Net()\nout = model(torch.randn(2, 8))\n`;
  const guarded = project({ 'net.py': body('try:\n    from xfast.ops import fused_attention\n    FAST = True\nexcept ImportError:\n    FAST = False') });
  const a = analyzeFile(path.join(guarded.root, 'net.py'), { ...guarded.fs, environments: [{ dir: path.join(guarded.root, 'site'), source: 'test' }] });
  const m = a.models.find((x) => x.inputSource === 'code');
  assert.deepEqual([m?.complete, m?.totals.params, m?.output], [true, 72, [[2, 8]]], a.diagnostics.map((d) => d.message).join('\n'));
  assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message), []);
  assert.match(a.diagnostics.find((d) => d.code === 'missing-package-handled')?.message ?? '', /^`xfast` is not installed in the Python environments Layer Lens searched: importing it raises ModuleNotFoundError here, and the code's handler runs$/);
  // The same import with no handler: the warning at the import, as before.
  const open = project({ 'net.py': body('from xfast.ops import fused_attention\nFAST = False') });
  const b = analyzeFile(path.join(open.root, 'net.py'), { ...open.fs, environments: [{ dir: path.join(open.root, 'site'), source: 'test' }] });
  assert.deepEqual(b.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code), ['missing-package']);
  // A module Python has (json) is no missing package, handler or not.
  const std = project({ 'net.py': body('try:\n    import json\n    FAST = False\nexcept ImportError:\n    FAST = True') });
  assert.equal(analyzeFile(path.join(std.root, 'net.py'), { ...std.fs, environments: [] }).models.find((x) => x.inputSource === 'code')?.complete, true);
});
