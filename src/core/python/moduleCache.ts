/**
 * Our syntax tree of a file, stored between runs (issue 20): a library file is parsed by lezer and converted once,
 * and read back as JSON the next time, which skips the parser. An entry is keyed by a cryptographic hash of the
 * file's text (SHA-256, from the surface: core imports no crypto), so a changed file is a miss, never a wrong tree
 * (a 32-bit key could be made to collide in seconds); an entry that does not read back whole is a miss too.
 * Core decides what an entry holds; where entries live (a cache folder, the extension's storage) is the surface's.
 *
 * Each function's body is stored as a JSON string inside the entry and parsed when the evaluator first reads it,
 * as a fresh parse converts it (./parse.ts, lazyBodies): most of a library's functions never run, and building
 * their objects was most of reading an entry back (torchvision's 14 files for resnet50: 44 ms of 2.2 MB).
 */
import type { FunctionDef, Module, Stmt } from './ast';
import { lazyFunctionDef, parsePythonModule } from './parse';

/** Bump when the converter changes what it makes, or entries their layout: older entries then miss. */
export const MODULE_CACHE_VERSION = 'layer-lens-ast-3';

/** A cryptographic hash of a text, hex (SHA-256): the surface gives it, as it gives file access. */
export type ContentHash = (text: string) => string;

/** What a surface gives the engine: entries by path, checked against the text the engine read. */
export interface ParseCache {
  /** The stored tree of this text, if there is one and it reads back whole. */
  get(path: string, text: string): Module | undefined;
  /** The tree of this text was parsed here (a miss): the surface may store it, now or later. */
  parsed(path: string, text: string, module: Module): void;
}


interface Head {
  version?: unknown;
  path?: unknown;
  key?: unknown;
  /** The tree has a number JSON cannot hold (1e999, written as null): such numbers are read again from their source. */
  nonFinite?: unknown;
}

/** An entry: one line of header (version, path, text key), then the tree, each function's body a string of its JSON. */
export function serializeModule(path: string, text: string, module: Module, hash: ContentHash): string {
  let nonFinite = false;
  // A lazily converted body is converted here (its toJSON), before this sees the definition.
  const replacer = (_key: string, value: unknown): unknown => {
    if (typeof value === 'number' && !Number.isFinite(value)) nonFinite = true;
    if (isFunction(value) && Array.isArray(value.body)) return { ...value, body: JSON.stringify(value.body, replacer) };
    return value;
  };
  const tree = JSON.stringify(module, replacer);
  const head: Head = { version: MODULE_CACHE_VERSION, path, key: hash(text), nonFinite };
  return `${JSON.stringify(head)}\n${tree}`;
}

/** The tree of an entry for this path and text, or undefined for anything else: another version, text or path, a torn or corrupt entry. */
export function deserializeModule(entry: string, path: string, text: string, hash: ContentHash): Module | undefined {
  const cut = entry.indexOf('\n');
  if (cut < 0) return undefined;
  try {
    const head = JSON.parse(entry.slice(0, cut)) as Head;
    if (head.version !== MODULE_CACHE_VERSION || head.path !== path || typeof head.key !== 'string' || head.key !== hash(text)) return undefined;
    const module = JSON.parse(entry.slice(cut + 1)) as Module;
    if (!module || !Array.isArray(module.body) || !Array.isArray(module.syntaxErrors)) return undefined;
    const reader = new BodyReader(text, head.nonFinite === true);
    reader.prepare(module.body);
    return module;
  } catch {
    return undefined;
  }
}

function isFunction(x: unknown): x is FunctionDef {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'FunctionDef';
}

/** Turns the stored function definitions of a tree into lazy ones, whose bodies are parsed when first read. */
class BodyReader {
  /** The file parsed afresh, if a stored body turned out not to read back (a corrupt entry that still parsed as JSON). */
  private fresh?: Module;

  constructor(private readonly text: string, private readonly nonFinite: boolean) {}

  /** Makes the definitions in these statements lazy, in place (a statement list the entry's JSON just made). */
  prepare(stmts: Stmt[]): void {
    if (this.nonFinite) fixNumbers(stmts);
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      switch (s.kind) {
        case 'FunctionDef':
          if (typeof s.body === 'string') stmts[i] = this.lazy(s, s.body);
          break;
        case 'ClassDef':
        case 'With':
          this.prepare(s.body);
          break;
        case 'If':
        case 'For':
        case 'While':
          this.prepare(s.body);
          this.prepare(s.orelse);
          break;
        case 'Try':
          this.prepare(s.body);
          for (const h of s.handlers) this.prepare(h.body);
          this.prepare(s.orelse);
          this.prepare(s.finalbody);
          break;
        default:
          break;
      }
    }
  }

  private lazy(def: FunctionDef, json: string): FunctionDef {
    const { kind: _kind, body: _body, ...fields } = def;
    return lazyFunctionDef(fields, () => {
      try {
        const body = JSON.parse(json) as Stmt[];
        if (!Array.isArray(body)) throw new Error('not a body');
        this.prepare(body);
        return body;
      } catch {
        // A bad entry is a miss, never a wrong tree: this body as the file's own parse has it.
        this.fresh ??= parsePythonModule(this.text);
        return findFunction(this.fresh.body, def.span.from)?.body ?? [];
      }
    });
  }
}

/** The definition that starts at this offset, at any depth. */
function findFunction(stmts: Stmt[], from: number): FunctionDef | undefined {
  for (const s of stmts) {
    if (s.kind === 'FunctionDef' && s.span.from === from) return s;
    const inner: Stmt[][] =
      s.kind === 'FunctionDef' || s.kind === 'ClassDef' || s.kind === 'With' ? [s.body]
        : s.kind === 'If' || s.kind === 'For' || s.kind === 'While' ? [s.body, s.orelse]
          : s.kind === 'Try' ? [s.body, ...s.handlers.map((h) => h.body), s.orelse, s.finalbody] : [];
    for (const list of inner) {
      if (s.span.from <= from && from < s.span.to) {
        const hit = findFunction(list, from);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

/** Number literals whose value JSON could not hold (Infinity) come back from their source text (not inside stored bodies: those are strings yet). */
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
