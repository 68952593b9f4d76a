import type { ModelResult } from '../results';

/**
 * Peak activation memory, in elements: the most activation data one operation reads and writes, its inputs plus
 * its output, over every layer call and functional operation of forward. It is what a layer-by-layer runtime
 * must hold at once at least (tensors kept for later, such as a residual branch's input, come on top), the
 * figure TinyML work budgets against on-chip memory.
 */
export function peakActivation(model: ModelResult): number | null {
  if (!model.complete) return null;
  let peak = 0;
  const elements = (s: number[]) => s.reduce((a, d) => a * d, 1);
  for (const l of model.layers) peak = Math.max(peak, l.inputShapes.reduce((a, s) => a + elements(s), 0) + l.outputShapes.reduce((a, s) => a + elements(s), 0));
  for (const f of model.functional) peak = Math.max(peak, f.inputShapes.reduce((a, s) => a + elements(s), 0) + elements(f.outputShape));
  for (const s of model.input) peak = Math.max(peak, elements(s));
  return peak;
}
