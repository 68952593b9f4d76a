/**
 * Every prelude (the parts of torch and einops Layer Lens runs as Python) by the name its tree is cached under, so
 * that the CLI's detached cache writer, which reads files, can store these trees too.
 */
import { EINOPS_LAYERS } from './einops';
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

/** The names the preludes' trees are cached under. */
export function preludePaths(): string[] {
  return [...SOURCES.keys()];
}

/** The source of the prelude cached under this name, or undefined for any other name (a file's). */
export function preludeSource(path: string): string | undefined {
  return SOURCES.get(path);
}
