/**
 * The cost of one layer from plain numbers: what the calculators and the panel's editable inputs ask.
 * It goes through the same catalog entry, argument binding and checks as a call written in code.
 */
import { TORCH_LAYERS } from '../catalog';
import { bindSpec, runSpec } from '../catalog/run';
import { LayerError } from '../values/spec';
import { NeedsValue } from '../values/argReader';
import type { Arg } from '../python/ast';
import { type RValue, int } from '../values/value';

export type PlainArg = number | boolean | string | null | number[];

export interface LayerCost {
  type: string;
  params: number;
  multAdds: number;
  flops: number;
  otherOps: number;
  memoryAccessCost: number;
  outputShape: number[];
}

function toValue(v: PlainArg): RValue {
  if (v === null) return { kind: 'none' };
  if (Array.isArray(v)) return { kind: 'tuple', items: v.map(int) };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'string') return { kind: 'str', value: v };
  return Number.isInteger(v) ? { kind: 'int', value: v } : { kind: 'float', value: v };
}

/** `layerCost('Conv2d', {in_channels: 32, out_channels: 64, kernel_size: 3, padding: 1}, [[1, 32, 112, 112]])`; throws LayerError with a clear message. */
export function layerCost(type: string, kwargs: Record<string, PlainArg>, inputs: number[][]): LayerCost {
  const spec = TORCH_LAYERS.get(type);
  if (!spec) throw new LayerError(`${type} is not a layer Layer Lens knows`);
  const span = { from: 0, to: 0 };
  const args = Object.entries(kwargs).map(([name, v]) => ({
    arg: { kind: 'keyword', name, nameSpan: span, value: { kind: 'Opaque', reason: '', span }, span } as Arg,
    value: toValue(v),
  }));
  const binding = bindSpec(spec, span, args);
  const problem = binding.bindProblems[0]?.message ?? binding.valueProblems[0]?.message;
  if (problem) throw new LayerError(problem);
  if (binding.failure) throw new LayerError(binding.failure instanceof NeedsValue ? `${type}: ${binding.failure.message}` : binding.failure.message);
  try {
    const params = binding.params;
    if (params === null) throw new LayerError(`${type}: params are not known`);
    const { figures: f, outputs } = runSpec(spec, binding.config, inputs, { params });
    if (f.multAdds === null || f.flops === null || f.otherOps === null || f.memoryAccessCost === null) throw new LayerError(`${type}: its figures are too large to count exactly (over 2^53)`);
    return { type, params, multAdds: f.multAdds, flops: f.flops, otherOps: f.otherOps, memoryAccessCost: f.memoryAccessCost, outputShape: outputs[0] };
  } catch (e) {
    if (e instanceof NeedsValue) throw new LayerError(`${type}: ${e.message}`);
    throw e;
  }
}
