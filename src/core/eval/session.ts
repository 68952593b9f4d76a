/**
 * The run API: the one way the contexts (../context) drive the evaluator. One version of a file in the abstract
 * interpreter: its module runs once (as a script, so the code's own `model(x)` calls run too), then models are
 * built and run in it one at a time, and the functions no model ran are probed. Everything a run records stays
 * in one recorder; a Run says which part of it is a model's forward. What the contexts read back is records
 * (./recorder.ts, ./kerasTypes.ts, the Run) and the facts a framework adapter gives about them (`keras`); the
 * interpreter and its host stay inside.
 */
import type { FunctionDef, Module, Stmt } from '../python/ast';
import { parsePython } from '../python/parse';
import { LineIndex } from '../python/lines';
import { BudgetExceeded, PyRaise, misplacedSignal } from './interpreter';
import { type ProbeResult, probeFunctions } from './probe';
import type { KerasFacts } from './kerasTypes';
import type { PythonEnvironment } from '../environments';
import { describe } from '../values/value';
import type { EvalReport, Frame } from './evaluator';
import { budgetStopMessage, describeError } from './signals';
import { type FileSystem, ModelHost } from './host';
import { metered } from './signals';
import { RScope } from '../values/value';
import { type Marks, type OuterCall, type Recorder, marks, newRecorder } from './recorder';
import { type CallSite, type InstanceValue, type ModuleValue, NONE, type Origin, type RValue, type TensorValue, TORCH_PRELUDE_FILE } from '../values/value';
import type { InputDefaults } from '../values/spec';
import type { Diagnostic, ModelInputSource, Severity } from '../values/diagnostic';
import { moduleNodeOf } from '../values/moduleTree';

export type { FileSystem };
export { describeError };

export interface SessionOptions {
  /** Forward inputs given by the user (batch first): --input, the panel, a budget. */
  inputs?: { shape: number[]; dtype: string }[];
  /** The image a model is run on when nothing better is known (default 1×3×224×224). */
  defaultInput?: number[];
  /** What a layer line alone is run on when nothing better is known. */
  inputDefaults?: InputDefaults;
  /** Element type for MAC in bytes. */
  dtype?: string;
  /** Milliseconds for each model. */
  timeBudgetMs?: number;
  /** Milliseconds for the whole request: the file's load, every model and every probe (default 8 s). */
  requestBudgetMs?: number;
  maxSteps?: number;
  /** The analysed file's statements to run, when not all of them (see ModelHost). */
  entryModule?: Module;
  /** Told of a function probed for longer than a moment (../engine.ts names it if it has to stop there). */
  onEvaluate?: (place: { offset: number; name: string }) => void;
}

/** A probe announced only once it has run this long: most take microseconds, and thousands of messages would cost more. */
const ANNOUNCE_AFTER_MS = 20;

/** Where a model comes from in the file analysed: its class or factory, and the offset of its definition. */
export interface ModelPlace {
  definition: string | null;
  line: number;
  offset: number;
}

/** A model built and run: which part of the recorder is its forward, and what was said about it. */
export interface Run {
  name: string;
  /** The class or factory it comes from, in the file analysed. */
  definition: string | null;
  line: number;
  input: number[][];
  inputSource: ModelInputSource;
  /** A torch model (an nn.Module instance), or a Keras model. */
  model?: InstanceValue;
  keras?: boolean;
  /** What its forward recorded (for Keras models built at load, what the load recorded). */
  forward?: { from: Marks; to: Marks };
  /** The modules built while it was made (indices in the recorder's `built`): its layers even when it raised before it was whole. */
  built?: { from: number; to: number };
  output: number[][] | null;
  diagnostics: Diagnostic[];
  complete: boolean;
  /** Where in `diagnostics` forward began (-1: it did not): what came before is about building the model. */
  forwardFrom?: number;
  /** A candidate that builds no model (an Enum, a config) or raised before building one: no model to show. */
  notAModel?: boolean;
}

/** A model the file's own code built and called (`model = Net(); y = model(x)`). */
export interface CodeRun {
  call: OuterCall;
  /** Its index among the recorder's outer calls (see Session.loadOwners). */
  index: number;
  /** The construction as written (`Net(num_classes=100)`). */
  name: string;
  place: ModelPlace;
}

const DEFAULT_TIME_MS = 5_000;
const seconds = (ms: number) => String(Math.round(ms / 100) / 10);
const DEFAULT_REQUEST_MS = 8_000;
const DEFAULT_STEPS = 5_000_000;
/** The diagnostics one model keeps: enough to act on, bounded for hostile code. */
const MAX_DIAGNOSTICS = 200;

export class Session {
  readonly recorder: Recorder = newRecorder();
  private readonly host: ModelHost;
  /** Problems met while loading the file (its top level, and its own `model(x)` calls). */
  readonly loadDiagnostics: Diagnostic[] = [];
  /** For each load diagnostic, the code run (index in recorder.outerCalls) whose forward made it, or -1. */
  readonly loadOwners: number[] = [];
  /** For each load diagnostic, where the outermost object being built then was built (`file:offset`), if one was. */
  readonly loadBuilders: (string | undefined)[] = [];
  /**
   * The load diagnostics an installed package's import made (a module torchvision imports only when a forward first
   * needs it): what it left unknown there makes no model incomplete (see reporter).
   */
  readonly loadAtImport = new Set<Diagnostic>();
  /** The loaded module, once `load` succeeded. */
  module?: ModuleValue;
  /** What the load recorded. */
  loadMarks?: { from: Marks; to: Marks };
  /** How many module calls outside any forward the load made (the code's own runs). */
  private loadOuterCalls = 0;
  /** How many Keras models the load built (the rest were built by evaluating candidates). */
  private loadKerasModels = 0;
  private readonly lineIndexes = new Map<string, LineIndex>();
  /** Cleared when a diagnostic makes the current run incomplete. */
  private complete = true;

  /**
   * Evaluation time this file has spent: its load, every model and every probe share one budget (requestBudgetMs),
   * besides each model's own. Thirty factories that each spin for their own budget would otherwise keep the editor
   * waiting thirty times. Only time spent evaluating counts, not the time between requests.
   */
  private spentMs = 0;

  /** Whether the request's evaluation budget is spent. */
  get exhausted(): boolean {
    return this.spentMs >= (this.options.requestBudgetMs ?? DEFAULT_REQUEST_MS);
  }

  /** The request's budget in seconds, for messages. */
  get requestSeconds(): string {
    return seconds(this.options.requestBudgetMs ?? DEFAULT_REQUEST_MS);
  }

  /** A deadline `ms` from now, within what is left of the request's budget. */
  deadline(ms: number): number {
    return Date.now() + Math.max(0, Math.min(ms, (this.options.requestBudgetMs ?? DEFAULT_REQUEST_MS) - this.spentMs));
  }

  /** The interpreter's deadline for a piece of work of `ms` (`what`: an evaluation, a probe), and its words. */
  limitTime(ms: number, what: string): void {
    const request = this.options.requestBudgetMs ?? DEFAULT_REQUEST_MS;
    const budget = this.interp.budget;
    budget.deadline = this.deadline(ms);
    budget.timeText = ms <= request - this.spentMs ? `the ${seconds(ms)} s ${what} gets` : `the ${seconds(request)} s the whole file's evaluation gets`;
  }

  /** Runs `work`, counting its time against the request's budget. */
  spend<T>(work: () => T): T {
    const start = Date.now();
    // What the work builds is charged to this session's interpreter; the meter is put back after, so that it never
    // keeps the interpreter, and all it made, alive once the work is done.
    const before = metered(this.interp);
    try {
      return work();
    } finally {
      this.spentMs += Date.now() - start;
      metered(before);
    }
  }

  /** The function being probed, told to options.onEvaluate once it has run ANNOUNCE_AFTER_MS. */
  private probing?: { name: string; offset: number; since: number; told: boolean };

  /** A function's probe starts (see `probing`). */
  announce(name: string, offset: number): void {
    this.probing = this.options.onEvaluate && { name, offset, since: Date.now(), told: false };
  }

  constructor(private readonly fs: FileSystem, readonly file: string, readonly options: SessionOptions = {}) {
    const budget = {
      maxSteps: options.maxSteps ?? DEFAULT_STEPS, maxDepth: 150, deadline: this.deadline(options.timeBudgetMs ?? DEFAULT_TIME_MS),
      timeText: `the ${seconds(Math.min(options.timeBudgetMs ?? DEFAULT_TIME_MS, options.requestBudgetMs ?? DEFAULT_REQUEST_MS))} s an evaluation gets`,
      onClock: options.onEvaluate && (() => {
        const p = this.probing;
        if (p && !p.told && Date.now() - p.since > ANNOUNCE_AFTER_MS) {
          p.told = true;
          options.onEvaluate!({ offset: p.offset, name: p.name });
        }
      }),
    };
    // While the file loads, a finding made inside a forward belongs to the code's own model call running it.
    this.host = new ModelHost(fs, file, this.reporter(this.loadDiagnostics, () => {
      this.loadOwners.push(this.recorder.inForward > 0 ? this.recorder.outerCalls.length : -1);
      const building = this.interp.constructing;
      this.loadBuilders.push(building ? `${building.file}:${building.span.from}` : undefined);
      if (this.host.libraryLoads > 0) this.loadAtImport.add(this.loadDiagnostics[this.loadDiagnostics.length - 1]);
    }), budget, this.recorder, options.entryModule);
  }

  private get interp() {
    return this.host.interp;
  }

  /** The Keras adapter's answers about what runs recorded: a model's graph, a node's layer, a layer's weights now. */
  get keras(): KerasFacts {
    return this.host.keras;
  }

  /** The Python environment an installed file is read from, if it is one's. */
  environmentOf(file: string): PythonEnvironment | undefined {
    return this.host.environmentOf(file);
  }

  /** torch's surface as this engine evaluates it (../context/surface.ts). */
  surface(): Record<string, string[]> {
    return this.host.surface();
  }

  /**
   * Probe the file's functions that no model ran (./probe.ts): `only` those, symbolically; else those not `done`
   * (which they join), `within` a range of offsets when given.
   */
  probe(body: Stmt[], text: string, only?: Set<FunctionDef>, done?: Set<FunctionDef>, within?: { from: number; to: number }): ProbeResult {
    return probeFunctions({ session: this, interp: this.interp, bare: (cls, site) => this.host.nn.bare(cls, site) }, body, text, only, done, within);
  }

  /**
   * The Keras models the file's top level built, in the order built: each with the top-level name bound to it, and
   * whether it was built or changed in code that was not followed (a loop stopped for its budget, a branch on a
   * value not known), when it was.
   */
  kerasModelsAtLoad(): { model: InstanceValue; site: CallSite; boundName?: string; notFollowed?: string }[] {
    const keras = this.host.keras;
    const bound = new Map<unknown, string>();
    for (const [name, value] of this.module?.scope?.entries() ?? []) if (keras.isModel(value) && !bound.has(value)) bound.set(value, name);
    const interp = this.interp;
    return keras.modelsBuilt.slice(0, this.loadKerasModels).map(({ model, site, step }) => {
      const stopped = interp.stoppedLoops.find((l) => step >= l.from && step <= l.to);
      const notFollowed = stopped ? 'a loop that was stopped' : interp.notFollowedObjects.get(model);
      return { model, site, ...(bound.has(model) ? { boundName: bound.get(model) } : {}), ...(notFollowed ? { notFollowed } : {}) };
    });
  }

  /** The text of a file the session has read. */
  text(file: string): string | undefined {
    return this.host.files.get(file) ?? this.fs.read(file);
  }

  /** 1-based line and 0-based column of an origin, in its file. */
  position(o: Origin): { file: string; line: number; column: number } {
    let idx = this.lineIndexes.get(o.file);
    if (!idx) {
      idx = new LineIndex(this.text(o.file) ?? '');
      this.lineIndexes.set(o.file, idx);
    }
    return { file: o.file, ...idx.position(o.span.from) };
  }

  /** The start of a line of the file being analysed, as an origin (a model known by its line only). */
  lineStart(line: number): Origin {
    let idx = this.lineIndexes.get(this.file);
    if (!idx) {
      idx = new LineIndex(this.text(this.file) ?? '');
      this.lineIndexes.set(this.file, idx);
    }
    const from = idx.lineStart(line);
    return { file: this.file, span: { from, to: from } };
  }

  /** A finding at an origin, as every surface shows it. */
  diagnostic(severity: Severity, message: string, code: string, origin: Origin, related?: { origin: Origin; message: string }[]): Diagnostic {
    const start = this.position(origin);
    const end = this.position({ file: origin.file, span: { from: origin.span.to, to: origin.span.to } });
    return {
      severity, message, code, file: start.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, span: origin.span,
      related: related?.map((r) => ({ message: r.message, ...this.position(r.origin) })),
      ...(this.host.environmentOf(origin.file) ? { installed: true } : {}),
    };
  }

  /** Diagnostics from the interpreter into `target`, once each; errors and what was not understood make the run incomplete. */
  reporter(target: Diagnostic[], pushed?: () => void): EvalReport {
    return {
      diagnostic: (severity, message, originIn, code, related) => {
        // Inside torch's own Python (a prelude), the finding is the code's call's: it names the function it was in.
        const inTorch = originIn.file === TORCH_PRELUDE_FILE ? this.interp.torchSite : undefined;
        const origin = inTorch?.site ?? originIn;
        if (inTorch) message = `in torch's ${inTorch.name}(): ${message}`;
        // An installed package's import-time findings do not make a model incomplete (host.ts libraryLoads); a
        // value it left unknown does, where the model uses it.
        const atImport = this.host.libraryLoads > 0 && severity !== 'error';
        const incomplete = severity === 'error' || code.startsWith('unknown') || code === 'budget';
        if (!atImport && incomplete) this.complete = false;
        const add = (d: Diagnostic) => {
          if (target.length < MAX_DIAGNOSTICS && !target.some((x) => x.message === d.message && x.code === d.code && x.file === d.file && x.span.from === d.span.from)) {
            target.push(d);
            pushed?.();
          }
        };
        add(this.diagnostic(severity, message, code, origin, related));
        // Never silent where the user reads: what an installed package's code did not follow, while it ran for the
        // code (not at its import), is said at the code's call that entered it as well.
        const entered = this.interp.codeSite;
        if (severity === 'error' && entered && this.host.installed(origin.file)) {
          // PyTorch refuses what the code handed the package (boxes of the wrong width): the code's mistake, red where
          // it is written, and where in the package it was refused.
          const at = this.position(origin);
          add(this.diagnostic('error', `${message} (in ${at.file.slice(at.file.lastIndexOf('/') + 1)}:${at.line}, which this call runs)`, code, entered, [{ origin, message: 'refused here' }]));
          return;
        }
        // A size the data decides inside the package (detection's NMS): said once at the code's call, whose costs it bounds.
        if (code === 'at-bound' && entered && this.host.installed(origin.file)
          && !target.some((x) => x.code === 'at-bound' && x.file === entered.file && x.span.from === entered.span.from)) {
          const at = this.position(origin);
          add(this.diagnostic('info', `${message} (first in ${at.file.slice(at.file.lastIndexOf('/') + 1)}:${at.line}, which this call runs)`, code, entered, [{ origin, message: 'taken at its bound here' }]));
          return;
        }
        if (!atImport && (incomplete || code === 'raises-at-load') && entered && this.host.installed(origin.file)
          && !target.some((x) => x.code === 'unknown-installed' && x.file === entered.file && x.span.from === entered.span.from)) {
          const at = this.position(origin);
          const where = `${at.file.slice(at.file.lastIndexOf('/') + 1)}:${at.line}`;
          add(this.diagnostic('warning', `what this call runs in an installed package was not all followed (first at ${where}: ${message}); what it gives is not known exactly`, 'unknown-installed', entered));
        }
      },
    };
  }

  /** Run the file's module once (as `__main__`). */
  load(): ModuleValue | undefined {
    return this.spend(() => this.loadModule());
  }

  private loadModule(): ModuleValue | undefined {
    const from = marks(this.recorder);
    try {
      this.module = this.host.load(this.host.entryName);
    } catch (e) {
      const message = e instanceof BudgetExceeded
        ? budgetStopMessage(e.loop?.file === this.file ? e : withoutLoop(e), 'load')
        : `Layer Lens failed while loading the file (a bug: please report it): ${describeError(e)}`;
      const at = (e instanceof BudgetExceeded && ((e.loop?.file === this.file && e.loop) || (e.statement?.file === this.file && e.statement))) || { file: this.file, span: { from: 0, to: 0 } };
      this.loadDiagnostics.push(this.diagnostic('warning', message, e instanceof BudgetExceeded ? 'budget' : 'internal', at));
    }
    this.loadMarks = { from, to: marks(this.recorder) };
    this.loadOuterCalls = this.recorder.outerCalls.length;
    this.loadKerasModels = this.host.keras.modelsBuilt.length;
    return this.module;
  }

  /**
   * Build a model from a call expression (`resnet50()`) in the module's scope and run its forward on `inputs`.
   * With `quiet` (a candidate, not a call the user gave), a call that builds no model is marked `notAModel`
   * instead of being an error: what it built while it ran still counts for the lines it built.
   */
  run(call: string, inputs: number[][], inputSource: ModelInputSource, at: ModelPlace, quiet = false): Run | undefined {
    return this.spend(() => this.runModel(call, inputs, inputSource, at, quiet));
  }

  private runModel(call: string, inputs: number[][], inputSource: ModelInputSource, at: ModelPlace, quiet: boolean): Run | undefined {
    const mod = this.module;
    if (!mod) return undefined;
    const diagnostics: Diagnostic[] = [];
    const interp = this.interp;
    const restoreReport = interp.reportTo(this.reporter(diagnostics));
    this.complete = true;
    interp.steps = 0;
    this.limitTime(this.options.timeBudgetMs ?? DEFAULT_TIME_MS, 'an evaluation');
    const source = `__layer_lens_model__ = ${call}\n`;
    const callFile = `<call ${call}>`;
    this.host.files.set(callFile, source);
    const { module } = parsePython(source);
    const frame: Frame = { scope: new RScope(mod.scope, 'function'), globals: mod.scope!, file: callFile };
    const dtypes = this.options.inputs?.map((i) => i.dtype) ?? [];
    const run: Run = { name: call, definition: at.definition, line: at.line, input: inputs, inputSource, output: null, diagnostics, complete: false };
    let forwardFrom = -1;
    const callSite = { file: callFile, span: { from: 0, to: source.length } };
    const built = marks(this.recorder);
    const builtFrom = this.recorder.built.length;
    try {
      interp.execBlock(module.body, frame);
      const model = frame.scope.get('__layer_lens_model__');
      if (model && this.host.keras.isModel(model)) {
        run.keras = true;
        run.model = model as InstanceValue;
        // A functional or Sequential model's layers were called while it was built, on its own Input.
        run.forward = { from: built, to: marks(this.recorder) };
        if (this.host.keras.graph(run.model)) run.inputSource = 'code';
        // Functional and Sequential Keras models know their graph once built; a subclassed one runs on the input.
        // A functional model's class (a Model subclass without call, built from inputs and outputs where the code
        // builds it, to override train_step): built with no inputs it is no model; where the code builds it, it is.
        const ownCall = interp.lookupClassAttr(run.model.cls, 'call');
        if (!this.host.keras.graph(run.model) && !ownCall && quiet) run.notAModel = true;
        else if (!this.host.keras.graph(run.model)) {
          const shapes = inputSource === 'default' ? inputs.map((s) => (s.length === 4 ? [s[0], s[2], s[3], s[1]] : s)) : inputs;
          const input = this.host.modules_('keras.layers').get('Input')!;
          forwardFrom = diagnostics.length;
          const from = marks(this.recorder);
          const tensors = shapes.map((shape) => interp.call(input, [], new Map([['shape', { kind: 'tuple', items: shape.slice(1).map((d) => ({ kind: 'int', value: d })) } as RValue]]), callSite));
          interp.call(model, tensors, new Map(), callSite);
          run.forward = { from, to: marks(this.recorder) };
          run.input = shapes;
        }
      } else if (!model || model.kind !== 'instance' || !moduleNodeOf(model)) {
        if (quiet) run.notAModel = true;
        // A value not known (from a package not read, a branch not followed) may well be a module: not a mistake,
        // unless the call names what the file does not define, and no import left names missing.
        else if (model?.kind === 'opaque' && !this.undefinedIn(module.body, mod)) diagnostics.push(this.diagnostic('warning', `\`${call}\` gives ${describe(model)}: its model is not known`, 'unknown-model', this.at(at)));
        else diagnostics.push(this.diagnostic('error', `\`${call}\` does not build an nn.Module here`, 'not-a-model', this.at(at)));
        this.complete = false;
      } else {
        run.model = model;
        const tensors: TensorValue[] = inputs.map((shape, i) => ({ kind: 'tensor', shape, dtype: dtypes[i] ?? 'float32', origin: { file: callFile, span: { from: 0, to: 0 } } }));
        forwardFrom = diagnostics.length;
        const from = marks(this.recorder);
        try {
          const out = interp.call(model, tensors, new Map(), callSite);
          run.output = outputShapes(out);
          // Never silent: a forward whose result is not known, or holds no tensor, says so at the model.
          if (run.output === null) {
            const why = out.kind === 'opaque' ? out.reason : describe(out);
            diagnostics.push(this.diagnostic('warning', `what forward returns is not known statically (${why}): the model's output is left out`, 'unknown-output', this.at(at)));
          } else if (run.output.length === 0) {
            diagnostics.push(this.diagnostic('warning', `forward returns no tensor (${describe(out)})`, 'no-tensor-output', this.at(at)));
          }
        } finally {
          run.forward = { from, to: marks(this.recorder) };
        }
      }
    } catch (caught) {
      this.caught(caught, callFile, diagnostics, at);
    } finally {
      restoreReport();
    }
    run.built = { from: builtFrom, to: this.recorder.built.length };
    // A candidate that raised before building anything is not a model (an Enum of weights, a config class), unless
    // it is an nn.Module class: then what it raised is worth saying.
    // A factory that ran out of budget before it built anything is still said: it is where the time went.
    if (quiet && !run.model && !this.isModuleClass(at.definition) && !diagnostics.some((d) => d.code === 'budget')) run.notAModel = true;
    run.complete = this.complete && (run.keras === true || (run.output !== null && run.output.length > 0));
    run.forwardFrom = forwardFrom;
    return run;
  }

  /** Whether a name of the file's module is an nn.Module class. */
  isModuleClass(name: string | null): boolean {
    const v = name ? this.module?.scope?.get(name) : undefined;
    return v?.kind === 'class' && this.host.nn.isModuleClass(v);
  }

  /** Where a model's own findings go: its definition's first line, in the file analysed. */
  at(place: ModelPlace): Origin {
    return { file: this.file, span: { from: place.offset, to: place.offset } };
  }

  /**
   * The code's own runs: each module the file's top level called outside any forward (`y = model(x)`), when every
   * input is a tensor of known shape: once per class of the file (the first call), and once per line binding a
   * model built elsewhere (a teacher and a student, both timm ResNets, are two models), keyed so.
   */
  codeRuns(): Map<string, CodeRun> {
    const out = new Map<string, CodeRun>();
    for (const [index, c] of this.recorder.outerCalls.slice(0, this.loadOuterCalls).entries()) {
      const cls = c.instance.cls;
      if (c.site.file !== this.file || !c.shapes) continue;
      const inFile = cls.file === this.file && cls.def;
      // A model of a class from elsewhere (a library's builder): its place is the line that binds the name the
      // call calls (`model = torchvision.models.resnet18()` for `out = model(x)`), where its lens goes, and its
      // name what that line calls.
      const binding = inFile ? undefined : this.bindingBefore(c.site);
      const offset = inFile ? cls.def!.span.from : binding?.offset ?? c.site.span.from;
      const key = inFile ? cls.name : `${cls.name}@${offset}`;
      if (out.has(key)) continue;
      const built = moduleNodeOf(c.instance)!.origin;
      const text = built.file === this.file ? this.text(this.file)?.slice(built.span.from, built.span.to).replace(/\s+/g, ' ') : binding?.value;
      out.set(key, { call: c, index, name: text && text.length <= 80 ? text : `${cls.name}(…)`, place: { definition: inFile ? cls.name : null, offset, line: this.position({ file: this.file, span: { from: offset, to: offset } }).line } });
    }
    return out;
  }

  /**
   * The last top-level assignment to the name a call calls, above the call (`model = …`), if any: its offset, and
   * the value written on its line (`torchvision.models.resnet18(weights=None)`).
   */
  private bindingBefore(site: CallSite): { offset: number; value: string } | undefined {
    const text = this.text(this.file);
    // The call as written (`model(x)`): a name called.
    const callee = text && /^([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(text.slice(site.span.from, site.span.to))?.[1];
    if (!callee) return undefined;
    const pattern = new RegExp(`^${callee}\\s*(:[^=\\n]*)?=(?!=)([^\\n]*)`, 'gm');
    let at: { offset: number; value: string } | undefined;
    for (const m of text.slice(0, site.span.from).matchAll(pattern)) at = { offset: m.index!, value: m[2].trim() };
    return at;
  }

  /**
   * Whether a call (`__layer_lens_model__ = f(…)`) calls a name the file does not define, while every import of
   * the file was read (a package not read, or a star import of one, may define it).
   */
  private undefinedIn(body: import('../python/ast').Stmt[], mod: ModuleValue): boolean {
    const s = body[0];
    let e = s?.kind === 'Assign' ? s.value : undefined;
    while (e && (e.kind === 'Call' || e.kind === 'Attribute')) e = e.kind === 'Call' ? e.func : e.object;
    if (e?.kind !== 'Name' || mod.scope!.lookup(e.id) !== undefined) return false;
    return !this.loadDiagnostics.some((d) => d.code === 'missing-package' || d.code === 'unknown-import');
  }

  /** An exception out of a run: a diagnostic, never thrown at the editor or the CLI. */
  private caught(caught: unknown, callFile: string, diagnostics: Diagnostic[], place: ModelPlace): void {
    const e = misplacedSignal(caught, { file: callFile, span: { from: 0, to: 0 } }) ?? caught;
    if (e instanceof PyRaise) {
      diagnostics.push(this.diagnostic('error', `the model raises ${e.message}`, 'raises', e.origin));
    } else if (e instanceof BudgetExceeded) {
      // At the loop that ran, when it is this file's (a library's loop: at the model, which is); once, when the
      // file's load stopped in the same loop already (a factory the top level calls).
      const at = e.loop?.file === this.file ? e.loop : this.at(place);
      const said = this.loadDiagnostics.some((d) => d.code === 'budget' && d.file === at.file && d.span.from === at.span.from);
      if (!said) diagnostics.push(this.diagnostic('warning', budgetStopMessage(e.loop?.file === this.file ? e : withoutLoop(e), 'run'), 'budget', at));
    } else {
      diagnostics.push(this.diagnostic('warning', `Layer Lens failed while evaluating this model (a bug: please report it): ${describeError(e)}`, 'internal', this.at(place)));
    }
    this.complete = false;
  }
}

/** The same stop, said without its loop (one in another file than the finding's). */
function withoutLoop(e: BudgetExceeded): BudgetExceeded {
  return new BudgetExceeded(e.what);
}

/** The shapes of a forward's output (tensors in tuples, lists and dicts, flattened), or null when one is not known. */
export function outputShapes(v: RValue): number[][] | null {
  if (v.kind === 'tensor') return v.shape ? [v.shape] : null;
  // None, numbers and strings beside the tensors (`return logits, None`) are no tensors.
  if (v.kind === 'none' || v.kind === 'bool' || v.kind === 'int' || v.kind === 'float' || v.kind === 'str') return [];
  const parts = v.kind === 'tuple' || v.kind === 'list' ? v.items
    : v.kind === 'dict' ? [...v.entries.values()].map(([, x]) => x)
      // a NamedTuple or dataclass of outputs
      : v.kind === 'instance' && !moduleNodeOf(v) && v.cls.fields ? v.cls.fields.map((f) => v.attrs.get(f.name) ?? NONE)
        : undefined;
  if (!parts) return null;
  const shapes = parts.map(outputShapes);
  return shapes.every((p) => p !== null) ? (shapes.flat() as number[][]) : null;
}
