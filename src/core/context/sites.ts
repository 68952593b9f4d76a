/**
 * Layer lines and operations in context: for each constructor call in the file, the model that runs it with the
 * best-known input (given, then annotated, then the code's own call, then guessed) and what that model's calls
 * of it cost; for a line no model runs, the layer alone (./standalone.ts). Every row says where its input came from.
 */
import { isContainer, isLayerFreePrelude, namedModules, type LayerCall, type ModuleNode, moduleNodeOf } from '../values/moduleTree';
import { between, type ModuleCall } from '../eval/recorder';
import type { BoundArg } from '../values/argReader';
import type { AnyLayerSpec, InputDefaults } from '../values/spec';
import * as S from '../values/symbolic';
import { type Figures, memoryAccessBytes, NO_FIGURES, sumFigures } from '../values/figures';
import { type InstanceValue, repr } from '../values/value';
import type { LineIndex } from '../python/lines';
import type { Annotations } from '../annotations';
import type { ArgumentView, CallResult, CallShapes, Diagnostic, InputSource, ModelInputSource, ModelResult, OperationResult } from '../results';
import { layerFacts, subtreeParams } from './modelResult';
import { alone } from './standalone';
import { siteKey, type ProbeResult } from '../eval/probe';
import { KERAS_LAYERS } from '../catalog/keras/layers';
import { topicOf } from '../catalog';
import type { Run, Session } from '../eval/session';

/** How well a model's input is known: a layer line takes its figures from the best-ranked model that runs it. */
export const INPUT_RANK: Record<ModelInputSource, number> = { option: 4, annotation: 3, code: 2, length: 2, inferred: 1, default: 1 };
/** A layer line's own annotation ranks between the code's call and a guess. */
const LINE_ANNOTATION_RANK = 1.5;

/** A model the file's lines may be seen in, with the run that made it. */
export interface Context {
  result: ModelResult;
  run: Run;
}

export interface SiteOptions {
  inputDefaults: InputDefaults;
  dtype: string;
}

interface InModel {
  context: Context;
  nodes: ModuleNode[];
}

/** Every layer line of the analysed file, in source order. */
export function callResults(
  session: Session, contexts: Context[], probes: ProbeResult, lines: LineIndex, annotations: Annotations, findings: Diagnostic[], options: SiteOptions,
  range?: { from: number; to: number },
): CallResult[] {
  const file = session.file;
  const wanted = (node: ModuleNode) => node.origin.file === file && (!range || (node.origin.span.from >= range.from && node.origin.span.from < range.to));
  const inModels = new Map<string, InModel[]>();
  for (const context of contexts) {
    for (const node of nodesOf(session, context.run)) {
      if (!wanted(node) || !(node.layer || isContainer(node) || isKeras(session, node))) continue;
      const key = siteKey(file, node.origin.span.from);
      let list = inModels.get(key);
      if (!list) inModels.set(key, (list = []));
      const entry = list.find((e) => e.context === context);
      if (entry) entry.nodes.push(node);
      else list.push({ context, nodes: [node] });
    }
  }
  // Built but in no model (a layer in a script's top level, one a factory made and dropped): each site's first instance.
  const loose = new Map<string, ModuleNode>();
  for (const node of session.recorder.built) {
    if (probes.built.has(node) || !wanted(node) || !(node.layer || isContainer(node) || isKeras(session, node))) continue;
    const key = siteKey(file, node.origin.span.from);
    if (!loose.has(key)) loose.set(key, node);
  }
  // The mistakes found in the file's layer arguments, to give each row those inside its call.
  const errors = findings.filter((d) => d.file === file && d.severity === 'error');
  const rows: CallResult[] = [];
  const probedHere = [...probes.symbolic].filter(([, node]) => wanted(node)).map(([key]) => key);
  for (const key of new Set([...inModels.keys(), ...loose.keys(), ...probedHere])) {
    const candidates = inModels.get(key) ?? [];
    const first = candidates[0]?.nodes[0] ?? loose.get(key) ?? probes.symbolic.get(key)!;
    const annotation = annotations.forLine(lines.position(first.origin.span.from).line);
    const best = bestContext(candidates, annotation !== undefined);
    // What the code ran (a model, the top level) before what a probe found.
    const row = best
      ? inContext(session, best, annotation, options)
      : loose.has(key)
        ? alongside(session, loose.get(key)!, annotation, options)
        : probed(session, key, probes, annotation, options);
    row.paramsTotal = row.params === null ? null : exactProduct(row.params, row.instances);
    // The Mult-Adds formula of its first call, from the catalog.
    const layer = first.layer;
    const keras = isKeras(session, first) ? session.keras.layerOf(first) : undefined;
    if (!keras && layer?.config !== undefined && row.inputShapes && row.outputShapes) row.formula = (layer.spec as AnyLayerSpec).formula?.(layer.config, row.inputShapes, row.outputShapes) ?? null;
    // A Keras layer is built on its first input: what it is and its formula read its shapes too.
    if (keras && keras.spec !== 'InputLayer' && keras.config !== undefined && row.inputShapes && row.outputShapes) {
      row.description = keras.spec.describe?.(keras.config, row.inputShapes) ?? row.description;
      row.formula = keras.spec.formula?.(keras.config, row.inputShapes, row.outputShapes) ?? null;
    }
    // The mistakes in its arguments, found wherever it was built.
    for (const d of errors) {
      if (d.span.from >= row.span.from && d.span.to <= row.span.to && !row.diagnostics.some((x) => x.message === d.message)) row.diagnostics.push(d);
    }
    rows.push(row);
  }
  return rows.sort((a, b) => a.span.from - b.span.from);
}

/** The model contexts of a line ranked: the best-known input first, then file order; a line's own annotation beats a guess. */
function bestContext(candidates: InModel[], annotated: boolean): InModel | undefined {
  let best: InModel | undefined;
  for (const c of candidates) {
    const rank = INPUT_RANK[c.context.result.inputSource];
    if (annotated && rank < LINE_ANNOTATION_RANK) continue;
    if (!best || rank > INPUT_RANK[best.context.result.inputSource]) best = c;
  }
  return best;
}

/**
 * The modules a run built: its model's tree (a Keras model's layers), and whatever else it built while it ran
 * (a layer it made and dropped, the layers of a block that raised before it was attached).
 */
function nodesOf(session: Session, run: Run): ModuleNode[] {
  const model = run.keras && run.model
    ? session.keras.graph(run.model)?.layers.filter((l) => l.spec !== 'InputLayer').map((l) => l.node) ?? []
    : [...namedModules(moduleNodeOf(run.model)).keys()];
  const mine = new Set(model);
  const rest = run.built ? session.recorder.built.slice(run.built.from, run.built.to).filter((n) => !mine.has(n)) : [];
  return [...model, ...rest];
}

/** A Keras layer's node: one of Keras's classes, or a class the code derives from one (`class StdConv(layers.Conv2D)`). */
const isKeras = (session: Session, n: ModuleNode) => n.instance.cls.qualname.startsWith('keras.') || session.keras.layerOf(n) !== undefined;

/**
 * A line seen in a model: its instances there, every call they got, figures summed over the calls. A layer the
 * model builds but its forward never calls is costed alone, and says so.
 */
function inContext(session: Session, at: InModel, annotation: ReturnType<Annotations['forLine']>, options: SiteOptions): CallResult {
  const { run, result } = at.context;
  const node = at.nodes[0];
  const row = skeleton(session, node);
  row.instances = at.nodes.length;
  row.inputSource = { kind: 'model', model: result.name, input: result.inputSource, shapes: result.input };
  const recorded = run.forward ? between(session.recorder, run.forward.from, run.forward.to) : undefined;
  const nodes = new Set(at.nodes);
  let calls: { figures: Figures; shapes: CallShapes }[];
  if (isContainer(node)) {
    row.params = subtreeParams(namedModules(node).keys());
    const moduleCalls = recorded?.moduleCalls.filter((c) => nodes.has(c.node)) ?? [];
    calls = moduleCalls.map((c) => ({ figures: containerFigures(session, c), shapes: callShapes(c.inputShapes, c.outputShapes) }));
    // A ModuleList or ModuleDict is not called itself: forward calls its modules. Its figures are theirs.
    if (moduleCalls.length === 0 && recorded) {
      const inside = new Set(at.nodes.flatMap((n) => [...namedModules(n).keys()]));
      const work = [...recorded.layers.filter((c) => inside.has(c.node)), ...recorded.functional.filter((f) => f.owner && inside.has(f.owner))];
      row.callCount = recorded.moduleCalls.filter((c) => inside.has(c.node) && c.node !== node && [...node.children.values()].includes(c.node)).length;
      if (work.length === 0) {
        row.unknownReason = `built but never called in ${result.name}: its params count, its costs do not`;
        return row;
      }
      Object.assign(row, sumFigures(work));
      row.memoryAccessBytes = memoryAccessBytes(row.memoryAccessCost, options.dtype);
      return row;
    }
  } else {
    const layerCalls: LayerCall[] = run.keras ? kerasCalls(session, run, nodes) : recorded?.layers.filter((c) => nodes.has(c.node)) ?? [];
    calls = layerCalls.map((c) => ({ figures: c, shapes: { inputs: c.inputShapes, outputs: c.outputShapes } }));
    if (run.keras) {
      const k = session.keras.layerOf(node);
      const weights = k && session.keras.weightsNow(k, run.model);
      row.params = weights?.trainable ?? null;
      if (weights?.nonTrainable) row.nonTrainable = weights.nonTrainable;
    }
  }
  row.callCount = calls.length;
  // Called, but no call gave figures: it rejected its input (the error is at the call) or the input was not known.
  const tried = calls.length === 0 && !run.keras ? recorded?.moduleCalls.filter((c) => nodes.has(c.node)) ?? [] : [];
  if (tried.length > 0) {
    const shapes = tried[0].inputShapes;
    const why = shapes.every((s) => s) ? `it rejects its input ${shapes.map((s) => s!.join('×')).join(', ')}` : 'its input\'s shape is not known';
    row.unknownReason = `called in ${result.name}, where ${why}: its costs are not known`;
    return row;
  }
  // A Keras layer the model's graph calls that gave no figures: not known itself (an argument the data decides, said
  // at its line), or on an input whose shape is not known.
  const inGraph = run.keras && run.model ? session.keras.layerOf(node) : undefined;
  if (calls.length === 0 && inGraph && session.keras.graph(run.model as InstanceValue)?.layers.includes(inGraph)) {
    row.unknownReason = `called in ${result.name}, where ${inGraph.config === undefined ? 'the layer is not known statically' : 'its input\'s shape is not known'}: its figures are not known`;
    return row;
  }
  if (calls.length === 0) {
    const alone = withAlone(session, row, node, annotation, options);
    alone.instances = at.nodes.length;
    const where = run.model ? `built in ${result.name}, whose forward never calls it` : `built while ${result.name} ran, which stopped before it built a model`;
    alone.unknownReason = `${where}${alone.outputShape ? ': the figures are the layer alone' : ''}${alone.unknownReason ? `; ${alone.unknownReason}` : ''}`;
    return alone;
  }
  Object.assign(row, sumFigures(calls.map((c) => c.figures)));
  row.memoryAccessBytes = memoryAccessBytes(row.memoryAccessCost, options.dtype);
  row.calls = calls.map((c) => c.shapes);
  row.inputShapes = row.calls[0].inputs;
  row.inputShape = row.inputShapes[0] ?? null;
  row.outputShapes = row.calls[0].outputs;
  row.outputShape = row.outputShapes[0] ?? null;
  if (row.multAdds === null && row.unknownReason === null) row.unknownReason = `some figures are ${TOO_LARGE}`;
  return row;
}

/** What a container's call cost: the layers and operations its forward ran. */
function containerFigures(session: Session, c: ModuleCall): Figures {
  const inside = between(session.recorder, c.from, c.to);
  return sumFigures([...inside.layers, ...inside.functional]);
}

/** A Keras model's calls of these layers (a functional model's were made while it was built). */
function kerasCalls(session: Session, run: Run, nodes: Set<ModuleNode>): LayerCall[] {
  const range = run.forward ?? session.loadMarks!;
  return between(session.recorder, range.from, range.to).layers.filter((c) => nodes.has(c.node));
}

function callShapes(inputs: (number[] | null)[], outputs: (number[] | null)[]): CallShapes {
  return { inputs: inputs.filter((s): s is number[] => s !== null), outputs: outputs.filter((s): s is number[] => s !== null) };
}

/** A line built by the top level (or elsewhere) but run by no model: the layer alone. */
function alongside(session: Session, node: ModuleNode, annotation: ReturnType<Annotations['forLine']>, options: SiteOptions): CallResult {
  const row = skeleton(session, node);
  if (isContainer(node)) {
    row.params = subtreeParams(namedModules(node).keys());
    // einops's Rearrange and Reduce are written in Python like the containers, but hold no layers.
    row.unknownReason = isLayerFreePrelude(node)
      ? `${node.type} computes in its forward, on the shapes a model gives it: its figures show in a model that runs it`
      : `${node.type} is a container: its layers are listed on their own lines`;
    return row;
  }
  return withAlone(session, row, node, annotation, options);
}

/**
 * A line only a probe reached: the layer alone with its arguments as symbols; when the figures need values the
 * enclosing function's parameters have defaults for, the figures for those defaults, said to be assumed.
 */
function probed(session: Session, key: string, probes: ProbeResult, annotation: ReturnType<Annotations['forLine']>, options: SiteOptions): CallResult {
  const node = probes.symbolic.get(key)!;
  const strict = alongside(session, node, annotation, options);
  if (strict.params !== null && strict.multAdds !== null) return strict;
  if (strict.diagnostics.length) return strict;
  const withDefaults = probes.defaults.get(key);
  const defaulted = probes.defaulted.get(probes.owner.get(key) ?? '') ?? new Map();
  if (!withDefaults || defaulted.size === 0) return strict;
  const assuming = alongside(session, withDefaults, annotation, options);
  const gained = (assuming.params !== null && strict.params === null) || (assuming.multAdds !== null && strict.multAdds === null);
  if (!gained || assuming.inputSource === null) return strict;
  // The defaults that mattered: those the strict figures were waiting for.
  const needed = new Set([...(node.layer?.paramsFormula ? S.atomsOf(node.layer.paramsFormula) : []), ...standaloneNeeds(node, annotation, options)]);
  assuming.assumptions = [...defaulted].filter(([name]) => needed.has(name)).map(([name, v]) => `${name} = ${repr(v)} (its default)`);
  if (assuming.assumptions.length === 0) return strict;
  assuming.paramsFormula = strict.paramsFormula;
  return assuming;
}

function standaloneNeeds(node: ModuleNode, annotation: ReturnType<Annotations['forLine']>, options: SiteOptions): string[] {
  return alone(node, annotation, options.inputDefaults).needs;
}

function withAlone(session: Session, row: CallResult, node: ModuleNode, annotation: ReturnType<Annotations['forLine']>, options: SiteOptions): CallResult {
  const a = alone(node, annotation, options.inputDefaults);
  row.inputSource = a.inputSource;
  row.unknownReason = row.unknownReason ?? a.unknownReason;
  if (a.error && annotation) row.diagnostics.push(session.diagnostic('error', a.error, 'shape', node.origin));
  if (!a.outputShapes || !a.inputShapes) return row;
  row.callCount = 1;
  row.inputShapes = a.inputShapes;
  row.inputShape = a.inputShapes[0] ?? null;
  row.outputShapes = a.outputShapes;
  row.outputShape = a.outputShapes[0] ?? null;
  row.calls = [{ inputs: a.inputShapes, outputs: a.outputShapes }];
  Object.assign(row, { multAdds: a.multAdds, flops: a.flops, otherOps: a.otherOps, memoryAccessCost: a.memoryAccessCost });
  row.memoryAccessBytes = memoryAccessBytes(row.memoryAccessCost, options.dtype);
  if (row.params === null && row.unknownReason === null) {
    row.unknownReason = row.paramsFormula ? `params depend on ${S.atomsOf(node.layer!.paramsFormula!).map((x) => `\`${x}\``).join(', ')}` : `params ${TOO_LARGE}`;
  } else if ([row.multAdds, row.otherOps, row.memoryAccessCost].includes(null) && row.unknownReason === null) {
    row.unknownReason = `some figures are ${TOO_LARGE}`;
  }
  return row;
}

const TOO_LARGE = 'too large to count exactly (over 2^53)';
const exactProduct = (a: number, b: number) => (Number.isSafeInteger(a * b) ? a * b : null);

/** A row with what the construction alone says: where, what, its arguments and params. */
function skeleton(session: Session, node: ModuleNode): CallResult {
  const start = session.position(node.origin);
  const end = session.position({ file: node.origin.file, span: { from: node.origin.span.to, to: node.origin.span.to } });
  const keras = isKeras(session, node);
  const layer = node.layer;
  const spec = layer?.spec as AnyLayerSpec | undefined;
  return {
    line: start.line, column: start.column, endLine: end.line, endColumn: end.column, span: node.origin.span, calleeSpan: node.callee ?? node.origin.span,
    type: node.type, qualifiedName: keras ? `keras.layers.${node.type}` : layer ? `torch.nn.${node.type}` : isContainer(node) ? node.instance.cls.qualname ?? `torch.nn.${node.type}` : node.instance.cls.qualname,
    // einops's Rearrange is run like a container but holds no layers: its line gets its own figures, as a layer's does.
    framework: keras ? 'keras' : 'torch', category: isContainer(node) && !isLayerFreePrelude(node) ? 'container' : spec?.category ?? 'module',
    arguments: spec && layer?.args ? argumentViews(spec, layer.args) : [],
    params: layer ? layer.params : null,
    paramsTotal: null,
    paramsFormula: layer?.paramsFormula ? S.format(layer.paramsFormula) : null,
    buffers: spec && layer?.config !== undefined && 'buffers' in spec && spec.buffers ? numberOrNull(spec.buffers(layer.config)) : layer?.config !== undefined ? 0 : null,
    instances: 1, callCount: 0, ...NO_FIGURES, memoryAccessBytes: null,
    inputShape: null, inputShapes: null, outputShape: null, outputShapes: null, calls: [],
    inputSource: null, unknownReason: layer && layer.config === undefined ? 'the call has errors' : null, assumptions: [], diagnostics: [],
    // What the catalog says the layer is, for its arguments (a Keras layer: its spec's topic, and its type).
    notes: keras ? KERAS_LAYERS.get(node.type)?.notes ?? null : spec && layer?.config !== undefined ? topicOf(spec, layer.config) : null,
    // A Keras layer's words need its input (see callResults).
    description: !keras && spec?.describe && layer?.config !== undefined ? spec.describe(layer.config) : node.type,
    formula: null,
    ...layerFacts(layer),
  };
}

const numberOrNull = (x: S.Sym) => (typeof x === 'number' ? x : null);

/** The arguments as the hover shows them: those written, and defaults that matter (device and dtype only when set). */
function argumentViews(spec: AnyLayerSpec, args: Map<string, BoundArg>): ArgumentView[] {
  return spec.signature
    .filter((p) => args.has(p.name) && !((p.name === 'device' || p.name === 'dtype') && args.get(p.name)!.fromDefault))
    .map((p) => {
      const a = args.get(p.name)!;
      const v = a.value;
      if (v.kind === 'opaque') return { name: p.name, value: v.sym ? S.format(v.sym) : v.symbol ?? '?', known: false, fromDefault: a.fromDefault };
      return { name: p.name, value: repr(v), known: true, fromDefault: a.fromDefault };
    });
}

/** Functional operations written in the file (on those lines), each in the best-ranked model that runs it, summed over its calls there. */
export function operationResults(session: Session, contexts: Context[], lines?: { from: number; to: number }): OperationResult[] {
  const byKey = new Map<string, { context: Context; rows: ModelResult['functional'] }>();
  for (const context of contexts) {
    const mine = new Map<string, ModelResult['functional']>();
    for (const f of context.result.functional) {
      if (f.file !== session.file || (lines && (f.line < lines.from || f.line > lines.to))) continue;
      const key = `${f.line}:${f.column}:${f.op}`;
      const list = mine.get(key);
      if (list) list.push(f);
      else mine.set(key, [f]);
    }
    for (const [key, rows] of mine) {
      const seen = byKey.get(key);
      if (!seen || INPUT_RANK[context.result.inputSource] > INPUT_RANK[seen.context.result.inputSource]) byKey.set(key, { context, rows });
    }
  }
  const out: OperationResult[] = [];
  for (const { context, rows } of byKey.values()) {
    const f = rows[0];
    out.push({
      line: f.line, column: f.column, op: f.op, callCount: rows.length, inputShapes: f.inputShapes, outputShape: f.outputShape,
      ...sumFigures(rows), inputSource: { kind: 'model', model: context.result.name, input: context.result.inputSource, shapes: context.result.input } satisfies InputSource,
    });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
