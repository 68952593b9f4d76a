/**
 * Our own small set of UI components. Everything from @vscode/webview-ui-toolkit (deprecated upstream)
 * is used only here, so replacing it touches this folder alone. Text is always set as text, never as HTML.
 */
import {
  provideVSCodeDesignSystem, vsCodeButton, vsCodeDataGrid, vsCodeDataGridCell, vsCodeDataGridRow, vsCodeDivider, vsCodeDropdown, vsCodeOption, vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

provideVSCodeDesignSystem().register(
  vsCodeDataGrid(), vsCodeDataGridRow(), vsCodeDataGridCell(), vsCodeButton(), vsCodeTextField(), vsCodeDivider(), vsCodeDropdown(), vsCodeOption(),
);

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** A theme-aware table: a header row, then one row per entry. `onHeader` makes headers clickable (sorting). */
export function table(
  headers: string[],
  rows: string[][],
  opts: { onHeader?: (i: number) => void; onRow?: (i: number) => void; columns?: string } = {},
): HTMLElement {
  const grid = document.createElement('vscode-data-grid');
  grid.setAttribute('grid-template-columns', opts.columns ?? headers.map(() => 'auto').join(' '));
  const row = (cells: string[], header: boolean, index: number) => {
    const r = document.createElement('vscode-data-grid-row');
    if (header) r.setAttribute('row-type', 'header');
    cells.forEach((text, i) => {
      const c = document.createElement('vscode-data-grid-cell');
      if (header) {
        c.setAttribute('cell-type', 'columnheader');
        if (opts.onHeader) c.addEventListener('click', () => opts.onHeader!(i));
      }
      c.setAttribute('grid-column', String(i + 1));
      c.textContent = text;
      // A cell cut to fit (a long layer name) is whole in its tooltip.
      c.title = text;
      r.appendChild(c);
    });
    if (!header && opts.onRow) r.addEventListener('click', () => opts.onRow!(index));
    return r;
  };
  grid.appendChild(row(headers, true, -1));
  rows.forEach((r, i) => grid.appendChild(row(r, false, i)));
  return grid;
}

export function button(label: string, onClick: () => void): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('appearance', 'secondary');
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

export function numberField(label: string, value: number, onChange: (v: number) => void): HTMLElement {
  const f = document.createElement('vscode-text-field') as HTMLElement & { value: string };
  f.setAttribute('size', '6');
  f.setAttribute('value', String(value));
  f.textContent = label;
  f.addEventListener('change', () => {
    const v = Number(f.value);
    if (Number.isSafeInteger(v) && v > 0) onChange(v);
  });
  return f;
}

/** A labelled text field; `onChange` gets its value when the user commits it (Enter or leaving the field). */
export function textField(label: string, value: string, onChange: (v: string) => void, size = 14): HTMLElement & { value: string } {
  const f = document.createElement('vscode-text-field') as HTMLElement & { value: string };
  f.setAttribute('size', String(size));
  f.setAttribute('value', value);
  f.textContent = label;
  f.addEventListener('change', () => onChange(f.value));
  return f;
}

/** A labelled dropdown: plain string options, or values shown by a label. */
export function dropdown(label: string, options: (string | { value: string; label: string })[], value: string, onChange: (v: string) => void): HTMLElement {
  const wrap = el('label', undefined, 'dropdown');
  wrap.appendChild(el('span', label));
  const d = document.createElement('vscode-dropdown') as HTMLElement & { value: string };
  for (const o of options) {
    const { value: v, label: text } = typeof o === 'string' ? { value: o, label: o } : o;
    const opt = document.createElement('vscode-option');
    opt.setAttribute('value', v);
    if (v === value) opt.setAttribute('selected', '');
    opt.textContent = text;
    d.appendChild(opt);
  }
  d.addEventListener('change', () => onChange(d.value));
  wrap.appendChild(d);
  return wrap;
}

/** A short status label, coloured by its class (the toolkit's badge is a round counter, too small for words). */
export function badge(text: string, className?: string): HTMLElement {
  return el('span', text, `badge ${className ?? ''}`.trim());
}

/** Horizontal bars, widths set through the CSSOM (allowed by the panel's CSP; no inline style attributes). */
export function bars(items: { label: string; value: number }[]): HTMLElement {
  const max = Math.max(1, ...items.map((i) => i.value));
  const wrap = el('div', undefined, 'bars');
  for (const item of items) {
    const row = el('div', undefined, 'bar-row');
    row.appendChild(el('span', item.label, 'bar-label'));
    const bar = el('span', undefined, 'bar');
    bar.style.width = `${Math.max(0.5, (100 * item.value) / max)}%`;
    row.appendChild(bar);
    wrap.appendChild(row);
  }
  return wrap;
}

export function divider(): HTMLElement {
  return document.createElement('vscode-divider');
}
