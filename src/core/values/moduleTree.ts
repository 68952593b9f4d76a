/**
 * The nn.Module tree the interpreter builds, and what forward calls record: plain data that
 * src/core/model.ts turns into results.
 */
import type { AnyLayerSpec } from './spec';
import type { BoundArg } from './argReader';
import type { Sym } from './symbolic';
import type { Figures } from './figures';
import { type CallSite, type InstanceValue, type Origin, type RValue, TORCH_PRELUDE_FILE } from './value';
import type { Span } from '../python/ast';

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
  /**
   * `declared`: the config as written when PyTorch refuses the arguments (`groups` that do not divide the
   * channels): never costed, only followed for its output's shape, so that the file's later mistakes show too.
   */
  layer?: { spec: AnyLayerSpec; config: unknown; params: number | null; paramsFormula?: Sym; args?: Map<string, BoundArg>; declared?: unknown };
  /** Registered submodules, in registration order. */
  children: Map<string, ModuleNode>;
  /**
   * A Sequential's or ModuleList's members that are not modules known statically (None, or a class from a package
   * not read), each after the first `at` children: PyTorch keeps them in their place (iteration and len() count
   * them), and what a Sequential runs after one of them is not known.
   */
  otherMembers?: { at: number; value: RValue }[];
  /** nn.Parameters the module owns directly (numel, or null when unknown). */
  parameters: Map<string, number | null>;
  /**
   * A layer's own weight or bias replaced by another module's (`head.weight = emb.weight`): PyTorch counts a
   * shared parameter once, so the layer's own is gone, and the other counts where its owner does.
   */
  tied?: Map<string, { own: number; shared: number | null; owner: ModuleNode }>;
  /** Where it was constructed: the constructor call. */
  origin: Origin;
  /** The callee of that call (`nn.Conv2d`), when it was written directly. */
  callee?: Span;
  instance: InstanceValue;
}

/** One leaf-module call made during forward, in execution order, with its figures (./figures.ts). */
export interface LayerCall extends Figures {
  node: ModuleNode;
  inputShapes: number[][];
  outputShapes: number[][];
  params: number;
  /** Where the call happened (the `self.conv1(x)` expression). */
  site: Origin;
  /** The activation-checkpointing region it ran in (torch.utils.checkpoint), when any. */
  checkpoint?: number;
}

/** One functional operation (F.relu, torch.cat, +, view…) made during forward, with its figures. */
export interface FunctionalCall extends Figures {
  op: string;
  inputShapes: number[][];
  outputShape: number[];
  site: Origin;
  /** The module whose forward ran it (undefined outside any). */
  owner?: ModuleNode;
  /** Layer calls recorded before it: where it falls among them in execution order. */
  layersBefore: number;
  checkpoint?: number;
}

let nextId = 1;

export function newModuleNode(type: string, native: NativeKind, origin: Origin | CallSite, instance: InstanceValue): ModuleNode {
  // Only the place is kept: a call site's argument values would keep every value alive.
  return { id: nextId++, type, native, children: new Map(), parameters: new Map(), origin: { file: origin.file, span: origin.span }, callee: 'call' in origin ? origin.call?.func.span : undefined, instance };
}

/** Every module under `root` once, with its path as named_modules() gives it (first path wins). */
/** Every module under `root` (none when the value was not a module), by its path, as named_modules() lists them. */
export function namedModules(root: ModuleNode | undefined): Map<ModuleNode, string> {
  const paths = new Map<ModuleNode, string>();
  const visit = (node: ModuleNode, path: string) => {
    if (paths.has(node)) return;
    paths.set(node, path);
    for (const [name, child] of node.children) visit(child, path ? `${path}.${name}` : name);
  };
  if (root) visit(root, '');
  return paths;
}

/** A class of the preludes that holds no layers (einops's Rearrange and Reduce): Python over functions, costed as it runs. */
export function isLayerFreePrelude(n: ModuleNode): boolean {
  return n.instance.cls.file === TORCH_PRELUDE_FILE && n.children.size === 0;
}

/** nn.Sequential, nn.ModuleList or nn.ModuleDict itself (a class of the code's own built on one is the code's own). */
export function isContainer(n: ModuleNode): boolean {
  // The torch.nn containers written in Python (nn.TransformerEncoder: ./torchPrelude.ts) count as containers too.
  return ((n.native === 'sequential' || n.native === 'moduleList' || n.native === 'moduleDict') && n.instance.cls.native !== undefined) || n.instance.cls.file === TORCH_PRELUDE_FILE;
}

/**
 * An nn.Module instance's place in the module tree. A side table rather than a field of the instance: the value
 * model sits below the module tree and the layer specs, and knows neither (as TypeScript's checker keeps its links).
 */
const nodes = new WeakMap<InstanceValue, ModuleNode>();

/** The module-tree node of a value that is an nn.Module instance; undefined for every other value. */
export function moduleNodeOf(v: RValue | undefined): ModuleNode | undefined {
  return v?.kind === 'instance' ? nodes.get(v) : undefined;
}

export function setModule(instance: InstanceValue, node: ModuleNode): ModuleNode {
  nodes.set(instance, node);
  return node;
}

/**
 * Elements of the parameters a module owns (its layer's weight and bias, the nn.Parameters it registered) that the
 * code froze (`requires_grad_(False)`, `p.requires_grad = False`). A parameter never read is not frozen.
 */
export function frozenParams(node: ModuleNode): number {
  let n = 0;
  for (const v of node.instance.attrs.values()) {
    if (v.kind !== 'instance' || !v.parameter?.shape || (v.parameter.owner !== undefined && v.parameter.owner !== node)) continue;
    const flag = v.attrs.get('requires_grad');
    if (flag?.kind === 'bool' && !flag.value) n += v.parameter.shape.reduce((x, y) => x * y, 1);
  }
  return n;
}
