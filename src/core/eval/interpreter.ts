/**
 * The abstract interpreter: runs the model-building part of Python source (module bodies, __init__,
 * factories, forward) over the values of ../values/value.ts. Budgets bound steps, depth and time, so no input
 * can hang the editor; what it cannot follow becomes an opaque value with a reason, and a diagnostic.
 */
import type { Arg, Expr, FStringPart, FunctionDef, LambdaExpr, Stmt } from '../python/ast';
import { RScope } from '../values/value';
import { truthy } from '../values/truth';
import { inertBody, LazyAttrs } from './lazyClass';
import { assignedNames, mutatedNames } from '../python/assigned';
import { pyMethod } from './pyMethods';
import type { Budget, EvalReport, Evaluator, Frame, Host } from './evaluator';
import { BreakSignal, BudgetExceeded, ContinueSignal, LoopStopped, PyRaise, ReturnSignal, capped, formatValue, misplacedSignal } from './signals';
import { describe } from '../values/value';
import { compareNumbers } from './pyNumbers';
import { assignSlice, deleteSlice } from './listSlices';
import { combineSets } from './pySets';
import { enumByName, enumByValue, enumMembers, isEnumClass, makeMembers, mixinValue } from './enumLib';
import {
  type BoundMethod, type CallSite, type ClassValue, type FunctionValue, type InstanceValue, type ListValue, type Origin,
  type RValue, FALSE, NONE, TORCH_PRELUDE_FILE, TRUE, attributeDict, bool, hashKey, int, isNumber, list, newDict, num, opaque, repr, str, symbolic, tuple, typeName,
} from '../values/value';
import * as S from '../values/symbolic';
import { exact } from '../values/format';
import { moduleNodeOf } from '../values/moduleTree';

// Signals, exceptions and the helpers the builtins share (./signals.ts), as the rest of the engine imports them.
export { BreakSignal, BudgetExceeded, ContinueSignal, MAX_ITEMS, PyRaise, ReturnSignal, capped, formatValue, misplacedSignal } from './signals';

/** Evaluates one kind of expression. */
type ExpressionHandler<E extends Expr> = (e: E, frame: Frame, site: CallSite) => RValue;

/** Runs one kind of statement. */
type StatementHandler<S extends Stmt> = (s: S, frame: Frame, site: CallSite) => void;

/** Evaluations in this process that a time budget stopped: what they found depends on the machine's speed. */
let stoppedByTime = 0;

/** How many evaluations a time budget has stopped so far (the CLI does not store the output of a run that had one). */
export function timeBudgetStops(): number {
  return stoppedByTime;
}

export class Interpreter implements Evaluator {
  steps = 0;
  /** How many times a probe ran code that may not run (a branch of an unknown condition, a loop run once). */
  speculations = 0;
  depth = 0;
  /**
   * While the analysed file's module runs (its top level, and the functions it calls outside any forward): its
   * outermost loops get a share of the budget (inLoop).
   */
  loadingEntry = false;
  /** The call that entered the outermost function now running: the statement of the code that is running now. */
  topSite?: CallSite;
  host!: Host;
  /**
   * While an installed package's code runs for the code being analysed: the call in that code that entered it
   * (`create_feature_extractor(m, …)`), where what the package's code did not follow is said too.
   */
  codeSite?: CallSite;
  /**
   * While torch's own Python (the preludes: pack_padded_sequence, the Transformer containers) runs for the code:
   * the code's call that entered it. What that Python finds or raises is said there, as PyTorch's own errors are.
   */
  torchSite?: { site: CallSite; name: string };
  /**
   * Probing: running a function no model ran, with its parameters' defaults or symbols, to see the layers it
   * builds. Both branches of an unknown condition run (names they bind differently become unknown), an unknown
   * loop runs its body once, and an exception ends only the branch that raised it.
   */
  probing = false;
  /** How many try bodies running now have a handler that catches a failed import. */
  importGuards = 0;
  /** The exception names each enclosing try's handlers catch, innermost last (see `catches`). */
  handlers: string[][] = [];

  /**
   * Whether an enclosing try catches this builtin exception (by its name, Exception, BaseException, or a bare
   * except): a mistake the engine would say in red (a layer's unexpected keyword, a TypeError) is then raised
   * instead, and the code's handler runs (timm's create_act_layer retries without `inplace=`).
   */
  catches(name: string): boolean {
    return this.handlers.some((names) => names.some((n) => n === name || n === 'Exception' || n === 'BaseException'));
  }
  /** The definitions of the functions and lambdas that ran (the recorder's set, shared). */
  ran: Set<object> = new Set();

  constructor(readonly budget: Budget, private reportingTo: EvalReport, readonly builtins: RScope) {
    this.stepLimit = budget.maxSteps;
  }

  /** Where what the interpreter finds goes now. */
  get report(): EvalReport {
    return this.reportingTo;
  }

  /**
   * What it finds goes to `report` until the function returned is called (a model's run and a probe keep their own
   * findings): call it in a `finally`.
   */
  reportTo(report: EvalReport): () => void {
    const before = this.reportingTo;
    this.reportingTo = report;
    return () => {
      this.reportingTo = before;
    };
  }

  /** Work of `units` (items built, copied or compared) at once: counted as that many steps, the clock checked. */
  charge(units: number): void {
    this.steps += units;
    if (this.steps > this.stepLimit) this.overLimit();
    if (units >= 1024) this.clock();
  }

  /** The step count past which work stops: the budget's, or sooner the running top-level loop's share (inLoop). */
  private stepLimit: number;
  private loopLimit?: number;

  private overLimit(): void {
    if (this.steps > this.budget.maxSteps) throw new BudgetExceeded(`more than ${exact(this.budget.maxSteps)} evaluation steps`);
    if (this.loopLimit !== undefined && this.steps > this.loopLimit) throw new LoopStopped();
    this.stepLimit = Math.min(this.budget.maxSteps, this.loopLimit ?? Infinity);
  }

  private clock(): void {
    this.budget.onClock?.();
    if (Date.now() >= this.budget.deadline) {
      stoppedByTime++;
      throw new BudgetExceeded(`longer than ${this.budget.timeText ?? 'its time budget'}`);
    }
  }

  tick(): void {
    if (++this.steps > this.stepLimit) this.overLimit();
    if ((this.steps & 1023) === 0) this.clock();
  }

  // ------------------------------------------------------------------ statements

  execBlock(stmts: Stmt[], frame: Frame): void {
    for (const s of stmts) this.exec(s, frame);
  }

  exec(s: Stmt, frame: Frame): void {
    this.tick();
    (this.statements[s.kind] as StatementHandler<Stmt>)(s, frame, { file: frame.file, span: s.span });
  }

  /** How each kind of statement runs. */
  private readonly statements: { [K in Stmt['kind']]: StatementHandler<Stmt & { kind: K }> } = {
    Expr: (s, frame) => void this.eval(s.value, frame),
    Assign: (s, frame) => {
      const v = this.eval(s.value, frame);
      for (const t of s.targets) this.assign(t, v, frame);
      if (frame.annotations && s.annotation && s.targets[0].kind === 'Name') frame.annotations.push(s.targets[0].id);
    },
    AnnAssign: (s, frame) => {
      if (frame.annotations && s.target.kind === 'Name') frame.annotations.push(s.target.id);
    },
    AugAssign: (s, frame, site) => {
      const cur = this.eval(s.target, frame);
      const rhs = this.eval(s.value, frame);
      if (cur.kind === 'list' && s.op === '+') {
        const items = this.iterate(rhs, site);
        if (items) {
          capped(cur.items.length + items.length, 'a sequence');
          cur.items.push(...items);
          return;
        }
      }
      // An object's own in-place operator (`self.blocks += [Block()]` on an nn.ModuleList extends it).
      const inPlace = cur.kind === 'instance' && s.op === '+' ? this.lookupClassAttr(cur.cls, '__iadd__') : undefined;
      if (inPlace) {
        this.assign(s.target, this.call(this.bindMethod(cur, inPlace.value), [rhs], new Map(), site), frame);
        return;
      }
      this.assign(s.target, this.binary(s.op, cur, rhs, site), frame);
    },
    FunctionDef: (s, frame) => this.bindName(s.name, this.defineFunction(s, frame), frame),
    ClassDef: (s, frame) => this.bindName(s.name, this.defineClass(s, frame), frame),
    Return: (s, frame) => {
      throw new ReturnSignal(s.value ? this.eval(s.value, frame) : NONE);
    },
    If: (s, frame, site) => {
      const t = truthy(this.eval(s.test, frame));
      if (t === undefined) {
        if (this.probing) this.bothBranches(s.body, s.orelse, frame);
        else {
          this.report.diagnostic('warning', 'this condition is not known statically: neither branch was followed', site, 'unknown-condition');
          this.notFollowed(s, frame, 'a branch of a condition not known statically');
        }
        return;
      }
      this.execBlock(t ? s.body : s.orelse, frame);
    },
    For: (s, frame, site) => this.inLoop(site, () => {
      const iterable = this.eval(s.iter, frame);
      const items = this.iterate(iterable, site);
      if (!items) {
        if (this.probing) this.loopOnce(s.body, frame, s.target);
        else {
          this.report.diagnostic('warning', `cannot iterate over ${describe(iterable)}${iterable.kind === 'opaque' ? '' : ' statically'}: the loop was skipped`, site, 'unknown-iteration');
          this.notFollowed(s, frame, 'a loop that was skipped');
        }
        return;
      }
      for (const item of items) {
        this.assign(s.target, item, frame);
        if (this.loopBody(s.body, frame) === 'break') return;
      }
      this.execBlock(s.orelse, frame);
    }, s, frame),
    While: (s, frame, site) => this.inLoop(site, () => {
      for (;;) {
        const t = truthy(this.eval(s.test, frame));
        if (t === undefined) {
          if (this.probing) this.loopOnce(s.body, frame);
          else {
            this.report.diagnostic('warning', 'this loop condition is not known statically: the loop was stopped', site, 'unknown-condition');
            this.notFollowed(s, frame, 'a loop that was stopped');
          }
          return;
        }
        if (!t) break;
        if (this.loopBody(s.body, frame) === 'break') return;
      }
      this.execBlock(s.orelse, frame);
    }, s, frame),
    Break: () => {
      throw new BreakSignal();
    },
    Continue: () => {
      throw new ContinueSignal();
    },
    Pass: () => undefined,
    Try: (s, frame) => this.execTry(s, frame),
    With: (s, frame, site) => {
      for (const item of s.items) {
        const ctx = this.eval(item.context, frame);
        // `as` binds what __enter__ returns when the code's own class defines it; a library's context manager
        // (torch.no_grad(), autocast) is itself, and anything else is not known.
        const enter = ctx.kind === 'instance' ? this.lookupClassAttr(ctx.cls, '__enter__') : undefined;
        const entered = enter ? this.call(this.bindMethod(ctx, enter.value), [], new Map(), site) : ctx;
        if (item.target) this.assign(item.target, enter || ctx.kind === 'instance' || ctx.kind === 'opaque' ? entered : opaque('context manager value'), frame);
      }
      this.execBlock(s.body, frame);
    },
    Raise: (s, frame, site) => {
      const exc = s.exc ? this.eval(s.exc, frame) : opaque('re-raised exception');
      throw new PyRaise(exc, exceptionMessage(exc), site);
    },
    Assert: (s, frame, site) => {
      if (truthy(this.eval(s.test, frame)) !== false) return;
      const msg = s.msg ? this.eval(s.msg, frame) : undefined;
      throw new PyRaise(opaque('AssertionError'), `AssertionError${msg && msg.kind === 'str' ? `: ${msg.value}` : ''}`, site);
    },
    Import: (s, frame, site) => {
      for (const n of s.names) {
        const mod = this.host.importModule(n.module, 0, frame, site);
        if (n.asname) this.bindName(n.asname, mod, frame);
        else this.bindName(n.module.split('.')[0], this.host.importModule(n.module.split('.')[0], 0, frame), frame);
      }
    },
    ImportFrom: (s, frame, site) => {
      const mod = this.host.importModule(s.module, s.level, frame, site);
      if (s.star) {
        // A workspace module is loaded now (`from .parts import *`); its __all__, when it has one, says what is public.
        const m = this.deref(mod);
        if (m.kind === 'module' && m.scope) {
          const all = m.scope.get('__all__');
          const names = all && (all.kind === 'list' || all.kind === 'tuple') ? all.items.flatMap((x) => (x.kind === 'str' ? [x.value] : [])) : undefined;
          for (const [k, v] of m.scope.entries()) if (names ? names.includes(k) : !k.startsWith('_')) this.bindName(k, v, frame);
        }
        if (m.kind === 'module' && m.attrs) for (const [k, v] of m.attrs) this.bindName(k, v, frame);
        if (m.kind !== 'module') this.report.diagnostic('warning', `\`from ${'.'.repeat(s.level)}${s.module} import *\`: ${describe(m)}; its names are missing`, site, 'unknown-import');
        return;
      }
      // A module not loaded yet stays so until a name from it is used (issue 30: torchvision's datasets import
      // their 48 files' classes, which a model never reaches): each name is bound to what it will resolve to. A
      // package's own submodules (`from . import detection` in torchvision.models) still load at once: loading them
      // is what registers their builders (get_model, list_models).
      if (mod.kind === 'lazy' && !mod.name) {
        for (const n of s.names) this.bindName(n.asname ?? n.name, { kind: 'lazy', module: mod.module, name: n.name }, frame);
        return;
      }
      for (const n of s.names) {
        let v = this.getAttr(mod, n.name, site);
        if (v.kind === 'opaque' && mod.kind === 'module' && !mod.attrs) {
          // `from package import submodule`
          const sub = this.host.importModule(s.module ? `${s.module}.${n.name}` : n.name, s.level, frame);
          if (sub.kind === 'module') v = sub;
        }
        this.bindName(n.asname ?? n.name, v, frame);
      }
    },
    Global: (s, frame) => {
      frame.globalNames ??= new Set();
      for (const n of s.names) frame.globalNames.add(n);
    },
    Nonlocal: () => undefined,
    Delete: (s, frame) => {
      for (const t of s.targets) {
        if (t.kind === 'Name') frame.scope.delete(t.id);
        else if (t.kind === 'Subscript') {
          const obj = this.eval(t.object, frame);
          const key = this.eval(t.index, frame);
          if (obj.kind === 'dict') obj.entries.delete(hashKey(key));
          else if (obj.kind === 'list' && key.kind === 'int') obj.items.splice(key.value < 0 ? obj.items.length + key.value : key.value, 1);
          else if (obj.kind === 'list' && key.kind === 'slice') {
            const problem = deleteSlice(obj.items, key);
            if (problem) this.report.diagnostic('warning', `del of a slice not followed (${problem}): what the list holds is not known`, { file: frame.file, span: s.span }, 'unknown-item');
          }
        } else if (t.kind === 'Attribute') this.delAttr(this.eval(t.object, frame), t.attr);
      }
    },
    // A statement not evaluated leaves out what it does: said at its line, and what ran it is incomplete.
    Opaque: (s, _frame, site) => this.report.diagnostic('warning', `not evaluated: ${s.reason}; what it does is left out`, site, 'unknown-statement'),
  };

  /**
   * Probing, a condition not known: each branch runs from the same state; afterwards a name the branches left
   * with different values is unknown (its name as the symbol).
   */
  private bothBranches(a: Stmt[], b: Stmt[], frame: Frame): void {
    const before = frame.scope.snapshot();
    this.speculate(a, frame);
    const afterA = frame.scope.snapshot();
    frame.scope.restore(before);
    this.speculate(b, frame);
    const afterB = frame.scope.snapshot();
    for (const name of new Set([...afterA.keys(), ...afterB.keys()])) {
      const x = afterA.get(name);
      const y = afterB.get(name);
      if (x === y || (x && y && this.equals(x, y) === true)) continue;
      frame.scope.set(name, { kind: 'opaque', reason: `\`${name}\` depends on a condition`, symbol: name });
    }
  }

  /**
   * Code not followed (a branch or loop on something not known): what it would have bound or changed in place is
   * not known after it, never the value from before (a list it fills stays empty, and `torch.cat` of it is no
   * mistake of the code's). The finding at the branch or loop said why.
   */
  private notFollowed(s: Stmt, frame: Frame, why: string): void {
    for (const name of assignedNames([s])) this.bindName(name, { kind: 'opaque', reason: `\`${name}\` is set in ${why}`, symbol: name }, frame);
    for (const name of mutatedNames([s])) {
      const before = frame.scope.lookup(name);
      if (before === undefined) continue;
      // The object itself may be reached otherwise (a model a list of models holds): it is not known either.
      this.notFollowedObjects.set(before, why);
      this.bindName(name, { kind: 'opaque', reason: `\`${name}\` is changed in ${why}`, symbol: name }, frame);
    }
  }

  /** Objects code that was not followed changes (notFollowed), with why: what is read off them later is not known. */
  readonly notFollowedObjects = new WeakMap<object, string>();
  /** Loops of the load stopped for their share of the budget (inLoop): the steps they ran, and where they are. */
  readonly stoppedLoops: { from: number; to: number; site: Origin }[] = [];

  /**
   * Probing, a loop over something not known: the body runs once, with the loop variable and every name the
   * body assigns unknown from the start (each iteration may change them).
   */
  private loopOnce(body: Stmt[], frame: Frame, target?: Expr): void {
    for (const name of assignedNames(body)) frame.scope.set(name, { kind: 'opaque', reason: `\`${name}\` changes in a loop`, symbol: name });
    if (target) this.assign(target, opaque('a loop variable not known statically'), frame);
    this.speculate(body, frame);
  }

  /** Probing: run code that may not run; an exception, break, continue or return ends only this part. */
  private speculate(stmts: Stmt[], frame: Frame): void {
    this.speculations++;
    try {
      this.execBlock(stmts, frame);
    } catch (e) {
      if (!(e instanceof PyRaise || e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof ReturnSignal)) throw e;
    }
  }

  /**
   * A loop runs: a budget that runs out inside it names it (the innermost loop, the one that was running). The
   * outermost loop the file's load runs outside any forward (preparing data at the top level or in a function it
   * calls: `while len(questions) < 50000`, `make_pairs(x, y)`) gets an eighth of the step budget: past it, it
   * stops, what it sets or changes is not known after it, and the module goes on, so that the models after it are
   * still built. A loop that builds a model and is stopped so leaves that model not known, and says so.
   */
  private inLoop(site: Origin, run: () => void, s: Stmt, frame: Frame): void {
    // An installed package's import is not the code's: a loop filling its registry is never cut short.
    const capped = this.loadingEntry && this.host.recorder.inForward === 0 && !this.probing && this.loopLimit === undefined && !this.host.installed?.(frame.file);
    const from = this.steps;
    if (capped) {
      this.loopLimit = this.steps + Math.ceil(this.budget.maxSteps / TOP_LEVEL_LOOP_SHARE);
      this.stepLimit = Math.min(this.stepLimit, this.loopLimit);
    }
    try {
      run();
    } catch (e) {
      if (e instanceof BudgetExceeded) e.loop ??= site;
      if (!(capped && e instanceof LoopStopped)) throw e;
      this.report.diagnostic('warning', `this loop was stopped after ${exact(this.steps - from)} evaluation steps, an eighth of the file's budget: what it sets or changes is not known after it, and the rest of the file is read on`, site, 'loop-stopped');
      this.stoppedLoops.push({ from, to: this.steps, site });
      this.notFollowed(s, frame, 'a loop that was stopped');
    } finally {
      if (capped) {
        this.loopLimit = undefined;
        this.stepLimit = this.budget.maxSteps;
      }
    }
  }

  /** One iteration of a loop body: 'break' when it broke out, otherwise it ran or continued. */
  private loopBody(body: Stmt[], frame: Frame): 'break' | 'next' {
    try {
      this.execBlock(body, frame);
    } catch (e) {
      if (e instanceof BreakSignal) return 'break';
      if (!(e instanceof ContinueSignal)) throw e;
    }
    return 'next';
  }

  private execTry(s: Extract<Stmt, { kind: 'Try' }>, frame: Frame): void {
    // A body whose handlers catch an import that fails (`except ImportError:` around an optional dependency):
    // a package found nowhere raises there, as in Python, and the handler's fallback runs (host.importModule).
    const guards = s.handlers.some((h) => !h.type || handlerNames(h.type).some((n) => IMPORT_CATCHERS.has(n)));
    try {
      try {
        if (guards) this.importGuards++;
        this.handlers.push(s.handlers.map((h) => (h.type ? handlerNames(h.type) : ['BaseException'])).flat());
        try {
          this.execBlock(s.body, frame);
        } finally {
          if (guards) this.importGuards--;
          this.handlers.pop();
        }
      } catch (e) {
        if (!(e instanceof PyRaise)) throw e;
        for (const h of s.handlers) {
          if (!h.type || this.exceptionMatches(e.exc, this.eval(h.type, frame))) {
            if (h.name) this.bindName(h.name, e.exc, frame);
            this.execBlock(h.body, frame);
            return;
          }
        }
        throw e;
      }
      this.execBlock(s.orelse, frame);
    } finally {
      this.execBlock(s.finalbody, frame);
    }
  }

  private exceptionMatches(exc: RValue, type: RValue): boolean {
    if (type.kind === 'tuple') return type.items.some((t) => this.exceptionMatches(exc, t));
    if (type.kind !== 'class') return false;
    if (exc.kind === 'instance') return this.isSubclass(exc.cls, type);
    if (exc.kind === 'class') return this.isSubclass(exc, type);
    // Exceptions the interpreter raises itself (KeyError, IndexError…) are named by their reason.
    if (type.name === 'Exception' || type.name === 'BaseException') return true;
    if (exc.kind === 'opaque') {
      return type.name === exc.reason || (type.name === 'LookupError' && (exc.reason === 'KeyError' || exc.reason === 'IndexError')) || (type.name === 'ImportError' && exc.reason === 'ModuleNotFoundError');
    }
    return false;
  }

  bindName(name: string, v: RValue, frame: Frame): void {
    if (frame.globalNames?.has(name)) frame.globals.set(name, v);
    else frame.scope.set(name, v);
  }

  assign(target: Expr, v: RValue, frame: Frame): void {
    const site = { file: frame.file, span: target.span };
    switch (target.kind) {
      case 'Name':
        this.bindName(target.id, v, frame);
        return;
      case 'Attribute':
        this.setAttr(this.eval(target.object, frame), target.attr, v, site);
        return;
      case 'Subscript':
        this.setItem(this.eval(target.object, frame), this.eval(target.index, frame), v, site);
        return;
      case 'Tuple':
      case 'List': {
        const items = this.iterate(v, site);
        const starAt = target.elts.findIndex((e) => e.kind === 'Starred');
        if (!items || (starAt < 0 && items.length !== target.elts.length) || (starAt >= 0 && items.length < target.elts.length - 1)) {
          if (items) {
            throw new PyRaise(opaque('ValueError'), `ValueError: cannot unpack ${items.length} values into ${target.elts.length} names`, site);
          }
          for (const e of target.elts) this.assign(e.kind === 'Starred' ? e.value : e, opaque(`unpacked from ${describe(v)}`, site), frame);
          return;
        }
        if (starAt < 0) {
          target.elts.forEach((e, i) => this.assign(e, items[i], frame));
          return;
        }
        const after = target.elts.length - starAt - 1;
        target.elts.forEach((e, i) => {
          if (i < starAt) this.assign(e, items[i], frame);
          else if (i === starAt) this.assign((e as Extract<Expr, { kind: 'Starred' }>).value, list(items.slice(starAt, items.length - after)), frame);
          else this.assign(e, items[items.length - (target.elts.length - i)], frame);
        });
        return;
      }
      case 'Starred':
        this.assign(target.value, v, frame);
        return;
      default:
        return;
    }
  }

  // ------------------------------------------------------------------ definitions

  defineFunction(def: FunctionDef, frame: Frame): RValue {
    const defaults = new Map<string, RValue>();
    for (const p of def.params) if (p.default) defaults.set(p.name, this.eval(p.default, frame));
    let fn: RValue = { kind: 'function', name: def.name, def, defaults, closure: frame.scope.closureScope(), file: frame.file };
    // Decorators apply bottom-up; only those the interpreter understands change the function.
    for (const d of [...def.decorators].reverse()) fn = this.applyDecorator(this.deref(this.eval(d, frame)), fn, { file: frame.file, span: d.span });
    return fn;
  }

  private applyDecorator(dec: RValue, target: RValue, site: CallSite): RValue {
    if (dec.kind === 'builtin' && dec.name.startsWith('decorator:')) return dec.call([target], new Map(), site);
    // The code's own decorator runs as Python runs it: a wrapper replaces the function (a registry hands it back).
    // A wrapper that declares itself the function (`@functools.wraps(fn)`, as torchvision's legacy-argument
    // wrappers, which read signatures through inspect) stands for it: the function runs as written. A decorator
    // whose run is not known or raises (a registry that reads sys.modules) leaves the function as it was, as do
    // the library decorators not modelled (jit…), which return an equivalent.
    if (dec.kind === 'function' || dec.kind === 'bound' || dec.kind === 'partial') {
      try {
        const wrapped = this.deref(this.call(dec, [target], new Map(), site));
        if (wrapped.kind !== 'opaque' && wrapped.kind !== 'none' && !declaresWrapping(wrapped, target)) return wrapped;
      } catch (e) {
        if (!(e instanceof PyRaise)) throw e;
      }
    }
    return target;
  }

  defineClass(def: Extract<Stmt, { kind: 'ClassDef' }>, frame: Frame): RValue {
    const site = { file: frame.file, span: def.span };
    const bases: ClassValue[] = [];
    let unknownBase: string | undefined;
    for (const b of def.bases) {
      if (b.kind !== 'positional') continue;
      const v = this.deref(this.eval(b.value, frame));
      if (v.kind === 'class') bases.push(v);
      else unknownBase ??= v.kind === 'opaque' ? v.reason : `a ${v.kind} as a base`;
    }
    const moduleName = frame.globals.get('__name__');
    const cls: ClassValue = {
      kind: 'class', name: def.name, qualname: def.name, bases, attrs: new Map(), def, file: frame.file,
      module: moduleName?.kind === 'str' ? moduleName.value : undefined, unknownBase,
    };
    const namedTuple = this.mro(cls).some((c) => c.name === 'NamedTuple');
    const enumClass = isEnumClass(this, cls);
    const run = () => {
      const body = new RScope(frame.scope, 'class');
      const classFrame: Frame = { scope: body, globals: frame.globals, file: frame.file, annotations: [] };
      try {
        this.execBlock(def.body, classFrame);
      } catch (e) {
        throw misplacedSignal(e, site) ?? e;
      }
      const attrs = new Map<string, RValue>();
      for (const [k, v] of body.entries()) {
        if (v.kind === 'function' && !v.ownerClass) v.ownerClass = cls;
        attrs.set(k, v);
      }
      return { attrs, body, annotations: classFrame.annotations! };
    };
    // An inert body (./lazyClass.ts) runs when the class is first used; a decorator or a NamedTuple reads it now.
    if (def.decorators.length === 0 && !namedTuple && !enumClass && inertBody(def.body)) {
      cls.attrs = new LazyAttrs(() => run().attrs, (attrs) => (cls.attrs = attrs));
      return cls;
    }
    const { attrs, body, annotations } = run();
    cls.attrs = attrs;
    if (enumClass) makeMembers(this, cls, def.bases.flatMap((b) => (b.kind === 'positional' && b.value.kind === 'Name' ? [b.value.id] : [])));
    // NamedTuple subclasses: the annotated names are the fields.
    if (namedTuple) cls.fields = annotations.map((name) => ({ name, default: body.get(name) }));
    let result: RValue = cls;
    for (const d of [...def.decorators].reverse()) {
      const dec = this.deref(this.eval(d, frame));
      if (dec.kind === 'builtin' && dec.name === 'decorator:dataclass') {
        // Fields of the bases come first, as dataclasses order them.
        const inherited = this.mro(cls).slice(1).reverse().flatMap((c) => c.fields ?? []);
        const fields = [...inherited, ...annotations.map((name) => ({ name, default: body.get(name) }))];
        cls.fields = fields;
        if (!cls.attrs.has('__init__')) {
          cls.attrs.set('__init__', { kind: 'builtin', name: 'method:dataclass.__init__', call: ([self, ...args], kwargs, s) => {
            if (self.kind !== 'instance') return NONE;
            setFields(self, fields, args, kwargs, s, (f) => this.call(f, [], new Map(), s));
            // Then __post_init__, as dataclasses' generated __init__ ends (timm's CspStagesCfg pads its per-stage
            // arguments there).
            const post = this.lookupClassAttr(self.cls, '__post_init__');
            if (post) this.call(this.bindMethod(self, post.value), [], new Map(), s);
            return NONE;
          } });
        }
      } else result = this.applyDecorator(dec, result, site);
    }
    return result;
  }

  /** Method resolution order: the class, then its bases depth-first, each once. */
  mro(cls: ClassValue): ClassValue[] {
    const known = this.mros.get(cls);
    if (known) return known;
    // Depth first, each class once, without recursion and in linear time: a chain of 5,000 subclasses is read
    // on every attribute lookup, and was quadratic (and as deep on the stack).
    const out: ClassValue[] = [];
    const seen = new Set<ClassValue>();
    const stack = [cls];
    while (stack.length) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      out.push(c);
      for (let i = c.bases.length - 1; i >= 0; i--) stack.push(c.bases[i]);
    }
    this.mros.set(cls, out);
    return out;
  }

  /** Each class's MRO, once: its bases do not change after it is defined. */
  private readonly mros = new WeakMap<ClassValue, ClassValue[]>();

  isSubclass(a: ClassValue, b: ClassValue): boolean {
    return this.mro(a).some((c) => c === b || (c.qualname === b.qualname && c.native !== undefined && c.native === b.native));
  }

  /** A class attribute found along the MRO, starting after `after` when given (super()). */
  lookupClassAttr(cls: ClassValue, name: string, after?: ClassValue): { value: RValue; owner: ClassValue } | undefined {
    const order = this.mro(cls);
    const start = after ? order.indexOf(after) + 1 : 0;
    for (let i = start; i < order.length; i++) {
      const v = order[i].attrs.get(name);
      if (v !== undefined) return { value: v, owner: order[i] };
    }
    return undefined;
  }

  // ------------------------------------------------------------------ expressions

  eval(e: Expr, frame: Frame): RValue {
    this.tick();
    return (this.expressions[e.kind] as ExpressionHandler<Expr>)(e, frame, { file: frame.file, span: e.span });
  }

  /** How each kind of expression evaluates. */
  private readonly expressions: { [K in Expr['kind']]: ExpressionHandler<Expr & { kind: K }> } = {
    Number: (e, _frame, site) => {
      if (e.isInt && !Number.isSafeInteger(e.value)) return opaque('integer too large to evaluate exactly', site);
      return e.isInt ? int(e.value) : { kind: 'float', value: e.value };
    },
    String: (e, frame, site) => (e.fstring ? this.fstring(e.parts ?? [], frame, site) : str(e.value)),
    Const: (e, _frame, site) => (e.value === null ? NONE : e.value === 'Ellipsis' ? opaque('Ellipsis', site) : bool(e.value)),
    Name: (e, frame, site) => {
      const v = frame.globalNames?.has(e.id) ? frame.globals.get(e.id) : frame.scope.lookup(e.id);
      // A name imported from a module not loaded yet: the module loads now, and the name is what it defines.
      if (v?.kind === 'lazy' && v.name) return this.host.resolve(v);
      return v ?? opaque(`\`${e.id}\` is not defined`, site);
    },
    Attribute: (e, frame, site) => this.getAttr(this.eval(e.object, frame), e.attr, site),
    Subscript: (e, frame, site) => this.getItem(this.eval(e.object, frame), this.eval(e.index, frame), site),
    Slice: (e, frame) => ({
      kind: 'slice',
      lower: e.lower ? this.eval(e.lower, frame) : NONE,
      upper: e.upper ? this.eval(e.upper, frame) : NONE,
      step: e.step ? this.eval(e.step, frame) : NONE,
    }),
    Call: (e, frame) => this.evalCall(e, frame),
    BinOp: (e, frame, site) => this.binary(e.op, this.eval(e.left, frame), this.eval(e.right, frame), site),
    Unary: (e, frame, site) => this.unary(e.op, this.eval(e.operand, frame), site),
    BoolOp: (e, frame, site) => {
      const l = this.eval(e.left, frame);
      const t = truthy(l);
      if (t === undefined) return opaque('condition is not known statically', site);
      if (e.op === 'and') return t ? this.eval(e.right, frame) : l;
      return t ? l : this.eval(e.right, frame);
    },
    Compare: (e, frame, site) => {
      let left = this.eval(e.operands[0], frame);
      for (let i = 0; i < e.ops.length; i++) {
        const right = this.eval(e.operands[i + 1], frame);
        // A tensor compared element-wise is a tensor of booleans (`(seq != pad).unsqueeze(-2)`, `mask == 0`).
        if (e.ops.length === 1 && ELEMENTWISE_COMPARE.has(e.ops[0]) && (isTensorLike(left) || isTensorLike(right))) {
          const t = this.host.binary(e.ops[0], left, right, site);
          return t?.kind === 'tensor' ? { ...t, dtype: 'bool' } : t ?? opaque('comparison of tensors', site);
        }
        const r = this.compare(e.ops[i], left, right);
        if (r === undefined) return opaque('comparison is not known statically', site);
        if (!r) return FALSE;
        left = right;
      }
      return TRUE;
    },
    IfExp: (e, frame, site) => {
      const t = truthy(this.eval(e.test, frame));
      if (t === undefined) return opaque('condition is not known statically', site);
      return this.eval(t ? e.body : e.orelse, frame);
    },
    Tuple: (e, frame, site) => this.sequence(e, frame, site),
    List: (e, frame, site) => this.sequence(e, frame, site),
    Set: (e, frame, site) => this.sequence(e, frame, site),
    Dict: (e, frame, site) => {
      const d = newDict();
      for (const item of e.items) {
        if ('spread' in item) {
          const src = this.eval(item.spread, frame);
          if (src.kind !== 'dict') return opaque('** of a value that is not a known dict', site);
          for (const [k, kv] of src.entries) d.entries.set(k, kv);
        } else {
          const k = this.eval(item.key, frame);
          d.entries.set(hashKey(k), [k, this.eval(item.value, frame)]);
        }
      }
      return d;
    },
    Comp: (e, frame) => this.comprehension(e, frame),
    Lambda: (e, frame) => ({ kind: 'function', name: '<lambda>', def: e, defaults: this.lambdaDefaults(e, frame), closure: frame.scope, file: frame.file }),
    Starred: (e, frame) => this.eval(e.value, frame),
    Named: (e, frame) => {
      const v = this.eval(e.value, frame);
      this.bindName(e.target.id, v, frame);
      return v;
    },
    Opaque: (e, _frame, site) => opaque(e.reason, site),
  };

  /** A tuple, list or set display, with its starred items spread. */
  private sequence(e: Expr & { kind: 'Tuple' | 'List' | 'Set' }, frame: Frame, site: CallSite): RValue {
    const items: RValue[] = [];
    for (const x of e.elts) {
      if (x.kind === 'Starred') {
        const inner = this.iterate(this.eval(x.value, frame), site);
        if (!inner) return opaque('starred item is not a known sequence', site);
        items.push(...inner);
      } else items.push(this.eval(x, frame));
    }
    if (e.kind === 'Set') {
      // A set literal keeps each value once.
      const distinct: RValue[] = [];
      for (const x of items) if (!distinct.some((y) => this.equals(x, y) === true)) distinct.push(x);
      return asSet(distinct);
    }
    return e.kind === 'Tuple' ? tuple(items) : list(items);
  }

  private fstring(parts: FStringPart[], frame: Frame, site: CallSite): RValue {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      const v = this.deref(this.eval(p.expr, frame));
      const text = formatValue(v, p.conversion, p.spec);
      if (text === undefined) return opaque('f-string with a value not known statically', site);
      out += text;
    }
    return str(out);
  }

  private lambdaDefaults(e: LambdaExpr, frame: Frame): Map<string, RValue> {
    const defaults = new Map<string, RValue>();
    for (const p of e.params) if (p.default) defaults.set(p.name, this.eval(p.default, frame));
    return defaults;
  }

  private comprehension(e: Extract<Expr, { kind: 'Comp' }>, frame: Frame): RValue {
    const site = { file: frame.file, span: e.span };
    const inner: Frame = { ...frame, scope: new RScope(frame.scope, 'function') };
    const out: RValue[] = [];
    const pairs: [RValue, RValue][] = [];
    let unknown = false;
    const run = (level: number) => {
      if (level === e.generators.length) {
        if (e.type === 'dict') pairs.push([this.eval(e.elt, inner), this.eval(e.value!, inner)]);
        else out.push(this.eval(e.elt, inner));
        return;
      }
      const g = e.generators[level];
      const items = this.iterate(this.eval(g.iter, inner), site);
      if (!items) {
        unknown = true;
        // Probing: the element is still evaluated once, for the layers it builds.
        if (this.probing) {
          this.assign(g.target, opaque('a comprehension variable not known statically', site), inner);
          run(level + 1);
        }
        return;
      }
      for (const item of items) {
        this.assign(g.target, item, inner);
        if (g.ifs.every((c) => truthy(this.eval(c, inner)) === true)) run(level + 1);
      }
    };
    run(0);
    if (unknown) return opaque('comprehension over a value that is not known statically', site);
    if (e.type === 'dict') return newDict(pairs);
    return list(out);
  }

  /**
   * Arguments as values. `*xs` or `**kw` whose contents are not known: a string saying so, unless `partial` is set,
   * when the call goes on with what is known and `open` says some arguments may be missing.
   */
  evalArgs(args: Arg[], frame: Frame, partial = false): { args: RValue[]; kwargs: Map<string, RValue>; values: RValue[]; open: boolean } | string {
    const pos: RValue[] = [];
    const kwargs = new Map<string, RValue>();
    // Each argument expression's own value (`*xs` and `**kw`: the sequence or the dict), in order.
    const values: RValue[] = [];
    let open = false;
    for (const a of args) {
      const site = { file: frame.file, span: a.span };
      const v = this.eval(a.value, frame);
      values.push(v);
      if (a.kind === 'positional') pos.push(v);
      else if (a.kind === 'keyword') kwargs.set(a.name, v);
      else if (a.kind === 'star') {
        const items = this.iterate(v, site);
        if (items) pos.push(...items);
        else if (partial) open = true;
        else return `*${describe(v)} is not a known sequence`;
      } else {
        const d = this.deref(v);
        if (d.kind !== 'dict') {
          if (partial) open = true;
          else return `**${describe(d)} is not a known dict`;
          continue;
        }
        for (const [k, x] of d.entries.values()) {
          if (k.kind !== 'str') return '** with a non-string key';
          kwargs.set(k.value, x);
        }
      }
    }
    return { args: pos, kwargs, values, open };
  }

  private evalCall(e: Extract<Expr, { kind: 'Call' }>, frame: Frame): RValue {
    const site: CallSite = { file: frame.file, span: e.span };
    // Zero-argument super() needs the running method's class and its first argument.
    if (e.func.kind === 'Name' && e.func.id === 'super' && e.args.length === 0 && frame.scope.lookup('super')?.kind === 'builtin') {
      return this.superObject(frame, site);
    }
    // locals() reads the running frame (cvt's `kwargs = dict(locals())` takes the constructor's arguments so).
    if (e.func.kind === 'Name' && e.func.id === 'locals' && e.args.length === 0 && frame.scope.lookup('locals')?.kind === 'builtin') {
      return newDict([...frame.scope.entries()].map(([k, v]) => [str(k), this.deref(v)]));
    }
    if (e.func.kind === 'Name' && (e.func.id === 'eval' || e.func.id === 'exec') && frame.scope.lookup(e.func.id)?.kind === 'builtin') {
      return this.evalString(e.func.id, e.args.map((a) => this.eval(a.value, frame)), frame, site);
    }
    const f = this.deref(this.eval(e.func, frame));
    // A layer built with `*args` or `**kwargs` not known is still built: those of its arguments are not known.
    const layer = f.kind === 'class' && f.native?.kind === 'layer';
    const a = this.evalArgs(e.args, frame, layer);
    if (typeof a === 'string') return opaque(`call with ${a}`, site);
    // A class called directly: its arguments as written go along (a layer binds them with their own spans).
    if (f.kind === 'class') {
      site.call = e;
      site.values = a.values;
    }
    return this.call(f, a.args, a.kwargs, site);
  }

  /**
   * eval of a string that names something (`eval("genotypes.%s" % arch)`): that name, looked up as the code would
   * (the running frame, then attributes). Anything else built from strings is not evaluated, and says so here.
   */
  private evalString(fn: 'eval' | 'exec', args: RValue[], frame: Frame, site: CallSite): RValue {
    const [source, globals] = args;
    if (fn === 'eval' && source?.kind === 'str' && !globals && /^\s*[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*)*\s*$/.test(source.value)) {
      const [head, ...rest] = source.value.split('.').map((p) => p.trim());
      let v = frame.scope.lookup(head) ?? frame.globals.get(head);
      if (v === undefined) throw new PyRaise(opaque('NameError'), `NameError: name '${head}' is not defined`, site);
      for (const name of rest) v = this.getAttr(v, name, site);
      return v;
    }
    const what = source?.kind === 'str' ? `\`${source.value.length > 40 ? `${source.value.slice(0, 40)}…` : source.value}\`` : 'a string not known statically';
    this.report.diagnostic('warning', `${fn}() of ${what}: code built from strings is not evaluated, so what it ${fn === 'eval' ? 'gives' : 'defines'} is not known`, site, 'unknown-eval');
    return fn === 'eval' ? opaque(`${fn}() of code built from strings`, site) : NONE;
  }

  private superObject(frame: Frame, site: CallSite): RValue {
    const fn = frame.fn;
    const def = fn?.def;
    if (!fn?.ownerClass || !def || def.kind !== 'FunctionDef' || def.params.length === 0) return opaque('super() outside a method', site);
    const self = frame.scope.get(def.params[0].name);
    if (!self) return opaque('super() without self', site);
    return this.superProxy(fn.ownerClass, self);
  }

  /** What super(cls, self) gives: attribute lookups start after `cls` in the MRO of self's class. */
  superProxy(cls: ClassValue, self: RValue): RValue {
    return { kind: 'instance', cls: SUPER_CLASS, attrs: new Map<string, RValue>([['__self__', self], ['__thisclass__', cls]]) };
  }

  /** The value itself, loading a lazy import first. */
  deref(v: RValue): RValue {
    return v.kind === 'lazy' ? this.host.resolve(v) : v;
  }

  call(fIn: RValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    this.tick();
    const f = this.deref(fIn);
    switch (f.kind) {
      case 'function':
        return this.callFunction(f, args, kwargs, site);
      case 'builtin':
        // A builtin given fewer arguments than it reads may hand back what it did not get: never a crash.
        return f.call(args, kwargs, site) ?? opaque(`${f.name.replace(/^(method|decorator):/, '')}() with arguments it did not expect`, site);
      case 'bound':
        return this.call(f.func, [f.self, ...args], kwargs, site);
      case 'partial': {
        const merged = new Map(f.kwargs);
        for (const [k, v] of kwargs) merged.set(k, v);
        return this.call(f.func, [...f.args, ...args], merged, site);
      }
      case 'class':
        return this.instantiate(f, args, kwargs, site);
      case 'opaque':
        // A library function Layer Lens does not implement, called in forward: what it computes is missing, said here.
        if (f.unsupported && this.host.recorder.inForward > 0) this.report.diagnostic('warning', `\`${f.unsupported}\` is not something Layer Lens evaluates: its result is not known`, site, 'unknown-function');
        return opaque(`the result of calling something not known statically (${f.reason})`, site);
      default: {
        const hosted = this.host.call(f, args, kwargs, site);
        if (hosted) return hosted;
        if (f.kind === 'instance') {
          const m = this.lookupClassAttr(f.cls, '__call__');
          if (m) return this.call(this.bindMethod(f, m.value), args, kwargs, site);
        }
        return opaque(`${describe(f)} is not callable here`, site);
      }
    }
  }

  callFunction(fn: FunctionValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const scope = new RScope(fn.closure, 'function');
    const problem = bindParameters(fn, args, kwargs, scope);
    if (problem) throw new PyRaise(opaque('TypeError'), `TypeError: ${fn.name}() ${problem}`, site);
    return this.runFunction(fn, scope, site);
  }

  /** A function's body in a scope whose parameters are already bound (a probe binds them to symbols or defaults). */
  runFunction(fn: FunctionValue, scope: RScope, site: CallSite): RValue {
    if (this.depth >= this.budget.maxDepth) throw new BudgetExceeded(`calls nested more than ${this.budget.maxDepth} deep`);
    const frame: Frame = { scope, globals: globalsOf(fn.closure), file: fn.file, fn };
    // What a probe runs did not run: it is probed for what it builds, not run by the code.
    if (!this.probing) this.ran.add(fn.def);
    const entered = this.codeSite;
    if (!entered && this.host.installed?.(fn.file) && !this.host.installed(site.file)) this.codeSite = site;
    const enteredTorch = this.torchSite;
    const intoTorch = fn.file === TORCH_PRELUDE_FILE && site.file !== TORCH_PRELUDE_FILE;
    if (intoTorch) this.torchSite = { site, name: fn.name };
    const enteredTop = this.topSite;
    if (this.depth === 0) this.topSite = site;
    this.depth++;
    try {
      if (fn.def.kind === 'Lambda') return this.eval(fn.def.body, frame);
      this.execBlock(fn.def.body, frame);
      return NONE;
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      // torch's own check refused the call: PyTorch's error, at the code's call, and the analysis goes on from an
      // unknown result (as for torch's native operations), so that every mistake of the file is shown at once.
      // An installed package raised for what the code handed it: the code's call is where the mistake is written.
      if (!entered && this.codeSite === site && e instanceof PyRaise && this.host.installed?.(e.origin.file)) {
        const at = e.origin.file.slice(e.origin.file.lastIndexOf('/') + 1);
        throw new PyRaise(e.exc, `${e.message} (in ${at}, which this call runs)`, site);
      }
      if (intoTorch && e instanceof PyRaise && e.origin.file === TORCH_PRELUDE_FILE) {
        this.report.diagnostic('error', e.message, site, 'shape');
        return opaque(`${fn.name}() raised ${e.message}`, site);
      }
      throw misplacedSignal(e, site) ?? e;
    } finally {
      this.depth--;
      this.topSite = enteredTop;
      this.codeSite = entered;
      this.torchSite = enteredTorch;
    }
  }

  instantiate(cls: ClassValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    // The outermost object built outside any forward: what its construction did not follow is its model's too.
    const outermost = this.constructing === undefined && this.host.recorder.inForward === 0;
    if (outermost) this.constructing = site;
    try {
      return this.construct(cls, args, kwargs, site);
    } finally {
      if (outermost) this.constructing = undefined;
    }
  }

  /** Where the outermost object being built (outside any forward) is built, while it is. */
  constructing?: CallSite;

  private construct(cls: ClassValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const hosted = this.host.call(cls, args, kwargs, site);
    if (hosted) return hosted;
    // An enum called with a value gives its member of that value (./enumLib.ts).
    if (isEnumClass(this, cls)) {
      const value = this.deref(args[0] ?? kwargs.get('value') ?? NONE);
      if (value.kind === 'opaque') return opaque(`${cls.name}() of a value not known statically`, site);
      const member = enumByValue(this, cls, value);
      if (member) return member;
      throw new PyRaise(opaque('ValueError'), `ValueError: ${repr(value)} is not a valid ${cls.name}`, site);
    }
    const inst: InstanceValue = { kind: 'instance', cls, attrs: new Map() };
    const init = this.lookupClassAttr(cls, '__init__');
    if (init && init.value.kind === 'function') this.callFunction(init.value, [inst, ...args], kwargs, site);
    else if (init) this.call(init.value, [inst, ...args], kwargs, site);
    else {
      // NamedTuple: fields from arguments, then defaults
      const withFields = this.mro(cls).find((c) => c.fields);
      if (withFields) setFields(inst, withFields.fields!, args, kwargs, site, (f) => this.call(f, [], new Map(), site));
    }
    return inst;
  }

  /**
   * An attribute no code could have set: the object's classes are all the project's own, none defines
   * __getattr__, and neither their files nor the analysed one assign it, name it in a string or set attributes by
   * computed names. Python raises AttributeError there (a training script that sets it is not this run).
   */
  private missingAttribute(obj: InstanceValue, name: string): boolean {
    if (this.probing || !this.host.neverAssigned || name.startsWith('__')) return false;
    const mro = this.mro(obj.cls);
    // Past nn.Module and object, a native base (a layer, a container) has attributes of its own.
    if (mro.some((c) => c.native !== undefined && c.native.kind !== 'module' && c.native.kind !== 'object')) return false;
    const classes = mro.filter((c) => c.native === undefined);
    if (!classes.length || classes.some((c) => !c.def || c.unknownBase || !c.file || c.file.startsWith('<') || this.host.installed?.(c.file))) return false;
    if (classes.some((c) => c.attrs.has('__getattr__') || c.attrs.has('__getattribute__'))) return false;
    return this.host.neverAssigned(name, [...new Set(classes.map((c) => c.file!))]);
  }

  bindMethod(self: RValue, v: RValue): RValue {
    if (v.kind === 'function') {
      if (v.wrapper === 'static') return v;
      if (v.wrapper === 'class') return { kind: 'bound', self: self.kind === 'instance' ? self.cls : self, func: v } satisfies BoundMethod;
      return { kind: 'bound', self, func: v };
    }
    if (v.kind === 'builtin' && v.name.startsWith('method:')) return { kind: 'bound', self, func: v };
    return v;
  }

  getAttr(objIn: RValue, name: string, site: CallSite): RValue {
    this.tick();
    const obj = this.deref(objIn);
    if (obj.kind === 'instance' && obj.cls === SUPER_CLASS) {
      const self = obj.attrs.get('__self__')!;
      const after = obj.attrs.get('__thisclass__') as ClassValue;
      const selfCls = self.kind === 'instance' ? self.cls : self.kind === 'class' ? self : undefined;
      if (!selfCls) return opaque('super() of a value that is not an object', site);
      const found = this.lookupClassAttr(selfCls, name, after);
      if (found) return this.bindMethod(self, found.value);
      // Past the classes we know: a base we could not read (unknown), or `object` (whose __init__ does nothing).
      const unknown = this.mro(selfCls).slice(this.mro(selfCls).indexOf(after)).find((c) => c.unknownBase);
      if (unknown) return opaque(`super().${name}: a base of ${unknown.name} is not known (${unknown.unknownBase})`, site);
      if (!after.bases.length) return name === '__init__' ? OBJECT_INIT : opaque(`super().${name} is not known`, site);
      const hosted = this.host.getAttr({ kind: 'instance', cls: after.bases[0], attrs: new Map([['__super_self__', self]]) }, name, site);
      return hosted ?? opaque(`super().${name} is not known`, site);
    }
    const hosted = this.host.getAttr(obj, name, site);
    if (hosted) return hosted;
    switch (obj.kind) {
      case 'instance': {
        const own = obj.attrs.get(name);
        if (own !== undefined) return own;
        const found = this.lookupClassAttr(obj.cls, name);
        if (found) {
          if (found.value.kind === 'function' && found.value.wrapper === 'property') return this.call(found.value, [obj], new Map(), site);
          return this.bindMethod(obj, found.value);
        }
        if (name === '__class__') return obj.cls;
        if (name === '__dict__') return attributeDict(obj.attrs);
        if (name === '__module__') return str(obj.cls.module ?? '__main__');
        if (this.missingAttribute(obj, name)) throw new PyRaise(opaque('AttributeError'), `AttributeError: '${obj.cls.name}' object has no attribute '${name}'`, site);
        return opaque(`${obj.cls.name} has no attribute \`${name}\` known statically`, site);
      }
      case 'class': {
        const found = this.lookupClassAttr(obj, name);
        if (found) return found.value.kind === 'function' && found.value.wrapper === 'class' ? { kind: 'bound', self: obj, func: found.value } : found.value;
        if (name === '__name__') return str(obj.name);
        if (name === '__module__') return str(obj.module ?? '__main__');
        return opaque(`class ${obj.name} has no attribute \`${name}\` known statically`, site);
      }
      case 'partial': {
        // functools.partial's own attributes: timm unbinds a partial norm layer to rebind its keywords.
        if (name === 'func') return obj.func;
        if (name === 'args') return tuple(obj.args);
        if (name === 'keywords') return newDict([...obj.kwargs].map(([k, v]) => [str(k), v] as [RValue, RValue]));
        return this.getAttr(obj.func, name, site);
      }
      case 'function': {
        if (name === '__name__' || name === '__qualname__') return str(obj.name);
        const mod = name === '__module__' ? globalsOf(obj.closure).get('__name__') : undefined;
        if (mod) return mod;
        return opaque(`function attribute \`${name}\``, site);
      }
      case 'module':
        if (obj.scope) {
          const v = obj.scope.get(name);
          if (v !== undefined) return v;
        }
        return opaque(`\`${obj.name}.${name}\` is outside what Layer Lens evaluates`, site);
      case 'opaque':
        // `torch.special.entr`: a name inside a library part Layer Lens does not implement is as unsupported.
        return obj.unsupported ? { ...opaque(obj.reason, site), unsupported: `${obj.unsupported}.${name}` } : opaque(obj.reason, site);
      default:
        if (obj.kind === 'tuple' && obj.fields?.includes(name)) return obj.items[obj.fields.indexOf(name)];
        return pyMethod(this, obj, name) ?? opaque(`${typeName(obj)} has no attribute \`${name}\` known statically`, site);
    }
  }

  setAttr(obj: RValue, name: string, value: RValue, site: CallSite): void {
    if (obj.kind === 'instance') {
      if (!this.host.setAttr(obj, name, value, site)) obj.attrs.set(name, value);
    } else if (obj.kind === 'class') {
      obj.attrs.set(name, value);
    }
  }

  delAttr(obj: RValue, name: string): void {
    if (obj.kind === 'instance') {
      if (!this.host.delAttr(obj, name)) obj.attrs.delete(name);
    } else if (obj.kind === 'class') {
      obj.attrs.delete(name);
    }
  }

  getItem(objIn: RValue, index: RValue, site: CallSite): RValue {
    const obj = this.deref(objIn);
    const hosted = this.host.getItem(obj, index, site);
    if (hosted) return hosted;
    if (obj.kind === 'class' && index.kind === 'str' && isEnumClass(this, obj)) {
      const member = enumByName(obj, index.value);
      if (member) return member;
      throw new PyRaise(opaque('KeyError'), `KeyError: '${index.value}'`, site);
    }
    if ((obj.kind === 'list' || obj.kind === 'tuple') && index.kind === 'int') {
      const i = index.value < 0 ? obj.items.length + index.value : index.value;
      if (i >= 0 && i < obj.items.length) return obj.items[i];
      throw new PyRaise(opaque('IndexError'), `IndexError: index ${index.value} out of range`, site);
    }
    if ((obj.kind === 'list' || obj.kind === 'tuple') && index.kind === 'slice') {
      const items = sliceItems(obj.items, index);
      if (!items) return opaque('slice bounds not known statically', site);
      return obj.kind === 'list' ? list(items) : tuple(items);
    }
    if (obj.kind === 'str' && index.kind === 'int') {
      const ch = obj.value.at(index.value);
      if (ch === undefined) throw new PyRaise(opaque('IndexError'), 'IndexError: string index out of range', site);
      return str(ch);
    }
    if (obj.kind === 'str' && index.kind === 'slice') {
      const chars = sliceItems([...obj.value], index);
      return chars ? str(chars.join('')) : opaque('slice bounds not known statically', site);
    }
    if (obj.kind === 'dict') {
      const hit = obj.entries.get(hashKey(index));
      if (hit) return hit[1];
      if (index.kind === 'opaque') return opaque('dict key not known statically', site);
      if (obj.missing) {
        const made = this.call(obj.missing, [], new Map(), site);
        obj.entries.set(hashKey(index), [index, made]);
        return made;
      }
      throw new PyRaise(opaque('KeyError'), `KeyError: ${repr(index)}`, site);
    }
    if (obj.kind === 'instance') {
      const m = this.lookupClassAttr(obj.cls, '__getitem__');
      if (m) return this.call(this.bindMethod(obj, m.value), [index], new Map(), site);
      if (obj.cls.fields && index.kind === 'int') {
        const f = obj.cls.fields[index.value < 0 ? obj.cls.fields.length + index.value : index.value];
        if (f) return obj.attrs.get(f.name) ?? NONE;
      }
    }
    return opaque(`${describe(obj)}[${repr(index)}] is not known statically`, site);
  }

  setItem(obj: RValue, index: RValue, value: RValue, site: CallSite): void {
    if (obj.kind === 'list' && (index.kind === 'int' || index.kind === 'bool')) {
      const at = num(index);
      const i = at < 0 ? obj.items.length + at : at;
      if (i < 0 || i >= obj.items.length) throw new PyRaise(opaque('IndexError'), 'IndexError: list assignment index out of range', site);
      obj.items[i] = value;
    } else if (obj.kind === 'list' && index.kind === 'slice') {
      // `x[a:b] = seq` replaces (or inserts, or removes) a run; `x[a:b:c] = seq` as many items as the slice holds.
      const items = this.iterate(value, site);
      const problem = items ? assignSlice(obj.items, index, items) : 'the values assigned are not known statically';
      if (problem?.startsWith('ValueError')) throw new PyRaise(opaque('ValueError'), problem, site);
      if (problem) this.report.diagnostic('warning', `slice assignment not followed (${problem}): what the list holds is not known`, site, 'unknown-item');
    } else if (obj.kind === 'list') {
      this.report.diagnostic('warning', `list item assignment with ${describe(index)}: what the list holds is not known`, site, 'unknown-item');
    } else if (obj.kind === 'dict') {
      obj.entries.set(hashKey(index), [index, value]);
    } else if (obj.kind === 'instance') {
      const m = this.lookupClassAttr(obj.cls, '__setitem__');
      if (m) this.call(this.bindMethod(obj, m.value), [index, value], new Map(), site);
      // A subclass of a builtin container is an instance here too: not said to raise, said not to be followed.
      else this.report.diagnostic('warning', `item assignment on a ${obj.cls.name} is not followed: what it changes is not known`, site, 'unknown-item');
    } else if (obj.kind === 'tuple' || obj.kind === 'str') {
      throw new PyRaise(opaque('TypeError'), `TypeError: '${obj.kind}' object does not support item assignment`, site);
    } else if (obj.kind === 'tensor') {
      // `table[:, 0::2] = np.sin(…)`: the shape stays; the values are not followed (nor the set they were drawn from).
      delete obj.data;
      delete obj.among;
    }
  }

  /** The items of an iterable, or undefined when they cannot be known. */
  iterate(vIn: RValue, _site: CallSite): RValue[] | undefined {
    const v = this.deref(vIn);
    switch (v.kind) {
      case 'tuple':
      case 'list':
        return v.items.slice();
      case 'dict':
        return [...v.entries.values()].map(([k]) => k);
      case 'str':
        return [...v.value].map(str);
      default: {
        if (v.kind === 'class') {
          const members = enumMembers(this, v);
          if (members) return members.slice();
        }
        const hosted = this.host.iterate(v);
        if (hosted) return hosted;
        if (v.kind === 'instance' && v.cls.fields) return v.cls.fields.map((f) => v.attrs.get(f.name) ?? NONE);
        return undefined;
      }
    }
  }

  unary(op: string, v: RValue, site: CallSite): RValue {
    if (op === 'not') {
      const t = truthy(v);
      return t === undefined ? opaque('condition is not known statically', site) : bool(!t);
    }
    if (isNumber(v)) {
      const x = num(v);
      const isInt = v.kind !== 'float';
      if (op === '-') return isInt ? int(-x) : { kind: 'float', value: -x };
      if (op === '+') return isInt ? int(x) : { kind: 'float', value: x };
      if (op === '~' && isInt) return int(-x - 1);
    }
    if (v.kind === 'tensor') return this.host.binary(op === '-' ? 'neg' : op, v, v, site) ?? opaque('tensor operation', site);
    if (v.kind === 'opaque' && v.sym && op === '-') return symbolic(S.mul(-1, v.sym), v.reason, site);
    return opaque(`${op}${describe(v)} is not known statically`, site);
  }

  binary(op: string, aIn: RValue, bIn: RValue, site: CallSite): RValue {
    const [a, b] = [this.deref(aIn), this.deref(bIn)];
    if (isTensorLike(a) || isTensorLike(b)) return this.host.binary(op, a, b, site) ?? opaque(`tensor ${op}`, site);
    if (isNumber(a) && isNumber(b)) return numericBinary(op, num(a), num(b), a.kind !== 'float' && b.kind !== 'float', site);
    const formula = symbolicBinary(op, a, b, site);
    if (formula) return formula;
    if (a.kind === 'str' && b.kind === 'str' && op === '+') return str(capped(a.value.length + b.value.length, 'a string') && a.value + b.value);
    if (a.kind === 'str' && op === '%') {
      // A dict on the right is a mapping for %(name)s, never extra arguments.
      const r = percentFormat(a.value, b.kind === 'tuple' ? b.items : b.kind === 'dict' ? [] : [b]);
      if (typeof r === 'string') {
        if (b.kind !== 'dict') throw new PyRaise(opaque('TypeError'), r, site);
        return opaque('formatted string', site);
      }
      return r ?? opaque('formatted string', site);
    }
    if ((a.kind === 'list' || a.kind === 'tuple') && a.kind === b.kind && op === '+') {
      capped(a.items.length + (b as ListValue).items.length, 'a sequence');
      return a.kind === 'list' ? list([...a.items, ...(b as ListValue).items]) : tuple([...a.items, ...(b as { items: RValue[] }).items]);
    }
    if ((a.kind === 'list' || a.kind === 'tuple') && b.kind === 'int' && op === '*') {
      // Checked before allocating: [0] * 10**12 must not reach the JavaScript heap.
      const reps = Math.max(0, b.value);
      capped(a.items.length * reps, 'a sequence');
      // Filled in place: a million items in milliseconds, so the time budget is met between two of them.
      const items = new Array<RValue>(a.items.length * reps);
      for (let r = 0, at = 0; r < reps; r++) for (const x of a.items) items[at++] = x;
      return a.kind === 'list' ? list(items) : tuple(items);
    }
    // Sets (lists marked `set` here, as are a dict's keys() views) under -, &, | or ^ (on two plain lists Python
    // refuses them). The result keeps the left operand's order, then the right's new items.
    if (a.kind === 'list' && b.kind === 'list' && (a.set || b.set) && (op === '-' || op === '&' || op === '|' || op === '^')) {
      return asSet(combineSets(op, a.items, b.items, (x, y) => this.equals(x, y) === true));
    }
    if (a.kind === 'dict' && b.kind === 'dict' && op === '|') {
      const d = newDict();
      for (const [k, kv] of a.entries) d.entries.set(k, kv);
      for (const [k, kv] of b.entries) d.entries.set(k, kv);
      return d;
    }
    if (a.kind === 'instance') {
      const m = this.lookupClassAttr(a.cls, DUNDER[op] ?? '');
      if (m) return this.call(this.bindMethod(a, m.value), [b], new Map(), site);
    }
    return opaque(`${describe(a)} ${op} ${describe(b)} is not known statically`, site);
  }

  compare(op: string, aIn: RValue, bIn: RValue): boolean | undefined {
    const [a, b] = [this.deref(aIn), this.deref(bIn)];
    if (op === 'is' || op === 'is not') {
      let same: boolean | undefined;
      // A value not known may be None itself (a probe's parameter, an attribute it could not see).
      if (a.kind === 'opaque' || b.kind === 'opaque') same = undefined;
      else if (a.kind === 'none' || b.kind === 'none') same = a.kind === b.kind;
      else if (a.kind === 'bool' && b.kind === 'bool') same = a.value === b.value;
      // CPython keeps one object for each string constant and small int: `mode is 'proj'` holds when mode is 'proj'.
      else if (a.kind === 'str' && b.kind === 'str') same = a.value === b.value;
      else if (a.kind === 'int' && b.kind === 'int') same = a.value === b.value && a.value >= -5 && a.value <= 256 ? true : a.value !== b.value ? false : undefined;
      else same = a === b || (a.kind === 'instance' && b.kind === 'instance' && moduleNodeOf(a) !== undefined && moduleNodeOf(a) === moduleNodeOf(b));
      return same === undefined ? undefined : op === 'is' ? same : !same;
    }
    if (op === 'in' || op === 'not in') {
      let found: boolean | undefined;
      if (b.kind === 'list' || b.kind === 'tuple') {
        const hits = b.items.map((x) => this.compare('==', a, x));
        found = hits.some((h) => h === true) ? true : hits.some((h) => h === undefined) ? undefined : false;
      } else if (b.kind === 'dict') found = a.kind === 'opaque' ? undefined : b.entries.has(hashKey(a));
      else if (b.kind === 'str' && a.kind === 'str') found = b.value.includes(a.value);
      // A member in its enum (a value that is not a member is not in it: Python 3.12 would say so, 3.11 raises).
      else if (b.kind === 'class' && enumMembers(this, b)) found = a.kind === 'opaque' ? undefined : enumMembers(this, b)!.includes(a as never);
      return found === undefined ? undefined : op === 'in' ? found : !found;
    }
    if (isNumber(a) && isNumber(b)) {
      const r = compareNumbers(op, num(a), num(b));
      if (r !== undefined) return r;
    }
    if (op === '<' || op === '>' || op === '<=' || op === '>=') {
      // Strings by code point; tuples and lists item by item, the first that differs deciding, then the lengths
      // (`sys.version_info >= (3, 10)`).
      if (a.kind === 'str' && b.kind === 'str') return compareNumbers(op, a.value < b.value ? -1 : a.value > b.value ? 1 : 0, 0);
      if ((a.kind === 'tuple' && b.kind === 'tuple') || (a.kind === 'list' && b.kind === 'list')) {
        const bi = (b as typeof a).items;
        for (let i = 0; i < Math.min(a.items.length, bi.length); i++) {
          const same = this.equals(a.items[i], bi[i]);
          if (same === undefined) return undefined;
          if (!same) return this.compare(op, a.items[i], bi[i]);
        }
        return compareNumbers(op, a.items.length, bi.length);
      }
    }
    if (op === '==' || op === '!=') {
      const eq = this.equals(a, b);
      return eq === undefined ? undefined : op === '==' ? eq : !eq;
    }
    return undefined;
  }

  equals(a: RValue, b: RValue, work = { left: 100_000 }): boolean | undefined {
    // The same object is equal to itself at once: a DAG of shared tuples compares in one step, not 2^depth.
    if (a === b && a.kind !== 'float') return true;
    if (--work.left < 0) return undefined;
    // A member of an enum mixed with str or int is equal to its value.
    const [ma, mb] = [mixinValue(a), mixinValue(b)];
    if (ma || mb) return this.equals(ma ?? a, mb ?? b, work);
    if (a.kind === 'opaque' || b.kind === 'opaque' || a.kind === 'tensor' || b.kind === 'tensor') return undefined;
    if (isNumber(a) && isNumber(b)) return num(a) === num(b);
    if (a.kind !== b.kind) return false;
    if (a.kind === 'str') return a.value === (b as typeof a).value;
    if (a.kind === 'none') return true;
    if (a.kind === 'tuple' || a.kind === 'list') {
      const bi = (b as typeof a).items;
      if (a.items.length !== bi.length) return false;
      let unknown = false;
      for (let i = 0; i < bi.length; i++) {
        const r = this.equals(a.items[i], bi[i], work);
        if (r === false) return false;
        if (r === undefined) unknown = true;
      }
      return unknown ? undefined : true;
    }
    const native = a.kind === 'instance' ? a.cls.native : undefined;
    if (native?.kind === 'value' && b.kind === 'instance' && b.cls === (a as typeof b).cls) {
      const [x, y] = [a as typeof b, b];
      return this.equals(tuple(native.fields.map((f) => x.attrs.get(f) ?? NONE)), tuple(native.fields.map((f) => y.attrs.get(f) ?? NONE)), work);
    }
    return a === b;
  }
}

/** The share of the step budget one loop of a module's top level may spend (Interpreter.inLoop): an eighth. */
const TOP_LEVEL_LOOP_SHARE = 8;

const ELEMENTWISE_COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);
/** A tensor, or an nn.Parameter (which behaves as one). */
const isTensorLike = (v: RValue) => v.kind === 'tensor' || (v.kind === 'instance' && !!v.parameter);

const DUNDER: Record<string, string> = { '+': '__add__', '-': '__sub__', '*': '__mul__', '/': '__truediv__', '@': '__matmul__' };

/** dataclass and NamedTuple fields from arguments, then defaults. */
function setFields(inst: InstanceValue, fields: { name: string; default?: RValue }[], args: RValue[], kwargs: Map<string, RValue>, site: CallSite, make: (factory: RValue) => RValue): void {
  fields.forEach((field, i) => {
    // field(default_factory=f): a new value from f for each instance.
    const factory = field.default?.kind === 'instance' && field.default.cls.name === 'field' ? field.default.attrs.get('default_factory') : undefined;
    const v = i < args.length ? args[i] : kwargs.get(field.name) ?? (factory ? make(factory) : field.default);
    inst.attrs.set(field.name, v ?? opaque(`field ${field.name} has no value`, site));
  });
}

/** `object.__init__`, which super().__init__() reaches in a class with no bases: it does nothing. */
const OBJECT_INIT: RValue = { kind: 'builtin', name: 'object.__init__', call: () => NONE };

/** The class of super() proxies. */
export const SUPER_CLASS: ClassValue = { kind: 'class', name: 'super', qualname: 'builtins.super', bases: [], attrs: new Map() };

function globalsOf(scope: RScope): RScope {
  let s: RScope = scope;
  while (s.kind !== 'module' && s.parent) s = s.parent;
  return s;
}

/** Whether `f` says, through functools.wraps (at any depth), that it wraps `target`. */
function declaresWrapping(f: RValue, target: RValue): boolean {
  for (let at: RValue | undefined = f, depth = 0; at?.kind === 'function' && depth < 20; at = at.wraps, depth++) {
    if (at.wraps === target) return true;
  }
  return false;
}

function exceptionMessage(exc: RValue): string {
  if (exc.kind === 'instance') {
    const args = exc.attrs.get('args');
    const first = args && args.kind === 'tuple' ? args.items[0] : undefined;
    return `${exc.cls.name}${first && first.kind === 'str' ? `: ${first.value}` : ''}`;
  }
  if (exc.kind === 'class') return exc.name;
  return 'an exception';
}

/** printf-style `'%d' % x`; undefined when a value or a directive is not known. */
function percentFormat(fmt: string, values: RValue[]): RValue | string | undefined {
  // Only the plain directives below are read; a format with any other (`%5d`, `%(name)s`, `%x`) is not known.
  const directives = fmt.replace(/%%/g, '').split('%').length - 1;
  if (directives !== (fmt.replace(/%%/g, '').match(/%(\.\d+)?[disrf]/g) ?? []).length) return undefined;
  let i = 0;
  let failed = false;
  const out = fmt.replace(/%(\.\d+)?([disrf%])/g, (_all, prec: string | undefined, d: string) => {
    if (d === '%') return '%';
    const v = values[i++];
    if (!v || v.kind === 'opaque' || v.kind === 'tensor') {
      failed = true;
      return '';
    }
    if (d === 'f' && (v.kind === 'int' || v.kind === 'float')) return v.value.toFixed(prec ? Number(prec.slice(1)) : 6);
    if ((d === 'd' || d === 'i') && (v.kind === 'int' || v.kind === 'float' || v.kind === 'bool')) return String(Math.trunc(Number(v.kind === 'bool' ? v.value : v.value)));
    return formatValue(v, d === 'r' ? 'r' : undefined) ?? ((failed = true), '');
  });
  // Python refuses a count of values that does not match the format's.
  if (i < values.length) return 'TypeError: not all arguments converted during string formatting';
  if (i > values.length) return 'TypeError: not enough arguments for format string';
  return failed ? undefined : str(out);
}

/** A set made of these distinct items. */
function asSet(items: RValue[]): RValue {
  return { kind: 'list', items, set: true };
}

function numericBinary(op: string, a: number, b: number, ints: boolean, site: CallSite): RValue {
  const numeric = (x: number): RValue => (ints ? int(x) : { kind: 'float', value: x });
  const zero = () => {
    throw new PyRaise(opaque('ZeroDivisionError'), 'ZeroDivisionError: division by zero', site);
  };
  let x: number;
  switch (op) {
    case '+': x = a + b; break;
    case '-': x = a - b; break;
    case '*': x = a * b; break;
    case '/': if (b === 0) zero(); return { kind: 'float', value: a / b };
    case '//': if (b === 0) zero(); x = Math.floor(a / b); break;
    case '%': if (b === 0) zero(); x = a - b * Math.floor(a / b); break;
    case '**': if (ints && b < 0) return { kind: 'float', value: a ** b }; x = a ** b; break;
    case '<<': case '>>': case '&': case '|': case '^': {
      // Bitwise and shift operators take ints only, at any width (JavaScript's `&` would cut them to 32 bits).
      if (!ints) throw new PyRaise(opaque('TypeError'), `TypeError: unsupported operand type(s) for ${op}: a float`, site);
      if ((op === '<<' || op === '>>') && b < 0) throw new PyRaise(opaque('ValueError'), 'ValueError: negative shift count', site);
      const [p, q] = [BigInt(a), BigInt(b)];
      x = Number(op === '<<' ? p << q : op === '>>' ? p >> q : op === '&' ? p & q : op === '|' ? p | q : p ^ q);
      break;
    }
    default: return opaque(`operator ${op}`, site);
  }
  if (ints && !Number.isSafeInteger(x)) return opaque('integer too large to evaluate exactly', site);
  return numeric(x);
}

/**
 * Integer arithmetic where a side is known only as a formula (a probe's `planes * 4`): the result is the formula
 * (4·planes). Undefined for anything else.
 */
function symbolicBinary(op: string, a: RValue, b: RValue, site: CallSite): RValue | undefined {
  const asSym = (v: RValue): S.Sym | undefined => (v.kind === 'int' ? v.value : v.kind === 'bool' ? Number(v.value) : v.kind === 'opaque' ? v.sym : undefined);
  const x = asSym(a);
  const y = asSym(b);
  if (x === undefined || y === undefined || (typeof x === 'number' && typeof y === 'number')) return undefined;
  const f = op === '+' ? S.add(x, y) : op === '-' ? S.sub(x, y) : op === '*' ? S.mul(x, y) : op === '//' ? S.floorDiv(x, y) : undefined;
  return f === undefined ? undefined : symbolic(f, 'an int known as a formula', site);
}

/** Python slice semantics over a JS array. */
export function sliceItems<T>(items: T[], s: Extract<RValue, { kind: 'slice' }>): T[] | undefined {
  const n = items.length;
  const val = (v: RValue) => (v.kind === 'none' ? undefined : v.kind === 'int' ? v.value : NaN);
  const [lo, hi, step] = [val(s.lower), val(s.upper), val(s.step) ?? 1];
  if ([lo, hi, step].some((x) => Number.isNaN(x)) || step === 0) return undefined;
  const norm = (x: number | undefined, dflt: number) => {
    if (x === undefined) return dflt;
    const y = x < 0 ? x + n : x;
    return step > 0 ? Math.min(Math.max(y, 0), n) : Math.min(Math.max(y, -1), n - 1);
  };
  const out: T[] = [];
  if (step > 0) for (let i = norm(lo, 0); i < norm(hi, n); i += step) out.push(items[i]);
  else for (let i = norm(lo, n - 1); i > norm(hi, -1); i += step) out.push(items[i]);
  return out;
}

/** Binds call arguments to a function's parameters; returns a TypeError message on mismatch. */
function bindParameters(fn: FunctionValue, args: RValue[], kwargs: Map<string, RValue>, scope: RScope): string | undefined {
  const params = fn.def.params;
  const positional = params.filter((p) => p.kind === 'normal');
  const varargs = params.find((p) => p.kind === 'varargs');
  const varkw = params.find((p) => p.kind === 'varkw');
  const extra = newDict();
  const bound = new Set<string>();
  args.forEach((v, i) => {
    if (i < positional.length) {
      scope.set(positional[i].name, v);
      bound.add(positional[i].name);
    }
  });
  if (args.length > positional.length) {
    if (!varargs) return `takes ${positional.length} positional arguments but ${args.length} were given`;
  }
  if (varargs) scope.set(varargs.name, tuple(args.slice(positional.length)));
  for (const [k, v] of kwargs) {
    const p = params.find((q) => q.name === k && (q.kind === 'normal' || q.kind === 'kwonly'));
    if (p) {
      if (bound.has(k)) return `got multiple values for argument '${k}'`;
      scope.set(k, v);
      bound.add(k);
    } else if (varkw) extra.entries.set(hashKey(str(k)), [str(k), v]);
    else return `got an unexpected keyword argument '${k}'`;
  }
  if (varkw) scope.set(varkw.name, extra);
  for (const p of params) {
    if ((p.kind === 'normal' || p.kind === 'kwonly') && !bound.has(p.name)) {
      const d = fn.defaults.get(p.name);
      if (d === undefined) return `missing required argument '${p.name}'`;
      scope.set(p.name, d);
    }
  }
  return undefined;
}

/** The exception classes an import that fails is caught by. */
const IMPORT_CATCHERS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

/** The class names an `except` clause names (`ImportError`, `(ImportError, OSError)`, `builtins.ImportError`). */
function handlerNames(e: Expr): string[] {
  if (e.kind === 'Name') return [e.id];
  if (e.kind === 'Attribute') return [e.attr];
  if (e.kind === 'Tuple') return e.elts.flatMap(handlerNames);
  return [];
}
