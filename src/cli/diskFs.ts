/** The disk as the engine's FileSystem: the CLI's only file access. */
import { readFileSync } from 'node:fs';
import { decodeSource, type FileSystem } from '../core';

export const diskFs: FileSystem = {
  // Run from here: top-level modules of the working directory import, as with `python -m`.
  roots: [process.cwd()],
  read(p: string): string | undefined {
    try {
      const d = decodeSource(readFileSync(p));
      return 'text' in d ? d.text : undefined;
    } catch {
      return undefined;
    }
  },
};
