// A static evaluator for the JavaScript/TypeScript users write around TF.js models: statements, scopes,
// functions and classes. It never runs user code: it walks the Lezer tree, every value it cannot know is an
// Unknown carrying a reason, a step budget bounds every evaluation, and an undecidable condition runs its
// branches "uncertainly" (what they assign becomes unknown, the layers they create are marked conditional).
import type { SyntaxNode } from '@lezer/common';
import { LineIndex } from '../python/syntax';
import { evalExpr } from './expr';
import { builtinGlobals, memberOf } from './builtins';
import { kids, isTypeOnly } from './syntax';
import { bindTarget, execEnum } from './patterns';
import { execImport, execExport, DEFAULT_EXPORT, type TsModule } from './modules';
import type { ImportSettings } from '../core/modules';
import type { LoadRecord } from './shared';
import { execIf, execFor, execWhile, execSwitch, execTry, execLabeled } from './control';
import { makeClass, instantiate, superProxy } from './classes';
import { msg } from '../core/l10n';
import {
  type Value, type Scope, type JsFunction, type JsClass, type ModuleCtx, unk, isUnk, isObj, isLazy, arr, isArray, isPlainObject,
} from './values';

export class BudgetExceeded {
  constructor(readonly reason: string) {}
}
export class ReturnSignal {
  constructor(readonly value: Value) {}
}
/** A `throw` (by the code or by TF.js): it unwinds every call up to a `try` or the model being built. */
export class JsThrow {
  constructor(readonly reason: string) {}
}
export class BreakSignal {
  constructor(readonly label: string | null) {}
}
export class ContinueSignal {
  constructor(readonly label: string | null) {}
}

/** The TF.js semantics the evaluator defers to. */
export interface Host {
  /** Its own state that evaluation changes (TF.js's name counters), as a string. */
  counters?(): string;
  /** The value of `import … from spec` / `require(spec)`, or undefined for modules it does not know. */
  module(spec: string): Value | undefined;
  call(callee: Value, args: Value[], line: number): Value | undefined;
  getProp(target: Value, name: string): Value | undefined;
  setProp(target: Value, name: string, value: Value): boolean;
}

/** Told what an evaluation reads from and writes to module scopes (typescript/memory.ts). */
export interface ReadRecorder {
  read(scope: Scope, name: string): void;
  /** A module-level binding or a class's static was set: the evaluation changed something outside itself. */
  changed(): void;
}

export type DeclKind = 'const' | 'let' | 'var' | 'assign' | 'param';

export class Interp {
  steps = 0;
  readonly uncertain: string[] = [];
  /** The analysed file's top-level scope. */
  readonly globals: Scope;
  /** Where built-in globals live (each module's scope sits on it). */
  readonly builtinScope: Scope;
  readonly mainCtx: ModuleCtx;
  /** The source being evaluated now: the analysed file, or an imported module's. */
  private ctx: ModuleCtx;
  /** Follow relative imports through this reader (none: imports stay unknown). */
  imports?: ImportSettings;
  /** Workspace modules by path (the analysed file too), also while they are being evaluated. */
  readonly modules = new Map<string, TsModule>();
  /** Line of the statement that last assigned each module-level name. */
  readonly globalLines = new Map<string, number>();
  private depth = 0;
  /** Expressions and statements being evaluated inside one another (deeply nested source ends here). */
  nesting = 0;
  private nextId = 1;
  /** Returns seen under an undecidable condition, per active call. */
  readonly frames: Value[][] = [];
  /** Set while a builder whose report may be remembered is evaluated. */
  recorder: ReadRecorder | null = null;
  /** What the modules being evaluated now read and resolve (innermost last; typescript/shared.ts). */
  readonly loadRecords: LoadRecord[] = [];
  /** Scopes of modules shared with other analyses: writes to them are undone when the analysis ends. */
  readonly sharedScopes = new Set<Scope>();
  readonly undoLog: (() => void)[] = [];

  constructor(text: string, readonly host: Host, readonly maxSteps: number, path = '<file>') {
    this.builtinScope = { vars: builtinGlobals(this), parent: null, fn: true };
    this.globals = { vars: new Map(), parent: this.builtinScope, fn: true };
    this.mainCtx = { path, text, lines: new LineIndex(text), main: true, scope: this.globals };
    this.ctx = this.mainCtx;
  }

  get text(): string {
    return this.ctx.text;
  }

  get lines(): LineIndex {
    return this.ctx.lines;
  }

  get context(): ModuleCtx {
    return this.ctx;
  }

  /** The file of the code running now when it is not the analysed file (layers created there record it). */
  foreignFile(): string | undefined {
    return this.ctx.main ? undefined : this.ctx.path;
  }

  /** Runs `f` with the source of another file (a function, class or module defined there). */
  inCtx<T>(ctx: ModuleCtx | undefined, f: () => T): T {
    if (!ctx || ctx === this.ctx) return f();
    const saved = this.ctx;
    this.ctx = ctx;
    try {
      return f();
    } finally {
      this.ctx = saved;
    }
  }

  id(): number {
    return this.nextId++;
  }

  tick(n = 1): void {
    this.steps += n;
    if (!(this.steps <= this.maxSteps)) throw new BudgetExceeded(msg('the evaluation step budget ({0}) ran out', this.maxSteps));
  }

  line(node: SyntaxNode): number {
    return this.lines.line(node.from);
  }

  src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  /** A missing node (code mid-edit) is an incomplete expression. */
  eval(node: SyntaxNode | null | undefined, scope: Scope): Value {
    return node ? evalExpr(this, node, scope) : unk(msg('an incomplete expression'));
  }

  // ---- scopes ----

  lookup(name: string, scope: Scope): Value {
    for (let s: Scope | null = scope; s; s = s.parent) {
      if (this.recorder && s.parent === this.builtinScope) this.recorder.read(s, name);
      if (!s.vars.has(name)) continue;
      const v = s.vars.get(name);
      if (!isLazy(v)) return v;
      // An import from a module still being evaluated: settle it once that module has defined the name.
      const r = v.resolve();
      if (r.final) s.vars.set(name, r.value);
      return r.value;
    }
    return unk(msg('`{0}` is not defined in this file', name), name);
  }

  declare(name: string, value: Value, scope: Scope, kind: DeclKind, line = 0): void {
    let target = scope;
    if (kind === 'var') while (!target.fn && target.parent) target = target.parent;
    if (kind === 'assign') {
      let s: Scope | null = scope;
      while (s && !s.vars.has(name)) s = s.parent;
      target = s ?? this.ctx.scope;
      if (this.uncertain.length && s && target.vars.get(name) !== value && !isUnk(value)) {
        value = unk(msg('set under the undecidable condition {0}', this.uncertain[this.uncertain.length - 1]), name);
      }
    }
    if (this.recorder && target.parent === this.builtinScope) this.recorder.changed();
    if (this.sharedScopes.has(target)) {
      const had = target.vars.has(name), old = target.vars.get(name);
      this.undoLog.push(() => (had ? target.vars.set(name, old) : target.vars.delete(name)));
    }
    target.vars.set(name, value);
    if (target === this.globals && line) this.globalLines.set(name, line);
  }

  // ---- statements ----

  runScript(top: SyntaxNode): void {
    this.execList(kids(top), this.globals);
  }

  /** Runs statements in a scope, function declarations hoisted. */
  execList(stmts: SyntaxNode[], scope: Scope): void {
    this.hoist(stmts, scope);
    for (const st of stmts) this.exec(st, scope);
  }

  /** Defines the function declarations of a statement list (they exist before any statement runs; once). */
  hoist(stmts: SyntaxNode[], scope: Scope): void {
    for (const st of stmts) {
      const fn = st.name === 'ExportDeclaration' ? st.getChild('FunctionDeclaration') : st.name === 'FunctionDeclaration' ? st : null;
      if (!fn) continue;
      const name = fn.getChild('VariableDefinition');
      const existing = scope.vars.get(name ? this.src(name) : DEFAULT_EXPORT);
      if (isObj(existing) && existing.t === 'func' && existing.node === fn) continue;
      const f = this.defineFunction(fn, scope);
      if (fn !== st && !name) scope.vars.set(DEFAULT_EXPORT, f);
    }
  }

  private defineFunction(node: SyntaxNode, scope: Scope): JsFunction {
    const nameNode = node.getChild('VariableDefinition');
    const f = this.makeFunction(node, scope, nameNode ? this.src(nameNode) : 'default');
    if (nameNode) this.declare(f.name, f, scope, 'var', this.line(node));
    return f;
  }

  makeFunction(node: SyntaxNode, scope: Scope, name: string, self?: Value): JsFunction {
    const arrow = node.name === 'ArrowFunction';
    return { t: 'func', name, node, closure: scope, arrow, line: this.line(node), ctx: this.ctx, ...(arrow ? { self } : {}) };
  }

  exec(st: SyntaxNode | null | undefined, scope: Scope): void {
    this.tick();
    if (!st || this.nesting > 300) return;
    this.nesting++;
    try {
      this.execNode(st, scope);
    } finally {
      this.nesting--;
    }
  }

  private execNode(st: SyntaxNode, scope: Scope): void {
    switch (st.name) {
      case 'ExpressionStatement': { const e = st.firstChild; if (e) this.eval(e, scope); return; }
      case 'VariableDeclaration': return this.execDeclaration(st, scope);
      case 'FunctionDeclaration': if (!scope.vars.has(this.src(st.getChild('VariableDefinition') ?? st))) this.defineFunction(st, scope); return;
      case 'ClassDeclaration': { const c = this.makeClass(st, scope); this.declare(c.name, c, scope, 'let', c.line); return; }
      case 'ExportDeclaration': return execExport(this, st, scope);
      case 'ImportDeclaration': return execImport(this, st, scope);
      case 'Block': return this.execList(kids(st).filter((k) => k.name !== '{' && k.name !== '}'), { vars: new Map(), parent: scope, fn: false });
      case 'ReturnStatement': {
        const e = kids(st).find((k) => k.name !== 'return' && k.name !== ';');
        throw new ReturnSignal(e ? this.eval(e, scope) : undefined);
      }
      case 'IfStatement': return execIf(this, st, scope);
      case 'ForStatement': return execFor(this, st, scope);
      case 'WhileStatement': case 'DoStatement': return execWhile(this, st, scope);
      case 'BreakStatement': throw new BreakSignal(st.getChild('Label') ? this.src(st.getChild('Label')!) : null);
      case 'ContinueStatement': throw new ContinueSignal(st.getChild('Label') ? this.src(st.getChild('Label')!) : null);
      case 'ThrowStatement': throw new JsThrow(msg('the code throws at line {0}', this.line(st)));
      case 'TryStatement': return execTry(this, st, scope);
      case 'SwitchStatement': return execSwitch(this, st, scope);
      case 'LabeledStatement': return execLabeled(this, st, scope);
      case 'EnumDeclaration': return execEnum(this, st, scope);
      default:
        if (isTypeOnly(st.name)) return;
    }
  }

  execDeclaration(st: SyntaxNode, scope: Scope): void {
    const ks = kids(st);
    const kind = (ks[0]?.name === 'const' || ks[0]?.name === 'let' || ks[0]?.name === 'var' ? ks[0].name : 'let') as DeclKind;
    const line = this.line(st);
    for (let i = 1; i < ks.length; i++) {
      const target = ks[i];
      if (!/^(VariableDefinition|ObjectPattern|ArrayPattern)$/.test(target.name)) continue;
      let j = i + 1;
      if (ks[j]?.name === 'TypeAnnotation') j++;
      let value: Value;
      if (ks[j]?.name === 'Equals' && ks[j + 1]) { value = this.eval(ks[j + 1], scope); i = j + 1; } else value = undefined;
      this.bind(target, value, scope, kind, line);
    }
  }

  /** Binds a VariableDefinition, VariableName, MemberExpression or pattern to a value. */
  bind(target: SyntaxNode | null | undefined, value: Value, scope: Scope, kind: DeclKind, line = 0): void {
    if (target) bindTarget(this, target, value, scope, kind, line);
  }

  /** Runs `body` under an undecidable condition. */
  uncertainly(reason: string, body: () => void): void {
    this.uncertain.push(reason);
    try {
      body();
    } catch (e) {
      if (e instanceof ReturnSignal) this.frames[this.frames.length - 1]?.push(e.value);
      else if (e instanceof JsThrow) this.frames[this.frames.length - 1]?.push(unk(e.reason));
      else if (!(e instanceof BreakSignal || e instanceof ContinueSignal)) throw e;
    } finally {
      this.uncertain.pop();
    }
  }

  // ---- classes and calls ----

  makeClass(node: SyntaxNode, scope: Scope): JsClass {
    return makeClass(this, node, scope);
  }

  instantiate(cls: JsClass, args: Value[], line: number): Value {
    return instantiate(this, cls, args, line);
  }

  callValue(callee: Value, args: Value[], line: number, self?: Value): Value {
    this.tick();
    if (!isObj(callee)) return unk(callee === undefined ? msg('a call of an undefined value') : msg('a call of a {0}', typeof callee));
    switch (callee.t) {
      case 'func': return this.callFunction(callee, args, callee.arrow ? callee.self : self, line);
      case 'builtin': return callee.call(args, line);
      case 'unk': return unk(callee.reason, callee.expr ? `${callee.expr}(…)` : undefined);
      case 'class': return unk(msg('class {0} called without new', callee.name));
    }
    const r = this.host.call(callee, args, line);
    return r === undefined ? unk(msg('a call Layer Lens does not follow')) : r;
  }

  /**
   * The generators being run, innermost last: what each yielded, and whether a yield was under an undecidable
   * condition or of an unknown sequence (then the sequence is not known).
   */
  readonly generators: { items: Value[]; uncertainAt: number; reason?: string }[] = [];

  callFunction(fn: JsFunction, args: Value[], self: Value, line: number, superCall?: Value): Value {
    if (this.depth > 200) return unk(msg('recursion too deep to follow'));
    if (fn.ctx && fn.ctx !== this.ctx) return this.inCtx(fn.ctx, () => this.callFunction(fn, args, self, line, superCall));
    if (!fn.arrow && fn.node.getChild('Star')) return this.runGenerator(fn, args, self, line, superCall);
    return this.callPlain(fn, args, self, line, superCall);
  }

  private callPlain(fn: JsFunction, args: Value[], self: Value, line: number, superCall?: Value): Value {
    const scope: Scope = { vars: new Map(), parent: fn.closure, fn: true };
    if (!fn.arrow) {
      scope.vars.set('this', self);
      scope.vars.set('arguments', arr(args));
      if (superCall) scope.vars.set('super', superCall);
      else if (fn.home && isObj(fn.home.base) && fn.home.base.t === 'class') scope.vars.set('super', superProxy(this, fn.home.base, self));
    }
    this.bindParams(fn, args, scope, line);
    const body = kids(fn.node).find((k) => k.name === 'Block') ?? null;
    this.depth++;
    this.frames.push([]);
    try {
      const last = fn.node.lastChild;
      if (fn.arrow && (!body || !last || body.from !== last.from)) {
        const expr = last;
        return this.settle(expr && expr.name !== 'Arrow' ? this.eval(expr, scope) : undefined, fn);
      }
      if (body) this.execList(kids(body).filter((k) => k.name !== '{' && k.name !== '}'), scope);
      return this.settle(undefined, fn);
    } catch (e) {
      if (e instanceof ReturnSignal) return this.settle(e.value, fn);
      if (e instanceof BreakSignal || e instanceof ContinueSignal) return undefined;
      throw e;
    } finally {
      this.depth--;
      this.frames.pop();
    }
  }

  /**
   * A generator function (`function*`) runs to its end when called, and its iterator is the array of what it yielded,
   * in order (the layers a consumer creates between two yields are then created after the generator's own).
   */
  private runGenerator(fn: JsFunction, args: Value[], self: Value, line: number, superCall?: Value): Value {
    const gen = { items: [] as Value[], uncertainAt: this.uncertain.length, reason: undefined as string | undefined };
    this.generators.push(gen);
    try {
      this.callPlain(fn, args, self, line, superCall);
    } finally {
      this.generators.pop();
    }
    return gen.reason ? unk(gen.reason) : arr(gen.items);
  }

  private settle(value: Value, fn: JsFunction): Value {
    const others = this.frames[this.frames.length - 1] ?? [];
    if (!others.length || others.every((v) => v === value)) return value;
    return unk(msg('{0} returns under a condition that cannot be decided', fn.name));
  }

  private bindParams(fn: JsFunction, args: Value[], scope: Scope, line: number): void {
    const list = fn.node.getChild('ParamList');
    if (!list) return;
    const ks = kids(list).filter((k) => k.name !== '(' && k.name !== ')' && k.name !== 'TypeAnnotation' && k.name !== 'Optional' && k.name !== 'this');
    let i = 0;
    let property = false;
    for (let n = 0; n < ks.length; n++) {
      const k = ks[n];
      if (k.name === ',') continue;
      if (k.name === 'Privacy' || k.name === 'readonly') { property = true; continue; }
      if (k.name === 'Spread') { const t = ks[n + 1]; if (t) this.bind(t, arr(args.slice(i)), scope, 'param', line); n++; continue; }
      if (k.name === 'Equals') continue;
      let v = args[i++];
      if (ks[n + 1]?.name === 'Equals' && ks[n + 2]) { if (v === undefined) v = this.eval(ks[n + 2], scope); n += 2; }
      this.bind(k, v, scope, 'param', line);
      // A TypeScript parameter property (`constructor(private size = 3)`) is also set on `this`.
      if (property && k.name === 'VariableDefinition') this.setProp(scope.vars.get('this'), this.src(k), v);
      property = false;
    }
  }

  /** Whether every parameter of a function has a default (a builder callable with no arguments). */
  allDefaults(fn: JsFunction): boolean {
    const list = fn.node.getChild('ParamList');
    if (!list) return true;
    const ks = kids(list).filter((k) => !/^[(),]$/.test(k.name) && !/^(TypeAnnotation|Privacy|readonly|this)$/.test(k.name));
    for (let n = 0; n < ks.length; n++) {
      const k = ks[n];
      if (k.name === 'Spread') { n++; continue; }
      if (k.name === 'Optional') continue;
      if (ks[n + 1]?.name === 'Equals') { n += 2; continue; }
      if (ks[n + 1]?.name === 'Optional') { n++; continue; }
      return false;
    }
    return true;
  }

  // ---- properties ----

  getProp(target: Value, name: string): Value {
    const h = this.host.getProp(target, name);
    if (h !== undefined) return h;
    return memberOf(this, target, name);
  }

  setProp(target: Value, name: string, value: Value): void {
    if (this.host.setProp(target, name, value)) return;
    if (isPlainObject(target)) {
      if (this.uncertain.length && target.props.get(name) !== value) value = unk(msg('set under the undecidable condition {0}', this.uncertain[this.uncertain.length - 1]), name);
      target.props.set(name, value);
    } else if (isArray(target) && /^\d+$/.test(name)) {
      target.items[Number(name)] = this.uncertain.length ? unk(msg('set under an undecidable condition')) : value;
    } else if (isObj(target) && target.t === 'class') {
      this.recorder?.changed();
      if (this.sharedScopes.has(target.closure)) {
        const statics = target.statics, had = statics.has(name), old = statics.get(name);
        this.undoLog.push(() => (had ? statics.set(name, old) : statics.delete(name)));
      }
      target.statics.set(name, value);
    }
  }

  /** Undoes this analysis's writes to shared modules (typescript/shared.ts), for the next analysis. */
  restoreShared(): void {
    for (let i = this.undoLog.length - 1; i >= 0; i--) this.undoLog[i]();
    this.undoLog.length = 0;
  }

  /** Makes every element of a container unknown. */
  spoil(target: Value, reason: string): void {
    if (isArray(target)) target.items = target.items.map(() => unk(reason));
    else if (isPlainObject(target)) for (const k of target.props.keys()) target.props.set(k, unk(reason));
  }

  /** The elements of an iterable, or null when they cannot be known. */
  iterate(v: Value): Value[] | null {
    if (isArray(v)) return v.items.some(isUnkSpread) ? null : v.items;
    if (typeof v === 'string') return [...v];
    if (isObj(v) && v.t === 'layer' && v.model) return null;
    return null;
  }
}

function isUnkSpread(v: Value): boolean {
  return isUnk(v) && v.spread === true;
}
