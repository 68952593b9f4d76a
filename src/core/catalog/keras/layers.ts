/**
 * Keras layers as data: each one's signature as Keras declares it (positional order and defaults), how to
 * read its arguments, its weights once built on an input shape (trainable and not), and its output shapes
 * and costs for given inputs. Channels-last unless `data_format='channels_first'`. Figures follow
 * docs/conventions.md; a fused `activation=` adds its output elements to otherOps.
 */
import { type Formula, LayerError, type Shape } from '../../values/spec';
import { convFormula, separableFormula } from '../convFormula';
import { activationOps, dataFormat, elementwise, int, join, numel, oneOf, outLength, positive, rank, split, tuple } from './args';
import { SEQUENCE_LAYERS } from './sequence';
import { SHAPING_LAYERS } from './shaping';
import { LOOKUP_LAYERS } from './lookup';
import type { KerasArg, KerasLayerSpec } from './types';

// ------------------------------------------------------------------ convolution

interface ConvConfig {
  dims: number;
  filters: number;
  kernel: number[];
  strides: number[];
  padding: 'valid' | 'same' | 'causal';
  format: 'channels_last' | 'channels_first';
  dilation: number[];
  groups: number;
  bias: boolean;
  activation: KerasArg;
}

const CONV_SIG = () => [
  { name: 'filters' }, { name: 'kernel_size' }, { name: 'strides', default: 1 }, { name: 'padding', default: 'valid' },
  { name: 'data_format', default: null }, { name: 'dilation_rate', default: 1 }, { name: 'groups', default: 1 },
  { name: 'activation', default: null }, { name: 'use_bias', default: true },
];

function conv(name: string, dims: number): KerasLayerSpec<ConvConfig> {
  return {
    name, category: 'conv', notes: 'convolution',
    signature: CONV_SIG(),
    configure: (a) => ({
      dims, filters: positive(a.get('filters')!, 'filters'), kernel: tuple(a.get('kernel_size')!, dims, 'kernel_size'),
      strides: tuple(a.get('strides')!, dims, 'strides'), padding: oneOf(a.get('padding')!, ['valid', 'same', 'causal'] as const, 'padding'),
      format: dataFormat(a.get('data_format')!), dilation: tuple(a.get('dilation_rate')!, dims, 'dilation_rate'),
      groups: positive(a.get('groups') ?? 1, 'groups'), bias: a.get('use_bias') !== false, activation: a.get('activation') ?? null,
    }),
    weights: (c, inputs) => {
      const { channels } = split(rank(inputs, c.dims + 2, name), c.format);
      if (channels % c.groups || c.filters % c.groups) throw new LayerError(`${name}: input channels (${channels}) and filters (${c.filters}) must be divisible by groups (${c.groups})`, 'groups');
      return { trainable: numel(c.kernel) * (channels / c.groups) * c.filters + (c.bias ? c.filters : 0), nonTrainable: 0 };
    },
    forward: (c, inputs) => {
      const s = rank(inputs, c.dims + 2, name);
      const { channels, spatial } = split(s, c.format);
      const out = spatial.map((n, i) => outLength(n, c.kernel[i], c.padding, c.strides[i], c.dilation[i]));
      if (out.some((n) => n <= 0)) throw new LayerError(`${name}: the kernel ${c.kernel.join('×')} is larger than the input ${spatial.join('×')}`);
      const shape = join(s[0], c.filters, out, c.format);
      return { outputs: [shape], multAdds: numel(shape) * (channels / c.groups) * numel(c.kernel), otherOps: activationOps(c.activation, shape) };
    },
    describe: (c, inputs) => {
      const channels = inputs[0] ? split(inputs[0], c.format).channels : undefined;
      const what = c.groups > 1 ? `grouped conv (${c.groups} groups)` : c.kernel.every((k) => k === 1) ? 'pointwise conv' : 'conv';
      return `${c.kernel.join('×')} ${what}, ${channels ?? '?'} → ${c.filters} channels${stride(c.strides)}`;
    },
    formula: (c, inputs, outputs) => (c.dims === 2 ? conv2DFormula(c.kernel, c.groups, c.format, inputs[0], outputs[0]) : undefined),
  };
}

/** `, stride 2` when the stride is not 1 (`, stride 2×1` when it differs along the axes). */
const stride = (s: number[]) => (s.every((x) => x === 1) ? '' : `, stride ${s.every((x) => x === s[0]) ? s[0] : s.join('×')}`);

/** A Keras 2-D conv's formula, its shapes read in their data format. */
function conv2DFormula(kernel: number[], groups: number, format: 'channels_last' | 'channels_first', input: Shape | undefined, output: Shape | undefined): Formula | undefined {
  if (!input || !output || input.length !== 4 || output.length !== 4) return undefined;
  const i = split(input, format);
  const o = split(output, format);
  return convFormula({ kernel: [kernel[0], kernel[1]], inC: i.channels, outC: o.channels, groups, batch: input[0], outH: o.spatial[0], outW: o.spatial[1] });
}

interface DepthwiseConfig {
  kernel: number[];
  strides: number[];
  padding: 'valid' | 'same';
  multiplier: number;
  format: 'channels_last' | 'channels_first';
  dilation: number[];
  bias: boolean;
  activation: KerasArg;
}

/** DepthwiseConv1D/2D: one kernel per input channel (times depth_multiplier), one bias per output channel. */
function depthwise(name: string, dims: number): KerasLayerSpec<DepthwiseConfig> {
  return {
    name, category: 'conv', notes: 'mobilenet',
    signature: [
      { name: 'kernel_size' }, { name: 'strides', default: 1 }, { name: 'padding', default: 'valid' }, { name: 'depth_multiplier', default: 1 },
      { name: 'data_format', default: null }, { name: 'dilation_rate', default: 1 }, { name: 'activation', default: null }, { name: 'use_bias', default: true },
    ],
    configure: (a) => ({
      kernel: tuple(a.get('kernel_size')!, dims, 'kernel_size'), strides: tuple(a.get('strides')!, dims, 'strides'),
      padding: oneOf(a.get('padding')!, ['valid', 'same'] as const, 'padding'), multiplier: positive(a.get('depth_multiplier')!, 'depth_multiplier'),
      format: dataFormat(a.get('data_format')!), dilation: tuple(a.get('dilation_rate')!, dims, 'dilation_rate'), bias: a.get('use_bias') !== false,
      activation: a.get('activation') ?? null,
    }),
    weights: (c, inputs) => {
      const { channels } = split(rank(inputs, dims + 2, name), c.format);
      return { trainable: numel(c.kernel) * channels * c.multiplier + (c.bias ? channels * c.multiplier : 0), nonTrainable: 0 };
    },
    forward: (c, inputs) => {
      const s = rank(inputs, dims + 2, name);
      const { channels, spatial } = split(s, c.format);
      const out = spatial.map((n, i) => outLength(n, c.kernel[i], c.padding, c.strides[i], c.dilation[i]));
      if (out.some((n) => n <= 0)) throw new LayerError(`${name}: the kernel ${c.kernel.join('×')} is larger than the input ${spatial.join('×')}`);
      const shape = join(s[0], channels * c.multiplier, out, c.format);
      return { outputs: [shape], multAdds: numel(shape) * numel(c.kernel), otherOps: activationOps(c.activation, shape) };
    },
    describe: (c, inputs) => {
      const channels = inputs[0] ? split(inputs[0], c.format).channels : undefined;
      return `${c.kernel.join('×')} depthwise conv, ${channels ?? '?'} channels${c.multiplier > 1 ? ` × ${c.multiplier}` : ''}${stride(c.strides)}`;
    },
    // With a depth multiplier, each channel gives several outputs: not MobileNet's one filter per channel.
    formula: (c, inputs, outputs) => {
      const channels = inputs[0]?.length === 4 ? split(inputs[0], c.format).channels : undefined;
      return dims === 2 && c.multiplier === 1 && channels ? conv2DFormula(c.kernel, channels, c.format, inputs[0], outputs[0]) : undefined;
    },
  };
}

/** SeparableConv1D/2D: a depthwise conv, then a pointwise one; one bias, after the pointwise. */
function separable(name: string, dims: number): KerasLayerSpec<ConvConfig & { multiplier: number }> {
  const base = conv(name, dims);
  return {
    name, category: 'conv', notes: 'mobilenet',
    signature: [
      { name: 'filters' }, { name: 'kernel_size' }, { name: 'strides', default: 1 }, { name: 'padding', default: 'valid' },
      { name: 'data_format', default: null }, { name: 'dilation_rate', default: 1 }, { name: 'depth_multiplier', default: 1 },
      { name: 'activation', default: null }, { name: 'use_bias', default: true },
    ],
    configure: (a) => ({ ...base.configure(new Map([...a, ['groups', 1]])), multiplier: positive(a.get('depth_multiplier')!, 'depth_multiplier') }),
    weights: (c, inputs) => {
      const { channels } = split(rank(inputs, dims + 2, name), c.format);
      return { trainable: numel(c.kernel) * channels * c.multiplier + channels * c.multiplier * c.filters + (c.bias ? c.filters : 0), nonTrainable: 0 };
    },
    forward: (c, inputs) => {
      const s = rank(inputs, dims + 2, name);
      const { channels, spatial } = split(s, c.format);
      const out = spatial.map((n, i) => outLength(n, c.kernel[i], c.padding, c.strides[i], c.dilation[i]));
      const shape = join(s[0], c.filters, out, c.format);
      const positions = numel(shape) / c.filters;
      return { outputs: [shape], multAdds: positions * channels * c.multiplier * (numel(c.kernel) + c.filters), otherOps: activationOps(c.activation, shape) };
    },
    describe: (c, inputs) => {
      const channels = inputs[0] ? split(inputs[0], c.format).channels : undefined;
      return `${c.kernel.join('×')} depthwise-separable conv, ${channels ?? '?'} → ${c.filters} channels${stride(c.strides)}`;
    },
    formula: (c, inputs, outputs) => {
      if (dims !== 2 || c.multiplier !== 1 || inputs[0]?.length !== 4 || outputs[0]?.length !== 4) return undefined;
      const i = split(inputs[0], c.format);
      const o = split(outputs[0], c.format);
      return separableFormula({ kernel: [c.kernel[0], c.kernel[1]], inC: i.channels, outC: o.channels, batch: inputs[0][0], outH: o.spatial[0], outW: o.spatial[1] });
    },
  };
}

/** Conv1DTranspose, Conv2DTranspose, Conv3DTranspose: Keras's deconv_output_length in each spatial dim. */
function convTranspose(name: string, dims: number): KerasLayerSpec<ConvConfig & { outputPadding: number[] | null }> {
  return {
    name, category: 'convtranspose', notes: 'convolution',
    signature: [
      { name: 'filters' }, { name: 'kernel_size' }, { name: 'strides', default: 1 }, { name: 'padding', default: 'valid' }, { name: 'output_padding', default: null },
      { name: 'data_format', default: null }, { name: 'dilation_rate', default: 1 }, { name: 'activation', default: null }, { name: 'use_bias', default: true },
    ],
    configure: (a) => {
      const op = a.get('output_padding');
      return { ...conv(name, dims).configure(new Map([...a, ['groups', 1]])), outputPadding: op === null || op === undefined ? null : tuple(op, dims, 'output_padding').map((x) => x) };
    },
    weights: (c, inputs) => {
      const { channels } = split(rank(inputs, dims + 2, name), c.format);
      return { trainable: numel(c.kernel) * channels * c.filters + (c.bias ? c.filters : 0), nonTrainable: 0 };
    },
    forward: (c, inputs) => {
      const s = rank(inputs, dims + 2, name);
      const { spatial } = split(s, c.format);
      const out = spatial.map((n, i) => {
        const k = (c.kernel[i] - 1) * c.dilation[i] + 1;
        if (c.outputPadding === null) return c.padding === 'valid' ? n * c.strides[i] + Math.max(k - c.strides[i], 0) : n * c.strides[i];
        const pad = c.padding === 'same' ? Math.floor(k / 2) : 0;
        return (n - 1) * c.strides[i] + k - 2 * pad + c.outputPadding[i];
      });
      const shape = join(s[0], c.filters, out, c.format);
      return { outputs: [shape], multAdds: numel(s) * c.filters * numel(c.kernel), otherOps: activationOps(c.activation, shape) };
    },
  };
}

// ------------------------------------------------------------------ dense, normalization

const dense: KerasLayerSpec<{ units: number; bias: boolean; activation: KerasArg }> = {
  name: 'Dense', category: 'linear',
  signature: [{ name: 'units' }, { name: 'activation', default: null }, { name: 'use_bias', default: true }],
  configure: (a) => ({ units: positive(a.get('units')!, 'units'), bias: a.get('use_bias') !== false, activation: a.get('activation') ?? null }),
  weights: (c, inputs) => {
    const s = inputs[0];
    if (!s || s.length < 2) throw new LayerError('Dense expects an input of at least 2 dimensions (batch included)');
    return { trainable: s[s.length - 1] * c.units + (c.bias ? c.units : 0), nonTrainable: 0 };
  },
  forward: (c, inputs) => {
    const s = inputs[0];
    const shape = [...s.slice(0, -1), c.units];
    return { outputs: [shape], multAdds: numel(s.slice(0, -1)) * s[s.length - 1] * c.units, otherOps: activationOps(c.activation, shape) };
  },
  describe: (c, inputs) => `fully connected, ${inputs[0]?.at(-1) ?? '?'} → ${c.units} features`,
};

const batchNormalization: KerasLayerSpec<{ axis: number; center: boolean; scale: boolean }> = {
  name: 'BatchNormalization', category: 'norm', notes: 'normalization',
  signature: [{ name: 'axis', default: -1 }, { name: 'momentum', default: 0.99 }, { name: 'epsilon', default: 0.001 }, { name: 'center', default: true }, { name: 'scale', default: true }],
  configure: (a) => ({ axis: int(a.get('axis')!, 'axis'), center: a.get('center') !== false, scale: a.get('scale') !== false }),
  weights: (c, inputs) => {
    const s = inputs[0];
    const axis = c.axis < 0 ? s.length + c.axis : c.axis;
    if (axis <= 0 || axis >= s.length) throw new LayerError(`BatchNormalization: axis ${c.axis} is out of range for a ${s.length}-D input`, 'axis');
    const ch = s[axis];
    // Keras counts the moving mean and variance as non-trainable weights.
    return { trainable: (c.center ? ch : 0) + (c.scale ? ch : 0), nonTrainable: 2 * ch };
  },
  forward: (_c, inputs) => ({ outputs: [inputs[0]], multAdds: 0, otherOps: numel(inputs[0]) }),
};

const layerNormalization: KerasLayerSpec<{ axis: number[]; center: boolean; scale: boolean }> = {
  name: 'LayerNormalization', category: 'norm', notes: 'normalization',
  signature: [{ name: 'axis', default: -1 }, { name: 'epsilon', default: 0.001 }, { name: 'center', default: true }, { name: 'scale', default: true }],
  configure: (a) => {
    const axis = a.get('axis')!;
    return { axis: Array.isArray(axis) ? axis.map((x) => int(x, 'axis')) : [int(axis, 'axis')], center: a.get('center') !== false, scale: a.get('scale') !== false };
  },
  weights: (c, inputs) => {
    const s = inputs[0];
    const n = c.axis.reduce((p, ax) => p * s[ax < 0 ? s.length + ax : ax], 1);
    return { trainable: (c.center ? n : 0) + (c.scale ? n : 0), nonTrainable: 0 };
  },
  forward: (_c, inputs) => ({ outputs: [inputs[0]], multAdds: 0, otherOps: numel(inputs[0]) }),
};

const groupNormalization: KerasLayerSpec<{ groups: number; axis: number; center: boolean; scale: boolean }> = {
  name: 'GroupNormalization', category: 'norm', notes: 'normalization',
  signature: [{ name: 'groups', default: 32 }, { name: 'axis', default: -1 }, { name: 'epsilon', default: 0.001 }, { name: 'center', default: true }, { name: 'scale', default: true }],
  configure: (a) => ({ groups: positive(a.get('groups')!, 'groups'), axis: int(a.get('axis')!, 'axis'), center: a.get('center') !== false, scale: a.get('scale') !== false }),
  weights: (c, inputs) => {
    const s = inputs[0];
    const ch = s[c.axis < 0 ? s.length + c.axis : c.axis];
    if (ch % c.groups) throw new LayerError(`GroupNormalization: ${ch} channels cannot be split into ${c.groups} groups`, 'groups');
    return { trainable: (c.center ? ch : 0) + (c.scale ? ch : 0), nonTrainable: 0 };
  },
  forward: (_c, inputs) => ({ outputs: [inputs[0]], multAdds: 0, otherOps: numel(inputs[0]) }),
};

// ------------------------------------------------------------------ shape-only layers

const activation: KerasLayerSpec<{ activation: KerasArg }> = {
  name: 'Activation', category: 'activation', signature: [{ name: 'activation' }],
  configure: (a) => ({ activation: a.get('activation') ?? null }),
  weights: () => ({ trainable: 0, nonTrainable: 0 }),
  forward: (c, inputs) => ({ outputs: [inputs[0]], multAdds: 0, otherOps: activationOps(c.activation, inputs[0]) }),
};

/** A layer spec with the positional parameters Keras declares for it. */
const withSignature = <C>(spec: KerasLayerSpec<C>, signature: KerasLayerSpec['signature']): KerasLayerSpec<C> => ({ ...spec, signature });

const relu: KerasLayerSpec<Record<string, never>> = { ...elementwise('ReLU', 'activation'), signature: [{ name: 'max_value', default: null }, { name: 'negative_slope', default: 0 }, { name: 'threshold', default: 0 }] };

function pooling(name: string, dims: number): KerasLayerSpec<{ pool: number[]; strides: number[]; padding: 'valid' | 'same'; format: 'channels_last' | 'channels_first' }> {
  return {
    name, category: 'pool',
    signature: [{ name: 'pool_size', default: 2 }, { name: 'strides', default: null }, { name: 'padding', default: 'valid' }, { name: 'data_format', default: null }],
    configure: (a) => {
      const pool = tuple(a.get('pool_size')!, dims, 'pool_size');
      const strides = a.get('strides');
      return { pool, strides: strides === null || strides === undefined ? pool : tuple(strides, dims, 'strides'), padding: oneOf(a.get('padding')!, ['valid', 'same'] as const, 'padding'), format: dataFormat(a.get('data_format')!) };
    },
    weights: () => ({ trainable: 0, nonTrainable: 0 }),
    forward: (c, inputs) => {
      const s = rank(inputs, dims + 2, name);
      const { channels, spatial } = split(s, c.format);
      const out = spatial.map((n, i) => outLength(n, c.pool[i], c.padding, c.strides[i], 1));
      if (out.some((n) => n <= 0)) throw new LayerError(`${name}: the pool ${c.pool.join('×')} is larger than the input ${spatial.join('×')}`);
      const shape = join(s[0], channels, out, c.format);
      return { outputs: [shape], multAdds: 0, otherOps: numel(shape) };
    },
  };
}

function globalPooling(name: string, dims: number): KerasLayerSpec<{ format: 'channels_last' | 'channels_first'; keepdims: boolean }> {
  return {
    name, category: 'pool',
    signature: [{ name: 'data_format', default: null }, { name: 'keepdims', default: false }],
    configure: (a) => ({ format: dataFormat(a.get('data_format')!), keepdims: a.get('keepdims') === true }),
    weights: () => ({ trainable: 0, nonTrainable: 0 }),
    forward: (c, inputs) => {
      const s = rank(inputs, dims + 2, name);
      const { channels } = split(s, c.format);
      const shape = c.keepdims ? join(s[0], channels, Array(dims).fill(1), c.format) : [s[0], channels];
      return { outputs: [shape], multAdds: 0, otherOps: numel(shape) };
    },
  };
}

const flatten: KerasLayerSpec<Record<string, never>> = {
  name: 'Flatten', category: 'reshape', signature: [{ name: 'data_format', default: null }], configure: () => ({}),
  weights: () => ({ trainable: 0, nonTrainable: 0 }),
  forward: (_c, inputs) => ({ outputs: [[inputs[0][0], numel(inputs[0].slice(1))]], multAdds: 0, otherOps: 0 }),
};

const reshape: KerasLayerSpec<{ target: number[] }> = {
  name: 'Reshape', category: 'reshape', signature: [{ name: 'target_shape' }],
  configure: (a) => {
    const t = a.get('target_shape');
    if (!Array.isArray(t)) throw new LayerError('Reshape: target_shape must be a tuple', 'target_shape');
    return { target: t.map((x) => int(x, 'target_shape')) };
  },
  weights: () => ({ trainable: 0, nonTrainable: 0 }),
  forward: (c, inputs) => {
    const n = numel(inputs[0].slice(1));
    const known = c.target.filter((x) => x !== -1).reduce((a, b) => a * b, 1);
    const target = c.target.map((x) => (x === -1 ? n / known : x));
    if (numel(target) !== n || !target.every(Number.isInteger)) throw new LayerError(`Reshape: cannot reshape ${inputs[0].slice(1).join('×')} (${n} elements) into ${c.target.join('×')}`);
    return { outputs: [[inputs[0][0], ...target]], multAdds: 0, otherOps: 0 };
  },
};

const permute: KerasLayerSpec<{ dims: number[] }> = {
  name: 'Permute', category: 'reshape', signature: [{ name: 'dims' }],
  configure: (a) => ({ dims: (a.get('dims') as KerasArg[]).map((x) => positive(x, 'dims')) }),
  weights: () => ({ trainable: 0, nonTrainable: 0 }),
  forward: (c, inputs) => ({ outputs: [[inputs[0][0], ...c.dims.map((d) => inputs[0][d])]], multAdds: 0, otherOps: 0 }),
};

const dropout: KerasLayerSpec<Record<string, never>> = { ...elementwise('Dropout', 'dropout'), signature: [{ name: 'rate' }, { name: 'noise_shape', default: null }, { name: 'seed', default: null }] };

/** ((top, bottom), (left, right)) from an int, a pair, or a pair of pairs. */
function pads2d(v: KerasArg, what: string): number[][] {
  if (typeof v === 'number') return [[v, v], [v, v]];
  if (Array.isArray(v) && v.length === 2) return v.map((x) => (Array.isArray(x) ? x.map((y) => int(y, what)) : [int(x, what), int(x, what)]));
  throw new LayerError(`${what} must be an int, a pair, or a pair of pairs`, what);
}

const zeroPadding2D: KerasLayerSpec<{ pad: number[][]; format: 'channels_last' | 'channels_first' }> = {
  name: 'ZeroPadding2D', category: 'padding', signature: [{ name: 'padding', default: 1 }, { name: 'data_format', default: null }],
  configure: (a) => ({ pad: pads2d(a.get('padding')!, 'padding'), format: dataFormat(a.get('data_format')!) }),
  weights: () => ({ trainable: 0, nonTrainable: 0 }),
  forward: (c, inputs) => {
    const s = rank(inputs, 4, 'ZeroPadding2D');
    const { channels, spatial } = split(s, c.format);
    return { outputs: [join(s[0], channels, spatial.map((n, i) => n + c.pad[i][0] + c.pad[i][1]), c.format)], multAdds: 0, otherOps: 0 };
  },
};

const cropping2D: KerasLayerSpec<{ crop: number[][]; format: 'channels_last' | 'channels_first' }> = {
  name: 'Cropping2D', category: 'padding', signature: [{ name: 'cropping', default: 0 }, { name: 'data_format', default: null }],
  configure: (a) => ({ crop: pads2d(a.get('cropping')!, 'cropping'), format: dataFormat(a.get('data_format')!) }),
  weights: () => ({ trainable: 0, nonTrainable: 0 }),
  forward: (c, inputs) => {
    const s = rank(inputs, 4, 'Cropping2D');
    const { channels, spatial } = split(s, c.format);
    const out = spatial.map((n, i) => n - c.crop[i][0] - c.crop[i][1]);
    if (out.some((n) => n <= 0)) throw new LayerError(`Cropping2D: cropping ${JSON.stringify(c.crop)} leaves nothing of ${spatial.join('×')}`);
    return { outputs: [join(s[0], channels, out, c.format)], multAdds: 0, otherOps: 0 };
  },
};

const upSampling2D: KerasLayerSpec<{ size: number[]; format: 'channels_last' | 'channels_first' }> = {
  name: 'UpSampling2D', category: 'upsample', signature: [{ name: 'size', default: 2 }, { name: 'data_format', default: null }, { name: 'interpolation', default: 'nearest' }],
  configure: (a) => ({ size: tuple(a.get('size')!, 2, 'size'), format: dataFormat(a.get('data_format')!) }),
  weights: () => ({ trainable: 0, nonTrainable: 0 }),
  forward: (c, inputs) => {
    const s = rank(inputs, 4, 'UpSampling2D');
    const { channels, spatial } = split(s, c.format);
    const shape = join(s[0], channels, spatial.map((n, i) => n * c.size[i]), c.format);
    return { outputs: [shape], multAdds: 0, otherOps: numel(shape) };
  },
};

/** Add, Multiply…: same shapes (or broadcastable), one output. */
function merge(name: string, ops: boolean): KerasLayerSpec<Record<string, never>> {
  return {
    name, category: 'identity', merge: true, signature: [], configure: () => ({}),
    weights: () => ({ trainable: 0, nonTrainable: 0 }),
    forward: (_c, inputs) => {
      if (inputs.length < 2) throw new LayerError(`${name} needs a list of at least 2 inputs`);
      const first = inputs[0];
      for (const s of inputs.slice(1)) {
        if (s.length !== first.length || s.some((d, i) => d !== first[i] && d !== 1 && first[i] !== 1)) {
          throw new LayerError(`${name}: inputs of shapes ${inputs.map((x) => x.slice(1).join('×')).join(' and ')} cannot be combined`);
        }
      }
      const out = first.map((_d, i) => Math.max(...inputs.map((s) => s[i])));
      return { outputs: [out], multAdds: 0, otherOps: ops ? numel(out) * (inputs.length - 1) : 0 };
    },
  };
}

const concatenate: KerasLayerSpec<{ axis: number }> = {
  name: 'Concatenate', category: 'identity', merge: true, signature: [{ name: 'axis', default: -1 }],
  configure: (a) => ({ axis: int(a.get('axis')!, 'axis') }),
  weights: () => ({ trainable: 0, nonTrainable: 0 }),
  forward: (c, inputs) => {
    const r = inputs[0].length;
    const axis = c.axis < 0 ? r + c.axis : c.axis;
    for (const s of inputs.slice(1)) {
      if (s.length !== r || s.some((d, i) => i !== axis && d !== inputs[0][i])) {
        throw new LayerError(`Concatenate: inputs of shapes ${inputs.map((x) => x.slice(1).join('×')).join(' and ')} differ outside axis ${c.axis}`);
      }
    }
    const out = inputs[0].map((d, i) => (i === axis ? inputs.reduce((a, s) => a + s[i], 0) : d));
    return { outputs: [out], multAdds: 0, otherOps: 0 };
  },
};

const embedding: KerasLayerSpec<{ input: number; output: number }> = {
  name: 'Embedding', category: 'embedding', signature: [{ name: 'input_dim' }, { name: 'output_dim' }],
  configure: (a) => ({ input: positive(a.get('input_dim')!, 'input_dim'), output: positive(a.get('output_dim')!, 'output_dim') }),
  weights: (c) => ({ trainable: c.input * c.output, nonTrainable: 0 }),
  forward: (c, inputs) => ({ outputs: [[...inputs[0], c.output]], multAdds: 0, otherOps: 0 }),
};

/** SimpleRNN / LSTM / GRU: Keras keeps one bias per gate set, GRU with reset_after two. */
function recurrent(name: string, gates: number): KerasLayerSpec<{ units: number; sequences: boolean; state: boolean; bias: boolean; resetAfter: boolean }> {
  return {
    name, category: 'rnn', notes: 'lstm',
    // Keras's positional order (SimpleRNN has no recurrent activation); the rest by keyword (BASE_KWARGS in eval/keras.ts).
    signature: [
      { name: 'units' }, { name: 'activation', default: 'tanh' }, ...(gates > 1 ? [{ name: 'recurrent_activation', default: 'sigmoid' }] : []), { name: 'use_bias', default: true },
      ...(name === 'LSTM' ? [{ name: 'unit_forget_bias', default: true }] : []), { name: 'seed', default: null }, { name: 'use_cudnn', default: 'auto' },
    ],
    configure: (a) => ({
      units: positive(a.get('units')!, 'units'), sequences: a.get('return_sequences') === true, state: a.get('return_state') === true,
      bias: a.get('use_bias') !== false, resetAfter: name === 'GRU' && a.get('reset_after') !== false,
    }),
    weights: (c, inputs) => {
      const x = rank(inputs, 3, name)[2];
      const h = c.units;
      const biases = c.bias ? (c.resetAfter ? 2 : 1) * gates * h : 0;
      return { trainable: gates * (h * x + h * h) + biases, nonTrainable: 0 };
    },
    forward: (c, inputs) => {
      const [n, t, x] = rank(inputs, 3, name);
      const h = c.units;
      const out = c.sequences ? [n, t, h] : [n, h];
      const states = c.state ? (name === 'LSTM' ? [[n, h], [n, h]] : [[n, h]]) : [];
      return { outputs: [out, ...states], multAdds: n * t * gates * (x * h + h * h), otherOps: 0 };
    },
  };
}

const prelu: KerasLayerSpec<{ shared: number[] }> = {
  name: 'PReLU', category: 'activation', signature: [{ name: 'alpha_initializer', default: 'zeros' }, { name: 'alpha_regularizer', default: null }, { name: 'alpha_constraint', default: null }, { name: 'shared_axes', default: null }],
  configure: (a) => {
    const shared = a.get('shared_axes');
    return { shared: shared === null || shared === undefined ? [] : (Array.isArray(shared) ? shared : [shared]).map((x) => positive(x, 'shared_axes')) };
  },
  // One alpha per element of the input (without the batch), shared along `shared_axes`.
  weights: (c, inputs) => ({ trainable: inputs[0].slice(1).reduce((p, d, i) => p * (c.shared.includes(i + 1) ? 1 : d), 1), nonTrainable: 0 }),
  forward: (_c, inputs) => ({ outputs: [inputs[0]], multAdds: 0, otherOps: numel(inputs[0]) }),
};

/** Preprocessing Normalization: a mean and a variance per feature, and a count, all non-trainable. */
const normalization: KerasLayerSpec<{ axis: number }> = {
  name: 'Normalization', category: 'norm', notes: 'normalization', signature: [{ name: 'axis', default: -1 }, { name: 'mean', default: null }, { name: 'variance', default: null }],
  configure: (a) => ({ axis: int(a.get('axis')!, 'axis') }),
  weights: (c, inputs) => {
    const s = inputs[0];
    return { trainable: 0, nonTrainable: 2 * s[c.axis < 0 ? s.length + c.axis : c.axis] + 1 };
  },
  forward: (_c, inputs) => ({ outputs: [inputs[0]], multAdds: 0, otherOps: numel(inputs[0]) }),
};

/**
 * EinsumDense: a kernel shaped by the equation (`ab,bc->ac`); letters of the input take the input's sizes,
 * letters of the output `output_shape` (after the batch letter). Mult-Adds: the product of every letter's size.
 */
const einsumDense: KerasLayerSpec<{ equation: [string, string, string]; output: (number | null)[]; biasAxes: string; activation: KerasArg }> = {
  name: 'EinsumDense', category: 'linear', signature: [{ name: 'equation' }, { name: 'output_shape' }, { name: 'activation', default: null }, { name: 'bias_axes', default: null }],
  configure: (a) => {
    const eq = a.get('equation');
    const m = typeof eq === 'string' ? /^\s*([a-z.]+)\s*,\s*([a-z]+)\s*->\s*([a-z.]+)\s*$/.exec(eq) : null;
    if (!m) throw new LayerError(`EinsumDense: the equation must look like "ab,bc->ac" (got ${JSON.stringify(eq)})`, 'equation');
    const out = a.get('output_shape');
    const output = (Array.isArray(out) ? out : [out ?? null]).map((x) => (x === null ? null : positive(x, 'output_shape')));
    const bias = a.get('bias_axes');
    return { equation: [m[1], m[2], m[3]], output, biasAxes: typeof bias === 'string' ? bias : '', activation: a.get('activation') ?? null };
  },
  weights: (c, inputs) => {
    const sizes = einsumSizes(c, inputs[0]);
    const kernel = [...c.equation[1]].reduce((p, l) => p * sizes.get(l)!, 1);
    const bias = [...c.biasAxes].reduce((p, l) => p * (sizes.get(l) ?? 1), c.biasAxes ? 1 : 0);
    return { trainable: kernel + bias, nonTrainable: 0 };
  },
  forward: (c, inputs) => {
    const sizes = einsumSizes(c, inputs[0]);
    const shape = [...c.equation[2]].map((l) => sizes.get(l)!);
    return { outputs: [shape], multAdds: [...sizes.values()].reduce((a, b) => a * b, 1), otherOps: activationOps(c.activation, shape) };
  },
};

function einsumSizes(c: { equation: [string, string, string]; output: (number | null)[] }, input: Shape): Map<string, number> {
  const [inEq, kernelEq, outEq] = c.equation;
  if (inEq.length !== input.length) throw new LayerError(`EinsumDense: the equation's input "${inEq}" has ${inEq.length} axes; the input has ${input.length}`);
  const sizes = new Map<string, number>();
  [...inEq].forEach((l, i) => sizes.set(l, input[i]));
  const outLetters = [...outEq].slice(1);
  if (outLetters.length !== c.output.length) throw new LayerError(`EinsumDense: output_shape has ${c.output.length} sizes for "${outEq}" after the batch axis`, 'output_shape');
  outLetters.forEach((l, i) => {
    const given = c.output[i];
    if (given !== null) {
      if (sizes.has(l) && sizes.get(l) !== given) throw new LayerError(`EinsumDense: axis ${l} is ${sizes.get(l)} in the input but ${given} in output_shape`);
      sizes.set(l, given);
    }
  });
  for (const l of [...kernelEq, ...outEq]) if (!sizes.has(l)) throw new LayerError(`EinsumDense: the size of axis ${l} is not given`);
  return sizes;
}

/** MultiHeadAttention(query, value, key=value): four projections and the attention products. */
const multiHeadAttention: KerasLayerSpec<{ heads: number; keyDim: number; valueDim: number; bias: boolean; output: number | null }> = {
  name: 'MultiHeadAttention', category: 'attention', attention: true,
  signature: [{ name: 'num_heads' }, { name: 'key_dim' }, { name: 'value_dim', default: null }, { name: 'dropout', default: 0 }, { name: 'use_bias', default: true }, { name: 'output_shape', default: null }],
  configure: (a) => {
    const keyDim = positive(a.get('key_dim')!, 'key_dim');
    const v = a.get('value_dim');
    const o = a.get('output_shape');
    return { heads: positive(a.get('num_heads')!, 'num_heads'), keyDim, valueDim: v === null || v === undefined ? keyDim : positive(v, 'value_dim'), bias: a.get('use_bias') !== false, output: o === null || o === undefined ? null : positive(Array.isArray(o) ? o[0] : o, 'output_shape') };
  },
  weights: (c, inputs) => {
    const [q, v, k] = attentionInputs(inputs);
    const eq = q[q.length - 1];
    const out = c.output ?? eq;
    const hk = c.heads * c.keyDim;
    const hv = c.heads * c.valueDim;
    const b = c.bias ? 1 : 0;
    return { trainable: eq * hk + b * hk + k[k.length - 1] * hk + b * hk + v[v.length - 1] * hv + b * hv + hv * out + b * out, nonTrainable: 0 };
  },
  forward: (c, inputs) => {
    const [q, v, k] = attentionInputs(inputs);
    const batch = q[0];
    const tq = numel(q.slice(1, -1));
    const tv = numel(v.slice(1, -1));
    const eq = q[q.length - 1];
    const out = c.output ?? eq;
    const hk = c.heads * c.keyDim;
    const hv = c.heads * c.valueDim;
    const multAdds = batch * (tq * eq * hk + tv * k[k.length - 1] * hk + tv * v[v.length - 1] * hv + c.heads * tq * tv * (c.keyDim + c.valueDim) + tq * hv * out);
    return { outputs: [[...q.slice(0, -1), out]], multAdds, otherOps: batch * c.heads * tq * tv };
  },
};

function attentionInputs(inputs: Shape[]): [Shape, Shape, Shape] {
  if (inputs.length < 2) throw new LayerError('MultiHeadAttention needs a query and a value');
  const [q, v] = inputs;
  const k = inputs[2] ?? v;
  if (q.length < 3 || v.length < 3) throw new LayerError('MultiHeadAttention expects (batch, time, features) inputs');
  if (q[0] !== v[0]) throw new LayerError(`MultiHeadAttention: query batch ${q[0]} and value batch ${v[0]} differ`);
  if (numel(k.slice(1, -1)) !== numel(v.slice(1, -1))) throw new LayerError(`MultiHeadAttention: key ${k.slice(1).join('×')} and value ${v.slice(1).join('×')} have different lengths`);
  return [q, v, k];
}

const rescaling: KerasLayerSpec<Record<string, never>> = { ...elementwise('Rescaling', 'activation'), signature: [{ name: 'scale' }, { name: 'offset', default: 0 }] };

export const KERAS_LAYERS = new Map<string, KerasLayerSpec>(([
  conv('Conv1D', 1), conv('Conv2D', 2), conv('Conv3D', 3), convTranspose('Conv1DTranspose', 1), convTranspose('Conv2DTranspose', 2), convTranspose('Conv3DTranspose', 3), depthwise('DepthwiseConv1D', 1), depthwise('DepthwiseConv2D', 2), groupNormalization, separable('SeparableConv1D', 1), separable('SeparableConv2D', 2),
  dense, einsumDense, batchNormalization, layerNormalization, activation, relu, withSignature(elementwise('Softmax', 'activation'), [{ name: 'axis', default: -1 }]),
  withSignature(elementwise('LeakyReLU', 'activation'), [{ name: 'negative_slope', default: 0.3 }]), withSignature(elementwise('ELU', 'activation'), [{ name: 'alpha', default: 1 }]),
  withSignature(elementwise('ThresholdedReLU', 'activation'), [{ name: 'theta', default: 1 }]), prelu, multiHeadAttention,
  pooling('MaxPooling1D', 1), pooling('MaxPooling2D', 2), pooling('MaxPooling3D', 3), pooling('AveragePooling1D', 1), pooling('AveragePooling2D', 2),
  pooling('AveragePooling3D', 3), globalPooling('GlobalAveragePooling1D', 1), globalPooling('GlobalAveragePooling2D', 2), globalPooling('GlobalMaxPooling1D', 1),
  globalPooling('GlobalMaxPooling2D', 2), globalPooling('GlobalAveragePooling3D', 3), globalPooling('GlobalMaxPooling3D', 3), flatten, reshape, permute, dropout, elementwise('SpatialDropout2D', 'dropout'), zeroPadding2D, cropping2D,
  upSampling2D, merge('Add', true), merge('Multiply', true), merge('Subtract', true), merge('Average', true), merge('Maximum', true), merge('Minimum', true), concatenate,
  embedding, recurrent('SimpleRNN', 1), recurrent('LSTM', 4), recurrent('GRU', 3), rescaling, normalization, ...SHAPING_LAYERS, ...SEQUENCE_LAYERS, ...LOOKUP_LAYERS,
] as KerasLayerSpec[]).map((s) => [s.name, s]));

/** Aliases Keras also exports (Keras 2 and 3). */
const ALIASES: [string, string][] = [
  ['Convolution1D', 'Conv1D'], ['Convolution2D', 'Conv2D'], ['Convolution3D', 'Conv3D'], ['Convolution1DTranspose', 'Conv1DTranspose'], ['Convolution2DTranspose', 'Conv2DTranspose'], ['Convolution3DTranspose', 'Conv3DTranspose'],
  ['SeparableConvolution1D', 'SeparableConv1D'], ['SeparableConvolution2D', 'SeparableConv2D'],
  ...[1, 2, 3].flatMap((d): [string, string][] => [
    [`MaxPool${d}D`, `MaxPooling${d}D`], [`AvgPool${d}D`, `AveragePooling${d}D`], [`GlobalAvgPool${d}D`, `GlobalAveragePooling${d}D`], [`GlobalMaxPool${d}D`, `GlobalMaxPooling${d}D`],
  ]),
];
for (const [alias, name] of ALIASES) KERAS_LAYERS.set(alias, KERAS_LAYERS.get(name)!);
