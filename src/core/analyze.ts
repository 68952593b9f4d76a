/**
 * The one entry point: document text → every layer call with its costs, plus file-level diagnostics.
 * Results are plain data; `Analyzer` caches them per document version.
 */
import type { Tree } from '@lezer/common';
import { parsePython } from './python/parse';
import { LineIndex } from './python/lines';
import { ConstEvaluator } from './eval/constEval';
import { ScopeWalker } from './scopeWalker';
import { torchLayer } from './catalog';
import { DEFAULT_INPUTS, type InputDefaults } from './catalog/types';
import { DTYPE_BYTES, readAnnotations } from './annotations';
import { analyzeLayerCall } from './layerCall';
import type { CallResult, Diagnostic, FileAnalysis } from './results';

export interface AnalyzeOptions {
  inputDefaults: InputDefaults;
  /** Element type for memory access cost in bytes. */
  dtype: string;
}

export const DEFAULT_OPTIONS: AnalyzeOptions = { inputDefaults: DEFAULT_INPUTS, dtype: 'float32' };

export interface AnalyzeInput {
  text: string;
  /** A previous lezer tree for this document, adjusted for the edit, to re-parse incrementally. */
  tree?: Tree;
}

/**
 * A container written with its layers inline (`nn.Sequential(nn.Conv2d(…), nn.ReLU())`) holds exactly
 * their params. Inner containers come after outer ones in source order, so walk backwards.
 */
function sumContainerParams(calls: CallResult[]): void {
  for (let i = calls.length - 1; i >= 0; i--) {
    const c = calls[i];
    if (c.category !== 'container') continue;
    const inside = calls.slice(i + 1).filter((k) => k.span.from >= c.span.from && k.span.to <= c.span.to);
    const direct = inside.filter((k) => !inside.some((o) => o !== k && o.category === 'container' && k.span.from >= o.span.from && k.span.to <= o.span.to));
    if (direct.length > 0 && direct.every((k) => k.params !== null)) {
      c.params = direct.reduce((a, k) => a + (k.params ?? 0), 0);
      c.unknownReason = `${c.type} is a container: params are those of the ${direct.length} layer${direct.length === 1 ? '' : 's'} written inside it; costs come from whole-model evaluation`;
    }
  }
}

export function analyzeText(text: string, options: AnalyzeOptions = DEFAULT_OPTIONS, tree?: Tree): FileAnalysis & { tree: Tree } {
  const parsed = parsePython(text, tree);
  const lines = new LineIndex(text);
  const ev = new ConstEvaluator(text);
  const annotations = readAnnotations(text, parsed.tree, lines);
  const dtypeBytes = DTYPE_BYTES[options.dtype] ?? 4;
  const calls: CallResult[] = [];

  new ScopeWalker(ev, parsed.module.body).visitCalls((call, scope) => {
    const f = ev.eval(call.func, scope);
    if (f.kind !== 'ref') return;
    const spec = torchLayer(f.qualname);
    if (!spec) return;
    const line = lines.position(call.span.from).line;
    calls.push(analyzeLayerCall(spec, f.qualname, call, scope, {
      ev, lines, defaults: options.inputDefaults, dtypeBytes, annotation: annotations.forLine(line),
    }));
  });
  calls.sort((a, b) => a.span.from - b.span.from);
  sumContainerParams(calls);

  const diagnostics: Diagnostic[] = [];
  for (const e of parsed.module.syntaxErrors.slice(0, 20)) {
    diagnostics.push({ severity: 'info', code: 'syntax', message: 'Layer Lens cannot parse this part; the rest of the file is still analysed', span: e, ...lines.position(e.from) });
  }
  for (const p of annotations.problems) {
    diagnostics.push({ severity: 'warning', code: 'annotation', message: p.message, span: p.span, ...lines.position(p.span.from) });
  }
  return { calls, diagnostics, tree: parsed.tree };
}
