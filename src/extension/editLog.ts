/**
 * The edits of each open document, version by version, as VS Code reports them: the engine's worker holds the
 * text of the version it last analysed, and gets a keystroke's edit instead of the whole document (issue 20).
 * Only a chain of consecutive versions is given; anything missing and the client sends the whole text.
 */
import * as vscode from 'vscode';
import type { TextEdit } from '../core';
import { CELL_SCHEME } from './notebooks';

/** Versions kept per document: the worker is asked about the current one, so a few are plenty. */
const MAX_VERSIONS = 64;
/** Past this many characters inserted in the kept versions, the whole text is cheaper to send. */
const MAX_INSERTED = 256 * 1024;

interface Logged {
  /** The version the edits made. */
  version: number;
  changes: TextEdit[];
}

export class EditLog implements vscode.Disposable {
  private readonly logs = new Map<string, Logged[]>();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.workspace.onDidChangeTextDocument((e) => this.record(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.logs.delete(d.uri.toString())),
    ];
  }

  /** The edits from `since` to the document's current version, with the text length they give; undefined if any are missing. */
  since(doc: vscode.TextDocument, since: string): { changes: TextEdit[]; length: number } | undefined {
    const log = this.logs.get(doc.uri.toString());
    const from = Number(since);
    if (!log || !Number.isSafeInteger(from)) return undefined;
    const first = log.findIndex((l) => l.version === from + 1);
    if (first < 0) return undefined;
    const changes: TextEdit[] = [];
    for (let i = first; i < log.length; i++) {
      // A version VS Code did not report to us (or reported out of order): the chain is broken.
      if (log[i].version !== from + 1 + (i - first)) return undefined;
      changes.push(...log[i].changes);
    }
    if (log[log.length - 1].version !== doc.version) return undefined;
    // The length from the line table VS Code keeps, without joining the text: the worker checks the edits give it.
    return { changes, length: doc.offsetAt(new vscode.Position(doc.lineCount, 0)) };
  }

  private record(e: vscode.TextDocumentChangeEvent): void {
    // Only what the engine is sent as a document of its own: Python files, not notebook cells or output channels.
    if (e.contentChanges.length === 0 || e.document.languageId !== 'python' || e.document.uri.scheme === CELL_SCHEME) return;
    const key = e.document.uri.toString();
    let log = this.logs.get(key);
    if (!log) this.logs.set(key, (log = []));
    // VS Code applies an event's changes one after another, each in the text the previous ones left.
    log.push({ version: e.document.version, changes: e.contentChanges.map((c) => ({ at: c.rangeOffset, remove: c.rangeLength, insert: c.text })) });
    let inserted = 0;
    for (const l of log) for (const c of l.changes) inserted += c.insert.length;
    while (log.length > MAX_VERSIONS || (log.length > 1 && inserted > MAX_INSERTED)) {
      for (const c of log.shift()!.changes) inserted -= c.insert.length;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.logs.clear();
  }
}
