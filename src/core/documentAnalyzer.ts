/**
 * Analysis of one open document across edits: re-parses incrementally from the previous lezer tree
 * (only the changed region is re-lexed) and caches the result by text, so asking twice costs nothing.
 */
import { TreeFragment, type Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { analyzeText, DEFAULT_OPTIONS, type AnalyzeOptions } from './analyze';
import type { FileAnalysis } from './results';

export class DocumentAnalyzer {
  private text = '';
  private tree: Tree | undefined;
  private fragments: readonly TreeFragment[] = [];
  private result: FileAnalysis | undefined;

  constructor(private options: AnalyzeOptions = DEFAULT_OPTIONS) {}

  /** New settings invalidate the cached result (the tree stays valid). */
  setOptions(options: AnalyzeOptions): void {
    this.options = options;
    this.result = undefined;
  }

  update(text: string): FileAnalysis {
    if (this.result && text === this.text) return this.result;
    let tree: Tree;
    if (this.tree) {
      // One changed range between the common prefix and suffix: what an edit or a paste produces.
      const change = diffRange(this.text, text);
      const fragments = TreeFragment.applyChanges(this.fragments, [change]);
      tree = parser.parse(text, fragments);
    } else {
      tree = parser.parse(text);
    }
    this.text = text;
    this.tree = tree;
    this.fragments = TreeFragment.addTree(tree);
    const { calls, diagnostics } = analyzeText(text, this.options, tree);
    this.result = { calls, diagnostics };
    return this.result;
  }
}

/** The changed region between two texts, as lezer's ChangedRange. */
export function diffRange(a: string, b: string): { fromA: number; toA: number; fromB: number; toB: number } {
  let start = 0;
  const min = Math.min(a.length, b.length);
  while (start < min && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  return { fromA: start, toA: endA, fromB: start, toB: endB };
}
