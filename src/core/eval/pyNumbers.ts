/** Python's number semantics shared by both evaluators (call-site constants and the model interpreter). */

/** `x op y` for numbers; undefined for an operator that is not a numeric comparison. */
export function compareNumbers(op: string, x: number, y: number): boolean | undefined {
  switch (op) {
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
    case '==': return x === y;
    case '!=': return x !== y;
    default: return undefined;
  }
}

/** Python 3's round(): halves go to the even neighbour (round(2.5) == 2). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
