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
  const names = new Set(reference.cases.map((c) => c.name));
  const surface = torchSurface();
  const evaluated = new Set([...(surface.torch ?? []), ...(surface.Tensor ?? [])]);
  const covered = [...evaluated].filter((n) => names.has(n)).length;
  console.log(`ops: ${exact}/${reference.cases.length} cases exact; ${wrong.length} silently wrong; ${missed.length} errors missed; ${unknown.length} not evaluated (cases for ${covered} of the ${evaluated.size} names evaluated in torch and Tensor)`);
  assert.deepEqual({ wrong, missed, unknown }, { wrong: [], missed: [], unknown: [] });
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
