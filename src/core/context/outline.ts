/**
 * A version's top-level statements as lezer parsed them, with the names each binds and mentions, grouped into
 * components: definitions that name each other, directly or through others. Enough to tell which lines an edit
 * can change, with nothing converted or run. (An edit inside one class changes the results of its component
 * only; everything else carries over to the next version, shifted.)
 */
import type { SyntaxNode, Tree } from '@lezer/common';

/** An edit's changed region: [fromA, toA) of the old text became [fromB, toB) of the new. */
export interface Change {
  fromA: number;
  toA: number;
  fromB: number;
  toB: number;
}

export interface Unit {
  from: number;
  to: number;
  text: string;
  /** Top-level names it binds: a definition's name, an assignment's targets. */
  binds: string[];
  /** Identifiers its text mentions. */
  mentions: Set<string>;
  /**
   * A class or function definition with no decorator, whose class body only defines methods and attributes:
   * running it binds its name and does nothing else the rest of the module could see.
   */
  plain: boolean;
  /** A class or function definition, decorated or not. */
  definition: boolean;
  /** Its component (plain units only; every other unit is one of the module's top level, always run). */
  component: number;
}

export class Outline {
  readonly units: Unit[] = [];
  /** For each statement outside the edit, the last version's statement it was (same text, moved): new index → old. */
  readonly previous = new Map<number, number>();
  /** Units by the names they bind. */
  private readonly byName: Map<string, number[]> = new Map();

  /**
   * `previous`: the last version's outline and the region an edit changed (./carry.ts's diffRange): a statement
   * outside it has the same text as before, moved, and binds and mentions the same names.
   */
  constructor(readonly text: string, tree: Tree, previous?: { outline: Outline; change: Change }) {
    const old = previous?.outline.units ?? [];
    const c = previous?.change;
    const delta = c ? c.toB - c.fromB - (c.toA - c.fromA) : 0;
    let k = 0;
    /** The old unit at `from` (old offsets) spanning `length`, if any: the old units are in order, so one pass finds them all. */
    const was = (from: number, length: number): number | undefined => {
      while (k < old.length && old[k].from < from) k++;
      const u = old[k];
      return u && u.from === from && u.to - u.from === length ? k : undefined;
    };
    // A cursor, not SyntaxNodes: most statements are the last version's, moved, and need only their offsets.
    const cur = tree.cursor();
    if (cur.firstChild()) {
      do {
        if (cur.name === 'Comment') continue;
        const from = cur.from;
        const to = cur.to;
        const j = !c ? undefined
          : to <= c.fromB ? (to <= c.fromA ? was(from, to - from) : undefined)
            : from >= c.toB ? was(from - delta, to - from) : undefined;
        const same = j === undefined ? undefined : old[j];
        if (j !== undefined) this.previous.set(this.units.length, j);
        let unit: Unit;
        if (same) {
          unit = { ...same, from, to };
        } else {
          const n = cur.node;
          const unitText = text.slice(from, to);
          unit = { from, to, text: unitText, binds: bindsOf(n, text), mentions: new Set(unitText.match(IDENT)), plain: isPlain(n), definition: DEFINITIONS.has(n.name), component: -1 };
        }
        this.units.push(unit);
      } while (cur.nextSibling());
    }
    // An edit that keeps every statement's names (a number typed, a line inside a method): the same graph.
    const prev = previous?.outline;
    if (prev && prev.units.length === this.units.length && this.units.every((u, i) => sameNames(u, prev.units[i]))) {
      this.byName = prev.byName;
      this.units.forEach((u, i) => (u.component = prev.units[i].component));
      return;
    }
    this.units.forEach((u, i) => {
      for (const b of u.binds) {
        const list = this.byName.get(b);
        if (list) list.push(i);
        else this.byName.set(b, [i]);
      }
    });
    this.components();
  }

  /** The units overlapping [from, to) (offsets), in order. */
  unitsIn(from: number, to: number): number[] {
    const out: number[] = [];
    for (let i = this.first(from); i < this.units.length && this.units[i].from < to; i++) if (this.units[i].to > from) out.push(i);
    return out;
  }

  /** The unit holding an offset, if any. */
  unitAt(offset: number): number | undefined {
    const i = this.first(offset);
    const u = this.units[i];
    return u && u.from <= offset && offset < u.to ? i : undefined;
  }

  /** The units binding a name. */
  binding(name: string): number[] {
    return this.byName.get(name) ?? [];
  }

  /** Index of the first unit that ends after `offset`. */
  private first(offset: number): number {
    let lo = 0;
    let hi = this.units.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.units[mid].to <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Plain units joined when one mentions a name another binds, and all those the module's top level mentions
   * joined together (the script's own calls run them one after another, so one can feed the next).
   */
  private components(): void {
    const parent = this.units.map((_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]];
      return i;
    };
    const join = (a: number, b: number) => {
      parent[find(a)] = find(b);
    };
    let script: number | undefined;
    this.units.forEach((u, i) => {
      for (const m of u.mentions) {
        for (const j of this.byName.get(m) ?? []) {
          if (!this.units[j].plain) continue;
          if (u.plain) join(i, j);
          else if (script === undefined) script = j;
          else join(j, script);
        }
      }
    });
    this.units.forEach((u, i) => (u.component = u.plain ? find(i) : -1));
  }
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;

/** The same names bound and mentioned, the same kind of statement (then also the same component). */
function sameNames(a: Unit, b: Unit): boolean {
  if (a === b || (a.text === b.text)) return true;
  if (a.plain !== b.plain || a.definition !== b.definition || a.binds.length !== b.binds.length || a.mentions.size !== b.mentions.size) return false;
  return a.binds.every((x, i) => x === b.binds[i]) && [...a.mentions].every((m) => b.mentions.has(m));
}
/** lezer-python's top-level definitions (a class or a function, decorated or not). */
export const DEFINITIONS = new Set(['ClassDefinition', 'FunctionDefinition', 'DecoratedStatement']);

/** Statements a plain class body may hold: method and attribute definitions, a docstring, `pass`. */
const CLASS_BODY = new Set(['FunctionDefinition', 'DecoratedStatement', 'AssignStatement', 'ExpressionStatement', 'PassStatement', 'Comment', ':']);

function isPlain(n: SyntaxNode): boolean {
  if (n.name === 'FunctionDefinition') return true;
  if (n.name !== 'ClassDefinition') return false;
  const body = n.getChild('Body');
  if (!body) return false;
  for (let c = body.firstChild; c; c = c.nextSibling) if (!CLASS_BODY.has(c.name) && !c.type.isError) return false;
  return true;
}

function bindsOf(n: SyntaxNode, text: string): string[] {
  const name = (d: SyntaxNode | null) => {
    const v = d?.getChild('VariableName');
    return v ? [text.slice(v.from, v.to)] : [];
  };
  if (n.name === 'ClassDefinition' || n.name === 'FunctionDefinition') return name(n);
  if (n.name === 'DecoratedStatement') return name(n.getChild('ClassDefinition') ?? n.getChild('FunctionDefinition'));
  if (n.name === 'AssignStatement') {
    const out: string[] = [];
    for (let c = n.firstChild; c && c.name !== 'AssignOp'; c = c.nextSibling) if (c.name === 'VariableName') out.push(text.slice(c.from, c.to));
    return out;
  }
  return [];
}
