/** A Keras layer spec's vocabulary: what every file of the Keras catalog shares (./layers.ts gathers the specs). */
import type { Category, Formula, ForwardResult, Shape } from '../../values/spec';

/** An argument value as Keras code writes it. */
export type KerasArg = number | string | boolean | null | KerasArg[];

export interface KerasWeights {
  trainable: number;
  nonTrainable: number;
}

export interface KerasLayerSpec<C = unknown> {
  name: string;
  category: Category;
  /** Positional parameters in Keras's order, with their defaults (absent: required). */
  signature: { name: string; default?: KerasArg }[];
  /** Layers called on a list of tensors (Add, Concatenate…). */
  merge?: boolean;
  /** Arguments not checked against the signature (layers said by name, or read by keyword only): ./lookup.ts. */
  open?: boolean;
  /** Layers called with several tensor arguments (MultiHeadAttention: query, value, key). */
  attention?: boolean;
  configure(a: Map<string, KerasArg>): C;
  weights(c: C, inputs: Shape[]): KerasWeights;
  forward(c: C, inputs: Shape[]): ForwardResult;
  notes?: string;
  /** The layer in words on its input, as a PyTorch layer's: `3×3 conv, 32 → 64 channels, stride 2`. */
  describe?(c: C, inputs: Shape[]): string;
  /** Its Mult-Adds formula on these shapes, with the numbers filled in (convolutions). */
  formula?(c: C, inputs: Shape[], outputs: Shape[]): Formula | undefined;
}

/** The length a None in a Keras Input's shape is taken as (eval/keras.ts): the weights never depend on it. */
export const KERAS_NONE_LENGTH = 128;
