/**
 * The corpus of public model code nobody here wrote (test/corpus): each model evaluated from its source as a user
 * would (`--call` with the repository's own constructor and input), against the figures real PyTorch gives
 * (test/oracle/corpus_models.py → test/data/corpus.reference.json).
 *
 * Exact: complete, params and Mult-Adds equal PyTorch's, the output shapes too, and no error. A false error is an
 * error on a model that runs in PyTorch. An incomplete model must say why with a warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile } from '../../src/core';
import { DATA, diskFs, readJson, ROOT } from './helpers';

const CORPUS = path.join(ROOT, 'test', 'corpus');

interface Reference {
  id: string;
  folder: string;
  file: string;
  call: string;
  input: number[][];
  dtype: string;
  params: number;
  multAdds: number;
  output: number[][];
}

const reference = readJson<{ models: Reference[] }>(path.join(DATA, 'corpus.reference.json')).models;

test('the corpus: every folder is a public repository with its licence, its source and models PyTorch measured', () => {
  const folders = readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  for (const f of folders) {
    for (const must of ['LICENSE', 'SOURCE.md', 'models.json']) assert.ok(existsSync(path.join(CORPUS, f, must)), `${f}/${must}`);
    const entries: { name: string }[] = JSON.parse(readFileSync(path.join(CORPUS, f, 'models.json'), 'utf8'));
    for (const e of entries) assert.ok(reference.some((r) => r.id === `${f}/${e.name}`), `${f}/${e.name} has no reference: run test/oracle/corpus_models.py`);
  }
  assert.ok(reference.length >= 80, `${reference.length} models`);
  assert.ok(new Set(reference.map((r) => r.folder)).size >= 6);
});

test('the corpus: at least 95% exact, no false errors, every incomplete model says why', () => {
  const misses: string[] = [];
  const falseErrors: string[] = [];
  const silent: string[] = [];
  for (const r of reference) {
    // Run from the repository's root, as its own scripts and an editor opened on it are.
    const a = analyzeFile(path.join(CORPUS, r.folder, r.file), { ...diskFs, roots: [path.join(CORPUS, r.folder)] }, { call: r.call, inputs: r.input.map((shape) => ({ shape, dtype: r.dtype })) });
    const m = a.models[0];
    const errors = a.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) falseErrors.push(`${r.id}: ${errors[0].message} (${path.basename(errors[0].file)}:${errors[0].line})`);
    if (m && !m.complete && !m.diagnostics.some((d) => d.severity !== 'info')) silent.push(r.id);
    const exact = m && m.complete && !errors.length && m.totals.params === r.params && m.totals.multAdds === r.multAdds && JSON.stringify(m.output) === JSON.stringify(r.output);
    if (!exact) misses.push(`${r.id}: params ${m?.totals.params} (PyTorch ${r.params}), Mult-Adds ${m?.totals.multAdds} (${r.multAdds}), output ${JSON.stringify(m?.output)} (${JSON.stringify(r.output)}), complete ${m?.complete}`);
  }
  const repos = new Set(reference.map((r) => r.folder)).size;
  // The figure the README states.
  console.log(`corpus: ${reference.length - misses.length}/${reference.length} models exact from ${repos} repositories; ${falseErrors.length} with false errors; ${silent.length} incomplete without a warning`);
  for (const m of misses) console.log(`  not exact: ${m}`);
  assert.ok((reference.length - misses.length) / reference.length >= 0.95, misses.join('\n'));
  assert.deepEqual(falseErrors, []);
  assert.deepEqual(silent, []);
});
