/**
 * Operations that make or use index tensors and diagonal matrices, as PyTorch 1.13 shapes them: take and
 * take_along_dim (the indices' shape), tril_indices and triu_indices (a 2 × count int64 tensor, its values known),
 * diag_embed and diagflat (a vector onto a diagonal), and aminmax (the pair of reductions). Checked on generated
 * cases (test/oracle/torch_families.py, family "indices").
 */
import * as T from './tensorShapes';
import { type RValue, type TensorValue, tuple } from '../values/value';
import type { Impl, TensorOps } from './tensorOps';
import { MAX_VALUES, valueTensor } from './tensorValues';


const intOf = (v: RValue | undefined, dflt?: number): number | undefined => (v === undefined || v.kind === 'none' ? dflt : v.kind === 'int' ? v.value : undefined);

/** The coordinates of the lower (or upper) triangle of a rows × cols matrix from a diagonal offset, row by row. */
function triangle(rows: number, cols: number, offset: number, lower: boolean): [number[], number[]] {
  const [r, c]: [number[], number[]] = [[], []];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (lower ? j - i <= offset : j - i >= offset) {
        r.push(i);
        c.push(j);
      }
    }
  }
  return [r, c];
}

export function indexFunctions(ops: TensorOps): [string, Impl][] {
  const tensor = (v: RValue | undefined) => {
    const t = ops.tensorArg(v);
    return t?.shape ? (t as TensorValue & { shape: number[] }) : undefined;
  };
  const out: [string, Impl][] = [];
  // take(input, index): the input read as one dimension, at the index's positions: the index's shape.
  out.push(['take', ([x, i], kwargs, site) => {
    const [t, index] = [tensor(x ?? kwargs.get('input')), tensor(i ?? kwargs.get('index'))];
    if (!t || !index) return ops.tensor(null, site);
    const n = T.shapeNumel(t.shape);
    const bad = index.data?.find((v) => v >= n || v < -n);
    if (bad !== undefined) return ops.fail(`out of range: tried to access index ${bad} on a tensor of ${n} elements.`, site, [t]);
    return ops.shapeOp('take', [t, index], site, ([, s]) => s, 'copy');
  }]);
  // take_along_dim(input, indices, dim): input and indices broadcast but along dim, where the indices' size goes.
  out.push(['take_along_dim', ([x, i, d], kwargs, site) => {
    const [t, index] = [tensor(x ?? kwargs.get('input')), tensor(i ?? kwargs.get('indices'))];
    const dimArg = d ?? kwargs.get('dim');
    if (!t || !index) return ops.tensor(null, site);
    if (dimArg === undefined || dimArg.kind === 'none') return ops.shapeOp('take_along_dim', [t, index], site, ([, s]) => [T.shapeNumel(s)], 'copy');
    const dim = intOf(dimArg);
    if (dim === undefined) return ops.tensor(null, site);
    return ops.shapeOp('take_along_dim', [t, index], site, ([st, si]) => {
      if (st.length !== si.length) throw new T.ShapeError(`torch.take_along_dim(): input and indices should have the same number of dimensions, but got ${st.length} dimensions for input, and ${si.length} dimensions for indices`);
      const k = T.dimIndex(dim, st.length);
      const joint = T.broadcast(st.map((s, j) => (j === k ? 1 : s)), si.map((s, j) => (j === k ? 1 : s)), 'take_along_dim');
      return joint.map((s, j) => (j === k ? si[k] : s));
    }, 'copy');
  }]);
  // diagflat(input, offset=0): the input flattened onto the diagonal of a square matrix.
  out.push(['diagflat', ([x, o], kwargs, site) => {
    const offset = intOf(o ?? kwargs.get('offset'), 0);
    if (offset === undefined) return ops.tensor(null, site);
    return ops.shapeOp('diagflat', [x ?? kwargs.get('input')], site, ([s]) => {
      const n = T.shapeNumel(s) + Math.abs(offset);
      return [n, n];
    }, 'copy');
  }]);
  // diag_embed(input, offset=0, dim1=-2, dim2=-1): each last-dim vector onto the diagonal of a new matrix.
  out.push(['diag_embed', ([x, o, a, b], kwargs, site) => {
    const [offset, d1, d2] = [intOf(o ?? kwargs.get('offset'), 0), intOf(a ?? kwargs.get('dim1'), -2), intOf(b ?? kwargs.get('dim2'), -1)];
    if (offset === undefined || d1 === undefined || d2 === undefined) return ops.tensor(null, site);
    return ops.shapeOp('diag_embed', [x ?? kwargs.get('input')], site, ([s]) => {
      const rank = s.length + 1;
      const [i, j] = [T.dimIndex(d1, rank, 'dim1'), T.dimIndex(d2, rank, 'dim2')];
      if (i === j) throw new T.ShapeError(`diagonal dimensions cannot be identical ${d1}, ${d2}`);
      const n = (s[s.length - 1] ?? 1) + Math.abs(offset);
      const rest = s.slice(0, -1);
      const shape: number[] = [];
      for (let k = 0, r = 0; k < rank; k++) shape.push(k === i || k === j ? n : rest[r++]);
      return shape;
    }, 'copy');
  }]);
  // aminmax(input, dim=None, keepdim=False): (min, max), each the reduction it names.
  out.push(['aminmax', ([x], kwargs, site) => {
    const t = tensor(x ?? kwargs.get('input'));
    const d = kwargs.get('dim');
    const keep = kwargs.get('keepdim');
    const dim = d === undefined || d.kind === 'none' ? null : intOf(d);
    if (!t || dim === undefined) return tuple([ops.tensor(null, site), ops.tensor(null, site)]);
    const r = ops.shapeOp('aminmax', [t], site, ([s]) => T.reduce(s, dim === null ? null : [dim], keep?.kind === 'bool' && keep.value), 'elementwise');
    return tuple([r, r.kind === 'tensor' ? { ...r } : r]);
  }]);
  return out;
}

/** tril_indices / triu_indices(row, col, offset=0): the triangle's coordinates, a 2 × count int64 tensor of known values. */
export function triangleIndices(lower: boolean): Impl {
  return ([r, c, o], kwargs, site) => {
    const [rows, cols, offset] = [intOf(r ?? kwargs.get('row')), intOf(c ?? kwargs.get('col')), intOf(o ?? kwargs.get('offset'), 0)];
    if (rows === undefined || cols === undefined || offset === undefined || rows < 0 || cols < 0 || rows * cols > 1 << 20) return { kind: 'tensor', shape: null, dtype: 'int64', origin: site };
    const [ri, ci] = triangle(rows, cols, offset, lower);
    if (2 * ri.length > MAX_VALUES) return { kind: 'tensor', shape: [2, ri.length], dtype: 'int64', origin: site };
    return { ...valueTensor([...ri, ...ci], 'int64', [2, ri.length]), origin: site };
  };
}
