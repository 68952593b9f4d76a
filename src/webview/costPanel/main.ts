/**
 * The cost panel's browser side: renders the layer calls the extension posts. It computes nothing;
 * every figure comes from src/core through the extension.
 */
import type { CallResult } from '../../core/results';
import { compact, shape } from '../../core/cost/format';
import { table } from '../ui/toolkit';

interface CallsMessage {
  type: 'calls';
  file: string;
  calls: CallResult[];
}

function isCallsMessage(m: unknown): m is CallsMessage {
  return typeof m === 'object' && m !== null && (m as CallsMessage).type === 'calls' && Array.isArray((m as CallsMessage).calls);
}

const root = document.getElementById('root');

window.addEventListener('message', (event: MessageEvent) => {
  if (!root || !isCallsMessage(event.data)) return;
  const rows = event.data.calls.map((c) => [
    String(c.line), c.type, compact(c.params), compact(c.multAdds), compact(c.flops), compact(c.memoryAccessCost), `${shape(c.inputShape)} → ${shape(c.outputShape)}`,
  ]);
  root.replaceChildren(table(['line', 'layer', 'params', 'Mult-Adds', 'FLOPs', 'MAC', 'input → output'], rows));
});
