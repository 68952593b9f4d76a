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
