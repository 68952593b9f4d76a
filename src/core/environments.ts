/**
 * The Python environments installed packages are read from (issues 29 and 30), found by their folder layout: no
 * Python is run. In order, each with where it came from, as the user is told:
 *   1. the folders given (the layerLens.python.paths setting or --python-path, then LAYER_LENS_PYTHONPATH);
 *   2. the interpreter the Python extension selected for the workspace (its sys.prefix);
 *   3. an active virtual or conda environment (VIRTUAL_ENV, CONDA_PREFIX), and .venv, venv or env in the workspace;
 *   4. the user's site-packages, and the system's for the python3 found on PATH (the version a pyenv shim runs;
 *      Debian's dist-packages too).
 * Each environment's .pth files add the folders they name, as Python's site module does (paths only: an `import`
 * line is never run). The surface lists folders and reads files for it.
 */

export interface PythonEnvironment {
  /** A folder imports look in (a site-packages, or a folder given or named by a .pth file). */
  dir: string;
  /** Where it came from, in words: `layerLens.python.paths`, `VIRTUAL_ENV (/w/.venv)`, `the system's python3`. */
  source: string;
}

export interface FolderProbe {
  /** The names in a folder, or undefined when it is not one. */
  list(dir: string): string[] | undefined;
  isFolder(dir: string): boolean;
  /** A small text file (a .pth, a pyvenv.cfg), or undefined. */
  read?(file: string): string | undefined;
  /** The real path of a file (links followed), or undefined when it is not a file. */
  realFile?(file: string): string | undefined;
}

export interface EnvironmentSearch {
  /** Folders the user gave, with what gave them. */
  given: readonly PythonEnvironment[];
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** The workspace's folders (a .venv, venv or env in one is an environment). */
  workspace: readonly string[];
  /** sys.prefix of the interpreter the Python extension selected, when it has one. */
  selectedPrefix?: string;
  /** The real path of the python3 an unqualified `python3` runs; found on env.PATH (with probe.realFile) when not given. */
  pythonOnPath?: string;
  probe: FolderProbe;
}

/** A FolderProbe over Node's calls, which the surface passes in (core imports no Node module). */
export function nodeFolderProbe(
  readdirSync: (p: string) => string[], statSync: (p: string) => { isDirectory(): boolean; isFile?(): boolean; size?: number },
  readFileSync?: (p: string, e: 'utf8') => string, realpathSync?: (p: string) => string,
): FolderProbe {
  return {
    realFile: realpathSync && ((file) => {
      try {
        return statSync(file).isFile?.() ? realpathSync(file) : undefined;
      } catch {
        return undefined;
      }
    }),
    list: (dir) => {
      try {
        return readdirSync(dir);
      } catch {
        return undefined;
      }
    },
    isFolder: (dir) => {
      try {
        return statSync(dir).isDirectory();
      } catch {
        return false;
      }
    },
    read: readFileSync && ((file) => {
      try {
        const s = statSync(file);
        return !s.isDirectory() && (s.size ?? 0) <= 64 * 1024 ? readFileSync(file, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    }),
  };
}

const strip = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
const parent = (p: string) => p.slice(0, Math.max(1, p.lastIndexOf('/')));

/** `lib/python3.X/site-packages` and `dist-packages` below a prefix, for every Python 3 found there. */
function packagesUnder(prefix: string, probe: FolderProbe): string[] {
  const lib = `${strip(prefix)}/lib`;
  const versions = (probe.list(lib) ?? []).filter((n) => /^python3(\.\d+)?$/.test(n)).sort();
  return versions.flatMap((v) => [`${lib}/${v}/site-packages`, `${lib}/${v}/dist-packages`]);
}

export function findEnvironments(s: EnvironmentSearch): PythonEnvironment[] {
  const out: PythonEnvironment[] = s.given.flatMap((g) => givenFolders(g, s.probe));
  for (const p of (s.env.LAYER_LENS_PYTHONPATH ?? '').split(':')) if (p.startsWith('/')) out.push({ dir: p, source: 'LAYER_LENS_PYTHONPATH' });
  const prefix = (dir: string | undefined, source: string) => {
    if (dir?.startsWith('/')) for (const d of packagesUnder(dir, s.probe)) out.push({ dir: d, source });
  };
  prefix(s.selectedPrefix, `the Python extension's interpreter (${s.selectedPrefix})`);
  prefix(s.env.VIRTUAL_ENV, `VIRTUAL_ENV (${s.env.VIRTUAL_ENV})`);
  prefix(s.env.CONDA_PREFIX, `CONDA_PREFIX (${s.env.CONDA_PREFIX})`);
  for (const w of s.workspace) {
    for (const name of ['.venv', 'venv', 'env']) {
      const dir = `${strip(w)}/${name}`;
      // A virtual environment says so in its pyvenv.cfg (an `env` folder may be anything else).
      if (s.probe.isFolder(dir) && (s.probe.list(dir) ?? []).includes('pyvenv.cfg')) prefix(dir, `the workspace's ${name} (${dir})`);
    }
  }
  prefix(`${s.home}/.local`, "the user's site-packages");
  const python = s.pythonOnPath ?? firstOnPath('python3', s.env.PATH, s.probe);
  // pyenv: python3 on PATH is a shim, which runs the version PYENV_VERSION names, else the workspace's
  // .python-version, else pyenv's global one ("system": the system's python3, found below).
  const shims = python && /^(.*)\/shims\/python3$/.exec(python)?.[1];
  if (shims) {
    const chosen = s.env.PYENV_VERSION ?? [...s.workspace.map((w) => `${strip(w)}/.python-version`), `${shims}/version`].map((f) => s.probe.read?.(f)).find((t) => t?.trim());
    for (const v of (chosen ?? '').split(/[\s:]+/).filter((x) => x && x !== 'system' && !x.includes('/'))) prefix(`${shims}/versions/${v}`, `pyenv's ${v} (${shims}/versions/${v})`);
  }
  if (python?.startsWith('/')) {
    const sys = parent(parent(python));
    prefix(sys, `the system's python3 (${python})`);
    if (sys === '/usr') out.push({ dir: '/usr/lib/python3/dist-packages', source: `the system's python3 (${python})` });
  }
  out.push({ dir: '/usr/lib/python3/dist-packages', source: "Debian's python3" });
  prefix('/usr/local', "the system's python3 (/usr/local)");
  const seen = new Set<string>();
  const found: PythonEnvironment[] = [];
  const add = (e: PythonEnvironment) => {
    const dir = strip(e.dir);
    if (seen.has(dir) || !s.probe.isFolder(dir)) return;
    seen.add(dir);
    found.push({ dir, source: e.source });
  };
  for (const e of out) {
    add(e);
    // .pth files: each line that is a folder (relative to the site folder, or absolute) is on the path too.
    if (!seen.has(strip(e.dir)) || !s.probe.read) continue;
    for (const name of (s.probe.list(strip(e.dir)) ?? []).filter((n) => n.endsWith('.pth')).sort()) {
      for (const line of (s.probe.read(`${strip(e.dir)}/${name}`) ?? '').split('\n').map((l) => l.trim())) {
        if (!line || line.startsWith('#') || /^import[\s\t]/.test(line)) continue;
        add({ dir: line.startsWith('/') ? line : `${strip(e.dir)}/${line}`, source: `${e.source}, by ${name}` });
      }
    }
  }
  return found;
}

/** The real path of the program an unqualified name runs: the first file of that name in PATH's folders. */
function firstOnPath(name: string, pathVar: string | undefined, probe: FolderProbe): string | undefined {
  if (!probe.realFile) return undefined;
  for (const dir of (pathVar ?? '').split(':')) {
    const real = dir.startsWith('/') ? probe.realFile(`${strip(dir)}/${name}`) : undefined;
    if (real) return real;
  }
  return undefined;
}

/**
 * A folder given by the user, as they are likely to give it: a site-packages (or any folder imports look in), an
 * environment's prefix (`/w/.venv`: its lib/python3.X/site-packages), or its interpreter (`/w/.venv/bin/python`).
 */
function givenFolders(g: PythonEnvironment, probe: FolderProbe): PythonEnvironment[] {
  const dir = strip(g.dir);
  const name = dir.slice(dir.lastIndexOf('/') + 1);
  const prefix = !probe.isFolder(dir) && /^python[\d.]*(\.exe)?$/.test(name) ? parent(parent(dir)) : dir;
  const below = packagesUnder(prefix, probe).filter((d) => probe.isFolder(d));
  return below.length ? below.map((d) => ({ dir: d, source: g.source })) : [{ dir, source: g.source }];
}

/** The environments as the one-line list a finding names. */
export function environmentList(envs: readonly PythonEnvironment[]): string {
  return envs.length ? envs.map((e) => `${e.dir} (${e.source})`).join(', ') : 'none was found';
}
