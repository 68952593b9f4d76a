/**
 * The notes renderer (markdown-it, texmath, KaTeX: about half of the extension's code), bundled on its own
 * and loaded the first time notes are shown, so that activation does not pay for it.
 */
export { detectDoubleEncoding, FormulaQueue, renderNotes, stylesAsData, withLostMarkers } from '../core';
