// PyTorch Transformer stacks: TransformerEncoder / TransformerDecoder (N deep copies of a layer, optional
// final norm) and nn.Transformer (encoder + decoder stacks, each closed by a LayerNorm).
import type { Catalog, Cfg, CValue, LayerContext, LayerRef, LayerResult } from './types';
import { pytorchAttention } from './pytorch-attention';
import { pytorchNorm } from './pytorch-norm';
import { guarded, inputReason } from './pytorch-common';
import { NeedUnknown, emptyResult, evaluateLayer, explainNulls, isUnknown, needInt, trainableParams } from './values';
import { msg } from '../l10n';

function isLayerRef(v: CValue | undefined): v is LayerRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as LayerRef).layerType === 'string';
}

/** Evaluates a layer passed as an argument (`encoder_layer`, `norm`), when it is one the catalog knows. */
function nested(v: CValue | undefined, key: string, types: string[], ctx: LayerContext): LayerResult {
  if (isUnknown(v)) throw new NeedUnknown(v.unknown, v.expr);
  if (!isLayerRef(v) || v.framework !== 'pytorch' || !types.includes(v.layerType)) {
    throw new NeedUnknown(msg('`{0}` is not a {1} constructor call the catalog can follow', key, types.join(' / ')));
  }
  const catalog = v.layerType === 'LayerNorm' ? pytorchNorm : pytorchAttention;
  return evaluateLayer(catalog, v.layerType, v.args, ctx)!;
}

/** Sums `count` copies of `layer` plus an optional closing norm into `r`. */
function combine(r: LayerResult, parts: { layer: LayerResult; count: number }[]): void {
  const err = parts.map((p) => p.layer.error).find(Boolean);
  if (err) r.error = err;
  const params = parts.map((p) => (p.layer.params === null ? null : p.count * p.layer.params));
  if (params.every((p) => p !== null)) trainableParams(r, (params as number[]).reduce((a, b) => a + b, 0));
  else r.unknown.params = parts.find((p) => p.layer.params === null)!.layer.unknown.params ?? msg('a part is unknown');
  r.formula = parts.map((p) => (p.count === 1 ? p.layer.formula ?? '?' : `${p.count}·(${p.layer.formula ?? '?'})`)).join(' + ');
  const macs = parts.map((p) => (p.layer.macs === null ? null : p.count * p.layer.macs));
  if (macs.every((m) => m !== null)) r.macs = (macs as number[]).reduce((a, b) => a + b, 0);
  else r.unknown.macs = parts.find((p) => p.layer.macs === null)!.layer.unknown.macs ?? msg('a part is unknown');
}

function stack(cfg: Cfg, ctx: LayerContext, decoder: boolean): LayerResult {
  const r = emptyResult();
  const count = needInt(cfg, 'num_layers');
  const layerType = decoder ? 'TransformerDecoderLayer' : 'TransformerEncoderLayer';
  const layer = nested(cfg[decoder ? 'decoder_layer' : 'encoder_layer'], decoder ? 'decoder_layer' : 'encoder_layer', [layerType], ctx);
  const parts = [{ layer, count }];
  r.inChannels = layer.inChannels;
  r.outChannels = layer.outChannels;
  r.outputShape = layer.outputShape;
  if (layer.unknown.outputShape) r.unknown.outputShape = layer.unknown.outputShape;
  if (cfg.norm !== null) {
    const norm = nested(cfg.norm, 'norm', ['LayerNorm'], { inputs: [layer.outputShape], inputReason: layer.unknown.outputShape });
    parts.push({ layer: norm, count: 1 });
    if (norm.outputShape === null && layer.outputShape !== null) {
      r.outputShape = null;
      r.unknown.outputShape = norm.unknown.outputShape ?? msg('the final norm does not fit');
    }
  }
  r.expects = layer.expects;
  combine(r, parts);
  return r;
}

function transformer(cfg: Cfg, ctx: LayerContext): LayerResult {
  for (const key of ['custom_encoder', 'custom_decoder']) {
    if (cfg[key] !== null) throw new NeedUnknown(msg('`{0}` is not followed', key));
  }
  const layerArgs = (): Record<string, CValue> => ({
    d_model: cfg.d_model, nhead: cfg.nhead, dim_feedforward: cfg.dim_feedforward, dropout: cfg.dropout,
    activation: cfg.activation, layer_norm_eps: cfg.layer_norm_eps, batch_first: cfg.batch_first, norm_first: cfg.norm_first,
  });
  const normArgs = { positional: [cfg.d_model], keywords: { eps: cfg.layer_norm_eps } };
  const [src, tgt] = ctx.inputs;
  const r = emptyResult();
  const enc = evaluateLayer(pytorchAttention, 'TransformerEncoderLayer', { positional: [], keywords: layerArgs() }, { inputs: [src ?? null], inputReason: inputReason(ctx) })!;
  const encNorm = evaluateLayer(pytorchNorm, 'LayerNorm', normArgs, { inputs: [enc.outputShape] })!;
  const dec = evaluateLayer(pytorchAttention, 'TransformerDecoderLayer', { positional: [], keywords: layerArgs() },
    { inputs: [tgt ?? null, encNorm.outputShape], inputReason: ctx.inputs.length < 2 ? msg('nn.Transformer takes src and tgt') : inputReason(ctx) })!;
  const decNorm = evaluateLayer(pytorchNorm, 'LayerNorm', normArgs, { inputs: [dec.outputShape] })!;
  combine(r, [
    { layer: enc, count: needInt(cfg, 'num_encoder_layers') }, { layer: encNorm, count: 1 },
    { layer: dec, count: needInt(cfg, 'num_decoder_layers') }, { layer: decNorm, count: 1 },
  ]);
  r.inChannels = r.outChannels = enc.inChannels;
  r.outputShape = decNorm.outputShape;
  if (r.outputShape === null) r.unknown.outputShape = dec.unknown.outputShape ?? enc.unknown.outputShape ?? msg('part of the input shape is not known');
  else if (r.outputShape.some((d) => d === null)) r.unknown.outputShape = msg('part of the input shape is not known');
  r.expects = enc.expects;
  explainNulls(r, r.unknown.outputShape ?? msg('depends on unknown inputs'), ['macs']);
  return r;
}

export const pytorchTransformer: Catalog = {
  TransformerEncoder: {
    args: ['encoder_layer', 'num_layers', 'norm', 'enable_nested_tensor', 'mask_check'],
    defaults: { norm: null, enable_nested_tensor: true, mask_check: true },
    compute: guarded((cfg, ctx) => stack(cfg, ctx, false)),
  },
  TransformerDecoder: {
    args: ['decoder_layer', 'num_layers', 'norm'], defaults: { norm: null }, multiInput: true,
    compute: guarded((cfg, ctx) => stack(cfg, ctx, true)),
  },
  Transformer: {
    args: ['d_model', 'nhead', 'num_encoder_layers', 'num_decoder_layers', 'dim_feedforward', 'dropout', 'activation',
      'custom_encoder', 'custom_decoder', 'layer_norm_eps', 'batch_first', 'norm_first'],
    defaults: {
      d_model: 512, nhead: 8, num_encoder_layers: 6, num_decoder_layers: 6, dim_feedforward: 2048, dropout: 0.1,
      activation: 'relu', custom_encoder: null, custom_decoder: null, layer_norm_eps: 1e-5, batch_first: false, norm_first: false,
    },
    ignore: ['device', 'dtype'], multiInput: true,
    compute: guarded(transformer),
  },
};
