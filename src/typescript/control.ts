// Control flow: if, loops, switch, try and labels. A condition the evaluator cannot decide runs its branches uncertainly.
import type { SyntaxNode } from '@lezer/common';
import { type DeclKind, type Interp, BreakSignal, ContinueSignal, JsThrow } from './interp';
import { kids } from './syntax';
import { type Value, type Scope, unk, isUnk, truthy, isPlainObject, isArray } from './values';
import { msg } from '../core/l10n';

export function execIf(it: Interp, st: SyntaxNode, scope: Scope): void {
  const ks = kids(st);
  const cond = ks.find((k) => k.name === 'ParenthesizedExpression');
  const bodies = ks.filter((k) => k !== cond && k.name !== 'if' && k.name !== 'else');
  if (!cond) return;
  const t = truthy(it.eval(cond, scope));
  if (t === true) { if (bodies[0]) it.exec(bodies[0], scope); return; }
  if (t === false) { if (bodies[1]) it.exec(bodies[1], scope); return; }
  const reason = `\`${it.src(cond).slice(0, 60)}\``;
  for (const b of bodies) it.uncertainly(reason, () => it.exec(b, scope));
}

export function loopBody(it: Interp, body: SyntaxNode, scope: Scope): 'break' | 'next' {
  // The loop's own label: the LabeledStatement right around it.
  const label = body.parent?.parent?.name === 'LabeledStatement' ? it.src(body.parent.parent.getChild('Label') ?? body) : null;
  try {
    it.exec(body, scope);
  } catch (e) {
    if (e instanceof BreakSignal && (e.label === null || e.label === label)) return 'break';
    if (e instanceof ContinueSignal && (e.label === null || e.label === label)) return 'next';
    throw e;
  }
  return 'next';
}

export function execFor(it: Interp, st: SyntaxNode, scope: Scope): void {
  const spec = st.firstChild?.nextSibling;
  const body = spec?.nextSibling;
  if (!spec || !body) return;
  const loopScope: Scope = { vars: new Map(), parent: scope, fn: false };
  const sk = kids(spec).filter((k) => k.name !== '(' && k.name !== ')');
  if (spec.name === 'ForSpec') {
    // (init; cond; update): the init declaration carries its own `;`.
    const init = sk[0]?.name === 'VariableDeclaration' ? sk[0] : null;
    const rest = init ? [';', ...sk.slice(1)] : sk;
    const parts: (SyntaxNode | null)[] = [null, null, null];
    let slot = 0;
    for (const k of rest) if (typeof k === 'string' || k.name === ';') slot++; else if (slot < 3) parts[slot] = k;
    if (init) it.execDeclaration(init, loopScope);
    else if (parts[0]) it.eval(parts[0], loopScope);
    const cond = parts[1], update = parts[2];
    for (;;) {
      it.tick();
      const t = cond ? truthy(it.eval(cond, loopScope)) : true;
      if (t === false) return;
      if (t === null) { it.uncertainly(`\`for (${it.src(spec).slice(1, 60)}\``, () => it.exec(body, { vars: new Map(), parent: loopScope, fn: false })); return; }
      const iter: Scope = { vars: new Map(), parent: loopScope, fn: false };
      if (loopBody(it, body, iter) === 'break') return;
      if (update) it.eval(update, loopScope);
    }
  }
  const kwIdx = sk.findIndex((k) => k.name === 'of' || k.name === 'in');
  if (kwIdx < 0) return;
  const target = sk[kwIdx - 1];
  const kind = (sk[0].name === 'const' || sk[0].name === 'let' || sk[0].name === 'var' ? sk[0].name : 'assign') as DeclKind;
  const source = it.eval(sk[kwIdx + 1], scope);
  let items: Value[] | null;
  if (sk[kwIdx].name === 'in') items = isPlainObject(source) ? [...source.props.keys()] : isArray(source) ? source.items.map((_, i) => String(i)) : null;
  else items = it.iterate(source);
  if (!items) {
    const reason = msg('`for` over {0}', isUnk(source) ? source.reason : msg('an unknown sequence'));
    it.uncertainly(reason, () => { it.bind(target, unk(reason, it.src(target)), loopScope, kind); it.exec(body, loopScope); });
    return;
  }
  for (const item of items) {
    it.tick();
    const iter: Scope = { vars: new Map(), parent: loopScope, fn: false };
    it.bind(target, item, iter, kind);
    if (loopBody(it, body, iter) === 'break') return;
  }
}

export function execWhile(it: Interp, st: SyntaxNode, scope: Scope): void {
  const cond = st.getChild('ParenthesizedExpression');
  // Syntax nodes are new objects on every access: the condition is told apart by its position, not by identity.
  const body = cond && kids(st).find((k) => k.from !== cond.from && k.name !== 'while' && k.name !== 'do' && k.name !== ';');
  if (!cond || !body) return;
  let first = st.name === 'DoStatement';
  for (;;) {
    it.tick();
    const t = first ? true : truthy(it.eval(cond, scope));
    first = false;
    if (t === false) return;
    if (t === null) { it.uncertainly(`\`while ${it.src(cond).slice(0, 60)}\``, () => it.exec(body, scope)); return; }
    if (loopBody(it, body, scope) === 'break') return;
  }
}

export function execSwitch(it: Interp, st: SyntaxNode, scope: Scope): void {
  const cond = st.getChild('ParenthesizedExpression');
  const body = st.getChild('SwitchBody');
  if (!cond || !body) return;
  const v = it.eval(cond, scope);
  const ks = kids(body).filter((k) => k.name !== '{' && k.name !== '}');
  let start = -1;
  for (let i = 0; i < ks.length && start < 0; i++) {
    if (ks[i].name !== 'CaseLabel') continue;
    const e = kids(ks[i])[1];
    const c = e ? it.eval(e, scope) : undefined;
    if (isUnk(v) || isUnk(c)) { it.uncertainly(`\`switch ${it.src(cond)}\``, () => it.execList(ks.filter((k) => !/Label$/.test(k.name)), scope)); return; }
    if (c === v) start = i;
  }
  if (start < 0) start = ks.findIndex((k) => k.name === 'DefaultLabel');
  if (start < 0) return;
  try {
    it.execList(ks.slice(start).filter((k) => !/Label$/.test(k.name)), { vars: new Map(), parent: scope, fn: false });
  } catch (e) {
    if (!(e instanceof BreakSignal && e.label === null)) throw e;
  }
}


export function execTry(it: Interp, st: SyntaxNode, scope: Scope): void {
  const tryBlock = st.getChild('Block');
  const handler = st.getChild('CatchClause');
  const fin = st.getChild('FinallyClause')?.getChild('Block');
  try {
    if (tryBlock) it.exec(tryBlock, scope);
  } catch (e) {
    if (!(e instanceof JsThrow) || !handler) throw e;
    const s: Scope = { vars: new Map(), parent: scope, fn: false };
    const param = handler.getChild('VariableDefinition') ?? handler.getChild('ObjectPattern');
    if (param) it.bind(param, unk(e.reason), s, 'let');
    const body = handler.getChild('Block');
    if (body) it.exec(body, s);
  } finally {
    if (fin) it.exec(fin, scope);
  }
}

export function execLabeled(it: Interp, st: SyntaxNode, scope: Scope): void {
  const label = it.src(st.getChild('Label') ?? st);
  const body = kids(st).find((k) => k.name !== 'Label' && k.name !== ':');
  try { if (body) it.exec(body, scope); } catch (e) { if (!(e instanceof BreakSignal && e.label === label)) throw e; }
}
