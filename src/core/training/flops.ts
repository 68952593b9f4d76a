/**
 * Training FLOPs (issue 19): per row, the forward's FLOPs, a backward for the input gradient as large as the
 * forward when a gradient reaches the row, and as much again for the weight gradient when the row has parameters
 * that train (a frozen one gets none). For a layer with weights that is backward ≈ 2× forward, for one without 1×,
 * the usual rule; rows before the first trainable one get no backward at all (./trainable.ts).
 */
import type { ModelResult } from '../results';
import { trainingOrder } from './trainable';

export interface TrainingFlops {
  forward: number;
  backward: number;
  /** Forward + backward for one step at the model's input. */
  perStep: number;
  /** Per epoch, given the dataset size: steps = ceil(dataset / batch). */
  perEpoch?: number;
  steps?: number;
  /** For a transformer: the 6·N·D rule beside ours, with N the trainable parameters and D the tokens a step sees. */
  sixND?: { trainableParams: number; tokens: number; value: number };
}

export function trainingFlops(model: ModelResult, datasetSize?: number): TrainingFlops | { problem: string } {
  const order = model.complete && model.totals.params !== null ? trainingOrder(model) : null;
  if (!order) return { problem: `${model.name} is not completely known, so its training FLOPs are not either` };
  let forward = 0;
  let backward = 0;
  for (const r of order.rows) {
    forward += r.flops;
    // A checkpointed row runs its forward again during backward.
    backward += (r.inputGradient ? r.flops : 0) + (r.weightGradient ? r.flops : 0) + (r.recomputed ? r.flops : 0);
  }
  const out: TrainingFlops = { forward, backward, perStep: forward + backward };
  const batch = model.input[0]?.[0];
  if (datasetSize !== undefined && batch) {
    out.steps = Math.ceil(datasetSize / batch);
    out.perEpoch = out.perStep * out.steps;
  }
  const tokens = transformerTokens(model);
  if (tokens !== undefined) {
    const trainableParams = model.totals.params! - order.frozenParams;
    out.sixND = { trainableParams, tokens, value: 6 * trainableParams * tokens };
  }
  return out;
}

/**
 * The tokens a step sees, for a model that embeds token ids and attends over them (an Embedding and an
 * attention): the elements of its input of token ids (batch × sequence). Undefined for other models.
 */
function transformerTokens(model: ModelResult): number | undefined {
  const embeds = model.layers.some((l) => l.type === 'Embedding');
  const attends = model.layers.some((l) => /MultiheadAttention|Transformer/.test(l.type))
    || model.functional.some((f) => f.op === 'F.scaled_dot_product_attention' || ((f.op === 'matmul' || f.op === '@') && f.outputShape.length >= 3));
  const ids = model.input[0];
  return embeds && attends && ids && ids.length === 2 ? ids[0] * ids[1] : undefined;
}
