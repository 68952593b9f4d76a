/**
 * A whole command run, stored (issue 20): what it printed, and every answer the file system gave it while it ran
 * (each file read, with its text's key; each path looked for, and whether a file was there). The figures are a
 * function of those answers and the command's arguments, so a later run with the same arguments, from the same
 * folder, may print the stored output as long as every answer is still the same: a changed file, or a new one
 * where an import looked before, is a miss. A run that a time budget stopped is never stored, since how far it got
 * depended on how busy the machine was.
 */
import type { FileSystem } from './eval/host';
import { textKey } from './python/moduleCache';

/** Bump when a run's output can change for the same files (any release: the surface puts its version in the key). */
export const RUN_CACHE_VERSION = 'layer-lens-run-1';

/** One answer of the file system: a read (the text's key, or null: no readable file) or a look (a file there or not). */
export type FileAnswer = { path: string; read: string | null } | { path: string; exists: boolean };

/** What a run printed, and what it read to print it. */
export interface StoredRun {
  version: string;
  key: string;
  answers: FileAnswer[];
  out: string[];
  err: string[];
  code: number;
}

/** The answers a run was given, the first for each question (a file is taken not to change within one run). */
export class FileAnswers {
  private readonly reads = new Map<string, string | null>();
  private readonly looks = new Map<string, boolean>();

  read(path: string, text: string | undefined): void {
    if (!this.reads.has(path)) this.reads.set(path, text === undefined ? null : textKey(text));
  }

  exists(path: string, there: boolean): void {
    if (!this.looks.has(path)) this.looks.set(path, there);
  }

  list(): FileAnswer[] {
    return [...[...this.reads].map(([path, read]) => ({ path, read })), ...[...this.looks].map(([path, exists]) => ({ path, exists }))];
  }
}

export function serializeRun(run: StoredRun): string {
  return JSON.stringify(run);
}

/** The stored run for this key, if the entry is one, whole. */
export function readRun(entry: string, key: string): StoredRun | undefined {
  try {
    const run = JSON.parse(entry) as StoredRun;
    const lines = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');
    if (run?.version !== RUN_CACHE_VERSION || run.key !== key || !Array.isArray(run.answers) || !lines(run.out) || !lines(run.err) || typeof run.code !== 'number') return undefined;
    return run;
  } catch {
    return undefined;
  }
}

/** Whether the file system gives every answer the run was given (the first that differs ends the check). */
export function stillHolds(run: StoredRun, fs: Pick<FileSystem, 'read' | 'exists'>): boolean {
  for (const a of run.answers) {
    if (!a || typeof a.path !== 'string') return false;
    if ('read' in a) {
      const text = fs.read(a.path);
      if ((text === undefined ? null : textKey(text)) !== a.read) return false;
    } else {
      const there = fs.exists ? fs.exists(a.path) : fs.read(a.path) !== undefined;
      if (there !== a.exists) return false;
    }
  }
  return true;
}
