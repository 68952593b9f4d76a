/**
 * Python builtins and the standard-library pieces model code uses (math, functools, dataclasses, typing,
 * collections, warnings, copy), implemented over runtime values.
 */
import { RScope } from '../values/value';
import { pyFixed, roundHalfEven } from './pyNumbers';
import type { Evaluator } from './evaluator';
import { PyRaise, capped } from './signals';
import { describe } from '../values/value';
import {
  type BuiltinValue, type CallSite, type ClassValue, type RValue, FALSE, NONE, TRUE, bool, builtin, hashKey, int, isEllipsis, isNumber, list, newDict, num,
  opaque, repr, str, tuple, typeName,
} from '../values/value';
import { truthy } from '../values/truth';
import { moduleNodeOf } from '../values/moduleTree';
import { urllibParseModule } from './urllibParse';
import { fnmatchModule } from './fnmatchLib';
import { mathModule } from './mathLib';
import { enumModule } from './enumLib';
import { operatorModule } from './operatorLib';
import { pyExtreme, pySorted } from './pyOrder';
import { pyRepr } from '../values/pyRepr';

type Impl = (args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue;

export { builtin };

/** A plain class value for builtin types and exceptions, usable with isinstance and except. */
export function plainClass(name: string, bases: ClassValue[] = []): ClassValue {
  return { kind: 'class', name, qualname: `builtins.${name}`, bases, attrs: new Map(), native: { kind: 'object' } };
}

const EXCEPTION_NAMES = ['ValueError', 'TypeError', 'KeyError', 'IndexError', 'AttributeError', 'ImportError', 'ModuleNotFoundError',
  'StopIteration', 'NotImplementedError', 'RuntimeError', 'AssertionError', 'ZeroDivisionError', 'OSError', 'UserWarning', 'DeprecationWarning'];

export function makeBuiltins(interp: Evaluator): RScope {
  const s = new RScope(undefined, 'builtins');
  const def = (name: string, call: Impl) => s.set(name, builtin(name, call));
  const need = (cond: boolean, site: CallSite, what: string): void => {
    if (!cond) throw new PyRaise(opaque('TypeError'), `TypeError: ${what}`, site);
  };
  const iter = (v: RValue, site: CallSite) => interp.iterate(v, site);

  const object = plainClass('object');
  s.set('object', object);
  const baseException = plainClass('BaseException');
  // An exception keeps its arguments (`e.args`), and its message is the first: what a finding that it raises says.
  baseException.attrs.set('__init__', builtin('method:BaseException.__init__', ([self, ...args]) => {
    if (self?.kind === 'instance') self.attrs.set('args', tuple(args));
    return NONE;
  }));
  const exception = plainClass('Exception', [baseException]);
  s.set('BaseException', baseException);
  s.set('Exception', exception);
  for (const n of EXCEPTION_NAMES) s.set(n, plainClass(n, [exception]));
  // type(x) of a builtin value, and isinstance against it (`type(None)` in torchvision's argument checks).
  for (const [n, k] of [['int', 'int'], ['float', 'float'], ['str', 'str'], ['bool', 'bool'], ['list', 'list'], ['tuple', 'tuple'], ['dict', 'dict'], ['NoneType', 'none']] as const) {
    const cls = plainClass(n);
    cls.attrs.set('__builtin_kind__', str(k));
    s.set(`__type_${n}`, cls);
  }

  def('chr', ([v], _k, site) => (v?.kind === 'int' && v.value >= 0 && v.value <= 0x10ffff ? str(String.fromCodePoint(v.value)) : opaque('chr()', site)));
  def('ord', ([v], _k, site) => (v?.kind === 'str' && [...v.value].length === 1 ? int(v.value.codePointAt(0)!) : opaque('ord()', site)));
  def('repr', ([v], _k, site) => (v && v.kind !== 'opaque' && v.kind !== 'tensor' ? str(pyRepr(v) ?? repr(v)) : opaque('repr()', site)));
  // map and filter give lists (Python's iterators, consumed once, read the same way in model code).
  def('map', ([f, ...seqs], _k, site) => {
    const lists = seqs.map((q) => interp.iterate(q, site));
    if (!f || !lists.length || lists.some((l) => !l)) return opaque('map()', site);
    const n = Math.min(...lists.map((l) => l!.length));
    return list(Array.from({ length: n }, (_, i) => interp.call(f, lists.map((l) => l![i]), new Map(), site)));
  });
  def('filter', ([f, q], _k, site) => {
    const items = q ? interp.iterate(q, site) : undefined;
    if (!items || !f) return opaque('filter()', site);
    const keep: RValue[] = [];
    for (const x of items) {
      const t = truthy(f.kind === 'none' ? x : interp.call(f, [x], new Map(), site));
      if (t === undefined) return opaque('filter() on values not known statically', site);
      if (t) keep.push(x);
    }
    return list(keep);
  });
  def('len', ([v], _k, site) => {
    if (v.kind === 'list' || v.kind === 'tuple') return int(v.items.length);
    if (v.kind === 'str') return int(v.value.length);
    if (v.kind === 'dict') return int(v.entries.size);
    // A tensor or array's first dimension, however long (its rows are not enumerated for it).
    if (v.kind === 'tensor' && v.shape?.length) return int(v.shape[0]);
    const items = iter(v, site);
    return items ? int(items.length) : opaque(`len() of ${describe(v)}`, site);
  });
  def('range', (args, _k, site) => {
    // A bound not known statically is not a type error: the range is simply not known.
    if (args.some((a) => a.kind === 'opaque' || a.kind === 'tensor')) return opaque('range() of a bound not known statically', site);
    need(args.every((a) => a.kind === 'int' || a.kind === 'bool'), site, `range() takes ints, not ${args.map(typeName).join(', ')}`);
    const n = args.map(num);
    const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
    need(step !== 0, site, 'range() arg 3 must not be zero');
    const count = Math.max(0, Math.ceil((stop - start) / step));
    if (count > 1_000_000) return opaque('range of more than a million items', site);
    capped(count, 'range()');
    return list(Array.from({ length: count }, (_, i) => int(start + i * step)));
  });
  def('enumerate', ([v, startV], kw, site) => {
    const items = iter(v, site);
    const start = startV ?? kw.get('start');
    const s0 = start && start.kind === 'int' ? start.value : 0;
    return items ? list(items.map((x, i) => tuple([int(s0 + i), x]))) : opaque(`enumerate over ${describe(v)}`, site);
  });
  def('zip', (args, _k, site) => {
    const seqs = args.map((a) => iter(a, site));
    if (seqs.some((q) => !q)) return opaque('zip over a value not known statically', site);
    const n = Math.min(...seqs.map((q) => q!.length));
    return list(Array.from({ length: n }, (_, i) => tuple(seqs.map((q) => q![i]))));
  });
  def('reversed', ([v], _k, site) => {
    const items = iter(v, site);
    return items ? list(items.reverse()) : opaque('reversed() of a value not known statically', site);
  });
  // Python's order, with key= and reverse= (./pyOrder.ts); the key function runs as Python runs it, once an item.
  const keysOf = (xs: RValue[], key: RValue | undefined, site: CallSite) => (key && key.kind !== 'none' ? xs.map((x) => interp.call(key, [x], new Map(), site)) : xs);
  def('sorted', ([v], kw, site) => {
    const items = iter(v, site);
    const reverse = kw.get('reverse');
    if (!items || (reverse && reverse.kind !== 'bool')) return opaque('sorted() of values not known statically', site);
    const out = pySorted(items, keysOf(items, kw.get('key'), site), reverse?.kind === 'bool' && reverse.value);
    return out ? list(out) : opaque('sorted() of values not known statically', site);
  });
  // min and max of an iterable or of their arguments: the first smallest or largest item itself, by key= when given.
  const extreme = (name: string, largest: boolean) =>
    def(name, (args, kw, site) => {
      const xs = args.length === 1 ? iter(args[0], site) : args;
      if (!xs) return opaque(`${name}() of values not known statically`, site);
      if (!xs.length) {
        const d = kw.get('default');
        if (d) return d;
        throw new PyRaise(opaque('ValueError'), `ValueError: ${name}() arg is an empty sequence`, site);
      }
      const i = pyExtreme(keysOf(xs, kw.get('key'), site), largest);
      return i === undefined ? opaque(`${name}() of values not known statically`, site) : xs[i];
    });
  extreme('min', false);
  extreme('max', true);
  // sum(iterable, start=0) adds as `+` does: numbers, and tensors too (`sum(m(x) for m in branches)`).
  def('sum', ([items, start], kw, site) => {
    const xs = items && iter(items, site);
    if (!xs) return opaque('sum() of values not known statically', site);
    return xs.reduce((acc, x) => interp.binary('+', acc, x, site), start ?? kw.get('start') ?? int(0));
  });
  def('abs', ([v], _k, site) => (isNumber(v) ? (v.kind === 'float' ? { kind: 'float', value: Math.abs(v.value) } : int(Math.abs(num(v)))) : opaque('abs()', site)));
  def('round', ([v, nd], _k, site) => {
    if (!isNumber(v)) return opaque('round() of a value not known statically', site);
    if (!nd || nd.kind === 'none') return int(roundHalfEven(num(v)));
    if (nd.kind !== 'int') return opaque('round() with ndigits not known statically', site);
    // With ndigits an int stays an int (round(7, 2) == 7, round(25, -1) == 20) and a float a float, ties to even.
    if (v.kind !== 'float') return nd.value >= 0 ? int(num(v)) : int(roundHalfEven(num(v) / 10 ** -nd.value) * 10 ** -nd.value);
    const text = nd.value >= 0 ? pyFixed(v.value, Math.min(nd.value, 100)) : undefined;
    return text === undefined ? opaque('round() of a float to tens, hundreds…', site) : { kind: 'float', value: Number(text) };
  });
  // int(t) and float(t) of a one-element tensor: its value when known (`int(depths[-1])`); PyTorch refuses more elements.
  const scalar = (v: RValue, site: CallSite, name: string): number | undefined => {
    if (v.kind !== 'tensor') return undefined;
    const n = v.shape ? v.shape.reduce((a, b) => a * b, 1) : undefined;
    if (n !== undefined && n !== 1) throw new PyRaise(opaque('ValueError'), `ValueError: only one element tensors can be converted to Python scalars (${name}() of ${n} elements)`, site);
    return v.data?.length === 1 ? v.data[0] : undefined;
  };
  def('int', ([v], _k, site) => {
    if (!v) return int(0);
    if (isNumber(v)) return int(Math.trunc(num(v)));
    const x = scalar(v, site, 'int');
    if (x !== undefined) return int(Math.trunc(x));
    if (v.kind === 'str' && /^\s*[-+]?\d+\s*$/.test(v.value)) return int(parseInt(v.value, 10));
    return opaque(`int() of ${describe(v)}`, site);
  });
  def('float', ([v], _k, site) => {
    if (!v) return { kind: 'float', value: 0 };
    if (isNumber(v)) return { kind: 'float', value: num(v) };
    const x = scalar(v, site, 'float');
    if (x !== undefined) return { kind: 'float', value: x };
    if (v.kind === 'str' && !Number.isNaN(Number(v.value))) return { kind: 'float', value: Number(v.value) };
    return opaque(`float() of ${describe(v)}`, site);
  });
  def('bool', ([v], _k, site) => {
    const t = v ? truthy(v) : false;
    return t === undefined ? opaque('bool() of a value not known statically', site) : bool(t);
  });
  // str() of a str is itself; of anything with an exact Python text (numbers, None, containers of those), that text.
  def('str', ([v], _k, site) => {
    if (!v) return str('');
    if (v.kind === 'str') return v;
    // An object whose class says how it reads (__str__, else __repr__): what that gives.
    const own = v.kind === 'instance' ? interp.lookupClassAttr(v.cls, '__str__') ?? interp.lookupClassAttr(v.cls, '__repr__') : undefined;
    if (own && v.kind === 'instance') return interp.call(interp.bindMethod(v, own.value), [], new Map(), site);
    const text = pyRepr(v);
    return text !== undefined ? str(text) : opaque('str()', site);
  });
  def('list', ([v], _k, site) => {
    if (!v) return list([]);
    const items = iter(v, site);
    return items ? list(items) : opaque(`list() of ${describe(v)}`, site);
  });
  def('tuple', ([v], _k, site) => {
    if (!v) return tuple([]);
    const items = iter(v, site);
    return items ? tuple(items) : opaque(`tuple() of ${describe(v)}`, site);
  });
  def('set', ([v], _k, site) => {
    if (!v) return { kind: 'list', items: [], set: true };
    const items = iter(v, site);
    if (!items) return opaque('set()', site);
    const seen = new Map<string, RValue>();
    for (const x of items) seen.set(hashKey(x), x);
    return { kind: 'list', items: [...seen.values()], set: true };
  });
  // frozenset as set: a list of the distinct items (what the code does with it is iterate and test membership).
  def('frozenset', (args, kwargs, site) => (s.get('set') as BuiltinValue).call(args, kwargs, site));
  // pow(a, b) is a ** b (tensors included); pow(a, b, m) of ints, the remainder.
  def('pow', ([a, b, m], _k, site) => {
    if (!a || !b) return opaque('pow() with fewer than two arguments', site);
    if (!m || m.kind === 'none') return interp.binary('**', a, b, site);
    if (a.kind === 'int' && b.kind === 'int' && m.kind === 'int' && b.value >= 0 && m.value !== 0) {
      let r = 1n;
      const mod = BigInt(m.value);
      for (let base = BigInt(a.value) % mod, e = BigInt(b.value); e > 0n; e >>= 1n, base = (base * base) % mod) if (e & 1n) r = (r * base) % mod;
      return int(Number(((r % mod) + mod) % mod));
    }
    return opaque('pow() with a modulus, of values not known statically', site);
  });
  const radix = (name: string, base: number, prefix: string) => def(name, ([v], _k, site) => (v?.kind === 'int' ? str(`${v.value < 0 ? '-' : ''}${prefix}${Math.abs(v.value).toString(base)}`) : opaque(`${name}() of a value not known statically`, site)));
  radix('bin', 2, '0b');
  radix('oct', 8, '0o');
  radix('hex', 16, '0x');
  def('ascii', ([v], kwargs, site) => (s.get('repr') as BuiltinValue).call(v ? [v] : [], kwargs, site));
  // Called by name, eval and exec are the interpreter's (they read the frame); called any other way, not known.
  def('eval', (_a, _k, site) => opaque('eval() called indirectly', site));
  def('exec', (_a, _k, site) => opaque('exec() called indirectly', site));
  // What depends on the process (hash seeds, ids, the variables of a module by name) or reads from outside it.
  for (const [name, why] of [['hash', 'a hash depends on the process'], ['vars', 'vars() is not evaluated'], ['globals', 'globals() called indirectly'],
    ['format', 'format() is not evaluated'], ['open', 'files are not read'], ['input', 'input is not read'], ['complex', 'Python complex numbers are not evaluated'],
    ['bytes', 'bytes are not evaluated'], ['bytearray', 'bytes are not evaluated'], ['memoryview', 'bytes are not evaluated']] as const) {
    def(name, (_a, _k, site) => opaque(why, site));
  }
  // Called by name, locals() is the interpreter's (it reads the frame); called any other way, it is not known.
  def('locals', (_a, _k, site) => opaque('locals() called indirectly', site));
  def('dict', (args, kw, site) => {
    const d = newDict();
    if (args[0]) {
      if (args[0].kind === 'dict') for (const [k, kv] of args[0].entries) d.entries.set(k, kv);
      else {
        const items = iter(args[0], site);
        if (!items) return opaque('dict() of a value not known statically', site);
        for (const it of items) {
          const pair = iter(it, site);
          if (pair && pair.length === 2) d.entries.set(hashKey(pair[0]), [pair[0], pair[1]]);
        }
      }
    }
    for (const [k, v] of kw) d.entries.set(hashKey(str(k)), [str(k), v]);
    return d;
  });
  def('any', ([v], _k, site) => {
    const items = iter(v, site);
    if (!items) return opaque('any()', site);
    const ts = items.map(truthy);
    return ts.some((t) => t === true) ? TRUE : ts.some((t) => t === undefined) ? opaque('any() of values not known statically', site) : FALSE;
  });
  def('all', ([v], _k, site) => {
    const items = iter(v, site);
    if (!items) return opaque('all()', site);
    const ts = items.map(truthy);
    return ts.some((t) => t === false) ? FALSE : ts.some((t) => t === undefined) ? opaque('all() of values not known statically', site) : TRUE;
  });
  // Of a value not known, whether it is an instance is not known either (never a guessed False).
  def('isinstance', ([v, cls], _k, site) => {
    const value = interp.deref(v);
    if (value.kind === 'opaque' && !isEllipsis(value)) return opaque(`isinstance() of ${describe(value)}`, site);
    // Against a type not known (a name from a package not read), the answer is not known either, never False.
    const types = interp.deref(cls);
    const parts = types.kind === 'tuple' ? types.items.map((t) => interp.deref(t)) : [types];
    if (isInstance(interp, value, types)) return bool(true);
    return parts.some((t) => t.kind === 'opaque') ? opaque(`isinstance() against ${describe(parts.find((t) => t.kind === 'opaque')!)}`, site) : bool(false);
  });
  def('issubclass', ([a, b]) => bool(a.kind === 'class' && b.kind === 'class' && interp.isSubclass(a, b)));
  def('callable', ([v]) => bool(['function', 'builtin', 'bound', 'class', 'partial'].includes(v.kind) || (v.kind === 'instance' && !!moduleNodeOf(v))));
  def('getattr', ([o, n, d], _k, site) => {
    if (n.kind !== 'str') return opaque('getattr() with a name not known statically', site);
    const v = attributeOrMissing(o, n.value, site);
    if (v === MISSING) {
      if (d !== undefined) return d;
      throw new PyRaise(opaque('AttributeError'), `AttributeError: '${o.kind === 'instance' ? o.cls.name : typeName(o)}' object has no attribute '${n.value}'`, site);
    }
    return v.kind === 'opaque' && d !== undefined ? d : v;
  });
  def('setattr', ([o, n, v], _k, site) => {
    if (n.kind === 'str') interp.setAttr(o, n.value, v, site);
    else if (v?.kind === 'instance' && moduleNodeOf(v)) interp.report.diagnostic('warning', `setattr() with a name not known statically (${describe(n)}): the module is left out`, site, 'unknown-module');
    return NONE;
  });
  def('hasattr', ([o, n], _k, site) => {
    if (n.kind !== 'str') return opaque('hasattr()', site);
    if (o.kind === 'instance' && (o.attrs.has(n.value) || interp.lookupClassAttr(o.cls, n.value))) return TRUE;
    const v = attributeOrMissing(o, n.value, site);
    return bool(v !== MISSING && v.kind !== 'opaque');
  });
  /** An attribute, or MISSING where Python raises AttributeError for it. */
  const attributeOrMissing = (o: RValue, name: string, site: CallSite): RValue | typeof MISSING => {
    try {
      return interp.getAttr(o, name, site);
    } catch (e) {
      if (e instanceof PyRaise && e.message.startsWith('AttributeError')) return MISSING;
      throw e;
    }
  };
  def('type', ([v]) => (v.kind === 'instance' ? v.cls : (s.get(`__type_${typeName(v)}`) ?? opaque('type()'))));
  def('id', ([v]) => str(hashKey(v)));
  // dir(module): the names it has (timm: `'silu' in dir(torch.nn.functional)` picks nn.SiLU over its own Swish).
  def('dir', ([v], _k, site) => {
    const o = v && interp.deref(v);
    let names: string[] | undefined;
    if (o?.kind === 'module') names = o.attrs ? [...o.attrs.keys()] : o.scope ? [...o.scope.entries()].map(([k]) => k) : undefined;
    else if (o?.kind === 'instance') names = [...o.attrs.keys(), ...interp.mro(o.cls).flatMap((c) => [...c.attrs.keys()])];
    else if (o?.kind === 'class') names = interp.mro(o).flatMap((c) => [...c.attrs.keys()]);
    return names ? list([...new Set(names)].sort().map(str)) : opaque('dir() of a value not known statically', site);
  });
  // print() writes nowhere: the analysis has no output of its own.
  def('print', () => NONE);
  def('iter', ([v], _k, site) => {
    const items = iter(v, site);
    return items ? list(items) : opaque('iter()', site);
  });
  def('next', ([v, d], _k, site) => {
    if (v.kind === 'list') {
      if (v.items.length) return v.items.shift()!;
      if (d) return d;
      throw new PyRaise(opaque('StopIteration'), 'StopIteration', site);
    }
    return opaque('next() of a value not known statically', site);
  });
  def('divmod', ([a, b], _k, site) => (isNumber(a) && isNumber(b) && num(b) !== 0 ? tuple([int(Math.floor(num(a) / num(b))), int(num(a) - num(b) * Math.floor(num(a) / num(b)))]) : opaque('divmod()', site)));
  def('slice', (args) => ({ kind: 'slice', lower: args.length > 1 ? args[0] : NONE, upper: args.length > 1 ? args[1] : args[0] ?? NONE, step: args[2] ?? NONE }));
  // super(Cls, obj): the zero-argument form's proxy, with the class and object given.
  def('super', ([cls, self], _k, site) => {
    const c = cls && interp.deref(cls);
    if (c?.kind !== 'class' || !self) return opaque('super() with arguments not known statically', site);
    return interp.superProxy(c, self);
  });
  def('delattr', ([o, n]) => {
    if (o && n?.kind === 'str') interp.delAttr(o, n.value);
    return NONE;
  });
  def('NotImplemented', () => NONE);
  s.set('__name__', str('__layer_lens__'));
  // Decorators the interpreter understands.
  s.set('staticmethod', wrapperDecorator('static'));
  s.set('classmethod', wrapperDecorator('class'));
  s.set('property', wrapperDecorator('property'));
  return s;
}

function wrapperDecorator(kind: 'static' | 'class' | 'property'): BuiltinValue {
  return builtin(`decorator:${kind}`, ([f]) => (f?.kind === 'function' ? { ...f, wrapper: kind } : f));
}

const BUILTIN_TYPES: Record<string, (v: RValue) => boolean> = {
  int: (v) => v.kind === 'int' || v.kind === 'bool',
  float: (v) => v.kind === 'float',
  str: (v) => v.kind === 'str',
  bool: (v) => v.kind === 'bool',
  list: (v) => v.kind === 'list',
  tuple: (v) => v.kind === 'tuple',
  dict: (v) => v.kind === 'dict',
  set: (v) => v.kind === 'list',
  type: (v) => v.kind === 'class',
  'functools.partial': (v) => v.kind === 'partial',
};

const MISSING = Symbol('missing attribute');

function isInstance(interp: Evaluator, v: RValue, cls: RValue): boolean {
  if (cls.kind === 'tuple') return cls.items.some((c) => isInstance(interp, v, c));
  // int, float, str… are builtins the interpreter calls; isinstance still takes them as types.
  if (cls.kind === 'builtin' && Object.hasOwn(BUILTIN_TYPES, cls.name)) return BUILTIN_TYPES[cls.name](v);
  if (cls.kind !== 'class') return false;
  const abc = cls.attrs.get('__abc__');
  if (abc && abc.kind === 'str') {
    if (abc.value === 'Mapping') return v.kind === 'dict';
    if (abc.value === 'Callable') return ['function', 'builtin', 'bound', 'class', 'partial'].includes(v.kind);
    if (abc.value === 'Function') return v.kind === 'function' || v.kind === 'builtin';
    return v.kind === 'list' || v.kind === 'tuple' || (abc.value === 'Iterable' && v.kind === 'dict');
  }
  const kind = cls.attrs.get('__builtin_kind__');
  if (kind && kind.kind === 'str') {
    if (kind.value === 'int') return v.kind === 'int' || v.kind === 'bool';
    if (kind.value === 'float') return v.kind === 'float';
    return v.kind === kind.value;
  }
  if (v.kind === 'instance') return interp.isSubclass(v.cls, cls);
  if (v.kind === 'tensor') return cls.name === 'Tensor';
  return false;
}

/** Standard-library modules model code imports, with what the interpreter implements of them. */
export function stdlibModules(interp: Evaluator, builtins: RScope): Map<string, Map<string, RValue>> {
  const m = new Map<string, Map<string, RValue>>();
  const b = (name: string, call: Impl) => builtin(name, call);
  m.set('math', mathModule(interp));
  const partial = b('functools.partial', ([f, ...args], kwargs) => ({ kind: 'partial', func: f, args, kwargs: new Map(kwargs) }));
  m.set('functools', new Map<string, RValue>([
    ['partial', partial],
    ['wraps', b('functools.wraps', ([wrapped]) => builtin('decorator:wraps', ([f]) => (f?.kind === 'function' && wrapped ? { ...f, wraps: wrapped } : f)))],
    ['reduce', b('functools.reduce', ([f, seq, init], _k, site) => {
      const items = interp.iterate(seq, site);
      if (!items) return opaque('functools.reduce()', site);
      let acc = init ?? items.shift() ?? NONE;
      for (const x of items) acc = interp.call(f, [acc, x], new Map(), site);
      return acc;
    })],
    ['lru_cache', b('functools.lru_cache', ([f]) => (f && f.kind === 'function' ? f : builtin('decorator:lru_cache', ([g]) => g)))],
    ['cache', builtin('decorator:cache', ([g]) => g)],
  ]));
  const dataclass = builtin('decorator:dataclass', ([c]) => c);
  const fieldClass = plainClass('field');
  m.set('dataclasses', new Map<string, RValue>([
    ['dataclass', b('dataclasses.dataclass', (args) => (args.length ? dataclass.call(args, new Map(), { file: '', span: { from: 0, to: 0 } }) : dataclass))],
    ['field', b('dataclasses.field', (_a, kw) => kw.get('default') ?? (kw.has('default_factory') ? { kind: 'instance', cls: fieldClass, attrs: new Map([['default_factory', kw.get('default_factory')!]]) } : opaque('a dataclass field without a default')))],
    ['replace', b('dataclasses.replace', ([obj], kw, site) => replaced(obj, kw, site))],
    ['asdict', b('dataclasses.asdict', ([obj], _k, site) => recordDict(obj, site))],
    ['astuple', b('dataclasses.astuple', ([obj], _k, site) => {
      const d = recordDict(obj, site);
      return d.kind === 'dict' ? tuple([...d.entries.values()].map(([, v]) => v)) : d;
    })],
    ['is_dataclass', b('dataclasses.is_dataclass', ([obj]) => bool(!!recordFields(obj)))],
  ]));
  const functionType = plainClass('FunctionType');
  functionType.attrs.set('__abc__', str('Function'));
  m.set('types', new Map<string, RValue>([['FunctionType', functionType], ['LambdaType', functionType], ['MethodType', functionType], ['BuiltinFunctionType', functionType]]));
  // Fix: @dataclass without parentheses is the decorator itself.
  m.get('dataclasses')!.set('dataclass', dataclass);
  const namedTuple = plainClass('NamedTuple');
  addRecordMethods(namedTuple);
  m.set('typing', new Map<string, RValue>([
    ['NamedTuple', namedTuple],
    ['cast', b('typing.cast', ([, v]) => v ?? NONE)],
  ]));
  const abcClass = (name: string) => {
    const c = plainClass(name);
    c.attrs.set('__abc__', str(name));
    return c;
  };
  const abc = new Map<string, RValue>(['Sequence', 'Iterable', 'Mapping', 'Callable'].map((n) => [n, abcClass(n)]));
  m.set('collections.abc', abc);
  for (const [k, v] of abc) m.get('typing')!.set(k, v);
  // typing's generic aliases of collections' classes call the class (`typing.OrderedDict([...])` in torchvision's MaxViT).
  const typingAliases = [['OrderedDict', 'OrderedDict'], ['DefaultDict', 'defaultdict'], ['Deque', 'deque']] as const;
  m.set('itertools', itertoolsModule(interp));
  m.set('collections', new Map<string, RValue>([
    ['OrderedDict', builtins.get('dict')!],
    ['defaultdict', b('collections.defaultdict', ([factory, init]) => {
      const d = newDict(init?.kind === 'dict' ? [...init.entries.values()] : []);
      if (factory && factory.kind !== 'none') d.missing = factory;
      return d;
    })],
    // A deque is a list here: appendleft and popleft are list methods too.
    ['deque', b('collections.deque', ([items], _k, site) => list(items ? interp.iterate(items, site) ?? [] : []))],
    ['namedtuple', b('collections.namedtuple', ([name, fieldNames], kwargs, site) => {
      // field_names: a list of names, or one string of them separated by commas or spaces
      const names = fieldNames?.kind === 'str' ? fieldNames.value.split(/[\s,]+/).filter(Boolean)
        : (fieldNames && interp.iterate(fieldNames, site))?.map((v) => (v.kind === 'str' ? v.value : '')) ?? [];
      if (name?.kind !== 'str' || !names.length || names.some((n) => !n)) return opaque('namedtuple() with fields not known statically', site);
      // defaults apply to the rightmost fields
      const defaults = kwargs.get('defaults');
      const given = defaults && defaults.kind !== 'none' ? interp.iterate(defaults, site) ?? [] : [];
      const cls = plainClass(name.value, [namedTuple]);
      cls.fields = names.map((n, i) => ({ name: n, default: given[i - (names.length - given.length)] }));
      cls.attrs.set('_fields', tuple(names.map(str)));
      return cls;
    })],
  ]));
  for (const [alias, name] of typingAliases) m.get('typing')!.set(alias, m.get('collections')!.get(name)!);
  // typing's names of the builtin containers are those types to isinstance (`isinstance(shape, Tuple)`).
  for (const [alias, name] of [['Tuple', 'tuple'], ['List', 'list'], ['Dict', 'dict'], ['Set', 'set'], ['FrozenSet', 'frozenset'], ['Type', 'type']] as const) {
    const type = builtins.get(name);
    if (type) m.get('typing')!.set(alias, type);
  }
  m.set('operator', operatorModule(interp));
  m.set('warnings', new Map<string, RValue>([['warn', b('warnings.warn', () => NONE)]]));
  m.set('copy', new Map<string, RValue>([
    ['deepcopy', b('copy.deepcopy', ([v]) => v)],
    ['copy', b('copy.copy', ([v]) => (v.kind === 'list' ? list(v.items.slice()) : v))],
  ]));
  m.set('re', reModule(interp));
  m.set('urllib.parse', urllibParseModule(interp, m.get('collections')!.get('namedtuple')!));
  m.set('fnmatch', fnmatchModule(interp));
  m.set('enum', enumModule());
  return m;
}

/**
 * `re` as config parsers use it: split, match, search, fullmatch, findall, sub and compile, on patterns that
 * JavaScript's regular expressions read the same way once Python's named groups are spelled as theirs.
 */
function reModule(interp: Evaluator): Map<string, RValue> {
  const flagValue = { I: 2, IGNORECASE: 2, M: 8, MULTILINE: 8, S: 16, DOTALL: 16, X: 64, VERBOSE: 64, A: 256, ASCII: 256 } as const;
  const regex = (pattern: RValue | undefined, flags: RValue | undefined, extra = ''): RegExp | undefined => {
    const source = pattern?.kind === 'str' ? pattern.value : pattern?.kind === 'instance' && pattern.attrs.get('pattern')?.kind === 'str' ? (pattern.attrs.get('pattern') as { value: string }).value : undefined;
    if (source === undefined) return undefined;
    const f = flags?.kind === 'int' ? flags.value : 0;
    const js = (f & 64 ? unverbose(source) : source).replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>').replace(/\\A/g, '^').replace(/\\Z/g, '$');
    try {
      return new RegExp(js, `${f & 2 ? 'i' : ''}${f & 8 ? 'm' : ''}${f & 16 ? 's' : ''}${extra}`);
    } catch {
      return undefined;
    }
  };
  const text = (v: RValue | undefined) => (v?.kind === 'str' ? v.value : undefined);
  const matchObject = (m: RegExpExecArray): RValue => {
    const group = (g: RValue | undefined): RValue => {
      const v = g === undefined ? m[0] : g.kind === 'int' ? m[g.value] : g.kind === 'str' ? m.groups?.[g.value] : undefined;
      return v === undefined ? NONE : str(v);
    };
    const attrs = new Map<string, RValue>([
      ['group', builtin('Match.group', (args) => (args.length > 1 ? tuple(args.map(group)) : group(args[0])))],
      ['groups', builtin('Match.groups', () => tuple(m.slice(1).map((x) => (x === undefined ? NONE : str(x)))))],
      ['start', builtin('Match.start', () => int(m.index))],
      ['end', builtin('Match.end', () => int(m.index + m[0].length))],
    ]);
    return { kind: 'instance', cls: MATCH, attrs };
  };
  type Op = (re: RegExp, s: string, rest: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue;
  const ops: Record<string, Op> = {
    match: (re, s) => {
      const sticky = new RegExp(re.source, `${re.flags}y`);
      const m = sticky.exec(s);
      return m ? matchObject(m) : NONE;
    },
    search: (re, s) => {
      const m = re.exec(s);
      return m ? matchObject(m) : NONE;
    },
    fullmatch: (re, s) => {
      const m = new RegExp(`^(?:${re.source})$`, re.flags).exec(s);
      return m ? matchObject(m) : NONE;
    },
    findall: (re, s) => list([...s.matchAll(new RegExp(re.source, `${re.flags}g`))].map((m) => (m.length === 1 ? str(m[0]) : m.length === 2 ? str(m[1] ?? '') : tuple(m.slice(1).map((x) => str(x ?? '')))))),
    split: (re, s, [max], kwargs) => {
      const limit = (max ?? kwargs.get('maxsplit'))?.kind === 'int' ? ((max ?? kwargs.get('maxsplit')) as { value: number }).value : 0;
      const out: RValue[] = [];
      let at = 0;
      let cuts = 0;
      for (const m of s.matchAll(new RegExp(re.source, `${re.flags}g`))) {
        if (limit > 0 && cuts >= limit) break;
        if (m[0] === '' && m.index === at) continue;
        out.push(str(s.slice(at, m.index)), ...m.slice(1).map((g) => (g === undefined ? NONE : str(g))));
        at = m.index + m[0].length;
        cuts++;
      }
      out.push(str(s.slice(at)));
      return list(out);
    },
    sub: (re, s, [repl, count], _k, site) => {
      let left = count?.kind === 'int' && count.value > 0 ? count.value : Infinity;
      const g = new RegExp(re.source, `${re.flags}g`);
      let failed = false;
      const out = s.replace(g, (...a: unknown[]) => {
        const m = a.slice(0, -2).filter((x) => typeof x === 'string' || x === undefined) as (string | undefined)[];
        if (left-- <= 0) return m[0]!;
        if (repl?.kind === 'str') return repl.value.replace(/\\(\d+)|\\g<(\w+)>/g, (_all, n: string, name: string) => m[Number(n ?? name)] ?? '');
        const r = repl ? interp.call(repl, [matchObject(Object.assign([...m] as string[], { index: 0, input: s }) as unknown as RegExpExecArray)], new Map(), site) : undefined;
        if (r?.kind !== 'str') failed = true;
        return r?.kind === 'str' ? r.value : '';
      });
      return failed ? opaque('re.sub() with a replacement not known statically', site) : str(out);
    },
  };
  const out = new Map<string, RValue>();
  for (const [name, op] of Object.entries(ops)) {
    // re.split(pattern, string, …); a compiled pattern's p.split(string, …).
    const argsAt = name === 'sub' ? 2 : 1;
    out.set(name, builtin(`re.${name}`, (args, kwargs, site) => {
      const re = regex(args[0], kwargs.get('flags') ?? (name === 'sub' ? args[4] : name === 'split' ? args[3] : args[2]));
      const s = text(name === 'sub' ? args[2] : args[1]);
      if (!re || s === undefined) return opaque(`re.${name}() on a pattern or string not known statically`, site);
      return op(re, s, name === 'sub' ? [args[1], args[3]] : args.slice(argsAt + 1), kwargs, site);
    }));
  }
  out.set('compile', builtin('re.compile', ([pattern, flags], _k, site) => {
    const re = regex(pattern, flags);
    if (!re) return opaque('re.compile() of a pattern not known statically', site);
    const attrs = new Map<string, RValue>([['pattern', pattern]]);
    for (const [name, op] of Object.entries(ops)) {
      attrs.set(name, builtin(`Pattern.${name}`, (args, kwargs, s2) => {
        const s = text(name === 'sub' ? args[1] : args[0]);
        return s === undefined ? opaque(`Pattern.${name}() on a string not known statically`, s2) : op(re, s, name === 'sub' ? [args[0], args[2]] : args.slice(1), kwargs, s2);
      }));
    }
    return { kind: 'instance', cls: PATTERN, attrs };
  }));
  for (const [k, v] of Object.entries(flagValue)) out.set(k, int(v));
  return out;
}

/**
 * A re.VERBOSE pattern as a plain one: whitespace and `#` comments dropped, except escaped or inside a character
 * class (packaging's VERSION_PATTERN, which numpy-era libraries check versions with, is written so).
 */
function unverbose(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i + 1 < source.length && source[i + 1] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

const MATCH = plainClass('Match');
const PATTERN = plainClass('Pattern');

/** A record (dataclass, namedtuple) with some fields changed, as dataclasses.replace and _replace make it. */
function replaced(obj: RValue | undefined, changes: Map<string, RValue>, site: CallSite): RValue {
  if (obj?.kind !== 'instance' || !obj.cls.fields && !obj.cls.bases.some((b) => b.fields)) return opaque('replace() of a value that is not a known record', site);
  return { ...obj, attrs: new Map([...obj.attrs, ...changes]) };
}

/**
 * itertools, finite uses only (as lists): repeat(x, n), chain, product, accumulate, islice,
 * combinations. An endless one (repeat(x), count()) is not known.
 */
function itertoolsModule(interp: Evaluator): Map<string, RValue> {
  const items = (v: RValue | undefined, site: CallSite) => (v ? interp.iterate(v, site) : undefined);
  const m = new Map<string, RValue>();
  const def = (name: string, f: Impl) => m.set(name, builtin(`itertools.${name}`, f));
  def('repeat', ([x, n], kw, site) => {
    const times = n ?? kw.get('times');
    if (times?.kind !== 'int') return opaque('itertools.repeat() without a count', site);
    capped(times.value, 'itertools.repeat()');
    return list(Array.from({ length: Math.max(0, times.value) }, () => x));
  });
  const chain = (its: RValue[], site: CallSite) => {
    const parts = its.map((it) => items(it, site));
    return parts.every((p): p is RValue[] => !!p) ? list(parts.flat()) : opaque('itertools.chain() of values not known statically', site);
  };
  def('chain', (args, _k, site) => chain(args, site));
  def('product', (args, kw, site) => {
    const pools = args.map((a) => items(a, site));
    if (!pools.every((p): p is RValue[] => !!p)) return opaque('itertools.product() of values not known statically', site);
    const times = kw.get('repeat')?.kind === 'int' ? (kw.get('repeat') as { value: number }).value : 1;
    let out: RValue[][] = [[]];
    for (let r = 0; r < times; r++) for (const pool of pools) out = out.flatMap((prefix) => (capped(out.length * pool.length, 'itertools.product()'), pool.map((x) => [...prefix, x])));
    return list(out.map(tuple));
  });
  def('accumulate', ([it], _k, site) => {
    const xs = items(it, site);
    if (!xs) return opaque('itertools.accumulate() of values not known statically', site);
    const out: RValue[] = [];
    for (const x of xs) out.push(out.length ? interp.binary('+', out[out.length - 1], x, site) : x);
    return list(out);
  });
  def('islice', ([it, a, b, c], _k, site) => {
    const xs = items(it, site);
    const n = (v: RValue | undefined, d: number) => (v === undefined || v.kind === 'none' ? d : v.kind === 'int' ? v.value : NaN);
    const [start, stop, step] = b === undefined ? [0, n(a, Infinity), 1] : [n(a, 0), n(b, Infinity), n(c, 1)];
    if (!xs || [start, stop, step].some(Number.isNaN)) return opaque('itertools.islice() not known statically', site);
    return list(xs.slice(start, stop).filter((_x, i) => i % step === 0));
  });
  def('combinations', ([it, r], _k, site) => {
    const xs = items(it, site);
    if (!xs || r?.kind !== 'int') return opaque('itertools.combinations() not known statically', site);
    const out: RValue[] = [];
    const pick = (from: number, chosen: RValue[]) => {
      if (chosen.length === r.value) return void out.push(tuple(chosen));
      for (let i = from; i < xs.length; i++) (capped(out.length, 'itertools.combinations()'), pick(i + 1, [...chosen, xs[i]]));
    };
    pick(0, []);
    return list(out);
  });
  return m;
}

/** A record's fields (a dataclass's or a NamedTuple's), along its classes; undefined for anything else. */
function recordFields(obj: RValue | undefined): string[] | undefined {
  if (obj?.kind !== 'instance') return undefined;
  const withFields = [obj.cls, ...obj.cls.bases].find((c) => c.fields);
  return withFields?.fields?.map((f) => f.name);
}

/** dataclasses.asdict: the fields by name, records inside records as dicts too. */
function recordDict(obj: RValue | undefined, site: CallSite): RValue {
  const fields = recordFields(obj);
  if (!fields || obj?.kind !== 'instance') return opaque('asdict() of a value that is not a known dataclass', site);
  const d = newDict();
  for (const f of fields) {
    const v = obj.attrs.get(f) ?? NONE;
    d.entries.set(hashKey(str(f)), [str(f), recordFields(v) ? recordDict(v, site) : v]);
  }
  return d;
}

/** NamedTuple's own methods: `_replace(**changes)` and `_asdict()`. */
function addRecordMethods(c: ClassValue): void {
  c.attrs.set('_replace', builtin('method:_replace', ([self], kwargs, site) => replaced(self, kwargs, site)));
  c.attrs.set('_asdict', builtin('method:_asdict', ([self], _k, site) => {
    const fields = self?.kind === 'instance' ? self.cls.fields : undefined;
    if (!fields || self.kind !== 'instance') return opaque('_asdict() of a value that is not a known record', site);
    const d = newDict();
    for (const f of fields) d.entries.set(hashKey(str(f.name)), [str(f.name), self.attrs.get(f.name) ?? NONE]);
    return d;
  }));
}
