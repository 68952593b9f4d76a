/**
 * Results carried from one version of a document to the next: an edit moves everything after it, so each place
 * in the file (offsets, lines, columns) after the edited region moves with it. Places before it, and places in
 * other files, stay. Results are copied, never changed in place: the last version may still be read.
 */
import type { CallResult, Diagnostic, ModelNode, ModelResult, OperationResult } from '../results';

/** One edit, in the old version's terms: everything at or after `offset` (line `line`, column `column`) moves. */
export interface Shift {
  file: string;
  offset: number;
  line: number;
  column: number;
  delta: number;
  lineDelta: number;
  /** Columns on the edit's last line move too (the rest of that line). */
  columnDelta: number;
}

const moved = (s: Shift, line: number, column: number) => line > s.line || (line === s.line && column >= s.column);

function place<T extends { line: number; column: number }>(s: Shift, p: T): T {
  if (!moved(s, p.line, p.column)) return p;
  return { ...p, line: p.line + s.lineDelta, column: p.line === s.line ? p.column + s.columnDelta : p.column };
}

const span = (s: Shift, sp: { from: number; to: number }) => (sp.from >= s.offset ? { from: sp.from + s.delta, to: sp.to + s.delta } : sp);
/** A line with no column (a definition's, a call's in forward): carried results start lines at or after the edit's end, which is then at a line start. */
const line = (s: Shift, l: number) => (moved(s, l, 0) ? l + s.lineDelta : l);

export function shiftDiagnostic(s: Shift, d: Diagnostic): Diagnostic {
  if (d.file !== s.file || !moved(s, d.line, d.column)) {
    return d.related?.some((r) => r.file === s.file && moved(s, r.line, r.column)) ? { ...d, related: d.related.map((r) => (r.file === s.file ? place(s, r) : r)) } : d;
  }
  const end = place(s, { line: d.endLine, column: d.endColumn });
  return {
    ...place(s, d), endLine: end.line, endColumn: end.column, span: span(s, d.span),
    related: d.related?.map((r) => (r.file === s.file ? place(s, r) : r)),
  };
}

export function shiftCall(s: Shift, c: CallResult): CallResult {
  // Before the edit, and so are its findings: the same object (most rows, on an edit near the end).
  const diagnostics = c.diagnostics.map((d) => shiftDiagnostic(s, d));
  if (c.span.from < s.offset && diagnostics.every((d, i) => d === c.diagnostics[i])) return c;
  const start = place(s, c);
  const end = place(s, { line: c.endLine, column: c.endColumn });
  return {
    ...c, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, span: span(s, c.span), calleeSpan: span(s, c.calleeSpan),
    inputSource: c.inputSource?.kind === 'annotation' ? { ...c.inputSource, line: line(s, c.inputSource.line) } : c.inputSource,
    diagnostics,
  };
}

export function shiftOperation(s: Shift, o: OperationResult): OperationResult {
  return place(s, o);
}

export function shiftModel(s: Shift, m: ModelResult): ModelResult {
  const inFile = <T extends { file: string; line: number; column: number }>(p: T): T => (p.file === s.file ? place(s, p) : p);
  const node = (n: ModelNode): ModelNode => ({ ...n, line: n.file === s.file ? line(s, n.line) : n.line, children: n.children.map(node) });
  return {
    ...m,
    line: line(s, m.line),
    layers: m.layers.map((l) => {
      const moved = inFile(l);
      return l.file === s.file ? { ...moved, callLine: line(s, l.callLine) } : moved;
    }),
    functional: m.functional.map(inFile),
    tree: m.tree && node(m.tree),
    diagnostics: m.diagnostics.map((d) => shiftDiagnostic(s, d)),
  };
}
