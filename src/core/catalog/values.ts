// Reading configuration values, binding call arguments, and assembling results.
import type { Args, Catalog, Cfg, CValue, LayerContext, LayerResult, LayerRow, Unknown } from './types';
import type { Shape } from '../report';
import { msg } from '../l10n';

export function isUnknown(v: unknown): v is Unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Unknown).unknown === 'string';
}

export function unknown(reason: string, expr?: string): Unknown {
  return expr === undefined ? { unknown: reason } : { unknown: reason, expr };
}

/** Thrown inside a row's compute when a value it needs is unknown; turned into `unknown` fields by `run`. */
export class NeedUnknown {
  constructor(readonly reason: string, readonly expr?: string) {}
}

/** A whole number, or an Unknown saying why not. */
export function int(cfg: Cfg, key: string): number | Unknown {
  const v = cfg[key];
  if (isUnknown(v)) return v;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return unknown(msg('`{0}` is {1}, not a whole number', key, describe(v)));
}

/** Like `int`, but throws NeedUnknown so the row's caller records the reason. */
export function needInt(cfg: Cfg, key: string): number {
  const v = int(cfg, key);
  if (isUnknown(v)) throw new NeedUnknown(v.unknown, v.expr);
  return v;
}

export function bool(cfg: Cfg, key: string): boolean | Unknown {
  const v = cfg[key];
  if (isUnknown(v)) return v;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v === null) return false;
  return unknown(msg('`{0}` is {1}, not a boolean', key, describe(v)));
}

export function needBool(cfg: Cfg, key: string): boolean {
  const v = bool(cfg, key);
  if (isUnknown(v)) throw new NeedUnknown(v.unknown, v.expr);
  return v;
}

export function str(cfg: Cfg, key: string): string | Unknown {
  const v = cfg[key];
  if (isUnknown(v)) return v;
  if (typeof v === 'string') return v;
  return unknown(msg('`{0}` is {1}, not a string', key, describe(v)));
}

/** An int or a tuple of `n` ints (`kernel_size=3` or `(3, 5)`). */
export function tuple(cfg: Cfg, key: string, n: number): number[] | Unknown {
  const v = cfg[key];
  if (isUnknown(v)) return v;
  if (typeof v === 'number' && Number.isInteger(v)) return Array(n).fill(v);
  if (Array.isArray(v)) {
    if (v.length === 1 && n > 1 && typeof v[0] === 'number' && Number.isInteger(v[0])) return Array(n).fill(v[0]);
    if (v.length !== n) return unknown(msg('`{0}` has {1} values, expected {2}', key, v.length, n));
    const out: number[] = [];
    for (const x of v) {
      if (isUnknown(x)) return x;
      if (typeof x !== 'number' || !Number.isInteger(x)) return unknown(msg('`{0}` holds {1}', key, describe(x)));
      out.push(x);
    }
    return out;
  }
  return unknown(msg('`{0}` is {1}, not a size', key, describe(v)));
}

export function needTuple(cfg: Cfg, key: string, n: number): number[] {
  const v = tuple(cfg, key, n);
  if (isUnknown(v)) throw new NeedUnknown(v.unknown, v.expr);
  return v;
}

/** The text of a value inside a formula: the number, or the source expression, or `?`. */
export function term(v: CValue | undefined): string {
  if (typeof v === 'number') return String(v);
  if (isUnknown(v)) return v.expr ?? '?';
  return '?';
}

export function describe(v: CValue | undefined): string {
  if (v === undefined) return msg('missing');
  if (v === null) return 'None';
  if (isUnknown(v)) return v.expr ? `\`${v.expr}\` (${v.unknown})` : msg('unknown ({0})', v.unknown);
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `(${v.map(describe).join(', ')})`;
  if (typeof v === 'object') return msg('an object');
  return String(v);
}

export const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** Product of a shape's dims, or null when any is unknown. */
export function numel(shape: Shape | null | undefined): number | null {
  if (!shape) return null;
  let p = 1;
  for (const d of shape) {
    if (d === null) return null;
    p *= d;
  }
  return p;
}

/** A result with every field unknown for `reason`; rows start from it and fill in what they know. */
export function emptyResult(reason?: string): LayerResult {
  return {
    params: null, trainable: null, nonTrainable: null, inChannels: null, outChannels: null, kernel: null,
    stride: null, groups: null, filterShape: null, formula: null, outputShape: null, macs: null, rf: null,
    unknown: reason ? { params: reason, outputShape: reason, macs: reason } : {},
  };
}

/** Marks every null field of `r` unknown for `reason` where no reason is recorded yet. */
export function explainNulls(r: LayerResult, reason: string, fields: (keyof LayerResult)[]): void {
  for (const f of fields) if (r[f] === null && !(f in r.unknown)) r.unknown[f] = reason;
}

/** A result whose params are all trainable. */
export function trainableParams(r: LayerResult, n: number | null): void {
  r.params = n;
  r.trainable = n;
  r.nonTrainable = n === null ? null : 0;
}

/** Binds call arguments to a row's parameter names; returns the config or an error message. */
/** The argument names a row knows and ignores, computed once per row. */
const rowNames = new WeakMap<LayerRow, { known: Set<string>; ignored: Set<string> }>();

function namesOf(row: LayerRow): { known: Set<string>; ignored: Set<string> } {
  let n = rowNames.get(row);
  if (!n) {
    n = { known: new Set([...row.args, ...Object.keys(row.defaults)]), ignored: new Set(row.ignore ?? []) };
    rowNames.set(row, n);
  }
  return n;
}

export function bind(row: LayerRow, args: Args): { cfg: Cfg; errors: string[] } {
  const cfg: Cfg = { ...row.defaults };
  const errors: string[] = [];
  args.positional.forEach((v, i) => {
    const name = row.args[i];
    if (name === undefined) {
      if (!row.anyArgs) errors.push(msg('takes {0} positional arguments, got {1}', row.args.length, args.positional.length));
    } else cfg[name] = v;
  });
  const { known, ignored } = namesOf(row);
  for (const [k, v] of Object.entries(args.keywords)) {
    if (k === '**') { errors.push(isUnknown(v) ? v.unknown : msg('keyword arguments that are not known')); continue; }
    if (ignored.has(k) || (row.anyArgs && !known.has(k))) { if (row.extraKeywords && !ignored.has(k)) cfg[k] = v; continue; }
    if (!known.has(k)) errors.push(msg('unsupported argument `{0}`', k));
    cfg[k] = v;
  }
  for (const name of row.args) if (!(name in cfg)) errors.push(msg('missing argument `{0}`', name));
  return { cfg, errors: errors.length > 1 ? [...new Set(errors)] : errors };
}

/**
 * Runs a row: binds arguments, computes, and turns failures into reasons. Never throws.
 * Returns null when the type is not in the catalog.
 */
export function evaluateLayer(catalog: Catalog, type: string, args: Args, ctx: LayerContext): LayerResult | null {
  const row = Object.prototype.hasOwnProperty.call(catalog, type) ? catalog[type] : undefined;
  if (!row) return null;
  const { cfg, errors } = bind(row, args);
  if (errors.length) return emptyResult(`${type}: ${errors.join('; ')}`);
  try {
    return exactOnly(row.compute(cfg, ctx));
  } catch (e) {
    if (e instanceof NeedUnknown) return emptyResult(e.reason);
    return emptyResult(msg('{0}: internal error ({1})', type, e instanceof Error ? e.message : String(e)));
  }
}

/** A count past 2^53 (or not finite) is not exact in JavaScript: it becomes unknown rather than wrong. */
export function isExact(n: number): boolean {
  return Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER;
}

const tooLarge = () => msg('the number is too large to be exact');

function exactOnly(r: LayerResult): LayerResult {
  for (const f of ['params', 'trainable', 'nonTrainable', 'macs', 'inChannels', 'outChannels', 'groups'] as const) {
    const v = r[f];
    if (v !== null && !isExact(v)) { r[f] = null; r.unknown[f] = tooLarge(); }
    // Negative sizes make the framework raise: there is no count to give.
    else if (v !== null && v < 0) { r[f] = null; r.unknown[f] = msg('a negative size in the layer\'s arguments'); }
  }
  const fixShape = (s: (number | null)[] | null) => s && s.map((d) => (d !== null && !isExact(d) ? null : d));
  if (r.outputShape?.some((d) => d !== null && !isExact(d))) { r.outputShape = fixShape(r.outputShape); r.unknown.outputShape ??= tooLarge(); }
  if (r.outputs) r.outputs = r.outputs.map(fixShape);
  return r;
}
