/** The readable table `layer-lens analyze` prints by default. */
import type { CallResult, Diagnostic } from '../core/results';
import { exact, shape } from '../core/cost/format';
import type { ModelResult } from '../core/model';
import type { TripletCounts } from '../core/triplets/combinatorics';

const HEADERS = ['line', 'layer', 'params', 'Mult-Adds', 'FLOPs', 'MAC (memory access)', 'input → output', 'note'];

export function renderTable(file: string, calls: CallResult[], fileDiagnostics: Diagnostic[]): string {
  const rows = calls.map((c) => [
    String(c.line),
    c.type,
    c.params !== null && !c.paramsFormula ? exact(c.params) : c.params !== null ? `${exact(c.params)} = ${c.paramsFormula}` : c.paramsFormula ?? '—',
    exact(c.multAdds),
    exact(c.flops),
    exact(c.memoryAccessCost),
    c.outputShape ? `${shape(c.inputShape)} → ${shape(c.outputShape)}${c.inputSource?.kind === 'default' ? ' (default input)' : ''}` : '—',
    c.diagnostics.length
      ? `${c.diagnostics[0].severity}: ${c.diagnostics[0].message}`
      : c.unknownReason ?? (c.assumptions.length ? `assuming ${c.assumptions.join(', ')}` : ''),
  ]);
  const numeric = new Set([0, 2, 3, 4, 5]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 7 ? 0 : r[i].length))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 7 ? c : numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [`${file}: ${calls.length} layer call${calls.length === 1 ? '' : 's'}`, line(HEADERS), line(widths.map((w, i) => (i === 7 ? '----' : '-'.repeat(w))))];
  for (const r of rows) out.push(line(r));
  for (const c of calls) {
    for (const d of c.diagnostics.slice(1)) out.push(`  line ${d.line}: ${d.severity}: ${d.message}`);
  }
  for (const d of fileDiagnostics) out.push(`${file}:${d.line}:${d.column + 1}: ${d.severity}: ${d.message}`);
  return out.join('\n');
}

/** One block per evaluated model: totals, output, and what kept it from being complete. */
export function renderModels(models: ModelResult[]): string {
  const out: string[] = [];
  for (const m of models) {
    const t = m.totals;
    out.push('');
    out.push(`${m.name}${m.complete ? '' : '  (incomplete)'}`);
    out.push(`  input ${m.input.map(shape).join(', ')} → output ${m.output ? m.output.map(shape).join(', ') : '?'}`);
    // Keras: model.summary()'s total, with trainable and non-trainable apart.
    const params = t.nonTrainable !== undefined && t.params !== null
      ? `params ${exact(t.params + t.nonTrainable)} (trainable ${exact(t.params)} + non-trainable ${exact(t.nonTrainable)})`
      : `params ${exact(t.params)}`;
    out.push(`  ${params}  ·  Mult-Adds ${exact(t.multAdds)}  ·  FLOPs ${exact(t.flops)}  ·  otherOps ${exact(t.otherOps)}  ·  MAC (memory access) ${exact(t.memoryAccessCost)}`);
    out.push(`  ${m.layers.length} layer calls${m.uncalled.length ? `; built but never called: ${m.uncalled.join(', ')}` : ''}`);
    for (const d of m.diagnostics.filter((x) => x.severity !== 'info').slice(0, 10)) {
      out.push(`  ${d.file.split('/').pop()}:${d.line}: ${d.severity}: ${d.message}`);
      for (const r of d.related ?? []) out.push(`      ${r.file.split('/').pop()}:${r.line}: ${r.message}`);
    }
  }
  return out.join('\n');
}

/** Triplet combinatorics, one count a line, with the formula it comes from. */
export function renderTriplets(t: TripletCounts): string {
  const rows: [string, number | null, string][] = [
    ['batch size', t.batchSize, 'P·K'],
    ['batch-hard triplets', t.batchHard, 'P·K'],
    ['batch-all triplets', t.batchAll, 'P·K·(K−1)·(P·K−K)'],
    ['positive pairs', t.positivePairs, 'P·K·(K−1)/2'],
    ['negative pairs', t.negativePairs, 'P·(P−1)·K²/2'],
    ['distance matrix entries', t.distanceMatrix, '(P·K)²'],
    ['distinct pairs', t.distinctPairs, 'P·K·(P·K−1)/2'],
  ];
  if (t.sampled) rows.push([`${t.sampled.B} sampled triplets (${t.sampled.images} images): possible triplets`, t.sampled.possibleTriplets, '6B²−4B']);
  const w = Math.max(...rows.map((r) => r[0].length));
  const v = Math.max(...rows.map((r) => exact(r[1]).length));
  return [`P = ${t.P} identities × K = ${t.K} images`, ...rows.map(([name, n, f]) => `${name.padEnd(w)}  ${exact(n).padStart(v)}  ${f}`)].join('\n');
}
