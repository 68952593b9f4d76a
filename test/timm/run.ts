/**
 * `node out/test/timm/run.js DIR [NAME…]`: every model name of timm as installed, built the way users build it
 * (`timm.create_model(name, pretrained=False)`) and run on its pretrained config's input, measured against the
 * figures real PyTorch gave (test/oracle/timm_models.py → test/data/timm.reference.json).
 *
 * DIR is a checkout of pytorch-image-models at the commit the reference names, outside this repository: it is read
 * as a Python environment (a site-packages holding `timm/`), after the system's own (Debian's torchvision), as the
 * CLI finds a virtual environment. timm's code is never in the repository.
 *
 * Exact: complete, params and Mult-Adds equal PyTorch's, the output shapes too, and no error. M counts the names
 * that build and run on PyTorch 1.13 (the reference says which do not, and why). A red error on any is a false one;
 * an incomplete model must say why with a warning. A measurement, not a test: CI does not run it. With names after
 * DIR, only those (and their findings are printed).
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, type PythonEnvironment } from '../../src/core';

const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');
const REFERENCE = path.join(ROOT, 'test', 'data', 'timm.reference.json');

interface Entry {
  input?: number[];
  params?: number;
  multAdds?: number;
  output?: number[][];
  unclassified?: string[];
  error?: string;
}

function usage(message: string): never {
  console.error(`timm: ${message}`);
  console.error('usage: node out/test/timm/run.js DIR [NAME…]   (DIR: a pytorch-image-models checkout, outside this repository)');
  process.exit(2);
}

function outsideRepository(dir: string): string {
  if (!existsSync(dir)) usage(`${dir} does not exist`);
  const real = realpathSync(dir);
  const root = realpathSync(ROOT);
  if (real === root || real.startsWith(root + path.sep)) usage(`${dir} is inside this repository; the checkout stays outside it`);
  if (!existsSync(path.join(real, 'timm', '__init__.py'))) usage(`${dir} holds no timm/__init__.py`);
  return real;
}

/** What a user writes: the model by name, then a call on its pretrained config's input. */
export function timmFile(name: string, input: number[]): string {
  return `import torch\nimport timm\n\nmodel = timm.create_model(${JSON.stringify(name)}, pretrained=False)\ny = model(torch.randn(${input.join(', ')}))\n`;
}

function main(): void {
  const [dirArg, ...only] = process.argv.slice(2);
  if (!dirArg) usage('the checkout, please');
  const dir = outsideRepository(dirArg);
  const reference = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { meta: Record<string, unknown>; models: Record<string, Entry> };
  const read = (p: string): string | undefined => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  const environments: PythonEnvironment[] = [
    { dir: '/usr/lib/python3/dist-packages', source: "the system's python3" },
    { dir, source: 'the timm checkout' },
  ];
  const names = only.length ? only : Object.keys(reference.models).sort();
  const built = names.filter((n) => reference.models[n] && !reference.models[n].error && reference.models[n].unclassified?.length === 0);
  const misses: string[] = [];
  const falseErrors: string[] = [];
  const silent: string[] = [];
  const times: number[] = [];
  const project = path.join(path.dirname(dir), '.layer-lens-timm');
  for (const name of built) {
    const r = reference.models[name];
    const file = path.join(project, 'model.py');
    const text = timmFile(name, r.input!);
    const started = Date.now();
    const a = analyzeFile(file, { read: (p) => (p === file ? text : read(p)), roots: [project], environments }, { timeBudgetMs: 20_000, requestBudgetMs: 30_000 });
    times.push(Date.now() - started);
    const m = a.models.find((x) => x.inputSource === 'code') ?? a.models[0];
    const errors = [...a.diagnostics, ...(m?.diagnostics ?? [])].filter((d) => d.severity === 'error');
    if (errors.length) falseErrors.push(`${name}: ${errors[0].message} (${path.relative(dir, errors[0].file)}:${errors[0].line})`);
    // Never silent: an incomplete model, or none at all, says why with a warning (the model's, or at the code's line).
    const said = [...a.diagnostics.filter((d) => d.file === file), ...(m?.diagnostics ?? [])].some((d) => d.severity === 'warning');
    if ((!m || !m.complete) && !said) silent.push(name);
    const exact = m && m.complete && !errors.length && m.totals.params === r.params && m.totals.multAdds === r.multAdds && JSON.stringify(m.output) === JSON.stringify(r.output);
    if (!exact) {
      const why = m?.diagnostics.find((d) => d.severity !== 'info');
      misses.push(`${name}: params ${m?.totals.params} (PyTorch ${r.params}), Mult-Adds ${m?.totals.multAdds} (${r.multAdds}), output ${JSON.stringify(m?.output)} (${JSON.stringify(r.output)}), complete ${m?.complete}${why ? `; ${why.message.slice(0, 240)} (${path.basename(why.file)}:${why.line})` : ''}`);
    }
    if (only.length) for (const d of [...a.diagnostics, ...(m?.diagnostics ?? [])]) console.log(`  ${name}: ${d.severity} ${path.basename(d.file)}:${d.line}: ${d.message.slice(0, 300)}`);
  }
  const failed = names.filter((n) => reference.models[n]?.error).length;
  const unclassified = names.filter((n) => reference.models[n]?.unclassified?.length).length;
  times.sort((a, b) => a - b);
  console.log(`timm: ${built.length - misses.length}/${built.length} names exact (${names.length} named; left out: ${failed} with no reference, failing on PyTorch 1.13 or too large for the oracle's machine as the reference says, and ${unclassified} with a leaf type the oracle has no rule for); ${falseErrors.length} with red errors; ${silent.length} incomplete without a warning; median ${times[times.length >> 1] ?? 0} ms, max ${times[times.length - 1] ?? 0} ms a name`);
  for (const m of misses) console.log(`  not exact: ${m}`);
  for (const e of falseErrors) console.log(`  red error: ${e}`);
  for (const s of silent) console.log(`  incomplete without a warning: ${s}`);
}

main();
