/**
 * Python values as the static evaluator sees them. Anything it cannot know is an `unknown`
 * that carries why, where, and (when it came from a name) the symbol to show in formulas.
 */
import type { Span } from '../python/ast';

export type Value =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'str'; value: string }
  | { kind: 'none' }
  | { kind: 'tuple' | 'list'; items: Value[] }
  | { kind: 'dict'; entries: [Value, Value][] }
  /** A module or object reached through imports, e.g. `torch.nn.Conv2d`. */
  | { kind: 'ref'; qualname: string }
  | Unknown;

export interface Unknown {
  kind: 'unknown';
  reason: string;
  /** The source text to use as a formula symbol, e.g. `in_planes` or `self.inplanes`. */
  symbol?: string;
  span?: Span;
  /** A value to assume when asked to, e.g. a parameter's default: `planes=64`. */
  fallback?: Value;
  /** The parameter defaults the fallback comes from, when it was computed from them (see ScopeWalker). */
  assumes?: [string, Value][];
}

export const NONE: Value = { kind: 'none' };

export function int(value: number): Value {
  return { kind: 'int', value };
}

export function unknown(reason: string, symbol?: string, span?: Span): Unknown {
  return { kind: 'unknown', reason, symbol, span };
}

/** Python's repr, enough for hovers and the CLI's argument column. */
export function repr(v: Value): string {
  switch (v.kind) {
    case 'int':
      return String(v.value);
    case 'float':
      return Number.isInteger(v.value) ? v.value.toFixed(1) : String(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'str':
      return `'${v.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'none':
      return 'None';
    case 'tuple':
      return v.items.length === 1 ? `(${repr(v.items[0])},)` : `(${v.items.map(repr).join(', ')})`;
    case 'list':
      return `[${v.items.map(repr).join(', ')}]`;
    case 'dict':
      return `{${v.entries.map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ')}}`;
    case 'ref':
      return v.qualname;
    case 'unknown':
      return v.symbol ?? '?';
  }
}

/** Python truthiness; undefined when it cannot be known. */
export function truthy(v: Value): boolean | undefined {
  switch (v.kind) {
    case 'int':
    case 'float':
      return v.value !== 0;
    case 'bool':
      return v.value;
    case 'str':
      return v.value.length > 0;
    case 'none':
      return false;
    case 'tuple':
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0;
    case 'ref':
      return true;
    case 'unknown':
      return undefined;
  }
}
