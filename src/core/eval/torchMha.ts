/**
 * F.multi_head_attention_forward, the function nn.MultiheadAttention runs, called directly (CLIP's attention
 * pooling): packed or separate projections, bias_k/bias_v and a zero attention row, the weights averaged over the
 * heads or not. Counted as the layer is (catalog/torch/attention.ts), with an out projection of as many features
 * as its weight has rows. Checked against PyTorch in test/oracle/corpus_constructs.py.
 */
import { attentionCost } from '../catalog/torch/attention';
import { type CallSite, type RValue, type TensorValue, NONE, tuple } from '../values/value';
import type { TensorOps } from './tensorOps';

const ARGS = ['query', 'key', 'value', 'embed_dim_to_check', 'num_heads', 'in_proj_weight', 'in_proj_bias', 'bias_k', 'bias_v', 'add_zero_attn',
  'dropout_p', 'out_proj_weight', 'out_proj_bias', 'training', 'key_padding_mask', 'need_weights', 'attn_mask', 'use_separate_proj_weight',
  'q_proj_weight', 'k_proj_weight', 'v_proj_weight', 'static_k', 'static_v', 'average_attn_weights'];

export function multiHeadAttentionForward(ops: TensorOps) {
  return (args: RValue[], kwargs: Map<string, RValue>, site: CallSite): RValue => {
    const a = (name: string): RValue | undefined => kwargs.get(name) ?? args[ARGS.indexOf(name)];
    const tensor = (name: string) => ops.tensorArg(a(name));
    const flag = (name: string, fallback: boolean) => {
      const v = a(name);
      return v?.kind === 'bool' ? v.value : fallback;
    };
    const unknown = () => tuple([ops.tensor(null, site), ops.tensor(null, site)]);
    const [q, k, v, outW] = [tensor('query'), tensor('key'), tensor('value'), tensor('out_proj_weight')];
    const E = a('embed_dim_to_check');
    const heads = a('num_heads');
    if (!q?.shape || !k?.shape || !v?.shape || !outW?.shape || E?.kind !== 'int' || heads?.kind !== 'int') return unknown();
    // Keys given ready-made (static_k/static_v) skip their projection: not followed.
    if ((a('static_k') ?? NONE).kind !== 'none' || (a('static_v') ?? NONE).kind !== 'none') return unknown();
    const fail = (message: string) => tuple([ops.fail(message, site, [q, k, v] as TensorValue[]), ops.tensor(null, site)]);
    const batched = q.shape.length === 3;
    if (batched && (k.shape.length !== 3 || v.shape.length !== 3)) return fail(`For batched (3-D) \`query\`, expected \`key\` and \`value\` to be 3-D but found ${k.shape.length}-D and ${v.shape.length}-D tensors respectively`);
    if (!batched && (q.shape.length !== 2 || k.shape.length !== 2 || v.shape.length !== 2)) return fail(`query should be unbatched 2D or batched 3D tensor but received ${q.shape.length}-D query tensor`);
    const [L, N] = batched ? [q.shape[0], q.shape[1]] : [q.shape[0], 1];
    const S = k.shape[0];
    if (q.shape[q.shape.length - 1] !== E.value) return fail(`was expecting embedding dimension of ${E.value}, but got ${q.shape[q.shape.length - 1]}`);
    if (E.value % heads.value !== 0) return fail(`embed_dim ${E.value} not divisible by num_heads ${heads.value}`);
    const separate = flag('use_separate_proj_weight', false);
    const [kdim, vdim] = [k.shape[k.shape.length - 1], v.shape[v.shape.length - 1]];
    if (separate) {
      if (k.shape.slice(0, -1).join() !== v.shape.slice(0, -1).join()) return fail(`key's sequence and batch dims ${k.shape.slice(0, -1)} do not match value's ${v.shape.slice(0, -1)}`);
      if (!tensor('q_proj_weight') || !tensor('k_proj_weight') || !tensor('v_proj_weight')) return fail('use_separate_proj_weight is True but q_proj_weight, k_proj_weight or v_proj_weight is None');
    } else {
      if (k.shape.join() !== v.shape.join()) return fail(`key shape ${k.shape} does not match value shape ${v.shape}`);
      if (!tensor('in_proj_weight')) return fail('use_separate_proj_weight is False but in_proj_weight is None');
      if (kdim !== E.value) return fail(`mat1 and mat2 shapes cannot be multiplied (${S * (batched ? k.shape[1] : 1)}x${kdim} and ${E.value}x${3 * E.value})`);
    }
    const extra = (tensor('bias_k') ? 1 : 0) + (flag('add_zero_attn', false) ? 1 : 0);
    const cost = attentionCost(E.value, heads.value, L, S, N, kdim, vdim, extra);
    const outF = outW.shape[0];
    const multAdds = cost.multAdds - L * N * E.value * E.value + L * N * E.value * outF;
    const output = batched ? [L, N, outF] : [L, outF];
    ops.recordCall('F.multi_head_attention_forward', [q.shape, k.shape, v.shape], output, site, cost.softmax, multAdds);
    if (!flag('need_weights', true)) return tuple([ops.tensor(output, site), NONE]);
    const Sx = S + extra;
    const averaged = flag('average_attn_weights', true);
    const weights = averaged ? [N, L, Sx] : [N, heads.value, L, Sx];
    return tuple([ops.tensor(output, site), ops.tensor(batched ? weights : weights.slice(1), site)]);
  };
}
