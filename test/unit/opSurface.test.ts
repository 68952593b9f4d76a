/**
 * torch's public surface against what this engine evaluates (issue 31): PyTorch 1.13's names by namespace
 * (test/oracle/op_surface.py → test/data/op-surface.json), each evaluated, or not for the reason its category
 * gives (sparse, quantized, random values, a backend's kernel, a size only the data decides…), or not yet. A name
 * not evaluated is said at its line when code calls it (interpreter.ts: "is not something Layer Lens evaluates").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { torchSurface } from '../../src/core';
import { DATA, readJson } from './helpers';

interface Row { space: string; name: string; reason?: string }
const table = readJson<{ meta: { newer: Record<string, string[]>; attributes: Record<string, string[]> }; rows: Row[] }>(path.join(DATA, 'op-surface.json'));
const engine = torchSurface();
const evaluated = (r: Row) => engine[r.space]?.includes(r.name) || (r.space === 'Tensor' && r.name.endsWith('_'));

test('every name the engine defines in torch\'s namespaces is one PyTorch has (no made-up function evaluates quietly)', () => {
  const made: string[] = [];
  for (const [space, names] of Object.entries(engine)) {
    const real = new Set([...(table.meta.attributes[space] ?? []), ...(table.meta.newer[space] ?? [])]);
    // Submodules and names the engine keeps for its own reading of code (torch.nn, torch.Tensor) are attributes too.
    for (const n of names) if (!real.has(n)) made.push(`${space}.${n}`);
  }
  assert.deepEqual(made, []);
});

test('the op table: how much of torch\'s surface is evaluated, and why the rest is not', () => {
  const rows = table.rows;
  const done = rows.filter(evaluated);
  const because = rows.filter((r) => !evaluated(r) && r.reason);
  const notYet = rows.filter((r) => !evaluated(r) && !r.reason);
  const bySpace = Object.entries(engine).map(([space]) => {
    const all = rows.filter((r) => r.space === space);
    return `${space} ${all.filter(evaluated).length}/${all.length}`;
  });
  console.log(`ops surface (PyTorch 1.13): ${done.length}/${rows.length} public names evaluated; ${because.length} not, for a reason; ${notYet.length} not yet (${bySpace.join(', ')})`);
  const reasons = new Map<string, number>();
  for (const r of because) reasons.set(r.reason!, (reasons.get(r.reason!) ?? 0) + 1);
  for (const [why, n] of reasons) console.log(`  ${n} ${why}`);
  console.log(`  not yet: ${notYet.map((r) => `${r.space === 'torch' ? '' : `${r.space}.`}${r.name}`).join(' ')}`);
  // The floor this build reaches: a name that stops being evaluated is a regression.
  assert.ok(done.length >= EVALUATED, `${done.length} evaluated, fewer than ${EVALUATED}`);
});

/** Measured when the table was made (2026-12-07). */
const EVALUATED = 917;

test('what public model code calls (the corpus\'s 27 repositories, by parsing): each name evaluated, or not for a reason its category gives', () => {
  const used = readJson<{ meta: { files: number; repositories: number }; calls: Record<string, Record<string, number>> }>(path.join(DATA, 'ops-used.json'));
  const rows = new Map(table.rows.map((r) => [`${r.space}.${r.name}`, r]));
  let calls = 0;
  let covered = 0;
  const notYet: string[] = [];
  for (const [space, names] of Object.entries(used.calls)) {
    for (const [name, n] of Object.entries(names)) {
      calls += n;
      const row = rows.get(`${space}.${name}`)!;
      if (evaluated(row)) covered += n;
      else if (!row.reason) notYet.push(`${space === 'torch' ? '' : `${space}.`}${name} (${n})`);
    }
  }
  const reasons = Object.entries(used.calls).flatMap(([space, names]) => Object.entries(names).filter(([name]) => !evaluated(rows.get(`${space}.${name}`)!) && rows.get(`${space}.${name}`)!.reason).map(([name, n]) => `${name} (${n}): ${rows.get(`${space}.${name}`)!.reason}`));
  console.log(`ops public model code calls: ${covered.toLocaleString('en-US')} of ${calls.toLocaleString('en-US')} calls to names evaluated (${used.meta.files} files of ${used.meta.repositories} repositories); not evaluated for a reason: ${reasons.length}; not yet: ${notYet.join(', ') || 'none'}`);
  for (const r of reasons) console.log(`  ${r}`);
  // Tensor.resize: PIL's Image.resize in data code, counted by name (Tensor's own is deprecated); the rest are evaluated.
  assert.deepEqual(notYet, ['Tensor.resize (32)']);
});
