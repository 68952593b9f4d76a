/**
 * The CLI's own compiled code, kept between runs (issue 20): its bundle is compiled through vm.Script with V8's
 * code cache from the cache folder's code/, and the cache is written after a run that had none, so that it holds
 * the bytecode of every function that run used. Loading the CLI then skips most of V8's compiling: a warm-parse
 * resnet50 run took 315 ms instead of 349 (medians of 12 alternated pairs of whole processes, with and without
 * the cache). V8 checks the data against the source, its own version and flags: data that does not match, or is
 * torn, is rejected and the bundle compiled as usual.
 */
import * as nodeFs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { folderIo } from './parseCache';

/** Builds of the CLI whose code is kept (a few installs side by side). */
const MAX_BUILDS = 4;
const MAX_BYTES = 64 * 1024 * 1024;

export interface LoadedBundle<T> {
  exports: T;
  /**
   * After the run: write the code cache if there was none (or V8 rejected it) and `write` allows. What happened,
   * for the stats line.
   */
  finish(write: boolean): 'used' | 'written' | 'not written' | 'off';
}

/** Load a CommonJS bundle, with V8's code cache from `dir` (undefined: no cache, as --no-cache asks). */
export function loadBundle<T>(file: string, dir: string | undefined): LoadedBundle<T> {
  const source = nodeFs.readFileSync(file, 'utf8');
  let entry: string | undefined;
  let cached: Buffer | undefined;
  if (dir) {
    try {
      const s = nodeFs.statSync(file);
      // The bundle's size and time and Node's version name the entry: another build or V8 gets its own.
      entry = path.join(dir, `${path.basename(file)}-${s.size}-${Math.round(s.mtimeMs)}-${process.version}-${process.arch}.v8`);
      const c = nodeFs.statSync(entry, { throwIfNoEntry: false });
      if (c?.isFile() && c.size <= MAX_BYTES) cached = nodeFs.readFileSync(entry);
    } catch {
      cached = undefined;
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cached });
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  const module = { exports: {} as T };
  wrapper.call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
  return {
    exports: module.exports,
    finish(write) {
      if (!dir) return 'off';
      if (cached && !script.cachedDataRejected) return 'used';
      if (!entry || !write || !folderIo.write(entry, script.createCachedData())) return 'not written';
      folderIo.prune?.(dir, MAX_BUILDS, '.v8');
      return 'written';
    },
  };
}
