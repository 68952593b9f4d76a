/** Layer lines end to end, as the one engine sees them: import resolution, arguments, input shapes, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFile, decodeSource } from '../../src/core';
import { run } from '../../src/cli/main';
import { analyzeSource } from './helpers';

const analyzeText = analyzeSource;
const types = (src: string) => analyzeText(src).calls.map((c) => `${c.line}:${c.type}`);

test('only real torch.nn layers are recognised, through every import form', () => {
  const src = [
    'import torch',                                   // 1
    'import torch.nn as nn',                          // 2
    'from torch import nn as tnn',                    // 3
    'from torch.nn import Conv2d as C, Linear',       // 4
    'from torch.nn.modules.conv import Conv1d',       // 5
    'a = nn.Conv2d(3, 8, 3)',                         // 6
    'b = tnn.ReLU()',                                 // 7
    'c = C(3, 8, 3)',                                 // 8
    'd = torch.nn.BatchNorm2d(8)',                    // 9
    'e = Linear(4, 2)',                               // 10
    'f = Conv1d(3, 8, 3)',                            // 11
    'g = nn.functional.relu(x)',                      // 12: a function, not a layer
    'h = torch.conv2d(x, w)',                         // 13
  ].join('\n');
  assert.deepEqual(types(src), ['6:Conv2d', '7:ReLU', '8:Conv2d', '9:BatchNorm2d', '10:Linear', '11:Conv1d']);
});

test("a user's own class named like a torch layer is not a torch layer", () => {
  const src = [
    'import torch.nn as nn',
    'from torch.nn import *',
    'class Conv2d(nn.Module):',
    '    pass',
    'x = Conv2d(3, 8, 3)',
    'y = ReLU()',
    'def Linear(a, b): return a',
    'z = Linear(1, 2)',
  ].join('\n');
  assert.deepEqual(types(src), ['6:ReLU']);
});

test('shadowing: a parameter or local named nn is not the torch module', () => {
  const src = ['import torch.nn as nn', 'def f(nn):', '    return nn.Conv2d(3, 8, 3)', 'def g():', '    nn = object()', '    return nn.Conv2d(1, 1, 1)'].join('\n');
  assert.deepEqual(types(src), []);
});

test('arguments: module constants, arithmetic, tuples, locals and int-or-tuple forms', () => {
  const src = [
    'import torch.nn as nn',
    'BASE = 16',
    'K = (3, 3)',
    'def block():',
    '    width = BASE * 4',
    '    return nn.Conv2d(BASE, width // 2, K, stride=(1, 1), padding=max(1, 0), bias=not True)  # layer-lens: input 1x16x32x32',
  ].join('\n');
  const [c] = analyzeText(src).calls;
  assert.equal(c.params, 16 * 32 * 9);
  assert.deepEqual(c.outputShape, [1, 32, 32, 32]);
  assert.deepEqual(c.arguments.slice(0, 3).map((a) => a.value), ['16', '32', '(3, 3)']);
});

test('a value reassigned later in the module counts from where the call is', () => {
  const src = ['import torch.nn as nn', 'C = 8', 'a = nn.Linear(C, C)', 'C = 16', 'b = nn.Linear(C, C)', 'def f():', '    return nn.Linear(C, 1)'].join('\n');
  assert.deepEqual(analyzeText(src).calls.map((c) => c.params), [72, 272, 17]);
});

test('a function no model runs is probed: unknown arguments keep params as a formula in its parameters', () => {
  const src = [
    'import torch.nn as nn',
    'def conv3x3(in_planes, out_planes, stride=1, groups=1):',
    '    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, groups=groups, bias=False)',
    'def head(c, n=10):',
    '    return nn.Linear(c * 4, n)',
    'def stem(w=64):',
    '    return nn.Conv2d(3, w, 7, stride=2, padding=3)',
  ].join('\n');
  const [conv, lin, stem] = analyzeText(src).calls;
  assert.equal(conv.params, null);
  assert.equal(conv.paramsFormula, '9·in_planes·out_planes/groups');
  assert.match(conv.unknownReason!, /in_planes/);
  assert.equal(lin.paramsFormula, '4·c·n + n');
  assert.equal(lin.params, null, 'c has no default');
  // stem() can be called as it is: it builds a model, and its line is seen in it.
  assert.deepEqual(stem.inputSource, { kind: 'model', model: 'stem()', input: 'default', shapes: [[1, 3, 224, 224]] });
  assert.equal(stem.params, 3 * 64 * 49 + 64);
  assert.deepEqual(stem.outputShape, [1, 64, 112, 112]);
});

test('a probed function whose figures need its parameters takes their defaults, and says which', () => {
  const src = [
    'import torch.nn as nn',
    'def inverted(cin, expand=6, width: int = 24):',
    '    hidden = width * expand',
    '    return nn.Conv2d(width, hidden, 1, bias=False), nn.Conv2d(hidden, cin, 1)',
  ].join('\n');
  const [pw, out] = analyzeText(src).calls;
  assert.equal(pw.params, 24 * 144);
  assert.equal(pw.paramsFormula, 'expand·width²');
  assert.deepEqual(pw.assumptions, ['expand = 6 (its default)', 'width = 24 (its default)']);
  assert.deepEqual([pw.inputShape, pw.outputShape], [[1, 24, 224, 224], [1, 144, 224, 224]]);
  assert.equal(pw.multAdds, 224 * 224 * 144 * 24);
  // cin has no default: nothing is assumed for it.
  assert.equal(out.params, null);
  assert.equal(out.paramsFormula, 'cin·expand·width + cin');
});

test('a class built with its defaults that never calls a layer: the layer alone, and why', () => {
  const src = [
    'import torch.nn as nn',
    'class Inverted(nn.Module):',
    '    def __init__(self, cin: int = 24, expand=6, cout=None):',
    '        super().__init__()',
    '        hidden = cin * expand',
    '        self.pw = nn.Conv2d(cin, hidden, 1, bias=False)',
    '        self.out = nn.Conv2d(hidden, cout, 1)',
  ].join('\n');
  const r = analyzeText(src);
  const [pw, out] = r.calls;
  assert.equal(pw.params, 24 * 144);
  assert.match(pw.unknownReason!, /built in Inverted\(\), whose forward never calls it/);
  assert.deepEqual(pw.inputSource, { kind: 'default', settings: 'layerLens.defaultInput' });
  // cout=None only when built with its defaults, which nobody said it is: a note, not an error.
  assert.equal(out.params, null);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.ok(r.models[0].diagnostics.some((d) => d.severity === 'info' && /out_channels must be an int, got None \(when Inverted\(\) is built with its defaults\)/.test(d.message)));
});

test('division by an unknown shows as /groups, not as a guess', () => {
  const src = ['import torch.nn as nn', 'def f(g):', '    return nn.Conv2d(64, 64, 3, groups=g)'].join('\n');
  const [c] = analyzeText(src).calls;
  assert.equal(c.paramsFormula, '36,864/g + 64');
  assert.equal(c.multAdds, null);
});

test('input shapes: trailing annotation, annotation above, settings default, and which was used', () => {
  const src = [
    'import torch.nn as nn',
    'a = nn.Conv2d(3, 8, 3)  # layer-lens: input 2x3x32x32',
    '# layer-lens: input 1x3x10x10',
    '# (a note in between)',
    'b = nn.Conv2d(3, 8, 3)',
    'c = nn.Conv2d(3, 8, 3)',
    's = "# layer-lens: input 1x3x5x5"; d = nn.Conv2d(3, 8, 3)',
  ].join('\n');
  const [a, b, c, d] = analyzeText(src, { inputDefaults: { batch: 1, imageSize: 64, sequenceLength: 8, channels: 16 }, dtype: 'float16' }).calls;
  assert.deepEqual([a.inputShape, a.inputSource], [[2, 3, 32, 32], { kind: 'annotation', line: 2 }]);
  assert.deepEqual([b.inputShape, b.inputSource], [[1, 3, 10, 10], { kind: 'annotation', line: 3 }]);
  assert.deepEqual([c.inputShape, c.inputSource?.kind], [[1, 3, 64, 64], 'default']);
  assert.deepEqual(d.inputShape, [1, 3, 64, 64], 'a # inside a string is not an annotation');
  assert.equal(c.memoryAccessBytes, c.memoryAccessCost! * 2);
});

test('bad annotations are reported, not guessed', () => {
  const src = ['import torch.nn as nn', 'a = nn.Linear(4, 2)  # layer-lens: input 1x0', 'b = nn.Linear(4, 2)  # layer-lens: shape 1x4', 'c = nn.Linear(4, 2)  # layer-lens: input 1x4:complex'].join('\n');
  const r = analyzeText(src);
  assert.equal(r.diagnostics.length, 3);
  assert.ok(r.diagnostics.every((d) => d.severity === 'warning' && d.code === 'annotation'));
  assert.match(r.diagnostics[0].message, /positive integer/);
  assert.deepEqual(r.calls.map((c) => c.inputSource?.kind), ['default', 'default', 'default']);
});

test('errors PyTorch would raise are diagnostics on the right argument, with no figures', () => {
  const src = [
    'import torch.nn as nn',
    'a = nn.Conv2d(10, 20, 3, groups=3)',
    'b = nn.Conv2d(3, 8, 3, padd=1)',
    'c = nn.GroupNorm(3, 10)',
    'd = nn.Conv2d(3, 0, 3)',
    'e = nn.Conv2d(3, 8, 7, padding=1)  # layer-lens: input 1x3x4x4',
    'f = nn.Linear(4)',
    'g = nn.Conv2d(3, 8, 3)  # layer-lens: input 1x4x8x8',
  ].join('\n');
  const calls = analyzeText(src).calls;
  const first = (i: number) => calls[i].diagnostics[0];
  assert.match(first(0).message, /in_channels \(10\) must be divisible by groups \(3\)/);
  assert.equal(src.slice(first(0).span.from, first(0).span.to), 'groups=3');
  assert.match(first(1).message, /unexpected keyword argument 'padd'; did you mean 'padding'\?/);
  assert.match(first(2).message, /num_channels \(10\) must be divisible by num_groups \(3\)/);
  assert.match(first(3).message, /out_channels must be positive, got 0/);
  assert.match(first(4).message, /kernel 7×7 is larger than the padded input 6×6/);
  assert.match(first(5).message, /missing required argument 'out_features'/);
  assert.match(first(6).message, /expects 3 input channels but the input 1×4×8×8 has 4/);
  for (const c of calls) {
    assert.equal(c.multAdds, null);
    assert.ok(c.diagnostics.every((d) => d.severity === 'error'));
  }
});

test('a default input that does not fit is a note, not an error in the user code', () => {
  const src = ['import torch.nn as nn', 'p = nn.MaxPool2d(300)'].join('\n');
  const [p] = analyzeText(src).calls;
  assert.deepEqual(p.diagnostics, []);
  assert.match(p.unknownReason!, /default input/);
});

test('code that does not parse still gets results for the parts that do', () => {
  const src = [
    'import torch.nn as nn',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        self.a = nn.Conv2d(3, 8, 3)',
    '        self.b = nn.Linear(3,',
    '',
    'def later():',
    '    return nn.ReLU()',
    'x = nn.BatchNorm2d(8)',
  ].join('\n');
  const r = analyzeText(src);
  const got = r.calls.map((c) => c.type);
  assert.ok(got.includes('Conv2d') && got.includes('BatchNorm2d'), got.join(','));
  assert.equal(r.calls.find((c) => c.type === 'Conv2d')!.params, 224);
  assert.ok(r.diagnostics.some((d) => d.code === 'syntax'));
});

test('containers written with inline layers hold exactly their params', () => {
  const src = ['import torch.nn as nn', 'm = nn.Sequential(', '    nn.Conv2d(3, 8, 3),', '    nn.Sequential(nn.BatchNorm2d(8), nn.ReLU()),', '    nn.Linear(8, 2),', ')'].join('\n');
  const calls = analyzeText(src).calls;
  assert.deepEqual(calls.map((c) => [c.type, c.params]), [
    ['Sequential', 224 + 16 + 18], ['Conv2d', 224], ['Sequential', 16], ['BatchNorm2d', 16], ['ReLU', 0], ['Linear', 18],
  ]);
  assert.equal(calls[0].multAdds, null);
});

test('*args and **kwargs that cannot be known leave their parameters unknown, not defaulted', () => {
  const src = ['import torch.nn as nn', 'def f(x, *a, **kw):', '    return nn.Conv2d(3, 8, 3, **kw)', 'args = (3, 8, 5)', 'g = nn.Conv2d(*args)'].join('\n');
  const [f, g] = analyzeText(src).calls;
  assert.equal(f.params, null);
  assert.match(f.paramsFormula!, /bias/);
  assert.equal(g.params, 3 * 8 * 25 + 8);
});

test('hostile input: huge numbers, deep nesting and long files neither crash nor guess', () => {
  const huge = analyzeText('import torch.nn as nn\nx = nn.Linear(10**10, 10**10)\n').calls[0];
  assert.equal(huge.params, null);
  assert.match(huge.unknownReason!, /too large/);
  const deep = `import torch.nn as nn\nx = nn.Linear(${'('.repeat(3000)}4${')'.repeat(3000)}, 2)\n`;
  assert.doesNotThrow(() => analyzeText(deep));
  const many = `import torch.nn as nn\n${'x = nn.Conv2d(3, 8, 3)\n'.repeat(5000)}`;
  assert.equal(analyzeText(many).calls.length, 5000);
});

test('CRLF line endings, a BOM, UTF-16 and Latin-1 bytes read as the same code; binary files are refused', () => {
  const src = 'import torch.nn as nn\n# café\nconv = nn.Conv2d(3, 64, 3)  # layer-lens: input 1x3x32x32\nfc = nn.Linear(64, 10)\n';
  const base = analyzeText(src).calls.map((c) => [c.line, c.column, c.type, c.params, c.multAdds]);
  assert.deepEqual(analyzeText(src.replace(/\n/g, '\r\n')).calls.map((c) => [c.line, c.column, c.type, c.params, c.multAdds]), base);
  const utf8 = Buffer.from(src, 'utf8');
  const variants: [string, Uint8Array][] = [
    ['BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])],
    ['UTF-16LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(src, 'utf16le')])],
    ['UTF-16BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(src, 'utf16le').swap16()])],
    ['Latin-1', Buffer.from(src, 'latin1')],
  ];
  for (const [name, bytes] of variants) {
    const d = decodeSource(bytes);
    assert.ok('text' in d, name);
    assert.deepEqual(analyzeText(d.text).calls.map((c) => [c.line, c.column, c.type, c.params, c.multAdds]), base, name);
  }
  assert.deepEqual(decodeSource(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2])), { binary: true });
  let err = '';
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-bin-'));
  writeFileSync(path.join(dir, 'model.py'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  assert.equal(run(['analyze', path.join(dir, 'model.py')], () => undefined, (s) => (err += s)), 2);
  assert.match(err, /is a binary file, not Python source/);
});

test('a document with no .py name (untitled) or with dots in its name is analysed as itself', () => {
  const src = 'import torch.nn as nn\nconv = nn.Conv2d(3, 8, 3)  # layer-lens: input 1x3x8x8\n';
  for (const file of ['Untitled-1', '/work/my.model.v2.py']) {
    const { calls } = analyzeFile(file, { read: (p) => (p === file ? src : undefined) });
    assert.deepEqual(calls.map((c) => [c.type, c.multAdds]), [['Conv2d', 7776]], file);
  }
});

test('a float with a trailing dot (`64.`, `1.`) is a float, not a syntax error, in a definition and in the script', () => {
  const src = [
    'import torch', 'import torch.nn as nn', '',
    'class Net(nn.Module):',
    '    def __init__(self, width_mult=1., base_width=64):',
    '        super().__init__()',
    '        self.conv = nn.Conv2d(3, int(128 * width_mult * (base_width / 64.)), 3)',
    '    def forward(self, x):',
    '        return self.conv(x)', '',
    'model = Net(width_mult=.5)',
    'y = model(torch.randn(1, 3, 8, 8) * 2.)', '',
  ].join('\n');
  const a = analyzeText(src);
  assert.deepEqual(a.diagnostics.filter((d) => d.code === 'syntax'), []);
  const net = a.models.find((m) => m.name.startsWith('Net('))!;
  assert.equal(net.inputSource, 'code');
  assert.deepEqual(net.output, [[1, 64, 6, 6]]);
});
