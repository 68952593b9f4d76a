/**
 * A list's slices written to and deleted, as CPython's list does: `x[a:b] = seq` replaces the run [a, b) by seq
 * whatever their lengths (an insertion when the run is empty: timm's `x[-1:-1] = [...]` repeats a last item), an
 * extended slice `x[a:b:c] = seq` (c ≠ 1) takes exactly as many items as it selects, `del x[a:b:c]` removes them.
 * Bounds read as slice.indices reads them (./tensorIndex.ts sliceRange).
 */
import { sliceRange } from './tensorIndex';
import type { RValue } from '../values/value';

type Slice = Extract<RValue, { kind: 'slice' }>;

/** The slice's first index, count and step over `n` items; a string saying why not when a bound is not an int. */
function indices(n: number, s: Slice): { first: number; count: number; step: number } | string {
  const bound = (v: RValue) => (v.kind === 'none' ? undefined : v.kind === 'int' || v.kind === 'bool' ? Number(v.value) : NaN);
  const [lower, upper, step] = [bound(s.lower), bound(s.upper), bound(s.step) ?? 1];
  if ([lower, upper, step].some((x) => Number.isNaN(x))) return 'a bound not known statically';
  if (step === 0) return 'ValueError: slice step cannot be zero';
  return { ...sliceRange(n, lower, upper, step), step };
}

/** `items[s] = values`, in place; a problem (a ValueError Python raises, or why it was not followed), or undefined. */
export function assignSlice(items: RValue[], s: Slice, values: RValue[]): string | undefined {
  const at = indices(items.length, s);
  if (typeof at === 'string') return at;
  if (at.step === 1) {
    items.splice(at.first, at.count, ...values);
    return undefined;
  }
  if (values.length !== at.count) return `ValueError: attempt to assign sequence of size ${values.length} to extended slice of size ${at.count}`;
  values.forEach((v, k) => (items[at.first + k * at.step] = v));
  return undefined;
}

/** `del items[s]`, in place; why it was not followed, or undefined. */
export function deleteSlice(items: RValue[], s: Slice): string | undefined {
  const at = indices(items.length, s);
  if (typeof at === 'string') return at;
  const gone = new Set(Array.from({ length: at.count }, (_, k) => at.first + k * at.step));
  const kept = items.filter((_, i) => !gone.has(i));
  items.splice(0, items.length, ...kept);
  return undefined;
}
