/**
 * One file, analysed by the one engine: its module runs once (as a script), then every model it defines is built
 * and run on its best-known input, the functions nothing ran are probed, and each layer line and operation takes
 * its figures from the model that runs it (./sites.ts). The CLI and the tests ask for everything at once; the
 * editor asks for one model or one range of lines at a time (./documentAnalysis.ts).
 */
import { parsedFile, parsedTree } from '../python/parsedFiles';
import { parsePython } from '../python/parse';
import { DEFINITIONS } from './outline';
import { LineIndex } from '../python/lines';
import type { ClassDef, FunctionDef, Module } from '../python/ast';
import type { Tree } from '@lezer/common';
import { Annotations } from '../annotations';
import { DEFAULT_INPUTS, type InputDefaults } from '../values/spec';
import type { CallResult, Diagnostic, FileAnalysis, ModelResult } from '../results';
import { type Candidate, candidatesIn, definitionsIn, usersFirst } from './candidates';
import { modelResult, moduleLevelKerasModels } from './modelResult';
import { type CodeRun, type FileSystem, type ModelPlace, type Run, Session } from '../eval/session';
import { subModuleView } from './subModule';
import { between } from '../eval/recorder';
import { callResults, type Context, operationResults } from './sites';
import { ARGUMENT_CODES, enclosingFunction, mergeProbes, type ProbeResult } from '../eval/probe';
import { fileFindings, worthShowing } from './findings';
import { moduleNodeOf } from '../values/moduleTree';

export interface AnalysisOptions {
  /** One model to evaluate (`resnet50(width=2)`), as `--call` gives it; by default every model the file defines. */
  call?: string;
  /** Forward inputs the user gave (batch first): --input, the panel, a budget. */
  inputs?: { shape: number[]; dtype: string }[];
  /** What an un-annotated layer line alone, and a model with no better-known input, are run on. */
  inputDefaults?: InputDefaults;
  /** Element type for MAC in bytes. */
  dtype?: string;
  /** Milliseconds for each model. */
  timeBudgetMs?: number;
  /** Milliseconds for the whole analysis of the file (default 8 s). */
  requestBudgetMs?: number;
  maxSteps?: number;
  /**
   * Told before each piece of work that may take long (the file's top level, each model): a host that runs the
   * engine in a worker learns from it that the worker is alive, and what to name if it has to stop it.
   */
  onEvaluate?: (place: { line: number; name: string }) => void;
}

const EMPTY: FileAnalysis = { calls: [], operations: [], models: [], diagnostics: [] };

/** Everything about `file`: layer lines and operations in context, models, findings. */
export function analyzeFile(file: string, fs: FileSystem, options: AnalysisOptions = {}): FileAnalysis {
  const text = fs.read(file);
  if (text === undefined) return EMPTY;
  const loaded = new LoadedFile(file, text, fs, options);
  const contexts = loaded.contexts();
  return loaded.analysis(contexts);
}

/**
 * Models at another batch (training figures are per step): each torch model evaluated again on its own input with
 * that batch, not scaled (an operation may mix the batch into other dimensions). Keras models and sub-module views
 * stay as they are.
 */
export function modelsAtBatch(models: ModelResult[], batch: number | undefined, file: string, fs: FileSystem, dtype: string): ModelResult[] {
  if (batch === undefined) return models;
  return models.map((m) => {
    if (m.framework !== 'torch' || m.within || !m.input.length || m.input.every((s) => s[0] === batch)) return m;
    const inputs = m.input.map((s) => ({ shape: [batch, ...s.slice(1)], dtype }));
    return evaluateModels(file, fs, { call: m.name, inputs }).models[0] ?? m;
  });
}

/** The models only (budgets, diff): what analyzeFile gives in `models` and `diagnostics`, without the per-line work. */
export function evaluateModels(file: string, fs: FileSystem, options: AnalysisOptions = {}): { models: ModelResult[]; diagnostics: Diagnostic[] } {
  const text = fs.read(file);
  if (text === undefined) return { models: [], diagnostics: [] };
  const loaded = new LoadedFile(file, text, fs, options);
  const contexts = loaded.contexts();
  return { models: loaded.modelList(contexts), diagnostics: loaded.session.loadDiagnostics };
}

/** How many classes, each used by the next, are followed to find the model a class is seen in. */
const MAX_USER_DEPTH = 32;

/** A file loaded once in a session, with its models evaluated on demand. */
export class LoadedFile {
  readonly session: Session;
  readonly module: Module;
  readonly lines: LineIndex;
  readonly annotations: Annotations;
  readonly tree: Tree;
  readonly candidates: Candidate[];
  readonly codeRuns: Map<string, CodeRun>;
  /** The file's top-level classes and functions by name. */
  private readonly definitions: Map<string, ClassDef | FunctionDef>;
  private readonly defaults: InputDefaults;
  /** Results by candidate name (undefined: the candidate builds no model); views of sub-modules kept apart. */
  private readonly byName = new Map<string, Context | undefined>();
  /** Sub-module classes seen inside another model, with that model (it runs what they contain, too). */
  private readonly views = new Map<string, { result: ModelResult; within: Context }>();
  private readonly evaluating = new Set<string>();
  private toldExhausted = false;
  private byMention?: Map<string, Candidate[]>;
  private called?: Context | null;
  /** Candidates that built no model (they raised first): the layers they built are seen in them, after every model. */
  private readonly attempts: Context[] = [];
  private kerasAtTop?: Context[];
  /** Probes run so far, and the functions they ran (a function is probed once per version). */
  private readonly probes: ProbeResult = { symbolic: new Map(), defaults: new Map(), defaulted: new Map(), owner: new Map(), diagnostics: [], built: new Set() };
  private readonly probed = new Set<FunctionDef>();
  private readonly codeContexts = new Map<string, Context>();
  /** Candidates in the order sub-modules are best seen in (usersFirst), and the last list of contexts evaluated so far. */
  private ordered?: Candidate[];
  private evaluations = 0;
  private known?: { evaluations: number; contexts: Context[] };
  private fileLevel?: Diagnostic[];

  /**
   * `slice`: run only the top-level statements it picks (by their offsets), the others as good as absent: the
   * editor's way to evaluate what an edit changed without running the whole file again (./documentAnalysis.ts
   * picks every statement those results can depend on).
   */
  constructor(readonly file: string, readonly text: string, fs: FileSystem, readonly options: AnalysisOptions, slice?: (from: number, to: number) => boolean, lines?: LineIndex) {
    this.defaults = options.inputDefaults ?? DEFAULT_INPUTS;
    const d = this.defaults;
    if (slice) {
      this.tree = parsedTree(file, text);
      this.module = parsePython(text, this.tree, { lazyBodies: true, select: slice }).module;
    } else {
      const parsed = parsedFile(file, text);
      this.module = parsed.module;
      this.tree = parsed.tree;
    }
    this.session = new Session(fs, file, {
      inputs: options.inputs, inputDefaults: d, dtype: options.dtype, timeBudgetMs: options.timeBudgetMs, requestBudgetMs: options.requestBudgetMs, maxSteps: options.maxSteps,
      defaultInput: [d.batch, 3, d.imageSize, d.imageSize], entryModule: slice ? this.module : undefined,
      // A probe is told by offset; its line is known once the file's line index is (set just below).
      onEvaluate: options.onEvaluate && ((p) => options.onEvaluate!({ line: this.lines.position(p.offset).line, name: p.name })),
    });
    this.lines = lines ?? new LineIndex(text);
    this.annotations = new Annotations(this.tree, this.lines);
    options.onEvaluate?.({ line: 1, name: 'the top level of the file' });
    this.session.load();
    this.candidates = candidatesIn(this.module, text, this.lines);
    this.definitions = definitionsIn(this.module);
    // The script's own calls give inputs only when the script parses: while a line of it is half typed, the
    // parser's recovery may have made another shape of it (a red error from that would be false).
    const parses = scriptParses(this.tree);
    this.codeRuns = parses ? this.session.codeRuns() : new Map();
    if (!parses) {
      // What the script's calls raised while it loaded came from those inputs too: notes, not errors.
      const load = this.session.loadDiagnostics;
      load.forEach((d, i) => {
        if (d.severity === 'error' && this.session.loadOwners[i] >= 0) load[i] = { ...d, severity: 'info', message: `${d.message} (on an input from script code that does not parse yet)` };
      });
    }
  }

  /**
   * Every model the file gives (or the one `--call` names), in the order sub-modules are best seen in; with
   * `all` false, only those evaluated so far (the code's own runs and the top level's Keras models always).
   */
  contexts(all = true): Context[] {
    if (this.options.call) {
      if (this.called === undefined) {
        this.options.onEvaluate?.({ line: 1, name: `the call ${this.options.call}` });
        this.called = this.evaluateCall(this.options.call) ?? null;
        // The call is the user's: only what forward met on a guessed input is a guess.
        if (this.called) this.settleGuesses([this.called], true);
      }
      return this.called ? [this.called] : [];
    }
    // The same list while nothing new was evaluated (a hover asks for it on every line).
    if (!all && this.known?.evaluations === this.evaluations) return this.known.contexts;
    this.kerasAtTop ??= moduleLevelKerasModels(this.session);
    const out: Context[] = [...this.kerasAtTop];
    this.ordered ??= usersFirst(this.candidates);
    for (const c of this.ordered) {
      const m = all ? this.model(c.name) : this.byName.get(c.name);
      if (m) out.push(m);
    }
    // The code's own runs of classes that need arguments to be built.
    for (const [cls, code] of this.codeRuns) if (!this.candidates.some((c) => c.name === cls)) out.push(this.codeContextOf(cls, code));
    this.known = { evaluations: this.evaluations, contexts: out };
    return out;
  }

  /** The model a candidate (class or factory) gives, evaluated once; a sub-module's view is `view(name)`. */
  model(name: string): Context | undefined {
    if (this.byName.has(name) || this.evaluating.has(name)) return this.byName.get(name);
    // The file's evaluation budget is spent: what is left is not evaluated at all (each would stop at once, but
    // setting it up for 5,000 classes took half a minute), and the file says so once.
    if (this.session.exhausted) {
      if (!this.toldExhausted) {
        this.toldExhausted = true;
        this.session.loadDiagnostics.push(this.session.diagnostic('warning', `${name} and the classes and factories after it were not evaluated: the file's evaluation budget (${this.session.requestSeconds} s) was spent`, 'budget', { file: this.session.file, span: { from: 0, to: 0 } }));
      }
      this.byName.set(name, undefined);
      return undefined;
    }
    const c = this.candidates.find((x) => x.name === name);
    this.evaluating.add(name);
    if (c) this.options.onEvaluate?.({ line: c.line, name: `${c.kind === 'class' ? 'class' : 'def'} ${c.name}` });
    const m = c ? this.evaluate(c) : undefined;
    if (m) this.settleGuesses([m]);
    this.evaluating.delete(name);
    this.byName.set(name, m);
    this.evaluations++;
    return m;
  }

  /** Candidates by the names their code mentions. */
  private mentioning(): Map<string, Candidate[]> {
    if (!this.byMention) {
      this.byMention = new Map();
      for (const c of this.candidates) {
        for (const m of c.mentions) {
          const list = this.byMention.get(m);
          if (list) list.push(c);
          else this.byMention.set(m, [c]);
        }
      }
    }
    return this.byMention;
  }

  /** The models that may run a class inside them: candidates whose code names it, and the code's own runs. */
  private users(name: string): Context[] {
    const out: Context[] = [];
    for (const u of this.mentioning().get(name) ?? []) {
      if (u.name === name) continue;
      // A user that is itself a sub-module is run by the model it is seen in.
      const m = this.model(u.name) ?? this.views.get(u.name)?.within;
      if (m && !out.includes(m)) out.push(m);
    }
    for (const [cls, code] of this.codeRuns) if (cls !== name && !this.candidates.some((c) => c.name === cls)) out.push(this.codeContextOf(cls, code));
    return out;
  }

  /** A class seen inside another model (no model of its own on a guessed input). */
  view(name: string): ModelResult | undefined {
    return this.views.get(name)?.result;
  }

  /** The models in file order: those evaluated and the views of sub-modules. */
  modelList(contexts: Context[]): ModelResult[] {
    return [...contexts.map((c) => c.result), ...[...this.views.values()].map((v) => v.result)].sort(byPlace);
  }

  /** Everything, for these contexts: probes, layer lines, operations and findings. */
  analysis(contexts: Context[]): FileAnalysis {
    mergeProbes(this.probes, this.session.probe(this.module.body, this.text, undefined, this.probed));
    const findings = this.findings(contexts);
    const calls = this.calls(contexts, findings);
    for (const c of calls) findings.push(...c.diagnostics);
    return { calls, operations: operationResults(this.session, contexts), models: this.modelList(contexts), diagnostics: worthShowing(findings) };
  }

  /**
   * Every finding but the layer lines' own: the file's (syntax, annotations), the load's, the probes' so far, and
   * each model's, naming it; with a range, the file's own only there.
   */
  findings(contexts: Context[], range?: { from: number; to: number }): Diagnostic[] {
    // The file's own: all of them once, or those between two offsets (what a few statements need, on every edit).
    const own = range ? fileFindings(this.session, this.tree, this.annotations, this.lines, range) : (this.fileLevel ??= fileFindings(this.session, this.tree, this.annotations, this.lines));
    return [
      ...own, ...this.session.loadDiagnostics, ...this.probes.diagnostics,
      ...this.modelList(contexts).flatMap((m) => m.diagnostics.map((d) => ({ ...d, model: m.name }))),
    ];
  }

  /**
   * The layer lines and operations between two offsets, for these contexts: only the functions written there are
   * probed, and only their rows made (what the lines on screen need).
   */
  linesIn(contexts: Context[], from: number, to: number): Pick<FileAnalysis, 'calls' | 'operations'> {
    mergeProbes(this.probes, this.session.probe(this.module.body, this.text, undefined, this.probed, { from, to }));
    const findings = this.findings(contexts, { from, to });
    const fromLine = this.lines.position(from).line;
    const toLine = this.lines.position(to).line;
    return {
      calls: this.calls(contexts, findings, { from, to }),
      operations: operationResults(this.session, contexts, { from: fromLine, to: toLine }),
    };
  }

  private calls(contexts: Context[], findings: Diagnostic[], range?: { from: number; to: number }): CallResult[] {
    return callResults(this.session, [...contexts, ...this.attempts], this.probes, this.lines, this.annotations, findings, { inputDefaults: this.defaults, dtype: this.options.dtype ?? 'float32' }, range);
  }

  /**
   * A model built without arguments because it can be, on a guessed input: nobody said it is built or run this
   * way. What its forward reports follows from the guess, and what building it reports may follow from its
   * defaults: those become notes. A mistake in a layer's arguments stays an error when it holds whatever the
   * arguments of its function are, as a probe of that function with its parameters as symbols finds. One note
   * then says how to give the real input.
   */
  private settleGuesses(contexts: Context[], given = false): void {
    const guessed = contexts.filter((c) => c.result.inputSource === 'default' || c.result.inputSource === 'inferred');
    const building = (c: Context, i: number) => c.run.forwardFrom === undefined || c.run.forwardFrom < 0 || i < c.run.forwardFrom;
    const suspects = guessed.flatMap((c) => c.result.diagnostics.filter((d, i) => d.severity === 'error' && building(c, i) && ARGUMENT_CODES.has(d.code) && d.file === this.file));
    const functions = new Set(suspects.map((d) => enclosingFunction(this.module.body, d.span.from)).filter((f): f is FunctionDef => !!f));
    const checked = functions.size ? this.session.probe(this.module.body, this.text, functions) : undefined;
    // What that probe built is no layer line of the code's own.
    for (const n of checked?.built ?? []) this.probes.built.add(n);
    const confirmed = new Set(checked?.diagnostics.map((d) => `${d.span.from}:${d.message}`) ?? []);
    for (const c of guessed) {
      let demoted = false;
      c.result.diagnostics = c.result.diagnostics.map((d, i) => {
        if (d.severity !== 'error' || (given && building(c, i)) || (suspects.includes(d) && confirmed.has(`${d.span.from}:${d.message}`))) return d;
        demoted = true;
        const why = building(c, i) ? `when ${c.result.name} is built with its defaults` : `on the guessed input ${shapes(c.result.input)}`;
        return { ...d, severity: 'info', message: `${d.message} (${why})` };
      });
      if (!demoted) continue;
      const example = c.result.input.map((s) => s.join('x')).join(', ');
      c.result.diagnostics.unshift(this.session.diagnostic('info', `${c.result.name} ran on a guessed input (${shapes(c.result.input)}); give it the real one: \`# layer-lens: input ${example}\` above its definition, or call it in the code`, 'guessed-input', this.session.at({ definition: c.result.definition, line: c.result.line, offset: this.candidates.find((x) => x.name === c.result.definition)?.offset ?? 0 })));
    }
  }

  /**
   * A candidate's model on its best-known input: given, annotated, the code's own call (as the code built it when
   * that run is complete or found a mistake, else built without arguments on the code's input), or guessed, unless the class runs
   * inside another model, where it is seen instead.
   */
  private evaluate(c: Candidate): Context | undefined {
    const place: ModelPlace = { definition: c.name, line: c.line, offset: c.offset };
    const call = `${c.name}()`;
    const code = this.codeRuns.get(c.name);
    const given = this.options.inputs?.map((i) => i.shape);
    // A module whose forward takes more tensors than it would be given (a loss) needs an annotation to run.
    if ((c.forwardInputs ?? 1) > (given?.length ?? c.input?.length ?? code?.call.arity ?? 1)) return undefined;
    if (given) return this.run(call, given, 'option', place);
    if (c.input) return this.run(call, c.input, 'annotation', place);
    if (code) {
      const own = this.codeContextOf(c.name, code);
      // A run that found a mistake (PyTorch refuses the code's call) is the answer: a run on shapes alone would
      // lose the values the code gave (the lengths it packs by) and say less.
      if (own.result.complete || own.result.diagnostics.some((d) => d.severity === 'error') || !code.call.plain) return own;
      return this.run(call, code.call.shapes!, 'code', place) ?? own;
    }
    // A class seen in the model that uses it, found through the classes that use that one: a chain of 5,000
    // subclasses would evaluate each in turn, nested. Past MAX_USER_DEPTH it is costed alone, and says so.
    if (c.kind === 'class' && this.evaluating.size > MAX_USER_DEPTH) {
      this.session.loadDiagnostics.push(this.session.diagnostic('info', `${c.name} is used through more than ${MAX_USER_DEPTH} classes that use each other: Layer Lens did not follow them to a model, and costs its layers alone`, 'depth', { file: this.session.file, span: { from: c.offset, to: c.offset } }));
    } else if (c.kind === 'class') {
      const def = this.definitions.get(c.name)!;
      for (const user of this.users(c.name)) {
        const view = subModuleView(this.session, user.run, user.result, c.name, c.line, this.lines.position(def.span.to).line);
        if (view) {
          this.views.set(c.name, { result: view, within: user });
          return undefined;
        }
      }
    }
    return this.guessed(call, place);
  }

  /** `--call EXPR`: that model, on the given input, else its class's annotation, else the code's input, else a guess. */
  private evaluateCall(call: string): Context | undefined {
    const name = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(call)?.[1];
    const c = name ? this.candidates.find((x) => x.name === name) : undefined;
    const def = name ? this.definitions.get(name) : undefined;
    const place: ModelPlace = { definition: def ? name! : null, line: def ? this.lines.position(def.span.from).line : 1, offset: def?.span.from ?? 0 };
    const given = this.options.inputs?.map((i) => i.shape);
    const codeCall = name ? this.codeRuns.get(name)?.call : undefined;
    const code = codeCall?.plain ? codeCall.shapes : undefined;
    if (given) return this.run(call, given, 'option', place, false);
    if (c?.input) return this.run(call, c.input, 'annotation', place, false);
    if (code) return this.run(call, code, 'code', place, false);
    return this.guessed(call, place, false);
  }

  private run(call: string, inputs: number[][], source: Run['inputSource'], place: ModelPlace, quiet = true): Context | undefined {
    const run = this.session.run(call, inputs, source, place, quiet);
    if (!run) return undefined;
    const context = { run, result: modelResult(this.session, run) };
    if (!run.notAModel) return context;
    // No model to show; the layers it built before it stopped are still seen where they were built.
    if (run.built && run.built.to > run.built.from) this.attempts.push(context);
    return undefined;
  }

  /**
   * On the default image; when that does not fit the first layer, once more with the channels it expects. Both
   * are guesses: what they raise is noted, not an error (Session.run).
   */
  private guessed(call: string, place: ModelPlace, quiet = true): Context | undefined {
    const dflt = this.session.options.defaultInput!;
    const first = this.run(call, [dflt], 'default', place, quiet);
    if (!first) return first;
    let best = first;
    let input = dflt;
    let from = 'the first layer';
    if (firstLayerRejected(this.session, first.run)) {
      const mismatch = first.result.diagnostics.find((d) => d.code === 'shape');
      const m = mismatch && /expects (\d+) input (channels|features)|expects input_size (\d+)/.exec(mismatch.message);
      if (!m) return first;
      const n = Number(m[1] ?? m[3]);
      const retry = m[2] === 'channels' ? [dflt[0], n, ...dflt.slice(2)] : m[3] ? [8, dflt[0], n] : [dflt[0], n];
      const second = this.run(call, [retry], 'inferred', place, quiet);
      if (!second || second.result.layers.length === 0) return first;
      [best, input] = [second, retry];
    }
    const sized = this.sizedImage(call, place, quiet, best, input);
    if (sized) [best, input, from] = [sized.context, sized.input, sized.from];
    if (best === first) return first;
    best.result.diagnostics.unshift(this.session.diagnostic('info', `input ${input.join('×')} inferred from ${from} (annotate it: # layer-lens: input ${input.join('x')})`, 'inferred-input', this.session.at(place)));
    return best;
  }

  /**
   * A guessed image that a Linear after a flatten rejects (MNIST's `Linear(9216, 128)` on 224×224): the smallest
   * square image for which every layer fits. The features a flatten gives never shrink as the image grows (each
   * conv and pool keeps or grows its output with its input), so the smallest size giving at least the Linear's
   * features is found by bisection: about log2 of the range in runs, at most IMAGE_SIZE_RUNS. Undefined when that
   * size does not fit exactly (no square image gives those features).
   */
  private sizedImage(call: string, place: ModelPlace, quiet: boolean, guess: Context, input: number[]): { context: Context; input: number[]; from: string } | undefined {
    if (input.length !== 4 || input[2] !== input[3]) return undefined;
    const linear = (c: Context) => {
      for (const d of c.result.diagnostics) {
        const m = d.code === 'shape' ? LINEAR_REFUSED.exec(d.message) : null;
        if (m) return { line: d.line, want: Number(m[1]), got: Number(m[2]) };
      }
      return undefined;
    };
    const first = linear(guess);
    if (!first) return undefined;
    const runs = new Map<number, Context | undefined>();
    const tried = (size: number) => [input[0], input[1], size, size];
    const at = (size: number) => {
      if (!runs.has(size)) runs.set(size, this.run(call, [tried(size)], 'inferred', place, quiet));
      return runs.get(size);
    };
    const fits = (c: Context | undefined) => !!c && c.result.layers.length > 0 && !c.result.diagnostics.some((d) => d.code === 'shape');
    // At least the features wanted (or fitting): the answer is there or below. Another mistake first (an image
    // too small for a kernel) counts as too small.
    const enough = (size: number) => {
      const c = at(size);
      if (fits(c)) return true;
      const l = c && linear(c);
      return !!l && l.want === first.want && l.got > first.want;
    };
    let [lo, hi] = [1, Math.min(4096, Math.ceil(input[2] * Math.sqrt(first.want / first.got) * 2) + 2)];
    if (!enough(hi)) return undefined;
    while (lo < hi && runs.size < IMAGE_SIZE_RUNS) {
      const mid = Math.floor((lo + hi) / 2);
      if (enough(mid)) hi = mid;
      else lo = mid + 1;
    }
    const context = lo === hi ? at(lo) : undefined;
    if (!context || !fits(context)) return undefined;
    return { context, input: tried(lo), from: `the Linear called at line ${first.line} (its ${first.want} input features: the smallest square image that gives them)` };
  }

  private codeContextOf(cls: string, code: CodeRun): Context {
    let c = this.codeContexts.get(cls);
    if (!c) this.codeContexts.set(cls, (c = this.codeContext(code)));
    return c;
  }

  /** The code's own run of a model (`model = Net(); y = model(x)`), as the load made it. */
  private codeContext(code: CodeRun): Context {
    const s = this.session;
    const first = s.recorder.moduleCalls[code.call.from.moduleCalls];
    // What its forward reported, and what building it did not follow (a loop over a value not known drops layers).
    const origin = moduleNodeOf(code.call.instance)!.origin;
    const builtAt = `${origin.file}:${origin.span.from}`;
    const diagnostics = s.loadDiagnostics.filter((d, i) => s.loadOwners[i] === code.index || (s.loadBuilders[i] === builtAt && d.severity !== 'info'));
    const output = first && first.outputShapes.every((x) => x !== null) ? (first.outputShapes as number[][]) : null;
    // Never silent: what the code's call got back holds no tensor (a block that was not understood returned it).
    if (first?.noTensor) diagnostics.push(s.diagnostic('warning', `what forward returns holds no tensor known statically (${first.noTensor}): the model's output is left out`, 'unknown-output', s.at(code.place)));
    // As the session's reporter judges them: an installed package's import (made while forward ran) is not the model's.
    const complete = !!output?.length && !diagnostics.some((d) => d.severity === 'error' || (!s.loadAtImport.has(d) && (d.code.startsWith('unknown') || d.code === 'budget')));
    const run: Run = {
      name: code.name, definition: code.place.definition, line: code.place.line, input: code.call.shapes!, inputSource: 'code',
      model: code.call.instance, forward: { from: code.call.from, to: code.call.to }, output, diagnostics, complete,
    };
    return { run, result: modelResult(s, run) };
  }
}

/** How many image sizes sizedImage tries at most: each is a whole run of the model (bisection needs about 10). */
const IMAGE_SIZE_RUNS = 16;
/** A Linear's refusal of its input's last dimension (catalog/torch/linear.ts's message). */
const LINEAR_REFUSED = /^Linear expects (\d+) input features \(in_features\) but the input \S+ has (\d+) in its last dimension/;

/**
 * Whether the run's first layer call rejected its input: no layer ran, or the first one called recorded nothing (it
 * raised, and the analysis went on from its declared size to find the file's other mistakes).
 */
function firstLayerRejected(session: Session, run: Run): boolean {
  if (!run.forward) return false;
  const rec = between(session.recorder, run.forward.from, run.forward.to);
  if (rec.layers.length === 0) return true;
  const firstLeaf = rec.moduleCalls.find((c) => c.node.layer);
  return !!firstLeaf && !rec.layers.some((l) => l.site === firstLeaf.site && l.node === firstLeaf.node);
}

/** Models in file order (by the line of their definition, then by name). */
export const byPlace = (a: ModelResult, b: ModelResult) => a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const shapes = (input: number[][]) => input.map((s) => s.join('×')).join(', ');

/**
 * Whether the file's top-level code outside classes and functions parses (errors inside definitions do not
 * count). Only the script's own statements are walked: on every edit of a long file of classes, this is cheap.
 */
function scriptParses(tree: Tree): boolean {
  const top = tree.cursor();
  if (!top.firstChild()) return true;
  do {
    if (top.type.isError) return false;
    if (DEFINITIONS.has(top.name)) continue;
    let parses = true;
    tree.iterate({ from: top.from, to: top.to, enter: (n) => (n.type.isError ? (parses = false) : parses) });
    if (!parses) return false;
  } while (top.nextSibling());
  return true;
}
