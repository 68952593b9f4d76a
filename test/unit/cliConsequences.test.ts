/** The CLI's device, training and comparison options, and `layer-lens devices` (issue 19; docs/cli-json.md). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/cli/main';
import { DEVICES } from '../../src/core';
import { ROOT } from './helpers';

function cli(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(args, (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
  return { code, out, err };
}

const SAMPLE = path.join(ROOT, 'samples', 'tiny_resnet.py');

test('layer-lens devices --json lists the presets with their numbers and sources; --devices adds yours', () => {
  const r = cli(['devices', '--json']);
  assert.equal(r.code, 0);
  const list = JSON.parse(r.out);
  assert.equal(list.length, DEVICES.length);
  assert.deepEqual(Object.keys(list[0]), ['name', 'title', 'peakFlops', 'bandwidth', 'computeFraction', 'bandwidthFraction', 'source']);
  assert.deepEqual(Object.keys(list[0].peakFlops), ['float32', 'float16', 'bfloat16', 'int8']);
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-devices-'));
  writeFileSync(path.join(dir, 'mine.json'), JSON.stringify([{ name: 'jetson', peakFlops: { float32: 1.28e12 }, bandwidth: 68e9 }]));
  assert.equal(JSON.parse(cli(['devices', '--json', '--devices', path.join(dir, 'mine.json')]).out)[0].name, 'jetson');
  writeFileSync(path.join(dir, 'bad.json'), '[{"name": "x"}]');
  const bad = cli(['devices', '--devices', path.join(dir, 'bad.json')]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad\.json: x: 'peakFlops' must be an object/);
});

test('analyze --device: the model\'s range and each row\'s, with the bound', () => {
  const r = cli(['analyze', SAMPLE, '--device', 'rpi4', '--json']);
  assert.equal(r.code, 0, r.err);
  const m = JSON.parse(r.out).models.find((x: { name: string }) => x.name === 'TinyResNet()');
  assert.deepEqual(Object.keys(m.latency), ['device', 'dtype', 'lowerMs', 'upperMs', 'memoryBoundShare']);
  assert.equal(m.latency.device, 'rpi4');
  assert.ok(m.latency.lowerMs > 0 && m.latency.upperMs >= m.latency.lowerMs);
  for (const row of [...m.layers, ...m.functional]) assert.ok(['memory', 'compute'].includes(row.latency.bound), JSON.stringify(row.latency));
  const sum = [...m.layers, ...m.functional].reduce((a: number, x: { latency: { upperMs: number } }) => a + x.latency.upperMs, 0);
  assert.ok(Math.abs(sum - m.latency.upperMs) < 1e-9);
  const text = cli(['analyze', SAMPLE, '--device', 'rpi4']).out;
  assert.match(text, /time on Raspberry Pi 4 \(4 × Cortex-A72, 1\.5 GHz\), float32: [\d.]+–[\d.]+ ms \(\d+% of it memory-bound\); a range from the device's peaks, not a prediction/);
});

test('analyze --train --batch: each model evaluated again at that batch, its memory and training FLOPs', () => {
  // bf16, as people type it, is bfloat16.
  const r = cli(['analyze', SAMPLE, '--train', 'adamw', '--batch', '4', '--dtype', 'bf16', '--json']);
  assert.equal(r.code, 0, r.err);
  const m = JSON.parse(r.out).models.find((x: { name: string }) => x.name === 'TinyResNet()');
  assert.equal(m.input[0][0], 4);
  assert.deepEqual(Object.keys(m.memory), ['weights', 'gradients', 'optimizer', 'activations', 'peak']);
  // Mixed-precision AdamW: 2 + 2 + 12 bytes per parameter.
  assert.equal(m.memory.weights + m.memory.gradients + m.memory.optimizer, 16 * m.totals.params);
  assert.equal(m.memory.peak, m.memory.weights + m.memory.gradients + m.memory.optimizer + m.memory.activations);
  assert.equal(typeof m.trainingFlops, 'number');
  assert.ok(m.trainingFlops > m.totals.flops * 2 && m.trainingFlops <= m.totals.flops * 3);
  assert.deepEqual([m.training.optimizer, m.training.batch, m.training.dtype], ['adamw', 4, 'bfloat16']);
});

test('analyze --compare: the other tools\' figures; bad options exit 2 with a message', () => {
  const m = JSON.parse(cli(['analyze', SAMPLE, '--compare', '--json']).out).models.find((x: { name: string }) => x.name === 'TinyResNet()');
  assert.deepEqual(m.otherTools.map((t: { tool: string }) => t.tool), ['fvcore', 'ptflops (pytorch backend, the default)', 'ptflops (aten backend)', 'thop', 'torchinfo', 'torch.utils.flop_counter']);
  for (const t of m.otherTools) assert.deepEqual(Object.keys(t), ['tool', 'figure', 'value', 'printed', 'differences']);
  for (const [args, message] of [
    [['--device', 'cray'], /unknown device 'cray' \(layer-lens devices lists them\)/],
    [['--train', 'lion'], /--train must be one of sgd, sgd-momentum, adam, adamw/],
    [['--train', 'adam', '--batch', '0'], /--batch must be a whole number from 1/],
    [['--batch', '8'], /--batch and --dataset go with --train/],
  ] as const) {
    const r = cli(['analyze', SAMPLE, ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, message);
  }
});
