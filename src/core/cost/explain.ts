/**
 * A layer call in words and its Mult-Adds formula with the user's numbers filled in, for hover cards.
 * Plain data from results: no vscode, the same text anywhere.
 */
import type { CallResult } from '../results';
import { exact } from './format';

const arg = (c: CallResult, name: string) => c.arguments.find((a) => a.name === name)?.value;

/** `3×3 depthwise conv, 144 channels, stride 2`. */
export function describeCall(c: CallResult): string {
  // The words come from PyTorch's arguments; a Keras layer's call is named by its type.
  if (c.framework !== 'torch') return c.type;
  if (c.category === 'conv' || c.category === 'convtranspose') {
    const k = kernelText(arg(c, 'kernel_size'));
    const cin = arg(c, 'in_channels');
    const cout = arg(c, 'out_channels');
    const g = arg(c, 'groups') ?? '1';
    const stride = arg(c, 'stride');
    const kind = c.category === 'convtranspose' ? 'transposed conv' : g !== '1' && g === cin && cin === cout ? 'depthwise conv' : g !== '1' ? `grouped conv (${g} groups)` : k === '1×1' ? 'pointwise conv' : 'conv';
    const channels = kind === 'depthwise conv' ? `${cin} channels` : `${cin} → ${cout} channels`;
    const strideText = stride && stride !== '1' && stride !== '(1, 1)' ? `, stride ${stride.replace(/[()]/g, '').split(', ')[0]}` : '';
    return `${k} ${kind}, ${channels}${strideText}`;
  }
  if (c.type === 'Linear') return `fully connected, ${arg(c, 'in_features')} → ${arg(c, 'out_features')} features`;
  if (c.category === 'rnn') return `${c.type}, input ${arg(c, 'input_size')}, hidden ${arg(c, 'hidden_size')}${arg(c, 'num_layers') && arg(c, 'num_layers') !== '1' ? `, ${arg(c, 'num_layers')} layers` : ''}${arg(c, 'bidirectional') === 'True' ? ', bidirectional' : ''}`;
  if (c.category === 'norm') return `${c.type} normalization`;
  if (c.category === 'pool') return `${c.type.replace(/(\d)d$/, '$1D')} pooling`;
  return c.type;
}

function kernelText(k: string | undefined): string {
  if (!k) return '';
  const parts = k.replace(/[()\s]/g, '').split(',').filter(Boolean);
  return parts.length === 1 ? `${parts[0]}×${parts[0]}` : parts.join('×');
}

export interface Formula {
  /** The formula in symbols, e.g. `D_K·D_K·M·N·D_F·D_F`. */
  symbols: string;
  /** With the numbers: `3·3·64·64·56·56 = 115,605,504`. */
  numbers: string;
  /** Further lines: the depthwise saving, the ÷g. */
  notes: string[];
}

/**
 * The Mult-Adds formula of conv and linear calls, with the numbers of their first call (the batch when it is not 1)
 * and, when the line is called more than once, the total over its calls; undefined for other layers.
 */
export function multAddsFormula(c: CallResult): Formula | undefined {
  // PyTorch's layout and arguments (channels first, kernel_size, groups); Keras's layers have their figures only.
  if (c.framework !== 'torch') return undefined;
  if (c.multAdds === null || !c.outputShape || !c.inputShape) return undefined;
  const calls = c.callCount > 1 ? [`${c.callCount} calls: ${exact(c.multAdds)} in all`] : [];
  if (c.category === 'conv' && c.outputShape.length === 4) {
    const [batch, cin] = c.inputShape;
    const [, cout, h, w] = c.outputShape;
    const k = kernelText(arg(c, 'kernel_size')).split('×').map(Number);
    const g = Number(arg(c, 'groups') ?? 1);
    if (!k.every(Number.isInteger) || !Number.isInteger(g) || g < 1) return undefined;
    const b = batch > 1 ? { symbol: 'B·', number: `${batch}·` } : { symbol: '', number: '' };
    const df = h === w ? `D_F·D_F` : 'H·W';
    const spatial = `${h}·${w}`;
    const one = (perPosition: number) => exact(batch * h * w * perPosition);
    if (g === cin && g === cout && g > 1) {
      // Depthwise: D_K·D_K·M·D_F·D_F; with a following 1×1 to N channels the pair costs 1/N + 1/D_K² of a standard conv.
      return {
        symbols: `${b.symbol}D_K·D_K·M·${df}`,
        numbers: `${b.number}${k[0]}·${k[1]}·${cin}·${spatial} = ${one(k[0] * k[1] * cin)}`,
        notes: [`depthwise: one filter per channel; followed by a 1×1 conv to N channels, the pair costs 1/N + 1/D_K² = 1/N + 1/${k[0] * k[1]} of a standard ${k[0]}×${k[1]} conv`, ...calls],
      };
    }
    if (g > 1) {
      return {
        symbols: `${b.symbol}D_K·D_K·(M/g)·N·${df}`,
        numbers: `${b.number}${k[0]}·${k[1]}·(${cin}/${g})·${cout}·${spatial} = ${one(k[0] * k[1] * (cin / g) * cout)}`,
        notes: [`grouped: each of the ${g} groups sees ${cin / g} input channels, so ÷${g} of a standard conv`, ...calls],
      };
    }
    return { symbols: `${b.symbol}D_K·D_K·M·N·${df}`, numbers: `${b.number}${k[0]}·${k[1]}·${cin}·${cout}·${spatial} = ${one(k[0] * k[1] * cin * cout)}`, notes: calls };
  }
  if (c.type === 'Linear') {
    const rows = c.outputShape.slice(0, -1).reduce((a, x) => a * x, 1);
    const fin = c.inputShape[c.inputShape.length - 1];
    const fout = c.outputShape[c.outputShape.length - 1];
    return { symbols: 'rows·in·out', numbers: `${rows}·${fin}·${fout} = ${exact(rows * fin * fout)}`, notes: calls };
  }
  return undefined;
}
