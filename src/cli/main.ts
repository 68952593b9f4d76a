/** `layer-lens`: the command-line front of src/core, for terminals and CI. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { evaluateModels, type ModelDiagnostic, type ModelResult } from '../core/model';
import { diskFs } from './diskFs';
import { decodeSource } from '../core/python/decode';
import { cellLine, notebookCode, type NotebookCode } from '../core/notebook';
import { analyzeText, DEFAULT_OPTIONS } from '../core/analyze';
import type { CallResult, Diagnostic } from '../core/results';
import { parseArgs, UsageError, USAGE, type AnalyzeArgs, type TripletsArgs } from './args';
import { TripletInputError, tripletCounts } from '../core/triplets/combinatorics';
import { renderModels, renderTable, renderTriplets } from './table';
import { renderNotesCommand } from './notes';
import { checkCommand, diffCommand } from './budget';

declare const LAYER_LENS_VERSION: string | undefined;

export function run(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
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
  if (args.command === 'notes') return renderNotesCommand(args, out, err);
  if (args.command === 'check') return checkCommand(args, out, err);
  if (args.command === 'diff') return diffCommand(args, out, err);
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
  let text: string;
  try {
    const decoded = decodeSource(readFileSync(args.file));
    if (!('text' in decoded)) {
      err(`layer-lens: ${args.file} is a binary file, not Python source`);
      return 2;
    }
    text = decoded.text;
  } catch (e) {
    err(`layer-lens: cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    return 2;
  }
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
  // The engine loads modules by their .py file name: a notebook's code goes in under one beside it.
  const entry = notebook ? path.resolve(args.file).replace(/\.ipynb$/, '_ipynb.py') : path.resolve(args.file);
  const fs = notebook ? { read: (p: string) => (p === entry ? text : diskFs.read(p)) } : diskFs;
  const shownFile = (f: string) => (notebook && f === path.relative(process.cwd(), entry) ? args.file : f);
  const defaults = { ...DEFAULT_OPTIONS.inputDefaults };
  const first = args.inputs[0]?.shape;
  if (first) {
    // A model input such as 1x3x299x299 sets the batch and image size that un-annotated calls assume.
    defaults.batch = first[0];
    if (first.length >= 3) defaults.imageSize = first[first.length - 1];
    if (first.length === 2 || first.length === 3) defaults.sequenceLength = first[1];
  }
  const result = analyzeText(text, { inputDefaults: defaults, dtype: args.dtype });
  const modelRun = evaluateModels(entry, fs, {
    call: args.call,
    inputs: args.inputs.length ? args.inputs : undefined,
    defaultInput: [defaults.batch, 3, defaults.imageSize, defaults.imageSize],
  });
  // In a notebook, `line` is within the cell and `cell` says which (its index among all cells).
  const inCell = <T extends { line: number; file?: string }>(x: T, file = entry): T & { cell?: number } => {
    const at = notebook && file === entry ? cellLine(notebook, x.line) : undefined;
    const named = x.file === undefined ? x : { ...x, file: shownFile(x.file) };
    return at ? { ...named, line: at.line, cell: at.cell } : named;
  };
  if (args.json) {
    out(JSON.stringify({
      file: args.file,
      calls: result.calls.map((c) => inCell(callJson(c))),
      models: modelRun.models.map((m) => {
        const j = modelJson(m);
        return { ...j, layers: j.layers.map((l, i) => inCell(l, m.layers[i].file)), diagnostics: j.diagnostics.map((d, i) => inCell(d, m.diagnostics[i].file)) };
      }),
      diagnostics: [...result.diagnostics.map((d) => inCell(diagnosticJson(d))), ...modelRun.diagnostics.map(modelDiagnosticJson)],
    }, null, 2));
  } else {
    if (args.call === undefined && notebook) {
      for (const c of notebook.cells) {
        const calls = result.calls.filter((x) => cellLine(notebook!, x.line)?.cell === c.cell).map((x) => inCell(x));
        const diags = result.diagnostics.filter((x) => cellLine(notebook!, x.line)?.cell === c.cell).map((x) => inCell(x));
        if (calls.length || diags.length) out(renderTable(`${args.file}, cell ${c.cell}`, calls, diags));
      }
    } else if (args.call === undefined) out(renderTable(args.file, result.calls, result.diagnostics));
    out(renderModels(modelRun.models));
  }
  return 0;
}

/** The `calls` rows of ../shared/docs/cli-json.md, plus the fields hovers use. */
function callJson(c: CallResult) {
  const { span: _span, calleeSpan: _callee, diagnostics, ...rest } = c;
  return { ...rest, diagnostics: diagnostics.map(diagnosticJson) };
}

/** A `models` row of ../shared/docs/cli-json.md; files other than FILE are named in `file`. */
function modelJson(m: ModelResult) {
  return {
    ...m,
    layers: m.layers.map((l) => ({ ...l, file: path.relative(process.cwd(), l.file) })),
    diagnostics: m.diagnostics.map(modelDiagnosticJson),
  };
}

function modelDiagnosticJson(d: ModelDiagnostic) {
  const rel = (f: string) => (f.startsWith('<') ? f : path.relative(process.cwd(), f));
  return { ...d, file: rel(d.file), related: d.related?.map((r) => ({ ...r, file: rel(r.file) })) };
}

function diagnosticJson(d: Diagnostic) {
  return { severity: d.severity, line: d.line, column: d.column, message: d.message, code: d.code };
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`));
}
