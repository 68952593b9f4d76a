/**
 * thop 0.1.1 (Lyken17/pytorch-OpCounter): docs/other-tools.md.
 */
import type { ModelLayer } from '../results';
import { type Count, type Tool, notHooked, numel, out, inp, same, unknown, CONVS, CONV_TS, BATCH_NORMS, INSTANCE_NORMS, RNNS, thopPrint } from './common';

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

export const thop: Tool = {
  tool: 'thop', figure: 'Mult-Adds (one multiply-accumulate a unit)', frameworks: ['torch'], print: thopPrint,
  count(r) {
    // Only modules are hooked: functional operations count 0.
    if (r.op) return notHooked(r.op);
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
