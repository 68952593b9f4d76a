/**
 * The extension host side: a thin adapter from VS Code to src/core. Each surface lives in its own file;
 * this one only wires them together and returns the API that integration tests read results through.
 */
import * as vscode from 'vscode';
import { analyzeText } from '../core/analyze';
import type { FileAnalysis } from '../core/results';
import { analyzeOptions } from './config';
import { renderTable } from '../cli/table';

export interface LayerLensApi {
  /** The analysis of a document's current text, as every surface sees it. */
  analyze(document: vscode.TextDocument): FileAnalysis;
}

export function activate(context: vscode.ExtensionContext): LayerLensApi {
  const output = vscode.window.createOutputChannel('Layer Lens');
  context.subscriptions.push(output);
  const api: LayerLensApi = {
    analyze: (document) => {
      const { calls, diagnostics } = analyzeText(document.getText(), analyzeOptions());
      return { calls, diagnostics };
    },
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('layerLens.analyzeFile', () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'python') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a Python file to analyse its layers.'));
        return undefined;
      }
      const result = api.analyze(editor.document);
      output.clear();
      output.appendLine(renderTable(vscode.workspace.asRelativePath(editor.document.uri), result.calls, result.diagnostics));
      output.show(true);
      // Returned as well, for other extensions and tests.
      return result;
    }),
  );
  return api;
}

export function deactivate(): void {}
