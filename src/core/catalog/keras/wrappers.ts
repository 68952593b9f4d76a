/**
 * Keras's layer wrappers as specs made from the spec they wrap: Bidirectional runs it twice, TimeDistributed on
 * every step of the time axis. Their rules are the inner layer's, composed here, so that runSpec costs them as any.
 */
import { LayerError } from '../../values/spec';
import type { KerasArg, KerasLayerSpec } from './types';

/**
 * Bidirectional(LSTM(64)): the wrapped layer twice, forward and backward; outputs concatenated on the last axis
 * (merge_mode='concat'), or summed, multiplied or averaged (one operation per output element), or kept apart (None).
 */
export function bidirectional(inner: KerasLayerSpec, innerConfig: unknown, mode: KerasArg | undefined): KerasLayerSpec {
  return {
    name: 'Bidirectional', category: 'rnn', notes: 'lstm-gru', signature: [],
    configure: () => innerConfig,
    weights: (c, inputs) => {
      const w = inner.weights(c, inputs);
      return { trainable: 2 * w.trainable, nonTrainable: 2 * w.nonTrainable };
    },
    forward: (c, inputs) => {
      const f = inner.forward(c, inputs);
      const out = f.outputs[0];
      const merged = mode === 'concat' ? [...out.slice(0, -1), 2 * out[out.length - 1]] : out;
      const mergeOps = mode === 'concat' || mode === null ? 0 : merged.reduce((a, b) => a * b, 1);
      return { outputs: [merged, ...f.outputs.slice(1), ...f.outputs.slice(1)], multAdds: 2 * f.multAdds, otherOps: 2 * f.otherOps + mergeOps };
    },
  };
}

/**
 * TimeDistributed(layer): the layer on every step of the time axis, as Keras runs it (the batch and time axes
 * folded into one): its weights once, its work once per step.
 */
export function timeDistributed(inner: KerasLayerSpec, innerConfig: unknown): KerasLayerSpec {
  const folded = (s: number[]) => {
    if (s.length < 3) throw new LayerError(`TimeDistributed expects (batch, time, …) input, got ${s.slice(1).join('×')}`);
    return [s[0] * s[1], ...s.slice(2)];
  };
  return {
    name: 'TimeDistributed', category: inner.category, signature: [],
    configure: () => innerConfig,
    weights: (c, inputs) => inner.weights(c, [folded(inputs[0])]),
    forward: (c, inputs) => {
      const f = inner.forward(c, [folded(inputs[0])]);
      return { ...f, outputs: f.outputs.map((o) => [inputs[0][0], inputs[0][1], ...o.slice(1)]) };
    },
  };
}
