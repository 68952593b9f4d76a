/**
 * What changed in a model between two versions of its code: totals, and layer by layer (by module path) the
 * layers added, removed and resized. Layers whose figures and output shape did not change are left out.
 */
import type { ModelResult, ModelTotals } from '../results';
import { sumFigures } from '../values/figures';

export interface FigureChange {
  a: number | null;
  b: number | null;
  /** b − a, or null when either is not known. */
  delta: number | null;
  /** delta as a share of a, in %; null when a is 0 or not known. */
  percent: number | null;
}

/** One module path's calls in forward, summed (params once: a module called three times has its weights once). */
export interface LayerSummary {
  type: string;
  params: number;
  multAdds: number | null;
  memoryAccessCost: number | null;
  calls: number;
  outputShape: number[];
}

export interface LayerChange {
  path: string;
  status: 'added' | 'removed' | 'resized';
  a?: LayerSummary;
  b?: LayerSummary;
  params: FigureChange;
  multAdds: FigureChange;
  memoryAccessCost: FigureChange;
}

export interface ModelDiff {
  name: string;
  /** `error`: a side could not be evaluated completely (its figures may be partial; `problems` say why). */
  status: 'added' | 'removed' | 'changed' | 'unchanged' | 'error';
  a: ModelTotals | null;
  b: ModelTotals | null;
  params: FigureChange;
  multAdds: FigureChange;
  memoryAccessCost: FigureChange;
  layers: LayerChange[];
  problems: string[];
}

export function change(a: number | null | undefined, b: number | null | undefined): FigureChange {
  const x = a ?? null;
  const y = b ?? null;
  const delta = x === null || y === null ? null : y - x;
  return { a: x, b: y, delta, percent: delta === null || !x ? null : (delta / x) * 100 };
}

function summarize(model: ModelResult): Map<string, LayerSummary> {
  const out = new Map<string, LayerSummary>();
  for (const l of model.layers) {
    const s = out.get(l.path);
    if (s) {
      const sum = sumFigures([{ multAdds: s.multAdds, flops: null, otherOps: 0, memoryAccessCost: s.memoryAccessCost }, l]);
      s.multAdds = sum.multAdds;
      s.memoryAccessCost = sum.memoryAccessCost;
      s.calls++;
    } else {
      out.set(l.path, { type: l.type, params: l.params, multAdds: l.multAdds, memoryAccessCost: l.memoryAccessCost, calls: 1, outputShape: l.outputShape });
    }
  }
  return out;
}

function sameLayer(x: LayerSummary, y: LayerSummary): boolean {
  return x.type === y.type && x.params === y.params && x.multAdds === y.multAdds && x.memoryAccessCost === y.memoryAccessCost
    && x.calls === y.calls && x.outputShape.join('x') === y.outputShape.join('x');
}

/** The change from `a` to `b` (either may be missing: the model was added or removed). */
export function diffModel(name: string, a: ModelResult | undefined, b: ModelResult | undefined): ModelDiff {
  const problems: string[] = [];
  for (const [side, m] of [['A', a], ['B', b]] as const) {
    if (m && !m.complete) {
      const d = m.diagnostics.find((x) => x.severity === 'error') ?? m.diagnostics.find((x) => x.severity === 'warning');
      problems.push(`${side}: ${name} could not be evaluated completely${d ? `: ${d.message} (line ${d.line})` : ''}`);
    }
  }
  const layers: LayerChange[] = [];
  const la = a ? summarize(a) : new Map<string, LayerSummary>();
  const lb = b ? summarize(b) : new Map<string, LayerSummary>();
  for (const path of new Set([...la.keys(), ...lb.keys()])) {
    const x = la.get(path);
    const y = lb.get(path);
    if (x && y && sameLayer(x, y)) continue;
    layers.push({
      path, status: !x ? 'added' : !y ? 'removed' : 'resized', a: x, b: y,
      params: change(x?.params ?? 0, y?.params ?? 0), multAdds: change(x?.multAdds ?? 0, y?.multAdds ?? 0), memoryAccessCost: change(x?.memoryAccessCost ?? 0, y?.memoryAccessCost ?? 0),
    });
  }
  const status = problems.length ? 'error' : !a ? 'added' : !b ? 'removed' : layers.length || a.totals.params !== b.totals.params || a.totals.multAdds !== b.totals.multAdds ? 'changed' : 'unchanged';
  return {
    name, status, a: a?.totals ?? null, b: b?.totals ?? null,
    params: change(a?.totals.params, b?.totals.params), multAdds: change(a?.totals.multAdds, b?.totals.multAdds), memoryAccessCost: change(a?.totals.memoryAccessCost, b?.totals.memoryAccessCost),
    layers, problems,
  };
}
