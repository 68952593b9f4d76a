/** Layer Lens inside a real VS Code: activation, commands, settings, results through the extension's API. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LayerLensApi } from '../../../src/extension/extension';
import { generatedModel } from '../../bench/generated';

const ROOT = path.resolve(__dirname, '../../../..');
const SAMPLE = path.join(ROOT, 'samples', 'tiny_resnet.py');

async function openSample(): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(SAMPLE));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/**
 * The hover at a place, as a user gets it: while the engine is still on another file (the previous test's), the
 * hover says so and its figures show on the next hover, so the next hover is asked, as the user would, a moment later.
 */
async function settledHover(uri: vscode.Uri, at: vscode.Position): Promise<string> {
  for (let k = 0; ; k++) {
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, at)) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    if (!text.includes('still evaluating this file') || k === 60) return text;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function extension(): vscode.Extension<LayerLensApi> {
  const ext = vscode.extensions.getExtension<LayerLensApi>('layer-lens.layer-lens');
  assert.ok(ext, 'Layer Lens is installed');
  return ext;
}

describe('Layer Lens in VS Code', () => {
  it('activates when a Python file opens', async () => {
    await openSample();
    const ext = extension();
    for (let i = 0; i < 100 && !ext.isActive; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(ext.isActive, true);
  });

  it('analyses the open document with the same engine as the CLI', async () => {
    const doc = await openSample();
    const api = await extension().activate();
    const { calls } = await api.analyze(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('self.stem = nn.Conv2d')) + 1;
    const stem = calls.find((c) => c.line === line);
    assert.ok(stem, `the stem conv on line ${line}`);
    assert.deepEqual([stem.type, stem.params, stem.multAdds, stem.memoryAccessCost], ['Conv2d', 9408, 118_013_952, 962_752]);
    // In the model that runs it, on the input the file's own `model(torch.randn(1, 3, 224, 224))` gives.
    assert.deepEqual(stem.inputSource, { kind: 'model', model: 'TinyResNet()', input: 'code', shapes: [[1, 3, 224, 224]] });
    const broken = calls.find((c) => c.diagnostics.length > 0);
    assert.match(broken!.diagnostics[0].message, /must be divisible by groups/);
  });

  it('runs "Analyse Layers in This File" from the command palette', async () => {
    await openSample();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('layerLens.analyzeFile'));
    const result = (await vscode.commands.executeCommand('layerLens.analyzeFile')) as { calls: unknown[] } | undefined;
    assert.ok(result && result.calls.length > 10, 'the command returns what it shows');
  });

  it('reads its settings: the default input applies to a layer line no model runs, never to one a model runs', async () => {
    const file = path.join(ROOT, 'test-output', 'standalone.py');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'import torch.nn as nn\n\nfc = nn.Linear(128, 10)\n');
    const alone = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const doc = await openSample();
    const api = await extension().activate();
    const config = vscode.workspace.getConfiguration('layerLens');
    await config.update('defaultInput.batch', 4, vscode.ConfigurationTarget.Global);
    try {
      const linear = (await api.analyze(alone)).calls.find((c) => c.type === 'Linear');
      assert.deepEqual([linear?.inputShape, linear?.inputSource?.kind], [[4, 128], 'default']);
      const inModel = (await api.analyze(doc)).calls.find((c) => c.type === 'Linear');
      assert.deepEqual([inModel?.inputShape, inModel?.inputSource?.kind], [[1, 128], 'model']);
    } finally {
      await config.update('defaultInput.batch', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('contributes every setting with a description, in English and Simplified Chinese', () => {
    const ext = extension();
    const props = ext.packageJSON.contributes.configuration.properties as Record<string, { description: string }>;
    assert.ok(Object.keys(props).length >= 5);
    const manifest = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8'));
    const zh = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
    for (const [key, p] of Object.entries(props)) {
      // VS Code shows the description resolved from package.nls.json; the Chinese one must exist too.
      assert.ok(p.description.length > 20 && !p.description.startsWith('%'), `${key} has a description`);
      const nlsKey = /^%(.*)%$/.exec(manifest.contributes.configuration.properties[key].description)?.[1];
      assert.ok(nlsKey && zh[nlsKey], `${key} has a Simplified Chinese description`);
    }
  });
});

describe('Layer Lens surfaces', () => {
  it('hover card: the layer in words, its figures and the formula with the numbers filled in', async () => {
    const doc = await openSample();
    await extension().activate();
    const stemLine = doc.getText().split('\n').findIndex((l) => l.includes('self.stem = nn.Conv2d'));
    const col = doc.lineAt(stemLine).text.indexOf('Conv2d');
    const text = await settledHover(doc.uri, new vscode.Position(stemLine, col + 2));
    assert.match(text, /7×7 conv, 3 → 64 channels, stride 2/);
    assert.match(text, /9,408/);
    assert.match(text, /Mult-Adds = D_K·D_K·M·N·D_F·D_F = 7·7·3·64·112·112 = 118,013,952/);
    assert.doesNotMatch(text, /\bMACs\b/);
  });

  it('hover card: one line of time on the chosen device, and none without one', async () => {
    const doc = await openSample();
    await extension().activate();
    const stemLine = doc.getText().split('\n').findIndex((l) => l.includes('self.stem = nn.Conv2d'));
    const at = new vscode.Position(stemLine, doc.lineAt(stemLine).text.indexOf('Conv2d') + 2);
    const hover = async () => ((await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, at)) as vscode.Hover[])
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.doesNotMatch(await hover(), /\$\(clock\)/);
    const config = vscode.workspace.getConfiguration('layerLens');
    await config.update('device', 'pixel1-cpu', vscode.ConfigurationTarget.Global);
    try {
      const text = await hover();
      const lines = text.split('\n').filter((l) => l.includes('$(clock)'));
      assert.equal(lines.length, 1, text);
      assert.match(lines[0], /^\$\(clock\) [\d.]+–[\d.]+ ms on Google Pixel 1, one big Kryo core .*, (memory|compute)-bound · _a range, not a prediction_$/);
    } finally {
      await config.update('device', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('hover card: how many times forward runs a layer built in a loop', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(ROOT, 'samples', 'focal_loss.py')));
    await vscode.window.showTextDocument(doc);
    await extension().activate();
    const line = doc.getText().split('\n').findIndex((l) => l.includes('layers += [nn.Conv2d(channels, channels'));
    const col = doc.lineAt(line).text.indexOf('Conv2d');
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, col + 2))) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(text, /In ClassificationHead\(\) on 1×256×32×32 \(annotated\): built 4 times, called 4 times · 1×256×32×32 → 1×256×32×32/);
    // Params per instance and in all; Mult-Adds over the four calls.
    // In the card's padded block, under their headers.
    assert.match(text, /\n590,080 × 4 = 2,360,320\s+2,415,919,104\s/);
  });

  it('CodeLens: params · Mult-Adds · MAC on layer lines, and model totals on classes', async () => {
    const doc = await openSample();
    await extension().activate();
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 100)) as vscode.CodeLens[];
    const titles = lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title ?? ''}`);
    const stemLine = doc.getText().split('\n').findIndex((l) => l.includes('self.stem = nn.Conv2d')) + 1;
    assert.ok(titles.includes(`${stemLine}: Conv2d: params 9.41 K · Mult-Adds 118 M · MAC 963 K — in TinyResNet()`), titles.join('\n'));
    const model = titles.find((t) => t.includes('Model: params 93.6 K'));
    assert.ok(model, titles.join('\n'));
    assert.match(model!, /input 1×3×224×224 \(the code's own call\)/);
    // BasicBlock, used only inside TinyResNet: seen there, on the shapes TinyResNet gives it.
    const blockLine = doc.getText().split('\n').findIndex((l) => l.startsWith('class BasicBlock')) + 1;
    assert.ok(titles.includes(`${blockLine}: In TinyResNet() (block, one of 1): params 74.0 K · Mult-Adds 231 M · FLOPs 462 M · MAC 3.08 M · input 1×64×56×56 (the code's own call)`), titles.join('\n'));
    const conv1 = doc.getText().split('\n').findIndex((l) => l.includes('self.conv1 = nn.Conv2d')) + 1;
    assert.ok(titles.includes(`${conv1}: Conv2d: params 36.9 K · Mult-Adds 116 M · MAC 438 K — in TinyResNet()`), titles.join('\n'));
  });

  it('a size only the data decides: the model lens writes ≤ before the costs, and Problems says where', async () => {
    const api = await extension().activate();
    const content = [
      'import torch', 'import torch.nn as nn', '', '', 'class Picker(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 4)', '',
      '    def forward(self, x):', '        keep = torch.nonzero(x[:, 0] > 0)[:, 0]', '        return self.fc(x[keep])', '', '', 'model = Picker()', 'out = model(torch.randn(16, 8))', '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
    await vscode.window.showTextDocument(doc);
    try {
      const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 100)) as vscode.CodeLens[];
      const model = lenses.find((l) => l.range.start.line === 4)?.command?.title ?? '';
      // 16 rows at most reach the Linear: 16·8·4 Mult-Adds, a bound.
      assert.match(model, /^Model: params 36 · Mult-Adds ≤ 512 · FLOPs ≤ 1\.02 K · MAC ≤ [\d.]+( K)? · input 16×8 \(the code's own call\)$/, lenses.map((l) => l.command?.title).join('\n'));
      const info = (await api.diagnostics(doc)).find((d) => d.code === 'at-bound');
      assert.equal(info?.range.start.line, 10);
      assert.equal(info?.severity, vscode.DiagnosticSeverity.Information);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('CodeLens after an edit: every lens comes titled, with no resolve round trip (layer lines, and the models the engine had at hand)', async () => {
    const doc = await openSample();
    const api = await extension().activate();
    const lenses = async (resolve?: number) => ((await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, resolve)) as vscode.CodeLens[])
      .map((l) => `${l.range.start.line + 1}: ${l.command?.title ?? '(unresolved)'}`);
    // Problems has the complete analysis: every model of this version is known.
    await api.diagnostics(doc);
    const resolved = await lenses(100);
    const edit = new vscode.WorkspaceEdit();
    // Inside Sequence's forward: the other classes' models carry over to the new version.
    const lines = doc.getText().split('\n');
    const forward = lines.findIndex((l, i) => l.includes('def forward') && i > lines.findIndex((x) => x.startsWith('class Sequence')));
    edit.insert(doc.uri, new vscode.Position(forward, 0), '    # a comment\n');
    try {
      assert.ok(await vscode.workspace.applyEdit(edit));
      // Resolving none (VS Code then leaves out the lenses without a title): the same titles as resolved ones, a
      // line lower below the edit. Resolved later: the model with a budget (checked then), and the edited class's.
      const moved = resolved.map((t) => t.replace(/^(\d+):/, (_, n: string) => `${Number(n) > forward ? Number(n) + 1 : Number(n)}:`)).sort();
      const titled = (await lenses(0)).sort();
      const sequence = lines.findIndex((x) => x.startsWith('class Sequence')) + 1;
      assert.deepEqual(titled, moved.filter((t) => !t.endsWith('within budget') && !t.startsWith(`${sequence}:`)));
      assert.ok(titled.some((t) => /: In TinyResNet\(\) \(block, one of 1\): params 74\.0 K/.test(t)) && titled.some((t) => /: Conv2d: params 9\.41 K/.test(t)), titled.join('\n'));
      assert.deepEqual((await lenses(100)).sort(), moved);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('CodeLens: an edit starts the engine on the new version\'s lenses before VS Code asks for them; the request then asks nothing more', async () => {
    const api = await extension().activate();
    const lines = generatedModel(400).split('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: lines.join('\n') });
    const lenses = async () => ((await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri)) as vscode.CodeLens[]).map((l) => l.command?.title ?? '');
    // Not shown in an editor: nothing but this test asks for its lenses (an editor would, after its own debounce).
    await lenses();
    const asked = () => api.engine().asked.lines ?? 0;
    const before = asked();
    // A line within the lenses' window whether or not an editor shows the document (shown: what it shows and
    // 150 lines around; not shown: the first 600 lines), away from the top.
    const conv = lines.findIndex((l, i) => i > 100 && l.includes('planes * 2, kernel_size'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(conv, lines[conv].indexOf('planes * 2') + 'planes * 2'.length), '1');
    assert.ok(await vscode.workspace.applyEdit(edit));
    for (let k = 0; k < 250 && asked() === before; k++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(asked(), before + 1, 'the edit asked for the lenses\' lines');
    const titles = await lenses();
    assert.equal(asked(), before + 1, 'the request found the question already asked');
    assert.ok(titles.some((t) => t.startsWith('Conv2d: params 774 K')), titles.join('\n'));
  });

  it('diagnostics: a rejected layer is in the Problems panel at its arguments', async () => {
    const doc = await openSample();
    const api = await extension().activate();
    await api.diagnostics(doc);
    const problems = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Layer Lens');
    const groups = problems.find((d) => /in_channels \(64\) must be divisible by groups \(5\)/.test(d.message));
    assert.ok(groups, problems.map((d) => d.message).join('\n'));
    assert.equal(groups.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(groups.range), 'groups=5');
  });

  it('an unannotated GPT: lenses and hovers in TinyGPT() on its own tokens, attention in the totals, no red error on its blocks', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(ROOT, 'samples', 'tiny_gpt.py')));
    await vscode.window.showTextDocument(doc);
    const api = await extension().activate();
    const lines = doc.getText().split('\n');
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 200)) as vscode.CodeLens[];
    const titles = lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title ?? ''}`);
    // Two attention blocks build this line, and TinyGPT calls each once: the params of both, the Mult-Adds of both calls.
    assert.ok(titles.includes(`${at('self.c_attn = nn.Linear')}: Linear ×2: params 395 K · Mult-Adds 805 M · MAC 4.59 M — in TinyGPT()`), titles.join('\n'));
    // The totals include the attention (scaled_dot_product_attention and q @ kᵀ, A @ v): 4.29 G of the 14.9 G. The MAC
    // includes the causal mask's `== 0`, an element-wise op over 1024×1024 in each manual block.
    assert.ok(titles.includes(`${at('class TinyGPT')}: Model: params 7.52 M · Mult-Adds 14.9 G · FLOPs 29.9 G · MAC 317 M · input 2×1024 (the code's own call)`), titles.join('\n'));
    assert.ok(titles.some((t) => t.startsWith(`${at('class Block(')}: In TinyGPT() (blocks.0, one of 4): params 790 K · Mult-Adds 2.68 G`)), titles.join('\n'));
    const sdpa = at('F.scaled_dot_product_attention(') - 1;
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(sdpa, lines[sdpa].indexOf('scaled') + 2))) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value)).join('\n');
    assert.match(text, /\*\*Operations on this line\*\* — in TinyGPT\(\)/);
    assert.match(text, /`F\.scaled_dot_product_attention` ×2: Mult-Adds 2,147,483,648 · FLOPs 4,294,967,296/);
    const card = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(at('self.lm_head = nn.Linear') - 1, 25))) as vscode.Hover[];
    assert.match((card[0].contents[0] as vscode.MarkdownString).value, /In TinyGPT\(\) on 2×1024 \(the code's own call\): built once, called once · 2×1024×256 → 2×1024×8000/);
    assert.deepEqual((await api.diagnostics(doc)).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
  });

  it('CodeLens: a layer line whose call stops parsing keeps a placeholder until the edits settle, never a stale figure', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import torch.nn as nn\nconv = nn.Conv2d(3, 8, 3)  # layer-lens: input 1x3x8x8\nrelu = nn.ReLU()  # layer-lens: input 1x8x6x6\n' });
    const alone = ' — alone, annotated input';
    await vscode.window.showTextDocument(doc);
    await extension().activate();
    const titles = async () => ((await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 100)) as vscode.CodeLens[])
      .map((l) => `${l.range.start.line}: ${l.command?.title}`).sort();
    assert.deepEqual(await titles(), [`1: Conv2d: params 224 · Mult-Adds 7.78 K · MAC 704${alone}`, `2: ReLU: params 0 · Mult-Adds 0 · MAC 576${alone}`]);
    // Delete the `(`: line 2 is no longer a call. An edit above it (a new first line) moves both lenses down.
    const edit = new vscode.WorkspaceEdit();
    edit.delete(doc.uri, new vscode.Range(1, 16, 1, 17));
    edit.insert(doc.uri, new vscode.Position(0, 0), '# a comment\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.deepEqual(await titles(), ['2: Layer Lens: …', `3: ReLU: params 0 · Mult-Adds 0 · MAC 576${alone}`]);
    const ms = vscode.workspace.getConfiguration('layerLens').get<number>('debounceMs', 300);
    await new Promise((r) => setTimeout(r, ms + 100));
    assert.deepEqual(await titles(), [`3: ReLU: params 0 · Mult-Adds 0 · MAC 576${alone}`]);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('CodeLens on a file of thousands of layer lines: only those near the visible lines, following the scroll', async () => {
    const { generatedModel } = await import('../../bench/generated');
    const file = path.join(ROOT, 'test-output', 'many-layers.py');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, generatedModel(10_000));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(doc);
    await extension().activate();
    const lines = async () => ((await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri)) as vscode.CodeLens[]).map((l) => l.range.start.line);
    const top = await lines();
    assert.ok(top.length > 20 && top.length < 600, `${top.length} lenses`);
    assert.ok(Math.max(...top) < 1000, 'near the top');
    editor.revealRange(new vscode.Range(6000, 0, 6000, 0), vscode.TextEditorRevealType.AtTop);
    await new Promise((r) => setTimeout(r, 400));
    const middle = await lines();
    assert.ok(middle.some((l) => l >= 6000 && l < 6050), 'lenses where the view now is');
    assert.ok(middle.every((l) => l > 5000 && l < 7000));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a file past layerLens.maxLines is not analysed, and says so', async () => {
    const api = await extension().activate();
    const { generatedModel } = await import('../../bench/generated');
    const file = path.join(ROOT, 'test-output', 'too-long.py');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, generatedModel(120));
    await vscode.workspace.getConfiguration('layerLens').update('maxLines', 100, vscode.ConfigurationTarget.Global);
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
      const analysis = await api.analyze(doc);
      assert.deepEqual(analysis.calls, []);
      assert.match(analysis.diagnostics[0].message, /not analysed: 1\d\d lines, more than layerLens.maxLines \(100 lines, 200 characters a line\) allows/);
      assert.deepEqual(analysis.models, []);
      assert.equal(((await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 10)) as vscode.CodeLens[]).length, 0);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.getConfiguration('layerLens').update('maxLines', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('the CodeLens toggle command turns lenses off and on', async () => {
    const doc = await openSample();
    await vscode.commands.executeCommand('layerLens.toggleCodeLens');
    try {
      const off = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 100)) as vscode.CodeLens[];
      assert.equal(off.filter((l) => l.command?.title.includes('Mult-Adds')).length, 0);
    } finally {
      await vscode.commands.executeCommand('layerLens.toggleCodeLens');
    }
    const on = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 100)) as vscode.CodeLens[];
    assert.ok(on.some((l) => l.command?.title.includes('Mult-Adds')));
  });
});

describe('Layer Lens side panel', () => {
  async function placeCursor(file: string, needle: string): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(ROOT, 'samples', file)));
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes(needle));
    editor.selection = new vscode.Selection(line, 4, line, 4);
    return editor;
  }

  it('opens in its own view and shows the model the cursor is in, with every layer', async () => {
    const api = await extension().activate();
    await vscode.commands.executeCommand('layerLens.costPanel.focus');
    await placeCursor('tiny_resnet.py', 'self.stem = nn.Conv2d');
    const view = await api.panel();
    assert.ok(view && view.type === 'view', JSON.stringify(view));
    assert.equal(view.scope, 'model');
    assert.equal(view.title, 'TinyResNet()');
    assert.deepEqual([view.input.kind, view.input.batch, view.input.shape, view.input.dtype, view.input.edited], ['model', 1, '3x224x224', 'float32', false]);
    // Modules (4,961,236 MAC, as PyTorch's hooks count them) and the residual add in BasicBlock's forward.
    assert.deepEqual(view.totals, { params: 93_642, multAdds: 356_100_352, flops: 712_200_704, memoryAccessCost: 5_563_348, memoryAccessBytes: 4 * 5_563_348 });
    assert.deepEqual(view.layers.slice(0, 2).map((l) => [l.name, l.type]), [['stem', 'Conv2d'], ['pool', 'MaxPool2d']]);
    assert.deepEqual(view.layers.filter((l) => l.params === null).map((l) => [l.name, l.type, l.memoryAccessCost]), [['block', '+', 602_112]]);
  });

  it('shows triplet combinatorics for a P×K setup', async () => {
    const api = await extension().activate();
    await placeCursor('triplet_training.py', 'P, K = 16, 4');
    const view = await api.panel();
    assert.ok(view && view.type === 'view' && view.triplets);
    const c = view.triplets.counts;
    assert.deepEqual([c.batchHard, c.batchAll, c.distanceMatrix], [64, 11_520, 4096]);
    assert.equal(view.triplets.mining, 'batch-hard');
    // Only the loss selected: P and K from elsewhere in the file, and its mining strategy.
    const editor = await placeCursor('triplet_training.py', 'def batch_hard_triplet_loss');
    const line = editor.selection.start.line;
    editor.selection = new vscode.Selection(line, 0, line, 200);
    const loss = await api.panel();
    assert.ok(loss?.type === 'view' && loss.triplets);
    assert.equal(loss.triplets.source, 'P, K = 16, 4 (elsewhere in the file)');
    assert.equal(loss.triplets.counts.batchHard, 64);
  });

  it('the input fields recompute the model: batch, shape and dtype; bad input is refused with a message', async () => {
    const api = await extension().activate();
    await placeCursor('tiny_resnet.py', 'self.stem = nn.Conv2d');
    const base = await api.panel();
    assert.ok(base?.type === 'view');
    try {
      const view = await api.panelMessage({ type: 'input', batch: 8, shape: '3x112x112', dtype: 'float16' });
      assert.ok(view?.type === 'view');
      assert.deepEqual([view.input.batch, view.input.shape, view.input.dtype, view.input.edited], [8, '3x112x112', 'float16', true]);
      // Every Mult-Add scales with the batch; the spatial layers by a quarter at half the size (the GRU head keeps its own input).
      assert.notEqual(view.totals.multAdds, base.totals.multAdds);
      assert.equal(view.layers[0].output, '8×64×56×56');
      assert.equal(view.totals.memoryAccessBytes, 2 * view.totals.memoryAccessCost!);
      const bad = await api.panelMessage({ type: 'input', batch: 8, shape: '3xbig', dtype: 'float16' });
      assert.ok(bad?.type === 'view');
      assert.match(bad.input.error ?? '', /cannot read the shape/);
      assert.equal(bad.totals.multAdds, view.totals.multAdds); // the last good input still applies
      // Not one of ours: dropped, nothing changes.
      const dropped = await api.panelMessage({ type: 'input', batch: -1, shape: '3x1x1', dtype: 'float16' });
      assert.equal(dropped?.type === 'view' && dropped.input.batch, 8);
    } finally {
      const reset = await api.panelMessage({ type: 'resetInput' });
      assert.ok(reset?.type === 'view');
      assert.equal(reset.totals.multAdds, base.totals.multAdds);
    }
  });

  it("checks ShuffleNet V2's guidelines with numbers", async () => {
    const api = await extension().activate();
    await placeCursor('shufflenet_unit.py', 'branch = channels // 2');
    const view = await api.panel();
    assert.ok(view?.type === 'view');
    assert.equal(view.title, 'ShuffleV2Unit()');
    const g = Object.fromEntries(view.guidelines.map((c) => [c.id, c]));
    assert.deepEqual(view.guidelines.map((c) => c.status), ['ok', 'ok', 'ok', 'ok']);
    assert.equal(g.G1.figures.excess, 0); // 58 → 58: equal widths meet the bound
    assert.equal(g.G2.figures.depthwiseConvs, 1);
    assert.match(g.G4.summary, /element-wise operations make \d+(\.\d)?% of the MAC/);
  });

  it("a model's CodeLens opens the side panel on that model", async () => {
    await extension().activate();
    const editor = await placeCursor('tiny_resnet.py', 'self.rnn = nn.GRU');
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('class TinyResNet'));
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', editor.document.uri, 100)) as vscode.CodeLens[];
    const lens = lenses.find((l) => l.range.start.line === line && l.command?.title.startsWith('Model:'));
    assert.ok(lens?.command, 'the model lens');
    const view = (await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []))) as import('../../../src/core/protocol/costPanel').ToPanel;
    assert.ok(view?.type === 'view');
    assert.equal(view.title, 'TinyResNet()');
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, line);
  });

  it('a selection shows the layer calls it covers', async () => {
    const api = await extension().activate();
    const editor = await placeCursor('squeeze_excite.py', 'self.squeeze = nn.Conv2d');
    const start = editor.selection.start.line;
    editor.selection = new vscode.Selection(start, 0, start + 2, 200);
    const view = await api.panel();
    assert.ok(view && view.type === 'view');
    assert.equal(view.scope, 'selection');
    assert.deepEqual(view.layers.map((l) => l.type), ['Conv2d', 'ReLU', 'Conv2d']);
  });

  it('time on a device: the picker sets it, every row gets a range and the bars follow; the training memory section; other tools', async () => {
    const api = await extension().activate();
    const config = vscode.workspace.getConfiguration('layerLens');
    await placeCursor('tiny_resnet.py', 'self.stem = nn.Conv2d');
    try {
      const before = await api.panel();
      assert.ok(before?.type === 'view' && before.device);
      assert.equal(before.device.selected, 'none');
      assert.ok(before.layers.every((l) => !l.time), 'no time without a device');
      assert.ok(before.device.options.some((o) => o.value === 'rpi4' && o.label === 'Raspberry Pi 4 (4 × Cortex-A72, 1.5 GHz)'));
      // A name the picker never offered is dropped.
      const ignored = await api.panelMessage({ type: 'device', name: 'cray' });
      assert.ok(ignored?.type === 'view' && ignored.device?.selected === 'none');
      const view = await api.panelMessage({ type: 'device', name: 'rpi4' });
      assert.ok(view?.type === 'view' && view.device);
      assert.equal(vscode.workspace.getConfiguration('layerLens').get('device'), 'rpi4');
      assert.equal(view.device.selected, 'rpi4');
      assert.match(view.device.range ?? '', /^[\d.]+–[\d.]+ (s|ms|µs|ns)$/);
      assert.match(view.device.note, /not a prediction/);
      assert.ok(view.layers.every((l) => l.time && / (s|ms|µs|ns)$/.test(l.time.text) && ['memory', 'compute'].includes(l.time.bound)), JSON.stringify(view.layers.map((l) => l.time)));
      // The training section: each component, the optimizer from the picker.
      assert.ok(view.training);
      assert.equal(view.training.optimizer, 'adam');
      assert.deepEqual(view.training.rows.map((r) => r.label).slice(0, 4), ['weights', 'gradients', 'optimizer state', 'activations kept for backward']);
      // TinyResNet's 93,642 params in fp32: 374,568 bytes of weights; Adam's two moments twice that.
      assert.equal(view.training.rows[0].value, '365.79 KiB');
      assert.equal(view.training.rows[2].value, '731.58 KiB');
      assert.match(view.training.flops ?? '', /^Training FLOPs per step: [\d,]+ \(forward 712,200,704 \+ backward [\d,]+\)$/);
      const sgd = await api.panelMessage({ type: 'optimizer', name: 'sgd' });
      assert.ok(sgd?.type === 'view' && sgd.training);
      assert.equal(sgd.training.rows[2].value, '0 B');
      // Other tools, each with its printed figure and its differences.
      assert.deepEqual(view.otherTools?.map((t) => t.tool), ['fvcore', 'ptflops (pytorch backend, the default)', 'ptflops (aten backend)', 'thop', 'torchinfo', 'torch.utils.flop_counter']);
      assert.ok(view.otherTools!.every((t) => t.differences.length > 0));
    } finally {
      await config.update('device', undefined, vscode.ConfigurationTarget.Global);
      await config.update('training.optimizer', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

describe('Layer Lens calculators', () => {
  it('computes from given numbers, through the command', async () => {
    await extension().activate();
    const conv = (await vscode.commands.executeCommand('layerLens.calculator', { id: 'conv', values: ['32', '64', '3', '112', '4'] })) as string[];
    assert.match(conv.join('\n'), /standard 3×3: params 18,432 · Mult-Adds 231,211,008/);
    assert.match(conv.join('\n'), /depthwise 3×3 \+ pointwise 1×1: params 2,336 · Mult-Adds 29,302,784/);
    const lstm = (await vscode.commands.executeCommand('layerLens.calculator', { id: 'rnn', values: ['LSTM', '128', '256', '2', 'yes', '10'] })) as string[];
    assert.match(lstm.join('\n'), /params 2,367,488 · Mult-Adds 23,592,960/);
    const t = (await vscode.commands.executeCommand('layerLens.calculator', { id: 'triplets', values: ['16', '4', '64'] })) as string[];
    assert.ok(t.includes('batch-all triplets (P·K·(K−1)·(P·K−K)): 11,520'), t.join('\n'));
    const fire = (await vscode.commands.executeCommand('layerLens.calculator', { id: 'fire', values: ['96', '16', '64', '64', '55'] })) as string[];
    assert.ok(fire.some((l) => /^Fire: params 11,920 · Mult-Adds 35,622,400/.test(l)), fire.join('\n'));
    const boxes = (await vscode.commands.executeCommand('layerLens.calculator', { id: 'boxes', values: ['0, 0, 2, 2', '1, 1, 3, 3', '0.5'] })) as string[];
    assert.ok(boxes.includes('IoU = ∩ / ∪: 0.142857'), boxes.join('\n'));
  });

  it('refuses bad numbers with a clear message', async () => {
    await extension().activate();
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('layerLens.calculator', { id: 'conv', values: ['32', 'x', '3', '112', '4'] })),
      /whole number/,
    );
  });
});

describe('Layer Lens notes', () => {
  async function until<T>(get: () => T | undefined, what: string, ms = 20_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = get();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('opens the bundled notes rendered with math, a table of contents and section links', async () => {
    const api = await extension().activate();
    await vscode.commands.executeCommand('layerLens.openNotes');
    const view = await until(() => api.notes()?.view, 'the notes view');
    assert.equal(view.title, 'deep-learning-notes.md');
    assert.equal(view.toc.length, 40);
    assert.equal((view.html.match(/class="katex"/g) ?? []).length, 35);
    assert.doesNotMatch(view.html, /math-error/);
    assert.match(view.html, /data-calculator="shuffle"/);
  });

  it("a hover's Open in notes link goes to the layer's section", async () => {
    const api = await extension().activate();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(SAMPLE));
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('self.dw = nn.Conv2d'));
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, doc.lineAt(line).text.indexOf('Conv2d') + 2))) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value)).join('\n');
    const link = /\(command:layerLens\.openNotes\?([^ )]+) "MobileNet"\)/.exec(text);
    assert.ok(link, text);
    assert.match(text, /command:layerLens\.openNotes\?[^ )]+ "ShuffleNet"/, 'MAC links to ShuffleNet V2');
    const args = JSON.parse(decodeURIComponent(link[1])) as unknown[];
    await vscode.commands.executeCommand('layerLens.openNotes', ...args);
    const view = await until(() => (api.notes()?.view?.reveal === 'mobilenet' ? api.notes()!.view : undefined), 'the MobileNet section');
    assert.match(view.html, /<h2 id="mobilenet">MobileNet<\/h2>/);
  });

  it('openNotes shows only the bundled notes, configured notes files and Markdown in the workspace: any other path is refused', async () => {
    await extension().activate();
    const outside = path.join(os.tmpdir(), 'layer-lens-outside.md');
    fs.writeFileSync(outside, '# not notes\n');
    for (const file of ['/etc/hostname', outside]) {
      const shown = (await vscode.commands.executeCommand('layerLens.openNotes', { file })) as string;
      assert.match(shown, /dist[\\/]notes[\\/]deep-learning-notes\.md$/, file);
    }
    // A Markdown file in the workspace (samples/) is shown.
    const inside = path.join(ROOT, 'samples', 'layer-lens-test-notes.md');
    fs.writeFileSync(inside, '# Notes\n');
    try {
      assert.equal(await vscode.commands.executeCommand('layerLens.openNotes', { file: inside }), inside);
    } finally {
      fs.rmSync(inside, { force: true });
    }
  });

  it('a double-encoded file is detected; the repaired view marks what was lost; bad messages are dropped', async () => {
    const api = await extension().activate();
    const received = path.join(ROOT, 'test', 'data', 'notes', 'deep-learning-notes.as-received.md');
    const tmp = path.join(ROOT, 'test-output', 'as-received.md');
    fs.mkdirSync(path.dirname(tmp), { recursive: true });
    fs.copyFileSync(received, tmp);
    await vscode.commands.executeCommand('layerLens.openNotesFile', vscode.Uri.file(tmp));
    const first = await until(() => (api.notes()?.view?.file === tmp ? api.notes()!.view : undefined), 'the as-received notes');
    assert.match(first.banner?.text ?? '', /double-encoded: UTF-8 that was read as windows-1254/);
    await api.notesMessage({ type: 'action', id: 'repair' });
    const repaired = api.notes()!.view!;
    assert.match(repaired.banner?.text ?? '', /2483 characters restored; 680 could not be recovered/);
    assert.equal((repaired.html.match(/<mark class="lost"/g) ?? []).length, 680);
    assert.match(repaired.html, /<h2 id="shufflenet">ShuffleNet<\/h2>/);
    await api.notesMessage({ type: 'action', id: 'delete-everything' });
    await api.notesMessage({ type: 'open', url: 'javascript:alert(1)' });
    assert.equal(api.notes()!.view, repaired, 'nothing changed');
  });

  it('5 MB of notes: the view shows the beginning and says so', async () => {
    const api = await extension().activate();
    const big = path.join(ROOT, 'test-output', 'big-notes.md');
    fs.mkdirSync(path.dirname(big), { recursive: true });
    const notes = fs.readFileSync(path.join(ROOT, 'samples', 'notes', 'deep-learning-notes.md'), 'utf8');
    fs.writeFileSync(big, Array.from({ length: 240 }, () => notes).join('\n\n'));
    assert.ok(fs.statSync(big).size > 5 * 1024 * 1024);
    await vscode.commands.executeCommand('layerLens.openNotesFile', vscode.Uri.file(big));
    const view = await until(() => (api.notes()?.view?.file === big ? api.notes()!.view : undefined), 'the big notes', 60_000);
    assert.match(view.banner?.text ?? '', /This file is 5\.\d MB: the view shows its first \d+ KB/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('hidden under an editor in its group and shown again: rendered once, when its new page asks', async () => {
    const api = await extension().activate();
    await vscode.commands.executeCommand('layerLens.openNotes');
    const shown = await until(() => api.notes()?.view, 'the notes view');
    // Open a file in the notes' own group: the webview is hidden and its page goes.
    const column = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && /layerLens\.notes/.test(t.input.viewType)))?.viewColumn;
    assert.ok(column, 'the notes tab');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(SAMPLE)), column);
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('layerLens.openNotes');
    const first = shown.renderId ?? 0;
    const again = await until(() => ((api.notes()?.view?.renderId ?? 0) > first ? api.notes()!.view : undefined), 'the notes rendered again');
    // The page loads and says 'ready' well within this; a render posted before it would be followed by another.
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(again.renderId, first + 1, 'one render');
    assert.equal(api.notes()!.view, again, 'not rendered again');
  });

  it('reloads when the file changes, and a user notes file is preferred for a topic it covers', async () => {
    const api = await extension().activate();
    const mine = path.join(ROOT, 'test-output', 'my-notes.md');
    fs.writeFileSync(mine, '# My notes\n\n## Triplet loss\n\nBatch-hard: $P \\cdot K$ triplets.\n');
    await vscode.workspace.getConfiguration('layerLens').update('notes.files', [mine], vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('layerLens.openNotes', { topic: 'triplet-loss' });
      const view = await until(() => (api.notes()?.view?.file === mine ? api.notes()!.view : undefined), 'my notes');
      assert.equal(view.reveal, 'triplet-loss');
      const changed = '# My notes\n\n## Triplet loss\n\nBatch-all: $P K (K-1)(PK-K)$ triplets.\n';
      const wrote = Date.now();
      fs.writeFileSync(mine, changed);
      await until(() => (api.notes()?.view?.html.includes('Batch-all') ? true : undefined), 'the reloaded notes');
      // Written again with the same text: the watcher reports it, and the view is not rendered again. Waited for
      // three times as long as the change above took to show.
      const shown = api.notes()!.view;
      const took = Date.now() - wrote;
      fs.writeFileSync(mine, changed);
      await new Promise((r) => setTimeout(r, Math.max(1000, 3 * took)));
      assert.equal(api.notes()!.view, shown, 'not rendered again');
      // A topic my notes do not cover: the bundled notes.
      await vscode.commands.executeCommand('layerLens.openNotes', { topic: 'lstm' });
      await until(() => (api.notes()?.view?.reveal === 'long-short-term-memory-lstm' ? true : undefined), 'the bundled LSTM section');
    } finally {
      await vscode.workspace.getConfiguration('layerLens').update('notes.files', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

describe('Layer Lens on Keras', () => {
  const KERAS = path.join(ROOT, 'samples', 'keras_cnn.py');

  it('CodeLens on Keras layer lines and models, from shape propagation', async () => {
    const api = await extension().activate();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(KERAS));
    await vscode.window.showTextDocument(doc);
    const models = (await api.analyze(doc)).models;
    assert.deepEqual(models.map((m) => [m.name, m.framework, m.totals.params, m.totals.nonTrainable]), [
      ['model', 'keras', 20_042, 0], ['separable_block()', 'keras', 4_928, 256], ['SmallNet()', 'keras', 330, 0],
    ]);
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 100)) as vscode.CodeLens[];
    const titles = lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title ?? ''}`);
    const line = (needle: string) => doc.getText().split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.ok(titles.includes(`${line('layers.Conv2D(32, 3')}: Conv2D: params 896 · Mult-Adds 3.32 M · MAC 136 K → (None, 62, 62, 32) — in model`), titles.join('\n'));
    assert.ok(titles.includes(`${line('layers.DepthwiseConv2D(3')}: DepthwiseConv2D: params 576 · Mult-Adds 1.81 M · MAC 402 K → (None, 56, 56, 64) — in separable_block()`), titles.join('\n'));
    assert.ok(titles.includes(`${line('self.conv = layers.Conv2D')}: Conv2D: params 160 · Mult-Adds 28.2 K · MAC 4.08 K → 1×14×14×16 — in SmallNet()`), titles.join('\n'));
    assert.ok(titles.some((t) => t.startsWith(`${line('class SmallNet')}: Model: params 330`)), titles.join('\n'));
  });

  it('Keras problems: incompatible Add inputs, and a hint for Dense on a 4-D tensor', async () => {
    const api = await extension().activate();
    const file = path.join(ROOT, 'test-output', 'keras_problems.py');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, [
      'from tensorflow import keras', 'from tensorflow.keras import layers', '', '',
      'def build():', '    a = keras.Input(shape=(8, 8, 16))', '    b = layers.Conv2D(32, 1)(a)', '    s = layers.Add()([a, b])',
      '    d = layers.Dense(10)(a)', '    return keras.Model(a, [s, d])', '',
    ].join('\n'));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const problems = await api.diagnostics(doc);
    const add = problems.find((d) => d.message.startsWith('Add: inputs of shapes 8×8×16 and 8×8×32 cannot be combined'));
    assert.ok(add, problems.map((d) => d.message).join('\n'));
    assert.equal(add.range.start.line, 7);
    assert.ok(add.relatedInformation?.some((r) => r.location.range.start.line === 6), 'the conv that made the 32 channels');
    const dense = problems.find((d) => /Dense on a 4-D input/.test(d.message));
    assert.equal(dense?.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('hover on a Keras layer, and the side panel on the script-level model', async () => {
    const api = await extension().activate();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(KERAS));
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('layers.DepthwiseConv2D(3'));
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 20))) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value)).join('\n');
    assert.match(text, /\*\*DepthwiseConv2D\*\* \(Keras\)/);
    assert.match(text, /In separable\\_block\(\) on \(None, 56, 56, 64\) \(the model's own Input in the code\): built once, called once · \(None, 56, 56, 64\) → \(None, 56, 56, 64\)/);
    assert.doesNotMatch(text, /NaN|undefined/);
    assert.match(text, /"MobileNet"\)/);
    const first = doc.getText().split('\n').findIndex((l) => l.includes('layers.Dense(10, activation="softmax")'));
    editor.selection = new vscode.Selection(first, 8, first, 8);
    const view = await api.panel();
    assert.ok(view?.type === 'view');
    assert.equal(view.title, 'model');
    assert.equal(view.totals.params, 20_042);
    assert.deepEqual([view.input.shape, view.input.editable], ['64x64x3', false]);
    // A Sequential's summary lists no InputLayer row.
    assert.deepEqual(view.layers.map((l) => [l.name, l.type]), [['conv2d', 'Conv2D'], ['max_pooling2d', 'MaxPooling2D'], ['conv2d_1', 'Conv2D'], ['global_average_pooling2d', 'GlobalAveragePooling2D'], ['dense', 'Dense']]);
    // As model.summary() prints it: each layer's name, and Param # with the weights that are not trained (a
    // BatchNormalization of 64 channels: 128 trained, 128 moving statistics), in the rows and the total.
    const inBlock = doc.getText().split('\n').findIndex((l) => l.includes('layers.DepthwiseConv2D(3'));
    editor.selection = new vscode.Selection(inBlock, 8, inBlock, 8);
    const block = await api.panel();
    assert.ok(block?.type === 'view');
    assert.equal(block.title, 'separable_block()');
    assert.equal(block.totals.params, 4_928 + 256);
    assert.deepEqual(block.layers.filter((l) => l.type === 'BatchNormalization').map((l) => [l.name, l.params]), [['batch_normalization', 256], ['batch_normalization_1', 256]]);
  });
});
