/**
 * Keras layers that pad, crop, resize or repeat, in every rank Keras ships them, and the preprocessing,
 * augmentation and noise layers that sit inside models. None has weights. Shapes as Keras's compute_output_shape
 * gives them (channels-last unless `data_format='channels_first'`); an augmentation is the identity at inference,
 * which is what a model's figures are (docs/conventions.md).
 */
import { LayerError, type Shape } from '../../values/spec';
import { dataFormat, elementwise, int, join, numel, positive, rank, split, tuple } from './args';
import type { KerasArg, KerasLayerSpec } from './types';

const NO_WEIGHTS = () => ({ trainable: 0, nonTrainable: 0 });
type Format = 'channels_last' | 'channels_first';

/** (before, after) per spatial dim, from an int, a tuple of ints (one each), or a tuple of pairs. */
function pairs(v: KerasArg, dims: number, what: string): number[][] {
  if (typeof v === 'number') return Array.from({ length: dims }, () => [int(v, what), int(v, what)]);
  // ZeroPadding1D((1, 2)) and Cropping1D((1, 2)): one pair for the one dim.
  if (dims === 1 && Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [[int(v[0], what), int(v[1], what)]];
  if (Array.isArray(v) && v.length === dims) return v.map((x) => (Array.isArray(x) ? [int(x[0], what), int(x[1], what)] : [int(x, what), int(x, what)]));
  throw new LayerError(`${what} must be an int, ${dims} ints, or ${dims} pairs of ints`, what);
}

/** ZeroPadding1D/2D/3D and Cropping1D/2D/3D: each spatial dim grows (or shrinks) by its pair. */
function padOrCrop(name: string, dims: number, sign: 1 | -1): KerasLayerSpec<{ pads: number[][]; format: Format }> {
  const what = sign > 0 ? 'padding' : 'cropping';
  return {
    name, category: 'padding', signature: [{ name: what, default: sign > 0 ? 1 : dims === 1 ? [1, 1] : 0 }, { name: 'data_format', default: null }],
    configure: (a) => ({ pads: pairs(a.get(what)!, dims, what), format: dataFormat(a.get('data_format') ?? null) }),
    weights: NO_WEIGHTS,
    forward: (c, inputs) => {
      const s = rank(inputs, dims + 2, name);
      const { channels, spatial } = split(s, dims === 1 ? 'channels_last' : c.format);
      const out = spatial.map((n, i) => n + sign * (c.pads[i][0] + c.pads[i][1]));
      if (out.some((n) => n <= 0)) throw new LayerError(`${name}: cropping ${JSON.stringify(c.pads)} leaves nothing of ${spatial.join('×')}`);
      return { outputs: [join(s[0], channels, out, dims === 1 ? 'channels_last' : c.format)], multAdds: 0, otherOps: 0 };
    },
  };
}

/** UpSampling1D/3D (UpSampling2D, with its interpolation, is in ./layers.ts): each spatial dim times its size. */
function upSampling(name: string, dims: number): KerasLayerSpec<{ size: number[]; format: Format }> {
  return {
    name, category: 'upsample', signature: [{ name: 'size', default: 2 }, ...(dims > 1 ? [{ name: 'data_format', default: null }] : [])],
    configure: (a) => ({ size: tuple(a.get('size')!, dims, 'size'), format: dataFormat(a.get('data_format') ?? null) }),
    weights: NO_WEIGHTS,
    forward: (c, inputs) => {
      const s = rank(inputs, dims + 2, name);
      const { channels, spatial } = split(s, c.format);
      const shape = join(s[0], channels, spatial.map((n, i) => n * c.size[i]), c.format);
      return { outputs: [shape], multAdds: 0, otherOps: numel(shape) };
    },
  };
}

/** RepeatVector(n): (batch, features) → (batch, n, features). */
const repeatVector: KerasLayerSpec<{ n: number }> = {
  name: 'RepeatVector', category: 'reshape', signature: [{ name: 'n' }],
  configure: (a) => ({ n: positive(a.get('n')!, 'n') }),
  weights: NO_WEIGHTS,
  forward: (c, inputs) => {
    const s = rank(inputs, 2, 'RepeatVector');
    return { outputs: [[s[0], c.n, s[1]]], multAdds: 0, otherOps: 0 };
  },
};

/** Resizing, CenterCrop, RandomCrop: images (batch, height, width, channels) to (height, width) given. */
function toSize(name: string, interpolates: boolean, extra: { name: string; default: KerasArg }[]): KerasLayerSpec<{ size: number[]; format: Format }> {
  return {
    name, category: interpolates ? 'upsample' : 'padding', signature: [{ name: 'height' }, { name: 'width' }, ...extra],
    configure: (a) => ({ size: [positive(a.get('height')!, 'height'), positive(a.get('width')!, 'width')], format: dataFormat(a.get('data_format') ?? null) }),
    weights: NO_WEIGHTS,
    forward: (c, inputs) => {
      const s: Shape = inputs[0];
      // An unbatched image (height, width, channels) is resized too.
      if (!s || (s.length !== 4 && s.length !== 3)) throw new LayerError(`${name} expects images (batch, height, width, channels), got ${s ? s.join('×') : 'nothing'}`);
      const batched = s.length === 4 ? s : [1, ...s];
      const { channels } = split(batched, c.format);
      const out = join(batched[0], channels, c.size, c.format);
      const shape = s.length === 4 ? out : out.slice(1);
      return { outputs: [shape], multAdds: 0, otherOps: interpolates ? numel(shape) : 0 };
    },
  };
}

/** A layer that is the identity at inference (augmentation, noise, masking), with the signature Keras documents. */
function identity(name: string, signature: { name: string; default?: KerasArg }[]): KerasLayerSpec<Record<string, never>> {
  return { ...elementwise(name, 'identity'), signature };
}

const SEED = { name: 'seed', default: null };

export const SHAPING_LAYERS: KerasLayerSpec[] = [
  padOrCrop('ZeroPadding1D', 1, 1), padOrCrop('ZeroPadding3D', 3, 1), padOrCrop('Cropping1D', 1, -1), padOrCrop('Cropping3D', 3, -1),
  upSampling('UpSampling1D', 1), upSampling('UpSampling3D', 3), repeatVector,
  toSize('Resizing', true, [{ name: 'interpolation', default: 'bilinear' }, { name: 'crop_to_aspect_ratio', default: false }]),
  toSize('CenterCrop', false, []), toSize('RandomCrop', false, [SEED]),
  identity('RandomFlip', [{ name: 'mode', default: 'horizontal_and_vertical' }, SEED]),
  identity('RandomRotation', [{ name: 'factor' }, { name: 'fill_mode', default: 'reflect' }, { name: 'interpolation', default: 'bilinear' }, SEED, { name: 'fill_value', default: 0 }]),
  identity('RandomZoom', [{ name: 'height_factor' }, { name: 'width_factor', default: null }, { name: 'fill_mode', default: 'reflect' }, { name: 'interpolation', default: 'bilinear' }, SEED, { name: 'fill_value', default: 0 }]),
  identity('RandomTranslation', [{ name: 'height_factor' }, { name: 'width_factor' }, { name: 'fill_mode', default: 'reflect' }, { name: 'interpolation', default: 'bilinear' }, SEED, { name: 'fill_value', default: 0 }]),
  identity('RandomContrast', [{ name: 'factor' }, SEED]),
  // Keras 2's: a random height or width in training, the identity at inference.
  identity('RandomHeight', [{ name: 'factor' }, { name: 'interpolation', default: 'bilinear' }, SEED]),
  identity('RandomWidth', [{ name: 'factor' }, { name: 'interpolation', default: 'bilinear' }, SEED]),
  identity('RandomBrightness', [{ name: 'factor' }, { name: 'value_range', default: [0, 255] }, SEED]),
  identity('GaussianNoise', [{ name: 'stddev' }, SEED]), identity('GaussianDropout', [{ name: 'rate' }, SEED]), identity('AlphaDropout', [{ name: 'rate' }, { name: 'noise_shape', default: null }, SEED]),
  identity('SpatialDropout1D', [{ name: 'rate' }, SEED]), identity('SpatialDropout3D', [{ name: 'rate' }, { name: 'data_format', default: null }, SEED]),
  identity('ActivityRegularization', [{ name: 'l1', default: 0 }, { name: 'l2', default: 0 }]), identity('Masking', [{ name: 'mask_value', default: 0 }]), identity('Identity', []),
];
