/** Command-line parsing for `layer-lens`: small and strict, with one-line errors (exit code 2). */

export class UsageError extends Error {}

export interface AnalyzeArgs {
  command: 'analyze';
  file: string;
  call?: string;
  inputs: { shape: number[]; dtype: string }[];
  dtype: string;
  json: boolean;
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

export type CliArgs = AnalyzeArgs | TripletsArgs | NotesArgs | { command: 'help' } | { command: 'version' };

export const USAGE = `Usage:
  layer-lens analyze FILE [--call "EXPR"] [--input 1x3x224x224] [--dtype float32] [--json]
  layer-lens triplets --P 16 --K 4 [--B 64] [--json]
  layer-lens notes render FILE --html OUT [--repair]
  layer-lens --help | --version

analyze lists every torch.nn layer call in FILE with its params, Mult-Adds, FLOPs,
memory access cost (MAC) and output shape. Input shapes come from
"# layer-lens: input 1x64x56x56" comments; --input sets the batch and image size
that un-annotated calls assume.

triplets counts triplet-loss combinatorics for a batch of P identities x K images:
batch-hard, batch-all, positive and negative pairs, the distance matrix, and with
--B, the triplets B independent samples allow.

notes render writes FILE (markdown with $math$) as one standalone HTML page, rendered
as the notes view renders it: KaTeX math, fonts inlined, safe HTML only. A
double-encoded file is reported; --repair renders the repaired text.`;

const DTYPES = ['float32', 'float16', 'bfloat16', 'float64', 'int8'];

export function parseArgs(argv: string[]): CliArgs {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  if (argv[0] === '--version') return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === 'triplets') return parseTriplets(rest);
  if (command === 'notes') return parseNotes(rest);
  if (command !== 'analyze') throw new UsageError(`unknown command '${command}' (try --help)`);
  const out: AnalyzeArgs = { command: 'analyze', file: '', inputs: [], dtype: 'float32', json: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--json') out.json = true;
    else if (a === '--call') out.call = value();
    else if (a === '--input') out.inputs.push(parseShape(value()));
    else if (a === '--dtype') {
      out.dtype = value();
      if (!DTYPES.includes(out.dtype)) throw new UsageError(`--dtype must be one of ${DTYPES.join(', ')}`);
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (!out.file) out.file = a;
    else throw new UsageError(`unexpected argument '${a}'`);
  }
  if (!out.file) throw new UsageError('analyze needs a FILE');
  return out;
}

/** `1x3x224x224` or `1x128:int64`. */
export function parseShape(s: string): { shape: number[]; dtype: string } {
  const m = /^(\d+(?:x\d+)*)(?::(int64|int32|float32|float16|bfloat16|float64))?$/.exec(s.trim());
  if (!m) throw new UsageError(`--input must look like 1x3x224x224 (got '${s}')`);
  const shape = m[1].split('x').map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d <= 0)) throw new UsageError(`--input sizes must be positive integers (got '${s}')`);
  return { shape, dtype: m[2] ?? 'float32' };
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
