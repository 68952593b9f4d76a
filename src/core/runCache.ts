/**
 * A whole command run, stored (issue 20): what it printed, and every answer the file system gave it while it ran
 * (each file read, with its text's key; each path looked for, and whether a file was there). The figures are a
 * function of those answers and the command's arguments, so a later run with the same arguments, from the same
 * folder, may print the stored output as long as every answer is still the same: a changed file, or a new one
 * where an import looked before, is a miss. A run that a time budget stopped is never stored, since how far it got
 * depended on how busy the machine was.
 */
import type { FileSystem } from './eval/host';
import type { ContentHash } from './python/moduleCache';

/** Bump when a run's output can change for the same files (any release: the surface puts its version in the key). */
export const RUN_CACHE_VERSION = 'layer-lens-run-2';

/**
 * One answer of the file system: a read (the text's key, or null: no readable file) or a look (a file there or
 * not). A read may carry the file's stamp (its identity, size and times, from the surface's `stampOf`): while the
 * stamp is the same, the file is not read again to check it.
 */
export type FileAnswer = { path: string; read: string | null; stamp?: string } | { path: string; exists: boolean };

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
  private readonly reads = new Map<string, { read: string | null; stamp?: string }>();
  private readonly looks = new Map<string, boolean>();

  /** `hash`: the surface's cryptographic hash (SHA-256), each file's text recorded by it. */
  constructor(private readonly hash: ContentHash) {}

  /** `stamp`: the file's stamp taken before it was read (a change after it then shows as another stamp). */
  read(path: string, text: string | undefined, stamp?: string): void {
    if (!this.reads.has(path)) this.reads.set(path, { read: text === undefined ? null : this.hash(text), ...(stamp !== undefined ? { stamp } : {}) });
  }

  exists(path: string, there: boolean): void {
    if (!this.looks.has(path)) this.looks.set(path, there);
  }

  list(): FileAnswer[] {
    return [...[...this.reads].map(([path, r]) => ({ path, ...r })), ...[...this.looks].map(([path, exists]) => ({ path, exists }))];
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

/**
 * Whether the file system gives every answer the run was given (the first that differs ends the check). A file
 * whose stamp is as it was is taken as read: reading and hashing 343 KB of torchvision was a third of a cached
 * run's own time. Any other file is read, and holds when its text is the same.
 */
export function stillHolds(run: StoredRun, fs: Pick<FileSystem, 'read' | 'exists'>, hash: ContentHash, stampOf?: (path: string) => string | undefined): boolean {
  for (const a of run.answers) {
    if (!a || typeof a.path !== 'string') return false;
    if ('read' in a) {
      if (typeof a.stamp === 'string' && stampOf?.(a.path) === a.stamp) continue;
      const text = fs.read(a.path);
      if ((text === undefined ? null : hash(text)) !== a.read) return false;
    } else {
      const there = fs.exists ? fs.exists(a.path) : fs.read(a.path) !== undefined;
      if (there !== a.exists) return false;
    }
  }
  return true;
}
