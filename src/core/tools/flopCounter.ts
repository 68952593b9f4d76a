/**
 * torch.utils.flop_counter.FlopCounterMode (PyTorch): docs/other-tools.md.
 */
import { type Tool, same, unknown, CONVS, CONV_TS, RNNS, MATMULS, flopCounterPrint } from './common';

export const flopCounter: Tool = {
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
