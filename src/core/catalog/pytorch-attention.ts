// PyTorch attention: MultiheadAttention and the Transformer encoder/decoder layers (as leaf rows).
// Shapes leave out the batch dim wherever batch_first puts it: query L×E, key S×kdim, value S×vdim.
import type { Shape } from '../report';
import type { Catalog, Cfg, LayerContext, LayerResult } from './types';
import { Invalid, MODULE_IGNORE, checkProbability, guarded, inputReason } from './pytorch-common';
import { emptyResult, explainNulls, int, isUnknown, needBool, term, trainableParams } from './values';
import { msg } from '../l10n';

interface MhaConfig {
  e: number;
  heads: number;
  kdim: number;
  vdim: number;
  bias: boolean;
  biasKv: boolean;
  zeroAttn: boolean;
}

function mhaParams(m: MhaConfig): number {
  const { e, kdim, vdim, bias, biasKv } = m;
  return e * (e + kdim + vdim) + e * e + (bias ? 4 * e : 0) + (biasKv ? 2 * e : 0);
}

/** q/k/v/out projections plus the two attention products (L·S'·E each, S' counting bias_kv and zero_attn). */
function mhaMacs(m: MhaConfig, l: number, s: number): number {
  const sAttn = s + (m.biasKv ? 1 : 0) + (m.zeroAttn ? 1 : 0);
  return l * m.e * m.e + s * m.kdim * m.e + s * m.vdim * m.e + l * m.e * m.e + 2 * l * sAttn * m.e;
}

function checkHeads(e: number, heads: number): void {
  if (heads <= 0 || e % heads !== 0) throw new Invalid(msg('embed_dim ({0}) must be divisible by num_heads ({1})', e, heads));
}

/** A sequence input `L×size`; returns L, or a reason why the shapes cannot be followed. */
function seqLen(s: Shape | null | undefined, size: number, what: string): number | null | string {
  if (!s) return msg('the {0} shape is not known', what);
  if (s.length !== 2) return msg('expects a 2-d {0} (sequence×features, batch dim excluded), got {1}-d', what, s.length);
  if (s[1] !== null && s[1] !== size) return msg('the {0} has {1} features, expected {2}: torch raises', what, s[1], size);
  return s[0];
}

function mha(cfg: Cfg, ctx: LayerContext): LayerResult {
  const bad = checkProbability(cfg, 'dropout');
  if (bad) throw new Invalid(bad);
  const r = emptyResult();
  const e = int(cfg, 'embed_dim');
  const heads = int(cfg, 'num_heads');
  const bias = needBool(cfg, 'bias');
  const biasKv = needBool(cfg, 'add_bias_kv');
  const zeroAttn = needBool(cfg, 'add_zero_attn');
  const kd = cfg.kdim === null ? e : int(cfg, 'kdim');
  const vd = cfg.vdim === null ? e : int(cfg, 'vdim');
  const et = term(e);
  const same = cfg.kdim === null && cfg.vdim === null;
  r.formula = same
    ? `4·${et}·${et}${bias ? `+4·${et}` : ''}${biasKv ? `+2·${et}` : ''}`
    : `${et}·(${et}+${term(kd)}+${term(vd)})+${et}·${et}${bias ? `+4·${et}` : ''}${biasKv ? `+2·${et}` : ''}`;
  if (typeof e === 'number') r.inChannels = r.outChannels = e;
  if (typeof e !== 'number' || typeof kd !== 'number' || typeof vd !== 'number' || typeof heads !== 'number') {
    r.unknown.params = [e, kd, vd, heads].find(isUnknown)?.unknown ?? msg('unknown');
    r.unknown.outputShape = r.unknown.params;
    explainNulls(r, r.unknown.params, ['macs']);
    return r;
  }
  checkHeads(e, heads);
  const m: MhaConfig = { e, heads, kdim: kd, vdim: vd, bias, biasKv, zeroAttn };
  trainableParams(r, mhaParams(m));
  r.expects = [{ axis: -1, size: e, what: msg('embed_dim (query features)') }];
  const [q, k, v] = ctx.inputs;
  const l = seqLen(q, e, 'query');
  const s = seqLen(k, kd, 'key');
  const sv = seqLen(v, vd, 'value');
  const why = [l, s, sv].find((x) => typeof x === 'string');
  if (ctx.inputs.length < 3) r.unknown.outputShape = ctx.inputs.length ? msg('MultiheadAttention takes query, key and value') : inputReason(ctx);
  else if (typeof why === 'string') r.unknown.outputShape = why;
  else if (s !== null && sv !== null && s !== sv) r.unknown.outputShape = msg('key ({0}) and value ({1}) lengths differ: torch raises', s, sv);
  else {
    const len = l as number | null;
    const src = (s ?? sv) as number | null;
    const sAttn = src === null ? null : src + (biasKv ? 1 : 0) + (zeroAttn ? 1 : 0);
    r.outputShape = [len, e];
    // The second output assumes forward's defaults need_weights=True, average_attn_weights=True.
    r.outputs = [r.outputShape, [len, sAttn]];
    if (len === null || src === null) r.unknown.outputShape = msg('part of the input shape is not known');
    else r.macs = mhaMacs(m, len, src);
  }
  explainNulls(r, r.unknown.outputShape ?? msg('depends on unknown inputs'), ['macs']);
  return r;
}

/** TransformerEncoderLayer / TransformerDecoderLayer with torch's sub-modules counted as one row. */
function transformer(cfg: Cfg, ctx: LayerContext, decoder: boolean): LayerResult {
  const bad = checkProbability(cfg, 'dropout');
  if (bad) throw new Invalid(bad);
  const act = cfg.activation;
  if (typeof act === 'string' && act !== 'relu' && act !== 'gelu') throw new Invalid(msg('activation \'{0}\' is not \'relu\' or \'gelu\'', act));
  const r = emptyResult();
  const e = int(cfg, 'd_model');
  const heads = int(cfg, 'nhead');
  const ff = int(cfg, 'dim_feedforward');
  const et = term(e);
  const ft = term(ff);
  const attn = `4·${et}·${et}+4·${et}`;
  r.formula = `${decoder ? `2·(${attn})` : attn} + ${et}·${ft}+${ft} + ${ft}·${et}+${et} + ${decoder ? 6 : 4}·${et}`;
  if (typeof e !== 'number' || typeof heads !== 'number' || typeof ff !== 'number') {
    r.unknown.params = r.unknown.outputShape = [e, heads, ff].find(isUnknown)?.unknown ?? msg('unknown');
    explainNulls(r, r.unknown.params, ['macs']);
    return r;
  }
  checkHeads(e, heads);
  r.inChannels = r.outChannels = e;
  const m: MhaConfig = { e, heads, kdim: e, vdim: e, bias: true, biasKv: false, zeroAttn: false };
  const attnCount = decoder ? 2 : 1;
  trainableParams(r, attnCount * mhaParams(m) + 2 * e * ff + ff + e + (decoder ? 6 : 4) * e);
  r.expects = [{ axis: -1, size: e, what: 'd_model' }];
  const t = seqLen(ctx.inputs[0], e, decoder ? 'target' : 'input');
  const mem = decoder ? seqLen(ctx.inputs[1], e, 'memory') : t;
  if (decoder && ctx.inputs.length < 2) r.unknown.outputShape = ctx.inputs.length ? msg('TransformerDecoderLayer takes tgt and memory') : inputReason(ctx);
  else if (typeof t === 'string') r.unknown.outputShape = t;
  else if (typeof mem === 'string') r.unknown.outputShape = mem;
  else {
    r.outputShape = [t, e];
    if (t === null || mem === null) r.unknown.outputShape = msg('part of the input shape is not known');
    else r.macs = mhaMacs(m, t, t) + (decoder ? mhaMacs(m, t, mem) : 0) + 2 * t * e * ff;
  }
  explainNulls(r, r.unknown.outputShape ?? msg('depends on unknown inputs'), ['macs']);
  return r;
}

const TRANSFORMER_ARGS = ['d_model', 'nhead', 'dim_feedforward', 'dropout', 'activation', 'layer_norm_eps', 'batch_first', 'norm_first'];
// `bias` (torch ≥ 2.1) is not accepted: torch 1.13 cannot check what it removes, so such calls stay unknown.
const TRANSFORMER_DEFAULTS: Cfg = {
  dim_feedforward: 2048, dropout: 0.1, activation: 'relu', layer_norm_eps: 1e-5, batch_first: false, norm_first: false,
};

export const pytorchAttention: Catalog = {
  MultiheadAttention: {
    args: ['embed_dim', 'num_heads', 'dropout', 'bias', 'add_bias_kv', 'add_zero_attn', 'kdim', 'vdim', 'batch_first'],
    defaults: { dropout: 0, bias: true, add_bias_kv: false, add_zero_attn: false, kdim: null, vdim: null, batch_first: false },
    ignore: MODULE_IGNORE, multiInput: true, compute: guarded(mha),
  },
  TransformerEncoderLayer: {
    args: TRANSFORMER_ARGS, defaults: TRANSFORMER_DEFAULTS, ignore: MODULE_IGNORE,
    compute: guarded((cfg, ctx) => transformer(cfg, ctx, false)),
  },
  TransformerDecoderLayer: {
    args: TRANSFORMER_ARGS, defaults: TRANSFORMER_DEFAULTS, ignore: MODULE_IGNORE, multiInput: true,
    compute: guarded((cfg, ctx) => transformer(cfg, ctx, true)),
  },
};

