/**
 * The bounds a command that evaluates code runs under (issue 29), as the editor's engine has them: the heap of the
 * worker it runs in, and how long it may go without starting a new model or file. Read from the command line
 * before anything else (the worker is started with them); args.ts checks them as it checks every option.
 */
export interface Limits {
  memoryMb: number;
  timeMs: number;
}

export const DEFAULT_LIMITS: Limits = { memoryMb: 768, timeMs: 20_000 };
export const MEMORY_RANGE = [128, 16_384] as const;
export const TIME_RANGE = [1, 600] as const;

/** The limits this command line sets, the defaults for the rest (values out of range are args.ts's to refuse). */
export function limitsOf(argv: readonly string[]): Limits {
  const at = (flag: string) => {
    const i = argv.indexOf(flag);
    const n = i >= 0 ? Number(argv[i + 1]) : NaN;
    return Number.isFinite(n) ? n : undefined;
  };
  const mb = at('--memory-limit');
  const s = at('--time-limit');
  return {
    memoryMb: mb !== undefined && mb >= MEMORY_RANGE[0] && mb <= MEMORY_RANGE[1] ? Math.round(mb) : DEFAULT_LIMITS.memoryMb,
    timeMs: s !== undefined && s >= TIME_RANGE[0] && s <= TIME_RANGE[1] ? Math.round(s * 1000) : DEFAULT_LIMITS.timeMs,
  };
}
