/**
 * Walks a module's statements with a scope that follows them: imports, constants and local assignments
 * are bound in order, so that each expression is seen with the names it can see. Control flow is handled
 * conservatively: a name that a branch or a loop may change becomes unknown (with its name as symbol).
 *
 * Function bodies run after the module has finished loading, so they see the module's final bindings.
 */
import type { Expr, Stmt } from './python/ast';
import { type ConstEvaluator, type EvalValue, Scope, type SymValue } from './eval/constEval';
import { truthy, unknown, type Unknown } from './eval/values';
import { TORCH_LAYERS } from './catalog';
import { assignedNames } from './python/assigned';

/** Python builtins the evaluator understands. */
export const BUILTIN_NAMES = ['int', 'float', 'abs', 'min', 'max', 'round', 'len', 'tuple', 'list'];

/** The scope every module starts from: Python's builtins that the evaluator understands. */
export function builtinScope(): Scope {
  const s = new Scope();
  for (const b of BUILTIN_NAMES) s.set(b, { kind: 'ref', qualname: `builtins.${b}` });
  return s;
}

/** Called for every call expression met, with the scope it is evaluated in. */
export type CallVisitor = (call: Extract<Expr, { kind: 'Call' }>, scope: Scope) => void;

export class ScopeWalker {
  /** The module's bindings after its last statement, for function bodies. */
  private moduleFinal: Scope = new ModuleScope(builtinScope());

  constructor(private readonly ev: ConstEvaluator) {}

  /** First pass: bind the module's names as they stand once it has loaded. */
  bindModule(body: Stmt[]): Scope {
    const final = this.newModuleScope();
    this.bind(body, final);
    this.setFinal(final);
    return final;
  }

  /** First pass, for some top-level statements: bind their names into `scope` without visiting anything. */
  bind(stmts: Stmt[], scope: Scope): void {
    this.block(stmts, scope, undefined, 'module');
  }

  /** The module's bindings once it has loaded, which function bodies see in the second pass. */
  setFinal(final: Scope): void {
    this.moduleFinal = final;
  }

  /** A fresh module scope for the second pass, which follows the statements in order. */
  newModuleScope(): Scope {
    return new ModuleScope(builtinScope());
  }

  /** Second pass, one top-level statement at a time: visit its calls, then bind what it defines. */
  visitStatement(stmt: Stmt, scope: Scope, visit: CallVisitor): void {
    this.stmt(stmt, scope, visit, 'module');
  }

  /** Both passes over a whole module. */
  visitCalls(body: Stmt[], visit: CallVisitor): void {
    this.bindModule(body);
    const scope = this.newModuleScope();
    for (const s of body) this.visitStatement(s, scope, visit);
  }

  private block(stmts: Stmt[], scope: Scope, visit: CallVisitor | undefined, where: 'module' | 'class' | 'function'): void {
    for (const s of stmts) this.stmt(s, scope, visit, where);
  }

  /** `v` (the value of `e`) with the value `e` takes under the parameters' defaults, when that is known. */
  private withFallback(e: Expr, v: SymValue | Unknown, scope: Scope): SymValue | Unknown {
    const { ev } = this;
    const saved = new Map(ev.assumed);
    const was = ev.useFallbacks;
    ev.assumed.clear();
    ev.useFallbacks = true;
    let f: EvalValue;
    try {
      f = ev.eval(e, scope);
    } finally {
      ev.useFallbacks = was;
    }
    const assumes = [...ev.assumed];
    ev.assumed.clear();
    for (const [k, x] of saved) ev.assumed.set(k, x);
    if (assumes.length === 0 || (f.kind !== 'int' && f.kind !== 'float' && f.kind !== 'bool')) return v;
    return { ...v, fallback: f, assumes };
  }

  private stmt(s: Stmt, scope: Scope, visit: CallVisitor | undefined, where: 'module' | 'class' | 'function'): void {
    const see = (e: Expr | undefined) => {
      if (e && visit) this.visitExpr(e, scope, visit);
    };
    switch (s.kind) {
      case 'Expr':
        see(s.value);
        return;
      case 'Assign': {
        see(s.value);
        for (const t of s.targets) if (t.kind !== 'Name') see(t);
        let v = this.ev.eval(s.value, scope);
        // A local computed from parameters (`inner = cardinality * width`) gets the value their defaults give,
        // which figures may assume, saying so. Only in functions: the whole function is re-analysed together.
        if (where === 'function' && (v.kind === 'sym' || (v.kind === 'unknown' && !v.fallback))) v = this.withFallback(s.value, v, scope);
        for (const t of s.targets) this.assign(t, v, scope);
        return;
      }
      case 'AugAssign': {
        see(s.value);
        if (s.target.kind === 'Name') {
          const v = this.ev.eval({ kind: 'BinOp', op: s.op, left: s.target, right: s.value, span: s.span }, scope);
          scope.set(s.target.id, v);
        }
        return;
      }
      case 'AnnAssign':
        return;
      case 'FunctionDef': {
        for (const d of s.decorators) see(d);
        for (const p of s.params) see(p.default);
        scope.set(s.name, unknown(`function \`${s.name}\` defined in this file`, s.name, s.nameSpan));
        if (visit) {
          // Methods do not see the class body's names; module-level functions see the final module.
          const parent = where === 'function' ? scope : this.enclosingForFunctions(scope);
          const fnScope = new Scope(parent);
          for (const p of s.params) {
            const u = unknown(`parameter \`${p.name}\``, p.name, p.span);
            // A default known at definition time is what a call without that argument gets.
            const d = p.default && this.ev.eval(p.default, scope);
            if (d && d.kind !== 'unknown' && d.kind !== 'sym' && d.kind !== 'ref') u.fallback = d;
            fnScope.set(p.name, u);
          }
          this.block(s.body, fnScope, visit, 'function');
        }
        return;
      }
      case 'ClassDef': {
        for (const d of s.decorators) see(d);
        for (const b of s.bases) see(b.value);
        scope.set(s.name, unknown(`class \`${s.name}\` defined in this file`, s.name, s.nameSpan));
        const classScope = new ClassScope(scope);
        this.block(s.body, classScope, visit, 'class');
        return;
      }
      case 'Return':
      case 'Raise':
        see(s.kind === 'Return' ? s.value : s.exc);
        return;
      case 'Assert':
        see(s.test);
        return;
      case 'If': {
        see(s.test);
        const t = this.ev.eval(s.test, scope);
        const known = t.kind === 'sym' ? undefined : truthy(t);
        if (known !== undefined) {
          this.block(known ? s.body : s.orelse, scope, visit, where);
          if (visit) this.block(known ? s.orelse : s.body, new Scope(scope), visit, where);
          return;
        }
        const a = new Scope(scope);
        const b = new Scope(scope);
        this.block(s.body, a, visit, where);
        this.block(s.orelse, b, visit, where);
        for (const name of new Set([...a.ownNames(), ...b.ownNames()])) {
          const va = a.get(name);
          const vb = b.get(name);
          scope.set(name, va && vb && sameValue(va, vb) ? va : unknown(`\`${name}\` depends on a condition`, name));
        }
        return;
      }
      case 'For':
      case 'While': {
        see(s.kind === 'For' ? s.iter : s.test);
        // Every iteration may change what the body assigns: those names are unknown inside and after.
        for (const name of assignedNames(s.body)) scope.set(name, unknown(`\`${name}\` changes in a loop`, name));
        if (s.kind === 'For') this.assign(s.target, unknown('loop variable'), scope);
        this.block(s.body, scope, visit, where);
        this.block(s.orelse, scope, visit, where);
        return;
      }
      case 'Try':
        this.block(s.body, scope, visit, where);
        for (const h of s.handlers) {
          see(h.type);
          this.block(h.body, new Scope(scope), visit, where);
        }
        this.block(s.orelse, scope, visit, where);
        this.block(s.finalbody, scope, visit, where);
        return;
      case 'With':
        for (const item of s.items) {
          see(item.context);
          if (item.target) this.assign(item.target, unknown('context manager value'), scope);
        }
        this.block(s.body, scope, visit, where);
        return;
      case 'Import':
        for (const n of s.names) {
          if (n.asname) scope.set(n.asname, { kind: 'ref', qualname: n.module });
          else scope.set(n.module.split('.')[0], { kind: 'ref', qualname: n.module.split('.')[0] });
        }
        return;
      case 'ImportFrom':
        this.importFrom(s, scope);
        return;
      case 'Delete':
        for (const t of s.targets) if (t.kind === 'Name') scope.set(t.id, unknown(`\`${t.id}\` was deleted`, t.id));
        return;
      default:
        return;
    }
  }

  /** A method skips its class's scope; anything defined at module level sees the module's final bindings. */
  private enclosingForFunctions(scope: Scope): Scope {
    let s: Scope | undefined = scope;
    while (s instanceof ClassScope) s = s.parent;
    return s === undefined || s instanceof ModuleScope ? this.moduleFinal : s;
  }

  private importFrom(s: Extract<Stmt, { kind: 'ImportFrom' }>, scope: Scope): void {
    if (s.level > 0) {
      // Package-relative imports are resolved by whole-model evaluation; here they are opaque.
      for (const n of s.names) {
        const local = n.asname ?? n.name;
        scope.set(local, unknown(`\`${n.name}\` comes from a relative import`, local, n.span));
      }
      return;
    }
    if (s.star) {
      if (s.module === 'torch.nn') for (const name of TORCH_LAYERS.keys()) scope.set(name, { kind: 'ref', qualname: `torch.nn.${name}` });
      return;
    }
    for (const n of s.names) scope.set(n.asname ?? n.name, { kind: 'ref', qualname: `${s.module}.${n.name}` });
  }

  private assign(target: Expr, v: EvalValue, scope: Scope): void {
    if (target.kind === 'Name') {
      scope.set(target.id, v.kind === 'unknown' && !v.symbol ? { ...v, symbol: target.id } : v);
    } else if (target.kind === 'Tuple' || target.kind === 'List') {
      const items = (v.kind === 'tuple' || v.kind === 'list') && v.items.length === target.elts.length && !target.elts.some((e) => e.kind === 'Starred')
        ? v.items
        : undefined;
      target.elts.forEach((t, i) => {
        const inner = t.kind === 'Starred' ? t.value : t;
        this.assign(inner, items ? items[i] : unknown('unpacked value'), scope);
      });
    }
  }

  /** Finds calls inside an expression, entering comprehensions and lambdas with their own names unknown. */
  private visitExpr(e: Expr, scope: Scope, visit: CallVisitor): void {
    switch (e.kind) {
      case 'Call':
        visit(e, scope);
        this.visitExpr(e.func, scope, visit);
        for (const a of e.args) this.visitExpr(a.value, scope, visit);
        return;
      case 'Comp': {
        const inner = new Scope(scope);
        for (const g of e.generators) {
          this.visitExpr(g.iter, inner, visit);
          this.assign(g.target, unknown('comprehension variable'), inner);
          for (const c of g.ifs) this.visitExpr(c, inner, visit);
        }
        this.visitExpr(e.elt, inner, visit);
        if (e.value) this.visitExpr(e.value, inner, visit);
        return;
      }
      case 'Lambda': {
        const inner = new Scope(scope);
        for (const p of e.params) {
          if (p.default) this.visitExpr(p.default, scope, visit);
          inner.set(p.name, unknown(`parameter \`${p.name}\``, p.name));
        }
        this.visitExpr(e.body, inner, visit);
        return;
      }
      default:
        for (const child of childExprs(e)) this.visitExpr(child, scope, visit);
    }
  }
}

/** A class body's scope, which methods skip when they look names up. */
class ClassScope extends Scope {}

/** A module's global scope. */
class ModuleScope extends Scope {}

/** Direct sub-expressions of an expression (calls, comprehensions and lambdas are handled by the caller). */
export function childExprs(e: Expr): Expr[] {
  switch (e.kind) {
    case 'Attribute':
      return [e.object];
    case 'Subscript':
      return [e.object, e.index];
    case 'Slice':
      return [e.lower, e.upper, e.step].filter((x): x is Expr => !!x);
    case 'Call':
      return [e.func, ...e.args.map((a) => a.value)];
    case 'BinOp':
    case 'BoolOp':
      return [e.left, e.right];
    case 'Unary':
      return [e.operand];
    case 'Compare':
      return e.operands;
    case 'IfExp':
      return [e.test, e.body, e.orelse];
    case 'Tuple':
    case 'List':
    case 'Set':
      return e.elts;
    case 'Dict':
      return e.items.flatMap((i) => ('spread' in i ? [i.spread] : [i.key, i.value]));
    case 'Starred':
      return [e.value];
    case 'Named':
      return [e.value];
    default:
      return [];
  }
}

function sameValue(a: EvalValue, b: EvalValue): boolean {
  if (a.kind === 'int' || a.kind === 'float' || a.kind === 'bool' || a.kind === 'str') {
    return a.kind === b.kind && a.value === (b as { value: unknown }).value;
  }
  if (a.kind === 'ref' && b.kind === 'ref') return a.qualname === b.qualname;
  return a.kind === 'none' && b.kind === 'none';
}
