/**
 * numpy's functions that move or make arrays rather than compute numbers (expand_dims, reshape, concatenate,
 * stack, squeeze, transpose) and numpy.random's draws: data code before a model uses them to shape its inputs
 * (`x = np.expand_dims(x_train, -1)`, then `keras.Input(shape=x.shape[1:])`). Each is the torch operation it is on
 * shapes (numpy's axis is torch's dim), its result a numpy array; a random draw has a known shape and values not
 * known.
 */
import { builtin } from './builtins';
import type { Evaluator } from './evaluator';
import { type CallSite, type RValue, type TensorValue, NONE, int, isNumber, num, opaque, tuple } from '../values/value';

type Impl = (args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue;

const arg = (args: RValue[], kwargs: Map<string, RValue>, i: number, name: string) => args[i] ?? kwargs.get(name);
const asNumpy = (v: RValue): RValue => (v.kind === 'tensor' ? { ...v, numpy: true } : v.kind === 'list' || v.kind === 'tuple' ? { ...v, items: v.items.map(asNumpy) } : v);
/** A size argument: an int, or a tuple of ints; undefined when absent (one draw). */
const sizeOf = (v: RValue | undefined): number[] | null | undefined => {
  if (!v || v.kind === 'none') return null;
  if (v.kind === 'int') return [v.value];
  if ((v.kind === 'tuple' || v.kind === 'list') && v.items.every((x) => x.kind === 'int')) return v.items.map(num);
  return undefined;
};

export function numpyShapeFunctions(interp: Evaluator, torch: Map<string, RValue>): [string, RValue][] {
  const call = (name: string, args: RValue[], kwargs: [string, RValue | undefined][], site: CallSite): RValue => {
    const f = torch.get(name);
    const given = new Map(kwargs.filter((e): e is [string, RValue] => e[1] !== undefined && e[1].kind !== 'none'));
    return f ? asNumpy(interp.call(f, args, given, site)) : opaque(`numpy's ${name}`, site);
  };
  const fns: [string, Impl][] = [
    ['expand_dims', (args, kwargs, site) => call('unsqueeze', [args[0], arg(args, kwargs, 1, 'axis') ?? NONE], [], site)],
    ['reshape', (args, kwargs, site) => call('reshape', [args[0], arg(args, kwargs, 1, 'newshape') ?? kwargs.get('shape') ?? NONE], [], site)],
    ['squeeze', (args, kwargs, site) => call('squeeze', [args[0]], [['dim', arg(args, kwargs, 1, 'axis')]], site)],
    ['concatenate', (args, kwargs, site) => call('cat', [args[0]], [['dim', arg(args, kwargs, 1, 'axis') ?? int(0)]], site)],
    ['stack', (args, kwargs, site) => call('stack', [args[0]], [['dim', arg(args, kwargs, 1, 'axis') ?? int(0)]], site)],
    ['transpose', (args, kwargs, site) => {
      const [x] = args;
      const axes = arg(args, kwargs, 1, 'axes');
      if (x?.kind !== 'tensor' || !x.shape) return opaque('numpy.transpose of an array not known statically', site);
      const rank = x.shape.length;
      return call('permute', [x, axes && axes.kind !== 'none' ? axes : tuple(Array.from({ length: rank }, (_, i) => int(rank - 1 - i)))], [], site);
    }],
  ];
  return fns.map(([n, impl]) => [n, builtin(`numpy.${n}`, impl)]);
}

/** numpy.random: draws of a known shape (the values are not known), and seed. */
export function numpyRandomModule(): Map<string, RValue> {
  const draw = (shape: number[], dtype: string): TensorValue => ({ kind: 'tensor', shape, dtype, numpy: true });
  /** One draw (size None) is a number not known; else an array of that size. */
  const of = (size: RValue | undefined, dtype: string, site: CallSite): RValue => {
    const s = sizeOf(size);
    if (s === undefined) return opaque('random draws of a size not known statically', site);
    return s === null ? opaque('a random number', site) : draw(s, dtype);
  };
  const m = new Map<string, RValue>();
  const def = (name: string, f: Impl) => m.set(name, builtin(`numpy.random.${name}`, f));
  def('seed', () => NONE);
  // rand(d0, d1, …) and randn(…): the sizes as arguments.
  const bySizes: Impl = (args, _k, site) => (args.every((a) => a.kind === 'int') ? (args.length ? draw(args.map(num), 'float64') : opaque('a random number', site)) : opaque('random draws of a size not known statically', site));
  def('rand', bySizes);
  def('randn', bySizes);
  def('random', (args, kwargs, site) => of(arg(args, kwargs, 0, 'size'), 'float64', site));
  def('normal', (args, kwargs, site) => of(arg(args, kwargs, 2, 'size'), 'float64', site));
  def('uniform', (args, kwargs, site) => of(arg(args, kwargs, 2, 'size'), 'float64', site));
  def('randint', (args, kwargs, site) => of(arg(args, kwargs, 2, 'size'), 'int64', site));
  def('choice', (args, kwargs, site) => {
    const a = arg(args, kwargs, 0, 'a');
    // Drawn from range(a) for an int, else from a's elements: of a's dtype, which must be known.
    const dtype = a?.kind === 'int' ? 'int64' : a?.kind === 'tensor' ? a.dtype : (a?.kind === 'list' || a?.kind === 'tuple') && a.items.length && a.items.every(isNumber) ? (a.items.every((x) => x.kind === 'int') ? 'int64' : 'float64') : undefined;
    return dtype ? of(arg(args, kwargs, 1, 'size'), dtype, site) : opaque('random choices from a value not known statically', site);
  });
  def('permutation', (args, _k, site) => {
    const [x] = args;
    if (x?.kind === 'int') return draw([x.value], 'int64');
    return x?.kind === 'tensor' && x.shape ? draw([...x.shape], x.dtype) : opaque('a permutation of a value not known statically', site);
  });
  def('shuffle', () => NONE);
  return m;
}
