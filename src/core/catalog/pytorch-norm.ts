// PyTorch normalization: BatchNorm, InstanceNorm (and Lazy variants), GroupNorm, LayerNorm, LocalResponseNorm.
// Running statistics are buffers, not parameters: they never count.
import type { Catalog, Cfg, CValue, LayerContext, LayerResult, LayerRow, Unknown } from './types';
import { Invalid, MODULE_IGNORE, applyShape, guarded, lazyDim, wholeList } from './pytorch-common';
import { NeedUnknown, emptyResult, int, needBool, product, term, trainableParams } from './values';
import { msg } from '../l10n';

const NORM_IGNORE = [...MODULE_IGNORE, 'eps', 'momentum'];

/** Params of a per-channel affine norm: 2C when `affine`, else 0. */
function affineParams(r: LayerResult, c: number | Unknown, affine: boolean): void {
  if (typeof c === 'number') r.inChannels = r.outChannels = c;
  if (!affine) {
    trainableParams(r, 0);
    r.formula = '0';
    return;
  }
  r.formula = `2·${term(c as CValue)}`;
  if (typeof c === 'number') trainableParams(r, 2 * c);
  else r.unknown.params = c.unknown;
}

/**
 * BatchNorm / InstanceNorm: input C×spatial with `nd` spatial dims (BatchNorm1d also takes a bare C).
 * InstanceNorm only checks the channel count when it owns per-channel tensors (affine or running stats).
 */
function channelNormRow(nd: number, instance: boolean, lazy: boolean): LayerRow {
  const flagDefault = !instance || lazy; // LazyInstanceNorm defaults to affine=True, track_running_stats=True
  const defaults: Cfg = { eps: 1e-5, momentum: 0.1, affine: flagDefault, track_running_stats: instance ? flagDefault : true };
  const ranks = !instance && nd === 1 ? [1, 2] : [nd + 1];
  return {
    args: lazy ? ['eps', 'momentum', 'affine', 'track_running_stats'] : ['num_features', 'eps', 'momentum', 'affine', 'track_running_stats'],
    defaults,
    ignore: NORM_IGNORE,
    compute: (cfg, ctx) => {
      const r = emptyResult();
      const affine = needBool(cfg, 'affine');
      const stats = needBool(cfg, 'track_running_stats');
      const c = lazy ? lazyDim(ctx, 0) : int(cfg, 'num_features');
      affineParams(r, c, affine);
      if (!lazy && typeof c === 'number' && (!instance || affine || stats)) r.expects = [{ axis: 0, size: c, what: msg('channels') }];
      r.macs = 0;
      applyShape(r, ctx, (s) => [...s], ranks, msg('input (C×spatial)'));
      return r;
    },
  };
}

function groupNorm(cfg: Cfg, ctx: LayerContext): LayerResult {
  const r = emptyResult();
  const g = int(cfg, 'num_groups');
  const c = int(cfg, 'num_channels');
  if (typeof g === 'number' && typeof c === 'number' && (g <= 0 || c % g !== 0)) {
    throw new Invalid(msg('num_channels ({0}) must be divisible by num_groups ({1})', c, g));
  }
  affineParams(r, c, needBool(cfg, 'affine'));
  if (typeof c === 'number') r.expects = [{ axis: 0, size: c, what: msg('channels') }];
  r.groups = typeof g === 'number' ? g : null;
  r.macs = 0;
  applyShape(r, ctx, (s) => [...s], [1, 2, 3, 4, 5, 6], msg('input (C×…)'));
  return r;
}

/** LayerNorm over the trailing dims `normalized_shape`; `bias=False` is the torch ≥ 2.1 keyword (weight only). */
function layerNorm(cfg: Cfg, ctx: LayerContext): LayerResult {
  const r = emptyResult();
  const affine = needBool(cfg, 'elementwise_affine');
  const bias = needBool(cfg, 'bias');
  let shape: number[] | null = null;
  try {
    shape = wholeList(cfg.normalized_shape, 'normalized_shape');
  } catch (e) {
    if (!(e instanceof NeedUnknown)) throw e;
    r.unknown.params = r.unknown.outputShape = e.reason;
  }
  const v = cfg.normalized_shape;
  const sizeText = Array.isArray(v) ? v.map((x) => term(x)).join('·') : term(v);
  const per = affine ? (bias ? 2 : 1) : 0;
  r.formula = per === 0 ? '0' : per === 1 ? sizeText : `2·${sizeText}`;
  r.macs = 0;
  if (per === 0) trainableParams(r, 0);
  if (!shape) {
    // The output keeps the input's shape whatever normalized_shape is (when torch accepts it).
    const reason = r.unknown.outputShape;
    delete r.unknown.outputShape;
    applyShape(r, ctx, (s) => [...s]);
    if (!r.unknown.outputShape && reason && r.outputShape === null) r.unknown.outputShape = reason;
    return r;
  }
  if (per > 0) trainableParams(r, per * product(shape));
  const want = shape;
  r.expects = want.map((size, i) => ({ axis: i - want.length, size, what: msg('normalized size') }));
  applyShape(r, ctx, (s) => {
    if (s.length < want.length) throw new Invalid(msg('expects at least {0} dims, got {1}', want.length, s.length));
    const tail = s.slice(s.length - want.length);
    tail.forEach((d, i) => {
      if (d !== null && d !== want[i]) throw new Invalid(msg('the input\'s trailing dims ({0}) are not normalized_shape ({1}): torch raises', tail.join('×'), want.join('×')));
    });
    return [...s];
  });
  return r;
}

export const pytorchNorm: Catalog = {
  GroupNorm: {
    args: ['num_groups', 'num_channels', 'eps', 'affine'], defaults: { eps: 1e-5, affine: true }, ignore: NORM_IGNORE,
    compute: guarded(groupNorm),
  },
  LayerNorm: {
    args: ['normalized_shape', 'eps', 'elementwise_affine', 'bias'],
    defaults: { eps: 1e-5, elementwise_affine: true, bias: true }, ignore: NORM_IGNORE,
    compute: guarded(layerNorm),
  },
  LocalResponseNorm: {
    args: ['size', 'alpha', 'beta', 'k'], defaults: { alpha: 1e-4, beta: 0.75, k: 1 },
    compute: (cfg, ctx) => {
      const r = emptyResult();
      trainableParams(r, 0);
      r.formula = '0';
      r.macs = 0;
      applyShape(r, ctx, (s) => [...s], [2, 3, 4, 5, 6], msg('input (C×spatial)'));
      return r;
    },
  },
};
for (const nd of [1, 2, 3]) {
  pytorchNorm[`BatchNorm${nd}d`] = channelNormRow(nd, false, false);
  pytorchNorm[`LazyBatchNorm${nd}d`] = channelNormRow(nd, false, true);
  pytorchNorm[`InstanceNorm${nd}d`] = channelNormRow(nd, true, false);
  pytorchNorm[`LazyInstanceNorm${nd}d`] = channelNormRow(nd, true, true);
}
