/**
 * The cost side panel's browser side: renders what the extension posts for the current selection. It
 * computes nothing; every figure comes from src/core through the extension.
 */
import {
  type FromPanel, type GuidelineCheck, NO_DEVICE, PANEL_DTYPES, type PanelBudget, type PanelDevice, type PanelInput, type PanelLayer, type PanelOtherTool, type PanelTraining, type ViewMessage, parseToPanel,
} from '../../core/protocol/costPanel';
import { bytes, compact, exact } from '../../core/values/format';
import { badge, bars, button, divider, dropdown, el, numberField, table, textField } from '../ui/toolkit';

declare function acquireVsCodeApi(): { postMessage(m: FromPanel): void };
const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let sortColumn = -1;

/** A narrow side bar fits four columns (five with a device's time); the type and output shape go with the layer's name. */
const COLUMNS: { key: keyof PanelLayer; label: string }[] = [
  { key: 'name', label: 'layer' }, { key: 'params', label: 'params' }, { key: 'multAdds', label: 'Mult-Adds' }, { key: 'memoryAccessCost', label: 'MAC' }, { key: 'time', label: 'time' },
];

/** The copy buttons' formats, named as each is written (Markdown, CSV, JSON). */
const COPY_FORMATS = [['markdown', 'Markdown'], ['csv', 'CSV'], ['json', 'JSON']] as const;

/** What a column sorts by: a figure, a time's upper end, or text. */
function sortValue(l: PanelLayer, key: keyof PanelLayer): number | string {
  const v = l[key];
  if (key === 'time') return l.time?.upperMs ?? -1;
  return typeof v === 'number' ? v : v === null ? -1 : String(v);
}

function render(m: ViewMessage): void {
  const s = m.strings;
  const parts: HTMLElement[] = [el('h2', m.title), inputFields(m.input, s)];
  const t = m.totals;
  parts.push(table(['', ''], [
    ['params', exact(t.params)], ['Mult-Adds', exact(t.multAdds)], ['FLOPs', exact(t.flops)],
    ['MAC (memory access)', exact(t.memoryAccessCost)], [`MAC, ${m.input.dtype}`, bytes(t.memoryAccessBytes)],
  ], { columns: '1fr 1fr' }));
  if (m.budgets.length) parts.push(divider(), el('h3', s.budget), ...m.budgets.map((b) => budget(b, s)));
  if (m.guidelines.some((g) => g.status !== 'none')) parts.push(divider(), el('h3', s.guidelines), ...m.guidelines.map((g) => guideline(g, s[g.id] ?? g.title)));
  if (m.device) parts.push(divider(), device(m.device, s));
  if (m.layers.length) {
    const layers = m.layers.slice();
    const timed = !!m.device && m.device.selected !== NO_DEVICE && layers.some((l) => l.time);
    // A side bar fits four columns: with a device, the time takes params' place (the totals above keep them).
    // Narrower than FOUR_COLUMNS_PX, the last goes (MAC, or params with a device): every figure stays whole.
    const wide = timed ? COLUMNS.filter((c) => c.key !== 'params') : COLUMNS.slice(0, 4);
    const columns = fits === 4 ? wide : wide.filter((c) => c.key !== 'memoryAccessCost');
    if (sortColumn >= 0 && sortColumn < columns.length) {
      const key = columns[sortColumn].key;
      layers.sort((a, b) => {
        const [x, y] = [sortValue(a, key), sortValue(b, key)];
        return typeof x === 'number' && typeof y === 'number' ? y - x : String(x).localeCompare(String(y));
      });
    }
    parts.push(el('h3', s.layers));
    const cell = (l: PanelLayer, key: keyof PanelLayer): string => {
      if (key === 'name') return `${l.name} · ${l.type} → ${l.output}`;
      if (key === 'time') return l.time ? `${l.time.text}${l.time.bound === 'memory' ? ' ▪' : ''}` : '—';
      return compact(l[key] as number | null);
    };
    const row = (l: PanelLayer) => columns.map((c) => cell(l, c.key));
    // Figures never wrap: their columns take the width they need, and the layer's name gives way (cut with an
    // ellipsis, whole in its tooltip); a side bar narrower than that scrolls the table sideways.
    const grid = table(columns.map((c) => (c.key === 'time' ? s.time : c.label)), layers.map(row), {
      columns: ['minmax(5em, 1fr)', ...columns.slice(1).map(() => 'max-content')].join(' '),
      onHeader: (i) => {
        sortColumn = i;
        render(m);
      },
      onRow: (i) => {
        const line = layers[i].line;
        if (line) vscode.postMessage({ type: 'reveal', line });
      },
    });
    grid.classList.add('layers');
    const scroll = el('div', undefined, 'scroll');
    scroll.appendChild(grid);
    parts.push(scroll);
    if (timed) {
      parts.push(el('p', `▪ ${s.memoryBound}`, 'muted'), el('h3', s.timeByLayer));
      parts.push(bars(layers.filter((l) => (l.time?.upperMs ?? 0) > 0).slice(0, 40).map((l) => ({ label: `${l.name}${l.time!.bound === 'memory' ? ' ▪' : ''}`, value: l.time!.upperMs }))));
    }
    parts.push(el('h3', s.costByLayer));
    parts.push(bars(layers.filter((l) => (l.multAdds ?? 0) > 0).slice(0, 40).map((l) => ({ label: l.name, value: l.multAdds ?? 0 }))));
    const copy = el('div', undefined, 'buttons');
    for (const [f, name] of COPY_FORMATS) copy.appendChild(button(`${s.copyAs} ${name}`, () => vscode.postMessage({ type: 'copy', format: f })));
    parts.push(copy);
  }
  if (m.training) parts.push(divider(), training(m.training, s));
  if (m.otherTools?.length) parts.push(divider(), otherTools(m.otherTools, s));
  if (m.triplets) {
    const tr = m.triplets.counts;
    parts.push(divider(), el('h3', s.triplets), el('p', m.triplets.source, 'muted'));
    const inputs = el('div', undefined, 'buttons');
    let P = tr.P;
    let K = tr.K;
    const send = () => vscode.postMessage({ type: 'triplets', P, K, B: tr.sampled?.B });
    inputs.appendChild(numberField('P', P, (v) => ((P = v), send())));
    inputs.appendChild(numberField('K', K, (v) => ((K = v), send())));
    parts.push(inputs);
    const mark = (label: string, kind: 'batch-hard' | 'batch-all') => (m.triplets!.mining === kind ? `${label}  ◀ ${s.yourLoss}` : label);
    const rows: [string, number | null][] = [
      [mark('batch-hard  P·K', 'batch-hard'), tr.batchHard], [mark('batch-all  P·K·(K−1)·(P·K−K)', 'batch-all'), tr.batchAll], ['positive pairs', tr.positivePairs],
      ['negative pairs', tr.negativePairs], ['distance matrix  (P·K)²', tr.distanceMatrix],
    ];
    if (tr.sampled) rows.push([`${tr.sampled.B} sampled: 6B²−4B`, tr.sampled.possibleTriplets]);
    parts.push(table([s.count, s.value], rows.map(([a, b]) => [a, exact(b)]), { columns: '2fr 1fr' }));
  }
  root.replaceChildren(...parts);
}

/** Batch, shape (or image size) and dtype; a change asks the extension to recompute. */
function inputFields(input: PanelInput, s: Record<string, string>): HTMLElement {
  const box = el('div', undefined, 'input');
  let { batch, shape, dtype } = input;
  const send = () => vscode.postMessage({ type: 'input', batch, shape, dtype });
  const row = el('div', undefined, 'buttons');
  const fields = [
    numberField(s.batch, batch, (v) => ((batch = v), send())),
    textField(input.kind === 'model' ? s.shape : s.imageSize, shape, (v) => ((shape = v), send()), input.kind === 'model' ? 14 : 6),
  ];
  // A shape the code fixes (a Keras Input) is shown, not edited; the dtype (MAC in bytes) still is.
  if (!input.editable) for (const f of fields) f.setAttribute('readonly', '');
  row.append(...fields, dropdown(s.dtype, PANEL_DTYPES, dtype, (v) => ((dtype = v), send())));
  if (input.edited) row.appendChild(button(s.reset, () => vscode.postMessage({ type: 'resetInput' })));
  box.append(el('p', `${s.input}: ${input.source}`, 'muted'), row);
  if (input.error) box.appendChild(el('p', input.error, 'error'));
  return box;
}

const STATUS: Record<GuidelineCheck['status'], string> = { ok: '✓', warn: '!', none: '–' };

/** The device picker, the range on it and its memory-bound share, the line saying what a range is, and the rows a guideline names. */
function device(d: PanelDevice, s: Record<string, string>): HTMLElement {
  const box = el('div', undefined, 'device');
  box.append(el('h3', s.timeOn), dropdown(s.device, d.options, d.selected, (name) => vscode.postMessage({ type: 'device', name })));
  if (d.range) box.appendChild(el('p', `${d.range} · ${d.memoryBoundShare}% ${s.ofItMemoryBound}`, 'range'));
  if (d.problem) box.appendChild(el('p', d.problem, 'error'));
  if (d.selected !== NO_DEVICE) box.appendChild(el('p', d.note, 'muted'));
  for (const n of d.guidelineNotes) box.appendChild(el('div', n, 'worst'));
  return box;
}

/** Training memory by component, the optimizer picker, training FLOPs. */
function training(t: PanelTraining, s: Record<string, string>): HTMLElement {
  const box = el('div', undefined, 'training');
  box.append(el('h3', s.training), dropdown(s.optimizer, t.optimizers, t.optimizer, (name) => vscode.postMessage({ type: 'optimizer', name })));
  if (t.problem) box.appendChild(el('p', t.problem, 'error'));
  if (t.rows.length) box.appendChild(table(['', ''], t.rows.map((r) => [r.label, r.value]), { columns: '2fr 1fr' }));
  if (t.flops) box.appendChild(el('p', t.flops));
  if (t.sixND) box.appendChild(el('p', t.sixND, 'muted'));
  return box;
}

/** Each other tool's figure and why it differs, one line per difference. */
function otherTools(tools: PanelOtherTool[], s: Record<string, string>): HTMLElement {
  const box = el('div', undefined, 'other-tools');
  box.appendChild(el('h3', s.otherTools));
  for (const t of tools) {
    const head = el('div', undefined, 'guideline-head');
    head.append(el('strong', t.tool), el('span', ` ${t.printed ?? s.notShown}`));
    box.append(head, el('p', t.figure, 'muted'));
    for (const d of t.differences) box.appendChild(el('div', d, 'worst'));
  }
  return box;
}

/** One budget: its verdict, then each limited figure against its limit. */
function budget(b: PanelBudget, s: Record<string, string>): HTMLElement {
  const box = el('div', undefined, `budget ${b.status === 'ok' ? 'ok' : 'warn'}`);
  const head = el('div', undefined, 'guideline-head');
  head.append(badge(b.status === 'ok' ? `✓ ${s.withinBudget}` : b.status === 'over' ? `! ${s.overBudget}` : `! ${s.notChecked}`, b.status === 'ok' ? 'ok' : 'warn'), el('strong', b.name));
  box.append(head, el('p', b.source, 'muted'));
  if (b.problem) box.appendChild(el('p', b.problem));
  // One figure a line, wrapping in a narrow side bar: `✗ params 71,168 / limit 64,000`, then its headroom.
  for (const c of b.checks) {
    const row = el('div', undefined, `budget-check ${c.ok ? 'ok' : 'over'}`);
    row.append(el('strong', `${c.ok ? '✓' : '✗'} ${c.label}`), el('span', ` ${c.value} / ${s.limit} ${c.limit}`));
    box.append(row, el('div', `${s.headroom} ${c.headroom}`, 'worst'));
  }
  return box;
}

function guideline(g: GuidelineCheck, title: string): HTMLElement {
  const box = el('div', undefined, `guideline ${g.status}`);
  const head = el('div', undefined, 'guideline-head');
  head.append(badge(`${g.id} ${STATUS[g.status]}`, g.status), el('strong', title));
  box.append(head, el('p', g.summary));
  for (const w of g.worst) {
    const row = el('div', `${w.name}: ${w.detail}`, w.line ? 'worst link' : 'worst');
    if (w.line) row.addEventListener('click', () => vscode.postMessage({ type: 'reveal', line: w.line }));
    box.appendChild(row);
  }
  return box;
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = parseToPanel(event.data);
  if (!m) {
    console.warn('layer-lens panel: dropped a malformed message');
    return;
  }
  if (m.type === 'view') render((last = m));
  else root.replaceChildren(el('p', m.text, 'muted'));
});

/**
 * How many columns the layer table fits: four from FOUR_COLUMNS_PX of panel, else three. A resize across that
 * width renders the table again (dragging the side bar's edge).
 */
const FOUR_COLUMNS_PX = 380;
let fits = columnsFor(document.body.clientWidth);
let last: ViewMessage | undefined;
function columnsFor(width: number): 3 | 4 {
  return width >= FOUR_COLUMNS_PX ? 4 : 3;
}
new ResizeObserver(() => {
  const now = columnsFor(document.body.clientWidth);
  if (now === fits) return;
  fits = now;
  if (last) render(last);
}).observe(document.body);

vscode.postMessage({ type: 'ready' });
