/**
 * What the installed-library tests share: Debian's python3 environment as the engine reads it, PyTorch's figures
 * for each model (test/oracle/installed_models.py → test/data/installed-models.reference.json), and what "exact"
 * means: complete, params, Mult-Adds (functional compute included) and output shapes equal PyTorch's, no error.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { FileSystem, ModelResult, PythonEnvironment } from '../../src/core';
import { DATA, diskFs, readJson } from './helpers';

export const DEBIAN: PythonEnvironment = { dir: '/usr/lib/python3/dist-packages', source: "Debian's python3" };
export const fs: FileSystem = { ...diskFs, exists: (p) => existsSync(p), environments: [DEBIAN] };

export interface Row { params?: number; multAdds?: number; output?: number[][]; input?: number[][] | null; error?: string }
export type BuilderRow = Row & { name: string; module: string; kwargs: Record<string, unknown>; metaNumParams?: number[] };
export const reference = readJson<{
  torchvision: BuilderRow[];
  torchvisionNumClasses: BuilderRow[];
  torchvisionDetection: (Row & { name: string; script: string; detections: number; reached: boolean })[];
  torchaudio: (Row & { name: string; script: string })[];
  fixtures: (Row & { file: string })[];
}>(path.join(DATA, 'installed-models.reference.json'));

/** Undefined when the model is exact; else what differs, and the first finding that says why. */
export function exact(m: ModelResult | undefined, r: Row, errors: number): string | undefined {
  if (!m) return 'no model';
  const got = { complete: m.complete, errors, params: m.totals.params, multAdds: m.totals.multAdds, output: m.output };
  const want = { complete: true, errors: 0, params: r.params, multAdds: r.multAdds, output: r.output };
  return JSON.stringify(got) === JSON.stringify(want) ? undefined : `${JSON.stringify(got)} (PyTorch ${JSON.stringify(want)})${m.complete ? '' : `: ${m.diagnostics.find((d) => d.severity !== 'info')?.message ?? ''}`}`;
}
