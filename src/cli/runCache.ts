/**
 * The CLI's run cache (issue 20): `analyze` prints what it printed before when its arguments, its working folder,
 * the CLI itself and every file the run read or looked for are as they were (../core/runCache.ts decides what
 * holds). Entries live in the cache folder's runs/, one per command line, signed (./cacheFolder.ts); --no-cache
 * neither reads nor writes them.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { FileAnswers, readRun, RUN_CACHE_VERSION, serializeRun, stillHolds, type CacheFolderIo, type FileAnswer, type StoredRun } from '../core';
import { sha256, subFolder } from './cacheFolder';
import { diskFs, stampOf } from './diskFs';

/** Command lines remembered: enough for a project's models and their inputs, a few megabytes at most. */
const MAX_RUNS = 500;
/** A run that read or looked for more than this is not stored: checking it would cost what running it does. */
const MAX_ANSWERS = 5_000;
const MAX_ENTRY_CHARS = 4 * 1024 * 1024;

export interface RunCacheLookup {
  /** The stored run, when everything it depended on is unchanged. */
  hit?: StoredRun;
  /** On a miss: where the run notes the disk's answers (../cli/diskFs.ts `noted`, in the bundle that runs it). */
  answers?: FileAnswers;
  /**
   * The run is over: store what it printed, unless it failed, a time budget stopped part of it (`timed`), or it
   * depended on too much. `answers`: the disk's answers, when the run noted them elsewhere (a worker). Whether it
   * was stored.
   */
  finish(out: string[], err: string[], code: number, timed: boolean, answers?: FileAnswer[]): boolean;
}

/**
 * The run cache for this command line, or undefined when it does not apply (a command other than analyze,
 * --no-cache, LAYER_LENS_RUN_CACHE=0 (the bench's warm-parse timing), or no private cache folder and key).
 * On a miss, the run notes the disk's answers in `answers` until `finish`.
 */
export function runCache(argv: string[], cli: string, cache: { dir: string; io: CacheFolderIo } | undefined): RunCacheLookup | undefined {
  if (argv[0] !== 'analyze' || argv.includes('--no-cache') || process.env.LAYER_LENS_RUN_CACHE === '0' || !cache) return undefined;
  const dir = subFolder(cache.dir, 'runs');
  if (!dir) return undefined;
  // The CLI's own file (its size and time) stands for its version: a rebuilt engine may count differently.
  let build: string;
  try {
    const s = statSync(cli);
    build = `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
  const key = JSON.stringify({ version: RUN_CACHE_VERSION, build, cwd: process.cwd(), argv });
  const file = path.join(dir, `${sha256(key).slice(0, 40)}.run`);
  const entry = cache.io.read(file);
  const stored = entry === undefined ? undefined : readRun(entry, key);
  // A run of `analyze FILE` read FILE: an entry that says otherwise did not come from one.
  const analysed = argv.slice(1).find((a) => !a.startsWith('--'));
  const readIt = !!analysed && !!stored?.answers.some((a) => 'read' in a && (a.path === analysed || a.path === path.resolve(analysed)));
  if (stored && readIt && stillHolds(stored, diskFs, sha256, stampOf)) return { hit: stored, finish: () => false };
  const answers = new FileAnswers(sha256);
  return {
    answers,
    finish(out, err, code, timed, given) {
      const list = given ?? answers.list();
      if (code !== 0 || timed || list.length > MAX_ANSWERS) return false;
      const data = serializeRun({ version: RUN_CACHE_VERSION, key, answers: list, out, err, code });
      if (data.length > MAX_ENTRY_CHARS) return false;
      const written = cache.io.write(file, data);
      if (written) cache.io.prune?.(dir, MAX_RUNS, '.run', /^[0-9a-f]{40}\.run$/);
      return written;
    },
  };
}
