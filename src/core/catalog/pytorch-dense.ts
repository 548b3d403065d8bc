// PyTorch dense-like layers: Linear, LazyLinear, Bilinear, Embedding, EmbeddingBag.
import type { Catalog, Cfg, CValue, LayerContext, LayerResult } from './types';
import { Invalid, MODULE_IGNORE, applyShape, guarded, inputReason, lazyDim } from './pytorch-common';
import { emptyResult, explainNulls, int, isUnknown, needBool, numel, term, trainableParams } from './values';
import { msg } from '../l10n';

function linear(cfg: Cfg, ctx: LayerContext, lazy: boolean): LayerResult {
  const r = emptyResult();
  const bias = needBool(cfg, 'bias');
  const n = int(cfg, 'out_features');
  const f = lazy ? lazyDim(ctx, -1) : int(cfg, 'in_features');
  if (typeof n === 'number') r.outChannels = n;
  if (typeof f === 'number') r.inChannels = f;
  r.formula = bias ? `${term(n)}·(${term(f as CValue)}+1)` : `${term(n)}·${term(f as CValue)}`;
  if (typeof n === 'number' && typeof f === 'number') trainableParams(r, n * f + (bias ? n : 0));
  else r.unknown.params = [n, f].find(isUnknown)?.unknown ?? msg('unknown');
  if (!lazy && typeof f === 'number') r.expects = [{ axis: -1, size: f, what: msg('input features') }];
  const input = ctx.inputs[0];
  if (!input) r.unknown.outputShape = inputReason(ctx);
  else if (input.length === 0) r.unknown.outputShape = msg('expects at least a 1-d input (batch dim excluded)');
  else {
    r.outputShape = [...input.slice(0, -1), typeof n === 'number' ? n : null];
    if (r.outputShape.some((x) => x === null)) r.unknown.outputShape = msg('part of the input shape is not known');
    const lead = numel(input.slice(0, -1));
    if (lead !== null && typeof n === 'number' && typeof f === 'number') r.macs = lead * n * f;
  }
  explainNulls(r, r.unknown.params ?? r.unknown.outputShape ?? msg('depends on unknown inputs'), ['macs']);
  return r;
}

/** Bilinear(in1, in2, out): y = x1ᵀ A x2 + b, weight (out, in1, in2). */
function bilinear(cfg: Cfg, ctx: LayerContext): LayerResult {
  const r = emptyResult();
  const bias = needBool(cfg, 'bias');
  const a = int(cfg, 'in1_features');
  const b = int(cfg, 'in2_features');
  const n = int(cfg, 'out_features');
  if (typeof a === 'number') r.inChannels = a;
  if (typeof n === 'number') r.outChannels = n;
  r.formula = bias ? `${term(n)}·(${term(a)}·${term(b)}+1)` : `${term(n)}·${term(a)}·${term(b)}`;
  if (typeof a === 'number' && typeof b === 'number' && typeof n === 'number') trainableParams(r, n * a * b + (bias ? n : 0));
  else r.unknown.params = [a, b, n].find(isUnknown)?.unknown ?? msg('unknown');
  if (typeof a === 'number') r.expects = [{ axis: -1, size: a, what: msg('input features (first input)') }];
  const [x1, x2] = ctx.inputs;
  if (!x1 || !x2) r.unknown.outputShape = ctx.inputs.length < 2 ? msg('Bilinear takes two inputs') : inputReason(ctx);
  else if (x1.length === 0 || x1.length !== x2.length) r.unknown.outputShape = msg('the two inputs must have the same leading dims');
  else if (typeof b === 'number' && x2[x2.length - 1] !== null && x2[x2.length - 1] !== b) {
    r.unknown.outputShape = msg('the second input has {0} features, in2_features is {1}: torch raises', x2[x2.length - 1], b);
  } else {
    const lead = x1.slice(0, -1).map((d, i) => d ?? x2[i]);
    r.outputShape = [...lead, typeof n === 'number' ? n : null];
    if (r.outputShape.some((x) => x === null)) r.unknown.outputShape = msg('part of the input shape is not known');
    const pos = numel(lead);
    if (pos !== null && typeof a === 'number' && typeof b === 'number' && typeof n === 'number') r.macs = pos * a * b * n;
  }
  explainNulls(r, r.unknown.params ?? r.unknown.outputShape ?? msg('depends on unknown inputs'), ['macs']);
  return r;
}

function embeddingParams(r: LayerResult, cfg: Cfg): void {
  const v = int(cfg, 'num_embeddings');
  const dim = int(cfg, 'embedding_dim');
  const pad = cfg.padding_idx;
  if (typeof v === 'number' && typeof pad === 'number' && (pad >= v || pad < -v)) {
    throw new Invalid(msg('padding_idx ({0}) must be within num_embeddings ({1})', pad, v));
  }
  if (typeof dim === 'number') r.outChannels = dim;
  r.formula = `${term(v)}·${term(dim)}`;
  if (typeof v === 'number' && typeof dim === 'number') trainableParams(r, v * dim);
  else r.unknown.params = [v, dim].find(isUnknown)?.unknown ?? msg('unknown');
  r.macs = 0;
}

/** Embedding: the input is a tensor of indices; each index becomes a row of the table. */
function embedding(cfg: Cfg, ctx: LayerContext): LayerResult {
  const r = emptyResult();
  embeddingParams(r, cfg);
  applyShape(r, ctx, (s) => [...s, r.outChannels]);
  return r;
}

/** EmbeddingBag on a 2-d index input (bags of equal length): each bag becomes one row. */
function embeddingBag(cfg: Cfg, ctx: LayerContext): LayerResult {
  const mode = cfg.mode;
  if (typeof mode === 'string' && !['sum', 'mean', 'max'].includes(mode)) throw new Invalid(msg('mode \'{0}\' is not sum, mean or max', mode));
  const r = emptyResult();
  embeddingParams(r, cfg);
  applyShape(r, ctx, () => [r.outChannels], [1], msg('index input (1-d inputs need offsets)'));
  return r;
}

const EMBEDDING_IGNORE = [...MODULE_IGNORE, 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse', '_weight'];

export const pytorchDense: Catalog = {
  Linear: {
    args: ['in_features', 'out_features', 'bias'], defaults: { bias: true }, ignore: MODULE_IGNORE,
    compute: (cfg, ctx) => linear(cfg, ctx, false),
  },
  LazyLinear: {
    args: ['out_features', 'bias'], defaults: { bias: true }, ignore: MODULE_IGNORE,
    compute: (cfg, ctx) => linear(cfg, ctx, true),
  },
  Bilinear: {
    args: ['in1_features', 'in2_features', 'out_features', 'bias'], defaults: { bias: true }, ignore: MODULE_IGNORE,
    multiInput: true, compute: bilinear,
  },
  Embedding: {
    args: ['num_embeddings', 'embedding_dim', 'padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse', '_weight'],
    defaults: { padding_idx: null, max_norm: null, norm_type: 2, scale_grad_by_freq: false, sparse: false, _weight: null },
    ignore: EMBEDDING_IGNORE, compute: guarded(embedding),
  },
  EmbeddingBag: {
    args: ['num_embeddings', 'embedding_dim', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'mode', 'sparse', '_weight',
      'include_last_offset', 'padding_idx'],
    defaults: {
      max_norm: null, norm_type: 2, scale_grad_by_freq: false, mode: 'mean', sparse: false, _weight: null,
      include_last_offset: false, padding_idx: null,
    },
    ignore: EMBEDDING_IGNORE, compute: guarded(embeddingBag),
  },
};
