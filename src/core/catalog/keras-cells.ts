// Keras / TF.js recurrent cells and the layers that run them: RNN(cell), StackedRNNCells, ConvLSTM1D/2D/3D.
// A cell is one time step: it is only evaluated inside an RNN (the cell catalogs are not layers a model calls).
import type { Dim, Shape } from '../report';
import type { Catalog, Cfg, CValue, LayerContext, LayerResult } from './types';
import { kerasConvOut } from './arith';
import {
  BASE_IGNORE, channelsFirst, finish, type Flavor, input0, isLayerRef, joinChannels, KERNEL_IGNORE, noInput, paddingMode,
  setParams, sizes, type Spec, splitChannels, unrollCheck,
} from './keras-common';
import { emptyResult, evaluateLayer, int, isUnknown, NeedUnknown, needBool, numel, product, term } from './values';
import { msg } from '../l10n';

type Kind = 'simple' | 'lstm' | 'gru';
const GATES: Record<Kind, number> = { simple: 1, lstm: 4, gru: 3 };
const STATES: Record<Kind, number> = { simple: 1, lstm: 2, gru: 1 };

const CELL_IGNORE = [
  ...BASE_IGNORE, ...KERNEL_IGNORE, 'recurrent_initializer', 'recurrent_regularizer', 'recurrent_constraint', 'dropout',
  'recurrent_dropout', 'seed', 'unit_forget_bias', 'implementation', 'activation', 'recurrent_activation', 'dropout_func',
];

// Cells are evaluated through the cell catalog of their flavor (registered by keras.ts and tfjs.ts).
const cellRegistry: Partial<Record<Flavor, Catalog>> = {};
export function registerCellCatalog(fl: Flavor, catalog: Catalog): void {
  cellRegistry[fl] = catalog;
}

/**
 * One step of a cell on `F` input features. The result's `outputs` are the step's output and its states, each as a
 * shape; `unknown.states` says why they are not given (states nested per cell).
 */
function cellStep(kind: Kind, cfg: Cfg, ctx: LayerContext, fl: Flavor): LayerResult {
  const r = emptyResult();
  const u = int(cfg, 'units');
  const bias = needBool(cfg, 'use_bias');
  const resetAfter = kind === 'gru' ? needBool(cfg, 'reset_after') : false;
  if (resetAfter && fl === 'tfjs') {
    r.error = msg('TF.js GRU does not support resetAfter=true');
    return finish(r, cfg, r.error);
  }
  const G = GATES[kind];
  const x = input0(ctx);
  const F = x ? x[x.length - 1] : null;
  if (typeof u === 'number') r.outChannels = u;
  if (F !== null) r.inChannels = F;
  r.formula = `${G === 1 ? '' : `${G}·`}${term(u)}·(${term(F ?? undefined)}+${term(u)}${!bias ? '' : resetAfter ? '+2' : '+1'})`;
  if (typeof u === 'number' && F !== null) {
    setParams(r, G * u * (F + u) + (bias ? G * u * (resetAfter ? 2 : 1) : 0));
    r.macs = G * u * (F + u);
  } else r.unknown.params = isUnknown(u) ? u.unknown : !x ? noInput(ctx) : msg('the input feature count is not known');
  const uu: Dim = typeof u === 'number' ? u : null;
  r.outputShape = [uu];
  r.outputs = [[uu], ...Array.from({ length: STATES[kind] }, () => [uu])];
  return finish(r, cfg, r.unknown.params ?? msg('unknown'));
}

function cellSpec(kind: Kind): Spec {
  const args = kind === 'simple' ? ['units', 'activation', 'use_bias'] : ['units', 'activation', 'recurrent_activation', 'use_bias'];
  const defaults: Cfg = { use_bias: true, trainable: true };
  if (kind === 'gru') defaults.reset_after = true;
  return {
    args, defaults, ignore: CELL_IGNORE,
    tfjs: kind === 'gru' ? { defaults: { reset_after: false } } : {},
    compute: (cfg, ctx, fl) => cellStep(kind, cfg, ctx, fl),
  };
}

/** Evaluates one cell (a cell constructor call, or a list of them: a stack) on `F` input features. */
function evalCell(v: CValue | undefined, fl: Flavor, F: Dim | undefined, inputReason?: string): LayerResult {
  if (Array.isArray(v)) return stack(v, fl, F, inputReason);
  if (isUnknown(v)) throw new NeedUnknown(msg('the cell is not known: {0}', v.unknown), v.expr);
  if (!isLayerRef(v)) throw new NeedUnknown(msg('the cell is not a cell constructor call'));
  const catalog = cellRegistry[fl];
  const inputs = F === undefined ? [] : [[F]];
  const r = catalog ? evaluateLayer(catalog, v.layerType, v.args, { inputs, inputReason }) : null;
  if (!r) throw new NeedUnknown(msg('the cell type `{0}` is not in the catalog', v.layerType));
  return r;
}

/**
 * Cells stacked one on the other: each takes the previous one's output. The step's states: TF.js lists them flat,
 * last cell first (StackedRNNCells.stateSize); Keras keeps one list per cell, which is not followed here.
 */
function stack(cells: CValue[], fl: Flavor, F: Dim | undefined, inputReason: string | undefined): LayerResult {
  const r = emptyResult();
  if (cells.length === 0) throw new NeedUnknown(msg('the list of cells is empty'));
  let f = F;
  let trainable: number | null = 0;
  let nonTrainable: number | null = 0;
  let macs: number | null = 0;
  const states: (Shape | null)[][] = [];
  let last: LayerResult | null = null;
  for (const c of cells) {
    const cr = evalCell(c, fl, f, inputReason);
    if (cr.error) r.error ??= cr.error;
    if (cr.trainable === null || trainable === null) trainable = null;
    else trainable += cr.trainable;
    nonTrainable = cr.nonTrainable === null || nonTrainable === null ? null : nonTrainable + cr.nonTrainable;
    macs = cr.macs === null || macs === null ? null : macs + cr.macs;
    if (cr.params === null) r.unknown.params ??= cr.unknown.params ?? msg('unknown');
    if (cr.macs === null) r.unknown.macs ??= cr.unknown.macs ?? cr.unknown.params ?? msg('unknown');
    if (cr.unknown.states) r.unknown.states ??= cr.unknown.states;
    states.push(cr.outputs ? cr.outputs.slice(1) : []);
    f = cr.outChannels ?? null;
    last = cr;
  }
  if (trainable !== null && nonTrainable !== null && !r.unknown.params) setParams(r, trainable, nonTrainable);
  r.macs = r.unknown.macs ? null : macs;
  r.inChannels = F ?? null;
  r.outChannels = last?.outChannels ?? null;
  r.outputShape = [r.outChannels];
  if (fl === 'tfjs') r.outputs = [r.outputShape, ...states.reverse().flat()];
  else r.unknown.states = msg('Keras returns the states of stacked cells as one list per cell: not followed');
  return finish(r, {}, r.unknown.params ?? msg('unknown'));
}

const stackedSpec: Spec = {
  args: ['cells'],
  defaults: { trainable: true },
  ignore: BASE_IGNORE,
  compute: (cfg, ctx, fl) => {
    if (!Array.isArray(cfg.cells)) {
      if (isUnknown(cfg.cells)) throw new NeedUnknown(cfg.cells.unknown, cfg.cells.expr);
      throw new NeedUnknown(msg('`cells` is not a list of cells'));
    }
    const x = input0(ctx);
    return finish(stack(cfg.cells, fl, x ? x[x.length - 1] : undefined, ctx.inputReason), cfg, msg('unknown'));
  },
};

/** `RNN(cell)`: the cell run over the time axis of a (time, features) input. */
export const rnnLayerSpec: Spec = {
  args: ['cell', 'return_sequences', 'return_state', 'go_backwards', 'stateful', 'unroll', 'zero_output_for_mask'],
  defaults: { return_sequences: false, return_state: false, unroll: false, trainable: true },
  ignore: [...BASE_IGNORE, 'go_backwards', 'stateful', 'zero_output_for_mask', 'input_dim', 'input_length'],
  compute: (cfg, ctx, fl) => {
    const r = emptyResult();
    const seq = needBool(cfg, 'return_sequences');
    const state = needBool(cfg, 'return_state');
    const x = input0(ctx);
    const ok = x !== null && x.length === 2;
    if (ok) unrollCheck(r, cfg, x[0], fl);
    const why = !x ? noInput(ctx) : msg('expects a 2-d input (time×features), got {0}-d', x.length);
    const cell = evalCell(cfg.cell, fl, ok ? x[1] : undefined, ok ? ctx.inputReason : why);
    for (const k of ['params', 'trainable', 'nonTrainable', 'inChannels', 'outChannels', 'formula', 'error'] as const) {
      if (k !== 'error' || !r.error) (r as unknown as Record<string, unknown>)[k] = cell[k];
    }
    if (cell.params === null) r.unknown.params = ok ? cell.unknown.params ?? msg('unknown') : why;
    if (!ok) r.unknown.outputShape = why;
    else {
      const T = x[0];
      const u: Dim = cell.outChannels;
      const out: Shape = seq ? [T, u] : [u];
      if (!state) r.outputShape = out;
      else if (cell.outputs && !cell.unknown.states) {
        r.outputShape = out;
        r.outputs = [out, ...cell.outputs.slice(1)];
      } else r.unknown.outputShape = cell.unknown.states ?? msg('unknown');
      if (cell.macs !== null && T !== null) r.macs = T * cell.macs;
      else r.unknown.macs = cell.macs === null ? cell.unknown.macs ?? r.unknown.params ?? msg('unknown') : msg('the sequence length is not known');
    }
    return finish(r, cfg, r.unknown.params ?? msg('unknown'));
  },
};

/** The cell specs (not layers of a model: evaluated only inside an RNN), keyed by class name. */
export const cellSpecs: Record<string, Spec> = {
  SimpleRNNCell: cellSpec('simple'),
  LSTMCell: cellSpec('lstm'),
  GRUCell: cellSpec('gru'),
  StackedRNNCells: stackedSpec,
};

/** ConvLSTM1D/2D/3D: an LSTM whose four gates are convolutions (input kernel k·f, recurrent kernel k·n, 'same'). */
function convLstm(nd: number, cfg: Cfg, ctx: LayerContext, fl: Flavor): LayerResult {
  const r = emptyResult();
  const k = sizes(cfg, 'kernel_size', nd);
  const s = sizes(cfg, 'strides', nd);
  const d = sizes(cfg, 'dilation_rate', nd);
  const first = channelsFirst(cfg);
  const bias = needBool(cfg, 'use_bias');
  const seq = needBool(cfg, 'return_sequences');
  const state = needBool(cfg, 'return_state');
  const padding = paddingMode(cfg, fl, ['valid', 'same']);
  const n = int(cfg, 'filters');
  r.kernel = k;
  r.stride = s;
  const x = input0(ctx);
  // unroll=True: TF.js and tf.keras 2 refuse it for convolutional RNNs whatever the length ("Unrolling is not possible
  // with convolutional RNNs"); Keras over an unknown length refuses it as any RNN. Else unknown, not counted.
  if (cfg.unroll !== false && cfg.unroll !== null && cfg.unroll !== undefined && needBool(cfg, 'unroll')) {
    if (fl === 'tfjs') r.error = msg('TF.js cannot unroll a convolutional recurrent layer');
    else if (x && x.length === nd + 2) unrollCheck(r, cfg, x[0], fl);
    if (!r.error) throw new NeedUnknown(msg('tf.keras 2 cannot unroll a convolutional recurrent layer'));
  }
  const parts = x && x.length === nd + 2 ? splitChannels(x.slice(1), nd, first) : null;
  const shapeWhy = !x ? noInput(ctx) : msg('expects a {0}-d input (time×spatial×channels), got {1}-d', nd + 2, x.length);
  const f = parts?.c ?? null;
  if (f !== null) r.inChannels = f;
  if (typeof n === 'number') r.outChannels = n;
  const K = product(k);
  const kk = k.join('·');
  r.filterShape = [...k, f ?? '?'].join('×');
  r.formula = `4·${term(n)}·(${kk}·(${f ?? '?'}+${term(n)})${bias ? '+1' : ''})`;
  if (s.some((v) => v > 1) && d.some((v) => v > 1)) r.error = msg('strides > 1 cannot be combined with dilation_rate > 1');
  if (typeof n === 'number' && f !== null) setParams(r, 4 * n * K * (f + n) + (bias ? 4 * n : 0));
  else r.unknown.params = isUnknown(n) ? n.unknown : !parts ? shapeWhy : msg('the input channel count is not known');
  if (!parts) r.unknown.outputShape = shapeWhy;
  else if (!r.error) {
    const spatial = parts.spatial.map((h, i) => kerasConvOut(h, k[i], s[i], d[i], padding));
    if (spatial.some((v) => v !== null && v < 0)) r.error = msg('the kernel is larger than the (padded) input');
    else if (spatial.some((v) => v === 0)) r.unknown.outputShape = msg('the output would be empty (a size of 0)');
    else {
      const T = x![0];
      const step = joinChannels(typeof n === 'number' ? n : null, spatial, first);
      r.outputShape = seq ? [T, ...step] : step;
      if (state) r.outputs = [r.outputShape, step, step];
      const pos = numel(spatial);
      if (r.params !== null && typeof n === 'number' && f !== null && pos !== null && T !== null) r.macs = T * pos * 4 * n * K * (f + n);
      else r.unknown.macs = r.params === null ? r.unknown.params : T === null ? msg('the sequence length is not known') : msg('part of the input shape is not known');
    }
  }
  if (r.error) r.unknown.outputShape = r.error;
  return finish(r, cfg, r.unknown.params ?? msg('depends on unknown values'));
}

export function convLstmSpec(nd: number): Spec {
  const ones = nd === 1 ? 1 : Array(nd).fill(1);
  return {
    args: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'activation', 'recurrent_activation', 'use_bias'],
    defaults: {
      strides: ones, padding: 'valid', data_format: null, dilation_rate: ones, use_bias: true, return_sequences: false,
      return_state: false, unroll: false, trainable: true,
    },
    ignore: [...CELL_IGNORE, 'go_backwards', 'stateful'],
    tfjs: nd === 2 ? {} : false,
    compute: (cfg, ctx, fl) => convLstm(nd, cfg, ctx, fl),
  };
}
