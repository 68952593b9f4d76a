/**
 * PyTorch's type promotion (torch.result_type), as 1.13 applies it to every element-wise operation: the highest
 * category (bool < integer < floating) wins; within it, a tensor with dimensions decides over a 0-d tensor, and a
 * 0-d tensor over a Python number; a Python float is the default float32, a Python int int64. True division of
 * integers gives float32; comparisons give bool.
 */
import type { RValue } from '../values/value';

export type OperandClass = 'dim' | 'zero' | 'scalar';

const INTEGERS = ['uint8', 'int8', 'int16', 'int32', 'int64'];
const FLOATS = ['float16', 'bfloat16', 'float32', 'float64'];
const COMPLEX = ['complex32', 'complex64', 'complex128'];

export const isFloating = (d: string) => FLOATS.includes(d);
export const isIntegral = (d: string) => INTEGERS.includes(d);
export const isComplex = (d: string) => COMPLEX.includes(d);

/** The real dtype of a complex one's parts (complex64: float32); a real dtype is its own. */
export function realOf(d: string): string {
  return d === 'complex128' ? 'float64' : d === 'complex64' ? 'float32' : d === 'complex32' ? 'float16' : d;
}

/** The complex dtype of a real one's precision (float64: complex128; integers: complex64). */
export function complexOf(d: string): string {
  return isComplex(d) ? d : d === 'float64' ? 'complex128' : d === 'float16' ? 'complex32' : 'complex64';
}

/** torch.promote_types for the dtypes the engine carries. */
export function promoteTypes(a: string, b: string): string {
  if (a === b) return a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  // A complex type with another keeps the wider precision of the two.
  if (isComplex(a) || isComplex(b)) return complexOf(promoteTypes(realOf(a), realOf(b)));
  if (isFloating(a) && isFloating(b)) {
    // Half and bfloat16 meet in float32; otherwise the wider.
    if ((a === 'float16' && b === 'bfloat16') || (a === 'bfloat16' && b === 'float16')) return 'float32';
    return FLOATS.indexOf(a) > FLOATS.indexOf(b) ? a : b;
  }
  if (isFloating(a)) return a;
  if (isFloating(b)) return b;
  // uint8 with a signed type needs the next signed width.
  if ((a === 'uint8' && b === 'int8') || (a === 'int8' && b === 'uint8')) return 'int16';
  if (a === 'uint8' || b === 'uint8') return a === 'uint8' ? b : a;
  return INTEGERS.indexOf(a) > INTEGERS.indexOf(b) ? a : b;
}

/** A result decided by a lower class applies only when it is of a higher category (c10's combine_categories). */
function combine(higher: string | undefined, lower: string | undefined): string | undefined {
  if (higher === undefined) return lower;
  if (lower === undefined) return higher;
  if (isComplex(higher)) return higher;
  if (isComplex(lower)) return isFloating(higher) ? complexOf(higher) : lower;
  if (isFloating(higher)) return higher;
  if (higher === 'bool' || isFloating(lower)) return promoteTypes(higher, lower);
  return higher;
}

/** The dtype of an element-wise result over operands of these dtypes and classes. */
export function resultType(operands: { dtype: string; cls: OperandClass }[]): string {
  const by = (cls: OperandClass) => operands.filter((o) => o.cls === cls).map((o) => o.dtype).reduce<string | undefined>((a, d) => (a === undefined ? d : promoteTypes(a, d)), undefined);
  return combine(by('dim'), combine(by('zero'), by('scalar'))) ?? 'float32';
}

/** The dtype `a op b` gives: true division of integers is float32, comparisons are bool. */
export function binaryResultType(op: string, operands: { dtype: string; cls: OperandClass }[]): string {
  if (COMPARISONS.has(op)) return 'bool';
  const t = resultType(operands);
  return (op === '/' || op === 'div' || op === 'true_divide') && !isFloating(t) && !isComplex(t) ? 'float32' : t;
}

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);

/** A tensor's or a Python number's dtype and class, as type promotion sees it; undefined for anything else. */
export function operandType(v: RValue): { dtype: string; cls: OperandClass } | undefined {
  if (v.kind === 'tensor') return { dtype: v.dtype, cls: v.shape?.length === 0 ? 'zero' : 'dim' };
  if (v.kind === 'bool') return { dtype: 'bool', cls: 'scalar' };
  if (v.kind === 'int') return { dtype: 'int64', cls: 'scalar' };
  if (v.kind === 'float') return { dtype: 'float32', cls: 'scalar' };
  return undefined;
}
