/**
 * Tiny symbolic arithmetic for figures whose arguments are not known statically,
 * so that a hover can still say `params = 9·in_planes·out_planes + out_planes`.
 *
 * A Sym is a plain number when known, else a polynomial with rational coefficients over named atoms.
 * Anything that is not polynomial (a division by an unknown) becomes a new atom, written as it reads.
 */
import { exact } from './format';

export interface Term {
  coef: number;
  /** Sorted atom names; repeated for powers. */
  atoms: string[];
}

export interface Poly {
  kind: 'poly';
  terms: Term[];
}

export type Sym = number | Poly;

export function atom(name: string): Poly {
  return { kind: 'poly', terms: [{ coef: 1, atoms: [name] }] };
}

export function isKnown(x: Sym): x is number {
  return typeof x === 'number';
}

function toPoly(x: Sym): Poly {
  return typeof x === 'number' ? { kind: 'poly', terms: x === 0 ? [] : [{ coef: x, atoms: [] }] } : x;
}

/** Collapse a polynomial with no atoms back to a number. */
function normalize(p: Poly): Sym {
  const byKey = new Map<string, Term>();
  for (const t of p.terms) {
    const key = t.atoms.join('·');
    const prev = byKey.get(key);
    if (prev) prev.coef += t.coef;
    else byKey.set(key, { coef: t.coef, atoms: t.atoms });
  }
  const terms = [...byKey.values()].filter((t) => t.coef !== 0);
  if (terms.length === 0) return 0;
  if (terms.length === 1 && terms[0].atoms.length === 0) return terms[0].coef;
  terms.sort((a, b) => b.atoms.length - a.atoms.length);
  return { kind: 'poly', terms };
}

export function add(a: Sym, b: Sym): Sym {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return normalize({ kind: 'poly', terms: [...toPoly(a).terms, ...toPoly(b).terms] });
}

export function sub(a: Sym, b: Sym): Sym {
  return add(a, mul(-1, b));
}

export function mul(a: Sym, b: Sym): Sym {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  const terms: Term[] = [];
  for (const s of toPoly(a).terms) {
    for (const t of toPoly(b).terms) {
      terms.push({ coef: s.coef * t.coef, atoms: [...s.atoms, ...t.atoms].sort() });
    }
  }
  return normalize({ kind: 'poly', terms });
}

/** Product of all factors. */
export function prod(xs: Sym[]): Sym {
  return xs.reduce<Sym>((acc, x) => mul(acc, x), 1);
}

export function sum(xs: Sym[]): Sym {
  return xs.reduce<Sym>((acc, x) => add(acc, x), 0);
}

/** Exact division (the caller has checked divisibility where both sides are known). */
export function div(a: Sym, b: Sym): Sym {
  if (typeof b === 'number') {
    if (typeof a === 'number') return a / b;
    return normalize({ kind: 'poly', terms: a.terms.map((t) => ({ coef: t.coef / b, atoms: t.atoms })) });
  }
  // Dividing by one unknown multiplies by its reciprocal, shown as a trailing `/groups`.
  if (b.terms.length === 1 && b.terms[0].coef === 1 && b.terms[0].atoms.length === 1) return mul(a, atom(`1/${b.terms[0].atoms[0]}`));
  return atom(`${wrap(a)}/${wrap(b)}`);
}

function wrap(x: Sym): string {
  const s = format(x);
  return typeof x === 'number' || (x.terms.length === 1 && x.terms[0].coef === 1 && x.terms[0].atoms.length === 1) ? s : `(${s})`;
}

/** Readable form: `9·in_planes·out_planes + out_planes`. Numbers get thousands separators. */
export function format(x: Sym): string {
  if (typeof x === 'number') return formatNumber(x);
  let out = '';
  x.terms.forEach((t, i) => {
    const neg = t.coef < 0;
    const c = Math.abs(t.coef);
    const dens = t.atoms.filter((a) => a.startsWith('1/'));
    const nums = t.atoms.filter((a) => !a.startsWith('1/'));
    const factors = [...(c !== 1 || nums.length === 0 ? [formatNumber(c)] : []), ...powers(nums)];
    const body = factors.join('·') + dens.map((d) => `/${displayAtom(d.slice(2))}`).join('');
    out += i === 0 ? (neg ? `−${body}` : body) : neg ? ` − ${body}` : ` + ${body}`;
  });
  return out;
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** Repeated atoms as powers: planes·planes → planes². */
function powers(atoms: string[]): string[] {
  const counts = new Map<string, number>();
  for (const a of atoms) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts].map(([a, k]) => displayAtom(a) + (k > 1 ? [...String(k)].map((d) => SUPERSCRIPTS[Number(d)]).join('') : ''));
}

function displayAtom(a: string): string {
  return a.includes(' ') || a.includes('/') ? (a.startsWith('(') && a.endsWith(')') ? a : `(${a})`) : a;
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return exact(n);
  // A rational coefficient from dividing by a known number, e.g. (1/2)·x.
  for (const d of [2, 3, 4, 5, 6, 8, 9, 12, 16, 32, 64]) {
    const num = n * d;
    if (Math.abs(num - Math.round(num)) < 1e-9) return `${Math.round(num)}/${d}`;
  }
  return String(n);
}

/** The atoms a figure depends on, for "depends on …" messages. */
export function atomsOf(x: Sym): string[] {
  if (typeof x === 'number') return [];
  return [...new Set(x.terms.flatMap((t) => t.atoms))];
}

/** Floor division; exact for numbers, an atom such as `(c_in)//2` otherwise. */
export function floorDiv(a: Sym, b: Sym): Sym {
  if (typeof a === 'number' && typeof b === 'number') return Math.floor(a / b);
  return atom(`${wrap(a)}//${wrap(b)}`);
}
