/**
 * The CLI's own compiled code, kept between runs (issue 20): its bundle is compiled through vm.Script with V8's
 * code cache from the cache folder's code/, and the cache is written after a run that had none, so that it holds
 * the bytecode of every function that run used. Loading the CLI then skips most of V8's compiling: a warm-parse
 * resnet50 run took 315 ms instead of 349 (medians of 12 alternated pairs of whole processes, with and without
 * the cache).
 *
 * V8 checks cached data only against the length of the source it is given (issue 29): bytecode compiled from
 * another source of the same length would be accepted, and run. So an entry is named by the SHA-256 of the exact
 * source it was compiled from, carries that hash and a signature by the user's cache key (./cacheFolder.ts), and
 * is handed to V8 only when both check: nobody without the key can make the CLI run code of theirs.
 */
import * as nodeFs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { plainIo, sha256, sign, subFolder, verifies } from './cacheFolder';

/** Builds of the CLI whose code is kept (a few installs side by side). */
const MAX_BUILDS = 4;
const MAX_BYTES = 64 * 1024 * 1024;
const TAG = 'layer-lens-v8-1';

export interface LoadedBundle<T> {
  exports: T;
  /**
   * After the run: write the code cache if there was none (or V8 rejected it) and `write` allows. What happened,
   * for the stats line.
   */
  finish(write: boolean): 'used' | 'written' | 'not written' | 'off';
}

/** Load a CommonJS bundle, with V8's code cache from `root`/code (undefined: no cache, as --no-cache asks). */
export function loadBundle<T>(file: string, root: string | undefined, key: Buffer | undefined): LoadedBundle<T> {
  const source = nodeFs.readFileSync(file, 'utf8');
  const dir = root && key ? subFolder(root, 'code') : undefined;
  const hash = sha256(source);
  // The source's hash and Node's version name the entry: another build or V8 gets its own.
  const name = `${path.basename(file)}-${hash.slice(0, 40)}-${process.version}-${process.arch}.v8`;
  const entry = dir && path.join(dir, name);
  const cached = entry && key ? readEntry(entry, name, hash, key) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cached });
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  const module = { exports: {} as T };
  wrapper.call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
  return {
    exports: module.exports,
    finish(write) {
      if (!dir || !entry || !key) return 'off';
      if (cached && !script.cachedDataRejected) return 'used';
      if (!write) return 'not written';
      const data = script.createCachedData();
      const head = Buffer.from(`${TAG} ${hash} ${sign(key, name, Buffer.concat([Buffer.from(hash), data]))}\n`);
      if (!plainIo.write(entry, Buffer.concat([head, data]))) return 'not written';
      plainIo.prune?.(dir, MAX_BUILDS, '.v8', /^[\w.-]+-[0-9a-f]{40}-v[\d.]+-\w+\.v8$/);
      return 'written';
    },
  };
}

/** An entry's code, when it was compiled from this very source and signed by this key; else undefined. */
function readEntry(entry: string, name: string, hash: string, key: Buffer): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = nodeFs.openSync(entry, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NOFOLLOW);
    const s = nodeFs.fstatSync(fd);
    if (!s.isFile() || s.size > MAX_BYTES) return undefined;
    const bytes = nodeFs.readFileSync(fd);
    const cut = bytes.indexOf(0x0a);
    if (cut < 0) return undefined;
    const [tag, source, signature] = bytes.subarray(0, cut).toString('utf8').split(' ');
    const data = bytes.subarray(cut + 1);
    if (tag !== TAG || source !== hash || !signature) return undefined;
    return verifies(key, name, Buffer.concat([Buffer.from(hash), data]), signature) ? data : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) nodeFs.closeSync(fd);
  }
}
