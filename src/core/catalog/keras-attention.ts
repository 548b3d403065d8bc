// Keras Attention (Luong) and AdditiveAttention (Bahdanau): inputs [query, value] or [query, value, key]
// (keras/src/layers/attention/attention.py, additive_attention.py). TF.js has neither.
import type { Cfg, LayerContext, LayerResult } from './types';
import { BASE_IGNORE, finish, setParams, type Spec } from './keras-common';
import { emptyResult, NeedUnknown, needBool } from './values';
import { msg } from '../l10n';

function attention(additive: boolean, cfg: Cfg, ctx: LayerContext): LayerResult {
  const r = emptyResult();
  const scale = needBool(cfg, 'use_scale');
  const mode = additive ? 'additive' : cfg.score_mode;
  if (mode !== 'dot' && mode !== 'concat' && mode !== 'additive') throw new NeedUnknown(msg('score_mode {0} is not understood', JSON.stringify(mode)));
  const n = ctx.inputs.length;
  if (n === 1 || n > 3) throw new NeedUnknown(msg('{0} takes a list [query, value] or [query, value, key]', additive ? 'AdditiveAttention' : 'Attention'));
  const [q, v, k0] = ctx.inputs;
  const k = ctx.inputs.length === 3 ? k0 : v;
  // Attention: a scalar scale (use_scale) and a scalar concat weight (score_mode='concat'). AdditiveAttention: a
  // scale vector of the query's size in Keras 3, of the value's in tf.keras 2 (the same when they agree).
  if (!additive) setParams(r, (scale ? 1 : 0) + (mode === 'concat' ? 1 : 0));
  else if (!scale) setParams(r, 0);
  else if (!q || !v) r.unknown.params = ctx.inputReason ?? msg('an input shape is not known');
  else {
    const dq = q[q.length - 1];
    const dv = v[v.length - 1];
    if (dq !== null && dq === dv) setParams(r, dq);
    else r.unknown.params = dq === null || dv === null ? msg('an input feature size is not known')
      : msg('the scale has the query\'s size in Keras 3 and the value\'s in tf.keras 2: {0} and {1} differ', dq, dv);
  }
  if (!q || !v || !k) {
    r.unknown.outputShape = ctx.inputReason ?? msg('an input shape is not known');
    return finish(r, cfg, r.unknown.outputShape);
  }
  r.outputShape = [...q.slice(0, -1), v[v.length - 1]];
  const [tq, d, tv, dv] = [q[0], q[1], k[0], v[v.length - 1]];
  if (mode !== 'dot') r.unknown.macs = msg('the cost of additive or concat attention scores is not counted');
  else if (q.length === 2 && k.length === 2 && v.length === 2 && [tq, d, tv, dv].every((x) => x !== null)) r.macs = tq! * tv! * (d! + dv!);
  else r.unknown.macs = msg('MACs are only counted for sequences of vectors of known size');
  return finish(r, cfg, msg('unknown'));
}

export function attentionSpec(additive: boolean): Spec {
  return {
    args: additive ? ['use_scale', 'dropout'] : ['use_scale', 'score_mode', 'dropout', 'seed'],
    defaults: additive ? { use_scale: true, dropout: 0, trainable: true } : { use_scale: false, score_mode: 'dot', dropout: 0, seed: null, trainable: true },
    ignore: [...BASE_IGNORE, 'dropout', 'seed'],
    multiInput: true,
    tfjs: false,
    compute: (cfg, ctx) => attention(additive, cfg, ctx),
  };
}
