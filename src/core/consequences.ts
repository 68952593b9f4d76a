/**
 * A model's consequences (issue 19), in one place for every surface: its time on a device (per row and in all),
 * its training memory and FLOPs, and what other tools would print. The CLI, the side panel and the hover read
 * these, and each formats them its own way; nothing is computed twice.
 */
import { bytes, duration, durationRange, exact } from './values/format';
import { type DevicePreset } from './device/presets';
import { achievable, modelLatency, modelRowLatencies, type Latency, type ModelLatency } from './device/roofline';
import type { GuidelineCheck, ModelResult } from './results';
import { checkGuidelines, opsFromModel } from './guidelines';
import { otherTools, type OtherToolFigure } from './tools/otherTools';
import { trainingFlops, type TrainingFlops } from './training/flops';
import { inferenceMemory, trainingMemory, type Optimizer, type TrainingMemory } from './training/memory';

export interface ConsequenceOptions {
  device?: DevicePreset;
  /** Element type for time (the device's peak and bytes) and for training precision. */
  dtype: string;
  optimizer?: Optimizer;
  /** Samples in the dataset, for FLOPs per epoch. */
  datasetSize?: number;
  compare?: boolean;
}

export type Problem = { problem: string };

export interface ModelConsequences {
  latency?: ModelLatency | Problem;
  /** Each layer row's and functional row's range, in the model's order (null: a figure not known). */
  layerLatency?: (Latency | null)[];
  functionalLatency?: (Latency | null)[];
  /** Memory-bound rows that a ShuffleNet V2 guideline singles out: where fewer bytes would buy time. */
  guidelineNotes?: string[];
  memory?: TrainingMemory | Problem;
  inference?: { weights: number; activations: number; peak: number } | Problem;
  trainingFlops?: TrainingFlops | Problem;
  otherTools?: OtherToolFigure[];
}

/** The one line every surface shows beside a time. */
export const LATENCY_NOTE = 'a range from the device\'s peaks, not a prediction: kernel launches, caches and fusion are outside it';

export function consequences(m: ModelResult, o: ConsequenceOptions): ModelConsequences {
  const out: ModelConsequences = {};
  if (o.device) {
    const rate = achievable(o.device, o.dtype);
    // Each row's range once: the model's sum and its rows' own come from it.
    const rows = 'problem' in rate ? undefined : modelRowLatencies(m, rate, o.dtype);
    out.latency = modelLatency(m, o.device, o.dtype, rows);
    if (rows) {
      out.layerLatency = rows.layers;
      out.functionalLatency = rows.functional;
      out.guidelineNotes = memoryBoundGuidelines(m, rows.layers, rows.functional, checkGuidelines(opsFromModel(m)));
    }
  }
  if (o.optimizer) {
    const precision = o.dtype === 'float16' || o.dtype === 'bfloat16' ? o.dtype : 'float32';
    out.memory = trainingMemory(m, { optimizer: o.optimizer, dtype: precision });
    out.inference = inferenceMemory(m, o.dtype);
    out.trainingFlops = trainingFlops(m, o.datasetSize);
  }
  if (o.compare) out.otherTools = otherTools(m);
  return out;
}

/**
 * The rows a warned guideline names as its worst that are memory-bound on the device: ShuffleNet V2's point that
 * MAC, not FLOPs, decides their time. Rows are matched as the guideline names them (`path · Type`, or an
 * operation at its line).
 */
export function memoryBoundGuidelines(m: ModelResult, layers: (Latency | null)[], functional: (Latency | null)[], checks: GuidelineCheck[]): string[] {
  const bound = new Map<string, Latency['bound']>();
  const mark = (key: string, l: Latency | null) => {
    if (l && bound.get(key) !== 'memory') bound.set(key, l.bound);
  };
  m.layers.forEach((l, i) => mark(`${l.path} · ${l.type}`, layers[i]));
  m.functional.forEach((f, i) => mark(`${f.op}@${f.line}`, functional[i]));
  const out: string[] = [];
  for (const g of checks) {
    if (g.status !== 'warn') continue;
    for (const w of g.worst) {
      if ((bound.get(w.name) ?? bound.get(`${w.name}@${w.line}`)) === 'memory') out.push(`${w.name} is memory-bound here, and ${g.id} (${g.title}) singles it out: ${w.detail}`);
    }
  }
  return out;
}

/** A time range as every surface writes it: `1.31–1.50 ms`, `220–350 ns` (one unit, by the upper end's size). */
export function rangeText(l: { lowerMs: number; upperMs: number }): string {
  return durationRange(l.lowerMs, l.upperMs);
}

/** The text report's lines for one model, under its table. */
export function renderConsequences(m: ModelResult, c: ModelConsequences, o: ConsequenceOptions): string {
  const out: string[] = [];
  if (c.latency && o.device) {
    if ('problem' in c.latency) out.push(`  time on ${o.device.title}: not known (${c.latency.problem})`);
    else {
      const l = c.latency;
      out.push(`  time on ${o.device.title}, ${o.dtype}: ${rangeText(l)} (${Math.round(100 * l.memoryBoundShare)}% of it memory-bound); ${LATENCY_NOTE}`);
      out.push(`    slowest: ${l.slowest.slice(0, 3).map((s) => `${s.name} ${duration(s.upperMs)} (${s.bound}-bound)`).join(', ')}`);
      for (const n of c.guidelineNotes ?? []) out.push(`    ${n}`);
    }
  }
  if (c.memory && o.optimizer) {
    const batch = m.input[0]?.[0];
    if ('problem' in c.memory) out.push(`  training memory: not known (${c.memory.problem})`);
    else {
      const t = c.memory;
      out.push(`  training memory with ${o.optimizer}, batch ${batch ?? '?'}, ${o.dtype}: peak ${bytes(t.peak)} = weights ${bytes(t.weights)} + gradients ${bytes(t.gradients)} + optimizer ${bytes(t.optimizer)} + activations ${bytes(t.activations)}`);
    }
    if (c.inference && !('problem' in c.inference)) out.push(`  inference memory: ${bytes(c.inference.peak)} (weights ${bytes(c.inference.weights)} + the largest operation's activations ${bytes(c.inference.activations)})`);
  }
  if (c.trainingFlops) {
    if ('problem' in c.trainingFlops) out.push(`  training FLOPs: not known (${c.trainingFlops.problem})`);
    else {
      const f = c.trainingFlops;
      out.push(`  training FLOPs per step: ${exact(f.perStep)} (forward ${exact(f.forward)} + backward ${exact(f.backward)})${f.perEpoch !== undefined ? `; per epoch (${exact(f.steps!)} steps): ${exact(f.perEpoch)}` : ''}`);
      if (f.sixND) out.push(`    6·N·D = 6 × ${exact(f.sixND.trainableParams)} × ${exact(f.sixND.tokens)} tokens = ${exact(f.sixND.value)} (it leaves out attention's Q·Kᵀ and A·V, and counts embedding lookups as matrix products)`);
    }
  }
  if (c.otherTools) {
    out.push('  what other tools would print:');
    for (const t of c.otherTools) {
      out.push(`    ${t.tool}: ${t.printed ?? 'not shown'}  (${t.figure})`);
      for (const d of t.differences) out.push(`        ${d}`);
    }
  }
  return out.join('\n');
}
