/**
 * einops patterns (`b c (h p1) (w p2) -> b (h w) (p1 p2 c)`), read as einops 0.8 reads them, and the shape that
 * rearrange, repeat and reduce give. A pattern einops refuses throws a ShapeError with einops's own message, so the
 * diagnostic says what EinopsError would.
 */
import { ShapeError } from './tensorShapes';

export type EinopsOp = 'rearrange' | 'repeat' | 'reduce';

/** One element of a side: a named axis, or an anonymous one of a given length (`2` in `(h 2)`). */
type Axis = string | number;

/** A side of a pattern: its dims in order, each a list of axes (one for a plain axis, none for `1` or `()`). */
interface Side {
  dims: { axes: Axis[]; composite: boolean }[];
  /** The dim that is `...` (then its axes are empty), or -1; and whether it sits inside parentheses. */
  ellipsis: number;
  ellipsisInGroup: boolean;
}

const ELLIPSIS = '…';

/** Reads one side of a pattern as einops's ParsedExpression does. */
export function parseSide(text: string): Side {
  const side: Side = { dims: [], ellipsis: -1, ellipsisInGroup: false };
  let group: Axis[] | undefined;
  const seen = new Set<string>();
  const src = text.replace(/\.\.\./g, ` ${ELLIPSIS} `);
  for (const token of src.replace(/\(/g, ' ( ').replace(/\)/g, ' ) ').split(/\s+/).filter(Boolean)) {
    if (token === '(') {
      if (group) throw new ShapeError('Axis composition is one-level (brackets inside brackets not allowed)');
      group = [];
    } else if (token === ')') {
      if (!group) throw new ShapeError('Brackets are not balanced');
      side.dims.push({ axes: group, composite: true });
      group = undefined;
    } else if (token === ELLIPSIS) {
      if (side.ellipsis >= 0) throw new ShapeError('Expression may contain dots only inside ellipsis (...); only one ellipsis for tensor');
      if (group) {
        side.ellipsisInGroup = true;
        group.push(ELLIPSIS);
        side.ellipsis = side.dims.length;
      } else {
        side.ellipsis = side.dims.length;
        side.dims.push({ axes: [ELLIPSIS], composite: false });
      }
    } else if (/^\d+$/.test(token)) {
      const length = Number(token);
      // `1` is a unit axis: a dim of its own outside brackets, nothing inside them.
      if (length === 1) {
        if (!group) side.dims.push({ axes: [], composite: false });
      } else if (group) group.push(length);
      else side.dims.push({ axes: [length], composite: false });
    } else {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(token)) throw new ShapeError(`Invalid axis identifier: ${token}`);
      if (token.startsWith('_') || token.endsWith('_')) throw new ShapeError(`Invalid axis identifier: ${token} (axis name should should not start or end with underscore)`);
      if (seen.has(token)) throw new ShapeError(`Indexing expression contains duplicate dimension "${token}"`);
      seen.add(token);
      if (group) group.push(token);
      else side.dims.push({ axes: [token], composite: false });
    }
  }
  if (group) throw new ShapeError('Imbalanced parentheses in expression');
  return side;
}

const names = (side: Side) => new Set(side.dims.flatMap((d) => d.axes.filter((a): a is string => typeof a === 'string' && a !== ELLIPSIS)));
const product = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

export interface EinopsShape {
  shape: number[];
  /** The axes kept leave in another order than they came: the data is copied (a view otherwise). */
  reordered: boolean;
  /** Axes of the input that are not in the output (reduce). */
  reduced: boolean;
  /** Axes that are only in the output (repeat). */
  added: boolean;
}

/** The output shape of `op` with `pattern` on an input of `shape`, `lengths` the axis lengths given as keywords. */
export function einopsShape(op: EinopsOp, shape: readonly number[], pattern: string, lengths: ReadonlyMap<string, number>): EinopsShape {
  const parts = pattern.split('->');
  if (parts.length !== 2) throw new ShapeError(`Pattern should contain exactly one '->': '${pattern}'`);
  const left = parseSide(parts[0]);
  const right = parseSide(parts[1]);
  if (left.ellipsis < 0 && right.ellipsis >= 0) throw new ShapeError(`Ellipsis found in right side, but not left side of a pattern ${pattern}`);
  if (left.ellipsisInGroup) throw new ShapeError(`Ellipsis inside parenthesis in the left side is not allowed: ${pattern}`);
  const [l, r] = [names(left), names(right)];
  const anonymous = (side: Side) => side.dims.some((d) => d.axes.some((a) => typeof a === 'number'));
  if (op === 'rearrange') {
    if (anonymous(left) || anonymous(right)) throw new ShapeError('Non-unitary anonymous axes are not supported in rearrange (exception is length 1)');
    const only = [...l].filter((a) => !r.has(a)).concat([...r].filter((a) => !l.has(a)));
    if (only.length) throw new ShapeError(`Identifiers only on one side of expression (should be on both): {${only.map((a) => `'${a}'`).join(', ')}}`);
  } else if (op === 'repeat') {
    const unexpected = [...l].filter((a) => !r.has(a));
    if (unexpected.length) throw new ShapeError(`Unexpected identifiers on the left side of repeat: {${unexpected.map((a) => `'${a}'`).join(', ')}}`);
    const unsized = [...r].filter((a) => !l.has(a) && !lengths.has(a));
    if (unsized.length) throw new ShapeError(`Specify sizes for new axes in repeat: {${unsized.map((a) => `'${a}'`).join(', ')}}`);
  } else {
    const unexpected = [...r].filter((a) => !l.has(a));
    if (unexpected.length) throw new ShapeError(`Unexpected identifiers on the right side of reduce: {${unexpected.map((a) => `'${a}'`).join(', ')}}`);
  }
  for (const name of lengths.keys()) if (!l.has(name) && !r.has(name)) throw new ShapeError(`Axis ${name} is not used in transform`);

  // The ellipsis: as many dims as the input has beyond the other groups, each an axis of its own.
  const fixed = left.dims.length - (left.ellipsis >= 0 ? 1 : 0);
  if (left.ellipsis >= 0 ? shape.length < fixed : shape.length !== fixed) {
    throw new ShapeError(`Wrong shape: expected ${left.ellipsis >= 0 ? '>=' : ''}${fixed} dims. Received ${shape.length}-dim tensor.`);
  }
  const dotted = Array.from({ length: left.ellipsis >= 0 ? shape.length - fixed : 0 }, (_, i) => `${ELLIPSIS}${i}`);
  const expand = (side: Side) => side.dims.flatMap((d) => {
    if (!d.axes.includes(ELLIPSIS)) return [d];
    if (!d.composite) return dotted.map((a) => ({ axes: [a] as Axis[], composite: false }));
    return [{ axes: d.axes.flatMap((a) => (a === ELLIPSIS ? dotted : [a])), composite: true }];
  });
  const inDims = expand(left);
  const outDims = expand(right);

  // Each input dim: its axes' lengths, one of them found by division if it is not given.
  const known = new Map<string, number>(lengths);
  inDims.forEach((d, i) => {
    const dim = shape[i];
    const unknown = d.axes.filter((a): a is string => typeof a === 'string' && !known.has(a));
    const given = product(d.axes.map((a) => (typeof a === 'number' ? a : known.get(a) ?? 1)));
    if (unknown.length > 1) throw new ShapeError(`Could not infer sizes for {${unknown.map((a) => `'${a}'`).join(', ')}}`);
    if (unknown.length === 1) {
      if (given === 0 || dim % given !== 0) throw new ShapeError(`Shape mismatch, can't divide axis of length ${dim} in chunks of ${given}`);
      known.set(unknown[0], dim / given);
    } else if (given !== dim) throw new ShapeError(`Shape mismatch, ${dim} != ${given}`);
  });
  const out = outDims.map((d) => product(d.axes.map((a) => (typeof a === 'number' ? a : known.get(a)!))));
  const order = (dims: typeof inDims, keep: Set<string>) => dims.flatMap((d) => d.axes.filter((a): a is string => typeof a === 'string' && keep.has(a)));
  const inNames = new Set(order(inDims, new Set(known.keys())));
  const outNames = new Set(order(outDims, new Set(known.keys())));
  const kept = new Set([...inNames].filter((a) => outNames.has(a)));
  return {
    shape: out,
    reordered: order(inDims, kept).join() !== order(outDims, kept).join(),
    reduced: [...inNames].some((a) => !outNames.has(a)),
    added: [...outNames].some((a) => !inNames.has(a)) || outDims.some((d) => d.axes.some((a) => typeof a === 'number')),
  };
}

/** parse_shape(x, 'b _ h w'): the length of each named axis (`_` skips one). */
export function parseShape(shape: readonly number[], pattern: string): [string, number][] {
  const tokens = pattern.split(/\s+/).filter(Boolean);
  if (tokens.some((t) => t === '...' || t.includes('('))) throw new ShapeError(`parse_shape: only named axes and _ are read here: '${pattern}'`);
  if (tokens.length !== shape.length) throw new ShapeError(`Can't parse shape with different number of dimensions: ${tokens.length} ${shape.length}`);
  return tokens.flatMap((t, i) => (t === '_' ? [] : [[t, shape[i]] as [string, number]]));
}

/** einops.einsum's pattern (`b h i d, b h j d -> b h i j`) as torch.einsum's (`abcd,abed->abce`), or undefined. */
export function einsumEquation(pattern: string): string | undefined {
  const [lhs, rhs] = pattern.split('->');
  if (rhs === undefined || pattern.includes('...')) return undefined;
  const letters = new Map<string, string>();
  const letter = (name: string) => {
    if (!letters.has(name)) letters.set(name, String.fromCharCode(97 + letters.size));
    return letters.get(name)!;
  };
  const side = (s: string) => s.trim().split(/\s+/).filter(Boolean).map(letter).join('');
  const inputs = lhs.split(',').map(side);
  if (letters.size > 26) return undefined;
  return `${inputs.join(',')}->${side(rhs)}`;
}

/** pack's and unpack's pattern (`b * d`): how many named axes come before and after its one `*`. */
export function packPattern(pattern: string): { before: number; after: number } {
  const tokens = pattern.split(/\s+/).filter(Boolean);
  const star = tokens.indexOf('*');
  if (star < 0 || tokens.lastIndexOf('*') !== star) throw new ShapeError(`pattern must contain a single "*": '${pattern}'`);
  if (tokens.some((t) => t !== '*' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t))) throw new ShapeError(`only named axes and one "*" are allowed in pack and unpack: '${pattern}'`);
  return { before: star, after: tokens.length - star - 1 };
}

/** pack(tensors, pattern): the packed shape, and each tensor's shape at the `*` (what unpack takes back). */
export function packShapes(shapes: readonly number[][], pattern: string): { shape: number[]; packed: number[][] } {
  const { before, after } = packPattern(pattern);
  const packed: number[][] = [];
  let total = 0;
  let outer: number[] | undefined;
  for (const s of shapes) {
    if (s.length < before + after) throw new ShapeError(`packed tensor #${packed.length} (enumeration starts with 0) has shape (${s.join(', ')}), while pattern ${pattern} assumes at least ${before + after} axes`);
    const star = s.slice(before, s.length - after);
    const rest = [...s.slice(0, before), ...s.slice(s.length - after)];
    if (outer && outer.join() !== rest.join()) throw new ShapeError(`Sizes of tensors must match except in the packed dimension: (${outer.join(', ')}) and (${rest.join(', ')})`);
    outer = rest;
    packed.push(star);
    total += product(star);
  }
  if (!outer) throw new ShapeError('pack needs at least one tensor');
  return { shape: [...outer.slice(0, before), total, ...outer.slice(before)], packed };
}

/** unpack(tensor, packed shapes, pattern): the shapes it gives back. */
export function unpackShapes(shape: readonly number[], packed: readonly number[][], pattern: string): number[][] {
  const { before, after } = packPattern(pattern);
  if (shape.length !== before + after + 1) throw new ShapeError(`unpack(..., '${pattern}') needs a tensor of ${before + after + 1} dims, not ${shape.length}`);
  const total = packed.reduce((n, p) => n + product(p), 0);
  if (total !== shape[before]) throw new ShapeError(`Error during unpack(..., "${pattern}"): could not split axis of size ${shape[before]} into requested ${packed.map((p) => `(${p.join(', ')})`).join(', ')}`);
  return packed.map((p) => [...shape.slice(0, before), ...p, ...shape.slice(before + 1)]);
}
