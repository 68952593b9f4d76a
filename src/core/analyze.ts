/**
 * The one entry point: document text → every layer call with its costs, plus file-level diagnostics.
 * Results are plain data, identical for the CLI, hovers and panels.
 */
import type { Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { DEFAULT_INPUTS } from './catalog/types';
import { type AnalyzeOptions, ModuleAnalyzer } from './moduleAnalyzer';
import type { FileAnalysis } from './results';

export { ModuleAnalyzer, type AnalyzeOptions };

export const DEFAULT_OPTIONS: AnalyzeOptions = { inputDefaults: DEFAULT_INPUTS, dtype: 'float32' };

/** Analyse a whole text from scratch. Open documents use DocumentAnalyzer, which reuses work across edits. */
export function analyzeText(text: string, options: AnalyzeOptions = DEFAULT_OPTIONS, tree?: Tree): FileAnalysis & { tree: Tree } {
  const t = tree ?? parser.parse(text);
  return { ...new ModuleAnalyzer().analyze(text, t, options), tree: t };
}
