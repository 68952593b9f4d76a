/** Methods of Python's list, dict, tuple and str values, as model code uses them. */
import type { Interpreter } from './interpreter';
import { PyRaise, capped, formatValue } from './signals';
import { type CallSite, type RValue, NONE, builtin, bool, hashKey, int, list, newDict, opaque, str, tuple } from './runtime';

type Method = (self: RValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue;

function methods(interp: Interpreter): Record<string, Record<string, Method>> {
  const items = (v: RValue, site: CallSite) => interp.iterate(v, site);
  const listMethods: Record<string, Method> = {
    append: (self, [v]) => ((self as { items: RValue[] }).items.push(v), NONE),
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
    sort: () => NONE,
  };
  const dictMethods: Record<string, Method> = {
    get: (self, [k, d]) => (self as Extract<RValue, { kind: 'dict' }>).entries.get(hashKey(k))?.[1] ?? d ?? NONE,
    keys: (self) => list([...(self as Extract<RValue, { kind: 'dict' }>).entries.values()].map(([k]) => k)),
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
    update: (self, [other], kwargs) => {
      const e = (self as Extract<RValue, { kind: 'dict' }>).entries;
      if (other && other.kind === 'dict') for (const [h, kv] of other.entries) e.set(h, kv);
      for (const [k, v] of kwargs) e.set(hashKey(str(k)), [str(k), v]);
      return NONE;
    },
    copy: (self) => {
      const d = newDict();
      for (const [h, kv] of (self as Extract<RValue, { kind: 'dict' }>).entries) d.entries.set(h, kv);
      return d;
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
    startswith: (self, [a]) => bool(a.kind === 'str' && s(self).startsWith(a.value)),
    endswith: (self, [a]) => bool(a.kind === 'str' && s(self).endsWith(a.value)),
    lower: (self) => str(s(self).toLowerCase()),
    upper: (self) => str(s(self).toUpperCase()),
    strip: (self) => str(s(self).trim()),
    split: (self, [sep]) => list((sep && sep.kind === 'str' ? s(self).split(sep.value) : s(self).trim().split(/\s+/)).map(str)),
  };
  const tupleMethods: Record<string, Method> = { index: listMethods.index, count: listMethods.count };
  return { list: listMethods, dict: dictMethods, str: strMethods, tuple: tupleMethods };
}

/** A bound method of a builtin value, or undefined. */
export function pyMethod(interp: Interpreter, obj: RValue, name: string): RValue | undefined {
  const table = (cache.get(interp) ?? cache.set(interp, methods(interp)).get(interp)!)[obj.kind];
  const m = table?.[name];
  return m ? builtin(`${obj.kind}.${name}`, (args, kwargs, site) => m(obj, args, kwargs, site)) : undefined;
}

const cache = new WeakMap<Interpreter, Record<string, Record<string, Method>>>();
