/**
 * ptflops 0.7.5 (sovrasov/flops-counter.pytorch), both backends: docs/other-tools.md.
 */
import type { ModelLayer } from '../results';
import { type Count, type Tool, numel, out, inp, biasElements, same, unknown, CONVS, CONV_TS, BATCH_NORMS, INSTANCE_NORMS, RNNS, GATES, MATMULS, ptflopsPrint } from './common';

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

export const ptflopsPytorch: Tool = {
  tool: 'ptflops (pytorch backend, the default)', figure: 'Mult-Adds, printed as "GMac"', frameworks: ['torch'], print: ptflopsPrint,
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

export const ptflopsAten: Tool = {
  tool: 'ptflops (aten backend)', figure: 'Mult-Adds, printed as "GMac"', frameworks: ['torch'], print: ptflopsPrint,
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
