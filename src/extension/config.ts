/**
 * The `layerLens.*` settings, typed, with the defaults package.json declares (./settings.ts).
 * A change applies at once: the section is read again after any configuration change (see `watch`).
 */
import * as vscode from 'vscode';
import { findDevice, OPTIMIZERS, parseDevices, type AnalysisOptions, type DevicePreset, type Optimizer } from '../core';
import { SETTING_DEFAULTS } from './settings';

type Settings = typeof SETTING_DEFAULTS;

/**
 * The `layerLens` section as last read, while `watch` clears it on every configuration change. getConfiguration
 * merges VS Code's setting layers on each call (0.2–0.5 ms here), and one CodeLens refresh read settings dozens of
 * times: about 1 ms of the host's 4 ms share of a refresh (issue 20).
 */
let section: vscode.WorkspaceConfiguration | undefined;
let watching = false;

function layerLens(): vscode.WorkspaceConfiguration {
  if (section) return section;
  const read = vscode.workspace.getConfiguration('layerLens');
  if (watching) section = read;
  return read;
}

/** A setting's value, or its default when the user's value is not of the right kind. */
function get<K extends keyof Settings>(key: K): Settings[K] {
  const fallback = SETTING_DEFAULTS[key];
  const v = layerLens().get<unknown>(key, fallback);
  if (typeof fallback === 'number') return (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : fallback) as Settings[K];
  if (typeof fallback === 'boolean') return (typeof v === 'boolean' ? v : fallback) as Settings[K];
  if (key === 'devices') return v as Settings[K];
  if (Array.isArray(fallback)) return (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : fallback) as Settings[K];
  return (typeof v === typeof fallback ? v : fallback) as Settings[K];
}

const positive = (n: number, fallback: number) => (n > 0 ? n : fallback);

export const Config = {
  /**
   * Keep the section between changes. Called first in activate, so that this listener runs before every other
   * configuration listener (VS Code calls them in the order they were added): none of them reads the old values.
   */
  watch(): vscode.Disposable {
    watching = true;
    const listener = vscode.workspace.onDidChangeConfiguration(() => (section = undefined));
    return { dispose: () => ((watching = false), (section = undefined), listener.dispose()) };
  },
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
      maxSteps: positive(get('engine.maxSteps'), SETTING_DEFAULTS['engine.maxSteps']),
    };
  },
  codeLensEnabled: (): boolean => get('codeLens.enabled'),
  /** How long edits must settle before Problems and CodeLens placeholders update (at most 10 s). */
  debounceMs: (): number => Math.min(get('debounceMs'), 10_000),
  notesFiles: (): string[] => [...get('notes.files')],
  /** Folders installed packages are read from first (./environments.ts resolves them). */
  pythonPaths: (): string[] => [...get('python.paths')],
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
  /** The time one evaluation (the file's top level, a model) gets before it stops with a finding (0.1 to 60 s). */
  evaluationMs: (): number => Math.round(Math.min(60, Math.max(0.1, Number(get('engine.evaluationSeconds')) || SETTING_DEFAULTS['engine.evaluationSeconds'])) * 1000),
  /** The engine worker's caps: one piece of work's time (at least 1 s), and its heap (at least 128 MB). */
  engineLimits: (): { timeMs: number; memoryMb: number } => ({
    timeMs: Math.max(1, get('engine.timeLimitSeconds')) * 1000,
    memoryMb: Math.max(128, get('engine.memoryLimitMb')),
  }),
};
