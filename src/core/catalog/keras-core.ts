// Keras / TF.js core layers: Dense, Embedding, normalization, activations, noise, merges.
import type { Dim, Shape } from '../report';
import type { Cfg, CValue, LayerContext, LayerResult } from './types';
import {
  axisIndex, BASE_IGNORE, finish, type Flavor, identityResult, input0, KERNEL_IGNORE, noInput, setParams, shapeOnly,
  type Spec,
} from './keras-common';
import { emptyResult, int, isUnknown, NeedUnknown, needBool, needInt, numel, term } from './values';
import { msg } from '../l10n';

function dense(cfg: Cfg, ctx: LayerContext): LayerResult {
  const r = emptyResult();
  const bias = needBool(cfg, 'use_bias');
  const n = int(cfg, 'units');
  const x = input0(ctx);
  const f = x && x.length ? x[x.length - 1] : null;
  if (typeof n === 'number') r.outChannels = n;
  if (f !== null) r.inChannels = f;
  r.formula = bias ? `${term(n)}·(${term(f ?? undefined)}+1)` : `${term(n)}·${term(f ?? undefined)}`;
  if (typeof n === 'number' && f !== null) setParams(r, n * f + (bias ? n : 0));
  else r.unknown.params = isUnknown(n) ? n.unknown : !x ? noInput(ctx) : msg('the input feature count is not known');
  if (!x) r.unknown.outputShape = noInput(ctx);
  else if (x.length === 0) r.unknown.outputShape = msg('Dense expects at least a 1-d input');
  else {
    r.outputShape = [...x.slice(0, -1), typeof n === 'number' ? n : null];
    const lead = numel(x.slice(0, -1));
    if (lead !== null && typeof n === 'number' && f !== null) r.macs = lead * n * f;
  }
  return finish(r, cfg, r.unknown.params ?? msg('part of the input shape is not known'));
}

export const denseSpec: Spec = {
  args: ['units', 'activation', 'use_bias'],
  defaults: { activation: null, use_bias: true, trainable: true },
  ignore: [...BASE_IGNORE, ...KERNEL_IGNORE, 'input_dim'],
  compute: dense,
};

export const embeddingSpec: Spec = {
  args: ['input_dim', 'output_dim', 'embeddings_initializer', 'embeddings_regularizer', 'embeddings_constraint', 'mask_zero'],
  defaults: { embeddings_initializer: 'uniform', embeddings_regularizer: null, embeddings_constraint: null, mask_zero: false, trainable: true },
  ignore: [...BASE_IGNORE, 'input_length', 'activity_regularizer'],
  compute: (cfg, ctx) => {
    const v = int(cfg, 'input_dim');
    const d = int(cfg, 'output_dim');
    const r = shapeOnly(ctx, (x) => [...x, typeof d === 'number' ? d : null]);
    r.formula = `${term(v)}·${term(d)}`;
    if (typeof d === 'number') r.outChannels = d;
    if (typeof v === 'number' && typeof d === 'number') setParams(r, v * d);
    else {
      setParams(r, null);
      r.unknown.params = (isUnknown(v) ? v : isUnknown(d) ? d : { unknown: msg('unknown') }).unknown;
    }
    return finish(r, cfg, msg('unknown'));
  },
};

/** The product of the input dims at the Keras `axis` (int or list). */
function axisSize(cfg: Cfg, x: Shape, key = 'axis'): number {
  const a = cfg[key];
  const axes = typeof a === 'number' ? [a] : a;
  if (!Array.isArray(axes) || axes.length === 0 || !axes.every((v) => typeof v === 'number')) throw new NeedUnknown(msg('`{0}` is not understood', key));
  let p = 1;
  for (const ax of axes as number[]) {
    const i = axisIndex(ax, x.length);
    if (i === null) throw new NeedUnknown(msg('`{0}` = {1} is not a feature axis of a {2}-d input', key, ax, x.length));
    const dim = x[i];
    if (dim === null) throw new NeedUnknown(msg('the normalized axis size is not known'));
    p *= dim;
  }
  return p;
}

function norm(kind: 'batch' | 'layer' | 'group' | 'unit', cfg: Cfg, ctx: LayerContext): LayerResult {
  const r = identityResult(ctx);
  r.macs = 0;
  const x = input0(ctx);
  if (kind === 'unit') return finish(r, cfg, msg('unknown'));
  if (kind === 'batch' && cfg.renorm === true) throw new NeedUnknown(msg('renorm=True adds weights this tool does not count'));
  const center = needBool(cfg, 'center');
  const rms = kind === 'layer' && cfg.rms_scaling !== undefined ? needBool(cfg, 'rms_scaling') : false;
  const scale = needBool(cfg, 'scale') || rms;
  const beta = center && !rms;
  if (!x) {
    setParams(r, null);
    r.unknown.params = noInput(ctx);
    return finish(r, cfg, noInput(ctx));
  }
  const c = axisSize(cfg, x);
  const per = (beta ? 1 : 0) + (scale ? 1 : 0);
  if (kind === 'group') {
    const g = needInt(cfg, 'groups');
    if (c % g !== 0) {
      r.error = msg('the channel count ({0}) must be divisible by groups ({1})', c, g);
      setParams(r, null);
      r.unknown.params = r.error;
      return finish(r, cfg, r.error);
    }
  }
  r.inChannels = c;
  r.outChannels = c;
  if (kind === 'batch') {
    setParams(r, per * c, 2 * c);
    r.formula = msg('{0} (moving mean/variance, non-trainable)', `${per ? `${per}·${c} + ` : ''}2·${c}`);
  } else {
    setParams(r, per * c);
    r.formula = `${per}·${c}`;
  }
  return finish(r, cfg, msg('unknown'));
}

const NORM_IGNORE = [
  ...BASE_IGNORE, 'momentum', 'epsilon', 'beta_initializer', 'gamma_initializer', 'moving_mean_initializer',
  'moving_variance_initializer', 'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint',
  'synchronized', 'fused', 'virtual_batch_size', 'adjustment', 'renorm_clipping', 'renorm_momentum',
];

export const batchNormSpec: Spec = {
  args: ['axis', 'momentum', 'epsilon', 'center', 'scale'],
  defaults: { axis: -1, center: true, scale: true, renorm: false, trainable: true },
  ignore: NORM_IGNORE,
  tfjs: { drop: ['renorm'] },
  compute: (cfg, ctx) => norm('batch', cfg, ctx),
};

export const layerNormSpec: Spec = {
  args: ['axis', 'epsilon', 'center', 'scale', 'rms_scaling'],
  defaults: { axis: -1, center: true, scale: true, rms_scaling: false, trainable: true },
  ignore: NORM_IGNORE,
  tfjs: { drop: ['rms_scaling'] },
  compute: (cfg, ctx) => norm('layer', cfg, ctx),
};

export const groupNormSpec: Spec = {
  args: ['groups', 'axis', 'epsilon', 'center', 'scale'],
  defaults: { groups: 32, axis: -1, center: true, scale: true, trainable: true },
  ignore: NORM_IGNORE,
  tfjs: false,
  compute: (cfg, ctx) => norm('group', cfg, ctx),
};

export const unitNormSpec: Spec = {
  args: ['axis'], defaults: { axis: -1, trainable: true }, ignore: BASE_IGNORE, tfjs: false,
  compute: (cfg, ctx) => norm('unit', cfg, ctx),
};

/** Keras preprocessing Normalization: non-trainable mean, variance (shape of the kept axes) and a scalar count. */
export const normalizationSpec: Spec = {
  args: ['axis', 'mean', 'variance', 'invert'],
  defaults: { axis: -1, mean: null, variance: null, invert: false, trainable: true },
  ignore: BASE_IGNORE,
  tfjs: false,
  compute: (cfg, ctx) => {
    const r = identityResult(ctx);
    const given = cfg.mean !== null || cfg.variance !== null;
    if (given) {
      setParams(r, 0, 0);
      r.formula = msg('0 (mean and variance given as constants)');
      return finish(r, cfg, msg('unknown'));
    }
    const x = input0(ctx);
    if (!x) {
      setParams(r, null);
      r.unknown.params = noInput(ctx);
    } else {
      const c = cfg.axis === null ? 1 : axisSize(cfg, x);
      setParams(r, 0, 2 * c + 1);
      r.formula = msg('{0} (mean, variance, count; non-trainable)', `2·${c} + 1`);
    }
    return finish(r, cfg, msg('unknown'));
  },
};

/**
 * Keras preprocessing lookups and encodings (TextVectorization, StringLookup, IntegerLookup, Hashing, HashedCrossing,
 * Discretization, CategoryEncoding): no weights (their vocabularies and bins are lookup tables or constants, not
 * weights), except TF-IDF weights, which tf.keras 2 tracks as a non-trainable weight and Keras 3 does not. The output
 * shape is given for TextVectorization's `int` mode only: (output_sequence_length,), None when not set.
 */
export function preprocessingSpec(name: string, args: string[], defaults: Cfg, ignore: string[]): Spec {
  return {
    args, defaults: { output_mode: 'int', ...defaults, trainable: true }, ignore: [...BASE_IGNORE, 'sparse', 'ragged', 'encoding', ...ignore], tfjs: false,
    compute: (cfg, ctx) => {
      const r = emptyResult();
      const mode = cfg.output_mode;
      if (typeof mode !== 'string') {
        r.unknown.params = msg('`output_mode` is not known');
      } else if (mode === 'tf_idf') {
        r.unknown.params = msg('TF-IDF weights: tf.keras 2 counts them as non-trainable weights, Keras 3 does not track them');
      } else {
        setParams(r, 0);
        r.macs = 0;
      }
      const x = input0(ctx);
      if (name === 'TextVectorization' && mode === 'int' && x) {
        const len = cfg.output_sequence_length;
        if (len === null || (typeof len === 'number' && Number.isInteger(len) && len > 0)) r.outputShape = [len as number | null];
        else r.unknown.outputShape = msg('`output_sequence_length` is not known');
      } else if (!x) r.unknown.outputShape = noInput(ctx);
      else r.unknown.outputShape = msg('the output shape of {0} in mode {1} is not worked out', name, typeof mode === 'string' ? mode : '?');
      return finish(r, cfg, msg('unknown'));
    },
  };
}

/** A weight-free layer with the input's shape; `args`/`defaults` as Keras spells them. */
export function passSpec(args: string[], defaults: Cfg = {}, tfjs: Spec['tfjs'] = {}, ignore: string[] = []): Spec {
  return {
    args, defaults: { ...defaults, trainable: true }, ignore: [...BASE_IGNORE, 'seed', ...ignore], tfjs,
    compute: (cfg, ctx) => finish(identityResult(ctx), cfg, msg('unknown')),
  };
}

/** Softmax: Keras normalizes over `axis` (default -1); TF.js defaults to axis 1 and can only run the last axis. */
export const softmaxSpec: Spec = {
  args: ['axis'],
  defaults: { axis: -1, trainable: true },
  ignore: BASE_IGNORE,
  tfjs: { defaults: { axis: 1 } },
  compute: (cfg, ctx, fl) => {
    const r = identityResult(ctx);
    const x = input0(ctx);
    const axis = needInt(cfg, 'axis');
    if (x && axisIndex(axis, x.length) === null) throw new NeedUnknown(msg('`axis` = {0} is not a feature axis', axis));
    if (x && fl === 'tfjs' && axisIndex(axis, x.length) !== x.length - 1) {
      r.error = msg('TF.js can only run Softmax over the last axis');
      r.outputShape = null;
      r.unknown.outputShape = r.error;
    }
    return finish(r, cfg, msg('unknown'));
  },
};

export const preluSpec: Spec = {
  args: ['alpha_initializer', 'alpha_regularizer', 'alpha_constraint', 'shared_axes'],
  defaults: { alpha_initializer: 'zeros', alpha_regularizer: null, alpha_constraint: null, shared_axes: null, trainable: true },
  ignore: BASE_IGNORE,
  compute: (cfg, ctx) => {
    const r = identityResult(ctx);
    const x = input0(ctx);
    const sa = cfg.shared_axes;
    const shared = sa === null ? [] : typeof sa === 'number' ? [sa] : sa;
    if (!Array.isArray(shared) || !shared.every((v) => typeof v === 'number')) throw new NeedUnknown(msg('`shared_axes` is not understood'));
    if (!x) {
      setParams(r, null);
      r.unknown.params = noInput(ctx);
      return finish(r, cfg, noInput(ctx));
    }
    const dims = x.map((d, i) => ((shared as number[]).includes(i + 1) ? 1 : d));
    const p = numel(dims);
    setParams(r, p);
    r.formula = dims.map((d) => term(d ?? undefined)).join('·');
    if (p === null) r.unknown.params = msg('a non-shared input dimension is not known');
    return finish(r, cfg, msg('unknown'));
  },
};

function elementwise(shapes: Shape[], name: string): Shape {
  const rank = shapes[0].length;
  if (shapes.some((s) => s.length !== rank)) throw new NeedUnknown(msg('{0}: inputs of different ranks', name));
  return shapes[0].map((_, i) => {
    let out: Dim = 1;
    for (const s of shapes) {
      const d = s[i];
      if (d === null) return null;
      if (out === 1) out = d;
      else if (d !== 1 && d !== out) throw new MergeError(msg('{0}: input shapes do not match ({1})', name, shapes.map((z) => z.join('×')).join(' vs ')));
    }
    return out;
  });
}

class MergeError extends Error {}

function merge(cfg: Cfg, ctx: LayerContext, name: string, fl: Flavor, combine: (shapes: Shape[]) => Shape): LayerResult {
  const r = emptyResult();
  setParams(r, 0);
  r.macs = 0;
  const n = ctx.inputs.length;
  if (n === 0) r.unknown.outputShape = noInput(ctx);
  else if (ctx.inputs.some((s) => s === null)) r.unknown.outputShape = msg('an input shape is not known');
  else if (n < 2 && fl === 'tfjs') r.error = msg('{0} needs at least 2 inputs', name);
  else if (n < 2) r.unknown.outputShape = msg('Keras versions differ on whether {0} accepts a single input', name);
  else if ((name === 'Subtract' || name === 'Dot') && n !== 2) r.error = msg('{0} needs exactly 2 inputs', name);
  else {
    try {
      r.outputShape = combine(ctx.inputs as Shape[]);
    } catch (e) {
      if (!(e instanceof MergeError)) throw e;
      r.error = e.message;
    }
  }
  if (r.error) r.unknown.outputShape = r.error;
  return finish(r, cfg, msg('unknown'));
}

export function mergeSpec(name: string): Spec {
  return {
    args: [], defaults: { trainable: true }, ignore: BASE_IGNORE, multiInput: true,
    tfjs: name === 'Subtract' ? false : {},
    compute: (cfg, ctx, fl) => merge(cfg, ctx, name, fl, (s) => elementwise(s, name)),
  };
}

export const concatenateSpec: Spec = {
  args: ['axis'], defaults: { axis: -1, trainable: true }, ignore: BASE_IGNORE, multiInput: true,
  compute: (cfg, ctx, fl) => merge(cfg, ctx, 'Concatenate', fl, (shapes) => {
    const rank = shapes[0].length;
    if (shapes.some((s) => s.length !== rank)) throw new MergeError(msg('Concatenate: inputs of different ranks'));
    const ax = axisIndex(needInt(cfg, 'axis'), rank);
    if (ax === null) throw new NeedUnknown(msg('`axis` is not a feature axis'));
    return shapes[0].map((_, i) => {
      if (i === ax) return shapes.reduce<Dim>((acc, s) => (acc === null || s[i] === null ? null : acc + (s[i] as number)), 0);
      const known = shapes.map((s) => s[i]).filter((d): d is number => d !== null);
      if (known.some((d) => d !== known[0])) throw new MergeError(msg('Concatenate: inputs differ outside the axis ({0})', shapes.map((z) => z.join('×')).join(' vs ')));
      return known.length === shapes.length ? known[0] : null;
    });
  }),
};

export const dotSpec: Spec = {
  args: ['axes', 'normalize'], defaults: { normalize: false, trainable: true }, ignore: BASE_IGNORE, multiInput: true,
  compute: (cfg, ctx, fl) => merge(cfg, ctx, 'Dot', fl, ([a, b]) => {
    const ax: CValue = cfg.axes;
    const pair = typeof ax === 'number' ? [ax, ax] : ax;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => typeof v === 'number')) throw new NeedUnknown(msg('`axes` is not understood'));
    const ia = axisIndex(pair[0] as number, a.length);
    const ib = axisIndex(pair[1] as number, b.length);
    if (ia === null || ib === null) throw new NeedUnknown(msg('`axes` does not name feature axes'));
    if (a[ia] !== null && b[ib] !== null && a[ia] !== b[ib]) throw new MergeError(msg('Dot: sizes {0} and {1} along the axes differ', a[ia], b[ib]));
    const out = [...a.filter((_, i) => i !== ia), ...b.filter((_, i) => i !== ib)];
    return out.length === 0 ? [1] : out;
  }),
};

export const inputLayerSpec: Spec = {
  args: [],
  defaults: { shape: null, batch_size: null, batch_shape: null, input_shape: null, batch_input_shape: null, sparse: null, trainable: true },
  ignore: ['name', 'dtype', 'input_tensor', 'optional', 'ragged', 'type_spec', 'input_d_type'],
  compute: (cfg, ctx) => {
    const r = identityResult(ctx);
    const direct = cfg.shape ?? cfg.input_shape;
    const batched = cfg.batch_shape ?? cfg.batch_input_shape;
    const shape = direct ?? (Array.isArray(batched) ? batched.slice(1) : null);
    if (Array.isArray(shape) && shape.every((v) => v === null || (typeof v === 'number' && Number.isInteger(v)))) {
      r.outputShape = shape as Dim[];
      delete r.unknown.outputShape;
    } else if (!r.outputShape) r.unknown.outputShape = msg('the input shape is not written as a tuple of sizes');
    return finish(r, cfg, msg('unknown'));
  },
};

