/**
 * Set algebra over the lists this engine keeps sets in, by Python equality (`same`): the one rule the set
 * operators (`a - b`, in interpreter.ts) and the set methods (`a.difference(b)`, in pyMethods.ts) share. The result
 * keeps the left operand's order, then the right's new items.
 */
import type { RValue } from '../values/value';

export type SetOp = '-' | '&' | '|' | '^';

export function combineSets(op: SetOp, a: RValue[], b: RValue[], same: (x: RValue, y: RValue) => boolean): RValue[] {
  const has = (xs: RValue[], v: RValue) => xs.some((x) => same(x, v));
  if (op === '-') return a.filter((v) => !has(b, v));
  if (op === '&') return a.filter((v) => has(b, v));
  if (op === '|') return [...a, ...b.filter((v) => !has(a, v))];
  return [...a.filter((v) => !has(b, v)), ...b.filter((v) => !has(a, v))];
}
