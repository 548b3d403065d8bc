// The parts of the JavaScript standard library model code leans on: Math, Array/Object helpers, array and string
// methods, and methods of user objects and classes. Anything else is an Unknown with a reason.
import type { Interp } from './interp';
import { type Value, type Builtin, type JsArray, unk, isUnk, isObj, truthy, arr, obj, isArray, isPlainObject, num } from './values';
import { msg } from '../core/l10n';

/** Arrays and strings the evaluator builds stay below this size. */
const MAX_ITEMS = 100_000;

const fn = (name: string, call: (args: Value[], line: number) => Value): Builtin => ({ t: 'builtin', name, call });

export function builtinGlobals(it: Interp): Map<string, Value> {
  const g = new Map<string, Value>();
  const math = obj();
  for (const k of ['floor', 'ceil', 'round', 'trunc', 'abs', 'sqrt', 'log', 'log2', 'log10', 'exp', 'sign', 'cbrt'] as const) {
    math.props.set(k, fn(`Math.${k}`, (a) => (typeof a[0] === 'number' ? Math[k](a[0]) : unk(msg('Math.{0} of an unknown value', k)))));
  }
  math.props.set('max', fn('Math.max', (a) => (a.every((x) => typeof x === 'number') ? Math.max(...(a as number[])) : unk(msg('Math.max of unknown values')))));
  math.props.set('min', fn('Math.min', (a) => (a.every((x) => typeof x === 'number') ? Math.min(...(a as number[])) : unk(msg('Math.min of unknown values')))));
  math.props.set('pow', fn('Math.pow', (a) => (typeof a[0] === 'number' && typeof a[1] === 'number' ? a[0] ** a[1] : unk(msg('Math.pow of unknown values')))));
  math.props.set('random', fn('Math.random', () => unk(msg('a random number'))));
  math.props.set('PI', Math.PI);
  math.props.set('E', Math.E);
  g.set('Math', math);
  const array = obj([
    ['from', fn('Array.from', (a, line) => arrayFrom(it, a, line))],
    ['isArray', fn('Array.isArray', (a) => (isUnk(a[0]) ? unk(msg('an unknown value')) : isArray(a[0])))],
    ['of', fn('Array.of', (a) => arr(a))],
  ]);
  const arrayCtor = fn('Array', (a) => {
    if (a.length !== 1) return arr(a);
    const n = a[0];
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_ITEMS ? arr(Array(n).fill(undefined)) : unk(msg('an array of an unknown or very large length'));
  });
  g.set('Array', arrayCtor);
  g.set('Array.statics', array);
  g.set('Object', obj([
    ['keys', fn('Object.keys', (a) => (isPlainObject(a[0]) ? arr([...a[0].props.keys()]) : unk(msg('the keys of an unknown object'))))],
    ['values', fn('Object.values', (a) => (isPlainObject(a[0]) ? arr([...a[0].props.values()]) : unk(msg('the values of an unknown object'))))],
    ['entries', fn('Object.entries', (a) => (isPlainObject(a[0]) ? arr([...a[0].props].map(([k, v]) => arr([k, v]))) : unk(msg('the entries of an unknown object'))))],
    ['assign', fn('Object.assign', (a) => {
      const target = a[0];
      if (!isPlainObject(target)) return unk(msg('Object.assign on an unknown object'));
      for (const s of a.slice(1)) if (isPlainObject(s)) for (const [k, v] of s.props) target.props.set(k, v); else if (s !== undefined && s !== null) it.spoil(target, msg('assigned from an unknown object'));
      return target;
    })],
    ['freeze', fn('Object.freeze', (a) => a[0])],
  ]));
  g.set('Number', fn('Number', (a) => (typeof a[0] === 'number' || typeof a[0] === 'string' || typeof a[0] === 'boolean' ? Number(a[0]) : unk(msg('Number of an unknown value')))));
  g.set('String', fn('String', (a) => (isObj(a[0]) ? unk(msg('String of an object')) : String(a[0]))));
  g.set('Boolean', fn('Boolean', (a) => truthy(a[0]) ?? unk(msg('Boolean of an unknown value'))));
  g.set('parseInt', fn('parseInt', (a) => (typeof a[0] === 'string' || typeof a[0] === 'number' ? parseInt(String(a[0]), num(a[1]) ?? 10) : unk(msg('parseInt of an unknown value')))));
  g.set('parseFloat', fn('parseFloat', (a) => (typeof a[0] === 'string' || typeof a[0] === 'number' ? parseFloat(String(a[0])) : unk(msg('parseFloat of an unknown value')))));
  g.set('console', obj(['log', 'warn', 'error', 'info', 'debug', 'table'].map((k) => [k, fn(`console.${k}`, () => undefined)])));
  g.set('JSON', obj([['stringify', fn('JSON.stringify', () => unk(msg('JSON text')))], ['parse', fn('JSON.parse', (a) => parseJson(a))]]));
  g.set('Error', fn('Error', () => unk(msg('an error'))));
  g.set('Promise', obj([['resolve', fn('Promise.resolve', (a) => a[0])], ['all', fn('Promise.all', (a) => a[0])]]));
  return g;
}

function arrayFrom(it: Interp, a: Value[], line: number): Value {
  const src = a[0];
  let items: Value[] | null = it.iterate(src);
  if (!items && isPlainObject(src)) {
    const n = src.props.get('length');
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_ITEMS) items = Array(n).fill(undefined);
  }
  if (!items) return unk(msg('Array.from of an unknown value'));
  const f = a[1];
  return arr(f === undefined ? [...items] : items.map((x, i) => it.callValue(f, [x, i], line)));
}

/** A property of a value that the host did not claim. */
export function memberOf(it: Interp, target: Value, name: string): Value {
  if (target === undefined || target === null) return unk(msg('`.{0}` of {1}', name, String(target)));
  if (typeof target === 'string') return stringMember(target, name);
  if (typeof target === 'number') {
    if (name === 'toFixed') return fn('toFixed', (a) => target.toFixed(num(a[0]) ?? 0));
    if (name === 'toString') return fn('toString', () => String(target));
    return unk(msg('`.{0}` of a number', name));
  }
  if (typeof target === 'boolean') return unk(msg('`.{0}` of a boolean', name));
  switch (target.t) {
    case 'unk': return unk(target.reason, target.expr ? `${target.expr}.${name}` : undefined);
    case 'array': return arrayMember(it, target, name);
    case 'object': {
      if (target.props.has(name)) return target.props.get(name);
      for (let c: Value = target.cls; isObj(c) && c.t === 'class'; c = c.base) {
        const m = c.methods.get(name);
        if (m && m.node.getChild('get')) return it.callFunction(m, [], target, m.line);
        if (m) return { t: 'builtin', name, call: (a, line) => it.callFunction(m, a, target, line) };
      }
      if (target.rest !== undefined) return it.getProp(target.rest, name);
      if (target.props.has('…')) return unk(msg('`.{0}` may come from an unknown spread', name));
      if (target.cls) return unk(msg('`.{0}` is not set on this {1}', name, target.cls.name));
      return undefined;
    }
    case 'class': {
      if (target.statics.has(name)) {
        const s = target.statics.get(name);
        return isObj(s) && s.t === 'func' ? { t: 'builtin', name, call: (a, line) => it.callFunction(s, a, target, line) } : s;
      }
      return name === 'name' ? target.name : unk(msg('`{0}.{1}` is not known', target.name, name));
    }
    case 'builtin':
      if (target.name === 'Array') return (it.lookup('Array.statics', it.globals) as { props: Map<string, Value> }).props.get(name) ?? unk(`Array.${name}`);
      return functionMember(it, target, name);
    case 'func': return functionMember(it, target, name);
  }
  return unk(msg('`.{0}` is not known here', name));
}

function functionMember(it: Interp, f: Value, name: string): Value {
  if (name === 'call') return fn('call', (a, line) => it.callValue(f, a.slice(1), line, a[0]));
  if (name === 'apply') return fn('apply', (a, line) => it.callValue(f, it.iterate(a[1]) ?? [], line, a[0]));
  if (name === 'bind') return fn('bind', (a) => fn('bound', (b, line) => it.callValue(f, [...a.slice(1), ...b], line, a[0])));
  return unk(msg('`.{0}` of a function', name));
}

function stringMember(s: string, name: string): Value {
  if (name === 'length') return s.length;
  const str = (f: (a: Value[]) => Value) => fn(name, f);
  switch (name) {
    case 'toUpperCase': return str(() => s.toUpperCase());
    case 'toLowerCase': return str(() => s.toLowerCase());
    case 'trim': return str(() => s.trim());
    case 'startsWith': return str((a) => (typeof a[0] === 'string' ? s.startsWith(a[0]) : unk(msg('startsWith of an unknown string'))));
    case 'endsWith': return str((a) => (typeof a[0] === 'string' ? s.endsWith(a[0]) : unk(msg('endsWith of an unknown string'))));
    case 'includes': return str((a) => (typeof a[0] === 'string' ? s.includes(a[0]) : unk(msg('includes of an unknown string'))));
    case 'split': return str((a) => (typeof a[0] === 'string' ? arr(s.split(a[0])) : unk(msg('split by an unknown separator'))));
    case 'concat': return str((a) => (a.every((x) => typeof x === 'string' || typeof x === 'number') ? s.concat(...a.map(String)) : unk(msg('concat of unknown strings'))));
    case 'padStart': case 'padEnd': return str((a) => (typeof a[0] === 'number' && a[0] <= MAX_ITEMS ? s[name](a[0], typeof a[1] === 'string' ? a[1] : ' ') : unk(msg('padding by an unknown length'))));
    case 'repeat': return str((a) => (typeof a[0] === 'number' && a[0] >= 0 && a[0] < 1e4 ? s.repeat(a[0]) : unk(msg('repeat by an unknown count'))));
  }
  return unk(msg('`.{0}` of a string', name));
}

function arrayMember(it: Interp, a: JsArray, name: string): Value {
  const known = () => !a.items.some((x) => isUnk(x) && x.spread === true);
  const m = (f: (args: Value[], line: number) => Value): Builtin => fn(name, (args, line) => (known() ? f(args, line) : unk(msg('`.{0}` of a partly unknown array', name))));
  const call = (f: Value, args: Value[], line: number) => it.callValue(f, args, line);
  if (/^\d+$/.test(name)) return a.items[Number(name)];
  switch (name) {
    case 'length': return known() ? a.items.length : unk(msg('the length of a partly unknown array'));
    case 'push': return fn(name, (args) => {
      a.items.push(...(it.uncertain.length ? args.map(() => unk(msg('pushed under the undecidable condition {0}', it.uncertain[it.uncertain.length - 1]))) : args));
      return a.items.length;
    });
    case 'pop': return fn(name, () => a.items.pop());
    case 'shift': return fn(name, () => a.items.shift());
    case 'unshift': return fn(name, (args) => { a.items.unshift(...args); return a.items.length; });
    case 'forEach': return m((args, line) => { a.items.forEach((x, i) => call(args[0], [x, i, a], line)); return undefined; });
    case 'map': return m((args, line) => arr(a.items.map((x, i) => call(args[0], [x, i, a], line))));
    case 'flatMap': return m((args, line) => arr(a.items.flatMap((x, i) => { const r = call(args[0], [x, i, a], line); return isArray(r) ? r.items : [r]; })));
    case 'filter': case 'find': case 'findIndex': case 'some': case 'every': return m((args, line) => {
      const tests = a.items.map((x, i) => truthy(call(args[0], [x, i, a], line)));
      if (tests.includes(null)) return unk(msg('`.{0}` with an undecidable test', name));
      if (name === 'filter') return arr(a.items.filter((_, i) => tests[i]));
      if (name === 'find') return a.items[tests.indexOf(true)];
      if (name === 'findIndex') return tests.indexOf(true);
      return name === 'some' ? tests.includes(true) : !tests.includes(false);
    });
    case 'reduce': return m((args, line) => {
      let i = 0;
      let acc = args.length > 1 ? args[1] : a.items[i++];
      for (; i < a.items.length; i++) acc = call(args[0], [acc, a.items[i], i, a], line);
      return acc;
    });
    case 'slice': return m((args) => arr(a.items.slice(num(args[0]) ?? 0, args[1] === undefined ? undefined : num(args[1]) ?? undefined)));
    case 'concat': return m((args) => {
      const items = a.items.concat(...args.map((x) => (isArray(x) ? x.items : [x])));
      it.tick(items.length >> 6);
      return items.length > MAX_ITEMS ? unk(msg('a very long array')) : arr(items);
    });
    case 'includes': return m((args) => a.items.includes(args[0]));
    case 'indexOf': return m((args) => a.items.indexOf(args[0]));
    case 'join': return m((args) => (a.items.every((x) => typeof x === 'string' || typeof x === 'number') ? a.items.join(typeof args[0] === 'string' ? args[0] : ',') : unk(msg('a join of unknown values'))));
    case 'fill': return fn(name, (args) => { a.items = a.items.map(() => args[0]); return a; });
    case 'keys': return m(() => arr(a.items.map((_, i) => i)));
    case 'entries': return m(() => arr(a.items.map((x, i) => arr([i, x]))));
    case 'reverse': return m(() => { a.items.reverse(); return a; });
    case 'at': return m((args) => (typeof args[0] === 'number' ? a.items.at(args[0]) : unk(msg('an element at an unknown index'))));
    case 'flat': return m(() => arr(a.items.flatMap((x) => (isArray(x) ? x.items : [x]))));
  }
  return unk(msg('`.{0}` of an array', name));
}

/** JSON.parse of a known string without a reviver: its value (a config written as JSON text); else unknown. */
function parseJson(a: Value[]): Value {
  if (typeof a[0] !== 'string' || (a[1] !== undefined && a[1] !== null)) return unk(msg('parsed JSON'));
  let v: unknown;
  try { v = JSON.parse(a[0]); } catch { return unk(msg('parsed JSON')); }
  return jsonValue(v, 0);
}

/** A parsed JSON value as an evaluator value (a .json module's exports, JSON.parse of a known string). */
export function jsonValue(v: unknown, depth: number): Value {
  if (depth > 50) return unk(msg('JSON nested too deeply'));
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return arr(v.map((x) => jsonValue(x, depth + 1)));
  return obj(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, jsonValue(x, depth + 1)]));
}
