/**
 * The engine's findings in the Problems panel: mistakes in layer arguments at the call, shape errors at the line
 * that would raise (with their related places), what was not understood, and a note where a model's input was
 * guessed. Updated after edits settle (layerLens.debounceMs), from the complete analysis of the version.
 */
import * as vscode from 'vscode';
import type { Diagnostic, Severity } from '../core';
import type { DocumentStore } from './documents';
import { Config } from './config';
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
      // Other settings or Python environments: every open file's findings may change.
      store.onDidReset(() => vscode.workspace.textDocuments.forEach((d) => this.schedule(d))),
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
    this.timers.set(key, setTimeout(() => void this.refresh(doc), delay ?? Config.debounceMs()));
  }

  /** After edits settle: the engine evaluates every model in its worker; the findings are published when it is done. */
  private async refresh(doc: vscode.TextDocument): Promise<void> {
    if (!doc.isClosed) await this.update(doc);
  }

  /** The current version's findings, published unless the document changed meanwhile (also used by tests through the API). */
  async update(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
    const version = doc.version;
    // The editor shows its own syntax errors; a file's other findings are ours.
    const found = await this.store.diagnostics(doc);
    const out = found.filter((d) => d.file === doc.uri.fsPath && d.code !== 'syntax').map(toVscode);
    if (doc.version === version && !doc.isClosed) this.collection.set(doc.uri, out);
    return out;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.collection.dispose();
  }
}

function toVscode(d: Diagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.line - 1, d.column, d.endLine - 1, d.endColumn);
  const out = new vscode.Diagnostic(range, d.model ? `${d.message} (${vscode.l10n.t('in {0}', d.model)})` : d.message, SEVERITY[d.severity]);
  out.source = 'Layer Lens';
  out.code = d.code;
  out.relatedInformation = d.related?.map((x) => new vscode.DiagnosticRelatedInformation(locate(x.file, x.line, x.column), x.message));
  return out;
}
