/**
 * The layering the design card fixes, checked on the source: src/core runs anywhere (no vscode, no Node, no DOM),
 * the surfaces reach it through its facade and not each other, and the extension only formats figures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { ROOT } from './helpers';
import { SETTING_DEFAULTS } from '../../src/extension/settings';

interface Source { file: string; text: string; imports: string[] }

function sources(dir: string): Source[] {
  const out: Source[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(rel));
    else if (entry.name.endsWith('.ts')) {
      const text = readFileSync(path.join(ROOT, rel), 'utf8');
      const imports = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm), ...text.matchAll(/\b(?:require|import)\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]);
      out.push({ file: rel, text, imports });
    }
  }
  return out;
}

/** The code alone: comments and string literals blanked (a word in a message is not a use). */
function codeOf(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, "''")
    .replace(/\/\/.*$/gm, ' ');
}

const resolved = (s: Source, spec: string) => path.normalize(path.join(path.dirname(s.file), spec));
const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

test('src/core imports no vscode, no Node module and uses no DOM or Node global: it runs in the CLI, tests and the extension host alike', () => {
  const core = sources('src/core');
  assert.ok(core.length > 50, `${core.length} files`);
  const bad: string[] = [];
  for (const s of core) {
    for (const spec of s.imports) {
      if (spec === 'vscode' || spec.startsWith('node:') || NODE.has(spec.split('/')[0])) bad.push(`${s.file}: imports ${spec}`);
      if (spec.startsWith('.') && !resolved(s, spec).startsWith(`src${path.sep}core`)) bad.push(`${s.file}: imports ${spec}, outside src/core`);
    }
    const code = codeOf(s.text);
    for (const m of code.matchAll(/\b(document|window|navigator|localStorage|process|Buffer|__dirname|require)\b\s*[.(]/g)) bad.push(`${s.file}: uses ${m[1]}`);
  }
  assert.deepEqual(bad, []);
});

test('the surfaces reach src/core through its facade, and no surface imports another', () => {
  const bad: string[] = [];
  const check = (dir: string, allowed: (target: string) => boolean) => {
    for (const s of sources(dir)) {
      for (const spec of s.imports.filter((x) => x.startsWith('.'))) {
        const target = resolved(s, spec);
        if (!target.startsWith(dir) && !allowed(target)) bad.push(`${s.file}: imports ${spec}`);
      }
    }
  };
  const facade = (t: string) => t === path.join('src', 'core');
  check(path.join('src', 'extension'), facade);
  check(path.join('src', 'cli'), facade);
  check(path.join('src', 'engine'), facade);
  // The webviews are browser bundles: their message protocol and the number formatting, not the engine.
  check(path.join('src', 'webview'), (t) => t.startsWith(path.join('src', 'core', 'protocol')) || t === path.join('src', 'core', 'values', 'format'));
  assert.deepEqual(bad, []);
});

test('src/extension does no arithmetic on figures: it formats what src/core computed', () => {
  const FIGURE = '(?:params|paramsTotal|nonTrainable|buffers|multAdds|flops|otherOps|memoryAccessCost|memoryAccessBytes|count)';
  const arithmetic = new RegExp(`\\.${FIGURE}\\b\\s*[-+*/%](?![=>])|[-+*/%]\\s*[\\w.!?]*\\.${FIGURE}\\b`, 'g');
  const bad: string[] = [];
  for (const s of sources(path.join('src', 'extension'))) {
    const lines = codeOf(s.text).split('\n');
    lines.forEach((l, i) => {
      for (const m of l.matchAll(arithmetic)) bad.push(`${s.file}:${i + 1}: ${m[0].trim()}`);
    });
  }
  assert.deepEqual(bad, []);
});

test('every setting the extension reads has the default package.json declares, and every declared setting is read', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const declared = Object.fromEntries(Object.entries<{ default: unknown }>(pkg.contributes.configuration.properties).map(([k, v]) => [k.replace(/^layerLens\./, ''), v.default]));
  assert.deepEqual(Object.keys(SETTING_DEFAULTS).sort(), Object.keys(declared).sort());
  for (const [key, value] of Object.entries(SETTING_DEFAULTS)) assert.deepEqual(value, declared[key], key);
});

/** The source files a bundle of this entry holds: inputs with bytes in the output (the metafile also lists inputs tree-shaken away). */
async function bundled(...entry: string[]): Promise<string[]> {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    entryPoints: [path.join(ROOT, ...entry)], bundle: true, write: false, metafile: true, platform: 'node',
    format: 'cjs', external: ['vscode'], logLevel: 'silent', define: { LAYER_LENS_VERSION: '"test"' },
  });
  return Object.values(r.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([f]) => f));
}

test('the extension-host bundle holds no evaluation (the worker bundle does) and leaves the notes renderer to its own bundle', async () => {
  const host = await bundled('src', 'extension', 'extension.ts');
  // The interpreter and the model contexts run in the worker thread only (issue 18): none of it on the host's thread.
  assert.deepEqual(host.filter((f) => /src\/core\/(context|eval)\//.test(f)), []);
  assert.deepEqual(host.filter((f) => /node_modules\/(katex|markdown-it|markdown-it-texmath)\//.test(f)), []);
  const worker = await bundled('src', 'engine', 'worker.ts');
  assert.ok(worker.some((f) => f.includes('src/core/context/documentAnalysis')), 'the engine is in the worker bundle');
  assert.deepEqual(worker.filter((f) => /node_modules\/(katex|markdown-it)\//.test(f)), []);
});

/** src/core's import graph, type-only imports included: each file's relative imports, as the files they resolve to. */
function coreGraph(): Map<string, string[]> {
  const files = sources('src/core');
  const known = new Set(files.map((f) => f.file));
  return new Map(files.map((s) => [s.file, s.imports.filter((i) => i.startsWith('.')).map((i) => {
    const target = resolved(s, i);
    return known.has(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts');
  })]));
}

test('src/core has no import cycle, type imports included: each module can be read, and loaded, on its own terms', () => {
  const graph = coreGraph();
  // Depth-first: a module met again while its own imports are still being followed closes a cycle.
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (f: string, trail: string[]) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(f)), f].join(' → '));
      return;
    }
    state.set(f, 'open');
    for (const d of graph.get(f) ?? []) visit(d, [...trail, f]);
    state.set(f, 'done');
  };
  for (const f of graph.keys()) visit(f, []);
  assert.deepEqual(cycles, []);
});

/**
 * src/core's floors, lowest first (docs/architecture.md): a file imports from its own floor or lower ones, never
 * up. A folder or top-level file not listed fails the test, so that each new one is placed on purpose.
 */
const FLOORS: [floor: string, paths: string[]][] = [
  ['syntax', ['python/']],
  ['vocabulary', ['values/', 'files.ts', 'environments.ts', 'inputSpec.ts']],
  ['catalog', ['catalog/']],
  ['evaluator', ['eval/']],
  ['contexts', ['context/', 'results.ts', 'annotations.ts']],
  ['features', ['features/', 'cost/', 'training/', 'device/', 'tools/', 'triplets/', 'notes/', 'budget/', 'protocol/', 'guidelines.ts', 'consequences.ts',
    'report.ts', 'calculators.ts', 'copyTable.ts', 'notebook.ts', 'runCache.ts', 'parseCacheFolder.ts']],
  ['facade', ['engine.ts', 'index.ts']],
];

function floorOf(file: string): number {
  const rel = path.relative(path.join('src', 'core'), file).split(path.sep).join('/');
  return FLOORS.findIndex(([, paths]) => paths.some((p) => (p.endsWith('/') ? rel.startsWith(p) : rel === p)));
}

test('src/core is built in floors: no file imports from a floor above its own, and every file is on a floor', () => {
  const bad: string[] = [];
  for (const [file, deps] of coreGraph()) {
    const floor = floorOf(file);
    if (floor < 0) bad.push(`${file}: on no floor (add it to FLOORS)`);
    for (const d of deps) if (floorOf(d) > floor) bad.push(`${file} (${FLOORS[floor]?.[0]}) imports ${d} (${FLOORS[floorOf(d)][0]})`);
  }
  assert.deepEqual(bad, []);
  // The vocabulary's value model (values/value.ts) holds Python values only: no layer spec, no module tree.
  assert.deepEqual(coreGraph().get(path.join('src', 'core', 'values', 'value.ts'))?.filter((d) => !d.includes(`${path.sep}python${path.sep}`) && !d.endsWith('symbolic.ts')), []);
});

test('a layer spec is bound and costed in one place (catalog/run.ts), and params are added up by one helper (sumParams)', () => {
  const bad: string[] = [];
  for (const s of sources(path.join('src', 'core'))) {
    const rel = path.relative(path.join('src', 'core'), s.file).split(path.sep).join('/');
    const code = codeOf(s.text);
    // Outside the catalog, nothing calls a spec's own rules or binds its arguments: catalog/run.ts's runSpec, bindSpec,
    // readSpec and bindKerasSpec do, for torchNn, torchOps' functional forms, Keras, standalone layers and the calculators.
    if (!rel.startsWith('catalog/') && !rel.startsWith('python/')) {
      for (const m of code.matchAll(/\.(configure|forward|weights|params)\(|\bbindArguments\(|\bnew ArgReader\(/g)) bad.push(`${s.file}: ${m[0]}`);
    }
    if (rel !== 'values/figures.ts') {
      // Params added to params (a sum, a reduce over rows): sumParams, which says null for an unknown part or past 2^53.
      for (const m of code.matchAll(/\.params(?:Total)?\b\s*\+\s*[\w.!?()]*\.(?:params|paramsTotal|nonTrainable)\b|\bparams\s*\+=|\.reduce\b[^;]*\.params(?:Total)?\b/g)) bad.push(`${s.file}: ${m[0]}`);
    }
  }
  assert.deepEqual(bad, []);
});


test('context/ asks the evaluator through the run API only (eval/session.ts, eval/probe.ts) and reads records', () => {
  // The run API: a Session loads a file, runs models and probes functions, and answers a framework's facts about
  // what ran (its interpreter and host are private). Records: what a run leaves (recorder.ts: the calls in
  // execution order; kerasTypes.ts: a Keras layer, tensor and graph).
  const ALLOWED = new Set(['session.ts', 'probe.ts', 'recorder.ts', 'kerasTypes.ts']);
  const bad: string[] = [];
  for (const [file, deps] of coreGraph()) {
    if (!file.startsWith(path.join('src', 'core', 'context') + path.sep)) continue;
    for (const d of deps) if (d.startsWith(path.join('src', 'core', 'eval') + path.sep) && !ALLOWED.has(path.basename(d))) bad.push(`${file} imports ${d}`);
  }
  assert.deepEqual(bad, []);
  // No file outside eval/ reaches past the run API into the interpreter or its host.
  const reached: string[] = [];
  for (const s of sources('src/core')) {
    if (s.file.startsWith(path.join('src', 'core', 'eval') + path.sep)) continue;
    for (const m of s.text.matchAll(/\bsession\.(?:host|interp)\b/g)) reached.push(`${s.file}: ${m[0]}`);
  }
  assert.deepEqual(reached, []);
});

test('the hover, the lenses and the side panel render what core\'s features give: they call no cost rule, latency, guideline or training computation themselves', () => {
  // Where each name the facade exports comes from (index.ts's `export { … } from './x'` lines).
  const facade = readFileSync(path.join(ROOT, 'src/core/index.ts'), 'utf8');
  const origin = new Map<string, string>();
  for (const m of facade.matchAll(/^export\s*\{([^}]*)\}\s*from\s*'\.\/([^']+)'/gm)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!;
      if (name) origin.set(name, m[2]);
    }
  }
  for (const m of facade.matchAll(/^export \* from '\.\/([^']+)'/gm)) {
    const text = readFileSync(path.join(ROOT, 'src/core', `${m[1]}.ts`), 'utf8');
    for (const d of text.matchAll(/^export (?:async )?(?:function|const|class|let) (\w+)/gm)) origin.set(d[1], m[1]);
  }
  // The engine's insides, and the computations features are made of.
  const INSIDES = ['context/', 'eval/', 'catalog/', 'cost/', 'training/', 'device/roofline', 'guidelines'];
  const bad: string[] = [];
  for (const file of ['hover.ts', 'codeLens.ts', 'sidePanel.ts', 'panelConsequences.ts', 'documents.ts']) {
    const text = readFileSync(path.join(ROOT, 'src/extension', file), 'utf8');
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'\.\.\/core'/g)) {
      for (const part of m[1].split(',')) {
        const name = part.trim();
        // Types, and constants (a list of optimizers, a label table): data, not a computation.
        if (!name || name.startsWith('type ') || /^[A-Z][A-Z0-9_]*(\s|$)/.test(name)) continue;
        const from = origin.get(name.split(/\s+as\s+/)[0]);
        if (from === undefined) bad.push(`${file}: ${name} (not found in the facade's named exports)`);
        else if (INSIDES.some((p) => from.startsWith(p))) bad.push(`${file}: ${name} from ${from}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});
