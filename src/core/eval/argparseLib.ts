/**
 * argparse, as a training script configures its model with it (`nz = int(opt.nz)` in pytorch/examples' DCGAN):
 * parse_args() gives every argument its default, as the script runs with no arguments, and says so where it is
 * called. An argument with no default the script could run without (a required one, a positional) is not known.
 */
import { builtin, plainClass } from './builtins';
import type { Evaluator } from './evaluator';
import { describe } from '../values/value';
import { type CallSite, type ClassValue, type InstanceValue, type RValue, FALSE, NONE, TRUE, list, opaque, str, tuple } from '../values/value';

/** What a parser (and its groups) knows: each destination's value when the command line gives nothing. */
type Defaults = Map<string, RValue>;

export function argparseModule(interp: Evaluator): Map<string, RValue> {
  const state = new WeakMap<InstanceValue, Defaults>();
  const defaultsOf = (self: InstanceValue) => {
    let d = state.get(self);
    if (!d) state.set(self, (d = new Map()));
    return d;
  };
  const method = (cls: ClassValue, name: string, impl: (self: InstanceValue, args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue) => {
    cls.attrs.set(name, builtin(`method:argparse.${cls.name}.${name}`, ([self, ...args], kwargs, site) => (self?.kind === 'instance' ? impl(self, args, kwargs, site) : opaque(`argparse ${name} without a parser`, site))));
  };

  const namespace = plainClass('Namespace');
  method(namespace, '__init__', (self, _a, kwargs) => {
    for (const [k, v] of kwargs) self.attrs.set(k, v);
    return NONE;
  });

  /** add_argument's destination and its value when the command line does not give it. */
  const addArgument = (defaults: Defaults, names: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue => {
    const flags = names.filter((n): n is { kind: 'str'; value: string } & RValue => n.kind === 'str').map((n) => n.value);
    const dest = kwargs.get('dest');
    const long = flags.find((f) => f.startsWith('--'));
    const short = flags.find((f) => f.startsWith('-'));
    const name = dest?.kind === 'str' ? dest.value : (long?.slice(2) ?? short?.slice(1) ?? flags[0] ?? '').replace(/-/g, '_');
    if (!name) return NONE;
    const positional = !short;
    const action = kwargs.get('action');
    const required = kwargs.get('required');
    const nargs = kwargs.get('nargs');
    let value: RValue;
    if (kwargs.has('default')) {
      value = kwargs.get('default')!;
      // argparse converts a string default with `type`, as if it came from the command line.
      const type = kwargs.get('type');
      if (value.kind === 'str' && type && type.kind !== 'none') value = interp.call(type, [value], new Map(), site);
    } else if (action?.kind === 'str' && action.value === 'store_true') value = FALSE;
    else if (action?.kind === 'str' && action.value === 'store_false') value = TRUE;
    else if (positional && !(nargs?.kind === 'str' && (nargs.value === '?' || nargs.value === '*'))) {
      value = opaque(`the command-line argument ${name} (the script needs it: it has no default)`, site);
    } else if (required?.kind === 'bool' && required.value) {
      value = opaque(`the command-line argument ${long ?? name} (required: it has no default)`, site);
    } else value = NONE;
    // The first default set wins over a later add_argument of the same destination, as argparse keeps it.
    if (!defaults.has(name)) defaults.set(name, value);
    return NONE;
  };

  const group = plainClass('_ArgumentGroup');
  method(group, 'add_argument', (self, args, kwargs, site) => addArgument(defaultsOf(self), args, kwargs, site));
  const sharing = (self: InstanceValue): InstanceValue => {
    const g: InstanceValue = { kind: 'instance', cls: group, attrs: new Map() };
    state.set(g, defaultsOf(self));
    return g;
  };
  method(group, 'add_argument_group', (self) => sharing(self));
  method(group, 'add_mutually_exclusive_group', (self) => sharing(self));

  const parser = plainClass('ArgumentParser');
  method(parser, '__init__', (self) => {
    defaultsOf(self);
    return NONE;
  });
  method(parser, 'add_argument', (self, args, kwargs, site) => addArgument(defaultsOf(self), args, kwargs, site));
  method(parser, 'add_argument_group', (self) => sharing(self));
  method(parser, 'add_mutually_exclusive_group', (self) => sharing(self));
  method(parser, 'set_defaults', (self, _a, kwargs) => {
    for (const [k, v] of kwargs) defaultsOf(self).set(k, v);
    return NONE;
  });
  method(parser, 'get_default', (self, [dest]) => (dest?.kind === 'str' ? defaultsOf(self).get(dest.value) ?? NONE : NONE));
  const parsed = (self: InstanceValue, args: RValue | undefined, site: CallSite): RValue => {
    if (args && args.kind !== 'none') {
      interp.report.diagnostic('warning', `parse_args(${describe(args)}): an argument list of the code's own is not read; the options are not known`, site, 'unknown-input');
      return opaque('the options parsed from an argument list not read', site);
    }
    const defaults = defaultsOf(self);
    interp.report.diagnostic('info', `parse_args(): the script as it runs with no command-line arguments, each option at its default (${defaults.size} options)`, site, 'argparse-defaults');
    return { kind: 'instance', cls: namespace, attrs: new Map(defaults) };
  };
  method(parser, 'parse_args', (self, [args], kwargs, site) => parsed(self, args ?? kwargs.get('args'), site));
  method(parser, 'parse_known_args', (self, [args], kwargs, site) => tuple([parsed(self, args ?? kwargs.get('args'), site), list([])]));
  for (const quiet of ['print_help', 'print_usage', 'error', 'exit']) method(parser, quiet, () => NONE);
  method(parser, 'format_help', () => str(''));

  const m = new Map<string, RValue>([
    ['ArgumentParser', parser],
    ['Namespace', namespace],
  ]);
  // The formatter classes and constants scripts pass along: values of their own, never read.
  for (const name of ['ArgumentDefaultsHelpFormatter', 'RawTextHelpFormatter', 'RawDescriptionHelpFormatter', 'MetavarTypeHelpFormatter', 'HelpFormatter', 'FileType', 'Action']) m.set(name, plainClass(name));
  m.set('SUPPRESS', str('==SUPPRESS=='));
  return m;
}
