/**
 * The models a file defines: top-level classes and factories that can be built without arguments, each with the
 * input annotated on it, and which other definitions its code names (to run a model's sub-modules after it).
 */
import type { ClassDef, FunctionDef, Module } from '../python/ast';
import type { LineIndex } from '../python/lines';
import { parseDirective } from '../annotations';

export interface Candidate {
  name: string;
  kind: 'class' | 'factory';
  line: number;
  /** Offset of its definition (its first decorator, or `class`/`def`). */
  offset: number;
  /** Tensors its forward requires (classes only): a loss taking (logits, targets) needs two. */
  forwardInputs?: number;
  /** The input annotated above the class, its forward, or the factory (`# layer-lens: input …`). */
  input?: number[][];
  /** Top-level names its text mentions. */
  mentions: Set<string>;
}

/** Top-level classes and functions whose parameters all have defaults (a private `_factory` is left out). */
export function candidatesIn(module: Module, text: string, lines: LineIndex): Candidate[] {
  const out: Candidate[] = [];
  const noArgs = (params: FunctionDef['params']) => params.every((p) => p.default || p.kind === 'varargs' || p.kind === 'varkw');
  const mentions = (s: { span: { from: number; to: number } }) => new Set(text.slice(s.span.from, s.span.to).match(IDENT) ?? []);
  for (const s of module.body) {
    const line = lines.position(s.span.from).line;
    if (s.kind === 'ClassDef') {
      const method = (name: string) => s.body.find((b): b is FunctionDef => b.kind === 'FunctionDef' && b.name === name);
      const init = method('__init__');
      const forward = method('forward');
      if (init && !noArgs(init.params.slice(1))) continue;
      const forwardInputs = forward ? forward.params.slice(1).filter((p) => p.kind === 'normal' && !p.default).length : undefined;
      const input = annotatedOn(lines, line) ?? (forward ? annotatedOn(lines, lines.position(forward.span.from).line) : undefined);
      out.push({ name: s.name, kind: 'class', line, offset: s.span.from, forwardInputs, input, mentions: mentions(s) });
    } else if (s.kind === 'FunctionDef' && !s.name.startsWith('_') && noArgs(s.params)) {
      out.push({ name: s.name, kind: 'factory', line, offset: s.span.from, input: annotatedOn(lines, line), mentions: mentions(s) });
    }
  }
  return out;
}

/** Every top-level class and function, by name (the last definition of a name wins, as in Python). */
export function definitionsIn(module: Module): Map<string, ClassDef | FunctionDef> {
  const out = new Map<string, ClassDef | FunctionDef>();
  for (const s of module.body) if (s.kind === 'ClassDef' || s.kind === 'FunctionDef') out.set(s.name, s);
  return out;
}

/**
 * Candidates ordered so that one whose name another candidate's code mentions (a block, used by a network)
 * comes after it: the network runs first, and the block is then seen inside it instead of on a guessed input.
 */
export function usersFirst(candidates: Candidate[]): Candidate[] {
  const names = new Set(candidates.map((c) => c.name));
  const usedBy = new Map<string, number>();
  for (const c of candidates) for (const m of c.mentions) if (m !== c.name && names.has(m)) usedBy.set(m, (usedBy.get(m) ?? 0) + 1);
  // Stable: unused ones first, in file order, then the used ones in file order.
  return [...candidates.filter((c) => !usedBy.has(c.name)), ...candidates.filter((c) => usedBy.has(c.name))];
}

/**
 * `# layer-lens: input …` for a definition starting at `line` (its first decorator, or `class`/`def`): at the end
 * of its header line, or on the comment lines right above it.
 */
function annotatedOn(lines: LineIndex, line: number): number[][] | undefined {
  let header = line;
  while (header < lines.lineCount && lines.lineText(header).trim().startsWith('@')) header++;
  const trailing = /#\s*layer-lens\s*:\s*(.*)$/i.exec(lines.lineText(header));
  const d = trailing ? parseDirective(trailing[1].trim()) : undefined;
  return d && typeof d !== 'string' ? d.shapes : annotatedAbove(lines, line);
}

/** `# layer-lens: input …` on the comment lines right above a line (decorators skipped). */
function annotatedAbove(lines: LineIndex, line: number): number[][] | undefined {
  for (let l = line - 1; l >= 1; l--) {
    const t = lines.lineText(l).trim();
    if (t.startsWith('@')) continue;
    if (!t.startsWith('#')) return undefined;
    const m = /#\s*layer-lens\s*:\s*(.*)$/i.exec(t);
    if (m) {
      const d = parseDirective(m[1].trim());
      return typeof d === 'string' ? undefined : d.shapes;
    }
  }
  return undefined;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;
