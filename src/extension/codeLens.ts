/**
 * CodeLens: one compact lens per layer line (params · Mult-Adds · MAC), and one per model class or factory
 * with its totals, resolved lazily; clicking a model's lens shows it in the side panel. Figures come from
 * the analysis of the current version only, so a lens never shows a stale number. While the user types,
 * a line whose call stops parsing keeps a placeholder lens (no figures) until the edits settle, so the
 * code below it does not jump up and down with every keystroke.
 */
import * as vscode from 'vscode';
import { compact, shape } from '../core/cost/format';
import type { DocumentStore } from './documents';
import { notebookOf, sourceOf } from './notebooks';
import type { CallResult } from '../core/results';
import { budgetSummary, type Budgets } from './budgets';

/**
 * A layer line's lens: its title comes from the analysis of this version, made and handed to VS Code only when
 * the lens is resolved, which VS Code does for the lenses on screen. Sending thousands of commands for a
 * 10k-line file on every edit cost more than computing them.
 */
class LayerLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly title: string | CallResult) {
    super(range);
  }
}

function layerTitle(c: CallResult): string {
  return c.multAdds !== null || c.params !== null
    ? `${c.type}: params ${compact(c.params)} · Mult-Adds ${compact(c.multAdds)} · MAC ${compact(c.memoryAccessCost)}`
    : `${c.type}: ${c.diagnostics[0]?.message ?? c.unknownReason ?? 'not known statically'}`;
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
    const ms = vscode.workspace.getConfiguration('layerLens').get<number>('debounceMs', 300);
    return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, 10_000) : 300;
  }

  /** Move the shown lines with the edit, and ask for fresh lenses once edits settle (placeholders then go). */
  private edited(e: vscode.TextDocumentChangeEvent): void {
    const shown = this.shown.get(e.document.uri.toString());
    if (!shown || e.contentChanges.length === 0) return;
    shown.lines = mapLines(shown.lines, e.contentChanges);
    shown.editedAt = Date.now();
    clearTimeout(this.settle);
    this.settle = setTimeout(() => this.changed.fire(), this.debounceMs() + 10);
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('layerLens').get<boolean>('codeLens.enabled', true)) return [];
    const lenses: vscode.CodeLens[] = [];
    const seenLines = new Set<number>();
    const analysis = this.store.analysis(doc);
    if (analysis.diagnostics.some((d) => d.code === 'too-large')) return [];
    for (const c of analysis.calls) {
      if (c.category === 'container' || seenLines.has(c.line - 1)) continue;
      seenLines.add(c.line - 1);
      lenses.push(new LayerLens(new vscode.Range(c.line - 1, 0, c.line - 1, 0), c));
    }
    // Keras layers do not know their input until the model is built: their figures come from the models.
    // (In a notebook, the import can be in another cell: the notebook's joined code says.)
    const text = doc.getText();
    const keras = /\bkeras\b/.test(notebookOf(doc) ? sourceOf(doc).text() : text);
    for (const [line, title] of keras ? kerasLayerLines(this.store, doc) : []) {
      if (seenLines.has(line)) continue;
      seenLines.add(line);
      lenses.push(new LayerLens(new vscode.Range(line, 0, line, 0), title));
    }
    // Lines that had a lens just before the last edit and lost it: a placeholder until the edits settle.
    const key = doc.uri.toString();
    const before = this.shown.get(key);
    const settling = before !== undefined && Date.now() - before.editedAt < this.debounceMs();
    const keep = new Set(seenLines);
    if (settling) {
      for (const line of before.lines) {
        if (seenLines.has(line) || line >= doc.lineCount || doc.lineAt(line).isEmptyOrWhitespace) continue;
        keep.add(line);
        lenses.push(new LayerLens(new vscode.Range(line, 0, line, 0), PLACEHOLDER));
      }
    }
    this.shown.set(key, { lines: keep, editedAt: before?.editedAt ?? 0 });
    // A lens for every class or factory that can be built without arguments; its totals are resolved lazily.
    for (const m of text.matchAll(/^(class|def)\s+([A-Za-z_][A-Za-z0-9_]*)/gm)) {
      if (m[2].startsWith('_')) continue;
      const line = doc.positionAt(m.index!).line;
      lenses.push(new ModelLens(new vscode.Range(line, 0, line, 0), doc, m[2]));
    }
    return this.window(doc, lenses);
  }

  /**
   * A file with thousands of lenses sends only those within WINDOW_MARGIN lines of what its editors show:
   * VS Code's own handling of every lens, on every edit, cost far more than computing them (4,614 lenses:
   * 489 ms a refresh in code-server). Scrolling near the edge of the window asks for the next one.
   */
  private window(doc: vscode.TextDocument, lenses: vscode.CodeLens[]): vscode.CodeLens[] {
    const key = doc.uri.toString();
    const visible = vscode.window.visibleTextEditors.filter((e) => e.document === doc).flatMap((e) => e.visibleRanges);
    if (lenses.length <= WINDOW_LIMIT || visible.length === 0) {
      this.windows.delete(key);
      return lenses;
    }
    const from = Math.max(0, Math.min(...visible.map((r) => r.start.line)) - WINDOW_MARGIN);
    const to = Math.max(...visible.map((r) => r.end.line)) + WINDOW_MARGIN;
    this.windows.set(key, { from, to });
    return lenses.filter((l) => l.range.start.line >= from && l.range.start.line <= to);
  }

  /** The user scrolled: when the view nears the edge of a windowed file's lenses, ask for lenses again. */
  private scrolled(e: vscode.TextEditorVisibleRangesChangeEvent): void {
    const w = this.windows.get(e.textEditor.document.uri.toString());
    if (!w || e.visibleRanges.length === 0) return;
    const top = e.visibleRanges[0].start.line;
    const bottom = e.visibleRanges[e.visibleRanges.length - 1].end.line;
    if (top - w.from > WINDOW_MARGIN / 2 && (w.to - bottom > WINDOW_MARGIN / 2)) return;
    clearTimeout(this.scrollTimer);
    this.scrollTimer = setTimeout(() => this.changed.fire(), 60);
  }

  resolveCodeLens(lens: vscode.CodeLens): vscode.CodeLens {
    if (lens instanceof LayerLens) {
      lens.command = { title: typeof lens.title === 'string' ? lens.title : layerTitle(lens.title), command: '' };
      return lens;
    }
    if (!(lens instanceof ModelLens)) return lens;
    // Only this model: a file of many classes need not all be evaluated for the lenses on screen.
    const m = this.store.model(lens.doc, `${lens.modelName}()`);
    // Its budgets (layer-lens.toml or pyproject.toml), each on its own call and input.
    const budgets = this.budgets.check(lens.doc, lens.modelName);
    const failed = budgets.filter((b) => b.status !== 'ok');
    const budget = failed.length
      ? `$(warning) ${failed.map((b) => `${b.status === 'over' ? vscode.l10n.t('Over budget') : vscode.l10n.t('Budget not checked')} (${b.entry.name}): ${budgetSummary(b)}`).join('; ')}`
      : budgets.length ? vscode.l10n.t('within budget') : '';
    if (!m) {
      lens.command = failed.length ? { title: budget, command: 'layerLens.showModel', arguments: [lens.doc.uri, lens.range.start.line] } : { title: '', command: '' };
      return lens;
    }
    const t = m.totals;
    const title = m.complete
      ? `Model: params ${compact(t.params)} · Mult-Adds ${compact(t.multAdds)} · FLOPs ${compact(t.flops)} · MAC ${compact(t.memoryAccessCost)} · input ${m.input.map(shape).join(', ')}`
      : `Model (incomplete): ${m.diagnostics.find((d) => d.severity !== 'info')?.message ?? 'see Problems'}`;
    // Over budget comes first, where the eye lands; within budget is a quiet suffix.
    const full = failed.length ? `${budget} · ${title}` : budget ? `${title} · ${budget}` : title;
    lens.command = { title: full, command: 'layerLens.showModel', arguments: [lens.doc.uri, lens.range.start.line] };
    return lens;
  }
}

/** One lens title per line (0-based) that constructs a Keras layer, from the first model that calls it. */
function kerasLayerLines(store: DocumentStore, doc: vscode.TextDocument): Map<number, string> {
  const out = new Map<number, string>();
  const byLine = new Map<number, { type: string; params: number; multAdds: number; mac: number; output: number[]; model: string }>();
  for (const m of store.models(doc).models) {
    if (m.framework !== 'keras') continue;
    for (const l of m.layers) {
      if (l.type === 'InputLayer' || l.file !== doc.uri.fsPath) continue;
      const line = l.line - 1;
      const seen = byLine.get(line);
      if (seen && seen.model !== m.name) continue;
      if (seen) {
        seen.multAdds += l.multAdds;
        seen.mac += l.memoryAccessCost;
        continue;
      }
      byLine.set(line, { type: l.type, params: l.params + (l.nonTrainable ?? 0), multAdds: l.multAdds, mac: l.memoryAccessCost, output: l.outputShape, model: m.name });
    }
  }
  for (const [line, r] of byLine) {
    out.set(line, `${r.type}: params ${compact(r.params)} · Mult-Adds ${compact(r.multAdds)} · MAC ${compact(r.mac)} → ${kerasShape(r.output)}`);
  }
  return out;
}

/** Keras prints the batch as None: (None, 56, 56, 64). */
export function kerasShape(s: number[]): string {
  return `(None${s.slice(1).map((d) => `, ${d}`).join('')})`;
}

/** Above this many lenses in a file, only those near the visible lines are sent (see `window`). */
const WINDOW_LIMIT = 600;
const WINDOW_MARGIN = 150;

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
