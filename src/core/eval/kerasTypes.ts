/** What the Keras adapter's files share: a layer object and a tensor in a Keras graph (./keras.ts builds them). */
import type { InstanceValue, RValue, TensorValue } from '../values/value';
import type { ModuleNode } from '../values/moduleTree';
import type { KerasLayerSpec, KerasWeights } from '../catalog/keras/types';

/** A Keras layer object: its spec, config, name and, once called, its weights. */
export interface KerasLayer {
  spec: KerasLayerSpec | 'InputLayer';
  config: unknown;
  name: string;
  node: ModuleNode;
  weights?: KerasWeights;
  /** Execution order of its first call: model.summary() lists layers in this order. */
  order: number;
}

/** What a tensor remembers: the layer call that made it. */
export interface KerasHistory {
  layer: KerasLayer;
  inputs: TensorValue[];
  /** The order of the calls (a model's graph is run again in it: KerasLib.replay). */
  seq: number;
}

/** A tensor in a Keras graph; `guessed`: on a length taken for a None in its input's shape; `index`: which output of its call. */
export type KerasTensor = TensorValue & { keras?: KerasHistory; guessed?: true; index?: number };

/** A Keras model's graph: its layers in summary order, its inputs and outputs, and outputs that were not tensors. */
export interface KerasGraph {
  layers: KerasLayer[];
  inputs: TensorValue[];
  outputs: TensorValue[];
  dropped: RValue[];
}

/**
 * What the Keras adapter answers about what a run recorded (the contexts read Keras through this, never the
 * adapter itself): a model's graph, the layer object behind a module node, and a layer's weights as they stand.
 */
export interface KerasFacts {
  isModel(v: RValue): boolean;
  graph(model: InstanceValue): KerasGraph | undefined;
  layerOf(node: ModuleNode): KerasLayer | undefined;
  /** Its weights now (a nested model's from its inner graph; `trainable = False` set after the call counts). */
  weightsNow(layer: KerasLayer, model?: InstanceValue): KerasWeights | undefined;
}
