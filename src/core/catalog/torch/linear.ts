/** Linear, Bilinear, Embedding, EmbeddingBag. */
import * as S from '../../values/symbolic';
import { n, type ArgReader } from '../../values/argReader';
import { LayerError, type AnyLayerSpec, type LayerSpec, type ParamSpec } from '../../values/spec';
import { NONE } from '../../values/value';
import { fmt, numel } from './shapes';
import { exact } from '../../values/format';

const TRUE = { kind: 'bool' as const, value: true };
const FALSE = { kind: 'bool' as const, value: false };
// device and dtype are ordinary trailing parameters in PyTorch's signatures (positional allowed).
const kw = (name: string): ParamSpec => ({ name, default: NONE });

/** The last dim must equal `features`; everything before it is batch. */
function checkLast(layer: string, shape: number[], features: number, arg: string): number {
  if (shape.length < 1) throw new LayerError(`${layer} expects at least a 1D input, got a scalar`);
  const last = shape[shape.length - 1];
  if (last !== features) {
    throw new LayerError(`${layer} expects ${features} input features (${arg}) but the input ${fmt(shape)} has ${last} in its last dimension`, arg, { input: 0, shape: [...shape.slice(0, -1), features] });
  }
  return numel(shape.slice(0, -1));
}

interface LinearConfig { inF: S.Sym; outF: S.Sym; bias: S.Sym }

const linear: LayerSpec<LinearConfig> = {
  name: 'Linear',
  category: 'linear',
  parameterShapes: (c) => (typeof c.inF === 'number' && typeof c.outF === 'number' ? { weight: [c.outF, c.inF], ...(c.bias === 0 ? {} : { bias: [c.outF] }) } : undefined),
  describe: (c) => `fully connected, ${S.format(c.inF)} → ${S.format(c.outF)} features`,
  // Every row of the input (all but its last dimension) meets the whole weight.
  formula(c, [x], [out]) {
    if (!x || !out || typeof c.inF !== 'number' || typeof c.outF !== 'number') return undefined;
    const rows = numel(out.slice(0, -1));
    return { symbols: 'rows·in·out', numbers: `${rows}·${c.inF}·${c.outF} = ${exact(rows * c.inF * c.outF)}`, notes: [] };
  },
  signature: [{ name: 'in_features' }, { name: 'out_features' }, { name: 'bias', default: TRUE }, kw('device'), kw('dtype')],
  // Forward reads the weight and bias only.
  mutability: { fixed: ['in_features', 'out_features', 'bias', 'device', 'dtype'] },
  configure: (a: ArgReader) => ({ inF: a.int('in_features', { min: 0 }), outF: a.int('out_features', { min: 0 }), bias: a.flag('bias') }),
  params: (c) => S.add(S.mul(c.inF, c.outF), S.mul(c.bias, c.outF)),
  defaultInput: (c, d) => [[d.batch, n(c.inF)]],
  forward(c, [x]) {
    const rows = checkLast('Linear', x, n(c.inF), 'in_features');
    const out = [...x.slice(0, -1), n(c.outF)];
    return { outputs: [out], multAdds: rows * n(c.inF) * n(c.outF), otherOps: 0 };
  },
};

interface BilinearConfig { in1: S.Sym; in2: S.Sym; outF: S.Sym; bias: S.Sym }

const bilinear: LayerSpec<BilinearConfig> = {
  name: 'Bilinear',
  category: 'linear',
  signature: [{ name: 'in1_features' }, { name: 'in2_features' }, { name: 'out_features' }, { name: 'bias', default: TRUE }, kw('device'), kw('dtype')],
  configure: (a) => ({
    in1: a.int('in1_features', { min: 1 }), in2: a.int('in2_features', { min: 1 }), outF: a.int('out_features', { min: 1 }), bias: a.flag('bias'),
  }),
  params: (c) => S.add(S.prod([c.outF, c.in1, c.in2]), S.mul(c.bias, c.outF)),
  defaultInput: (c, d) => [[d.batch, n(c.in1)], [d.batch, n(c.in2)]],
  forward(c, inputs) {
    if (inputs.length !== 2) throw new LayerError(`Bilinear expects two inputs, got ${inputs.length}`);
    const [x1, x2] = inputs;
    const rows = checkLast('Bilinear', x1, n(c.in1), 'in1_features');
    checkLast('Bilinear', x2, n(c.in2), 'in2_features');
    if (fmt(x1.slice(0, -1)) !== fmt(x2.slice(0, -1))) {
      throw new LayerError(`Bilinear: the inputs' batch dimensions differ: ${fmt(x1)} and ${fmt(x2)}`);
    }
    // Each weight is used once per sample: out·in1·in2 multiply-adds per row.
    return { outputs: [[...x1.slice(0, -1), n(c.outF)]], multAdds: rows * n(c.outF) * n(c.in1) * n(c.in2), otherOps: 0 };
  },
};

interface EmbeddingConfig { num: S.Sym; dim: S.Sym; mode?: 'sum' | 'mean' | 'max'; includeLast?: S.Sym }

const embeddingCommon = {
  category: 'embedding' as const,
  inputDtype: 'int64' as const,
  params: (c: EmbeddingConfig) => S.mul(c.num, c.dim),
};

const embedding: LayerSpec<EmbeddingConfig> = {
  ...embeddingCommon,
  name: 'Embedding',
  parameterShapes: (c) => (typeof c.num === 'number' && typeof c.dim === 'number' ? { weight: [c.num, c.dim] } : undefined),
  signature: [
    { name: 'num_embeddings' }, { name: 'embedding_dim' }, { name: 'padding_idx', default: NONE }, { name: 'max_norm', default: NONE },
    { name: 'norm_type', default: { kind: 'float', value: 2 } }, { name: 'scale_grad_by_freq', default: FALSE },
    { name: 'sparse', default: FALSE }, { name: '_weight', default: NONE }, { name: '_freeze', default: FALSE }, kw('device'), kw('dtype'),
  ],
  configure: (a) => ({ num: a.int('num_embeddings', { min: 1 }), dim: a.int('embedding_dim', { min: 1 }) }),
  // The table is the weight; padding_idx, max_norm and the rest are read again and change no shape.
  mutability: { fixed: ['num_embeddings', 'embedding_dim', '_weight', '_freeze', 'sparse', 'device', 'dtype'] },
  defaultInput: (_c, d) => [[d.batch, d.sequenceLength]],
  forward: (c, [x]) => ({ outputs: [[...x, n(c.dim)]], multAdds: 0, otherOps: 0 }),
};

const embeddingBag: LayerSpec<EmbeddingConfig> = {
  ...embeddingCommon,
  name: 'EmbeddingBag',
  signature: [
    { name: 'num_embeddings' }, { name: 'embedding_dim' }, { name: 'max_norm', default: NONE },
    { name: 'norm_type', default: { kind: 'float', value: 2 } }, { name: 'scale_grad_by_freq', default: FALSE },
    { name: 'mode', default: { kind: 'str', value: 'mean' } }, { name: 'sparse', default: FALSE }, { name: '_weight', default: NONE },
    { name: 'include_last_offset', default: FALSE }, { name: 'padding_idx', default: NONE }, kw('device'), kw('dtype'),
  ],
  configure: (a) => ({
    num: a.int('num_embeddings', { min: 1 }), dim: a.int('embedding_dim', { min: 1 }), mode: a.choice('mode', ['sum', 'mean', 'max'] as const),
    includeLast: a.flag('include_last_offset'),
  }),
  defaultInput: (_c, d) => [[d.batch, d.sequenceLength]],
  forward(c, [x, offsets]) {
    // A 2D input is one bag per row; a 1D input is split into bags by a 1D offsets tensor.
    let bags: number;
    if (x.length === 2 && !offsets) bags = x[0];
    else if (x.length === 1 && offsets?.length === 1) bags = offsets[0] - n(c.includeLast ?? 0);
    else throw new LayerError(`EmbeddingBag expects a 2D input (bags × indices), or a 1D input with 1D offsets; got ${[x, offsets].filter(Boolean).map((s) => fmt(s!)).join(' and ')}`);
    const out = [bags, n(c.dim)];
    return { outputs: [out], multAdds: 0, otherOps: numel(out) };
  },
};

export const linearSpecs: AnyLayerSpec[] = [linear, bilinear, embedding, embeddingBag];
