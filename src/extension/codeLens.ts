/**
 * CodeLens: one compact lens per layer line (params · Mult-Adds · MAC, and the model they are in), and one per
 * model class or factory with its totals (titled at once when the engine has the model at hand, else resolved
 * when VS Code asks); clicking a model's lens shows it in the side panel. Lenses come for the lines on screen
 * and a margin around them: only the models those lines need are evaluated. An edit asks for them at once.
 * Figures come from the current version only, so a lens never shows a stale number. While the user types, a
 * line whose call stops parsing keeps a placeholder lens (no figures) until the edits settle, so the code below
 * it does not jump up and down with every keystroke.
 */
import * as vscode from 'vscode';
import { layerLines, modelSummary, topLevelDefinitions, type ModelSummary } from '../core';
import type { DocumentStore } from './documents';
import { budgetSummary, type Budgets, type CheckedBudget } from './budgets';
import { Config } from './config';
import { lineLensTitle, modelLensTitle, modelSourceText } from './format';
import { CELL_SCHEME } from './notebooks';

/**
 * A layer line's lens, titled from the analysis of this version. Lenses come only for the lines around the
 * screen (see `window`), so they are sent titled: a lens VS Code must resolve costs it a round trip to the
 * extension host after the lenses arrive (about 10 ms of a refresh in code-server).
 */
class LayerLens extends vscode.CodeLens {
  constructor(range: vscode.Range, title: string) {
    super(range, { title, command: '' });
  }
}

class ModelLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly doc: vscode.TextDocument, readonly modelName: string) {
    super(range);
  }
}

/** Layer-lens lines (0-based) shown for a document, carried through edits until they settle. */
interface Shown {
  lines: Set<number>;
  /** When the last edit happened (ms); placeholders live until it is `debounceMs` old. */
  editedAt: number;
}

export class LayerCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly shown = new Map<string, Shown>();
  private settle?: ReturnType<typeof setTimeout>;
  /** Windowed files: the lines whose lenses were last sent. */
  private readonly windows = new Map<string, { from: number; to: number }>();
  private scrollTimer?: ReturnType<typeof setTimeout>;

  static register(store: DocumentStore, budgets: Budgets): vscode.Disposable {
    const provider = new LayerCodeLensProvider(store, budgets);
    return vscode.Disposable.from(
      vscode.languages.registerCodeLensProvider({ language: 'python' }, provider),
      budgets.onDidChange(() => provider.changed.fire()),
      store.onDidReset(() => provider.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('layerLens') && provider.changed.fire()),
      vscode.workspace.onDidChangeTextDocument((e) => provider.edited(e)),
      vscode.workspace.onDidCloseTextDocument((d) => (provider.shown.delete(d.uri.toString()), provider.windows.delete(d.uri.toString()))),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => provider.scrolled(e)),
      provider.changed,
      { dispose: () => (clearTimeout(provider.settle), clearTimeout(provider.scrollTimer)) },
    );
  }

  constructor(private readonly store: DocumentStore, private readonly budgets: Budgets) {}

  private debounceMs(): number {
    return Config.debounceMs();
  }

  /** Move the shown lines with the edit, and ask for fresh lenses once edits settle (placeholders then go). */
  private edited(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length) this.prefetch(e.document);
    const shown = this.shown.get(e.document.uri.toString());
    if (!shown || e.contentChanges.length === 0) return;
    shown.lines = mapLines(shown.lines, e.contentChanges);
    shown.editedAt = Date.now();
    clearTimeout(this.settle);
    this.settle = setTimeout(() => this.changed.fire(), this.debounceMs() + 10);
  }

  /**
   * The lenses' question about the new version, asked as soon as it exists: the engine works on it while VS Code
   * gets round to asking for lenses (its own debounce, or 6–10 ms of the workbench's work after an edit), and
   * provideCodeLenses then finds the answer on its way or there (the same question is asked once). Only for a
   * document whose lenses are shown, and not for notebook cells (their question is the whole notebook's).
   */
  private prefetch(doc: vscode.TextDocument): void {
    if (!this.windows.has(doc.uri.toString()) || doc.uri.scheme === CELL_SCHEME || !Config.codeLensEnabled() || !this.store.analysed(doc)) return;
    const { from, to } = this.window(doc);
    void this.store.callsIn(doc, from + 1, to + 1, modelDefinitions(doc, from, to).map((d) => d.name));
  }

  /** The engine answers in its worker; VS Code keeps the last lenses on screen until these arrive (no jump). */
  async provideCodeLenses(doc: vscode.TextDocument, token?: vscode.CancellationToken): Promise<vscode.CodeLens[] | undefined> {
    if (!Config.codeLensEnabled() || !this.store.analysed(doc)) return [];
    const { from, to } = this.window(doc);
    const version = doc.version;
    const definitions = modelDefinitions(doc, from, to);
    // The models the engine has at hand come with the lines: their lenses are sent titled too.
    const { calls, placed } = await this.store.lines(doc, from + 1, to + 1, definitions.map((d) => d.name));
    // Edited while the engine worked: these lines are the old version's. VS Code drops a cancelled request's
    // answer; otherwise ask again for the new version (an empty answer would make the code jump).
    if (doc.version !== version) return token?.isCancellationRequested ? undefined : this.provideCodeLenses(doc, token);
    const lenses: vscode.CodeLens[] = [];
    const seenLines = new Set<number>();
    // One lens a line, for every layer written on it (a Sequential's members on one line are summed by core).
    for (const l of layerLines(calls)) {
      seenLines.add(l.line - 1);
      lenses.push(new LayerLens(new vscode.Range(l.line - 1, 0, l.line - 1, 0), lineLensTitle(l)));
    }
    // Lines that had a lens just before the last edit and lost it: a placeholder until the edits settle.
    const key = doc.uri.toString();
    const before = this.shown.get(key);
    const settling = before !== undefined && Date.now() - before.editedAt < this.debounceMs();
    const keep = new Set(seenLines);
    if (settling) {
      for (const line of before.lines) {
        if (seenLines.has(line) || line < from || line > to || line >= doc.lineCount || doc.lineAt(line).isEmptyOrWhitespace) continue;
        keep.add(line);
        lenses.push(new LayerLens(new vscode.Range(line, 0, line, 0), PLACEHOLDER));
      }
    }
    this.shown.set(key, { lines: keep, editedAt: before?.editedAt ?? 0 });
    // A lens for every class or factory in the window: titled now if its model is known and has no budget to
    // check, else resolved when VS Code asks.
    for (const d of definitions) {
      const lens = new ModelLens(new vscode.Range(d.line, 0, d.line, 0), doc, d.name);
      const m = this.store.knownSummary(doc, d.name);
      if (m !== undefined && this.budgets.entriesFor(doc, d.name).length === 0) lens.command = modelCommand(lens, m, []);
      lenses.push(lens);
    }
    // A model the file builds at its top level with no class or factory of its own (`model = keras.Sequential([...])`,
    // a library's builder): its totals on the line that builds it, above the layer lens of the same line.
    for (const p of placed ?? []) {
      const lens = new ModelLens(new vscode.Range(p.line - 1, 0, p.line - 1, 0), doc, p.summary.name);
      lens.command = modelCommand(lens, p.summary, []);
      lenses.push(lens);
    }
    return lenses;
  }

  /**
   * The lines lenses are made for: what the document's editors show and WINDOW_MARGIN lines around it (the whole
   * document when no editor shows it, up to WINDOW_LIMIT lines). Only the models those lines need are evaluated;
   * VS Code's own handling of every lens, on every edit, also cost far more than computing them (4,614 lenses:
   * 489 ms a refresh in code-server). Scrolling near the edge of the window asks for the next one.
   */
  private window(doc: vscode.TextDocument): { from: number; to: number } {
    const key = doc.uri.toString();
    const visible = vscode.window.visibleTextEditors.filter((e) => e.document === doc).flatMap((e) => e.visibleRanges);
    const from = visible.length ? Math.max(0, Math.min(...visible.map((r) => r.start.line)) - WINDOW_MARGIN) : 0;
    const to = visible.length ? Math.max(...visible.map((r) => r.end.line)) + WINDOW_MARGIN : Math.min(doc.lineCount, WINDOW_LIMIT);
    this.windows.set(key, { from, to });
    return { from, to };
  }

  /** The user scrolled: when the view nears the edge of a windowed file's lenses, ask for lenses again. */
  private scrolled(e: vscode.TextEditorVisibleRangesChangeEvent): void {
    const w = this.windows.get(e.textEditor.document.uri.toString());
    if (!w || e.visibleRanges.length === 0) return;
    const top = e.visibleRanges[0].start.line;
    const bottom = e.visibleRanges[e.visibleRanges.length - 1].end.line;
    // Far from the window's edges (or at the document's own): nothing new to show.
    const last = e.textEditor.document.lineCount - 1;
    if ((w.from === 0 || top - w.from > WINDOW_MARGIN / 2) && (w.to >= last || w.to - bottom > WINDOW_MARGIN / 2)) return;
    clearTimeout(this.scrollTimer);
    this.scrollTimer = setTimeout(() => this.changed.fire(), 60);
  }

  async resolveCodeLens(lens: vscode.CodeLens): Promise<vscode.CodeLens> {
    if (!(lens instanceof ModelLens) || lens.command) return lens;
    // Only this model: a file of many classes need not all be evaluated for the lenses on screen.
    const [m, budgets] = await Promise.all([
      this.store.model(lens.doc, lens.modelName),
      // Its budgets (layer-lens.toml or pyproject.toml), each on its own call and input.
      this.budgets.check(lens.doc, lens.modelName),
    ]);
    lens.command = modelCommand(lens, m ? modelSummary(m) : null, budgets);
    return lens;
  }
}

/** A model lens's command: its totals, and its budgets (over budget first, where the eye lands). */
function modelCommand(lens: ModelLens, m: ModelSummary | null, budgets: CheckedBudget[]): vscode.Command {
  const failed = budgets.filter((b) => b.status !== 'ok');
  const budget = failed.length
    ? `$(warning) ${failed.map((b) => `${b.status === 'over' ? vscode.l10n.t('Over budget') : vscode.l10n.t('Budget not checked')} (${b.entry.name}): ${budgetSummary(b)}`).join('; ')}`
    : budgets.length ? vscode.l10n.t('within budget') : '';
  const show = { command: 'layerLens.showModel', arguments: [lens.doc.uri, lens.range.start.line] };
  if (!m) return failed.length ? { title: budget, ...show } : { title: '', command: '' };
  const title = modelLensTitle(m);
  const from = modelSourceText(m);
  // Within budget is a quiet suffix.
  return { title: failed.length ? `${budget} · ${title}` : budget ? `${title} · ${budget}` : title, ...(from ? { tooltip: from } : {}), ...show };
}

/** The classes and factories defined at the start of lines in [from, to] (0-based), each with a model lens. */
function modelDefinitions(doc: vscode.TextDocument, from: number, to: number): { line: number; name: string }[] {
  const text = doc.getText(new vscode.Range(from, 0, to + 1, 0));
  const start = doc.offsetAt(new vscode.Position(from, 0));
  // A private helper (`_make_layer`) is not a model of the file's.
  return topLevelDefinitions(text).filter((d) => !d.name.startsWith('_')).map((d) => ({ line: doc.positionAt(start + d.offset).line, name: d.name }));
}

/** Lenses come for the lines shown and this many lines around them (see `window`). */
const WINDOW_MARGIN = 150;
/** A document no editor shows gets lenses for its first lines only. */
const WINDOW_LIMIT = 600;

/** What a layer line shows while its call does not parse: no figures, the same height. */
export const PLACEHOLDER = 'Layer Lens: …';

/** 0-based lines after edits: lines below a change move by the lines it added; lines inside it fold onto its start. */
export function mapLines(lines: Set<number>, changes: readonly { range: { start: { line: number }; end: { line: number } }; text: string }[]): Set<number> {
  let out = lines;
  // As in documents.ts: each change's range is in the text the previous changes left.
  for (const c of changes) {
    const added = c.text.split('\n').length - 1;
    const delta = added - (c.range.end.line - c.range.start.line);
    const next = new Set<number>();
    for (const l of out) next.add(l < c.range.start.line ? l : l > c.range.end.line ? l + delta : c.range.start.line);
    out = next;
  }
  return out;
}
