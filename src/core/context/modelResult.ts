/**
 * A model's result from what its run recorded: one row per leaf-layer call and per functional operation, the
 * module tree with each subtree's figures, and totals (modules and functional operations together).
 */
import type { AnyLayerSpec, LayerFacts } from '../values/spec';
import { frozenParams, namedModules, type FunctionalCall, type LayerCall, type ModuleNode, moduleNodeOf } from '../values/moduleTree';
import { between } from '../eval/recorder';
import type { KerasLayer, KerasTensor } from '../eval/kerasTypes';
import type { InstanceValue } from '../values/value';
import { describe } from '../values/value';
import { type Figures, sumFigures, sumParams } from '../values/figures';
import type { ModelLayer, ModelNode, ModelResult, ModelTotals } from '../results';
import type { Run, Session } from '../eval/session';

/** The result of a torch or Keras run. */
export function modelResult(session: Session, run: Run): ModelResult {
  const result: ModelResult = {
    name: run.name, framework: run.keras ? 'keras' : 'torch', definition: run.definition, line: run.line, input: run.input, inputSource: run.inputSource,
    output: run.output, complete: run.complete, totals: { params: null, ...sumFigures([]) }, moduleTotals: sumFigures([]),
    functionalTotals: { count: 0, ...sumFigures([]) }, layers: [], functional: [], uncalled: [], tree: null, diagnostics: run.diagnostics,
  };
  if (run.keras) return kerasModel(session, run, result);
  const root = moduleNodeOf(run.model);
  if (!root) return result;
  // A size the data decides, taken at its bound while forward ran: the costs are bounds (TorchOps.atBound).
  // (A run the call given made counts from its forward; the code's own run has only its call's findings.)
  const forwardFrom = run.forwardFrom ?? 0;
  const found = forwardFrom >= 0 ? run.diagnostics.slice(forwardFrom).filter((d) => d.code === 'at-bound') : [];
  // Where the user reads first: at a line of the analysed file (the call into a package says where inside it).
  const bound = found.find((d) => d.file === session.file) ?? found[0];
  if (bound) result.atBound = { message: bound.message, file: bound.file, line: bound.line };
  // Where the model comes from when not from this file: its class's file, or for one of torch's own classes (a
  // package's builder returning an nn.Sequential) the file that built it.
  const cls = root.instance.cls;
  const from = cls.file ?? root.origin.file;
  if (from && from !== session.file && !from.startsWith('<')) {
    const environment = session.environmentOf(from);
    result.source = { className: cls.name, file: from, ...(environment ? { environment } : {}) };
  }
  const paths = namedModules(root);
  const recorded = run.forward ? between(session.recorder, run.forward.from, run.forward.to) : { layers: [], functional: [], moduleCalls: [] };
  const called = new Set<ModuleNode>();
  for (const c of recorded.layers) {
    const path = paths.get(c.node);
    if (path === undefined) continue;
    called.add(c.node);
    result.layers.push(layerRow(session, c, path));
  }
  for (const f of recorded.functional) {
    const where = session.position(f.site);
    result.functional.push({
      op: f.op, path: f.owner ? paths.get(f.owner) ?? '' : '', line: where.line, column: where.column, file: where.file,
      inputShapes: f.inputShapes, outputShape: f.outputShape, multAdds: f.multAdds, flops: f.flops, otherOps: f.otherOps, memoryAccessCost: f.memoryAccessCost,
      afterLayers: f.layersBefore - run.forward!.from.layers, ...(f.checkpoint ? { checkpoint: f.checkpoint } : {}),
    });
  }
  result.uncalled = [...paths].filter(([n]) => n.native === 'layer' && !called.has(n)).map(([, p]) => p);
  result.tree = subtree(session, root, '', '', new Set(), recorded);
  setTotals(result, subtreeParams(paths.keys()));
  // Parameters the code froze: no gradient, no optimizer state, no weight-gradient FLOPs (src/core/training).
  const frozen = [...paths.keys()].reduce((n, node) => n + frozenParams(node), 0);
  if (frozen > 0) result.totals.frozenParams = frozen;
  return result;
}

/** Params of these modules: their own layers' and the nn.Parameters they hold; null when any is not known. */
export function subtreeParams(nodes: Iterable<ModuleNode>): number | null {
  let params: number | null = 0;
  const all = new Set(nodes);
  for (const node of all) {
    let own = node.layer ? node.layer.params : 0;
    // A tied weight: the layer's own is gone; the shared one counts with its owner when the owner is counted too.
    for (const t of node.tied?.values() ?? []) own = own === null || (t.shared === null && !all.has(t.owner)) ? null : own - t.own + (all.has(t.owner) ? 0 : t.shared ?? 0);
    params = sumParams([params, own, ...node.parameters.values()]);
  }
  return params;
}

/** Totals: modules and functional operations, and each apart. */
export function setTotals(result: ModelResult, params: number | null, nonTrainable?: number): void {
  result.moduleTotals = sumFigures(result.layers);
  result.functionalTotals = { count: result.functional.length, ...sumFigures(result.functional) };
  const both: Figures = sumFigures([result.moduleTotals, result.functionalTotals]);
  const totals: ModelTotals = { params, ...both };
  if (nonTrainable !== undefined) totals.nonTrainable = nonTrainable;
  result.totals = totals;
}

function layerRow(session: Session, c: LayerCall, path: string): ModelLayer {
  const where = session.position(c.node.origin);
  return {
    path, type: c.node.type, category: c.node.layer?.spec?.category ?? 'module', ...layerFacts(c.node.layer),
    line: where.line, column: where.column, file: where.file, callLine: session.position(c.site).line,
    inputShape: c.inputShapes[0], inputShapes: c.inputShapes, outputShape: c.outputShapes[0], outputShapes: c.outputShapes,
    params: c.params, multAdds: c.multAdds, flops: c.flops, otherOps: c.otherOps, memoryAccessCost: c.memoryAccessCost,
    ...frozenOf(c.node), ...(c.checkpoint ? { checkpoint: c.checkpoint } : {}),
  };
}

/** A layer's frozen parameters, when it has any (left out otherwise, as most results have none). */
function frozenOf(node: ModuleNode): { frozenParams?: number } {
  const n = frozenParams(node);
  return n > 0 ? { frozenParams: n } : {};
}

/**
 * The module tree with subtree figures (its layer calls and the functional operations its forwards made); a module
 * shared in two places is counted where first met.
 */
function subtree(session: Session, node: ModuleNode, name: string, path: string, seen: Set<ModuleNode>, calls: { layers: LayerCall[]; functional: FunctionalCall[] }): ModelNode {
  seen.add(node);
  const where = session.position(node.origin);
  const own = calls.layers.filter((c) => c.node === node);
  const children: ModelNode[] = [];
  for (const [childName, child] of node.children) {
    if (!seen.has(child)) children.push(subtree(session, child, childName, path ? `${path}.${childName}` : childName, seen, calls));
  }
  const figures = sumFigures([...own, ...calls.functional.filter((f) => f.owner === node), ...children]);
  const ownParams = subtreeParams([node]);
  const params = sumParams([ownParams, ...children.map((c) => c.params)]);
  return { name, path, type: node.type, file: where.file, line: where.line, params, ...figures, calls: own.length + children.reduce((a, c) => a + c.calls, 0), children };
}

/** What the guideline checks read of a layer (kernel and groups), as its catalog spec says. */
export function layerFacts(layer: ModuleNode['layer']): LayerFacts {
  return (layer?.config !== undefined && (layer.spec as AnyLayerSpec).facts?.(layer.config)) || {};
}

/**
 * A Keras model: its layers in model.summary()'s order (InputLayer rows first), params as trainable and
 * non-trainable. Functional and Sequential models know their graph once built; a subclassed one ran forward.
 */
function kerasModel(session: Session, run: Run, result: ModelResult): ModelResult {
  const keras = session.keras;
  const model = run.model as InstanceValue;
  const graph = keras.graph(model);
  if (!graph) {
    result.diagnostics.push(session.diagnostic('error', 'this Keras model has no known inputs and outputs', 'not-a-model', session.lineStart(run.line)));
    result.complete = false;
    return result;
  }
  if (graph.inputs.every((t) => t.shape)) result.input = graph.inputs.map((t) => t.shape!);
  // A None length taken as one (keras.ts NONE_LENGTH): the input is a guess, as a default input is.
  if (graph.inputs.some((t) => (t as KerasTensor).guessed)) result.inputSource = 'length';
  // An output that is not a tensor (a layer that failed before it) would leave its branch out, silently.
  for (const v of graph.dropped) {
    // Said where the value stopped being known when that is in this file (never at line 1 for want of a place).
    const where = v.kind === 'opaque' && v.origin?.file === session.file ? v.origin : graph.inputs.find((t) => t.origin?.file === session.file)?.origin;
    result.diagnostics.push(session.diagnostic('warning', `an output of this model is not known statically (${describe(v)}): its branch is left out`, 'unknown-output', where ?? session.lineStart(run.line)));
  }
  const members = new Map<ModuleNode, KerasLayer>(graph.layers.map((l) => [l.node, l]));
  // Each layer's weights as they stand now (a nested model's walk its inner graph), once: the totals and rows read them.
  const weightsNow = new Map(graph.layers.map((l) => [l, keras.weightsNow(l, model)]));
  const now = (l: KerasLayer) => weightsNow.get(l);
  // A layer of the graph never built (not known, or on an input of a shape not known), or an output the graph does
  // not lead back from (a layer that failed, a value not known): the model's params are not known.
  const cut = graph.dropped.length > 0 || graph.outputs.some((o) => !(o as KerasTensor).keras);
  const weights = graph.layers.map((l) => (l.spec === 'InputLayer' ? { trainable: 0, nonTrainable: 0 } : now(l)));
  const trainable = cut ? null : sumParams(weights.map((w) => w?.trainable ?? null));
  const nonTrainable = cut ? null : sumParams(weights.map((w) => w?.nonTrainable ?? null));
  // InputLayer rows first, as model.summary() lists them (a Sequential's summary has none), then the layer calls
  // in execution order.
  const sequential = model.attrs.has('__keras_layers__');
  for (const l of graph.layers) {
    if (l.spec !== 'InputLayer' || sequential) continue;
    const where = session.position(l.node.origin);
    const shape = graph.inputs.find((x) => (x as { keras?: { layer: unknown } }).keras?.layer === l)?.shape ?? [];
    result.layers.push({
      path: l.name, type: 'InputLayer', category: 'input', line: where.line, column: where.column, file: where.file, callLine: where.line,
      inputShape: [], inputShapes: [], outputShape: shape, outputShapes: [shape], params: 0, multAdds: 0, flops: 0, otherOps: 0, memoryAccessCost: 0,
    });
  }
  const range = run.forward ?? session.loadMarks!;
  const listed = new Set<ModuleNode>();
  for (const c of between(session.recorder, range.from, range.to).layers) {
    const layer = members.get(c.node);
    if (!layer) continue;
    const first = !listed.has(c.node);
    listed.add(c.node);
    const row = { ...layerRow(session, c, layer.name), ...kerasFacts(layer.config) };
    row.category = typeof layer.spec === 'string' ? 'input' : layer.spec.category;
    const weights = now(layer);
    if (weights && weights !== layer.weights) row.params = first ? weights.trainable : 0;
    if (first && weights?.nonTrainable) row.nonTrainable = weights.nonTrainable;
    result.layers.push(row);
  }
  setTotals(result, trainable, nonTrainable ?? undefined);
  result.output = graph.outputs.every((o) => o.shape) ? graph.outputs.map((o) => o.shape!) : null;
  // A Dense on a 4-D tensor that gives the model's output is a head without its Flatten or pooling; inside a model
  // (MobileViT's per-patch MLP, a squeeze-excitation on keepdims pooling) it is meant.
  for (const o of graph.outputs as KerasTensor[]) {
    const input = o.keras?.inputs[0]?.shape;
    if (o.keras?.layer.spec === 'InputLayer' || o.keras?.layer.spec.name !== 'Dense' || input?.length !== 4 || !o.shape || !o.origin) continue;
    result.diagnostics.push(session.diagnostic('warning', `Dense on a 4-D input ${input.slice(1).join('×')} acts on its last axis only (output ${o.shape.slice(1).join('×')}); was a Flatten or a global pooling forgotten?`, 'keras-dense-4d', o.origin));
  }
  // An output whose shape is not known, and nothing said why on the model (a layer that refused the length taken
  // for a None, a note at its line): the model is incomplete, and says so, never silently.
  if (result.output === null && !graph.dropped.length && !result.diagnostics.some((d) => d.severity !== 'info')) {
    result.diagnostics.push(session.diagnostic('warning', 'the shape of this model\'s output is not known statically: a layer on its path did not take its input (a note at that layer says why)', 'unknown-output', session.lineStart(run.line)));
  }
  result.complete = run.complete && result.output !== null && !graph.dropped.length && !result.diagnostics.some((d) => d.severity === 'error');
  return result;
}

/**
 * What a Keras layer's config says that other tools' rules read (src/core/tools): its fused activation, bias, pool
 * window and data format. The Keras specs name these fields alike.
 */
function kerasFacts(config: unknown): Pick<ModelLayer, 'activation' | 'bias' | 'pool' | 'channelsFirst'> {
  if (typeof config !== 'object' || config === null) return {};
  const c = config as Record<string, unknown>;
  const out: Pick<ModelLayer, 'activation' | 'bias' | 'pool' | 'channelsFirst'> = {};
  if ('activation' in c) out.activation = c.activation === null || c.activation === undefined ? 'linear' : typeof c.activation === 'string' ? c.activation : '?';
  if (typeof c.bias === 'boolean') out.bias = c.bias;
  if (Array.isArray(c.pool) && c.pool.every((x) => typeof x === 'number')) out.pool = c.pool as number[];
  if (c.format === 'channels_first') out.channelsFirst = true;
  return out;
}

const sameFigures = (a: ModelResult, b: ModelResult) =>
  a.complete === b.complete && JSON.stringify([a.totals, a.output, a.layers.map((l) => [l.type, l.params])]) === JSON.stringify([b.totals, b.output, b.layers.map((l) => [l.type, l.params])]);

/**
 * Keras models the file's top level built, each one (a name bound twice, `model = get_model()` then again, keeps
 * both; a Sequential held by a subclass's attribute is there too), in the order built, with its graph and the
 * layer calls the load made. A model is named by the top-level name bound to it, else by its Keras name; its line
 * is the call that built it, when that is in this file, else its first layer's.
 */
export function moduleLevelKerasModels(session: Session): { run: Run; result: ModelResult }[] {
  const out: { run: Run; result: ModelResult }[] = [];
  const keras = session.keras;
  const built = session.kerasModelsAtLoad().flatMap(({ model, site, boundName, notFollowed }) => {
    const graph = keras.graph(model);
    if (!graph) return [];
    const kerasName = model.attrs.get('name');
    const firstLayer = graph.layers.map((l) => session.position(l.node.origin)).find((p) => p.file === session.file);
    const line = site.file === session.file ? session.position(site).line : firstLayer?.line ?? 1;
    return [{ model, site, line, notFollowed, bound: boundName !== undefined, name: boundName ?? (kerasName?.kind === 'str' ? kerasName.value : 'model') }];
  });
  for (const { model, site, line, name, notFollowed } of built) {
    const diagnostics = notFollowed ? [session.diagnostic('warning', `this model is built or changed in ${notFollowed}: its layers are not all known`, 'keras-model-not-followed', site)] : [];
    const run: Run = { name, definition: null, line, input: [], inputSource: 'code', model, keras: true, output: null, diagnostics, complete: !notFollowed };
    const result = modelResult(session, run);
    // The same model built twice by one statement (a factory that builds an encoder again for its shape): once.
    if (out.some((o) => o.run.name === name && o.run.line === line && sameFigures(o.result, result))) continue;
    out.push({ run, result });
  }
  // Two models of one name (a name bound twice): the one bound keeps it, the line tells the others apart.
  const boundNames = new Map(built.filter((b) => b.bound).map((b) => [b.model, b.name]));
  for (const o of out) {
    if (out.filter((x) => x.run.name === o.run.name).length < 2 || boundNames.get(o.run.model as InstanceValue) === o.run.name) continue;
    o.run.name = o.result.name = `${o.run.name} (line ${o.run.line})`;
  }
  return out;
}
