/**
 * Where @lezer/python (1.1.x) reads valid Python otherwise than Python does, and how we read it instead. Every
 * workaround for the parser lives here, each with golden tests in test/fixtures/parse/quirks.txt.
 *
 * 1. A float with a trailing dot: `64.`, `1.`, `1.e1`, `3.j`. Lezer reads a Number, a `.`, then an error node
 *    (or a property named `e1` or `j`): an attribute access on an int. Research code writes `base_width / 64.`
 *    and `width_mult=1.` everywhere; Python reads one float.
 * 2. `not a or b`: lezer binds `not` over the whole `a or b`; Python binds it to `a` alone.
 */
import type { SyntaxNode, SyntaxNodeRef } from '@lezer/common';
import type { Expr } from './ast';

/** What a trailing-dot float after its digits may hold: nothing, an exponent, a `j`. */
const TAIL = /^(?:[eE][+-]?\d+)?[jJ]?$/;

/**
 * The number a MemberExpression really is when it is a trailing-dot float (quirk 1), its text, and whether it is
 * complex; undefined for a real attribute access (`x.shape`, `(1).real`, `1 .real`).
 */
export function trailingDotFloat(n: SyntaxNode, text: string): { text: string; complex: boolean } | undefined {
  if (n.name !== 'MemberExpression') return undefined;
  const num = n.firstChild;
  const dot = num?.nextSibling;
  if (!num || num.name !== 'Number' || !dot || dot.name !== '.' || dot.from !== num.to || !/^\d[\d_]*$/.test(text.slice(num.from, num.to))) return undefined;
  const rest = dot.nextSibling;
  // Nothing after the dot (an empty error node), or a name glued to it that is an exponent or `j`.
  if (rest && !rest.type.isError && !(rest.name === 'PropertyName' && rest.from === dot.to && TAIL.test(text.slice(rest.from, rest.to)))) return undefined;
  if (rest?.type.isError && rest.to > rest.from) return undefined;
  const literal = text.slice(num.from, rest && !rest.type.isError ? rest.to : dot.to);
  return { text: literal, complex: /[jJ]$/.test(literal) };
}

/** An error node that is only quirk 1's misreading (the empty error after `64.`): not a syntax error at all. */
export function isQuirkError(n: SyntaxNodeRef, text: string): boolean {
  const parent = n.node.parent;
  return n.type.isError && n.to === n.from && !!parent && trailingDotFloat(parent, text) !== undefined;
}

/** Quirk 2: `not` applied to the leftmost operand of an and/or chain, `not a or b` → `(not a) or b`. */
export function notFirst(e: Expr, notFrom: number): Expr {
  if (e.kind === 'BoolOp') {
    const left = notFirst(e.left, notFrom);
    return { ...e, left, span: { from: notFrom, to: e.span.to } };
  }
  return { kind: 'Unary', op: 'not', operand: e, span: { from: notFrom, to: e.span.to } };
}
