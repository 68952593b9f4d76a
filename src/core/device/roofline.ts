/**
 * A roofline latency range (issue 19): how long a layer's work takes on a device at the least and at the most,
 * from its FLOPs and its memory access cost. Compute time is the FLOPs (and the element-wise otherOps, one op
 * each) at the achievable fraction of the device's peak for the dtype; memory time is the MAC in bytes at the
 * achievable fraction of its bandwidth. Overlapped perfectly, the layer takes the larger of the two; not at all,
 * their sum. This is a range, not a prediction: kernel launch overhead, caches, fusion and parallelism are outside it.
 */
import { DTYPE_BYTES } from '../values/figures';
import type { Figures, ModelResult } from '../results';
import type { DevicePreset } from './presets';

export type Bound = 'memory' | 'compute';

export interface Latency {
  lowerMs: number;
  upperMs: number;
  bound: Bound;
}

export interface ModelLatency {
  device: string;
  dtype: string;
  lowerMs: number;
  upperMs: number;
  /** The share of the lower bound spent in memory-bound rows (0–1). */
  memoryBoundShare: number;
  /** The rows with the largest upper bound, slowest first (at most five). */
  slowest: { name: string; line: number; file: string; upperMs: number; bound: Bound }[];
}

/** The dtypes a device preset states a peak for; any other has no compute time on it. */
export type PeakDtype = 'float32' | 'float16' | 'bfloat16' | 'int8';

const PEAK_OF: Readonly<Record<string, PeakDtype>> = { float32: 'float32', float: 'float32', float16: 'float16', half: 'float16', bfloat16: 'bfloat16', int8: 'int8', uint8: 'int8' };

/** The device's achievable FLOP/s and bytes/s at a dtype, or why there is none. */
export function achievable(device: DevicePreset, dtype: string): { flops: number; bytes: number } | { problem: string } {
  const peakDtype = PEAK_OF[dtype];
  const peak = peakDtype ? device.peakFlops[peakDtype] : null;
  if (!peak) return { problem: `${device.title} has no ${dtype} peak in its preset` };
  return { flops: peak * device.computeFraction, bytes: device.bandwidth * device.bandwidthFraction };
}

/** One layer's or operation's range; null when a figure is not known. */
export function rowLatency(f: Pick<Figures, 'flops' | 'otherOps' | 'memoryAccessCost'>, rate: { flops: number; bytes: number }, dtype: string): Latency | null {
  if (f.flops === null || f.otherOps === null || f.memoryAccessCost === null) return null;
  const computeMs = ((f.flops + f.otherOps) / rate.flops) * 1000;
  const memoryMs = ((f.memoryAccessCost * (DTYPE_BYTES[dtype] ?? 4)) / rate.bytes) * 1000;
  return { lowerMs: Math.max(computeMs, memoryMs), upperMs: computeMs + memoryMs, bound: memoryMs > computeMs ? 'memory' : 'compute' };
}

/** Each layer row's and functional row's range, in the model's two lists' order (null: a figure not known). */
export interface RowLatencies {
  layers: (Latency | null)[];
  functional: (Latency | null)[];
}

export function modelRowLatencies(model: ModelResult, rate: { flops: number; bytes: number }, dtype: string): RowLatencies {
  return { layers: model.layers.map((l) => rowLatency(l, rate, dtype)), functional: model.functional.map((f) => rowLatency(f, rate, dtype)) };
}

/** Rows that run one after another: the sum of their ranges, and the share of its lower end spent in memory-bound rows. */
export function sumLatency(rows: readonly (Latency | null)[]): { lowerMs: number; upperMs: number; memoryBoundShare: number } {
  let lowerMs = 0;
  let upperMs = 0;
  let memoryMs = 0;
  for (const l of rows) {
    if (!l) continue;
    lowerMs += l.lowerMs;
    upperMs += l.upperMs;
    if (l.bound === 'memory') memoryMs += l.lowerMs;
  }
  return { lowerMs, upperMs, memoryBoundShare: lowerMs > 0 ? memoryMs / lowerMs : 0 };
}

/**
 * A model's range: its rows' sum, the memory-bound share and the slowest rows. `rows`: the rows' ranges when the
 * caller has them already (at this device's rate and dtype).
 */
export function modelLatency(model: ModelResult, device: DevicePreset, dtype: string, rows?: RowLatencies): ModelLatency | { problem: string } {
  const rate = achievable(device, dtype);
  if ('problem' in rate) return rate;
  if (!model.complete) return { problem: `${model.name} is not completely known, so its time is not either` };
  const r = rows ?? modelRowLatencies(model, rate, dtype);
  const named = [
    ...model.layers.map((l, i) => ({ name: l.path, line: l.line, file: l.file, latency: r.layers[i] })),
    ...model.functional.map((f, i) => ({ name: f.path ? `${f.path}: ${f.op}` : f.op, line: f.line, file: f.file, latency: r.functional[i] })),
  ].filter((x): x is typeof x & { latency: Latency } => x.latency !== null);
  const slowest = named.sort((a, b) => b.latency.upperMs - a.latency.upperMs).slice(0, 5)
    .map((x) => ({ name: x.name, line: x.line, file: x.file, upperMs: x.latency.upperMs, bound: x.latency.bound }));
  return { device: device.name, dtype, ...sumLatency([...r.layers, ...r.functional]), slowest };
}

/** Rows outside a model (the layer lines of a selection): each one's range, and their sum. */
export function rowsLatency(rows: Pick<Figures, 'flops' | 'otherOps' | 'memoryAccessCost'>[], device: DevicePreset, dtype: string):
  ({ rows: (Latency | null)[] } & ReturnType<typeof sumLatency>) | { problem: string } {
  const rate = achievable(device, dtype);
  if ('problem' in rate) return rate;
  const each = rows.map((r) => rowLatency(r, rate, dtype));
  return { rows: each, ...sumLatency(each) };
}
