/**
 * torchvision's builders with a head of another size (`num_classes=10`; 5 for segmentation), as fine-tuning builds
 * them, against PyTorch 1.13; and the number of parameters each builder's weights enum publishes in its `.meta`,
 * an independent cross-check of the default build. Its own file, so that it runs beside the default builds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFile } from '../../src/core';
import { py } from './helpers';
import { exact, fs, reference } from './installedReference';

test('torchvision builders with num_classes: the head PyTorch builds, every figure exact', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-num-classes-'));
  const file = path.join(dir, 'build.py');
  writeFileSync(file, 'import torch\nimport torchvision\n');
  const misses: string[] = [];
  const rows = reference.torchvisionNumClasses.filter((r) => !r.error);
  for (const r of rows) {
    const kwargs = Object.entries(r.kwargs).map(([k, v]) => `${k}=${py(v)}`).join(', ');
    const a = analyzeFile(file, fs, { call: `torchvision.models.get_model(${JSON.stringify(r.name)}, ${kwargs})`, inputs: r.input!.map((shape) => ({ shape, dtype: 'float32' })) });
    const miss = exact(a.models[0], r, a.diagnostics.filter((d) => d.severity === 'error').length);
    if (miss) misses.push(`${r.name}: ${miss}`);
  }
  console.log(`torchvision with num_classes: ${rows.length - misses.length}/${rows.length} builders exact`);
  assert.deepEqual(misses, []);
  assert.equal(rows.length, reference.torchvisionNumClasses.length, 'every builder ran in PyTorch');
});

test('the builds the published weights make have the parameter count their weights enums publish', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-meta-'));
  const file = path.join(dir, 'build.py');
  writeFileSync(file, 'import torch\nimport torchvision\n');
  const measured = new Map(reference.torchvision.filter((r) => r.params !== undefined).map((r) => [r.name, r.params!]));
  const disagree: string[] = [];
  let checked = 0;
  for (const r of reference.torchvisionNumClasses) {
    if (!r.metaNumParams?.length) continue;
    checked++;
    // Weights are published for the model their builder makes when it loads them: segmentation models with their
    // auxiliary head, GoogLeNet without its auxiliary classifiers. Built here the same way, with no weights read.
    const as = WEIGHTS_BUILD[r.name] ?? (r.module.includes('.segmentation.') && !r.name.startsWith('lraspp') ? 'aux_loss=True' : undefined);
    let ours = measured.get(r.name);
    if (as) {
      const extra = r.module.includes('.segmentation.') ? ', weights_backbone=None' : '';
      ours = analyzeFile(file, fs, { call: `torchvision.models.get_model(${JSON.stringify(r.name)}, weights=None${extra}, ${as})`, inputs: r.input!.map((shape) => ({ shape, dtype: 'float32' })) }).models[0]?.totals.params ?? undefined;
    }
    // A builder's enum can hold weights for another image size (ViT's SWAG at 384 px: a longer position table).
    if (ours === undefined || !r.metaNumParams.includes(ours)) disagree.push(`${r.name}${as ? ` (${as})` : ''}: ${ours} not in ${r.metaNumParams.join(', ')}`);
  }
  console.log(`weights .meta num_params: ${checked - disagree.length}/${checked} builders agree`);
  assert.deepEqual(disagree, []);
});

/** How the builders that load weights build their model differently from `weights=None` (besides FCN's and DeepLabV3's aux head; LR-ASPP has none). */
const WEIGHTS_BUILD: Record<string, string> = { googlenet: 'aux_logits=False', quantized_googlenet: 'aux_logits=False' };
