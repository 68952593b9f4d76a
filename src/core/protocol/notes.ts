/**
 * Messages between the extension host and the notes webview, checked on arrival in both directions:
 * a message that is not one of these is dropped (and logged).
 */
import type { TocEntry } from '../notes/render';

export type { TocEntry };

/** Extension → webview: a rendered notes file. */
export interface NotesView {
  type: 'render';
  /** Shown in the header, and the key the saved scroll position belongs to. */
  file: string;
  title: string;
  /** Sanitized HTML (src/core/notes/render.ts). */
  html: string;
  toc: TocEntry[];
  /** A notice above the notes (double encoding found, a repaired view), with an optional action. */
  banner?: { text: string; action?: { label: string; id: 'repair' | 'original' } };
  /** Scroll to this heading id after rendering (a deep link); otherwise the saved position is kept. */
  reveal?: string;
  strings: Record<string, string>;
  /** Which render this is: formulas typeset later (`math`) belong to it, and to no later one. */
  renderId?: number;
  /** `html` is the head of a long page: the rest follows in a `more` message (reveal and scroll wait for it). */
  more?: boolean;
}

/** Extension → webview: the rest of a long page whose head a `render` showed. */
export interface NotesMore {
  type: 'more';
  renderId: number;
  html: string;
}

/** Extension → webview: formulas of a render, typeset after it (each replaces its `data-formula` element). */
export interface NotesMath {
  type: 'math';
  renderId: number;
  formulas: { index: number; html: string }[];
}

export type ToNotes = NotesView | NotesMore | NotesMath | { type: 'reveal'; id: string };

export type FromNotes =
  | { type: 'ready' }
  | { type: 'open'; url: string }
  | { type: 'calculator'; id: string }
  | { type: 'action'; id: 'repair' | 'original' }
  /** The first formula still pending on screen (its `data-formula`): typesetting goes on from there. */
  | { type: 'focus'; index: number };

const shortString = (v: unknown, max = 2048): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

export function parseFromNotes(m: unknown): FromNotes | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const x = m as Record<string, unknown>;
  switch (x.type) {
    case 'ready':
      return { type: 'ready' };
    case 'open':
      return shortString(x.url) && /^https?:\/\//i.test(x.url) ? { type: 'open', url: x.url } : undefined;
    case 'calculator':
      return shortString(x.id, 40) && /^[a-z]+$/.test(x.id) ? { type: 'calculator', id: x.id } : undefined;
    case 'action':
      return x.id === 'repair' || x.id === 'original' ? { type: 'action', id: x.id } : undefined;
    case 'focus':
      return Number.isSafeInteger(x.index) && (x.index as number) >= 0 ? { type: 'focus', index: x.index as number } : undefined;
    default:
      return undefined;
  }
}

export function parseToNotes(m: unknown): ToNotes | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const x = m as Record<string, unknown>;
  if (x.type === 'reveal') return shortString(x.id, 500) ? { type: 'reveal', id: x.id } : undefined;
  if (x.type === 'more') return Number.isSafeInteger(x.renderId) && typeof x.html === 'string' ? (m as NotesMore) : undefined;
  if (x.type === 'math') {
    const ok = Number.isSafeInteger(x.renderId) && Array.isArray(x.formulas)
      && (x.formulas as unknown[]).every((f) => typeof f === 'object' && f !== null && Number.isSafeInteger((f as { index: unknown }).index) && typeof (f as { html: unknown }).html === 'string');
    return ok ? (m as NotesMath) : undefined;
  }
  if (x.type !== 'render') return undefined;
  const ok = typeof x.html === 'string' && shortString(x.file, 4096) && typeof x.title === 'string' && Array.isArray(x.toc)
    && (x.toc as unknown[]).every((t) => typeof t === 'object' && t !== null && typeof (t as TocEntry).id === 'string' && typeof (t as TocEntry).text === 'string' && typeof (t as TocEntry).level === 'number')
    && typeof x.strings === 'object' && x.strings !== null && (x.reveal === undefined || typeof x.reveal === 'string')
    && (x.renderId === undefined || Number.isSafeInteger(x.renderId)) && (x.more === undefined || typeof x.more === 'boolean');
  return ok ? (m as NotesView) : undefined;
}
