/**
 * Python's math module over known numbers, as CPython computes it: the same double operations (log(x, base) is
 * log(x) / log(base)), ints where Python gives ints (ceil, floor, trunc, isqrt, gcd, lcm, factorial, comb, perm,
 * prod of ints), and ValueError "math domain error" where Python refuses (sqrt(-1), log(0)). Research code sizes
 * layers with it: ECA's kernel is `int(abs(math.log(channels, 2) + 1) / 2)`, so a base read wrongly is a wrong
 * model that looks complete. Functions with no exact JavaScript counterpart (erf, gamma, fsum) are left out: a call
 * to one is not known, never approximated. Ints past 2^53 are not known either. The transcendental functions are
 * JavaScript's (V8's fdlibm), which may differ from CPython's C library in the last bit (log(3) ends in …096
 * here and …098 there): a size that depends on that bit would differ; none in the corpus does.
 */
import type { Evaluator } from './evaluator';
import { PyRaise } from './signals';
import { builtin, type CallSite, type RValue, bool, int, isNumber, num, opaque } from '../values/value';

const float = (value: number): RValue => ({ kind: 'float', value });

export function mathModule(interp: Evaluator): Map<string, RValue> {
  const domain = (site: CallSite): never => {
    throw new PyRaise(opaque('ValueError'), 'ValueError: math domain error', site);
  };
  /** A float function of floats: NaN out of finite, non-NaN arguments is Python's domain error. */
  const real = (name: string, arity: number, f: (...xs: number[]) => number) => builtin(`math.${name}`, (args, _k, site) => {
    if (args.length !== arity || !args.every(isNumber)) return opaque(`math.${name}() of values not known statically`, site);
    const xs = args.map(num);
    const r = f(...xs);
    if (Number.isNaN(r) && !xs.some(Number.isNaN)) domain(site);
    // An infinite result of finite arguments (exp(1024)) is Python's OverflowError.
    if (!Number.isFinite(r) && !Number.isNaN(r) && xs.every(Number.isFinite)) throw new PyRaise(opaque('OverflowError'), 'OverflowError: math range error', site);
    return float(r);
  });
  /** An int result (exact while it is a safe integer). */
  const exactInt = (name: string, f: (args: RValue[], site: CallSite) => number | undefined) => builtin(`math.${name}`, (args, _k, site) => {
    const r = f(args, site);
    return r !== undefined && Number.isSafeInteger(r) ? int(r) : opaque(`math.${name}() of values not known statically (or past 2^53)`, site);
  });
  const ints = (args: RValue[]) => (args.every((a) => a.kind === 'int' || a.kind === 'bool') ? args.map(num) : undefined);
  /** ceil, floor, trunc: an int of an int, the rounded float as an int; inf and nan are refused as Python refuses them. */
  const rounding = (name: string, f: (x: number) => number) => builtin(`math.${name}`, ([v], _k, site) => {
    if (!v || !isNumber(v)) return opaque(`math.${name}() of a value not known statically`, site);
    const x = num(v);
    if (Number.isNaN(x)) throw new PyRaise(opaque('ValueError'), 'ValueError: cannot convert float NaN to integer', site);
    if (!Number.isFinite(x)) throw new PyRaise(opaque('OverflowError'), 'OverflowError: cannot convert float infinity to integer', site);
    const r = f(x);
    return Number.isSafeInteger(r) ? int(r) : opaque(`math.${name}() past 2^53`, site);
  });
  const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));
  const factorial = (n: number) => {
    let r = 1;
    for (let i = 2; i <= n && Number.isSafeInteger(r); i++) r *= i;
    return r;
  };
  const perm = (n: number, k: number) => {
    if (k > n) return 0;
    let r = 1;
    for (let i = n - k + 1; i <= n && Number.isSafeInteger(r); i++) r *= i;
    return r;
  };
  return new Map<string, RValue>([
    ['pi', float(Math.PI)], ['e', float(Math.E)], ['tau', float(2 * Math.PI)], ['inf', float(Infinity)], ['nan', float(NaN)],
    ['ceil', rounding('ceil', Math.ceil)],
    ['floor', rounding('floor', Math.floor)],
    ['trunc', rounding('trunc', Math.trunc)],
    ['sqrt', real('sqrt', 1, Math.sqrt)],
    ['exp', real('exp', 1, Math.exp)],
    ['expm1', real('expm1', 1, Math.expm1)],
    ['log2', real('log2', 1, (x) => (x > 0 ? Math.log2(x) : NaN))],
    ['log10', real('log10', 1, (x) => (x > 0 ? Math.log10(x) : NaN))],
    ['log1p', real('log1p', 1, (x) => (x > -1 ? Math.log1p(x) : NaN))],
    // log(x) and log(x, base): CPython divides the two natural logs.
    ['log', builtin('math.log', (args, _k, site) => {
      if (!args.length || args.length > 2 || !args.every(isNumber)) return opaque('math.log() of values not known statically', site);
      const [x, base] = args.map(num);
      if (!(x > 0) || (args.length === 2 && !(base > 0))) domain(site);
      if (args.length === 2 && base === 1) throw new PyRaise(opaque('ZeroDivisionError'), 'ZeroDivisionError: float division by zero', site);
      return float(args.length === 2 ? Math.log(x) / Math.log(base) : Math.log(x));
    })],
    ['pow', real('pow', 2, (x, y) => (x < 0 && !Number.isInteger(y) ? NaN : x === 0 && y < 0 ? NaN : Math.pow(x, y)))],
    ['sin', real('sin', 1, Math.sin)], ['cos', real('cos', 1, Math.cos)], ['tan', real('tan', 1, Math.tan)],
    ['asin', real('asin', 1, Math.asin)], ['acos', real('acos', 1, Math.acos)], ['atan', real('atan', 1, Math.atan)],
    ['atan2', real('atan2', 2, Math.atan2)],
    ['sinh', real('sinh', 1, Math.sinh)], ['cosh', real('cosh', 1, Math.cosh)], ['tanh', real('tanh', 1, Math.tanh)],
    ['asinh', real('asinh', 1, Math.asinh)], ['acosh', real('acosh', 1, Math.acosh)], ['atanh', real('atanh', 1, (x) => (Math.abs(x) < 1 ? Math.atanh(x) : NaN))],
    ['fabs', real('fabs', 1, Math.abs)],
    ['degrees', real('degrees', 1, (x) => x * (180 / Math.PI))],
    ['radians', real('radians', 1, (x) => x * (Math.PI / 180))],
    ['copysign', real('copysign', 2, (x, y) => (Object.is(y, -0) || y < 0 ? -Math.abs(x) : Math.abs(x)))],
    ['fmod', real('fmod', 2, (x, y) => (y === 0 || !Number.isFinite(x) ? NaN : x % y))],
    ['hypot', builtin('math.hypot', (args, _k, site) => (args.every(isNumber) ? float(Math.hypot(...args.map(num))) : opaque('math.hypot() of values not known statically', site)))],
    ['isfinite', builtin('math.isfinite', ([x], _k, site) => (x && isNumber(x) ? bool(Number.isFinite(num(x))) : opaque('math.isfinite()', site)))],
    ['isinf', builtin('math.isinf', ([x], _k, site) => (x && isNumber(x) ? bool(Math.abs(num(x)) === Infinity) : opaque('math.isinf()', site)))],
    ['isnan', builtin('math.isnan', ([x], _k, site) => (x && isNumber(x) ? bool(Number.isNaN(num(x))) : opaque('math.isnan()', site)))],
    // isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0), as CPython decides it.
    ['isclose', builtin('math.isclose', ([a, b], kwargs, site) => {
      const rel = kwargs.get('rel_tol') ?? float(1e-9);
      const abs = kwargs.get('abs_tol') ?? float(0);
      if (!a || !b || ![a, b, rel, abs].every(isNumber)) return opaque('math.isclose() of values not known statically', site);
      const [x, y, r, t] = [a, b, rel, abs].map(num);
      if (x === y) return bool(true);
      if (!Number.isFinite(x) || !Number.isFinite(y)) return bool(false);
      const diff = Math.abs(y - x);
      return bool(diff <= Math.abs(r * y) || diff <= Math.abs(r * x) || diff <= t);
    })],
    ['isqrt', exactInt('isqrt', (args) => {
      const [n] = ints(args) ?? [];
      return n !== undefined && n >= 0 ? Math.floor(Math.sqrt(n)) - (Math.floor(Math.sqrt(n)) ** 2 > n ? 1 : 0) : undefined;
    })],
    ['gcd', exactInt('gcd', (args) => ints(args)?.reduce((a, b) => gcd(a, b), 0))],
    ['lcm', exactInt('lcm', (args) => ints(args)?.reduce((a, b) => (a === 0 || b === 0 ? 0 : Math.abs(a * b) / gcd(a, b)), 1))],
    ['factorial', exactInt('factorial', (args) => {
      const [n] = ints(args) ?? [];
      return n !== undefined && n >= 0 ? factorial(n) : undefined;
    })],
    ['perm', exactInt('perm', (args) => {
      const [n, k] = ints(args) ?? [];
      return n !== undefined && n >= 0 && (k === undefined || k >= 0) ? perm(n, k ?? n) : undefined;
    })],
    ['comb', exactInt('comb', (args) => {
      const [n, k] = ints(args) ?? [];
      if (n === undefined || k === undefined || n < 0 || k < 0) return undefined;
      if (k > n) return 0;
      let r = 1;
      for (let i = 1; i <= Math.min(k, n - k) && Number.isSafeInteger(r); i++) r = (r * (n - i + 1)) / i;
      return r;
    })],
    // prod(iterable, *, start=1): an int of ints, else a float, multiplied in order.
    ['prod', builtin('math.prod', ([v], kwargs, site) => {
      const items = v && interp.iterate(v, site);
      const start = kwargs.get('start') ?? int(1);
      if (!items || !items.every(isNumber) || !isNumber(start)) return opaque('math.prod() of values not known statically', site);
      const r = items.reduce((a, x) => a * num(x), num(start));
      const allInt = [start, ...items].every((x) => x.kind !== 'float');
      return allInt ? (Number.isSafeInteger(r) ? int(r) : opaque('math.prod() past 2^53', site)) : float(r);
    })],
  ]);
}
