/**
 * What analysis returns: plain JSON-serializable data, identical for the CLI, hovers, CodeLens and panels.
 * Names follow docs/conventions.md; a figure that cannot be known is null with a reason, never a guess.
 */
import type { Span } from './python/ast';
import { type Figures, sumParams } from './values/figures';
import type { Formula } from './values/spec';
import type { PythonEnvironment } from './environments';

export type { Figures };

import type { Diagnostic, ModelInputSource } from './values/diagnostic';

export type { Diagnostic, ModelInputSource, Severity } from './values/diagnostic';

/** Where a layer line's figures come from: the model that runs it, or the line alone on its annotation or the default input. */
export type InputSource =
  /** In a model: its name, where its input came from, and that input's shapes. */
  | { kind: 'model'; model: string; input: ModelInputSource; shapes: number[][] }
  | { kind: 'annotation'; line: number }
  | { kind: 'default'; settings: string };

export interface ArgumentView {
  name: string;
  /** Python repr of the value, or its source text when unknown. */
  value: string;
  known: boolean;
  fromDefault: boolean;
}

/** The shapes one call of a layer line sees. */
export interface CallShapes {
  inputs: number[][];
  outputs: number[][];
}

/**
 * A layer constructor call in the file (`nn.Conv2d(…)`, `layers.Dense(…)`), with its figures where its input is
 * best known: in the model that runs it, summed over that model's calls, else alone on its annotation or the
 * default input. `inputSource` says which.
 */
export interface CallResult extends Figures {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  span: Span;
  /** The span of the callee (`nn.Conv2d`). */
  calleeSpan: Span;
  type: string;
  qualifiedName: string;
  framework: 'torch' | 'keras';
  category: string;
  arguments: ArgumentView[];
  /** Params of one instance (Keras: its trainable weights). */
  params: number | null;
  /** Params of all its instances in its context. */
  paramsTotal: number | null;
  /** Params as a formula in the unknown arguments, when params is null because of them. */
  paramsFormula: string | null;
  buffers: number | null;
  /** Keras: the non-trainable weights of one instance (BatchNormalization's moving statistics). */
  nonTrainable?: number;
  /** How many instances the line builds in its context (a loop, a block used four times). */
  instances: number;
  /** How many times its context calls them in forward; the figures are summed over these calls. */
  callCount: number;
  memoryAccessBytes: number | null;
  /** The first call's shapes; `calls` has every call's. */
  inputShape: number[] | null;
  inputShapes: number[][] | null;
  outputShape: number[] | null;
  outputShapes: number[][] | null;
  calls: CallShapes[];
  inputSource: InputSource | null;
  /** Why figures are null, or what the figures are not (built but never called). */
  unknownReason: string | null;
  /** Defaults the figures assume for values the code leaves open, e.g. `planes = 64 (its default)`. */
  assumptions: string[];
  /** The notes topic of this layer, as the catalog links it (an id of NOTES_TOPICS), or null. */
  notes: string | null;
  /** The layer in words, from its arguments: `3×3 depthwise conv, 144 channels, stride 2`. */
  description: string;
  /** Its Mult-Adds formula on its first call's shapes, with the numbers filled in (conv and linear layers). */
  formula: Formula | null;
  /** Convolutions: kernel size per spatial dimension and groups, when known (what guideline checks read). */
  kernel?: number[];
  groups?: number;
  diagnostics: Diagnostic[];
}

/**
 * A functional operation written on a line (`q @ k.transpose(-2, -1)`, F.scaled_dot_product_attention, `+`,
 * torch.cat…), with its figures in the model that runs it, summed over that model's calls.
 */
export interface OperationResult extends Figures {
  line: number;
  column: number;
  op: string;
  callCount: number;
  inputShapes: number[][];
  outputShape: number[];
  inputSource: Extract<InputSource, { kind: 'model' }>;
}

/** One leaf-layer call in a model's forward. */
export interface ModelLayer extends Figures {
  /** The module path, as named_modules() gives it (`layer1.0.conv1`). */
  path: string;
  type: string;
  /** The catalog category: conv, linear, norm, activation… */
  category: string;
  /** Convolutions: kernel size per spatial dimension and groups (what guideline checks read). */
  kernel?: number[];
  groups?: number;
  /** Upsampling's mode; an RNN's layout (what other counters' rules read, src/core/tools). */
  mode?: string;
  rnn?: { hidden: number; layers: number; bidirectional: boolean; bias: boolean; batchFirst: boolean; proj: number };
  /** Where the module was constructed (1-based line, 0-based column, in `file`). */
  line: number;
  column: number;
  file: string;
  /** 1-based line of the call in forward. */
  callLine: number;
  inputShape: number[];
  inputShapes: number[][];
  outputShape: number[];
  outputShapes: number[][];
  params: number;
  /** Keras: the layer's non-trainable weights (on its first call), which model.summary() adds to its Param #. */
  nonTrainable?: number;
  /** Torch: elements of its parameters the code froze (`requires_grad_(False)`), when any. */
  frozenParams?: number;
  /** The activation-checkpointing region (torch.utils.checkpoint) it ran in, when any: each region has its own number. */
  checkpoint?: number;
  /** Keras: its fused activation (`relu`, `linear` for none, `?` for a callable), whether it adds a bias, its pool window, channels-first. */
  activation?: string;
  bias?: boolean;
  pool?: number[];
  channelsFirst?: boolean;
}

/** One functional operation in a model's forward (F.*, torch.*, Tensor methods, operators). */
export interface FunctionalRow extends Figures {
  /** `matmul`, `scaled_dot_product_attention`, `+`, `cat`, `view`… */
  op: string;
  /** The module whose forward ran it (its path; '' for the model itself). */
  path: string;
  /** Where it is written (1-based line, 0-based column, in `file`). */
  line: number;
  column: number;
  file: string;
  inputShapes: number[][];
  outputShape: number[];
  /** How many of the model's layer rows ran before it (execution order across the two lists). */
  afterLayers: number;
  /** The activation-checkpointing region it ran in, when any. */
  checkpoint?: number;
}

/**
 * Param # as a Keras model.summary() prints it (for a layer or a model): its weights, trainable or not
 * (BatchNormalization's moving statistics too); a torch model's are its params.
 */
export function summaryParams(x: { params: number | null; nonTrainable?: number }): number | null {
  return sumParams([x.params, x.nonTrainable ?? 0]);
}

/** A model's figures: modules and functional operations together. */
export interface ModelTotals extends Figures {
  /** Learnable params. For Keras, the trainable weights; `nonTrainable` holds the rest of model.summary()'s total. */
  params: number | null;
  /** Keras only: weights that are not trained (BatchNormalization's moving mean and variance). */
  nonTrainable?: number;
  /** Torch: elements of `params` the code froze (`requires_grad_(False)`, `p.requires_grad = False`), when any. */
  frozenParams?: number;
}

/** One module of the built model, with the figures of its subtree. */
export interface ModelNode extends Figures {
  name: string;
  path: string;
  type: string;
  file: string;
  /** 1-based line where it was constructed. */
  line: number;
  params: number | null;
  /** How many times it (or, for a container, its layers) ran in forward. */
  calls: number;
  children: ModelNode[];
}

export interface ModelResult {
  /** The call that builds it (`resnet50()`), the code's own construction (`Net(num_classes=100)`), or for a sub-module the path in the model that calls it. */
  name: string;
  framework: 'torch' | 'keras';
  /** The class or factory it is built from, in the file analysed: its model CodeLens sits there. */
  definition: string | null;
  /** 1-based line of that definition (or of the first layer, for a Keras model built at the top level). */
  line: number;
  input: number[][];
  inputSource: ModelInputSource;
  output: number[][] | null;
  /** Everything was understood: a complete result is right. */
  complete: boolean;
  /**
   * A size only the data decides (how many boxes NMS keeps, how many True a mask holds) was taken at the most the
   * code lets it be: Mult-Adds, FLOPs, otherOps and MAC are then bounds, reached when every such filter keeps all
   * it can (params are not). The first place it happened, with what it says.
   */
  atBound?: { message: string; file: string; line: number };
  /** Modules and functional operations together; `moduleTotals` and `functionalTotals` are the split. */
  totals: ModelTotals;
  moduleTotals: Figures;
  functionalTotals: Figures & { count: number };
  layers: ModelLayer[];
  /** Each functional operation in forward, in execution order. */
  functional: FunctionalRow[];
  /** Modules built but never called: their params count, their costs do not. */
  uncalled: string[];
  /** The module tree, each node with its subtree's figures. */
  tree: ModelNode | null;
  /** A class used inside another model: this is one instance of it as that model calls it. */
  within?: { model: string; path: string; instances: number };
  /**
   * Its class is defined in another file than the one analysed: that file, and the Python environment it was read
   * from when it is an installed package's (torchvision's ResNet from /usr/lib/python3/dist-packages).
   */
  source?: ModelSource;
  diagnostics: Diagnostic[];
}

export interface ModelSource {
  /** The class, as Python names it (`torchvision.models.resnet.ResNet` reads `ResNet` here). */
  className: string;
  file: string;
  environment?: PythonEnvironment;
}

/**
 * What a model's CodeLens shows: its totals and input, and the first problem when it is incomplete. A tenth of
 * the model's size (no layers, no tree): the lenses on screen come with the lines, every edit.
 */
export type ModelSummary = Pick<ModelResult, 'name' | 'framework' | 'complete' | 'atBound' | 'totals' | 'input' | 'inputSource' | 'within' | 'source'> & {
  /** Incomplete: the first problem that says why (a note when there is no warning or error). */
  problem?: string;
};

export function modelSummary(m: ModelResult): ModelSummary {
  const { name, framework, complete, atBound, totals, input, inputSource, within, source } = m;
  const problem = complete ? undefined : (m.diagnostics.find((d) => d.severity !== 'info') ?? m.diagnostics[0])?.message;
  return { name, framework, complete, totals, input, inputSource, ...(atBound ? { atBound } : {}), ...(within ? { within } : {}), ...(source ? { source } : {}), ...(problem !== undefined ? { problem } : {}) };
}

/** Everything Layer Lens knows of one file: its layer lines and operations in context, its models, its findings. */
export interface FileAnalysis {
  calls: CallResult[];
  operations: OperationResult[];
  models: ModelResult[];
  /** Every finding, once: syntax, annotations, layer arguments, models' errors and notes. */
  diagnostics: Diagnostic[];
}

/** One of ShuffleNet V2's guidelines G1–G4 checked on a model or selection (src/core/guidelines.ts). */
export interface GuidelineCheck {
  id: 'G1' | 'G2' | 'G3' | 'G4';
  title: string;
  /** `warn`: past the threshold; `ok`: within it; `none`: nothing in scope the guideline is about. */
  status: 'ok' | 'warn' | 'none';
  /** One sentence with the numbers. */
  summary: string;
  /** The same numbers, for tables and tests. */
  figures: Record<string, number>;
  /** The layers (or blocks) that weigh most, worst first, at most three. */
  worst: { name: string; line: number; file?: string; detail: string }[];
}
