/**
 * The interpreter as the rest of the evaluator sees it: what the builtins, the methods of Python's types and the
 * framework adapters (torch, Keras, numpy) ask of it, as Pyright's checkers see its `TypeEvaluator`. They import
 * this interface, never the class, so the interpreter can import them without a circle.
 */
import type { Stmt } from '../python/ast';
import type { CallSite, ClassValue, FunctionValue, InstanceValue, Origin, RScope, RValue } from '../values/value';

export interface Budget {
  maxSteps: number;
  maxDepth: number;
  deadline: number;
  /** What the deadline allows, in words, for the finding when it passes (`the 1.5 s an evaluation gets`). */
  timeText?: string;
  /** Called whenever the clock is read (every 1,024 steps): a host can tell what long work is under way. */
  onClock?: () => void;
}

export interface Frame {
  scope: RScope;
  globals: RScope;
  file: string;
  fn?: FunctionValue;
  /** Names declared `global` in this function. */
  globalNames?: Set<string>;
  /** Annotated names of a class body, in order (dataclass and NamedTuple fields). */
  annotations?: string[];
}

/** What the interpreter reports while it runs. */
export interface EvalReport {
  /** `related`: other places that explain it, such as where a mismatched input was produced. */
  diagnostic(severity: 'error' | 'warning' | 'info', message: string, origin: Origin, code: string, related?: { origin: Origin; message: string }[]): void;
}

/** Hooks the interpreter calls for what lies outside plain Python: imports, classes it implements, tensors. */
export interface Host {
  /** How many module forwards are running (0 while a model is built). */
  readonly recorder: { readonly inForward: number };
  importModule(name: string, level: number, frame: Frame, site?: CallSite): RValue;
  /** Loads what a lazy import stands for. */
  resolve(v: Extract<RValue, { kind: 'lazy' }>): RValue;
  /** Attribute access on values the host implements (modules, tensors, native instances). */
  getAttr(obj: RValue, name: string, site: CallSite): RValue | undefined;
  /** Attribute assignment on a module instance (registers children and parameters). */
  setAttr(obj: InstanceValue, name: string, value: RValue, site: CallSite): boolean;
  /** `del obj.name` on a module instance (unregisters a child or parameter). */
  delAttr(obj: InstanceValue, name: string): boolean;
  /** Calls the host implements: native classes, module instances, tensors' methods. */
  call(f: RValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue | undefined;
  /** Binary operations on tensors. */
  binary(op: string, a: RValue, b: RValue, site: CallSite): RValue | undefined;
  /** Subscript on values the host implements (tensors, Sequential). */
  getItem(obj: RValue, index: RValue, site: CallSite): RValue | undefined;
  /** Iteration over values the host implements (ModuleList, Sequential). */
  iterate(obj: RValue): RValue[] | undefined;
  /** Whether a file is an installed package's (in one of the Python environments). */
  installed?(file: string): boolean;
  /** The tree of a prelude's source (torch.nn's Python parts), from the surface's parse cache when it has one. */
  parsePrelude?(module: string, source: string): Stmt[];
  /** Whether no code in these files may set attribute `name` (no `x.name = …`, no 'name' string, no setattr by a computed name). */
  neverAssigned?(name: string, files: string[]): boolean;
}

export interface Evaluator {
  readonly budget: Budget;
  readonly report: EvalReport;
  host: Host;
  /** Steps run so far, and how many of them ran code that may not run (probing). */
  steps: number;
  speculations: number;
  /** See Interpreter: the modes a helper's behaviour depends on. */
  probing: boolean;
  loadingEntry: boolean;
  importGuards: number;
  /** The exception names enclosing try blocks catch (a module's body starts with none). */
  handlers: string[][];
  /** Whether an enclosing try catches this builtin exception. */
  catches(name: string): boolean;
  topSite?: CallSite;
  codeSite?: CallSite;
  torchSite?: { site: CallSite; name: string };
  constructing?: CallSite;
  ran: Set<object>;
  readonly notFollowedObjects: WeakMap<object, string>;
  readonly stoppedLoops: { from: number; to: number; site: Origin }[];
  call(f: RValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue;
  callFunction(fn: FunctionValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue;
  runFunction(fn: FunctionValue, scope: RScope, site: CallSite): RValue;
  /** Findings go to `report` until the function returned is called (then to where they went before). */
  reportTo(report: EvalReport): () => void;
  exec(s: Stmt, frame: Frame): void;
  execBlock(stmts: Stmt[], frame: Frame): void;
  getAttr(obj: RValue, name: string, site: CallSite): RValue;
  setAttr(obj: RValue, name: string, value: RValue, site: CallSite): void;
  delAttr(obj: RValue, name: string): void;
  bindMethod(self: RValue, v: RValue): RValue;
  superProxy(cls: ClassValue, self: RValue): RValue;
  binary(op: string, a: RValue, b: RValue, site: CallSite): RValue;
  unary(op: string, v: RValue, site: CallSite): RValue;
  /** A comparison (==, <, in, is…) as Python decides it; undefined when not known. */
  compare(op: string, a: RValue, b: RValue): boolean | undefined;
  getItem(obj: RValue, index: RValue, site: CallSite): RValue;
  iterate(v: RValue, site: CallSite): RValue[] | undefined;
  equals(a: RValue, b: RValue, work?: { left: number }): boolean | undefined;
  deref(v: RValue): RValue;
  mro(cls: ClassValue): ClassValue[];
  isSubclass(a: ClassValue, b: ClassValue): boolean;
  lookupClassAttr(cls: ClassValue, name: string, after?: ClassValue): { value: RValue; owner: ClassValue } | undefined;
}
