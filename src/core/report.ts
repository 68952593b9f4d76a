/**
 * The analysis as text, the way `layer-lens analyze` prints it and the editor's "Analyse Layers" command shows
 * it: for each model, its totals (modules and functional operations apart) and a table of what its forward ran,
 * in its context; then the layer lines no model runs; then the findings.
 */
import { exact, shape, shapeReader } from './values/format';
import { sumFigures } from './values/figures';
import { type CallResult, type Diagnostic, type FileAnalysis, type FunctionalRow, type ModelLayer, type ModelResult, type ModelInputSource, summaryParams } from './results';
import { KERAS_NONE_LENGTH } from './catalog/keras/types';
import type { TripletCounts } from './triplets/combinatorics';

/** How each input source reads in a report. */
export const INPUT_SOURCE_TEXT: Record<ModelInputSource, string> = {
  option: 'given', annotation: 'annotated', code: "the code's own call", default: 'guessed: the default image', inferred: 'guessed: fitted to the layers',
  length: `the model's own Input, a None length taken as ${KERAS_NONE_LENGTH}`,
};

/**
 * How places read: `row` in a table's line column (the analysed file's lines alone, another file's with its
 * name), `finding` before a finding (with the file). A notebook names cells.
 */
export interface Places {
  row(file: string, line: number): string;
  finding(file: string, line: number): string;
  /** Another file, as the report names it. */
  file(file: string): string;
}

/** The package an installed file belongs to: the folder after site-packages or dist-packages (`torchvision`). */
function packageOf(file: string): string {
  const m = /\/(?:site|dist)-packages\/([^/]+)/.exec(file);
  return m ? m[1].replace(/\.py$/, '') : file.slice(file.lastIndexOf('/') + 1);
}

/** Places for a file shown as `shown`, other files by `label`. */
export function filePlaces(file: string, shown: string, label: (file: string) => string): Places {
  const name = (f: string) => label(f).split('/').pop()!;
  return {
    row: (f, line) => (f === file ? String(line) : `${name(f)}:${line}`),
    finding: (f, line) => `${f === file ? shown : label(f)}:${line}`,
    file: (f) => (f === file ? shown : label(f)),
  };
}

/** The whole report. */
export function renderAnalysis(analysis: FileAnalysis, file: string, places: Places): string {
  const out: string[] = [];
  // Each model, then the classes seen inside it (each as that model calls it).
  const views = analysis.models.filter((m) => m.within);
  const models = analysis.models.filter((m) => !m.within).flatMap((m) => [m, ...views.filter((v) => v.within!.model === m.name)]);
  models.push(...views.filter((v) => !models.includes(v)));
  for (const m of models) out.push(renderModel(m, places), '');
  const alone = analysis.calls.filter((c) => c.inputSource?.kind !== 'model');
  if (alone.length) out.push(renderAlone(alone, file, places), '');
  const findings = analysis.diagnostics.filter((d) => (d.code !== 'syntax' || d.severity !== 'info') && !(d.installed && d.severity !== 'error'));
  // An installed package's own findings (its code not followed where it did not matter): counted, not listed.
  const installed = analysis.diagnostics.filter((d) => d.installed && d.severity !== 'error');
  if (installed.length) findings.push({ ...installed[0], installed: undefined, severity: 'info', line: 0, message: `${installed.length} inside installed packages (${[...new Set(installed.map((d) => packageOf(d.file)))].slice(0, 4).join(', ')}…), where their own code was not followed (--json lists them)` });
  if (findings.length) out.push('Findings', ...findings.map((d) => (d.line === 0 ? `  ${d.message}` : `  ${finding(d, places)}`)));
  return out.join('\n').trimEnd();
}

/** A model: what it is and where its input came from, its totals, its table, and what was said about it. */
export function renderModel(m: ModelResult, places: Places): string {
  const t = m.totals;
  const out: string[] = [];
  const within = m.within ? `  (one of ${m.within.instances} in ${m.within.model}, at ${m.within.path})` : '';
  out.push(`${m.name}${m.complete ? '' : '  (incomplete)'}${within}`);
  const src = m.source;
  // A model built by an installed package: which class, and which environment it was read from.
  if (src?.environment) out.push(`  ${src.className} from ${src.file.slice(src.environment.dir.length + 1)} in ${src.environment.dir} (${src.environment.source})`);
  else if (src) out.push(`  ${src.className} from ${places.file(src.file)}`);
  const read = shapeReader(m.framework, m.inputSource);
  out.push(`  input ${m.input.map(read).join(', ') || '?'} (${m.framework === 'keras' && m.inputSource === 'code' ? "the model's own Input" : INPUT_SOURCE_TEXT[m.inputSource]}) → output ${m.output ? m.output.map(read).join(', ') || 'no tensor' : '?'}`);
  // Keras: model.summary()'s total, with trainable and non-trainable apart.
  const params = t.nonTrainable !== undefined && t.params !== null
    ? `params ${exact(summaryParams(t))} (trainable ${exact(t.params)} + non-trainable ${exact(t.nonTrainable)})`
    : `params ${exact(t.params)}`;
  // The split when forward multiplies outside modules (attention, matmuls); element-wise work is in otherOps and MAC.
  const split = m.functionalTotals.multAdds !== 0 ? ` (modules ${exact(m.moduleTotals.multAdds)} + functional ${exact(m.functionalTotals.multAdds)})` : '';
  const most = m.atBound ? '≤ ' : '';
  out.push(`  ${params}  ·  Mult-Adds ${most}${exact(t.multAdds)}${split}  ·  FLOPs ${most}${exact(t.flops)}  ·  otherOps ${most}${exact(t.otherOps)}  ·  MAC (memory access) ${most}${exact(t.memoryAccessCost)}`);
  // Where a size only the data decides was taken at its bound: the costs are the most they can be.
  if (m.atBound) out.push(`  costs at most these, from ${places.finding(m.atBound.file, m.atBound.line)}: ${m.atBound.message}`);
  const { rows, views } = modelRows(m, places, read);
  if (rows.length) out.push(...table(['path', 'line', 'type', 'input → output', 'params', 'Mult-Adds', 'MAC', 'calls'], rows, new Set([1, 4, 5, 6, 7])).map((l) => `  ${l}`));
  const notes: string[] = [];
  if (views) notes.push(`${views} view${views === 1 ? '' : 's'} (reshape, transpose…: no data moved, no cost) not listed`);
  if (m.uncalled.length) notes.push(`built but never called: ${m.uncalled.slice(0, 12).join(', ')}${m.uncalled.length > 12 ? `, and ${m.uncalled.length - 12} more` : ''}`);
  for (const n of notes) out.push(`  ${n}`);
  for (const d of m.diagnostics.slice(0, 20)) {
    out.push(`  ${finding(d, places)}`);
    for (const r of d.related ?? []) out.push(`      ${places.finding(r.file, r.line)}: ${r.message}`);
  }
  return out.join('\n');
}

/**
 * One row per module (its calls summed) and per functional operation written on a line (its calls summed), in
 * the order forward first ran them. Operations that cost nothing (views) are counted, not listed.
 */
function modelRows(m: ModelResult, places: Places, shape: (s: number[] | null) => string): { rows: string[][]; views: number } {
  const groups = new Map<string, { first: ModelLayer | FunctionalRow; all: (ModelLayer | FunctionalRow)[]; order: number }>();
  let order = 0;
  let views = 0;
  const add = (key: string, r: ModelLayer | FunctionalRow, at: number) => {
    const g = groups.get(key);
    if (g) g.all.push(r);
    else groups.set(key, { first: r, all: [r], order: at });
  };
  for (const l of m.layers) add(`L${l.path}:${l.type}`, l, order++);
  // Functional operations are listed after the last layer of the module whose forward ran them.
  for (const f of m.functional) {
    if (f.multAdds === 0 && f.otherOps === 0 && f.memoryAccessCost === 0) {
      views++;
      continue;
    }
    const inside = [...groups.values()].filter((g) => 'callLine' in g.first && (g.first.path === f.path || g.first.path.startsWith(`${f.path}.`) || f.path === ''));
    add(`F${f.path}:${f.file}:${f.line}:${f.op}`, f, inside.length ? Math.max(...inside.map((g) => g.order)) + 0.5 : order++);
  }
  const rows = [...groups.values()].sort((a, b) => a.order - b.order).map(({ first, all }) => {
    const s = sumFigures(all);
    const isLayer = 'callLine' in first;
    const inputs = isLayer ? (first as ModelLayer).inputShapes : (first as FunctionalRow).inputShapes;
    const output = isLayer ? (first as ModelLayer).outputShape : (first as FunctionalRow).outputShape;
    return [
      // A place in code Layer Lens wrote to run the model (its input layer) is no line of the user's.
      first.path || '(model)', first.file.startsWith('<') ? '—' : places.row(first.file, first.line), isLayer ? (first as ModelLayer).type : `op ${(first as FunctionalRow).op}`,
      `${inputs.map(shape).join(', ')} → ${shape(output)}`, isLayer ? exact((first as ModelLayer).params) : '', exact(s.multAdds), exact(s.memoryAccessCost), String(all.length),
    ];
  });
  return { rows, views };
}

/** Layer lines that no model runs: each alone, on its annotation or the default input. */
function renderAlone(calls: CallResult[], file: string, places: Places): string {
  const rows = calls.map((c) => [
    places.row(file, c.line), c.type,
    c.params !== null && !c.paramsFormula ? exact(c.params) : c.params !== null ? `${exact(c.params)} = ${c.paramsFormula}` : c.paramsFormula ?? '—',
    exact(c.multAdds), exact(c.memoryAccessCost),
    c.outputShape ? `${shape(c.inputShape)} → ${shape(c.outputShape)}${c.inputSource?.kind === 'default' ? ' (default input)' : c.inputSource?.kind === 'annotation' ? ' (annotated)' : ''}` : '—',
    c.diagnostics.length ? `${c.diagnostics[0].severity}: ${c.diagnostics[0].message}` : c.unknownReason ?? (c.assumptions.length ? `assuming ${c.assumptions.join(', ')}` : ''),
  ]);
  return ['Layer lines no model runs (each alone)', ...table(['line', 'type', 'params', 'Mult-Adds', 'MAC', 'input → output', 'note'], rows, new Set([0, 2, 3, 4]), 6).map((l) => `  ${l}`)].join('\n');
}

function finding(d: Diagnostic, places: Places): string {
  return `${places.finding(d.file, d.line)}:${d.column + 1}: ${d.severity}: ${d.message}`;
}

/** Columns padded to their widest cell (numbers right-aligned); a free-text last column is not padded. */
function table(headers: string[], rows: string[][], numeric: Set<number>, free = -1): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === free ? 0 : r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === free ? c : numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w, i) => (i === free ? '----' : '-'.repeat(w)))), ...rows.map(line)];
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
