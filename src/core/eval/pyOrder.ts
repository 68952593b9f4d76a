/**
 * Python's ordering of values, for the family that sorts and picks by it: sorted, list.sort, min and max, each with
 * key= and reverse= (timm's list_models sorts its names by a natural key, a list of ints and strings). Numbers
 * (bools among them) by value, strings by code point, tuples and lists item by item; anything else, or a pair
 * Python refuses to compare (an int and a str), is not known.
 */
import { type RValue, isNumber, num } from '../values/value';

/** Negative, zero or positive as a < b, a == b, a > b in Python; undefined when not known or not comparable. */
export function pyCompare(a: RValue, b: RValue): number | undefined {
  if (isNumber(a) && isNumber(b)) return num(a) < num(b) ? -1 : num(a) > num(b) ? 1 : 0;
  if (a.kind === 'str' && b.kind === 'str') return compareCodePoints(a.value, b.value);
  if ((a.kind === 'tuple' || a.kind === 'list') && a.kind === b.kind) {
    const [x, y] = [a.items, (b as { items: RValue[] }).items];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = pyCompare(x[i], y[i]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  return undefined;
}

/** By code point, as Python compares str (JavaScript's `<` compares UTF-16 units, which differ past U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  // Without surrogates, UTF-16 order is code-point order.
  if (!/[\uD800-\uDFFF]/.test(a) && !/[\uD800-\uDFFF]/.test(b)) return a < b ? -1 : 1;
  const [x, y] = [Array.from(a), Array.from(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i].codePointAt(0)! - y[i].codePointAt(0)!;
  }
  return x.length - y.length;
}

/**
 * The items in Python's sorted order (stable; reverse keeps equal items in their order, as Python's does), by their
 * keys; undefined when two keys cannot be compared.
 */
export function pySorted(items: readonly RValue[], keys: readonly RValue[], reverse: boolean): RValue[] | undefined {
  let failed = false;
  const order = items.map((_, i) => i).sort((i, j) => {
    const c = pyCompare(keys[i], keys[j]);
    if (c === undefined) {
      failed = true;
      return 0;
    }
    return reverse ? -c : c;
  });
  return failed ? undefined : order.map((i) => items[i]);
}

/** The index of the first smallest (min) or first largest (max) key; undefined when two cannot be compared. */
export function pyExtreme(keys: readonly RValue[], largest: boolean): number | undefined {
  let best = 0;
  for (let i = 1; i < keys.length; i++) {
    const c = pyCompare(keys[i], keys[best]);
    if (c === undefined) return undefined;
    if (largest ? c > 0 : c < 0) best = i;
  }
  return best;
}
