/**
 * A model's rows in execution order (layer calls and functional operations interleaved), with what training does
 * at each: whether a gradient reaches it, whether it has weights to train, what it keeps for backward. One place
 * for the rule that memory (./memory.ts) and training FLOPs (./flops.ts) both follow:
 *
 * autograd records an operation only when one of its inputs requires a gradient. So nothing before the first row
 * with a trainable parameter is recorded (a frozen backbone's forward keeps nothing and gets no backward), that
 * row keeps its input (for its weight gradient), and every row from it on keeps its output and gets a backward.
 * Views make no tensor and keep nothing. A region run under activation checkpointing (torch.utils.checkpoint)
 * keeps only its input, and runs its forward again during backward. (In a graph with branches, "before" is
 * execution order: a trainable layer on a branch that ran earlier counts as before; the rule is exact for chains.)
 */
import { numel as shapeNumel } from '../catalog/torch/shapes';
import type { ModelLayer, ModelResult } from '../results';

export interface TrainingRow {
  name: string;
  line: number;
  file: string;
  /** Forward FLOPs (2 × Mult-Adds). */
  flops: number;
  /** A gradient flows into this row's inputs (a trainable row ran before it). */
  inputGradient: boolean;
  /** It has parameters that train: its weight gradient is computed. */
  weightGradient: boolean;
  /** Elements it keeps for backward (its output; the first trainable row its input too; in a checkpointed region, its input only). */
  kept: number;
  /** Its forward runs again during backward (it is in a checkpointed region that gets a backward). */
  recomputed: boolean;
}

export interface TrainingOrder {
  rows: TrainingRow[];
  /** Parameters frozen by the code (no gradient, no optimizer state). */
  frozenParams: number;
}


/** The rows of a complete model in execution order, or null when a figure is not known. */
export function trainingOrder(model: ModelResult): TrainingOrder | null {
  type Pending = Omit<TrainingRow, 'inputGradient' | 'weightGradient' | 'kept' | 'recomputed'> & { trainable: boolean; outputs: number; inputs: number; checkpoint?: number };
  const ordered: { layer?: ModelLayer; row: Pending }[] = [];
  const functional = [...model.functional].sort((a, b) => a.afterLayers - b.afterLayers);
  let f = 0;
  const pushFunctional = (upTo: number) => {
    for (; f < functional.length && functional[f].afterLayers <= upTo; f++) {
      const o = functional[f];
      if (o.flops === null || o.memoryAccessCost === null) return false;
      // A view moves no data (MAC 0): no new tensor.
      const outputs = o.memoryAccessCost === 0 ? 0 : shapeNumel(o.outputShape);
      const inputs = o.inputShapes.reduce((a, sh) => a + shapeNumel(sh), 0);
      ordered.push({ row: { name: o.path ? `${o.path}: ${o.op}` : o.op, line: o.line, file: o.file, flops: o.flops, trainable: false, outputs, inputs, checkpoint: o.checkpoint } });
    }
    return true;
  };
  for (let i = 0; i < model.layers.length; i++) {
    if (!pushFunctional(i)) return null;
    const l = model.layers[i];
    if (l.flops === null) return null;
    ordered.push({
      layer: l,
      row: {
        name: l.path, line: l.line, file: l.file, flops: l.flops, trainable: l.params - (l.frozenParams ?? 0) > 0,
        outputs: l.outputShapes.reduce((a, s) => a + shapeNumel(s), 0), inputs: l.inputShapes.reduce((a, s) => a + shapeNumel(s), 0), checkpoint: l.checkpoint,
      },
    });
  }
  if (!pushFunctional(Infinity)) return null;
  // A checkpointed region gets a gradient when a trainable row is before it or in it.
  const trainableIn = new Set(ordered.filter(({ row }) => row.checkpoint && row.trainable).map(({ row }) => row.checkpoint));
  let gradient = false;
  const regionsSeen = new Set<number>();
  const lastOf = new Map<number, number>();
  ordered.forEach(({ row }, i) => row.checkpoint !== undefined && lastOf.set(row.checkpoint, i));
  const rows = ordered.map(({ row }, i) => {
    const first = !gradient && row.trainable;
    const region = row.checkpoint;
    const needed = gradient || row.trainable || (region !== undefined && trainableIn.has(region));
    let kept: number;
    if (region !== undefined) {
      // The region keeps its input (its first row's inputs) and its output (its last row's, which the next operation
      // keeps for its own backward), and nothing inside it.
      kept = needed ? (regionsSeen.has(region) ? 0 : row.inputs) + (lastOf.get(region) === i ? row.outputs : 0) : 0;
      regionsSeen.add(region);
    } else kept = gradient || row.trainable ? row.outputs + (first ? row.inputs : 0) : 0;
    const out: TrainingRow = {
      name: row.name, line: row.line, file: row.file, flops: row.flops, inputGradient: gradient, weightGradient: row.trainable, kept,
      recomputed: region !== undefined && needed,
    };
    gradient ||= row.trainable;
    return out;
  });
  return { rows, frozenParams: model.totals.frozenParams ?? 0 };
}
