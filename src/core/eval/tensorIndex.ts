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
  /** A boolean tensor or list: its shape, and how many True it holds when known (and its values, 0 and 1). */
  | { kind: 'mask'; shape: number[]; count: number | null; values?: number[] }
  /** What PyTorch refuses as an index (a float, a float tensor). */
  | { kind: 'invalid'; error: string }
  | { kind: 'unknown'; reason: string };

/**
 * `bound`: a boolean mask of values not known selected all it covers, the most it can (what a model is costed at
 * when only the data decides how many: see TorchOps.atBound).
 */
export type IndexResult = { shape: number[]; bound?: number } | { error: string } | { unknown: string };

const text = (s: number[]) => `[${s.join(', ')}]`;

/**
 * What `[lower:upper:step]` takes of `n` elements, as Python's slice.indices gives it (any step but 0): the first
 * index and how many, every `step` from there.
 */
export function sliceRange(n: number, lower: number | undefined, upper: number | undefined, step: number): { first: number; count: number } {
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  const [first, end] = step > 0
    ? [lower === undefined ? 0 : clamp(lower, 0, n), upper === undefined ? n : clamp(upper, 0, n)]
    : [lower === undefined ? n - 1 : clamp(lower, -1, n - 1), upper === undefined ? -1 : clamp(upper, -1, n - 1)];
  return { first, count: Math.max(0, Math.ceil((end - first) / step)) };
}

/** `numpy`: a numpy array's indexing (negative steps allowed). */
export function indexedShape(shape: number[], parts: IndexPart[], numpy = false): IndexResult {
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
  let bound: number | undefined;
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
        // numpy takes a negative step (`grid[::-1]`), as Python's lists do; torch refuses one.
        if (p.step === 0) return { error: 'ValueError: slice step cannot be zero' };
        if (p.step !== undefined && p.step !== null && p.step < 0 && !numpy) return { error: 'ValueError: step must be greater than zero' };
        if (p.lower === null || p.upper === null || p.step === null) return { unknown: 'a slice bound not known statically' };
        out.push(sliceRange(n, p.lower, p.upper, p.step ?? 1).count);
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
        const count = p.count ?? p.shape.reduce((a, d) => a * d, 1);
        if (p.count === null) bound = count;
        advanced.push([count]);
        break;
      }
    }
  }
  out.push(...shape.slice(dim));
  if (!advanced.length) return { shape: out };
  const atBound = bound === undefined ? {} : { bound };
  let joint: number[];
  try {
    joint = advanced.reduce((a, s) => broadcast(a, s, 'index'), [] as number[]);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    return { error: `IndexError: shape mismatch: indexing tensors could not be broadcast together with shapes ${advanced.map(text).join(', ')}` };
  }
  const at = separated ? 0 : advancedAt;
  return { shape: [...out.slice(0, at), ...joint, ...out.slice(at)], ...atBound };
}

/**
 * The values `t[index]` picks from a tensor whose values are known, row-major in the shape indexedShape gives
 * (`out`); undefined when a part's values are not known. The same rules: selects drop a dimension, slices keep it,
 * masks become the indices of their True entries, and the advanced indices' broadcast shape goes where the first
 * of them is when they stand together (selects between them allowed), else first.
 */
export function indexedValues(shape: number[], data: number[], parts: IndexPart[], out: number[]): number[] | undefined {
  type Item = { kind: 'new' } | { kind: 'basic'; dim: number; picks: number[]; keep: boolean } | { kind: 'adv'; dim: number; values: number[]; shape: number[] };
  const items: Item[] = [];
  const consumed = parts.reduce((n, p) => n + (p.kind === 'select' || p.kind === 'slice' || p.kind === 'gather' ? 1 : p.kind === 'mask' ? p.shape.length : 0), 0);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  let dim = 0;
  let ellipsisSeen = false;
  for (const p of parts) {
    if (p.kind === 'new') {
      if (p.size !== 1) return undefined;
      items.push({ kind: 'new' });
    } else if (p.kind === 'ellipsis') {
      if (!ellipsisSeen) for (let k = shape.length - consumed; k > 0; k--, dim++) items.push({ kind: 'basic', dim, picks: range(shape[dim]), keep: true });
      ellipsisSeen = true;
    } else if (p.kind === 'select') {
      if (p.value === undefined) return undefined;
      items.push({ kind: 'basic', dim, picks: [p.value < 0 ? p.value + shape[dim] : p.value], keep: false });
      dim++;
    } else if (p.kind === 'slice') {
      const n = shape[dim];
      if (p.lower === null || p.upper === null || p.step === null) return undefined;
      // As Python's slice.indices picks them, for any step (numpy's negative ones too).
      const step = p.step ?? 1;
      const { first, count } = sliceRange(n, p.lower, p.upper, step);
      const picks = Array.from({ length: count }, (_, k) => first + k * step);
      items.push({ kind: 'basic', dim, picks, keep: true });
      dim++;
    } else if (p.kind === 'gather') {
      if (!p.values || !p.shape) return undefined;
      items.push({ kind: 'adv', dim, values: p.values.map((v) => (v < 0 ? v + shape[dim] : v)), shape: p.shape });
      dim++;
    } else if (p.kind === 'mask') {
      if (!p.values) return undefined;
      // The True entries' coordinates over the dimensions the mask covers, one index array per dimension.
      const strides = p.shape.map((_, j) => p.shape.slice(j + 1).reduce((x, y) => x * y, 1));
      const at = p.values.flatMap((v, flat) => (v !== 0 ? [flat] : []));
      p.shape.forEach((size, j) => items.push({ kind: 'adv', dim: dim + j, values: at.map((flat) => Math.floor(flat / strides[j]) % size), shape: [at.length] }));
      dim += p.shape.length;
    } else {
      return undefined;
    }
  }
  for (; dim < shape.length; dim++) items.push({ kind: 'basic', dim, picks: range(shape[dim]), keep: true });
  const advanced = items.filter((i): i is Extract<Item, { kind: 'adv' }> => i.kind === 'adv');
  let joint: number[] = [];
  try {
    joint = advanced.reduce((a, i) => broadcast(a, i.shape, 'index'), [] as number[]);
  } catch {
    return undefined;
  }
  // Where the advanced indices' dimensions go: with the first of them, unless something other than a select parts them.
  const first = items.findIndex((i) => i.kind === 'adv');
  const last = items.length - 1 - [...items].reverse().findIndex((i) => i.kind === 'adv');
  const apart = first >= 0 && items.slice(first, last + 1).some((i) => i.kind === 'new' || (i.kind === 'basic' && i.keep));
  type Slot = { kind: 'one' } | { kind: 'basic'; item: Extract<Item, { kind: 'basic' }> } | { kind: 'joint' };
  const slots: Slot[] = [];
  for (const [k, i] of items.entries()) {
    if (i.kind === 'new') slots.push({ kind: 'one' });
    else if (i.kind === 'basic' && i.keep) slots.push({ kind: 'basic', item: i });
    else if (i.kind === 'adv' && k === first && !apart) slots.push({ kind: 'joint' });
  }
  if (first >= 0 && apart) slots.unshift({ kind: 'joint' });
  const sizes = slots.flatMap((s) => (s.kind === 'one' ? [1] : s.kind === 'basic' ? [s.item.picks.length] : joint));
  if (sizes.join() !== out.join()) return undefined;
  const inStrides = shape.map((_, d) => shape.slice(d + 1).reduce((x, y) => x * y, 1));
  const total = out.reduce((x, y) => x * y, 1);
  const values: number[] = [];
  for (let flat = 0; flat < total; flat++) {
    // The output's coordinates, slot by slot (the joint slot takes as many as the advanced indices' shape has).
    let rest = flat;
    const coords = out.map((_, d) => out.slice(d + 1).reduce((x, y) => x * y, 1)).map((stride, d) => {
      const c = Math.floor(rest / stride);
      rest -= c * stride;
      return c % out[d];
    });
    let offset = 0;
    let pos = 0;
    let jointAt: number[] = [];
    for (const s of slots) {
      if (s.kind === 'one') pos++;
      else if (s.kind === 'basic') offset += s.item.picks[coords[pos++]] * inStrides[s.item.dim];
      else {
        jointAt = coords.slice(pos, pos + joint.length);
        pos += joint.length;
      }
    }
    for (const i of items) {
      if (i.kind === 'basic' && !i.keep) offset += i.picks[0] * inStrides[i.dim];
      if (i.kind === 'adv') {
        // This index array's element at the joint position, broadcast (its dims align with the joint's last ones).
        const lead = joint.length - i.shape.length;
        const at = i.shape.reduce((a, size, d) => a * size + (size === 1 ? 0 : jointAt[lead + d]), 0);
        offset += i.values[at] * inStrides[i.dim];
      }
    }
    values.push(data[offset]);
  }
  return values;
}
