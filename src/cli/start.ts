/**
 * What `layer-lens` runs first (bin/layer-lens.js): the run cache's lookup, in a bundle of a few kilobytes, so that
 * a command whose output is stored prints it without compiling the engine (./runCache.ts). Anything else goes on
 * to the CLI's bundle.
 */
import * as path from 'node:path';
import { processOutput } from './output';
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
  return (require(bundle) as typeof import('./main')).main(argv, runs);
}
