/**
 * What the engine says about code, at a place (every finding on every surface has this shape), and where a
 * model's input came from: plain data the evaluator writes and every floor above reads.
 */
import type { Span } from '../python/ast';

export type Severity = 'error' | 'warning' | 'info';

/** Something the engine has to say about the code, at a place: every finding, on every surface, has this shape. */
export interface Diagnostic {
  severity: Severity;
  message: string;
  /** A stable code for filtering and quick fixes: `shape`, `unexpected-keyword`, `guessed-input`… */
  code: string;
  /** The file it is in (its path, or `<call …>` for a call given on the command line). */
  file: string;
  /** 1-based lines, 0-based columns. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Character offsets in `file`. */
  span: Span;
  /** Other places that explain it: the layer's definition, where its input was produced. */
  related?: { file: string; line: number; column: number; message: string }[];
  /** The model it was found in, when it was found running one. */
  model?: string;
  /** In an installed package's file (a Python environment's), not the project's. */
  installed?: true;
}

/**
 * Where a model's input came from, best known first: given (--input, --call, the panel), annotated, the code's own
 * call, or guessed. `length`: a Keras model's own Input, with a None length taken as KERAS_NONE_LENGTH.
 */
export type ModelInputSource = 'option' | 'annotation' | 'code' | 'default' | 'inferred' | 'length';
