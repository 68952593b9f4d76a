/**
 * Files a cloned repository can ship (issue 18): links to devices, FIFOs, huge files. Each is stat'ed before it
 * is read, and only regular files under the size limit are read: nothing hangs, nothing fills the memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFile, findBudgetFile, MAX_FILE_BYTES } from '../../src/core';
import { diskFs, readArgument } from '../../src/cli/diskFs';

function hostile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-hostile-'));
  mkdirSync(path.join(dir, 'pkg'));
  mkdirSync(path.join(dir, 'zero'));
  // A package whose __init__.py is /dev/zero, beside the analysed file's own package; a module that is a FIFO;
  // one over the size limit; a budget file linked to /dev/urandom.
  symlinkSync('/dev/zero', path.join(dir, 'zero', '__init__.py'));
  symlinkSync('/dev/zero', path.join(dir, 'pkg', '__init__.py'));
  execFileSync('mkfifo', [path.join(dir, 'fifo_mod.py')]);
  writeFileSync(path.join(dir, 'huge_mod.py'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
  symlinkSync('/dev/urandom', path.join(dir, 'layer-lens.toml'));
  symlinkSync('loop_b.py', path.join(dir, 'loop_a.py'));
  symlinkSync('loop_a.py', path.join(dir, 'loop_b.py'));
  const model = [
    'import torch', 'import torch.nn as nn', 'import zero', 'import fifo_mod', 'from huge_mod import X', 'import loop_a', '',
    // A name from a module is what loads it (issue 30): huge_mod is reached here.
    'SCALE = X', '',
    '# layer-lens: input 1x8',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.fc = nn.Linear(8, 2)',
    '    def forward(self, x):',
    '        return self.fc(x)',
  ].join('\n');
  writeFileSync(path.join(dir, 'pkg', 'net.py'), model);
  writeFileSync(path.join(dir, 'net.py'), model);
  return dir;
}

test('devices, FIFOs, link loops and huge files behind imports are never read; the model is still analysed', () => {
  const dir = hostile();
  for (const file of [path.join(dir, 'net.py'), path.join(dir, 'pkg', 'net.py')]) {
    const t = Date.now();
    const a = analyzeFile(file, diskFs);
    assert.ok(Date.now() - t < 5000, `${file} took ${Date.now() - t} ms`);
    const m = a.models.find((x) => x.name === 'Net()');
    assert.deepEqual([m?.totals.params, m?.output], [18, [[1, 2]]], file);
  }
  // The one module there but not readable says so, where a name from it is used.
  assert.match(analyzeFile(path.join(dir, 'net.py'), diskFs).diagnostics.map((d) => d.message).join('\n'), /the module huge_mod .* is not read: it is not a regular file or is too large/);
});

test('a budget file linked to a device is not taken for one (a stat says), and named on the command line it is refused with a message', () => {
  const dir = hostile();
  assert.notEqual(findBudgetFile(dir, diskFs)?.path, path.join(dir, 'layer-lens.toml'));
  const r = readArgument(path.join(dir, 'layer-lens.toml'));
  assert.deepEqual(r, { problem: `${path.join(dir, 'layer-lens.toml')} is not a regular file (a device, a FIFO or a folder)` });
  assert.match(JSON.stringify(readArgument(path.join(dir, 'huge_mod.py'))), /is 8 MB, over the 8 MB Layer Lens reads/);
  assert.deepEqual(readArgument(path.join(dir, 'fifo_mod.py')), { problem: `${path.join(dir, 'fifo_mod.py')} is not a regular file (a device, a FIFO or a folder)` });
});

test('the CLI has the editor\'s size limit, in lines and in characters: a 5 MB line is refused with how to raise it', async () => {
  const { run } = await import('../../src/cli/main');
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-size-'));
  const long = path.join(dir, 'long.py');
  writeFileSync(long, `x = [${'1, '.repeat(1_700_000)}1]\n` + 'import torch.nn as nn\n'.repeat(10));
  const many = path.join(dir, 'many.py');
  writeFileSync(many, 'x = 1\n'.repeat(30_000));
  for (const [file, what] of [[long, /5,100,\d+ characters, more than 4,000,000 \(200 a line for 20,000 lines\)/], [many, /30,001 lines, more than 20,000/]] as const) {
    const err: string[] = [];
    const t = Date.now();
    assert.equal(run(['analyze', file], () => undefined, (s) => err.push(s)), 2);
    assert.ok(Date.now() - t < 2000);
    assert.match(err.join('\n'), what);
    assert.match(err.join('\n'), /--max-lines raises the limit/);
  }
  // Raised, the many short lines are analysed.
  assert.equal(run(['analyze', many, '--max-lines', '40000'], () => undefined, () => undefined), 0);
});
