// PyTorch recurrent layers: RNN, LSTM, GRU. Input L×H_in (batch dim excluded wherever batch_first puts it);
// outputs [output L×D·H_out, h_n (D·num_layers)×H_out (+ c_n (D·num_layers)×hidden_size for LSTM)].
import type { Catalog, Cfg, LayerContext, LayerResult, LayerRow } from './types';
import { Invalid, MODULE_IGNORE, checkProbability, guarded, inputReason } from './pytorch-common';
import { emptyResult, explainNulls, int, isUnknown, needBool, needInt, term, trainableParams } from './values';
import { msg } from '../l10n';

type Kind = 'RNN' | 'LSTM' | 'GRU';
const GATES: Record<Kind, number> = { RNN: 1, LSTM: 4, GRU: 3 };

function rnnRow(kind: Kind): LayerRow {
  const defaults: Cfg = { num_layers: 1, bias: true, batch_first: false, dropout: 0, bidirectional: false };
  if (kind === 'RNN') defaults.nonlinearity = 'tanh';
  else defaults.proj_size = 0;
  return {
    // nn.RNN's fourth positional argument is `bias` in torch 1.13 but `nonlinearity` in torch 2.x: past
    // num_layers only keywords are followed, so a version-dependent call stays unknown instead of wrong.
    args: kind === 'RNN'
      ? ['input_size', 'hidden_size', 'num_layers']
      : ['input_size', 'hidden_size', 'num_layers', 'bias', 'batch_first', 'dropout', 'bidirectional', 'proj_size'],
    defaults,
    ignore: MODULE_IGNORE,
    compute: guarded((cfg, ctx) => rnn(cfg, ctx, kind)),
  };
}

function rnn(cfg: Cfg, ctx: LayerContext, kind: Kind): LayerResult {
  const bad = checkProbability(cfg, 'dropout');
  if (bad) throw new Invalid(bad);
  if (kind === 'RNN' && typeof cfg.nonlinearity === 'string' && !['tanh', 'relu'].includes(cfg.nonlinearity)) {
    throw new Invalid(msg('nonlinearity \'{0}\' is not \'tanh\' or \'relu\'', cfg.nonlinearity));
  }
  const r = emptyResult();
  const G = GATES[kind];
  const bias = needBool(cfg, 'bias');
  const dirs = needBool(cfg, 'bidirectional') ? 2 : 1;
  const layers = needInt(cfg, 'num_layers');
  if (layers < 1) throw new Invalid(msg('num_layers must be at least 1'));
  const p = kind === 'RNN' ? 0 : needInt(cfg, 'proj_size');
  if (p < 0) throw new Invalid(msg('proj_size must be non-negative'));
  if (p > 0 && kind !== 'LSTM') throw new Invalid(msg('proj_size is only supported for LSTM'));
  const x = int(cfg, 'input_size');
  const h = int(cfg, 'hidden_size');
  if (typeof h === 'number' && p > 0 && p >= h) throw new Invalid(msg('proj_size ({0}) has to be smaller than hidden_size ({1})', p, h));
  if (typeof x === 'number') r.inChannels = x;
  const hOut = p > 0 ? p : h; // the size of h_n and of each direction's output
  if (typeof hOut === 'number') r.outChannels = dirs * hOut;
  // Formula: one term per distinct layer input size, each D·(G·h·(in + h_r + 2·b) + p·h).
  const ht = term(h);
  const hr = p > 0 ? String(p) : ht;
  const later = dirs === 2 ? `2·${hr}` : hr;
  const termFor = (inText: string, count: number): string => {
    const lead = [count > 1 ? String(count) : '', dirs === 2 ? '2' : ''].filter(Boolean).join('·');
    const core = `${G > 1 ? `${G}·` : ''}${ht}·(${inText}+${hr}${bias ? '+2' : ''})${p > 0 ? `+${p}·${ht}` : ''}`;
    return lead ? `${lead}·(${core})` : core;
  };
  r.formula = termFor(term(x), 1) + (layers > 1 ? ` + ${termFor(later, layers - 1)}` : '');
  if (typeof x === 'number' && typeof h === 'number') {
    const hR = p > 0 ? p : h;
    const perLayer = (inSize: number): number => G * h * (inSize + hR) + (bias ? 2 * G * h : 0) + p * h;
    const macsPerStep = (inSize: number): number => G * h * (inSize + hR) + p * h;
    let params = 0;
    let macs = 0;
    for (let l = 0; l < layers; l++) {
      const inSize = l === 0 ? x : dirs * hR;
      params += dirs * perLayer(inSize);
      macs += dirs * macsPerStep(inSize);
    }
    trainableParams(r, params);
    shapes(r, ctx, { x, h, hOut: hR, dirs, layers, kind, macsPerStep: macs });
  } else {
    r.unknown.params = [x, h].find(isUnknown)?.unknown ?? msg('unknown');
    shapes(r, ctx, { x: typeof x === 'number' ? x : null, h: typeof h === 'number' ? h : null, hOut: typeof hOut === 'number' ? hOut : null, dirs, layers, kind, macsPerStep: null });
  }
  if (typeof x === 'number') r.expects = [{ axis: -1, size: x, what: msg('input features (input_size)') }];
  explainNulls(r, r.unknown.params ?? r.unknown.outputShape ?? msg('depends on unknown inputs'), ['macs']);
  return r;
}

interface RnnDims {
  x: number | null;
  h: number | null;
  hOut: number | null;
  dirs: number;
  layers: number;
  kind: Kind;
  macsPerStep: number | null;
}

function shapes(r: LayerResult, ctx: LayerContext, dims: RnnDims): void {
  const { x, h, hOut, dirs, layers, kind, macsPerStep } = dims;
  const input = ctx.inputs[0];
  if (!input) {
    r.unknown.outputShape = inputReason(ctx);
    return;
  }
  if (input.length !== 2) {
    r.unknown.outputShape = msg('expects a 2-d input (sequence×features, batch dim excluded), got {0}-d', input.length);
    return;
  }
  const [len, feat] = input;
  if (x !== null && feat !== null && feat !== x) {
    r.unknown.outputShape = msg('the input has {0} features, input_size is {1}: torch raises', feat, x);
    return;
  }
  r.outputShape = [len, hOut === null ? null : dirs * hOut];
  const hn = [dirs * layers, hOut];
  r.outputs = kind === 'LSTM' ? [r.outputShape, hn, [dirs * layers, h]] : [r.outputShape, hn];
  if (r.outputShape.some((d) => d === null)) r.unknown.outputShape = msg('part of the input shape is not known');
  if (len !== null && macsPerStep !== null) r.macs = len * macsPerStep;
}

/** RNNCell / LSTMCell / GRUCell: one step. Input H_in (batch excluded); output h' (LSTMCell: h', c'). */
function cellRow(kind: Kind): LayerRow {
  const defaults: Cfg = { bias: true };
  if (kind === 'RNN') defaults.nonlinearity = 'tanh';
  return {
    args: kind === 'RNN' ? ['input_size', 'hidden_size', 'bias', 'nonlinearity'] : ['input_size', 'hidden_size', 'bias'],
    defaults,
    ignore: MODULE_IGNORE,
    compute: guarded((cfg, ctx) => {
      if (kind === 'RNN' && typeof cfg.nonlinearity === 'string' && !['tanh', 'relu'].includes(cfg.nonlinearity)) {
        throw new Invalid(msg('nonlinearity \'{0}\' is not \'tanh\' or \'relu\'', cfg.nonlinearity));
      }
      const r = emptyResult();
      const G = GATES[kind];
      const bias = needBool(cfg, 'bias');
      const x = int(cfg, 'input_size'), h = int(cfg, 'hidden_size');
      r.formula = `${G > 1 ? `${G}·` : ''}${term(h)}·(${term(x)}+${term(h)}${bias ? '+2' : ''})`;
      if (typeof x === 'number') { r.inChannels = x; r.expects = [{ axis: -1, size: x, what: msg('input features (input_size)') }]; }
      if (typeof h === 'number') r.outChannels = h;
      if (typeof x === 'number' && typeof h === 'number') trainableParams(r, G * h * (x + h) + (bias ? 2 * G * h : 0));
      else r.unknown.params = [x, h].find(isUnknown)?.unknown ?? msg('unknown');
      const input = ctx.inputs[0];
      if (!input) r.unknown.outputShape = inputReason(ctx);
      else if (input.length !== 1) r.unknown.outputShape = msg('expects a 1-d input (features, batch dim excluded), got {0}-d', input.length);
      else if (typeof x === 'number' && input[0] !== null && input[0] !== x) r.unknown.outputShape = msg('the input has {0} features, input_size is {1}: torch raises', input[0], x);
      else {
        r.outputShape = [typeof h === 'number' ? h : null];
        if (kind === 'LSTM') r.outputs = [r.outputShape, r.outputShape];
        if (typeof x === 'number' && typeof h === 'number') r.macs = G * h * (x + h);
      }
      explainNulls(r, r.unknown.params ?? r.unknown.outputShape ?? msg('depends on unknown inputs'), ['macs']);
      return r;
    }),
  };
}

export const pytorchRnn: Catalog = {
  RNN: rnnRow('RNN'),
  LSTM: rnnRow('LSTM'),
  GRU: rnnRow('GRU'),
  RNNCell: cellRow('RNN'),
  LSTMCell: cellRow('LSTM'),
  GRUCell: cellRow('GRU'),
};
