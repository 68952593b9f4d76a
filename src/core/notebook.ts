/**
 * A Jupyter notebook's code as the kernel runs it: its code cells in order, one Python text, with each
 * cell's place in it so that results map back to (cell, line). IPython magics and shell lines (`%…`, `!…`)
 * become comments, keeping every line where it was.
 */
export interface NotebookCode {
  text: string;
  /** Code cells: their index among all the notebook's cells, and their first line (1-based) in `text`. */
  cells: { cell: number; firstLine: number; lines: number }[];
}

export function notebookCode(json: string): NotebookCode | string {
  let nb: { cells?: { cell_type?: unknown; source?: unknown }[] };
  try {
    nb = JSON.parse(json);
  } catch (e) {
    return `not a notebook: ${(e as Error).message}`;
  }
  if (!nb || !Array.isArray(nb.cells)) return 'not a notebook: no "cells" list';
  const parts: string[] = [];
  const cells: NotebookCode['cells'] = [];
  let line = 1;
  nb.cells.forEach((c, index) => {
    if (c?.cell_type !== 'code') return;
    const source = Array.isArray(c.source) ? c.source.filter((s): s is string => typeof s === 'string').join('') : typeof c.source === 'string' ? c.source : '';
    const lines = source.replace(/\r\n?/g, '\n').split('\n').map((l) => (/^\s*[%!]/.test(l) ? `# ${l}` : l));
    cells.push({ cell: index, firstLine: line, lines: lines.length });
    parts.push(lines.join('\n'));
    line += lines.length;
  });
  return { text: parts.join('\n'), cells };
}

/** The cell and the line within it (1-based) of a line of the notebook's code. */
export function cellLine(nb: NotebookCode, line: number): { cell: number; line: number } | undefined {
  for (const c of nb.cells) if (line >= c.firstLine && line < c.firstLine + c.lines) return { cell: c.cell, line: line - c.firstLine + 1 };
  return undefined;
}
