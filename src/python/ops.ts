// Python operators over evaluator values. Unknown operands give unknowns that keep a readable expression.
import { percentFormat } from './format';
import { type Value, unk, unkBool, isObj, isUnk, num, float, equal, keyOf, show, MAX_EXPR } from './values';
import { msg } from '../core/l10n';

/** Longest string or sequence an operator builds (longer ones are unknown, never truncated). */
const MAX_ITEMS = 100_000;

const SYMBOL: Record<string, string> = { '*': '·', '//': '//', '/': '/', '+': '+', '-': '−', '**': '^', '%': '%' };

/** The source-level expression of an operand, for formulas (`in_ch·2`). */
function exprOf(v: Value): string | undefined {
  if (typeof v === 'number') return String(v);
  if (isUnk(v)) return v.expr;
  if (isObj(v) && v.t === 'float') return show(v);
  return undefined;
}

function symbolic(op: string, a: Value, b: Value): Value {
  const ea = exprOf(a), eb = exprOf(b);
  const reason = isUnk(a) ? a.reason : isUnk(b) ? b.reason : msg('`{0}` of {1} and {2}', op, show(a), show(b));
  if (ea === undefined || eb === undefined || ea.length + eb.length > MAX_EXPR) return unk(reason);
  const wrap = (e: string) => (/^[\w.]+$/.test(e) ? e : `(${e})`);
  return unk(reason, `${wrap(ea)}${SYMBOL[op] ?? op}${wrap(eb)}`);
}

function isInt(v: Value): boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

export function binaryOp(op: string, a: Value, b: Value): Value {
  const x = num(a), y = num(b);
  if (x !== null && y !== null) {
    const ints = isInt(a) && isInt(b);
    const out = (v: number): Value => (!ints ? float(v) : Number.isSafeInteger(v) ? v : unk(msg('an integer too large to track exactly')));
    switch (op) {
      case '+': return out(x + y);
      case '-': return out(x - y);
      case '*': return out(x * y);
      case '/': return y === 0 ? unk(msg('division by zero')) : float(x / y);
      case '//': return y === 0 ? unk(msg('division by zero')) : out(Math.floor(x / y));
      case '%': return y === 0 ? unk(msg('modulo by zero')) : out(((x % y) + y) % y);
      case '**': {
        const r = Math.pow(x, y);
        return ints && y >= 0 ? out(r) : float(r);
      }
      case '<<': return ints ? x * Math.pow(2, y) : unk(msg('shift of a float'));
      case '>>': return ints ? Math.floor(x / Math.pow(2, y)) : unk(msg('shift of a float'));
      case '&': return ints ? x & y : unk(msg('bitwise and of a float'));
      case '|': return ints ? x | y : unk(msg('bitwise or of a float'));
      case '^': return ints ? x ^ y : unk(msg('bitwise xor of a float'));
      default: return unk(msg('operator {0}', op));
    }
  }
  if (typeof a === 'string' && typeof b === 'string' && op === '+') return a.length + b.length > MAX_ITEMS ? unk(msg('a string too long to track')) : a + b;
  if (typeof a === 'string' && op === '%') return percentFormat(a, b) ?? unk(msg('a formatted string'));
  if (typeof a === 'string' && typeof b === 'number' && op === '*') {
    const n = Math.max(0, b);
    return !Number.isFinite(n) || a.length * n > MAX_ITEMS ? unk(msg('a string too long to track')) : a.repeat(n);
  }
  if (isObj(a) && isObj(b) && (a.t === 'list' || a.t === 'tuple') && a.t === b.t && op === '+') {
    const more = (b as { items: Value[] }).items;
    return a.items.length + more.length > MAX_ITEMS ? unk(msg('a {0} too long to track', a.t)) : { t: a.t, items: [...a.items, ...more] };
  }
  if (isObj(a) && (a.t === 'list' || a.t === 'tuple') && typeof b === 'number' && op === '*') {
    const n = Math.max(0, b);
    if (!Number.isFinite(n) || a.items.length * n > MAX_ITEMS) return unk(msg('a {0} too long to track', a.t));
    const items: Value[] = [];
    for (let i = 0; i < n && a.items.length; i++) items.push(...a.items);
    return { t: a.t, items };
  }
  if (isObj(b) && (b.t === 'list' || b.t === 'tuple') && typeof a === 'number' && op === '*') return binaryOp(op, b, a);
  if (isObj(a) && isObj(b) && a.t === 'dict' && b.t === 'dict' && op === '|') return { t: 'dict', map: new Map([...a.map, ...b.map]) };
  return symbolic(op, a, b);
}

export function unaryNeg(v: Value): Value {
  if (typeof v === 'number') return -v;
  if (typeof v === 'boolean') return v ? -1 : 0;
  if (isObj(v) && v.t === 'float') return float(-v.v);
  if (isUnk(v)) return unk(v.reason, v.expr ? `−${v.expr}` : undefined);
  return unk(msg('negation of a non-number'));
}

export function compare(op: string, a: Value, b: Value, iterate: (v: Value) => Value[] | null): Value {
  return unkBool(compareValues(op, a, b, iterate));
}

function compareValues(op: string, a: Value, b: Value, iterate: (v: Value) => Value[] | null): Value {
  switch (op) {
    case '==': { const e = equal(a, b); return e === null ? unk(msg('an undecidable comparison')) : e; }
    case '!=': { const e = equal(a, b); return e === null ? unk(msg('an undecidable comparison')) : !e; }
    case 'is': return identity(a, b);
    case 'is not': { const r = identity(a, b); return typeof r === 'boolean' ? !r : r; }
    case 'in': case 'not in': {
      let r: Value;
      if (typeof b === 'string' && typeof a === 'string') r = b.includes(a);
      else if (isObj(b) && b.t === 'dict') {
        const k = keyOf(a);
        r = k === null || b.tainted ? unk(b.tainted ? msg('the dict was {0}', b.tainted) : msg('an unknown key')) : b.map.has(k);
      } else {
        const items = iterate(b);
        if (items === null || isUnk(a)) r = unk(msg('membership in an unknown sequence'));
        else {
          let found: boolean | null = false;
          for (const x of items) { const e = equal(a, x); if (e === true) { found = true; break; } if (e === null) found = null; }
          r = found === null ? unk(msg('an undecidable membership')) : found;
        }
      }
      return op === 'in' ? r : typeof r === 'boolean' ? !r : r;
    }
  }
  const x = num(a), y = num(b);
  if (x !== null && y !== null) {
    switch (op) {
      case '<': return x < y;
      case '>': return x > y;
      case '<=': return x <= y;
      case '>=': return x >= y;
    }
  }
  if (typeof a === 'string' && typeof b === 'string') {
    switch (op) {
      case '<': return a < b;
      case '>': return a > b;
      case '<=': return a <= b;
      case '>=': return a >= b;
    }
  }
  return unk(msg('`{0} {1} {2}` cannot be decided', show(a), op, show(b)));
}

function identity(a: Value, b: Value): Value {
  if (isUnk(a) || isUnk(b)) return unk(msg('an undecidable identity test'));
  if (a === null || b === null) return a === b;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a.t === 'tensor' || b.t === 'tensor') return a === b;
  return a === b || (keyOf(a) !== null && keyOf(a) === keyOf(b) && (a.t === 'ext' || a.t === 'class'));
}
