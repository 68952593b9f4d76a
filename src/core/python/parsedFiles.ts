/**
 * The files this process has parsed, by path: a file's lezer tree and, once the evaluator needs it, its AST, reused
 * while the text is the same, so that evaluating a model again (another factory, a new input, the next keystroke)
 * parses nothing it has parsed before; and the trees read from a parse cache.
 */
import type { Tree } from '@lezer/common';
import type { Module } from './ast';
import { parsePython } from './parse';
import { IncrementalParse } from './reparse';

const parsed = new Map<string, { text: string; tree: Tree; parse: IncrementalParse; module?: Module }>();
const MAX_PARSED = 128;

/**
 * A file's lezer tree, from the cache when its text is the same. A new text of a cached file (the next keystroke)
 * is re-parsed incrementally. Nothing is converted to our AST.
 */
export function parsedTree(file: string, text: string, edit?: KnownEdit): Tree {
  return entry(file, text, edit).tree;
}

/**
 * How `text` differs from an earlier text of the same file, when the caller already knows (an open document's
 * version): the incremental parse then need not compare the two texts again (0.3 ms a keystroke on 10k lines).
 */
export interface KnownEdit {
  /** The text the change is from. */
  before: string;
  change: { fromA: number; toA: number; fromB: number; toB: number };
}

/** A file's AST and lezer tree; function bodies are converted only when the evaluator runs them. */
export function parsedFile(file: string, text: string): { module: Module; tree: Tree } {
  const e = entry(file, text);
  e.module ??= parsePython(text, e.tree, { lazyBodies: true }).module;
  return { module: e.module, tree: e.tree };
}

function entry(file: string, text: string, edit?: KnownEdit): { text: string; tree: Tree; parse: IncrementalParse; module?: Module } {
  const hit = parsed.get(file);
  if (hit && hit.text === text) return hit;
  const parse = hit?.parse ?? new IncrementalParse();
  // The edit is used only when it starts from the text this file's parse last read.
  const c = edit && hit?.text === edit.before ? [{ from: edit.change.fromA, to: edit.change.toA, insertLength: edit.change.toB - edit.change.fromB }] : undefined;
  const e = { text, tree: parse.update(text, c), parse };
  parsed.delete(file);
  parsed.set(file, e);
  // Least recently parsed first: drop it when the cache is full.
  if (parsed.size > MAX_PARSED) parsed.delete(parsed.keys().next().value!);
  return e;
}

/** A file's AST (see parsedFile). */
export function parseCached(file: string, text: string): Module {
  return parsedFile(file, text).module;
}

/** Trees read from a parse cache, by file: the same tree for the same text all along a process (identity matters to the evaluator). */
const stored = new Map<string, { text: string; module: Module }>();

/** The tree this process already has for the file at this text, parsed or read from a cache. */
export function parsedModule(file: string, text: string): Module | undefined {
  const p = parsed.get(file);
  if (p?.text === text && p.module) return p.module;
  const s = stored.get(file);
  return s?.text === text ? s.module : undefined;
}

export function rememberModule(file: string, text: string, module: Module): Module {
  stored.delete(file);
  stored.set(file, { text, module });
  if (stored.size > MAX_PARSED) stored.delete(stored.keys().next().value!);
  return module;
}
