/** RNN, LSTM, GRU and their cells. */
import * as S from '../../values/symbolic';
import { n, type ArgReader } from '../../values/argReader';
import { LayerError, type AnyLayerSpec, type LayerSpec, type ParamSpec, type Shape } from '../../values/spec';
import { int, NONE } from '../../values/value';
import { fmt } from './shapes';

const TRUE = { kind: 'bool' as const, value: true };
const FALSE = { kind: 'bool' as const, value: false };
// device and dtype are ordinary trailing parameters in PyTorch's signatures (positional allowed).
const kw = (name: string): ParamSpec => ({ name, default: NONE });

type Mode = 'RNN' | 'LSTM' | 'GRU';
const GATES: Record<Mode, number> = { RNN: 1, LSTM: 4, GRU: 3 };

interface RnnConfig {
  mode: Mode;
  input: S.Sym;
  hidden: S.Sym;
  layers: S.Sym;
  bias: S.Sym;
  batchFirst: S.Sym;
  directions: S.Sym;
  proj: S.Sym;
}

function signature(mode: Mode): ParamSpec[] {
  return [
    { name: 'input_size' }, { name: 'hidden_size' }, { name: 'num_layers', default: int(1) },
    ...(mode === 'RNN' ? [{ name: 'nonlinearity', default: { kind: 'str' as const, value: 'tanh' } }] : []),
    { name: 'bias', default: TRUE }, { name: 'batch_first', default: FALSE },
    { name: 'dropout', default: { kind: 'float', value: 0 } }, { name: 'bidirectional', default: FALSE },
    ...(mode === 'LSTM' ? [{ name: 'proj_size', default: int(0) }] : []),
    kw('device'), kw('dtype'),
  ];
}

function configure(mode: Mode, a: ArgReader): RnnConfig {
  const hidden = a.int('hidden_size', { min: 1 });
  const proj = mode === 'LSTM' ? a.int('proj_size', { min: 0 }) : 0;
  if (typeof proj === 'number' && typeof hidden === 'number' && proj >= hidden && proj > 0) {
    a.error(`LSTM: proj_size (${proj}) has to be smaller than hidden_size (${hidden})`, 'proj_size');
  }
  if (mode === 'RNN') a.choice('nonlinearity', ['tanh', 'relu'] as const);
  a.float('dropout', { min: 0, max: 1 });
  return {
    mode, hidden, proj,
    input: a.int('input_size', { min: 1 }),
    layers: a.int('num_layers', { min: 1 }),
    bias: a.flag('bias'),
    batchFirst: a.flag('batch_first'),
    directions: S.add(1, a.flag('bidirectional')),
  };
}

/** Per layer and direction: gates·h·(in_l + R) weights, 2·gates·h biases, h·proj projection. */
function params(c: RnnConfig): S.Sym {
  const g = GATES[c.mode];
  const R = typeof c.proj === 'number' && c.proj === 0 ? c.hidden : c.proj;
  const perDir = (inSize: S.Sym) =>
    S.sum([S.mul(g, S.mul(c.hidden, S.add(inSize, R))), S.mul(c.bias, S.mul(2 * g, c.hidden)), typeof c.proj === 'number' && c.proj === 0 ? 0 : S.mul(c.hidden, c.proj)]);
  const first = perDir(c.input);
  const rest = S.mul(S.add(c.layers, -1), perDir(S.mul(R, c.directions)));
  return S.mul(c.directions, S.add(first, rest));
}

function forward(c: RnnConfig, inputs: Shape[]) {
  const x = inputs[0];
  const name = c.mode;
  if (x.length !== 2 && x.length !== 3) throw new LayerError(`${name} expects a 2D (unbatched) or 3D input, got ${fmt(x)}`);
  const batched = x.length === 3;
  const bf = n(c.batchFirst) === 1;
  const [T, N] = !batched ? [x[0], 1] : bf ? [x[1], x[0]] : [x[0], x[1]];
  const inSize = n(c.input);
  if (x[x.length - 1] !== inSize) {
    throw new LayerError(`${name} expects input_size ${inSize} but the input ${fmt(x)} has ${x[x.length - 1]} features`, 'input_size', { input: 0, shape: [...x.slice(0, -1), inSize] });
  }
  const h = n(c.hidden);
  const p = n(c.proj);
  const R = p > 0 ? p : h;
  const D = n(c.directions);
  const L = n(c.layers);
  const g = GATES[c.mode];
  let multAdds = 0;
  for (let l = 0; l < L; l++) {
    const inL = l === 0 ? inSize : R * D;
    multAdds += D * T * N * (g * (inL * h + R * h) + (p > 0 ? h * p : 0));
  }
  const seq = (feat: number) => (!batched ? [T, feat] : bf ? [N, T, feat] : [T, N, feat]);
  const state = (feat: number) => (batched ? [D * L, N, feat] : [D * L, feat]);
  const outputs = [seq(D * R), state(R)];
  if (c.mode === 'LSTM') outputs.push(state(h));
  // h_n's last layer is what the output holds at its last step in each direction.
  return { outputs, multAdds, otherOps: 0, repeated: D * N * R };
}

function rnnSpec(mode: Mode): LayerSpec<RnnConfig> {
  return {
    name: mode,
    category: 'rnn',
    notes: 'lstm',
    // (output, h_n), or for an LSTM (output, (h_n, c_n))
    pack: (_c, outputs) => (outputs.length === 3 ? [0, [1, 2]] : [0, 1]),
    describe: (c) => `${mode}, input ${S.format(c.input)}, hidden ${S.format(c.hidden)}${S.format(c.layers) !== '1' ? `, ${S.format(c.layers)} layers` : ''}${S.format(c.directions) === '2' ? ', bidirectional' : ''}`,
    signature: signature(mode),
    configure: (a) => configure(mode, a),
    params,
    defaultInput: (c, d) => [n(c.batchFirst) ? [d.batch, d.sequenceLength, n(c.input)] : [d.sequenceLength, d.batch, n(c.input)]],
    forward,
    facts: (c) => ([c.hidden, c.layers, c.directions, c.bias, c.batchFirst, c.proj].every((x) => typeof x === 'number')
      ? { rnn: { hidden: n(c.hidden), layers: n(c.layers), bidirectional: n(c.directions) === 2, bias: n(c.bias) === 1, batchFirst: n(c.batchFirst) === 1, proj: n(c.proj) } }
      : undefined),
  };
}

interface CellConfig { mode: Mode; input: S.Sym; hidden: S.Sym; bias: S.Sym }

function cellSpec(mode: Mode): LayerSpec<CellConfig> {
  const name = `${mode}Cell`;
  const g = GATES[mode];
  return {
    name,
    category: 'rnn',
    notes: 'lstm',
    describe: (c) => `${name}, input ${S.format(c.input)}, hidden ${S.format(c.hidden)}`,
    // h', or for an LSTMCell (h', c')
    pack: (_c, outputs) => (outputs.length === 1 ? 0 : outputs.map((_, i) => i)),
    signature: [
      { name: 'input_size' }, { name: 'hidden_size' }, { name: 'bias', default: TRUE },
      ...(mode === 'RNN' ? [{ name: 'nonlinearity', default: { kind: 'str' as const, value: 'tanh' } }] : []),
      kw('device'), kw('dtype'),
    ],
    configure(a) {
      if (mode === 'RNN') a.choice('nonlinearity', ['tanh', 'relu'] as const);
      return { mode, input: a.int('input_size', { min: 1 }), hidden: a.int('hidden_size', { min: 1 }), bias: a.flag('bias') };
    },
    params: (c) => S.add(S.mul(g, S.mul(c.hidden, S.add(c.input, c.hidden))), S.mul(c.bias, S.mul(2 * g, c.hidden))),
    defaultInput: (c, d) => [[d.batch, n(c.input)]],
    forward(c, inputs) {
      const x = inputs[0];
      if (x.length !== 1 && x.length !== 2) throw new LayerError(`${name} expects a 1D or 2D input, got ${fmt(x)}`);
      const inSize = n(c.input);
      if (x[x.length - 1] !== inSize) throw new LayerError(`${name} expects input_size ${inSize} but the input ${fmt(x)} has ${x[x.length - 1]} features`, 'input_size');
      const N = x.length === 2 ? x[0] : 1;
      const h = n(c.hidden);
      const out = x.length === 2 ? [N, h] : [h];
      return { outputs: mode === 'LSTM' ? [out, out] : [out], multAdds: N * g * (inSize * h + h * h), otherOps: 0 };
    },
  };
}

export const rnnSpecs: AnyLayerSpec[] = [rnnSpec('RNN'), rnnSpec('LSTM'), rnnSpec('GRU'), cellSpec('RNN'), cellSpec('LSTM'), cellSpec('GRU')];
