/**
 * einops as the engine reads it (src/core/eval/einopsPattern.ts, einops.ts), against real einops 0.8.2 on real
 * PyTorch (test/oracle/einops_cases.py → test/data/einops.reference.json): the same shapes, and an error wherever
 * einops raises one, with its reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { einopsShape, packShapes, parseShape, unpackShapes, type EinopsOp } from '../../src/core/eval/einopsPattern';
import { ShapeError } from '../../src/core/eval/tensorShapes';
import { analyzeSource, ROOT } from './helpers';

interface Case { op: EinopsOp; input: number[]; pattern: string; lengths: Record<string, number>; output?: number[]; error?: string }
const reference = JSON.parse(readFileSync(path.join(ROOT, 'test', 'data', 'einops.reference.json'), 'utf8')) as {
  cases: Case[];
  pack: { shapes: number[][]; pattern: string; output?: number[]; packed?: number[][]; unpacked?: number[][]; error?: string }[];
  parseShape: { input: number[]; pattern: string; axes?: Record<string, number>; error?: string }[];
};

/** What einops's message says after its preamble (the pattern and the input, which our diagnostic states its own way). */
const reason = (message: string) => message.split('\n').pop()!.trim();

test('einops patterns: the shape real einops gives for each case, or its error with the same reason', () => {
  assert.ok(reference.cases.length >= 40);
  for (const c of reference.cases) {
    const what = `${c.op} ${c.pattern} on ${c.input.join('×')} ${JSON.stringify(c.lengths)}`;
    let got: number[] | undefined;
    let error: string | undefined;
    try {
      got = einopsShape(c.op, c.input, c.pattern, new Map(Object.entries(c.lengths))).shape;
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      error = e.message;
    }
    if (c.output) assert.deepEqual(got, c.output, what);
    else {
      assert.equal(got, undefined, `${what}: einops refuses it (${c.error})`);
      // The reason einops gives, where it is one of einops's own (a pattern without '->' is Python's ValueError).
      if (c.error!.startsWith('EinopsError')) assert.ok(reason(c.error!).startsWith(error!.split(':')[0].split(' {')[0]), `${what}: ${error} vs ${reason(c.error!)}`);
    }
  }
});

test('einops pack and unpack: the packed shape and what unpack gives back, as einops computes them', () => {
  for (const c of reference.pack) {
    if (c.error) {
      assert.throws(() => packShapes(c.shapes, c.pattern), ShapeError);
      continue;
    }
    const r = packShapes(c.shapes, c.pattern);
    assert.deepEqual(r.shape, c.output);
    assert.deepEqual(r.packed, c.packed);
    assert.deepEqual(unpackShapes(r.shape, r.packed, c.pattern), c.unpacked);
  }
  for (const c of reference.parseShape) {
    if (c.error) assert.throws(() => parseShape(c.input, c.pattern), ShapeError);
    else assert.deepEqual(Object.fromEntries(parseShape(c.input, c.pattern)), c.axes);
  }
});

test('einops in a model: functions and layers give the shapes and figures their torch calls do; what is not read is said', () => {
  const src = [
    'import torch', 'import torch.nn as nn', 'import einops', 'from einops import rearrange, repeat, reduce, pack, unpack, parse_shape', 'from einops.layers.torch import Rearrange, Reduce', '',
    '# layer-lens: input 2x3x32x32', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()',
    "        self.patch = nn.Sequential(Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', p1=8, p2=8), nn.Linear(192, 64))",
    '        self.cls = nn.Parameter(torch.randn(1, 1, 64))', '        self.qkv = nn.Linear(64, 192)',
    "        self.pool = Reduce('b n d -> b d', 'mean')", '        self.head = nn.Linear(64, 10)',
    '    def forward(self, img):', '        x = self.patch(img)', "        b = parse_shape(x, 'b _ _')['b']",
    "        cls = repeat(self.cls, '() n d -> b n d', b=b)", "        x, ps = pack([cls, x], 'b * d')",
    "        q, k, v = map(lambda t: rearrange(t, 'b n (h d) -> b h n d', h=4), self.qkv(x).chunk(3, dim=-1))",
    "        dots = einops.einsum(q, k, 'b h i d, b h j d -> b h i j')", "        out = torch.einsum('b h i j, b h j d -> b h i d', dots.softmax(dim=-1), v)",
    "        out = rearrange(out, 'b h n d -> b n (h d)')", "        cls, x = unpack(out, ps, 'b * d')", '        return self.head(self.pool(x)), cls',
  ].join('\n');
  const m = analyzeSource(src).models[0];
  assert.equal(m.complete, true, m.diagnostics.map((d) => d.message).join('\n'));
  assert.deepEqual(m.output, [[2, 10], [2, 1, 64]]);
  // Linear layers and the two attention products (17 tokens, 4 heads of 16): nothing for the rearranges.
  const linears = 2 * 16 * 192 * 64 + 2 * 17 * 64 * 192 + 2 * 64 * 10;
  assert.equal(m.totals.multAdds, linears + 2 * (2 * 4 * 17 * 17 * 16));
  assert.equal(m.totals.params, 192 * 64 + 64 + 64 + 64 * 192 + 192 + 64 * 10 + 10);
  // A pattern einops refuses is an error where it is called; a reduction that is a function is said, not guessed.
  const bad = analyzeSource(src.replace("'b n (h d) -> b h n d', h=4", "'b n (h d) -> b h n d', h=5")).models[0];
  assert.match(bad.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('\n'), /rearrange: Shape mismatch, can't divide axis of length 64 in chunks of 5/);
  const fn = analyzeSource(src.replace("Reduce('b n d -> b d', 'mean')", "Reduce('b n d -> b d', torch.mean)")).models[0];
  assert.equal(fn.complete, false);
  assert.match(fn.diagnostics.map((d) => d.message).join('\n'), /einops\.reduce with a reduction not read here/);
});

test('a Rearrange line no model runs: it holds no layers, and its row says its figures come from a model that runs it', () => {
  const src = ['import torch.nn as nn', 'from einops.layers.torch import Rearrange', '', "patches = Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', p1=16, p2=16)", 'norm = nn.LayerNorm(768)'].join('\n');
  const a = analyzeSource(src);
  const row = a.calls.find((c) => c.line === 4)!;
  assert.equal(row.params, 0);
  assert.match(row.unknownReason ?? '', /^Rearrange computes in its forward, on the shapes a model gives it/);
});

test("a Rearrange line in a model: its own row, einops's class, its input and output and the copy it makes (no arithmetic)", () => {
  const a = analyzeSource(readFileSync(path.join(ROOT, 'samples', 'vit_einops.py'), 'utf8'));
  const row = a.calls.find((c) => c.type === 'Rearrange')!;
  assert.deepEqual([row.qualifiedName, row.category], ['einops.layers.torch.Rearrange', 'module']);
  assert.deepEqual([row.inputShape, row.outputShape], [[1, 3, 32, 32], [1, 16, 192]]);
  // Reordered axes: the values are copied, 3,072 read and 3,072 written.
  assert.deepEqual([row.params, row.multAdds, row.memoryAccessCost], [0, 0, 6144]);
  // An empty nn.Sequential (an identity shortcut) is still a container.
  const empty = analyzeSource('import torch.nn as nn\n\n# layer-lens: input 1x8x4x4\nclass B(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.shortcut = nn.Sequential()\n    def forward(self, x):\n        return self.shortcut(x)\n');
  assert.equal(empty.calls.find((c) => c.type === 'Sequential')!.category, 'container');
});
