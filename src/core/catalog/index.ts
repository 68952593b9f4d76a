/**
 * The layer catalog: every layer Layer Lens knows, by framework. Adding a layer is one spec and its test rows.
 */
import type { AnyLayerSpec } from '../values/spec';
import { convSpecs } from './torch/conv';
import { linearSpecs } from './torch/linear';
import { normSpecs } from './torch/norm';
import { rnnSpecs } from './torch/rnn';
import { attentionSpecs } from './torch/attention';
import { poolSpecs } from './torch/pool';
import { activationSpecs } from './torch/activation';
import { reshapeSpecs } from './torch/reshape';
import { paddingSpecs } from './torch/padding';

export const TORCH_LAYERS: ReadonlyMap<string, AnyLayerSpec> = new Map(
  [...convSpecs, ...linearSpecs, ...normSpecs, ...rnnSpecs, ...attentionSpecs, ...poolSpecs, ...activationSpecs, ...reshapeSpecs, ...paddingSpecs]
    .map((s) => [s.name, s]),
);

/**
 * The torch.nn layer a qualified name refers to: `torch.nn.Conv2d`, or its defining module
 * `torch.nn.modules.conv.Conv2d`.
 */
export function torchLayer(qualname: string): AnyLayerSpec | undefined {
  const m = /^torch\.nn\.(?:modules\.[A-Za-z_]+\.)?([A-Za-z0-9_]+)$/.exec(qualname);
  return m ? TORCH_LAYERS.get(m[1]) : undefined;
}

/** The notes topic of a layer with these arguments (its spec's, which may depend on them). */
export function topicOf(spec: AnyLayerSpec, config: unknown): string | null {
  return (typeof spec.notes === 'function' ? spec.notes(config) : spec.notes) ?? null;
}

/** Every layer the catalog links to a topic (for the notes view's list of a section's layers). */
export function layersOfTopic(topic: string): string[] {
  return [...TORCH_LAYERS.values()].filter((s) => (typeof s.notes === 'string' ? s.notes === topic : false) || s.topics?.includes(topic)).map((s) => s.name);
}
