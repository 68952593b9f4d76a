/**
 * ShuffleNet V2's four practical guidelines (Ma et al., 2018, section 2), checked with the model's own
 * numbers. Each check says what it measured, which layers weigh most, and whether the model goes against
 * the guideline by more than a documented threshold (docs/conventions.md, "Guideline checks").
 */
import type { Figures } from './values/figures';
import type { CallResult, GuidelineCheck, ModelResult } from './results';
import { exact } from './values/format';

export type { GuidelineCheck };

/** One executed operation, whatever produced it: a model layer, a functional op, or a call site. */
export interface GuidelineOp {
  name: string;
  line: number;
  /** The file `line` is in, when it may not be the one analysed. */
  file?: string;
  category: string;
  kernel?: number[];
  groups?: number;
  inputShape: number[];
  outputShape: number[];
  multAdds: number;
  flops: number;
  otherOps: number;
  memoryAccessCost: number;
  /** The building block it runs in (G3); undefined outside any block. */
  block?: string;
  /** Functional operations (F.relu, +, cat) rather than layers. */
  functional?: boolean;
}

/** Thresholds, in one place so that docs/conventions.md can quote them. */
export const GUIDELINE_THRESHOLDS = {
  /** G1: 1×1 convs may spend at most this share of their MAC above the equal-width bound. */
  g1ExcessShare: 0.1,
  /** G3: mean conv and pooling operators per building block. */
  g3MeanFragments: 4,
  /** G4: element-wise operators' share of the MAC. */
  g4MacShare: 0.25,
};

const numel = (s: number[]) => s.reduce((a, b) => a * b, 1);
const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
const big = (x: number) => exact(Math.round(x));
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function checkGuidelines(ops: GuidelineOp[]): GuidelineCheck[] {
  return [g1(ops), g2(ops), g3(ops), g4(ops)];
}

/**
 * G1, equal channel width minimizes MAC: for a 1×1 conv over h·w positions with c1 inputs and c2 outputs,
 * MAC = hw(c1+c2) + c1c2 ≥ 2·hw·√(c1c2) + c1c2 at the same FLOPs, with equality when c1 = c2.
 */
function g1(ops: GuidelineOp[]): GuidelineCheck {
  const rows: { op: GuidelineOp; mac: number; bound: number; c1: number; c2: number }[] = [];
  for (const op of ops) {
    if (op.category !== 'conv' || op.groups !== 1 || !op.kernel?.every((k) => k === 1)) continue;
    if (op.inputShape.length < 3 || op.outputShape.length !== op.inputShape.length) continue;
    const hw = numel(op.outputShape) / op.outputShape[1];
    if (numel(op.inputShape) / op.inputShape[1] !== hw) continue; // strided 1×1: the bound assumes one hw
    const [c1, c2] = [op.inputShape[1], op.outputShape[1]];
    rows.push({ op, c1, c2, mac: hw * (c1 + c2) + c1 * c2, bound: 2 * hw * Math.sqrt(c1 * c2) + c1 * c2 });
  }
  const base = { id: 'G1' as const, title: 'Equal channel width minimizes MAC' };
  if (rows.length === 0) return { ...base, status: 'none', summary: 'No 1×1 convolutions to check.', figures: { convs: 0 }, worst: [] };
  const mac = rows.reduce((a, r) => a + r.mac, 0);
  const excess = rows.reduce((a, r) => a + (r.mac - r.bound), 0);
  const share = excess / mac;
  const worst = rows.sort((a, b) => b.mac / b.bound - a.mac / a.bound).slice(0, 3)
    .map((r) => ({ name: r.op.name, line: r.op.line, file: r.op.file, detail: `${r.c1} → ${r.c2} channels (1:${ratio(r.c2 / r.c1)}), MAC ${pct(r.mac / r.bound - 1)} above the bound` }));
  return {
    ...base, status: share > GUIDELINE_THRESHOLDS.g1ExcessShare ? 'warn' : 'ok', worst,
    summary: `${count(rows.length, '1×1 conv')} spend${rows.length === 1 ? 's' : ''} ${big(excess)} MAC (${pct(share)} of ${rows.length === 1 ? 'its' : 'theirs'}) above what equal input and output widths would at the same FLOPs.`,
    figures: { convs: rows.length, memoryAccessCost: mac, bound: Math.round(mac - excess), excess: Math.round(excess), excessShare: share },
  };
}

function ratio(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

/**
 * G2, excessive group convolution increases MAC: at equal FLOPs B, MAC = hw·c1 + B·g/c1 + B/hw grows with g.
 * Against a dense conv with the same FLOPs (c2/g outputs), a grouped conv writes hw·c2·(1 − 1/g) more.
 * Depthwise convs (g = c1) are counted apart: they are how MobileNet and ShuffleNet stay cheap.
 */
function g2(ops: GuidelineOp[]): GuidelineCheck {
  const base = { id: 'G2' as const, title: 'Excessive group convolution increases MAC' };
  const grouped: { op: GuidelineOp; extra: number; g: number }[] = [];
  let depthwise = 0;
  for (const op of ops) {
    if (op.category !== 'conv' || !op.groups || op.groups <= 1 || op.inputShape.length < 3) continue;
    if (op.groups === op.inputShape[1]) {
      depthwise++;
      continue;
    }
    grouped.push({ op, g: op.groups, extra: numel(op.outputShape) * (1 - 1 / op.groups) });
  }
  const total = ops.reduce((a, o) => a + o.memoryAccessCost, 0);
  const extra = grouped.reduce((a, r) => a + r.extra, 0);
  const dw = depthwise ? ` ${count(depthwise, 'depthwise conv')} ${depthwise === 1 ? 'is' : 'are'} not counted (one filter per channel is the cheap case).` : '';
  if (grouped.length === 0) {
    return { ...base, status: depthwise ? 'ok' : 'none', summary: `No grouped convolutions besides depthwise ones.${dw}`, figures: { groupedConvs: 0, depthwiseConvs: depthwise, extra: 0 }, worst: [] };
  }
  const worst = grouped.sort((a, b) => b.extra - a.extra).slice(0, 3)
    .map((r) => ({ name: r.op.name, line: r.op.line, file: r.op.file, detail: `${r.g} groups: ${big(r.extra)} MAC more than a dense conv with the same FLOPs` }));
  return {
    ...base, status: 'warn', worst,
    summary: `${count(grouped.length, 'grouped conv')} cost${grouped.length === 1 ? 's' : ''} ${big(extra)} MAC (${pct(total ? extra / total : 0)} of all MAC) more than dense convs with the same FLOPs.${dw}`,
    figures: { groupedConvs: grouped.length, depthwiseConvs: depthwise, extra: Math.round(extra), extraShare: total ? extra / total : 0 },
  };
}

/**
 * G3, network fragmentation reduces parallelism: the paper counts the individual conv and pooling operators
 * in one building block. Four in parallel ran slowest of its variants.
 */
function g3(ops: GuidelineOp[]): GuidelineCheck {
  const base = { id: 'G3' as const, title: 'Network fragmentation reduces parallelism' };
  const fragments = ops.filter((o) => !o.functional && (o.category === 'conv' || o.category === 'pool'));
  const perBlock = new Map<string, { count: number; line: number; file?: string }>();
  for (const o of fragments) {
    if (o.block === undefined) continue;
    const b = perBlock.get(o.block) ?? { count: 0, line: o.line, file: o.file };
    b.count++;
    perBlock.set(o.block, b);
  }
  if (perBlock.size === 0) {
    return { ...base, status: fragments.length ? 'ok' : 'none', summary: `${count(fragments.length, 'conv or pooling operator')}, not grouped in building blocks.`, figures: { operators: fragments.length, blocks: 0 }, worst: [] };
  }
  const counts = [...perBlock.values()].map((b) => b.count);
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  const max = Math.max(...counts);
  const worst = [...perBlock].sort((a, b) => b[1].count - a[1].count).slice(0, 3).map(([name, b]) => ({ name, line: b.line, file: b.file, detail: `${b.count} conv and pooling operators` }));
  return {
    ...base, status: mean > GUIDELINE_THRESHOLDS.g3MeanFragments ? 'warn' : 'ok', worst,
    summary: perBlock.size === 1
      ? `1 building block runs ${max} conv and pooling operators.`
      : `${perBlock.size} building blocks run ${mean.toFixed(1)} conv and pooling operators each on average, at most ${max}.`,
    figures: { operators: fragments.length, blocks: perBlock.size, meanPerBlock: mean, maxPerBlock: max },
  };
}

/**
 * G4, element-wise operations are non-negligible: ReLU, additions and the like do few FLOPs but read and
 * write whole tensors. An operator is element-wise when it does no multiply-adds and its output is as large
 * as its largest input (so reductions, pooling and copies are not).
 */
function g4(ops: GuidelineOp[]): GuidelineCheck {
  const base = { id: 'G4' as const, title: 'Element-wise operations are non-negligible' };
  const elementwise = ops.filter((o) => (o.category === 'activation' || o.functional) && o.multAdds === 0 && o.otherOps > 0
    && numel(o.outputShape) >= numel(o.inputShape));
  const totalMac = ops.reduce((a, o) => a + o.memoryAccessCost, 0);
  const totalOps = ops.reduce((a, o) => a + o.flops + o.otherOps, 0);
  if (elementwise.length === 0 || totalMac === 0) return { ...base, status: 'none', summary: 'No element-wise operations.', figures: { operators: 0 }, worst: [] };
  const mac = elementwise.reduce((a, o) => a + o.memoryAccessCost, 0);
  const work = elementwise.reduce((a, o) => a + o.otherOps, 0);
  const byKind = new Map<string, { mac: number; count: number; line: number; file?: string }>();
  for (const o of elementwise) {
    const key = o.name.split(' · ').pop()!; // the layer type, or the functional op
    const k = byKind.get(key) ?? { mac: 0, count: 0, line: o.line, file: o.file };
    k.mac += o.memoryAccessCost;
    k.count++;
    byKind.set(key, k);
  }
  const worst = [...byKind].sort((a, b) => b[1].mac - a[1].mac).slice(0, 3).map(([name, k]) => ({ name, line: k.line, file: k.file, detail: `${k.count}× · ${big(k.mac)} MAC (${pct(k.mac / totalMac)})` }));
  const macShare = mac / totalMac;
  const opShare = totalOps ? work / totalOps : 0;
  return {
    ...base, status: macShare > GUIDELINE_THRESHOLDS.g4MacShare ? 'warn' : 'ok', worst,
    summary: `${count(elementwise.length, 'element-wise operation')} make${elementwise.length === 1 ? 's' : ''} ${pct(macShare)} of the MAC for ${pct(opShare)} of the FLOPs and other ops.`,
    figures: { operators: elementwise.length, memoryAccessCost: mac, macShare, opShare },
  };
}

const CONTAINERS = new Set(['Sequential', 'ModuleList', 'ModuleDict']);

/**
 * A model's layers and functional operations. A layer's building block is its innermost enclosing module
 * (not the model itself, not a bare Sequential or ModuleList) that runs at least two conv or pooling
 * operators: a Bottleneck, an Inception, an InvertedResidual, rather than a branch inside one or the
 * Conv-BN-ReLU wrapper around a single conv.
 */
export function opsFromModel(m: ModelResult): GuidelineOp[] {
  const types = new Map<string, string>();
  const visit = (n: NonNullable<ModelResult['tree']>) => {
    types.set(n.path, n.type);
    n.children.forEach(visit);
  };
  if (m.tree) visit(m.tree);
  const fragments = new Map<string, number>();
  for (const l of m.layers) {
    if (l.category !== 'conv' && l.category !== 'pool') continue;
    const parts = l.path.split('.');
    for (let i = 1; i < parts.length; i++) {
      const p = parts.slice(0, i).join('.');
      fragments.set(p, (fragments.get(p) ?? 0) + 1);
    }
  }
  const blockOf = (path: string): string | undefined => {
    const parts = path.split('.');
    for (let i = parts.length - 1; i >= 1; i--) {
      const p = parts.slice(0, i).join('.');
      if ((fragments.get(p) ?? 0) >= 2 && !CONTAINERS.has(types.get(p) ?? '')) return p;
    }
    return undefined;
  };
  // A row past 2^53 (no figure) cannot be weighed against the others: left out.
  const known = <T extends Figures>(r: T): r is T & { [K in keyof Figures]: number } =>
    r.multAdds !== null && r.flops !== null && r.otherOps !== null && r.memoryAccessCost !== null;
  const layers: GuidelineOp[] = m.layers.filter(known).map((l) => ({
    name: `${l.path} · ${l.type}`, line: l.line, file: l.file, category: l.category, kernel: l.kernel, groups: l.groups,
    inputShape: l.inputShape, outputShape: l.outputShape, multAdds: l.multAdds, flops: l.flops, otherOps: l.otherOps, memoryAccessCost: l.memoryAccessCost, block: blockOf(l.path),
  }));
  const functional: GuidelineOp[] = m.functional.filter(known).map((f) => ({
    name: f.op, line: f.line, file: f.file, category: 'functional', functional: true,
    inputShape: f.inputShapes.reduce((a, s) => (numel(s) > numel(a) ? s : a), [] as number[]),
    outputShape: f.outputShape, multAdds: f.multAdds, flops: f.flops, otherOps: f.otherOps, memoryAccessCost: f.memoryAccessCost,
  }));
  return [...layers, ...functional];
}

/** Call sites with known figures (a selection, a file without a model): no blocks, no functional ops. */
export function opsFromCalls(calls: CallResult[]): GuidelineOp[] {
  const out: GuidelineOp[] = [];
  for (const c of calls) {
    if (!c.inputShape || !c.outputShape || c.multAdds === null || c.flops === null || c.otherOps === null || c.memoryAccessCost === null) continue;
    out.push({
      name: `line ${c.line} · ${c.type}`, line: c.line, category: c.category, kernel: c.kernel, groups: c.groups,
      inputShape: c.inputShape, outputShape: c.outputShape, multAdds: c.multAdds, flops: c.flops, otherOps: c.otherOps, memoryAccessCost: c.memoryAccessCost,
    });
  }
  return out;
}
