/**
 * What running model code records, in execution order: every module built, every module call, every leaf-layer
 * call and functional operation in forward. Plain data with references into the module tree; results are made
 * from it (src/core/context).
 */
import type { FunctionalCall, LayerCall, ModuleNode } from '../values/moduleTree';
import type { CallSite, InstanceValue } from '../values/value';
import { BudgetExceeded } from './signals';
import { exact } from '../values/format';

/** How long each list was at some moment: what one run recorded is what lies between two marks. */
export interface Marks {
  layers: number;
  functional: number;
  moduleCalls: number;
}

/** One call of a module (leaf or not) during forward. */
export interface ModuleCall {
  node: ModuleNode;
  /** The shapes of its tensor inputs (null where one is not known). */
  inputShapes: (number[] | null)[];
  outputShapes: (number[] | null)[];
  /** What forward returned, when it holds no tensor (`a value not known statically (…)`, `None`). */
  noTensor?: string;
  site: CallSite;
  /** What its forward recorded. */
  from: Marks;
  to: Marks;
}

/** A module called outside any forward: the code's own `y = model(x)`. */
export interface OuterCall {
  instance: InstanceValue;
  /** The shapes of the tensors the call gave (in lists and dicts too), null when one is not known or there is none. */
  shapes: number[][] | null;
  /** Whether each argument is one tensor: the call can be made again from the shapes alone. */
  plain: boolean;
  /** How many arguments the call gave. */
  arity: number;
  site: CallSite;
  from: Marks;
  to: Marks;
}

export interface Recorder {
  /** How many module forward calls are running: functional operations count only inside forward. */
  inForward: number;
  /** The modules whose forward is running, innermost last: a functional operation belongs to the innermost. */
  stack: ModuleNode[];
  layers: LayerCall[];
  functional: FunctionalCall[];
  moduleCalls: ModuleCall[];
  outerCalls: OuterCall[];
  /** Every module built (catalog layers, containers, the code's own classes, Keras layers), in order. */
  built: ModuleNode[];
  /** The definitions of the functions and lambdas that ran: what a probe need not run again. */
  ran: Set<object>;
  /** The activation-checkpointing region running (torch.utils.checkpoint), 0 outside any; and the last one given. */
  checkpoint: number;
  checkpoints: number;
}

/** Layer calls and functional operations kept for one file: a loop in forward that never ends stops here. */
export const MAX_RECORDED = 200_000;

/** Records one more call, or stops the evaluation (with a message saying why) when there are too many. */
export function recordOne<T>(list: T[], item: T, what: string): void {
  if (list.length >= MAX_RECORDED) throw new BudgetExceeded(`more than ${exact(MAX_RECORDED)} ${what} recorded`);
  list.push(item);
}

export function newRecorder(): Recorder {
  return { inForward: 0, stack: [], layers: [], functional: [], moduleCalls: [], outerCalls: [], built: [], ran: new Set(), checkpoint: 0, checkpoints: 0 };
}

export function marks(r: Recorder): Marks {
  return { layers: r.layers.length, functional: r.functional.length, moduleCalls: r.moduleCalls.length };
}

/** What was recorded between two marks. */
export function between(r: Recorder, from: Marks, to: Marks): { layers: LayerCall[]; functional: FunctionalCall[]; moduleCalls: ModuleCall[] } {
  return {
    layers: r.layers.slice(from.layers, to.layers),
    functional: r.functional.slice(from.functional, to.functional),
    moduleCalls: r.moduleCalls.slice(from.moduleCalls, to.moduleCalls),
  };
}
