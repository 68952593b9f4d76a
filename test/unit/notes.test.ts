/**
 * Notes rendering: every formula of the bundled notes renders, raw HTML and links are made safe, images
 * degrade to placeholders, sections find their topics, and double-encoded text is detected and repaired.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run as runCli } from '../../src/cli/main';
import { renderNotes, sanitizeHtml, withLostMarkers } from '../../src/core/notes/render';
import { detectDoubleEncoding, repairDoubleEncoding, CODE_PAGES } from '../../src/core/notes/encoding';
import { NOTES_TOPICS, topicById, topicForCall, topicForName } from '../../src/core/notes/topics';
import { analyzeSource as analyzeText, DATA, diskFs, ROOT } from './helpers';
import { analyzeFile } from '../../src/core';
import { TORCH_LAYERS } from '../../src/core/catalog';
import { KERAS_LAYERS } from '../../src/core/catalog/keras/layers';

const NOTES = readFileSync(path.join(ROOT, 'samples', 'notes', 'deep-learning-notes.md'), 'utf8');
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#36;/g, '$').replace(/&amp;/g, '&');

test("the bundled notes are the user's notes byte for byte (SHA-256 of the file as received)", () => {
  assert.equal(createHash('sha256').update(readFileSync(path.join(ROOT, 'samples', 'notes', 'deep-learning-notes.md'))).digest('hex'), '30d71340f8df9dc8e4cabe9ece7d703eab34f1fabc7128a5a827e533aaea549b');
});

test('every formula in the bundled notes renders as math: none left raw, none in an error box, no TeX lost', () => {
  const r = renderNotes(NOTES);
  // An independent count: `$` signs outside code spans, two per formula.
  const dollars = NOTES.replace(/`[^`\n]*`/g, '').split('$').length - 1;
  assert.equal(dollars % 2, 0);
  assert.equal(r.math.inline + r.math.display, dollars / 2);
  assert.deepEqual(r.math.errors, []);
  assert.equal((r.html.match(/class="katex"/g) ?? []).length, dollars / 2);
  assert.doesNotMatch(r.html.replace(/<code>[\s\S]*?<\/code>/g, ''), /\$/, 'no raw $ math left in the HTML');
  // KaTeX keeps each formula's source in its MathML annotation: every one is there, whole.
  const annotations = [...r.html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g)].map((m) => unescape(m[1]));
  assert.deepEqual(annotations, r.math.sources);
  // The constructs the notes use, including the formulas that span lines or end with a space before `$`.
  for (const construct of ['\\overbrace', '\\underbrace', '\\atop', '\\underset', '\\operatorname', '\\mathbb{1}', '\\begin{array}', '\\right]_{+}']) {
    assert.ok(r.math.sources.some((s) => s.includes(construct)), construct);
  }
  assert.ok(r.math.sources.some((s) => s.includes('\n')), 'a formula spanning lines');
});

test('display math, cases, and a formula KaTeX cannot render: shown as its source in a marked box', () => {
  const r = renderNotes('Display:\n\n$$\nf(x)=\\begin{cases}1 & x>0\\\\0 & \\text{else}\\end{cases}\n$$\n\nBroken $\\frac{1}{$ here and $\\undefinedmacro{x}$.\n\nPrices: $5 and $10 stay text.');
  assert.equal(r.math.display, 1);
  assert.equal(r.math.errors.length, 2);
  assert.match(r.html, /<span class="math-error" title="KaTeX cannot render this: [^"]*"><code>\\undefinedmacro\{x\}<\/code><\/span>/);
  assert.match(r.html, /Prices: &#36;5 and &#36;10 stay text|Prices: \$5 and \$10 stay text/);
});

test('KaTeX runs untrusted: \\href, \\url, \\htmlClass and \\includegraphics make no links, classes or images', () => {
  const r = renderNotes('$\\href{javascript:alert(1)}{x}$ $\\url{https://evil.example}$ $\\htmlClass{evil}{x}$ $\\includegraphics{https://evil.example/a.png}$');
  assert.doesNotMatch(r.html, /<a\b|href=|<img|class="evil"/);
});

test('raw HTML: the notes\' <u> stays; scripts, handlers, iframes and styles become text', () => {
  assert.equal(sanitizeHtml('<u>**x**</u>'), '<u>**x**</u>');
  assert.equal(sanitizeHtml('<script>alert(1)</script>'), '&lt;script&gt;alert(1)&lt;/script&gt;');
  assert.equal(sanitizeHtml('<u onclick="alert(1)">x</u>'), '&lt;u onclick=&quot;alert(1)&quot;&gt;x</u>');
  assert.equal(sanitizeHtml('<!-- hidden --><b>x</b>'), '<b>x</b>');
  const r = renderNotes('<iframe src="https://evil.example"></iframe>\n\n<img src=x onerror=alert(1)>\n\ntext <svg onload=alert(1)> and <style>body{}</style>');
  assert.doesNotMatch(r.html, /<(iframe|img|svg|style)\b/i);
});

test('links: http(s) open externally, anchors jump, anything else keeps its text without a link', () => {
  const r = renderNotes('[web](https://arxiv.org/abs/1807.11164) [jump](#shufflenet) [js](javascript:alert(1)) [file](other.md) [data](data:text/html,<b>x</b>)');
  assert.match(r.html, /<a href="https:\/\/arxiv.org\/abs\/1807.11164" class="external" rel="noopener noreferrer">web<\/a>/);
  assert.match(r.html, /<a href="#shufflenet">jump<\/a>/);
  assert.equal((r.html.match(/href=/g) ?? []).length, 2);
});

test('images: relative ones through the resolver; missing and remote ones as placeholders with path and alt', () => {
  const r = renderNotes('![a figure](Figures/here.png) ![lost](Figures/gone.png) ![web](https://example.com/x.png)', {
    resolveImage: (src) => (src === 'Figures/here.png' ? 'vscode-resource://notes/Figures/here.png' : undefined),
  });
  assert.match(r.html, /<img src="vscode-resource:\/\/notes\/Figures\/here.png" alt="a figure">/);
  assert.match(r.html, /<span class="missing-image" title="This image is not in the notes folder."><span class="missing-image-path">Figures\/gone.png<\/span> <span class="missing-image-alt">lost<\/span><\/span>/);
  assert.deepEqual(r.missingImages, ['Figures/gone.png', 'https://example.com/x.png']);
  // The bundled notes reference 45 figures that are not shipped: each one a placeholder.
  assert.equal(renderNotes(NOTES).missingImages.length, (NOTES.match(/!\[[^\]]*\]\(/g) ?? []).length);
});

test('headings: ids for deep links, a table of contents, and each topic on its section with its links', () => {
  const r = renderNotes(NOTES, { calculatorTitles: { conv: 'Convolution calculator', shuffle: 'ShuffleNet calculator' } });
  assert.equal(r.toc.length, (NOTES.match(/^#{1,6} /gm) ?? []).length);
  const ids = r.toc.map((t) => t.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  assert.ok(ids.includes('training') && ids.includes('training-1'), 'repeated headings get a suffix');
  const byTopic = Object.fromEntries(r.toc.filter((t) => t.topic).map((t) => [t.topic, t.text]));
  for (const topic of NOTES_TOPICS) assert.ok(byTopic[topic.id], `the notes have a section for ${topic.id}`);
  assert.equal(byTopic['senet'], 'Squeeze-and-Excitation Networks');
  assert.equal(byTopic['focal-loss'], 'Hard Negative Mining in SSD & Focal Loss');
  assert.match(r.html, /<h2 id="shufflenet">ShuffleNet<\/h2>\n<p class="ll-links" data-topic="shufflenet">Layer Lens: <a class="ll-calculator" href="#" data-calculator="shuffle">ShuffleNet calculator<\/a> · <a class="external ll-layer"[^>]*>nn.ChannelShuffle<\/a><\/p>/);
  assert.match(renderNotes('# 中文 标题\n').html, /<h1 id="中文-标题">/);
});

test('double encoding: the as-received notes are detected (Windows-1254), repaired, and what was lost is marked', () => {
  const received = readFileSync(path.join(DATA, 'notes', 'deep-learning-notes.as-received.md'), 'utf8');
  const report = detectDoubleEncoding(received);
  assert.equal(report.doubleEncoded, true);
  assert.equal(report.codePage, 'windows-1254');
  const repair = report.repair!;
  // Character by character, the repair is the clean notes, except where a byte was lost for good.
  const got = [...repair.text];
  const want = [...NOTES];
  assert.equal(got.length, want.length);
  let k = 0;
  for (let i = 0; i < got.length; i++) {
    if (got[i] === '\uFFFD') {
      assert.ok(repair.unrecoverable[k].candidates.includes(want[i]), `the true character ${want[i]} is among the candidates at ${i}`);
      k++;
    } else {
      assert.equal(got[i], want[i], `character ${i}`);
    }
  }
  assert.equal(k, repair.unrecoverable.length);
  assert.equal(repair.restored, 2483);
  assert.equal(repair.unrecoverable.length, 680);
  // Rendering the repair marks every lost character.
  const rendered = renderNotes(withLostMarkers(repair.text), { lostCharacters: repair.unrecoverable.map((u) => u.candidates) });
  assert.equal((rendered.html.match(/<mark class="lost"/g) ?? []).length, 680);
  assert.deepEqual(rendered.math.errors, []);
});

test('double encoding: clean text, Latin-1 prose and the wrong code page are not mistaken for it', () => {
  assert.equal(detectDoubleEncoding(NOTES).doubleEncoded, false);
  assert.equal(detectDoubleEncoding('Café, naïve, déjà vu, Ärger über Öl, señor. '.repeat(20)).doubleEncoded, false);
  // A UTF-8 "é" read as Windows-1252: "Ã©". Restored with certainty.
  const mangled = Buffer.from('Réseau à déployer, très léger. ', 'utf8').toString('latin1').repeat(3);
  const r = repairDoubleEncoding(mangled, CODE_PAGES[0]);
  assert.equal(r.text, 'Réseau à déployer, très léger. '.repeat(3));
  assert.equal(r.unrecoverable.length, 0);
});

test('`layer-lens notes render FILE --html OUT`: a standalone page with the same rendering, fonts inlined', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-notes-'));
  const out = path.join(dir, 'notes.html');
  let said = '';
  assert.equal(runCli(['notes', 'render', path.join(ROOT, 'samples', 'notes', 'deep-learning-notes.md'), '--html', out], (s) => (said += s), () => undefined), 0);
  assert.match(said, /40 sections, 35 formulas \(0 not renderable, shown as source\), 45 missing images/);
  const page = readFileSync(out, 'utf8');
  assert.equal((page.match(/class="katex"/g) ?? []).length, 35);
  assert.match(page, /src:url\(data:font\/woff2;base64,/);
  assert.doesNotMatch(page, /url\(fonts\//, 'no font is fetched from beside the page');
  assert.doesNotMatch(page, /<script/i);
  assert.match(page, /<a class="toc-2" href="#shufflenet">ShuffleNet<\/a>/);
  // The as-received notes: reported, and with --repair rendered repaired, with what was lost marked.
  const received = path.join(DATA, 'notes', 'deep-learning-notes.as-received.md');
  let warned = '';
  assert.equal(runCli(['notes', 'render', received, '--html', out], () => undefined, (s) => (warned += s)), 0);
  assert.match(warned, /looks double-encoded \(UTF-8 read as windows-1254\); --repair renders the repaired text/);
  warned = '';
  assert.equal(runCli(['notes', 'render', received, '--html', out, '--repair'], () => undefined, (s) => (warned += s)), 0);
  assert.match(warned, /2483 characters restored, 680 marked as lost/);
  assert.equal((readFileSync(out, 'utf8').match(/<mark class="lost"/g) ?? []).length, 680);
  // Usage errors: exit code 2 with a message.
  let err = '';
  assert.equal(runCli(['notes', 'render', received], () => undefined, (s) => (err += s)), 2);
  assert.match(err, /needs --html OUT/);
  assert.equal(runCli(['notes', 'render', path.join(dir, 'missing.md'), '--html', out], () => undefined, () => undefined), 2);
});

test('topics: each layer call and name links to the section the hover promises', () => {
  const call = (src: string) => analyzeText(`import torch.nn as nn\n${src}\n`).calls[0];
  const topic = (src: string) => topicForCall(call(src), src)?.id;
  assert.equal(topic('dw = nn.Conv2d(144, 144, 3, stride=2, groups=144)'), 'mobilenet');
  assert.equal(topic('g = nn.Conv2d(128, 256, 3, groups=32)'), 'group-convolution');
  assert.equal(topic('c = nn.Conv2d(64, 64, 3)'), 'convolution');
  assert.equal(topic('self.squeeze = nn.Conv2d(96, 16, 1)'), 'squeezenet');
  assert.equal(topic('self.expand3x3 = nn.Conv2d(16, 64, 3, padding=1)'), 'squeezenet');
  assert.equal(topic('self.excitation = nn.Linear(64, 4)'), 'senet');
  assert.equal(topic('s = nn.ChannelShuffle(2)'), 'shufflenet');
  assert.equal(topic('r = nn.GRU(64, 128)'), 'lstm');
  assert.equal(topic('n = nn.GroupNorm(8, 64)'), 'normalization');
  // Each spec says its topic; a Keras depthwise conv's is MobileNet's too.
  const keras = analyzeFile(path.join(ROOT, 'samples', 'keras_cnn.py'), diskFs).calls.find((c) => c.type === 'DepthwiseConv2D')!;
  assert.equal(topicForCall(keras)?.id, 'mobilenet');
  // The notes view lists a section's layers as the catalog links them.
  assert.deepEqual(topicById('lstm')?.layers, ['RNN', 'LSTM', 'GRU', 'RNNCell', 'LSTMCell', 'GRUCell']);
  assert.ok(topicById('mobilenet')?.layers.includes('Conv2d') && topicById('senet')?.layers.includes('Sigmoid'));
  assert.equal(topicForName('TripletMarginLoss')?.id, 'triplet-loss');
  assert.equal(topicForName('RandomIdentitySampler')?.id, 'triplet-loss');
  assert.equal(topicForName('sigmoid_focal_loss')?.id, 'focal-loss');
  assert.equal(topicForName('SqueezeExcitation')?.id, 'senet');
  assert.equal(topicForName('Fire')?.id, 'squeezenet');
  assert.equal(topicForName('Conv2d'), undefined);
});

test('the hostile corpus renders to inert HTML: no script, handler, frame, form, style, remote load or unsafe link', () => {
  const corpus = readFileSync(path.join(ROOT, 'test', 'fixtures', 'hostile', 'hostile-notes.md'), 'utf8');
  const r = renderNotes(corpus, { resolveImage: () => undefined });
  const html = r.html;
  assert.doesNotMatch(html, /<(script|iframe|object|embed|form|input|button|meta|base|link|style|svg|img|details|body)\b/i);
  assert.doesNotMatch(html, /<[^>]*\son[a-z]+\s*=/i, 'no element carries an on* handler');
  assert.doesNotMatch(html, /<[^>]*\sstyle\s*=\s*"[^"]*url\(/i, 'no style attribute loads anything');
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
  assert.ok(hrefs.every((h) => /^(https?:\/\/|#)/i.test(h)), hrefs.join(' '));
  assert.doesNotMatch(html, /href="https:\/\/example\.invalid/, 'KaTeX made no link');
  assert.doesNotMatch(html, /class="[^"]*evil/, 'KaTeX set no class');
  // The formulas KaTeX refuses (untrusted commands, the macro bomb, the giant rule) show as source, not lost.
  assert.ok(r.math.errors.length >= 3, r.math.errors.map((e) => e.message).join('\n'));
  for (const e of r.math.errors) assert.ok(html.includes(e.source.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/\$/g, '&#36;')), e.source);
});

test('every layer spec links to a topic the notes have (one vocabulary), and every layer has words for the hover', () => {
  const ids = new Set(NOTES_TOPICS.map((t) => t.id));
  for (const spec of TORCH_LAYERS.values()) {
    for (const id of [...(typeof spec.notes === 'string' ? [spec.notes] : []), ...(spec.topics ?? [])]) assert.ok(ids.has(id), `${spec.name}: ${id}`);
  }
  for (const spec of KERAS_LAYERS.values()) if (spec.notes) assert.ok(ids.has(spec.notes), `${spec.name}: ${spec.notes}`);
  // Words and formula come from the spec, on the line's own arguments (symbols where they are not known).
  const dw = analyzeText('import torch.nn as nn\nx = nn.Conv2d(144, 144, 3, stride=2, groups=144)  # layer-lens: input 1x144x56x56\n').calls[0];
  assert.equal(dw.description, '3×3 depthwise conv, 144 channels, stride 2');
  assert.equal(dw.notes, 'mobilenet');
  assert.deepEqual(dw.formula?.numbers, '3·3·144·27·27 = 944,784');
  const probed = analyzeText('import torch.nn as nn\ndef block(planes):\n    return nn.Conv2d(planes, planes * 2, 1)\n').calls[0];
  assert.equal(probed.description, '1×1 pointwise conv, planes → 2·planes channels');
});
