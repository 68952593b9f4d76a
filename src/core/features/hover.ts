/**
 * What a hover shows at a place in a file, editor-neutral: the model a line binds (built elsewhere), every layer
 * the line builds with their sum, the card of the layer call under the cursor (its figures, each call's shapes,
 * the Mult-Adds formula with the numbers filled in, its time on the chosen device, its section of the notes) and
 * the line's functional operations. The extension turns it into markdown and words, and computes nothing.
 *
 * It is a function of the engine's answer for the lines around the cursor, and runs where that answer is kept:
 * the extension host keeps the answers per document version, so a hover over lines already asked about is
 * answered at once, never waiting on the worker (which may be evaluating another file for seconds).
 */
import type { DevicePreset } from '../device/presets';
import type { Latency } from '../device/roofline';
import { multAddsFormula, type Formula } from '../cost/explain';
import { topicById, topicForCall, type NotesTopic } from '../notes/topics';
import type { CallResult, ModelSummary, OperationResult } from '../results';
import type { Span } from '../python/ast';
import { shapeReader } from '../values/format';
import { callShapeReader, callTime, distinctCallShapes } from './callCard';
import { layerLine, type LayerLine } from './layerLine';

/** The engine's answer for some lines (protocol/engine.ts `lines`), as the hover reads it. */
export interface HoverLines {
  calls: readonly CallResult[];
  operations: readonly OperationResult[];
  placed?: readonly { line: number; summary: ModelSummary }[];
}

/** A layer call's card. */
export interface CallCard {
  call: CallResult;
  /** Each distinct `inputs → outputs` of its calls, when they differ (a block used at four resolutions). */
  shapes: string[];
  /** Mult-Adds in symbols and in numbers, and over all its calls when there are several. */
  formula?: Formula;
  /** Its time on the chosen device, or why not: nothing when no device is chosen or a figure is not known. */
  time?: Latency | { problem: string };
  /** The notes' section for the layer (what the code around it makes it: an SE block's convs, a Fire module's). */
  topic?: NotesTopic;
  /** ShuffleNet V2's section, for what MAC means. */
  macTopic?: NotesTopic;
}

/** A model built elsewhere that the line binds (`model = torchvision.models.resnet18()`), as its lens sums it up. */
export interface PlacedModel {
  summary: ModelSummary;
  /** Its input, read as the framework writes shapes. */
  input: string;
  /** Where a size the data decides was taken at its bound (`file.py:12`), when one was. */
  atBoundAt?: string;
}

/** A line that builds several layers: a row each (its input → output read), then their sum. */
export interface LineRows {
  sum: LayerLine;
  /** Per layer, in the order written: `1×64×56×56 → 1×64×56×56`, or — when not known. */
  io: string[];
}

export interface HoverFacts {
  placed?: PlacedModel;
  line?: LineRows;
  call?: CallCard;
  /** The line's functional operations (a matmul, an attention, a residual add). */
  operations: OperationResult[];
  /** What the hover covers: the call's span, or the whole line. */
  range: Span | 'line';
}

export interface HoverSettings {
  device?: DevicePreset;
  dtype: string;
}

/**
 * What the hover at `offset` (on 1-based `line`, whose text is `lineText`) shows, from the answer for the lines
 * around it; undefined when the place holds no layer, operation or model (the extension may still link the notes).
 */
export function hoverAt(lines: HoverLines, at: { line: number; offset: number; lineText: (line: number) => string }, o: HoverSettings): HoverFacts | undefined {
  const call = callAt(lines.calls, at.offset);
  const operations = lines.operations.filter((op) => op.line === at.line);
  const placed = lines.placed?.find((p) => p.line === at.line);
  if (!call && !operations.length && !placed) return undefined;
  const several = layerLine(lines.calls, at.line);
  return {
    ...(placed ? { placed: placedModel(placed.summary) } : {}),
    ...(several && several.layers.length > 1 ? { line: lineRows(several) } : {}),
    ...(call ? { call: callCard(call, at.lineText(call.line), o) } : {}),
    operations,
    range: call ? call.span : 'line',
  };
}

/** The innermost call whose text holds the offset (nn.Sequential(nn.Conv2d(…)) over the conv: the conv). */
export function callAt(calls: readonly CallResult[], offset: number): CallResult | undefined {
  const hits = calls.filter((c) => c.span.from <= offset && offset < c.span.to);
  return hits.sort((a, b) => a.span.to - a.span.from - (b.span.to - b.span.from))[0];
}

function callCard(c: CallResult, line: string, o: HoverSettings): CallCard {
  const formula = multAddsFormula(c);
  const time = callTime(c, o.device, o.dtype);
  const topic = topicForCall(c, line);
  return {
    call: c, shapes: distinctCallShapes(c), ...(formula ? { formula } : {}), ...(time ? { time } : {}), ...(topic ? { topic } : {}), macTopic: topicById('shufflenet'),
  };
}

function lineRows(sum: LayerLine): LineRows {
  return {
    sum,
    io: sum.layers.map((c) => {
      const shape = callShapeReader(c);
      return c.inputShapes && c.outputShape ? `${c.inputShapes.map(shape).join(', ')} → ${shape(c.outputShape)}` : '—';
    }),
  };
}

function placedModel(m: ModelSummary): PlacedModel {
  return {
    summary: m, input: m.input.map(shapeReader(m.framework, m.inputSource)).join(', '),
    ...(m.atBound ? { atBoundAt: `${m.atBound.file.slice(m.atBound.file.lastIndexOf('/') + 1)}:${m.atBound.line}` } : {}),
  };
}
