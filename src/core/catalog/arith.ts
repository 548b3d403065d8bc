// Output-size arithmetic of the frameworks, one spatial dimension at a time (see formulas.md).
import type { Dim } from '../report';

/** PyTorch conv / pool: floor((H + 2p − d(k−1) − 1)/s) + 1, or ceil with ceil_mode (last window must start inside). */
export function torchConvOut(h: Dim, k: number, s: number, p: number, d: number, ceilMode = false): Dim {
  if (h === null) return null;
  const span = h + 2 * p - d * (k - 1) - 1;
  if (!ceilMode) return Math.floor(span / s) + 1;
  let out = Math.ceil(span / s) + 1;
  if ((out - 1) * s >= h + p) out -= 1;
  return out;
}

/** PyTorch transposed conv: (H−1)s − 2p + d(k−1) + output_padding + 1. */
export function torchConvTransposeOut(h: Dim, k: number, s: number, p: number, d: number, op: number): Dim {
  if (h === null) return null;
  return (h - 1) * s - 2 * p + d * (k - 1) + op + 1;
}

/** Keras conv: valid = floor((H − d(k−1) − 1)/s) + 1; same/causal = ceil(H/s). */
export function kerasConvOut(h: Dim, k: number, s: number, d: number, padding: string): Dim {
  if (h === null) return null;
  if (padding === 'same' || padding === 'causal') return Math.ceil(h / s);
  return Math.floor((h - d * (k - 1) - 1) / s) + 1;
}

/** Keras pooling: valid = floor((H − pool)/s) + 1; same = ceil(H/s). */
export function kerasPoolOut(h: Dim, pool: number, s: number, padding: string): Dim {
  if (h === null) return null;
  if (padding === 'same') return Math.ceil(h / s);
  return Math.floor((h - pool) / s) + 1;
}

/** Keeps a dim only when it is a positive size; a size that went to zero or below is a wiring error, not a number. */
export function positive(d: Dim): Dim {
  return d !== null && d > 0 ? d : null;
}
