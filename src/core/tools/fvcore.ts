/**
 * fvcore 0.1.5 (facebookresearch/fvcore), model in eval mode: docs/other-tools.md.
 */
import { type Tool, numel, out, inp, same, unknown, CONVS, CONV_TS, BATCH_NORMS, INSTANCE_NORMS, RNNS, MATMULS, fvcorePrint } from './common';

export const fvcore: Tool = {
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
