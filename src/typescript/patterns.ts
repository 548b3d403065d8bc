// Binding values to targets (names, members, array and object patterns) and import declarations.
import type { SyntaxNode } from '@lezer/common';
import type { DeclKind, Interp } from './interp';
import { kids } from './syntax';
import { type Value, type Scope, unk, arr, obj, isArray, isPlainObject } from './values';
import { msg } from '../core/l10n';

export function bindTarget(it: Interp, target: SyntaxNode, value: Value, scope: Scope, kind: DeclKind, line = 0): void {
  switch (target.name) {
    case 'VariableDefinition': case 'VariableName': return it.declare(it.src(target), value, scope, kind, line);
    case 'ParenthesizedExpression': { const inner = kids(target)[1]; if (inner) bindTarget(it, inner, value, scope, kind, line); return; }
    case 'MemberExpression': {
      const ks = kids(target);
      const o = it.eval(ks[0], scope);
      const key = ks[1]?.name === '[' ? it.eval(ks[2], scope) : it.src(ks[2] ?? ks[ks.length - 1]);
      if (typeof key === 'string' || typeof key === 'number') it.setProp(o, String(key), value);
      else if (isArray(o) || isPlainObject(o)) it.spoil(o, msg('written at an unknown key'));
      return;
    }
    case 'ArrayPattern': {
      const items = it.iterate(value);
      let i = 0;
      const ks = kids(target).filter((k) => k.name !== '[' && k.name !== ']');
      for (let n = 0; n < ks.length; n++) {
        const k = ks[n];
        if (k.name === ',') { i++; continue; }
        if (k.name === 'Spread') { const t = ks[n + 1]; if (t) bindTarget(it, t, items ? arr(items.slice(i)) : unk(msg('the rest of an unknown sequence')), scope, kind, line); n++; continue; }
        if (k.name === 'Equals' || k.name === 'TypeAnnotation') continue;
        let v: Value = items ? items[i] : unk(msg('an element of an unknown sequence'), it.src(k));
        if (ks[n + 1]?.name === 'Equals' && ks[n + 2]) { if (v === undefined) v = it.eval(ks[n + 2], scope); n += 2; }
        bindTarget(it, k, v, scope, kind, line);
      }
      return;
    }
    case 'ObjectPattern': {
      const used: string[] = [];
      for (const p of target.getChildren('PatternProperty')) {
        const ps = kids(p);
        if (ps[0]?.name === 'Spread') {
          const rest = isPlainObject(value) ? obj([...value.props].filter(([k]) => !used.includes(k))) : unk(msg('the rest of an unknown object'));
          if (ps[1]) bindTarget(it, ps[1], rest, scope, kind, line);
          continue;
        }
        const keyNode = ps[0];
        if (!keyNode) continue;
        const key = keyNode.name === 'String' ? String(it.eval(keyNode, scope)) : it.src(keyNode);
        used.push(key);
        let v = it.getProp(value, key);
        const colon = ps.findIndex((k) => k.name === ':');
        const eq = ps.findIndex((k) => k.name === 'Equals');
        if (eq >= 0 && v === undefined && ps[eq + 1]) v = it.eval(ps[eq + 1], scope);
        const sub = colon >= 0 ? ps[colon + 1] : keyNode;
        if (sub) bindTarget(it, sub.name === 'PropertyName' ? keyNode : sub, v, scope, kind, line);
      }
      return;
    }
  }
}

export function execEnum(it: Interp, st: SyntaxNode, scope: Scope): void {
  const name = st.getChild('TypeDefinition');
  const e = obj();
  let n = 0;
  for (const p of st.getChild('EnumBody')?.getChildren('PropertyName') ?? []) {
    const eq = p.nextSibling?.name === 'Equals' ? p.nextSibling.nextSibling : null;
    const v = eq ? it.eval(eq, scope) : Number.isNaN(n) ? unk(msg('an enum member after a computed one')) : n;
    e.props.set(it.src(p), v);
    n = typeof v === 'number' ? v + 1 : NaN;
  }
  if (name) it.declare(it.src(name), e, scope, 'const', it.line(st));
}

