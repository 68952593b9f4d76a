/**
 * Messages between the extension host and the cost side panel: one typed union each way, imported by both
 * sides, and checked on arrival. Plain data and checks: it lives in core so that neither surface imports the other.
 */
import type { TripletCounts } from '../triplets/combinatorics';
import type { GuidelineCheck } from '../results';
import { DTYPE_BYTES } from '../values/figures';

export type { GuidelineCheck };

export interface PanelTotals {
  params: number | null;
  multAdds: number | null;
  flops: number | null;
  memoryAccessCost: number | null;
  /** MAC in bytes at the input's dtype. */
  memoryAccessBytes: number | null;
}

/** The input the figures assume, as the panel's fields edit it. */
export interface PanelInput {
  /** A model's forward inputs, or the defaults for layer calls that have no annotation. */
  kind: 'model' | 'calls';
  batch: number;
  /** Model: each input's shape after the batch dimension (`3x224x224`, several comma-separated). Calls: the image size. */
  shape: string;
  dtype: string;
  /** Where it came from, in words (an annotation, the settings, the panel). */
  source: string;
  /** Set in the panel: a reset button shows. */
  edited: boolean;
  /** False when the code fixes the input (a Keras model's own Input): the fields are read-only. */
  editable: boolean;
  /** Why the last edit was refused, if it was. */
  error?: string;
}

export interface PanelTriplets {
  counts: TripletCounts;
  /** Where P and K came from, in words. */
  source: string;
  /** The loss's mining strategy, when the code names one: its row is marked. */
  mining: 'batch-hard' | 'batch-all' | null;
}

export interface PanelLayer {
  /** 1-based line in the document, to reveal on click; null when the layer is defined in another file. */
  line: number | null;
  name: string;
  type: string;
  params: number | null;
  multAdds: number | null;
  flops: number | null;
  memoryAccessCost: number | null;
  output: string;
  /** On the chosen device: the range's upper end as text (`180 µs`) and in ms (sorting, bars), and the bound. */
  time?: { text: string; upperMs: number; bound: 'memory' | 'compute' } | null;
}

/** The picker's value for no device (an empty value reads as the option's text in the toolkit's dropdown). */
export const NO_DEVICE = 'none';

/** The device the times are on, and the model's range there. */
export interface PanelDevice {
  /** Presets and your devices (layerLens.devices), by name; NO_DEVICE is none. */
  options: { value: string; label: string }[];
  selected: string;
  /** The model's (or the selection's) range, its memory-bound share in %, and the one line saying what a range is. */
  range?: string;
  memoryBoundShare?: number;
  note: string;
  /** Why there is no range (the device has no peak for the dtype; the model is not completely known). */
  problem?: string;
  /** Memory-bound rows a ShuffleNet V2 guideline singles out. */
  guidelineNotes: string[];
}

/** Training memory and FLOPs for the model shown, at the panel's batch and dtype. */
export interface PanelTraining {
  optimizer: string;
  optimizers: string[];
  /** `weights 48.75 MiB`…, formatted by the extension. */
  rows: { label: string; value: string }[];
  flops?: string;
  sixND?: string;
  problem?: string;
}

export interface PanelOtherTool {
  tool: string;
  figure: string;
  printed: string | null;
  differences: string[];
}

/** A budget of the model shown (layer-lens.toml or pyproject.toml), its figures formatted by the extension. */
export interface PanelBudget {
  name: string;
  /** The budget file, relative to the workspace. */
  source: string;
  status: 'ok' | 'over' | 'error';
  /** Why it could not be checked, for `error`. */
  problem?: string;
  checks: { label: string; value: string; limit: string; headroom: string; ok: boolean }[];
}

/** Extension → panel: what the selection costs. */
export interface ViewMessage {
  type: 'view';
  title: string;
  /** What the figures cover: a model's forward, or the layer calls in the selection. */
  scope: 'model' | 'selection' | 'file';
  input: PanelInput;
  totals: PanelTotals;
  layers: PanelLayer[];
  /** ShuffleNet V2's guidelines G1–G4, checked on the same figures (`worst[].line` 0: another file). */
  guidelines: GuidelineCheck[];
  /** The model's budgets, checked (empty when it has none, and for selections). */
  budgets: PanelBudget[];
  /** Triplet combinatorics when the selection sets up a triplet loss (P and K). */
  triplets: PanelTriplets | null;
  device?: PanelDevice;
  /** Models only. */
  training?: PanelTraining;
  otherTools?: PanelOtherTool[];
  /** UI strings, localised by the extension. */
  strings: Record<string, string>;
}

export type ToPanel = ViewMessage | { type: 'empty'; text: string };

export type FromPanel =
  | { type: 'ready' }
  | { type: 'reveal'; line: number }
  | { type: 'triplets'; P: number; K: number; B?: number }
  | { type: 'copy'; format: 'markdown' | 'csv' | 'json' }
  | { type: 'input'; batch: number; shape: string; dtype: string }
  | { type: 'resetInput' }
  /** A device from the picker (NO_DEVICE: none); the extension checks it is one it offered. */
  | { type: 'device'; name: string }
  | { type: 'optimizer'; name: string };

/** Element types the input fields offer. */
export const PANEL_DTYPES = ['float32', 'float16', 'bfloat16', 'float64', 'int64', 'int32', 'int8', 'uint8'].filter((d) => DTYPE_BYTES[d]);

/** A message from the panel, if it is one of ours. */
export function parseFromPanel(m: unknown): FromPanel | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const x = m as Record<string, unknown>;
  const whole = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
  switch (x.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal':
      return whole(x.line) ? { type: 'reveal', line: x.line as number } : undefined;
    case 'triplets':
      return whole(x.P) && whole(x.K) && (x.B === undefined || whole(x.B)) ? { type: 'triplets', P: x.P as number, K: x.K as number, B: x.B as number | undefined } : undefined;
    case 'copy':
      return x.format === 'markdown' || x.format === 'csv' || x.format === 'json' ? { type: 'copy', format: x.format } : undefined;
    case 'input':
      return whole(x.batch) && typeof x.shape === 'string' && x.shape.length <= 200 && typeof x.dtype === 'string' && PANEL_DTYPES.includes(x.dtype)
        ? { type: 'input', batch: x.batch as number, shape: x.shape, dtype: x.dtype }
        : undefined;
    case 'resetInput':
      return { type: 'resetInput' };
    case 'device':
    case 'optimizer':
      return typeof x.name === 'string' && x.name.length <= 40 ? { type: x.type, name: x.name } : undefined;
    default:
      return undefined;
  }
}

function budgetShape(b: Record<string, unknown>): boolean {
  const text = (v: unknown) => typeof v === 'string';
  return typeof b === 'object' && b !== null && text(b.name) && text(b.source) && ['ok', 'over', 'error'].includes(b.status as string)
    && (b.problem === undefined || text(b.problem)) && Array.isArray(b.checks)
    && (b.checks as Record<string, unknown>[]).every((c) => typeof c === 'object' && c !== null && text(c.label) && text(c.value) && text(c.limit) && text(c.headroom) && typeof c.ok === 'boolean');
}

/** A message from the extension, if it has the shape the panel renders (checked field by field). */
export function parseToPanel(m: unknown): ToPanel | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const x = m as Record<string, unknown>;
  if (x.type === 'empty') return typeof x.text === 'string' ? { type: 'empty', text: x.text } : undefined;
  if (x.type !== 'view') return undefined;
  const figure = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
  const input = x.input as Record<string, unknown> | undefined;
  const ok = typeof x.title === 'string' && typeof x.scope === 'string' && typeof x.strings === 'object' && x.strings !== null
    && typeof x.totals === 'object' && x.totals !== null && Object.values(x.totals).every(figure)
    && Array.isArray(x.layers) && (x.layers as Record<string, unknown>[]).every((l) => typeof l === 'object' && l !== null && typeof l.name === 'string' && typeof l.type === 'string' && figure(l.params) && figure(l.multAdds))
    && (x.layers as Record<string, unknown>[]).every((l) => l.time === undefined || l.time === null || (typeof l.time === 'object' && typeof (l.time as Record<string, unknown>).text === 'string' && typeof (l.time as Record<string, unknown>).upperMs === 'number'))
    && (x.device === undefined || (typeof x.device === 'object' && x.device !== null && Array.isArray((x.device as Record<string, unknown>).options) && typeof (x.device as Record<string, unknown>).selected === 'string'))
    && (x.otherTools === undefined || Array.isArray(x.otherTools)) && (x.training === undefined || (typeof x.training === 'object' && x.training !== null && Array.isArray((x.training as Record<string, unknown>).rows)))
    && Array.isArray(x.guidelines) && Array.isArray(x.budgets) && (x.budgets as Record<string, unknown>[]).every(budgetShape) && !!input && typeof input.shape === 'string' && typeof input.dtype === 'string' && typeof input.batch === 'number';
  return ok ? (m as ViewMessage) : undefined;
}
