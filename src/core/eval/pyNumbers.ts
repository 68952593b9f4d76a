/** Python's number semantics shared by both evaluators (call-site constants and the model interpreter). */

/** `x op y` for numbers; undefined for an operator that is not a numeric comparison. */
export function compareNumbers(op: string, x: number, y: number): boolean | undefined {
  switch (op) {
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
    case '==': return x === y;
    case '!=': return x !== y;
    default: return undefined;
  }
}

/** Python 3's round(): halves go to the even neighbour (round(2.5) == 2). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * `format(x, '.Nf')` as Python writes it: the nearest decimal of the float's exact value, and an exact tie to the
 * even last digit (f'{2.5:.0f}' is '2', f'{0.125:.2f}' is '0.12'). JavaScript's toFixed takes the larger of a tie.
 * Undefined past 100 digits (toFixed's limit).
 */
export function pyFixed(x: number, digits: number): string | undefined {
  if (!Number.isInteger(digits) || digits < 0 || digits > 100) return undefined;
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const text = Math.abs(x).toFixed(digits);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (!exactTie(Math.abs(x), digits) || Number(text.at(-1)) % 2 === 0) return sign + text;
  // The tie went up to an odd digit: one unit in the last place down is the even neighbour.
  const units = (BigInt(text.replace('.', '')) - 1n).toString().padStart(digits + 1, '0');
  return sign + (digits ? `${units.slice(0, -digits)}.${units.slice(-digits)}` : units);
}

/** Whether x·10^digits lies exactly halfway between two integers (x ≥ 0, finite), from the float's exact bits. */
function exactTie(x: number, digits: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  // x = mantissa · 2^exponent
  const [mantissa, exponent] = biased === 0 ? [fraction, -1074] : [fraction | (1n << 52n), biased - 1075];
  if (exponent >= 0) return false;
  const twice = mantissa * 10n ** BigInt(digits) * 2n;
  const scale = 1n << BigInt(-exponent);
  return twice % scale === 0n && (twice / scale) % 2n === 1n;
}
