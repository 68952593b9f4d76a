/**
 * @lezer/python tree → our own AST (./ast.ts).
 *
 * Lezer keeps tokens flat inside their parent (a tuple's commas, an import's dots), so most of this file
 * is grouping sibling tokens. Comments are skipped wherever they appear; error nodes (⚠) are recorded as
 * syntax errors and skipped, so the parts that do parse still produce statements.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { forLezer, lezerParse, notFirst } from './lezerQuirks';
import type {
  Arg, Comprehension, DictItem, ExceptHandler, Expr, FStringPart, FunctionDef, Module, Param, Span, Stmt,
} from './ast';

export interface ParsedModule {
  module: Module;
  tree: Tree;
}

/**
 * Parse Python source into our AST. Never throws on bad input.
 *
 * `lazyBodies`: a function's body is converted when it is first read. An evaluator reads only the bodies it
 * runs, and most of a library module's functions (torchvision's transforms, a 10k-line file's other classes)
 * never run. Syntax errors inside a body join `syntaxErrors` when the body is read.
 */
export function parsePython(text: string, tree?: Tree, options: { lazyBodies?: boolean; select?: (from: number, to: number) => boolean } = {}): ParsedModule {
  const prepared = forLezer(text);
  const t = tree ?? lezerParse(prepared.text).tree;
  const conv = new Converter(text, options.lazyBodies ?? false, prepared.floats);
  // `select`: only the top-level statements it picks are converted (the others are as good as absent).
  const body = conv.statements(t.topNode, options.select);
  const syntaxErrors = unique(conv.errors);
  conv.errors = syntaxErrors;
  return { module: { body, syntaxErrors }, tree: t };
}

/** A file's tree, its function bodies converted when first read (what the engine and the parse cache hold). */
export function parsePythonModule(text: string): Module {
  return parsePython(text, undefined, { lazyBodies: true }).module;
}

/** The same error node can be met more than once while grouping tokens. */
function unique(errors: Span[]): Span[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.from}:${e.to}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** The module's top-level nodes (statements, comments and error nodes), for per-statement caching. */
export function topLevelNodes(tree: Tree): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = tree.topNode.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

const COMPARE_OPS = new Set(['<', '>', '==', '>=', '<=', '!=', '<>', 'in', 'not in', 'is', 'is not']);
const BRACKETS = new Set(['(', ')', '[', ']', '{', '}']);

/** Deeper nesting than this is left opaque: no real model needs it, and it keeps recursion bounded. */
const MAX_NESTING = 200;

class Converter {
  errors: Span[] = [];
  private depth = 0;
  /** `floats`: where a trailing-dot float starts, which lezer read with a 0 for its dot (./lezerQuirks.ts). */
  constructor(private readonly text: string, private readonly lazy = false, private readonly floats = new Set<number>()) {}

  private src(n: { from: number; to: number }): string {
    return this.text.slice(n.from, n.to);
  }

  /** Children that carry meaning: comments dropped, error nodes recorded and dropped. */
  private kids(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Comment') continue;
      if (c.type.isError) {
        this.errors.push(span(c));
        continue;
      }
      out.push(c);
    }
    return out;
  }

  // ---------------------------------------------------------------- statements

  statements(n: SyntaxNode, select?: (from: number, to: number) => boolean): Stmt[] {
    const out: Stmt[] = [];
    if (this.depth > MAX_NESTING) {
      out.push({ kind: 'Opaque', reason: 'code nested too deeply to analyse', span: span(n) });
      return out;
    }
    this.depth++;
    for (const c of this.kids(n)) {
      if (c.name === ':') continue; // a Body starts with its colon
      if (select && !select(c.from, c.to)) continue;
      this.statementInto(c, out);
    }
    this.depth--;
    return out;
  }

  statementInto(n: SyntaxNode, out: Stmt[]): void {
    if (n.name === 'StatementGroup') {
      for (const c of this.kids(n)) if (c.name !== ';') this.statementInto(c, out);
      return;
    }
    const s = this.statement(n);
    if (s) out.push(s);
  }

  private statement(n: SyntaxNode): Stmt | undefined {
    const sp = span(n);
    const rule = Converter.statementRules.get(n.name);
    // MatchStatement → `match` statement: the construct as the code writes it.
    return rule ? rule(this, n, sp) : { kind: 'Opaque', reason: `a ${n.name.endsWith('Statement') ? `\`${n.name.slice(0, -'Statement'.length).toLowerCase()}\` statement` : n.name}`, span: sp };
  }

  /** How each lezer statement node becomes ours. */
  private static readonly statementRules = new Map<string, (cv: Converter, n: SyntaxNode, sp: Span) => Stmt | undefined>([
    ['ExpressionStatement', (cv, n, sp) => ({ kind: 'Expr', value: cv.exprList(cv.kids(n), sp), span: sp })],
    ['AssignStatement', (cv, n) => cv.assign(n)],
    ['UpdateStatement', (cv, n, sp) => {
      const k = cv.kids(n);
      const opIdx = k.findIndex((c) => c.name === 'UpdateOp');
      if (opIdx < 0) return { kind: 'Opaque', reason: 'incomplete augmented assignment', span: sp };
      const op = cv.src(k[opIdx]).replace('=', '');
      return { kind: 'AugAssign', op, span: sp, target: cv.exprList(k.slice(0, opIdx), sp), value: cv.exprList(k.slice(opIdx + 1), sp) };
    }],
    ['FunctionDefinition', (cv, n) => cv.functionDef(n, [])],
    ['ClassDefinition', (cv, n) => cv.classDef(n, [])],
    ['DecoratedStatement', (cv, n) => cv.decorated(n)],
    ['ReturnStatement', (cv, n, sp) => {
      const k = cv.kids(n).slice(1);
      return { kind: 'Return', value: k.length ? cv.exprList(k, sp) : undefined, span: sp };
    }],
    ['IfStatement', (cv, n, sp) => cv.ifStmt(cv.kids(n), 0, sp)],
    ['WhileStatement', (cv, n, sp) => {
      const k = cv.kids(n);
      const bodies = k.filter((c) => c.name === 'Body');
      const testNodes = k.slice(1, k.findIndex((c) => c.name === 'Body'));
      return {
        kind: 'While', span: sp, test: cv.exprList(testNodes, sp),
        body: bodies[0] ? cv.statements(bodies[0]) : [], orelse: bodies[1] ? cv.statements(bodies[1]) : [],
      };
    }],
    ['ForStatement', (cv, n) => cv.forStmt(n)],
    ['PassStatement', (_cv, _n, sp) => ({ kind: 'Pass', span: sp })],
    ['BreakStatement', (_cv, _n, sp) => ({ kind: 'Break', span: sp })],
    ['ContinueStatement', (_cv, _n, sp) => ({ kind: 'Continue', span: sp })],
    ['ImportStatement', (cv, n) => cv.importStmt(n)],
    ['TryStatement', (cv, n) => cv.tryStmt(n)],
    ['WithStatement', (cv, n) => cv.withStmt(n)],
    ['RaiseStatement', (cv, n, sp) => {
      const k = cv.kids(n).slice(1);
      const fromIdx = k.findIndex((c) => c.name === 'from');
      const excNodes = fromIdx >= 0 ? k.slice(0, fromIdx) : k;
      return { kind: 'Raise', exc: excNodes.length ? cv.expr(excNodes[0]) : undefined, span: sp };
    }],
    ['ScopeStatement', (cv, n, sp) => {
      const k = cv.kids(n);
      const kind = k[0] && cv.src(k[0]) === 'nonlocal' ? 'Nonlocal' : 'Global';
      return { kind, names: k.filter((c) => c.name === 'VariableName').map((c) => cv.src(c)), span: sp };
    }],
    ['DeleteStatement', (cv, n, sp) => ({ kind: 'Delete', targets: cv.groups(cv.kids(n).slice(1)).map((g) => cv.exprList(g, sp)), span: sp })],
    ['AssertStatement', (cv, n, sp) => {
      const g = cv.groups(cv.kids(n).slice(1));
      return { kind: 'Assert', test: cv.exprList(g[0] ?? [], sp), msg: g[1] ? cv.exprList(g[1], sp) : undefined, span: sp };
    }],
    ['YieldStatement', (_cv, _n, sp) => ({ kind: 'Expr', value: { kind: 'Opaque', reason: 'yield is not evaluated', span: sp }, span: sp })],
  ]);

  private assign(n: SyntaxNode): Stmt {
    const sp = span(n);
    const k = this.kids(n);
    const parts: SyntaxNode[][] = [[]];
    let annotation: Expr | undefined;
    for (const c of k) {
      if (c.name === 'AssignOp') parts.push([]);
      else if (c.name === 'TypeDef') annotation = this.typeDef(c);
      else parts[parts.length - 1].push(c);
    }
    if (parts.length === 1) {
      if (annotation) return { kind: 'AnnAssign', target: this.exprList(parts[0], sp), annotation, span: sp };
      return { kind: 'Expr', value: this.exprList(parts[0], sp), span: sp };
    }
    const value = this.exprList(parts[parts.length - 1], sp);
    const targets = parts.slice(0, -1).map((p) => this.exprList(p, sp));
    return { kind: 'Assign', targets, value, annotation, span: sp };
  }

  private typeDef(n: SyntaxNode): Expr | undefined {
    const k = this.kids(n).filter((c) => c.name !== ':');
    return k.length ? this.expr(k[k.length - 1]) : undefined;
  }

  private ifStmt(k: SyntaxNode[], start: number, sp: Span): Stmt {
    // k[start] is `if` or `elif`; then the test, then a Body; then elif/else.
    const bodyIdx = k.findIndex((c, i) => i > start && c.name === 'Body');
    const test = this.exprList(k.slice(start + 1, bodyIdx < 0 ? undefined : bodyIdx), sp);
    const body = bodyIdx >= 0 ? this.statements(k[bodyIdx]) : [];
    let orelse: Stmt[] = [];
    const next = bodyIdx >= 0 ? k[bodyIdx + 1] : undefined;
    if (next && next.name === 'elif') {
      orelse = [this.ifStmt(k, bodyIdx + 1, { from: next.from, to: sp.to })];
    } else if (next && next.name === 'else' && k[bodyIdx + 2]) {
      orelse = this.statements(k[bodyIdx + 2]);
    }
    return { kind: 'If', test, body, orelse, span: sp };
  }

  private forStmt(n: SyntaxNode): Stmt {
    const sp = span(n);
    const k = this.kids(n).filter((c) => c.name !== 'async');
    const inIdx = k.findIndex((c) => c.name === 'in');
    const bodyIdx = k.findIndex((c) => c.name === 'Body');
    const bodies = k.filter((c) => c.name === 'Body');
    return {
      kind: 'For', span: sp,
      target: this.exprList(k.slice(1, inIdx < 0 ? 1 : inIdx), sp),
      iter: this.exprList(inIdx < 0 ? [] : k.slice(inIdx + 1, bodyIdx < 0 ? undefined : bodyIdx), sp),
      body: bodies[0] ? this.statements(bodies[0]) : [],
      orelse: bodies[1] ? this.statements(bodies[1]) : [],
    };
  }

  private tryStmt(n: SyntaxNode): Stmt {
    const sp = span(n);
    const k = this.kids(n);
    const res = { kind: 'Try' as const, body: [] as Stmt[], handlers: [] as ExceptHandler[], orelse: [] as Stmt[], finalbody: [] as Stmt[], span: sp };
    let i = 0;
    while (i < k.length) {
      const c = k[i];
      const bodyIdx = k.findIndex((b, j) => j > i && b.name === 'Body');
      if (bodyIdx < 0) break;
      const body = this.statements(k[bodyIdx]);
      if (c.name === 'try') res.body = body;
      else if (c.name === 'except') {
        const head = k.slice(i + 1, bodyIdx).filter((h) => this.src(h) !== '*');
        const asIdx = head.findIndex((h) => h.name === 'as');
        const typeNodes = asIdx >= 0 ? head.slice(0, asIdx) : head;
        res.handlers.push({
          type: typeNodes.length ? this.exprList(typeNodes, sp) : undefined,
          name: asIdx >= 0 && head[asIdx + 1] ? this.src(head[asIdx + 1]) : undefined,
          body,
          span: { from: c.from, to: k[bodyIdx].to },
        });
      } else if (c.name === 'else') res.orelse = body;
      else if (c.name === 'finally') res.finalbody = body;
      i = bodyIdx + 1;
    }
    return res;
  }

  private withStmt(n: SyntaxNode): Stmt {
    const sp = span(n);
    const k = this.kids(n).filter((c) => c.name !== 'async' && c.name !== 'with');
    const bodyIdx = k.findIndex((c) => c.name === 'Body');
    const head = bodyIdx >= 0 ? k.slice(0, bodyIdx) : k;
    const items = this.groups(head).map((g) => {
      const asIdx = g.findIndex((c) => c.name === 'as');
      return asIdx >= 0
        ? { context: this.exprList(g.slice(0, asIdx), sp), target: this.exprList(g.slice(asIdx + 1), sp) }
        : { context: this.exprList(g, sp) };
    });
    return { kind: 'With', items, body: bodyIdx >= 0 ? this.statements(k[bodyIdx]) : [], span: sp };
  }

  private importStmt(n: SyntaxNode): Stmt {
    const sp = span(n);
    const k = this.kids(n);
    if (k[0]?.name === 'from') {
      const importIdx = k.findIndex((c) => c.name === 'import');
      const modNodes = k.slice(1, importIdx < 0 ? undefined : importIdx);
      let level = 0;
      let module = '';
      for (const c of modNodes) {
        if (c.name === '.' || c.name === 'Ellipsis') {
          if (module === '') level += this.src(c).length;
          else module += '.';
        } else module += this.src(c);
      }
      const rest = importIdx < 0 ? [] : k.slice(importIdx + 1).filter((c) => c.name !== '(' && c.name !== ')');
      const star = rest.some((c) => c.name === '*');
      const names = this.groups(rest)
        .filter((g) => g.length && g[0].name === 'VariableName')
        .map((g) => ({
          name: this.src(g[0]),
          asname: g[1]?.name === 'as' && g[2] ? this.src(g[2]) : undefined,
          span: { from: g[0].from, to: g[g.length - 1].to },
        }));
      return { kind: 'ImportFrom', level, module, names, star, span: sp };
    }
    const names = this.groups(k.slice(1)).filter((g) => g.length).map((g) => {
      const asIdx = g.findIndex((c) => c.name === 'as');
      const dotted = (asIdx >= 0 ? g.slice(0, asIdx) : g).map((c) => this.src(c)).join('');
      return {
        module: dotted,
        asname: asIdx >= 0 && g[asIdx + 1] ? this.src(g[asIdx + 1]) : undefined,
        span: { from: g[0].from, to: g[g.length - 1].to },
      };
    }).filter((x) => x.module !== '');
    return { kind: 'Import', names, span: sp };
  }

  private decorated(n: SyntaxNode): Stmt {
    const decorators: Expr[] = [];
    let def: Stmt | undefined;
    for (const c of this.kids(n)) {
      if (c.name === 'Decorator') decorators.push(this.decorator(c));
      else if (c.name === 'FunctionDefinition') def = this.functionDef(c, decorators);
      else if (c.name === 'ClassDefinition') def = this.classDef(c, decorators);
    }
    return def ?? { kind: 'Opaque', reason: 'decorator without a definition', span: span(n) };
  }

  private decorator(n: SyntaxNode): Expr {
    const k = this.kids(n).filter((c) => c.name !== 'At');
    // `@a.b(c)` arrives as flat tokens: VariableName . VariableName ArgList
    if (k.length && k.every((c) => c.name === 'VariableName' || c.name === '.' || c.name === 'ArgList')) {
      let e: Expr | undefined;
      for (const c of k) {
        if (c.name === 'VariableName') {
          const s = span(c);
          e = e ? { kind: 'Attribute', object: e, attr: this.src(c), attrSpan: s, span: { from: e.span.from, to: s.to } } : { kind: 'Name', id: this.src(c), span: s };
        } else if (c.name === 'ArgList' && e) {
          e = { kind: 'Call', func: e, args: this.args(c), span: { from: e.span.from, to: c.to }, argsSpan: span(c) };
        }
      }
      if (e) return e;
    }
    return this.exprList(k, span(n));
  }

  private functionDef(n: SyntaxNode, decorators: Expr[]): Stmt {
    const sp = span(n);
    const k = this.kids(n);
    const nameNode = k.find((c) => c.name === 'VariableName');
    const paramList = k.find((c) => c.name === 'ParamList');
    const ret = k.find((c) => c.name === 'TypeDef');
    const body = k.find((c) => c.name === 'Body');
    const fields = {
      name: nameNode ? this.src(nameNode) : '',
      nameSpan: nameNode ? span(nameNode) : sp,
      params: paramList ? this.params(paramList) : [],
      decorators,
      returns: ret ? this.typeDef(ret) : undefined,
      isAsync: k.some((c) => c.name === 'async'),
      span: sp,
    };
    if (body && this.lazy) return new LazyFunctionDef(fields, this.lazyBody(body));
    return {
      kind: 'FunctionDef', name: fields.name, nameSpan: fields.nameSpan, params: fields.params,
      body: body ? this.statements(body) : [],
      decorators, returns: fields.returns, isAsync: fields.isAsync, span: sp,
    };
  }

  /** Converts `body` when called, as this converter would have (same depth, same error list). */
  private lazyBody(body: SyntaxNode): () => Stmt[] {
    const depth = this.depth;
    return () => {
      const conv = new Converter(this.text, true);
      conv.depth = depth;
      conv.errors = this.errors;
      try {
        return conv.statements(body);
      } catch {
        // A shape of broken code the converter did not foresee stays opaque: it never throws at a reader.
        return [{ kind: 'Opaque', reason: 'code Layer Lens could not read', span: span(body) }];
      }
    };
  }

  private classDef(n: SyntaxNode, decorators: Expr[]): Stmt {
    const sp = span(n);
    const k = this.kids(n);
    const nameNode = k.find((c) => c.name === 'VariableName');
    const argList = k.find((c) => c.name === 'ArgList');
    const body = k.find((c) => c.name === 'Body');
    return {
      kind: 'ClassDef',
      name: nameNode ? this.src(nameNode) : '',
      nameSpan: nameNode ? span(nameNode) : sp,
      bases: argList ? this.args(argList) : [],
      body: body ? this.statements(body) : [],
      decorators,
      span: sp,
    };
  }

  private params(n: SyntaxNode): Param[] {
    const out: Param[] = [];
    let kwOnly = false;
    const k = this.kids(n).filter((c) => c.name !== '(' && c.name !== ')');
    for (const g of this.groups(k)) {
      if (!g.length) continue; // a bare `/` leaves an empty group
      const first = g[0];
      const gs = { from: first.from, to: g[g.length - 1].to };
      if (first.name === '*' || first.name === '**') {
        const nameNode = g.find((c) => c.name === 'VariableName');
        if (!nameNode) {
          kwOnly = true; // a bare `*`
          continue;
        }
        const td = g.find((c) => c.name === 'TypeDef');
        out.push({ name: this.src(nameNode), kind: first.name === '*' ? 'varargs' : 'varkw', annotation: td ? this.typeDef(td) : undefined, span: gs });
        if (first.name === '*') kwOnly = true;
        continue;
      }
      if (first.name !== 'VariableName') continue;
      const td = g.find((c) => c.name === 'TypeDef');
      const eqIdx = g.findIndex((c) => c.name === 'AssignOp');
      out.push({
        name: this.src(first),
        kind: kwOnly ? 'kwonly' : 'normal',
        default: eqIdx >= 0 && g[eqIdx + 1] ? this.expr(g[eqIdx + 1]) : undefined,
        annotation: td ? this.typeDef(td) : undefined,
        span: gs,
      });
    }
    return out;
  }

  // ---------------------------------------------------------------- expressions

  /** Split flat sibling tokens at commas. A trailing comma leaves an empty last group. */
  private groups(k: SyntaxNode[]): SyntaxNode[][] {
    const out: SyntaxNode[][] = [[]];
    for (const c of k) {
      if (c.name === ',') out.push([]);
      else out[out.length - 1].push(c);
    }
    return out;
  }

  /** Comma-separated expressions at statement level: one expression, or an implicit tuple. */
  private exprList(k: SyntaxNode[], fallback: Span): Expr {
    const gs = this.groups(k);
    const nonEmpty = gs.filter((g) => g.length);
    if (nonEmpty.length === 0) return { kind: 'Opaque', reason: 'missing expression', span: fallback };
    if (gs.length === 1) return this.starredOrExpr(gs[0]);
    const elts = nonEmpty.map((g) => this.starredOrExpr(g));
    return { kind: 'Tuple', elts, span: { from: elts[0].span.from, to: elts[elts.length - 1].span.to } };
  }

  private starredOrExpr(g: SyntaxNode[]): Expr {
    if ((g[0].name === '*' || g[0].name === '**') && g[1]) {
      return { kind: 'Starred', value: this.expr(g[1]), double: g[0].name === '**', span: { from: g[0].from, to: g[1].to } };
    }
    return this.expr(g[0]);
  }

  expr(n: SyntaxNode): Expr {
    if (this.depth > MAX_NESTING) return { kind: 'Opaque', reason: 'expression nested too deeply to analyse', span: span(n) };
    this.depth++;
    try {
      return this.exprInner(n);
    } finally {
      this.depth--;
    }
  }

  private exprInner(n: SyntaxNode): Expr {
    const sp = span(n);
    const rule = Converter.expressionRules.get(n.name);
    if (rule) return rule(this, n, sp);
    if (n.type.isError) this.errors.push(sp);
    return { kind: 'Opaque', reason: `cannot read \`${this.src(n).slice(0, 40)}\``, span: sp };
  }

  /** How each lezer expression node becomes ours. */
  private static readonly expressionRules = new Map<string, (cv: Converter, n: SyntaxNode, sp: Span) => Expr>([
    ['VariableName', (cv, n, sp) => ({ kind: 'Name', id: cv.src(n), span: sp })],
    ['Number', (cv, n) => cv.number(n)],
    ['String', (cv, n) => cv.string(n)],
    ['FormatString', (cv, n) => cv.fstring(n)],
    ['ContinuedString', (cv, n, sp) => {
      const parts = cv.kids(n).map((c) => cv.expr(c));
      const fstring = parts.some((p) => p.kind !== 'String' || p.fstring);
      const value = parts.map((p) => (p.kind === 'String' ? p.value : '')).join('');
      return { kind: 'String', value, fstring, bytes: parts.some((p) => p.kind === 'String' && p.bytes), span: sp };
    }],
    ['Boolean', (cv, n, sp) => ({ kind: 'Const', value: cv.src(n) === 'True', span: sp })],
    ['None', (_cv, _n, sp) => ({ kind: 'Const', value: null, span: sp })],
    ['Ellipsis', (_cv, _n, sp) => ({ kind: 'Const', value: 'Ellipsis', span: sp })],
    ['ParenthesizedExpression', (cv, n, sp) => {
      const inner = cv.kids(n).filter((c) => c.name !== '(' && c.name !== ')');
      return inner.length ? cv.exprList(inner, sp) : { kind: 'Tuple', elts: [], span: sp };
    }],
    ['TupleExpression', (cv, n, sp) => ({ kind: 'Tuple', elts: cv.elements(n), span: sp })],
    ['ArrayExpression', (cv, n, sp) => ({ kind: 'List', elts: cv.elements(n), span: sp })],
    ['SetExpression', (cv, n, sp) => ({ kind: 'Set', elts: cv.elements(n), span: sp })],
    ['DictionaryExpression', (cv, n) => cv.dict(n)],
    ['ComprehensionExpression', (cv, n) => cv.comprehension(n, 'generator')],
    ['ArrayComprehensionExpression', (cv, n) => cv.comprehension(n, 'list')],
    ['SetComprehensionExpression', (cv, n) => cv.comprehension(n, 'set')],
    ['DictionaryComprehensionExpression', (cv, n) => cv.comprehension(n, 'dict')],
    ['CallExpression', (cv, n, sp) => {
      const k = cv.kids(n);
      const argList = k.find((c) => c.name === 'ArgList');
      if (!k[0] || !argList) return { kind: 'Opaque', reason: 'incomplete call', span: sp };
      return { kind: 'Call', func: cv.expr(k[0]), args: cv.args(argList), span: sp, argsSpan: span(argList) };
    }],
    ['MemberExpression', (cv, n) => cv.member(n)],
    ['BinaryExpression', (cv, n) => cv.binary(n)],
    ['UnaryExpression', (cv, n, sp) => {
      const k = cv.kids(n);
      if (k.length < 2) return { kind: 'Opaque', reason: 'incomplete expression', span: sp };
      const op = cv.src(k[0]) as '-' | '+' | '~' | 'not';
      const operand = cv.expr(k[k.length - 1]);
      // @lezer/python parses `not a or b` as `not (a or b)` (./lezerQuirks.ts).
      if (op === 'not' && operand.kind === 'BoolOp' && k[k.length - 1].name === 'BinaryExpression') return notFirst(operand, k[0].from);
      return { kind: 'Unary', op, operand, span: sp };
    }],
    ['ConditionalExpression', (cv, n, sp) => {
      const k = cv.kids(n);
      const ifIdx = k.findIndex((c) => c.name === 'if');
      const elseIdx = k.findIndex((c) => c.name === 'else');
      if (ifIdx < 1 || elseIdx < 0 || !k[elseIdx + 1]) return { kind: 'Opaque', reason: 'incomplete conditional expression', span: sp };
      return { kind: 'IfExp', body: cv.expr(k[0]), test: cv.expr(k[ifIdx + 1]), orelse: cv.expr(k[elseIdx + 1]), span: sp };
    }],
    ['LambdaExpression', (cv, n, sp) => {
      const k = cv.kids(n);
      const pl = k.find((c) => c.name === 'ParamList');
      const last = k[k.length - 1];
      if (!last || last.name === ':' || last.name === 'lambda') return { kind: 'Opaque', reason: 'incomplete lambda', span: sp };
      return { kind: 'Lambda', params: pl ? cv.params(pl) : [], body: cv.expr(last), span: sp };
    }],
    ['NamedExpression', (cv, n, sp) => {
      const k = cv.kids(n);
      if (k[0]?.name !== 'VariableName' || !k[2]) return { kind: 'Opaque', reason: 'incomplete assignment expression', span: sp };
      return { kind: 'Named', target: { kind: 'Name', id: cv.src(k[0]), span: span(k[0]) }, value: cv.expr(k[2]), span: sp };
    }],
    ['AwaitExpression', (_cv, _n, sp) => ({ kind: 'Opaque', reason: 'await is not evaluated', span: sp })],
    ['YieldExpression', (_cv, _n, sp) => ({ kind: 'Opaque', reason: 'yield is not evaluated', span: sp })],
  ]);

  private number(n: SyntaxNode): Expr {
    // A trailing-dot float, which lezer read with a 0 for its dot (./lezerQuirks.ts): its value is the original's.
    const dotted = this.floats.has(n.from);
    const sp = span(n);
    const raw = this.src(sp);
    if (dotted && !/[jJ]$/.test(raw)) return { kind: 'Number', value: Number(raw.replace(/_/g, '')), isInt: false, raw, span: sp };
    const clean = raw.replace(/_/g, '');
    if (/[jJ]$/.test(clean)) return { kind: 'Opaque', reason: 'complex numbers are not evaluated', span: sp };
    if (/^0[xob]/i.test(clean)) {
      const base = { x: 16, o: 8, b: 2 }[clean[1].toLowerCase() as 'x' | 'o' | 'b'];
      return { kind: 'Number', value: parseInt(clean.slice(2), base), isInt: true, raw, span: sp };
    }
    const isInt = /^[0-9]+$/.test(clean);
    return { kind: 'Number', value: Number(clean), isInt, raw, span: sp };
  }

  /** f"stage{i}": literal text between replacement fields, `{{` and `}}` unescaped. */
  private fstring(n: SyntaxNode): Expr {
    const sp = span(n);
    const raw = this.src(n);
    const m = /^([rRbBuUfF]*)('''|"""|'|")/.exec(raw);
    const start = n.from + (m ? m[0].length : 0);
    const end = n.to - (m && raw.endsWith(m[2]) ? m[2].length : 0);
    const parts: FStringPart[] = [];
    const literal = (from: number, to: number) => {
      if (to > from) parts.push(this.text.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}'));
    };
    let pos = start;
    for (const r of this.kids(n)) {
      if (r.name !== 'FormatReplacement') continue;
      literal(pos, r.from);
      const inner = this.kids(r).filter((c) => c.name !== '{' && c.name !== '}');
      const exprNode = inner.find((c) => c.name !== 'FormatConversion' && c.name !== 'FormatSpec' && c.name !== 'FormatSelfDoc');
      const conv = inner.find((c) => c.name === 'FormatConversion');
      const spec = inner.find((c) => c.name === 'FormatSpec');
      parts.push({
        expr: exprNode ? this.expr(exprNode) : { kind: 'Opaque', reason: 'empty replacement field', span: span(r) },
        conversion: conv ? this.src(conv).slice(1) : undefined,
        spec: spec ? this.src(spec).slice(1) : undefined,
      });
      pos = r.to;
    }
    literal(pos, end);
    return { kind: 'String', value: '', fstring: true, bytes: false, parts, span: sp };
  }

  private string(n: SyntaxNode): Expr {
    const sp = span(n);
    const raw = this.src(n);
    const m = /^([rRbBuUfF]*)('''|"""|'|")/.exec(raw);
    if (!m) return { kind: 'String', value: raw, fstring: false, bytes: false, span: sp };
    const prefix = m[1].toLowerCase();
    const q = m[2];
    let body = raw.slice(m[0].length);
    if (body.endsWith(q)) body = body.slice(0, body.length - q.length);
    const value = prefix.includes('r') ? body : unescapePython(body);
    return { kind: 'String', value, fstring: prefix.includes('f'), bytes: prefix.includes('b'), span: sp };
  }

  private elements(n: SyntaxNode): Expr[] {
    const inner = this.kids(n).filter((c) => !BRACKETS.has(c.name));
    return this.groups(inner).filter((g) => g.length).map((g) => this.starredOrExpr(g));
  }

  private dict(n: SyntaxNode): Expr {
    const inner = this.kids(n).filter((c) => c.name !== '{' && c.name !== '}');
    const items: DictItem[] = [];
    for (const g of this.groups(inner)) {
      if (!g.length) continue;
      if (g[0].name === '**' && g[1]) items.push({ spread: this.expr(g[1]) });
      else if (g[1]?.name === ':' && g[2]) items.push({ key: this.expr(g[0]), value: this.expr(g[2]) });
    }
    return { kind: 'Dict', items, span: span(n) };
  }

  /** Tokens: elt [':' value] ('async'? 'for' targets 'in' iter ('if' cond)*)+ */
  private comprehension(n: SyntaxNode, type: 'list' | 'set' | 'generator' | 'dict'): Expr {
    const k = this.kids(n).filter((c) => !BRACKETS.has(c.name));
    return this.comprehensionFrom(k, type, span(n));
  }

  private comprehensionFrom(k: SyntaxNode[], type: 'list' | 'set' | 'generator' | 'dict', sp: Span): Expr {
    const forIdx = k.findIndex((c) => c.name === 'for' || c.name === 'async');
    if (forIdx < 1) return { kind: 'Opaque', reason: 'incomplete comprehension', span: sp };
    const head = k.slice(0, forIdx);
    let elt: Expr;
    let value: Expr | undefined;
    if (type === 'dict') {
      const colon = head.findIndex((c) => c.name === ':');
      if (colon < 1 || !head[colon + 1]) return { kind: 'Opaque', reason: 'incomplete dict comprehension', span: sp };
      elt = this.expr(head[0]);
      value = this.expr(head[colon + 1]);
    } else {
      elt = this.exprList(head, sp);
    }
    const generators: Comprehension[] = [];
    let i = forIdx;
    while (i < k.length) {
      if (k[i].name === 'async') { i++; continue; }
      if (k[i].name !== 'for') break;
      const inIdx = k.findIndex((c, j) => j > i && c.name === 'in');
      if (inIdx < 0) return { kind: 'Opaque', reason: 'incomplete comprehension', span: sp };
      const target = this.exprList(k.slice(i + 1, inIdx), sp);
      let j = inIdx + 1;
      const iterNodes: SyntaxNode[] = [];
      while (j < k.length && k[j].name !== 'if' && k[j].name !== 'for' && k[j].name !== 'async') iterNodes.push(k[j++]);
      const ifs: Expr[] = [];
      while (j < k.length && k[j].name === 'if') {
        if (k[j + 1]) ifs.push(this.expr(k[j + 1]));
        j += 2;
      }
      generators.push({ target, iter: this.exprList(iterNodes, sp), ifs });
      i = j;
    }
    return { kind: 'Comp', type, elt, value, generators, span: sp };
  }

  args(n: SyntaxNode): Arg[] {
    const inner = this.kids(n).filter((c) => c.name !== '(' && c.name !== ')');
    // `f(x for x in y)`: a bare generator argument arrives as flat tokens.
    if (inner.some((c) => c.name === 'for')) {
      const sp = span(n);
      return [{ kind: 'positional', value: this.comprehensionFrom(inner, 'generator', sp), span: sp }];
    }
    const out: Arg[] = [];
    for (const g of this.groups(inner)) {
      if (!g.length) continue;
      const gs = { from: g[0].from, to: g[g.length - 1].to };
      if (g[0].name === '*' && g[1]) out.push({ kind: 'star', value: this.expr(g[1]), span: gs });
      else if (g[0].name === '**' && g[1]) out.push({ kind: 'doubleStar', value: this.expr(g[1]), span: gs });
      else if (g[0].name === 'VariableName' && g[1]?.name === 'AssignOp') {
        const value: Expr = g[2] ? this.expr(g[2]) : { kind: 'Opaque', reason: 'missing value', span: gs };
        out.push({ kind: 'keyword', name: this.src(g[0]), nameSpan: span(g[0]), value, span: gs });
      } else out.push({ kind: 'positional', value: this.expr(g[0]), span: gs });
    }
    return out;
  }

  private member(n: SyntaxNode): Expr {
    const sp = span(n);
    const k = this.kids(n);
    if (!k[0]) return { kind: 'Opaque', reason: 'incomplete expression', span: sp };
    const object = this.expr(k[0]);
    if (k[1]?.name === '.') {
      const prop = k[2];
      if (!prop) return { kind: 'Opaque', reason: 'incomplete attribute access', span: sp };
      return { kind: 'Attribute', object, attr: this.src(prop), attrSpan: span(prop), span: sp };
    }
    // subscript: '[' items ']'
    const inner = k.slice(1).filter((c) => c.name !== '[' && c.name !== ']');
    const gs = this.groups(inner);
    const items = gs.filter((g) => g.length).map((g) => this.subscriptItem(g));
    let index: Expr;
    if (items.length === 1 && gs.length === 1) index = items[0];
    else index = { kind: 'Tuple', elts: items, span: inner.length ? { from: inner[0].from, to: inner[inner.length - 1].to } : sp };
    return { kind: 'Subscript', object, index, span: sp };
  }

  private subscriptItem(g: SyntaxNode[]): Expr {
    if (!g.some((c) => c.name === ':')) return this.starredOrExpr(g);
    const parts: (SyntaxNode | undefined)[] = [undefined];
    for (const c of g) {
      if (c.name === ':') parts.push(undefined);
      else parts[parts.length - 1] = c;
    }
    const e = (c: SyntaxNode | undefined) => (c ? this.expr(c) : undefined);
    return { kind: 'Slice', lower: e(parts[0]), upper: e(parts[1]), step: e(parts[2]), span: { from: g[0].from, to: g[g.length - 1].to } };
  }

  private binary(n: SyntaxNode): Expr {
    const sp = span(n);
    const k = this.kids(n);
    const left = k[0];
    const right = k[k.length - 1];
    if (!left || !right || k.length < 3) return { kind: 'Opaque', reason: 'incomplete expression', span: sp };
    // The operator as written, without a line continuation (`or \`) or a comment between it and its operands.
    const op = this.text.slice(left.to, right.from).replace(/#[^\n]*/g, ' ').replace(/\\\r?\n/g, ' ').trim().replace(/\s+/g, ' ');
    if (op === 'and' || op === 'or') return { kind: 'BoolOp', op, left: this.expr(left), right: this.expr(right), span: sp };
    if (COMPARE_OPS.has(op)) {
      // Lezer nests `a < b < c` to the left; Python chains it.
      const l = this.expr(left);
      const r = this.expr(right);
      if (l.kind === 'Compare' && left.name === 'BinaryExpression') {
        return { kind: 'Compare', operands: [...l.operands, r], ops: [...l.ops, op], span: sp };
      }
      return { kind: 'Compare', operands: [l, r], ops: [op], span: sp };
    }
    return { kind: 'BinOp', op, left: this.expr(left), right: this.expr(right), span: sp };
  }
}

function span(n: { from: number; to: number }): Span {
  return { from: n.from, to: n.to };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '',
};

/** Python string escapes, enough for layer arguments such as padding_mode='zeros'. */
function unescapePython(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (all, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return SIMPLE_ESCAPES[e] ?? all;
  });
}

/** A function definition whose body `convert` makes when it is first read (the parse cache reads bodies so too). */
export function lazyFunctionDef(fields: Omit<FunctionDef, 'kind' | 'body'>, convert: () => Stmt[]): FunctionDef {
  return new LazyFunctionDef(fields, convert);
}

/**
 * A function definition whose body is converted on first read. A class (not a property redefined on a
 * literal) keeps one object shape, which the interpreter's hot paths rely on.
 */
class LazyFunctionDef implements FunctionDef {
  readonly kind = 'FunctionDef' as const;
  readonly name: string;
  readonly nameSpan: Span;
  readonly params: Param[];
  readonly decorators: Expr[];
  readonly returns?: Expr;
  readonly isAsync: boolean;
  readonly span: Span;
  private converted?: Stmt[];

  constructor(fields: Omit<FunctionDef, 'kind' | 'body'>, private readonly convert: () => Stmt[]) {
    this.name = fields.name;
    this.nameSpan = fields.nameSpan;
    this.params = fields.params;
    this.decorators = fields.decorators;
    this.returns = fields.returns;
    this.isAsync = fields.isAsync;
    this.span = fields.span;
  }

  get body(): Stmt[] {
    return (this.converted ??= this.convert());
  }

  set body(stmts: Stmt[]) {
    this.converted = stmts;
  }

  /** The same JSON as an eagerly converted definition. */
  toJSON(): FunctionDef {
    return { kind: this.kind, name: this.name, nameSpan: this.nameSpan, params: this.params, body: this.body, decorators: this.decorators, returns: this.returns, isAsync: this.isAsync, span: this.span };
  }
}
