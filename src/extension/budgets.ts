/**
 * Cost budgets in the editor: the budget file that applies to a document (as `layer-lens check` finds it),
 * read once and again when it changes, and each budgeted model of the document checked on its own input.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { bytes, checkBudget, compact, formatLimit, LIMIT_LABELS as CORE_LABELS, findBudgetFile, isFile, nodeFileIo, parseBudgets, readBounded, type BudgetConfig, type BudgetEntry, type BudgetResult, type LimitName } from '../core';
import type { DocumentStore } from './documents';
import { notebookOf } from './notebooks';

/** Budget files from the disk, stat'ed and bounded: a layer-lens.toml linked to a device is never read. */
const io = nodeFileIo(statSync, readFileSync);
const disk = {
  exists: (p: string) => isFile(io, p),
  read(p: string): string | undefined {
    const r = readBounded(io, p);
    return 'bytes' in r ? new TextDecoder().decode(r.bytes) : undefined;
  },
};

/** A budget checked, with the budget file it is from. */
export type CheckedBudget = BudgetResult & { source: string };

/** The limits' names, shorter where the lens is narrow. */
export const LIMIT_LABELS: Record<LimitName, string> = { ...CORE_LABELS, memoryAccessCost: 'MAC' };

export class Budgets implements vscode.Disposable {
  /** Parsed budget files by path (undefined: looked for, none there). */
  private readonly files = new Map<string, BudgetConfig | undefined>();
  private readonly byFolder = new Map<string, string | undefined>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a budget file is created, edited or deleted. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  /** Budget files found, each watched by itself (the glob above sees only the workspace folders). */
  private readonly watched = new Set<string>();
  /** A budget file's own problems (a bad entry is left out, and says why here). */
  private readonly problems = vscode.languages.createDiagnosticCollection('layer-lens-budgets');

  constructor(private readonly store: DocumentStore) {
    this.watch(vscode.workspace.createFileSystemWatcher('**/{layer-lens.toml,pyproject.toml}'));
    this.disposables.push(this.problems, vscode.workspace.onDidSaveTextDocument((d) => /(^|\/)(layer-lens|pyproject)\.toml$/.test(d.uri.path) && this.reset()));
  }

  private watch(watcher: vscode.FileSystemWatcher): void {
    const reset = () => this.reset();
    this.disposables.push(watcher, watcher.onDidChange(reset), watcher.onDidCreate(reset), watcher.onDidDelete(reset));
  }

  private reset(): void {
    this.problems.clear();
    this.files.clear();
    this.byFolder.clear();
    this.changed.fire();
  }

  /** The budget file for a document's folder, parsed (cached until a budget file changes). */
  configFor(doc: vscode.TextDocument): BudgetConfig | undefined {
    if (doc.uri.scheme !== 'file' && !notebookOf(doc)) return undefined;
    const dir = path.dirname(doc.uri.fsPath);
    if (!this.byFolder.has(dir)) this.byFolder.set(dir, findBudgetFile(dir, disk)?.path);
    const file = this.byFolder.get(dir);
    if (!file) return undefined;
    if (!this.watched.has(file)) {
      this.watched.add(file);
      this.watch(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file))));
    }
    if (!this.files.has(file)) {
      const text = disk.read(file);
      const kind = path.basename(file) === 'pyproject.toml' ? 'pyproject.toml' : 'layer-lens.toml';
      const config = text === undefined ? undefined : parseBudgets(text, kind, path.dirname(file), vscode.workspace.asRelativePath(file));
      this.files.set(file, config);
      this.problems.set(vscode.Uri.file(file), (config?.problems ?? []).map((p) => {
        const d = new vscode.Diagnostic(new vscode.Range(p.line - 1, p.column, p.line - 1, Number.MAX_SAFE_INTEGER), vscode.l10n.t('Budget left out: {0}', p.message), vscode.DiagnosticSeverity.Error);
        d.source = 'Layer Lens';
        return d;
      }));
    }
    return this.files.get(file);
  }

  /** Budgets for the models a document defines whose class or factory is `name` (`TinyResNet`). */
  entriesFor(doc: vscode.TextDocument, name: string): BudgetEntry[] {
    const file = doc.uri.fsPath;
    return (this.configFor(doc)?.entries ?? []).filter((e) => e.file === file && calleeOf(e.call) === name);
  }

  /**
   * Each budget of that model checked on the budget's own input, else the model's own, as `layer-lens check`
   * does (the editor's default-input settings do not apply: CI and the editor must agree). Evaluated once per
   * document version.
   */
  check(doc: vscode.TextDocument, name: string): Promise<CheckedBudget[]> {
    const source = this.configFor(doc)?.source ?? '';
    return Promise.all(this.entriesFor(doc, name).map(async (e) => ({ ...checkBudget(e, await this.store.modelWithInputs(doc, e.call, e.inputs)), source })));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** `resnet50` of `resnet50()`, `MyNet` of `models.MyNet(width=2)`. */
export function calleeOf(call: string): string {
  const head = call.slice(0, call.indexOf('(')).trim();
  return head.slice(head.lastIndexOf('.') + 1);
}

/** `Mult-Adds 356 M > 300 M`, for each limit exceeded; the problem when it could not be checked. */
export function budgetSummary(r: BudgetResult): string {
  if (r.status === 'error') return r.problem ?? '';
  const fmt = (figure: LimitName, n: number) => formatLimit(figure, n, bytes, compact);
  return r.checks.filter((c) => !c.ok && c.value !== null).map((c) => `${LIMIT_LABELS[c.figure]} ${fmt(c.figure, c.value!)} > ${fmt(c.figure, c.limit)}`).join(' · ');
}
