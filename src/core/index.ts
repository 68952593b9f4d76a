/**
 * Layer Lens's engine, as the extension and the CLI use it: the only module they import from src/core. Plain
 * data in, plain data out; nothing here touches VS Code, Node or the DOM.
 */

// The one engine: a file's layer lines and operations in context, its models, its findings.
export { analyzeFile, evaluateModels, modelsAtBatch, type AnalysisOptions } from './context/fileAnalysis';
export { DocumentAnalysis, type DocumentVersion } from './context/documentAnalysis';
export { Engine, type EngineDisk } from './engine';
export type { FileSystem } from './eval/session';
export { torchSurface } from './context/surface';
export { MODULE_CACHE_VERSION, deserializeModule, serializeModule, type ContentHash, type ParseCache } from './python/moduleCache';
export { FileAnswers, readRun, RUN_CACHE_VERSION, serializeRun, stillHolds, type FileAnswer, type StoredRun } from './runCache';
export { timeBudgetStops } from './eval/interpreter';
export { preludePaths, preludeSource } from './eval/preludes';
export { entryName, folderParseCache, insideAny, nodeCacheFolderIo, type CacheFolderIo, type FolderParseCache, type NodeFolderFs } from './parseCacheFolder';
export type * from './results';
export { modelSummary, summaryParams } from './results';
export { KERAS_NONE_LENGTH } from './catalog/keras/types';
export { DEFAULT_INPUTS, inputDefaultsFrom, type InputDefaults } from './values/spec';

// Figures and how they read.
export { memoryAccessBytes, sumCalls, DTYPE_BYTES } from './values/figures';
export { bytes, compact, duration, exact, shape, shapeReader } from './values/format';
export { multAddsFormula, type Formula } from './cost/explain';
export { layerCost, type LayerCost, type PlainArg } from './cost/layerCost';
export { parseDirective } from './annotations';
export { parseInputSpec } from './inputSpec';
export { decodeSource } from './python/decode';
export { parsePythonModule } from './python/parse';

// What the notes say, and what is checked against them.
export { NOTES_TOPICS, topicById, topicForCall, topicForName, type NotesTopic } from './notes/topics';
export { checkGuidelines, opsFromCalls, opsFromModel, GUIDELINE_THRESHOLDS, type GuidelineOp } from './guidelines';
export { tripletCounts, TripletInputError, type TripletCounts } from './triplets/combinatorics';
export { findTripletSetup } from './triplets/setup';
export * from './calculators';

// Reports.
export { filePlaces, INPUT_SOURCE_TEXT, renderAnalysis, renderModel, renderTriplets, type Places } from './report';

// The notes: rendering (markdown-it, texmath, KaTeX) and the repair of double-encoded text.
export { renderNotes, withLostMarkers, sanitizeHtml, clearFormulaCache, stylesAsData, typesetFormula, type PendingFormula } from './notes/render';
export { FormulaQueue, type TypesetFormula } from './notes/mathQueue';
export { detectDoubleEncoding, repairDoubleEncoding, CODE_PAGES } from './notes/encoding';
export { imagePath } from './notes/imagePath';
export { notesToRender, NOTES_HEAD_CHARS, NOTES_MATH_BUDGET_MS, NOTES_SLICE_MS, NOTES_SPLIT_CHARS } from './notes/limits';
export { markdownCode, markdownText, terminalText } from './budget/escape';
export { formatLayers } from './copyTable';
export { isFile, MAX_FILE_BYTES, MAX_SOURCE_LINES, nodeFileIo, nodeRealPaths, readBounded, sourceSize, tooLargeToAnalyse, unreadable, withText, type FileIo } from './files';

// Notebooks, budgets.
export { analysisForCell, cellLine, joinCells, modelForCell, modelSource, notebookCode, type NotebookCode } from './notebook';
export * from './budget/config';
export { trainingMemory, inferenceMemory, OPTIMIZERS, type Optimizer, type TrainingMemory, type TrainingSetup } from './training/memory';
export { trainingFlops, type TrainingFlops } from './training/flops';
export { trainingOrder, type TrainingRow } from './training/trainable';
export { DEVICES, DEFAULT_FRACTIONS, findDevice, parseDevices, type DevicePreset } from './device/presets';
export { achievable, modelLatency, modelRowLatencies, rowLatency, rowsLatency, sumLatency, type Bound, type Latency, type ModelLatency, type RowLatencies } from './device/roofline';
export { otherTools, type OtherToolFigure } from './tools/otherTools';
export { consequences, LATENCY_NOTE, memoryBoundGuidelines, rangeText, renderConsequences, type ConsequenceOptions, type ModelConsequences } from './consequences';
export { checkBudget, peakActivation, type BudgetCheck, type BudgetResult } from './budget/check';
export { change, diffModel, type FigureChange, type LayerChange, type LayerSummary, type ModelDiff } from './budget/diff';
export { evaluateBudgetModel, runBudget } from './budget/evaluate';

// The webviews' messages, one typed protocol each.
export * from './protocol/costPanel';
export * from './protocol/notes';
export * from './protocol/engine';
export type { TextEdit } from './python/textEdits';
export { enclosingDefinition, topLevelDefinitions } from './python/definitions';
export { layerLine, layerLines, type LayerLine } from './features/layerLine';
export { callAt, hoverAt, type CallCard, type HoverFacts, type HoverLines, type LineRows, type PlacedModel } from './features/hover';
export { callsPanel, modelPanel, type CallsPanel, type ModelPanel } from './features/panel';
export { callShapeReader, callTime, distinctCallShapes } from './features/callCard';
export { environmentList, findEnvironments, nodeFolderProbe, type EnvironmentSearch, type FolderProbe, type PythonEnvironment } from './environments';
