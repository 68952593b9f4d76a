/**
 * Each `layerLens.*` setting's default, as package.json's `contributes.configuration` declares it: apart from
 * config.ts so that a unit test can hold the two together without VS Code.
 */
export const SETTING_DEFAULTS = {
  'defaultInput.batch': 1,
  'defaultInput.imageSize': 224,
  'defaultInput.sequenceLength': 32,
  'defaultInput.channels': 64,
  dtype: 'float32',
  'codeLens.enabled': true,
  debounceMs: 300,
  'notes.files': [] as string[],
  maxLines: 20_000,
  device: '',
  devices: [] as unknown[],
  'training.optimizer': 'adam',
  'engine.timeLimitSeconds': 15,
  'engine.memoryLimitMb': 1024,
  'engine.maxSteps': 5_000_000,
  'engine.evaluationSeconds': 1.5,
  'python.paths': [] as string[],
} as const;
