/**
 * Every layer row that real PyTorch counted in the team's oracle (torchvision models and hand-written blocks;
 * a copy is test/data/pytorch-reference.json): rebuilt as a constructor call from its attributes, analysed
 * statically, and compared exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TORCH_LAYERS } from '../../src/core/catalog';
import { analyzeCall, pyKwargs, readJson, DATA } from './helpers';

interface OracleLayer {
  name: string;
  type: string;
  attrs: Record<string, unknown>;
  inputShape: number[];
  outputShape: number[];
  params: number;
  multAdds: number;
  otherOps: number;
  memoryAccessCost: number;
}

const oracle = readJson(DATA, 'pytorch-reference.json');
const groups: [string, { layers?: OracleLayer[] }][] = [
  ...Object.entries(oracle.models as Record<string, { layers: OracleLayer[] }>),
  ...Object.entries(oracle.handwritten as Record<string, { layers?: OracleLayer[] }>),
];

/** Constructor keyword arguments from the attributes PyTorch reports (some attributes are not arguments). */
function kwargs(l: OracleLayer): string {
  const spec = TORCH_LAYERS.get(l.type);
  assert.ok(spec, `catalog has ${l.type}`);
  const names = new Set(spec.signature.map((p) => p.name));
  const attrs = Object.fromEntries(Object.entries(l.attrs).filter(([k]) => names.has(k)));
  return pyKwargs(attrs);
}

/**
 * The shared oracle counts an RNN's h_n in full; Layer Lens counts its last layer once, as the output's last step
 * that it is (docs/conventions.md: one step of nn.LSTM costs what LSTMCell does). Those are batch × the output's
 * features (both directions).
 */
function repeatedState(l: OracleLayer): number {
  if (!['LSTM', 'GRU', 'RNN'].includes(l.type)) return 0;
  const batch = l.inputShape.length === 2 ? 1 : l.attrs.batch_first ? l.inputShape[0] : l.inputShape[1];
  return batch * l.outputShape[l.outputShape.length - 1];
}

for (const [model, entry] of groups) {
  if (!entry.layers) continue;
  test(`shared oracle: ${model}, every layer exactly`, () => {
    const seen = new Set<string>();
    for (const l of entry.layers!) {
      const call = `nn.${l.type}(${kwargs(l)})`;
      const key = `${call}@${l.inputShape.join('x')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const r = analyzeCall(call, [l.inputShape]);
      const where = `${model} ${l.name}: ${call} on ${l.inputShape.join('x')}`;
      assert.deepEqual(r.diagnostics, [], where);
      assert.equal(r.params, l.params, `params of ${where}`);
      assert.equal(r.multAdds, l.multAdds, `multAdds of ${where}`);
      assert.equal(r.flops, 2 * l.multAdds, `flops of ${where}`);
      assert.equal(r.otherOps, l.otherOps, `otherOps of ${where}`);
      assert.equal(r.memoryAccessCost, l.memoryAccessCost - repeatedState(l), `MAC of ${where}`);
      assert.deepEqual(r.outputShape, l.outputShape, `output shape of ${where}`);
    }
    assert.ok(seen.size > 0);
  });
}

test('shared oracle: the worked checks of the counting conventions', () => {
  const dw = analyzeCall('nn.Conv2d(32, 32, 3, padding=1, groups=32)', [[1, 32, 112, 112]]);
  const pw = analyzeCall('nn.Conv2d(32, 64, 1)', [[1, 32, 112, 112]]);
  const std = analyzeCall('nn.Conv2d(32, 64, 3, padding=1)', [[1, 32, 112, 112]]);
  assert.equal(dw.multAdds! + pw.multAdds!, 29_302_784);
  assert.equal(std.multAdds, 231_211_008);
  // 1/N + 1/D_K² exactly
  assert.equal((dw.multAdds! + pw.multAdds!) * 64 * 9, std.multAdds! * (9 + 64));
  const grouped = analyzeCall('nn.Conv2d(256, 256, 3, padding=1, groups=32)', [[1, 256, 56, 56]]);
  assert.equal(grouped.params, 18_688);
  assert.equal(grouped.multAdds, 57_802_752);
  // MAC of a 1×1 conv without bias at stride 1: h·w·(c1 + c2) + c1·c2
  const oneByOne = analyzeCall('nn.Conv2d(96, 16, 1, bias=False)', [[1, 96, 55, 55]]);
  assert.equal(oneByOne.memoryAccessCost, 55 * 55 * (96 + 16) + 96 * 16);
  const lstm = analyzeCall('nn.LSTM(128, 256, num_layers=2, bidirectional=True)', [[10, 1, 128]]);
  assert.equal(lstm.params, 2_367_488);
  assert.equal(lstm.multAdds, 23_592_960);
  const gru = analyzeCall('nn.GRU(64, 128)', [[10, 1, 64]]);
  assert.equal(gru.params, 74_496);
  assert.equal(gru.multAdds, 737_280);
  const up = analyzeCall('nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1)', [[1, 16, 28, 28]]);
  assert.equal(up.params, 2_056);
  assert.equal(up.multAdds, 1_605_632);
  assert.deepEqual(up.outputShape, [1, 8, 56, 56]);
});

