/**
 * Quick fixes for Layer Lens's findings: a package found in none of the Python environments (`missing-package`)
 * offers the setting that names where it is, and the Python extension's interpreter picker when it is installed.
 */
import * as vscode from 'vscode';

export class LayerQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  static register(): vscode.Disposable {
    return vscode.languages.registerCodeActionsProvider({ language: 'python' }, new LayerQuickFixes(), { providedCodeActionKinds: LayerQuickFixes.kinds });
  }

  provideCodeActions(_doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const missing = context.diagnostics.filter((d) => d.source === 'Layer Lens' && d.code === 'missing-package');
    if (!missing.length) return [];
    const setting = new vscode.CodeAction(vscode.l10n.t('Give Layer Lens the Python environment that has it (layerLens.python.paths)'), vscode.CodeActionKind.QuickFix);
    setting.command = { title: setting.title, command: 'workbench.action.openSettings', arguments: ['layerLens.python.paths'] };
    setting.diagnostics = missing;
    setting.isPreferred = true;
    const out = [setting];
    if (vscode.extensions.getExtension('ms-python.python')) {
      const pick = new vscode.CodeAction(vscode.l10n.t('Select the Python interpreter that has it'), vscode.CodeActionKind.QuickFix);
      pick.command = { title: pick.title, command: 'python.setInterpreter' };
      pick.diagnostics = missing;
      out.push(pick);
    }
    return out;
  }
}
