/**
 * Our syntax tree of a file, stored between runs (issue 20): a library file is parsed by lezer and converted once,
 * and read back as JSON the next time, which skips the parser. An entry is keyed by the file's text (its length and
 * a hash), so a changed file is a miss, never a wrong tree; an entry that does not read back whole is a miss too.
 * Core decides what an entry holds; where entries live (a cache folder, the extension's storage) is the surface's.
 */
import type { Module } from './ast';

/** Bump when the converter changes what it makes: older entries then miss. */
export const MODULE_CACHE_VERSION = 'layer-lens-ast-1';

/** What a surface gives the engine: entries by path, checked against the text the engine read. */
export interface ParseCache {
  /** The stored tree of this text, if there is one and it reads back whole. */
  get(path: string, text: string): Module | undefined;
  /** The tree of this text was parsed here (a miss): the surface may store it, now or later. */
  parsed(path: string, text: string, module: Module): void;
}

/** FNV-1a over the text's UTF-16 code units: cheap, and with the length enough to tell an edit. */
export function textKey(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${text.length}:${(h >>> 0).toString(16)}`;
}

/** An entry: one line of header (version, path, text key), then the tree. Bodies parsed lazily are converted now. */
export function serializeModule(path: string, text: string, module: Module): string {
  return `${JSON.stringify({ version: MODULE_CACHE_VERSION, path, key: textKey(text) })}\n${JSON.stringify(module)}`;
}

/** The tree of an entry for this path and text, or undefined for anything else: another version, text or path, a torn or corrupt entry. */
export function deserializeModule(entry: string, path: string, text: string): Module | undefined {
  const cut = entry.indexOf('\n');
  if (cut < 0) return undefined;
  try {
    const head = JSON.parse(entry.slice(0, cut)) as { version?: unknown; path?: unknown; key?: unknown };
    if (head.version !== MODULE_CACHE_VERSION || head.path !== path || head.key !== textKey(text)) return undefined;
    // A number too large for JSON (1e999) was written as null: read again from its source text.
    const module = JSON.parse(entry.slice(cut + 1)) as Module;
    if (!module || !Array.isArray(module.body) || !Array.isArray(module.syntaxErrors)) return undefined;
    if (entry.includes('"value":null')) fixNumbers(module.body);
    return module;
  } catch {
    return undefined;
  }
}

/** Number literals whose value JSON could not hold (Infinity) come back from their source text. */
function fixNumbers(node: unknown): void {
  const stack: unknown[] = [node];
  while (stack.length) {
    const n = stack.pop();
    if (Array.isArray(n)) {
      for (const x of n) stack.push(x);
    } else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.kind === 'Number' && o.value === null && typeof o.raw === 'string') o.value = Number(o.raw.replace(/_/g, '').replace(/[jJ]$/, ''));
      for (const v of Object.values(o)) if (v && typeof v === 'object') stack.push(v);
    }
  }
}
