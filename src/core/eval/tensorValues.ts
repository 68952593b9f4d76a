/**
 * Arithmetic on small tensors whose values are known (RegNet computes its stage widths with torch.arange,
 * log, pow and round). Values follow PyTorch's dtypes: int64 stays integral, float32 is rounded to float32
 * after every operation, so the results round as PyTorch's do.
 */
import { binaryResultType, operandType } from './dtypes';
import type { RValue, TensorValue } from '../values/value';
import { roundHalfEven } from './pyNumbers';

/** At most this many values are tracked; larger tensors keep only their shapes. */
export const MAX_VALUES = 4096;

const isFloat = (dtype: string) => dtype.startsWith('float') || dtype === 'half' || dtype === 'double' || dtype === 'bfloat16';

function round(dtype: string, x: number): number {
  if (dtype === 'float64' || dtype === 'double') return x;
  if (isFloat(dtype)) return Math.fround(x);
  return Math.trunc(x);
}

export function valueTensor(data: number[], dtype: string, shape = [data.length]): TensorValue {
  return { kind: 'tensor', shape, dtype, data: data.map((x) => round(dtype, x)) };
}

/** The operand as values and dtype: a tensor with values, or a Python number. */
function operand(v: RValue): { data: number[]; dtype: string; scalar: boolean } | undefined {
  if (v.kind === 'tensor' && v.data) return { data: v.data, dtype: v.dtype, scalar: v.shape?.length === 0 };
  if (v.kind === 'int' || v.kind === 'bool') return { data: [Number(v.value)], dtype: 'int64', scalar: true };
  if (v.kind === 'float') return { data: [v.value], dtype: 'float64-scalar', scalar: true };
  return undefined;
}

/** numpy's promotion: anything with a float, or a true division, gives float64. */
function promote(a: string, b: string, op: string): string {
  return isFloat(a) || isFloat(b) || a === 'float64-scalar' || b === 'float64-scalar' || op === '/' ? 'float64' : 'int64';
}

/** Element-wise `a op b` when both sides' values are known and broadcast trivially. */
export function valueBinary(op: string, a: RValue, b: RValue, shape: number[], resultDtype?: string): TensorValue | undefined {
  const x = operand(a);
  const y = operand(b);
  if (!x || !y) return undefined;
  const n = shape.reduce((p, d) => p * d, 1);
  if (n > MAX_VALUES || (!x.scalar && x.data.length !== n) || (!y.scalar && y.data.length !== n)) return undefined;
  const numpy = (a.kind === 'tensor' && !!a.numpy) || (b.kind === 'tensor' && !!b.numpy);
  const types = [operandType(a), operandType(b)];
  const dtype = resultDtype ?? (Object.hasOwn(COMPARE, op) ? 'bool' : numpy ? promote(x.dtype, y.dtype, op) : binaryResultType(op, types as NonNullable<(typeof types)[0]>[]));
  const at = (o: { data: number[]; scalar: boolean }, i: number) => (o.scalar ? o.data[0] : o.data[i]);
  const f = Object.hasOwn(BINARY, op) ? BINARY[op] : Object.hasOwn(COMPARE, op) ? COMPARE[op] : Object.hasOwn(NAMED_COMPARE, op) ? NAMED_COMPARE[op] : undefined;
  if (!f) return undefined;
  // Integer division and remainder by zero raise in PyTorch: their values are left unknown (the op reports it).
  if (!isFloat(dtype) && /^(\/\/|%|fmod|remainder|floor_divide|trunc_divide)$/.test(op) && y.data.some((v) => v === 0)) return undefined;
  const data = Array.from({ length: n }, (_, i) => f(at(x, i), at(y, i)));
  return numpy ? { ...valueTensor(data, dtype, shape), numpy } : valueTensor(data, dtype, shape);
}

const BINARY: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '//': (a, b) => Math.floor(a / b),
  '**': (a, b) => a ** b,
  // torch.max(a, b) / torch.min(a, b) and the named forms of the element-wise family (torchFamilies.ts).
  max: (a, b) => Math.max(a, b),
  min: (a, b) => Math.min(a, b),
  maximum: (a, b) => Math.max(a, b),
  minimum: (a, b) => Math.min(a, b),
  fmax: (a, b) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b)),
  fmin: (a, b) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b)),
  atan2: Math.atan2,
  arctan2: Math.atan2,
  hypot: Math.hypot,
  logaddexp: (a, b) => Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b))),
  logaddexp2: (a, b) => Math.max(a, b) + Math.log2(1 + 2 ** -Math.abs(a - b)),
  // fmod keeps the dividend's sign (JavaScript's %), remainder the divisor's (Python's %).
  fmod: (a, b) => a % b,
  remainder: (a, b) => a - b * Math.floor(a / b),
  '%': (a, b) => a - b * Math.floor(a / b),
  floor_divide: (a, b) => Math.floor(a / b),
  trunc_divide: (a, b) => Math.trunc(a / b),
  true_divide: (a, b) => a / b,
  multiply: (a, b) => a * b,
  subtract: (a, b) => a - b,
  copysign: (a, b) => (Object.is(b, -0) || b < 0 ? -Math.abs(a) : Math.abs(a)),
};

/** Comparisons give booleans, stored as 0 and 1 like every bool tensor's values. */
const COMPARE: Record<string, (a: number, b: number) => number> = {
  '<': (a, b) => Number(a < b),
  '<=': (a, b) => Number(a <= b),
  '>': (a, b) => Number(a > b),
  '>=': (a, b) => Number(a >= b),
  '==': (a, b) => Number(a === b),
  '!=': (a, b) => Number(a !== b),
};

/** The named comparisons and logic of the element-wise family (`torch.eq`, `logical_and`), as 0 and 1. */
const NAMED_COMPARE: Record<string, (a: number, b: number) => number> = {
  eq: COMPARE['=='], ne: COMPARE['!='], not_equal: COMPARE['!='], lt: COMPARE['<'], less: COMPARE['<'], le: COMPARE['<='], less_equal: COMPARE['<='],
  gt: COMPARE['>'], greater: COMPARE['>'], ge: COMPARE['>='], greater_equal: COMPARE['>='],
  logical_and: (a, b) => Number(a !== 0 && b !== 0),
  logical_or: (a, b) => Number(a !== 0 || b !== 0),
  logical_xor: (a, b) => Number((a !== 0) !== (b !== 0)),
};

/** A one-argument function over the values: log, exp, sqrt, round (half to even, as torch.round). */
export function valueUnary(name: string, t: TensorValue): TensorValue | undefined {
  if (!t.data) return undefined;
  const dtype = isFloat(t.dtype) || KEEPS_INTEGERS.has(name) ? t.dtype : 'float32';
  const f = Object.hasOwn(UNARY, name) ? UNARY[name] : undefined;
  return f ? valueTensor(t.data.map(f), dtype, t.shape ?? [t.data.length]) : undefined;
}

const UNARY: Record<string, (x: number) => number> = {
  log: Math.log,
  exp: Math.exp,
  sin: Math.sin,
  cos: Math.cos,
  sqrt: Math.sqrt,
  abs: Math.abs,
  neg: (x) => -x,
  negative: (x) => -x,
  positive: (x) => x,
  round: roundHalfEven,
  floor: Math.floor,
  ceil: Math.ceil,
  trunc: Math.trunc,
  fix: Math.trunc,
  frac: (x) => x - Math.trunc(x),
  sign: Math.sign,
  sgn: Math.sign,
  square: (x) => x * x,
  relu: (x) => Math.max(x, 0),
  reciprocal: (x) => 1 / x,
  rsqrt: (x) => 1 / Math.sqrt(x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  expm1: Math.expm1,
  log1p: Math.log1p,
  log2: Math.log2,
  log10: Math.log10,
  exp2: (x) => 2 ** x,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  arcsinh: Math.asinh,
  arccosh: Math.acosh,
  arctanh: Math.atanh,
  deg2rad: (x) => (x * Math.PI) / 180,
  rad2deg: (x) => (x * 180) / Math.PI,
};

/** Element-wise functions that keep an integer input's dtype (checked against PyTorch 1.13); the rest give float32. */
export const KEEPS_INTEGERS = new Set([
  'abs', 'neg', 'negative', 'positive', 'round', 'floor', 'ceil', 'trunc', 'fix', 'sign', 'sgn', 'square', 'relu', 'nan_to_num', 'conj',
  'clamp_min', 'clamp_max', 'clip', 'bitwise_not',
]);

/**
 * A reduction over every element of a tensor whose values are known (`int(torch.max(lengths).item())`): a 0-d
 * tensor of the result, in the dtype PyTorch gives (mean: float; all/any: bool; the rest: the input's).
 */
export function valueReduce(name: string, t: TensorValue): TensorValue | undefined {
  if (!t.data?.length || !Object.hasOwn(REDUCE, name)) return undefined;
  return valueTensor([REDUCE[name](t.data)], reducedType(name, t.dtype), []);
}

/** The dtype a reduction gives: mean of integers float32; all/any bool; count_nonzero int64; the rest the input's. */
function reducedType(name: string, dtype: string): string {
  return name === 'all' || name === 'any' ? 'bool' : name === 'count_nonzero' ? 'int64' : name === 'mean' && !isFloat(dtype) ? 'float32' : dtype;
}

/**
 * The same reduction along some dims (`out`: the result's shape, keepdim or not), when the values are known: each output element reduces the
 * input's elements that share its coordinates outside those dims.
 */
export function valueReduceDims(name: string, t: TensorValue, dims: number[], out: number[]): TensorValue | undefined {
  const shape = t.shape;
  if (!t.data || !shape || !Object.hasOwn(REDUCE, name)) return undefined;
  const rank = shape.length;
  const along = new Set(dims.map((d) => (d < 0 ? d + Math.max(rank, 1) : d)));
  const kept = shape.map((_, d) => d).filter((d) => !along.has(d));
  const groups = new Map<number, number[]>();
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  t.data.forEach((v, flat) => {
    // The output element this one reduces into: its coordinates on the kept dims, row-major.
    const key = kept.reduce((k, d) => k * shape[d] + (Math.floor(flat / strides[d]) % shape[d]), 0);
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(v);
  });
  const n = kept.reduce((a, d) => a * shape[d], 1);
  if (n !== out.reduce((a, b) => a * b, 1)) return undefined;
  return valueTensor(Array.from({ length: n }, (_, k) => REDUCE[name](groups.get(k) ?? [])), reducedType(name, t.dtype), out);
}

const REDUCE: Record<string, (xs: number[]) => number> = {
  sum: (xs) => xs.reduce((a, b) => a + b, 0),
  mean: (xs) => xs.reduce((a, b) => a + b, 0) / xs.length,
  prod: (xs) => xs.reduce((a, b) => a * b, 1),
  max: (xs) => Math.max(...xs),
  amax: (xs) => Math.max(...xs),
  min: (xs) => Math.min(...xs),
  amin: (xs) => Math.min(...xs),
  all: (xs) => Number(xs.every((x) => x !== 0)),
  any: (xs) => Number(xs.some((x) => x !== 0)),
  count_nonzero: (xs) => xs.filter((x) => x !== 0).length,
};

/** At most this many distinct values are kept as the set a tensor's values are drawn from. */
export const MAX_AMONG = 1024;

/** The set a tensor's values are drawn from: its values' own when known, else what was carried; sorted, distinct. */
export function amongOf(v: RValue | undefined): number[] | undefined {
  if (v?.kind !== 'tensor') return undefined;
  if (v.data) {
    const set = [...new Set(v.data)].sort((a, b) => a - b);
    return set.length <= MAX_AMONG ? set : undefined;
  }
  return v.among;
}

/** The union of the sets several tensors' values are drawn from; undefined when one of them has none. */
export function amongAll(vs: RValue[]): number[] | undefined {
  const sets = vs.map(amongOf);
  if (!sets.length || sets.some((x) => !x)) return undefined;
  const set = [...new Set(sets.flat() as number[])].sort((a, b) => a - b);
  return set.length <= MAX_AMONG ? set : undefined;
}

/** `.int()`, `.long()`, `.float()`: the values converted. */
export function valueCast(t: TensorValue, dtype: string): TensorValue {
  if (t.data) return valueTensor(t.data, dtype, t.shape ?? [t.data.length]);
  return t.among ? { ...t, dtype, among: [...new Set(valueTensor(t.among, dtype).data)] } : { ...t, dtype };
}

/** torch.diff along the only dimension. */
export function valueDiff(t: TensorValue): TensorValue | undefined {
  if (!t.data || (t.shape && t.shape.length !== 1)) return undefined;
  const d = t.data.slice(1).map((x, i) => x - t.data![i]);
  return valueTensor(d, t.dtype, [d.length]);
}

/** `.item()`: the one element's value, when known; undefined otherwise (a tensor of another size raises: the caller's). */
export function valueItem(t: TensorValue): RValue | undefined {
  if (!t.data || t.data.length !== 1) return undefined;
  return isFloat(t.dtype) ? { kind: 'float', value: t.data[0] } : t.dtype === 'bool' ? { kind: 'bool', value: t.data[0] !== 0 } : { kind: 'int', value: t.data[0] };
}

/** Lists tolist() makes of a tensor whose values are not known: their lengths are still its shape's, up to this many elements. */
const MAX_LISTED = 65_536;

/**
 * `.tolist()` as Python values: nested lists as the shape nests, of the known values, or of elements not
 * known (`len(x.tolist())` is still the first dim). Undefined when the shape is not known or too large to list.
 */
export function valueToPython(t: TensorValue): RValue | undefined {
  if (!t.shape) return undefined;
  const shape = t.shape;
  const n = shape.reduce((a, b) => a * b, 1);
  if (!t.data && (shape.length === 0 || n > MAX_LISTED)) return undefined;
  const py = (i: number): RValue => (!t.data ? { kind: 'opaque', reason: 'an element of a tensor whose values are not known' } : isFloat(t.dtype) ? { kind: 'float', value: t.data[i] } : { kind: 'int', value: t.data[i] });
  const nest = (dim: number, at: number): RValue => {
    if (dim === shape.length) return py(at);
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return { kind: 'list', items: Array.from({ length: shape[dim] }, (_, k) => nest(dim + 1, at + k * stride)) };
  };
  return nest(0, 0);
}
