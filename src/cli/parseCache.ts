/**
 * The CLI's parse cache (issue 20): trees of library files in the cache folder (./cacheFolder.ts), read back on the
 * next run. A run that parsed files does not write them itself: it starts a detached `layer-lens __parse-cache`
 * that does, so that a first run takes no longer than without a cache.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { folderParseCache, insideAny, parsePythonModule, preludeSource, type CacheFolderIo, type FolderParseCache } from '../core';
import { cacheIo, privateFolder, sha256 } from './cacheFolder';
import { readArgument } from './diskFs';

/** Files outside the folders the code is run from (installed packages, other projects): those do not change under you. */
export function cliParseCache(roots: readonly string[], dir: string, io: CacheFolderIo): FolderParseCache {
  return folderParseCache(dir, io, (p) => !insideAny(p, roots), sha256);
}

/** Start the detached writer for what this run parsed; the run itself goes on and ends. */
export function writeInBackground(cache: FolderParseCache, cli: string, dir: string): void {
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

/** `layer-lens __parse-cache DIR FILE…` (the detached writer): parse each file and store its tree, signed. */
export function parseCacheCommand(argv: string[]): number {
  const [dir, ...files] = argv;
  const io = cacheIo();
  if (!dir || !io) return 2;
  // The folder its run checked: made if it went, and checked again, as anything could have changed since.
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return 2;
  }
  if (privateFolder(dir)) return 2;
  const cache = folderParseCache(dir, io, () => true, sha256);
  for (const f of files) {
    // torch's preludes are in the bundle, under names no file has: their text is the bundle's, never a file's.
    const prelude = preludeSource(f);
    const r = prelude !== undefined ? { text: prelude } : readArgument(f, 'Python source');
    if ('text' in r) cache.parsed(f, r.text, parsePythonModule(r.text));
  }
  cache.flush();
  return 0;
}
