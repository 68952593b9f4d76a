/**
 * Notebook cells as the kernel sees them: one program made of the notebook's Python code cells in order
 * (src/core/notebook.ts joins them), so that a class from one cell, imports from another and a tensor made
 * in a third all count. Each surface still works on one cell; results are mapped to it.
 */
import * as vscode from 'vscode';
import { joinCells, type NotebookCode } from '../core';

export const CELL_SCHEME = 'vscode-notebook-cell';

/** What the engine analyses for a document: the document, or for a notebook cell its notebook's code. */
export interface Source {
  /** Cache key: the document's or the notebook's URI. */
  key: string;
  /** Changes whenever the analysed text may have changed. */
  version: string;
  /** The path the engine evaluates it as (a notebook: `name_ipynb.py` beside it, as the CLI does). */
  file: string;
  /** The document's or the notebook's URI. */
  uri: vscode.Uri;
  /** The text (read only when it is analysed: a 10k-line document's getText costs a millisecond). */
  text(): string;
  lineCount: number;
  /** The document, when it is analysed on its own (not as a notebook cell). */
  document?: vscode.TextDocument;
  /** For a cell: the joined code, the cell's index in the notebook, and the notebook. */
  cell?: { code: NotebookCode; index: number; notebook: vscode.NotebookDocument };
}

/** The notebook a cell document belongs to. */
export function notebookOf(doc: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (doc.uri.scheme !== CELL_SCHEME) return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === doc));
}

/** The Python code cells of a notebook, in order. */
export function codeCells(nb: vscode.NotebookDocument): vscode.NotebookCell[] {
  return nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
}

/** The joined code of each notebook, by its cells' versions: joined again only after an edit. */
const joined = new WeakMap<vscode.NotebookDocument, { version: string; code: NotebookCode }>();

export function sourceOf(doc: vscode.TextDocument): Source {
  const nb = notebookOf(doc);
  if (!nb) return { key: doc.uri.toString(), version: String(doc.version), file: doc.uri.fsPath, uri: doc.uri, text: () => doc.getText(), lineCount: doc.lineCount, document: doc };
  const cells = codeCells(nb);
  const version = cells.map((c) => `${c.index}:${c.document.uri.fragment}:${c.document.version}`).join(',');
  let hit = joined.get(nb);
  if (!hit || hit.version !== version) {
    hit = { version, code: joinCells(cells.map((c) => ({ cell: c.index, source: c.document.getText() }))) };
    joined.set(nb, hit);
  }
  const cell = nb.getCells().find((c) => c.document === doc)!;
  const code = hit.code;
  return {
    key: nb.uri.toString(), version, file: entryFile(nb), uri: nb.uri, text: () => code.text,
    lineCount: code.cells.reduce((n, c) => n + c.lines, 0), cell: { code, index: cell.index, notebook: nb },
  };
}

/** The path a notebook's joined code is evaluated as: beside the notebook, so its package imports resolve. */
export function entryFile(nb: vscode.NotebookDocument): string {
  return `${nb.uri.fsPath.replace(/\.ipynb$/i, '')}_ipynb.py`;
}

/**
 * Where a place in a notebook's joined code is (its cell document and the line there), for related
 * information and links; other files are themselves.
 */
export function locate(file: string, line: number, column: number): vscode.Location {
  for (const nb of vscode.workspace.notebookDocuments) {
    if (entryFile(nb) !== file) continue;
    const hit = joined.get(nb);
    const c = hit?.code.cells.find((x) => line >= x.firstLine && line < x.firstLine + x.lines);
    const cell = c && nb.cellAt(c.cell);
    if (cell) return new vscode.Location(cell.document.uri, new vscode.Position(line - c.firstLine, column));
  }
  return new vscode.Location(vscode.Uri.file(file), new vscode.Position(line - 1, column));
}
