/**
 * The CLI's run cache (issue 20): `analyze` prints what it printed before when its arguments, its working folder,
 * the CLI itself and every file the run read or looked for are as they were (../core/runCache.ts decides what
 * holds). Entries live in the cache folder's runs/, one per command line; --no-cache neither reads nor writes them.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { FileAnswers, readRun, RUN_CACHE_VERSION, serializeRun, stillHolds, textKey, type StoredRun } from '../core';
import { diskFs, stampOf } from './diskFs';
import { cacheFolder, folderIo } from './parseCache';

/** Command lines remembered: enough for a project's models and their inputs, a few megabytes at most. */
const MAX_RUNS = 500;

export interface RunCacheLookup {
  /** The stored run, when everything it depended on is unchanged. */
  hit?: StoredRun;
  /** On a miss: where the run notes the disk's answers (../cli/diskFs.ts `noted`, in the bundle that runs it). */
  answers?: FileAnswers;
  /** The run is over: store what it printed, unless it failed or a time budget stopped part of it (`timed`). Whether it was stored. */
  finish(out: string[], err: string[], code: number, timed: boolean): boolean;
}

/**
 * The run cache for this command line, or undefined when it does not apply (a command other than analyze,
 * --no-cache, or LAYER_LENS_RUN_CACHE=0, which the bench uses to time an evaluation from warm parse trees).
 * On a miss, the run notes the disk's answers in `answers` until `finish`.
 */
export function runCache(argv: string[], cli: string, dir = path.join(cacheFolder(), 'runs')): RunCacheLookup | undefined {
  if (argv[0] !== 'analyze' || argv.includes('--no-cache') || process.env.LAYER_LENS_RUN_CACHE === '0') return undefined;
  // The CLI's own file (its size and time) stands for its version: a rebuilt engine may count differently.
  let build: string;
  try {
    const s = statSync(cli);
    build = `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
  const key = JSON.stringify({ version: RUN_CACHE_VERSION, build, cwd: process.cwd(), argv });
  const file = path.join(dir, `${textKey(key).replace(':', '-')}.run`);
  const entry = folderIo.read(file);
  const stored = entry === undefined ? undefined : readRun(entry, key);
  if (stored && stillHolds(stored, diskFs, stampOf)) return { hit: stored, finish: () => false };
  const answers = new FileAnswers();
  return {
    answers,
    finish(out, err, code, timed) {
      if (code !== 0 || timed) return false;
      const written = folderIo.write(file, serializeRun({ version: RUN_CACHE_VERSION, key, answers: answers.list(), out, err, code }));
      if (written) folderIo.prune?.(dir, MAX_RUNS, '.run');
      return written;
    },
  };
}
