/**
 * The notes' topics as data: how to find each one's section in any notes (by its heading), and which
 * Layer Lens calculators and layers belong to it. Hovers link layers to topics; the notes webview lists
 * each section's calculators and layers.
 */
import type { CallResult } from '../results';

export interface NotesTopic {
  id: string;
  /** As the hover's link says it. */
  title: string;
  /** Matches the heading text of the topic's section. */
  heading: RegExp;
  /** Calculator ids (src/extension/calculators.ts). */
  calculators: string[];
  /** torch.nn layers (catalog names). */
  layers: string[];
}

export const NOTES_TOPICS: NotesTopic[] = [
  { id: 'resnext', title: 'ResNeXt', heading: /^ResNeXt\b/i, calculators: ['resnext'], layers: [] },
  { id: 'mobilenet', title: 'MobileNet', heading: /^MobileNet(?!\s*V?\d)/i, calculators: ['conv'], layers: ['Conv2d'] },
  { id: 'convolution', title: 'Convolution', heading: /^Convolution\b/i, calculators: ['conv'], layers: ['Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose2d'] },
  { id: 'group-convolution', title: 'Group Convolution', heading: /^Group(ed)? Convolution/i, calculators: ['conv'], layers: ['Conv2d'] },
  { id: 'mobilenet-v2', title: 'MobileNet V2', heading: /^MobileNet\s*V2/i, calculators: ['inverted'], layers: ['ReLU6'] },
  { id: 'shufflenet', title: 'ShuffleNet', heading: /^ShuffleNet/i, calculators: ['shuffle'], layers: ['ChannelShuffle'] },
  { id: 'squeezenet', title: 'SqueezeNet', heading: /^SqueezeNet/i, calculators: ['fire'], layers: [] },
  { id: 'senet', title: 'SENet', heading: /squeeze-and-excitation|\bSENet\b/i, calculators: ['se'], layers: ['AdaptiveAvgPool2d', 'Sigmoid'] },
  { id: 'focal-loss', title: 'Focal Loss', heading: /focal loss/i, calculators: ['focal'], layers: [] },
  { id: 'triplet-loss', title: 'Triplet Loss', heading: /triplet/i, calculators: ['triplets'], layers: [] },
  { id: 'lstm', title: 'LSTM', heading: /\bLSTM\b|long short.term memory/i, calculators: ['rnn'], layers: ['LSTM', 'GRU', 'LSTMCell', 'GRUCell', 'RNN'] },
  { id: 'repulsion-loss', title: 'Repulsion Loss', heading: /repulsion loss/i, calculators: ['boxes'], layers: [] },
  { id: 'normalization', title: 'Normalization', heading: /^normali[sz]ation\b/i, calculators: ['norm'], layers: ['BatchNorm1d', 'BatchNorm2d', 'LayerNorm', 'InstanceNorm2d', 'GroupNorm'] },
];

export function topicById(id: string): NotesTopic | undefined {
  return NOTES_TOPICS.find((t) => t.id === id);
}

/**
 * The topic a layer call belongs to, for the hover's "Open in notes". `line` is the call's source line:
 * a 1×1 conv named squeeze or expand is SqueezeNet's Fire, one in an excitation block is SENet's.
 */
export function topicForCall(c: CallResult, line = ''): NotesTopic | undefined {
  const arg = (name: string) => c.arguments.find((a) => a.name === name)?.value;
  const groups = Number(arg('groups') ?? 1);
  const cin = arg('in_channels');
  let id: string | undefined;
  if (/excit|\bse_?\w*\s*=|\bfc[12]\b.*Conv2d|squeeze_excite/i.test(line) && (c.category === 'conv' || c.category === 'linear' || c.type === 'Sigmoid')) id = 'senet';
  else if (/\b(squeeze|expand1x1|expand3x3|expand)\w*\s*=/.test(line) && c.category === 'conv') id = 'squeezenet';
  else if (c.category === 'conv' && ((groups > 1 && String(groups) === cin) || /^(Depthwise|Separable)Conv[12]D$/.test(c.type))) id = 'mobilenet';
  else if (c.category === 'conv' && groups > 1) id = 'group-convolution';
  else if (c.type === 'ChannelShuffle') id = 'shufflenet';
  else if (c.category === 'rnn') id = 'lstm';
  else if (c.category === 'norm') id = 'normalization';
  else if (c.type === 'ReLU6') id = 'mobilenet-v2';
  else if (c.category === 'conv' || c.category === 'convtranspose') id = 'convolution';
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
