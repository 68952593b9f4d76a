/**
 * What a line's lens and hover are built from (issue 28): every layer written on a line summed, a top-level model
 * with no class of its own placed on its line, and a Keras layer's words and formula read on its input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, layerLine, type EngineAnswers, type FromEngine } from '../../src/core';
import { analyzeSource } from './helpers';

const GPT = `import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, d=256):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

    def forward(self, x):
        return x + self.mlp(x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.Sequential(*[Block() for _ in range(4)])

    def forward(self, x):
        return self.blocks(x)


Net()(torch.randn(2, 1024, 256))
`;

test('a line that builds two Linears and a GELU: its lens sums all three, over the four blocks that build them', () => {
  const a = analyzeSource(GPT);
  const l = layerLine(a.calls, 8)!;
  assert.equal(l.label, '2 Linear + GELU');
  assert.equal(l.callCount, 4);
  assert.deepEqual(l.layers.map((c) => c.type), ['Linear', 'GELU', 'Linear']);
  // Per block: 256·1024 + 1024 and 1024·256 + 256 params; four blocks.
  assert.equal(l.params, 4 * (256 * 1024 + 1024 + 1024 * 256 + 256));
  assert.equal(l.params, 2_102_272);
  // Each Linear: 2·1024 rows × 256 × 1024, called four times; the GELU multiplies nothing.
  assert.equal(l.multAdds, 2 * 4 * (2 * 1024 * 256 * 1024));
  // The first Linear alone was all the lens showed before: 1.05 M params, 2.15 G Mult-Adds.
  assert.equal(l.layers[0].paramsTotal, 1_052_672);
  assert.equal(layerLine(a.calls, 17), undefined, 'a line with only a container builds no layer of its own');
});

test('a Keras model built at the top level is placed on its line, with its totals, in the engine\'s lines answer', () => {
  const src = 'from tensorflow import keras\nfrom tensorflow.keras import layers\n\nmodel = keras.Sequential([\n    layers.Dense(64, activation="relu", input_shape=(32,)),\n    layers.Dense(10),\n])\n';
  const out: FromEngine[] = [];
  const turns: (() => void)[] = [];
  const engine = new Engine({ read: () => undefined, exists: () => false }, (m) => out.push(m), (run) => turns.push(run));
  engine.receive({ type: 'ask', id: 1, doc: { key: 'file:///w/k.py', version: '1', file: '/w/k.py', roots: ['/w'], text: src }, query: { op: 'lines', from: 1, to: 7 }, settings: {} });
  while (turns.length) turns.shift()!();
  const m = out.find((x) => x.type === 'answer' && x.id === 1);
  assert.ok(m && m.type === 'answer');
  const lines = m.value as EngineAnswers['lines'];
  assert.equal(lines.placed?.length, 1);
  assert.equal(lines.placed![0].line, 4);
  // 32·64 + 64 and 64·10 + 10, as model.summary() counts them.
  assert.equal(lines.placed![0].summary.totals.params, 32 * 64 + 64 + 64 * 10 + 10);
  assert.equal(lines.placed![0].summary.framework, 'keras');
});

test('a Keras layer reads like a PyTorch one in its hover: the layer in words on its input, and the formula of a conv', () => {
  const a = analyzeSource(`from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(56, 56, 32))
x = layers.Conv2D(64, 3, strides=2, padding="same")(inputs)
x = layers.DepthwiseConv2D(3, padding="same")(x)
x = layers.SeparableConv2D(128, 3, padding="same")(x)
x = layers.GlobalAveragePooling2D()(x)
y = layers.Dense(10)(x)
model = keras.Model(inputs, y)
`);
  const at = (line: number) => a.calls.find((c) => c.line === line)!;
  assert.equal(at(5).description, '3×3 conv, 32 → 64 channels, stride 2');
  assert.equal(at(6).description, '3×3 depthwise conv, 64 channels');
  assert.equal(at(7).description, '3×3 depthwise-separable conv, 64 → 128 channels');
  assert.equal(at(9).description, 'fully connected, 128 → 10 features');
  // Each formula's total is the row's Mult-Adds, as for a PyTorch conv.
  assert.equal(at(5).formula!.numbers, `3·3·32·64·28·28 = ${(3 * 3 * 32 * 64 * 28 * 28).toLocaleString('en-US')}`);
  assert.equal(at(5).multAdds, 3 * 3 * 32 * 64 * 28 * 28);
  assert.equal(at(6).formula!.symbols, 'D_K·D_K·M·D_F·D_F');
  assert.equal(at(6).multAdds, 3 * 3 * 64 * 28 * 28);
  assert.equal(at(7).formula!.numbers, `(3·3·64·28·28 + 64·128·28·28) = ${(28 * 28 * (9 * 64 + 64 * 128)).toLocaleString('en-US')}`);
  assert.equal(at(7).multAdds, 28 * 28 * (9 * 64 + 64 * 128));
});
