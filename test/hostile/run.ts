/**
 * `npm run hostile`: the hostile corpus of issue 18, run against the CLI as a new user would meet such files. Each
 * case is built in a fresh folder (devices and FIFOs behind links, size bombs and huge files cannot live in git;
 * small files come from test/fixtures/hostile), then `layer-lens` runs on it in its own process, with a 10 s wall
 * limit. Per category it prints the cases and the worst wall time and memory (max RSS); it fails when a case
 * takes 10 s or 1 GB, throws (a stack trace, an exit code other than 0, 1 or 2), or leaves a trace of running
 * something.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import Module from 'node:module';
import * as vm from 'node:vm';
import { entryName, parsePythonModule, serializeModule } from '../../src/core';
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
  /** Builds the case in `dir` (its project), with the run's cache folder `cache` beside it; returns the CLI's arguments. */
  make(dir: string, cache: string): string[];
  /** Environment the run gets besides its cache folder (a relative cache folder, a Python environment). */
  env?(dir: string, cache: string): Record<string, string>;
  /** What else must hold after the run: each problem found. */
  check?(run: { out: string; err: string }, dir: string, cache: string): string[];
}

/** What no run may ever print: planted in files outside the project, in forged cache entries and in link targets. */
const CANARY = 'layer-lens-canary-7f3a91';
const BUNDLE = path.join(ROOT, 'dist', 'cli.js');
/** A folder outside every case's project: what the trust cases plant there must never reach the output. */
const OUTSIDE = mkdtempSync(path.join(tmpdir(), 'layer-lens-outside-'));

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
  // ------------------------------------------------------------------ trust (issue 29)
  { category: 'trust', name: 'a forged code-cache entry: bytecode of another source of the same length', make: (d, cache) => {
    forgeCodeEntry(path.join(cache, 'code'));
    return [write(d, 'net.py', py(model))];
  } },
  { category: 'trust', name: 'a cache folder inside the checkout (relative), a code entry shipped in it', env: () => ({ LAYER_LENS_CACHE_DIR: '.llcache' }), make: (d) => {
    forgeCodeEntry(path.join(d, '.llcache', 'code'));
    return [write(d, 'net.py', py(model))];
  }, check: (r) => (/not using the cache folder .*\.llcache: it is inside the project being analysed/.test(r.err) ? [] : ['the cache folder inside the checkout was not refused']) },
  { category: 'trust', name: 'an edit of the same length right after a cached run', make: (d, cache) => {
    const net = write(d, 'net.py', py(model.replace('nn.Linear(4, 4)', 'nn.Linear(10,10)').replace('return self.fc(x)', 'return self.fc(x)\n\nM()(torch.randn(1, 10))')));
    cli(['analyze', net], d, cache);
    writeFileSync(net, readFileSync(net, 'utf8').replace('nn.Linear(10,10)', 'nn.Linear(99,99)').replace('randn(1, 10)', 'randn(1, 99)'));
    return [net];
  }, check: (r) => (/\b9,900\b/.test(r.out) && !/\b110\b/.test(r.out) ? [] : ['the edited Linear(99,99) was not counted (9,900 params)']) },
  { category: 'trust', name: 'a forged run-cache entry that read nothing and prints a canary', make: (d, cache) => {
    const net = write(d, 'net.py', py(model));
    const argv = ['analyze', net];
    const s = statSync(BUNDLE);
    const key = JSON.stringify({ version: 'layer-lens-run-2', build: `${s.size}:${s.mtimeMs}`, cwd: d, argv });
    const run = JSON.stringify({ version: 'layer-lens-run-2', key, answers: [], out: [CANARY], err: [], code: 0 });
    write(cache, `runs/${sha256(key).slice(0, 40)}.run`, run);
    write(cache, `runs/${sha256(key).slice(0, 40)}.run.signed`, `layer-lens-signed-1 ${'0'.repeat(64)}\n${run}`);
    return argv;
  } },
  { category: 'trust', name: 'a forged parse entry for an installed library (the right path and key, another tree)', env: (d) => ({ LAYER_LENS_PYTHONPATH: `${d}-env` }), make: (d, cache) => {
    // The library in an environment beside the project, which the code puts on sys.path.
    const lib = write(`${d}-env`, 'tinylib.py', 'import torch.nn as nn\n\n\ndef head():\n    return nn.Linear(3, 3)\n');
    const other = 'import torch.nn as nn\n\n\ndef head():\n    return nn.Linear(5, 5)\n';
    const entry = serializeModule(lib, readFileSync(lib, 'utf8'), parsePythonModule(other), sha256);
    write(cache, entryName(lib, sha256), entry);
    write(cache, entryName(lib, sha256).replace('.ast', '.signed.ast'), `layer-lens-signed-1 ${'0'.repeat(64)}\n${entry}`);
    return [write(d, 'net.py', py(`import sys\nsys.path.append(${JSON.stringify(`${d}-env`)})\nfrom tinylib import head\n\n# layer-lens: input 1x3\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = head()\n    def forward(self, x):\n        return self.fc(x)\n`))];
  }, check: (r) => (/params 12\b/.test(r.out) && !/params 30\b/.test(r.out) ? [] : ['the forged tree changed the figures']) },
  { category: 'trust', name: 'a cache subfolder linked to another folder of 600 entries', make: (d, cache) => {
    const victim = path.join(d, '..', `${path.basename(d)}-victim`);
    mkdirSync(victim, { recursive: true });
    for (let i = 0; i < 600; i++) writeFileSync(path.join(victim, `${String(i).padStart(40, '0')}.run`), 'x');
    mkdirSync(cache, { recursive: true });
    symlinkSync(victim, path.join(cache, 'runs'));
    return [write(d, 'net.py', py(model))];
  }, check: (_r, d) => {
    const names = readdirSync(path.join(d, '..', `${path.basename(d)}-victim`));
    return names.length === 600 && names.every((n) => /^0*\d+\.run$/.test(n)) ? [] : [`the linked folder changed: ${names.length} files`];
  } },
  { category: 'trust', name: 'an import from a folder outside the project (sys.path.insert), naming a layer after a canary', make: (d) => {
    write(OUTSIDE, 'secret_canary.py', `TOKEN = "${CANARY}"\nN = 7\n`);
    return ['diff', write(d, 'a.py', py(`import sys\nsys.path.insert(0, ${JSON.stringify(OUTSIDE)})\nfrom secret_canary import TOKEN, N\n\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        setattr(self, TOKEN, nn.Linear(N, N))\n    def forward(self, x):\n        return x\n`)), write(d, 'b.py', py(model)), '--call', 'M()', '--input', '1x4', '--format', 'markdown'];
  }, check: (r) => (/\b56\b/.test(r.out) ? ['a figure from the outside file (N = 7: 56 params) was printed'] : []) },
  { category: 'trust', name: 'a committed link to a file outside the project, holding a canary', make: (d) => {
    write(OUTSIDE, 'dotenv.py', `SECRET = "${CANARY}"\nN = 7\n`);
    symlinkSync(path.join(OUTSIDE, 'dotenv.py'), path.join(d, 'cfg.py'));
    write(d, 'net.py', py(`from cfg import SECRET, N\n\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.add_module(SECRET, nn.Linear(N, N))\n    def forward(self, x):\n        return x\n`));
    return ['check', '--config', write(d, 'layer-lens.toml', '[[budget]]\nfile = "net.py"\ncall = "M()"\ninput = "1x7"\nparams = 1000\n'), '--format', 'markdown'];
  }, check: (r) => (/\b56\b/.test(r.out) ? ['a figure from the linked file (N = 7: 56 params) was printed'] : []) },
  { category: 'trust', name: 'mentions, issue references and links in a budget\'s call, in a PR comment', make: (d) => {
    // The model raises with the note as its message: the problem line in the comment carries it as text.
    write(d, 'net.py', py(model.replace('def __init__(self):', "def __init__(self, note=''):").replace('self.fc = nn.Linear(4, 4)', 'raise ValueError(note)')));
    return ['check', '--config', write(d, 'layer-lens.toml', '[[budget]]\nfile = "net.py"\ncall = "M(note=\'@octocat @org/team #123 https://evil.example www.evil.example\')"\ninput = "1x4"\nparams = 1000\n'), '--format', 'markdown'];
  }, check: (r) => {
    // Outside code spans, GitHub links what markdown leaves as text: backslash escapes do not stop it.
    const live = r.out.replace(/`+[^`]*`+/g, '').match(/@[A-Za-z]|\\?#\d|https?\\?:\/\/|www\\?\./g);
    return live ? [`live in the comment: ${live.join(' ')}`] : [];
  } },
  // ------------------------------------------------------------------ resources (issue 29)
  { category: 'work', name: 'a dict DAG of 2^40 leaves, deep-copied', make: (d) => [write(d, 'dag.py', py("import copy\nd = {}\nfor i in range(40):\n    d = {'a': d, 'b': d}\nc = copy.deepcopy(d)\ns = str(c)\n"))] },
  { category: 'work', name: 'a forward that appends every call of a loop without end', make: (d) => [write(d, 'calls.py', py(`${model.replace('return self.fc(x)', 'ys = []\n        while True:\n            ys.append(self.fc(x))')}\nM()(torch.randn(1, 4))\n`))] },
  { category: 'work', name: 'a chain of 5,000 subclasses', make: (d) => [write(d, 'chain.py', py(`class C0(nn.Module):\n    pass\n${Array.from({ length: 4999 }, (_, i) => `class C${i + 1}(C${i}):\n    pass\n`).join('')}m = C4999()\n`))] },
  { category: 'work', name: '10,000 sys.path entries and 200 imports found nowhere', make: (d) => [write(d, 'paths.py', `import sys\n${Array.from({ length: 10_000 }, (_, i) => `sys.path.append('/nowhere/${i}')\n`).join('')}${Array.from({ length: 200 }, (_, i) => `import missing_${i}\n`).join('')}`)], check: (_r, _d, cache) => {
    const runs = path.join(cache, 'runs');
    const big = existsSync(runs) ? readdirSync(runs).filter((n) => statSync(path.join(runs, n)).size > 4 * 1024 * 1024) : [];
    return big.length ? [`a run entry over 4 MB: ${big[0]}`] : [];
  } },
  { category: 'size', name: 'a diff of two 100,000-line models', make: (d) => {
    const body = `class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n${Array.from({ length: 100_000 }, (_, i) => `        self.l${i} = nn.Linear(4, 4)\n`).join('')}    def forward(self, x):\n        return x\n`;
    return ['diff', write(d, 'a.py', py(body)), write(d, 'b.py', py(body.replace('nn.Linear(4, 4)', 'nn.Linear(4, 5)'))), '--call', 'Net()', '--input', '1x4'];
  } },
];

/** SHA-256 hex, as the CLI keys its caches. */
function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Run the CLI as the measured run will (to fill a cache before it). */
function cli(args: string[], cwd: string, cache: string): void {
  spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, LAYER_LENS_CACHE_DIR: cache }, encoding: 'utf8', timeout: WALL_MS });
}

/**
 * V8 code-cache data of a source that is not the CLI's but has its length, and would leave the trace if it ran:
 * written where the CLI looks for its own, under both the new name and the name of before issue 29.
 */
function forgeCodeEntry(dir: string): void {
  const source = readFileSync(BUNDLE, 'utf8');
  const evil = `require('fs').writeFileSync(${JSON.stringify(TRACE)}, 'ran');`;
  const padded = evil + ' '.repeat(source.length - evil.length);
  const data = new vm.Script(Module.wrap(padded), { filename: BUNDLE }).createCachedData();
  mkdirSync(dir, { recursive: true });
  const s = statSync(BUNDLE);
  writeFileSync(path.join(dir, `cli.js-${s.size}-${Math.round(s.mtimeMs)}-${process.version}-${process.arch}.v8`), data);
  const hash = sha256(source);
  const name = `cli.js-${hash.slice(0, 40)}-${process.version}-${process.arch}.v8`;
  writeFileSync(path.join(dir, name), Buffer.concat([Buffer.from(`layer-lens-v8-1 ${hash} ${'0'.repeat(64)}\n`), data]));
}

interface Result {
  c: Case;
  ms: number;
  rssBytes: number;
  status: number | null;
  problems: string[];
}

function runCase(c: Case): Result {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-hostile-'));
  // The caches in a folder of the case's own, beside its project: a hostile run must not leave entries in the
  // user's cache, and a cache inside the project would be refused.
  const cache = `${dir}-cache`;
  rmSync(TRACE, { force: true });
  const made = c.make(dir, cache);
  const args = ['analyze', 'check', 'diff', 'notes', 'triplets'].includes(made[0]) ? made : ['analyze', ...made];
  const t = Date.now();
  const env = { ...process.env, LAYER_LENS_CACHE_DIR: cache, ...c.env?.(dir, cache) };
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
  // Nothing from outside the project, from a forged cache entry or through a link reaches any output.
  if (`${out}${r.stderr ?? ''}`.includes(CANARY)) problems.push('the canary reached the output');
  problems.push(...(c.check?.({ out, err: r.stderr ?? '' }, dir, cache) ?? []));
  rmSync(dir, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
  rmSync(`${dir}-victim`, { recursive: true, force: true });
  rmSync(`${dir}-env`, { recursive: true, force: true });
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
rmSync(OUTSIDE, { recursive: true, force: true });
