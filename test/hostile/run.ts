/**
 * `npm run hostile`: the hostile corpus of issue 18, run against the CLI as a new user would meet such files. Each
 * case is built in a fresh folder (devices and FIFOs behind links, size bombs and huge files cannot live in git;
 * small files come from test/fixtures/hostile), then `layer-lens` runs on it in its own process, with a 10 s wall
 * limit. Per category it prints the cases and the worst wall time and memory (max RSS); it fails when a case
 * takes 10 s or 1 GB, throws (a stack trace, an exit code other than 0, 1 or 2), or leaves a trace of running
 * something.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'bin', 'layer-lens.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'hostile');
const MEASURE = path.join(__dirname, 'measure.js');
const WALL_MS = 10_000;
const RSS_BYTES = 1024 ** 3;
/** What a case that ran injected code would leave behind. */
const TRACE = path.join(tmpdir(), 'layer-lens-hostile-executed');

interface Case {
  category: string;
  name: string;
  /** Builds the case in `dir`; returns the CLI's arguments. */
  make(dir: string): string[];
}

const py = (body: string) => `import torch\nimport torch.nn as nn\n\n${body}\n`;
const write = (dir: string, name: string, text: string | Buffer) => {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
const model = 'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 4)\n    def forward(self, x):\n        return self.fc(x)\n';

const CASES: Case[] = [
  // ------------------------------------------------------------------ reads
  { category: 'reads', name: 'a package __init__.py linked to /dev/zero', make: (d) => {
    mkdirSync(path.join(d, 'pkg'));
    symlinkSync('/dev/zero', path.join(d, 'pkg', '__init__.py'));
    return [write(d, 'pkg/net.py', py(model))];
  } },
  { category: 'reads', name: 'an import that is /dev/urandom', make: (d) => (symlinkSync('/dev/urandom', path.join(d, 'rnd.py')), [write(d, 'net.py', py(`import rnd\n${model}`))]) },
  { category: 'reads', name: 'an import that is a FIFO', make: (d) => (execFileSync('mkfifo', [path.join(d, 'fifo.py')]), [write(d, 'net.py', py(`import fifo\n${model}`))]) },
  { category: 'reads', name: 'an import of 9 MB', make: (d) => (write(d, 'big.py', Buffer.alloc(9 * 1024 * 1024, 0x20)), [write(d, 'net.py', py(`import big\n${model}`))]) },
  { category: 'reads', name: 'the analysed file is a link to /dev/zero', make: (d) => (symlinkSync('/dev/zero', path.join(d, 'zero.py')), [path.join(d, 'zero.py')]) },
  { category: 'reads', name: 'a budget file linked to /dev/zero', make: (d) => (symlinkSync('/dev/zero', path.join(d, 'layer-lens.toml')), ['check', '--config', path.join(d, 'layer-lens.toml')]) },
  { category: 'reads', name: 'notes that are a FIFO', make: (d) => (execFileSync('mkfifo', [path.join(d, 'notes.md')]), ['notes', 'render', path.join(d, 'notes.md'), '--html', path.join(d, 'out.html')]) },
  { category: 'reads', name: 'a link loop imported', make: (d) => (symlinkSync('b.py', path.join(d, 'a.py')), symlinkSync('a.py', path.join(d, 'b.py')), [write(d, 'net.py', py(`import a\n${model}`))]) },
  // ------------------------------------------------------------------ work
  { category: 'work', name: 'a factory that spins building lists', make: (d) => [write(d, 'spin.py', py('def make():\n    while True:\n        junk = [0] * 999999\n    return nn.Linear(2, 2)\n'))] },
  { category: 'work', name: 'thirty such factories', make: (d) => [write(d, 'spin30.py', py(Array.from({ length: 30 }, (_, i) => `def make${i}():\n    while True:\n        junk = [0] * 999999\n    return nn.Linear(2, 2)\n`).join('\n')))] },
  { category: 'work', name: 'a tuple DAG of 2^60 leaves: hash, ==, f-string, repr, deepcopy', make: (d) => [write(d, 'dag.py', py('import copy\nt = (1,)\nfor i in range(60):\n    t = (t, t)\nd = {t: 1}\nsame = t == t\ns = f"{t}"\nr = repr(t)\nc = copy.deepcopy(t)\n'))] },
  { category: 'work', name: 'a forward that never ends', make: (d) => [write(d, 'loop.py', py(`${model.replace('return self.fc(x)', 'while True:\n            x = self.fc(x)')}\nif __name__ == "__main__":\n    M()(torch.randn(1, 4))\n`))] },
  { category: 'work', name: 'a string doubled sixty times', make: (d) => [write(d, 'str.py', py('s = "x"\nfor i in range(60):\n    s = s + s\n'))] },
  { category: 'work', name: 'unbounded recursion', make: (d) => [write(d, 'rec.py', py('def f(n):\n    return f(n + 1)\nf(0)\n'))] },
  // ------------------------------------------------------------------ size
  { category: 'size', name: 'a 5 MB line in an 11-line file', make: (d) => [write(d, 'line.py', `x = [${'1, '.repeat(1_700_000)}1]\n${'import torch\n'.repeat(10)}`)] },
  { category: 'size', name: '100,000 lines', make: (d) => [write(d, 'lines.py', 'x = nn.ReLU()\n'.repeat(100_000))] },
  { category: 'size', name: '100,000 nested unary operators', make: (d) => [write(d, 'unary.py', `x = ${'-'.repeat(100_000)}1\n`)] },
  { category: 'size', name: 'an nn.Sequential of 19,000 layers', make: (d) => [write(d, 'seq.py', py(`net = nn.Sequential(\n${'    nn.ReLU(),\n'.repeat(19_000)})  # layer-lens: input 1x8\n`))] },
  { category: 'size', name: 'a notebook of 100,000 cells', make: (d) => [write(d, 'nb.ipynb', JSON.stringify({ cells: Array.from({ length: 100_000 }, (_, i) => ({ cell_type: 'code', source: [`x${i} = ${i}`] })) }))] },
  { category: 'size', name: 'a Keras chain of 15,000 layers', make: (d) => [write(d, 'keras.py', 'from keras import layers, models\nx = inp = layers.Input(shape=(4,))\nfor i in range(15000):\n    x = layers.Activation("relu")(x)\nmodel = models.Model(inp, x)\n')] },
  { category: 'size', name: '7 MB of notes', make: (d) => ['notes', 'render', write(d, 'big.md', `# Big\n\n${'Some $x^2$ text and a [link](#big).\n\n'.repeat(190_000)}`), '--html', path.join(d, 'big.html')] },
  // ------------------------------------------------------------------ malformed
  { category: 'malformed', name: 'notes with ![x](%FF) and the shared hostile notes', make: (d) => ['notes', 'render', write(d, 'n.md', `${readFileSync(path.join(FIXTURES, 'hostile-notes.md'), 'utf8')}\n![x](%FF)\n[y](#%FF)\n`), '--html', path.join(d, 'n.html')] },
  { category: 'malformed', name: 'Python that tries to run things', make: (d) => [write(d, 'run.py', py(`import os, subprocess\nos.system("touch ${TRACE}")\nsubprocess.run(["touch", "${TRACE}"])\neval("__import__('os').system('touch ${TRACE}')")\nexec("open('${TRACE}', 'w')")\n${model}`))] },
  { category: 'malformed', name: 'a call that tries to inject', make: (d) => [write(d, 'net.py', py(model)), '--call', `M(); __import__("os").system("touch ${TRACE}")`] },
  { category: 'malformed', name: 'a broken notebook', make: (d) => [write(d, 'bad.ipynb', '{"cells": [{"cell_type": "code", "source": 5}, null, 7]')] },
  // ------------------------------------------------------------------ output
  { category: 'output', name: 'diff markdown with backticks and escape codes in module names', make: (d) => {
    const names = ['a`![x](https://e/i.png)`b', 'c\u001b[31mRED\u001b[0m', '=HYPERLINK("x")'];
    const net = (w: number) => py(`class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n${names.map((n, i) => `        self.add_module(${JSON.stringify(n)}, nn.Linear(${w + i}, 4))`).join('\n')}\n    def forward(self, x):\n        return x\n`);
    return ['diff', write(d, 'a.py', net(4)), write(d, 'b.py', net(8)), '--call', 'Net()', '--input', '1x4', '--format', 'markdown'];
  } },
  { category: 'output', name: 'absurd budget limits and JavaScript keys', make: (d) => {
    write(d, 'net.py', py(model));
    return ['check', '--config', write(d, 'layer-lens.toml', `[[budget]]\nfile = "net.py"\ncall = "M()"\nparams = "${'9'.repeat(400)}T"\nmultAdds = -1\nmemoryAccessCost = 1.5\nconstructor = 1\n__proto__ = 2\n`), '--format', 'markdown'];
  } },
];

interface Result {
  c: Case;
  ms: number;
  rssBytes: number;
  status: number | null;
  problems: string[];
}

function runCase(c: Case): Result {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-hostile-'));
  rmSync(TRACE, { force: true });
  const made = c.make(dir);
  const args = ['analyze', 'check', 'diff', 'notes', 'triplets'].includes(made[0]) ? made : ['analyze', ...made];
  const t = Date.now();
  // The parse cache in the case's own folder: a hostile run must not leave entries in the user's cache.
  const env = { ...process.env, LAYER_LENS_CACHE_DIR: path.join(dir, '.layer-lens-cache') };
  const r = spawnSync(process.execPath, ['--require', MEASURE, CLI, ...args], { cwd: dir, env, encoding: 'utf8', timeout: WALL_MS + 2000, maxBuffer: 64 * 1024 * 1024 });
  const ms = Date.now() - t;
  const rss = /LAYER_LENS_RSS (\d+)/.exec(r.stderr ?? '');
  const rssBytes = rss ? Number(rss[1]) * 1024 : NaN;
  const problems: string[] = [];
  if (ms > WALL_MS || r.signal) problems.push(`took ${ms} ms${r.signal ? ` (killed: ${r.signal})` : ''}`);
  if (!(rssBytes < RSS_BYTES)) problems.push(`used ${Math.round(rssBytes / 1024 / 1024)} MB`);
  if (r.status !== null && ![0, 1, 2].includes(r.status)) problems.push(`exit code ${r.status}`);
  if (/^\s+at .+\(.+:\d+:\d+\)$/m.test(r.stderr ?? '')) problems.push(`a stack trace: ${(r.stderr ?? '').split('\n').find((l) => l.trim()) ?? ''}`);
  if (existsSync(TRACE)) problems.push('something ran: the trace file exists');
  // What reaches a PR comment or a terminal: no live image, link or escape sequence from the code.
  const out = r.stdout ?? '';
  if (/\u001b/.test(out) || /(^|[^`\\])!\[x\]\(https:\/\/e/.test(out.replace(/`+[^`]*`+/g, ''))) problems.push('injected output');
  rmSync(dir, { recursive: true, force: true });
  return { c, ms, rssBytes, status: r.status, problems };
}

function main(): number {
  const results = CASES.map(runCase);
  const categories = [...new Set(CASES.map((c) => c.category))];
  console.log('category    cases  worst time  worst memory');
  for (const cat of categories) {
    const rs = results.filter((r) => r.c.category === cat);
    const slow = rs.reduce((a, b) => (b.ms > a.ms ? b : a));
    const big = rs.reduce((a, b) => (b.rssBytes > a.rssBytes ? b : a));
    console.log(`${cat.padEnd(10)}  ${String(rs.length).padStart(5)}  ${`${(slow.ms / 1000).toFixed(2)} s`.padStart(10)}  ${`${Math.round(big.rssBytes / 1024 / 1024)} MB`.padStart(12)}   (slowest: ${slow.c.name}; largest: ${big.c.name})`);
  }
  const failed = results.filter((r) => r.problems.length);
  for (const f of failed) console.log(`FAIL ${f.c.category}: ${f.c.name}: ${f.problems.join('; ')}`);
  console.log(`${results.length} cases, ${failed.length} failed (limits: ${WALL_MS / 1000} s, ${RSS_BYTES / 1024 ** 3} GB, no exception, nothing run)`);
  return failed.length ? 1 : 0;
}

process.exitCode = main();
