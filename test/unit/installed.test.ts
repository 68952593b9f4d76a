/**
 * Models built by installed libraries (issue 30), read from where Debian's python3-torchvision installs them, with
 * no Python run: every torchvision builder, and fine-tuning files as people write them (test/fixtures/installed),
 * against what real PyTorch 1.13 counts (test/oracle/installed_models.py → test/data/installed-models.reference.json).
 * Exact: complete, params, Mult-Adds (functional compute included) and output shapes equal PyTorch's, no error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFile, type FileSystem } from '../../src/core';
import { diskFs, ROOT } from './helpers';
import { exact, fs, reference } from './installedReference';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'installed');


test('torchvision as installed: every builder it registers, by get_model, against PyTorch', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-installed-'));
  const file = path.join(dir, 'build.py');
  writeFileSync(file, 'import torch\nimport torchvision\n');
  const misses: string[] = [];
  const measured = reference.torchvision.filter((r) => r.input && !r.error);
  for (const r of measured) {
    const kwargs = Object.keys(r.kwargs).map((k) => `${k}=None`).join(', ');
    const a = analyzeFile(file, fs, { call: `torchvision.models.get_model(${JSON.stringify(r.name)}, ${kwargs})`, inputs: r.input!.map((shape) => ({ shape, dtype: 'float32' })) });
    const miss = exact(a.models[0], r, a.diagnostics.filter((d) => d.severity === 'error').length);
    if (miss) misses.push(`${r.name}: ${miss}`);
  }
  const detection = reference.torchvision.filter((r) => !r.input).length;
  console.log(`torchvision: ${measured.length - misses.length}/${measured.length} builders exact (the ${detection} detection builders: their own test, on an image)`);
  for (const m of misses) console.log(`  not exact: ${m.slice(0, 400)}`);
  // What this build reaches; the issue asks for all of them (a drop is a regression).
  assert.ok(measured.length - misses.length >= EXACT_BUILDERS, misses.join('\n'));
});

test('torchvision detection, every builder, on an image in eval mode: costed at the bound the code sets (the RPN\'s post-NMS count, the detections per image), as PyTorch runs at that bound', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-detection-'));
  const rows = reference.torchvisionDetection;
  assert.equal(rows.length, reference.torchvision.filter((r) => !r.input).length, 'every detection builder torchvision registers');
  // PyTorch ran at the bound: the scripts set thresholds that keep every box, and it kept the most the code allows.
  assert.deepEqual(rows.filter((r) => !r.reached || r.error).map((r) => r.name), []);
  const misses: string[] = [];
  for (const r of rows) {
    const file = path.join(dir, `${r.name}.py`);
    writeFileSync(file, r.script);
    const a = analyzeFile(file, fs);
    const m = a.models.find((x) => x.inputSource === 'code');
    const miss = exact(m, r, a.diagnostics.filter((d) => d.severity === 'error').length);
    // The model says its costs are bounds, and the code's call says where the data decides (inside torchvision).
    const said = a.diagnostics.find((d) => d.code === 'at-bound' && d.file === file);
    if (miss || !m?.atBound || !said) misses.push(`${r.name}: ${miss ?? ''} atBound ${JSON.stringify(m?.atBound?.message)}, at the call: ${said?.line}`);
    // The bound is what the code sets, whatever the thresholds: the builder's defaults give the same figures.
    const defaults = path.join(dir, `${r.name}_defaults.py`);
    writeFileSync(defaults, r.script.replace(/, (rpn_nms_thresh|score_thresh)=[^)]*\)/, ')'));
    const d = analyzeFile(defaults, fs).models.find((x) => x.inputSource === 'code');
    if (d?.totals.multAdds !== m?.totals.multAdds || JSON.stringify(d?.output) !== JSON.stringify(m?.output)) misses.push(`${r.name} with its default thresholds: ${d?.totals.multAdds} ${JSON.stringify(d?.output)}`);
  }
  console.log(`torchvision detection: ${rows.length - misses.length}/${rows.length} builders exact at their bound`);
  for (const m of misses) console.log(`  not exact: ${m.slice(0, 400)}`);
  assert.ok(rows.length - misses.length >= EXACT_DETECTION, misses.join('\n'));
});

test('torchaudio as installed: its models built and called as its documentation shows, against PyTorch', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-torchaudio-'));
  const misses: string[] = [];
  for (const r of reference.torchaudio) {
    const file = path.join(dir, `${r.name.replace(/\W+/g, '_')}.py`);
    writeFileSync(file, r.script);
    const a = analyzeFile(file, fs);
    const miss = exact(a.models.find((m) => m.inputSource === 'code'), r, a.diagnostics.filter((d) => d.severity === 'error').length);
    if (miss) misses.push(`${r.name}: ${miss}`);
  }
  console.log(`torchaudio: ${reference.torchaudio.length - misses.length}/${reference.torchaudio.length} models exact`);
  for (const m of misses) console.log(`  not exact: ${m.slice(0, 400)}`);
  assert.ok(reference.torchaudio.length - misses.length >= EXACT_TORCHAUDIO, misses.join('\n'));
});

test('fine-tuning files as people write them: a library model, its head replaced, a frozen backbone, a gray first conv, a segmentation model', () => {
  const misses: string[] = [];
  for (const r of reference.fixtures) {
    const a = analyzeFile(path.join(FIXTURES, r.file), fs);
    const m = a.models.find((x) => x.inputSource === 'code');
    const miss = exact(m, r, a.diagnostics.filter((d) => d.severity === 'error').length);
    if (miss) misses.push(`${r.file}: ${miss}`);
  }
  console.log(`fine-tuning files: ${reference.fixtures.length - misses.length}/${reference.fixtures.length} exact`);
  for (const m of misses) console.log(`  not exact: ${m.slice(0, 400)}`);
  assert.deepEqual(readdirSync(FIXTURES).filter((f) => f.endsWith('.py')).sort(), reference.fixtures.map((r) => r.file).sort(), 'every fixture has its reference');
  assert.ok(reference.fixtures.length - misses.length >= EXACT_FIXTURES, misses.join('\n'));
});

test('a package found nowhere: one warning at its import naming where Layer Lens looked, and no red error from what it builds', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-missing-'));
  const file = path.join(dir, 'train.py');
  writeFileSync(file, 'import torch\nimport timm\nimport timm.layers\nfrom timm import create_model\n\nmodel = timm.create_model("resnet18", pretrained=False)\nout = model(torch.randn(1, 3, 224, 224))\n');
  const a = analyzeFile(file, { ...fs, read: (p) => (p === file ? readFileSync(p, 'utf8') : fs.read(p)) });
  const missing = a.diagnostics.filter((d) => d.code === 'missing-package');
  assert.equal(missing.length, 1, JSON.stringify(a.diagnostics.map((d) => d.message)));
  assert.equal(missing[0].line, 2);
  assert.match(missing[0].message, /^`timm` is not installed in the Python environments Layer Lens searched, so what it defines is not known: \/usr\/lib\/python3\/dist-packages \(Debian's python3\)\. Give the one that has it in layerLens\.python\.paths \(or --python-path\)\.$/);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
});

/** How many builders and fixtures this build gets exact: the floor the tests hold. */
const EXACT_BUILDERS = 106;
const EXACT_FIXTURES = 9;
const EXACT_TORCHAUDIO = 16;
const EXACT_DETECTION = 12;

test('reading an installed package is not the code\'s time: a slow import does not stop the evaluation, the same loop in the file does', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'layer-lens-slow-import-'));
  const site = path.join(root, 'site');
  mkdirSync(path.join(site, 'slowpkg'), { recursive: true });
  // A module body that works for a while at import (a registry filled in a loop), then defines a builder.
  const body = 'total = 0\nfor i in range(300000):\n    total += i\n';
  writeFileSync(path.join(site, 'slowpkg', '__init__.py'), `import torch.nn as nn\n${body}\n\ndef build():\n    return nn.Linear(4, 2)\n`);
  const file = path.join(root, 'train.py');
  writeFileSync(file, 'import torch\nimport slowpkg\n\nmodel = slowpkg.build()\nout = model(torch.randn(3, 4))\n');
  const slow: FileSystem = { ...diskFs, exists: (p) => existsSync(p), environments: [{ dir: site, source: 'test' }] };
  const a = analyzeFile(file, slow, { timeBudgetMs: 100 });
  assert.deepEqual(a.diagnostics.filter((d) => d.code === 'budget'), []);
  assert.equal(a.models.find((m) => m.inputSource === 'code')?.totals.params, 10);
  // The same work in the file itself is the code's: stopped at its loop, by the time budget or by the share of the
  // steps a top-level loop gets (whichever this machine reaches first).
  writeFileSync(file, `import torch\nimport torch.nn as nn\n${body}\nmodel = nn.Linear(4, 2)\nout = model(torch.randn(3, 4))\n`);
  const own = analyzeFile(file, slow, { timeBudgetMs: 100 });
  assert.equal(own.diagnostics.find((d) => d.code === 'budget' || d.code === 'loop-stopped')?.line, 4);
});

test('what an installed package does not follow while it runs for the code is said at the code\'s call; what it does not follow at its import is not', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'layer-lens-unfollowed-'));
  const site = path.join(root, 'site');
  mkdirSync(path.join(site, 'featpkg'), { recursive: true });
  writeFileSync(path.join(site, 'featpkg', '__init__.py'), [
    'import sys, torch.nn as nn',
    'if sys.platform.startswith(PLATFORM_PREFIX):  # not known at import: the package\'s business',
    '    FAST = True',
    '',
    'def extractor(model, names):',
    '    for n in mystery_graph(model):  # not followed when the code calls it',
    '        names.append(n)',
    '    return nn.Sequential(*[getattr(model, n) for n in names])',
    '',
  ].join('\n'));
  const file = path.join(root, 'train.py');
  writeFileSync(file, 'import torch\nimport torch.nn as nn\nimport featpkg\n\nbody = featpkg.extractor(nn.Linear(4, 4), [])\nout = body(torch.randn(2, 4))\n');
  const a = analyzeFile(file, { ...diskFs, exists: (p) => existsSync(p), environments: [{ dir: site, source: 'test' }] });
  const said = a.diagnostics.filter((d) => d.file === file && d.severity !== 'info');
  assert.deepEqual(said.map((d) => [d.line, d.code]), [[5, 'unknown-installed']]);
  assert.match(said[0].message, /^what this call runs in an installed package was not all followed \(first at __init__\.py:6: cannot iterate over/);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('a call given to run whose value is not known (a package not read) is a warning, never "does not build an nn.Module"', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'layer-lens-call-unknown-'));
  const file = path.join(root, 'build.py');
  writeFileSync(file, 'import torch\nimport timm\n');
  const a = analyzeFile(file, { ...diskFs, exists: (p) => existsSync(p), environments: [] }, { call: "timm.create_model('resnet18')" });
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.match(a.diagnostics.find((d) => d.code === 'unknown-model')?.message ?? '', /^`timm\.create_model\('resnet18'\)` gives a value not known statically .*: its model is not known$/);
  assert.equal(a.models[0]?.complete, false);
});

test('torchvision\'s create_feature_extractor traces with torch.fx: one warning at the call naming what is costed instead, no raise, no red error', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'layer-lens-fx-'));
  const file = path.join(root, 'features.py');
  writeFileSync(file, [
    'import torch', 'import torchvision', 'from torchvision.models.feature_extraction import create_feature_extractor', '',
    'model = torchvision.models.resnet18(weights=None)', 'body = create_feature_extractor(model, return_nodes={"layer4": "out"})', 'feats = body(torch.randn(1, 3, 224, 224))', '',
  ].join('\n'));
  const a = analyzeFile(file, fs);
  const mine = a.diagnostics.filter((d) => d.file === file && d.severity !== 'info');
  assert.deepEqual(mine.map((d) => [d.line, d.severity]), [[6, 'warning']]);
  assert.match(mine[0].message, /^torchvision's create_feature_extractor traces the model's forward with torch\.fx, which Layer Lens does not run: what it gives is not known \(torchvision\.models\._utils\.IntermediateLayerGetter/);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
});
