/**
 * The extension host's side of the engine's worker thread (issue 18). Questions go out as plain data and come
 * back as promises; nothing here evaluates. The worker runs under a memory cap, and a watchdog gives each piece
 * of work (the file's top level, one model) a time cap: past either, the worker is terminated and started again,
 * the questions about that version of that file get "stopped" with the construct it was on, and the questions
 * about other files are asked again of the new worker. The next version of the stopped file is tried afresh.
 *
 * No vscode import: the unit tests drive it with the real worker in plain Node.
 */
import { Worker } from 'node:worker_threads';
import type { AnalysisOptions, Construct, EngineAnswers, EngineDocument, EngineQuery, FromEngine, PythonEnvironment, TextEdit, ToEngine } from '../core';

/** A document as the client asks about it; `text` and `unsaved` are read only when the worker lacks the version. */
export interface EngineSource {
  key: string;
  version: string;
  file: string;
  roots: string[];
  /** The Python environments its installed packages are read from (./environments.ts). */
  environments?: PythonEnvironment[];
  text(): string;
  /**
   * The edits from an earlier version to this one, and the length of the text they give, if they are known:
   * the worker then gets a keystroke instead of the whole text (400 KB on 10k lines).
   */
  editsSince?(version: string): { changes: TextEdit[]; length: number } | undefined;
  unsaved?(): [string, string][];
}

/** Why a version got no answer: the worker was stopped while it worked on it. */
export interface Stopped {
  key: string;
  version: string;
  file: string;
  /** Where it was (the document's top level when the worker had not said). */
  construct: Construct;
  reason: 'time' | 'memory' | 'crash';
  /** The cap it ran past (seconds for time, MB for memory), or the crash's message. */
  detail: string;
}

export type Outcome<T> = { value: T } | { stale: true } | { stopped: Stopped } | { failed: string };

export interface EngineLimits {
  /** The longest one piece of work may run (ms) before the worker is stopped. */
  timeMs: number;
  /** The worker's heap (MB). */
  memoryMb: number;
}

/** What a running worker is: a Worker, or anything that answers the same messages (the bench's in-process engine). */
export interface EngineTransport {
  post(m: ToEngine): void;
  terminate(): void;
}

export type TransportFactory = (limits: EngineLimits, events: { message(m: FromEngine): void; died(reason: 'memory' | 'crash', detail: string): void }) => EngineTransport;

/** The bundled worker (dist/engine.js), capped by resourceLimits; `cacheDir` keeps library files' trees between sessions. */
export function workerTransport(script: string, cacheDir?: string): TransportFactory {
  return (limits, events) => {
    const w = new Worker(script, { workerData: { cacheDir }, resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, limits.memoryMb / 8)) } });
    let ended = false;
    w.on('message', (m: FromEngine) => events.message(m));
    w.on('error', (e: Error & { code?: string }) => {
      if (ended) return;
      ended = true;
      events.died(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', String(e.message));
    });
    w.on('exit', (code) => {
      if (ended) return;
      ended = true;
      events.died('crash', `the engine's thread exited with code ${code}`);
    });
    return {
      post: (m) => w.postMessage(m),
      terminate: () => {
        ended = true;
        void w.terminate();
      },
    };
  };
}

/**
 * The engine on the extension host's own thread, loaded from the worker's bundle: what the bench compares the
 * worker with (LAYER_LENS_ENGINE=in-process). No caps: nothing can stop it.
 */
export function inProcessTransport(script: string): TransportFactory {
  return (_limits, events) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundle = require(script) as { inProcess(receive: (m: FromEngine) => void): { post(m: ToEngine): void } };
    const engine = bundle.inProcess((m) => events.message(m));
    return { post: (m) => engine.post(m), terminate: () => undefined };
  };
}

interface Pending {
  src: EngineSource;
  query: EngineQuery;
  settings: AnalysisOptions;
  resolve(o: Outcome<unknown>): void;
}

export class EngineClient {
  private transport?: EngineTransport;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The version of each document the running worker holds the text of. */
  private readonly held = new Map<string, string>();
  /**
   * The construct the worker said it started and has not finished answering around (what a stop names), the last
   * one it named at all (what "busy" shows between two steps of a long analysis), and when it was last heard from.
   */
  private working?: Construct;
  private lastNamed?: Construct;
  private heard = 0;
  /** When the worker last went from idle to busy. */
  private since = 0;
  private watchdog?: ReturnType<typeof setInterval>;
  /** Versions the worker was stopped on, by document: asked again, they answer "stopped" at once. */
  private readonly stopped = new Map<string, Stopped>();
  /** How many times a worker was stopped and replaced. */
  restarts = 0;
  /** Versions sent as whole texts and as edits, and questions asked by kind (for tests). */
  readonly sent = { texts: 0, edits: 0 };
  readonly asked: Partial<Record<EngineQuery['op'], number>> = {};

  constructor(
    private readonly start: TransportFactory,
    private limits: () => EngineLimits,
    private readonly onStopped: (s: Stopped) => void,
  ) {}

  /** Ask the engine about a version of a document. */
  ask<Q extends EngineQuery>(src: EngineSource, query: Q, settings: AnalysisOptions): Promise<Outcome<EngineAnswers[Q['op']]>> {
    this.asked[query.op] = (this.asked[query.op] ?? 0) + 1;
    const s = this.stopped.get(src.key);
    if (s && s.version === src.version) return Promise.resolve({ stopped: s });
    return new Promise((resolve) => {
      const id = this.nextId++;
      if (this.pending.size === 0) this.heard = this.since = Date.now();
      this.pending.set(id, { src, query, settings, resolve: resolve as (o: Outcome<unknown>) => void });
      this.send(id);
    });
  }

  /** What the worker is on now (undefined when idle). */
  get busy(): Construct | undefined {
    return this.pending.size ? this.working ?? this.lastNamed : undefined;
  }

  /** Since when (ms) the worker has had questions without a break; undefined when idle. */
  get busySince(): number | undefined {
    return this.pending.size ? this.since : undefined;
  }

  /** The stop recorded for a document's version, if the worker was stopped on it. */
  stoppedOn(key: string, version: string): Stopped | undefined {
    const s = this.stopped.get(key);
    return s?.version === version ? s : undefined;
  }

  close(key: string): void {
    this.stopped.delete(key);
    if (this.held.delete(key)) this.transport?.post({ type: 'close', key });
  }

  /** New limits take effect with a new worker (its heap cap is fixed when it starts). */
  restart(): void {
    this.stop();
    for (const id of this.pending.keys()) this.send(id);
  }

  dispose(): void {
    this.stop();
    for (const p of this.pending.values()) p.resolve({ stale: true });
    this.pending.clear();
  }

  private send(id: number): void {
    const p = this.pending.get(id)!;
    const t = this.running();
    const held = this.held.get(p.src.key);
    const doc: EngineDocument = { key: p.src.key, version: p.src.version, file: p.src.file, roots: p.src.roots, ...(p.src.environments ? { environments: p.src.environments } : {}) };
    if (held !== p.src.version) {
      // The edits since the version the worker holds, else the text. A worker that holds another version
      // answers `stale` (see received), and the text goes next.
      const edits = held === undefined ? undefined : p.src.editsSince?.(held);
      if (edits) {
        doc.edits = { since: held!, ...edits };
        this.sent.edits++;
      } else {
        doc.text = p.src.text();
        this.sent.texts++;
      }
      doc.unsaved = p.src.unsaved?.();
      this.held.set(p.src.key, p.src.version);
    }
    t.post({ type: 'ask', id, doc, query: p.query, settings: p.settings });
  }

  private running(): EngineTransport {
    if (!this.transport) {
      this.transport = this.start(this.limits(), {
        message: (m) => this.received(m),
        died: (reason, detail) => this.died(reason, detail),
      });
      this.watchdog = setInterval(() => this.watch(), 100);
    }
    return this.transport;
  }

  private received(m: FromEngine): void {
    this.heard = Date.now();
    if (m.type === 'working') {
      this.working = m.on;
      this.lastNamed = m.on;
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'stale' && this.held.get(p.src.key) === p.src.version) {
      // The worker lacks the text of a version it was sent: send it again (stale proper is a newer version held).
      this.held.delete(p.src.key);
      return this.send(m.id);
    }
    this.pending.delete(m.id);
    // Between two pieces of work: what it starts next, it names.
    this.working = undefined;
    if (this.pending.size === 0) this.lastNamed = undefined;
    p.resolve(m.type === 'answer' ? { value: m.value } : m.type === 'stale' ? { stale: true } : { failed: m.message });
  }

  /** Past the time cap with no word from the worker: it is stuck on the construct it last named. */
  private watch(): void {
    if (this.pending.size && Date.now() - this.heard > this.limits().timeMs) {
      this.died('time', String(Math.round(this.limits().timeMs / 100) / 10));
    }
  }

  private died(reason: Stopped['reason'], detail: string): void {
    const oldest = [...this.pending.values()][0];
    const on = this.working ?? (oldest && { key: oldest.src.key, version: oldest.src.version, file: oldest.src.file, line: 1, name: 'the file' });
    this.stop();
    this.restarts++;
    if (on) {
      const s: Stopped = { key: on.key, version: on.version, file: on.file, construct: on, reason, detail };
      this.stopped.set(on.key, s);
      for (const [id, p] of this.pending) {
        if (p.src.key === on.key && p.src.version === on.version) {
          this.pending.delete(id);
          p.resolve({ stopped: s });
        }
      }
      this.onStopped(s);
    }
    // The others are asked again of a new worker (which has no text yet: each is sent again).
    if (this.pending.size) this.heard = Date.now();
    for (const id of this.pending.keys()) this.send(id);
  }

  private stop(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    this.transport?.terminate();
    this.transport = undefined;
    this.held.clear();
    this.working = undefined;
    this.lastNamed = undefined;
  }
}
