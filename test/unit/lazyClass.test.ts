/**
 * Only the code a model reaches is evaluated (issue 20): an inert class body runs when its class is first used,
 * anything else where Python runs it. The figures are the same either way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateModels } from '../../src/core';
import { inertBody, lazyClassStats } from '../../src/core/eval/lazyClass';
import { parsePython } from '../../src/core/python/parse';

const bodyOf = (code: string) => {
  const s = parsePython(code).module.body[0];
  assert.ok(s.kind === 'ClassDef');
  return s.body;
};

test('inert class bodies: docstrings, pass, literal attributes, methods with literal defaults and no decorator', () => {
  const inert = [
    'class A:\n    pass',
    'class A:\n    """doc"""\n    expansion = 4\n    names = ["a", (1, -2.5)]\n    table = {1: "x"}\n    size: int = 3\n    flag: bool\n    def __init__(self, a=1, b=None, *args, c="s", **kw):\n        self.a = print(a)\n    def forward(self, x):\n        return x',
  ];
  const live = [
    'class A:\n    x = f()',
    'class A:\n    x = WIDTH',
    'class A:\n    x = f"{WIDTH}"',
    'class A:\n    def f(self, a=WIDTH):\n        pass',
    'class A:\n    @property\n    def f(self):\n        return 1',
    'class A:\n    REGISTRY.append(1)',
    'class A:\n    if True:\n        x = 1',
    'class A:\n    x = y = 1\n    z = not 1',
    'class A:\n    a.b = 1',
  ];
  for (const c of inert) assert.equal(inertBody(bodyOf(c)), true, c);
  for (const c of live) assert.equal(inertBody(bodyOf(c)), false, c);
});

function evaluate(code: string, call: string) {
  const file = '/w/net.py';
  return evaluateModels(file, { read: (p) => (p === file ? code : undefined) }, { call, inputs: [{ shape: [1, 8], dtype: 'float32' }] }).models[0];
}

test('a class nobody uses never runs its body; the ones a model reaches run once, on first use, with the same figures', () => {
  const unused = Array.from({ length: 30 }, (_, i) => `class Unused${i}(nn.Module):\n    width = ${i}\n    def __init__(self, n=${i}):\n        super().__init__()\n        self.fc = nn.Linear(n, n)\n`).join('\n');
  const code = [
    'import torch.nn as nn',
    unused,
    'class Block(nn.Module):',
    '    """Two widths: the class attribute and the default."""',
    '    expansion = 2',
    '    def __init__(self, n=8):',
    '        super().__init__()',
    '        self.fc = nn.Linear(n, n * self.expansion)',
    '    def forward(self, x):',
    '        return self.fc(x)',
    '',
    'class Wide(Block):',
    '    expansion = 4',
    '',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.a = Block()',
    '        self.b = nn.Linear(16, 8)',
    '        self.c = Wide()',
    '    def forward(self, x):',
    '        return self.c(self.b(self.a(x)))',
  ].join('\n');
  // What the session's own setup defers and runs (the torch prelude's classes), on a file that defines none.
  const counted = (source: string) => {
    lazyClassStats.deferred = 0;
    lazyClassStats.run = 0;
    const model = evaluate(source, 'Net()');
    return { model, deferred: lazyClassStats.deferred, run: lazyClassStats.run };
  };
  const setup = counted('import torch.nn as nn\nNet = lambda: nn.Linear(8, 2)\n');
  const { model: m, deferred, run } = counted(code);
  // Block (8 → 16), the Linear (16 → 8) and Wide (8 → 32, through Block's __init__ and its own expansion).
  assert.equal(m.totals.params, (8 * 16 + 16) + (16 * 8 + 8) + (8 * 32 + 32));
  assert.ok(m.complete);
  // 32 classes deferred (Net too, its body is inert); Net, Block and Wide ran; the 30 unused never did.
  assert.deepEqual({ deferred: deferred - setup.deferred, run: run - setup.run }, { deferred: 33, run: 3 });
});

test('a class body that is not inert runs where it is defined, used or not, as Python runs it', () => {
  const code = [
    'import torch.nn as nn',
    'SEEN = []',
    'class Registers:',
    '    x = SEEN.append(1)',
    'WIDTH = 3',
    'class Reads:',
    '    width = WIDTH',
    'WIDTH = 5',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.fc = nn.Linear(len(SEEN) + 7, Reads.width)',
    '    def forward(self, x):',
    '        return self.fc(x)',
  ].join('\n');
  // The registration happened (8 inputs), and Reads kept the width of its definition's time (3 outputs, not 5).
  assert.equal(evaluate(code, 'Net()').totals.params, 8 * 3 + 3);
});

test('a deferred class set from outside its body, listed, or tested with isinstance, behaves as one run at once', () => {
  const code = [
    'import torch.nn as nn',
    'class Cfg:',
    '    width = 4',
    '    depth = 1',
    'Cfg.width = 6',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        names = [n for n in dir(Cfg) if not n.startswith("_")]',
    '        self.fc = nn.Linear(Cfg.width + len(names), 2 if isinstance(Cfg(), Cfg) else 1)',
    '    def forward(self, x):',
    '        return self.fc(x)',
  ].join('\n');
  // 6 + 2 names (depth, width) inputs, 2 outputs.
  assert.equal(evaluate(code, 'Net()').totals.params, 8 * 2 + 2);
});
