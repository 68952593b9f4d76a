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
