/**
 * Text from the code (module names, budget calls, file paths, messages) as it goes out: into markdown meant for a
 * PR comment, and onto a terminal. Nothing in it may become markup, a link, an image or a control sequence.
 */

/** Control characters a terminal acts on (escape sequences, carriage returns, bells); newlines and tabs stay. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalText(s: string): string {
  return s.replace(CONTROL, '');
}

/**
 * A markdown code span that holds `s` exactly: fenced by one more backtick than its longest run, padded when it
 * starts or ends with one, on one line. In a table cell, `|` is escaped (GFM splits cells on it even in code).
 */
export function markdownCode(s: string): string {
  const text = terminalText(s).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Plain text in markdown: every character markdown or HTML would act on is escaped, on one line, and what a PR
 * comment acts on after markdown is made inert (./escape.ts `inert`).
 */
export function markdownText(s: string): string {
  return inert(terminalText(s).replace(/\r?\n/g, ' ')).replace(/[\\`*_{}[\]()<>#+\-.!|~&:]/g, '\\$&');
}

/** An invisible word joiner (U+2060): it breaks what GitHub would link without changing what a reader sees. */
const JOIN = '\u2060';

/**
 * What a PR comment turns into a live action after markdown: an @mention (notifies a user or a team), a #123
 * reference (links and cross-references an issue), a bare URL or www. address (a link). Text from the code being
 * analysed must do none of these: a word joiner after the @ and the #, and inside the scheme, keeps them as text.
 * Backslash escapes do not: GitHub finds mentions and references in the text markdown leaves.
 */
export function inert(s: string): string {
  return s
    .replace(/@(?=[A-Za-z0-9_-])/g, `@${JOIN}`)
    .replace(/#(?=\d)/g, `#${JOIN}`)
    .replace(/\b([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, `$1${JOIN}:`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${JOIN}.`);
}
