/**
 * Work is charged by its size and bounded per request (issue 18): a file's whole analysis shares one time budget,
 * building a million items costs a million steps, shared structures are walked once, and a forward that never
 * ends stops at a cap on what it records. Each ends in a message, never a hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSource } from './helpers';
import * as path from 'node:path';
import { analyzeFile, evaluateModels } from '../../src/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

test('thirty factories that spin share one budget for the request: the analysis ends on time and says so', () => {
  const src = ['import torch.nn as nn', '', ...Array.from({ length: 30 }, (_, i) => `def make${i}():\n    while True:\n        junk = [0] * 999999\n    return nn.Linear(2, 2)\n`)].join('\n');
  const files: Record<string, string> = { '/w/spin.py': src };
  const t = Date.now();
  const a = analyzeFile('/w/spin.py', { read: (p) => files[p] }, { requestBudgetMs: 1000 });
  const ms = Date.now() - t;
  // One second for the request, and at most one [0] * 999999 (a few ms) past each model's deadline.
  assert.ok(ms < 3000, `took ${ms} ms`);
  assert.ok(a.models.some((m) => m.diagnostics.some((d) => d.code === 'budget')), 'a budget message');
});

test('a file whose loop never ends: the warning is on that loop with the step budget and how to raise it, and a later layer is still costed alone', () => {
  const src = [
    'import torch.nn as nn', '', '',
    'def make_layers(n):',
    '    layers = []',
    '    i = 0',
    '    while i < n or True:',
    '        layers.append(nn.Linear(4, 4))',
    '        i += 1',
    '    return nn.Sequential(*layers)', '', '',
    'model = make_layers(3)',
    'head = nn.Linear(4, 8)',
  ].join('\n');
  const a = analyzeSource(src, { maxSteps: 200_000 });
  // The load's outermost loop gets an eighth of the budget: stopped there, at line 7 where the while loop starts
  // (not line 1, column 1), and the file reads on.
  const stop = a.diagnostics.filter((d) => d.code === 'loop-stopped');
  assert.equal(stop.length, 1);
  assert.deepEqual([stop[0].line, stop[0].column, stop[0].severity], [7, 4, 'warning']);
  assert.match(stop[0].message, /^this loop was stopped after 25,00\d evaluation steps, an eighth of the file's budget/);
  // `head` does not depend on the loop: its layer alone, on the default input (4·8 + 8 params).
  const head = a.calls.find((c) => c.line === 14);
  assert.equal(head?.params, 40);
  assert.equal(head?.inputSource?.kind, 'default');
});

test('the same file stopped by time: the finding says how long an evaluation gets and where to raise it; the CLI takes both budgets', async () => {
  const src = 'import torch.nn as nn\n\n\ndef spin():\n    layers = []\n    while True:\n        layers.append(nn.Linear(4, 4))\n\n\nmodel = spin()\nhead = nn.Linear(4, 8)\n';
  const a = analyzeSource(src, { timeBudgetMs: 300, maxSteps: 1e9 });
  const stop = a.diagnostics.find((d) => d.code === 'budget');
  assert.equal(stop?.line, 6);
  assert.match(stop!.message, /^loading the file stopped in this loop: it took longer than the 0\.3 s an evaluation gets \(layerLens\.engine\.evaluationSeconds in the editor, --time-budget in the CLI\)/);
  assert.equal(a.calls.find((c) => c.line === 11)?.params, 40);
  const { run } = await import('../../src/cli/main');
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-budget-'));
  writeFileSync(path.join(dir, 'spin.py'), src);
  const out: string[] = [];
  assert.equal(run(['analyze', path.join(dir, 'spin.py'), '--no-cache', '--max-steps', '100000'], (s) => out.push(s), () => undefined), 0);
  assert.match(out.join('\n'), /spin\.py:6:5: warning: this loop was stopped after 12,50\d evaluation steps, an eighth of the file's budget/);
  const err: string[] = [];
  assert.equal(run(['analyze', path.join(dir, 'spin.py'), '--time-budget', '0'], () => undefined, (s) => err.push(s)), 2);
  assert.match(err.join('\n'), /--time-budget must be a number of seconds from 0\.1 to 600/);
});

test('a tuple DAG of 2^60 leaves built in 60 steps: hashing, ==, f-strings, repr and deepcopy stay cheap', () => {
  const src = ['import copy', 't = (1,)', 'for i in range(60):', '    t = (t, t)', 'd = {t: 1}', 'same = t == t', 's = f"{t}"', 'r = repr(t)', 'c = copy.deepcopy(t)', 'assert d[t] == 1 and same'].join('\n');
  const t = Date.now();
  const a = analyzeSource(src);
  assert.ok(Date.now() - t < 3000, `took ${Date.now() - t} ms`);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message), []);
});

test('a forward that never ends stops at the cap on recorded calls, with a message', () => {
  const src = ['import torch', 'import torch.nn as nn', '', 'class M(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(2, 2)', '    def forward(self, x):', '        while True:', '            x = self.fc(x)', '        return x', '', 'if __name__ == "__main__":', '    M()(torch.randn(1, 2))'].join('\n');
  const t = Date.now();
  const a = analyzeSource(src);
  assert.ok(Date.now() - t < 8000, `took ${Date.now() - t} ms`);
  assert.match(a.diagnostics.map((d) => d.message).join('\n'), /more than 200,000 layer calls recorded/);
});

test('a Keras chain of 20,000 layers is walked without recursion', () => {
  const src = 'from keras import layers, models\nx = inp = layers.Input(shape=(4,))\nfor i in range(20000):\n    x = layers.Activation("relu")(x)\nmodel = models.Model(inp, x)\n';
  const m = analyzeSource(src).models[0];
  assert.deepEqual([m.complete, m.layers.length, m.output], [true, 20_001, [[1, 4]]]);
});

test('a notebook of 100,000 cells: its lines are placed in their cells in logarithmic time, and the CLI refuses it by its size', async () => {
  const { notebookCode, cellLine } = await import('../../src/core');
  const { run } = await import('../../src/cli/main');
  const cells = Array.from({ length: 100_000 }, (_, i) => ({ cell_type: 'code', source: [`x${i} = ${i}\n`, 'y = x'] }));
  const nb = notebookCode(JSON.stringify({ cells }));
  assert.ok(typeof nb !== 'string');
  const t = Date.now();
  let found = 0;
  for (let line = 1; line <= 200_000; line++) if (cellLine(nb, line)) found++;
  assert.deepEqual([found, cellLine(nb, 199_999)], [200_000, { cell: 99_999, line: 1 }]);
  assert.ok(Date.now() - t < 1000, `${Date.now() - t} ms`);
  const dir = (await import('node:fs')).mkdtempSync(path.join((await import('node:os')).tmpdir(), 'layer-lens-nb-'));
  const file = path.join(dir, 'big.ipynb');
  (await import('node:fs')).writeFileSync(file, JSON.stringify({ cells }));
  const err: string[] = [];
  assert.equal(run(['analyze', file], () => undefined, (s) => err.push(s)), 2);
  assert.match(err.join('\n'), /200,000 lines, more than 20,000/);
});

test('a disk that answers every path (an __init__.py in every folder, the root included) ends: the package walk stops at the root', () => {
  const src = 'import torch.nn as nn\n\n# layer-lens: input 1x4\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n\n    def forward(self, x):\n        return self.fc(x)\n';
  // Before, looking for the package the file is in walked up from "/" to "/" for ever.
  const { models } = evaluateModels('/k/model.py', { read: () => src }, {});
  assert.equal(models.find((m) => m.name === 'Net()')?.totals.params, 4 * 2 + 2);
});

test('a second stop of the file is said at the statement it stopped in, never at line 1; the sequence bound names no setting', () => {
  const a = analyzeSource(['import numpy as np', 'z = 0', 'b = [0] * 10**10', 'y = 2', 'g = [[0] * 10**6] * 10**6', 'w = 3', ''].join('\n'));
  const stops = a.diagnostics.filter((d) => d.code === 'budget');
  assert.deepEqual(stops.map((d) => d.line), [3, 5]);
  assert.match(stops[0].message, /a sequence of more than 1,000,000 items \(a fixed bound: model code never needs more\)/);
});
