// PyTorch modules the catalog computes as one row but PyTorch prints as a tree (MultiheadAttention,
// Transformer layers and stacks): the report lists them as named_modules() would — their parameters and
// sub-layers under the module's path — while the totals stay the catalog row's.
import { catalogs, evaluateLayer, isUnknown, type Args, type Cfg, type CValue, type LayerRef, type LayerResult } from '../core/catalog';
import { bind } from '../core/catalog/values';
import type { LayerEntry } from '../core/model';
import type { Shape } from '../core/report';
import { emptyLayerResult } from './torch';
import { msg } from '../core/l10n';

export const COMPOSITES = new Set([
  'MultiheadAttention', 'TransformerEncoderLayer', 'TransformerDecoderLayer', 'TransformerEncoder', 'TransformerDecoder', 'Transformer',
]);

interface Part { path: string; type: string; result: LayerResult; line?: number }

function cfgOf(type: string, args: Args): Cfg | null {
  const row = catalogs.pytorch[type];
  if (!row) return null;
  const { cfg, errors } = bind(row, args);
  return errors.length ? null : cfg;
}

const int = (v: CValue | undefined): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const flag = (v: CValue | undefined, dflt: boolean): boolean | null => (v === undefined ? dflt : typeof v === 'boolean' ? v : null);

function layer(type: string, positional: CValue[], keywords: Record<string, CValue>, input: Shape | null): LayerResult {
  const inputs = type === 'MultiheadAttention' ? [input, input, input] : [input];
  return evaluateLayer(catalogs.pytorch, type, { positional, keywords }, { inputs }) ?? emptyLayerResult(msg('{0} is not in the catalog', type));
}

/** A parameter entry (`in_proj_weight`) of a known size. */
function param(numel: number | null): LayerResult {
  const r = emptyLayerResult();
  r.params = numel; r.trainable = numel; r.nonTrainable = numel === null ? null : 0; r.macs = 0;
  if (numel === null) r.unknown.params = msg('the size is not known');
  return r;
}

function lastDim(s: Shape | null, d: number | null): Shape | null {
  return s && d !== null ? [...s.slice(0, -1), d] : null;
}

/** MultiheadAttention: in_proj_weight (or q/k/v_proj_weight), in_proj_bias, bias_k/v, then out_proj. */
function attention(prefix: string, cfg: Cfg, query: Shape | null, total: LayerResult | null): Part[] | null {
  const e = int(cfg.embed_dim);
  const kdim = cfg.kdim === null ? e : int(cfg.kdim), vdim = cfg.vdim === null ? e : int(cfg.vdim);
  const bias = flag(cfg.bias, true), biasKv = flag(cfg.add_bias_kv, false);
  if (e === null || kdim === null || vdim === null || bias === null || biasKv === null) return null;
  const parts: Part[] = [];
  const p = (name: string, n: number) => parts.push({ path: `${prefix}${name}`, type: 'Parameter', result: param(n) });
  if (kdim === e && vdim === e) p('in_proj_weight', 3 * e * e);
  else { p('q_proj_weight', e * e); p('k_proj_weight', e * kdim); p('v_proj_weight', e * vdim); }
  if (bias) p('in_proj_bias', 3 * e);
  if (biasKv) { p('bias_k', e); p('bias_v', e); }
  const out = layer('Linear', [e, e], { bias }, query);
  // The attention's whole cost and output belong to its last step, out_proj.
  if (total) { out.macs = total.macs; out.outputShape = total.outputShape; out.unknown = { ...total.unknown }; }
  parts.push({ path: `${prefix}out_proj`, type: 'NonDynamicallyQuantizableLinear', result: out });
  return parts;
}

/** TransformerEncoderLayer / TransformerDecoderLayer in PyTorch's registration order. */
function transformerLayer(prefix: string, type: string, args: Args, input: Shape | null): Part[] | null {
  const cfg = cfgOf(type, args);
  if (!cfg) return null;
  const d = int(cfg.d_model), heads = cfg.nhead, ff = int(cfg.dim_feedforward);
  const batchFirst = cfg.batch_first ?? false;
  if (d === null || ff === null || (typeof cfg.activation === 'object' && cfg.activation !== null && !isUnknown(cfg.activation))) return null;
  const mhaArgs = (): Cfg => ({ embed_dim: d, num_heads: heads, dropout: 0, bias: true, add_bias_kv: false, add_zero_attn: false, kdim: null, vdim: null, batch_first: batchFirst });
  const mhaTotal = layer('MultiheadAttention', [d, heads], { batch_first: batchFirst }, input);
  const mhaResult = input ? { ...mhaTotal, outputShape: input } : null;
  const parts: Part[] = [];
  const attn = attention(`${prefix}self_attn.`, mhaArgs(), input, mhaResult);
  if (!attn) return null;
  parts.push(...attn);
  const decoder = type === 'TransformerDecoderLayer';
  if (decoder) {
    const cross = attention(`${prefix}multihead_attn.`, mhaArgs(), input, mhaResult);
    if (!cross) return null;
    parts.push(...cross);
  }
  const hidden = lastDim(input, ff);
  parts.push({ path: `${prefix}linear1`, type: 'Linear', result: layer('Linear', [d, ff], {}, input) });
  parts.push({ path: `${prefix}dropout`, type: 'Dropout', result: layer('Dropout', [], {}, hidden) });
  parts.push({ path: `${prefix}linear2`, type: 'Linear', result: layer('Linear', [ff, d], {}, hidden) });
  for (const n of decoder ? [1, 2, 3] : [1, 2]) parts.push({ path: `${prefix}norm${n}`, type: 'LayerNorm', result: layer('LayerNorm', [d], {}, input) });
  for (const n of decoder ? [1, 2, 3] : [1, 2]) parts.push({ path: `${prefix}dropout${n}`, type: 'Dropout', result: layer('Dropout', [], {}, input) });
  return parts;
}

/** Stacked layers shown one by one at most (a larger stack stays one entry: a huge count must not be expanded). */
const MAX_STACK = 1000;

function stack(prefix: string, ref: CValue | undefined, count: number | null, norm: CValue | undefined, input: Shape | null, lines: Lines): Part[] | null {
  if (count === null || count > MAX_STACK || !isRef(ref)) return null;
  const parts: Part[] = [];
  for (let i = 0; i < count; i++) {
    const sub = transformerLayer(`${prefix}layers.${i}.`, ref.layerType, ref.args, input);
    if (!sub) return null;
    // The stacked layers are copies of the one constructed in the code: they carry its line.
    parts.push(...sub.map((p) => ({ ...p, line: lines.layer })));
  }
  if (isRef(norm) && norm.layerType === 'LayerNorm') parts.push({ path: `${prefix}norm`, type: 'LayerNorm', result: layer('LayerNorm', norm.args.positional, norm.args.keywords, input), line: lines.norm });
  else if (norm !== null && norm !== undefined) return null;
  return parts;
}

function isRef(v: CValue | undefined): v is LayerRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as LayerRef).layerType === 'string';
}

/** Lines of the layers handed to a stack (`encoder_layer`, `norm`), when they were constructed in the code. */
export interface Lines { layer?: number; norm?: number }

/** The named_modules() view of a composite layer, or null to keep it as one entry. */
export function expandComposite(base: LayerEntry, args: Args, lines: Lines = {}, laterInputs: (Shape | null)[] = []): LayerEntry[] | null {
  const prefix = base.path ? `${base.path}.` : '';
  const input = base.inputShape;
  const cfg = cfgOf(base.type, args);
  if (!cfg) return null;
  let parts: Part[] | null = null;
  switch (base.type) {
    case 'MultiheadAttention': parts = attention(prefix, cfg, input, base.result); break;
    case 'TransformerEncoderLayer': case 'TransformerDecoderLayer': parts = transformerLayer(prefix, base.type, args, input); break;
    case 'TransformerEncoder': parts = stack(prefix, cfg.encoder_layer, int(cfg.num_layers), cfg.norm, input, lines); break;
    case 'TransformerDecoder': parts = stack(prefix, cfg.decoder_layer, int(cfg.num_layers), cfg.norm, input, lines); break;
    case 'Transformer': {
      const d = int(cfg.d_model), enc = int(cfg.num_encoder_layers), dec = int(cfg.num_decoder_layers);
      if (d === null || cfg.custom_encoder !== null || cfg.custom_decoder !== null) return null;
      const layerArgs = (t: string): LayerRef => ({
        layerType: t, framework: 'pytorch',
        args: { positional: [d, cfg.nhead ?? null, cfg.dim_feedforward ?? 2048], keywords: { batch_first: cfg.batch_first ?? false } },
      });
      const norm: LayerRef = { layerType: 'LayerNorm', framework: 'pytorch', args: { positional: [d], keywords: {} } };
      const e = stack(`${prefix}encoder.`, layerArgs('TransformerEncoderLayer'), enc, norm, input, {});
      // The decoder runs on tgt, the second input (src only feeds it through the memory).
      const dd = stack(`${prefix}decoder.`, layerArgs('TransformerDecoderLayer'), dec, norm, laterInputs[0] ?? null, {});
      parts = e && dd ? [...e, ...dd] : null;
      break;
    }
  }
  if (!parts) return null;
  // Only a faithful split is shown: the parts must add up to the catalog's total.
  const sum = parts.reduce<number | null>((a, p) => (a === null || p.result.params === null ? null : a + p.result.params), 0);
  if (sum === null || sum !== base.result.params) return null;
  if (base.type !== 'MultiheadAttention') {
    const macs = base.result.macs;
    const partMacs = parts.reduce<number | null>((a, p) => (a === null || p.result.macs === null ? null : a + p.result.macs), 0);
    if (macs !== partMacs) for (const p of parts) { p.result.macs = null; p.result.unknown.macs = msg('counted for the whole module'); }
  }
  return parts.map((p) => ({
    ...base, path: p.path, type: p.type, result: p.result, inputShape: null, line: p.line ?? base.line,
    // Frozen as a whole or not at all, each part is; a part frozen is not known part by part.
    shared: undefined, frozen: base.frozen === undefined || base.frozen === 0 ? base.frozen : base.frozen === base.result.params ? p.result.params : null,
  }));
}
