/**
 * Every layer line in the model that runs it, as real PyTorch runs the file (test/data/context-models.reference.json,
 * made by test/oracle/context_models.py): a CNN called by the file's own code, a GPT whose attention is
 * functional, and a class annotated above with a sub-module inside. What `layer-lens analyze --json` says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { run } from '../../src/cli/main';
import { readFileSync } from 'node:fs';
import { analyzeSource, DATA, readJson, ROOT } from './helpers';

interface LineRow { line: number; type: string; instances: number; paramsPerInstance: number; calls: number; multAdds: number; inputShape: number[]; outputShape: number[] }
interface Reference {
  file: string;
  model: string;
  input: number[];
  params: number;
  totals: { modulesMultAdds: number; functionalMultAdds: number; multAdds: number };
  lines: LineRow[];
  functional: { line: number; op: string; calls: number; multAdds: number }[];
}

const reference = readJson<{ files: Reference[] }>(DATA, 'context-models.reference.json');
const INPUT: Record<string, string> = { 'test/fixtures/context/cifar_net.py': 'code', 'samples/tiny_gpt.py': 'code', 'test/fixtures/context/annotated_stem.py': 'annotation' };

function analyze(args: string[]): { code: number; stdout: string } {
  let stdout = '';
  const code = run(['analyze', ...args], (s) => (stdout += `${s}\n`), () => undefined);
  return { code, stdout };
}

for (const ref of reference.files) {
  const file = path.join(ROOT, ref.file);
  const model = `${ref.model}()`;

  test(`${ref.file}: every layer line's row carries its figures in ${model}, as PyTorch runs it`, () => {
    const { code, stdout } = analyze([file, '--json']);
    assert.equal(code, 0);
    const out = JSON.parse(stdout);
    for (const want of ref.lines) {
      const row = out.calls.find((c: { line: number; type: string }) => c.line === want.line && c.type === want.type);
      assert.ok(row, `a row at line ${want.line}`);
      const where = `line ${want.line} (${want.type})`;
      assert.deepEqual(row.inputSource, { kind: 'model', model, input: INPUT[ref.file], shapes: [ref.input] }, where);
      assert.equal(row.instances, want.instances, `${where}: instances`);
      assert.equal(row.callCount, want.calls, `${where}: calls`);
      assert.equal(row.calls.length, want.calls, `${where}: one entry per call`);
      assert.equal(row.params, want.paramsPerInstance, `${where}: params per instance`);
      assert.equal(row.paramsTotal, want.paramsPerInstance * want.instances, `${where}: params over its instances`);
      assert.equal(row.multAdds, want.multAdds, `${where}: Mult-Adds over its calls`);
      assert.equal(row.flops, 2 * want.multAdds, `${where}: FLOPs`);
      assert.deepEqual(row.inputShape, want.inputShape, `${where}: input`);
      assert.deepEqual(row.outputShape, want.outputShape, `${where}: output`);
    }
    // The functional compute, one row per line and operation, in the same model.
    for (const want of ref.functional) {
      const op = out.operations.find((o: { line: number; op: string }) => o.line === want.line && o.op === want.op);
      assert.ok(op, `an operation row for ${want.op} at line ${want.line}`);
      assert.equal(op.callCount, want.calls);
      assert.equal(op.multAdds, want.multAdds, `${want.op} at line ${want.line}`);
      assert.equal(op.inputSource.model, model);
    }
  });

  test(`${ref.file}: ${model}'s totals include its functional compute, and nothing is an error`, () => {
    const out = JSON.parse(analyze([file, '--json']).stdout);
    const m = out.models.find((x: { name: string }) => x.name === model);
    assert.ok(m, model);
    assert.equal(m.complete, true);
    assert.equal(m.totals.params, ref.params);
    assert.equal(m.moduleTotals.multAdds, ref.totals.modulesMultAdds);
    assert.equal(m.functionalTotals.multAdds, ref.totals.functionalMultAdds);
    assert.equal(m.totals.multAdds, ref.totals.multAdds);
    assert.deepEqual(out.diagnostics.filter((d: { severity: string }) => d.severity === 'error'), []);
    assert.deepEqual(out.calls.flatMap((c: { diagnostics: { severity: string }[] }) => c.diagnostics).filter((d: { severity: string }) => d.severity === 'error'), []);
    // Sub-module classes are seen inside the model, on its shapes, not on a guessed input.
    for (const x of out.models.filter((v: { name: string }) => v.name !== model)) {
      assert.equal(x.within?.model, model, `${x.name} is seen in ${model}`);
      assert.equal(x.inputSource, INPUT[ref.file]);
    }
  });
}

test('the text report leads with the model, its totals split into modules and functional, then its table', () => {
  const gpt = reference.files.find((f) => f.file === 'samples/tiny_gpt.py')!;
  const { stdout } = analyze([path.join(ROOT, 'samples', 'tiny_gpt.py')]);
  const exact = (n: number) => n.toLocaleString('en-US');
  assert.ok(stdout.startsWith('TinyGPT()\n  input 2×1024 (the code\'s own call) → output 2×1024×8000\n'), stdout.slice(0, 200));
  assert.match(stdout, new RegExp(`Mult-Adds ${exact(gpt.totals.multAdds)} \\(modules ${exact(gpt.totals.modulesMultAdds)} \\+ functional ${exact(gpt.totals.functionalMultAdds)}\\)`));
  assert.match(stdout, /path\s+line\s+type\s+input → output\s+params\s+Mult-Adds\s+MAC\s+calls/);
  // The attention, as a row at its line, in its module.
  assert.match(stdout, /blocks\.0\.attn\s+23\s+op F\.scaled_dot_product_attention\s+2×8×1024×32, 2×8×1024×32, 2×8×1024×32 → 2×8×1024×32\s+1,073,741,824/);
  // A sub-module class comes after, as its model calls it.
  assert.match(stdout, /\nTinyGPT\(\)\.blocks\.0\.attn {2}\(one of 2 in TinyGPT\(\), at blocks\.0\.attn\)\n {2}input 2×1024×256 \(the code's own call\)/);
});

test('an annotation at the end of the class line counts as one above it', () => {
  const text = readFileSync(path.join(ROOT, 'test', 'fixtures', 'context', 'annotated_stem.py'), 'utf8');
  const trailing = text.replace('# layer-lens: input 8x3x64x64\nclass Stem(nn.Module):', 'class Stem(nn.Module):  # layer-lens: input 8x3x64x64');
  assert.notEqual(trailing, text);
  const [above, after] = [text, trailing].map((t) => analyzeSource(t).models.find((m) => m.name === 'Stem()')!);
  assert.equal(after.inputSource, 'annotation');
  assert.deepEqual(after.input, [[8, 3, 64, 64]]);
  assert.deepEqual(after.totals, above.totals);
});

test('a half-typed line in the script gives no input: the model falls back to a guess, and nothing is a red error', () => {
  const file = path.join(ROOT, 'test', 'fixtures', 'context', 'cifar_net.py');
  const text = readFileSync(file, 'utf8').replace('torch.randn(4, 3, 32, 32)', 'torch.randn(4, 3,self 32, 32)');
  const a = analyzeSource(text);
  const net = a.models.find((m) => m.name === 'Net()')!;
  // The guess: the default image, then the smallest square one that its Linear after the flatten takes (32×32).
  assert.equal(net.inputSource, 'inferred');
  assert.deepEqual(net.input, [[1, 3, 32, 32]]);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.ok(a.diagnostics.some((d) => d.code === 'syntax'));
});

test("an unannotated MNIST net: the guessed image is the smallest square one its Linear after the flatten takes, said as such; an image no size fits keeps the default", () => {
  const mnist = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', '', 'class Net(nn.Module):', '    def __init__(self):', '        super(Net, self).__init__()',
    '        self.conv1 = nn.Conv2d(1, 32, 3, 1)', '        self.conv2 = nn.Conv2d(32, 64, 3, 1)', '        self.fc1 = nn.Linear(9216, 128)', '        self.fc2 = nn.Linear(128, 10)', '',
    '    def forward(self, x):', '        x = F.max_pool2d(F.relu(self.conv2(F.relu(self.conv1(x)))), 2)', '        x = torch.flatten(x, 1)', '        return F.log_softmax(self.fc2(F.relu(self.fc1(x))), dim=1)'].join('\n');
  const net = analyzeSource(mnist).models[0];
  // 28 and 29 both give 64×12×12 = 9216 features (the pooling floors): the smaller is taken, and the note says how.
  assert.deepEqual(net.input, [[1, 1, 28, 28]]);
  assert.equal(net.inputSource, 'inferred');
  assert.equal(net.complete, true);
  assert.match(net.diagnostics.map((d) => d.message).join('\n'), /input 1×1×28×28 inferred from the Linear called at line 16 \(its 9216 input features: the smallest square image that gives them\) \(annotate it: # layer-lens: input 1x1x28x28\)/);
  // PyTorch's own count at 28×28: conv1 26·26·32·9, conv2 24·24·64·288, fc1 9216·128, fc2 128·10.
  assert.equal(net.totals.multAdds, 26 * 26 * 32 * 9 + 24 * 24 * 64 * 288 + 9216 * 128 + 128 * 10);
  // A feature count no square image gives (9217 is prime): the default image stays, and its mismatch is a note, not an error.
  const odd = analyzeSource(mnist.replace('nn.Linear(9216, 128)', 'nn.Linear(9217, 128)')).models[0];
  assert.notEqual(odd.inputSource, 'option');
  assert.deepEqual(odd.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.ok(!/inferred from the Linear/.test(odd.diagnostics.map((d) => d.message).join('\n')));
});
