/** Methods of Python's list, dict, tuple and str values, as model code uses them. */
import type { Evaluator } from './evaluator';
import { PyRaise, capped, formatValue } from './signals';
import { pySorted } from './pyOrder';
import { combineSets, type SetOp } from './pySets';
import { describe } from '../values/value';
import { type CallSite, type RValue, NONE, builtin, bool, hashKey, int, list, newDict, opaque, str, tuple } from '../values/value';

type Method = (self: RValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue;

function methods(interp: Evaluator): Record<string, Record<string, Method>> {
  const items = (v: RValue, site: CallSite) => interp.iterate(v, site);
  const listMethods: Record<string, Method> = {
    append: (self, [v]) => ((self as { items: RValue[] }).items.push(v), NONE),
    appendleft: (self, [v]) => ((self as { items: RValue[] }).items.unshift(v), NONE),
    popleft: (self, _a, _k, site) => {
      const arr = (self as { items: RValue[] }).items;
      if (!arr.length) throw new PyRaise(opaque('IndexError'), 'IndexError: pop from an empty deque', site);
      return arr.shift()!;
    },
    extend: (self, [v], _k, site) => {
      const more = items(v, site);
      if (more && capped((self as { items: RValue[] }).items.length + more.length, 'a list')) (self as { items: RValue[] }).items.push(...more);
      return NONE;
    },
    insert: (self, [i, v]) => {
      const arr = (self as { items: RValue[] }).items;
      const at = i.kind === 'int' ? (i.value < 0 ? Math.max(0, arr.length + i.value) : Math.min(i.value, arr.length)) : arr.length;
      arr.splice(at, 0, v);
      return NONE;
    },
    pop: (self, [i], _k, site) => {
      const arr = (self as { items: RValue[] }).items;
      if (!arr.length) throw new PyRaise(opaque('IndexError'), 'IndexError: pop from empty list', site);
      const at = i && i.kind === 'int' ? (i.value < 0 ? arr.length + i.value : i.value) : arr.length - 1;
      return arr.splice(at, 1)[0] ?? NONE;
    },
    index: (self, [v], _k, site) => {
      const i = (self as { items: RValue[] }).items.findIndex((x) => interp.equals(x, v) === true);
      if (i < 0) throw new PyRaise(opaque('ValueError'), 'ValueError: value is not in list', site);
      return int(i);
    },
    count: (self, [v]) => int((self as { items: RValue[] }).items.filter((x) => interp.equals(x, v) === true).length),
    copy: (self) => list((self as { items: RValue[] }).items.slice()),
    reverse: (self) => ((self as { items: RValue[] }).items.reverse(), NONE),
    clear: (self) => (((self as { items: RValue[] }).items.length = 0), NONE),
    // In place, in Python's order (./pyOrder.ts), by key= when given, reverse= too; keys Python could not compare
    // (or values not known) leave the order not known, said here.
    sort: (self, _a, k, site) => {
      const arr = (self as { items: RValue[] }).items;
      const reverse = k.get('reverse');
      const key = k.get('key');
      const keys = key && key.kind !== 'none' ? arr.map((x) => interp.call(key, [x], new Map(), site)) : arr;
      const sorted = reverse && reverse.kind !== 'bool' ? undefined : pySorted(arr, keys, reverse?.kind === 'bool' && reverse.value);
      if (!sorted) {
        interp.report.diagnostic('warning', 'list.sort() of values not known statically is not followed: the order is not known', site, 'unknown-sort');
        return NONE;
      }
      arr.splice(0, arr.length, ...sorted);
      return NONE;
    },
    // set() gives a list here: a set's methods, by equality of the items (`set(names).issubset([...])`).
    issubset: (self, [o], _k, site) => setRelation(self, o, site, (a, b) => a.every((x) => has(b, x))),
    issuperset: (self, [o], _k, site) => setRelation(self, o, site, (a, b) => b.every((x) => has(a, x))),
    isdisjoint: (self, [o], _k, site) => setRelation(self, o, site, (a, b) => !a.some((x) => has(b, x))),
    union: (self, [o], _k, site) => setOperation(self, o, site, '|'),
    intersection: (self, [o], _k, site) => setOperation(self, o, site, '&'),
    difference: (self, [o], _k, site) => setOperation(self, o, site, '-'),
    add: (self, [v]) => {
      const arr = (self as { items: RValue[] }).items;
      if (!has(arr, v)) arr.push(v);
      return NONE;
    },
    discard: (self, [v]) => {
      const arr = (self as { items: RValue[] }).items;
      const i = arr.findIndex((x) => interp.equals(x, v) === true);
      if (i >= 0) arr.splice(i, 1);
      return NONE;
    },
    // list.remove and set.remove: the first equal item goes; none is an error (a list's ValueError, a set's KeyError:
    // a set is a list here, and the message names both).
    remove: (self, [v], _k, site) => {
      const arr = (self as { items: RValue[] }).items;
      const i = arr.findIndex((x) => interp.equals(x, v) === true);
      if (i < 0) throw new PyRaise(opaque('ValueError'), `ValueError: ${describe(v)} is not in the list or set`, site);
      arr.splice(i, 1);
      return NONE;
    },
    symmetric_difference: (self, [o], _k, site) => setOperation(self, o, site, '^'),
    // The in-place forms of a set's operations: the same result, kept in the set.
    update: (self, others, _k, site) => inPlace(self, others, site, '|'),
    intersection_update: (self, others, _k, site) => inPlace(self, others, site, '&'),
    difference_update: (self, others, _k, site) => inPlace(self, others, site, '-'),
    symmetric_difference_update: (self, others, _k, site) => inPlace(self, others, site, '^'),
  };
  const same = (x: RValue, y: RValue) => interp.equals(x, y) === true;
  const inPlace = (self: RValue, others: RValue[], site: CallSite, op: SetOp): RValue => {
    const arr = (self as { items: RValue[] }).items;
    for (const o of others) {
      const b = items(o, site);
      if (!b) {
        interp.report.diagnostic('warning', `a set updated with ${describe(o)}: what it holds is not known`, site, 'unknown-value');
        return NONE;
      }
      const next = combineSets(op, arr, b, same);
      arr.length = 0;
      arr.push(...next);
    }
    return NONE;
  };
  const has = (arr: RValue[], v: RValue) => arr.some((x) => interp.equals(x, v) === true);
  const setRelation = (self: RValue, other: RValue | undefined, site: CallSite, f: (a: RValue[], b: RValue[]) => boolean): RValue => {
    const b = other && items(other, site);
    return b ? bool(f((self as { items: RValue[] }).items, b)) : opaque('a set relation with a value not known statically', site);
  };
  const setOperation = (self: RValue, other: RValue | undefined, site: CallSite, op: SetOp): RValue => {
    const b = other && items(other, site);
    return b ? { kind: 'list', items: combineSets(op, (self as { items: RValue[] }).items, b, same), set: true } : opaque('a set operation with a value not known statically', site);
  };
  const dictMethods: Record<string, Method> = {
    get: (self, [k, d]) => (self as Extract<RValue, { kind: 'dict' }>).entries.get(hashKey(k))?.[1] ?? d ?? NONE,
    // A keys view: a set to the set operators (`names - d.keys()`).
    keys: (self) => ({ kind: 'list', items: [...(self as Extract<RValue, { kind: 'dict' }>).entries.values()].map(([k]) => k), set: true }),
    values: (self) => list([...(self as Extract<RValue, { kind: 'dict' }>).entries.values()].map(([, v]) => v)),
    items: (self) => list([...(self as Extract<RValue, { kind: 'dict' }>).entries.values()].map(([k, v]) => tuple([k, v]))),
    pop: (self, [k, d], _k, site) => {
      const e = (self as Extract<RValue, { kind: 'dict' }>).entries;
      const hit = e.get(hashKey(k));
      if (hit) {
        e.delete(hashKey(k));
        return hit[1];
      }
      if (d) return d;
      throw new PyRaise(opaque('KeyError'), `KeyError: ${k.kind === 'str' ? k.value : '?'}`, site);
    },
    setdefault: (self, [k, d]) => {
      const e = (self as Extract<RValue, { kind: 'dict' }>).entries;
      const hit = e.get(hashKey(k));
      if (hit) return hit[1];
      e.set(hashKey(k), [k, d ?? NONE]);
      return d ?? NONE;
    },
    update: (self, [other], kwargs, site) => {
      const e = (self as Extract<RValue, { kind: 'dict' }>).entries;
      if (other && other.kind === 'dict') for (const [h, kv] of other.entries) e.set(h, kv);
      else if (other && other.kind !== 'none') {
        // Pairs (`d.update([(k, v)])`), or a value not known: then the keys it would set are missing, said here.
        const pairs = items(other, site)?.map((p) => (p.kind === 'tuple' || p.kind === 'list') && p.items.length === 2 ? p.items : undefined);
        if (pairs && pairs.every((p) => p)) for (const [k, v] of pairs as RValue[][]) e.set(hashKey(k), [k, v]);
        else interp.report.diagnostic('warning', `dict.update() with ${describe(other)}: the keys it would set are not known`, site, 'unknown-value');
      }
      for (const [k, v] of kwargs) e.set(hashKey(str(k)), [str(k), v]);
      return NONE;
    },
    copy: (self) => {
      const d = newDict();
      for (const [h, kv] of (self as Extract<RValue, { kind: 'dict' }>).entries) d.entries.set(h, kv);
      return d;
    },
    clear: (self) => ((self as Extract<RValue, { kind: 'dict' }>).entries.clear(), NONE),
    // The last pair inserted, removed (LIFO, as since 3.7).
    popitem: (self, _a, _k, site) => {
      const e = (self as Extract<RValue, { kind: 'dict' }>).entries;
      const last = [...e.keys()].pop();
      if (last === undefined) throw new PyRaise(opaque('KeyError'), "KeyError: 'popitem(): dictionary is empty'", site);
      const [k, v] = e.get(last)!;
      e.delete(last);
      return tuple([k, v]);
    },
  };
  const s = (self: RValue) => (self as { value: string }).value;
  const strMethods: Record<string, Method> = {
    // '{}_{}'.format(a, b), '{0}', '{name}', '{:.2f}': the fields f-strings support; anything else is not known.
    format: (self, args, kwargs, site) => {
      let auto = 0;
      let failed = false;
      const out = s(self).replace(/\{\{|\}\}|\{([^{}!:]*)(?:!([rs]))?(?::([^{}]*))?\}/g, (all, field: string | undefined, conv: string | undefined, spec: string | undefined) => {
        if (all === '{{') return '{';
        if (all === '}}') return '}';
        const key = field ?? '';
        const v = key === '' ? args[auto++] : /^\d+$/.test(key) ? args[Number(key)] : kwargs.get(key);
        const text = v ? formatValue(v, conv, spec || undefined) : undefined;
        if (text === undefined) failed = true;
        return text ?? '';
      });
      return failed ? opaque('formatted string', site) : str(out);
    },
    join: (self, [v], _k, site) => {
      const parts = items(v, site);
      return parts && parts.every((p) => p.kind === 'str') ? str(parts.map((p) => (p as { value: string }).value).join(s(self))) : opaque('str.join', site);
    },
    replace: (self, [a, b]) => (a.kind === 'str' && b.kind === 'str' ? str(s(self).split(a.value).join(b.value)) : opaque('str.replace')),
    startswith: (self, [a]) => bool(affixes(a).some((x) => s(self).startsWith(x))),
    endswith: (self, [a]) => bool(affixes(a).some((x) => s(self).endsWith(x))),
    lower: (self) => str(s(self).toLowerCase()),
    upper: (self) => str(s(self).toUpperCase()),
    casefold: (self) => str(s(self).toLowerCase()),
    title: (self) => str(s(self).toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase())),
    capitalize: (self) => str(s(self).charAt(0).toUpperCase() + s(self).slice(1).toLowerCase()),
    strip: (self, [chars]) => str(trim(s(self), chars, true, true)),
    lstrip: (self, [chars]) => str(trim(s(self), chars, true, false)),
    rstrip: (self, [chars]) => str(trim(s(self), chars, false, true)),
    split: (self, [sep, max]) => list(splitStr(s(self), sep, max, false).map(str)),
    rsplit: (self, [sep, max]) => list(splitStr(s(self), sep, max, true).map(str)),
    find: (self, [sub], _k, site) => (sub?.kind === 'str' ? int(s(self).indexOf(sub.value)) : opaque('str.find', site)),
    rfind: (self, [sub], _k, site) => (sub?.kind === 'str' ? int(s(self).lastIndexOf(sub.value)) : opaque('str.rfind', site)),
    index: (self, [sub], _k, site) => {
      const i = sub?.kind === 'str' ? s(self).indexOf(sub.value) : -2;
      if (i === -1) throw new PyRaise(opaque('ValueError'), 'ValueError: substring not found', site);
      return i >= 0 ? int(i) : opaque('str.index', site);
    },
    count: (self, [sub], _k, site) => (sub?.kind === 'str' && sub.value ? int(s(self).split(sub.value).length - 1) : opaque('str.count', site)),
    isdigit: (self) => bool(/^[0-9]+$/.test(s(self))),
    isnumeric: (self) => bool(/^[0-9]+$/.test(s(self))),
    isalpha: (self) => bool(/^[A-Za-z]+$/.test(s(self))),
    isalnum: (self) => bool(/^[A-Za-z0-9]+$/.test(s(self))),
    isupper: (self) => bool(/[A-Z]/.test(s(self)) && s(self) === s(self).toUpperCase()),
    islower: (self) => bool(/[a-z]/.test(s(self)) && s(self) === s(self).toLowerCase()),
    zfill: (self, [w]) => (w?.kind === 'int' ? str(zfill(s(self), w.value)) : opaque('str.zfill')),
    ljust: (self, [w, f]) => (w?.kind === 'int' ? str(s(self).padEnd(w.value, f?.kind === 'str' ? f.value : ' ')) : opaque('str.ljust')),
    rjust: (self, [w, f]) => (w?.kind === 'int' ? str(s(self).padStart(w.value, f?.kind === 'str' ? f.value : ' ')) : opaque('str.rjust')),
    removeprefix: (self, [p]) => (p?.kind === 'str' && s(self).startsWith(p.value) ? str(s(self).slice(p.value.length)) : self),
    removesuffix: (self, [p]) => (p?.kind === 'str' && p.value && s(self).endsWith(p.value) ? str(s(self).slice(0, -p.value.length)) : self),
    partition: (self, [sep]) => {
      const at = sep?.kind === 'str' ? s(self).indexOf(sep.value) : -1;
      return at < 0 || sep?.kind !== 'str' ? tuple([str(s(self)), str(''), str('')]) : tuple([str(s(self).slice(0, at)), str(sep.value), str(s(self).slice(at + sep.value.length))]);
    },
  };
  const tupleMethods: Record<string, Method> = { index: listMethods.index, count: listMethods.count };
  return { list: listMethods, dict: dictMethods, str: strMethods, tuple: tupleMethods };
}

/** `str.strip(chars)` and its one-sided forms (whitespace when chars is not given). */
function trim(text: string, chars: RValue | undefined, left: boolean, right: boolean): string {
  const set = chars?.kind === 'str' ? new Set(chars.value) : undefined;
  const drop = (c: string) => (set ? set.has(c) : /\s/.test(c));
  let [a, b] = [0, text.length];
  while (left && a < b && drop(text[a])) a++;
  while (right && b > a && drop(text[b - 1])) b--;
  return text.slice(a, b);
}

/** `str.split(sep, maxsplit)` and `rsplit`: at most maxsplit cuts, from the left or the right. */
function splitStr(text: string, sep: RValue | undefined, max: RValue | undefined, fromRight: boolean): string[] {
  const limit = max?.kind === 'int' && max.value >= 0 ? max.value : Infinity;
  const parts = sep?.kind === 'str' && sep.value ? text.split(sep.value) : text.trim().split(/\s+/).filter(Boolean);
  const joiner = sep?.kind === 'str' && sep.value ? sep.value : ' ';
  if (parts.length - 1 <= limit) return parts;
  return fromRight ? [parts.slice(0, parts.length - limit).join(joiner), ...parts.slice(parts.length - limit)] : [...parts.slice(0, limit), parts.slice(limit).join(joiner)];
}

function zfill(text: string, width: number): string {
  const sign = /^[+-]/.test(text) ? text[0] : '';
  return sign + text.slice(sign.length).padStart(width - sign.length, '0');
}

/** startswith / endswith take a string or a tuple of them. */
function affixes(v: RValue | undefined): string[] {
  if (v?.kind === 'str') return [v.value];
  if (v?.kind === 'tuple') return v.items.filter((x): x is Extract<RValue, { kind: 'str' }> => x.kind === 'str').map((x) => x.value);
  return [];
}

/** A bound method of a builtin value, or undefined. */
export function pyMethod(interp: Evaluator, obj: RValue, name: string): RValue | undefined {
  const table = (cache.get(interp) ?? cache.set(interp, methods(interp)).get(interp)!)[obj.kind];
  // Own properties only: a name from the code (`x.constructor`) must not find Object's.
  const m = table && Object.hasOwn(table, name) ? table[name] : undefined;
  return m ? builtin(`${obj.kind}.${name}`, (args, kwargs, site) => m(obj, args, kwargs, site)) : undefined;
}

const cache = new WeakMap<Evaluator, Record<string, Record<string, Method>>>();
