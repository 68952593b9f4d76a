/** Findings about the file itself (what does not parse, unreadable annotations), and which findings are worth showing. */
import type { Tree } from '@lezer/common';
import type { Annotations } from '../annotations';
import type { LineIndex } from '../python/lines';
import type { Diagnostic } from '../results';
import type { Session } from '../eval/session';

export const MAX_SYNTAX = 20;

/** Parts that do not parse (at most 20) and annotations that cannot be read, in the file or between two offsets. */
export function fileFindings(session: Session, tree: Tree, annotations: Annotations, lines: LineIndex, range?: { from: number; to: number }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const file = session.file;
  tree.iterate({
    from: range?.from,
    to: range?.to,
    enter: (n) => {
      if (!n.type.isError) return true;
      if (out.length < MAX_SYNTAX) out.push(session.diagnostic('info', 'Layer Lens cannot parse this part; the rest of the file is still analysed', 'syntax', { file, span: { from: n.from, to: n.to } }));
      return false;
    },
  });
  const [first, last] = range ? [lines.position(range.from).line, lines.position(Math.max(range.from, range.to - 1)).line] : [1, lines.lineCount];
  for (const p of annotations.problemsIn(first, last)) out.push(session.diagnostic('warning', p.message, 'annotation', { file, span: p.span }));
  return out;
}

/** Notes that go with every finding list: the input was guessed (once per model), or inferred; a size taken at its bound; an optional package the code's handler does without. */
const NOTES = new Set(['guessed-input', 'inferred-input', 'syntax', 'argparse-defaults', 'at-bound', 'missing-package-handled', 'data-shape', 'keras-none-length-refused', 'parameter-dropped']);

/**
 * The findings a user acts on, once each, in file order: errors, warnings (what was not understood, where) and
 * the notes that say an input was guessed. What follows from an earlier problem (a shape no longer known) is left
 * in the models' own lists.
 */
export function worthShowing(findings: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of findings) {
    if (d.severity === 'info' && !NOTES.has(d.code)) continue;
    const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
}
