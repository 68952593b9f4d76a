/**
 * `npm run corpus -- DIR`: the corpus of public model code, measured from checkouts outside the repository.
 *
 * test/corpus/<owner__repository>/ holds only what this project wrote: SOURCE.md (address, commit, licence, the
 * files the models live in) and models.json (each model's name, file, call and input). The code itself is never in
 * the repository: DIR holds one checkout per repository, at the commit SOURCE.md names, under the same folder
 * name (test/corpus/README.md says how to bring them). Each model is evaluated from its source as a user would
 * (`--call` with the repository's own constructor and input), from the checkout's root, against the figures real
 * PyTorch gave (test/oracle/corpus_models.py → test/data/corpus.reference.json).
 *
 * Exact: complete, params and Mult-Adds equal PyTorch's, the output shapes too, and no error. A false error is an
 * error on a model that runs in PyTorch. An incomplete model must say why with a warning.
 *
 * A measurement, not a test: CI does not run it (the checkouts are not in a clone). It prints one line and the
 * models that are not exact; `--clone` prints the git commands that bring the checkouts instead.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import * as nodeFs from 'node:fs';
import { homedir } from 'node:os';
import { analyzeFile, findEnvironments, nodeFolderProbe } from '../../src/core';

const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');
const LISTS = path.join(ROOT, 'test', 'corpus');
const REFERENCE = path.join(ROOT, 'test', 'data', 'corpus.reference.json');

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

interface Source {
  folder: string;
  address: string;
  commit: string;
}

/** Each repository's address and commit, as its SOURCE.md gives them. */
function sources(): Source[] {
  return readdirSync(LISTS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const text = readFileSync(path.join(LISTS, d.name, 'SOURCE.md'), 'utf8');
      const address = /https:\/\/github\.com\/[\w.-]+\/[\w.-]+/.exec(text)?.[0];
      const commit = /\b[0-9a-f]{40}\b/.exec(text)?.[0];
      if (!address || !commit) throw new Error(`test/corpus/${d.name}/SOURCE.md names no address or commit`);
      return { folder: d.name, address, commit };
    });
}

function usage(message: string): never {
  console.error(`corpus: ${message}`);
  console.error('usage: npm run corpus -- DIR          (DIR: one checkout per repository, outside this repository)');
  console.error('       npm run corpus -- --clone DIR  (prints the git commands that bring them)');
  process.exit(2);
}

/** A folder inside the repository would put public code where only the project's own belongs. */
function outsideRepository(dir: string): string {
  const real = existsSync(dir) ? realpathSync(dir) : path.resolve(dir);
  const root = realpathSync(ROOT);
  if (real === root || real.startsWith(root + path.sep)) usage(`${dir} is inside this repository; the checkouts stay outside it`);
  return real;
}

function cloneCommands(dir: string): void {
  for (const s of sources()) {
    const to = path.join(dir, s.folder);
    console.log(`git clone --filter=blob:none --no-checkout ${s.address} ${to} && git -C ${to} checkout --quiet ${s.commit}`);
  }
}

function measure(dir: string): void {
  const missing = sources().filter((s) => !existsSync(path.join(dir, s.folder)));
  if (missing.length) {
    usage(`${missing.length} checkout(s) missing in ${dir}: ${missing.map((s) => s.folder).join(', ')}`);
  }
  const read = (p: string): string | undefined => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  const probe = nodeFolderProbe(nodeFs.readdirSync, nodeFs.statSync, nodeFs.readFileSync, nodeFs.realpathSync);
  const reference = (JSON.parse(readFileSync(REFERENCE, 'utf8')) as { models: Reference[] }).models;
  const misses: string[] = [];
  const falseErrors: string[] = [];
  const silent: string[] = [];
  for (const r of reference) {
    const root = path.join(dir, r.folder);
    // Run from the repository's root, as its own scripts and an editor opened on it are.
    // Its packages from the Python environments found here, as the CLI finds them (torchvision for pytorch/examples).
    const environments = findEnvironments({ given: [], env: process.env, home: homedir(), workspace: [root], probe });
    const a = analyzeFile(path.join(root, r.file), { read, roots: [root], environments }, { call: r.call, inputs: r.input.map((shape) => ({ shape, dtype: r.dtype })) });
    const m = a.models[0];
    const errors = a.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) falseErrors.push(`${r.id}: ${errors[0].message} (${path.relative(root, errors[0].file)}:${errors[0].line})`);
    if (m && !m.complete && !m.diagnostics.some((d) => d.severity !== 'info')) silent.push(r.id);
    const exact = m && m.complete && !errors.length && m.totals.params === r.params && m.totals.multAdds === r.multAdds && JSON.stringify(m.output) === JSON.stringify(r.output);
    if (!exact) misses.push(`${r.id}: params ${m?.totals.params} (PyTorch ${r.params}), Mult-Adds ${m?.totals.multAdds} (${r.multAdds}), output ${JSON.stringify(m?.output)} (${JSON.stringify(r.output)}), complete ${m?.complete}`);
  }
  const repos = new Set(reference.map((r) => r.folder)).size;
  console.log(`corpus: ${reference.length - misses.length}/${reference.length} models exact from ${repos} repositories; ${falseErrors.length} with false errors; ${silent.length} incomplete without a warning`);
  for (const m of misses) console.log(`  not exact: ${m}`);
  for (const e of falseErrors) console.log(`  false error: ${e}`);
  for (const s of silent) console.log(`  incomplete without a warning: ${s}`);
}

const args = process.argv.slice(2);
if (args[0] === '--clone') {
  if (!args[1]) usage('--clone needs the folder the checkouts go to');
  cloneCommands(outsideRepository(args[1]));
} else {
  if (args.length !== 1) usage('one folder of checkouts, please');
  if (!existsSync(args[0])) usage(`${args[0]} does not exist`);
  measure(outsideRepository(args[0]));
}
