/**
 * The side panel's layer table as Markdown, CSV or JSON, for its copy buttons: text that goes into documents and
 * spreadsheets, where nothing from the code may become markup or a formula.
 */
import { markdownCode } from './budget/escape';
import type { ViewMessage } from './protocol/costPanel';

export function formatLayers(m: ViewMessage, format: 'markdown' | 'csv' | 'json'): string {
  const rows = m.layers.map((l) => [l.name, l.type, l.params, l.multAdds, l.flops, l.memoryAccessCost, l.output]);
  const header = ['layer', 'type', 'params', 'Mult-Adds', 'FLOPs', 'MAC', 'output'];
  if (format === 'json') return JSON.stringify({ title: m.title, totals: m.totals, layers: m.layers }, null, 2);
  const cell = (v: unknown) => (v === null ? '' : String(v));
  // A text cell that a spreadsheet would read as a formula (`=HYPERLINK(…)` as a module name) is kept as text.
  const csv = (v: unknown) => {
    const s = cell(v);
    return `"${(typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
  };
  if (format === 'csv') return [header, ...rows].map((r) => r.map(csv).join(',')).join('\n');
  // Markdown: names in code spans that nothing in them can close, figures as they are.
  const md = (v: unknown) => (typeof v === 'string' ? markdownCode(v) : cell(v));
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(md).join(' | ')} |`)].join('\n');
}
