/**
 * The engine off the extension host's thread (issue 18): the message handler the worker runs (src/core/engine.ts),
 * and the host's client with the real worker bundle (dist/engine.js, built by `npm run build`), stopped and
 * restarted at its time and memory caps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Engine, preludePaths, type AnalysisOptions, type EngineAnswers, type FromEngine, type ToEngine } from '../../src/core';
import { EngineClient, workerTransport, type EngineSource, type Stopped } from '../../src/extension/engineClient';
import { generatedModel } from '../bench/generated';
import { ROOT } from './helpers';

const MODEL = [
  'import torch.nn as nn',
  'from helper import width',
  '',
  'class Net(nn.Module):',
  '    def __init__(self):',
  '        super().__init__()',
  '        self.fc = nn.Linear(width(), 10)  # layer-lens: input 2x16',
  '',
  '    def forward(self, x):',
  '        return self.fc(x)',
  '',
].join('\n');

/** An engine on an in-memory disk, with its messages collected and its turns run by the test. */
function engineOn(files: Record<string, string>) {
  const out: FromEngine[] = [];
  const turns: (() => void)[] = [];
  const engine = new Engine({ read: (p) => files[p], exists: (p) => p in files }, (m) => out.push(m), (run) => turns.push(run));
  const ask = (id: number, version: string, query: Extract<ToEngine, { type: 'ask' }>['query'], text?: string, unsaved?: [string, string][]) =>
    engine.receive({ type: 'ask', id, doc: { key: 'file:///w/net.py', version, file: '/w/net.py', roots: ['/w'], text, unsaved }, query, settings: {} });
  const drain = () => {
    while (turns.length) turns.shift()!();
  };
  return { out, ask, drain, engine };
}

const answer = <K extends keyof EngineAnswers>(out: FromEngine[], id: number) => {
  const m = out.find((x) => x.type !== 'working' && x.id === id);
  assert.ok(m && m.type === 'answer', JSON.stringify(m));
  return m.value as EngineAnswers[K];
};

test('the engine answers a version\'s lines, reading an import from another document\'s unsaved text before the disk', () => {
  const e = engineOn({ '/w/helper.py': 'def width():\n    return 8\n' });
  e.ask(1, '1', { op: 'lines', from: 7, to: 7 }, MODEL, [['/w/helper.py', 'def width():\n    return 16\n']]);
  const lines = answer<'lines'>(e.out, 1);
  assert.equal(lines.calls.length, 1);
  // 16 inputs (the unsaved helper), not 8 (the disk): 16×10 + 10.
  assert.equal(lines.calls[0].params, 170);
  // Before the model ran, the engine said what it was starting on: where the host names a stop.
  const working = e.out.filter((m) => m.type === 'working').map((m) => m.type === 'working' && `${m.on.name}@${m.on.line}#${m.on.version}`);
  assert.ok(working.includes('class Net@4#1'), working.join(', '));
  assert.ok(working.includes('the top level of the file@1#1'), working.join(', '));
});

test('a question about a version already replaced is stale; a version the engine never got the text of is too', () => {
  const e = engineOn({ '/w/helper.py': 'def width():\n    return 8\n' });
  e.ask(1, '1', { op: 'model', definition: 'Net' }, MODEL);
  assert.equal(answer<'model'>(e.out, 1)?.totals.params, 90);
  e.ask(2, '2', { op: 'model', definition: 'Net' }, MODEL.replace('10)', '20)'));
  assert.equal(answer<'model'>(e.out, 2)?.totals.params, 180);
  // New settings on the version held: the same text, analysed afresh (not a question about a lost version).
  e.engine.receive({ type: 'ask', id: 9, doc: { key: 'file:///w/net.py', version: '2', file: '/w/net.py', roots: ['/w'] }, query: { op: 'lines', from: 7, to: 7 }, settings: { inputDefaults: { batch: 3, imageSize: 8, sequenceLength: 4, channels: 4 } } });
  assert.equal(answer<'lines'>(e.out, 9).calls[0].params, 180);
  e.ask(3, '1', { op: 'model', definition: 'Net' });
  assert.deepEqual(e.out.find((m) => m.type === 'stale'), { type: 'stale', id: 3 });
  e.engine.receive({ type: 'close', key: 'file:///w/net.py' });
  e.ask(4, '2', { op: 'model', definition: 'Net' });
  assert.deepEqual(e.out.filter((m) => m.type === 'stale').map((m) => m.type === 'stale' && m.id), [3, 4]);
});

test('the complete analysis runs a model per turn: a question asked meanwhile is answered before it ends', () => {
  const text = generatedModel(400);
  const e = engineOn({});
  e.ask(1, '1', { op: 'diagnostics' }, text);
  assert.equal(e.out.filter((m) => m.type !== 'working').length, 0, 'not finished in one turn');
  e.ask(2, '1', { op: 'lines', from: 1, to: 20 });
  const ids = () => e.out.filter((m) => m.type === 'answer').map((m) => m.type === 'answer' && m.id);
  assert.deepEqual(ids(), [2]);
  e.drain();
  assert.deepEqual(ids(), [2, 1]);
  // A newer version drops the run under way: its question is stale, and nothing is evaluated for it after.
  e.ask(3, '1', { op: 'analysis' });
  assert.deepEqual(ids(), [2, 1, 3], 'the finished analysis is kept for the version');
  e.ask(4, '2', { op: 'analysis' }, `${text}\n# edited\n`);
  e.ask(5, '3', { op: 'lines', from: 1, to: 5 }, `${text}\n# edited again\n`);
  e.drain();
  assert.ok(e.out.some((m) => m.type === 'stale' && m.id === 4));
});

const WORKER = path.join(ROOT, 'dist', 'engine.js');

function source(key: string, text: string, version = '1'): EngineSource {
  return { key, version, file: `/nowhere/${key}.py`, roots: [], text: () => text };
}

/** A factory that loops and grows a list: the engine's own budget would stop it after `budget` ms; the cap is sooner. */
const LOOPING = [
  'import torch.nn as nn',
  '',
  'def fine():',
  '    return nn.Linear(4, 4)',
  '',
  'def slow():',
  '    while True:',
  '        junk = [0] * 99999',
  '    return nn.Linear(1, 1)',
  '',
].join('\n');

test('past the time cap the worker is stopped at the construct it named; other files are answered by a new worker; the next version is tried afresh', async () => {
  const stops: Stopped[] = [];
  const client = new EngineClient(workerTransport(WORKER), () => ({ timeMs: 1000, memoryMb: 512 }), (s) => stops.push(s));
  const generous: AnalysisOptions = { timeBudgetMs: 60_000, requestBudgetMs: 60_000, maxSteps: 1e12 };
  try {
    const other = source('other', 'import torch.nn as nn\nlayer = nn.Linear(8, 2)\n');
    const [stuck, fine] = await Promise.all([
      client.ask(source('loop', LOOPING), { op: 'model', definition: 'slow' }, generous),
      client.ask(other, { op: 'lines', from: 2, to: 2 }, generous),
    ]);
    assert.ok('stopped' in stuck, JSON.stringify(stuck));
    assert.equal(stuck.stopped.reason, 'time');
    assert.deepEqual([stuck.stopped.construct.name, stuck.stopped.construct.line, stuck.stopped.version], ['def slow', 6, '1']);
    assert.ok('value' in fine, JSON.stringify(fine));
    assert.equal(fine.value.calls[0].params, 18);
    assert.equal(stops.length, 1);
    assert.equal(client.restarts, 1);
    // The same version again: stopped at once, without running it again.
    const again = await client.ask(source('loop', LOOPING), { op: 'lines', from: 1, to: 4 }, generous);
    assert.ok('stopped' in again);
    assert.equal(client.restarts, 1);
    // The next version, the loop gone, is analysed.
    const fixed = await client.ask(source('loop', LOOPING.replace('while True:', 'for _ in range(2):'), '2'), { op: 'model', definition: 'slow' }, generous);
    assert.ok('value' in fixed && fixed.value, JSON.stringify(fixed));
    assert.equal(fixed.value.totals.params, 2);
  } finally {
    client.dispose();
  }
});

test('past the memory cap the worker is stopped and replaced, and the version is reported with the construct', async () => {
  const stops: Stopped[] = [];
  const client = new EngineClient(workerTransport(WORKER), () => ({ timeMs: 60_000, memoryMb: 128 }), (s) => stops.push(s));
  try {
    // Legitimate work, just more of it than 128 MB holds: every model of a 30k-line file, kept for the next edit.
    const big = await client.ask(source('big', generatedModel(30_000)), { op: 'analysis' }, {});
    assert.ok('stopped' in big, JSON.stringify(big).slice(0, 300));
    assert.equal(big.stopped.reason, 'memory');
    assert.match(big.stopped.construct.name, /^class Block\d+$|^the top level/);
    assert.equal(stops.length, 1);
    const small = await client.ask(source('small', 'import torch.nn as nn\nlayer = nn.Linear(8, 2)\n'), { op: 'lines', from: 2, to: 2 }, {});
    assert.ok('value' in small && small.value.calls[0].params === 18, JSON.stringify(small));
  } finally {
    client.dispose();
  }
});

test('a function probed for more than a moment is named to the host (where it would name a stop), a quick one is not', () => {
  const e = engineOn({});
  // (Probed: functions that did not run and call something.)
  const text = 'import torch.nn as nn\n\ndef quick(x):\n    return max(x, 1)\n\ndef busy(n):\n    i = 0\n    while True:\n        i = abs(i) + 1\n';
  e.ask(1, '1', { op: 'diagnostics' }, text);
  e.drain();
  answer<'diagnostics'>(e.out, 1);
  const named = e.out.filter((m) => m.type === 'working').map((m) => m.type === 'working' && `${m.on.name}@${m.on.line}`);
  assert.ok(named.includes('def busy@6'), named.join(', '));
  assert.ok(!named.includes('def quick@3'), named.join(', '));
});

test('the worker keeps library files\' trees in its cache folder once idle, not the workspace\'s own files', async () => {
  const { mkdtempSync, mkdirSync, readdirSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const root = mkdtempSync(path.join(tmpdir(), 'layer-lens-worker-cache-'));
  mkdirSync(path.join(root, 'site', 'lib'), { recursive: true });
  mkdirSync(path.join(root, 'work'));
  writeFileSync(path.join(root, 'site', 'lib', '__init__.py'), 'import torch.nn as nn\n\ndef head(n):\n    return nn.Linear(n, 2)\n');
  writeFileSync(path.join(root, 'work', 'helper.py'), 'WIDTH = 8\n');
  const text = `import sys\nsys.path.append(${JSON.stringify(path.join(root, 'site'))})\nfrom lib import head\nfrom helper import WIDTH\n\nfc = head(WIDTH)\n`;
  const cacheDir = path.join(root, 'cache');
  // The library is a Python environment of its own: outside the workspace, only environments are read.
  process.env.LAYER_LENS_PYTHONPATH = path.join(root, 'site');
  const client = new EngineClient(workerTransport(WORKER, cacheDir), () => ({ timeMs: 60_000, memoryMb: 512 }), () => undefined);
  try {
    const src: EngineSource = { key: 'file:///work/model.py', version: '1', file: path.join(root, 'work', 'model.py'), roots: [path.join(root, 'work')], text: () => text };
    const r = await client.ask(src, { op: 'lines', from: 6, to: 6 }, {});
    assert.ok('value' in r);
    // Written after the engine has been idle a moment: the library's file and torch's preludes, not helper.py from
    // the workspace.
    const want = ['__init__.py.ast', ...preludePaths().map((p) => `${path.basename(p)}.ast`)].sort();
    const stored = () => (readdirSync(root).includes('cache') ? readdirSync(cacheDir).filter((f) => f.endsWith('.ast')) : []);
    for (let i = 0; i < 100 && stored().length < want.length; i++) await new Promise((res) => setTimeout(res, 50));
    assert.deepEqual(stored().map((f) => f.replace(/^[0-9a-f]{40}-/, '')).sort(), want);
  } finally {
    client.dispose();
    delete process.env.LAYER_LENS_PYTHONPATH;
  }
});
