/** Triplet combinatorics: the formulas against brute-force counting, the conventions' examples, and the CLI. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TripletInputError, tripletCounts } from '../../src/core/triplets/combinatorics';
import { run } from '../../src/cli/main';
import { findTripletSetup } from '../../src/core/triplets/setup';

/** Count by enumerating a P×K batch: labels[i] is image i's identity. */
function brute(P: number, K: number) {
  const labels = Array.from({ length: P * K }, (_, i) => Math.floor(i / K));
  let all = 0;
  let pos = 0;
  let neg = 0;
  for (let a = 0; a < labels.length; a++) {
    for (let b = 0; b < labels.length; b++) {
      if (a === b) continue;
      if (labels[a] === labels[b]) {
        if (a < b) pos++;
        for (let n = 0; n < labels.length; n++) if (labels[n] !== labels[a]) all++;
      } else if (a < b) neg++;
    }
  }
  return { all, pos, neg };
}

test('batch-all, positive and negative pairs equal brute-force counts', () => {
  for (const [P, K] of [[1, 1], [2, 2], [3, 4], [5, 3], [8, 2]]) {
    const t = tripletCounts(P, K);
    const b = brute(P, K);
    assert.deepEqual([t.batchAll, t.positivePairs, t.negativePairs], [b.all, b.pos, b.neg], `P=${P} K=${K}`);
    assert.equal(t.batchHard, P * K);
    assert.equal(t.distinctPairs, b.pos + b.neg);
  }
});

test('the counting conventions: P=16, K=4 and B=64', () => {
  const t = tripletCounts(16, 4, 64);
  assert.deepEqual([t.batchSize, t.batchHard, t.batchAll, t.distanceMatrix], [64, 64, 16 * 4 * 3 * 60, 4096]);
  assert.deepEqual(t.sampled, { B: 64, images: 192, possibleTriplets: 6 * 64 * 64 - 4 * 64 });
});

test('bad input is refused with a clear message; counts past 2^53 are null, not rounded', () => {
  assert.throws(() => tripletCounts(0, 4), TripletInputError);
  assert.throws(() => tripletCounts(4, 2.5), /K \(images per identity\) must be a whole number/);
  const big = tripletCounts(100_000, 1_000);
  assert.equal(big.batchAll, null);
  assert.equal(big.batchHard, 100_000_000);
});

test('CLI: layer-lens triplets prints the table or JSON; bad arguments exit 2', () => {
  let out = '';
  assert.equal(run(['triplets', '--P', '16', '--K', '4', '--B', '64', '--json'], (s) => (out += s), () => undefined), 0);
  assert.equal(JSON.parse(out).batchAll, 11_520);
  out = '';
  assert.equal(run(['triplets', '--P', '16', '--K', '4'], (s) => (out += s), () => undefined), 0);
  assert.match(out, /batch-all triplets\s+11,520\s+P·K·\(K−1\)·\(P·K−K\)/);
  let err = '';
  assert.equal(run(['triplets', '--P', '0', '--K', '4'], () => undefined, (s) => (err += s)), 2);
  assert.match(err, /P \(identities per batch\) must be a whole number ≥ 1/);
  assert.equal(run(['triplets', '--P', '4'], () => undefined, () => undefined), 2);
});

test('triplet setups in code: P and K, a P×K sampler, a loss with its mining strategy, from the selection or the file', () => {
  const file = 'P, K = 16, 4\nclass PKSampler: ...\ndef batch_hard_triplet_loss(x): ...\n';
  assert.deepEqual(findTripletSetup('P, K = 16, 4', file), { P: 16, K: 4, source: 'P, K = 16, 4', mining: 'batch-hard' });
  // The loss alone: P and K from elsewhere in the file.
  assert.deepEqual(findTripletSetup('loss = batch_hard_triplet_loss(emb, labels)', file), { P: 16, K: 4, source: 'P, K = 16, 4 (elsewhere in the file)', mining: 'batch-hard' });
  // A RandomIdentitySampler-style sampler: P = batch size ÷ instances.
  assert.deepEqual(findTripletSetup('sampler = RandomIdentitySampler(ds, batch_size=64, num_instances=4)', ''), { P: 16, K: 4, source: 'batch_size = 64 ÷ num_instances = 4', mining: undefined });
  assert.equal(findTripletSetup('loss = TripletLoss(margin=0.3, mining="batch_all")', 'P = 8\nK = 4\n')?.mining, 'batch-all');
  // A comment comparing both does not count; code naming both is ambiguous.
  assert.equal(findTripletSetup('P, K = 16, 4  # batch-all would give 11,520', 'loss = batch_hard_loss(x)')?.mining, 'batch-hard');
  assert.equal(findTripletSetup('P, K = 16, 4', 'a = batch_hard(x)\nb = batch_all(x)')?.mining, undefined);
  // Not about triplets, or no numbers: nothing.
  assert.equal(findTripletSetup('x = nn.Conv2d(3, 64, 3)', file), undefined);
  assert.equal(findTripletSetup('loss = TripletLoss()', 'x = 1'), undefined);
  assert.equal(findTripletSetup('sampler(batch_size=30, num_instances=4)', ''), undefined, '30 is not a multiple of 4');
});
