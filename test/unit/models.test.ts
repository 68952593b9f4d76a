/**
 * Whole models from torchvision's own sources, as Debian installs them, evaluated statically: totals and
 * every leaf-layer call equal what real PyTorch counted (test/data: the oracle copied from the team's shared reference, and torchvision-models).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { evaluateModels } from '../../src/core';
import { DATA, diskFs, readJson, ROOT, torchvisionDir } from './helpers';

export { diskFs };

interface RefLayer { name: string; type: string; inputShape: number[]; outputShape: number[]; params: number; multAdds: number; otherOps: number; memoryAccessCost: number }
interface RefFigures { multAdds: number; otherOps: number; memoryAccessCost: number }
interface RefModel { input: number[]; totals: RefFigures & { params: number }; functionalTotals: RefFigures & { count: number }; layers: RefLayer[]; constructorKwargs: Record<string, unknown> }

/** The torchvision file that defines a model builder. */
function fileDefining(name: string): string {
  const dir = path.join(torchvisionDir(), 'models');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.py'))) {
    if (new RegExp(`^def ${name}\\(`, 'm').test(readFileSync(path.join(dir, f), 'utf8'))) return path.join(dir, f);
  }
  throw new Error(`no torchvision file defines ${name}`);
}

function callOf(name: string, kwargs: Record<string, unknown>): string {
  const args = Object.entries(kwargs).filter(([k]) => k !== 'weights').map(([k, v]) => `${k}=${v === false ? 'False' : v === true ? 'True' : String(v)}`);
  return `${name}(${args.join(', ')})`;
}

export function checkModel(name: string, ref: RefModel): void {
  const file = fileDefining(name);
  const call = callOf(name, ref.constructorKwargs ?? {});
  const { models } = evaluateModels(file, diskFs, { call, inputs: [{ shape: ref.input, dtype: 'float32' }] });
  const m = models[0];
  const errors = m.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.file.split('/').pop()}:${d.line} ${d.message}`);
  assert.deepEqual(errors, [], `${call}: no warnings or errors`);
  assert.equal(m.complete, true);
  const got = m.layers.map((l) => [l.path, l.type, l.inputShape, l.outputShape, l.params, l.multAdds, l.otherOps, l.memoryAccessCost]);
  const want = ref.layers.map((l) => [l.name, l.type, l.inputShape, l.outputShape, l.params, l.multAdds, l.otherOps, l.memoryAccessCost]);
  for (let i = 0; i < Math.max(got.length, want.length); i++) assert.deepEqual(got[i], want[i], `${call}: layer call ${i}`);
  // Modules as PyTorch's hooks count them, functional operations as a torch.fx trace counts them, and the model's
  // totals both together.
  const [mod, fun, t] = [m.moduleTotals, m.functionalTotals, m.totals];
  assert.deepEqual([mod.multAdds, mod.flops, mod.otherOps, mod.memoryAccessCost], [ref.totals.multAdds, 2 * ref.totals.multAdds, ref.totals.otherOps, ref.totals.memoryAccessCost], `${call}: module totals`);
  assert.deepEqual([fun.multAdds, fun.otherOps, fun.memoryAccessCost], [ref.functionalTotals.multAdds, ref.functionalTotals.otherOps, ref.functionalTotals.memoryAccessCost], `${call}: functional totals`);
  const both = (k: keyof RefFigures) => ref.totals[k] + ref.functionalTotals[k];
  assert.deepEqual([t.params, t.multAdds, t.flops, t.otherOps, t.memoryAccessCost], [ref.totals.params, both('multAdds'), 2 * both('multAdds'), both('otherOps'), both('memoryAccessCost')], `${call}: totals`);
}

const shared = readJson<{ models: Record<string, RefModel> }>(DATA, 'pytorch-reference.json');
for (const [name, ref] of Object.entries(shared.models)) {
  test(`model ${name} from torchvision's source equals PyTorch (shared oracle)`, () => checkModel(name, ref));
}

const more = readJson<{ models: Record<string, RefModel> }>(ROOT, 'test', 'data', 'torchvision-models.reference.json');
for (const [name, ref] of Object.entries(more.models)) {
  test(`model ${name} from torchvision's source equals PyTorch`, () => checkModel(name, ref));
}
