/**
 * The engine's answers per open document and version. The engine runs in a worker thread (./engineClient.ts);
 * this store asks it what a surface needs (the lines on screen, one model, the findings, everything) and keeps
 * the answers for the current version, so that a hover on lines the CodeLens already asked about is answered
 * from memory at once. Nothing here computes a figure, and nothing waits on the engine synchronously.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  analysisForCell, modelForCell, modelSummary, tooLargeToAnalyse,
  type AnalysisOptions, type CallResult, type Construct, type Diagnostic, type EngineAnswers, type EngineQuery, type FileAnalysis, type ModelResult, type ModelSummary,
} from '../core';
import { Config } from './config';
import { EditLog } from './editLog';
import { EngineClient, inProcessTransport, workerTransport, type EngineSource, type Outcome, type Stopped, type TransportFactory } from './engineClient';
import { sourceOf, type Source } from './notebooks';
import { PythonEnvironments } from './environments';

/** How many lines above the cursor a call written over several lines may start. */
const CALL_LINES = 40;
/** Line ranges whose answers are kept per version (the CodeLens window, a few hovers). */
const MAX_WINDOWS = 16;

type Lines = Omit<EngineAnswers['lines'], 'atHand'>;

/** The settings the engine's answers depend on (the rest only change how they are shown). */
const ANALYSIS_SETTINGS = ['defaultInput', 'dtype', 'maxLines', 'engine'];

/** The answers for one version of a document. */
interface Answers {
  version: string;
  /** Past layerLens.maxLines: how much the version has (it is not analysed). */
  over?: string;
  windows: ({ from: number; to: number } & Lines)[];
  models: Map<string, ModelResult | null>;
  /** What the lenses show of models the engine had at hand when asked for lines (the models themselves come when asked). */
  summaries: Map<string, ModelSummary | null>;
  diagnostics?: Diagnostic[];
  complete?: FileAnalysis;
  /** Results for inputs set in the side panel or by a budget (a few at most). */
  custom: Map<string, FileAnalysis>;
  /** Questions on their way, by query: asked once however many surfaces ask. */
  asked: Map<string, Promise<Outcome<unknown>>>;
}

const EMPTY: FileAnalysis = { calls: [], operations: [], models: [], diagnostics: [] };

/**
 * Every method takes the document a surface works on. A notebook cell is analysed as part of its notebook
 * (./notebooks.ts): results are computed once for the notebook's joined code and mapped to the cell asked about.
 */
export class DocumentStore implements vscode.Disposable {
  private readonly answers = new Map<string, Answers>();
  /** Documents already reported as too large to analyse. */
  private readonly warned = new Set<string>();
  /** Documents already reported as having stopped the engine (until a version of them is answered). */
  private readonly told = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly engine: EngineClient;
  private readonly edits = new EditLog();
  private readonly stoppedEmitter = new vscode.EventEmitter<Stopped>();
  /** A version of a document stopped the engine: the surfaces show it (Problems, lenses). */
  readonly onDidStop = this.stoppedEmitter.event;
  /** The last message the user was shown about a stop (for tests). */
  lastStopMessage?: string;
  /** Where each document's installed packages are read from. */
  readonly environments = new PythonEnvironments();
  private readonly resetEmitter = new vscode.EventEmitter<void>();
  /** Every answer was dropped (a setting or the Python environments changed): the surfaces ask again. */
  readonly onDidReset = this.resetEmitter.event;

  constructor(extensionPath: string, transport?: TransportFactory, storagePath?: string) {
    const script = path.join(extensionPath, 'dist', 'engine.js');
    // The bench runs the editor once with the engine on the host's thread, to compare (engineClient.ts).
    const start = transport ?? (process.env.LAYER_LENS_ENGINE === 'in-process' ? inProcessTransport(script) : workerTransport(script, storagePath && path.join(storagePath, 'parse')));
    this.engine = new EngineClient(start, () => Config.engineLimits(), (s) => this.stopped(s));
    this.disposables.push(
      this.stoppedEmitter,
      this.edits,
      this.environments,
      this.resetEmitter,
      this.environments.onDidChange(() => this.reset()),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString())),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.forget(nb.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Only what the engine reads: a device or an optimizer picked in the panel changes no figure.
        if (ANALYSIS_SETTINGS.some((k) => e.affectsConfiguration(`layerLens.${k}`))) this.reset();
        if (e.affectsConfiguration('layerLens.engine')) this.engine.restart();
      }),
    );
  }

  private reset(): void {
    this.answers.clear();
    this.resetEmitter.fire();
  }

  /** What the engine is on now, how many times it was stopped, and what was sent and asked (for tests and the bench). */
  get engineState(): { busy?: Construct; busySince?: number; restarts: number; sent: { texts: number; edits: number }; asked: Partial<Record<EngineQuery['op'], number>> } {
    return { busy: this.engine.busy, busySince: this.engine.busySince, restarts: this.engine.restarts, sent: { ...this.engine.sent }, asked: { ...this.engine.asked } };
  }

  /** Whether the document is analysed at all (not past layerLens.maxLines). */
  analysed(doc: vscode.TextDocument): boolean {
    return !this.current(sourceOf(doc)).over;
  }

  /**
   * Layer lines between two lines (1-based, inclusive), each in its best-known context. `models`: definitions
   * there whose models the engine sends along if it has them at hand (then `knownSummary` has them).
   */
  async callsIn(doc: vscode.TextDocument, fromLine: number, toLine: number, models?: string[]): Promise<CallResult[]> {
    return (await this.lines(doc, fromLine, toLine, models)).calls;
  }

  /** What a model's lens shows, if the current version's model is known already (null: it builds none; undefined: not known). */
  knownSummary(doc: vscode.TextDocument, definition: string): ModelSummary | null | undefined {
    const src = sourceOf(doc);
    if (src.cell) return undefined;
    const a = this.current(src);
    const m = a.models.get(definition);
    return m !== undefined ? m && modelSummary(m) : a.summaries.get(definition);
  }

  /** The same, if already answered for the current version (a hover answers from it without asking). */
  known(doc: vscode.TextDocument, fromLine: number, toLine: number): Lines | undefined {
    const src = sourceOf(doc);
    if (src.cell) {
      const all = this.current(src).complete;
      return all && inLines(analysisForCell(src.cell.code, all, src.file, src.cell.index, doc.uri.fsPath), fromLine, toLine);
    }
    const a = this.current(src);
    if (a.over) return { calls: [], operations: [] };
    if (a.complete) return inLines(a.complete, fromLine, toLine);
    const w = a.windows.find((x) => x.from <= fromLine && toLine <= x.to);
    return w && inLines(w, fromLine, toLine);
  }

  /** Layer lines and operations between two lines, asked of the engine if not known yet. */
  async lines(doc: vscode.TextDocument, fromLine: number, toLine: number, models?: string[]): Promise<Lines> {
    const hit = this.known(doc, fromLine, toLine);
    if (hit) return hit;
    const src = sourceOf(doc);
    if (src.cell) return inLines(await this.analysis(doc), fromLine, toLine);
    const a = this.current(src);
    const o = await this.ask(src, { op: 'lines', from: fromLine, to: toLine, ...(models?.length ? { models } : {}) });
    if (!('value' in o)) return { calls: [], operations: [] };
    for (const [definition, m] of o.value.atHand ?? []) a.summaries.set(definition, m);
    if (a.windows.length >= MAX_WINDOWS) a.windows.shift();
    a.windows.push({ from: fromLine, to: toLine, calls: o.value.calls, operations: o.value.operations, placed: o.value.placed });
    return o.value;
  }

  /** The lines a hover at a line needs: a call written over several lines started on it or one of the lines above. */
  static hoverLines(line: number): { from: number; to: number } {
    return { from: Math.max(1, line - CALL_LINES), to: line };
  }

  /** The model of a class or factory of the document (or, for a class used inside another model, its view there). */
  async model(doc: vscode.TextDocument, definition: string): Promise<ModelResult | undefined> {
    const src = sourceOf(doc);
    if (src.cell) return (await this.analysis(doc)).models.find((m) => m.definition === definition);
    const a = this.current(src);
    if (a.models.has(definition)) return a.models.get(definition) ?? undefined;
    const o = await this.ask(src, { op: 'model', definition });
    if (!('value' in o)) return undefined;
    a.models.set(definition, o.value);
    return o.value ?? undefined;
  }

  /** The findings of the current version's complete analysis (what Problems shows). */
  async diagnostics(doc: vscode.TextDocument): Promise<Diagnostic[]> {
    const src = sourceOf(doc);
    if (src.cell) return (await this.analysis(doc)).diagnostics;
    const a = this.current(src);
    if (a.over) return tooLarge(src, a.over).diagnostics;
    if (a.diagnostics) return a.diagnostics;
    const o = await this.ask(src, { op: 'diagnostics' });
    if ('value' in o) a.diagnostics = o.value;
    return 'value' in o ? o.value : 'stopped' in o ? [stopDiagnostic(o.stopped)] : [];
  }

  /** Everything about the document's current version (every model evaluated). */
  async analysis(doc: vscode.TextDocument): Promise<FileAnalysis> {
    const src = sourceOf(doc);
    const r = await this.whole(src);
    return src.cell ? analysisForCell(src.cell.code, r, src.file, src.cell.index, doc.uri.fsPath) : r;
  }

  /** Everything, if it is already known for the current version (never asks: hovers must be fast). */
  finished(doc: vscode.TextDocument): FileAnalysis | undefined {
    const src = sourceOf(doc);
    const r = this.current(src).complete;
    return r && src.cell ? analysisForCell(src.cell.code, r, src.file, src.cell.index, doc.uri.fsPath) : r;
  }

  /** The stop recorded for the document's current version, if the engine was stopped on it. */
  stoppedOn(doc: vscode.TextDocument): Stopped | undefined {
    const src = sourceOf(doc);
    return this.engine.stoppedOn(src.key, src.version);
  }

  /**
   * A model evaluated on given inputs (set in the side panel, or a budget's), kept for the current version. No
   * inputs: the model's own (annotation, the code's call, else a guess), whatever the settings say.
   */
  async modelWithInputs(doc: vscode.TextDocument, call: string, inputs: { shape: number[]; dtype: string }[]): Promise<ModelResult | undefined> {
    const src = sourceOf(doc);
    const m = (await this.custom(src, { call, inputs: inputs.length ? inputs : undefined })).models[0];
    return m && src.cell ? modelForCell(src.cell.code, m, src.file, src.cell.index, doc.uri.fsPath) : m;
  }

  /** Layer lines alone on other default inputs (set in the side panel), kept for the current version. */
  async analysisWith(doc: vscode.TextDocument, options: AnalysisOptions): Promise<FileAnalysis> {
    const src = sourceOf(doc);
    const r = await this.custom(src, options);
    return src.cell ? analysisForCell(src.cell.code, r, src.file, src.cell.index, doc.uri.fsPath) : r;
  }

  private async whole(src: Source): Promise<FileAnalysis> {
    const a = this.current(src);
    if (a.over) return tooLarge(src, a.over);
    if (a.complete) return a.complete;
    const o = await this.ask(src, { op: 'analysis' });
    if ('stopped' in o) return { ...EMPTY, diagnostics: [stopDiagnostic(o.stopped)] };
    if (!('value' in o)) return EMPTY;
    a.complete = o.value;
    a.diagnostics = o.value.diagnostics;
    return o.value;
  }

  private async custom(src: Source, options: AnalysisOptions): Promise<FileAnalysis> {
    const a = this.current(src);
    if (a.over) return EMPTY;
    const key = JSON.stringify(options);
    const hit = a.custom.get(key);
    if (hit) return hit;
    const o = await this.ask(src, { op: 'custom', options });
    if (!('value' in o)) return EMPTY;
    if (a.custom.size >= 8) a.custom.clear();
    a.custom.set(key, o.value);
    return o.value;
  }

  /**
   * The answers kept for the source's current version; a new version starts empty (an answer that arrives for an
   * older one is kept in that version's object, which nothing reads any more).
   */
  private current(src: Source): Answers {
    let a = this.answers.get(src.key);
    if (!a || a.version !== src.version) {
      a = { version: src.version, over: oversized(src), windows: [], models: new Map(), summaries: new Map(), custom: new Map(), asked: new Map() };
      this.answers.set(src.key, a);
      if (a.over) this.warnTooLarge(src, a.over);
    }
    return a;
  }

  /** One question about the source's version, asked once while it is on its way. */
  private ask<Q extends EngineQuery>(src: Source, query: Q): Promise<Outcome<EngineAnswers[Q['op']]>> {
    const a = this.current(src);
    const key = JSON.stringify(query);
    let p = a.asked.get(key);
    if (!p) {
      p = this.engine.ask(engineSource(src, this.edits, this.environments), query, { ...Config.analysis(), timeBudgetMs: Config.evaluationMs() });
      a.asked.set(key, p);
      void p.then((o) => {
        a.asked.delete(key);
        // A version that answered: a later stop of this document is news again.
        if ('value' in o) this.told.delete(src.key);
      });
    }
    return p as Promise<Outcome<EngineAnswers[Q['op']]>>;
  }

  /** The engine was stopped on a version of a document: one message, naming the file and the construct. */
  private stopped(s: Stopped): void {
    this.stoppedEmitter.fire(s);
    if (this.told.has(s.key)) return;
    this.told.add(s.key);
    const file = vscode.workspace.asRelativePath(vscode.Uri.parse(s.key));
    const where = `${s.construct.name} (${vscode.l10n.t('line {0}', s.construct.line)})`;
    const message = s.reason === 'time'
      ? vscode.l10n.t('Layer Lens stopped analysing {0}: {1} ran for more than {2} s (layerLens.engine.timeLimitSeconds). The next edit of the file is analysed afresh.', file, where, s.detail)
      : s.reason === 'memory'
        ? vscode.l10n.t('Layer Lens stopped analysing {0}: {1} needed more than {2} MB (layerLens.engine.memoryLimitMb). The next edit of the file is analysed afresh.', file, where, String(Config.engineLimits().memoryMb))
        : vscode.l10n.t('Layer Lens stopped analysing {0}: the engine failed on {1} ({2}). The next edit of the file is analysed afresh.', file, where, s.detail);
    this.lastStopMessage = message;
    const settings = vscode.l10n.t('Open Settings');
    void vscode.window.showWarningMessage(message, settings).then((pick) => {
      if (pick === settings) void vscode.commands.executeCommand('workbench.action.openSettings', 'layerLens.engine');
    });
  }

  private forget(key: string): void {
    this.answers.delete(key);
    this.told.delete(key);
    this.engine.close(key);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.answers.clear();
    this.engine.dispose();
  }

  /** Tell the user once that a document is past layerLens.maxLines. */
  private warnTooLarge(src: Source, over: string): void {
    if (this.warned.has(src.key)) return;
    this.warned.add(src.key);
    void vscode.window.showInformationMessage(vscode.l10n.t('Layer Lens does not analyse {0}: it has {1}, more than the layerLens.maxLines setting ({2} lines, 200 characters a line) allows.', vscode.workspace.asRelativePath(src.uri), over, Config.maxLines().toLocaleString('en-US')));
  }
}

/** The rows between two lines of an answer. */
/** What of an answer (a window's, or the complete analysis) lies between two lines. */
function inLines(r: Lines | FileAnalysis, from: number, to: number): Lines {
  const placed = 'models' in r ? r.models.filter((m) => m.definition === null).map((m) => ({ line: m.line, summary: modelSummary(m) })) : r.placed ?? [];
  const here = placed.filter((p) => p.line >= from && p.line <= to);
  return { calls: r.calls.filter((c) => c.line >= from && c.line <= to), operations: r.operations.filter((o) => o.line >= from && o.line <= to), ...(here.length ? { placed: here } : {}) };
}

/**
 * Past the line limit (or 200 characters a line on average: one 10 MB line is as much to parse as 50,000 short
 * ones), a document is not analysed: how much it has, else undefined. The text is not read past the line limit.
 */
function oversized(src: Source): string | undefined {
  const limit = Config.maxLines();
  // A document's length from VS Code's line table: its text is joined only if the engine needs it.
  const chars = src.lineCount > limit ? 0 : src.document ? src.document.offsetAt(new vscode.Position(src.lineCount, 0)) : src.text().length;
  return tooLargeToAnalyse({ lines: src.lineCount, chars }, limit)?.over;
}

/** A source as the engine client sends it: the workspace folder and environments imports resolve from, and other documents' unsaved text. */
function engineSource(src: Source, edits: EditLog, environments: PythonEnvironments): EngineSource {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(src.file));
  const doc = src.document;
  return {
    key: src.key, version: src.version, file: src.file, roots: folder ? [folder.uri.fsPath] : [], text: src.text, environments: environments.for(src.file),
    // A notebook's joined code is sent whole: its cells' edits are not edits of that text.
    editsSince: doc && ((since) => edits.since(doc, since)),
    // Cell documents share their notebook's path: they are not files to import.
    unsaved: () => vscode.workspace.textDocuments
      .filter((d) => d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath !== src.file && d.languageId === 'python')
      .map((d) => [d.uri.fsPath, d.getText()] as [string, string]),
  };
}

/** The analysis of a file past the line limit: nothing, and one note saying why. */
function tooLarge(src: Source, over: string): FileAnalysis {
  const limit = Config.maxLines();
  return {
    ...EMPTY,
    diagnostics: [{
      severity: 'info', file: src.file, line: 1, column: 0, endLine: 1, endColumn: 0, span: { from: 0, to: 0 }, code: 'too-large',
      message: `not analysed: ${over}, more than layerLens.maxLines (${limit.toLocaleString('en-US')} lines, 200 characters a line) allows`,
    }],
  };
}

/** Problems' entry for a version the engine was stopped on, at the construct it was evaluating. */
function stopDiagnostic(s: Stopped): Diagnostic {
  const line = s.construct.line;
  const cap = s.reason === 'time' ? `ran for more than ${s.detail} s (layerLens.engine.timeLimitSeconds)`
    : s.reason === 'memory' ? `needed more than the engine's memory (layerLens.engine.memoryLimitMb)` : `made the engine fail (${s.detail})`;
  return {
    severity: 'warning', file: s.file, line, column: 0, endLine: line, endColumn: 0, span: { from: 0, to: 0 }, code: 'engine-stopped',
    message: `Layer Lens stopped here: ${s.construct.name} ${cap}; nothing in this version of the file was analysed. The next edit is analysed afresh.`,
  };
}

