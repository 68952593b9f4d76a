/**
 * The rest of what keras.layers exports in Keras 2 and 3: the lookup and encoding layers (no weights; in
 * `output_mode='int'` one index per input value, so the input's shape), CategoryEncoding, and the layers Layer Lens
 * does not cost yet, each said by name at the call (LayerNotKnown: a warning, the model incomplete), never an
 * error and never a silent gap. Their arguments are not checked (`open`): whatever Keras accepts is accepted.
 */
import { LayerError, LayerNotKnown, type Shape } from '../../values/spec';
import { positive } from './args';
import type { KerasArg, KerasLayerSpec } from './types';

const NO_WEIGHTS = () => ({ trainable: 0, nonTrainable: 0 });

/**
 * Hashing, Discretization, IntegerLookup, StringLookup: in `output_mode='int'` (the default) each value becomes
 * an index, the input's shape. The other modes give one value per bin or vocabulary entry, a size that the
 * vocabulary (often adapted on data) decides: not known.
 */
function toIndices(name: string): KerasLayerSpec<{ mode: KerasArg }> {
  return {
    name, category: 'embedding', signature: [], open: true,
    configure: (a) => ({ mode: a.get('output_mode') ?? 'int' }),
    weights: NO_WEIGHTS,
    forward: (c, inputs) => {
      if (c.mode !== 'int') throw new LayerNotKnown(`${name}: with output_mode='${String(c.mode)}', its output has one value per vocabulary entry or bin, which Layer Lens does not cost yet`);
      return { outputs: [inputs[0]], multAdds: 0, otherOps: 0 };
    },
  };
}

/**
 * CategoryEncoding(num_tokens, output_mode='multi_hot'): integer ids to vectors of num_tokens. multi_hot and count
 * fold the last axis of a 2-D input (batch, ids) into one vector; one_hot gives a vector per id (an id axis of 1 is
 * dropped).
 */
const categoryEncoding: KerasLayerSpec<{ tokens: number; mode: string }> = {
  name: 'CategoryEncoding', category: 'embedding',
  signature: [{ name: 'num_tokens', default: null }, { name: 'output_mode', default: 'multi_hot' }, { name: 'sparse', default: false }],
  configure: (a) => {
    const mode = a.get('output_mode');
    if (mode !== 'multi_hot' && mode !== 'one_hot' && mode !== 'count') throw new LayerError(`output_mode must be 'multi_hot', 'one_hot' or 'count' (got ${JSON.stringify(mode)})`);
    if (a.get('num_tokens') === null) throw new LayerError('num_tokens must be given');
    return { tokens: positive(a.get('num_tokens')!, 'num_tokens'), mode };
  },
  weights: NO_WEIGHTS,
  forward: (c, inputs) => {
    const s: Shape = inputs[0];
    if (s.length > 2) throw new LayerError(`CategoryEncoding takes inputs of rank 1 or 2, got ${s.length}`);
    const out = s.length === 1 || c.mode !== 'one_hot' || s[1] === 1 ? [s[0], c.tokens] : [s[0], s[1], c.tokens];
    return { outputs: [out], multAdds: 0, otherOps: 0 };
  },
};

/** A layer Keras exports that Layer Lens does not cost yet: said by name where it is called. */
function notCosted(name: string, why: string): KerasLayerSpec<Record<string, never>> {
  return {
    name, category: 'identity', signature: [], open: true, configure: () => ({}),
    weights: () => {
      throw new LayerNotKnown(`${name}: Layer Lens does not cost this layer yet (${why}); the model is incomplete`);
    },
    forward: () => ({ outputs: [], multAdds: 0, otherOps: 0 }),
  };
}

export const LOOKUP_LAYERS: KerasLayerSpec[] = [
  toIndices('Hashing'), toIndices('Discretization'), toIndices('IntegerLookup'), toIndices('StringLookup'), categoryEncoding,
  notCosted('HashedCrossing', 'it crosses features into hashed bins'),
  notCosted('MelSpectrogram', 'an audio transform'),
  notCosted('GroupQueryAttention', 'grouped-query attention'),
  notCosted('SpectralNormalization', 'a wrapper that normalizes the weights of the layer it holds'),
  ...['ConvLSTM1D', 'ConvLSTM2D', 'ConvLSTM3D'].map((n) => notCosted(n, 'a convolutional recurrent layer')),
  ...['RNN', 'StackedRNNCells', 'SimpleRNNCell', 'LSTMCell', 'GRUCell'].map((n) => notCosted(n, 'a recurrent cell or the RNN wrapper that runs cells')),
  ...['LocallyConnected1D', 'LocallyConnected2D'].map((n) => notCosted(n, 'a convolution without shared weights (Keras 2)')),
  ...['CuDNNLSTM', 'CuDNNGRU'].map((n) => notCosted(n, 'the cuDNN recurrent layers of Keras 2, whose biases differ from LSTM and GRU')),
];
