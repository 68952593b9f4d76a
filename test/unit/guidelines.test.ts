/**
 * ShuffleNet V2's guidelines G1–G4: the formulas on hand-worked layers, and the verdicts on torchvision
 * models whose design the paper discusses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { evaluateModels, type ModelResult } from '../../src/core';
import { checkGuidelines, opsFromCalls, opsFromModel, type GuidelineCheck } from '../../src/core/guidelines';
import { analyzeSource as analyzeText, torchvisionDir } from './helpers';

function run(source: string, input: number[]): ModelResult {
  const { models } = evaluateModels('/m.py', { read: (p) => (p === '/m.py' ? source : undefined) }, { call: 'Net()', inputs: [{ shape: input, dtype: 'float32' }] });
  return models[0];
}

const byId = (checks: GuidelineCheck[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

test('G1: a 1×1 conv from 64 to 256 channels on 56×56 against the equal-width bound 2·hw·√(c1c2) + c1c2', () => {
  const m = run(`
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.expand = nn.Conv2d(64, 256, 1, bias=False)
    def forward(self, x):
        return self.expand(x)
`, [1, 64, 56, 56]);
  const g1 = byId(checkGuidelines(opsFromModel(m))).G1;
  const hw = 56 * 56;
  const mac = hw * (64 + 256) + 64 * 256; // 1,019,904
  const bound = 2 * hw * Math.sqrt(64 * 256) + 64 * 256; // 819,200
  assert.equal(g1.figures.memoryAccessCost, mac);
  // Without a bias, the paper's MAC is exactly our layer MAC (input + output + weights).
  assert.equal(g1.figures.memoryAccessCost, m.layers[0].memoryAccessCost);
  assert.equal(g1.figures.bound, bound);
  assert.equal(g1.figures.excess, mac - bound);
  assert.equal(g1.status, 'warn');
  assert.match(g1.worst[0].detail, /64 → 256 channels \(1:4\), MAC 25% above the bound/);
});

test('G1 and G2: equal widths meet the bound; a grouped 1×1 conv costs hw·c2·(1 − 1/g) more MAC than a dense one at equal FLOPs', () => {
  const m = run(`
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(64, 64, 1, bias=False)
        self.b = nn.Conv2d(64, 64, 1, groups=4, bias=False)
        self.dw = nn.Conv2d(64, 64, 3, padding=1, groups=64, bias=False)
    def forward(self, x):
        return self.dw(self.b(self.a(x)))
`, [1, 64, 8, 8]);
  const g = byId(checkGuidelines(opsFromModel(m)));
  assert.equal(g.G1.figures.convs, 1); // the grouped 1×1 is G2's business
  assert.equal(g.G1.figures.excess, 0);
  assert.equal(g.G1.status, 'ok');
  assert.equal(g.G2.status, 'warn');
  assert.equal(g.G2.figures.groupedConvs, 1);
  assert.equal(g.G2.figures.depthwiseConvs, 1);
  assert.equal(g.G2.figures.extra, 64 * 8 * 8 * (1 - 1 / 4)); // 3,072
  // The identity behind it: MAC(grouped, c2 = 64) − MAC(dense, c2 = 64/4) at the same FLOPs.
  const grouped = 64 * 64 + 64 * 64 + (64 * 64) / 4;
  const dense = 64 * 64 + 16 * 64 + 64 * 16;
  assert.equal(grouped - dense, g.G2.figures.extra);
});

test('G4: ReLU and the residual add are element-wise; pooling and cat are not', () => {
  const m = run(`
import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
    def forward(self, x):
        y = self.relu(self.conv(x)) + x
        return torch.cat([self.pool(y), self.pool(x)], 1)
`, [1, 8, 16, 16]);
  const g4 = byId(checkGuidelines(opsFromModel(m))).G4;
  const n = 8 * 16 * 16;
  assert.equal(g4.figures.operators, 2);
  assert.equal(g4.figures.memoryAccessCost, 2 * n + 3 * n); // ReLU reads and writes; + reads two and writes one
  const total = m.totals.memoryAccessCost!; // modules and functional operations
  assert.equal(g4.figures.macShare, (5 * n) / total);
  assert.deepEqual(g4.worst.map((w) => w.name).sort(), ['+', 'ReLU']);
});

test('G3: building blocks are the modules around several conv and pooling operators, not bare Sequentials', () => {
  const m = run(`
import torch
import torch.nn as nn
class Branchy(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.b1 = nn.Conv2d(c, c, 1)
        self.b2 = nn.Sequential(nn.Conv2d(c, c, 1), nn.Conv2d(c, c, 3, padding=1))
        self.b3 = nn.Sequential(nn.MaxPool2d(3, 1, 1), nn.Conv2d(c, c, 1))
    def forward(self, x):
        return self.b1(x) + self.b2(x) + self.b3(x)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3)
        self.blocks = nn.Sequential(Branchy(8), Branchy(8))
    def forward(self, x):
        return self.blocks(self.stem(x))
`, [1, 3, 10, 10]);
  const g3 = byId(checkGuidelines(opsFromModel(m))).G3;
  assert.equal(g3.figures.operators, 11);
  assert.equal(g3.figures.blocks, 2);
  assert.equal(g3.figures.maxPerBlock, 5);
  assert.equal(g3.status, 'warn'); // 5 per block, over the threshold of 4
  assert.deepEqual(g3.worst.map((w) => w.name), ['blocks.0', 'blocks.1']);
});

test('torchvision: the guidelines single out what the paper says about each design', () => {
  const dir = path.join(torchvisionDir(), 'models');
  const fs = { read: (p: string) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } } };
  const status = (file: string, call: string) => {
    const [m] = evaluateModels(path.join(dir, file), fs, { call }).models;
    assert.ok(m.complete, call);
    return Object.fromEntries(checkGuidelines(opsFromModel(m)).map((c) => [c.id, c.status]));
  };
  // ShuffleNet V2 follows all four.
  assert.deepEqual(status('shufflenetv2.py', 'shufflenet_v2_x1_0()'), { G1: 'ok', G2: 'ok', G3: 'ok', G4: 'ok' });
  // ResNet's 1:4 bottlenecks break G1; its ReLUs and adds weigh on G4.
  assert.deepEqual(status('resnet.py', 'resnet50()'), { G1: 'warn', G2: 'none', G3: 'ok', G4: 'warn' });
  // ResNeXt's 32-group convs break G2.
  assert.equal(status('resnet.py', 'resnext50_32x4d()').G2, 'warn');
  // MobileNet V2's ×6 expansions break G1; depthwise convs are not G2's concern.
  assert.deepEqual(status('mobilenetv2.py', 'mobilenet_v2()'), { G1: 'warn', G2: 'ok', G3: 'ok', G4: 'warn' });
  // GoogLeNet's Inception modules are fragmented: 6 convs and a pool each.
  assert.equal(status('googlenet.py', 'googlenet(aux_logits=False, init_weights=False)').G3, 'warn');
});

test('a selection of call sites: G1 and G2 from their arguments and default input', () => {
  const { calls } = analyzeText(`
import torch.nn as nn
a = nn.Conv2d(64, 256, kernel_size=1, bias=False)  # layer-lens: input 1x64x56x56
b = nn.Conv2d(64, 64, (1, 1), groups=2)  # layer-lens: input 1x64x56x56
c = nn.ReLU()  # layer-lens: input 1x64x56x56
`);
  const g = byId(checkGuidelines(opsFromCalls(calls)));
  assert.equal(g.G1.figures.convs, 1);
  assert.equal(g.G1.figures.memoryAccessCost, 56 * 56 * 320 + 64 * 256);
  assert.equal(g.G2.figures.groupedConvs, 1);
  assert.equal(g.G2.figures.extra, 64 * 56 * 56 / 2);
  assert.equal(g.G3.figures.blocks, 0);
  assert.equal(g.G4.figures.operators, 1);
});
