/**
 * The side panel's time, training and other-tools sections (issue 19): src/core computes them
 * (consequences.ts), this file only formats them for the panel's protocol, in the user's language.
 */
import * as vscode from 'vscode';
import {
  bytes, DEVICES, exact, NO_DEVICE, OPTIMIZERS, rangeText,
  type CallsPanel, type DevicePreset, type ModelConsequences, type ModelResult, type PanelDevice, type PanelOtherTool, type PanelTraining,
} from '../core';
import { Config } from './config';

/** The device picker's options: none, your devices, then the presets. */
function deviceOptions(): PanelDevice['options'] {
  const mine = Config.userDevices().devices;
  return [{ value: NO_DEVICE, label: vscode.l10n.t('(no device)') }, ...[...mine, ...DEVICES].map((d) => ({ value: d.name, label: d.title }))];
}

/** Whether a name is one the picker offered (a message from the webview is checked against it). */
export function isOfferedDevice(name: string): boolean {
  return deviceOptions().some((o) => o.value === name);
}

function deviceView(device: DevicePreset | undefined, range: { lowerMs: number; upperMs: number; memoryBoundShare: number } | { problem: string } | undefined, notes: string[]): PanelDevice {
  const view: PanelDevice = { options: deviceOptions(), selected: device?.name ?? NO_DEVICE, note: vscode.l10n.t('A range from the device\'s peaks, not a prediction: kernel launches, caches and fusion are outside it.'), guidelineNotes: notes };
  if (!device || !range) return view;
  if ('problem' in range) return { ...view, problem: range.problem };
  return { ...view, range: rangeText(range), memoryBoundShare: Math.round(100 * range.memoryBoundShare) };
}

/** A model's sections below its table, from what src/core worked out (features/panel.ts). */
export function modelSections(model: ModelResult, c: ModelConsequences, dtype: string): { device: PanelDevice; training: PanelTraining; otherTools: PanelOtherTool[] } {
  return {
    device: deviceView(Config.device(), c.latency, c.guidelineNotes ?? []),
    training: trainingView(model, c, Config.optimizer(), dtype),
    otherTools: (c.otherTools ?? []).map((t) => ({ tool: t.tool, figure: t.figure, printed: t.printed, differences: t.differences })),
  };
}

function trainingView(model: ModelResult, c: ModelConsequences, optimizer: string, dtype: string): PanelTraining {
  const view: PanelTraining = { optimizer, optimizers: [...OPTIMIZERS], rows: [] };
  const m = c.memory;
  if (!m || 'problem' in m) return { ...view, problem: m?.problem ?? '' };
  const batch = model.input[0]?.[0] ?? 1;
  view.rows = [
    { label: vscode.l10n.t('weights'), value: bytes(m.weights) },
    { label: vscode.l10n.t('gradients'), value: bytes(m.gradients) },
    { label: vscode.l10n.t('optimizer state'), value: bytes(m.optimizer) },
    { label: vscode.l10n.t('activations kept for backward'), value: bytes(m.activations) },
    { label: vscode.l10n.t('peak at batch {0}, {1}', batch, dtype === 'float16' || dtype === 'bfloat16' ? vscode.l10n.t('mixed precision') : 'float32'), value: bytes(m.peak) },
  ];
  if (c.inference && !('problem' in c.inference)) view.rows.push({ label: vscode.l10n.t('inference (weights + the largest operation)'), value: bytes(c.inference.peak) });
  const f = c.trainingFlops;
  if (f && !('problem' in f)) {
    view.flops = vscode.l10n.t('Training FLOPs per step: {0} (forward {1} + backward {2})', exact(f.perStep), exact(f.forward), exact(f.backward));
    if (f.sixND) view.sixND = vscode.l10n.t('6·N·D = {0}: it leaves out attention\'s Q·Kᵀ and A·V, and counts embedding lookups as matrix products.', exact(f.sixND.value));
  }
  return view;
}

/** The layer lines' device section: their summed time on the chosen device, or why not. */
export function callsDevice(latency: CallsPanel['latency']): PanelDevice {
  return deviceView(Config.device(), latency, []);
}
