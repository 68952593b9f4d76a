/**
 * The engine's worker thread (issue 18): analysis and model evaluation run here, off the extension host's
 * thread, under the memory cap the host set (resourceLimits). The host stops and restarts this thread when a
 * piece of work overruns its time cap (src/extension/engineClient.ts). Plain data in and out.
 */
import { parentPort } from 'node:worker_threads';
import { readFileSync, statSync } from 'node:fs';
import { decodeSource, Engine, isFile, nodeFileIo, readBounded, type EngineDisk, type FromEngine, type ToEngine } from '../core';

const io = nodeFileIo(statSync, readFileSync);

/** The disk, stat'ed and bounded: a module linked to /dev/zero is never read (../core/files.ts). */
export const disk: EngineDisk = {
  read(p) {
    const r = readBounded(io, p);
    if (!('bytes' in r)) return undefined;
    const d = decodeSource(r.bytes);
    return 'text' in d ? d.text : undefined;
  },
  exists: (p) => isFile(io, p),
};

/**
 * The same engine on the caller's thread, as the engine ran before issue 18: for the bench's side-by-side
 * comparison only (LAYER_LENS_ENGINE=in-process). Messages cross a turn later, as a worker's would.
 */
export function inProcess(receive: (m: FromEngine) => void): { post(m: ToEngine): void } {
  const engine = new Engine(disk, (m) => setImmediate(() => receive(m)), (run) => setImmediate(run));
  return { post: (m) => setImmediate(() => engine.receive(m)) };
}

if (parentPort) {
  const port = parentPort;
  const engine = new Engine(disk, (m: FromEngine) => port.postMessage(m), (run) => setImmediate(run));
  port.on('message', (m: ToEngine) => engine.receive(m));
}
