/**
 * The `layerLens.*` settings, typed, with the defaults package.json declares (./settings.ts).
 * Every setting here is read fresh: VS Code caches configuration itself, and a change must apply at once.
 */
import * as vscode from 'vscode';
import { findDevice, OPTIMIZERS, parseDevices, type AnalysisOptions, type DevicePreset, type Optimizer } from '../core';
import { SETTING_DEFAULTS } from './settings';

type Settings = typeof SETTING_DEFAULTS;

/** A setting's value, or its default when the user's value is not of the right kind. */
function get<K extends keyof Settings>(key: K): Settings[K] {
  const fallback = SETTING_DEFAULTS[key];
  const v = vscode.workspace.getConfiguration('layerLens').get<unknown>(key, fallback);
  if (typeof fallback === 'number') return (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : fallback) as Settings[K];
  if (typeof fallback === 'boolean') return (typeof v === 'boolean' ? v : fallback) as Settings[K];
  if (key === 'devices') return v as Settings[K];
  if (Array.isArray(fallback)) return (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : fallback) as Settings[K];
  return (typeof v === typeof fallback ? v : fallback) as Settings[K];
}

const positive = (n: number, fallback: number) => (n > 0 ? n : fallback);

export const Config = {
  /** What layer lines alone and models with no better-known input run on, and the dtype of MAC in bytes. */
  analysis(): AnalysisOptions {
    return {
      inputDefaults: {
        batch: positive(get('defaultInput.batch'), SETTING_DEFAULTS['defaultInput.batch']),
        imageSize: positive(get('defaultInput.imageSize'), SETTING_DEFAULTS['defaultInput.imageSize']),
        sequenceLength: positive(get('defaultInput.sequenceLength'), SETTING_DEFAULTS['defaultInput.sequenceLength']),
        channels: positive(get('defaultInput.channels'), SETTING_DEFAULTS['defaultInput.channels']),
      },
      dtype: get('dtype'),
    };
  },
  codeLensEnabled: (): boolean => get('codeLens.enabled'),
  /** How long edits must settle before Problems and CodeLens placeholders update (at most 10 s). */
  debounceMs: (): number => Math.min(get('debounceMs'), 10_000),
  notesFiles: (): string[] => [...get('notes.files')],
  maxLines: (): number => positive(get('maxLines'), SETTING_DEFAULTS.maxLines),
  /** Your devices (layerLens.devices), checked field by field; a bad one is left out and named. */
  userDevices: (): { devices: DevicePreset[]; problems: string[] } => parseDevices(get('devices')),
  /** The device times are shown on, if one is chosen and known. */
  device: (): DevicePreset | undefined => {
    const name = get('device').trim();
    return name ? findDevice(name, Config.userDevices().devices) : undefined;
  },
  optimizer: (): Optimizer => {
    const o = get('training.optimizer');
    return (OPTIMIZERS as readonly string[]).includes(o) ? (o as Optimizer) : 'adam';
  },
  /** The engine worker's caps: one piece of work's time (at least 1 s), and its heap (at least 128 MB). */
  engineLimits: (): { timeMs: number; memoryMb: number } => ({
    timeMs: Math.max(1, get('engine.timeLimitSeconds')) * 1000,
    memoryMb: Math.max(128, get('engine.memoryLimitMb')),
  }),
};
