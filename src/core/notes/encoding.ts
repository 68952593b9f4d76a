/**
 * Text that was UTF-8, read with a Windows code page and saved again as UTF-8 ("æ·±åº¦" for "深度"). Detect
 * it, find the code page, and undo it. A code page leaves some bytes undefined (Windows-1252: 0x81 0x8D 0x8F
 * 0x90 0x9D); a reader that drops them, or strips the soft hyphen 0xAD, loses those bytes for good, so a
 * character that had one cannot be known for sure. Such a character is kept as U+FFFD in the repaired text, with every character it could
 * have been, never a silent guess.
 */

/** Windows-1252's 0x80–0x9F, where it differs from Latin-1 (the five undefined bytes are absent). */
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88,
  0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93,
  0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b,
  0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

export interface CodePage {
  name: string;
  /** Character → the byte it decodes from. */
  toByte: Map<number, number>;
  /**
   * Bytes that may have been dropped: those the code page cannot decode, and 0xAD, the invisible soft
   * hyphen, which editors strip (the bundled notes lost it in 中 E4 B8 AD and 策 E7 AD 96).
   */
  droppable: number[];
}

function codePage(name: string, overrides: Record<number, number | null>): CodePage {
  const byByte = new Map<number, number | null>();
  for (let b = 0; b < 0x100; b++) byByte.set(b, b < 0x80 || b >= 0xa0 ? b : null);
  for (const [ch, b] of Object.entries(CP1252_HIGH)) byByte.set(b, Number(ch));
  for (const [b, ch] of Object.entries(overrides)) byByte.set(Number(b), ch);
  const toByte = new Map<number, number>();
  const droppable: number[] = [0xad];
  for (const [b, ch] of byByte) {
    if (ch === null) droppable.push(b);
    else toByte.set(ch, b);
  }
  return { name, toByte, droppable: droppable.sort((a, b) => a - b) };
}

/** The code pages tried, as data: Western European, and Turkish (which these notes went through). */
export const CODE_PAGES: CodePage[] = [
  codePage('windows-1252', {}),
  codePage('windows-1254', { 0x8e: null, 0x9e: null, 0xd0: 0x11e, 0xdd: 0x130, 0xde: 0x15e, 0xf0: 0x11f, 0xfd: 0x131, 0xfe: 0x15f }),
];

export interface Unrecoverable {
  /** Offset of the U+FFFD in the repaired text (UTF-16 code units). */
  offset: number;
  /** 1-based line in the repaired text. */
  line: number;
  /** The bytes that survived, e.g. `E6 8F`. */
  bytes: string;
  /** Every character the lost bytes could have made. */
  candidates: string[];
}

export interface Repair {
  /** The text with double encoding undone; U+FFFD where a character cannot be known. */
  text: string;
  /** Characters restored with certainty. */
  restored: number;
  unrecoverable: Unrecoverable[];
  /** The code page the text was read with. */
  codePage: string;
}

/** How many bytes a UTF-8 lead byte starts, or 0 for a byte that cannot lead. */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

const strict = new TextDecoder('utf-8', { fatal: true });

function decodeExact(bytes: number[]): string | undefined {
  try {
    const s = strict.decode(Uint8Array.from(bytes));
    return [...s].length === 1 ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Every valid character from `present` (a lead byte and the continuation bytes kept) plus `missing` lost bytes. */
function candidatesFor(present: number[], missing: number, lost: number[]): string[] {
  const out = new Set<string>();
  const fill = (seq: number[], left: number, from: number) => {
    if (left === 0) {
      const c = decodeExact(seq);
      if (c) out.add(c);
      return;
    }
    // A lost byte may sit at any position after the lead.
    for (let at = from; at <= seq.length; at++) {
      for (const b of lost) fill([...seq.slice(0, at), b, ...seq.slice(at)], left - 1, at + 1);
    }
  };
  fill(present, missing, 1);
  return [...out].sort();
}

/**
 * Undo the double encoding of `text`. Runs of characters that map back to Windows-1252 bytes are decoded
 * as UTF-8; anything else (text that was never double-encoded) is kept as it is.
 */
export function repairDoubleEncoding(text: string, page: CodePage = CODE_PAGES[0]): Repair {
  const byteOf = (ch: string | undefined) => (ch === undefined ? undefined : page.toByte.get(ch.codePointAt(0)!));
  const out: string[] = [];
  const unrecoverable: Unrecoverable[] = [];
  let restored = 0;
  let length = 0;
  let line = 1;
  const emit = (s: string) => {
    out.push(s);
    length += s.length;
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) line++;
  };
  const chars = [...text];
  let i = 0;
  while (i < chars.length) {
    const lead = byteOf(chars[i]);
    const need = lead === undefined ? 0 : sequenceLength(lead);
    if (lead === undefined || need <= 1) {
      emit(chars[i]);
      i++;
      continue;
    }
    // Collect the continuation bytes that follow (0x80–0xBF), up to what the lead byte needs.
    const seq = [lead];
    let j = i + 1;
    while (seq.length < need && j < chars.length) {
      const b = byteOf(chars[j]);
      if (b === undefined || b < 0x80 || b > 0xbf) break;
      seq.push(b);
      j++;
    }
    if (seq.length === need) {
      const c = decodeExact(seq);
      if (c) {
        emit(c);
        restored++;
        i = j;
        continue;
      }
    } else {
      const candidates = candidatesFor(seq, need - seq.length, page.droppable);
      // Only a run that looks double-encoded: a lone "é" before a space is more likely real Latin-1 text.
      if (candidates.length > 0 && seq.length >= 2) {
        unrecoverable.push({ offset: length, line, bytes: seq.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' '), candidates });
        emit('\uFFFD');
        i = j;
        continue;
      }
      if (candidates.length > 0 && seq.length === 1 && looksDoubleEncodedAround(chars, i, byteOf)) {
        unrecoverable.push({ offset: length, line, bytes: lead.toString(16).toUpperCase(), candidates });
        emit('\uFFFD');
        i = j;
        continue;
      }
    }
    emit(chars[i]);
    i++;
  }
  return { text: out.join(''), restored, unrecoverable, codePage: page.name };
}

/** A lead byte standing alone is a lost character only when its neighbours were double-encoded too. */
function looksDoubleEncodedAround(chars: string[], at: number, byteOf: (ch: string | undefined) => number | undefined): boolean {
  const pair = (k: number) => {
    const a = byteOf(chars[k]);
    const b = byteOf(chars[k + 1]);
    return a !== undefined && sequenceLength(a) >= 2 && b !== undefined && b >= 0x80 && b <= 0xbf;
  };
  return pair(at + 1) || pair(at - 2) || pair(at - 3) || pair(at - 4);
}

/** A lead byte's character followed by a continuation byte's, as Windows-1252 and -1254 show them. */
const TELL_TALE = /[\u00c2-\u00f4\u011e\u011f\u0130\u0131\u015e\u015f][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/g;

export interface EncodingReport {
  doubleEncoded: boolean;
  codePage?: string;
  /** Characters a repair would restore with certainty, and those it could not. */
  restored: number;
  unrecoverable: number;
}

/**
 * Is `text` double-encoded? Yes when undoing it restores many characters and the restored text has
 * (almost) none of the tell-tale pairs left: a few accented words in a real Latin-1 text do not count.
 */
export function detectDoubleEncoding(text: string): EncodingReport & { repair?: Repair } {
  const pairs = (s: string) => (s.match(TELL_TALE) ?? []).length;
  const before = pairs(text);
  if (before < 3) return { doubleEncoded: false, restored: 0, unrecoverable: 0 };
  // The code page that explains the most: most characters restored, fewest lost.
  const best = CODE_PAGES.map((p) => repairDoubleEncoding(text, p)).sort((a, b) => b.restored - b.unrecoverable.length - (a.restored - a.unrecoverable.length))[0];
  const doubleEncoded = best.restored >= 3 && pairs(best.text) * 10 < before;
  return { doubleEncoded, codePage: best.codePage, restored: best.restored, unrecoverable: best.unrecoverable.length, repair: doubleEncoded ? best : undefined };
}
