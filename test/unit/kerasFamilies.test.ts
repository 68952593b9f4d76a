/**
 * Keras as its documentation writes it (issue 32): layers in every rank and their aliases, preprocessing and
 * augmentation inside a model, custom layers with build() and add_weight, TensorFlow and keras.ops functions on
 * Keras tensors, a tensor's static shape as an argument. Each figure is Keras's formula, worked out in the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateModels, type ModelResult } from '../../src/core';
import { analyzeSource } from './helpers';

function model(source: string): ModelResult {
  const files: Record<string, string> = { '/k/model.py': source };
  const models = evaluateModels('/k/model.py', { read: (p) => files[p] }, {}).models;
  const m = models.find((x) => x.framework === 'keras');
  assert.ok(m, `no Keras model: ${JSON.stringify(models.map((x) => x.name))}`);
  return m;
}

const rows = (m: ModelResult) => m.layers.map((l) => `${l.path} ${l.type} ${l.outputShape.slice(1).join('x')} ${l.params + (l.nonTrainable ?? 0)}`);
const problems = (m: ModelResult) => m.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.line}: ${d.message}`);

test('layers in every rank Keras ships, and the aliases it exports: 3-D pooling, transposed convs in 1-D and 3-D, padding, cropping, upsampling', () => {
  const m = model(`import keras
from keras import layers

inputs = keras.Input(shape=(8, 8, 8, 2))
x = layers.Conv3D(4, 3, padding="same")(inputs)
x = layers.MaxPool3D(2)(x)
x = layers.ZeroPadding3D(1)(x)
x = layers.Cropping3D(((1, 0), (0, 1), (1, 1)))(x)
x = layers.UpSampling3D((1, 2, 1))(x)
x = layers.Conv3DTranspose(3, 2, strides=2)(x)
x = layers.GlobalAveragePooling3D()(x)
x = layers.RepeatVector(5)(x)
x = layers.Conv1DTranspose(6, 3)(x)
x = layers.ZeroPadding1D((2, 1))(x)
x = layers.Cropping1D(1)(x)
x = layers.UpSampling1D(3)(x)
x = layers.GlobalMaxPool1D()(x)
model = keras.Model(inputs, x)
`);
  assert.deepEqual(problems(m), []);
  assert.ok(m.complete);
  // Conv3D: 3·3·3·2·4 + 4 = 220. Pool: 4³. ZeroPadding3D(1): 6³. Cropping3D: 5×5×4. UpSampling3D (1,2,1): 5×10×4.
  // Conv3DTranspose(3, 2, strides=2), valid: n·2 + max(2−2, 0) → 10×20×8; 2·2·2·4·3 + 3 = 99.
  // RepeatVector(5) on 3 features → 5×3. Conv1DTranspose(6, 3): 5 + 2 = 7 steps; 3·3·6 + 6 = 60.
  // ZeroPadding1D((2, 1)): 10. Cropping1D(1): 8. UpSampling1D(3): 24.
  assert.deepEqual(rows(m), [
    'input_layer InputLayer 8x8x8x2 0', 'conv3d Conv3D 8x8x8x4 220', 'max_pooling3d MaxPooling3D 4x4x4x4 0', 'zero_padding3d ZeroPadding3D 6x6x6x4 0',
    'cropping3d Cropping3D 5x5x4x4 0', 'up_sampling3d UpSampling3D 5x10x4x4 0', 'conv3d_transpose Conv3DTranspose 10x20x8x3 99',
    'global_average_pooling3d GlobalAveragePooling3D 3 0', 'repeat_vector RepeatVector 5x3 0', 'conv1d_transpose Conv1DTranspose 7x6 60',
    'zero_padding1d ZeroPadding1D 10x6 0', 'cropping1d Cropping1D 8x6 0', 'up_sampling1d UpSampling1D 24x6 0', 'global_max_pooling1d GlobalMaxPooling1D 6 0',
  ].map((r) => r.replace(/^input_layer /, `${m.layers[0].path} `)));
  assert.equal(m.totals.params, 220 + 99 + 60);
});

test('preprocessing and augmentation inside a model: identities at inference with no weights, Resizing and CenterCrop change the size', () => {
  const m = model(`import keras
from keras import layers

inputs = keras.Input(shape=(64, 48, 3))
x = layers.Resizing(32, 32)(inputs)
x = layers.Rescaling(1.0 / 255)(x)
x = layers.RandomFlip("horizontal")(x)
x = layers.RandomRotation(0.1)(x)
x = layers.RandomZoom(0.2)(x)
x = layers.RandomTranslation(0.1, 0.1)(x)
x = layers.RandomContrast(0.2)(x)
x = layers.CenterCrop(28, 28)(x)
x = layers.GaussianNoise(0.1)(x)
x = layers.Conv2D(8, 3)(x)
x = layers.LeakyReLU(0.2)(x)
x = layers.SpatialDropout2D(0.1)(x)
x = layers.Flatten()(x)
x = layers.Dense(2)(x)
model = keras.Model(inputs, x)
`);
  assert.deepEqual(problems(m), []);
  assert.ok(m.complete);
  // Conv2D(8, 3) on 28×28×3: 3·3·3·8 + 8 = 224, 26×26×8 out; Dense on 26·26·8 = 5,408 features: 5,408·2 + 2.
  assert.equal(m.totals.params, 224 + 5408 * 2 + 2);
  assert.deepEqual(m.layers.slice(1, 3).map((l) => l.outputShape), [[1, 32, 32, 3], [1, 32, 32, 3]]);
  assert.deepEqual(m.layers.find((l) => l.type === 'CenterCrop')?.outputShape, [1, 28, 28, 3]);
});

test('a custom layer: build() runs with the input shape, add_weight counts its weights, call() runs; layers it calls are inside it', () => {
  const m = model(`import keras
from keras import layers

class Linear(layers.Layer):
    def __init__(self, units=8, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal", trainable=True)
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", trainable=True)
        self.count = self.add_weight(shape=(), initializer="zeros", trainable=False)

    def call(self, inputs):
        return keras.ops.matmul(inputs, self.w) + self.b

class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.d1 = layers.Dense(units, activation="relu")
        self.d2 = layers.Dense(units)
        self.norm = layers.LayerNormalization()

    def call(self, x):
        return self.norm(x + self.d2(self.d1(x)))

inputs = keras.Input(shape=(10, 16))
x = Linear(32, name="proj")(inputs)
x = Block(32)(x)
model = keras.Model(inputs, x)
`);
  assert.deepEqual(problems(m), []);
  assert.ok(m.complete);
  // Linear: 16·32 + 32 trainable, a scalar not trainable. Block: two Dense(32) on 32 (32·32 + 32 each) and a
  // LayerNormalization (gamma and beta, 32 each), one row as model.summary() prints it.
  const linear = 16 * 32 + 32;
  const block = 2 * (32 * 32 + 32) + 2 * 32;
  assert.deepEqual(rows(m).slice(1), [`proj Linear 10x32 ${linear + 1}`, `block Block 10x32 ${block}`]);
  assert.deepEqual([m.totals.params, m.totals.nonTrainable], [linear + block, 1]);
  // The matmul in call() is its work: 10 rows · 16 · 32; the Dense layers inside Block theirs (2 · 10 · 32 · 32).
  assert.equal(m.layers[1].multAdds, 10 * 16 * 32);
  assert.equal(m.layers[2].multAdds, 2 * 10 * 32 * 32);
});

test('TensorFlow and keras.ops on Keras tensors: each call a layer of no weights in the graph (TFOpLambda), and tf.shape / a static .shape as arguments', () => {
  const m = model(`import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(6, 6, 4))
x = layers.Conv2D(8, 1)(inputs)
x = tf.reshape(x, (-1, x.shape[1] * x.shape[2], x.shape[-1]))
y = tf.nn.relu(x)
x = tf.concat([x, y], axis=-1)
x = tf.reduce_mean(x, axis=1)
x = tf.expand_dims(x, 1)
n = tf.shape(x)[2]
x = layers.Reshape((n,))(x)
x = keras.ops.softmax(layers.Dense(3)(x))
model = keras.Model(inputs, x)
`);
  assert.deepEqual(problems(m), []);
  assert.ok(m.complete);
  // Conv2D(8, 1) on 4 channels: 4·8 + 8 = 40; Dense(3) on 16: 16·3 + 3 = 51. The TensorFlow calls have no weights.
  assert.equal(m.totals.params, 40 + 51);
  assert.deepEqual(m.layers.filter((l) => l.path.startsWith('tf.')).map((l) => `${l.path} ${l.outputShape.slice(1).join('x')}`), [
    'tf.reshape 36x8', 'tf.nn.relu 36x8', 'tf.concat 36x16', 'tf.reduce_mean 16', 'tf.expand_dims 1x16',
  ]);
  assert.deepEqual(m.output, [[1, 3]]);
});

test('what breaks the chain is said at its line, naming it, never at line 1', () => {
  const files: Record<string, string> = {
    '/k/model.py': 'import keras\nfrom keras import layers\nimport mystery\n\ninputs = keras.Input(shape=(16,))\nx = layers.Dense(8)(inputs)\nx = mystery.transform(x)\nx = layers.Dense(4)(x)\nmodel = keras.Model(inputs, x)\n',
  };
  const a = evaluateModels('/k/model.py', { read: (p) => files[p] }, {});
  const said = a.models.flatMap((m) => m.diagnostics).find((d) => d.code === 'unknown-output');
  assert.ok(said);
  assert.equal(said.line, 7);
  assert.match(said.message, /mystery\.transform/);
});

test('a layer argument not known statically makes the layer not known, a warning: never a red error', () => {
  const files: Record<string, string> = {
    '/k/model.py': 'import keras\nfrom keras import layers\nimport mystery\n\ninputs = keras.Input(shape=(4, 4))\nx = layers.Reshape((mystery.size(),))(inputs)\nx = layers.Dense(mystery.units)(x)\nmodel = keras.Model(inputs, x)\n',
  };
  const a = evaluateModels('/k/model.py', { read: (p) => files[p] }, {});
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  const said = a.diagnostics.filter((d) => d.code === 'keras-argument-unknown').map((d) => [d.line, d.message]);
  assert.deepEqual(said, [
    [6, 'Reshape: `target_shape` is not known statically, so this layer is not either'],
    [7, 'Dense: `units` is not known statically, so this layer is not either'],
  ]);
});

test('attention, Dot, UnitNormalization and TimeDistributed: weights and shapes as Keras builds them', () => {
  const m = model(`import keras
from keras import layers

inputs = keras.Input(shape=(5, 12))
x = layers.TimeDistributed(layers.Dense(8))(inputs)
x = layers.Bidirectional(layers.LSTM(4, return_sequences=True))(x)
q = layers.Dense(8)(x)
a = layers.Attention(use_scale=True)([q, x])
b = layers.AdditiveAttention()([q, x])
d = layers.Dot(axes=(2, 2))([a, b])
u = layers.UnitNormalization()(a)
model = keras.Model(inputs, [d, u])
`);
  assert.deepEqual(problems(m), []);
  assert.ok(m.complete);
  // TimeDistributed(Dense(8)) on 12 features: 12·8 + 8, once for every step. Bidirectional LSTM(4) on 8: twice
  // 4 gates · (8·4 + 4·4 + 4). Dense(8) on 8: 72. Attention's scale: 1 scalar; AdditiveAttention's: one per feature.
  assert.deepEqual(rows(m).slice(1), [
    'time_distributed TimeDistributed 5x8 104', `bidirectional Bidirectional 5x8 ${2 * 4 * (8 * 4 + 4 * 4 + 4)}`, 'dense_1 Dense 5x8 72',
    'attention Attention 5x8 1', 'additive_attention AdditiveAttention 5x8 8', 'dot Dot 5x5 0', 'unit_normalization UnitNormalization 5x8 0',
  ]);
  assert.equal(m.layers[1].multAdds, 5 * 12 * 8, 'the Dense once per step');
});

test('a layer a wrapper runs is the wrapper\'s row, not a layer no model calls', () => {
  const a = analyzeSource('import keras\nfrom keras import layers\n\ninputs = keras.Input(shape=(5, 12))\nx = layers.TimeDistributed(layers.Dense(8))(inputs)\nx = layers.Bidirectional(layers.LSTM(4))(x)\nmodel = keras.Model(inputs, x)\n');
  const lines = a.calls.map((c) => `${c.line} ${c.type} ${c.params}`);
  assert.ok(lines.includes('5 TimeDistributed 104') && lines.includes(`6 Bidirectional ${2 * 4 * (8 * 4 + 4 * 4 + 4)}`), lines.join(', '));
  assert.ok(!JSON.stringify(a.calls).includes('no model calls this one'), JSON.stringify(a.calls.map((c) => c.notes)));
});

test('a None length in an Input is taken as 128 and said: params exact (they do not depend on it), the input marked', () => {
  const m = model(`import keras
from keras import layers

inputs = keras.Input(shape=(None,), dtype="int64")
x = layers.Embedding(20000, 128)(inputs)
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
x = layers.Bidirectional(layers.LSTM(64))(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
`);
  // keras-io's bidirectional LSTM on IMDB prints Total params: 2,757,761.
  assert.equal(m.totals.params, 20000 * 128 + 2 * 4 * (128 * 64 + 64 * 64 + 64) + 2 * 4 * (128 * 64 + 64 * 64 + 64) + 128 + 1);
  assert.equal(m.totals.params, 2_757_761);
  assert.equal(m.inputSource, 'length');
  assert.deepEqual(m.input, [[1, 128]]);
});

test('where a None length is taken as 128, it is said at the Input', () => {
  const files: Record<string, string> = { '/k/model.py': 'import keras\nfrom keras import layers\n\ninputs = keras.Input(shape=(None, 4))\nmodel = keras.Model(inputs, layers.Dense(2)(inputs))\n' };
  const a = evaluateModels('/k/model.py', { read: (p) => files[p] }, {});
  const said = a.diagnostics.filter((d) => d.code === 'keras-none-length').map((d) => [d.severity, d.line]);
  assert.deepEqual(said, [['info', 4]]);
});

test('an Input whose shape comes from data is said at its line; a refusal on a None length taken as 128 is a note, never red', () => {
  const files: Record<string, string> = {
    '/k/model.py': 'import numpy as np\nimport keras\nfrom keras import layers\n\nx_train = np.load("data.npy")\ninputs = keras.Input(shape=x_train.shape[1:])\nx = layers.Dense(4)(inputs)\nmodel = keras.Model(inputs, x)\n\nseq = keras.Input(shape=(None, 3))\ny = layers.Conv1D(8, 200)(seq)\nconv = keras.Model(seq, y)\n',
  };
  const a = evaluateModels('/k/model.py', { read: (p) => files[p] }, {});
  const said = a.diagnostics.find((d) => d.code === 'keras-input-unknown');
  assert.equal(said?.line, 6);
  assert.equal(said?.severity, 'warning');
  // Conv1D's kernel of 200 is longer than 128: on the length taken for None, not the user's mistake.
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  assert.ok(a.diagnostics.some((d) => d.severity === 'info' && d.line === 11 && /on the length 128 taken for None/.test(d.message)));
});

test('tf.nn.depth_to_space and space_to_depth on Keras tensors (sub-pixel super-resolution)', () => {
  const m = model(`import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(8, 8, 1))
x = layers.Conv2D(4 * 9, 3, padding="same")(inputs)
x = tf.nn.depth_to_space(x, 3)
y = tf.nn.space_to_depth(x, 2)
model = keras.Model(inputs, [x, y])
`);
  assert.deepEqual(problems(m), []);
  assert.deepEqual(m.output, [[1, 24, 24, 4], [1, 12, 12, 16]]);
  assert.equal(m.totals.params, 3 * 3 * 1 * 36 + 36);
});

test('no file ends in an uncaught exception: property() or staticmethod() without a function, @tf.function with and without arguments', () => {
  const files: Record<string, string> = {
    '/k/model.py': 'import tensorflow as tf\nfrom tensorflow import keras\n\nclass A:\n    x = staticmethod()\n    y = property()\n\n@tf.function\ndef f(x):\n    return x\n\n@tf.function(jit_compile=True)\ndef g(x):\n    return x\n\ninputs = keras.Input(shape=(4,))\nmodel = keras.Model(inputs, f(g(keras.layers.Dense(2)(inputs))))\n',
  };
  const a = evaluateModels('/k/model.py', { read: (p) => files[p] }, {});
  assert.deepEqual(a.diagnostics.filter((d) => /failed/.test(d.message)).map((d) => d.message), []);
  const m = a.models.find((x) => x.framework === 'keras');
  assert.equal(m?.totals.params, 4 * 2 + 2);
  assert.ok(m?.complete);
});

test('a built model called inside another is one layer of it, with its weights and work, as model.summary() lists it', () => {
  const files: Record<string, string> = { '/k/model.py': `import keras
from keras import layers

inputs = keras.Input(shape=(20,), dtype="int64")
x = layers.Embedding(100, 8)(inputs)
x = layers.GlobalAveragePooling1D()(x)
preds = layers.Dense(3)(x)
model = keras.Model(inputs, preds)

text = keras.Input(shape=(1,), dtype="string")
ids = layers.TextVectorization(max_tokens=100, output_sequence_length=20)(text)
outer = keras.Model(text, model(ids))
` };
  const a = evaluateModels('/k/model.py', { read: (p) => files[p] }, {});
  const outer = a.models.find((m) => m.name === 'outer');
  assert.ok(outer?.complete, JSON.stringify(outer?.diagnostics));
  // Embedding 100·8 and Dense 8·3 + 3, in one row; its Mult-Adds the Dense's (8·3).
  assert.deepEqual(outer.layers.map((l) => `${l.type} ${l.params}`), ['InputLayer 0', 'TextVectorization 0', `Functional ${100 * 8 + 8 * 3 + 3}`]);
  assert.equal(outer.totals.multAdds, 8 * 3);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('keras.layers.experimental.preprocessing, where TensorFlow 2.x kept those layers, gives the same classes', () => {
  const m = model(`from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.layers.experimental import preprocessing

inputs = keras.Input(shape=(32, 32, 3))
x = layers.experimental.preprocessing.RandomFlip("horizontal")(inputs)
x = preprocessing.Rescaling(1.0 / 255)(x)
x = layers.Conv2D(4, 3)(x)
model = keras.Model(inputs, x)
`);
  assert.deepEqual(problems(m), []);
  assert.ok(m.complete);
  assert.deepEqual(rows(m).slice(1), ['random_flip RandomFlip 32x32x3 0', 'rescaling Rescaling 32x32x3 0', `conv2d Conv2D 30x30x4 ${3 * 3 * 3 * 4 + 4}`]);
});

test('every model the top level builds: a name bound twice keeps both, Sequentials a subclass holds are listed, each at the statement that built it', () => {
  const source = `import keras
from keras import layers


def get_model(units):
    inputs = keras.Input(shape=(16,))
    outputs = layers.Dense(units)(inputs)
    return keras.Model(inputs, outputs)


model = get_model(4)
model = get_model(8)


class GAN(keras.Model):
    def __init__(self, latent_dim):
        super().__init__()
        self.discriminator = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(64, 3, strides=2, padding="same"), layers.LeakyReLU(0.2), layers.GlobalMaxPooling2D(), layers.Dense(1)], name="discriminator")
        self.generator = keras.Sequential([keras.Input(shape=(latent_dim,)), layers.Dense(7 * 7 * 8), layers.Reshape((7, 7, 8)), layers.Conv2DTranspose(8, 4, strides=2, padding="same")], name="generator")


gan = GAN(latent_dim=32)
`;
  const files: Record<string, string> = { '/k/model.py': source };
  const top = evaluateModels('/k/model.py', { read: (p) => files[p] }, {}).models.filter((m) => m.framework === 'keras' && m.definition === null);
  // Dense(4) on 16: 16·4 + 4 = 68; Dense(8): 136. The first model is no longer bound: its Keras name, at its line.
  // discriminator: Conv2D 3·3·1·64 + 64 = 640, Dense(1) on 64: 65. generator: Dense(392) on 32: 32·392 + 392 =
  // 12,936; Conv2DTranspose(8, 4) on 8 channels: 4·4·8·8 + 8 = 1,032.
  assert.deepEqual(top.map((m) => [m.name, m.line, m.totals.params, m.complete]), [
    ['model (line 11)', 11, 68, true], ['model', 12, 136, true], ['discriminator', 22, 705, true], ['generator', 22, 12936 + 1032, true],
  ]);
});

test('keras_nlp and keras_hub layers: each one row with the weights of the Keras layers it builds, a decoder connected to its encoder', () => {
  for (const pkg of ['keras_nlp', 'keras_hub']) {
    const m = model(`import keras
import ${pkg}

encoder_inputs = keras.Input(shape=(40,), dtype="int64")
x = ${pkg}.layers.TokenAndPositionEmbedding(vocabulary_size=15000, sequence_length=40, embedding_dim=64)(encoder_inputs)
encoder_outputs = ${pkg}.layers.TransformerEncoder(intermediate_dim=128, num_heads=8)(inputs=x)
decoder_inputs = keras.Input(shape=(40,), dtype="int64")
y = ${pkg}.layers.TokenAndPositionEmbedding(vocabulary_size=15000, sequence_length=40, embedding_dim=64, tie_weights=False)(decoder_inputs)
y = ${pkg}.layers.TransformerDecoder(intermediate_dim=128, num_heads=8, normalize_first=True)(decoder_sequence=y, encoder_sequence=encoder_outputs)
y = ${pkg}.layers.FNetEncoder(intermediate_dim=32)(y)
y = y + ${pkg}.layers.SinePositionEncoding()(y)
decoder_outputs = keras.layers.Dense(15000, activation="softmax")(y)
transformer = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)
`);
    assert.deepEqual(problems(m), []);
    assert.ok(m.complete);
    // TokenAndPositionEmbedding: 15000·64 tokens + 40·64 positions = 962,560; untied, a reverse 64×15000 more.
    // TransformerEncoder on 64 features, 8 heads of 8: attention 4·(64·64 + 64) = 16,640; two LayerNorms 2·128;
    // feedforward 64·128 + 128 + 128·64 + 64 = 16,576. Decoder: self and cross attention and three LayerNorms, the
    // same feedforward. FNetEncoder(32): two LayerNorms, 64·32 + 32 + 32·64 + 64. Dense: 64·15000 + 15000.
    const embedding = 15000 * 64 + 40 * 64;
    const attention = 4 * (64 * 64 + 64);
    const feedforward = 64 * 128 + 128 + 128 * 64 + 64;
    const expected = [embedding, attention + 2 * 128 + feedforward, embedding + 64 * 15000, 2 * attention + 3 * 128 + feedforward, 2 * 128 + 64 * 32 + 32 + 32 * 64 + 64, 0, 64 * 15000 + 15000];
    const layers = m.layers.filter((l) => l.type !== 'InputLayer' && !l.path.startsWith('tf.'));
    assert.deepEqual(layers.map((l) => l.type), ['TokenAndPositionEmbedding', 'TransformerEncoder', 'TokenAndPositionEmbedding', 'TransformerDecoder', 'FNetEncoder', 'SinePositionEncoding', 'Dense']);
    assert.deepEqual(layers.map((l) => l.params), expected);
    assert.equal(m.totals.params, expected.reduce((a, b) => a + b));
  }
});

test('operators on Keras tensors (x + y, x * 2, -x, x[:, 0], x @ w) are layers of the graph, as Keras 2 makes them: what feeds them is counted', () => {
  const m = model(`import keras
from keras import layers

inputs = keras.Input(shape=(10, 16))
a = layers.Dense(16)(inputs)
b = layers.Dense(16)(inputs)
x = a + b
x = -(x * 2)
x = x[:, 0]
x = layers.Dense(4)(x)
model = keras.Model(inputs, x)
`);
  assert.deepEqual(problems(m), []);
  assert.ok(m.complete);
  // Two Dense(16) on 16 features: 2·(16·16 + 16) = 544, both reached through the add; Dense(4) on 16: 68.
  assert.equal(m.totals.params, 544 + 68);
  assert.deepEqual(m.layers.filter((l) => l.path.startsWith('tf.')).map((l) => `${l.path} ${l.outputShape.slice(1).join('x')}`), [
    'tf.__operators__.add 10x16', 'tf.math.multiply 10x16', 'tf.math.negative 10x16', 'tf.__operators__.getitem 16',
  ]);
});

test('the rest of keras.layers: DepthwiseConv1D, Minimum, lookups in int mode, CategoryEncoding, RandomHeight/RandomWidth; layers not costed are said by name', () => {
  const source = `import keras
from keras import layers

inputs = keras.Input(shape=(20, 6))
x = layers.DepthwiseConv1D(3, depth_multiplier=2)(inputs)
y = layers.Conv1D(12, 3)(inputs)
x = layers.Minimum()([x, y])
x = layers.GlobalMaxPool1D()(x)
model = keras.Model(inputs, x)

ids = keras.Input(shape=(5,), dtype="int64")
e = layers.IntegerLookup(vocabulary=[1, 2, 3])(ids)
e = layers.Hashing(num_bins=4)(e)
e = layers.CategoryEncoding(num_tokens=8, output_mode="multi_hot")(e)
encoder = keras.Model(ids, e)

images = keras.Input(shape=(32, 32, 3))
z = layers.RandomHeight(0.2)(images)
z = layers.RandomWidth(0.2)(z)
z = layers.ConvLSTM2D(4, 3)(z)
augmenter = keras.Model(images, z)
`;
  const files: Record<string, string> = { '/k/model.py': source };
  const [m, encoder, augmenter] = evaluateModels('/k/model.py', { read: (p) => files[p] }, {}).models.filter((x) => x.framework === 'keras');
  // DepthwiseConv1D(3, ×2) on 6 channels: 3·6·2 + 12 = 48, 18 steps; Conv1D(12, 3): 3·6·12 + 12 = 228.
  assert.equal(m.name, 'model');
  assert.ok(m.complete);
  assert.equal(m.totals.params, 48 + 228);
  assert.deepEqual(m.output, [[1, 12]]);
  // Lookups in int mode keep the shape (5 ids); CategoryEncoding folds them into 8 tokens. No weights anywhere.
  assert.equal(encoder.name, 'encoder');
  assert.ok(encoder.complete);
  assert.equal(encoder.totals.params, 0);
  assert.deepEqual(encoder.output, [[1, 8]]);
  // RandomHeight and RandomWidth are the identity at inference; ConvLSTM2D is said by name, the model incomplete.
  assert.equal(augmenter.name, 'augmenter');
  assert.equal(augmenter.complete, false);
  const said = augmenter.diagnostics.filter((d) => d.severity !== 'info');
  assert.deepEqual(said.map((d) => [d.severity, d.line]), [['warning', 20]]);
  assert.match(said[0].message, /ConvLSTM2D: Layer Lens does not cost this layer yet/);
});

test('TensorFlow values on Keras tensors: one_hot, argmin, stop_gradient, zeros, floordiv, extract_patches; tf.Variable a layer holds is a weight', () => {
  const m = model(`import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class Quantizer(layers.Layer):
    def __init__(self, num_embeddings, embedding_dim, **kwargs):
        super().__init__(**kwargs)
        self.embedding_dim = embedding_dim
        self.num_embeddings = num_embeddings
        w_init = tf.random_uniform_initializer()
        self.embeddings = tf.Variable(initial_value=w_init(shape=(embedding_dim, num_embeddings), dtype="float32"), trainable=True)
        self.frozen = tf.Variable(tf.zeros((3,)), trainable=False)

    def call(self, x):
        input_shape = tf.shape(x)
        flattened = tf.reshape(x, [-1, self.embedding_dim])
        distances = tf.reduce_sum(flattened**2, axis=1, keepdims=True) - 2 * tf.matmul(flattened, self.embeddings)
        indices = tf.argmin(distances, axis=1)
        encodings = tf.one_hot(indices, self.num_embeddings)
        quantized = tf.matmul(encodings, self.embeddings, transpose_b=True)
        quantized = tf.reshape(quantized, input_shape)
        return x + tf.stop_gradient(quantized - x)


inputs = keras.Input(shape=(7, 7, 16))
q = Quantizer(64, 16)(inputs)
patches = tf.image.extract_patches(images=q, sizes=[1, 3, 3, 1], strides=[1, 2, 2, 1], rates=[1, 1, 1, 1], padding="VALID")
halves = tf.math.floordiv(patches, 2)
model = keras.Model(inputs, halves)
`);
  assert.deepEqual(problems(m), []);
  assert.ok(m.complete);
  // The codebook: 16·64 trainable; the frozen variable 3 more, not trainable.
  assert.equal(m.totals.params, 16 * 64);
  assert.equal(m.totals.nonTrainable, 3);
  // VALID 3×3 patches with stride 2 on 7×7: ceil((7 − 2) / 2) = 3; each 3·3·16 = 144 values.
  assert.deepEqual(m.output, [[1, 3, 3, 144]]);
});

test('a top-level loop that spends an eighth of the budget stops, said at its line; the models after it are built, one it changed is incomplete', () => {
  const source = `import keras
from keras import layers

questions = []
while len(questions) < 100000:
    questions.append("1+2")

inputs = keras.Input(shape=(8,))
outputs = layers.Dense(4)(inputs)
model = keras.Model(inputs, outputs)

deep = keras.Sequential([keras.Input(shape=(8,))])
i = 0
while i < 100000:
    deep.add(layers.Dense(8))
    i += 1
`;
  const files: Record<string, string> = { '/k/model.py': source };
  const r = evaluateModels('/k/model.py', { read: (p) => files[p] }, { maxSteps: 400_000 });
  const stops = r.diagnostics.filter((d) => d.code === 'loop-stopped');
  assert.deepEqual(stops.map((d) => [d.severity, d.line]), [['warning', 5], ['warning', 14]]);
  const [model, deep] = r.models.filter((m) => m.framework === 'keras');
  // Dense(4) on 8: 36, complete: the data loop before it does not touch it.
  assert.deepEqual([model.name, model.totals.params, model.complete], ['model', 36, true]);
  // The Sequential the stopped loop was growing: incomplete, said at the line that built it; never a guess.
  assert.equal(deep.complete, false);
  assert.deepEqual(deep.diagnostics.map((d) => [d.line, d.code]), [[12, 'keras-model-not-followed']]);
});

test('keras.datasets give their published shapes; numpy reshapes them and draws of a known size; predict and get_layer carry shapes on', () => {
  const source = `import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, _) = keras.datasets.mnist.load_data()
x_train = np.expand_dims(x_train, -1).astype("float32") / 255.0
idx = np.random.choice(len(x_test), 10)
test_images = np.expand_dims(x_test, -1)[idx]


def get_encoder():
    inputs = keras.Input(shape=x_train.shape[1:])
    x = layers.Conv2D(8, 3, strides=2, padding="same")(inputs)
    return keras.Model(inputs, x, name="encoder")


def get_autoencoder():
    encoder = get_encoder()
    again = get_encoder()
    inputs = keras.Input(shape=(28, 28, 1))
    return keras.Model(inputs, encoder(inputs), name="autoencoder")


autoencoder = get_autoencoder()
codes = autoencoder.get_layer("encoder").predict(test_images)
prior = keras.Input(shape=codes.shape[1:-1], dtype="int32")
flat = layers.Flatten()(prior)
head = keras.Model(prior, layers.Dense(len(np.unique([0, 1, 2])))(flat), name="head")
(cx, cy), _ = keras.datasets.cifar10.load_data()
cifar = keras.Sequential([keras.Input(shape=cx.shape[1:]), layers.Flatten(), layers.Dense(cy.shape[-1])])
`;
  const files: Record<string, string> = { '/k/model.py': source };
  const r = evaluateModels('/k/model.py', { read: (p) => files[p] }, {});
  assert.deepEqual(r.diagnostics.filter((d) => d.severity !== 'info'), []);
  const top = r.models.filter((m) => m.framework === 'keras' && m.definition === null);
  // MNIST is 60,000 images of 28×28, one channel once expanded: the encoder's Conv2D(8, 3): 3·3·1·8 + 8 = 80.
  // get_autoencoder builds the encoder twice, alike: listed once. predict gives 10 codes of 14×14×8; the head's
  // input is their 14×14: Dense(3) on 196 = 591. CIFAR-10: 32×32×3 images, labels (50000, 1): Dense(1) on 3,072.
  assert.deepEqual(top.map((m) => [m.name, m.totals.params, m.complete]).sort(), [['autoencoder', 80, true], ['cifar', 3072 + 1, true], ['encoder', 80, true], ['head', 196 * 3 + 3, true]]);
  assert.deepEqual(top.find((m) => m.name === 'head')!.input, [[1, 14, 14]]);
});

test('numpy code preparing data outside any model: what does not fit is a note at its line, never a red error; the model after it is exact', () => {
  const source = `import numpy as np
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x = x_train[:, :, :, 0]
y = np.concatenate([x_train, y_train], axis=0)
inputs = keras.Input(shape=(28, 28))
model = keras.Model(inputs, keras.layers.Dense(3)(inputs))
`;
  const a = analyzeSource(source);
  assert.deepEqual(a.diagnostics.map((d) => [d.severity, d.line, d.code]), [['info', 5, 'data-shape'], ['info', 6, 'data-shape']]);
  assert.match(a.diagnostics[0].message, /^IndexError: too many indices/);
  const m = a.models.find((x) => x.name === 'model')!;
  assert.deepEqual([m.totals.params, m.complete], [28 * 3 + 3, true]);
});

test('a functional model class (a Model subclass without call, for its train_step) is no model on its own; where the code builds it, it is', () => {
  const a = analyzeSource(`import keras
from keras import layers


class Trainer(keras.Model):
    def train_step(self, data):
        return {}


def build():
    inputs = keras.Input(shape=(6,))
    return Trainer(inputs, layers.Dense(2)(inputs), name="trainer")


model = build()
`);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'info'), []);
  // Dense(2) on 6: 14. The factory and the model it gave at the top level; not the class alone (no Trainer()).
  assert.deepEqual(a.models.map((m) => [m.name, m.totals.params, m.complete]).sort(), [['build()', 14, true], ['model', 14, true]]);
});

test('what the wider keras-io set met: a Conv2D subclass with its own call, GRU(use_bias=False), tf.nn.swish and keras.ops.nn, tf.range to a tf.shape bound, tf.math.equal on ints, a layer\'s .output', () => {
  const m = model(`import tensorflow as tf
import keras
from keras import layers


class StandardizedConv2D(layers.Conv2D):
    def call(self, inputs):
        mean, var = tf.nn.moments(self.kernel, axes=[0, 1, 2], keepdims=True)
        return self.convolution_op(inputs, (self.kernel - mean) / tf.sqrt(var + 1e-10))


class PositionalEmbedding(layers.Layer):
    def __init__(self, sequence_length, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.position_embeddings = layers.Embedding(input_dim=sequence_length, output_dim=embed_dim)

    def call(self, inputs):
        length = tf.shape(inputs)[-2]
        positions = tf.range(start=0, limit=length, delta=1)
        return inputs + self.position_embeddings(positions)


inputs = keras.Input(shape=(10, 10, 3))
x = StandardizedConv2D(4, 3, name="std")(inputs)
x = tf.nn.swish(x)
x = keras.ops.nn.relu(x)
x = layers.Reshape((64, 4))(x)
if tf.math.equal(x.shape[-1], 4):
    x = PositionalEmbedding(64, 4)(x)
x = layers.GRU(5, use_bias=False)(x)
backbone = keras.Model(inputs, x)
features = backbone.get_layer("std").output
model = keras.Model(inputs, layers.GlobalAveragePooling2D()(features))
`);
  assert.deepEqual(problems(m), []);
  // The model at the top: the subclass is a Conv2D in its weights, 3·3·3·4 + 4 = 112; its .output feeds the pooling.
  assert.deepEqual([m.name, m.totals.params, m.complete], ['backbone', 112 + 64 * 4 + 3 * (4 * 5 + 5 * 5), true]);
});

test('keras_hub: ReversibleEmbedding tied and untied, RotaryEmbedding; its models and presets are said where used, not guessed', () => {
  const a = analyzeSource(`import keras
import keras_hub

inputs = keras.Input(shape=(64,), dtype="int32")
tied = keras_hub.layers.ReversibleEmbedding(1000, 32)
x = tied(inputs)
x = keras_hub.layers.RotaryEmbedding()(x)
logits = keras_hub.layers.ReversibleEmbedding(1000, 32, tie_weights=False)(x, reverse=True)
model = keras.Model(inputs, [x, tied(x, reverse=True), logits])
classifier = keras_hub.models.BertClassifier.from_preset("bert_base_en_uncased", num_classes=2)
`);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'info').map((d) => [d.line, d.code]), [[10, 'unknown-import']]);
  const m = a.models.find((x) => x.name === 'model')!;
  // Tied: 1000·32 once, used both ways; untied: 1000·32 and its 32·1000 reverse projection.
  assert.deepEqual([m.totals.params, m.complete, m.output], [1000 * 32 + 2 * 1000 * 32, true, [[1, 64, 32], [1, 64, 1000], [1, 64, 1000]]]);
});

test('rows named as model.summary() names them: Keras 3 inputs input_layer, input_layer_1; Keras 2 input_1, input_2; a Sequential lists no InputLayer', () => {
  const body = `
a = keras.Input(shape=(4,))
b = keras.Input(shape=(4,))
model = keras.Model([a, b], keras.layers.Add()([a, b]))
seq = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])
`;
  const names = (source: string) => {
    const files: Record<string, string> = { '/k/model.py': source };
    return evaluateModels('/k/model.py', { read: (p) => files[p] }, {}).models.filter((m) => m.definition === null).map((m) => [m.name, m.layers.map((l) => l.path)]);
  };
  assert.deepEqual(names(`import keras\n${body}`), [['model', ['input_layer', 'input_layer_1', 'add']], ['seq', ['dense']]]);
  assert.deepEqual(names(`from tensorflow import keras\n${body}`), [['model', ['input_1', 'input_2', 'add']], ['seq', ['dense']]]);
});

test('STFTSpectrogram: its real and imaginary kernels are its weights, its convolutions its Mult-Adds; fft_length and frame_step default as Keras sets them', () => {
  const m = model(`import keras
from keras import layers

inputs = keras.Input(shape=(16000, 1))
x = layers.STFTSpectrogram(mode="log", frame_length=640, frame_step=240, trainable=False)(inputs)
y = layers.STFTSpectrogram(mode="real", frame_length=200, fft_length=256, padding="same", expand_dims=True)(inputs)
model = keras.Model(inputs, [x, y])
`);
  assert.deepEqual(problems(m), []);
  // log: fft_length 1024 (the power of two above 640), 513 bins; two kernels of 640·513, frozen. (16000 − 640) / 240
  // + 1 = 65 frames. real, fft 256: one kernel of 200·129, trainable; same padding: ceil(16000 / 100) = 160 frames.
  assert.deepEqual([m.totals.params, m.totals.nonTrainable], [200 * 129, 2 * 640 * 513]);
  assert.deepEqual(m.output, [[1, 65, 513], [1, 160, 129, 1]]);
  const log = m.layers.find((l) => l.type === 'STFTSpectrogram')!;
  assert.equal(log.multAdds, 2 * 65 * 513 * 640);
});

test('a frozen layer or model counts as non-trainable, as model.summary() splits it: trainable=False, and base.trainable = False after building', () => {
  const a = analyzeSource(`import keras
from keras import layers

base_in = keras.Input(shape=(8,))
base = keras.Model(base_in, layers.Dense(4)(base_in), name="base")
inputs = keras.Input(shape=(8,))
x = base(inputs)
x = layers.Dense(3, trainable=False)(x)
model = keras.Model(inputs, layers.Dense(2)(x))
base.trainable = False
`);
  const m = a.models.find((x) => x.name === 'model')!;
  // base: 8·4 + 4 = 36 and Dense(3) on 4: 15, both frozen; Dense(2) on 3: 8 trains.
  assert.deepEqual([m.totals.params, m.totals.nonTrainable], [8, 36 + 15]);
});

test('model.layers lists the layer objects as model.summary() orders them: freezing some of a base model holds in the model that calls it', () => {
  const a = analyzeSource(`import keras
from keras import layers

base_in = keras.Input(shape=(8,))
h = layers.Dense(4, name="d1")(base_in)
h = layers.BatchNormalization(name="bn")(h)
base = keras.Model(base_in, layers.Dense(4, name="d2")(h), name="base")
for layer in base.layers[:2]:
    layer.trainable = False
inputs = keras.Input(shape=(8,))
model = keras.Model(inputs, layers.Dense(2)(base(inputs)))
seq = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(3), layers.Dense(1)])
names = [layer.name for layer in seq.layers]
seq.layers[0].trainable = False
`);
  const m = (name: string) => a.models.find((x) => x.name === name)!;
  // base.layers: the InputLayer, then d1, bn, d2; the first two frozen: d1's 8·4 + 4 = 36 is not trainable. bn:
  // 8 trained, 8 moving statistics; d2: 20. The model adds Dense(2) on 4: 10.
  assert.deepEqual([m('base').totals.params, m('base').totals.nonTrainable], [8 + 20, 36 + 8]);
  assert.deepEqual([m('model').totals.params, m('model').totals.nonTrainable], [8 + 20 + 10, 36 + 8]);
  // A Sequential's layers hold no InputLayer: its first Dense (3·3 + 3) is the one frozen.
  assert.deepEqual([m('seq').totals.params, m('seq').totals.nonTrainable], [4, 12]);
});

test('a model built on one input shape and called on another (a backbone built on None×None) runs its graph again on the new shapes', () => {
  const a = analyzeSource(`import keras
from keras import layers

image = keras.Input(shape=(None, None, 3))
f = layers.Conv2D(8, 3, strides=2, padding="same")(image)
f = layers.BatchNormalization()(f)
f = layers.MaxPooling2D()(f)
backbone = keras.Model(image, layers.GlobalAveragePooling2D()(f), name="backbone")

inputs = keras.Input(shape=(64, 64, 3))
model = keras.Model(inputs, layers.Dense(2)(backbone(inputs)))

def head(x):
    return x * 2

odd = keras.Model(image, layers.Lambda(head)(f))
other = keras.Input(shape=(32, 32, 3))
broken = keras.Model(other, odd(other))
`);
  const m = (name: string) => a.models.find((x) => x.name === name)!;
  // On 64×64: Conv2D(8, 3, stride 2, same): 32·32·8 outputs × 27 = 221,184 Mult-Adds; Dense(2) on 8: 16 more.
  // Weights: 3·3·3·8 + 8 = 224, BatchNormalization 16 + 16 moving statistics, Dense 18.
  assert.deepEqual([m('model').totals.params, m('model').totals.nonTrainable, m('model').totals.multAdds, m('model').complete], [224 + 16 + 18, 16, 32 * 32 * 8 * 27 + 16, true]);
  // A Lambda's figures came from running its function on the shapes it was built on: not known on others, said.
  assert.equal(m('broken').complete, false);
  assert.ok(a.diagnostics.some((d) => d.severity === 'warning' && d.line === 18 && /other shapes/.test(d.message)));
});

test('what a third keras-io batch met: keras.ops.reshape(new_shape=…), Input(shape=(1024)), tf.math.reduce_prod of a list, keras.activations.get, a Python number in tf.math.maximum', () => {
  const m = model(`import tensorflow as tf
import keras
from keras import layers, ops

inputs = keras.Input(shape=(1024))
x = layers.Dense(int(tf.math.reduce_prod([4, 8])))(inputs)
x = ops.reshape(x, new_shape=[-1, 4, 8])
x = keras.activations.get("relu")(x)
x = keras.activations.get(None)(x)
x = tf.math.sqrt(tf.math.maximum(x, keras.backend.epsilon()))
model = keras.Model(inputs, x)
`);
  assert.deepEqual(problems(m), []);
  // Dense(32) on 1024: 1024·32 + 32.
  assert.deepEqual([m.totals.params, m.output, m.complete], [1024 * 32 + 32, [[1, 4, 8]], true]);
});

test('the Dense-on-4-D hint is for a head that gives the model its output, not for a Dense a model applies per position on purpose', () => {
  const a = analyzeSource(`import keras
from keras import layers

inputs = keras.Input(shape=(8, 8, 16))
x = layers.Dense(32)(inputs)
x = layers.Conv2D(4, 1)(x)
per_position = keras.Model(inputs, x)
head = keras.Model(inputs, layers.Dense(10, activation="softmax")(inputs))
`);
  assert.deepEqual(a.diagnostics.filter((d) => d.code === 'keras-dense-4d').map((d) => d.line), [8]);
});
