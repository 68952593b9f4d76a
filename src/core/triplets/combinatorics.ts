/**
 * Triplet-loss combinatorics for a batch of P identities × K images each (the Triplet Loss section of the
 * notes), and for B independently sampled triplets. Exact integers, or null when a count passes 2^53.
 */

export interface TripletCounts {
  P: number;
  K: number;
  /** Images in the batch: P·K. */
  batchSize: number;
  /** Batch-hard mining: one triplet per anchor, P·K. */
  batchHard: number | null;
  /** Batch-all: every anchor, every other positive, every negative: P·K·(K−1)·(P·K−K). */
  batchAll: number | null;
  /** Unordered same-identity pairs: P·K·(K−1)/2. */
  positivePairs: number | null;
  /** Unordered different-identity pairs: P·(P−1)·K²/2. */
  negativePairs: number | null;
  /** Entries of the pairwise distance matrix, (P·K)², and its distinct off-diagonal pairs, P·K·(P·K−1)/2. */
  distanceMatrix: number | null;
  distinctPairs: number | null;
  /** With B independently sampled triplets (3B images): 2·B·(3B−2) = 6B²−4B possible triplets. */
  sampled?: { B: number; images: number; possibleTriplets: number | null };
}

export class TripletInputError extends Error {}

const exact = (x: bigint): number | null => (x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : null);

function positive(name: string, v: number, min: number): bigint {
  if (!Number.isSafeInteger(v) || v < min) throw new TripletInputError(`${name} must be a whole number ≥ ${min}, got ${v}`);
  return BigInt(v);
}

export function tripletCounts(P: number, K: number, B?: number): TripletCounts {
  const p = positive('P (identities per batch)', P, 1);
  const k = positive('K (images per identity)', K, 1);
  const n = p * k;
  const out: TripletCounts = {
    P, K,
    batchSize: exact(n) ?? NaN,
    batchHard: exact(n),
    batchAll: exact(n * (k - 1n) * (n - k)),
    positivePairs: exact((p * k * (k - 1n)) / 2n),
    negativePairs: exact((p * (p - 1n) * k * k) / 2n),
    distanceMatrix: exact(n * n),
    distinctPairs: exact((n * (n - 1n)) / 2n),
  };
  if (Number.isNaN(out.batchSize)) throw new TripletInputError(`P·K = ${n} images is too large to count exactly`);
  if (B !== undefined) {
    const b = positive('B (sampled triplets)', B, 1);
    out.sampled = { B, images: exact(3n * b) ?? NaN, possibleTriplets: exact(2n * b * (3n * b - 2n)) };
    if (Number.isNaN(out.sampled.images)) throw new TripletInputError(`3·B = ${3n * b} images is too large to count exactly`);
  }
  return out;
}
