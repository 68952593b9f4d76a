/**
 * What other counters would print for a model, and why (issue 19). Each tool's documented rules, read from its own
 * source (docs/other-tools.md names the files and versions), applied to the same rows Layer Lens computed: every
 * layer call and functional operation, with its shapes. A row a tool counts differently from Layer Lens's
 * Mult-Adds gives a difference, and differences of one kind are summed into one line. A construct whose
 * treatment by a tool depends on things Layer Lens does not know (a torch version's fast path) makes that tool's
 * figure null, with the reason: never a plausible guess.
 */
import { exact } from '../values/format';
import type { ModelResult } from '../results';
import type { OtherToolFigure, Row, Tool } from './common';
import { flopCounter } from './flopCounter';
import { fvcore } from './fvcore';
import { kerasFlops } from './kerasFlops';
import { ptflopsAten, ptflopsPytorch } from './ptflops';
import { thop } from './thop';
import { torchinfo } from './torchinfo';

export type { OtherToolFigure };

const TOOLS: Tool[] = [fvcore, ptflopsPytorch, ptflopsAten, thop, torchinfo, flopCounter, kerasFlops];

/** What each tool that reads this model's framework would print, with one line per difference. */
export function otherTools(m: ModelResult): OtherToolFigure[] {
  const rows: Row[] = [...m.layers.map((layer) => ({ layer })), ...m.functional.map((op) => ({ op }))];
  return TOOLS.filter((t) => t.frameworks.includes(m.framework)).map((t) => figureOf(t, m, rows));
}

function figureOf(t: Tool, m: ModelResult, rows: Row[]): OtherToolFigure {
  if (!m.complete) return { tool: t.tool, figure: t.figure, value: null, printed: null, differences: [`${m.name} is not completely known`] };
  let total = 0;
  const byWhy = new Map<string, { delta: number; count: number }>();
  const unknowns = new Set<string>();
  const notes = new Set<string>();
  for (const r of rows) {
    const c = t.count(r, m);
    if ('unknown' in c) {
      unknowns.add(c.unknown);
      continue;
    }
    total += c.value;
    if (c.note) notes.add(c.note);
    const ours = (r.layer ? r.layer.multAdds : r.op.multAdds) ?? 0;
    if (c.why && c.value !== ours) {
      const g = byWhy.get(c.why) ?? { delta: 0, count: 0 };
      g.delta += c.value - ours;
      g.count++;
      byWhy.set(c.why, g);
    }
  }
  if (unknowns.size) return { tool: t.tool, figure: t.figure, value: null, printed: null, differences: [...unknowns].map((u) => `not known: ${u}`) };
  const lines = [...byWhy].sort((a, b) => Math.abs(b[1].delta) - Math.abs(a[1].delta))
    .map(([why, g]) => `${g.delta >= 0 ? '+' : '−'}${exact(Math.abs(g.delta))}  ${why} (${g.count} ${g.count === 1 ? 'call' : 'calls'})`);
  if (t.scale) {
    lines.push(`×${t.scale.factor}  ${t.scale.why}`);
    total *= t.scale.factor;
  }
  if (!lines.length) lines.push('the same as Layer Lens\'s Mult-Adds');
  return { tool: t.tool, figure: t.figure, value: total, printed: t.print(total), differences: [...lines, ...notes] };
}
