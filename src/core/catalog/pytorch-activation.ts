// PyTorch element-wise layers: activations, dropout, softmax family, GLU, PReLU, and the two-input
// distance modules. All keep the input shape except GLU (halves a dim) and the distances (reduce a dim).
import type { Shape } from '../report';
import type { Catalog, Cfg, LayerContext, LayerResult, LayerRow } from './types';
import { Invalid, MODULE_IGNORE, applyShape, checkProbability, guarded, inputReason, ourAxis, paramFreeResult } from './pytorch-common';
import { NeedUnknown, emptyResult, int, isUnknown, needBool, needInt, term, trainableParams } from './values';
import { msg } from '../l10n';

/** A parameter-free row that keeps the shape; `check` may reject a config (torch raises) and `ranks` limits the input rank. */
function sameShape(args: string[], defaults: Cfg, opts: { check?: (cfg: Cfg) => string | null; ranks?: number[]; ignore?: string[] } = {}): LayerRow {
  return {
    args, defaults, ignore: opts.ignore,
    compute: guarded((cfg, ctx) => {
      const bad = opts.check?.(cfg);
      if (bad) throw new Invalid(bad);
      const r = paramFreeResult();
      applyShape(r, ctx, (s) => [...s], opts.ranks);
      return r;
    }),
  };
}

const inplace = (): LayerRow => sameShape(['inplace'], { inplace: false });
const noArgs = (): LayerRow => sameShape([], {});
const dropout = (ranks?: number[]): LayerRow =>
  sameShape(['p', 'inplace'], { p: 0.5, inplace: false }, { check: (cfg) => checkProbability(cfg, 'p'), ranks });

/** Softmax, LogSoftmax, Softmin: `dim` must name an existing dim (None lets torch pick one). */
function softmaxRow(): LayerRow {
  return {
    args: ['dim'], defaults: { dim: null },
    compute: guarded((cfg, ctx) => {
      const r = paramFreeResult();
      applyShape(r, ctx, (s) => {
        const dim = cfg.dim;
        if (dim !== null && !isUnknown(dim)) {
          const d = needInt(cfg, 'dim');
          if (d < -(s.length + 1) || d > s.length) throw new Invalid(msg('dim={0} is out of range for a {1}-d input (batch included): torch raises', d, s.length + 1));
        }
        return [...s];
      });
      return r;
    }),
  };
}

function glu(cfg: Cfg, s: Shape): Shape {
  const axis = ourAxis(needInt(cfg, 'dim'), s.length);
  const h = s[axis];
  if (h !== null && h % 2 !== 0) throw new Invalid(msg('GLU halves dim {0}, whose size {1} is odd: torch raises', needInt(cfg, 'dim'), h));
  const out = [...s];
  out[axis] = h === null ? null : h / 2;
  return out;
}

function prelu(cfg: Cfg, ctx: LayerContext): LayerResult {
  const r = emptyResult();
  const n = int(cfg, 'num_parameters');
  r.formula = term(n);
  r.macs = 0;
  if (typeof n === 'number') {
    if (n <= 0) throw new Invalid(msg('num_parameters must be positive'));
    trainableParams(r, n);
    // One slope per channel (dim 1 with the batch dim) unless there is a single shared slope.
    if (n > 1) r.expects = [{ axis: 0, size: n, what: msg('channels') }];
  } else r.unknown.params = n.unknown;
  applyShape(r, ctx, (s) => [...s]);
  return r;
}

/** CosineSimilarity / PairwiseDistance on two inputs of the same rank (dims broadcast). */
function distance(cfg: Cfg, ctx: LayerContext, cosine: boolean): LayerResult {
  const r = paramFreeResult();
  const [a, b] = ctx.inputs;
  if (!a || !b) {
    r.unknown.outputShape = ctx.inputs.length < 2 ? msg('takes two inputs') : inputReason(ctx);
    return r;
  }
  if (a.length !== b.length) {
    r.unknown.outputShape = msg('inputs of different ranks are not followed');
    return r;
  }
  const shape: Shape = [];
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i], b[i]];
    if (x !== null && y !== null && x !== y && x !== 1 && y !== 1) {
      r.unknown.outputShape = msg('the inputs do not broadcast ({0} vs {1}): torch raises', x, y);
      return r;
    }
    shape.push(x === 1 ? y : y === 1 ? x : x ?? y);
  }
  const at = [shape];
  applyShape(r, { inputs: at }, (s) => {
    if (cosine) {
      const axis = ourAxis(needInt(cfg, 'dim'), s.length);
      return [...s.slice(0, axis), ...s.slice(axis + 1)];
    }
    if (s.length === 0) throw new NeedUnknown(msg('a 1-d input pair is not followed'));
    return needBool(cfg, 'keepdim') ? [...s.slice(0, -1), 1] : s.slice(0, -1);
  });
  return r;
}

export const pytorchActivation: Catalog = {
  Dropout: dropout(),
  AlphaDropout: dropout(),
  FeatureAlphaDropout: dropout(),
  Dropout1d: dropout([1, 2]),
  Dropout2d: dropout(),
  Dropout3d: dropout(),
  ReLU: inplace(), ReLU6: inplace(), SELU: inplace(), SiLU: inplace(), Mish: inplace(),
  Hardswish: inplace(), Hardsigmoid: inplace(),
  Sigmoid: noArgs(), Tanh: noArgs(), Softsign: noArgs(), Tanhshrink: noArgs(), LogSigmoid: noArgs(),
  Softmax2d: sameShape([], {}, { ranks: [2, 3] }),
  LeakyReLU: sameShape(['negative_slope', 'inplace'], { negative_slope: 0.01, inplace: false }),
  ELU: sameShape(['alpha', 'inplace'], { alpha: 1, inplace: false }),
  CELU: sameShape(['alpha', 'inplace'], { alpha: 1, inplace: false }),
  GELU: sameShape(['approximate'], { approximate: 'none' }, {
    check: (cfg) => (typeof cfg.approximate === 'string' && !['none', 'tanh'].includes(cfg.approximate)
      ? msg('approximate=\'{0}\' is not \'none\' or \'tanh\'', cfg.approximate) : null),
  }),
  Softplus: sameShape(['beta', 'threshold'], { beta: 1, threshold: 20 }),
  Hardtanh: sameShape(['min_val', 'max_val', 'inplace', 'min_value', 'max_value'],
    { min_val: -1, max_val: 1, inplace: false, min_value: null, max_value: null }),
  Threshold: sameShape(['threshold', 'value', 'inplace'], { inplace: false }),
  Hardshrink: sameShape(['lambd'], { lambd: 0.5 }),
  Softshrink: sameShape(['lambd'], { lambd: 0.5 }),
  RReLU: sameShape(['lower', 'upper', 'inplace'], { lower: 1 / 8, upper: 1 / 3, inplace: false }),
  PReLU: { args: ['num_parameters', 'init'], defaults: { num_parameters: 1, init: 0.25 }, ignore: MODULE_IGNORE, compute: guarded(prelu) },
  Softmax: softmaxRow(),
  LogSoftmax: softmaxRow(),
  Softmin: softmaxRow(),
  GLU: {
    args: ['dim'], defaults: { dim: -1 },
    compute: guarded((cfg, ctx) => {
      const r = paramFreeResult();
      applyShape(r, ctx, (s) => glu(cfg, s));
      return r;
    }),
  },
  CosineSimilarity: { args: ['dim', 'eps'], defaults: { dim: 1, eps: 1e-8 }, multiInput: true, compute: guarded((c, x) => distance(c, x, true)) },
  PairwiseDistance: {
    args: ['p', 'eps', 'keepdim'], defaults: { p: 2, eps: 1e-6, keepdim: false }, multiInput: true,
    compute: guarded((c, x) => distance(c, x, false)),
  },
};
