/**
 * Binds a call's arguments to a layer's signature the way Python would, reporting what Python would
 * raise (unexpected keyword, too many positionals, missing or repeated arguments) as problems.
 */
import type { Arg, Span } from '../python/ast';
import type { RValue } from '../values/value';
import type { BoundArg } from '../values/argReader';
import type { LayerSpec } from '../values/spec';

export interface BindProblem {
  message: string;
  span: Span;
}

export interface Binding {
  args: Map<string, BoundArg>;
  problems: BindProblem[];
}

/** The evaluated form of one call argument. */
export interface EvaluatedArg {
  arg: Arg;
  value: RValue;
}

export function bindArguments(spec: LayerSpec<unknown>, callSpan: Span, evaluated: EvaluatedArg[]): Binding {
  const args = new Map<string, BoundArg>();
  const problems: BindProblem[] = [];
  const sig = spec.signature;
  const positional = sig.filter((p) => !p.kwOnly);
  let pos = 0;
  // An unknown *args or **kwargs may supply any parameter not given explicitly.
  let openStar: Span | undefined;
  let openKw: Span | undefined;

  const put = (name: string, value: RValue, span: Span) => {
    if (args.has(name)) problems.push({ message: `${spec.name}() got multiple values for argument '${name}'`, span });
    else args.set(name, { value, span, fromDefault: false });
  };

  for (const { arg, value } of evaluated) {
    if (arg.kind === 'positional' || arg.kind === 'star') {
      const items = arg.kind === 'star'
        ? value.kind === 'tuple' || value.kind === 'list' ? value.items : undefined
        : [value];
      if (!items) {
        openStar = arg.span;
        continue;
      }
      for (const item of items) {
        if (pos < positional.length) put(positional[pos].name, item, arg.span);
        else if (!spec.acceptsAnything) {
          problems.push({
            message: `${spec.name}() takes ${positional.length} positional argument${positional.length === 1 ? '' : 's'} but ${pos + 1} were given`,
            span: arg.span,
          });
        }
        pos++;
      }
    } else if (arg.kind === 'keyword') {
      if (!sig.some((p) => p.name === arg.name)) {
        if (!spec.acceptsAnything) {
          const hint = closest(arg.name, sig.map((p) => p.name));
          problems.push({
            message: `${spec.name}() got an unexpected keyword argument '${arg.name}'${hint ? `; did you mean '${hint}'?` : ''}`,
            span: arg.nameSpan,
          });
        }
        continue;
      }
      put(arg.name, value, arg.span);
    } else if (value.kind === 'dict' && [...value.entries.values()].every(([k]) => k.kind === 'str')) {
      for (const [k, v] of value.entries.values()) put((k as { value: string }).value, v, arg.span);
    } else {
      openKw = arg.span;
    }
  }

  for (const p of sig) {
    if (args.has(p.name)) continue;
    const open = openKw ?? (!p.kwOnly ? openStar : undefined);
    if (open) {
      args.set(p.name, { value: { kind: 'opaque', reason: `may be set by ${open === openKw ? '**kwargs' : '*args'}`, symbol: p.name }, span: open, fromDefault: false });
    } else if (p.default) {
      args.set(p.name, { value: p.default, fromDefault: true });
    } else {
      problems.push({ message: `${spec.name}() missing required argument '${p.name}'`, span: callSpan });
      args.set(p.name, { value: { kind: 'opaque', reason: 'missing', symbol: p.name }, fromDefault: false });
    }
  }
  return { args, problems };
}

/** The signature name nearest to a misspelt keyword, if any is close. */
function closest(word: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const name of names) {
    const d = editDistance(word, name);
    if (d < bestD) [best, bestD] = [name, d];
  }
  return best !== undefined && (bestD <= 2 || isPrefixPair(word, best)) ? best : undefined;
}

function isPrefixPair(a: string, b: string): boolean {
  return a.length >= 3 && (b.startsWith(a) || a.startsWith(b));
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
