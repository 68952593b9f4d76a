/** Notebooks: code cells in kernel order, results mapped back to (cell, line); the CLI reads .ipynb files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cellLine, notebookCode } from '../../src/core/notebook';
import { run } from '../../src/cli/main';
import { ROOT } from './helpers';

test('a notebook as the kernel runs it: code cells in order, magics as comments, lines mapped back to cells', () => {
  const nb = notebookCode(JSON.stringify({ cells: [
    { cell_type: 'markdown', source: ['# title'] },
    { cell_type: 'code', source: ['%time\n', 'import torch.nn as nn'] },
    { cell_type: 'code', source: 'a = 1\nb = 2\n!ls' },
  ] }));
  assert.ok(typeof nb !== 'string');
  assert.equal(nb.text, '# %time\nimport torch.nn as nn\na = 1\nb = 2\n# !ls');
  assert.deepEqual(nb.cells, [{ cell: 1, firstLine: 1, lines: 2 }, { cell: 2, firstLine: 3, lines: 3 }]);
  assert.deepEqual(cellLine(nb, 4), { cell: 2, line: 2 });
  assert.match(notebookCode('{"cells": 3}') as string, /no "cells" list/);
  assert.match(notebookCode('not json') as string, /^not a notebook/);
});

test('`layer-lens analyze NOTEBOOK.ipynb`: calls and model layers carry their cell; a class from one cell is built with imports from another', () => {
  let out = '';
  assert.equal(run(['analyze', path.join(ROOT, 'samples', 'notebook_demo.ipynb'), '--json'], (s) => (out += s), () => undefined), 0);
  const r = JSON.parse(out);
  assert.deepEqual(r.calls.map((c: { cell: number; line: number; type: string }) => [c.cell, c.line, c.type]), [[2, 5, 'Conv2d'], [2, 6, 'AdaptiveAvgPool2d'], [2, 7, 'Linear'], [4, 3, 'Conv2d']]);
  assert.match(r.calls[3].diagnostics[0].message, /must be divisible by groups/);
  const m = r.models.find((x: { name: string }) => x.name === 'SmallCNN()');
  assert.deepEqual([m.totals.params, m.totals.multAdds, m.input], [618, 32 * 32 * 16 * 27 + 160, [[1, 3, 32, 32]]]);
  const shown = path.join(ROOT, 'samples', 'notebook_demo.ipynb');
  assert.deepEqual(m.layers.map((l: { cell: number; line: number; path: string; file: string }) => [l.cell, l.line, l.path, l.file]), [
    [2, 5, 'conv', shown], [2, 6, 'pool', shown], [2, 7, 'fc', shown],
  ]);
  let table = '';
  run(['analyze', path.join(ROOT, 'samples', 'notebook_demo.ipynb')], (s) => (table += s), () => undefined);
  assert.match(table, /notebook_demo\.ipynb, cell 2: 3 layer calls/);
  assert.match(table, /notebook_demo\.ipynb, cell 4: 1 layer call/);
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-nb-'));
  writeFileSync(path.join(dir, 'broken.ipynb'), '{"cells": ');
  let err = '';
  assert.equal(run(['analyze', path.join(dir, 'broken.ipynb')], () => undefined, (s) => (err += s)), 2);
  assert.match(err, /broken\.ipynb: not a notebook/);
});
