/**
 * The engine's worker thread in a real VS Code (issue 18). A file that held the extension host for seconds before
 * (a 30,000-line model, analysed with the line limit raised) now occupies the worker only: hovers in another file
 * keep answering meanwhile. With the worker's heap capped at 128 MB, the file needs more: the worker is stopped
 * and started again, the user is told which file and construct it was on, and the next version is tried afresh.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configure, until } from './until';
import type { LayerLensApi } from '../../../src/extension/extension';
import { generatedModel } from '../../bench/generated';

const ROOT = path.resolve(__dirname, '../../../..');
const SAMPLE = path.join(ROOT, 'samples', 'tiny_resnet.py');
/** A copy of the sample, edited and saved by the test. */
const COPY = path.join(ROOT, 'test-output', 'engine-sample.py');
const BIG = path.join(ROOT, 'test-output', 'big-30k.py');

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
}

describe('The engine off the extension host\'s thread', () => {
  it('a file that held the host works the worker only: hovers elsewhere keep answering; past its cap the user is told, and the worker comes back', async function () {
    this.timeout(90_000);
    const api = await vscode.extensions.getExtension<LayerLensApi>('layer-lens.layer-lens')!.activate();
    await configure({ maxLines: 40_000, 'engine.memoryLimitMb': 128 });
    fs.mkdirSync(path.dirname(BIG), { recursive: true });
    fs.writeFileSync(BIG, generatedModel(30_000));
    fs.copyFileSync(SAMPLE, COPY);
    try {
      const sample = await vscode.workspace.openTextDocument(vscode.Uri.file(COPY));
      await vscode.window.showTextDocument(sample);
      const stemLine = sample.getText().split('\n').findIndex((l) => l.includes('self.stem = nn.Conv2d'));
      const at = new vscode.Position(stemLine, sample.lineAt(stemLine).text.indexOf('Conv2d') + 2);
      const hover = async () => hoverText((await vscode.commands.executeCommand('vscode.executeHoverProvider', sample.uri, at)) as vscode.Hover[]);
      assert.match(await hover(), /9,408/);
      const restarts = api.engine().restarts;

      // Opening the big file sends its findings to the worker, which works on them for seconds.
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(BIG));
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Two, preserveFocus: true });
      await until('the worker to start on the big file', () => api.engine().busy?.file === BIG);

      // Meanwhile the other file's hover answers with its figures, while the worker is still on the big one.
      const during = await hover();
      assert.match(during, /9,408/);
      assert.match(during, /7×7 conv, 3 → 64 channels/);
      assert.equal(api.engine().busy?.file, BIG, 'answered while the worker was on the big file');
      assert.equal(api.engine().restarts, restarts);

      // The worker needed more than its 128 MB: stopped, started again, and the user told where.
      await until('the worker to be stopped', () => api.engine().restarts > restarts);
      assert.match(api.engine().lastStopMessage ?? '', /^Layer Lens stopped analysing .*big-30k\.py: class Block\d+ \(line \d+\) needed more than 128 MB \(layerLens\.engine\.memoryLimitMb\)\. The next edit of the file is analysed afresh\.$/);
      const problems = await until('the stop in Problems', () => {
        const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.code === 'engine-stopped');
        return d.length > 0 && d;
      });
      assert.match(problems[0].message, /^Layer Lens stopped here: class Block\d+ needed more than the engine's memory \(layerLens\.engine\.memoryLimitMb\)/);
      assert.equal(problems[0].severity, vscode.DiagnosticSeverity.Warning);
      // At the class it was evaluating.
      assert.match(doc.lineAt(problems[0].range.start.line).text, /^class Block\d+\(nn\.Module\):/);

      // The new worker answers: the other file's figures again, on an edit that needs the engine.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(sample.uri, new vscode.Position(sample.lineCount, 0), '\n');
      await vscode.workspace.applyEdit(edit);
      const analysis = await api.analyze(sample);
      assert.ok(analysis.calls.some((c) => c.type === 'Conv2d' && c.params === 9408));
      // And the big file's next version is tried afresh (and stopped again: it still needs more).
      const bigEdit = new vscode.WorkspaceEdit();
      bigEdit.insert(doc.uri, new vscode.Position(0, 0), '# edited\n');
      await vscode.workspace.applyEdit(bigEdit);
      const after = api.engine().restarts;
      const again = await api.diagnostics(doc);
      assert.ok(again.some((d) => d.code === 'engine-stopped' && /needed more than the engine's memory/.test(d.message)), again.map((d) => d.message).join('\n'));
      assert.ok(api.engine().restarts > after, 'the new version ran, and was stopped again');
      await sample.save();
      await doc.save();
    } finally {
      await configure({ 'engine.memoryLimitMb': undefined, maxLines: undefined });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('a file whose loop runs for seconds: the status bar says the engine is evaluating it, and goes quiet when the warning is at the loop', async function () {
    this.timeout(60_000);
    const api = await vscode.extensions.getExtension<LayerLensApi>('layer-lens.layer-lens')!.activate();
    // A loop that runs until the time budget, raised so that it runs past the status item's second.
    await configure({ 'engine.evaluationSeconds': 4, 'engine.maxSteps': 100_000_000 });
    try {
      const copy = path.join(ROOT, 'test-output', 'endless-factory.py');
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'ui', 'endless_factory.py'), copy);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(copy));
      await vscode.window.showTextDocument(doc);
      const seen = new Set<string>();
      const done = api.diagnostics(doc);
      let finished = false;
      void done.then(() => (finished = true));
      while (!finished) {
        if (api.engine().status) seen.add(api.engine().status);
        await new Promise((r) => setTimeout(r, 50));
      }
      const diagnostics = await done;
      assert.ok([...seen].some((t) => /^\$\(loading~spin\) Layer Lens: evaluating (the top level of the file|def make_layers)…$/.test(t)), [...seen].join(' | '));
      const stop = diagnostics.find((d) => d.code === 'budget');
      assert.ok(stop, diagnostics.map((d) => d.message).join('\n'));
      assert.equal(stop.range.start.line, 7, 'on the while loop');
      assert.match(stop.message, /it took longer than the 4 s an evaluation gets/);
      await until('the status item to go', () => api.engine().status === '', 5_000);
    } finally {
      await configure({ 'engine.evaluationSeconds': undefined, 'engine.maxSteps': undefined });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('versions reach the worker as edits: after edits of several places at once, typing, and an undo, the figures equal those of the same text sent whole', async function () {
    this.timeout(60_000);
    const api = await vscode.extensions.getExtension<LayerLensApi>('layer-lens.layer-lens')!.activate();
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: generatedModel(300) });
    const editor = await vscode.window.showTextDocument(doc);
    // Whatever an earlier test left the worker doing is done (a version it was asked about may be sent whole).
    await until('the worker to be idle', () => api.engine().busy === undefined);
    try {
      const before = await api.analyze(doc);
      const sent = api.engine().sent;
      const lineOf = (needle: string, from = 0) => doc.getText().split('\n').findIndex((l, i) => i >= from && l.includes(needle));
      // Three places in one edit (as multiple cursors make): a layer's width, a line added above it, a line removed below.
      const conv = lineOf('planes * 2, kernel_size', 100);
      const col = doc.lineAt(conv).text.indexOf('planes * 2') + 'planes * 2'.length;
      const bn = lineOf('nn.BatchNorm2d', conv + 1);
      await editor.edit((b) => {
        b.insert(new vscode.Position(conv, col), '1');
        b.insert(new vscode.Position(conv, 0), '        self.extra = nn.Linear(3, 5)\n');
        b.delete(new vscode.Range(bn, 0, bn + 1, 0));
      });
      await api.analyze(doc);
      // A lens request VS Code made for a version before an edit, answered after it, goes with the text as it is
      // then (noted in the issue): waiting for the worker between steps keeps this test about edits alone.
      const settled = () => until('the worker to be idle', () => api.engine().busy === undefined);
      await settled();
      // Typing (versions the worker is not asked about in between), one edit undone, and a WorkspaceEdit of two places.
      const fc = lineOf('nn.Linear(planes, ', conv + 2);
      for (const ch of ['4', '2']) await editor.edit((b) => b.insert(new vscode.Position(fc, doc.lineAt(fc).text.indexOf('(planes') + 1), ch));
      await vscode.commands.executeCommand('undo');
      await settled();
      const both = new vscode.WorkspaceEdit();
      both.insert(doc.uri, new vscode.Position(0, 0), '# top\n');
      both.replace(doc.uri, new vscode.Range(doc.lineCount - 1, 0, doc.lineCount - 1, 0), '\nextra = nn.Conv2d(3, 7, 1)\n');
      await vscode.workspace.applyEdit(both);
      const edited = await api.analyze(doc);
      assert.ok(api.engine().sent.edits >= sent.edits + 2, `versions sent as edits: ${JSON.stringify(api.engine().sent)} after ${JSON.stringify(sent)}`);
      assert.equal(api.engine().sent.texts, sent.texts, 'no version went whole');
      // The same text in a new document: sent whole to the worker.
      const fresh = await api.analyze(await vscode.workspace.openTextDocument({ language: 'python', content: doc.getText() }));
      const figures = (r: typeof before) => ({
        calls: r.calls.map((c) => `${c.line}:${c.type}:${c.params}:${c.multAdds}`),
        models: r.models.map((m) => `${m.definition}:${m.totals.params}:${m.totals.multAdds}`),
        diagnostics: r.diagnostics.map((d) => `${d.line}:${d.code}`),
      });
      assert.deepEqual(figures(edited), figures(fresh));
      assert.notDeepEqual(figures(edited), figures(before));
      assert.ok(edited.calls.some((c) => c.type === 'Linear' && c.params === 3 * 5 + 5), 'the added line counted');
      assert.ok(edited.calls.some((c) => c.type === 'Conv2d' && c.params === 3 * 7 + 7), 'the line added at the end counted');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
