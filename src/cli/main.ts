/** `layer-lens`: the command-line front of src/core, for terminals and CI. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { evaluateModels, type ModelDiagnostic, type ModelResult } from '../core/model';
import { diskFs } from './diskFs';
import { decodeSource } from '../core/python/decode';
import { analyzeText, DEFAULT_OPTIONS } from '../core/analyze';
import type { CallResult, Diagnostic } from '../core/results';
import { parseArgs, UsageError, USAGE, type AnalyzeArgs, type TripletsArgs } from './args';
import { TripletInputError, tripletCounts } from '../core/triplets/combinatorics';
import { renderModels, renderTable, renderTriplets } from './table';
import { renderNotesCommand } from './notes';

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
  const defaults = { ...DEFAULT_OPTIONS.inputDefaults };
  const first = args.inputs[0]?.shape;
  if (first) {
    // A model input such as 1x3x299x299 sets the batch and image size that un-annotated calls assume.
    defaults.batch = first[0];
    if (first.length >= 3) defaults.imageSize = first[first.length - 1];
    if (first.length === 2 || first.length === 3) defaults.sequenceLength = first[1];
  }
  const result = analyzeText(text, { inputDefaults: defaults, dtype: args.dtype });
  const modelRun = evaluateModels(path.resolve(args.file), diskFs, {
    call: args.call,
    inputs: args.inputs.length ? args.inputs : undefined,
    defaultInput: [defaults.batch, 3, defaults.imageSize, defaults.imageSize],
  });
  if (args.json) {
    out(JSON.stringify({
      file: args.file,
      calls: result.calls.map(callJson),
      models: modelRun.models.map(modelJson),
      diagnostics: [...result.diagnostics.map(diagnosticJson), ...modelRun.diagnostics.map(modelDiagnosticJson)],
    }, null, 2));
  } else {
    if (args.call === undefined) out(renderTable(args.file, result.calls, result.diagnostics));
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
