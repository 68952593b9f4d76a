/**
 * A layer's attributes set after construction, as PyTorch's forward reads them (issue 31 §2). What the catalog
 * follows is checked against PyTorch in corpusConstructs.test.ts (a dilated backbone, a pool's kernel, an
 * upsampling's factor); here, what it does not follow is said at the line, and never costed as if unchanged.
 * Figures: PyTorch 1.13, printed for these modules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSource } from './helpers';

const net = (init: string, forward = 'self.layer(x)', input = '1x8x8x8') => [
  'import torch',
  'import torch.nn as nn',
  '',
  `# layer-lens: input ${input}`,
  'class Net(nn.Module):',
  '    def __init__(self):',
  '        super().__init__()',
  ...init.split('\n').map((l) => `        ${l}`),
  '',
  '    def forward(self, x):',
  `        return ${forward}`,
  '',
].join('\n');

const model = (src: string) => {
  const a = analyzeSource(src);
  return { a, m: a.models.find((x) => x.definition === 'Net')! };
};

test('groups set on a built conv: PyTorch computes with the old weight differently; said at the line, not costed as before', () => {
  const { a, m } = model(net('self.layer = nn.Conv2d(8, 8, 3, padding=1)\nself.layer.groups = 2'));
  const said = a.diagnostics.find((d) => d.line === 9);
  assert.equal(said?.severity, 'warning');
  assert.match(said!.message, /^Conv2d's `groups` set after construction: Layer Lens does not follow what this changes, so this layer's calls are not costed$/);
  assert.equal(m.complete, false);
  assert.equal(m.totals.params, 584);
});

test('a Linear whose weight is replaced by one of another shape: its params as PyTorch counts them, its calls not costed as the old shape', () => {
  const { a, m } = model(net('self.layer = nn.Linear(10, 5)\nself.layer.weight = nn.Parameter(torch.randn(20, 10))', 'self.layer(x)', '2x10'));
  // PyTorch: 20·10 weights + the 5 biases the layer kept (its forward then fails to add them: 20 outputs).
  assert.equal(m.totals.params, 205);
  assert.equal(m.complete, false);
  assert.ok(a.diagnostics.some((d) => d.line === 9 && /^Linear's `weight` replaced by one of shape 20×10 where it was 5×10:/.test(d.message)), JSON.stringify(a.diagnostics.map((d) => d.message)));
});

test('a weight replaced by one of the same shape changes no figure', () => {
  const { a, m } = model(net('self.layer = nn.Linear(10, 5)\nself.layer.weight = nn.Parameter(torch.randn(5, 10))', 'self.layer(x)', '2x10'));
  assert.deepEqual([m.complete, m.totals.params, m.totals.multAdds, m.output], [true, 55, 100, [[2, 5]]]);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'info'), []);
});

test('what forward does not read again (a Linear\'s in_features, a BatchNorm\'s num_features) changes nothing, as in PyTorch', () => {
  const { m } = model(net('self.layer = nn.Linear(10, 5)\nself.layer.in_features = 99\nself.norm = nn.BatchNorm1d(5)\nself.norm.num_features = 7\nself.norm.eps = 1e-3', 'self.norm(self.layer(x))', '2x10'));
  assert.deepEqual([m.complete, m.totals.params, m.totals.multAdds, m.output], [true, 65, 100, [[2, 5]]]);
});

test('a pool\'s stride left as None is its kernel_size, read back as PyTorch stores it', () => {
  const { m } = model(net('self.layer = nn.MaxPool2d(3)\nself.fc = nn.Linear(self.layer.stride, 2)', 'self.fc(self.layer(x))', '1x8x9x9'));
  // MaxPool2d(3).stride == 3: the Linear takes 3 features, the pooled 9×9 map is 3×3.
  assert.deepEqual([m.complete, m.totals.params, m.output], [true, 8, [[1, 8, 3, 2]]]);
});

const reads = (forward: string, init = 'self.fc = nn.Linear(4, 4)', extra = '') => [
  'import torch',
  'import torch.nn as nn',
  '',
  'class Cell(nn.Module):',
  '    def __init__(self):',
  '        super().__init__()',
  ...init.split('\n').map((l) => `        ${l}`),
  '',
  '    def forward(self, x):',
  ...forward.split('\n').map((l) => `        ${l}`),
  extra,
].join('\n');

test('an attribute no code sets (only a training script would): AttributeError as Python raises it, red where the code gives the input', () => {
  const a = analyzeSource(`${reads('return self.fc(x) * self.drop_path_prob')}\nm = Cell()\ny = m(torch.randn(2, 4))\n`);
  const error = a.diagnostics.find((d) => d.severity === 'error');
  assert.equal(error?.line, 10);
  assert.equal(error?.message, "the model raises AttributeError: 'Cell' object has no attribute 'drop_path_prob'");
  assert.equal(a.models.find((m) => m.inputSource === 'code')?.complete, false);
});

test('on a guessed input the same read is a note, not a red error', () => {
  const a = analyzeSource(reads('return self.fc(x) * self.drop_path_prob'));
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  const m = a.models[0];
  assert.ok(m.diagnostics.some((d) => d.line === 10 && d.severity === 'info' && /AttributeError: 'Cell' object has no attribute 'drop_path_prob' \(on the guessed input 1×4\)$/.test(d.message)), JSON.stringify(m.diagnostics.map((d) => d.message)));
  assert.equal(m.complete, false);
});

test('code that handles a missing attribute runs as Python does: except AttributeError, getattr with a default, hasattr', () => {
  const forward = 'try:\n    s = self.scale\nexcept AttributeError:\n    s = 2\nt = getattr(self, "shift", 3)\nu = 5 if hasattr(self, "other") else 7\nreturn self.fc(x) * s * t * u';
  const a = analyzeSource(`${reads(forward)}\nm = Cell()\ny = m(torch.randn(2, 4))\n`);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'info'), []);
  assert.equal(a.models.find((m) => m.inputSource === 'code')?.complete, true);
});

test('an attribute some code may set is not known, never an error: a branch not followed, the file\'s own assignment, setattr by a computed name', () => {
  const cases = [
    reads('return self.fc(x) * self.scale', 'self.fc = nn.Linear(4, 4)\nif torch.cuda.is_available():\n    self.scale = 2'),
    `${reads('return self.fc(x) * self.scale')}\nm = Cell()\nif len(__name__) > 99:\n    m.scale = 3\n`,
    reads('return self.fc(x) * self.scale', 'self.fc = nn.Linear(4, 4)\nfor k in ["scale"]:\n    setattr(self, k, 1)'),
  ];
  for (const src of cases) {
    const a = analyzeSource(src);
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error' || /AttributeError/.test(d.message)), [], src);
  }
});

test('after a layer PyTorch refuses to build, the rest of forward is still checked: every mistake of the file at once', () => {
  const a = analyzeSource([
    'import torch',
    'import torch.nn as nn',
    '',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.conv = nn.Conv2d(3, 12, 3, padding=1, groups=2)',
    '        self.pool = nn.AdaptiveAvgPool2d(8)',
    '        self.fc = nn.Linear(3072, 10)',
    '',
    '    def forward(self, x):',
    '        x = self.pool(self.conv(x))',
    '        return self.fc(x.flatten(1))',
    '',
    'net = Net()',
    'y = net(torch.randn(1, 3, 32, 32))',
    '',
  ].join('\n'));
  // PyTorch: "in_channels must be divisible by groups" at construction; the conv as declared gives 12×8×8 = 768 features.
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.message]), [
    [7, 'Conv2d: in_channels (3) must be divisible by groups (2)'],
    [13, 'Linear expects 3072 input features (in_features) but the input 1×768 has 768 in its last dimension'],
  ]);
  const m = a.models.find((x) => x.inputSource === 'code')!;
  assert.equal(m.complete, false);
  assert.equal(m.totals.params, null);
});
