/**
 * Norms, similarities and lookups over tensors, as PyTorch 1.13 shapes them: torch.linalg's vector and matrix
 * norms, F.cosine_similarity and F.pairwise_distance (their inputs broadcast, one
 * dim reduced), F.embedding (a row of the table per index) and F.one_hot. Element-wise work (otherOps); no
 * Mult-Adds, as the conventions count only products of matrices. Checked on generated cases (torch_families.py).
 */
import { realOf } from './dtypes';
import * as T from './tensorShapes';
import type { CallSite, RValue, TensorValue } from '../values/value';
import type { Impl, TensorOps } from './tensorOps';


export function vectorFunctions(ops: TensorOps): { linalg: [string, Impl][]; functional: [string, Impl][] } {
  const tensor = (v: RValue | undefined) => ops.tensorArg(v);
  const flag = (v: RValue | undefined) => v?.kind === 'bool' && v.value;
  /** dims: a list, one int, or all of them (undefined). */
  const dimsOf = (v: RValue | undefined): number[] | null | undefined => (v === undefined || v.kind === 'none' ? null : ops.ints(v));
  const reduceOp = (name: string, x: TensorValue, dims: number[] | null, keep: boolean, site: CallSite, dtype?: string): RValue => {
    const t = ops.shapeOp(name, [x], site, ([s]) => ({ shape: T.reduce(s, dims, keep), kind: 'elementwise' }));
    return t.kind === 'tensor' ? { ...t, dtype: dtype ?? realOf(x.dtype) } : t;
  };
  // norm(x, ord, dim, keepdim): every dim when none is given; linalg.norm takes (A, ord, dim, keepdim) too.
  const norm = (name: string, dimAt: number, fallback: number[] | null, atLeast = 0): Impl => (args, kwargs, site) => {
    const x = tensor(args[0] ?? kwargs.get('input') ?? kwargs.get('A') ?? kwargs.get('x'));
    if (!x?.shape) return ops.tensor(null, site);
    if (x.shape.length < atLeast) return ops.fail(`${name}: The input tensor A must have at least ${atLeast} dimensions.`, site, [x]);
    const given = dimsOf(args[dimAt] ?? kwargs.get('dim'));
    if (given === undefined) return ops.tensor(null, site);
    return reduceOp(name, x, given ?? fallback, flag(args[dimAt + 1] ?? kwargs.get('keepdim')), site);
  };
  const similarity = (name: string, defaultDim: number): Impl => (args, kwargs, site) => {
    const [a, b] = [tensor(args[0] ?? kwargs.get('x1')), tensor(args[1] ?? kwargs.get('x2'))];
    if (!a?.shape || !b?.shape) return ops.tensor(null, site);
    const d = args[2] ?? kwargs.get('dim');
    const dim = name === 'pairwise_distance' ? -1 : d?.kind === 'int' ? d.value : defaultDim;
    const keep = name === 'pairwise_distance' && flag(args[4] ?? kwargs.get('keepdim'));
    const t = ops.shapeOp(name, [a, b], site, ([x, y]) => ({ shape: T.reduce(T.broadcast(x, y, name), [dim], keep), kind: 'elementwise' }));
    return t;
  };
  const embedding: Impl = (args, kwargs, site) => {
    const [idx, w] = [tensor(args[0] ?? kwargs.get('input')), tensor(args[1] ?? kwargs.get('weight'))];
    if (!idx?.shape || !w?.shape) return ops.tensor(null, site);
    if (w.shape.length !== 2) return ops.fail("'weight' must be 2-D", site, [w]);
    if (!idx.dtype.startsWith('int') && idx.dtype !== 'uint8') return ops.fail(`Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${idx.dtype} instead`, site, [idx]);
    const bad = idx.data?.find((i) => i >= w.shape![0] || i < -w.shape![0]);
    if (bad !== undefined) return ops.fail('index out of range in self', site, [idx, w]);
    const t = ops.shapeOp('F.embedding', [idx, w], site, ([s, ws]) => ({ shape: [...s, ws[1]], kind: 'copy' }));
    return t.kind === 'tensor' ? { ...t, dtype: w.dtype } : t;
  };
  const oneHot: Impl = (args, kwargs, site) => {
    const idx = tensor(args[0] ?? kwargs.get('tensor') ?? kwargs.get('input'));
    const n = args[1] ?? kwargs.get('num_classes');
    if (!idx?.shape) return ops.tensor(null, site, 'int64');
    if (idx.dtype !== 'int64') return ops.fail('one_hot is only applicable to index tensor.', site, [idx]);
    let classes = n?.kind === 'int' ? n.value : n === undefined ? -1 : undefined;
    if (classes === -1) classes = idx.data?.length ? Math.max(...idx.data) + 1 : undefined;
    if (classes === undefined) return ops.tensor(null, site, 'int64');
    if (idx.data?.some((i) => i >= classes!)) return ops.fail('Class values must be smaller than num_classes.', site, [idx]);
    const t = ops.shapeOp('F.one_hot', [idx], site, ([s]) => ({ shape: [...s, classes!], kind: 'copy' }));
    return t.kind === 'tensor' ? { ...t, dtype: 'int64' } : t;
  };
  return {
    linalg: [['norm', norm('linalg.norm', 2, null)], ['vector_norm', norm('linalg.vector_norm', 2, null)], ['matrix_norm', norm('linalg.matrix_norm', 2, [-2, -1], 2)]],
    // gumbel_softmax(logits, tau, hard, eps, dim): a softmax of noisy logits, one-hot when hard; its shape.
    functional: [['gumbel_softmax', (args, kwargs, site) => (args[0] ? ops.shapeOp('F.gumbel_softmax', [args[0] ?? kwargs.get('logits')!], site, ([s]) => s, 'elementwise') : ops.tensor(null, site))],
      ['cosine_similarity', similarity('cosine_similarity', 1)], ['pairwise_distance', similarity('pairwise_distance', -1)], ['embedding', embedding], ['one_hot', oneHot]],
  };
}
