/**
 * The cost side panel: a WebviewView that follows the editor selection and shows what it costs: a model's
 * forward when the cursor is in a class or factory Layer Lens can build, else the layer calls selected (or
 * the whole file), and triplet combinatorics when the code sets up P and K. Strict CSP, typed messages.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import {
  bytes, callsPanel, enclosingDefinition, formatLayers, formatLimit, NO_DEVICE, OPTIMIZERS, exact, findTripletSetup, modelPanel, parseDirective, parseFromPanel, tripletCounts,
  type AnalysisOptions, type FromPanel, type LimitName, type PanelBudget, type PanelTriplets, type ToPanel, type TripletCounts, type ViewMessage,
} from '../core';
import type { DocumentStore } from './documents';
import { LIMIT_LABELS, type Budgets, type CheckedBudget } from './budgets';
import { Config } from './config';
import { inputSourceText } from './format';
import { callsDevice, isOfferedDevice, modelSections } from './panelConsequences';

export class CostPanel implements vscode.WebviewViewProvider {
  static readonly viewId = 'layerLens.costPanel';
  private view?: vscode.WebviewView;
  private timer?: ReturnType<typeof setTimeout>;
  private triplets?: { P: number; K: number; B?: number };
  /** Inputs set in the panel, by `document|model name` or `document|calls`. */
  private readonly inputs = new Map<string, { batch: number; imageSize: number; dtype: string; shapes: number[][] }>();
  /** The last message posted: what the panel shows (tests read it through the API). */
  last?: ToPanel;
  /** The class or factory whose model the panel shows, which its input fields set the input of. */
  private shownModel?: string;
  /** Updates started: each knows whether a later one overtook it. */
  private updates = 0;

  static register(context: vscode.ExtensionContext, store: DocumentStore, budgets: Budgets): CostPanel {
    const panel = new CostPanel(context.extensionUri, store, budgets);
    context.subscriptions.push(
      vscode.window.registerWebviewViewProvider(CostPanel.viewId, panel),
      vscode.window.onDidChangeTextEditorSelection(() => panel.schedule()),
      vscode.window.onDidChangeActiveTextEditor(() => panel.schedule()),
      vscode.workspace.onDidChangeTextDocument(() => panel.schedule()),
      budgets.onDidChange(() => panel.schedule()),
    );
    return panel;
  }

  constructor(private readonly extensionUri: vscode.Uri, private readonly store: DocumentStore, private readonly budgets: Budgets) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = this.html(view.webview, dist, media);
    view.webview.onDidReceiveMessage((raw) => void this.handle(raw));
    view.onDidChangeVisibility(() => view.visible && void this.update());
  }

  private html(webview: vscode.Webview, dist: vscode.Uri, media: vscode.Uri): string {
    // From a cryptographic source: a script that guessed it could run in the webview.
    const nonce = randomBytes(16).toString('hex');
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

  /** A message from the webview: dropped, and logged, unless it is one of ours. */
  async handle(raw: unknown): Promise<void> {
    const m = parseFromPanel(raw);
    if (m) await this.receive(m);
    else console.warn('layer-lens: dropped a malformed message from the cost panel', JSON.stringify(raw)?.slice(0, 200));
  }

  private async receive(m: FromPanel): Promise<void> {
    switch (m.type) {
      case 'ready':
        await this.update();
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
        await this.update();
        return;
      case 'copy':
        if (this.last?.type === 'view') await vscode.env.clipboard.writeText(formatLayers(this.last, m.format));
        return;
      case 'input':
        return this.setInput(m);
      case 'resetInput':
        return this.resetInput();
      case 'device':
        // A name the picker offered, or none: the hover and the panel both read layerLens.device.
        if (!isOfferedDevice(m.name)) return;
        await vscode.workspace.getConfiguration('layerLens').update('device', m.name === NO_DEVICE ? '' : m.name, vscode.ConfigurationTarget.Global);
        await this.update();
        return;
      case 'optimizer':
        if (!(OPTIMIZERS as readonly string[]).includes(m.name)) return;
        await vscode.workspace.getConfiguration('layerLens').update('training.optimizer', m.name, vscode.ConfigurationTarget.Global);
        await this.update();
        return;
    }
  }

  /** Only a visible panel follows edits and selections: a hidden one catches up when it is shown. */
  private schedule(): void {
    if (!this.view?.visible) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), 150);
  }

  /**
   * Recompute for the active editor's selection and post it. The engine answers asynchronously: only the latest
   * update posts (an older one that finishes after it would show what the cursor has left).
   */
  async update(): Promise<ToPanel | undefined> {
    const serial = ++this.updates;
    const editor = vscode.window.activeTextEditor;
    let message: ToPanel;
    let shown: string | undefined;
    if (!editor || editor.document.languageId !== 'python') {
      message = { type: 'empty', text: vscode.l10n.t('Open a Python file: the panel shows what the selection costs.') };
    } else {
      ({ view: message, shown } = await this.viewFor(editor));
    }
    if (serial !== this.updates) return this.last;
    // What the input fields now edit: the model this message shows (set with it, never by an update overtaken).
    this.shownModel = shown;
    this.post(message);
    return message;
  }

  private post(message: ToPanel): void {
    this.last = message;
    void this.view?.webview.postMessage(message);
  }

  private async viewFor(editor: vscode.TextEditor): Promise<{ view: ViewMessage; shown?: string }> {
    const doc = editor.document;
    const sel = editor.selection;
    const text = doc.getText();
    const strings = {
      input: vscode.l10n.t('Input'), batch: vscode.l10n.t('batch'), shape: vscode.l10n.t('shape after the batch'), imageSize: vscode.l10n.t('image size'),
      dtype: vscode.l10n.t('dtype'), reset: vscode.l10n.t('Reset'), layers: vscode.l10n.t('Layers'), costByLayer: vscode.l10n.t('Mult-Adds by layer'),
      copyAs: vscode.l10n.t('Copy as'), triplets: vscode.l10n.t('Triplet combinatorics'), count: vscode.l10n.t('count'), value: vscode.l10n.t('value'),
      guidelines: vscode.l10n.t('ShuffleNet V2 guidelines'), yourLoss: vscode.l10n.t('your loss'),
      budget: vscode.l10n.t('Budget'), withinBudget: vscode.l10n.t('within budget'), overBudget: vscode.l10n.t('Over budget'), notChecked: vscode.l10n.t('Budget not checked'),
      limit: vscode.l10n.t('limit'), headroom: vscode.l10n.t('headroom'),
      device: vscode.l10n.t('Device'), timeOn: vscode.l10n.t('Time on the device'), time: vscode.l10n.t('time'), memoryBound: vscode.l10n.t('memory-bound'),
      computeBound: vscode.l10n.t('compute-bound'), timeByLayer: vscode.l10n.t('Time by layer (upper end)'), training: vscode.l10n.t('Training'),
      optimizer: vscode.l10n.t('optimizer'), otherTools: vscode.l10n.t('What other tools would print'), notShown: vscode.l10n.t('not shown'),
      ofItMemoryBound: vscode.l10n.t('of it memory-bound'),
      G1: vscode.l10n.t('Equal channel width minimizes MAC'), G2: vscode.l10n.t('Excessive group convolution increases MAC'),
      G3: vscode.l10n.t('Network fragmentation reduces parallelism'), G4: vscode.l10n.t('Element-wise operations are non-negligible'),
    };
    const selected = sel.isEmpty ? text : doc.getText(sel);
    const triplets = this.tripletsFor(selected, text);
    const key = (scope: string) => `${doc.uri.toString()}|${scope}`;
    const settings = Config.analysis();
    // The cursor (or the selection's start) inside a top-level class or factory that builds a model, or on a
    // line of a Keras model built at the top level of a script.
    const owner = enclosingDefinition(text, doc.offsetAt(sel.start));
    const line = sel.start.line + 1;
    let model = owner ? await this.store.model(doc, owner) : (await this.store.callsIn(doc, line, line)).find((c) => c.framework === 'keras' && c.inputSource?.kind === 'model')
      && (await this.store.analysis(doc)).models.find((m) => m.framework === 'keras' && m.layers.some((l) => l.file === doc.uri.fsPath && l.line === line));
    if (model && model.layers.length > 0 && (sel.isEmpty || !selected.includes('\n') || (owner !== undefined && selected.includes(owner)))) {
      const set = owner ? this.inputs.get(key(owner)) : undefined;
      let error: string | undefined;
      if (set && owner) {
        const custom = await this.store.modelWithInputs(doc, `${owner}()`, set.shapes.map((s) => ({ shape: s, dtype: set.dtype })));
        if (custom?.layers.length) model = custom;
        else error = vscode.l10n.t('This model cannot be built on that input.');
      }
      const dtype = set?.dtype ?? settings.dtype ?? 'float32';
      // Rows, totals, guidelines and each row's time (src/core/features/panel.ts); the sections below in words.
      const panel = modelPanel(model, { file: doc.uri.fsPath, dtype, device: Config.device(), optimizer: Config.optimizer() });
      const sections = modelSections(model, panel.consequences, dtype);
      const view: ViewMessage = {
        type: 'view', title: `${model.name}${model.complete ? '' : ` (${vscode.l10n.t('incomplete')})`}${model.atBound ? ` (${vscode.l10n.t('costs at most these: {0}', model.atBound.message)})` : ''}`, scope: 'model', strings, triplets, guidelines: panel.guidelines,
        budgets: owner ? (await this.budgets.check(doc, owner)).map(panelBudget) : [],
        input: {
          kind: 'model', batch: model.input[0]?.[0] ?? 1, shape: model.input.map((s) => s.slice(1).join('x')).join(', '), dtype, edited: !!set, error,
          editable: owner !== undefined && !((model.inputSource === 'code' || model.inputSource === 'length') && model.framework === 'keras'),
          source: set ? vscode.l10n.t('set in this panel') : model.within ? vscode.l10n.t('as {0} calls it ({1})', model.within.model, inputSourceText(model.inputSource)) : inputSourceText(model.inputSource, model.framework),
        },
        totals: panel.totals,
        layers: panel.layers,
        device: sections.device, training: sections.training, otherTools: sections.otherTools,
      };
      return { view, shown: owner };
    }
    const set = this.inputs.get(key('calls'));
    const options: AnalysisOptions = set
      ? { inputDefaults: { ...settings.inputDefaults!, batch: set.batch, imageSize: set.imageSize }, dtype: set.dtype }
      : settings;
    // A selection: its lines. The whole file: every line, once every model is evaluated (meanwhile the lines on
    // screen, and the panel updates when the rest is done).
    const lines = sel.isEmpty ? this.wholeFile(doc, editor) : { from: sel.start.line + 1, to: sel.end.line + 1 };
    const calls = (set ? (await this.store.analysisWith(doc, options)).calls : await this.store.callsIn(doc, lines.from, lines.to))
      .filter((c) => c.line >= lines.from && c.line <= lines.to);
    const panel = callsPanel(calls, { dtype: options.dtype ?? 'float32', device: Config.device() });
    const view: ViewMessage = {
      type: 'view', title: sel.isEmpty ? vscode.workspace.asRelativePath(doc.uri) : vscode.l10n.t('Selection: {0} layer calls', panel.layers.length),
      scope: sel.isEmpty ? 'file' : 'selection', strings, triplets, guidelines: panel.guidelines, budgets: [],
      input: {
        kind: 'calls', batch: options.inputDefaults!.batch, shape: String(options.inputDefaults!.imageSize), dtype: options.dtype ?? 'float32', edited: !!set, editable: true,
        source: set ? vscode.l10n.t('set in this panel, for lines no model runs') : vscode.l10n.t('each line in the model that runs it; settings for lines no model runs'),
      },
      totals: panel.totals,
      layers: panel.layers,
      device: callsDevice(panel.latency),
    };
    return { view };
  }

  /** The whole file's lines when every model is evaluated; the lines on screen until then (the rest follows). */
  private wholeFile(doc: vscode.TextDocument, editor: vscode.TextEditor): { from: number; to: number } {
    if (this.store.finished(doc)) return { from: 1, to: doc.lineCount };
    const version = doc.version;
    void this.store.analysis(doc).then(() => doc.version === version && this.schedule());
    const r = editor.visibleRanges[0];
    return r ? { from: r.start.line + 1, to: r.end.line + 1 } : { from: 1, to: Math.min(doc.lineCount, 200) };
  }

  /** Input fields edited in the panel: stored per document and model, or per document for layer calls. */
  private async setInput(m: { batch: number; shape: string; dtype: string }): Promise<void> {
    const last = this.last;
    const editor = vscode.window.activeTextEditor;
    if (!editor || last?.type !== 'view') return;
    const doc = editor.document.uri.toString();
    if (last.input.kind === 'calls') {
      const size = Number(m.shape.trim());
      if (!Number.isSafeInteger(size) || size <= 0 || size > 65536) {
        this.post({ ...last, input: { ...last.input, error: vscode.l10n.t('The image size is a whole number from 1 to 65536.') } });
        return;
      }
      this.inputs.set(`${doc}|calls`, { batch: m.batch, imageSize: size, dtype: m.dtype, shapes: [] });
    } else {
      const parsed = parseDirective(`input ${m.shape.split(',').map((s) => `${m.batch}x${s.trim()}`).join(', ')}`);
      if (typeof parsed === 'string') {
        this.post({ ...last, input: { ...last.input, error: parsed } });
        return;
      }
      if (!this.shownModel) return;
      this.inputs.set(`${doc}|${this.shownModel}`, { batch: m.batch, imageSize: 0, dtype: m.dtype, shapes: parsed.shapes });
    }
    await this.update();
  }

  private async resetInput(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || this.last?.type !== 'view') return;
    const doc = editor.document.uri.toString();
    const scope = this.last.input.kind === 'calls' ? 'calls' : this.shownModel;
    this.inputs.delete(`${doc}|${scope}`);
    await this.update();
  }

  /** Triplet combinatorics for the setup the selection shows (src/core/triplets/setup.ts), or the panel's P and K. */
  private tripletsFor(selected: string, text: string): PanelTriplets | null {
    const setup = findTripletSetup(selected, text);
    if (this.triplets) {
      const counts = safeCounts(this.triplets.P, this.triplets.K, this.triplets.B);
      return counts && { counts, source: vscode.l10n.t('set in this panel'), mining: setup?.mining ?? null };
    }
    if (!setup) return null;
    const counts = safeCounts(setup.P, setup.K);
    return counts && { counts, source: setup.source, mining: setup.mining ?? null };
  }
}

function safeCounts(P: number, K: number, B?: number): TripletCounts | null {
  try {
    return tripletCounts(P, K, B);
  } catch {
    return null;
  }
}

/** A checked budget as the panel shows it: figures formatted, limits named as everywhere else. */
function panelBudget(r: CheckedBudget): PanelBudget {
  const fmt = (figure: LimitName, n: number | null) => (n === null ? '—' : formatLimit(figure, n, bytes, exact));
  return {
    name: r.entry.name, source: r.source, status: r.status, problem: r.problem,
    checks: r.checks.map((c) => ({
      label: LIMIT_LABELS[c.figure], value: fmt(c.figure, c.value), limit: fmt(c.figure, c.limit), ok: c.ok,
      headroom: c.headroom === null || c.headroomPercent === null ? '—' : `${c.headroom < 0 ? '−' : ''}${fmt(c.figure, Math.abs(c.headroom))} (${c.headroomPercent < 0 ? '−' : ''}${Math.abs(c.headroomPercent).toFixed(1)}%)`,
    })),
  };
}


