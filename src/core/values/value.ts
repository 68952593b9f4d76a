/**
 * Runtime values of the abstract interpreter that builds models from source. Python values it can follow
 * are modelled exactly; tensors are shapes; anything else is an `opaque` value that carries why and where.
 */
import type { CallExpr, ClassDef, FunctionDef, LambdaExpr, Span } from '../python/ast';
import type { Poly } from './symbolic';

/** Where something happened: a file and a span in it. */
export interface Origin {
  file: string;
  span: Span;
}

export type RValue =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'str'; value: string }
  | { kind: 'none' }
  | { kind: 'tuple'; items: RValue[]; fields?: string[] }
  | ListValue
  | DictValue
  | { kind: 'slice'; lower: RValue; upper: RValue; step: RValue }
  | FunctionValue
  | BuiltinValue
  | BoundMethod
  | ClassValue
  | InstanceValue
  | ModuleValue
  | TensorValue
  | { kind: 'partial'; func: RValue; args: RValue[]; kwargs: Map<string, RValue> }
  | LazyValue
  | OpaqueValue;

/**
 * A name imported from a workspace module that has not been loaded yet: loading waits until the value
 * is used, so `partial(ImageClassification, …)` in a weights table never loads the transforms package.
 */
export interface LazyValue {
  kind: 'lazy';
  module: string;
  /** The imported name; absent for the module itself. */
  name?: string;
}

/** A list; `set`: a set (or a dict's keys view), which this engine keeps as a list of distinct items. */
export interface ListValue { kind: 'list'; items: RValue[]; set?: true }
/** Dicts keep insertion order; keys are hashed by `hashKey`. */
/** `missing`: a defaultdict's factory, called for a key not there. */
export interface DictValue { kind: 'dict'; entries: Map<string, [RValue, RValue]>; missing?: RValue }

export interface FunctionValue {
  kind: 'function';
  name: string;
  def: FunctionDef | LambdaExpr;
  /** Defaults, evaluated where the function was defined (Python semantics). */
  defaults: Map<string, RValue>;
  closure: RScope;
  file: string;
  /** staticmethod / classmethod / property wrappers. */
  wrapper?: 'static' | 'class' | 'property';
  /** The class whose body defined it, for zero-argument super(). */
  ownerClass?: ClassValue;
  /** The function `@functools.wraps(f)` says this one wraps. */
  wraps?: RValue;
}

/** A function implemented by the interpreter (builtins, torch functions). */
export interface BuiltinValue {
  kind: 'builtin';
  name: string;
  call: (args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue;
}

export interface BoundMethod {
  kind: 'bound';
  self: RValue;
  func: RValue;
}

export interface ClassValue {
  kind: 'class';
  name: string;
  qualname: string;
  bases: ClassValue[];
  attrs: Map<string, RValue>;
  /** Set for torch.nn classes the interpreter implements itself (Module, Sequential, catalog layers). */
  native?: NativeClass;
  def?: ClassDef;
  file?: string;
  /** The dotted name of the module that defined it (`__module__`). */
  module?: string;
  /** Fields of a @dataclass or NamedTuple, in order, with defaults. */
  fields?: { name: string; default?: RValue }[];
  /** A base that is not a class we know (an import from outside, an undefined name): what super() reaches is unknown. */
  unknownBase?: string;
}

/** How a built-in torch.nn class behaves. */
export type NativeClass =
  | { kind: 'module' }
  | { kind: 'sequential' | 'moduleList' | 'moduleDict' }
  /** A layer of the catalog: which spec, the torch adapter keeps (eval/torchNn.ts). */
  | { kind: 'layer' }
  | { kind: 'parameter' }
  | { kind: 'object' }
  /** An object equal to another of its class when these attributes are (torch.device: its type and index). */
  | { kind: 'value'; fields: string[] };

export interface InstanceValue {
  kind: 'instance';
  cls: ClassValue;
  attrs: Map<string, RValue>;
  /** nn.Parameter: the shape of the tensor it holds. */
  /** An nn.Parameter: its shape, and for a layer's own weight or bias, the module that owns it (a tied weight is shared). */
  parameter?: { shape: number[] | null; owner?: object };
}

/** A Python module: a file of the workspace, or an outside module such as torch (opaque attributes). */
export interface ModuleValue {
  kind: 'module';
  name: string;
  /** Its global scope, for workspace modules; undefined for outside modules. */
  scope?: RScope;
  /** Attributes the interpreter implements (torch.nn, math, functools…). */
  attrs?: Map<string, RValue>;
}

export interface TensorValue {
  kind: 'tensor';
  /** Null when the shape is not known. */
  shape: number[] | null;
  dtype: string;
  /** Where the shape came from, for diagnostics. */
  origin?: Origin;
  /**
   * The values, for small tensors built from known numbers (torch.arange, torch.tensor([...])) that model
   * code computes widths with (RegNet). Row-major; float32 values are rounded as float32.
   */
  data?: number[];
  /** A numpy array (./numpyLib.ts): numpy's type rules, and its elements iterate as Python numbers. */
  numpy?: boolean;
  /**
   * Values not known one by one, but the set they are drawn from (sorted, distinct): a level index filled over 200k
   * anchors, class labels gathered by a mask. What torch.unique gives at its bound (tensorValues.ts amongOf).
   */
  among?: number[];
  /**
   * May be laid out in memory other than row-major (a transpose, a permute, an expand, a slice along an inner dim,
   * and what element-wise ops and clones make of those, as PyTorch keeps their strides): is_contiguous() is then
   * not known. Absent: a fresh tensor, row-major.
   */
  strided?: true;
}

/**
 * A value not known statically: why, and where it came from. An int known only symbolically (a probe's
 * parameter `planes`, and arithmetic on it such as `4·planes`) carries its formula in `sym`, so that figures
 * can still be written in it.
 */
export interface OpaqueValue {
  kind: 'opaque';
  reason: string;
  origin?: Origin;
  sym?: Poly;
  /** How it reads in a formula when it has no `sym`: the source text it came from (`self.inplanes`). */
  symbol?: string;
  /** A function of a library Layer Lens implements (torch, numpy) that it does not implement: `torch.nn.functional.grid_sample`. */
  unsupported?: string;
}

export interface CallSite {
  file: string;
  span: Span;
  /**
   * The call as written, with the value of each argument expression (`*xs` and `**kw` as the sequence or dict),
   * when the callee was called directly: a layer's arguments are then bound with their own spans.
   */
  call?: CallExpr;
  values?: RValue[];
}

export const NONE: RValue = { kind: 'none' };
export const TRUE: RValue = { kind: 'bool', value: true };
export const FALSE: RValue = { kind: 'bool', value: false };

export function int(value: number): RValue {
  return { kind: 'int', value };
}

export function str(value: string): RValue {
  return { kind: 'str', value };
}

export function bool(value: boolean): RValue {
  return value ? TRUE : FALSE;
}

export function opaque(reason: string, origin?: Origin): OpaqueValue {
  return { kind: 'opaque', reason, origin };
}

/** An int known as a formula (`4·planes`), or the number itself when the formula has no unknowns left. */
export function symbolic(sym: number | Poly, reason: string, origin?: Origin): RValue {
  return typeof sym === 'number' ? int(sym) : { kind: 'opaque', reason, origin, sym };
}

/** torch's named results (`torch.return_types.max`): a pair that is also `.values` and `.indices`. */
export function valuesIndices(values: RValue, indices: RValue): RValue {
  return { kind: 'tuple', items: [values, indices], fields: ['values', 'indices'] };
}

/** `...` as the interpreter reads it (an opaque value of that name). */
export const isEllipsis = (v: RValue) => v.kind === 'opaque' && v.reason === 'Ellipsis';

export function tuple(items: RValue[]): RValue {
  return { kind: 'tuple', items };
}

export function list(items: RValue[]): ListValue {
  return { kind: 'list', items };
}

export function newDict(pairs: [RValue, RValue][] = []): DictValue {
  const d: DictValue = { kind: 'dict', entries: new Map() };
  for (const [k, v] of pairs) d.entries.set(hashKey(k), [k, v]);
  return d;
}

/**
 * `obj.__dict__`: a dict whose entries are the instance's attributes themselves, so that
 * `self.__dict__.update(kwargs)` (config classes do it) sets them.
 */
export function attributeDict(attrs: Map<string, RValue>): DictValue {
  return { kind: 'dict', entries: new AttributeEntries(attrs) };
}

class AttributeEntries extends Map<string, [RValue, RValue]> {
  constructor(private readonly attrs: Map<string, RValue>) {
    super();
  }
  override get size(): number {
    return this.attrs.size;
  }
  override get(key: string): [RValue, RValue] | undefined {
    const v = key.startsWith('s:') ? this.attrs.get(key.slice(2)) : undefined;
    return v === undefined ? undefined : [str(key.slice(2)), v];
  }
  override has(key: string): boolean {
    return key.startsWith('s:') && this.attrs.has(key.slice(2));
  }
  override set(_key: string, entry: [RValue, RValue]): this {
    // Attribute names are strings; another key has no attribute to be.
    if (entry[0].kind === 'str') this.attrs.set(entry[0].value, entry[1]);
    return this;
  }
  override delete(key: string): boolean {
    return key.startsWith('s:') && this.attrs.delete(key.slice(2));
  }
  override clear(): void {
    this.attrs.clear();
  }
  override *entries(): MapIterator<[string, [RValue, RValue]]> {
    for (const [k, v] of this.attrs) yield [`s:${k}`, [str(k), v]];
  }
  override *keys(): MapIterator<string> {
    for (const k of this.attrs.keys()) yield `s:${k}`;
  }
  override *values(): MapIterator<[RValue, RValue]> {
    for (const [k, v] of this.attrs) yield [str(k), v];
  }
  override [Symbol.iterator](): MapIterator<[string, [RValue, RValue]]> {
    return this.entries();
  }
  override forEach(fn: (value: [RValue, RValue], key: string, map: Map<string, [RValue, RValue]>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}

const MAX_KEY_LEAVES = 10_000;
const leafCounts = new WeakMap<object, number>();

/** How many non-tuple items a tuple holds, all levels down; each shared tuple counted once (memoised), capped. */
function leaves(t: Extract<RValue, { kind: 'tuple' }>, depth: number): number {
  const known = leafCounts.get(t);
  if (known !== undefined) return known;
  // Nested past any real key: as good as too large (and never a deep recursion).
  if (depth > 100) return MAX_KEY_LEAVES + 1;
  let n = 0;
  for (const x of t.items) {
    n += x.kind === 'tuple' ? leaves(x, depth + 1) : 1;
    if (n > MAX_KEY_LEAVES) break;
  }
  leafCounts.set(t, n);
  return n;
}

/** A key for dict and set membership; identity for objects without value equality. */
let nextId = 1;
const ids = new WeakMap<object, number>();
export function hashKey(v: RValue): string {
  switch (v.kind) {
    case 'int':
    case 'float':
      return `n:${v.value}`;
    case 'bool':
      return `n:${v.value ? 1 : 0}`;
    case 'str':
      return `s:${v.value}`;
    case 'none':
      return 'none';
    case 'tuple':
      // A tuple of tuples shared many times (60 levels make 2^60 leaves) is keyed by identity past a size, never
      // spelled out: its key would not fit in memory.
      return leaves(v, 0) > MAX_KEY_LEAVES ? objectKey(v) : `t:(${v.items.map(hashKey).join(',')})`;
    default:
      return objectKey(v);
  }
}

function objectKey(v: object): string {
  let id = ids.get(v);
  if (id === undefined) ids.set(v, (id = nextId++));
  return `o:${id}`;
}

export function isNumber(v: RValue): v is { kind: 'int' | 'float' | 'bool'; value: number | boolean } & RValue {
  return v.kind === 'int' || v.kind === 'float' || v.kind === 'bool';
}

export function num(v: RValue): number {
  return v.kind === 'bool' ? Number(v.value) : (v as { value: number }).value;
}


/** Python's repr, for messages and argument displays. */
/**
 * Python's repr of a value. A container met again inside itself prints as Python prints it (`[...]`, `{...}`),
 * and past REPR_ITEMS items the rest is `…`: a list nested in itself a few dozen times would otherwise take as
 * long as its 2^n leaves.
 */
export function repr(v: RValue): string {
  return reprOf(v, { open: new Set(), left: REPR_ITEMS });
}

const REPR_ITEMS = 10_000;

function reprOf(v: RValue, state: { open: Set<RValue>; left: number }): string {
  if (--state.left < 0) return '…';
  const inner = (x: RValue) => reprOf(x, state);
  const container = (open: string, close: string, body: () => string) => {
    if (state.open.has(v)) return `${open}...${close}`;
    state.open.add(v);
    try {
      return `${open}${body()}${close}`;
    } finally {
      state.open.delete(v);
    }
  };
  switch (v.kind) {
    case 'int':
      return String(v.value);
    case 'float':
      return Number.isInteger(v.value) ? v.value.toFixed(1) : String(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'str':
      return `'${v.value}'`;
    case 'none':
      return 'None';
    case 'tuple':
      return container('(', ')', () => (v.items.length === 1 ? `${inner(v.items[0])},` : v.items.map(inner).join(', ')));
    case 'list':
      return container('[', ']', () => v.items.map(inner).join(', '));
    case 'dict':
      return container('{', '}', () => [...v.entries.values()].map(([k, x]) => `${inner(k)}: ${inner(x)}`).join(', '));
    case 'function':
      return `<function ${v.name}>`;
    case 'builtin':
      return `<built-in ${v.name}>`;
    case 'class':
      return `<class ${v.qualname}>`;
    case 'instance':
      return `<${v.cls.name} object>`;
    case 'module':
      return `<module ${v.name}>`;
    case 'tensor':
      return `Tensor(${v.shape ? v.shape.join('×') : '?'})`;
    case 'opaque':
      return '?';
    default:
      return `<${v.kind}>`;
  }
}

/** Python type name, for messages and isinstance. */
export function typeName(v: RValue): string {
  switch (v.kind) {
    case 'instance':
      return v.cls.name;
    case 'function':
    case 'builtin':
    case 'bound':
    case 'partial':
      return 'function';
    case 'tensor':
      return 'Tensor';
    case 'none':
      return 'NoneType';
    default:
      return v.kind;
  }
}

/** A builtin function value. */
export function builtin(name: string, call: BuiltinValue['call']): BuiltinValue {
  return { kind: 'builtin', name, call };
}

/** The file torch.nn's Python-written containers are said to be in (./torchPrelude.ts). */
export const TORCH_PRELUDE_FILE = '<torch.nn>';


export class RScope {
  private readonly vars = new Map<string, RValue>();

  constructor(readonly parent?: RScope, readonly kind: 'module' | 'class' | 'function' | 'builtins' = 'function') {}

  lookup(name: string): RValue | undefined {
    for (let s: RScope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
      // Names in a class body are not visible to the functions defined in it; skip class scopes
      // when looking up from a nested function (handled by creating function scopes over the class's parent).
    }
    return undefined;
  }

  get(name: string): RValue | undefined {
    return this.vars.get(name);
  }

  set(name: string, v: RValue): void {
    this.vars.set(name, v);
  }

  delete(name: string): void {
    this.vars.delete(name);
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  /** The bindings made here, as they are now (probing runs both branches of a condition from one state). */
  snapshot(): Map<string, RValue> {
    return new Map(this.vars);
  }

  restore(state: Map<string, RValue>): void {
    this.vars.clear();
    for (const [k, v] of state) this.vars.set(k, v);
  }

  entries(): IterableIterator<[string, RValue]> {
    return this.vars.entries();
  }

  /** The nearest scope that is not a class body: where a function defined here closes over. */
  closureScope(): RScope {
    let s: RScope = this;
    while (s.kind === 'class' && s.parent) s = s.parent;
    return s;
  }
}

/** A short description of a value for messages. */
export function describe(v: RValue): string {
  if (v.kind === 'opaque') return `a value not known statically (${v.reason})`;
  if (v.kind === 'tensor') return `a tensor of shape ${v.shape ? v.shape.join('×') : 'unknown'}`;
  return repr(v);
}
