/** Names a block of statements binds, from its syntax alone. */
import type { Expr, Stmt } from './ast';

/** Names a block assigns at its own level or in nested control flow (not inside nested functions or classes). */
export function assignedNames(stmts: Stmt[]): Set<string> {
  const out = new Set<string>();
  const target = (t: Expr) => {
    if (t.kind === 'Name') out.add(t.id);
    else if (t.kind === 'Tuple' || t.kind === 'List') t.elts.forEach(target);
    else if (t.kind === 'Starred') target(t.value);
  };
  const walk = (ss: Stmt[]) => {
    for (const s of ss) {
      switch (s.kind) {
        case 'Assign': s.targets.forEach(target); break;
        case 'AugAssign': target(s.target); break;
        case 'For': target(s.target); walk(s.body); walk(s.orelse); break;
        case 'While': walk(s.body); walk(s.orelse); break;
        case 'If': walk(s.body); walk(s.orelse); break;
        case 'Try': walk(s.body); s.handlers.forEach((h) => walk(h.body)); walk(s.orelse); walk(s.finalbody); break;
        case 'With': s.items.forEach((i) => i.target && target(i.target)); walk(s.body); break;
        case 'FunctionDef':
        case 'ClassDef': out.add(s.name); break;
        default: break;
      }
    }
  };
  walk(stmts);
  return out;
}

/** Methods that change the list, dict or set they are called on. */
const MUTATORS = new Set(['append', 'extend', 'insert', 'pop', 'remove', 'clear', 'update', 'setdefault', 'add', 'discard', 'sort', 'reverse', 'popitem']);

/**
 * Names whose value a block changes in place, from its syntax alone: `xs.append(…)`, `d[k] = …`, `del xs[i]`,
 * at its own level or in nested control flow (a skipped loop that fills a list leaves the list not known).
 */
export function mutatedNames(stmts: Stmt[]): Set<string> {
  const out = new Set<string>();
  // A name's own value or an item of it; not an attribute (`self.blocks.append` leaves `self` what it was: an
  // object's attributes are its own business, and a module built in a skipped loop is said at the loop).
  const root = (e: Expr): string | undefined => (e.kind === 'Name' ? e.id : e.kind === 'Subscript' ? root(e.object) : undefined);
  const inPlace = (t: Expr) => {
    if (t.kind === 'Subscript') {
      const r = root(t);
      if (r) out.add(r);
    } else if (t.kind === 'Tuple' || t.kind === 'List') t.elts.forEach(inPlace);
  };
  const walk = (ss: Stmt[]) => {
    for (const s of ss) {
      switch (s.kind) {
        case 'Expr': {
          const v = s.value;
          if (v.kind === 'Call' && v.func.kind === 'Attribute' && MUTATORS.has(v.func.attr)) {
            const r = root(v.func.object);
            if (r) out.add(r);
          }
          break;
        }
        case 'Assign': s.targets.forEach(inPlace); break;
        case 'AugAssign': inPlace(s.target); break;
        case 'Delete': s.targets.forEach(inPlace); break;
        case 'For': case 'While': case 'If': walk(s.body); walk(s.orelse); break;
        case 'Try': walk(s.body); s.handlers.forEach((h) => walk(h.body)); walk(s.orelse); walk(s.finalbody); break;
        case 'With': walk(s.body); break;
        default: break;
      }
    }
  };
  walk(stmts);
  return out;
}
