/**
 * What a layer call's hover card shows beyond its figures, editor-neutral: each call's shapes when its calls differ
 * (a block used at four resolutions), and its time on the chosen device. The extension adds words and markdown.
 */
import { rowsLatency, type Latency } from '../device/roofline';
import type { DevicePreset } from '../device/presets';
import type { CallResult } from '../results';
import { shapeReader } from '../values/format';

/** How a call's shapes read: `1×64×56×56`, or Keras's `(None, 56, 56, 64)` in a model built on its own Input. */
export function callShapeReader(c: CallResult): (s: number[] | null | undefined) => string {
  return shapeReader(c.framework, c.inputSource?.kind === 'model' ? c.inputSource.input : undefined);
}

/** Each distinct `inputs → outputs` of the call's calls, in the order met: none when they are all alike. */
export function distinctCallShapes(c: CallResult): string[] {
  const shape = callShapeReader(c);
  const distinct = [...new Set(c.calls.map((k) => `${k.inputs.map(shape).join(', ')} → ${k.outputs.map(shape).join(', ')}`))];
  return distinct.length > 1 ? distinct : [];
}

/** The call's time on a device (a range, and what bounds it), why not, or nothing when no device is chosen or a figure is not known. */
export function callTime(c: CallResult, device: DevicePreset | undefined, dtype: string): Latency | { problem: string } | undefined {
  if (!device) return undefined;
  const r = rowsLatency([c], device, dtype);
  if ('problem' in r) return r;
  return r.rows[0] ?? undefined;
}
