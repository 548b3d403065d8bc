// Shared by the Keras and TF.js catalogs: one set of compute functions reading snake_case keys.
// A spec describes a layer the Keras way; keras.ts and tfjs.ts turn specs into catalog rows.
import type { Dim, Shape } from '../report';
import type { Catalog, Cfg, CValue, LayerContext, LayerRef, LayerResult } from './types';
import { emptyResult, evaluateLayer, explainNulls, isUnknown, NeedUnknown, needBool, needTuple, numel, unknown } from './values';
import { msg } from '../l10n';

export type Flavor = 'keras' | 'tfjs';

export interface Spec {
  /** Keras positional parameter names (TF.js rows take none). */
  args: string[];
  /** Keras defaults, snake_case. */
  defaults: Cfg;
  /** Keys (snake_case) that change no number. */
  ignore?: string[];
  multiInput?: boolean;
  /** How TF.js differs: `false` when TF.js has no such layer. */
  tfjs?: false | { drop?: string[]; defaults?: Cfg; required?: string[] };
  compute(cfg: Cfg, ctx: LayerContext, fl: Flavor): LayerResult;
}

/** Keys every Keras layer accepts that change no number (the first layer's input shape is the evaluator's business). */
export const BASE_IGNORE = ['name', 'dtype', 'input_shape', 'batch_input_shape', 'batch_size', 'autocast', 'input_d_type', 'weights'];
export const KERNEL_IGNORE = [
  'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer',
  'kernel_constraint', 'bias_constraint',
];

// Nested layers (Bidirectional, TimeDistributed) are evaluated through the catalog of their flavor.
const registry: Partial<Record<Flavor, Catalog>> = {};
export function registerCatalog(fl: Flavor, catalog: Catalog): void {
  registry[fl] = catalog;
}

export function isLayerRef(v: CValue | undefined): v is LayerRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as LayerRef).layerType === 'string';
}

/** Evaluates a nested layer on `input`. */
export function evalInner(v: CValue | undefined, fl: Flavor, input: Shape | null, inputReason?: string): { type: string; r: LayerResult } {
  if (isUnknown(v)) throw new NeedUnknown(msg('the wrapped layer is not known: {0}', v.unknown), v.expr);
  if (!isLayerRef(v)) throw new NeedUnknown(msg('the wrapped layer is not a layer constructor call'));
  const catalog = registry[fl];
  const r = catalog ? evaluateLayer(catalog, v.layerType, v.args, { inputs: input ? [input] : [], inputReason }) : null;
  if (!r) throw new NeedUnknown(msg('the wrapped layer type `{0}` is not in the catalog', v.layerType));
  return { type: v.layerType, r };
}

/** The one input shape of a single-input layer, or a NeedUnknown naming why it is missing. */
export function input0(ctx: LayerContext): Shape | null {
  return ctx.inputs[0] ?? null;
}

export function noInput(ctx: LayerContext): string {
  return ctx.inputReason ?? msg('the input shape is not known');
}

/** Whether the layer works channels-first. Keras: `channels_last` (the default) or `channels_first`. */
export function channelsFirst(cfg: Cfg, key = 'data_format'): boolean {
  const v = cfg[key];
  if (v === undefined || v === null || v === 'channels_last') return false;
  if (v === 'channels_first') return true;
  if (isUnknown(v)) throw new NeedUnknown(v.unknown, v.expr);
  throw new NeedUnknown(msg('`{0}` = {1} is not a data format this tool understands', key, JSON.stringify(v)));
}

/** Keras lower-cases padding names; TF.js accepts them only as written. */
export function paddingMode(cfg: Cfg, fl: Flavor, allowed: string[]): string {
  const v = cfg.padding;
  if (isUnknown(v)) throw new NeedUnknown(v.unknown, v.expr);
  if (typeof v !== 'string') throw new NeedUnknown(msg('`padding` is not a string'));
  const p = fl === 'keras' ? v.toLowerCase() : v;
  if (!allowed.includes(p)) throw new NeedUnknown(msg('padding {0} is not supported by this layer', JSON.stringify(v)));
  return p;
}

/** An int or a tuple of exactly `n` ints; Keras and TF.js reject a 1-tuple for a 2-d or 3-d layer. */
export function sizes(cfg: Cfg, key: string, n: number): number[] {
  const v = cfg[key];
  if (Array.isArray(v) && v.length !== n) throw new NeedUnknown(msg('`{0}` has {1} values; this layer takes {2}', key, v.length, n));
  return needTuple(cfg, key, n);
}

/** Splits an input into channel count and spatial dims for an `nd`-d layer. */
export function splitChannels(shape: Shape, nd: number, first: boolean): { c: Dim; spatial: Dim[] } | null {
  if (shape.length !== nd + 1) return null;
  return first ? { c: shape[0], spatial: shape.slice(1) } : { c: shape[nd], spatial: shape.slice(0, nd) };
}

export function joinChannels(c: Dim, spatial: Dim[], first: boolean): Shape {
  return first ? [c, ...spatial] : [...spatial, c];
}

/** A Keras axis (counting the batch dim as 0) turned into an index of the batch-less shape. */
export function axisIndex(axis: number, rank: number): number | null {
  const full = rank + 1;
  const a = axis < 0 ? axis + full : axis;
  if (a < 1 || a >= full) return null;
  return a - 1;
}

/** Sets params with the trainable / non-trainable split. */
export function setParams(r: LayerResult, trainable: number | null, nonTrainable = 0): void {
  r.trainable = trainable;
  r.nonTrainable = trainable === null ? null : nonTrainable;
  r.params = trainable === null ? null : trainable + nonTrainable;
}

/** A layer with no weights whose output has the input's shape. */
export function identityResult(ctx: LayerContext): LayerResult {
  const r = emptyResult();
  setParams(r, 0);
  r.macs = 0;
  const x = input0(ctx);
  if (x) r.outputShape = [...x];
  else r.unknown.outputShape = noInput(ctx);
  return r;
}

/** A weight-free layer whose output shape is computed from the known input. */
export function shapeOnly(ctx: LayerContext, out: (x: Shape) => Shape | null, why = msg('part of the input shape is not known')): LayerResult {
  const r = emptyResult();
  setParams(r, 0);
  r.macs = 0;
  const x = input0(ctx);
  if (!x) r.unknown.outputShape = noInput(ctx);
  else {
    r.outputShape = out(x);
    if (!r.outputShape) r.unknown.outputShape = why;
  }
  return r;
}

export function product(xs: Dim[]): number | null {
  return numel(xs);
}

/** Records the same reason for every still-null headline field and applies `trainable=False`. */
export function finish(r: LayerResult, cfg: Cfg, reason: string): LayerResult {
  if (r.error) {
    // A layer the framework rejects (or cannot run) shows the error instead of numbers.
    setParams(r, null);
    r.unknown.params = r.error;
    r.outputShape = null;
    r.macs = null;
    delete r.outputs;
    r.unknown.outputShape = r.error;
    r.unknown.macs = r.error;
  }
  const t = cfg.trainable;
  if (t === false && r.params !== null) {
    r.trainable = 0;
    r.nonTrainable = r.params;
  } else if (t !== undefined && t !== true && t !== false && r.params !== null) {
    r.trainable = null;
    r.nonTrainable = null;
    const why = isUnknown(t) ? t.unknown : msg('`trainable` is not a boolean');
    r.unknown.trainable = why;
    r.unknown.nonTrainable = why;
  }
  explainNulls(r, r.unknown.params ?? reason, ['params', 'trainable', 'nonTrainable']);
  explainNulls(r, r.unknown.outputShape ?? reason, ['outputShape']);
  explainNulls(r, r.unknown.params ?? r.unknown.outputShape ?? reason, ['macs']);
  return r;
}

/** An Unknown carried as a config value; used by the TF.js adapter for values Keras spells differently. */
export function wrongSpelling(key: string, v: CValue, hint: string): CValue {
  return unknown(`\`${key}\` = ${JSON.stringify(v)}: ${hint}`);
}

/**
 * `unroll=True` over a sequence whose length is not known: Keras raises when the layer is called ("Unrolling requires
 * a fixed number of timesteps"), so there is no count to give. TF.js ignores `unroll` (its backend runs a loop).
 */
export function unrollCheck(r: LayerResult, cfg: Cfg, T: Dim, fl: Flavor): void {
  if (fl !== 'keras' || T !== null || cfg.unroll === false || cfg.unroll === undefined || cfg.unroll === null) return;
  if (needBool(cfg, 'unroll')) r.error = msg('Keras cannot unroll a recurrent layer over a sequence whose length is not known');
}
