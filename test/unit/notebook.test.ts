/** Notebooks: code cells in kernel order, results mapped back to (cell, line); the CLI reads .ipynb files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analysisForCell, cellLine, DocumentAnalysis, evaluateModels, joinCells, modelForCell, notebookCode } from '../../src/core';
import { run } from '../../src/cli/main';
import { analyzeSource, ROOT, SNIPPET, torchvisionDir } from './helpers';

test('a notebook as the kernel runs it: code cells in order, magics as comments, lines mapped back to cells', () => {
  const nb = notebookCode(JSON.stringify({ cells: [
    { cell_type: 'markdown', source: ['# title'] },
    { cell_type: 'code', source: ['%time\n', 'import torch.nn as nn'] },
    { cell_type: 'code', source: 'a = 1\nb = 2\n!ls' },
  ] }));
  assert.ok(typeof nb !== 'string');
  // Magics become comments of the same length, so offsets in a cell are offsets in the joined text.
  assert.equal(nb.text, '#time\nimport torch.nn as nn\na = 1\nb = 2\n#ls');
  assert.deepEqual(nb.cells, [{ cell: 1, firstLine: 1, lines: 2, offset: 0, length: 27 }, { cell: 2, firstLine: 3, lines: 3, offset: 28, length: 15 }]);
  assert.equal(nb.text.slice(28, 28 + 15), 'a = 1\nb = 2\n#ls');
  assert.deepEqual(cellLine(nb, 4), { cell: 2, line: 2 });
  assert.match(notebookCode('{"cells": 3}') as string, /no "cells" list/);
  assert.match(notebookCode('not json') as string, /^not a notebook/);
});

test('`layer-lens analyze NOTEBOOK.ipynb`: calls and model layers carry their cell; a class from one cell is built with imports from another', () => {
  let out = '';
  assert.equal(run(['analyze', path.join(ROOT, 'samples', 'notebook_demo.ipynb'), '--json'], (s) => (out += s), () => undefined), 0);
  const r = JSON.parse(out);
  assert.deepEqual(r.calls.map((c: { cell: number; line: number; type: string }) => [c.cell, c.line, c.type]), [[2, 4, 'Conv2d'], [2, 5, 'AdaptiveAvgPool2d'], [2, 6, 'Linear'], [4, 4, 'Conv2d']]);
  assert.match(r.calls[3].diagnostics[0].message, /must be divisible by groups/);
  const m = r.models.find((x: { name: string }) => x.name === 'SmallCNN()');
  // Its input comes from `model(x)` in cell 4, after `x = torch.randn(8, 3, 32, 32)`.
  assert.deepEqual([m.totals.params, m.totals.multAdds, m.input, m.inputSource, m.name], [618, 8 * (32 * 32 * 16 * 27 + 160), [[8, 3, 32, 32]], 'code', 'SmallCNN()']);
  // Each layer line is seen in that model: built once, called once, on the shapes it gets there.
  assert.deepEqual(r.calls[0].inputSource, { kind: 'model', model: 'SmallCNN()', input: 'code', shapes: [[8, 3, 32, 32]] });
  assert.deepEqual([r.calls[0].instances, r.calls[0].callCount, r.calls[0].inputShape], [1, 1, [8, 3, 32, 32]]);
  const shown = path.join(ROOT, 'samples', 'notebook_demo.ipynb');
  assert.deepEqual(m.layers.map((l: { cell: number; line: number; path: string; file: string }) => [l.cell, l.line, l.path, l.file]), [
    [2, 4, 'conv', shown], [2, 5, 'pool', shown], [2, 6, 'fc', shown],
  ]);
  let table = '';
  run(['analyze', path.join(ROOT, 'samples', 'notebook_demo.ipynb')], (s) => (table += s), () => undefined);
  assert.match(table, /^SmallCNN\(\)\n  input 8×3×32×32 \(the code's own call\) → output 8×10/);
  assert.match(table, /\n  conv\s+cell 2:4\s+Conv2d\s+8×3×32×32 → 8×16×32×32\s+448\s+3,538,944/);
  assert.match(table, /\n  cell 4:4\s+Conv2d .* error: Conv2d: out_channels \(30\) must be divisible by groups \(4\)/);
  assert.match(table, /notebook_demo\.ipynb, cell 4:4:28: error:/);
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-nb-'));
  writeFileSync(path.join(dir, 'broken.ipynb'), '{"cells": ');
  let err = '';
  assert.equal(run(['analyze', path.join(dir, 'broken.ipynb')], () => undefined, (s) => (err += s)), 2);
  assert.match(err, /broken\.ipynb: not a notebook/);
});

test('results seen from one cell: its calls, problems and model rows at the cell\'s own offsets and lines', () => {
  const cells = [
    { cell: 0, source: 'import torch\nimport torch.nn as nn' },
    { cell: 2, source: 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3)\n    def forward(self, x):\n        return self.conv(x)' },
    { cell: 3, source: '%time\nx = torch.randn(2, 3, 16, 16)\ny = Net()(x)\nbad = nn.Conv2d(8, 6, 3, groups=4)' },
  ];
  const nb = joinCells(cells);
  const analysis = analyzeSource(nb.text);
  const two = analysisForCell(nb, analysis, SNIPPET, 2, '/nb/demo.ipynb');
  assert.deepEqual(two.calls.map((c) => [c.type, c.line, cells[1].source.slice(c.span.from, c.span.to)]), [['Conv2d', 4, 'nn.Conv2d(3, 8, 3)']]);
  const three = analysisForCell(nb, analysis, SNIPPET, 3, '/nb/demo.ipynb');
  assert.deepEqual(three.calls.map((c) => [c.type, c.line, cells[2].source.slice(c.calleeSpan.from, c.calleeSpan.to)]), [['Conv2d', 4, 'nn.Conv2d']]);
  assert.deepEqual([three.calls[0].diagnostics[0].line, three.calls[0].diagnostics[0].file], [4, '/nb/demo.ipynb']);
  assert.match(three.calls[0].diagnostics[0].message, /divisible by groups/);
  assert.deepEqual(three.diagnostics.map((d) => [d.file, d.line, cells[2].source.slice(d.span.from, d.span.to)]), [['/nb/demo.ipynb', 4, 'groups=4']]);
  assert.deepEqual(analysisForCell(nb, analysis, SNIPPET, 0, '/nb/demo.ipynb').calls, []);
  // The model is built in cell 3 on the tensor made there; its conv row belongs to cell 2, line 4.
  const entry = '/nb/demo_ipynb.py';
  const [model] = evaluateModels(entry, { read: (p) => (p === entry ? nb.text : undefined) }, { call: 'Net()' }).models;
  assert.deepEqual([model.input, model.inputSource], [[[2, 3, 16, 16]], 'code']);
  const seen = modelForCell(nb, model, entry, 2, '/nb/demo.ipynb');
  assert.deepEqual(seen.layers.map((l) => [l.path, l.file, l.line]), [['conv', '/nb/demo.ipynb', 4]]);
  assert.equal(seen.line, 1);
  // From another cell, the row stays in the joined code, where cellLine finds it.
  const other = modelForCell(nb, model, entry, 3, '/nb/demo.ipynb');
  assert.deepEqual([other.layers[0].file, cellLine(nb, other.layers[0].line)], [entry, { cell: 2, line: 4 }]);
});

test('editing one cell: what every cell shows is what a fresh analysis of the notebook shows', () => {
  const model = readFileSync(path.join(torchvisionDir(), 'models', 'resnet.py'), 'utf8');
  const cells = [
    { cell: 0, source: 'import torch\nimport torch.nn as nn' },
    { cell: 1, source: model },
    { cell: 2, source: 'x = torch.randn(8, 3, 224, 224)\nextra = nn.Conv2d(16, 32, 1)' },
  ];
  const fs = { read: () => undefined };
  const doc = new DocumentAnalysis('/nb/resnet_ipynb.py', fs, {});
  const fresh = () => new DocumentAnalysis('/nb/resnet_ipynb.py', fs, {}).version(joinCells(cells).text).analysis();
  doc.version(joinCells(cells).text).analysis();
  cells[2].source = 'x = torch.randn(8, 3, 224, 224)\nextra = nn.Conv2d(16, 64, 1)';
  const after = doc.version(joinCells(cells).text).analysis();
  assert.equal(after.calls[after.calls.length - 1].params, 16 * 64 + 64);
  assert.deepEqual(after, fresh());
  // A name the model cell also uses (`x`, forward's argument) changes at the top level.
  cells[2].source = 'x = torch.randn(4, 3, 224, 224)\nextra = nn.Conv2d(16, 64, 1)';
  assert.deepEqual(doc.version(joinCells(cells).text).analysis(), fresh());
});
