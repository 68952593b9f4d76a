/**
 * Our own small set of UI components. Everything from @vscode/webview-ui-toolkit (deprecated upstream)
 * is used only here, so replacing it touches this folder alone.
 */
import { provideVSCodeDesignSystem, vsCodeBadge, vsCodeDataGrid, vsCodeDataGridCell, vsCodeDataGridRow } from '@vscode/webview-ui-toolkit';

provideVSCodeDesignSystem().register(vsCodeDataGrid(), vsCodeDataGridRow(), vsCodeDataGridCell(), vsCodeBadge());

/** A theme-aware table: a header row, then one row per entry. Cell text is set as text, never as HTML. */
export function table(headers: string[], rows: string[][]): HTMLElement {
  const grid = document.createElement('vscode-data-grid');
  grid.setAttribute('grid-template-columns', headers.map(() => 'auto').join(' '));
  const row = (cells: string[], header: boolean) => {
    const r = document.createElement('vscode-data-grid-row');
    if (header) r.setAttribute('row-type', 'header');
    cells.forEach((text, i) => {
      const c = document.createElement('vscode-data-grid-cell');
      if (header) c.setAttribute('cell-type', 'columnheader');
      c.setAttribute('grid-column', String(i + 1));
      c.textContent = text;
      r.appendChild(c);
    });
    return r;
  };
  grid.appendChild(row(headers, true));
  for (const r of rows) grid.appendChild(row(r, false));
  return grid;
}

/** A small label such as a layer type. */
export function badge(text: string): HTMLElement {
  const b = document.createElement('vscode-badge');
  b.textContent = text;
  return b;
}
