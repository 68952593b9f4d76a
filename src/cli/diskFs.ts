/**
 * The disk as the engine's FileSystem: the CLI's only file access, stat'ed and bounded (../core/files.ts), and, for
 * the commands that evaluate code, limited to the project and its Python environments (issue 29): a path outside
 * them is never read, nor one whose link leads outside them.
 */
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { decodeSource, insideAny, isFile, nodeFileIo, nodeRealPaths, readBounded, unreadable, type FileAnswers, type FileIo, type FileSystem, type PythonEnvironment } from '../core';

export const nodeIo: FileIo = nodeFileIo(statSync, readFileSync);

/** While set, every answer the disk gives is noted there: the run cache's record of what a run depended on (./runCache.ts). */
export const noted: { answers?: FileAnswers } = {};

function readText(p: string): string | undefined {
  const r = readBounded(nodeIo, p);
  if (!('bytes' in r)) return undefined;
  const d = decodeSource(r.bytes);
  return 'text' in d ? d.text : undefined;
}

/** Where reads may go (set by scopeReads), and why the last refused path was refused. */
let scope: readonly string[] | undefined;
const refused = new Map<string, string>();

/**
 * From now on, read only inside these folders (real paths): the project's and the Python environments', whose
 * packages imports also find (after the project's folders, as site-packages are on Python's path).
 */
export function scopeReads(project: readonly string[], environments: readonly PythonEnvironment[]): void {
  scope = [...project, ...environments.map((e) => e.dir)];
  (diskFs as { environments?: readonly PythonEnvironment[] }).environments = environments;
}

/**
 * Whether a path may be read: inside the scope as written (else 'outside'), and where its links lead (else
 * 'link-out': the file is there, in the project, and is said not to be read).
 */
function allowed(p: string): 'yes' | 'outside' | 'link-out' | 'absent' {
  if (!scope) return 'yes';
  if (!insideAny(p, scope)) return 'outside';
  const real = realOf(p);
  if (real === undefined) return 'absent'; // not there: nothing to read, nothing to follow
  if (insideAny(real, scope)) return 'yes';
  refused.set(p, `it is a link to ${real}, outside the project and its Python environments, which Layer Lens never reads`);
  return 'link-out';
}

/** Where a path really is (one process is one run: what it finds holds for the run). */
const realOf = nodeRealPaths(lstatSync, realpathSync).real;

export const diskFs: FileSystem = {
  // Run from here: top-level modules of the working directory import, as with `python -m`.
  roots: [process.cwd()],
  exists(p: string): boolean {
    const scoped = allowed(p);
    // A link out of the project is there (an import finds it, and its load says why it is not read).
    const there = scoped === 'link-out' || (scoped === 'yes' && isFile(nodeIo, p));
    noted.answers?.exists(p, there);
    return there;
  },
  read(p: string): string | undefined {
    const scoped = allowed(p);
    if (scoped !== 'yes' && scoped !== 'absent') {
      noted.answers?.read(p, undefined);
      return undefined;
    }
    const stamp = noted.answers && stampOf(p);
    const text = readText(p);
    noted.answers?.read(p, text, stamp);
    return text;
  },
  inScope: (p) => !scope || insideAny(p, scope),
  refusal: (p) => refused.get(p),
};

/** A file whose last change is this recent may change again within the same timestamp tick: it gets no stamp. */
const SETTLED_MS = 2000;

/**
 * A file's stamp for the run cache (../core/runCache.ts): device, inode, size, and modification and change times.
 * Writing a file sets its change time, which no program can set back, so the same stamp is the same file. None for
 * a file changed in the last SETTLED_MS (then its text is checked, as git does for a file as new as its index).
 */
export function stampOf(p: string, now = Date.now()): string | undefined {
  try {
    const s = statSync(p);
    if (!s.isFile() || now - Math.max(s.mtimeMs, s.ctimeMs) < SETTLED_MS) return undefined;
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch {
    return undefined;
  }
}

/** A file the user named on the command line: its text, or why not (a device, a FIFO, too large, binary). */
export function readArgument(p: string, what = 'text'): { text: string } | { problem: string } {
  const stamp = noted.answers && stampOf(p);
  const r = readBounded(nodeIo, p);
  if (!('bytes' in r)) {
    noted.answers?.read(p, undefined);
    return { problem: unreadable(p, r) };
  }
  const d = decodeSource(r.bytes);
  noted.answers?.read(p, 'text' in d ? d.text : undefined, stamp);
  return 'text' in d ? { text: d.text } : { problem: `${p} is a binary file, not ${what}` };
}
