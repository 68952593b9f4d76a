/**
 * The command-palette calculators' arithmetic: plain numbers in, rows of figures out, every figure from
 * the same catalog as the code analysis. Each throws LayerError (or TripletInputError) with a clear message.
 */
import { layerCost, type LayerCost } from './cost/layerCost';
import { sumCalls } from './values/figures';
import { tripletCounts } from './triplets/combinatorics';
import { LayerError } from './values/spec';
import { exact } from './values/format';

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

/** Layers together: their params and figures added (sumCalls, as a selection of layer lines adds them). */
const sum = (parts: LayerCost[]): CalcRow => {
  const t = sumCalls(parts.map((p) => ({ ...p, paramsTotal: p.params })));
  if (t.params === null || t.multAdds === null || t.flops === null || t.memoryAccessCost === null) throw new LayerError('the figures are too large to count exactly (over 2^53)');
  return { label: '', params: t.params, multAdds: t.multAdds, flops: t.flops, memoryAccessCost: t.memoryAccessCost };
};

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

const conv = (cin: number, cout: number, k: number, input: number[], opts: { groups?: number; bias?: boolean; stride?: number } = {}) =>
  layerCost('Conv2d', { in_channels: cin, out_channels: cout, kernel_size: k, padding: Math.floor(k / 2), groups: opts.groups ?? 1, bias: opts.bias ?? false, stride: opts.stride ?? 1 }, [input]);

function blockRows(title: string, parts: [string, LayerCost][]): CalcRow[] {
  return [...parts.map(([label, c]) => ({ label: `  ${label}`, ...pick(c) })), { ...sum(parts.map(([, c]) => c)), label: title }];
}

/** A ResNeXt block (cardinality × width) against a ResNet bottleneck of the same input and output. */
export function resnextVsResnet(C: number, H: number, cardinality: number, width: number): CalcResult {
  const x = [1, C, H, H];
  const bottleneck = C / 4;
  if (!Number.isInteger(bottleneck)) throw new LayerError(`C (${C}) must be divisible by 4 for a bottleneck`);
  const inner = cardinality * width;
  const r1 = conv(C, bottleneck, 1, x);
  const r2 = conv(bottleneck, bottleneck, 3, r1.outputShape);
  const r3 = conv(bottleneck, C, 1, r2.outputShape);
  const x1 = conv(C, inner, 1, x);
  const x2 = conv(inner, inner, 3, x1.outputShape, { groups: cardinality });
  const x3 = conv(inner, C, 1, x2.outputShape);
  return {
    title: `ResNet bottleneck vs ResNeXt ${cardinality}×${width}d, ${C} channels on ${H}×${H} (convolutions)`,
    rows: [
      ...blockRows('ResNet bottleneck', [[`1×1 ${C}→${bottleneck}`, r1], [`3×3 ${bottleneck}→${bottleneck}`, r2], [`1×1 ${bottleneck}→${C}`, r3]]),
      ...blockRows(`ResNeXt ${cardinality}×${width}d`, [[`1×1 ${C}→${inner}`, x1], [`3×3 ${inner}→${inner}, ${cardinality} groups`, x2], [`1×1 ${inner}→${C}`, x3]]),
    ],
    notes: [`the grouped 3×3 sees ${width} channels per group: ${cardinality} paths of width ${width} for about the cost of one bottleneck`],
  };
}

/** MobileNet V2's inverted residual: expand 1×1, depthwise 3×3, linear 1×1 projection (with BatchNorm). */
export function invertedResidual(cin: number, cout: number, t: number, stride: number, H: number): CalcResult {
  const hidden = cin * t;
  const x = [1, cin, H, H];
  const e = conv(cin, hidden, 1, x);
  const bn1 = layerCost('BatchNorm2d', { num_features: hidden }, [e.outputShape]);
  const d = conv(hidden, hidden, 3, e.outputShape, { groups: hidden, stride });
  const bn2 = layerCost('BatchNorm2d', { num_features: hidden }, [d.outputShape]);
  const p = conv(hidden, cout, 1, d.outputShape);
  const bn3 = layerCost('BatchNorm2d', { num_features: cout }, [p.outputShape]);
  return {
    title: `Inverted residual ${cin}→${cout}, t = ${t}, stride ${stride}, on ${H}×${H}`,
    rows: blockRows('inverted residual', [[`expand 1×1 ${cin}→${hidden}`, e], ['BatchNorm', bn1], [`depthwise 3×3 ${hidden}`, d], ['BatchNorm', bn2], [`project 1×1 ${hidden}→${cout} (linear)`, p], ['BatchNorm', bn3]]),
    notes: [stride === 1 && cin === cout ? 'stride 1 and equal widths: the residual connection applies' : 'no residual connection (stride 2 or the widths differ)'],
  };
}

/** ShuffleNet V2 guideline G1: at equal FLOPs, a 1×1 conv's MAC is lowest when input and output widths are equal. */
export function shuffleG1(H: number, c: number): CalcResult {
  const B = H * H * c * c; // Mult-Adds of a c→c 1×1 conv, kept for every ratio
  const rows: CalcRow[] = [];
  for (const ratio of [1, 2, 6, 12]) {
    // c1·c2 = c², c2 = ratio·c1
    const c1 = Math.round(c / Math.sqrt(ratio));
    const c2 = Math.round(c1 * ratio);
    const r = conv(c1, c2, 1, [1, c1, H, H]);
    rows.push({ label: `1×1 conv ${c1}→${c2} (c1:c2 = 1:${ratio})`, ...pick(r) });
  }
  const bound = 2 * Math.sqrt(H * H * B) + B / (H * H);
  return {
    title: `ShuffleNet V2 G1 on ${H}×${H}: equal channel widths minimise MAC`,
    rows,
    notes: [`MAC = h·w·(c1 + c2) + c1·c2 ≥ 2·√(h·w·B) + B/(h·w) = ${exact(Math.round(bound))} for B = ${exact(B)} Mult-Adds, with equality at c1 = c2`],
  };
}

/** SqueezeNet's Fire module. */
export function fire(cin: number, squeeze: number, e1: number, e3: number, H: number): CalcResult {
  const x = [1, cin, H, H];
  const s = conv(cin, squeeze, 1, x, { bias: true });
  const a = conv(squeeze, e1, 1, s.outputShape, { bias: true });
  const b = conv(squeeze, e3, 3, s.outputShape, { bias: true });
  const relu = (shape: number[]) => layerCost('ReLU', {}, [shape]);
  return {
    title: `Fire(${cin}, squeeze ${squeeze}, expand ${e1} + ${e3}) on ${H}×${H}`,
    rows: blockRows('Fire', [[`squeeze 1×1 ${cin}→${squeeze}`, s], ['ReLU', relu(s.outputShape)], [`expand 1×1 ${squeeze}→${e1}`, a], ['ReLU', relu(a.outputShape)], [`expand 3×3 ${squeeze}→${e3}`, b], ['ReLU', relu(b.outputShape)]]),
    notes: [`output ${e1 + e3} channels; a 3×3 conv ${cin}→${e1 + e3} would take ${exact(conv(cin, e1 + e3, 3, x, { bias: true }).params)} params`],
  };
}

/** A squeeze-and-excitation block: pool, FC C→C/r, ReLU, FC C/r→C, sigmoid. */
export function seBlock(C: number, r: number, H: number): CalcResult {
  if (C % r !== 0) throw new LayerError(`C (${C}) must be divisible by r (${r})`);
  const pool = layerCost('AdaptiveAvgPool2d', { output_size: 1 }, [[1, C, H, H]]);
  const fc1 = layerCost('Linear', { in_features: C, out_features: C / r }, [[1, C]]);
  const relu = layerCost('ReLU', {}, [[1, C / r]]);
  const fc2 = layerCost('Linear', { in_features: C / r, out_features: C }, [[1, C / r]]);
  const gate = layerCost('Sigmoid', {}, [[1, C]]);
  return {
    title: `SE block, C = ${C}, r = ${r}, on ${H}×${H}`,
    rows: blockRows('SE block', [['global average pool', pool], [`FC ${C}→${C / r}`, fc1], ['ReLU', relu], [`FC ${C / r}→${C}`, fc2], ['sigmoid', gate]]),
    notes: [`params 2·C²/r + C + C/r = ${exact(2 * C * C / r + C + C / r)}; the channel-wise rescale is ${exact(C * H * H)} element-wise multiplies`],
  };
}

/** Which axes each normalization averages over, and how many statistics it keeps, for an N×C×H×W input. */
export function normalizationStats(N: number, C: number, H: number, W: number, G: number): CalcResult {
  if (C % G !== 0) throw new LayerError(`C (${C}) must be divisible by the number of groups (${G})`);
  const rows: CalcRow[] = [
    { label: 'BatchNorm: over N, H, W; per channel', value: `${C} means + ${C} variances, each over ${N * H * W} values` },
    { label: 'LayerNorm: over C, H, W; per sample', value: `${N} means + ${N} variances, each over ${C * H * W} values` },
    { label: 'InstanceNorm: over H, W; per sample and channel', value: `${N * C} means + ${N * C} variances, each over ${H * W} values` },
    { label: `GroupNorm (${G} groups): over C/G, H, W; per sample and group`, value: `${N * G} means + ${N * G} variances, each over ${(C / G) * H * W} values` },
  ];
  return { title: `Normalization statistics for ${N}×${C}×${H}×${W}`, rows, notes: ['BatchNorm alone depends on the batch; with N = 1 and H·W = 1 it has one value per statistic'] };
}

/** Focal loss against cross-entropy for one prediction with true-class probability p. */
export function focalVsCrossEntropy(p: number, alpha: number, gamma: number): CalcResult {
  if (!(p > 0 && p < 1)) throw new LayerError(`p must be between 0 and 1 (exclusive), got ${p}`);
  if (!(alpha >= 0 && alpha <= 1) || !(gamma >= 0)) throw new LayerError('α must be in [0, 1] and γ ≥ 0');
  const ce = -Math.log(p);
  const fl = alpha * (1 - p) ** gamma * ce;
  return {
    title: `Focal loss (α = ${alpha}, γ = ${gamma}) vs cross-entropy at p_t = ${p}`,
    rows: [
      { label: 'cross-entropy  −log(p_t)', value: ce.toFixed(6) },
      { label: 'focal loss  −α_t·(1 − p_t)^γ·log(p_t)', value: fl.toFixed(6) },
      { label: 'focal / cross-entropy', value: (fl / ce).toFixed(6) },
    ],
    notes: ['well-classified examples (p_t near 1) are down-weighted by (1 − p_t)^γ: easy negatives stop dominating the loss'],
  };
}

/** IoU and IoG of two boxes (x1, y1, x2, y2), and the repulsion loss's smooth-ln of the IoG. */
export function boxOverlap(a: number[], g: number[], sigma: number): CalcResult {
  for (const [name, b] of [['box', a], ['ground truth', g]] as const) {
    if (b.length !== 4 || b.some((v) => !Number.isFinite(v)) || b[2] <= b[0] || b[3] <= b[1]) throw new LayerError(`${name} must be x1, y1, x2, y2 with x2 > x1 and y2 > y1`);
  }
  if (!(sigma >= 0 && sigma < 1)) throw new LayerError(`σ must be in [0, 1), got ${sigma}`);
  const area = (b: number[]) => (b[2] - b[0]) * (b[3] - b[1]);
  const iw = Math.max(0, Math.min(a[2], g[2]) - Math.max(a[0], g[0]));
  const ih = Math.max(0, Math.min(a[3], g[3]) - Math.max(a[1], g[1]));
  const inter = iw * ih;
  const iou = inter / (area(a) + area(g) - inter);
  const iog = inter / area(g);
  const smoothLn = iog <= sigma ? -Math.log(1 - iog) : (iog - sigma) / (1 - sigma) - Math.log(1 - sigma);
  return {
    title: `Box ${a.join(', ')} against ground truth ${g.join(', ')}`,
    rows: [
      { label: 'intersection', value: inter },
      { label: 'IoU = ∩ / ∪', value: iou.toFixed(6) },
      { label: 'IoG = ∩ / area(G)', value: iog.toFixed(6) },
      { label: `Smooth_ln(IoG), σ = ${sigma}`, value: smoothLn.toFixed(6) },
    ],
    notes: ['repulsion loss (RepGT) penalises overlap with the non-target ground truth through Smooth_ln(IoG)'],
  };
}
