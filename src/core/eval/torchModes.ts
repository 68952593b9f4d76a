/**
 * torch's modes, each a context manager and a decorator as PyTorch writes them: no_grad, enable_grad,
 * inference_mode, set_grad_enabled, and autocast (torch.autocast, torch.amp.autocast, torch.cuda.amp.autocast,
 * torch.cpu.amp.autocast). None changes a shape or a count of elements: `with` runs the block, a decorated function
 * stays itself. Autocast does change the dtype of what runs inside where it is on (float16 or bfloat16 on the
 * device); that is said once at the line that turns it on, and tensors keep the dtype the code gave them.
 */
import type { Evaluator } from './evaluator';
import { plainClass } from './builtins';
import { builtin, type CallSite, type InstanceValue, type RValue, FALSE } from '../values/value';

/** What a mode is: `with mode:` enters it (as itself), and `@mode` hands the function back. */
function modeClass(name: string) {
  const cls = plainClass(name);
  cls.attrs.set('__enter__', builtin(`method:${name}.__enter__`, ([self]) => self));
  cls.attrs.set('__exit__', builtin(`method:${name}.__exit__`, () => FALSE));
  cls.attrs.set('__call__', builtin(`method:${name}.__call__`, ([, fn]) => fn ?? FALSE));
  return cls;
}

export function torchModes(interp: Evaluator): { torch: Map<string, RValue>; autocast: RValue; ampAutocast: RValue } {
  const grad = modeClass('_GradMode');
  const amp = modeClass('autocast');
  const instance = (cls: ReturnType<typeof modeClass>): InstanceValue => ({ kind: 'instance', cls, attrs: new Map() });
  /** `torch.no_grad()` is a mode; `@torch.no_grad` (no parentheses) decorates the function itself. */
  const gradMode = (name: string) => builtin(`torch.${name}`, ([fn]) => (fn && (fn.kind === 'function' || fn.kind === 'builtin') ? fn : instance(grad)));
  /** `enabledAt`: where `enabled` is positional (torch.autocast(device_type, dtype, enabled); torch.cuda.amp.autocast(enabled)). */
  const autocastAt = (name: string, enabledAt: number) => builtin(name, (args, kwargs, site: CallSite) => {
    const enabled = kwargs.get('enabled') ?? args[enabledAt];
    if (!(enabled?.kind === 'bool' && !enabled.value)) {
      interp.report.diagnostic('info', 'autocast: where it is on, what runs inside computes in float16 or bfloat16 on the device; the counts of elements are the same, and Layer Lens keeps the dtype the code gave its tensors', site, 'autocast-dtype');
    }
    return instance(amp);
  });
  const autocast = autocastAt('torch.autocast', 2);
  return {
    torch: new Map<string, RValue>([
      ['no_grad', gradMode('no_grad')], ['enable_grad', gradMode('enable_grad')], ['inference_mode', gradMode('inference_mode')],
      ['set_grad_enabled', builtin('torch.set_grad_enabled', () => instance(grad))],
      ['autocast', autocast],
    ]),
    autocast,
    // torch.amp.autocast is torch.autocast; torch.cuda.amp and torch.cpu.amp take `enabled` first.
    ampAutocast: autocastAt('torch.cuda.amp.autocast', 0),
  };
}
