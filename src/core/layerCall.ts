/**
 * The cost of one layer constructor call site: bind its arguments, read them, pick the input shape
 * (annotation, else the defaults), run the catalog entry, and report figures or an honest null.
 */
import type { CallExpr, Span } from './python/ast';
import type { LineIndex } from './python/lines';
import { type ConstEvaluator, type EvalValue, type Scope } from './eval/constEval';
import { type RValue, repr } from './eval/runtime';
import * as S from './cost/symbolic';
import { ArgReader } from './catalog/argReader';
import { bindArguments } from './catalog/bind';
import { type AnyLayerSpec, type InputDefaults, LayerError, NeedsValue, type Shape } from './catalog/types';
import { numel } from './catalog/torch/shapes';
import type { InputAnnotation } from './annotations';
import type { ArgumentView, CallResult, Diagnostic, InputSource, Severity } from './results';

export interface CallContext {
  ev: ConstEvaluator;
  lines: LineIndex;
  defaults: InputDefaults;
  dtypeBytes: number;
  annotation?: InputAnnotation;
}

const TOO_LARGE = 'too large to count exactly (over 2^53)';

/**
 * Analyse a call strictly; if its figures depend on parameters that have defaults (`planes=64`),
 * also give the figures for those defaults, saying so, while the formula stays in the parameters.
 */
export function analyzeLayerCall(spec: AnyLayerSpec, qualifiedName: string, call: CallExpr, scope: Scope, ctx: CallContext): CallResult {
  const strict = computeCall(spec, qualifiedName, call, scope, ctx);
  const incomplete = strict.params === null || strict.multAdds === null;
  if (!incomplete || strict.diagnostics.some((d) => d.severity === 'error')) return strict;
  const { ev } = ctx;
  ev.assumed.clear();
  ev.useFallbacks = true;
  let assuming: CallResult;
  try {
    assuming = computeCall(spec, qualifiedName, call, scope, ctx);
  } finally {
    ev.useFallbacks = false;
  }
  const gained = (assuming.params !== null && strict.params === null) || (assuming.multAdds !== null && strict.multAdds === null);
  if (ev.assumed.size === 0 || !gained || assuming.diagnostics.some((d) => d.severity === 'error')) return strict;
  assuming.assumptions = [...ev.assumed].map(([name, v]) => `${name} = ${repr(toRValue(v))} (its default)`);
  assuming.paramsFormula = strict.paramsFormula;
  return assuming;
}

function computeCall(spec: AnyLayerSpec, qualifiedName: string, call: CallExpr, scope: Scope, ctx: CallContext): CallResult {
  const { ev, lines } = ctx;
  const diagnostics: Diagnostic[] = [];
  const diag = (severity: Severity, code: string, message: string, span: Span) => {
    diagnostics.push({ severity, code, message, span, ...lines.position(span.from) });
  };

  const evaluated = call.args.map((arg) => ({ arg, value: toRValue(ev.eval(arg.value, scope)) }));
  const binding = bindArguments(spec, call.span, evaluated);
  for (const p of binding.problems) diag('error', problemCode(p.message), p.message, p.span);

  const reader = new ArgReader(spec.name, binding.args);
  let config: unknown;
  let configError: string | undefined;
  try {
    config = spec.configure(reader);
  } catch (e) {
    configError = e instanceof NeedsValue || e instanceof LayerError ? e.message : 'the arguments could not be read';
  }
  for (const p of reader.problems) {
    diag('error', 'bad-argument', p.message, (p.arg && binding.args.get(p.arg)?.span) || call.span);
  }
  const hasErrors = diagnostics.some((d) => d.severity === 'error') || configError !== undefined;

  const start = lines.position(call.span.from);
  const end = lines.position(call.span.to);
  const result: CallResult = {
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    span: call.span,
    calleeSpan: call.func.span,
    type: spec.name,
    qualifiedName,
    framework: 'torch',
    category: spec.category,
    arguments: argumentViews(spec, binding.args),
    params: null,
    paramsFormula: null,
    buffers: null,
    multAdds: null,
    flops: null,
    otherOps: null,
    memoryAccessCost: null,
    memoryAccessBytes: null,
    inputShape: null,
    inputShapes: null,
    outputShape: null,
    outputShapes: null,
    inputSource: null,
    unknownReason: null,
    assumptions: [],
    notes: spec.notes ?? null,
    diagnostics,
  };
  if (config === undefined && configError !== undefined) {
    result.unknownReason = configError;
    return result;
  }
  if (hasErrors) {
    result.unknownReason = 'the call has errors';
    return result;
  }

  if (spec.container) {
    result.unknownReason = `${spec.name} is a container: its layers are listed on their own lines`;
    return result;
  }

  const params = spec.params(config);
  if (typeof params === 'number') {
    if (Number.isSafeInteger(params)) result.params = params;
    else result.unknownReason = `params ${TOO_LARGE}`;
  } else {
    result.paramsFormula = S.format(params);
  }
  const buffers = spec.buffers?.(config) ?? 0;
  result.buffers = typeof buffers === 'number' ? buffers : null;

  // The input shape: the annotation, else the defaults for this kind of layer.
  let inputs: Shape[];
  let source: InputSource;
  if (ctx.annotation) {
    inputs = ctx.annotation.shapes;
    source = { kind: 'annotation', line: ctx.annotation.line };
  } else {
    try {
      inputs = spec.defaultInput(config, ctx.defaults);
      source = { kind: 'default', settings: 'layerLens.defaultInput' };
    } catch (e) {
      result.unknownReason = e instanceof NeedsValue
        ? `no default input shape: ${e.message}; annotate it, e.g. \`# layer-lens: input 1x64x56x56\``
        : e instanceof LayerError ? e.message : 'no default input shape';
      return result;
    }
  }
  result.inputShapes = inputs;
  result.inputShape = inputs[0] ?? null;
  result.inputSource = source;

  let fwd;
  try {
    fwd = spec.forward(config, inputs);
  } catch (e) {
    if (e instanceof NeedsValue) {
      result.unknownReason = `no costs: ${e.message}`;
    } else if (e instanceof LayerError) {
      if (source.kind === 'annotation') {
        // The user said what goes in: PyTorch would raise here.
        const span = (e.arg && binding.args.get(e.arg)?.span) || call.span;
        diag('error', 'shape', `${e.message} (the annotated input)`, span);
        result.unknownReason = 'the annotated input does not fit this layer';
      } else {
        result.unknownReason = `${e.message}; this is the default input, annotate the real one`;
      }
    } else {
      result.unknownReason = 'internal error while computing costs';
    }
    return result;
  }

  const inputElements = inputs.reduce((a, s) => a + numel(s), 0);
  const outputElements = fwd.outputs.reduce((a, s) => a + numel(s), 0);
  result.outputShapes = fwd.outputs;
  result.outputShape = fwd.outputs[0] ?? null;
  const exact = (x: number) => (Number.isSafeInteger(x) ? x : null);
  result.multAdds = exact(fwd.multAdds);
  result.flops = result.multAdds === null ? null : exact(2 * fwd.multAdds);
  result.otherOps = exact(fwd.otherOps);
  if (result.params !== null) {
    result.memoryAccessCost = exact(inputElements + outputElements + result.params);
    result.memoryAccessBytes = result.memoryAccessCost === null ? null : exact(result.memoryAccessCost * ctx.dtypeBytes);
  }
  if ([result.multAdds, result.otherOps, result.memoryAccessCost].includes(null) && result.params !== null) {
    result.unknownReason = `some figures are ${TOO_LARGE}`;
  } else if (result.params === null && result.unknownReason === null) {
    result.unknownReason = result.paramsFormula
      ? `params depend on ${S.atomsOf(params).map((a) => `\`${a}\``).join(', ')}`
      : `params ${TOO_LARGE}`;
  }
  return result;
}

function problemCode(message: string): string {
  if (message.includes('unexpected keyword')) return 'unexpected-keyword';
  if (message.includes('missing required')) return 'missing-argument';
  if (message.includes('positional argument')) return 'too-many-arguments';
  return 'bad-call';
}

/** The static walker's values as the catalog reads them (the interpreter's). */
function toRValue(v: EvalValue): RValue {
  switch (v.kind) {
    case 'sym':
      return { kind: 'opaque', reason: 'symbolic', sym: typeof v.sym === 'number' ? undefined : v.sym };
    case 'unknown':
      return { kind: 'opaque', reason: v.reason, symbol: v.symbol };
    case 'ref':
      return { kind: 'opaque', reason: v.qualname, symbol: v.qualname.split('.').pop() };
    case 'tuple':
    case 'list':
      return { kind: v.kind, items: v.items.map(toRValue) };
    case 'dict': {
      const entries = new Map<string, [RValue, RValue]>();
      v.entries.forEach(([k, x], i) => entries.set(k.kind === 'str' ? `s:${k.value}` : `i:${i}`, [toRValue(k), toRValue(x)]));
      return { kind: 'dict', entries };
    }
    default:
      return v;
  }
}

function argumentViews(spec: AnyLayerSpec, args: Map<string, { value: RValue; fromDefault: boolean }>): ArgumentView[] {
  return spec.signature
    // device and dtype do not change costs: shown only when the user set them
    .filter((p) => args.has(p.name) && !((p.name === 'device' || p.name === 'dtype') && args.get(p.name)!.fromDefault))
    .map((p) => {
      const a = args.get(p.name)!;
      const v = a.value;
      const known = v.kind !== 'opaque';
      return { name: p.name, value: v.kind === 'opaque' ? (v.sym ? S.format(v.sym) : v.symbol ?? '?') : repr(v), known, fromDefault: a.fromDefault };
    });
}
