/**
 * The side panel's figures, editor-neutral: a model's rows (its layers, then the functional operations that cost
 * something), its totals as the framework's own summary prints them, the guidelines with their lines in this file,
 * and each row's time on the chosen device; or the same for the layer lines of a selection or a file. The
 * extension adds the words (titles, labels, the user's language) and nothing else.
 */
import { consequences, type ModelConsequences } from '../consequences';
import { rowsLatency, type Latency } from '../device/roofline';
import type { DevicePreset } from '../device/presets';
import type { Optimizer } from '../training/optimizers';
import { checkGuidelines, opsFromCalls, opsFromModel, type GuidelineCheck } from '../guidelines';
import type { PanelLayer, PanelTotals } from '../protocol/costPanel';
import { type CallResult, type ModelResult, summaryParams } from '../results';
import { memoryAccessBytes, sumCalls } from '../values/figures';
import { duration, shapeReader } from '../values/format';
import { callShapeReader } from './callCard';

/** A row's time in the table: the upper end of its range, short (the model's range is above the table). */
function rowTime(l: Latency | null | undefined): PanelLayer['time'] {
  return l ? { text: duration(l.upperMs), upperMs: l.upperMs, bound: l.bound } : null;
}

export interface ModelPanel {
  totals: PanelTotals;
  layers: PanelLayer[];
  guidelines: GuidelineCheck[];
  /** Time, training memory and FLOPs, other tools' figures (../consequences.ts), for the sections below the table. */
  consequences: ModelConsequences;
}

/** `file`: the document shown (rows and guideline places in other files have no line to reveal). */
export function modelPanel(model: ModelResult, o: { file: string; dtype: string; device?: DevicePreset; optimizer: Optimizer }): ModelPanel {
  const here = (file: string | undefined, line: number) => ((file ?? o.file) === o.file ? line : null);
  const c = consequences(model, { device: o.device, dtype: o.dtype, optimizer: o.optimizer, compare: true });
  const layerTime = c.layerLatency ?? [];
  const functionalTime = c.functionalLatency ?? [];
  const shape = shapeReader(model.framework, model.inputSource);
  const t = model.totals;
  // Functional operations that cost something are rows too (views, which move no data, are left out).
  const ops = model.functional.map((f, i) => ({ f, i })).filter(({ f }) => f.multAdds !== 0 || f.otherOps !== 0 || f.memoryAccessCost !== 0);
  return {
    // Param # as the framework's own summary prints it (Keras: trainable and not).
    totals: { params: summaryParams(t), multAdds: t.multAdds, flops: t.flops, memoryAccessCost: t.memoryAccessCost, memoryAccessBytes: memoryAccessBytes(t.memoryAccessCost, o.dtype) },
    layers: [
      ...model.layers.map<PanelLayer>((l, i) => ({
        line: here(l.file, l.line), name: l.path, type: l.type, params: summaryParams(l), multAdds: l.multAdds, flops: l.flops, memoryAccessCost: l.memoryAccessCost,
        output: shape(l.outputShape), time: rowTime(layerTime[i]),
      })),
      ...ops.map<PanelLayer>(({ f, i }) => ({
        line: here(f.file, f.line), name: f.path || model.name, type: f.op, params: null, multAdds: f.multAdds, flops: f.flops, memoryAccessCost: f.memoryAccessCost,
        output: shape(f.outputShape), time: rowTime(functionalTime[i]),
      })),
    ],
    // A guideline's worst place in another file keeps line 0 (the panel names it without a link).
    guidelines: checkGuidelines(opsFromModel(model)).map((g) => ({ ...g, worst: g.worst.map((w) => ({ ...w, line: here(w.file, w.line) ?? 0 })) })),
    consequences: c,
  };
}

export interface CallsPanel {
  totals: PanelTotals;
  layers: PanelLayer[];
  guidelines: GuidelineCheck[];
  /** The lines' time on the chosen device, summed, or why not. */
  latency?: ReturnType<typeof rowsLatency>;
}

/** The layer lines of a selection or a file (containers left out: their figures are their members'). */
export function callsPanel(all: readonly CallResult[], o: { dtype: string; device?: DevicePreset }): CallsPanel {
  const calls = all.filter((c) => c.category !== 'container');
  const totals = sumCalls(calls);
  const latency = o.device ? rowsLatency(calls, o.device, o.dtype) : undefined;
  const times = latency && !('problem' in latency) ? latency.rows : [];
  return {
    totals: { ...totals, memoryAccessBytes: memoryAccessBytes(totals.memoryAccessCost, o.dtype) },
    layers: calls.map<PanelLayer>((c, i) => ({
      line: c.line, name: `line ${c.line}`, type: c.type, params: c.paramsTotal, multAdds: c.multAdds, flops: c.flops, memoryAccessCost: c.memoryAccessCost,
      output: callShapeReader(c)(c.outputShape), time: rowTime(times[i]),
    })),
    guidelines: checkGuidelines(opsFromCalls(calls)),
    ...(latency ? { latency } : {}),
  };
}
