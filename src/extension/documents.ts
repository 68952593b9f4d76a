/**
 * The engine's results per open document and version: what a surface asks for (the lines on screen, one model,
 * everything) is evaluated by src/core on demand and kept for the version. Nothing here computes a figure.
 */
import { readFileSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import {
  analysisForCell, analyzeFile, decodeSource, DocumentAnalysis, isFile, modelForCell, nodeFileIo, readBounded, tooLargeToAnalyse,
  type AnalysisOptions, type CallResult, type DocumentVersion, type FileAnalysis, type FileSystem, type ModelResult, type OperationResult,
} from '../core';
import { Config } from './config';
import { CELL_SCHEME, sourceOf, type Source } from './notebooks';

/** Time a model evaluation may take in the editor before it stops and says so. */
const MODEL_BUDGET_MS = 1500;
/** How many lines above the cursor a call written over several lines may start. */
const CALL_LINES = 40;

interface Entry {
  analysis: DocumentAnalysis;
  /** The last version was past layerLens.maxLines and not analysed. */
  oversized?: { version: string; result: FileAnalysis };
  /** A complete analysis in progress, one model per turn of the event loop (analysisSoon). */
  running?: { version: string; done: Promise<boolean> };
  /** Results for inputs set in the side panel or by a budget, by version and request (a few at most). */
  custom?: { version: string; byKey: Map<string, FileAnalysis> };
}

const EMPTY: FileAnalysis = { calls: [], operations: [], models: [], diagnostics: [] };

/**
 * Every method takes the document a surface works on. A notebook cell is analysed as part of its notebook
 * (./notebooks.ts): results are computed once for the notebook's joined code and mapped to the cell asked about.
 */
export class DocumentStore implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  /** Documents already reported as too large to analyse. */
  private readonly warned = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString())),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.entries.delete(nb.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('layerLens')) this.entries.clear();
      }),
    );
  }

  /** Whether the document is analysed at all (not past layerLens.maxLines). */
  analysed(doc: vscode.TextDocument): boolean {
    return this.version(sourceOf(doc)) !== undefined;
  }

  /** Layer lines between two lines (1-based, inclusive) of the document, each in its best-known context. */
  callsIn(doc: vscode.TextDocument, fromLine: number, toLine: number): CallResult[] {
    const src = sourceOf(doc);
    if (src.cell) return this.analysis(doc).calls.filter((c) => c.line >= fromLine && c.line <= toLine);
    return this.version(src)?.callsIn(fromLine, toLine) ?? [];
  }

  /** The innermost layer call at an offset (nn.Sequential(nn.Conv2d(…)) over the conv: the conv). */
  callAt(doc: vscode.TextDocument, offset: number): CallResult | undefined {
    const line = doc.positionAt(offset).line + 1;
    // A call written over several lines started on this line or one of the lines above.
    const hits = this.callsIn(doc, Math.max(1, line - CALL_LINES), line).filter((c) => c.span.from <= offset && offset < c.span.to);
    return hits.sort((a, b) => a.span.to - a.span.from - (b.span.to - b.span.from))[0];
  }

  /** The functional operations written on a line (1-based), in their context. */
  operationsAt(doc: vscode.TextDocument, line: number): OperationResult[] {
    const src = sourceOf(doc);
    if (src.cell) return this.analysis(doc).operations.filter((o) => o.line === line);
    return this.version(src)?.operationsIn(line, line) ?? [];
  }

  /** The model of a class or factory of the document (or, for a class used inside another model, its view there). */
  model(doc: vscode.TextDocument, definition: string): ModelResult | undefined {
    const src = sourceOf(doc);
    if (src.cell) return this.analysis(doc).models.find((m) => m.definition === definition);
    return this.version(src)?.model(definition);
  }

  /** Everything about the document's current version, computed now (bounded by each model's time budget). */
  analysis(doc: vscode.TextDocument): FileAnalysis {
    const src = sourceOf(doc);
    const v = this.version(src);
    const entry = this.entries.get(src.key)!;
    const result = v ? v.analysis() : entry.oversized?.result ?? EMPTY;
    return src.cell ? analysisForCell(src.cell.code, result, src.file, src.cell.index, doc.uri.fsPath) : result;
  }

  /** Everything, if it is already computed for the current version (never computes: hovers must be fast). */
  finished(doc: vscode.TextDocument): FileAnalysis | undefined {
    const src = sourceOf(doc);
    const entry = this.entries.get(src.key);
    const v = entry && !entry.oversized && entry.analysis.version(src.text());
    return v && v.finished ? (src.cell ? analysisForCell(src.cell.code, v.finished, src.file, src.cell.index, doc.uri.fsPath) : v.finished) : undefined;
  }

  /**
   * The complete analysis without holding the editor: one model per turn of the event loop, so hovers and
   * CodeLens answer in between. Resolves false when the document changed before the end (the run is dropped).
   */
  analysisSoon(doc: vscode.TextDocument): Promise<boolean> {
    const src = sourceOf(doc);
    const v = this.version(src);
    const entry = this.entries.get(src.key)!;
    if (!v || v.finished) return Promise.resolve(true);
    if (entry.running?.version === src.version) return entry.running.done;
    const steps = v.steps();
    const version = src.version;
    const done = new Promise<boolean>((resolve) => {
      const step = () => {
        if (doc.isClosed || sourceOf(doc).version !== version) return resolve(false);
        if (steps.next().done) return resolve(true);
        setImmediate(step);
      };
      setImmediate(step);
    });
    entry.running = { version, done };
    return done;
  }

  /**
   * A model evaluated on given inputs (set in the side panel, or a budget's), cached for the current version. No
   * inputs: the model's own (annotation, the code's call, else a guess), whatever the settings say.
   */
  modelWithInputs(doc: vscode.TextDocument, call: string, inputs: { shape: number[]; dtype: string }[]): ModelResult | undefined {
    const src = sourceOf(doc);
    const m = this.custom(src, `model ${call} ${JSON.stringify(inputs)}`, { call, inputs: inputs.length ? inputs : undefined, timeBudgetMs: MODEL_BUDGET_MS }).models[0];
    return m && src.cell ? modelForCell(src.cell.code, m, src.file, src.cell.index, doc.uri.fsPath) : m;
  }

  /** Layer lines alone on other default inputs (set in the side panel), cached for the current version. */
  analysisWith(doc: vscode.TextDocument, options: AnalysisOptions): FileAnalysis {
    const src = sourceOf(doc);
    const r = this.custom(src, `calls ${JSON.stringify(options)}`, { ...options, timeBudgetMs: MODEL_BUDGET_MS });
    return src.cell ? analysisForCell(src.cell.code, r, src.file, src.cell.index, doc.uri.fsPath) : r;
  }

  private custom(src: Source, key: string, options: AnalysisOptions): FileAnalysis {
    const entry = this.entryOf(src);
    if (entry.oversized) return EMPTY;
    if (!entry.custom || entry.custom.version !== src.version) entry.custom = { version: src.version, byKey: new Map() };
    const hit = entry.custom.byKey.get(key);
    if (hit) return hit;
    const r = analyzeFile(src.file, workspaceFiles(src), { ...Config.analysis(), ...options });
    if (entry.custom.byKey.size >= 8) entry.custom.byKey.clear();
    entry.custom.byKey.set(key, r);
    return r;
  }

  private entryOf(src: Source): Entry {
    let entry = this.entries.get(src.key);
    if (!entry) {
      entry = { analysis: new DocumentAnalysis(src.file, workspaceFiles(src), { ...Config.analysis(), timeBudgetMs: MODEL_BUDGET_MS }) };
      this.entries.set(src.key, entry);
    }
    return entry;
  }

  /**
   * The current version of a source, or undefined past the line limit: such a file is not analysed (50k dense
   * lines took seconds, too long to hold the editor); the user is told once, and every surface shows nothing.
   */
  private version(src: Source): DocumentVersion | undefined {
    const entry = this.entryOf(src);
    const limit = Config.maxLines();
    // Lines, and characters (200 a line on average): one 10 MB line is as much to parse as 50,000 short ones.
    // The text is read once, and not at all past the line limit.
    const text = src.lineCount > limit ? '' : src.text();
    const over = tooLargeToAnalyse({ lines: src.lineCount, chars: text.length }, limit)?.over;
    if (over) {
      if (entry.oversized?.version !== src.version) entry.oversized = { version: src.version, result: tooLarge(src, over, limit) };
      if (!this.warned.has(src.key)) {
        this.warned.add(src.key);
        void vscode.window.showInformationMessage(vscode.l10n.t('Layer Lens does not analyse {0}: it has {1}, more than the layerLens.maxLines setting ({2} lines, 200 characters a line) allows.', vscode.workspace.asRelativePath(src.uri), over, limit.toLocaleString('en-US')));
      }
      return undefined;
    }
    entry.oversized = undefined;
    return entry.analysis.version(text);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.entries.clear();
  }
}

/** The disk, stat'ed and bounded (../core/files.ts). */
const io = nodeFileIo(statSync, readFileSync);

/** Files as the editor has them: open documents' unsaved text first, then the disk. */
function workspaceFiles(src: Source): FileSystem {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(src.file));
  return {
    roots: folder ? [folder.uri.fsPath] : [],
    read: (p: string) => {
      if (p === src.file) return src.text();
      // Cell documents share their notebook's path: they are not files to import.
      const d = vscode.workspace.textDocuments.find((x) => x.uri.scheme !== CELL_SCHEME && x.uri.fsPath === p);
      if (d) return d.getText();
      const r = readBounded(io, p);
      if (!('bytes' in r)) return undefined;
      const decoded = decodeSource(r.bytes);
      return 'text' in decoded ? decoded.text : undefined;
    },
    // A stat, never a read, to know a module is there (an __init__.py linked to /dev/zero is not read).
    exists: (p: string) => p === src.file || isFile(io, p),
  };
}

/** The analysis of a file past the line limit: nothing, and one note saying why. */
function tooLarge(src: Source, over: string, limit: number): FileAnalysis {
  return {
    ...EMPTY,
    diagnostics: [{
      severity: 'info', file: src.file, line: 1, column: 0, endLine: 1, endColumn: 0, span: { from: 0, to: 0 }, code: 'too-large',
      message: `not analysed: ${over}, more than layerLens.maxLines (${limit.toLocaleString('en-US')} lines, 200 characters a line) allows`,
    }],
  };
}
