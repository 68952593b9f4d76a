/**
 * A 2-D convolution's Mult-Adds in MobileNet's symbols (D_K the kernel, M input and N output channels, D_F the
 * output's side), with the numbers filled in: what a hover card shows under the figures. One rule for PyTorch's
 * and Keras's convolutions, whose catalogs each read their own arguments and layout into it.
 */
import { exact } from '../values/format';
import type { Formula } from '../values/spec';

export interface ConvFormulaInput {
  /** Kernel height and width. */
  kernel: [number, number];
  /** Input channels (M) and output channels (N). */
  inC: number;
  outC: number;
  groups: number;
  batch: number;
  /** The output's height and width. */
  outH: number;
  outW: number;
}

/** Standard, depthwise (with the depthwise-separable saving) or grouped (÷g); the batch shown when it is not 1. */
export function convFormula(c: ConvFormulaInput): Formula {
  const [K0, K1] = c.kernel;
  const { inC: M, outC: N, groups: G, batch, outH: h, outW: w } = c;
  const b = batch > 1 ? { symbol: 'B·', number: `${batch}·` } : { symbol: '', number: '' };
  const df = h === w ? 'D_F·D_F' : 'H·W';
  const spatial = `${h}·${w}`;
  const total = (perPosition: number) => exact(batch * h * w * perPosition);
  if (G === M && M === N && G > 1) {
    return {
      symbols: `${b.symbol}D_K·D_K·M·${df}`,
      numbers: `${b.number}${K0}·${K1}·${M}·${spatial} = ${total(K0 * K1 * M)}`,
      notes: [`depthwise: one filter per channel; followed by a 1×1 conv to N channels, the pair costs 1/N + 1/D_K² = 1/N + 1/${K0 * K1} of a standard ${K0}×${K1} conv`],
    };
  }
  if (G > 1) {
    return {
      symbols: `${b.symbol}D_K·D_K·(M/g)·N·${df}`,
      numbers: `${b.number}${K0}·${K1}·(${M}/${G})·${N}·${spatial} = ${total(K0 * K1 * (M / G) * N)}`,
      notes: [`grouped: each of the ${G} groups sees ${M / G} input channels, so ÷${G} of a standard conv`],
    };
  }
  return { symbols: `${b.symbol}D_K·D_K·M·N·${df}`, numbers: `${b.number}${K0}·${K1}·${M}·${N}·${spatial} = ${total(K0 * K1 * M * N)}`, notes: [] };
}

/**
 * A depthwise-separable convolution as one layer (Keras's SeparableConv2D): MobileNet's D_K·D_K·M·D_F² + M·N·D_F²,
 * and its share of a standard convolution's cost.
 */
export function separableFormula(c: Omit<ConvFormulaInput, 'groups'>): Formula {
  const [K0, K1] = c.kernel;
  const { inC: M, outC: N, batch, outH: h, outW: w } = c;
  const b = batch > 1 ? { symbol: 'B·', number: `${batch}·` } : { symbol: '', number: '' };
  const df = h === w ? 'D_F·D_F' : 'H·W';
  const spatial = `${h}·${w}`;
  return {
    symbols: `${b.symbol}(D_K·D_K·M·${df} + M·N·${df})`,
    numbers: `${b.number}(${K0}·${K1}·${M}·${spatial} + ${M}·${N}·${spatial}) = ${exact(batch * h * w * (K0 * K1 * M + M * N))}`,
    notes: [`depthwise then pointwise: 1/N + 1/D_K² = 1/${N} + 1/${K0 * K1} of a standard ${K0}×${K1} conv's cost`],
  };
}
