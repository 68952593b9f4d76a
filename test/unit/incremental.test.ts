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
import { generatedModel } from '../bench/generated';


const SNIPPETS = ['0', '7', ' ', '\n', '(', ')', ',', '.', '"', ' 64. else ', '1.e-3', 'nn.Conv2d(3, 8, 3)', '  # layer-lens: input 1x3x32x32', 'WIDTH = 32\n', '#', 'x', 'groups=2, ', '\n    ', ':'];

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
      // The lines on screen, computed before everything (carried over, on a slice, or on the whole file), are exactly those of everything.
      assert.deepEqual(window, all.calls.filter((c) => c.line >= from && c.line <= from + 40), `the window's lines after edit ${i}`);
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

/** Edits inside definitions (what typing in a model mostly is): a number in a layer call, a name, a line added. */
function definitionEdit(text: string, r: () => number): string {
  const kind = r();
  if (kind < 0.6) {
    const digits = [...text.matchAll(/(?<=nn\.\w+\([^)\n]*)\b\d+\b/g)];
    const m = digits[Math.floor(r() * digits.length)];
    return text.slice(0, m.index!) + String(1 + Math.floor(r() * 64)) + text.slice(m.index! + m[0].length);
  }
  const lines = text.split('\n');
  const body = lines.map((l, i) => (/^ {8}self\.\w+ = nn\./.test(l) ? i : -1)).filter((i) => i >= 0);
  const at = body[Math.floor(r() * body.length)];
  if (kind < 0.8) lines[at] = lines[at].replace(/self\.(\w+)/, (_m, n: string) => `self.${n}x`);
  else lines.splice(at + 1, 0, '        self.extra = nn.ReLU()');
  return lines.join('\n');
}

for (const [name, text, seed] of [
  ['generated, 2k lines', generatedModel(2_000), 11],
  ['tiny_gpt.py', readFileSync(path.join(ROOT, 'samples', 'tiny_gpt.py'), 'utf8'), 12],
  ['tiny_resnet.py', readFileSync(path.join(ROOT, 'samples', 'tiny_resnet.py'), 'utf8'), 13],
] as const) {
  test(`edits inside definitions: what carries over from the last version, and what a slice of the file evaluates, equal the whole file: ${name}`, () => {
    const r = rng(seed);
    const file = `/w/${name.replace(/\W+/g, '_')}.py`;
    let current = text;
    const fs = { read: (p: string) => (p === file ? current : undefined) };
    const doc = new DocumentAnalysis(file, fs, {});
    const lines = () => current.split('\n').length;
    doc.version(current).callsIn(1, lines());
    let carried = 0;
    let assembled = 0;
    for (let i = 0; i < 30; i++) {
      current = definitionEdit(current, r);
      const v = doc.version(current);
      carried += v.carried;
      // The lenses of a screenful around the edit, then every line, then each model, before anything complete.
      const from = 1 + Math.floor(r() * lines());
      const screen = v.callsIn(from, from + 60);
      const rows = v.callsIn(1, lines());
      const ops = v.operationsIn(1, lines());
      const whole = new LoadedFile(file, current, fs, {});
      const all = whole.analysis(whole.contexts());
      assert.deepEqual(screen, all.calls.filter((c) => c.line >= from && c.line <= from + 60), `the screen after edit ${i}`);
      assert.deepEqual(rows, all.calls, `every line after edit ${i}`);
      assert.deepEqual(ops, all.operations, `every operation after edit ${i}`);
      for (const m of all.models.filter((x) => x.definition)) {
        assert.deepEqual(v.model(m.definition!), all.models.find((x) => x.definition === m.definition), `${m.definition} after edit ${i}`);
      }
      // Problems, when typing pauses (not after every edit): put together from what carried over, or the whole file.
      if (r() < 0.5) {
        assert.deepEqual(v.analysis(), all, `the complete analysis after edit ${i}`);
        if (v.wasAssembled) assembled++;
      }
    }
    assert.ok(carried > 0, 'something was carried over');
    assert.ok(assembled > 0, 'a complete analysis was put together from what carried over');
    console.log(`${name}: ${carried} statements carried over in 30 edits; ${assembled} complete analyses put together from them`);
  });
}

test('as an editor asks: a screenful of lenses after each edit, Problems when typing pauses, each equal to the whole file', () => {
  for (const [text, seed] of [[generatedModel(1_500), 21], [readFileSync(path.join(ROOT, 'samples', 'tiny_gpt.py'), 'utf8'), 22]] as const) {
    const r = rng(seed);
    const file = '/w/editor.py';
    let current = text;
    const fs = { read: (p: string) => (p === file ? current : undefined) };
    const doc = new DocumentAnalysis(file, fs, {});
    doc.version(current).analysis();
    let assembled = 0;
    for (let i = 0; i < 40; i++) {
      current = definitionEdit(current, r);
      const v = doc.version(current);
      const from = 1 + Math.floor(r() * current.split('\n').length);
      const screen = v.callsIn(from, from + 60);
      const models = [...current.slice(v.lines.lineStart(from), v.lines.lineStart(from + 61)).matchAll(/^class (\w+)/gm)].map((m) => m[1]);
      for (const m of models) v.model(m);
      if (r() < 0.3) {
        const whole = new LoadedFile(file, current, fs, {});
        const all = whole.analysis(whole.contexts());
        assert.deepEqual(screen, all.calls.filter((c) => c.line >= from && c.line <= from + 60), `the screen after edit ${i}`);
        for (const m of models) assert.deepEqual(v.model(m), all.models.find((x) => x.definition === m), `${m} after edit ${i}`);
        assert.deepEqual(v.analysis(), all, `the complete analysis after edit ${i}`);
        if (v.wasAssembled) assembled++;
      }
    }
    assert.ok(assembled > 0, 'complete analyses were put together from what carried over');
  }
});

test('an edit that changes how a trailing-dot float outside it is read re-parses it (lezerQuirks.forLezer)', async () => {
  const { IncrementalParse } = await import('../../src/core/python/reparse');
  const { forLezer } = await import('../../src/core/python/lezerQuirks');
  const { parser } = await import('@lezer/python');
  const before = 'a = 1\nb = w / 64. if w else 0.\nc = """\n"""\n';
  // Opening a string before the floats turns them into string text; closing it turns them back.
  for (const after of ['a = "1\nb = w / 64. if w else 0.\nc = """\n"""\n', 'a = 1\nb = w / 64 if w else 0.\nc = """\n"""\n', 'a = """1\nb = w / 64. if w else 0.\nc = """\n"""\n']) {
    const inc = new IncrementalParse();
    inc.update(before);
    const at = diffRange(before, after);
    const tree = inc.update(after, [{ from: at.fromA, to: at.toA, insertLength: at.toB - at.fromB }]);
    assert.equal(tree.toString(), parser.parse(forLezer(after).text).toString(), after);
  }
});

test('what lezerQuirks left out of a tree too deep for the stack is read again at the next edit', async () => {
  const { IncrementalParse } = await import('../../src/core/python/reparse');
  const { parser } = await import('@lezer/python');
  const text = `x = ${'-'.repeat(4000)}1\ny = 2\n`;
  const deepIn = <T>(k: number, f: () => T): T => (k === 0 ? f() : deepIn(k - 1, f));
  // As deep as makes lezer overflow on this text, three times in a row (the JIT can make a second try fit).
  const overflows = (k: number) => [1, 2, 3].every(() => {
    try {
      deepIn(k, () => parser.parse(text));
      return false;
    } catch {
      return true;
    }
  });
  let k = 0;
  while (k <= 20_000 && !overflows(k)) k += 500;
  const inc = new IncrementalParse();
  const first = deepIn(k, () => inc.update(text));
  assert.notEqual(first.toString(), parser.parse(text).toString(), 'the long line was left out');
  // An edit on the last line, with the stack as it usually is: the left-out line is read again too.
  const after = text.replace('y = 2', 'y = 3');
  const at = diffRange(text, after);
  const tree = inc.update(after, [{ from: at.fromA, to: at.toA, insertLength: at.toB - at.fromB }]);
  assert.equal(tree.toString(), parser.parse(after).toString());
});
