/**
 * An open document's analysis must equal an analysis from scratch after every edit: a document re-parses
 * incrementally and keeps what it can across versions, and any mistake in what it keeps shows up here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, DocumentAnalysis, evaluateModels, type FileAnalysis } from '../../src/core';
import { LoadedFile } from '../../src/core/context/fileAnalysis';
import { diffRange } from '../../src/core/python/reparse';
import { ROOT, rng, torchvisionDir } from './helpers';


const SNIPPETS = ['0', '7', ' ', '\n', '(', ')', ',', 'nn.Conv2d(3, 8, 3)', '  # layer-lens: input 1x3x32x32', 'WIDTH = 32\n', '#', 'x', 'groups=2, ', '\n    ', ':'];

function edit(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  const kind = r();
  if (kind < 0.45) return text.slice(0, at) + SNIPPETS[Math.floor(r() * SNIPPETS.length)] + text.slice(at);
  if (kind < 0.8) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(r() * 12)));
  // Change a number somewhere: the most common real edit.
  const digits = [...text.matchAll(/\d+/g)];
  if (!digits.length) return text;
  const m = digits[Math.floor(r() * digits.length)];
  return text.slice(0, m.index!) + String(1 + Math.floor(r() * 200)) + text.slice(m.index! + m[0].length);
}

/** An analysis with its file's name left out, to compare two files' analyses. */
function named(a: FileAnalysis, file: string): unknown {
  return JSON.parse(JSON.stringify(a).replaceAll(file, 'FILE'));
}

for (const [name, file, seed, edits] of [
  ['sample', path.join(ROOT, 'samples', 'tiny_resnet.py'), 1, 100],
  ['mobilenetv2.py', 'mobilenetv2', 3, 25],
  ['shufflenetv2.py', 'shufflenetv2', 4, 25],
  ['sample, other edits', path.join(ROOT, 'samples', 'tiny_resnet.py'), 5, 100],
] as const) {
  test(`an open document equals an analysis from scratch after random edits: ${name}`, () => {
    const full = file.endsWith('.py') ? file : path.join(torchvisionDir(), 'models', `${file}.py`);
    const start = readFileSync(full, 'utf8');
    const r = rng(seed);
    const dir = path.dirname(full);
    const open = path.join(dir, '__open__.py');
    let text = start;
    let fresh = '';
    const fs = { read: (p: string) => (p === open || p === fresh ? text : readFileOrNothing(p)) };
    const doc = new DocumentAnalysis(open, fs, {});
    let treeDiffs = 0;
    for (let i = 0; i < edits; i++) {
      text = i % 20 === 19 ? start : edit(text, r);
      const inc = doc.version(text);
      // The lines on screen first (what a CodeLens asks), then everything (what Problems asks).
      const lines = text.split('\n').length;
      const from = 1 + Math.floor(r() * lines);
      const window = inc.callsIn(from, from + 40);
      const all = inc.analysis();
      // From scratch on the same parse (lezer's incremental parse of broken code may recover otherwise than a
      // fresh parse: that is lezer's, counted below, not ours).
      const same = new LoadedFile(open, text, fs, {});
      assert.deepEqual(all, same.analysis(same.contexts()), `after edit ${i}`);
      assert.ok(!all.diagnostics.some((d) => d.code === 'internal'), `internal error after edit ${i}`);
      assert.ok(window.every((c) => all.calls.some((x) => x.span.from === c.span.from)), `the window's lines are among all lines after edit ${i}`);
      fresh = path.join(dir, `__fresh${i}__.py`);
      if (JSON.stringify(named(analyzeFile(fresh, fs, {}), fresh)) !== JSON.stringify(named(all, open))) treeDiffs++;
    }
    console.log(`${name}: ${treeDiffs} of ${edits} edits where lezer's incremental tree gave another result than a fresh parse`);
  });
}

function readFileOrNothing(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

test('a changed module constant changes the lines that read it', () => {
  const fs = { read: () => undefined };
  const doc = new DocumentAnalysis('/w/model.py', fs, {});
  const v1 = ['import torch.nn as nn', 'C = 8', 'class A(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(C, 2)', 'class B(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 2)', ''].join('\n');
  assert.deepEqual(doc.version(v1).analysis().calls.map((c) => c.params), [18, 10]);
  const v2 = v1.replace('C = 8', 'C = 16');
  assert.deepEqual(doc.version(v2).analysis().calls.map((c) => c.params), [34, 10]);
  // an annotation edit in the comment line above a statement counts too
  const v3 = v2.replace('        self.fc = nn.Linear(4, 2)', '        # layer-lens: input 3x4\n        self.fc = nn.Linear(4, 2)');
  assert.deepEqual(doc.version(v3).analysis().calls[1].inputShape, [3, 4]);
});

// Model evaluation re-parses a changed file incrementally (parseCached): the results must be those of a fresh parse.
test('evaluating a model after edits gives what a fresh parse of the new text gives', () => {
  const original = readFileSync(path.join(ROOT, 'samples', 'tiny_resnet.py'), 'utf8');
  const edits: [string, string][] = [
    ['2 * WIDTH', '3 * WIDTH'],
    ['kernel_size=7, stride=2', 'kernel_size=5, stride=2'],
    ['class TinyResNet(nn.Module):', '# a comment that moves everything below\nclass TinyResNet(nn.Module):'],
  ];
  let text = original;
  const edited = '/w/edited.py';
  const files = new Map<string, string>();
  const fs = { read: (p: string) => files.get(p) };
  for (const [k, [from, to]] of edits.entries()) {
    assert.ok(text.includes(from), from);
    text = text.split(from).join(to);
    files.set(edited, text);
    files.set(`/w/fresh${k}.py`, text);
    const again = evaluateModels(edited, fs, { call: 'TinyResNet()' }).models[0];
    const fresh = evaluateModels(`/w/fresh${k}.py`, fs, { call: 'TinyResNet()' }).models[0];
    assert.ok(again.complete, again.diagnostics.map((d) => d.message).join('; '));
    // The same result, but for the file's name.
    const named = (r: object, file: string) => JSON.parse(JSON.stringify(r).replaceAll(file, 'FILE')) as unknown;
    assert.deepEqual(named(again, edited), named(fresh, `/w/fresh${k}.py`));
  }
  // The first edit is counted: 128 → 192 output channels of the 1×1 conv (64·192 weights + 192 biases).
  const pw = evaluateModels(edited, fs, { call: 'TinyResNet()' }).models[0].layers.find((l) => l.path === 'pw');
  assert.equal(pw?.params, 64 * 192 + 192);
});

test('diffRange finds the changed region as a character-by-character comparison would, across chunk edges', () => {
  const slow = (a: string, b: string) => {
    let s = 0;
    while (s < Math.min(a.length, b.length) && a[s] === b[s]) s++;
    let ea = a.length;
    let eb = b.length;
    while (ea > s && eb > s && a[ea - 1] === b[eb - 1]) (ea--, eb--);
    return { fromA: s, toA: ea, fromB: s, toB: eb };
  };
  const next = rng(7);
  for (let i = 0; i < 2000; i++) {
    const a = 'ab'.repeat(Math.floor(next() * 700));
    const from = Math.floor(next() * a.length);
    const to = Math.min(a.length, from + Math.floor(next() * 600));
    const b = a.slice(0, from) + 'ba'.repeat(Math.floor(next() * 3)) + a.slice(to);
    assert.deepEqual(diffRange(a, b), slow(a, b), `case ${i}`);
  }
});
