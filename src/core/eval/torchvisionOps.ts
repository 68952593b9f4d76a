/**
 * torch.ops.torchvision: the C++ operators torchvision.ops calls (its Python is read as installed), as
 * torchvision 0.14 computes their shapes. RoI pooling gives one map per box row; nms keeps a number of boxes that
 * depends on their scores: it is taken at its bound, all of them (TorchOps.atBound). What torchvision builds for
 * CPU says it has no CUDA.
 * By the counting conventions these operators are not Mult-Adds (docs/conventions.md: RoI sampling is
 * interpolation, not a layer's multiply-accumulate); their rows still show shapes and memory traffic.
 */
import type { TorchOps } from './torchOps';
import { type RValue, type TensorValue, builtin, int, NONE, tuple } from '../values/value';

type Args = RValue[];

export function torchvisionOpsModule(ops: TorchOps): Map<string, RValue> {
  const m = new Map<string, RValue>();
  /**
   * roi_align(input, rois, spatial_scale, pooled_height, pooled_width, …): one pooled_height × pooled_width map of
   * every channel per row of rois (K × 5: batch index and box). Position-sensitive forms divide the channels by
   * the bins. Those that return a second tensor (argmax, channel mapping) return it as int32, of the same shape.
   */
  const roi = (name: string, sensitive: boolean, pair: boolean) => builtin(`torch.ops.torchvision.${name}`, (args: Args, _k, site) => {
    const [input, rois, , ph, pw] = args;
    const height = ph?.kind === 'int' ? ph.value : undefined;
    const width = pw?.kind === 'int' ? pw.value : undefined;
    const out = (shape: number[] | null): RValue => {
      const t = ops.tensor(shape, site);
      return pair ? tuple([t, ops.tensor(shape, site, 'int32')]) : t;
    };
    if (input?.kind !== 'tensor' || rois?.kind !== 'tensor' || height === undefined || width === undefined || !input.shape || !rois.shape) return out(null);
    if (input.shape.length !== 4) return fail(`IndexError: Dimension out of range (expected to be in range of [-${input.shape.length}, ${input.shape.length - 1}], but got 3)`);
    if (rois.shape.length !== 2 || rois.shape[1] !== 5) return fail('rois must have shape as Tensor[K, 5]');
    const channels = input.shape[1];
    if (sensitive && channels % (height * width) !== 0) return fail('input channels must be a multiple of pooling height * pooling width');
    const shape = [rois.shape[0], sensitive ? channels / (height * width) : channels, height, width];
    const result = ops.shapeOp(name, [input, rois], site, () => ({ shape, kind: 'copy' }));
    return pair ? tuple([result, ops.tensor(shape, site, 'int32')]) : result;

    function fail(message: string): RValue {
      const t = ops.fail(message, site, [input, rois] as TensorValue[]);
      return pair ? tuple([t, ops.tensor(null, site, 'int32')]) : t;
    }
  });
  m.set('roi_align', roi('roi_align', false, false));
  m.set('roi_pool', roi('roi_pool', false, true));
  m.set('ps_roi_align', roi('ps_roi_align', true, true));
  m.set('ps_roi_pool', roi('ps_roi_pool', true, true));
  // nms(boxes, scores, iou_threshold): the indices of the boxes kept, best first; how many is the data's.
  m.set('nms', builtin('torch.ops.torchvision.nms', ([boxes], _k, site) => {
    if (boxes?.kind === 'tensor' && boxes.shape?.length !== 2 && boxes.shape) return ops.fail(`boxes should be a 2d tensor, got ${boxes.shape.length}D`, site, [boxes]);
    if (boxes?.kind === 'tensor' && boxes.shape && boxes.shape[1] !== 4) return ops.fail(`boxes should have 4 elements in dimension 1, got ${boxes.shape[1]}`, site, [boxes]);
    if (boxes?.kind !== 'tensor' || !boxes.shape) return ops.tensor(null, site, 'int64');
    // One box or none: kept as they are. More: as many as survive, at most all of them.
    if (boxes.shape[0] > 1) ops.atBound('how many boxes nms keeps', boxes.shape[0], site);
    return ops.tensor([boxes.shape[0]], site, 'int64');
  }));
  m.set('_cuda_version', builtin('torch.ops.torchvision._cuda_version', () => int(-1)));
  return m;
}

/** torch.ops: torchvision's operators; loading a library of operators changes nothing that is counted. */
export function torchOpsModule(torchvision: RValue): Map<string, RValue> {
  return new Map<string, RValue>([['torchvision', torchvision], ['load_library', builtin('torch.ops.load_library', () => NONE)]]);
}
