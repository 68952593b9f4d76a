/**
 * Constructs of research code nobody here wrote (issue 17), each in its minimal form: how imports resolve, the
 * arguments and outputs PyTorch accepts, and nothing dropped without a word.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFile } from '../../src/core';
import { analyzeSource, diskFs } from './helpers';

const BLOCK = 'import torch.nn as nn\n\nclass Block(nn.Module):\n    def __init__(self, c=8):\n        super().__init__()\n        self.conv = nn.Conv2d(c, c, 3, padding=1)\n    def forward(self, x):\n        return self.conv(x)\n';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const main = (imports: string) => `${imports}\nimport torch\nimport torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.block = Block(8)\n    def forward(self, x):\n        return self.block(x)\n\nif __name__ == "__main__":\n    Net()(torch.randn(1, 8, 16, 16))\n`;

test('imports as `python FILE` resolves them: a sibling module, the project root and its src/, sys.path.append and insert', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['a sibling file', { 'blocks.py': BLOCK }, 'from blocks import Block'],
    ['the project root', { 'pyproject.toml': '', 'lib/blocks.py': BLOCK, 'lib/__init__.py': '' }, 'from lib.blocks import Block'],
    ['a src/ layout', { 'setup.py': '', 'src/pkg/__init__.py': '', 'src/pkg/blocks.py': BLOCK }, 'from pkg.blocks import Block'],
    ['sys.path.append', { 'vendor/blocks.py': BLOCK }, "import os, sys\nsys.path.append(os.path.join(os.path.dirname(__file__), 'vendor'))\nfrom blocks import Block"],
    ['sys.path.insert', { 'third/blocks.py': BLOCK }, "import os, sys\nsys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), 'third')))\nfrom blocks import Block"],
  ];
  for (const [what, files, imports] of cases) {
    const place = what === 'the project root' || what === 'a src/ layout' ? 'tools/run.py' : 'run.py';
    const dir = project({ ...files, [place]: main(imports) });
    const a = analyzeFile(path.join(dir, place), diskFs);
    const net = a.models.find((m) => m.name === 'Net()');
    assert.ok(net?.complete, `${what}: ${a.diagnostics.map((d) => d.message).join('; ')}`);
    assert.deepEqual(net.layers.map((l) => l.path), ['block.conv'], what);
    assert.equal(net.totals.params, 8 * 8 * 9 + 8, what);
  }
});

test('arguments PyTorch accepts: a list for a tuple, one value for every dimension', () => {
  const { calls } = analyzeSource('import torch.nn as nn\nc = nn.Conv2d(8, 16, 3, stride=[2], padding=(1,))  # layer-lens: input 1x8x32x32\np = nn.MaxPool2d([2])  # layer-lens: input 1x8x32x32\n');
  assert.deepEqual(calls.map((c) => [c.type, c.outputShape, c.diagnostics.length]), [['Conv2d', [1, 16, 16, 16], 0], ['MaxPool2d', [1, 8, 16, 16], 0]]);
});

test('outputs: tuples with None, dicts and nested lists are the model\'s outputs; a forward with no tensor says so and is incomplete', () => {
  const src = (ret: string) => `import torch.nn as nn\n\n# layer-lens: input 1x8\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 2)\n    def forward(self, x):\n        y = self.fc(x)\n        return ${ret}\n`;
  for (const [ret, output] of [['y, None', [[1, 2]]], ["{'logits': y, 'aux': [y, None]}", [[1, 2], [1, 2]]]] as const) {
    const m = analyzeSource(src(ret)).models[0];
    assert.deepEqual([m.complete, m.output], [true, output], ret);
  }
  const none = analyzeSource(src('3')).models[0];
  assert.equal(none.complete, false);
  assert.match(none.diagnostics.map((d) => d.message).join('\n'), /forward returns no tensor \(3\)/);
});
