/**
 * Code built from strings (issue 31 §2): `eval` of a string that names something is that name, as NAS code picks
 * its genotype (`eval("genotypes.%s" % arch)`); anything else is said at its call, and the model that was built
 * with it is not marked complete. Figures: PyTorch 1.13 on the same files (1,752 params: three 8→8 3×3 convs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFile } from '../../src/core';
import { analyzeSource, diskFs } from './helpers';

const GENOTYPES = "from collections import namedtuple\nGenotype = namedtuple('Genotype', 'normal reduce')\nDARTS = Genotype(normal=[('sep_conv_3x3', 0)] * 3, reduce=[('max_pool', 1)])\n";
const net = (pick: string) => [
  'import torch',
  'import torch.nn as nn',
  'import genotypes',
  '',
  'class Net(nn.Module):',
  '    def __init__(self, arch="DARTS"):',
  '        super().__init__()',
  `        genotype = ${pick}`,
  '        self.cells = nn.ModuleList([nn.Conv2d(8, 8, 3, padding=1) for _ in genotype.normal])',
  '',
  '    def forward(self, x):',
  '        for c in self.cells:',
  '            x = c(x)',
  '        return x',
  '',
  'net = Net()',
  'y = net(torch.randn(1, 8, 8, 8))',
  '',
].join('\n');

function analyze(pick: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-eval-'));
  writeFileSync(path.join(dir, 'genotypes.py'), GENOTYPES);
  writeFileSync(path.join(dir, 'net.py'), net(pick));
  const a = analyzeFile(path.join(dir, 'net.py'), diskFs);
  return { a, m: a.models.find((x) => x.inputSource === 'code')! };
}

test('eval of a string naming an attribute of a module is that attribute: the genotype, its cells built', () => {
  for (const pick of ['eval("genotypes.%s" % arch)', "eval('genotypes.' + arch)", 'getattr(genotypes, arch)']) {
    const { a, m } = analyze(pick);
    assert.deepEqual([m.complete, m.totals.params, m.output], [true, 1752, [[1, 8, 8, 8]]], `${pick}: ${JSON.stringify(a.diagnostics.map((d) => d.message))}`);
  }
});

test('eval of other code, and exec: said at the call, and the model built with it is not complete', () => {
  const { a, m } = analyze('eval("genotypes.DARTS if arch else None")');
  const said = a.diagnostics.find((d) => d.line === 8);
  assert.equal(said?.severity, 'warning');
  assert.equal(said?.message, 'eval() of `genotypes.DARTS if arch else None`: code built from strings is not evaluated, so what it gives is not known');
  assert.equal(m.complete, false);
  const x = analyzeSource('import torch.nn as nn\nexec("fc = nn.Linear(2, 2)")\n');
  assert.deepEqual(x.diagnostics.map((d) => [d.line, d.message]), [[2, 'exec() of `fc = nn.Linear(2, 2)`: code built from strings is not evaluated, so what it defines is not known']]);
});

test('eval of a name nobody defined raises NameError, as Python does', () => {
  const { a } = analyze('eval("genotypes_v2")');
  assert.ok(a.diagnostics.some((d) => d.line === 8 && /NameError: name 'genotypes_v2' is not defined/.test(d.message)), JSON.stringify(a.diagnostics.map((d) => d.message)));
});
