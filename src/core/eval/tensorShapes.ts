/**
 * Shape rules of tensor operations, as PyTorch applies them. Each throws ShapeError with a message as
 * clear as PyTorch's when the shapes do not fit.
 */
export class ShapeError {
  constructor(readonly message: string) {}
}

const fmt = (s: number[]) => (s.length ? s.join('×') : 'scalar');
const numel = (s: number[]) => s.reduce((a, b) => a * b, 1);

export function dimIndex(dim: number, rank: number, what = 'dim'): number {
  const r = Math.max(rank, 1);
  const i = dim < 0 ? dim + r : dim;
  if (i < 0 || i >= r) throw new ShapeError(`${what} ${dim} is out of range for a ${rank}D tensor`);
  return i;
}

/** NumPy-style broadcasting, as element-wise operations use it. */
export function broadcast(a: number[], b: number[], op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new ShapeError(`${op} of tensors of shapes ${fmt(a)} and ${fmt(b)}: they differ in dimension ${i} (${x} vs ${y}) and neither is 1`);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** view / reshape with at most one -1. */
export function reshape(shape: number[], target: number[], op: string): number[] {
  const total = numel(shape);
  const inferred = target.filter((d) => d === -1).length;
  if (inferred > 1) throw new ShapeError(`${op}: only one dimension can be inferred (-1)`);
  const known = numel(target.filter((d) => d !== -1));
  if (inferred) {
    if (known === 0 || total % known !== 0) throw new ShapeError(`${op}: shape ${fmt(target)} is invalid for a tensor of ${total} elements (${fmt(shape)})`);
    return target.map((d) => (d === -1 ? total / known : d));
  }
  if (known !== total) throw new ShapeError(`${op}: shape ${fmt(target)} is invalid for a tensor of ${total} elements (${fmt(shape)})`);
  return target;
}

export function flatten(shape: number[], start = 0, end = -1): number[] {
  if (shape.length === 0) return [1];
  const s = dimIndex(start, shape.length, 'start_dim');
  const e = dimIndex(end, shape.length, 'end_dim');
  if (s > e) throw new ShapeError(`flatten: start_dim ${start} comes after end_dim ${end}`);
  return [...shape.slice(0, s), numel(shape.slice(s, e + 1)), ...shape.slice(e + 1)];
}

export function permute(shape: number[], dims: number[]): number[] {
  if (dims.length !== shape.length) throw new ShapeError(`permute: ${dims.length} dims given for a ${shape.length}D tensor`);
  const idx = dims.map((d) => dimIndex(d, shape.length));
  if (new Set(idx).size !== idx.length) throw new ShapeError('permute: repeated dim');
  return idx.map((i) => shape[i]);
}

export function transpose(shape: number[], d0: number, d1: number): number[] {
  const [a, b] = [dimIndex(d0, shape.length), dimIndex(d1, shape.length)];
  const out = shape.slice();
  [out[a], out[b]] = [out[b], out[a]];
  return out;
}

export function chunk(shape: number[], chunks: number, dim: number): number[][] {
  const i = dimIndex(dim, shape.length);
  if (chunks <= 0) throw new ShapeError('chunk: chunks must be positive');
  const size = Math.ceil(shape[i] / chunks);
  return splitSizes(shape, i, size);
}

function splitSizes(shape: number[], i: number, size: number): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < shape[i]; start += size) {
    const s = shape.slice();
    s[i] = Math.min(size, shape[i] - start);
    out.push(s);
  }
  return out;
}

export function split(shape: number[], sizes: number | number[], dim: number): number[][] {
  const i = dimIndex(dim, shape.length);
  if (typeof sizes === 'number') return splitSizes(shape, i, sizes);
  if (sizes.reduce((a, b) => a + b, 0) !== shape[i]) {
    throw new ShapeError(`split: sizes ${sizes.join(', ')} do not add up to ${shape[i]}, the size of dim ${dim} of a ${fmt(shape)} tensor`);
  }
  return sizes.map((n) => {
    const s = shape.slice();
    s[i] = n;
    return s;
  });
}

export function cat(all: number[][], dim: number): number[] {
  if (!all.length) throw new ShapeError('cat: expected a non-empty list of tensors');
  // 1-D empty tensors (shape (0,)) are skipped, whatever the others' rank, as PyTorch still allows.
  const shapes = all.some((s) => !(s.length === 1 && s[0] === 0)) ? all.filter((s) => !(s.length === 1 && s[0] === 0)) : all;
  const rank = shapes[0].length;
  const i = dimIndex(dim, rank);
  for (const s of shapes) {
    if (s.length !== rank) throw new ShapeError(`cat: tensors must have the same number of dimensions, got ${shapes.map(fmt).join(' and ')}`);
    for (let d = 0; d < rank; d++) {
      if (d !== i && s[d] !== shapes[0][d]) {
        throw new ShapeError(`cat along dim ${dim}: sizes must match except in that dim, but got ${shapes.map(fmt).join(' and ')} (dim ${d}: ${shapes[0][d]} vs ${s[d]})`);
      }
    }
  }
  const out = shapes[0].slice();
  out[i] = shapes.reduce((a, s) => a + s[i], 0);
  return out;
}

export function stack(shapes: number[][], dim: number): number[] {
  if (!shapes.length) throw new ShapeError('stack: expected a non-empty list of tensors');
  for (const s of shapes) if (fmt(s) !== fmt(shapes[0])) throw new ShapeError(`stack: tensors must have the same shape, got ${shapes.map(fmt).join(' and ')}`);
  const i = dimIndex(dim, shapes[0].length + 1);
  return [...shapes[0].slice(0, i), shapes.length, ...shapes[0].slice(i)];
}

/** mean / sum / amax over dims. */
export function reduce(shape: number[], dims: number[] | null, keepdim: boolean): number[] {
  if (dims === null) return keepdim ? shape.map(() => 1) : [];
  const idx = new Set<number>();
  for (const d of dims) {
    const i = dimIndex(d, Math.max(shape.length, 1));
    if (idx.has(i)) throw new ShapeError(`dim ${i} appears multiple times in the list of dims`);
    idx.add(i);
  }
  return keepdim ? shape.map((d, i) => (idx.has(i) ? 1 : d)) : shape.filter((_, i) => !idx.has(i));
}

export function squeeze(shape: number[], dim?: number): number[] {
  if (dim === undefined) return shape.filter((d) => d !== 1);
  const i = dimIndex(dim, shape.length);
  return shape[i] === 1 ? [...shape.slice(0, i), ...shape.slice(i + 1)] : shape;
}

export function unsqueeze(shape: number[], dim: number): number[] {
  const i = dimIndex(dim, shape.length + 1);
  return [...shape.slice(0, i), 1, ...shape.slice(i)];
}

/** torch.matmul shapes and multiply-adds (m·k·n per batch). */
export function matmul(a: number[], b: number[]): { shape: number[]; multAdds: number } {
  if (!a.length || !b.length) throw new ShapeError('matmul: both arguments need at least one dimension');
  const A = a.length === 1 ? [1, a[0]] : a;
  const B = b.length === 1 ? [b[0], 1] : b;
  const [m, k] = A.slice(-2);
  const [k2, n] = B.slice(-2);
  if (k !== k2) throw new ShapeError(`matmul: shapes ${fmt(a)} and ${fmt(b)} cannot be multiplied (${k} vs ${k2})`);
  const batch = broadcast(A.slice(0, -2), B.slice(0, -2), 'matmul batch');
  let shape = [...batch, m, n];
  if (a.length === 1) shape = [...batch, n];
  if (b.length === 1) shape = a.length === 1 ? batch : [...batch, m];
  return { shape, multAdds: numel(batch) * m * k * n };
}

export { numel as shapeNumel, fmt as shapeText };

/**
 * `x.expand(*sizes)`: new leading dims of any size; each existing dim kept (-1 or its own size) or, if it is 1,
 * repeated to the size asked.
 */
export function expand(shape: number[], target: number[]): number[] {
  if (target.length < shape.length) {
    throw new ShapeError(`expand(${fmt(shape)}, size=[${target.join(', ')}]): the number of sizes provided (${target.length}) must be greater or equal to the number of dimensions in the tensor (${shape.length})`);
  }
  const lead = target.length - shape.length;
  return target.map((d, i) => {
    if (i < lead) {
      if (d === -1) throw new ShapeError(`The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      return d;
    }
    const own = shape[i - lead];
    if (d === -1 || d === own) return own;
    if (own === 1) return d;
    throw new ShapeError(`The expanded size of the tensor (${d}) must match the existing size (${own}) at non-singleton dimension ${i}.  Target sizes: [${target.join(', ')}].  Tensor sizes: [${shape.join(', ')}]`);
  });
}

/** `x.unfold(dim, size, step)`: every window of `size` along `dim`, `step` apart, in a new last dimension. */
export function unfoldWindows(shape: number[], dim: number, size: number, step: number): number[] {
  const i = dimIndex(dim, Math.max(shape.length, 1));
  const n = shape.length ? shape[i] : 1;
  if (size > n) throw new ShapeError(`maximum size for tensor at dimension ${i} is ${n} but size is ${size}`);
  if (step <= 0) throw new ShapeError(`step is ${step} but must be > 0`);
  const out = shape.slice();
  if (out.length) out[i] = Math.floor((n - size) / step) + 1;
  return [...out, size];
}
