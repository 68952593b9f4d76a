/**
 * The building blocks of keras_nlp (KerasNLP) and keras_hub (its later name), as model code uses them
 * (`keras_nlp.layers.TransformerEncoder(intermediate_dim=…, num_heads=…)(x)`), written here in Python over the
 * Keras layers Layer Lens knows, so that each is a custom layer (./kerasCustom.ts): one row of model.summary(),
 * its weights those of the layers it calls. Neither package is in Debian, and their sources build on Keras
 * internals Layer Lens does not run; what each layer builds follows the published layer's `build`: a
 * MultiHeadAttention with key_dim = hidden // num_heads, LayerNormalizations, a two-Dense feedforward. Installed
 * or not, these are the layers used (as Keras itself is Layer Lens's own); what else those packages hold
 * (tokenizers, presets, models) is not known, and is said where it is used.
 */
import { builtin } from './builtins';
import { like } from './tfValues';
import type { RValue, TensorValue } from '../values/value';
import { opaque } from '../values/value';

/** The packages whose `layers` this prelude gives. */
export const KERAS_NLP_PACKAGES = ['keras_nlp', 'keras_hub'] as const;

/** Ids looked up in a table: the ids' shape and one more axis of `dim` features (a gather: no arithmetic). */
export const embedded: RValue = builtin('keras_nlp._embedded', ([x, dim], _k, site) =>
  x?.kind === 'tensor' && x.shape && dim?.kind === 'int' ? ({ kind: 'tensor', shape: [...x.shape, dim.value], dtype: 'float32', origin: site } satisfies TensorValue) : opaque('an embedding of ids not known', site));

/**
 * A tensor of the same shape as `x` and no work: a position embedding or encoding broadcast to its input (a slice
 * and a broadcast: no arithmetic).
 */
export const sameShape: RValue = builtin('keras_nlp._same_shape', like('float32'));

export const KERAS_NLP_LAYERS = `
class PositionEmbedding(keras.layers.Layer):
    def __init__(self, sequence_length, initializer="glorot_uniform", **kwargs):
        super().__init__(**kwargs)
        self.sequence_length = int(sequence_length)

    def build(self, inputs_shape):
        # One learned vector per position: sequence_length × the input's features.
        self.add_weight(name="embeddings", shape=(self.sequence_length, inputs_shape[-1]))

    def call(self, inputs, start_index=0):
        return _same_shape(inputs)


class SinePositionEncoding(keras.layers.Layer):
    def __init__(self, max_wavelength=10000, **kwargs):
        super().__init__(**kwargs)

    def call(self, inputs, start_index=0):
        return _same_shape(inputs)


class RotaryEmbedding(keras.layers.Layer):
    def __init__(self, max_wavelength=10000, scaling_factor=1.0, sequence_axis=1, feature_axis=-1, **kwargs):
        super().__init__(**kwargs)

    def call(self, inputs, start_index=0, positions=None):
        # Rotates pairs of features by their position: the input's shape, no weights.
        return _same_shape(inputs)


class ReversibleEmbedding(keras.layers.Layer):
    def __init__(self, input_dim, output_dim, tie_weights=True, embeddings_initializer="uniform", embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False, reverse_dtype=None, logit_soft_cap=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.tie_weights = tie_weights
        self.embeddings = self.add_weight(name="embeddings", shape=(input_dim, output_dim))
        # Untied, the reverse projection (hidden to vocabulary) is a weight of its own.
        self.reverse_embeddings = self.embeddings if tie_weights else self.add_weight(name="reverse_embeddings", shape=(output_dim, input_dim))

    def call(self, inputs, reverse=False):
        if reverse:
            kernel = keras.ops.transpose(self.embeddings) if self.tie_weights else self.reverse_embeddings
            return keras.ops.matmul(inputs, kernel)
        return _embedded(inputs, self.output_dim)


class TokenAndPositionEmbedding(keras.layers.Layer):
    def __init__(self, vocabulary_size, sequence_length, embedding_dim, tie_weights=True, embeddings_initializer="uniform", mask_zero=False, **kwargs):
        super().__init__(**kwargs)
        self.vocabulary_size = int(vocabulary_size)
        self.embedding_dim = int(embedding_dim)
        self.tie_weights = tie_weights
        self.token_embedding = keras.layers.Embedding(vocabulary_size, embedding_dim, mask_zero=mask_zero, name="token_embedding")
        self.position_embedding = PositionEmbedding(sequence_length=sequence_length, name="position_embedding")

    def build(self, input_shape):
        # Untied, the token embedding keeps a reverse projection of its own (ReversibleEmbedding).
        if not self.tie_weights:
            self.add_weight(name="reverse_embeddings", shape=(self.embedding_dim, self.vocabulary_size))

    def call(self, inputs, start_index=0):
        embedded_tokens = self.token_embedding(inputs)
        embedded_positions = self.position_embedding(embedded_tokens)
        return embedded_tokens + embedded_positions


class _Transformer(keras.layers.Layer):
    """What the encoder and the decoder share: their arguments, self-attention and the feedforward, each a residual."""

    def __init__(self, intermediate_dim, num_heads, dropout=0, activation="relu", layer_norm_epsilon=1e-05, kernel_initializer="glorot_uniform", bias_initializer="zeros", normalize_first=False, **kwargs):
        super().__init__(**kwargs)
        self.intermediate_dim = intermediate_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.activation = activation
        self.normalize_first = normalize_first
        self._cross_attention_layer = None

    def build(self, inputs_shape, encoder_sequence_shape=None):
        hidden_dim = inputs_shape[-1]
        self._head_dim = int(hidden_dim // self.num_heads)
        if self._head_dim == 0:
            raise ValueError(f"Attention key_dim computed cannot be zero: hidden_dim {hidden_dim} is smaller than num_heads {self.num_heads}")
        self._self_attention_layer = keras.layers.MultiHeadAttention(num_heads=self.num_heads, key_dim=self._head_dim, dropout=self.dropout, name="self_attention")
        self._self_attention_layer_norm = keras.layers.LayerNormalization(name="self_attention_layer_norm")
        self._feedforward_intermediate_dense = keras.layers.Dense(self.intermediate_dim, activation=self.activation, name="feedforward_intermediate_dense")
        self._feedforward_output_dense = keras.layers.Dense(hidden_dim, name="feedforward_output_dense")
        self._feedforward_layer_norm = keras.layers.LayerNormalization(name="feedforward_layer_norm")

    def _residual(self, x, run, norm):
        residual = x
        if self.normalize_first:
            x = norm(x)
        x = run(x) + residual
        if not self.normalize_first:
            x = norm(x)
        return x

    def _self_attention(self, x):
        return self._residual(x, lambda h: self._self_attention_layer(h, h), self._self_attention_layer_norm)

    def _feedforward(self, x):
        return self._residual(x, lambda h: self._feedforward_output_dense(self._feedforward_intermediate_dense(h)), self._feedforward_layer_norm)


class TransformerEncoder(_Transformer):
    def call(self, inputs, padding_mask=None, attention_mask=None, training=None):
        return self._feedforward(self._self_attention(inputs))


class TransformerDecoder(_Transformer):
    def call(self, decoder_sequence, encoder_sequence=None, decoder_padding_mask=None, decoder_attention_mask=None, encoder_padding_mask=None, encoder_attention_mask=None, self_attention_cache=None, self_attention_cache_update_index=None, cross_attention_cache=None, cross_attention_cache_update_index=None, use_causal_mask=True, training=None):
        x = self._self_attention(decoder_sequence)
        if encoder_sequence is not None:
            # Cross-attention is built by the first call that gives an encoder sequence, as build(…, encoder_sequence_shape) does.
            if self._cross_attention_layer is None:
                self._cross_attention_layer = keras.layers.MultiHeadAttention(num_heads=self.num_heads, key_dim=self._head_dim, value_dim=self._head_dim, dropout=self.dropout, name="cross_attention")
                self._cross_attention_layer_norm = keras.layers.LayerNormalization(name="cross_attention_layer_norm")
            x = self._residual(x, lambda h: self._cross_attention_layer(h, encoder_sequence), self._cross_attention_layer_norm)
        return self._feedforward(x)


class FNetEncoder(keras.layers.Layer):
    def __init__(self, intermediate_dim, dropout=0, activation="relu", layer_norm_epsilon=1e-5, kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        self.intermediate_dim = intermediate_dim
        self.activation = activation

    def build(self, inputs_shape):
        self._mixing_layer_norm = keras.layers.LayerNormalization(name="mixing_layer_norm")
        self._output_layer_norm = keras.layers.LayerNormalization(name="output_layer_norm")
        self._intermediate_dense = keras.layers.Dense(self.intermediate_dim, activation=self.activation, name="intermediate_dense")
        self._output_dense = keras.layers.Dense(inputs_shape[-1], name="output_dense")

    def call(self, inputs, training=None):
        # The Fourier transform's real part mixes the tokens: no weights, and no Mult-Adds under the conventions
        # (a spectral transform, as torch.fft is counted).
        mixing_output = self._mixing_layer_norm(inputs + _same_shape(inputs))
        x = self._output_dense(self._intermediate_dense(mixing_output))
        return self._output_layer_norm(mixing_output + x)
`;
