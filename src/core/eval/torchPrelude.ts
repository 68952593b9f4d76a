/**
 * torch.nn classes that are plain Python over other layers, written as PyTorch 1.13 writes them (their
 * constructors and forwards, less what only checks or optimizes), and run by the interpreter like user code: the
 * Transformer containers (and torch.autograd's Function, below). Their layers are the catalog's; each container's figures are those of the layers inside.
 */
import type { Stmt } from '../python/ast';
import { parsePython } from '../python/parse';
import type { Evaluator } from './evaluator';
import { RScope } from '../values/value';
import { type ClassValue, type RValue, TORCH_PRELUDE_FILE } from '../values/value';

export const SOURCE = `
class TransformerEncoder(nn.Module):
    def __init__(self, encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True):
        super().__init__()
        self.layers = nn.ModuleList([copy.deepcopy(encoder_layer) for i in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        output = src
        for mod in self.layers:
            output = mod(output, src_mask=mask, src_key_padding_mask=src_key_padding_mask)
        if self.norm is not None:
            output = self.norm(output)
        return output


class TransformerDecoder(nn.Module):
    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = nn.ModuleList([copy.deepcopy(decoder_layer) for i in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None):
        output = tgt
        for mod in self.layers:
            output = mod(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask)
        if self.norm is not None:
            output = self.norm(output)
        return output


class Transformer(nn.Module):
    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, dropout=0.1,
                 activation='relu', custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-5, batch_first=False, norm_first=False,
                 device=None, dtype=None):
        super().__init__()
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            encoder_layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first)
            self.encoder = TransformerEncoder(encoder_layer, num_encoder_layers, nn.LayerNorm(d_model, eps=layer_norm_eps))
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            decoder_layer = nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first)
            self.decoder = TransformerDecoder(decoder_layer, num_decoder_layers, nn.LayerNorm(d_model, eps=layer_norm_eps))
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def forward(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
                tgt_key_padding_mask=None, memory_key_padding_mask=None):
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask)
`;

/**
 * torch.autograd: a custom Function runs its static forward on the shapes (what .apply computes; backward is
 * training's business), with a context that keeps what forward saves. Variable is the tensor itself since 0.4.
 */
export const AUTOGRAD = `
class _Context:
    needs_input_grad = (False,)
    def save_for_backward(self, *tensors):
        self.saved_tensors = tensors
    def mark_dirty(self, *args):
        pass
    def mark_non_differentiable(self, *args):
        pass
    def set_materialize_grads(self, value):
        pass


class Function:
    @classmethod
    def apply(cls, *args):
        return cls.forward(_Context(), *args)


def Variable(data, requires_grad=False, volatile=False):
    return data
`;

/**
 * torch.ao.quantization's stubs and torch.nn.quantized's FloatFunctional, as a float model (before prepare and
 * convert) runs them: the stubs pass their input on, FloatFunctional's operations are torch's, each observed by an
 * Identity. What converts a model (prepare, convert, fuse_modules) changes its modules and is not written here.
 */
export const QUANTIZATION = `
class QuantStub(nn.Module):
    def __init__(self, qconfig=None):
        super().__init__()
        if qconfig:
            self.qconfig = qconfig

    def forward(self, x):
        return x


class DeQuantStub(nn.Module):
    def __init__(self, qconfig=None):
        super().__init__()
        if qconfig:
            self.qconfig = qconfig

    def forward(self, x):
        return x


class QuantWrapper(nn.Module):
    def __init__(self, module):
        super().__init__()
        qconfig = getattr(module, 'qconfig', None)
        self.add_module('quant', QuantStub(qconfig))
        self.add_module('dequant', DeQuantStub(qconfig))
        self.add_module('module', module)

    def forward(self, X):
        X = self.quant(X)
        X = self.module(X)
        return self.dequant(X)


class FloatFunctional(nn.Module):
    def __init__(self):
        super().__init__()
        self.activation_post_process = nn.Identity()

    def forward(self, x):
        raise RuntimeError("FloatFunctional is not intended to use the 'forward'. Please use the underlying operation")

    def add(self, x, y):
        return self.activation_post_process(torch.add(x, y))

    def add_scalar(self, x, y):
        return torch.add(x, y)

    def mul(self, x, y):
        return self.activation_post_process(torch.mul(x, y))

    def mul_scalar(self, x, y):
        return torch.mul(x, y)

    def cat(self, x, dim=0):
        return self.activation_post_process(torch.cat(x, dim=dim))

    def add_relu(self, x, y):
        return self.activation_post_process(torch.nn.functional.relu(torch.add(x, y)))

    def matmul(self, x, y):
        return self.activation_post_process(torch.matmul(x, y))
`;

/**
 * torch.nn.utils.rnn as PyTorch 1.13 computes its shapes. A PackedSequence holds its sequences' steps as rows of
 * one tensor (the sum of the lengths), so packing needs the lengths' values; what a recurrent layer does with it
 * is in TorchNn.packedForward. `_lengths` keeps the lengths to pad back with (PyTorch recovers them from
 * batch_sizes, whose values the analysis does not keep).
 */
export const RNN_UTILS = `
class PackedSequence:
    def __init__(self, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None, _lengths=None):
        self.data = data
        self.batch_sizes = batch_sizes
        self.sorted_indices = sorted_indices
        self.unsorted_indices = unsorted_indices
        self._lengths = _lengths

    def __iter__(self):
        return iter((self.data, self.batch_sizes, self.sorted_indices, self.unsorted_indices))

    def __getitem__(self, i):
        return (self.data, self.batch_sizes, self.sorted_indices, self.unsorted_indices)[i]

    def __len__(self):
        return 4

    def _with(self, data):
        return PackedSequence(data, self.batch_sizes, self.sorted_indices, self.unsorted_indices, self._lengths)

    def to(self, *args, **kwargs):
        return self

    def cpu(self):
        return self

    def cuda(self, *args, **kwargs):
        return self

    def float(self):
        return self._with(self.data.float())

    def half(self):
        return self._with(self.data.half())

    def double(self):
        return self._with(self.data.double())

    def is_cuda(self):
        return False


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    lengths = torch.as_tensor(lengths, dtype=torch.int64)
    if enforce_sorted and not bool((lengths[:-1] >= lengths[1:]).all()):
        raise RuntimeError("\`lengths\` array must be sorted in decreasing order when \`enforce_sorted\` is True. You can pass \`enforce_sorted=False\` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.")
    if not bool((lengths > 0).all()):
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0")
    steps = int(lengths.max())
    batch = input.shape[0] if batch_first else input.shape[1]
    if lengths.shape[0] != batch:
        raise RuntimeError(f"Expected \`len(lengths)\` to be equal to batch_size, but got {lengths.shape[0]} (batch_size={batch})")
    data = input.new_empty((int(lengths.sum()),) + tuple(input.shape[2:]))
    sorted_indices = None if enforce_sorted else torch.empty(batch, dtype=torch.int64)
    return PackedSequence(data, torch.empty(steps, dtype=torch.int64), sorted_indices, sorted_indices, lengths)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    lengths = sequence._lengths
    steps = int(lengths.max())
    if total_length is not None:
        if total_length < steps:
            raise ValueError(f"Expected total_length to be at least the length of the longest sequence in input, but got total_length={total_length} and max sequence length being {steps}")
        steps = total_length
    rest = tuple(sequence.data.shape[1:])
    batch = lengths.shape[0]
    shape = (batch, steps) + rest if batch_first else (steps, batch) + rest
    return sequence.data.new_zeros(shape), lengths


def pad_sequence(sequences, batch_first=False, padding_value=0.0):
    steps = max([s.shape[0] for s in sequences])
    rest = tuple(sequences[0].shape[1:])
    shape = (len(sequences), steps) + rest if batch_first else (steps, len(sequences)) + rest
    return sequences[0].new_zeros(shape)


def pack_sequence(sequences, enforce_sorted=True):
    lengths = torch.as_tensor([s.shape[0] for s in sequences], dtype=torch.int64)
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)
`;

/** torch.nn.modules.utils: the helpers layers and libraries turn `3` into `(3, 3)` with. */
export const MODULE_UTILS = `
def _ntuple(n, name="parse"):
    def parse(x):
        if isinstance(x, (list, tuple)):
            return tuple(x)
        return tuple([x] * n)
    return parse


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")
_quadruple = _ntuple(4, "_quadruple")
`;

/** Runs the prelude with `nn` and `copy` in scope, and returns the classes it defines by name. */
export function torchPrelude(interp: Evaluator, builtins: RScope, nn: RValue, copy: RValue): Map<string, ClassValue> {
  const out = new Map<string, ClassValue>();
  for (const [name, v] of runPrelude(interp, builtins, SOURCE, 'torch.nn', { nn, copy })) if (v.kind === 'class') out.set(name, v);
  return out;
}

/** torch.autograd's names (Function, Variable). */
export function autogradPrelude(interp: Evaluator, builtins: RScope): Map<string, RValue> {
  return runPrelude(interp, builtins, AUTOGRAD, 'torch.autograd', {});
}

/**
 * The preludes' trees, parsed once a process: every analysis sets up torch again (each version of an edited file),
 * and parsing these took 2 ms of each one-character edit's 11 on the 10k-line bench file.
 */
const trees = new Map<string, Stmt[]>();

/** Where a prelude's tree is kept in a parse cache: a name that no file has. */
export function preludePath(module: string): string {
  return `${TORCH_PRELUDE_FILE}/${module}.py`;
}

/** Runs a prelude's source as module `module` with `globals` in scope; what it defines, by name. */
export function runPrelude(interp: Evaluator, builtins: RScope, source: string, module: string, globals: Record<string, RValue>): Map<string, RValue> {
  const scope = new RScope(builtins, 'module');
  for (const [k, v] of Object.entries(globals)) scope.set(k, v);
  scope.set('__name__', { kind: 'str', value: module });
  let body = trees.get(source);
  if (!body) trees.set(source, (body = interp.host?.parsePrelude?.(module, source) ?? parsePython(source).module.body));
  interp.execBlock(body, { scope, globals: scope, file: TORCH_PRELUDE_FILE });
  const out = new Map<string, RValue>();
  for (const [name, v] of scope.entries()) {
    if (name === '__name__' || Object.hasOwn(globals, name)) continue;
    if (v.kind === 'class') v.qualname = `${module}.${name}`;
    out.set(name, v);
  }
  return out;
}
