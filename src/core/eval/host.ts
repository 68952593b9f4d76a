/**
 * Everything outside plain Python that model code touches: imports (the workspace package's own files,
 * loaded lazily; torch and the standard library as implemented here; anything else opaque), torch.nn
 * modules and tensors.
 */
import { parseCached, parsedModule, rememberModule } from '../python/parsedFiles';
import type { Module, Stmt } from '../python/ast';
import type { ParseCache } from '../python/moduleCache';
import { RScope } from '../values/value';
import { Interpreter, PyRaise, misplacedSignal } from './interpreter';
import type { EvalReport, Frame, Host } from './evaluator';
import { BudgetExceeded, budgetStopMessage } from './signals';
import { STDLIB_MODULES } from './stdlibNames';
import { environmentList, type PythonEnvironment } from '../environments';
import { assignedNames } from '../python/assigned';
import { builtin, makeBuiltins, plainClass, stdlibModules } from './builtins';
import { TorchNn } from './torchNn';
import type { Recorder } from './recorder';
import { TorchOps } from './torchOps';
import { torchOpsModule, torchvisionOpsModule } from './torchvisionOps';
import { fftModule } from './torchSpectral';
import { autogradPrelude, MODULE_UTILS, preludePath, QUANTIZATION, RNN_UTILS, runPrelude, torchPrelude } from './torchPrelude';
import { EINOPS_LAYERS, einopsModule } from './einops';
import { embedded, KERAS_NLP_LAYERS, KERAS_NLP_PACKAGES, sameShape } from './kerasNlp';
import { kerasApplicationsModule } from './kerasApplications';
import { like } from './tfValues';
import { argparseModule } from './argparseLib';
import { torchModes } from './torchModes';
import { KERAS_OPERATORS, KerasLib } from './keras';
import { kerasOpsModules } from './kerasOps';
import { numpyModule, pyNumber } from './numpyLib';
import { fileExists } from '../files';
import { type CallSite, type ClassValue, type InstanceValue, type LazyValue, type ListValue, type ModuleValue, type RValue, type TensorValue, NONE, hashKey, int, list, newDict, opaque, str, tuple } from '../values/value';
import { moduleNodeOf } from '../values/moduleTree';

/** sys.path entries searched for an import, and import lookups in one analysis: model code needs a handful. */
const MAX_SEARCHED_ROOTS = 256;
const MAX_LOOKUPS = 20_000;
/** After a top-level statement runs out of time, the rest of the file is read within this much more (ms) at most. */
const READ_ON_MS = 250;
/**
 * How long an installed package's import may take (torchvision's reads 168 files: about a second cold, in a
 * busy editor more). Its time is not the evaluation's; the engine's own time limit still stops a runaway one.
 */
const LIBRARY_LOAD_MS = 10_000;


/** copy.copy: a new container or object with the same items and attributes. */
function shallowCopy(v: RValue): RValue {
  if (v.kind === 'list') return { kind: 'list', items: v.items.slice() };
  if (v.kind === 'dict') return { kind: 'dict', entries: new Map(v.entries) };
  if (v.kind === 'instance' && !moduleNodeOf(v)) return { ...v, attrs: new Map(v.attrs) };
  return v;
}

/** File access, injected: the CLI reads the disk, the extension the workspace, tests a map. */
export interface FileSystem {
  /** The file's text, or undefined when there is no such file (or it is not a regular file, or too large). */
  read(path: string): string | undefined;
  /** Whether a regular file is there, by a stat (../files.ts); without it, a read says. */
  exists?(path: string): boolean;
  /**
   * Folders the code is run from (the editor's workspace folder, the CLI's working directory): Python finds
   * top-level modules there too, as `python -m` and an editor's Python do (`from modeling.x import …` in doc/).
   */
  readonly roots?: readonly string[];
  /**
   * The Python environments installed packages are read from (../environments.ts), after the project on sys.path
   * as site-packages are after the script's folder. Without them, nothing installed is read.
   */
  readonly environments?: readonly PythonEnvironment[];
  /** Trees of files parsed in earlier runs (../python/moduleCache.ts): a library file is not parsed again. */
  readonly parseCache?: ParseCache;
  /**
   * Whether a path is where Layer Lens may read (the project and its Python environments, issue 29); without it,
   * anywhere. A sys.path entry outside is never searched, and an import it would have served says so.
   */
  inScope?(path: string): boolean;
  /** Why a read of this path gave nothing, when the surface refused it (a link to a file outside the project). */
  refusal?(path: string): string | undefined;
}

const dirname = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/'))) || '/';
const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** `/a/b/../c/./d` → `/a/c/d`. */
function normalizePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** The script's folder, and the project root above it (setup.py, setup.cfg, pyproject.toml) with its src/. */
function searchPath(fs: FileSystem, dir: string): string[] {
  const out = [dir];
  for (let d = dir, i = 0; d !== '/' && i < 8; d = dirname(d), i++) {
    if (['setup.py', 'setup.cfg', 'pyproject.toml'].some((f) => fileExists(fs, `${d}/${f}`))) {
      out.push(d, `${d}/src`);
      break;
    }
  }
  out.push(...(fs.roots ?? []), ...(fs.environments ?? []).map((e) => e.dir));
  return [...new Set(out)];
}

/** os.path as model code uses it to build paths (for sys.path), on strings. */
function osPathModule(): Map<string, RValue> {
  const s = (v: RValue | undefined) => (v?.kind === 'str' ? v.value : undefined);
  const on = (name: string, f: (...parts: string[]) => RValue) => builtin(`os.path.${name}`, (args, _k, site) => {
    const parts = args.map(s);
    return parts.every((p): p is string => p !== undefined) ? f(...parts) : opaque(`os.path.${name}() of a path not known statically`, site);
  });
  return new Map<string, RValue>([
    ['join', on('join', (...parts) => str(parts.reduce((a, b) => (b.startsWith('/') ? b : a === '' ? b : `${a.replace(/\/$/, '')}/${b}`), '')))],
    ['dirname', on('dirname', (p) => str(p.includes('/') ? p.slice(0, p.lastIndexOf('/')) || '/' : ''))],
    ['basename', on('basename', (p) => str(p.slice(p.lastIndexOf('/') + 1)))],
    ['abspath', on('abspath', (p) => str(p.startsWith('/') ? normalizePath(p) : p))],
    ['realpath', on('realpath', (p) => str(p.startsWith('/') ? normalizePath(p) : p))],
    ['normpath', on('normpath', (p) => str(p.startsWith('/') ? normalizePath(p) : p))],
    ['expanduser', on('expanduser', (p) => str(p))],
    ['splitext', on('splitext', (p) => {
      const dot = p.lastIndexOf('.');
      return dot > p.lastIndexOf('/') + 1 ? tuple([str(p.slice(0, dot)), str(p.slice(dot))]) : tuple([str(p), str('')]);
    })],
    // (head, tail): the tail after the last '/', the head without its trailing slashes (unless it is all slashes).
    ['split', on('split', (p) => {
      const cut = p.lastIndexOf('/') + 1;
      const head = p.slice(0, cut);
      return tuple([str(/^\/+$/.test(head) ? head : head.replace(/\/+$/, '')), str(p.slice(cut))]);
    })],
    ['sep', str('/')],
  ]);
}

/** How deep packages nest, at most (torchvision's deepest module is 4 below its root). */
const MAX_PACKAGE_DEPTH = 32;

/** Where a file sits in its package: the package root's parent, and the file's dotted module name. */
function modulePath(fs: FileSystem, file: string): { base: string; name: string } {
  let dir = dirname(file);
  const parts = [basename(file).replace(/\.py$/, '')];
  if (parts[0] === '__init__') parts.pop();
  // Up to the root, and no further than packages nest (a disk that answers yes to every path never ends it).
  for (let depth = 0; dir !== '/' && depth < MAX_PACKAGE_DEPTH && fileExists(fs, `${dir}/__init__.py`); depth++) {
    parts.unshift(basename(dir));
    dir = dirname(dir);
  }
  return { base: dir, name: parts.join('.') };
}

export class ModelHost implements Host {
  readonly interp: Interpreter;
  readonly nn: TorchNn;
  readonly ops: TorchOps;
  readonly keras: KerasLib;
  private readonly modules = new Map<string, ModuleValue>();
  /** The file analysed, when its name is a module the engine provides itself (see `load`). */
  private entryValue?: ModuleValue;
  /**
   * `sys.modules`: every module loaded or being loaded, by name, as the code sees it (timm's register_model looks up
   * the module its function is defined in, while that module still runs, to read its default_cfgs).
   */
  private readonly sysModules = newDict();

  /** A module known by name from now on, to imports and to `sys.modules`. */
  private register(name: string, m: ModuleValue): void {
    this.modules.set(name, m);
    this.sysModules.entries.set(hashKey(str(name)), [str(name), m]);
  }
  private readonly builtins: RScope;
  readonly entryName: string;

  /**
   * `entryModule`: the analysed file's statements to run, when not all of them (DocumentVersion runs only what an
   * edit can have changed, with everything the module's top level does).
   */
  constructor(
    private readonly fs: FileSystem, private readonly entryFile: string, report: EvalReport, budget: Interpreter['budget'], readonly recorder: Recorder,
    private readonly entryModule?: Module,
  ) {
    this.builtins = new RScope(undefined, 'builtins');
    this.interp = new Interpreter(budget, report, this.builtins);
    this.interp.host = this;
    const made = makeBuiltins(this.interp);
    for (const [k, v] of made.entries()) this.builtins.set(k, v);
    this.interp.ran = recorder.ran;
    this.nn = new TorchNn(this.interp, recorder);
    this.nn.sources = this.files;
    this.ops = new TorchOps(this.interp, recorder);
    this.keras = new KerasLib(this.interp, recorder);
    const { base, name } = modulePath(fs, entryFile);
    this.entryName = name;
    this.packageRoot = { base, name: name.split('.')[0] };
    this.sysPath = list(searchPath(fs, dirname(entryFile)).map(str));
    this.installOutsideModules();
  }

  /**
   * Where `import x` finds workspace modules, as `python FILE` would: the folder of the package the file is in,
   * the file's own folder, the project's root (a folder above with setup.py, setup.cfg or pyproject.toml) and its
   * src/. The code's own `sys.path.append(…)` and `sys.path.insert(…)` change it, as in Python.
   */
  readonly sysPath: ListValue;
  /** The package the analysed file is in (its folder's parent holds it): only that package is read from there (site-packages holds torch itself). */
  private readonly packageRoot: { base: string; name: string };

  private installOutsideModules(): void {
    const mod = (name: string, attrs: Map<string, RValue>): ModuleValue => {
      const m: ModuleValue = { kind: 'module', name, attrs };
      this.register(name, m);
      return m;
    };
    for (const [name, attrs] of stdlibModules(this.interp, this.builtins)) mod(name, attrs);
    // A submodule is an attribute of its package (`import urllib.parse` binds `urllib`, whose `parse` it is).
    for (const [name, m] of [...this.modules]) {
      const dot = name.lastIndexOf('.');
      if (dot < 0) continue;
      const parent = this.modules.get(name.slice(0, dot)) ?? mod(name.slice(0, dot), new Map());
      if (parent.attrs && !parent.attrs.has(name.slice(dot + 1))) parent.attrs.set(name.slice(dot + 1), m);
    }
    mod('argparse', argparseModule(this.interp));
    mod('sys', new Map<string, RValue>([['path', this.sysPath], ['modules', this.sysModules], ['argv', list([str(this.entryFile)])], ['version_info', tuple([int(3), int(11), int(0)])]]));
    const osPath = mod('os.path', osPathModule());
    // The environment a model is built in is not known here: read as one with none of the variables set, as a
    // fresh shell has (timm's TIMM_FUSED_ATTN, a DEBUG flag); os.environ.get gives its default.
    mod('os', new Map<string, RValue>([['path', osPath], ['sep', str('/')], ['name', str('posix')], ['environ', newDict()], ['getenv', builtin('os.getenv', ([, d]) => d ?? NONE)], ['getcwd', builtin('os.getcwd', () => str(dirname(this.entryFile)))]]));
    this.modules.get('copy')!.attrs!.set('deepcopy', builtin('copy.deepcopy', ([v], _k, site) => this.nn.clone(v, site)));
    this.modules.get('copy')!.attrs!.set('copy', builtin('copy.copy', ([v]) => shallowCopy(v)));
    const nnAttrs = new Map<string, RValue>([...this.nn.classes].map(([k, v]) => [k, v] as [string, RValue]));
    const functional = mod('torch.nn.functional', this.ops.functionalModule());
    const init = mod('torch.nn.init', this.ops.initModule());
    nnAttrs.set('functional', functional);
    nnAttrs.set('init', init);
    nnAttrs.set('Parameter', this.nn.parameter);
    // torch.nn.modules.batchnorm's private bases, which synchronized and frozen batch norms subclass: a batch norm
    // of num_features channels (its subclass's forward says what it computes).
    for (const base of ['_BatchNorm', '_NormBase']) nnAttrs.set(base, this.nn.classes.get('BatchNorm2d')!);
    const utils = mod('torch.nn.utils', this.nn.utilsModule());
    nnAttrs.set('utils', utils);
    this.register('torch.nn.utils.parametrizations', utils.attrs!.get('parametrizations') as ModuleValue);
    const nn = mod('torch.nn', nnAttrs);
    mod('torch.nn.modules', nnAttrs);
    // The containers torch.nn writes in Python over its layers (the Transformer family), run as such.
    for (const [name, cls] of torchPrelude(this.interp, this.builtins, nn, this.modules.get('copy')!)) nnAttrs.set(name, cls);
    mod('torch.nn.modules.utils', runPrelude(this.interp, this.builtins, MODULE_UTILS, 'torch.nn.modules.utils', {}));
    mod('torch.nn.parameter', new Map<string, RValue>([['Parameter', this.nn.parameter]]));
    const tensorClass = plainClass('Tensor');
    this.tensorClass = tensorClass;
    const torchAttrs = this.ops.torchModule();
    torchAttrs.set('nn', nn);
    torchAttrs.set('Tensor', tensorClass);
    torchAttrs.set('jit', mod('torch.jit', this.ops.jitModule()));
    const checkpoint = mod('torch.utils.checkpoint', this.ops.checkpointModule());
    torchAttrs.set('utils', mod('torch.utils', new Map<string, RValue>([['checkpoint', checkpoint]])));
    // PyTorch's usage logging, which torchvision calls in forward: it computes nothing.
    // torch._C: what model code asks of it (torchvision's detection asks whether it is being traced: it is not).
    torchAttrs.set('_C', mod('torch._C', new Map([['_log_api_usage_once', builtin('torch._C._log_api_usage_once', () => NONE)], ['_get_tracing_state', builtin('torch._C._get_tracing_state', () => NONE)]])));
    const autograd = autogradPrelude(this.interp, this.builtins);
    autograd.set('function', mod('torch.autograd.function', new Map([['Function', autograd.get('Function')!]])));
    torchAttrs.set('autograd', mod('torch.autograd', autograd));
    // Grad modes and autocast (./torchModes.ts); autocast also where torch.amp, torch.cuda.amp and torch.cpu.amp keep it.
    const modes = torchModes(this.interp);
    for (const [name, v] of modes.torch) torchAttrs.set(name, v);
    const ampModule = (name: string, autocast: RValue) => mod(name, new Map<string, RValue>([['autocast', autocast]]));
    torchAttrs.set('amp', ampModule('torch.amp', modes.autocast));
    torchAttrs.set('cuda', mod('torch.cuda', new Map<string, RValue>([['amp', ampModule('torch.cuda.amp', modes.ampAutocast)]])));
    torchAttrs.set('cpu', mod('torch.cpu', new Map<string, RValue>([['amp', ampModule('torch.cpu.amp', modes.ampAutocast)]])));
    torchAttrs.set('linalg', mod('torch.linalg', this.ops.linalgModule()));
    torchAttrs.set('fft', mod('torch.fft', new Map(fftModule(this.ops).map(([n, impl]) => [n, builtin(`torch.fft.${n}`, impl)]))));
    const visionOps = mod('torch.ops.torchvision', torchvisionOpsModule(this.ops));
    torchAttrs.set('ops', mod('torch.ops', torchOpsModule(visionOps)));
    const torch = mod('torch', torchAttrs);
    // pack_padded_sequence and its kin: Python over torch's tensors; recurrent layers read the PackedSequence.
    const rnn = mod('torch.nn.utils.rnn', runPrelude(this.interp, this.builtins, RNN_UTILS, 'torch.nn.utils.rnn', { torch }));
    utils.attrs!.set('rnn', rnn);
    this.nn.packedSequence = rnn.attrs!.get('PackedSequence');
    // Quantization's stubs (torchvision's quantizable models, before they are converted).
    const quantization = runPrelude(this.interp, this.builtins, QUANTIZATION, 'torch.ao.quantization', { nn, torch });
    const stubs = new Map([...quantization].filter(([n]) => n !== 'FloatFunctional'));
    const quantized = new Map<string, RValue>([['FloatFunctional', quantization.get('FloatFunctional')!]]);
    for (const name of ['torch.ao.quantization', 'torch.quantization']) mod(name, stubs);
    for (const name of ['torch.ao.nn.quantized', 'torch.nn.quantized']) mod(name, quantized);
    torchAttrs.set('quantization', this.modules.get('torch.quantization')!);
    torchAttrs.set('ao', mod('torch.ao', new Map<string, RValue>([['quantization', this.modules.get('torch.ao.quantization')!], ['nn', mod('torch.ao.nn', new Map<string, RValue>([['quantized', this.modules.get('torch.ao.nn.quantized')!]]))]])));
    nnAttrs.set('quantized', this.modules.get('torch.nn.quantized')!);
    mod('torch.fx', new Map([['wrap', builtin('torch.fx.wrap', ([f]) => f)]]));
    const numpy = mod('numpy', numpyModule(this.interp, torchAttrs));
    mod('numpy.random', (numpy.attrs!.get('random') as ModuleValue).attrs!);
    // einops: its functions over abstract tensors, and its torch layers written in Python over them.
    const einops = mod('einops', einopsModule(this.interp, this.ops));
    const einopsTorch = mod('einops.layers.torch', runPrelude(this.interp, this.builtins, EINOPS_LAYERS, 'einops.layers.torch', { nn, einops }));
    einops.attrs!.set('layers', mod('einops.layers', new Map<string, RValue>([['torch', einopsTorch]])));
    // Keras, standalone and as tensorflow.keras (tf.keras).
    const keras = new Map<string, ModuleValue>();
    for (const [name, attrs] of this.keras.modules(torchAttrs)) {
      keras.set(name, mod(name, attrs));
      mod(`tensorflow.${name}`, attrs);
      mod(`tf_keras${name.slice('keras'.length)}`, attrs);
    }
    const root = keras.get('keras')!.attrs!;
    for (const sub of ['layers', 'models', 'backend', 'utils', 'initializers', 'datasets']) root.set(sub, keras.get(`keras.${sub}`)!);
    // keras.applications: read from the installed keras_applications package when a builder is called.
    const preprocess = (name: string) => builtin(name, (args, kwargs, site) => {
      const keep = () => like('float32')(args, kwargs, site);
      return this.keras.opLayer(name, args, keep, site) ?? keep();
    });
    const applications = kerasApplicationsModule({ interp: this.interp, found: (m) => this.fileOf(m) !== undefined, load: (m) => this.load(m), preprocess });
    root.set('applications', mod('keras.applications', applications));
    for (const prefix of ['tensorflow.', 'tf_']) mod(`${prefix}keras.applications`, applications);
    // TensorFlow's functions and keras.ops on Keras tensors (./kerasOps.ts).
    const opsModules = new Map(kerasOpsModules(this.keras, torchAttrs));
    for (const [name, attrs] of opsModules) if (name !== 'tensorflow') mod(name, attrs);
    root.set('ops', this.modules.get('keras.ops')!);
    root.set('activations', this.modules.get('keras.activations')!);
    mod('tensorflow', new Map<string, RValue>([['keras', keras.get('keras')!], ...opsModules.get('tensorflow')!]));
    // keras_nlp's and keras_hub's layers (./kerasNlp.ts): run when a file first imports one of them.
    for (const pkg of KERAS_NLP_PACKAGES) {
      this.lazyOutside.set(pkg, () => {
        this.kerasNlpLayers ??= runPrelude(this.interp, this.builtins, KERAS_NLP_LAYERS, 'keras_nlp.layers', { keras: keras.get('keras')!, _same_shape: sameShape, _embedded: embedded });
        const layers = mod(`${pkg}.layers`, this.kerasNlpLayers);
        return mod(pkg, new Map<string, RValue>([['layers', layers]]));
      });
    }
  }

  /** Outside modules made when first imported (their preludes cost a load that few files need). */
  private readonly lazyOutside = new Map<string, () => ModuleValue>();
  private kerasNlpLayers?: Map<string, RValue>;

  /** An outside module, made now if it is one of the lazy ones. */
  private outsideModule(name: string): ModuleValue | undefined {
    const known = this.modules.get(name);
    if (known) return known;
    const make = this.lazyOutside.get(name.split('.')[0]);
    if (!make) return undefined;
    this.lazyOutside.delete(name.split('.')[0]);
    make();
    return this.modules.get(name);
  }

  /**
   * An imported file's tree: parsed in this process already, else stored by an earlier run (the surface's parse
   * cache, checked against this text), else parsed now and offered to the cache.
   */
  private moduleOf(file: string, text: string): Module {
    const cache = this.fs.parseCache;
    if (!cache) return parseCached(file, text);
    const known = parsedModule(file, text);
    if (known) return known;
    const stored = cache.get(file, text);
    if (stored) return rememberModule(file, text, stored);
    const module = parseCached(file, text);
    cache.parsed(file, text, module);
    return module;
  }

  /**
   * A prelude's tree. A CLI process would parse them again each run (lezer, cold: about 85 ms of a warm 0.4 s
   * run), so they go through the parse cache under a name that is no file's, keyed by their text like any file.
   */
  parsePrelude(module: string, source: string): Stmt[] {
    return this.moduleOf(preludePath(module), source).body;
  }

  /** An outside module's attributes (keras.layers…), for the model evaluator. */
  modules_(name: string): Map<string, RValue> {
    return this.modules.get(name)?.attrs ?? new Map();
  }

  /**
   * keras_applications takes Keras's modules as keyword arguments or from its package globals, which
   * Keras sets when it imports it: here, the globals are our Keras.
   */
  private kerasApplicationsGlobals(m: ModuleValue): void {
    for (const [global, name] of [['_KERAS_BACKEND', 'keras.backend'], ['_KERAS_LAYERS', 'keras.layers'], ['_KERAS_MODELS', 'keras.models'], ['_KERAS_UTILS', 'keras.utils']]) {
      if (m.scope?.get(global)?.kind === 'none') m.scope.set(global, this.modules.get(name)!);
    }
  }

  /**
   * torchvision's feature extraction builds a new model by tracing forward with torch.fx (a graph of every call,
   * pruned to the nodes asked for), which the interpreter does not run: said once at the code's call, in its terms,
   * with the forms that give the same features and are costed. Its own code, followed, stops on inspect and fx
   * internals and then raises a ValueError the real call does not.
   */
  private featureExtractionStops(m: ModuleValue): void {
    for (const name of ['create_feature_extractor', 'get_graph_node_names']) {
      m.scope?.set(name, builtin(`torchvision.models.feature_extraction.${name}`, (_a, _k, site) => {
        const why = `torchvision's ${name} traces the model's forward with torch.fx, which Layer Lens does not run: what it gives is not known (torchvision.models._utils.IntermediateLayerGetter(model, {"layer4": "out"}) or nn.Sequential of the model's children give the same features, and are costed)`;
        this.interp.report.diagnostic('warning', why, site, 'unknown-call');
        return opaque(why, site);
      }));
    }
  }

  // ------------------------------------------------------------------ imports

  private absolute(name: string, level: number, frame: Frame): string {
    if (level === 0) return name;
    const current = this.moduleNameOfFile(frame.file);
    const isPackage = basename(frame.file) === '__init__.py';
    const parts = current.split('.');
    const keep = parts.length - level + (isPackage ? 1 : 0);
    return [...parts.slice(0, Math.max(0, keep)), ...(name ? [name] : [])].join('.');
  }

  private moduleNameOfFile(file: string): string {
    return modulePath(this.fs, file).name;
  }

  private fileOf(name: string): string | undefined {
    // The analysed file itself, whatever its name: an untitled document, `my.model.py`, a notebook's code.
    if (name === this.entryName) return this.entryFile;
    const rel = name.split('.').join('/');
    const top = name.split('.')[0];
    // Modules implemented here (torch, keras, the standard library) are never read from files.
    if (this.modules.has(top) && this.modules.get(top)!.attrs) return undefined;
    const roots = [...(top === this.packageRoot.name ? [this.packageRoot.base] : []), ...this.sysPath.items.map((e) => (e.kind === 'str' ? e.value : ''))];
    for (const [i, entry] of roots.entries()) {
      if (!entry.startsWith('/')) continue;
      const root = normalizePath(entry).replace(/\/$/, '');
      // Outside the project and its environments: not even looked at (an import there is said where it is made).
      if (this.fs.inScope && !this.fs.inScope(root)) {
        this.outsideRoots.add(root);
        continue;
      }
      // Bounded: 10,000 sys.path entries times 200 imports would be millions of looks.
      if (i >= MAX_SEARCHED_ROOTS || ++this.lookups > MAX_LOOKUPS) {
        this.lookupsCapped = true;
        break;
      }
      for (const candidate of [`${root}/${rel}.py`, `${root}/${rel}/__init__.py`]) {
        if (fileExists(this.fs, candidate)) return candidate;
      }
    }
    // A package the file sits inside, imported by its own name (`from TCN.tcn import …` in TCN/adding_problem/
    // model.py): the scripts put the repository's root on sys.path, and so does an editor opened on it.
    for (let d = dirname(this.entryFile), i = 0; d !== '/' && i < 8; d = dirname(d), i++) {
      if (basename(d) !== top) continue;
      const root = dirname(d);
      for (const candidate of [`${root}/${rel}.py`, `${root}/${rel}/__init__.py`]) {
        if (fileExists(this.fs, candidate)) return candidate;
      }
    }
    return undefined;
  }

  /** The imported names being resolved now (`module:name`): one met again is an import cycle. */
  private readonly resolving = new Set<string>();

  importModule(name: string, level: number, frame: Frame, site?: CallSite): RValue {
    const full = this.absolute(name, level, frame);
    if (level === 0 && (full === 'keras' || full.startsWith('keras.'))) this.keras.keras3 = true;
    const known = this.outsideModule(full);
    if (known) return known;
    if (full.startsWith('torch.nn.modules.') || full === 'torch.nn.modules') return this.modules.get('torch.nn')!;
    // A module of the workspace: on the search path (sys.path).
    const outsideBefore = this.outsideRoots.size;
    if (this.fileOf(full)) return { kind: 'lazy', module: full } satisfies LazyValue;
    // Inside `try: … except ImportError:` a package found nowhere raises, as Python does, and the code's fallback
    // runs (DINOv2 without xformers); said as a note, since the code handles it.
    const top = full.split('.')[0];
    if (site && level === 0 && this.interp.importGuards > 0 && this.foundNowhere(top)) {
      this.interp.report.diagnostic('info', `\`${top}\` is not installed in the Python environments Layer Lens searched: importing it raises ModuleNotFoundError here, and the code's handler runs`, site, 'missing-package-handled');
      throw new PyRaise(opaque('ModuleNotFoundError'), `ModuleNotFoundError: No module named '${top}'`, site);
    }
    if (site && level === 0) this.missingPackage(top, site);
    if (site && this.outsideRoots.size && (outsideBefore === 0 || !this.toldOutside)) {
      this.toldOutside = true;
      const roots = [...this.outsideRoots].slice(0, 3).join(', ');
      this.interp.report.diagnostic('warning', `\`${full}\` is not in the project or its Python environments, and Layer Lens reads nothing outside them: sys.path's ${roots}${this.outsideRoots.size > 3 ? ' …' : ''} ${this.outsideRoots.size === 1 ? 'was' : 'were'} not searched`, site, 'outside-import');
    }
    if (site && this.lookupsCapped && !this.toldCapped) {
      this.toldCapped = true;
      this.interp.report.diagnostic('warning', `\`${full}\` was not looked for everywhere: the file's imports looked in more than ${MAX_LOOKUPS.toLocaleString('en-US')} places (or sys.path has more than ${MAX_SEARCHED_ROOTS} entries), and the rest were not searched`, site, 'unknown-import');
    }
    // Outside the workspace: opaque.
    const outside: ModuleValue = { kind: 'module', name: full };
    this.register(full, outside);
    return outside;
  }

  resolve(v: LazyValue): RValue {
    const mod = this.load(v.module);
    if (!v.name) return mod;
    const key = `${v.module}:${v.name}`;
    // A name that leads back to itself (geffnet.activations does `from geffnet import config`, and geffnet's
    // `from .activations import *` copies that name back into geffnet): what Python finds there is the submodule.
    if (mod.scope && !this.resolving.has(key)) {
      const found = mod.scope.get(v.name);
      if (found?.kind === 'lazy') {
        this.resolving.add(key);
        try {
          return this.resolve(found);
        } finally {
          this.resolving.delete(key);
        }
      }
      if (found) return found;
    }
    const sub = this.fileOf(`${v.module}.${v.name}`);
    if (sub) return this.load(`${v.module}.${v.name}`);
    return opaque(`\`${v.name}\` is not defined in ${v.module}${this.resolving.has(key) ? ' (its import leads back to itself)' : ''}`);
  }

  /** Load (once) a workspace module: run its body in a fresh global scope. */
  load(name: string): ModuleValue {
    const cached = this.modules.get(name);
    // The file analysed runs from its file whatever its name (`python enum.py` runs enum.py, not the standard
    // library's enum, which the rest of the run keeps importing).
    const shadowed = name === this.entryName && cached !== undefined && cached.scope === undefined;
    if (shadowed && this.entryValue) return this.entryValue;
    if (cached && !shadowed) return cached;
    // An installed package's module runs after its package's __init__, as Python imports `a.b.c` (a, then a.b,
    // then a.b.c): what the package sets up there (timm's model registry, filled as its __init__ imports every model
    // file) is there when the module is used. The project's own packages keep loading a module alone, as before:
    // their __init__ may import the whole project (timm's checkout analysed as a project costs 2.2× the time that
    // way), it is evaluated again on every edit, and the project's own registries are read where the code fills them.
    // (Its own file is found first, so that only an installed module looks its package up.)
    const file = this.fileOf(name);
    const dot = name.lastIndexOf('.');
    if (dot > 0 && name !== this.entryName && file && this.environmentOf(file) !== undefined && this.fileOf(name.slice(0, dot))) {
      this.load(name.slice(0, dot));
      const again = this.modules.get(name);
      if (again && !shadowed) return again;
    }
    const m: ModuleValue = { kind: 'module', name, scope: new RScope(this.builtins, 'module') };
    // Registered before running, so circular imports see the partial module, as in Python.
    if (shadowed) this.entryValue = m;
    else this.register(name, m);
    if (!file) return m;
    const text = this.fs.read(file);
    if (text === undefined) {
      // There, but not read: refused by the surface (a link out of the project), not a regular file, or too large.
      const why = this.fs.refusal?.(file) ?? 'it is not a regular file or is too large';
      this.interp.report.diagnostic('warning', `the module ${name} (${file}) is not read: ${why}; what it defines is not known`, { file: this.entryFile, span: { from: 0, to: 0 } }, 'unknown-import');
      return m;
    }
    // An installed package's module (torchvision's __init__, typing_extensions), parsed and run: what it does not
    // follow at import (a platform test, a version check) is its own business unless a model uses what it left
    // undefined, and the time it takes is not the code's: the evaluation's deadline moves by it (the request's
    // budget and the engine's own time limit still bound it).
    const library = this.environmentOf(file) !== undefined;
    const outermost = library && this.libraryLoads === 0;
    const started = Date.now();
    const deadline = this.interp.budget.deadline;
    if (outermost) this.interp.budget.deadline = Math.max(deadline, started + LIBRARY_LOAD_MS);
    if (library) this.libraryLoads++;
    // A module's body answers for its own imports: a try around the statement that loads it (now, or lazily when
    // a name is first used) does not make the body's unguarded imports raise.
    const guards = this.interp.importGuards;
    const handlers = this.interp.handlers;
    this.interp.importGuards = 0;
    this.interp.handlers = [];
    try {
      this.loadModuleFile(name, file, text, m);
    } finally {
      this.interp.importGuards = guards;
      this.interp.handlers = handlers;
      if (library) this.libraryLoads--;
      if (outermost) this.interp.budget.deadline = deadline + (Date.now() - started);
    }
    if (name === 'keras_applications' || name.endsWith('.keras_applications')) this.kerasApplicationsGlobals(m);
    if (name === 'torchvision.models.feature_extraction' && library) this.featureExtractionStops(m);
    return m;
  }

  /** Parse a module's file and run its body in `m`'s scope. */
  private loadModuleFile(name: string, file: string, text: string, m: ModuleValue): void {
    const module = name === this.entryName && this.entryModule ? this.entryModule : this.moduleOf(file, text);
    // The file being analysed runs as a script does (`python file.py`): its `if __name__ == "__main__":` block runs.
    m.scope!.set('__name__', { kind: 'str', value: name === this.entryName ? '__main__' : name });
    m.scope!.set('__file__', str(file));
    this.files.set(file, text);
    const frame: Frame = { scope: m.scope!, globals: m.scope!, file };
    // A module imported while a probe runs still loads as Python loads it.
    const probing = this.interp.probing;
    this.interp.probing = false;
    try {
      this.runModule(name, module.body, frame, file);
    } finally {
      this.interp.probing = probing;
    }
  }

  private runModule(name: string, body: import('../python/ast').Stmt[], frame: Frame, file: string): void {
    const module = { body };
    if (name === this.entryName) {
      // The file being analysed goes on past a statement that raises, so that what follows (the class being
      // edited, the rest of the models) is still seen; Python would stop there, and the finding says so.
      let stopped = false;
      const loading = this.interp.loadingEntry;
      this.interp.loadingEntry = true;
      try {
        for (const s of module.body) {
          try {
            this.interp.exec(s, frame);
          } catch (e) {
            if (e instanceof BudgetExceeded && !stopped) {
              stopped = true;
              this.readOnAfterStop(e, s, frame, file);
              continue;
            }
            // A second stop ends the file: said at this statement (when no loop of the file was running), not line 1.
            if (e instanceof BudgetExceeded) e.statement ??= { file, span: s.span };
            const raised = e instanceof PyRaise ? e : misplacedSignal(e, { file, span: s.span });
            if (!raised) throw e;
            this.interp.report.diagnostic('warning', `this raises ${raised.message} when the file runs, and Python would stop here; Layer Lens read on`, raised.origin, 'raises-at-load');
          }
        }
      } finally {
        this.interp.loadingEntry = loading;
      }
    } else {
      try {
        this.interp.execBlock(module.body, frame);
      } catch (e) {
        const raised = e instanceof PyRaise ? e : misplacedSignal(e, { file, span: { from: 0, to: 0 } });
        if (!raised) throw e;
        this.interp.report.diagnostic('warning', `importing ${name} raised ${raised.message}`, raised.origin, 'import-error');
      }
    }
  }

  /**
   * The file's top-level statement `s` ran out of budget (an endless loop in a factory it calls): the finding goes
   * on the loop that was running, what `s` binds is not known, and the rest of the file is read as a probe reads
   * code no model ran, with a small allowance of its own (a tenth of the steps, a quarter of a second more at
   * most), so that a layer that does not depend on the loop still gets its figures, alone. A second stop ends the
   * file (the load's caller reports it).
   */
  private readOnAfterStop(e: BudgetExceeded, s: import('../python/ast').Stmt, frame: Frame, file: string): void {
    const line = s.span;
    const here = e.loop?.file === file ? e.loop : undefined;
    if (!here) e.loop = undefined;
    this.interp.report.diagnostic('warning', budgetStopMessage(e, 'load'), here ?? { file, span: line }, 'budget');
    for (const n of assignedNames([s])) frame.scope.set(n, opaque(`\`${n}\` is not known: evaluating the statement that binds it ran out of budget`));
    const budget = this.interp.budget;
    this.interp.steps = Math.max(0, budget.maxSteps - Math.ceil(budget.maxSteps / 10));
    (budget as { deadline: number }).deadline = Math.max(budget.deadline, Date.now() + READ_ON_MS);
    this.interp.probing = true;
  }

  /** How many installed packages' module bodies are running now (see load). */
  libraryLoads = 0;

  private readonly toldMissing = new Set<string>();

  /**
   * The names of torch's public surface this engine evaluates, by namespace (`torch`, `torch.nn.functional`,
   * `torch.linalg`, `torch.fft`, `torch.special`, `Tensor`): what the op table (test/data/op-surface.json) is
   * checked against.
   */
  surface(): Record<string, string[]> {
    const names = (m: string) => [...(this.modules.get(m)?.attrs?.keys() ?? [])].filter((n) => !n.startsWith('_')).sort();
    const out: Record<string, string[]> = {};
    for (const m of ['torch', 'torch.nn.functional', 'torch.linalg', 'torch.fft', 'torch.special']) out[m] = names(m);
    out.Tensor = this.ops.tensorMethodNames();
    return out;
  }

  /** See Host.neverAssigned: the classes' files and the analysed file, read as text. */
  neverAssigned(name: string, files: string[]): boolean {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return false;
    const assigned = new RegExp(`\\.\\s*${name}\\b[^=\\n]*(?<![=!<>+\\-*/%&|^@:])=(?!=)|\\.\\s*${name}\\s*(?:[-+*/@%&|^]|\\*\\*|//|<<|>>)=|['"]${name}['"]`);
    // setattr with a computed name, or the attribute dictionary itself, may set anything.
    const anything = /setattr\(\s*[^,()]+,\s*(?!['"])|__dict__|__setattr__|vars\(/;
    for (const file of new Set([...files, this.entryFile])) {
      const text = this.files.get(file);
      if (text === undefined || assigned.test(text) || anything.test(text)) return false;
    }
    return true;
  }

  installed(file: string): boolean {
    return this.environmentOf(file) !== undefined;
  }

  /** The environment an installed file is in (an installed package's), if it is in one. */
  environmentOf(file: string): PythonEnvironment | undefined {
    return this.fs.environments?.find((e) => file.startsWith(`${e.dir}/`));
  }

  /**
   * An import of the code's own that no folder on sys.path has: one warning for the package, naming where Layer
   * Lens looked, when the surface searched environments. The standard library and the modules Layer Lens models
   * (torch, keras, numpy…) are not packages to look for; a library's own imports are its business.
   */
  /** A top-level package that no searched environment has, and the engine does not provide. */
  private foundNowhere(top: string): boolean {
    return !!this.fs.environments && !STDLIB_MODULES.has(top) && !this.modules.get(top)?.attrs && !this.modules.get(top)?.scope && !this.fileOf(top);
  }

  private missingPackage(top: string, site: CallSite): void {
    if (!this.fs.environments || this.toldMissing.has(top) || STDLIB_MODULES.has(top) || this.modules.get(top)?.attrs || this.environmentOf(site.file)) return;
    if (this.modules.has(top) && this.modules.get(top)!.scope) return;
    this.toldMissing.add(top);
    this.interp.report.diagnostic('warning', `\`${top}\` is not installed in the Python environments Layer Lens searched, so what it defines is not known: ${environmentList(this.fs.environments)}. Give the one that has it in layerLens.python.paths (or --python-path).`, site, 'missing-package');
  }

  /** sys.path entries skipped because they are outside the read scope, and whether an import has said so. */
  private readonly outsideRoots = new Set<string>();
  private toldOutside = false;
  /** Candidate files looked for by imports, against MAX_LOOKUPS. */
  private lookups = 0;
  private lookupsCapped = false;
  private toldCapped = false;

  /** Texts of the files loaded, by path: for line numbers. */
  readonly files = new Map<string, string>();

  // ------------------------------------------------------------------ Host

  getAttr(obj: RValue, name: string, site: CallSite): RValue | undefined {
    if (obj.kind === 'module' && obj.attrs) {
      const v = obj.attrs.get(name);
      if (v) return v;
      const sub = this.modules.get(`${obj.name}.${name}`);
      if (sub) return sub;
      // keras_nlp and keras_hub are libraries of models, of which Layer Lens knows the layers only: what else is
      // used (`keras_hub.models.BertClassifier.from_preset(…)`) is said where it is, even outside a model.
      if (KERAS_NLP_PACKAGES.some((p) => obj.name === p || obj.name.startsWith(`${p}.`))) {
        this.interp.report.diagnostic('warning', `\`${obj.name}.${name}\` is not read: Layer Lens knows ${obj.name.split('.')[0]}'s layers only, so what it gives is not known`, site, 'unknown-import');
      }
      return { ...opaque(`\`${obj.name}.${name}\` is not something Layer Lens evaluates`, site), unsupported: `${obj.name}.${name}` };
    }
    if (obj.kind === 'module' && obj.scope && obj.scope.get(name) === undefined) {
      const sub = `${obj.name}.${name}`;
      if (this.fileOf(sub)) return this.load(sub);
    }
    if (obj.kind === 'tensor') {
      // A method not known says so where it is called (interpreter.ts), as an unknown torch function does.
      return this.ops.tensorAttr(obj, name, site) ?? { ...opaque(`\`Tensor.${name}\` is not something Layer Lens evaluates`, site), unsupported: `Tensor.${name}` };
    }
    // The children as nn.Module keeps them, for code that walks `self._modules.values()`.
    const node = moduleNodeOf(obj);
    if (obj.kind === 'instance' && node && name === '_modules' && !obj.attrs.has(name)) {
      return newDict([...node.children].map(([k, c]) => [str(k), c.instance] as [RValue, RValue]));
    }
    // A model is costed as it runs at inference, in eval mode (docs/conventions.md): `self.training` is False.
    if (obj.kind === 'instance' && node && name === 'training' && !obj.attrs.has(name)) return { kind: 'bool', value: false };
    if (obj.kind === 'instance' && node?.layer && !obj.attrs.has(name)) {
      const v = this.nn.layerAttr(obj, name, site);
      if (v) return v;
    }
    // An nn.Parameter behaves as the tensor it holds.
    if (obj.kind === 'instance' && obj.parameter && !obj.attrs.has(name)) {
      return this.ops.tensorAttr({ kind: 'tensor', shape: obj.parameter.shape, dtype: 'float32', origin: site }, name, site);
    }
    if (obj.kind === 'instance' && obj.attrs.has('__super_self__')) {
      // super().method where the method belongs to a torch.nn class
      const self = obj.attrs.get('__super_self__')!;
      const found = this.interp.lookupClassAttr(obj.cls, name);
      return found ? this.interp.bindMethod(self, found.value) : undefined;
    }
    return undefined;
  }

  setAttr(obj: InstanceValue, name: string, value: RValue, site: CallSite): boolean {
    return this.nn.setAttr(obj, name, value, site);
  }

  delAttr(obj: InstanceValue, name: string): boolean {
    return this.nn.delAttr(obj, name);
  }

  /** torch.Tensor: a class (isinstance, subclasses), and called itself, the legacy float constructor. */
  private tensorClass?: ClassValue;

  call(f: RValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue | undefined {
    if (f.kind === 'class' && f === this.tensorClass) return this.interp.call(this.modules.get('torch')!.attrs!.get('FloatTensor')!, args, kwargs, site);
    if (f.kind === 'class') return this.nn.instantiate(f, args, kwargs, site);
    if (f.kind === 'instance' && moduleNodeOf(f)) return this.nn.callModule(f, args, kwargs, site);
    return undefined;
  }

  binary(op: string, a: RValue, b: RValue, site: CallSite): RValue | undefined {
    // On a functional Keras model's tensors, a layer of its own (TFOpLambda), as Keras 2 makes it.
    const layer = Object.hasOwn(KERAS_OPERATORS, op) ? this.keras.opLayer(KERAS_OPERATORS[op], [a, b], () => this.ops.binary(op, a, b, site) ?? opaque(`tensor ${op}`, site), site) : undefined;
    return layer ?? this.ops.binary(op, a, b, site);
  }

  getItem(obj: RValue, index: RValue, site: CallSite): RValue | undefined {
    if (obj.kind === 'tensor') return this.keras.opLayer('tf.__operators__.getitem', [obj], () => this.ops.index(obj, index, site), site) ?? this.ops.index(obj, index, site);
    // An nn.Parameter indexed is the tensor it holds, indexed (`self.pos_embedding[:, :n + 1]`).
    if (obj.kind === 'instance' && obj.parameter) return this.ops.index(this.ops.asTensor(obj) as TensorValue, index, site);
    const native = moduleNodeOf(obj)?.native;
    if (obj.kind === 'instance' && native && native !== 'module' && native !== 'layer') {
      const getitem = this.interp.lookupClassAttr(obj.cls, '__getitem__');
      if (getitem) return this.interp.call(this.interp.bindMethod(obj, getitem.value), [index], new Map(), site);
    }
    return undefined;
  }

  iterate(obj: RValue): RValue[] | undefined {
    const node = moduleNodeOf(obj);
    if (obj.kind === 'instance' && node) {
      const n = node.native;
      if (n === 'moduleDict') return [...node.children.keys()].map((k) => ({ kind: 'str', value: k }) as RValue);
      if (n === 'sequential' || n === 'moduleList') return this.nn.members(obj);
    }
    if (obj.kind === 'tensor' && obj.shape && obj.shape.length > 0 && obj.shape[0] <= 4096) {
      // A 1-D tensor of known values gives its values (`[x.item() for x in torch.linspace(0, rate, depth)]`).
      const data = obj.shape.length === 1 && obj.data?.length === obj.shape[0] ? obj.data : undefined;
      // A numpy array's elements are numbers to Python code (`for w, d in zip(widths, depths)`).
      if (data && obj.numpy) return data.map((x) => pyNumber(x, obj.dtype));
      // Each row draws from the set the whole does (a batch of level indices: each image's are levels too).
      const drawn = !data && obj.among ? { among: obj.among } : {};
      return Array.from({ length: obj.shape[0] }, (_, i) => ({ kind: 'tensor', shape: obj.shape!.slice(1), dtype: obj.dtype, ...(data ? { data: [data[i]] } : drawn) }) as RValue);
    }
    return undefined;
  }
}
