/**
 * The cost side panel's browser side: renders what the extension posts for the current selection. It
 * computes nothing; every figure comes from src/core through the extension.
 */
import type { FromPanel, PanelLayer, ToPanel, ViewMessage } from '../protocol';
import { compact, exact } from '../../core/cost/format';
import { bars, button, divider, el, numberField, table } from '../ui/toolkit';

declare function acquireVsCodeApi(): { postMessage(m: FromPanel): void };
const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let sortColumn = -1;

/** A narrow side bar fits four columns; the type and output shape go with the layer's name. */
const COLUMNS: { key: keyof PanelLayer; label: string }[] = [
  { key: 'name', label: 'layer' }, { key: 'params', label: 'params' }, { key: 'multAdds', label: 'Mult-Adds' }, { key: 'memoryAccessCost', label: 'MAC' },
];

function render(m: ViewMessage): void {
  const s = m.strings;
  const parts: HTMLElement[] = [el('h2', m.title)];
  if (m.input) parts.push(el('p', `${s.input}: ${m.input}`, 'muted'));
  const t = m.totals;
  parts.push(table(['', ''], [['params', exact(t.params)], ['Mult-Adds', exact(t.multAdds)], ['FLOPs', exact(t.flops)], ['MAC (memory access)', exact(t.memoryAccessCost)]], { columns: '1fr 1fr' }));
  if (m.layers.length) {
    const layers = m.layers.slice();
    if (sortColumn >= 0) {
      const key = COLUMNS[sortColumn].key;
      layers.sort((a, b) => (typeof a[key] === 'number' || typeof b[key] === 'number' ? Number(b[key] ?? -1) - Number(a[key] ?? -1) : String(a[key]).localeCompare(String(b[key]))));
    }
    parts.push(el('h3', s.layers));
    parts.push(table(COLUMNS.map((c) => c.label), layers.map((l) => [`${l.name} · ${l.type} → ${l.output}`, compact(l.params), compact(l.multAdds), compact(l.memoryAccessCost)]), {
      columns: '2.2fr 1fr 1fr 1fr',
      onHeader: (i) => {
        sortColumn = i;
        render(m);
      },
      onRow: (i) => vscode.postMessage({ type: 'reveal', line: layers[i].line }),
    }));
    parts.push(el('h3', s.costByLayer));
    parts.push(bars(layers.filter((l) => (l.multAdds ?? 0) > 0).slice(0, 40).map((l) => ({ label: l.name, value: l.multAdds ?? 0 }))));
    const copy = el('div', undefined, 'buttons');
    for (const f of ['markdown', 'csv', 'json'] as const) copy.appendChild(button(`${s.copyAs} ${f.toUpperCase()}`, () => vscode.postMessage({ type: 'copy', format: f })));
    parts.push(copy);
  }
  if (m.triplets) {
    const tr = m.triplets;
    parts.push(divider(), el('h3', s.triplets));
    const inputs = el('div', undefined, 'buttons');
    let P = tr.P;
    let K = tr.K;
    const send = () => vscode.postMessage({ type: 'triplets', P, K, B: tr.sampled?.B });
    inputs.appendChild(numberField('P', P, (v) => ((P = v), send())));
    inputs.appendChild(numberField('K', K, (v) => ((K = v), send())));
    parts.push(inputs);
    const rows: [string, number | null][] = [
      ['batch-hard  P·K', tr.batchHard], ['batch-all  P·K·(K−1)·(P·K−K)', tr.batchAll], ['positive pairs', tr.positivePairs],
      ['negative pairs', tr.negativePairs], ['distance matrix  (P·K)²', tr.distanceMatrix],
    ];
    if (tr.sampled) rows.push([`${tr.sampled.B} sampled: 6B²−4B`, tr.sampled.possibleTriplets]);
    parts.push(table([s.count, s.value], rows.map(([a, b]) => [a, exact(b)]), { columns: '2fr 1fr' }));
  }
  root.replaceChildren(...parts);
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as ToPanel;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'view') render(m);
  else if (m.type === 'empty') root.replaceChildren(el('p', m.text, 'muted'));
  else console.warn('layer-lens panel: unknown message', (m as { type?: unknown }).type);
});

vscode.postMessage({ type: 'ready' });
