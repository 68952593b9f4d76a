/**
 * The engine's worker thread in a real VS Code (issue 18): a file that froze the extension host before (thirty
 * factories spinning on lists, over 60 s on the host's thread) now occupies the worker only. Hovers in another
 * file keep answering from what is known, the worker is stopped at its time cap and started again, and the user
 * is told which file and construct it was on.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LayerLensApi } from '../../../src/extension/extension';

const ROOT = path.resolve(__dirname, '../../../..');
const SAMPLE = path.join(ROOT, 'samples', 'tiny_resnet.py');
/** A copy of the sample, edited and saved by the test. */
const COPY = path.join(ROOT, 'test-output', 'engine-sample.py');

const SPINNING = [
  'import torch.nn as nn',
  '',
  ...Array.from({ length: 30 }, (_, i) => [`def make${i}():`, '    while True:', '        junk = [0] * 999999', '    return nn.Linear(2, 2)', '']).flat(),
].join('\n');

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
}

describe('The engine off the extension host\'s thread', () => {
  it('a file that froze the host stops only the worker: hovers elsewhere keep answering, the user is told, the worker comes back', async () => {
    const api = (await vscode.extensions.getExtension<LayerLensApi>('layer-lens.layer-lens')!.activate());
    const config = vscode.workspace.getConfiguration('layerLens');
    await config.update('engine.timeLimitSeconds', 1, vscode.ConfigurationTarget.Global);
    const spinning = path.join(ROOT, 'test-output', 'spin30.py');
    fs.mkdirSync(path.dirname(spinning), { recursive: true });
    fs.writeFileSync(spinning, SPINNING);
    fs.copyFileSync(SAMPLE, COPY);
    try {
      const sample = await vscode.workspace.openTextDocument(vscode.Uri.file(COPY));
      await vscode.window.showTextDocument(sample);
      const stemLine = sample.getText().split('\n').findIndex((l) => l.includes('self.stem = nn.Conv2d'));
      const at = new vscode.Position(stemLine, sample.lineAt(stemLine).text.indexOf('Conv2d') + 2);
      const hover = async () => hoverText((await vscode.commands.executeCommand('vscode.executeHoverProvider', sample.uri, at)) as vscode.Hover[]);
      assert.match(await hover(), /9,408/);
      const restarts = api.engine().restarts;

      // Opening the file sends its findings to the worker, which spins there.
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(spinning));
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Two, preserveFocus: true });
      const busy = await until('the worker to start on the spinning file', () => api.engine().busy?.file === spinning && api.engine().busy);
      assert.match(busy.name, /^def make\d+$|^the top level/);

      // Meanwhile the other file's hover answers, with its figures, while the worker is still on the spinning one.
      const during = await hover();
      assert.match(during, /9,408/);
      assert.match(during, /7×7 conv, 3 → 64 channels/);
      assert.equal(api.engine().restarts, restarts, 'answered before the worker was stopped');

      // The worker overran its 1 s cap: stopped, started again, and the user told where.
      await until('the worker to be stopped', () => api.engine().restarts > restarts);
      assert.match(api.engine().lastStopMessage ?? '', /^Layer Lens stopped analysing .*spin30\.py: (def make\d+|the top level of the file) \(line \d+\) ran for more than 1 s \(layerLens\.engine\.timeLimitSeconds\)\. The next edit of the file is analysed afresh\.$/);
      const problems = await until('the stop in Problems', () => {
        const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.code === 'engine-stopped');
        return d.length > 0 && d;
      });
      assert.match(problems[0].message, /^Layer Lens stopped here: (def make\d+|the top level of the file) ran for more than 1 s/);
      assert.equal(problems[0].severity, vscode.DiagnosticSeverity.Warning);

      // The new worker answers: the other file's figures again, on an edit that needs the engine.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(sample.uri, new vscode.Position(sample.lineCount, 0), '\n');
      await vscode.workspace.applyEdit(edit);
      const analysis = await api.analyze(sample);
      assert.ok(analysis.calls.some((c) => c.type === 'Conv2d' && c.params === 9408));
      // And the spinning file's next version is tried afresh (and stopped again: it still spins).
      const spinEdit = new vscode.WorkspaceEdit();
      spinEdit.insert(doc.uri, new vscode.Position(0, 0), '# edited\n');
      await vscode.workspace.applyEdit(spinEdit);
      const after = api.engine().restarts;
      const again = await api.diagnostics(doc);
      assert.ok(again.some((d) => d.code === 'engine-stopped' && /line \d+|ran for more than 1 s/.test(d.message)), again.map((d) => d.message).join('\n'));
      assert.ok(api.engine().restarts > after, 'the new version ran, and was stopped again');
      await sample.save();
      await doc.save();
    } finally {
      await config.update('engine.timeLimitSeconds', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
