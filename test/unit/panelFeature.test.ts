/**
 * The side panel's figures as src/core/features/panel.ts gives them (the extension only adds words): a model's
 * rows and totals, worked out here from the layers' own formulas, and a selection's lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callsPanel, callTime, distinctCallShapes, modelPanel, DEVICES } from '../../src/core';
import { analyzeSource, SNIPPET } from './helpers';

const SRC = `import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        x = self.conv(x)
        x = x.mean((2, 3))
        return self.fc(x)

y = Net()(torch.randn(1, 3, 16, 16))
`;

test('modelPanel: the layers, then the functional operations that cost something, with totals and lines in this file', () => {
  const model = analyzeSource(SRC).models.find((m) => m.name.startsWith('Net'))!;
  const panel = modelPanel(model, { file: SNIPPET, dtype: 'float32', optimizer: 'adam' });
  const conv = 8 * 3 * 3 * 3 + 8;
  const fc = 10 * 8 + 10;
  assert.deepEqual(panel.layers.map((l) => [l.name, l.type, l.params, l.line]), [['conv', 'Conv2d', conv, 7], ['fc', 'Linear', fc, 8], ['Net()', 'mean', null, 12]]);
  assert.equal(panel.layers[0].multAdds, 3 * 3 * 3 * 8 * 16 * 16);
  assert.equal(panel.layers[0].output, '1×8×16×16');
  assert.equal(panel.totals.params, conv + fc);
  assert.equal(panel.totals.memoryAccessBytes, 4 * panel.totals.memoryAccessCost!);
  // No device chosen: no row has a time, and there is no range.
  assert.ok(panel.layers.every((l) => l.time === null));
  assert.equal(panel.consequences.latency, undefined);
  assert.deepEqual(panel.guidelines.map((g) => g.id), ['G1', 'G2', 'G3', 'G4']);
  // On a device each row gets the upper end of its range.
  const timed = modelPanel(model, { file: SNIPPET, dtype: 'float32', optimizer: 'adam', device: DEVICES[0] });
  assert.ok(timed.layers.every((l) => l.time && l.time.upperMs > 0 && /s$/.test(l.time.text)));
  // Rows of another file have no line to reveal.
  assert.ok(modelPanel(model, { file: '/elsewhere.py', dtype: 'float32', optimizer: 'adam' }).layers.every((l) => l.line === null));
});

test('callsPanel: the lines of a selection, containers left out, summed with every instance', () => {
  const calls = analyzeSource('import torch.nn as nn\nblock = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU())\n').calls;
  assert.ok(calls.some((c) => c.category === 'container'));
  const panel = callsPanel(calls, { dtype: 'float16' });
  assert.deepEqual(panel.layers.map((l) => l.type), ['Conv2d', 'ReLU']);
  assert.equal(panel.totals.params, 8 * 3 * 3 * 3 + 8);
  assert.equal(panel.totals.memoryAccessBytes, 2 * panel.totals.memoryAccessCost!);
  assert.equal(panel.latency, undefined);
});

test("a call's card: its calls' shapes when they differ, and its time on a device (none without one)", () => {
  const src = `import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(8, 8, 3, padding=1)

    def forward(self, x):
        return self.conv(self.conv(x)[:, :, ::2, ::2])

y = Net()(torch.randn(1, 8, 16, 16))
`;
  const conv = analyzeSource(src).calls.find((c) => c.type === 'Conv2d')!;
  assert.deepEqual(distinctCallShapes(conv), ['1×8×16×16 → 1×8×16×16', '1×8×8×8 → 1×8×8×8']);
  assert.equal(callTime(conv, undefined, 'float32'), undefined);
  const t = callTime(conv, DEVICES[0], 'float32');
  assert.ok(t && !('problem' in t) && t.lowerMs > 0 && t.upperMs >= t.lowerMs, JSON.stringify(t));
  // One call, or calls all alike: nothing to list.
  const once = analyzeSource('import torch.nn as nn\nc = nn.Conv2d(3, 8, 3)  # layer-lens: input 1x3x10x10\n').calls[0];
  assert.deepEqual(distinctCallShapes(once), []);
});
