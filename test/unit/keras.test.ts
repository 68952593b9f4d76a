/**
 * Keras: the keras_applications builders Debian ships, evaluated from source, give model.summary()'s totals;
 * each layer kind and model style on hand-written models, with figures worked out by hand from Keras's
 * weight shapes (channels-last, one bias per LSTM gate set, two per GRU gate set with reset_after).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { evaluateModels, type ModelResult } from '../../src/core';

const KERAS_APPS = process.env.LAYER_LENS_KERAS_APPLICATIONS ?? '/usr/lib/python3/dist-packages/keras_applications';

function kerasApplications(): string {
  if (!existsSync(path.join(KERAS_APPS, 'mobilenet.py'))) throw new Error(`keras_applications not found in ${KERAS_APPS}: apt-get install python3-keras-applications (.ci/run does)`);
  return KERAS_APPS;
}

const disk = { read: (p: string) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } } };

function run(source: string, call?: string, input?: number[]): ModelResult[] {
  const files: Record<string, string> = { '/k/model.py': source };
  return evaluateModels('/k/model.py', { read: (p) => files[p] }, { call, inputs: input ? [{ shape: input, dtype: 'float32' }] : undefined }).models;
}

const rows = (m: ModelResult) => m.layers.map((l) => `${l.path} ${l.type} ${l.outputShape.slice(1).join('x')} ${l.params + (l.nonTrainable ?? 0)}`);
const problems = (m: ModelResult) => m.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message);

test("keras_applications at their default size with the top: model.summary()'s totals, trainable and non-trainable apart", () => {
  const dir = kerasApplications();
  const cases: [string, string, number, number][] = [
    ['mobilenet.py', 'MobileNet(weights=None)', 4_231_976, 21_888],
    ['mobilenet_v2.py', 'MobileNetV2(weights=None)', 3_504_872, 34_112],
    ['resnet50.py', 'ResNet50(weights=None)', 25_583_592, 53_120],
    ['vgg16.py', 'VGG16(weights=None)', 138_357_544, 0],
    // Lambda layers: InceptionResNetV2's scaled residual (`arguments={'scale': …}`), ResNeXt's sum over the slices
    // of a depth-multiplied DepthwiseConv2D. Totals as model.summary() prints them: 55,873,736; 25,097,128; 44,315,560.
    ['inception_resnet_v2.py', 'InceptionResNetV2(weights=None)', 55_813_192, 60_544],
    ['resnext.py', 'ResNeXt50(weights=None)', 25_028_904, 68_224],
    ['resnext.py', 'ResNeXt101(weights=None)', 44_177_704, 137_856],
  ];
  for (const [file, call, trainable, nonTrainable] of cases) {
    const [m] = evaluateModels(path.join(dir, file), disk, { call }).models;
    assert.ok(m.complete, `${call}: ${problems(m).join('; ')}`);
    assert.equal(m.framework, 'keras');
    assert.deepEqual([m.totals.params, m.totals.nonTrainable], [trainable, nonTrainable], call);
    assert.deepEqual(m.output, [[1, 1000]]);
    // Per layer, Param # as the summary prints it (trainable + non-trainable) adds up to the total.
    assert.equal(m.layers.reduce((a, l) => a + l.params + (l.nonTrainable ?? 0), 0), trainable + nonTrainable, call);
  }
});

test('MobileNet: per-layer output shapes and Param # as model.summary() prints them', () => {
  const [m] = evaluateModels(path.join(kerasApplications(), 'mobilenet.py'), disk, { call: 'MobileNet()' }).models;
  assert.ok(m.complete, problems(m).join('; '));
  const r = rows(m);
  assert.deepEqual(r.slice(0, 8), [
    'input_1 InputLayer 224x224x3 0', 'conv1_pad ZeroPadding2D 225x225x3 0', 'conv1 Conv2D 112x112x32 864', 'conv1_bn BatchNormalization 112x112x32 128',
    'conv1_relu ReLU 112x112x32 0', 'conv_dw_1 DepthwiseConv2D 112x112x32 288', 'conv_dw_1_bn BatchNormalization 112x112x32 128', 'conv_dw_1_relu ReLU 112x112x32 0',
  ]);
  assert.deepEqual(r.slice(-9), [
    'conv_pw_13 Conv2D 7x7x1024 1048576', 'conv_pw_13_bn BatchNormalization 7x7x1024 4096', 'conv_pw_13_relu ReLU 7x7x1024 0', 'global_average_pooling2d GlobalAveragePooling2D 1024 0',
    'reshape_1 Reshape 1x1x1024 0', 'dropout Dropout 1x1x1024 0', 'conv_preds Conv2D 1x1x1000 1025000', 'reshape_2 Reshape 1000 0', 'act_softmax Activation 1000 0',
  ]);
  // Mult-Adds of the MobileNet paper's Table 1 model (569 M).
  assert.equal(Math.round(m.totals.multAdds! / 1e6), 569);
});

test('MobileNetV2 and ResNet50: rows as model.summary() prints them (names from str.format, shapes, Param #)', () => {
  const dir = kerasApplications();
  const [v2] = evaluateModels(path.join(dir, 'mobilenet_v2.py'), disk, { call: 'MobileNetV2()' }).models;
  assert.deepEqual(rows(v2).slice(-7), [
    'block_16_project Conv2D 7x7x320 307200', 'block_16_project_BN BatchNormalization 7x7x320 1280', 'Conv_1 Conv2D 7x7x1280 409600',
    'Conv_1_bn BatchNormalization 7x7x1280 5120', 'out_relu ReLU 7x7x1280 0', 'global_average_pooling2d GlobalAveragePooling2D 1280 0', 'Logits Dense 1000 1281000',
  ]);
  const [r50] = evaluateModels(path.join(dir, 'resnet50.py'), disk, { call: 'ResNet50()' }).models;
  assert.deepEqual(rows(r50).slice(0, 8), [
    'input_1 InputLayer 224x224x3 0', 'conv1_pad ZeroPadding2D 230x230x3 0', 'conv1 Conv2D 112x112x64 9472', 'bn_conv1 BatchNormalization 112x112x64 256',
    'activation Activation 112x112x64 0', 'pool1_pad ZeroPadding2D 114x114x64 0', 'max_pooling2d MaxPooling2D 56x56x64 0', 'res2a_branch2a Conv2D 56x56x64 4160',
  ]);
  assert.deepEqual(rows(r50).slice(-2), ['avg_pool GlobalAveragePooling2D 2048 0', 'fc1000 Dense 1000 2049000']);
});

test('Sequential with input_shape, and with an Input: layers built in order, channels-last', () => {
  for (const src of [
    `from tensorflow import keras
from tensorflow.keras import layers
def build():
    return keras.Sequential([
        layers.Conv2D(16, 3, activation="relu", input_shape=(32, 32, 3)),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
`,
    `import keras
def build():
    model = keras.models.Sequential()
    model.add(keras.Input(shape=(32, 32, 3)))
    model.add(keras.layers.Conv2D(16, (3, 3), activation="relu"))
    model.add(keras.layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(keras.layers.Flatten())
    model.add(keras.layers.Dense(10, activation="softmax"))
    return model
`,
  ]) {
    const [m] = run(src, 'build()');
    assert.deepEqual(problems(m), []);
    // Conv2D: 3·3·3·16 + 16 = 448; Dense: 15·15·16·10 + 10 = 36,010.
    assert.deepEqual(rows(m).filter((x) => !x.includes('InputLayer')), ['conv2d Conv2D 30x30x16 448', 'max_pooling2d MaxPooling2D 15x15x16 0', 'flatten Flatten 3600 0', 'dense Dense 10 36010']);
    assert.equal(m.totals.params, 36_458);
    assert.equal(m.totals.multAdds, 30 * 30 * 16 * 27 + 3600 * 10);
    // relu on the conv output, softmax on the dense output, pooling output: otherOps.
    assert.equal(m.totals.otherOps, 30 * 30 * 16 + 15 * 15 * 16 + 10);
  }
});

test('the functional API: branches, two inputs and two outputs, a layer reused, Add and Concatenate', () => {
  const [m] = run(`
from tensorflow import keras
from tensorflow.keras import layers
def build():
    image = keras.Input(shape=(16, 16, 8), name="image")
    meta = keras.Input(shape=(4,), name="meta")
    shared = layers.Conv2D(8, 3, padding="same", use_bias=False, name="shared")
    a = shared(image)
    b = shared(a)                      # the same weights, called twice
    x = layers.multiply([layers.add([a, b]), a])
    x = layers.BatchNormalization()(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Concatenate()([x, meta])
    out1 = layers.Dense(3, name="cls")(x)
    out2 = layers.Dense(1, name="reg")(x)
    return keras.Model(inputs=[image, meta], outputs=[out1, out2])
`, 'build()');
  assert.deepEqual(problems(m), []);
  assert.deepEqual(m.input, [[1, 16, 16, 8], [1, 4]]);
  assert.deepEqual(m.output, [[1, 3], [1, 1]]);
  // shared: 3·3·8·8 = 576 once; BN 2·8 trainable + 2·8 moving; cls 12·3 + 3; reg 12 + 1.
  assert.equal(m.totals.params, 576 + 16 + 39 + 13);
  assert.equal(m.totals.nonTrainable, 16);
  // Two calls of the shared conv: Mult-Adds twice.
  assert.equal(m.layers.filter((l) => l.path === 'shared').length, 2);
  assert.equal(m.layers.filter((l) => l.path === 'shared').reduce((a, l) => a + l.multAdds!, 0), 2 * 16 * 16 * 8 * 72);
});

test('a subclassed Model runs its call on the annotated input', () => {
  const [m] = run(`
import tensorflow as tf
# layer-lens: input 1x28x28x1
class Net(tf.keras.Model):
    def __init__(self, classes=10):
        super().__init__()
        self.conv = tf.keras.layers.Conv2D(8, 3, strides=2, padding="same")
        self.pool = tf.keras.layers.GlobalMaxPooling2D()
        self.fc = tf.keras.layers.Dense(classes)
    def call(self, x):
        return self.fc(self.pool(self.conv(x)))
`);
  assert.equal(m.name, 'Net()');
  assert.deepEqual(problems(m), []);
  assert.deepEqual(rows(m).filter((x) => !x.includes('InputLayer')), ['conv2d Conv2D 14x14x8 80', 'global_max_pooling2d GlobalMaxPooling2D 8 0', 'dense Dense 10 90']);
});

test('every layer kind: weights and shapes as Keras builds them', () => {
  const cases: [string, number[], number, string][] = [
    ['layers.Conv1D(8, 5, padding="causal")', [50, 4], 5 * 4 * 8 + 8, '50x8'],
    ['layers.Conv3D(4, 3)', [8, 8, 8, 2], 27 * 2 * 4 + 4, '6x6x6x4'],
    ['layers.Conv2D(8, 3, data_format="channels_first")', [3, 10, 10], 27 * 8 + 8, '8x8x8'],
    ['layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same")', [10, 10, 4], 9 * 4 * 2 + 8, '10x10x8'],
    ['layers.SeparableConv2D(16, 3, use_bias=False)', [10, 10, 4], 9 * 4 + 4 * 16, '8x8x16'],
    ['layers.SeparableConv1D(8, 3)', [20, 4], 3 * 4 + 4 * 8 + 8, '18x8'],
    ['layers.Conv2DTranspose(8, 3, strides=2, padding="same")', [7, 7, 16], 9 * 16 * 8 + 8, '14x14x8'],
    ['layers.Conv2DTranspose(8, 4, strides=2)', [7, 7, 16], 16 * 16 * 8 + 8, '16x16x8'],
    ['layers.Dense(32)', [10, 64], 64 * 32 + 32, '10x32'],
    ['layers.Embedding(1000, 64)', [20], 64_000, '20x64'],
    ['layers.LayerNormalization()', [10, 64], 128, '10x64'],
    ['layers.GroupNormalization(groups=4)', [8, 8, 16], 32, '8x8x16'],
    ['layers.LSTM(64)', [10, 32], 4 * (64 * 32 + 64 * 64 + 64), '64'],
    ['layers.LSTM(64, return_sequences=True)', [10, 32], 24_832, '10x64'],
    ['layers.GRU(64)', [10, 32], 3 * (64 * 32 + 64 * 64 + 2 * 64), '64'],
    ['layers.GRU(64, reset_after=False)', [10, 32], 3 * (64 * 32 + 64 * 64 + 64), '64'],
    ['layers.SimpleRNN(16)', [10, 8], 16 * 8 + 16 * 16 + 16, '16'],
    ['layers.AveragePooling2D(3, strides=2, padding="same")', [15, 15, 4], 0, '8x8x4'],
    ['layers.GlobalAveragePooling1D()', [10, 4], 0, '4'],
    ['layers.Activation("relu")', [4, 4], 0, '4x4'],
    ['layers.ReLU(6.0)', [4, 4], 0, '4x4'],
    ['layers.Dropout(0.5)', [4, 4], 0, '4x4'],
    ['layers.Flatten()', [4, 4, 2], 0, '32'],
    ['layers.Reshape((-1, 2))', [4, 4], 0, '8x2'],
    ['layers.Permute((2, 1))', [4, 6], 0, '6x4'],
    ['layers.ZeroPadding2D(((0, 1), (0, 1)))', [4, 4, 2], 0, '5x5x2'],
    ['layers.Cropping2D(((1, 1), (2, 2)))', [8, 8, 2], 0, '6x4x2'],
    ['layers.UpSampling2D(2)', [4, 4, 2], 0, '8x8x2'],
    ['layers.Rescaling(1.0 / 255)', [4, 4, 3], 0, '4x4x3'],
    ['layers.EinsumDense("ab,bc->ac", output_shape=64, bias_axes="c")', [32], 32 * 64 + 64, '64'],
    ['layers.EinsumDense("abc,cd->abd", output_shape=(None, 16))', [10, 8], 8 * 16, '10x16'],
    ['layers.Bidirectional(layers.LSTM(16))', [10, 8], 2 * 4 * (16 * 8 + 16 * 16 + 16), '32'],
    ['layers.Bidirectional(layers.GRU(16, return_sequences=True), merge_mode="sum")', [10, 8], 2 * 3 * (16 * 8 + 16 * 16 + 2 * 16), '10x16'],
    ['layers.PReLU()', [4, 4, 2], 32, '4x4x2'],
    ['layers.PReLU(shared_axes=[1, 2])', [4, 4, 2], 2, '4x4x2'],
    ['layers.Normalization()', [4, 3], 0, '4x3'],
    ['layers.Softmax()', [4, 4], 0, '4x4'],
    ['layers.LeakyReLU()', [4, 4], 0, '4x4'],
  ];
  for (const [layer, shape, params, out] of cases) {
    const [m] = run(`from tensorflow import keras\nfrom tensorflow.keras import layers\ndef build():\n    x = keras.Input(shape=(${shape.join(', ')},))\n    return keras.Model(x, ${layer}(x))\n`, 'build()');
    assert.deepEqual(problems(m), [], layer);
    const row = m.layers.find((l) => l.type !== 'InputLayer')!;
    assert.equal(row.params, params, layer);
    assert.equal(row.outputShape.slice(1).join('x'), out, layer);
  }
});

test('MultiHeadAttention: query and value of different lengths; four projections; Normalization keeps its statistics apart', () => {
  const [m] = run(`
from tensorflow import keras
from tensorflow.keras import layers
def build():
    q = keras.Input(shape=(10, 16))
    v = keras.Input(shape=(20, 16))
    x = layers.MultiHeadAttention(num_heads=2, key_dim=8)(q, v)
    x = layers.Normalization()(x)
    return keras.Model([q, v], x)
`, 'build()');
  assert.deepEqual(problems(m), []);
  const mha = m.layers.find((l) => l.type === 'MultiHeadAttention')!;
  assert.equal(mha.params, 4 * (16 * 16 + 16));
  assert.deepEqual(mha.outputShape, [1, 10, 16]);
  // Projections 10·16·16 + 20·16·16 + 20·16·16, scores and weighted values 2·10·20·(8 + 8), output 10·16·16.
  assert.equal(mha.multAdds, 10 * 16 * 16 + 2 * 20 * 16 * 16 + 2 * 10 * 20 * 16 + 10 * 16 * 16);
  const norm = m.layers.find((l) => l.type === 'Normalization')!;
  assert.deepEqual([norm.params, norm.nonTrainable], [0, 2 * 16 + 1]);
  assert.deepEqual([m.totals.params, m.totals.nonTrainable], [1088, 33]);
});

test('Keras diagnostics: incompatible Add and Concatenate, a misspelt keyword, and Dense on a 4-D tensor', () => {
  const [m] = run(`
from tensorflow import keras
from tensorflow.keras import layers
def build():
    a = keras.Input(shape=(8, 8, 16))
    b = keras.Input(shape=(8, 8, 32))
    s = layers.Add()([a, b])
    c = layers.Concatenate(axis=-1)([a, layers.MaxPooling2D()(b)])
    d = layers.Conv2D(8, 3, strid=2)(a)
    e = layers.Dense(10)(a)
    return keras.Model([a, b], e)
`, 'build()');
  const msgs = problems(m);
  assert.ok(msgs.includes('Add: inputs of shapes 8×8×16 and 8×8×32 cannot be combined'), msgs.join('\n'));
  assert.ok(msgs.some((x) => /Concatenate: inputs of shapes .* differ outside axis -1/.test(x)), msgs.join('\n'));
  assert.ok(msgs.some((x) => /Conv2D: keyword argument not understood: strid/.test(x)), msgs.join('\n'));
  assert.ok(msgs.some((x) => /Dense on a 4-D input 8×8×16 acts on its last axis only .*Flatten/.test(x)), msgs.join('\n'));
});

test('Lambda: its function runs on the input shapes (lambdas, arguments=, named functions with backend ops); output_shape= when it cannot; a warning when neither', () => {
  const src = [
    'from keras import layers, models, backend as K', '',
    'def pool_norm(x):',
    '    x = K.mean(x, axis=[1, 2])',
    '    return K.l2_normalize(x, axis=-1)', '',
    'inp = layers.Input(shape=(8, 8, 4))',
    'a = layers.Conv2D(4, 3, padding="same")(inp)',
    'b = layers.Lambda(lambda t, scale: t[0] + t[1] * scale, arguments={"scale": 0.2})([inp, a])',
    'c = layers.Lambda(lambda t: K.concatenate([t, t], axis=-1))(b)',
    'd = layers.Lambda(pool_norm, name="embed")(c)',
    'e = layers.Lambda(lambda t: opaque_fn(t), output_shape=(16,))(c)',
    'model = models.Model(inp, [d, e])',
  ].join('\n');
  const [m] = run(src);
  assert.ok(m.complete, problems(m).join('; '));
  assert.deepEqual(m.output, [[1, 8], [1, 16]]);
  assert.deepEqual(m.layers.filter((l) => l.type === 'Lambda').map((l) => [l.path, l.outputShape, l.params]), [
    ['lambda', [1, 8, 8, 4], 0], ['lambda_1', [1, 8, 8, 8], 0], ['embed', [1, 8], 0], ['lambda_2', [1, 16], 0],
  ]);
  // Neither a known function nor output_shape: said at the layer, and the model is incomplete.
  const files: Record<string, string> = { '/k/model.py': src.replace(', output_shape=(16,)', '') };
  const unknown = evaluateModels('/k/model.py', { read: (p) => files[p] }, {});
  assert.equal(unknown.models[0].complete, false);
  assert.match(problems(unknown.models[0]).join('\n'), /an output of this model is not known statically .*: its branch is left out/);
  assert.deepEqual(unknown.diagnostics.filter((d) => d.code === 'unknown-lambda').map((d) => [d.line, d.message]), [
    [12, 'Lambda: what its function returns is not known statically (the result of calling something not known statically (`opaque_fn` is not defined)), and it gives no output_shape: the model is incomplete'],
  ]);
});

test('keras.applications builders read from keras_applications as installed; one it lacks, or the package absent, is said at the call, never red', () => {
  const site = path.dirname(kerasApplications());
  const source = `from tensorflow import keras

resnet = keras.applications.ResNet50V2(include_top=False, weights=None, input_shape=(32, 32, 3), pooling="avg")
inputs = keras.Input(shape=(32, 32, 3))
outputs = keras.layers.Dense(10)(resnet(inputs))
model = keras.Model(inputs, outputs)
effnet = keras.applications.EfficientNetB0(weights=None)
`;
  const fs = (environments: { dir: string; source: string }[]) => ({ read: (p: string) => (p === '/k/model.py' ? source : existsSync(p) ? readFileSync(p, 'utf8') : undefined), exists: existsSync, environments });
  const r = evaluateModels('/k/model.py', fs([{ dir: site, source: 'test' }]), {});
  const models = new Map(r.models.filter((m) => m.framework === 'keras').map((m) => [m.name, m]));
  // ResNet50V2 without its top, average-pooled: 23,564,800 weights, as Keras documents it (45,440 of them
  // BatchNormalization's moving statistics); Dense(10) on its 2,048 features adds 20,490.
  const total = (name: string) => (models.get(name)!.totals.params ?? NaN) + (models.get(name)!.totals.nonTrainable ?? 0);
  assert.deepEqual([total('resnet'), models.get('resnet')!.totals.nonTrainable, models.get('resnet')!.complete], [23_564_800, 45_440, true]);
  assert.equal(total('model'), 23_564_800 + 20_490);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity !== 'info' && !d.installed).map((d) => [d.severity, d.line, d.code]), [['warning', 7, 'keras-application-unknown']]);
  // Without the package: each builder is said at its call, and nothing is red.
  const absent = evaluateModels('/k/model.py', fs([]), {});
  assert.deepEqual(absent.diagnostics.filter((d) => d.code === 'keras-application-unknown').map((d) => d.line), [3, 7]);
  assert.deepEqual(absent.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('a layer the data sizes (Dense(len(os.listdir(…)))): the layers before it listed with their figures, the params not known, never 0', () => {
  const [m] = run(`import os
import keras

class_names = os.listdir("/data/audio")

def build_model(input_shape, num_classes):
    inputs = keras.layers.Input(shape=input_shape, name="input")
    x = keras.layers.Conv1D(16, 3, padding="same")(inputs)
    x = keras.layers.GlobalAveragePooling1D()(x)
    x = keras.layers.Dense(128, activation="relu")(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax", name="output")(x)
    return keras.models.Model(inputs=inputs, outputs=outputs)

model = build_model((8000, 1), len(class_names))
`);
  // Conv1D: 3·1·16 + 16; Dense: 16·128 + 128.
  assert.deepEqual(rows(m), ['input InputLayer 8000x1 0', 'conv1d Conv1D 8000x16 64', 'global_average_pooling1d GlobalAveragePooling1D 16 0', 'dense Dense 128 2176']);
  assert.equal(m.totals.params, null);
  assert.equal(m.complete, false);
  assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'error'), []);
});

test("a custom layer whose call returns what is not followed: its weights count all the same, the model's output is not known", () => {
  const [m] = run(`import keras
import tensorflow as tf

class Scale(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return tf.some_op_nobody_knows(x * self.w)

inputs = keras.Input(shape=(10,))
x = keras.layers.Dense(4)(inputs)
outputs = Scale()(x)
model = keras.Model(inputs, outputs)
`);
  // Dense: 10·4 + 4; Scale: one weight per feature, 4.
  assert.equal(m.totals.params, 44 + 4);
  assert.equal(m.output, null);
  assert.equal(m.complete, false);
});
