/** Shape arithmetic shared by the torch catalog entries. */
import { LayerError, type Shape } from '../../values/spec';

export function numel(s: Shape): number {
  return s.reduce((a, b) => a * b, 1);
}

/** 1×64×56×56, as shapes are shown everywhere. */
export function fmt(s: Shape): string {
  return s.length ? s.join('×') : 'scalar';
}

/** An input of `nSpatial` spatial dims, batched (N, C, *) or unbatched (C, *). */
export interface SpatialInput {
  batched: boolean;
  batch: number;
  channels: number;
  spatial: number[];
}

export function spatialInput(layer: string, input: Shape, nSpatial: number): SpatialInput {
  if (input.length === nSpatial + 2) {
    return { batched: true, batch: input[0], channels: input[1], spatial: input.slice(2) };
  }
  if (input.length === nSpatial + 1) {
    return { batched: false, batch: 1, channels: input[0], spatial: input.slice(1) };
  }
  throw new LayerError(
    `${layer} expects a ${nSpatial + 1}D (unbatched) or ${nSpatial + 2}D (batched) input, got ${input.length}D input ${fmt(input)}`,
  );
}

export function withSpatial(inp: SpatialInput, channels: number, spatial: number[]): Shape {
  return inp.batched ? [inp.batch, channels, ...spatial] : [channels, ...spatial];
}

/** PyTorch's conv/pool output length: floor((L + 2p − d·(k − 1) − 1) / s) + 1, optionally with ceil mode. */
export function slidingOut(L: number, k: number, s: number, p: number, d: number, ceil = false): number {
  const span = L + 2 * p - d * (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  // ceil mode never lets the last window start inside the right padding
  if (ceil && (out - 1) * s >= L + p) out -= 1;
  return out;
}

/** Every dimension of a shape must be positive for PyTorch to accept the result. */
export function checkPositive(layer: string, what: string, shape: Shape, detail: string): void {
  if (shape.some((x) => x <= 0)) {
    throw new LayerError(`${layer}: ${what} ${fmt(shape)} has a dimension ≤ 0 (${detail})`);
  }
}

/** Normalizes a possibly negative dim index for a tensor of rank `rank`. */
export function dimIndex(layer: string, dim: number, rank: number): number {
  const i = dim < 0 ? dim + rank : dim;
  if (i < 0 || i >= rank) throw new LayerError(`${layer}: dim ${dim} is out of range for a ${rank}D input`);
  return i;
}
