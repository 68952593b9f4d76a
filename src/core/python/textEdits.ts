/**
 * Edits of a text as an editor reports them, applied in order: what lets the extension host send a keystroke
 * instead of the whole document to the engine's worker (issue 20), and tells the analysis where the text changed
 * without comparing 400 KB of it again.
 */

/** `remove` characters at `at` replaced by `insert`; `at` is an offset into the text before this edit. */
export interface TextEdit {
  at: number;
  remove: number;
  insert: string;
}

/**
 * The text after the edits, with how many characters at its start (`head`) and end (`tail`) no edit touched.
 * Undefined when an edit does not fit the text it applies to: then the caller must get the whole text.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; head: number; tail: number } | undefined {
  let head = text.length;
  let tail = text.length;
  for (const e of edits) {
    if (!Number.isSafeInteger(e.at) || !Number.isSafeInteger(e.remove) || typeof e.insert !== 'string') return undefined;
    if (e.at < 0 || e.remove < 0 || e.at + e.remove > text.length) return undefined;
    head = Math.min(head, e.at);
    // The characters after the edit stay at the end of the text, whatever later edits do before them.
    tail = Math.min(tail, text.length - e.at - e.remove);
    text = text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove);
  }
  return { text, head, tail };
}
