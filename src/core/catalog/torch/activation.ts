/** Element-wise activations (and the softmax family): same shape out, one cheap op per output element. */
import * as S from '../../values/symbolic';
import { n, type ArgReader } from '../../values/argReader';
import { LayerError, type AnyLayerSpec, type LayerSpec, type ParamSpec, type Shape } from '../../values/spec';
import { int, NONE, type RValue } from '../../values/value';
import { dimIndex, fmt, numel } from './shapes';

const FALSE: RValue = { kind: 'bool', value: false };
const float = (value: number): RValue => ({ kind: 'float', value });
const str = (value: string): RValue => ({ kind: 'str', value });
const INPLACE: ParamSpec = { name: 'inplace', default: FALSE };

const elementwise = (x: Shape) => ({ outputs: [x], multAdds: 0, otherOps: numel(x) });

/** An activation whose arguments do not change shapes or params (`fn`: its functional form, `F.relu`). */
function act(name: string, signature: ParamSpec[], check?: (a: ArgReader) => void, fn?: string): LayerSpec<null> {
  return {
    name,
    category: 'activation',
    ...(fn ? { functional: [{ name: fn }] } : {}),
    // ReLU6 bounds MobileNet V2's activations, a sigmoid gates an SE block; the others have no section of their own.
    ...(name === 'ReLU6' ? { notes: 'mobilenet-v2' } : name === 'Sigmoid' ? { topics: ['senet'] } : {}),
    signature,
    configure: (a) => {
      check?.(a);
      return null;
    },
    params: () => 0,
    defaultInput: (_c, d) => [[d.batch, d.channels, d.imageSize, d.imageSize]],
    forward: (_c, [x]) => elementwise(x),
  };
}

const softmaxLike = (name: string, fn?: string) => ({
  ...act(name, [{ name: 'dim', default: NONE }], (a) => {
    if (!a.isNone('dim')) a.int('dim');
  }),
  ...(fn ? { functional: [{ name: fn, positional: ['dim'] }] } : {}),
});

const prelu: LayerSpec<{ count: S.Sym }> = {
  name: 'PReLU',
  category: 'activation',
  signature: [{ name: 'num_parameters', default: int(1) }, { name: 'init', default: float(0.25) }, { name: 'device', default: NONE }, { name: 'dtype', default: NONE }],
  configure: (a) => ({ count: a.int('num_parameters', { min: 1 }) }),
  params: (c) => c.count,
  defaultInput: (c, d) => [[d.batch, n(c.count) > 1 ? n(c.count) : d.channels, d.imageSize, d.imageSize]],
  forward(c, [x]) {
    const k = n(c.count);
    // One slope per channel: dim 1, or dim 0 of a 1D input.
    const channels = x.length >= 2 ? x[1] : x[0];
    if (k > 1 && channels !== k) {
      throw new LayerError(`PReLU has ${k} parameters (num_parameters) but the input ${fmt(x)} has ${channels} channels`, 'num_parameters', { outputs: [x] });
    }
    return elementwise(x);
  },
};

const glu: LayerSpec<{ dim: S.Sym }> = {
  name: 'GLU',
  category: 'activation',
  signature: [{ name: 'dim', default: int(-1) }],
  configure: (a) => ({ dim: a.int('dim') }),
  params: () => 0,
  // F.glu(input, dim=-1).
  functional: [{ name: 'glu', positional: ['dim'] }],
  defaultInput: (_c, d) => [[d.batch, d.channels, d.imageSize, d.imageSize]],
  forward(c, [x]) {
    const i = dimIndex('GLU', n(c.dim), x.length);
    if (x[i] % 2 !== 0) throw new LayerError(`GLU halves dim ${n(c.dim)}, but the input ${fmt(x)} has an odd size ${x[i]} there`, 'dim');
    const y = x.slice();
    y[i] = x[i] / 2;
    return elementwise(y);
  },
};

const softmax2d: LayerSpec<null> = {
  ...act('Softmax2d', []),
  forward(_c, [x]) {
    if (x.length !== 3 && x.length !== 4) throw new LayerError(`Softmax2d expects a 3D or 4D input, got ${fmt(x)}`);
    return elementwise(x);
  },
};

export const activationSpecs: AnyLayerSpec[] = [
  act('ReLU', [INPLACE], undefined, 'relu'),
  act('ReLU6', [INPLACE], undefined, 'relu6'),
  act('LeakyReLU', [{ name: 'negative_slope', default: float(0.01) }, INPLACE], undefined, 'leaky_relu'),
  prelu,
  act('ELU', [{ name: 'alpha', default: float(1) }, INPLACE], undefined, 'elu'),
  act('SELU', [INPLACE], undefined, 'selu'),
  act('CELU', [{ name: 'alpha', default: float(1) }, INPLACE], (a) => {
    if (a.float('alpha') === 0) a.error('CELU: alpha cannot be 0', 'alpha');
  }, 'celu'),
  act('GELU', [{ name: 'approximate', default: str('none') }], (a) => void a.choice('approximate', ['none', 'tanh'] as const), 'gelu'),
  act('SiLU', [INPLACE], undefined, 'silu'),
  act('Mish', [INPLACE], undefined, 'mish'),
  act('Sigmoid', [], undefined, 'sigmoid'),
  act('Tanh', [], undefined, 'tanh'),
  act('Hardswish', [INPLACE], undefined, 'hardswish'),
  act('Hardsigmoid', [INPLACE], undefined, 'hardsigmoid'),
  act('Hardtanh', [
    { name: 'min_val', default: float(-1) }, { name: 'max_val', default: float(1) }, INPLACE,
    { name: 'min_value', default: NONE }, { name: 'max_value', default: NONE },
  ], (a) => {
    const lo = a.float('min_val');
    const hi = a.float('max_val');
    if (lo !== undefined && hi !== undefined && hi <= lo) a.error(`Hardtanh: max_val (${hi}) must be larger than min_val (${lo})`, 'max_val');
  }, 'hardtanh'),
  act('Softplus', [{ name: 'beta', default: float(1) }, { name: 'threshold', default: float(20) }], undefined, 'softplus'),
  act('Softsign', [], undefined, 'softsign'),
  softmaxLike('Softmax', 'softmax'),
  softmaxLike('LogSoftmax', 'log_softmax'),
  softmaxLike('Softmin', 'softmin'),
  softmax2d,
  act('Threshold', [{ name: 'threshold' }, { name: 'value' }, INPLACE]),
  glu,
  act('LogSigmoid', [], undefined, 'logsigmoid'),
  act('Tanhshrink', [], undefined, 'tanhshrink'),
  act('Hardshrink', [{ name: 'lambd', default: float(0.5) }], undefined, 'hardshrink'),
  act('Softshrink', [{ name: 'lambd', default: float(0.5) }], undefined, 'softshrink'),
  act('RReLU', [{ name: 'lower', default: float(1 / 8) }, { name: 'upper', default: float(1 / 3) }, INPLACE]),
];
