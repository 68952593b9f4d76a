/**
 * Where @lezer/python (1.1.x) reads valid Python otherwise than Python does, and how we read it instead. Every
 * workaround for the parser lives here, each with golden tests in test/fixtures/parse/quirks.txt.
 *
 * 1. A float with a trailing dot: `64.`, `1.`, `1.e-3`, `3.j`. Lezer reads an int, a `.` and then whatever
 *    follows as an attribute (`0. else None` loses its `else`; `1.e-3` becomes `(1).e - 3`). Research code writes
 *    `base_width / 64.`, `width_mult=1.` and `drop if p > 0. else None` everywhere. Before lezer reads the text,
 *    the dot of each such literal becomes a `0` (`64.` → `640`, `1.e-3` → `10e-3`): a number token of the same
 *    extent, so that every node and offset stays where it is; the converter reads the value from the original.
 * 2. `not a or b`: lezer binds `not` over the whole `a or b`; Python binds it to `a` alone.
 * 3. Brackets nested past Python's own limit (CPython refuses more than 200: "too many nested parentheses")
 *    can overflow the stack while lezer builds its tree, depending on how deep the JavaScript stack already is.
 *    When lezer throws that, it reads the text again with the brackets past that depth blanked (the same
 *    extent, so offsets stay); Python would not run such a file, and the converter reports the syntax error.
 */
import type { Tree, TreeFragment } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Expr } from './ast';

/** The text lezer reads, and where a trailing-dot float starts in it (quirk 1). */
export interface LezerText {
  text: string;
  floats: Set<number>;
}

// digits, a dot, then maybe an exponent and a `j`, with no digit, letter, `_` or `.` after (then it is not one).
const TRAILING_DOT_FLOAT = /\d[\d_]*\.(?:[eE][+-]?\d[\d_]*)?[jJ]?(?![\w.])/y;

/**
 * Quirk 1, before parsing: the same text with the dot of each trailing-dot float outside strings and comments
 * turned into a `0`. Linear in the text; the same text always gives the same result.
 */
export function forLezer(text: string): LezerText {
  // The incremental parser and the converter both ask, for the same text, on every edit.
  if (text === lastText && lastResult) return lastResult;
  lastResult = rewrite(text);
  lastText = text;
  return lastResult;
}

let lastText: string | undefined;
let lastResult: LezerText | undefined;

function rewrite(text: string): LezerText {
  // Most files have no digit followed by a dot and no digit: one native search, not a scan of every character.
  if (!/\d\.(?!\d)/.test(text)) return { text, floats: new Set() };
  let out: string[] | undefined;
  const floats = new Set<number>();
  let last = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const past = pastCommentOrString(text, i);
    if (past !== undefined) {
      i = past;
    } else if (c >= 48 && c <= 57 && !isWordOrDot(text.charCodeAt(i - 1))) {
      TRAILING_DOT_FLOAT.lastIndex = i;
      const m = TRAILING_DOT_FLOAT.exec(text);
      if (m) {
        const dot = i + m[0].indexOf('.');
        (out ??= []).push(text.slice(last, dot), '0');
        last = dot + 1;
        floats.add(i);
        i += m[0].length;
      } else {
        // The rest of this number (or name-like run): never the start of another literal.
        while (i < text.length && isWordOrDot(text.charCodeAt(i))) i++;
      }
    } else i++;
  }
  if (!out) return { text, floats };
  out.push(text.slice(last));
  return { text: out.join(''), floats };
}

const isWordOrDot = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c > 127;

/** Past the comment or string literal that starts at `i` (no code is read there), or undefined when neither does. */
function pastCommentOrString(text: string, i: number): number | undefined {
  const c = text.charCodeAt(i);
  if (c === 35 /* # */) {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? text.length : nl;
  }
  return c === 34 || c === 39 /* " ' */ ? stringEnd(text, i) : undefined;
}

/** Where the string literal opening at `i` ends: after its closing quote, or at the line's end if unclosed. */
function stringEnd(text: string, i: number): number {
  const q = text[i];
  const triple = text.startsWith(q + q + q, i);
  const close = triple ? q + q + q : q;
  let j = i + close.length;
  while (j < text.length) {
    const ch = text[j];
    if (ch === '\\') j += 2;
    else if (text.startsWith(close, j)) return j + close.length;
    else if (ch === '\n' && !triple) return j;
    else j++;
  }
  return text.length;
}

/** CPython's tokenizer stops at this depth of brackets (MAXLEVEL): deeper is not Python. */
export const MAX_NESTING = 200;

/** Quirk 3: lezer's parse, read again with brackets past MAX_NESTING blanked when it overflows the stack. */
export function lezerParse(read: string, fragments?: readonly TreeFragment[]): Tree {
  try {
    return parser.parse(read, fragments);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return parser.parse(blankDeepBrackets(read));
  }
}

/** The text with every bracket opened past MAX_NESTING, and the bracket that closes it, turned into a space. */
export function blankDeepBrackets(text: string): string {
  const chars = text.split('');
  const blanked: boolean[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const past = pastCommentOrString(text, i);
    if (past !== undefined) {
      i = past;
    } else {
      if (c === 40 || c === 91 || c === 123 /* ( [ { */) {
        const deep = blanked.length >= MAX_NESTING;
        blanked.push(deep);
        if (deep) chars[i] = ' ';
      } else if ((c === 41 || c === 93 || c === 125 /* ) ] } */) && blanked.length && blanked.pop()) chars[i] = ' ';
      i++;
    }
  }
  return chars.join('');
}

/** Quirk 2: `not` applied to the leftmost operand of an and/or chain, `not a or b` → `(not a) or b`. */
export function notFirst(e: Expr, notFrom: number): Expr {
  if (e.kind === 'BoolOp') {
    const left = notFirst(e.left, notFrom);
    return { ...e, left, span: { from: notFrom, to: e.span.to } };
  }
  return { kind: 'Unary', op: 'not', operand: e, span: { from: notFrom, to: e.span.to } };
}
