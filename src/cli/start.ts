/**
 * What `layer-lens` runs first (bin/layer-lens.js): the run cache's lookup, in a bundle of a few kilobytes, so that
 * a command whose output is stored prints it without compiling the engine (./runCache.ts). A command that
 * evaluates code (analyze, check, diff) then runs the CLI's bundle in a worker thread, bounded as the editor's
 * engine is (issue 29): its heap capped (--memory-limit, 768 MB), and a watchdog that stops it when no model or
 * file has started for --time-limit seconds (20). Past either, one line names the file and what it was on, and
 * the command exits 1: never an out-of-memory crash, a hang, or a stack trace. Anything else runs here.
 */
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { FileAnswers, type FileAnswer } from '../core';
import { loadBundle } from './codeCache';
import { cacheFolder, cacheIo, cacheKey, configuredFolder, sha256 } from './cacheFolder';
import { processOutput } from './output';
import { projectFolders } from './project';
import { runCache, type RunCacheLookup } from './runCache';
import { limitsOf, type Limits } from './limits';

/** The CLI's bundle beside this one (esbuild.mjs); unset when running from tsc's output, where main.ts is beside it. */
declare const LAYER_LENS_CLI_BUNDLE: string | undefined;

type Cli = typeof import('./main');

/** Commands that evaluate the code they are given, and run bounded in a worker. */
const EVALUATING = new Set(['analyze', 'check', 'diff']);

/** What the worker tells the thread that started it. */
type FromWorker =
  | { type: 'working'; on: string }
  | { type: 'finish'; out: string[]; err: string[]; code: number; timed: boolean; answers: FileAnswer[] };

interface WorkerJob {
  argv: string[];
  bundle: string;
  cacheRoot?: string;
  noting: boolean;
}

export function start(argv: string[]): number | Promise<number> {
  const bundle = typeof LAYER_LENS_CLI_BUNDLE === 'string' ? LAYER_LENS_CLI_BUNDLE : './main';
  const cliFile = path.join(__dirname, typeof LAYER_LENS_CLI_BUNDLE === 'string' ? LAYER_LENS_CLI_BUNDLE : 'main.js');
  const { out, err, stats } = processOutput();
  const noCache = argv.includes('--no-cache');
  const folder = noCache || argv[0] === '__parse-cache' ? undefined : cacheFolder(projectFolders(argv));
  if (folder && 'refused' in folder && EVALUATING.has(argv[0])) err(`layer-lens: not using the cache folder ${configuredFolder()}: ${folder.refused}; running without a cache`);
  const io = folder && 'dir' in folder ? cacheIo() : undefined;
  const cache = folder && 'dir' in folder && io ? { dir: folder.dir, io } : undefined;
  const runs = runCache(argv, cliFile, cache);
  if (runs?.hit) {
    runs.hit.out.forEach(out);
    runs.hit.err.forEach(err);
    stats('run cache: printed from an earlier run');
    return runs.hit.code;
  }
  if (typeof LAYER_LENS_CLI_BUNDLE !== 'string') return (require(bundle) as Cli).main(argv, runs);
  const bundleFile = path.join(__dirname, bundle);
  if (EVALUATING.has(argv[0])) return inWorker({ argv, bundle: bundleFile, cacheRoot: cache?.dir, noting: !!runs }, runs, limitsOf(argv));
  return runHere(argv, bundleFile, cache?.dir, runs);
}

/** The CLI's bundle on this thread, compiled with the code cache of earlier runs (./codeCache.ts). */
function runHere(argv: string[], bundle: string, cacheRoot: string | undefined, runs: RunCacheLookup | undefined): number {
  const cli = loadBundle<Cli>(bundle, cacheRoot, cacheRoot ? cacheKey() : undefined);
  const code = cli.exports.main(argv, runs);
  // Written from a second run on: serialising the code takes about 10 ms, which a first run (no tree of the
  // library read back either) does not spend for a run that may never come.
  processOutput().stats(`code cache: ${cli.finish(cli.exports.parseCacheWarm())}`);
  return code;
}

/** The command in a worker under the limits; its output comes through, the run cache is stored from here. */
function inWorker(job: WorkerJob, runs: RunCacheLookup | undefined, limits: Limits): Promise<number> {
  const { err, stats } = processOutput();
  const what = job.argv[0] === 'analyze' ? job.argv.slice(1).find((a) => !a.startsWith('--')) ?? 'the file' : `layer-lens ${job.argv[0]}`;
  return new Promise((resolve) => {
    const worker = new Worker(__filename, {
      workerData: { layerLensCli: job },
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, limits.memoryMb / 8)), stackSizeMb: 8 },
    });
    let on = 'its top level';
    let stopped: string | undefined;
    let finished: Extract<FromWorker, { type: 'finish' }> | undefined;
    let heard = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - heard <= limits.timeMs) return;
      stopped = `${on} ran for more than ${limits.timeMs / 1000} s (--time-limit)`;
      void worker.terminate();
    }, 200);
    worker.on('message', (m: FromWorker) => {
      heard = Date.now();
      if (m.type === 'working') on = m.on;
      else finished = m;
    });
    worker.on('error', (e: Error & { code?: string }) => {
      stopped ??= e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `${on} needed more than ${limits.memoryMb} MB (--memory-limit)`
        : `Layer Lens failed on ${on} (a bug: please report it): ${e.name}: ${e.message}`;
    });
    worker.on('exit', (code) => {
      clearInterval(watchdog);
      if (stopped || !finished) {
        err(`layer-lens: stopped analysing ${what}: ${stopped ?? `the engine's thread exited with code ${code}`}`);
        resolve(1);
        return;
      }
      if (runs) stats(`run cache: ${runs.finish(finished.out, finished.err, finished.code, finished.timed, finished.answers) ? 'stored' : 'not stored'}`);
      resolve(finished.code);
    });
  });
}

/** In the worker: the command, with what it reads noted for the run cache and its progress told to the watchdog. */
function workerMain(job: WorkerJob): void {
  const port = parentPort!;
  const answers = job.noting ? new FileAnswers(sha256) : undefined;
  const runs: RunCacheLookup | undefined = answers && {
    answers,
    // Stored by the thread that started this one, which outlives it; `undefined`: not decided here.
    finish: (o, e, code, timed) => (port.postMessage({ type: 'finish', out: o, err: e, code, timed, answers: answers.list() } satisfies FromWorker), undefined as unknown as boolean),
  };
  const cli = loadBundle<Cli>(job.bundle, job.cacheRoot, job.cacheRoot ? cacheKey() : undefined);
  cli.exports.progress.on = (name) => port.postMessage({ type: 'working', on: name } satisfies FromWorker);
  const code = cli.exports.main(job.argv, runs);
  processOutput().stats(`code cache: ${cli.finish(cli.exports.parseCacheWarm())}`);
  // With no run cache, the command's end is said here.
  if (!runs) port.postMessage({ type: 'finish', out: [], err: [], code, timed: false, answers: [] } satisfies FromWorker);
}

if (!isMainThread && (workerData as { layerLensCli?: WorkerJob } | undefined)?.layerLensCli) workerMain((workerData as { layerLensCli: WorkerJob }).layerLensCli);
