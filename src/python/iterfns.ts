// itertools and operator: the sequences and arithmetic model code builds widths with
// (itertools.product of kernel sizes, pairwise of a width list, reduce(operator.mul, shape)).
import type { Interp } from './interp';
import { type Value, unk, num } from './values';
import { msg } from '../core/l10n';

/** Longest sequence an itertools call may build; past it the result is unknown. */
const MAX_ITEMS = 100_000;

const tuple = (items: Value[]): Value => ({ t: 'tuple', items });
const list = (items: Value[]): Value => ({ t: 'list', items });

const OPERATORS: Record<string, string> = {
  add: '+', sub: '-', mul: '*', truediv: '/', floordiv: '//', mod: '%', pow: '**', matmul: '@',
  and_: '&', or_: '|', xor: '^', lshift: '<<', rshift: '>>',
};

/** itertools.* and operator.* calls; undefined for other paths. */
export function callIterFn(interp: Interp, path: string, args: Value[], kw: Map<string, Value>): Value | undefined {
  const unknownSeq = () => unk(msg('`{0}` of an unknown sequence', path));
  const seqs = (vs: Value[]): Value[][] | null => {
    const out: Value[][] = [];
    for (const v of vs) { const items = interp.iterate(v); if (!items) return null; out.push(items); }
    return out;
  };
  if (path.startsWith('operator.')) {
    const name = path.slice('operator.'.length);
    const op = OPERATORS[name];
    if (op && args.length === 2) return interp.arith(op, args[0], args[1], 0);
    if (name === 'neg' && args.length === 1) return interp.arith('*', args[0], -1, 0);
    if (name === 'index' && args.length === 1) return args[0];
    return undefined;
  }
  switch (path) {
    case 'itertools.product': {
      const ss = seqs(args);
      const repeat = num(kw.get('repeat') ?? 1);
      if (!ss || repeat === null || !Number.isInteger(repeat) || repeat < 0) return unknownSeq();
      const pools = Array.from({ length: repeat }, () => ss).flat();
      const count = pools.reduce((a, p) => a * p.length, 1);
      if (count > MAX_ITEMS) return unk(msg('`{0}` of more than {1} items', path, MAX_ITEMS));
      let out: Value[][] = [[]];
      for (const pool of pools) out = out.flatMap((prefix) => pool.map((x) => [...prefix, x]));
      return list(out.map(tuple));
    }
    case 'itertools.chain': {
      const ss = seqs(args);
      return ss ? list(ss.flat()) : unknownSeq();
    }
    case 'itertools.chain.from_iterable': {
      const outer = interp.iterate(args[0] ?? null);
      const ss = outer ? seqs(outer) : null;
      return ss ? list(ss.flat()) : unknownSeq();
    }
    case 'itertools.pairwise': {
      const s = interp.iterate(args[0] ?? null);
      return s ? list(s.slice(1).map((x, i) => tuple([s[i], x]))) : unknownSeq();
    }
    case 'itertools.accumulate': {
      const s = interp.iterate(args[0] ?? null);
      if (!s) return unknownSeq();
      const fn = args[1] ?? kw.get('func') ?? null;
      const out: Value[] = [];
      let acc: Value | undefined = kw.has('initial') && kw.get('initial') !== null ? kw.get('initial') : undefined;
      if (acc !== undefined) out.push(acc);
      for (const x of s) {
        acc = acc === undefined ? x : fn !== null ? interp.callValue(fn, [acc, x], new Map(), 0) : interp.arith('+', acc, x, 0);
        out.push(acc);
      }
      return list(out);
    }
    case 'itertools.repeat': {
      const n = num(args[1] ?? kw.get('times') ?? null);
      if (n === null || !Number.isInteger(n) || n > MAX_ITEMS) return unk(msg('`{0}` without a known count', path));
      return list(Array.from({ length: Math.max(0, n) }, () => args[0] ?? null));
    }
    case 'itertools.islice': {
      // islice(it, stop) or islice(it, start, stop[, step]); None as stop runs to the end.
      const s = interp.iterate(args[0] ?? null);
      const raw = args.slice(1);
      if (!s || !raw.length || raw.some((a) => a !== null && num(a) === null)) return unknownSeq();
      const b = raw.map((a) => (a === null ? null : num(a)));
      const [start, stop, step] = b.length === 1 ? [0, b[0], 1] : [b[0] ?? 0, b[1] ?? null, b[2] ?? 1];
      if (start < 0 || (stop !== null && stop < 0) || step < 1) return unknownSeq();
      const out: Value[] = [];
      for (let i = start; i < Math.min(stop ?? s.length, s.length); i += step) out.push(s[i]);
      return list(out);
    }
    case 'itertools.starmap': {
      const s = interp.iterate(args[1] ?? null);
      const ss = s ? seqs(s) : null;
      return ss && args[0] !== undefined ? list(ss.map((a) => interp.callValue(args[0], a, new Map(), 0))) : unknownSeq();
    }
    case 'itertools.combinations': {
      const s = interp.iterate(args[0] ?? null);
      const r = num(args[1] ?? kw.get('r') ?? null);
      if (!s || r === null || !Number.isInteger(r) || r < 0) return unknownSeq();
      const out: Value[] = [];
      const pick = (from: number, acc: Value[]) => {
        if (out.length > MAX_ITEMS) return;
        if (acc.length === r) { out.push(tuple(acc)); return; }
        for (let i = from; i < s.length; i++) pick(i + 1, [...acc, s[i]]);
      };
      pick(0, []);
      return out.length > MAX_ITEMS ? unk(msg('`{0}` of more than {1} items', path, MAX_ITEMS)) : list(out);
    }
  }
  return undefined;
}
