/** Cost budgets: the budget file, `layer-lens check` (exit codes, table, markdown, JSON) and `layer-lens diff` on a git repository made here. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseBudgets, parseBytes, parseCount } from '../../src/core/budget/config';
import { peakActivation } from '../../src/core/budget/check';
import { evaluateModels } from '../../src/core';
import { run } from '../../src/cli/main';
import { ROOT } from './helpers';

function cli(args: string[], cwd?: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = run(args, (s) => (out += s), (s) => (err += `${s}\n`));
    return { code, out, err };
  } finally {
    process.chdir(before);
  }
}

/** A folder with the tiny ResNet sample as model.py and this budget file. */
function project(budget: string, name = 'layer-lens.toml'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-budget-'));
  copyFileSync(path.join(ROOT, 'samples', 'tiny_resnet.py'), path.join(dir, 'model.py'));
  writeFileSync(path.join(dir, name), budget);
  return dir;
}

// TinyResNet() on 1×3×224×224 (the sample's own figures, as the CodeLens test pins them).
const TINY = { params: 93_642, multAdds: 356_100_352, memoryAccessCost: 4_961_236 };

test('budget numbers: counts with K/M/G, bytes with KB/MB or KiB/MiB; nothing else', () => {
  assert.deepEqual([parseCount('26M'), parseCount('4.2G'), parseCount(26_000_000), parseCount('1_500K'), parseCount('12')], [26e6, 4.2e9, 26e6, 1.5e6, 12]);
  assert.deepEqual([parseCount('-5'), parseCount('lots'), parseCount('4.2 GB'), parseCount(Infinity)], [undefined, undefined, undefined, undefined]);
  // Limits are whole, non-negative and exact: 0 is a limit; a fraction, a negative or an endless number is not.
  assert.deepEqual([parseCount(0), parseCount('0'), parseCount(1.5), parseCount('1.5'), parseCount(-3), parseCount(`${'9'.repeat(400)}T`), parseCount(2 ** 53)], [0, 0, undefined, undefined, undefined, undefined, undefined]);
  assert.deepEqual([parseCount('4.2G'), parseCount('0.1K'), parseBytes('1.5 KiB'), parseBytes('0.5 B')], [4_200_000_000, 100, 1536, undefined]);
  assert.deepEqual([parseBytes('8 MiB'), parseBytes('8MB'), parseBytes(1024), parseBytes('512 KiB')], [8 * 2 ** 20, 8e6, 1024, 512 * 1024]);
  assert.deepEqual([parseBytes('8M'), parseBytes('-1 B')], [undefined, undefined]);
});

test('the budget file: layer-lens.toml and pyproject.toml, paths from its folder, inputs and limits', () => {
  const toml = `
[[budget]]
name = "backbone"
file = "models/resnet.py"
call = "resnet50()"
input = "1x3x224x224"
params = "26M"
multAdds = "4.2G"

[[budget]]
file = "../text.py"
call = "Encoder(width=2)"
input = ["1x128:int64", "1x128"]
dtype = "float16"
memoryAccessCost = 1_000_000
peakActivationBytes = "8 MiB"
`;
  const c = parseBudgets(toml, 'layer-lens.toml', '/repo/ml', 'layer-lens.toml');
  assert.deepEqual(c.errors, []);
  assert.deepEqual(c.entries, [
    { name: 'backbone', file: '/repo/ml/models/resnet.py', call: 'resnet50()', inputs: [{ shape: [1, 3, 224, 224], dtype: 'float32' }], limits: { params: 26e6, multAdds: 4.2e9 } },
    { name: 'Encoder(width=2)', file: '/repo/text.py', call: 'Encoder(width=2)', inputs: [{ shape: [1, 128], dtype: 'int64' }, { shape: [1, 128], dtype: 'float16' }], limits: { memoryAccessCost: 1e6, peakActivationBytes: 8 * 2 ** 20 } },
  ]);
  const py = parseBudgets('[project]\nname = "x"\n\n[[tool.layer-lens.budget]]\nfile = "m.py"\ncall = "Net()"\nparams = 10\n', 'pyproject.toml', '/r', 'pyproject.toml');
  assert.deepEqual([py.errors, py.entries.map((e) => [e.file, e.limits])], [[], [['/r/m.py', { params: 10 }]]]);
});

test('a bad budget file: every problem named with its entry, and what was expected', () => {
  const bad = parseBudgets(`
[[budget]]
file = "a.py"
call = "A()"
macs = "5M"

[[budget]]
name = "b"
call = "not a call"
flops = "1G"
params = "lots"
input = "1x3xabc"

[[budget]]
file = "c.py"
call = "C()"

[[budget]]
file = "d.py"
call = "D()"
params = "1M"
`, 'layer-lens.toml', '/r', 'layer-lens.toml');
  assert.deepEqual(bad.errors, [
    "layer-lens.toml: budget 1 (A()): unknown key 'macs': the figure is called 'memoryAccessCost'",
    "layer-lens.toml: budget 1 (A()): no limit: set at least one of params, multAdds, memoryAccessCost, peakActivationBytes, latencyMs, trainingMemoryBytes",
    "layer-lens.toml: budget 2 (b): unknown key 'flops': the figure is called 'multAdds' (limit Mult-Adds; FLOPs are 2 × Mult-Adds)",
    "layer-lens.toml: budget 2 (b): 'file' is missing",
    `layer-lens.toml: budget 2 (b): 'call' must be a call expression such as "resnet50()" (got 'not a call')`,
    "layer-lens.toml: budget 2 (b): 'input' must look like 1x3x224x224 (got '1x3xabc'); a list of shapes for several inputs",
    `layer-lens.toml: budget 2 (b): 'params' must be a whole, non-negative number below 2^53, such as 26000000, 26_000_000, "26M" or "4.2G" (got "lots")`,
    'layer-lens.toml: budget 3 (C()): no limit: set at least one of params, multAdds, memoryAccessCost, peakActivationBytes, latencyMs, trainingMemoryBytes',
  ]);
  // The good entry is kept.
  assert.deepEqual(bad.entries.map((e) => e.call), ['D()']);
  // Keys that are JavaScript's own names are unknown keys like any other.
  const proto = parseBudgets('[[budget]]\nfile = "a.py"\ncall = "A()"\nconstructor = 1\n__proto__ = 2\nparams = 10\n', 'layer-lens.toml', '/r', 'layer-lens.toml');
  assert.deepEqual(proto.errors.map((e) => e.replace(/ \(expected .*\)$/, '')), ["layer-lens.toml: budget 1 (A()): unknown key 'constructor'", "layer-lens.toml: budget 1 (A()): unknown key '__proto__'"]);
  // For an editor, each problem sits on its budget's [[budget]] line (1-based).
  assert.deepEqual(bad.problems.map((p) => p.line), [2, 2, 7, 7, 7, 7, 7, 14]);
  assert.equal(bad.problems[0].message, "unknown key 'macs': the figure is called 'memoryAccessCost'");
  assert.match(parseBudgets('[[budget]\nfile = 1', 'layer-lens.toml', '/r', 'layer-lens.toml').errors[0], /^layer-lens\.toml:1:\d+: not valid TOML/);
  assert.deepEqual(parseBudgets('[project]\nname = "x"\n', 'pyproject.toml', '/r', 'pyproject.toml').errors, ['pyproject.toml: no [tool.layer-lens] table']);
  assert.match(parseBudgets('x = 1\n', 'layer-lens.toml', '/r', 'layer-lens.toml').errors[0], /no budgets: add \[\[budget\]\] tables/);
});

test('peak activation memory: the largest inputs + output of one operation, worked by hand', () => {
  const source = 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3)\n        self.act = nn.ReLU()\n    def forward(self, x):\n        return self.act(self.conv(x)) + 1\n';
  const [m] = evaluateModels('/p/net.py', { read: (p) => (p === '/p/net.py' ? source : undefined) }, { call: 'Net()', inputs: [{ shape: [1, 3, 8, 8], dtype: 'float32' }] }).models;
  // conv: 3·8·8 + 8·6·6 = 480; ReLU: 288 + 288 = 576; + 1: 288 + 288 = 576.
  assert.equal(peakActivation(m), 576);
});

test('layer-lens check: exit 0 within budget, 1 over it or when a model cannot be evaluated, 2 for a bad budget file', () => {
  // MAC limits modules and functional operations together (the residual add here): 5,563,348.
  const within = project(`[[budget]]\nname = "tiny"\nfile = "model.py"\ncall = "TinyResNet()"\ninput = "1x3x224x224"\nparams = "100K"\nmultAdds = "400M"\nmemoryAccessCost = "6M"\npeakActivationBytes = "4 MiB"\n`);
  const ok = cli(['check'], within);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /all 1 model within budget/);
  assert.match(ok.out, /params\s+93,642\s+100,000\s+6,358 \(6\.4%\)\s+ok/);
  // Peak: the max pool, 64·112·112 in + 64·56·56 out = 1,003,520 elements, 4,014,080 bytes.
  assert.match(ok.out, /peak activation memory\s+3\.83 MiB\s+4\.00 MiB\s+176\.00 KiB \(4\.3%\)\s+ok/);

  const over = project(`[[budget]]\nfile = "model.py"\ncall = "TinyResNet()"\nparams = "100K"\nmultAdds = "300M"\n`);
  const o = cli(['check'], over);
  assert.equal(o.code, 1);
  assert.match(o.out, /OVER: Mult-Adds/);
  assert.match(o.out, /Mult-Adds\s+356,100,352\s+300,000,000\s+−56,100,352 \(−18\.7%\)\s+OVER/);

  // JSON, for scripts: the figures and each check.
  const json = JSON.parse(cli(['check', '--format', 'json'], over).out);
  assert.equal(json.ok, false);
  assert.deepEqual(json.models[0].figures.params, TINY.params);
  assert.deepEqual(json.models[0].checks.map((c: { figure: string; ok: boolean; headroom: number }) => [c.figure, c.ok, c.headroom]), [['params', true, 100_000 - TINY.params], ['multAdds', false, 300e6 - TINY.multAdds]]);

  // Markdown, for a pull-request comment.
  const md = cli(['check', '--format', 'markdown'], over).out;
  assert.match(md, /^### ❌ Layer Lens cost budgets: 1 over budget \(of 1\)/);
  assert.match(md, /\| `TinyResNet\(\)` on 1×3×224×224 \| Mult-Adds \| 356,100,352 \| 300,000,000 \| −56,100,352 \(−18\.7%\) \| ❌ \|/);
  assert.doesNotMatch(md, /MACs/);

  // A model that no longer builds is a failure too, with the reason.
  const broken = project(`[[budget]]\nfile = "model.py"\ncall = "Sequence()"\nparams = "1M"\n\n[[budget]]\nfile = "gone.py"\ncall = "Net()"\nparams = 1\n`);
  const b = cli(['check', '--json'], broken);
  assert.equal(b.code, 1);
  const models = JSON.parse(b.out).models;
  assert.deepEqual(models.map((m: { status: string }) => m.status), ['error', 'error']);
  assert.match(models[0].problem, /could not be evaluated completely: .*divisible by groups/);
  assert.match(models[1].problem, /gone\.py not found/);

  // A bad budget file: exit 2 with the problems on stderr; none at all: exit 2 with what to add.
  const bad = project(`[[budget]]\nfile = "model.py"\ncall = "TinyResNet()"\nmacs = 1\n`);
  const e = cli(['check'], bad);
  assert.equal(e.code, 2);
  assert.match(e.err, /budget 1 \(TinyResNet\(\)\): unknown key 'macs'/);
  const none = mkdtempSync(path.join(tmpdir(), 'layer-lens-none-'));
  execFileSync('git', ['init', '-q'], { cwd: none });
  assert.deepEqual([cli(['check'], none).code, /no budget file/.test(cli(['check'], none).err)], [2, true]);
  // pyproject.toml, found from a subfolder; --config names a file.
  const py = project(`[project]\nname = "m"\n\n[[tool.layer-lens.budget]]\nfile = "model.py"\ncall = "TinyResNet()"\nparams = "1M"\n`, 'pyproject.toml');
  execFileSync('mkdir', ['-p', path.join(py, 'sub')]);
  assert.equal(cli(['check'], path.join(py, 'sub')).code, 0);
  assert.equal(cli(['check', '--config', path.join(over, 'layer-lens.toml')], none).code, 1);
  assert.equal(cli(['check', '--format', 'xml'], over).code, 2);
});

test('layer-lens diff: two revisions of a git repository made here, and two files', () => {
  const dir = project(`[[budget]]\nname = "tiny"\nfile = "model.py"\ncall = "TinyResNet()"\nparams = "1M"\n`);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'first');
  const v1 = readFileSync(path.join(dir, 'model.py'), 'utf8');
  // Wider 1×1 conv (resized, and the head's Linear with it), a layer added, the pool removed from forward.
  const v2 = v1.replace('nn.Conv2d(WIDTH, 2 * WIDTH, 1)', 'nn.Conv2d(WIDTH, 3 * WIDTH, 1)\n        self.extra = nn.Conv2d(3 * WIDTH, 3 * WIDTH, 1)')
    .replace('nn.Linear(2 * WIDTH, num_classes)', 'nn.Linear(3 * WIDTH, num_classes)')
    .replace('x = self.pw(self.dw(x))', 'x = self.extra(self.pw(self.dw(x)))')
    .replace('x = self.block(self.pool(self.stem(x)))', 'x = self.block(self.stem(x)[:, :, ::2, ::2])');
  writeFileSync(path.join(dir, 'model.py'), v2);
  git('commit', '-qam', 'second');

  const r = cli(['diff', 'HEAD~1', 'HEAD', '--json'], dir);
  assert.equal(r.code, 0, r.err);
  const [m] = JSON.parse(r.out).models;
  assert.equal(m.name, 'tiny');
  assert.equal(m.status, 'changed');
  const extra = 192 * 192 + 192;
  const pwGrowth = 64 * 64 + 64;
  const fcGrowth = 64 * 10;
  assert.deepEqual([m.params.a, m.params.b, m.params.delta], [TINY.params, TINY.params + extra + pwGrowth + fcGrowth, extra + pwGrowth + fcGrowth]);
  assert.equal(m.params.percent, ((extra + pwGrowth + fcGrowth) / TINY.params) * 100);
  const byPath = new Map(m.layers.map((l: { path: string; status: string }) => [l.path, l]));
  assert.equal((byPath.get('extra') as { status: string }).status, 'added');
  assert.equal((byPath.get('pool') as { status: string }).status, 'removed');
  const pw = byPath.get('pw') as { status: string; a: { params: number; outputShape: number[] }; b: { params: number; outputShape: number[] }; multAdds: { delta: number } };
  assert.deepEqual([pw.status, pw.a.params, pw.b.params, pw.a.outputShape, pw.b.outputShape], ['resized', 64 * 128 + 128, 64 * 192 + 192, [1, 128, 28, 28], [1, 192, 28, 28]]);
  assert.equal(pw.multAdds.delta, 28 * 28 * 64 * 64);
  // Layers that did not change are not listed.
  assert.equal(byPath.has('dw'), false);

  const table = cli(['diff', 'HEAD~1', 'HEAD'], dir).out;
  assert.match(table, /\+ extra \(Conv2d, output 1×192×28×28\): params \+37,056/);
  assert.match(table, /- pool \(MaxPool2d/);
  const md = cli(['diff', 'HEAD~1', 'HEAD', '--format', 'markdown'], dir).out;
  assert.match(md, /\| `extra` \(Conv2d\) \| added \| \+37,056 \|/);
  // --file without a budget file: every model the file builds.
  const byFile = JSON.parse(cli(['diff', 'HEAD~1', 'HEAD', '--file', 'model.py', '--json'], dir).out);
  assert.ok(byFile.models.some((x: { name: string; status: string }) => x.name === 'TinyResNet()' && x.status === 'changed'));
  // Two files.
  writeFileSync(path.join(dir, 'old.py'), v1);
  const files = JSON.parse(cli(['diff', 'old.py', 'model.py', '--call', 'TinyResNet()', '--json'], dir).out);
  assert.deepEqual(files.models.map((x: { params: { delta: number } }) => x.params.delta), [extra + pwGrowth + fcGrowth]);
  // Neither a file nor a revision.
  const bad = cli(['diff', 'HEAD~1', 'no-such-rev'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /'no-such-rev' is neither a file nor a git revision/);
});

test('layer-lens check enforces latencyMs on a named device and trainingMemoryBytes with an optimizer', async () => {
  const { findDevice, modelLatency, trainingMemory } = await import('../../src/core');
  const dir = project('x = 1\n');
  const m = evaluateModels(path.join(dir, 'model.py'), { read: (p) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } } }, { call: 'TinyResNet()', inputs: [{ shape: [8, 3, 224, 224], dtype: 'float32' }] }).models[0];
  const l = modelLatency(m, findDevice('rpi4')!, 'float32');
  const t = trainingMemory(m, { optimizer: 'sgd-momentum', dtype: 'float32' });
  assert.ok(!('problem' in l) && !('problem' in t));
  const budget = (latency: number, memory: number) => `[[budget]]\nname = "edge"\nfile = "model.py"\ncall = "TinyResNet()"\ninput = "8x3x224x224"\nlatencyMs = ${latency}\ndevice = "rpi4"\ntrainingMemoryBytes = ${memory}\noptimizer = "sgd-momentum"\n`;
  writeFileSync(path.join(dir, 'layer-lens.toml'), budget(Math.ceil(l.upperMs * 1.1), Math.ceil(t.peak * 1.1)));
  const ok = cli(['check', '--json'], dir);
  assert.equal(ok.code, 0, ok.err);
  const figures = JSON.parse(ok.out).models[0].figures;
  // The upper end of the range on the device, and the peak with the budget's optimizer, as the engine gives them.
  assert.deepEqual([figures.latencyMs, figures.trainingMemoryBytes], [l.upperMs, t.peak]);
  writeFileSync(path.join(dir, 'layer-lens.toml'), budget(Math.floor(l.upperMs / 2), Math.floor(t.peak / 2)));
  const over = cli(['check'], dir);
  assert.equal(over.code, 1);
  assert.match(over.out, /OVER: time \(upper bound\), training memory/);
  assert.match(over.out, /time \(upper bound\)\s+[\d.]+ ms\s+[\d.]+ ms/);
  // A time needs its device; a device and an optimizer must be known ones; a time is milliseconds.
  const bad = parseBudgets('[[budget]]\nfile = "m.py"\ncall = "N()"\nlatencyMs = 5\n\n[[budget]]\nfile = "m.py"\ncall = "N()"\nlatencyMs = "5 minutes"\ndevice = "cray"\ntrainingMemoryBytes = "1 GiB"\noptimizer = "lion"\n', 'layer-lens.toml', '/r', 'layer-lens.toml');
  assert.deepEqual(bad.errors, [
    "layer-lens.toml: budget 1 (N()): 'device' is missing",
    "layer-lens.toml: budget 2 (N()): 'latencyMs' must be a non-negative number of milliseconds, such as 12.5 or \"12.5 ms\" (got \"5 minutes\")",
    "layer-lens.toml: budget 2 (N()): 'device' 'cray' is not a device preset (layer-lens devices lists them)",
    "layer-lens.toml: budget 2 (N()): 'optimizer' must be one of sgd, sgd-momentum, adam, adamw (got 'lion')",
  ]);
});
