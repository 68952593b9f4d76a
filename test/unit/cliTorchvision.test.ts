/**
 * The CLI on torchvision's own model sources, as Debian installs them: every torch.nn constructor call,
 * each on the right line and column, as Python's own parser and real imports find them
 * (test/data/torchvision-calls.reference.json, made by test/oracle/torchvision_calls.py).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
    const got = out.calls.map((c: Expected) => ({ line: c.line, column: c.column, type: c.type }));
    assert.deepEqual(got, expected);
    for (const c of out.calls) {
      // Every row has the contract's fields; a figure is a number or an honest null.
      for (const key of ['params', 'multAdds', 'flops', 'otherOps', 'memoryAccessCost', 'inputShape', 'outputShape', 'diagnostics', 'framework']) {
        assert.ok(key in c, `${key} in ${JSON.stringify(c).slice(0, 80)}`);
      }
      assert.ok(c.params === null ? typeof c.paramsFormula === 'string' || c.unknownReason : Number.isSafeInteger(c.params));
    }
  });
}

test('CLI table on resnet.py is readable and names the counting terms', () => {
  const { code, stdout } = cli(['analyze', path.join(torchvisionDir(), 'models', 'resnet.py')]);
  assert.equal(code, 0);
  assert.match(stdout, /resnet\.py: 11 layer calls/);
  assert.match(stdout, /Mult-Adds/);
  assert.match(stdout, /MAC \(memory access\)/);
  assert.doesNotMatch(stdout, /\bMACs\b/);
  // nn.Conv2d(3, self.inplanes, kernel_size=7, …): params stay a formula in self.inplanes
  assert.match(stdout, /147·self\.inplanes/);
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

test('CLI --input sets the image size that un-annotated calls assume', () => {
  const file = path.join(ROOT, 'samples', 'tiny_resnet.py');
  const { stdout } = cli(['analyze', file, '--json', '--input', '2x3x64x64']);
  const linear = JSON.parse(stdout).calls.find((c: { type: string }) => c.type === 'Linear');
  assert.deepEqual(linear.inputShape, [2, 128]);
  assert.deepEqual(linear.inputSource, { kind: 'default', settings: 'layerLens.defaultInput' });
});

test('CLI --call evaluates a whole model: models[] as the JSON contract says, figures equal PyTorch', () => {
  const { code, stdout } = cli(['analyze', path.join(torchvisionDir(), 'models', 'resnet.py'), '--call', 'resnet50()', '--json']);
  assert.equal(code, 0);
  const [m] = JSON.parse(stdout).models;
  assert.equal(m.name, 'resnet50()');
  assert.equal(m.complete, true);
  assert.deepEqual(m.input, [[1, 3, 224, 224]]);
  assert.deepEqual(m.output, [[1, 1000]]);
  assert.deepEqual(m.totals, { params: 25_557_032, multAdds: 4_089_184_256, flops: 8_178_368_512, otherOps: 20_925_440, memoryAccessCost: 89_887_760 });
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
