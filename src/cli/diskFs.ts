/** The disk as the engine's FileSystem: the CLI's only file access, stat'ed and bounded (../core/files.ts). */
import { readFileSync, statSync } from 'node:fs';
import { decodeSource, isFile, nodeFileIo, readBounded, unreadable, type FileIo, type FileSystem } from '../core';

export const nodeIo: FileIo = nodeFileIo(statSync, readFileSync);

export const diskFs: FileSystem = {
  // Run from here: top-level modules of the working directory import, as with `python -m`.
  roots: [process.cwd()],
  exists: (p) => isFile(nodeIo, p),
  read(p: string): string | undefined {
    const r = readBounded(nodeIo, p);
    if (!('bytes' in r)) return undefined;
    const d = decodeSource(r.bytes);
    return 'text' in d ? d.text : undefined;
  },
};

/** A file the user named on the command line: its text, or why not (a device, a FIFO, too large, binary). */
export function readArgument(p: string, what = 'text'): { text: string } | { problem: string } {
  const r = readBounded(nodeIo, p);
  if (!('bytes' in r)) return { problem: unreadable(p, r) };
  const d = decodeSource(r.bytes);
  return 'text' in d ? { text: d.text } : { problem: `${p} is a binary file, not ${what}` };
}
