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
import { analyzeSource, DATA, readJson } from './helpers';

interface Case { family: string; name: string; setup: string; expr: string; output?: { shape: number[]; dtype: string }[]; error?: string }
const reference = readJson<{ cases: Case[] }>(path.join(DATA, 'torch-families.reference.json'));

const indent = (text: string) => text.split('\n').filter(Boolean).map((l) => `        ${l}`).join('\n');
const model = (setup: string, body: string) => `import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n# layer-lens: input 1\nclass M(nn.Module):\n    def forward(self, _):\n${indent(setup)}\n        return ${body}\n`;

test('every family name is checked against PyTorch, and every case PyTorch ran gives its shapes, complete', () => {
  const tried = new Set(reference.cases.map((c) => c.name));
  // masked_select's length is how many elements the mask selects, a value of the data: its own test below.
  assert.deepEqual(FAMILY_NAMES.filter((n) => !tried.has(n)), ['masked_select']);
  const misses: string[] = [];
  for (const c of reference.cases.filter((x) => x.output)) {
    const a = analyzeSource(model(c.setup, c.expr));
    const m = a.models[0];
    const want = c.output!.map((o) => o.shape);
    if (!m?.complete || JSON.stringify(m.output) !== JSON.stringify(want)) {
      misses.push(`${c.expr}: ${JSON.stringify(m?.output)} (PyTorch ${JSON.stringify(want)}) ${a.diagnostics.map((d) => d.message).join('; ')}`);
    }
  }
  assert.deepEqual(misses, []);
});

test('each single tensor has the dtype PyTorch gives it (bool for tests and comparisons, int64 for indices)', () => {
  const misses: string[] = [];
  for (const c of reference.cases.filter((x) => x.output?.length === 1)) {
    const a = analyzeSource(model(c.setup, `torch.zeros(1) if (${c.expr}).dtype == torch.${c.output![0].dtype} else torch.zeros(2)`));
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

test('masked_select: its length is a value of the data, so the result is not known and the model says it is incomplete', () => {
  const a = analyzeSource(model('x = torch.randn(2, 3)\nm = x > 0', 'torch.masked_select(x, m)'));
  assert.equal(a.models[0]?.complete, false);
  assert.equal(a.models[0]?.output, null);
});
