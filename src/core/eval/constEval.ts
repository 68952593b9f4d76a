/**
 * Evaluates the expressions that layer arguments are written with: literals, names bound to
 * module-level or local constants, arithmetic, tuples, and a few pure builtins.
 * Anything else is an `unknown` whose symbol is its source text, so formulas can still name it.
 * Integer arithmetic over unknowns stays symbolic (`planes * 4` → 4·planes).
 */
import type { Expr } from '../python/ast';
import * as S from '../cost/symbolic';
import { NONE, type Value, truthy, unknown } from './values';
import { compareNumbers, roundHalfEven } from './pyNumbers';

/** An int whose value is only known symbolically. */
export interface SymValue {
  kind: 'sym';
  sym: S.Poly;
  /** Its value under the parameters' defaults (`inner = cardinality * width` → 128), and those defaults. */
  fallback?: Value;
  assumes?: [string, Value][];
}
export type EvalValue = Value | SymValue;

/** A lexical scope: names to values, falling back to the parent. */
export class Scope {
  private readonly vars = new Map<string, EvalValue>();
  /** When set, every binding made here is also recorded: what a statement bound, for reuse. */
  journal?: Map<string, EvalValue>;

  constructor(readonly parent?: Scope) {}

  get(name: string): EvalValue | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }

  set(name: string, v: EvalValue): void {
    this.vars.set(name, v);
    this.journal?.set(name, v);
  }

  has(name: string): boolean {
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }

  /** Names bound in this scope itself, not its parents. */
  ownNames(): string[] {
    return [...this.vars.keys()];
  }
}

const MAX_DEPTH = 64;
const MAX_SEQ = 10_000;

export class ConstEvaluator {
  /** When set, an unknown with a fallback (a parameter's default) evaluates to the fallback. */
  useFallbacks = false;
  /** The fallbacks used since the last reset, by name: what a result assumed. */
  readonly assumed = new Map<string, Value>();

  constructor(private readonly text: string) {}

  /** The source text of an expression, whitespace folded: the symbol an unknown is shown as. */
  symbolOf(e: Expr): string {
    return this.text.slice(e.span.from, e.span.to).replace(/\s+/g, ' ').trim();
  }

  eval(e: Expr, scope: Scope, depth = 0): EvalValue {
    if (depth > MAX_DEPTH) return unknown('expression nested too deeply', this.symbolOf(e), e.span);
    const d = depth + 1;
    switch (e.kind) {
      case 'Number':
        if (e.isInt && !Number.isSafeInteger(e.value)) return unknown('integer too large to evaluate exactly', e.raw, e.span);
        return e.isInt ? { kind: 'int', value: e.value } : { kind: 'float', value: e.value };
      case 'String':
        return e.fstring ? unknown('f-string', this.symbolOf(e), e.span) : { kind: 'str', value: e.value };
      case 'Const':
        if (e.value === null) return NONE;
        if (e.value === 'Ellipsis') return unknown('Ellipsis', '...', e.span);
        return { kind: 'bool', value: e.value };
      case 'Name': {
        const v = scope.get(e.id);
        if (v === undefined) return unknown(`\`${e.id}\` is not defined here`, e.id, e.span);
        if ((v.kind === 'unknown' || v.kind === 'sym') && v.fallback && this.useFallbacks) {
          for (const [name, x] of v.assumes ?? [[e.id, v.fallback]]) this.assumed.set(name, x);
          return v.fallback;
        }
        if (v.kind === 'unknown' && !v.symbol) return { ...v, symbol: e.id };
        return v;
      }
      case 'Attribute': {
        const obj = this.eval(e.object, scope, d);
        if (obj.kind === 'ref') return { kind: 'ref', qualname: `${obj.qualname}.${e.attr}` };
        return unknown(`\`${this.symbolOf(e)}\` is not known statically`, this.symbolOf(e), e.span);
      }
      case 'Tuple':
      case 'List': {
        const items: Value[] = [];
        for (const x of e.elts) {
          if (x.kind === 'Starred') {
            const v = this.eval(x.value, scope, d);
            if (v.kind !== 'tuple' && v.kind !== 'list') return unknown('starred item is not a known sequence', this.symbolOf(e), e.span);
            items.push(...v.items);
          } else items.push(asValue(this.eval(x, scope, d), this.symbolOf(x)));
        }
        return { kind: e.kind === 'Tuple' ? 'tuple' : 'list', items };
      }
      case 'Unary':
        return this.unary(e.op, this.eval(e.operand, scope, d), e);
      case 'BinOp':
        return this.binop(e.op, this.eval(e.left, scope, d), this.eval(e.right, scope, d), e);
      case 'BoolOp': {
        const l = this.eval(e.left, scope, d);
        const t = l.kind === 'sym' ? undefined : truthy(l);
        if (t === undefined) return unknown('condition is not known statically', this.symbolOf(e), e.span);
        if (e.op === 'and') return t ? this.eval(e.right, scope, d) : l;
        return t ? l : this.eval(e.right, scope, d);
      }
      case 'Compare':
        return this.compare(e.operands.map((o) => this.eval(o, scope, d)), e.ops, e);
      case 'IfExp': {
        const t = this.eval(e.test, scope, d);
        const b = t.kind === 'sym' ? undefined : truthy(t);
        if (b === undefined) return unknown('condition is not known statically', this.symbolOf(e), e.span);
        return this.eval(b ? e.body : e.orelse, scope, d);
      }
      case 'Subscript': {
        const obj = this.eval(e.object, scope, d);
        const idx = this.eval(e.index, scope, d);
        if ((obj.kind === 'tuple' || obj.kind === 'list') && idx.kind === 'int') {
          const i = idx.value < 0 ? obj.items.length + idx.value : idx.value;
          if (i >= 0 && i < obj.items.length) return obj.items[i];
        }
        return unknown(`\`${this.symbolOf(e)}\` is not known statically`, this.symbolOf(e), e.span);
      }
      case 'Call':
        return this.call(e, scope, d);
      default:
        return unknown(`\`${this.symbolOf(e)}\` is not known statically`, this.symbolOf(e), e.span);
    }
  }

  private call(e: Extract<Expr, { kind: 'Call' }>, scope: Scope, d: number): EvalValue {
    const f = this.eval(e.func, scope, d);
    const sym = this.symbolOf(e);
    const fail = () => unknown(`\`${sym}\` is not known statically`, sym, e.span);
    if (f.kind !== 'ref' || e.args.some((a) => a.kind !== 'positional')) return fail();
    const args = e.args.map((a) => this.eval(a.value, scope, d));
    const nums = args.every((a) => a.kind === 'int' || a.kind === 'float' || a.kind === 'bool');
    const n = (a: EvalValue) => (a.kind === 'int' || a.kind === 'float' ? a.value : a.kind === 'bool' ? Number(a.value) : NaN);
    switch (f.qualname) {
      case 'builtins.int':
        if (args.length === 1 && nums) return { kind: 'int', value: Math.trunc(n(args[0])) };
        break;
      case 'builtins.float':
        if (args.length === 1 && nums) return { kind: 'float', value: n(args[0]) };
        break;
      case 'builtins.abs':
        if (args.length === 1 && nums) return numeric(Math.abs(n(args[0])), args[0].kind !== 'float');
        break;
      case 'builtins.min':
      case 'builtins.max':
        if (args.length >= 2 && nums) {
          const pick = f.qualname === 'builtins.min' ? Math.min(...args.map(n)) : Math.max(...args.map(n));
          return numeric(pick, args.every((a) => a.kind !== 'float'));
        }
        break;
      case 'builtins.round':
        if (args.length === 1 && nums) return { kind: 'int', value: roundHalfEven(n(args[0])) };
        break;
      case 'builtins.len': {
        const a = args[0];
        if (args.length === 1 && (a.kind === 'tuple' || a.kind === 'list')) return { kind: 'int', value: a.items.length };
        if (args.length === 1 && a.kind === 'str') return { kind: 'int', value: a.value.length };
        break;
      }
      case 'builtins.tuple':
      case 'builtins.list': {
        const a = args[0];
        if (args.length === 1 && (a.kind === 'tuple' || a.kind === 'list')) return { kind: f.qualname === 'builtins.tuple' ? 'tuple' : 'list', items: a.items };
        break;
      }
      case 'math.ceil':
      case 'math.floor':
        if (args.length === 1 && nums) return { kind: 'int', value: f.qualname === 'math.ceil' ? Math.ceil(n(args[0])) : Math.floor(n(args[0])) };
        break;
      case 'math.sqrt':
        if (args.length === 1 && nums && n(args[0]) >= 0) return { kind: 'float', value: Math.sqrt(n(args[0])) };
        break;
    }
    return fail();
  }

  private unary(op: string, v: EvalValue, e: Expr): EvalValue {
    if (op === 'not') {
      const t = v.kind === 'sym' ? undefined : truthy(v);
      return t === undefined ? unknown('condition is not known statically', this.symbolOf(e), e.span) : { kind: 'bool', value: !t };
    }
    if (v.kind === 'int' || v.kind === 'bool') {
      const x = Number(v.kind === 'bool' ? v.value : v.value);
      if (op === '-') return { kind: 'int', value: -x };
      if (op === '+') return { kind: 'int', value: x };
      if (op === '~') return { kind: 'int', value: -x - 1 };
    }
    if (v.kind === 'float' && (op === '-' || op === '+')) return { kind: 'float', value: op === '-' ? -v.value : v.value };
    if (op === '-' && (v.kind === 'sym' || (v.kind === 'unknown' && v.symbol))) return toSymValue(S.mul(-1, symOf(v)));
    return unknown(`\`${this.symbolOf(e)}\` is not known statically`, this.symbolOf(e), e.span);
  }

  private binop(op: string, l: EvalValue, r: EvalValue, e: Expr): EvalValue {
    const sym = this.symbolOf(e);
    const fail = (why?: string) => unknown(why ?? `\`${sym}\` is not known statically`, sym, e.span);
    const isNum = (v: EvalValue) => v.kind === 'int' || v.kind === 'float' || v.kind === 'bool';
    if (isNum(l) && isNum(r)) {
      const a = l.kind === 'bool' ? Number(l.value) : (l as { value: number }).value;
      const b = r.kind === 'bool' ? Number(r.value) : (r as { value: number }).value;
      const ints = l.kind !== 'float' && r.kind !== 'float';
      let x: number;
      switch (op) {
        case '+': x = a + b; break;
        case '-': x = a - b; break;
        case '*': x = a * b; break;
        case '/':
          if (b === 0) return fail('division by zero');
          return { kind: 'float', value: a / b };
        case '//':
          if (b === 0) return fail('division by zero');
          x = Math.floor(a / b);
          break;
        case '%':
          if (b === 0) return fail('division by zero');
          x = a - b * Math.floor(a / b);
          break;
        case '**':
          if (ints && b < 0) return { kind: 'float', value: a ** b };
          x = a ** b;
          break;
        case '<<': if (!ints) return fail(); x = a * 2 ** b; break;
        case '>>': if (!ints) return fail(); x = Math.floor(a / 2 ** b); break;
        case '&': if (!ints) return fail(); x = a & b; break;
        case '|': if (!ints) return fail(); x = a | b; break;
        case '^': if (!ints) return fail(); x = a ^ b; break;
        default: return fail();
      }
      if (ints && !Number.isSafeInteger(x)) return fail('integer too large to evaluate exactly');
      return numeric(x, ints);
    }
    if (l.kind === 'str' && r.kind === 'str' && op === '+') return { kind: 'str', value: l.value + r.value };
    if ((l.kind === 'tuple' || l.kind === 'list') && l.kind === r.kind && op === '+') return { kind: l.kind, items: [...l.items, ...r.items] };
    if ((l.kind === 'tuple' || l.kind === 'list') && r.kind === 'int' && op === '*') {
      if (l.items.length * Math.max(r.value, 0) > MAX_SEQ) return fail('sequence too long');
      return { kind: l.kind, items: Array.from({ length: Math.max(r.value, 0) }, () => l.items).flat() };
    }
    // Integer arithmetic over unknowns stays symbolic.
    const symbolic = (v: EvalValue) => v.kind === 'int' || v.kind === 'sym' || (v.kind === 'unknown' && !!v.symbol);
    if (symbolic(l) && symbolic(r)) {
      const a = symOf(l);
      const b = symOf(r);
      switch (op) {
        case '+': return toSymValue(S.add(a, b));
        case '-': return toSymValue(S.sub(a, b));
        case '*': return toSymValue(S.mul(a, b));
        case '//': return toSymValue(S.floorDiv(a, b));
      }
    }
    return fail();
  }

  private compare(vals: EvalValue[], ops: string[], e: Expr): EvalValue {
    for (let i = 0; i < ops.length; i++) {
      const r = compareOne(vals[i], ops[i], vals[i + 1]);
      if (r === undefined) return unknown('comparison is not known statically', this.symbolOf(e), e.span);
      if (!r) return { kind: 'bool', value: false };
    }
    return { kind: 'bool', value: true };
  }
}

function compareOne(a: EvalValue, op: string, b: EvalValue): boolean | undefined {
  const num = (v: EvalValue) => (v.kind === 'int' || v.kind === 'float' ? v.value : v.kind === 'bool' ? Number(v.value) : undefined);
  const x = num(a);
  const y = num(b);
  if (x !== undefined && y !== undefined) {
    const r = compareNumbers(op, x, y);
    if (r !== undefined) return r;
  }
  if (a.kind === 'str' && b.kind === 'str') {
    if (op === '==') return a.value === b.value;
    if (op === '!=') return a.value !== b.value;
    if (op === 'in') return b.value.includes(a.value);
  }
  if (op === 'is' || op === 'is not') {
    if (a.kind === 'unknown' || b.kind === 'unknown' || a.kind === 'sym' || b.kind === 'sym') return undefined;
    const same = a.kind === 'none' ? b.kind === 'none' : b.kind === 'none' ? false : undefined;
    return same === undefined ? undefined : op === 'is' ? same : !same;
  }
  if ((op === 'in' || op === 'not in') && (b.kind === 'tuple' || b.kind === 'list')) {
    const hits = b.items.map((item) => compareOne(a, '==', item));
    if (hits.some((h) => h === undefined)) return undefined;
    const found = hits.some((h) => h);
    return op === 'in' ? found : !found;
  }
  return undefined;
}

function numeric(x: number, isInt: boolean): Value {
  return isInt ? { kind: 'int', value: x } : { kind: 'float', value: x };
}


/** A known int, a symbolic int, or an unknown with a symbol, as a Sym. */
export function symOf(v: EvalValue): S.Sym {
  if (v.kind === 'int') return v.value;
  if (v.kind === 'bool') return Number(v.value);
  if (v.kind === 'sym') return v.sym;
  if (v.kind === 'unknown') return S.atom(v.symbol ?? '?');
  return S.atom('?');
}

function toSymValue(s: S.Sym): EvalValue {
  return typeof s === 'number' ? { kind: 'int', value: s } : { kind: 'sym', sym: s };
}

/** Sequences hold plain values: a symbolic int inside a tuple is kept as an unknown with its formula as symbol. */
export function asValue(v: EvalValue, symbol: string): Value {
  if (v.kind !== 'sym') return v;
  return unknown(`\`${symbol}\` is not known statically`, S.format(v.sym));
}
