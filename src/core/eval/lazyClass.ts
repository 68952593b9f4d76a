/**
 * Class bodies run when the class is first used (issue 20: only the code a model reaches is evaluated). A body
 * is deferred only when it is inert: a docstring, `pass`, attributes set to literals, and methods without
 * decorators whose defaults are literals. Running such a body reads no name and changes nothing outside the
 * class, so running it later gives the same class as running it where it is defined. Anything else (a
 * decorator, a computed attribute, a default that names something) runs at once, as Python runs it.
 */
import type { Expr, Stmt } from '../python/ast';
import type { RValue } from '../values/value';

/** How many class bodies were deferred and how many of those ran since the last reset (tests, the bench). */
export const lazyClassStats = { deferred: 0, run: 0 };

export function inertBody(body: readonly Stmt[]): boolean {
  return body.every((s) => {
    switch (s.kind) {
      case 'Pass':
        return true;
      case 'Expr':
        return literal(s.value);
      case 'AnnAssign':
        return s.target.kind === 'Name';
      case 'Assign':
        return s.targets.every((t) => t.kind === 'Name') && literal(s.value);
      case 'FunctionDef':
        return s.decorators.length === 0 && s.params.every((p) => !p.default || literal(p.default));
      default:
        return false;
    }
  });
}

function literal(e: Expr): boolean {
  switch (e.kind) {
    case 'Number':
    case 'Const':
      return true;
    case 'String':
      return !e.fstring;
    case 'Unary':
      return e.op !== 'not' && e.operand.kind === 'Number';
    case 'Tuple':
    case 'List':
    case 'Set':
      return e.elts.every(literal);
    case 'Dict':
      return e.items.every((i) => 'key' in i && literal(i.key) && literal(i.value));
    default:
      return false;
  }
}

/**
 * A class's attributes, made by running its body on first use. Every Map operation fills them first; the class
 * then holds the filled plain Map (`settle`), so later lookups take the ordinary path.
 */
export class LazyAttrs extends Map<string, RValue> {
  private filled?: Map<string, RValue>;

  constructor(private readonly fill: () => Map<string, RValue>, private readonly settle: (attrs: Map<string, RValue>) => void) {
    super();
    lazyClassStats.deferred++;
  }

  private attrs(): Map<string, RValue> {
    if (!this.filled) {
      lazyClassStats.run++;
      this.filled = this.fill();
      this.settle(this.filled);
    }
    return this.filled;
  }

  override get(k: string): RValue | undefined {
    return this.attrs().get(k);
  }
  override has(k: string): boolean {
    return this.attrs().has(k);
  }
  override set(k: string, v: RValue): this {
    this.attrs().set(k, v);
    return this;
  }
  override delete(k: string): boolean {
    return this.attrs().delete(k);
  }
  override clear(): void {
    this.attrs().clear();
  }
  override get size(): number {
    return this.attrs().size;
  }
  override forEach(f: (v: RValue, k: string, m: Map<string, RValue>) => void, self?: unknown): void {
    this.attrs().forEach(f, self);
  }
  override keys(): ReturnType<Map<string, RValue>['keys']> {
    return this.attrs().keys();
  }
  override values(): ReturnType<Map<string, RValue>['values']> {
    return this.attrs().values();
  }
  override entries(): ReturnType<Map<string, RValue>['entries']> {
    return this.attrs().entries();
  }
  override [Symbol.iterator](): ReturnType<Map<string, RValue>['entries']> {
    return this.attrs()[Symbol.iterator]();
  }
}
