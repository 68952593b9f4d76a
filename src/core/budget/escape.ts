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

/** Plain text in markdown: every character markdown or HTML would act on is escaped, on one line. */
export function markdownText(s: string): string {
  return terminalText(s).replace(/\r?\n/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~&:]/g, '\\$&');
}
