/**
 * The cost side panel: a WebviewView that follows the editor selection and shows what it costs: a model's
 * forward when the cursor is in a class or factory Layer Lens can build, else the layer calls selected (or
 * the whole file), and triplet combinatorics when the code sets up P and K. Strict CSP, typed messages.
 */
import * as vscode from 'vscode';
import { tripletCounts, type TripletCounts } from '../core/triplets/combinatorics';
import { shape } from '../core/cost/format';
import type { CallResult } from '../core/results';
import { type FromPanel, type PanelLayer, type ToPanel, type ViewMessage, parseFromPanel } from '../webview/protocol';
import type { DocumentStore } from './documents';

export class CostPanel implements vscode.WebviewViewProvider {
  static readonly viewId = 'layerLens.costPanel';
  private view?: vscode.WebviewView;
  private timer?: ReturnType<typeof setTimeout>;
  private triplets?: { P: number; K: number; B?: number };
  /** The last message posted: what the panel shows (tests read it through the API). */
  last?: ToPanel;

  static register(context: vscode.ExtensionContext, store: DocumentStore): CostPanel {
    const panel = new CostPanel(context.extensionUri, store);
    context.subscriptions.push(
      vscode.window.registerWebviewViewProvider(CostPanel.viewId, panel),
      vscode.window.onDidChangeTextEditorSelection(() => panel.schedule()),
      vscode.window.onDidChangeActiveTextEditor(() => panel.schedule()),
      vscode.workspace.onDidChangeTextDocument(() => panel.schedule()),
    );
    return panel;
  }

  constructor(private readonly extensionUri: vscode.Uri, private readonly store: DocumentStore) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = this.html(view.webview, dist, media);
    view.webview.onDidReceiveMessage((raw) => {
      const m = parseFromPanel(raw);
      if (m) void this.receive(m);
    });
    view.onDidChangeVisibility(() => view.visible && this.update());
  }

  private html(webview: vscode.Webview, dist: vscode.Uri, media: vscode.Uri): string {
    const nonce = Array.from({ length: 32 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'costPanel.js'));
    const css = webview.asWebviewUri(vscode.Uri.joinPath(media, 'panel.css'));
    // default-src 'none': nothing loads but our own script (by nonce) and stylesheets from the extension.
    const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${webview.cspSource} 'nonce-${nonce}'; font-src ${webview.cspSource};`;
    return `<!DOCTYPE html><html lang="${vscode.env.language}"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}"><title>Layer Lens</title></head>
<body><div id="root"></div><script nonce="${nonce}" src="${script}"></script></body></html>`;
  }

  private async receive(m: FromPanel): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.update();
        return;
      case 'reveal': {
        const editor = vscode.window.activeTextEditor;
        if (!editor) return;
        const pos = new vscode.Position(m.line - 1, 0);
        editor.selection = new vscode.Selection(pos, pos);
        editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        return;
      }
      case 'triplets':
        this.triplets = { P: m.P, K: m.K, B: m.B };
        this.update();
        return;
      case 'copy':
        if (this.last?.type === 'view') await vscode.env.clipboard.writeText(formatLayers(this.last, m.format));
        return;
    }
  }

  /** Only a visible panel follows edits and selections: a hidden one catches up when it is shown. */
  private schedule(): void {
    if (!this.view?.visible) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), 150);
  }

  /** Recompute for the active editor's selection and post it. */
  update(): ToPanel | undefined {
    const editor = vscode.window.activeTextEditor;
    let message: ToPanel;
    if (!editor || editor.document.languageId !== 'python') {
      message = { type: 'empty', text: vscode.l10n.t('Open a Python file: the panel shows what the selection costs.') };
    } else {
      message = this.viewFor(editor);
    }
    this.last = message;
    void this.view?.webview.postMessage(message);
    return message;
  }

  private viewFor(editor: vscode.TextEditor): ViewMessage {
    const doc = editor.document;
    const sel = editor.selection;
    const text = doc.getText();
    const strings = {
      input: vscode.l10n.t('input'), layers: vscode.l10n.t('Layers'), costByLayer: vscode.l10n.t('Mult-Adds by layer'),
      copyAs: vscode.l10n.t('Copy as'), triplets: vscode.l10n.t('Triplet combinatorics'), count: vscode.l10n.t('count'), value: vscode.l10n.t('value'),
    };
    const selected = sel.isEmpty ? text : doc.getText(sel);
    const triplets = this.tripletsFor(selected);
    // The cursor (or the selection's start) inside a top-level class or factory that builds a model.
    const owner = enclosingDefinition(text, doc.offsetAt(sel.start));
    const model = owner ? this.store.models(doc).models.find((m) => m.name === `${owner}()` && m.layers.length > 0) : undefined;
    if (model && (sel.isEmpty || !selected.includes('\n') || selected.includes(`${owner}`))) {
      return {
        type: 'view', title: `${model.name}${model.complete ? '' : ` (${vscode.l10n.t('incomplete')})`}`, scope: 'model',
        input: model.input.map(shape).join(', '), strings, triplets,
        totals: { params: model.totals.params, multAdds: model.totals.multAdds, flops: model.totals.flops, memoryAccessCost: model.totals.memoryAccessCost },
        layers: model.layers.map((l) => ({ line: l.line, name: l.path, type: l.type, params: l.params, multAdds: l.multAdds, flops: l.flops, memoryAccessCost: l.memoryAccessCost, output: shape(l.outputShape) })),
      };
    }
    const from = sel.isEmpty ? 0 : doc.offsetAt(sel.start);
    const to = sel.isEmpty ? text.length : doc.offsetAt(sel.end);
    const calls = this.store.analysis(doc).calls.filter((c) => c.category !== 'container' && c.span.from < to && c.span.to > from);
    const sum = (f: (c: CallResult) => number | null) => (calls.every((c) => f(c) !== null) ? calls.reduce((a, c) => a + (f(c) ?? 0), 0) : null);
    return {
      type: 'view', title: sel.isEmpty ? vscode.workspace.asRelativePath(doc.uri) : vscode.l10n.t('Selection: {0} layer calls', calls.length),
      scope: sel.isEmpty ? 'file' : 'selection', input: null, strings, triplets,
      totals: { params: sum((c) => c.params), multAdds: sum((c) => c.multAdds), flops: sum((c) => c.flops), memoryAccessCost: sum((c) => c.memoryAccessCost) },
      layers: calls.map<PanelLayer>((c) => ({ line: c.line, name: `line ${c.line}`, type: c.type, params: c.params, multAdds: c.multAdds, flops: c.flops, memoryAccessCost: c.memoryAccessCost, output: shape(c.outputShape) })),
    };
  }

  /** P and K from the code (`P, K = 16, 4`, `P = 16`, a sampler's batch size and instances), or the panel's inputs. */
  private tripletsFor(text: string): TripletCounts | null {
    if (this.triplets) return safeCounts(this.triplets.P, this.triplets.K, this.triplets.B);
    const pair = /\bP\s*,\s*K\s*=\s*(\d+)\s*,\s*(\d+)/.exec(text);
    const p = pair?.[1] ?? /\bP\s*=\s*(\d+)/.exec(text)?.[1];
    const k = pair?.[2] ?? /\bK\s*=\s*(\d+)/.exec(text)?.[1];
    if (p && k && /triplet|sampler/i.test(text)) return safeCounts(Number(p), Number(k));
    const batch = /batch_size\s*=\s*(\d+)/.exec(text)?.[1];
    const inst = /num_instances\s*=\s*(\d+)/.exec(text)?.[1];
    if (batch && inst && Number(batch) % Number(inst) === 0) return safeCounts(Number(batch) / Number(inst), Number(inst));
    return null;
  }
}

function safeCounts(P: number, K: number, B?: number): TripletCounts | null {
  try {
    return tripletCounts(P, K, B);
  } catch {
    return null;
  }
}

/** The name of the top-level class or function whose body holds `offset`. */
function enclosingDefinition(text: string, offset: number): string | undefined {
  let found: { name: string; at: number } | undefined;
  for (const m of text.matchAll(/^(?:class|def)\s+([A-Za-z_][A-Za-z0-9_]*)/gm)) {
    if (m.index! > offset) break;
    found = { name: m[1], at: m.index! };
  }
  if (!found) return undefined;
  // Any other top-level statement between the definition and the offset ends the definition.
  const between = text.slice(found.at, offset).split('\n').slice(1);
  return between.some((l) => /^[^\s#@]/.test(l)) ? undefined : found.name;
}

/** The layer table as Markdown, CSV or JSON, for the copy buttons. */
export function formatLayers(m: ViewMessage, format: 'markdown' | 'csv' | 'json'): string {
  const rows = m.layers.map((l) => [l.name, l.type, l.params, l.multAdds, l.flops, l.memoryAccessCost, l.output]);
  const header = ['layer', 'type', 'params', 'Mult-Adds', 'FLOPs', 'MAC', 'output'];
  if (format === 'json') return JSON.stringify({ title: m.title, totals: m.totals, layers: m.layers }, null, 2);
  const cell = (v: unknown) => (v === null ? '' : String(v));
  if (format === 'csv') return [header, ...rows].map((r) => r.map((v) => `"${cell(v).replace(/"/g, '""')}"`).join(',')).join('\n');
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}
