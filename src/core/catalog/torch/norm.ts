/** BatchNorm1d/2d/3d, LayerNorm, GroupNorm, InstanceNorm1d/2d/3d, LocalResponseNorm. */
import * as S from '../../values/symbolic';
import { n, type ArgReader } from '../../values/argReader';
import { LayerError, type AnyLayerSpec, type LayerSpec, type ParamSpec, type Shape } from '../../values/spec';
import { NONE } from '../../values/value';
import { fmt, numel } from './shapes';

const TRUE = { kind: 'bool' as const, value: true };
const FALSE = { kind: 'bool' as const, value: false };
const float = (value: number) => ({ kind: 'float' as const, value });
// device and dtype are ordinary trailing parameters in PyTorch's signatures (positional allowed).
const kw = (name: string): ParamSpec => ({ name, default: NONE });

/** Norm layers keep the shape and do one cheap operation per output element. */
const sameShape = (x: Shape) => ({ outputs: [x], multAdds: 0, otherOps: numel(x) });

function checkChannels(layer: string, x: Shape, channelDim: number, expected: number, arg: string): void {
  if (x[channelDim] !== expected) {
    throw new LayerError(`${layer} expects ${expected} channels (${arg}) but the input ${fmt(x)} has ${x[channelDim]}`, arg, { outputs: [x] });
  }
}

interface BatchNormConfig { C: S.Sym; affine: S.Sym; track: S.Sym }

function batchNorm(dims: 1 | 2 | 3, instance: boolean): LayerSpec<BatchNormConfig> {
  const name = `${instance ? 'InstanceNorm' : 'BatchNorm'}${dims}d`;
  return {
    name,
    category: 'norm',
    notes: 'normalization',
    describe: () => `${name} normalization`,
    parameterShapes: (c): Record<string, Shape> | undefined => (typeof c.C === 'number' && c.affine === 1 ? { weight: [c.C], bias: [c.C] } : typeof c.C === 'number' && c.affine === 0 ? {} : undefined),
    signature: [
      { name: 'num_features' }, { name: 'eps', default: float(1e-5) }, { name: 'momentum', default: float(0.1) },
      { name: 'affine', default: instance ? FALSE : TRUE }, { name: 'track_running_stats', default: instance ? FALSE : TRUE },
      kw('device'), kw('dtype'),
    ],
    configure: (a: ArgReader) => ({ C: a.int('num_features', { min: 1 }), affine: a.flag('affine'), track: a.flag('track_running_stats') }),
    // The weights and running statistics were made at construction; eps and momentum are read again.
    mutability: { fixed: ['num_features', 'affine', 'track_running_stats', 'device', 'dtype'] },
    params: (c) => S.mul(S.mul(2, c.affine), c.C),
    // running_mean + running_var, plus num_batches_tracked
    buffers: (c) => S.mul(c.track, S.add(S.mul(2, c.C), 1)),
    defaultInput: (c, d) => [dims === 1 ? [d.batch, n(c.C), d.sequenceLength] : dims === 2 ? [d.batch, n(c.C), d.imageSize, d.imageSize] : [d.batch, n(c.C), 16, 112, 112]],
    forward(c, [x]) {
      // BatchNorm1d takes (N, C) or (N, C, L); the others (and InstanceNorm) also take an unbatched input.
      const ranks = instance ? [dims + 1, dims + 2] : dims === 1 ? [2, 3] : [dims + 2];
      if (!ranks.includes(x.length)) {
        throw new LayerError(`${name} expects a ${ranks.map((r) => `${r}D`).join(' or ')} input, got ${x.length}D input ${fmt(x)}`);
      }
      const channelDim = x.length === dims + 1 && instance ? 0 : 1;
      // InstanceNorm without affine or running stats only warns on a channel mismatch.
      if (!instance || n(c.affine) || n(c.track)) checkChannels(name, x, channelDim, n(c.C), 'num_features');
      // Without running statistics the layer normalizes with the statistics of this very input, even in eval mode.
      const perChannel = numel(x) / x[channelDim];
      if (instance && numel(x.slice(channelDim + 1)) === 1) {
        throw new LayerError(`${name} needs more than 1 spatial element per channel, got input ${fmt(x)}`);
      }
      if (!instance && n(c.track) === 0 && perChannel === 1) {
        throw new LayerError(`${name} without running statistics needs more than 1 value per channel, got input ${fmt(x)}`);
      }
      return sameShape(x);
    },
  };
}

interface LayerNormConfig { shape: S.Sym[]; affine: S.Sym; bias: S.Sym }

const layerNorm: LayerSpec<LayerNormConfig> = {
  name: 'LayerNorm',
  category: 'norm',
  notes: 'normalization',
  parameterShapes: (c) => (c.shape.every((x) => typeof x === 'number') && c.affine !== 0 ? { weight: c.shape as number[], ...(c.bias === 0 ? {} : { bias: c.shape as number[] }) } : undefined),
  describe: () => 'LayerNorm normalization',
  signature: [
    { name: 'normalized_shape' }, { name: 'eps', default: float(1e-5) }, { name: 'elementwise_affine', default: TRUE },
    { name: 'bias', default: TRUE }, kw('device'), kw('dtype'),
  ],
  // normalized_shape is read again, against weights of the old shape: not modelled.
  mutability: { fixed: ['elementwise_affine', 'bias', 'device', 'dtype'], notFollowed: ['normalized_shape'] },
  configure(a) {
    const v = a.value('normalized_shape');
    const dims = v.kind === 'tuple' || v.kind === 'list' ? v.items.length : 1;
    return { shape: a.ints('normalized_shape', dims, { min: 1 }), affine: a.flag('elementwise_affine'), bias: a.flag('bias') };
  },
  params: (c) => S.mul(S.mul(c.affine, S.add(1, c.bias)), S.prod(c.shape)),
  defaultInput: (c, d) => [[d.batch, d.sequenceLength, ...c.shape.map(n)]],
  forward(c, [x]) {
    const want = c.shape.map(n);
    const tail = x.slice(x.length - want.length);
    if (x.length < want.length || fmt(tail) !== fmt(want)) {
      throw new LayerError(`LayerNorm normalizes over the last dims ${fmt(want)} but the input is ${fmt(x)}`, 'normalized_shape', { outputs: [x] });
    }
    return sameShape(x);
  },
};

interface GroupNormConfig { G: S.Sym; C: S.Sym; affine: S.Sym }

const groupNorm: LayerSpec<GroupNormConfig> = {
  name: 'GroupNorm',
  category: 'norm',
  notes: 'normalization',
  parameterShapes: (c) => (typeof c.C === 'number' && c.affine === 1 ? { weight: [c.C], bias: [c.C] } : undefined),
  describe: () => 'GroupNorm normalization',
  signature: [{ name: 'num_groups' }, { name: 'num_channels' }, { name: 'eps', default: float(1e-5) }, { name: 'affine', default: TRUE }, kw('device'), kw('dtype')],
  mutability: { fixed: ['num_channels', 'affine', 'device', 'dtype'] },
  configure(a) {
    const G = a.int('num_groups', { min: 1 });
    const C = a.int('num_channels', { min: 1 });
    if (typeof G === 'number' && typeof C === 'number' && G > 0 && C % G !== 0) {
      a.error(`GroupNorm: num_channels (${C}) must be divisible by num_groups (${G})`, 'num_groups');
    }
    return { G, C, affine: a.flag('affine') };
  },
  params: (c) => S.mul(S.mul(2, c.affine), c.C),
  defaultInput: (c, d) => [[d.batch, n(c.C), d.imageSize, d.imageSize]],
  forward(c, [x]) {
    if (x.length < 2) throw new LayerError(`GroupNorm expects an input of at least 2D (N, C, *), got ${fmt(x)}`);
    checkChannels('GroupNorm', x, 1, n(c.C), 'num_channels');
    return sameShape(x);
  },
};

const localResponseNorm: LayerSpec<{ size: S.Sym }> = {
  name: 'LocalResponseNorm',
  category: 'norm',
  notes: 'normalization',
  describe: () => 'LocalResponseNorm normalization',
  functional: [{ name: 'local_response_norm', positional: ['size', 'alpha', 'beta', 'k'] }],
  signature: [{ name: 'size' }, { name: 'alpha', default: float(1e-4) }, { name: 'beta', default: float(0.75) }, { name: 'k', default: float(1) }],
  configure: (a) => ({ size: a.int('size', { min: 1 }) }),
  params: () => 0,
  defaultInput: (_c, d) => [[d.batch, d.channels, d.imageSize, d.imageSize]],
  forward(_c, [x]) {
    if (x.length < 3) throw new LayerError(`LocalResponseNorm expects a 3D or higher input, got ${fmt(x)}`);
    return sameShape(x);
  },
};

export const normSpecs: AnyLayerSpec[] = [
  batchNorm(1, false), batchNorm(2, false), batchNorm(3, false),
  batchNorm(1, true), batchNorm(2, true), batchNorm(3, true),
  layerNorm, groupNorm, localResponseNorm,
];
