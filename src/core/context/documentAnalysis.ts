/**
 * An open document in the editor: each version evaluated only as far as a surface asks. A hover or the lenses on
 * screen need the rows of the statements shown, and for those the models that may run them; Problems and the
 * panel's file view ask for everything, a step (one model) at a time, so the editor stays responsive.
 *
 * Across versions: what an edit inside a definition cannot have changed (./carry.ts) is carried over, moved by
 * the edit, and what it may have changed is evaluated on a slice of the file, the statements those results can
 * depend on (its component of definitions and the module's top level). The complete analysis runs the whole file.
 */
import { parsedTree } from '../python/parsedFiles';
import { diffRange } from '../python/reparse';
import { LineIndex } from '../python/lines';
import { withText } from '../files';
import type { CallResult, Diagnostic, FileAnalysis, ModelResult, OperationResult } from '../results';
import { type AnalysisOptions, byPlace, LoadedFile } from './fileAnalysis';
import { MAX_SYNTAX, worthShowing } from './findings';
import { Outline } from './outline';
import { type Carry, carryOver } from './carry';
import { type Shift, shiftCall, shiftDiagnostic, shiftModel, shiftOperation } from './shift';
import type { FileSystem } from '../eval/session';

export class DocumentAnalysis {
  private current?: DocumentVersion;
  /** How each version moved the text of the one before it (see Carried). */
  private readonly edits = new EditLog();

  constructor(private readonly file: string, private readonly fs: FileSystem, private options: AnalysisOptions) {}

  /** New settings: the next version is analysed afresh. */
  setOptions(options: AnalysisOptions): void {
    this.options = options;
    this.current = undefined;
    this.edits.clear();
  }

  /**
   * The document at this text: the same object while the text is the same. `known`: what the edits that made it
   * from `before` left untouched at its start and end (./python/textEdits.ts), used when `before` is the last text.
   */
  version(text: string, known?: KnownSpan): DocumentVersion {
    if (this.current?.text !== text) this.current = new DocumentVersion(this.file, text, this.fs, this.options, this.current, this.edits, known);
    return this.current;
  }
}

/** Characters at the start and the end that `text` shares with `before`. */
export interface KnownSpan {
  before: string;
  head: number;
  tail: number;
}

/** A statement's rows: its layer lines and operations, in context, and the findings located in it. */
interface Rows {
  calls: CallResult[];
  operations: OperationResult[];
  findings: Diagnostic[];
  /**
   * Models the statement builds at the top level that no class or factory of the file names (`model =
   * keras.Sequential([...])`, a library's builder): their lens goes on the statement's first line.
   */
  models: ModelResult[];
}

/**
 * Results made by an earlier version, still in its places: moved by every edit since (`since`: that version's
 * serial) only when asked for. Most are never asked for before the next edit; moving them all on every
 * keystroke cost more than evaluating the statement being typed in.
 */
interface Carried<T> {
  value: T;
  since: number;
}

/** Results are carried over at most this many edits; older ones are evaluated again when asked for. */
const MAX_CARRIED = 1000;

/** The shifts between consecutive versions, by the serial of the version they start from. */
class EditLog {
  private readonly shifts = new Map<number, Shift>();
  private next = 0;

  /** A serial for a new version. */
  serial(): number {
    return this.next++;
  }

  record(from: number, shift: Shift): void {
    this.shifts.set(from, shift);
    // Results older than MAX_CARRIED edits are not carried any more (Carried): their shifts can go.
    this.shifts.delete(from - MAX_CARRIED);
  }

  /** The shifts from version `since` to version `to`, in order. */
  between(since: number, to: number): Shift[] {
    const out: Shift[] = [];
    for (let k = since; k < to; k++) out.push(this.shifts.get(k)!);
    return out;
  }

  clear(): void {
    this.shifts.clear();
  }
}

/** One version of a document: rows per top-level statement and models, computed on demand and kept. */
export class DocumentVersion {
  readonly lines: LineIndex;
  private readonly outline: Outline;
  private full?: LoadedFile;
  private sliced?: LoadedFile;
  private readonly rows = new Map<number, Rows>();
  /** Models by definition: null when it builds none. */
  private readonly models = new Map<string, ModelResult | null>();
  private everything?: FileAnalysis;
  /** What the last version left that this one may reuse. */
  private carry?: Carry & { rows: Map<number, Carried<Rows>>; models: Map<string, Carried<ModelResult | null>> };
  private readonly serial: number;

  constructor(
    private readonly file: string, readonly text: string, private readonly fs: FileSystem, private readonly options: AnalysisOptions,
    previous?: DocumentVersion, private readonly edits = new EditLog(), known?: KnownSpan,
  ) {
    // The document's own text, whatever the disk says (it may be unsaved).
    this.fs = withText(fs, file, text);
    this.serial = edits.serial();
    const change = previous && diffRange(previous.text, text, known?.before === previous.text ? known : undefined);
    this.lines = previous && change ? LineIndex.edited(previous.lines, text, change) : new LineIndex(text);
    this.outline = new Outline(text, parsedTree(file, text, previous && change && { before: previous.text, change }), previous && change && { outline: previous.outline, change });
    const carry = previous && change && carryOver(file, previous.side(), this.side(), change);
    if (carry && previous) {
      edits.record(previous.serial, carry.shift);
      const rows = new Map<number, Carried<Rows>>();
      for (const [i, j] of carry.from) {
        const r = previous.rowsToCarry(j);
        if (r) rows.set(i, r);
      }
      const models = new Map<string, Carried<ModelResult | null>>();
      const kept = new Set(carry.from.values());
      for (const [definition, m] of previous.modelsToCarry()) {
        const at = previous.outline.binding(definition);
        // A model carries when its definition's statement does (then its whole component did).
        if (at.length === 1 && kept.has(at[0])) models.set(definition, m);
      }
      this.carry = { ...carry, rows, models };
    }
  }

  /** Layer lines between two lines (1-based, inclusive), each in its best context among the models that may run it. */
  callsIn(fromLine: number, toLine: number): CallResult[] {
    return this.rowsIn(fromLine, toLine).flatMap((r) => r.calls).filter((c) => c.line >= fromLine && c.line <= toLine);
  }

  /** Models built at the top level between two lines (1-based, inclusive) that no class or factory names. */
  modelsIn(fromLine: number, toLine: number): ModelResult[] {
    return this.rowsIn(fromLine, toLine).flatMap((r) => r.models).filter((m) => m.line >= fromLine && m.line <= toLine);
  }

  /** Operations written between two lines, in context. */
  operationsIn(fromLine: number, toLine: number): OperationResult[] {
    return this.rowsIn(fromLine, toLine).flatMap((r) => r.operations).filter((o) => o.line >= fromLine && o.line <= toLine);
  }

  /** The model of a class or factory (or, for a class used inside another model, its view there). */
  model(definition: string): ModelResult | undefined {
    let m = this.models.get(definition);
    if (m === undefined) {
      // Once everything is known, complete() has recorded every definition's model: any other name builds none.
      if (this.everything) m = null;
      else if (this.carry?.models.has(definition)) m = this.moved(this.carry.models.get(definition)!, (s, x) => x && shiftModel(s, x));
      else m = modelOf(this.fileFor(this.outline.binding(definition)), definition) ?? null;
      this.models.set(definition, m);
    }
    return m ?? undefined;
  }

  /**
   * A model this version has without evaluating anything: evaluated already, or carried from the last version
   * (moved now). Undefined when it would have to be evaluated; null when the definition builds none.
   */
  modelAtHand(definition: string): ModelResult | null | undefined {
    if (this.models.has(definition) || this.everything || this.carry?.models.has(definition)) return this.model(definition) ?? null;
    return undefined;
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
    const assembled = yield* this.assembled();
    this.wasAssembled = !!assembled;
    if (assembled) return (this.everything = this.complete(assembled));
    const full = this.fullFile();
    for (const c of full.candidates) {
      full.model(c.name);
      yield;
    }
    this.everything = this.complete(full.analysis(full.contexts()));
    return this.everything;
  }

  /** Whether the complete analysis was put together from what the last versions left (else the whole file ran). */
  wasAssembled = false;

  /** How many top-level statements this version took from the last one, moved, instead of evaluating them. */
  get carried(): number {
    return this.carry?.from.size ?? 0;
  }

  /** Done already: every model evaluated. */
  get finished(): FileAnalysis | undefined {
    return this.everything;
  }

  // ------------------------------------------------------------------ rows per statement

  private rowsIn(fromLine: number, toLine: number): Rows[] {
    const units = this.outline.unitsIn(this.lines.lineStart(fromLine), toLine < this.lines.lineCount ? this.lines.lineStart(toLine + 1) : this.text.length);
    const missing = units.filter((i) => !this.rowsKnown(i));
    // Those the edit may have changed come from the slice, the rest from the whole file; consecutive ones at once.
    const sliced = missing.filter((i) => this.carry?.changed.has(i));
    const whole = missing.filter((i) => !this.carry?.changed.has(i));
    if (sliced.length) this.compute(this.slicedFile(), sliced);
    if (whole.length) this.compute(this.fullFile(), whole);
    return units.map((i) => this.rows.get(i)!);
  }

  /** A statement the edits left as it was: its rows from an earlier version, moved. */
  private takeCarried(i: number): boolean {
    const r = this.carry?.rows.get(i);
    if (!r) return false;
    this.rows.set(i, this.moved(r, (s, x) => ({
      calls: x.calls.map((c) => shiftCall(s, c)), operations: x.operations.map((o) => shiftOperation(s, o)), findings: x.findings.map((d) => shiftDiagnostic(s, d)),
      models: x.models.map((m) => shiftModel(s, m)),
    })));
    this.carry!.rows.delete(i);
    return true;
  }

  /** An earlier version's result in this version's places. */
  private moved<T>(c: Carried<T>, shift: (s: Shift, value: T) => T): T {
    return this.edits.between(c.since, this.serial).reduce((v, s) => shift(s, v), c.value);
  }

  /** Rows of these statements: the models that may run them evaluated first, then each run of statements at once. */
  private compute(file: LoadedFile, units: number[]): void {
    for (const c of this.users(file, units)) file.model(c);
    const contexts = file.contexts(false);
    for (let k = 0; k < units.length;) {
      let end = k;
      while (end + 1 < units.length && units[end + 1] === units[end] + 1) end++;
      const from = this.outline.units[units[k]].from;
      const to = this.outline.units[units[end]].to;
      const r = file.linesIn(contexts, from, to);
      const findings = file.findings(contexts, { from, to });
      for (let i = k; i <= end; i++) {
        const u = this.outline.units[units[i]];
        this.rows.set(units[i], {
          calls: r.calls.filter((c) => c.span.from >= u.from && c.span.from < u.to),
          operations: r.operations.filter((o) => { const at = this.lines.lineStart(o.line) + o.column; return at >= u.from && at < u.to; }),
          findings: findings.filter((d) => d.file === this.file && d.span.from >= u.from && d.span.from < u.to),
          models: u.definition ? [] : contexts.map((c) => c.result).filter((m) => m.definition === null && m.line >= 1 && m.line <= this.lines.lineCount && this.lines.lineStart(m.line) >= u.from && this.lines.lineStart(m.line) < u.to),
        });
      }
      k = end + 1;
    }
  }

  /**
   * The candidates that may run these statements: those among the definitions whose code names what the
   * statements bind, directly or through other definitions (all in the same component).
   */
  private users(file: LoadedFile, units: number[]): string[] {
    const names = new Set(units.flatMap((i) => this.outline.units[i].binds));
    const out: string[] = [];
    for (const c of file.candidates) {
      if (names.has(c.name) || this.reaches(c.name, names)) out.push(c.name);
    }
    return out;
  }

  /** Whether a definition's code names (through other definitions) one of `names`. */
  private reaches(from: string, names: Set<string>): boolean {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length) {
      for (const i of this.outline.binding(queue.pop()!)) {
        for (const m of this.outline.units[i].mentions) {
          if (names.has(m) && m !== from) return true;
          if (!seen.has(m) && this.outline.binding(m).length) {
            seen.add(m);
            queue.push(m);
          }
        }
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ the file, whole or sliced

  /** The file for a definition: the slice when the edit may have changed it. */
  private fileFor(units: number[]): LoadedFile {
    return units.length && units.every((i) => this.carry?.changed.has(i)) ? this.slicedFile() : this.fullFile();
  }

  private fullFile(): LoadedFile {
    return (this.full ??= new LoadedFile(this.file, this.text, this.fs, this.options, undefined, this.lines));
  }

  /**
   * The statements the changed results can depend on: the changed definitions' components and the module's top
   * level (every statement that is not a plain definition, and the definitions it names).
   */
  private slicedFile(): LoadedFile {
    if (!this.sliced) {
      const changed = this.carry!.changed;
      const run = new Set<number>();
      this.outline.units.forEach((u, i) => {
        if (!u.plain || changed.has(i)) run.add(u.from);
      });
      const script = new Set(this.outline.units.filter((u) => !u.plain).flatMap((u) => [...u.mentions].flatMap((m) => this.outline.binding(m))));
      for (const i of script) run.add(this.outline.units[i].from);
      this.sliced = new LoadedFile(this.file, this.text, this.fs, this.options, (from) => run.has(from), this.lines);
    }
    return this.sliced;
  }

  // ------------------------------------------------------------------ what the next version may carry

  private side(): { text: string; outline: Outline; lines: LineIndex } {
    return { text: this.text, outline: this.outline, lines: this.lines };
  }

  /** A statement's rows if known: computed, carried (moved now), or part of the complete analysis. */
  private rowsKnown(i: number): Rows | undefined {
    return this.rows.get(i) ?? (this.takeCarried(i) ? this.rows.get(i) : undefined);
  }

  /**
   * The complete analysis, split by statement (every statement's rows and findings are then known), with every
   * definition's model (or that it builds none): what the next versions carry.
   */
  private complete(everything: FileAnalysis): FileAnalysis {
    // Every question is answered from the results now: the interpreter's sessions (tens of MB on a long file) can go.
    this.full = undefined;
    this.sliced = undefined;
    this.rows.clear();
    this.outline.units.forEach((_, i) => this.rows.set(i, { calls: [], operations: [], findings: [], models: [] }));
    const unitOf = (offset: number) => this.outline.unitAt(offset);
    for (const c of everything.calls) {
      const i = unitOf(c.span.from);
      if (i !== undefined) this.rows.get(i)!.calls.push(c);
    }
    for (const o of everything.operations) {
      const i = unitOf(this.lines.lineStart(o.line) + o.column);
      if (i !== undefined) this.rows.get(i)!.operations.push(o);
    }
    for (const d of everything.diagnostics) {
      const i = d.file === this.file ? unitOf(d.span.from) : undefined;
      if (i !== undefined) this.rows.get(i)!.findings.push(d);
    }
    for (const m of everything.models) {
      const i = m.definition === null && m.line >= 1 && m.line <= this.lines.lineCount ? unitOf(this.lines.lineStart(m.line)) : undefined;
      if (i !== undefined && !this.outline.units[i].definition) this.rows.get(i)!.models.push(m);
    }
    this.carry?.rows.clear();
    this.models.clear();
    const byDefinition = new Map<string, ModelResult>();
    for (const m of everything.models) if (m.definition && !byDefinition.has(m.definition)) byDefinition.set(m.definition, m);
    for (const u of this.outline.units) {
      if (u.definition) for (const name of u.binds) this.models.set(name, byDefinition.get(name) ?? null);
    }
    return everything;
  }

  /**
   * The complete analysis from what the last versions left and what the edits changed, when all else is known: the
   * rows and findings of every statement, and every definition's model. The changed statements are evaluated on
   * the slice, a few at a time. Undefined when something is not known (then the whole file is evaluated).
   */
  private *assembled(): Generator<void, FileAnalysis | undefined, void> {
    const carry = this.carry;
    if (!carry) return undefined;
    const units = this.outline.units.map((_, i) => i);
    const kept = units.filter((i) => !carry.changed.has(i));
    const names = kept.flatMap((i) => (this.outline.units[i].definition ? this.outline.units[i].binds : []));
    if (names.some((n) => !this.models.has(n) && !carry.models.has(n))) return undefined;
    const missing = units.filter((i) => !this.rowsKnown(i));
    if (missing.some((i) => !carry.changed.has(i))) return undefined;
    const slice = this.slicedFile();
    for (let k = 0; k < missing.length; k += 20) {
      this.compute(slice, missing.slice(k, k + 20));
      yield;
    }
    for (const c of slice.candidates) {
      slice.model(c.name);
      yield;
    }
    // Models: the kept definitions' as they were, the changed ones' (and the top level's own) from the slice.
    const inChanged = (d: string | null) => d === null || this.outline.binding(d).some((i) => carry.changed.has(i));
    const old = names.map((n) => this.model(n)).filter((m): m is ModelResult => !!m);
    const fresh = slice.modelList(slice.contexts()).filter((m) => inChanged(m.definition));
    const models = [...old, ...fresh].sort(byPlace);
    const rows = units.map((i) => this.rows.get(i)!);
    const calls = rows.flatMap((r) => r.calls);
    // Findings: each statement's, then those elsewhere (other files, between statements) from the slice and the kept models.
    const outside = [...slice.findings(slice.contexts()), ...old.flatMap((m) => m.diagnostics.map((d) => ({ ...d, model: m.name })))]
      .filter((d) => d.file !== this.file || this.outline.unitAt(d.span.from) === undefined);
    // As many syntax findings as the whole file gives (the first MAX_SYNTAX).
    let syntax = 0;
    const own = rows.flatMap((r) => r.findings).filter((d) => d.code !== 'syntax' || syntax++ < MAX_SYNTAX);
    return {
      calls, operations: rows.flatMap((r) => r.operations), models,
      diagnostics: worthShowing([...own, ...outside, ...calls.flatMap((c) => c.diagnostics)]),
    };
  }

  /** A statement's rows for the next version: this one's, or what it carried and was not asked for (still in its places). */
  private rowsToCarry(i: number): Carried<Rows> | undefined {
    const own = this.rows.get(i);
    const carried = this.carry?.rows.get(i);
    return own ? { value: own, since: this.serial } : carried && this.serial + 1 - carried.since < MAX_CARRIED ? carried : undefined;
  }

  private *modelsToCarry(): Generator<[string, Carried<ModelResult | null>]> {
    const seen = new Set<string>();
    const here = (m: ModelResult | null) => ({ value: m, since: this.serial });
    for (const [d, m] of this.models) yield (seen.add(d), [d, here(m)]);
    for (const [d, m] of this.carry?.models ?? []) if (!seen.has(d) && this.serial + 1 - m.since < MAX_CARRIED) yield [d, m];
  }
}

/** A definition's model in a file: its own, its view inside the model that uses it, or the code's own run of it. */
function modelOf(file: LoadedFile, definition: string): ModelResult | undefined {
  return file.model(definition)?.result ?? file.view(definition) ?? file.contexts(false).find((c) => c.result.definition === definition)?.result;
}
