/**
 * The Python environments installed packages are read from (issues 29 and 30), found by their folder layout: no
 * Python is run. The given folders first (a setting, --python-path, LAYER_LENS_PYTHONPATH), then an active virtual
 * or conda environment, the user's site-packages, and the system's (Debian's /usr/lib/python3/dist-packages, and
 * lib/python3.X/site-packages and dist-packages under /usr/local and /usr). The surface lists folders for it.
 */

export interface FolderProbe {
  /** The names in a folder, or undefined when it is not one. */
  list(dir: string): string[] | undefined;
  isFolder(dir: string): boolean;
}

/** A FolderProbe over Node's calls, which the surface passes in (core imports no Node module). */
export function nodeFolderProbe(readdirSync: (p: string) => string[], statSync: (p: string) => { isDirectory(): boolean }): FolderProbe {
  return {
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
  };
}

/** `lib/python3.X/site-packages` and `dist-packages` below a prefix, for every Python 3 found there. */
function packagesUnder(prefix: string, probe: FolderProbe): string[] {
  const lib = `${prefix.replace(/\/$/, '')}/lib`;
  const versions = (probe.list(lib) ?? []).filter((n) => /^python3(\.\d+)?$/.test(n)).sort();
  return versions.flatMap((v) => [`${lib}/${v}/site-packages`, `${lib}/${v}/dist-packages`]);
}

export function pythonEnvironments(given: readonly string[], env: Readonly<Record<string, string | undefined>>, home: string, probe: FolderProbe): string[] {
  const out: string[] = [...given];
  for (const p of (env.LAYER_LENS_PYTHONPATH ?? '').split(':')) if (p.startsWith('/')) out.push(p);
  for (const prefix of [env.VIRTUAL_ENV, env.CONDA_PREFIX]) if (prefix?.startsWith('/')) out.push(...packagesUnder(prefix, probe));
  out.push(...packagesUnder(`${home}/.local`, probe));
  out.push('/usr/lib/python3/dist-packages', ...packagesUnder('/usr/local', probe), ...packagesUnder('/usr', probe));
  return [...new Set(out.map((p) => p.replace(/\/$/, '')))].filter((d) => probe.isFolder(d));
}
