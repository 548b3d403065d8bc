// PyTorch pooling: MaxPool, AvgPool, LPPool, AdaptiveAvgPool, AdaptiveMaxPool (1d/2d/3d).
import type { Shape } from '../report';
import type { Catalog, Cfg, LayerContext, LayerResult, LayerRow } from './types';
import { torchConvOut } from './arith';
import { Invalid, applyShape, guarded, paramFreeResult, rfNotFollowed, whole } from './pytorch-common';
import { NeedUnknown, describe, isUnknown, needBool, needTuple, tuple } from './values';
import { msg } from '../l10n';

type PoolKind = 'max' | 'avg' | 'lp';

function poolRow(nd: number, kind: PoolKind): LayerRow {
  if (kind === 'max') {
    return {
      args: ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'],
      defaults: { stride: null, padding: 0, dilation: 1, return_indices: false, ceil_mode: false },
      compute: guarded((cfg, ctx) => pool(cfg, ctx, nd, kind)),
    };
  }
  if (kind === 'avg') {
    const args = ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad'];
    const defaults: Cfg = { stride: null, padding: 0, ceil_mode: false, count_include_pad: true };
    if (nd > 1) {
      args.push('divisor_override');
      defaults.divisor_override = null;
    }
    return { args, defaults, compute: guarded((cfg, ctx) => pool(cfg, ctx, nd, kind)) };
  }
  return {
    args: ['norm_type', 'kernel_size', 'stride', 'ceil_mode'],
    defaults: { stride: null, ceil_mode: false },
    compute: guarded((cfg, ctx) => pool(cfg, ctx, nd, kind)),
  };
}

function pool(cfg: Cfg, ctx: LayerContext, nd: number, kind: PoolKind): LayerResult {
  const r = paramFreeResult();
  const k = needTuple(cfg, 'kernel_size', nd);
  const s = cfg.stride === null ? k : needTuple(cfg, 'stride', nd);
  const p = kind === 'lp' ? Array<number>(nd).fill(0) : needTuple(cfg, 'padding', nd);
  const d = kind === 'max' ? needTuple(cfg, 'dilation', nd) : Array<number>(nd).fill(1);
  const ceil = needBool(cfg, 'ceil_mode');
  r.kernel = k;
  r.stride = s;
  r.rf = { kernel: k[0], stride: s[0], dilation: d[0] };
  for (let i = 0; i < nd; i++) {
    if (k[i] <= 0 || s[i] <= 0 || d[i] <= 0) throw new Invalid(msg('kernel_size, stride and dilation must be positive'));
    if (p[i] < 0 || p[i] > Math.floor(k[i] / 2)) throw new Invalid(msg('padding ({0}) should be at most half of kernel_size ({1})', p[i], k[i]));
  }
  applyShape(r, ctx, (input) => {
    const out: Shape = [input[0]];
    input.slice(1).forEach((h, i) => {
      const o = torchConvOut(h, k[i], s[i], p[i], d[i], ceil);
      if (o !== null && o <= 0) throw new Invalid(msg('the output would have size {0} along spatial dim {1}: torch raises', o, i + 1));
      out.push(o);
    });
    return out;
  }, [nd + 1], msg('input (C×spatial)'));
  if (kind === 'max' && needBool(cfg, 'return_indices')) r.outputs = [r.outputShape, r.outputShape];
  return r;
}

/** output_size: an int, None (keep the input size) or a tuple of those. */
function adaptiveSizes(cfg: Cfg, nd: number): (number | null)[] {
  const v = cfg.output_size;
  if (isUnknown(v)) throw new NeedUnknown(v.unknown, v.expr);
  if (v === null && nd === 1) throw new NeedUnknown(msg('output_size=None is not accepted by the 1-d adaptive pools'));
  if (v === null) return Array<null>(nd).fill(null);
  if (typeof v === 'number') return Array<number>(nd).fill(whole(v, 'output_size'));
  if (Array.isArray(v) && v.length === nd) return v.map((x) => (x === null ? null : whole(x, 'output_size')));
  const t = tuple(cfg, 'output_size', nd);
  if (isUnknown(t)) throw new NeedUnknown(t.unknown, t.expr);
  throw new NeedUnknown(msg('`output_size` is {0}', describe(v)));
}

function adaptiveRow(nd: number, max: boolean): LayerRow {
  return {
    args: max ? ['output_size', 'return_indices'] : ['output_size'],
    defaults: max ? { return_indices: false } : {},
    compute: guarded((cfg, ctx) => {
      const r = paramFreeResult();
      rfNotFollowed(r, msg('adaptive pooling windows depend on the input size'));
      let sizes: (number | null)[] | null = null;
      try {
        sizes = adaptiveSizes(cfg, nd);
        if (sizes.some((x) => x !== null && x < 0)) throw new Invalid(msg('output_size must not be negative'));
      } catch (e) {
        if (!(e instanceof NeedUnknown)) throw e;
        r.unknown.outputShape = e.reason;
      }
      if (sizes) {
        const want = sizes;
        applyShape(r, ctx, (input) => [input[0], ...input.slice(1).map((h, i) => want[i] ?? h)], [nd + 1], msg('input (C×spatial)'));
      }
      if (max && needBool(cfg, 'return_indices')) r.outputs = [r.outputShape, r.outputShape];
      return r;
    }),
  };
}

export const pytorchPool: Catalog = {};
for (const nd of [1, 2, 3]) {
  pytorchPool[`MaxPool${nd}d`] = poolRow(nd, 'max');
  pytorchPool[`AvgPool${nd}d`] = poolRow(nd, 'avg');
  // LPPool3d exists from torch 2.2 on, with the same arguments as LPPool1d/2d.
  pytorchPool[`LPPool${nd}d`] = poolRow(nd, 'lp');
  pytorchPool[`AdaptiveAvgPool${nd}d`] = adaptiveRow(nd, false);
  pytorchPool[`AdaptiveMaxPool${nd}d`] = adaptiveRow(nd, true);
}
