/**
 * `npm run bench`: analysis times printed side by side in one run (the machine is shared and noisy,
 * so only same-run comparisons mean anything). Nothing here asserts: tests never time things.
 */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { analyzeText } from '../../src/core/analyze';
import { DocumentAnalyzer } from '../../src/core/documentAnalyzer';
import { parser } from '@lezer/python';
import { evaluateModels, type FileSystem } from '../../src/core/model';
import { describeCall, multAddsFormula } from '../../src/core/cost/explain';
import { compact } from '../../src/core/cost/format';
import { clearFormulaCache, renderNotes } from '../../src/core/notes/render';
import { detectDoubleEncoding } from '../../src/core/notes/encoding';
import * as path from 'node:path';

const RESNET = `${process.env.LAYER_LENS_TORCHVISION ?? '/usr/lib/python3/dist-packages/torchvision'}/models/resnet.py`;

/** A model file of about `lines` lines: many blocks, each a class with layers, constants and a forward. */
export function generatedModel(lines: number): string {
  const out = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', '', 'WIDTH = 64', ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `class Block${i}(nn.Module):`,
      `    def __init__(self, planes: int = WIDTH, stride: int = ${1 + (i % 2)}) -> None:`,
      '        super().__init__()',
      `        self.conv1 = nn.Conv2d(planes, planes * 2, kernel_size=3, stride=stride, padding=1, bias=False)  # layer-lens: input 1x64x56x56`,
      '        self.bn1 = nn.BatchNorm2d(planes * 2)',
      `        self.conv2 = nn.Conv2d(planes * 2, planes, 1, groups=${1 + (i % 4)})`,
      '        self.act = nn.ReLU(inplace=True)',
      `        self.fc = nn.Linear(planes, ${10 + i})`,
      '',
      '    def forward(self, x):',
      '        out = self.act(self.bn1(self.conv1(x)))',
      '        return self.conv2(out) + x',
      '',
    );
  }
  return out.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function benchFile(name: string, text: string): string[] {
  const cold = time(() => analyzeText(text));
  for (let i = 0; i < 20; i++) analyzeText(text); // let the JIT settle before timing "warm"
  const warm = median(Array.from({ length: 20 }, () => time(() => analyzeText(text))));
  // The same from-scratch analysis split in two: lezer's full parse, and everything after it.
  const parse = median(Array.from({ length: 10 }, () => time(() => parser.parse(text))));
  const tree = parser.parse(text);
  const analysis = median(Array.from({ length: 10 }, () => time(() => analyzeText(text, undefined, tree))));
  // Typing in a layer call in the middle of the file: insert a digit, then delete it, each reported as
  // the editor reports changes. Every insertion moves all the code after it.
  const doc = new DocumentAnalyzer();
  doc.update(text);
  const layerLines = [...text.matchAll(/nn\.(Linear|Conv2d)\([^)\n]*\d/g)];
  const at = layerLines[Math.floor(layerLines.length / 2)];
  const pos = at.index! + at[0].length;
  let current = text;
  const edits = Array.from({ length: 30 }, (_, k) => {
    const insert = k % 2 === 0;
    current = insert ? current.slice(0, pos) + '7' + current.slice(pos) : current.slice(0, pos) + current.slice(pos + 1);
    const change = insert ? { from: pos, to: pos, insertLength: 1 } : { from: pos, to: pos + 1, insertLength: 0 };
    const next = current;
    return time(() => doc.update(next, [change]));
  });
  const calls = analyzeText(text).calls.length;
  return [name, String(text.split('\n').length), String(calls), cold.toFixed(1), warm.toFixed(1), parse.toFixed(1), analysis.toFixed(1), median(edits).toFixed(1)];
}

/** About `lines` lines of real model code: torchvision's model sources, repeated. */
function torchvisionModels(lines: number): string | undefined {
  const dir = RESNET.replace(/resnet\.py$/, '');
  const files = ['resnet', 'mobilenetv2', 'shufflenetv2', 'squeezenet', 'vgg', 'densenet', 'googlenet', 'inception', 'mnasnet', 'efficientnet', 'regnet', 'convnext'];
  if (!existsSync(RESNET)) return undefined;
  const sources = files.map((f) => readFileSync(`${dir}${f}.py`, 'utf8'));
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) out.push(...sources[i % sources.length].split('\n'));
  return out.slice(0, lines).join('\n');
}

/** resnet.py's layer calls and resnet50's whole-model totals, as `layer-lens analyze resnet.py --call "resnet50()"` does. */
function benchModel(): string[] | undefined {
  if (!existsSync(RESNET)) return undefined;
  const fs: FileSystem = { read: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) };
  const run = () => {
    analyzeText(readFileSync(RESNET, 'utf8'));
    const { models } = evaluateModels(RESNET, fs, { call: 'resnet50()' });
    if (models[0].totals.multAdds !== 4_089_184_256) throw new Error('resnet50 totals changed');
  };
  const cold = time(run);
  for (let i = 0; i < 10; i++) run();
  const warm = median(Array.from({ length: 20 }, () => time(run)));
  return ['resnet.py + resnet50() totals', cold.toFixed(1), warm.toFixed(1)];
}

/**
 * What the hover and CodeLens providers do on a 10k-line file, minus VS Code itself: find the call under the
 * cursor and explain it (hover, warm: the analysis of the version is cached), and re-analyse after a one-character
 * edit then title every lens (refresh).
 */
function benchEditorSurfaces(text: string): string[] {
  const doc = new DocumentAnalyzer();
  let result = doc.update(text);
  const targets = result.calls.filter((c) => c.category === 'conv').map((c) => c.span.from + 3);
  let k = 0;
  const hover = median(Array.from({ length: 200 }, () => time(() => {
    const offset = targets[k++ % targets.length];
    const call = result.calls.filter((c) => c.span.from <= offset && offset < c.span.to).sort((a, b) => a.span.to - a.span.from - (b.span.to - b.span.from))[0];
    describeCall(call);
    multAddsFormula(call);
  })));
  const at = text.indexOf('nn.Conv2d(', Math.floor(text.length / 2)) + 'nn.Conv2d('.length;
  let current = text;
  const refresh = median(Array.from({ length: 30 }, (_, i) => {
    const insert = i % 2 === 0;
    current = insert ? current.slice(0, at) + '1' + current.slice(at) : current.slice(0, at) + current.slice(at + 1);
    const change = insert ? { from: at, to: at, insertLength: 1 } : { from: at, to: at + 1, insertLength: 0 };
    const next = current;
    return time(() => {
      result = doc.update(next, [change]);
      for (const c of result.calls) `${c.type}: params ${compact(c.params)} · Mult-Adds ${compact(c.multAdds)} · MAC ${compact(c.memoryAccessCost)}`;
    });
  }));
  return [hover.toFixed(3), refresh.toFixed(1)];
}

/** Notes rendering (markdown-it + texmath + KaTeX, in the extension host): the bundled notes and a 2 MB file. */
function benchNotes(): string[][] {
  const root = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');
  const notes = readFileSync(path.join(root, 'samples', 'notes', 'deep-learning-notes.md'), 'utf8');
  // 2 MB of notes: the bundled notes again and again, each copy's headings and formulas made distinct
  // (so that the formula cache does not help the first render).
  const copy = (i: number) => notes.replace(/^(#+ .*)$/gm, `$1 (${i})`).replace(/\$([^$]+)\$/g, (_m, f: string) => `$${f} + ${i}$`);
  const copies: string[] = [];
  for (let i = 0, size = 0; size < 2 * 1024 * 1024; i++) {
    copies.push(copy(i));
    size += Buffer.byteLength(copies[i]);
  }
  const big = copies.join('\n\n');
  const edited = big.replace('## ShuffleNet (0)', '## ShuffleNet (0), edited');
  const rows: string[][] = [];
  for (const [name, text, runs] of [['bundled notes', notes, 20], ['2 MB notes', big, 3]] as const) {
    const first = time(() => renderNotes(text));
    // warm: the code warmed up, every formula typeset again; cached: re-rendered with formulas cached.
    const warm = median(Array.from({ length: runs }, () => time(() => (clearFormulaCache(), renderNotes(text)))));
    const cached = median(Array.from({ length: runs }, () => time(() => renderNotes(text))));
    const r = renderNotes(text);
    rows.push([name, `${(Buffer.byteLength(text) / 1024).toFixed(0)} KB`, String(r.math.inline + r.math.display), first.toFixed(1), warm.toFixed(1), cached.toFixed(1), `${(r.html.length / 1024).toFixed(0)} KB`]);
  }
  const edit = median(Array.from({ length: 3 }, (_, i) => time(() => renderNotes(i % 2 ? big : edited))));
  rows.push(['2 MB notes, one heading edited', '', '', '', '', edit.toFixed(1), '']);
  const received = path.join(root, '..', 'shared', 'notes', 'deep-learning-notes.as-received.md');
  if (existsSync(received)) {
    const text = readFileSync(received, 'utf8');
    const ms = median(Array.from({ length: 10 }, () => time(() => detectDoubleEncoding(text))));
    rows.push(['double-encoding check, as-received', `${(Buffer.byteLength(text) / 1024).toFixed(0)} KB`, '', '', ms.toFixed(1), '', '']);
  }
  return rows;
}

function main(): void {
  const rows = [['file', 'lines', 'layer calls', 'cold ms', 'warm ms', '= parse', '+ analysis', 'one-line edit ms']];
  if (existsSync(RESNET)) rows.push(benchFile('torchvision resnet.py', readFileSync(RESNET, 'utf8')));
  else console.log(`(resnet.py not found at ${RESNET}: apt-get install python3-torchvision)`);
  const real = torchvisionModels(10_000);
  if (real) rows.push(benchFile('torchvision sources, 10k lines', real));
  rows.push(benchFile('dense generated, 10k lines', generatedModel(10_000)));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  const dense = generatedModel(10_000);
  const [hover, refresh] = benchEditorSurfaces(dense);
  console.log(`\neditor, dense 10k-line file     hover ms  CodeLens refresh after an edit ms`);
  console.log(`${''.padEnd(32)}  ${hover.padStart(8)}  ${refresh.padStart(8)}`);
  const model = benchModel();
  if (model) {
    console.log(`\n${'whole model'.padEnd(32)}  cold ms  warm ms`);
    console.log(`${model[0].padEnd(32)}  ${model[1].padStart(7)}  ${model[2].padStart(7)}`);
  }
  const notesRows = [['notes', 'size', 'formulas', 'cold ms', 'warm ms', 'cached ms', 'HTML'], ...benchNotes()];
  const nw = notesRows[0].map((_, i) => Math.max(...notesRows.map((r) => r[i].length)));
  console.log('');
  for (const r of notesRows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(Math.max(32, nw[i])) : c.padStart(nw[i]))).join('  '));
  console.log('\ncold: first analysis in this process; warm: analysis from scratch, median of 20, split into lezer\'s');
  console.log('full parse and the analysis after it (medians of 10 each, so they need not add up exactly);');
  console.log('one-line edit: re-analysis after typing or deleting one character in a layer call, median of 30.');
  console.log('Aims: warm < 15 ms for resnet.py, < 150 ms for 10k lines; one-line edit < 10 ms; resnet.py + resnet50 < 50 ms warm;');
  console.log('hover < 5 ms and CodeLens refresh < 20 ms after an edit, warm. Notes: bundled < 30 ms, 2 MB < 1 s;');
  console.log('notes cold: first render in this process; warm: every formula typeset again (median of 20, of 3 for 2 MB);');
  console.log('cached: re-rendered with typeset formulas cached, as after an edit that leaves them alone.');
}

if (require.main === module) main();
