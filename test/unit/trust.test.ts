/**
 * The CLI's trust boundaries (issue 29), each in a small case of its own; test/hostile/run.ts has the attacker's
 * versions. Caches: a private folder outside the project, entries signed, never read or written through a link.
 * Reads: the project and its Python environments only. Work: bounded like the editor's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { plainIo, privateFolder, signedIo } from '../../src/cli/cacheFolder';
import { ROOT } from './helpers';

const CLI = path.join(ROOT, 'bin', 'layer-lens.js');
const NET = 'import torch\nimport torch.nn as nn\n\n\n# layer-lens: input 1x4\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 4)\n\n    def forward(self, x):\n        return self.fc(x)\n';

function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LAYER_LENS_CACHE_STATS: '1', ...env }, timeout: 60_000 });
}

test('signed entries: one written by anyone without the key, or moved to another name, reads as missing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-signed-'));
  const io = signedIo(plainIo, Buffer.from('a'.repeat(64)));
  assert.equal(io.write(path.join(dir, 'a.run'), 'the run'), true);
  assert.equal(io.read(path.join(dir, 'a.run')), 'the run');
  // Another key's entry, an unsigned one, and a good entry under another name: none reads back.
  assert.equal(signedIo(plainIo, Buffer.from('b'.repeat(64))).read(path.join(dir, 'a.run')), undefined);
  writeFileSync(path.join(dir, 'b.run'), 'layer-lens-signed-1 00\nforged');
  assert.equal(io.read(path.join(dir, 'b.run')), undefined);
  writeFileSync(path.join(dir, 'c.run'), plainIo.read(path.join(dir, 'a.run'))!);
  assert.equal(io.read(path.join(dir, 'c.run')), undefined);
});

test('the cache folder is private: a link, a folder others can write, or one inside the project is refused, and the command runs without a cache', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'layer-lens-folder-'));
  mkdirSync(path.join(root, 'work'));
  writeFileSync(path.join(root, 'work', 'net.py'), NET);
  const open = path.join(root, 'open');
  mkdirSync(open);
  chmodSync(open, 0o777);
  assert.match(privateFolder(open)!.refused, /others can write to it \(mode 777; chmod 700 makes it private\)/);
  symlinkSync(open, path.join(root, 'link'));
  assert.match(privateFolder(path.join(root, 'link'))!.refused, /it is a link/);
  for (const [cache, why] of [[path.join(root, 'link'), /it is a link/], [open, /others can write to it/], ['.cache', /it is inside the project being analysed/]] as const) {
    const r = run(path.join(root, 'work'), ['analyze', 'net.py'], { LAYER_LENS_CACHE_DIR: cache });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^layer-lens: not using the cache folder .*: ${why.source}.*; running without a cache$`, 'm'));
    assert.match(r.stdout, /params 20\b/);
  }
  assert.deepEqual(readdirSync(open), [], 'nothing written in the refused folder');
  // A folder the CLI makes is private to the user.
  const made = path.join(root, 'made', 'cache');
  assert.equal(run(path.join(root, 'work'), ['analyze', 'net.py'], { LAYER_LENS_CACHE_DIR: made }).status, 0);
  assert.equal(privateFolder(made), undefined);
});

test('reads stay in the project and its environments: an import through sys.path outside is said and not read; a link out is not followed', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'layer-lens-scope-'));
  const outside = path.join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.py'), 'N = 7\n');
  const work = path.join(root, 'work');
  mkdirSync(work);
  symlinkSync(path.join(outside, 'secret.py'), path.join(work, 'cfg.py'));
  writeFileSync(path.join(work, 'a.py'), `import sys\nimport torch\nimport torch.nn as nn\nsys.path.insert(0, ${JSON.stringify(outside)})\nfrom secret import N\n\n# layer-lens: input 1x4\nclass A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(N, N)\n\n    def forward(self, x):\n        return self.fc(x)\n`);
  writeFileSync(path.join(work, 'b.py'), 'import torch\nimport torch.nn as nn\nfrom cfg import N\n\nfc = nn.Linear(N, N)\n');
  const a = run(work, ['analyze', 'a.py', '--no-cache']);
  assert.match(a.stdout, /`secret` is not in the project or its Python environments, and Layer Lens reads nothing outside them: sys\.path's .*outside was not searched/);
  assert.doesNotMatch(a.stdout, /\b56\b/);
  const b = run(work, ['analyze', 'b.py', '--no-cache']);
  assert.match(b.stdout, /the module cfg \(.*cfg\.py\) is not read: it is a link to .*outside\/secret\.py, outside the project and its Python environments, which Layer Lens never reads/);
  assert.doesNotMatch(b.stdout, /\b56\b/);
  // Given as an environment, the same folder is read.
  const given = run(work, ['analyze', 'a.py', '--no-cache'], { LAYER_LENS_PYTHONPATH: outside });
  assert.match(given.stdout, /params 56\b/);
});

test('bounded like the editor: past --time-limit with no new model, or past --memory-limit, one line names the file and what it was on, exit 1', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-bounds-'));
  writeFileSync(path.join(dir, 'spin.py'), 'import torch.nn as nn\n\nwhile True:\n    x = nn.Linear(4, 4)\n');
  const spin = run(dir, ['analyze', 'spin.py', '--no-cache', '--time-budget', '30', '--max-steps', '100000000', '--time-limit', '1']);
  assert.equal(spin.status, 1);
  assert.equal(spin.stderr.trim().split('\n').filter((l) => !/cache:/.test(l)).join('\n'), 'layer-lens: stopped analysing spin.py: the top level of the file (line 1) ran for more than 1 s (--time-limit)');
  writeFileSync(path.join(dir, 'big.py'), `import torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n${'        self.layers = [nn.Linear(64, 64) for _ in range(100000)]\n'.repeat(20)}`);
  const big = run(dir, ['analyze', 'big.py', '--no-cache', '--memory-limit', '128', '--max-steps', '100000000', '--time-budget', '60']);
  assert.equal(big.status, 1, big.stderr);
  assert.match(big.stderr, /^layer-lens: stopped analysing big\.py: .* needed more than 128 MB \(--memory-limit\)$/m);
  assert.doesNotMatch(`${spin.stderr}${big.stderr}`, /^\s+at /m, 'no stack trace');
  const bad = run(dir, ['analyze', 'spin.py', '--memory-limit', '64']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--memory-limit must be a number of MB from 128 to 16,384/);
});
