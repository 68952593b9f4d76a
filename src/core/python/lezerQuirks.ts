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
 * 3. Lezer builds its tree recursively: a tree deep enough overflows the stack, and how deep is enough depends on
 *    how deep the JavaScript stack already is (what the JIT has compiled, who called). Deep trees come from
 *    brackets nested past Python's own limit (CPython refuses more than 200: "too many nested parentheses") and
 *    from thousands of chained operators (`- - - … 1`, `not not … x`), which Python refuses too. When lezer
 *    throws that, it reads the text again with less in it: first what is inside the brackets past that depth,
 *    then also every line over 2,000 characters, then everything. What is left out becomes `$` (not Python, so it
 *    is an error node: the file's findings say that part cannot be parsed); line breaks stay, so offsets and
 *    lines do too. The incremental parser keeps what was read, so the next edit reads those parts again.
 * 4. @lezer/lr guards against left-associative reductions that grow without end: past 300 of them over one
 *    growing list it forces the stack to reduce, and in @lezer/python's statement list that leaves an error node
 *    where there is none, dropping a statement. It happens in a run of over 300 statements of one block with one
 *    blank line (or a comment line) between them, every 301 statements: a long script, a generated case list
 *    (`vv = 1\n\nvv = 1\n\n…`). Parsed again incrementally around each error node, with the rest of the tree
 *    reused, the parser starts its count afresh and reads them right; a real syntax error stays, and the rounds
 *    stop when an error node no longer goes away.
 */
import { type Tree, TreeFragment } from '@lezer/common';
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

/** A line this long is left out when leaving out deep brackets was not enough (quirk 3, step 2). */
export const LONG_LINE = 2000;

/** What lezer read, and its tree. `read` differs from the text asked for when quirk 3 left something out. */
export interface LezerRead {
  tree: Tree;
  read: string;
}

/**
 * Quirk 3: lezer's parse, read again with less in it while building the tree overflows the stack. Each step
 * is taken only if the one before overflowed and it leaves something more out; the last leaves out everything,
 * which lezer reads as one flat error node.
 */
export function lezerParse(read: string, fragments?: readonly TreeFragment[]): LezerRead {
  let text = read;
  let overflow: unknown;
  for (let step = 0; step <= LEAVE_OUT.length; step++) {
    const next = step === 0 ? read : LEAVE_OUT[step - 1](text);
    if (step > 0 && next === text) continue;
    text = next;
    try {
      return { tree: withoutCutErrors(parser.parse(text, step === 0 ? fragments : undefined), text), read: text };
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      overflow = e;
    }
  }
  throw overflow;
}

/** Rounds of quirk 4 at most: each clears the cuts of about 300 statements' worth of the list, all at once. */
const MAX_REPARSES = 8;

/** Quirk 4: the tree parsed again around its error nodes, while that leaves fewer of them. */
function withoutCutErrors(tree: Tree, text: string): Tree {
  let errors = errorStarts(tree);
  for (let round = 0; round < MAX_REPARSES && errors.length; round++) {
    const changes = errors.map((at) => ({ fromA: at, toA: Math.min(at + 1, text.length), fromB: at, toB: Math.min(at + 1, text.length) }));
    const again = parser.parse(text, TreeFragment.applyChanges(TreeFragment.addTree(tree), changes));
    const left = errorStarts(again);
    if (left.length >= errors.length) break;
    [tree, errors] = [again, left];
  }
  return tree;
}

/** Where the tree's error nodes start, each once. */
function errorStarts(tree: Tree): number[] {
  const out = new Set<number>();
  tree.iterate({ enter: (n) => void (n.type.isError && out.add(n.from)) });
  return [...out];
}

/** The steps of quirk 3, each applied to what the one before left. */
const LEAVE_OUT: ((text: string) => string)[] = [leaveOutDeepBrackets, leaveOutLongLines, (text) => outOf(text, 0, text.length)];

/** What marks code left out: not Python, so lezer makes it an error node and the file's findings say so. */
const LEFT_OUT = '$';

/** `text` with [from, to) left out: every character but line breaks turned into LEFT_OUT (offsets and lines stay). */
function outOf(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\r\n]/g, LEFT_OUT) + text.slice(to);
}

/** Step 1: everything inside brackets opened past MAX_NESTING, those brackets included, is left out. */
export function leaveOutDeepBrackets(text: string): string {
  const spans: [number, number][] = [];
  let depth = 0;
  let deepFrom = -1;
  for (let i = 0; i < text.length; ) {
    const past = pastCommentOrString(text, i);
    if (past !== undefined) {
      i = past;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123 /* ( [ { */) {
      if (++depth === MAX_NESTING + 1) deepFrom = i;
    } else if ((c === 41 || c === 93 || c === 125 /* ) ] } */) && depth > 0) {
      if (depth-- === MAX_NESTING + 1) spans.push([deepFrom, i + 1]);
    }
    i++;
  }
  if (depth > MAX_NESTING) spans.push([deepFrom, text.length]);
  return spans.reduce((t, [from, to]) => outOf(t, from, to), text);
}

/** Step 2: also every line longer than LONG_LINE (thousands of chained operators nest as deep as brackets). */
export function leaveOutLongLines(text: string): string {
  let out = text;
  for (let from = 0; from < text.length; ) {
    const nl = text.indexOf('\n', from);
    const to = nl < 0 ? text.length : nl;
    if (to - from > LONG_LINE) out = outOf(out, from, to);
    from = to + 1;
  }
  return out;
}

/** Quirk 2: `not` applied to the leftmost operand of an and/or chain, `not a or b` → `(not a) or b`. */
export function notFirst(e: Expr, notFrom: number): Expr {
  if (e.kind === 'BoolOp') {
    const left = notFirst(e.left, notFrom);
    return { ...e, left, span: { from: notFrom, to: e.span.to } };
  }
  return { kind: 'Unary', op: 'not', operand: e, span: { from: notFrom, to: e.span.to } };
}
