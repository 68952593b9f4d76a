/**
 * The command-palette calculators' arithmetic: plain numbers in, rows of figures out, every figure from
 * the same catalog as the code analysis. Each throws LayerError (or TripletInputError) with a clear message.
 */
import { layerCost, type LayerCost } from './cost/layerCost';
import { tripletCounts } from './triplets/combinatorics';

export interface CalcRow {
  label: string;
  params?: number;
  multAdds?: number;
  flops?: number;
  memoryAccessCost?: number;
  value?: number | string;
}

export interface CalcResult {
  title: string;
  rows: CalcRow[];
  /** One-line conclusions, e.g. the depthwise saving. */
  notes: string[];
}

const sum = (parts: LayerCost[]): CalcRow => ({
  label: '',
  params: parts.reduce((a, p) => a + p.params, 0),
  multAdds: parts.reduce((a, p) => a + p.multAdds, 0),
  flops: parts.reduce((a, p) => a + p.flops, 0),
  memoryAccessCost: parts.reduce((a, p) => a + p.memoryAccessCost, 0),
});

/** Standard, depthwise-separable and grouped convolution of M → N channels on D_F×D_F, side by side. */
export function convolutions(M: number, N: number, DK: number, DF: number, groups: number): CalcResult {
  const input = [[1, M, DF, DF]];
  const pad = Math.floor(DK / 2);
  const standard = layerCost('Conv2d', { in_channels: M, out_channels: N, kernel_size: DK, padding: pad, bias: false }, input);
  const dw = layerCost('Conv2d', { in_channels: M, out_channels: M, kernel_size: DK, padding: pad, groups: M, bias: false }, input);
  const pw = layerCost('Conv2d', { in_channels: M, out_channels: N, kernel_size: 1, bias: false }, [dw.outputShape]);
  const grouped = layerCost('Conv2d', { in_channels: M, out_channels: N, kernel_size: DK, padding: pad, groups, bias: false }, input);
  const sep = { ...sum([dw, pw]), label: `depthwise ${DK}×${DK} + pointwise 1×1` };
  return {
    title: `Convolution ${M} → ${N}, ${DK}×${DK}, on ${DF}×${DF}`,
    rows: [
      { label: `standard ${DK}×${DK}`, ...pick(standard) },
      sep,
      { label: `grouped ${DK}×${DK}, ${groups} groups`, ...pick(grouped) },
    ],
    notes: [
      `depthwise separable / standard Mult-Adds = ${ratio(sep.multAdds!, standard.multAdds)} = 1/N + 1/D_K² = 1/${N} + 1/${DK * DK}`,
      `grouped / standard Mult-Adds = 1/${groups}`,
    ],
  };
}

/** LSTM or GRU params and Mult-Adds over a sequence. */
export function recurrent(mode: 'LSTM' | 'GRU', inputSize: number, hidden: number, layers: number, bidirectional: boolean, seqLen: number): CalcResult {
  const r = layerCost(mode, { input_size: inputSize, hidden_size: hidden, num_layers: layers, bidirectional }, [[seqLen, 1, inputSize]]);
  return {
    title: `${mode}(${inputSize}, ${hidden}${layers > 1 ? `, num_layers=${layers}` : ''}${bidirectional ? ', bidirectional' : ''}) over ${seqLen} steps`,
    rows: [{ label: mode, ...pick(r) }],
    notes: [`PyTorch keeps two bias vectors per gate set (b_ih and b_hh); Keras keeps one for LSTM`],
  };
}

/** Triplet combinatorics for a P×K batch and B sampled triplets. */
export function triplets(P: number, K: number, B?: number): CalcResult {
  const t = tripletCounts(P, K, B);
  const rows: CalcRow[] = [
    { label: 'batch-hard triplets (P·K)', value: t.batchHard ?? 'over 2^53' },
    { label: 'batch-all triplets (P·K·(K−1)·(P·K−K))', value: t.batchAll ?? 'over 2^53' },
    { label: 'positive pairs', value: t.positivePairs ?? 'over 2^53' },
    { label: 'negative pairs', value: t.negativePairs ?? 'over 2^53' },
    { label: 'distance matrix entries', value: t.distanceMatrix ?? 'over 2^53' },
  ];
  if (t.sampled) rows.push({ label: `${t.sampled.B} sampled triplets: 6B²−4B`, value: t.sampled.possibleTriplets ?? 'over 2^53' });
  return { title: `Triplets: P = ${P} identities × K = ${K} images`, rows, notes: [] };
}

function pick(c: LayerCost): Omit<CalcRow, 'label'> {
  return { params: c.params, multAdds: c.multAdds, flops: c.flops, memoryAccessCost: c.memoryAccessCost };
}

function ratio(a: number, b: number): string {
  return (a / b).toFixed(4);
}
