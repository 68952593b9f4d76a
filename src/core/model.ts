/**
 * Whole-model evaluation: build nn.Module classes and model factories from source with the abstract
 * interpreter, run forward over abstract tensors, and total params and costs, statically, as PyTorch counts.
 */
import { parsePython } from './python/parse';
import { LineIndex } from './python/lines';
import type { FunctionDef } from './python/ast';
import { BudgetExceeded, type EvalReport, type Frame, PyRaise, misplacedSignal } from './eval/interpreter';
import { type FileSystem, ModelHost, parseCached } from './eval/host';
import { RScope } from './eval/scope';
import { namedModules, type ModuleNode } from './eval/moduleTree';
import { type Recorder, newRecorder } from './eval/recorder';
import type { Origin, RValue, TensorValue } from './eval/runtime';
import { parseDirective } from './annotations';

export type { FileSystem };

export interface ModelOptions {
  /** A call expression evaluated in the file's module context, e.g. `resnet50()`. */
  call?: string;
  /** Forward inputs (batch first). Default: one image at the configured size. */
  inputs?: { shape: number[]; dtype: string }[];
  defaultInput?: number[];
  /** Milliseconds for each model. */
  timeBudgetMs?: number;
  maxSteps?: number;
}

export interface ModelDiagnostic {
  severity: 'error' | 'warning' | 'info';
  message: string;
  file: string;
  line: number;
  column: number;
  /** Where the range ends (the whole call or expression). */
  endLine?: number;
  endColumn?: number;
  code: string;
  /** Places that explain it: the layer's definition, where its input was produced. */
  related?: { file: string; line: number; column: number; message: string }[];
}

export interface ModelLayer {
  path: string;
  type: string;
  /** The catalog category: conv, linear, norm, activation… */
  category: string;
  /** Convolutions: kernel size per spatial dimension and groups (what guideline checks read). */
  kernel?: number[];
  groups?: number;
  /** 1-based line where the module was constructed (in `file`). */
  line: number;
  file: string;
  /** 1-based line of the call in forward. */
  callLine: number;
  inputShape: number[];
  inputShapes: number[][];
  outputShape: number[];
  outputShapes: number[][];
  params: number;
  multAdds: number;
  flops: number;
  otherOps: number;
  memoryAccessCost: number;
  /** Keras: the layer's non-trainable weights (on its first call), which model.summary() adds to its Param #. */
  nonTrainable?: number;
}

export interface FunctionalRow {
  /** `add`, `F.relu`, `cat`, `view`… */
  op: string;
  /** 1-based line of the operation in `file`. */
  line: number;
  file: string;
  inputShapes: number[][];
  outputShape: number[];
  multAdds: number;
  otherOps: number;
  memoryAccessCost: number;
}

export interface ModelTotals {
  /** Learnable params. For Keras, the trainable weights; `nonTrainable` holds the rest of model.summary()'s total. */
  params: number | null;
  /** Keras only: weights that are not trained (BatchNormalization's moving mean and variance). */
  nonTrainable?: number;
  multAdds: number;
  flops: number;
  otherOps: number;
  memoryAccessCost: number;
}

/** One module of the built model, with the totals of its subtree. */
export interface ModelNode {
  name: string;
  path: string;
  type: string;
  file: string;
  /** 1-based line where it was constructed. */
  line: number;
  params: number | null;
  multAdds: number;
  flops: number;
  otherOps: number;
  memoryAccessCost: number;
  /** How many times it (or, for a container, its layers) ran in forward. */
  calls: number;
  children: ModelNode[];
}

export interface ModelResult {
  name: string;
  framework?: 'torch' | 'keras';
  line: number;
  input: number[][];
  /** Where the input came from: --input, an annotation, the default image, or the first layer's expectation. */
  /** `code`: a Keras model's own Input (functional and Sequential models fix their input shape). */
  inputSource: 'option' | 'annotation' | 'default' | 'inferred' | 'code';
  output: number[][] | null;
  complete: boolean;
  totals: ModelTotals;
  /** Functional operations in forward (F.*, torch.*, +, view…), kept apart from the layer totals. */
  functionalTotals: { count: number; multAdds: number; otherOps: number; memoryAccessCost: number };
  layers: ModelLayer[];
  /** Each functional operation in forward, in execution order (the rows behind functionalTotals). */
  functional: FunctionalRow[];
  /** Modules built but never called: their params count, their costs do not. */
  uncalled: string[];
  /** The module tree, each node with its subtree's figures. */
  tree: ModelNode | null;
  diagnostics: ModelDiagnostic[];
}

const DEFAULT_TIME_MS = 5_000;
const DEFAULT_STEPS = 5_000_000;

type ModelsResult = { models: ModelResult[]; diagnostics: ModelDiagnostic[] };

/** Evaluate `options.call`, or every class and factory in `file` that can be built without arguments. */
export function evaluateModels(file: string, fs: FileSystem, options: ModelOptions = {}): ModelsResult {
  const steps = evaluateModelsStepwise(file, fs, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same, one model at a time: the generator yields after loading the file and after each model, so that
 * an editor can run other work (a hover, a CodeLens) in between and drop the run when the document changes.
 */
export function* evaluateModelsStepwise(file: string, fs: FileSystem, options: ModelOptions = {}): Generator<void, ModelsResult, void> {
  const text = fs.read(file);
  if (text === undefined) return { models: [], diagnostics: [] };
  const fileDiagnostics: ModelDiagnostic[] = [];
  const session = new Session(fs, file, options, fileDiagnostics);
  const mod = session.loadEntry();
  if (!mod) return { models: [], diagnostics: fileDiagnostics };
  const fromCode = session.inputsFromCode();
  if (options.call) return { models: [evaluateCall(session, mod, file, text, options.call, fromCode)], diagnostics: fileDiagnostics };
  yield;
  // Keras models built by the module's own code (`model = keras.Sequential([...])` in a script).
  const models: ModelResult[] = session.moduleLevelKerasModels(mod);
  for (const candidate of buildableWithoutArguments(file, text)) {
    // A module whose forward takes more tensors than we would give it (a loss) needs an annotation to run.
    const code = fromCode.get(candidate.name);
    const given = options.inputs?.length ?? candidate.input?.length ?? code?.length ?? 1;
    if ((candidate.forwardInputs ?? 1) > given) continue;
    const r = session.evaluateWithInput(`${candidate.name}()`, mod, candidate.line, candidate.input, true, code);
    if (r) models.push(r);
    yield;
  }
  return { models, diagnostics: fileDiagnostics };
}

/** One call (`TinyResNet()`, `resnet50(width=2)`) in a loaded module, on its class's annotated or code input. */
function evaluateCall(session: Session, mod: import('./eval/runtime').ModuleValue, file: string, text: string, call: string, fromCode: Map<string, number[][]>): ModelResult {
  const name = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(call)?.[1];
  const c = name ? buildableWithoutArguments(file, text).find((x) => x.name === name) : undefined;
  return session.evaluateWithInput(call, mod, c?.line ?? 1, c?.input, false, name ? fromCode.get(name) : undefined)!;
}

/**
 * One version of a file, its models evaluated on demand in one session: the module runs once, then each call
 * builds and runs its model. An editor asks for models one at a time (a CodeLens each); this keeps that at one
 * run of the module per version instead of one per model.
 */
export class ModelBatch {
  private readonly session: Session;
  private readonly text: string | undefined;
  private readonly mod: import('./eval/runtime').ModuleValue | undefined;
  private readonly fromCode: Map<string, number[][]>;
  /** Problems met while loading the file. */
  readonly diagnostics: ModelDiagnostic[] = [];

  constructor(private readonly file: string, fs: FileSystem, options: Omit<ModelOptions, 'call'> = {}) {
    this.text = fs.read(file);
    this.session = new Session(fs, file, options, this.diagnostics);
    this.mod = this.text === undefined ? undefined : this.session.loadEntry();
    this.fromCode = this.mod ? this.session.inputsFromCode() : new Map();
  }

  /** The model `call` builds, as evaluateModels(file, fs, { call }) gives it; undefined when the file cannot load. */
  evaluate(call: string): ModelResult | undefined {
    return this.mod && this.text !== undefined ? evaluateCall(this.session, this.mod, this.file, this.text, call, this.fromCode) : undefined;
  }
}

interface Candidate {
  name: string;
  line: number;
  /** Tensors its forward requires (classes only): a loss taking (logits, targets) needs two. */
  forwardInputs?: number;
  /** The model input annotated above the class, its forward, or the factory. */
  input?: number[][];
}

/** Top-level classes and functions whose parameters all have defaults: candidates to build. */
function buildableWithoutArguments(file: string, text: string): Candidate[] {
  const module = parseCached(file, text);
  const lines = new LineIndex(text);
  const out: Candidate[] = [];
  const noArgs = (params: FunctionDef['params']) => params.every((p) => p.default || p.kind === 'varargs' || p.kind === 'varkw');
  for (const s of module.body) {
    if (s.kind === 'ClassDef') {
      const init = s.body.find((b): b is FunctionDef => b.kind === 'FunctionDef' && b.name === '__init__');
      const forward = s.body.find((b): b is FunctionDef => b.kind === 'FunctionDef' && b.name === 'forward');
      if (init && !noArgs(init.params.slice(1))) continue;
      const line = lines.position(s.span.from).line;
      const forwardInputs = forward ? forward.params.slice(1).filter((p) => p.kind === 'normal' && !p.default).length : undefined;
      out.push({ name: s.name, line, forwardInputs, input: annotatedAbove(lines, line) ?? (forward ? annotatedAbove(lines, lines.position(forward.span.from).line) : undefined) });
    } else if (s.kind === 'FunctionDef' && !s.name.startsWith('_') && noArgs(s.params)) {
      const line = lines.position(s.span.from).line;
      out.push({ name: s.name, line, input: annotatedAbove(lines, line) });
    }
  }
  return out;
}

/** `# layer-lens: input …` on the comment lines right above a line (decorators skipped). */
function annotatedAbove(lines: LineIndex, line: number): number[][] | undefined {
  for (let l = line - 1; l >= 1; l--) {
    const t = lines.lineText(l).trim();
    if (t.startsWith('@')) continue;
    if (!t.startsWith('#')) return undefined;
    const m = /#\s*layer-lens\s*:\s*(.*)$/i.exec(t);
    if (m) {
      const d = parseDirective(m[1].trim());
      return typeof d === 'string' ? undefined : d.shapes;
    }
  }
  return undefined;
}

class Session {
  private host!: ModelHost;
  private recorder!: Recorder;
  private readonly lineIndexes = new Map<string, LineIndex>();
  private complete = true;

  constructor(private readonly fs: FileSystem, private readonly file: string, private readonly options: ModelOptions, private readonly fileDiagnostics: ModelDiagnostic[]) {}

  private position(o: Origin): { file: string; line: number; column: number } {
    let idx = this.lineIndexes.get(o.file);
    if (!idx) {
      const text = this.host.files.get(o.file) ?? this.fs.read(o.file) ?? '';
      idx = new LineIndex(text);
      this.lineIndexes.set(o.file, idx);
    }
    return { file: o.file, ...idx.position(o.span.from) };
  }

  private report(target: ModelDiagnostic[]): EvalReport {
    return {
      diagnostic: (severity, message, origin, code, related) => {
        if (severity === 'error' || code.startsWith('unknown') || code === 'budget') this.complete = false;
        if (target.length < 200 && !target.some((d) => d.message === message && d.code === code)) {
          const end = this.position({ file: origin.file, span: { from: origin.span.to, to: origin.span.to } });
          target.push({
            severity, message, code, ...this.position(origin), endLine: end.line, endColumn: end.column,
            related: related?.map((r) => ({ message: r.message, ...this.position(r.origin) })),
          });
        }
      },
    };
  }

  loadEntry(): import('./eval/runtime').ModuleValue | undefined {
    this.recorder = newRecorder();
    const budget = { maxSteps: this.options.maxSteps ?? DEFAULT_STEPS, maxDepth: 150, deadline: Date.now() + (this.options.timeBudgetMs ?? DEFAULT_TIME_MS) };
    this.host = new ModelHost(this.fs, this.file, this.report(this.fileDiagnostics), budget, this.recorder);
    try {
      return this.host.load(this.host.entryName);
    } catch (e) {
      const message = e instanceof BudgetExceeded
        ? `loading the file stopped: it took ${e.what}`
        : `Layer Lens failed while loading the file (a bug: please report it): ${describeError(e)}`;
      this.fileDiagnostics.push({ severity: 'warning', message, code: e instanceof BudgetExceeded ? 'budget' : 'internal', file: this.file, line: 1, column: 0 });
      return undefined;
    }
  }

  /**
   * Evaluate with the input given on the command line, else the annotated one, else the default image;
   * when the default does not fit the first layer, once more with the channels that layer expects.
   */
  /** Inputs by precedence: the caller's, the annotation, what the file's own code calls the model with, a default. */
  evaluateWithInput(call: string, mod: import('./eval/runtime').ModuleValue, line: number, annotated: number[][] | undefined, quiet = true, fromCode?: number[][]): ModelResult | undefined {
    if (this.options.inputs) return this.evaluate(call, mod, line, this.options.inputs.map((i) => i.shape), 'option', quiet);
    if (annotated) return this.evaluate(call, mod, line, annotated, 'annotation', quiet);
    if (fromCode) return this.evaluate(call, mod, line, fromCode, 'code', quiet);
    const dflt = this.options.defaultInput ?? [1, 3, 224, 224];
    const first = this.evaluate(call, mod, line, [dflt], 'default', quiet);
    if (!first || first.layers.length > 0) return first;
    const mismatch = first.diagnostics.find((d) => d.code === 'shape');
    const m = mismatch && /expects (\d+) input (channels|features)|expects input_size (\d+)/.exec(mismatch.message);
    if (!m) return first;
    const n = Number(m[1] ?? m[3]);
    const retry = m[2] === 'channels' ? [dflt[0], n, ...dflt.slice(2)] : m[3] ? [8, dflt[0], n] : [dflt[0], n];
    const second = this.evaluate(call, mod, line, [retry], 'inferred', quiet);
    if (!second || second.layers.length === 0) return first;
    second.diagnostics.unshift({ severity: 'info', code: 'inferred-input', message: `input ${retry.join('×')} inferred from the first layer (annotate it: # layer-lens: input ${retry.join('x')})`, file: this.file, line, column: 0 });
    return second;
  }

  /**
   * Input shapes the file's own top-level code calls each class's instances with (`y = model(x)` after
   * `x = torch.randn(8, 3, 224, 224)`), by class: the first such call, when every input's shape is known.
   * Read right after loadEntry, before any model evaluation adds calls of its own.
   */
  inputsFromCode(): Map<string, number[][]> {
    const out = new Map<string, number[][]>();
    for (const c of this.recorder.outerCalls) if (c.site.file === this.file && c.shapes && !out.has(c.instance.cls.name)) out.set(c.instance.cls.name, c.shapes);
    return out;
  }

  /** Build one model from a call expression and run its forward. */
  evaluate(call: string, mod: import('./eval/runtime').ModuleValue, line: number, inputs: number[][], inputSource: ModelResult['inputSource'], quietIfNotModel = false): ModelResult {
    const diagnostics: ModelDiagnostic[] = [];
    this.complete = true;
    const interp = this.host.interp;
    const savedReport = interp.report;
    (interp as { report: EvalReport }).report = this.report(diagnostics);
    interp.steps = 0;
    (interp.budget as { deadline: number }).deadline = Date.now() + (this.options.timeBudgetMs ?? DEFAULT_TIME_MS);
    this.recorder.layers.length = 0;
    this.recorder.functional.length = 0;
    const source = `__layer_lens_model__ = ${call}\n`;
    const callFile = `<call ${call}>`;
    this.host.files.set(callFile, source);
    const { module } = parsePython(source);
    const frame: Frame = { scope: new RScope(mod.scope, 'function'), globals: mod.scope!, file: callFile };
    const dtypes = this.options.inputs?.map((i) => i.dtype) ?? [];
    const result: ModelResult = {
      name: call, line, input: inputs, inputSource, output: null, complete: false,
      totals: { params: null, multAdds: 0, flops: 0, otherOps: 0, memoryAccessCost: 0 },
      functionalTotals: { count: 0, multAdds: 0, otherOps: 0, memoryAccessCost: 0 },
      functional: [], layers: [], uncalled: [], framework: 'torch', tree: null, diagnostics,
    };
    let model: RValue | undefined;
    try {
      interp.execBlock(module.body, frame);
      model = frame.scope.get('__layer_lens_model__');
      if (model && this.host.keras.isModel(model)) {
        (interp as { report: EvalReport }).report = savedReport;
        return this.kerasResult(result, model as import("./eval/runtime").InstanceValue, inputs, inputSource, callFile, source);
      }
      if (!model || model.kind !== 'instance' || !model.module) {
        if (!quietIfNotModel) diagnostics.push({ severity: 'error', message: `\`${call}\` does not build an nn.Module here`, code: 'not-a-model', file: this.file, line, column: 0 });
        (interp as { report: EvalReport }).report = savedReport;
        return quietIfNotModel ? (undefined as unknown as ModelResult) : result;
      }
      const tensors: TensorValue[] = inputs.map((shape, i) => ({
        kind: 'tensor', shape, dtype: dtypes[i] ?? 'float32', origin: { file: callFile, span: { from: 0, to: 0 } },
      }));
      const out = interp.call(model, tensors, new Map(), { file: callFile, span: { from: 0, to: source.length } });
      result.output = outputShapes(out);
    } catch (caught) {
      const e = misplacedSignal(caught, { file: callFile, span: { from: 0, to: 0 } }) ?? caught;
      if (e instanceof PyRaise) {
        diagnostics.push({ severity: 'error', message: `the model raises ${e.message}`, code: 'raises', ...this.position(e.origin) });
        this.complete = false;
      } else if (e instanceof BudgetExceeded) {
        diagnostics.push({ severity: 'warning', message: `evaluation stopped: it took ${e.what}; the figures cover what ran until then`, code: 'budget', file: this.file, line, column: 0 });
        this.complete = false;
      } else {
        // Never thrown at the editor or the CLI: reported, with what was built so far.
        diagnostics.push({ severity: 'warning', message: `Layer Lens failed while evaluating this model (a bug: please report it): ${describeError(e)}`, code: 'internal', file: this.file, line, column: 0 });
        this.complete = false;
      }
    } finally {
      (interp as { report: EvalReport }).report = savedReport;
    }
    if (model && model.kind === 'instance' && model.module) this.fill(result, model.module);
    result.complete = this.complete && result.output !== null;
    return result;
  }

  /**
   * A Keras model: functional and Sequential ones know their graph once built; a subclassed one (or a
   * Sequential without an input shape) runs on the input, channels-last.
   */
  /** Keras models the module's top level assigned to names, each with the layer calls made while loading. */
  moduleLevelKerasModels(mod: import('./eval/runtime').ModuleValue): ModelResult[] {
    const out: ModelResult[] = [];
    const calls = [...this.recorder.layers];
    for (const [name, value] of mod.scope?.entries() ?? []) {
      if (!this.host.keras.isModel(value)) continue;
      const graph = this.host.keras.graph(value as import('./eval/runtime').InstanceValue);
      if (!graph) continue;
      const line = graph.layers.length ? this.position(graph.layers[0].node.origin).line : 1;
      const result: ModelResult = {
        name, line, input: [], inputSource: 'code', output: null, complete: false, framework: 'keras',
        totals: { params: null, multAdds: 0, flops: 0, otherOps: 0, memoryAccessCost: 0 },
        functionalTotals: { count: 0, multAdds: 0, otherOps: 0, memoryAccessCost: 0 }, functional: [], layers: [], uncalled: [], tree: null, diagnostics: [],
      };
      this.complete = true;
      this.recorder.layers.splice(0, this.recorder.layers.length, ...calls);
      out.push(this.kerasResult(result, value as import('./eval/runtime').InstanceValue, [], 'annotation', this.file, ''));
    }
    return out;
  }

  private kerasResult(result: ModelResult, model: import('./eval/runtime').InstanceValue, inputs: number[][], inputSource: ModelResult['inputSource'], callFile: string, source: string): ModelResult {
    const keras = this.host.keras;
    result.framework = 'keras';
    const interp = this.host.interp;
    const savedReport = interp.report;
    (interp as { report: EvalReport }).report = this.report(result.diagnostics);
    try {
      if (keras.graph(model)) result.inputSource = 'code';
      else {
        // Keras is channels-last: the default image 1×3×224×224 becomes 1×224×224×3.
        const shapes = inputSource === 'default' ? inputs.map((s) => (s.length === 4 ? [s[0], s[2], s[3], s[1]] : s)) : inputs;
        const tensors = shapes.map((shape) => interp.call(this.host.modules_('keras.layers').get('Input')!, [], new Map([['shape', { kind: 'tuple', items: shape.slice(1).map((d) => ({ kind: 'int', value: d })) } as RValue]]), { file: callFile, span: { from: 0, to: source.length } }));
        interp.call(model, tensors, new Map(), { file: callFile, span: { from: 0, to: source.length } });
        result.input = shapes;
      }
    } catch (caught) {
      const e = misplacedSignal(caught, { file: callFile, span: { from: 0, to: 0 } }) ?? caught;
      if (e instanceof PyRaise) result.diagnostics.push({ severity: 'error', message: `the model raises ${e.message}`, code: 'raises', ...this.position(e.origin) });
      else if (e instanceof BudgetExceeded) result.diagnostics.push({ severity: 'warning', message: `evaluation stopped: it took ${e.what}`, code: 'budget', file: this.file, line: result.line, column: 0 });
      else throw e;
      this.complete = false;
    } finally {
      (interp as { report: EvalReport }).report = savedReport;
    }
    const graph = keras.graph(model);
    if (!graph) {
      result.diagnostics.push({ severity: 'error', message: 'this Keras model has no known inputs and outputs', code: 'not-a-model', file: this.file, line: result.line, column: 0 });
      return result;
    }
    if (graph.inputs.every((t) => t.shape)) result.input = graph.inputs.map((t) => t.shape!);
    const members = new Set(graph.layers.map((l) => l.node));
    const t = result.totals;
    let trainable = 0;
    let nonTrainable = 0;
    for (const l of graph.layers) {
      trainable += l.weights?.trainable ?? 0;
      nonTrainable += l.weights?.nonTrainable ?? 0;
      if (l.spec === 'InputLayer') {
        const where = this.position(l.node.origin);
        result.layers.push({ path: l.name, type: 'InputLayer', category: 'input', line: where.line, file: where.file, callLine: where.line, inputShape: [], inputShapes: [], outputShape: [], outputShapes: [], params: 0, multAdds: 0, flops: 0, otherOps: 0, memoryAccessCost: 0 });
      }
    }
    const names = new Map(graph.layers.map((l) => [l.node, l.name]));
    const listed = new Set<ModuleNode>();
    for (const c of this.recorder.layers) {
      if (!members.has(c.node)) continue;
      const where = this.position(c.node.origin);
      const layer = graph.layers.find((l) => l.node === c.node)!;
      const first = !listed.has(c.node);
      listed.add(c.node);
      result.layers.push({
        nonTrainable: first && layer.weights?.nonTrainable ? layer.weights.nonTrainable : undefined,
        path: names.get(c.node)!, type: c.node.type, category: typeof layer.spec === 'string' ? 'input' : layer.spec.category, line: where.line, file: where.file,
        callLine: this.position(c.site).line, inputShape: c.inputShapes[0], inputShapes: c.inputShapes, outputShape: c.outputShapes[0], outputShapes: c.outputShapes,
        params: c.params, multAdds: c.multAdds, flops: 2 * c.multAdds, otherOps: c.otherOps, memoryAccessCost: c.memoryAccessCost,
      });
    }
    // InputLayer rows first, as model.summary() lists them, then layer calls in execution order.
    for (const l of graph.layers) if (l.spec === 'InputLayer') {
      const row = result.layers.find((r) => r.path === l.name && r.type === 'InputLayer')!;
      row.outputShape = graph.inputs.find((x) => (x as { keras?: { layer: unknown } }).keras?.layer === l)?.shape ?? [];
      row.outputShapes = [row.outputShape];
    }
    t.params = trainable;
    t.nonTrainable = nonTrainable;
    addLayerCosts(result);
    result.output = graph.outputs.every((o) => o.shape) ? graph.outputs.map((o) => o.shape!) : null;
    result.complete = this.complete && result.output !== null && !result.diagnostics.some((d) => d.severity === 'error');
    return result;
  }

  private fill(result: ModelResult, root: ModuleNode): void {
    const paths = namedModules(root);
    let params: number | null = 0;
    for (const node of paths.keys()) {
      const own = node.layer ? node.layer.params : 0;
      const extra = [...node.parameters.values()];
      if (own === null || extra.some((p) => p === null) || params === null) params = null;
      else params += own + extra.reduce<number>((a, p) => a + (p ?? 0), 0);
    }
    const called = new Set<ModuleNode>();
    for (const c of this.recorder.layers) {
      const path = paths.get(c.node);
      if (path === undefined) continue;
      called.add(c.node);
      const where = this.position(c.node.origin);
      result.layers.push({
        path, type: c.node.type, category: c.node.layer?.spec.category ?? 'module', ...convFacts(c.node.layer?.config), line: where.line, file: where.file, callLine: this.position(c.site).line,
        inputShape: c.inputShapes[0], inputShapes: c.inputShapes, outputShape: c.outputShapes[0], outputShapes: c.outputShapes,
        params: c.params, multAdds: c.multAdds, flops: 2 * c.multAdds, otherOps: c.otherOps, memoryAccessCost: c.memoryAccessCost,
      });
    }
    result.totals.params = params;
    addLayerCosts(result);
    for (const f of this.recorder.functional) {
      result.functionalTotals.count++;
      result.functionalTotals.multAdds += f.multAdds;
      result.functionalTotals.otherOps += f.otherOps;
      result.functionalTotals.memoryAccessCost += f.memoryAccessCost;
      const where = this.position(f.site);
      result.functional.push({ op: f.op, line: where.line, file: where.file, inputShapes: f.inputShapes, outputShape: f.outputShape, multAdds: f.multAdds, otherOps: f.otherOps, memoryAccessCost: f.memoryAccessCost });
    }
    result.uncalled = [...paths].filter(([n]) => n.native === 'layer' && !called.has(n)).map(([, p]) => p);
    result.tree = this.tree(root, '', '', new Set());
  }

  /** The module tree with subtree totals; a module shared in two places is counted where first met. */
  private tree(node: ModuleNode, name: string, path: string, seen: Set<ModuleNode>): ModelNode {
    seen.add(node);
    const where = this.position(node.origin);
    const own = this.recorder.layers.filter((c) => c.node === node);
    const ownParams = node.layer ? node.layer.params : 0;
    const extra = [...node.parameters.values()];
    const out: ModelNode = {
      name, path, type: node.type, file: where.file, line: where.line,
      params: ownParams === null || extra.some((p) => p === null) ? null : ownParams + extra.reduce<number>((a, p) => a + (p ?? 0), 0),
      multAdds: own.reduce((a, c) => a + c.multAdds, 0),
      flops: 0,
      otherOps: own.reduce((a, c) => a + c.otherOps, 0),
      memoryAccessCost: own.reduce((a, c) => a + c.memoryAccessCost, 0),
      calls: own.length,
      children: [],
    };
    for (const [childName, child] of node.children) {
      if (seen.has(child)) continue;
      const c = this.tree(child, childName, path ? `${path}.${childName}` : childName, seen);
      out.children.push(c);
      out.params = out.params === null || c.params === null ? null : out.params + c.params;
      out.multAdds += c.multAdds;
      out.otherOps += c.otherOps;
      out.memoryAccessCost += c.memoryAccessCost;
      out.calls += c.calls;
    }
    out.flops = 2 * out.multAdds;
    return out;
  }
}

/** The model's cost totals: the sum over its layer calls. */
function addLayerCosts(result: ModelResult): void {
  const t = result.totals;
  for (const l of result.layers) {
    t.multAdds += l.multAdds;
    t.otherOps += l.otherOps;
    t.memoryAccessCost += l.memoryAccessCost;
  }
  t.flops = 2 * t.multAdds;
}

/** Kernel and groups of a convolution's config, when both are known numbers. */
function convFacts(config: unknown): { kernel?: number[]; groups?: number } {
  const c = config as { kernel?: unknown; groups?: unknown } | undefined;
  if (!c || !Array.isArray(c.kernel) || typeof c.groups !== 'number' || !c.kernel.every((k) => typeof k === 'number')) return {};
  return { kernel: c.kernel as number[], groups: c.groups };
}

function describeError(e: unknown): string {
  const err = e as Error | undefined;
  return `${err?.constructor?.name ?? 'error'}: ${String(err?.message ?? e).slice(0, 200)}${err?.stack ? ` at ${err.stack.split('\n')[1]?.trim() ?? ''}` : ''}`;
}

function outputShapes(v: RValue): number[][] | null {
  if (v.kind === 'tensor') return v.shape ? [v.shape] : null;
  if (v.kind === 'tuple' || v.kind === 'list') {
    const parts = v.items.map(outputShapes);
    return parts.every((p) => p !== null) ? parts.flat() as number[][] : null;
  }
  if (v.kind === 'dict') {
    const parts = [...v.entries.values()].map(([, x]) => outputShapes(x));
    return parts.every((p) => p !== null) ? parts.flat() as number[][] : null;
  }
  return null;
}

