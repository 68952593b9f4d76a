/**
 * Messages between the extension host and the engine's worker thread (src/engine/worker.ts). Plain data both
 * ways: the worker holds each open document's analysis, the host keeps the latest answers and never evaluates.
 */
import type { AnalysisOptions } from '../context/fileAnalysis';
import type { TextEdit } from '../python/textEdits';
import type { PythonEnvironment } from '../environments';
import type { CallResult, Diagnostic, FileAnalysis, ModelResult, ModelSummary, OperationResult } from '../results';

/** The document a question is about, at one version. */
export interface EngineDocument {
  /** The document's (or notebook's) URI: the worker's key for its analysis. */
  key: string;
  /** The host's version; an answer for another version is stale. */
  version: string;
  /** The path it is evaluated as. */
  file: string;
  /** Its text: sent with the first question about this version only. */
  text?: string;
  /**
   * Instead of the text: the edits from the version the worker holds (`since`) to this one, in the order made,
   * and the length they give (a check). A worker holding another version answers `stale`; the text comes next.
   */
  edits?: { since: string; changes: TextEdit[]; length: number };
  /** Folders imports resolve from (the workspace folder). */
  roots: string[];
  /** Other open documents' unsaved text by path, sent with `text`: an import reads them instead of the disk. */
  unsaved?: [string, string][];
  /** The Python environments installed packages are read from, as the host found them (../environments.ts). */
  environments?: PythonEnvironment[];
}

export type EngineQuery =
  /**
   * Layer lines and operations between two lines (1-based, inclusive), each in its context; with what the lenses
   * show of the models of `models` (the definitions there) that the version already has, evaluated or carried.
   */
  | { op: 'lines'; from: number; to: number; models?: string[] }
  /** The model of a class or factory. */
  | { op: 'model'; definition: string }
  /** The complete analysis's findings alone (what Problems shows). */
  | { op: 'diagnostics' }
  /** Everything: every model evaluated. */
  | { op: 'analysis' }
  /** The file analysed again on other options (an input set in the panel, a budget's call). */
  | { op: 'custom'; options: AnalysisOptions };

export interface EngineAnswers {
  lines: {
    calls: CallResult[];
    operations: OperationResult[];
    atHand?: [string, ModelSummary | null][];
    /** Models built at the top level in the range that no class or factory names, with the line their lens goes on. */
    placed?: { line: number; summary: ModelSummary }[];
  };
  model: ModelResult | null;
  diagnostics: Diagnostic[];
  analysis: FileAnalysis;
  custom: FileAnalysis;
}

/** Host → worker. */
export type ToEngine =
  | { type: 'ask'; id: number; doc: EngineDocument; query: EngineQuery; settings: AnalysisOptions }
  /** The document was closed: its analysis can go. */
  | { type: 'close'; key: string };

/** What the worker is evaluating: named in the message when the host has to stop it there. */
export interface Construct {
  key: string;
  version: string;
  file: string;
  /** 1-based. */
  line: number;
  /** `class ResNet`, `def resnet50`, or the file's top level. */
  name: string;
}

/** Worker → host. */
export type FromEngine =
  | { type: 'answer'; id: number; value: unknown }
  /** The document changed while the question waited: there is no answer for that version. */
  | { type: 'stale'; id: number }
  | { type: 'failed'; id: number; message: string }
  /** The worker started on a construct: it is alive, and this is where it is. */
  | { type: 'working'; on: Construct };
