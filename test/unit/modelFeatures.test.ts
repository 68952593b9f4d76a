/**
 * Whole-model evaluation on hand-written models in many styles: each Python feature the evaluator
 * follows, with figures worked out by hand from the counting conventions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentAnalysis, evaluateModels, type ModelResult } from '../../src/core';
import { analyzeSource } from './helpers';

/** Evaluate `call` in /pkg/model.py, with other files of the package given too. */
function run(source: string, call: string, input: number[] = [1, 3, 8, 8], files: Record<string, string> = {}): ModelResult {
  const all: Record<string, string> = { '/pkg/model.py': source, ...files };
  const { models } = evaluateModels('/pkg/model.py', { read: (p) => all[p] }, { call, inputs: [{ shape: input, dtype: 'float32' }] });
  return models[0];
}

const quiet = (m: ModelResult) => m.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.line}: ${d.message}`);

/** Conv2d(cin, cout, 3, padding=1) on HxW: params and Mult-Adds. */
const conv3 = (cin: number, cout: number, hw: number) => ({ params: cin * cout * 9 + cout, multAdds: hw * cout * cin * 9 });

test('values and expressions: arithmetic, round/int/float/min/max, math, strings, containers, slicing, unpacking', () => {
  const m = run(`
import math
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        a = 17 // 4 + 2 ** 2 % 3          # 4 + 1 = 5
        b = int(round(7.5)) + int(float("2"))  # 8 + 2 = 10
        c = max(min(a, b), 3) + math.ceil(2.1) + math.floor(math.sqrt(16))  # 5 + 3 + 4 = 12
        name = "conv" + "_" + str(3)
        widths = [a, b, c][1:] + [w * 2 for w in (1, 2)]   # [10, 12, 2, 4]
        cfg = {"first": widths[0], "rest": widths[-3:]}
        first, *rest = cfg["rest"]
        self.add_module(name, nn.Conv2d(3, cfg["first"], 3, padding=1))
        self.fc = nn.Linear(first + rest[0] + rest[1], 2)    # 12 + 2 + 4 = 18
    def forward(self, x):
        y = self.conv_3(x)
        return self.fc(y.flatten(1)[:, :18])
`, 'Net()');
  assert.deepEqual(quiet(m), []);
  assert.equal(m.totals.params, conv3(3, 10, 64).params + 18 * 2 + 2);
  assert.deepEqual(m.output, [[1, 2]]);
  assert.deepEqual(m.layers.map((l) => l.path), ['conv_3', 'fc']);
});

test('control flow: for, while, if/elif/else, break, continue, try/except', () => {
  const m = run(`
import torch.nn as nn
class Net(nn.Module):
    def __init__(self, depth=6):
        super().__init__()
        layers = []
        c = 3
        i = 0
        while True:
            i += 1
            if i % 2 == 0:
                continue
            elif i > depth:
                break
            layers.append(nn.Conv2d(c, 4, 1))
            c = 4
        else:
            raise RuntimeError("unreachable")
        try:
            {}["missing"]
        except KeyError:
            layers.append(nn.ReLU())
        for j in range(3):
            if j == 1:
                break
        else:
            layers.append(nn.Identity())
        self.body = nn.Sequential(*layers)
    def forward(self, x):
        return self.body(x)
`, 'Net()');
  assert.deepEqual(quiet(m), []);
  // i = 1, 3, 5 add convs; 7 breaks. The for loop breaks, so no Identity.
  assert.deepEqual(m.layers.map((l) => l.type), ['Conv2d', 'Conv2d', 'Conv2d', 'ReLU']);
  assert.equal(m.totals.params, (3 * 4 + 4) + 2 * (4 * 4 + 4));
});

test('functions: defaults, *args, **kwargs, keyword-only, closures and lambdas', () => {
  const m = run(`
import torch.nn as nn
def conv(cin, cout, *, k=3, **kw):
    return nn.Conv2d(cin, cout, k, padding=k // 2, **kw)
def make(*widths, act=lambda: nn.ReLU()):
    def block(a, b):
        return nn.Sequential(conv(a, b, bias=False), act())
    return [block(a, b) for a, b in zip(widths, widths[1:])]
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.Sequential(*make(3, 8, 16))
    def forward(self, x):
        return self.blocks(x)
`, 'Net()');
  assert.deepEqual(quiet(m), []);
  assert.equal(m.totals.params, 3 * 8 * 9 + 8 * 16 * 9);
  assert.deepEqual(m.layers.map((l) => l.path), ['blocks.0.0', 'blocks.0.1', 'blocks.1.0', 'blocks.1.1']);
});

test('helpers: functools.partial, dataclass and NamedTuple configs, enumerate, sum, any, all, isinstance, getattr/setattr/hasattr', () => {
  const m = run(`
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple
import torch.nn as nn

@dataclass
class Stage:
    width: int
    depth: int = 1

class Head(NamedTuple):
    classes: int
    dropout: float = 0.0

class Net(nn.Module):
    def __init__(self, stages=(Stage(8), Stage(16, 2)), head=Head(5)):
        super().__init__()
        Conv = partial(nn.Conv2d, kernel_size=1, bias=False)
        c = 3
        for i, s in enumerate(stages):
            for _ in range(s.depth):
                setattr(self, f"conv{i}_{_}", Conv(c, s.width))
                c = s.width
        assert all(isinstance(s, Stage) for s in stages) and not any(s.depth > 5 for s in stages)
        total = sum(s.depth for s in stages)
        self.fc = nn.Linear(c, head.classes if hasattr(head, "classes") else 1)
        self.total = total
    def forward(self, x):
        for i in range(2):
            for j in range(2):
                if hasattr(self, f"conv{i}_{j}"):
                    x = getattr(self, f"conv{i}_{j}")(x)
        return self.fc(x.mean((2, 3)))
`, 'Net()');
  assert.deepEqual(quiet(m), []);
  assert.equal(m.totals.params, 3 * 8 + 8 * 16 + 16 * 16 + 16 * 5 + 5);
  assert.deepEqual(m.layers.map((l) => l.path), ['conv0_0', 'conv1_0', 'conv1_1', 'fc']);
});

test('classes: inheritance, super().__init__(), class attributes, decorators applied or passed through', () => {
  const m = run(`
import torch.nn as nn
def registry(fn):
    return None          # an unknown decorator is passed through, not applied
class Base(nn.Module):
    expansion = 2
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c * self.expansion, 1)
    @property
    def out_channels(self):
        return self.conv.out_channels if hasattr(self.conv, "out_channels") else 6
    @staticmethod
    def twice(x):
        return 2 * x
class Wide(Base):
    expansion = 3
    def __init__(self, c):
        super().__init__(c)
        self.extra = nn.Conv2d(c * self.expansion, self.twice(c), 1)
    def forward(self, x):
        return self.extra(self.conv(x))
@registry
def build():
    return Wide(2)
`, 'build()', [1, 2, 4, 4]);
  assert.deepEqual(quiet(m), []);
  assert.equal(m.totals.params, (2 * 6 + 6) + (6 * 4 + 4));
  assert.deepEqual(m.output, [[1, 4, 4, 4]]);
});

test('containers: Sequential (positional, OrderedDict, *list), ModuleList, ModuleDict, add_module, modules() loops, nn.Parameter', () => {
  const m = run(`
from collections import OrderedDict
import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Sequential(OrderedDict([("conv", nn.Conv2d(3, 4, 1)), ("act", nn.ReLU())]))
        self.b = nn.ModuleList([nn.Conv2d(4, 4, 1) for _ in range(2)])
        self.b.append(nn.Conv2d(4, 4, 1))
        self.c = nn.ModuleDict({"left": nn.Conv2d(4, 2, 1), "right": nn.Conv2d(4, 2, 1)})
        self.scale = nn.Parameter(torch.ones(1, 4, 1, 1))
        self.unused = nn.Linear(10, 10)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
                nn.init.zeros_(m.bias)
        names = [n for n, _ in self.named_modules()]
        assert "c.left" in names and len(list(self.children())) == 4
    def forward(self, x):
        x = self.a(x) * self.scale
        with torch.no_grad():
            for layer in self.b:
                x = layer(x)
        return torch.cat([self.c["left"](x), self.c["right"](x)], dim=1)
`, 'Net()', [1, 3, 4, 4]);
  assert.deepEqual(quiet(m), []);
  assert.equal(m.totals.params, (3 * 4 + 4) + 3 * (4 * 4 + 4) + 2 * (4 * 2 + 2) + 4 + 110);
  assert.deepEqual(m.uncalled, ['unused']);
  assert.deepEqual(m.layers.map((l) => l.path), ['a.conv', 'a.act', 'b.0', 'b.1', 'b.2', 'c.left', 'c.right']);
  assert.deepEqual(m.output, [[1, 4, 4, 4]]);
  assert.equal(m.functionalTotals.count, 2, 'the scale multiply and the cat');
});

test('imports across the package: relative imports and re-exports in __init__.py', () => {
  const m = run(`
from .blocks import Block, WIDTH
from . import layers
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block(3, WIDTH)
        self.head = layers.head(WIDTH)
    def forward(self, x):
        return self.head(self.block(x).flatten(1))
`, 'Net()', [1, 3, 2, 2], {
    '/pkg/__init__.py': '',
    '/pkg/blocks/__init__.py': 'from .conv import Block\nfrom ..consts import WIDTH\n',
    '/pkg/blocks/conv.py': 'import torch.nn as nn\nclass Block(nn.Sequential):\n    def __init__(self, a, b):\n        super().__init__(nn.Conv2d(a, b, 1), nn.BatchNorm2d(b))\n',
    '/pkg/consts.py': 'WIDTH = 5\n',
    '/pkg/layers.py': 'import torch.nn as nn\ndef head(c):\n    return nn.Linear(c * 4, 3)\n',
  });
  assert.deepEqual(quiet(m), []);
  assert.equal(m.totals.params, (3 * 5 + 5) + 10 + (20 * 3 + 3));
  assert.deepEqual(m.layers.map((l) => [l.path, l.file.split('/').slice(-2).join('/')]), [
    ['block.0', 'blocks/conv.py'], ['block.1', 'blocks/conv.py'], ['head', 'pkg/layers.py'],
  ]);
});

test('forward: a module called three times counts three times; functional ops; hand-written channel shuffle', () => {
  const m = run(`
import torch
import torch.nn as nn
import torch.nn.functional as F
def channel_shuffle(x, groups):
    b, c, h, w = x.size()
    x = x.view(b, groups, c // groups, h, w)
    x = torch.transpose(x, 1, 2).contiguous()
    return x.view(b, -1, h, w)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 3, padding=1, groups=2)
    def forward(self, x):
        for _ in range(3):
            x = F.relu(channel_shuffle(self.conv(x), 2)) + x
        return F.adaptive_avg_pool2d(x, 1).squeeze(-1).squeeze(-1)
`, 'Net()', [1, 4, 6, 6]);
  assert.deepEqual(quiet(m), []);
  const per = conv3(2, 4, 36).multAdds; // groups=2: C_in/g = 2
  assert.equal(m.layers.length, 3);
  assert.equal(m.totals.multAdds, 3 * per);
  assert.equal(m.totals.params, 4 * 2 * 9 + 4);
  assert.equal(m.moduleTotals.memoryAccessCost, 3 * (144 + 144 + 76));
  // Each round: contiguous copies (144 + 144), relu (144 + 144) and + (2·144 + 144); then the pooling (144 + 4).
  assert.equal(m.functionalTotals.memoryAccessCost, 3 * (288 + 288 + 432) + 148);
  assert.equal(m.totals.memoryAccessCost, m.moduleTotals.memoryAccessCost! + m.functionalTotals.memoryAccessCost!);
  assert.deepEqual(m.output, [[1, 4]]);
});

test('diagnostics as clear as PyTorch, at the line that would raise, with where the input came from', () => {
  const m = run(`
import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 128, 3)
        self.b = nn.Conv2d(64, 10, 3)
        self.fc = nn.Linear(100, 2)
    def forward(self, x):
        y = self.a(x)
        z = self.b(y)
        return torch.cat([x, x[:, :1, :2]], dim=1)
`, 'Net()', [1, 3, 16, 16]);
  const [conv] = m.diagnostics.filter((d) => d.code === 'shape');
  assert.equal(conv.line, 12);
  assert.deepEqual([conv.column, conv.endLine, conv.endColumn], [12, 12, 21], 'the range of `self.b(y)`');
  assert.match(conv.message, /Conv2d expects 64 input channels but the input 1×128×14×14 has 128/);
  assert.deepEqual(conv.related?.map((r) => [r.line, r.message]), [[8, 'Conv2d defined here'], [11, 'its input 1×128×14×14 is produced here']]);
  const cat = m.diagnostics.find((d) => d.message.startsWith('cat'));
  assert.equal(cat?.line, 13);
  assert.match(cat!.message, /sizes must match except in that dim/);
  assert.equal(m.complete, false);

  const fc = run(`
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3), nn.MaxPool2d(2))
        self.fc = nn.Linear(8 * 8 * 8, 10)
    def forward(self, x):
        return self.fc(self.features(x).flatten(1))
`, 'Net()', [1, 3, 32, 32]);
  assert.match(fc.diagnostics.find((d) => d.code === 'shape')!.message, /Linear expects 512 input features \(in_features\) but the input 1×1800 has 1800/);

  const collapse = run(`
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(*[nn.MaxPool2d(2) for _ in range(4)])
    def forward(self, x):
        return self.body(x)
`, 'Net()', [1, 3, 8, 8]);
  assert.match(collapse.diagnostics.find((d) => d.code === 'shape')!.message, /MaxPool2d: output size 0×0 is too small/);

  const groups = run(`
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(6, 8, 3, groups=4)
`, 'Net()');
  assert.match(groups.diagnostics[0].message, /in_channels \(6\) must be divisible by groups \(4\)/);
  assert.equal(groups.complete, false);

  const add = run(`
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(3, 3, 3)
    def forward(self, x):
        return self.c(x) + x
`, 'Net()', [1, 3, 8, 8]);
  assert.match(add.diagnostics.find((d) => d.code === 'shape')!.message, /'\+' of tensors of shapes 1×3×6×6 and 1×3×8×8/);
});

test('budgets: an endless loop or deep recursion stops with a clear note and keeps what it built', () => {
  const loop = run(`
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 3, 1)
        while True:
            pass
`, 'Net()');
  assert.equal(loop.complete, false);
  assert.match(loop.diagnostics.find((d) => d.code === 'budget')!.message, /evaluation stopped/);
  const deep = run(`
import torch.nn as nn
def f(n):
    return f(n + 1)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        f(0)
`, 'Net()');
  assert.match(deep.diagnostics.find((d) => d.code === 'budget')!.message, /nested more than/);
});

test('without --call, every class and factory buildable without arguments is evaluated, inputs from annotations', () => {
  const source = `
import torch.nn as nn
# layer-lens: input 1x16x8x8
class Block(nn.Module):
    def __init__(self, c=16):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
    def forward(self, x):
        return self.conv(x)
class NeedsArgs(nn.Module):
    def __init__(self, c):
        super().__init__()
def tiny():
    return nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), Block())
def helper():
    return 3
`;
  const { models } = evaluateModels('/pkg/model.py', { read: (p) => (p === '/pkg/model.py' ? source : undefined) }, {});
  assert.deepEqual(models.map((m) => [m.name, m.inputSource, m.input[0]]), [['Block()', 'annotation', [1, 16, 8, 8]], ['tiny()', 'default', [1, 3, 224, 224]]]);
  assert.equal(models[1].totals.params, conv3(3, 16, 1).params + conv3(16, 16, 1).params);
});

test('functional forward: matmul, @, bmm, einsum, softmax, view/permute/reshape, size() unpacking', () => {
  const m = run(`
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
class Attention(nn.Module):
    def __init__(self, dim=16, heads=2):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)
    def forward(self, x):
        b, n, c = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        attn = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(c // self.heads))
        attn = F.softmax(attn, dim=-1)
        out = torch.matmul(attn, v)
        scores = torch.einsum("bhnd,bhmd->bhnm", q, k)
        flat = torch.bmm(out.reshape(b * self.heads, n, -1), out.reshape(b * self.heads, n, -1).transpose(1, 2))
        return self.proj(out.transpose(1, 2).reshape(b, n, c)) + flat.sum() * 0 + scores.mean()
`, 'Attention()', [1, 5, 16]);
  assert.deepEqual(quiet(m), []);
  assert.deepEqual(m.output, [[1, 5, 16]]);
  // per head (2 heads, d = 8): q@kᵀ 5·8·5, attn@v 5·5·8, einsum 5·5·8, bmm 5·8·5
  assert.equal(m.functionalTotals.multAdds, 4 * 2 * 5 * 5 * 8);
  assert.equal(m.moduleTotals.multAdds, 5 * 16 * 48 + 5 * 16 * 16);
  // The model's Mult-Adds are both: attention is not left out.
  assert.equal(m.totals.multAdds, 5 * 16 * 48 + 5 * 16 * 16 + 4 * 2 * 5 * 5 * 8);
});

test('a model called by the file\'s own top-level code takes its input from there; an annotation still comes first', () => {
  const source = `
import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self, c=16):
        super().__init__()
        self.conv = nn.Conv2d(3, c, 3, padding=1)
    def forward(self, x):
        return self.conv(x)
# layer-lens: input 1x3x4x4
class Annotated(Net):
    pass
class Unknown(Net):
    pass
x = torch.randn(8, 3, 32, 32)
net = Net()
y = net(x)
z = Annotated()(x)
w = Unknown()(some_name_not_defined)
`;
  const fs = { read: (p: string) => (p === '/pkg/script.py' ? source : undefined) };
  const { models } = evaluateModels('/pkg/script.py', fs, {});
  assert.deepEqual(models.map((m) => [m.name, m.inputSource, m.input[0]]), [
    ['Net()', 'code', [8, 3, 32, 32]], ['Annotated()', 'annotation', [1, 3, 4, 4]], ['Unknown()', 'default', [1, 3, 224, 224]],
  ]);
  assert.equal(models[0].totals.multAdds, conv3(3, 16, 32 * 32).multAdds * 8);
  // One model by its call (what a model's CodeLens asks) takes the same input.
  assert.deepEqual(evaluateModels('/pkg/script.py', fs, { call: 'Net()' }).models[0].input, [[8, 3, 32, 32]]);
});

test('an open document: models asked for one at a time from one load of the file equal evaluateModels', () => {
  const files: Record<string, string> = { '/pkg/script.py': `
import torch
import torch.nn as nn
WIDTH = 8
class A(nn.Module):
    def __init__(self, c=WIDTH):
        super().__init__()
        self.conv = nn.Conv2d(3, c, 3)
    def forward(self, x):
        return self.conv(x)
# layer-lens: input 1x3x16x16
class B(A):
    pass
def wide():
    return A(c=2 * WIDTH)
y = A()(torch.randn(2, 3, 8, 8))
` };
  const fs = { read: (p: string) => files[p] };
  const all = evaluateModels('/pkg/script.py', fs).models;
  const doc = new DocumentAnalysis('/pkg/script.py', fs, {}).version(files['/pkg/script.py']);
  for (const name of ['wide', 'B', 'A']) assert.deepEqual(doc.model(name), all.find((m) => m.definition === name), name);
  assert.deepEqual(doc.model('A')!.input, [[2, 3, 8, 8]]);
  assert.equal(doc.model('Missing'), undefined);
});

test('builtins and the standard library config code uses: chr/ord, string slices and methods, re, `is` on literals, namedtuple, dataclasses.replace, map/filter', () => {
  const src = [
    'import re', 'import dataclasses', 'import torch.nn as nn', 'from collections import namedtuple', 'from typing import NamedTuple', '',
    '@dataclasses.dataclass', 'class Cfg:', '    width: int = 8', '',
    'class Stage(NamedTuple):', '    c: int', '    n: int = 1', '',
    'class Net(nn.Module):',
    "    def __init__(self, block_type='proj', cfg='c16-c32'):",
    '        super().__init__()',
    "        assert block_type is 'proj'",
    "        for i, p in enumerate(re.split('-', cfg)):",
    "            self.add_module('conv' + chr(ord('a') + i), nn.Conv2d(3, int(p[1:]), 1))",
    "        k = int(re.match(r'c(\\d+)', cfg).group(1)) // 8",
    "        name = 'Layer_X'[:5].lower().replace('layer', 'fc')",
    "        Point = namedtuple('Point', ['x', 'y'], defaults=[2])",
    '        p = Point(1)._replace(x=k)',
    '        w = dataclasses.replace(Cfg(), width=4).width + Stage(3)._replace(n=5).n',
    "        dims = list(map(int, filter(None, '4,,4'.split(','))))",
    '        self.add_module(name, nn.Linear(p.x + p.y + w + sum(dims), 2))',
    '    def forward(self, x):',
    '        return x',
    '',
  ].join('\n');
  const { models, calls } = analyzeSource(src);
  const net = models.find((m) => m.name === 'Net()')!;
  assert.deepEqual(net.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message), []);
  assert.deepEqual(net.tree?.children.map((c) => c.name), ['conva', 'convb', 'fc']);
  // conva 3→16 and convb 3→32 (1×1, bias); fc: (2 + 2) + (4 + 5) + 8 = 21 in, 2 out
  assert.equal(net.totals.params, (3 * 16 + 16) + (3 * 32 + 32) + (21 * 2 + 2));
  assert.ok(calls.every((c) => c.params !== null), 'every layer line has its params');
});
