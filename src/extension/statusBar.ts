/**
 * The status bar item: while the engine has been evaluating for more than a second, it says so and names the file
 * and construct (a class, a factory, the file's top level), so that a slow file is never silent; hidden otherwise.
 * It reads the engine's state a few times a second, which costs a getter call.
 */
import * as vscode from 'vscode';
import type { DocumentStore } from './documents';

/** How long the engine works before the item shows (a refresh usually answers well within it). */
const SHOW_AFTER_MS = 1000;
const POLL_MS = 250;

export class EngineStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('layerLens.engine', vscode.StatusBarAlignment.Left, 10);
  private readonly timer: ReturnType<typeof setInterval>;
  /** What the item says now ('' when hidden), for the integration tests. */
  text = '';

  constructor(private readonly store: DocumentStore) {
    this.item.name = 'Layer Lens';
    this.timer = setInterval(() => this.update(), POLL_MS);
  }

  private update(): void {
    const { busy, busySince } = this.store.engineState;
    if (!busy || busySince === undefined || Date.now() - busySince < SHOW_AFTER_MS) {
      if (this.text) this.item.hide();
      this.text = '';
      return;
    }
    const file = vscode.workspace.asRelativePath(busy.file);
    const text = `$(loading~spin) ${vscode.l10n.t('Layer Lens: evaluating {0}…', busy.name)}`;
    if (text !== this.text) {
      this.item.text = text;
      this.item.tooltip = vscode.l10n.t('Layer Lens is evaluating {0} in {1} (line {2}); its figures show when it is done.', busy.name, file, busy.line);
      this.item.show();
      this.text = text;
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.item.dispose();
  }
}
