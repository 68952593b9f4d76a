/**
 * Whole-model evaluation never throws and never hangs: random edits of real model files (some leave the
 * code broken, some change numbers) must give results or clear diagnostics, never an internal failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { evaluateModels } from '../../src/core';
import { ROOT, rng, torchvisionDir } from './helpers';


const SNIPPETS = ['0', '-1', ' ', '\n', '(', ')', ',', '[', ']', ':', '*', '**', 'None', 'x', '.', '=', 'self', 'lambda: 0', '"s"', 'while True: pass\n'];

function mutate(text: string, r: () => number): string {
  const at = Math.floor(r() * text.length);
  const k = r();
  if (k < 0.4) return text.slice(0, at) + SNIPPETS[Math.floor(r() * SNIPPETS.length)] + text.slice(at);
  if (k < 0.7) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 8));
  const digits = [...text.matchAll(/\d+/g)];
  const m = digits[Math.floor(r() * digits.length)];
  return m ? text.slice(0, m.index!) + String(Math.floor(r() * 300)) + text.slice(m.index! + m[0].length) : text;
}

for (const [name, file, call, seed] of [
  ['the sample', path.join(ROOT, 'samples', 'tiny_resnet.py'), undefined, 11],
  ['resnet.py', 'resnet', 'resnet18()', 12],
  ['shufflenetv2.py', 'shufflenetv2', 'shufflenet_v2_x0_5()', 13],
] as const) {
  test(`model evaluation survives random edits of ${name}`, () => {
    const original = readFileSync(file.endsWith('.py') ? file : path.join(torchvisionDir(), 'models', `${file}.py`), 'utf8');
    const entry = file.endsWith('.py') ? file : path.join(torchvisionDir(), 'models', `${file}.py`);
    const r = rng(seed);
    for (let i = 0; i < 40; i++) {
      let text = original;
      for (let k = 0; k < 1 + Math.floor(r() * 3); k++) text = mutate(text, r);
      const fs = { read: (p: string) => (p === entry ? text : (() => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } })()) };
      const started = Date.now();
      const { models, diagnostics } = evaluateModels(entry, fs, { call, timeBudgetMs: 1500, maxSteps: 400_000 });
      assert.ok(Date.now() - started < 6000, `edit ${i} took too long`);
      const internal = [...diagnostics, ...models.flatMap((m) => m.diagnostics)].filter((d) => d.code === 'internal');
      assert.deepEqual(internal.map((d) => d.message), [], `edit ${i}`);
    }
  });
}

test('a loop over a value not known says so once, naming why, at the loop', () => {
  const files: Record<string, string> = { '/m/loop.py': 'import os\nimport torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        for name in os.listdir("/data"):\n            pass\n        self.fc = nn.Linear(4, 2)\n\n    def forward(self, x):\n        return self.fc(x)\n' };
  const [m] = evaluateModels('/m/loop.py', { read: (p) => files[p] }, { call: 'Net()', inputs: [{ shape: [1, 4], dtype: 'float32' }] }).models;
  const said = m.diagnostics.filter((d) => d.code === 'unknown-iteration');
  assert.equal(said.length, 1);
  assert.equal(said[0].line, 7);
  assert.match(said[0].message, /^cannot iterate over a value not known statically \(.+\): the loop was skipped$/);
});
