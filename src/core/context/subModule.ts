/**
 * A class used inside another model is seen where that model calls it: one instance, on the input it really
 * gets, never on a guessed one. Its result is a slice of the enclosing model's (rows under its path).
 */
import { namedModules, type ModuleNode, moduleNodeOf } from '../values/moduleTree';
import { between } from '../eval/recorder';
import type { ModelNode, ModelResult } from '../results';
import { setTotals, subtreeParams } from './modelResult';
import type { Run, Session } from '../eval/session';

/** The instances of a class of the analysed file in a model's module tree, by path (named_modules() order). */
export function instancesOf(session: Session, run: Run, className: string): { node: ModuleNode; path: string }[] {
  const out: { node: ModuleNode; path: string }[] = [];
  for (const [node, path] of namedModules(moduleNodeOf(run.model))) {
    const cls = node.instance.cls;
    if (path !== '' && cls.name === className && cls.file === session.file) out.push({ node, path });
  }
  return out;
}

/** The first instance of `className` in `enclosing`, as its own model result; undefined when the model has none or never calls it. */
export function subModuleView(session: Session, run: Run, enclosing: ModelResult, className: string, line: number, endLine: number): ModelResult | undefined {
  const instances = instancesOf(session, run, className);
  const first = instances[0];
  if (!first || !run.forward) return undefined;
  const recorded = between(session.recorder, run.forward.from, run.forward.to);
  const call = recorded.moduleCalls.find((c) => c.node === first.node);
  if (!call || call.inputShapes.some((s) => s === null)) return undefined;
  const prefix = `${first.path}.`;
  const inside = (path: string) => path === first.path || path.startsWith(prefix);
  const rebase = (path: string) => (path === first.path ? '' : path.slice(prefix.length));
  const view: ModelResult = {
    ...enclosing,
    name: `${enclosing.name}.${first.path}`,
    definition: className,
    line,
    input: call.inputShapes as number[][],
    output: call.outputShapes.every((s) => s !== null) ? (call.outputShapes as number[][]) : null,
    layers: enclosing.layers.filter((l) => inside(l.path)).map((l) => ({ ...l, path: rebase(l.path) })),
    functional: enclosing.functional.filter((f) => inside(f.path)).map((f) => ({ ...f, path: rebase(f.path) })),
    uncalled: enclosing.uncalled.filter(inside).map(rebase),
    tree: findNode(enclosing.tree, first.path),
    within: { model: enclosing.name, path: first.path, instances: instances.length },
    // What the enclosing model found inside the class.
    diagnostics: enclosing.diagnostics.filter((d) => d.file === session.file && d.line >= line && d.line <= endLine),
  };
  setTotals(view, subtreeParams(namedModules(first.node).keys()));
  return view;
}

function findNode(tree: ModelNode | null, path: string): ModelNode | null {
  if (!tree) return null;
  if (tree.path === path) return tree;
  for (const c of tree.children) {
    if (path === c.path || path.startsWith(`${c.path}.`)) return findNode(c, path);
  }
  return null;
}
