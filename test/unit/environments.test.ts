/**
 * Finding the Python environments installed packages are read from (issue 30), on folder layouts made in a
 * temporary folder as pip, venv, conda and Debian lay them out: each way one is found, .pth files, what is not
 * there, and a package installed in two of them (the first found is the one Python would import).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nodeFs from 'node:fs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFile, findEnvironments, nodeFolderProbe, type EnvironmentSearch, type FileSystem } from '../../src/core';

const probe = nodeFolderProbe(nodeFs.readdirSync, nodeFs.statSync, nodeFs.readFileSync, nodeFs.realpathSync);

/** A folder tree: every path ending in / is a folder, the rest are files with the text given. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'layer-lens-envs-'));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    if (rel.endsWith('/')) mkdirSync(p, { recursive: true });
    else {
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
  }
  return root;
}

/** The search with nothing of the machine's own: only what a test gives. */
function search(root: string, s: Partial<EnvironmentSearch>): EnvironmentSearch {
  return { given: [], env: {}, home: path.join(root, 'home'), workspace: [], probe, ...s };
}

/** The environments found below the test's root, as paths relative to it (the machine's own are left out). */
function found(root: string, s: Partial<EnvironmentSearch>): [string, string][] {
  return findEnvironments(search(root, s)).filter((e) => e.dir.startsWith(root)).map((e) => [path.relative(root, e.dir), e.source.split(root).join('')]);
}

test('each way an environment is found, in the order Python would import from them', () => {
  const root = tree({
    'given/': '',
    'extra/': '',
    'selected/lib/python3.11/site-packages/': '',
    'venv/lib/python3.10/site-packages/': '',
    'conda/lib/python3.9/site-packages/': '',
    'ws/.venv/pyvenv.cfg': 'home = /usr/bin\n',
    'ws/.venv/lib/python3.12/site-packages/': '',
    'ws/env/lib/python3.12/site-packages/': '', // no pyvenv.cfg: a folder named env, not an environment
    'home/.local/lib/python3.11/site-packages/': '',
    'sys/bin/python3.11': '',
    'nobin/': '',
    'sys/lib/python3.11/site-packages/': '',
    'sys/lib/python3.11/dist-packages/': '',
  });
  // python3 on PATH is a link, as Debian's is: the system's prefix is where the link leads.
  nodeFs.symlinkSync(path.join(root, 'sys/bin/python3.11'), path.join(root, 'nobin/../sys/bin/python3'));
  const r = found(root, {
    given: [{ dir: path.join(root, 'given'), source: 'layerLens.python.paths' }],
    env: {
      LAYER_LENS_PYTHONPATH: `${path.join(root, 'extra')}:relative/ignored`, VIRTUAL_ENV: path.join(root, 'venv'), CONDA_PREFIX: path.join(root, 'conda'),
      PATH: `bin:${path.join(root, 'nobin')}:${path.join(root, 'sys/bin')}:/usr/bin`,
    },
    selectedPrefix: path.join(root, 'selected'),
    workspace: [path.join(root, 'ws')],
  });
  assert.deepEqual(r, [
    ['given', 'layerLens.python.paths'],
    ['extra', 'LAYER_LENS_PYTHONPATH'],
    ['selected/lib/python3.11/site-packages', "the Python extension's interpreter (/selected)"],
    ['venv/lib/python3.10/site-packages', 'VIRTUAL_ENV (/venv)'],
    ['conda/lib/python3.9/site-packages', 'CONDA_PREFIX (/conda)'],
    ['ws/.venv/lib/python3.12/site-packages', "the workspace's .venv (/ws/.venv)"],
    ['home/.local/lib/python3.11/site-packages', "the user's site-packages"],
    ['sys/lib/python3.11/site-packages', "the system's python3 (/sys/bin/python3.11)"],
    ['sys/lib/python3.11/dist-packages', "the system's python3 (/sys/bin/python3.11)"],
  ]);
});

test('a folder given may be a site-packages, an environment, or its interpreter; folders not there are left out', () => {
  const root = tree({ 'site/': '', 'env/lib/python3.10/site-packages/': '', 'env/bin/python': '', 'other/lib/python3.11/site-packages/': '' });
  const given = (rel: string) => ({ dir: path.join(root, rel), source: '--python-path' });
  assert.deepEqual(found(root, { given: [given('site'), given('env'), given('other/bin/python3.11'), given('missing'), given('site/')] }), [
    ['site', '--python-path'],
    ['env/lib/python3.10/site-packages', '--python-path'],
    ['other/lib/python3.11/site-packages', '--python-path'],
  ]);
});

test('.pth files add the folders they name, relative or absolute; import lines, comments and missing folders are not', () => {
  const root = tree({
    'venv/lib/python3.11/site-packages/easy.pth': `# comment\n../../../../src\n${'/'}ABS\nimport os; os.system("x")\nmissing\n`,
    'venv/lib/python3.11/site-packages/z.pth': 'pkgs\n',
    'venv/lib/python3.11/site-packages/pkgs/': '',
    'src/': '',
    'abs/': '',
  });
  // The absolute line names the test's own folder.
  const pth = path.join(root, 'venv/lib/python3.11/site-packages/easy.pth');
  writeFileSync(pth, nodeFs.readFileSync(pth, 'utf8').replace('/ABS', path.join(root, 'abs')));
  const r = found(root, { env: { VIRTUAL_ENV: path.join(root, 'venv') } });
  assert.deepEqual(r.map(([d]) => d), ['venv/lib/python3.11/site-packages', 'src', 'abs', 'venv/lib/python3.11/site-packages/pkgs']);
  assert.equal(r[1][1], 'VIRTUAL_ENV (/venv), by easy.pth');
});

test('a package in two environments is read from the first, as Python imports it; one in none is said at its import', () => {
  const pkg = (channels: number) => `import torch.nn as nn\n\ndef build():\n    return nn.Conv2d(3, ${channels}, 3)\n`;
  const root = tree({
    'venv/lib/python3.11/site-packages/mylib/__init__.py': pkg(8),
    'sys/lib/python3.11/site-packages/mylib/__init__.py': pkg(16),
    'project/train.py': 'import torch\nimport mylib\nimport notthere\n\nmodel = mylib.build()\nout = model(torch.randn(1, 3, 32, 32))\n',
  });
  const envs = findEnvironments(search(root, { env: { VIRTUAL_ENV: path.join(root, 'venv') }, pythonOnPath: path.join(root, 'sys/bin/python3') }));
  const fs: FileSystem = {
    read: (p) => (nodeFs.existsSync(p) && nodeFs.statSync(p).isFile() ? nodeFs.readFileSync(p, 'utf8') : undefined),
    exists: (p) => nodeFs.existsSync(p) && nodeFs.statSync(p).isFile(),
    environments: envs.filter((e) => e.dir.startsWith(root)),
  };
  const a = analyzeFile(path.join(root, 'project/train.py'), fs);
  const m = a.models.find((x) => x.inputSource === 'code');
  assert.equal(m?.totals.params, 3 * 8 * 9 + 8, 'the venv\'s mylib (8 channels), not the system\'s (16)');
  assert.deepEqual(m?.output, [[1, 8, 30, 30]]);
  const missing = a.diagnostics.filter((d) => d.code === 'missing-package');
  assert.deepEqual(missing.map((d) => [d.line, d.severity]), [[3, 'warning']]);
  assert.match(missing[0].message, /^`notthere` is not installed in the Python environments Layer Lens searched.*venv\/lib\/python3\.11\/site-packages \(VIRTUAL_ENV/);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('pyenv: python3 on PATH is a shim; the version it runs (PYENV_VERSION, the workspace\'s .python-version, the global one) is the environment', () => {
  const root = tree({
    'pyenv/shims/python3': '#!/bin/sh\n',
    'pyenv/version': '3.11.7\n',
    'pyenv/versions/3.11.7/lib/python3.11/site-packages/': '',
    'pyenv/versions/3.10.13/lib/python3.10/site-packages/': '',
    'ws/.python-version': '3.10.13\n',
  });
  const PATH = path.join(root, 'pyenv/shims');
  assert.deepEqual(found(root, { env: { PATH } }), [['pyenv/versions/3.11.7/lib/python3.11/site-packages', "pyenv's 3.11.7 (/pyenv/versions/3.11.7)"]]);
  assert.deepEqual(found(root, { env: { PATH }, workspace: [path.join(root, 'ws')] }).map(([d]) => d), ['pyenv/versions/3.10.13/lib/python3.10/site-packages']);
  assert.deepEqual(found(root, { env: { PATH, PYENV_VERSION: 'system' }, workspace: [path.join(root, 'ws')] }), []);
});
