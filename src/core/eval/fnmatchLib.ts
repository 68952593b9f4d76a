/**
 * fnmatch: shell-style patterns (`convnext_*`, `resnet?d`, `vit_[bs]*`) over known strings, as timm's
 * `list_models` filters its registry. On POSIX, fnmatch is fnmatchcase (no case folding), and a pattern is
 * translated as CPython's fnmatch.translate does: `*` any run, `?` one character, `[seq]` and `[!seq]` a class
 * (an unclosed `[` is a literal), everything else literal.
 */
import type { Evaluator } from './evaluator';
import { builtin, type CallSite, type RValue, bool, list, opaque } from '../values/value';

/** The pattern as a JavaScript regular expression matching a whole string. */
export function fnmatchRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      out += '[\\s\\S]*';
    } else if (c === '?') {
      out += '[\\s\\S]';
    } else if (c === '[') {
      // A class runs to the next ']' (a ']' right after '[' or '[!' belongs to it); unclosed, '[' is itself.
      let j = i + 1;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, j);
      const negated = body.startsWith('!');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^' : ''}${body.replace(/[\\^\]]/g, '\\$&')}]`;
      i = j;
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

export function fnmatchModule(interp: Evaluator): Map<string, RValue> {
  const text = (v: RValue | undefined) => (v?.kind === 'str' ? v.value : undefined);
  const match = (name: string) => builtin(`fnmatch.${name}`, ([s, p], _k, site: CallSite) => {
    const [a, b] = [text(s), text(p)];
    return a !== undefined && b !== undefined ? bool(fnmatchRegex(b).test(a)) : opaque(`fnmatch.${name}() of a name or pattern not known statically`, site);
  });
  return new Map<string, RValue>([
    ['fnmatch', match('fnmatch')],
    ['fnmatchcase', match('fnmatchcase')],
    ['filter', builtin('fnmatch.filter', ([names, p], _k, site) => {
      const pattern = text(p);
      const items = names && interp.iterate(names, site);
      if (pattern === undefined || !items || items.some((x) => x.kind !== 'str')) return opaque('fnmatch.filter() of names or a pattern not known statically', site);
      const re = fnmatchRegex(pattern);
      return list(items.filter((x) => re.test(text(x)!)));
    })],
  ]);
}
