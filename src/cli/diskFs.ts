/** The disk as the engine's FileSystem: the CLI's only file access. */
import { readFileSync } from 'node:fs';
import type { FileSystem } from '../core/model';

export const diskFs: FileSystem = {
  read(p: string): string | undefined {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
};
