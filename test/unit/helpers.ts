/** Shared test helpers: run the real engine on small sources. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, type AnalysisOptions, type CallResult, type FileAnalysis } from '../../src/core';

/** The repo root, from out/test/unit or test/unit. */
export const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');

/** Reference data the tests read, kept in the repository (test/data): a clone needs nothing beside it. */
export const DATA = path.join(ROOT, 'test', 'data');

export function readJson<T = any>(...parts: string[]): T {
  return JSON.parse(readFileSync(path.join(...parts), 'utf8')) as T;
}

/** Where test sources live: a file of their own that nothing else on the disk shares. */
export const SNIPPET = path.join(ROOT, 'test', 'fixtures', 'snippet.py');

/** The engine on a source text, as if it were a file (imports of other files are not found). */
export function analyzeSource(src: string, options: AnalysisOptions = {}, file = SNIPPET): FileAnalysis {
  return analyzeFile(file, { read: (p) => (p === file ? src : undefined) }, options);
}

/** Analyse `call` (an `nn.X(...)` expression) on the given input shapes; returns its one call result. */
export function analyzeCall(call: string, inputs: number[][], dtype?: string): CallResult {
  const annotation = inputs.map((s) => `${s.join('x')}${dtype && dtype !== 'float32' ? `:${dtype}` : ''}`).join(', ');
  const src = `import torch\nimport torch.nn as nn\nlayer = ${call}  # layer-lens: input ${annotation}\n`;
  const { calls } = analyzeSource(src);
  if (calls.length < 1) throw new Error(`no layer call recognised in ${call}`);
  return calls[0];
}

/** The disk, as the engine reads it. */
export const diskFs = {
  read(p: string): string | undefined {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** Python source for keyword arguments from a JSON attrs object. */
export function pyKwargs(attrs: Record<string, unknown>): string {
  return Object.entries(attrs).map(([k, v]) => `${k}=${py(v)}`).join(', ');
}

export function py(v: unknown): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (Array.isArray(v)) return v.length === 1 ? `(${py(v[0])},)` : `(${v.map(py).join(', ')})`;
  throw new Error(`cannot write ${JSON.stringify(v)} as Python`);
}

/** Where Debian's python3-torchvision puts its sources (override with LAYER_LENS_TORCHVISION). */
export function torchvisionDir(): string {
  const dir = process.env.LAYER_LENS_TORCHVISION ?? '/usr/lib/python3/dist-packages/torchvision';
  if (!existsSync(path.join(dir, 'models', 'resnet.py'))) {
    throw new Error(`torchvision sources not found in ${dir}: apt-get install python3-torchvision (.ci/run does)`);
  }
  return dir;
}

/** A small deterministic generator (mulberry32), so that fuzz failures replay. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** SHA-256, as the CLI and the editor's worker give it to the caches (src/cli/cacheFolder.ts). */
export { sha256 } from '../../src/cli/cacheFolder';
