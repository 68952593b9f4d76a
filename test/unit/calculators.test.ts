/** The calculators: figures from the catalog, equal to the shared oracle's worked checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  boxOverlap, convolutions, fire, focalVsCrossEntropy, invertedResidual, normalizationStats, recurrent, resnextVsResnet, seBlock, shuffleG1, triplets,
} from '../../src/core/calculators';
import { layerCost } from '../../src/core/cost/layerCost';
import { LayerError } from '../../src/core/values/spec';

test('convolutions side by side: the MobileNet saving 1/N + 1/D_K² and the ÷g of groups', () => {
  const r = convolutions(32, 64, 3, 112, 4);
  const [standard, separable, grouped] = r.rows;
  assert.equal(standard.multAdds, 231_211_008);
  assert.equal(separable.multAdds, 29_302_784);
  assert.equal(grouped.multAdds! * 4, standard.multAdds);
  assert.equal(separable.multAdds! * 64 * 9, standard.multAdds! * (9 + 64));
  assert.match(r.notes[0], /= 0\.1267 = 1\/N \+ 1\/D_K² = 1\/64 \+ 1\/9/);
});

test('LSTM and GRU over a sequence, as PyTorch counts', () => {
  const lstm = recurrent('LSTM', 128, 256, 2, true, 10).rows[0];
  assert.deepEqual([lstm.params, lstm.multAdds], [2_367_488, 23_592_960]);
  const gru = recurrent('GRU', 64, 128, 1, false, 10).rows[0];
  assert.deepEqual([gru.params, gru.multAdds], [74_496, 737_280]);
});

test('triplets: the counts, and bad input refused', () => {
  assert.equal(triplets(16, 4, 64).rows[1].value, 11_520);
  assert.throws(() => triplets(0, 4), /must be a whole number/);
});

test('layerCost refuses what PyTorch would refuse, with its reason', () => {
  assert.throws(() => layerCost('Conv2d', { in_channels: 6, out_channels: 8, kernel_size: 3, groups: 4 }, [[1, 6, 8, 8]]), (e: unknown) => e instanceof LayerError && /divisible by groups/.test(e.message));
  assert.throws(() => layerCost('Conv2d', { in_channels: 3, out_channels: 8, kernel_size: 9 }, [[1, 3, 4, 4]]), /larger than the padded input/);
  assert.throws(() => layerCost('Frobnicate', {}, [[1]]), /not a layer Layer Lens knows/);
});

test('the block calculators reproduce the shared oracle and hand-checked figures', () => {
  const f = fire(96, 16, 64, 64, 55);
  const total = f.rows[f.rows.length - 1];
  // The Fire block of the oracle (test/data/pytorch-reference.json) (its three convs and three ReLUs): params, Mult-Adds and MAC.
  assert.deepEqual([total.params, total.multAdds, total.memoryAccessCost], [11_920, 35_622_400, 1_705_920]);
  const se = seBlock(256, 16, 56);
  const s = se.rows[se.rows.length - 1];
  assert.deepEqual([s.params, s.multAdds], [8_464, 8_192]);
  // ResNet bottleneck on 256×56×56: 256·64 + 9·64·64 + 64·256 = 69,632 params; ResNeXt 32×4d: 256·128 + 9·128·4 + 128·256 = 70,144
  const rx = resnextVsResnet(256, 56, 32, 4);
  assert.deepEqual(rx.rows.filter((r) => !r.label.startsWith('  ')).map((r) => r.params), [69_632, 70_144]);
  const ir = invertedResidual(24, 24, 6, 1, 56);
  assert.equal(ir.rows[ir.rows.length - 1].params, 24 * 144 + 288 + 9 * 144 + 288 + 144 * 24 + 48);
  assert.match(ir.notes[0], /residual connection applies/);
});

test('G1: at equal Mult-Adds, MAC is lowest for equal widths and meets the bound there', () => {
  const g = shuffleG1(56, 128);
  const macs = g.rows.map((r) => r.memoryAccessCost!);
  assert.ok(macs.every((m, i) => i === 0 || m > macs[i - 1]), macs.join(' < '));
  assert.equal(g.rows[0].multAdds, 56 * 56 * 128 * 128);
  assert.equal(macs[0], 56 * 56 * 256 + 128 * 128);
});

test('normalization statistics, focal loss, IoU/IoG and smooth-ln', () => {
  const n = normalizationStats(8, 64, 32, 32, 32);
  assert.equal(n.rows[0].value, '64 means + 64 variances, each over 8192 values');
  assert.equal(n.rows[3].value, '256 means + 256 variances, each over 2048 values');
  const fl = focalVsCrossEntropy(0.9, 0.25, 2);
  assert.equal(fl.rows[0].value, (-Math.log(0.9)).toFixed(6));
  assert.equal(fl.rows[2].value, (0.25 * 0.01).toFixed(6));
  const box = boxOverlap([0, 0, 2, 2], [1, 1, 3, 3], 0.5);
  assert.deepEqual(box.rows.map((r) => r.value), [1, (1 / 7).toFixed(6), (0.25).toFixed(6), (-Math.log(0.75)).toFixed(6)]);
  assert.throws(() => boxOverlap([0, 0, -1, 2], [1, 1, 3, 3], 0.5), /x2 > x1/);
  assert.throws(() => focalVsCrossEntropy(1, 0.25, 2), /between 0 and 1/);
});
