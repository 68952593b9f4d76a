/**
 * The sample workspace (samples/, the README's demo) is analysed without surprises: every model in it is
 * evaluated completely, and the blocks the notes discuss give the figures real PyTorch gave (shared oracle).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { evaluateModels } from '../../src/core/model';
import { readJson, ROOT, DATA } from './helpers';

const dir = path.join(ROOT, 'samples');
const fs = { read: (p: string) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } } };
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
    for (const c of analyzeText(readFileSync(path.join(dir, file), 'utf8')).calls) {
      assert.ok(c.multAdds !== null || c.unknownReason !== null, `${file}:${c.line} ${c.type}`);
    }
  });
}

test('the samples reproduce the shared oracle: Fire, SE block, depthwise separable conv', () => {
  const fire = model('squeeze_excite.py', 'Fire');
  const f = oracle.fire_96_s16_e64_e64.totals;
  assert.deepEqual([fire.totals.params, fire.totals.multAdds, fire.totals.otherOps, fire.totals.memoryAccessCost], [f.params, f.multAdds, f.otherOps, f.memoryAccessCost]);
  const se = model('squeeze_excite.py', 'SEBlock');
  const s = oracle.se_block_C256_r16.totals;
  assert.deepEqual([se.totals.params, se.totals.multAdds, se.totals.otherOps, se.totals.memoryAccessCost], [s.params, s.multAdds, s.otherOps, s.memoryAccessCost]);
  const dw = model('mobilenet_blocks.py', 'DepthwiseSeparable');
  assert.equal(dw.totals.multAdds, oracle.depthwise_separable_32_64.totals.multAdds);
});
