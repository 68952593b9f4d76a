/** Conv1d/2d/3d and ConvTranspose1d/2d/3d. */
import * as S from '../../values/symbolic';
import { n, ns, type ArgReader } from '../../values/argReader';
import { type Formula, LayerError, type LayerSpec, type ParamSpec, type Shape } from '../../values/spec';
import { convFormula } from '../convFormula';
import { int, NONE } from '../../values/value';
import { checkPositive, fmt, numel, spatialInput, withSpatial } from './shapes';

interface ConvConfig {
  dims: number;
  inC: S.Sym;
  outC: S.Sym;
  kernel: S.Sym[];
  stride: S.Sym[];
  /** Explicit padding, or 'same' / 'valid'. */
  padding: S.Sym[] | 'same' | 'valid';
  dilation: S.Sym[];
  outputPadding: S.Sym[];
  groups: S.Sym;
  bias: S.Sym;
  transposed: boolean;
}

const str = (value: string) => ({ kind: 'str' as const, value });
// device and dtype are ordinary trailing parameters in PyTorch's signatures (positional allowed).
const kw = (name: string): ParamSpec => ({ name, default: NONE });

const CONV_SIGNATURE: ParamSpec[] = [
  { name: 'in_channels' }, { name: 'out_channels' }, { name: 'kernel_size' },
  { name: 'stride', default: int(1) }, { name: 'padding', default: int(0) }, { name: 'dilation', default: int(1) },
  { name: 'groups', default: int(1) }, { name: 'bias', default: { kind: 'bool', value: true } },
  { name: 'padding_mode', default: str('zeros') }, kw('device'), kw('dtype'),
];

const CONV_T_SIGNATURE: ParamSpec[] = [
  { name: 'in_channels' }, { name: 'out_channels' }, { name: 'kernel_size' },
  { name: 'stride', default: int(1) }, { name: 'padding', default: int(0) }, { name: 'output_padding', default: int(0) },
  { name: 'groups', default: int(1) }, { name: 'bias', default: { kind: 'bool', value: true } },
  { name: 'dilation', default: int(1) }, { name: 'padding_mode', default: str('zeros') }, kw('device'), kw('dtype'),
];

function configure(a: ArgReader, dims: number, transposed: boolean): ConvConfig {
  const inC = a.int('in_channels', { min: 1 });
  const outC = a.int('out_channels', { min: 1 });
  const groups = a.int('groups', { min: 1 });
  if (typeof groups === 'number' && groups > 0) {
    if (typeof inC === 'number' && inC % groups !== 0) a.error(`${a.layer}: in_channels (${inC}) must be divisible by groups (${groups})`, 'groups');
    if (typeof outC === 'number' && outC % groups !== 0) a.error(`${a.layer}: out_channels (${outC}) must be divisible by groups (${groups})`, 'groups');
  }
  const kernel = a.ints('kernel_size', dims, { min: 1 });
  const stride = a.ints('stride', dims, { min: 1 });
  const dilation = a.ints('dilation', dims, { min: 1 });
  const modes = transposed ? (['zeros'] as const) : (['zeros', 'reflect', 'replicate', 'circular'] as const);
  a.choice('padding_mode', modes);
  let padding: ConvConfig['padding'];
  const pv = a.value('padding');
  if (pv.kind === 'str' && !transposed) {
    padding = a.choice('padding', ['same', 'valid'] as const) ?? 'valid';
    if (padding === 'same' && stride.some((s) => s !== 1)) {
      a.error(`${a.layer}: padding='same' is not supported for strided convolutions`, 'padding');
    }
  } else {
    padding = a.ints('padding', dims, { min: 0 });
  }
  const outputPadding = transposed ? a.ints('output_padding', dims, { min: 0 }) : Array(dims).fill(0);
  return { dims, inC, outC, kernel, stride, padding, dilation, outputPadding, groups, bias: a.flag('bias'), transposed };
}

/** weight: C_out·(C_in/g)·prod(k) (ConvTranspose: C_in·(C_out/g)·prod(k)); bias: C_out. */
function params(c: ConvConfig): S.Sym {
  const [a, b] = c.transposed ? [c.inC, c.outC] : [c.outC, c.inC];
  const weight = S.mul(S.mul(a, S.div(b, c.groups)), S.prod(c.kernel));
  return S.add(weight, S.mul(c.bias, c.outC));
}

/** Total padding per spatial dim; for 'same' PyTorch pads d·(k − 1) in all. */
function paddingTotal(c: ConvConfig): number[] {
  const k = ns(c.kernel);
  const d = ns(c.dilation);
  if (c.padding === 'valid') return k.map(() => 0);
  if (c.padding === 'same') return k.map((ki, i) => d[i] * (ki - 1));
  return ns(c.padding).map((x) => 2 * x);
}

function forward(c: ConvConfig, name: string, inputs: Shape[]) {
  const inp = spatialInput(name, inputs[0], c.dims);
  const inC = n(c.inC);
  const outC = n(c.outC);
  const g = n(c.groups);
  const k = ns(c.kernel);
  const s = ns(c.stride);
  const d = ns(c.dilation);
  if (inp.channels !== inC) {
    throw new LayerError(
      `${name} expects ${inC} input channels but the input ${fmt(inputs[0])} has ${inp.channels}` +
        (g > 1 ? ` (groups=${g})` : ''),
      'in_channels',
      { input: 0, shape: withSpatial(inp, inC, inp.spatial) },
    );
  }
  let out: number[];
  if (c.transposed) {
    const p = ns(c.padding as S.Sym[]);
    const op = ns(c.outputPadding);
    op.forEach((o, i) => {
      if (o >= s[i] && o >= d[i]) {
        throw new LayerError(`${name}: output_padding (${o}) must be smaller than either stride (${s[i]}) or dilation (${d[i]})`, 'output_padding');
      }
    });
    out = inp.spatial.map((L, i) => (L - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1);
    checkPositive(name, 'output', out, `input ${fmt(inputs[0])}`);
  } else {
    const total = paddingTotal(c);
    const padded = inp.spatial.map((L, i) => L + total[i]);
    const eff = k.map((ki, i) => d[i] * (ki - 1) + 1);
    if (padded.some((P, i) => P < eff[i])) {
      throw new LayerError(
        `${name}: kernel ${fmt(eff)}${d.some((x) => x > 1) ? ' (dilated)' : ''} is larger than the padded input ${fmt(padded)} ` +
          `(input ${fmt(inputs[0])})`,
        'kernel_size',
      );
    }
    out = padded.map((P, i) => Math.floor((P - eff[i]) / s[i]) + 1);
  }
  const outShape = withSpatial(inp, outC, out);
  const kk = numel(k);
  // Conv: every output element takes (C_in/g)·prod(k) multiply-adds; ConvTranspose: every input element scatters (C_out/g)·prod(k).
  const multAdds = c.transposed ? numel(inputs[0]) * (outC / g) * kk : numel(outShape) * (inC / g) * kk;
  return { outputs: [outShape], multAdds, otherOps: 0 };
}

function defaultInput(c: ConvConfig, d: { batch: number; imageSize: number }): Shape[] {
  const spatial = c.dims === 3 ? [16, 112, 112] : Array(c.dims).fill(d.imageSize);
  return [[d.batch, n(c.inC), ...spatial]];
}

/** Depthwise (one filter per channel), grouped, or dense, as the arguments say (symbols compared as written). */
function kind(c: ConvConfig): 'depthwise' | 'grouped' | 'dense' {
  const [g, cin, cout] = [c.groups, c.inC, c.outC].map(S.format);
  if (g === '1') return 'dense';
  return g === cin && cin === cout ? 'depthwise' : 'grouped';
}

function describe(c: ConvConfig): string {
  const k = c.kernel.map(S.format).join('×');
  const [g, cin, cout] = [c.groups, c.inC, c.outC].map(S.format);
  const what = kind(c);
  const name = c.transposed ? 'transposed conv' : what === 'depthwise' ? 'depthwise conv' : what === 'grouped' ? `grouped conv (${g} groups)` : c.kernel.every((x) => x === 1) ? 'pointwise conv' : 'conv';
  const channels = what === 'depthwise' && !c.transposed ? `${cin} channels` : `${cin} → ${cout} channels`;
  const stride = S.format(c.stride[0]);
  return `${k} ${name}, ${channels}${stride !== '1' ? `, stride ${stride}` : ''}`;
}

/**
 * The 2-D convolution's formula in MobileNet's symbols (D_K kernel, M in and N out channels, D_F the output's
 * size), with the batch when it is not 1: standard, depthwise (with the depthwise-separable saving) or grouped (÷g).
 */
function formula(c: ConvConfig, inputs: Shape[], outputs: Shape[]): Formula | undefined {
  const [input, output] = [inputs[0], outputs[0]];
  const [k0, k1] = c.kernel;
  const [g, cin, cout] = [c.groups, c.inC, c.outC];
  if (c.transposed || c.dims !== 2 || !input || !output || output.length !== 4 || [k0, k1, g, cin, cout].some((x) => typeof x !== 'number')) return undefined;
  return convFormula({ kernel: [k0, k1] as [number, number], inC: cin as number, outC: cout as number, groups: g as number, batch: input[0], outH: output[2], outW: output[3] });
}

/** Kernel and groups, when every one is a known number. */
function facts(c: ConvConfig): { kernel: number[]; groups: number } | undefined {
  return c.kernel.every((k) => typeof k === 'number') && typeof c.groups === 'number' ? { kernel: c.kernel as number[], groups: c.groups } : undefined;
}

function convSpec(dims: number, transposed: boolean): LayerSpec<ConvConfig> {
  const name = `${transposed ? 'ConvTranspose' : 'Conv'}${dims}d`;
  return {
    name,
    category: transposed ? 'convtranspose' : 'conv',
    signature: transposed ? CONV_T_SIGNATURE : CONV_SIGNATURE,
    // A depthwise conv is MobileNet's, a grouped one the notes' group convolution.
    notes: (c) => (transposed ? 'convolution' : { depthwise: 'mobilenet', grouped: 'group-convolution', dense: 'convolution' }[kind(c)]),
    topics: transposed || dims !== 2 ? ['convolution'] : ['convolution', 'mobilenet', 'group-convolution'],
    configure: (a) => configure(a, dims, transposed),
    // Forward reads stride, padding, dilation (and output_padding) again; the weight fixes the channels and the
    // kernel. A new groups re-reads the weight's channels differently: not modelled.
    mutability: { fixed: ['in_channels', 'out_channels', 'kernel_size', 'bias', 'device', 'dtype'], notFollowed: ['groups'] },
    params,
    defaultInput,
    forward: (c, inputs) => forward(c, name, inputs),
    describe,
    formula,
    facts,
    parameterShapes: (c) => {
      const [a, b, g] = [c.inC, c.outC, c.groups];
      if ([a, b, g, ...c.kernel].some((x) => typeof x !== 'number')) return undefined;
      const [inC, outC, G] = [a, b, g] as number[];
      const weight = transposed ? [inC, outC / G, ...(c.kernel as number[])] : [outC, inC / G, ...(c.kernel as number[])];
      const out: Record<string, Shape> = { weight };
      if (c.bias !== 0) out.bias = [outC];
      return out;
    },
    // PyTorch keeps these as tuples, whatever the code wrote (3 → (3, 3)).
    attributes: (c) => {
      const t = (xs: S.Sym[]) => ({ kind: 'tuple' as const, items: xs.map((x) => (typeof x === 'number' ? int(x) : { kind: 'opaque' as const, reason: S.format(x) })) });
      return {
        kernel_size: t(c.kernel), stride: t(c.stride), dilation: t(c.dilation), ...(transposed ? { output_padding: t(c.outputPadding) } : {}),
        ...(Array.isArray(c.padding) ? { padding: t(c.padding) } : {}),
      };
    },
  };
}

export const convSpecs: LayerSpec<ConvConfig>[] = [1, 2, 3].flatMap((d) => [convSpec(d, false), convSpec(d, true)]);
