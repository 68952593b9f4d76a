/**
 * The counting conventions in one place (docs/conventions.md): FLOPs = 2 × Mult-Adds, MAC = the elements a call
 * reads and writes (its inputs + its outputs + its params), MAC in bytes at a dtype. Every figure anywhere is
 * made here, or summed by `sumFigures`. A figure past 2^53 cannot be counted exactly: it is null, never rounded.
 */
import type { Shape } from './spec';

export interface Figures {
  multAdds: number | null;
  flops: number | null;
  otherOps: number | null;
  memoryAccessCost: number | null;
}

/** What one call does, as a catalog entry or a shape rule says. */
export interface CallWork {
  /** Null when not known (a sum of parts one of which is not). */
  multAdds: number | null;
  otherOps: number | null;
  inputs: Shape[];
  outputs: Shape[];
  /** Params read by the call (0 for functional operations). */
  params: number;
  /** False for views (reshape, transpose…), which move no data: their MAC is 0. */
  movesData?: boolean;
  /** Output elements that repeat another output's values (ForwardResult.repeated): counted once. */
  repeated?: number;
}

const exact = (x: number): number | null => (Number.isSafeInteger(x) ? x : null);
const numel = (s: Shape) => s.reduce((a, b) => a * b, 1);

/** The figures of one call. */
export function callFigures(w: CallWork): Figures {
  const multAdds = w.multAdds === null ? null : exact(w.multAdds);
  const io = w.inputs.reduce((a, s) => a + numel(s), 0) + w.outputs.reduce((a, s) => a + numel(s), 0) - (w.repeated ?? 0);
  return {
    multAdds,
    flops: multAdds === null ? null : exact(2 * multAdds),
    otherOps: w.otherOps === null ? null : exact(w.otherOps),
    memoryAccessCost: w.movesData === false ? 0 : exact(io + w.params),
  };
}

/** Summed figures (null when any part is unknown or the sum passes 2^53); FLOPs stay 2 × Mult-Adds. */
export function sumFigures(parts: Iterable<Figures>): Figures {
  let multAdds: number | null = 0;
  let otherOps: number | null = 0;
  let memoryAccessCost: number | null = 0;
  const add = (a: number | null, b: number | null) => (a === null || b === null ? null : exact(a + b));
  for (const p of parts) {
    multAdds = add(multAdds, p.multAdds);
    otherOps = add(otherOps, p.otherOps);
    memoryAccessCost = add(memoryAccessCost, p.memoryAccessCost);
  }
  return { multAdds, flops: multAdds === null ? null : exact(2 * multAdds), otherOps, memoryAccessCost };
}

/** Params added up, the one rule for it: null when any part is not known or the sum passes 2^53. */
export function sumParams(parts: Iterable<number | null>): number | null {
  let total: number | null = 0;
  for (const p of parts) total = total === null || p === null ? null : exact(total + p);
  return total;
}

/** Layer lines together (a selection, a file): their figures, and the params of all their instances. */
export function sumCalls(calls: (Figures & { paramsTotal: number | null })[]): Figures & { params: number | null } {
  return { params: sumParams(calls.map((c) => c.paramsTotal)), ...sumFigures(calls) };
}

/** Figures that are all unknown. */
export const NO_FIGURES: Figures = { multAdds: null, flops: null, otherOps: null, memoryAccessCost: null };

/** Bytes per element of each dtype Layer Lens knows. */
export const DTYPE_BYTES: Readonly<Record<string, number>> = {
  float32: 4, float: 4, float16: 2, half: 2, bfloat16: 2, float64: 8, double: 8, int64: 8, long: 8, int32: 4, int8: 1, uint8: 1, bool: 1,
};

/** MAC in bytes at a dtype (4 bytes per element for a dtype it does not know). */
export function memoryAccessBytes(mac: number | null, dtype: string): number | null {
  return mac === null ? null : exact(mac * (DTYPE_BYTES[dtype] ?? 4));
}
