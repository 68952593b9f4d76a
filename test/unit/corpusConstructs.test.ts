/**
 * The constructs the public-code corpus taught the engine (issue 27), each in a minimal form of our own, against what
 * real Python and PyTorch 1.13 gave (test/oracle/corpus_constructs.py → test/data/corpus-constructs.reference.json).
 * The corpus itself is a measurement run from checkouts outside the repository (test/corpus/README.md); these are
 * what CI keeps of it. Other constructs it taught have their tests in realCode.test.ts and its neighbours.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeSource, DATA, readJson } from './helpers';

const PRELUDE = 'import copy\nimport functools\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport numpy as np\n';
const indent = (text: string) => text.split('\n').map((l) => `        ${l}`).join('\n');

interface Reference {
  values: { name: string; setup: string; expr: string; value: number }[];
  tensors: { name: string; setup: string; expr: string; output: number[][] }[];
  modules: { name: string; src: string; input: number[][]; params: number; multAdds: number; output: number[][] }[];
}
const reference = readJson<Reference>(path.join(DATA, 'corpus-constructs.reference.json'));

test('Python values as model code computes them: each is known exactly (a Linear sized by it has that many features)', () => {
  assert.ok(reference.values.length >= 20);
  for (const c of reference.values) {
    const a = analyzeSource(`${PRELUDE}${c.setup}\nN = ${c.expr}\nlayer = nn.Linear(1, N)  # layer-lens: input 1x1\n`);
    assert.deepEqual(a.calls[0]?.outputShape, [1, c.value], `${c.name}: ${a.diagnostics.map((d) => d.message).join('; ')}`);
    assert.equal(a.calls[0].params, 2 * c.value, c.name);
  }
});

test('torch operations in a forward: the shapes PyTorch gives, complete, and F.linear costed as a matmul', () => {
  for (const c of reference.tensors) {
    const src = `${PRELUDE}\n# layer-lens: input 1x1\nclass M(nn.Module):\n    def forward(self, _):\n${indent(c.setup)}\n        return ${c.expr}\n`;
    const a = analyzeSource(src);
    const m = a.models[0];
    assert.ok(m?.complete, `${c.name}: ${a.diagnostics.map((d) => d.message).join('; ')}`);
    assert.deepEqual(m.output, c.output, c.name);
    // Two F.linear calls of 4·7 rows, 6 in, 3 out; nothing else here multiplies.
    assert.equal(m.totals.multAdds, c.name.startsWith('F.linear') ? 2 * 4 * 7 * 6 * 3 : 0, c.name);
  }
});

test('modules built as research code builds them: params, Mult-Adds and outputs as PyTorch counts them, complete', () => {
  for (const c of reference.modules) {
    const annotation = `# layer-lens: input ${c.input.map((s) => s.join('x')).join(', ')}\n`;
    const a = analyzeSource(PRELUDE + c.src.replace('class Net', `${annotation}class Net`));
    const m = a.models.find((x) => x.definition === 'Net');
    assert.ok(m?.complete, `${c.name}: ${a.diagnostics.map((d) => d.message).join('; ')}`);
    assert.equal(m.totals.params, c.params, c.name);
    assert.equal(m.totals.multAdds, c.multAdds, c.name);
    assert.deepEqual(m.output, c.output, c.name);
  }
});

test('a loop whose condition depends on a constructor argument: what it changes is not known, and says where it comes from', () => {
  const a = analyzeSource(`import torch.nn as nn

class Net(nn.Module):
    def __init__(self, width):
        super().__init__()
        c = 1
        while c < width:
            c *= 2
        self.fc = nn.Linear(c, 4)
        self.out = nn.Linear(4, 2)
    def forward(self, x):
        return self.out(self.fc(x))
`);
  const [fc, out] = a.calls;
  // No model runs Net: each line is costed alone. `c` doubles an unknown number of times, so fc's params stay a
  // formula in it; out's do not depend on it.
  assert.equal(fc.params, null);
  assert.equal(fc.paramsFormula, '4·c + 4');
  assert.equal(out.params, 4 * 2 + 2);
});

test('values not known stay not known: never a guessed figure, and the model says it is incomplete', () => {
  // `v` and `t` come from a package that is not read: whatever is computed from them is not known statically.
  const head = 'import re\nimport torch\nimport numpy as np\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport not_installed_anywhere\nv = not_installed_anywhere.thing\n';
  for (const expr of ['sum(v)', 'len(list(map(str, v)))', 'len(set(v))', 'len(dict(v))', 'getattr(nn, v)', 'len(re.split(v, "a b"))', 'int(np.array(v).sum())', 'int(v == [1])']) {
    const a = analyzeSource(`${head}N = ${expr}\nlayer = nn.Linear(1, N)  # layer-lens: input 1x1\n`);
    assert.equal(a.calls[0].params, null, expr);
    assert.ok(a.diagnostics.some((d) => d.line === 9 && /params are not known statically/.test(d.message)), expr);
  }
  for (const expr of ['t.unbind(0)[0]', 'F.pad(x, v)', 'F.linear(x, t)', 't.T', 'torch.argmax(t, 1)', 't.max(1)[0]', 'torch.tensor(v)', 'torch.meshgrid(t, t)[0]', 'torch.split(t, 2)[0]', 'np.zeros(v)']) {
    const src = `${head}\n# layer-lens: input 1x4\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 4)\n    def forward(self, x):\n        t = not_installed_anywhere.tensor(x)\n        return self.fc(${expr})\n`;
    const m = analyzeSource(src).models[0];
    assert.equal(m.complete, false, expr);
    assert.equal(m.output, null, expr);
    assert.ok(m.diagnostics.some((d) => d.severity === 'warning' && /not known statically/.test(d.message)), expr);
  }
  // Python's own errors on known values are still said: min() of nothing raises ValueError.
  const empty = analyzeSource(`${head}N = min([])\nlayer = nn.Linear(1, N)  # layer-lens: input 1x1\n`);
  assert.ok(empty.diagnostics.some((d) => /ValueError: min\(\) arg is an empty sequence/.test(d.message)));
  // int() of a tensor of three elements: PyTorch raises "only one element tensors can be converted to Python scalars".
  const many = analyzeSource(`${head}N = int(torch.arange(3))\nlayer = nn.Linear(1, N)  # layer-lens: input 1x1\n`);
  assert.ok(many.diagnostics.some((d) => /ValueError: only one element tensors can be converted to Python scalars/.test(d.message)));
});

test('F.multi_head_attention_forward refuses what PyTorch refuses, at the call', () => {
  const call = (q: string, heads: number) => `${PRELUDE}
# layer-lens: input 6x2x${q}
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(96, 32))
        self.o = nn.Parameter(torch.randn(32, 32))
    def forward(self, x):
        return F.multi_head_attention_forward(x, x, x, 32, ${heads}, self.w, None, None, None, False, 0.0, self.o, None, training=False)[0]
`;
  // PyTorch 1.13's messages for these two calls.
  for (const [q, heads, message] of [['16', 4, 'was expecting embedding dimension of 32, but got 16'], ['32', 5, 'embed_dim 32 not divisible by num_heads 5']] as const) {
    const a = analyzeSource(call(q, heads));
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [message]);
  }
});

test('re.VERBOSE patterns (whitespace and comments dropped, not in a class or escaped): a version check as packaging writes it', () => {
  const a = analyzeSource(`import re
import torch.nn as nn
PATTERN = r"""
    v?
    (?P<release>[0-9]+(?:\\.[0-9]+)*)   # release segment
    (?P<local>[ #a-z]*)                 # a class keeps its space and its '#'
"""
m = re.compile(r"^\\s*" + PATTERN + r"\\s*$", re.VERBOSE | re.IGNORECASE).search("1.26.4 #x")
N = len(m.group("release")) + len(m.group("local"))
layer = nn.Linear(1, N)  # layer-lens: input 1x1
`);
  // "1.26.4" is 6 characters; " #x" 3 more.
  assert.deepEqual(a.calls[0]?.outputShape, [1, 9], a.diagnostics.map((d) => d.message).join('; '));
});
