/** How the command writes to the terminal as a process: lines without control characters, and a closed pipe ends it quietly. */
import { terminalText } from '../core';

export interface Output {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Said on stderr when LAYER_LENS_CACHE_STATS is set: what the caches did (tests and the bench read it). */
  stats: (s: string) => void;
}

let output: Output | undefined;

export function processOutput(): Output {
  if (output) return output;
  // A reader that stops early (`| head`) closes the pipe: that ends the command quietly, not with a stack trace.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : undefined));
  const err = (s: string) => void process.stderr.write(`${terminalText(s)}\n`);
  output = {
    out: (s) => void process.stdout.write(`${terminalText(s)}\n`),
    err,
    stats: process.env.LAYER_LENS_CACHE_STATS ? err : () => undefined,
  };
  return output;
}
