/** Small engine parts: symbolic figures, Python values as the interpreter computes them, annotations, the grammar, the CLI binary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as S from '../../src/core/values/symbolic';
import { Session } from '../../src/core/eval/session';
import { parseDirective } from '../../src/core/annotations';
import { analyzeSource, ROOT } from './helpers';
import { TORCH_LAYERS } from '../../src/core/catalog';
import { torchSurface } from '../../src/core';

test('symbolic params read like the formulas in the notes', () => {
  const [cin, cout, g] = [S.atom('c_in'), S.atom('c_out'), S.atom('g')];
  assert.equal(S.format(S.add(S.mul(9, S.mul(cin, cout)), cout)), '9·c_in·c_out + c_out');
  assert.equal(S.format(S.mul(S.mul(9, cin), S.div(cout, g))), '9·c_in·c_out/g');
  assert.equal(S.format(S.mul(cin, cin)), 'c_in²');
  assert.equal(S.format(S.sub(cin, cin)), '0');
  assert.equal(S.add(S.mul(2, 3), 4), 10, 'numbers stay numbers');
  assert.equal(S.format(S.div(cin, 2)), '1/2·c_in');
  assert.deepEqual(S.atomsOf(S.add(cin, S.mul(cout, g))).sort(), ['c_in', 'c_out', 'g']);
});

/** The value the interpreter gives `expr` after the module `src` has run. */
function evalIn(src: string, expr: string) {
  const file = '/engine/values.py';
  const text = `import math\n${src}\n__x = ${expr}\n`;
  const session = new Session({ read: (p) => (p === file ? text : undefined) }, file);
  return session.load()!.scope!.get('__x')!;
}

test('the interpreter follows Python semantics for what layer arguments use', () => {
  assert.deepEqual(evalIn('', '-7 // 2'), { kind: 'int', value: -4 });
  assert.deepEqual(evalIn('', '-7 % 3'), { kind: 'int', value: 2 });
  assert.deepEqual(evalIn('', '7 / 2'), { kind: 'float', value: 3.5 });
  assert.deepEqual(evalIn('', '2 ** 10'), { kind: 'int', value: 1024 });
  assert.deepEqual(evalIn('', 'round(2.5)'), { kind: 'int', value: 2 }, 'half to even');
  assert.deepEqual(evalIn('', 'int(3.9) + max(1, 5, 2)'), { kind: 'int', value: 8 });
  assert.deepEqual(evalIn('', 'math.ceil(7 / 2)'), { kind: 'int', value: 4 });
  assert.deepEqual(evalIn('A = (1, 2)', 'A + (3,)'), { kind: 'tuple', items: [1, 2, 3].map((v) => ({ kind: 'int', value: v })) });
  assert.deepEqual(evalIn('A = [4, 5]', 'A[-1]'), { kind: 'int', value: 5 });
  assert.deepEqual(evalIn('', '1 < 2 < 3'), { kind: 'bool', value: true });
  assert.deepEqual(evalIn('', '3 if 0 else 4'), { kind: 'int', value: 4 });
  assert.deepEqual(evalIn('', "'re' + 'flect'"), { kind: 'str', value: 'reflect' });
  assert.equal(evalIn('', 'foo(3)').kind, 'opaque');
  assert.equal(evalIn('', '10 ** 400').kind, 'opaque', 'no float pretending to be an int');
  // What Python raises at the top level is said, and the file is read on.
  const r = analyzeSource('import torch.nn as nn\nx = 1 / 0\nfc = nn.Linear(4, 2)\n');
  assert.equal(r.calls[0].params, 10);
  assert.match(r.diagnostics[0].message, /raises ZeroDivisionError: division by zero when the file runs/);
});

test('a probed function keeps integer arithmetic on its parameters as formulas', () => {
  const r = analyzeSource('import torch.nn as nn\ndef f(planes, k):\n    return nn.Linear(planes * 4 + 1, (planes - 1) // 2), nn.Linear(-planes, k * k)\n');
  // (4·planes + 1)·q + q with q = (planes − 1)//2; −planes·k² weights and k² biases.
  assert.deepEqual(r.calls.map((c) => c.paramsFormula), ['4·((planes − 1)//2)·planes + 2·((planes − 1)//2)', '−k²·planes + k²']);
});

test('annotation directives: shapes, several inputs, dtypes, and clear refusals', () => {
  assert.deepEqual(parseDirective('input 1x64x56x56'), { shapes: [[1, 64, 56, 56]], dtypes: ['float32'] });
  assert.deepEqual(parseDirective('input 10x1x128, 4x1x256'), { shapes: [[10, 1, 128], [4, 1, 256]], dtypes: ['float32', 'float32'] });
  assert.deepEqual(parseDirective('input (1 × 128):int64'), { shapes: [[1, 128]], dtypes: ['int64'] });
  assert.match(parseDirective('output 1x2') as string, /expected `input`/);
  assert.match(parseDirective('input 1x-2') as string, /cannot read/);
  assert.match(parseDirective('input 99999999x99999999x99999') as string, /too large/);
});

test('the TextMate injection grammar highlights annotations in Python comments', () => {
  const g = JSON.parse(readFileSync(path.join(ROOT, 'syntaxes', 'layer-lens-annotation.injection.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.grammars[0].injectTo, ['source.python']);
  assert.equal(manifest.contributes.grammars[0].scopeName, g.scopeName);
  assert.match(g.injectionSelector, /comment\.line\.number-sign\.python/);
  const re = new RegExp(g.repository.annotation.match);
  const m = re.exec('# layer-lens: input 1x64x56x56, 10x1x128:int64');
  assert.ok(m);
  assert.deepEqual([m[1], m[3], m[4]], ['layer-lens', 'input', '1x64x56x56, 10x1x128:int64']);
  assert.equal(re.exec('# an ordinary comment'), null);
});

test('the layer-lens binary runs from the built bundle, as npx runs it', () => {
  const bin = path.join(ROOT, 'bin', 'layer-lens.js');
  const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  assert.equal(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim(), version);
  const r = spawnSync(process.execPath, [bin, 'analyze', path.join(ROOT, 'samples', 'tiny_resnet.py'), '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.equal(JSON.parse(r.stdout).calls.length, 15);
  const bad = spawnSync(process.execPath, [bin, 'analyze'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
});

test('a layer spec says how forward returns its outputs and which functional forms it has', () => {
  // Packing: an LSTM returns (output, (h_n, c_n)), a GRU (output, h_n), a max pool with indices (values, indices).
  const src = [
    'import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', '',
    '# layer-lens: input 2x10x8',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.lstm = nn.LSTM(8, 16, batch_first=True)',
    '        self.gru = nn.GRU(16, 4, batch_first=True)',
    '        self.pool = nn.MaxPool1d(2, return_indices=True)',
    '    def forward(self, x):',
    '        out, (h, c) = self.lstm(x)',
    '        y, h2 = self.gru(out)',
    '        v, i = self.pool(y.transpose(1, 2))',
    '        return F.max_pool1d(v, 1) + F.relu(v) + F.adaptive_avg_pool1d(v, 2).mean() + h.sum() + c.sum() + h2.sum()',
    '',
  ].join('\n');
  const net = analyzeSource(src).models.find((m) => m.name === 'Net()')!;
  assert.equal(net.complete, true, net.diagnostics.map((d) => d.message).join('; '));
  assert.deepEqual(net.output, [[2, 4, 5]]);
  assert.deepEqual(net.functional.filter((f) => f.op.startsWith('F.')).map((f) => f.op), ['F.max_pool1d', 'F.relu', 'F.adaptive_avg_pool1d']);
  // Every functional form a spec names is there, under F.
  const F = new Set(torchSurface()['torch.nn.functional']);
  for (const spec of TORCH_LAYERS.values()) for (const f of spec.functional ?? []) assert.ok(F.has(f.name), `F.${f.name} (${spec.name})`);
});
