/**
 * Calculators in the command palette: pick one, give its numbers step by step (validated as typed), see the
 * figures, then insert them as a comment or copy them. The arithmetic is src/core/calculators.
 */
import * as vscode from 'vscode';
import {
  boxOverlap, convolutions, exact, fire, focalVsCrossEntropy, invertedResidual, normalizationStats, recurrent, resnextVsResnet, seBlock,
  shuffleG1, triplets, type CalcResult,
} from '../core';

interface Field {
  prompt: string;
  value: string;
  min?: number;
  choices?: string[];
  /** A decimal number (probabilities, α, γ, σ) rather than a whole one. */
  decimal?: boolean;
  /** Four numbers: a box x1, y1, x2, y2. */
  box?: boolean;
}

const whole = (prompt: string, value: string): Field => ({ prompt, value, min: 1 });
const nums = (v: string[]) => v.map(Number);
const box = (t: string) => t.split(/[\s,]+/).filter(Boolean).map(Number);

interface Calculator {
  id: string;
  label: string;
  fields: Field[];
  run(values: string[]): CalcResult;
}

const CALCULATORS: Calculator[] = [
  {
    id: 'conv',
    label: vscode.l10n.t('Convolution: standard, depthwise-separable and grouped'),
    fields: [
      { prompt: 'M (input channels)', value: '32', min: 1 },
      { prompt: 'N (output channels)', value: '64', min: 1 },
      { prompt: 'D_K (kernel size)', value: '3', min: 1 },
      { prompt: 'D_F (feature map size)', value: '112', min: 1 },
      { prompt: 'g (groups for the grouped conv)', value: '4', min: 1 },
    ],
    run: (v) => convolutions(...(v.map(Number) as [number, number, number, number, number])),
  },
  {
    id: 'rnn',
    label: vscode.l10n.t('LSTM / GRU: params and Mult-Adds'),
    fields: [
      { prompt: 'LSTM or GRU', value: 'LSTM', choices: ['LSTM', 'GRU'] },
      { prompt: 'input size', value: '128', min: 1 },
      { prompt: 'hidden size', value: '256', min: 1 },
      { prompt: 'layers', value: '1', min: 1 },
      { prompt: 'bidirectional (yes/no)', value: 'no', choices: ['yes', 'no'] },
      { prompt: 'sequence length', value: '10', min: 1 },
    ],
    run: (v) => recurrent(v[0] as 'LSTM' | 'GRU', Number(v[1]), Number(v[2]), Number(v[3]), v[4] === 'yes', Number(v[5])),
  },
  {
    id: 'triplets',
    label: vscode.l10n.t('Triplet combinatorics: P×K batch'),
    fields: [
      { prompt: 'P (identities per batch)', value: '16', min: 1 },
      { prompt: 'K (images per identity)', value: '4', min: 1 },
      { prompt: 'B (independently sampled triplets)', value: '64', min: 1 },
    ],
    run: (v) => triplets(Number(v[0]), Number(v[1]), Number(v[2])),
  },
  {
    id: 'resnext',
    label: vscode.l10n.t('ResNeXt block against a ResNet bottleneck'),
    fields: [whole('C (block channels)', '256'), whole('feature map size', '56'), whole('cardinality', '32'), whole('width per group', '4')],
    run: (v) => resnextVsResnet(...(nums(v) as [number, number, number, number])),
  },
  {
    id: 'inverted',
    label: vscode.l10n.t('MobileNet V2 inverted residual'),
    fields: [whole('input channels', '24'), whole('output channels', '24'), whole('expansion t', '6'), whole('stride', '1'), whole('feature map size', '56')],
    run: (v) => invertedResidual(...(nums(v) as [number, number, number, number, number])),
  },
  {
    id: 'shuffle',
    label: vscode.l10n.t('ShuffleNet V2 G1: MAC of 1×1 convs at equal Mult-Adds'),
    fields: [whole('feature map size', '56'), whole('channels c (c→c is the reference)', '128')],
    run: (v) => shuffleG1(Number(v[0]), Number(v[1])),
  },
  {
    id: 'fire',
    label: vscode.l10n.t('SqueezeNet Fire module'),
    fields: [whole('input channels', '96'), whole('squeeze', '16'), whole('expand 1×1', '64'), whole('expand 3×3', '64'), whole('feature map size', '55')],
    run: (v) => fire(...(nums(v) as [number, number, number, number, number])),
  },
  {
    id: 'se',
    label: vscode.l10n.t('Squeeze-and-excitation block'),
    fields: [whole('channels C', '256'), whole('reduction r', '16'), whole('feature map size', '56')],
    run: (v) => seBlock(...(nums(v) as [number, number, number])),
  },
  {
    id: 'norm',
    label: vscode.l10n.t('Normalization statistics: which axes, how many'),
    fields: [whole('N (batch)', '8'), whole('C (channels)', '64'), whole('H', '32'), whole('W', '32'), whole('GroupNorm groups', '32')],
    run: (v) => normalizationStats(...(nums(v) as [number, number, number, number, number])),
  },
  {
    id: 'focal',
    label: vscode.l10n.t('Focal loss against cross-entropy'),
    fields: [{ prompt: 'p_t (probability of the true class)', value: '0.9', decimal: true }, { prompt: 'α', value: '0.25', decimal: true }, { prompt: 'γ', value: '2', decimal: true }],
    run: (v) => focalVsCrossEntropy(...(nums(v) as [number, number, number])),
  },
  {
    id: 'boxes',
    label: vscode.l10n.t('IoU and IoG of two boxes, and repulsion loss smooth-ln'),
    fields: [{ prompt: 'box x1, y1, x2, y2', value: '0, 0, 2, 2', box: true }, { prompt: 'ground truth x1, y1, x2, y2', value: '1, 1, 3, 3', box: true }, { prompt: 'σ (smooth-ln)', value: '0.5', decimal: true }],
    run: (v) => boxOverlap(box(v[0]), box(v[1]), Number(v[2])),
  },
];

/** Check one answer as it is typed; undefined when it is fine. */
function validate(f: Field, text: string): string | undefined {
  if (f.choices) return f.choices.includes(text.trim()) ? undefined : vscode.l10n.t('One of: {0}', f.choices.join(', '));
  if (f.box) return box(text).length === 4 && box(text).every(Number.isFinite) ? undefined : vscode.l10n.t('Four numbers: x1, y1, x2, y2');
  if (f.decimal) return text.trim() !== '' && Number.isFinite(Number(text)) ? undefined : vscode.l10n.t('A number, please');
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) return vscode.l10n.t('A whole number, please');
  if (f.min !== undefined && n < f.min) return vscode.l10n.t('At least {0}', f.min);
  return undefined;
}

/** The result as text lines, for the comment, the clipboard and the message. */
export function resultLines(r: CalcResult): string[] {
  const lines = [r.title];
  for (const row of r.rows) {
    const figures = row.value !== undefined
      ? typeof row.value === 'number' ? exact(row.value) : row.value
      : `params ${exact(row.params ?? null)} · Mult-Adds ${exact(row.multAdds ?? null)} · FLOPs ${exact(row.flops ?? null)} · MAC ${exact(row.memoryAccessCost ?? null)}`;
    lines.push(`${row.label}: ${figures}`);
  }
  return [...lines, ...r.notes];
}

/** Each calculator's title by id: the notes list them under their sections. */
export function calculatorTitles(): Record<string, string> {
  return Object.fromEntries(CALCULATORS.map((c) => [c.id, c.label]));
}

/**
 * `layerLens.calculator`: interactive. `{ id }` opens one calculator (the notes' links do); tests and other
 * extensions may pass `{ id, values }` to skip the steps and get the result lines back.
 */
export async function runCalculator(preset?: { id: string; values?: string[] }): Promise<string[] | undefined> {
  let calc = preset && CALCULATORS.find((c) => c.id === preset.id);
  let values = preset?.values;
  if (!calc) {
    const picked = await vscode.window.showQuickPick(CALCULATORS.map((c) => ({ label: c.label, calc: c })), { title: 'Layer Lens' });
    if (!picked) return undefined;
    calc = picked.calc;
  }
  if (!values) {
    values = [];
    for (const [i, f] of calc.fields.entries()) {
      const v = await vscode.window.showInputBox({ title: `${calc.label} (${i + 1}/${calc.fields.length})`, prompt: f.prompt, value: f.value, validateInput: (t) => validate(f, t) });
      if (v === undefined) return undefined;
      values.push(v.trim());
    }
  }
  const problems = calc.fields.map((f, i) => validate(f, values![i] ?? '')).filter(Boolean);
  if (problems.length) throw new Error(problems[0]);
  let lines: string[];
  try {
    lines = resultLines(calc.run(values));
  } catch (e) {
    void vscode.window.showErrorMessage(`Layer Lens: ${(e as Error).message}`);
    return undefined;
  }
  if (preset?.values) return lines;
  const insert = vscode.l10n.t('Insert as comment');
  const copy = vscode.l10n.t('Copy');
  // Notifications fold newlines: mark where each line ends.
  const action = await vscode.window.showInformationMessage(lines.join('  |  '), { modal: false }, insert, copy);
  const editor = vscode.window.activeTextEditor;
  if (action === insert && editor) {
    const indent = editor.document.lineAt(editor.selection.active.line).text.match(/^\s*/)![0];
    await editor.edit((e) => e.insert(new vscode.Position(editor.selection.active.line, 0), lines.map((l) => `${indent}# ${l}\n`).join('')));
  } else if (action === copy) {
    await vscode.env.clipboard.writeText(lines.join('\n'));
  }
  return lines;
}
