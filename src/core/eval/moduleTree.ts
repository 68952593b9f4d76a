/**
 * The nn.Module tree the interpreter builds, and what forward calls record: plain data that
 * src/core/model.ts turns into results.
 */
import type { AnyLayerSpec } from '../catalog/types';
import type { BoundArg } from '../catalog/argReader';
import type { Sym } from '../cost/symbolic';
import type { InstanceValue, Origin } from './runtime';

export type NativeKind = 'module' | 'sequential' | 'moduleList' | 'moduleDict' | 'layer';

export interface ModuleNode {
  id: number;
  /** The class name: `Conv2d`, `Bottleneck`. */
  type: string;
  native: NativeKind;
  /**
   * Catalog layers: the spec, its config (undefined when its arguments have errors) and its params (null when
   * not known; then `paramsFormula` has them in the unknown arguments), and the arguments as bound.
   */
  layer?: { spec: AnyLayerSpec; config: unknown; params: number | null; paramsFormula?: Sym; args?: Map<string, BoundArg> };
  /** Registered submodules, in registration order. */
  children: Map<string, ModuleNode>;
  /** nn.Parameters the module owns directly (numel, or null when unknown). */
  parameters: Map<string, number | null>;
  /** Where it was constructed: the constructor call. */
  origin: Origin;
  instance: InstanceValue;
}

/** One leaf-module call made during forward, in execution order. */
export interface LayerCall {
  node: ModuleNode;
  inputShapes: number[][];
  outputShapes: number[][];
  multAdds: number;
  otherOps: number;
  params: number;
  memoryAccessCost: number;
  /** Where the call happened (the `self.conv1(x)` expression). */
  site: Origin;
}

/** One functional operation (F.relu, torch.cat, +, view…) made during forward. */
export interface FunctionalCall {
  op: string;
  inputShapes: number[][];
  outputShape: number[];
  multAdds: number;
  otherOps: number;
  memoryAccessCost: number;
  site: Origin;
  /** The module whose forward ran it (undefined outside any). */
  owner?: ModuleNode;
}

let nextId = 1;

export function newModuleNode(type: string, native: NativeKind, origin: Origin, instance: InstanceValue): ModuleNode {
  return { id: nextId++, type, native, children: new Map(), parameters: new Map(), origin, instance };
}

/** Every module under `root` once, with its path as named_modules() gives it (first path wins). */
export function namedModules(root: ModuleNode): Map<ModuleNode, string> {
  const paths = new Map<ModuleNode, string>();
  const visit = (node: ModuleNode, path: string) => {
    if (paths.has(node)) return;
    paths.set(node, path);
    for (const [name, child] of node.children) visit(child, path ? `${path}.${name}` : name);
  };
  visit(root, '');
  return paths;
}
