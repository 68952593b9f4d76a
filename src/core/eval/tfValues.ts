/**
 * TensorFlow's and keras.ops's functions that make or pick values rather than reshape them (one_hot, argmin,
 * zeros, stop_gradient, extract_patches), and the weights code makes without add_weight: `tf.Variable(init(shape))`
 * held by a layer, with the initializers that make its value. Shapes as TensorFlow gives them; the work each
 * costs follows docs/conventions.md (picking, filling and copying compute nothing).
 */
import { builtin } from './builtins';
import { type CallSite, type RValue, type TensorValue, isNumber, num, opaque } from '../values/value';

type Impl = (args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue;

const arg = (args: RValue[], kwargs: Map<string, RValue>, i: number, name: string) => args[i] ?? kwargs.get(name);
const ints = (v: RValue | undefined): number[] | undefined => {
  if (v?.kind === 'int') return [v.value];
  if ((v?.kind === 'tuple' || v?.kind === 'list') && v.items.every(isNumber)) return v.items.map(num);
  if (v?.kind === 'tensor' && v.shape?.length === 1 && v.data) return [...v.data];
  return undefined;
};
const tensor = (shape: number[], dtype: string, site: CallSite): TensorValue => ({ kind: 'tensor', shape, dtype, origin: site });
const dtypeOf = (v: RValue | undefined, otherwise: string) => (v?.kind === 'str' ? v.value : otherwise);

/** one_hot(indices, depth) (tf) or one_hot(x, num_classes) (keras.ops): a new last axis of that depth, float32. */
export const oneHot = (depthName: string): Impl => (args, kwargs, site) => {
  const [x] = args;
  const depth = arg(args, kwargs, 1, depthName);
  if (x?.kind !== 'tensor' || !x.shape || depth?.kind !== 'int') return opaque('one_hot of indices or a depth not known statically', site);
  return tensor([...x.shape, depth.value], dtypeOf(kwargs.get('dtype'), 'float32'), site);
};

/** A tensor of x's shape and no work, of `dtype` or x's own (a copy, a broadcast, a scaling). */
export const like = (dtype?: string): Impl => ([x], _k, site) => (x?.kind === 'tensor' && x.shape ? tensor([...x.shape], dtype ?? x.dtype ?? 'float32', site) : opaque('a value not known statically', site));

/** stop_gradient, identity: the same values. */
export const same = like();

/**
 * argmin/argmax along an axis: int64 indices, the axis removed. tf's axis defaults to 0; keras.ops's to None (the
 * flattened tensor, one index).
 */
export const argReduce = (axisDefault: number | null): Impl => (args, kwargs, site) => {
  const [x] = args;
  const a = arg(args, kwargs, 1, 'axis');
  const axis = a === undefined || a.kind === 'none' ? axisDefault : a.kind === 'int' ? a.value : undefined;
  if (x?.kind !== 'tensor' || !x.shape || axis === undefined) return opaque('an arg-reduction of a tensor or axis not known statically', site);
  if (axis === null) return tensor([], 'int64', site);
  const d = axis < 0 ? axis + x.shape.length : axis;
  if (d < 0 || d >= x.shape.length) return opaque(`axis ${axis} is out of range for a tensor of rank ${x.shape.length}`, site);
  return tensor(x.shape.filter((_, i) => i !== d), dtypeOf(kwargs.get('output_type'), 'int64'), site);
};

/** zeros(shape) / ones(shape): a new tensor of that shape. */
export const filled: Impl = (args, kwargs, site) => {
  const shape = ints(arg(args, kwargs, 0, 'shape'));
  return shape ? tensor(shape, dtypeOf(arg(args, kwargs, 1, 'dtype'), 'float32'), site) : opaque('a shape not known statically', site);
};

/**
 * tf.image.extract_patches(images, sizes=[1, kh, kw, 1], strides=[1, sh, sw, 1], rates=[1, rh, rw, 1], padding):
 * each output position holds its kh·kw·C patch. VALID: ceil((n − (k − 1)·r) / s); SAME: ceil(n / s).
 */
export const extractPatches: Impl = (args, kwargs, site) => {
  const x = arg(args, kwargs, 0, 'images');
  const sizes = ints(arg(args, kwargs, 1, 'sizes'));
  const strides = ints(arg(args, kwargs, 2, 'strides'));
  const rates = ints(arg(args, kwargs, 3, 'rates'));
  const padding = arg(args, kwargs, 4, 'padding');
  if (x?.kind !== 'tensor' || x.shape?.length !== 4 || sizes?.length !== 4 || strides?.length !== 4 || rates?.length !== 4 || padding?.kind !== 'str') {
    return opaque('extract_patches of images or sizes not known statically', site);
  }
  const [n, h, w, c] = x.shape;
  const samePadding = padding.value.toUpperCase() === 'SAME';
  const out = [h, w].map((len, i) => (samePadding ? Math.ceil(len / strides[i + 1]) : Math.ceil((len - (sizes[i + 1] - 1) * rates[i + 1]) / strides[i + 1])));
  if (out.some((m) => m <= 0)) return opaque('patches larger than the image', site);
  return tensor([n, out[0], out[1], sizes[1] * sizes[2] * c], x.dtype ?? 'float32', site);
};

// ------------------------------------------------------------------ variables and initializers

/** Variables made by tf.Variable, with whether they train: a layer holding one counts it as a weight (kerasCustom). */
export const VARIABLES = new WeakMap<TensorValue, { trainable: boolean }>();

/** tf.Variable(initial_value, trainable=True): a tensor of the initial value's shape, known as a variable. */
export const variable: Impl = (args, kwargs, site) => {
  const init = arg(args, kwargs, 0, 'initial_value');
  if (init?.kind !== 'tensor' || !init.shape) return opaque('a variable whose initial value is not known statically', site);
  const t = tensor([...init.shape], init.dtype ?? 'float32', site);
  const trainable = arg(args, kwargs, 1, 'trainable');
  VARIABLES.set(t, { trainable: !(trainable?.kind === 'bool' && !trainable.value) });
  return t;
};

/** An initializer object (`tf.random_uniform_initializer()`, `keras.initializers.GlorotUniform()`): called on a shape, that tensor. */
export const initializer = (name: string): RValue =>
  builtin(name, () => builtin(`${name}()`, (args, kwargs, site) => {
    const shape = ints(arg(args, kwargs, 0, 'shape'));
    return shape ? tensor(shape, dtypeOf(arg(args, kwargs, 1, 'dtype'), 'float32'), site) : opaque('an initializer called on a shape not known statically', site);
  }));

/** The initializers TensorFlow exports at its top level and Keras in keras.initializers. */
export const TF_INITIALIZERS = ['random_uniform_initializer', 'random_normal_initializer', 'zeros_initializer', 'ones_initializer', 'constant_initializer', 'glorot_uniform_initializer', 'truncated_normal_initializer'];
export const KERAS_INITIALIZERS = ['GlorotUniform', 'GlorotNormal', 'HeNormal', 'HeUniform', 'LecunNormal', 'LecunUniform', 'RandomNormal', 'RandomUniform', 'TruncatedNormal', 'Zeros', 'Ones', 'Constant', 'Orthogonal', 'Identity', 'VarianceScaling'];
