/** Build and run a budgeted model from its file, as every budget surface (CLI check and diff, the editor) does. */
import { evaluateModels } from '../context/fileAnalysis';
import type { FileSystem } from '../eval/session';
import type { ModelResult } from '../results';
import { modelSource } from '../notebook';
import { checkBudget, type BudgetResult } from './check';
import type { BudgetEntry } from './config';

/** The model an entry names, evaluated on its inputs (or its own), or why it could not be. */
export function evaluateBudgetModel(entry: Pick<BudgetEntry, 'file' | 'call' | 'inputs'>, fs: FileSystem, timeBudgetMs?: number): { model?: ModelResult; problem?: string } {
  const src = modelSource(entry.file, fs);
  if (typeof src === 'string') return { problem: src };
  const model = evaluateModels(src.entry, src.fs, { call: entry.call, inputs: entry.inputs.length ? entry.inputs : undefined, timeBudgetMs }).models[0];
  return model ? { model } : { problem: `${entry.call} could not be evaluated in ${entry.file}` };
}

/** Evaluate and check one budget entry. */
export function runBudget(entry: BudgetEntry, fs: FileSystem, timeBudgetMs?: number): BudgetResult {
  const { model, problem } = evaluateBudgetModel(entry, fs, timeBudgetMs);
  const r = checkBudget(entry, model);
  return problem ? { ...r, status: 'error', problem } : r;
}
