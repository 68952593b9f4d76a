/**
 * The notes' topics as data: how to find each one's section in any notes (by its heading), and which
 * Layer Lens calculators and layers belong to it. Hovers link layers to topics; the notes webview lists
 * each section's calculators and layers.
 */
import type { CallResult } from '../results';
import { layersOfTopic } from '../catalog';

export interface NotesTopic {
  id: string;
  /** As the hover's link says it. */
  title: string;
  /** Matches the heading text of the topic's section. */
  heading: RegExp;
  /** Calculator ids (src/extension/calculators.ts). */
  calculators: string[];
  /** torch.nn layers (catalog names) whose specs link here. */
  readonly layers: string[];
}

/** A topic; the layers that belong to it are the catalog's to say (each spec's `notes` and `topics`). */
function topic(id: string, title: string, heading: RegExp, calculators: string[]): NotesTopic {
  return { id, title, heading, calculators, get layers() { return layersOfTopic(id); } };
}

export const NOTES_TOPICS: NotesTopic[] = [
  topic('resnext', 'ResNeXt', /^ResNeXt\b/i, ['resnext']),
  topic('mobilenet', 'MobileNet', /^MobileNet(?!\s*V?\d)/i, ['conv']),
  topic('convolution', 'Convolution', /^Convolution\b/i, ['conv']),
  topic('group-convolution', 'Group Convolution', /^Group(ed)? Convolution/i, ['conv']),
  topic('mobilenet-v2', 'MobileNet V2', /^MobileNet\s*V2/i, ['inverted']),
  topic('shufflenet', 'ShuffleNet', /^ShuffleNet/i, ['shuffle']),
  topic('squeezenet', 'SqueezeNet', /^SqueezeNet/i, ['fire']),
  topic('senet', 'SENet', /squeeze-and-excitation|\bSENet\b/i, ['se']),
  topic('focal-loss', 'Focal Loss', /focal loss/i, ['focal']),
  topic('triplet-loss', 'Triplet Loss', /triplet/i, ['triplets']),
  topic('lstm', 'LSTM', /\bLSTM\b|long short.term memory/i, ['rnn']),
  topic('repulsion-loss', 'Repulsion Loss', /repulsion loss/i, ['boxes']),
  topic('normalization', 'Normalization', /^normali[sz]ation\b/i, ['norm']),
];

export function topicById(id: string): NotesTopic | undefined {
  return NOTES_TOPICS.find((t) => t.id === id);
}

/**
 * The topic a layer call belongs to, for the hover's "Open in notes". `line` is the call's source line:
 * a 1×1 conv named squeeze or expand is SqueezeNet's Fire, one in an excitation block is SENet's.
 */
export function topicForCall(c: CallResult, line = ''): NotesTopic | undefined {
  // What the code around the layer makes it (a squeeze-excite block's convs, a Fire module's), then the layer's own.
  let id = c.notes ?? undefined;
  if (/excit|\bse_?\w*\s*=|\bfc[12]\b.*Conv2d|squeeze_excite/i.test(line) && (c.category === 'conv' || c.category === 'linear' || c.type === 'Sigmoid')) id = 'senet';
  else if (/\b(squeeze|expand1x1|expand3x3|expand)\w*\s*=/.test(line) && c.category === 'conv') id = 'squeezenet';
  return id ? topicById(id) : undefined;
}

/** Names that are not catalog layers but belong to a topic: losses, samplers, blocks. */
export function topicForName(name: string): NotesTopic | undefined {
  if (/triplet|RandomIdentitySampler|PKSampler|batch_?hard|batch_?all/i.test(name)) return topicById('triplet-loss');
  if (/focal/i.test(name)) return topicById('focal-loss');
  if (/SqueezeExcit|^SE(Layer|Block|Module)?$|^SE[A-Z]/.test(name)) return topicById('senet');
  if (/^Fire$|SqueezeNet/.test(name)) return topicById('squeezenet');
  if (/ChannelShuffle|channel_shuffle|ShuffleNet/i.test(name)) return topicById('shufflenet');
  if (/repulsion|RepGT|RepBox/i.test(name)) return topicById('repulsion-loss');
  return undefined;
}
