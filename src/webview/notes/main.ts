/**
 * The notes webview's browser side: shows the HTML the extension rendered, with a table of contents,
 * full-text search with highlights, deep links, and its scroll position kept in the webview state (so it
 * survives a window reload). It renders nothing itself and runs no content: the page's CSP allows only
 * this script.
 */
import { type FromNotes, type NotesMath, type NotesMore, type NotesView, parseToNotes } from '../../core/protocol/notes';
import { button, el, textField } from '../ui/toolkit';

interface State {
  file?: string;
  scrollTop?: number;
}

declare function acquireVsCodeApi(): { postMessage(m: FromNotes): void; getState(): State | undefined; setState(s: State): void };
const vscode = acquireVsCodeApi();

const header = el('header');
const toc = el('nav', undefined, 'toc');
const article = el('article', undefined, 'notes');
const main = el('main');
main.append(article);
document.getElementById('root')!.append(header, el('div', undefined, 'body'));
document.querySelector('#root .body')!.append(toc, main);

let current: NotesView | undefined;
let hits: HTMLElement[] = [];
let hitIndex = -1;
/**
 * HTML past this length makes a long page, whose blocks are laid out only near the view: laid out whole, the HTML of
 * 1 M characters of notes (3.4 MB) took 2.3 s to show in Chromium, and every slice of typeset formulas 0.25 s more
 * (each moved everything below it); with the blocks off screen skipped, 0.44 s and 0.03 s. The bundled notes make 0.25 MB.
 */
const LONG_HTML = 500_000;

/** Formulas shown as their source until the extension sends them typeset (NotesMath), in document order. */
let pending: HTMLElement[] = [];
/** A long page's head is shown and its rest is on its way (NotesMore): where to go once it is all there. */
let awaiting: { reveal?: string; scrollTop?: number } | undefined;

function render(view: NotesView): void {
  const sameFile = current?.file === view.file;
  const scrollTop = sameFile ? main.scrollTop : vscode.getState()?.file === view.file ? vscode.getState()?.scrollTop : 0;
  current = view;
  const s = view.strings;
  // In a narrow view the contents are a list that the ☰ button opens over the notes.
  const contents = button(`☰ ${s.contents}`, () => document.body.classList.toggle('toc-open'));
  contents.classList.add('toc-toggle');
  header.replaceChildren(contents, el('h1', view.title, 'title'));
  const search = textField(s.search, '', () => undefined, 24);
  search.setAttribute('placeholder', s.searchPlaceholder);
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => find(search.value), 120);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') step(e.shiftKey ? -1 : 1);
  });
  const count = el('span', '', 'search-count');
  header.append(search, button('↑', () => step(-1)), button('↓', () => step(1)), count);
  if (view.banner) {
    const banner = el('div', view.banner.text, 'banner');
    const action = view.banner.action;
    if (action) banner.append(button(action.label, () => vscode.postMessage({ type: 'action', id: action.id })));
    header.append(banner);
  }
  toc.replaceChildren(el('h2', s.contents), ...view.toc.map((t) => {
    const a = el('a', t.text, `toc-${Math.min(t.level, 4)}`);
    a.setAttribute('href', `#${t.id}`);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      document.body.classList.remove('toc-open');
      reveal(t.id);
    });
    return a;
  }));
  // The extension sanitized this HTML (src/core/notes/render.ts); the CSP would stop any script regardless.
  // Long notes: blocks off screen are neither styled nor laid out until they come near the view (notes.css).
  article.classList.toggle('long', view.more === true || view.html.length > LONG_HTML);
  article.innerHTML = view.html;
  applyInlineStyles(article);
  pending = [...article.querySelectorAll<HTMLElement>('.math-pending')];
  hits = [];
  hitIndex = -1;
  awaiting = undefined;
  // The head of a long page: a heading or a saved place may be in the rest, so both wait for it.
  if (view.more) awaiting = { reveal: view.reveal, scrollTop };
  else if (view.reveal) reveal(view.reveal);
  else main.scrollTop = scrollTop ?? 0;
  save();
}

/** The rest of a long page, after its head; then the place the render asked for. */
function more(m: NotesMore): void {
  if (m.renderId !== current?.renderId || !awaiting) return;
  const template = document.createElement('template');
  // Sanitized by the extension, as the head was (src/core/notes/render.ts).
  template.innerHTML = m.html;
  applyInlineStyles(template.content);
  pending.push(...template.content.querySelectorAll<HTMLElement>('.math-pending'));
  article.append(template.content);
  const place = awaiting;
  awaiting = undefined;
  // The user may have scrolled the head meanwhile: then that is where they are.
  if (place.reveal) reveal(place.reveal);
  else if (main.scrollTop === 0) main.scrollTop = place.scrollTop ?? 0;
  save();
}

/**
 * KaTeX positions glyphs with style attributes, which the CSP (no 'unsafe-inline') refuses in markup: the
 * extension sends them as `data-style` (core's stylesAsData), set here through the CSSOM, which is allowed.
 */
function applyInlineStyles(root: ParentNode): void {
  for (const node of root.querySelectorAll<HTMLElement>('[data-style]')) node.style.cssText = node.dataset.style ?? '';
}

/** Typeset formulas of the render shown take the place of their sources. */
function typeset(m: NotesMath): void {
  if (m.renderId !== current?.renderId) return;
  const byIndex = new Map(m.formulas.map((f) => [String(f.index), f.html]));
  const template = document.createElement('template');
  pending = pending.filter((node) => {
    const html = byIndex.get(node.dataset.formula ?? '');
    if (html === undefined) return true;
    // The same HTML as a formula typeset in the render: sanitized by the extension, KaTeX's styles set through the CSSOM.
    template.innerHTML = html;
    applyInlineStyles(template.content);
    node.replaceWith(template.content);
    return false;
  });
}

/** Tell the extension which pending formula is the first on screen, so that it typesets from there. */
function focusPending(): void {
  if (!pending.length) return;
  const top = main.getBoundingClientRect().top;
  // Pending formulas are in document order: the first whose bottom is below the top of the view.
  let lo = 0;
  let hi = pending.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pending[mid].getBoundingClientRect().bottom < top) lo = mid + 1;
    else hi = mid;
  }
  const first = pending[Math.min(lo, pending.length - 1)];
  vscode.postMessage({ type: 'focus', index: Number(first.dataset.formula) });
}

function reveal(id: string): void {
  const target = document.getElementById(id);
  if (!target) return;
  target.scrollIntoView({ block: 'start' });
  target.classList.remove('flash');
  void target.offsetWidth; // restart the animation
  target.classList.add('flash');
  save();
}

function save(): void {
  vscode.setState({ file: current?.file, scrollTop: main.scrollTop });
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
main.addEventListener('scroll', () => {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    save();
    focusPending();
  }, 150);
});

// ------------------------------------------------------------------ search

function clearHits(): void {
  for (const mark of hits) mark.replaceWith(document.createTextNode(mark.textContent ?? ''));
  article.normalize();
  hits = [];
  hitIndex = -1;
}

const MAX_HITS = 2000;

/** Highlight every occurrence of `query` (case-insensitive) in the notes' text, formulas excepted. */
function find(query: string): void {
  clearHits();
  const q = query.trim().toLowerCase();
  const count = header.querySelector('.search-count');
  if (!q) {
    if (count) count.textContent = '';
    return;
  }
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement?.closest('.katex, .math-error, .math-pending') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  for (const node of nodes) {
    const text = node.data;
    const lower = text.toLowerCase();
    let at = lower.indexOf(q);
    if (at < 0) continue;
    const frag = document.createDocumentFragment();
    let last = 0;
    while (at >= 0 && hits.length < MAX_HITS) {
      frag.append(text.slice(last, at));
      const mark = el('mark', text.slice(at, at + q.length), 'search-hit');
      hits.push(mark);
      frag.append(mark);
      last = at + q.length;
      at = lower.indexOf(q, last);
    }
    frag.append(text.slice(last));
    node.replaceWith(frag);
    if (hits.length >= MAX_HITS) break;
  }
  if (count) count.textContent = hits.length ? `${hits.length}${hits.length >= MAX_HITS ? '+' : ''}` : current?.strings.noMatches ?? '0';
  if (hits.length) step(1);
}

function step(delta: number): void {
  if (!hits.length) return;
  hits[hitIndex]?.classList.remove('current');
  hitIndex = (hitIndex + delta + hits.length) % hits.length;
  const hit = hits[hitIndex];
  hit.classList.add('current');
  hit.scrollIntoView({ block: 'center' });
  const count = header.querySelector('.search-count');
  if (count) count.textContent = `${hitIndex + 1} / ${hits.length}`;
}

// ------------------------------------------------------------------ links

/** An anchor as written in the link; a malformed percent-encoding (`#%FF`) is taken as it is, not thrown. */
function anchor(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

article.addEventListener('click', (e) => {
  const a = (e.target as HTMLElement).closest('a');
  if (!a) return;
  const calculator = a.getAttribute('data-calculator');
  const href = a.getAttribute('href') ?? '';
  e.preventDefault();
  if (calculator) vscode.postMessage({ type: 'calculator', id: calculator });
  else if (href.startsWith('#')) reveal(anchor(href.slice(1)));
  else if (/^https?:\/\//i.test(href)) vscode.postMessage({ type: 'open', url: href });
});

window.addEventListener('message', (event: MessageEvent) => {
  const m = parseToNotes(event.data);
  if (!m) {
    console.warn('layer-lens notes: dropped a malformed message');
    return;
  }
  if (m.type === 'render') render(m);
  else if (m.type === 'more') more(m);
  else if (m.type === 'math') typeset(m);
  else if (awaiting) awaiting.reveal = m.id;
  else reveal(m.id);
});

vscode.postMessage({ type: 'ready' });
