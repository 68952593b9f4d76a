/** `layer-lens devices`, and the device, training and comparison options of `analyze` (issue 19). */
import {
  DEVICES, findDevice, parseDevices,
  type ConsequenceOptions, type DevicePreset, type ModelConsequences, type ModelResult,
} from '../core';
import { readArgument } from './diskFs';
import type { AnalyzeArgs, DevicesArgs } from './args';

/** Your devices from a JSON file (the layerLens.devices setting's format), or a message. */
export function userDevices(file: string | undefined): { devices: DevicePreset[] } | { problem: string } {
  if (!file) return { devices: [] };
  const read = readArgument(file, 'JSON');
  if ('problem' in read) return { problem: read.problem };
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (e) {
    return { problem: `${file} is not JSON: ${(e as Error).message}` };
  }
  const r = parseDevices(raw);
  if (r.problems.length) return { problem: `${file}: ${r.problems.join('; ')}` };
  return { devices: r.devices };
}

export function devicesCommand(args: DevicesArgs, out: (s: string) => void, err: (s: string) => void): number {
  const user = userDevices(args.devicesFile);
  if ('problem' in user) {
    err(`layer-lens: ${user.problem}`);
    return 2;
  }
  const all = [...user.devices, ...DEVICES];
  if (args.json) {
    out(JSON.stringify(all.map((d) => ({ name: d.name, title: d.title, peakFlops: d.peakFlops, bandwidth: d.bandwidth, computeFraction: d.computeFraction, bandwidthFraction: d.bandwidthFraction, source: d.source })), null, 2));
    return 0;
  }
  const tera = (n: number | null) => (n === null ? '—' : n >= 1e12 ? `${(n / 1e12).toFixed(1)} T` : `${(n / 1e9).toFixed(1)} G`);
  for (const d of all) {
    out(`${d.name.padEnd(20)} ${d.title}`);
    out(`${''.padEnd(20)} peak FLOP/s fp32 ${tera(d.peakFlops.float32)}, fp16 ${tera(d.peakFlops.float16)}, bf16 ${tera(d.peakFlops.bfloat16)}, int8 ${tera(d.peakFlops.int8)}; memory ${(d.bandwidth / 1e9).toFixed(1)} GB/s; achievable ${Math.round(100 * d.computeFraction)}% and ${Math.round(100 * d.bandwidthFraction)}%`);
    out(`${''.padEnd(20)} ${d.source}`);
  }
  return 0;
}

/** What analyze's options ask for, or the message for a bad one (exit code 2). */
export function consequenceOptions(args: AnalyzeArgs): ConsequenceOptions | { problem: string } | undefined {
  if (!args.device && !args.train && !args.compare) return undefined;
  let device: DevicePreset | undefined;
  if (args.device) {
    const user = userDevices(args.devicesFile);
    if ('problem' in user) return user;
    device = findDevice(args.device, user.devices);
    if (!device) return { problem: `unknown device '${args.device}' (layer-lens devices lists them)` };
  }
  return { device, dtype: args.dtype, optimizer: args.train, datasetSize: args.dataset, compare: args.compare };
}

/** The JSON of docs/cli-json.md for a model's consequences: latency on the model and each row, memory, training FLOPs, other tools. */
export function consequencesJson(m: ModelResult, c: ModelConsequences, o: ConsequenceOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const bound = (l: { lowerMs: number; upperMs: number; bound: string } | null | undefined) => (l ? { lowerMs: l.lowerMs, upperMs: l.upperMs, bound: l.bound } : null);
  if (c.latency) {
    out.latency = 'problem' in c.latency ? { device: o.device?.name, dtype: o.dtype, problem: c.latency.problem }
      : { device: c.latency.device, dtype: c.latency.dtype, lowerMs: c.latency.lowerMs, upperMs: c.latency.upperMs, memoryBoundShare: c.latency.memoryBoundShare };
    out.layerLatency = c.layerLatency?.map(bound);
    out.functionalLatency = c.functionalLatency?.map(bound);
  }
  if (c.memory) {
    out.memory = 'problem' in c.memory ? { problem: c.memory.problem } : { weights: c.memory.weights, gradients: c.memory.gradients, optimizer: c.memory.optimizer, activations: c.memory.activations, peak: c.memory.peak };
    out.inferenceMemory = c.inference;
  }
  if (c.trainingFlops) {
    out.trainingFlops = 'problem' in c.trainingFlops ? null : c.trainingFlops.perStep;
    out.training = { optimizer: o.optimizer, batch: m.input[0]?.[0] ?? null, dtype: o.dtype, ...c.trainingFlops };
  }
  if (c.otherTools) out.otherTools = c.otherTools;
  return out;
}

