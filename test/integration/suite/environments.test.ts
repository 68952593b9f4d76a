/**
 * Installed packages in a real VS Code (issue 30): a package the environments do not have is one warning at its
 * import with a quick fix that opens layerLens.python.paths; once the setting names a folder that has it, the
 * file is analysed again, its model built by the package, and the model says where its class was read from.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { until } from './until';
import type { LayerLensApi } from '../../../src/extension/extension';

const ROOT = path.resolve(__dirname, '../../../..');
const DIR = path.join(ROOT, 'test-output', 'environments');
const SITE = path.join(DIR, 'site');
const FILE = path.join(DIR, 'project', 'train.py');

describe('Installed packages', () => {
  it('a package found nowhere: a warning at its import and a quick fix to the setting; the setting given, the model is read from there', async function () {
    this.timeout(60_000);
    const api = await vscode.extensions.getExtension<LayerLensApi>('layer-lens.layer-lens')!.activate();
    fs.rmSync(DIR, { recursive: true, force: true });
    fs.mkdirSync(path.join(SITE, 'edgenets'), { recursive: true });
    fs.mkdirSync(path.dirname(FILE), { recursive: true });
    fs.writeFileSync(path.join(SITE, 'edgenets', '__init__.py'), [
      'import torch', 'import torch.nn as nn', '', '', 'def build(width=8):', '    return nn.Sequential(nn.Conv2d(3, width, 3), nn.ReLU())', '', '',
      '# Rows picked by the data: how many reach the Linear is known only at most.', 'class Picker(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 4)', '',
      '    def forward(self, x):', '        return self.fc(x[torch.nonzero(x[:, 0] > 0)[:, 0]])', '',
    ].join('\n'));
    fs.writeFileSync(FILE, 'import torch\nimport edgenets\n\nmodel = edgenets.build(width=16)\nout = model(torch.randn(1, 3, 32, 32))\npicker = edgenets.Picker()\nrows = picker(torch.randn(16, 8))\n');
    const config = vscode.workspace.getConfiguration('layerLens');
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(FILE));
      await vscode.window.showTextDocument(doc);
      const missing = await until('the missing-package warning', async () => (await api.diagnostics(doc)).find((d) => d.code === 'missing-package'));
      assert.equal(missing.range.start.line, 1);
      assert.equal(missing.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(missing.message, /^`edgenets` is not installed in the Python environments Layer Lens searched, so what it defines is not known: .*Give the one that has it in layerLens\.python\.paths/);
      assert.deepEqual((await api.diagnostics(doc)).filter((d) => d.severity === vscode.DiagnosticSeverity.Error), []);
      const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, missing.range)) as vscode.CodeAction[];
      const fix = actions.find((a) => a.command?.command === 'workbench.action.openSettings');
      assert.ok(fix, actions.map((a) => a.title).join(', '));
      assert.deepEqual(fix.command!.arguments, ['layerLens.python.paths']);

      // The setting names the folder: the file is analysed again without being edited.
      await config.update('python.paths', [SITE], vscode.ConfigurationTarget.Global);
      const model = await until('the model read from the setting\'s folder', async () => (await api.analyze(doc)).models.find((m) => m.source));
      assert.equal(model.totals.params, 3 * 16 * 9 + 16);
      assert.deepEqual(model.output, [[1, 16, 30, 30]]);
      assert.equal(model.name, 'edgenets.build(width=16)');
      assert.deepEqual(model.source?.environment, { dir: fs.realpathSync(SITE), source: 'layerLens.python.paths' });
      assert.deepEqual((await api.diagnostics(doc)).filter((d) => d.code === 'missing-package'), []);
      // A model the package builds whose costs are bounds: its card writes ≤ and says where the data decides.
      const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(5, 2))) as vscode.Hover[];
      const card = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
      assert.match(card, /≤ 512/);
      assert.match(card, /Costs at most these, from train\.py:7: Only the data decides how many of the 16 elements are non-zero: costed at the most it can be, 16 \(first in \\_\\_init\\_\\_\.py:16, which this call runs\)/);
    } finally {
      await config.update('python.paths', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
