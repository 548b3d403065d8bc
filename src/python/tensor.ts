// Symbolic tensors of forward(): shapes without the batch dimension, and the shape effects of tensor ops.
import type { Dim, Shape } from '../core/report';
import { type Value, type Tensor, unk, isObj, isUnk, num, show } from './values';
import { andList, msg } from '../core/l10n';

export const BATCH: Value = { t: 'batch' };

export function tensor(shape: Shape | null, reason?: string, batchAxis = 0): Tensor {
  return reason === undefined ? { t: 'tensor', shape, batchAxis } : { t: 'tensor', shape, batchAxis, reason };
}

export function unknownTensor(reason: string): Tensor {
  return { t: 'tensor', shape: null, batchAxis: 0, reason };
}

export function isTensor(v: Value): v is Tensor {
  return isObj(v) && v.t === 'tensor';
}

/** The full shape with the batch dim put back (as 'B'), or null. */
export function full(t: Tensor): (Dim | 'B')[] | null {
  if (!t.shape) return null;
  if (t.batchAxis < 0) return [...t.shape];
  const s: (Dim | 'B')[] = [...t.shape];
  s.splice(t.batchAxis, 0, 'B');
  return s;
}

/** A tensor from a full shape with 'B' somewhere (or none). */
export function fromFull(s: (Dim | 'B')[], like?: Tensor): Tensor {
  const b = s.indexOf('B');
  const shape = s.filter((d) => d !== 'B') as Shape;
  return { t: 'tensor', shape, batchAxis: b, producer: like?.producer, producerShape: like?.producerShape, indices: like?.indices };
}

function dimOf(v: Value): Dim | 'B' | undefined {
  if (isObj(v) && v.t === 'batch') return 'B';
  const n = num(v);
  if (n !== null && Number.isInteger(n)) return n;
  if (isUnk(v)) return null;
  return undefined;
}

/** Normalises a possibly negative axis of a full shape of rank `rank`. */
export function axis(a: Value, rank: number): number | null {
  const n = num(a);
  if (n === null || !Number.isInteger(n)) return null;
  const i = n < 0 ? rank + n : n;
  return i >= 0 && i < rank ? i : null;
}

function reasonOf(t: Tensor): string {
  return t.reason ?? msg('the input shape is not known');
}

/** x.view(...)/reshape(...): -1 is inferred when everything else is known. */
export function reshape(t: Tensor, dims: Value[]): Value {
  const src = full(t);
  if (dims.length === 1 && isObj(dims[0]) && (dims[0].t === 'tuple' || dims[0].t === 'list')) dims = dims[0].items;
  const out = dims.map(dimOf);
  if (out.some((d) => d === undefined)) return unknownTensor(msg('reshape to ({0})', dims.map(show).join(', ')));
  const target = out as (Dim | 'B')[];
  const minus = target.findIndex((d) => d === -1);
  if (minus >= 0) {
    const total = src ? numelNoBatch(src) : null;
    const rest = target.filter((d, i) => i !== minus && d !== 'B');
    const known = rest.every((d) => d !== null) ? (rest as number[]).reduce((a, b) => a * b, 1) : null;
    const hasBatchSrc = src ? src.includes('B') : t.batchAxis >= 0;
    const hasBatchDst = target.includes('B');
    if (hasBatchSrc && !hasBatchDst) {
      // Batch folded into -1 (x.view(-1, 16*5*5)): the inferred dim carries the batch.
      target[minus] = 'B';
      if (total !== null && known !== null && total !== known) return unknownTensor(msg('view({0}) does not fit {1} values per sample', dims.map(show).join(', '), total));
    } else {
      target[minus] = total !== null && known ? total / known : null;
      if (target[minus] !== null && !Number.isInteger(target[minus])) return unknownTensor(msg('view({0}) does not fit {1} values', dims.map(show).join(', '), total));
    }
  }
  if (!target.includes('B') && t.batchAxis >= 0) {
    // view(batch_size, …) with a literal batch: the batch dim is the first one.
    if (target.length) target[0] = 'B';
  }
  return fromFull(target, t);
}

function numelNoBatch(s: (Dim | 'B')[]): number | null {
  let p = 1;
  for (const d of s) {
    if (d === 'B') continue;
    if (d === null) return null;
    p *= d;
  }
  return p;
}

/** torch.flatten(x, start, end) / x.flatten(start, end) on the full shape. */
export function flatten(t: Tensor, start: Value = 0, end: Value = -1): Value {
  const s = full(t);
  if (!s) return unknownTensor(reasonOf(t));
  const a = axis(start, s.length), b = axis(end, s.length);
  if (a === null || b === null) return unknownTensor(msg('flatten with unknown dims'));
  const mid = s.slice(a, b + 1);
  if (mid.includes('B')) {
    if (mid.length === 1) return fromFull(s, t);
    return tensor(null, msg('flatten merges the batch dimension'));
  }
  const p = mid.every((d) => d !== null) ? (mid as number[]).reduce((x, y) => x * y, 1) : null;
  return fromFull([...s.slice(0, a), p, ...s.slice(b + 1)], t);
}

export function permute(t: Tensor, dims: Value[]): Value {
  const s = full(t);
  if (dims.length === 1 && isObj(dims[0]) && (dims[0].t === 'tuple' || dims[0].t === 'list')) dims = dims[0].items;
  if (!s) return unknownTensor(reasonOf(t));
  const idx = dims.map((d) => axis(d, s.length));
  if (idx.some((i) => i === null) || idx.length !== s.length) return unknownTensor(msg('permute with unknown dims'));
  return fromFull(idx.map((i) => s[i!]), t);
}

export function transpose(t: Tensor, a: Value, b: Value): Value {
  const s = full(t);
  if (!s) return unknownTensor(reasonOf(t));
  const i = axis(a, s.length), j = axis(b, s.length);
  if (i === null || j === null) return unknownTensor(msg('transpose with unknown dims'));
  const out = [...s];
  [out[i], out[j]] = [out[j], out[i]];
  return fromFull(out, t);
}

/** Reductions (mean, sum, amax …) over dims, with keepdim. */
export function reduce(t: Tensor, dims: Value | undefined, keepdim: Value): Value {
  const s = full(t);
  if (!s) return unknownTensor(reasonOf(t));
  if (dims === undefined || dims === null) return tensor([], undefined, -1);
  const list = isObj(dims) && (dims.t === 'tuple' || dims.t === 'list') ? dims.items : [dims];
  const idx = list.map((d) => axis(d, s.length));
  if (idx.some((i) => i === null)) return unknownTensor(msg('a reduction over unknown dims'));
  const keep = keepdim === true;
  const out: (Dim | 'B')[] = [];
  s.forEach((d, i) => {
    if (!idx.includes(i)) out.push(d);
    else if (keep) out.push(d === 'B' ? 'B' : 1);
  });
  return fromFull(out, t);
}

export function squeeze(t: Tensor, dim: Value | undefined): Value {
  const s = full(t);
  if (!s) return unknownTensor(reasonOf(t));
  if (dim === undefined) {
    if (s.some((d) => d === null)) return unknownTensor(msg('squeeze of unknown dims'));
    return fromFull(s.filter((d) => d !== 1), t);
  }
  const i = axis(dim, s.length);
  if (i === null) return unknownTensor(msg('squeeze of an unknown dim'));
  if (s[i] === null) return unknownTensor(msg('squeeze of an unknown dim'));
  return fromFull(s[i] === 1 ? s.filter((_, j) => j !== i) : s, t);
}

export function unsqueeze(t: Tensor, dim: Value): Value {
  const s = full(t);
  if (!s) return unknownTensor(reasonOf(t));
  const i = axis(dim, s.length + 1);
  if (i === null) return unknownTensor(msg('unsqueeze at an unknown dim'));
  const out = [...s];
  out.splice(i, 0, 1);
  return fromFull(out, t);
}

/** torch.cat / torch.stack along `dim`. */
/** An nn.Parameter used as a tensor in forward(): a tensor of its own shape, with no batch dim. */
export function paramAsTensor(v: Value): Value {
  if (!isObj(v) || v.t !== 'param') return v;
  return v.shape ? { t: 'tensor', shape: [...v.shape], batchAxis: -1 } : unknownTensor(msg('a parameter of unknown size'));
}

export function concat(items0: Value[], dim: Value, stack: boolean): Value {
  const items = items0.map(paramAsTensor);
  const ts = items.filter(isTensor);
  if (ts.length !== items.length || ts.length === 0) return unknownTensor(msg('concatenation of unknown values'));
  const shapes = ts.map(full);
  if (shapes.some((s) => s === null)) return unknownTensor(reasonOf(ts.find((t) => !t.shape)!));
  const rank = shapes[0]!.length;
  if (shapes.some((s) => s!.length !== rank)) return unknownTensor(msg('concatenation of tensors of different ranks'));
  // Sizes that differ where they must agree: PyTorch raises, so there is no output shape to show.
  const clash = (j: number) => {
    const known = shapes.map((s) => s![j]).filter((d) => d !== null);
    return known.some((d) => d !== known[0]) ? msg('{0} of sizes {1} on dim {2}: PyTorch raises', stack ? 'stack' : 'cat', andList(known.map((d) => (d === 'B' ? 'batch' : String(d)))), j) : null;
  };
  if (stack) {
    const i = axis(dim, rank + 1);
    if (i === null) return unknownTensor(msg('stack along an unknown dim'));
    for (let j = 0; j < rank; j++) { const c = clash(j); if (c) return unknownTensor(c); }
    const out = [...shapes[0]!];
    out.splice(i, 0, ts.length);
    return fromFull(out, ts[0]);
  }
  const i = axis(dim, rank);
  if (i === null) return unknownTensor(msg('cat along an unknown dim'));
  const out = [...shapes[0]!];
  let total: Dim | 'B' = 0;
  for (const s of shapes) {
    const d = s![i];
    if (d === 'B') { total = 'B'; break; }
    total = total === null || d === null ? null : (total as number) + d;
  }
  out[i] = total;
  for (let j = 0; j < rank; j++) {
    if (j === i) continue;
    const c = clash(j);
    if (c) return unknownTensor(c);
    out[j] = shapes.map((s) => s![j]).find((d) => d !== null) ?? null;
  }
  return fromFull(out, ts[0]);
}

/** Broadcasting of elementwise ops between tensors (and numbers). */
export function broadcast(a0: Value, b0: Value): Value {
  const a = paramAsTensor(a0), b = paramAsTensor(b0);
  // With a number the shape is the tensor's; with a value that is not known it may be a tensor of any shape.
  if (!isTensor(a)) return isTensor(b) ? (isUnk(a) ? unknownTensor(msg('an elementwise op with {0}', a.reason)) : b) : unknownTensor(msg('an elementwise op'));
  if (!isTensor(b)) return isUnk(b) ? unknownTensor(msg('an elementwise op with {0}', b.reason)) : a;
  const sa = full(a), sb = full(b);
  if (!sa || !sb) return unknownTensor(reasonOf(!sa ? a : b));
  const n = Math.max(sa.length, sb.length);
  const out: (Dim | 'B')[] = [];
  for (let i = 0; i < n; i++) {
    // A missing leading dim is 1; a dim that is not known (null) stays not known.
    const ia = sa.length - n + i, ib = sb.length - n + i;
    const x = ia >= 0 ? sa[ia] : 1, y = ib >= 0 ? sb[ib] : 1;
    if (x === 'B' || y === 'B') out.push('B');
    else if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (x === null || y === null) out.push(x ?? y);
    else if (x !== y) return unknownTensor(msg('shapes {0} and {1} do not broadcast', show(x), show(y)));
    else out.push(x);
  }
  return fromFull(out, a);
}

/**
 * `a @ b`, torch.matmul (and mm, bmm): the last dim of `a` meets the second-to-last of `b`; 1-d operands gain and
 * lose a dim; the leading (batch) dims broadcast.
 */
export function matmul(a: Value, b: Value): Value {
  if (!isTensor(a) || !isTensor(b)) return unknownTensor(msg('`@` with a value that is not a tensor'));
  const sa = full(a), sb = full(b);
  if (!sa || !sb) return unknownTensor(reasonOf(!sa ? a : b));
  if (!sa.length || !sb.length) return unknownTensor(msg('`@` with a 0-d tensor'));
  const left = sa.length === 1 ? [1, ...sa] : sa;
  const right = sb.length === 1 ? [...sb, 1] : sb;
  const k1 = left[left.length - 1], k2 = right[right.length - 2];
  if (k1 === 'B' || k2 === 'B') return unknownTensor(msg('`@` over the batch dim'));
  if (k1 !== null && k2 !== null && k1 !== k2) return unknownTensor(msg('`@` of sizes {0} and {1}', k1, k2));
  const batchA = left.slice(0, -2), batchB = right.slice(0, -2);
  const n = Math.max(batchA.length, batchB.length);
  const out: (Dim | 'B')[] = [];
  for (let i = 0; i < n; i++) {
    const ia = batchA.length - n + i, ib = batchB.length - n + i;
    const x = ia >= 0 ? batchA[ia] : 1, y = ib >= 0 ? batchB[ib] : 1;
    if (x === 'B' || y === 'B') { if (x !== 'B' && x !== 1 || y !== 'B' && y !== 1) return unknownTensor(msg('`@` over the batch dim')); out.push('B'); }
    else if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (x === null || y === null) out.push(x ?? y);
    else if (x !== y) return unknownTensor(msg('batch dims {0} and {1} of `@` do not broadcast', x, y));
    else out.push(x);
  }
  if (sa.length > 1) out.push(left[left.length - 2]);
  if (sb.length > 1) out.push(right[right.length - 1]);
  if (out.filter((d) => d === 'B').length > 1) return unknownTensor(msg('`@` of two batched operands'));
  return fromFull(out, a);
}

/** The value of x.shape / x.size(): a tuple of ints and the batch marker. */
export function sizeOf(t: Tensor, dim?: Value): Value {
  const s = full(t);
  if (!s) return unk(reasonOf(t), 'x.size()');
  const vals: Value[] = s.map((d) => (d === 'B' ? BATCH : d === null ? unk(msg('a dimension that is not known')) : d));
  if (dim === undefined) return { t: 'tuple', items: vals };
  const i = axis(dim, s.length);
  return i === null ? unk(msg('size of an unknown dim')) : vals[i];
}

/** x.chunk(n, dim): n pieces of ceil(size/n) (the last may be smaller). */
export function chunk(t: Tensor, n: Value, dim: Value): Value {
  const s = full(t);
  const k = num(n);
  if (!s || k === null || k <= 0) return unk(msg('`chunk` of an unknown tensor'));
  const i = axis(dim, s.length);
  if (i === null || s[i] === 'B') return unk(msg('`chunk` along an unknown dim'));
  const d = s[i];
  if (d === null) return unk(msg('`chunk` of an unknown size'));
  const size = Math.ceil((d as number) / k);
  const sizes: number[] = [];
  for (let left = d as number; left > 0; left -= size) sizes.push(Math.min(size, left));
  return { t: 'tuple', items: sizes.map((z) => { const o = [...s]; o[i] = z; return fromFull(o, t); }) };
}

/** x.unbind(dim): one tensor per entry of that dim, without it (timm's `q, k, v = qkv.unbind(0)`). */
export function unbind(t: Tensor, dim: Value): Value {
  const s = full(t);
  if (!s) return unk(msg('`unbind` of an unknown tensor'));
  const i = axis(dim, s.length);
  if (i === null || s[i] === 'B') return unk(msg('`unbind` along an unknown dim'));
  const d = s[i];
  if (d === null || (d as number) > 1000) return unk(msg('`unbind` of an unknown size'));
  const rest = s.filter((_, j) => j !== i);
  return { t: 'tuple', items: Array.from({ length: d as number }, () => fromFull(rest, t)) };
}

/** x.split(size or [sizes], dim). */
export function split(t: Tensor, by: Value, dim: Value): Value {
  const s = full(t);
  if (!s) return unk(msg('`split` of an unknown tensor'));
  const i = axis(dim, s.length);
  if (i === null || s[i] === 'B' || s[i] === null) return unk(msg('`split` along an unknown dim'));
  const d = s[i] as number;
  let sizes: number[];
  if (isObj(by) && (by.t === 'list' || by.t === 'tuple')) {
    const ns = by.items.map(num);
    if (ns.some((x) => x === null)) return unk(msg('`split` into unknown sizes'));
    sizes = ns as number[];
    // PyTorch raises unless the sizes add up to the dim.
    if (sizes.some((z) => z < 0 || !Number.isInteger(z)) || sizes.reduce((a, b) => a + b, 0) !== d) return unk(msg('`split` into sizes that do not add up to the dim'));
  } else {
    const k = num(by);
    if (k === null || k <= 0) return unk(msg('`split` into unknown sizes'));
    sizes = [];
    for (let left = d; left > 0; left -= k) sizes.push(Math.min(k, left));
  }
  return { t: 'tuple', items: sizes.map((z) => { const o = [...s]; o[i] = z; return fromFull(o, t); }) };
}

/** x.expand(sizes…): -1 keeps a dim, the batch size marks the batch dim, a number sets the size. */
export function expand(t: Tensor, dims: Value[]): Value {
  if (dims.length === 1 && isObj(dims[0]) && (dims[0].t === 'tuple' || dims[0].t === 'list')) dims = dims[0].items;
  const s = full(t);
  if (!s) return unknownTensor(reasonOf(t));
  if (dims.length < s.length) return unknownTensor(msg('expand to fewer dims'));
  const lead = dims.length - s.length;
  const out: (Dim | 'B')[] = [];
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i];
    const cur = i >= lead ? s[i - lead] : 1;
    if (isObj(d) && d.t === 'batch') out.push('B');
    else {
      const n = num(d);
      if (n === -1 && i >= lead) out.push(cur);
      else if (n !== null && n >= 0 && (cur === 1 || cur === n || cur === null)) out.push(n);
      else return unknownTensor(msg('expand({0}) is not evaluated', dims.map(show).join(', ')));
    }
  }
  return fromFull(out, t);
}

/**
 * torch.einsum('bhid,bhjd->bhij', q, k): each letter names a dim; the output lists letters (with `->`), or, in
 * implicit mode, the letters that appear once, in alphabetical order. Sizes of one letter must agree (1
 * broadcasts). `...` is not followed.
 */
export function einsum(eq: Value, operands: Value[]): Value {
  if (typeof eq !== 'string') return unknownTensor(msg('einsum with an equation that is not known'));
  const spec = eq.replace(/\s+/g, '');
  if (spec.includes('.')) return unknownTensor(msg('einsum with `...` is not followed'));
  const [lhs, rhs] = spec.split('->');
  const ins = lhs.split(',');
  if (ins.length !== operands.length || !operands.every(isTensor)) return unknownTensor(msg('einsum of unknown operands'));
  const size = new Map<string, Dim | 'B'>();
  let batchLetter: string | null = null;
  for (let i = 0; i < ins.length; i++) {
    const s = full(operands[i] as Tensor);
    if (!s) return unknownTensor(reasonOf(operands[i] as Tensor));
    if (s.length !== ins[i].length) return unknownTensor(msg('einsum: `{0}` does not match a {1}-d operand', ins[i], s.length));
    for (let j = 0; j < s.length; j++) {
      const c = ins[i][j], d = s[j];
      if (d === 'B') batchLetter = c;
      const have = size.get(c);
      if (have === undefined || have === 1) size.set(c, d);
      else if (d !== 1 && d !== null && have !== null && d !== have) return unknownTensor(msg('einsum: sizes {0} and {1} for `{2}`: PyTorch raises', String(have), String(d), c));
    }
  }
  const outLetters = rhs !== undefined ? rhs : [...size.keys()].filter((c) => ins.join('').split(c).length === 2).sort().join('');
  const out: (Dim | 'B')[] = [];
  for (const c of outLetters) {
    if (!size.has(c)) return unknownTensor(msg('einsum: `{0}` is in no operand', c));
    out.push(c === batchLetter ? 'B' : size.get(c)!);
  }
  if (out.filter((d) => d === 'B').length > 1) return unknownTensor(msg('einsum repeats the batch dim'));
  return fromFull(out, operands[0] as Tensor);
}

/** x.repeat(a, b, …): each dim times its count; extra counts add leading dims. */
export function repeatDims(t: Tensor, counts: Value[]): Value {
  const s = full(t);
  const reps = counts.length === 1 && isObj(counts[0]) && (counts[0].t === 'tuple' || counts[0].t === 'list') ? counts[0].items : counts;
  const n = reps.map((v) => num(v));
  if (!s) return unknownTensor(reasonOf(t));
  if (n.some((x) => x === null || !Number.isInteger(x) || x < 0) || n.length < s.length) return unknownTensor(msg('repeat by counts that are not known'));
  const padded: (Dim | 'B')[] = [...Array(n.length - s.length).fill(1), ...s];
  const out = padded.map((d, i) => (d === 'B' ? (n[i] === 1 ? 'B' : null) : d === null ? null : d * n[i]!));
  if (out.includes(null) && padded.includes('B')) return unknownTensor(msg('repeat along the batch dim'));
  return fromFull(out, t);
}

/** The ints of an int or a tuple / list of ints, or null. */
function intList(v: Value): number[] | null {
  const items = isObj(v) && (v.t === 'tuple' || v.t === 'list') ? v.items : [v];
  const ns = items.map(num);
  return ns.every((n) => n !== null && Number.isInteger(n)) ? ns as number[] : null;
}

/** torch.topk(x, k, dim=-1): values and indices, `k` entries along `dim` (PyTorch raises past the dim's size). */
export function topk(t: Tensor, k: Value, dim: Value): Value {
  const s = full(t);
  if (!s) return unk(reasonOf(t));
  const i = axis(dim, s.length), n = num(k);
  if (i === null || s[i] === 'B') return unk(msg('`{0}` along an unknown dim', 'topk'));
  if (n === null || !Number.isInteger(n)) return unk(msg('`topk` of an unknown k'));
  const d = s[i];
  if (n < 0 || (d !== null && n > (d as number))) return unk(msg('topk of {0} out of {1}: PyTorch raises', n, show(d)));
  const o = [...s];
  o[i] = n;
  return { t: 'tuple', items: [fromFull(o, t), fromFull(o, t)] };
}

/** x.movedim(source, destination): the dims named move, the others keep their order. */
export function movedim(t: Tensor, src: Value, dst: Value): Value {
  const s = full(t);
  if (!s) return unknownTensor(reasonOf(t));
  const a = intList(src), b = intList(dst);
  if (!a || !b || a.length !== b.length) return unknownTensor(msg('`{0}` with unknown dims', 'movedim'));
  const from = a.map((x) => axis(x, s.length)), to = b.map((x) => axis(x, s.length));
  if (from.some((x) => x === null) || to.some((x) => x === null) || new Set(from).size !== from.length || new Set(to).size !== to.length) {
    return unknownTensor(msg('`{0}` with unknown dims', 'movedim'));
  }
  const out: ((typeof s)[number] | undefined)[] = Array(s.length).fill(undefined);
  from.forEach((f, j) => { out[to[j]!] = s[f!]; });
  const rest = s.filter((_, j) => !from.includes(j));
  for (let j = 0; j < out.length; j++) if (out[j] === undefined) out[j] = rest.shift();
  return fromFull(out as (Dim | 'B')[], t);
}

/** x.narrow(dim, start, length): `length` entries of `dim` (PyTorch raises when they do not fit). */
export function narrow(t: Tensor, dim: Value, start: Value, length: Value): Value {
  const s = full(t);
  if (!s) return unknownTensor(reasonOf(t));
  const i = axis(dim, s.length), a = num(start), n = num(length);
  if (i === null || s[i] === 'B' || a === null || n === null || !Number.isInteger(a) || !Number.isInteger(n)) return unknownTensor(msg('`{0}` with unknown arguments', 'narrow'));
  const d = s[i];
  if (d !== null) {
    const from = a < 0 ? a + (d as number) : a;
    if (n < 0 || from < 0 || from + n > (d as number)) return unknownTensor(msg('narrow({0}, {1}) of a dim of size {2}: PyTorch raises', a, n, d));
  } else if (a < 0 || n < 0) return unknownTensor(msg('`{0}` with unknown arguments', 'narrow'));
  const o = [...s];
  o[i] = n;
  return fromFull(o, t);
}

/** torch.tensor_split(x, n or indices, dim): n nearly equal parts (the first ones one larger), or cuts at indices. */
export function tensorSplit(t: Tensor, by: Value, dim: Value): Value {
  const s = full(t);
  if (!s) return unk(reasonOf(t));
  const i = axis(dim, s.length);
  if (i === null || s[i] === 'B' || s[i] === null) return unk(msg('`{0}` along an unknown dim', 'tensor_split'));
  const d = s[i] as number;
  let sizes: number[];
  if (isObj(by) && (by.t === 'list' || by.t === 'tuple')) {
    const cuts = intList(by);
    if (!cuts) return unk(msg('`{0}` at unknown indices', 'tensor_split'));
    // Each part is the Python slice x[prev:cut] along the dim (negative indices count from the end).
    const norm = (x: number) => (x < 0 ? Math.max(0, d + x) : Math.min(x, d));
    const bounds = [0, ...cuts.map(norm), d];
    sizes = bounds.slice(1).map((b, j) => Math.max(0, b - bounds[j]));
  } else {
    const n = num(by);
    if (n === null || !Number.isInteger(n) || n <= 0) return unk(msg('`{0}` at unknown indices', 'tensor_split'));
    if (n > 1000) return unk(msg('`{0}` at unknown indices', 'tensor_split'));
    sizes = Array.from({ length: n }, (_, j) => Math.floor(d / n) + (j < d % n ? 1 : 0));
  }
  return { t: 'tuple', items: sizes.map((z) => { const o = [...s]; o[i] = z; return fromFull(o, t); }) };
}

/** x.tile(reps): as repeat, with reps shorter than the rank padded with leading 1s. */
export function tile(t: Tensor, counts: Value[]): Value {
  const s = full(t);
  const reps = counts.length === 1 && isObj(counts[0]) && (counts[0].t === 'tuple' || counts[0].t === 'list') ? counts[0].items : counts;
  if (!s) return unknownTensor(reasonOf(t));
  return repeatDims(t, [...Array(Math.max(0, s.length - reps.length)).fill(1), ...reps]);
}

/** F.one_hot(indices, num_classes): one more dim of num_classes (-1, the default, is the largest index + 1). */
export function oneHot(t: Tensor, classes: Value): Value {
  const s = full(t);
  if (!s) return unknownTensor(reasonOf(t));
  const n = num(classes);
  if (n === null || !Number.isInteger(n) || n < 0) return unknownTensor(msg('one_hot without num_classes depends on the values'));
  return fromFull([...s, n], t);
}

/** x.unfold(dim, size, step) (the tensor method): windows of `size` along `dim`, as a new last dim of that size. */
export function windows(t: Tensor, dim: Value, size: Value, step: Value): Value {
  const s = full(t);
  if (!s) return unknownTensor(reasonOf(t));
  const i = axis(dim, Math.max(1, s.length)), k = num(size), st = num(step);
  if (i === null || s[i] === 'B' || k === null || st === null || !Number.isInteger(k) || !Number.isInteger(st) || k < 0 || st <= 0) {
    return unknownTensor(msg('`{0}` with unknown arguments', 'unfold'));
  }
  const d = s[i];
  if (d !== null && k > (d as number)) return unknownTensor(msg('unfold windows of {0} over a dim of size {1}: PyTorch raises', k, d));
  const o = [...s];
  o[i] = d === null ? null : Math.floor(((d as number) - k) / st) + 1;
  return fromFull([...o, k], t);
}
