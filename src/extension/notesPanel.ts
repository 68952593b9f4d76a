/**
 * The notes webview: renders the bundled notes, or a markdown file the user points at, with math
 * (src/core/notes). The extension host renders (9 ms warm for the bundled notes, and the CLI export shares
 * the code); the webview only shows, searches and scrolls. Survives a window reload through a serializer,
 * reloads when the file changes, and offers a repaired view of double-encoded text.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { decodeSource, imagePath, isFile, nodeFileIo, NOTES_HEAD_CHARS, NOTES_MATH_BUDGET_MS, NOTES_SLICE_MS, NOTES_SPLIT_CHARS, notesToRender, parseFromNotes, readBounded, unreadable, topicById, type FormulaQueue, type NotesView, type PendingFormula, type ToNotes } from '../core';
import { calculatorTitles, runCalculator } from './calculators';

const VIEW_TYPE = 'layerLens.notes';

type Renderer = typeof import('./notesRenderer');
let loaded: Renderer | undefined;

/** The renderer bundle, loaded on first use (a separate file beside this one: see esbuild.mjs). */
function renderer(): Renderer {
  loaded ??= require(path.join(__dirname, 'notesRenderer.js')) as Renderer;
  return loaded;
}

/** Where to scroll after rendering: a heading id, or the section of a topic. */
interface Reveal {
  section?: string;
  topic?: string;
}

/** What the panel shows, also what the serializer saves. */
interface Showing {
  file: string;
  /** Show the repaired text of a double-encoded file. */
  repaired?: boolean;
}

/** Where to go: a topic's section (`mobilenet`), or a heading id, in a given file or the first notes that have it. */
export interface NotesTarget {
  topic?: string;
  section?: string;
  file?: string;
}

export class NotesPanel {
  private static current?: NotesPanel;
  private showing: Showing;
  private readonly disposables: vscode.Disposable[] = [];
  private watcher?: vscode.FileSystemWatcher;
  private reloadTimer?: ReturnType<typeof setTimeout>;
  /** The webview's page has said 'ready' since it last loaded: posts reach it. */
  private ready = false;
  private pendingReveal?: Reveal;
  /** The file and text the view was last rendered from (a reload with the same text does nothing). */
  private rendered?: { file: string; text: string };
  /** The last view posted (tests read it through the API). */
  last?: NotesView;
  /** Renders so far: typeset formulas are posted with the render they belong to. */
  private renders = 0;
  /** The formulas of the last render still to typeset, and the timer of the next slice. */
  private typesetting?: { queue: FormulaQueue; timer?: ReturnType<typeof setTimeout> };

  static register(context: vscode.ExtensionContext): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
          const saved = state as { file?: unknown } | undefined;
          // The state comes back from the webview: a file in it is trusted only if it is one notes may show.
          const file = typeof saved?.file === 'string' && (await mayShowNotes(context, saved.file)) ? saved.file : bundledNotes(context);
          NotesPanel.current = new NotesPanel(panel, context, { file });
        },
      }),
      { dispose: () => NotesPanel.current?.dispose() },
    );
  }

  /** Open (or bring forward) the notes panel on `target`. */
  static async show(context: vscode.ExtensionContext, target: NotesTarget = {}): Promise<NotesPanel> {
    const file = target.file ?? (await notesFileFor(target.topic)) ?? bundledNotes(context);
    let p = NotesPanel.current;
    if (!p) {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Notes'), vscode.ViewColumn.Beside, { enableScripts: true, retainContextWhenHidden: false });
      p = NotesPanel.current = new NotesPanel(panel, context, { file });
    } else {
      p.panel.reveal(vscode.ViewColumn.Beside);
      if (p.showing.file !== file) {
        p.showing = { file };
        p.watch();
      }
    }
    p.render({ section: target.section, topic: target.topic });
    return p;
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly context: vscode.ExtensionContext, showing: Showing) {
    this.showing = showing;
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      // Hidden, the webview loses its page (retainContextWhenHidden is off) and loads it again when shown; its
      // script then asks with 'ready'. Until then a render would be posted to a page about to be replaced and
      // done again on 'ready': 1 MB of notes twice, and the page reset under the reader.
      panel.onDidChangeViewState(() => {
        if (panel.visible) return;
        this.ready = false;
        this.stopTypesetting();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.fsPath === this.showing.file) this.scheduleReload();
      }),
    );
    this.watch();
    this.panel.webview.html = this.shell();
  }

  private shell(): string {
    const webview = this.panel.webview;
    const ext = this.context.extensionUri;
    // From a cryptographic source: a script that guessed it could run in the webview.
    const nonce = randomBytes(16).toString('hex');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(ext, 'dist', 'webview', 'notes.js'));
    const katexCss = webview.asWebviewUri(vscode.Uri.joinPath(ext, 'media', 'katex', 'katex.min.css'));
    const css = webview.asWebviewUri(vscode.Uri.joinPath(ext, 'media', 'notes.css'));
    // Nothing loads but this extension's script (by nonce), its stylesheets and fonts, and images from the
    // notes' own folder. No inline script or style attributes, no remote resources.
    const csp = [
      "default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`, `img-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html><html lang="${vscode.env.language}"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${katexCss}"><link rel="stylesheet" href="${css}"><title>Notes</title></head>
<body><div id="root"></div><script nonce="${nonce}" src="${script}"></script></body></html>`;
  }

  /** Resources the webview may load: our code and styles, and the folder of the notes shown. */
  private setRoots(): void {
    const ext = this.context.extensionUri;
    this.panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(ext, 'dist'), vscode.Uri.joinPath(ext, 'media'), vscode.Uri.file(path.dirname(this.showing.file))],
    };
  }

  private watch(): void {
    this.watcher?.dispose();
    const file = vscode.Uri.file(this.showing.file);
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file.fsPath)), path.basename(file.fsPath)));
    this.watcher.onDidChange(() => this.scheduleReload());
    this.watcher.onDidCreate(() => this.scheduleReload());
    this.setRoots();
  }

  /**
   * Render again after the file changed, unless its text is what the view shows. A watcher also reports a file
   * written just before it was opened, late: rendering 1 MB of notes again for that cost seconds and reset the
   * page under the reader.
   */
  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      const r = this.rendered;
      if (!r || r.file !== this.showing.file || readText(r.file) !== r.text) this.render();
    }, 200);
  }

  /** A message from the webview: dropped, and logged, unless it is one of ours. */
  async receive(raw: unknown): Promise<void> {
    const m = parseFromNotes(raw);
    if (!m) {
      console.warn('layer-lens: dropped a malformed message from the notes view', JSON.stringify(raw)?.slice(0, 200));
      return;
    }
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.render(this.pendingReveal);
        return;
      case 'open':
        await vscode.env.openExternal(vscode.Uri.parse(m.url));
        return;
      case 'calculator':
        await runCalculator({ id: m.id });
        return;
      case 'action':
        this.showing = { ...this.showing, repaired: m.id === 'repair' };
        this.render();
        return;
      case 'focus':
        this.typesetting?.queue.focusOn(m.index);
        return;
    }
  }

  /** Read, render and post the file shown; `reveal` scrolls to a heading id, or to a topic's section. */
  render(reveal?: Reveal): NotesView | undefined {
    if (!this.ready) {
      // The webview asks when its script is up; keep the deep link for then.
      this.pendingReveal = reveal ?? this.pendingReveal;
      return undefined;
    }
    this.pendingReveal = undefined;
    this.stopTypesetting();
    const { view, rest, pending } = this.view(reveal);
    this.last = view;
    void this.panel.webview.postMessage(view satisfies ToNotes);
    // A long page: its head shows while the rest is on its way.
    if (rest !== undefined && view.renderId !== undefined) void this.panel.webview.postMessage({ type: 'more', renderId: view.renderId, html: rest } satisfies ToNotes);
    this.panel.title = `${vscode.l10n.t('Notes')}: ${path.basename(this.showing.file)}`;
    if (pending.length && view.renderId !== undefined) this.typeset(view.renderId, pending);
    return view;
  }

  /** Typeset the render's pending formulas a slice at a time, each slice posted as it is done. */
  private typeset(renderId: number, pending: PendingFormula[]): void {
    const typesetting: NonNullable<NotesPanel['typesetting']> = { queue: new (renderer().FormulaQueue)(pending) };
    this.typesetting = typesetting;
    const next = () => {
      if (this.typesetting !== typesetting) return;
      const formulas = typesetting.queue.slice(NOTES_SLICE_MS).map((f) => ({ index: f.index, html: renderer().stylesAsData(f.html) }));
      void this.panel.webview.postMessage({ type: 'math', renderId, formulas } satisfies ToNotes);
      typesetting.timer = typesetting.queue.left > 0 ? setTimeout(next, 0) : undefined;
    };
    typesetting.timer = setTimeout(next, 0);
  }

  private stopTypesetting(): void {
    clearTimeout(this.typesetting?.timer);
    this.typesetting = undefined;
  }

  private view(reveal?: Reveal): { view: NotesView; rest?: string; pending: PendingFormula[] } {
    const file = this.showing.file;
    const strings = {
      search: vscode.l10n.t('Search'), searchPlaceholder: vscode.l10n.t('Search the notes (中文 or English)'), contents: vscode.l10n.t('Contents'),
      noMatches: vscode.l10n.t('No matches'),
    };
    const text = readText(file);
    this.rendered = text === undefined ? undefined : { file, text };
    if (text === undefined) {
      return { view: { type: 'render', file, title: path.basename(file), html: '', toc: [], strings, banner: { text: vscode.l10n.t('Cannot read {0}.', file) } }, pending: [] };
    }
    const { detectDoubleEncoding, renderNotes, stylesAsData, withLostMarkers } = renderer();
    // Past 1 MB the view shows the beginning, and says so (core/notes/limits.ts, as the CLI does).
    const size = Buffer.byteLength(text);
    const cut = notesToRender(text).text;
    const report = detectDoubleEncoding(cut);
    let source = cut;
    let banner: NotesView['banner'] = cut === text ? undefined : {
      text: vscode.l10n.t('This file is {0} MB: the view shows its first {1} KB.', (size / 1024 / 1024).toFixed(1), Math.round(Buffer.byteLength(cut) / 1024)),
    };
    let lost: string[][] | undefined;
    if (report.doubleEncoded && report.repair) {
      if (this.showing.repaired) {
        source = withLostMarkers(report.repair.text);
        lost = report.repair.unrecoverable.map((u) => u.candidates);
        banner = {
          text: vscode.l10n.t('Repaired view: {0} characters restored; {1} could not be recovered and are marked (hover one for what it could be).', report.restored, report.unrecoverable),
          action: { label: vscode.l10n.t('Show the file as it is'), id: 'original' },
        };
      } else {
        banner = {
          text: vscode.l10n.t('This file looks double-encoded: UTF-8 that was read as {0} and saved again.', report.codePage ?? '?'),
          action: { label: vscode.l10n.t('Show a repaired view'), id: 'repair' },
        };
      }
    }
    const webview = this.panel.webview;
    const dir = path.dirname(file);
    const r = renderNotes(source, {
      mathBudgetMs: NOTES_MATH_BUDGET_MS,
      ...(source.length > NOTES_SPLIT_CHARS ? { headChars: NOTES_HEAD_CHARS } : {}),
      calculatorTitles: calculatorTitles(),
      lostCharacters: lost,
      resolveImage: (src) => {
        const file = imagePath(src);
        if (file === undefined) return undefined;
        const target = path.resolve(dir, file);
        // Only files inside the notes' folder, and only those that exist.
        if (!target.startsWith(dir + path.sep) || !exists(target)) return undefined;
        return webview.asWebviewUri(vscode.Uri.file(target)).toString();
      },
    });
    // A topic's section is found in the TOC of this very render (no second render to look it up).
    const section = reveal?.section ?? (reveal?.topic ? r.toc.find((t) => t.topic === reveal.topic)?.id : undefined);
    const head = r.headLength === undefined ? r.html : r.html.slice(0, r.headLength);
    const view: NotesView = {
      type: 'render', file, title: path.basename(file), html: stylesAsData(head), toc: r.toc, banner, reveal: section, strings, renderId: ++this.renders,
      ...(r.headLength === undefined ? {} : { more: true }),
    };
    return { view, rest: r.headLength === undefined ? undefined : stylesAsData(r.html.slice(r.headLength)), pending: r.pending };
  }

  get file(): string {
    return this.showing.file;
  }

  dispose(): void {
    if (NotesPanel.current === this) NotesPanel.current = undefined;
    clearTimeout(this.reloadTimer);
    this.stopTypesetting();
    this.watcher?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  /** Tests: the panel shown now, if any. */
  static get active(): NotesPanel | undefined {
    return NotesPanel.current;
  }
}

/**
 * Whether `file` is one the notes view may show when a command argument or the restored state names it: the
 * bundled notes, a file of layerLens.notes.files, or a Markdown file in the workspace. A link in a hover or a
 * forged state cannot turn the view onto any file on the disk.
 */
export async function mayShowNotes(context: vscode.ExtensionContext, file: string): Promise<boolean> {
  if (file === bundledNotes(context)) return true;
  if ((await userNotesFiles()).includes(file)) return true;
  return /\.(md|markdown)$/i.test(file) && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) !== undefined && exists(file);
}

export function bundledNotes(context: vscode.ExtensionContext): string {
  return vscode.Uri.joinPath(context.extensionUri, 'dist', 'notes', 'deep-learning-notes.md').fsPath;
}

/** The user's notes files (setting `layerLens.notes.files`: paths or globs in the workspace). */
export async function userNotesFiles(): Promise<string[]> {
  const patterns = vscode.workspace.getConfiguration('layerLens').get<string[]>('notes.files', []);
  const out: string[] = [];
  for (const p of Array.isArray(patterns) ? patterns.slice(0, 20) : []) {
    if (typeof p !== 'string' || !p) continue;
    if (path.isAbsolute(p)) {
      if (exists(p)) out.push(p);
      continue;
    }
    for (const uri of await vscode.workspace.findFiles(p, '**/node_modules/**', 50)) out.push(uri.fsPath);
  }
  return [...new Set(out)];
}

/** The first of the user's notes that has a section for `topic`, else undefined (the bundled notes then). */
async function notesFileFor(topic: string | undefined): Promise<string | undefined> {
  const files = await userNotesFiles();
  if (!topic) return files[0];
  if (!topicById(topic)) return undefined;
  for (const f of files) {
    const text = readText(f);
    // Only the headings matter here: no formula is typeset (mathBudgetMs 0), and only what the view would show.
    if (text !== undefined && renderer().renderNotes(notesToRender(text).text, { mathBudgetMs: 0 }).toc.some((t) => t.topic === topic)) return f;
  }
  return undefined;
}


/** Notes are read whole, up to a size where rendering would keep the editor waiting. */
const MAX_NOTES_BYTES = 8 * 1024 * 1024;

function readText(file: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
  if (open) return open.getText();
  const r = readBounded(io, file, MAX_NOTES_BYTES);
  if (!('bytes' in r)) return r.problem === 'missing' ? undefined : `> Layer Lens: ${unreadable(path.basename(file), r, MAX_NOTES_BYTES)}; it is not rendered.`;
  const decoded = decodeSource(r.bytes);
  return 'text' in decoded ? decoded.text : `> Layer Lens: ${path.basename(file)} is a binary file, not markdown.`;
}

/** The disk, stat'ed and bounded (../core/files.ts): a notes file linked to a device is never read. */
const io = nodeFileIo(statSync, readFileSync);

function exists(file: string): boolean {
  try {
    return isFile(io, file);
  } catch {
    return false;
  }
}
