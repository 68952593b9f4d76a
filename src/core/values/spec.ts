/**
 * The layer catalog's vocabulary. A LayerSpec is data plus small pure functions: the signature exactly as
 * the framework declares it, how to read the arguments, and params / output shape / costs for given inputs.
 */
import type { Sym } from './symbolic';
import type { RValue } from './value';
import type { ArgReader } from './argReader';

export type Shape = number[];

export type Category =
  | 'conv' | 'convtranspose' | 'linear' | 'embedding' | 'norm' | 'rnn' | 'attention' | 'transformer'
  | 'pool' | 'activation' | 'dropout' | 'reshape' | 'padding' | 'upsample' | 'identity' | 'container';

export interface ParamSpec {
  name: string;
  /** Absent: the argument is required. */
  default?: RValue;
  /** Keyword-only (after `*` in the framework's signature). */
  kwOnly?: boolean;
}

/** What one call of a layer's forward produces and costs, per ../shared/docs/counting-conventions.md. */
export interface ForwardResult {
  /** Every output tensor, flattened (LSTM: output, h_n, c_n). The first is the primary output. */
  outputs: Shape[];
  multAdds: number;
  otherOps: number;
  /**
   * Output elements that are values another output already holds (an RNN's h_n for its last layer is the last
   * step of its output): written once, so MAC counts them once, and one step of nn.LSTM costs what LSTMCell does.
   */
  repeated?: number;
}

/** Which outputs forward returns, and how nested: an index into the outputs, a tuple of such, or None. */
export type Packing = number | null | Packing[];

/** A Mult-Adds formula in symbols and with the numbers of a call, for hover cards. */
export interface Formula {
  /** The formula in symbols, e.g. `D_K·D_K·M·N·D_F·D_F`. */
  symbols: string;
  /** With the numbers: `3·3·64·64·56·56 = 115,605,504`. */
  numbers: string;
  /** Further lines: the depthwise saving, the ÷g. */
  notes: string[];
}

/** The settings that pick an input shape when the code does not annotate one. */
export interface InputDefaults {
  batch: number;
  imageSize: number;
  sequenceLength: number;
  channels: number;
}

export const DEFAULT_INPUTS: InputDefaults = { batch: 1, imageSize: 224, sequenceLength: 32, channels: 64 };

/**
 * The defaults a model's input given by the user also sets, for the layer lines no model runs: its batch, and its
 * image size (an image's last dimension) or sequence length (a sequence's second).
 */
export function inputDefaultsFrom(shape: Shape | undefined, base: InputDefaults = DEFAULT_INPUTS): InputDefaults {
  const out = { ...base };
  if (!shape) return out;
  out.batch = shape[0];
  if (shape.length >= 3) out.imageSize = shape[shape.length - 1];
  if (shape.length === 2 || shape.length === 3) out.sequenceLength = shape[1];
  return out;
}

export interface LayerSpec<C = unknown> {
  /** The class name as the framework spells it, e.g. `Conv2d`. */
  name: string;
  category: Category;
  signature: ParamSpec[];
  /** The signature also takes *args / **kwargs it ignores (nn.Identity), or holds other modules (nn.Sequential). */
  acceptsAnything?: boolean;
  /** A container (nn.Sequential, nn.ModuleList, nn.ModuleDict): its figures are those of the layers inside. */
  container?: boolean;
  /**
   * The notes topic this layer links to (an id of ../notes/topics.ts's NOTES_TOPICS), which may depend on its
   * arguments (a depthwise conv: MobileNet's); `topics`: every topic it can link to (the notes view lists it there).
   */
  notes?: string | ((c: C) => string);
  topics?: string[];
  /** The layer in words, from its arguments (symbols where they are not known): `3×3 depthwise conv, 144 channels, stride 2`. */
  describe?(c: C): string;
  /** Its Mult-Adds formula for one call on these shapes, with the numbers filled in. */
  formula?(c: C, inputs: Shape[], outputs: Shape[]): Formula | undefined;
  /**
   * How forward returns its outputs, as indices into ForwardResult.outputs: an array is a tuple, null is None
   * (LSTM: `[0, [1, 2]]`, output and (h_n, c_n)). By default the first output alone.
   */
  pack?(c: C, outputs: Shape[]): Packing;
  /**
   * Its learnable tensors by attribute name (`weight`, `bias`), with their shapes when the arguments are known:
   * what `layer.weight` is in the code, and what a tied weight (`head.weight = emb.weight`) shares.
   */
  parameterShapes?(c: C): Record<string, Shape> | undefined;
  /** Attributes PyTorch stores differently from the argument as written (a conv's `stride` is always a tuple). */
  attributes?(c: C): Record<string, RValue>;
  /** Its functional forms (`F.relu`, `F.max_pool2d`), and their positional parameters after the input. */
  functional?: { name: string; positional?: string[] }[];
  /**
   * Facts other readers need, when known: kernel size per spatial dimension and groups (ShuffleNet V2's guideline
   * checks), an RNN's layout and an upsampling's mode (what other counters' rules depend on, src/core/tools).
   */
  facts?(c: C): LayerFacts | undefined;
  /**
   * What setting an argument's attribute after construction does (`conv.dilation = (2, 2)`), as PyTorch's forward
   * reads them: every argument is read again but those in `fixed` (they sized the weights, which forward reads
   * instead: changing them changes nothing) and those in `notFollowed` (read again in a way the config does not
   * model: the change is said and the layer's figures left unknown). A layer without learnable tensors reads every
   * argument again; one with them and no list here is not followed at all.
   */
  mutability?: { fixed: string[]; notFollowed?: string[] };
  /** Arguments left None that the constructor stores as another's value (a pool's `stride`: its `kernel_size`). */
  storedAs?: Record<string, string>;
  /** Index inputs (Embedding) are int64; everything else float. */
  inputDtype?: 'int64';
  /** Reads the bound arguments into a config. Problems are reported on the reader. */
  configure(a: ArgReader): C;
  /** Learnable parameters, symbolic where an argument is unknown. */
  params(c: C): Sym;
  /** Buffers such as BatchNorm running statistics (not params, not in MAC). */
  buffers?(c: C): Sym;
  /** The input shapes to assume when none is annotated. May throw NeedsValue. */
  defaultInput(c: C, d: InputDefaults): Shape[];
  /**
   * Shapes and costs for these input shapes. Throws LayerError for inputs PyTorch would reject. `keywords`: the
   * call's keyword arguments, for those that change what forward returns (MultiheadAttention's need_weights).
   */
  forward(c: C, inputs: Shape[], keywords?: ReadonlyMap<string, RValue>): ForwardResult;
}

/** Input PyTorch would reject, or a bad argument found once shapes are known. */
export class LayerError extends Error {
  /**
   * `recover`: when the mistake is a size the layer declares (channels, features), what the analysis goes on
   * from to find the file's other mistakes: the input the layer would take in place of input `input` (a conv,
   * a Linear: their outputs have the declared size), or the outputs themselves (a norm keeps its input's shape).
   */
  constructor(message: string, readonly arg?: string, readonly recover?: { input: number; shape: Shape } | { outputs: Shape[] }) {
    super(message);
  }
}

/** Not a mistake: what the layer gives depends on something only the data decides (a text's length). */
export class LayerNotKnown extends LayerError {}


/** A spec of any config type, as the catalog stores them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLayerSpec = LayerSpec<any>;

/** See LayerSpec.facts. */
export interface LayerFacts {
  kernel?: number[];
  groups?: number;
  /** Upsampling: its mode (`nearest`, `bilinear`…). */
  mode?: string;
  /** RNN/LSTM/GRU: what counters that do not run the layer's math need. */
  rnn?: { hidden: number; layers: number; bidirectional: boolean; bias: boolean; batchFirst: boolean; proj: number };
}
