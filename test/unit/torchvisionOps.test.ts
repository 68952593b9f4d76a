/**
 * torchvision.ops in the user's own code, read where Debian installs torchvision: RoI pooling's shapes, what only
 * the data decides (nms, boxes spread over levels) said and marked incomplete, and a mistake handed to the package
 * red at the user's line. Shapes and messages: torchvision 0.14 on PyTorch 1.13, as printed there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFile, type FileAnalysis, type FileSystem } from '../../src/core';
import { spawnSync } from 'node:child_process';
import { diskFs, ROOT } from './helpers';

const fs: FileSystem = { ...diskFs, exists: (p) => existsSync(p), environments: [{ dir: '/usr/lib/python3/dist-packages', source: "Debian's python3" }] };

function analyze(body: string): FileAnalysis {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'layer-lens-ops-')), 'model.py');
  writeFileSync(file, `import torch\nimport torch.nn as nn\nimport torchvision\nfrom torchvision import ops\n\n\n${body}`);
  return analyzeFile(file, { ...fs, read: (p) => (p === file ? readFileSync(p, 'utf8') : fs.read(p)) });
}

const model = (forward: string, call: string) => `class M(nn.Module):\n    def forward(self, x, boxes):\n        return ${forward}\n\n\nm = M()\ny = m(${call})\n`;
const code = (a: FileAnalysis) => a.models.find((x) => x.inputSource === 'code');
const errors = (a: FileAnalysis) => a.diagnostics.filter((d) => d.severity === 'error');

test('roi_align, roi_pool and their position-sensitive forms: one map per box, as torchvision gives them', () => {
  const boxes = 'torch.tensor([[0, 0.0, 0, 8, 8], [1, 2, 2, 10, 12], [0, 1, 1, 3, 3]])';
  const cases: [string, number[][]][] = [
    ['ops.roi_align(x, boxes, (3, 4), 0.5, 2)', [[3, 8, 3, 4]]],
    ['ops.roi_align(x, [boxes[:2, 1:], boxes[2:, 1:]], 3)', [[3, 8, 3, 3]]],
    ['ops.roi_pool(x, boxes, 3, 0.5)', [[3, 8, 3, 3]]],
    ['ops.ps_roi_align(x, boxes, 2, 0.5)', [[3, 2, 2, 2]]],
    ['ops.ps_roi_pool(x, boxes, 2, 0.5)', [[3, 2, 2, 2]]],
  ];
  for (const [forward, output] of cases) {
    const a = analyze(model(forward, `torch.randn(2, 8, 16, 16), ${boxes}`));
    const m = code(a);
    assert.deepEqual([m?.complete, m?.output, errors(a).length], [true, output, 0], `${forward}: ${JSON.stringify(a.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message))}`);
  }
});

test('boxes of the wrong width: the assertion torchvision makes, red at the line that hands them over', () => {
  const a = analyze(model('ops.roi_align(x, boxes, 7)', 'torch.randn(1, 8, 16, 16), torch.tensor([[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]])'));
  const atLine = errors(a).filter((d) => d.file.endsWith('model.py'));
  assert.ok(atLine.length >= 1, JSON.stringify(a.diagnostics.map((d) => [d.file, d.line, d.message])));
  assert.equal(atLine[0].line, 9);
  assert.match(atLine[0].message, /AssertionError: The boxes tensor shape is not correct as Tensor\[K, 5\] \(in _utils\.py, which this call runs\)/);
  // Position-sensitive pooling over channels the bins do not divide: torchvision's own check.
  const b = analyze(model('ops.ps_roi_align(x, boxes, 3)', 'torch.randn(1, 8, 16, 16), torch.tensor([[0, 0.0, 0, 8, 8]])'));
  assert.ok(errors(b).some((d) => d.file.endsWith('model.py') && d.line === 9 && /input channels must be a multiple of pooling height \* pooling width/.test(d.message)),
    JSON.stringify(b.diagnostics.map((d) => [d.file, d.line, d.message])));
});

test('nms keeps what the scores decide: all of them at the most, said at the call, and the model\'s costs marked as bounds', () => {
  const a = analyze(model('boxes[ops.nms(boxes, x, 0.5)]', 'torch.rand(10), torch.rand(10, 4)'));
  assert.equal(code(a)?.complete, true);
  assert.deepEqual(code(a)?.output, [[10, 4]]);
  assert.deepEqual(errors(a), []);
  assert.match(code(a)?.atBound?.message ?? '', /^Only the data decides how many boxes nms keeps: costed at the most it can be, 10 \(first in boxes\.py:41, which this call runs\)$/);
  assert.equal(code(a)?.atBound?.line, 9);
  assert.ok(a.diagnostics.some((d) => d.file.endsWith('model.py') && d.line === 9 && d.severity === 'info' && d.code === 'at-bound'),
    JSON.stringify(a.diagnostics.map((d) => [d.file, d.line, d.message])));
});

test('MultiScaleRoIAlign over two levels: known boxes go to the level their size gives, exactly; boxes not known, to every level at the bound', () => {
  const source = (boxes: string) => [
    'class M(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.pool = ops.MultiScaleRoIAlign(["0", "1"], 7, 2)',
    '',
    '    def forward(self, a, b, boxes):',
    '        return self.pool({"0": a, "1": b}, boxes, [(64, 64)])',
    '',
    '',
    'm = M()',
    `y = m(torch.randn(1, 8, 16, 16), torch.randn(1, 8, 8, 8), [${boxes}])`,
    '',
  ].join('\n');
  const known = analyze(source('torch.tensor([[0.0, 0.0, 8.0, 8.0], [0.0, 0.0, 60.0, 60.0]])'));
  assert.equal(code(known)?.complete, true);
  assert.deepEqual(code(known)?.output, [[2, 8, 7, 7]]);
  assert.equal(code(known)?.atBound, undefined);
  assert.deepEqual(errors(known), []);
  // Boxes of values not known: which level each goes to is the data's; the pooled output still has one row per box.
  const unknown = analyze(source('torch.rand(2, 4) * 60'));
  assert.deepEqual(code(unknown)?.output, [[2, 8, 7, 7]]);
  assert.match(code(unknown)?.atBound?.message ?? '', /^Only the data decides how many of the 2 elements are non-zero/);
  assert.deepEqual(errors(unknown), []);
});

test('the CLI writes a bounded model\'s costs with ≤ and says where the data decides', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-ops-cli-'));
  const file = path.join(dir, 'model.py');
  writeFileSync(file, `import torch\nimport torch.nn as nn\nimport torchvision\nfrom torchvision import ops\n\n\n${model('boxes[ops.nms(boxes, x, 0.5)]', 'torch.rand(10), torch.rand(10, 4)')}`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'layer-lens.js'), 'analyze', 'model.py', '--python-path', '/usr/lib/python3/dist-packages'], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, LAYER_LENS_CACHE_DIR: path.join(mkdtempSync(path.join(tmpdir(), 'layer-lens-ops-cache-')), 'cache') }, timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Mult-Adds ≤ [\d,]+ .*FLOPs ≤ [\d,]+ .*MAC \(memory access\) ≤ [\d,]+/);
  assert.match(r.stdout, /costs at most these, from model\.py:9: Only the data decides how many boxes nms keeps: costed at the most it can be, 10 \(first in boxes\.py:41, which this call runs\)/);
});
