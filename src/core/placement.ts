/** Moving cached call results to where their statement stands now. */
import type { Span } from './python/ast';
import type { LineIndex } from './python/lines';
import type { CallResult } from './results';

export function shift(s: Span, delta: number): Span {
  return { from: s.from + delta, to: s.to + delta };
}

/** A result with its offsets made relative to its statement's start, for the cache. */
export function relative(c: CallResult, base: number): CallResult {
  return {
    ...c,
    span: shift(c.span, -base),
    calleeSpan: shift(c.calleeSpan, -base),
    diagnostics: c.diagnostics.map((d) => ({ ...d, span: shift(d.span, -base) })),
  };
}

/** A cached result placed at its statement's current start, with lines recomputed. */
export function placeCall(c: CallResult, base: number, lineDelta: number, lines: LineIndex): CallResult {
  const span = shift(c.span, base);
  const start = lines.position(span.from);
  const end = lines.position(span.to);
  return {
    ...c,
    span,
    calleeSpan: shift(c.calleeSpan, base),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    inputSource: c.inputSource?.kind === 'annotation' ? { kind: 'annotation', line: c.inputSource.line + lineDelta } : c.inputSource,
    diagnostics: c.diagnostics.map((d) => {
      const s = shift(d.span, base);
      return { ...d, span: s, ...lines.position(s.from) };
    }),
  };
}

