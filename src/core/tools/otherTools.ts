/**
 * What other counters would print for a model, and why (issue 19). Each tool's documented rules, read from its own
 * source (docs/other-tools.md names the files and versions), applied to the same rows Layer Lens computed: every
 * layer call and functional operation, with its shapes. A row a tool counts differently from Layer Lens's
 * Mult-Adds gives a difference, and differences of one kind are summed into one line. A construct whose
 * treatment by a tool depends on things Layer Lens does not know (a torch version's fast path) makes that tool's
 * figure null, with the reason: never a plausible guess.
 */
import { exact } from '../cost/format';
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
type Row = { layer: ModelLayer; op?: undefined } | { op: FunctionalRow; layer?: undefined };

/**
 * What a tool counts for one row: an amount and, when it differs from Layer Lens's Mult-Adds, why (a `note` is said
 * even when the amount is the same: a caveat of the tool's); or unknown.
 */
type Count = { value: number; why?: string; note?: string } | { unknown: string };

interface Tool {
  tool: string;
  figure: string;
  frameworks: ModelResult['framework'][];
  count(r: Row, m: ModelResult): Count;
  /** The tool's own rendering of its total. */
  print(n: number): string;
  /** A difference that is not per row (the unit). */
  scale?: { factor: number; why: string };
}

const numel = (s: number[] | undefined) => (s ? s.reduce((a, d) => a * d, 1) : 0);
const out = (l: ModelLayer) => numel(l.outputShape);
const inp = (l: ModelLayer) => numel(l.inputShape);

/** Bias elements a conv or Linear adds per call (its output elements), 0 without a bias. */
function biasElements(l: ModelLayer): number {
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

const same = (m: number): Count => ({ value: m });
const unknown = (why: string): Count => ({ unknown: why });
const CONVS = new Set(['Conv1d', 'Conv2d', 'Conv3d']);
const CONV_TS = new Set(['ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d']);
const BATCH_NORMS = new Set(['BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d']);
const INSTANCE_NORMS = new Set(['InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d']);
const RNNS = new Set(['RNN', 'LSTM', 'GRU']);
const GATES: Record<string, number> = { RNN: 1, LSTM: 4, GRU: 3 };
const MATMULS = new Set(['matmul', '@', 'mm', 'bmm', 'einsum']);

/** `4.13 GMac`, `320.3 MMac`: ptflops's flops_to_string, two decimals, units chosen by size. */
function ptflopsPrint(n: number): string {
  const units: [number, string][] = [[1e9, 'GMac'], [1e6, 'MMac'], [1e3, 'KMac']];
  for (const [d, u] of units) if (n >= d) return `${(n / d).toFixed(2).replace(/\.?0+$/, '')} ${u}`;
  return `${n} Mac`;
}

/** fvcore's `_format_size`: three decimals and K/M/G/T. */
function fvcorePrint(n: number): string {
  for (const [d, u] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']] as const) if (Math.abs(n) >= d) return `${(n / d).toFixed(3)}${u}`;
  return String(n);
}

/** torchinfo: `Total mult-adds (G): 4.09`. */
function torchinfoPrint(n: number): string {
  for (const [d, u] of [[1e12, 'T'], [1e9, 'G']] as const) if (n >= d) return `Total mult-adds (${u}): ${(n / d).toFixed(2)}`;
  return `Total mult-adds (M): ${(n / 1e6).toFixed(2)}`;
}

/** thop returns a float; its clever_format("%.3f") gives `4.134G`. */
function thopPrint(n: number): string {
  for (const [d, u] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']] as const) if (n >= d) return `${(n / d).toFixed(3)}${u}`;
  return `${n.toFixed(3)}B`;
}

/**
 * FlopCounterMode's table: a suffix from the digit count, (digits − 2) ÷ 3 of K, M, B, T (some versions use − 3),
 * three decimals: 8,178,368,512 is `8178.369M`.
 */
function flopCounterPrint(n: number): string {
  const suffixes = ['', 'K', 'M', 'B', 'T'];
  const i = Math.max(0, Math.min(suffixes.length - 1, Math.floor((String(Math.round(n)).length - 2) / 3)));
  return `${(n / 1000 ** i).toFixed(3)}${suffixes[i]}`;
}

// ------------------------------------------------------------------ fvcore (0.1.5, model in eval mode)

const fvcore: Tool = {
  tool: 'fvcore', figure: '"flops": one multiply-add counts as one', frameworks: ['torch'], print: fvcorePrint,
  count(r) {
    if (r.op) {
      const o = r.op;
      if (MATMULS.has(o.op) || o.op === 'F.linear' || o.op.startsWith('F.conv')) return same(o.multAdds ?? 0);
      if (o.op === 'F.scaled_dot_product_attention') return { value: 0, why: 'scaled_dot_product_attention: unsupported, counted 0 (a warning)' };
      if (o.op === 'F.adaptive_avg_pool2d') return { value: numel(o.inputShapes[0]), why: 'adaptive average pooling: 1 per input element' };
      if (o.op === 'F.interpolate' || /^F\.(batch|layer|group|instance)_norm$/.test(o.op)) return unknown(`${o.op}: its count depends on arguments not recorded here`);
      return { value: 0, why: o.multAdds ? `${o.op}: unsupported, counted 0` : undefined };
    }
    const l = r.layer;
    const m = l.multAdds ?? 0;
    if (CONVS.has(l.type) || CONV_TS.has(l.type) || l.type === 'Linear') return same(m);
    if (BATCH_NORMS.has(l.type)) return { value: inp(l) * (l.params > 0 ? 2 : 1), why: `BatchNorm (eval): ${l.params > 0 ? 2 : 1} per element` };
    if (INSTANCE_NORMS.has(l.type) || l.type === 'LayerNorm' || l.type === 'GroupNorm') return { value: inp(l) * (l.params > 0 ? 5 : 4), why: `${l.type}: ${l.params > 0 ? 5 : 4} per element` };
    if (l.type === 'AdaptiveAvgPool2d') return { value: inp(l), why: 'adaptive average pooling: 1 per input element' };
    if (l.category === 'upsample' && l.inputShape.length === 4 && (l.mode === 'nearest' || l.mode === 'bilinear')) {
      const k = l.mode === 'nearest' ? 1 : 4;
      return { value: k * out(l), why: `upsampling (${l.mode}): ${k} per output element` };
    }
    if (RNNS.has(l.type)) return { value: 0, why: `${l.type}: unsupported (aten::${l.type.toLowerCase()}), counted 0` };
    if (l.type === 'MultiheadAttention' || l.type.startsWith('Transformer')) return unknown(`${l.type}: traced through PyTorch's fused fast path in eval on recent versions, or as linear and bmm on others`);
    if (m !== 0) return { value: 0, why: `${l.type}: no handle, counted 0` };
    return same(0);
  },
};

// ------------------------------------------------------------------ ptflops (0.7.5), both backends

/** The module types ptflops's pytorch backend hooks (MODULES_MAPPING, by exact type). */
const PT_ACTIVATIONS = new Set(['ReLU', 'PReLU', 'ELU', 'LeakyReLU', 'ReLU6', 'GELU']);
/** Modules whose forward calls a functional ptflops patches: counted again by the patch. */
const PT_PATCHED_FORWARD: Record<string, string> = {
  ReLU: 'F.relu', PReLU: 'F.prelu', ELU: 'F.elu', GELU: 'F.gelu', SiLU: 'F.silu', Softmax: 'F.softmax', Upsample: 'F.interpolate',
  MaxPool1d: 'F.max_pool1d', MaxPool2d: 'F.max_pool2d', MaxPool3d: 'F.max_pool3d', AvgPool1d: 'F.avg_pool1d', AvgPool2d: 'F.avg_pool2d', AvgPool3d: 'F.avg_pool3d',
  AdaptiveAvgPool1d: 'F.adaptive_avg_pool1d', AdaptiveAvgPool2d: 'F.adaptive_avg_pool2d', AdaptiveAvgPool3d: 'F.adaptive_avg_pool3d',
  AdaptiveMaxPool1d: 'F.adaptive_max_pool1d', AdaptiveMaxPool2d: 'F.adaptive_max_pool2d', AdaptiveMaxPool3d: 'F.adaptive_max_pool3d',
};
const PT_POOLS = new Set(Object.keys(PT_PATCHED_FORWARD).filter((k) => k.includes('Pool')));
const PT_NUMEL_FUNCTIONS = new Set(['F.relu', 'F.prelu', 'F.elu', 'F.relu6', 'F.gelu', 'F.silu', 'F.softmax', ...Object.values(PT_PATCHED_FORWARD).filter((f) => f.includes('pool'))]);

/** ptflops's RNN rule: per layer, both weights' elements, gate element-ops and biases; × input.shape[0] × shape[1]; × 2 bidirectional. */
function ptflopsRnn(l: ModelLayer): Count {
  const f = l.rnn;
  if (!f) return unknown(`${l.type}: its arguments are not known statically`);
  const g = GATES[l.type];
  const h = f.hidden;
  const R = f.proj > 0 ? f.proj : h;
  const D = f.bidirectional ? 2 : 1;
  const gateOps = l.type === 'RNN' ? h : l.type === 'GRU' ? 7 * h : 10 * h;
  let perStep = 0;
  for (let i = 0; i < f.layers; i++) {
    const inSize = i === 0 ? l.inputShape[l.inputShape.length - 1] : R * D;
    perStep += g * h * inSize + g * h * R + gateOps + (f.bias ? 2 * g * h : 0);
  }
  const x = l.inputShape;
  return { value: perStep * x[0] * x[1] * D, why: `${l.type}: weights' elements, gate operations and biases per step (batch taken as input.shape[0])` };
}

const ptflopsPytorch: Tool = {
  tool: 'ptflops (pytorch backend, the default)', figure: 'MACs ("GMac")', frameworks: ['torch'], print: ptflopsPrint,
  count(r) {
    if (r.op) {
      const o = r.op;
      const m = o.multAdds ?? 0;
      // Patched: torch.matmul/mm/bmm and Tensor methods; not the @ operator, einsum, F.linear, F.conv or attention.
      if (o.op === 'matmul' || o.op === 'mm' || o.op === 'bmm') return same(m);
      if (o.op === 'add' || o.op === 'mul') return { value: numel(o.outputShape), why: 'torch.add/mul calls: 1 per output element' };
      if (PT_NUMEL_FUNCTIONS.has(o.op)) return { value: numel(o.inputShapes[0]), why: `${o.op}: 1 per input element` };
      if (o.op === 'F.interpolate') return { value: numel(o.outputShape), why: 'F.interpolate: 1 per output element' };
      if (m !== 0) return { value: 0, why: `${o.op}: not patched, counted 0` };
      return same(0);
    }
    const l = r.layer;
    const m = l.multAdds ?? 0;
    const again = PT_PATCHED_FORWARD[l.type];
    if (CONVS.has(l.type) || CONV_TS.has(l.type) || l.type === 'Linear') {
      const b = biasElements(l);
      return b ? { value: m + b, why: 'bias: 1 per output element of convs and Linear layers with one' } : same(m);
    }
    if (BATCH_NORMS.has(l.type) || INSTANCE_NORMS.has(l.type) || l.type === 'GroupNorm') return { value: inp(l) * (l.params > 0 ? 2 : 1), why: `${l.type}: ${l.params > 0 ? 2 : 1} per input element` };
    // LayerNorm has no `affine` attribute (it is `elementwise_affine`): 1 per element.
    if (l.type === 'LayerNorm') return { value: inp(l), why: 'LayerNorm: 1 per input element' };
    if (PT_ACTIVATIONS.has(l.type)) {
      return again ? { value: 2 * out(l), why: `${l.type}: 1 per element by its hook, and again by the ${again} patch its forward calls` } : { value: out(l), why: `${l.type}: 1 per output element` };
    }
    if (PT_POOLS.has(l.type)) return { value: 2 * inp(l), why: `${l.type}: 1 per input element by its hook, and again by the ${again} patch` };
    if (l.type === 'Upsample') return { value: 2 * out(l), why: 'Upsample: 1 per output element by its hook, and again by the F.interpolate patch' };
    if (l.type === 'SiLU' || l.type === 'Softmax') return { value: inp(l), why: `${l.type}: not hooked, but ${again} is patched: 1 per element` };
    if (RNNS.has(l.type)) return ptflopsRnn(l);
    if (l.type === 'MultiheadAttention' || l.type.startsWith('Transformer')) return unknown(`${l.type}: its hook and the patched softmax and bmm inside it both count, as the installed PyTorch's attention code calls them`);
    if (m !== 0) return { value: 0, why: `${l.type}: no hook, counted 0` };
    return same(0);
  },
};

const ptflopsAten: Tool = {
  tool: 'ptflops (aten backend)', figure: 'MACs ("GMac")', frameworks: ['torch'], print: ptflopsPrint,
  count(r) {
    if (r.op) {
      const o = r.op;
      if (MATMULS.has(o.op) || o.op.startsWith('F.conv')) return same(o.multAdds ?? 0);
      if (o.op === 'F.linear') return o.inputShapes.length > 2 ? unknown('F.linear with a bias: whether PyTorch folds its add into addmm depends on the input') : same(o.multAdds ?? 0);
      if (o.op === 'F.scaled_dot_product_attention') return { value: 0, why: 'scaled_dot_product_attention: a fused kernel it does not map, counted 0' };
      return { value: 0, why: o.multAdds ? `${o.op}: not mapped, counted 0` : undefined };
    }
    const l = r.layer;
    const m = l.multAdds ?? 0;
    if (CONVS.has(l.type) || CONV_TS.has(l.type)) {
      const b = biasElements(l);
      return b ? { value: m + b, why: 'bias: 1 per output element of convs, and of Linear layers on 2-D input (addmm)' } : same(m);
    }
    if (l.type === 'Linear') {
      const b = biasElements(l);
      if (!b) return same(m);
      if (l.inputShape.length === 2) return { value: m + b, why: 'bias: 1 per output element of convs, and of Linear layers on 2-D input (addmm)' };
      return unknown('a Linear with a bias on a 3-D or larger input: whether PyTorch folds its add into addmm depends on the version and the layout');
    }
    if (RNNS.has(l.type) || l.type === 'MultiheadAttention' || l.type.startsWith('Transformer')) return unknown(`${l.type}: which aten kernels it dispatches to depends on the device and the PyTorch version`);
    if (m !== 0) return { value: 0, why: `${l.type}: its aten ops are not mapped, counted 0` };
    return same(0);
  },
};

// ------------------------------------------------------------------ thop (0.1.1)

/** thop's cell rules, per step and batch element. */
function thopCell(type: string, inSize: number, h: number, bias: boolean): number {
  const state = (inSize + h) * h + h + (bias ? 2 * h : 0);
  if (type === 'RNN') return state;
  if (type === 'GRU') return 3 * state + 4 * h;
  return 4 * state + 4 * h;
}

function thopRnn(l: ModelLayer): Count {
  const f = l.rnn;
  if (!f) return unknown(`${l.type}: its arguments are not known statically`);
  if (f.proj > 0) return unknown('LSTM with proj_size: thop\'s rule does not take it');
  const D = f.bidirectional ? 2 : 1;
  let perStep = D * thopCell(l.type, l.inputShape[l.inputShape.length - 1], f.hidden, f.bias);
  for (let i = 1; i < f.layers; i++) perStep += D * thopCell(l.type, f.hidden * D, f.hidden, f.bias);
  const x = l.inputShape;
  const [batch, steps] = x.length === 2 ? [x[0], 1] : f.batchFirst ? [x[0], x[1]] : [x[1], x[0]];
  return { value: perStep * batch * steps, why: `${l.type}: thop's cell rule (weights, biases and gate operations) per step and sample` };
}

const thop: Tool = {
  tool: 'thop', figure: 'MACs', frameworks: ['torch'], print: thopPrint,
  count(r) {
    // Only modules are hooked: functional operations count 0.
    if (r.op) return { value: 0, why: r.op.multAdds ? `${r.op.op}: functional operations are not counted` : undefined };
    const l = r.layer;
    const m = l.multAdds ?? 0;
    if (CONVS.has(l.type) || l.type === 'Linear') return same(m);
    if (CONV_TS.has(l.type)) {
      const inC = l.inputShape[1];
      const v = out(l) * (inC / (l.groups ?? 1)) * numel(l.kernel);
      return { value: v, why: 'ConvTranspose: counted per output element, as a conv would be' };
    }
    if (BATCH_NORMS.has(l.type) || INSTANCE_NORMS.has(l.type) || l.type === 'LayerNorm') {
      const k = l.params > 0 ? 4 : 2;
      return { value: k * inp(l), why: `${l.type}: ${k} per input element` };
    }
    if (l.type === 'PReLU') return { value: inp(l), why: 'PReLU: 1 per element' };
    if (/^AvgPool[123]d$/.test(l.type)) return { value: out(l), why: 'average pooling: 1 per output element' };
    if (/^AdaptiveAvgPool[123]d$/.test(l.type)) {
      const kernel = l.inputShape.slice(2).reduce((a, d, i) => a * (d / l.outputShape[2 + i]), 1);
      return { value: (kernel + 1) * out(l), why: 'adaptive average pooling: (window + 1) per output element' };
    }
    if (l.category === 'upsample') {
      const per: Record<string, number> = { nearest: 1, linear: 5, bilinear: 11, bicubic: 259, trilinear: 31 };
      const mode = l.type === 'UpsamplingNearest2d' ? 'nearest' : l.type === 'UpsamplingBilinear2d' ? 'bilinear' : l.mode;
      if (!mode || per[mode] === undefined) return unknown(`${l.type}: mode ${mode ?? 'not known'}`);
      return { value: per[mode] * out(l), why: `upsampling (${mode}): ${per[mode]} per output element` };
    }
    if (l.type === 'Softmax') return unknown('Softmax: thop counts 3n − 1 per row along its dim, which is not recorded here');
    if (RNNS.has(l.type)) return thopRnn(l);
    if (m !== 0) return { value: 0, why: `${l.type}: no rule for this exact type, counted 0` };
    return same(0);
  },
};

// ------------------------------------------------------------------ torchinfo (1.8.0)

const torchinfo: Tool = {
  tool: 'torchinfo', figure: 'mult-adds, from each layer\'s parameters', frameworks: ['torch'], print: torchinfoPrint,
  count(r) {
    if (r.op) return { value: 0, why: r.op.multAdds ? `${r.op.op}: functional operations are not counted` : undefined };
    const l = r.layer;
    const m = l.multAdds ?? 0;
    if (l.params === 0) return m ? { value: 0, why: `${l.type}: no parameters, counted 0` } : same(0);
    const batch = l.outputShape[0];
    if (CONVS.has(l.type)) {
      const b = biasElements(l);
      return b ? { value: m + b, why: 'conv bias: 1 per output element' } : same(m);
    }
    if (CONV_TS.has(l.type)) {
      const spatial = numel(l.outputShape.slice(2));
      const weight = l.inputShape[1] * (l.outputShape[1] / (l.groups ?? 1)) * numel(l.kernel);
      return { value: (weight + (biasElements(l) ? l.outputShape[1] : 0)) * batch * spatial, why: 'ConvTranspose: weights × output positions' };
    }
    if (RNNS.has(l.type)) {
      const n = l.outputShape[0] * l.outputShape[1];
      return { value: l.params * n, why: `${l.type}: every weight and bias once per step and sample` };
    }
    // Linear in 1.8.0 falls in the general rule: parameters × batch only.
    const v = l.params * batch;
    if (l.type === 'Linear' && l.inputShape.length === 2) return v === m ? same(m) : { value: v, why: 'Linear bias: 1 per output element' };
    if (l.type === 'Linear') return { value: v, why: 'Linear on a 3-D or larger input: torchinfo 1.8.0 multiplies its parameters by the batch only, not by the sequence' };
    if (l.type === 'MultiheadAttention' || l.type.startsWith('Transformer')) return unknown(`${l.type}: not a leaf module; what its children count depends on whether forward calls them`);
    return { value: v, why: `${l.type}: parameters × batch` };
  },
};

// ------------------------------------------------------------------ torch.utils.flop_counter.FlopCounterMode

const flopCounter: Tool = {
  tool: 'torch.utils.flop_counter', figure: 'FLOPs (2 per multiply-add)', frameworks: ['torch'], print: flopCounterPrint,
  scale: { factor: 2, why: 'counts FLOPs, 2 per multiply-add' },
  count(r) {
    if (r.op) {
      const o = r.op;
      if (MATMULS.has(o.op) || o.op === 'F.linear' || o.op.startsWith('F.conv')) return same(o.multAdds ?? 0);
      if (o.op === 'F.scaled_dot_product_attention') {
        return { value: o.multAdds ?? 0, note: 'scaled_dot_product_attention counted as Q·Kᵀ and A·V, as on CUDA; on CPU its fused kernel is not registered and counts 0 (pytorch/pytorch#195460)' };
      }
      return { value: 0, why: o.multAdds ? `${o.op}: not registered, counted 0` : undefined };
    }
    const l = r.layer;
    const m = l.multAdds ?? 0;
    if (CONVS.has(l.type) || CONV_TS.has(l.type) || l.type === 'Linear' || l.type === 'Embedding') return same(m);
    if (RNNS.has(l.type)) return unknown(`${l.type}: counted only where PyTorch runs it as matrix products (on CPU), not as a cuDNN kernel`);
    if (l.type === 'MultiheadAttention' || l.type.startsWith('Transformer')) return unknown(`${l.type}: counted through its matrix products with autograd on; PyTorch's fused fast path (eval, no grad) counts 0`);
    if (m !== 0) return { value: 0, why: `${l.type}: not registered, counted 0` };
    return same(0);
  },
};

// ------------------------------------------------------------------ keras-flops (0.1.2), for Keras models

/** TensorFlow's profiler per output element of an activation op (keras-flops counts what the registry has). */
const TF_ACTIVATION: Record<string, number> = { linear: 0, relu: 0, relu6: 0, sigmoid: 0, tanh: 0, elu: 0, softmax: 5 };

const kerasFlops: Tool = {
  tool: 'keras-flops', figure: 'FLOPs from TensorFlow\'s profiler (2 per multiply-add, biases and more)', frameworks: ['keras'],
  print: (n) => `${(n / 1e9).toFixed(4)} G`,
  count(r) {
    if (r.op) return r.op.multAdds ? unknown(`${r.op.op}: a functional operation in a subclassed model`) : same(0);
    const l = r.layer;
    const m = l.multAdds ?? 0;
    const o = out(l);
    const activation = (): Count | undefined => {
      const a = l.activation ?? 'linear';
      return TF_ACTIVATION[a] === undefined ? unknown(`${l.path}: activation '${a}' (its TensorFlow ops are not modelled here)`) : undefined;
    };
    const act = () => TF_ACTIVATION[l.activation ?? 'linear'] * o;
    switch (l.type) {
      case 'InputLayer': case 'Flatten': case 'Reshape': case 'Permute': case 'Dropout': case 'ZeroPadding2D': case 'Cropping2D': case 'Concatenate': case 'ReLU':
        return same(0);
      case 'Conv1D': case 'Conv2D': case 'Conv3D': case 'DepthwiseConv2D': case 'SeparableConv1D': case 'SeparableConv2D': case 'Dense': {
        const bad = activation();
        if (bad) return bad;
        return { value: 2 * m + (l.bias ? o : 0) + act(), why: `${l.type}: 2 per multiply-add${l.bias ? ', 1 per output element for the bias' : ''}${act() ? `, ${TF_ACTIVATION[l.activation!]} per element for ${l.activation}` : ''}` };
      }
      case 'Activation': {
        const bad = activation();
        return bad ?? { value: act(), why: act() ? `${l.activation}: ${TF_ACTIVATION[l.activation!]} per element` : undefined };
      }
      case 'BatchNormalization': {
        const channels = l.channelsFirst ? l.outputShape[1] : l.outputShape[l.outputShape.length - 1];
        return { value: 2 * o + 6 * channels, why: 'BatchNormalization: 2 per element + 6 per channel' };
      }
      case 'MaxPooling2D': case 'AveragePooling2D':
        if (l.channelsFirst || !l.pool) return unknown(`${l.type}: TensorFlow's profiler supports NHWC pooling only`);
        return { value: numel(l.pool) * o, why: 'pooling: the window per output element' };
      case 'GlobalAveragePooling2D': case 'GlobalAveragePooling1D':
        return { value: inp(l), why: 'global average pooling: 1 per input element' };
      case 'GlobalMaxPooling2D': case 'GlobalMaxPooling1D':
        return { value: inp(l) - o, why: 'global max pooling: input − output elements' };
      case 'Add': case 'Subtract': case 'Multiply': case 'Maximum': case 'Minimum':
        return { value: (l.inputShapes.length - 1) * o, why: `${l.type}: 1 per output element per extra input` };
      default:
        return unknown(`${l.type}: keras-flops does not support it, or TensorFlow's profiler counts it in ways not modelled here`);
    }
  },
};

const TOOLS: Tool[] = [fvcore, ptflopsPytorch, ptflopsAten, thop, torchinfo, flopCounter, kerasFlops];

/** What each tool that reads this model's framework would print, with one line per difference. */
export function otherTools(m: ModelResult): OtherToolFigure[] {
  const rows: Row[] = [...m.layers.map((layer) => ({ layer })), ...m.functional.map((op) => ({ op }))];
  return TOOLS.filter((t) => t.frameworks.includes(m.framework)).map((t) => figureOf(t, m, rows));
}

function figureOf(t: Tool, m: ModelResult, rows: Row[]): OtherToolFigure {
  if (!m.complete) return { tool: t.tool, figure: t.figure, value: null, printed: null, differences: [`${m.name} is not completely known`] };
  let total = 0;
  const byWhy = new Map<string, { delta: number; count: number }>();
  const unknowns = new Set<string>();
  const notes = new Set<string>();
  for (const r of rows) {
    const c = t.count(r, m);
    if ('unknown' in c) {
      unknowns.add(c.unknown);
      continue;
    }
    total += c.value;
    if (c.note) notes.add(c.note);
    const ours = (r.layer ? r.layer.multAdds : r.op.multAdds) ?? 0;
    if (c.why && c.value !== ours) {
      const g = byWhy.get(c.why) ?? { delta: 0, count: 0 };
      g.delta += c.value - ours;
      g.count++;
      byWhy.set(c.why, g);
    }
  }
  if (unknowns.size) return { tool: t.tool, figure: t.figure, value: null, printed: null, differences: [...unknowns].map((u) => `not known: ${u}`) };
  const lines = [...byWhy].sort((a, b) => Math.abs(b[1].delta) - Math.abs(a[1].delta))
    .map(([why, g]) => `${g.delta >= 0 ? '+' : '−'}${exact(Math.abs(g.delta))}  ${why} (${g.count} ${g.count === 1 ? 'call' : 'calls'})`);
  if (t.scale) {
    lines.push(`×${t.scale.factor}  ${t.scale.why}`);
    total *= t.scale.factor;
  }
  if (!lines.length) lines.push('the same as Layer Lens\'s Mult-Adds');
  return { tool: t.tool, figure: t.figure, value: total, printed: t.print(total), differences: [...lines, ...notes] };
}
