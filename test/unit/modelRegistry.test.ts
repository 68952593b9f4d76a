/**
 * A model library installed in a Python environment that builds its models the way timm does (issue 34): a
 * decorator registry filled while each model file runs (sys.modules, the module's default_cfgs), pretrained tags
 * (`name.tag`), create_model through a URL-style name, build_model_with_cfg taking defaults from the pretrained
 * config, list_models with shell patterns, exclusions and a natural sort, and features_only. The library is
 * test/fixtures/registry/site-packages/zoo, written for these tests (timm's own code is never in the repository;
 * test/timm/run.ts measures the real one). Lists are what CPython 3.11 gives with that folder on sys.path; figures
 * are worked out here from the layers' formulas.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFile, type FileSystem } from '../../src/core';
import { Session } from '../../src/core/eval/session';
import type { RValue } from '../../src/core/values/value';
import { diskFs, ROOT } from './helpers';

const SITE = path.join(ROOT, 'test', 'fixtures', 'registry', 'site-packages');
const FILE = path.join(ROOT, 'test', 'fixtures', 'registry', 'train.py');

function fsWith(text: string): FileSystem {
  return { ...diskFs, read: (p) => (p === FILE ? text : diskFs.read(p)), environments: [{ dir: SITE, source: 'the test environment' }] };
}

/** TinyNet's params: a 3×3 conv without bias and a batch norm per stage (stem included), then the linear head. */
function tinyParams(widths: number[], classes: number, inChans = 3): number {
  let p = 0;
  [inChans, ...widths.slice(0, -1)].forEach((cin, i) => (p += 9 * cin * widths[i] + 2 * widths[i]));
  return p + widths[widths.length - 1] * classes + classes;
}

/** TinyNet's Mult-Adds on a square input: each conv k²·cin·cout·h·w at half the size before, and the head. */
function tinyMultAdds(widths: number[], classes: number, size: number, batch: number, inChans = 3): number {
  let m = 0;
  let s = size;
  [inChans, ...widths.slice(0, -1)].forEach((cin, i) => {
    s = Math.floor((s - 1) / 2) + 1;
    m += 9 * cin * widths[i] * s * s;
  });
  return batch * (m + widths[widths.length - 1] * classes);
}

function value(text: string, name: string): unknown {
  const scope = new Session(fsWith(text), FILE).load()!.scope!;
  const asJson = (v: RValue | undefined): unknown => (v?.kind === 'str' || v?.kind === 'int' || v?.kind === 'bool' ? v.value : v?.kind === 'list' || v?.kind === 'tuple' ? v.items.map(asJson) : undefined);
  return asJson(scope.get(name));
}

test('a registry filled at import: list_models by pattern, by pretrained tags and with exclusions, naturally sorted', () => {
  const src = [
    'import zoo',
    "every = zoo.list_models('tinynet*')",
    'weighted = zoo.list_models(pretrained=True)',
    "tagged = zoo.list_models('tinynet_m', pretrained=True, include_tags=True)",
    "rest = zoo.list_models(exclude_filters=['*_m'])",
    "known = [zoo.is_model('tinynet_s.a1_in1k'), zoo.is_model('resnet50')]",
    '',
  ].join('\n');
  assert.deepEqual(value(src, 'every'), ['tinynet2', 'tinynet10', 'tinynet_m', 'tinynet_s']);
  assert.deepEqual(value(src, 'weighted'), ['tinynet_m.in21k', 'tinynet_s.a1_in1k']);
  assert.deepEqual(value(src, 'tagged'), ['tinynet_m.in21k']);
  assert.deepEqual(value(src, 'rest'), ['tinynet2', 'tinynet10', 'tinynet_s']);
  assert.deepEqual(value(src, 'known'), [true, false]);
});

test('create_model: the registered builder with the pretrained config\'s defaults, a tag\'s own config, and the code\'s arguments', () => {
  const src = [
    'import torch',
    'import zoo',
    '',
    "small = zoo.create_model('tinynet_s', num_classes=10)",
    'y = small(torch.randn(2, 3, 64, 64))',
    "big = zoo.create_model('tinynet_m.in21k')",
    'z = big(torch.randn(1, 3, 96, 96))',
    '',
  ].join('\n');
  const a = analyzeFile(FILE, fsWith(src));
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  const small = a.models.find((m) => m.name.includes("'tinynet_s'"))!;
  const big = a.models.find((m) => m.name.includes('in21k'))!;
  assert.ok(small?.complete && big?.complete, JSON.stringify(a.models.map((m) => [m.name, m.complete, m.diagnostics.map((d) => d.message)])));
  assert.equal(small.totals.params, tinyParams([8, 16, 32], 10));
  assert.equal(small.totals.multAdds, tinyMultAdds([8, 16, 32], 10, 64, 2));
  assert.deepEqual(small.output, [[2, 10]]);
  // The tag's config gives 21,843 classes (ImageNet-21k's head).
  assert.equal(big.totals.params, tinyParams([16, 32, 64, 128], 21843));
  assert.deepEqual(big.output, [[1, 21843]]);
  // Where the model's class was read from: the environment's file, not the code's.
  assert.equal(small.source?.className, 'TinyNet');
  assert.ok(small.source?.file.startsWith(SITE));
});

test('features_only: the stages out_indices names, each at its stride', () => {
  const src = "import torch\nimport zoo\n\nf = zoo.create_model('tinynet_m', features_only=True, out_indices=(0, 2))\nouts = f(torch.randn(1, 3, 96, 96))\n";
  const a = analyzeFile(FILE, fsWith(src));
  const m = a.models.find((x) => x.inputSource === 'code')!;
  assert.ok(m?.complete, JSON.stringify(a.diagnostics.map((d) => d.message)));
  assert.deepEqual(m.output, [[1, 32, 24, 24], [1, 128, 6, 6]]);
  // The stem and every stage up to the last one asked for are kept; the pooling and the head are not (no classes).
  assert.equal(m.totals.params, tinyParams([16, 32, 64, 128], 0));
});

test('an unknown name raises as the library raises it, red at the code\'s call', () => {
  const a = analyzeFile(FILE, fsWith("import zoo\nm = zoo.create_model('resnet50')\n"));
  const raised = a.diagnostics.find((d) => d.file === FILE && d.line === 2);
  assert.ok(raised && /Unknown model \(resnet50\)/.test(raised.message), JSON.stringify(a.diagnostics.map((d) => [d.file, d.line, d.message])));
});

test('a module of an installed package runs after its package\'s __init__, as Python imports it: the registry is filled', () => {
  // Importing the registry module alone: Python runs zoo/__init__.py and zoo/models/__init__.py first, which
  // import every model file and so register them.
  const src = "from zoo.models._registry import list_models\nnames = list_models()\nimport sys\nloaded = ['zoo' in sys.modules, 'zoo.models.tiny' in sys.modules]\n";
  assert.deepEqual(value(src, 'names'), ['tinynet2', 'tinynet10', 'tinynet_m', 'tinynet_s']);
  assert.deepEqual(value(src, 'loaded'), [true, true]);
});
