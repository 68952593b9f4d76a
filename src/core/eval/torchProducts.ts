/**
 * Products and combinations of tensors, as PyTorch 1.13 shapes them: mv, dot, vdot and inner (Mult-Adds, as matmul
 * counts them), tensordot (a contraction: Mult-Adds, as
 * einsum counts them), kron (one product per output element: element-wise work), block_diag, cartesian_prod and
 * combinations (copies), and searchsorted / bucketize (an int64 position per value). Checked on generated cases
 * (test/oracle/torch_families.py, family "products").
 */
import * as T from './tensorShapes';
import type { RValue, TensorValue } from '../values/value';
import type { Impl, TensorOps } from './tensorOps';


const choose = (n: number, r: number) => {
  if (r < 0 || r > n) return 0;
  let c = 1;
  for (let i = 1; i <= r; i++) c = (c * (n - r + i)) / i;
  return Math.round(c);
};

export function productFunctions(ops: TensorOps): [string, Impl][] {
  const tensor = (v: RValue | undefined) => {
    const t = ops.tensorArg(v);
    return t?.shape ? (t as TensorValue & { shape: number[] }) : undefined;
  };
  const items = (args: RValue[]) => (args.length === 1 && (args[0].kind === 'list' || args[0].kind === 'tuple') ? args[0].items : args);
  const tensordot: Impl = (args, kwargs, site) => {
    const [a, b] = [tensor(args[0] ?? kwargs.get('a')), tensor(args[1] ?? kwargs.get('b'))];
    const dims = args[2] ?? kwargs.get('dims') ?? { kind: 'int', value: 2 };
    if (!a || !b) return ops.tensor(null, site);
    let da: number[];
    let db: number[];
    if (dims.kind === 'int') {
      if (dims.value < 0 || dims.value > Math.min(a.shape.length, b.shape.length)) return ops.fail(`tensordot expects dims >= 0, but got dims=${dims.value}`, site, [a, b]);
      da = Array.from({ length: dims.value }, (_, i) => a.shape.length - dims.value + i);
      db = Array.from({ length: dims.value }, (_, i) => i);
    } else {
      const pair = dims.kind === 'list' || dims.kind === 'tuple' ? dims.items.map((x) => ops.ints(x)) : [];
      if (pair.length !== 2 || !pair[0] || !pair[1]) return ops.tensor(null, site);
      [da, db] = [pair[0], pair[1]];
    }
    if (da.length !== db.length) return ops.fail('both dimension lists should have same length', site, [a, b]);
    try {
      const ia = da.map((d) => T.dimIndex(d, a.shape.length));
      const ib = db.map((d) => T.dimIndex(d, b.shape.length));
      for (let i = 0; i < ia.length; i++) {
        if (a.shape[ia[i]] !== b.shape[ib[i]]) {
          return ops.fail(`contracted dimensions need to match, but first has size ${a.shape[ia[i]]} in dim ${da[i]} and second has size ${b.shape[ib[i]]} in dim ${db[i]}`, site, [a, b]);
        }
      }
      const out = [...a.shape.filter((_, i) => !ia.includes(i)), ...b.shape.filter((_, i) => !ib.includes(i))];
      const contracted = ia.reduce((p, i) => p * a.shape[i], 1);
      ops.recordCall('tensordot', [a.shape, b.shape], out, site, 0, T.shapeNumel(out) * contracted);
      return ops.tensor(out, site, a.dtype);
    } catch (e) {
      if (e instanceof T.ShapeError) return ops.fail(e.message, site, [a, b]);
      throw e;
    }
  };
  const kron: Impl = ([x, y], _k, site) => {
    const [a, b] = [tensor(x), tensor(y)];
    if (!a || !b) return ops.tensor(null, site);
    return ops.shapeOp('kron', [a, b], site, ([s, u]) => {
      const n = Math.max(s.length, u.length);
      const pad = (v: number[]) => [...Array(n - v.length).fill(1), ...v];
      const [ps, pu] = [pad(s), pad(u)];
      return ps.map((d, i) => d * pu[i]);
    }, 'elementwise');
  };
  const blockDiag: Impl = (args, _k, site) => {
    const ts = items(args).map(tensor);
    if (ts.some((t) => !t)) return ops.tensor(null, site);
    return ops.shapeOp('block_diag', ts as TensorValue[], site, (shapes) => {
      let [rows, cols] = [0, 0];
      for (const s of shapes) {
        if (s.length > 2) throw new T.ShapeError(`torch.block_diag: Input tensors must have 2 or fewer dimensions. Input 0 has ${s.length} dimensions`);
        const [r, c] = s.length === 2 ? s : s.length === 1 ? [1, s[0]] : [1, 1];
        rows += r;
        cols += c;
      }
      return [rows, cols];
    }, 'copy');
  };
  const cartesian: Impl = (args, _k, site) => {
    const ts = items(args).map(tensor);
    if (ts.some((t) => !t)) return ops.tensor(null, site, 'int64');
    return ops.shapeOp('cartesian_prod', ts as TensorValue[], site, (shapes) => {
      if (shapes.some((s) => s.length !== 1)) throw new T.ShapeError('Expect a 1D vector, but got shape ' + JSON.stringify(shapes.find((s) => s.length !== 1)));
      return shapes.length === 1 ? shapes[0] : [shapes.reduce((p, s) => p * s[0], 1), shapes.length];
    }, 'copy');
  };
  const combinations: Impl = ([x, r, w], kwargs, site) => {
    const t = tensor(x);
    const size = r ?? kwargs.get('r') ?? { kind: 'int', value: 2 };
    const repl = w ?? kwargs.get('with_replacement');
    if (!t || size.kind !== 'int') return ops.tensor(null, site);
    return ops.shapeOp('combinations', [t], site, ([s]) => {
      if (s.length !== 1) throw new T.ShapeError(`Expect a 1D vector, but got shape [${s.join(', ')}]`);
      const n = repl?.kind === 'bool' && repl.value ? choose(s[0] + size.value - 1, size.value) : choose(s[0], size.value);
      return size.value === 0 ? [0] : [n, size.value];
    }, 'copy');
  };
  // The position of each value: the values' shape, int64.
  const positions = (name: string, valuesAt: number): Impl => (args, kwargs, site) => {
    const v = tensor(args[valuesAt] ?? kwargs.get('input'));
    if (!v) return ops.tensor(null, site, 'int64');
    const t = ops.shapeOp(name, [v], site, ([s]) => s, 'elementwise');
    return t.kind === 'tensor' ? { ...t, dtype: 'int64' } : t;
  };
  /**
   * mv (matrix × vector), dot and vdot (two vectors), inner (the last dims contracted): products, counted as
   * Mult-Adds like matmul (one per output element and contracted index).
   */
  const vectorProduct = (name: 'mv' | 'dot' | 'vdot' | 'inner'): Impl => (args, kwargs, site) => {
    const [a, b] = [tensor(args[0] ?? kwargs.get('input')), tensor(args[1] ?? kwargs.get(name === 'mv' ? 'vec' : 'other') ?? kwargs.get('tensor'))];
    if (!a || !b) return ops.tensor(null, site);
    const sa = `[${a.shape.join(', ')}]`;
    const sb = `[${b.shape.join(', ')}]`;
    let out: number[];
    let contracted: number;
    if (name === 'mv') {
      if (a.shape.length !== 2 || b.shape.length !== 1) return ops.fail(`vector + matrix @ vector expected, got ${a.shape.length}, ${a.shape.length}, ${b.shape.length}`, site, [a, b]);
      if (a.shape[1] !== b.shape[0]) return ops.fail(`size mismatch, got input (${a.shape[0]}), mat (${a.shape[0]}x${a.shape[1]}), vec (${b.shape[0]})`, site, [a, b]);
      [out, contracted] = [[a.shape[0]], a.shape[1]];
    } else if (name === 'inner') {
      if (!a.shape.length || !b.shape.length) return ops.shapeOp('inner', [a, b], site, ([x, y]) => T.broadcast(x, y, 'inner'), 'elementwise');
      if (a.shape[a.shape.length - 1] !== b.shape[b.shape.length - 1]) return ops.fail(`inner() the last dimension must match on both input tensors but got shapes ${sa} and ${sb}`, site, [a, b]);
      [out, contracted] = [[...a.shape.slice(0, -1), ...b.shape.slice(0, -1)], a.shape[a.shape.length - 1]];
    } else {
      if (a.shape.length !== 1 || b.shape.length !== 1) return ops.fail(`1D tensors expected, but got ${a.shape.length}D and ${b.shape.length}D tensors`, site, [a, b]);
      if (a.shape[0] !== b.shape[0]) return ops.fail(`inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`, site, [a, b]);
      [out, contracted] = [[], a.shape[0]];
    }
    ops.recordCall(name, [a.shape, b.shape], out, site, 0, T.shapeNumel(out) * contracted);
    return ops.tensor(out, site, a.dtype);
  };
  /**
   * addmv(input, mat, vec) and addbmm(input, batch1, batch2): the product (mat @ vec; the batch of products summed)
   * plus the input, which broadcasts to it. The product's Mult-Adds, as matmul counts them.
   */
  const addProduct = (name: 'addmv' | 'addbmm'): Impl => ([x, p, q], kwargs, site) => {
    const [input, a, b] = [tensor(x ?? kwargs.get('input')), tensor(p ?? kwargs.get(name === 'addmv' ? 'mat' : 'batch1')), tensor(q ?? kwargs.get(name === 'addmv' ? 'vec' : 'batch2'))];
    if (!input || !a || !b) return ops.tensor(null, site);
    let out: number[];
    let multAdds: number;
    if (name === 'addmv') {
      if (a.shape.length !== 2 || b.shape.length !== 1) return ops.fail(`vector + matrix @ vector expected, got ${input.shape.length}, ${a.shape.length}, ${b.shape.length}`, site, [a, b]);
      if (a.shape[1] !== b.shape[0]) return ops.fail(`size mismatch, got input (${input.shape.join('x')}), mat (${a.shape[0]}x${a.shape[1]}), vec (${b.shape[0]})`, site, [a, b]);
      [out, multAdds] = [[a.shape[0]], a.shape[0] * a.shape[1]];
    } else {
      if (a.shape.length !== 3 || b.shape.length !== 3) return ops.fail(`batch1 must be a 3D tensor`, site, [a, b]);
      if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) return ops.fail(`Incompatible matrix sizes for bmm (${a.shape[1]}x${a.shape[2]} and ${b.shape[1]}x${b.shape[2]})`, site, [a, b]);
      [out, multAdds] = [[a.shape[1], b.shape[2]], a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]];
    }
    try {
      if (T.broadcast(input.shape, out, name).join() !== out.join()) return ops.fail(`The expanded size of the tensor (${out[out.length - 1]}) must match the existing size (${input.shape[input.shape.length - 1]})`, site, [input]);
    } catch (e) {
      if (e instanceof T.ShapeError) return ops.fail(e.message, site, [input, a, b]);
      throw e;
    }
    ops.recordCall(name, [input.shape, a.shape, b.shape], out, site, T.shapeNumel(out), multAdds);
    return ops.tensor(out, site, a.dtype);
  };
  return [['addmv', addProduct('addmv')], ['addbmm', addProduct('addbmm')], ['mv', vectorProduct('mv')], ['dot', vectorProduct('dot')], ['vdot', vectorProduct('vdot')], ['inner', vectorProduct('inner')], ['tensordot', tensordot], ['kron', kron], ['block_diag', blockDiag], ['cartesian_prod', cartesian], ['combinations', combinations],
    ['searchsorted', positions('searchsorted', 1)], ['bucketize', positions('bucketize', 0)]];
}
