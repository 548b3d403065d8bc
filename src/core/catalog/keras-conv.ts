// Keras / TF.js convolutions: Conv, ConvTranspose, DepthwiseConv, SeparableConv (formulas.md).
import type { Dim } from '../report';
import type { Cfg, LayerContext, LayerResult } from './types';
import { kerasConvOut, positive } from './arith';
import {
  BASE_IGNORE, channelsFirst, finish, type Flavor, input0, joinChannels, KERNEL_IGNORE, noInput, paddingMode,
  setParams, sizes, type Spec, splitChannels,
} from './keras-common';
import { emptyResult, int, isUnknown, needBool, numel, product, term } from './values';
import { msg } from '../l10n';

type Kind = 'conv' | 'transpose' | 'depthwise' | 'separable';

/** Keras transposed-conv length (keras/src/backend/common/backend_utils.py; tf.keras deconv_output_length). */
export function kerasDeconvOut(h: Dim, k: number, s: number, d: number, padding: string, op: number | null): Dim {
  if (h === null) return null;
  const kd = (k - 1) * d + 1;
  if (padding === 'valid') return (h - 1) * s + kd + (op === null ? Math.max(kd, s) - kd : op);
  return op === null ? h * s : (h - 1) * s + (kd % 2) + op;
}

/** TF.js deconvLength: ignores dilation and has no output padding. */
export function tfjsDeconvOut(h: Dim, k: number, s: number, padding: string): Dim {
  if (h === null) return null;
  return padding === 'valid' ? h * s + Math.max(k - s, 0) : h * s;
}

const SEP_IGNORE = [
  'depthwise_initializer', 'pointwise_initializer', 'depthwise_regularizer', 'pointwise_regularizer',
  'depthwise_constraint', 'pointwise_constraint', 'bias_initializer', 'bias_regularizer', 'bias_constraint',
  'activity_regularizer',
];

function compute(kind: Kind, nd: number, cfg: Cfg, ctx: LayerContext, fl: Flavor): LayerResult {
  const r = emptyResult();
  const k = sizes(cfg, 'kernel_size', nd);
  const s = sizes(cfg, 'strides', nd);
  // TF.js DepthwiseConv2D accepts dilationRate but neither reports nor applies it.
  const d = fl === 'tfjs' && kind === 'depthwise' ? Array(nd).fill(1) : sizes(cfg, 'dilation_rate', nd);
  const first = channelsFirst(cfg);
  const bias = needBool(cfg, 'use_bias');
  const causalOk = nd === 1 && kind !== 'transpose';
  const padding = paddingMode(cfg, fl, causalOk || fl === 'tfjs' ? ['valid', 'same', 'causal'] : ['valid', 'same']);
  const n = kind === 'depthwise' ? null : int(cfg, 'filters');
  const dm = kind === 'depthwise' || kind === 'separable' ? int(cfg, 'depth_multiplier') : 1;
  const g = kind === 'conv' && fl === 'keras' ? int(cfg, 'groups') : 1;
  const op = kind === 'transpose' && fl === 'keras' && cfg.output_padding !== null
    ? sizes(cfg, 'output_padding', nd) : null;
  r.kernel = k;
  r.stride = s;
  if (kind !== 'transpose') r.rf = { kernel: k[0], stride: s[0], dilation: d[0] };
  if (typeof g === 'number') r.groups = g;

  const x = input0(ctx);
  const parts = x ? splitChannels(x, nd, first) : null;
  if (x && !parts) r.unknown.outputShape = msg('expects a {0}-d input (spatial×channels), got {1}-d', nd + 1, x.length);
  const f: number | null = parts?.c ?? null;
  const fWhy = !x ? noInput(ctx) : !parts ? r.unknown.outputShape : msg('the input channel count is not known');
  if (f !== null) r.inChannels = f;
  const K = product(k);
  const kk = k.join('·');

  // Parameters and the filter description.
  let params: number | null = null;
  if (kind === 'conv') {
    const depth = f !== null && typeof g === 'number' ? String(f / g) : g === 1 ? term(f ?? undefined) : `${f ?? '?'}/${term(g)}`;
    r.filterShape = [...k, depth].join('×');
    r.formula = bias ? `${term(n ?? undefined)}·(${depth}·${kk}+1)` : `${term(n ?? undefined)}·${depth}·${kk}`;
    if (typeof n === 'number') r.outChannels = n;
    if (typeof n === 'number' && typeof g === 'number') {
      if (n % g !== 0) r.error = msg('filters ({0}) must be divisible by groups ({1})', n, g);
      else if (f !== null && f % g !== 0) r.error = msg('input channels ({0}) must be divisible by groups ({1})', f, g);
      if (f !== null && !r.error) params = n * (f / g) * K + (bias ? n : 0);
    }
  } else if (kind === 'transpose') {
    r.filterShape = [...k, f ?? '?'].join('×');
    r.formula = bias ? `${term(n ?? undefined)}·(${f ?? '?'}·${kk}+1)` : `${term(n ?? undefined)}·${f ?? '?'}·${kk}`;
    if (typeof n === 'number') r.outChannels = n;
    if (typeof n === 'number' && f !== null) params = n * f * K + (bias ? n : 0);
  } else {
    const fd = `${f ?? '?'}·${term(dm)}`;
    r.filterShape = [...k, 1].join('×');
    const dw = bias && kind === 'depthwise' ? `${fd}·(${kk}+1)` : `${fd}·${kk}`;
    r.formula = kind === 'depthwise' ? dw : `${dw} + ${bias ? `${term(n ?? undefined)}·(${fd}+1)` : `${term(n ?? undefined)}·${fd}`}`;
    if (kind === 'depthwise' && f !== null && typeof dm === 'number') r.outChannels = f * dm;
    if (kind === 'separable' && typeof n === 'number') r.outChannels = n;
    if (f !== null && typeof dm === 'number') {
      if (kind === 'depthwise') params = f * dm * K + (bias ? f * dm : 0);
      else if (typeof n === 'number') params = f * dm * K + f * dm * n + (bias ? n : 0);
    }
  }
  if (s.some((v) => v > 1) && d.some((v) => v > 1) && !(kind === 'transpose' && fl === 'tfjs')) {
    r.error = msg('strides > 1 cannot be combined with dilation_rate > 1');
  }
  if (op && op.some((v, i) => v >= s[i])) r.error = msg('output_padding must be smaller than the stride');
  if (fl === 'tfjs' && padding === 'causal') r.error = msg('TF.js builds causal padding but cannot run it');
  if (fl === 'tfjs' && kind === 'separable' && first) r.error = msg('TF.js cannot run a channelsFirst SeparableConv2D');
  setParams(r, params);
  if (params === null) {
    const bad = [n, dm, g].find(isUnknown);
    r.unknown.params = r.error ?? bad?.unknown ?? fWhy ?? msg('unknown');
  }

  // Output shape and MACs.
  if (!x) r.unknown.outputShape = noInput(ctx);
  else if (parts && !r.error) {
    let spatial: Dim[];
    if (kind === 'transpose') {
      spatial = parts.spatial.map((h, i) => positive(fl === 'keras'
        ? kerasDeconvOut(h, k[i], s[i], d[i], padding, op ? op[i] : null)
        : tfjsDeconvOut(h, k[i], s[i], padding)));
    } else if (fl === 'tfjs' && nd === 1 && first) {
      r.unknown.outputShape = msg('TF.js reports (filters, steps) for a channelsFirst Conv1D but computes (steps, filters)');
      spatial = [];
    } else spatial = parts.spatial.map((h, i) => kerasConvOut(h, k[i], s[i], d[i], padding));
    if (spatial.some((v) => v !== null && v < 0)) r.error = msg('the kernel is larger than the (padded) input');
    else if (spatial.some((v) => v === 0)) r.unknown.outputShape = msg('the output would be empty (a size of 0)');
    else if (!r.unknown.outputShape) {
      const c: Dim = typeof r.outChannels === 'number' ? r.outChannels : null;
      r.outputShape = joinChannels(c, spatial, first);
      if (r.outputShape.some((v) => v === null)) r.unknown.outputShape = msg('part of the input shape is not known');
      const outPos = numel(spatial);
      const inPos = numel(parts.spatial);
      if (f !== null && params !== null) {
        const nn = typeof n === 'number' ? n : 0;
        const m = typeof dm === 'number' ? dm : 0;
        const gg = typeof g === 'number' ? g : 1;
        if (kind === 'transpose' && inPos !== null) r.macs = inPos * f * nn * K;
        else if (outPos !== null) {
          if (kind === 'conv') r.macs = outPos * nn * (f / gg) * K;
          if (kind === 'depthwise') r.macs = outPos * f * m * K;
          if (kind === 'separable') r.macs = outPos * f * m * K + outPos * f * m * nn;
        }
      }
    }
  }
  if (r.error) r.unknown.outputShape = r.error;
  return finish(r, cfg, r.unknown.params ?? msg('depends on unknown values'));
}

export function convSpec(nd: number): Spec {
  const strides = nd === 1 ? 1 : Array(nd).fill(1);
  return {
    args: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias'],
    defaults: { strides, padding: 'valid', data_format: null, dilation_rate: strides, groups: 1, activation: null, use_bias: true, trainable: true },
    ignore: [...BASE_IGNORE, ...KERNEL_IGNORE],
    tfjs: { drop: ['groups'] },
    compute: (cfg, ctx, fl) => compute('conv', nd, cfg, ctx, fl),
  };
}

export function convTransposeSpec(nd: number): Spec {
  const strides = nd === 1 ? 1 : Array(nd).fill(1);
  return {
    args: ['filters', 'kernel_size', 'strides', 'padding', 'output_padding', 'data_format', 'dilation_rate', 'activation', 'use_bias'],
    defaults: {
      strides, padding: 'valid', output_padding: null, data_format: null, dilation_rate: strides, activation: null,
      use_bias: true, trainable: true,
    },
    ignore: [...BASE_IGNORE, ...KERNEL_IGNORE],
    tfjs: nd === 1 ? false : { drop: ['output_padding'] },
    compute: (cfg, ctx, fl) => compute('transpose', nd, cfg, ctx, fl),
  };
}

export function depthwiseSpec(nd: number): Spec {
  const strides = nd === 1 ? 1 : Array(nd).fill(1);
  return {
    args: ['kernel_size', 'strides', 'padding', 'depth_multiplier', 'data_format', 'dilation_rate', 'activation', 'use_bias'],
    defaults: {
      strides, padding: 'valid', depth_multiplier: 1, data_format: null, dilation_rate: strides, activation: null,
      use_bias: true, trainable: true,
    },
    ignore: [...BASE_IGNORE, ...SEP_IGNORE],
    tfjs: nd === 1 ? false : {},
    compute: (cfg, ctx, fl) => compute('depthwise', nd, cfg, ctx, fl),
  };
}

export function separableSpec(nd: number): Spec {
  const strides = nd === 1 ? 1 : Array(nd).fill(1);
  return {
    args: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'depth_multiplier', 'activation', 'use_bias'],
    defaults: {
      strides, padding: 'valid', data_format: null, dilation_rate: strides, depth_multiplier: 1, activation: null,
      use_bias: true, trainable: true,
    },
    ignore: [...BASE_IGNORE, ...SEP_IGNORE],
    tfjs: nd === 1 ? false : {},
    compute: (cfg, ctx, fl) => compute('separable', nd, cfg, ctx, fl),
  };
}
