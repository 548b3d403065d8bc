// Keras EinsumDense: kernel and bias shapes from a literal equation (keras/src/layers/core/einsum_dense.py).
import type { Dim } from '../report';
import type { Cfg, LayerContext, LayerResult } from './types';
import { BASE_IGNORE, finish, input0, KERNEL_IGNORE, noInput, setParams, type Spec } from './keras-common';
import { emptyResult, isUnknown, NeedUnknown, numel } from './values';
import { msg } from '../l10n';

interface Analysis { kernel: Dim[]; bias: Dim[] | null; output: Dim[]; macs: number | null; reversed: boolean }

/** Follows Keras's `_analyze_split_string`; `full` is the input shape with the batch dim first. */
function analyze(eq: string, biasAxes: string | null, full: Dim[], partial: Dim[]): Analysis {
  const e = eq.replace(/\.\.\./g, '0');
  let m = /^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$/.exec(e);
  let left = false;
  if (!m) {
    m = /^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$/.exec(e);
    left = !!m;
  }
  if (!m) m = /^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$/.exec(e);
  if (!m) throw new NeedUnknown(msg('equation \'{0}\' is not of a form EinsumDense accepts', eq));
  const [, inSpec, wSpec, outSpec] = m;
  const elided = full.length - inSpec.length;
  const output: Dim[] = [full[0], ...partial];
  if (elided > 0 && left) for (let i = 1; i < elided; i++) output.splice(1, 0, full[i]);
  else if (elided > 0) for (let i = full.length - elided; i < full.length; i++) output.push(full[i]);
  const inMap = new Map<string, number>();
  const outMap = new Map<string, number>();
  [...inSpec].forEach((c, i) => inMap.set(c, left ? i + elided - full.length : i));
  [...outSpec].forEach((c, i) => outMap.set(c, left ? i + elided : i));
  const at = (shape: Dim[], i: number): Dim => shape[i < 0 ? shape.length + i : i] ?? null;
  for (const c of inSpec) {
    const o = outMap.get(c);
    if (o !== undefined && at(output, o) !== null && at(output, o) !== at(full, inMap.get(c)!)) {
      throw new NeedUnknown(msg('output_shape disagrees with the input at \'{0}\'', c));
    }
  }
  for (const c of outSpec) if (!inSpec.includes(c) && !wSpec.includes(c)) throw new NeedUnknown(msg('\'{0}\' appears only in the output', c));
  const size = (c: string): Dim => (inMap.has(c) ? at(full, inMap.get(c)!) : outMap.has(c) ? at(output, outMap.get(c)!) : null);
  const kernel = [...wSpec].map((c) => {
    if (!inMap.has(c) && !outMap.has(c)) throw new NeedUnknown(msg('weight axis \'{0}\' is in neither input nor output', c));
    return size(c);
  });
  let bias: Dim[] | null = null;
  if (biasAxes !== null) {
    for (const c of biasAxes) if (!outSpec.includes(c)) throw new NeedUnknown(msg('bias axis \'{0}\' is not in the output', c));
    const firstAt = Math.min(...[...biasAxes].map((c) => outSpec.indexOf(c)));
    bias = [...outSpec.slice(firstAt)].map((c) => (biasAxes.includes(c) ? at(output, outMap.get(c)!) : 1));
    if (!left) for (let i = 0; i < elided; i++) bias.push(1);
  }
  // One sample: every letter's size once (the batch letter, or the batch inside '...', excluded).
  const batchLetter = left ? null : inSpec[0];
  const letters = new Set([...inSpec, ...wSpec, ...outSpec]);
  const dims: Dim[] = [...letters].filter((c) => c !== batchLetter).map(size);
  if (elided > 0) dims.push(...(left ? full.slice(1, elided) : full.slice(full.length - elided)));
  // Keras inserts several left-elided dims in reverse order; its reported shape then differs from the tensor's.
  return { kernel, bias, output, macs: numel(dims), reversed: left && elided > 2 };
}

export const einsumDenseSpec: Spec = {
  args: ['equation', 'output_shape', 'activation', 'bias_axes'],
  defaults: { activation: null, bias_axes: null, trainable: true },
  ignore: [...BASE_IGNORE, ...KERNEL_IGNORE],
  tfjs: false,
  compute: (cfg: Cfg, ctx: LayerContext): LayerResult => {
    const r = emptyResult();
    const eq = cfg.equation;
    const ba = cfg.bias_axes;
    const os = cfg.output_shape;
    if (typeof eq !== 'string') throw new NeedUnknown(isUnknown(eq) ? eq.unknown : msg('the equation is not a literal string'));
    if (ba !== null && typeof ba !== 'string') throw new NeedUnknown(msg('`bias_axes` is not a literal string'));
    const partial = typeof os === 'number' ? [os] : os;
    if (!Array.isArray(partial) || !partial.every((v) => v === null || (typeof v === 'number' && Number.isInteger(v)))) {
      throw new NeedUnknown(msg('`output_shape` is not a literal size or tuple'));
    }
    const x = input0(ctx);
    if (!x) {
      r.unknown.params = noInput(ctx);
      return finish(r, cfg, noInput(ctx));
    }
    const a = analyze(eq, ba, [null, ...x], partial as Dim[]);
    const kp = numel(a.kernel);
    const bp = a.bias ? numel(a.bias) : 0;
    if (kp !== null && bp !== null) {
      setParams(r, kp + bp);
      r.formula = `${a.kernel.join('·')}${a.bias ? ` + ${a.bias.join('·')}` : ''}`;
      r.macs = a.macs;
    } else r.unknown.params = msg('a kernel dimension is not known');
    if (a.reversed) {
      r.unknown.outputShape = msg('Keras reports the dims covered by a leading ... in reverse order');
      return finish(r, cfg, msg('unknown'));
    }
    r.outputShape = a.output.slice(1);
    if (r.outputShape.some((d) => d === null)) r.unknown.outputShape = msg('Keras leaves output dims it cannot infer as None');
    return finish(r, cfg, msg('unknown'));
  },
};
