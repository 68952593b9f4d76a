// Builds one bundle per runtime: the extension host (Node, CommonJS, `vscode` external),
// the CLI (Node), and the webviews (browser IIFE). `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.env.NODE_ENV === 'production';
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { LAYER_LENS_VERSION: JSON.stringify(version) },
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  // Loaded lazily by the notes panel (src/extension/notesPanel.ts).
  { ...common, entryPoints: ['src/extension/notesRenderer.ts'], outfile: 'dist/notesRenderer.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The engine's worker thread, started by the extension host (src/extension/engineClient.ts).
  { ...common, entryPoints: ['src/engine/worker.ts'], outfile: 'dist/engine.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The CLI: its start (the run cache's lookup, bin/layer-lens.js), its body, and its notes command apart (loaded
  // by the CLI when asked for: KaTeX is most of its code).
  { ...common, entryPoints: ['src/cli/start.ts'], outfile: 'dist/cli-start.js', platform: 'node', format: 'cjs', target: 'node20', define: { ...common.define, LAYER_LENS_CLI_BUNDLE: '"./cli.js"' } },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', define: { ...common.define, LAYER_LENS_NOTES_BUNDLE: '"./cli-notes.js"' } },
  { ...common, entryPoints: ['src/cli/notes.ts'], outfile: 'dist/cli-notes.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: { costPanel: 'src/webview/costPanel/main.ts', notes: 'src/webview/notes/main.ts' }, outdir: 'dist/webview', platform: 'browser', format: 'iife', target: 'es2022' },
];

// What the extension ships besides code: the bundled notes, and (in media/, not in git) KaTeX's stylesheet and woff2 fonts
// (every browser the editor runs in reads woff2; the stylesheet's woff and ttf fallbacks are never fetched).
mkdirSync('dist/notes', { recursive: true });
copyFileSync('samples/notes/deep-learning-notes.md', 'dist/notes/deep-learning-notes.md');
mkdirSync('media/katex/fonts', { recursive: true });
copyFileSync('node_modules/katex/dist/katex.min.css', 'media/katex/katex.min.css');
for (const f of readdirSync('node_modules/katex/dist/fonts').filter((n) => n.endsWith('.woff2'))) {
  copyFileSync(`node_modules/katex/dist/fonts/${f}`, `media/katex/fonts/${f}`);
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
