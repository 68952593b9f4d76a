/** Runtime scopes of the interpreter: names to values, with a parent chain (closures, class bodies, globals). */
import type { RValue } from './runtime';

export class RScope {
  private readonly vars = new Map<string, RValue>();

  constructor(readonly parent?: RScope, readonly kind: 'module' | 'class' | 'function' | 'builtins' = 'function') {}

  lookup(name: string): RValue | undefined {
    for (let s: RScope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
      // Names in a class body are not visible to the functions defined in it; skip class scopes
      // when looking up from a nested function (handled by creating function scopes over the class's parent).
    }
    return undefined;
  }

  get(name: string): RValue | undefined {
    return this.vars.get(name);
  }

  set(name: string, v: RValue): void {
    this.vars.set(name, v);
  }

  delete(name: string): void {
    this.vars.delete(name);
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  /** The bindings made here, as they are now (probing runs both branches of a condition from one state). */
  snapshot(): Map<string, RValue> {
    return new Map(this.vars);
  }

  restore(state: Map<string, RValue>): void {
    this.vars.clear();
    for (const [k, v] of state) this.vars.set(k, v);
  }

  entries(): IterableIterator<[string, RValue]> {
    return this.vars.entries();
  }

  /** The nearest scope that is not a class body: where a function defined here closes over. */
  closureScope(): RScope {
    let s: RScope = this;
    while (s.kind === 'class' && s.parent) s = s.parent;
    return s;
  }
}
