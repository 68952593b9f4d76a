/**
 * Analysis of one open document across edits: re-parses incrementally from the previous lezer tree
 * (only the changed region is re-lexed), reuses the results of unchanged statements, and caches the
 * result by text, so asking twice costs nothing.
 */
import { TreeFragment, type Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { DEFAULT_OPTIONS, ModuleAnalyzer, type AnalyzeOptions } from './analyze';
import type { FileAnalysis } from './results';

/** One edit: the range [from, to) of the old text was replaced by `insertLength` characters. */
export interface TextChange {
  from: number;
  to: number;
  insertLength: number;
}

export class DocumentAnalyzer {
  private text = '';
  private tree: Tree | undefined;
  private fragments: readonly TreeFragment[] = [];
  private result: FileAnalysis | undefined;
  private readonly module = new ModuleAnalyzer();

  constructor(private options: AnalyzeOptions = DEFAULT_OPTIONS) {}

  /** New settings invalidate the cached result (the tree stays valid). */
  setOptions(options: AnalyzeOptions): void {
    this.options = options;
    this.result = undefined;
  }

  /** The lezer tree of the last update. */
  currentTree(): Tree | undefined {
    return this.tree;
  }

  /**
   * Analyse the document's new text. `changes` are the edits since the last update, in the order they
   * were made, as the editor reports them (offsets into the text before each change); without them the
   * changed region is found by comparing texts.
   */
  update(text: string, changes?: readonly TextChange[]): FileAnalysis {
    if (this.result && text === this.text) return this.result;
    let tree: Tree;
    if (this.tree) {
      const ranges = changes?.length
        ? changes.map((c) => ({ fromA: c.from, toA: c.to, fromB: c.from, toB: c.from + c.insertLength }))
        : [diffRange(this.text, text)];
      let fragments = this.fragments;
      // applyChanges takes ranges in one coordinate space; successive edits are applied one at a time.
      for (const r of ranges) fragments = TreeFragment.applyChanges(fragments, [r]);
      tree = parser.parse(text, fragments);
    } else {
      tree = parser.parse(text);
    }
    this.text = text;
    this.tree = tree;
    this.fragments = TreeFragment.addTree(tree);
    this.result = this.module.analyze(text, tree, this.options);
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
