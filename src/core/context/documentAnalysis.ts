/**
 * An open document in the editor: each version loaded once, and only what a surface asks for evaluated. A hover
 * or the lenses on screen need the models that may run the lines shown, not every model of the file; Problems
 * and the panel's file view ask for everything, a step (one model) at a time, so the editor stays responsive.
 */
import type { Stmt } from '../python/ast';
import type { CallResult, FileAnalysis, ModelResult, OperationResult } from '../results';
import { type AnalysisOptions, LoadedFile } from './fileAnalysis';
import type { FileSystem } from './session';

export class DocumentAnalysis {
  private current?: DocumentVersion;

  constructor(private readonly file: string, private readonly fs: FileSystem, private options: AnalysisOptions) {}

  /** New settings: the next version is analysed afresh. */
  setOptions(options: AnalysisOptions): void {
    this.options = options;
    this.current = undefined;
  }

  /** The document at this text: the same object while the text is the same. */
  version(text: string): DocumentVersion {
    if (this.current?.text !== text) this.current = new DocumentVersion(this.file, text, this.fs, this.options);
    return this.current;
  }
}

/** One version of a document: loaded once; models, probes and rows computed on demand and kept. */
export class DocumentVersion {
  private readonly loaded: LoadedFile;
  /** Per top-level statement: its lines, the names it binds and the names its text mentions. */
  private readonly units: { from: number; to: number; binds: Set<string>; mentions: Set<string> }[];
  private everything?: FileAnalysis;
  private lastPartial?: { key: string; rows: Pick<FileAnalysis, 'calls' | 'operations'> };
  private byName?: Map<string, DocumentVersion['units']>;

  constructor(file: string, readonly text: string, fs: FileSystem, options: AnalysisOptions) {
    // The document's own text, whatever the disk says (it may be unsaved).
    this.loaded = new LoadedFile(file, text, { read: (p) => (p === file ? text : fs.read(p)) }, options);
    const lines = this.loaded.lines;
    this.units = this.loaded.module.body.map((s) => ({
      from: lines.position(s.span.from).line, to: lines.position(s.span.to).line, binds: bindsOf(s), mentions: new Set(text.slice(s.span.from, s.span.to).match(IDENT) ?? []),
    }));
  }

  /** Layer lines between two lines (1-based, inclusive), each in its best context among the models that may run it. */
  callsIn(fromLine: number, toLine: number): CallResult[] {
    const a = this.everything ?? this.partial(fromLine, toLine);
    return a.calls.filter((c) => c.line >= fromLine && c.line <= toLine);
  }

  /** Operations written between two lines, in context. */
  operationsIn(fromLine: number, toLine: number): OperationResult[] {
    const a = this.everything ?? this.partial(fromLine, toLine);
    return a.operations.filter((o) => o.line >= fromLine && o.line <= toLine);
  }

  /** The model of a class or factory (or, for a class used inside another model, its view there). */
  model(definition: string): ModelResult | undefined {
    return this.loaded.model(definition)?.result ?? this.loaded.view(definition) ?? this.codeModel(definition);
  }

  /** Everything about the version (every model evaluated), computed now. */
  analysis(): FileAnalysis {
    const steps = this.steps();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /** The same, one model per step: an editor runs other work in between, and drops the run when the text changes. */
  *steps(): Generator<void, FileAnalysis, void> {
    if (this.everything) return this.everything;
    for (const c of this.loaded.candidates) {
      this.loaded.model(c.name);
      yield;
    }
    this.everything = this.loaded.analysis(this.loaded.contexts());
    return this.everything;
  }

  /** Done already: every model evaluated. */
  get finished(): FileAnalysis | undefined {
    return this.everything;
  }

  private codeModel(definition: string): ModelResult | undefined {
    return this.loaded.contexts().find((c) => c.result.definition === definition)?.result;
  }

  /**
   * What the lines need: the models of the candidates whose code (directly, or through the definitions it names)
   * names a definition on those lines, then rows for everything known so far.
   */
  private partial(fromLine: number, toLine: number): Pick<FileAnalysis, 'calls' | 'operations'> {
    const shown = this.units.filter((u) => u.to >= fromLine && u.from <= toLine);
    const wanted = new Set(shown.flatMap((u) => [...u.binds]));
    for (const c of this.loaded.candidates) if (wanted.has(c.name) || this.reaches(c.name, wanted)) this.loaded.model(c.name);
    const contexts = this.loaded.contexts(false);
    const lines = this.loaded.lines;
    const key = `${contexts.length}:${fromLine}:${toLine}`;
    // The same lines again with nothing new evaluated (a hover after the lenses): the same rows.
    if (this.lastPartial?.key === key) return this.lastPartial.rows;
    const rows = this.loaded.linesIn(contexts, lines.lineStart(fromLine), toLine < lines.lineCount ? lines.lineStart(toLine + 1) : this.text.length);
    this.lastPartial = { key, rows };
    return rows;
  }

  /** Whether a definition's code names (through other definitions) one of `names`. */
  private reaches(from: string, names: Set<string>): boolean {
    const seen = new Set<string>([from]);
    const queue = [from];
    while (queue.length) {
      const name = queue.pop()!;
      for (const u of this.binding().get(name) ?? []) {
        for (const m of u.mentions) {
          if (names.has(m) && m !== from) return true;
          if (!seen.has(m)) {
            seen.add(m);
            queue.push(m);
          }
        }
      }
    }
    return false;
  }

  /** The top-level statements by the names they bind. */
  private binding(): Map<string, DocumentVersion['units']> {
    if (!this.byName) {
      this.byName = new Map();
      for (const u of this.units) {
        for (const b of u.binds) {
          const list = this.byName.get(b);
          if (list) list.push(u);
          else this.byName.set(b, [u]);
        }
      }
    }
    return this.byName;
  }
}

/** The top-level names a statement binds. */
function bindsOf(s: Stmt): Set<string> {
  const out = new Set<string>();
  if (s.kind === 'ClassDef' || s.kind === 'FunctionDef') out.add(s.name);
  else if (s.kind === 'Assign') for (const t of s.targets) if (t.kind === 'Name') out.add(t.id);
  return out;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;
