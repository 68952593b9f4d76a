/**
 * torchinfo 1.8.0 (TylerYep/torchinfo): docs/other-tools.md.
 */
import { type Tool, notHooked, numel, biasElements, same, unknown, CONVS, CONV_TS, RNNS, torchinfoPrint } from './common';

export const torchinfo: Tool = {
  tool: 'torchinfo', figure: 'mult-adds, from each layer\'s parameters', frameworks: ['torch'], print: torchinfoPrint,
  count(r) {
    if (r.op) return notHooked(r.op);
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
