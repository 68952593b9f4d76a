/**
 * Keras for the abstract interpreter: `keras.layers`, `Input`, `Model`, `Sequential`, the backend and utils
 * functions model code calls, under `keras`, `tensorflow.keras` and `tf.keras`. A layer is built on the
 * shape of its first input (Keras layers do not declare their input channels), every call is recorded, and
 * tensors remember the layer call that produced them, so a Model knows its graph. Shapes carry batch 1
 * where Keras says None.
 */
import { KERAS_LAYERS } from '../catalog/keras/layers';
import { bidirectional, timeDistributed } from '../catalog/keras/wrappers';
import { type KerasArg, type KerasLayerSpec, type KerasWeights, KERAS_NONE_LENGTH } from '../catalog/keras/types';
import { LayerError, LayerNotKnown } from '../values/spec';
import { sumFigures } from '../values/figures';
import { bindKerasSpec, runSpec } from '../catalog/run';
import { builtin } from './builtins';
import type { Evaluator } from './evaluator';
import { newModuleNode, type ModuleNode } from '../values/moduleTree';
import { type CallSite, type ClassValue, type InstanceValue, NONE, type OpaqueValue, type RValue, type TensorValue, opaque, str, tuple } from '../values/value';
import { type Recorder, recordOne } from './recorder';
import { backendFunctions, lambdaClass } from './kerasLambda';
import { addWeight, callCustom, sumWeights } from './kerasCustom';
import { initializer, KERAS_INITIALIZERS } from './tfValues';
import { kerasDatasetsModule } from './kerasDatasets';
import type { KerasFacts, KerasGraph, KerasHistory, KerasLayer, KerasTensor } from './kerasTypes';

/** Keyword arguments every layer takes (Keras's base Layer and the usual initializers and regularizers). */
const BASE_KWARGS = /^(name|input_shape|batch_input_shape|batch_size|input_dim|dtype|trainable|weights|autocast|dynamic|input_length|.*_(initializer|regularizer|constraint)|activity_regularizer|fused|renorm.*|virtual_batch_size|adjustment|synchronized|return_sequences|return_state|go_backwards|stateful|unroll|time_major|reset_after|recurrent_activation|dropout|recurrent_dropout|mask_zero|implementation|alpha|invert)$/;

/** The layers TensorFlow 2.x also exported as keras.layers.experimental.preprocessing. */
const PREPROCESSING = ['Normalization', 'Rescaling', 'Resizing', 'CenterCrop', 'RandomCrop', 'RandomFlip', 'RandomRotation', 'RandomZoom', 'RandomTranslation', 'RandomHeight', 'RandomWidth', 'Hashing', 'Discretization', 'IntegerLookup', 'StringLookup', 'CategoryEncoding', 'HashedCrossing',
  'RandomContrast', 'RandomBrightness', 'TextVectorization'];

/** Keras's to_snake_case: Conv2D → conv2d, GlobalAveragePooling2D → global_average_pooling2d. */
const snake = (name: string) => name.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

export class KerasLib implements KerasFacts {
  private readonly layers = new Map<InstanceValue, KerasLayer>();
  private readonly byNode = new Map<ModuleNode, KerasLayer>();
  private readonly names = new Map<string, number>();
  private order = 0;
  private calls = 0;
  /**
   * Every model built (keras.Model, Sequential, a subclass), in the order built, with the call that built it: the
   * statement that was running (`model = get_model()`, not the `keras.Model(...)` inside get_model).
   */
  readonly modelsBuilt: { model: InstanceValue; site: CallSite; step: number }[] = [];
  /** Whether the code imports Keras 3 (`import keras`) rather than TensorFlow's Keras 2: only names depend on it. */
  keras3 = false;
  readonly layerBase: ClassValue;
  readonly modelClass: ClassValue;
  readonly sequentialClass: ClassValue;
  private readonly classes = new Map<string, ClassValue>();

  constructor(readonly interp: Evaluator, readonly recorder: Recorder) {
    // The base of every layer, and of those the code writes (./kerasCustom.ts): build, add_weight and call.
    this.layerBase = this.klass('Layer', [], new Map<string, RValue>([
      ['__init__', this.method('Layer.__init__', (self, _a, kwargs) => {
        const name = kwargs.get('name');
        if (name?.kind === 'str') self.attrs.set('name', name);
        const trainable = kwargs.get('trainable');
        if (trainable?.kind === 'bool') self.attrs.set('trainable', trainable);
        return NONE;
      })],
      ['__call__', this.method('Layer.__call__', (self, args, kwargs, site) => callCustom(this, self, args, kwargs, site))],
      ['add_weight', this.method('Layer.add_weight', (self, args, kwargs, site) => addWeight(self, args, kwargs, site))],
      ['build', this.method('Layer.build', () => NONE)],
    ]));
    this.classes.set('Lambda', lambdaClass(this, this.layerBase));
    for (const spec of KERAS_LAYERS.values()) this.classes.set(spec.name, this.layerClass(spec));
    for (const [alias, spec] of KERAS_LAYERS) if (!this.classes.has(alias)) this.classes.set(alias, this.classes.get(spec.name)!);
    this.modelClass = this.klass('Model', [this.layerBase], new Map<string, RValue>([
      ['__init__', this.method('Model.__init__', (self, args, kwargs, site) => this.initModel(self, args, kwargs, site))],
      ['__call__', this.method('Model.__call__', (self, args, kwargs, site) => this.callModel(self, args, kwargs, site))],
      ['summary', this.method('Model.summary', () => NONE)],
      ['compile', this.method('Model.compile', () => NONE)],
      ['load_weights', this.method('Model.load_weights', () => NONE)],
      ['predict', this.method('Model.predict', (self, args, kwargs, site) => this.predict(self, args[0] ?? kwargs.get('x'), site))],
      ['get_layer', this.method('Model.get_layer', (self, args, kwargs, site) => this.getLayer(self, args[0] ?? kwargs.get('name'), site))],
      ['build', this.method('Model.build', () => NONE)],
    ]));
    this.classes.set('Bidirectional', this.klass('Bidirectional', [this.layerBase], new Map<string, RValue>([
      ['__init__', this.method('Bidirectional.__init__', (self, args, kwargs, site) => this.initBidirectional(self, args, kwargs, site))],
      ['__call__', this.method('Bidirectional.__call__', (self, args, kwargs, site) => this.callLayer(self, args[0] ?? kwargs.get('inputs'), site))],
    ])));
    this.classes.set('TimeDistributed', this.klass('TimeDistributed', [this.layerBase], new Map<string, RValue>([
      ['__init__', this.method('TimeDistributed.__init__', (self, args, kwargs, site) => this.initTimeDistributed(self, args, kwargs, site))],
      ['__call__', this.method('TimeDistributed.__call__', (self, args, kwargs, site) => this.callLayer(self, args[0] ?? kwargs.get('inputs'), site))],
    ])));
    this.sequentialClass = this.klass('Sequential', [this.modelClass], new Map<string, RValue>([
      ['__init__', this.method('Sequential.__init__', (self, args, kwargs, site) => this.initSequential(self, args, kwargs, site))],
      ['add', this.method('Sequential.add', (self, [layer], _k, site) => this.sequentialAdd(self, layer, site))],
      ['__call__', this.method('Sequential.__call__', (self, [x], _k, site) => this.runSequential(self, x, site))],
    ]));
  }

  // ------------------------------------------------------------------ modules

  /** `keras.*` modules by name, to install as outside modules (also under `tensorflow.keras`). */
  modules(torch: Map<string, RValue>): [string, Map<string, RValue>][] {
    const layers = new Map<string, RValue>([...this.classes].map(([k, v]) => [k, v] as [string, RValue]));
    layers.set('Layer', this.layerBase);
    layers.set('Input', builtin('keras.Input', (args, kwargs, site) => this.input(args, kwargs, site)));
    layers.set('InputLayer', builtin('keras.layers.InputLayer', (args, kwargs, site) => this.input(args, kwargs, site)));
    for (const [fn, cls] of [['add', 'Add'], ['multiply', 'Multiply'], ['subtract', 'Subtract'], ['average', 'Average'], ['maximum', 'Maximum'], ['concatenate', 'Concatenate']] as const) {
      layers.set(fn, builtin(`keras.layers.${fn}`, ([inputs, ...rest], kwargs, site) => {
        const layer = this.interp.call(this.classes.get(cls)!, rest, kwargs, site);
        return this.interp.call(layer, [inputs], new Map(), site);
      }));
    }
    const models = new Map<string, RValue>([['Model', this.modelClass], ['Sequential', this.sequentialClass], ['load_model', builtin('keras.models.load_model', (_a, _k, site) => opaque('a model loaded from a file', site))]]);
    const backend = new Map<string, RValue>([
      ['image_data_format', builtin('keras.backend.image_data_format', () => str('channels_last'))],
      ['set_image_data_format', builtin('keras.backend.set_image_data_format', () => NONE)],
      ['backend', builtin('keras.backend.backend', () => str('tensorflow'))],
      ['floatx', builtin('keras.backend.floatx', () => str('float32'))],
      ['epsilon', builtin('keras.backend.epsilon', () => ({ kind: 'float', value: 1e-7 }))],
      ['int_shape', builtin('keras.backend.int_shape', ([x]) => (x?.kind === 'tensor' && x.shape ? tuple(x.shape.map((d, i) => (i === 0 ? NONE : { kind: 'int', value: d }))) : opaque('the shape of a value that is not a Keras tensor')))],
      ['ndim', builtin('keras.backend.ndim', ([x]) => (x?.kind === 'tensor' && x.shape ? { kind: 'int', value: x.shape.length } : opaque('ndim of an unknown value')))],
      ['is_keras_tensor', builtin('keras.backend.is_keras_tensor', ([x], _k, site) => (!x || x.kind === 'opaque' ? opaque('whether a value not known statically is a Keras tensor', site) : { kind: 'bool', value: x.kind === 'tensor' && !!(x as KerasTensor).keras }))],
      ['clear_session', builtin('keras.backend.clear_session', () => NONE)],
      ...backendFunctions(this.interp, torch),
    ]);
    const utils = new Map<string, RValue>([
      ['get_file', builtin('keras.utils.get_file', (_a, _k, site) => opaque('a downloaded file', site))],
      ['get_source_inputs', builtin('keras.utils.get_source_inputs', ([x]) => ({ kind: 'list', items: x?.kind === 'tensor' ? this.sourceInputs([x]) : [] }))],
      ['convert_all_kernels_in_model', builtin('keras.utils.convert_all_kernels_in_model', () => NONE)],
      ['plot_model', builtin('keras.utils.plot_model', () => NONE)],
    ]);
    const keras = new Map<string, RValue>([['Input', layers.get('Input')!], ['Model', this.modelClass], ['Sequential', this.sequentialClass]]);
    // TensorFlow 2.x's home of the preprocessing layers before Keras took them in: the same classes.
    const preprocessing = new Map<string, RValue>(PREPROCESSING.flatMap((n) => (layers.has(n) ? [[n, layers.get(n)!] as [string, RValue]] : [])));
    const experimental = new Map<string, RValue>([['preprocessing', { kind: 'module', name: 'keras.layers.experimental.preprocessing', attrs: preprocessing }]]);
    layers.set('experimental', { kind: 'module', name: 'keras.layers.experimental', attrs: experimental });
    return [['keras', keras], ['keras.layers', layers], ['keras.layers.experimental', experimental], ['keras.layers.experimental.preprocessing', preprocessing],
      ['keras.models', models], ['keras.backend', backend], ['keras.utils', utils],
      ['keras.initializers', new Map(KERAS_INITIALIZERS.map((n) => [n, initializer(`keras.initializers.${n}`)]))], ['keras.datasets', kerasDatasetsModule()]];
  }

  /** A Lambda layer named as Keras 2 names a TensorFlow call on Keras tensors (`tf.reshape`, `tf.reshape_1`). */
  lambdaLayer(name: string, fn: RValue, site: CallSite): InstanceValue {
    const layer = this.interp.call(this.classes.get('Lambda')!, [fn], new Map([['name', str(this.uniqueName(name))]]), site);
    return layer as InstanceValue;
  }

  /**
   * An operation on Keras tensors of a functional model (`tf.reshape(x, …)`, `x + y`, `x[:, 0]`): Keras 2 wraps it
   * in a layer of its own (TFOpLambda), whose inputs are the Keras tensors among its operands, so the model's graph
   * goes on through it and its work is counted. Undefined when no operand is a Keras tensor, or inside a layer's or
   * a model's call (the operation is then part of that call): the caller computes it as it is.
   */
  opLayer(name: string, operands: readonly (RValue | undefined)[], impl: () => RValue, site: CallSite): RValue | undefined {
    const symbolic = operands.flatMap((v) => kerasTensors(v));
    if (!symbolic.length || this.recorder.inForward > 0) return undefined;
    const layer = this.lambdaLayer(name, builtin(name, () => impl()), site);
    return this.interp.call(layer, [{ kind: 'list', items: symbolic }], new Map(), site);
  }

  // ------------------------------------------------------------------ layers

  klass(name: string, bases: ClassValue[], attrs: Map<string, RValue>): ClassValue {
    return { kind: 'class', name, qualname: `keras.layers.${name}`, bases, attrs };
  }

  method(name: string, impl: (self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue): RValue {
    return builtin(`method:keras.${name}`, ([self, ...args], kwargs, site) => (self?.kind === 'instance' ? impl(self, args, kwargs, site) : opaque(`keras ${name} without an object`, site)));
  }

  private layerClass(spec: KerasLayerSpec): ClassValue {
    return this.klass(spec.name, [this.layerBase], new Map<string, RValue>([
      ['__init__', this.method(`${spec.name}.__init__`, (self, args, kwargs, site) => this.initLayer(spec, self, args, kwargs, site))],
      ['__call__', this.method(`${spec.name}.__call__`, (self, args, kwargs, site) => this.callLayer(self, spec.attention ? { kind: 'list', items: [args[0] ?? kwargs.get('query'), args[1] ?? kwargs.get('value'), args[2] ?? kwargs.get('key')].filter((x): x is RValue => !!x && x.kind !== 'none') } : args[0] ?? kwargs.get('inputs'), site))],
    ]));
  }

  /** Keras's unique names: `conv2d`, `conv2d_1`…, or one-based (`input_1`, `input_2`…) as Keras 2 names inputs. */
  private uniqueName(base: string, oneBased = false): string {
    const n = this.names.get(base) ?? 0;
    this.names.set(base, n + 1);
    return oneBased ? `${base}_${n + 1}` : n === 0 ? base : `${base}_${n}`;
  }

  private initLayer(spec: KerasLayerSpec, self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const { config, values, problems, unknownArg } = bindKerasSpec(spec, {
      positional: args.map((a) => toArg(a)), keywords: new Map([...kwargs].map(([k, v]) => [k, toArg(v)])), baseKeyword: (k) => BASE_KWARGS.test(k),
    });
    for (const message of problems) this.interp.report.diagnostic('error', `${spec.name}: ${message}`, site, 'keras-argument');
    // An argument whose value is not known statically: the layer it configures is not known, never an error.
    if (unknownArg) this.interp.report.diagnostic('warning', `${spec.name}: \`${unknownArg}\` is not known statically, so this layer is not either`, site, 'keras-argument-unknown');
    this.newLayer(self, spec, config, kwargs.get('name'), site);
    const trainable = kwargs.get('trainable');
    if (trainable?.kind === 'bool') self.attrs.set('trainable', trainable);
    // `input_shape=` on a layer (the first of a Sequential): the input it will be built on, batch 1.
    const shape = values.get('batch_input_shape') ?? values.get('input_shape');
    if (Array.isArray(shape)) self.attrs.set('__keras_input_shape__', tuple(shape.map((d) => (typeof d === 'number' ? { kind: 'int', value: d } : NONE))));
    // One not known (`input_shape=(x_train.shape[-1],)`): kept as given, for the Sequential's Input to say so here.
    else if (kwargs.has('batch_input_shape') || kwargs.has('input_shape')) self.attrs.set('__keras_input_shape__', kwargs.get('batch_input_shape') ?? kwargs.get('input_shape')!);
    return NONE;
  }

  /** A layer object: named as Keras names it (`conv2d_3`, or its name=), in the model's tree. */
  newLayer(self: InstanceValue, spec: KerasLayerSpec, config: unknown, nameArg: RValue | undefined, site: CallSite): void {
    const given = nameArg && toArg(nameArg);
    const name = typeof given === 'string' ? given : this.uniqueName(snake(spec.name));
    const layer: KerasLayer = { spec, config, name, node: newModuleNode(spec.name, 'layer', site, self), order: -1 };
    this.recorder.built.push(layer.node);
    this.layers.set(self, layer);
    this.byNode.set(layer.node, layer);
    self.attrs.set('name', str(name));
  }

  /**
   * Bidirectional(LSTM(64)): the wrapped layer twice, forward and backward; outputs concatenated on the last
   * axis (merge_mode='concat'), or summed, multiplied or averaged.
   */
  private initBidirectional(self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const inner = this.layers.get((args[0] ?? kwargs.get('layer')) as InstanceValue);
    const mode = toArg(kwargs.get('merge_mode') ?? args[1] ?? str('concat'));
    if (!inner || inner.spec === 'InputLayer' || inner.config === undefined) {
      this.interp.report.diagnostic('error', 'Bidirectional: wraps a recurrent layer (LSTM, GRU, SimpleRNN)', site, 'keras-argument');
      return NONE;
    }
    const innerSpec = inner.spec;
    this.wrapped(inner);
    const spec = bidirectional(innerSpec, inner.config, mode);
    const name = typeof toArg(kwargs.get('name') ?? NONE) === 'string' ? (toArg(kwargs.get('name')!) as string) : this.uniqueName(`bidirectional`);
    const wrapper: KerasLayer = { spec, config: inner.config, name, node: newModuleNode('Bidirectional', 'layer', site, self), order: -1 };
    this.recorder.built.push(wrapper.node);
    this.layers.set(self, wrapper);
    this.byNode.set(wrapper.node, wrapper);
    self.attrs.set('name', str(name));
    return NONE;
  }

  /** A layer a wrapper (Bidirectional, TimeDistributed) runs: the wrapper's row is its figures, so it is not a layer of its own. */
  private wrapped(inner: KerasLayer): void {
    const at = this.recorder.built.indexOf(inner.node);
    if (at >= 0) this.recorder.built.splice(at, 1);
  }

  /**
   * TimeDistributed(layer): the layer on every step of the time axis, as Keras runs it (the batch and time axes
   * folded into one): its weights once, its work once per step.
   */
  private initTimeDistributed(self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const inner = this.layers.get((args[0] ?? kwargs.get('layer')) as InstanceValue);
    if (!inner || inner.spec === 'InputLayer' || inner.config === undefined) {
      this.interp.report.diagnostic('warning', 'TimeDistributed: the layer it wraps is not known statically, so this layer is not either', site, 'keras-argument-unknown');
      return NONE;
    }
    const innerSpec = inner.spec;
    this.wrapped(inner);
    const spec = timeDistributed(innerSpec, inner.config);
    const given = toArg(kwargs.get('name') ?? NONE);
    this.newLayer(self, spec, inner.config, typeof given === 'string' ? str(given) : str(this.uniqueName(`time_distributed`)), site);
    return NONE;
  }

  /**
   * A layer whose output is not known (a custom layer's call returned what is not followed), with the weights it
   * was built with (none known when its input's shape was not): in the model's graph, its output's shape not known.
   */
  unknownOutput(self: InstanceValue, inputs: TensorValue[], weights: KerasWeights | undefined, site: CallSite): RValue {
    const layer = this.layers.get(self);
    if (!layer) return opaque(`the output of ${self.cls.name} not known statically`, site);
    if (weights) layer.weights = weights;
    return this.unknownInGraph(layer, inputs, site);
  }

  /**
   * A call whose output's shape is not known (a layer not known, an argument the data decides, or an input of a shape
   * not known): it stays in the graph, so that the model lists the layers before it and says its params are not known.
   */
  private unknownInGraph(layer: KerasLayer, inputs: TensorValue[], site: CallSite): KerasTensor {
    if (layer.order < 0) layer.order = this.order++;
    const guessed = inputs.some((t) => (t as KerasTensor).guessed);
    return { kind: 'tensor', shape: null, dtype: 'float32', origin: site, keras: { layer, inputs, seq: this.calls++ }, ...(guessed ? { guessed: true as const } : {}) };
  }

  callLayer(self: InstanceValue, inputs: RValue | undefined, site: CallSite): RValue {
    const layer = this.layers.get(self);
    if (!layer || layer.spec === 'InputLayer') return opaque('a Keras layer Layer Lens does not know', site);
    const spec = layer.spec;
    const tensors = inputs?.kind === 'list' || inputs?.kind === 'tuple' ? inputs.items : inputs ? [inputs] : [];
    if (!tensors.every((t): t is TensorValue => t.kind === 'tensor')) {
      // Where the value stopped being known is what to point at (a function Layer Lens does not know, a layer that
      // failed), with its reason; else this call.
      const cause = tensors.find((t) => t.kind === 'opaque') as OpaqueValue | undefined;
      return opaque(`${spec.name} called on something that is not a tensor${cause ? `: ${cause.reason}` : ''}`, cause?.origin ?? site);
    }
    // On a length taken for None, what follows is on that length too; a refusal there may be the length's.
    const guessed = tensors.some((t) => (t as KerasTensor).guessed);
    const out = (shape: number[] | null, history?: KerasHistory): KerasTensor => ({ kind: 'tensor', shape, dtype: 'float32', origin: site, keras: history, ...(guessed ? { guessed: true as const } : {}) });
    if (layer.config === undefined || tensors.some((t) => !t.shape)) return this.unknownInGraph(layer, tensors, site);
    const shapes = tensors.map((t) => t.shape!);
    try {
      if (!spec.merge && !spec.attention && shapes.length !== 1) throw new LayerError(`${spec.name} takes one input, got ${shapes.length}`);
      const run = runSpec(spec, layer.config, shapes, {});
      const weights = run.weights!;
      if (layer.weights && (layer.weights.trainable !== weights.trainable || layer.weights.nonTrainable !== weights.nonTrainable)) {
        throw new LayerError(`${spec.name} \`${layer.name}\` was built on another input shape; its weights do not fit ${shapes.map((s) => s.slice(1).join('×')).join(', ')}`);
      }
      layer.weights = weights;
      if (layer.order < 0) layer.order = this.order++;
      layer.node.layer = { spec: spec as never, config: layer.config, params: weights.trainable };
      recordOne(this.recorder.layers, {
        node: layer.node, inputShapes: shapes, outputShapes: run.outputs, params: weights.trainable, site, ...run.figures,
      }, 'layer calls');
      const history: KerasHistory = { layer, inputs: tensors, seq: this.calls++ };
      const results = run.outputs.map((s, i): KerasTensor => ({ ...out(s, history), ...(i ? { index: i } : {}) }));
      const result: RValue = results.length === 1 ? results[0] : { kind: 'list', items: results };
      // `layer.output` and `layer.input`: those of its first call (`backbone.get_layer("conv4_block6_relu").output`).
      if (!self.attrs.has('output')) {
        self.attrs.set('output', result);
        self.attrs.set('input', inputs ?? NONE);
      }
      return result;
    } catch (e) {
      if (!(e instanceof LayerError)) throw e;
      if (e instanceof LayerNotKnown) {
        this.interp.report.diagnostic('warning', e.message, site, 'keras-not-known');
        return opaque(e.message, site);
      }
      const related = tensors.filter((t) => t.origin && !t.origin.file.startsWith('<')).map((t) => ({ origin: t.origin!, message: `the input ${t.shape?.slice(1).join('×') ?? ''} is produced here` }));
      const message = e.message.startsWith(spec.name) ? e.message : `${spec.name}: ${e.message}`;
      if (guessed) this.interp.report.diagnostic('info', `${message} (on the length ${NONE_LENGTH} taken for None: give the Input a length to see this model's figures)`, site, 'keras-none-length-refused', related);
      else this.interp.report.diagnostic('error', message, site, 'shape', related);
      return out(null);
    }
  }

  /** `keras.Input(shape=(224, 224, 3))`: a symbolic tensor, batch 1 standing for None. */
  private input(args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    // `shape=(1024)` is an int, which Keras 2 took as (1024,).
    const raw = kwargs.get('shape') ?? args[0] ?? kwargs.get('input_shape');
    const shapeArg = raw?.kind === 'int' ? tuple([raw]) : raw;
    const batch = toArg(kwargs.get('batch_size') ?? NONE);
    const given = shapeArg ? toArg(shapeArg) : undefined;
    if (!Array.isArray(given) || !given.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d) && d > 0))) {
      // Often the data's (`shape=x_train.shape[1:]`): said here, since everything after it is not known either.
      const why = !shapeArg ? 'no shape is given' : 'it is computed from values not known statically, such as data the code reads';
      this.interp.report.diagnostic('warning', `the shape of this Input is not known statically (${why}), so nothing built on it is: give it in the code (shape=(…)) to see this model's figures`, site, 'keras-input-unknown');
      return { kind: 'tensor', shape: null, dtype: 'float32', origin: site, keras: undefined } as KerasTensor;
    }
    // A None length (a text, a series, an image of any size) is the data's: taken as NONE_LENGTH, and said. The
    // weights do not depend on it; the work and the shapes are for that length.
    const shape = given.map((d) => (d === null ? NONE_LENGTH : (d as number)));
    const guessed = given.some((d) => d === null);
    if (guessed) this.interp.report.diagnostic('info', `None in this input's shape is taken as ${NONE_LENGTH}: the params do not depend on it; the work and shapes below are for that length`, site, 'keras-none-length');
    // Named as the Keras the code imports names it: Keras 3 (`import keras`) input_layer, input_layer_1…; Keras 2
    // (`tensorflow.keras`, keras_applications) input_1, input_2….
    const name = typeof toArg(kwargs.get('name') ?? NONE) === 'string' ? (toArg(kwargs.get('name')!) as string) : this.keras3 ? this.uniqueName('input_layer') : this.uniqueName('input', true);
    const layer: KerasLayer = { spec: 'InputLayer', config: undefined, name, node: newModuleNode('InputLayer', 'layer', site, { kind: 'instance', cls: this.layerBase, attrs: new Map() }), order: this.order++, weights: { trainable: 0, nonTrainable: 0 } };
    const full = [typeof batch === 'number' ? batch : 1, ...shape];
    layer.node.layer = { spec: undefined as never, config: undefined, params: 0 };
    const t: KerasTensor = { kind: 'tensor', shape: full, dtype: 'float32', origin: site, ...(guessed ? { guessed: true as const } : {}) };
    t.keras = { layer, inputs: [], seq: this.calls++ };
    return t;
  }

  // ------------------------------------------------------------------ models

  private initModel(self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const inputs = kwargs.get('inputs') ?? args[0];
    const outputs = kwargs.get('outputs') ?? args[1];
    const name = toArg(kwargs.get('name') ?? NONE);
    self.attrs.set('name', str(typeof name === 'string' ? name : this.uniqueName(snake(self.cls.name === 'Model' ? 'model' : self.cls.name))));
    // Sequential's __init__ runs this one too: each model once.
    // A model a layer builds inside itself (in its build or call) is part of that layer, not one of the file's.
    if (!self.attrs.has('__keras_model__') && this.recorder.inForward === 0) this.modelsBuilt.push({ model: self, site: this.interp.topSite ?? site, step: this.interp.steps });
    self.attrs.set('__keras_model__', { kind: 'bool', value: true });
    if (inputs && outputs) {
      self.attrs.set('__keras_inputs__', inputs);
      self.attrs.set('__keras_outputs__', outputs);
      this.listLayers(self);
      self.attrs.set('inputs', inputs);
      self.attrs.set('outputs', outputs);
      self.attrs.set('input', inputs);
      self.attrs.set('output', outputs);
    }
    return NONE;
  }

  /** A subclassed model runs its `call`; a functional one was built when its layers were called. */
  private callModel(self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    if (self.attrs.has('__keras_outputs__')) return this.callNested(self, args[0] ?? kwargs.get('inputs'), site);
    const call = this.interp.getAttr(self, 'call', site);
    const out = this.interp.call(call, args, kwargs, site);
    self.attrs.set('__keras_inputs__', args[0] ?? NONE);
    self.attrs.set('__keras_outputs__', out);
    this.listLayers(self);
    return out;
  }

  /**
   * A built model called on Keras tensors inside another (`keras.Model(text, model(vectorizer(text)))`): one layer of
   * the outer model, as model.summary() lists it, with the inner model's weights and work: on the inputs it was built
   * on, what its build recorded; on others, its graph run again on them (replay).
   */
  private callNested(self: InstanceValue, inputs: RValue | undefined, site: CallSite): RValue {
    const graph = this.graph(self);
    const given = inputs?.kind === 'list' || inputs?.kind === 'tuple' ? inputs.items : inputs ? [inputs] : [];
    if (!graph || !given.length || !graph.outputs.length || graph.dropped.length || graph.outputs.some((o) => !o.shape) || graph.inputs.some((t) => !t.shape)) return opaque('a model whose outputs are not known statically, called on Keras tensors', site);
    if (!this.layers.has(self)) {
      const inner = graph.layers.filter((l) => l.spec !== 'InputLayer');
      const nodes = new Set(inner.map((l) => l.node));
      const work = sumFigures(this.recorder.layers.filter((c) => nodes.has(c.node)));
      const weights = sumWeights(inner);
      const outputs = graph.outputs.map((o) => o.shape!);
      const built = graph.inputs.map((t) => t.shape!.join());
      const spec: KerasLayerSpec = {
        name: 'Functional', category: 'container', signature: [], merge: true, configure: () => ({}),
        weights: () => weights,
        // On the inputs it was built on, what its build recorded; on others (a backbone built on None×None, called on
        // 224×224), its graph run again on them when its layers are all Keras's own.
        forward: (_c, shapes) => {
          if (shapes.length === built.length && shapes.every((s, i) => s.join() === built[i])) return { outputs, multAdds: work.multAdds ?? 0, otherOps: work.otherOps ?? 0 };
          const again = this.replay(graph, shapes);
          if (!again) throw new LayerNotKnown(`a model called on inputs of other shapes (${shapes.map((s) => s.slice(1).join('×')).join(', ')}) than it was built on, with a layer whose figures came from running its code: not known on these`);
          return again;
        },
      };
      const layer: KerasLayer = { spec, config: {}, name: (self.attrs.get('name') as { value?: string } | undefined)?.value ?? this.uniqueName('functional'), node: newModuleNode('Functional', 'layer', site, self), order: -1 };
      this.recorder.built.push(layer.node);
      this.layers.set(self, layer);
      this.byNode.set(layer.node, layer);
    }
    return this.callLayer(self, given.length === 1 ? given[0] : { kind: 'list', items: given }, site);
  }

  private initSequential(self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    this.initModel(self, [], new Map([...kwargs].filter(([k]) => k === 'name')), site);
    self.attrs.set('__keras_layers__', { kind: 'list', items: [] });
    const items = kwargs.get('layers') ?? args[0];
    if (items && (items.kind === 'list' || items.kind === 'tuple')) for (const l of items.items) this.sequentialAdd(self, l, site);
    return NONE;
  }

  private sequentialAdd(self: InstanceValue, layer: RValue | undefined, site: CallSite): RValue {
    if (!layer) return NONE;
    const list = self.attrs.get('__keras_layers__') as { kind: 'list'; items: RValue[] };
    // An Input tensor starts the graph; a first layer with input_shape starts it too.
    let current = self.attrs.get('__keras_current__');
    if (layer.kind === 'tensor') {
      self.attrs.set('__keras_inputs__', layer);
      self.attrs.set('__keras_current__', layer);
      return NONE;
    }
    list.items.push(layer);
    if (!current && layer.kind === 'instance') {
      const shape = layer.attrs.get('__keras_input_shape__');
      if (shape) {
        // Keras names this input after the layer (`conv2d_input`): the inputs' own count does not move.
        const named = new Map<string, RValue>([['name', str(`${this.layers.get(layer)?.name ?? 'sequential'}_input`)]]);
        current = this.input([shape], named, this.layers.get(layer)?.node.origin ?? site);
        self.attrs.set('__keras_inputs__', current);
      }
    }
    if (current) {
      const next = this.interp.call(layer, [current], new Map(), site);
      self.attrs.set('__keras_current__', next);
      self.attrs.set('__keras_outputs__', next);
      this.listLayers(self);
    }
    return NONE;
  }

  private runSequential(self: InstanceValue, x: RValue | undefined, site: CallSite): RValue {
    const list = self.attrs.get('__keras_layers__') as { kind: 'list'; items: RValue[] } | undefined;
    if (!x || !list) return opaque('a Sequential called without input', site);
    let cur = x;
    for (const l of list.items) cur = this.interp.call(l, [cur], new Map(), site);
    self.attrs.set('__keras_inputs__', x);
    self.attrs.set('__keras_outputs__', cur);
    this.listLayers(self);
    return cur;
  }

  /**
   * `model.predict(x)`: arrays of the model's output shapes, one row per row of x (the values are not known). On a
   * built functional model only, whose outputs are known.
   */
  private predict(self: InstanceValue, x: RValue | undefined, site: CallSite): RValue {
    const graph = this.graph(self);
    const rows = x?.kind === 'tensor' && x.shape?.length ? x.shape[0] : undefined;
    if (!graph || rows === undefined || !graph.outputs.length || graph.outputs.some((o) => !o.shape) || graph.dropped.length) return opaque('the predictions of a model or on data not known statically', site);
    const out = graph.outputs.map((o): TensorValue => ({ kind: 'tensor', shape: [rows, ...o.shape!.slice(1)], dtype: 'float32', origin: site, numpy: true }));
    return out.length === 1 ? out[0] : { kind: 'list', items: out };
  }

  /** `model.get_layer(name)`: the layer object of that name in the model's graph. */
  private getLayer(self: InstanceValue, name: RValue | undefined, site: CallSite): RValue {
    const layer = name?.kind === 'str' ? this.graph(self)?.layers.find((l) => l.name === name.value) : undefined;
    return layer?.node.instance ?? opaque(`a layer ${name?.kind === 'str' ? `named ${name.value} ` : ''}not known in this model`, site);
  }

  /**
   * A layer's weights as model.summary() counts them when asked: all of them not trainable once the layer, or the
   * model it is part of, is frozen (`Dense(…, trainable=False)`, `base_model.trainable = False` after it was built).
   */
  weightsNow(layer: KerasLayer, model?: InstanceValue): KerasWeights | undefined {
    if (!layer.weights) return undefined;
    const frozen = (v: InstanceValue | undefined) => v?.attrs.get('trainable')?.kind === 'bool' && !(v.attrs.get('trainable') as { value: boolean }).value;
    // A model called inside another (one Functional row): its layers as they stand now, some perhaps frozen since.
    const inner = layer.spec !== 'InputLayer' && layer.spec.name === 'Functional' ? this.graph(layer.node.instance) : undefined;
    const w = inner ? sumWeights(inner.layers.map((l) => ({ ...l, weights: this.weightsNow(l, layer.node.instance) }))) : layer.weights;
    return frozen(layer.node.instance) || frozen(model) ? { trainable: 0, nonTrainable: w.trainable + w.nonTrainable } : w;
  }

  /**
   * `model.layers`: its layer objects in model.summary()'s order (a functional model's InputLayers first, a
   * Sequential's not), so that `for layer in base.layers[:-20]: layer.trainable = False` freezes those layers.
   */
  private listLayers(self: InstanceValue): void {
    const graph = this.graph(self);
    if (!graph) return;
    const sequential = self.attrs.has('__keras_layers__');
    const layers = [...graph.layers.filter((l) => l.spec === 'InputLayer' && !sequential), ...graph.layers.filter((l) => l.spec !== 'InputLayer')];
    self.attrs.set('layers', { kind: 'list', items: layers.map((l) => l.node.instance) });
  }

  /**
   * A model's graph run again on inputs of other shapes: each call's spec on the new shapes, in the order the calls
   * were made, its weights checked to be the same. Undefined when a call cannot be run so (a custom or Lambda layer,
   * whose figures came from running its code, or a layer that refuses the new shapes).
   */
  private replay(graph: NonNullable<ReturnType<KerasLib['graph']>>, shapes: number[][]): { outputs: number[][]; multAdds: number; otherOps: number } | undefined {
    const shapeOf = new Map<TensorValue, number[]>(graph.inputs.map((t, i) => [t, shapes[i]]));
    const made = new Map<KerasHistory, KerasTensor[]>();
    const todo: KerasTensor[] = [...graph.outputs];
    const seen = new Set<TensorValue>();
    while (todo.length) {
      const t = todo.pop()!;
      if (seen.has(t) || !t.keras || t.keras.layer.spec === 'InputLayer') continue;
      seen.add(t);
      const list = made.get(t.keras) ?? [];
      list.push(t);
      made.set(t.keras, list);
      todo.push(...(t.keras.inputs as KerasTensor[]));
    }
    let multAdds = 0;
    let otherOps = 0;
    for (const [h, tensors] of [...made].sort(([a], [b]) => a.seq - b.seq)) {
      const spec = h.layer.spec as KerasLayerSpec;
      if (KERAS_LAYERS.get(spec.name) !== spec || h.layer.config === undefined) return undefined;
      const ins = h.inputs.map((t) => shapeOf.get(t) ?? t.shape);
      if (ins.some((s) => !s)) return undefined;
      try {
        const { work, weights: w } = runSpec(spec, h.layer.config, ins as number[][], {});
        if (w?.trainable !== h.layer.weights?.trainable || w?.nonTrainable !== h.layer.weights?.nonTrainable) return undefined;
        multAdds += work.multAdds;
        otherOps += work.otherOps;
        for (const t of tensors) shapeOf.set(t, work.outputs[t.index ?? 0]);
      } catch (e) {
        if (e instanceof LayerError) return undefined;
        throw e;
      }
    }
    const outputs = graph.outputs.map((o) => shapeOf.get(o));
    return outputs.every((o) => o) ? { outputs: outputs as number[][], multAdds, otherOps } : undefined;
  }

  /** The Keras layer an object is, once registered. */
  layerOfInstance(self: InstanceValue): KerasLayer | undefined {
    return this.layers.get(self);
  }

  /** The Keras layer a module node stands for. */
  layerOf(node: ModuleNode): KerasLayer | undefined {
    return this.byNode.get(node);
  }

  isModel(v: RValue): boolean {
    return v.kind === 'instance' && v.attrs.get('__keras_model__')?.kind === 'bool';
  }

  /** A Keras model's layers, in the order they were first called (model.summary()'s order), with their graph. */
  graph(model: InstanceValue): KerasGraph | undefined {
    const outs = model.attrs.get('__keras_outputs__');
    if (!outs) return undefined;
    const given = outs.kind === 'list' || outs.kind === 'tuple' ? outs.items : [outs];
    const outputs = given.filter((t): t is TensorValue => t.kind === 'tensor');
    const seen = new Set<KerasLayer>();
    const visited = new Set<TensorValue>();
    // Walked with a stack, not recursion: a chain of 20,000 layers is a long list, not a deep call.
    const todo: TensorValue[] = [...outputs];
    while (todo.length) {
      const t = todo.pop()!;
      if (visited.has(t)) continue;
      visited.add(t);
      const h = (t as KerasTensor).keras;
      if (!h) continue;
      seen.add(h.layer);
      todo.push(...h.inputs);
    }
    const ins = model.attrs.get('__keras_inputs__');
    const inputs = (ins && (ins.kind === 'list' || ins.kind === 'tuple') ? ins.items : ins ? [ins] : []).filter((t): t is TensorValue => t.kind === 'tensor');
    return { layers: [...seen].sort((a, b) => a.order - b.order), inputs, outputs, dropped: given.filter((t) => t.kind !== 'tensor') };
  }

  private sourceInputs(tensors: TensorValue[]): RValue[] {
    const out: RValue[] = [];
    const visited = new Set<TensorValue>();
    // A stack and a visited set: deep chains and shared branches are walked once, without recursion.
    const todo = [...tensors].reverse();
    while (todo.length) {
      const t = todo.pop()!;
      if (visited.has(t)) continue;
      visited.add(t);
      const h = (t as KerasTensor).keras;
      if (!h || h.layer.spec === 'InputLayer') out.push(t);
      else todo.push(...[...h.inputs].reverse());
    }
    return out;
  }
}


/** The Keras tensors among a call's operands (in lists too), in order. */
export function kerasTensors(v: RValue | undefined, out: TensorValue[] = []): TensorValue[] {
  if (!v) return out;
  if (v.kind === 'tensor' && (v as KerasTensor).keras) out.push(v);
  else if (v.kind === 'list' || v.kind === 'tuple') for (const x of v.items) kerasTensors(x, out);
  return out;
}

/** The names Keras 2 gives the layer an operator on Keras tensors makes. */
export const KERAS_OPERATORS: Record<string, string> = {
  '+': 'tf.__operators__.add', '-': 'tf.math.subtract', '*': 'tf.math.multiply', '/': 'tf.math.truediv', '//': 'tf.math.floordiv', '%': 'tf.math.floormod',
  '**': 'tf.math.pow', '@': 'tf.linalg.matmul', neg: 'tf.math.negative', '<': 'tf.math.less', '<=': 'tf.math.less_equal', '>': 'tf.math.greater', '>=': 'tf.math.greater_equal',
  '&': 'tf.math.logical_and', '|': 'tf.math.logical_or', '^': 'tf.math.logical_xor',
};

/** The length a None in an Input's shape is taken as. */
const NONE_LENGTH = KERAS_NONE_LENGTH;

/** A Python value as a Keras argument; undefined when not known statically. */
export function toArg(v: RValue): KerasArg | undefined {
  switch (v.kind) {
    case 'int':
    case 'float':
      return v.value;
    case 'bool':
      return v.value;
    case 'str':
      return v.value;
    case 'none':
      return null;
    // A scalar tensor of known value (`tf.shape(x)[1]`) is its number.
    case 'tensor':
      return v.shape?.length === 0 && v.data?.length === 1 ? v.data[0] : undefined;
    case 'tuple':
    case 'list': {
      const items = v.items.map(toArg);
      return items.every((x) => x !== undefined) ? (items as KerasArg[]) : undefined;
    }
    default:
      return undefined;
  }
}
