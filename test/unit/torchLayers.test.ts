/**
 * The torch.nn catalog against real PyTorch: test/data/torch-layers.reference.json holds, for every catalog
 * entry, constructor calls and input shapes with what torch 1.13 reported (params, shapes) and the counting
 * conventions' figures; and calls that torch rejects, with its message. Regenerate with test/oracle/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TORCH_LAYERS } from '../../src/core/catalog';
import { analyzeCall, readJson, ROOT } from './helpers';

interface Row {
  id: string;
  type: string;
  call: string;
  input: number[][];
  inputDtype: string;
  params: number;
  outputShape: number[];
  outputShapes: number[][];
  multAdds: number;
  otherOps: number;
  memoryAccessCost: number;
}

interface ErrorRow {
  id: string;
  type: string;
  call: string;
  input: number[][];
  inputDtype: string;
  stage: 'construct' | 'forward';
  torchMessage: string;
  inputValues?: unknown;
}

const data = readJson<{ rows: Row[]; errors: ErrorRow[] }>(ROOT, 'test', 'data', 'torch-layers.reference.json');

for (const row of data.rows) {
  test(`torch ${row.type}: ${row.id}`, () => {
    const r = analyzeCall(row.call, row.input, row.inputDtype);
    const where = `${row.call} on ${row.input.map((s) => s.join('x')).join(', ')}`;
    assert.equal(r.type, row.type);
    assert.deepEqual(r.diagnostics.map((d) => d.message), [], where);
    assert.equal(r.params, row.params, `params of ${where}`);
    assert.deepEqual(r.outputShapes, row.outputShapes, `output shapes of ${where}`);
    assert.deepEqual(r.outputShape, row.outputShape, `output shape of ${where}`);
    assert.equal(r.multAdds, row.multAdds, `multAdds of ${where}`);
    assert.equal(r.flops, 2 * row.multAdds, `FLOPs of ${where}`);
    assert.equal(r.otherOps, row.otherOps, `otherOps of ${where}`);
    assert.equal(r.memoryAccessCost, row.memoryAccessCost, `MAC of ${where}`);
  });
}

test('every catalog entry has reference rows from real PyTorch (or is newer than torch 1.13)', () => {
  const covered = new Set(data.rows.map((r) => r.type));
  // Added to torch.nn after 1.13 (the reference torch): ZeroPad1d/3d and CircularPad1d/2d/3d arrived in 2.1.
  const newer = new Set(['ZeroPad1d', 'ZeroPad3d', 'CircularPad1d', 'CircularPad2d', 'CircularPad3d']);
  const missing = [...TORCH_LAYERS.values()]
    .filter((spec) => !spec.container && !covered.has(spec.name) && !newer.has(spec.name))
    .map((spec) => spec.name);
  assert.deepEqual(missing, []);
});

// What PyTorch rejects, Layer Lens reports as an error before anything runs, with no figures.
// Index values are data, not shapes: a static tool cannot see an out-of-range index.
const VALUE_DEPENDENT = new Set(['embedding_index_out_of_range']);

for (const e of data.errors) {
  test(`torch rejects ${e.id}: so does Layer Lens`, () => {
    const r = analyzeCall(e.call, e.input, e.inputDtype);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (VALUE_DEPENDENT.has(e.id)) {
      assert.deepEqual(errors, [], 'a value-dependent error cannot be seen statically');
      return;
    }
    assert.ok(errors.length > 0, `expected an error like torch's: ${e.torchMessage}`);
    assert.equal(r.multAdds, null);
    for (const d of errors) assert.ok(d.message.length > 20 && !d.message.includes('undefined'), d.message);
  });
}
