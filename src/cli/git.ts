/** Reading a git revision's files, for `layer-lens diff REV_A REV_B`. */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { decodeSource, type FileSystem } from '../core';

function git(args: string[], cwd: string): Buffer | undefined {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/** The work tree's top folder, when `cwd` is in a git repository. */
export function repoRoot(cwd: string): string | undefined {
  return git(['rev-parse', '--show-toplevel'], cwd)?.toString('utf8').trim() || undefined;
}

/** The commit a revision names (a branch, a tag, HEAD~1, a hash), or undefined. */
export function resolveRevision(rev: string, cwd: string): string | undefined {
  if (rev.startsWith('-')) return undefined;
  return git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], cwd)?.toString('utf8').trim() || undefined;
}

/**
 * The repository's files as they were at `commit`; files outside the repository (installed packages) from
 * `outside`. A file the revision does not have is not there.
 */
export function revisionFs(commit: string, root: string, outside: FileSystem): FileSystem {
  const cache = new Map<string, string | undefined>();
  return {
    roots: [root],
    read(p: string): string | undefined {
      const rel = path.relative(root, p);
      if (rel.startsWith('..') || path.isAbsolute(rel)) return outside.read(p);
      if (!cache.has(rel)) {
        const blob = git(['show', `${commit}:${rel.split(path.sep).join('/')}`], root);
        const d = blob && decodeSource(blob);
        cache.set(rel, d && 'text' in d ? d.text : undefined);
      }
      return cache.get(rel);
    },
  };
}
