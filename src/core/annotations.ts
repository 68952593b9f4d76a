/**
 * Input-shape annotations in comments:
 *
 *     x = nn.Conv2d(64, 128, 3)  # layer-lens: input 1x64x56x56
 *     # layer-lens: input 10x1x128, 4x1x256      (on the line(s) above; several inputs comma-separated)
 *     # layer-lens: input 1x128:int64            (an index tensor)
 *
 * A comment applies to the call on its own line, or to the code line right below a run of comment lines.
 */
import type { Tree } from '@lezer/common';
import type { Span } from './python/ast';
import type { LineIndex } from './python/lines';
import { DTYPE_BYTES } from './values/figures';

export interface InputAnnotation {
  shapes: number[][];
  dtypes: string[];
  /** 1-based line of the comment. */
  line: number;
  span: Span;
}

export interface AnnotationProblem {
  message: string;
  span: Span;
}

const MARKER = /#\s*layer-lens\s*:\s*(.*)$/i;
const SHAPE = /^(\d+(?:\s*[x×]\s*\d+)*)(?::(\w+))?$/;
const MAX_DIMS = 8;
const MAX_ELEMENTS = 2 ** 50;

/**
 * Reads annotations lazily: a line is parsed the first time a call or a range asks for it, so an edit
 * that reuses most of a document's results does not re-read every comment.
 */
export class Annotations {
  private readonly parsed = new Map<number, InputAnnotation | AnnotationProblem | null>();

  constructor(private readonly tree: Tree, private readonly lines: LineIndex) {}

  /** The annotation that applies to a call starting on this 1-based line. */
  forLine(line: number): InputAnnotation | undefined {
    const own = this.at(line);
    if (own && 'shapes' in own) return own;
    for (let l = line - 1; l >= 1 && /^\s*#/.test(this.lines.lineText(l)); l--) {
      const a = this.at(l);
      if (a && 'shapes' in a) return a;
    }
    return undefined;
  }

  /** Unreadable annotations on lines [from, to]. */
  problemsIn(from: number, to: number): AnnotationProblem[] {
    const out: AnnotationProblem[] = [];
    for (let line = from; line <= to; line++) {
      const a = this.at(line);
      if (a && !('shapes' in a)) out.push(a);
    }
    return out;
  }

  private at(line: number): InputAnnotation | AnnotationProblem | null {
    let a = this.parsed.get(line);
    if (a === undefined) {
      a = this.read(line);
      this.parsed.set(line, a);
    }
    return a;
  }

  private read(line: number): InputAnnotation | AnnotationProblem | null {
    const lineText = this.lines.lineText(line);
    const m = MARKER.exec(lineText);
    if (!m) return null;
    const from = this.lines.lineStart(line) + m.index;
    // Only real comments count, not a `#` inside a string.
    if (this.tree.resolveInner(from + 1, 1).name !== 'Comment') return null;
    const span = { from, to: from + m[0].length };
    const parsed = parseDirective(m[1].trim());
    return typeof parsed === 'string' ? { message: `layer-lens annotation: ${parsed}`, span } : { ...parsed, line, span };
  }
}

/** `input 1x64x56x56[, …]` → shapes, or a message saying what is wrong. */
export function parseDirective(body: string): { shapes: number[][]; dtypes: string[] } | string {
  const m = /^input\s*[=:]?\s*(.*)$/i.exec(body);
  if (!m) return `expected \`input\` followed by a shape, e.g. \`# layer-lens: input 1x64x56x56\`; got \`${body.slice(0, 40)}\``;
  const parts = m[1].split(/\s*[,;]\s*/).filter((p) => p.length);
  if (!parts.length) return 'no shape after `input`; write it like 1x64x56x56';
  const shapes: number[][] = [];
  const dtypes: string[] = [];
  for (const part of parts) {
    const s = SHAPE.exec(part.replace(/[()[\]]/g, '').trim());
    if (!s) return `cannot read the shape \`${part}\`; write it like 1x64x56x56`;
    const dims = s[1].split(/\s*[x×]\s*/).map(Number);
    if (dims.length > MAX_DIMS) return `shape \`${part}\` has more than ${MAX_DIMS} dimensions`;
    if (dims.some((d) => !Number.isSafeInteger(d) || d <= 0)) return `every size in \`${part}\` must be a positive integer`;
    if (dims.reduce((a, b) => a * b, 1) > MAX_ELEMENTS) return `shape \`${part}\` is too large to count exactly`;
    const dtype = (s[2] ?? 'float32').toLowerCase();
    if (!DTYPE_BYTES[dtype]) return `unknown dtype \`${dtype}\` (known: ${Object.keys(DTYPE_BYTES).join(', ')})`;
    shapes.push(dims);
    dtypes.push(dtype);
  }
  return { shapes, dtypes };
}

export { DTYPE_BYTES };
