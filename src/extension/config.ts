/** Typed access to the `layerLens.*` settings contributed in package.json. */
import * as vscode from 'vscode';
import { DEFAULT_OPTIONS, type AnalyzeOptions } from '../core/analyze';

/** Every setting here changes analysis results: a change clears cached results. */
export function analyzeOptions(): AnalyzeOptions {
  const c = vscode.workspace.getConfiguration('layerLens');
  const d = DEFAULT_OPTIONS.inputDefaults;
  const positive = (key: string, fallback: number) => {
    const v = c.get<number>(key, fallback);
    return Number.isSafeInteger(v) && v > 0 ? v : fallback;
  };
  return {
    inputDefaults: {
      batch: positive('defaultInput.batch', d.batch),
      imageSize: positive('defaultInput.imageSize', d.imageSize),
      sequenceLength: positive('defaultInput.sequenceLength', d.sequenceLength),
      channels: positive('defaultInput.channels', d.channels),
    },
    dtype: c.get<string>('dtype', DEFAULT_OPTIONS.dtype),
  };
}
