// Keras / TF.js sequence layers: SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed, MultiHeadAttention, EinsumDense.
import type { Dim } from '../report';
import type { Cfg, LayerContext, LayerResult } from './types';
import { BASE_IGNORE, evalInner, finish, type Flavor, input0, isLayerRef, KERNEL_IGNORE, noInput, setParams, type Spec, unrollCheck } from './keras-common';
import { emptyResult, int, isUnknown, NeedUnknown, needBool, needInt, numel, term } from './values';
import { msg } from '../l10n';

type Cell = 'simple' | 'lstm' | 'gru';
const GATES: Record<Cell, number> = { simple: 1, lstm: 4, gru: 3 };

function rnn(cell: Cell, cfg: Cfg, ctx: LayerContext, fl: Flavor): LayerResult {
  const r = emptyResult();
  const u = int(cfg, 'units');
  const bias = needBool(cfg, 'use_bias');
  const seq = needBool(cfg, 'return_sequences');
  const state = needBool(cfg, 'return_state');
  const resetAfter = cell === 'gru' ? needBool(cfg, 'reset_after') : false;
  if (resetAfter && fl === 'tfjs') {
    r.error = msg('TF.js GRU does not support resetAfter=true');
    return finish(r, cfg, r.error);
  }
  const G = GATES[cell];
  const x = input0(ctx);
  const F = x && x.length === 2 ? x[1] : null;
  const T = x && x.length === 2 ? x[0] : null;
  if (x && x.length === 2) unrollCheck(r, cfg, T, fl);
  if (typeof u === 'number') r.outChannels = u;
  if (F !== null) r.inChannels = F;
  const biasTerm = !bias ? '' : resetAfter ? '+2' : '+1';
  r.formula = `${G === 1 ? '' : `${G}·`}${term(u)}·(${term(F ?? undefined)}+${term(u)}${biasTerm})`;
  if (typeof u === 'number' && F !== null) setParams(r, G * u * (F + u) + (bias ? G * u * (resetAfter ? 2 : 1) : 0));
  else {
    r.unknown.params = isUnknown(u) ? u.unknown : !x ? noInput(ctx)
      : x.length !== 2 ? msg('expects a 2-d input (time×features), got {0}-d', x.length) : msg('the input feature count is not known');
  }
  if (!x) r.unknown.outputShape = noInput(ctx);
  else if (x.length !== 2) r.unknown.outputShape = msg('expects a 2-d input (time×features), got {0}-d', x.length);
  else {
    const uu: Dim = typeof u === 'number' ? u : null;
    r.outputShape = seq ? [T, uu] : [uu];
    if (state) r.outputs = [r.outputShape, ...Array.from({ length: cell === 'lstm' ? 2 : 1 }, () => [uu])];
    if (typeof u === 'number' && F !== null) {
      if (T !== null) r.macs = T * G * u * (F + u);
      else r.unknown.macs = msg('the sequence length is not known');
    }
  }
  return finish(r, cfg, r.unknown.params ?? msg('unknown'));
}

const RNN_IGNORE = [
  ...BASE_IGNORE, ...KERNEL_IGNORE, 'recurrent_initializer', 'recurrent_regularizer', 'recurrent_constraint', 'dropout',
  'recurrent_dropout', 'go_backwards', 'stateful', 'seed', 'use_cudnn', 'unit_forget_bias', 'implementation',
  'input_dim', 'input_length', 'recurrent_activation', 'activation', 'zero_output_for_mask', 'dropout_func',
];

export function rnnSpec(cell: Cell): Spec {
  const args = cell === 'simple' ? ['units', 'activation', 'use_bias'] : ['units', 'activation', 'recurrent_activation', 'use_bias'];
  const defaults: Cfg = { use_bias: true, return_sequences: false, return_state: false, unroll: false, trainable: true };
  if (cell === 'gru') defaults.reset_after = true;
  return {
    args, defaults, ignore: RNN_IGNORE,
    tfjs: cell === 'gru' ? { defaults: { reset_after: false } } : {},
    compute: (cfg, ctx, fl) => rnn(cell, cfg, ctx, fl),
  };
}

function addResults(a: LayerResult, b: LayerResult, r: LayerResult): void {
  if (a.params !== null && b.params !== null && a.trainable !== null && b.trainable !== null) {
    setParams(r, a.trainable + b.trainable, (a.nonTrainable ?? 0) + (b.nonTrainable ?? 0));
  } else r.unknown.params = a.unknown.params ?? b.unknown.params ?? msg('the wrapped layer has unknown parameters');
  if (a.macs !== null && b.macs !== null) r.macs = a.macs + b.macs;
  else r.unknown.macs = a.unknown.macs ?? b.unknown.macs ?? msg('unknown');
}

export const bidirectionalSpec: Spec = {
  args: ['layer', 'merge_mode', 'weights', 'backward_layer'],
  defaults: { merge_mode: 'concat', weights: null, backward_layer: null, trainable: true },
  ignore: ['name', 'dtype', 'input_shape', 'batch_input_shape', 'batch_size'],
  tfjs: { drop: ['backward_layer', 'weights'] },
  compute: (cfg, ctx, fl) => {
    const r = emptyResult();
    const x = input0(ctx);
    const fwd = evalInner(cfg.layer, fl, x, ctx.inputReason).r;
    // TF.js copies the layer for the backward direction from its config, which loses an RNN's cell: it throws.
    if (fl === 'tfjs' && isLayerRef(cfg.layer) && cfg.layer.layerType === 'RNN') fwd.error = msg('TF.js cannot build a Bidirectional around tf.layers.rnn (it cannot copy the cell)');
    const ownBackward = cfg.backward_layer !== null && cfg.backward_layer !== undefined;
    const bwd = !ownBackward ? fwd : evalInner(cfg.backward_layer, fl, x, ctx.inputReason).r;
    if (fwd.error || bwd.error) r.error = fwd.error ?? bwd.error;
    addResults(fwd, bwd, r);
    r.inChannels = fwd.inChannels;
    r.outChannels = fwd.outChannels;
    if (fwd.formula) r.formula = !ownBackward ? `2·(${fwd.formula})` : `${fwd.formula} + ${bwd.formula}`;
    const mode = cfg.merge_mode;
    const o = fwd.outputShape;
    const ob = bwd.outputShape;
    if (!o || !ob) r.unknown.outputShape = fwd.unknown.outputShape ?? bwd.unknown.outputShape ?? msg('unknown');
    else if (mode === 'concat') {
      const a = o[o.length - 1];
      const b = ob[ob.length - 1];
      r.outputShape = [...o.slice(0, -1), a === null || b === null ? null : a + b];
    } else if (mode === 'sum' || mode === 'mul' || mode === 'ave') r.outputShape = [...o];
    else if (mode === null) {
      r.outputShape = [...o];
      r.outputs = [o, ob];
    } else r.unknown.outputShape = msg('merge_mode {0} is not understood', JSON.stringify(mode));
    if (r.outputShape && fwd.outputs && bwd.outputs && mode !== null) {
      r.outputs = [r.outputShape, ...fwd.outputs.slice(1), ...bwd.outputs.slice(1)];
    }
    return finish(r, cfg, msg('unknown'));
  },
};

export const timeDistributedSpec: Spec = {
  args: ['layer'],
  defaults: { trainable: true },
  ignore: ['name', 'dtype', 'input_shape', 'batch_input_shape', 'batch_size'],
  compute: (cfg, ctx, fl) => {
    const r = emptyResult();
    const x = input0(ctx);
    if (x && x.length < 2) throw new NeedUnknown(msg('TimeDistributed expects an input of at least 2 dims, got {0}-d', x.length));
    const inner = evalInner(cfg.layer, fl, x ? x.slice(1) : null, ctx.inputReason).r;
    Object.assign(r, { params: inner.params, trainable: inner.trainable, nonTrainable: inner.nonTrainable });
    for (const k of ['inChannels', 'outChannels', 'kernel', 'stride', 'groups', 'filterShape', 'formula', 'error'] as const) {
      (r as unknown as Record<string, unknown>)[k] = inner[k];
    }
    if (inner.unknown.params) r.unknown.params = inner.unknown.params;
    if (!x) r.unknown.outputShape = noInput(ctx);
    else if (inner.outputShape) {
      r.outputShape = [x[0], ...inner.outputShape];
      if (inner.macs !== null && x[0] !== null) r.macs = x[0] * inner.macs;
    } else r.unknown.outputShape = inner.unknown.outputShape ?? msg('unknown');
    return finish(r, cfg, msg('unknown'));
  },
};

function intOrTuple(v: Cfg[string], what: string): number[] {
  if (typeof v === 'number' && Number.isInteger(v)) return [v];
  if (Array.isArray(v) && v.every((e) => typeof e === 'number' && Number.isInteger(e))) return v as number[];
  if (isUnknown(v)) throw new NeedUnknown(v.unknown, v.expr);
  throw new NeedUnknown(msg('`{0}` is not understood', what));
}

export const mhaSpec: Spec = {
  args: ['num_heads', 'key_dim', 'value_dim', 'dropout', 'use_bias', 'output_shape', 'attention_axes'],
  defaults: { value_dim: null, dropout: 0, use_bias: true, output_shape: null, attention_axes: null, trainable: true },
  ignore: [...BASE_IGNORE, ...KERNEL_IGNORE, 'seed', 'flash_attention'],
  multiInput: true,
  tfjs: false,
  compute: (cfg, ctx) => {
    const r = emptyResult();
    const h = needInt(cfg, 'num_heads');
    const kd = needInt(cfg, 'key_dim');
    const vd = cfg.value_dim === null ? kd : needInt(cfg, 'value_dim');
    const b = needBool(cfg, 'use_bias') ? 1 : 0;
    const [q, v, k0] = ctx.inputs;
    const k = k0 ?? v;
    if (!q || !v || !k) {
      r.unknown.params = ctx.inputs.length < 2 ? msg('MultiHeadAttention needs query and value inputs') : msg('an input shape is not known');
      return finish(r, cfg, r.unknown.params);
    }
    const eq = q[q.length - 1];
    const ek = k[k.length - 1];
    const ev = v[v.length - 1];
    const outDims = cfg.output_shape === null ? (eq === null ? null : [eq]) : intOrTuple(cfg.output_shape, 'output_shape');
    const O = outDims ? numel(outDims) : null;
    r.outChannels = O;
    r.inChannels = eq;
    if (eq !== null && ek !== null && ev !== null && O !== null) {
      setParams(r, h * kd * (eq + b) + h * kd * (ek + b) + h * vd * (ev + b) + O * (h * vd + b));
      r.formula = `${h}·${kd}·(${eq}+${b}) + ${h}·${kd}·(${ek}+${b}) + ${h}·${vd}·(${ev}+${b}) + ${O}·(${h}·${vd}+${b})`;
    } else r.unknown.params = msg('an input feature size is not known');
    r.outputShape = [...q.slice(0, -1), ...(outDims ?? [null])];
    const tq = numel(q.slice(0, -1));
    const tv = numel(v.slice(0, -1));
    if (cfg.attention_axes !== null) r.unknown.macs = msg('MACs are only counted for the default attention axes');
    else if (r.params !== null && tq !== null && tv !== null) {
      r.macs = tq * eq! * h * kd + tv * ek! * h * kd + tv * ev! * h * vd + tq * tv * h * kd + tq * tv * h * vd + tq * h * vd * O!;
    }
    return finish(r, cfg, msg('unknown'));
  },
};

export { einsumDenseSpec } from './keras-einsum';
