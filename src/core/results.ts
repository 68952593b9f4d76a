/**
 * What analysis returns: plain JSON-serializable data, identical for the CLI, hovers and panels.
 * Names follow ../shared/docs/counting-conventions.md; a figure that cannot be known is null with a reason.
 */
import type { Span } from './python/ast';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** 1-based line, 0-based column of the start. */
  line: number;
  column: number;
  span: Span;
  /** A stable code for quick fixes and filtering, e.g. `unexpected-keyword`. */
  code: string;
}

/** Where the input shape of a layer call came from. */
export type InputSource =
  | { kind: 'annotation'; line: number }
  | { kind: 'default'; settings: string };

export interface ArgumentView {
  name: string;
  /** Python repr of the value, or its source text when unknown. */
  value: string;
  known: boolean;
  fromDefault: boolean;
}

/** One layer constructor call site, with its costs for one forward call on `inputShape`. */
export interface CallResult {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  span: Span;
  /** The span of the callee (`nn.Conv2d`), where hovers and CodeLens anchor. */
  calleeSpan: Span;
  type: string;
  qualifiedName: string;
  framework: 'torch';
  category: string;
  arguments: ArgumentView[];
  params: number | null;
  /** Params as a formula in the unknown arguments, when params is null because of them. */
  paramsFormula: string | null;
  buffers: number | null;
  multAdds: number | null;
  flops: number | null;
  otherOps: number | null;
  /** Memory access cost in elements: inputs + outputs + params. */
  memoryAccessCost: number | null;
  memoryAccessBytes: number | null;
  inputShape: number[] | null;
  inputShapes: number[][] | null;
  outputShape: number[] | null;
  outputShapes: number[][] | null;
  inputSource: InputSource | null;
  /** Why the cost figures are null, when they are. */
  unknownReason: string | null;
  /** Defaults the figures assume for values the call site cannot know, e.g. `planes = 64 (its default)`. */
  assumptions: string[];
  /** Slug of the notes section for this layer. */
  notes: string | null;
  diagnostics: Diagnostic[];
}

export interface FileAnalysis {
  calls: CallResult[];
  /** File-level problems: syntax errors, unreadable annotations. */
  diagnostics: Diagnostic[];
}

/** One of ShuffleNet V2's guidelines G1–G4 checked on a model or selection (src/core/guidelines.ts). */
export interface GuidelineCheck {
  id: 'G1' | 'G2' | 'G3' | 'G4';
  title: string;
  /** `warn`: past the threshold; `ok`: within it; `none`: nothing in scope the guideline is about. */
  status: 'ok' | 'warn' | 'none';
  /** One sentence with the numbers. */
  summary: string;
  /** The same numbers, for tables and tests. */
  figures: Record<string, number>;
  /** The layers (or blocks) that weigh most, worst first, at most three. */
  worst: { name: string; line: number; file?: string; detail: string }[];
}
