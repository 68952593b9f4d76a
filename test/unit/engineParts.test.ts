/** Small engine parts: symbolic figures, the constant evaluator, annotations, the grammar, the CLI binary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as S from '../../src/core/cost/symbolic';
import { ConstEvaluator, Scope } from '../../src/core/eval/constEval';
import { parsePython } from '../../src/core/python/parse';
import { builtinScope } from '../../src/core/scopeWalker';
import { parseDirective } from '../../src/core/annotations';
import { ROOT } from './helpers';

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

function evalIn(src: string, expr: string) {
  const text = `${src}\n__x = ${expr}\n`;
  const { module } = parsePython(text);
  const ev = new ConstEvaluator(text);
  const scope = new Scope(builtinScope());
  scope.set('math', { kind: 'ref', qualname: 'math' });
  for (const s of module.body) {
    if (s.kind === 'Assign' && s.targets[0].kind === 'Name') scope.set(s.targets[0].id, ev.eval(s.value, scope));
  }
  return scope.get('__x')!;
}

test('the constant evaluator follows Python semantics for what layer arguments use', () => {
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
  const sym = evalIn('', 'planes * 4 + 1');
  assert.equal(sym.kind, 'sym');
  assert.equal(sym.kind === 'sym' && S.format(sym.sym), '4·planes + 1');
  const unk = evalIn('', 'foo(3)');
  assert.equal(unk.kind, 'unknown');
  assert.equal(unk.kind === 'unknown' && unk.symbol, 'foo(3)');
  assert.equal(evalIn('', '1 / 0').kind, 'unknown');
  assert.equal(evalIn('', '10 ** 400').kind, 'unknown', 'no float pretending to be an int');
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
