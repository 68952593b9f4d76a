/**
 * torch's operation families (src/core/eval/torchFamilies.ts) against PyTorch 1.13 on generated cases
 * (test/oracle/torch_families.py → test/data/torch-families.reference.json): every name of every family, in its
 * function and method forms, on shapes drawn at random and on arguments PyTorch refuses. The engine gives the
 * same shapes and dtypes, complete, or an error at the line where PyTorch raises.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FAMILY_NAMES } from '../../src/core/eval/torchFamilies';
import { torchSurface } from '../../src/core';
import { analyzeSource, DATA, readJson } from './helpers';

interface Case { family: string; name: string; setup: string; expr: string; output?: { shape: number[]; dtype: string; values?: number[] }[]; error?: string; bound?: true; tuple?: true }
const reference = readJson<{ cases: Case[] }>(path.join(DATA, 'torch-families.reference.json'));

const indent = (text: string) => text.split('\n').filter(Boolean).map((l) => `        ${l}`).join('\n');
const model = (setup: string, body: string) => `import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n# layer-lens: input 1\nclass M(nn.Module):\n    def forward(self, _):\n${indent(setup)}\n        return ${body}\n`;

test('every family name is checked against PyTorch, and every case PyTorch ran gives its shapes, complete', () => {
  const tried = new Set(reference.cases.map((c) => c.name));
  assert.deepEqual(FAMILY_NAMES.filter((n) => !tried.has(n)), []);
  const misses: string[] = [];
  for (const c of reference.cases.filter((x) => x.output)) {
    const a = analyzeSource(model(c.setup, c.expr));
    const m = a.models[0];
    const want = c.output!.map((o) => o.shape);
    if (!m?.complete || JSON.stringify(m.output) !== JSON.stringify(want)) {
      misses.push(`${c.expr}: ${JSON.stringify(m?.output)} (PyTorch ${JSON.stringify(want)}) ${a.diagnostics.map((d) => d.message).join('; ')}`);
    }
    // A size only the data decides, on values not known: taken at its bound (which PyTorch reaches in these cases),
    // and the model says its costs are bounds; on known values, counted, and the model says nothing of the kind.
    if (c.family === 'data-sized' && !!m?.atBound !== !!c.bound) misses.push(`${c.expr}: atBound ${JSON.stringify(m?.atBound)} (expected ${c.bound ? 'a bound' : 'none'})`);
  }
  assert.deepEqual(misses, []);
});

test('known values go through element-wise functions, divisions, reductions and the data-sized operations as PyTorch computes them', () => {
  // (An empty result has no values to compare: its shape is the test above's.)
  const valued = reference.cases.filter((c) => (c.family === 'values' || (c.family === 'data-sized' && !c.bound)) && c.output?.every((o) => o.values?.length));
  assert.ok(valued.length >= 100, `${valued.length} cases with values`);
  const misses: string[] = [];
  for (const c of valued) {
    c.output!.forEach((o, k) => {
      const got = c.tuple ? `(${c.expr})[${k}]` : `(${c.expr})`;
      // Known and within float32's rounding of PyTorch's: the branch is taken only when the engine knows the values.
      const close = `torch.zeros(1) if bool((${got}.double() - torch.tensor(${JSON.stringify(o.values)}, dtype=torch.float64).reshape(${JSON.stringify(o.shape)})).abs().max() <= 1e-5 * max(1.0, ${Math.max(...o.values!.map(Math.abs))})) else torch.zeros(2)`;
      const a = analyzeSource(model(c.setup, close));
      if (JSON.stringify(a.models[0]?.output) !== '[[1]]') misses.push(`${got}: not ${JSON.stringify(o.values)} ${a.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message).join('; ')}`);
    });
  }
  assert.deepEqual(misses, []);
});

test('each single tensor has the dtype PyTorch gives it (bool for tests and comparisons, int64 for indices)', () => {
  const misses: string[] = [];
  for (const c of reference.cases.filter((x) => x.output?.length === 1)) {
    const a = analyzeSource(model(c.setup, `torch.zeros(1) if (${c.expr})${c.tuple ? '[0]' : ''}.dtype == torch.${c.output![0].dtype} else torch.zeros(2)`));
    if (JSON.stringify(a.models[0]?.output) !== '[[1]]') misses.push(`${c.expr}: not ${c.output![0].dtype}`);
  }
  assert.deepEqual(misses, []);
});

test('what PyTorch refuses is an error at the line, never a figure', () => {
  const misses: string[] = [];
  for (const c of reference.cases.filter((x) => x.error)) {
    const a = analyzeSource(model(c.setup, c.expr));
    const errors = a.diagnostics.filter((d) => d.severity === 'error');
    if (!errors.length || a.models[0]?.complete) misses.push(`${c.expr} (PyTorch: ${c.error}): ${a.diagnostics.map((d) => `${d.severity} ${d.message}`).join('; ') || 'no finding'}`);
  }
  assert.deepEqual(misses, []);
});

test('a size the data decides is said at its line, and the model\'s costs are marked as the most they can be', () => {
  const a = analyzeSource(model('x = torch.randn(2, 3)\nm = x > 0', 'torch.masked_select(x, m)'));
  const m = a.models[0];
  assert.equal(m?.complete, true);
  assert.deepEqual(m?.output, [[6]]);
  assert.match(m?.atBound?.message ?? '', /^Only the data decides how many elements masked_select picks: costed at the most it can be, 6$/);
  const said = a.diagnostics.filter((d) => d.code === 'at-bound');
  assert.deepEqual(said.map((d) => [d.severity, d.line]), [['info', m!.atBound!.line]]);
});

/** Names evaluated with no case, and why: torch's submodules (their functions are names of their own) and what PyTorch 1.13 cannot run. */
const NO_CASE: Record<string, string> = {
  ...Object.fromEntries(['amp', 'ao', 'autograd', 'cpu', 'cuda', 'jit', 'linalg', 'nn', 'ops', 'quantization', 'utils'].map((m) => [`torch.${m}`, 'a submodule of torch, not an operation'])),
  ...Object.fromEntries(['autocast', 'enable_grad', 'inference_mode', 'set_grad_enabled'].map((m) => [`torch.${m}`, 'a mode (a context manager and a decorator), not an operation: realCode.test.ts checks it changes no figure'])),
  'torch.compile': 'PyTorch 2.0 (the oracle runs 1.13); read as the function it compiles',
  'torch.nn.functional.scaled_dot_product_attention': 'PyTorch 2.0 (the oracle runs 1.13); checked on the corpus (DINOv2), with the oracle defining it as documented',
  'Tensor.cuda': 'the oracle\'s PyTorch has no CUDA, where .cuda() raises; read as a move to a device, which changes no figure',
};

test('the ops line: every generated case classified as exact, silently wrong, an error missed or not evaluated', () => {
  let exact = 0;
  const wrong: string[] = [];
  const missed: string[] = [];
  const unknown: string[] = [];
  for (const c of reference.cases) {
    const a = analyzeSource(model(c.setup, c.expr));
    const m = a.models[0];
    const errors = a.diagnostics.filter((d) => d.severity === 'error');
    if (c.error) {
      if (errors.length) exact++;
      else if (m?.complete) missed.push(c.expr);
      else unknown.push(c.expr);
      continue;
    }
    if (!m?.complete) {
      unknown.push(c.expr);
      continue;
    }
    const want = c.output!.map((o) => o.shape);
    // A single result's dtype, asked of the engine as code asks it.
    const dtypeOk = c.output!.length !== 1 || JSON.stringify(analyzeSource(model(c.setup, `torch.zeros(1) if (${c.expr})${c.tuple ? '[0]' : ''}.dtype == torch.${c.output![0].dtype} else torch.zeros(2)`)).models[0]?.output) === '[[1]]';
    if (JSON.stringify(m.output) === JSON.stringify(want) && dtypeOk && !errors.length) exact++;
    else wrong.push(c.expr);
  }
  // Every name the engine evaluates has cases, in every namespace of the op table, except these.
  const names = new Set(reference.cases.map((c) => c.name));
  const evaluated = Object.entries(torchSurface()).flatMap(([space, ns]) => ns.map((n) => `${space}.${n}`));
  const uncovered = evaluated.filter((n) => !names.has(n.slice(n.lastIndexOf('.') + 1)) && !Object.hasOwn(NO_CASE, n));
  console.log(`ops: ${exact}/${reference.cases.length} cases exact; ${wrong.length} silently wrong; ${missed.length} errors missed; ${unknown.length} not evaluated (cases for ${evaluated.length - Object.keys(NO_CASE).length} of the ${evaluated.length} names evaluated; the other ${Object.keys(NO_CASE).length} are submodules, or cannot run in the oracle's PyTorch)`);
  assert.deepEqual({ wrong, missed, unknown, uncovered }, { wrong: [], missed: [], unknown: [], uncovered: [] });
});

test('mv, dot, vdot, inner, addmv and addbmm count their products as matmul does (what test/oracle/corpus_models.py counts in PyTorch)', () => {
  const figure = (expr: string) => analyzeSource(model('m = torch.randn(5, 3)\nv = torch.randn(3)\na = torch.randn(4, 2, 3)', expr)).models[0]?.totals.multAdds;
  assert.equal(figure('torch.mv(m, v)'), 5 * 3);
  assert.equal(figure('torch.dot(v, v)'), 3);
  assert.equal(figure('torch.vdot(v, v)'), 3);
  // inner contracts the last dims: one product per output element [4, 2, 5] and contracted index.
  assert.equal(figure('torch.inner(a, m)'), 4 * 2 * 5 * 3);
  // addmv: the matrix-vector product; addbmm: every batch's product, summed (4 batches of 5×3 @ 3×2).
  assert.equal(figure('torch.addmv(torch.randn(5), m, v)'), 5 * 3);
  assert.equal(figure('torch.addbmm(torch.randn(5, 2), torch.randn(4, 5, 3), torch.randn(4, 3, 2))'), 4 * 5 * 3 * 2);
});

test('a tensor\'s device is a torch.device, never the tensor: a mask moved to it stays a mask (torchaudio\'s HuBERT pretraining)', () => {
  // Before, `x.device` was x itself, so `.to(x.device)` cast the mask to x's float32, and indexing with it was a false red error.
  const a = analyzeSource(model('x = torch.randn(2, 49, 8)\nmask = torch.full((2, 49), False)\nmask = mask.to(x.device)', 'x[mask] if x.device == torch.device("cpu") and x.device.type == "cpu" else None'));
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  assert.deepEqual(a.models[0]?.output, [[0, 8]], 'an all-False mask selects nothing');
});

test('is_contiguous() is known for fresh tensors and leading slices; for a view that may be strided it is not known, never guessed', () => {
  const answer = (setup: string, t: string) => analyzeSource(model(`m = torch.randn(3, 4)\n${setup}`, `torch.zeros(1) if ${t}.is_contiguous() else torch.zeros(2)`)).models[0];
  assert.deepEqual(answer('', 'm')?.output, [[1]]);
  assert.deepEqual(answer('', 'm[1:]')?.output, [[1]]);
  assert.deepEqual(answer('', 'm.t().contiguous()')?.output, [[1]]);
  // PyTorch says False for all of these; the engine does not follow strides, so it says it does not know.
  for (const t of ['m.t()', '(m.t() * 2)', 'm[:, 1:]', 'm.expand(2, 3, 4)', 'm.permute(1, 0).clone()', 'm[..., 0]']) {
    const r = answer('', t);
    assert.equal(r?.complete, false, t);
  }
});
