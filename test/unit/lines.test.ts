/** LineIndex.edited: an edit's index, made from the last one and the changed text, equals the index built afresh. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../src/core/python/lines';
import { diffRange } from '../../src/core/python/reparse';

test('the index after an edit is the index of the new text, for edits anywhere, with and without newlines', () => {
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const pieces = ['', 'a', '\n', 'ab\ncd', '\n\n', 'x = 1\n', '\r\n', 'def f():\n    pass\n'];
  let text = 'import torch\n\nclass A:\n    pass\n';
  let index = new LineIndex(text);
  for (let k = 0; k < 2000; k++) {
    const from = random(text.length + 1);
    const to = Math.min(text.length, from + random(6));
    const next = text.slice(0, from) + pieces[random(pieces.length)] + text.slice(to);
    const edited = LineIndex.edited(index, next, diffRange(text, next));
    const fresh = new LineIndex(next);
    assert.equal(edited.lineCount, fresh.lineCount, `edit ${k}`);
    for (let line = 1; line <= fresh.lineCount; line++) assert.equal(edited.lineStart(line), fresh.lineStart(line), `edit ${k}, line ${line}`);
    // A change given wider than the minimal one (the whole text) gives the same index too.
    assert.equal(LineIndex.edited(index, next, { fromA: 0, toA: text.length, fromB: 0, toB: next.length }).lineCount, fresh.lineCount);
    text = next;
    index = edited;
  }
});
