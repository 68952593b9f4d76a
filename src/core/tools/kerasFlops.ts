/**
 * keras-flops 0.1.2 (tokusumi/keras-flops), for Keras models: docs/other-tools.md.
 */
import { type Count, type Tool, numel, out, inp, same, unknown } from './common';

/** TensorFlow's profiler per output element of an activation op (keras-flops counts what the registry has). */
const TF_ACTIVATION: Record<string, number> = { linear: 0, relu: 0, relu6: 0, sigmoid: 0, tanh: 0, elu: 0, softmax: 5 };

export const kerasFlops: Tool = {
  tool: 'keras-flops', figure: 'FLOPs from TensorFlow\'s profiler (2 per multiply-add, biases and more)', frameworks: ['keras'],
  print: (n) => `${(n / 1e9).toFixed(4)} G`,
  count(r) {
    if (r.op) return r.op.multAdds ? unknown(`${r.op.op}: a functional operation in a subclassed model`) : same(0);
    const l = r.layer;
    const m = l.multAdds ?? 0;
    const o = out(l);
    const activation = (): Count | undefined => {
      const a = l.activation ?? 'linear';
      return TF_ACTIVATION[a] === undefined ? unknown(`${l.path}: activation '${a}' (its TensorFlow ops are not modelled here)`) : undefined;
    };
    const act = () => TF_ACTIVATION[l.activation ?? 'linear'] * o;
    switch (l.type) {
      case 'InputLayer': case 'Flatten': case 'Reshape': case 'Permute': case 'Dropout': case 'ZeroPadding2D': case 'Cropping2D': case 'Concatenate': case 'ReLU':
        return same(0);
      case 'Conv1D': case 'Conv2D': case 'Conv3D': case 'DepthwiseConv2D': case 'SeparableConv1D': case 'SeparableConv2D': case 'Dense': {
        const bad = activation();
        if (bad) return bad;
        return { value: 2 * m + (l.bias ? o : 0) + act(), why: `${l.type}: 2 per multiply-add${l.bias ? ', 1 per output element for the bias' : ''}${act() ? `, ${TF_ACTIVATION[l.activation!]} per element for ${l.activation}` : ''}` };
      }
      case 'Activation': {
        const bad = activation();
        return bad ?? { value: act(), why: act() ? `${l.activation}: ${TF_ACTIVATION[l.activation!]} per element` : undefined };
      }
      case 'BatchNormalization': {
        const channels = l.channelsFirst ? l.outputShape[1] : l.outputShape[l.outputShape.length - 1];
        return { value: 2 * o + 6 * channels, why: 'BatchNormalization: 2 per element + 6 per channel' };
      }
      case 'MaxPooling2D': case 'AveragePooling2D':
        if (l.channelsFirst || !l.pool) return unknown(`${l.type}: TensorFlow's profiler supports NHWC pooling only`);
        return { value: numel(l.pool) * o, why: 'pooling: the window per output element' };
      case 'GlobalAveragePooling2D': case 'GlobalAveragePooling1D':
        return { value: inp(l), why: 'global average pooling: 1 per input element' };
      case 'GlobalMaxPooling2D': case 'GlobalMaxPooling1D':
        return { value: inp(l) - o, why: 'global max pooling: input − output elements' };
      case 'Add': case 'Subtract': case 'Multiply': case 'Maximum': case 'Minimum':
        return { value: (l.inputShapes.length - 1) * o, why: `${l.type}: 1 per output element per extra input` };
      default:
        return unknown(`${l.type}: keras-flops does not support it, or TensorFlow's profiler counts it in ways not modelled here`);
    }
  },
};
