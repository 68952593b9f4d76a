/**
 * Arithmetic on small tensors whose values are known (RegNet computes its stage widths with torch.arange,
 * log, pow and round). Values follow PyTorch's dtypes: int64 stays integral, float32 is rounded to float32
 * after every operation, so the results round as PyTorch's do.
 */
import { binaryResultType, operandType } from './dtypes';
import type { RValue, TensorValue } from './runtime';
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
export function valueBinary(op: string, a: RValue, b: RValue, shape: number[]): TensorValue | undefined {
  const x = operand(a);
  const y = operand(b);
  if (!x || !y) return undefined;
  const n = shape.reduce((p, d) => p * d, 1);
  if (n > MAX_VALUES || (!x.scalar && x.data.length !== n) || (!y.scalar && y.data.length !== n)) return undefined;
  const numpy = (a.kind === 'tensor' && !!a.numpy) || (b.kind === 'tensor' && !!b.numpy);
  const types = [operandType(a), operandType(b)];
  const dtype = Object.hasOwn(COMPARE, op) ? 'bool' : numpy ? promote(x.dtype, y.dtype, op) : binaryResultType(op, types as NonNullable<(typeof types)[0]>[]);
  const at = (o: { data: number[]; scalar: boolean }, i: number) => (o.scalar ? o.data[0] : o.data[i]);
  const f = Object.hasOwn(BINARY, op) ? BINARY[op] : Object.hasOwn(COMPARE, op) ? COMPARE[op] : undefined;
  if (!f) return undefined;
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

/** A one-argument function over the values: log, exp, sqrt, round (half to even, as torch.round). */
export function valueUnary(name: string, t: TensorValue): TensorValue | undefined {
  if (!t.data) return undefined;
  const dtype = isFloat(t.dtype) ? t.dtype : name === 'round' || name === 'abs' ? t.dtype : 'float32';
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
  round: roundHalfEven,
};

/**
 * A reduction over every element of a tensor whose values are known (`int(torch.max(lengths).item())`): a 0-d
 * tensor of the result, in the dtype PyTorch gives (mean: float; all/any: bool; the rest: the input's).
 */
export function valueReduce(name: string, t: TensorValue): TensorValue | undefined {
  if (!t.data?.length || !Object.hasOwn(REDUCE, name)) return undefined;
  const dtype = name === 'all' || name === 'any' ? 'bool' : name === 'mean' && !isFloat(t.dtype) ? 'float32' : t.dtype;
  return valueTensor([REDUCE[name](t.data)], dtype, []);
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
};

/** `.int()`, `.long()`, `.float()`: the values converted. */
export function valueCast(t: TensorValue, dtype: string): TensorValue {
  return t.data ? valueTensor(t.data, dtype, t.shape ?? [t.data.length]) : { ...t, dtype };
}

/** torch.diff along the only dimension. */
export function valueDiff(t: TensorValue): TensorValue | undefined {
  if (!t.data || (t.shape && t.shape.length !== 1)) return undefined;
  const d = t.data.slice(1).map((x, i) => x - t.data![i]);
  return valueTensor(d, t.dtype, [d.length]);
}

/** `.tolist()` / `.item()` as Python values. */
export function valueToPython(t: TensorValue): RValue | undefined {
  if (!t.data || !t.shape) return undefined;
  const py = (x: number): RValue => (isFloat(t.dtype) ? { kind: 'float', value: x } : { kind: 'int', value: x });
  if (t.shape.length === 0) return py(t.data[0]);
  if (t.shape.length === 1) return { kind: 'list', items: t.data.map(py) };
  return undefined;
}
