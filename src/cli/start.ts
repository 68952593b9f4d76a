/**
 * What `layer-lens` runs first (bin/layer-lens.js): the run cache's lookup, in a bundle of a few kilobytes, so that
 * a command whose output is stored prints it without compiling the engine (./runCache.ts). Anything else goes on
 * to the CLI's bundle, loaded with V8's code cache (./codeCache.ts).
 */
import * as path from 'node:path';
import { loadBundle } from './codeCache';
import { processOutput } from './output';
import { cacheFolder } from './parseCache';
import { runCache } from './runCache';

/** The CLI's bundle beside this one (esbuild.mjs); unset when running from tsc's output, where main.ts is beside it. */
declare const LAYER_LENS_CLI_BUNDLE: string | undefined;

export function start(argv: string[]): number {
  const bundle = typeof LAYER_LENS_CLI_BUNDLE === 'string' ? LAYER_LENS_CLI_BUNDLE : './main';
  const runs = runCache(argv, path.join(__dirname, typeof LAYER_LENS_CLI_BUNDLE === 'string' ? LAYER_LENS_CLI_BUNDLE : 'main.js'));
  if (runs?.hit) {
    const { out, err, stats } = processOutput();
    runs.hit.out.forEach(out);
    runs.hit.err.forEach(err);
    stats('run cache: printed from an earlier run');
    return runs.hit.code;
  }
  if (typeof LAYER_LENS_CLI_BUNDLE !== 'string') return (require(bundle) as typeof import('./main')).main(argv, runs);
  // The built CLI, compiled with the code cache of earlier runs (./codeCache.ts); --no-cache uses none.
  const cli = loadBundle<typeof import('./main')>(path.join(__dirname, bundle), argv.includes('--no-cache') ? undefined : path.join(cacheFolder(), 'code'));
  const code = cli.exports.main(argv, runs);
  // Written from a second run on: serialising the code takes about 10 ms, which a first run (no tree of the
  // library read back either) does not spend for a run that may never come.
  const what = cli.finish(cli.exports.parseCacheWarm());
  processOutput().stats(`code cache: ${what}`);
  return code;
}
