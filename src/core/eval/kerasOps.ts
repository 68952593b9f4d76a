/**
 * TensorFlow's functions and keras.ops, as model code applies them to Keras tensors (`tf.reshape(x, …)` between
 * two layers). Each is the torch operation it is on shapes (Keras's axis is torch's dim). On a symbolic tensor of a
 * functional model, Keras 2 wraps such a call in a layer of its own (TFOpLambda, named `tf.reshape`), and so does
 * this: a Lambda layer without weights whose input is every Keras tensor among the arguments, so the model's graph
 * goes on through it and its work is counted. On other tensors the call is just the operation.
 */
import { builtin } from './builtins';
import { argReduce, extractPatches, filled, initializer, oneHot, same, TF_INITIALIZERS, variable } from './tfValues';
import type { Evaluator } from './evaluator';
import type { KerasTensor } from './kerasTypes';
import { type CallSite, NONE, type RValue, int, isNumber, num, opaque, str, tuple } from '../values/value';

type Impl = (args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue;

/** What these functions need of the Keras library: a Lambda layer to wrap a call on symbolic tensors. */
export interface OpsHost {
  readonly interp: Evaluator;
  opLayer(name: string, operands: readonly (RValue | undefined)[], impl: () => RValue, site: CallSite): RValue | undefined;
}

/** An int argument, also from a 0-d tensor of known value (`tf.shape(x)[1]`). */
function intOf(v: RValue | undefined): RValue | undefined {
  if (v?.kind === 'tensor' && v.shape?.length === 0 && v.data?.length === 1) return int(v.data[0]);
  return v;
}

/** A shape argument: a tuple of ints, any of them a 0-d tensor of known value. */
function shapeOf(v: RValue | undefined): RValue | undefined {
  if (v && (v.kind === 'list' || v.kind === 'tuple')) return tuple(v.items.map((x) => intOf(x)!));
  if (v?.kind === 'tensor' && v.shape?.length === 1 && v.data) return tuple(v.data.map(int));
  return v;
}

export function kerasOpsModules(host: OpsHost, torch: Map<string, RValue>): [string, Map<string, RValue>][] {
  const { interp } = host;
  // torch's functions, and torch.nn.functional's where torch has none (silu, gelu, elu, softplus, leaky_relu).
  const functional = (torch.get('nn') as { attrs?: Map<string, RValue> } | undefined)?.attrs?.get('functional') as { attrs?: Map<string, RValue> } | undefined;
  const call = (name: string, args: (RValue | undefined)[], kwargs: [string, RValue | undefined][], site: CallSite): RValue => {
    // An argument missing (a keyword this table does not read): not known, never a crash.
    if (args.some((a) => a === undefined)) return opaque(`${name} with an argument not given or not read`, site);
    const f = torch.get(name) ?? functional?.attrs?.get(name);
    if (!f) return opaque(`torch.${name}`, site);
    return interp.call(f, args as RValue[], new Map(kwargs.filter((e): e is [string, RValue] => e[1] !== undefined && e[1].kind !== 'none')), site);
  };
  const arg = (args: RValue[], kwargs: Map<string, RValue>, i: number, name: string) => args[i] ?? kwargs.get(name);
  /** On Keras tensors, the call as a layer of its own (its name as Keras 2 gives it); on others, the operation. */
  const wrap = (name: string, impl: Impl): RValue => builtin(name, (args, kwargs, site) =>
    host.opLayer(name, [...args, ...kwargs.values()], () => impl(args, kwargs, site), site) ?? impl(args, kwargs, site));

  const reduce = (torchName: string): Impl => (args, kwargs, site) => {
    // A list of numbers (`tf.math.reduce_prod(adjacency_shape)`) is a tensor of them.
    const given = arg(args, kwargs, 0, 'input_tensor') ?? kwargs.get('x');
    const x = given?.kind === 'list' || given?.kind === 'tuple' ? call('tensor', [given], [], site) : given;
    const axis = arg(args, kwargs, 1, 'axis');
    const keep = arg(args, kwargs, 2, 'keepdims');
    if (!axis || axis.kind === 'none') return call(torchName, [x], [], site);
    return call(torchName, [x], [['dim', axis], ['keepdim', keep]], site);
  };
  const unary = (torchName: string): Impl => ([x], _k, site) => call(torchName, [x], [], site);
  // TensorFlow takes Python numbers where torch's functions want tensors (`tf.math.maximum(x, epsilon())`): a number
  // is a 0-d tensor of it.
  const scalar = (v: RValue | undefined, site: CallSite) => (v && isNumber(v) ? call('tensor', [v], [], site) : v);
  const binary = (torchName: string): Impl => ([a, b], _k, site) => call(torchName, [scalar(a, site), scalar(b, site)], [], site);
  /** A comparison: of two Python numbers (`tf.math.equal(x.shape[-1], channels)`), a bool; of tensors, the torch one. */
  const compare = (torchName: string, f: (x: number, y: number) => boolean): Impl => ([a, b], _k, site) => {
    const [x, y] = [intOf(a), intOf(b)];
    return x && y && isNumber(x) && isNumber(y) ? { kind: 'bool', value: f(num(x), num(y)) } : call(torchName, [a, b], [], site);
  };
  const softmax: Impl = (args, kwargs, site) => call('softmax', [args[0]], [['dim', arg(args, kwargs, 1, 'axis') ?? int(-1)]], site);
  const transpose = (permName: string): Impl => (args, kwargs, site) => {
    const x = args[0];
    const perm = arg(args, kwargs, 1, permName);
    if (perm && perm.kind !== 'none') return call('permute', [x, perm], [], site);
    const rank = x?.kind === 'tensor' && x.shape ? x.shape.length : undefined;
    return rank === undefined ? opaque('a transpose of a tensor of unknown rank', site) : call('permute', [x, tuple(Array.from({ length: rank }, (_, i) => int(rank - 1 - i)))], [], site);
  };
  const matmul: Impl = (args, kwargs, site) => {
    const flip = (v: RValue | undefined, t: RValue | undefined) => (v && t?.kind === 'bool' && t.value ? call('transpose', [v, int(-2), int(-1)], [], site) : v);
    return call('matmul', [flip(args[0], kwargs.get('transpose_a'))!, flip(args[1], kwargs.get('transpose_b'))!], [], site);
  };
  /** tf.split / keras.ops.split: a number of equal pieces, or their sizes. */
  const split = (axisDefault: number): Impl => (args, kwargs, site) => {
    const x = args[0];
    const how = arg(args, kwargs, 1, 'num_or_size_splits') ?? kwargs.get('indices_or_sections');
    const axis = arg(args, kwargs, 2, 'axis') ?? int(axisDefault);
    if (how && isNumber(how)) return call('chunk', [x, how], [['dim', axis]], site);
    return call('split', [x, how ?? NONE], [['dim', axis]], site);
  };
  const resize: Impl = (args, kwargs, site) => {
    const x = args[0];
    const size = shapeOf(arg(args, kwargs, 1, 'size'));
    if (x?.kind !== 'tensor' || !x.shape || (x.shape.length !== 4 && x.shape.length !== 3) || size?.kind !== 'tuple' || !size.items.every(isNumber)) return opaque('tf.image.resize of an image or size not known statically', site);
    const [h, w] = size.items.map(num);
    const shape = x.shape.length === 4 ? [x.shape[0], h, w, x.shape[3]] : [h, w, x.shape[2]];
    return { kind: 'tensor', shape, dtype: 'float32', origin: site };
  };
  /** depth_to_space / space_to_depth (channels-last): block×block pixels from (or into) the channels. */
  const depthSpace = (toSpace: boolean): Impl => (args, kwargs, site) => {
    const x = args[0];
    const b = intOf(arg(args, kwargs, 1, 'block_size'));
    if (x?.kind !== 'tensor' || !x.shape || x.shape.length !== 4 || b?.kind !== 'int' || b.value < 2) return opaque(`tf.nn.${toSpace ? 'depth_to_space' : 'space_to_depth'} of a tensor or block size not known statically`, site);
    const [n, h, w, c] = x.shape;
    const k = b.value;
    if (toSpace ? c % (k * k) !== 0 : h % k !== 0 || w % k !== 0) {
      interp.report.diagnostic('error', toSpace ? `depth_to_space: ${c} channels are not divisible by block_size² = ${k * k}` : `space_to_depth: ${h}×${w} is not divisible by block_size ${k}`, site, 'shape');
      return opaque('a block size that does not fit', site);
    }
    const shape = toSpace ? [n, h * k, w * k, c / (k * k)] : [n, h / k, w / k, c * k * k];
    return { kind: 'tensor', shape, dtype: x.dtype, origin: site };
  };
  const cast: Impl = ([x], _k, site) => (x?.kind === 'tensor' ? { ...x, origin: site } : opaque('a cast of a value not known', site));
  const shape: Impl = ([x], _k, site) => (x?.kind === 'tensor' && x.shape ? { kind: 'tensor', shape: [x.shape.length], dtype: 'int32', data: [...x.shape], origin: site } : opaque('the shape of a value that is not a tensor', site));

  const common: [string, Impl][] = [
    ['reshape', (args, kwargs, site) => call('reshape', [arg(args, kwargs, 0, 'x') ?? kwargs.get('tensor'), shapeOf(arg(args, kwargs, 1, 'shape') ?? kwargs.get('newshape') ?? kwargs.get('new_shape'))], [], site)],
    ['stack', (args, kwargs, site) => call('stack', [args[0]], [['dim', arg(args, kwargs, 1, 'axis') ?? int(0)]], site)],
    ['expand_dims', (args, kwargs, site) => call('unsqueeze', [args[0], intOf(arg(args, kwargs, 1, 'axis'))], [], site)],
    ['squeeze', (args, kwargs, site) => {
      const axis = arg(args, kwargs, 1, 'axis');
      return axis && axis.kind !== 'none' ? call('squeeze', [args[0], axis], [], site) : call('squeeze', [args[0]], [], site);
    }],
    ['matmul', matmul], ['einsum', (args, _k, site) => call('einsum', args, [], site)],
    ['add', binary('add')], ['multiply', binary('mul')], ['subtract', binary('sub')], ['divide', binary('div')], ['maximum', binary('maximum')], ['minimum', binary('minimum')],
    ['sqrt', unary('sqrt')], ['exp', unary('exp')], ['log', unary('log')], ['abs', unary('abs')], ['square', unary('square')], ['tanh', unary('tanh')],
    ['sigmoid', unary('sigmoid')], ['tile', ([x, m], _k, site) => call('tile', [x, shapeOf(m)], [], site)],
    ['equal', compare('eq', (x, y) => x === y)], ['not_equal', compare('ne', (x, y) => x !== y)], ['less', compare('lt', (x, y) => x < y)], ['greater', compare('gt', (x, y) => x > y)],
    ['stop_gradient', same], ['zeros', filled], ['ones', filled], ['zeros_like', unary('zeros_like')], ['ones_like', unary('ones_like')],
  ];
  /** tf's names (tf.math.floordiv) and keras.ops's (floor_divide) of the same element-wise operations. */
  /** tf.range(start, limit, delta) and keras.ops.arange(start, stop, step): one bound alone is the stop. */
  const range = (names: [string, string, string], dtype: string): Impl => (args, kwargs, site) => {
    const [a, b, c] = names.map((n, i) => intOf(arg(args, kwargs, i, n)));
    const bounds = b && b.kind !== 'none' ? [a ?? int(0), b, ...(c && c.kind !== 'none' ? [c] : [])] : [a ?? NONE];
    const r = call('arange', bounds, [], site);
    return r.kind === 'tensor' ? { ...r, dtype: r.dtype.startsWith('int') ? dtype : r.dtype } : r;
  };
  const tfOnly: [string, Impl][] = [['range', range(['start', 'limit', 'delta'], 'int32')], ['one_hot', oneHot('depth')], ['identity', same], ['argmin', argReduce(0)], ['argmax', argReduce(0)],
    ['floordiv', binary('floor_divide')], ['floormod', binary('remainder')], ['pow', binary('pow')]];
  const opsOnly: [string, Impl][] = [['arange', range(['start', 'stop', 'step'], 'int32')], ['one_hot', oneHot('num_classes')], ['argmin', argReduce(null)], ['argmax', argReduce(null)],
    ['floor_divide', binary('floor_divide')], ['mod', binary('remainder')], ['power', binary('pow')]];
  const reductions: [string, string][] = [['mean', 'mean'], ['sum', 'sum'], ['max', 'amax'], ['min', 'amin'], ['prod', 'prod']];
  const activations: [string, Impl][] = [['relu', unary('relu')], ['sigmoid', unary('sigmoid')], ['tanh', unary('tanh')], ['gelu', unary('gelu')], ['silu', unary('silu')],
    ['swish', unary('silu')], ['elu', unary('elu')], ['softplus', unary('softplus')], ['leaky_relu', unary('leaky_relu')], ['softmax', softmax]];

  const module = (prefix: string, entries: [string, Impl][]) => new Map<string, RValue>(entries.map(([n, impl]) => [n, wrap(`${prefix}.${n}`, impl)]));
  const tf = module('tf', [
    ...common, ['concat', (args, kwargs, site) => call('cat', [args[0]], [['dim', arg(args, kwargs, 1, 'axis')]], site)], ['transpose', transpose('perm')],
    ...reductions.map(([n, t]): [string, Impl] => [`reduce_${n}`, reduce(t)]), ['split', split(0)], ['cast', cast], ...tfOnly,
  ]);
  tf.set('Variable', builtin('tf.Variable', variable));
  for (const name of TF_INITIALIZERS) tf.set(name, initializer(`tf.${name}`));
  for (const dt of ['float16', 'float32', 'float64', 'int32', 'int64', 'bool']) tf.set(dt, str(dt));
  // @tf.function and @tf.function(jit_compile=True): the function itself, traced or not (no figure changes).
  const traced: RValue = builtin('tf.function', ([f]) => f ?? traced);
  tf.set('function', traced);
  const nn = module('tf.nn', [...activations, ['depth_to_space', depthSpace(true)], ['space_to_depth', depthSpace(false)]]);
  const math = module('tf.math', [...common, ...reductions.map(([n, t]): [string, Impl] => [`reduce_${n}`, reduce(t)]), ...tfOnly]);
  const image = module('tf.image', [['resize', resize], ['extract_patches', extractPatches]]);
  tf.set('nn', { kind: 'module', name: 'tensorflow.nn', attrs: nn });
  tf.set('math', { kind: 'module', name: 'tensorflow.math', attrs: math });
  tf.set('image', { kind: 'module', name: 'tensorflow.image', attrs: image });
  const ops = module('keras.ops', [
    ...common, ...activations, ['concatenate', (args, kwargs, site) => call('cat', [args[0]], [['dim', arg(args, kwargs, 1, 'axis') ?? int(0)]], site)],
    ['transpose', transpose('axes')], ...reductions.map(([n, t]): [string, Impl] => [n, reduce(t)]), ['split', split(0)], ['cast', cast], ...opsOnly,
  ]);
  // A shape is known statically: it stays a value, never a layer whose output is only a shape. tf.shape gives a
  // tensor of the sizes; keras.ops.shape a tuple of ints (None for the batch).
  tf.set('shape', builtin('tf.shape', shape));
  ops.set('shape', builtin('keras.ops.shape', ([x], _k, site) => (x?.kind === 'tensor' && x.shape ? tuple(x.shape.map((d, i) => (i === 0 && (x as KerasTensor).keras ? NONE : int(d)))) : opaque('the shape of a value that is not a tensor', site))));
  // keras.ops.nn (activations), keras.ops.image (resize) and keras.ops.numpy (the numpy-like ones, keras.ops itself).
  const opsNn = module('keras.ops.nn', activations);
  const opsImage = module('keras.ops.image', [['resize', resize]]);
  ops.set('nn', { kind: 'module', name: 'keras.ops.nn', attrs: opsNn });
  ops.set('image', { kind: 'module', name: 'keras.ops.image', attrs: opsImage });
  ops.set('numpy', { kind: 'module', name: 'keras.ops.numpy', attrs: ops });
  // keras.activations: the functions by name, and get(), which gives one for its name (None and 'linear': the identity).
  const activationsModule = module('keras.activations', activations);
  const identity: RValue = builtin('keras.activations.linear', ([x]) => x ?? NONE);
  activationsModule.set('linear', identity);
  activationsModule.set('get', builtin('keras.activations.get', ([v], _k, site) => {
    if (!v || v.kind === 'none' || (v.kind === 'str' && v.value === 'linear')) return identity;
    if (v.kind === 'str') return activationsModule.get(v.value) ?? opaque(`the activation '${v.value}'`, site);
    return v;
  }));
  return [['tensorflow', tf], ['tensorflow.nn', nn], ['tensorflow.math', math], ['tensorflow.image', image], ['keras.ops', ops], ['keras.ops.nn', opsNn], ['keras.ops.image', opsImage], ['keras.ops.numpy', ops], ['keras.activations', activationsModule]];
}
