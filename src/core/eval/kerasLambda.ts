/**
 * Keras's Lambda layer, and the backend functions the code inside one calls. A Lambda has no weights; its
 * output is what its function computes, so the function runs on the input's shapes (a lambda or a small named
 * function, with `arguments=` as keywords). When it cannot, `output_shape=` gives the shape, as in Keras; when
 * neither does, the layer says so and the model is incomplete.
 */
import type { KerasLayerSpec } from '../catalog/keras/types';
import { sumFigures } from '../values/figures';
import { builtin } from './builtins';
import type { Evaluator } from './evaluator';
import type { Recorder } from './recorder';
import { type CallSite, type ClassValue, type InstanceValue, NONE, type RValue, type TensorValue, int, opaque } from '../values/value';

/** What the Lambda needs of the Keras library: to register a layer object and to record its call. */
export interface LambdaHost {
  readonly interp: Evaluator;
  readonly recorder: Recorder;
  newLayer(self: InstanceValue, spec: KerasLayerSpec, config: unknown, name: RValue | undefined, site: CallSite): void;
  callLayer(self: InstanceValue, inputs: RValue | undefined, site: CallSite): RValue;
  klass(name: string, bases: ClassValue[], attrs: Map<string, RValue>): ClassValue;
  method(name: string, impl: (self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue): RValue;
}

interface LambdaConfig {
  fn: RValue;
  arguments: Map<string, RValue>;
  outputShape?: RValue;
  /** What the last call computed: the spec's forward gives it. */
  result?: { outputs: number[][]; multAdds: number; otherOps: number };
}

const configs = new WeakMap<InstanceValue, LambdaConfig>();

/** The tensors in a value, in lists and tuples too, in order. */
export const tensorsOf = (v: RValue | undefined): TensorValue[] => (!v ? [] : v.kind === 'tensor' ? [v] : v.kind === 'list' || v.kind === 'tuple' ? v.items.flatMap(tensorsOf) : []);

export function lambdaClass(host: LambdaHost, base: ClassValue): ClassValue {
  const { interp } = host;
  return host.klass('Lambda', [base], new Map<string, RValue>([
    ['__init__', host.method('Lambda.__init__', (self, args, kwargs, site) => {
      const fn = args[0] ?? kwargs.get('function') ?? NONE;
      const extra = kwargs.get('arguments');
      const config: LambdaConfig = { fn, arguments: new Map(), outputShape: args[1] ?? kwargs.get('output_shape') };
      if (extra?.kind === 'dict') for (const [k, v] of extra.entries.values()) if (k.kind === 'str') config.arguments.set(k.value, v);
      configs.set(self, config);
      host.newLayer(self, spec(config), config, kwargs.get('name'), site);
      return NONE;
    })],
    ['__call__', host.method('Lambda.__call__', (self, args, kwargs, site) => {
      const inputs = args[0] ?? kwargs.get('inputs');
      const config = configs.get(self);
      if (!config || !inputs) return opaque('Lambda without its function', site);
      const given = tensorsOf(inputs);
      if (!given.length || given.some((t) => !t.shape)) return host.callLayer(self, inputs, site);
      // The function's operations are the layer's cost: recorded as forward records them, then taken into the row.
      const r = host.recorder;
      const mark = r.functional.length;
      r.inForward++;
      let out: RValue;
      try {
        out = interp.call(config.fn, [inputs], new Map(config.arguments), site);
      } finally {
        r.inForward--;
      }
      const work = sumFigures(r.functional.splice(mark));
      const produced = tensorsOf(out);
      let outputs = produced.length && produced.every((t) => t.shape) ? produced.map((t) => t.shape!) : undefined;
      if (!outputs) outputs = declaredShape(interp, config.outputShape, given, site);
      if (!outputs) {
        interp.report.diagnostic('warning', `Lambda: what its function returns is not known statically (${out.kind === 'opaque' ? out.reason : out.kind}), and it gives no output_shape: the model is incomplete`, site, 'unknown-lambda');
        return opaque('the output of a Lambda not known statically', site);
      }
      config.result = { outputs, multAdds: work.multAdds ?? 0, otherOps: work.otherOps ?? 0 };
      return host.callLayer(self, inputs, site);
    })],
  ]));
}

/** The Lambda's spec: no weights; its forward is what the last call computed. */
function spec(config: LambdaConfig): KerasLayerSpec {
  return {
    name: 'Lambda', category: 'identity', signature: [], merge: true,
    configure: () => config,
    weights: () => ({ trainable: 0, nonTrainable: 0 }),
    forward: () => {
      if (!config.result) throw new Error('Lambda forward before its function ran');
      return config.result;
    },
  };
}

/** output_shape=: a shape without the batch axis, or a function of the input shape (batch included). */
function declaredShape(interp: Evaluator, declared: RValue | undefined, inputs: TensorValue[], site: CallSite): number[][] | undefined {
  if (!declared || declared.kind === 'none') return undefined;
  const batch = inputs[0].shape![0];
  let v: RValue = declared;
  if (v.kind === 'function' || v.kind === 'builtin') {
    const shapes = inputs.map((t) => ({ kind: 'tuple', items: t.shape!.map((d, i) => (i === 0 ? NONE : int(d))) }) as RValue);
    v = interp.call(v, [shapes.length === 1 ? shapes[0] : { kind: 'list', items: shapes }], new Map(), site);
    if (v.kind === 'tuple' && v.items[0]?.kind === 'none') v = { kind: 'tuple', items: v.items.slice(1) };
  }
  if ((v.kind === 'tuple' || v.kind === 'list') && v.items.every((d) => d.kind === 'int')) return [[batch, ...v.items.map((d) => (d as { value: number }).value)]];
  return undefined;
}

/**
 * keras.backend functions a Lambda's function calls, as the torch operations they are on shapes (Keras's axis is
 * torch's dim). `torch` is the interpreter's torch module.
 */
export function backendFunctions(interp: Evaluator, torch: Map<string, RValue>): Map<string, RValue> {
  const call = (name: string, args: RValue[], kwargs: [string, RValue | undefined][], site: CallSite) => {
    const f = torch.get(name);
    if (!f) return opaque(`torch.${name}`, site);
    return interp.call(f, args, new Map(kwargs.filter((e): e is [string, RValue] => e[1] !== undefined && e[1].kind !== 'none')), site);
  };
  const kw = (kwargs: Map<string, RValue>, name: string, given?: RValue) => given ?? kwargs.get(name);
  const out = new Map<string, RValue>();
  const def = (name: string, f: (args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue) => out.set(name, builtin(`keras.backend.${name}`, f));
  def('concatenate', ([xs, axis], k, site) => call('cat', [xs], [['dim', kw(k, 'axis', axis) ?? int(-1)]], site));
  for (const r of ['mean', 'sum', 'max', 'min', 'prod']) {
    def(r, ([x, axis, keep], k, site) => {
      const dim = kw(k, 'axis', axis);
      if (!dim || dim.kind === 'none') return call(r === 'max' ? 'amax' : r === 'min' ? 'amin' : r, [x], [], site);
      return call(r === 'max' ? 'amax' : r === 'min' ? 'amin' : r, [x], [['dim', dim], ['keepdim', kw(k, 'keepdims', keep)]], site);
    });
  }
  def('expand_dims', ([x, axis], k, site) => call('unsqueeze', [x, kw(k, 'axis', axis) ?? int(-1)], [], site));
  def('squeeze', ([x, axis], k, site) => call('squeeze', [x, kw(k, 'axis', axis)!], [], site));
  def('reshape', ([x, shape], _k, site) => call('reshape', [x, shape], [], site));
  def('permute_dimensions', ([x, pattern], _k, site) => call('permute', [x, pattern], [], site));
  def('softmax', ([x, axis], k, site) => call('softmax', [x], [['dim', kw(k, 'axis', axis) ?? int(-1)]], site));
  def('l2_normalize', ([x, axis], k, site) => call('div', [x, call('norm', [x], [['dim', kw(k, 'axis', axis) ?? int(-1)], ['keepdim', { kind: 'bool', value: true }]], site)], [], site));
  for (const name of ['square', 'sqrt', 'exp', 'abs', 'sigmoid', 'tanh', 'relu', 'log']) def(name, ([x], _k, site) => call(name, [x], [], site));
  return out;
}
