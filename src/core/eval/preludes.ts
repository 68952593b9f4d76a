/**
 * Every prelude (the parts of torch, einops and keras_nlp Layer Lens runs as Python) by the name its tree is cached under, so
 * that the CLI's detached cache writer, which reads files, can store these trees too.
 */
import { EINOPS_LAYERS } from './einops';
import { KERAS_NLP_LAYERS } from './kerasNlp';
import { AUTOGRAD, MODULE_UTILS, preludePath, QUANTIZATION, RNN_UTILS, SOURCE } from './torchPrelude';

const SOURCES = new Map<string, string>(
  ([
    ['torch.nn', SOURCE],
    ['torch.autograd', AUTOGRAD],
    ['torch.nn.modules.utils', MODULE_UTILS],
    ['torch.nn.utils.rnn', RNN_UTILS],
    ['torch.ao.quantization', QUANTIZATION],
    ['einops.layers.torch', EINOPS_LAYERS],
  ] as const).map(([module, source]) => [preludePath(module), source]),
);

/** Preludes run only when a file imports their package (keras_nlp's layers). */
const ON_IMPORT = new Map<string, string>([[preludePath('keras_nlp.layers'), KERAS_NLP_LAYERS]]);

/** The names the preludes' trees are cached under: those every run parses, and with `onImport` the others too. */
export function preludePaths(onImport = false): string[] {
  return [...SOURCES.keys(), ...(onImport ? ON_IMPORT.keys() : [])];
}

/** The source of the prelude cached under this name, or undefined for any other name (a file's). */
export function preludeSource(path: string): string | undefined {
  return SOURCES.get(path) ?? ON_IMPORT.get(path);
}
