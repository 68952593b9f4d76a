/**
 * The part of numpy model code computes its configuration with (timm's RegNet widths, a Transformer's sinusoid
 * table): arrays are tensors marked `numpy`, with their values when small (./tensorValues.ts), float64 and int64
 * as numpy keeps them. Functions of Python numbers give Python numbers. Element-wise operators go through the
 * tensor operators, which follow numpy's type rules for numpy arrays.
 */
import { builtin } from './builtins';
import type { Evaluator } from './evaluator';
import { roundHalfEven } from './pyNumbers';
import { type CallSite, type RValue, type TensorValue, NONE, int, isNumber, list, num, opaque, str, tuple } from '../values/value';
import { MAX_VALUES, valueCast, valueTensor } from './tensorValues';
import { numpyRandomModule, numpyShapeFunctions } from './numpyShapes';

type Impl = (args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue;

const UNARY: Record<string, (x: number) => number> = {
  log: Math.log, exp: Math.exp, sqrt: Math.sqrt, abs: Math.abs, floor: Math.floor, ceil: Math.ceil,
  sin: Math.sin, cos: Math.cos, tanh: Math.tanh, round: roundHalfEven, around: roundHalfEven, log2: Math.log2,
};

/** A numpy array of these values (int64 when all are integers and `float` is not asked for), or of this shape only. */
export function ndarray(data: number[] | null, shape: number[], float: boolean): TensorValue {
  const dtype = float ? 'float64' : 'int64';
  if (data && data.length <= MAX_VALUES) return { ...valueTensor(data, dtype, shape), numpy: true };
  return { kind: 'tensor', shape, dtype, numpy: true };
}

/** A Python number for a numpy scalar: an int for integer dtypes. */
export function pyNumber(x: number, dtype: string): RValue {
  return dtype.startsWith('int') ? int(x) : { kind: 'float', value: x };
}

const dtypeOf = (v: RValue | undefined): string | undefined => {
  if (!v) return undefined;
  if (v.kind === 'str') return /int|long/.test(v.value) ? 'int64' : v.value === 'bool' ? 'bool' : 'float64';
  if (v.kind === 'builtin') return v.name === 'int' ? 'int64' : v.name === 'float' ? 'float64' : v.name === 'bool' ? 'bool' : undefined;
  return undefined;
};

export function numpyModule(interp: Evaluator, torch: Map<string, RValue>): Map<string, RValue> {
  const m = new Map<string, RValue>(numpyShapeFunctions(interp, torch));
  m.set('random', { kind: 'module', name: 'numpy.random', attrs: numpyRandomModule() });
  const def = (name: string, f: Impl) => m.set(name, builtin(`numpy.${name}`, f));

  /** Values and shape of an array-like: a numpy array or tensor, a number, or nested lists of numbers. */
  const read = (v: RValue | undefined, site: CallSite): { data: number[] | null; shape: number[]; float: boolean } | undefined => {
    if (!v) return undefined;
    if (v.kind === 'tensor') return v.shape ? { data: v.data ?? null, shape: v.shape, float: !v.dtype.startsWith('int') } : undefined;
    if (isNumber(v)) return { data: [num(v)], shape: [], float: v.kind === 'float' };
    if (v.kind !== 'list' && v.kind !== 'tuple') return undefined;
    const parts = v.items.map((x) => read(x, site));
    if (parts.some((p) => !p)) return undefined;
    const inner = parts[0]?.shape ?? [];
    if (parts.some((p) => p!.shape.join() !== inner.join())) return undefined;
    const data = parts.every((p) => p!.data) ? parts.flatMap((p) => p!.data!) : null;
    return { data, shape: [parts.length, ...inner], float: parts.some((p) => p!.float) };
  };
  const arrayOf = (v: RValue | undefined, site: CallSite, dtype?: string): RValue => {
    const r = read(v, site);
    if (!r) return opaque('numpy.array of values not known statically', site);
    const a = ndarray(r.data, r.shape, dtype ? dtype !== 'int64' : r.float);
    return dtype === 'int64' ? { ...valueCast(a, 'int64'), numpy: true } : a;
  };

  def('array', ([v, d], k, site) => arrayOf(v, site, dtypeOf(d ?? k.get('dtype'))));
  def('asarray', ([v, d], k, site) => arrayOf(v, site, dtypeOf(d ?? k.get('dtype'))));
  def('arange', (args, _k, site) => {
    if (!args.every(isNumber) || !args.length) return opaque('numpy.arange of values not known statically', site);
    const n = args.map(num);
    const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
    const len = step === 0 ? 0 : Math.max(0, Math.ceil((stop - start) / step));
    return ndarray(len <= MAX_VALUES ? Array.from({ length: len }, (_, i) => start + i * step) : null, [len], args.some((a) => a.kind === 'float'));
  });
  def('linspace', ([a, b, c], k, site) => {
    const steps = c ?? k.get('num') ?? int(50);
    if (!isNumber(a) || !isNumber(b) || steps.kind !== 'int') return opaque('numpy.linspace of values not known statically', site);
    const n = steps.value;
    const step = n > 1 ? (num(b) - num(a)) / (n - 1) : 0;
    return ndarray(n <= MAX_VALUES ? Array.from({ length: n }, (_, i) => (i === n - 1 && n > 1 ? num(b) : num(a) + i * step)) : null, [n], true);
  });
  for (const name of ['zeros', 'ones']) {
    def(name, ([s, d], k, site) => {
      const r = read(s, site);
      const shape = r?.data && r.shape.length <= 1 ? r.data : undefined;
      if (!shape) return opaque(`numpy.${name} of a shape not known statically`, site);
      const n = shape.reduce((p, x) => p * x, 1);
      return ndarray(n <= MAX_VALUES ? Array(n).fill(name === 'ones' ? 1 : 0) : null, shape, dtypeOf(d ?? k.get('dtype')) !== 'int64');
    });
  }
  for (const [name, f] of Object.entries(UNARY)) {
    def(name, ([x], _k, site) => {
      if (x && isNumber(x)) return { kind: 'float', value: f(num(x)) };
      if (x?.kind !== 'tensor' || !x.shape) return opaque(`numpy.${name} of a value not known statically`, site);
      // numpy computes in float64 (an int array's round, floor or abs stays int).
      const keepsInt = x.dtype.startsWith('int') && ['round', 'around', 'floor', 'ceil', 'abs'].includes(name);
      return ndarray(x.data ? x.data.map(f) : null, x.shape, !keepsInt);
    });
  }
  for (const [name, op] of [['power', '**'], ['divide', '/'], ['true_divide', '/'], ['multiply', '*'], ['add', '+'], ['subtract', '-'], ['floor_divide', '//']] as const) {
    def(name, ([a, b], _k, site) => (a && b ? interp.binary(op, asArray(a), b, site) : opaque(`numpy.${name}`, site)));
  }
  def('unique', ([v], k, site) => {
    const r = read(v, site);
    if (!r?.data) return opaque('numpy.unique of values not known statically', site);
    const counts = new Map<number, number>();
    for (const x of r.data) counts.set(x, (counts.get(x) ?? 0) + 1);
    const values = [...counts.keys()].sort((x, y) => x - y);
    const unique = ndarray(values, [values.length], r.float);
    const withCounts = k.get('return_counts');
    return withCounts?.kind === 'bool' && withCounts.value ? tuple([unique, ndarray(values.map((x) => counts.get(x)!), [values.length], false)]) : unique;
  });
  def('cumsum', ([v], _k, site) => {
    const r = read(v, site);
    if (!r?.data) return opaque('numpy.cumsum of values not known statically', site);
    let acc = 0;
    return ndarray(r.data.map((x) => (acc += x)), [r.data.length], r.float);
  });
  def('split', ([v, at], _k, site) => {
    const r = read(v, site);
    const cuts = read(at, site);
    if (!r?.data || r.shape.length !== 1 || !cuts?.data) return opaque('numpy.split of values not known statically', site);
    const bounds = cuts.shape.length === 0 ? Array.from({ length: cuts.data[0] - 1 }, (_, i) => ((i + 1) * r.data!.length) / cuts.data![0]) : cuts.data;
    const edges = [0, ...bounds, r.data.length];
    return list(edges.slice(1).map((end, i) => ndarray(r.data!.slice(edges[i], end), [end - edges[i]], r.float)));
  });
  for (const [name, f] of [['sum', (xs: number[]) => xs.reduce((a, b) => a + b, 0)], ['prod', (xs: number[]) => xs.reduce((a, b) => a * b, 1)], ['max', (xs: number[]) => Math.max(...xs)], ['min', (xs: number[]) => Math.min(...xs)], ['mean', (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length]] as const) {
    def(name, ([v], k, site) => {
      const r = read(v, site);
      if (!r?.data || !r.data.length || k.has('axis')) return opaque(`numpy.${name} not known statically`, site);
      return pyNumber(f(r.data), r.float || name === 'mean' ? 'float64' : 'int64');
    });
  }
  for (const [name, dtype] of [['int64', 'int64'], ['int32', 'int32'], ['int_', 'int64'], ['float32', 'float32'], ['float64', 'float64'], ['float_', 'float64'], ['bool_', 'bool']]) m.set(name, str(dtype));
  m.set('pi', { kind: 'float', value: Math.PI });
  m.set('e', { kind: 'float', value: Math.E });
  m.set('inf', { kind: 'float', value: Infinity });
  m.set('newaxis', NONE);
  return m;
}

/** A Python number as a 0-d numpy array, so that `np.power(2, arr)` follows numpy's types. */
function asArray(v: RValue): RValue {
  return isNumber(v) ? ndarray([num(v)], [], v.kind === 'float') : v;
}

/** `arr.astype(int)`: the values converted (float to int truncates, as numpy does). */
export function astype(t: TensorValue, d: RValue | undefined): TensorValue {
  const dtype = dtypeOf(d) ?? 'float64';
  return { ...valueCast(t, dtype), numpy: true };
}
