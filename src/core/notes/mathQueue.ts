/**
 * The formulas a notes render left pending (./render.ts, mathBudgetMs), typeset afterwards in short slices: the
 * host that shows the notes posts each slice and gives the editor back in between. Those the reader is looking at
 * go first: `focusOn` moves the queue to the first formula on screen, and it goes on from there to the end, then
 * from the beginning.
 */
import { typesetFormula, type PendingFormula } from './render';

export interface TypesetFormula {
  index: number;
  html: string;
}

export class FormulaQueue {
  private readonly done = new Set<number>();
  /** Position in `pending` the next slice starts from. */
  private at = 0;

  /** `pending` in the order of their index, as a render gives them. */
  constructor(private readonly pending: readonly PendingFormula[]) {}

  get left(): number {
    return this.pending.length - this.done.size;
  }

  /** Go on from the first formula at or after this index (the first on screen). */
  focusOn(index: number): void {
    let lo = 0;
    let hi = this.pending.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pending[mid].index < index) lo = mid + 1;
      else hi = mid;
    }
    this.at = lo < this.pending.length ? lo : 0;
  }

  /** Typeset formulas until `budgetMs` have passed on `clock` (at least one, when any is left). */
  slice(budgetMs: number, clock: () => number = Date.now): TypesetFormula[] {
    const out: TypesetFormula[] = [];
    const until = clock() + budgetMs;
    const n = this.pending.length;
    for (let step = 0; step < n && this.left > 0; step++) {
      const f = this.pending[this.at];
      this.at = (this.at + 1) % n;
      if (this.done.has(f.index)) continue;
      this.done.add(f.index);
      out.push({ index: f.index, html: typesetFormula(f).html });
      if (clock() >= until) break;
    }
    return out;
  }
}
