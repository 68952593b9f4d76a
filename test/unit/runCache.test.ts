/**
 * The run cache (issue 20): `layer-lens analyze` prints a stored run only while its arguments, its folder, the CLI
 * and every file answer the run got are the same. A changed file, a file where an import looked before, a corrupt
 * entry, --no-cache: each means the command runs again. A run a time budget stopped is never stored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFile, FileAnswers, readRun, RUN_CACHE_VERSION, serializeRun, stillHolds, timeBudgetStops, type FileSystem, type StoredRun } from '../../src/core';
import { runCache } from '../../src/cli/runCache';
import { plainIo, signedIo } from '../../src/cli/cacheFolder';
import { stampOf } from '../../src/cli/diskFs';
import { ROOT, sha256 } from './helpers';

const CLI = path.join(ROOT, 'bin', 'layer-lens.js');

function project(): { cwd: string; lib: string; cache: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'layer-lens-runs-'));
  const lib = path.join(root, 'work', 'blocks.py');
  const cwd = path.join(root, 'work');
  mkdirSync(cwd);
  writeFileSync(lib, 'import torch.nn as nn\n\ndef block(c):\n    return nn.Sequential(nn.Conv2d(c, 8, 3), nn.ReLU())\n');
  writeFileSync(path.join(cwd, 'model.py'), 'import torch.nn as nn\nfrom blocks import block\n\n\n# layer-lens: input 1x3x16x16\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = block(3)\n\n    def forward(self, x):\n        return self.body(x)\n');
  return { cwd, lib, cache: path.join(root, 'cache') };
}

function analyze(p: { cwd: string; cache: string }, ...extra: string[]): { out: string; stats: string[] } {
  const env = { ...process.env, LAYER_LENS_CACHE_DIR: p.cache, LAYER_LENS_CACHE_STATS: '1' };
  const r = spawnSync(process.execPath, [CLI, 'analyze', 'model.py', '--json', ...extra], { cwd: p.cwd, encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  return { out: r.stdout, stats: r.stderr.split('\n').filter((l) => l.startsWith('run cache:')) };
}

const params = (out: string) => JSON.parse(out).models.find((m: { name: string }) => m.name === 'Net()').totals.params;
const runsIn = (cache: string) => readdirSync(path.join(cache, 'runs')).map((f) => path.join(cache, 'runs', f));

test('the same command on the same files prints the stored run; a changed file (same size) runs it again', () => {
  const p = project();
  const first = analyze(p);
  assert.deepEqual(first.stats, ['run cache: stored']);
  const second = analyze(p);
  assert.deepEqual(second.stats, ['run cache: printed from an earlier run']);
  assert.equal(second.out, first.out);
  assert.equal(params(first.out), 3 * 8 * 9 + 8);
  writeFileSync(p.lib, readFileSync(p.lib, 'utf8').replace('nn.Conv2d(c, 8, 3)', 'nn.Conv2d(c, 9, 3)'));
  const third = analyze(p);
  assert.deepEqual(third.stats, ['run cache: stored'], 'evaluated again');
  assert.equal(params(third.out), 3 * 9 * 9 + 9);
  // Other arguments are another entry; --no-cache neither reads nor writes one.
  assert.deepEqual(analyze(p, '--input', '1x3x32x32').stats, ['run cache: stored']);
  const before = runsIn(p.cache).length;
  assert.deepEqual(analyze(p, '--no-cache').stats, []);
  assert.equal(runsIn(p.cache).length, before);
});

test('a file where the run looked and found none, or a corrupt entry, runs the command again', () => {
  const p = project();
  const first = analyze(p);
  const [entry] = runsIn(p.cache);
  // An entry is signed on its first line (src/cli/cacheFolder.ts), the run after it.
  const run = JSON.parse(readFileSync(entry, 'utf8').split('\n').slice(1).join('\n')) as StoredRun;
  const absent = run.answers.find((a) => 'exists' in a && !a.exists && a.path.startsWith(p.cwd));
  assert.ok(absent, `the run looked for a file that was not there: ${JSON.stringify(run.answers)}`);
  mkdirSync(path.dirname(absent.path), { recursive: true });
  writeFileSync(absent.path, '\n');
  assert.deepEqual(analyze(p).stats, ['run cache: stored']);
  writeFileSync(entry, '{"version": "layer-lens-run-1", "torn');
  const again = analyze(p);
  assert.deepEqual(again.stats, ['run cache: stored']);
  assert.equal(params(again.out), params(first.out));
});

test('answers are noted once per question; a run holds while the disk gives them all again', () => {
  const files = new Map([['/p/a.py', 'x = 1\n'], ['/p/b.py', 'y = 2\n']]);
  const disk: FileSystem = { read: (f) => files.get(f), exists: (f) => files.has(f) };
  // As the CLI's disk notes them (src/cli/diskFs.ts): each answer as it is given.
  const answers = new FileAnswers(sha256);
  const read = (f: string) => answers.read(f, disk.read(f));
  read('/p/a.py');
  read('/p/a.py');
  answers.exists('/p/c.py', disk.exists!('/p/c.py'));
  read('/p/missing.py');
  assert.equal(answers.list().length, 3);
  const run: StoredRun = { version: RUN_CACHE_VERSION, key: 'k', answers: answers.list(), out: ['a'], err: [], code: 0 };
  assert.ok(stillHolds(readRun(serializeRun(run), 'k')!, disk, sha256));
  assert.equal(readRun(serializeRun(run), 'other key'), undefined);
  assert.equal(readRun('{"version": 1}', 'k'), undefined);
  files.set('/p/a.py', 'x = 3\n');
  assert.ok(!stillHolds(run, disk, sha256), 'a changed file');
  files.set('/p/a.py', 'x = 1\n');
  files.set('/p/c.py', '');
  assert.ok(!stillHolds(run, disk, sha256), 'a new file where one was looked for');
  files.delete('/p/c.py');
  files.set('/p/missing.py', '');
  assert.ok(!stillHolds(run, disk, sha256), 'a new file where a read found none');
});

test('a file whose stamp is as it was is not read again; another stamp reads it, and its text decides', () => {
  const files = new Map([['/p/a.py', 'x = 1\n'], ['/p/b.py', 'y = 2\n']]);
  const reads: string[] = [];
  const disk: FileSystem = { read: (f) => (reads.push(f), files.get(f)), exists: (f) => files.has(f) };
  const stamps = new Map([['/p/a.py', 's1']]);
  const answers = new FileAnswers(sha256);
  for (const f of ['/p/a.py', '/p/b.py']) answers.read(f, disk.read(f), stamps.get(f));
  // As stored and read back.
  const run = readRun(serializeRun({ version: RUN_CACHE_VERSION, key: 'k', answers: answers.list(), out: [], err: [], code: 0 }), 'k')!;
  reads.length = 0;
  assert.ok(stillHolds(run, disk, sha256, (f) => stamps.get(f)));
  // a.py had a stamp, and it is the same: not read. b.py had none (too new when read): read.
  assert.deepEqual(reads, ['/p/b.py']);
  // Touched (another stamp), the same text: read, and it holds. Another text: it does not.
  stamps.set('/p/a.py', 's2');
  reads.length = 0;
  assert.ok(stillHolds(run, disk, sha256, (f) => stamps.get(f)));
  assert.deepEqual(reads, ['/p/a.py', '/p/b.py']);
  files.set('/p/a.py', 'x = 2\n');
  assert.ok(!stillHolds(run, disk, sha256, (f) => stamps.get(f)));
});

test('a stamp is the file as written: none while it may still change within a timestamp tick, a new one after any write', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-stamp-'));
  const file = path.join(dir, 'a.py');
  writeFileSync(file, 'x = 1\n');
  assert.equal(stampOf(file), undefined, 'just written');
  const later = Date.now() + 5000;
  const first = stampOf(file, later);
  assert.ok(first);
  assert.equal(stampOf(file, later), first);
  // The same size, and its modification time set back: the change time still moved.
  const { mtime } = statSync(file);
  writeFileSync(file, 'x = 2\n');
  utimesSync(file, mtime, mtime);
  assert.notEqual(stampOf(file, Date.now() + 5000), first);
  assert.equal(stampOf(path.join(dir, 'missing.py'), later), undefined);
  assert.equal(stampOf(dir, later), undefined, 'a folder');
});

test('a run that a time budget stopped is not stored', () => {
  const before = timeBudgetStops();
  const src = 'import torch.nn as nn\n\nclass Spin(nn.Module):\n    def __init__(self):\n        super().__init__()\n        while True:\n            pass\n';
  const fs: FileSystem = { read: (f) => (f === '/p/spin.py' ? src : undefined) };
  analyzeFile('/p/spin.py', fs, { timeBudgetMs: 30, requestBudgetMs: 200 });
  assert.ok(timeBudgetStops() > before, 'the stop is counted');
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-runs-'));
  const cache = { dir, io: signedIo(plainIo, Buffer.from('k'.repeat(32))) };
  const lookup = runCache(['analyze', '/p/spin.py'], CLI, cache)!;
  assert.ok(lookup && !lookup.hit);
  // What the run read, as a run notes it: the analysed file.
  lookup.answers!.read('/p/spin.py', undefined);
  assert.equal(lookup.finish(['out'], [], 0, true), false);
  assert.equal(lookup.finish(['out'], [], 2, false), false, 'a failed run is not stored either');
  assert.deepEqual(readdirSync(path.join(dir, 'runs')), []);
  assert.equal(lookup.finish(['out'], [], 0, false), true);
  assert.equal(runCache(['analyze', '/p/spin.py'], CLI, cache)?.hit?.out[0], 'out');
});
