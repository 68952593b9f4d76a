/**
 * Markdown notes → safe HTML with math: markdown-it, markdown-it-texmath and KaTeX. The same rendering
 * serves the notes webview and `layer-lens notes render`. Raw HTML in notes is reduced to a few
 * attribute-free tags, links to http(s) and in-page anchors, images to what the caller can resolve; a
 * formula KaTeX cannot render is shown as its source in a marked box, never dropped.
 */
import MarkdownIt from 'markdown-it';
import type { Options, Token } from 'markdown-it';
import type Renderer from 'markdown-it/lib/renderer.mjs';
import katex from 'katex';
import texmath from 'markdown-it-texmath';
import { NOTES_TOPICS, type NotesTopic } from './topics';

export interface TocEntry {
  level: number;
  text: string;
  id: string;
  /** The topic whose section this is, if any. */
  topic?: string;
}

export interface MathStats {
  inline: number;
  display: number;
  /** Formulas KaTeX could not render: shown as source in a marked box. */
  errors: { source: string; message: string }[];
  /** Every formula's TeX source, in order (tests check that none is lost). */
  sources: string[];
}

export interface RenderOptions {
  /** A relative image path → the URL to load it from, or undefined when the file does not exist. */
  resolveImage?: (src: string) => string | undefined;
  /** Calculator ids → their titles: sections list links to them (omit in exports, where nothing runs). */
  calculatorTitles?: Record<string, string>;
  /** Candidates for each character a repair could not recover (see encoding.ts), by order of appearance. */
  lostCharacters?: string[][];
  /**
   * Typeset formulas until the render has run this long, and leave the later ones pending: shown as their source
   * in a `math-pending` element, typeset afterwards in slices (typesetFormula, ./mathQueue.ts) so that long notes
   * show at once. Formulas typeset before (the cache) are never pending. Unset: every formula is typeset now.
   */
  mathBudgetMs?: number;
  /**
   * Render the notes as a head and the rest (`headLength`): the head ends at the first top-level block that starts
   * past this many characters of source, so that a long page can be shown before all of it has been sent.
   */
  headChars?: number;
}

/** A formula left for later: its place in the notes (its element's `data-formula`), source and mode. */
export interface PendingFormula {
  index: number;
  source: string;
  display: boolean;
}

export interface RenderedNotes {
  html: string;
  toc: TocEntry[];
  math: MathStats;
  /** Relative images that do not exist, and remote ones, shown as placeholders. */
  missingImages: string[];
  /** Formulas not typeset yet (see mathBudgetMs), in the order they appear. */
  pending: PendingFormula[];
  /** With headChars: where the head ends in `html` (a boundary between top-level blocks); the rest follows it. */
  headLength?: number;
}

/** Formulas longer than this are not given to KaTeX (a pathological input could take seconds). */
const MAX_FORMULA = 20_000;

/** First code point of the range that stands for unrecoverable characters while rendering (Plane 15 PUA). */
export const LOST_BASE = 0xf0000;

/** Tags a note may use in raw HTML; always without attributes. */
const ALLOWED_TAGS = new Set(['u', 'b', 'i', 'em', 'strong', 'sub', 'sup', 'br', 'kbd', 'mark', 's', 'del', 'ins', 'small', 'code', 'hr', 'p', 'blockquote']);

/** What the math engine wrapper counts during one (synchronous) render. */
let stats: MathStats | undefined;
/** During a render with a math budget: when formulas start to be left pending, and those left so far. */
let deferral: { until: number; pending: PendingFormula[] } | undefined;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The engine texmath calls. texmath pastes our HTML into its template with String.replace, where `$&` and
 * `$'` would be replacement patterns: every `$` leaves here as an entity.
 */
const engine = {
  renderToString(tex: string, options: { displayMode?: boolean }): string {
    const source = tex.trim();
    const display = !!options.displayMode;
    stats?.sources.push(source);
    if (stats) display ? stats.display++ : stats.inline++;
    if (deferral && !formulaCache.has(cacheKey(source, display)) && Date.now() >= deferral.until) {
      const index = deferral.pending.length;
      deferral.pending.push({ index, source, display });
      const tag = display ? 'div' : 'span';
      return `<${tag} class="math-pending" data-formula="${index}"><code>${escapeHtml(source)}</code></${tag}>`.replace(/\$/g, '&#36;');
    }
    const hit = typesetCached(source, display);
    if (hit.error) stats?.errors.push({ source, message: hit.error });
    return hit.html;
  },
};

const cacheKey = (source: string, display: boolean) => `${display ? 'D' : 'I'}${source}`;

/** A formula's HTML (KaTeX's, or its source in a marked box), from the cache when it was typeset before. */
function typesetCached(source: string, display: boolean): { html: string; error?: string } {
  const key = cacheKey(source, display);
  let hit = formulaCache.get(key);
  if (hit) {
    // Most recently used last: delete and set again.
    formulaCache.delete(key);
  } else {
    hit = typeset(source, display);
    if (formulaCache.size >= FORMULA_CACHE) formulaCache.delete(formulaCache.keys().next().value!);
  }
  formulaCache.set(key, hit);
  return hit;
}

/**
 * The HTML with each style attribute (KaTeX's glyph positions, table alignment) as `data-style`, for the notes
 * view: its CSP refuses style attributes in markup, and Chromium reports every refusal as a violation event and a
 * console error (one per attribute: thousands for long notes). The view applies them through the CSSOM, which the
 * CSP allows. Text never holds `style="`: markdown-it and KaTeX escape every quote in it.
 */
export function stylesAsData(html: string): string {
  return html.replace(/ style="/g, ' data-style="');
}

/** A pending formula typeset: the HTML that takes the place of its `math-pending` element. */
export function typesetFormula(f: PendingFormula): { html: string; error?: string } {
  return typesetCached(f.source, f.display);
}

/** Typeset formulas by source: a notes file re-rendered after an edit typesets only what changed. */
const formulaCache = new Map<string, { html: string; error?: string }>();
const FORMULA_CACHE = 5000;

/** Forget typeset formulas (the bench times typesetting itself). */
export function clearFormulaCache(): void {
  formulaCache.clear();
}

function typeset(source: string, display: boolean): { html: string; error?: string } {
  try {
    if (source.length > MAX_FORMULA) throw new Error(`the formula is ${source.length} characters long; Layer Lens renders up to ${MAX_FORMULA}`);
    const html = katex.renderToString(source.replace(/[\u{f0000}-\u{ffffd}]/gu, '?'), {
      displayMode: display, throwOnError: true, output: 'htmlAndMathml', trust: false, strict: 'ignore', maxSize: 50, maxExpand: 500,
    });
    return { html: html.replace(/\$/g, '&#36;') };
  } catch (e) {
    const message = String((e as Error).message ?? e).replace(/^KaTeX parse error: /, '');
    const tag = display ? 'div' : 'span';
    const html = `<${tag} class="math-error" title="${escapeHtml(`KaTeX cannot render this: ${message}`)}"><code>${escapeHtml(source)}</code></${tag}>`;
    return { html: html.replace(/\$/g, '&#36;'), error: message };
  }
}

/**
 * These notes write inline math that texmath's `dollars` rule refuses: formulas spanning lines, and a
 * space before the closing `$`. This rule set is texmath's with an inline rule that accepts both (still
 * not after a digit or backslash, nor before a digit, so `$5 and $10` stays text).
 */
function notesDelimiters(): string {
  const rules = (texmath as unknown as { rules: Record<string, { inline: { name: string; rex: RegExp }[]; block: unknown[] }> }).rules;
  if (!rules.layerLens) {
    const dollars = rules.dollars;
    rules.layerLens = {
      inline: dollars.inline.map((r) => (r.name === 'math_inline' ? { ...r, rex: /\$((?:[^\s\\$])|(?:[^\s$][^$]*?[^\\$]))\$/gy } : r)),
      block: dollars.block,
    };
  }
  return 'layerLens';
}

let shared: MarkdownIt | undefined;

function markdown(): MarkdownIt {
  if (shared) return shared;
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  md.use(texmath, { engine, delimiters: notesDelimiters() });
  const rules = md.renderer.rules;
  // texmath puts an equation number into its template with String.replace, where `$&`, `$'` or `$1` in the number
  // would be read as replacement patterns: its dollars go in as a private-use character and come out as &#36;.
  const eqno = rules.math_block_eqno;
  if (eqno) {
    rules.math_block_eqno = (tokens, idx, options, env, self) => {
      const t = tokens[idx];
      const info = t.info;
      t.info = info.replace(/\$/g, '\uF8FF');
      try {
        return eqno(tokens, idx, options, env, self).replace(/\uF8FF/g, '&#36;');
      } finally {
        t.info = info;
      }
    };
  }
  rules.html_inline = (tokens, idx) => sanitizeHtml(tokens[idx].content);
  rules.html_block = (tokens, idx) => sanitizeHtml(tokens[idx].content);
  rules.heading_open = (tokens, idx, _o, env: Env) => {
    const id = env.headingIds.shift() ?? '';
    return `<${tokens[idx].tag} id="${escapeHtml(id)}">`;
  };
  rules.heading_close = (tokens, idx, _o, env: Env) => {
    const links = env.sectionLinks.shift();
    return `</${tokens[idx].tag}>\n${links ?? ''}`;
  };
  rules.link_open = (tokens, idx, options, _env, self) => linkOpen(tokens[idx], options, self);
  rules.image = (tokens, idx, _o, env: Env) => image(tokens[idx], env);
  const text = rules.text!;
  rules.text = (tokens, idx, options, env: Env, self) => markLost(text(tokens, idx, options, env, self), env);
  const codeInline = rules.code_inline!;
  rules.code_inline = (tokens, idx, options, env: Env, self) => markLost(codeInline(tokens, idx, options, env, self), env);
  const fence = rules.fence!;
  rules.fence = (tokens, idx, options, env: Env, self) => markLost(fence(tokens, idx, options, env, self), env);
  const codeBlock = rules.code_block!;
  rules.code_block = (tokens, idx, options, env: Env, self) => markLost(codeBlock(tokens, idx, options, env, self), env);
  shared = md;
  return md;
}

interface Env {
  options: RenderOptions;
  headingIds: string[];
  sectionLinks: (string | undefined)[];
  missingImages: string[];
}

/** Raw HTML: keep attribute-free allowed tags, drop comments, show anything else as text. */
export function sanitizeHtml(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .replace(/<[^>]*>?/g, (tag) => {
      const m = /^<\s*(\/?)\s*([a-zA-Z][a-zA-Z0-9]*)\s*(\/?)\s*>$/.exec(tag);
      return m && ALLOWED_TAGS.has(m[2].toLowerCase()) ? `<${m[1]}${m[2].toLowerCase()}${m[3] ? ' /' : ''}>` : escapeHtml(tag);
    });
}

function linkOpen(token: Token, options: Options, self: Renderer): string {
  const href = token.attrGet('href') ?? '';
  if (/^https?:\/\//i.test(href)) {
    token.attrSet('class', 'external');
    token.attrSet('rel', 'noopener noreferrer');
    return self.renderToken([token], 0, options);
  }
  if (/^#[^\s"'<>]*$/.test(href)) return self.renderToken([token], 0, options);
  // Anything else (relative files, mailto:, javascript:…): the text stays, the link goes.
  return `<a class="dead-link" title="${escapeHtml(`not a link here: ${href}`)}">`;
}

function image(token: Token, env: Env): string {
  const src = token.attrGet('src') ?? '';
  const alt = token.children?.map((c) => c.content).join('') ?? token.content;
  const placeholder = (why: string) => {
    env.missingImages.push(src);
    return `<span class="missing-image" title="${escapeHtml(why)}"><span class="missing-image-path">${escapeHtml(src)}</span>${alt ? ` <span class="missing-image-alt">${escapeHtml(alt)}</span>` : ''}</span>`;
  };
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) return placeholder('Images from the web are not loaded in the notes view.');
  const url = env.options.resolveImage?.(src);
  if (!url) return placeholder('This image is not in the notes folder.');
  return `<img src="${escapeHtml(url)}" alt="${escapeHtml(alt)}">`;
}

function markLost(html: string, env: Env): string {
  if (!env.options.lostCharacters) return html;
  return html.replace(/[\u{f0000}-\u{ffffd}]/gu, (ch) => {
    const candidates = env.options.lostCharacters![ch.codePointAt(0)! - LOST_BASE] ?? [];
    const title = `A byte of this character was lost; it was one of: ${candidates.join(' ')}`;
    return `<mark class="lost" title="${escapeHtml(title)}">?</mark>`;
  });
}

/** GitHub-style heading ids: lower case, letters (any script), digits, `-` and `_`; repeats get `-1`, `-2`. */
export function slugger(): (text: string) => string {
  const seen = new Map<string, number>();
  return (text) => {
    const base = text.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-') || 'section';
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  };
}

/** Plain text of an inline token (what a heading says, without markup). */
function plainText(token: Token): string {
  return (token.children ?? []).filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('') || token.content;
}

export function renderNotes(source: string, options: RenderOptions = {}): RenderedNotes {
  const md = markdown();
  const env: Env = { options, headingIds: [], sectionLinks: [], missingImages: [] };
  const tokens = md.parse(source, env);
  const slug = slugger();
  const toc: TocEntry[] = [];
  const claimed = new Set<string>();
  tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const text = plainText(tokens[i + 1]);
    const id = slug(text);
    const level = Number(t.tag.slice(1));
    const topic = NOTES_TOPICS.find((tp) => !claimed.has(tp.id) && tp.heading.test(text.trim()));
    if (topic) claimed.add(topic.id);
    toc.push({ level, text, id, topic: topic?.id });
    env.headingIds.push(id);
    env.sectionLinks.push(topic ? sectionLinks(topic, options) : undefined);
  });
  stats = { inline: 0, display: 0, errors: [], sources: [] };
  deferral = options.mathBudgetMs === undefined ? undefined : { until: Date.now() + options.mathBudgetMs, pending: [] };
  try {
    const cut = options.headChars === undefined ? -1 : headEnd(tokens, lineOf(source, options.headChars));
    const head = cut < 0 ? '' : md.renderer.render(tokens.slice(0, cut), md.options, env);
    const html = head + md.renderer.render(cut < 0 ? tokens : tokens.slice(cut), md.options, env);
    return { html, toc, math: stats, missingImages: env.missingImages, pending: deferral?.pending ?? [], ...(cut < 0 ? {} : { headLength: head.length }) };
  } finally {
    stats = undefined;
    deferral = undefined;
  }
}

/** The 0-based line of the source that holds character `chars` (the last line when the source is shorter). */
function lineOf(source: string, chars: number): number {
  let line = 0;
  for (let i = source.indexOf('\n'); i >= 0 && i < chars; i = source.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The index of the first top-level token that starts a block on or after `line`: every block before it is closed,
 * so the tokens before and after render to two pieces of HTML that join into the whole. -1 when there is none.
 */
function headEnd(tokens: Token[], line: number): number {
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.level === 0 && t.nesting >= 0 && t.map && t.map[0] >= line) return i;
  }
  return -1;
}

/** A section's Layer Lens links: its calculators (run in the editor) and its layers' PyTorch pages. */
function sectionLinks(topic: NotesTopic, options: RenderOptions): string | undefined {
  const parts: string[] = [];
  for (const id of options.calculatorTitles ? topic.calculators : []) {
    const title = options.calculatorTitles![id];
    if (title) parts.push(`<a class="ll-calculator" href="#" data-calculator="${escapeHtml(id)}">${escapeHtml(title)}</a>`);
  }
  for (const layer of topic.layers) {
    parts.push(`<a class="external ll-layer" rel="noopener noreferrer" href="https://pytorch.org/docs/stable/generated/torch.nn.${encodeURIComponent(layer)}.html">nn.${escapeHtml(layer)}</a>`);
  }
  return parts.length ? `<p class="ll-links" data-topic="${escapeHtml(topic.id)}">Layer Lens: ${parts.join(' · ')}</p>\n` : undefined;
}

/** Text with each U+FFFD (an unrecoverable character) replaced by its own marker code point, for rendering. */
export function withLostMarkers(text: string): string {
  let n = 0;
  return text.replace(/\uFFFD/g, () => String.fromCodePoint(LOST_BASE + Math.min(n++, 0xfffd)));
}
