/**
 * Spectral operations and complex tensors, as PyTorch 1.13 shapes them: window functions, torch.stft and
 * torch.istft, torch.fft, view_as_real / view_as_complex, the real and imaginary parts, polar and complex.
 * Checked against PyTorch on generated cases (test/oracle/torch_families.py, family "spectral").
 * By the counting conventions a transform is not Mult-Adds (docs/conventions.md): its rows read and write memory.
 */
import { isComplex, realOf, complexOf } from './dtypes';
import { type CallSite, type RValue, isNumber, num } from '../values/value';
import { broadcast } from './tensorShapes';
import type { Impl, TensorOps } from './tensorOps';


const intOf = (v: RValue | undefined): number | undefined => (v?.kind === 'int' ? v.value : undefined);
const given = (v: RValue | undefined) => v !== undefined && v.kind !== 'none';
const flag = (v: RValue | undefined, fallback: boolean) => (v?.kind === 'bool' ? v.value : fallback);

/** Argument `i` or keyword `name`. */
const arg = (args: RValue[], kwargs: Map<string, RValue>, i: number, name: string) => kwargs.get(name) ?? args[i];

/** The tensor of this shape and dtype, recorded as an operation that reads and writes (no Mult-Adds). */
function moved(ops: TensorOps, name: string, inputs: RValue[], shape: number[], dtype: string, site: CallSite): RValue {
  const t = ops.shapeOp(name, inputs.filter((x) => x.kind === 'tensor'), site, () => ({ shape, kind: 'copy' }));
  return t.kind === 'tensor' ? { ...t, dtype } : t;
}

/** torch.hann_window and its kin: a 1-D window of the length asked. */
export function windowFunctions(ops: TensorOps): [string, Impl][] {
  const make = (name: string): Impl => ([n], kwargs, site) => {
    const length = intOf(n ?? kwargs.get('window_length'));
    if (length !== undefined && length < 0) return ops.fail(`${name} requires non-negative window_length, got window_length=${length}`, site, []);
    return ops.tensor(length === undefined ? null : [length], site, ops.dtypeOf(kwargs) ?? 'float32');
  };
  return ['hann_window', 'hamming_window', 'blackman_window', 'bartlett_window', 'kaiser_window'].map((name): [string, Impl] => [name, make(name)]);
}

/** The functions shared by `torch.X(t, …)` and `t.X(…)`. */
export function spectralFunctions(ops: TensorOps): [string, Impl][] {
  const stft: Impl = (args, kwargs, site) => {
    const x = arg(args, kwargs, 0, 'input');
    const nFft = intOf(arg(args, kwargs, 1, 'n_fft'));
    const hopArg = arg(args, kwargs, 2, 'hop_length');
    const winArg = arg(args, kwargs, 3, 'win_length');
    const taper = arg(args, kwargs, 4, 'window');
    const center = flag(arg(args, kwargs, 5, 'center'), true);
    const padMode = arg(args, kwargs, 6, 'pad_mode');
    const onesidedArg = arg(args, kwargs, 8, 'onesided');
    const returnComplex = arg(args, kwargs, 9, 'return_complex');
    if (x?.kind !== 'tensor' || !x.shape || nFft === undefined) return ops.tensor(null, site, 'complex64');
    const hop = given(hopArg) ? intOf(hopArg) : Math.floor(nFft / 4);
    const win = given(winArg) ? intOf(winArg) : nFft;
    if (hop === undefined || win === undefined) return ops.tensor(null, site, 'complex64');
    let length = x.shape[x.shape.length - 1];
    if (center) {
      const pad = Math.floor(nFft / 2);
      const reflect = padMode === undefined || (padMode.kind === 'str' && padMode.value === 'reflect');
      if (reflect && pad >= length) return ops.fail(`Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (${pad}, ${pad}) at dimension ${x.shape.length} of input [${[1, ...x.shape].join(', ')}]`, site, [x]);
      length += 2 * pad;
    }
    const what = `stft(${x.shape.join('×')}, n_fft=${nFft}, hop_length=${hop}, win_length=${win})`;
    if (x.shape.length !== 1 && x.shape.length !== 2) return ops.fail(`${what}: expected a 1D or 2D tensor`, site, [x]);
    if (nFft <= 0 || nFft > length) return ops.fail(`${what}: expected 0 < n_fft < ${length}, but got n_fft=${nFft}`, site, [x]);
    if (hop <= 0) return ops.fail(`${what}: expected hop_length > 0, but got hop_length=${hop}`, site, [x]);
    if (win <= 0 || win > nFft) return ops.fail(`${what}: expected 0 < win_length <= n_fft, but got win_length=${win}`, site, [x]);
    if (taper?.kind === 'tensor' && taper.shape && (taper.shape.length !== 1 || taper.shape[0] !== win)) {
      return ops.fail(`${what}: expected a 1D window tensor of size equal to win_length=${win}, but got window with size [${taper.shape.join(', ')}]`, site, [x, taper]);
    }
    const complexInput = isComplex(x.dtype) || (taper?.kind === 'tensor' && isComplex(taper.dtype));
    const onesided = flag(onesidedArg, !complexInput);
    const freqs = onesided ? Math.floor(nFft / 2) + 1 : nFft;
    const frames = 1 + Math.floor((length - nFft) / hop);
    const shape = [...x.shape.slice(0, -1), freqs, frames];
    // Without return_complex=True, PyTorch 1.13 still gives the real form (deprecated): a last dimension of 2.
    const asComplex = complexInput || flag(returnComplex, false);
    return asComplex ? moved(ops, 'stft', [x], shape, complexOf(x.dtype), site) : moved(ops, 'stft', [x], [...shape, 2], realOf(x.dtype), site);
  };

  const istft: Impl = (args, kwargs, site) => {
    const x = arg(args, kwargs, 0, 'input');
    const nFft = intOf(arg(args, kwargs, 1, 'n_fft'));
    const hopArg = arg(args, kwargs, 2, 'hop_length');
    const center = flag(arg(args, kwargs, 5, 'center'), true);
    const lengthArg = arg(args, kwargs, 8, 'length');
    const returnComplex = flag(arg(args, kwargs, 9, 'return_complex'), false);
    if (x?.kind !== 'tensor' || !x.shape || nFft === undefined) return ops.tensor(null, site);
    if (!isComplex(x.dtype)) return ops.fail('istft requires a complex-valued input tensor', site, [x]);
    if (x.shape.length !== 2 && x.shape.length !== 3) return ops.fail(`istft: expected a tensor with 2 or 3 dimensions of complex values, but got ${x.shape.length}`, site, [x]);
    const hop = given(hopArg) ? intOf(hopArg) : Math.floor(nFft / 4);
    if (hop === undefined) return ops.tensor(null, site);
    const frames = x.shape[x.shape.length - 1];
    let length = nFft + hop * (frames - 1);
    if (center) length -= 2 * Math.floor(nFft / 2);
    if (given(lengthArg)) {
      const l = intOf(lengthArg);
      if (l === undefined) return ops.tensor(null, site);
      length = l;
    }
    const dtype = returnComplex ? x.dtype : realOf(x.dtype);
    return moved(ops, 'istft', [x], [...x.shape.slice(0, -2), length], dtype, site);
  };

  const viewAsReal: Impl = ([x], _k, site) => {
    if (x?.kind !== 'tensor' || !x.shape) return ops.tensor(null, site);
    if (!isComplex(x.dtype)) return ops.fail('view_as_real is only supported for complex tensors', site, [x]);
    return { ...ops.tensor([...x.shape, 2], site, realOf(x.dtype)) };
  };
  const viewAsComplex: Impl = ([x], _k, site) => {
    if (x?.kind !== 'tensor' || !x.shape) return ops.tensor(null, site, 'complex64');
    if (x.shape.length === 0 || x.shape[x.shape.length - 1] !== 2) return ops.fail('Tensor must have a last dimension of size 2', site, [x]);
    if (x.dtype !== 'float32' && x.dtype !== 'float64' && x.dtype !== 'float16') return ops.fail(`view_as_complex is only supported for half, float and double tensors, but got a tensor of scalar type: ${x.dtype}`, site, [x]);
    return ops.tensor(x.shape.slice(0, -1), site, complexOf(x.dtype));
  };
  // The real part of a real tensor is itself; its imaginary part does not exist.
  const real: Impl = ([x], _k, site) => (x?.kind === 'tensor' ? (isComplex(x.dtype) ? ops.tensor(x.shape, site, realOf(x.dtype)) : x) : ops.tensor(null, site));
  const imag: Impl = ([x], _k, site) => {
    if (x?.kind !== 'tensor') return ops.tensor(null, site);
    return isComplex(x.dtype) ? ops.tensor(x.shape, site, realOf(x.dtype)) : ops.fail('imag is not implemented for tensors with non-complex dtypes.', site, [x]);
  };
  // |z| and arg z: one per element, real; of a real tensor, its own dtype (angle of an integer is float32).
  const magnitude = (name: string): Impl => ([x], _k, site) => {
    if (x?.kind !== 'tensor') return ops.tensor(null, site);
    const t = ops.shapeOp(name, [x], site, ([s]) => s, 'elementwise');
    const dtype = isComplex(x.dtype) ? realOf(x.dtype) : name === 'angle' && !/^(float|bfloat)/.test(x.dtype) ? 'float32' : x.dtype;
    return t.kind === 'tensor' ? { ...t, dtype } : t;
  };
  // polar(abs, angle) and complex(real, imag): two real tensors of one shape make a complex one.
  const pair = (name: string): Impl => (args, kwargs, site) => {
    const a = arg(args, kwargs, 0, name === 'polar' ? 'abs' : 'real');
    const b = arg(args, kwargs, 1, name === 'polar' ? 'angle' : 'imag');
    if (a?.kind !== 'tensor' || b?.kind !== 'tensor') return ops.tensor(null, site, 'complex64');
    if (a.dtype !== b.dtype) return ops.fail(`Expected object of scalar type ${a.dtype} but got scalar type ${b.dtype} for second argument`, site, [a, b]);
    const t = ops.shapeOp(name, [a, b], site, ([s, u]) => broadcast(s, u, name), 'elementwise');
    return t.kind === 'tensor' ? { ...t, dtype: complexOf(a.dtype) } : t;
  };
  return [['stft', stft], ['istft', istft], ['view_as_real', viewAsReal], ['view_as_complex', viewAsComplex], ['real', real], ['imag', imag],
    ['abs', magnitude('abs')], ['absolute', magnitude('absolute')], ['angle', magnitude('angle')], ['polar', pair('polar')], ['complex', pair('complex')],
    ['is_complex', ([x]) => ({ kind: 'bool', value: x?.kind === 'tensor' && isComplex(x.dtype) })]];
}

/**
 * torch.fft: each transform along its dims (`n`/`s` resize the signal first). A real-input transform keeps
 * n // 2 + 1 frequencies of its last dim; its inverse gives 2·(m − 1) samples unless told `n`.
 */
export function fftModule(ops: TensorOps): [string, Impl][] {
  type Kind = 'c2c' | 'r2c' | 'c2r';
  const transform = (name: string, kind: Kind, dims: 'one' | 'two' | 'all'): Impl => (args, kwargs, site) => {
    const x = arg(args, kwargs, 0, 'input');
    if (x?.kind !== 'tensor' || !x.shape) return ops.tensor(null, site, kind === 'c2r' ? 'float32' : 'complex64');
    const rank = x.shape.length;
    const sizeArg = arg(args, kwargs, 1, dims === 'one' ? 'n' : 's');
    const dimArg = arg(args, kwargs, 2, 'dim');
    let axes: number[] | undefined;
    if (dims === 'one') axes = [dimArg === undefined || dimArg.kind === 'none' ? -1 : intOf(dimArg) ?? NaN];
    else if (dimArg !== undefined && dimArg.kind !== 'none') axes = ops.ints(dimArg);
    else if (dims === 'two') axes = [-2, -1];
    else axes = given(sizeArg) ? (ops.ints(sizeArg) ?? []).map((_s, i, all) => i - all.length) : x.shape.map((_d, i) => i);
    if (!axes || axes.some((a) => Number.isNaN(a))) return ops.tensor(null, site);
    if (axes.some((a) => a >= rank || a < -rank)) return ops.fail(`Dimension out of range (expected to be in range of [${-rank}, ${rank - 1}], but got ${axes.find((a) => a >= rank || a < -rank)})`, site, [x]);
    axes = axes.map((a) => (a + rank) % rank);
    const sizes = given(sizeArg) ? (dims === 'one' ? [intOf(sizeArg)] : ops.ints(sizeArg)) : undefined;
    if (sizes && (sizes.length !== axes.length || sizes.some((n) => n === undefined))) return ops.tensor(null, site);
    const none = sizes?.find((n) => n! < 1);
    if (none !== undefined) return ops.fail(`Invalid number of data points (${none}) specified`, site, [x]);
    const shape = [...x.shape];
    axes.forEach((a, i) => {
      const last = i === axes!.length - 1;
      const n = sizes?.[i];
      if (kind === 'c2r' && last) shape[a] = n ?? 2 * (shape[a] - 1);
      else shape[a] = n ?? shape[a];
      if (kind === 'r2c' && last) shape[a] = Math.floor(shape[a] / 2) + 1;
    });
    const bad = axes.find((a) => shape[a] < 1);
    if (bad !== undefined) return ops.fail(`Invalid number of data points (${shape[bad]}) specified`, site, [x]);
    const dtype = kind === 'c2r' ? realOf(x.dtype) : complexOf(x.dtype);
    return moved(ops, `fft.${name}`, [x], shape, dtype, site);
  };
  const out: [string, Impl][] = [];
  for (const [suffix, dims] of [['', 'one'], ['2', 'two'], ['n', 'all']] as const) {
    out.push([`fft${suffix}`, transform(`fft${suffix}`, 'c2c', dims)], [`ifft${suffix}`, transform(`ifft${suffix}`, 'c2c', dims)]);
    out.push([`rfft${suffix}`, transform(`rfft${suffix}`, 'r2c', dims)], [`irfft${suffix}`, transform(`irfft${suffix}`, 'c2r', dims)]);
    out.push([`ihfft${suffix}`, transform(`ihfft${suffix}`, 'r2c', dims)], [`hfft${suffix}`, transform(`hfft${suffix}`, 'c2r', dims)]);
  }
  // fftshift / ifftshift roll the data; fftfreq / rfftfreq are the frequencies of n samples.
  const same: Impl = ([x], _k, site) => (x?.kind === 'tensor' ? moved(ops, 'fftshift', [x], x.shape ?? [], x.dtype, site) : ops.tensor(null, site));
  out.push(['fftshift', same], ['ifftshift', same]);
  const freq = (half: boolean): Impl => ([n], kwargs, site) => {
    const count = n && isNumber(n) ? num(n) : undefined;
    return ops.tensor(count === undefined ? null : [half ? Math.floor(count / 2) + 1 : count], site, ops.dtypeOf(kwargs) ?? 'float32');
  };
  out.push(['fftfreq', freq(false)], ['rfftfreq', freq(true)]);
  return out;
}
