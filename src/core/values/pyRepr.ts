/**
 * Python's repr of plain values, exactly as CPython 3.11 writes it, for what code turns into text (`str((1, 'a'))`,
 * a sort key of `str`, a name built from a list): ints, floats (shortest round-trip digits, fixed notation for
 * exponents -4 to 15, else `1e+16`), bools, None, strings (quotes and escapes as Python picks them), and lists,
 * tuples and dicts of those. Anything else (a tensor, an object, a value not known) has no exact text here:
 * undefined, never a guess. Message text uses ./value.ts's `repr`, which may abbreviate.
 */
import type { RValue } from './value';

/** A repr this long is not built (a huge list's text is not a model's business). */
const MAX_REPR = 100_000;

export function pyRepr(v: RValue): string | undefined {
  const out: string[] = [];
  let length = 0;
  const open = new Set<RValue>();
  const write = (s: string) => {
    length += s.length;
    out.push(s);
    return length <= MAX_REPR;
  };
  const go = (x: RValue): boolean => {
    switch (x.kind) {
      case 'int':
        return write(String(x.value));
      case 'float':
        return write(floatRepr(x.value));
      case 'bool':
        return write(x.value ? 'True' : 'False');
      case 'none':
        return write('None');
      case 'str':
        return write(strRepr(x.value));
      case 'list':
      case 'tuple':
      case 'dict': {
        // A container inside itself: Python writes [...]; rare enough in model code to leave unknown.
        if (open.has(x)) return false;
        open.add(x);
        const [l, r] = x.kind === 'list' ? ['[', ']'] : x.kind === 'tuple' ? ['(', ')'] : ['{', '}'];
        if (!write(l)) return false;
        const pairs = x.kind === 'dict' ? [...x.entries.values()] : x.items.map((i) => [i] as [RValue]);
        for (const [i, p] of pairs.entries()) {
          if (i > 0 && !write(', ')) return false;
          if (!go(p[0])) return false;
          if (p.length === 2 && !(write(': ') && go(p[1]))) return false;
        }
        if (x.kind === 'tuple' && x.items.length === 1 && !write(',')) return false;
        open.delete(x);
        return write(r);
      }
      default:
        return false;
    }
  };
  return go(v) ? out.join('') : undefined;
}

/** repr(float): the shortest digits that read back as the same float, placed as Python places them. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // toExponential() with no argument gives the shortest round-trip digits, as Python's repr uses.
  const [mantissa, exp] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  const sign = x < 0 ? '-' : '';
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.padEnd(e + 1, '0');
  const int = whole.slice(0, e + 1);
  const frac = whole.slice(e + 1);
  return `${sign}${int}.${frac || '0'}`;
}

/**
 * repr(str): single quotes unless the text has a single quote and no double one; backslash, the quote, \t, \n,
 * \r escaped, other control characters (and DEL, C1 controls) as \xNN. Characters past U+009F are kept as they
 * are, as Python keeps printable ones (a non-printable one past there, a rare format character, would differ).
 */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}
