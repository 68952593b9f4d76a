/** What the Keras adapter's files share: a layer object and a tensor in a Keras graph (./keras.ts builds them). */
import type { TensorValue } from '../values/value';
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
