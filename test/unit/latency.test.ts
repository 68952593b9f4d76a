/**
 * The roofline latency range (issue 19): the arithmetic by hand, the device table's own rules, user devices
 * checked field by field, and the validation against published measurements that docs/latency-validation.md
 * tabulates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFile, DEVICES, findDevice, modelLatency, parseDevices, rowLatency } from '../../src/core';
import { analyzeSource, DATA, diskFs, readJson, torchvisionDir } from './helpers';

test('a row\'s range: compute and memory time at the achievable rates; max when they overlap, sum when not', () => {
  const a100 = findDevice('A100-SXM')!;
  const rate = { flops: 19.5e12 * 0.85, bytes: 2.039e12 * 0.85 };
  // A Linear(1024, 1024) on 1×1024: 2,097,152 FLOPs; MAC 1,024 in + 1,024 out + 1,049,600 params = 1,051,648 elements.
  const r = rowLatency({ flops: 2_097_152, otherOps: 0, memoryAccessCost: 1_051_648 }, rate, 'float32')!;
  const compute = (2_097_152 / rate.flops) * 1000;
  const memory = ((1_051_648 * 4) / rate.bytes) * 1000;
  assert.deepEqual(r, { lowerMs: memory, upperMs: compute + memory, bound: 'memory' });
  // At bf16 the bytes halve and the peak is the tensor cores'.
  const m = analyzeSource('import torch.nn as nn\n\nclass L(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(1024, 1024)\n    def forward(self, x):\n        return self.fc(x)\n\nmodel = L()\ny = model(torch.randn(1, 1024))\n'.replace('import torch.nn as nn', 'import torch\nimport torch.nn as nn')).models.find((x) => x.definition === 'L')!;
  const l = modelLatency(m, a100, 'bfloat16');
  assert.ok(!('problem' in l));
  assert.equal(l.upperMs, (2_097_152 / (312e12 * 0.85)) * 1000 + ((1_051_648 * 2) / rate.bytes) * 1000);
  assert.equal(l.memoryBoundShare, 1);
  assert.deepEqual(l.slowest.map((s) => s.name), ['fc']);
  // A dtype the device has no peak for says so.
  const pascal = modelLatency(m, findDevice('gtx1080ti')!, 'bfloat16');
  assert.ok('problem' in pascal && /no bfloat16 peak/.test(pascal.problem));
});

test('the device table: unique names, dense peaks (no with-sparsity figure), fractions in (0, 1], a source each', () => {
  assert.equal(new Set(DEVICES.map((d) => d.name)).size, DEVICES.length);
  for (const d of DEVICES) {
    assert.ok(d.source.length > 20, d.name);
    assert.ok(d.computeFraction > 0 && d.computeFraction <= 1 && d.bandwidthFraction > 0 && d.bandwidthFraction <= 1, d.name);
    assert.ok(d.bandwidth > 1e9 && d.peakFlops.float32! > 1e9, d.name);
  }
  // NVIDIA prints 1,979 TFLOPS for H100's fp16 "with sparsity"; the dense figure is half.
  assert.equal(findDevice('h100-sxm')!.peakFlops.float16, 989.4e12);
  assert.equal(findDevice('a100-sxm')!.peakFlops.bfloat16, 312e12);
  // The presets the issue asks for: datacenter, consumer, Apple, the papers' phones, a Raspberry Pi.
  for (const name of ['h100-sxm', 'a100-sxm', 'rtx4090', 'apple-m2-gpu', 'snapdragon810-a57', 'pixel1-cpu', 'gtx1080ti', 'rpi4']) assert.ok(findDevice(name), name);
});

test('user devices: each checked field by field, a bad one named and left out, the others kept', () => {
  const r = parseDevices([
    { name: 'jetson', title: 'Jetson Orin Nano', peakFlops: { float32: 1.28e12, float16: 2.56e12 }, bandwidth: 68e9 },
    { name: 'bad name!', peakFlops: { float32: 1 }, bandwidth: 1 },
    { name: 'nopeak', peakFlops: {}, bandwidth: 1e9 },
    { name: 'nobw', peakFlops: { float32: 1e12 } },
    { name: 'frac', peakFlops: { float32: 1e12 }, bandwidth: 1e9, computeFraction: 2 },
    'text',
  ]);
  assert.deepEqual(r.devices.map((d) => [d.name, d.computeFraction, d.bandwidthFraction, d.source]), [['jetson', 0.75, 0.8, 'your settings']]);
  assert.deepEqual(r.problems, [
    "device 2: 'name' must be 1–40 letters, digits, '.', '_' or '-'",
    "nopeak: 'peakFlops' gives no dtype's peak",
    "nobw: 'bandwidth' must be a positive number of bytes per second",
    "frac: 'computeFraction' must be a number above 0 and at most 1",
    'device 6: not an object',
  ]);
  // A user device with a preset's name comes first.
  assert.equal(findDevice('jetson', r.devices)?.title, 'Jetson Orin Nano');
  assert.deepEqual(parseDevices({ name: 'x' }).problems, ['devices must be a list of objects']);
});

interface Measurement { file: string; call: string; size: number; device: string; batch: number; ms: number }

test('published latencies (docs/latency-validation.md): every one is above the range\'s upper bound, by 1.24× to 3.36×', () => {
  const data = readJson<{ measurements: Measurement[] }>(DATA, 'latency-published.json');
  const ratios: number[] = [];
  for (const x of data.measurements) {
    const m = analyzeFile(path.join(torchvisionDir(), 'models', x.file), diskFs, { call: x.call, inputs: [{ shape: [x.batch, 3, x.size, x.size], dtype: 'float32' }] }).models[0];
    const l = modelLatency(m, findDevice(x.device)!, 'float32');
    assert.ok(!('problem' in l), x.call);
    assert.ok(x.ms > l.upperMs, `${x.call} on ${x.device}: ${x.ms} ms against ${l.lowerMs}–${l.upperMs}`);
    ratios.push(x.ms / l.upperMs);
  }
  assert.equal(ratios.length, 22);
  assert.equal(Math.min(...ratios).toFixed(2), '1.24');
  assert.equal(Math.max(...ratios).toFixed(2), '3.36');
});
