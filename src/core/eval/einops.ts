/**
 * einops, as model code imports it (`from einops import rearrange`, `from einops.layers.torch import Rearrange`):
 * rearrange, repeat, reduce, einsum, pack, unpack and parse_shape over abstract tensors, and the Rearrange and Reduce layers.
 * Shapes follow ./einopsPattern.ts; what runs is recorded as the torch calls einops makes would be: a rearrange
 * that keeps the axes' order is a view, one that reorders them or a repeat copies, a reduce costs what the torch
 * reduction does, and einsum is torch.einsum's. Anything else einops has is said where it is used, never dropped.
 */
import type { Evaluator } from './evaluator';
import { builtin } from './builtins';
import { describe } from '../values/value';
import { type CallSite, type RValue, int, list, newDict, opaque, str, tuple } from '../values/value';
import type { ShapeOpKind } from './tensorOps';
import type { TorchOps } from './torchOps';
import { einopsShape, einsumEquation, packShapes, parseShape, unpackShapes, type EinopsOp } from './einopsPattern';
import { ShapeError, shapeText, stack } from './tensorShapes';

type Impl = (args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue;

/** The reductions einops names; a callable is not read. */
const REDUCTIONS = new Set(['mean', 'sum', 'max', 'min', 'prod', 'any', 'all']);

export function einopsModule(interp: Evaluator, ops: TorchOps): Map<string, RValue> {
  const m = new Map<string, RValue>();
  const unknown = (what: string, site: CallSite) => {
    interp.report.diagnostic('warning', `${what}: this call is not counted`, site, 'unknown-input');
    return ops.tensor(null, site);
  };

  /** rearrange / repeat / reduce: the tensor (or a list of them, stacked), the pattern, the axes' lengths. */
  const operation = (op: EinopsOp): Impl => (args, kwargs, site) => {
    const [x, pattern, reduction] = [args[0] ?? kwargs.get('tensor'), args[1] ?? kwargs.get('pattern'), args[2] ?? kwargs.get('reduction')];
    if (pattern?.kind !== 'str') return unknown(`einops.${op} with a pattern not known statically (${pattern ? describe(pattern) : 'none'})`, site);
    if (op === 'reduce' && !(reduction?.kind === 'str' && REDUCTIONS.has(reduction.value))) {
      return unknown(`einops.reduce with a reduction not read here (${reduction ? describe(reduction) : 'none'})`, site);
    }
    const lengths = new Map<string, number>();
    for (const [k, v] of kwargs) {
      if (k === 'tensor' || k === 'pattern' || k === 'reduction') continue;
      if (v.kind !== 'int') return unknown(`einops.${op} with the length of ${k} not known statically (${describe(v)})`, site);
      lengths.set(k, v.value);
    }
    // A list of tensors is stacked along a new first axis, as einops does.
    const inputs = (x && (x.kind === 'list' || x.kind === 'tuple') ? x.items : x ? [x] : []).map((t) => ops.asTensor(t));
    if (inputs.length === 0 || inputs.some((t) => t.kind !== 'tensor')) return unknown(`einops.${op} on ${x ? describe(x) : 'nothing'}`, site);
    const stacked = x!.kind === 'list' || x!.kind === 'tuple';
    return ops.shapeOp(op, inputs, site, (shapes) => {
      const r = einopsShape(op, stacked ? stack(shapes, 0) : shapes[0], pattern.value, lengths);
      // A reduce costs what the torch reduction does; a repeat, a stack, or axes in another order copy; else a reshape.
      const kind: ShapeOpKind = op === 'reduce' ? 'elementwise' : op === 'repeat' || stacked || r.reordered || r.added ? 'copy' : 'view';
      return { shape: r.shape, kind };
    });
  };

  m.set('rearrange', builtin('einops.rearrange', operation('rearrange')));
  m.set('repeat', builtin('einops.repeat', operation('repeat')));
  m.set('reduce', builtin('einops.reduce', operation('reduce')));
  m.set('einsum', builtin('einops.einsum', (args, _k, site) => {
    const pattern = args[args.length - 1];
    const equation = pattern?.kind === 'str' ? einsumEquation(pattern.value) : undefined;
    if (!equation) return unknown(`einops.einsum with a pattern not read here (${pattern ? describe(pattern) : 'none'})`, site);
    return ops.einsum([str(equation), ...args.slice(0, -1)], site);
  }));
  m.set('pack', builtin('einops.pack', ([xs, pattern], _k, site) => {
    const tensors = xs && (xs.kind === 'list' || xs.kind === 'tuple') ? xs.items.map((t) => ops.asTensor(t)) : undefined;
    if (!tensors || pattern?.kind !== 'str') return unknown(`einops.pack of ${xs ? describe(xs) : 'nothing'}`, site);
    let packed: number[][] | undefined;
    // A cat along the packed axis: a copy.
    const out = ops.shapeOp('pack', tensors, site, (shapes) => {
      const r = packShapes(shapes, pattern.value);
      packed = r.packed;
      return r.shape;
    }, 'copy');
    return tuple([out, packed ? list(packed.map((p) => tuple(p.map(int)))) : opaque('the packed shapes of tensors not known statically', site)]);
  }));
  m.set('unpack', builtin('einops.unpack', ([x, ps, pattern], _k, site) => {
    const t = x ? ops.asTensor(x) : undefined;
    const packed = ps && (ps.kind === 'list' || ps.kind === 'tuple') ? ps.items.map((p) => (p.kind === 'tuple' || p.kind === 'list') && p.items.every((n) => n.kind === 'int') ? p.items.map((n) => (n as { value: number }).value) : undefined) : undefined;
    if (t?.kind !== 'tensor' || !packed || packed.some((p) => !p) || pattern?.kind !== 'str') return unknown(`einops.unpack of ${x ? describe(x) : 'nothing'} with packed shapes not known statically`, site);
    if (!t.shape) return list(packed.map(() => ops.tensor(null, site)));
    try {
      // Views of the packed tensor (a split): nothing moves.
      return list(unpackShapes(t.shape, packed as number[][], pattern.value).map((s) => ops.tensor(s, site, t.dtype)));
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      interp.report.diagnostic('error', `unpack: ${e.message}`, site, 'shape');
      return list(packed.map(() => ops.tensor(null, site)));
    }
  }));
  m.set('parse_shape', builtin('einops.parse_shape', ([x, pattern], _k, site) => {
    if (x?.kind !== 'tensor' || !x.shape || pattern?.kind !== 'str') return unknown('einops.parse_shape of a shape not known statically', site);
    try {
      return newDict(parseShape(x.shape, pattern.value).map(([k, v]) => [str(k), int(v)]));
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      interp.report.diagnostic('error', `parse_shape: ${e.message} (the input is ${shapeText(x.shape)})`, site, 'shape');
      return newDict();
    }
  }));
  return m;
}

/** einops.layers.torch's Rearrange and Reduce: modules without parameters whose forward is the function. */
export const EINOPS_LAYERS = `
class Rearrange(nn.Module):
    def __init__(self, pattern, **axes_lengths):
        super().__init__()
        self.pattern = pattern
        self.axes_lengths = axes_lengths

    def forward(self, input):
        return einops.rearrange(input, self.pattern, **self.axes_lengths)


class Reduce(nn.Module):
    def __init__(self, pattern, reduction, **axes_lengths):
        super().__init__()
        self.pattern = pattern
        self.reduction = reduction
        self.axes_lengths = axes_lengths

    def forward(self, input):
        return einops.reduce(input, self.pattern, self.reduction, **self.axes_lengths)
`;
