// Small 1-d tensors whose values are known (torch.arange, torch.linspace, np.array of a config list): model
// code computes widths and drop rates with them. Arithmetic follows the frameworks' dtypes: integer tensors
// stay integers; float tensors are float32 in PyTorch (rounded with Math.fround) and float64 in NumPy.
import type { Tensor, Value } from './values';
import { isObj, num, float, unk } from './values';
import { msg } from '../core/l10n';

export type DType = 'int' | 'float32' | 'float64';

const MAX_VALUES = 100_000;

export function vtensor(values: number[], dtype: DType, shape: number[] = [values.length]): Tensor {
  const vals = dtype === 'float32' ? values.map(Math.fround) : dtype === 'int' ? values.map(Math.trunc) : values;
  return { t: 'tensor', shape, batchAxis: -1, values: vals, dtype };
}

export function isVTensor(v: Value | undefined): v is Tensor & { values: number[]; dtype: DType } {
  return isObj(v ?? null) && (v as Tensor).t === 'tensor' && Array.isArray((v as Tensor).values);
}

/** A Python scalar of a framework: int, or float. */
function scalar(x: number, dtype: DType): Value {
  return dtype === 'int' ? x : float(x);
}

function asNumbers(v: Value): number[] | null {
  if (isVTensor(v)) return v.values;
  const n = num(v);
  return n === null ? null : [n];
}

function isFloatScalar(v: Value): boolean {
  return isObj(v) && v.t === 'float';
}

/** torch.arange / np.arange. */
export function arange(args: Value[], dtype: 'float32' | 'float64'): Value {
  const n = args.map(num);
  if (n.some((x) => x === null) || !n.length) return unk(msg('arange over unknown bounds'));
  const [start, stop, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? 1];
  const count = Math.ceil((stop - start) / step);
  if (!(count >= 0) || count > MAX_VALUES || step === 0) return unk(msg('arange of an unknown or huge size'));
  const isInt = args.every((a) => !isFloatScalar(a));
  return vtensor(Array.from({ length: count }, (_, i) => start + i * step), isInt ? 'int' : dtype);
}

/** torch.linspace / np.linspace. */
export function linspace(args: Value[], kw: Map<string, Value>, dtype: 'float32' | 'float64'): Value {
  const a = num(args[0] ?? kw.get('start') ?? null), b = num(args[1] ?? kw.get('end') ?? kw.get('stop') ?? null);
  const n = num(args[2] ?? kw.get('steps') ?? kw.get('num') ?? (dtype === 'float64' ? 50 : null));
  if (a === null || b === null || n === null || n < 0 || n > MAX_VALUES) return unk(msg('linspace over unknown bounds'));
  if (n === 1) return vtensor([a], dtype);
  const step = (b - a) / (n - 1);
  // PyTorch fills the first half from the start and the second half from the end.
  const vals = Array.from({ length: n }, (_, i) => (dtype === 'float32' && i >= n / 2 ? b - (n - 1 - i) * step : a + i * step));
  return vtensor(vals, dtype);
}

/** torch.tensor([...]) / np.array([...]) of numbers. */
export function fromList(items: Value[] | null, dtype: 'float32' | 'float64'): Value {
  if (!items || items.length > MAX_VALUES) return unk(msg('a tensor of unknown values'));
  const ns = items.map(num);
  if (ns.some((x) => x === null)) return unk(msg('a tensor of unknown values'));
  return vtensor(ns as number[], items.every((x) => !isFloatScalar(x)) ? 'int' : dtype);
}

/** Elementwise arithmetic between value tensors and scalars; null when it does not apply. */
export function binary(op: string, a: Value, b: Value, floatType: 'float32' | 'float64'): Value | null {
  if (!isVTensor(a) && !isVTensor(b)) return null;
  const x = asNumbers(a), y = asNumbers(b);
  if (!x || !y) return unk(msg('arithmetic with an unknown value'));
  if (x.length !== y.length && x.length !== 1 && y.length !== 1) return unk(msg('tensors of different lengths'));
  const da: DType = isVTensor(a) ? a.dtype : isFloatScalar(a) ? floatType : 'int';
  const db: DType = isVTensor(b) ? b.dtype : isFloatScalar(b) ? floatType : 'int';
  let dtype: DType = da === 'int' && db === 'int' ? 'int' : (da === 'float64' || db === 'float64') && floatType === 'float64' ? 'float64' : floatType;
  if (op === '/') dtype = dtype === 'int' ? floatType : dtype;
  const f = dtype === 'float32' ? Math.fround : (v: number) => v;
  const fn: Record<string, (p: number, q: number) => number> = {
    '+': (p, q) => p + q, '-': (p, q) => p - q, '*': (p, q) => p * q, '/': (p, q) => p / q,
    '//': (p, q) => Math.floor(p / q), '%': (p, q) => ((p % q) + q) % q, '**': (p, q) => p ** q,
  };
  if (!fn[op]) return unk(msg('`{0}` on a tensor', op));
  const n = Math.max(x.length, y.length);
  const out = Array.from({ length: n }, (_, i) => f(fn[op](f(x[x.length === 1 ? 0 : i]), f(y[y.length === 1 ? 0 : i]))));
  const shape = isVTensor(a) ? a.shape! as number[] : (b as Tensor).shape as number[];
  return vtensor(out, dtype, shape);
}

/** Round half to even, as torch.round and np.round do. */
function roundEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : r;
}

/** The methods `call` evaluates on the values; the rest act on the shape alone. */
export const METHODS = new Set([
  'tolist', 'item', 'int', 'long', 'astype', 'float', 'double', 'round', 'floor', 'ceil', 'log', 'log2', 'exp', 'sqrt', 'abs',
  'numel', 'size', 'sum', 'prod', 'max', 'min', 'cumsum', 'diff', 'unique', 'flip', 'split', 'chunk',
]);

/** The same tensor with its values forgotten (after a shape op that is not evaluated on values). */
export function withoutValues(t: Tensor): Tensor {
  const { values: _values, dtype: _dtype, ...rest } = t;
  return { ...rest, ...(t.dtype === 'int' ? { indices: true } : {}) };
}

/** Functions and methods on value tensors (`torch.round(t)`, `t.int()`, `t.tolist()`); undefined otherwise. */
export function call(name: string, t: Tensor & { values: number[]; dtype: DType }, args: Value[], floatType: 'float32' | 'float64'): Value | undefined {
  const ft: DType = t.dtype === 'int' ? floatType : t.dtype;
  const map = (f: (v: number) => number, dtype: DType) => vtensor(t.values.map(f), dtype, t.shape as number[]);
  switch (name) {
    case 'tolist': return t.shape!.length === 0 ? scalar(t.values[0], t.dtype) : { t: 'list', items: t.values.map((v) => scalar(v, t.dtype)) };
    case 'item': return t.values.length === 1 ? scalar(t.values[0], t.dtype) : unk(msg('item() of a tensor with several values'));
    case 'int': case 'long': case 'astype': return name === 'astype' && args.length && !/int/.test(String((args[0] as { path?: string })?.path ?? args[0])) ? map((v) => v, ft) : map(Math.trunc, 'int');
    case 'float': case 'double': return map((v) => v, name === 'double' ? 'float64' : floatType);
    case 'round': return map(roundEven, t.dtype);
    case 'floor': return map(Math.floor, t.dtype);
    case 'ceil': return map(Math.ceil, t.dtype);
    case 'log': return map(Math.log, ft);
    case 'log2': return map(Math.log2, ft);
    case 'exp': return map(Math.exp, ft);
    case 'sqrt': return map(Math.sqrt, ft);
    case 'abs': return map(Math.abs, t.dtype);
    case 'numel': case 'size': return name === 'numel' ? t.values.length : { t: 'tuple', items: t.shape! as number[] };
    case 'sum': return scalarTensor(t.values.reduce((p, q) => p + q, 0), t.dtype);
    case 'prod': return scalarTensor(t.values.reduce((p, q) => p * q, 1), t.dtype);
    case 'max': return t.values.length ? scalarTensor(Math.max(...t.values), t.dtype) : undefined;
    case 'min': return t.values.length ? scalarTensor(Math.min(...t.values), t.dtype) : undefined;
    case 'cumsum': { let s = 0; return map((v) => (s += v), t.dtype); }
    case 'diff': return vtensor(t.values.slice(1).map((v, i) => v - t.values[i]), t.dtype);
    case 'unique': return vtensor([...new Set(t.values)].sort((p, q) => p - q), t.dtype);
    case 'flip': return vtensor([...t.values].reverse(), t.dtype);
    case 'split': case 'chunk': return pieces(name, t, args[0] ?? null);
  }
  return undefined;
}

/**
 * `t.split(2)`, `t.split([1, 2, 1])`, `t.chunk(3)` of a 1-d tensor: a tuple of its pieces (timm's
 * `torch.linspace(0, rate, sum(depths)).split(depths)`); undefined when the sizes are not known or do not fit.
 */
function pieces(name: 'split' | 'chunk', t: Tensor & { values: number[]; dtype: DType }, arg: Value): Value | undefined {
  const n = t.values.length;
  // An empty tensor's pieces follow rules of their own (chunk(2) of nothing gives two empty tensors).
  if (t.shape!.length !== 1 || n === 0) return undefined;
  let sizes: number[];
  if (isObj(arg) && (arg.t === 'list' || arg.t === 'tuple')) {
    if (name === 'chunk') return undefined;
    const ns = arg.items.map(num);
    if (ns.some((x) => x === null || !Number.isInteger(x) || x < 0) || ns.reduce((p, q) => p! + q!, 0) !== n) return undefined;
    sizes = ns as number[];
  } else {
    const k = num(arg);
    if (k === null || !Number.isInteger(k) || k <= 0 || typeof arg !== 'number') return undefined;
    // chunk(k) makes pieces of ceil(n / k) values (fewer than k pieces when they run out).
    const size = name === 'chunk' ? Math.ceil(n / k) : k;
    sizes = [];
    for (let at = 0; at < n; at += size) sizes.push(Math.min(size, n - at));
  }
  let at = 0;
  return { t: 'tuple', items: sizes.map((s) => vtensor(t.values.slice(at, (at += s)), t.dtype)) };
}

function scalarTensor(v: number, dtype: DType): Tensor {
  return vtensor([v], dtype, []);
}

/** Elements of a value tensor, as 0-d tensors (what iterating over it gives). */
export function elements(t: Tensor & { values: number[]; dtype: DType }): Value[] {
  if (t.shape!.length !== 1) return [];
  return t.values.map((v) => scalarTensor(v, t.dtype));
}
