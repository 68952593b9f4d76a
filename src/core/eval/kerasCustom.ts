/**
 * Keras layers the code writes itself: a `keras.layers.Layer` subclass. Called the first time, it runs `build` with
 * its input's shape (None for the batch), where `add_weight` creates its weights; then `call` runs, as forward does
 * in torch. In the model it is one layer, as model.summary() lists it: its params are the weights it added and those
 * of the layers it called, and its work theirs and that of the operations in `call`.
 */
import type { KerasLayerSpec, KerasWeights } from '../catalog/keras/types';
import { sumFigures } from '../values/figures';
import type { Evaluator } from './evaluator';
import type { KerasLayer, KerasTensor } from './kerasTypes';
import { tensorsOf } from './kerasLambda';
import { VARIABLES } from './tfValues';
import type { Recorder } from './recorder';
import { type CallSite, type InstanceValue, NONE, type RValue, type TensorValue, int, opaque, tuple } from '../values/value';

/** What a custom layer needs of the Keras library. */
export interface CustomHost {
  readonly interp: Evaluator;
  readonly recorder: Recorder;
  layerOfInstance(self: InstanceValue): KerasLayer | undefined;
  layerOf(node: KerasLayer['node']): KerasLayer | undefined;
  newLayer(self: InstanceValue, spec: KerasLayerSpec, config: unknown, name: RValue | undefined, site: CallSite): void;
  callLayer(self: InstanceValue, inputs: RValue | undefined, site: CallSite): RValue;
  unknownOutput(self: InstanceValue, inputs: TensorValue[], weights: KerasWeights | undefined, site: CallSite): RValue;
}

interface Custom {
  /** Weights add_weight created (in __init__ or build). */
  own: KerasWeights;
  built: boolean;
  /** What the last call computed: the spec's forward and weights give it. */
  result?: { outputs: number[][]; multAdds: number; otherOps: number; weights: KerasWeights };
}

const customs = new WeakMap<InstanceValue, Custom>();
const stateOf = (self: InstanceValue): Custom => {
  let c = customs.get(self);
  if (!c) customs.set(self, (c = { own: { trainable: 0, nonTrainable: 0 }, built: false }));
  return c;
};

/** A shape as Keras gives it to build: a tuple with None for the batch; a list of them for several inputs. */
function kerasShape(v: RValue): RValue {
  if (v.kind === 'tensor') return v.shape ? tuple(v.shape.map((d, i) => (i === 0 ? NONE : int(d)))) : NONE;
  if (v.kind === 'list' || v.kind === 'tuple') return { kind: 'list', items: v.items.map(kerasShape) };
  return NONE;
}

/**
 * `self.add_weight(shape=…, trainable=…)`, in Keras 3's order (shape first) or Keras 2's (name first): counts the
 * weight and gives a tensor of its shape.
 */
export function addWeight(self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
  const [first, second] = args;
  const shape = kwargs.get('shape') ?? (first?.kind === 'str' ? second : first);
  const dims = shape && (shape.kind === 'tuple' || shape.kind === 'list') ? shape.items : shape?.kind === 'int' ? [shape] : shape && shape.kind !== 'none' ? undefined : [];
  if (!dims || !dims.every((d) => d.kind === 'int')) return opaque('a weight whose shape is not known statically', site);
  const sizes = dims.map((d) => (d as { value: number }).value);
  const trainable = kwargs.get('trainable');
  const n = sizes.reduce((a, b) => a * b, 1);
  const own = stateOf(self).own;
  if (trainable?.kind === 'bool' && !trainable.value) own.nonTrainable += n;
  else own.trainable += n;
  return { kind: 'tensor', shape: sizes, dtype: 'float32', origin: site };
}

/** The weights of these layers, on top of `base`: what model.summary() prints for a layer holding them. */
export function sumWeights(layers: Iterable<KerasLayer>, base: KerasWeights = { trainable: 0, nonTrainable: 0 }): KerasWeights {
  const w = { ...base };
  for (const l of layers) {
    w.trainable += l.weights?.trainable ?? 0;
    w.nonTrainable += l.weights?.nonTrainable ?? 0;
  }
  return w;
}

/** The first call builds the layer; each call runs `call` and records the layer as one, with what it called. */
export function callCustom(host: CustomHost, self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
  const { interp, recorder } = host;
  const call = interp.getAttr(self, 'call', site);
  // The first input: positional, or by the name `call` gives it (`decoder(decoder_sequence=y, encoder_sequence=x)`).
  const inputs = args[0] ?? kwargs.get(firstParameter(call) ?? 'inputs') ?? kwargs.get('inputs');
  const given = tensorsOf(inputs);
  if (!inputs || !given.length) return opaque(`${self.cls.name} called on something that is not a tensor`, site);
  const state = stateOf(self);
  if (!host.layerOfInstance(self)) host.newLayer(self, spec(self.cls.name, state), state, self.attrs.get('name'), site);
  // On an input of a shape not known it cannot be built: in the graph all the same, its weights not known.
  if (given.some((t) => !t.shape)) return host.unknownOutput(self, given, undefined, site);
  if (!state.built) {
    state.built = true;
    const build = interp.getAttr(self, 'build', site);
    // What build makes is the layer's (a Sequential it holds is not a model of the file's; an op is not a layer).
    recorder.inForward++;
    try {
      if (build.kind !== 'opaque') interp.call(build, [kerasShape(inputs)], new Map(), site);
    } finally {
      recorder.inForward--;
    }
    // Variables it holds (`self.embeddings = tf.Variable(…)`, in __init__ or build) are weights, as Keras tracks them.
    for (const v of self.attrs.values()) {
      for (const t of tensorsOf(v)) {
        const known = VARIABLES.get(t);
        if (!known) continue;
        const n = t.shape!.reduce((a, b) => a * b, 1);
        if (known.trainable) state.own.trainable += n;
        else state.own.nonTrainable += n;
      }
    }
  }
  const layers = recorder.layers.length;
  const functional = recorder.functional.length;
  recorder.inForward++;
  let out: RValue;
  try {
    const named = args.length ? kwargs : new Map([...kwargs].filter(([k]) => kwargs.get(k) !== inputs));
    out = interp.call(call, [inputs, ...args.slice(1)], named, site);
  } finally {
    recorder.inForward--;
  }
  // The layers it called are inside it, as in model.summary(): their calls become this one's.
  const inner = recorder.layers.splice(layers);
  const work = sumFigures([...inner, ...recorder.functional.splice(functional)]);
  const called = new Set(inner.map((c) => host.layerOf(c.node)).filter((l): l is KerasLayer => !!l));
  const weights = sumWeights(called, state.own);
  const produced = tensorsOf(out);
  if (!produced.length || produced.some((t) => !t.shape)) {
    interp.report.diagnostic('warning', `${self.cls.name}.call: what it returns is not known statically (${out.kind === 'opaque' ? out.reason : out.kind}): the model is incomplete`, site, 'unknown-output');
    // Its weights are known all the same (build ran): the layer stays in the model's graph with them.
    return host.unknownOutput(self, given, weights, site);
  }
  state.result = { outputs: produced.map((t) => t.shape!), multAdds: work.multAdds ?? 0, otherOps: work.otherOps ?? 0, weights };
  // Keras tensors passed as other arguments (a decoder's `encoder_sequence`) are inputs of this call too: what made
  // them is in the model's graph (model.summary() connects them).
  const others = [...args.slice(1), ...kwargs.values()].flatMap(tensorsOf).filter((t) => (t as KerasTensor).keras && !given.includes(t));
  return host.callLayer(self, others.length ? { kind: 'list', items: [...given, ...others] } : inputs, site);
}

/** The name of a method's first parameter after self, when it is a function the code wrote. */
function firstParameter(method: RValue): string | undefined {
  const fn = method.kind === 'bound' ? method.func : method;
  return fn.kind === 'function' && fn.def.kind === 'FunctionDef' ? fn.def.params[1]?.name : undefined;
}

/** The layer's spec: its weights and what its last call computed. */
function spec(name: string, state: Custom): KerasLayerSpec {
  return {
    name, category: 'container', signature: [], merge: true,
    configure: () => state,
    weights: () => state.result?.weights ?? state.own,
    forward: () => {
      if (!state.result) throw new Error(`${name} forward before its call ran`);
      return state.result;
    },
  };
}
