/** Number and shape formatting shared by every surface. */

/**
 * 25,557,032. Whole numbers are grouped here rather than by toLocaleString, whose first call loads ICU's
 * number data: 18 ms of a CLI run that prints one table. Other numbers (fractions, past 2^53) go to it.
 */
export function exact(n: number | null): string {
  if (n === null) return '—';
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** 4.09 G, 25.6 M, 9.41 K: for narrow places such as CodeLens; hovers show exact figures too. */
export function compact(n: number | null): string {
  if (n === null) return '—';
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  for (const [v, u] of units) {
    if (Math.abs(n) >= v) {
      const x = n / v;
      return `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)} ${u}`;
    }
  }
  return String(n);
}

/** 1×64×56×56 */
export function shape(s: number[] | null | undefined): string {
  return s ? (s.length ? s.join('×') : 'scalar') : '?';
}

/**
 * How shapes read for a model: Keras writes the batch its own `Input` leaves free as None, `(None, 56, 56, 64)`,
 * as model.summary() does (the figures are then per sample); any other shape reads `1×56×56×64`.
 */
export function shapeReader(framework: 'torch' | 'keras', input: string | undefined): (s: number[] | null | undefined) => string {
  if (framework !== 'keras' || (input !== 'code' && input !== 'length')) return shape;
  return (s) => (s && s.length ? `(None${s.slice(1).map((d) => `, ${d}`).join('')})` : shape(s));
}

/** Bytes with binary units: 3.67 MiB. */
export function bytes(n: number | null): string {
  if (n === null) return '—';
  const units: [number, string][] = [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [v, u] of units) if (n >= v) return `${(n / v).toFixed(2)} ${u}`;
  return `${n} B`;
}

/** The unit a time reads in, by its magnitude: s from 1,000 ms, ms from 1, µs from 1 µs, else ns. */
function timeUnit(ms: number): [number, string] {
  if (ms >= 1000) return [1000, 's'];
  if (ms >= 1) return [1, 'ms'];
  if (ms >= 1e-3) return [1e-3, 'µs'];
  return [1e-6, 'ns'];
}

/** A number in a time's unit, to three significant digits: `420`, `42.0`, `1.31`; below 1, two: `0.42`. */
function timeNumber(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 1) return x.toPrecision(3);
  return x === 0 ? '0' : x.toPrecision(2);
}

/** A time in milliseconds, in the unit its magnitude calls for: `42.0 ms`, `1.31 ms`, `180 µs`, `1.80 µs`, `2.35 s`. */
export function duration(ms: number): string {
  const [scale, unit] = timeUnit(ms);
  return `${timeNumber(ms / scale)} ${unit}`;
}

/** A time range as every surface writes it, both ends in the upper end's unit: `1.31–1.50 ms`, `220–350 ns`. */
export function durationRange(lowerMs: number, upperMs: number): string {
  const [scale, unit] = timeUnit(upperMs);
  return `${timeNumber(lowerMs / scale)}–${timeNumber(upperMs / scale)} ${unit}`;
}
