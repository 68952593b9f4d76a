/**
 * The code's own call of a model with more than tensors (`model(x, lengths)`, `model(x, 2)`), and torch's own
 * Python (torch.nn.utils.rnn) refusing a call: the model the code ran is shown with the values it gave, and
 * PyTorch's error is red at the code's line. Figures: PyTorch 1.13 (torch_layers.py's LSTM rule, the shapes below
 * as PyTorch printed them; the families oracle checks every packing form).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSource } from './helpers';

const packing = (lengths: string) => [
  'import torch',
  'import torch.nn as nn',
  '',
  'class Tagger(nn.Module):',
  '    def __init__(self):',
  '        super().__init__()',
  '        self.lstm = nn.LSTM(3, 4)',
  '',
  '    def forward(self, x, lengths):',
  '        p = nn.utils.rnn.pack_padded_sequence(x, lengths)',
  '        out, _ = self.lstm(p)',
  '        return nn.utils.rnn.pad_packed_sequence(out)[0]',
  '',
  'model = Tagger()',
  `y = model(torch.randn(5, 2, 3), ${lengths})`,
  '',
].join('\n');

test('a model the code calls with its lengths (a list or a tensor) runs on them: the LSTM over the 5 + 3 packed steps', () => {
  for (const lengths of ['[5, 3]', 'torch.tensor([5, 3])']) {
    const a = analyzeSource(packing(lengths));
    const m = a.models.find((x) => x.inputSource === 'code');
    assert.ok(m, `${lengths}: ${JSON.stringify(a.diagnostics.map((d) => d.message))}`);
    assert.equal(m.complete, true, lengths);
    // 8 steps of 4·(3·4 + 4·4) Mult-Adds; padded back to PyTorch's (5, 2, 4).
    assert.equal(m.totals.multAdds, 8 * 4 * (3 * 4 + 4 * 4));
    assert.deepEqual(m.output, [[5, 2, 4]]);
    assert.deepEqual(m.input, lengths.startsWith('[') ? [[5, 2, 3]] : [[5, 2, 3], [2]]);
  }
});

test('lengths PyTorch refuses: its own message, red at the line that packs, and the LSTM after it said not counted', () => {
  const a = analyzeSource(packing('torch.tensor([3, 5])'));
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1, JSON.stringify(a.diagnostics.map((d) => d.message)));
  assert.equal(errors[0].line, 10);
  assert.match(errors[0].message, /^RuntimeError: `lengths` array must be sorted in decreasing order when `enforce_sorted` is True\./);
  assert.ok(a.diagnostics.some((d) => d.line === 11 && d.severity === 'warning' && /^LSTM called on a value not known statically .*: this call is not counted$/.test(d.message)));
  assert.equal(a.models.find((x) => x.inputSource === 'code')?.complete, false);
  // Nothing points into torch's own Python.
  assert.deepEqual(a.diagnostics.filter((d) => d.file.startsWith('<')), []);
});

test('a model called with a number besides its tensor is the code\'s run, not left out', () => {
  const a = analyzeSource([
    'import torch',
    'import torch.nn as nn',
    '',
    'class Scaled(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.fc = nn.Linear(3, 4)',
    '',
    '    def forward(self, x, scale):',
    '        return self.fc(x) * scale',
    '',
    'model = Scaled()',
    'y = model(torch.randn(5, 3), 2)',
    '',
  ].join('\n'));
  const m = a.models.find((x) => x.inputSource === 'code');
  assert.ok(m, JSON.stringify(a.diagnostics.map((d) => d.message)));
  assert.deepEqual([m.complete, m.totals.params, m.totals.multAdds, m.output], [true, 16, 60, [[5, 4]]]);
});

test('an exception raised at the top level says its message', () => {
  const a = analyzeSource('import torch\nraise ValueError("the config has no depth")\n');
  assert.deepEqual(a.diagnostics.map((d) => [d.line, d.message]), [[2, 'this raises ValueError: the config has no depth when the file runs, and Python would stop here; Layer Lens read on']]);
});
