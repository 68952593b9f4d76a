/**
 * A model's figures against its budget. The figures are the model totals every other surface shows (modules
 * and functional operations together), plus the peak activation memory defined below.
 */
import { memoryAccessBytes } from '../values/figures';
import { findDevice } from '../device/presets';
import { modelLatency } from '../device/roofline';
import type { ModelResult } from '../results';
import { trainingMemory } from '../training/memory';
import { peakActivation } from '../cost/peakActivation';

export { peakActivation };
import { LIMITS, type BudgetEntry, type LimitName } from './config';

export interface BudgetCheck {
  figure: LimitName;
  value: number | null;
  limit: number;
  /** limit − value: negative when over. */
  headroom: number | null;
  /** headroom as a share of the limit, in %. */
  headroomPercent: number | null;
  ok: boolean;
}

export interface BudgetResult {
  entry: BudgetEntry;
  /** `error`: the model could not be evaluated completely, or a limited figure is not known. */
  status: 'ok' | 'over' | 'error';
  figures: Record<LimitName, number | null>;
  checks: BudgetCheck[];
  /** What went wrong, for `error`. */
  problem?: string;
  /** The evaluated model's input, for reports. */
  input?: number[][];
}

/** The budget's figures for an evaluated model (undefined: it could not be built at all), and each limit checked. */
export function checkBudget(entry: BudgetEntry, model: ModelResult | undefined): BudgetResult {
  const dtype = entry.inputs[0]?.dtype ?? 'float32';
  const peak = model ? peakActivation(model) : null;
  const figures: BudgetResult['figures'] = {
    params: model?.totals.params ?? null,
    multAdds: model ? model.totals.multAdds : null,
    memoryAccessCost: model ? model.totals.memoryAccessCost : null,
    peakActivationBytes: memoryAccessBytes(peak, dtype),
    latencyMs: model && entry.limits.latencyMs !== undefined ? latencyOf(model, entry, dtype) : null,
    trainingMemoryBytes: model && entry.limits.trainingMemoryBytes !== undefined ? trainingBytesOf(model, entry, dtype) : null,
  };
  const checks: BudgetCheck[] = [];
  for (const figure of LIMITS) {
    const limit = entry.limits[figure];
    if (limit === undefined) continue;
    const value = model?.complete ? figures[figure] : null;
    const headroom = value === null ? null : limit - value;
    checks.push({ figure, value, limit, headroom, headroomPercent: headroom === null ? null : (headroom / limit) * 100, ok: value !== null && value <= limit });
  }
  const failed = model?.diagnostics.find((d) => d.severity === 'error') ?? model?.diagnostics.find((d) => d.severity === 'warning');
  const problem = !model
    ? `${entry.call} could not be evaluated in ${entry.file}`
    : !model.complete
      ? `${entry.call} could not be evaluated completely: ${failed ? `${failed.message} (line ${failed.line})` : 'see its diagnostics'}`
      : checks.some((c) => c.value === null)
        ? `${checks.filter((c) => c.value === null).map((c) => c.figure).join(', ')} not known statically`
        : undefined;
  const status = problem ? 'error' : checks.every((c) => c.ok) ? 'ok' : 'over';
  return { entry, status, figures, checks, problem, input: model?.input };
}

/**
 * A budget's time: the upper end of the model's range on its device (what it takes if compute and memory do not
 * overlap), so that a budget met is met whatever the overlap. Null when the device has no peak for the dtype.
 */
function latencyOf(model: ModelResult, entry: BudgetEntry, dtype: string): number | null {
  const device = entry.device ? findDevice(entry.device) : undefined;
  const l = device ? modelLatency(model, device, dtype) : undefined;
  return l && !('problem' in l) ? l.upperMs : null;
}

/** Training memory's peak with the budget's optimizer, at the input's batch; float16/bfloat16 inputs train mixed. */
function trainingBytesOf(model: ModelResult, entry: BudgetEntry, dtype: string): number | null {
  const t = trainingMemory(model, { optimizer: entry.optimizer ?? 'adam', dtype: dtype === 'float16' || dtype === 'bfloat16' ? dtype : 'float32' });
  return 'problem' in t ? null : t.peak;
}
