/**
 * The CLI's parse cache (issue 20): trees of library files in ~/.cache/layer-lens (or $XDG_CACHE_HOME, or
 * $LAYER_LENS_CACHE_DIR), read back on the next run. A run that parsed files does not write them itself: it starts
 * a detached `layer-lens __parse-cache` that does, so that a first run takes no longer than without a cache.
 */
import { spawn } from 'node:child_process';
import * as nodeFs from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { folderParseCache, insideAny, nodeCacheFolderIo, parsePythonModule, type CacheFolderIo, type FolderParseCache } from '../core';
import { readArgument } from './diskFs';

export function cacheFolder(): string {
  const env = process.env;
  if (env.LAYER_LENS_CACHE_DIR) return env.LAYER_LENS_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'layer-lens', 'parse');
}

/** Reads and whole-file writes (../core/parseCacheFolder.ts). */
export const folderIo: CacheFolderIo = nodeCacheFolderIo(nodeFs, () => `${process.pid}.${Math.random().toString(36).slice(2)}`);

/** Files outside the folders the code is run from (installed packages, other projects): those do not change under you. */
export function cliParseCache(roots: readonly string[], dir = cacheFolder()): FolderParseCache {
  return folderParseCache(dir, folderIo, (p) => !insideAny(p, roots));
}

/** Start the detached writer for what this run parsed; the run itself goes on and ends. */
export function writeInBackground(cache: FolderParseCache, cli: string, dir = cacheFolder()): void {
  const files = [...new Set(cache.pending.map((p) => p.path))];
  if (!files.length) return;
  try {
    const child = spawn(process.execPath, [cli, '__parse-cache', dir, ...files], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No writer: the next run parses again.
  }
}

/** `layer-lens __parse-cache DIR FILE…` (the detached writer): parse each file and store its tree. */
export function parseCacheCommand(argv: string[]): number {
  const [dir, ...files] = argv;
  if (!dir) return 2;
  const cache = folderParseCache(dir, folderIo, () => true);
  for (const f of files) {
    const r = readArgument(f, 'Python source');
    if ('text' in r) cache.parsed(f, r.text, parsePythonModule(r.text));
  }
  cache.flush();
  return 0;
}
