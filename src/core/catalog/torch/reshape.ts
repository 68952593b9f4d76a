/** Layers that move data without arithmetic (dropout at inference, flatten, shuffles, identity) and Upsample. */
import * as S from '../../values/symbolic';
import { n, ns, symOf, type ArgReader } from '../../values/argReader';
import { LayerError, type AnyLayerSpec, type Category, type LayerSpec, type Shape } from '../../values/spec';
import { int, NONE, type RValue } from '../../values/value';
import { dimIndex, fmt, numel } from './shapes';

const FALSE: RValue = { kind: 'bool', value: false };
const float = (value: number): RValue => ({ kind: 'float', value });

/** No arithmetic: the output elements are the input elements, moved or passed through. */
const moved = (y: Shape) => ({ outputs: [y], multAdds: 0, otherOps: 0 });

function noParams<C>(spec: Omit<LayerSpec<C>, 'params' | 'defaultInput'> & Partial<Pick<LayerSpec<C>, 'defaultInput'>>): LayerSpec<C> {
  return {
    params: () => 0,
    defaultInput: (_c, d) => [[d.batch, d.channels, d.imageSize, d.imageSize]],
    ...spec,
  };
}

/** Dropout is the identity in eval mode; it still reads and writes its tensor. */
function dropout(name: string, ranks?: number[]): LayerSpec<null> {
  return noParams({
    name,
    category: 'dropout' as Category,
    ...(name === 'Dropout' || name === 'Dropout2d' ? { functional: [{ name: name.toLowerCase(), positional: ['p'] }] } : {}),
    signature: [{ name: 'p', default: float(0.5) }, { name: 'inplace', default: FALSE }],
    configure(a: ArgReader) {
      const p = a.float('p');
      if (p !== undefined && (p < 0 || p > 1)) a.error(`${name}: dropout probability has to be between 0 and 1, but got ${p}`, 'p');
      return null;
    },
    forward(_c, [x]) {
      if (ranks && !ranks.includes(x.length)) throw new LayerError(`${name} expects a ${ranks.map((r) => `${r}D`).join(' or ')} input, got ${fmt(x)}`);
      return moved(x);
    },
  });
}

const flatten = noParams<{ start: S.Sym; end: S.Sym }>({
  name: 'Flatten',
  category: 'reshape',
  signature: [{ name: 'start_dim', default: int(1) }, { name: 'end_dim', default: int(-1) }],
  configure: (a) => ({ start: a.int('start_dim'), end: a.int('end_dim') }),
  forward(c, [x]) {
    if (x.length === 0) return moved([1]);
    const s = dimIndex('Flatten', n(c.start), x.length);
    const e = dimIndex('Flatten', n(c.end), x.length);
    if (s > e) throw new LayerError(`Flatten: start_dim (${n(c.start)}) comes after end_dim (${n(c.end)}) for a ${x.length}D input`, 'start_dim');
    return moved([...x.slice(0, s), numel(x.slice(s, e + 1)), ...x.slice(e + 1)]);
  },
});

const unflatten = noParams<{ dim: S.Sym; sizes: S.Sym[] }>({
  name: 'Unflatten',
  category: 'reshape',
  signature: [{ name: 'dim' }, { name: 'unflattened_size' }],
  configure(a) {
    const v = a.value('unflattened_size');
    const sizes = v.kind === 'tuple' || v.kind === 'list' ? v.items.map(symOf) : [a.int('unflattened_size')];
    return { dim: a.int('dim'), sizes };
  },
  defaultInput: (c, d) => {
    const dim = n(c.dim);
    const sizes = ns(c.sizes);
    if (sizes.some((s) => s < 0) || (dim !== 1 && dim !== -1)) throw new LayerError('annotate the input shape: Unflatten has no obvious default input');
    return [[d.batch, numel(sizes)]];
  },
  forward(c, [x]) {
    const i = dimIndex('Unflatten', n(c.dim), x.length);
    const sizes = ns(c.sizes);
    const inferred = sizes.filter((s) => s === -1).length;
    const known = numel(sizes.filter((s) => s !== -1));
    if (inferred > 1) throw new LayerError('Unflatten: only one dimension can be inferred (-1)', 'unflattened_size');
    const resolved = inferred ? sizes.map((s) => (s === -1 ? x[i] / known : s)) : sizes;
    if (resolved.some((s) => !Number.isInteger(s) || s < 0) || numel(resolved) !== x[i]) {
      throw new LayerError(`Unflatten: unflattened_size ${fmt(sizes)} does not multiply to the size ${x[i]} of dim ${n(c.dim)} of the input ${fmt(x)}`, 'unflattened_size');
    }
    return moved([...x.slice(0, i), ...resolved, ...x.slice(i + 1)]);
  },
});

const identity = noParams<null>({
  name: 'Identity',
  category: 'identity',
  signature: [],
  acceptsAnything: true,
  configure: () => null,
  forward: (_c, [x]) => moved(x),
});

interface UpsampleConfig { size: RValue; scale: RValue; mode?: string }

const INTERPOLATING = new Set(['linear', 'bilinear', 'bicubic', 'trilinear']);
const MODE_RANK: Record<string, number> = { linear: 3, bilinear: 4, bicubic: 4, trilinear: 5 };

function upsampleForward(name: string, c: UpsampleConfig, x: Shape) {
  if (x.length < 3 || x.length > 5) throw new LayerError(`${name} expects a 3D, 4D or 5D input (N, C, spatial…), got ${fmt(x)}`);
  const dims = x.length - 2;
  if (c.mode && MODE_RANK[c.mode] && MODE_RANK[c.mode] !== x.length) {
    throw new LayerError(`${name}: mode '${c.mode}' needs a ${MODE_RANK[c.mode]}D input, got ${fmt(x)}`, 'mode');
  }
  const spatial = x.slice(2);
  const perDim = (v: RValue, what: string): number[] => {
    if (v.kind === 'tuple' || v.kind === 'list') {
      if (v.items.length !== dims) throw new LayerError(`${name}: ${what} has ${v.items.length} entries for ${dims} spatial dims`, what);
      return v.items.map((i) => (i.kind === 'int' || i.kind === 'float' ? i.value : n(symOf(i))));
    }
    const one = v.kind === 'int' || v.kind === 'float' ? v.value : n(symOf(v));
    return Array(dims).fill(one);
  };
  const out = c.size.kind !== 'none'
    ? perDim(c.size, 'size')
    : perDim(c.scale, 'scale_factor').map((f, i) => Math.floor(spatial[i] * f));
  if (out.some((o) => o <= 0 || !Number.isInteger(o))) throw new LayerError(`${name}: output size ${fmt(out)} is not valid for input ${fmt(x)}`);
  const y = [x[0], x[1], ...out];
  // Each output element is interpolated (or copied, for nearest): one cheap op each.
  return { outputs: [y], multAdds: 0, otherOps: numel(y) };
}

function configureUpsample(a: ArgReader, name: string, mode?: string): UpsampleConfig {
  const size = a.value('size');
  const scale = a.value('scale_factor');
  if (size.kind !== 'none' && scale.kind !== 'none') a.error(`${name}: only one of size or scale_factor should be defined`, 'scale_factor');
  if (size.kind === 'none' && scale.kind === 'none') a.error(`${name}: either size or scale_factor should be defined`, 'size');
  return { size, scale, mode };
}

const upsample = noParams<UpsampleConfig>({
  name: 'Upsample',
  category: 'upsample',
  functional: [{ name: 'interpolate', positional: ['size', 'scale_factor', 'mode', 'align_corners'] }],
  signature: [
    { name: 'size', default: NONE }, { name: 'scale_factor', default: NONE }, { name: 'mode', default: { kind: 'str', value: 'nearest' } },
    { name: 'align_corners', default: NONE }, { name: 'recompute_scale_factor', default: NONE },
  ],
  configure(a) {
    const mode = a.choice('mode', ['nearest', 'linear', 'bilinear', 'bicubic', 'trilinear', 'area', 'nearest-exact'] as const);
    if (mode && !INTERPOLATING.has(mode) && !a.isNone('align_corners')) {
      a.error(`Upsample: align_corners can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear`, 'align_corners');
    }
    return configureUpsample(a, 'Upsample', mode);
  },
  forward: (c, [x]) => upsampleForward('Upsample', c, x),
  facts: (c) => (c.mode ? { mode: c.mode } : undefined),
});

function fixedUpsample(name: string, mode: string): LayerSpec<UpsampleConfig> {
  return noParams<UpsampleConfig>({
    name,
    category: 'upsample',
    signature: [{ name: 'size', default: NONE }, { name: 'scale_factor', default: NONE }],
    configure: (a) => configureUpsample(a, name, mode),
    forward(c, [x]) {
      if (x.length !== 4) throw new LayerError(`${name} expects a 4D input, got ${fmt(x)}`);
      return upsampleForward(name, c, x);
    },
  });
}

const pixelShuffle = noParams<{ r: S.Sym }>({
  name: 'PixelShuffle',
  category: 'reshape',
  functional: [{ name: 'pixel_shuffle', positional: ['upscale_factor'] }],
  signature: [{ name: 'upscale_factor' }],
  configure: (a) => ({ r: a.int('upscale_factor', { min: 1 }) }),
  defaultInput: (c, d) => {
    const r2 = n(c.r) ** 2;
    return [[d.batch, d.channels % r2 === 0 ? d.channels : d.channels * r2, d.imageSize, d.imageSize]];
  },
  forward(c, [x]) {
    const r = n(c.r);
    if (x.length < 3) throw new LayerError(`PixelShuffle expects an input of at least 3D, got ${fmt(x)}`);
    const [C, H, W] = x.slice(-3);
    if (C % (r * r) !== 0) throw new LayerError(`PixelShuffle: the input's channels (${C}) must be divisible by upscale_factor² (${r * r})`, 'upscale_factor');
    return moved([...x.slice(0, -3), C / (r * r), H * r, W * r]);
  },
});

const pixelUnshuffle = noParams<{ r: S.Sym }>({
  name: 'PixelUnshuffle',
  category: 'reshape',
  functional: [{ name: 'pixel_unshuffle', positional: ['downscale_factor'] }],
  signature: [{ name: 'downscale_factor' }],
  configure: (a) => ({ r: a.int('downscale_factor', { min: 1 }) }),
  forward(c, [x]) {
    const r = n(c.r);
    if (x.length < 3) throw new LayerError(`PixelUnshuffle expects an input of at least 3D, got ${fmt(x)}`);
    const [C, H, W] = x.slice(-3);
    if (H % r !== 0 || W % r !== 0) throw new LayerError(`PixelUnshuffle: height ${H} and width ${W} must be divisible by downscale_factor (${r})`, 'downscale_factor');
    return moved([...x.slice(0, -3), C * r * r, H / r, W / r]);
  },
});

const channelShuffle = noParams<{ g: S.Sym }>({
  name: 'ChannelShuffle',
  category: 'reshape',
  notes: 'shufflenet',
  functional: [{ name: 'channel_shuffle', positional: ['groups'] }],
  signature: [{ name: 'groups' }],
  configure: (a) => ({ g: a.int('groups', { min: 1 }) }),
  defaultInput: (c, d) => {
    const g = n(c.g);
    return [[d.batch, d.channels % g === 0 ? d.channels : d.channels * g, d.imageSize, d.imageSize]];
  },
  forward(c, [x]) {
    const g = n(c.g);
    if (x.length < 3) throw new LayerError(`ChannelShuffle expects an input of at least 3D (N, C, *), got ${fmt(x)}`);
    if (x[1] % g !== 0) throw new LayerError(`ChannelShuffle: the input's channels (${x[1]}) must be divisible by groups (${g})`, 'groups');
    return moved(x);
  },
});

/** Containers hold other layers; the call-site view sums the params of the layers written inside. */
function container(name: string): LayerSpec<null> {
  return noParams<null>({
    name,
    category: 'container',
    container: true,
    signature: [],
    acceptsAnything: true,
    configure: () => null,
    forward: () => {
      throw new LayerError(`${name} runs the layers inside it: its costs come from whole-model evaluation`);
    },
  });
}

interface UnfoldConfig { k: S.Sym[]; d: S.Sym[]; p: S.Sym[]; s: S.Sym[] }

/**
 * Unfold (im2col): every sliding block of the input as a column, (N, C, H, W) → (N, C·kh·kw, L). The values are
 * copied (overlapping blocks more than once); nothing is computed. T2T-ViT and PiT build tokens with it.
 */
const unfold = noParams<UnfoldConfig>({
  name: 'Unfold',
  category: 'reshape',
  functional: [{ name: 'unfold', positional: ['kernel_size', 'dilation', 'padding', 'stride'] }],
  signature: [{ name: 'kernel_size' }, { name: 'dilation', default: int(1) }, { name: 'padding', default: int(0) }, { name: 'stride', default: int(1) }],
  configure: (a) => ({ k: a.ints('kernel_size', 2, { min: 1 }), d: a.ints('dilation', 2, { min: 1 }), p: a.ints('padding', 2, { min: 0 }), s: a.ints('stride', 2, { min: 1 }) }),
  forward(c, [x]) {
    if (x.length !== 3 && x.length !== 4) throw new LayerError(`Unfold expects a 3D or 4D (batch mode) input, got ${fmt(x)}`);
    const [k, d, p, s] = [ns(c.k), ns(c.d), ns(c.p), ns(c.s)];
    const [C, H, W] = x.slice(-3);
    const blocks = [H, W].map((size, i) => Math.floor((size + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i]) + 1);
    if (blocks.some((b) => b < 1)) {
      throw new LayerError(`Unfold: the input's spatial size ${fmt([H, W])} with kernel_size ${fmt(k)}, dilation ${fmt(d)} and padding ${fmt(p)} leaves no sliding block (${fmt(blocks)})`, 'kernel_size');
    }
    return moved([...x.slice(0, -3), C * k[0] * k[1], blocks[0] * blocks[1]]);
  },
});

/** Fold: the inverse arrangement, blocks (N, C·k₀·k₁, L) back into an output_size image (sums of overlaps not counted). */
const fold = noParams<UnfoldConfig & { out: S.Sym[] }>({
  name: 'Fold',
  category: 'reshape',
  functional: [{ name: 'fold', positional: ['output_size', 'kernel_size', 'dilation', 'padding', 'stride'] }],
  signature: [{ name: 'output_size' }, { name: 'kernel_size' }, { name: 'dilation', default: int(1) }, { name: 'padding', default: int(0) }, { name: 'stride', default: int(1) }],
  configure: (a) => ({ out: a.ints('output_size', 2, { min: 1 }), k: a.ints('kernel_size', 2, { min: 1 }), d: a.ints('dilation', 2, { min: 1 }), p: a.ints('padding', 2, { min: 0 }), s: a.ints('stride', 2, { min: 1 }) }),
  forward(c, [x]) {
    if (x.length !== 2 && x.length !== 3) throw new LayerError(`Fold expects a 2D or 3D (batch mode) input, got ${fmt(x)}`);
    const [k, d, p, s, out] = [ns(c.k), ns(c.d), ns(c.p), ns(c.s), ns(c.out)];
    const [CK, L] = x.slice(-2);
    if (CK % (k[0] * k[1]) !== 0) throw new LayerError(`Expected size of input's dimension ${x.length - 2} to be divisible by the product of kernel_size, but got input.size(${x.length - 2})=${CK} and kernel_size=(${k.join(', ')}).`, 'kernel_size');
    const blocks = out.map((size, i) => Math.floor((size + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i]) + 1);
    if (blocks[0] * blocks[1] !== L) {
      throw new LayerError(`Given output_size=(${out.join(', ')}), kernel_size=(${k.join(', ')}), dilation=(${d.join(', ')}), padding=(${p.join(', ')}), stride=(${s.join(', ')}), expected size of input's dimension ${x.length - 1} to match the calculated number of sliding blocks ${blocks[0]} * ${blocks[1]} = ${blocks[0] * blocks[1]}, but got input.size(${x.length - 1})=${L}.`, 'output_size');
    }
    return moved([...x.slice(0, -2), CK / (k[0] * k[1]), out[0], out[1]]);
  },
});

export const reshapeSpecs: AnyLayerSpec[] = [
  container('Sequential'), container('ModuleList'), container('ModuleDict'),
  dropout('Dropout'), dropout('Dropout1d', [2, 3]), dropout('Dropout2d'), dropout('Dropout3d'),
  dropout('AlphaDropout'), dropout('FeatureAlphaDropout'),
  flatten, unflatten, identity, upsample,
  fixedUpsample('UpsamplingNearest2d', 'nearest'), fixedUpsample('UpsamplingBilinear2d', 'bilinear'),
  pixelShuffle, pixelUnshuffle, channelShuffle, unfold, fold,
];

