// PyTorch convolutions: Conv1d/2d/3d, ConvTranspose1d/2d/3d and their Lazy variants.
import type { Catalog, Cfg, CValue, LayerContext, LayerResult, LayerRow, Unknown } from './types';
import { torchConvOut, torchConvTransposeOut } from './arith';
import { Invalid, MODULE_IGNORE, guarded, inputReason, lazyDim, rfNotFollowed } from './pytorch-common';
import { emptyResult, explainNulls, int, isUnknown, needBool, needTuple, numel, product, term, trainableParams } from './values';
import { msg } from '../l10n';

const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];

function convRow(nd: number, lazy: boolean, transposed: boolean): LayerRow {
  const first = lazy ? ['out_channels', 'kernel_size'] : ['in_channels', 'out_channels', 'kernel_size'];
  const rest = transposed
    ? ['stride', 'padding', 'output_padding', 'groups', 'bias', 'dilation', 'padding_mode']
    : ['stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode'];
  const defaults: Cfg = { stride: 1, padding: 0, dilation: 1, groups: 1, bias: true, padding_mode: 'zeros' };
  if (transposed) defaults.output_padding = 0;
  return {
    args: [...first, ...rest],
    defaults,
    ignore: MODULE_IGNORE,
    compute: guarded((cfg, ctx) => conv(cfg, ctx, nd, lazy, transposed)),
  };
}

/** The channel counts as numbers or reasons, with torch's divisibility checks. */
function channels(cfg: Cfg, ctx: LayerContext, lazy: boolean): { f: number | Unknown; n: number | Unknown; g: number | Unknown } {
  const g = int(cfg, 'groups');
  const n = int(cfg, 'out_channels');
  const f = lazy ? lazyDim(ctx, 0) : int(cfg, 'in_channels');
  if (typeof g === 'number' && g <= 0) throw new Invalid(msg('groups must be a positive integer'));
  if (typeof g === 'number' && typeof f === 'number' && f % g !== 0) throw new Invalid(msg('in_channels ({0}) must be divisible by groups ({1})', f, g));
  if (typeof g === 'number' && typeof n === 'number' && n % g !== 0) throw new Invalid(msg('out_channels ({0}) must be divisible by groups ({1})', n, g));
  return { f, n, g };
}

function conv(cfg: Cfg, ctx: LayerContext, nd: number, lazy: boolean, transposed: boolean): LayerResult {
  const r = emptyResult();
  const mode = cfg.padding_mode;
  if (typeof mode === 'string' && !PADDING_MODES.includes(mode)) throw new Invalid(msg('padding_mode \'{0}\' is not one of {1}', mode, PADDING_MODES.join(', ')));
  if (transposed && typeof mode === 'string' && mode !== 'zeros') throw new Invalid(msg('transposed convolutions only support padding_mode=\'zeros\''));
  const padding = cfg.padding;
  if (typeof padding === 'string') {
    if (transposed) throw new Invalid(msg('transposed convolutions take numeric padding only'));
    if (padding !== 'same' && padding !== 'valid') throw new Invalid(msg('padding \'{0}\' is not \'same\' or \'valid\'', padding));
  }
  const k = needTuple(cfg, 'kernel_size', nd);
  const s = needTuple(cfg, 'stride', nd);
  const d = needTuple(cfg, 'dilation', nd);
  const bias = needBool(cfg, 'bias');
  if ([...k, ...s, ...d].some((x) => x <= 0)) throw new Invalid(msg('kernel_size, stride and dilation must be positive'));
  if (padding === 'same' && s.some((x) => x !== 1)) throw new Invalid(msg('padding=\'same\' is not supported for strided convolutions in PyTorch'));
  const { f, n, g } = channels(cfg, ctx, lazy);
  r.kernel = k;
  r.stride = s;
  if (transposed) rfNotFollowed(r, msg('a transposed convolution upsamples'));
  else r.rf = { kernel: k[0], stride: s[0], dilation: d[0] };
  if (typeof g === 'number') r.groups = g;
  if (typeof n === 'number') r.outChannels = n;
  if (typeof f === 'number') r.inChannels = f;
  // Each output channel sees f/g input channels through a K-sized kernel, in both directions of the transposition.
  const gText = typeof g === 'number' && g === 1 ? '' : `/${term(g as CValue)}`;
  const depth = typeof f === 'number' && typeof g === 'number' ? String(f / g) : `${term(f as CValue)}${gText}`;
  r.filterShape = [...k, depth].join('×');
  const perFilter = `${depth}·${k.join('·')}`;
  r.formula = bias ? `${term(n as CValue)}·(${perFilter}+1)` : `${term(n as CValue)}·${perFilter}`;
  if (typeof n === 'number' && typeof f === 'number' && typeof g === 'number') {
    trainableParams(r, n * (f / g) * product(k) + (bias ? n : 0));
  } else {
    r.unknown.params = [n, f, g].find(isUnknown)?.unknown ?? msg('unknown');
  }
  if (!lazy && typeof f === 'number') r.expects = [{ axis: 0, size: f, what: msg('input channels') }];
  outputShape(r, cfg, ctx, nd, { k, s, d, f, n, g }, transposed);
  explainNulls(r, r.unknown.params ?? r.unknown.outputShape ?? msg('depends on unknown inputs'), ['macs']);
  return r;
}

interface Geometry {
  k: number[];
  s: number[];
  d: number[];
  f: number | Unknown;
  n: number | Unknown;
  g: number | Unknown;
}

function outputShape(r: LayerResult, cfg: Cfg, ctx: LayerContext, nd: number, geo: Geometry, transposed: boolean): void {
  const { k, s, d, f, n, g } = geo;
  const padding = cfg.padding;
  const pads = padding === 'valid' || padding === 'same' ? Array<number>(nd).fill(0) : needTuple(cfg, 'padding', nd);
  const op = transposed ? needTuple(cfg, 'output_padding', nd) : Array<number>(nd).fill(0);
  for (let i = 0; i < nd; i++) {
    if (transposed && op[i] >= s[i] && op[i] >= d[i]) {
      throw new Invalid(msg('output_padding ({0}) must be smaller than either stride ({1}) or dilation ({2})', op[i], s[i], d[i]));
    }
  }
  const input = ctx.inputs[0];
  if (!input) {
    r.unknown.outputShape = inputReason(ctx);
    return;
  }
  if (input.length !== nd + 1) {
    r.unknown.outputShape = msg('expects a {0}-d input (C×spatial, batch dim excluded), got {1}-d', nd + 1, input.length);
    return;
  }
  const spatialIn = input.slice(1);
  const spatial = spatialIn.map((h, i) => {
    if (padding === 'same') return h;
    return transposed ? torchConvTransposeOut(h, k[i], s[i], pads[i], d[i], op[i]) : torchConvOut(h, k[i], s[i], pads[i], d[i]);
  });
  const bad = spatial.findIndex((x) => x !== null && x <= 0);
  if (bad >= 0) {
    r.unknown.outputShape = msg('the output would have size {0} along spatial dim {1} (input {2}, kernel {3}): torch raises', spatial[bad], bad + 1, spatialIn[bad], k[bad]);
    return;
  }
  r.outputShape = [typeof n === 'number' ? n : null, ...spatial];
  if (r.outputShape.some((x) => x === null)) r.unknown.outputShape = msg('part of the input shape is not known');
  if (typeof n !== 'number' || typeof f !== 'number' || typeof g !== 'number') return;
  if (transposed) {
    const pos = numel(spatialIn);
    if (pos !== null) r.macs = pos * f * (n / g) * product(k);
  } else {
    const pos = numel(spatial);
    if (pos !== null) r.macs = pos * n * (f / g) * product(k);
  }
}

export const pytorchConv: Catalog = {};
for (const nd of [1, 2, 3]) {
  pytorchConv[`Conv${nd}d`] = convRow(nd, false, false);
  pytorchConv[`LazyConv${nd}d`] = convRow(nd, true, false);
  pytorchConv[`ConvTranspose${nd}d`] = convRow(nd, false, true);
  pytorchConv[`LazyConvTranspose${nd}d`] = convRow(nd, true, true);
}
