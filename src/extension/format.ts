/**
 * How results read in the editor's narrow places (CodeLens titles, the hover's context line): figures as core
 * computed them, formatted, and always where they come from. Formatting only: no figure is computed here.
 */
import * as vscode from 'vscode';
import { callShapeReader, compact, exact, KERAS_NONE_LENGTH, shape, shapeReader, type CallResult, type LayerLine, type ModelInputSource, type ModelResult, type ModelSummary, type OperationResult } from '../core';

/** Where a model's input came from, in words. */
export function inputSourceText(source: ModelInputSource, framework: ModelResult['framework'] = 'torch'): string {
  switch (source) {
    case 'option': return vscode.l10n.t('given');
    case 'annotation': return vscode.l10n.t('annotated');
    case 'code': return framework === 'keras' ? vscode.l10n.t("the model's own Input in the code") : vscode.l10n.t("the code's own call");
    case 'inferred': return vscode.l10n.t('guessed to fit the layers (channels, or an image size for a Linear)');
    case 'length': return vscode.l10n.t("the model's own Input in the code, a None length taken as {0}", KERAS_NONE_LENGTH);
    default: return vscode.l10n.t('guessed: the default input');
  }
}

/** Where a layer line's figures come from, in a few words: `in TinyGPT()`, `alone, default input`. */
export function contextText(c: CallResult | OperationResult): string {
  const s = c.inputSource;
  if (!s) return vscode.l10n.t('no model runs this line');
  if (s.kind === 'model') return vscode.l10n.t('in {0}', s.model);
  return s.kind === 'annotation' ? vscode.l10n.t('alone, annotated input') : vscode.l10n.t('alone, default input');
}


/**
 * A layer line's lens: `Conv2d ×4: params 2.36 M · Mult-Adds 2.42 G · MAC 9.5 M — in ClassificationHead()`. Keras
 * lines add the output shape, as model.summary() lists it.
 */
export function lensTitle(c: CallResult): string {
  const times = c.callCount > 1 ? ` ×${c.callCount}` : c.instances > 1 ? ` (${vscode.l10n.t('built {0} times', c.instances)})` : '';
  if (c.multAdds === null && c.params === null) {
    const why = c.diagnostics[0]?.message ?? (c.paramsFormula ? `params ${c.paramsFormula}` : c.unknownReason ?? vscode.l10n.t('not known statically'));
    return `${c.type}${times}: ${why} — ${contextText(c)}`;
  }
  const params = c.params === null && c.paramsFormula ? c.paramsFormula : compact(c.paramsTotal ?? c.params);
  const output = c.framework === 'keras' && c.outputShape ? ` → ${callShapeReader(c)(c.outputShape)}` : '';
  return `${c.type}${times}: params ${params} · Mult-Adds ${compact(c.multAdds)} · MAC ${compact(c.memoryAccessCost)}${output} — ${contextText(c)}`;
}

/**
 * The lens of a line that builds several layers: `2 Linear + GELU ×4: params 2.10 M · Mult-Adds 4.29 G · MAC 8.4 M —
 * in TinyGPT()`, every layer written on it summed by core; one layer's line keeps `lensTitle`.
 */
export function lineLensTitle(l: LayerLine): string {
  if (l.layers.length === 1) return lensTitle(l.layers[0]);
  const times = l.callCount !== null && l.callCount > 1 ? ` ×${l.callCount}` : '';
  const unknown = l.layers.find((c) => c.params === null && c.multAdds === null);
  const figures = l.params === null && l.multAdds === null && unknown
    ? (unknown.diagnostics[0]?.message ?? unknown.unknownReason ?? vscode.l10n.t('not known statically'))
    : `params ${compact(l.params)} · Mult-Adds ${compact(l.multAdds)} · MAC ${compact(l.memoryAccessCost)}`;
  return `${l.label}${times}: ${figures} — ${contextText(l.layers[0])}`;
}

/**
 * Columns padded to line up, as the CLI's tables are, for a hover's fenced block (VS Code's hover renders a
 * Markdown table without padding, so its headers ran together). Text columns align left, the others right.
 */
export function alignedTable(headers: string[], rows: string[][], textColumns = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return ['```text', line(headers), ...rows.map(line), '```'].join('\n');
}

/** A model's lens: its totals and its input, or for a sub-module class, one instance as its model calls it. */
export function modelLensTitle(m: ModelSummary): string {
  const t = m.totals;
  const head = m.within
    ? vscode.l10n.t('In {0} ({1}, one of {2})', m.within.model, m.within.path, m.within.instances)
    : vscode.l10n.t('Model');
  if (!m.complete) return `${head} (${vscode.l10n.t('incomplete')}): ${m.problem ?? vscode.l10n.t('see Problems')}`;
  const params = t.nonTrainable ? `${compact(t.params)} + ${compact(t.nonTrainable)} ${vscode.l10n.t('non-trainable')}` : compact(t.params);
  // Costs taken at a bound the data decides (detection's boxes): at most these, and the hover says where.
  const most = m.atBound ? '≤ ' : '';
  return `${head}: params ${params} · Mult-Adds ${most}${compact(t.multAdds)} · FLOPs ${most}${compact(t.flops)} · MAC ${most}${compact(t.memoryAccessCost)} · input ${m.input.map(shapeReader(m.framework, m.inputSource)).join(', ')} (${inputSourceText(m.inputSource, m.framework)})`;
}

/**
 * Where a model's class was read from, when it is not the file's own: `ResNet, read from torchvision/models/resnet.py
 * in /usr/lib/python3/dist-packages (Debian's python3)`.
 */
export function modelSourceText(m: Pick<ModelSummary, 'source'>): string | undefined {
  const s = m.source;
  if (!s) return undefined;
  const env = s.environment;
  if (!env) return vscode.l10n.t('{0}, read from {1}', s.className, vscode.workspace.asRelativePath(s.file));
  return vscode.l10n.t('{0}, read from {1} in {2} ({3})', s.className, s.file.slice(env.dir.length + 1), env.dir, env.source);
}

/** `In TinyGPT() on 2×1024 (the code's own call): built 4 times, called 4 times · 2×1024×256 → 2×1024×768`. */
export function contextLine(c: CallResult): string {
  const s = c.inputSource;
  const shape = callShapeReader(c);
  const io = c.inputShape && c.outputShape ? ` · ${c.inputShapes!.map(shape).join(', ')} → ${shape(c.outputShape)}` : '';
  if (s?.kind !== 'model') {
    if (s?.kind === 'annotation') return vscode.l10n.t('No model runs this line: the layer alone, on the input annotated on line {0}{1}', s.line, io);
    if (s?.kind === 'default') return vscode.l10n.t('No model runs this line: the layer alone, on the default input (annotate it: `# layer-lens: input …`){0}', io);
    return vscode.l10n.t('No model runs this line.');
  }
  const built = c.instances === 1 ? vscode.l10n.t('built once') : vscode.l10n.t('built {0} times', c.instances);
  const called = c.callCount === 0 ? vscode.l10n.t('never called') : c.callCount === 1 ? vscode.l10n.t('called once') : vscode.l10n.t('called {0} times', c.callCount);
  const on = s.shapes.map(shapeReader(c.framework, s.input)).join(', ');
  return `${vscode.l10n.t('In {0} on {1} ({2})', s.model, on, inputSourceText(s.input, c.framework))}: ${built}, ${called}${io}`;
}

/** One functional operation's row: `F.scaled_dot_product_attention ×2: Mult-Adds 2.15 G · MAC 4.19 M`. */
export function operationText(o: OperationResult): string {
  return `\`${o.op}\`${o.callCount > 1 ? ` ×${o.callCount}` : ''}: Mult-Adds ${exact(o.multAdds)} · FLOPs ${exact(o.flops)} · otherOps ${exact(o.otherOps)} · MAC ${exact(o.memoryAccessCost)} · ${o.inputShapes.map(shape).join(', ')} → ${shape(o.outputShape)}`;
}
