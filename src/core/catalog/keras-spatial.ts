// Keras / TF.js weight-free layers that move or resize data: pooling, padding, cropping, upsampling, reshaping.
import type { Dim, Shape } from '../report';
import type { Cfg, CValue, LayerContext, LayerResult } from './types';
import { kerasPoolOut } from './arith';
import {
  BASE_IGNORE, channelsFirst, finish, type Flavor, joinChannels, paddingMode, shapeOnly, sizes,
  type Spec, splitChannels,
} from './keras-common';
import { isUnknown, NeedUnknown, needBool, needInt, numel } from './values';
import { msg } from '../l10n';

const ones = (nd: number, v: number): CValue => (nd === 1 ? v : Array(nd).fill(v));

function spatialLayer(cfg: Cfg, ctx: LayerContext, nd: number, map: (spatial: Dim[], c: Dim) => Shape | null): LayerResult {
  const first = nd > 1 || 'data_format' in cfg ? channelsFirst(cfg) : false;
  return shapeOnly(ctx, (x) => {
    const p = splitChannels(x, nd, first);
    if (!p) throw new NeedUnknown(msg('expects a {0}-d input, got {1}-d', nd + 1, x.length));
    const out = map(p.spatial, p.c);
    return out ? joinChannels(out.length === nd + 1 ? out[nd] : p.c, out.slice(0, nd), first) : null;
  });
}

function pool(cfg: Cfg, ctx: LayerContext, fl: Flavor, nd: number): LayerResult {
  const k = sizes(cfg, 'pool_size', nd);
  const s = cfg.strides === null || cfg.strides === undefined ? k : sizes(cfg, 'strides', nd);
  const padding = paddingMode(cfg, fl, ['valid', 'same']);
  let err: string | undefined;
  let empty = false;
  // Keras raises only when every size is negative; a size of 0 or below is shown as unknown.
  const r = spatialLayer(cfg, ctx, nd, (sp) => {
    const out = sp.map((h, i) => kerasPoolOut(h, k[i], s[i], padding));
    if (out.every((v) => v !== null && v < 0)) err = msg('the pool window is larger than the input');
    empty = out.some((v) => v !== null && v <= 0);
    return empty ? null : out;
  });
  if (empty) r.unknown.outputShape = msg('the pool window is larger than the input (empty output)');
  r.kernel = k;
  r.stride = s;
  r.rf = { kernel: k[0], stride: s[0], dilation: 1 };
  if (err) {
    r.error = err;
    r.unknown.outputShape = err;
  }
  return finish(r, cfg, msg('unknown'));
}

function globalPool(cfg: Cfg, ctx: LayerContext, nd: number): LayerResult {
  const keep = needBool(cfg, 'keepdims');
  return finish(spatialLayer(cfg, ctx, nd, (sp, c) => (keep ? [...sp.map(() => 1), c] : null)), cfg, msg('unknown'));
}

function globalShape(cfg: Cfg, ctx: LayerContext, nd: number): LayerResult {
  if (needBool(cfg, 'keepdims')) return globalPool(cfg, ctx, nd);
  const first = channelsFirst(cfg);
  return finish(shapeOnly(ctx, (x) => {
    const p = splitChannels(x, nd, first);
    if (!p) throw new NeedUnknown(msg('expects a {0}-d input, got {1}-d', nd + 1, x.length));
    return [p.c];
  }), cfg, msg('unknown'));
}

export function poolSpec(nd: number): Spec {
  return {
    args: ['pool_size', 'strides', 'padding', 'data_format'],
    defaults: { pool_size: ones(nd, 2), strides: null, padding: 'valid', data_format: null, trainable: true },
    ignore: BASE_IGNORE,
    tfjs: nd === 1 ? { drop: ['data_format'] } : {},
    compute: (cfg, ctx, fl) => pool(cfg, ctx, fl, nd),
  };
}

export function globalPoolSpec(nd: number): Spec {
  return {
    args: ['data_format', 'keepdims'],
    defaults: { data_format: null, keepdims: false, trainable: true },
    ignore: BASE_IGNORE,
    tfjs: nd === 3 ? false : { drop: nd === 1 ? ['data_format', 'keepdims'] : ['keepdims'] },
    compute: (cfg, ctx) => globalShape({ keepdims: false, ...cfg }, ctx, nd),
  };
}

/** ((a, b), (c, d)) / (a, b) / a → per-dim (before, after). */
function pairs(cfg: Cfg, key: string, nd: number): [number, number][] {
  const v = cfg[key];
  if (isUnknown(v)) throw new NeedUnknown(v.unknown, v.expr);
  if (typeof v === 'number' && Number.isInteger(v)) return Array.from({ length: nd }, () => [v, v]);
  if (Array.isArray(v) && nd === 1 && v.length === 2 && v.every((e) => typeof e === 'number')) return [[v[0] as number, v[1] as number]];
  if (Array.isArray(v) && v.length === nd) {
    return v.map((e) => {
      if (typeof e === 'number' && Number.isInteger(e)) return [e, e];
      if (Array.isArray(e) && e.length === 2 && e.every((z) => typeof z === 'number' && Number.isInteger(z))) return [e[0] as number, e[1] as number];
      throw new NeedUnknown(msg('`{0}` is not understood', key));
    });
  }
  throw new NeedUnknown(msg('`{0}` is not understood', key));
}

export function padSpec(nd: number, crop: boolean): Spec {
  const key = crop ? 'cropping' : 'padding';
  const dflt: CValue = crop ? (nd === 1 ? [1, 1] : nd === 2 ? [[0, 0], [0, 0]] : [[1, 1], [1, 1], [1, 1]]) : ones(nd, 1);
  return {
    args: nd === 1 ? [key] : [key, 'data_format'],
    defaults: nd === 1 ? { [key]: dflt, trainable: true } : { [key]: dflt, data_format: null, trainable: true },
    ignore: BASE_IGNORE,
    tfjs: nd === 2 ? { required: crop ? [key] : [] } : false,
    compute: (cfg, ctx) => {
      const p = pairs(cfg, key, nd);
      let err: string | undefined;
      const r = spatialLayer(cfg, ctx, nd, (sp) => sp.map((h, i) => {
        if (h === null) return null;
        const out = crop ? h - p[i][0] - p[i][1] : h + p[i][0] + p[i][1];
        if (out <= 0) err = msg('the cropping removes the whole input');
        return out;
      }));
      if (err) {
        r.error = err;
        r.outputShape = null;
        r.unknown.outputShape = err;
      }
      return finish(r, cfg, msg('unknown'));
    },
  };
}

export function upSampleSpec(nd: number): Spec {
  return {
    args: nd === 1 ? ['size'] : nd === 2 ? ['size', 'data_format', 'interpolation'] : ['size', 'data_format'],
    defaults: nd === 1 ? { size: 2, trainable: true } : { size: ones(nd, 2), data_format: null, interpolation: 'nearest', trainable: true },
    ignore: BASE_IGNORE,
    tfjs: nd === 2 ? {} : false,
    compute: (cfg, ctx, fl) => {
      if (fl === 'tfjs' && !Array.isArray(cfg.size)) {
        const r = shapeOnly(ctx, () => null);
        r.error = msg('TF.js UpSampling2D needs size as [rows, cols]; a single number gives NaN sizes');
        return finish(r, cfg, msg('unknown'));
      }
      const sz = sizes(cfg, 'size', nd);
      return finish(spatialLayer(cfg, ctx, nd, (sp) => sp.map((h, i) => (h === null ? null : h * sz[i]))), cfg, msg('unknown'));
    },
  };
}

export const flattenSpec: Spec = {
  args: ['data_format'],
  defaults: { data_format: null, trainable: true },
  ignore: BASE_IGNORE,
  compute: (cfg, ctx, fl) => {
    channelsFirst(cfg);
    return finish(shapeOnly(ctx, (x) => {
      if (fl === 'tfjs' && x.length < 2) throw new NeedUnknown(msg('TF.js Flatten needs an input of rank 3 or more (with the batch)'));
      const n = numel(x);
      return n === null ? null : [n];
    }), cfg, msg('unknown'));
  },
};

export const reshapeSpec: Spec = {
  args: ['target_shape'],
  defaults: { trainable: true },
  ignore: BASE_IGNORE,
  compute: (cfg, ctx, fl) => {
    const t = cfg.target_shape;
    if (isUnknown(t)) throw new NeedUnknown(t.unknown, t.expr);
    if (!Array.isArray(t) || !t.every((v) => typeof v === 'number' && Number.isInteger(v))) throw new NeedUnknown(msg('`target_shape` is not a tuple of whole numbers'));
    const target = t as number[];
    let err: string | undefined;
    const r = shapeOnly(ctx, (x) => {
      const total = numel(x);
      const free = target.filter((v) => v === -1).length;
      if (free > 1) err = msg('only one dimension of target_shape can be -1');
      if (free === 0) {
        if (total !== null && numel(target) !== total) err = msg('cannot reshape {0} values into {1}', total, target.join('×'));
        return [...target];
      }
      // TF.js leaves the -1 dim unknown until run time.
      if (total === null || fl === 'tfjs') return target.map((v) => (v === -1 ? null : v));
      const rest = numel(target.filter((v) => v !== -1))!;
      if (rest === 0 || total % rest !== 0) err = msg('cannot reshape {0} values into {1}', total, target.join('×'));
      return target.map((v) => (v === -1 ? total / rest : v));
    });
    if (err) {
      r.error = err;
      r.outputShape = null;
      r.unknown.outputShape = err;
    }
    return finish(r, cfg, msg('unknown'));
  },
};

export const permuteSpec: Spec = {
  args: ['dims'],
  defaults: { trainable: true },
  ignore: BASE_IGNORE,
  compute: (cfg, ctx) => {
    const dims = cfg.dims;
    if (!Array.isArray(dims) || !dims.every((v) => typeof v === 'number')) throw new NeedUnknown(msg('`dims` is not a tuple of whole numbers'));
    const ds = dims as number[];
    return finish(shapeOnly(ctx, (x) => {
      const sorted = [...ds].sort((a, b) => a - b);
      if (ds.length !== x.length || sorted.some((v, i) => v !== i + 1)) throw new NeedUnknown(msg('`dims` is not a permutation of the input axes'));
      return ds.map((d) => x[d - 1]);
    }), cfg, msg('unknown'));
  },
};

export const repeatVectorSpec: Spec = {
  args: ['n'],
  defaults: { trainable: true },
  ignore: BASE_IGNORE,
  compute: (cfg, ctx) => {
    const n = needInt(cfg, 'n');
    return finish(shapeOnly(ctx, (x) => {
      if (x.length !== 1) throw new NeedUnknown(msg('RepeatVector expects a 1-d input (features), got {0}-d', x.length));
      return [n, x[0]];
    }), cfg, msg('unknown'));
  },
};

/** Resizing / CenterCrop: fixed (height, width); Keras may be channels-first, TF.js is channels-last only. */
export function resizeSpec(crop: boolean): Spec {
  return {
    args: crop ? ['height', 'width'] : ['height', 'width', 'interpolation', 'crop_to_aspect_ratio'],
    defaults: crop ? { data_format: null, trainable: true }
      : { interpolation: 'bilinear', crop_to_aspect_ratio: false, data_format: null, trainable: true },
    ignore: [...BASE_IGNORE, 'pad_to_aspect_ratio', 'fill_mode', 'fill_value', 'antialias', 'seed'],
    tfjs: { drop: ['data_format'] },
    compute: (cfg, ctx, fl) => {
      if (fl === 'tfjs') {
        const r = shapeOnly(ctx, () => null);
        r.error = crop ? msg('a TF.js model with CenterCrop fails to run (the layer rewrites its input shape)')
          : msg('TF.js Resizing reports a wrong output shape and the model fails to run');
        return finish(r, cfg, msg('unknown'));
      }
      const h = needInt(cfg, 'height');
      const w = needInt(cfg, 'width');
      const first = channelsFirst(cfg);
      return finish(shapeOnly(ctx, (x) => {
        const p = splitChannels(x, 2, first);
        if (!p) throw new NeedUnknown(msg('expects a 3-d image input, got {0}-d', x.length));
        return joinChannels(p.c, [h, w], first);
      }), cfg, msg('unknown'));
    },
  };
}
