/** Cost budgets in a real VS Code: a model over its budget says so on its CodeLens and in the side panel. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LayerLensApi } from '../../../src/extension/extension';

const ROOT = path.resolve(__dirname, '../../../..');

async function modelLens(doc: vscode.TextDocument, line: number): Promise<string> {
  const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 100)) as vscode.CodeLens[];
  return lenses.filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '').join(' | ');
}

describe('Cost budgets in VS Code', () => {
  it('over budget on the model CodeLens and in the side panel; a budget file edit is followed', async () => {
    const dir = path.join(ROOT, 'test-output', `budget-${Date.now()}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'samples', 'tiny_resnet.py'), path.join(dir, 'model.py'));
    const budget = (multAdds: string) => `[[budget]]\nname = "tiny"\nfile = "model.py"\ncall = "TinyResNet()"\ninput = "1x3x224x224"\nparams = "100K"\nmultAdds = "${multAdds}"\n`;
    fs.writeFileSync(path.join(dir, 'layer-lens.toml'), budget('300M'));
    const api = await vscode.extensions.getExtension<LayerLensApi>('layer-lens.layer-lens')!.activate();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'model.py')));
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('class TinyResNet'));
    const over = await modelLens(doc, line);
    assert.match(over, /^\$\(warning\) Over budget \(tiny\): Mult-Adds 356 M > 300 M · Model: params 93\.6 K/, over);
    // The side panel on that model: the budget, each figure against its limit.
    await vscode.commands.executeCommand('layerLens.costPanel.focus');
    editor.selection = new vscode.Selection(line + 3, 8, line + 3, 8);
    const view = await api.panel();
    assert.ok(view?.type === 'view' && view.title === 'TinyResNet()', JSON.stringify(view));
    assert.deepEqual(view.budgets.map((b) => [b.name, b.source.endsWith('layer-lens.toml'), b.status]), [['tiny', true, 'over']]);
    assert.deepEqual(view.budgets[0].checks.map((c) => [c.label, c.value, c.limit, c.headroom, c.ok]), [
      ['params', '93,642', '100,000', '6,358 (6.4%)', true],
      ['Mult-Adds', '356,100,352', '300,000,000', '−56,100,352 (−18.7%)', false],
    ]);
    // A higher limit in the budget file: the lens follows.
    fs.writeFileSync(path.join(dir, 'layer-lens.toml'), budget('400M'));
    let now = '';
    for (let i = 0; i < 50 && !/within budget$/.test(now); i++) {
      await new Promise((r) => setTimeout(r, 200));
      now = await modelLens(doc, line);
    }
    assert.match(now, /^Model: params 93\.6 K .* · within budget$/, now);
    // A bad entry is left out, and the budget file says why in Problems, at the entry.
    const file = vscode.Uri.file(path.join(dir, 'layer-lens.toml'));
    fs.writeFileSync(file.fsPath, `${budget('400M')}\n[[budget]]\nfile = "model.py"\ncall = "TinyResNet()"\nmacs = 1\n`);
    let problems: vscode.Diagnostic[] = [];
    for (let i = 0; i < 50 && !problems.length; i++) {
      await new Promise((r) => setTimeout(r, 200));
      await modelLens(doc, line);
      problems = vscode.languages.getDiagnostics(file);
    }
    assert.deepEqual(problems.map((d) => [d.range.start.line, d.message]), [
      [8, "Budget left out: unknown key 'macs': the figure is called 'memoryAccessCost'"],
      [8, 'Budget left out: no limit: set at least one of params, multAdds, memoryAccessCost, peakActivationBytes, latencyMs, trainingMemoryBytes'],
    ]);
    assert.match(await modelLens(doc, line), /within budget$/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
