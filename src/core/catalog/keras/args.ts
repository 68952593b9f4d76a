/**
 * How Keras layers read their arguments and shapes (./layers.ts and the families beside it): ints, tuples, options
 * and data formats as Keras checks them, and the shape arithmetic its layers share.
 */
import { type Category, LayerError, type Shape } from '../../values/spec';
import type { KerasArg, KerasLayerSpec } from './types';

export function int(v: KerasArg, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new LayerError(`${what} must be an integer (got ${JSON.stringify(v)})`, what);
}

export function positive(v: KerasArg, what: string): number {
  const n = int(v, what);
  if (n <= 0) throw new LayerError(`${what} must be positive (got ${n})`, what);
  return n;
}

/** An int or a tuple of `n` ints. */
export function tuple(v: KerasArg, n: number, what: string): number[] {
  if (Array.isArray(v)) {
    if (v.length !== n) throw new LayerError(`${what} must have ${n} values (got ${v.length})`, what);
    return v.map((x) => positive(x, what));
  }
  return Array(n).fill(positive(v, what));
}

export function oneOf<T extends string>(v: KerasArg, options: readonly T[], what: string): T {
  const s = typeof v === 'string' ? v.toLowerCase() : v;
  if (typeof s !== 'string' || !options.includes(s as T)) throw new LayerError(`${what} must be one of ${options.join(', ')} (got ${JSON.stringify(v)})`, what);
  return s as T;
}

export function dataFormat(v: KerasArg): 'channels_last' | 'channels_first' {
  return v === null || v === undefined ? 'channels_last' : oneOf(v, ['channels_last', 'channels_first'] as const, 'data_format');
}

export const numel = (s: Shape) => s.reduce((a, b) => a * b, 1);
export const activationOps = (activation: KerasArg, out: Shape) => (activation === null || activation === 'linear' ? 0 : numel(out));

export function rank(inputs: Shape[], n: number, layer: string): Shape {
  const s = inputs[0];
  if (!s || s.length !== n) throw new LayerError(`${layer} expects a ${n}-D input (batch included), got ${s ? s.length : 0}-D${s ? ` ${s.join('×')}` : ''}`);
  return s;
}

/** Channels and spatial sizes of an N-D input, by data format. */
export function split(s: Shape, format: 'channels_last' | 'channels_first'): { channels: number; spatial: number[] } {
  return format === 'channels_last' ? { channels: s[s.length - 1], spatial: s.slice(1, -1) } : { channels: s[1], spatial: s.slice(2) };
}

export function join(batch: number, channels: number, spatial: number[], format: 'channels_last' | 'channels_first'): Shape {
  return format === 'channels_last' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}

/** Keras's conv_output_length. */
export function outLength(n: number, k: number, padding: 'valid' | 'same' | 'causal' | 'full', stride: number, dilation: number): number {
  const dk = (k - 1) * dilation + 1;
  const len = padding === 'same' || padding === 'causal' ? n : padding === 'valid' ? n - dk + 1 : n + dk - 1;
  return Math.floor((len + stride - 1) / stride);
}

/** A layer that keeps its input's shape and has no weights (an activation: its output elements as otherOps). */
export function elementwise(name: string, category: Category): KerasLayerSpec<Record<string, never>> {
  return {
    name, category, signature: [], configure: () => ({}), weights: () => ({ trainable: 0, nonTrainable: 0 }),
    forward: (_c, inputs) => ({ outputs: [inputs[0]], multAdds: 0, otherOps: category === 'activation' ? numel(inputs[0]) : 0 }),
  };
}
