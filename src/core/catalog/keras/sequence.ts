/**
 * Keras layers over sequences and pairs of tensors: dot-product and additive attention, Dot, unit normalization,
 * and text vectorization at the head of a text model. Weights and shapes as Keras builds them; figures as
 * docs/conventions.md counts them (a product of two tensors: Mult-Adds; a softmax or a norm: otherOps).
 */
import { LayerError, LayerNotKnown, type Shape } from '../../values/spec';
import { int, numel, oneOf, positive } from './args';
import type { KerasLayerSpec } from './types';

const NO_WEIGHTS = { trainable: 0, nonTrainable: 0 };

/** [query (B, Tq, dim), value (B, Tv, dim)] and an optional key like the value. */
function queryValue(name: string, inputs: Shape[]): [Shape, Shape] {
  if (inputs.length < 2 || inputs.length > 3) throw new LayerError(`${name} takes [query, value] or [query, value, key]`);
  const [q, v] = inputs;
  if (q.length !== 3 || v.length !== 3) throw new LayerError(`${name} expects (batch, time, features) inputs, got ${inputs.map((s) => s.slice(1).join('×')).join(' and ')}`);
  if (q[2] !== v[2]) throw new LayerError(`${name}: query features ${q[2]} and value features ${v[2]} differ`);
  return [q, v];
}

/**
 * Attention (Luong, dot scores) and AdditiveAttention (Bahdanau): scores over every query and value step, softmax,
 * the weighted sum of the values. Attention's `use_scale` adds one scalar (and `score_mode='concat'` another);
 * AdditiveAttention's scale is one per feature.
 */
function attention(name: 'Attention' | 'AdditiveAttention'): KerasLayerSpec<{ scale: boolean; concat: boolean }> {
  return {
    name, category: 'attention', merge: true,
    signature: [{ name: 'use_scale', default: name === 'AdditiveAttention' }, ...(name === 'Attention' ? [{ name: 'score_mode', default: 'dot' }] : []), { name: 'dropout', default: 0 }],
    configure: (a) => ({ scale: a.get('use_scale') === true, concat: name === 'Attention' && oneOf(a.get('score_mode') ?? 'dot', ['dot', 'concat'] as const, 'score_mode') === 'concat' }),
    weights: (c, inputs) => {
      const [q] = queryValue(name, inputs);
      if (name === 'AdditiveAttention') return { trainable: c.scale ? q[2] : 0, nonTrainable: 0 };
      return { trainable: (c.scale ? 1 : 0) + (c.concat ? 1 : 0), nonTrainable: 0 };
    },
    forward: (_c, inputs) => {
      const [q, v] = queryValue(name, inputs);
      const pairs = q[0] * q[1] * v[1];
      // Scores (one product of `dim` per query and value step) and the weighted sum; the softmax per score.
      return { outputs: [q], multAdds: 2 * pairs * q[2], otherOps: pairs };
    },
  };
}

/** Dot(axes): the batched dot product of two tensors along the given axes (batch excluded). */
const dot: KerasLayerSpec<{ axes: number[]; normalize: boolean }> = {
  name: 'Dot', category: 'linear', merge: true, signature: [{ name: 'axes' }, { name: 'normalize', default: false }],
  configure: (a) => {
    const axes = a.get('axes');
    const list = Array.isArray(axes) ? axes.map((x) => int(x, 'axes')) : [int(axes!, 'axes'), int(axes!, 'axes')];
    if (list.length !== 2) throw new LayerError('Dot: axes must be an int or a pair of ints', 'axes');
    return { axes: list, normalize: a.get('normalize') === true };
  },
  weights: () => NO_WEIGHTS,
  forward: (c, inputs) => {
    if (inputs.length !== 2) throw new LayerError('Dot takes a list of 2 inputs');
    const [a, b] = inputs;
    const [ia, ib] = c.axes.map((x, k) => (x < 0 ? x + inputs[k].length : x));
    if (ia <= 0 || ib <= 0 || ia >= a.length || ib >= b.length) throw new LayerError(`Dot: axes ${c.axes.join(', ')} out of range for ${a.slice(1).join('×')} and ${b.slice(1).join('×')}`);
    if (a[ia] !== b[ib]) throw new LayerError(`Dot: dimension incompatibility ${a[ia]} != ${b[ib]}`);
    const rest = [...a.slice(1).filter((_, i) => i + 1 !== ia), ...b.slice(1).filter((_, i) => i + 1 !== ib)];
    const out = [a[0], ...(rest.length ? rest : [1])];
    return { outputs: [out], multAdds: numel(out) * a[ia], otherOps: 0 };
  },
};

/** UnitNormalization: each sample scaled to unit L2 norm along `axis`. */
const unitNormalization: KerasLayerSpec<Record<string, never>> = {
  name: 'UnitNormalization', category: 'norm', signature: [{ name: 'axis', default: -1 }],
  configure: () => ({}), weights: () => NO_WEIGHTS,
  forward: (_c, inputs) => ({ outputs: [inputs[0]], multAdds: 0, otherOps: 2 * numel(inputs[0]) }),
};

/**
 * TextVectorization: strings to token ids (`output_mode='int'`, as long as `output_sequence_length` says; without
 * it, as long as the longest text, which only the data decides) or to one value per vocabulary entry.
 */
const textVectorization: KerasLayerSpec<{ mode: string; length: number | null; tokens: number | null }> = {
  name: 'TextVectorization', category: 'embedding',
  signature: [{ name: 'max_tokens', default: null }, { name: 'standardize', default: 'lower_and_strip_punctuation' }, { name: 'split', default: 'whitespace' },
    { name: 'ngrams', default: null }, { name: 'output_mode', default: 'int' }, { name: 'output_sequence_length', default: null }],
  configure: (a) => {
    const tokens = a.get('max_tokens');
    const length = a.get('output_sequence_length');
    return {
      mode: oneOf(a.get('output_mode') ?? 'int', ['int', 'multi_hot', 'count', 'tf_idf'] as const, 'output_mode'),
      length: length === null || length === undefined ? null : positive(length, 'output_sequence_length'),
      tokens: tokens === null || tokens === undefined ? null : positive(tokens, 'max_tokens'),
    };
  },
  weights: () => NO_WEIGHTS,
  forward: (c, inputs) => {
    const batch = inputs[0][0];
    const size = c.mode === 'int' ? c.length : c.tokens;
    if (size === null) throw new LayerNotKnown(c.mode === 'int' ? 'TextVectorization: without output_sequence_length, the length of its output is the longest text\'s, which only the data decides' : 'TextVectorization: without max_tokens, its output has one value per word of the vocabulary, which only the data decides');
    return { outputs: [[batch, size]], multAdds: 0, otherOps: 0 };
  },
};

interface StftConfig { mode: string; frame: number; step: number; bins: number; padding: 'valid' | 'same'; expand: boolean; channelsFirst: boolean }

/**
 * STFTSpectrogram (Keras 3): the short-time Fourier transform as Keras computes it, a strided 1-D convolution of each
 * input channel with a real and an imaginary kernel of frame_length × (fft_length // 2 + 1) each (one of them in
 * 'real' and 'imag' mode): those kernels are its weights (trainable unless the layer is not), the convolutions its
 * Mult-Adds; power, magnitude and log one op per output element. fft_length defaults to the next power of two of
 * frame_length, frame_step to half of it.
 */
const stftSpectrogram: KerasLayerSpec<StftConfig> = {
  name: 'STFTSpectrogram', category: 'conv',
  signature: [{ name: 'mode', default: 'log' }, { name: 'frame_length', default: 256 }, { name: 'frame_step', default: null }, { name: 'fft_length', default: null },
    { name: 'window', default: 'hann' }, { name: 'periodic', default: false }, { name: 'scaling', default: 'density' }, { name: 'padding', default: 'valid' },
    { name: 'expand_dims', default: false }, { name: 'data_format', default: null }],
  configure: (a) => {
    const frame = positive(a.get('frame_length')!, 'frame_length');
    const step = a.get('frame_step') === null ? Math.floor(frame / 2) : positive(a.get('frame_step')!, 'frame_step');
    if (step > frame) throw new LayerError(`frame_step should not be greater than frame_length (got ${step} > ${frame})`);
    const fft = a.get('fft_length') === null ? 2 ** Math.ceil(Math.log2(frame)) : positive(a.get('fft_length')!, 'fft_length');
    if (fft < frame) throw new LayerError(`fft_length should not be less than frame_length (got ${fft} < ${frame})`);
    return {
      mode: oneOf(a.get('mode')!, ['log', 'magnitude', 'psd', 'real', 'imag', 'angle', 'stft'] as const, 'mode'), frame, step, bins: Math.floor(fft / 2) + 1,
      padding: oneOf(a.get('padding')!, ['valid', 'same'] as const, 'padding'), expand: a.get('expand_dims') === true, channelsFirst: a.get('data_format') === 'channels_first',
    };
  },
  weights: (c) => ({ trainable: (c.mode === 'real' || c.mode === 'imag' ? 1 : 2) * c.frame * c.bins, nonTrainable: 0 }),
  forward: (c, inputs) => {
    const s = inputs[0];
    if (s.length !== 3) throw new LayerError(`STFTSpectrogram expects (batch, time, channels) signals, got ${s.slice(1).join('×')}`);
    const [n, time, channels] = c.channelsFirst ? [s[0], s[2], s[1]] : s;
    const steps = c.padding === 'same' ? Math.ceil(time / c.step) : Math.floor((time - c.frame) / c.step) + 1;
    if (steps <= 0) throw new LayerError(`STFTSpectrogram: a frame of ${c.frame} is longer than the signal's ${time} steps`);
    const kernels = c.mode === 'real' || c.mode === 'imag' ? 1 : 2;
    const freq = c.mode === 'stft' ? 2 * c.bins : c.bins;
    const out = c.expand ? (c.channelsFirst ? [n, channels, steps, freq] : [n, steps, freq, channels]) : c.channelsFirst ? [n, channels * freq, steps] : [n, steps, channels * freq];
    const post = c.mode === 'real' || c.mode === 'imag' || c.mode === 'stft' ? 0 : numel(out);
    return { outputs: [out], multAdds: kernels * n * channels * steps * c.bins * c.frame, otherOps: post };
  },
};

export const SEQUENCE_LAYERS: KerasLayerSpec[] = [attention('Attention'), attention('AdditiveAttention'), dot, unitNormalization, textVectorization, stftSpectrogram] as KerasLayerSpec[];
