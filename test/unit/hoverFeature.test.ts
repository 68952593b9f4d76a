/**
 * What a hover shows, as src/core/features/hover.ts gives it (the extension only adds words and markdown): the
 * call under the cursor, the line's layers and their sum, the formula, the time on a device, the notes' sections,
 * the line's operations and the model a line binds. Figures are worked out here from the layers' own formulas.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEVICES, hoverAt, layerLines, modelSummary, type FileAnalysis, type HoverLines } from '../../src/core';
import { analyzeSource } from './helpers';

const SRC = `import torch
import torch.nn as nn

mlp = nn.Sequential(nn.Linear(4, 16), nn.GELU(), nn.Linear(16, 4))
x = torch.randn(2, 4)
y = mlp(x)

class Gram(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, h):
        return self.proj(h) @ h.t()

z = Gram()(y)
`;

/** The answer for every line, as the engine's `lines` gives it (a model no class or factory names is `placed`). */
function answer(a: FileAnalysis): HoverLines {
  return { calls: a.calls, operations: a.operations, placed: a.models.filter((m) => m.definition === null).map((m) => ({ line: m.line, summary: modelSummary(m) })) };
}

const lineText = (src: string) => (l: number) => src.split('\n')[l - 1];
const at = (src: string, line: number, needle: string, nth = 0) => {
  const lines = src.split('\n');
  let col = -1;
  for (let i = 0; i <= nth; i++) col = lines[line - 1].indexOf(needle, col + 1);
  return { line, offset: lines.slice(0, line - 1).join('\n').length + 1 + col, lineText: lineText(src) };
};

test('hoverAt: the innermost call under the cursor, every layer of its line with their sum, the formula and the notes', () => {
  const lines = answer(analyzeSource(SRC));
  const h = hoverAt(lines, at(SRC, 4, 'nn.Linear(16'), { dtype: 'float32' })!;
  assert.ok(h, 'a hover');
  // The second Linear, not the Sequential around it.
  assert.equal(h.call?.call.type, 'Linear');
  assert.equal(h.call?.call.params, 16 * 4 + 4);
  assert.deepEqual(h.range, h.call?.call.span);
  // Mult-Adds of Linear(16, 4) on 2×16: 2·16·4.
  assert.equal(h.call?.call.multAdds, 2 * 16 * 4);
  assert.ok(h.call?.formula?.numbers.includes('128'), JSON.stringify(h.call?.formula));
  assert.equal(h.call?.macTopic?.id, 'shufflenet');
  // No device chosen: no time.
  assert.equal(h.call?.time, undefined);
  // The line's three layers, a row each in the order written, and their sum.
  assert.deepEqual(h.line?.sum.layers.map((c) => c.type), ['Linear', 'GELU', 'Linear']);
  assert.deepEqual(h.line?.io, ['2×4 → 2×16', '2×16 → 2×16', '2×16 → 2×4']);
  assert.equal(h.line?.sum.params, 4 * 16 + 16 + 16 * 4 + 4);
  assert.equal(h.line?.sum.multAdds, 2 * 4 * 16 + 2 * 16 * 4);
  // The same line's lens sums the same.
  const lens = layerLines(lines.calls).find((l) => l.line === 4)!;
  assert.equal(lens.label, '2 Linear + GELU');
  assert.equal(lens.params, h.line?.sum.params);
});

test('hoverAt: the time on a device when one is chosen, the line\'s operations, the model a line binds, and nothing elsewhere', () => {
  const lines = answer(analyzeSource(SRC));
  const timed = hoverAt(lines, at(SRC, 4, 'nn.Linear(4'), { dtype: 'float32', device: DEVICES[0] })!;
  const t = timed.call?.time;
  assert.ok(t && !('problem' in t) && t.upperMs >= t.lowerMs && t.lowerMs > 0, JSON.stringify(t));
  // `self.proj(h) @ h.t()`: a matmul of 2×4 by 4×2, 2·4·2 Mult-Adds, and the transpose (a view); the call there is proj's.
  const op = hoverAt(lines, at(SRC, 14, '@'), { dtype: 'float32' })!;
  assert.equal(op.call, undefined);
  assert.equal(op.range, 'line');
  assert.deepEqual(op.operations.map((o) => [o.op, o.multAdds]), [['@', 2 * 4 * 2], ['t', 0]]);
  // Line 6 calls the Sequential built on line 4: that model, on the code's own input.
  const placed = lines.placed?.[0];
  assert.ok(placed, 'a placed model');
  const m = hoverAt(lines, at(SRC, placed!.line, placed!.line === 4 ? 'mlp' : 'y'), { dtype: 'float32' })!;
  assert.equal(m.placed?.summary.totals.params, 4 * 16 + 16 + 16 * 4 + 4);
  assert.equal(m.placed?.input, '2×4');
  // A line with no layer, operation or model.
  assert.equal(hoverAt(lines, at(SRC, 5, 'x'), { dtype: 'float32' }), undefined);
});
