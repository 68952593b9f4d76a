/**
 * `npm run bench`: analysis times printed side by side in one run (the machine is shared and noisy,
 * so only same-run comparisons mean anything). Nothing here asserts: tests never time things.
 */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { analyzeText } from '../../src/core/analyze';
import { DocumentAnalyzer } from '../../src/core/documentAnalyzer';

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
  const warm = median(Array.from({ length: 20 }, () => time(() => analyzeText(text))));
  // One-line edits as a user types them: the analyzer re-parses incrementally and reuses what it can.
  const doc = new DocumentAnalyzer();
  doc.update(text);
  const lines = text.split('\n');
  const target = lines.findIndex((l) => l.includes('nn.Linear(')) ;
  const edits = Array.from({ length: 20 }, (_, k) => {
    lines[target] = lines[target].replace(/nn\.Linear\((\w+), \d+\)/, `nn.Linear($1, ${100 + k})`);
    const next = lines.join('\n');
    return time(() => doc.update(next));
  });
  const calls = analyzeText(text).calls.length;
  return [name, String(text.split('\n').length), String(calls), cold.toFixed(1), warm.toFixed(1), median(edits).toFixed(1)];
}

function main(): void {
  const rows = [['file', 'lines', 'layer calls', 'cold ms', 'warm ms', 'one-line edit ms']];
  if (existsSync(RESNET)) rows.push(benchFile('torchvision resnet.py', readFileSync(RESNET, 'utf8')));
  else console.log(`(resnet.py not found at ${RESNET}: apt-get install python3-torchvision)`);
  rows.push(benchFile('generated 10k lines', generatedModel(10_000)));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  console.log('\nAims: warm < 15 ms for resnet.py, < 150 ms for 10k lines; one-line edit < 10 ms.');
}

if (require.main === module) main();
