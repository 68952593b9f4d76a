/**
 * The engine's findings in the Problems panel: bad layer arguments at the call site, and shape errors from
 * whole-model evaluation with their related places. Updated after edits settle (layerLens.debounceMs).
 */
import * as vscode from 'vscode';
import type { Diagnostic, Severity } from '../core/results';
import type { DocumentStore } from './documents';
import { codeCells, locate, notebookOf } from './notebooks';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class LayerDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('layer-lens');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  static register(store: DocumentStore): LayerDiagnostics {
    return new LayerDiagnostics(store);
  }

  constructor(private readonly store: DocumentStore) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, delay?: number): void {
    if (doc.languageId !== 'python') return;
    // A cell's edit can change what every cell of its notebook shows (an import, a class, an input tensor).
    const nb = notebookOf(doc);
    if (nb) {
      for (const c of codeCells(nb)) this.scheduleOne(c.document, delay);
      return;
    }
    this.scheduleOne(doc, delay);
  }

  private scheduleOne(doc: vscode.TextDocument, delay?: number): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const ms = delay ?? vscode.workspace.getConfiguration('layerLens').get<number>('debounceMs', 300);
    this.timers.set(key, setTimeout(() => void this.refresh(doc), ms));
  }

  /** After edits settle: evaluate the models a step at a time (the editor stays responsive), then publish. */
  private async refresh(doc: vscode.TextDocument): Promise<void> {
    const version = doc.version;
    if (!(await this.store.modelsSoon(doc)) || doc.version !== version || doc.isClosed) return;
    this.update(doc);
  }

  /** Recompute now (also used by tests through the API). */
  update(doc: vscode.TextDocument): vscode.Diagnostic[] {
    const version = doc.version;
    const out: vscode.Diagnostic[] = [];
    const analysis = this.store.analysis(doc);
    const range = (d: Diagnostic) => new vscode.Range(doc.positionAt(d.span.from), doc.positionAt(d.span.to));
    for (const c of analysis.calls) for (const d of c.diagnostics) out.push(make(range(d), d.message, d.severity, d.code));
    for (const d of analysis.diagnostics) if (d.code !== 'syntax') out.push(make(range(d), d.message, d.severity, d.code));
    const models = this.store.models(doc);
    const seen = new Set(out.map((d) => `${d.range.start.line}:${d.message}`));
    for (const m of models.models) {
      for (const d of m.diagnostics) {
        // Errors, and the hints worth a squiggle (Dense on a 4-D tensor: legal in Keras, usually a forgotten Flatten).
        const shown = d.severity === 'error' || HINTS.has(d.code);
        if (!shown || d.file !== doc.uri.fsPath || seen.has(`${d.line - 1}:${d.message}`)) continue;
        seen.add(`${d.line - 1}:${d.message}`);
        const r = new vscode.Range(d.line - 1, d.column, (d.endLine ?? d.line) - 1, d.endColumn ?? d.column);
        const diag = make(r, `${d.message} (in ${m.name})`, d.severity, d.code);
        diag.relatedInformation = d.related?.map((x) => new vscode.DiagnosticRelatedInformation(locate(x.file, x.line, x.column), x.message));
        out.push(diag);
      }
    }
    if (doc.version === version) this.collection.set(doc.uri, out);
    return out;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.collection.dispose();
  }
}

/** Model warnings that go to the Problems panel (other warnings, such as budgets, stay in the results). */
const HINTS = new Set(['keras-dense-4d']);

function make(range: vscode.Range, message: string, severity: Severity, code: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, message, SEVERITY[severity]);
  d.source = 'Layer Lens';
  d.code = code;
  return d;
}
