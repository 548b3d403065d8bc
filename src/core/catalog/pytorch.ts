// PyTorch layers: one row per torch.nn module type (see formulas.md).
import type { Catalog, Cfg, LayerContext, LayerResult, LayerRow } from './types';
import { torchConvOut, positive } from './arith';
import {
  emptyResult, explainNulls, int, isUnknown, needBool, needTuple, numel, product, term, trainableParams,
} from './values';

const MODULE_IGNORE = ['device', 'dtype'];

/** The input's channel count at `axis` (PyTorch: dim 0 of a C×… shape without batch), when known. */
function inputDim(ctx: LayerContext, axis: number): number | null {
  const s = ctx.inputs[0];
  if (!s || s.length === 0) return null;
  const i = axis < 0 ? s.length + axis : axis;
  return s[i] ?? null;
}

function convRow(nd: number, lazy: boolean): LayerRow {
  const args = lazy ? ['out_channels', 'kernel_size'] : ['in_channels', 'out_channels', 'kernel_size'];
  return {
    args: [...args, 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode'],
    defaults: { stride: 1, padding: 0, dilation: 1, groups: 1, bias: true, padding_mode: 'zeros' },
    ignore: MODULE_IGNORE,
    compute: (cfg, ctx) => conv(cfg, ctx, nd, lazy),
  };
}

function conv(cfg: Cfg, ctx: LayerContext, nd: number, lazy: boolean): LayerResult {
  const r = emptyResult();
  const k = needTuple(cfg, 'kernel_size', nd);
  const s = needTuple(cfg, 'stride', nd);
  const d = needTuple(cfg, 'dilation', nd);
  const g = int(cfg, 'groups');
  const bias = needBool(cfg, 'bias');
  const n = int(cfg, 'out_channels');
  const fromInput = inputDim(ctx, 0);
  const f = lazy ? (fromInput ?? { unknown: ctx.inputReason ?? 'the input is not known (lazy module)' }) : int(cfg, 'in_channels');
  r.kernel = k;
  r.stride = s;
  r.rf = { kernel: k[0], stride: s[0], dilation: d[0] };
  if (typeof g === 'number') r.groups = g;
  if (typeof n === 'number') r.outChannels = n;
  if (typeof f === 'number') r.inChannels = f;
  const gText = typeof g === 'number' && g === 1 ? '' : `/${term(g)}`;
  const depth = typeof f === 'number' && typeof g === 'number' ? String(f / g) : `${term(f)}${gText}`;
  r.filterShape = [...k, depth].join('×');
  const perFilter = `${depth}·${k.join('·')}`;
  r.formula = bias ? `${term(n)}·(${perFilter}+1)` : `${term(n)}·${perFilter}`;
  if (typeof n === 'number' && typeof f === 'number' && typeof g === 'number') {
    trainableParams(r, n * (f / g) * product(k) + (bias ? n : 0));
  } else {
    const why = [n, f, g].find(isUnknown);
    r.unknown.params = why ? why.unknown : 'unknown';
  }
  if (!lazy && typeof f === 'number') r.expects = [{ axis: 0, size: f, what: 'input channels' }];
  // Output shape.
  const input = ctx.inputs[0];
  const padding = cfg.padding;
  let pads: number[] | null = null;
  if (padding === 'valid') pads = Array(nd).fill(0);
  else if (padding === 'same') {
    if (s.some((x) => x !== 1)) {
      r.unknown.outputShape = "PyTorch rejects padding='same' with a stride above 1";
      r.error = "padding='same' is not supported for strided convolutions in PyTorch";
    }
  } else pads = needTuple(cfg, 'padding', nd);
  if (!input) r.unknown.outputShape = ctx.inputReason ?? 'the input shape is not known';
  else if (input.length !== nd + 1) r.unknown.outputShape = `expects a ${nd + 1}-d input (C×spatial), got ${input.length}-d`;
  else if (!r.unknown.outputShape) {
    const spatial = input.slice(1).map((h, i) =>
      padding === 'same' ? h : positive(torchConvOut(h, k[i], s[i], pads![i], d[i])));
    r.outputShape = [typeof n === 'number' ? n : null, ...spatial];
    const pos = numel(spatial);
    if (pos !== null && typeof n === 'number' && typeof f === 'number' && typeof g === 'number') r.macs = pos * n * (f / g) * product(k);
    if (r.outputShape.some((x) => x === null)) r.unknown.outputShape = 'part of the input shape is not known';
  }
  explainNulls(r, r.unknown.params ?? 'depends on unknown inputs', ['macs']);
  return r;
}

function linear(cfg: Cfg, ctx: LayerContext, lazy: boolean): LayerResult {
  const r = emptyResult();
  const bias = needBool(cfg, 'bias');
  const n = int(cfg, 'out_features');
  const fromInput = inputDim(ctx, -1);
  const f = lazy ? (fromInput ?? { unknown: ctx.inputReason ?? 'the input is not known (lazy module)' }) : int(cfg, 'in_features');
  if (typeof n === 'number') r.outChannels = n;
  if (typeof f === 'number') r.inChannels = f;
  r.formula = bias ? `${term(n)}·(${term(f)}+1)` : `${term(n)}·${term(f)}`;
  if (typeof n === 'number' && typeof f === 'number') trainableParams(r, n * f + (bias ? n : 0));
  else r.unknown.params = (isUnknown(n) ? n : isUnknown(f) ? f : { unknown: 'unknown' }).unknown;
  if (!lazy && typeof f === 'number') r.expects = [{ axis: -1, size: f, what: 'input features' }];
  const input = ctx.inputs[0];
  if (!input) r.unknown.outputShape = ctx.inputReason ?? 'the input shape is not known';
  else if (input.length === 0) r.unknown.outputShape = 'expects at least a 1-d input';
  else {
    r.outputShape = [...input.slice(0, -1), typeof n === 'number' ? n : null];
    const lead = numel(input.slice(0, -1));
    if (lead !== null && typeof n === 'number' && typeof f === 'number') r.macs = lead * n * f;
  }
  explainNulls(r, r.unknown.params ?? 'depends on unknown inputs', ['macs']);
  return r;
}

export const pytorchCatalog: Catalog = {
  Conv1d: convRow(1, false),
  Conv2d: convRow(2, false),
  Conv3d: convRow(3, false),
  LazyConv1d: convRow(1, true),
  LazyConv2d: convRow(2, true),
  LazyConv3d: convRow(3, true),
  Linear: {
    args: ['in_features', 'out_features', 'bias'], defaults: { bias: true }, ignore: MODULE_IGNORE,
    compute: (cfg, ctx) => linear(cfg, ctx, false),
  },
  LazyLinear: {
    args: ['out_features', 'bias'], defaults: { bias: true }, ignore: MODULE_IGNORE,
    compute: (cfg, ctx) => linear(cfg, ctx, true),
  },
};
