/** A forward input written as text, the way the CLI's --input and budget files take it: `1x3x224x224`, `1x128:int64`. */
export function parseInputSpec(s: string, dtype = 'float32'): { shape: number[]; dtype: string } | { error: string } {
  const m = /^(\d+(?:x\d+)*)(?::(int64|int32|float32|float16|bfloat16|float64))?$/.exec(s.trim());
  if (!m) return { error: `must look like 1x3x224x224 (got '${s}')` };
  const shape = m[1].split('x').map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d <= 0)) return { error: `sizes must be positive integers (got '${s}')` };
  return { shape, dtype: m[2] ?? dtype };
}
