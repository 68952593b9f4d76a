/**
 * `layer-lens notes render FILE --html OUT`: the notes view's rendering as one standalone page, for sharing
 * and for tests. KaTeX's stylesheet and fonts are inlined (data: URLs), so the page works offline and alone.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectDoubleEncoding, imagePath, isFile, notesToRender, renderNotes, withLostMarkers } from '../core';
import { nodeIo, readArgument } from './diskFs';
import type { NotesArgs } from './args';

/** media/ beside dist/ (the built CLI) or the repository root (tests run from out/). */
function asset(...parts: string[]): string | undefined {
  for (const base of [path.join(__dirname, '..'), path.join(__dirname, '..', '..', '..')]) {
    const p = path.join(base, ...parts);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function katexCss(): string {
  const css = asset('media', 'katex', 'katex.min.css') ?? asset('node_modules', 'katex', 'dist', 'katex.min.css');
  if (!css) return '';
  const dir = path.dirname(css);
  // Keep only the woff2 source of each font, inlined.
  return readFileSync(css, 'utf8').replace(/src:url\((fonts\/[^)]+\.woff2)\)[^;}]*/g, (_m, font: string) => {
    const file = path.join(dir, font);
    return existsSync(file) ? `src:url(data:font/woff2;base64,${readFileSync(file).toString('base64')}) format("woff2")` : _m;
  });
}

/** Theme variables the notes stylesheet reads, as a light and a dark page. */
const PAGE_THEME = `:root { --vscode-foreground: #1f2328; --vscode-editor-background: #ffffff; --vscode-descriptionForeground: #59636e;
  --vscode-textLink-foreground: #0969da; --vscode-textLink-activeForeground: #0550ae; --vscode-panel-border: #d1d9e0;
  --vscode-textCodeBlock-background: #f6f8fa; --vscode-textBlockQuote-background: #f6f8fa; --vscode-textBlockQuote-border: #d1d9e0;
  --vscode-errorForeground: #d1242f; --vscode-editorWarning-foreground: #9a6700; --vscode-editor-findMatchHighlightBackground: #fff8c5;
  --vscode-font-family: system-ui, sans-serif; --vscode-editor-font-family: ui-monospace, monospace; --vscode-font-size: 15px; }
@media (prefers-color-scheme: dark) { :root { --vscode-foreground: #e6edf3; --vscode-editor-background: #0d1117; --vscode-descriptionForeground: #9198a1;
  --vscode-textLink-foreground: #4493f8; --vscode-textLink-activeForeground: #79b8ff; --vscode-panel-border: #3d444d;
  --vscode-textCodeBlock-background: #151b23; --vscode-textBlockQuote-background: #151b23; --vscode-textBlockQuote-border: #3d444d;
  --vscode-errorForeground: #f85149; --vscode-editorWarning-foreground: #d29922; } }
html, body { height: auto; } #root, .body { display: block; } main { overflow: visible; padding: 0 24px 24px; }
nav.toc { border: none; } header { border: none; }`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderNotesCommand(args: NotesArgs, out: (s: string) => void, err: (s: string) => void): number {
  // A regular file of at most 8 MB (MAX_FILE_BYTES), as the editor reads: never a device or a FIFO.
  const read = readArgument(args.file, 'markdown');
  if ('problem' in read) {
    err(`layer-lens: ${read.problem}`);
    return 2;
  }
  // Past 1 MB, the first 512 K characters, as the notes view shows them (core/notes/limits.ts).
  const whole = notesToRender(read.text);
  const text = whole.text;
  if (whole.cut) err(`layer-lens: ${args.file} is ${(read.text.length / 1024 / 1024).toFixed(1)} MB: rendering its first ${Math.round(text.length / 1024)} K characters`);
  const report = detectDoubleEncoding(text);
  let source = text;
  let lost: string[][] | undefined;
  if (report.doubleEncoded && report.repair) {
    if (args.repair) {
      source = withLostMarkers(report.repair.text);
      lost = report.repair.unrecoverable.map((u) => u.candidates);
      err(`layer-lens: ${args.file} was double-encoded (read as ${report.codePage}); rendering the repair: ${report.restored} characters restored, ${report.unrecoverable} marked as lost`);
    } else {
      err(`layer-lens: ${args.file} looks double-encoded (UTF-8 read as ${report.codePage}); --repair renders the repaired text`);
    }
  }
  const notesDir = path.dirname(path.resolve(args.file));
  const outDir = path.dirname(path.resolve(args.html));
  let r: ReturnType<typeof renderNotes>;
  try {
    r = renderNotes(source, {
      lostCharacters: lost,
      resolveImage: (src) => {
        const file = imagePath(src);
        if (file === undefined) return undefined;
        const target = path.resolve(notesDir, file);
        if (!target.startsWith(notesDir + path.sep) || !isFile(nodeIo, target)) return undefined;
        return path.relative(outDir, target).split(path.sep).map(encodeURIComponent).join('/');
      },
    });
  } catch (e) {
    // A limit of the JavaScript engine (a string too long for it, a stack too deep): a message, not a stack trace.
    err(`layer-lens: ${args.file} could not be rendered (${(e as Error).name}: ${(e as Error).message}); it is too large or too deeply nested`);
    return 2;
  }
  const notesCss = asset('media', 'notes.css');
  const title = path.basename(args.file);
  const toc = r.toc.map((t) => `<a class="toc-${Math.min(t.level, 4)}" href="#${escapeHtml(t.id)}">${escapeHtml(t.text)}</a>`).join('\n');
  const page = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src 'self' file: data:">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>${escapeHtml(title)}</title>
<style>${katexCss()}</style>
<style>${notesCss ? readFileSync(notesCss, 'utf8') : ''}</style>
<style>${PAGE_THEME}</style></head>
<body><div id="root"><header><h1 class="title">${escapeHtml(title)}</h1></header>
<div class="body"><nav class="toc"><h2>Contents</h2>
${toc}
</nav><main><article class="notes">
${r.html}
</article></main></div></div></body></html>
`;
  try {
    writeFileSync(args.html, page);
  } catch (e) {
    err(`layer-lens: cannot write ${args.html}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    return 2;
  }
  out(`${args.html}: ${r.toc.length} sections, ${r.math.inline + r.math.display} formulas (${r.math.errors.length} not renderable, shown as source), ${r.missingImages.length} missing images`);
  return r.math.errors.length ? 1 : 0;
}
