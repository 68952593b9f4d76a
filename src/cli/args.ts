/** Command-line parsing for `layer-lens`: small and strict, with one-line errors (exit code 2). */
import { OPTIMIZERS, parseInputSpec, type Optimizer } from '../core';
import { MEMORY_RANGE, TIME_RANGE } from './limits';

export class UsageError extends Error {}

export interface AnalyzeArgs {
  command: 'analyze';
  file: string;
  call?: string;
  inputs: { shape: number[]; dtype: string }[];
  dtype: string;
  json: boolean;
  /** Files with more lines (or more than 200 characters a line on average) are not analysed. */
  maxLines?: number;
  /** A device preset (or one from --devices) for time ranges. */
  device?: string;
  /** A JSON file of your own devices (the layerLens.devices setting's format). */
  devicesFile?: string;
  /** Training memory and FLOPs with this optimizer. */
  train?: Optimizer;
  /** Each model evaluated again with this batch (training figures are per step). */
  batch?: number;
  /** Samples in the dataset: training FLOPs per epoch. */
  dataset?: number;
  /** What other tools would print. */
  compare: boolean;
  /** Do not read or write the parse cache (~/.cache/layer-lens). */
  noCache: boolean;
  /** The evaluation step budget (5,000,000 by default), as layerLens.engine.maxSteps in the editor. */
  maxSteps?: number;
  /** The time one evaluation gets, in ms (5 s by default), as layerLens.engine.evaluationSeconds in the editor. */
  timeBudgetMs?: number;
}

export interface DevicesArgs {
  command: 'devices';
  json: boolean;
  devicesFile?: string;
}

export interface TripletsArgs {
  command: 'triplets';
  P: number;
  K: number;
  B?: number;
  json: boolean;
}

export interface NotesArgs {
  command: 'notes';
  file: string;
  /** Where the standalone HTML page goes. */
  html: string;
  /** Render the repaired text when the file is double-encoded (by default it is rendered as it is). */
  repair: boolean;
}

export type ReportFormat = 'table' | 'markdown' | 'json';

export interface CheckArgs {
  command: 'check';
  /** The budget file; by default layer-lens.toml or pyproject.toml, here or in a folder above. */
  config?: string;
  format: ReportFormat;
}

export interface DiffArgs {
  command: 'diff';
  /** Two git revisions, or two files. */
  a: string;
  b: string;
  config?: string;
  /** Revisions without a budget file: the model file, and optionally the call (else every buildable model). */
  file?: string;
  call?: string;
  inputs: { shape: number[]; dtype: string }[];
  format: ReportFormat;
}

export type CliArgs = AnalyzeArgs | DevicesArgs | TripletsArgs | NotesArgs | CheckArgs | DiffArgs | { command: 'help' } | { command: 'version' };

export const USAGE = `Usage:
  layer-lens analyze FILE [--call "EXPR"] [--input 1x3x224x224] [--dtype float32] [--json] [--max-lines 20000]
                          [--device NAME [--devices FILE]] [--train adam|adamw|sgd|sgd-momentum [--batch N] [--dataset N]]
                          [--compare] [--no-cache] [--max-steps 5000000] [--time-budget 5]
                          [--memory-limit 768] [--time-limit 20] [--python-path DIR]…
  layer-lens devices [--json] [--devices FILE]
  layer-lens triplets --P 16 --K 4 [--B 64] [--json]
  layer-lens notes render FILE --html OUT [--repair]
  layer-lens check [--config FILE] [--format table|markdown|json]
  layer-lens diff REV_A REV_B [--config FILE | --file F [--call "EXPR"] [--input S]] [--format table|markdown|json]
  layer-lens diff FILE_A FILE_B [--call "EXPR"] [--input S] [--format table|markdown|json]
  layer-lens --help | --version

analyze lists every torch.nn layer call in FILE with its params, Mult-Adds, FLOPs,
memory access cost (MAC) and output shape. Input shapes come from
"# layer-lens: input 1x64x56x56" comments; --input sets the batch and image size
that un-annotated calls assume.

--device NAME adds each model's time on that device (layer-lens devices lists them), as a
roofline range from its peaks: a range, not a prediction. --train OPT adds training memory
(weights, gradients, optimizer state, activations) and training FLOPs per step, at --batch N
(each model evaluated again with that batch) and --dtype (float16/bfloat16: mixed precision).
--compare adds what fvcore, ptflops, thop, torchinfo, torch.utils.flop_counter and (Keras) keras-flops would print,
and why each differs. --max-steps N and --time-budget SECONDS set how many evaluation steps and how
much time one piece of work (the file's top level, one model) may take (5,000,000 and 5 s by default):
a file whose loop runs past either is marked incomplete, with a warning on the loop.
Installed packages (torchvision, your own) are read from the Python environments found without
running Python: --python-path DIR (repeatable), LAYER_LENS_PYTHONPATH, an active virtual or conda
environment, .venv/venv/env in the project, the user's site-packages and the system's python3.
analyze, check and diff run in a worker whose heap is capped at --memory-limit MB (768) and
which is stopped when no model or file has started for --time-limit seconds (20): past
either, one line says which file and what it was on, and the command exits 1.

Trees of the library files a model imports are kept in ~/.cache/layer-lens (or
$XDG_CACHE_HOME, or $LAYER_LENS_CACHE_DIR) and read back on the next run. What an
analyze command printed is kept there too, and printed again for the same command
from the same folder while every file it read or looked for is unchanged, and so is
the CLI's compiled code, from its second run on. --no-cache uses none of them.

triplets counts triplet-loss combinatorics for a batch of P identities x K images:
batch-hard, batch-all, positive and negative pairs, the distance matrix, and with
--B, the triplets B independent samples allow.

notes render writes FILE (markdown with $math$) as one standalone HTML page, rendered
as the notes view renders it: KaTeX math, fonts inlined, safe HTML only. A
double-encoded file is reported; --repair renders the repaired text.

check evaluates every model budgeted in layer-lens.toml ([[budget]]) or pyproject.toml
([[tool.layer-lens.budget]]) and prints each figure, its limit and the headroom. Exit
code 1 when a limit is exceeded or a model can no longer be evaluated, 2 for a bad
budget file.

diff shows what changed in each model between two git revisions (the budgeted models,
or --file) or two files: params, Mult-Adds and MAC, and the layers added, removed and
resized.`;

/** The largest step budget either surface accepts (layerLens.engine.maxSteps's maximum). */
const MAX_STEPS = 100_000_000;

const DTYPES = ['float32', 'float16', 'bfloat16', 'float64', 'int8'];
/** The short names people type. */
const DTYPE_ALIASES: Record<string, string> = { fp32: 'float32', fp16: 'float16', bf16: 'bfloat16', fp64: 'float64' };

export function parseArgs(given: string[]): CliArgs {
  const argv = withoutLimits(given);
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  if (argv[0] === '--version') return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === 'triplets') return parseTriplets(rest);
  if (command === 'notes') return parseNotes(rest);
  if (command === 'check' || command === 'diff') return parseBudgetCommand(command, rest);
  if (command === 'devices') return parseDevicesCommand(rest);
  if (command !== 'analyze') throw new UsageError(`unknown command '${command}' (try --help)`);
  const out: AnalyzeArgs = { command: 'analyze', file: '', inputs: [], dtype: 'float32', json: false, compare: false, noCache: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => rest[(i = nextValue(rest, i))];
    if (a === '--json') out.json = true;
    else if (a === '--call') out.call = value();
    else if (a === '--input') out.inputs.push(parseShape(value()));
    else if (a === '--max-lines') {
      const n = Number(value());
      if (!Number.isSafeInteger(n) || n < 1) throw new UsageError('--max-lines must be a whole number of at least 1');
      out.maxLines = n;
    } else if (a === '--dtype') {
      const d = value();
      out.dtype = DTYPE_ALIASES[d] ?? d;
      if (!DTYPES.includes(out.dtype)) throw new UsageError(`--dtype must be one of ${DTYPES.join(', ')} (or fp32, fp16, bf16)`);
    } else if (a === '--device') out.device = value();
    else if (a === '--devices') out.devicesFile = value();
    else if (a === '--train') {
      const o = value();
      if (!(OPTIMIZERS as readonly string[]).includes(o)) throw new UsageError(`--train must be one of ${OPTIMIZERS.join(', ')}`);
      out.train = o as Optimizer;
    } else if (a === '--batch') out.batch = wholeNumber(a, value(), 1_000_000);
    else if (a === '--dataset') out.dataset = wholeNumber(a, value(), Number.MAX_SAFE_INTEGER);
    else if (a === '--compare') out.compare = true;
    else if (a === '--no-cache') out.noCache = true;
    else if (a === '--max-steps') out.maxSteps = wholeNumber(a, value(), MAX_STEPS);
    else if (a === '--time-budget') {
      const v = value();
      const t = Number(v);
      if (!/^\d+(\.\d+)?$/.test(v) || !(t >= 0.1 && t <= 600)) throw new UsageError('--time-budget must be a number of seconds from 0.1 to 600');
      out.timeBudgetMs = Math.round(t * 1000);
    }
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (!out.file) out.file = a;
    else throw new UsageError(`unexpected argument '${a}'`);
  }
  if (!out.file) throw new UsageError('analyze needs a FILE');
  if ((out.batch !== undefined || out.dataset !== undefined) && !out.train) throw new UsageError('--batch and --dataset go with --train');
  return out;
}

/**
 * The command line without --memory-limit MB and --time-limit SECONDS, which ./start.ts read to bound the worker
 * the command runs in (./limits.ts), and --python-path DIR, which main.ts reads: checked here, for the commands
 * that evaluate code.
 */
function withoutLimits(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a !== '--memory-limit' && a !== '--time-limit' && a !== '--python-path') {
      out.push(a);
      continue;
    }
    if (!['analyze', 'check', 'diff'].includes(argv[0])) throw new UsageError(`${a} goes with analyze, check and diff`);
    const v = argv[(i = nextValue(argv, i))];
    // A Python environment's folder: main.ts reads it from the command line (../core/environments.ts).
    if (a === '--python-path') continue;
    const n = Number(v);
    const [lo, hi, unit] = a === '--memory-limit' ? [...MEMORY_RANGE, 'MB'] : [...TIME_RANGE, 'seconds'];
    if (!/^\d+(\.\d+)?$/.test(v) || !(n >= (lo as number) && n <= (hi as number))) throw new UsageError(`${a} must be a number of ${unit} from ${lo} to ${(hi as number).toLocaleString('en-US')}`);
  }
  return out;
}

/** A whole number from 1 to `max`, or a usage error naming the option. */
function wholeNumber(option: string, v: string, max: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1 || n > max) throw new UsageError(`${option} must be a whole number from 1 to ${max.toLocaleString('en-US')}`);
  return n;
}

function parseDevicesCommand(rest: string[]): DevicesArgs {
  const out: DevicesArgs = { command: 'devices', json: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') out.json = true;
    else if (a === '--devices') out.devicesFile = rest[(i = nextValue(rest, i))];
    else throw new UsageError(`unknown option ${a} for devices`);
  }
  return out;
}

/** The index of option `rest[i]`'s value, which must be there. */
function nextValue(rest: string[], i: number): number {
  if (rest[i + 1] === undefined) throw new UsageError(`${rest[i]} needs a value`);
  return i + 1;
}

/** `1x3x224x224` or `1x128:int64`. */
export function parseShape(s: string): { shape: number[]; dtype: string } {
  const r = parseInputSpec(s);
  if ('error' in r) throw new UsageError(`--input ${r.error}`);
  return r;
}

function parseTriplets(rest: string[]): TripletsArgs {
  const values = new Map<string, number>();
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') json = true;
    else if (a === '--P' || a === '--K' || a === '--B') {
      const v = rest[++i];
      if (v === undefined || !/^\d+$/.test(v)) throw new UsageError(`${a} needs a whole number`);
      values.set(a.slice(2), Number(v));
    } else throw new UsageError(`unknown option ${a} for triplets`);
  }
  const P = values.get('P');
  const K = values.get('K');
  if (P === undefined || K === undefined) throw new UsageError('triplets needs --P and --K');
  return { command: 'triplets', P, K, B: values.get('B'), json };
}

function parseNotes(rest: string[]): NotesArgs {
  const [sub, ...opts] = rest;
  if (sub !== 'render') throw new UsageError(`notes needs 'render' (got '${sub ?? ''}')`);
  const out: NotesArgs = { command: 'notes', file: '', html: '', repair: false };
  for (let i = 0; i < opts.length; i++) {
    const a = opts[i];
    if (a === '--html') {
      const v = opts[++i];
      if (v === undefined) throw new UsageError('--html needs a path');
      out.html = v;
    } else if (a === '--repair') out.repair = true;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a} for notes render`);
    else if (!out.file) out.file = a;
    else throw new UsageError(`unexpected argument '${a}'`);
  }
  if (!out.file) throw new UsageError('notes render needs a FILE');
  if (!out.html) throw new UsageError('notes render needs --html OUT');
  return out;
}

const FORMATS: ReportFormat[] = ['table', 'markdown', 'json'];

function parseBudgetCommand(command: 'check' | 'diff', rest: string[]): CheckArgs | DiffArgs {
  const positional: string[] = [];
  const opts: { config?: string; file?: string; call?: string; format: ReportFormat; inputs: { shape: number[]; dtype: string }[] } = { format: 'table', inputs: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => rest[(i = nextValue(rest, i))];
    if (a === '--config') opts.config = value();
    else if (a === '--format') {
      const f = value();
      if (!FORMATS.includes(f as ReportFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
      opts.format = f as ReportFormat;
    } else if (a === '--json') opts.format = 'json';
    else if (command === 'diff' && a === '--file') opts.file = value();
    else if (command === 'diff' && a === '--call') opts.call = value();
    else if (command === 'diff' && a === '--input') opts.inputs.push(parseShape(value()));
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a} for ${command}`);
    else positional.push(a);
  }
  if (command === 'check') {
    if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}' (check reads its models from the budget file)`);
    return { command, config: opts.config, format: opts.format };
  }
  if (positional.length !== 2) throw new UsageError('diff needs two git revisions or two files: layer-lens diff REV_A REV_B');
  return { command, a: positional[0], b: positional[1], config: opts.config, file: opts.file, call: opts.call, inputs: opts.inputs, format: opts.format };
}
