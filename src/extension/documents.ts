/**
 * Analysis results per open document, by version: call-site results re-analysed incrementally from the
 * edits VS Code reports, and whole-model results evaluated on demand. Nothing here computes a figure;
 * it asks src/core and caches.
 */
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { DocumentAnalyzer, type TextChange } from '../core/documentAnalyzer';
import { evaluateModels, evaluateModelsStepwise, ModelBatch, type ModelResult, type ModelDiagnostic } from '../core/model';
import type { FileAnalysis } from '../core/results';
import { analyzeText, type AnalyzeOptions } from '../core/analyze';
import { analyzeOptions } from './config';
import { analysisForCell, modelForCell } from '../core/notebook';
import { CELL_SCHEME, sourceOf, type Source } from './notebooks';

interface Entry {
  analyzer: DocumentAnalyzer;
  version: string;
  result?: FileAnalysis;
  pending: TextChange[];
  models?: { version: string; models: ModelResult[]; diagnostics: ModelDiagnostic[] };
  /** The last version was past layerLens.maxLines and not analysed. */
  oversized?: boolean;
  /** A model evaluation in progress, one model per turn of the event loop (modelsSoon). */
  running?: { version: string; steps: Generator<void, { models: ModelResult[]; diagnostics: ModelDiagnostic[] }, void>; done: Promise<boolean> };
  /** Results for inputs set in the side panel, by version and request (a few at most). */
  custom?: { version: string; byKey: Map<string, ModelResult | FileAnalysis> };
  /** This version's module, loaded once for the models asked for one at a time (model CodeLens). */
  batch?: { version: string; batch: ModelBatch };
}

/** Time a model evaluation may take in the editor before it stops and says so. */
const MODEL_BUDGET_MS = 1500;

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
      vscode.workspace.onDidChangeTextDocument((e) => {
        const entry = this.entries.get(e.document.uri.toString());
        // Offsets of each change are in the text before it; VS Code lists them so that applying in order works.
        if (entry) for (const c of e.contentChanges) entry.pending.push({ from: c.rangeOffset, to: c.rangeOffset + c.rangeLength, insertLength: c.text.length });
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString())),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.entries.delete(nb.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('layerLens')) this.entries.clear();
      }),
    );
  }

  /** Call-site analysis of the document's current version (incremental, cached). */
  analysis(doc: vscode.TextDocument): FileAnalysis {
    const src = sourceOf(doc);
    const result = this.analysisOf(src);
    return src.cell ? analysisForCell(src.cell.code, result, src.cell.index) : result;
  }

  private analysisOf(src: Source): FileAnalysis {
    let entry = this.entries.get(src.key);
    if (!entry) {
      entry = { analyzer: new DocumentAnalyzer(analyzeOptions()), version: '', pending: [] };
      this.entries.set(src.key, entry);
    }
    if (entry.result && entry.version === src.version) return entry.result;
    // A file past the line limit is not analysed (50k dense lines took 2.2 s, too long to hold the editor):
    // the user is told once, and every surface shows nothing for it.
    const limit = maxLines();
    if (src.lineCount > limit) {
      entry.result = tooLarge(src.lineCount, limit);
      entry.models = { version: src.version, models: [], diagnostics: [] };
      entry.version = src.version;
      entry.pending = [];
      entry.oversized = true;
      if (!this.warned.has(src.key)) {
        this.warned.add(src.key);
        void vscode.window.showInformationMessage(vscode.l10n.t('Layer Lens does not analyse {0}: it has {1} lines, more than the {2} of the layerLens.maxLines setting.', vscode.workspace.asRelativePath(src.uri), src.lineCount.toLocaleString('en-US'), limit.toLocaleString('en-US')));
      }
      return entry.result;
    }
    // Back under the limit: start again from the whole text. A notebook's edits are in its cells' coordinates:
    // the analyzer finds the changed region itself.
    const changes = entry.result && !entry.oversized && !src.cell ? entry.pending : undefined;
    entry.oversized = false;
    entry.result = entry.analyzer.update(src.text(), changes);
    entry.pending = [];
    entry.version = src.version;
    return entry.result;
  }

  /** Whole-model results if they are already computed for the current version (never computes: hovers must be fast). */
  cachedModels(doc: vscode.TextDocument): ModelResult[] | undefined {
    const src = sourceOf(doc);
    const entry = this.entries.get(src.key);
    return entry?.models && entry.models.version === src.version ? entry.models.models.map((m) => view(src, doc, m)) : undefined;
  }

  /** Whole-model results for the document's current version: every class and factory it can build. */
  models(doc: vscode.TextDocument): { models: ModelResult[]; diagnostics: ModelDiagnostic[] } {
    const src = sourceOf(doc);
    const r = this.modelsOf(src);
    return src.cell ? { models: r.models.map((m) => view(src, doc, m)), diagnostics: r.diagnostics } : r;
  }

  private modelsOf(src: Source): { models: ModelResult[]; diagnostics: ModelDiagnostic[] } {
    this.analysisOf(src);
    const entry = this.entries.get(src.key)!;
    if (entry.models && entry.models.version === src.version) return entry.models;
    // Finish a run in progress for this version, else run one, now.
    const steps = entry.running?.version === src.version ? entry.running.steps : this.start(src);
    for (;;) {
      const r = steps.next();
      if (r.done) {
        entry.models = { version: src.version, ...r.value };
        entry.running = undefined;
        return entry.models;
      }
    }
  }

  /**
   * The same without holding the editor: one model per turn of the event loop, so hovers and CodeLens
   * answer in between. Resolves false when the document changed before the end (the run is dropped).
   */
  modelsSoon(doc: vscode.TextDocument): Promise<boolean> {
    const src = sourceOf(doc);
    this.analysisOf(src);
    const entry = this.entries.get(src.key)!;
    const version = src.version;
    if (entry.models && entry.models.version === version) return Promise.resolve(true);
    if (entry.running?.version === version) return entry.running.done;
    const steps = this.start(src);
    const done = new Promise<boolean>((resolve) => {
      const step = () => {
        if (doc.isClosed || sourceOf(doc).version !== version || entry.running?.steps !== steps) return resolve(false);
        if (entry.models?.version === version) return resolve(true); // finished synchronously by models()
        const r = steps.next();
        if (r.done) {
          entry.models = { version, ...r.value };
          entry.running = undefined;
          return resolve(true);
        }
        setImmediate(step);
      };
      setImmediate(step);
    });
    entry.running = { version, steps, done };
    return done;
  }

  private start(src: Source) {
    const d = analyzeOptions().inputDefaults;
    return evaluateModelsStepwise(src.file, workspaceFiles(src), { defaultInput: [d.batch, 3, d.imageSize, d.imageSize], timeBudgetMs: MODEL_BUDGET_MS });
  }

  /** One model, by its call (`TinyResNet()`): from the whole-file results when they are ready, else alone. */
  model(doc: vscode.TextDocument, call: string): ModelResult | undefined {
    const ready = this.cachedModels(doc);
    if (ready) return ready.find((m) => m.name === call);
    const src = sourceOf(doc);
    const m = this.custom(src, `one ${call}`, () => this.batch(src).evaluate(call)) as ModelResult | undefined;
    return m && view(src, doc, m);
  }

  private batch(src: Source): ModelBatch {
    const entry = this.entries.get(src.key)!;
    if (entry.batch?.version !== src.version) {
      const d = analyzeOptions().inputDefaults;
      entry.batch = { version: src.version, batch: new ModelBatch(src.file, workspaceFiles(src), { defaultInput: [d.batch, 3, d.imageSize, d.imageSize], timeBudgetMs: MODEL_BUDGET_MS }) };
    }
    return entry.batch.batch;
  }

  /**
   * One model evaluated on given inputs (set in the side panel, or a budget's), cached for the current version.
   * No inputs: the model's own (annotation, code, else one 224×224 image), whatever the settings say.
   */
  modelWithInputs(doc: vscode.TextDocument, call: string, inputs: { shape: number[]; dtype: string }[]): ModelResult | undefined {
    const src = sourceOf(doc);
    const m = this.custom(src, `model ${call} ${JSON.stringify(inputs)}`, () =>
      evaluateModels(src.file, workspaceFiles(src), { call, inputs: inputs.length ? inputs : undefined, timeBudgetMs: MODEL_BUDGET_MS }).models[0]) as ModelResult | undefined;
    return m && view(src, doc, m);
  }

  /** Call-site analysis with input defaults the user set in the side panel (cached for the current version). */
  analysisWith(doc: vscode.TextDocument, options: AnalyzeOptions): FileAnalysis {
    const src = sourceOf(doc);
    const r = this.custom(src, `calls ${JSON.stringify(options)}`, () => analyzeText(src.text(), options)) as FileAnalysis;
    return src.cell ? analysisForCell(src.cell.code, r, src.cell.index) : r;
  }

  private custom(src: Source, key: string, compute: () => ModelResult | FileAnalysis | undefined): ModelResult | FileAnalysis | undefined {
    this.analysisOf(src);
    const entry = this.entries.get(src.key)!;
    if (!entry.custom || entry.custom.version !== src.version) entry.custom = { version: src.version, byKey: new Map() };
    const hit = entry.custom.byKey.get(key);
    if (hit) return hit;
    const r = compute();
    if (entry.custom.byKey.size >= 8) entry.custom.byKey.clear();
    if (r) entry.custom.byKey.set(key, r);
    return r;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.entries.clear();
  }
}

/** A model as the document sees it: for a notebook cell, rows and problems of that cell at its own lines. */
function view(src: Source, doc: vscode.TextDocument, m: ModelResult): ModelResult {
  return src.cell ? modelForCell(src.cell.code, m, src.file, src.cell.index, doc.uri.fsPath) : m;
}

/** Files as the editor has them: open documents' unsaved text first, then the disk. */
function workspaceFiles(src: Source): { read(path: string): string | undefined } {
  // Cell documents share their notebook's path: they are not files to import.
  const open = new Map(vscode.workspace.textDocuments.filter((d) => d.uri.scheme !== CELL_SCHEME).map((d) => [d.uri.fsPath, d]));
  return {
    read: (p: string) => {
      if (p === src.file) return src.text();
      const d = open.get(p);
      if (d) return d.getText();
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

function maxLines(): number {
  const v = vscode.workspace.getConfiguration('layerLens').get<number>('maxLines', 20_000);
  return Number.isSafeInteger(v) && v > 0 ? v : 20_000;
}

/** The analysis of a file past the line limit: no calls, and one note saying why. */
function tooLarge(lines: number, limit: number): FileAnalysis {
  return {
    calls: [],
    diagnostics: [{
      severity: 'info', line: 1, column: 0, span: { from: 0, to: 0 }, code: 'too-large',
      message: `not analysed: ${lines.toLocaleString('en-US')} lines, more than layerLens.maxLines (${limit.toLocaleString('en-US')})`,
    }],
  };
}
