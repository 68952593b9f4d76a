/**
 * What the CLI may read (issue 29): the project being analysed and the Python environments its imports come from,
 * nothing else. The project is the git work tree the working directory is in (else the directory itself) and, for
 * `analyze FILE`, the work tree the file is in (else its folder). The environments are the folders Python itself
 * would import installed packages from: site-packages and dist-packages by their layout, for the system's Python 3,
 * the user's and an active virtual or conda environment; `--python-path DIR` and LAYER_LENS_PYTHONPATH add others
 * (../core/environments.ts).
 */
import * as nodeFs from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { findEnvironments, nodeFolderProbe, type FolderProbe, type PythonEnvironment } from '../core';

/** The git work tree a folder is in (the folder holding `.git`), else the folder. */
export function workTree(dir: string): string {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (nodeFs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return path.resolve(dir);
  }
}

/** The file an `analyze` command line names (its first argument that is not an option or an option's value). */
function analysedFile(argv: readonly string[]): string | undefined {
  if (argv[0] !== 'analyze') return undefined;
  const withValue = new Set(['--call', '--input', '--dtype', '--max-lines', '--device', '--devices', '--train', '--batch', '--dataset', '--max-steps', '--time-budget', '--python-path', '--memory-limit', '--time-limit']);
  for (let i = 1; i < argv.length; i++) {
    if (withValue.has(argv[i])) i++;
    else if (!argv[i].startsWith('--')) return argv[i];
  }
  return undefined;
}

/** The project's folders for this command line, real paths (a link to the project is the project). */
export function projectFolders(argv: readonly string[], cwd = process.cwd()): string[] {
  const out = [workTree(cwd)];
  const file = analysedFile(argv);
  if (file) out.push(workTree(path.dirname(path.resolve(cwd, file))));
  return [...new Set(out.map(realOrSelf))];
}

function realOrSelf(p: string): string {
  try {
    return nodeFs.realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * The Python environments installed packages are read from (../core/environments.ts), as real paths: the folders
 * given with --python-path first, then LAYER_LENS_PYTHONPATH, the active environments and the system's.
 */
export function pythonEnvironments(given: readonly string[] = [], workspace: readonly string[] = [], env = process.env): PythonEnvironment[] {
  return findEnvironments({
    given: given.map((g) => ({ dir: path.resolve(g), source: '--python-path' })), env, home: homedir(), workspace, probe: folderProbe,
  }).map((e) => ({ ...e, dir: realOrSelf(e.dir) }));
}

/** Node's view of folders, for ../core/environments.ts. */
export const folderProbe: FolderProbe = nodeFolderProbe(nodeFs.readdirSync, nodeFs.statSync, nodeFs.readFileSync, nodeFs.realpathSync);
