/**
 * What other counters would print (issue 19), from their documented rules (docs/other-tools.md) applied to
 * Layer Lens's rows. Where a tool's number for a torchvision model is published, it is reproduced: ptflops's README
 * (resnet50 4.13 GMac with the pytorch backend, 4.09 with aten; mobilenet_v2 0.32), ultralytics/thop's README
 * (resnet50 4133742592.0), torchinfo's own test output (resnet50 at batch 2: 8.18 G). The others are each tool's
 * rules worked by hand, in the comments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFile, otherTools, type ModelResult, type OtherToolFigure } from '../../src/core';
import { analyzeSource, diskFs, ROOT, torchvisionDir } from './helpers';

function model(file: string, call: string, inputs?: { shape: number[]; dtype: string }[]): ModelResult {
  const m = analyzeFile(file, diskFs, { call, inputs }).models[0];
  assert.ok(m?.complete, `${call}: ${JSON.stringify(m?.diagnostics.map((d) => d.message))}`);
  return m;
}

const byTool = (figures: OtherToolFigure[]) => Object.fromEntries(figures.map((f) => [f.tool, f]));

test('resnet50: each tool\'s number, published ones reproduced, every difference explained', () => {
  const t = byTool(otherTools(model(path.join(torchvisionDir(), 'models', 'resnet.py'), 'resnet50()')));
  assert.equal(t['ptflops (pytorch backend, the default)'].printed, '4.13 GMac');
  assert.equal(t['ptflops (pytorch backend, the default)'].value, 4_132_436_968);
  assert.equal(t['ptflops (aten backend)'].printed, '4.09 GMac');
  assert.equal(t['ptflops (aten backend)'].value, 4_089_185_256);
  assert.equal(t.thop.value, 4_133_742_592);
  assert.equal(t.thop.printed, '4.134G');
  assert.equal(t.torchinfo.printed, 'Total mult-adds (G): 4.09');
  assert.equal(t.torchinfo.value, 4_089_238_376);
  // fvcore (eval): BatchNorm at 2 an element (11,113,984 elements), the adaptive pool at 1 an input element.
  assert.equal(t.fvcore.value, 4_089_184_256 + 2 * 11_113_984 + 100_352);
  assert.equal(t.fvcore.printed, '4.112G');
  assert.equal(t['torch.utils.flop_counter'].value, 2 * 4_089_184_256);
  assert.equal(t['torch.utils.flop_counter'].printed, '8178.369M');
  // One line per kind of difference, largest first.
  assert.deepEqual(t['ptflops (aten backend)'].differences, ['+1,000  bias: 1 per output element of convs, and of Linear layers on 2-D input (addmm) (1 call)']);
  assert.match(t['ptflops (pytorch backend, the default)'].differences[1], /^\+19,217,408  ReLU: 1 per element by its hook, and again by the F\.relu patch its forward calls \(49 calls\)$/);
  assert.deepEqual(t.thop.differences, ['+44,455,936  BatchNorm2d: 4 per input element (53 calls)', '+102,400  adaptive average pooling: (window + 1) per output element (1 call)']);
  // What the panel and the CLI show never says "MACs": Mult-Adds, or MAC for memory access cost.
  for (const f of Object.values(t)) assert.doesNotMatch([f.figure, f.printed ?? '', ...f.differences].join('\n'), /\bMACs\b/, f.tool);
});

test('torchinfo\'s own test output: resnet50 at batch 2 is "Total mult-adds (G): 8.18"', () => {
  const t = byTool(otherTools(model(path.join(torchvisionDir(), 'models', 'resnet.py'), 'resnet50()', [{ shape: [2, 3, 224, 224], dtype: 'float32' }])));
  assert.equal(t.torchinfo.printed, 'Total mult-adds (G): 8.18');
});

test('mobilenet_v2: ptflops\'s README 0.32 GMac, and the functional pooling its forward calls', () => {
  const t = byTool(otherTools(model(path.join(torchvisionDir(), 'models', 'mobilenetv2.py'), 'mobilenet_v2()')));
  const pt = t['ptflops (pytorch backend, the default)'];
  assert.equal(pt.value, 320_300_008);
  assert.equal((pt.value! / 1e9).toFixed(2), '0.32');
  assert.ok(pt.differences.includes('+62,720  F.adaptive_avg_pool2d: 1 per input element (1 call)'), pt.differences.join('\n'));
  // ReLU6's forward calls F.hardtanh, which ptflops does not patch: counted once.
  assert.ok(pt.differences.includes('+6,105,792  ReLU6: 1 per output element (35 calls)'));
  assert.equal(t.thop.value, 327_486_720);
  assert.equal(t.torchinfo.value, 300_809_384);
  assert.equal(t.fvcore.value, 314_193_216);
  assert.equal(t['ptflops (aten backend)'].value, 300_775_272);
});

test('an LSTM model: each tool\'s RNN rule, worked by hand', () => {
  const m = analyzeSource(`import torch
import torch.nn as nn

class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(100, 16)
        self.lstm = nn.LSTM(16, 32, num_layers=2, batch_first=True)
        self.out = nn.Linear(32, 10)

    def forward(self, ids):
        x, _ = self.lstm(self.emb(ids))
        return self.out(x)

model = Tagger()
y = model(torch.randint(0, 100, (4, 20)))
`).models.find((x) => x.definition === 'Tagger')!;
  assert.ok(m.complete);
  // Layer Lens: per layer 4 gates × 80 sample-steps × (in·32 + 32·32): 4·80·1,536 + 4·80·2,048 = 1,146,880; the head 80·320 = 25,600.
  assert.equal(m.layers.find((l) => l.type === 'LSTM')!.multAdds, 491_520 + 655_360);
  const t = byTool(otherTools(m));
  // ptflops: per layer both weights (2,048 + 4,096; 4,096 + 4,096), 10·h gate operations, biases 256; × 4 × 20;
  // the head with its bias: (320 + 10) × 80.
  assert.equal(t['ptflops (pytorch backend, the default)'].value, (6_720 + 8_768) * 80 + 330 * 80);
  // thop: LSTM cells of 4·((in + h)·h + h + 2h) + 4h: 6,656 and 8,704 per step and sample; the head 25,600.
  assert.equal(t.thop.value, (6_656 + 8_704) * 80 + 25_600);
  // torchinfo 1.8.0: the LSTM's 14,848 parameters × 80; the embedding's 1,600 × batch 4; the head's 330 × batch 4.
  assert.equal(t.torchinfo.value, 14_848 * 80 + 1_600 * 4 + 330 * 4);
  // fvcore has no handle for aten::lstm.
  assert.equal(t.fvcore.value, 25_600);
  assert.ok(t.fvcore.differences.some((d) => /LSTM: unsupported/.test(d)));
  // Where a tool's count depends on the device or the PyTorch version, it says so instead of a number.
  assert.equal(t['torch.utils.flop_counter'].value, null);
  assert.match(t['torch.utils.flop_counter'].differences[0], /^not known: LSTM: counted only where PyTorch runs it as matrix products/);
});

test('functional attention (a GPT block\'s F.scaled_dot_product_attention): the tools that miss it say how much', () => {
  const dir = path.join(ROOT, 'samples');
  const m = analyzeFile(path.join(dir, 'tiny_gpt.py'), { ...diskFs, roots: [dir] }, {
    call: 'CausalSelfAttention(n_embd=64, n_head=4)',
    inputs: [{ shape: [1, 32, 64], dtype: 'float32' }],
  }).models[0];
  assert.ok(m.complete);
  // Q·Kᵀ and A·V: 4 heads × 32 × 32 × 16 × 2.
  const attention = 4 * 32 * 32 * 16 * 2;
  assert.equal(attention, 131_072);
  const t = byTool(otherTools(m));
  for (const tool of ['fvcore', 'ptflops (pytorch backend, the default)', 'thop', 'torchinfo']) {
    assert.ok(t[tool].differences.some((d) => d.startsWith('−131,072  ') && /scaled_dot_product_attention/.test(d)), `${tool}: ${t[tool].differences.join(' | ')}`);
  }
  // torchinfo 1.8.0 multiplies a Linear's parameters by the batch only: 32× too little on this input.
  assert.ok(t.torchinfo.differences[0].includes('torchinfo 1.8.0 multiplies its parameters by the batch only'));
  assert.equal(t['torch.utils.flop_counter'].value, 2 * m.totals.multAdds!);
  assert.ok(t['torch.utils.flop_counter'].differences.some((d) => /on CPU its fused kernel is not registered/.test(d)));
  // ptflops's aten backend: a Linear with a bias on 3-D input is folded into addmm or not by PyTorch's version.
  assert.equal(t['ptflops (aten backend)'].value, null);
});

test('keras-flops on a Keras model: its README\'s own example, 0.0338 G (33,799,740 by its rules)', () => {
  const m = analyzeSource(`from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv2D, Dense, Dropout, Flatten, MaxPooling2D

model = Sequential([
    Conv2D(32, kernel_size=(3, 3), activation="relu", input_shape=(32, 32, 3)),
    Conv2D(64, (3, 3), activation="relu"),
    MaxPooling2D(pool_size=(2, 2)),
    Dropout(0.25),
    Flatten(),
    Dense(128, activation="relu"),
    Dropout(0.5),
    Dense(10, activation="softmax"),
])
`).models[0];
  assert.ok(m.complete);
  const t = otherTools(m);
  // Only the tool that reads Keras models.
  assert.deepEqual(t.map((x) => x.tool), ['keras-flops']);
  // 2 per multiply-add (1,555,200 + 28,901,376 + 3,211,264 + 2,560), biases (28,800 + 50,176 + 128 + 10), the 2×2
  // pool over 12,544 outputs, softmax at 5 per element; ReLU counts nothing.
  assert.equal(t[0].value, 33_799_740);
  assert.equal(t[0].printed, '0.0338 G');
  // A layer its rules do not cover makes the figure unknown, with the layer named.
  const lstm = analyzeSource('from tensorflow.keras import Sequential\nfrom tensorflow.keras.layers import LSTM, Dense\n\nmodel = Sequential([LSTM(8, input_shape=(5, 4)), Dense(2)])\n').models[0];
  const k = otherTools(lstm)[0];
  assert.equal(k.value, null);
  assert.match(k.differences[0], /^not known: LSTM: keras-flops does not support it/);
});
