// Python builtins and the parts of the standard library that shape models (math, functools, collections).
import type { Interp } from './interp';
import { type Value, type PyBuiltin, unk, unkBool, isObj, isUnk, isSpread, num, float, truthy, keyOf, equal, show } from './values';
import { compare, binaryOp } from './ops';
import { deepCopy, shallowCopy } from './copying';
import { callIterFn } from './iterfns';
import { msg } from '../core/l10n';

type Fn = (args: Value[], kw: Map<string, Value>, line: number) => Value;

function builtin(name: string, call: Fn): PyBuiltin {
  return { t: 'builtin', name, call };
}

function ints(args: Value[]): number[] | null {
  const out: number[] = [];
  for (const a of args) {
    const n = num(a);
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

/** The element a min/max picks, or an unknown. */
function extreme(interp: Interp, args: Value[], kw: Map<string, Value>, pick: '<' | '>'): Value {
  const items = args.length === 1 ? interp.iterate(args[0]) : args;
  if (!items || items.length === 0) return kw.get('default') ?? unk(msg('{0} of an unknown sequence', pick === '<' ? 'min' : 'max'));
  const key = kw.get('key');
  let best = items[0];
  let bestKey = key ? interp.callValue(key, [best], new Map(), 0) : best;
  for (const x of items.slice(1)) {
    const k = key ? interp.callValue(key, [x], new Map(), 0) : x;
    const c = compare(pick, k, bestKey, (v) => interp.iterate(v));
    if (typeof c !== 'boolean') return unk(msg('{0} of values that cannot be compared', pick === '<' ? 'min' : 'max'));
    if (c) { best = x; bestKey = k; }
  }
  return best;
}

export function makeBuiltins(interp: Interp): Map<string, Value> {
  const m = new Map<string, Value>();
  const def = (name: string, call: Fn) => {
    const b = builtin(name, call);
    b.forInterp = (i) => (i === interp ? call : (i.builtinNamed(name) ?? b).call);
    m.set(name, b);
  };
  const seq = (v: Value) => interp.iterate(v);

  def('range', (a) => {
    const n = ints(a);
    if (!n || !n.length || n.length > 3 || n.some((x) => !Number.isInteger(x))) return unk(msg('range over unknown bounds'), `range(${a.map(show).join(', ')})`);
    const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
    if (step === 0) return unk(msg('range with step 0'));
    return { t: 'range', start, stop, step };
  });
  def('len', (a) => {
    const v = a[0] ?? null;
    if (typeof v === 'string') return v.length;
    if (isObj(v) && v.t === 'dict') return v.tainted ? unk(msg('the dict was {0}', v.tainted)) : v.map.size;
    const items = seq(v);
    const spread = items?.find(isSpread);
    if (spread !== undefined && isUnk(spread)) return unk(msg('len of a sequence holding {0}', spread.reason), spread.expr ? `len(${spread.expr})` : undefined);
    return items ? items.length : unk(msg('len of {0}', isUnk(v) ? v.reason : msg('an unknown value')), isUnk(v) && v.expr ? `len(${v.expr})` : undefined);
  });
  def('min', (a, kw) => extreme(interp, a, kw, '<'));
  def('max', (a, kw) => extreme(interp, a, kw, '>'));
  def('sum', (a) => {
    const items = seq(a[0] ?? null);
    if (!items) return unk(msg('sum of an unknown sequence'));
    let total: Value = a[1] ?? 0;
    for (const x of items) {
      const p = num(total), q = num(x);
      if (p === null || q === null) return unk(msg('sum of unknown values'));
      total = isObj(total) && total.t === 'float' || isObj(x) && x.t === 'float' ? float(p + q) : p + q;
    }
    return total;
  });
  def('abs', (a) => { const n = num(a[0] ?? null); return n === null ? unk(msg('abs of an unknown')) : isObj(a[0]) ? float(Math.abs(n)) : Math.abs(n); });
  def('int', (a) => {
    const v = a[0] ?? 0;
    if (typeof v === 'string') {
      // Python takes the whole string (spaces around it and `_` between digits allowed); anything else raises.
      if (a.length === 1 && /^\s*[+-]?\d+(_\d+)*\s*$/.test(v)) { const n = Number(v.replace(/_/g, '')); return Number.isSafeInteger(n) ? n : unk(msg('an integer too large to track exactly')); }
      if (a.length === 1) interp.raise('ValueError');
      return unk(msg('int of a non-number string'));
    }
    const n = num(v);
    return n === null ? unk(isUnk(v) ? v.reason : msg('int of an unknown'), isUnk(v) ? v.expr : undefined) : Math.trunc(n);
  });
  def('float', (a) => {
    const v = a[0] ?? 0;
    if (typeof v === 'string') return Number.isNaN(Number(v)) ? unk(msg('float of a string')) : float(Number(v));
    const n = num(v);
    return n === null ? unk(msg('float of an unknown')) : float(n);
  });
  def('round', (a) => {
    const n = num(a[0] ?? null);
    if (n === null) return unk(msg('round of an unknown'));
    const d = a[1] === undefined || a[1] === null ? null : num(a[1]);
    if (d === null) {
      // Python rounds half to even.
      const r = Math.round(n);
      return Math.abs(n % 1) === 0.5 ? 2 * Math.round(n / 2) : r;
    }
    const r = roundDigits(n, d);
    // round(int, d) is an int in Python; round(float, d) a float.
    return typeof a[0] === 'number' || typeof a[0] === 'boolean' ? r : float(r);
  });
  // As the operators: floats stay floats (divmod(7.5, 2) is (3.0, 1.5)), pow(2, -1) is 0.5.
  def('divmod', (a) => ({ t: 'tuple', items: [binaryOp('//', a[0] ?? null, a[1] ?? null), binaryOp('%', a[0] ?? null, a[1] ?? null)] }));
  def('pow', (a) => (a.length === 3 ? binaryOp('%', binaryOp('**', a[0] ?? null, a[1] ?? null), a[2] ?? null) : binaryOp('**', a[0] ?? null, a[1] ?? null)));
  def('bool', (a) => { const t = truthy(a[0] ?? false); return t === null ? unk(msg('bool of an unknown')) : t; });
  def('str', (a) => (a[0] === undefined ? '' : isUnk(a[0]) ? unk(msg('str of an unknown')) : show(a[0])));
  def('list', (a) => { if (!a.length) return { t: 'list', items: [] }; const i = seq(a[0]); return i ? { t: 'list', items: [...i] } : unk(msg('list of an unknown sequence')); });
  def('tuple', (a) => { if (!a.length) return { t: 'tuple', items: [] }; const i = seq(a[0]); return i ? { t: 'tuple', items: [...i] } : unk(msg('tuple of an unknown sequence')); });
  def('set', (a) => {
    const i = a.length ? seq(a[0]) : [];
    if (!i) return unk(msg('set of an unknown sequence'));
    const out: Value[] = [];
    for (const x of i) if (!out.some((y) => equal(x, y) === true)) out.push(x);
    return { t: 'set', items: out };
  });
  def('dict', (a, kw) => {
    const map = new Map<string, [Value, Value]>();
    if (a[0] !== undefined) {
      const src = a[0];
      if (isObj(src) && src.t === 'dict') for (const [k, e] of src.map) map.set(k, e);
      else {
        const pairs = seq(src);
        if (!pairs) return unk(msg('dict of an unknown sequence'));
        const add = (p: Value) => {
          const kv = seq(p);
          if (kv && kv.length === 2) { const k = keyOf(kv[0]); if (k !== null) map.set(k, [kv[0], kv[1]]); }
          else if (kv && kv.length > 2 && kv.slice(2).every((x) => isObj(x) && x.t === 'tuple' && x.items.length === 2)) {
            // Mid-edit: a half-typed entry swallowed the entries after it (Python would reject such an element).
            add({ t: 'tuple', items: kv.slice(0, 2) });
            kv.slice(2).forEach(add);
          }
        };
        pairs.forEach(add);
      }
    }
    for (const [k, v] of kw) map.set('s' + k, [k, v]);
    return { t: 'dict', map };
  });
  def('enumerate', (a, kw) => {
    const items = seq(a[0] ?? null);
    const start = num(a[1] ?? kw.get('start') ?? 0) ?? 0;
    return items ? { t: 'list', items: items.map((x, i) => ({ t: 'tuple', items: [i + start, x] })) } : unk(msg('enumerate over an unknown sequence'));
  });
  def('zip', (a) => {
    const lists = a.map(seq);
    if (lists.some((l) => l === null)) return unk(msg('zip over an unknown sequence'));
    // zip() of nothing is empty (Math.min() of nothing is Infinity).
    const n = lists.length ? Math.min(...lists.map((l) => l!.length)) : 0;
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push({ t: 'tuple', items: lists.map((l) => l![i]) });
    return { t: 'list', items: out };
  });
  def('reversed', (a) => { const i = seq(a[0] ?? null); return i ? { t: 'list', items: [...i].reverse() } : unk(msg('reversed of an unknown sequence')); });
  def('sorted', (a, kw) => {
    const i = seq(a[0] ?? null);
    if (!i) return unk(msg('sorted of an unknown sequence'));
    const keys = i.map((x) => (kw.get('key') ? interp.callValue(kw.get('key')!, [x], new Map(), 0) : x));
    let comparable = true;
    const idx = i.map((_, j) => j).sort((p, q) => {
      const c = pyOrder(keys[p], keys[q]);
      if (c === null) comparable = false;
      return c ?? 0;
    });
    if (!comparable) return unk(msg('sorted of values that cannot be compared'));
    if (truthy(kw.get('reverse') ?? false)) idx.reverse();
    return { t: 'list', items: idx.map((j) => i[j]) };
  });
  def('any', (a) => { const i = seq(a[0] ?? null); if (!i) return unk(msg('any of an unknown sequence')); let u = false; for (const x of i) { const t = truthy(x); if (t) return true; if (t === null) u = true; } return u ? unk(msg('any of unknown values')) : false; });
  def('all', (a) => { const i = seq(a[0] ?? null); if (!i) return unk(msg('all of an unknown sequence')); let u = false; for (const x of i) { const t = truthy(x); if (t === false) return false; if (t === null) u = true; } return u ? unk(msg('all of unknown values')) : true; });
  def('map', (a) => {
    const lists = a.slice(1).map(seq);
    if (!a[0] || !lists.length || lists.some((l) => l === null)) return unk(msg('map over an unknown sequence'));
    const n = Math.min(...lists.map((l) => l!.length));
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(interp.callValue(a[0], lists.map((l) => l![i]), new Map(), 0));
    return { t: 'list', items: out };
  });
  def('filter', (a) => {
    const i = seq(a[1] ?? null);
    if (!i) return unk(msg('filter over an unknown sequence'));
    const out: Value[] = [];
    for (const x of i) { const t = truthy(a[0] === null ? x : interp.callValue(a[0], [x], new Map(), 0)); if (t === null) return unk(msg('filter with an undecidable test')); if (t) out.push(x); }
    return { t: 'list', items: out };
  });
  def('isinstance', (a) => unkBool(isInstance(interp, a[0] ?? null, a[1] ?? null)));
  def('issubclass', () => unk(msg('issubclass is not evaluated')));
  def('callable', (a) => unkBool(interp.isCallable(a[0] ?? null)));
  def('getattr', (a, _kw, line) => {
    if (typeof a[1] !== 'string') return unk(msg('getattr with an unknown name'));
    const v = interp.getAttr(a[0] ?? null, a[1], line);
    return isUnk(v) && a.length > 2 ? a[2] : v;
  });
  def('hasattr', (a, _kw, line) => {
    const obj = a[0] ?? null, name = a[1];
    if (typeof name !== 'string') return unk(msg('hasattr with an unknown name'));
    // Which attributes a library's object has (nn.LayerNorm has no class attribute `bias`; a layer built here
    // has attributes Layer Lens does not model) is not known: neither True nor False.
    if (isObj(obj) && (obj.t === 'ext' || obj.t === 'layer')) {
      const v = interp.getAttr(obj, name, line);
      return isUnk(v) || (isObj(v) && v.t === 'ext') ? unkBool(unk(msg('whether `{0}` has `{1}`', show(obj), name), `hasattr(…, '${name}')`)) : true;
    }
    return !isUnk(interp.getAttr(obj, name, line));
  });
  def('setattr', (a) => {
    if (typeof a[1] === 'string') interp.setAttr(a[0] ?? null, a[1], a[2] ?? null);
    else if (isObj(a[0] ?? null) && ((a[0] as { t: string }).t === 'instance' || (a[0] as { t: string }).t === 'layer') && isObj(a[2] ?? null) && (a[2] as { t: string }).t !== 'float') {
      // A name that is not known: a module learns of it through its own __setattr__ (what it registers is
      // then unknown, never dropped).
      const set = interp.getAttr(a[0]!, '__setattr__', 0);
      if (isObj(set) && (set.t === 'builtin' || set.t === 'bound')) interp.callValue(set, [a[1] ?? null, a[2] ?? null], new Map(), 0);
    }
    return null;
  });
  def('super', () => interp.currentSuper());
  def('print', () => null);
  // An iterator is a list of what is left: next() takes its first item (`it = iter(self.blocks)`, then
  // `next(it)(x)` block after block); a next() under an undecidable condition leaves what is left unknown.
  def('iter', (a) => {
    const i = seq(a[0] ?? null);
    return i ? { t: 'list', items: [...i] } : unk(msg('next of an unknown iterator'));
  });
  def('next', (a) => {
    const it = a[0] ?? null;
    if (isObj(it) && it.t === 'list') {
      if (it.tainted) return unk(it.tainted);
      const first = it.items.length ? it.items[0] : a.length > 1 ? a[1] : unk(msg('next of an unknown iterator'));
      if (isObj(first) && isUnk(first) && first.spread) return unk(msg('next of an unknown iterator'));
      if (interp.uncertain.length) it.tainted = msg('set under the undecidable condition {0}', interp.uncertain[interp.uncertain.length - 1]);
      else it.items.shift();
      return first;
    }
    const i = seq(it);
    return i && i.length ? i[0] : unk(msg('next of an unknown iterator'));
  });
  def('type', (a) => {
    const v = a[0];
    if (isObj(v) && v.t === 'instance') return v.cls;
    // A framework layer's class, as the code names it (`type(m) is nn.ReLU`).
    if (isObj(v) && v.t === 'layer') return { t: 'ext', path: v.framework === 'pytorch' ? `torch.nn.${v.type}` : `keras.layers.${v.type}` };
    if (isObj(v) && v.t === 'partial') return { t: 'ext', path: 'functools.partial' };
    // A library class (nn.BatchNorm2d): its type is type; a class of the file is a class too.
    if ((isObj(v) && v.t === 'ext' && /^[A-Z]/.test(v.path.slice(v.path.lastIndexOf('.') + 1))) || (isObj(v) && v.t === 'class')) return { t: 'ext', path: 'builtins.type' };
    return unk(msg('type of a value'));
  });
  def('id', () => unk(msg('an object id')));
  def('hash', () => unk(msg('a hash')));
  def('open', () => unk(msg('file I/O is not evaluated')));
  def('input', () => unk(msg('user input is not evaluated')));
  def('vars', () => unk(msg('vars() is not evaluated')));
  def('globals', () => unk(msg('globals() is not evaluated')));
  def('locals', () => unk(msg('locals() is not evaluated')));
  def('object', () => unk(msg('an object')));
  m.set('NotImplemented', unk('NotImplemented'));
  for (const e of ['Exception', 'ValueError', 'TypeError', 'NotImplementedError', 'RuntimeError', 'KeyError', 'IndexError', 'AssertionError', 'AttributeError']) {
    def(e, () => unk(msg('an exception')));
  }
  return m;
}

/**
 * round(x, d) as Python does it: on the exact binary value of x (2.675 is a little below 2.675, so 2.67), with
 * exact halves going to the even digit (round(0.125, 2) is 0.12).
 */
function roundDigits(x: number, d: number): number {
  if (!Number.isInteger(d) || !Number.isFinite(x)) return x;
  if (d < 0) { const f = 10 ** -d; const q = x / f; const r = Math.round(q); return (Math.abs(q % 1) === 0.5 ? 2 * Math.round(q / 2) : r) * f; }
  if (d > 20 || Math.abs(x) >= 1e21) return x;
  // toFixed rounds the exact binary value (half away from zero); only an exact tie, a digit 5 and nothing after
  // it in the exact decimal expansion, goes to the even digit instead.
  const exact = x.toFixed(100);
  const cut = exact.indexOf('.') + 1 + d;
  if (exact[cut] === '5' && /^0*$/.test(exact.slice(cut + 1))) {
    const down = exact.slice(0, cut);
    const last = down.replace(/\.$/, '').slice(-1);
    return Number((Number(down) + (Number(last) % 2 === 0 ? 0 : Math.sign(x) * 10 ** -d)).toFixed(d));
  }
  return Number(x.toFixed(d));
}

/** isinstance against Python's own types. */
const PRIMITIVES: Record<string, (x: Value) => boolean> = {
  int: (x) => typeof x === 'number' || typeof x === 'boolean', float: (x) => isObj(x) && x.t === 'float',
  str: (x) => typeof x === 'string', bool: (x) => typeof x === 'boolean', list: (x) => isObj(x) && x.t === 'list',
  tuple: (x) => isObj(x) && x.t === 'tuple', dict: (x) => isObj(x) && x.t === 'dict',
};

/**
 * The abstract classes of collections.abc / typing / numbers (timm's `isinstance(x, collections.abc.Iterable)`
 * in to_2tuple) for the values whose type is known: which of them each type is a virtual subclass of.
 */
const ABSTRACT: Record<string, string[]> = {
  int: ['Hashable', 'Number', 'Complex', 'Real', 'Rational', 'Integral'],
  float: ['Hashable', 'Number', 'Complex', 'Real'],
  str: ['Hashable', 'Iterable', 'Container', 'Sized', 'Collection', 'Sequence', 'Reversible'],
  tuple: ['Hashable', 'Iterable', 'Container', 'Sized', 'Collection', 'Sequence', 'Reversible'],
  list: ['Iterable', 'Container', 'Sized', 'Collection', 'Sequence', 'Reversible', 'MutableSequence'],
  range: ['Hashable', 'Iterable', 'Container', 'Sized', 'Collection', 'Sequence', 'Reversible'],
  dict: ['Iterable', 'Container', 'Sized', 'Collection', 'Mapping', 'MutableMapping', 'Reversible'],
  set: ['Iterable', 'Container', 'Sized', 'Collection', 'Set', 'MutableSet'],
  None: ['Hashable'],
};
const ABSTRACT_NAMES = new Set(Object.values(ABSTRACT).flat().concat(['Callable', 'Iterator', 'Generator', 'AbstractSet', 'MutableSet']));

function abstractInstance(path: string, v: Value): boolean | null {
  const m = /^(collections\.abc|typing|numbers)\.(\w+)$/.exec(path);
  if (!m || !ABSTRACT_NAMES.has(m[2])) return null;
  const name = m[2] === 'AbstractSet' ? 'Set' : m[2];
  const type = v === null ? 'None' : typeof v === 'boolean' || typeof v === 'number' ? 'int' : typeof v === 'string' ? 'str'
    : isObj(v) && ['float', 'tuple', 'list', 'range', 'dict', 'set'].includes(v.t) ? v.t : null;
  if (type === null) return null;
  return ABSTRACT[type].includes(name);
}

function isInstance(interp: Interp, v: Value, cls: Value): Value {
  if (isObj(cls) && cls.t === 'tuple') {
    let u = false;
    for (const c of cls.items) { const r = isInstance(interp, v, c); if (r === true) return true; if (typeof r !== 'boolean') u = true; }
    return u ? unk(msg('isinstance cannot be decided')) : false;
  }
  const extPath = isObj(cls) && cls.t === 'ext' ? cls.path : null;
  const abstract = extPath ? abstractInstance(extPath, v) : null;
  if (abstract !== null) return abstract;
  if (extPath === 'functools.partial' && isObj(v)) return v.t === 'partial' ? true : v.t === 'unknown' ? unk(msg('isinstance of an unknown value')) : false;
  // A traced tensor is a torch.Tensor; Python's own values (numbers, strings, containers) are no torch class.
  if (isObj(v) && v.t === 'tensor' && (extPath === 'torch.Tensor' || extPath === 'torch.tensor')) return true;
  if (extPath?.startsWith('torch.') && (!isObj(v) || ['list', 'tuple', 'dict', 'set', 'float', 'range', 'func', 'class'].includes(v.t))) return false;
  if (isUnk(v) || isObj(v) && v.t === 'tensor') return unk(msg('isinstance of an unknown value'));
  const name = isObj(cls) && cls.t === 'ext' ? cls.path.slice(cls.path.lastIndexOf('.') + 1) : isObj(cls) && cls.t === 'builtin' ? cls.name : null;
  if (isObj(cls) && cls.t === 'builtin' && Object.prototype.hasOwnProperty.call(PRIMITIVES, cls.name)) return PRIMITIVES[cls.name](v);
  if (isObj(cls) && cls.t === 'class') {
    if (isObj(v) && v.t === 'instance') return interp.mro(v.cls).includes(cls);
    return false;
  }
  if (name && isObj(v) && v.t === 'layer') return layerIsInstance(v.type, v.framework, name);
  if (name && isObj(v) && v.t === 'instance') {
    const clsPath = isObj(cls) && cls.t === 'ext' ? cls.path : null;
    const exts = interp.externalBases(v.cls);
    if (exts.some((p) => p === clsPath || p.endsWith('.' + name))) return true;
    // The instance's library bases are all torch.nn classes: their hierarchy is known.
    const torchNn = (p: string) => p.startsWith('torch.nn.');
    if (clsPath && exts.length && exts.every(torchNn)) {
      if (torchNn(clsPath)) return name === 'Module' ? true : name.startsWith('_') ? unk(msg('isinstance against `{0}` cannot be decided', name)) : false;
      if (!clsPath.startsWith('torch')) return false;
    }
    return unk(msg('isinstance against `{0}` cannot be decided', name));
  }
  if (isObj(cls) && cls.t === 'builtin' && cls.name === 'isinstance') return false;
  return unk(msg('isinstance cannot be decided'));
}

/** Standard-library functions that shape models; undefined for paths it does not know. */
export function callStdlib(interp: Interp, path: string, args: Value[], kw: Map<string, Value>): Value | undefined {
  const n = ints(args);
  switch (path) {
    case 'math.ceil': return n ? Math.ceil(n[0]) : unk(msg('ceil of an unknown'));
    case 'math.floor': return n ? Math.floor(n[0]) : unk(msg('floor of an unknown'));
    case 'math.sqrt': return n ? float(Math.sqrt(n[0])) : unk(msg('sqrt of an unknown'));
    case 'math.log': return n ? float(n.length > 1 ? Math.log(n[0]) / Math.log(n[1]) : Math.log(n[0])) : unk(msg('log of an unknown'));
    case 'math.log2': return n ? float(Math.log2(n[0])) : unk(msg('log2 of an unknown'));
    case 'math.prod': {
      const items = interp.iterate(args[0] ?? null);
      const p = items ? ints(items) : null;
      return p ? p.reduce((x, y) => x * y, 1) : unk(msg('prod of an unknown sequence'));
    }
    case 'numpy.prod': case 'numpy.product': case 'numpy.multiply.reduce': {
      const items = interp.iterate(args[0] ?? null);
      const p = items ? ints(items) : null;
      return p ? p.reduce((x, y) => x * y, 1) : unk(msg('prod of an unknown sequence'));
    }
    case 'numpy.sum': {
      const items = interp.iterate(args[0] ?? null);
      const p = items ? ints(items) : null;
      return p ? p.reduce((x, y) => x + y, 0) : unk(msg('sum of an unknown sequence'));
    }
    case 'numpy.ceil': return n ? float(Math.ceil(n[0])) : unk(msg('ceil of an unknown'));
    case 'numpy.floor': return n ? float(Math.floor(n[0])) : unk(msg('floor of an unknown'));
    case 'numpy.sqrt': return n ? float(Math.sqrt(n[0])) : unk(msg('sqrt of an unknown'));
    case 'numpy.log2': return n ? float(Math.log2(n[0])) : unk(msg('log2 of an unknown'));
    case 'math.gcd': return n ? gcd(n[0], n[1]) : unk(msg('gcd of unknowns'));
    case 'math.isclose': return unk(msg('isclose is not evaluated'));
    case 'math.pi': return float(Math.PI);
    case 'dataclasses.field': {
      const init = kw.get('init');
      const spec: PyBuiltin['field'] = { init: init === undefined ? true : truthy(init) !== false };
      if (kw.has('default')) spec.default = kw.get('default')!;
      if (kw.has('default_factory')) spec.factory = kw.get('default_factory')!;
      return { t: 'builtin', name: 'field', call: () => unk(msg('a dataclass field called')), field: spec };
    }
    case 'functools.partial': {
      if (!args.length) return unk(msg('partial of nothing'));
      return { t: 'partial', fn: args[0], args: args.slice(1), kw: new Map(kw) };
    }
    case 'functools.reduce': {
      const items = interp.iterate(args[1] ?? null);
      if (!items || !args[0]) return unk(msg('reduce over an unknown sequence'));
      let acc: Value = args.length > 2 ? args[2] : items[0];
      for (const x of args.length > 2 ? items : items.slice(1)) acc = interp.callValue(args[0], [acc, x], new Map(), 0);
      return acc;
    }
    case 'collections.OrderedDict': case 'typing.OrderedDict': {
      const d = interp.lookup('dict', interp.globals);
      return d ? interp.callValue(d, args, kw, 0) : undefined;
    }
    case 'copy.deepcopy': return deepCopy(interp, args[0] ?? null);
    case 'copy.copy': return shallowCopy(interp, args[0] ?? null);
    case 'dataclasses.replace': return interp.replaceFields(args[0] ?? null, kw, 0);
    case 'typing.cast': return args[1] ?? null;
  }
  return callIterFn(interp, path, args, kw);
}

/**
 * Python's ordering of two values (negative, 0, positive), or null when Python could not compare them or they
 * are not known: numbers by value, strings by code point, tuples and lists item by item.
 */
export function pyOrder(a: Value, b: Value, depth = 0): number | null {
  const x = num(a), y = num(b);
  const isNum = (v: Value) => typeof v === 'number' || typeof v === 'boolean' || (isObj(v) && v.t === 'float');
  if (isNum(a) && isNum(b) && x !== null && y !== null) return x - y;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (depth < 20 && isObj(a) && isObj(b) && ((a.t === 'tuple' && b.t === 'tuple') || (a.t === 'list' && b.t === 'list'))) {
    for (let k = 0; k < Math.min(a.items.length, b.items.length); k++) {
      const c = pyOrder(a.items[k], b.items[k], depth + 1);
      if (c !== 0) return c;
    }
    return a.items.length - b.items.length;
  }
  return null;
}

function gcd(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : gcd(b, a % b);
}

/** torch.nn classes that subclass another concrete one (the rest derive only from Module and private bases). */
const TORCH_SUBCLASS: Record<string, string> = {
  UpsamplingNearest2d: 'Upsample', UpsamplingBilinear2d: 'Upsample', ZeroPad1d: 'ConstantPad1d', ZeroPad2d: 'ConstantPad2d',
  ZeroPad3d: 'ConstantPad3d', NonDynamicallyQuantizableLinear: 'Linear', Softmax2d: 'Module',
};

function layerIsInstance(type: string, framework: string, name: string): Value {
  if (type === name) return true;
  if (framework !== 'pytorch') return unk(msg('isinstance of a layer against another class'));
  if (name === 'Module') return true;
  if (type === `Lazy${name}` || TORCH_SUBCLASS[type] === name) return true;
  // A private base (_ConvNd, _BatchNorm …) may be a base of it: not decided.
  if (name.startsWith('_') || !/^[A-Z]/.test(name)) return unk(msg('isinstance against `{0}` cannot be decided', name));
  return false;
}
