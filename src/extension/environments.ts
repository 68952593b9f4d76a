/**
 * The Python environments a document's installed packages are read from (issue 30), per workspace folder: the
 * layerLens.python.paths setting, the interpreter the Python extension selected (through its public environments
 * API, when that extension is installed; nothing is said when it is not), then what ../core/environments.ts finds
 * by folder layout. No Python runs. The list is found once per folder and again when the setting or the selected
 * interpreter changes; then `onDidChange` fires and the answers are asked again.
 */
import * as nodeFs from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findEnvironments, nodeFolderProbe, type PythonEnvironment } from '../core';
import { Config } from './config';

const probe = nodeFolderProbe(nodeFs.readdirSync, nodeFs.statSync, nodeFs.readFileSync, nodeFs.realpathSync);

/** The part of the Python extension's API read here (its `environments` object), checked as it is used. */
interface PythonApi {
  environments: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(env: { path: string } | string): Promise<{ executable?: { sysPrefix?: string } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
}

function isPythonApi(x: unknown): x is PythonApi {
  const e = (x as { environments?: Record<string, unknown> } | undefined)?.environments;
  return typeof e?.getActiveEnvironmentPath === 'function' && typeof e?.resolveEnvironment === 'function';
}

function real(p: string): string {
  try {
    return nodeFs.realpathSync(p);
  } catch {
    return p;
  }
}

export class PythonEnvironments implements vscode.Disposable {
  private readonly found = new Map<string, PythonEnvironment[]>();
  /** The selected interpreter's sys.prefix per workspace folder, once the Python extension said it. */
  private readonly selected = new Map<string, string>();
  private readonly changedEmitter = new vscode.EventEmitter<void>();
  /** The environments of some folder changed: answers computed with the old ones are stale. */
  readonly onDidChange = this.changedEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changedEmitter];
  private api?: PythonApi;

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('layerLens.python') && this.reset()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reset()),
    );
    void this.connect();
  }

  /** The environments for a file, in the order they are searched (the file's workspace folder's). */
  for(file: string): PythonEnvironment[] {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath;
    const key = folder ?? '';
    let envs = this.found.get(key);
    if (!envs) {
      envs = findEnvironments({
        given: Config.pythonPaths().map((p) => ({ dir: resolveGiven(p, folder), source: 'layerLens.python.paths' })),
        env: process.env, home: homedir(), workspace: folder ? [folder] : [], selectedPrefix: this.selected.get(key), probe,
      }).map((e) => ({ ...e, dir: real(e.dir) }));
      this.found.set(key, envs);
      if (folder && this.api && !this.selected.has(key)) void this.select(folder);
    }
    return envs;
  }

  /** The Python extension's API, if it is installed: activated by it (it activates on Python files anyway). */
  private async connect(): Promise<void> {
    try {
      const ext = vscode.extensions.getExtension('ms-python.python');
      if (!ext) return;
      const api: unknown = ext.isActive ? ext.exports : await ext.activate();
      if (!isPythonApi(api)) return;
      this.api = api;
      const changed = api.environments.onDidChangeActiveEnvironmentPath;
      if (changed) this.disposables.push(changed(() => (this.selected.clear(), this.reset())));
      this.reset();
    } catch {
      // Its API is a convenience: without it, the setting and the folder layout find the environments.
    }
  }

  /** The selected interpreter's prefix for a folder, asked of the Python extension; a change is told to the surfaces. */
  private async select(folder: string): Promise<void> {
    try {
      const env = this.api!.environments;
      const resolved = await env.resolveEnvironment(env.getActiveEnvironmentPath(vscode.Uri.file(folder)));
      const prefix = resolved?.executable?.sysPrefix;
      if (typeof prefix === 'string' && prefix && this.selected.get(folder) !== prefix) {
        this.selected.set(folder, prefix);
        this.found.delete(folder);
        this.changedEmitter.fire();
      }
    } catch {
      // As above: the other sources still apply.
    }
  }

  private reset(): void {
    this.found.clear();
    this.changedEmitter.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** A path from the setting: `~` is the home folder, `${workspaceFolder}` and relative paths are the file's workspace folder's. */
export function resolveGiven(p: string, folder: string | undefined): string {
  const home = p === '~' || p.startsWith('~/') ? path.join(homedir(), p.slice(1)) : p;
  const substituted = folder ? home.replace(/\$\{workspaceFolder\}/g, folder) : home;
  return path.resolve(folder ?? homedir(), substituted);
}
