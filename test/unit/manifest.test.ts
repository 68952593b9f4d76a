/** The manifest and its translations: every string the user can see has a Simplified Chinese version. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT, readJson } from './helpers';
import { parseFromPanel, parseToPanel } from '../../src/core/protocol/costPanel';
import { parseFromNotes, parseToNotes } from '../../src/core/protocol/notes';

test('every vscode.l10n.t string in src/extension has a zh-cn translation', () => {
  const bundle = readJson<Record<string, string>>(ROOT, 'l10n', 'bundle.l10n.zh-cn.json');
  const dir = path.join(ROOT, 'src', 'extension');
  const used = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)) used.add(m[2].replace(/\\(['"\\])/g, '$1'));
  }
  assert.ok(used.size > 30, `found ${used.size} strings`);
  const missing = [...used].filter((s) => !(s in bundle));
  assert.deepEqual(missing, []);
  // and nothing translated that no longer appears (a stale key is a string someone changed and forgot here)
  assert.deepEqual(Object.keys(bundle).filter((s) => !used.has(s)), []);
});

test('package.nls.json and package.nls.zh-cn.json have the same keys, and the manifest uses only those', () => {
  const en = readJson<Record<string, string>>(ROOT, 'package.nls.json');
  const zh = readJson<Record<string, string>>(ROOT, 'package.nls.zh-cn.json');
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  const manifest = readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const refs = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.deepEqual(refs.filter((k) => !(k in en)), []);
  // Every contributed setting and command has a description or title through the nls files.
  const pkg = JSON.parse(manifest);
  for (const [key, prop] of Object.entries<{ description?: string; markdownDescription?: string }>(pkg.contributes.configuration.properties)) {
    assert.match(prop.description ?? prop.markdownDescription ?? '', /^%.+%$/, key);
  }
});

test('messages between the extension and its webviews are checked both ways; malformed ones are dropped', () => {
  assert.equal(parseFromPanel({ type: 'reveal', line: -3 }), undefined);
  assert.equal(parseFromPanel({ type: 'input', batch: 1, shape: 'x'.repeat(500), dtype: 'float32' }), undefined);
  assert.equal(parseFromPanel({ type: 'input', batch: 1, shape: '3x8x8', dtype: 'evil' }), undefined);
  assert.deepEqual(parseFromPanel({ type: 'copy', format: 'csv' }), { type: 'copy', format: 'csv' });
  assert.equal(parseToPanel({ type: 'view', title: 't' }), undefined);
  assert.equal(parseToPanel({ type: 'empty', text: 3 }), undefined);
  assert.equal(parseFromNotes({ type: 'open', url: 'javascript:alert(1)' }), undefined);
  assert.equal(parseFromNotes({ type: 'calculator', id: '../../x' }), undefined);
  assert.deepEqual(parseFromNotes({ type: 'open', url: 'https://arxiv.org' }), { type: 'open', url: 'https://arxiv.org' });
  assert.equal(parseToNotes({ type: 'render', html: '<p>x</p>' }), undefined);
  assert.equal(parseToNotes({ type: 'reveal', id: '' }), undefined);
});
