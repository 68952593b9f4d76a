/** Layer Lens in Jupyter notebooks inside a real VS Code: every surface on Python cells, across cells. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LayerLensApi } from '../../../src/extension/extension';

const ROOT = path.resolve(__dirname, '../../../..');

/** A copy of the sample notebook (tests edit it), opened in a notebook editor. */
async function openNotebook(): Promise<vscode.NotebookDocument> {
  const dir = path.join(ROOT, 'test-output', 'notebooks');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `demo-${Date.now()}.ipynb`);
  fs.copyFileSync(path.join(ROOT, 'samples', 'notebook_demo.ipynb'), file);
  const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
  await vscode.window.showNotebookDocument(nb);
  return nb;
}

async function api(): Promise<LayerLensApi> {
  return vscode.extensions.getExtension<LayerLensApi>('layer-lens.layer-lens')!.activate();
}

async function lensTitles(doc: vscode.TextDocument): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 100)) as vscode.CodeLens[];
  return lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title ?? ''}`);
}

async function edit(doc: vscode.TextDocument, from: string, to: string): Promise<void> {
  const at = doc.getText().indexOf(from);
  assert.ok(at >= 0, from);
  const e = new vscode.WorkspaceEdit();
  e.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(e));
}

describe('Layer Lens in a Jupyter notebook', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('CodeLens, hover and Problems on Python cells: a class from one cell, imports from another, the input from a third', async () => {
    const nb = await openNotebook();
    const layer = await api();
    const [imports, model, run] = [nb.cellAt(1).document, nb.cellAt(2).document, nb.cellAt(4).document];
    assert.deepEqual([imports, model, run].map((d) => [d.uri.scheme, d.languageId]), Array(3).fill(['vscode-notebook-cell', 'python']));
    // Cell 2 builds its layers with `nn` imported in cell 1; lines are the cell's own.
    const titles = await lensTitles(model);
    // The model's input comes from `x = torch.randn(8, 3, 32, 32)` and `model(x)` in cell 4.
    assert.ok(titles.includes('4: Conv2d: params 448 · Mult-Adds 3.54 M · MAC 156 K — in SmallCNN()'), titles.join('\n'));
    const total = titles.find((t) => t.startsWith('1: Model:'));
    assert.equal(total, "1: Model: params 618 · Mult-Adds 3.54 M · FLOPs 7.08 M · MAC 288 K · input 8×3×32×32 (the code's own call)");
    // Hover on the conv in cell 2, with the model's count once the models are in.
    await layer.analyze(model);
    const conv = model.lineAt(3).text.indexOf('nn.Conv2d');
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', model.uri, new vscode.Position(3, conv + 4))) as vscode.Hover[];
    const card = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value)).join('\n');
    assert.match(card, /\*\*Conv2d\*\*/);
    assert.match(card, /In SmallCNN\(\) on 8×3×32×32 \(the code's own call\): built once, called once · 8×3×32×32 → 8×16×32×32/);
    assert.match(card, /\n\s*448\s+3,538,944\s/);
    // Problems: the bad conv is in cell 4 at its arguments, and nowhere else.
    const problems = await layer.diagnostics(run);
    const groups = problems.find((d) => /must be divisible by groups/.test(d.message));
    assert.ok(groups, problems.map((d) => d.message).join('\n'));
    assert.equal(run.getText(groups.range), 'groups=4');
    assert.deepEqual((await layer.diagnostics(model)).filter((d) => d.severity === vscode.DiagnosticSeverity.Error), []);
    assert.deepEqual((await layer.diagnostics(imports)), []);
  });

  it('the side panel on a cell: the model the cursor is in, on the input from another cell, rows at the cell\'s lines', async () => {
    const nb = await openNotebook();
    const layer = await api();
    const model = nb.cellAt(2).document;
    const editor = await vscode.window.showTextDocument(model);
    assert.equal(editor.document, model);
    editor.selection = new vscode.Selection(4, 8, 4, 8);
    const view = await layer.panel();
    assert.ok(view?.type === 'view', JSON.stringify(view));
    assert.equal(view.title, 'SmallCNN()');
    assert.deepEqual([view.input.batch, view.input.shape, view.input.editable], [8, '3x32x32', true]);
    assert.deepEqual(view.layers.map((l) => [l.line, l.name]), [[4, 'conv'], [5, 'pool'], [6, 'fc']]);
    assert.equal(view.totals.params, 618);
  });

  it('an edit in one cell changes what the cells that depend on it show', async () => {
    const nb = await openNotebook();
    await api();
    const [imports, model, run] = [nb.cellAt(1).document, nb.cellAt(2).document, nb.cellAt(4).document];
    // A smaller batch in cell 4: the model lens in cell 2 follows.
    await edit(run, 'torch.randn(8,', 'torch.randn(4,');
    const total = (await lensTitles(model)).find((t) => t.startsWith('1: Model:'));
    assert.equal(total, "1: Model: params 618 · Mult-Adds 1.77 M · FLOPs 3.54 M · MAC 144 K · input 4×3×32×32 (the code's own call)");
    // Without the import in cell 1, cell 2's calls are no longer torch layers.
    await edit(imports, 'import torch.nn as nn', 'import torch');
    assert.deepEqual((await lensTitles(model)).filter((t) => /Conv2d|Linear/.test(t)), []);
  });
});
