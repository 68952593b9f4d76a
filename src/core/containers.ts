/** Container figures from the layers written inside them. */
import type { CallResult } from './results';

/**
 * A container written with its layers inline (`nn.Sequential(nn.Conv2d(…), nn.ReLU())`) holds exactly
 * their params. Inner containers come after outer ones in source order, so walk backwards.
 */
export function sumContainerParams(calls: CallResult[]): void {
  for (let i = calls.length - 1; i >= 0; i--) {
    const c = calls[i];
    if (c.category !== 'container') continue;
    const inside = calls.slice(i + 1).filter((k) => k.span.from >= c.span.from && k.span.to <= c.span.to);
    const direct = inside.filter((k) => !inside.some((o) => o !== k && o.category === 'container' && k.span.from >= o.span.from && k.span.to <= o.span.to));
    if (direct.length > 0 && direct.every((k) => k.params !== null)) {
      c.params = direct.reduce((a, k) => a + (k.params ?? 0), 0);
      c.assumptions = [...new Set(direct.flatMap((k) => k.assumptions))];
      c.unknownReason = `${c.type} is a container: params are those of the ${direct.length} layer${direct.length === 1 ? '' : 's'} written inside it; costs come from whole-model evaluation`;
    }
  }
}
