/**
 * Training and inference memory from a model's figures (issue 19), by the conventions of docs/conventions.md:
 *
 * - weights: every parameter at the weights' storage precision (frozen ones too: they are still held);
 * - gradients: one per trainable parameter, at the same precision;
 * - optimizer state per trainable parameter: SGD none; SGD with momentum one fp32 buffer; Adam and AdamW two
 *   (first and second moments). Mixed precision adds an fp32 master copy of each trainable parameter, so mixed
 *   Adam is 2 + 2 + 12 = 16 bytes a parameter, as the ZeRO paper counts;
 * - activations kept for backward: the tensors forward makes (each layer's and each functional operation's
 *   output; views make none) from the first trainable parameter on. Before it nothing requires a gradient, and
 *   autograd keeps nothing. A region run under activation checkpointing keeps only its input and its output.
 *
 * The peak is their sum, the moment backward starts. Inference holds the weights and the peak activation of one
 * operation (its inputs and output, ../budget/check.ts).
 */
import { DTYPE_BYTES } from '../values/figures';
import { peakActivation } from '../cost/peakActivation';
import type { ModelResult } from '../results';
import { trainingOrder } from './trainable';

import type { Optimizer } from './optimizers';

export { OPTIMIZERS, type Optimizer } from './optimizers';

/** fp32 buffers the optimizer keeps per trainable parameter. */
const STATE_BUFFERS: Readonly<Record<Optimizer, number>> = { sgd: 0, 'sgd-momentum': 1, adam: 2, adamw: 2 };

export interface TrainingSetup {
  optimizer: Optimizer;
  /** Precision of weights, gradients and activations: float32, or float16/bfloat16 (mixed precision, fp32 master weights). */
  dtype: 'float32' | 'float16' | 'bfloat16';
}

export interface TrainingMemory {
  weights: number;
  gradients: number;
  optimizer: number;
  activations: number;
  peak: number;
  /** The figures per parameter, for the explanation: weight, gradient and optimizer bytes. */
  bytesPerParameter: { weight: number; gradient: number; optimizer: number };
}

/** Bytes; null with the reason when the model is not completely known (a partial sum would be a guess). */
export function trainingMemory(model: ModelResult, setup: TrainingSetup): TrainingMemory | { problem: string } {
  if (!model.complete || model.totals.params === null) return { problem: `${model.name} is not completely known, so its memory is not either` };
  const order = trainingOrder(model);
  if (!order) return { problem: `a figure of ${model.name} is not known, so its memory is not either` };
  const half = setup.dtype !== 'float32';
  const precision = half ? 2 : 4;
  // Mixed precision: the optimizer also keeps the fp32 master weights.
  const optimizerBytes = 4 * STATE_BUFFERS[setup.optimizer] + (half ? 4 : 0);
  const params = model.totals.params;
  const trainable = params - order.frozenParams;
  let kept = 0;
  for (const row of order.rows) kept += row.kept;
  const weights = params * precision;
  const gradients = trainable * precision;
  const optimizer = trainable * optimizerBytes;
  const activations = kept * precision;
  return {
    weights, gradients, optimizer, activations, peak: weights + gradients + optimizer + activations,
    bytesPerParameter: { weight: precision, gradient: precision, optimizer: optimizerBytes },
  };
}

/** Inference: the weights and the largest activation one operation holds, at a dtype. */
export function inferenceMemory(model: ModelResult, dtype: string): { weights: number; activations: number; peak: number } | { problem: string } {
  const peak = peakActivation(model);
  if (peak === null || model.totals.params === null) return { problem: `${model.name} is not completely known, so its memory is not either` };
  const bytes = DTYPE_BYTES[dtype] ?? 4;
  return { weights: model.totals.params * bytes, activations: peak * bytes, peak: (model.totals.params + peak) * bytes };
}
