/**
 * `npm run bench`: Layer Lens's costs and a runtime FLOP counter's, side by side in one run (the machine is
 * shared and noisy, so only same-run comparisons mean anything). Every figure is a median after warm-up, with
 * min and max. Prints tables and writes test-output/bench.json. Nothing here asserts: tests never time things.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parser } from '@lezer/python';
import { analyzeFile, clearFormulaCache, compact, detectDoubleEncoding, DocumentAnalysis, evaluateModels, FormulaQueue, type FileSystem, hoverAt, NOTES_MATH_BUDGET_MS, NOTES_SLICE_MS, renderNotes } from '../../src/core';
import { EngineClient, workerTransport } from '../../src/extension/engineClient';
import { generatedModel } from './generated';

const disk: FileSystem = { read: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) };
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');
const TORCHVISION = process.env.LAYER_LENS_TORCHVISION ?? '/usr/lib/python3/dist-packages/torchvision';
const MODELS = path.join(TORCHVISION, 'models');

export interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Time `fn` `runs` times after `warmup` untimed calls. */
function measure(fn: () => void, runs: number, warmup = 3): Stat {
  for (let i = 0; i < warmup; i++) fn();
  const xs = Array.from({ length: runs }, () => time(fn)).sort((a, b) => a - b);
  return { median: xs[Math.floor(xs.length / 2)], min: xs[0], max: xs[xs.length - 1], runs };
}

function stat(xs: number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const ms = (s: Stat | number | undefined, digits = 1) => (s === undefined ? '—' : typeof s === 'number' ? s.toFixed(digits) : `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`);

function table(title: string, rows: string[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  console.log(`\n${title}`);
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}

// ------------------------------------------------------------------ files: parse, analysis, edits

interface FileRow {
  file: string;
  lines: number;
  layerCalls: number;
  parse: Stat;
  firstAnalysis: number;
  analysis: Stat;
  analysisOverParse: number;
  edit: Stat;
}

function benchFile(name: string, file: string, text: string): FileRow {
  // The file's own imports (torchvision's relative ones) are read from disk, as the editor reads them.
  const only: FileSystem = { read: (p) => (p === file ? text : disk.read(p)) };
  const firstAnalysis = time(() => analyzeFile(file, only));
  const parse = measure(() => parser.parse(text), 15);
  const analysis = measure(() => analyzeFile(file, only), 15);
  // Typing in a layer call in the middle of the file: insert a digit, then delete it; each new version is
  // analysed completely (what Problems shows once typing pauses). Every insertion moves all the code after it.
  const doc = new DocumentAnalysis(file, only, {});
  doc.version(text).analysis();
  const at = layerCallInTheMiddle(text);
  let current = text;
  let k = 0;
  const edit = measure(() => {
    current = k++ % 2 === 0 ? current.slice(0, at) + '7' + current.slice(at) : current.slice(0, at) + current.slice(at + 1);
    doc.version(current).analysis();
  }, 15, 2);
  return {
    file: name, lines: text.split('\n').length, layerCalls: analyzeFile(file, only).calls.length, parse, firstAnalysis, analysis,
    analysisOverParse: analysis.median / parse.median, edit,
  };
}

/** Just after the opening parenthesis of a layer call (one with a number in it) about the middle of the file. */
function layerCallInTheMiddle(text: string): number {
  const calls = [...text.matchAll(/\b(?:nn\.)?[A-Z]\w*\((?=[^)\n]*\d)/g)];
  const m = calls[Math.floor(calls.length / 2)];
  return m.index! + m[0].length;
}

/**
 * What the hover and CodeLens providers do on a 10k-line file, minus VS Code itself: find the call under the
 * cursor and explain it (the complete analysis of the version done, as Problems has done it), and after a
 * one-character edit, the rows of the lines on screen and 150 either side, then title every lens.
 */
function benchEditorSurfaces(text: string): { hover: Stat; codeLensRefresh: Stat } {
  const file = '/bench/editor-10k.py';
  const doc = new DocumentAnalysis(file, { read: () => undefined }, {});
  let version = doc.version(text);
  // As in the editor, where Problems has the complete analysis once the file has been open a moment.
  version.analysis();
  const lines = text.split('\n');
  const convLines = lines.map((l, i) => (l.includes('nn.Conv2d(') ? i + 1 : 0)).filter((i) => i > 0);
  // What the editor shows: the lines on screen and 150 either side (the CodeLens provider's window).
  const screen = (line: number) => [Math.max(1, line - 170), Math.min(lines.length, line + 170)] as const;
  let k = 0;
  // Where each line starts (VS Code's document gives a hover its offset).
  const lineStarts: number[] = [];
  for (let i = 0, at = 0; i < lines.length; at += lines[i].length + 1, i++) lineStarts.push(at);
  // What the hover does on a version at hand: the lines a hover needs (its line and 40 above, for a call written over
  // several lines) and the card's facts from them (features/hover.ts).
  const hover = measure(() => {
    const line = convLines[(k++ * 37) % convLines.length];
    const from = Math.max(1, line - 40);
    const window = { calls: version.callsIn(from, line), operations: version.operationsIn(from, line) };
    const offset = lineStarts[line - 1] + lines[line - 1].indexOf('nn.Conv2d(');
    hoverAt(window, { line, offset, lineText: (l) => lines[l - 1] }, { dtype: 'float32' });
  }, 200, 20);
  const at = layerCallInTheMiddle(text);
  const middle = text.slice(0, at).split('\n').length;
  let current = text;
  let i = 0;
  const codeLensRefresh = measure(() => {
    current = i++ % 2 === 0 ? current.slice(0, at) + '1' + current.slice(at) : current.slice(0, at) + current.slice(at + 1);
    version = doc.version(current);
    for (const c of version.callsIn(...screen(middle))) `${c.type}: params ${compact(c.params)} · Mult-Adds ${compact(c.multAdds)} · MAC ${compact(c.memoryAccessCost)}`;
  }, 30, 4);
  return { hover, codeLensRefresh };
}

/**
 * Issue 20: `layer-lens analyze resnet.py --call "resnet50()"` as a whole process: with its caches empty (a new
 * folder each run); with the parse cache warm but the run evaluated (LAYER_LENS_RUN_CACHE=0); the same command
 * again, printed from the run cache; with no cache; Node doing nothing (the floor of any Node command); and the
 * runtime counter's whole process. All in turn, so that each round meets the same moment of this shared machine.
 */
type ColdProcess = { empty: Stat; parsed: Stat; again: Stat; none: Stat; node: Stat; torch: Stat };

/**
 * resnet50's totals as whole processes, each case in turn in every round, so that the machine's load falls on all
 * of them alike. With `against` (another checkout's bin/layer-lens.js, built), the same cases of that build run in
 * the same rounds, alternated with this build's: pairs, whose medians `npm run bench -- --against DIR` prints.
 */
function benchColdProcess(against?: string): { ours: ColdProcess; theirs?: Omit<ColdProcess, 'node' | 'torch'> } | undefined {
  const resnet = path.join('/usr/lib/python3/dist-packages/torchvision/models/resnet.py');
  const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch, torchvision'], { encoding: 'utf8' }).status === 0;
  if (!existsSync(resnet) || !hasTorch) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-bench-cache-'));
  // A run's detached writer works after it ends: waited for, so that it never competes with the next run.
  const stored = (name: string) => (existsSync(path.join(dir, name)) ? readdirSync(path.join(dir, name)).filter((f) => f.endsWith('.ast')).length : 0);
  const settle = (name: string) => {
    for (let i = 0; i < 100 && stored(name) < 10; i++) spawnSync('sleep', ['0.1']);
  };
  const build = (cli: string, tag: string) => {
    const run = (args: string[], env: Record<string, string> = {}) => {
      const t = performance.now();
      const r = spawnSync(process.execPath, [cli, 'analyze', resnet, '--call', 'resnet50()', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
      if (r.status !== 0) throw new Error(`${cli}: ${r.stderr}`);
      return performance.now() - t;
    };
    // Fill the warm folder, and let its detached writer finish.
    run([], { LAYER_LENS_CACHE_DIR: path.join(dir, `${tag}-warm`) });
    settle(`${tag}-warm`);
    const times = { empty: [] as number[], parsed: [] as number[], again: [] as number[], none: [] as number[] };
    const round = (k: number) => {
      times.empty.push(run([], { LAYER_LENS_CACHE_DIR: path.join(dir, `${tag}-empty-${k}`) }));
      settle(`${tag}-empty-${k}`);
      times.parsed.push(run([], { LAYER_LENS_CACHE_DIR: path.join(dir, `${tag}-warm`), LAYER_LENS_RUN_CACHE: '0' }));
      times.again.push(run([], { LAYER_LENS_CACHE_DIR: path.join(dir, `${tag}-warm`) }));
      times.none.push(run(['--no-cache']));
    };
    const stats = () => ({ empty: stat(times.empty), parsed: stat(times.parsed), again: stat(times.again), none: stat(times.none) });
    return { round, stats };
  };
  const ours = build(path.join(ROOT, 'bin', 'layer-lens.js'), 'ours');
  const theirs = against ? build(against, 'theirs') : undefined;
  const node: number[] = [];
  const torch: number[] = [];
  for (let k = 0; k < 7; k++) {
    // Which build goes first alternates, so that neither always follows the other's writes.
    if (theirs && k % 2) theirs.round(k);
    ours.round(k);
    if (theirs && !(k % 2)) theirs.round(k);
    node.push(time(() => spawnSync(process.execPath, ['-e', '0'])));
    torch.push(time(() => execFileSync('/usr/bin/python3', [path.join(ROOT, 'test', 'bench', 'torch_counter.py'), 'resnet50'], { encoding: 'utf8' })));
  }
  return { ours: { ...ours.stats(), node: stat(node), torch: stat(torch) }, theirs: theirs?.stats() };
}

/**
 * A model built by an installed library (issue 30): samples/finetune_resnet.py, ResNet-18 read from torchvision as
 * installed, against its workspace twin (test/bench/finetune_workspace.py, the same model written in the file), as
 * whole `layer-lens analyze` processes (the engine in its worker): parse cache empty, then warm (evaluated again,
 * LAYER_LENS_RUN_CACHE=0). Each case in turn in every round. Then as an editor opens them (openInstalledOnce).
 */
type InstalledRow = { file: string; empty: Stat; warm: Stat; filesRead: number; opened?: Stat };

function benchInstalled(): InstalledRow[] | undefined {
  if (!existsSync(path.join(MODELS, 'resnet.py'))) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-bench-installed-'));
  const cli = path.join(ROOT, 'bin', 'layer-lens.js');
  const cases = [['library (torchvision as installed)', path.join(ROOT, 'samples', 'finetune_resnet.py')], ['workspace twin', path.join(ROOT, 'test', 'bench', 'finetune_workspace.py')]];
  const run = (file: string, cache: string, env: Record<string, string> = {}) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, 'analyze', file, '--json'], { encoding: 'utf8', env: { ...process.env, LAYER_LENS_CACHE_DIR: cache, ...env } });
    if (r.status !== 0) throw new Error(`${cli}: ${r.stderr}`);
    return { ms: performance.now() - t, json: JSON.parse(r.stdout) as { models: { totals: { params: number } }[] } };
  };
  const times = cases.map(() => ({ empty: [] as number[], warm: [] as number[] }));
  cases.forEach(([, file], i) => run(file, path.join(dir, `warm-${i}`)));
  // The detached writer of the first run stores the trees after it ends.
  spawnSync('sleep', ['1']);
  for (let k = 0; k < 7; k++) {
    cases.forEach(([, file], i) => {
      times[i].empty.push(run(file, path.join(dir, `empty-${i}-${k}`)).ms);
      times[i].warm.push(run(file, path.join(dir, `warm-${i}`), { LAYER_LENS_RUN_CACHE: '0' }).ms);
    });
  }
  const stored = (i: number) => (existsSync(path.join(dir, `warm-${i}`)) ? readdirSync(path.join(dir, `warm-${i}`)).filter((f) => f.endsWith('.ast')).length : 0);
  // In an editor whose engine already runs: a process per round, each with a worker of its own. The extension keeps
  // its trees in a folder of its own (the CLI's entries are signed): a first run fills it, and is not counted.
  const opened = [] as { twin: number; library: number }[];
  const editorCache = path.join(dir, 'editor');
  for (let k = 0; k <= 7; k++) {
    const r = spawnSync(process.execPath, [__filename, '--open-installed', editorCache, ...(k === 0 ? ['--then-store'] : [])], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`--open-installed: ${r.stderr}`);
    if (k > 0) opened.push(JSON.parse(r.stdout) as { twin: number; library: number });
  }
  const openedStat = [stat(opened.map((o) => o.library)), stat(opened.map((o) => o.twin))];
  return cases.map(([name], i) => ({ file: name, empty: stat(times[i].empty), warm: stat(times[i].warm), filesRead: stored(i), opened: openedStat[i] }));
}

/**
 * `--open-installed CACHE [--then-store]`: each file opened in an editor whose engine already runs (its worker
 * started, torch's preludes parsed for an earlier file), library trees in the worker's cache folder: from asking
 * for the file's lines, as the CodeLens does, to the answer. The workspace twin is opened first (its time includes
 * the worker's start), so that the library file's is what opening it costs. Printed as JSON, in ms.
 * `--then-store` waits until the worker has stored the trees it parsed.
 */
async function openInstalledOnce(cacheDir: string, store: boolean): Promise<void> {
  const client = new EngineClient(workerTransport(path.join(ROOT, 'dist', 'engine.js'), cacheDir), () => ({ timeMs: 60_000, memoryMb: 1024 }), () => undefined);
  const open = async (file: string) => {
    const text = readFileSync(file, 'utf8');
    const t = performance.now();
    const r = await client.ask({ key: `file://${file}`, version: '1', file, roots: [ROOT], text: () => text }, { op: 'lines', from: 1, to: text.split('\n').length }, {});
    if (!('value' in r) || !r.value.calls.length) throw new Error(`no lines for ${file}`);
    return performance.now() - t;
  };
  try {
    const twin = await open(path.join(ROOT, 'test', 'bench', 'finetune_workspace.py'));
    const library = await open(path.join(ROOT, 'samples', 'finetune_resnet.py'));
    console.log(JSON.stringify({ twin, library }));
    // The worker stores what it parsed once it has been idle for two seconds.
    if (store) await new Promise((r) => setTimeout(r, 3500));
  } finally {
    client.dispose();
  }
}

function printInstalled(installed: InstalledRow[] | undefined): void {
  if (!installed) return;
  table('Fine-tuning ResNet-18: read from torchvision as installed, beside the same model written in the file (whole processes; ms)', [
    ['', 'parse cache empty', 'parse cache warm', 'trees in the cache', 'opened, engine running, cache warm'],
    ...installed.map((r) => [r.file, ms(r.empty, 0), ms(r.warm, 0), String(r.filesRead), ms(r.opened, 0)]),
  ]);
}

/** The same in a real VS Code: code-server runs test/integration/bench in its extension host. */
type RealEditor = {
  hover: Stat; codeLensRefresh: Stat; codeLensUnchanged: Stat; lensCount: number; floor: { hover: Stat; codeLensRefresh: Stat };
  /** Ours edited in the focused editor and the floor's in one never focused (the method before 2026-12-02). */
  onlyOursFocused: { codeLensRefresh: Stat; floor: Stat };
};

/**
 * `engine`: where the extension runs the engine, its worker thread (what users get) or the extension host's own
 * thread (as before issue 18, LAYER_LENS_ENGINE=in-process), to compare the two in one run.
 */
function benchRealEditor(engine: 'worker' | 'in-process'): RealEditor | undefined {
  const entry = path.join(ROOT, 'out', 'test', 'integration', 'bench', 'index.js');
  const runner = path.join(ROOT, 'out', 'test', 'editor', 'runIntegration.js');
  if (!existsSync(entry) || !existsSync(runner)) {
    console.log('(the real-editor part needs `tsc -p tsconfig.editor.json` and test/editor/setup.sh; npm run bench does both)');
    return undefined;
  }
  const out = path.join(ROOT, 'test-output', 'bench-editor.json');
  mkdirSync(path.dirname(out), { recursive: true });
  rmSync(out, { force: true });
  const r = spawnSync(process.execPath, [runner, entry], { encoding: 'utf8', env: { ...process.env, LAYER_LENS_BENCH_OUT: out, LAYER_LENS_ENGINE: engine }, timeout: 300_000 });
  if (r.status !== 0 || !existsSync(out)) {
    console.log(`(the real-editor part did not run: ${(r.stderr || r.stdout || '').trim().split('\n').pop()})`);
    return undefined;
  }
  return JSON.parse(readFileSync(out, 'utf8')) as RealEditor;
}

// ------------------------------------------------------------------ whole models against PyTorch

interface ModelRow {
  model: string;
  params: number | null;
  multAdds: number | null;
  /** First evaluation in a fresh process (what the first CodeLens waits for), measured inside it. */
  layerLensCold: Stat;
  /** Evaluated again in the same process (after an edit elsewhere). */
  layerLensWarm: Stat;
  /** The Python files the evaluation read, parsed cold in a fresh process. */
  coldParse: { files: number; chars: number; ms: Stat };
  torch?: { params: number; multAdds: number; import: Stat; build: Stat; forward: Stat; total: Stat };
  ratioCold?: number;
  ratioWarm?: number;
}

/** `node bench.js --model FILE CALL`: one cold evaluation, printed as JSON (run in a child process). */
function modelOnce(file: string, call: string): void {
  const read = new Set<string>();
  const recording: FileSystem = { read: (p) => { const text = disk.read(p); if (text !== undefined) read.add(p); return text; } };
  const t = performance.now();
  const [m] = evaluateModels(file, recording, { call }).models;
  const elapsed = performance.now() - t;
  process.stdout.write(JSON.stringify({ ms: elapsed, params: m.totals.params, multAdds: m.totals.multAdds, files: [...read] }));
}

/** `node bench.js --parse FILE...`: parse these files once each in a fresh process (the cold parser's limit). */
function parseOnce(files: string[]): void {
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const t = performance.now();
  for (const text of texts) parser.parse(text);
  process.stdout.write(JSON.stringify({ ms: performance.now() - t, chars: texts.reduce((n, s) => n + s.length, 0) }));
}

function benchModels(): ModelRow[] {
  const rows: ModelRow[] = [];
  const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch, torchvision'], { encoding: 'utf8' }).status === 0;
  for (const [file, call, name] of [['resnet.py', 'resnet50()', 'resnet50'], ['mobilenetv2.py', 'mobilenet_v2()', 'mobilenet_v2'], ['vision_transformer.py', 'vit_b_16()', 'vit_b_16']]) {
    const full = path.join(MODELS, file);
    if (!existsSync(full)) continue;
    const cold = Array.from({ length: 5 }, () => JSON.parse(execFileSync(process.execPath, [__filename, '--model', full, call], { encoding: 'utf8' })) as { ms: number; params: number; multAdds: number; files: string[] });
    // The same files parsed cold in a fresh process: what no evaluation of them can go below.
    const parses = Array.from({ length: 5 }, () => JSON.parse(execFileSync(process.execPath, [__filename, '--parse', ...cold[0].files], { encoding: 'utf8' })) as { ms: number; chars: number });
    const [m] = evaluateModels(full, disk, { call }).models;
    const warm = measure(() => evaluateModels(full, disk, { call }), 10, 3);
    const row: ModelRow = { model: call, params: m.totals.params, multAdds: m.totals.multAdds, layerLensCold: stat(cold.map((c) => c.ms)), layerLensWarm: warm,
      coldParse: { files: cold[0].files.length, chars: parses[0].chars, ms: stat(parses.map((p) => p.ms)) } };
    if (hasTorch) {
      const runs = Array.from({ length: 3 }, () => JSON.parse(execFileSync('/usr/bin/python3', [path.join(ROOT, 'test', 'bench', 'torch_counter.py'), name], { encoding: 'utf8' }).trim().split('\n').pop()!) as { params: number; multAdds: number; importMs: number; buildMs: number; forwardMs: number });
      const total = stat(runs.map((r) => r.importMs + r.buildMs + r.forwardMs));
      row.torch = { params: runs[0].params, multAdds: runs[0].multAdds, import: stat(runs.map((r) => r.importMs)), build: stat(runs.map((r) => r.buildMs)), forward: stat(runs.map((r) => r.forwardMs)), total };
      row.ratioCold = total.median / row.layerLensCold.median;
      row.ratioWarm = total.median / warm.median;
    }
    rows.push(row);
  }
  return rows;
}

// ------------------------------------------------------------------ the extension itself

/** `node bench.js --activate BUNDLE`: require the bundle with a stub `vscode` and activate it (child process). */
function activateOnce(bundle: string): void {
  const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
  // Anything VS Code would return: a callable, constructible object whose every property is another such object.
  const stub: unknown = new Proxy(function stubbed() {}, {
    get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : stub),
    apply: () => stub,
    construct: () => stub as object,
  });
  // The module object lists the names the extension uses (bundlers copy a module's own properties).
  const names = new Set<string>();
  for (const f of readdirSync(path.join(ROOT, 'src', 'extension'))) {
    for (const m of readFileSync(path.join(ROOT, 'src', 'extension', f), 'utf8').matchAll(/vscode\.([A-Za-z_0-9]+)/g)) names.add(m[1]);
  }
  const vscodeModule = new Proxy({}, {
    get: () => stub,
    ownKeys: () => [...names],
    getOwnPropertyDescriptor: () => ({ configurable: true, enumerable: true, writable: true, value: stub }),
  });
  const load = Module._load;
  Module._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? vscodeModule : load(request, ...rest));
  const t = performance.now();
  const ext = require(bundle) as { activate(c: unknown): unknown };
  const loaded = performance.now();
  ext.activate({ subscriptions: [], extensionUri: stub, extensionPath: path.dirname(bundle), globalStorageUri: { fsPath: path.join(path.dirname(bundle), 'storage') } });
  const done = performance.now();
  process.stdout.write(JSON.stringify({ requireMs: loaded - t, activateMs: done - loaded }));
}

interface ExtensionRow {
  bundles: Record<string, number>;
  require: Stat;
  activate: Stat;
  total: Stat;
}

function benchExtension(): ExtensionRow {
  // The production build, as the .vsix ships it, into its own folder.
  const out = path.join(ROOT, 'test-output', 'bench-dist');
  execFileSync(process.execPath, ['-e', `
    const esbuild = require('esbuild');
    const common = { bundle: true, minify: true, logLevel: 'warning', define: { LAYER_LENS_VERSION: '"bench"' }, platform: 'node', format: 'cjs', target: 'node20' };
    Promise.all([
      esbuild.build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: ${JSON.stringify(path.join(out, 'extension.js'))}, external: ['vscode'] }),
      esbuild.build({ ...common, entryPoints: ['src/extension/notesRenderer.ts'], outfile: ${JSON.stringify(path.join(out, 'notesRenderer.js'))} }),
      esbuild.build({ ...common, entryPoints: ['src/engine/worker.ts'], outfile: ${JSON.stringify(path.join(out, 'engine.js'))} }),
      esbuild.build({ ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: { costPanel: 'src/webview/costPanel/main.ts', notes: 'src/webview/notes/main.ts' }, outdir: ${JSON.stringify(path.join(out, 'webview'))} }),
    ]).catch((e) => { console.error(e); process.exit(1); });`], { cwd: ROOT, stdio: 'inherit' });
  const size = (f: string) => readFileSync(f).length;
  const bundles: Record<string, number> = {
    'extension.js': size(path.join(out, 'extension.js')), 'engine.js (the worker thread, started at the first question)': size(path.join(out, 'engine.js')),
    'notesRenderer.js (loaded on first notes view)': size(path.join(out, 'notesRenderer.js')),
  };
  for (const f of ['costPanel.js', 'notes.js']) bundles[`webview/${f}`] = size(path.join(out, 'webview', f));
  const runs = Array.from({ length: 7 }, () => JSON.parse(execFileSync(process.execPath, [__filename, '--activate', path.join(out, 'extension.js')], { encoding: 'utf8' })) as { requireMs: number; activateMs: number });
  return { bundles, require: stat(runs.map((r) => r.requireMs)), activate: stat(runs.map((r) => r.activateMs)), total: stat(runs.map((r) => r.requireMs + r.activateMs)) };
}

/** `node --expose-gc bench.js --memory`: heap held by the analysis of one open 10k-line file (child process). */
function memoryOnce(): void {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const text = generatedModel(10_000);
  gc();
  const before = process.memoryUsage().heapUsed;
  const doc = new DocumentAnalysis('/bench/memory-10k.py', { read: () => undefined }, {});
  doc.version(text).analysis();
  gc();
  const after = process.memoryUsage().heapUsed;
  process.stdout.write(JSON.stringify({ bytes: after - before, textBytes: text.length * 2, keep: !!doc }));
}

// ------------------------------------------------------------------ notes

interface NotesRow {
  notes: string;
  kb: number;
  formulas: number;
  first: number;
  warm: Stat;
  cached: Stat;
  /** As the notes view renders (issue 20): shown after the math budget, the rest typeset in slices after it. */
  shown: number;
  typesetAfter: number;
  pending: number;
}

function benchNotes(): NotesRow[] {
  const notes = readFileSync(path.join(ROOT, 'samples', 'notes', 'deep-learning-notes.md'), 'utf8');
  // 2 MB of notes: the bundled notes again and again, each copy's headings and formulas made distinct
  // (so that the formula cache does not help the first render).
  const copy = (i: number) => notes.replace(/^(#+ .*)$/gm, `$1 (${i})`).replace(/\$([^$]+)\$/g, (_m, f: string) => `$${f} + ${i}$`);
  const copies: string[] = [];
  for (let i = 0, size = 0; size < 2 * 1024 * 1024; i++) {
    copies.push(copy(i));
    size += Buffer.byteLength(copies[i]);
  }
  const big = copies.join('\n\n');
  const rows: NotesRow[] = [];
  for (const [name, text, runs] of [['bundled notes', notes, 20], ['2 MB notes', big, 3]] as const) {
    const first = time(() => renderNotes(text));
    // warm: every formula typeset again; cached: re-rendered with typeset formulas cached (an edit elsewhere).
    const warm = measure(() => (clearFormulaCache(), renderNotes(text)), runs, 1);
    const cached = measure(() => renderNotes(text), runs, 1);
    const r = renderNotes(text);
    clearFormulaCache();
    let progressive: ReturnType<typeof renderNotes> | undefined;
    const shown = time(() => (progressive = renderNotes(text, { mathBudgetMs: NOTES_MATH_BUDGET_MS })));
    const queue = new FormulaQueue(progressive!.pending);
    const typesetAfter = time(() => {
      while (queue.left > 0) queue.slice(NOTES_SLICE_MS);
    });
    rows.push({ notes: name, kb: Buffer.byteLength(text) / 1024, formulas: r.math.inline + r.math.display, first, warm, cached, shown, typesetAfter, pending: progressive!.pending.length });
  }
  return rows;
}

// ------------------------------------------------------------------ report

function main(against?: string): void {
  const started = Date.now();
  const files: FileRow[] = [];
  for (const [name, file] of [['torchvision resnet.py', 'resnet.py'], ['torchvision regnet.py', 'regnet.py']]) {
    const p = path.join(MODELS, file);
    if (existsSync(p)) files.push(benchFile(name, p, readFileSync(p, 'utf8')));
    else console.log(`(${p} not found: apt-get install python3-torchvision)`);
  }
  const dense = generatedModel(10_000);
  files.push(benchFile('generated, 10k lines', '/bench/generated-10k.py', dense));
  table('Files (ms; median (min–max))', [
    ['file', 'lines', 'layer calls', 'parse alone', 'first analysis', 'analysis', 'analysis ÷ parse', 'one-line edit, then all again'],
    ...files.map((f) => [f.file, String(f.lines), String(f.layerCalls), ms(f.parse), ms(f.firstAnalysis), ms(f.analysis), `${f.analysisOverParse.toFixed(2)}×`, ms(f.edit)]),
  ]);

  const surfaces = benchEditorSurfaces(dense);
  // The engine on the host's thread, then in its worker: one after the other in this run, on the same machine.
  const onHost = benchRealEditor('in-process');
  const real = benchRealEditor('worker');
  const above = (r: RealEditor | undefined, k: 'hover' | 'codeLensRefresh', digits: number) => (r ? (r[k].median - r.floor[k].median).toFixed(digits) : '—');
  table('Hover and CodeLens on the 10k-line file (ms)', [
    ['', 'hover', 'CodeLens refresh after an edit'],
    ['in-process (the providers\' work)', ms(surfaces.hover, 3), ms(surfaces.codeLensRefresh)],
    ['in VS Code (code-server, through its commands), engine in its worker thread', ms(real?.hover, 2), ms(real?.codeLensRefresh)],
    ['in VS Code, the same version again (its round trip alone)', '', ms(real?.codeLensUnchanged)],
    ['in VS Code, providers that do no work, asked in turn with ours (the editor\'s floor)', ms(real?.floor.hover, 2), ms(real?.floor.codeLensRefresh)],
    ['in VS Code, Layer Lens above the floor, engine in its worker thread', above(real, 'hover', 2), above(real, 'codeLensRefresh', 1)],
    ['the same, with only ours ever focused (the floor\'s editor never is)', '', real ? `${ms(real.onlyOursFocused.codeLensRefresh.median)} − ${ms(real.onlyOursFocused.floor.median)} = ${ms(real.onlyOursFocused.codeLensRefresh.median - real.onlyOursFocused.floor.median)}` : '—'],
    ['in VS Code, engine on the extension host\'s thread (as before issue 18)', ms(onHost?.hover, 2), ms(onHost?.codeLensRefresh)],
    ['in VS Code, Layer Lens above the floor, engine on the host\'s thread', above(onHost, 'hover', 2), above(onHost, 'codeLensRefresh', 1)],
  ]);
  if (real) console.log(`(${real.lensCount} lenses on the file; in VS Code the command resolves 40 of them, as a screenful)`);

  const coldRuns = benchColdProcess(against);
  const cold = coldRuns?.ours;
  if (coldRuns && cold) {
    const faster = (s: Stat) => `${(cold.torch.median / s.median).toFixed(1)}× faster`;
    const theirs = coldRuns.theirs;
    const pair = (k: keyof NonNullable<typeof theirs>) => (theirs ? [ms(theirs[k], 0), `${(cold[k].median / theirs[k].median).toFixed(2)}×`] : []);
    table(`resnet50 totals as whole processes, in turn (ms; median (min–max))${theirs ? `; beside ${against}, alternated in pairs` : ''}`, [
      ['', 'wall', 'against the runtime counter', ...(theirs ? ['the other build', 'this ÷ other'] : [])],
      ['layer-lens, caches empty (first run)', ms(cold.empty, 0), faster(cold.empty), ...pair('empty')],
      ['layer-lens, parse cache warm, evaluated again (LAYER_LENS_RUN_CACHE=0)', ms(cold.parsed, 0), faster(cold.parsed), ...pair('parsed')],
      ['layer-lens, the same command again (printed from the run cache)', ms(cold.again, 0), faster(cold.again), ...pair('again')],
      ['layer-lens --no-cache', ms(cold.none, 0), faster(cold.none), ...pair('none')],
      ['node -e 0 (the floor of any Node command)', ms(cold.node, 0), faster(cold.node)],
      ['python3: import torch, build, hooked forward (test/bench/torch_counter.py)', ms(cold.torch, 0), ''],
    ]);
  }

  const installed = benchInstalled();
  printInstalled(installed);

  const models = benchModels();
  table('Model totals from source: Layer Lens against a runtime counter (PyTorch: import, build, hooked forward; ms)', [
    ['model', 'params', 'Mult-Adds', 'Layer Lens cold', 'Layer Lens warm', 'PyTorch import', 'build', 'forward', 'PyTorch total', 'faster (cold)', 'faster (warm)'],
    ...models.map((m) => [m.model, compact(m.params), compact(m.multAdds), ms(m.layerLensCold), ms(m.layerLensWarm), ms(m.torch?.import, 0), ms(m.torch?.build, 0), ms(m.torch?.forward, 0), ms(m.torch?.total, 0),
      m.ratioCold ? `${m.ratioCold.toFixed(0)}×` : '—', m.ratioWarm ? `${m.ratioWarm.toFixed(0)}×` : '—']),
  ]);
  table('Cold evaluation against the cold parse of the files it reads (fresh process each; ms)', [
    ['model', 'files read', 'KB of Python', 'lezer parse alone, cold', 'Layer Lens cold', 'cold ÷ parse'],
    ...models.map((m) => [m.model, String(m.coldParse.files), (m.coldParse.chars / 1024).toFixed(0), ms(m.coldParse.ms), ms(m.layerLensCold), `${(m.layerLensCold.median / m.coldParse.ms.median).toFixed(1)}×`]),
  ]);

  const ext = benchExtension();
  table('Extension (production build; activation with a stub vscode, fresh process each run; ms)', [
    ['', 'require', 'activate', 'total'], ['cold activation', ms(ext.require), ms(ext.activate), ms(ext.total)],
  ]);
  table('Bundles', [['bundle', 'KB'], ...Object.entries(ext.bundles).map(([k, v]) => [k, (v / 1024).toFixed(0)])]);

  const memoryRuns = Array.from({ length: 3 }, () => JSON.parse(execFileSync(process.execPath, ['--expose-gc', __filename, '--memory'], { encoding: 'utf8' })) as { bytes: number; textBytes: number });
  const memory = stat(memoryRuns.map((r) => r.bytes / 1024 / 1024));
  table('Memory held per open 10k-line file (MB)', [['', 'heap'], ['analysis + lezer tree + cache', ms(memory)]]);

  const notes = benchNotes();
  table('Notes rendering (ms)', [
    ['notes', 'KB', 'formulas', 'first', 'warm', 'cached', `shown (${NOTES_MATH_BUDGET_MS} ms of math)`, 'formulas left', 'then typeset in slices'],
    ...notes.map((n) => [n.notes, n.kb.toFixed(0), String(n.formulas), ms(n.first), ms(n.warm), ms(n.cached), ms(n.shown), String(n.pending), ms(n.typesetAfter)]),
  ]);
  const received = path.join(ROOT, 'test', 'data', 'notes', 'deep-learning-notes.as-received.md');
  const encoding = existsSync(received) ? measure(() => detectDoubleEncoding(readFileSync(received, 'utf8')), 10, 2) : undefined;
  if (encoding) console.log(`double-encoding check of the as-received notes: ${ms(encoding)} ms`);

  console.log(`
Aims: analysis ≤ 3× parse; resnet50 totals ≥ 100× faster than the PyTorch counter; activation < 50 ms; extension-host
bundle < 1 MB; hover < 5 ms and CodeLens refresh < 20 ms after an edit on 10k lines; notes < 30 ms, 2 MB < 1 s.
first analysis: the first in this process (the JIT cold); analysis: from scratch, warm. Layer Lens cold: the first
model evaluation in a fresh process, measured inside it; PyTorch figures are measured inside python3 (interpreter
start-up excluded on both sides). Notes warm: every formula typeset again; cached: typeset formulas reused.`);

  const report = { date: new Date().toISOString(), node: process.version, seconds: (Date.now() - started) / 1000, files, surfaces, realEditor: real, realEditorEngineOnHost: onHost, coldProcess: cold, coldProcessAgainst: coldRuns?.theirs, installed, models, extension: ext, memoryMB: memory, notes, encoding };
  mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
  writeFileSync(path.join(ROOT, 'test-output', 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote test-output/bench.json (${report.seconds.toFixed(0)} s)`);
}

if (require.main === module) {
  const [flag, a, b] = process.argv.slice(2);
  if (flag === '--model') modelOnce(a, b);
  else if (flag === '--parse') parseOnce(process.argv.slice(3));
  else if (flag === '--activate') activateOnce(a);
  else if (flag === '--memory') memoryOnce();
  else if (flag === '--against') main(againstCli(a));
  else if (flag === '--installed') printInstalled(benchInstalled());
  else if (flag === '--surfaces') printSurfaces(a);
  else if (flag === '--open-installed') void openInstalledOnce(a, b === '--then-store');
  else main();
}

/** `--against DIR`: another checkout of Layer Lens, built (npm run build), to time beside this one. */
function againstCli(dir: string | undefined): string {
  const cli = dir ? path.resolve(dir, 'bin', 'layer-lens.js') : '';
  if (!dir || !existsSync(cli)) {
    console.error('usage: npm run bench -- --against DIR   (DIR: another checkout of Layer Lens, built with npm run build)');
    process.exit(2);
  }
  return cli;
}

/**
 * `--surfaces [DIR]`: the in-process hover and CodeLens rows alone, of this build and, given another built checkout
 * of Layer Lens, of that one too, taken in turn (five rounds each) so that the machine's load falls on both alike.
 */
function printSurfaces(against: string | undefined): void {
  if (process.env.LAYER_LENS_SURFACES_CHILD) {
    process.stdout.write(JSON.stringify(benchEditorSurfaces(generatedModel(10_000))));
    return;
  }
  const builds = [{ name: 'this build', script: __filename }, ...(against ? [{ name: path.resolve(against), script: path.join(path.resolve(against), 'out', 'test', 'bench', 'bench.js') }] : [])];
  const rows = new Map<string, { hover: number[]; lens: number[] }>(builds.map((b) => [b.name, { hover: [], lens: [] }]));
  for (let round = 0; round < 5; round++) {
    for (const b of builds) {
      const r = JSON.parse(execFileSync(process.execPath, [b.script, '--surfaces'], { encoding: 'utf8', env: { ...process.env, LAYER_LENS_SURFACES_CHILD: '1' } })) as { hover: Stat; codeLensRefresh: Stat };
      rows.get(b.name)!.hover.push(r.hover.median);
      rows.get(b.name)!.lens.push(r.codeLensRefresh.median);
    }
  }
  table('Hover and CodeLens on the 10k-line file, in process (ms; median of 5 processes (min–max))', [
    ['build', 'hover', 'CodeLens refresh after an edit'],
    ...builds.map((b) => [b.name, ms(stat(rows.get(b.name)!.hover), 3), ms(stat(rows.get(b.name)!.lens))]),
  ]);
}

