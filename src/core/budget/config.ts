/**
 * Cost budgets: which models to gate and their limits, from `layer-lens.toml` (`[[budget]]` tables) or from
 * `pyproject.toml` (`[[tool.layer-lens.budget]]`). Parsing never throws: every bad entry is reported with where
 * it is and what was expected, and the good entries are kept.
 */
import { parse, TomlError } from 'smol-toml';
import { parseInputSpec } from '../inputSpec';
import { fileExists } from '../files';
import { findDevice } from '../device/presets';
import { OPTIMIZERS, type Optimizer } from '../training/optimizers';

/** The figures a budget can limit, by the names the JSON uses. */
export const LIMITS = ['params', 'multAdds', 'memoryAccessCost', 'peakActivationBytes', 'latencyMs', 'trainingMemoryBytes'] as const;
export type LimitName = (typeof LIMITS)[number];

/** How each limit is written and shown: a count, bytes, or milliseconds. */
export const LIMIT_UNITS: Readonly<Record<LimitName, 'count' | 'bytes' | 'ms'>> = {
  params: 'count', multAdds: 'count', memoryAccessCost: 'count', peakActivationBytes: 'bytes', latencyMs: 'ms', trainingMemoryBytes: 'bytes',
};

/** The names every surface shows for the limits. */
export const LIMIT_LABELS: Readonly<Record<LimitName, string>> = {
  params: 'params', multAdds: 'Mult-Adds', memoryAccessCost: 'MAC (memory access)', peakActivationBytes: 'peak activation memory',
  latencyMs: 'time (upper bound)', trainingMemoryBytes: 'training memory',
};

export interface BudgetEntry {
  /** A label for reports: `name`, else the call. */
  name: string;
  /** The Python file that defines the model, absolute (resolved against the budget file's folder). */
  file: string;
  /** The call expression that builds it: `resnet50()`. */
  call: string;
  /** Forward's inputs; empty means the model's own (annotation, code or the default image). */
  inputs: { shape: number[]; dtype: string }[];
  limits: Partial<Record<LimitName, number>>;
  /** The device a `latencyMs` limit is on (a preset's name). */
  device?: string;
  /** The optimizer a `trainingMemoryBytes` limit trains with (default adam). */
  optimizer?: Optimizer;
}

export interface BudgetConfig {
  /** The budget file. */
  source: string;
  entries: BudgetEntry[];
  /** One line each: `layer-lens.toml: budget 2 (resnet50): …`. */
  errors: string[];
  /** The same, each at its 1-based line in the file (a budget's own `[[budget]]` header), for an editor. */
  problems: { message: string; line: number; column: number }[];
}

const KEYS = new Set(['name', 'file', 'call', 'input', 'dtype', 'device', 'optimizer', ...LIMITS]);
const DTYPES = new Set(['float32', 'float16', 'bfloat16', 'float64', 'int64', 'int32', 'int8']);

/** Words people use for these figures, pointed at the names Layer Lens uses. */
const SYNONYMS: Record<string, LimitName> = {
  macs: 'memoryAccessCost', mac: 'memoryAccessCost', flops: 'multAdds', multadds: 'multAdds', mult_adds: 'multAdds',
  parameters: 'params', peak: 'peakActivationBytes', peakactivation: 'peakActivationBytes', peak_activation_memory: 'peakActivationBytes',
};

/**
 * Parse a budget file's text. `kind` says where budgets live in it; `dir` is the folder that `file` paths are
 * relative to; `source` names the file in messages.
 */
export function parseBudgets(text: string, kind: 'layer-lens.toml' | 'pyproject.toml', dir: string, source: string): BudgetConfig {
  const out: BudgetConfig = { source, entries: [], errors: [], problems: [] };
  const problem = (message: string, at: string, line = 1, column = 0) => {
    out.errors.push(`${at}: ${message}`);
    out.problems.push({ message, line, column });
  };
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    const t = e instanceof TomlError ? e : undefined;
    problem(`not valid TOML: ${(e as Error).message.split('\n')[0]}`, t ? `${source}:${t.line}:${t.column}` : source, t?.line ?? 1, Math.max(0, (t?.column ?? 1) - 1));
    return out;
  }
  const table = kind === 'pyproject.toml' ? (asTable(doc.tool)?.['layer-lens'] as unknown) : doc;
  const prefix = kind === 'pyproject.toml' ? 'tool.layer-lens.' : '';
  if (table === undefined) {
    problem('no [tool.layer-lens] table', source);
    return out;
  }
  const budgets = asTable(table)?.budget;
  if (!Array.isArray(budgets) || budgets.length === 0) {
    problem(`no budgets: add [[${prefix}budget]] tables, each with file, call and at least one limit`, source);
    return out;
  }
  // Where each budget starts, for messages an editor places.
  const header = new RegExp(`^\\s*\\[\\[\\s*${prefix.replace(/[.-]/g, '\\$&')}budget\\s*\\]\\]`);
  const headers = text.split(/\r?\n/).flatMap((l, i) => (header.test(l) ? [i + 1] : []));
  budgets.forEach((raw, i) => {
    const errors: string[] = [];
    const entry = parseEntry(raw, dir, errors);
    const label = entry?.name ?? (asTable(raw)?.name as string | undefined) ?? (asTable(raw)?.call as string | undefined);
    const at = `${source}: budget ${i + 1}${typeof label === 'string' ? ` (${label})` : ''}`;
    for (const e of errors) problem(e, at, headers[i] ?? 1);
    if (entry && errors.length === 0) out.entries.push(entry);
  });
  return out;
}

function parseEntry(raw: unknown, dir: string, errors: string[]): BudgetEntry | undefined {
  const t = asTable(raw);
  if (!t) {
    errors.push('is not a table');
    return undefined;
  }
  for (const key of Object.keys(t)) {
    if (KEYS.has(key)) continue;
    // Own keys only: `constructor` or `__proto__` as a key is a mistake to name, not an object's internals.
    const meant = Object.hasOwn(SYNONYMS, key.toLowerCase()) ? SYNONYMS[key.toLowerCase()] : undefined;
    errors.push(`unknown key '${key}'${meant ? `: the figure is called '${meant}'${key.toLowerCase() === 'flops' ? ' (limit Mult-Adds; FLOPs are 2 × Mult-Adds)' : ''}` : ` (expected ${[...KEYS].join(', ')})`}`);
  }
  const text = (key: string, required: boolean): string | undefined => {
    const v = Object.hasOwn(t, key) ? t[key] : undefined;
    if (v === undefined) {
      if (required) errors.push(`'${key}' is missing`);
      return undefined;
    }
    if (typeof v !== 'string' || !v.trim()) {
      errors.push(`'${key}' must be a non-empty string`);
      return undefined;
    }
    return v.trim();
  };
  const name = text('name', false);
  const file = text('file', true);
  const call = text('call', true);
  if (call && !/^[A-Za-z_][A-Za-z0-9_.]*\s*\(.*\)$/s.test(call)) errors.push(`'call' must be a call expression such as "resnet50()" (got '${call}')`);
  const dtype = text('dtype', false) ?? 'float32';
  if (!DTYPES.has(dtype)) errors.push(`'dtype' must be one of ${[...DTYPES].join(', ')} (got '${dtype}')`);
  const inputs: BudgetEntry['inputs'] = [];
  const input = t.input;
  for (const s of input === undefined ? [] : Array.isArray(input) ? input : [input]) {
    const r = typeof s === 'string' ? parseInputSpec(s, dtype) : { error: `must be a string such as "1x3x224x224" (got ${JSON.stringify(s)})` };
    if ('error' in r) errors.push(`'input' ${r.error}; a list of shapes for several inputs`);
    else inputs.push(r);
  }
  const limits: BudgetEntry['limits'] = {};
  for (const key of LIMITS) {
    if (!Object.hasOwn(t, key) || t[key] === undefined) continue;
    const unit = LIMIT_UNITS[key];
    const n = unit === 'bytes' ? parseBytes(t[key]) : unit === 'ms' ? parseMilliseconds(t[key]) : parseCount(t[key]);
    if (n !== undefined) limits[key] = n;
    else if (unit === 'ms') errors.push(`'${key}' must be a non-negative number of milliseconds, such as 12.5 or "12.5 ms" (got ${JSON.stringify(t[key])})`);
    else errors.push(`'${key}' must be a whole, non-negative number below 2^53${unit === 'bytes' ? ' of bytes, such as 8388608, "8 MiB" or "8MB"' : ', such as 26000000, 26_000_000, "26M" or "4.2G"'} (got ${JSON.stringify(t[key])})`);
  }
  // A time needs its device; training memory its optimizer (Adam unless said).
  const device = text('device', limits.latencyMs !== undefined);
  if (device !== undefined && !findDevice(device)) errors.push(`'device' '${device}' is not a device preset (layer-lens devices lists them)`);
  const optimizer = text('optimizer', false);
  if (optimizer !== undefined && !(OPTIMIZERS as readonly string[]).includes(optimizer)) errors.push(`'optimizer' must be one of ${OPTIMIZERS.join(', ')} (got '${optimizer}')`);
  if (Object.keys(limits).length === 0 && !errors.some((e) => e.includes('must be a whole'))) errors.push(`no limit: set at least one of ${LIMITS.join(', ')}`);
  if (!file || !call) return undefined;
  return {
    name: name ?? call, file: resolvePath(dir, file), call, inputs, limits,
    ...(device !== undefined ? { device } : {}), ...(limits.trainingMemoryBytes !== undefined || optimizer !== undefined ? { optimizer: (optimizer ?? 'adam') as Optimizer } : {}),
  };
}

/**
 * The budget file that applies to `dir`: layer-lens.toml, else a pyproject.toml with a [tool.layer-lens] table,
 * there or in a folder above, up to the repository's top (the folder with .git) or the filesystem's root.
 */
export function findBudgetFile(dir: string, fs: { read(path: string): string | undefined; exists?(path: string): boolean }): { path: string; kind: 'layer-lens.toml' | 'pyproject.toml' } | undefined {
  // Existence by a stat when there is one: a layer-lens.toml that is a link to a device is never read to find out.
  const exists = (p: string) => fileExists(fs, p);
  for (let d = dir.replace(/\/+$/, '') || '/'; ; ) {
    const at = (name: string) => `${d === '/' ? '' : d}/${name}`;
    if (exists(at('layer-lens.toml'))) return { path: at('layer-lens.toml'), kind: 'layer-lens.toml' };
    const py = fs.read(at('pyproject.toml'));
    if (py !== undefined && /^\s*\[\[?tool\.layer-lens[.\]]/m.test(py)) return { path: at('pyproject.toml'), kind: 'pyproject.toml' };
    const parent = d.slice(0, d.lastIndexOf('/')) || '/';
    if (exists(at('.git/HEAD')) || parent === d) return undefined;
    d = parent;
  }
}

/**
 * 26000000, "26M", "4.2G", "1.5K" (decimal units): a whole number of at least 0 that is exactly representable
 * (below 2^53). A fraction (`1.5`), a negative number or one too large to compare exactly (`"9999…9T"`) is refused.
 */
export function parseCount(v: unknown): number | undefined {
  if (typeof v === 'number') return wholeLimit(v);
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)\s*$/i.exec(v.replace(/_/g, ''));
  if (!m) return undefined;
  return wholeLimit(scaled(m[1], ({ '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 } as Record<string, number>)[m[2].toUpperCase()]));
}

/** A decimal number times a unit, exactly when the result is whole ("4.2" × 1e9 is 4200000000, not 4199999999.9…). */
function scaled(digits: string, unit: number): number {
  const [whole, fraction = ''] = digits.split('.');
  const places = fraction.length;
  const exactUnit = unit / 10 ** places;
  return Number.isInteger(exactUnit) ? Number(whole + fraction) * exactUnit : Number(digits) * unit;
}

const wholeLimit = (n: number): number | undefined => (Number.isSafeInteger(n) && n >= 0 ? n : undefined);

/** 12.5, "12.5 ms", "1.2 s": finite, non-negative, below a day. */
export function parseMilliseconds(v: unknown): number | undefined {
  const ok = (n: number) => (Number.isFinite(n) && n >= 0 && n < 86_400_000 ? n : undefined);
  if (typeof v === 'number') return ok(v);
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(v);
  return m ? ok(Number(m[1]) * (m[2] === 's' ? 1000 : 1)) : undefined;
}

/** A limit's value as every surface shows it: a count in full, bytes in KiB/MiB/GiB, a time in ms. */
export function formatLimit(figure: LimitName, n: number, bytesOf: (n: number) => string, countOf: (n: number) => string): string {
  const unit = LIMIT_UNITS[figure];
  return unit === 'bytes' ? bytesOf(n) : unit === 'ms' ? `${Number(n.toPrecision(4))} ms` : countOf(n);
}

/** 8388608, "8 MiB", "8MB", "512 KiB" (KB/MB/GB decimal, KiB/MiB/GiB binary), whole and below 2^53. */
export function parseBytes(v: unknown): number | undefined {
  if (typeof v === 'number') return wholeLimit(v);
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?\s*$/.exec(v.replace(/_/g, ''));
  if (!m) return undefined;
  const unit: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30 };
  return wholeLimit(scaled(m[1], unit[m[2] ?? 'B']));
}

function asTable(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function resolvePath(dir: string, file: string): string {
  if (file.startsWith('/')) return file;
  const parts = `${dir}/${file}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}
