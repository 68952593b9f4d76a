/** Layer Lens inside a real VS Code: activation, commands, settings, results through the extension's API. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LayerLensApi } from '../../../src/extension/extension';

const ROOT = path.resolve(__dirname, '../../../..');
const SAMPLE = path.join(ROOT, 'samples', 'tiny_resnet.py');

async function openSample(): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(SAMPLE));
  await vscode.window.showTextDocument(doc);
  return doc;
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
    const { calls } = api.analyze(doc);
    const stem = calls.find((c) => c.line === 28);
    assert.ok(stem, 'the stem conv on line 28');
    assert.deepEqual([stem.type, stem.params, stem.multAdds, stem.memoryAccessCost], ['Conv2d', 9408, 118_013_952, 962_752]);
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

  it('reads its settings: the default input size changes un-annotated figures', async () => {
    const doc = await openSample();
    const api = await extension().activate();
    const config = vscode.workspace.getConfiguration('layerLens');
    await config.update('defaultInput.batch', 4, vscode.ConfigurationTarget.Global);
    try {
      const linear = api.analyze(doc).calls.find((c) => c.type === 'Linear');
      assert.deepEqual(linear?.inputShape, [4, 128]);
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
