/** ZeroPad, ConstantPad, ReflectionPad, ReplicationPad and CircularPad, 1d/2d/3d. */
import type * as S from '../../values/symbolic';
import { ns } from '../../values/argReader';
import { LayerError, type AnyLayerSpec, type LayerSpec, type ParamSpec } from '../../values/spec';
import { fmt } from './shapes';

type PadKind = 'Zero' | 'Constant' | 'Reflection' | 'Replication' | 'Circular';

/** `padding` is an int or a 2·dims tuple (left, right, top, bottom, front, back), last dim first. */
function padSpec(kind: PadKind, dims: number): LayerSpec<{ pad: S.Sym[] }> {
  const name = `${kind}Pad${dims}d`;
  const signature: ParamSpec[] = [{ name: 'padding' }, ...(kind === 'Constant' ? [{ name: 'value' }] : [])];
  return {
    name,
    category: 'padding',
    signature,
    configure: (a) => {
      if (kind === 'Constant') a.float('value');
      return { pad: a.ints('padding', 2 * dims, kind === 'Constant' || kind === 'Zero' ? {} : { min: 0 }) };
    },
    params: () => 0,
    defaultInput: (_c, d) => [[d.batch, d.channels, ...(dims === 3 ? [16, 112, 112] : Array(dims).fill(d.imageSize))]],
    forward(c, [x]) {
      const p = ns(c.pad);
      if (kind !== 'Constant' && kind !== 'Zero' && x.length !== dims + 1 && x.length !== dims + 2) {
        throw new LayerError(`${name} expects a ${dims + 1}D or ${dims + 2}D input, got ${fmt(x)}`);
      }
      if (x.length < dims) throw new LayerError(`${name} pads ${dims} dims but the input ${fmt(x)} has fewer`);
      const y = x.slice();
      for (let i = 0; i < dims; i++) {
        const axis = x.length - 1 - i;
        const [before, after] = [p[2 * i], p[2 * i + 1]];
        if (kind === 'Reflection' && (before >= x[axis] || after >= x[axis])) {
          throw new LayerError(`${name}: padding (${before}, ${after}) must be less than the input size ${x[axis]} of dim ${axis} (input ${fmt(x)})`, 'padding');
        }
        if (kind === 'Circular' && (before > x[axis] || after > x[axis])) {
          throw new LayerError(`${name}: padding (${before}, ${after}) must be at most the input size ${x[axis]} of dim ${axis}`, 'padding');
        }
        y[axis] = x[axis] + before + after;
      }
      if (y.some((v) => v <= 0)) throw new LayerError(`${name}: the padded output ${fmt(y)} has a dimension ≤ 0 (input ${fmt(x)})`, 'padding');
      return { outputs: [y], multAdds: 0, otherOps: 0 };
    },
  };
}

const KINDS: PadKind[] = ['Zero', 'Constant', 'Reflection', 'Replication', 'Circular'];

export const paddingSpecs: AnyLayerSpec[] = KINDS.flatMap((k) => [1, 2, 3].map((d) => padSpec(k, d)));
