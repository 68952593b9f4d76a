/**
 * The engine behind the editor, as a message handler: it holds each open document's analysis (one
 * DocumentAnalysis per document, so edits reuse what they did not touch) and answers the host's questions
 * (./protocol/engine.ts). src/engine/worker.ts runs it in a worker thread; the host never evaluates anything.
 *
 * Everything the engine needs from outside is given: the disk, where answers go, and how to wait a turn. A
 * complete analysis runs one model per turn, so that a hover's question asked meanwhile is answered in between.
 */
import { DocumentAnalysis, type DocumentVersion, type KnownSpan } from './context/documentAnalysis';
import { analyzeFile, type AnalysisOptions } from './context/fileAnalysis';
import { describeError, type FileSystem } from './eval/session';
import { withText } from './files';
import { insideAny } from './parseCacheFolder';
import type { PythonEnvironment } from './environments';
import type { EngineAnswers, EngineDocument, EngineQuery, FromEngine, ToEngine } from './protocol/engine';
import type { ParseCache } from './python/moduleCache';
import { applyEdits } from './python/textEdits';
import { modelSummary, type FileAnalysis, type ModelSummary } from './results';

/** The disk as the engine reads it: bounded reads, and a stat for existence (./files.ts). */
export interface EngineDisk {
  read(path: string): string | undefined;
  exists(path: string): boolean;
  /**
   * Where reads may go besides each document's workspace folder (issue 29): the Python environments found. With
   * `real` (where a path's links lead), a link out of them is not followed. Without either, anywhere.
   */
  readonly environments?: readonly PythonEnvironment[];
  real?(path: string): string | undefined;
}

interface Open {
  file: string;
  version: string;
  text: string;
  /** What the edits that made `text` left untouched (when they came as edits): the analysis starts from them. */
  known?: KnownSpan;
  /** The settings it is analysed with, and their JSON (what tells new settings). */
  settings: AnalysisOptions;
  settingsKey: string;
  /** Other open documents' unsaved text by path, as of this version. */
  unsaved: Map<string, string>;
  fs: FileSystem;
  analysis: DocumentAnalysis;
  /** The complete analysis under way, with the questions waiting for it. */
  running?: { version: string; waiting: Waiting[] };
}

/** A question waiting for the complete analysis: its result, undefined when the version was replaced, or an error. */
type Waiting = (r: FileAnalysis | undefined, error?: string) => void;

export class Engine {
  private readonly open = new Map<string, Open>();

  constructor(
    private readonly disk: EngineDisk,
    private readonly post: (m: FromEngine) => void,
    private readonly later: (run: () => void) => void,
    /** Trees of library files kept between sessions (./python/moduleCache.ts), when the surface has a place for them. */
    private readonly parseCache?: ParseCache,
  ) {}

  receive(m: ToEngine): void {
    if (m.type === 'close') {
      this.open.delete(m.key);
      return;
    }
    try {
      const doc = this.documentAt(m.doc, m.settings);
      if (!doc) return this.post({ type: 'stale', id: m.id });
      this.answer(m.id, m.doc.key, doc, m.query);
    } catch (e) {
      this.post({ type: 'failed', id: m.id, message: describeError(e) });
    }
  }

  /**
   * The document at the question's version: a new text replaces the last one (the analysis carries what the edit
   * did not touch), new settings start afresh. Undefined when the question is about a version already replaced.
   */
  private documentAt(d: EngineDocument, settings: AnalysisOptions): Open | undefined {
    let doc = this.open.get(d.key);
    // Other environments are other imports: the document is opened afresh, as for other settings.
    const key = JSON.stringify([settings, d.environments ?? null]);
    const sent = this.sentText(d, doc);
    if (!doc || doc.settingsKey !== key || doc.file !== d.file) {
      // New settings on the version the engine holds: the same text, analysed afresh.
      const text = sent?.text ?? (doc && doc.version === d.version && doc.file === d.file ? doc.text : undefined);
      if (text === undefined) return undefined;
      const unsaved = !sent && doc ? doc.unsaved : new Map(d.unsaved ?? []);
      // Other files: open documents' unsaved text first (as of the latest version), then the disk, inside the
      // document's project (its workspace folder, else its own folder) and the Python environments only.
      const environments = d.environments ?? this.disk.environments;
      const scope = environments && [...(d.roots.length ? d.roots : [d.file.slice(0, d.file.lastIndexOf('/')) || '/']), ...environments.map((e) => e.dir)];
      const refused = new Map<string, string>();
      const allowed = (p: string) => {
        if (!scope) return true;
        if (!insideAny(p, scope)) return false;
        const real = this.disk.real?.(p);
        if (real === undefined || insideAny(real, scope)) return true;
        refused.set(p, `it is a link to ${real}, outside the project and its Python environments, which Layer Lens never reads`);
        return false;
      };
      const fs: FileSystem = {
        roots: d.roots,
        read: (p) => open.unsaved.get(p) ?? (allowed(p) ? this.disk.read(p) : undefined),
        // A link out of the project is there: its load says why it is not read.
        exists: (p) => open.unsaved.has(p) || (allowed(p) ? this.disk.exists(p) : refused.has(p)),
        ...(scope ? { inScope: (p: string) => insideAny(p, scope), refusal: (p: string) => refused.get(p), environments } : {}),
        ...(this.parseCache ? { parseCache: this.parseCache } : {}),
      };
      const open: Open = { file: d.file, version: d.version, text, settings, settingsKey: key, unsaved, fs, analysis: new DocumentAnalysis(d.file, fs, this.watched(d.key, d.file, settings)) };
      this.open.set(d.key, open);
      return open;
    }
    if (sent && d.version !== doc.version) {
      doc.version = d.version;
      doc.text = sent.text;
      doc.known = sent.known;
      doc.unsaved = new Map(d.unsaved ?? []);
    }
    return d.version === doc.version ? doc : undefined;
  }

  /**
   * The version's text as the message gives it: whole, or the edits from the version held. Undefined when it
   * gives none, or edits from another version, or edits that do not fit (the host then sends the whole text).
   */
  private sentText(d: EngineDocument, doc: Open | undefined): { text: string; known?: KnownSpan } | undefined {
    if (d.text !== undefined) return { text: d.text };
    if (!d.edits || !doc || doc.version !== d.edits.since || doc.file !== d.file) return undefined;
    const r = applyEdits(doc.text, d.edits.changes);
    return r && r.text.length === d.edits.length ? { text: r.text, known: { before: doc.text, head: r.head, tail: r.tail } } : undefined;
  }

  /** The settings, with each piece of work announced to the host (what it names if it has to stop us). */
  private watched(key: string, file: string, settings: AnalysisOptions): AnalysisOptions {
    return {
      ...settings,
      onEvaluate: (place) => this.post({ type: 'working', on: { key, version: this.open.get(key)?.version ?? '', file, ...place } }),
    };
  }

  private answer(id: number, key: string, doc: Open, q: EngineQuery): void {
    const ask = { key, doc, version: doc.analysis.version(doc.text, doc.known) };
    const answer: Answer<EngineQuery['op']> = {
      reply: (value) => this.post({ type: 'answer', id, value }),
      stale: () => this.post({ type: 'stale', id }),
      failed: (message) => this.post({ type: 'failed', id, message }),
    };
    (HANDLERS[q.op] as Handler<EngineQuery['op']>)(this, ask, q, answer);
  }

  /** The settings of a question, with each piece of work announced (what the custom analysis runs under). */
  settingsOf(key: string, doc: Open): AnalysisOptions {
    return this.watched(key, doc.file, doc.settings);
  }

  /** Every model of the version, one per turn; dropped (undefined) when a newer version arrives meanwhile. */
  complete(key: string, doc: Open, v: DocumentVersion, done: Waiting): void {
    if (v.finished) return done(v.finished);
    if (doc.running?.version === doc.version) {
      doc.running.waiting.push(done);
      return;
    }
    const running = { version: doc.version, waiting: [done] };
    doc.running = running;
    const steps = v.steps();
    const finish = (r: FileAnalysis | undefined, error?: string) => {
      if (doc.running === running) doc.running = undefined;
      for (const w of running.waiting) w(r, error);
    };
    const step = () => {
      if (this.open.get(key) !== doc || doc.version !== running.version) return finish(undefined);
      try {
        const r = steps.next();
        if (r.done) return finish(r.value);
      } catch (e) {
        return finish(undefined, describeError(e));
      }
      this.later(step);
    };
    step();
  }
}

/** A question as its handler gets it: the document, and the analysis of the version asked about. */
interface Asked {
  key: string;
  doc: Open;
  version: DocumentVersion;
}

/** How a handler answers: with the value its operation promises, or that the version went (stale), or an error. */
interface Answer<K extends EngineQuery['op']> {
  reply(value: EngineAnswers[K]): void;
  stale(): void;
  failed(message: string): void;
}

type Handler<K extends EngineQuery['op']> = (engine: Engine, asked: Asked, q: Extract<EngineQuery, { op: K }>, answer: Answer<K>) => void;

/** The complete analysis, then what the operation takes of it. */
function whenComplete<K extends 'diagnostics' | 'analysis'>(pick: (r: FileAnalysis) => EngineAnswers[K]): Handler<K> {
  return (engine, { key, doc, version }, _q, answer) => engine.complete(key, doc, version, (r, error) => {
    if (error !== undefined) answer.failed(error);
    else if (!r) answer.stale();
    else answer.reply(pick(r));
  });
}

/** One handler per operation of ./protocol/engine.ts, each typed with its question and its answer. */
const HANDLERS: { [K in EngineQuery['op']]: Handler<K> } = {
  lines: (_engine, { version: v }, q, answer) => {
    const calls = v.callsIn(q.from, q.to);
    const operations = v.operationsIn(q.from, q.to);
    // Only models already at hand: a factory's lens must not hold back every layer line's.
    const models = q.models?.flatMap((d) => {
      const m = v.modelAtHand(d);
      return m === undefined ? [] : [[d, m && modelSummary(m)] as [string, ModelSummary | null]];
    });
    const placed = v.modelsIn(q.from, q.to).map((m) => ({ line: m.line, summary: modelSummary(m) }));
    answer.reply({ calls, operations, ...(models ? { atHand: models } : {}), ...(placed.length ? { placed } : {}) });
  },
  model: (_engine, { version }, q, answer) => answer.reply(version.model(q.definition) ?? null),
  custom: (engine, { key, doc }, q, answer) => answer.reply(analyzeFile(doc.file, withText(doc.fs, doc.file, doc.text), { ...engine.settingsOf(key, doc), ...q.options })),
  diagnostics: whenComplete<'diagnostics'>((r) => r.diagnostics),
  analysis: whenComplete<'analysis'>((r) => r),
};

