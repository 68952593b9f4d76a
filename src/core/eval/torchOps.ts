/**
 * torch.*, torch.nn.functional.* and Tensor methods over abstract tensors: shapes follow PyTorch's rules,
 * functional calls are recorded (apart from leaf-layer totals, as the reference counts them), and shape
 * errors become diagnostics at the line that would raise.
 */
import { TORCH_LAYERS } from '../catalog';
import { NeedsValue } from '../values/argReader';
import { bindSpec, runSpec } from '../catalog/run';
import { LayerError, type AnyLayerSpec } from '../values/spec';
import type { Arg } from '../python/ast';
import type { Evaluator } from './evaluator';
import { builtin, plainClass } from './builtins';
import { PyRaise, capped } from './signals';
import { describe } from '../values/value';
import { astype, pyNumber } from './numpyLib';
import { type Recorder, recordOne } from './recorder';
import { type CallSite, type ClassValue, type InstanceValue, type RValue, type TensorValue, FALSE, NONE, TRUE, int, isNumber, isEllipsis, num, opaque, str, tuple, valuesIndices } from '../values/value';
import { truthy } from '../values/truth';
import * as T from './tensorShapes';
import { callFigures, type Figures } from '../values/figures';
import { familyFunctions } from './torchFamilies';
import { binaryResultType, isComplex, operandType, resultType } from './dtypes';
import { spectralFunctions, windowFunctions } from './torchSpectral';
import { multiHeadAttentionForward } from './torchMha';
import { einsumShape } from './einsumRule';
import { lossFunctions } from './torchLosses';
import { vectorFunctions } from './torchVectors';
import { productFunctions } from './torchProducts';
import { indexFunctions, triangleIndices } from './torchIndices';
import { type IndexPart, indexedShape, indexedValues } from './tensorIndex';
import { MAX_VALUES, amongAll, amongOf, valueBinary, valueCast, valueDiff, valueReduce, valueReduceDims, valueTensor, valueItem, valueToPython, valueUnary } from './tensorValues';
import { moduleNodeOf } from '../values/moduleTree';

import type { Impl, ShapeOpKind, TensorOps } from './tensorOps';

/** Bytes per element of each dtype tensors carry. */
const DTYPE_BYTES: Record<string, number> = { float32: 4, float16: 2, bfloat16: 2, float64: 8, int64: 8, int32: 4, int16: 2, bool: 1, uint8: 1, int8: 1, complex32: 4, complex64: 8, complex128: 16 };

/** torch's dtype names (torch.float, torch.long…) as the dtypes tensors carry. */
const DTYPE_NAMES: Record<string, string> = {
  float32: 'float32', float: 'float32', float16: 'float16', half: 'float16', bfloat16: 'bfloat16', float64: 'float64', double: 'float64',
  int64: 'int64', long: 'int64', int32: 'int32', int: 'int32', int16: 'int16', short: 'int16', bool: 'bool', uint8: 'uint8', int8: 'int8',
  complex64: 'complex64', cfloat: 'complex64', complex128: 'complex128', cdouble: 'complex128', complex32: 'complex32', chalf: 'complex32',
};

/** The legacy tensor type of each dtype (`x.type()`, `x.type('torch.LongTensor')`). */
const LEGACY_TYPES: Record<string, string> = {
  float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', bfloat16: 'BFloat16Tensor', int64: 'LongTensor', int32: 'IntTensor',
  int16: 'ShortTensor', int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor', complex64: 'ComplexFloatTensor', complex128: 'ComplexDoubleTensor',
};

/** The values of a number or of (nested) lists of numbers, and their shape; undefined when not regular. */
function nestedNumbers(v: RValue): { values: RValue[]; shape: number[] } | undefined {
  if (isNumber(v)) return { values: [v], shape: [] };
  if (v.kind !== 'list' && v.kind !== 'tuple') return undefined;
  const parts = v.items.map(nestedNumbers);
  if (parts.some((p) => !p)) return undefined;
  const inner = parts[0]?.shape ?? [];
  if (parts.some((p) => p!.shape.join() !== inner.join())) return undefined;
  return { values: parts.flatMap((p) => p!.values), shape: [parts.length, ...inner] };
}

export class TorchOps implements TensorOps {
  constructor(private readonly interp: Evaluator, private readonly recorder: Recorder) {}

  tensor(shape: number[] | null, site: CallSite, dtype = 'float32'): TensorValue {
    return { kind: 'tensor', shape, dtype, origin: site };
  }

  /** A shape error: reported where PyTorch would raise, naming where the input came from. */
  fail(message: string, site: CallSite, inputs: RValue[]): TensorValue {
    // numpy code preparing data, outside any model (`x_train[:, :, 0]`): its shapes are often the data's, which the
    // code does not state (a CSV's columns), so what does not fit there is a note, never a red error (issue 32).
    const arrays = inputs.flatMap(function tensors(v: RValue): TensorValue[] {
      return v.kind === 'tensor' ? [v] : v.kind === 'list' || v.kind === 'tuple' ? v.items.flatMap(tensors) : [];
    });
    if (this.recorder.inForward === 0 && arrays.length && arrays.every((t) => t.numpy)) {
      this.interp.report.diagnostic('info', `${message} (numpy code preparing data, outside any model: a note, since the data decides such shapes)`, site, 'data-shape');
      return this.tensor(null, site);
    }
    const related = inputs
      .filter((t): t is TensorValue => t.kind === 'tensor' && !!t.origin && !t.origin.file.startsWith('<') && t.origin.span.from !== site.span.from)
      .map((t) => ({ origin: t.origin!, message: `the input ${t.shape ? T.shapeText(t.shape) : ''} is produced here` }));
    this.interp.report.diagnostic('error', message, site, 'shape', related);
    return this.tensor(null, site);
  }

  /**
   * A size only the data decides (how many boxes NMS keeps, how many True a mask holds), taken at the most the code
   * lets it be: what follows is costed at that bound, and the model's figures say they are bounds (the code
   * `at-bound`, results.ts). A detection model's RPN and heads are costed this way at their eval-mode counts.
   */
  atBound(what: string, count: number, site: CallSite): void {
    this.interp.report.diagnostic('info', `Only the data decides ${what}: costed at the most it can be, ${count.toLocaleString('en-US')}`, site, 'at-bound');
  }

  /** A functional operation's figures, as the families written in their own files (torchMha.ts) record them. */
  recordCall(op: string, inputs: number[][], out: number[], site: CallSite, otherOps: number, multAdds: number): void {
    this.record(op, inputs, out, site, otherOps, multAdds, true);
  }

  /** While above 0, operations are worked out but not counted (an in-place op asks its out-of-place form). */
  private dry = 0;

  private record(op: string, inputs: number[][], out: number[], site: CallSite, otherOps = 0, multAdds = 0, moves = false): void {
    // Views move no data; copies (cat, contiguous) and element-wise ops read and write.
    this.recordFigures(op, inputs, out, site, callFigures({ multAdds, otherOps, inputs, outputs: [out], params: 0, movesData: moves }));
  }

  /** A functional operation, with its figures (a layer's functional form: what runSpec gave). */
  private recordFigures(op: string, inputs: number[][], out: number[], site: CallSite, figures: Figures): void {
    // Arithmetic while building a model (RegNet's widths, layer-scale init) is not part of forward.
    if (this.recorder.inForward === 0 || this.dry > 0) return;
    recordOne(this.recorder.functional, {
      op, inputShapes: inputs, outputShape: out, site, owner: this.recorder.stack[this.recorder.stack.length - 1], layersBefore: this.recorder.layers.length,
      ...(this.recorder.checkpoint ? { checkpoint: this.recorder.checkpoint } : {}),
      ...figures,
    }, 'functional operations');
  }

  private shapes(vals: RValue[]): number[][] | undefined {
    const out: number[][] = [];
    for (const v of vals) {
      if (v.kind !== 'tensor' || !v.shape) return undefined;
      out.push(v.shape);
    }
    return out;
  }

  /**
   * Run a shape rule; errors become diagnostics and an unknown tensor. (Also einops's operations, ./einops.ts, whose
   * rule also says whether the data moves: a rearrange that keeps the axes' order is a view.)
   */
  shapeOp(op: string, inputs: RValue[], site: CallSite, rule: (shapes: number[][]) => number[] | { shape: number[]; kind: ShapeOpKind }, kindIn: ShapeOpKind = 'view'): RValue {
    const shapes = this.shapes(inputs);
    if (!shapes) return this.tensor(null, site);
    try {
      const r = rule(shapes);
      const [out, kind] = Array.isArray(r) ? [r, kindIn] : [r.shape, r.kind];
      this.record(op, shapes, out, site, kind === 'elementwise' ? T.shapeNumel(out) : 0, 0, kind !== 'view');
      // Views, copies and element-wise work keep their (first) input's dtype: an index stays int64.
      const t = withLayout(this.tensor(out, site, (inputs[0] as TensorValue).dtype), op, kind, inputs);
      // Known values keep their row-major order through a reshape: they go along.
      const data = (inputs[0] as TensorValue).data;
      if (data && KEEPS_ORDER.has(op)) return { ...t, data };
      // A view, and a copy that only moves values, draw from the values of what they read.
      const among = kind === 'view' ? amongOf(inputs[0]) : MOVES_VALUES.has(op) ? amongAll(inputs) : undefined;
      return among ? { ...t, among } : t;
    } catch (e) {
      if (e instanceof T.ShapeError) return this.fail(e.message.startsWith(`${op}:`) ? e.message : `${op}: ${e.message}`, site, inputs);
      throw e;
    }
  }

  // ------------------------------------------------------------------ element-wise and matmul

  amongOf(op: string, a: RValue, b: RValue): number[] | undefined {
    return amongBinary(op, a, b);
  }

  /** An argument as a tensor (a Parameter is the tensor it holds), or undefined when it is none. */
  tensorArg(v: RValue | undefined): TensorValue | undefined {
    const t = v ? this.asTensor(v) : undefined;
    return t?.kind === 'tensor' ? t : undefined;
  }

  /** An nn.Parameter in arithmetic (or given to einops) is the tensor it holds. */
  asTensor(v: RValue): RValue {
    if (v.kind === 'instance' && v.parameter) return this.tensor(v.parameter.shape, { file: '', span: { from: 0, to: 0 } });
    return v;
  }

  /** `named`: what the row says when a function was called (`add`, `mul`), not the operator (`+`, `*`). */
  binary(op: string, aIn: RValue, bIn: RValue, site: CallSite, named?: string): RValue | undefined {
    const [a, b] = [this.asTensor(aIn), this.asTensor(bIn)];
    if (op === 'neg') return this.shapeOp('neg', [a], site, ([s]) => s, 'elementwise');
    if (op === '@') return this.matmul([a, b], site, '@');
    // Subtraction refuses booleans (PyTorch's own message says what to use instead).
    if (op === '-' && (a.kind === 'tensor' || b.kind === 'tensor')) {
      const bools = [a, b].filter((x) => operandType(x)?.dtype === 'bool').length;
      if (bools === 2) return this.fail('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.', site, [a, b]);
      if (bools === 1) return this.fail('Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.', site, [a, b]);
    }
    const sa = a.kind === 'tensor' ? a.shape : isNumber(a) ? [] : undefined;
    const sb = b.kind === 'tensor' ? b.shape : isNumber(b) ? [] : undefined;
    if (sa === undefined || sb === undefined) return undefined;
    if (sa === null || sb === null) return this.tensor(null, site);
    const inputs = [a, b].filter((x) => x.kind === 'tensor');
    try {
      const out = T.broadcast(sa, sb, `'${op}'`);
      const values = valueBinary(op, a, b, out);
      if (values) return { ...values, origin: site };
      // Values drawn from a known set, with a number or known values: the set the results are drawn from
      // (`torch.ones(5, 5) > 0` is all True, whatever its elements).
      const among = amongBinary(op, a, b);
      // numpy arrays of unknown values stay numpy arrays (a sinusoid table before torch.FloatTensor takes it).
      if ((a.kind === 'tensor' && a.numpy) || (b.kind === 'tensor' && b.numpy)) return { kind: 'tensor', shape: out, dtype: 'float64', numpy: true, origin: site };
      this.record(named ?? op, this.shapes(inputs)!, out, site, T.shapeNumel(out), 0, true);
      const result = withLayout(this.tensor(out, site, binaryResultType(op, [operandType(a), operandType(b)].filter((x) => x !== undefined))), op, 'elementwise', inputs);
      return among ? { ...result, among: valueTensor(among, result.dtype).data } : result;
    } catch (e) {
      if (e instanceof T.ShapeError) return this.fail(e.message, site, inputs);
      throw e;
    }
  }

  /** matmul, `@`, mm, bmm; addmm and baddbmm (their add is a bias add, not counted). */
  private matmul(vals: RValue[], site: CallSite, op = 'matmul', rank?: number): RValue {
    const shapes = this.shapes(vals.map((v) => this.asTensor(v)));
    if (!shapes) return this.tensor(null, site);
    // mm takes matrices and bmm batches of them, of one batch size: no broadcasting, unlike matmul.
    if (rank === 2 && shapes[0].length !== 2) return this.fail('self must be a matrix', site, vals);
    if (rank === 2 && shapes[1].length !== 2) return this.fail('mat2 must be a matrix', site, vals);
    if (rank === 2 && shapes[0][1] !== shapes[1][0]) return this.fail(`mat1 and mat2 shapes cannot be multiplied (${shapes[0].join('x')} and ${shapes[1].join('x')})`, site, vals);
    if (rank === 3 && shapes[0].length !== 3) return this.fail('batch1 must be a 3D tensor', site, vals);
    if (rank === 3 && shapes[1].length !== 3) return this.fail('batch2 must be a 3D tensor', site, vals);
    if (rank === 3 && (shapes[1][0] !== shapes[0][0] || shapes[1][1] !== shapes[0][2])) return this.fail(`Expected size for first two dimensions of batch2 tensor to be: [${shapes[0][0]}, ${shapes[0][2]}] but got: [${shapes[1][0]}, ${shapes[1][1]}].`, site, vals);
    try {
      const r = T.matmul(shapes[0], shapes[1]);
      this.record(op, shapes, r.shape, site, 0, r.multAdds, true);
      return this.tensor(r.shape, site);
    } catch (e) {
      if (e instanceof T.ShapeError) return this.fail(e.message, site, vals);
      throw e;
    }
  }

  // ------------------------------------------------------------------ functional forms of catalog layers

  /** F.relu(x), F.adaptive_avg_pool2d(x, 1)…: the catalog layer's rules, recorded as the function `F.<fn>`. */
  private viaLayer(fn: string, specName: string, positional: string[]): Impl {
    const spec = TORCH_LAYERS.get(specName)!;
    return (args, kwargs, site) => {
      const [x, ...rest] = args;
      const input = x ?? kwargs.get('input');
      const named = new Map<string, RValue>();
      rest.forEach((v, i) => positional[i] && named.set(positional[i], v));
      for (const [k, v] of kwargs) if (k !== 'input' && k !== 'inplace' && spec.signature.some((p) => p.name === k)) named.set(k, v);
      return this.runLayer(`F.${fn}`, spec, input, named, site);
    };
  }

  /**
   * F.conv1d/2d/3d and F.conv_transpose1d/2d/3d: the convolution a weight of this shape makes, as nn.ConvNd
   * counts it. The weight (and bias) are read by the call: they count in its MAC.
   */
  private convolution(dims: number, transposed: boolean): Impl {
    const spec = TORCH_LAYERS.get(`Conv${transposed ? 'Transpose' : ''}${dims}d`)!;
    const names = transposed ? ['bias', 'stride', 'padding', 'output_padding', 'groups', 'dilation'] : ['bias', 'stride', 'padding', 'dilation', 'groups'];
    return (args, kwargs, site) => {
      const [x, wIn, ...rest] = args;
      const input = x ?? kwargs.get('input');
      const w = this.asTensor(wIn ?? kwargs.get('weight') ?? NONE);
      const given = new Map<string, RValue>();
      rest.forEach((v, i) => names[i] && given.set(names[i], v));
      for (const [k, v] of kwargs) if (names.includes(k)) given.set(k, v);
      if (w.kind !== 'tensor' || !w.shape || w.shape.length !== dims + 2) return this.tensor(null, site);
      const groups = given.get('groups') ?? int(1);
      if (groups.kind !== 'int') return this.tensor(null, site);
      const bias = this.asTensor(given.get('bias') ?? NONE);
      const [a, b, ...kernel] = w.shape;
      const named = new Map<string, RValue>([
        ['in_channels', int(transposed ? a : b * groups.value)], ['out_channels', int(transposed ? b * groups.value : a)],
        ['kernel_size', tuple(kernel.map(int))], ['bias', { kind: 'bool', value: bias.kind === 'tensor' }], ['groups', groups],
      ]);
      for (const k of ['stride', 'padding', 'dilation', 'output_padding']) if (given.has(k)) named.set(k, given.get(k)!);
      const weights = [w.shape, ...(bias.kind === 'tensor' && bias.shape ? [bias.shape] : [])];
      return this.runLayer(`F.conv${transposed ? '_transpose' : ''}${dims}d`, spec, input, named, site, weights);
    };
  }

  /**
   * F.scaled_dot_product_attention: Q·Kᵀ and A·V over the full L×S scores, causal or not (a causal mask skips
   * half the products only in kernels that skip them; the convention counts what the math defines), the
   * softmax over the scores in otherOps.
   */
  private attention(args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const q = args[0] ?? kwargs.get('query');
    const k = args[1] ?? kwargs.get('key');
    const v = args[2] ?? kwargs.get('value');
    const mask = args[3] ?? kwargs.get('attn_mask');
    const shapes = q && k && v ? this.shapes([q, k, v]) : undefined;
    if (!shapes) return this.tensor(null, site);
    const [sq, sk, sv] = shapes;
    try {
      if (sk.length < 2) throw new T.ShapeError(`scaled_dot_product_attention: the key ${T.shapeText(sk)} needs at least 2 dimensions`);
      const scores = T.matmul(sq, T.transpose(sk, -2, -1));
      const out = T.matmul(scores.shape, sv);
      const inputs = [sq, sk, sv, ...(mask?.kind === 'tensor' && mask.shape ? [mask.shape] : [])];
      this.record('F.scaled_dot_product_attention', inputs, out.shape, site, T.shapeNumel(scores.shape), scores.multAdds + out.multAdds, true);
      return this.tensor(out.shape, site);
    } catch (e) {
      if (e instanceof T.ShapeError) return this.fail(e.message.startsWith('scaled') ? e.message : `scaled_dot_product_attention: ${e.message}`, site, [q!, k!, v!]);
      throw e;
    }
  }

  private runLayer(op: string, spec: AnyLayerSpec, input: RValue | undefined, named: Map<string, RValue>, site: CallSite, weights: number[][] = []): RValue {
    if (input && input.kind !== 'tensor' && input.kind !== 'none' && this.recorder.inForward > 0) {
      this.interp.report.diagnostic('warning', `${op} called on ${describe(input)}: this call is not counted`, site, 'unknown-input');
    }
    if (!input || input.kind !== 'tensor' || !input.shape) return this.tensor(null, site);
    const args: { arg: Arg; value: RValue }[] = [...named].map(([name, v]) => ({
      arg: { kind: 'keyword', name, nameSpan: site.span, value: { kind: 'Opaque', reason: '', span: site.span }, span: site.span } as Arg,
      value: v,
    }));
    const b = bindSpec(spec, site.span, args);
    if (b.failure instanceof NeedsValue) return this.tensor(null, site);
    if (b.failure) return this.fail(b.failure.message, site, [input]);
    // A constructor argument the functional form does not take (a norm's num_features) is not missing here.
    const problem = b.valueProblems[0]?.message ?? b.bindProblems.find((p) => !p.message.includes('missing'))?.message;
    if (problem) return this.fail(problem, site, [input]);
    try {
      const run = runSpec(spec, b.configured, [input.shape], { params: 0, operands: weights });
      this.recordFigures(op, [input.shape, ...weights], run.outputs[0], site, run.figures);
      // With return_indices, a pool gives (values, indices): the indices are int64.
      if (run.outputs.length > 1 && Array.isArray(spec.pack?.(b.configured, run.outputs))) return valuesIndices(this.tensor(run.outputs[0], site), this.tensor(run.outputs[1], site, 'int64'));
      return this.tensor(run.outputs[0], site);
    } catch (e) {
      if (e instanceof LayerError) return this.fail(e.message, site, [input]);
      if (e instanceof NeedsValue) return this.tensor(null, site);
      throw e;
    }
  }

  // ------------------------------------------------------------------ namespaces

  ints(v: RValue | undefined): number[] | undefined {
    if (!v) return undefined;
    if (v.kind === 'int') return [v.value];
    if (v.kind === 'tuple' || v.kind === 'list') return v.items.every((i) => i.kind === 'int') ? v.items.map((i) => num(i)) : undefined;
    return undefined;
  }

  /** Shape arguments given as `(1, 2, 3)`, `[1, 2, 3]` or `1, 2, 3`. */
  private shapeArgs(args: RValue[]): number[] | undefined {
    if (args.length === 1 && (args[0].kind === 'tuple' || args[0].kind === 'list')) return this.ints(args[0]);
    return args.every((a) => a.kind === 'int') ? args.map((a) => num(a)) : undefined;
  }

  private dimArg(args: RValue[], kwargs: Map<string, RValue>, at: number, dflt: number | null): number | null | undefined {
    const v = args[at] ?? kwargs.get('dim');
    if (!v || v.kind === 'none') return dflt;
    return v.kind === 'int' ? v.value : undefined;
  }

  private creators(): [string, Impl][] {
    const make = (dtype?: string): Impl => (args, kwargs, site) => {
      // `torch.empty(size=(in_features, out))` (pytorch/examples' GAT): with no positional size, the keyword's.
      const shape = args.length === 0 && kwargs.has('size') ? this.ints(kwargs.get('size')) : this.shapeArgs(args);
      return this.tensor(shape ?? null, site, this.dtypeOf(kwargs) ?? dtype ?? 'float32');
    };
    /** A tensor filled with one known value: its values are drawn from that one. */
    const filled = (t: RValue, value: RValue | undefined): RValue => (t.kind === 'tensor' && value && isNumber(value) ? { ...t, among: valueTensor([num(value)], t.dtype).data } : t);
    return [['zeros', (a, k, s) => filled(make()(a, k, s), int(0))], ['ones', (a, k, s) => filled(make()(a, k, s), int(1))], ['empty', make()], ['randn', make()], ['rand', make()],
      // full(size, fill_value): without a dtype, the fill value's (an int fills int64, a bool bool).
      ['full', (a, k, s) => {
        const v = a[1] ?? k.get('fill_value');
        return filled(make(v?.kind === 'int' ? 'int64' : v?.kind === 'bool' ? 'bool' : undefined)(a.slice(0, 1), k, s), v);
      }],
      ['randint', (a, k, s) => this.tensor(this.ints(a[a.length - 1] ?? k.get('size')) ?? null, s, this.dtypeOf(k) ?? 'int64')],
      // A new tensor of another's shape and dtype (a VAE's `torch.randn_like(std)`).
      ...['zeros_like', 'ones_like', 'empty_like', 'randn_like', 'rand_like', 'full_like'].map((name): [string, Impl] => [name, ([x, v], k, s) => {
        const t = this.tensor(x?.kind === 'tensor' ? x.shape : null, s, this.dtypeOf(k) ?? (x?.kind === 'tensor' ? x.dtype : undefined));
        return filled(t, name === 'zeros_like' ? int(0) : name === 'ones_like' ? int(1) : name === 'full_like' ? v ?? k.get('fill_value') : undefined);
      }]),
      // From a numpy array: its shape, and its values when known.
      ['from_numpy', ([a], _k, s) => (a?.kind === 'tensor' ? { ...a, numpy: undefined, origin: s } : this.tensor(null, s))],
      ['FloatTensor', (args, _k, s) => this.legacyTensor(args, 'float32', s)],
      ['LongTensor', (args, _k, s) => this.legacyTensor(args, 'int64', s)],
      // tensor(data): a number is a 0-d tensor, (nested) lists of numbers a tensor of their shape, with their values.
      ['tensor', ([v], k, s) => {
        if (v?.kind === 'tensor') return { ...v, numpy: undefined, origin: s };
        const read = v && nestedNumbers(v);
        if (!read) return this.tensor(null, s);
        const inferred = read.values.length && read.values.every((i) => i.kind === 'bool') ? 'bool' : read.values.every((i) => i.kind !== 'float') ? 'int64' : 'float32';
        const dtype = this.dtypeOf(k) ?? inferred;
        if (read.values.length > MAX_VALUES) return this.tensor(read.shape, s, dtype);
        return { ...valueTensor(read.values.map(num), dtype, read.shape), origin: s };
      }],
      // arange(end), arange(start, end[, step]); any of them by keyword (`torch.arange(0, size, step = 2)` in LeViT).
      ['arange', (a, k, s) => {
        const [p0, p1, p2] = a.length === 1 && !k.has('end') ? [undefined, a[0], undefined] : a;
        const given = [p0 ?? k.get('start'), p1 ?? k.get('end'), p2 ?? k.get('step')];
        const n = given.map((v, i) => (v === undefined ? (i === 1 ? NaN : i === 0 ? 0 : 1) : isNumber(v) ? num(v) : NaN));
        const [start, stop, step] = n;
        if ([start, stop, step].some(Number.isNaN) || step === 0) return this.tensor(null, s);
        const len = Math.max(0, Math.ceil((stop - start) / step));
        const dtype = k.get('dtype');
        const ints = given.every((v) => v === undefined || v.kind === 'int') && !(dtype?.kind === 'str' && /float|half|double/.test(dtype.value));
        if (len <= MAX_VALUES) return { ...valueTensor(Array.from({ length: len }, (_, i) => start + i * step), ints ? 'int64' : 'float32'), origin: s };
        return this.tensor([len], s);
      }],
      // linspace(start, end, steps), as ATen fills it: from the start for the first half, from the end for the rest
      // (drop-path rates per block: `[x.item() for x in torch.linspace(0, rate, depth)]`).
      ['linspace', ([a, b, c], k, s) => this.spaced(a ?? k.get('start'), b ?? k.get('end'), c ?? k.get('steps'), undefined, s)],
      // logspace(start, end, steps, base=10): base to the power of linspace's values.
      ['logspace', ([a, b, c, d], k, s) => this.spaced(a ?? k.get('start'), b ?? k.get('end'), c ?? k.get('steps'), d ?? k.get('base') ?? int(10), s)]];
  }

  /**
   * linspace's values, as ATen fills them: from the start for the first half, from the end for the rest; with a
   * base, that base to their power (logspace).
   */
  private spaced(start: RValue | undefined, end: RValue | undefined, steps: RValue | undefined, base: RValue | undefined, site: CallSite): TensorValue {
    if (!start || !end || !isNumber(start) || !isNumber(end) || steps?.kind !== 'int' || steps.value < 0 || (base && !isNumber(base))) return this.tensor(null, site);
    const n = steps.value;
    if (n > MAX_VALUES) return this.tensor([n], site);
    const step = n > 1 ? (num(end) - num(start)) / (n - 1) : 0;
    const half = Math.floor(n / 2);
    const at = (i: number) => (i < half ? num(start) + i * step : num(end) - (n - 1 - i) * step);
    return { ...valueTensor(Array.from({ length: n }, (_, i) => (base ? num(base) ** at(i) : at(i))), 'float32'), origin: site };
  }

  /** The `dtype=` a call gives, as the dtypes tensors carry; undefined when none is given (or it is not known). */
  dtypeOf(kwargs: Map<string, RValue>): string | undefined {
    const d = kwargs.get('dtype');
    return d?.kind === 'str' && Object.hasOwn(DTYPE_NAMES, d.value) ? DTYPE_NAMES[d.value] : undefined;
  }

  /** torch.FloatTensor(array) is the array's values; torch.FloatTensor(2, 3) an empty tensor of that shape. */
  private legacyTensor(args: RValue[], dtype: string, site: CallSite): TensorValue {
    const [a] = args;
    if (a?.kind === 'tensor') return { ...valueCast({ ...a, numpy: undefined }, dtype), origin: site };
    // Data, nested as torch.tensor's (`torch.Tensor([[1, 2]])`); else sizes, of an uninitialised tensor.
    const read = a && (a.kind === 'list' || a.kind === 'tuple') ? nestedNumbers(a) : undefined;
    if (read) return read.values.length > MAX_VALUES ? this.tensor(read.shape, site, dtype) : { ...valueTensor(read.values.map(num), dtype, read.shape), origin: site };
    if (a && (a.kind === 'list' || a.kind === 'tuple') && !a.items.every(isNumber)) return this.tensor(null, site, dtype);
    return this.tensor(this.shapeArgs(args) ?? null, site, dtype);
  }

  /** The pieces of a split: a 1-D tensor of known values keeps them (ConvNeXt's drop-path rates per stage). */
  private withValues(x: TensorValue, shapes: number[][], site: CallSite): TensorValue[] {
    let at = 0;
    return shapes.map((s) => {
      const data = x.data && x.shape?.length === 1 ? x.data.slice(at, (at += s[0])) : undefined;
      return data ? { ...valueTensor(data, x.dtype, s), origin: site } : this.tensor(s, site);
    });
  }

  /** Functions shared by `torch.X(t, …)` and `t.X(…)`. */
  private tensorFunctions(): Map<string, Impl> {
    if (this.functionTable) return this.functionTable;
    // Those with a rule of their own first; their families' other names after (./torchFamilies.ts).
    const table = new Map(this.ownTensorFunctions());
    // Complex tensors: |z| and the rest of the spectral family; abs of a real tensor keeps its own rule.
    for (const [name, impl] of productFunctions(this)) if (!table.has(name)) table.set(name, impl);
    for (const [name, impl] of indexFunctions(this)) if (!table.has(name)) table.set(name, impl);
    for (const [name, impl] of spectralFunctions(this)) {
      const own = table.get(name);
      table.set(name, own ? (args, kwargs, site) => (args[0]?.kind === 'tensor' && isComplex(args[0].dtype) ? impl : own)(args, kwargs, site) : impl);
    }
    for (const [name, impl] of familyFunctions(this)) if (!table.has(name)) table.set(name, impl);
    // Other names for the same operations: rsub(a, b) is b − a; the unsafe_ forms and split_with_sizes are split and
    // chunk; msort sorts along the first dim.
    const alias = (name: string, impl: Impl | undefined) => impl && !table.has(name) && table.set(name, impl);
    const [split, chunk, sort] = [table.get('split'), table.get('chunk'), table.get('sort')];
    alias('unsafe_split', split);
    alias('split_with_sizes', split);
    alias('unsafe_split_with_sizes', split);
    alias('unsafe_chunk', chunk);
    alias('msort', sort && ((args, kwargs, site) => { const r = sort(args, kwargs, site); return r.kind === 'tuple' ? r.items[0] : r; }));
    alias('rsub', ([a, b], kwargs, site) => this.binary('-', b ?? kwargs.get('other') ?? NONE, a ?? kwargs.get('input') ?? NONE, site, 'rsub') ?? this.tensor(null, site));
    // The *_copy forms of views (PyTorch 2's functionalization names): the same shapes, as copies.
    for (const name of COPY_VARIANTS) alias(name, table.get(name.slice(0, -'_copy'.length)));
    // An nn.Parameter given to any of them is the tensor it holds (`torch.clamp(self.logit_scale, max=…)`).
    for (const [name, impl] of table) table.set(name, (args, kwargs, site) => impl(args.map((a) => this.asTensor(a)), kwargs, site));
    return (this.functionTable = table);
  }

  private functionTable?: Map<string, Impl>;

  /** One of torch's own creators (`tensor`, `zeros`), for the names that make a tensor the same way. */
  private torchModuleFunction(name: string): Impl {
    return this.creators().find(([n]) => n === name)![1];
  }

  private ownTensorFunctions(): [string, Impl][] {
    const dimOf = (args: RValue[], kwargs: Map<string, RValue>, at: number, dflt: number) => this.dimArg(args, kwargs, at, dflt) ?? dflt;
    const reduce = (name: string): Impl => ([x, d, keep], kwargs, site) => {
      const dims = d === undefined ? kwargs.get('dim') : d;
      const k = keep ?? kwargs.get('keepdim');
      const keepdim = k?.kind === 'bool' ? k.value : false;
      const list_ = dims === undefined || dims.kind === 'none' ? null : this.ints(dims);
      if (list_ === undefined) return this.tensor(null, site);
      const value = list_ === null && !keepdim && x?.kind === 'tensor' ? valueReduce(name, x) : undefined;
      if (value) return { ...value, origin: site };
      const r = this.shapeOp(name, [x], site, ([s]) => T.reduce(s, list_, keepdim), 'elementwise');
      const along = x?.kind === 'tensor' && r.kind === 'tensor' && r.shape ? valueReduceDims(name, x, list_ ?? x.shape!.map((_, d) => d), r.shape) : undefined;
      return along ? { ...along, origin: site } : r;
    };
    const same = (name: string): Impl => ([x], _k, site) => {
      const values = x?.kind === 'tensor' ? valueUnary(name, x) : undefined;
      return values ? { ...values, origin: site } : this.shapeOp(name, [x], site, ([s]) => s, 'elementwise');
    };
    return [
      ['flatten', ([x, s, e], kwargs, site) => this.shapeOp('flatten', [x], site, ([sh]) => T.flatten(sh, s?.kind === 'int' ? s.value : (kwargs.get('start_dim') as { value: number } | undefined)?.value ?? 0, e?.kind === 'int' ? e.value : (kwargs.get('end_dim') as { value: number } | undefined)?.value ?? -1))],
      ['reshape', ([x, ...rest], _k, site) => {
        const target = this.shapeArgs(rest);
        return target ? this.shapeOp('reshape', [x], site, ([s]) => T.reshape(s, target, 'reshape')) : this.tensor(null, site);
      }],
      ['view', ([x, ...rest], _k, site) => {
        const target = this.shapeArgs(rest);
        return target ? this.shapeOp('view', [x], site, ([s]) => T.reshape(s, target, 'view')) : this.tensor(null, site);
      }],
      ['permute', ([x, ...rest], _k, site) => {
        const dims = this.shapeArgs(rest);
        return dims ? this.shapeOp('permute', [x], site, ([s]) => T.permute(s, dims)) : this.tensor(null, site);
      }],
      ['transpose', ([x, a, b], _k, site) => (a?.kind === 'int' && b?.kind === 'int' ? this.shapeOp('transpose', [x], site, ([s]) => T.transpose(s, a.value, b.value)) : this.tensor(null, site))],
      ['t', ([x], _k, site) => this.shapeOp('t', [x], site, ([s]) => (s.length < 2 ? s : T.transpose(s, 0, 1)))],
      ['contiguous', ([x], _k, site) => this.shapeOp('contiguous', [x], site, ([s]) => s, 'copy')],
      ['clone', ([x], _k, site) => this.shapeOp('clone', [x], site, ([s]) => s, 'copy')],
      ['squeeze', ([x, d], kwargs, site) => {
        const dim = d ?? kwargs.get('dim');
        return this.shapeOp('squeeze', [x], site, ([s]) => T.squeeze(s, dim?.kind === 'int' ? dim.value : undefined));
      }],
      ['unsqueeze', ([x, d], kwargs, site) => {
        const dim = d ?? kwargs.get('dim');
        return dim?.kind === 'int' ? this.shapeOp('unsqueeze', [x], site, ([s]) => T.unsqueeze(s, dim.value)) : this.tensor(null, site);
      }],
      ['mean', reduce('mean')],
      ['sum', reduce('sum')],
      ['amax', reduce('amax')],
      // torch.norm(input, p, dim, keepdim): p comes before dim.
      ['norm', ([x, _p, d, keep], kwargs, site) => reduce('norm')([x, d ?? kwargs.get('dim') ?? NONE, keep ?? kwargs.get('keepdim') ?? FALSE], new Map(), site)],
      ['amin', reduce('amin')],
      // var / std (input, dim, unbiased, keepdim): the third positional is `unbiased`, not keepdim.
      ...(['var', 'std'] as const).map((name): [string, Impl] => [name, ([x, d, _unbiased, keep], kwargs, site) => reduce(name)([x, d ?? kwargs.get('dim') ?? NONE, keep ?? kwargs.get('keepdim') ?? FALSE], new Map(), site)]),
      // var_mean / std_mean: the same reduction twice, as a pair.
      ...(['var_mean', 'std_mean'] as const).map((name): [string, Impl] => [name, ([x, d, _unbiased, keep], kwargs, site) => {
        const one = reduce(name.slice(0, 3))([x, d ?? kwargs.get('dim') ?? NONE, keep ?? kwargs.get('keepdim') ?? FALSE], new Map(), site);
        return one.kind === 'tensor' ? tuple([one, { ...one }]) : one;
      }]),
      // trace: the sum of a matrix's diagonal, a 0-d tensor.
      ['trace', ([x], _k, site) => {
        if (x?.kind === 'tensor' && x.shape && x.shape.length !== 2) return this.fail('trace: expected a matrix', site, [x]);
        return this.shapeOp('trace', [x], site, () => [], 'elementwise');
      }],
      // dist(a, b, p=2): the p-norm of the difference, the two broadcast: a 0-d tensor.
      ['dist', ([a, b], kwargs, site) => {
        const y = b ?? kwargs.get('other');
        if (!a || !y) return this.tensor(null, site);
        const r = this.shapeOp('dist', [a, y], site, ([sa, sb]) => (T.broadcast(sa, sb, 'dist'), []), 'elementwise');
        return r.kind === 'tensor' && r.shape ? { ...r, dtype: (a as TensorValue).dtype } : r;
      }],
      // equal(a, b): whether both have the same shape and values; a Python bool (False at once when the shapes differ).
      ['equal', ([a, b], _k, site) => this.sameValues(a, b, site, true)],
      // allclose(a, b): the values within tolerance, the two broadcast; a Python bool.
      ['allclose', ([a, b], _k, site) => this.sameValues(a, b, site, false)],
      ['argmax', this.arg('argmax')],
      ['argmin', this.arg('argmin')],
      ['max', this.extreme('max')],
      ['min', this.extreme('min')],
      ['topk', ([x, k, d], kwargs, site) => {
        const n = k ?? kwargs.get('k');
        const dim = dimOf(d ? [d] : [], kwargs, 0, -1);
        if (x?.kind !== 'tensor' || !x.shape || n?.kind !== 'int') return valuesIndices(this.tensor(null, site), this.tensor(null, site, 'int64'));
        const i = T.dimIndex(dim, x.shape.length);
        if (n.value > x.shape[i]) return this.fail(`topk: k (${n.value}) is larger than the dimension's size (${x.shape[i]})`, site, [x]);
        const out = x.shape.map((s, j) => (j === i ? n.value : s));
        this.record('topk', [x.shape], out, site, T.shapeNumel(x.shape), 0, true);
        return valuesIndices(this.tensor(out, site), this.tensor(out, site, 'int64'));
      }],
      ['sort', ([x], _k, site) => {
        const s = x?.kind === 'tensor' ? x.shape : null;
        if (s) this.record('sort', [s], s, site, T.shapeNumel(s), 0, true);
        return valuesIndices(this.tensor(s, site), this.tensor(s, site, 'int64'));
      }],
      ['argsort', ([x], _k, site) => this.tensor(x?.kind === 'tensor' ? x.shape : null, site, 'int64')],
      ['matmul', (args, _k, site) => this.matmul(args, site)],
      ['bmm', (args, _k, site) => this.matmul(args, site, 'bmm', 3)],
      ['mm', (args, _k, site) => this.matmul(args, site, 'mm', 2)],
      ['addmm', ([, a, b], _k, site) => this.matmul([a, b], site, 'addmm')],
      ['baddbmm', ([, a, b], _k, site) => this.matmul([a, b], site, 'baddbmm')],
      ['softmax', same('softmax')],
      ['log_softmax', same('log_softmax')],
      ['sigmoid', same('sigmoid')],
      ['tanh', same('tanh')],
      ['relu', same('relu')],
      ['exp', same('exp')],
      // Sinusoidal position tables (SimpleViT's posemb_sincos_2d, a Transformer's PositionalEncoding).
      ['sin', same('sin')],
      ['cos', same('cos')],
      ['log', same('log')],
      ['round', same('round')],
      ['sqrt', same('sqrt')],
      ['abs', same('abs')],
      ['neg', same('neg')],
      ['pow', ([a, b], _k, site) => this.binary('**', a, b, site) ?? this.tensor(null, site)],
      ['divide', this.divide('divide')],
      // diff(input, n=1, dim=-1, prepend, append): n-th differences along dim, after prepend and append join it.
      ['diff', ([x, nArg, dArg, pre, post], kwargs, site) => {
        const [n, dim] = [nArg ?? kwargs.get('n') ?? int(1), dArg ?? kwargs.get('dim') ?? int(-1)];
        const [before, after] = [pre ?? kwargs.get('prepend'), post ?? kwargs.get('append')].map((v) => (v && v.kind !== 'none' ? v : undefined));
        if (x?.kind !== 'tensor' || n.kind !== 'int' || dim.kind !== 'int') return this.tensor(null, site);
        if (n.value === 1 && !before && !after) {
          const values = valueDiff(x);
          if (values) return { ...values, origin: site };
        }
        const extra = [before, after].flatMap((v) => (v ? [v] : []));
        return this.shapeOp('diff', [x, ...extra], site, ([sx, ...se]) => {
          const k = T.dimIndex(dim.value, sx.length);
          const joined = sx[k] + se.reduce((a, s) => a + (s.length ? s[k] : 1), 0);
          return sx.map((d, j) => (j === k ? Math.max(0, joined - n.value) : d));
        }, 'elementwise');
      }],
      ['clamp', this.clamp('clamp', 'min', 'max')],
      ['clip', this.clamp('clip', 'min', 'max')],
      ['clamp_min', this.clamp('clamp_min', 'min')],
      ['clamp_max', this.clamp('clamp_max', 'max')],
      // where(condition, x, y): the three broadcast, one choice per output element (GAT's attention mask). With
      // only a condition it gives index tensors whose length depends on the values: not known.
      ['where', ([c, a, b], _k, site) => {
        if (a === undefined || b === undefined) return this.nonzero(c, site, true);
        const [x, y] = [a, b].map((v) => (isNumber(v) ? this.tensor([], site) : this.asTensor(v)));
        // The condition first (it is the shapeOp's first input), the result in the promoted type of the two branches.
        const r = this.shapeOp('where', [c, x, y], site, ([sc, sx, sy]) => T.broadcast(T.broadcast(sc, sx, 'where'), sy, 'where'), 'elementwise');
        const types = [a, b].map((v) => operandType(this.asTensor(v))).filter((t) => t !== undefined);
        return r.kind === 'tensor' ? { ...r, dtype: resultType(types) } : r;
      }],
      ['unique', ([x, _sorted, inverseArg, countsArg, dimArg], kwargs, site) => this.unique(x ?? kwargs.get('input'), {
        inverse: truthy(inverseArg ?? kwargs.get('return_inverse') ?? FALSE) === true,
        counts: truthy(countsArg ?? kwargs.get('return_counts') ?? FALSE) === true,
        dim: dimArg ?? kwargs.get('dim'),
      }, site)],
      ['nonzero', ([x], kwargs, site) => this.nonzero(x ?? kwargs.get('input'), site, truthy(kwargs.get('as_tuple') ?? FALSE) === true)],
      ['argwhere', ([x], kwargs, site) => this.nonzero(x ?? kwargs.get('input'), site, false)],
      // histc(input, bins=100): a histogram of `bins` counts, in the input's dtype.
      ['histc', ([x, b], kwargs, site) => {
        const bins = b ?? kwargs.get('bins') ?? int(100);
        if (bins.kind !== 'int') return this.tensor(null, site);
        return this.shapeOp('histc', [x ?? kwargs.get('input')], site, () => [bins.value], 'elementwise');
      }],
      // masked_select(input, mask): the elements where the broadcast mask is True, in one dimension.
      ['masked_select', ([x, m], kwargs, site) => {
        const [t, mask] = [x ?? kwargs.get('input'), m ?? kwargs.get('mask')].map((v) => v && this.asTensor(v));
        if (t?.kind !== 'tensor' || mask?.kind !== 'tensor') return this.tensor(null, site);
        const r = this.shapeOp('masked_select', [t, mask], site, ([a, b]) => T.broadcast(a, b, 'masked_select'), 'copy');
        if (r.kind !== 'tensor' || !r.shape) return r;
        const all = T.shapeNumel(r.shape);
        const count = mask.data && mask.shape && T.shapeNumel(mask.shape) === all ? mask.data.filter((v) => v !== 0).length : undefined;
        if (count === undefined) this.atBound('how many elements masked_select picks', all, site);
        // Known values under a mask of the same shape: those it picks.
        const picked = count !== undefined && t.data && t.data.length === all ? t.data.filter((_v, i) => mask.data![i] !== 0) : undefined;
        return picked ? { ...valueTensor(picked, t.dtype, [picked.length]), origin: site } : this.tensor([count ?? all], site, t.dtype);
      }],
      // A causal mask: the same shape (values are not followed).
      ['triu', ([x], _k, site) => this.shapeOp('triu', [x], site, ([s]) => s, 'elementwise')],
      ['tril', ([x], _k, site) => this.shapeOp('tril', [x], site, ([s]) => s, 'elementwise')],
      ['mul', ([a, b], _k, site) => this.binary('*', a, b, site, 'mul') ?? this.tensor(null, site)],
      ['add', ([a, b], _k, site) => this.binary('+', a, b, site, 'add') ?? this.tensor(null, site)],
      ['div', this.divide('div')],
      ['sub', ([a, b], _k, site) => this.binary('-', a, b, site, 'sub') ?? this.tensor(null, site)],
      ['chunk', ([x, c, d], kwargs, site) => {
        const chunks = c ?? kwargs.get('chunks');
        const dim = dimOf(d ? [d] : [], kwargs, 0, 0);
        if (x?.kind !== 'tensor' || !x.shape || chunks?.kind !== 'int') return opaque('chunk of a tensor not known statically', site);
        try {
          return tuple(this.withValues(x, T.chunk(x.shape, chunks.value, dim), site));
        } catch (e) {
          if (e instanceof T.ShapeError) return this.fail(`chunk: ${e.message}`, site, [x]);
          throw e;
        }
      }],
      // unbind(dim): the slices along dim, that dim gone (ViT's `q, k, v = qkv.unbind(0)`).
      ['unbind', ([x, d], kwargs, site) => {
        if (x?.kind !== 'tensor' || !x.shape) return opaque('unbind of a tensor not known statically', site);
        const shape = x.shape;
        const dim = dimOf(d ? [d] : [], kwargs, 0, 0);
        const at = dim < 0 ? dim + shape.length : dim;
        if (at < 0 || at >= shape.length) return this.fail(`unbind: dim ${dim} is out of range for a ${shape.length}D tensor`, site, [x]);
        capped(shape[at], 'unbind()');
        return tuple(Array.from({ length: shape[at] }, () => this.tensor(shape.filter((_s, i) => i !== at), site)));
      }],
      ['split', ([x, sz, d], kwargs, site) => {
        const sizes = sz ?? kwargs.get('split_size_or_sections') ?? kwargs.get('split_size');
        const dim = dimOf(d ? [d] : [], kwargs, 0, 0);
        const n = sizes?.kind === 'int' ? sizes.value : this.ints(sizes);
        if (x?.kind !== 'tensor' || !x.shape || n === undefined) return opaque('split of a tensor not known statically', site);
        try {
          return tuple(this.withValues(x, T.split(x.shape, n, dim), site));
        } catch (e) {
          if (e instanceof T.ShapeError) return this.fail(`split: ${e.message}`, site, [x]);
          throw e;
        }
      }],
      ['expand', ([x, ...rest], _k, site) => {
        const target = this.shapeArgs(rest);
        return target ? this.shapeOp('expand', [x], site, ([s]) => T.expand(s, target)) : this.tensor(null, site);
      }],
      ['expand_as', ([x, other], _k, site) => {
        const o = other && this.asTensor(other);
        const target = o?.kind === 'tensor' ? o.shape : null;
        return target ? this.shapeOp('expand_as', [x], site, ([s]) => T.broadcast(s, target, 'expand_as')) : this.tensor(null, site);
      }],
      ['repeat', ([x, ...rest], _k, site) => {
        const reps = this.shapeArgs(rest);
        return reps ? this.shapeOp('repeat', [x], site, ([s]) => reps.map((r, i) => r * (s[s.length - reps.length + i] ?? 1)), 'copy') : this.tensor(null, site);
      }],
    ];
  }

  /** The torch module's attributes. */
  torchModule(): Map<string, RValue> {
    const m = new Map<string, RValue>();
    for (const [name, impl] of [...this.creators(), ...windowFunctions(this), ...this.tensorFunctions()]) if (!TENSOR_ONLY.has(name)) m.set(name, builtin(`torch.${name}`, impl));
    m.set('cat', builtin('torch.cat', (args, kwargs, site) => this.catLike('cat', args, kwargs, site)));
    m.set('tril_indices', builtin('torch.tril_indices', triangleIndices(true)));
    m.set('triu_indices', builtin('torch.triu_indices', triangleIndices(false)));
    // scalar_tensor(v): a 0-d tensor of the value (float32 unless a dtype is given).
    m.set('scalar_tensor', builtin('torch.scalar_tensor', ([v], k, s) => (v && isNumber(v) ? { ...valueTensor([num(v)], this.dtypeOf(k) ?? 'float32', []), origin: s } : this.tensor([], s))));
    // range(start, end, step=1): arange with the end included (deprecated, still in model code), float32.
    m.set('range', builtin('torch.range', ([a, b, c], k, s) => {
      const [start, end, step] = [a ?? k.get('start'), b ?? k.get('end'), c ?? k.get('step') ?? int(1)];
      if (!isNumber(start) || !isNumber(end) || !isNumber(step) || num(step) === 0) return this.tensor(null, s);
      const n = Math.max(0, Math.floor((num(end) - num(start)) / num(step)) + 1);
      if (n > MAX_VALUES) return this.tensor([n], s, this.dtypeOf(k) ?? 'float32');
      return { ...valueTensor(Array.from({ length: n }, (_, i) => num(start) + i * num(step)), this.dtypeOf(k) ?? 'float32'), origin: s };
    }));
    // torch.compile(model, …) (PyTorch 2.x) runs the same model: what it costs is the model's.
    m.set('compile', builtin('torch.compile', ([model], kwargs) => model ?? kwargs.get('model') ?? NONE));
    m.set('concat', m.get('cat')!);
    m.set('concatenate', m.get('cat')!);
    // Functional forms torch also has under its own name, with the same arguments in the same order.
    const functional = this.functionalModule();
    for (const name of TORCH_ALIASES_OF_F) if (functional.has(name) && !m.has(name)) m.set(name, functional.get(name)!);
    m.set('stack', builtin('torch.stack', (args, kwargs, site) => this.catLike('stack', args, kwargs, site)));
    // meshgrid(*tensors, indexing='ij'): one grid per 1-D input, each of every input's length ('xy' swaps the first
    // two). Expanded views: no cost, and their values are not kept (position tables index with their shapes).
    m.set('meshgrid', builtin('torch.meshgrid', (args, kwargs, site) => {
      const items = args.length === 1 && (args[0].kind === 'list' || args[0].kind === 'tuple') ? args[0].items : args;
      const lengths = items.map((t) => (t.kind === 'tensor' && t.shape && t.shape.length <= 1 ? (t.shape[0] ?? 1) : undefined));
      if (lengths.some((n) => n === undefined)) return tuple(items.map(() => this.tensor(null, site)));
      const indexing = kwargs.get('indexing');
      const shape = lengths as number[];
      if (indexing?.kind === 'str' && indexing.value === 'xy' && shape.length >= 2) [shape[0], shape[1]] = [shape[1], shape[0]];
      return tuple(items.map((t) => this.tensor([...shape], site, (t as TensorValue).dtype)));
    }));
    m.set('einsum', builtin('torch.einsum', (args, _k, site) => this.einsum(args, site)));
    // as_tensor / asarray make a tensor of data as torch.tensor does (sharing memory changes no shape).
    m.set('as_tensor', builtin('torch.as_tensor', this.torchModuleFunction('tensor')));
    m.set('asarray', m.get('as_tensor')!);
    m.set('eye', builtin('torch.eye', ([n, mm], k, site) => {
      const rows = n ?? k.get('n');
      const cols = mm ?? k.get('m');
      return rows?.kind === 'int' ? this.tensor([rows.value, cols?.kind === 'int' ? cols.value : rows.value], site) : this.tensor(null, site);
    }));
    // torch._assert(condition, message): AssertionError when the condition is known to be false.
    m.set('_assert', builtin('torch._assert', ([cond, message], _k, site) => {
      if (cond && truthy(cond) === false) throw new PyRaise(opaque('AssertionError'), `AssertionError${message?.kind === 'str' ? `: ${message.value}` : ''}`, site);
      return NONE;
    }));
    m.set('is_tensor', builtin('torch.is_tensor', ([x]) => ({ kind: 'bool', value: x?.kind === 'tensor' })));
    // torch.device('cuda:0'): its type and index (where a tensor lives changes no figure).
    m.set('device', builtin('torch.device', ([spec, index]) => {
      const [type, at] = spec?.kind === 'str' ? spec.value.split(':') : ['cpu'];
      return this.device(str(type), index?.kind === 'int' ? index : at !== undefined && /^\d+$/.test(at) ? int(Number(at)) : NONE);
    }));
    for (const dt of ['float32', 'float', 'float16', 'half', 'bfloat16', 'float64', 'double', 'int64', 'long', 'int32', 'int', 'int16', 'short', 'complex64', 'cfloat', 'complex128', 'cdouble', 'bool', 'uint8', 'int8']) {
      m.set(dt, { kind: 'str', value: dt });
    }
    return m;
  }

  /**
   * torch.utils.checkpoint: the function runs as it would, inside a region that training memory reads (what runs in
   * it keeps only the region's input for backward, and runs again during backward). checkpoint_sequential checkpoints
   * every segment but the last, as PyTorch does.
   */
  checkpointModule(): Map<string, RValue> {
    const OWN = new Set(['use_reentrant', 'preserve_rng_state', 'context_fn', 'determinism_check', 'debug']);
    const region = <T>(run: () => T): T => {
      const outer = this.recorder.checkpoint;
      this.recorder.checkpoint = ++this.recorder.checkpoints;
      try {
        return run();
      } finally {
        this.recorder.checkpoint = outer;
      }
    };
    const checkpoint = builtin('torch.utils.checkpoint.checkpoint', ([fn, ...args], kwargs, site) => {
      if (!fn) return opaque('checkpoint() without a function', site);
      const passed = new Map([...kwargs].filter(([k]) => !OWN.has(k)));
      return region(() => this.interp.call(fn, args, passed, site));
    });
    const sequential = builtin('torch.utils.checkpoint.checkpoint_sequential', ([functions, segments, input], kwargs, site) => {
      const fns = functions ?? kwargs.get('functions');
      const n = segments ?? kwargs.get('segments');
      let x = input ?? kwargs.get('input') ?? NONE;
      const fnsNode = moduleNodeOf(fns);
      const items: RValue[] = fnsNode ? [...fnsNode.children.values()].map((c) => c.instance)
        : fns?.kind === 'list' || fns?.kind === 'tuple' ? fns.items : [];
      if (!items.length || n?.kind !== 'int' || n.value < 1) return opaque('checkpoint_sequential() on functions or segments not known statically', site);
      const size = Math.floor(items.length / n.value);
      let start = 0;
      for (let k = 0; k < n.value - 1 && size > 0; k++, start += size) {
        const part = items.slice(start, start + size);
        x = region(() => part.reduce((v, f) => this.interp.call(f, [v], new Map(), site), x));
      }
      return items.slice(start).reduce((v, f) => this.interp.call(f, [v], new Map(), site), x);
    });
    return new Map<string, RValue>([['checkpoint', checkpoint], ['checkpoint_sequential', sequential]]);
  }

  jitModule(): Map<string, RValue> {
    // `@torch.jit.ignore` and `@torch.jit.ignore()`: called without a function, it is the decorator again.
    const passThrough: RValue = builtin('decorator:jit', ([f]) => f ?? passThrough);
    return new Map<string, RValue>([
      ['is_scripting', builtin('torch.jit.is_scripting', () => FALSE)],
      ['is_tracing', builtin('torch.jit.is_tracing', () => FALSE)],
      ['annotate', builtin('torch.jit.annotate', ([, v]) => v ?? NONE)],
      ['unused', passThrough],
      ['ignore', passThrough],
      ['export', passThrough],
      ['script', passThrough],
      ['_overload_method', passThrough],
    ]);
  }

  /** torch.linalg: the norms (./torchVectors.ts). */
  linalgModule(): Map<string, RValue> {
    return new Map(vectorFunctions(this).linalg.map(([n, impl]) => [n, builtin(`torch.linalg.${n}`, impl)]));
  }

  functionalModule(): Map<string, RValue> {
    const m = new Map<string, RValue>();
    const add = (name: string, impl: Impl) => m.set(name, builtin(`F.${name}`, impl));
    // The functional forms of catalog layers, as their specs name them (F.relu, F.max_pool2d, F.interpolate…).
    for (const spec of TORCH_LAYERS.values()) for (const f of spec.functional ?? []) add(f.name, this.viaLayer(f.name, spec.name, f.positional ?? []));
    add('multi_head_attention_forward', multiHeadAttentionForward(this));
    for (const [name, impl] of lossFunctions(this)) add(name, impl);
    for (const [name, impl] of vectorFunctions(this).functional) add(name, impl);
    // Spatial transformers: affine_grid(theta (N, 2, 3), size (N, C, H, W)) gives sampling points (N, H, W, 2);
    // grid_sample(x (N, C, H, W), grid (N, Ho, Wo, 2)) gives (N, C, Ho, Wo). Both are element-wise work (otherOps).
    add('affine_grid', ([theta, size], kwargs, site) => {
      const s = this.ints(size ?? kwargs.get('size'));
      if (!s || (s.length !== 4 && s.length !== 5)) return this.tensor(null, site);
      const out = [s[0], ...s.slice(2), s.length - 2];
      return this.shapeOp('affine_grid', [theta ?? kwargs.get('theta') ?? NONE], site, () => out, 'elementwise');
    });
    add('grid_sample', ([x, grid], kwargs, site) => this.shapeOp('grid_sample', [x ?? kwargs.get('input') ?? NONE, grid ?? kwargs.get('grid') ?? NONE], site, ([xs, gs]) => {
      if (xs.length !== gs.length || gs[gs.length - 1] !== xs.length - 2 || gs[0] !== xs[0]) {
        throw new T.ShapeError(`grid_sample: a grid ${T.shapeText(gs)} does not fit an input ${T.shapeText(xs)}`);
      }
      return [xs[0], xs[1], ...gs.slice(1, -1)];
    }, 'elementwise'));
    // The deprecated names of interpolate, which older code still calls.
    const interpolate = m.get('interpolate');
    if (interpolate) for (const old of ['upsample', 'upsample_bilinear', 'upsample_nearest']) m.set(old, interpolate);
    for (const d of [1, 2, 3]) {
      add(`conv${d}d`, this.convolution(d, false));
      add(`conv_transpose${d}d`, this.convolution(d, true));
    }
    // The norms' functional forms keep the input's shape: a norm layer subclass's forward (timm's BatchNormAct2d) calls them.
    // Each checks its input against its statistics, groups or normalized shape as PyTorch does.
    for (const norm of ['layer_norm', 'batch_norm', 'group_norm', 'instance_norm'] as const) {
      add(norm, (args, kwargs, site) => this.shapeOp(norm, [args[0] ?? kwargs.get('input') ?? NONE], site, ([s]) => {
        normCheck(norm, s, (i, name) => args[i] ?? kwargs.get(name), (v) => this.ints(v), (v) => {
          const t = v && this.asTensor(v);
          return t?.kind === 'tensor' ? t.shape : undefined;
        });
        return s;
      }, 'elementwise'));
    }
    add('normalize', (args, _k, site) => this.shapeOp('normalize', [args[0]], site, ([s]) => s, 'elementwise'));
    // prelu(input, weight) and threshold(input, threshold, value): one value per element.
    for (const name of ['prelu', 'threshold']) add(name, (args, kwargs, site) => this.shapeOp(name, [args[0] ?? kwargs.get('input') ?? NONE], site, ([s]) => s, 'elementwise'));
    add('pad', ([x, p], _k, site) => {
      const pad = this.ints(p);
      return pad ? this.shapeOp('pad', [x], site, ([s]) => {
        const out = s.slice();
        for (let i = 0; i < pad.length / 2; i++) out[out.length - 1 - i] += pad[2 * i] + pad[2 * i + 1];
        return out;
      }, 'copy') : this.tensor(null, site);
    });
    // F.linear(x, W, b) = x·Wᵀ (+ b, a bias add: not counted).
    add('linear', ([xIn, wIn], kwargs, site) => {
      const x = this.asTensor(xIn ?? kwargs.get('input') ?? NONE);
      const w = this.asTensor(wIn ?? kwargs.get('weight') ?? NONE);
      if (x.kind !== 'tensor' || w.kind !== 'tensor' || !x.shape || !w.shape || w.shape.length !== 2) return this.tensor(null, site);
      return this.matmul([x, { ...w, shape: [...w.shape].reverse() }], site, 'F.linear');
    });
    add('scaled_dot_product_attention', (args, kwargs, site) => this.attention(args, kwargs, site));
    // The in-place forms of activations (F.relu_): the same shape, the input overwritten.
    for (const name of ['relu_', 'elu_', 'selu_', 'celu_', 'leaky_relu_', 'hardtanh_', 'threshold_']) if (m.has(name.slice(0, -1))) m.set(name, m.get(name.slice(0, -1))!);
    return m;
  }

  initModule(): Map<string, RValue> {
    // Initialisers change values, never shapes or counts: each returns its tensor.
    const m = new Map<string, RValue>();
    for (const name of ['kaiming_normal_', 'kaiming_uniform_', 'xavier_normal_', 'xavier_uniform_', 'normal_', 'uniform_', 'constant_', 'zeros_',
      'ones_', 'trunc_normal_', 'orthogonal_', 'eye_', 'dirac_', 'sparse_']) {
      m.set(name, builtin(`nn.init.${name}`, ([t]) => t ?? NONE));
    }
    m.set('calculate_gain', builtin('nn.init.calculate_gain', () => ({ kind: 'float', value: 1 })));
    m.set('_calculate_fan_in_and_fan_out', builtin('nn.init._calculate_fan_in_and_fan_out', (_a, _k, site) => tuple([opaque('fan_in', site), opaque('fan_out', site)])));
    return m;
  }

  private catLike(op: 'cat' | 'stack', args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const seq = args[0] ?? kwargs.get('tensors');
    const items = seq ? this.interp.iterate(seq, site) : undefined;
    const dim = this.dimArg(args, kwargs, 1, 0);
    if (!items || dim === null || dim === undefined) return this.tensor(null, site);
    const r = this.shapeOp(op, items, site, (shapes) => (op === 'cat' ? T.cat(shapes, dim) : T.stack(shapes, dim)), 'copy');
    // Known values: each input's block for every index before the dim, in turn (a stack is a cat of unsqueezed ones).
    const tensors = items.map((v) => this.asTensor(v));
    if (r.kind !== 'tensor' || !r.shape || !tensors.every((t) => t.kind === 'tensor' && t.data && t.shape)) return r;
    const at = T.dimIndex(dim, r.shape.length);
    const outer = r.shape.slice(0, at).reduce((a, d) => a * d, 1);
    const blocks = (tensors as TensorValue[]).map((t) => ({ data: t.data!, size: t.data!.length / outer }));
    const data: number[] = [];
    for (let o = 0; o < outer; o++) for (const b of blocks) data.push(...b.data.slice(o * b.size, (o + 1) * b.size));
    return data.length <= MAX_VALUES ? { ...r, data } : r;
  }

  /** einsum, every equation form (./einsumRule.ts). */
  einsum(args: RValue[], site: CallSite): RValue {
    const [eq, ...ops] = args;
    if (eq?.kind !== 'str') return this.tensor(null, site);
    const operands = (ops.length === 1 && (ops[0].kind === 'list' || ops[0].kind === 'tuple') ? ops[0].items : ops).map((v) => this.asTensor(v));
    const shapes = this.shapes(operands);
    if (!shapes) return this.tensor(null, site);
    try {
      const r = einsumShape(eq.value, shapes);
      this.record('einsum', shapes, r.shape, site, 0, r.multAdds, true);
      return this.tensor(r.shape, site);
    } catch (e) {
      if (e instanceof T.ShapeError) return this.fail(e.message, site, operands);
      throw e;
    }
  }

  /** torch.device: equal to another of the same type and index. */
  private readonly deviceClass: ClassValue = (() => {
    const c: ClassValue = { ...plainClass('device'), native: { kind: 'value', fields: ['type', 'index'] } };
    // str(device): 'cpu', 'cuda:0' (timm keys a cache of attention biases by it).
    c.attrs = new Map([['__str__', builtin('method:device.__str__', ([d]) => {
      const [type, index] = [d?.kind === 'instance' ? d.attrs.get('type') : undefined, d?.kind === 'instance' ? d.attrs.get('index') : undefined];
      return type?.kind === 'str' ? str(index?.kind === 'int' ? `${type.value}:${index.value}` : type.value) : opaque('str() of a device not known statically');
    })]]);
    return c;
  })();

  private device(type: RValue, index: RValue): InstanceValue {
    return { kind: 'instance', cls: this.deviceClass, attrs: new Map<string, RValue>([['type', type], ['index', index]]) };
  }

  /** A tensor's own attributes and methods, by name; the others are its functional forms (tensorAttr). */
  private readonly tensorAttrs: Map<string, (t: TensorValue, name: string, site: CallSite) => RValue> = (() => {
    const same = (t: TensorValue, name: string) => builtin(`Tensor.${name}`, () => t);
    const table: Record<string, (t: TensorValue, name: string, site: CallSite) => RValue> = {
      shape: (t, _n, site) => (t.shape ? tuple(t.shape.map(int)) : opaque('shape of a tensor not known statically', site)),
      ndim: (t, _n, site) => (t.shape ? int(t.shape.length) : opaque('ndim', site)),
      dtype: (t) => ({ kind: 'str', value: t.dtype }),
      // z.real and z.imag are properties: the parts of a complex tensor (a real tensor's real part is itself).
      real: (t, _n, site) => this.tensorFunctions().get('real')!([t], new Map(), site),
      imag: (t, _n, site) => this.tensorFunctions().get('imag')!([t], new Map(), site),
      // Where the code runs is not known: read as the CPU, as a tensor made without a device is (a device, never
      // the tensor: `mask.to(x.device)` keeps the mask's dtype).
      device: () => this.device(str('cpu'), NONE),
      data: (t) => t,
      T: (t, _n, site) => this.tensor(t.shape ? [...t.shape].reverse() : null, site),
      // The last two dims swapped (a batch of matrices transposed: GAT's `target_scores.mT`); a view.
      mT: (t, _n, site) => {
        if (!t.shape) return this.tensor(null, site);
        if (t.shape.length < 2) return this.fail(`tensor.mT is only supported on matrices or batches of matrices. Got ${t.shape.length}-D tensor.`, site, [t]);
        return this.tensor(T.transpose(t.shape, -2, -1), site, t.dtype);
      },
      size: (t) => builtin('Tensor.size', ([d], _k, s) => {
        if (!t.shape) return opaque('size of a tensor not known statically', s);
        if (d?.kind === 'int') return int(t.shape[T.dimIndex(d.value, t.shape.length)]);
        return tuple(t.shape.map(int));
      }),
      dim: (t) => builtin('Tensor.dim', (_a, _k, s) => (t.shape ? int(t.shape.length) : opaque('dim', s))),
      numel: (t) => builtin('Tensor.numel', (_a, _k, s) => (t.shape ? int(T.shapeNumel(t.shape)) : opaque('numel', s))),
      int: (t, name) => builtin(`Tensor.${name}`, () => valueCast(t, 'int32')),
      long: (t, name) => builtin(`Tensor.${name}`, () => valueCast(t, 'int64')),
      float: (t, name) => builtin(`Tensor.${name}`, () => valueCast(t, 'float32')),
      double: (t, name) => builtin(`Tensor.${name}`, () => valueCast(t, 'float64')),
      half: (t, name) => builtin(`Tensor.${name}`, () => valueCast(t, 'float16')),
      bfloat16: (t, name) => builtin(`Tensor.${name}`, () => valueCast(t, 'bfloat16')),
      bool: (t, name) => builtin(`Tensor.${name}`, () => valueCast(t, 'bool')),
      byte: (t, name) => builtin(`Tensor.${name}`, () => valueCast(t, 'uint8')),
      char: (t, name) => builtin(`Tensor.${name}`, () => valueCast(t, 'int8')),
      // Tensor.unfold(dimension, size, step): sliding windows along one dim (not F.unfold's patches).
      unfold: (t, name) => builtin(`Tensor.${name}`, (args, k, site) => {
        const [d, size, step] = [args[0] ?? k.get('dimension'), args[1] ?? k.get('size'), args[2] ?? k.get('step')];
        if (d?.kind !== 'int' || size?.kind !== 'int' || step?.kind !== 'int') return this.tensor(null, site, t.dtype);
        return this.shapeOp('unfold', [t], site, ([s]) => T.unfoldWindows(s, d.value, size.value, step.value), 'view');
      }),
      short: (t, name) => builtin(`Tensor.${name}`, () => valueCast(t, 'int16')),
      // x.type(torch.float32): a cast (`pe.type(dtype)` in SimpleViT's position table); x.type() is its type's name.
      // x.type('torch.LongTensor') the same, by the legacy type's name; x.type() is that name.
      type: (t, name) => builtin(`Tensor.${name}`, ([d], k, s) => {
        const dtype = d ?? k.get('dtype');
        if (!dtype) return LEGACY_TYPES[t.dtype] ? str(`torch.${LEGACY_TYPES[t.dtype]}`) : opaque(`the type name of a ${t.dtype} tensor`, s);
        const named = dtype.kind === 'str' ? (Object.hasOwn(DTYPE_NAMES, dtype.value) ? DTYPE_NAMES[dtype.value] : Object.keys(LEGACY_TYPES).find((k2) => `torch.${LEGACY_TYPES[k2]}` === dtype.value)) : undefined;
        // A dtype not known: neither the dtype nor the values are.
        return named ? valueCast(t, named) : opaque(`x.type() to a type not known statically`, s);
      }),
      astype: (t, name) => builtin(`ndarray.${name}`, ([d]) => astype(t, d)),
      tolist: (t, name) => builtin(`Tensor.${name}`, (_a, _k, s) => valueToPython(t) ?? opaque(`${name}() of a tensor whose values are not known`, s)),
      item: (t, name) => builtin(`Tensor.${name}`, (_a, _k, s) => {
        const n = t.shape && T.shapeNumel(t.shape);
        if (n !== null && n !== undefined && n !== 1) return this.fail('only one element tensors can be converted to Python scalars', s, [t]);
        return valueItem(t) ?? opaque(`${name}() of a tensor whose values are not known`, s);
      }),
      new_zeros: (_t, name) => builtin(`Tensor.${name}`, (args, _k, s) => this.tensor(this.shapeArgs(args) ?? null, s)),
      new_ones: (_t, name) => builtin(`Tensor.${name}`, (args, _k, s) => this.tensor(this.shapeArgs(args) ?? null, s)),
      new_empty: (_t, name) => builtin(`Tensor.${name}`, (args, _k, s) => this.tensor(this.shapeArgs(args) ?? null, s)),
      // new_full(size, fill_value): the size is one argument (a tuple or list).
      new_full: (t, name) => builtin(`Tensor.${name}`, ([size], k, s) => this.tensor(this.ints(size ?? k.get('size')) ?? null, s, t.dtype)),
      // new(*sizes) / new(data): the legacy constructor, in this tensor's dtype: a shape, or the data's values.
      new: (t, name) => builtin(`Tensor.${name}`, (args, k, s) => {
        // Ints are sizes; one list or tuple is data (`x.new((0,))` is a one-element tensor), as PyTorch reads them.
        if (args.every((a) => a.kind === 'int')) return args.length ? this.tensor(args.map(num), s, t.dtype) : { ...valueTensor([], t.dtype, [0]), origin: s };
        return args.length === 1 ? this.torchModuleFunction('tensor')(args, new Map([['dtype', str(t.dtype)], ...k]), s) : this.tensor(null, s, t.dtype);
      }),
      // new_tensor(data): the data's shape, this tensor's dtype unless one is given.
      new_tensor: (t, name) => builtin(`Tensor.${name}`, (args, k, s) => this.torchModuleFunction('tensor')(args, new Map([['dtype', str(t.dtype)], ...k]), s)),
      // Strides are not followed: a tensor that may be a strided view is not known to be contiguous.
      is_contiguous: (t, name) => builtin(`Tensor.${name}`, (_a, _k, site) => (t.strided ? opaque('whether a view is laid out contiguously (strides are not followed)', site) : TRUE)),
      element_size: (t, name) => builtin(`Tensor.${name}`, () => int(DTYPE_BYTES[t.dtype] ?? 4)),
      nelement: (t) => builtin('Tensor.nelement', (_a, _k, s) => (t.shape ? int(T.shapeNumel(t.shape)) : opaque('nelement', s))),
    };
    // Methods that give the tensor back as it is, as far as shapes go.
    for (const name of ['detach', 'cpu', 'cuda', 'requires_grad_']) table[name] = same;
    // type_as(other): a cast to the other tensor's dtype.
    table.type_as = (t, name) => builtin(`Tensor.${name}`, ([o]) => (o?.kind === 'tensor' ? valueCast(t, o.dtype) : t));
    // Filled in place with one value: what it holds is that value (the values known before are gone).
    const fill = (t: TensorValue, v: RValue | undefined) => {
      delete t.data;
      if (v && isNumber(v)) t.among = valueTensor([num(v)], t.dtype).data;
      else delete t.among;
      return t;
    };
    table.fill_ = (t, name) => builtin(`Tensor.${name}`, ([v], k) => fill(t, v ?? k.get('value')));
    table.zero_ = (t, name) => builtin(`Tensor.${name}`, () => fill(t, int(0)));
    // masked_fill(mask, value): a new tensor, its values the input's and the value (which ones go where, the mask's).
    table.masked_fill = (t, name) => builtin(`Tensor.${name}`, ([_m, v], k, s) => {
      const among = amongOf(t);
      const value = v ?? k.get('value');
      const out: TensorValue = { kind: 'tensor', shape: t.shape, dtype: t.dtype, origin: s };
      return among && value && isNumber(value) ? { ...out, among: [...new Set([...among, ...valueTensor([num(value)], t.dtype).data!])].sort((a, b) => a - b) } : out;
    });
    // to(dtype), to(device, dtype), to(other), to(dtype=…): a cast when a dtype (or a tensor's) is among the
    // arguments; a move to a device changes nothing counted.
    table.to = (t, name) => builtin(`Tensor.${name}`, (args, k) => {
      const given = [...args, k.get('dtype')].find((a) => (a?.kind === 'str' && Object.hasOwn(DTYPE_NAMES, a.value)) || a?.kind === 'tensor');
      if (!given) return t;
      return valueCast(t, given.kind === 'tensor' ? given.dtype : DTYPE_NAMES[(given as { value: string }).value]);
    });
    // A Map: a name from the code (`x.constructor`) must not find Object's own properties.
    return new Map(Object.entries(table));
  })();

  /** Attributes and methods of a tensor. */
  tensorAttr(t: TensorValue, name: string, site: CallSite): RValue | undefined {
    // numpy's astype is an array's, not a tensor's.
    const own = name === 'astype' && !t.numpy ? undefined : this.tensorAttrs.get(name);
    if (own) return own(t, name, site);
    const fn = TORCH_ONLY.has(name) ? undefined : this.tensorFunctions().get(name);
    if (fn) return builtin(`Tensor.${name}`, (args, kwargs, s) => fn([t, ...args], kwargs, s));
    // The few functional forms that are also Tensor methods in PyTorch (x.relu(), x.softmax(dim)); not F.conv2d.
    const f = F_METHODS.has(name) ? this.functionalModule().get(name) : undefined;
    if (f && f.kind === 'builtin') return builtin(`Tensor.${name}`, (args, kwargs, s) => f.call([t, ...args], kwargs, s));
    if (name.endsWith('_') && !name.startsWith('_')) return builtin(`Tensor.${name}`, (args, kwargs, s) => this.inPlace(t, name, args, kwargs, s));
    return undefined;
  }

  /** Every Tensor attribute and method with a rule here (in-place `x_` forms are all followed, by inPlace). */
  tensorMethodNames(): string[] {
    const functions = [...this.tensorFunctions().keys()].filter((n) => !TORCH_ONLY.has(n));
    const functional = [...this.functionalModule().keys()].filter((n) => F_METHODS.has(n));
    return [...new Set([...this.tensorAttrs.keys(), ...functions, ...functional])].filter((n) => !n.startsWith('_') && n !== 'astype').sort();
  }

  /**
   * In-place methods: those that reshape (unsqueeze_, t_, transpose_, resize_…) change this very tensor, as
   * PyTorch does, to what their out-of-place form gives; the rest (add_, clamp_, normal_…) change values only,
   * and an operand that would broadcast past this tensor's shape is PyTorch's error.
   */
  private inPlace(t: TensorValue, name: string, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const plain = name.slice(0, -1);
    if (RESHAPING_IN_PLACE.has(name)) {
      const like = args[0] && this.asTensor(args[0]);
      const f = plain === 'resize' ? builtin('Tensor.resize', (a, _k, s2) => this.tensor(this.shapeArgs(a) ?? null, s2, t.dtype))
        : plain === 'resize_as' ? builtin('Tensor.resize_as', () => this.tensor(like?.kind === 'tensor' ? like.shape : null, site, t.dtype))
          : plain === 'as_strided' ? builtin('Tensor.as_strided', ([size]) => this.tensor(this.ints(size) ?? null, site, t.dtype))
            : this.tensorAttr(t, plain, site);
      const out = f && f.kind === 'builtin' ? f.call(args, kwargs, site) : undefined;
      if (out?.kind === 'tensor') {
        t.shape = out.shape;
        delete t.data;
      }
      return t;
    }
    // The out-of-place form says what the operation computes and what it refuses; in place, its result must also
    // fit the tensor: the same shape (x.add_(y) cannot broadcast x up), and a dtype x's can hold (no float into an
    // int tensor). Asked dry: in-place operations are not counted (as before; their figures are left out).
    const outOfPlace = t.shape && !NOT_FOLLOWED_IN_PLACE.has(plain) ? this.tensorAttr(t, plain, site) : undefined;
    if (t.shape && outOfPlace?.kind === 'builtin') {
      if (name === 'float_power_' && t.dtype !== 'float64' && t.dtype !== 'complex128') {
        return this.fail(`the base given to float_power_ has dtype ${TYPE_NAMES[t.dtype] ?? t.dtype} but the operation's result requires dtype ${t.dtype.startsWith('complex') ? 'ComplexDouble' : 'Double'}`, site, [t]);
      }
      this.dry++;
      let r: RValue | undefined;
      try {
        r = outOfPlace.call(args, kwargs, site);
      } finally {
        this.dry--;
      }
      if (r?.kind === 'tensor' && r.shape) {
        const inputs = [t, ...args.filter((a) => a.kind === 'tensor')];
        if (r.shape.join() !== t.shape.join()) return this.fail(`output with shape [${t.shape.join(', ')}] doesn't match the broadcast shape [${r.shape.join(', ')}]`, site, inputs);
        if (!canCast(r.dtype, t.dtype)) return this.fail(`result type ${TYPE_NAMES[r.dtype] ?? r.dtype} can't be cast to the desired output type ${TYPE_NAMES[t.dtype] ?? t.dtype}`, site, inputs);
      }
      delete t.data;
      delete t.among;
      return t;
    }
    const other = args[0] && this.asTensor(args[0]);
    if (ARITHMETIC_IN_PLACE.has(plain) && other?.kind === 'tensor' && other.shape && t.shape) {
      try {
        const b = T.broadcast(t.shape, other.shape, name);
        if (b.join() !== t.shape.join()) return this.fail(`output with shape [${t.shape.join(', ')}] doesn't match the broadcast shape [${b.join(', ')}]`, site, [t, other]);
      } catch (e) {
        if (e instanceof T.ShapeError) return this.fail(e.message, site, [t, other]);
        throw e;
      }
    }
    // The values change in place: those known before (and the set they were drawn from) no longer hold.
    delete t.data;
    delete t.among;
    return t;
  }

  /** argmax / argmin: indices (int64), over every element or along a dim. */
  private arg(name: string): Impl {
    return ([x, d, keep], kwargs, site) => {
      const dim = d ?? kwargs.get('dim');
      const k = keep ?? kwargs.get('keepdim');
      if (x?.kind !== 'tensor' || !x.shape) return this.tensor(null, site, 'int64');
      if (dim && dim.kind !== 'none' && dim.kind !== 'int') return this.tensor(null, site, 'int64');
      const out = T.reduce(x.shape, dim?.kind === 'int' ? [dim.value] : null, k?.kind === 'bool' && k.value);
      // A comparison per element of the input, like the reductions (otherOps).
      this.record(name, [x.shape], out, site, T.shapeNumel(x.shape), 0, true);
      return this.tensor(out, site, 'int64');
    };
  }

  /** max / min: the largest element; along a dim, (values, indices); of two tensors, elementwise. */
  private extreme(name: 'max' | 'min'): Impl {
    return ([x, d, keep], kwargs, site) => {
      const dim = d ?? kwargs.get('dim');
      if (dim?.kind === 'tensor') return this.binary(name === 'max' ? 'max' : 'min', x, dim, site) ?? this.tensor(null, site);
      if (x?.kind !== 'tensor' || !x.shape) return dim ? valuesIndices(this.tensor(null, site), this.tensor(null, site, 'int64')) : this.tensor(null, site);
      if (!dim || dim.kind === 'none') {
        const value = valueReduce(name, x);
        return value ? { ...value, origin: site } : this.shapeOp(name, [x], site, () => [], 'elementwise');
      }
      if (dim.kind !== 'int') return valuesIndices(this.tensor(null, site), this.tensor(null, site, 'int64'));
      const k = keep ?? kwargs.get('keepdim');
      const out = T.reduce(x.shape, [dim.value], k?.kind === 'bool' && k.value);
      this.record(name, [x.shape], out, site, T.shapeNumel(x.shape), 0, true);
      return valuesIndices(this.tensor(out, site), this.tensor(out, site, 'int64'));
    };
  }

  /**
   * nonzero / argwhere / where(condition): the indices of the non-zero elements, one row per element (or one tensor
   * per dimension, `as_tuple`). How many: counted when the values are known, else all of them, at the bound.
   */
  nonzero(x: RValue | undefined, site: CallSite, asTuple: boolean): RValue {
    const t = x && this.asTensor(x);
    if (t?.kind !== 'tensor' || !t.shape) return asTuple ? opaque('the indices of a tensor of a shape not known statically', site) : this.tensor(null, site, 'int64');
    const all = T.shapeNumel(t.shape);
    const fromSet = t.data ? undefined : countNonZero(t);
    const count = t.data ? t.data.filter((v) => v !== 0).length : fromSet ?? all;
    if (!t.data && fromSet === undefined) this.atBound(`how many of the ${all.toLocaleString('en-US')} elements are non-zero`, all, site);
    this.record('nonzero', [t.shape], [count, t.shape.length], site, all, 0, true);
    // Known values (or every element non-zero, or none): the coordinates of each non-zero element, row-major.
    const shape = t.shape;
    const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
    const nonZero = t.data ?? (fromSet !== undefined && all <= MAX_VALUES ? new Array<number>(all).fill(fromSet ? 1 : 0) : undefined);
    const coords = nonZero?.flatMap((v, flat) => (v !== 0 ? [shape.map((size, d) => Math.floor(flat / strides[d]) % size)] : []));
    const indices = (values: number[] | undefined, of: number[]): TensorValue => (values ? { ...valueTensor(values, 'int64', of), origin: site } : this.tensor(of, site, 'int64'));
    // A 0-d input has one dimension of indices as a tuple (PyTorch treats it as 1-d there).
    if (asTuple) return tuple(Array.from({ length: Math.max(shape.length, 1) }, (_, d) => indices(coords?.map((c) => c[d] ?? 0), [count])));
    return indices(coords?.flat(), [count, shape.length]);
  }

  /**
   * clamp(x, min, max) and its one-sided forms: the input's shape and dtype (an integer tensor clamped by numbers
   * stays integral); known values and numeric bounds give the values (a box's pyramid level, clamped to the levels).
   */
  private clamp(name: string, ...bounds: ('min' | 'max')[]): Impl {
    return ([x, ...rest], kwargs, site) => {
      const t = x ?? kwargs.get('input');
      const r = this.shapeOp(name, [t], site, ([s]) => s, 'elementwise');
      const [lo, hi] = (['min', 'max'] as const).map((b) => {
        const i = bounds.indexOf(b);
        const v = i < 0 ? undefined : rest[i] ?? kwargs.get(b);
        return v && isNumber(v) ? num(v) : v === undefined || v.kind === 'none' ? undefined : NaN;
      });
      if (t?.kind !== 'tensor' || !t.data || r.kind !== 'tensor' || !r.shape || Number.isNaN(lo) || Number.isNaN(hi)) return r;
      const data = t.data.map((v) => Math.min(Math.max(v, lo ?? -Infinity), hi ?? Infinity));
      return { ...valueTensor(data, r.dtype, r.shape), origin: site };
    };
  }

  /**
   * torch.equal / allclose: a Python bool, known when the values are (or, for equal, when the shapes already differ);
   * allclose's tolerances are its defaults. Shapes that do not broadcast are PyTorch's error for allclose.
   */
  private sameValues(a: RValue | undefined, b: RValue | undefined, site: CallSite, exact: boolean): RValue {
    const [x, y] = [a, b].map((v) => v && this.asTensor(v));
    if (x?.kind !== 'tensor' || y?.kind !== 'tensor' || !x.shape || !y.shape) return opaque('whether two tensors are equal depends on their values', site);
    let shape: number[];
    try {
      shape = exact ? x.shape : T.broadcast(x.shape, y.shape, 'allclose');
    } catch (e) {
      if (e instanceof T.ShapeError) {
        this.fail(e.message, site, [x, y]);
        return opaque('allclose of tensors that do not broadcast', site);
      }
      throw e;
    }
    if (exact && x.shape.join() !== y.shape.join()) return FALSE;
    if (!x.data || !y.data) return opaque('whether two tensors are equal depends on their values', site);
    const at = (t: TensorValue, i: number) => (t.data!.length === 1 ? t.data![0] : t.data![i]);
    const n = T.shapeNumel(shape);
    if ((x.data.length !== 1 && x.data.length !== n) || (y.data.length !== 1 && y.data.length !== n)) return opaque('whether two tensors are equal depends on their values', site);
    for (let i = 0; i < n; i++) {
      const [p, q] = [at(x, i), at(y, i)];
      if (exact ? p !== q : Math.abs(p - q) > 1e-8 + 1e-5 * Math.abs(q)) return FALSE;
    }
    return TRUE;
  }

  /**
   * div / divide: true division (integers give float32), or with rounding_mode "floor" / "trunc" the rounded
   * quotient in the operands' own dtype (an index divided by the number of classes stays an index).
   */
  private divide(name: string): Impl {
    return ([a, b, m], kwargs, site) => {
      const mode = m ?? kwargs.get('rounding_mode');
      const other = b ?? kwargs.get('other');
      if (!a || !other) return this.tensor(null, site);
      if (!mode || mode.kind === 'none') return this.binary('/', a, other, site, name) ?? this.tensor(null, site);
      if (mode.kind !== 'str') return this.tensor(null, site);
      if (mode.value !== 'floor' && mode.value !== 'trunc') return this.fail(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode.value}'`, site, [a]);
      return this.binary(mode.value === 'floor' ? '//' : 'trunc_divide', a, other, site, name) ?? this.tensor(null, site);
    };
  }

  /**
   * unique: the distinct values, sorted; with return_inverse, where each element's value is among them (the
   * input's shape); with return_counts, how often each occurs. Known values give them exactly; values drawn from a
   * known set give that set, at the bound (each occurs); else as many as there are elements, at the bound.
   */
  private unique(x: RValue | undefined, want: { inverse: boolean; counts: boolean; dim?: RValue }, site: CallSite): RValue {
    const t = x && this.asTensor(x);
    if (t?.kind !== 'tensor' || !t.shape) return this.tensor(null, site);
    const n = T.shapeNumel(t.shape);
    let out: TensorValue;
    let inverse: number[] = t.shape;
    if (want.dim && want.dim.kind !== 'none') {
      // Distinct slices along a dim: at most all of them.
      if (want.dim.kind !== 'int') return this.tensor(null, site);
      const d = T.dimIndex(want.dim.value, t.shape.length);
      if (t.shape[d] > 1) this.atBound(`how many distinct slices along dim ${want.dim.value} there are`, t.shape[d], site);
      out = this.tensor(t.shape, site, t.dtype);
      inverse = [t.shape[d]];
    } else {
      const set = amongOf(t);
      const exactly = !!t.data && set !== undefined;
      if (set && set.length <= n) {
        if (!exactly && set.length > 1) this.atBound('how many distinct values there are', set.length, site);
        out = valueTensor(set, t.dtype, [set.length]);
        out.origin = site;
      } else {
        const count = t.data ? new Set(t.data).size : n;
        if (!t.data && n > 1) this.atBound('how many distinct values there are', n, site);
        out = this.tensor([count], site, t.dtype);
      }
    }
    this.record('unique', [t.shape], out.shape!, site, n, 0, true);
    if (!want.inverse && !want.counts) return out;
    // Known values (not by dim): where each element's value is among the distinct ones, and how often each occurs.
    const distinct = t.data && !(want.dim && want.dim.kind !== 'none') ? out.data : undefined;
    const where = distinct && t.data!.map((v) => distinct.indexOf(v));
    const inverseT = where ? { ...valueTensor(where, 'int64', inverse), origin: site } : this.tensor(inverse, site, 'int64');
    const countsShape = [out.shape![want.dim && want.dim.kind === 'int' ? T.dimIndex(want.dim.value, t.shape.length) : 0]];
    const countsT = where ? { ...valueTensor(distinct!.map((_, k) => where.filter((w) => w === k).length), 'int64', countsShape), origin: site } : this.tensor(countsShape, site, 'int64');
    return tuple([out, ...(want.inverse ? [inverseT] : []), ...(want.counts ? [countsT] : [])]);
  }

  index(t: TensorValue, index: RValue, site: CallSite): RValue {
    if (!t.shape) return this.tensor(null, site, t.dtype);
    const picked = t.data && t.shape.length === 1 ? valueIndex(t, index) : undefined;
    if (picked) return picked.kind === 'tensor' ? { ...picked, origin: site } : picked;
    const parts = indexParts(index);
    const r = indexedShape(t.shape, parts, t.numpy === true);
    if ('shape' in r) {
      if (r.bound !== undefined) this.atBound('how many elements a boolean mask selects', r.bound, site);
      const values = T.shapeNumel(r.shape) === 0 ? [] : t.data && indexedValues(t.shape, t.data, parts, r.shape);
      if (values) return { ...valueTensor(values, t.dtype, r.shape), origin: site, ...(t.numpy ? { numpy: true } : {}) };
      const among = amongOf(t);
      const out = sliceLayout(this.tensor(r.shape, site, t.dtype), t, parts);
      return among ? { ...out, among } : out;
    }
    if ('error' in r) return this.fail(r.error, site, [t]);
    return opaque(r.unknown, site);
  }
}

/**
 * An int or a slice of a 1-D tensor of known values: the values it picks (`depths[:-1]`); a numpy element is a
 * Python number. Undefined for anything else (then only the shape is followed).
 */
function valueIndex(t: TensorValue, index: RValue): RValue | undefined {
  const data = t.data!;
  const n = data.length;
  if (index.kind === 'int') {
    const i = index.value < 0 ? index.value + n : index.value;
    if (i < 0 || i >= n) return undefined;
    return t.numpy ? pyNumber(data[i], t.dtype) : valueTensor([data[i]], t.dtype, []);
  }
  if (index.kind !== 'slice') return undefined;
  const step = index.step.kind === 'int' ? index.step.value : index.step.kind === 'none' ? 1 : 0;
  const bound = (v: RValue, d: number) => (v.kind === 'int' ? Math.min(Math.max(v.value < 0 ? v.value + n : v.value, 0), n) : v.kind === 'none' ? d : NaN);
  const [lo, hi] = [bound(index.lower, 0), bound(index.upper, n)];
  if (step <= 0 || Number.isNaN(lo) || Number.isNaN(hi)) return undefined;
  const picked = data.slice(lo, Math.max(lo, hi)).filter((_x, i) => i % step === 0);
  const out = valueTensor(picked, t.dtype, [picked.length]);
  return t.numpy ? { ...out, numpy: true } : out;
}

const INTEGER_DTYPES = new Set(['int64', 'int32', 'int16', 'int8', 'uint8']);

/** How many elements are non-zero, when the set the values are drawn from says: all (no 0 in it) or none (only 0). */
function countNonZero(t: TensorValue): number | undefined {
  if (!t.shape || !t.among) return undefined;
  if (!t.among.includes(0)) return T.shapeNumel(t.shape);
  return t.among.length === 1 ? 0 : undefined;
}

/** `a op b` over the set one side's values are drawn from and the other's known value(s): the results' set. */
function amongBinary(op: string, a: RValue, b: RValue): number[] | undefined {
  // Integers of values not known, modulo a positive int k: drawn from 0…k-1, as the result takes the divisor's sign
  // (a class label from a flat top-k index, `topk_idxs % num_classes`).
  if ((op === '%' || op === 'remainder') && a.kind === 'tensor' && INTEGER_DTYPES.has(a.dtype) && !a.data && !a.among && b.kind === 'int' && b.value > 0 && b.value <= 4096) {
    return Array.from({ length: b.value }, (_, i) => i);
  }
  const known = (v: RValue) => (isNumber(v) ? [num(v)] : v.kind === 'tensor' && v.data && v.data.length <= 64 ? v.data : undefined);
  const [xs, ys] = [amongOf(a) ?? known(a), amongOf(b) ?? known(b)];
  if (!xs || !ys || xs.length * ys.length > 4096 || !(a.kind === 'tensor' && a.among) && !(b.kind === 'tensor' && b.among)) return undefined;
  const pair = xs.flatMap((x) => ys.map((y) => valueBinary(op, num2(x), num2(y), [])?.data?.[0]));
  return pair.some((v) => v === undefined) ? undefined : [...new Set(pair as number[])].sort((p, q) => p - q);
}

/**
 * The layout of a shape op's result (TensorValue.strided): a view that reorders or skips (transpose, permute, expand,
 * narrow…) may not be row-major; so may anything made from such a tensor, except by contiguous() and the ops that
 * build anew (cat, stack: not shape ops here), as PyTorch's element-wise ops and clone keep their input's strides.
 */
function withLayout(t: TensorValue, op: string, kind: ShapeOpKind, inputs: RValue[]): TensorValue {
  if (op === 'contiguous') return t;
  const strided = (kind === 'view' && !KEEPS_ORDER.has(op)) || inputs.some((x) => x.kind === 'tensor' && x.strided);
  return strided ? { ...t, strided: true } : t;
}

/**
 * Basic indexing gives a view, row-major when it only picks along the first dim (`x[0]`, `x[1:3]`, `x[:, None]`);
 * a tensor or mask among the indices gives a new tensor.
 */
function sliceLayout(out: TensorValue, t: TensorValue, parts: IndexPart[]): TensorValue {
  if (parts.some((p) => p.kind === 'mask' || p.kind === 'gather')) return out;
  const whole = (p: IndexPart) => p.kind === 'slice' && p.lower === undefined && p.upper === undefined && p.step === undefined;
  // After an ellipsis a cut is on a later dim (`x[..., 0]`), unless the ellipsis stands for none (not worked out).
  const dots = parts.findIndex((p) => p.kind === 'ellipsis');
  if (dots >= 0 && !parts.slice(dots + 1).every((p) => p.kind === 'new' || whole(p))) return { ...out, strided: true };
  const cuts = parts.filter((p) => p.kind !== 'new' && p.kind !== 'ellipsis');
  const first = cuts[0];
  const leading = !first || first.kind === 'select' || (first.kind === 'slice' && (first.step === undefined || first.step === 1));
  return t.strided || !leading || !cuts.slice(1).every(whole) ? { ...out, strided: true } : out;
}

/** A number as the operand valueBinary reads (a float keeps float arithmetic). */
const num2 = (x: number): RValue => (Number.isInteger(x) ? int(x) : { kind: 'float', value: x });

/** Views and copies whose values, read row-major, are the input's in the same order. */
const KEEPS_ORDER = new Set(['reshape', 'view', 'flatten', 'squeeze', 'unsqueeze', 'contiguous', 'clone', 'view_as', 'reshape_as', 'ravel', 'atleast_1d', 'atleast_2d', 'atleast_3d', 'detach']);

/** The *_copy forms of views torch has, each the view's shapes as a copy. */
const COPY_VARIANTS = ['permute_copy', 't_copy', 'transpose_copy', 'unsqueeze_copy', 'squeeze_copy', 'view_copy', 'expand_copy', 'diagonal_copy', 'narrow_copy', 'select_copy', 'unfold_copy', 'split_copy', 'split_with_sizes_copy', 'unbind_copy', 'detach_copy', 'alias_copy'];

/** Copies that only move their inputs' values (what they hold is drawn from what the inputs hold). */
const MOVES_VALUES = new Set(['contiguous', 'clone', 'repeat', 'tile', 'cat', 'stack', 'flip', 'fliplr', 'flipud', 'roll', 'rot90', 'repeat_interleave']);

/**
 * An index as PyTorch reads it: a tuple's items; a list holding a tensor, a list, a slice, None or Ellipsis is read
 * as a tuple too (PyTorch's legacy rule for sequences shorter than 32); anything else is one index.
 */
function indexParts(index: RValue): IndexPart[] {
  const asTuple = index.kind === 'tuple'
    || (index.kind === 'list' && index.items.length < 32 && index.items.some((x) => x.kind === 'tensor' || x.kind === 'list' || x.kind === 'tuple' || x.kind === 'slice' || x.kind === 'none' || isEllipsis(x)));
  return (asTuple ? (index as { items: RValue[] }).items : [index]).map(indexPart);
}

function indexPart(p: RValue): IndexPart {
  if (p.kind === 'none') return { kind: 'new', size: 1 };
  if (p.kind === 'bool') return { kind: 'new', size: p.value ? 1 : 0 };
  if (p.kind === 'int') return { kind: 'select', value: p.value };
  if (p.kind === 'float') return { kind: 'invalid', error: 'IndexError: only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)' };
  if (isEllipsis(p)) return { kind: 'ellipsis' };
  if (p.kind === 'slice') {
    const bound = (v: RValue) => (v.kind === 'int' ? v.value : v.kind === 'none' ? undefined : null);
    return { kind: 'slice', lower: bound(p.lower), upper: bound(p.upper), step: bound(p.step) };
  }
  if (p.kind === 'tensor') {
    const mask = p.dtype === 'bool';
    if (!mask && !INTEGER_DTYPES.has(p.dtype)) return { kind: 'invalid', error: 'IndexError: tensors used as indices must be long, byte or bool tensors' };
    if (!p.shape) return mask ? { kind: 'unknown', reason: 'a boolean mask selects a number of elements only the data decides' } : { kind: 'gather', shape: null };
    if (p.shape.length === 0) {
      if (mask) return p.data ? { kind: 'new', size: p.data[0] ? 1 : 0 } : { kind: 'mask', shape: [], count: null };
      return { kind: 'select', value: p.data?.[0] };
    }
    if (mask) return { kind: 'mask', shape: p.shape, count: p.data ? p.data.filter((x) => x !== 0).length : countNonZero(p) ?? null, ...(p.data ? { values: p.data } : {}) };
    return { kind: 'gather', shape: p.shape, values: p.data };
  }
  if (p.kind === 'list' || p.kind === 'tuple') {
    // A list of bools is a mask; of ints (bools among them count as 0 and 1), an index of its nested shape.
    if (p.items.length && p.items.every((x) => x.kind === 'bool')) return { kind: 'mask', shape: [p.items.length], count: p.items.filter((x) => x.kind === 'bool' && x.value).length };
    const nested = nestedNumbers(p);
    if (nested && nested.values.every((v) => v.kind === 'int' || v.kind === 'bool')) return { kind: 'gather', shape: nested.shape, values: nested.values.map((v) => num(v)) };
  }
  return { kind: 'unknown', reason: 'this index of a tensor is not known statically' };
}

/**
 * The functional norms' own checks (PyTorch raises these): layer_norm's normalized shape is the input's last
 * dims, group_norm's groups divide the channels, batch_norm's and instance_norm's statistics have one entry per
 * channel, an affine weight the normalized shape.
 */
function normCheck(norm: 'layer_norm' | 'batch_norm' | 'group_norm' | 'instance_norm', s: number[], arg: (i: number, name: string) => RValue | undefined,
  ints: (v: RValue | undefined) => number[] | undefined, shapeOf: (v: RValue | undefined) => number[] | null | undefined): void {
  const text = (xs: number[]) => `[${xs.join(', ')}]`;
  if (norm === 'layer_norm') {
    const want = ints(arg(1, 'normalized_shape'));
    if (!want) return;
    if (s.length < want.length || s.slice(s.length - want.length).join() !== want.join()) {
      throw new T.ShapeError(`Given normalized_shape=${text(want)}, expected input with shape [*, ${want.join(', ')}], but got input of size${text(s)}`);
    }
    const w = shapeOf(arg(2, 'weight'));
    if (w && w.join() !== want.join()) throw new T.ShapeError(`Expected weight to be of same shape as normalized_shape, but got weight of shape ${text(w)} and normalized_shape = ${text(want)}`);
    return;
  }
  if (norm === 'group_norm') {
    const g = arg(1, 'num_groups');
    if (g?.kind === 'int' && s.length >= 2 && s[1] % g.value !== 0) {
      throw new T.ShapeError(`Expected number of channels in input to be divisible by num_groups, but got input of shape ${text(s)} and num_groups=${g.value}`);
    }
    return;
  }
  const mean = shapeOf(arg(1, 'running_mean'));
  const channels = s[1];
  if (mean && channels !== undefined && T.shapeNumel(mean) !== channels) {
    const n = norm === 'instance_norm' ? s[0] : 1;
    throw new T.ShapeError(`running_mean should contain ${n * channels} elements not ${n * T.shapeNumel(mean)}`);
  }
}

/** In-place methods that change the tensor's shape. */
/**
 * In-place methods whose out-of-place name is another operation's (x.random_() is not x.random(); copy_, fill_
 * and the initialisers have rules of their own), or which only mark the tensor.
 */
const NOT_FOLLOWED_IN_PLACE = new Set(['copy', 'random', 'uniform', 'normal', 'bernoulli', 'cauchy', 'exponential', 'geometric', 'log_normal', 'requires_grad',
  'share_memory', 'detach', 'set', 'apply', 'map', 'map2', 'rename', 'fill', 'zero', 'retain_grad', 'record_stream']);

/** PyTorch's name of each dtype in its messages. */
const TYPE_NAMES: Record<string, string> = {
  float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int64: 'Long', int32: 'Int', int16: 'Short', int8: 'Char', uint8: 'Byte',
  bool: 'Bool', complex64: 'ComplexFloat', complex128: 'ComplexDouble',
};

/** Whether an in-place result of dtype `from` may be written into a tensor of dtype `to` (PyTorch's canCast). */
function canCast(from: string, to: string): boolean {
  const kind = (d: string) => (d === 'bool' ? 0 : d.startsWith('complex') ? 3 : d.startsWith('float') || d === 'bfloat16' ? 2 : 1);
  return kind(from) <= kind(to);
}

const RESHAPING_IN_PLACE = new Set(['unsqueeze_', 'squeeze_', 't_', 'transpose_', 'swapaxes_', 'swapdims_', 'resize_', 'resize_as_', 'as_strided_']);
/** In-place arithmetic whose operand broadcasts into this tensor. */
const ARITHMETIC_IN_PLACE = new Set(['add', 'sub', 'mul', 'div', 'pow', 'copy', 'masked_fill', 'lerp', 'addcmul', 'addcdiv', 'clamp', 'fmod', 'remainder', 'maximum', 'minimum', 'true_divide', 'floor_divide']);

/**
 * Where the functions shared by `torch.X(t)` and `t.X()` exist in only one of them in PyTorch 1.13 (checked by
 * test/unit/opSurface.test.ts against its surface): calling the other is PyTorch's AttributeError, not a figure.
 */
const TENSOR_ONLY = new Set(['view', 'expand', 'expand_as', 'contiguous', 'repeat', 'reshape_as', 'view_as']);
const TORCH_ONLY = new Set(['hstack', 'vstack', 'row_stack', 'dstack', 'column_stack', 'atleast_1d', 'atleast_2d', 'atleast_3d', 'block_diag', 'bucketize', 'cartesian_prod', 'combinations', 'cdist', 'complex', 'polar', 'searchsorted', 'tensordot', 'view_as_complex', 'view_as_real', 'var_mean', 'std_mean', 'logspace', 'compile', 'trapezoid', 'trapz', 'rsub', 'tril_indices', 'triu_indices', 'scalar_tensor', 'range', ...COPY_VARIANTS]);
/** torch.nn.functional's names torch has too, taking the same arguments (torch.conv2d, torch.layer_norm…). */
const TORCH_ALIASES_OF_F = ['conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'layer_norm', 'group_norm',
  'max_pool1d', 'max_pool2d', 'max_pool3d', 'avg_pool1d', 'adaptive_avg_pool1d', 'cosine_similarity', 'pairwise_distance', 'pixel_shuffle',
  'pixel_unshuffle', 'channel_shuffle', 'prelu', 'selu', 'celu', 'hardshrink', 'threshold'];
/** torch.nn.functional's names that are also Tensor methods in PyTorch 1.13. */
const F_METHODS = new Set(['hardshrink', 'log_softmax', 'prelu', 'relu', 'relu_', 'sigmoid', 'softmax', 'tanh']);

