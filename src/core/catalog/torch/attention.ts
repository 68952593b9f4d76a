/** MultiheadAttention, TransformerEncoderLayer, TransformerDecoderLayer. */
import * as S from '../../values/symbolic';
import { n, type ArgReader } from '../../values/argReader';
import { LayerError, type AnyLayerSpec, type LayerSpec, type ParamSpec, type Shape } from '../../values/spec';
import { int, NONE } from '../../values/value';
import { fmt } from './shapes';

const TRUE = { kind: 'bool' as const, value: true };
const FALSE = { kind: 'bool' as const, value: false };
const float = (value: number) => ({ kind: 'float' as const, value });
// device and dtype are ordinary trailing parameters in PyTorch's signatures (positional allowed).
const kw = (name: string): ParamSpec => ({ name, default: NONE });

interface MhaConfig {
  E: S.Sym;
  heads: S.Sym;
  bias: S.Sym;
  biasKv: S.Sym;
  zeroAttn: S.Sym;
  kdim: S.Sym;
  vdim: S.Sym;
  batchFirst: S.Sym;
}

function checkHeads(a: ArgReader, layer: string, E: S.Sym, heads: S.Sym, eArg: string): void {
  if (typeof E === 'number' && typeof heads === 'number' && heads > 0 && E % heads !== 0) {
    a.error(`${layer}: ${eArg} (${E}) must be divisible by num_heads (${heads})`, 'num_heads');
  }
}

/** Params of one nn.MultiheadAttention: packed or separate q/k/v projections, out_proj, optional bias_k/bias_v. */
function mhaParams(c: Pick<MhaConfig, 'E' | 'bias' | 'biasKv' | 'kdim' | 'vdim'>): S.Sym {
  const inProj = S.sum([S.mul(c.E, c.E), S.mul(c.E, c.kdim), S.mul(c.E, c.vdim)]);
  return S.sum([inProj, S.mul(c.bias, S.mul(3, c.E)), S.mul(c.E, c.E), S.mul(c.bias, c.E), S.mul(S.mul(2, c.biasKv), c.E)]);
}

/** Layout (L, N, E), (N, L, E) with batch_first, or unbatched (L, E): returns [length, batch, features]. */
function seq(layer: string, x: Shape, batchFirst: boolean, what: string): [number, number, number] {
  if (x.length === 2) return [x[0], 1, x[1]];
  if (x.length === 3) return batchFirst ? [x[1], x[0], x[2]] : [x[0], x[1], x[2]];
  throw new LayerError(`${layer} expects a 2D (unbatched) or 3D ${what}, got ${fmt(x)}`);
}

/**
 * Multiply-adds of one attention call: q, k, v projections, Q·Kᵀ, A·V, out projection. `extra`: the key
 * positions add_bias_kv and add_zero_attn append after the projections (attended to, not projected).
 */
export function attentionCost(E: number, heads: number, L: number, S_: number, N: number, kdim: number, vdim: number, extra = 0) {
  const multAdds = L * N * E * E + S_ * N * kdim * E + S_ * N * vdim * E + 2 * N * L * (S_ + extra) * E + L * N * E * E;
  return { multAdds, softmax: N * heads * L * (S_ + extra) };
}

const mha: LayerSpec<MhaConfig> = {
  name: 'MultiheadAttention',
  category: 'attention',
  // (attn_output, attn_weights); the weights are None with need_weights=False (forward leaves them out).
  pack: (_c, outputs) => [0, outputs.length > 1 ? 1 : null],
  signature: [
    { name: 'embed_dim' }, { name: 'num_heads' }, { name: 'dropout', default: float(0) }, { name: 'bias', default: TRUE },
    { name: 'add_bias_kv', default: FALSE }, { name: 'add_zero_attn', default: FALSE }, { name: 'kdim', default: NONE },
    { name: 'vdim', default: NONE }, { name: 'batch_first', default: FALSE }, kw('device'), kw('dtype'),
  ],
  configure(a) {
    const E = a.int('embed_dim', { min: 1 });
    const heads = a.int('num_heads', { min: 1 });
    checkHeads(a, 'MultiheadAttention', E, heads, 'embed_dim');
    a.float('dropout', { min: 0, max: 1 });
    return {
      E, heads,
      bias: a.flag('bias'), biasKv: a.flag('add_bias_kv'), zeroAttn: a.flag('add_zero_attn'),
      kdim: a.isNone('kdim') ? E : a.int('kdim', { min: 1 }),
      vdim: a.isNone('vdim') ? E : a.int('vdim', { min: 1 }),
      batchFirst: a.flag('batch_first'),
    };
  },
  params: mhaParams,
  defaultInput: (c, d) => {
    const x = n(c.batchFirst) ? [d.batch, d.sequenceLength, n(c.E)] : [d.sequenceLength, d.batch, n(c.E)];
    return [x, x, x];
  },
  forward(c, inputs, keywords) {
    // One annotated shape means self-attention: query, key and value are the same tensor.
    const [q, k, v] = inputs.length === 1 ? [inputs[0], inputs[0], inputs[0]] : inputs;
    if (!k || !v) throw new LayerError('MultiheadAttention expects query, key and value (or one shape for self-attention)');
    const bf = n(c.batchFirst) === 1;
    const [E, kdim, vdim] = [n(c.E), n(c.kdim), n(c.vdim)];
    const [L, N, qe] = seq('MultiheadAttention', q, bf, 'query');
    const [S_, Nk, ke] = seq('MultiheadAttention', k, bf, 'key');
    const [Sv, , ve] = seq('MultiheadAttention', v, bf, 'value');
    if (qe !== E) throw new LayerError(`MultiheadAttention expects query features ${E} (embed_dim) but got ${fmt(q)}`, 'embed_dim', { input: 0, shape: [...q.slice(0, -1), E] });
    if (ke !== kdim) throw new LayerError(`MultiheadAttention expects key features ${kdim} (kdim) but got ${fmt(k)}`, 'kdim', { input: 1, shape: [...k.slice(0, -1), kdim] });
    if (ve !== vdim) throw new LayerError(`MultiheadAttention expects value features ${vdim} (vdim) but got ${fmt(v)}`, 'vdim', { input: 2, shape: [...v.slice(0, -1), vdim] });
    if (Sv !== S_ || Nk !== N) throw new LayerError(`MultiheadAttention: key ${fmt(k)} and value ${fmt(v)} must match in length and batch, and the query ${fmt(q)} in batch`);
    const Seff = S_ + n(c.biasKv) + n(c.zeroAttn);
    const { multAdds, softmax } = attentionCost(E, n(c.heads), L, S_, N, kdim, vdim, Seff - S_);
    const out = q.length === 2 ? [L, E] : bf ? [N, L, E] : [L, N, E];
    const weights = q.length === 2 ? [L, Seff] : [N, L, Seff];
    // The averaged weights are returned only when asked (need_weights defaults to True).
    const needWeights = keywords?.get('need_weights');
    const outputs = needWeights?.kind === 'bool' && !needWeights.value ? [out] : [out, weights];
    return { outputs, multAdds, otherOps: softmax };
  },
};

interface TransformerConfig {
  E: S.Sym;
  heads: S.Sym;
  F: S.Sym;
  bias: S.Sym;
  batchFirst: S.Sym;
}

function transformerSignature(): ParamSpec[] {
  return [
    { name: 'd_model' }, { name: 'nhead' }, { name: 'dim_feedforward', default: int(2048) }, { name: 'dropout', default: float(0.1) },
    { name: 'activation', default: { kind: 'str', value: 'relu' } }, { name: 'layer_norm_eps', default: float(1e-5) },
    { name: 'batch_first', default: FALSE }, { name: 'norm_first', default: FALSE }, { name: 'bias', default: TRUE },
    kw('device'), kw('dtype'),
  ];
}

function configureTransformer(a: ArgReader, layer: string): TransformerConfig {
  const E = a.int('d_model', { min: 1 });
  const heads = a.int('nhead', { min: 1 });
  checkHeads(a, layer, E, heads, 'd_model');
  const act = a.value('activation');
  if (act.kind === 'str' && act.value !== 'relu' && act.value !== 'gelu') {
    a.error(`${layer}: activation should be relu/gelu, not ${act.value}`, 'activation');
  }
  return { E, heads, F: a.int('dim_feedforward', { min: 1 }), bias: a.flag('bias'), batchFirst: a.flag('batch_first') };
}

/** Self-attention, the two feed-forward linears and `norms` LayerNorms. */
function transformerParams(c: TransformerConfig, attentions: number, norms: number): S.Sym {
  const attn = mhaParams({ E: c.E, bias: c.bias, biasKv: 0, kdim: c.E, vdim: c.E });
  const ff = S.sum([S.mul(c.E, c.F), S.mul(c.bias, c.F), S.mul(c.F, c.E), S.mul(c.bias, c.E)]);
  const norm = S.mul(S.add(1, c.bias), c.E);
  return S.sum([S.mul(attentions, attn), ff, S.mul(norms, norm)]);
}

const encoderLayer: LayerSpec<TransformerConfig> = {
  name: 'TransformerEncoderLayer',
  category: 'transformer',
  signature: transformerSignature(),
  configure: (a) => configureTransformer(a, 'TransformerEncoderLayer'),
  params: (c) => transformerParams(c, 1, 2),
  defaultInput: (c, d) => [n(c.batchFirst) ? [d.batch, d.sequenceLength, n(c.E)] : [d.sequenceLength, d.batch, n(c.E)]],
  forward(c, [x]) {
    const E = n(c.E);
    const F = n(c.F);
    const [T, N, e] = seq('TransformerEncoderLayer', x, n(c.batchFirst) === 1, 'src');
    if (e !== E) throw new LayerError(`TransformerEncoderLayer expects ${E} features (d_model) but the input ${fmt(x)} has ${e}`, 'd_model', { input: 0, shape: [...x.slice(0, -1), E] });
    const attn = attentionCost(E, n(c.heads), T, T, N, E, E);
    const tokens = T * N;
    return {
      outputs: [x],
      multAdds: attn.multAdds + 2 * tokens * E * F,
      // softmax, 2 norms, the activation, 2 residual adds
      otherOps: attn.softmax + 2 * tokens * E + tokens * F + 2 * tokens * E,
    };
  },
};

const decoderLayer: LayerSpec<TransformerConfig> = {
  name: 'TransformerDecoderLayer',
  category: 'transformer',
  signature: transformerSignature(),
  configure: (a) => configureTransformer(a, 'TransformerDecoderLayer'),
  params: (c) => transformerParams(c, 2, 3),
  defaultInput: (c, d) => {
    const x = n(c.batchFirst) ? [d.batch, d.sequenceLength, n(c.E)] : [d.sequenceLength, d.batch, n(c.E)];
    return [x, x];
  },
  forward(c, inputs) {
    const [tgt, memory] = inputs;
    if (!memory) throw new LayerError('TransformerDecoderLayer expects tgt and memory');
    const E = n(c.E);
    const F = n(c.F);
    const bf = n(c.batchFirst) === 1;
    const [T, N, e] = seq('TransformerDecoderLayer', tgt, bf, 'tgt');
    const [S_, Nm, em] = seq('TransformerDecoderLayer', memory, bf, 'memory');
    if (e !== E || em !== E) throw new LayerError(`TransformerDecoderLayer expects ${E} features (d_model) in tgt ${fmt(tgt)} and memory ${fmt(memory)}`, 'd_model');
    if (Nm !== N) throw new LayerError(`TransformerDecoderLayer: tgt ${fmt(tgt)} and memory ${fmt(memory)} differ in batch size`);
    const self = attentionCost(E, n(c.heads), T, T, N, E, E);
    const cross = attentionCost(E, n(c.heads), T, S_, N, E, E);
    const tokens = T * N;
    return {
      outputs: [tgt],
      multAdds: self.multAdds + cross.multAdds + 2 * tokens * E * F,
      // 2 softmaxes, 3 norms, the activation, 3 residual adds
      otherOps: self.softmax + cross.softmax + 3 * tokens * E + tokens * F + 3 * tokens * E,
    };
  },
};

export const attentionSpecs: AnyLayerSpec[] = [mha, encoderLayer, decoderLayer];
