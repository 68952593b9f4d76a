/**
 * The engine's worker thread (issue 18): analysis and model evaluation run here, off the extension host's
 * thread, under the memory cap the host set (resourceLimits). The host stops and restarts this thread when a
 * piece of work overruns its time cap (src/extension/engineClient.ts). Plain data in and out.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import * as nodeFs from 'node:fs';
import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import {
  decodeSource, Engine, folderParseCache, insideAny, isFile, nodeCacheFolderIo, nodeFileIo, nodeFolderProbe, nodeRealPaths, findEnvironments, readBounded,
  type EngineDisk, type FolderParseCache, type FromEngine, type NodeFolderFs, type ToEngine,
} from '../core';

/** SHA-256 of a text: the parse cache's keys (../core/python/moduleCache.ts). */
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const io = nodeFileIo(statSync, readFileSync);

/** Where paths really are, each folder's found once between two messages (links may change while the editor runs). */
const realPaths = nodeRealPaths(nodeFs.lstatSync, nodeFs.realpathSync);

/** The disk, stat'ed and bounded: a module linked to /dev/zero is never read (../core/files.ts). */
export const disk: EngineDisk = {
  read(p) {
    const r = readBounded(io, p);
    if (!('bytes' in r)) return undefined;
    const d = decodeSource(r.bytes);
    return 'text' in d ? d.text : undefined;
  },
  exists: (p) => isFile(io, p),
  // Beside each document's workspace folder, only the Python environments are read (issue 29): those the host
  // sends with each document (its settings, the Python extension's interpreter), else those found from here.
  environments: findEnvironments({ given: [], env: process.env, home: homedir(), workspace: [], probe: nodeFolderProbe(nodeFs.readdirSync, nodeFs.statSync, nodeFs.readFileSync, nodeFs.realpathSync) }),
  real: (p) => realPaths.real(p),
};

/**
 * The same engine on the caller's thread, as the engine ran before issue 18: for the bench's side-by-side
 * comparison only (LAYER_LENS_ENGINE=in-process). Messages cross a turn later, as a worker's would.
 */
export function inProcess(receive: (m: FromEngine) => void): { post(m: ToEngine): void } {
  const engine = new Engine(disk, (m) => setImmediate(() => receive(m)), (run) => setImmediate(run));
  return { post: (m) => setImmediate(() => engine.receive(m)) };
}

/** How long the engine must have been idle before it writes the trees it parsed (a write of MBs takes tens of ms). */
const FLUSH_AFTER_MS = 2000;

if (parentPort) {
  const port = parentPort;
  // Library files' trees in the extension's storage (workerData.cacheDir): files of the workspace change as you work.
  const roots = new Set<string>();
  const dir = typeof workerData?.cacheDir === 'string' ? workerData.cacheDir : undefined;
  const cache: FolderParseCache | undefined = dir
    ? folderParseCache(dir, nodeCacheFolderIo(nodeFs as unknown as NodeFolderFs, () => `${process.pid}.${threadId}.${Math.random().toString(36).slice(2)}`), (p) => !insideAny(p, roots), sha256)
    : undefined;
  let flush: ReturnType<typeof setTimeout> | undefined;
  const engine = new Engine(disk, (m: FromEngine) => {
    port.postMessage(m);
    if (cache?.pending.length && m.type !== 'working') {
      clearTimeout(flush);
      flush = setTimeout(() => cache.flush(), FLUSH_AFTER_MS);
    }
  }, (run) => setImmediate(run), cache);
  port.on('message', (m: ToEngine) => {
    clearTimeout(flush);
    realPaths.forget();
    if (m.type === 'ask') for (const r of m.doc.roots) roots.add(r);
    engine.receive(m);
  });
}
