/**
 * Training memory and training FLOPs (issue 19) on worked examples, by hand: a conv backbone frozen in the
 * code's two ways, a trainable head, and the same model with nothing frozen.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferenceMemory, trainingFlops, trainingMemory, type ModelResult } from '../../src/core';
import { analyzeSource } from './helpers';

const net = (freeze: string) => `import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())
        self.head = nn.Linear(8 * 4 * 4, 10)
${freeze}
    def forward(self, x):
        x = self.backbone(x)
        return self.head(x.flatten(1))

model = Net()
out = model(torch.randn(2, 3, 4, 4))
`;

function model(freeze: string): ModelResult {
  const m = analyzeSource(net(freeze)).models.find((x) => x.definition === 'Net');
  assert.ok(m && m.complete, JSON.stringify(m?.diagnostics));
  return m;
}

// By hand, input 2×3×4×4: the conv makes 2×8×4×4 = 256 elements at 27 Mult-Adds each, 6,912 (13,824 FLOPs); its
// params 3·8·9 + 8 = 224. The head: 2 × 128 × 10 = 2,560 Mult-Adds (5,120 FLOPs), 1,290 params. 1,514 in all.
const CONV_FLOPS = 13_824;
const HEAD_FLOPS = 5_120;

for (const [how, freeze] of [
  ['requires_grad_(False)', '        self.backbone.requires_grad_(False)\n'],
  ['p.requires_grad = False', '        for p in self.backbone.parameters():\n            p.requires_grad = False\n'],
]) {
  test(`a backbone frozen with ${how}: its 224 params have no gradient, no optimizer state, no backward`, () => {
    const m = model(freeze);
    assert.equal(m.totals.params, 1514);
    assert.equal(m.totals.frozenParams, 224);
    assert.equal(m.layers.find((l) => l.type === 'Conv2d')?.frozenParams, 224);
    assert.equal(m.layers.find((l) => l.type === 'Linear')?.frozenParams, undefined);
    const f = trainingFlops(m);
    assert.ok(!('problem' in f));
    // Forward everywhere; backward only the head's weight gradient: nothing before it needs a gradient.
    assert.deepEqual([f.forward, f.backward, f.perStep], [CONV_FLOPS + HEAD_FLOPS, HEAD_FLOPS, CONV_FLOPS + 2 * HEAD_FLOPS]);
    const adam = trainingMemory(m, { optimizer: 'adam', dtype: 'float32' });
    assert.ok(!('problem' in adam));
    // Weights 1,514 × 4; gradients and Adam's two moments for the 1,290 trainable; kept: the head's input (256)
    // and output (20), 276 elements × 4 bytes.
    assert.deepEqual([adam.weights, adam.gradients, adam.optimizer, adam.activations, adam.peak], [6056, 5160, 10320, 1104, 6056 + 5160 + 10320 + 1104]);
  });
}

test('nothing frozen: backward is 2× forward for layers with weights, the first layer gets no input gradient', () => {
  const m = model('');
  assert.equal(m.totals.frozenParams, undefined);
  const f = trainingFlops(m, 1000);
  assert.ok(!('problem' in f));
  // Conv: weight gradient only (its input is the data); ReLU: 0; head: input and weight gradients.
  assert.deepEqual([f.forward, f.backward], [CONV_FLOPS + HEAD_FLOPS, CONV_FLOPS + 2 * HEAD_FLOPS]);
  // 1,000 samples at batch 2: 500 steps.
  assert.deepEqual([f.steps, f.perEpoch], [500, 500 * f.perStep]);
  assert.equal(f.sixND, undefined, 'not a transformer');
  // Kept: the conv's input (96) and output (256), the ReLU's output (256), the head's output (20); the flatten is a view.
  const sgd = trainingMemory(m, { optimizer: 'sgd', dtype: 'float32' });
  const momentum = trainingMemory(m, { optimizer: 'sgd-momentum', dtype: 'float32' });
  const mixed = trainingMemory(m, { optimizer: 'adamw', dtype: 'bfloat16' });
  assert.ok(!('problem' in sgd) && !('problem' in momentum) && !('problem' in mixed));
  assert.deepEqual([sgd.weights, sgd.gradients, sgd.optimizer, sgd.activations], [6056, 6056, 0, 628 * 4]);
  assert.equal(momentum.optimizer, 6056);
  // Mixed precision: 2 + 2 bytes, and 12 in the optimizer (fp32 master weights, two moments): 16 a parameter, as ZeRO counts.
  assert.deepEqual(mixed.bytesPerParameter, { weight: 2, gradient: 2, optimizer: 12 });
  assert.deepEqual([mixed.weights + mixed.gradients + mixed.optimizer, mixed.activations], [1514 * 16, 628 * 2]);
  // Inference: the weights and the largest operation's input and output (the conv: 96 + 256, the ReLU 256 + 256).
  assert.deepEqual(inferenceMemory(m, 'float32'), { weights: 6056, activations: 512 * 4, peak: 6056 + 2048 });
});

test('a model not completely known has no training figures, and says why', () => {
  const m = analyzeSource('import torch.nn as nn\nfrom mystery import blur\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n    def forward(self, x):\n        return self.fc(blur(x))  # layer-lens: input 1x4\n').models[0];
  if (!m || m.complete) return assert.fail('expected an incomplete model');
  const f = trainingFlops(m);
  assert.ok('problem' in f && /not completely known/.test(f.problem));
});

test('activation checkpointing: a checkpointed block keeps only its input and output, and runs its forward again in backward', () => {
  const source = (body: string) => `import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint, checkpoint_sequential

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 16))
        self.head = nn.Linear(16, 4)

    def forward(self, x):
${body}
        return self.head(x)

model = Net()
y = model(torch.randn(8, 16))
`;
  const plain = analyzeSource(source('        x = self.block(x)')).models.find((m) => m.definition === 'Net')!;
  const ckpt = analyzeSource(source('        x = checkpoint(self.block, x, use_reentrant=False)')).models.find((m) => m.definition === 'Net')!;
  assert.ok(plain.complete && ckpt.complete, JSON.stringify(ckpt.diagnostics.map((d) => d.message)));
  // The same forward: checkpointing changes memory and backward only.
  assert.equal(ckpt.totals.multAdds, plain.totals.multAdds);
  assert.deepEqual(ckpt.layers.map((l) => l.checkpoint ?? 0), [1, 1, 1, 0]);
  const memory = (m: ModelResult) => {
    const t = trainingMemory(m, { optimizer: 'sgd', dtype: 'float32' });
    assert.ok(!('problem' in t));
    return t.activations / 4;
  };
  // Without: the first Linear's input (8·16) and every output (8·32, 8·32, 8·16, 8·4). With: the block's input and
  // output (8·16 + 8·16), and the head's output (8·4).
  assert.equal(memory(plain), 128 + 256 + 256 + 128 + 32);
  assert.equal(memory(ckpt), 128 + 128 + 32);
  const flops = (m: ModelResult) => {
    const f = trainingFlops(m);
    assert.ok(!('problem' in f));
    return f;
  };
  // The block's forward (8·16·32 + 8·32·16 = 8,192 Mult-Adds, 16,384 FLOPs) runs again during backward.
  assert.equal(flops(ckpt).backward - flops(plain).backward, 16_384);
  // checkpoint_sequential: every segment but the last is checkpointed, as PyTorch does.
  const seq = analyzeSource(source('        x = checkpoint_sequential(self.block, 3, x)')).models.find((m) => m.definition === 'Net')!;
  assert.deepEqual(seq.layers.map((l) => l.checkpoint ?? 0), [1, 2, 0, 0]);
});
