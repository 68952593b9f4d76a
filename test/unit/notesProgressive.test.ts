/**
 * Long notes show before every formula is typeset (issue 20): a render with a math budget leaves later formulas
 * pending, as their escaped source; typeset afterwards and put in their places, the page is the one a full render
 * makes. The queue goes on from the formula the reader is looking at.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { clearFormulaCache, FormulaQueue, renderNotes, typesetFormula } from '../../src/core';
import { ROOT } from './helpers';

const notes = readFileSync(path.join(ROOT, 'samples', 'notes', 'deep-learning-notes.md'), 'utf8');

/** The page with each pending formula's element replaced by its typeset HTML (what the webview does). */
function filledIn(html: string, typeset: Map<number, string>): string {
  return html.replace(/<(span|div) class="math-pending" data-formula="(\d+)">[\s\S]*?<\/\1>/g, (_m, _tag, i: string) => typeset.get(Number(i)) ?? assert.fail(`formula ${i} was never typeset`));
}

test('with no time for math, every formula is pending as its source; typeset and put back, the page is a full render', () => {
  clearFormulaCache();
  const quick = renderNotes(notes, { mathBudgetMs: 0 });
  assert.ok(quick.pending.length > 30, `${quick.pending.length} pending`);
  assert.equal(quick.pending.length, quick.math.inline + quick.math.display);
  assert.ok(!quick.html.includes('class="katex"'), 'nothing typeset yet');
  assert.deepEqual(quick.pending.map((f) => f.index), quick.pending.map((_f, i) => i));
  // A source with markup characters is escaped in its placeholder, never markup.
  const hostile = renderNotes('a $x<y & "z"$ b\n\n$$\n</div><script>alert(1)</script>\n$$\n', { mathBudgetMs: 0 });
  assert.ok(!hostile.html.includes('<script>') && hostile.html.includes('x&lt;y &amp; &quot;z&quot;'));
  const queue = new FormulaQueue(quick.pending);
  const typeset = new Map<number, string>();
  while (queue.left > 0) for (const f of queue.slice(5)) typeset.set(f.index, f.html);
  assert.equal(typeset.size, quick.pending.length);
  assert.equal(filledIn(quick.html, typeset), renderNotes(notes).html);
  // Typeset once, they are cached: the next render (an edit elsewhere) leaves none pending.
  assert.equal(renderNotes(notes, { mathBudgetMs: 0 }).pending.length, 0);
});

test('the queue goes on from the formula in focus, to the end, then from the beginning; each formula once', () => {
  clearFormulaCache();
  const { pending } = renderNotes(notes, { mathBudgetMs: 0 });
  const queue = new FormulaQueue(pending);
  let now = 0;
  // A clock that moves 1 ms a reading: a 3 ms slice typesets three formulas.
  const clock = () => now++;
  assert.deepEqual(queue.slice(3, clock).map((f) => f.index), [0, 1, 2]);
  queue.focusOn(20);
  assert.deepEqual(queue.slice(3, clock).map((f) => f.index), [20, 21, 22]);
  queue.focusOn(pending.length + 5);
  assert.deepEqual(queue.slice(2, clock).map((f) => f.index), [3, 4], 'past the end: from the first not typeset');
  const rest: number[] = [];
  while (queue.left > 0) rest.push(...queue.slice(1000, clock).map((f) => f.index));
  assert.equal(new Set(rest).size, rest.length);
  assert.equal(rest.length + 8, pending.length);
  assert.deepEqual(queue.slice(10, clock), []);
  // A formula KaTeX refuses is typeset as its marked source, as in a full render.
  assert.match(typesetFormula({ index: 0, source: '\\frac{', display: false }).html, /math-error/);
});

test('the view gets style attributes as data-style (its CSP refuses them in markup); messages of typeset math are checked', async () => {
  const { parseFromNotes, parseToNotes, stylesAsData } = await import('../../src/core');
  const html = renderNotes(notes).html;
  assert.ok(html.includes(' style="'), 'KaTeX positions glyphs with style attributes');
  const data = stylesAsData(html);
  assert.ok(!data.includes(' style="'));
  assert.equal(data.replace(/ data-style="/g, ' style="'), html, 'nothing else changed');
  assert.deepEqual(parseFromNotes({ type: 'focus', index: 12 }), { type: 'focus', index: 12 });
  for (const bad of [{ type: 'focus', index: -1 }, { type: 'focus', index: 1.5 }, { type: 'focus', index: '3' }]) assert.equal(parseFromNotes(bad), undefined);
  const math = { type: 'math', renderId: 2, formulas: [{ index: 0, html: '<span class="katex"></span>' }] };
  assert.deepEqual(parseToNotes(math), math);
  for (const bad of [{ ...math, renderId: 'x' }, { ...math, formulas: [{ index: 'a', html: '' }] }, { ...math, formulas: {} }]) assert.equal(parseToNotes(bad), undefined);
  const more = { type: 'more', renderId: 3, html: '<p>rest</p>' };
  assert.deepEqual(parseToNotes(more), more);
  for (const bad of [{ ...more, html: 4 }, { ...more, renderId: null }]) assert.equal(parseToNotes(bad), undefined);
});

test('long notes render as a head and the rest, split between top-level blocks, joined the page a full render makes', () => {
  const long = Array.from({ length: 12 }, (_v, i) => notes.replace(/^(#+ .*)$/gm, `$1 (${i})`)).join('\n\n');
  const full = renderNotes(long).html;
  for (const headChars of [0, 1, 1000, 20_000, 100_000, long.length * 2]) {
    const r = renderNotes(long, { headChars });
    assert.equal(r.html, full, `headChars ${headChars}`);
    if (r.headLength === undefined) {
      assert.ok(headChars >= long.length, 'no block starts that far: no split');
      continue;
    }
    const head = r.html.slice(0, r.headLength);
    const rest = r.html.slice(r.headLength);
    assert.ok(head.length > 0 && rest.length > 0);
    // Between blocks: the head closes every element it opens (counted on the tags the notes make), the rest starts a block.
    for (const tag of ['p', 'ul', 'ol', 'li', 'blockquote', 'table', 'pre', 'section', 'h1', 'h2', 'h3']) {
      const opens = head.match(new RegExp(`<${tag}[ >]`, 'g'))?.length ?? 0;
      const closes = head.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0;
      assert.equal(opens, closes, `<${tag}> at headChars ${headChars}`);
    }
    assert.match(rest, /^</);
    if (headChars >= 20_000) assert.ok(head.length < r.html.length / 2, 'the head is the beginning only');
  }
});
