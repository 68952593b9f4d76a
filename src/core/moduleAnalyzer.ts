/**
 * Analysis of a module one top-level unit at a time, keeping each unit's results for the next analysis of
 * the same document. A unit is whole lines: a top-level statement with the comment lines above it (where
 * annotations live) and its last line's trailing comment.
 *
 * A unit's results are reused when three things hold:
 * - its parse is the very same (incremental parsing reused its subtree: same text, same error recovery);
 * - its surroundings are the same (how the parser cut its lines, the comments around it);
 * - every module-level name its text mentions has the value it had, in order and at the end of the module,
 *   and no name it mentions has become module-level since.
 * Then its bindings are replayed instead of evaluated, and its results are moved to where it stands now.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { CallExpr, Span, Stmt } from './python/ast';
import { convertStatement, parseIdentity, topLevelNodes } from './python/parse';
import { LineIndex } from './python/lines';
import { ConstEvaluator, type EvalValue, type Scope } from './eval/constEval';
import { repr } from './eval/values';
import { format } from './cost/symbolic';
import { BUILTIN_NAMES, ScopeWalker } from './scopeWalker';
import { torchLayer } from './catalog';
import type { InputDefaults } from './catalog/types';
import { type AnnotationProblem, Annotations, DTYPE_BYTES } from './annotations';
import { analyzeLayerCall } from './layerCall';
import { placeCall, relative, shift } from './placement';
import { sumContainerParams } from './containers';
import type { CallResult, Diagnostic, FileAnalysis } from './results';

export interface AnalyzeOptions {
  inputDefaults: InputDefaults;
  /** Element type for memory access cost in bytes. */
  dtype: string;
}

type ParseId = ReturnType<typeof parseIdentity>;

/** A module-level name a unit reads, with its value where the unit stands and at the end of the module. */
interface Dependency {
  name: string;
  inOrder: EvalValue | undefined;
  final: EvalValue | undefined;
}

/** What one unit produced, offsets relative to its start. */
interface UnitResults {
  /** The parse it came from. */
  ids: ParseId[];
  /** Its surroundings (see Unit.context). */
  context: string;
  deps: Dependency[];
  /** Identifiers in its text that were not module-level names. */
  unbound: string[];
  /** The module-level names it bound, in the order bound. NB: spans inside these values may be stale. */
  bindings: [string, EvalValue][];
  calls: CallResult[];
  syntaxErrors: Span[];
  internalErrors: Span[];
  annotationProblems: AnnotationProblem[];
  /** The 1-based line it started on, to move annotation line numbers. */
  line: number;
  /** Its results as last placed in the document: reused as they are while the unit has not moved. */
  placed?: { from: number; startLine: number; calls: CallResult[] };
}

interface Unit {
  nodes: SyntaxNode[];
  from: number;
  to: number;
  startLine: number;
  endLine: number;
  ids: ParseId[];
  context: string;
  cached?: UnitResults;
  /** Converted lazily: a unit whose results are reused is never converted. */
  converted?: { stmts: Stmt[]; errors: Span[]; internal: Span[] };
}

const MAX_SYNTAX_DIAGNOSTICS = 20;

export class ModuleAnalyzer {
  /** Results by the parse they came from: the first node's subtree (or buffer), then its index. */
  private cache = new Map<object, Map<number, UnitResults>>();
  private optionsKey = '';

  analyze(text: string, tree: Tree, options: AnalyzeOptions): FileAnalysis {
    const optionsKey = JSON.stringify(options);
    if (optionsKey !== this.optionsKey) {
      // Other settings, other figures: nothing cached applies.
      this.cache.clear();
      this.optionsKey = optionsKey;
    }
    const lines = new LineIndex(text);
    const ev = new ConstEvaluator(text);
    const annotations = new Annotations(tree, lines);
    const walker = new ScopeWalker(ev);
    const units = this.units(text, tree, lines);
    const convert = (u: Unit) => (u.converted ??= convertUnit(text, u.nodes));

    // Pass 1: the module's final bindings, which function bodies see.
    const final = walker.newModuleScope();
    for (const u of units) {
      const c = u.cached;
      if (c && c.deps.every((d) => sameBinding(d.inOrder, final.get(d.name)))) for (const [n, v] of c.bindings) final.set(n, v);
      else walker.bind(convert(u).stmts, final);
    }
    walker.setFinal(final);
    const moduleNames = new Set([...final.ownNames(), ...BUILTIN_NAMES]);

    // Pass 2: in order, visiting calls where results cannot be reused.
    const scope = walker.newModuleScope();
    const dtypeBytes = DTYPE_BYTES[options.dtype] ?? 4;
    const calls: CallResult[] = [];
    const syntaxErrors: Span[] = [];
    const internalErrors: Span[] = [];
    const annotationProblems: AnnotationProblem[] = [];
    const next = new Map<object, Map<number, UnitResults>>();

    for (const u of units) {
      let r = u.cached && stillValid(u.cached, scope, final, moduleNames) ? u.cached : undefined;
      if (r) {
        for (const [n, v] of r.bindings) scope.set(n, v);
        if (!r.placed || r.placed.from !== u.from || r.placed.startLine !== u.startLine) {
          const lineDelta = u.startLine - r.line;
          r.placed = { from: u.from, startLine: u.startLine, calls: r.calls.map((c) => placeCall(c, u.from, lineDelta, lines)) };
        }
        for (const c of r.placed.calls) calls.push(c);
        for (const e of r.syntaxErrors) syntaxErrors.push(shift(e, u.from));
        for (const e of r.internalErrors) internalErrors.push(shift(e, u.from));
        for (const p of r.annotationProblems) annotationProblems.push({ ...p, span: shift(p.span, u.from) });
      } else {
        const { stmts, errors, internal } = convert(u);
        // What the unit reads is recorded before it binds its own names.
        const idents = identifiers(text.slice(u.from, u.to));
        const deps = idents.filter((id) => moduleNames.has(id)).map((id) => ({ name: id, inOrder: scope.get(id), final: final.get(id) }));
        const found: CallResult[] = [];
        const internalHere = [...internal];
        scope.journal = new Map();
        for (const s of stmts) {
          try {
            walker.visitStatement(s, scope, (call, callScope) => {
              const result = layerCallAt(call, callScope, ev, lines, annotations, options, dtypeBytes);
              if (result) found.push(result);
            });
          } catch {
            // Never thrown at the editor: reported as a diagnostic, the rest of the file goes on.
            internalHere.push(s.span);
          }
        }
        const bindings = [...scope.journal];
        scope.journal = undefined;
        const problems = annotations.problemsIn(u.startLine, u.endLine);
        for (const c of found) calls.push(c);
        syntaxErrors.push(...errors);
        internalErrors.push(...internalHere);
        annotationProblems.push(...problems);
        r = {
          ids: u.ids,
          context: u.context,
          deps,
          unbound: idents.filter((id) => !moduleNames.has(id)),
          bindings,
          calls: found.map((c) => relative(c, u.from)),
          syntaxErrors: errors.map((e) => shift(e, -u.from)),
          internalErrors: internalHere.map((e) => shift(e, -u.from)),
          annotationProblems: problems.map((p) => ({ ...p, span: shift(p.span, -u.from) })),
          line: u.startLine,
          // Where these very results sit: an unmoved unit hands the same objects out next time.
          placed: { from: u.from, startLine: u.startLine, calls: found },
        };
      }
      const id = u.ids[0];
      if (id) {
        let byIndex = next.get(id.ref);
        if (!byIndex) next.set(id.ref, (byIndex = new Map()));
        byIndex.set(id.index, r);
      }
    }
    // Only what this version still has is kept: the cache never outgrows the document.
    this.cache = next;
    // Comments after the last statement are in no unit.
    annotationProblems.push(...annotations.problemsIn((units[units.length - 1]?.endLine ?? 0) + 1, lines.lineCount));

    calls.sort((a, b) => a.span.from - b.span.from);
    sumContainerParams(calls);
    return { calls, diagnostics: fileDiagnostics(syntaxErrors, internalErrors, annotationProblems, lines) };
  }

  /** Top-level code cut into whole-line units, each with the cached results its parse may reuse. */
  private units(text: string, tree: Tree, lines: LineIndex): Unit[] {
    const units: Unit[] = [];
    for (const node of topLevelNodes(tree)) {
      if (node.name === 'Comment') continue;
      const startLine = lines.position(node.from).line;
      // A node that ends right after a newline ends on the line before.
      const endLine = lines.position(Math.max(node.from, node.to - (text[node.to - 1] === '\n' ? 1 : 0))).line;
      const last = units[units.length - 1];
      if (last && startLine <= last.endLine) {
        // Shares a line with the previous unit (`x = 1; y = 2` after an error, say): one unit.
        last.nodes.push(node);
        last.endLine = Math.max(last.endLine, endLine);
        continue;
      }
      const from = lines.lineStart((last?.endLine ?? 0) + 1);
      units.push({ nodes: [node], from, to: 0, startLine: lines.position(from).line, endLine, ids: [], context: '' });
    }
    for (const u of units) {
      u.to = u.endLine < lines.lineCount ? lines.lineStart(u.endLine + 1) : text.length;
      // Comment lines right above the unit can hold its first call's annotation, even when they end
      // the previous unit.
      let above = u.startLine - 1;
      while (above >= 1 && /^\s*#/.test(lines.lineText(above))) above--;
      const commentsAbove = text.slice(lines.lineStart(above + 1), u.from);
      const cuts = u.nodes.map((n) => `${n.name}@${n.from - u.from}-${n.to - u.from}`).join(' ');
      const lastNode = u.nodes[u.nodes.length - 1];
      u.context = `${cuts}\n${commentsAbove}\u0000${text.slice(u.from, u.nodes[0].from)}\u0000${text.slice(lastNode.to, u.to)}`;
      u.ids = u.nodes.map(parseIdentity);
      const first = u.ids[0];
      const cached = first ? this.cache.get(first.ref)?.get(first.index) : undefined;
      if (cached && cached.context === u.context && u.ids.every((id, i) => id !== null && id.ref === cached.ids[i]?.ref && id.index === cached.ids[i]?.index)) {
        u.cached = cached;
      }
    }
    return units;
  }
}

function convertUnit(text: string, nodes: SyntaxNode[]): { stmts: Stmt[]; errors: Span[]; internal: Span[] } {
  const stmts: Stmt[] = [];
  const errors: Span[] = [];
  const internal: Span[] = [];
  for (const n of nodes) {
    const c = convertStatement(text, n);
    stmts.push(...c.stmts);
    errors.push(...c.syntaxErrors);
    if (c.internalError) internal.push(c.internalError);
  }
  return { stmts, errors, internal };
}

/** The result for a call if its callee is a torch.nn layer. */
function layerCallAt(
  call: CallExpr,
  scope: Scope,
  ev: ConstEvaluator,
  lines: LineIndex,
  annotations: Annotations,
  options: AnalyzeOptions,
  dtypeBytes: number,
): CallResult | undefined {
  const f = ev.eval(call.func, scope);
  if (f.kind !== 'ref') return undefined;
  const spec = torchLayer(f.qualname);
  if (!spec) return undefined;
  const line = lines.position(call.span.from).line;
  return analyzeLayerCall(spec, f.qualname, call, scope, {
    ev, lines, defaults: options.inputDefaults, dtypeBytes, annotation: annotations.forLine(line),
  });
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;

function identifiers(text: string): string[] {
  return [...new Set(text.match(IDENT) ?? [])];
}

function stillValid(r: UnitResults, scope: Scope, final: Scope, moduleNames: Set<string>): boolean {
  for (const d of r.deps) {
    if (!sameBinding(d.inOrder, scope.get(d.name)) || !sameBinding(d.final, final.get(d.name))) return false;
  }
  for (const id of r.unbound) if (moduleNames.has(id)) return false;
  return true;
}

function sameBinding(a: EvalValue | undefined, b: EvalValue | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'int':
    case 'float':
    case 'bool':
    case 'str':
      return a.value === (b as typeof a).value;
    case 'none':
      return true;
    case 'ref':
      return a.qualname === (b as typeof a).qualname;
    case 'sym':
      return format(a.sym) === format((b as typeof a).sym);
    case 'unknown': {
      const u = b as typeof a;
      return a.reason === u.reason && a.symbol === u.symbol && (a.fallback ? !!u.fallback && repr(a.fallback) === repr(u.fallback) : !u.fallback);
    }
    default:
      return repr(a) === repr(b as typeof a);
  }
}

function fileDiagnostics(syntaxErrors: Span[], internalErrors: Span[], annotationProblems: AnnotationProblem[], lines: LineIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Units can meet the same error node at their boundary: report each once, in order.
  const seen = new Set<string>();
  const ordered = syntaxErrors
    .sort((a, b) => a.from - b.from || a.to - b.to)
    .filter((e) => !seen.has(`${e.from}:${e.to}`) && !!seen.add(`${e.from}:${e.to}`));
  for (const e of ordered.slice(0, MAX_SYNTAX_DIAGNOSTICS)) {
    diagnostics.push({ severity: 'info', code: 'syntax', message: 'Layer Lens cannot parse this part; the rest of the file is still analysed', span: e, ...lines.position(e.from) });
  }
  for (const e of internalErrors) {
    diagnostics.push({ severity: 'warning', code: 'internal', message: 'Layer Lens failed on this statement (a bug: please report it); the rest of the file is analysed', span: e, ...lines.position(e.from) });
  }
  for (const p of annotationProblems) {
    diagnostics.push({ severity: 'warning', code: 'annotation', message: p.message, span: p.span, ...lines.position(p.span.from) });
  }
  return diagnostics;
}
