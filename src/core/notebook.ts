/**
 * A Jupyter notebook's code as the kernel runs it: its code cells in order, one Python text, with each
 * cell's place in it so that results map back to (cell, line). IPython magics and shell lines (`%…`, `!…`)
 * become comments of the same length (`#…`), so offsets within a cell are the same in the joined text.
 */
import type { FileSystem } from './eval/session';
import { sourceSize, tooLargeToAnalyse, withText } from './files';
import type { CallResult, Diagnostic, FileAnalysis, ModelLayer, ModelResult } from './results';

export interface NotebookCode {
  text: string;
  /**
   * Code cells: their index among all the notebook's cells, their first line (1-based) in `text`, how many
   * lines they have, and where they start and how long they are in `text` (characters).
   */
  cells: { cell: number; firstLine: number; lines: number; offset: number; length: number }[];
}

/** Join code cells (each with its index among all cells) into one text, in the order given. */
export function joinCells(cells: { cell: number; source: string }[]): NotebookCode {
  const parts: string[] = [];
  const out: NotebookCode['cells'] = [];
  let line = 1;
  let offset = 0;
  for (const { cell, source } of cells) {
    const lines = source.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/^(\s*)[%!]/, '$1#'));
    const text = lines.join('\n');
    out.push({ cell, firstLine: line, lines: lines.length, offset, length: text.length });
    parts.push(text);
    line += lines.length;
    offset += text.length + 1;
  }
  return { text: parts.join('\n'), cells: out };
}

/** A notebook file's (.ipynb JSON) code cells, joined; or why it is not a notebook. */
export function notebookCode(json: string): NotebookCode | string {
  let nb: { cells?: { cell_type?: unknown; source?: unknown }[] };
  try {
    nb = JSON.parse(json);
  } catch (e) {
    return `not a notebook: ${(e as Error).message}`;
  }
  if (!nb || !Array.isArray(nb.cells)) return 'not a notebook: no "cells" list';
  const code: { cell: number; source: string }[] = [];
  nb.cells.forEach((c, index) => {
    if (c?.cell_type !== 'code') return;
    const source = Array.isArray(c.source) ? c.source.filter((s): s is string => typeof s === 'string').join('') : typeof c.source === 'string' ? c.source : '';
    code.push({ cell: index, source });
  });
  return joinCells(code);
}

/** The cell and the line within it (1-based) of a line of the notebook's code. */
export function cellLine(nb: NotebookCode, line: number): { cell: number; line: number } | undefined {
  // Cells are in line order: a binary search, so that placing every row of a 100,000-cell notebook stays linear-ish.
  let lo = 0;
  let hi = nb.cells.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = nb.cells[mid];
    if (line < c.firstLine) hi = mid - 1;
    else if (line >= c.firstLine + c.lines) lo = mid + 1;
    else return { cell: c.cell, line: line - c.firstLine + 1 };
  }
  return undefined;
}

// ------------------------------------------------------------------ results seen from one cell

/**
 * The analysis of the joined code (evaluated as `entry`) as one cell sees it: what is inside the cell is in
 * `cellFile`, at the cell's own offsets and lines; what is in other cells stays in `entry` (see cellLine).
 */
export function analysisForCell(nb: NotebookCode, analysis: FileAnalysis, entry: string, cell: number, cellFile: string): FileAnalysis {
  const c = nb.cells.find((x) => x.cell === cell);
  if (!c) return { calls: [], operations: [], models: [], diagnostics: [] };
  const inside = (s: { from: number }) => s.from >= c.offset && s.from <= c.offset + c.length;
  const span = (s: { from: number; to: number }) => ({ from: s.from - c.offset, to: Math.min(s.to, c.offset + c.length) - c.offset });
  const line = (l: number) => l - c.firstLine + 1;
  const inCell = (l: number) => l >= c.firstLine && l < c.firstLine + c.lines;
  const diagnostic = (d: Diagnostic): Diagnostic => (d.file === entry && inside(d.span)
    ? { ...d, file: cellFile, span: span(d.span), line: line(d.line), endLine: inCell(d.endLine) ? line(d.endLine) : line(d.line), related: d.related?.map((r) => (r.file === entry && inCell(r.line) ? { ...r, file: cellFile, line: line(r.line) } : r)) }
    : d);
  const call = (x: CallResult): CallResult => ({
    ...x, span: span(x.span), calleeSpan: span(x.calleeSpan), line: line(x.line), endLine: line(x.endLine),
    inputSource: x.inputSource?.kind === 'annotation' ? { kind: 'annotation', line: line(x.inputSource.line) } : x.inputSource,
    diagnostics: x.diagnostics.map(diagnostic),
  });
  return {
    calls: analysis.calls.filter((x) => inside(x.span)).map(call),
    operations: analysis.operations.filter((o) => inCell(o.line)).map((o) => ({ ...o, line: line(o.line) })),
    models: analysis.models.map((m) => modelForCell(nb, m, entry, cell, cellFile)),
    diagnostics: analysis.diagnostics.filter((d) => d.file === entry && inside(d.span)).map(diagnostic),
  };
}

/**
 * A model evaluated on the joined code (as `entry`) as one cell sees it: rows and problems of that cell's
 * lines are in `cellFile` at the cell's own lines; those of other cells stay in `entry` (see cellLine).
 */
export function modelForCell(nb: NotebookCode, model: ModelResult, entry: string, cell: number, cellFile: string): ModelResult {
  const c = nb.cells.find((x) => x.cell === cell);
  if (!c) return model;
  const here = (file: string, line: number) => file === entry && line >= c.firstLine && line < c.firstLine + c.lines;
  const place = <T extends { file: string; line: number }>(x: T): T => (here(x.file, x.line) ? { ...x, file: cellFile, line: x.line - c.firstLine + 1 } : x);
  const layer = (l: ModelLayer): ModelLayer => {
    const p = place(l);
    return here(l.file, l.callLine) ? { ...p, callLine: l.callLine - c.firstLine + 1 } : p;
  };
  const diagnostic = (d: Diagnostic): Diagnostic => {
    const p = place(d);
    const endLine = p !== d ? d.endLine - c.firstLine + 1 : d.endLine;
    const span = p !== d ? { from: d.span.from - c.offset, to: d.span.to - c.offset } : d.span;
    return { ...p, endLine, span, related: d.related?.map(place) };
  };
  return {
    ...model,
    line: here(entry, model.line) ? model.line - c.firstLine + 1 : model.line,
    layers: model.layers.map(layer),
    functional: model.functional.map(place),
    diagnostics: model.diagnostics.map(diagnostic),
  };
}

/**
 * What the engine evaluates for a file: the file itself, or for a notebook its joined code cells under a
 * `name_ipynb.py` path beside it (so its package's imports resolve). A string says why it cannot be read.
 */
export function modelSource(file: string, fs: FileSystem): { entry: string; fs: FileSystem } | string {
  const text = fs.read(file);
  if (text === undefined) return `${file} not found`;
  // The editor's and analyze's limit, for budgets and diffs too: two 100,000-line files would hold CI a minute.
  const code = file.endsWith('.ipynb') ? notebookCode(text) : text;
  const large = typeof code === 'string' && file.endsWith('.ipynb') ? undefined : tooLargeToAnalyse(sourceSize(typeof code === 'string' ? code : code.text));
  if (large) return `${file} is not analysed: ${large.over}, more than ${large.limit}`;
  if (!file.endsWith('.ipynb')) return { entry: file, fs };
  const nb = code as ReturnType<typeof notebookCode>;
  if (typeof nb === 'string') return `${file}: ${nb}`;
  const entry = file.replace(/\.ipynb$/, '_ipynb.py');
  return { entry, fs: withText(fs, entry, nb.text) };
}
