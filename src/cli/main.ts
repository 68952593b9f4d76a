/** `layer-lens`: the command-line front of src/core, for terminals and CI. */
import * as path from 'node:path';
import {
  analyzeFile, cellLine, consequences, inputDefaultsFrom, modelsAtBatch, renderConsequences, filePlaces, notebookCode, renderAnalysis, renderTriplets, sourceSize, timeBudgetStops, tooLargeToAnalyse, TripletInputError, withText, tripletCounts,
  type CallResult, type Diagnostic, type FileAnalysis, type ModelResult, type NotebookCode, type Places,
} from '../core';
import { diskFs, noted, readArgument, scopeReads } from './diskFs';
import { cacheFolder, cacheIo } from './cacheFolder';
import { projectFolders, pythonEnvironments } from './project';
import { progress } from './progress';
import { parseArgs, UsageError, USAGE, type AnalyzeArgs, type TripletsArgs } from './args';
import type { renderNotesCommand } from './notes';
import { checkCommand, diffCommand } from './budget';
import { consequenceOptions, consequencesJson, devicesCommand } from './devices';
import { cliParseCache, parseCacheCommand, writeInBackground } from './parseCache';
import type { RunCacheLookup } from './runCache';
import { processOutput } from './output';
import type { FolderParseCache } from '../core';

export { progress };

/**
 * The parse cache, when the command runs as a process (main): a run from a test or another program reads and
 * writes no cache folder unless it sets one here.
 */
export const processCache: { use: boolean; last?: FolderParseCache; dir?: string; argv?: string[] } = { use: false };

declare const LAYER_LENS_VERSION: string | undefined;
/** The built CLI's notes command, a bundle of its own (esbuild.mjs); unset when running from tsc's output. */
declare const LAYER_LENS_NOTES_BUNDLE: string | undefined;

/**
 * The notes command renders with KaTeX and markdown-it, three quarters of the CLI's code: it is loaded only when
 * asked for, so that `analyze` and `check` do not compile it at every start.
 */
function notesCommand(): typeof renderNotesCommand {
  const module = typeof LAYER_LENS_NOTES_BUNDLE === 'string' ? LAYER_LENS_NOTES_BUNDLE : './notes';
  return (require(module) as typeof import('./notes')).renderNotesCommand;
}

export function run(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  // The detached writer a run starts for the trees it parsed (./parseCache.ts).
  if (argv[0] === '__parse-cache') return parseCacheCommand(argv.slice(1));
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`layer-lens: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (args.command === 'help') {
    out(USAGE);
    return 0;
  }
  if (args.command === 'version') {
    out(typeof LAYER_LENS_VERSION === 'string' ? LAYER_LENS_VERSION : 'dev');
    return 0;
  }
  if (args.command === 'triplets') return triplets(args, out, err);
  if (args.command === 'notes') return notesCommand()(args, out, err);
  if (args.command === 'check') return checkCommand(args, out, err);
  if (args.command === 'diff') return diffCommand(args, out, err);
  if (args.command === 'devices') return devicesCommand(args, out, err);
  return analyze(args, out, err);
}

function triplets(args: TripletsArgs, out: (s: string) => void, err: (s: string) => void): number {
  let counts;
  try {
    counts = tripletCounts(args.P, args.K, args.B);
  } catch (e) {
    if (e instanceof TripletInputError) {
      err(`layer-lens: ${e.message}`);
      return 2;
    }
    throw e;
  }
  out(args.json ? JSON.stringify(counts, null, 2) : renderTriplets(counts));
  return 0;
}

function analyze(args: AnalyzeArgs, out: (s: string) => void, err: (s: string) => void): number {
  const read = readArgument(args.file, 'Python source');
  if ('problem' in read) {
    err(`layer-lens: ${read.problem}`);
    return 2;
  }
  let text = read.text;
  // A notebook: its code cells in order, as the kernel runs them; results name their cell.
  let notebook: NotebookCode | undefined;
  if (args.file.endsWith('.ipynb')) {
    const nb = notebookCode(text);
    if (typeof nb === 'string') {
      err(`layer-lens: ${args.file}: ${nb}`);
      return 2;
    }
    notebook = nb;
    text = nb.text;
  }
  // The editor's limit (layerLens.maxLines), here too, on the code: a 10 MB line or 100,000 lines would hold the terminal.
  const tooLarge = tooLargeToAnalyse(sourceSize(text), args.maxLines);
  if (tooLarge) {
    err(`layer-lens: ${args.file} is not analysed: ${tooLarge.over}, more than ${tooLarge.limit}; --max-lines raises the limit`);
    return 2;
  }
  // The engine loads modules by their .py file name: a notebook's code goes in under one beside it.
  const entry = notebook ? path.resolve(args.file).replace(/\.ipynb$/, '_ipynb.py') : path.resolve(args.file);
  // Library files' trees from earlier runs (not the files of this folder, which change as you work).
  const cache = processCache.use && !args.noCache ? parseCacheHere(diskFs.roots ?? []) : undefined;
  processCache.last = cache;
  const base = cache ? { ...diskFs, parseCache: cache } : diskFs;
  const fs = notebook ? withText(base, entry, text) : base;
  // A model input such as 1x3x299x299 also sets the batch and image size that layer lines run alone assume.
  const defaults = inputDefaultsFrom(args.inputs[0]?.shape);
  const options = consequenceOptions(args);
  if (options && 'problem' in options) {
    err(`layer-lens: ${options.problem}`);
    return 2;
  }
  progress.on?.(args.file);
  const evaluated = analyzeFile(entry, fs, { call: args.call, inputs: args.inputs.length ? args.inputs : undefined, inputDefaults: defaults, dtype: args.dtype, maxSteps: args.maxSteps,
    onEvaluate: progress.on && ((c) => progress.on?.(`${c.name} (line ${c.line})`)),
    // A longer evaluation than the whole request's default budget (8 s) gets that much for the request too.
    ...(args.timeBudgetMs ? { timeBudgetMs: args.timeBudgetMs, requestBudgetMs: Math.max(8_000, args.timeBudgetMs) } : {}) });
  // Training at another batch: each model evaluated again on its input with that batch.
  const analysis = { ...evaluated, models: modelsAtBatch(evaluated.models, args.batch, entry, fs, args.inputs[0]?.dtype ?? 'float32') };
  const extra = (m: ModelResult) => (options ? consequences(m, options) : undefined);
  // Files as the user knows them: relative to here; a notebook's joined code as the notebook, lines within cells.
  const label = (f: string) => (f === entry && notebook ? args.file : f.startsWith('<') ? f : path.relative(process.cwd(), f));
  const inCell = <T extends { line: number; file?: string }>(x: T, file = entry): T & { cell?: number } => {
    const at = notebook && file === entry ? cellLine(notebook, x.line) : undefined;
    const named = x.file === undefined ? x : { ...x, file: label(x.file) };
    return at ? { ...named, line: at.line, cell: at.cell } : named;
  };
  if (args.json) {
    const json = analysisJson(args.file, analysis, inCell);
    if (options) {
      json.models = json.models.map((jm, i) => {
        const m = analysis.models[i];
        const { layerLatency, functionalLatency, ...rest } = consequencesJson(m, extra(m)!, options);
        // The rows' ranges go on the rows themselves (docs/cli-json.md).
        const withLatency = <T>(rows: T[], l: unknown) => (Array.isArray(l) ? rows.map((r, k) => ({ ...r, latency: l[k] })) : rows);
        return { ...jm, ...rest, layers: withLatency(jm.layers, layerLatency), functional: withLatency(jm.functional, functionalLatency) };
      });
    }
    out(JSON.stringify(json, null, 2));
  } else {
    out(renderAnalysis(analysis, entry, notebook ? cellPlaces(notebook, entry, args.file, label) : filePlaces(entry, args.file, label)));
    if (options) {
      for (const m of analysis.models) {
        const lines = renderConsequences(m, extra(m)!, options);
        if (lines) out(`\n${m.name}\n${lines}`);
      }
    }
  }
  return 0;
}

/** A notebook's places: `cell 4:2` in tables, `demo.ipynb, cell 4:2` before findings. */
function cellPlaces(nb: NotebookCode, entry: string, shown: string, label: (f: string) => string): Places {
  const base = filePlaces(entry, shown, label);
  const at = (f: string, line: number) => (f === entry ? cellLine(nb, line) : undefined);
  return {
    row: (f, line) => {
      const c = at(f, line);
      return c ? `cell ${c.cell}:${c.line}` : base.row(f, line);
    },
    finding: (f, line) => {
      const c = at(f, line);
      return c ? `${shown}, cell ${c.cell}:${c.line}` : base.finding(f, line);
    },
    file: base.file,
  };
}

/** The JSON of docs/cli-json.md: every field of the analysis, offsets left out, files relative, lines within cells for a notebook. */
function analysisJson(file: string, a: FileAnalysis, inCell: <T extends { line: number; file?: string }>(x: T, file?: string) => T & { cell?: number }) {
  const diagnostic = (d: Diagnostic) => {
    const { span: _span, ...rest } = inCell(d, d.file);
    return { ...rest, related: d.related?.map((r) => inCell(r, r.file)) };
  };
  const call = (c: CallResult) => {
    const { span: _span, calleeSpan: _callee, diagnostics, ...rest } = c;
    return { ...inCell(rest), diagnostics: diagnostics.map(diagnostic) };
  };
  const model = (m: ModelResult) => ({
    ...m, layers: m.layers.map((l) => inCell(l, l.file)), functional: m.functional.map((f) => inCell(f, f.file)), diagnostics: m.diagnostics.map(diagnostic),
  });
  return { file, calls: a.calls.map(call), operations: a.operations.map((o) => inCell(o)), models: a.models.map(model), diagnostics: a.diagnostics.map(diagnostic) };
}

/** Every value a repeatable option is given (`--python-path A --python-path B`). */
function optionValues(argv: readonly string[], option: string): string[] {
  return argv.flatMap((a, i) => (a === option && argv[i + 1] !== undefined ? [argv[i + 1]] : []));
}

/** The parse cache in the checked cache folder (./cacheFolder.ts), signed; none when the folder or key is not there. */
function parseCacheHere(roots: readonly string[]): FolderParseCache | undefined {
  const folder = cacheFolder(projectFolders(processCache.argv ?? []));
  const io = 'dir' in folder ? cacheIo() : undefined;
  if (!io || !('dir' in folder)) return undefined;
  processCache.dir = folder.dir;
  return cliParseCache(roots, folder.dir, io);
}

/** Whether this run read a library file's tree back from the parse cache (a run after the first, in this cache folder). */
export function parseCacheWarm(): boolean {
  return (processCache.last?.stats.hits ?? 0) > 0;
}

/**
 * The command as a process runs it (./start.ts looked in the run cache first): what the code names (modules,
 * paths, messages) reaches the terminal without its control characters.
 */
export function main(argv: string[], runs?: RunCacheLookup): number {
  processCache.use = true;
  processCache.argv = argv;
  // Only the project and its Python environments are read (./project.ts), by every command that evaluates code.
  if (['analyze', 'check', 'diff'].includes(argv[0])) {
    const project = projectFolders(argv);
    scopeReads(project, pythonEnvironments(optionValues(argv, '--python-path'), project));
  }
  const { out, err, stats } = processOutput();
  // On a miss, what the disk answers is noted for the run cache.
  noted.answers = runs?.answers;
  const printed = { out: [] as string[], err: [] as string[] };
  const stops = timeBudgetStops();
  const code = run(argv, (s) => (printed.out.push(s), out(s)), (s) => (printed.err.push(s), err(s)));
  noted.answers = undefined;
  const stored = runs?.finish(printed.out, printed.err, code, timeBudgetStops() !== stops);
  // Trees parsed in this run are stored by a detached writer (this file, run again), after the run has ended.
  const cache = processCache.last;
  if (cache) stats(`parse cache: ${cache.stats.hits} read back, ${cache.stats.misses} parsed`);
  // In a worker the run is stored by the thread that started it (./start.ts), which says so.
  if (runs && stored !== undefined) stats(`run cache: ${stored ? 'stored' : 'not stored'}`);
  if (cache?.pending.length && processCache.dir) writeInBackground(cache, __filename, processCache.dir);
  return code;
}

// Run from tsc's output (no bundle): on this thread, with no cache.
if (require.main === module) process.exitCode = main(process.argv.slice(2));
