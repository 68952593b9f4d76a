/**
 * catalog/run.ts, the one place a layer spec is bound and costed: what each path gives it (a module's params, a
 * functional form's weights as operands, a Keras layer's weights on its input, the call's keywords) changes its
 * figures as the counting conventions say (docs/conventions.md), worked out here by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TORCH_LAYERS } from '../../src/core/catalog';
import { KERAS_LAYERS } from '../../src/core/catalog/keras/layers';
import { bindKerasSpec, bindSpec, runSpec } from '../../src/core/catalog/run';
import type { EvaluatedArg } from '../../src/core/catalog/bind';
import type { Arg } from '../../src/core/python/ast';
import type { RValue } from '../../src/core/values/value';

const span = { from: 0, to: 0 };
const int = (value: number): RValue => ({ kind: 'int', value });
const keywords = (kw: Record<string, RValue>): EvaluatedArg[] => Object.entries(kw).map(([name, value]) => ({
  arg: { kind: 'keyword', name, nameSpan: span, value: { kind: 'Opaque', reason: '', span }, span } as Arg,
  value,
}));
const numel = (s: number[]) => s.reduce((a, b) => a * b, 1);

test('bindSpec reads a conv, with its params; a refused value keeps the config as declared, uncosted', () => {
  const conv = TORCH_LAYERS.get('Conv2d')!;
  const ok = bindSpec(conv, span, keywords({ in_channels: int(4), out_channels: int(8), kernel_size: int(3) }));
  assert.equal(ok.params, 8 * 4 * 3 * 3 + 8);
  assert.deepEqual(ok.bindProblems, []);
  // groups=3 does not divide 4 input channels: PyTorch refuses it; the shape is still followed.
  const refused = bindSpec(conv, span, keywords({ in_channels: int(4), out_channels: int(6), kernel_size: int(3), groups: int(3) }));
  assert.equal(refused.config, undefined);
  assert.equal(refused.params, null);
  assert.notEqual(refused.declared, undefined);
  assert.match(refused.valueProblems[0].message, /groups/);
  // A required argument left out is what Python raises while binding.
  const missing = bindSpec(conv, span, keywords({ in_channels: int(4), kernel_size: int(3) }));
  assert.match(missing.bindProblems[0].message, /out_channels/);
});

test('runSpec: a module reads its params; its functional form reads the same tensors as operands, so MAC agrees', () => {
  const conv = TORCH_LAYERS.get('Conv2d')!;
  const b = bindSpec(conv, span, keywords({ in_channels: int(4), out_channels: int(8), kernel_size: int(3), padding: int(1) }));
  const x = [1, 4, 10, 10];
  const module = runSpec(conv, b.config, [x], { params: b.params! });
  const out = [1, 8, 10, 10];
  assert.deepEqual(module.outputs, [out]);
  assert.equal(module.figures.multAdds, 3 * 3 * 4 * 8 * 10 * 10);
  assert.equal(module.figures.flops, 2 * 3 * 3 * 4 * 8 * 10 * 10);
  assert.equal(module.figures.memoryAccessCost, numel(x) + numel(out) + b.params!);
  const functional = runSpec(conv, b.config, [x], { params: 0, operands: [[8, 4, 3, 3], [8]] });
  assert.deepEqual(functional.figures, module.figures);
});

test("runSpec gives the spec the call's keywords: MultiheadAttention returns its weights only when asked", () => {
  const mha = TORCH_LAYERS.get('MultiheadAttention')!;
  const b = bindSpec(mha, span, keywords({ embed_dim: int(16), num_heads: int(4) }));
  const [L, N, E] = [5, 2, 16];
  const q = [L, N, E];
  const withWeights = runSpec(mha, b.config, [q, q, q], { params: b.params! });
  const without = runSpec(mha, b.config, [q, q, q], { params: b.params!, keywords: new Map([['need_weights', { kind: 'bool', value: false } as RValue]]) });
  assert.deepEqual(withWeights.outputs, [[L, N, E], [N, L, L]]);
  assert.deepEqual(without.outputs, [[L, N, E]]);
  // The same work; the averaged weights (N·L·S) are not written, so MAC is that much less.
  assert.equal(without.figures.multAdds, withWeights.figures.multAdds);
  assert.equal(withWeights.figures.memoryAccessCost! - without.figures.memoryAccessCost!, N * L * L);
});

test('runSpec builds a Keras layer on its input: its trainable weights are the params the call reads', () => {
  const dense = KERAS_LAYERS.get('Dense')!;
  const b = bindKerasSpec(dense, { positional: [3], keywords: new Map(), baseKeyword: () => false });
  assert.deepEqual(b.problems, []);
  const run = runSpec(dense, b.config, [[1, 4]], {});
  assert.deepEqual(run.weights, { trainable: 4 * 3 + 3, nonTrainable: 0 });
  assert.deepEqual(run.outputs, [[1, 3]]);
  assert.equal(run.figures.multAdds, 4 * 3);
  assert.equal(run.figures.memoryAccessCost, 4 + 3 + 15);
  // What Keras refuses is said in its words; an argument not known statically is not a mistake.
  const unknownUnits = bindKerasSpec(dense, { positional: [undefined], keywords: new Map(), baseKeyword: () => false });
  assert.deepEqual(unknownUnits.problems, []);
  assert.equal(unknownUnits.unknownArg, 'units');
  const extra = bindKerasSpec(dense, { positional: [3], keywords: new Map([['colour', 'red']]), baseKeyword: () => false });
  assert.deepEqual(extra.problems, ['keyword argument not understood: colour']);
});
