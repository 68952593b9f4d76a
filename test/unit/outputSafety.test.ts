/**
 * Text from the code going out (issue 18): into markdown meant for PR comments, onto terminals, into spreadsheets
 * and into the notes' links. Nothing from a file may become markup, a link, an image, a control sequence or a
 * formula, and a malformed link never stops the notes rendering.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLayers, imagePath, markdownCode, markdownText, terminalText, type ViewMessage } from '../../src/core';

test('markdown: a code span holds any text, backticks and pipes included; plain text is escaped', () => {
  assert.equal(markdownCode('layer1.conv'), '`layer1.conv`');
  // A backtick in a module name cannot close the span: the fence is longer than any run inside.
  assert.equal(markdownCode('a`![x](https://evil/i.png)`b'), '``a`![x](https://evil/i.png)`b``');
  assert.equal(markdownCode('``x``'), '``` ``x`` ```');
  assert.equal(markdownCode('a|b\nc'), '`a\\|b c`');
  assert.equal(markdownText('see [here](https://evil) <img src=x>'), 'see \\[here\\]\\(https\u2060\\://evil\\) \\<img src=x\\>');
  // What a PR comment acts on after markdown: mentions, issue references, bare links. Each keeps a word joiner
  // (invisible) that GitHub's patterns do not cross; the text reads the same.
  const said = markdownText('cc @octocat @org/team, fixes #123, see https://evil.example and www.evil.example');
  assert.doesNotMatch(said, /@[A-Za-z]/);
  assert.doesNotMatch(said, /#\d/);
  assert.doesNotMatch(said, /https?:\/\/|https\\:/);
  assert.doesNotMatch(said, /www\\?\./);
  assert.equal(said.replace(/\u2060/g, '').replace(/\\(.)/g, '$1'), 'cc @octocat @org/team, fixes #123, see https://evil.example and www.evil.example');
});

test('terminal: escape sequences, carriage returns and bidi overrides from module names are dropped', () => {
  assert.equal(terminalText('conv\u001b[31mRED\u001b[0m\rX\u202Eevil\u0007'), 'conv[31mRED[0mXevil');
  assert.equal(terminalText('a\tb\nc'), 'a\tb\nc');
});

test('copy as CSV and Markdown: a name a spreadsheet would run as a formula stays text; names are code spans', () => {
  const m = {
    type: 'view', title: 'M()', totals: {}, layers: [{ name: '=HYPERLINK("http://evil")', type: '@SUM', params: 3, multAdds: 4, flops: 8, memoryAccessCost: 5, output: '1×8' }],
  } as unknown as ViewMessage;
  assert.equal(formatLayers(m, 'csv').split('\n')[1], `"'=HYPERLINK(""http://evil"")","'@SUM","3","4","8","5","1×8"`);
  assert.match(formatLayers(m, 'markdown').split('\n')[2], /^\| `=HYPERLINK\("http:\/\/evil"\)` \| `@SUM` \| 3 \| 4 \| 8 \| 5 \| `1×8` \|$/);
});

test("notes: an image or anchor with malformed percent-encoding (`%FF`) is skipped, not thrown", () => {
  assert.equal(imagePath('figures/a%20b.png?v=2#x'), 'figures/a b.png');
  assert.equal(imagePath('%FF.png'), undefined);
});

test("notes: an equation number's dollars are text, not String.replace patterns", async () => {
  const { renderNotes } = await import('../../src/core');
  for (const [n, shown] of [['$&', '&#36;&amp;'], ['$1', '&#36;1'], ["$'", '&#36;&#039;'], ['$`', '&#36;`']]) {
    const html = renderNotes(`$$x^2$$ (${n})\n`).html;
    assert.ok(html.includes(`<span>(${shown})</span>`), `${n}: ${html.slice(-200)}`);
    assert.equal((html.match(/class="katex"/g) ?? []).length, 1, n);
  }
});
