/**
 * `t[index]` as PyTorch 1.13 shapes it, every form at once: ints and 0-d integer tensors select (and do not count
 * as advanced indices), slices, None and Python bools add or keep dimensions, one Ellipsis, integer tensors and
 * lists index by their broadcast shape, boolean masks select as many entries as they hold True over the
 * dimensions they cover. The advanced indices' shape takes the place of the first of them when they are next to
 * each other (ints between them included), else it goes first, as NumPy's rule places it. Checked against
 * PyTorch on generated cases (test/oracle/torch_families.py, family "indexing").
 */
import { broadcast, ShapeError } from './tensorShapes';

export type IndexPart =
  /** None (size 1), True (1), False (0): a new dimension. */
  | { kind: 'new'; size: number }
  | { kind: 'ellipsis' }
  /** An int, or an integer tensor of one element: selects (its value, when known, is checked against the size). */
  | { kind: 'select'; value?: number }
  /** A slice; a bound or step not known is null. */
  | { kind: 'slice'; lower: number | null | undefined; upper: number | null | undefined; step: number | null | undefined }
  /** An integer tensor or list: its shape, and its values when known. */
  | { kind: 'gather'; shape: number[] | null; values?: number[] }
  /** A boolean tensor or list: its shape, and how many True it holds when known. */
  | { kind: 'mask'; shape: number[]; count: number | null }
  /** What PyTorch refuses as an index (a float, a float tensor). */
  | { kind: 'invalid'; error: string }
  | { kind: 'unknown'; reason: string };

export type IndexResult = { shape: number[] } | { error: string } | { unknown: string };

const text = (s: number[]) => `[${s.join(', ')}]`;

export function indexedShape(shape: number[], parts: IndexPart[]): IndexResult {
  for (const p of parts) {
    if (p.kind === 'invalid') return { error: p.error };
  }
  const consumed = parts.reduce((n, p) => n + (p.kind === 'select' || p.kind === 'slice' || p.kind === 'gather' ? 1 : p.kind === 'mask' ? p.shape.length : 0), 0);
  if (consumed > shape.length) return { error: `IndexError: too many indices for tensor of dimension ${shape.length}` };
  const unknown = parts.find((p) => p.kind === 'unknown');
  if (unknown?.kind === 'unknown') return { unknown: unknown.reason };

  const out: number[] = [];
  const advanced: number[][] = [];
  let advancedAt = -1;
  let separated = false;
  let lastAdvanced = -1;
  let dim = 0;
  let ellipsisSeen = false;
  for (const [i, p] of parts.entries()) {
    const isAdvanced = p.kind === 'gather' || p.kind === 'mask';
    // Only selects may stand between advanced indices that keep their place.
    if (lastAdvanced >= 0 && !isAdvanced && p.kind !== 'select') lastAdvanced = -2;
    if (isAdvanced) {
      if (lastAdvanced === -2) separated = true;
      if (advancedAt < 0) advancedAt = out.length;
      lastAdvanced = i;
    }
    switch (p.kind) {
      case 'new':
        out.push(p.size);
        break;
      case 'ellipsis':
        // A second Ellipsis adds nothing (PyTorch takes `x[..., ...]`).
        if (!ellipsisSeen) for (let k = 0; k < shape.length - consumed; k++) out.push(shape[dim++]);
        ellipsisSeen = true;
        break;
      case 'select': {
        const n = shape[dim];
        if (p.value !== undefined && (p.value >= n || p.value < -n)) return { error: `IndexError: index ${p.value} is out of bounds for dimension ${dim} with size ${n}` };
        dim++;
        break;
      }
      case 'slice': {
        const n = shape[dim++];
        if (p.step !== undefined && p.step !== null && p.step <= 0) return { error: 'ValueError: step must be greater than zero' };
        if (p.lower === null || p.upper === null || p.step === null) return { unknown: 'a slice bound not known statically' };
        const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
        const a = p.lower === undefined ? 0 : clamp(p.lower);
        const b = p.upper === undefined ? n : clamp(p.upper);
        out.push(Math.max(0, Math.ceil((b - a) / (p.step ?? 1))));
        break;
      }
      case 'gather': {
        const n = shape[dim++];
        const bad = p.values?.find((v) => v >= n || v < -n);
        if (bad !== undefined) return { error: `IndexError: index ${bad} is out of bounds for dimension ${dim - 1} with size ${n}` };
        if (!p.shape) return { unknown: 'an index tensor of a shape not known statically' };
        advanced.push(p.shape);
        break;
      }
      case 'mask': {
        const covered = shape.slice(dim, dim + p.shape.length);
        const wrong = p.shape.findIndex((d, k) => d !== covered[k]);
        if (wrong >= 0) return { error: `IndexError: The shape of the mask ${text(p.shape)} at index ${wrong} does not match the shape of the indexed tensor ${text(shape)} at index ${dim + wrong}` };
        dim += p.shape.length;
        if (p.count === null) return { unknown: 'a boolean mask selects a number of elements only the data decides' };
        advanced.push([p.count]);
        break;
      }
    }
  }
  out.push(...shape.slice(dim));
  if (!advanced.length) return { shape: out };
  let joint: number[];
  try {
    joint = advanced.reduce((a, s) => broadcast(a, s, 'index'), [] as number[]);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    return { error: `IndexError: shape mismatch: indexing tensors could not be broadcast together with shapes ${advanced.map(text).join(', ')}` };
  }
  const at = separated ? 0 : advancedAt;
  return { shape: [...out.slice(0, at), ...joint, ...out.slice(at)] };
}
