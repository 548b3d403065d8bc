// Expressions of the static JS/TS evaluator. TypeScript-only syntax (`as`, `satisfies`, `!`, type arguments) is
// read through; whatever cannot be known becomes an Unknown with a reason.
import type { SyntaxNode } from '@lezer/common';
import { type Interp, JsThrow } from './interp';
import { kids, numberValue, stringValue, unescape } from './syntax';
import { requireModule } from './modules';
import { type Value, type Scope, type JsObject, unk, isUnk, isObj, truthy, arr, obj, isArray, isPlainObject, strictEq } from './values';
import { msg } from '../core/l10n';

export function evalExpr(it: Interp, node: SyntaxNode, scope: Scope): Value {
  it.tick();
  if (it.nesting > 300) return unk(msg('an expression nested too deeply to follow'));
  it.nesting++;
  try {
    return evalNode(it, node, scope);
  } finally {
    it.nesting--;
  }
}

function evalNode(it: Interp, node: SyntaxNode, scope: Scope): Value {
  switch (node.name) {
    case 'Number': return exact(numberValue(it.src(node)));
    case 'String': return stringValue(it.src(node));
    case 'BooleanLiteral': return it.src(node) === 'true';
    case 'null': return null;
    case 'TemplateString': return template(it, node, scope);
    case 'VariableName': {
      const name = it.src(node);
      if (name === 'undefined') return undefined;
      if (name === 'NaN') return NaN;
      if (name === 'Infinity') return Infinity;
      return it.lookup(name, scope);
    }
    case 'this': return it.lookup('this', scope);
    case 'super': return it.lookup('super', scope);
    case 'ParenthesizedExpression': { const inner = kids(node)[1]; return inner ? it.eval(inner, scope) : undefined; }
    case 'SequenceExpression': { let v: Value; for (const k of kids(node)) if (k.name !== ',') v = it.eval(k, scope); return v; }
    case 'AwaitExpression': { const e = kids(node)[1]; return e ? it.eval(e, scope) : undefined; }
    case 'YieldExpression': return yieldValue(it, node, scope);
    case 'ArrayExpression': return arrayLiteral(it, node, scope);
    case 'ObjectExpression': return objectLiteral(it, node, scope);
    case 'ArrowFunction': return it.makeFunction(node, scope, 'arrow function', it.lookup('this', scope));
    case 'FunctionExpression': {
      const n = node.getChild('VariableDefinition');
      return it.makeFunction(node, scope, n ? it.src(n) : 'function');
    }
    case 'ClassExpression': return it.makeClass(node, scope);
    case 'MemberExpression': return member(it, node, scope).value;
    case 'CallExpression': return call(it, node, scope);
    case 'NewExpression': return construct(it, node, scope);
    case 'PrefixCast': { const e = node.lastChild; return e && e.name !== '>' ? it.eval(e, scope) : undefined; }
    case 'InstantiationExpression': { const e = node.firstChild; return e ? it.eval(e, scope) : undefined; }
    case 'UnaryExpression': return unary(it, node, scope);
    case 'PostfixExpression': return postfix(it, node, scope);
    case 'BinaryExpression': return binary(it, node, scope);
    case 'ConditionalExpression': {
      const [c, , a, , b] = kids(node);
      const t = truthy(it.eval(c, scope));
      if (t === true) return it.eval(a, scope);
      if (t === false) return it.eval(b, scope);
      const x = it.eval(a, scope), y = it.eval(b, scope);
      return x === y ? x : unk(msg('`{0}` cannot be decided', it.src(c).slice(0, 60)), it.src(node).slice(0, 80));
    }
    case 'AssignmentExpression': return assign(it, node, scope);
    case 'RegExp': return unk(msg('a regular expression'));
    case 'DynamicImport': {
      const spec = node.getChild('String');
      return spec ? requireModule(it, stringValue(it.src(spec)), true) : unk(msg('import() of an unknown module'));
    }
  }
  return unk(msg('`{0}` is not evaluated', it.src(node).slice(0, 40)));
}

/** `yield x` / `yield* xs` in the generator being run: records what it yields; the value sent back is not known. */
function yieldValue(it: Interp, node: SyntaxNode, scope: Scope): Value {
  const ks = kids(node);
  const delegate = ks[1]?.name === 'Star';
  const operand = ks.find((k, i) => i > 0 && k.name !== 'Star');
  const v = operand ? it.eval(operand, scope) : undefined;
  const gen = it.generators[it.generators.length - 1];
  if (!gen) return unk(msg('`yield` outside a generator'));
  if (it.uncertain.length > gen.uncertainAt) gen.reason ??= msg('a generator yields under the undecidable condition {0}', it.uncertain[it.uncertain.length - 1]);
  if (delegate) {
    const items = it.iterate(v);
    if (items) gen.items.push(...items);
    else gen.reason ??= msg('a generator yields from an unknown sequence');
  } else gen.items.push(v);
  return unk(msg('the value sent back to a generator'));
}

function template(it: Interp, node: SyntaxNode, scope: Scope): Value {
  let out = '';
  let pos = node.from + 1;
  let unknownPart: string | null = null;
  for (const k of kids(node)) {
    out += unescape(it.text.slice(pos, k.from));
    pos = k.to;
    if (k.name === 'Interpolation') {
      const e = kids(k).find((x) => x.name !== 'InterpolationStart' && x.name !== 'InterpolationEnd');
      const v = e ? it.eval(e, scope) : undefined;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) out += String(v);
      else unknownPart ??= e ? it.src(e) : '?';
    } else out += it.text.slice(k.from, k.to).startsWith('\\') ? unescape(it.src(k)) : it.src(k);
  }
  out += unescape(it.text.slice(pos, Math.max(pos, node.to - 1)));
  return unknownPart === null ? out : unk(msg('the template string depends on `{0}`', unknownPart), it.src(node).slice(0, 80));
}

function arrayLiteral(it: Interp, node: SyntaxNode, scope: Scope): Value {
  const items: Value[] = [];
  const ks = kids(node);
  for (let i = 1; i < ks.length - 1; i++) {
    const k = ks[i];
    if (k.name === ',') { if (ks[i - 1].name === ',' || ks[i - 1].name === '[') items.push(undefined); continue; }
    if (k.name === 'Spread') {
      const v = ks[i + 1] ? it.eval(ks[i + 1], scope) : undefined;
      const xs = it.iterate(v);
      if (xs && items.length + xs.length <= 100_000) items.push(...xs);
      else items.push({ ...unk(msg('spread: {0}', isUnk(v) ? v.reason : xs ? msg('a very long array') : msg('an unknown sequence'))), spread: true });
      it.tick(xs ? xs.length >> 6 : 0);
      i++;
      continue;
    }
    items.push(it.eval(k, scope));
  }
  return arr(items);
}

function objectLiteral(it: Interp, node: SyntaxNode, scope: Scope): Value {
  const o: JsObject = obj();
  for (const p of node.getChildren('Property')) {
    const ps = kids(p);
    if (ps[0]?.name === 'Spread') {
      const v = ps[1] ? it.eval(ps[1], scope) : undefined;
      if (isPlainObject(v)) for (const [k, x] of v.props) o.props.set(k, x);
      else if (isArray(v)) v.items.forEach((x, i) => o.props.set(String(i), x));
      else if (isUnk(v)) {
        // Unknown keys may override anything before; later keys stay known.
        for (const k of o.props.keys()) o.props.set(k, unk(msg('may be overridden by the spread of `{0}`', it.src(ps[1]!))));
        o.props.set('…', unk(v.reason, v.expr));
      }
      continue;
    }
    let i = 0;
    if (ps[0]?.name === 'get' || ps[0]?.name === 'set' || ps[0]?.name === 'async') i++;
    const keyNode = ps[i];
    if (!keyNode) continue;
    let key: Value;
    if (keyNode.name === '[') { key = ps[i + 1] ? it.eval(ps[i + 1], scope) : undefined; i += 2; }
    else if (keyNode.name === 'String') key = stringValue(it.src(keyNode));
    else if (keyNode.name === 'Number') key = String(numberValue(it.src(keyNode)));
    else key = it.src(keyNode);
    const rest = ps.slice(i + 1);
    let value: Value;
    if (rest[0]?.name === ':' && rest[1]) value = it.eval(rest[1], scope);
    else if (rest.some((r) => r.name === 'ParamList')) {
      const f = it.makeFunction(p, scope, String(key));
      value = ps[0]?.name === 'get' ? it.callFunction(f, [], o, it.line(p)) : f;
    } else value = it.lookup(String(key), scope);
    if (typeof key === 'string' || typeof key === 'number') o.props.set(String(key), value);
    else o.props.set('…', unk(msg('a computed key that is not known')));
  }
  return o;
}

/** The object and value of a member expression (`a.b`, `a?.b`, `a[k]`). */
function member(it: Interp, node: SyntaxNode, scope: Scope): { self: Value; value: Value } {
  const ks = kids(node);
  const self = it.eval(ks[0], scope);
  const optional = ks[1]?.name === '?.';
  if (self === null || self === undefined) {
    if (optional) return { self, value: undefined };
    // As in JS: reading a property of undefined/null throws (and unwinds to a try or the model being built).
    throw new JsThrow(msg('`{0}` is {1} at line {2}', it.src(ks[0]).slice(0, 40), String(self), it.line(node)));
  }
  let key: Value;
  if (ks.some((k) => k.name === '[')) {
    const idx = ks.findIndex((k) => k.name === '[');
    key = ks[idx + 1] ? it.eval(ks[idx + 1], scope) : undefined;
  } else key = ks[2] ? it.src(ks[2]) : undefined;
  if (typeof key === 'number') key = String(key);
  if (typeof key !== 'string') {
    if (isArray(self) || isPlainObject(self)) return { self, value: unk(msg('an element at the unknown key `{0}`', it.src(node).slice(0, 60))) };
    return { self, value: unk(msg('`{0}` is not known', it.src(node).slice(0, 60))) };
  }
  return { self, value: it.getProp(self, key) };
}

function args(it: Interp, list: SyntaxNode | null, scope: Scope): Value[] {
  if (!list) return [];
  const out: Value[] = [];
  const ks = kids(list).filter((k) => k.name !== '(' && k.name !== ')' && k.name !== ',');
  for (let i = 0; i < ks.length; i++) {
    if (ks[i].name === 'Spread') {
      const v = ks[i + 1] ? it.eval(ks[i + 1], scope) : undefined;
      const xs = it.iterate(v);
      if (xs) out.push(...xs); else out.push(unk(msg('arguments from an unknown spread')));
      i++;
    } else out.push(it.eval(ks[i], scope));
  }
  return out;
}

function call(it: Interp, node: SyntaxNode, scope: Scope): Value {
  let callee = node.firstChild!;
  while (callee.name === 'InstantiationExpression' && callee.firstChild) callee = callee.firstChild;
  const list = node.getChild('ArgList');
  const line = it.line(node);
  if (callee.name === 'VariableName' && it.src(callee) === 'require') {
    const a = args(it, list, scope);
    return typeof a[0] === 'string' ? requireModule(it, a[0]) : unk(msg('require of an unknown module'));
  }
  let fn: Value, self: Value;
  if (callee.name === 'MemberExpression') ({ self, value: fn } = member(it, callee, scope));
  else { fn = it.eval(callee, scope); self = undefined; }
  if (fn === undefined || fn === null) {
    if (kids(node).some((k) => k.name === '?.')) return undefined;
    throw new JsThrow(msg('`{0}` is not a function (line {1})', it.src(callee).slice(0, 40), line));
  }
  const a = args(it, list, scope);
  const r = it.callValue(fn, a, line, self);
  if (!(isObj(fn) && fn.t === 'func') && callee.name === 'MemberExpression' && /^(then|catch|finally)$/.test(it.src(callee.lastChild ?? callee))) {
    // A continuation of a promise Layer Lens does not follow (`tf.loadLayersModel(url).then(base => …)`) runs at some
    // later time: what it does (creating layers, adding them to a model) is uncertain, never simply left out.
    for (const f of a) {
      if (isObj(f) && f.t === 'func') it.uncertainly(msg('`{0}` runs at a time that is not known', it.src(callee).slice(0, 60)), () => { it.callFunction(f, f.node.getChild('ParamList') ? [unk(msg('the value a promise resolves to'))] : [], f.arrow ? f.self : undefined, line); });
    }
  }
  if (isUnk(r) && r.expr === undefined) return unk(r.reason, it.src(node).slice(0, 80));
  return r;
}

function construct(it: Interp, node: SyntaxNode, scope: Scope): Value {
  const calleeNode = kids(node)[1];
  const cls = calleeNode ? it.eval(calleeNode, scope) : undefined;
  const a = args(it, node.getChild('ArgList'), scope);
  const line = it.line(node);
  if (isObj(cls) && cls.t === 'class') return it.instantiate(cls, a, line);
  if (isObj(cls) && cls.t === 'builtin') return cls.call(a, line);
  if (isObj(cls) && cls.t === 'ext') return it.callValue(cls, a, line);
  return unk(msg('`new {0}` is not followed', calleeNode ? it.src(calleeNode).slice(0, 40) : '?'));
}

function unary(it: Interp, node: SyntaxNode, scope: Scope): Value {
  const [op, e] = kids(node);
  if (!op || !e) return unk(msg('an incomplete expression'));
  const o = it.src(op);
  if (o === 'delete') {
    if (e.name === 'MemberExpression') {
      const ks = kids(e);
      const target = it.eval(ks[0], scope);
      if (isPlainObject(target) && ks[2]) target.props.delete(it.src(ks[2]));
    }
    return true;
  }
  const v = it.eval(e, scope);
  if (o === 'typeof') return isUnk(v) ? unk(msg('the type of an unknown value')) : typeOf(v);
  if (o === 'void') return undefined;
  if (o === '!') { const t = truthy(v); return t === null ? unk(msg('`{0}` cannot be decided', it.src(e).slice(0, 40))) : !t; }
  if (o === '++' || o === '--') { const n = arith(o === '++' ? '+' : '-', v, 1); it.bind(e, n, scope, 'assign'); return n; }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || v === null) {
    if (o === '-') return -Number(v);
    if (o === '+') return Number(v);
    if (o === '~') return ~Number(v);
  }
  return unk(msg('`{0}` is not known', it.src(node).slice(0, 40)), it.src(node).slice(0, 40));
}

function typeOf(v: Value): string {
  if (v === null) return 'object';
  if (!isObj(v)) return typeof v;
  return v.t === 'func' || v.t === 'builtin' || v.t === 'class' ? 'function' : 'object';
}

function postfix(it: Interp, node: SyntaxNode, scope: Scope): Value {
  const [e, op] = kids(node);
  if (!e) return undefined;
  const o = op ? it.src(op) : '!';
  const v = it.eval(e, scope);
  if (o === '++' || o === '--') { it.bind(e, arith(o === '++' ? '+' : '-', v, 1), scope, 'assign'); return v; }
  return v; // non-null assertion
}

/** A number past 2^53 is not exact: unknown rather than wrong. */
export function exact(n: number): Value {
  return Math.abs(n) > Number.MAX_SAFE_INTEGER ? unk(msg('a number too large to be exact')) : n;
}

export function arith(op: string, a: Value, b: Value): Value {
  if (isUnk(a)) return a;
  if (isUnk(b)) return b;
  if (op === '+' && (typeof a === 'string' || typeof b === 'string')) {
    if (isObj(a) || isObj(b)) return unk(msg('a string built from an object'));
    const joined = String(a) + String(b);
    return joined.length > 1_000_000 ? unk(msg('a very long string')) : joined;
  }
  const prim = (v: Value) => v === undefined || v === null || typeof v !== 'object';
  if (!prim(a) || !prim(b)) return unk(msg('`{0}` on an object', op));
  const x = Number(a), y = Number(b);
  switch (op) {
    case '+': return exact(x + y);
    case '-': return exact(x - y);
    case '*': return exact(x * y);
    case '/': return exact(x / y);
    case '%': return x % y;
    case '**': return exact(x ** y);
    case '<<': return x << y;
    case '>>': return x >> y;
    case '>>>': return x >>> y;
    case '&': return x & y;
    case '|': return x | y;
    case '^': return x ^ y;
  }
  return unk(msg('the operator {0}', op));
}

function compare(op: string, a: Value, b: Value): Value {
  if (op === '===' || op === '!==' || op === '==' || op === '!=') {
    let eq: boolean | null;
    if (op.length === 2 && (a === null || a === undefined) && (b === null || b === undefined)) eq = true;
    else eq = strictEq(a, b);
    if (eq === null) return unk(msg('a comparison with an unknown value'));
    return op.startsWith('!') ? !eq : eq;
  }
  if (isUnk(a) || isUnk(b) || isObj(a) || isObj(b)) return unk(msg('a comparison with an unknown value'));
  const x = a as number, y = b as number;
  switch (op) {
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
  }
  return unk(msg('the operator {0}', op));
}

function binary(it: Interp, node: SyntaxNode, scope: Scope): Value {
  const [l, opNode, r] = kids(node);
  if (!l || !opNode) return unk(msg('an incomplete expression'));
  const op = it.src(opNode);
  if (op === 'as' || op === 'satisfies') return it.eval(l, scope);
  if (!r) return unk(msg('an incomplete expression'));
  const a = it.eval(l, scope);
  if (op === '&&' || op === '||' || op === '??') {
    const t = op === '??' ? (isUnk(a) ? null : a !== null && a !== undefined) : truthy(a);
    if (t === null) return unk(msg('`{0}` cannot be decided', it.src(l).slice(0, 40)), it.src(node).slice(0, 80));
    if (op === '&&') return t ? it.eval(r, scope) : a;
    return t ? a : it.eval(r, scope);
  }
  const b = it.eval(r, scope);
  if (opNode.name === 'CompareOp') return compare(op, a, b);
  if (op === 'instanceof') return unk(msg('instanceof is not evaluated'));
  if (op === 'in') return isPlainObject(b) && typeof a === 'string' ? b.props.has(a) : unk(msg('`in` on an unknown object'));
  return arith(op, a, b);
}

function assign(it: Interp, node: SyntaxNode, scope: Scope): Value {
  const [target, opNode, rhs] = kids(node);
  if (!target || !opNode || !rhs) return unk(msg('an incomplete assignment'));
  const op = it.src(opNode);
  let v: Value;
  if (op === '=') v = it.eval(rhs, scope);
  else {
    const cur = it.eval(target, scope);
    if (op === '&&=' || op === '||=' || op === '??=') {
      const t = op === '??=' ? (isUnk(cur) ? null : cur !== null && cur !== undefined) : truthy(cur);
      if (t === null) v = unk(msg('`{0}` cannot be decided', it.src(target)));
      else if ((op === '&&=') === t) v = it.eval(rhs, scope);
      else return cur;
    } else v = arith(op.slice(0, -1), cur, it.eval(rhs, scope));
  }
  it.bind(target, v, scope, 'assign');
  return v;
}
