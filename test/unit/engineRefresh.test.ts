/**
 * A CodeLens refresh after a keystroke, the engine's side (issue 20): the edit reaches the worker instead of the
 * whole document, the region it changed is found without comparing the whole text, and the lines come with what
 * the lenses show of the models at hand, so that VS Code need not resolve them in a second round trip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, type TextEdit } from '../../src/core/python/textEdits';
import { diffRange } from '../../src/core/python/reparse';
import { Engine, type EngineAnswers, type FromEngine, type ModelResult, type ToEngine } from '../../src/core';
import { EngineClient, type EngineSource, type Outcome, type TransportFactory } from '../../src/extension/engineClient';
import { generatedModel } from '../bench/generated';
import { rng } from './helpers';

/** Random edits of a text made in order, each within the text the ones before it left. */
function randomEdits(text: string, next: () => number): TextEdit[] {
  const edits: TextEdit[] = [];
  let length = text.length;
  for (let k = Math.floor(next() * 4) + 1; k > 0; k--) {
    const at = Math.floor(next() * (length + 1));
    const remove = Math.floor(next() * Math.min(40, length - at + 1));
    const insert = ['', 'a', '1', 'ab\n', '\r\n', 'é', '😀'][Math.floor(next() * 7)].repeat(Math.floor(next() * 3));
    edits.push({ at, remove, insert });
    length += insert.length - remove;
  }
  return edits;
}

test('edits apply in order; what they leave untouched at the start and end is equal, and diffRange from it finds what a whole comparison finds', () => {
  const next = rng(11);
  const base = 'ab\ncd\n'.repeat(400);
  for (let i = 0; i < 3000; i++) {
    const edits = randomEdits(base, next);
    let slow = base;
    for (const e of edits) slow = slow.slice(0, e.at) + e.insert + slow.slice(e.at + e.remove);
    const r = applyEdits(base, edits);
    assert.ok(r, `case ${i}`);
    assert.equal(r.text, slow, `case ${i}`);
    assert.equal(r.text.slice(0, r.head), base.slice(0, r.head), `case ${i}: head`);
    assert.equal(r.text.slice(r.text.length - r.tail), base.slice(base.length - r.tail), `case ${i}: tail`);
    assert.deepEqual(diffRange(base, r.text, r), diffRange(base, r.text), `case ${i}: diffRange`);
  }
});

test('an edit that does not fit the text it applies to gives nothing, never a text', () => {
  const bad: TextEdit[][] = [
    [{ at: 5, remove: 0, insert: 'x' }],
    [{ at: 0, remove: 6, insert: '' }],
    [{ at: -1, remove: 0, insert: 'x' }],
    [{ at: 1.5, remove: 0, insert: 'x' }],
    [{ at: 0, remove: -1, insert: 'x' }],
    [{ at: 0, remove: 0, insert: 'xx' }, { at: 7, remove: 1, insert: '' }],
    [{ at: 0, remove: 0, insert: 7 as unknown as string }],
  ];
  for (const edits of bad) assert.equal(applyEdits('abcd', edits), undefined, JSON.stringify(edits));
});

test('the engine takes a version as edits of the one it holds: the same answers as the whole text; edits from another version, or of the wrong length, are stale', () => {
  const out: FromEngine[] = [];
  const engine = new Engine({ read: () => undefined, exists: () => false }, (m) => out.push(m), (run) => run());
  const doc = { key: 'file:///w/net.py', file: '/w/net.py', roots: ['/w'] };
  const text = generatedModel(60);
  const lines = { op: 'lines', from: 1, to: 2000 } as const;
  const answer = (id: number) => {
    const m = out.find((x) => x.type !== 'working' && x.id === id);
    assert.ok(m, `no answer to ${id}`);
    return m;
  };
  engine.receive({ type: 'ask', id: 1, doc: { ...doc, version: '1', text }, query: lines, settings: {} });
  // A layer call's channels changed, a line added above it, and the first line changed: three edits in one version.
  const at = text.indexOf('planes * 2, kernel_size', text.length / 2) + 'planes * 2'.length;
  const edits: TextEdit[] = [{ at, remove: 0, insert: '1' }, { at: text.lastIndexOf('\n', at) + 1, remove: 0, insert: '    # edited\n' }, { at: 0, remove: 0, insert: '# top\n' }];
  const edited = applyEdits(text, edits)!.text;
  engine.receive({ type: 'ask', id: 2, doc: { ...doc, version: '2', edits: { since: '1', changes: edits, length: edited.length } }, query: lines, settings: {} });
  const viaEdits = answer(2);
  // The same version's whole text, in an engine that never saw the first.
  const fresh: FromEngine[] = [];
  new Engine({ read: () => undefined, exists: () => false }, (m) => fresh.push(m), (run) => run())
    .receive({ type: 'ask', id: 2, doc: { ...doc, version: '2', text: edited }, query: lines, settings: {} });
  assert.equal(viaEdits.type, 'answer');
  assert.deepEqual(viaEdits, fresh.find((m) => m.type !== 'working'));
  // …and the edit counted: a conv of 21 × 64 output channels now (the first version's answer was otherwise).
  const calls = (viaEdits as { value: EngineAnswers['lines'] }).value.calls;
  assert.ok(calls.some((c) => c.outputShape?.[1] === 64 * 21), 'the edited call is among the lines');
  assert.notDeepEqual({ ...answer(1), id: 2 }, viaEdits);
  // Edits from a version the engine does not hold, or giving another length: stale (the host then sends the text).
  engine.receive({ type: 'ask', id: 3, doc: { ...doc, version: '4', edits: { since: '3', changes: [], length: edited.length } }, query: lines, settings: {} });
  engine.receive({ type: 'ask', id: 4, doc: { ...doc, version: '4', edits: { since: '2', changes: [{ at: 0, remove: 0, insert: 'x' }], length: edited.length } }, query: lines, settings: {} });
  engine.receive({ type: 'ask', id: 5, doc: { ...doc, version: '4', edits: { since: '2', changes: [{ at: edited.length + 1, remove: 0, insert: 'x' }], length: edited.length + 1 } }, query: lines, settings: {} });
  assert.deepEqual([answer(3), answer(4), answer(5)], [{ type: 'stale', id: 3 }, { type: 'stale', id: 4 }, { type: 'stale', id: 5 }]);
  // The version held is still the edited one.
  engine.receive({ type: 'ask', id: 6, doc: { ...doc, version: '2' }, query: lines, settings: {} });
  assert.deepEqual({ ...answer(6), id: 2 }, viaEdits);
});

test('the host\'s client sends the edits since the version the worker holds, and the whole text when it holds another', async () => {
  const sent: ToEngine[] = [];
  // The worker's engine on this thread, as the bench's in-process transport runs it; a test hook can make it forget.
  let engine!: Engine;
  const transport: TransportFactory = (_limits, events) => {
    engine = new Engine({ read: () => undefined, exists: () => false }, (m) => setImmediate(() => events.message(m)), (run) => setImmediate(run));
    return { post: (m) => (sent.push(structuredClone(m)), setImmediate(() => engine.receive(m))), terminate: () => undefined };
  };
  const client = new EngineClient(transport, () => ({ timeMs: 60_000, memoryMb: 512 }), () => undefined);
  const v1 = 'import torch.nn as nn\nlayer = nn.Linear(8, 2)\n';
  const change: TextEdit = { at: v1.indexOf('8'), remove: 1, insert: '16' };
  const v2 = applyEdits(v1, [change])!.text;
  const log = new Map([['1', { changes: [change], length: v2.length }]]);
  const src = (version: string, text: string): EngineSource => ({ key: 'k', version, file: '/w/k.py', roots: [], text: () => text, editsSince: (since) => (version === '2' ? log.get(since) : undefined) });
  const params = (o: Outcome<EngineAnswers['lines']>) => ('value' in o ? o.value.calls[0]?.params : JSON.stringify(o));
  try {
    assert.equal(params(await client.ask(src('1', v1), { op: 'lines', from: 2, to: 2 }, {})), 18);
    assert.equal(params(await client.ask(src('2', v2), { op: 'lines', from: 2, to: 2 }, {})), 34);
    const docs = sent.map((m) => (m.type === 'ask' ? m.doc : undefined));
    assert.deepEqual(docs.map((d) => [d?.version, d?.text !== undefined, d?.edits?.since]), [['1', true, undefined], ['2', false, '1']]);
    // The worker lost the version (a new engine, as after a restart the client did not see): stale, then the text.
    engine.receive({ type: 'close', key: 'k' });
    sent.length = 0;
    const v3 = v2.replace('2)', '4)');
    log.set('2', { changes: [{ at: v2.indexOf('2)'), remove: 1, insert: '4' }], length: v3.length });
    const three = (): EngineSource => ({ ...src('3', v3), editsSince: (since) => log.get(since) });
    assert.equal(params(await client.ask(three(), { op: 'lines', from: 2, to: 2 }, {})), 68);
    assert.deepEqual(sent.map((m) => (m.type === 'ask' ? [m.doc.version, m.doc.text !== undefined, m.doc.edits?.since] : m.type)), [['3', false, '2'], ['3', true, undefined]]);
  } finally {
    client.dispose();
  }
});

test('lines come with what the lenses show of the models the version has at hand: evaluated, or carried over an edit; not one that needs evaluating', () => {
  const out: FromEngine[] = [];
  const engine = new Engine({ read: () => undefined, exists: () => false }, (m) => out.push(m), (run) => run());
  const doc = { key: 'file:///w/net.py', file: '/w/net.py', roots: ['/w'] };
  const text = generatedModel(60);
  const models = ['Block0', 'Block1', 'Block3'];
  const atHand = (id: number) => {
    const m = out.find((x) => x.type === 'answer' && x.id === id);
    assert.ok(m && m.type === 'answer');
    return ((m.value as EngineAnswers['lines']).atHand ?? []).map(([d, s]) => `${d}: ${s?.totals.params}`);
  };
  engine.receive({ type: 'ask', id: 1, doc: { ...doc, version: '1', text }, query: { op: 'lines', from: 1, to: 60, models }, settings: {} });
  assert.deepEqual(atHand(1), []);
  engine.receive({ type: 'ask', id: 2, doc: { ...doc, version: '1' }, query: { op: 'model', definition: 'Block0' }, settings: {} });
  const block0 = out.find((x) => x.type === 'answer' && x.id === 2);
  assert.ok(block0 && block0.type === 'answer');
  const full = block0.value as ModelResult;
  engine.receive({ type: 'ask', id: 3, doc: { ...doc, version: '1' }, query: { op: 'lines', from: 1, to: 59, models }, settings: {} });
  assert.deepEqual(atHand(3), [`Block0: ${full.totals.params}`]);
  // The summary is the model's, without its layers.
  const summary = (out.find((x) => x.type === 'answer' && x.id === 3) as { value: EngineAnswers['lines'] }).value.atHand![0][1]!;
  assert.deepEqual(summary, { name: full.name, framework: full.framework, complete: full.complete, totals: full.totals, input: full.input, inputSource: full.inputSource });
  // An edit inside Block3: Block0's model carries over; Block3's would have to be evaluated.
  const at = text.indexOf('def forward', text.indexOf('class Block3('));
  const edits: TextEdit[] = [{ at, remove: 0, insert: '# a comment\n    ' }];
  engine.receive({ type: 'ask', id: 4, doc: { ...doc, version: '2', edits: { since: '1', changes: edits, length: text.length + edits[0].insert.length } }, query: { op: 'lines', from: 1, to: 60, models }, settings: {} });
  assert.deepEqual(atHand(4), [`Block0: ${full.totals.params}`]);
});
