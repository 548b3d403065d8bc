// PyTorch layers that only move values around: Identity, Flatten, Unflatten, PixelShuffle, ChannelShuffle,
// Upsample and the padding layers. None has parameters or multiply-accumulates.
import type { Dim, Shape } from '../report';
import type { Catalog, Cfg, LayerContext, LayerResult, LayerRow } from './types';
import { Invalid, applyShape, guarded, ourAxis, paramFreeResult, real, rfNotFollowed, text, whole, wholeList } from './pytorch-common';
import { NeedUnknown, isUnknown, needInt, numel } from './values';
import { msg } from '../l10n';

/** A parameter-free row whose output shape is `fn(input)`. */
function shapeRow(
  args: string[], defaults: Cfg, fn: (cfg: Cfg, s: Shape) => Shape, ranks?: number[], what?: () => string, resamples?: () => string,
): LayerRow {
  return {
    args, defaults,
    compute: guarded((cfg, ctx) => {
      const r = paramFreeResult();
      if (resamples) rfNotFollowed(r, resamples());
      applyShape(r, ctx, (s) => fn(cfg, s), ranks, what?.());
      return r;
    }),
  };
}

function flatten(cfg: Cfg, s: Shape): Shape {
  const start = ourAxis(needInt(cfg, 'start_dim'), s.length, 'start_dim');
  const end = ourAxis(needInt(cfg, 'end_dim'), s.length, 'end_dim');
  if (start > end) throw new Invalid(msg('start_dim comes after end_dim: torch raises'));
  return [...s.slice(0, start), numel(s.slice(start, end + 1)), ...s.slice(end + 1)];
}

function unflatten(cfg: Cfg, s: Shape): Shape {
  if (typeof cfg.dim === 'string') throw new NeedUnknown(msg('named dims are not followed'));
  const axis = ourAxis(needInt(cfg, 'dim'), s.length);
  const sizes = wholeList(cfg.unflattened_size, 'unflattened_size');
  const h = s[axis];
  const free = sizes.filter((x) => x === -1).length;
  if (free > 1 || sizes.some((x) => x < -1)) throw new Invalid(msg('unflattened_size may hold one -1 and no other negative size'));
  const rest = sizes.filter((x) => x !== -1).reduce((a, b) => a * b, 1);
  let inferred: Dim = null;
  if (h !== null) {
    if (free ? rest === 0 || h % rest !== 0 : rest !== h) throw new Invalid(msg('unflattened_size ({0}) does not multiply up to {1}', sizes.join(', '), h));
    if (free) inferred = h / rest;
  }
  return [...s.slice(0, axis), ...sizes.map((x) => (x === -1 ? inferred : x)), ...s.slice(axis + 1)];
}

function pixelShuffle(cfg: Cfg, s: Shape, down: boolean): Shape {
  const f = needInt(cfg, down ? 'downscale_factor' : 'upscale_factor');
  if (f <= 0) throw new Invalid(msg('the factor must be positive'));
  const [c, h, w] = s.slice(-3);
  const lead = s.slice(0, -3);
  if (down) {
    if (h !== null && h % f !== 0) throw new Invalid(msg('the height ({0}) is not divisible by downscale_factor ({1}): torch raises', h, f));
    if (w !== null && w % f !== 0) throw new Invalid(msg('the width ({0}) is not divisible by downscale_factor ({1}): torch raises', w, f));
    return [...lead, c === null ? null : c * f * f, h === null ? null : h / f, w === null ? null : w / f];
  }
  if (c !== null && c % (f * f) !== 0) throw new Invalid(msg('the channels ({0}) are not divisible by upscale_factor² ({1}): torch raises', c, f * f));
  return [...lead, c === null ? null : c / (f * f), h === null ? null : h * f, w === null ? null : w * f];
}

function channelShuffle(cfg: Cfg, s: Shape): Shape {
  const g = needInt(cfg, 'groups');
  if (g <= 0) throw new Invalid(msg('groups must be positive'));
  if (s[0] !== null && s[0] % g !== 0) throw new Invalid(msg('the channels ({0}) are not divisible by groups ({1}): torch raises', s[0], g));
  return [...s];
}

const MODES: Record<string, number[]> = {
  nearest: [2, 3, 4], 'nearest-exact': [2, 3, 4], area: [2, 3, 4], linear: [2], bilinear: [3], bicubic: [3], trilinear: [4],
};

/** F.interpolate's output size: `size`, or floor(H·scale) per spatial dim (in double precision, as torch). */
function upsampleRow(fixedMode?: string): LayerRow {
  const args = fixedMode ? ['size', 'scale_factor'] : ['size', 'scale_factor', 'mode', 'align_corners', 'recompute_scale_factor'];
  const defaults: Cfg = fixedMode ? { size: null, scale_factor: null } : { size: null, scale_factor: null, mode: 'nearest', align_corners: null, recompute_scale_factor: null };
  return {
    args, defaults,
    compute: guarded((cfg, ctx) => upsample(cfg, ctx, fixedMode)),
  };
}

function upsample(cfg: Cfg, ctx: LayerContext, fixedMode?: string): LayerResult {
  const mode = fixedMode ?? text(cfg, 'mode');
  const ranks = MODES[mode];
  if (!ranks) throw new Invalid(msg('mode \'{0}\' is not one of {1}', mode, Object.keys(MODES).join(', ')));
  const align = cfg.align_corners;
  if (!fixedMode && align !== null && align !== undefined && ['nearest', 'nearest-exact', 'area'].includes(mode)) {
    throw new Invalid(msg('align_corners can only be set with the interpolating modes, not \'{0}\'', mode));
  }
  const { size, scale_factor: scale } = cfg;
  if (size === null && scale === null) throw new Invalid(msg('either size or scale_factor should be defined'));
  if (size !== null && scale !== null && !isUnknown(size) && !isUnknown(scale)) throw new Invalid(msg('only one of size or scale_factor should be defined'));
  const r = paramFreeResult();
  rfNotFollowed(r, msg('upsampling changes the grid'));
  applyShape(r, ctx, (s) => {
    const n = s.length - 1;
    const perDim = (v: typeof size, key: string, read: (x: typeof size) => number): number[] => {
      if (!Array.isArray(v)) return Array<number>(n).fill(read(v));
      if (v.length !== n) throw new Invalid(msg('`{0}` has {1} values for {2} spatial dims', key, v.length, n));
      return v.map(read);
    };
    if (size !== null) return [s[0], ...perDim(size, 'size', (x) => whole(x, 'size'))];
    const f = perDim(scale, 'scale_factor', (x) => real(x, 'scale_factor'));
    return [s[0], ...s.slice(1).map((h, i) => (h === null ? null : Math.floor(h * f[i])))];
  }, ranks, msg('input for mode \'{0}\' (C×spatial)', mode));
  return r;
}

/** Padding layers: `padding` is an int or (left, right, top, bottom, front, back), last dim first. */
function padRow(nd: number, kind: 'constant' | 'reflect' | 'replicate', withValue: boolean): LayerRow {
  return {
    args: withValue ? ['padding', 'value'] : ['padding'],
    defaults: {},
    compute: guarded((cfg, ctx) => {
      const v = cfg.padding;
      const pads = typeof v === 'number' ? Array<number>(2 * nd).fill(whole(v, 'padding')) : wholeList(v, 'padding');
      if (pads.length !== 2 * nd) throw new Invalid(msg('padding needs {0} values, got {1}', 2 * nd, pads.length));
      const r = paramFreeResult();
      const ranks = kind === 'constant' ? [nd, nd + 1, nd + 2, nd + 3] : [nd, nd + 1];
      applyShape(r, ctx, (s) => {
        const out = [...s];
        for (let i = 0; i < nd; i++) {
          const axis = s.length - 1 - i;
          const [lo, hi] = [pads[2 * i], pads[2 * i + 1]];
          const h = s[axis];
          if (h === null) continue;
          if (kind === 'reflect' && (lo >= h || hi >= h)) throw new Invalid(msg('reflection padding ({0}, {1}) must be below the dim size ({2}): torch raises', lo, hi, h));
          const o = h + lo + hi;
          if (o <= 0) throw new Invalid(msg('the padded size would be {0}: torch raises', o));
          out[axis] = o;
        }
        return out;
      }, ranks);
      return r;
    }),
  };
}

/** An int or a pair of ints of nn.Unfold / nn.Fold, as the pair. */
function pair(cfg: Cfg, key: string): [number, number] {
  const v = cfg[key];
  const xs = Array.isArray(v) ? wholeList(v, key) : [whole(v, key), whole(v, key)];
  if (xs.length !== 2) throw new Invalid(msg('`{0}` needs 2 values, got {1}', key, xs.length));
  return [xs[0], xs[1]];
}

/** The sliding blocks of nn.Unfold / nn.Fold over a H×W grid, per spatial dim (PyTorch raises below one). */
function blocks(cfg: Cfg, hw: Dim[]): Dim[] {
  const [k, d, p, st] = ['kernel_size', 'dilation', 'padding', 'stride'].map((key) => pair(cfg, key));
  if (k.some((x) => x <= 0) || d.some((x) => x <= 0) || st.some((x) => x <= 0) || p.some((x) => x < 0)) throw new Invalid(msg('kernel_size, dilation and stride must be positive, padding not negative'));
  return hw.map((h, i) => {
    if (h === null) return null;
    const n = Math.floor((h + 2 * p[i] - d[i] * (k[i] - 1) - 1) / st[i]) + 1;
    if (n < 1) throw new Invalid(msg('the grid of sliding blocks would be {0} along a dim: torch raises', n));
    return n;
  });
}

/** nn.Unfold: C×H×W → (C·kh·kw)×L, L the number of sliding blocks. */
function unfold(cfg: Cfg, s: Shape): Shape {
  const [c, h, w] = s;
  const [kh, kw] = pair(cfg, 'kernel_size');
  const [bh, bw] = blocks(cfg, [h, w]);
  return [c === null ? null : c * kh * kw, bh === null || bw === null ? null : bh * bw];
}

/** nn.Fold: (C·kh·kw)×L → C×output_size, L matching the sliding blocks over output_size. */
function fold(cfg: Cfg, s: Shape): Shape {
  const [ck, l] = s;
  const [kh, kw] = pair(cfg, 'kernel_size');
  const [oh, ow] = pair(cfg, 'output_size');
  const [bh, bw] = blocks(cfg, [oh, ow]);
  if (ck !== null && ck % (kh * kw) !== 0) throw new Invalid(msg('the channels ({0}) are not divisible by the kernel\'s {1} positions: torch raises', ck, kh * kw));
  if (l !== null && bh !== null && bw !== null && l !== bh * bw) throw new Invalid(msg('{0} blocks where output_size makes {1}: torch raises', l, bh * bw));
  return [ck === null ? null : ck / (kh * kw), oh, ow];
}

export const pytorchShape: Catalog = {
  Unfold: shapeRow(['kernel_size', 'dilation', 'padding', 'stride'], { dilation: 1, padding: 0, stride: 1 }, unfold, [3], () => msg('input (C×H×W)'), () => msg('unfolding changes the grid')),
  Fold: shapeRow(['output_size', 'kernel_size', 'dilation', 'padding', 'stride'], { dilation: 1, padding: 0, stride: 1 }, fold, [2], () => msg('input (C·kernel×blocks)'), () => msg('folding changes the grid')),
  // Identity(*args, **kwargs) ignores its arguments.
  Identity: { ...shapeRow([], {}, (_cfg, s) => [...s]), anyArgs: true },
  // torch.ao.quantization's stubs: the identity (no parameters) until a model is converted.
  QuantStub: { ...shapeRow(['qconfig'], { qconfig: null }, (_cfg, s) => [...s]), anyArgs: true },
  DeQuantStub: { ...shapeRow(['qconfig'], { qconfig: null }, (_cfg, s) => [...s]), anyArgs: true },
  Flatten: shapeRow(['start_dim', 'end_dim'], { start_dim: 1, end_dim: -1 }, flatten),
  Unflatten: shapeRow(['dim', 'unflattened_size'], {}, unflatten),
  PixelShuffle: shapeRow(['upscale_factor'], {}, (cfg, s) => pixelShuffle(cfg, s, false), [3, 4, 5, 6], () => msg('input (…×C×H×W)'), () => msg('pixel shuffling changes the grid')),
  PixelUnshuffle: shapeRow(['downscale_factor'], {}, (cfg, s) => pixelShuffle(cfg, s, true), [3, 4, 5, 6], () => msg('input (…×C×H×W)'), () => msg('pixel unshuffling changes the grid')),
  ChannelShuffle: shapeRow(['groups'], {}, channelShuffle, [2, 3, 4, 5], () => msg('input (C×spatial)')),
  Upsample: upsampleRow(),
  UpsamplingNearest2d: upsampleRow('nearest'),
  UpsamplingBilinear2d: upsampleRow('bilinear'),
};
/**
 * Loss modules: no parameters (a class weight is a buffer). The output is one number per batch for
 * reduction='mean' / 'sum' (a 0-d tensor: shape []), or the per-element losses for 'none' (the input's shape;
 * without the class dim for the index-target losses).
 */
function lossRow(classDim: boolean): LayerRow {
  return {
    args: [], defaults: { reduction: 'mean' }, anyArgs: true,
    compute: guarded((cfg, ctx) => {
      const r = paramFreeResult();
      rfNotFollowed(r, msg('a loss is not a layer of the network'));
      const reduction = cfg.reduction;
      if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum') {
        r.unknown.outputShape = msg('`reduction` is not known');
        return r;
      }
      applyShape(r, ctx, (s) => (reduction !== 'none' ? [] : classDim ? s.slice(1) : [...s]));
      return r;
    }),
  };
}
for (const name of ['L1Loss', 'MSELoss', 'SmoothL1Loss', 'HuberLoss', 'BCELoss', 'BCEWithLogitsLoss', 'KLDivLoss', 'SoftMarginLoss', 'MultiLabelSoftMarginLoss', 'PoissonNLLLoss']) {
  pytorchShape[name] = lossRow(false);
}
for (const name of ['CrossEntropyLoss', 'NLLLoss']) pytorchShape[name] = lossRow(true);

for (const nd of [1, 2, 3]) {
  // ZeroPad1d and ZeroPad3d exist from torch 2.1 on; ZeroPad2d in every version.
  pytorchShape[`ZeroPad${nd}d`] = padRow(nd, 'constant', false);
  pytorchShape[`ConstantPad${nd}d`] = padRow(nd, 'constant', true);
  pytorchShape[`ReflectionPad${nd}d`] = padRow(nd, 'reflect', false);
  pytorchShape[`ReplicationPad${nd}d`] = padRow(nd, 'replicate', false);
}
