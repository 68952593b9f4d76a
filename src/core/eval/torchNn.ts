/**
 * torch.nn as the interpreter implements it: nn.Module and its containers, nn.Parameter, and every catalog
 * layer as a class. Building a module registers it in the module tree; calling one runs forward over
 * abstract tensors and records each leaf-layer call with its costs.
 */
import { type BoundArg, NeedsValue } from '../values/argReader';
import type { EvaluatedArg } from '../catalog/bind';
import { TORCH_LAYERS } from '../catalog';
import { bindSpec, readSpec, remadeSpec, runSpec } from '../catalog/run';
import { type AnyLayerSpec, LayerError, type Packing } from '../values/spec';
import type { Span } from '../python/ast';
import type { Evaluator } from './evaluator';
import { PyRaise } from './signals';
import { describe } from '../values/value';
import { builtin } from './builtins';
import { type ModuleNode, type NativeKind, namedModules, moduleNodeOf, newModuleNode, setModule } from '../values/moduleTree';
import { type ModuleCall, type Recorder, marks, recordOne } from './recorder';
import {
  type CallSite, type ClassValue, type InstanceValue, type NativeClass, type RValue, type TensorValue, FALSE, NONE, TRUE, int, list, newDict,
  opaque, str, tuple,
} from '../values/value';
import { shapeNumel, shapeText } from './tensorShapes';
import { callFigures, sumFigures, sumParams } from '../values/figures';

/**
 * A layer's arguments as its attributes hold them: a None the constructor replaces by another argument's value is
 * that value. The layer's own map when nothing is replaced (read it, do not change it).
 */
function storedArgs(layer: NonNullable<ModuleNode['layer']>): Map<string, BoundArg> {
  if (!layer.spec.storedAs) return layer.args ?? new Map();
  const args = new Map(layer.args);
  for (const [arg, from] of Object.entries(layer.spec.storedAs ?? {})) {
    const source = args.get(from);
    if (args.get(arg)?.value.kind === 'none' && source) args.set(arg, source);
  }
  return args;
}

/** The layers that take a PackedSequence. */
const RECURRENT = new Set(['LSTM', 'GRU', 'RNN']);

export class TorchNn {
  readonly classes = new Map<string, ClassValue>();
  readonly module: ClassValue;
  /** The catalog's spec of each native layer class (the value model marks the class a layer, no more). */
  private readonly layerSpecs = new Map<ClassValue, AnyLayerSpec>();
  readonly parameter: ClassValue;

  /** File texts by path (the host's), for the source text of unknown arguments. */
  sources: ReadonlyMap<string, string> = new Map();
  /** torch.nn.utils.rnn.PackedSequence (a prelude class), which recurrent layers take in place of a tensor. */
  packedSequence?: RValue;

  constructor(private readonly interp: Evaluator, readonly recorder: Recorder) {
    this.module = this.nativeClass('Module', { kind: 'module' }, []);
    this.parameter = this.nativeClass('Parameter', { kind: 'parameter' }, []);
    for (const kind of ['Sequential', 'ModuleList', 'ModuleDict'] as const) {
      const native = { Sequential: 'sequential', ModuleList: 'moduleList', ModuleDict: 'moduleDict' }[kind] as 'sequential' | 'moduleList' | 'moduleDict';
      this.nativeClass(kind, { kind: native }, [this.module]);
    }
    for (const spec of TORCH_LAYERS.values()) {
      if (!spec.container) this.layerSpecs.set(this.nativeClass(spec.name, { kind: 'layer' }, [this.module]), spec);
    }
    this.installModuleMethods();
  }

  private nativeClass(name: string, native: NativeClass, bases: ClassValue[]): ClassValue {
    const cls: ClassValue = { kind: 'class', name, qualname: `torch.nn.${name}`, bases, attrs: new Map(), native };
    this.classes.set(name, cls);
    return cls;
  }

  /** The torch.nn class that an nn.Module subclass builds on (Module, Sequential, or a layer). */
  nativeBase(cls: ClassValue): ClassValue | undefined {
    return this.interp.mro(cls).find((c) => c.native && c.native.kind !== 'object' && c.native.kind !== 'parameter');
  }

  isModuleClass(cls: ClassValue): boolean {
    return this.nativeBase(cls) !== undefined;
  }

  // ------------------------------------------------------------------ construction

  /** Instantiating any nn.Module class: a new node in the module tree, then its __init__. */
  instantiate(cls: ClassValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue | undefined {
    if (cls.native?.kind === 'parameter') return this.makeParameter(args[0] ?? kwargs.get('data'), site);
    const inst = this.bare(cls, site);
    if (!inst) return undefined;
    const base = this.nativeBase(cls)!;
    const init = this.interp.lookupClassAttr(cls, '__init__');
    if (init && init.value.kind === 'function') this.interp.callFunction(init.value, [inst, ...args], kwargs, site);
    else this.nativeInit(inst, base, args, kwargs, site);
    return inst;
  }

  /** A new instance of an nn.Module class, in the module tree, before its __init__ runs (undefined for other classes). */
  bare(cls: ClassValue, site: CallSite): InstanceValue | undefined {
    const base = this.nativeBase(cls);
    if (!base) return undefined;
    const native = base.native!;
    const kind: NativeKind = native.kind === 'layer' ? 'layer' : (native.kind as NativeKind);
    // Models are evaluated in eval mode, as they are counted: `self.training` is False.
    const inst: InstanceValue = { kind: 'instance', cls, attrs: new Map([['training', FALSE]]) };
    this.recorder.built.push(setModule(inst, newModuleNode(cls.name, kind === 'layer' ? 'module' : kind, site, inst)));
    return inst;
  }

  /** The __init__ of a torch.nn class, for `nn.Conv2d(...)` and for `super().__init__(...)`. */
  nativeInit(self: InstanceValue, cls: ClassValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): void {
    const node = moduleNodeOf(self);
    if (!node) return;
    const native = cls.native;
    if (!native) return;
    if (native.kind === 'layer') {
      node.native = 'layer';
      const spec = this.layerSpecs.get(cls)!;
      node.layer = this.configureLayer(spec, args, kwargs, site);
      if (node.layer.params === null && node.layer.paramsFormula && !this.interp.probing) {
        this.interp.report.diagnostic('warning', `${spec.name}: params are not known statically (an argument is unknown)`, site, 'unknown-params');
      }
    } else if (native.kind === 'sequential') {
      node.native = 'sequential';
      if (args.length === 1 && args[0].kind === 'dict') {
        for (const [k, v] of args[0].entries.values()) if (k.kind === 'str') this.register(self, k.value, v, site);
      } else args.forEach((m, i) => this.register(self, String(i), m, site));
    } else if (native.kind === 'moduleList') {
      node.native = 'moduleList';
      const items = args[0] ?? kwargs.get('modules');
      if (items && items.kind !== 'none') this.extend(self, items, site);
    } else if (native.kind === 'moduleDict') {
      node.native = 'moduleDict';
      const d = args[0] ?? kwargs.get('modules');
      if (d && d.kind === 'dict') for (const [k, v] of d.entries.values()) if (k.kind === 'str') this.register(self, k.value, v, site);
    }
  }

  /**
   * A catalog layer's arguments, bound and read as at a call site. What PyTorch would reject is reported at the
   * argument (all of it, not only the first problem); the layer is then built without a config, so its calls
   * have no figures, and the evaluation goes on to report the rest.
   */
  private configureLayer(spec: AnyLayerSpec, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): NonNullable<ModuleNode['layer']> {
    const b = bindSpec(spec, site.span, this.argumentsAsWritten(args, kwargs, site));
    const at = (span: Span | undefined) => (span ? { file: site.file, span } : site);
    // Inside a try that catches what PyTorch raises (binding: TypeError; a value refused: ValueError), it is raised
    // and the code's handler runs; only an uncaught one is the code's mistake, said in red.
    if (b.bindProblems.length && this.interp.catches('TypeError')) throw new PyRaise(opaque('TypeError'), `TypeError: ${b.bindProblems[0].message}`, site);
    if (b.valueProblems.length && this.interp.catches('ValueError')) throw new PyRaise(opaque('ValueError'), `ValueError: ${b.valueProblems[0].message}`, site);
    for (const p of b.bindProblems) this.interp.report.diagnostic('error', p.message, at(p.span), problemCode(p.message));
    for (const p of b.valueProblems) this.interp.report.diagnostic('error', p.message, at(p.arg ? b.args.get(p.arg)?.span : undefined), 'bad-argument');
    const refused = b.bindProblems.length > 0 || b.valueProblems.length > 0;
    if (!refused && b.failure && b.config === undefined) this.interp.report.diagnostic('info', `${spec.name}: ${b.failure.message}`, site, 'unknown-config');
    return {
      spec, config: b.config, args: b.args, ...(b.declared !== undefined ? { declared: b.declared } : {}),
      params: b.params, paramsFormula: b.paramsFormula,
    };
  }

  /**
   * The arguments with the spans they were written at, when the call was written directly (`nn.Conv2d(…)`);
   * through functools.partial or a builtin, at the call's span. Unknown values read as their source text.
   */
  private argumentsAsWritten(args: RValue[], kwargs: Map<string, RValue>, site: CallSite): EvaluatedArg[] {
    if (site.call && site.values && site.values.length === site.call.args.length) {
      return site.call.args.map((arg, i) => ({ arg, value: this.named(site.values![i], site.file, arg.value.span) }));
    }
    const fake = (v: RValue, name?: string): EvaluatedArg => ({
      arg: name === undefined
        ? { kind: 'positional', value: { kind: 'Opaque', reason: '', span: site.span }, span: site.span }
        : { kind: 'keyword', name, nameSpan: site.span, value: { kind: 'Opaque', reason: '', span: site.span }, span: site.span },
      value: v,
    });
    return [...args.map((v) => fake(v)), ...[...kwargs].map(([name, v]) => fake(v, name))];
  }

  /** An unknown argument with no formula of its own reads as the code that produced it (`self.inplanes`). */
  private named(v: RValue, file: string, span: Span): RValue {
    if (v.kind !== 'opaque' || v.sym || v.symbol) return v;
    const text = this.sources.get(file)?.slice(span.from, span.to).replace(/\s+/g, ' ').trim();
    return text && text.length <= 60 ? { ...v, symbol: text } : v;
  }

  private makeParameter(data: RValue | undefined, site: CallSite): RValue {
    const shape = data && data.kind === 'tensor' ? data.shape : null;
    return { kind: 'instance', cls: this.parameter, attrs: new Map<string, RValue>([['data', data ?? opaque('parameter data', site)]]), parameter: { shape } };
  }

  /**
   * What a torch layer object exposes: its weight and bias (nn.Parameters of the shapes its spec gives, the same
   * object on every read, so that tying one to another is seen), the attributes PyTorch normalizes (a conv's
   * stride is a tuple), and else its constructor's arguments as bound.
   */
  layerAttr(self: InstanceValue, name: string, site: CallSite): RValue | undefined {
    const node = moduleNodeOf(self);
    const layer = node?.layer;
    if (!node || !layer || layer.config === undefined) return undefined;
    const spec = layer.spec;
    const shapes = spec.parameterShapes?.(layer.config);
    if (shapes && Object.hasOwn(shapes, name)) {
      const p: RValue = { kind: 'instance', cls: this.parameter, attrs: new Map<string, RValue>([['data', { kind: 'tensor', shape: shapes[name], dtype: 'float32', origin: site }]]), parameter: { shape: shapes[name], owner: node } };
      self.attrs.set(name, p);
      return p;
    }
    // A weight or bias the layer can have and this one has not (`bias=False`, an InstanceNorm without `affine`): None.
    if (shapes && (name === 'weight' || name === 'bias') && spec.signature.some((s) => s.name === 'bias' || s.name === 'affine' || s.name === 'elementwise_affine')) return NONE;
    const normalized = spec.attributes?.(layer.config);
    if (normalized && Object.hasOwn(normalized, name)) return normalized[name];
    return layer.args ? storedArgs(layer).get(name)?.value : undefined;
  }

  /** `self.name = value` on a module: submodules and parameters are registered. */
  setAttr(self: InstanceValue, name: string, value: RValue, site: CallSite): boolean {
    const node = moduleNodeOf(self);
    if (!node) return false;
    // A layer's weight set to another module's (weight tying): shared, counted once.
    const own = node.layer && node.layer.config !== undefined ? node.layer.spec.parameterShapes?.(node.layer.config) : undefined;
    if (own && Object.hasOwn(own, name) && value.kind === 'none') {
      this.dropParameter(self, node, name, own[name], site);
      return true;
    }
    if (own && Object.hasOwn(own, name) && value.kind === 'instance' && value.parameter) {
      const owner = value.parameter.owner as ModuleNode | undefined;
      // A weight of another shape: forward computes with it (a Linear's outputs become its rows), which the
      // layer's arguments no longer describe.
      const shape = value.parameter.shape;
      if (!shape || shape.join() !== own[name].join()) {
        const layer = node.layer!;
        this.interp.report.diagnostic('warning', `${layer.spec.name}'s \`${name}\` replaced by ${shape ? `one of shape ${shapeText(shape)}` : 'a parameter of a shape not known'} where it was ${shapeText(own[name])}: Layer Lens does not follow what this changes, so this layer's calls are not costed`, site, 'unknown-config');
        node.layer = { ...layer, config: undefined };
      }
      if (owner !== node) {
        node.tied ??= new Map();
        if (owner) node.tied.set(name, { own: shapeNumel(own[name]), shared: value.parameter.shape ? shapeNumel(value.parameter.shape) : null, owner });
        else node.parameters.set(name, value.parameter.shape ? shapeNumel(value.parameter.shape) - shapeNumel(own[name]) : null);
      }
      self.attrs.set(name, value);
      return true;
    }
    if (value.kind === 'instance' && moduleNodeOf(value)) {
      this.register(self, name, value, site);
      return true;
    }
    if (value.kind === 'instance' && value.parameter) {
      node.parameters.set(name, value.parameter.shape ? shapeNumel(value.parameter.shape) : null);
      self.attrs.set(name, value);
      return true;
    }
    if (node.children.has(name)) node.children.delete(name);
    if (node.layer?.args?.has(name)) this.changeArgument(node, name, value, site);
    self.attrs.set(name, value);
    return true;
  }

  /**
   * `self.bias = None` on a layer after its __init__ (timm's LayerNormNoBias): PyTorch drops the parameter (it is
   * None in `_parameters`, no longer in parameters()) and forward reads None. A layer whose arguments say whether it
   * has that parameter (`bias=`) is read again as made without it, so its params and costs are a bias-free layer's;
   * for any other, its params drop the parameter, and what its costs count of it is said at the line.
   */
  private dropParameter(self: InstanceValue, node: ModuleNode, name: string, shape: number[], site: CallSite): void {
    const layer = node.layer!;
    const { spec } = layer;
    self.attrs.set(name, NONE);
    if (spec.signature.some((a) => a.name === name) && layer.args) {
      const args = new Map(storedArgs(layer));
      args.set(name, { value: FALSE, span: site.span, fromDefault: false });
      const remade = remadeSpec(spec, args);
      if (remade) {
        node.layer = { ...layer, args, config: remade.config, params: remade.params };
        return;
      }
    }
    node.parameters.set(name, -shapeNumel(shape));
    this.interp.report.diagnostic('info', `${spec.name}'s \`${name}\` set to None: its params leave it out, as PyTorch's parameters() does; its costs are counted as the layer with it`, site, 'parameter-dropped');
  }

  /**
   * `conv.dilation = (2, 2)` after construction: PyTorch's forward reads it again, so the layer's calls compute
   * what the new value gives (its weights, made at construction, stay). What the catalog says forward does not
   * read changes nothing; what it reads in a way the config does not model is said, and leaves the figures unknown.
   */
  private changeArgument(node: ModuleNode, name: string, value: RValue, site: CallSite): void {
    const layer = node.layer!;
    const { spec } = layer;
    const learnable = layer.params !== 0;
    if (spec.mutability?.fixed.includes(name)) return;
    if (spec.mutability?.notFollowed?.includes(name) || (learnable && !spec.mutability)) {
      this.interp.report.diagnostic('warning', `${spec.name}'s \`${name}\` set after construction: Layer Lens does not follow what this changes, so this layer's calls are not costed`, site, 'unknown-config');
      node.layer = { ...layer, config: undefined };
      return;
    }
    // A copy: the layer before the change (and any deep copy of it) keeps its arguments.
    const args = new Map(storedArgs(layer));
    args.set(name, { value, span: site.span, fromDefault: false });
    const read = readSpec(spec, args);
    if (read.failure) this.interp.report.diagnostic('info', `${spec.name}: ${read.failure.message}`, site, 'unknown-config');
    for (const p of read.valueProblems) this.interp.report.diagnostic('error', p.message, site, 'bad-argument');
    // A new object: a deep copy made before the change keeps the old arguments.
    node.layer = { ...layer, args, config: read.valueProblems.length ? undefined : read.configured };
  }

  /**
   * torch.nn.utils: weight_norm splits a layer's weight into a magnitude `weight_g` (the weight's shape with 1s
   * off `dim`; one number when dim is None) and a direction `weight_v` (the weight's shape): PyTorch then counts
   * both, one magnitude per output more than the layer alone. spectral_norm keeps the count (weight_orig; u and v
   * are buffers). The rest only touches values.
   */
  utilsModule(): Map<string, RValue> {
    const reparametrized = (mod: RValue | undefined, nameArg: RValue | undefined, dimArg: RValue | undefined, site: CallSite) => {
      const node = mod?.kind === 'instance' ? moduleNodeOf(mod) : undefined;
      const name = nameArg?.kind === 'str' ? nameArg.value : 'weight';
      const shape = node?.layer && node.layer.config !== undefined ? node.layer.spec.parameterShapes?.(node.layer.config)?.[name] : undefined;
      if (!node || !shape) {
        this.interp.report.diagnostic('warning', `weight_norm of ${mod ? describe(mod) : 'nothing'}: its parameters are not known statically`, site, 'unknown-module');
        if (node) node.parameters.set(`${name}_g`, null);
        return mod ?? NONE;
      }
      const dim = dimArg === undefined ? 0 : dimArg.kind === 'int' ? (dimArg.value + shape.length) % shape.length : null;
      node.parameters.set(`${name}_g`, dim === null ? 1 : shape[dim]);
      return mod!;
    };
    const arg = (args: RValue[], kwargs: Map<string, RValue>, i: number, name: string) => kwargs.get(name) ?? args[i];
    const weightNorm = builtin('torch.nn.utils.weight_norm', (args, kwargs, site) => reparametrized(args[0], arg(args, kwargs, 1, 'name'), arg(args, kwargs, 2, 'dim'), site));
    const same = (name: string) => builtin(name, ([m]) => m ?? NONE);
    const removeWeightNorm = builtin('torch.nn.utils.remove_weight_norm', ([m, n]) => {
      moduleNodeOf(m)?.parameters.delete(`${n?.kind === 'str' ? n.value : 'weight'}_g`);
      return m ?? NONE;
    });
    const parametrizations = new Map<string, RValue>([['weight_norm', weightNorm], ['spectral_norm', same('torch.nn.utils.parametrizations.spectral_norm')]]);
    return new Map<string, RValue>([
      ['weight_norm', weightNorm], ['remove_weight_norm', removeWeightNorm],
      ['spectral_norm', same('torch.nn.utils.spectral_norm')], ['remove_spectral_norm', same('torch.nn.utils.remove_spectral_norm')],
      ['clip_grad_norm_', builtin('torch.nn.utils.clip_grad_norm_', () => NONE)],
      ['parametrizations', { kind: 'module', name: 'torch.nn.utils.parametrizations', attrs: parametrizations }],
    ]);
  }

  /** `del self.fc`: the child or parameter is gone from the tree, as from named_modules() in PyTorch. */
  delAttr(self: InstanceValue, name: string): boolean {
    const node = moduleNodeOf(self);
    if (!node) return false;
    node.children.delete(name);
    node.parameters.delete(name);
    self.attrs.delete(name);
    return true;
  }

  /** A module added under a name not known: PyTorch has it, the tree does not; said where it happens. */
  unnamed(how: string, name: RValue | undefined, site: CallSite): void {
    this.interp.report.diagnostic('warning', `${how}() with a name not known statically (${name ? describe(name) : 'none given'}): the module is left out`, site, 'unknown-module');
  }

  register(self: InstanceValue, name: string, value: RValue, site: CallSite): void {
    const node = moduleNodeOf(self)!;
    const child = moduleNodeOf(value);
    if (child) {
      node.children.set(name, child);
      self.attrs.set(name, value);
    } else if (value.kind === 'none') {
      node.children.delete(name);
      self.attrs.set(name, value);
      // `nn.ModuleList([block, None])`: PyTorch keeps the None in its place.
      keepPlace(node, value);
    } else {
      this.interp.report.diagnostic('warning', `${describe(value)} registered as submodule \`${name}\` is not a module known statically`, site, 'unknown-module');
      // In a Sequential or a ModuleList it keeps its place: what runs after it must not run on its input.
      keepPlace(node, value);
    }
  }

  /** A Sequential's or ModuleList's members in order: its modules, and its other values (None, values not known) in their places. */
  members(self: InstanceValue): RValue[] {
    const node = moduleNodeOf(self)!;
    const kids = this.childInstances(self);
    const unknown = node.otherMembers;
    if (!unknown?.length) return kids;
    const out: RValue[] = [];
    for (let i = 0; i <= kids.length; i++) {
      for (const u of unknown) if (u.at === i) out.push(u.value);
      if (i < kids.length) out.push(kids[i]);
    }
    return out;
  }

  private extend(self: InstanceValue, items: RValue, site: CallSite): void {
    const values = this.interp.iterate(items, site);
    if (!values) {
      this.interp.report.diagnostic('warning', `cannot iterate over ${describe(items)}${items.kind === 'opaque' ? '' : ' statically'}: modules may be missing`, site, 'unknown-iteration');
      return;
    }
    for (const v of values) this.register(self, String(moduleNodeOf(self)!.children.size), v, site);
  }

  /**
   * named_parameters() as PyTorch gives it: each module's own (a layer's weight and bias, then what the code
   * registered), module by module in named_modules() order, a shared parameter once under its first name.
   */
  private namedParameters(self: InstanceValue, site: CallSite): [string, RValue][] {
    const out: [string, RValue][] = [];
    const seen = new Set<RValue>();
    for (const [node, path] of namedModules(moduleNodeOf(self)!)) {
      const layer = node.layer;
      const own = layer && layer.config !== undefined ? Object.keys(layer.spec.parameterShapes?.(layer.config) ?? {}) : [];
      for (const name of [...own, ...node.parameters.keys()]) {
        const p = this.interp.getAttr(node.instance, name, site);
        if (p.kind !== 'instance' || !p.parameter || seen.has(p)) continue;
        seen.add(p);
        out.push([path ? `${path}.${name}` : name, p]);
      }
    }
    return out;
  }

  childInstances(self: InstanceValue): InstanceValue[] {
    return [...moduleNodeOf(self)!.children.values()].map((c) => c.instance);
  }

  // ------------------------------------------------------------------ nn.Module methods

  private method(cls: ClassValue, name: string, impl: (self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue): void {
    cls.attrs.set(name, builtin(`method:${cls.name}.${name}`, ([self, ...args], kwargs, site) => {
      if (!self || self.kind !== 'instance') return opaque(`${name}() without a module`, site);
      return impl(self, args, kwargs, site);
    }));
  }

  private installModuleMethods(): void {
    const M = this.module;
    const nativeOf = (self: InstanceValue) => this.nativeBase(self.cls) ?? M;
    this.method(M, '__init__', (self, args, kwargs, site) => {
      // super().__init__(…) from a subclass: run the torch.nn class's own initialiser.
      this.nativeInit(self, nativeOf(self), args, kwargs, site);
      return NONE;
    });
    for (const name of ['Sequential', 'ModuleList', 'ModuleDict']) {
      this.method(this.classes.get(name)!, '__init__', (self, args, kwargs, site) => {
        this.nativeInit(self, this.classes.get(name)!, args, kwargs, site);
        return NONE;
      });
    }
    for (const spec of TORCH_LAYERS.values()) {
      const cls = this.classes.get(spec.name);
      if (!cls) continue;
      this.method(cls, '__init__', (self, args, kwargs, site) => {
        this.nativeInit(self, cls, args, kwargs, site);
        return NONE;
      });
    }
    for (const name of ['add_module', 'register_module']) {
      this.method(M, name, (self, [n, m], _k, site) => {
        if (n?.kind === 'str' && m) this.register(self, n.value, m, site);
        else this.unnamed(name, n, site);
        return NONE;
      });
    }
    // Research code calls the dunder methods by name (`self.__setattr__(name, m)`): they do what the syntax does.
    this.method(M, '__setattr__', (self, [n, v], _k, site) => {
      if (n?.kind !== 'str' || !v) {
        this.unnamed('__setattr__', n, site);
        return NONE;
      }
      this.interp.setAttr(self, n.value, v, site);
      return NONE;
    });
    this.method(M, '__getattr__', (self, [n], _k, site) => (n?.kind === 'str' ? this.interp.getAttr(self, n.value, site) : opaque('__getattr__ with a name not known statically', site)));
    this.method(M, '__delattr__', (self, [n]) => {
      if (n?.kind === 'str') this.interp.delAttr(self, n.value);
      return NONE;
    });
    this.method(M, 'register_buffer', (self, [n, t]) => {
      if (n?.kind === 'str' && t) self.attrs.set(n.value, t);
      return NONE;
    });
    this.method(M, 'register_parameter', (self, [n, p], _k, site) => {
      if (n?.kind === 'str' && p) this.setAttr(self, n.value, p, site);
      return NONE;
    });
    const modulesOf = (self: InstanceValue) => {
      const out: InstanceValue[] = [];
      const seen = new Set<ModuleNode>();
      const visit = (node: ModuleNode) => {
        if (seen.has(node)) return;
        seen.add(node);
        out.push(node.instance);
        node.children.forEach(visit);
      };
      visit(moduleNodeOf(self)!);
      return out;
    };
    this.method(M, 'modules', (self) => list(modulesOf(self)));
    this.method(M, 'children', (self) => list(this.childInstances(self)));
    this.method(M, 'named_children', (self) => list([...moduleNodeOf(self)!.children].map(([k, v]) => tuple([str(k), v.instance]))));
    this.method(M, 'named_modules', (self) => {
      const out: RValue[] = [];
      const seen = new Set<ModuleNode>();
      const visit = (node: ModuleNode, path: string) => {
        if (seen.has(node)) return;
        seen.add(node);
        out.push(tuple([str(path), node.instance]));
        for (const [k, c] of node.children) visit(c, path ? `${path}.${k}` : k);
      };
      visit(moduleNodeOf(self)!, '');
      return list(out);
    });
    this.method(M, 'parameters', (self, _a, _k, site) => list(this.namedParameters(self, site).map(([, p]) => p)));
    this.method(M, 'named_parameters', (self, _a, _k, site) => list(this.namedParameters(self, site).map(([n, p]) => tuple([str(n), p]))));
    this.method(M, 'buffers', () => list([]));
    this.method(M, 'apply', (self, [fn], _k, site) => {
      // Children first, then the module itself, as PyTorch does.
      const post = (node: ModuleNode) => {
        node.children.forEach(post);
        this.interp.call(fn, [node.instance], new Map(), site);
      };
      post(moduleNodeOf(self)!);
      return self;
    });
    for (const name of ['train', 'eval', 'to', 'cuda', 'cpu', 'float', 'half', 'double', 'zero_grad', 'share_memory']) {
      this.method(M, name, (self) => self);
    }
    // Freezing: every parameter of the subtree (what training memory and FLOPs read, src/core/training).
    this.method(M, 'requires_grad_', (self, [flag], kwargs, site) => {
      const v = requiresGrad(flag ?? kwargs.get('requires_grad'));
      for (const [, p] of this.namedParameters(self, site)) if (p.kind === 'instance') p.attrs.set('requires_grad', v);
      return self;
    });
    // A parameter trains unless the code says otherwise (`p.requires_grad = False` sets the instance's own).
    this.parameter.attrs.set('requires_grad', TRUE);
    this.method(this.parameter, 'requires_grad_', (self, [flag], kwargs) => {
      self.attrs.set('requires_grad', requiresGrad(flag ?? kwargs.get('requires_grad')));
      return self;
    });
    this.method(M, 'load_state_dict', () => NONE);
    this.method(M, 'extra_repr', () => str(''));
    this.method(M, '__call__', (self, args, kwargs, site) => this.callModule(self, args, kwargs, site));
    this.method(M, 'forward', (self, args, kwargs, site) => this.nativeForward(self, args, kwargs, site));

    const seq = this.classes.get('Sequential')!;
    const mlist = this.classes.get('ModuleList')!;
    const mdict = this.classes.get('ModuleDict')!;
    for (const c of [seq, mlist]) {
      this.method(c, 'append', (self, [m], _k, site) => {
        this.register(self, String(moduleNodeOf(self)!.children.size), m, site);
        return self;
      });
      this.method(c, 'extend', (self, [ms], _k, site) => {
        this.extend(self, ms, site);
        return self;
      });
      this.method(c, '__iadd__', (self, [ms], _k, site) => {
        this.extend(self, ms, site);
        return self;
      });
      this.method(c, 'insert', (self, [i, m], _k, site) => {
        const items = this.childInstances(self);
        const at = i?.kind === 'int' ? (i.value < 0 ? items.length + i.value : i.value) : items.length;
        items.splice(at, 0, m as InstanceValue);
        moduleNodeOf(self)!.children.clear();
        items.forEach((v, k) => this.register(self, String(k), v, site));
        return NONE;
      });
      this.method(c, '__len__', (self) => int(this.members(self).length));
      this.method(c, '__getitem__', (self, [i], _k, site) => this.indexChildren(self, i, site));
      // `model.classifier[1] = nn.Linear(…)`: the module at that place is replaced under its name, as PyTorch's
      // __setitem__ does (head surgery on a library model).
      this.method(c, '__setitem__', (self, [i, m], _k, site) => {
        const names = [...moduleNodeOf(self)!.children.keys()];
        if (i?.kind !== 'int' || !m) {
          this.interp.report.diagnostic('warning', `${self.cls.name}[${i ? describe(i) : '?'}] = …: an index not known statically; the module there is not known`, site, 'unknown-item');
          return NONE;
        }
        if (moduleNodeOf(self)!.otherMembers?.length) {
          this.interp.report.diagnostic('warning', `${self.cls.name}[${i.value}] = …: it holds members that are not modules, so the place is not known statically`, site, 'unknown-item');
          return NONE;
        }
        const at = i.value < 0 ? names.length + i.value : i.value;
        if (at < 0 || at >= names.length) throw new PyRaise(opaque('IndexError'), `IndexError: index ${i.value} is out of range`, site);
        this.register(self, names[at], m, site);
        return NONE;
      });
    }
    this.method(mdict, '__getitem__', (self, [k], _k2, site) => {
      const v = k?.kind === 'str' ? moduleNodeOf(self)!.children.get(k.value) : undefined;
      if (!v) throw new PyRaise(opaque('KeyError'), `KeyError: ${k ? describe(k) : '?'}`, site);
      return v.instance;
    });
    this.method(mdict, '__setitem__', (self, [k, v], _k2, site) => {
      if (k?.kind === 'str' && v) this.register(self, k.value, v, site);
      return NONE;
    });
    this.method(mdict, 'keys', (self) => list([...moduleNodeOf(self)!.children.keys()].map(str)));
    this.method(mdict, 'values', (self) => list(this.childInstances(self)));
    this.method(mdict, 'items', (self) => list([...moduleNodeOf(self)!.children].map(([k, v]) => tuple([str(k), v.instance]))));
    this.method(mdict, '__len__', (self) => int(moduleNodeOf(self)!.children.size));
    this.method(mdict, 'update', (self, [d], _k, site) => {
      if (d?.kind === 'dict') for (const [k, v] of d.entries.values()) if (k.kind === 'str') this.register(self, k.value, v, site);
      return NONE;
    });
  }

  private indexChildren(self: InstanceValue, i: RValue, site: CallSite): RValue {
    const items = this.members(self);
    if (i.kind === 'int') {
      const at = i.value < 0 ? items.length + i.value : i.value;
      if (at < 0 || at >= items.length) throw new PyRaise(opaque('IndexError'), `IndexError: index ${i.value} is out of range`, site);
      return items[at];
    }
    if (i.kind === 'slice') {
      const lo = i.lower.kind === 'int' ? i.lower.value : 0;
      const hi = i.upper.kind === 'int' ? i.upper.value : items.length;
      const picked = items.slice(lo < 0 ? items.length + lo : lo, hi < 0 ? items.length + hi : hi);
      const cls = moduleNodeOf(self)!.native === 'moduleList' ? this.classes.get('ModuleList')! : this.classes.get('Sequential')!;
      const out: InstanceValue = { kind: 'instance', cls, attrs: new Map() };
      const outNode = setModule(out, newModuleNode(cls.name, moduleNodeOf(self)!.native, site, out));
      // A member not known was reported where it was registered; here it only keeps its place.
      picked.forEach((m, k) => (moduleNodeOf(m) ? this.register(out, String(k), m, site) : keepPlace(outNode, m)));
      return out;
    }
    return opaque('index of a module container not known statically', site);
  }

  // ------------------------------------------------------------------ forward

  /**
   * `module(x)`: forward over abstract tensors, recording the call (before the calls inside it: pre-order, so a
   * call's marks cover itself and everything it ran) and the leaf-layer calls inside it.
   */
  callModule(self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const r = this.recorder;
    const node = moduleNodeOf(self)!;
    const from = marks(r);
    const inputs = tensorsIn([...args, ...kwargs.values()]);
    const call: ModuleCall = { node, site, from, to: from, inputShapes: inputs.map((t) => t.shape), outputShapes: [] };
    r.moduleCalls.push(call);
    r.inForward++;
    r.stack.push(node);
    try {
      const out = this.callModuleForward(self, args, kwargs, site);
      call.outputShapes = tensorsIn([out]).map((t) => t.shape);
      if (!call.outputShapes.length) call.noTensor = describe(out);
      return out;
    } finally {
      r.inForward--;
      r.stack.pop();
      call.to = marks(r);
      if (r.inForward === 0) {
        // The code's own call ran with the values it gave (lengths, flags): its run is the model's whatever the
        // other arguments are; only a call of tensors alone can be made again from their shapes.
        const given = [...args, ...kwargs.values()];
        const known = inputs.length > 0 && inputs.every((t) => t.shape);
        const plain = inputs.length === given.length && given.every((a) => a.kind === 'tensor');
        r.outerCalls.push({ instance: self, shapes: known ? inputs.map((t) => t.shape!) : null, plain, arity: given.length, site, from, to: call.to });
      }
    }
  }

  private callModuleForward(self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const forward = this.interp.lookupClassAttr(self.cls, 'forward');
    if (!forward || forward.value.kind !== 'function') return this.nativeForward(self, args, kwargs, site);
    const node = moduleNodeOf(self)!;
    if (node.children.size > 0) return this.interp.callFunction(forward.value, [self, ...args], kwargs, site);
    // A leaf module with a forward of its own (LayerNorm2d, StochasticDepth): one row, costed by the
    // functional operations its forward makes.
    const mark = this.recorder.functional.length;
    const out = this.interp.callFunction(forward.value, [self, ...args], kwargs, site);
    const inner = this.recorder.functional.splice(mark);
    const inputs = tensorsIn([...args, ...kwargs.values()]);
    const outputs = tensorsIn([out]);
    if (inputs.some((t) => !t.shape) || outputs.some((t) => !t.shape) || !inputs.length || !outputs.length) return out;
    // A parameter of a size not known adds nothing to this call's MAC; the model's params say it is not known.
    const params = sumParams([node.layer?.params ?? 0, ...[...node.parameters.values()].map((p) => p ?? 0)]) ?? 0;
    const inputShapes = inputs.map((t) => t.shape!);
    const outputShapes = outputs.map((t) => t.shape!);
    const work = sumFigures(inner);
    recordOne(this.recorder.layers, {
      node, inputShapes, outputShapes, params, site, ...(this.recorder.checkpoint ? { checkpoint: this.recorder.checkpoint } : {}),
      ...callFigures({ multAdds: work.multAdds, otherOps: work.otherOps, inputs: inputShapes, outputs: outputShapes, params }),
    }, 'layer calls');
    return out;
  }

  private nativeForward(self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const node = moduleNodeOf(self)!;
    if (node.native === 'sequential') {
      let x = args[0] ?? NONE;
      for (const member of this.members(self)) {
        x = member.kind === 'instance' && moduleNodeOf(member)
          ? this.interp.call(member, [x], new Map(), site)
          : this.unknownTensor(`${node.type} runs ${describe(member)}, not known statically`, site);
      }
      return x;
    }
    if (node.native === 'layer' && node.layer) return this.layerForward(node, args, kwargs, site);
    if (node.native === 'moduleList' || node.native === 'moduleDict') {
      throw new PyRaise(opaque('NotImplementedError'), `NotImplementedError: ${node.type} is not callable; iterate over it`, site);
    }
    return opaque(`${node.type} has no forward known statically`, site);
  }

  private layerForward(node: ModuleNode, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue {
    const { spec, config, params } = node.layer!;
    const first = args[0] ?? kwargs.get('input');
    if (first?.kind === 'instance' && first.cls === this.packedSequence && RECURRENT.has(spec.name)) return this.packedForward(node, first, site);
    // Tensor inputs in order (MHA: query, key, value); other arguments such as need_weights are flags.
    const tensors = [...args, ...kwargs.values()].filter((a): a is TensorValue => a.kind === 'tensor');
    // Called on something that is not a tensor at all (an unsupported call's result): the call is dropped, said here.
    const notTensor = tensors.length === 0 ? args[0] ?? kwargs.values().next().value : undefined;
    if (notTensor && notTensor.kind !== 'none' && config !== undefined) {
      this.interp.report.diagnostic('warning', `${spec.name} called on ${describe(notTensor)}: this call is not counted`, site, 'unknown-input');
      return { kind: 'tensor', shape: null, dtype: 'float32', origin: site };
    }
    if (config === undefined && node.layer!.declared !== undefined && tensors.length && tensors.every((t) => t.shape)) return this.declaredForward(node, tensors.map((t) => t.shape!), site);
    if (tensors.length === 0 || tensors.some((t) => !t.shape) || config === undefined) {
      return this.unknownTensor(`${spec.name} on an input whose shape is not known`, site);
    }
    const shapes = tensors.map((t) => t.shape!);
    const p = params ?? 0;
    let run;
    try {
      run = runSpec(spec, config, shapes, { params: p, keywords: kwargs });
    } catch (e) {
      if (e instanceof LayerError) {
        // Reported at the call in forward, with the layer's definition and the input's producer as related places.
        const from = tensors[0].origin;
        const related = [{ origin: node.origin, message: `${spec.name} defined here` }];
        if (from && !from.file.startsWith('<')) related.push({ origin: from, message: `its input ${shapeText(shapes[0])} is produced here` });
        this.interp.report.diagnostic('error', e.message, site.file.startsWith('<') ? node.origin : site, 'shape', related);
        // PyTorch stops here; the analysis goes on from the output the layer declares, so that every mistake of a
        // file is shown at once. What comes after is not costed as run: the model is marked raising anyway.
        const output = bestKnownOutput(spec, config, shapes, e);
        return output ? this.packed(spec, config, output, site) : this.unknownTensor(e.message, site);
      }
      if (e instanceof NeedsValue) return this.unknownTensor(`${spec.name}: ${e.message}`, site);
      throw e;
    }
    recordOne(this.recorder.layers, {
      node, inputShapes: shapes, outputShapes: run.outputs, params: p, site, ...(this.recorder.checkpoint ? { checkpoint: this.recorder.checkpoint } : {}),
      ...run.figures,
    }, 'layer calls');
    return this.packed(spec, config, run.outputs, site);
  }

  /**
   * A layer PyTorch refused to build, called: its output as declared, uncounted (the model is wrong already), so
   * that what comes after is checked too. A mistake its input makes is reported as any layer's.
   */
  private declaredForward(node: ModuleNode, shapes: number[][], site: CallSite): RValue {
    const { spec, declared } = node.layer!;
    try {
      return this.packed(spec, declared, runSpec(spec, declared, shapes, { params: 0 }).outputs, site);
    } catch (e) {
      if (e instanceof LayerError) {
        this.interp.report.diagnostic('error', e.message, site.file.startsWith('<') ? node.origin : site, 'shape', [{ origin: node.origin, message: `${spec.name} defined here` }]);
        const output = bestKnownOutput(spec, declared, shapes, e);
        return output ? this.packed(spec, declared, output, site) : this.unknownTensor(e.message, site);
      }
      if (e instanceof NeedsValue) return this.unknownTensor(`${spec.name}: ${e.message}`, site);
      throw e;
    }
  }

  /**
   * LSTM, GRU and RNN on a PackedSequence run once over its rows, the steps of every sequence one after another
   * (what PyTorch computes: no padding), as an unbatched sequence of that many steps. The output is packed the
   * same way; the final states have one column per sequence.
   */
  private packedForward(node: ModuleNode, packed: InstanceValue, site: CallSite): RValue {
    const data = packed.attrs.get('data');
    const lengths = packed.attrs.get('_lengths');
    const batch = lengths?.kind === 'tensor' && lengths.shape?.length === 1 ? lengths.shape[0] : null;
    const result = this.layerForward(node, [data ?? NONE], new Map(), site);
    if (result.kind !== 'tuple') return result;
    const state = (v: RValue): RValue => {
      if (v.kind === 'tuple') return tuple(v.items.map(state));
      if (v.kind !== 'tensor') return v;
      return { ...v, shape: v.shape && batch !== null ? [v.shape[0], batch, ...v.shape.slice(1)] : null };
    };
    const [out, ...states] = result.items;
    const repacked: InstanceValue = { kind: 'instance', cls: packed.cls, attrs: new Map(packed.attrs) };
    repacked.attrs.set('data', out);
    return tuple([repacked, ...states.map(state)]);
  }

  /** The outputs as the spec packs them (a tensor, a tuple, nested tuples, None). */
  private packed(spec: AnyLayerSpec, config: unknown, outputs: number[][], site: CallSite): RValue {
    const value = (p: Packing): RValue => (p === null ? NONE : Array.isArray(p) ? tuple(p.map(value)) : { kind: 'tensor', shape: outputs[p], dtype: 'float32', origin: site });
    return value(spec.pack?.(config, outputs) ?? 0);
  }

  unknownTensor(reason: string, site: CallSite): TensorValue {
    // Usually the consequence of an earlier problem: recorded (the model is incomplete), not shown first.
    this.interp.report.diagnostic('info', `shape not known: ${reason}`, site, 'unknown-shape');
    return { kind: 'tensor', shape: null, dtype: 'float32', origin: site };
  }

  /** copy.deepcopy of a module: a new, independent module tree. */
  clone(v: RValue, site: CallSite, seen = new Map<RValue, RValue>()): RValue {
    const done = seen.get(v);
    if (done) return done;
    const node = moduleNodeOf(v);
    if (v.kind === 'instance' && node) {
      const copy: InstanceValue = { kind: 'instance', cls: v.cls, attrs: new Map() };
      const copied = setModule(copy, { ...newModuleNode(node.type, node.native, node.origin, copy), layer: node.layer, parameters: new Map(node.parameters) });
      seen.set(v, copy);
      for (const [k, a] of v.attrs) copy.attrs.set(k, this.clone(a, site, seen));
      for (const [k, c] of node.children) copied.children.set(k, moduleNodeOf(copy.attrs.get(k)) ?? moduleNodeOf(this.clone(c.instance, site, seen))!);
      return copy;
    }
    // Containers are copied once each, as deepcopy's memo does: a dict or list shared twice at each of 40 levels is
    // 40 copies, not 2^40 (and a structure that holds itself is copied holding its copy).
    if (v.kind === 'list') {
      const copy = list([]);
      seen.set(v, copy);
      copy.items.push(...v.items.map((x) => this.clone(x, site, seen)));
      return copy;
    }
    if (v.kind === 'dict') {
      const d = newDict();
      seen.set(v, d);
      for (const [k, [kk, vv]] of v.entries) d.entries.set(k, [kk, this.clone(vv, site, seen)]);
      return d;
    }
    return v;
  }
}

/**
 * After a size mistake, the best-known outputs: a norm keeps its input's shape; a conv or Linear gives its
 * declared channels or features (its output on the input it accepts). Undefined when the mistake is of another
 * kind. A few rounds: MultiheadAttention may reject its query, key and value in turn.
 */
function bestKnownOutput(spec: AnyLayerSpec, config: unknown, shapes: number[][], first: LayerError): number[][] | undefined {
  let inputs = shapes;
  let e: unknown = first;
  for (let round = 0; round < 4 && e instanceof LayerError && e.recover; round++) {
    const fix = e.recover;
    if ('outputs' in fix) return fix.outputs;
    if (fix.input >= inputs.length) return undefined;
    inputs = inputs.map((s, i) => (i === fix.input ? fix.shape : s));
    try {
      return runSpec(spec, config, inputs, { params: 0 }).outputs;
    } catch (next) {
      e = next;
    }
  }
  return undefined;
}

/** The tensors in a value, depth-first (tuples, lists, dicts). */
export function tensorsIn(vals: RValue[]): TensorValue[] {
  const out: TensorValue[] = [];
  const visit = (v: RValue) => {
    if (v.kind === 'tensor') out.push(v);
    else if (v.kind === 'tuple' || v.kind === 'list') v.items.forEach(visit);
    else if (v.kind === 'dict') for (const [, x] of v.entries.values()) visit(x);
  };
  vals.forEach(visit);
  return out;
}

/** A stable code for a binding problem, for quick fixes and filtering. */
function problemCode(message: string): string {
  if (message.includes('unexpected keyword')) return 'unexpected-keyword';
  if (message.includes('missing required')) return 'missing-argument';
  if (message.includes('positional argument')) return 'too-many-arguments';
  return 'bad-call';
}

/** `requires_grad_()`'s flag: True unless given as a known False (an unknown flag leaves the parameter training). */
function requiresGrad(flag: RValue | undefined): RValue {
  return flag?.kind === 'bool' && !flag.value ? FALSE : TRUE;
}


/** A value that is not a module, kept in its place among a Sequential's or ModuleList's members (TorchNn.members). */
function keepPlace(node: ModuleNode, value: RValue): void {
  if (node.native === 'sequential' || node.native === 'moduleList') (node.otherMembers ??= []).push({ at: node.children.size, value });
}
