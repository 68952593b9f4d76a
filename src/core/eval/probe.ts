/**
 * Probes: the functions of the analysed file that no model and no top-level code ran, run on their own to see
 * the layers they build. Twice: first with every parameter a symbol (params come out as formulas in them,
 * `9·planes²`), then with the parameters' defaults (figures for the defaults, said to be assumed). Both
 * branches of an unknown condition run, and an unknown loop runs once (the interpreter's probing mode).
 */
import type { ClassDef, FunctionDef, Stmt } from '../python/ast';
import { BudgetExceeded, PyRaise } from './interpreter';
import { RScope } from '../values/value';
import { isContainer, type ModuleNode } from '../values/moduleTree';
import type { ClassValue, FunctionValue, InstanceValue, RValue } from '../values/value';
import type { Diagnostic } from '../values/diagnostic';
import type { CallSite, ModuleValue } from '../values/value';
import type { EvalReport, Evaluator } from './evaluator';
import type { Recorder } from './recorder';
import { describeError } from './signals';
import { atom } from '../values/symbolic';
import { TORCH_LAYERS } from '../catalog';
import { KERAS_LAYERS } from '../catalog/keras/layers';

/** What a probe needs of the session it runs in (./session.ts), and the interpreter there. */
export interface ProbeHost {
  session: {
    readonly file: string;
    readonly module?: ModuleValue;
    readonly recorder: Recorder;
    reporter(target: Diagnostic[]): EvalReport;
    limitTime(ms: number, what: string): void;
    announce(name: string, offset: number): void;
    spend<T>(work: () => T): T;
    diagnostic(severity: 'warning', message: string, code: string, origin: { file: string; span: { from: number; to: number } }): Diagnostic;
  };
  interp: Evaluator;
  /** `self` for a method: an instance no __init__ has run on (torchNn's, for an nn.Module class). */
  bare(cls: ClassValue, site: CallSite): InstanceValue | undefined;
}

/** The layers one pass of probes built, by site (the file and offset of their constructor call), first one each. */
export type ProbeSites = Map<string, ModuleNode>;

/** Results of probes run at different times, as one (the earlier result for a site stays). */
export function mergeProbes(into: ProbeResult, more: ProbeResult): void {
  for (const key of ['symbolic', 'defaults', 'defaulted', 'owner'] as const) {
    const target = into[key] as Map<string, unknown>;
    for (const [k, v] of more[key] as Map<string, unknown>) if (!target.has(k)) target.set(k, v);
  }
  into.diagnostics.push(...more.diagnostics);
  for (const n of more.built) into.built.add(n);
}

export interface ProbeResult {
  symbolic: ProbeSites;
  defaults: ProbeSites;
  /** For each function probed, the parameters that have defaults (what the second pass assumes). */
  defaulted: Map<string, Map<string, RValue>>;
  /** Which function each site is in (its name, for the defaults). */
  owner: Map<string, string>;
  /** Mistakes in layer arguments that hold whatever the parameters are (from the symbolic pass). */
  diagnostics: Diagnostic[];
  /** Every module the probes built (none of them is in a model). */
  built: Set<ModuleNode>;
}

/** Codes of findings that do not depend on any input: a layer's arguments as written. */
export const ARGUMENT_CODES = new Set(['unexpected-keyword', 'missing-argument', 'too-many-arguments', 'bad-call', 'bad-argument']);
const PROBE_TIME_MS = 250;

export const siteKey = (file: string, offset: number) => `${file}:${offset}`;

interface Target {
  fn: FunctionValue;
  def: FunctionDef;
  /** The class whose method it is. */
  cls?: ClassValue;
  name: string;
}

/**
 * The functions of the file to probe, methods grouped under their class: those that did not run and write calls
 * (`(`) in their text, and those that ran but write a layer's constructor nothing built (in a branch no model
 * took); or, when `only` is given, just those.
 */
function targets(session: ProbeHost['session'], body: Stmt[], text: string, only?: Set<FunctionDef>, skip?: Set<FunctionDef>, within?: { from: number; to: number }): Target[][] {
  const scope = session.module?.scope;
  if (!scope) return [];
  const ran = session.recorder.ran;
  const built = builtSites(session);
  const wanted = (d: FunctionDef) => {
    if (only) return only.has(d);
    if (skip?.has(d) || (within && (d.span.to <= within.from || d.span.from >= within.to))) return false;
    const body = text.slice(d.span.from, d.span.to);
    return ran.has(d) ? layerCallsIn(body, d.span.from).some((at) => !built.has(at)) : /\w\s*\(/.test(body.replace(/^[^:]*:/, ''));
  };
  const groups: Target[][] = [];
  const fnValue = (v: RValue | undefined, def: FunctionDef) => (v?.kind === 'function' && v.def === def ? v : undefined);
  for (const s of body) {
    if (s.kind === 'FunctionDef' && wanted(s)) {
      const fn = fnValue(scope.get(s.name), s);
      if (fn) groups.push([{ fn, def: s, name: s.name }]);
    } else if (s.kind === 'ClassDef') {
      const cls = scope.get(s.name);
      if (cls?.kind !== 'class' || cls.def !== s) continue;
      const methods = methodsOf(s).filter(wanted);
      const group: Target[] = [];
      for (const d of methods) {
        const fn = fnValue(cls.attrs.get(d.name), d);
        if (fn) group.push({ fn, def: d, cls, name: `${s.name}.${d.name}` });
      }
      // __init__ first: the other methods then see the attributes it sets.
      group.sort((a, b) => Number(b.def.name === '__init__') - Number(a.def.name === '__init__'));
      if (group.length) groups.push(group);
    }
  }
  return groups;
}

/** Where the file's layers were built (offsets of their constructor calls), kept per session as modules are built. */
function builtSites(session: ProbeHost['session']): Set<number> {
  let known = sitesBuilt.get(session);
  if (!known) sitesBuilt.set(session, (known = { count: 0, sites: new Set() }));
  const built = session.recorder.built;
  for (; known.count < built.length; known.count++) if (built[known.count].origin.file === session.file) known.sites.add(built[known.count].origin.span.from);
  return known.sites;
}

const sitesBuilt = new WeakMap<ProbeHost['session'], { count: number; sites: Set<number> }>();

/**
 * Offsets of calls written like a layer's constructor (`nn.Conv2d(`, `layers.Dense(`, `Linear(`): a catalog class
 * name called, from the start of its dotted name (where the call's span starts).
 */
function layerCallsIn(text: string, base: number): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(LAYER_CALL)) {
    if (!LAYER_NAMES.has(m[1])) continue;
    let start = m.index!;
    while (start > 0 && /[A-Za-z0-9_.]/.test(text[start - 1])) start--;
    out.push(base + start);
  }
  return out;
}

const LAYER_CALL = /\b([A-Z][A-Za-z0-9_]*)\s*\(/g;
const LAYER_NAMES = new Set([...TORCH_LAYERS.keys(), ...KERAS_LAYERS.keys()]);

function methodsOf(c: ClassDef): FunctionDef[] {
  return c.body.filter((b): b is FunctionDef => b.kind === 'FunctionDef');
}

/** The top-level function, or the method of a top-level class, whose text holds an offset. */
export function enclosingFunction(body: Stmt[], offset: number): FunctionDef | undefined {
  const inside = (s: Stmt) => s.span.from <= offset && offset < s.span.to;
  for (const s of body) {
    if (!inside(s)) continue;
    if (s.kind === 'FunctionDef') return s;
    if (s.kind === 'ClassDef') return methodsOf(s).find(inside);
  }
  return undefined;
}

/**
 * Probe every function of the file that did not run (`within` a range of offsets, when given; those in `done` are
 * not probed again, and the ones probed now join it); or, with `only`, those functions, symbolically only: the
 * mistakes in layer arguments that hold whatever their parameters are (what a model built with guessed
 * arguments found is checked this way before it is called an error).
 */
export function probeFunctions(host: ProbeHost, body: Stmt[], text: string, only?: Set<FunctionDef>, done?: Set<FunctionDef>, within?: { from: number; to: number }): ProbeResult {
  const { session, interp } = host;
  const result: ProbeResult = { symbolic: new Map(), defaults: new Map(), defaulted: new Map(), owner: new Map(), diagnostics: [], built: new Set() };
  const groups = targets(session, body, text, only, done, within);
  if (!only) for (const g of groups) for (const t of g) done?.add(t.def);
  if (!groups.length) return result;
  const seen: Diagnostic[] = [];
  const restoreReport = interp.reportTo(session.reporter(seen));
  interp.probing = true;
  try {
    for (const pass of only ? ['symbolic' as const] : ['symbolic', 'defaults'] as const) {
      for (const group of groups) {
        let self: InstanceValue | undefined;
        for (const t of group) {
          if (t.cls && !self) self = bareSelf(host, t.cls, t.def);
          const defaults = withDefaults(t.fn);
          if (pass === 'symbolic') result.defaulted.set(t.name, defaults);
          const before = session.recorder.built.length;
          const diagnosticsBefore = seen.length;
          const speculated = interp.speculations;
          const bug = runProbe(host, t, self, pass === 'defaults' ? defaults : new Map());
          if (bug && pass === 'symbolic') {
            result.diagnostics.push(session.diagnostic('warning', `Layer Lens failed while probing ${t.name} (a bug: please report it): ${describeError(bug)}`, 'internal', { file: session.file, span: { from: t.def.span.from, to: t.def.span.from } }));
          }
          for (const node of session.recorder.built.slice(before)) {
            result.built.add(node);
            if (node.origin.file !== session.file || !(node.layer || isContainer(node))) continue;
            const key = siteKey(node.origin.file, node.origin.span.from);
            const sites = pass === 'symbolic' ? result.symbolic : result.defaults;
            if (!sites.has(key)) sites.set(key, node);
            if (!result.owner.has(key)) result.owner.set(key, t.name);
          }
          // A call as written is wrong on any input. A bad value is only when the probe followed one path and met
          // nothing unknown: after an unknown condition or a loop skipped, the value may come from a path the code
          // never takes (minGPT's from_pretrained, whose config is filled in from a table by an unknown key).
          const probed = seen.slice(diagnosticsBefore);
          const certain = interp.speculations === speculated && !probed.some((d) => d.code.startsWith('unknown-'));
          if (pass === 'symbolic') result.diagnostics.push(...probed.filter((d) => d.severity === 'error' && ARGUMENT_CODES.has(d.code) && (certain || d.code !== 'bad-argument')));
        }
      }
    }
  } finally {
    interp.probing = false;
    restoreReport();
  }
  return result;
}

/** The parameters of a function that have defaults, with them. */
function withDefaults(fn: FunctionValue): Map<string, RValue> {
  return new Map([...fn.defaults].filter(([, v]) => v.kind !== 'opaque'));
}

/** `self` for a probed method: an instance of its class that no __init__ has run on yet. */
function bareSelf(host: ProbeHost, cls: ClassValue, def: FunctionDef): InstanceValue {
  const site = { file: host.session.file, span: def.span };
  return host.bare(cls, site) ?? { kind: 'instance', cls, attrs: new Map() };
}

/** One probe run: parameters bound to symbols (or to their defaults, when given), anything it raises ends it; a bug is returned. */
function runProbe({ session, interp }: ProbeHost, t: Target, self: InstanceValue | undefined, defaults: Map<string, RValue>): unknown {
  interp.steps = 0;
  session.limitTime(PROBE_TIME_MS, 'a probe');
  session.announce(`def ${t.name}`, t.def.span.from);
  const scope = new RScope(t.fn.closure, 'function');
  const params = t.def.params;
  params.forEach((p, i) => {
    if (i === 0 && self && t.fn.wrapper !== 'static') {
      scope.set(p.name, t.fn.wrapper === 'class' ? self.cls : self);
      return;
    }
    if (p.kind === 'varargs' || p.kind === 'varkw') {
      scope.set(p.name, { kind: 'opaque', reason: `\`${p.kind === 'varargs' ? '*' : '**'}${p.name}\` is not known here`, symbol: p.name });
      return;
    }
    scope.set(p.name, defaults.get(p.name) ?? { kind: 'opaque', reason: `parameter \`${p.name}\``, sym: atom(p.name) });
  });
  return session.spend(() => {
    try {
      interp.runFunction(t.fn, scope, { file: session.file, span: t.def.span });
    } catch (e) {
      // What the probe raised or ran out of ends it; the layers built until then are what it found.
      if (!(e instanceof PyRaise || e instanceof BudgetExceeded)) return e;
    }
    return undefined;
  });
}
