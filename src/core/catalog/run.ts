/**
 * The one place a layer spec is bound and costed. Every path that meets a layer (a torch module built and called,
 * a functional form such as F.max_pool2d, a Keras layer, a layer written outside any model, the calculators)
 * binds its arguments with `bindSpec` and runs it with `runSpec`, so that a layer's figures follow one rule.
 */
import type { Span } from '../python/ast';
import type { RValue } from '../values/value';
import { ArgReader, type BoundArg, NeedsValue } from '../values/argReader';
import type { Sym } from '../values/symbolic';
import { callFigures, type Figures } from '../values/figures';
import { type AnyLayerSpec, type ForwardResult, LayerError, type Shape } from '../values/spec';
import { type BindProblem, type EvaluatedArg, bindArguments } from './bind';
import type { KerasArg, KerasLayerSpec, KerasWeights } from './keras/types';

/** A spec's arguments, bound and read. */
export interface SpecBinding {
  /** The config; undefined when an argument is refused or not known. */
  config: unknown;
  /** What the spec read from the arguments, refused or not (a functional form binds without its input: ../eval/torchOps.ts). */
  configured: unknown;
  /**
   * The config as written when PyTorch refuses only a value (groups that do not divide the channels): followed for
   * its output's shape, never costed, so that a file's later mistakes show too.
   */
  declared?: unknown;
  args: Map<string, BoundArg>;
  /** What Python raises while binding (a missing or unexpected argument), where it was written. */
  bindProblems: BindProblem[];
  /** Values the layer refuses (`kernel_size=0`), by argument. */
  valueProblems: { message: string; arg?: string }[];
  /** Why reading the arguments stopped: one not known statically (NeedsValue), or a value refused as it was read (LayerError). */
  failure?: NeedsValue | LayerError;
  /** Learnable parameters when known and exact; else null, with `paramsFormula` when they are a formula in unknown arguments. */
  params: number | null;
  paramsFormula?: Sym;
}

export function bindSpec(spec: AnyLayerSpec, span: Span, evaluated: EvaluatedArg[]): SpecBinding {
  const binding = bindArguments(spec, span, evaluated);
  const read = readSpec(spec, binding.args);
  const refused = binding.problems.length > 0 || read.valueProblems.length > 0;
  const declared = refused && !binding.problems.length ? read.configured : undefined;
  const config = refused ? undefined : read.configured;
  const params = config === undefined ? null : spec.params(config);
  return {
    config, configured: read.configured, args: binding.args, bindProblems: binding.problems, valueProblems: read.valueProblems,
    ...(declared !== undefined ? { declared } : {}), ...(read.failure ? { failure: read.failure } : {}),
    params: typeof params === 'number' && Number.isSafeInteger(params) ? params : null,
    paramsFormula: params !== null && typeof params !== 'number' ? params : undefined,
  };
}

/**
 * A layer made again from its bound arguments with some changed (a parameter PyTorch drops: `self.bias = None`):
 * its config and params, or undefined when they are not both known.
 */
export function remadeSpec(spec: AnyLayerSpec, args: Map<string, BoundArg>): { config: unknown; params: number } | undefined {
  const read = readSpec(spec, args);
  if (read.configured === undefined || read.valueProblems.length) return undefined;
  const params = spec.params(read.configured);
  return typeof params === 'number' && Number.isSafeInteger(params) ? { config: read.configured, params } : undefined;
}

/** Arguments already bound, read into the spec's config (an argument set again after construction: `conv.dilation = 2`). */
export function readSpec(spec: AnyLayerSpec, args: Map<string, BoundArg>): Pick<SpecBinding, 'configured' | 'valueProblems' | 'failure'> {
  const reader = new ArgReader(spec.name, args);
  try {
    return { configured: spec.configure(reader), valueProblems: reader.problems };
  } catch (e) {
    if (!(e instanceof NeedsValue || e instanceof LayerError)) throw e;
    return { configured: undefined, valueProblems: reader.problems, failure: e };
  }
}

/** A Keras layer's arguments as its constructor was called, each as Keras code writes it (undefined: not known statically). */
export interface KerasCallArgs {
  positional: (KerasArg | undefined)[];
  keywords: Map<string, KerasArg | undefined>;
  /** Keywords every Keras layer takes (name, trainable, initializers…), which a signature does not list. */
  baseKeyword: (name: string) => boolean;
}

export interface KerasBinding {
  /** Undefined when an argument is refused or not known. */
  config: unknown;
  /** Every argument by name, defaults included. */
  values: Map<string, KerasArg>;
  /** What Keras refuses, in its words. */
  problems: string[];
  /** The argument not known statically that left the layer unknown (not a mistake). */
  unknownArg?: string;
}

/** Binds a Keras layer's arguments to its signature, as Keras's constructors take them, and reads its config. */
export function bindKerasSpec(spec: KerasLayerSpec, call: KerasCallArgs): KerasBinding {
  const values = new Map<string, KerasArg>();
  const problems: string[] = [];
  const unknown = new Set<string>();
  spec.signature.forEach((p, i) => {
    if (i < call.positional.length) {
      const v = call.positional[i];
      if (v === undefined) unknown.add(p.name);
      values.set(p.name, v ?? null);
    } else if (p.default !== undefined) values.set(p.name, p.default);
  });
  if (call.positional.length > spec.signature.length && !spec.open) problems.push(`takes at most ${spec.signature.length} positional arguments (${call.positional.length} given)`);
  for (const [k, v] of call.keywords) {
    if (!spec.signature.some((p) => p.name === k) && !call.baseKeyword(k) && !spec.open) problems.push(`keyword argument not understood: ${k}`);
    // An activation given as a function (tf.nn.relu) is still an activation.
    if (v === undefined && k !== 'activation') unknown.add(k);
    values.set(k, v ?? (k === 'activation' ? 'callable' : null));
  }
  const missing = spec.signature.filter((p) => p.default === undefined && !values.has(p.name)).map((p) => p.name);
  try {
    if (missing.length) throw new LayerError(`missing required argument${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    return { config: spec.configure(values), values, problems };
  } catch (e) {
    if (!(e instanceof LayerError)) throw e;
    if (e.arg && unknown.has(e.arg)) return { config: undefined, values, problems, unknownArg: e.arg };
    return { config: undefined, values, problems: [...problems, e.message.replace(new RegExp(`^${spec.name}: `), '')] };
  }
}

/** Any spec that runs on shapes: the torch catalog's and the Keras catalog's (whose weights depend on the input). */
export interface RunnableSpec<C = unknown> {
  name: string;
  forward(c: C, inputs: Shape[], keywords?: ReadonlyMap<string, RValue>): ForwardResult;
  weights?(c: C, inputs: Shape[]): KerasWeights;
}

export interface SpecCall {
  /**
   * The params the call reads: a torch layer's own (0 for a functional form, whose weights are operands). Absent
   * for a spec built on its input (a Keras layer): its trainable weights on these inputs.
   */
  params?: number;
  /** The call's keyword arguments, for what they change in forward (MultiheadAttention's need_weights). */
  keywords?: ReadonlyMap<string, RValue>;
  /** Other tensors the call reads, such as a functional form's weight: read from memory, so in its MAC. */
  operands?: Shape[];
}

export interface SpecRun {
  outputs: Shape[];
  figures: Figures;
  /** A Keras layer's weights on these inputs. */
  weights?: KerasWeights;
  /** The spec's own work, before it became figures. */
  work: ForwardResult;
}

/** One call of a layer on these input shapes. Throws LayerError for inputs the framework refuses, NeedsValue as forward does. */
export function runSpec<C>(spec: RunnableSpec<C>, config: C, inputs: Shape[], call: SpecCall): SpecRun {
  const weights = call.params === undefined ? spec.weights?.(config, inputs) : undefined;
  const params = call.params ?? weights?.trainable;
  if (params === undefined) throw new Error(`runSpec: ${spec.name} is given no params and has no weights of its own`);
  const work = spec.forward(config, inputs, call.keywords);
  const read = call.operands ? [...inputs, ...call.operands] : inputs;
  return {
    outputs: work.outputs, work, ...(weights ? { weights } : {}),
    figures: callFigures({ multAdds: work.multAdds, otherOps: work.otherOps, inputs: read, outputs: work.outputs, params, repeated: work.repeated }),
  };
}
