// einops (`rearrange`, `reduce`, `repeat` and the layers Rearrange / Reduce of einops.layers.torch): shapes
// from the pattern. The layers hold no parameters and cost no multiply-accumulates. A pattern einops would
// reject, or one that mixes the batch dim with others, gives no shape.
import type { Dim, Shape } from '../report';
import type { Catalog, Cfg, LayerRow } from './types';
import { isUnknown } from './values';
import { inputReason, paramFreeResult, rfNotFollowed } from './pytorch-common';
import { msg } from '../l10n';

/** A dim of a whole tensor: a size, unknown (null), or the batch dim. */
export type FullDim = Dim | 'B';
export type EinopsOp = 'rearrange' | 'reduce' | 'repeat';

type Group = { axes: string[]; paren: boolean } | 'ellipsis';

/** One side of a pattern: its groups (a bare axis is a group of one), or null when it does not parse. */
function parseSide(text: string, right: boolean): Group[] | null {
  const tokens = text.match(/\.\.\.|[()]|[A-Za-z_][A-Za-z0-9_]*|\d+|\S/g) ?? [];
  const out: Group[] = [];
  let open: string[] | null = null;
  let ellipses = 0;
  for (const t of tokens) {
    if (t === '(') { if (open) return null; open = []; continue; }
    if (t === ')') { if (!open) return null; out.push({ axes: open, paren: true }); open = null; continue; }
    if (t === '...') {
      ellipses++;
      // `(...)` flattens the dims the ellipsis stands for: on the right side only.
      if (open) { if (!right) return null; open.push('...'); } else out.push('ellipsis');
      continue;
    }
    if (!/^([A-Za-z_]\w*|\d+)$/.test(t) || t.startsWith('_')) return null;
    if (open) open.push(t); else out.push({ axes: [t], paren: false });
  }
  if (open || ellipses > 1) return null;
  return out;
}

const isNumber = (a: string) => /^\d+$/.test(a);

/**
 * The shape einops gives a tensor of shape `input` (batch dim included, marked 'B'), or a reason when it is not
 * known or einops raises. `axes` are the keyword axis lengths (null when not known).
 */
export function einopsShape(op: EinopsOp, pattern: string, axes: Record<string, FullDim>, input: FullDim[]): FullDim[] | string {
  const sides = pattern.split('->');
  if (sides.length !== 2) return msg('the einops pattern `{0}` has no `->`', pattern);
  const left = parseSide(sides[0], false), right = parseSide(sides[1], true);
  if (!left || !right) return msg('the einops pattern `{0}` is not understood', pattern);
  const names = (side: Group[]) => side.flatMap((g) => (g === 'ellipsis' ? [] : g.axes.filter((a) => !isNumber(a) && a !== '...')));
  const hasEllipsis = (side: Group[]) => side.some((g) => g === 'ellipsis' || g.axes.includes('...'));
  const ln = names(left), rn = names(right);
  if (new Set(ln).size !== ln.length || new Set(rn).size !== rn.length) return msg('the einops pattern `{0}` names an axis twice', pattern);
  // Numbers other than 1 are anonymous axes: reduced away on the left of reduce, new axes on the right of repeat.
  const numbers = (side: Group[]) => side.flatMap((g) => (g === 'ellipsis' ? [] : g.axes.filter((a) => isNumber(a) && a !== '1')));
  if ((numbers(left).length && op !== 'reduce') || (numbers(right).length && op !== 'repeat')) return msg('the einops pattern `{0}` is not understood', pattern);
  if (hasEllipsis(right) && !left.includes('ellipsis')) return msg('the einops pattern `{0}` is not understood', pattern);
  for (const a of rn) if (!ln.includes(a) && op !== 'repeat') return msg('the einops pattern `{0}` is not understood', pattern);
  for (const a of ln) if (!rn.includes(a) && op !== 'reduce') return msg('the einops pattern `{0}` is not understood', pattern);
  for (const a of rn) if (!ln.includes(a) && !(a in axes)) return msg('the einops pattern `{0}` is not understood', pattern);

  // Bind the left side to the input.
  const fixed = left.filter((g) => g !== 'ellipsis').length;
  const ell = left.includes('ellipsis') ? input.length - fixed : 0;
  if (ell < 0 || (!left.includes('ellipsis') && input.length !== fixed)) return msg('the einops pattern `{0}` does not fit a {1}-d tensor', pattern, input.length);
  const size = new Map<string, FullDim>();
  for (const [k, v] of Object.entries(axes)) size.set(k, v);
  let ellDims: FullDim[] = [];
  let at = 0;
  for (const g of left) {
    if (g === 'ellipsis') { ellDims = input.slice(at, at + ell); at += ell; continue; }
    const d = input[at++];
    if (d === 'B') {
      // The batch dim may only be one named axis of its own.
      if (g.axes.length !== 1 || isNumber(g.axes[0])) return msg('the einops pattern `{0}` splits the batch dim', pattern);
      const given = size.get(g.axes[0]);
      if (given !== undefined && given !== 'B') return msg('the einops pattern `{0}` sets the size of the batch dim', pattern);
      size.set(g.axes[0], 'B');
      continue;
    }
    if (g.axes.length === 0 || (g.axes.length === 1 && g.axes[0] === '1')) {
      if (d !== null && d !== 1) return msg('the einops pattern `{0}` does not fit a dim of {1}', pattern, d);
      continue;
    }
    let known = 1;
    const open: string[] = [];
    for (const a of g.axes) {
      if (a === '1') continue;
      if (isNumber(a)) { known *= Number(a); continue; }
      const s = size.get(a);
      if (s === undefined || s === null) open.push(a);
      else if (s === 'B') return msg('the einops pattern `{0}` splits the batch dim', pattern);
      else known *= s;
    }
    if (open.length === 0) {
      if (d !== null && d !== known) return msg('the einops pattern `{0}` does not fit a dim of {1}', pattern, d);
    } else if (open.length === 1 && d !== null) {
      if (d % known !== 0) return msg('the einops pattern `{0}` does not fit a dim of {1}', pattern, d);
      size.set(open[0], d / known);
    } else if (d !== null) {
      return msg('the einops pattern `{0}` leaves several sizes in `({1})` unknown', pattern, g.axes.join(' '));
    } else for (const a of open) size.set(a, null);
  }

  // The right side.
  const out: FullDim[] = [];
  for (const g of right) {
    if (g === 'ellipsis') { out.push(...ellDims); continue; }
    const parts = g.axes.flatMap((a) => (a === '...' ? ellDims : [isNumber(a) ? Number(a) : size.get(a) ?? null]));
    if (parts.includes('B')) {
      if (parts.filter((p) => p !== 1).length !== 1) return msg('the einops pattern `{0}` merges the batch dim with another', pattern);
      out.push('B');
      continue;
    }
    out.push(parts.some((p) => p === null) ? null : (parts as number[]).reduce((p, q) => p * q, 1));
  }
  if (out.filter((d) => d === 'B').length > 1) return msg('the einops pattern `{0}` merges the batch dim with another', pattern);
  // A reduced batch dim (a named axis, or inside a reduced ellipsis) leaves no batch.
  if (ellDims.includes('B') && !hasEllipsis(right)) return msg('the einops pattern `{0}` reduces the batch dim', pattern);
  if (input.includes('B') && !out.includes('B')) return msg('the einops pattern `{0}` reduces the batch dim', pattern);
  return out;
}

/** The axis lengths of a layer's keywords: the ones that are not the row's own arguments. */
function axisLengths(cfg: Cfg, own: string[]): Record<string, number | null> | string {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(cfg)) {
    if (own.includes(k)) continue;
    if (isUnknown(v)) out[k] = null;
    else if (typeof v === 'number' && Number.isInteger(v) && v > 0) out[k] = v;
    else return msg('the einops axis `{0}` has no length', k);
  }
  return out;
}

function layerRow(op: 'rearrange' | 'reduce'): LayerRow {
  const own = op === 'reduce' ? ['pattern', 'reduction'] : ['pattern'];
  return {
    args: own, defaults: {}, anyArgs: true, extraKeywords: true,
    compute: (cfg, ctx) => {
      const r = paramFreeResult();
      const pattern = cfg.pattern;
      const s = ctx.inputs[0];
      if (typeof pattern !== 'string') { r.unknown.outputShape = msg('the einops pattern is not known'); return r; }
      if (!s) { r.unknown.outputShape = inputReason(ctx); return r; }
      const lengths = axisLengths(cfg, own);
      if (typeof lengths === 'string') { r.unknown.outputShape = lengths; return r; }
      // A layer's input has its batch dim first.
      const full = einopsShape(op, pattern, lengths, ['B', ...s]);
      if (typeof full === 'string') { r.unknown.outputShape = full; return r; }
      if (full[0] !== 'B') { r.unknown.outputShape = msg('the einops pattern `{0}` moves the batch dim', pattern); return r; }
      r.outputShape = full.slice(1) as Shape;
      if (r.outputShape.some((d) => d === null)) r.unknown.outputShape = msg('part of the input shape is not known');
      rfNotFollowed(r, msg('einops moves the axes'));
      return r;
    },
  };
}

/** einops.layers.torch's parameter-free layers, under the names PyTorch prints for them. */
export const einopsCatalog: Catalog = {
  Rearrange: layerRow('rearrange'),
  Reduce: layerRow('reduce'),
};
