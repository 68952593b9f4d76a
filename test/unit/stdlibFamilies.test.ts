/**
 * The standard-library families installed model libraries lean on (timm's create_model and list_models), each
 * checked as a generated grid against what real Python gave (test/oracle/stdlib_cases.py →
 * test/data/stdlib-cases.reference.json): urllib.parse, fnmatch, Python's ordering (sorted, list.sort, min, max
 * with key= and reverse=), math, enum, operator, a list's slices assigned and deleted, str() and repr() of plain values, set operators and methods, list.remove, dict.popitem and clear, os.path.split. A case
 * Python refuses (comparing an int with a str) must give no value here, never a guessed one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Session } from '../../src/core/eval/session';
import type { RValue } from '../../src/core/values/value';
import { DATA, readJson } from './helpers';

interface Case {
  family: string;
  setup: string;
  expr: string;
  value: unknown;
  raises?: string;
}
const reference = readJson<{ meta: { prelude: string }; cases: Case[] }>(path.join(DATA, 'stdlib-cases.reference.json'));

/** A value as JSON, as the oracle writes Python's (tuples and named tuples as lists); undefined when not known. */
function asJson(v: RValue | undefined): unknown {
  if (!v) return undefined;
  switch (v.kind) {
    case 'int':
    case 'float':
    case 'bool':
    case 'str':
      return v.value;
    case 'none':
      return null;
    case 'list':
    case 'tuple': {
      const items = v.items.map(asJson);
      return items.some((x) => x === undefined) ? undefined : items;
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v.entries.values()) {
        if (k.kind !== 'str' || asJson(x) === undefined) return undefined;
        out[k.value] = asJson(x);
      }
      return out;
    }
    case 'instance':
      return v.cls.fields ? asJson({ kind: 'list', items: v.cls.fields.map((f) => v.attrs.get(f.name)!) }) : undefined;
    default:
      return undefined;
  }
}

/**
 * Equal as JSON; a value not known where Python's is an int past 2^53 (the engine's ints stop there, and say so);
 * with `ulps`, floats within two units in the last place (math's transcendental functions: JavaScript's and the C
 * library's may differ in the last bit, see src/core/eval/mathLib.ts).
 */
function same(got: unknown, want: unknown, ulps: boolean): boolean {
  if (got === undefined) return pastSafe(want);
  if (typeof got === 'number' && typeof want === 'number' && ulps && !Number.isInteger(want)) return Math.abs(got - want) <= 4 * Number.EPSILON * Math.abs(want);
  if (Array.isArray(got) && Array.isArray(want)) return got.length === want.length && got.every((g, i) => same(g, want[i], ulps));
  return JSON.stringify(got) === JSON.stringify(want);
}

/** Whether a value holds an int past 2^53 (JSON reads it as a float that is a whole number). */
const pastSafe = (v: unknown): boolean => (Array.isArray(v) ? v.some(pastSafe) : typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v));

/** Every case of a family run in one module, in order (each case's setup, then `__v<i> = expr`). */
function run(family: string): { c: Case; got: unknown }[] {
  const cases = reference.cases.filter((c) => c.family === family);
  const file = `/stdlib/${family.replace(/\W/g, "_")}_cases.py`;
  const text = reference.meta.prelude + cases.map((c, i) => `${c.setup}\n__v${i} = ${c.expr}\n`).join('');
  const scope = new Session({ read: (p) => (p === file ? text : undefined) }, file, { timeBudgetMs: 60_000, requestBudgetMs: 60_000 }).load()!.scope!;
  return cases.map((c, i) => ({ c, got: asJson(scope.get(`__v${i}`)) }));
}

for (const family of ['urllib.parse', 'fnmatch', 'ordering', 'sets', 'repr', 'math', 'lists', 'enum', 'operator']) {
  test(`${family}: every generated case gives what Python gives, and nothing where Python raises`, () => {
    const results = run(family);
    assert.ok(results.length >= 15, `${family}: ${results.length} cases`);
    const wrong = results.filter(({ c, got }) => (c.raises ? got !== undefined : !same(got, c.value, family === 'math')));
    assert.deepEqual(wrong.map(({ c, got }) => `${c.setup ? `${c.setup.split('\n').pop()}; ` : ''}${c.expr}: ${JSON.stringify(got)} (Python: ${c.raises ?? JSON.stringify(c.value)})`), []);
  });
}

test('a file named like a module the engine provides (enum.py, math.py, copy.py) runs as itself, as `python enum.py` does', () => {
  for (const name of ['enum', 'math', 'copy', 'fnmatch']) {
    const file = `/project/${name}.py`;
    const text = 'import torch.nn as nn\n\nwidth = 4 * 8\nlayer = nn.Linear(width, 2)  # layer-lens: input 1x32\n';
    const session = new Session({ read: (p) => (p === file ? text : undefined) }, file);
    assert.deepEqual(asJson(session.load()!.scope!.get('width')), 32, name);
  }
});
