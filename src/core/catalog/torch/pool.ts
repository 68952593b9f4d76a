/** Max/Avg/LP pooling and their adaptive forms, 1d/2d/3d. */
import type * as S from '../../values/symbolic';
import { n, ns, symOf, type ArgReader } from '../../values/argReader';
import { LayerError, type AnyLayerSpec, type LayerSpec, type ParamSpec } from '../../values/spec';
import { int, NONE } from '../../values/value';
import { fmt, numel, slidingOut, spatialInput, withSpatial } from './shapes';

const TRUE = { kind: 'bool' as const, value: true };
const FALSE = { kind: 'bool' as const, value: false };

interface PoolConfig {
  dims: number;
  kernel: S.Sym[];
  stride: S.Sym[];
  padding: S.Sym[];
  dilation: S.Sym[];
  ceil: S.Sym;
  indices: S.Sym;
}

type PoolKind = 'Max' | 'Avg' | 'LP';

function signature(kind: PoolKind, dims: number): ParamSpec[] {
  if (kind === 'Max') {
    return [
      { name: 'kernel_size' }, { name: 'stride', default: NONE }, { name: 'padding', default: int(0) }, { name: 'dilation', default: int(1) },
      { name: 'return_indices', default: FALSE }, { name: 'ceil_mode', default: FALSE },
    ];
  }
  if (kind === 'LP') {
    return [{ name: 'norm_type' }, { name: 'kernel_size' }, { name: 'stride', default: NONE }, { name: 'ceil_mode', default: FALSE }];
  }
  return [
    { name: 'kernel_size' }, { name: 'stride', default: NONE }, { name: 'padding', default: int(0) },
    { name: 'ceil_mode', default: FALSE }, { name: 'count_include_pad', default: TRUE },
    ...(dims > 1 ? [{ name: 'divisor_override', default: NONE }] : []),
  ];
}

function configure(kind: PoolKind, dims: number, a: ArgReader): PoolConfig {
  if (kind === 'LP') a.float('norm_type');
  const kernel = a.ints('kernel_size', dims, { min: 1 });
  const zeros = Array(dims).fill(0);
  const cfg: PoolConfig = {
    dims,
    kernel,
    // stride=None means stride = kernel_size
    stride: a.isNone('stride') ? kernel : a.ints('stride', dims, { min: 1 }),
    padding: kind === 'LP' ? zeros : a.ints('padding', dims, { min: 0 }),
    dilation: kind === 'Max' ? a.ints('dilation', dims, { min: 1 }) : Array(dims).fill(1),
    ceil: a.flag('ceil_mode'),
    indices: kind === 'Max' ? a.flag('return_indices') : 0,
  };
  cfg.padding.forEach((p, i) => {
    const k = cfg.kernel[i];
    if (typeof p === 'number' && typeof k === 'number' && p > k / 2) {
      a.error(`${a.layer}: padding (${p}) should be at most half of the kernel size (${k})`, 'padding');
    }
  });
  return cfg;
}

function poolSpec(kind: PoolKind, dims: number): LayerSpec<PoolConfig> {
  const name = `${kind === 'LP' ? 'LPPool' : `${kind}Pool`}${dims}d`;
  return {
    name,
    category: 'pool',
    describe: () => `${name.replace(/(\d)d$/, '$1D')} pooling`,
    // (values, indices) with return_indices
    pack: (_c, outputs) => (outputs.length > 1 ? [0, 1] : 0),
    ...(kind === 'LP' ? {} : {
      functional: [{
        name: `${kind === 'Max' ? 'max' : 'avg'}_pool${dims}d`,
        positional: kind === 'Max' ? ['kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices'] : ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad'],
      }],
    }),
    signature: signature(kind, dims),
    configure: (a) => configure(kind, dims, a),
    storedAs: { stride: 'kernel_size' },
    params: () => 0,
    defaultInput: (_c, d) => [[d.batch, d.channels, ...(dims === 3 ? [16, 112, 112] : Array(dims).fill(d.imageSize))]],
    forward(c, [x]) {
      const inp = spatialInput(name, x, dims);
      const [k, s, p, dl] = [ns(c.kernel), ns(c.stride), ns(c.padding), ns(c.dilation)];
      const ceil = n(c.ceil) === 1;
      const out = inp.spatial.map((L, i) => slidingOut(L, k[i], s[i], p[i], dl[i], ceil));
      if (out.some((o) => o <= 0)) {
        throw new LayerError(`${name}: output size ${fmt(out)} is too small (input ${fmt(x)}, kernel ${fmt(k)}, stride ${fmt(s)}, padding ${fmt(p)})`, 'kernel_size');
      }
      const y = withSpatial(inp, inp.channels, out);
      return { outputs: n(c.indices) ? [y, y] : [y], multAdds: 0, otherOps: numel(y) };
    },
  };
}

interface AdaptiveConfig { size: (S.Sym | null)[]; indices: S.Sym }

function adaptiveSpec(kind: 'Max' | 'Avg', dims: number): LayerSpec<AdaptiveConfig> {
  const name = `Adaptive${kind}Pool${dims}d`;
  return {
    name,
    category: 'pool',
    describe: () => `${name.replace(/(\d)d$/, '$1D')} pooling`,
    // Global average pooling is a squeeze-and-excitation block's squeeze.
    ...(name === 'AdaptiveAvgPool2d' ? { topics: ['senet'] } : {}),
    pack: (_c, outputs) => (outputs.length > 1 ? [0, 1] : 0),
    functional: [{ name: `adaptive_${kind === 'Max' ? 'max' : 'avg'}_pool${dims}d`, positional: kind === 'Max' ? ['output_size', 'return_indices'] : ['output_size'] }],
    signature: [{ name: 'output_size' }, ...(kind === 'Max' ? [{ name: 'return_indices', default: FALSE }] : [])],
    configure(a) {
      // output_size: an int, or a tuple whose None entries keep the input's size
      const v = a.value('output_size');
      let size: (S.Sym | null)[];
      if ((v.kind === 'tuple' || v.kind === 'list') && v.items.some((i) => i.kind === 'none')) {
        if (v.items.length !== dims) a.error(`${name}: output_size must have ${dims} entries`, 'output_size');
        size = v.items.map((i) => (i.kind === 'none' ? null : symOf(i)));
      } else if (v.kind === 'none') {
        size = Array(dims).fill(null);
      } else {
        size = a.ints('output_size', dims, { min: 1 });
      }
      return { size, indices: kind === 'Max' ? a.flag('return_indices') : 0 };
    },
    params: () => 0,
    defaultInput: (_c, d) => [[d.batch, d.channels, ...(dims === 3 ? [16, 112, 112] : Array(dims).fill(d.imageSize))]],
    forward(c, [x]) {
      const inp = spatialInput(name, x, dims);
      const out = inp.spatial.map((L, i) => (c.size[i] === null ? L : n(c.size[i] as S.Sym)));
      const y = withSpatial(inp, inp.channels, out);
      return { outputs: n(c.indices) ? [y, y] : [y], multAdds: 0, otherOps: numel(y) };
    },
  };
}

export const poolSpecs: AnyLayerSpec[] = [1, 2, 3].flatMap((d) => [
  poolSpec('Max', d), poolSpec('Avg', d), adaptiveSpec('Max', d), adaptiveSpec('Avg', d),
  ...(d < 3 ? [poolSpec('LP', d)] : []),
]);
