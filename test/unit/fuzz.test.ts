/**
 * Property-based fuzzing of the parser, the evaluator and the cost code (fast-check: maintained, shrinks
 * failures, replays a seed; jsverify and testcheck-js are unmaintained). Inputs: real model files mutated
 * token by token, truncated files, token soup, deeply nested expressions and pathological programs.
 * Properties: nothing throws, every evaluation ends within its budget, no figure is NaN, infinite or
 * negative, and editing one class leaves every other class's results unchanged.
 *
 * A fixed seed in CI (npm test); a longer run with a random seed: npm run fuzz (LAYER_LENS_FUZZ_RUNS, LAYER_LENS_FUZZ_SEED).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { evaluateModels, type FileAnalysis, type ModelResult } from '../../src/core';
import { analyzeSource as analyzeText, ROOT, torchvisionDir } from './helpers';

const SEED = Number(process.env.LAYER_LENS_FUZZ_SEED ?? 20261126);
const SCALE = Math.max(1, Number(process.env.LAYER_LENS_FUZZ_RUNS ?? 1));
const BUDGET_MS = 800;
const counts = { inputs: 0, properties: 0, failures: 0 };
/** A failure says which property broke and how (fast-check otherwise keeps the error as the report's cause only). */
const REPORT = { includeErrorInReport: true };

after(() => {
  console.log(`fuzz: seed ${SEED}, ${counts.inputs} inputs tried, ${counts.properties} properties checked, ${counts.failures} failures`);
});

const files = {
  tiny: path.join(ROOT, 'samples', 'tiny_resnet.py'),
  keras: path.join(ROOT, 'samples', 'keras_cnn.py'),
  shuffle: path.join(ROOT, 'samples', 'shufflenet_unit.py'),
};

const TOKENS = ['(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '+', '-', '*', '**', '/', '//', '%', '@', 'x', 'self', 'nn', 'torch', 'None',
  'True', '0', '1', '3', '64', '-1', '10**9', 'lambda', 'def', 'class', 'return', 'for', 'in', 'if', 'else', 'while', 'not', 'and', 'or',
  '"s"', 'f"{x}"', '\n', '    ', 'nn.Conv2d(', 'nn.Linear(', 'layers.Dense(', 'super().__init__()', '#', '\\', "'", '"""'];

/** Every number in a result: finite and not negative (null is an honest "not known"). */
function badNumbers(value: unknown, where = ''): string[] {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? [] : [`${where} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => badNumbers(v, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === 'line' || k === 'column' || k === 'from' || k === 'to' || k === 'endLine' || k === 'endColumn' || k === 'offset' ? [] : badNumbers(v, `${where}.${k}`)));
  }
  return [];
}

/** Run the analysis and the model evaluation of `text`, checking the properties that hold for any input. */
function checkAll(text: string, name = '/fuzz/model.py'): { analysis: FileAnalysis; models: ModelResult[] } {
  counts.inputs++;
  let analysis!: FileAnalysis;
  let models!: ModelResult[];
  try {
    analysis = analyzeText(text);
    const started = Date.now();
    models = evaluateModels(name, { read: (p) => (p === name ? text : undefined) }, { timeBudgetMs: BUDGET_MS, maxSteps: 300_000 }).models;
    // Each model has its budget; loading the file has one too.
    const limit = BUDGET_MS * (models.length + 2) + 2000;
    assert.ok(Date.now() - started < limit, `evaluation took ${Date.now() - started} ms (limit ${limit})`);
    counts.properties += 2;
    const bad = [...badNumbers(analysis.calls, 'calls'), ...badNumbers(models.map((m) => ({ totals: m.totals, layers: m.layers })), 'models')];
    assert.deepEqual(bad, [], 'numbers are finite and not negative');
    counts.properties++;
    const internal = models.flatMap((m) => m.diagnostics).filter((d) => d.code === 'internal');
    assert.deepEqual(internal.map((d) => d.message), [], 'no internal failure reported');
    counts.properties++;
  } catch (e) {
    counts.failures++;
    throw e;
  }
  return { analysis, models };
}

function tokenize(text: string): string[] {
  return text.match(/\w+|\s+|[^\w\s]/g) ?? [];
}

const realFile = fc.constantFrom(...Object.values(files), path.join(torchvisionDir(), 'models', 'resnet.py'));

test('real model files mutated token by token', () => {
  fc.assert(fc.property(realFile, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...TOKENS)), { minLength: 1, maxLength: 5 }), (file, edits) => {
    const tokens = tokenize(readFileSync(file, 'utf8'));
    for (const [at, kind, token] of edits) {
      const i = at % tokens.length;
      if (kind === 0) tokens.splice(i, 1);
      else if (kind === 1) tokens.splice(i, 0, token);
      else if (kind === 2) tokens.splice(i, 0, tokens[i]);
      else [tokens[i], tokens[(i + 1) % tokens.length]] = [tokens[(i + 1) % tokens.length], tokens[i]];
    }
    checkAll(tokens.join(''));
  }), { ...REPORT, seed: SEED, numRuns: 40 * SCALE });
});

test('truncated files', () => {
  fc.assert(fc.property(realFile, fc.double({ min: 0, max: 1, noNaN: true }), (file, cut) => {
    const text = readFileSync(file, 'utf8');
    checkAll(text.slice(0, Math.floor(cut * text.length)));
  }), { ...REPORT, seed: SEED + 1, numRuns: 30 * SCALE });
});

test('random token soup', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 400 }), (tokens) => {
    checkAll(`import torch\nimport torch.nn as nn\n${tokens.join(' ')}`);
  }), { ...REPORT, seed: SEED + 2, numRuns: 40 * SCALE });
});

test('deeply nested expressions', () => {
  const nest = fc.tuple(fc.integer({ min: 50, max: 4000 }), fc.constantFrom<[string, string]>(['(', ')'], ['[', ']'], ['{1: ', '}'], ['not ', ''], ['-', ''], ['nn.Sequential(', ')'], ['f(', ')'], ['lambda: ', ''], ['x if ', ' else 0']));
  fc.assert(fc.property(nest, ([depth, [open, close]]) => {
    checkAll(`import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.c = nn.Conv2d(3, ${open.repeat(depth)}8${close.repeat(depth)}, 3)\n    def forward(self, x):\n        return self.c(x)\n`);
  }), { ...REPORT, seed: SEED + 3, numRuns: 15 * SCALE });
});

const PATHOLOGICAL = [
  'while True:\n            pass',
  'def f(n):\n            return f(n + 1)\n        f(0)',
  'x = [0]\n        for _ in range(200):\n            x = x + x',
  'for i in range(10**12):\n            pass',
  'a = 10 ** 100000\n        b = a * a * a',
  'a = []\n        a.append(a)\n        s = str(a)',
  'd = {}\n        d["d"] = d\n        r = repr(d)',
  'n = 10 ** 12\n        self.c = nn.Conv2d(n, n, n)',
  'self.c = nn.Conv2d(2 ** 40, 2 ** 40, 3)',
  'self.l = nn.Linear(10 ** 15, 10 ** 15)',
  'xs = [nn.Conv2d(3, 3, 3) for _ in range(100000)]\n        self.m = nn.ModuleList(xs)',
  's = "x" * (10 ** 9)',
  'class A:\n            pass\n        A.__init__ = lambda self: A()\n        A()',
];

test('pathological programs: loops, recursion, doubling lists, huge numbers, self-reference', () => {
  fc.assert(fc.property(fc.constantFrom(...PATHOLOGICAL), fc.constantFrom('__init__', 'forward'), (body, where) => {
    const init = where === '__init__' ? body : 'pass';
    const forward = where === 'forward' ? body : 'pass';
    const { models } = checkAll(`import torch\nimport torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        ${init}\n        self.k = nn.Conv2d(3, 8, 3)\n    def forward(self, x):\n        ${forward}\n        return self.k(x)\n`);
    // Something is said about it: figures, or a clear reason (a budget, a raise, an unknown value).
    assert.ok(models.length === 0 || models.every((m) => m.complete || m.diagnostics.length > 0));
    counts.properties++;
  }), { ...REPORT, seed: SEED + 4, numRuns: PATHOLOGICAL.length * 2 * SCALE });
});

test('editing one class leaves the results for the classes unrelated to it unchanged', () => {
  const text = readFileSync(files.tiny, 'utf8');
  // Each class up to the next line of code at the left margin (the script after the last class is not in it).
  const classes = [...text.matchAll(/^class (\w+)/gm)].map((m) => {
    const next = /^[^\s#]/m.exec(text.slice(m.index! + 1));
    return { name: m[1], from: m.index!, to: next ? m.index! + 1 + next.index : text.length };
  });
  // A class that names another (a model and the block it builds) sees it change: each is seen in the other's model.
  const related = (a: (typeof classes)[number], b: (typeof classes)[number]) =>
    a === b || new RegExp(`\\b${b.name}\\b`).test(text.slice(a.from, a.to)) || new RegExp(`\\b${a.name}\\b`).test(text.slice(b.from, b.to));
  const before = analyzeText(text).calls;
  const key = (c: FileAnalysis['calls'][number]) => JSON.stringify([c.line, c.column, c.type, c.params, c.multAdds, c.memoryAccessCost, c.outputShape, c.diagnostics.map((d) => d.message)]);
  // Tokens that cannot open a construct running past the line (a string, a bracket, a continuation): those
  // rightly change everything after them, in Python as here.
  const contained = TOKENS.filter((t) => !/[\n'"\\([{]/.test(t));
  fc.assert(fc.property(fc.nat({ max: classes.length - 1 }), fc.nat(), fc.constantFrom(...contained), (k, at, token) => {
    const c = classes[k];
    // An edit inside the class body that keeps the line count, so the other classes' positions stay put.
    const offset = c.from + 6 + (at % Math.max(1, c.to - c.from - 6));
    const edited = text.slice(0, offset) + token + text.slice(offset);
    const { analysis } = checkAll(edited);
    const unrelated = classes.filter((o) => !related(o, c));
    const outside = (calls: FileAnalysis['calls'], shift: number) => calls
      .filter((x) => unrelated.some((o) => (o.from < c.from ? x.span.from >= o.from && x.span.from < o.to : x.span.from >= o.from + shift && x.span.from < o.to + shift))).map(key);
    assert.deepEqual(outside(analysis.calls, token.length), outside(before, 0));
    counts.properties++;
  }), { ...REPORT, seed: SEED + 5, numRuns: 40 * SCALE });
});
