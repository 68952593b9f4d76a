/**
 * The parse cache (issue 20): trees of library files stored between runs, read back only when they hold for the
 * text read now. Stale, corrupt and torn entries are misses, two writers at once leave whole entries, and a folder
 * that cannot be written only means misses: the figures never change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { deserializeModule, parsePythonModule, preludePaths, serializeModule } from '../../src/core';
import { ROOT, sha256 } from './helpers';

const CLI = path.join(ROOT, 'bin', 'layer-lens.js');

test('an entry reads back only for its version, path and text; a torn or corrupt one is a miss', () => {
  const text = 'import torch.nn as nn\n\nBIG = 1e999\n\ndef make(n):\n    return nn.Linear(n, 2)\n';
  const entry = serializeModule('/lib/m.py', text, parsePythonModule(text), sha256);
  const back = deserializeModule(entry, '/lib/m.py', text, sha256);
  assert.ok(back);
  // Function bodies parsed lazily were converted for the entry; a number JSON cannot hold comes back from its text.
  assert.equal(JSON.stringify(back), JSON.stringify(parsePythonModule(text)));
  assert.equal((back.body[1] as { value: { value: number } }).value.value, Infinity);
  assert.equal(deserializeModule(entry, '/lib/other.py', text, sha256), undefined);
  assert.equal(deserializeModule(entry, '/lib/m.py', text.replace('2)', '3)'), sha256), undefined, 'same length, other text');
  assert.equal(deserializeModule(entry.replace('layer-lens-ast-3', 'layer-lens-ast-2'), '/lib/m.py', text, sha256), undefined);
  assert.equal(deserializeModule(entry.slice(0, Math.floor(entry.length / 2)), '/lib/m.py', text, sha256), undefined, 'torn');
  assert.equal(deserializeModule('garbage', '/lib/m.py', text, sha256), undefined);
  assert.equal(deserializeModule(`${entry.split('\n')[0]}\n{"body": 3}`, '/lib/m.py', text, sha256), undefined);
});

test('function bodies read back when first run, nested ones too; a body that does not read back comes from the text', () => {
  const text = 'class A:\n    def f(self):\n        def g():\n            return 1e999\n        return g\n\nif True:\n    def h(x):\n        return x + 2\n';
  const fresh = parsePythonModule(text);
  const entry = serializeModule('/lib/a.py', text, fresh, sha256);
  const back = deserializeModule(entry, '/lib/a.py', text, sha256)!;
  assert.equal(JSON.stringify(back), JSON.stringify(parsePythonModule(text)));
  const f = (back.body[0] as { body: { body: { body: { value: { value: number } }[] }[] }[] }).body[0].body[0];
  assert.equal(f.body[0].value.value, Infinity, 'a number JSON cannot hold, inside a nested body');
  // JSON that parses, with a body that does not (a flipped byte inside its string): that body comes from the text.
  const broken = entry.replace('\\"value\\":{\\"kind\\":\\"BinOp', '\\"value\\":{\\"kind:\\"BinOp');
  assert.notEqual(broken, entry);
  const again = deserializeModule(broken, '/lib/a.py', text, sha256)!;
  assert.ok(again, 'the outer JSON still reads');
  assert.equal(JSON.stringify(again), JSON.stringify(parsePythonModule(text)));
});

/** A project whose model imports a library that lives elsewhere (outside the folder the CLI runs from). */
function project(): { cwd: string; lib: string; model: string; cache: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'layer-lens-cache-'));
  const lib = path.join(root, 'site', 'tinylib');
  mkdirSync(lib, { recursive: true });
  writeFileSync(path.join(lib, '__init__.py'), 'from .blocks import block\n');
  writeFileSync(path.join(lib, 'blocks.py'), 'import torch.nn as nn\n\ndef block(c):\n    return nn.Sequential(nn.Conv2d(c, 8, 3), nn.ReLU())\n');
  const cwd = path.join(root, 'work');
  mkdirSync(cwd);
  const model = path.join(cwd, 'model.py');
  writeFileSync(model, `import sys\nsys.path.append(${JSON.stringify(path.join(root, 'site'))})\nimport torch.nn as nn\nfrom tinylib import block\n\n\n# layer-lens: input 1x3x16x16\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = block(3)\n\n    def forward(self, x):\n        return self.body(x)\n`);
  return { cwd, lib, model, cache: path.join(root, 'cache') };
}

function analyze(p: { cwd: string; model: string; lib: string }, cache: string, ...extra: string[]): { out: string; err: string; stats: string; code: string } {
  // The run cache would print a second run without parsing anything: these tests are about the parse cache.
  // The library is an environment of its own (outside the project, Layer Lens reads only environments it is given).
  const env = { ...process.env, LAYER_LENS_CACHE_DIR: cache, LAYER_LENS_CACHE_STATS: '1', LAYER_LENS_RUN_CACHE: '0', LAYER_LENS_PYTHONPATH: path.dirname(p.lib) };
  const r = spawnSync(process.execPath, [CLI, 'analyze', p.model, '--json', ...extra], { cwd: p.cwd, encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  return { out: r.stdout, err: r.stderr, stats: /parse cache: .*/.exec(r.stderr)?.[0] ?? '', code: /code cache: .*/.exec(r.stderr)?.[0] ?? '' };
}

/** The detached writer has stored `n` entries (it runs after the command ends). */
async function entries(dir: string, n: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const names = (() => {
      try {
        return readdirSync(dir).filter((f) => f.endsWith('.ast'));
      } catch {
        return [];
      }
    })();
    if (names.length >= n) return names;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the writer did not store ${n} entries in ${dir}`);
}

/** torch's preludes (torch.nn's Python parts) go through the same cache: every run reads them too. */
const P = preludePaths().length;
const stats = (read: number, parsed: number) => `parse cache: ${read} read back, ${parsed} parsed`;

const params = (out: string) => JSON.parse(out).models.find((m: { name: string }) => m.name === 'Net()').totals.params;

test('a library file is read back on the next run; one changed since (same size) is parsed again', async () => {
  const p = project();
  const first = analyze(p, p.cache);
  assert.equal(first.stats, stats(0, 2 + P));
  await entries(p.cache, 2 + P);
  const second = analyze(p, p.cache);
  assert.equal(second.stats, stats(2 + P, 0));
  assert.equal(second.out, first.out);
  assert.equal(params(first.out), 3 * 8 * 9 + 8);
  // The same size, another text: its entry does not hold, and the figures follow the file.
  writeFileSync(path.join(p.lib, 'blocks.py'), readFileSync(path.join(p.lib, 'blocks.py'), 'utf8').replace('nn.Conv2d(c, 8, 3)', 'nn.Conv2d(c, 9, 3)'));
  const third = analyze(p, p.cache);
  assert.equal(third.stats, stats(1 + P, 1));
  assert.equal(params(third.out), 3 * 9 * 9 + 9);
});

test('corrupt and torn entries are misses, and the figures are the same', async () => {
  const p = project();
  const first = analyze(p, p.cache);
  const names = (await entries(p.cache, 2 + P)).filter((n) => /-(__init__|blocks)\.py\.ast$/.test(n));
  assert.equal(names.length, 2);
  writeFileSync(path.join(p.cache, names[0]), 'not an entry at all');
  const whole = readFileSync(path.join(p.cache, names[1]), 'utf8');
  writeFileSync(path.join(p.cache, names[1]), whole.slice(0, whole.length - 10));
  const again = analyze(p, p.cache);
  assert.equal(again.stats, stats(P, 2));
  assert.equal(again.out, first.out);
});

test('two writers at once leave whole entries; a folder that cannot be written only means misses', async () => {
  const p = project();
  const files = [path.join(p.lib, '__init__.py'), path.join(p.lib, 'blocks.py')];
  const writer = () => new Promise<number>((resolve) => spawn(process.execPath, [CLI, '__parse-cache', p.cache, ...files], { stdio: 'ignore' }).on('exit', (c) => resolve(c ?? -1)));
  assert.deepEqual(await Promise.all([writer(), writer(), writer()]), [0, 0, 0]);
  assert.equal(readdirSync(p.cache).filter((f) => f.endsWith('.tmp')).length, 0, 'no temporary file left');
  assert.equal(analyze(p, p.cache).stats, stats(2, P), 'the writers were given the library files only');
  // A cache path under a regular file can never be created, even by root (whom a read-only folder would not stop):
  // the command says so and runs without a cache, with the same figures.
  writeFileSync(path.join(p.cwd, '..', 'blocker'), '');
  const blocked = path.join(p.cwd, '..', 'blocker', 'cache');
  const r1 = analyze(p, blocked);
  assert.match(r1.err, /^layer-lens: not using the cache folder .*blocker\/cache: it cannot be made \(ENOTDIR\); running without a cache$/m);
  assert.equal(r1.stats, '');
  assert.equal(r1.out, analyze(p, p.cache).out);
});

test('a full folder is pruned to three quarters, the least recently written entries first', async () => {
  const fs = await import('node:fs');
  const { folderParseCache, nodeCacheFolderIo } = await import('../../src/core');
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-prune-'));
  const io = nodeCacheFolderIo(fs, () => Math.random().toString(36).slice(2));
  // 8 old entries (older modification times), then the cache writes 1 more with a limit of 8.
  for (let i = 0; i < 8; i++) {
    writeFileSync(path.join(dir, `old-${i}.ast`), 'x');
    fs.utimesSync(path.join(dir, `old-${i}.ast`), 1_000 + i, 1_000 + i);
  }
  io.prune!(dir, 8);
  assert.equal(readdirSync(dir).length, 8, 'at the limit: nothing removed');
  const cache = folderParseCache(dir, { ...io, prune: (d) => io.prune!(d, 8) }, () => true, sha256);
  cache.parsed('/lib/new.py', 'x = 1\n', parsePythonModule('x = 1\n'));
  assert.equal(cache.flush(), 1);
  const left = readdirSync(dir).sort();
  assert.equal(left.length, 6);
  assert.ok(left.some((n) => n.endsWith('new.py.ast')), 'the new entry stays');
  assert.ok(!left.includes('old-0.ast') && !left.includes('old-1.ast') && !left.includes('old-2.ast'), left.join(', '));
});

test("the CLI's compiled code is kept from the second run on; data V8 rejects (torn, foreign) is written again", async () => {
  const p = project();
  const first = analyze(p, p.cache);
  assert.equal(first.code, 'code cache: not written', 'a first run in an empty folder spends nothing on it');
  await entries(p.cache, 2 + P);
  const second = analyze(p, p.cache);
  assert.equal(second.code, 'code cache: written');
  const third = analyze(p, p.cache);
  assert.equal(third.code, 'code cache: used');
  assert.equal(third.out, first.out);
  const dir = path.join(p.cache, 'code');
  const [entry] = readdirSync(dir).filter((f) => f.endsWith('.v8'));
  writeFileSync(path.join(dir, entry), Buffer.alloc(4096, 7));
  const fourth = analyze(p, p.cache);
  assert.equal(fourth.code, 'code cache: written', 'rejected, compiled as usual, and kept again');
  assert.equal(fourth.out, first.out);
  assert.equal(analyze(p, p.cache, '--no-cache').code, 'code cache: off');
});

test("torch's preludes are kept like a library's files: a file that imports nothing else parses none of them again", async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'layer-lens-prelude-'));
  mkdirSync(path.join(root, 'work'));
  const model = path.join(root, 'work', 'net.py');
  writeFileSync(model, '# layer-lens: input 1x4\nimport torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n\n    def forward(self, x):\n        return self.fc(x)\n');
  const p = { cwd: path.dirname(model), model, lib: path.join(root, 'none', 'lib') };
  const cache = path.join(root, 'cache');
  const first = analyze(p, cache);
  assert.equal(first.stats, stats(0, P));
  const names = await entries(cache, P);
  // Stored under names no file has, by the detached writer, which takes their text from the bundle.
  for (const prelude of preludePaths()) assert.ok(names.some((n) => n.endsWith(`-${path.basename(prelude)}.ast`)), prelude);
  const second = analyze(p, cache);
  assert.equal(second.stats, stats(P, 0));
  assert.equal(second.out, first.out);
  // A writer told of a path under the preludes' name that is not one of them reads a file there, as for any path.
  assert.equal(spawnSync(process.execPath, [CLI, '__parse-cache', cache, '<torch.nn>/not-a-prelude.py']).status, 0);
  assert.equal(readdirSync(cache).filter((n) => n.endsWith('.ast')).length, P);
});
