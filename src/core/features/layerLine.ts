/**
 * A line that builds several layers (`nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))`): what
 * its lens and hover show, for every layer written on it, in the order written. Containers hold layers and are
 * left out (their figures are their members'). Editor-neutral data: the extension only formats it.
 */
import { sumCalls } from '../values/figures';
import type { CallResult, Figures } from '../results';

export interface LayerLine extends Figures {
  /** 1-based. */
  line: number;
  /** The layers written on the line, in the order written. */
  layers: CallResult[];
  /** Each type once, with how many of it the line writes: `2 Linear + GELU`. */
  label: string;
  /** The number of calls every layer of the line shares (`×4`: four blocks call them), or null when they differ. */
  callCount: number | null;
  /** Params of every instance of every layer on the line (null when one is not known). */
  params: number | null;
}

/** The layers of `calls` written on `line` (1-based), summed; undefined when the line builds none. */
export function layerLine(calls: readonly CallResult[], line: number): LayerLine | undefined {
  const layers = calls.filter((c) => c.line === line && c.category !== 'container').sort((a, b) => a.span.from - b.span.from);
  if (!layers.length) return undefined;
  const counts = new Map<string, number>();
  for (const c of layers) counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
  const label = [...counts].map(([type, n]) => (n > 1 ? `${n} ${type}` : type)).join(' + ');
  const shared = layers.every((c) => c.callCount === layers[0].callCount) ? layers[0].callCount : null;
  return { line, layers, label, callCount: shared, ...sumCalls(layers) };
}

/** Every line of `calls` that builds a layer, once, in file order: a layer line's lens each. */
export function layerLines(calls: readonly CallResult[]): LayerLine[] {
  const lines = [...new Set(calls.filter((c) => c.category !== 'container').map((c) => c.line))].sort((a, b) => a - b);
  return lines.map((l) => layerLine(calls, l)!);
}
