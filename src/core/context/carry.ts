/**
 * What an edit leaves as it was. Between two versions of a document, a top-level statement whose text is the
 * same, and whose component (./outline.ts) holds nothing the edit changed, has the same results, moved by the
 * edit: those are carried over. Anything less simple (the module's top level, a comment or an annotation between
 * definitions, a decorator) changed: nothing is carried, and the version is evaluated afresh.
 */
import type { LineIndex } from '../python/lines';
import type { Change, Outline } from './outline';
import type { Shift } from './shift';

export interface Carry {
  shift: Shift;
  /** New unit → the old unit it was, for each unit the edit cannot have changed. */
  from: Map<number, number>;
  /** The new units the edit may have changed: their components, to evaluate again. */
  changed: Set<number>;
}

interface Side {
  text: string;
  outline: Outline;
  lines: LineIndex;
}

/** `r`: the edit's changed region, the one `next.outline` was made with (it matched the statements outside it). */
export function carryOver(file: string, old: Side, next: Side, r: Change): Carry | undefined {
  const delta = r.toB - r.fromB - (r.toA - r.fromA);
  // Statements outside the edit: the same text, before it at the same offsets, after it moved by delta.
  const match = next.outline.previous;
  const matchedOld = new Set(match.values());
  const unmatchedNew = next.outline.units.map((_, i) => i).filter((i) => !match.has(i));
  const unmatchedOld = old.outline.units.map((_, j) => j).filter((j) => !matchedOld.has(j));
  // Only an edit inside definitions carries anything: it must lie within a changed plain unit on both sides.
  if ([...unmatchedNew.map((i) => next.outline.units[i]), ...unmatchedOld.map((j) => old.outline.units[j])].some((u) => !u.plain)) return undefined;
  const inside = (units: Outline['units'], ids: number[], from: number, to: number) => ids.some((i) => units[i].from <= from && to <= units[i].to);
  if (!inside(old.outline.units, unmatchedOld, r.fromA, r.toA) || !inside(next.outline.units, unmatchedNew, r.fromB, r.toB)) return undefined;

  // The names the edit may have rebound, and the components that may see them, before and after.
  const dirty = new Set([...unmatchedNew.map((i) => next.outline.units[i]), ...unmatchedOld.map((j) => old.outline.units[j])].flatMap((u) => u.binds));
  const dirtyNames = [...dirty];
  const touches = (u: Outline['units'][number]) => u.binds.some((b) => dirty.has(b)) || dirtyNames.some((d) => u.mentions.has(d));
  const newDirty = new Set<number>();
  next.outline.units.forEach((u, i) => {
    if (u.plain && (!match.has(i) || touches(u))) newDirty.add(u.component);
  });
  const oldDirty = new Set<number>();
  old.outline.units.forEach((u, j) => {
    if (u.plain && (!matchedOld.has(j) || touches(u))) oldDirty.add(u.component);
  });
  const from = new Map<number, number>();
  const changed = new Set<number>();
  next.outline.units.forEach((u, i) => {
    const j = match.get(i);
    const clean = j !== undefined && (u.plain
      ? !newDirty.has(u.component) && !oldDirty.has(old.outline.units[j].component)
      // A statement of the module's top level: clean when no definition it names was touched.
      : ![...u.mentions].some((m) => next.outline.binding(m).some((k) => next.outline.units[k].plain && newDirty.has(next.outline.units[k].component))));
    if (clean) from.set(i, j!);
    else changed.add(i);
  });
  const end = old.lines.position(r.toA);
  const endB = next.lines.position(r.toB);
  return {
    shift: { file, offset: r.toA, line: end.line, column: end.column, delta, lineDelta: endB.line - end.line, columnDelta: endB.column - end.column },
    from,
    changed,
  };
}
