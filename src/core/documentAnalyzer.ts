/**
 * Analysis of one open document across edits: re-parses incrementally from the previous lezer tree
 * (only the changed region is re-lexed), reuses the results of unchanged statements, and caches the
 * result by text, so asking twice costs nothing.
 */
import type { Tree } from '@lezer/common';
import { DEFAULT_OPTIONS, ModuleAnalyzer, type AnalyzeOptions } from './analyze';
import { IncrementalParse, type TextChange } from './python/reparse';
import type { FileAnalysis } from './results';

export type { TextChange } from './python/reparse';

export class DocumentAnalyzer {
  private text = '';
  private readonly parse = new IncrementalParse();
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
    return this.parse.current();
  }

  /**
   * Analyse the document's new text. `changes` are the edits since the last update, in the order they
   * were made, as the editor reports them (offsets into the text before each change); without them the
   * changed region is found by comparing texts.
   */
  update(text: string, changes?: readonly TextChange[]): FileAnalysis {
    if (this.result && text === this.text) return this.result;
    const tree = this.parse.update(text, changes);
    this.text = text;
    this.result = this.module.analyze(text, tree, this.options);
    return this.result;
  }
}
