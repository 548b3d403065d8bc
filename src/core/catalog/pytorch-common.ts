// Helpers shared by the PyTorch catalog files: input access, dims with the batch dim left out, shape-only rows.
import type { Shape } from '../report';
import type { Cfg, CValue, LayerContext, LayerResult, LayerRow, Unknown } from './types';
import { describe, emptyResult, isUnknown, NeedUnknown, unknown } from './values';
import { msg, orList } from '../l10n';

/** Keywords of every torch.nn module constructor that change no number. */
export const MODULE_IGNORE = ['device', 'dtype'];

/** A provable error in a layer's configuration or wiring: torch would raise. */
export class Invalid {
  constructor(readonly message: string) {}
}

/** Dim `axis` of input `index` (negative from the end), when known. */
export function inputDim(ctx: LayerContext, axis: number, index = 0): number | null {
  const s = ctx.inputs[index];
  if (!s || s.length === 0) return null;
  const i = axis < 0 ? s.length + axis : axis;
  return s[i] ?? null;
}

/** The size a lazy module takes from its first input, or why it is not known. */
export function lazyDim(ctx: LayerContext, axis: number): number | Unknown {
  return inputDim(ctx, axis) ?? unknown(ctx.inputReason ?? msg('the input is not known (lazy module)'));
}

export function inputReason(ctx: LayerContext): string {
  return ctx.inputReason ?? msg('the input shape is not known');
}

/** A result for a module torch refuses to build: nothing is shown, the message says why. */
export function invalidResult(message: string): LayerResult {
  const r = emptyResult(message);
  r.error = message;
  return r;
}

/** Result of a layer without parameters and without multiply-accumulates. */
export function paramFreeResult(): LayerResult {
  const r = emptyResult();
  r.params = 0;
  r.trainable = 0;
  r.nonTrainable = 0;
  r.macs = 0;
  r.formula = '0';
  return r;
}

/**
 * Fills `r.outputShape` from `fn(input)`; `ranks` lists the accepted input ranks (batch dim excluded).
 * Invalid / NeedUnknown thrown by `fn` become a null shape with the reason: a wiring problem, not a config error.
 */
export function applyShape(
  r: LayerResult, ctx: LayerContext, fn: (s: Shape) => Shape, ranks?: readonly number[], what = msg('input'),
): void {
  const s = ctx.inputs[0];
  if (!s) {
    r.unknown.outputShape = inputReason(ctx);
    return;
  }
  if (ranks && !ranks.includes(s.length)) {
    r.unknown.outputShape = msg('expects a {0} {1} (batch dim excluded), got {2}-d', orList(ranks.map((x) => msg('{0}-d', x))), what, s.length);
    return;
  }
  try {
    r.outputShape = fn(s);
    if (r.outputShape.some((d) => d === null)) r.unknown.outputShape = msg('part of the input shape is not known');
  } catch (e) {
    if (e instanceof Invalid || e instanceof NeedUnknown) {
      r.outputShape = null;
      r.unknown.outputShape = e instanceof Invalid ? e.message : e.reason;
    } else throw e;
  }
}

/**
 * Maps a torch `dim` argument (counted with the batch dim first) onto a shape of rank `rank` without it.
 * Throws Invalid when out of range and NeedUnknown when it names the batch dim.
 */
export function ourAxis(dim: number, rank: number, key = 'dim'): number {
  const full = rank + 1;
  if (dim < -full || dim >= full) throw new Invalid(msg('`{0}`={1} is out of range for a {2}-d input (batch included)', key, dim, full));
  const d = dim < 0 ? dim + full : dim;
  if (d === 0) throw new NeedUnknown(msg('`{0}`={1} is the batch dimension', key, dim));
  return d - 1;
}

/** A whole number or throws NeedUnknown with the reason (like needInt, for values already read). */
export function whole(v: CValue | undefined, key: string): number {
  if (isUnknown(v)) throw new NeedUnknown(v.unknown, v.expr);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new NeedUnknown(msg('`{0}` is {1}, not a whole number', key, describe(v)));
}

/** A real number or throws NeedUnknown. */
export function real(v: CValue | undefined, key: string): number {
  if (isUnknown(v)) throw new NeedUnknown(v.unknown, v.expr);
  if (typeof v === 'number') return v;
  throw new NeedUnknown(msg('`{0}` is {1}, not a number', key, describe(v)));
}

/** A string or throws NeedUnknown. */
export function text(cfg: Cfg, key: string): string {
  const v = cfg[key];
  if (isUnknown(v)) throw new NeedUnknown(v.unknown, v.expr);
  if (typeof v === 'string') return v;
  throw new NeedUnknown(msg('`{0}` is {1}, not a string', key, describe(v)));
}

/** A list of whole numbers (a single int counts as a list of one). */
export function wholeList(v: CValue | undefined, key: string): number[] {
  if (Array.isArray(v)) return v.map((x) => whole(x, key));
  return [whole(v, key)];
}

/** Checks a dropout-like probability the way torch's constructors do (when it is a literal number). */
export function checkProbability(cfg: Cfg, key: string): string | null {
  const p = cfg[key];
  if (typeof p === 'number' && (p < 0 || p > 1)) return msg('`{0}`={1} must be between 0 and 1', key, p);
  return null;
}

/** Runs a row body; Invalid becomes an error result (torch would refuse to build or run the module). */
export function guarded(body: (cfg: Cfg, ctx: LayerContext) => LayerResult): LayerRow['compute'] {
  return (cfg, ctx) => {
    try {
      return body(cfg, ctx);
    } catch (e) {
      if (e instanceof Invalid) return invalidResult(e.message);
      throw e;
    }
  };
}

/** Layers that resample the grid (transposed conv, upsampling, adaptive pooling) end the receptive-field chain. */
export function rfNotFollowed(r: LayerResult, why: string): void {
  r.rf = null;
  r.unknown.rf = msg('{0}; the receptive field is not followed past this layer', why);
}
