/**
 * `npm run bench`'s real-editor part, run in code-server's extension host like the integration suite: hover
 * and CodeLens on a 10k-line file through VS Code's own commands (the path a user's mouse takes, minus
 * rendering). Writes its timings as JSON to LAYER_LENS_BENCH_OUT. Times only; it asserts nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { generatedModel } from '../../bench/bench';
import type { LayerLensApi } from '../../../src/extension/extension';

function stat(xs: number[]): { median: number; min: number; max: number; runs: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
}

async function timed(fn: () => Thenable<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/**
 * A one-character edit at `at`, inserted then deleted in turn, each followed by the lenses of the new version
 * and the titles of a screenful (VS Code resolves the visible ones): the time of each request after warm-up.
 */
async function lensesAfterEdits(doc: vscode.TextDocument, at: vscode.Position): Promise<number[]> {
  const refresh: number[] = [];
  for (let k = 0; k < 24; k++) {
    const edit = new vscode.WorkspaceEdit();
    if (k % 2 === 0) edit.insert(doc.uri, at, '1');
    else edit.delete(doc.uri, new vscode.Range(at, at.translate(0, 1)));
    await vscode.workspace.applyEdit(edit);
    const t = await timed(() => vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 40));
    if (k >= 4) refresh.push(t);
  }
  return refresh;
}

export async function run(): Promise<void> {
  const out = process.env.LAYER_LENS_BENCH_OUT;
  if (!out) throw new Error('LAYER_LENS_BENCH_OUT is not set');
  const file = path.join(path.dirname(out), 'bench-10k.py');
  fs.writeFileSync(file, generatedModel(10_000));
  const ext = vscode.extensions.getExtension('layer-lens.layer-lens')!;
  await ext.activate();
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  const lines = doc.getText().split('\n');
  const convLines = lines.map((l, i) => (l.includes('nn.Conv2d(') ? i : -1)).filter((i) => i >= 0);
  const hoverAt = (k: number) => {
    const line = convLines[(k * 37) % convLines.length];
    return new vscode.Position(line, lines[line].indexOf('Conv2d') + 2);
  };
  // Warm-up: the first analysis of the file, and the providers' code. The whole-file model run that opening
  // starts (for Problems) is finished first, so that hovers are timed on an idle extension host.
  await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri);
  (ext.exports as LayerLensApi).models(doc);
  for (let k = 0; k < 10; k++) await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, hoverAt(k));
  const hover: number[] = [];
  for (let k = 0; k < 50; k++) hover.push(await timed(() => vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, hoverAt(k))));
  // A one-character edit in a layer call in the middle, then the lenses of the new version.
  const middle = convLines[Math.floor(convLines.length / 2)];
  const at = new vscode.Position(middle, lines[middle].indexOf('nn.Conv2d(') + 'nn.Conv2d('.length);
  const refresh = await lensesAfterEdits(doc, at);
  // The same request on an unchanged version: what VS Code's own round trip costs for this many lenses.
  const unchanged: number[] = [];
  for (let k = 0; k < 10; k++) unchanged.push(await timed(() => vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 40)));
  const lensCount = ((await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri)) as unknown[]).length;
  const sent = ((await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 40)) as unknown[]).length;
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  const card = ((await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, hoverAt(0))) as vscode.Hover[])[0].contents;
  const floor = await editorFloor(path.join(path.dirname(out), 'bench-10k.txt'), fs.readFileSync(file, 'utf8'), card, sent);
  fs.writeFileSync(out, JSON.stringify({ hover: stat(hover), codeLensRefresh: stat(refresh), codeLensUnchanged: stat(unchanged), lensCount, floor }));
}

/**
 * The editor's own floor, measured the same way in the same window: providers that compute nothing (our hover card,
 * made once; as many fixed lenses as ours sent) on a plain-text copy of the file, the same edits, the same commands.
 * What is above it is Layer Lens's share.
 */
async function editorFloor(file: string, text: string, card: vscode.Hover['contents'], lenses: number): Promise<{ hover: ReturnType<typeof stat>; codeLensRefresh: ReturnType<typeof stat> }> {
  fs.writeFileSync(file, text);
  const selector = { language: 'plaintext', scheme: 'file' };
  const fixed = Array.from({ length: lenses }, (_, i) => new vscode.CodeLens(new vscode.Range(i * 2, 0, i * 2, 0)));
  const providers = [
    vscode.languages.registerHoverProvider(selector, { provideHover: () => new vscode.Hover(card) }),
    vscode.languages.registerCodeLensProvider(selector, {
      provideCodeLenses: () => fixed,
      resolveCodeLens: (lens) => ((lens.command = { title: 'floor', command: '' }), lens),
    }),
  ];
  try {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const at = new vscode.Position(Math.floor(doc.lineCount / 2), 4);
    for (let k = 0; k < 10; k++) await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, at);
    const hover: number[] = [];
    for (let k = 0; k < 50; k++) hover.push(await timed(() => vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, at)));
    const refresh = await lensesAfterEdits(doc, at);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    return { hover: stat(hover), codeLensRefresh: stat(refresh) };
  } finally {
    for (const p of providers) p.dispose();
  }
}
