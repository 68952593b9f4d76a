/**
 * Reads bound call arguments into the typed values a layer spec needs, reporting bad values the way
 * PyTorch would reject them, but before anything runs. Unknown values become symbols, not errors.
 */
import type { Span } from '../python/ast';
import { type RValue, repr } from './value';
import * as S from './symbolic';

/**
 * A figure needs an argument whose value is not known statically. Thrown often (every call with an
 * unknown argument), so it is a plain object: capturing an Error's stack trace dominated profiles.
 */
export class NeedsValue {
  readonly message: string;
  constructor(readonly symbols: string[]) {
    this.message = (`${symbols.map((s) => `\`${s}\``).join(', ')} ${symbols.length === 1 ? 'is' : 'are'} not known statically`);
  }
}

export interface BoundArg {
  value: RValue;
  /** Where the user wrote it; absent for defaults. */
  span?: Span;
  fromDefault: boolean;
}

export interface ArgProblem {
  message: string;
  arg?: string;
}

/** Kinds an argument can be read from; anything else (a module, a tensor, a callable) is simply not known here. */
const READABLE = new Set(['int', 'float', 'bool', 'str', 'none', 'tuple', 'list', 'dict', 'opaque']);

/** An argument as the catalog reads it: values it cannot read as numbers or strings count as not known. */
function readable(v: RValue): RValue {
  return READABLE.has(v.kind) ? v : { kind: 'opaque', reason: `a ${v.kind}`, symbol: 'name' in v && typeof v.name === 'string' ? v.name : undefined };
}

/** A known int, a symbolic int, or an unknown value, as a Sym (unknowns read as their symbol). */
export function symOf(v: RValue): S.Sym {
  if (v.kind === 'int') return v.value;
  if (v.kind === 'bool') return Number(v.value);
  if (v.kind === 'opaque') return v.sym ?? S.atom(v.symbol ?? '?');
  return S.atom('?');
}

export class ArgReader {
  readonly problems: ArgProblem[] = [];

  constructor(readonly layer: string, readonly args: Map<string, BoundArg>) {}

  error(message: string, arg?: string): void {
    this.problems.push({ message, arg });
  }

  value(name: string): RValue {
    const v = this.args.get(name)?.value;
    return v ? readable(v) : { kind: 'none' };
  }

  isNone(name: string): boolean {
    return this.value(name).kind === 'none';
  }

  /** An int argument (bools count, as in Python). */
  int(name: string, opts: { min?: number } = {}): S.Sym {
    const v = this.value(name);
    if (v.kind === 'int' || v.kind === 'bool' || v.kind === 'opaque') {
      const s = symOf(v);
      if (typeof s === 'number' && opts.min !== undefined && s < opts.min) {
        this.error(`${this.layer}: ${name} must be ${opts.min === 1 ? 'positive' : `at least ${opts.min}`}, got ${s}`, name);
      }
      return s;
    }
    this.error(`${this.layer}: ${name} must be an int, got ${repr(v)}`, name);
    return 1;
  }

  /** An int or a tuple of `n` ints, as conv and pool sizes are written (3 or (3, 3)). */
  ints(name: string, n: number, opts: { min?: number } = {}): S.Sym[] {
    const v = this.value(name);
    if (v.kind === 'tuple' || v.kind === 'list') {
      // One value in a list or tuple (`stride=[2]`) stands for all dimensions, as PyTorch expands it.
      if (v.items.length !== n && v.items.length !== 1) {
        this.error(`${this.layer}: ${name} must be an int or a tuple of ${n} ints, got ${repr(v)}`, name);
        return Array(n).fill(1);
      }
      const items = v.items.length === n ? v.items : Array(n).fill(v.items[0]);
      return items.map((raw) => {
        const item = readable(raw);
        if (item.kind !== 'int' && item.kind !== 'opaque' && item.kind !== 'bool') {
          this.error(`${this.layer}: ${name} must hold ints, got ${repr(v)}`, name);
          return 1;
        }
        const s = symOf(item);
        if (typeof s === 'number' && opts.min !== undefined && s < opts.min) {
          this.error(`${this.layer}: ${name} must be ${opts.min === 1 ? 'positive' : `at least ${opts.min}`}, got ${repr(v)}`, name);
        }
        return s;
      });
    }
    const one = this.int(name, opts);
    return Array(n).fill(one);
  }

  /** A bool as 0 or 1, or a symbol when unknown (so `bias` can appear in a params formula). */
  flag(name: string): S.Sym {
    const v = this.value(name);
    if (v.kind === 'bool') return v.value ? 1 : 0;
    if (v.kind === 'int') return v.value ? 1 : 0;
    if (v.kind === 'none') return 0;
    return S.atom(v.kind === 'opaque' && v.symbol ? v.symbol : name);
  }

  /** A string argument from a fixed set; undefined when unknown. */
  choice<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.value(name);
    if (v.kind === 'str') {
      if ((allowed as readonly string[]).includes(v.value)) return v.value as T;
      this.error(`${this.layer}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${v.value}'`, name);
      return allowed[0];
    }
    if (v.kind !== 'opaque') this.error(`${this.layer}: ${name} must be a string, got ${repr(v)}`, name);
    return undefined;
  }

  /** A float argument; undefined when unknown. */
  float(name: string, opts: { min?: number; max?: number } = {}): number | undefined {
    const v = this.value(name);
    if (v.kind === 'int' || v.kind === 'float' || v.kind === 'bool') {
      const x = v.kind === 'bool' ? Number(v.value) : v.value;
      if ((opts.min !== undefined && x < opts.min) || (opts.max !== undefined && x > opts.max)) {
        this.error(`${this.layer}: ${name} must be between ${opts.min ?? '-inf'} and ${opts.max ?? 'inf'}, got ${x}`, name);
      }
      return x;
    }
    if (v.kind !== 'opaque') this.error(`${this.layer}: ${name} must be a number, got ${repr(v)}`, name);
    return undefined;
  }
}

/** The number a figure needs, or NeedsValue naming what is unknown. */
export function n(x: S.Sym): number {
  if (typeof x === 'number') return x;
  throw new NeedsValue(S.atomsOf(x));
}

/** All of them as numbers. */
export function ns(xs: S.Sym[]): number[] {
  return xs.map(n);
}
