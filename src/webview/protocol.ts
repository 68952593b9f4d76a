/**
 * Messages between the extension host and the cost side panel: one typed union each way, imported by both
 * sides (type-only), and checked on arrival.
 */
import type { TripletCounts } from '../core/triplets/combinatorics';

export interface PanelTotals {
  params: number | null;
  multAdds: number | null;
  flops: number | null;
  memoryAccessCost: number | null;
}

export interface PanelLayer {
  /** 1-based line in the document, to reveal on click. */
  line: number;
  name: string;
  type: string;
  params: number | null;
  multAdds: number | null;
  flops: number | null;
  memoryAccessCost: number | null;
  output: string;
}

/** Extension → panel: what the selection costs. */
export interface ViewMessage {
  type: 'view';
  title: string;
  /** What the figures cover: a model's forward, or the layer calls in the selection. */
  scope: 'model' | 'selection' | 'file';
  input: string | null;
  totals: PanelTotals;
  layers: PanelLayer[];
  /** Triplet combinatorics when the selection sets up a triplet loss (P and K). */
  triplets: TripletCounts | null;
  /** UI strings, localised by the extension. */
  strings: Record<string, string>;
}

export type ToPanel = ViewMessage | { type: 'empty'; text: string };

export type FromPanel =
  | { type: 'ready' }
  | { type: 'reveal'; line: number }
  | { type: 'triplets'; P: number; K: number; B?: number }
  | { type: 'copy'; format: 'markdown' | 'csv' | 'json' };

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
    default:
      return undefined;
  }
}
