/**
 * The sample workspace (samples/, the README's demo) is analysed without surprises: every model in it is
 * evaluated completely, and the blocks the notes discuss give the figures real PyTorch gave (shared oracle).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, evaluateModels } from '../../src/core';
import { readJson, ROOT, DATA } from './helpers';

const dir = path.join(ROOT, 'samples');
// samples/finetune_resnet.py reads torchvision where Debian installs it (CI installs python3-torchvision).
const fs = { read: (p: string) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } }, environments: [{ dir: '/usr/lib/python3/dist-packages', source: "Debian's python3" }] };
const oracle = readJson(DATA, 'pytorch-reference.json').handwritten;

function model(file: string, name: string) {
  const { models } = evaluateModels(path.join(dir, file), fs);
  const m = models.find((x) => x.name === `${name}()`);
  assert.ok(m, `${name} in ${file}`);
  return m;
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.py'))) {
  test(`sample ${file}: every model evaluates completely, and every layer call is costed or explained`, () => {
    const { models } = evaluateModels(path.join(dir, file), fs);
    for (const m of models) {
      if (m.name === 'Sequence()') continue; // tiny_resnet.py's deliberately rejected layer
      assert.deepEqual(m.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message), [], m.name);
      assert.equal(m.complete, true, m.name);
    }
    for (const c of analyzeFile(path.join(dir, file), fs).calls) {
      assert.ok(c.multAdds !== null || c.unknownReason !== null, `${file}:${c.line} ${c.type}`);
    }
  });

  test(`sample ${file} reads like ordinary code: at most one input annotation per model, and every layer line shown in its model`, () => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const lines = text.split('\n');
    // An annotation is a comment line of its own, right above a class, a def or the decorator of one.
    lines.forEach((l, i) => {
      if (!/#\s*layer-lens:\s*input/.test(l)) return;
      assert.match(l, /^\s*#/, `${file}:${i + 1} annotates a line of code`);
      assert.match(lines[i + 1], /^\s*(class|def|@)\s/, `${file}:${i + 1} annotates something other than a model`);
    });
    for (const c of analyzeFile(path.join(dir, file), fs).calls) {
      if (c.diagnostics.some((d) => d.severity === 'error')) continue; // tiny_resnet.py's deliberately rejected layer
      assert.equal(c.inputSource?.kind, 'model', `${file}:${c.line} ${c.type}`);
    }
  });
}

test('the samples reproduce the shared oracle: Fire, SE block, depthwise separable conv (modules, functional operations, both)', () => {
  type Ref = { totals: Record<string, number>; functionalTotals: Record<string, number> };
  const same = (m: ReturnType<typeof model>, ref: Ref) => {
    const both = (k: string) => ref.totals[k] + ref.functionalTotals[k];
    assert.deepEqual([m.moduleTotals.multAdds, m.moduleTotals.otherOps, m.moduleTotals.memoryAccessCost], [ref.totals.multAdds, ref.totals.otherOps, ref.totals.memoryAccessCost], `${m.name}: modules`);
    assert.deepEqual([m.functionalTotals.multAdds, m.functionalTotals.otherOps, m.functionalTotals.memoryAccessCost], [ref.functionalTotals.multAdds, ref.functionalTotals.otherOps, ref.functionalTotals.memoryAccessCost], `${m.name}: functional`);
    assert.deepEqual([m.totals.params, m.totals.multAdds, m.totals.otherOps, m.totals.memoryAccessCost], [ref.totals.params, both('multAdds'), both('otherOps'), both('memoryAccessCost')], `${m.name}: totals`);
  };
  same(model('squeeze_excite.py', 'Fire'), oracle.fire_96_s16_e64_e64);
  same(model('squeeze_excite.py', 'SEBlock'), oracle.se_block_C256_r16);
  const dw = model('mobilenet_blocks.py', 'DepthwiseSeparable');
  assert.equal(dw.totals.multAdds, oracle.depthwise_separable_32_64.totals.multAdds);
});
