/**
 * torch.nn.functional's losses, one rule per family as PyTorch 1.13 shapes them: `reduction='mean'` or `'sum'`
 * gives a 0-d tensor, `'none'` one value per element (pointwise losses: the broadcast of input and target), per
 * sample (classification: the target's shape; pair and triplet losses: the batch). Their work is element-wise
 * (otherOps, one per input element); no Mult-Adds. Checked on generated cases (torch_families.py, "losses").
 */
import * as T from './tensorShapes';
import type { RValue, TensorValue } from '../values/value';
import type { Impl, TensorOps } from './tensorOps';


/** Pointwise: (input, target[, …]); BCE wants the same sizes. */
const POINTWISE = ['mse_loss', 'l1_loss', 'smooth_l1_loss', 'huber_loss', 'soft_margin_loss', 'kl_div', 'poisson_nll_loss', 'hinge_embedding_loss',
  'binary_cross_entropy', 'binary_cross_entropy_with_logits', 'gaussian_nll_loss'];
/** Per sample of a batch (the first dim of a 2-D input; none of a 1-D one). */
const PER_SAMPLE = ['multi_margin_loss', 'multilabel_margin_loss', 'multilabel_soft_margin_loss', 'cosine_embedding_loss', 'triplet_margin_loss',
  'triplet_margin_with_distance_loss', 'margin_ranking_loss'];

export function lossFunctions(ops: TensorOps): [string, Impl][] {
  const run = (name: string, rule: (args: RValue[], kwargs: Map<string, RValue>) => { inputs: TensorValue[]; perElement: number[] } | undefined): Impl => (args, kwargs, site) => {
    const reduction = kwargs.get('reduction');
    const mode = reduction?.kind === 'str' ? reduction.value : reduction === undefined ? 'mean' : undefined;
    if (mode !== undefined && !['mean', 'sum', 'none', ...(name === 'kl_div' ? ['batchmean'] : [])].includes(mode)) {
      return ops.fail(`${mode} is not a valid value for reduction`, site, []);
    }
    let r: ReturnType<typeof rule>;
    try {
      r = rule(args, kwargs);
    } catch (e) {
      if (e instanceof T.ShapeError) return ops.fail(e.message, site, args.filter((a) => a.kind === 'tensor'));
      throw e;
    }
    if (!r || mode === undefined) return ops.tensor(null, site);
    const out = mode === 'none' ? r.perElement : [];
    return ops.shapeOp(`F.${name}`, r.inputs, site, () => ({ shape: out, kind: 'elementwise' }));
  };
  const known = (...vals: (RValue | undefined)[]) => {
    const ts = vals.map((v) => ops.tensorArg(v));
    return ts.every((t) => t?.shape) ? (ts as TensorValue[]) : undefined;
  };
  const out: [string, Impl][] = [];
  for (const name of POINTWISE) {
    out.push([name, run(name, (args, kwargs) => {
      const ts = known(args[0] ?? kwargs.get('input'), args[1] ?? kwargs.get('target'));
      if (!ts) return undefined;
      const [x, t] = ts.map((v) => v.shape!);
      if (name.startsWith('binary_cross_entropy') && x.join() !== t.join()) {
        throw new T.ShapeError(name === 'binary_cross_entropy'
          ? `Using a target size (torch.Size([${t.join(', ')}])) that is different to the input size (torch.Size([${x.join(', ')}])) is deprecated. Please ensure they have the same size.`
          : `Target size (torch.Size([${t.join(', ')}])) must be the same as input size (torch.Size([${x.join(', ')}]))`);
      }
      const each = T.broadcast(x, t, name);
      if (name !== 'gaussian_nll_loss') return { inputs: ts, perElement: each };
      const v = ops.tensorArg(args[2] ?? kwargs.get('var'))?.shape;
      return v ? { inputs: ts, perElement: T.broadcast(each, gaussianVar(x, v), name) } : undefined;
    })]);
  }
  // cross_entropy / nll_loss: input (N, C, d…) or (C); target class indices (N, d…) or probabilities of the input's shape.
  for (const name of ['cross_entropy', 'nll_loss']) {
    out.push([name, run(name, (args, kwargs) => {
      const ts = known(args[0] ?? kwargs.get('input'), args[1] ?? kwargs.get('target'));
      if (!ts) return undefined;
      const [x, t] = ts.map((v) => v.shape!);
      const probabilities = name === 'cross_entropy' && ts[1].dtype.startsWith('float') && x.join() === t.join();
      const perSample = x.length === 1 ? [] : [x[0], ...x.slice(2)];
      if (!probabilities && x.length > 1 && t.length >= 1 && t[0] !== x[0]) throw new T.ShapeError(`Expected input batch_size (${x[0]}) to match target batch_size (${t[0]}).`);
      if (!probabilities && perSample.join() !== t.join()) throw new T.ShapeError(`Expected target size [${perSample.join(', ')}], got [${t.join(', ')}]`);
      return { inputs: ts, perElement: perSample };
    })]);
  }
  for (const name of PER_SAMPLE) {
    out.push([name, run(name, (args, kwargs) => {
      const ts = known(args[0] ?? kwargs.get('input') ?? kwargs.get('anchor') ?? kwargs.get('input1'));
      if (!ts) return undefined;
      const x = ts[0].shape!;
      const oneD = name === 'margin_ranking_loss' ? x : x.length <= 1 ? [] : [x[0]];
      return { inputs: ts, perElement: oneD };
    })]);
  }
  return out;
}

/**
 * gaussian_nll_loss's variance as PyTorch 1.13 takes it: the input's size, that size without its last dim (one
 * variance per sample, unsqueezed), or with a last dim of 1; any other size is refused.
 */
function gaussianVar(input: number[], v: number[]): number[] {
  if (v.join() === input.join()) return v;
  const head = input.slice(0, -1).join();
  if (v.join() === head && v.length === input.length - 1) return [...v, 1];
  if (v.length === input.length && v.slice(0, -1).join() === head && v[v.length - 1] === 1) return v;
  throw new T.ShapeError('var is of incorrect size');
}
