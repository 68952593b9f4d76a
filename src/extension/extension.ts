/**
 * The extension host side: a thin adapter from VS Code to src/core. Each surface lives in its own file;
 * this one only wires them together and returns the API that integration tests read results through.
 */
import * as vscode from 'vscode';
import { filePlaces, renderAnalysis, type EngineQuery, type FileAnalysis, type NotesView, type ToPanel } from '../core';
import { DocumentStore } from './documents';
import { LayerHoverProvider } from './hover';
import { LayerCodeLensProvider } from './codeLens';
import { LayerDiagnostics } from './diagnostics';
import { CostPanel } from './sidePanel';
import { runCalculator } from './calculators';
import { mayShowNotes, NotesPanel, type NotesTarget } from './notesPanel';
import { Budgets } from './budgets';
import { Config } from './config';
import { EngineStatus } from './statusBar';
import { LayerQuickFixes } from './quickFixes';

export interface LayerLensApi {
  /** Everything about a document's current text, as every surface sees it: layer lines in context, models, findings. */
  analyze(document: vscode.TextDocument): Promise<FileAnalysis>;
  /** Recompute a document's diagnostics now, and return them. */
  diagnostics(document: vscode.TextDocument): Promise<vscode.Diagnostic[]>;
  /** Recompute the side panel for the active editor, and return what it shows. */
  panel(): Promise<ToPanel | undefined>;
  /**
   * The engine's worker: what it is on now, how many times it was stopped, the last stop's message, how many
   * versions went to it as whole texts and as edits, and how many questions of each kind it was asked.
   */
  engine(): {
    busy?: { file: string; line: number; name: string }; restarts: number; lastStopMessage?: string;
    /** What the status bar item says about the engine ('' when it is hidden). */
    status: string;
    sent: { texts: number; edits: number }; asked: Partial<Record<EngineQuery['op'], number>>;
  };
  /** Handle a message as if the panel's webview sent it (checked like one), and return what the panel shows then. */
  panelMessage(message: unknown): Promise<ToPanel | undefined>;
  /** What the notes view shows now, if it is open. */
  notes(): { file: string; view?: NotesView } | undefined;
  /** Handle a message as if the notes webview sent it (checked like one). */
  notesMessage(message: unknown): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): LayerLensApi {
  try {
    context.subscriptions.push(Config.watch());
    const output = vscode.window.createOutputChannel('Layer Lens');
    // Library files' trees are kept in the extension's global storage between sessions (issue 20).
    const store = new DocumentStore(context.extensionPath, undefined, context.globalStorageUri.fsPath);
    const diagnostics = LayerDiagnostics.register(store);
    const budgets = new Budgets(store);
    const status = new EngineStatus(store);
    context.subscriptions.push(output, store, diagnostics, budgets, status, LayerHoverProvider.register(store), LayerCodeLensProvider.register(store, budgets), LayerQuickFixes.register());
    const panel = CostPanel.register(context, store, budgets);
    const api: LayerLensApi = {
      analyze: (document) => store.analysis(document),
      engine: () => ({ ...store.engineState, lastStopMessage: store.lastStopMessage, status: status.text }),
      diagnostics: (document) => diagnostics.update(document),
      panel: () => panel.update(),
      panelMessage: async (message) => {
        await panel.handle(message);
        return panel.last;
      },
      notes: () => (NotesPanel.active ? { file: NotesPanel.active.file, view: NotesPanel.active.last } : undefined),
      notesMessage: async (message) => NotesPanel.active?.receive(message),
    };
    context.subscriptions.push(NotesPanel.register(context));
    context.subscriptions.push(
      vscode.commands.registerCommand('layerLens.analyzeFile', async () => {
        const editor = vscode.window.activeTextEditor;
        if (!editor || editor.document.languageId !== 'python') {
          void vscode.window.showInformationMessage(vscode.l10n.t('Open a Python file to analyse its layers.'));
          return undefined;
        }
        const result = await api.analyze(editor.document);
        const file = editor.document.uri.fsPath;
        output.clear();
        output.appendLine(renderAnalysis(result, file, filePlaces(file, vscode.workspace.asRelativePath(editor.document.uri), (f) => vscode.workspace.asRelativePath(f))));
        output.show(true);
        // Returned as well, for other extensions and tests.
        return result;
      }),
      // A model's CodeLens passes its document and line: the cursor goes there, and the panel follows it.
      vscode.commands.registerCommand('layerLens.showModel', async (uri?: vscode.Uri, line?: number) => {
        if (uri instanceof vscode.Uri && Number.isSafeInteger(line)) {
          // A notebook cell's editor is already on screen (its lens was clicked): select there, open nothing.
          const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()) ?? await vscode.window.showTextDocument(uri);
          const at = new vscode.Position(line!, 0);
          editor.selection = new vscode.Selection(at, at);
        }
        await vscode.commands.executeCommand(`${CostPanel.viewId}.focus`);
        return panel.update();
      }),
      vscode.commands.registerCommand('layerLens.calculator', (preset?: { id: string; values?: string[] }) => runCalculator(preset)),
      // From hovers: `{ topic }`; from the palette: the bundled notes (or the user's first notes file).
      vscode.commands.registerCommand('layerLens.openNotes', async (target?: NotesTarget) => {
        const t = typeof target === 'object' && target !== null ? target : {};
        const asked = typeof t.file === 'string' ? t.file : undefined;
        const clean: NotesTarget = {
          topic: typeof t.topic === 'string' ? t.topic : undefined, section: typeof t.section === 'string' ? t.section : undefined,
          // Only the bundled notes, the configured notes files and Markdown files in the workspace (notesPanel.ts).
          file: asked !== undefined && (await mayShowNotes(context, asked)) ? asked : undefined,
        };
        return (await NotesPanel.show(context, clean)).file;
      }),
      vscode.commands.registerCommand('layerLens.openNotesFile', async (uri?: vscode.Uri) => {
        const file = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
        if (!file || !/\.(md|markdown)$/i.test(file.fsPath)) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Open a Markdown file to show it in the notes view.'));
          return undefined;
        }
        return (await NotesPanel.show(context, { file: file.fsPath })).file;
      }),
      vscode.commands.registerCommand('layerLens.toggleCodeLens', async () => {
        const config = vscode.workspace.getConfiguration('layerLens');
        await config.update('codeLens.enabled', !config.get<boolean>('codeLens.enabled', true), vscode.ConfigurationTarget.Global);
      }),
    );
    return api;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Layer Lens could not start: {0}', String((e as Error).message)));
    throw e;
  }
}

export function deactivate(): void {}
