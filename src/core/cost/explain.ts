/**
 * A layer line's Mult-Adds formula for hover cards, as its catalog spec gave it (CallResult.formula), with what the
 * line adds: its calls summed. Plain data: no vscode, the same text anywhere.
 */
import type { Formula } from '../values/spec';
import type { CallResult } from '../results';
import { exact } from '../values/format';

export type { Formula };

/** The Mult-Adds formula of the line's first call, and when the model calls it more than once, the total over its calls. */
export function multAddsFormula(c: CallResult): Formula | undefined {
  if (!c.formula) return undefined;
  return c.callCount > 1 ? { ...c.formula, notes: [...c.formula.notes, `${c.callCount} calls: ${exact(c.multAdds)} in all`] } : c.formula;
}
