/**
 * torch operations by family: one shape rule per family and the names that follow it, for `torch.X(t, …)` and
 * `t.X(…)` alike. Each name here is one PyTorch defines with that rule (checked against PyTorch 1.13 on generated
 * cases: test/oracle/torch_families.py). The operations torchOps.ts implements one by one (with values, or a rule of
 * their own) come first; these fill in the rest of their families.
 */
import * as T from './tensorShapes';
import { type CallSite, type RValue, isNumber, tuple, valuesIndices } from '../values/value';
import type { Impl, ShapeOpKind, TensorOps } from './tensorOps';
import { KEEPS_INTEGERS, valueBinary, valueReduce, valueReduceDims, valueTensor, valueUnary } from './tensorValues';
import { isFloating, operandType, resultType } from './dtypes';



/** Element-wise, one tensor in, the same shape out. */
const UNARY = [
  'sign', 'sgn', 'erf', 'erfc', 'erfinv', 'reciprocal', 'rsqrt', 'floor', 'ceil', 'trunc', 'frac', 'fix', 'sinh', 'cosh', 'tan', 'asin', 'acos',
  'atan', 'asinh', 'acosh', 'atanh', 'arcsin', 'arccos', 'arctan', 'arcsinh', 'arccosh', 'arctanh', 'expm1', 'log1p', 'log2', 'log10', 'exp2',
  'square', 'positive', 'negative', 'digamma', 'lgamma', 'logit', 'i0', 'deg2rad', 'rad2deg', 'nan_to_num',
  'bitwise_not', 'sigmoid', 'relu', 'angle', 'conj',
];
/** Element-wise tests: the same shape, bool. */
const PREDICATES = ['isnan', 'isinf', 'isfinite', 'isposinf', 'isneginf', 'isreal', 'logical_not', 'signbit'];
/** Element-wise on two operands (a tensor and a tensor or a number): the broadcast shape. */
const BINARY = [
  'fmod', 'remainder', 'copysign', 'floor_divide', 'true_divide', 'multiply', 'subtract', 'xlogy', 'bitwise_and', 'bitwise_or', 'bitwise_xor',
  'nextafter', 'ldexp', 'gcd', 'lcm', 'bitwise_left_shift', 'bitwise_right_shift',
];
/** The same on two tensors only: a number as `other` is refused (`maximum(): argument 'other' must be Tensor`). */
const BINARY_TENSORS = ['maximum', 'minimum', 'fmax', 'fmin', 'atan2', 'arctan2', 'hypot', 'logaddexp', 'logaddexp2', 'heaviside'];
/** Those whose result is floating whatever their operands (an integer result is float32). */
const FLOATING_RESULT = new Set(['ldexp', 'copysign', 'xlogy', 'true_divide', 'atan2', 'arctan2', 'hypot', 'logaddexp', 'logaddexp2']);
/** Comparisons and logic on two operands: the broadcast shape, bool. */
const COMPARISONS = [
  'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'greater', 'less', 'greater_equal', 'less_equal', 'not_equal', 'logical_and', 'logical_or', 'logical_xor', 'isclose',
];
/** Three operands broadcast together (`lerp(start, end, weight)`, `addcmul(t, t1, t2)`). */
const TERNARY = ['lerp', 'addcmul', 'addcdiv'];
/** The same shape, the data moved (or scanned along a dim). */
const MOVES: [string, ShapeOpKind][] = [['fliplr', 'copy'], ['flipud', 'copy']];
/** The same, along the dims an argument names (checked as PyTorch checks them): its position and keyword. */
const ALONG: [string, ShapeOpKind, number, string][] = [
  ['roll', 'copy', 2, 'dims'], ['flip', 'copy', 1, 'dims'], ['cumsum', 'elementwise', 1, 'dim'], ['cumprod', 'elementwise', 1, 'dim'], ['logcumsumexp', 'elementwise', 1, 'dim'],
];
/** Reductions over dims (all by default), with keepdim. */
const REDUCTIONS: [string, string | undefined][] = [['logsumexp', undefined], ['prod', undefined], ['nansum', undefined], ['nanmean', undefined], ['all', 'bool'], ['any', 'bool'], ['count_nonzero', 'int64']];
/** Operations whose output has the input's shape whatever the other arguments (scatter src, an index filled). */
const INTO_INPUT = ['scatter', 'scatter_add', 'scatter_reduce', 'index_add', 'index_copy', 'index_fill', 'index_put', 'masked_scatter'];

export function familyFunctions(ops: TensorOps): [string, Impl][] {
  const out: [string, Impl][] = [];
  /** The tensors among operands, numbers aside (a number broadcasts as a 0-d tensor); undefined when one is neither. */
  const operands = (vals: (RValue | undefined)[]): RValue[] | undefined => {
    const ts: RValue[] = [];
    for (const v of vals) {
      if (v === undefined || isNumber(v)) continue;
      const t = ops.asTensor(v);
      if (t.kind !== 'tensor') return undefined;
      ts.push(t);
    }
    return ts.length ? ts : undefined;
  };
  const dtyped = (r: RValue, dtype: string | undefined): RValue => (dtype && r.kind === 'tensor' ? { ...r, dtype } : r);
  const broadcasting = (name: string, count: number, dtype?: string, tensorsOnly = false): Impl => (args, kwargs, site) => {
    const vals = count === 2 ? [args[0] ?? kwargs.get('input'), args[1] ?? kwargs.get('other')] : [args[0], args[1], args[2]];
    const scalar = vals.find((v) => v && isNumber(v));
    if (tensorsOnly && scalar) return ops.fail(`${name}(): argument 'other' (position 2) must be Tensor, not ${scalar.kind}`, site, []);
    const ts = operands(vals);
    // Without a dtype of its own, the result's is the operands' promoted one (floating for the math functions).
    const promoted = resultType(vals.flatMap((v) => (v ? [operandType(ops.asTensor(v))].filter((x) => x !== undefined) : [])));
    const type = dtype ?? (FLOATING_RESULT.has(name) && !isFloating(promoted) ? 'float32' : promoted);
    if (!ts) return ops.tensor(null, site, type);
    const r = dtyped(ops.shapeOp(name, ts, site, (shapes) => shapes.reduce((a, s) => T.broadcast(a, s, name), []), 'elementwise'), type);
    // Known values on both sides (sizes computed with tensors, as detection's resize does): the values too.
    const [a, b] = vals.map((v) => v && ops.asTensor(v));
    const values = count === 2 && a && b && r.kind === 'tensor' && r.shape && type ? valueBinary(name, a, b, r.shape, type) : undefined;
    if (values) return { ...values, origin: site };
    const among = count === 2 && a && b && r.kind === 'tensor' ? ops.amongOf(name, a, b) : undefined;
    return among && r.kind === 'tensor' ? { ...r, among: valueTensor(among, r.dtype).data } : r;
  };
  const same = (name: string, kind: ShapeOpKind, dtype?: string): Impl => ([x], kwargs, site) => {
    const t = x ?? kwargs.get('input');
    const values = kind === 'elementwise' && !dtype && t?.kind === 'tensor' ? valueUnary(name, t) : undefined;
    if (values) return { ...values, origin: site };
    return dtyped(t ? ops.shapeOp(name, [t], site, ([s]) => s, kind) : ops.tensor(null, site), dtype);
  };
  // Math on integers computes in float32 (`torch.erf` of an int64 tensor); rounding, signs and clamps keep them.
  const floating = (r: RValue): RValue => (r.kind === 'tensor' && !/^(float|bfloat)/.test(r.dtype) ? { ...r, dtype: 'float32' } : r);
  for (const n of UNARY) out.push([n, KEEPS_INTEGERS.has(n) ? same(n, 'elementwise') : (a, k, s) => floating(same(n, 'elementwise')(a, k, s))]);
  for (const n of PREDICATES) out.push([n, same(n, 'elementwise', 'bool')]);
  for (const n of BINARY) out.push([n, broadcasting(n, 2)]);
  for (const n of BINARY_TENSORS) out.push([n, broadcasting(n, 2, undefined, true)]);
  // float_power computes in double precision.
  out.push(['float_power', broadcasting('float_power', 2, 'float64')]);
  for (const [n, kind, at, key] of ALONG) {
    out.push([n, (args, kwargs, site) => {
      const v = args[at] ?? kwargs.get(key);
      const dims = v === undefined || v.kind === 'none' ? [] : ops.ints(v);
      if (!dims) return ops.tensor(null, site);
      return ops.shapeOp(n, [args[0] ?? kwargs.get('input') ?? ops.tensor(null, site)], site, ([s]) => {
        for (const d of dims) T.dimIndex(d, Math.max(s.length, 1));
        return s;
      }, kind);
    }]);
  }
  for (const n of COMPARISONS) out.push([n, broadcasting(n, 2, 'bool')]);
  for (const n of TERNARY) out.push([n, broadcasting(n, 3)]);
  for (const [n, kind] of MOVES) out.push([n, same(n, kind)]);
  for (const n of INTO_INPUT) out.push([n, same(n, 'copy')]);
  // put(index, source): the index's values address the input flattened; one past its end raises.
  out.push(['put', ([x, idx], _k, site) => {
    const index = idx && ops.asTensor(idx);
    const t = x && ops.asTensor(x);
    if (t?.kind === 'tensor' && t.shape && index?.kind === 'tensor' && index.data) {
      const n = T.shapeNumel(t.shape);
      const bad = index.data.find((i) => i >= n || i < -n);
      if (bad !== undefined) return ops.fail(`out of range: tried to access index ${bad} on a tensor of ${n} elements.`, site, [t]);
    }
    return same('put', 'copy')([x], new Map(), site);
  }]);
  for (const [n, dtype] of REDUCTIONS) {
    out.push([n, ([x, d, keep], kwargs, site) => {
      const dims = d ?? kwargs.get('dim');
      const k = keep ?? kwargs.get('keepdim');
      const list = dims === undefined || dims.kind === 'none' ? null : ops.ints(dims);
      if (list === undefined) return ops.tensor(null, site, dtype);
      const value = list === null && !(k?.kind === 'bool' && k.value) && x?.kind === 'tensor' ? valueReduce(n, x) : undefined;
      if (value) return { ...value, origin: site };
      const r = dtyped(ops.shapeOp(n, [x], site, ([s]) => T.reduce(s, list, k?.kind === 'bool' && k.value), 'elementwise'), dtype);
      const along = x?.kind === 'tensor' && r.kind === 'tensor' && r.shape ? valueReduceDims(n, x, list ?? x.shape!.map((_, d) => d), r.shape) : undefined;
      return along ? { ...along, origin: site } : r;
    }]);
  }
  /** An int argument, positional or by keyword. */
  const intArg = (v: RValue | undefined): number | undefined => (v?.kind === 'int' ? v.value : undefined);

  out.push(['swapaxes', swap(ops)], ['swapdims', swap(ops)], ['moveaxis', movedim(ops)], ['movedim', movedim(ops)]);
  out.push(['narrow', ([x, d, s, l], kwargs, site) => {
    const [dim, start, length] = [intArg(d ?? kwargs.get('dim')), intArg(s ?? kwargs.get('start')), intArg(l ?? kwargs.get('length'))];
    if (dim === undefined || start === undefined || length === undefined) return ops.tensor(null, site);
    return ops.shapeOp('narrow', [x], site, ([sh]) => {
      const i = T.dimIndex(dim, sh.length);
      const from = start < 0 ? start + sh[i] : start;
      if (from < 0 || length < 0 || from + length > sh[i]) throw new T.ShapeError(`start (${start}) + length (${length}) exceeds dimension size (${sh[i]})`);
      return sh.map((n, j) => (j === i ? length : n));
    });
  }]);
  // trapezoid(y, x=None, dx=1, dim=-1) and trapz: the integral along one dim, which goes away (x broadcast against y).
  for (const name of ['trapezoid', 'trapz']) {
    out.push([name, ([y, x], kwargs, site) => {
      const d = kwargs.get('dim');
      const dim = d === undefined ? -1 : intArg(d);
      const spacing = x ?? kwargs.get('x');
      if (dim === undefined) return ops.tensor(null, site);
      const inputs = spacing && spacing.kind === 'tensor' ? [y, spacing] : [y];
      return ops.shapeOp(name, inputs, site, ([sy, sx]) => {
        const shape = sx && sx.length > 1 ? T.broadcast(sy, sx, name) : sy;
        const k = T.dimIndex(dim, shape.length);
        if (sx && sx.length === 1 && sx[0] !== shape[k]) throw new T.ShapeError(`${name}: There must be one \`x\` value for each sample point`);
        return shape.filter((_n, j) => j !== k);
      }, 'elementwise');
    }]);
  }
  // select(dim, index): the dim taken away at one index (an index out of range is PyTorch's error).
  out.push(['select', ([x, d, i], kwargs, site) => {
    const [dim, index] = [intArg(d ?? kwargs.get('dim')), intArg(i ?? kwargs.get('index'))];
    if (dim === undefined || index === undefined) return ops.tensor(null, site);
    return ops.shapeOp('select', [x], site, ([sh]) => {
      const k = T.dimIndex(dim, sh.length);
      if (index >= sh[k] || index < -sh[k]) throw new T.ShapeError(`select(): index ${index} out of range for tensor of size [${sh.join(', ')}] at dimension ${dim}`);
      return sh.filter((_n, j) => j !== k);
    });
  }]);
  out.push(['unflatten', ([x, d, z], kwargs, site) => {
    const dim = intArg(d ?? kwargs.get('dim'));
    const sizes = ops.ints(z ?? kwargs.get('sizes'));
    if (dim === undefined || !sizes) return ops.tensor(null, site);
    return ops.shapeOp('unflatten', [x], site, ([sh]) => {
      const i = T.dimIndex(dim, sh.length);
      return [...sh.slice(0, i), ...T.reshape([sh[i]], sizes, 'unflatten'), ...sh.slice(i + 1)];
    });
  }]);
  out.push(['tensor_split', ([x, n, d], kwargs, site) => {
    const how = n ?? kwargs.get('indices_or_sections') ?? kwargs.get('sections') ?? kwargs.get('indices');
    const dim = intArg(d ?? kwargs.get('dim')) ?? 0;
    return pieces(ops, x, site, (sh) => {
      const i = T.dimIndex(dim, sh.length);
      if (how?.kind === 'int') return sectionSizes(sh[i], how.value, false).map((k) => sh.map((v, j) => (j === i ? k : v)));
      const at = ops.ints(how);
      return at && indexSizes(sh[i], at).map((k) => sh.map((v, j) => (j === i ? k : v)));
    });
  }]);
  for (const [name, dimFor, least] of [['hsplit', (r: number) => (r === 1 ? 0 : 1), 1], ['vsplit', () => 0, 2], ['dsplit', () => 2, 3]] as const) {
    out.push([name, ([x, n], _k, site) => pieces(ops, x, site, (sh) => {
      if (sh.length < least) throw new T.ShapeError(`torch.${name} requires a tensor with at least ${least} dimension${least > 1 ? 's' : ''}, but got a tensor with ${sh.length} dimensions!`);
      const i = dimFor(sh.length);
      if (n?.kind === 'int') return sectionSizes(sh[i], n.value, true).map((k) => sh.map((v, j) => (j === i ? k : v)));
      const at = ops.ints(n);
      return at && indexSizes(sh[i], at).map((k) => sh.map((v, j) => (j === i ? k : v)));
    })]);
  }
  out.push(['repeat_interleave', ([x, r, d], kwargs, site) => {
    const repeats = r ?? kwargs.get('repeats');
    const dimV = d ?? kwargs.get('dim');
    const dim = dimV === undefined || dimV.kind === 'none' ? null : intArg(dimV);
    const total = (n: number): number | undefined => {
      if (repeats?.kind === 'int') return n * repeats.value;
      // A tensor of repeats: one per element (or one for all), when its values are known.
      const t = repeats && ops.asTensor(repeats);
      if (t?.kind !== 'tensor' || !t.data) return undefined;
      if (t.data.length === 1) return n * t.data[0];
      return t.data.length === n ? t.data.reduce((a, b) => a + b, 0) : undefined;
    };
    if (x?.kind !== 'tensor' || !x.shape || dim === undefined) return ops.tensor(null, site);
    const shape = x.shape;
    const i = dim === null ? null : T.dimIndex(dim, shape.length);
    const size = total(i === null ? T.shapeNumel(shape) : shape[i]);
    if (size === undefined) return ops.tensor(null, site);
    return ops.shapeOp('repeat_interleave', [x], site, () => (i === null ? [size] : shape.map((v, j) => (j === i ? size : v))), 'copy');
  }]);
  out.push(['tile', ([x, ...rest], _k, site) => {
    const reps = rest.length === 1 ? ops.ints(rest[0]) : ops.ints(tuple(rest));
    if (!reps) return ops.tensor(null, site);
    return ops.shapeOp('tile', [x], site, ([sh]) => {
      const rank = Math.max(sh.length, reps.length);
      const s = [...Array(rank - sh.length).fill(1), ...sh];
      const r = [...Array(rank - reps.length).fill(1), ...reps];
      return s.map((v, j) => v * r[j]);
    }, 'copy');
  }]);
  out.push(['index_select', ([x, d, idx], kwargs, site) => {
    const dim = intArg(d ?? kwargs.get('dim'));
    const index = idx ?? kwargs.get('index');
    if (dim === undefined || !index) return ops.tensor(null, site);
    return ops.shapeOp('index_select', [x, index], site, ([sh, si]) => {
      if (si.length > 1) throw new T.ShapeError('index_select(): Index is supposed to be a vector');
      const i = T.dimIndex(dim, sh.length);
      return sh.map((v, j) => (j === i ? T.shapeNumel(si) : v));
    }, 'copy');
  }]);
  out.push(['gather', ([x, d, idx], kwargs, site) => {
    const dim = intArg(d ?? kwargs.get('dim'));
    const index = idx ?? kwargs.get('index');
    if (dim === undefined || !index) return ops.tensor(null, site);
    return ops.shapeOp('gather', [x, index], site, ([sh, si]) => {
      if (si.length !== sh.length && !(sh.length === 0 && si.length <= 1)) throw new T.ShapeError('Index tensor must have the same number of dimensions as input tensor');
      T.dimIndex(dim, Math.max(sh.length, 1));
      return si;
    }, 'copy');
  }]);
  // Its length is how many elements the mask selects: a value of the data.
  out.push(['outer', outer(ops)], ['ger', outer(ops)]);
  out.push(['rot90', ([x, kv, dv], kwargs, site) => {
    const k = intArg(kv ?? kwargs.get('k')) ?? 1;
    const dims = ops.ints(dv ?? kwargs.get('dims')) ?? [0, 1];
    return ops.shapeOp('rot90', [x], site, ([sh]) => {
      if (dims.length !== 2) throw new T.ShapeError(`expected total rotation dims == 2, but got dims = ${dims.length}`);
      if (sh.length < 2) throw new T.ShapeError(`expected total dims >= 2, but got total dims = ${sh.length}`);
      const [a, b] = dims.map((v) => T.dimIndex(v, sh.length));
      if (a === b) throw new T.ShapeError(`expected rotation dims to be different, but got dim0 = ${a} and dim1 = ${b}`);
      return ((k % 2) + 2) % 2 === 1 ? T.transpose(sh, a, b) : sh;
    }, 'copy');
  }]);
  // kthvalue(k, dim=-1), mode(dim=-1), median(dim) / nanmedian(dim): values and indices with `dim` reduced; the
  // medians of every element are one value.
  for (const name of ['kthvalue', 'mode', 'median', 'nanmedian']) {
    out.push([name, (args, kwargs, site) => {
      const x = args[0];
      const rest = name === 'kthvalue' ? args.slice(2) : args.slice(1);
      const k = name === 'kthvalue' ? intArg(args[1] ?? kwargs.get('k')) : undefined;
      const d = rest[0] ?? kwargs.get('dim');
      if ((name === 'median' || name === 'nanmedian') && (d === undefined || d.kind === 'none')) return ops.shapeOp(name, x ? [x] : [], site, () => [], 'elementwise');
      const dim = d === undefined || d.kind === 'none' ? -1 : intArg(d);
      const keepArg = rest[1] ?? kwargs.get('keepdim');
      const keep = keepArg?.kind === 'bool' && keepArg.value;
      if (x?.kind !== 'tensor' || !x.shape || dim === undefined) return valuesIndices(ops.tensor(null, site), ops.tensor(null, site, 'int64'));
      const values = ops.shapeOp(name, [x], site, ([sh]) => {
        const i = T.dimIndex(dim, Math.max(sh.length, 1));
        if (k !== undefined && (k < 1 || k > (sh[i] ?? 1))) throw new T.ShapeError(`kthvalue(): selected number k out of range for dimension ${dim}`);
        return T.reduce(sh, [dim], keep);
      }, 'elementwise');
      return valuesIndices(values, values.kind === 'tensor' ? { ...values, dtype: 'int64' } : values);
    }]);
  }
  // atleast_Nd and the NumPy-style stacks (hstack, vstack/row_stack, dstack, column_stack): each tensor raised to
  // the rank the stack needs, then concatenated.
  const atLeast = (n: 1 | 2 | 3, s: number[]): number[] => {
    if (s.length >= n) return s;
    if (n === 1) return [1];
    if (n === 2) return s.length === 0 ? [1, 1] : [1, s[0]];
    return s.length === 0 ? [1, 1, 1] : s.length === 1 ? [1, s[0], 1] : [...s, 1];
  };
  for (const n of [1, 2, 3] as const) {
    out.push([`atleast_${n}d`, (args, _k, site) => {
      const ts = args.length === 1 && (args[0].kind === 'list' || args[0].kind === 'tuple') ? args[0].items : args;
      const each = ts.map((t) => ops.shapeOp(`atleast_${n}d`, [t], site, ([s]) => atLeast(n, s)));
      return ts.length === 1 && args[0].kind === 'tensor' ? each[0] : tuple(each);
    }]);
  }
  const stack = (name: string, rule: (shapes: number[][]) => number[]): Impl => ([seq], kwargs, site) => {
    const items = seq ?? kwargs.get('tensors');
    if (items?.kind !== 'list' && items?.kind !== 'tuple') return ops.tensor(null, site);
    return ops.shapeOp(name, items.items, site, rule, 'copy');
  };
  out.push(['hstack', stack('hstack', (shapes) => {
    const raised = shapes.map((s) => atLeast(1, s));
    return T.cat(raised, raised.every((s) => s.length === 1) ? 0 : 1);
  })]);
  for (const name of ['vstack', 'row_stack']) out.push([name, stack(name, (shapes) => T.cat(shapes.map((s) => atLeast(2, s)), 0))]);
  out.push(['dstack', stack('dstack', (shapes) => T.cat(shapes.map((s) => atLeast(3, s)), 2))]);
  out.push(['column_stack', stack('column_stack', (shapes) => T.cat(shapes.map((s) => (s.length <= 1 ? [T.shapeNumel(s), 1] : s)), 1))]);
  // broadcast_to is expand without -1 in new dims.
  out.push(['broadcast_to', ([x, size], kwargs, site) => {
    const target = ops.ints(size ?? kwargs.get('size'));
    return target && x ? ops.shapeOp('broadcast_to', [x], site, ([s]) => T.expand(s, target)) : ops.tensor(null, site);
  }]);
  // diag: a vector's diagonal matrix (offset from the main one), a matrix's diagonal.
  out.push(['diag', ([x, off], kwargs, site) => {
    const d = intArg(off ?? kwargs.get('diagonal') ?? { kind: 'int', value: 0 });
    if (x?.kind !== 'tensor' || d === undefined) return ops.tensor(null, site);
    return ops.shapeOp('diag', [x], site, ([s]) => {
      if (s.length === 1) return [s[0] + Math.abs(d), s[0] + Math.abs(d)];
      if (s.length === 2) return [Math.max(0, d >= 0 ? Math.min(s[0], s[1] - d) : Math.min(s[0] + d, s[1]))];
      throw new T.ShapeError('diag(): Supports 1D or 2D tensors. Got ' + s.length + 'D');
    }, 'copy');
  }]);
  for (const name of ['cummax', 'cummin']) {
    out.push([name, ([x, d], kwargs, site) => {
      const dim = intArg(d ?? kwargs.get('dim'));
      if (x?.kind !== 'tensor' || !x.shape || dim === undefined) return valuesIndices(ops.tensor(null, site), ops.tensor(null, site, 'int64'));
      const values = ops.shapeOp(name, [x], site, ([sh]) => (T.dimIndex(dim, Math.max(sh.length, 1)), sh), 'elementwise');
      return valuesIndices(values, values.kind === 'tensor' ? { ...values, dtype: 'int64' } : values);
    }]);
  }
  out.push(['ravel', ([x], _k, site) => ops.shapeOp('ravel', [x], site, ([sh]) => [T.shapeNumel(sh)])]);
  for (const name of ['view_as', 'reshape_as']) {
    out.push([name, ([x, other], _k, site) => ops.shapeOp(name, [x, other ?? x], site, ([sh, so]) => T.reshape(sh, so, name === 'view_as' ? 'view' : 'reshape'))]);
  }
  out.push(['cross', ([a, b, d], kwargs, site) => {
    const ts = operands([a, b]);
    const dim = intArg(d ?? kwargs.get('dim'));
    if (!ts || ts.length !== 2) return ops.tensor(null, site);
    return ops.shapeOp('cross', ts, site, ([sa, sb]) => {
      const s = T.broadcast(sa, sb, 'cross');
      const i = dim === undefined ? s.findIndex((v) => v === 3) : T.dimIndex(dim, s.length);
      if (i < 0 || s[i] !== 3) throw new T.ShapeError(`linalg.cross: inputs dimension ${dim ?? -1} must have length 3. Got ${sa[i] ?? '?'} and ${sb[i] ?? '?'}`);
      return s;
    }, 'elementwise');
  }]);
  out.push(['cdist', ([a, b], _k, site) => ops.shapeOp('cdist', [a, b], site, ([sa, sb]) => {
    if (sa.length < 2 || sb.length < 2) throw new T.ShapeError(`cdist only supports at least 2D tensors, X1 got: ${sa.length}D`);
    if (sa[sa.length - 1] !== sb[sb.length - 1]) throw new T.ShapeError(`X1 and X2 must have the same number of columns. X1: ${sa[sa.length - 1]} X2: ${sb[sb.length - 1]}`);
    return [...T.broadcast(sa.slice(0, -2), sb.slice(0, -2), 'cdist'), sa[sa.length - 2], sb[sb.length - 2]];
  }, 'elementwise')]);
  out.push(['is_floating_point', ([x]) => ({ kind: 'bool', value: x?.kind === 'tensor' && /^(float|bfloat|half|double)/.test(x.dtype) })]);
  out.push(['is_complex', () => ({ kind: 'bool', value: false })]);
  return out;
}

function swap(ops: TensorOps): Impl {
  return ([x, a, b], _k, site) => (a?.kind === 'int' && b?.kind === 'int' ? ops.shapeOp('swapaxes', [x], site, ([s]) => T.transpose(s, a.value, b.value)) : ops.tensor(null, site));
}

/** movedim(x, source, destination): the dims moved keep their order among themselves; the others fill in. */
function movedim(ops: TensorOps): Impl {
  return ([x, s, d], kwargs, site) => {
    const src = ops.ints(s ?? kwargs.get('source'));
    const dst = ops.ints(d ?? kwargs.get('destination'));
    if (!src || !dst) return ops.tensor(null, site);
    return ops.shapeOp('movedim', [x], site, ([sh]) => {
      if (src.length !== dst.length) throw new T.ShapeError(`movedim: Invalid source or destination dims: source (${src.length} dims) should contain the same number of dims as destination (${dst.length} dims)`);
      const from = src.map((v) => T.dimIndex(v, sh.length));
      const to = dst.map((v) => T.dimIndex(v, sh.length));
      if (new Set(from).size !== from.length || new Set(to).size !== to.length) throw new T.ShapeError('movedim: repeated dim');
      const order: (number | undefined)[] = Array(sh.length).fill(undefined);
      to.forEach((t, k) => (order[t] = from[k]));
      const rest = sh.map((_v, j) => j).filter((j) => !from.includes(j));
      return order.map((o) => sh[o ?? rest.shift()!]);
    });
  };
}

function outer(ops: TensorOps): Impl {
  return ([a, b], _k, site) => ops.shapeOp('outer', [a, b], site, ([sa, sb]) => {
    if (sa.length !== 1 || sb.length !== 1) throw new T.ShapeError(`outer: expected 1-D tensors, got ${T.shapeText(sa)} and ${T.shapeText(sb)}`);
    return [sa[0], sb[0]];
  }, 'elementwise');
}

/** The pieces of a split by a rule on the input's shape: a tuple of tensors, a shape error, or not known. */
function pieces(ops: TensorOps, x: RValue | undefined, site: CallSite, rule: (shape: number[]) => number[][] | undefined): RValue {
  const t = x && ops.asTensor(x);
  if (t?.kind !== 'tensor' || !t.shape) return ops.tensor(null, site);
  let shapes: number[][] | undefined;
  const r = ops.shapeOp('split', [t], site, ([s]) => {
    shapes = rule(s);
    return s;
  }, 'view');
  if (r.kind === 'tensor' && !r.shape) return r;
  return shapes ? tuple(shapes.map((s) => ops.tensor(s, site, t.dtype))) : ops.tensor(null, site);
}

/** n sections of a dim's size: the first size % n one longer (tensor_split); `even`: they must be equal (hsplit). */
function sectionSizes(size: number, n: number, even: boolean): number[] {
  if (n <= 0) throw new T.ShapeError(`number of sections must be larger than 0, got ${n}`);
  if (even && size % n !== 0) throw new T.ShapeError(`attempted to split along a dimension of size ${size}, but it is not divisible by the split_size ${n}!`);
  const q = Math.floor(size / n);
  return Array.from({ length: n }, (_, k) => q + (k < size % n ? 1 : 0));
}

/** Pieces cut at indices, as Python slices x[:i0], x[i0:i1], …, x[ik:] of a dim of this size. */
function indexSizes(size: number, at: number[]): number[] {
  const clamp = (i: number) => Math.min(size, Math.max(0, i < 0 ? i + size : i));
  const bounds = [0, ...at.map(clamp), size];
  return bounds.slice(1).map((b, k) => Math.max(0, b - bounds[k]));
}

/** The names here, for tests (each is checked against PyTorch). */
export const FAMILY_NAMES = [...UNARY, ...PREDICATES, ...BINARY, ...BINARY_TENSORS, 'float_power', ...COMPARISONS, ...TERNARY, ...MOVES.map(([n]) => n), ...ALONG.map(([n]) => n), ...REDUCTIONS.map(([n]) => n), ...INTO_INPUT, 'put', 'swapaxes', 'swapdims', 'moveaxis', 'movedim', 'narrow', 'select', 'trapezoid', 'trapz', 'unflatten', 'tensor_split', 'hsplit', 'vsplit', 'dsplit', 'repeat_interleave', 'tile', 'index_select', 'gather', 'outer', 'ger', 'rot90', 'cummax', 'cummin', 'ravel', 'view_as', 'reshape_as', 'cross', 'cdist', 'is_floating_point', 'is_complex'];
