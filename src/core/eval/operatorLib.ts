/**
 * The operator module: Python's operators as functions, each doing exactly what the operator does here (binary
 * arithmetic and comparisons through the interpreter, indexing through getItem), so `reduce(operator.mul, shape, 1)`
 * (timm's MViTv2 `prod`) is known wherever the product is. itemgetter and attrgetter give the callables Python gives.
 */
import type { Evaluator } from './evaluator';
import { PyRaise } from './signals';
import { builtin, type RValue, bool, opaque, tuple } from '../values/value';

const BINARY: [string, string][] = [
  ['add', '+'], ['sub', '-'], ['mul', '*'], ['truediv', '/'], ['floordiv', '//'], ['mod', '%'], ['pow', '**'], ['matmul', '@'],
  ['and_', '&'], ['or_', '|'], ['xor', '^'], ['lshift', '<<'], ['rshift', '>>'],
];
const COMPARE: [string, string][] = [['eq', '=='], ['ne', '!='], ['lt', '<'], ['le', '<='], ['gt', '>'], ['ge', '>='], ['contains', 'in'], ['is_', 'is'], ['is_not', 'is not']];

export function operatorModule(interp: Evaluator): Map<string, RValue> {
  const m = new Map<string, RValue>();
  for (const [name, op] of BINARY) m.set(name, builtin(`operator.${name}`, ([a, b], _k, site) => (a && b ? interp.binary(op, a, b, site) : opaque(`operator.${name}() needs two arguments`, site))));
  for (const [name, op] of COMPARE) {
    m.set(name, builtin(`operator.${name}`, ([a, b], _k, site) => {
      if (!a || !b) return opaque(`operator.${name}() needs two arguments`, site);
      // contains(a, b) is `b in a`.
      const r = name === 'contains' ? interp.compare('in', b, a) : interp.compare(op, a, b);
      return r === undefined ? opaque(`operator.${name}() not known statically`, site) : bool(r);
    }));
  }
  // concat: `+` of two sequences; anything else is refused, as Python refuses it.
  m.set('concat', builtin('operator.concat', ([a, b], _k, site) => {
    if (!a || !b) return opaque('operator.concat() needs two arguments', site);
    if (!['str', 'list', 'tuple'].includes(a.kind)) throw new PyRaise(opaque('TypeError'), `TypeError: '${a.kind}' object can't be concatenated`, site);
    return interp.binary('+', a, b, site);
  }));
  m.set('neg', builtin('operator.neg', ([a], _k, site) => interp.unary('-', a, site)));
  m.set('pos', builtin('operator.pos', ([a], _k, site) => interp.unary('+', a, site)));
  m.set('not_', builtin('operator.not_', ([a], _k, site) => interp.unary('not', a, site)));
  m.set('getitem', builtin('operator.getitem', ([a, i], _k, site) => interp.getItem(a, i, site)));
  m.set('itemgetter', builtin('operator.itemgetter', (keys) => builtin('operator.itemgetter()', ([obj], _k, site) => (keys.length === 1 ? interp.getItem(obj, keys[0], site) : tuple(keys.map((k) => interp.getItem(obj, k, site)))))));
  m.set('attrgetter', builtin('operator.attrgetter', (names) => builtin('operator.attrgetter()', ([obj], _k, site) => {
    const get = (n: RValue) => (n.kind === 'str' ? n.value.split('.').reduce((o: RValue, part) => interp.getAttr(o, part, site), obj) : opaque('attrgetter() of a name not known statically', site));
    return names.length === 1 ? get(names[0]) : tuple(names.map(get));
  })));
  return m;
}
