/**
 * The CLI on torchvision's own model sources, as Debian installs them: every torch.nn constructor call, each on
 * the right line and column, as Python's own parser and real imports find them (test/data/torchvision-calls.
 * reference.json, made by test/oracle/torchvision_calls.py), and the layers built through a name
 * (`norm_layer(planes)`), which only running the code finds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { run } from '../../src/cli/main';
import { readJson, ROOT, torchvisionDir } from './helpers';

interface Expected { line: number; column: number; type: string }

const reference = readJson<{ files: Record<string, Expected[]> }>(ROOT, 'test', 'data', 'torchvision-calls.reference.json');

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = run(args, (s) => (stdout += `${s}\n`), (s) => (stderr += `${s}\n`));
  return { code, stdout, stderr };
}

for (const [file, expected] of Object.entries(reference.files)) {
  test(`CLI lists every layer call in ${file}, each on its line`, () => {
    const full = path.join(torchvisionDir(), '..', file);
    const { code, stdout } = cli(['analyze', full, '--json']);
    assert.equal(code, 0);
    const out = JSON.parse(stdout);
    assert.equal(out.file, full);
    const key = (c: Expected) => `${c.line}:${c.column}:${c.type}`;
    const got = new Set<string>(out.calls.map(key));
    assert.deepEqual(expected.filter((c) => !got.has(key(c))), [], 'every constructor call Python finds');
    // The others are built through a name the code passes around (norm_layer = nn.BatchNorm2d): not `nn.X(` as written.
    const text = readFileSync(full, 'utf8').split('\n');
    const written = new Set(expected.map(key));
    for (const c of out.calls.filter((x: Expected) => !written.has(key(x)))) {
      assert.doesNotMatch(text[c.line - 1].slice(c.column), /^(torch\.)?nn\./, `${file}:${c.line}: ${c.type}`);
    }
    for (const c of out.calls) {
      // Every row has the contract's fields; a figure is a number or an honest null.
      for (const key of ['params', 'multAdds', 'flops', 'otherOps', 'memoryAccessCost', 'inputShape', 'outputShape', 'diagnostics', 'framework']) {
        assert.ok(key in c, `${key} in ${JSON.stringify(c).slice(0, 80)}`);
      }
      assert.ok(c.params === null ? typeof c.paramsFormula === 'string' || c.unknownReason : Number.isSafeInteger(c.params));
    }
  });
}

test('CLI table on resnet.py: each model with where its input came from, its totals and what its forward ran', () => {
  const { code, stdout } = cli(['analyze', path.join(torchvisionDir(), 'models', 'resnet.py')]);
  assert.equal(code, 0);
  // No functional Mult-Adds in a ResNet (its residual adds are otherOps): no split to show.
  assert.match(stdout, /^resnet18\(\)\n  input 1×3×224×224 \(guessed: the default image\) → output 1×1000\n  params 11,689,512  ·  Mult-Adds 1,814,073,344  ·  FLOPs 3,628,146,688/);
  assert.match(stdout, /\n  path\s+line\s+type\s+input → output\s+params\s+Mult-Adds\s+MAC\s+calls\n/);
  assert.match(stdout, /\n  conv1\s+197\s+Conv2d\s+1×3×224×224 → 1×64×112×112\s+9,408\s+118,013,952\s+962,752\s+1\n/);
  // The residual add of a block: a functional operation, in the block it runs in.
  assert.match(stdout, /\n  layer1\.0\s+102\s+op \+\s+1×64×56×56, 1×64×56×56 → 1×64×56×56\s+0\s+602,112\s+1\n/);
  assert.match(stdout, /MAC \(memory access\)/);
  assert.doesNotMatch(stdout, /\bMACs\b/);
  for (const name of ['resnet34', 'resnet50', 'resnet101', 'resnet152', 'resnext50_32x4d', 'wide_resnet101_2']) assert.match(stdout, new RegExp(`\\n${name}\\(\\)\\n`));
});

test('CLI usage errors exit 2 with one line on stderr', () => {
  for (const args of [['analyze'], ['frobnicate'], ['analyze', 'x.py', '--input', '1xAx3'], ['analyze', '/no/such/file.py']]) {
    const { code, stderr, stdout } = cli(args);
    assert.equal(code, 2, args.join(' '));
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.match(stderr, /^layer-lens: /);
    assert.equal(stdout, '');
  }
});

test('CLI --input is the models\' input: a layer line is seen in the model on it', () => {
  const file = path.join(ROOT, 'samples', 'tiny_resnet.py');
  const { stdout } = cli(['analyze', file, '--json', '--input', '2x3x64x64']);
  const linear = JSON.parse(stdout).calls.find((c: { type: string }) => c.type === 'Linear');
  assert.deepEqual(linear.inputShape, [2, 128]);
  assert.deepEqual(linear.inputSource, { kind: 'model', model: 'TinyResNet()', input: 'option', shapes: [[2, 3, 64, 64]] });
});

test('CLI --call evaluates a whole model: models[] as the JSON contract says, figures equal PyTorch', () => {
  const { code, stdout } = cli(['analyze', path.join(torchvisionDir(), 'models', 'resnet.py'), '--call', 'resnet50()', '--json']);
  assert.equal(code, 0);
  const [m] = JSON.parse(stdout).models;
  assert.equal(m.name, 'resnet50()');
  assert.equal(m.complete, true);
  assert.deepEqual(m.input, [[1, 3, 224, 224]]);
  assert.deepEqual(m.output, [[1, 1000]]);
  // Modules as PyTorch's hooks count them, and the residual adds and the flatten: 16 + 1 functional operations.
  assert.deepEqual(m.moduleTotals, { multAdds: 4_089_184_256, flops: 8_178_368_512, otherOps: 20_925_440, memoryAccessCost: 89_887_760 });
  assert.deepEqual(m.functionalTotals, { count: 17, multAdds: 0, flops: 0, otherOps: 5_519_360, memoryAccessCost: 16_558_080 });
  assert.deepEqual(m.totals, { params: 25_557_032, multAdds: 4_089_184_256, flops: 8_178_368_512, otherOps: 26_444_800, memoryAccessCost: 106_445_840 });
  assert.equal(m.layers.length, 158);
  const first = m.layers[0];
  for (const key of ['path', 'type', 'line', 'inputShape', 'outputShape', 'params', 'multAdds', 'memoryAccessCost']) assert.ok(key in first, key);
  assert.deepEqual([first.path, first.type, first.inputShape, first.outputShape], ['conv1', 'Conv2d', [1, 3, 224, 224], [1, 64, 112, 112]]);
  assert.equal(m.tree.children.find((c: { name: string }) => c.name === 'layer3').params, 7_098_368);
});

test('CLI --input sets the model input; an expression the file cannot build is an error in the model, exit 0', () => {
  const file = path.join(torchvisionDir(), 'models', 'resnet.py');
  const small = JSON.parse(cli(['analyze', file, '--call', 'resnet18(num_classes=10)', '--input', '2x3x64x64', '--json']).stdout).models[0];
  assert.deepEqual([small.input, small.output, small.inputSource], [[[2, 3, 64, 64]], [[2, 10]], 'option']);
  const bad = cli(['analyze', file, '--call', 'nothing_here()', '--json']);
  assert.equal(bad.code, 0);
  const m = JSON.parse(bad.stdout).models[0];
  assert.equal(m.complete, false);
  assert.match(m.diagnostics[0].message, /does not build an nn.Module/);
});
