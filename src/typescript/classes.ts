// Classes: declarations, construction (field initialisers, constructor chain, `super(…)`), `super.method(…)`.
import type { SyntaxNode } from '@lezer/common';
import type { Interp } from './interp';
import { kids } from './syntax';
import { type Value, type Scope, type JsClass, type JsObject, isObj, obj } from './values';

export function makeClass(it: Interp, node: SyntaxNode, scope: Scope): JsClass {
  const nameNode = node.getChild('VariableDefinition');
  const baseNode = kids(node).find((k, i, all) => all[i - 1]?.name === 'extends');
  const cls: JsClass = {
    t: 'class', name: nameNode ? it.src(nameNode) : 'anonymous', node, line: it.line(node), methods: new Map(), statics: new Map(),
    ctor: null, base: baseNode ? it.eval(baseNode, scope) : null, fields: [], closure: scope, ctx: it.context,
  };
  for (const m of node.getChild('ClassBody')?.getChildren('MethodDeclaration') ?? []) {
    // A private method (`#make()`) is named with its `#`, as `this.#make` reads it.
    const key = m.getChild('PropertyDefinition') ?? m.getChild('PrivatePropertyDefinition');
    if (!key) continue;
    const f = it.makeFunction(m, scope, it.src(key));
    f.home = cls;
    if (f.name === 'constructor') cls.ctor = f;
    else if (m.getChild('static')) cls.statics.set(f.name, f);
    else cls.methods.set(f.name, f);
  }
  // Static fields and static blocks run in source order when the class is defined, with `this` and the class's own
  // name bound to the class (`static { Holder.shared = tf.layers.dense(…) }`).
  const inner: Scope = { vars: new Map<string, Value>([['this', cls], ...(nameNode ? [[cls.name, cls] as [string, Value]] : [])]), parent: scope, fn: true };
  for (const p of kids(node.getChild('ClassBody') ?? node)) {
    if (p.name === 'StaticBlock') {
      const block = p.getChild('Block');
      if (block) it.exec(block, inner);
    } else if (p.name === 'PropertyDeclaration') {
      if (p.getChild('static')) {
        const key = p.getChild('PropertyDefinition') ?? p.getChild('PrivatePropertyDefinition');
        const eq = p.getChild('Equals');
        if (key) cls.statics.set(it.src(key), eq?.nextSibling ? it.eval(eq.nextSibling, inner) : undefined);
      } else cls.fields.push(p);
    }
  }
  return cls;
}

export function instantiate(it: Interp, cls: JsClass, args: Value[], line: number): Value {
  const self: JsObject = { t: 'object', props: new Map(), cls };
  construct(it, cls, self, args, line);
  return self;
}

/** Runs field initialisers and the constructor chain of `cls` on `self`. */
export function construct(it: Interp, cls: JsClass, self: JsObject, args: Value[], line: number): void {
  // Field initialisers are read in the class's own file (it may have been imported).
  const init = () => it.inCtx(cls.ctx, () => {
    const s: Scope = { vars: new Map([['this', self]]), parent: cls.closure, fn: true };
    for (const p of cls.fields) {
      const key = p.getChild('PropertyDefinition') ?? p.getChild('PrivatePropertyDefinition');
      const eq = p.getChild('Equals');
      if (key) self.props.set(it.src(key), eq?.nextSibling ? it.eval(eq.nextSibling, s) : undefined);
    }
  });
  const base = cls.base;
  if (!cls.ctor) {
    if (isObj(base) && base.t === 'class') construct(it, base, self, args, line);
    init();
    return;
  }
  const superCall = isObj(base) && base.t === 'class'
    ? { t: 'builtin' as const, name: 'super', call: (a: Value[]) => { construct(it, base, self, a, line); init(); return undefined; } }
    : { t: 'builtin' as const, name: 'super', call: () => { init(); return undefined; } };
  if (!base) init();
  it.callFunction(cls.ctor, args, self, line, superCall);
}

/** `super.method(…)` inside a class method. */
export function superProxy(it: Interp, base: JsClass, self: Value): Value {
  const o = obj();
  for (let c: Value = base; isObj(c) && c.t === 'class'; c = c.base) {
    for (const [k, f] of c.methods) if (!o.props.has(k)) o.props.set(k, { t: 'builtin', name: k, call: (a, line) => it.callFunction(f, a, self, line) });
  }
  return o;
}
