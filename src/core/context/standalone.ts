/**
 * A layer line no model runs (a snippet, a layer at the top level, a block no model builds): the layer alone, on
 * its annotation or on the default input for its kind. A default input that does not fit is a note, never an
 * error; an annotation that does not fit is the user's mistake, at the layer.
 */
import { LayerError, type InputDefaults, type Shape } from '../values/spec';
import { NeedsValue } from '../values/argReader';
import { NO_FIGURES, type Figures } from '../values/figures';
import { runSpec } from '../catalog/run';
import type { ModuleNode } from '../values/moduleTree';
import type { InputAnnotation } from '../annotations';
import type { InputSource } from '../results';

export interface Alone extends Figures {
  inputShapes: Shape[] | null;
  outputShapes: Shape[] | null;
  inputSource: InputSource | null;
  unknownReason: string | null;
  /** The annotated input does not fit the layer: PyTorch would raise. */
  error?: string;
  /** What the figures need that is not known (argument symbols). */
  needs: string[];
}

/** The layer built at `node`, run once alone. */
export function alone(node: ModuleNode, annotation: InputAnnotation | undefined, defaults: InputDefaults): Alone {
  const out: Alone = { ...NO_FIGURES, inputShapes: null, outputShapes: null, inputSource: null, unknownReason: null, needs: [] };
  const layer = node.layer;
  if (!layer || !('defaultInput' in layer.spec)) {
    out.unknownReason = node.instance.cls.qualname.startsWith('keras')
      ? 'a Keras layer is built on its first input, and no model calls this one'
      : 'no model runs this layer';
    return out;
  }
  if (layer.config === undefined) {
    out.unknownReason = 'the call has errors';
    return out;
  }
  const { spec, config } = layer;
  let inputs: Shape[];
  if (annotation) {
    inputs = annotation.shapes;
    out.inputSource = { kind: 'annotation', line: annotation.line };
  } else {
    try {
      inputs = spec.defaultInput(config, defaults);
      out.inputSource = { kind: 'default', settings: 'layerLens.defaultInput' };
    } catch (e) {
      if (e instanceof NeedsValue) out.needs = e.symbols;
      out.unknownReason = e instanceof NeedsValue
        ? `no default input shape: ${e.message}; annotate it, e.g. \`# layer-lens: input 1x64x56x56\``
        : e instanceof LayerError ? e.message : 'no default input shape';
      return out;
    }
  }
  out.inputShapes = inputs;
  try {
    const run = runSpec(spec, config, inputs, { params: layer.params ?? 0 });
    out.outputShapes = run.outputs;
    Object.assign(out, run.figures);
    if (layer.params === null) out.memoryAccessCost = null;
  } catch (e) {
    if (e instanceof NeedsValue) {
      out.needs = e.symbols;
      out.unknownReason = `no costs: ${e.message}`;
    } else if (e instanceof LayerError) {
      if (annotation) {
        out.error = `${e.message} (the annotated input)`;
        out.unknownReason = 'the annotated input does not fit this layer';
      } else {
        out.unknownReason = `${e.message}; this is the default input, annotate the real one`;
      }
    } else {
      throw e;
    }
  }
  return out;
}
