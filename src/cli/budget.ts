/** `layer-lens check` (cost budgets as a CI gate) and `layer-lens diff` (what changed between two versions). */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import {
  bytes, diffModel, formatLimit, LIMIT_LABELS, markdownCode, markdownText, evaluateBudgetModel, evaluateModels, exact, findBudgetFile, modelSource, parseBudgets, runBudget, shape,
  type BudgetConfig, type BudgetResult, type FigureChange, type FileSystem, type LimitName, type ModelDiff, type ModelResult,
} from '../core';
import type { CheckArgs, DiffArgs } from './args';
import { diskFs, readArgument } from './diskFs';
import { progress } from './progress';
import { repoRoot, resolveRevision, revisionFs } from './git';

type Out = (s: string) => void;

const LABEL = LIMIT_LABELS;

// ------------------------------------------------------------------ the budget file

/** The budgets, or a message for stderr (exit 2). */
function loadBudgets(config: string | undefined, err: Out): BudgetConfig | undefined {
  const file = config ? path.resolve(config) : findBudgetFile(process.cwd(), diskFs)?.path;
  if (!file) {
    err('layer-lens: no budget file: add layer-lens.toml with [[budget]] tables, or [[tool.layer-lens.budget]] to pyproject.toml (see --help)');
    return undefined;
  }
  const read = readArgument(file);
  if ('problem' in read) {
    err(`layer-lens: ${read.problem}`);
    return undefined;
  }
  const text = read.text;
  const shown = path.relative(process.cwd(), file) || file;
  const parsed = parseBudgets(text, path.basename(file) === 'pyproject.toml' ? 'pyproject.toml' : 'layer-lens.toml', path.dirname(file), shown);
  if (parsed.errors.length) {
    for (const e of parsed.errors) err(`layer-lens: ${e}`);
    return undefined;
  }
  return parsed;
}

// ------------------------------------------------------------------ check

export function checkCommand(args: CheckArgs, out: Out, err: Out): number {
  const config = loadBudgets(args.config, err);
  if (!config) return 2;
  const results = config.entries.map((e) => {
    progress.on?.(`${e.name} (${e.file})`);
    return runBudget(e, diskFs);
  });
  const ok = results.every((r) => r.status === 'ok');
  if (args.format === 'json') out(JSON.stringify(checkJson(config, results, ok), null, 2));
  else out(args.format === 'markdown' ? checkMarkdown(config, results) : checkTable(config, results));
  return ok ? 0 : 1;
}

const rel = (f: string) => path.relative(process.cwd(), f) || f;

function checkJson(config: BudgetConfig, results: BudgetResult[], ok: boolean) {
  return {
    config: config.source, ok,
    models: results.map((r) => ({
      name: r.entry.name, file: rel(r.entry.file), call: r.entry.call, input: r.input ?? null, status: r.status,
      ...(r.problem ? { problem: r.problem } : {}), figures: r.figures, checks: r.checks,
    })),
  };
}

function value(figure: LimitName, n: number | null): string {
  if (n === null) return '—';
  return formatLimit(figure, n, bytes, exact);
}

function headroom(figure: LimitName, h: number | null, percent: number | null): string {
  if (h === null || percent === null) return '—';
  const amount = `${h < 0 ? '−' : ''}${formatLimit(figure, Math.abs(h), bytes, exact)}`;
  return `${amount} (${percent < 0 ? '−' : ''}${Math.abs(percent).toFixed(1)}%)`;
}

function verdict(r: BudgetResult): string {
  const over = r.checks.filter((c) => !c.ok && c.value !== null).map((c) => LABEL[c.figure]);
  return r.status === 'ok' ? 'within budget' : r.status === 'over' ? `OVER: ${over.join(', ')}` : `ERROR: ${r.problem}`;
}

function checkTable(config: BudgetConfig, results: BudgetResult[]): string {
  const lines = [`Cost budgets from ${config.source}: ${summary(results)}`, ''];
  for (const r of results) {
    lines.push(`${r.entry.name}  (${rel(r.entry.file)}, ${r.entry.call}${r.input ? ` on ${r.input.map(shape).join(', ')}` : ''}): ${verdict(r)}`);
    const rows = [['figure', 'value', 'limit', 'headroom', ''], ...r.checks.map((c) => [LABEL[c.figure], value(c.figure, c.value), value(c.figure, c.limit), headroom(c.figure, c.headroom, c.headroomPercent), c.value === null ? '?' : c.ok ? 'ok' : 'OVER'])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    for (const row of rows) lines.push(`  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd()}`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

function summary(results: BudgetResult[]): string {
  const over = results.filter((r) => r.status === 'over').length;
  const error = results.filter((r) => r.status === 'error').length;
  if (!over && !error) return `all ${results.length} model${results.length === 1 ? '' : 's'} within budget`;
  return [over ? `${over} over budget` : '', error ? `${error} could not be evaluated` : ''].filter(Boolean).join(', ') + ` (of ${results.length})`;
}

function checkMarkdown(config: BudgetConfig, results: BudgetResult[]): string {
  const ok = results.every((r) => r.status === 'ok');
  const lines = [`### ${ok ? '✅' : '❌'} Layer Lens cost budgets: ${summary(results)}`, '', '| model | figure | value | limit | headroom | |', '|---|---|---:|---:|---:|:-:|'];
  for (const r of results) {
    const model = `${markdownCode(r.entry.call)}${r.input ? ` on ${r.input.map(shape).join(', ')}` : ''}`;
    if (r.status === 'error') lines.push(`| ${model} | — | — | — | — | ❌ ${markdownText(r.problem ?? '')} |`);
    for (const c of r.checks) lines.push(`| ${model} | ${LABEL[c.figure]} | ${value(c.figure, c.value)} | ${value(c.figure, c.limit)} | ${headroom(c.figure, c.headroom, c.headroomPercent)} | ${c.value === null ? '❔' : c.ok ? '✅' : '❌'} |`);
  }
  lines.push('', `<sub>Budgets in ${markdownText(config.source)}. Counted statically by Layer Lens: Mult-Adds (FLOPs = 2 × Mult-Adds), MAC = memory access cost (ShuffleNet V2).</sub>`);
  return lines.join('\n');
}


// ------------------------------------------------------------------ diff

/** A file a diff compares cannot be analysed (too large, not there, a broken notebook): said, and exit 2. */
class UnreadableSource extends Error {}

export function diffCommand(args: DiffArgs, out: Out, err: Out): number {
  try {
    return diff(args, out, err);
  } catch (e) {
    if (!(e instanceof UnreadableSource)) throw e;
    err(`layer-lens: ${e.message}`);
    return 2;
  }
}

function diff(args: DiffArgs, out: Out, err: Out): number {
  const bothFiles = [args.a, args.b].every((f) => existsSync(f) && statSync(f).isFile());
  let diffs: ModelDiff[];
  if (bothFiles) {
    const pick = (file: string) => models(path.resolve(file), diskFs, args.call, args.inputs);
    diffs = pairUp(pick(args.a), pick(args.b));
  } else {
    const root = repoRoot(process.cwd());
    const revs = [args.a, args.b].map((r) => (root ? resolveRevision(r, root) : undefined));
    const bad = [args.a, args.b].find((_, i) => !revs[i]);
    if (!root || bad !== undefined) {
      err(`layer-lens: '${bad ?? args.a}' is neither a file nor a git revision${root ? '' : ' (not in a git repository)'}`);
      return 2;
    }
    const [fsA, fsB] = revs.map((c) => revisionFs(c!, root, diskFs));
    if (args.file) {
      const file = path.resolve(args.file);
      diffs = pairUp(models(file, fsA, args.call, args.inputs), models(file, fsB, args.call, args.inputs));
    } else {
      const config = loadBudgets(args.config, err);
      if (!config) return 2;
      diffs = config.entries.map((e) => diffModel(e.name, evaluateBudgetModel(e, fsA).model, evaluateBudgetModel(e, fsB).model));
    }
  }
  const report = { a: args.a, b: args.b, models: diffs };
  if (args.format === 'json') out(JSON.stringify(report, null, 2));
  else out(args.format === 'markdown' ? diffMarkdown(report) : diffTable(report));
  return 0;
}

/** A file's models by name: the one call, or every model it can build without arguments; why not, when it cannot be read. */
function models(file: string, fs: FileSystem, call: string | undefined, inputs: DiffArgs['inputs']): Map<string, ModelResult> {
  const out = new Map<string, ModelResult>();
  const src = modelSource(file, fs);
  // A file one revision lacks has no models there (added or removed); one too large to analyse stops the diff.
  if (typeof src === 'string') {
    if (/ is not analysed: /.test(src)) throw new UnreadableSource(src);
    return out;
  }
  progress.on?.(file);
  for (const m of evaluateModels(src.entry, src.fs, { call, inputs: inputs.length ? inputs : undefined }).models) out.set(m.name, m);
  return out;
}

function pairUp(a: Map<string, ModelResult>, b: Map<string, ModelResult>): ModelDiff[] {
  return [...new Set([...a.keys(), ...b.keys()])].map((name) => diffModel(name, a.get(name), b.get(name)));
}

function signed(n: number | null): string {
  if (n === null) return '—';
  return n > 0 ? `+${exact(n)}` : n < 0 ? `−${exact(-n)}` : '0';
}

function percent(c: FigureChange): string {
  if (c.percent === null) return c.delta ? 'new' : '—';
  return `${c.percent > 0 ? '+' : c.percent < 0 ? '−' : ''}${Math.abs(c.percent).toFixed(2)}%`;
}

const FIGURES: [keyof Pick<ModelDiff, 'params' | 'multAdds' | 'memoryAccessCost'>, string][] = [['params', 'params'], ['multAdds', 'Mult-Adds'], ['memoryAccessCost', 'MAC (memory access)']];

function layerLine(l: ModelDiff['layers'][number]): string {
  const s = l.b ?? l.a!;
  const what = l.status === 'resized' && l.a && l.b && l.a.type !== l.b.type ? `${l.a.type} → ${l.b.type}` : s.type;
  const out = l.a && l.b && shape(l.a.outputShape) !== shape(l.b.outputShape) ? `, output ${shape(l.a.outputShape)} → ${shape(l.b.outputShape)}` : l.b ? `, output ${shape(l.b.outputShape)}` : '';
  return `${l.path} (${what}${out}): params ${signed(l.params.delta)}, Mult-Adds ${signed(l.multAdds.delta)}, MAC ${signed(l.memoryAccessCost.delta)}`;
}

function diffTable(report: { a: string; b: string; models: ModelDiff[] }): string {
  const lines = [`Cost changes from ${report.a} to ${report.b}`, ''];
  if (!report.models.length) lines.push('no models to compare');
  for (const m of report.models) {
    lines.push(`${m.name}: ${m.status}`);
    for (const p of m.problems) lines.push(`  ! ${p}`);
    const rows = [['', report.a, report.b, 'change', '%'], ...FIGURES.map(([k, label]) => [label, exact(m[k].a), exact(m[k].b), signed(m[k].delta), percent(m[k])])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    for (const row of rows) lines.push(`  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
    for (const l of m.layers) lines.push(`  ${{ added: '+', removed: '-', resized: '~' }[l.status]} ${layerLine(l)}`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

function diffMarkdown(report: { a: string; b: string; models: ModelDiff[] }): string {
  const lines = [`### Layer Lens: cost changes from ${markdownCode(report.a)} to ${markdownCode(report.b)}`, ''];
  if (!report.models.length) lines.push('No models to compare.');
  for (const m of report.models) {
    lines.push(`**${markdownCode(m.name)}**: ${m.status}`, '');
    for (const p of m.problems) lines.push(`> ⚠️ ${markdownText(p)}`, '');
    lines.push(`| | ${markdownCode(report.a)} | ${markdownCode(report.b)} | change | % |`, '|---|---:|---:|---:|---:|');
    for (const [k, label] of FIGURES) lines.push(`| ${label} | ${exact(m[k].a)} | ${exact(m[k].b)} | ${signed(m[k].delta)} | ${percent(m[k])} |`);
    if (m.layers.length) {
      lines.push('', '| layer | | params | Mult-Adds | MAC |', '|---|---|---:|---:|---:|');
      for (const l of m.layers) {
        const s = l.b ?? l.a!;
        lines.push(`| ${markdownCode(l.path)} (${markdownText(s.type)}) | ${l.status} | ${signed(l.params.delta)} | ${signed(l.multAdds.delta)} | ${signed(l.memoryAccessCost.delta)} |`);
      }
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}
