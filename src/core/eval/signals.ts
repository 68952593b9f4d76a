/**
 * What the interpreter throws and the helpers every part of it shares (the interpreter, the builtins, the methods
 * of Python's types): in a module of their own, so that those parts do not import each other in a circle.
 */
import { type Origin, type RValue, opaque, repr } from '../values/value';
import { exact } from '../values/format';
import { pyFixed } from './pyNumbers';

/** Control flow inside the interpreter. */
export class ReturnSignal { constructor(readonly value: RValue) {} }
export class BreakSignal {}
export class ContinueSignal {}

/** `break`, `continue` or `return` where Python would not allow it: a SyntaxError at that place. */
export function misplacedSignal(e: unknown, site: Origin): PyRaise | undefined {
  if (e instanceof BreakSignal) return new PyRaise(opaque('SyntaxError'), "SyntaxError: 'break' outside loop", site);
  if (e instanceof ContinueSignal) return new PyRaise(opaque('SyntaxError'), "SyntaxError: 'continue' not properly in loop", site);
  if (e instanceof ReturnSignal) return new PyRaise(opaque('SyntaxError'), "SyntaxError: 'return' outside function", site);
  return undefined;
}

/** A Python exception raised by the code being interpreted. */
export class PyRaise {
  constructor(readonly exc: RValue, readonly message: string, readonly origin: Origin) {}
}

/** A loop of the code's top level ran past its share of the budget (Interpreter.inLoop): it stops, the rest goes on. */
export class LoopStopped {}

/** The budget ran out: the evaluation stops and keeps what it has. */
export class BudgetExceeded {
  /** The innermost loop that was running, where a finding about the stop belongs (set as it passes the loop). */
  loop?: Origin;
  /** The statement of the analysed file's top level it stopped in, where the finding goes when no loop was running. */
  statement?: Origin;
  constructor(readonly what: string) {}
}

/**
 * The finding for work that ran out of budget, said at the loop that was running when it can be: the file's
 * load (the rest of the file is read on without it) or a model's run (its figures cover what ran).
 */
export function budgetStopMessage(e: BudgetExceeded, work: 'load' | 'run'): string {
  const raise = e.what.includes('steps')
    ? ' (the step budget: layerLens.engine.maxSteps in the editor, --max-steps in the CLI)'
    : e.what.includes('items')
      ? ' (a fixed bound: model code never needs more)'
      : ' (layerLens.engine.evaluationSeconds in the editor, --time-budget in the CLI)';
  const stopped = `${work === 'load' ? 'loading the file' : 'evaluation'} stopped${e.loop ? ' in this loop' : ''}: it took ${e.what}${raise}`;
  if (work === 'run') return `${stopped}; the figures cover what ran until then`;
  return e.loop ? `${stopped}. What the rest of the file builds is read without it, each layer alone` : stopped;
}

/** The most items a list, tuple or string may grow to: model code never needs more; a doubling loop would fill memory. */
export const MAX_ITEMS = 1_000_000;

/**
 * What building things costs: the interpreter whose work is running (one at a time, on one thread; Session.spend
 * sets it) is charged by size, not by steps, so that `junk = [0] * 999999` in a loop meets the budget as soon as
 * its work does.
 */
type Meter = { charge(units: number): void };
let meter: Meter | undefined;

/** Charge `m` from now on (undefined: no one); returns the meter it replaces, to put back. */
export function metered(m: Meter | undefined): Meter | undefined {
  const before = meter;
  meter = m;
  return before;
}

/**
 * Throw BudgetExceeded when a sequence would grow past MAX_ITEMS (checked before it is built); otherwise charge
 * its size to the running evaluation.
 */
export function capped(size: number, what: string): true {
  if (!(size <= MAX_ITEMS)) throw new BudgetExceeded(`${what} of more than ${exact(MAX_ITEMS)} items`);
  meter?.charge(size);
  return true;
}

/** str(), repr() or a format spec applied to a value, for f-strings; undefined when not known. */
export function formatValue(v: RValue, conversion?: string, spec?: string): string | undefined {
  if (v.kind === 'opaque' || v.kind === 'tensor') return undefined;
  if (conversion === 'r') return repr(v);
  if (spec && (v.kind === 'int' || v.kind === 'float')) return formatNumber(v.value, v.kind === 'float', spec);
  if (v.kind === 'str') return v.value;
  if (v.kind === 'int' || v.kind === 'bool' || v.kind === 'none' || v.kind === 'tuple' || v.kind === 'list') return v.kind === 'bool' ? (v.value ? 'True' : 'False') : repr(v);
  if (v.kind === 'float') return repr(v);
  return repr(v);
}

/**
 * A number under the format specs names and labels use: `[0][width][.precision]f`, `[0][width]d` and a bare width
 * (f'{i:03d}', f'{x:.2f}', f'{n:4}'), as Python writes them; undefined for any other spec, and for `d` of a float,
 * which Python refuses.
 */
function formatNumber(value: number, float: boolean, spec: string): string | undefined {
  const m = /^(0)?(\d+)?(?:\.(\d+))?([df])?$/.exec(spec);
  if (!m) return undefined;
  const [, zero, width, precision, type] = m;
  let body: string | undefined;
  if (type === 'f') body = pyFixed(value, precision === undefined ? 6 : Number(precision));
  else if (precision !== undefined) return undefined;
  else if (type === 'd') body = float ? undefined : String(value);
  else body = float ? repr({ kind: 'float', value }) : String(value);
  if (body === undefined) return undefined;
  const w = Number(width ?? 0);
  if (body.length >= w) return body;
  if (!zero) return body.padStart(w);
  const sign = body.startsWith('-') ? '-' : '';
  return sign + body.slice(sign.length).padStart(w - sign.length, '0');
}


/** A JavaScript error out of the evaluator (a bug), in a line: its type, message and where it was thrown. */
export function describeError(e: unknown): string {
  const err = e as Error | undefined;
  return `${err?.constructor?.name ?? 'error'}: ${String(err?.message ?? e).slice(0, 200)}${err?.stack ? ` at ${err.stack.split('\n')[1]?.trim() ?? ''}` : ''}`;
}
