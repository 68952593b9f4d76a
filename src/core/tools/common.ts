/**
 * What the other-tools rules share (./otherTools.ts): the row a rule reads, what it returns, the tools' own
 * number printing, and helpers on shapes.
 */
import { numel as shapeNumel } from '../catalog/torch/shapes';
import type { FunctionalRow, ModelLayer, ModelResult } from '../results';

export interface OtherToolFigure {
  tool: string;
  /** What the tool calls its figure, and what one unit of it is. */
  figure: string;
  value: number | null;
  /** The number as the tool prints it (`4.13 GMac`), when known. */
  printed: string | null;
  /** One line per kind of difference from Layer Lens's Mult-Adds, largest first; or why the figure is not known. */
  differences: string[];
}

/** A row as the rules read it: a layer call or a functional operation. */
export type Row = { layer: ModelLayer; op?: undefined } | { op: FunctionalRow; layer?: undefined };

/**
 * What a tool counts for one row: an amount and, when it differs from Layer Lens's Mult-Adds, why (a `note` is said
 * even when the amount is the same: a caveat of the tool's); or unknown.
 */
export type Count = { value: number; why?: string; note?: string } | { unknown: string };

export interface Tool {
  tool: string;
  figure: string;
  frameworks: ModelResult['framework'][];
  count(r: Row, m: ModelResult): Count;
  /** The tool's own rendering of its total. */
  print(n: number): string;
  /** A difference that is not per row (the unit). */
  scale?: { factor: number; why: string };
}

export const numel = (s: number[] | undefined) => (s ? shapeNumel(s) : 0);
export const out = (l: ModelLayer) => numel(l.outputShape);
export const inp = (l: ModelLayer) => numel(l.inputShape);

/** Bias elements a conv or Linear adds per call (its output elements), 0 without a bias. */
export function biasElements(l: ModelLayer): number {
  if (l.category === 'conv' || l.category === 'convtranspose') {
    const transposed = l.category === 'convtranspose';
    const inC = l.inputShape[1];
    const outC = l.outputShape[1];
    if (!l.kernel || !l.groups) return 0;
    const weight = (transposed ? inC * (outC / l.groups) : outC * (inC / l.groups)) * numel(l.kernel);
    return l.params > weight ? out(l) : 0;
  }
  if (l.type === 'Linear') {
    const weight = l.inputShape[l.inputShape.length - 1] * l.outputShape[l.outputShape.length - 1];
    return l.params > weight ? out(l) : 0;
  }
  return 0;
}

export const same = (m: number): Count => ({ value: m });
/** Tools that hook modules only (thop, torchinfo): a functional operation counts 0, said when it does compute. */
export const notHooked = (op: FunctionalRow): Count => ({ value: 0, why: op.multAdds ? `${op.op}: functional operations are not counted` : undefined });
export const unknown = (why: string): Count => ({ unknown: why });
export const CONVS = new Set(['Conv1d', 'Conv2d', 'Conv3d']);
export const CONV_TS = new Set(['ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d']);
export const BATCH_NORMS = new Set(['BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d']);
export const INSTANCE_NORMS = new Set(['InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d']);
export const RNNS = new Set(['RNN', 'LSTM', 'GRU']);
export const GATES: Record<string, number> = { RNN: 1, LSTM: 4, GRU: 3 };
export const MATMULS = new Set(['matmul', '@', 'mm', 'bmm', 'einsum']);

/** `4.13 GMac`, `320.3 MMac`: ptflops's flops_to_string, two decimals, units chosen by size. */
export function ptflopsPrint(n: number): string {
  const units: [number, string][] = [[1e9, 'GMac'], [1e6, 'MMac'], [1e3, 'KMac']];
  for (const [d, u] of units) if (n >= d) return `${(n / d).toFixed(2).replace(/\.?0+$/, '')} ${u}`;
  return `${n} Mac`;
}

/** fvcore's `_format_size`: three decimals and K/M/G/T. */
export function fvcorePrint(n: number): string {
  for (const [d, u] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']] as const) if (Math.abs(n) >= d) return `${(n / d).toFixed(3)}${u}`;
  return String(n);
}

/** torchinfo: `Total mult-adds (G): 4.09`. */
export function torchinfoPrint(n: number): string {
  for (const [d, u] of [[1e12, 'T'], [1e9, 'G']] as const) if (n >= d) return `Total mult-adds (${u}): ${(n / d).toFixed(2)}`;
  return `Total mult-adds (M): ${(n / 1e6).toFixed(2)}`;
}

/** thop returns a float; its clever_format("%.3f") gives `4.134G`. */
export function thopPrint(n: number): string {
  for (const [d, u] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']] as const) if (n >= d) return `${(n / d).toFixed(3)}${u}`;
  return `${n.toFixed(3)}B`;
}

/**
 * FlopCounterMode's table: a suffix from the digit count, (digits − 2) ÷ 3 of K, M, B, T (some versions use − 3),
 * three decimals: 8,178,368,512 is `8178.369M`.
 */
export function flopCounterPrint(n: number): string {
  const suffixes = ['', 'K', 'M', 'B', 'T'];
  const i = Math.max(0, Math.min(suffixes.length - 1, Math.floor((String(Math.round(n)).length - 2) / 3)));
  return `${(n / 1000 ** i).toFixed(3)}${suffixes[i]}`;
}
