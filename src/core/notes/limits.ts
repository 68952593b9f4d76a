/**
 * How much of a notes file is rendered: past 1 M characters, the first 512 K, cut at a line. A 2 MB file takes
 * about a second to render and its HTML (18 MB with KaTeX's markup) keeps a window busy far longer; 7 MB took
 * 1 GB in the CLI. The panel and `layer-lens notes render` cut at the same place, and both say so.
 */
export const NOTES_RENDER_LIMIT = 1024 * 1024;
export const NOTES_SHOWN_CHARS = 512 * 1024;

/** The part of `text` to render, and whether it was cut. */
export function notesToRender(text: string): { text: string; cut: boolean } {
  if (text.length <= NOTES_RENDER_LIMIT) return { text, cut: false };
  const end = text.lastIndexOf('\n', NOTES_SHOWN_CHARS);
  return { text: text.slice(0, end > 0 ? end + 1 : NOTES_SHOWN_CHARS), cut: true };
}

/**
 * The notes view typesets formulas during a render for this long; the rest show as their source and are typeset
 * after it, in slices of NOTES_SLICE_MS with the event loop free in between (issue 20: 2 MB of notes took 1.0 to
 * 1.3 s to show). The bundled notes are typeset whole well within it.
 */
export const NOTES_MATH_BUDGET_MS = 250;
export const NOTES_SLICE_MS = 15;

/**
 * Notes longer than NOTES_SPLIT_CHARS are sent to the view as a head of about NOTES_HEAD_CHARS of source, shown at
 * once, and the rest right after: moving 3.7 MB of HTML to the webview took 1 s in code-server, and laying it out
 * as much again.
 */
export const NOTES_SPLIT_CHARS = 256 * 1024;
export const NOTES_HEAD_CHARS = 48 * 1024;
