/**
 * The enum module as model code uses it: a class deriving from Enum (or IntEnum, StrEnum, Flag) turns the names
 * its body assigns into members, one object each, with `.name` and `.value`; `X(value)` finds a member by its value
 * (ValueError if none), `X['NAME']` by its name, iterating X gives the members in order, `auto()` numbers them.
 * A member of an enum mixed with str or int (timm's `class Format(str, Enum)`) compares equal to its value, as
 * Python's does. What is not modelled: a member in arithmetic (an IntEnum as an int), a mixin member used as a
 * dict key looked up by its value; those give a value not known, never a guess.
 */
import type { Evaluator } from './evaluator';
import { builtin, type ClassValue, type InstanceValue, type RValue, bool, int, str } from '../values/value';

/** A class of the module's own (plainClass's shape; builtins.ts imports this file). */
function plainClass(name: string): ClassValue {
  return { kind: 'class', name, qualname: `enum.${name}`, bases: [], attrs: new Map(), native: { kind: 'object' } };
}

/** Members of each enum class, in definition order. */
const membersOf = new WeakMap<ClassValue, InstanceValue[]>();
/** The enum each member belongs to, and the type its class mixes in (str, int), if any. */
const memberClass = new WeakMap<InstanceValue, ClassValue>();
const mixinOf = new WeakMap<ClassValue, 'str' | 'int'>();
/** The module's own base classes. */
const BASES = new WeakSet<ClassValue>();

export function enumModule(): Map<string, RValue> {
  const make = (name: string, mixin?: 'str' | 'int') => {
    const c = plainClass(name);
    BASES.add(c);
    if (mixin) mixinOf.set(c, mixin);
    return c;
  };
  const base = make('Enum');
  base.attrs.set('__eq__', builtin('method:Enum.__eq__', ([a, b]) => bool(!!a && !!b && enumEquals(a, b))));
  base.attrs.set('__ne__', builtin('method:Enum.__ne__', ([a, b]) => bool(!(a && b && enumEquals(a, b)))));
  let counter = 0;
  return new Map<string, RValue>([
    ['Enum', base], ['IntEnum', make('IntEnum', 'int')], ['StrEnum', make('StrEnum', 'str')], ['Flag', make('Flag')], ['IntFlag', make('IntFlag', 'int')],
    // auto(): the next number (what Enum and IntEnum give; StrEnum's lowercased name is given where members are made).
    ['auto', builtin('enum.auto', () => ({ kind: 'instance', cls: AUTO, attrs: new Map([['n', int(++counter)]]) }))],
    ['unique', builtin('enum.unique', ([c]) => c ?? bool(false))],
  ]);
}

const AUTO = plainClass('auto');

/** Whether a class is an enum of the code's (it derives from one of the module's bases). */
export function isEnumClass(interp: Evaluator, cls: ClassValue): boolean {
  return !BASES.has(cls) && interp.mro(cls).some((c) => BASES.has(c));
}

/**
 * After the class body ran: each name it assigned (not a function, a descriptor or a dunder) becomes a member.
 * `written`: the names of its bases as the code writes them (`str` and `int` are builtins here, not classes).
 */
export function makeMembers(interp: Evaluator, cls: ClassValue, written: string[]): void {
  const mro = interp.mro(cls);
  const mixin = written.includes('str') ? 'str' : written.includes('int') ? 'int' : mro.map((c) => mixinOf.get(c)).find(Boolean);
  if (mixin) mixinOf.set(cls, mixin);
  const strEnum = mro.some((c) => BASES.has(c) && c.name === 'StrEnum');
  const out: InstanceValue[] = [];
  let next = 1;
  for (const [name, v] of [...cls.attrs]) {
    if (name.startsWith('_') || v.kind === 'function' || v.kind === 'builtin' || v.kind === 'class' || (v.kind === 'instance' && v.cls.name === 'property')) continue;
    let value: RValue = v;
    if (v.kind === 'instance' && v.cls === AUTO) value = strEnum ? str(name.toLowerCase()) : int(next);
    if (value.kind === 'int') next = value.value + 1;
    // A name bound to a value an earlier member has is that member (an alias), as Python makes it.
    const alias = out.find((m) => interp.equals(m.attrs.get('value')!, value) === true);
    if (alias) {
      cls.attrs.set(name, alias);
      continue;
    }
    const member: InstanceValue = { kind: 'instance', cls, attrs: new Map([['name', str(name)], ['_name_', str(name)], ['value', value], ['_value_', value]]) };
    memberClass.set(member, cls);
    cls.attrs.set(name, member);
    out.push(member);
  }
  membersOf.set(cls, out);
}

export function enumMembers(interp: Evaluator, cls: ClassValue): InstanceValue[] | undefined {
  return isEnumClass(interp, cls) ? membersOf.get(cls) ?? [] : undefined;
}

/** `X(value)`: the member of that value (a member given is itself); undefined when there is none. */
export function enumByValue(interp: Evaluator, cls: ClassValue, value: RValue): InstanceValue | undefined {
  const all = membersOf.get(cls) ?? [];
  if (value.kind === 'instance' && all.includes(value)) return value;
  return all.find((m) => interp.equals(m.attrs.get('value')!, value) === true);
}

/** `X['NAME']`. */
export function enumByName(cls: ClassValue, name: string): InstanceValue | undefined {
  return (membersOf.get(cls) ?? []).find((m) => m.attrs.get('name')?.kind === 'str' && (m.attrs.get('name') as { value: string }).value === name);
}

/** What a member stands for in comparisons: its value when its enum mixes in str or int; else undefined. */
export function mixinValue(v: RValue): RValue | undefined {
  if (v.kind !== 'instance') return undefined;
  const cls = memberClass.get(v);
  return cls && mixinOf.has(cls) ? v.attrs.get('value') : undefined;
}

function enumEquals(a: RValue, b: RValue): boolean {
  if (a === b) return true;
  const [x, y] = [mixinValue(a) ?? a, mixinValue(b) ?? b];
  if (x === a && y === b) return false;
  return x.kind === y.kind && 'value' in x && 'value' in y && (x as { value: unknown }).value === (y as { value: unknown }).value;
}
