/** The calculators: figures from the catalog, equal to the shared oracle's worked checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convolutions, recurrent, triplets } from '../../src/core/calculators';
import { layerCost } from '../../src/core/cost/layerCost';
import { LayerError } from '../../src/core/catalog/types';

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
