// A static evaluator for the Python that builds models: it runs construction code symbolically over
// the Lezer tree, never executing anything for real. Whatever it cannot know becomes an Unknown value
// carrying the reason, and flows on.
import type { SyntaxNode } from '@lezer/common';
import { kids, parts, child, childrenNamed, LineIndex, stringValue, numberValue, isGenerator } from './syntax';
import { computeMro } from './mro';
import {
  type Value, type Scope, type PyFunction, type PyBuiltin, type PyClass, type PyInstance, type PyUnknown, type PyModule, type ModuleCtx, type PyDict,
  unk, unkBool, joinZoo, isObj, isUnk, knownPosition, truthy, num, float, keyOf, equal, show, tag, rangeLen, functionParams, functionDefaults, wrappedDefs,
} from './values';
import { sharedModule, shareModule, isFrozen, reachable, type RegistryWrite } from './module-cache';
import { binaryOp, unaryNeg, compare } from './ops';
import { resolveModule, isKnownExternal, dirname, type ImportSettings } from './modules';
import { parsePython } from './syntax';
import { makeBuiltins } from './builtins';
import { formatSpec } from './format';
import { builtinMethod } from './methods';
import { hashText } from '../core/hash';
import { messagesVersion, msg } from '../core/l10n';

/** Built-in types whose class pattern matches one positional sub-pattern against the subject itself. */
const SELF_MATCHING = new Set(['bool', 'bytearray', 'bytes', 'dict', 'float', 'frozenset', 'int', 'list', 'set', 'str', 'tuple']);

/** Numeric constants of the standard library and NumPy (`math.pi`, `from math import tau`). */
const CONSTANTS: Record<string, number> = {
  'math.pi': Math.PI, 'math.e': Math.E, 'math.tau': 2 * Math.PI, 'math.inf': Infinity,
  'numpy.pi': Math.PI, 'numpy.e': Math.E, 'numpy.inf': Infinity,
};

function extValue(path: string): Value {
  return Object.prototype.hasOwnProperty.call(CONSTANTS, path) ? float(CONSTANTS[path]) : { t: 'ext', path };
}

export class BudgetExceeded {
  constructor(readonly reason: string) {}
}
class ReturnSignal { constructor(readonly value: Value) {} }
/** An exception Python would certainly raise here, thrown only where an enclosing `try` catches it. */
class PyRaise { constructor(readonly kind: string) {} }

/** Built-in exception classes and the classes an `except` clause may name to catch them. */
const EXCEPTION_BASES: Record<string, string[]> = {
  KeyError: ['LookupError'], IndexError: ['LookupError'], ZeroDivisionError: ['ArithmeticError'],
  ModuleNotFoundError: ['ImportError'],
};
class BreakSignal {}
class ContinueSignal {}

interface TryClauses {
  body: SyntaxNode | null;
  handlers: { clause: string | null; body: SyntaxNode }[];
  elseBody: SyntaxNode | null;
  finallyBody: SyntaxNode | null;
}

/** Whether an `except` clause (its text; null for a bare `except:`) catches a built-in exception `kind`. */
function catches(clause: string | null, kind: string): boolean {
  if (clause === null) return true;
  const names = clause.split(/\bas\b/)[0].match(/[A-Za-z_][A-Za-z0-9_.]*/g) ?? [];
  const ok = new Set([kind, ...(EXCEPTION_BASES[kind] ?? []), 'Exception', 'BaseException']);
  return names.some((n) => ok.has(n.split('.').pop()!));
}

/** What a framework adds to the language: calls of external names, attributes of framework objects. */
export interface Host {
  /** Calls an external (`torch.nn.Conv2d`) or framework object; undefined when the host does not handle it. */
  call(callee: Value, args: Value[], kw: Map<string, Value>, line: number): Value | undefined;
  getAttr(obj: Value, name: string, line: number): Value | undefined;
  /** Handles `obj.name = value` on framework objects and module instances; false lets the default happen. */
  setAttr(obj: Value, name: string, value: Value): boolean;
  /** Called for `super().name` when the next base is external. */
  superAttr(base: string, self: Value, name: string): Value | undefined;
  /** Iteration over framework objects (ModuleList, Sequential). */
  iterate(obj: Value): Value[] | undefined;
  /** Indexing of framework objects. */
  index(obj: Value, key: Value): Value | undefined;
  /** Framework objects passed to code Layer Lens cannot follow (`freeze(self.backbone)` of an installed package). */
  opaqueCall?(callee: string, args: Value[], reason: string): void;
  /** Told of `obj[key] = value` before it happens; true when the host did it all. */
  setItem?(obj: Value, key: Value, value: Value): boolean;
  /**
   * A base class that is one of `alts` (each possible): the one to use when they all make the class count the same
   * (nn.Module or LightningModule), else undefined.
   */
  commonBase?(alts: Value[]): Value | undefined;
}

interface Frame {
  fn: PyFunction | null;
  self: Value | undefined;
  uncertainReturns: Value[];
  /** A generator's yielded values (generators run to the end when called: the caller gets the list). */
  yields?: Value[];
  /** Why the yielded values are not certain (a yield under an undecidable condition, `yield from` an unknown). */
  yieldsUnknown?: string;
}


export interface Param {
  name: string;
  kind: 'pos' | 'star' | 'kwonly' | 'dstar';
  default?: Value;
}

/**
 * What a stretch of evaluation (a top-level statement, or building and tracing one model) did to the analysed
 * file's globals: the names it read, with the fingerprint each had then; the names it bound; whether it read a
 * global that can be changed in place, or changed in place an object that existed before it began.
 */
export interface Recorder {
  reads: Map<string, string>;
  writes: Set<string>;
  mutableReads: Set<string>;
  mutated: boolean;
  /** Objects with an id below this existed before the stretch began. */
  startId: number;
}

const MAX_DEPTH = 60;
const SRC = Symbol('src');
/** Nesting of statements and expressions being evaluated (deeper input would overflow the JS stack). */
// CPython itself stops at 200 nested parentheses and 100 levels of indentation.
const MAX_NEST = 300;

export class Interp {
  readonly globals: Scope;
  /** The source being evaluated now (the analysed file, or an imported module's). */
  private ctx: ModuleCtx;
  readonly mainCtx: ModuleCtx;
  /** Imported modules by file path (also while they are loading, to stop cycles). */
  private modules = new Map<string, PyModule>();
  /** Modules that shared modules loaded (imports of the file too). */
  private sharedLoaded = new Set<string>();
  /** Modules being evaluated, innermost last; `clean` turns false on an import cycle or overrun inside. */
  private loading: { path: string; clean: boolean }[] = [];
  /** What each module being evaluated has read through the reader. */
  private readLogs: Map<string, string | null>[] = [];
  private importSettings?: ImportSettings;
  /** Instances of Python classes made so far (the other ids are framework objects). */
  private instancesMade = 0;
  /** How to put back the shared values this analysis changed in place. */
  private restores = new Map<object, () => void>();

  get imports(): ImportSettings | undefined {
    return this.importSettings;
  }

  /** Import settings; every read goes into the logs of the modules being evaluated. */
  set imports(s: ImportSettings | undefined) {
    this.importSettings = s && {
      ...s,
      reader: {
        read: (p: string) => {
          const text = s.reader.read(p);
          for (const log of this.readLogs) log.set(p, text);
          return text;
        },
      },
    };
  }
  private builtins: Map<string, Value>;
  steps = 0;
  maxSteps: number;
  private depth = 0;
  private nest = 0;
  private frames: Frame[] = [];
  /** Reasons of the undecidable conditions the evaluator is currently inside. */
  uncertain: string[] = [];
  private nextId = 1;
  host: Host;
  /** Dependency recording (see Recorder), when active. */
  recorder: Recorder | null = null;
  /** A fingerprint of the value of each global of the analysed file: what bound it, from what (analyze.ts). */
  readonly binders = new Map<string, string>();
  /** An identity of a top-level statement's text that is cheaper than the text (analyze.ts: its piece). */
  statementIdentity: (st: SyntaxNode) => string | null = () => null;
  /** Containers and classes that existed when the top level finished (changing them is a side effect). */
  private preexisting = new WeakSet<object>();

  constructor(text: string, host: Host, maxSteps = 200_000, path = '<file>') {
    this.mainCtx = { path, text, lines: new LineIndex(text), main: true };
    this.ctx = this.mainCtx;
    this.host = host;
    this.maxSteps = maxSteps;
    this.builtins = makeBuiltins(this);
    this.globals = { vars: new TrackedVars(this, [['__name__', '__main__']]), parent: null };
  }

  startRecording(): Recorder {
    this.recorder = { reads: new Map(), writes: new Set(), mutableReads: new Set(), mutated: false, startId: this.nextId };
    return this.recorder;
  }

  noteRead(name: string, value: Value | undefined): void {
    const r = this.recorder!;
    if (!r.reads.has(name)) r.reads.set(name, this.binders.get(name) ?? '-');
    if (value !== undefined && mutable(value)) r.mutableReads.add(name);
  }

  /**
   * While one model is built and traced (see isolate): how to put back the lists, dicts, sets, classes and plain
   * objects it changed in place, and the globals it rebound (their values before, undefined when unbound).
   */
  private isolation: { restores: Map<object, () => void>; globals: Map<string, Value | undefined>; startId: number } | null = null;

  /** Whether a value existed when the isolated evaluation started (what it creates itself is its own). */
  private existedBefore(o: Value & object, startId: number): boolean {
    return 'id' in o && typeof o.id === 'number' ? o.id < startId : this.preexisting.has(o);
  }

  /**
   * Runs `f` (building one model) and then undoes what it changed in the file's state: each model is built as
   * `Model()` would be in a fresh run of the file, not after the other models of the file (a class counter, a
   * default list appended to, a config changed in place by another model's constructor).
   */
  isolate<T>(f: () => T): T {
    const saved = this.isolation;
    const iso = { restores: new Map<object, () => void>(), globals: new Map<string, Value | undefined>(), startId: this.nextId };
    this.isolation = iso;
    try {
      return f();
    } finally {
      this.isolation = saved;
      for (const restore of iso.restores.values()) restore();
      const vars = this.globals.vars as TrackedVars;
      for (const [k, v] of iso.globals) if (v === undefined) vars.deleteQuietly(k); else vars.setQuietly(k, v);
    }
  }

  /** A global is about to be bound or deleted: remembered for isolate(). */
  noteGlobalWrite(name: string, old: Value | undefined): void {
    if (this.isolation && !this.isolation.globals.has(name)) this.isolation.globals.set(name, old);
  }

  /** Called before `obj` changes in place: keeps a shared value restorable, and tells the recorder. */
  mutating(obj: Value, write?: Omit<RegistryWrite, 'dict' | 'by'>): void {
    if (!isObj(obj)) return;
    if (isFrozen(obj)) this.keepRestorable(obj);
    // Torch modules and layers keep what a model did to them (their state is not these maps alone).
    const iso = this.isolation;
    if (iso && this.existedBefore(obj, iso.startId) && !(obj.t === 'instance' && (obj.modules || obj.params || obj.layer))) this.keepRestorable(obj, iso.restores);
    if (this.recorder) this.noteMutation(obj);
    this.noteLoadMutation(obj, isFrozen(obj), write);
  }

  /** Objects changed in place while a module was loading, with the module that was loading (see settleShares). */
  private loadMutations = new Map<object, Set<string>>();

  /**
   * A module whose import changes a value of an already shared module (a plugin appending to a shared list)
   * has an effect a reuse would skip: it, and the modules importing it, are not shared.
   */
  private noteLoadMutation(o: object, shared: boolean, write?: Omit<RegistryWrite, 'dict' | 'by'>): void {
    const top = this.loading[this.loading.length - 1];
    if (!top) return;
    // A value of a shared module, or of a module that had finished loading (settings' list a plugin appends to):
    // the loading modules change something that is not their own. An entry written into such a dict (a registry
    // filled by a decorator) is recorded instead, to be written again whenever the module is reused.
    if (shared || this.ownedByFinished(o, top.path)) {
      if (write && (o as Value & object).t === 'dict') {
        this.registryWrites.push({ ...write, dict: o as RegistryWrite['dict'], by: this.loading.map((l) => l.path) });
        return;
      }
      for (const l of this.loading) l.clean = false;
    }
    let by = this.loadMutations.get(o);
    if (!by) this.loadMutations.set(o, (by = new Set()));
    by.add(top.path);
  }

  /** Registry writes of the modules loading in this import (see noteLoadMutation), until they are settled. */
  private registryWrites: RegistryWrite[] = [];

  /** What each finished module of this analysis reaches (computed when first needed; see noteLoadMutation). */
  private reachOf = new Map<PyModule, Set<object>>();

  private ownedByFinished(o: object, loadingPath: string): boolean {
    for (const m of this.modules.values()) {
      if (m.loading || m.main || m.path === loadingPath) continue;
      let r = this.reachOf.get(m);
      if (!r) this.reachOf.set(m, (r = reachable(m) ?? new Set<object>()));
      if (r.has(o)) return true;
    }
    return false;
  }

  /** Remembers how to put a shared value back as it is now (once per analysis). */
  private keepRestorable(o: object, restores = this.restores): void {
    if (restores.has(o)) return;
    if (o instanceof Map) {
      const saved = new Map(o);
      restores.set(o, () => { o.clear(); for (const [k, v] of saved) o.set(k, v); });
      return;
    }
    const v = o as Value;
    if (!isObj(v)) return;
    if (v.t === 'list' || v.t === 'set') {
      const items = v.items, copy = items.slice(), tainted = 'tainted' in v ? v.tainted : undefined;
      restores.set(o, () => { items.length = 0; items.push(...copy); v.items = items; if ('tainted' in v) v.tainted = tainted; });
    } else if (v.t === 'dict') {
      const map = v.map, copy = new Map(map), tainted = v.tainted;
      restores.set(o, () => { map.clear(); for (const [k, e] of copy) map.set(k, e); v.map = map; v.tainted = tainted; });
    } else if (v.t === 'class' || v.t === 'instance') {
      const attrs = v.attrs, copy = new Map(attrs);
      restores.set(o, () => { attrs.clear(); for (const [k, e] of copy) attrs.set(k, e); v.attrs = attrs; });
    }
  }

  /** Puts back the shared values (of shared modules) this analysis changed in place. */
  restoreShared(): void {
    for (const restore of this.restores.values()) restore();
    this.restores.clear();
  }

  /** Notes a change in place of `obj` for the recorder. */
  noteMutation(obj: Value): void {
    const r = this.recorder;
    if (!r || r.mutated || !isObj(obj)) return;
    if (isFrozen(obj)) { r.mutated = true; return; }
    if ('id' in obj && typeof obj.id === 'number') { if (obj.id < r.startId) r.mutated = true; }
    else if (obj.t === 'class' || this.preexisting.has(obj)) r.mutated = true;
  }

  /** Marks every container reachable from the globals (and classes, function defaults) as existing before. */
  markPreexisting(): void {
    const seen = this.preexisting;
    const stack: Value[] = [...this.globals.vars.values()];
    let budget = 1_000_000;
    while (stack.length && budget-- > 0) {
      const v = stack.pop()!;
      if (!isObj(v) || seen.has(v)) continue;
      switch (v.t) {
        case 'list': case 'tuple': case 'set': seen.add(v); stack.push(...v.items); break;
        case 'dict': seen.add(v); for (const [k, e] of v.map.values()) stack.push(k, e); break;
        case 'class': seen.add(v); stack.push(...v.attrs.values()); break;
        case 'instance': seen.add(v); stack.push(...v.attrs.values()); break;
        case 'func': { seen.add(v); const d = functionDefaults.get(v); if (d) stack.push(...d.values()); break; }
        case 'partial': seen.add(v); stack.push(v.fn, ...v.args, ...v.kw.values()); break;
        default: break;
      }
    }
  }

  id(): number {
    return this.nextId++;
  }

  get text(): string {
    return this.ctx.text;
  }

  get lines(): LineIndex {
    return this.ctx.lines;
  }

  /** The file of the code running now when it is not the analysed file (layers created there record it). */
  foreignFile(): string | undefined {
    return this.ctx.main ? undefined : this.ctx.path;
  }

  /** Runs `f` with the source context of a function or class defined in another file. */
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

  src(node: SyntaxNode): string {
    // Short texts (names, numbers) are remembered on the node object: code run many times reads them once.
    const m = node as SyntaxNode & { [SRC]?: string };
    const hit = m[SRC];
    if (hit !== undefined) return hit;
    const from = node.from, to = node.to;
    const text = this.text.slice(from, to);
    if (to - from <= 48) m[SRC] = text;
    return text;
  }

  line(node: SyntaxNode): number {
    return this.lines.line(node.from);
  }

  tick(n = 1): void {
    this.steps += n;
    // Written so that a NaN count (from a malformed range) exhausts the budget instead of disabling it.
    if (!(this.steps <= this.maxSteps)) throw new BudgetExceeded(msg('the evaluation step budget ({0}) ran out', this.maxSteps));
  }

  // ---- scopes ----

  lookup(name: string, scope: Scope): Value | undefined {
    for (let s: Scope | null = scope; s; s = s.parent) {
      const found = s.vars.get(name);
      if (found !== undefined || s.vars.has(name)) {
        const v = found !== undefined && (!isObj(found) || (found.t !== 'lazy' && found.t !== 'unknown')) ? found : this.force(s.vars, name);
        if (this.recorder && s === this.globals) this.noteRead(name, v);
        return v;
      }
      if (this.recorder && s === this.globals) this.noteRead(name, undefined);
    }
    return this.builtins.get(name);
  }

  /** Reads a variable, resolving a lazy import the first time it is used. */
  private force(vars: Map<string, Value>, name: string): Value {
    const v = vars.get(name)!;
    if (!isObj(v) || v.t !== 'lazy') {
      if (isObj(v) && v.t === 'unknown' && this.placeholders.has(v)) this.cycleRead();
      return v;
    }
    // Resolving a lazy import is not a write of the name (the recorder must not see one).
    const set = (x: Value) => (vars instanceof TrackedVars ? vars.setQuietly(name, x) : vars.set(name, x));
    const placeholder = unk(msg('`{0}` is still being imported (an import cycle)', name), name);
    this.placeholders.add(placeholder);
    set(placeholder);
    const r = v.resolve();
    set(r);
    return r;
  }

  /** Line of the last top-level assignment of each global name. */
  readonly globalLines = new Map<string, number>();
  private currentLine = 0;
  /** The scopes of the undecidable `if`s being run branch by branch, with the depth of uncertainty inside them. */
  private branches: { scope: Scope; depth: number }[] = [];

  assignName(name: string, value: Value, scope: Scope): void {
    if (scope === this.globals) this.globalLines.set(name, this.currentLine);
    if (scope.outer?.has(name)) {
      for (let s = scope.parent; s; s = s.parent) {
        if (s.vars.has(name) || !s.parent) {
          if (isFrozen(s.vars)) this.keepRestorable(s.vars);
          s.vars.set(name, value);
          return;
        }
      }
    }
    // In a branch of an undecidable `if`, its own scope is merged after the branches (runBranches).
    const branch = this.branches[this.branches.length - 1];
    const merged = branch !== undefined && branch.scope === scope && branch.depth === this.uncertain.length;
    scope.vars.set(name, this.uncertain.length && !merged && !isUnk(value) && scope.vars.has(name) && equal(scope.vars.get(name)!, value) !== true
      ? unk(msg('set under the undecidable condition {0}', this.uncertain[this.uncertain.length - 1]), name)
      : value);
  }

  // ---- statements ----

  execBlock(node: SyntaxNode | null, scope: Scope): void {
    if (!node) return;
    for (const st of kids(node)) this.exec(st, scope);
  }

  /** Runs the statements of a Script/Body, isolating failures of single statements. */
  exec(node: SyntaxNode, scope: Scope): void {
    if (this.nest >= MAX_NEST) throw new BudgetExceeded(msg('the code is nested deeper than {0} levels', MAX_NEST));
    this.nest++;
    try {
      this.execNode(node, scope);
    } finally {
      this.nest--;
    }
  }

  private execNode(node: SyntaxNode, scope: Scope): void {
    this.tick();
    switch (node.name) {
      case 'ExpressionStatement': for (const c of parts(node)) this.eval(c, scope); return;
      case 'RaiseStatement': {
        // `raise ValueError(...)` / `raise KeyError`: the class named; a bare `raise` re-raises what was caught.
        const e = kids(node)[1];
        const callee = e?.name === 'CallExpression' ? e.firstChild : e;
        const kind = callee && (callee.name === 'VariableName' || callee.name === 'MemberExpression') ? this.src(callee).split('.').pop()! : 'Exception';
        this.raise(kind);
        return;
      }
      case 'AssignStatement': return this.execAssign(node, scope);
      case 'UpdateStatement': return this.execUpdate(node, scope);
      case 'IfStatement': return this.execIf(node, scope);
      case 'ForStatement': return this.execFor(node, scope);
      case 'WhileStatement': return this.execWhile(node, scope);
      case 'FunctionDefinition': this.defineFunction(node, scope, []); return;
      case 'ClassDefinition': this.defineClass(node, scope, []); return;
      case 'DecoratedStatement': return this.execDecorated(node, scope);
      case 'ReturnStatement': {
        const ps = parts(node).slice(1);
        const v = ps.length === 0 ? null : ps.length === 1 ? this.eval(ps[0], scope) : this.tupleOf(ps, scope);
        throw new ReturnSignal(v);
      }
      case 'BreakStatement': throw new BreakSignal();
      case 'ContinueStatement': throw new ContinueSignal();
      case 'ImportStatement': return this.execImport(node, scope);
      case 'Body': case 'Script': return this.execBlock(node, scope);
      case 'TryStatement': {
        // The `try` body runs, then its `else:` (no exception was seen) and `finally:` bodies; handlers are code
        // the evaluator cannot prove reachable. Except when the body imports a package that may not be installed
        // and a handler catches the ImportError: which of the two ran is not known, so both run under uncertainty.
        const t = this.tryClauses(node);
        const mayFail = this.importMayFail(t);
        if (!mayFail) { this.execTry(t, scope); return; }
        this.uncertain.push(mayFail);
        try {
          // Each outcome (the body and its else, or one handler) runs as runUncertain; a name every outcome binds
          // keeps what each bound as the alternatives of its unknown (`Base = pl.LightningModule` / `Base =
          // nn.Module`), for the uses that hold whichever it is (a class base, see Host.commonBase).
          const outcomes = [[t.body, t.elseBody], ...t.handlers.map((h) => [h.body])];
          const bound = new Map<string, Value[]>();
          for (const blocks of outcomes) {
            const start = new Map(scope.vars);
            // As a branch of an undecidable `if`: its assignments are kept as they are until blurred below.
            this.branches.push({ scope, depth: this.uncertain.length });
            try {
              for (const b of blocks) if (b) this.runUncertain(b, scope, true);
            } finally {
              this.branches.pop();
            }
            for (const [k, v] of scope.vars) if (!start.has(k) || start.get(k) !== v) { const l = bound.get(k) ?? []; l.push(v); bound.set(k, l); }
            this.blurChanges(start, scope);
          }
          for (const [k, alts] of bound) {
            const v = scope.vars.get(k);
            if (alts.length === outcomes.length && isUnk(v ?? null) && alts.every((a) => !isUnk(a))) scope.vars.set(k, { ...(v as PyUnknown), alts });
          }
        } finally {
          this.uncertain.pop();
        }
        if (t.finallyBody) this.execBlock(t.finallyBody, scope);
        return;
      }
      case 'WithStatement': {
        const ps = parts(node);
        for (let i = 1; i < ps.length; i++) {
          if (ps[i].name === 'as' && ps[i + 1]) { this.assignTarget(ps[i + 1], unk(msg('a context manager value')), scope); i++; }
          else if (ps[i].name !== 'Body' && ps[i].name !== 'with') this.eval(ps[i], scope);
        }
        this.execBlock(child(node, 'Body'), scope);
        return;
      }
      case 'ScopeStatement': {
        const names = kids(node).filter((c) => c.name === 'VariableName').map((c) => this.src(c));
        scope.outer ??= new Set();
        for (const n of names) scope.outer.add(n);
        return;
      }
      case 'MatchStatement': return this.execMatch(node, scope);
      case 'YieldStatement': this.yieldValue(node, scope); return;
      case 'DeleteStatement': {
        for (const c of parts(node).slice(1)) if (c.name !== 'del') this.deleteTarget(c, scope);
        return;
      }
      default:
        // pass, assert, raise, print, ⚠ (syntax errors mid-edit) and the rest change nothing we track.
        return;
    }
  }

  private execDecorated(node: SyntaxNode, scope: Scope): void {
    const decorators = childrenNamed(node, 'Decorator');
    const def = child(node, 'FunctionDefinition') ?? child(node, 'ClassDefinition');
    if (!def) return;
    if (def.name === 'FunctionDefinition') this.defineFunction(def, scope, decorators);
    else this.defineClass(def, scope, decorators);
  }

  private execAssign(node: SyntaxNode, scope: Scope): void {
    if (scope === this.globals) this.currentLine = this.line(node);
    const ks = kids(node);
    // Targets are the groups before each `=`; the value is after the last one.
    const groups: SyntaxNode[][] = [[]];
    let annotated = false;
    for (const c of ks) {
      // An `=` the parser inserted to recover from an error (zero width): the statement binds nothing.
      if (c.name === 'AssignOp' && c.from === c.to) return;
      if (c.name === 'AssignOp') groups.push([]);
      else if (c.name === 'TypeDef') annotated = true;
      else if (c.name !== ',') groups[groups.length - 1].push(c);
    }
    if (groups.length === 1) {
      if (annotated) return; // `x: int` declares only
      return;
    }
    const valueNodes = groups.pop()!;
    const value = valueNodes.length === 1 && valueNodes[0].name !== '*' ? this.eval(valueNodes[0], scope) : this.tupleOf(valueNodes, scope);
    for (const targets of groups) {
      if (targets.length === 1) this.assignTarget(targets[0], value, scope);
      else this.assignUnpack(targets, value, scope);
    }
  }

  /** The `except` clauses of the `try` bodies running now (innermost last), with the uncertainty depth at entry. */
  private tries: { clauses: (string | null)[]; depth: number }[] = [];

  /** The parts of a try statement; a handler's clause is the text after `except` (null for a bare `except:`). */
  private tryClauses(node: SyntaxNode): TryClauses {
    const t: TryClauses = { body: null, handlers: [], elseBody: null, finallyBody: null };
    let clause = '';
    let exceptText: string | null = null;
    for (const c of kids(node)) {
      if (c.name === 'try' || c.name === 'else' || c.name === 'finally') { clause = c.name; continue; }
      if (c.name === 'except') { clause = 'except'; exceptText = null; continue; }
      if (c.name === 'Body') {
        if (clause === 'try') t.body = c;
        else if (clause === 'except') t.handlers.push({ clause: exceptText, body: c });
        else if (clause === 'else') t.elseBody = c;
        else if (clause === 'finally') t.finallyBody = c;
      } else if (clause === 'except') exceptText = (exceptText ? `${exceptText} ` : '') + this.src(c);
    }
    return t;
  }

  /**
   * try / except / else / finally, where the body may certainly raise (a missing dict key, an index out of range,
   * `raise ValueError(...)`): the rest of the body is skipped and the first matching handler runs, as in Python.
   */
  private execTry({ body, handlers, elseBody, finallyBody }: TryClauses, scope: Scope): void {
    this.tries.push({ clauses: handlers.map((h) => h.clause), depth: this.uncertain.length });
    let raised: PyRaise | null = null;
    try {
      if (body) this.execBlock(body, scope);
    } catch (e) {
      if (!(e instanceof PyRaise)) throw e;
      raised = e;
    } finally {
      this.tries.pop();
    }
    try {
      if (raised) {
        const h = handlers.find((x) => catches(x.clause, raised!.kind));
        if (!h) throw raised; // an outer try catches it (raise() checked that one does)
        this.execBlock(h.body, scope);
      } else if (elseBody) this.execBlock(elseBody, scope);
    } finally {
      if (finallyBody) this.execBlock(finallyBody, scope);
    }
  }

  /**
   * Python raises `kind` here for certain: thrown when an enclosing try (entered with no undecided condition since)
   * catches it; otherwise null, and the caller goes on with an unknown value as before.
   */
  raise(kind: string): null {
    for (let i = this.tries.length - 1; i >= 0; i--) {
      const t = this.tries[i];
      if (t.depth !== this.uncertain.length) return null;
      if (t.clauses.some((c) => catches(c, kind))) throw new PyRaise(kind);
    }
    return null;
  }

  /**
   * Why a `try` may end in its ImportError handler: its body imports (directly) a module that is neither a
   * framework nor the standard library nor a file of the workspace (`import apex`), or a workspace file whose own
   * import is such a module; and a handler catches ImportError (or Exception, or everything). Null otherwise.
   */
  private importMayFail({ body, handlers }: TryClauses): string | null {
    if (!body || !this.imports || !handlers.some((h) => catches(h.clause, 'ModuleNotFoundError'))) return null;
    for (const st of kids(body)) {
      if (st.name !== 'ImportStatement') continue;
      const sk = kids(st);
      let level = 0, dotted = '';
      if (sk[0]?.name === 'from') {
        const at = sk.findIndex((c) => c.name === 'import');
        const spec = sk.slice(1, at).map((c) => this.src(c)).join('');
        level = /^\.*/.exec(spec)![0].length;
        dotted = spec.slice(level);
      } else {
        const names: string[] = [];
        for (const c of sk.slice(1)) { if (c.name === 'VariableName') names.push(this.src(c)); else if (c.name !== '.') break; }
        dotted = names.join('.');
      }
      if (!level && isKnownExternal(dotted)) continue;
      const path = resolveModule(this.imports, this.ctx.path, level, dotted);
      if (!path) return level ? null : msg('whether `{0}` is installed', dotted);
      const mod = this.loadModule(level, dotted);
      if (mod && this.mayFailOnImport.has(mod)) return this.mayFailOnImport.get(mod)!;
    }
    return null;
  }

  /** Workspace modules whose import runs an import of a package that may not be installed (see importMayFail). */
  private mayFailOnImport = new WeakMap<PyModule, string>();

  /** An import of a package that may not be installed, not guarded by a try, while a workspace module loads. */
  private notePossiblyMissing(dotted: string): void {
    if (!dotted || isKnownExternal(dotted) || this.uncertain.length) return;
    const top = this.loading[this.loading.length - 1];
    const mod = top && this.modules.get(top.path);
    if (mod && !this.mayFailOnImport.has(mod)) this.mayFailOnImport.set(mod, msg('whether `{0}` (imported by {1}) is installed', dotted, mod.name));
  }

  private execUpdate(node: SyntaxNode, scope: Scope): void {
    const ks = kids(node);
    const target = ks[0], opNode = ks.find((c) => c.name === 'UpdateOp'), valNode = ks[ks.length - 1];
    if (!opNode || valNode === target) return;
    const op = this.src(opNode).slice(0, -1);
    const cur = this.eval(target, scope);
    const rhs = this.eval(valNode, scope);
    let result: Value;
    if (op === '+' && isObj(cur) && cur.t === 'list') {
      this.mutating(cur);
      const items = this.iterate(rhs);
      if (items === null) result = unk(msg('extended with an unknown sequence'), this.src(target));
      else { cur.items.push(...items); return; }
    } else if (op === '+' && isObj(cur) && (cur.t === 'layer' || cur.t === 'instance')) {
      // `modules += [...]` on a ModuleList / Sequential extends it in place.
      const extend = this.getAttr(cur, 'extend', this.line(node));
      if (isObj(extend) && extend.t !== 'unknown') { this.callValue(extend, [rhs], new Map(), this.line(node)); return; }
      result = this.arith(op, cur, rhs, this.line(node));
    } else result = this.arith(op, cur, rhs, this.line(node));
    this.assignTarget(target, result, scope);
  }

  private execIf(node: SyntaxNode, scope: Scope): void {
    const ks = kids(node);
    // Clauses: (if|elif) cond Body ... [else Body]
    const clauses: { cond: SyntaxNode | null; body: SyntaxNode }[] = [];
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i].name;
      if ((k === 'if' || k === 'elif') && ks[i + 1] && ks[i + 2]?.name === 'Body') { clauses.push({ cond: ks[i + 1], body: ks[i + 2] }); i += 2; }
      else if (k === 'else' && ks[i + 1]?.name === 'Body') { clauses.push({ cond: null, body: ks[i + 1] }); i += 1; }
    }
    for (let i = 0; i < clauses.length; i++) {
      const { cond, body } = clauses[i];
      if (!cond) { this.execBlock(body, scope); return; }
      const t = truthy(this.eval(cond, scope));
      if (t === true) { this.execBlock(body, scope); return; }
      if (t === null) {
        // Undecidable: run every remaining branch under uncertainty so whatever they set becomes unknown.
        const reason = `\`${this.src(cond).slice(0, 60)}\``;
        this.uncertain.push(reason);
        try {
          this.runBranches(clauses.slice(i).map((c) => c.body), clauses[clauses.length - 1].cond === null, scope);
        } finally {
          this.uncertain.pop();
        }
        return;
      }
    }
  }

  /** `match subject:` — the first case that matches runs; an undecidable one runs all the rest under uncertainty. */
  private execMatch(node: SyntaxNode, scope: Scope): void {
    const ks = kids(node);
    const body = child(node, 'MatchBody');
    const subjectNodes = ks.slice(1).filter((c) => c.name !== 'MatchBody' && c.name !== ',');
    if (!body || !subjectNodes.length) return;
    const subject = subjectNodes.length === 1 ? this.eval(subjectNodes[0], scope) : this.tupleOf(subjectNodes, scope);
    const clauses = childrenNamed(body, 'MatchClause');
    for (let i = 0; i < clauses.length; i++) {
      const c = clauses[i];
      const pattern = kids(c).find((k) => k.name !== 'case' && k.name !== 'Guard' && k.name !== 'Body' && k.name !== ':');
      const guard = child(c, 'Guard');
      let m: boolean | null = pattern ? this.matchPattern(pattern, subject, scope) : null;
      if (m === true && guard) {
        const cond = parts(guard).filter((g) => g.name !== 'if');
        m = cond.length === 1 ? truthy(this.eval(cond[0], scope)) : null;
      }
      if (m === true) { this.execBlock(child(c, 'Body'), scope); return; }
      if (m === null) {
        this.uncertain.push(msg('`case {0}` against {1}', pattern ? this.src(pattern).slice(0, 40) : '?', show(subject)));
        try {
          for (const rest of clauses.slice(i)) this.runUncertain(child(rest, 'Body')!, scope);
        } finally {
          this.uncertain.pop();
        }
        return;
      }
    }
  }

  /** Whether a case pattern matches (binding its captures), or null when that cannot be decided. */
  private matchPattern(p: SyntaxNode, v: Value, scope: Scope, depth = 0): boolean | null {
    if (depth > 100) return null;
    const ks = parts(p);
    switch (p.name) {
      case 'CapturePattern': {
        const name = this.src(ks[0] ?? p);
        if (name !== '_') this.assignName(name, v, scope);
        return true;
      }
      case 'LiteralPattern': {
        const lit = ks.length === 2 && this.src(ks[0]) === '-' ? unaryNeg(this.eval(ks[1], scope)) : ks.length === 1 ? this.eval(ks[0], scope) : unk(msg('a literal pattern'));
        return isUnk(v) || isUnk(lit) ? null : equal(v, lit);
      }
      case 'AttributePattern': {
        let val: Value | undefined = this.lookup(this.src(ks[0]), scope);
        for (const k of ks.slice(1)) if (k.name === 'PropertyName') val = this.getAttr(val ?? null, this.src(k), this.line(p));
        return val === undefined || isUnk(val) || isUnk(v) ? null : equal(v, val);
      }
      case 'OrPattern': {
        let undecided = false;
        for (const alt of ks.filter((k) => k.name !== 'LogicOp')) {
          const r = this.matchPattern(alt, v, scope, depth + 1);
          if (r === true) return true;
          if (r === null) undecided = true;
        }
        return undecided ? null : false;
      }
      case 'AsPattern': {
        const r = ks[0] ? this.matchPattern(ks[0], v, scope, depth + 1) : null;
        const name = ks.find((k) => k.name === 'VariableName');
        if (r === true && name) this.assignName(this.src(name), v, scope);
        return r;
      }
      case 'SequencePattern': {
        const items = ks;
        const raw = kids(p);
        // `(pattern)` groups; `(a, b)`, `[a, b]` match sequences of that length.
        if (items.length === 1 && raw[0]?.name === '(' && !raw.some((k) => k.name === ',')) return this.matchPattern(items[0], v, scope, depth + 1);
        if (isUnk(v)) return null;
        if (!isObj(v) || (v.t !== 'list' && v.t !== 'tuple')) {
          if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) return false;
          // Only sequences match: not dicts, sets, layers, nor instances of the file's classes unless a base
          // may make them one (a NamedTuple, a list subclass, collections.abc.Sequence).
          if (v.t === 'dict' || v.t === 'set' || v.t === 'layer' || v.t === 'float') return false;
          if (v.t === 'instance') return this.mayBeSequence(v.cls) ? null : false;
          return null;
        }
        if (items.some((k) => k.name === 'StarPattern')) return null;
        if (items.length !== v.items.length) return false;
        let undecided = false;
        for (let i = 0; i < items.length; i++) {
          const r = this.matchPattern(items[i], v.items[i], scope, depth + 1);
          if (r === false) return false;
          if (r === null) undecided = true;
        }
        return undecided ? null : true;
      }
      case 'ClassPattern': {
        // `case dict():` / `case nn.Conv2d():` — an isinstance test; `case int(c):` (the built-in types match
        // their one positional sub-pattern against the subject itself) and `case Stage(out_ch=c):` (keyword
        // sub-patterns against attributes) then match their sub-patterns.
        const args = child(p, 'PatternArgList');
        // Lezer reads `()` as one empty literal pattern (an error node inside).
        const subs = args ? parts(args).filter((k) => !(k.name === 'LiteralPattern' && kids(k).every((x) => x.name === '⚠'))) : [];
        if (!args) return null;
        const clsNodes = kids(p).filter((k) => k.name !== 'PatternArgList');
        let cls: Value | undefined = clsNodes[0] ? this.lookup(this.src(clsNodes[0]), scope) : undefined;
        for (const k of clsNodes.slice(1)) if (k.name === 'PropertyName') cls = this.getAttr(cls ?? null, this.src(k), this.line(p));
        const isinstance = this.builtinNamed('isinstance');
        if (cls === undefined || !isinstance) return null;
        const r = isinstance.call([v, cls], new Map(), this.line(p));
        if (typeof r !== 'boolean') return null;
        if (!r || !subs.length) return r;
        const positional = subs.filter((k) => k.name !== 'KeywordPattern');
        const selfMatching = isObj(cls) && cls.t === 'builtin' && SELF_MATCHING.has(cls.name);
        if (positional.length > (selfMatching ? 1 : 0)) return null;
        let undecided = false;
        for (const sub of subs) {
          let target: Value = v;
          let pat: SyntaxNode | undefined = sub;
          if (sub.name === 'KeywordPattern') {
            const ps = parts(sub);
            target = this.getAttr(v, this.src(ps[0]), this.line(p));
            pat = ps[ps.length - 1];
            if (isUnk(target) || ps.length < 2) { undecided = true; continue; }
          }
          const m = pat ? this.matchPattern(pat, target, scope, depth + 1) : null;
          if (m === false) return false;
          if (m === null) undecided = true;
        }
        return undecided ? null : true;
      }
      default:
        return null;
    }
  }

  /** Whether instances of a class may be sequences: a base that is a built-in type or a sequence-like library class. */
  private mayBeSequence(cls: PyClass, depth = 0): boolean {
    if (depth > 30) return true;
    return cls.bases.some((b) => !isObj(b) || b.t === 'builtin' || b.t === 'unknown'
      || (b.t === 'ext' && /NamedTuple|namedtuple|Sequence|UserList|UserString|deque|tuple|list|array/i.test(b.path))
      || (b.t === 'class' && this.mayBeSequence(b, depth + 1)));
  }

  /** Runs a block whose execution is not certain; assignments made in it become unknown. */
  /**
   * The branches of an undecidable `if`, each from the same start: a name they all leave bound to the same
   * value, or to tensors of one known shape (nanoGPT's `if self.flash:` fused or manual attention), keeps it;
   * whatever else they set becomes unknown, as in runUncertain. Without an `else`, the start is one outcome too.
   */
  private runBranches(bodies: SyntaxNode[], exhaustive: boolean, scope: Scope): void {
    const before = new Map(scope.vars);
    const outcomes: Map<string, Value>[] = exhaustive ? [] : [before];
    // Only what differs is written back (the globals record their writes for remembered reports).
    const restore = (vars: Map<string, Value>) => {
      for (const k of [...scope.vars.keys()]) if (!vars.has(k)) scope.vars.delete(k);
      for (const [k, v] of vars) if (!scope.vars.has(k) || scope.vars.get(k) !== v) scope.vars.set(k, v);
    };
    this.branches.push({ scope, depth: this.uncertain.length });
    try {
      for (const body of bodies) {
        restore(before);
        this.runUncertain(body, scope, true);
        outcomes.push(new Map(scope.vars));
      }
    } finally {
      this.branches.pop();
    }
    const merged = new Map(before);
    const names = new Set(outcomes.flatMap((o) => [...o.keys()]));
    const reason = this.uncertain[this.uncertain.length - 1];
    for (const k of names) {
      const vs = outcomes.map((o) => o.get(k));
      const first = vs[0];
      if (vs.every((v) => v !== undefined && sameOutcome(first!, v))) { merged.set(k, first!); continue; }
      const old = before.get(k);
      // A def or class that only some branches bind stays (the code calls it where it exists).
      const def = vs.find((v) => v !== undefined && v !== old && isObj(v) && (v.t === 'func' || v.t === 'class'));
      if (def !== undefined && (old === undefined || isUnk(old)) && vs.every((v) => v === undefined || v === old || v === def)) { merged.set(k, def); continue; }
      const known = vs.find((v) => v !== undefined && isUnk(v));
      merged.set(k, known ?? unk(msg('set under the undecidable condition {0}', reason), k));
    }
    restore(merged);
  }

  private runUncertain(body: SyntaxNode, scope: Scope, keep = false): void {
    const before = new Map(scope.vars);
    try {
      this.execBlock(body, scope);
    } catch (e) {
      if (e instanceof ReturnSignal) {
        const f = this.frames[this.frames.length - 1];
        if (f) f.uncertainReturns.push(e.value);
      } else if (!(e instanceof BreakSignal || e instanceof ContinueSignal)) throw e;
    }
    if (!keep) this.blurChanges(before, scope);
  }

  /** What a block run under uncertainty changed since `before` becomes unknown (defs and classes it adds stay). */
  private blurChanges(before: Map<string, Value>, scope: Scope): void {
    const reason = this.uncertain[this.uncertain.length - 1];
    for (const [k, v] of scope.vars) {
      const old = before.get(k);
      // The same object is unchanged even when its content is unknown (equal() cannot tell then).
      // Two defs or classes are the same only when they are the same object (two `class Block` are not).
      const sameDef = isObj(v) && (v.t === 'func' || v.t === 'class') ? old === v : equal(old!, v) === true;
      if (!before.has(k) || (old !== v && !sameDef)) {
        // A def or class that only one branch binds stays (the code calls it where it exists); one that replaces
        // another def or class, or a value, is one of two and is not known.
        const defines = isObj(v) && (v.t === 'func' || v.t === 'class') && (!before.has(k) || isUnk(old!));
        if (!isUnk(v) && !defines) scope.vars.set(k, unk(msg('set under the undecidable condition {0}', reason), k));
      }
    }
  }

  private execFor(node: SyntaxNode, scope: Scope): void {
    const ks = kids(node);
    const inIdx = ks.findIndex((c) => c.name === 'in');
    const body = child(node, 'Body');
    if (inIdx < 0 || !body) return;
    const targets = ks.slice(1, inIdx).filter((c) => c.name !== ',');
    // The iterable: what lies between `in` and the loop body (a `for … else` has a second body after `else`).
    const bodyIdx = ks.indexOf(body);
    const iterNodes = ks.slice(inIdx + 1, bodyIdx).filter((c) => c.name !== ',' && c.name !== ':');
    const iterable = iterNodes.length === 1 ? this.eval(iterNodes[0], scope) : this.tupleOf(iterNodes, scope);
    const items = this.iterate(iterable);
    if (items === null) {
      const reason = msg('`for` over {0}', isUnk(iterable) ? iterable.reason : msg('an unknown sequence'));
      this.uncertain.push(reason);
      try {
        for (const t of targets) this.assignTarget(t, unk(reason, this.src(t)), scope);
        this.runUncertain(body, scope);
      } finally { this.uncertain.pop(); }
      return;
    }
    for (const item of items) {
      this.tick();
      if (targets.length === 1) this.assignTarget(targets[0], item, scope);
      else this.assignUnpack(targets, item, scope);
      try {
        this.execBlock(body, scope);
      } catch (e) {
        if (e instanceof BreakSignal) return;
        if (e instanceof ContinueSignal) continue;
        throw e;
      }
    }
    // for … else
    const bodies = childrenNamed(node, 'Body');
    if (bodies.length > 1) this.execBlock(bodies[1], scope);
  }

  private execWhile(node: SyntaxNode, scope: Scope): void {
    const ps = parts(node);
    const cond = ps[1], body = child(node, 'Body');
    if (!cond || !body) return;
    for (;;) {
      this.tick();
      const t = truthy(this.eval(cond, scope));
      if (t === false) {
        // while … else: the else body runs when the loop ends without break.
        const bodies = childrenNamed(node, 'Body');
        if (bodies.length > 1) this.execBlock(bodies[1], scope);
        return;
      }
      if (t === null) {
        const reason = `\`while ${this.src(cond).slice(0, 60)}\``;
        const orElse = childrenNamed(node, 'Body')[1];
        this.uncertain.push(reason);
        try {
          this.runUncertain(body, scope);
          if (orElse) this.runUncertain(orElse, scope);
        } finally { this.uncertain.pop(); }
        return;
      }
      try {
        this.execBlock(body, scope);
      } catch (e) {
        if (e instanceof BreakSignal) return;
        if (e instanceof ContinueSignal) continue;
        throw e;
      }
    }
  }

  private execImport(node: SyntaxNode, scope: Scope): void {
    const ks = kids(node);
    if (ks[0]?.name === 'from') {
      // from ..a.b import c as d, e   /   from . import x   /   from m import *
      const importIdx = ks.findIndex((c) => c.name === 'import');
      const spec = ks.slice(1, importIdx).map((c) => this.src(c)).join('');
      const level = /^\.*/.exec(spec)![0].length;
      const dotted = spec.slice(level);
      const rest = ks.slice(importIdx + 1).filter((c) => c.name !== ',' && c.name !== '(' && c.name !== ')');
      const ctx = this.ctx;
      // As Python does: the module runs now (once per analysis), and each name is bound to its value now, so a
      // later change of the module's global is not seen here, and the module's side effects (a registry filled,
      // a class patched) happen at this line.
      let loaded: PyModule | null | undefined;
      const mod = () => (loaded === undefined ? (loaded = this.inCtx(ctx, () => this.loadModule(level, dotted))) : loaded);
      for (let i = 0; i < rest.length; i++) {
        const n = rest[i];
        if (n.name === '*') {
          const d = mod();
          const m = d && this.undefer(d);
          if (m) for (const [k, v] of this.publicNames(m)) scope.vars.set(k, v);
          continue;
        }
        let alias = this.src(n);
        const name = alias;
        if (rest[i + 1]?.name === 'as' && rest[i + 2]) { alias = this.src(rest[i + 2]); i += 2; }
        const fallback: Value = level ? { t: 'ext', path: `${spec}${spec.endsWith('.') ? '' : '.'}${name}` } : extValue(`${spec}.${name}`);
        if (!this.imports || (!level && !resolveModule(this.imports, ctx.path, 0, dotted))) {
          if (!level) this.notePossiblyMissing(dotted);
          scope.vars.set(alias, fallback);
          continue;
        }
        const resolve = (final: boolean): Value | undefined => {
          let m = mod();
          if (m && !m.deferred && m.globals.vars.has(name)) return this.force(m.globals.vars, name);
          // `from pkg import submodule`
          const sub = this.inCtx(ctx, () => this.loadModule(level, dotted ? `${dotted}.${name}` : name));
          if (sub) return sub;
          if (m?.deferred) {
            m = this.undefer(m);
            if (m.globals.vars.has(name)) return this.force(m.globals.vars, name);
          }
          // Not defined yet in a module still loading: Python runs a package's parents first, which this
          // evaluator does not, so such a cycle is usually one Python never meets. The name is read at its
          // first use instead, once the module has finished.
          if (m?.loading && !final) return undefined;
          if (m?.loading) this.cycleRead();
          if (m) return { ...unk(msg('`{0}` is not defined in {1}', name, m.name), name), opaque: `${m.name}.${name}` };
          return fallback;
        };
        scope.vars.set(alias, resolve(false) ?? { t: 'lazy', resolve: () => resolve(true)! });
      }
      return;
    }
    // import a.b.c [as d], e
    const rest = ks.slice(1);
    let i = 0;
    while (i < rest.length) {
      const names: string[] = [];
      while (i < rest.length && (rest[i].name === 'VariableName' || rest[i].name === '.')) {
        if (rest[i].name === 'VariableName') names.push(this.src(rest[i]));
        i++;
      }
      if (names.length && (!this.imports || !resolveModule(this.imports, this.ctx.path, 0, names.join('.')))) this.notePossiblyMissing(names.join('.'));
      if (rest[i]?.name === 'as' && rest[i + 1]) {
        const mod = this.loadModule(0, names.join('.'));
        scope.vars.set(this.src(rest[i + 1]), mod ?? { t: 'ext', path: names.join('.') });
        i += 2;
      } else if (names.length) {
        const mod = this.loadModule(0, names[0]);
        if (mod) for (let j = 2; j <= names.length; j++) this.loadModule(0, names.slice(0, j).join('.'));
        scope.vars.set(names[0], mod ?? { t: 'ext', path: names[0] });
      }
      if (rest[i]?.name === ',') i++;
      else if (i < rest.length && rest[i].name !== 'VariableName') i++;
    }
  }

  private publicNames(mod: PyModule): [string, Value][] {
    const all = mod.globals.vars.get('__all__');
    if (isObj(all ?? null) && ((all as { t: string }).t === 'list' || (all as { t: string }).t === 'tuple')) {
      const names = (all as { items: Value[] }).items.filter((x): x is string => typeof x === 'string');
      return names.filter((n) => mod.globals.vars.has(n)).map((n) => [n, mod.globals.vars.get(n)!]);
    }
    return [...mod.globals.vars].filter(([k]) => !k.startsWith('_'));
  }

  importedFiles(): string[] {
    const out = [...this.modules.keys()].filter((p) => p !== this.mainCtx.path);
    for (const p of this.sharedLoaded) if (!this.modules.has(p)) out.push(p);
    return out;
  }

  /**
   * Loads (once) and evaluates a module of the workspace; null when the import is not a workspace file. A module
   * an earlier analysis evaluated is reused while every file its evaluation read is unchanged (module-cache.ts).
   */
  loadModule(level: number, dotted: string): PyModule | null {
    const imports = this.imports;
    if (!imports) return null;
    const path = resolveModule(imports, this.ctx.path, level, dotted);
    if (!path) return null;
    const have = this.modules.get(path);
    if (have) return have;
    if (this.ancestorPackages().has(path)) {
      const placeholder: PyModule = { t: 'module', name: dotted || path, path, globals: { vars: new Map<string, Value>([['__name__', dotted || path]]), parent: null }, deferred: true };
      this.modules.set(path, placeholder);
      return placeholder;
    }
    return this.evaluateModule(path, dotted || path);
  }

  private ancestors: Set<string> | undefined;
  /** The `__init__.py` of every package above the analysed file (see PyModule.deferred). */
  private ancestorPackages(): Set<string> {
    if (!this.ancestors) {
      this.ancestors = new Set();
      const reader = this.imports?.reader;
      let dir = dirname(this.mainCtx.path);
      for (let i = 0; reader && i < 30 && dir !== '/' && dir !== '.' && dir !== ''; i++) {
        const init = `${dir}/__init__.py`;
        if (init !== this.mainCtx.path && reader.read(init) === null) break;
        if (init !== this.mainCtx.path) this.ancestors.add(init);
        dir = dirname(dir);
      }
    }
    return this.ancestors;
  }

  /** The key under which imported modules are shared (module-cache.ts). */
  private shareOptions(): string {
    return JSON.stringify([this.imports!.roots, this.imports!.maxBytes ?? null, messagesVersion()]);
  }

  /** The same for a module that reaches a deferred package: its evaluation holds for these packages only. */
  private ancestorKey(): string {
    return [...this.ancestorPackages()].join('|');
  }

  /** A deferred package evaluated (once per analysis): the names of its `__init__.py` are needed. */
  undefer(mod: PyModule): PyModule {
    if (!mod.deferred) return mod;
    const have = this.modules.get(mod.path);
    if (have && !have.deferred) return have;
    this.modules.delete(mod.path);
    return this.evaluateModule(mod.path, mod.name);
  }

  /** Evaluates the module at `path` (or reuses an earlier analysis's evaluation of it) and enters it in `modules`. */
  private evaluateModule(path: string, name: string): PyModule {
    const imports = this.imports!;
    const options = this.shareOptions();
    const reused = sharedModule(path, [options, `${options}|${this.ancestorKey()}`], (p) => imports.reader.read(p));
    if (reused) {
      this.modules.set(path, reused.mod);
      for (const p of reused.loaded) this.sharedLoaded.add(p);
      // Its import filled registries of other (shared) modules: it does so again now, as a write of the modules
      // importing it (their reuse must repeat it too).
      const by = this.loading.map((l) => l.path);
      for (const w of reused.writes ?? []) {
        this.keepRestorable(w.dict);
        w.dict.map.set(w.keyStr, [w.key, w.value]);
        if (by.length) this.registryWrites.push({ ...w, by });
      }
      return reused.mod;
    }
    const log = new Map<string, string | null>();
    this.readLogs.push(log);
    const text = imports.reader.read(path) ?? '';
    const mod: PyModule = { t: 'module', name, path, globals: { vars: new Map<string, Value>([['__name__', name]]), parent: null }, loading: true };
    // Modules are entered in `modules` in load order: those after this one are the ones it loaded.
    const firstLoaded = this.modules.size;
    this.modules.set(path, mod);
    const state = { path, clean: this.uncertain.length === 0 };
    this.loading.push(state);
    const ids = this.nextId, instances = this.instancesMade;
    const savedSteps = this.steps, savedUncertain = this.uncertain;
    try {
      if (text.length > (imports.maxBytes ?? 1_000_000)) return mod;
      const ctx: ModuleCtx = { path, text, lines: new LineIndex(text), main: false, module: name };
      const tree = parsePython(text, true);
      // A module gets its own step allowance; an overrun leaves it partly defined.
      this.steps = 0;
      this.uncertain = [];
      this.inCtx(ctx, () => {
        for (const st of kids(tree.topNode)) {
          if (this.strayIndented(st)) continue;
          try {
            this.exec(st, mod.globals);
          } catch (e) {
            if (e instanceof BudgetExceeded) { for (const l of this.loading) l.clean = false; break; }
            if (e instanceof ReturnSignal || e instanceof BreakSignal || e instanceof ContinueSignal) continue;
            throw e;
          }
        }
      });
    } finally {
      this.steps = savedSteps;
      this.uncertain = savedUncertain;
      mod.loading = false;
      this.loading.pop();
      this.readLogs.pop();
    }
    // A module whose import may fail makes the import of the module importing it (unguarded) fail too.
    const why = this.mayFailOnImport.get(mod);
    const parent = this.loading[this.loading.length - 1];
    const parentMod = parent && this.modules.get(parent.path);
    if (why && parentMod && !this.uncertain.length && !this.mayFailOnImport.has(parentMod)) this.mayFailOnImport.set(parentMod, why);
    // Shared only when it made no framework objects (ids other than instances of Python classes), once every
    // module of this import has finished.
    this.pendingShares.push({ mod, log, clean: state.clean && this.nextId - ids === this.instancesMade - instances, options, firstLoaded });
    if (!this.loading.length) this.settleShares();
    return mod;
  }

  private pendingShares: { mod: PyModule; log: Map<string, string | null>; clean: boolean; options: string; firstLoaded: number }[] = [];

  /**
   * Shares the modules an import evaluated. Each first has its from-imports resolved (a lazy import belongs to
   * this evaluator), now that no module is half loaded; resolving may load more modules, shared in turn.
   */
  private settleShares(): void {
    while (this.pendingShares.length) {
      const p = this.pendingShares.shift()!;
      if (!p.clean) continue;
      const state = { path: p.mod.path, clean: true };
      this.loading.push(state);
      this.readLogs.push(p.log);
      try {
        this.inCtx(undefined, () => this.resolveLazies(p.mod));
      } finally {
        this.readLogs.pop();
        this.loading.pop();
      }
      if (!state.clean) continue;
      // Not shared when another module's import changed one of its values (its own import changing another
      // module's value made it unclean already: see noteLoadMutation).
      const path = p.mod.path;
      const changedByOthers = (o: object) => { const by = this.loadMutations.get(o); return !!by && [...by].some((x) => x !== path); };
      // Its registry writes into other modules' dicts: replayed on reuse, so only when those are shared too.
      const own = this.registryWrites.filter((w) => w.by.includes(path));
      if (own.some((w) => !isFrozen(w.dict))) continue;
      // Others' registry writes into its dicts: shared as it was before them, then written again for this analysis.
      const others = this.registryWrites.filter((w) => !w.by.includes(path));
      const mine = others.length ? reachable(p.mod) ?? new Set<object>() : null;
      const into = others.filter((w) => mine!.has(w.dict));
      for (const w of [...into].reverse()) { if (w.old) w.dict.map.set(w.keyStr, w.old); else w.dict.map.delete(w.keyStr); }
      const ok = shareModule({ mod: p.mod, reads: p.log, loaded: [...this.modules.keys()].slice(p.firstLoaded + 1), options: p.options, ...(own.length ? { writes: own } : {}) }, changedByOthers, `${p.options}|${this.ancestorKey()}`);
      for (const w of into) { if (ok) this.keepRestorable(w.dict); w.dict.map.set(w.keyStr, [w.key, w.value]); }
    }
    if (!this.pendingShares.length) { this.loadMutations.clear(); this.reachOf.clear(); this.registryWrites = []; }
  }

  /** Values that stand for a name while its import is being resolved. */
  private placeholders = new WeakSet<object>();

  /**
   * A module being evaluated read a name of a module that was still loading (an import cycle): what it got
   * depends on the order of imports, so none of the modules being evaluated is shared.
   */
  private cycleRead(): void {
    for (const l of this.loading) l.clean = false;
  }

  /** Resolves the lazy from-imports of a module's globals. */
  private resolveLazies(mod: PyModule): void {
    for (const [k, v] of mod.globals.vars) {
      if (!isObj(v) || v.t !== 'lazy') continue;
      try {
        this.force(mod.globals.vars, k);
      } catch (e) {
        if (!(e instanceof BudgetExceeded)) throw e;
        for (const l of this.loading) l.clean = false;
        return;
      }
    }
  }

  // ---- definitions ----

  defineFunction(node: SyntaxNode, scope: Scope, decorators: SyntaxNode[], owner?: PyClass): PyFunction {
    const nameNode = child(node, 'VariableName');
    const name = nameNode ? this.src(nameNode) : '<lambda>';
    let kind: PyFunction['kind'] = 'function';
    const fn: PyFunction = { t: 'func', name, node, closure: scope, kind, line: this.line(node), owner, ctx: this.ctx };
    this.params(node, scope, fn);
    let value: Value = fn;
    // `@x.setter` / `@x.deleter`: the property x keeps its getter (the def is not what reading x runs).
    let accessor = false;
    for (const d of decorators.slice().reverse()) {
      const text = this.src(d).replace(/^@/, '').replace(/#.*$/gm, '').replace(/\s+/g, '');
      if (/^\w+\.(setter|deleter)$/.test(text) && scope.vars.has(name)) accessor = true;
      if (text === 'staticmethod') kind = 'static';
      else if (text === 'classmethod') kind = 'class';
      else if (text === 'property' || text.endsWith('.setter') || text === 'cached_property' || text.endsWith('.cached_property')) kind = 'property';
      else {
        // A decorator that can be evaluated runs (a registry's `@register_model()` records the function), and what
        // it returns replaces the def, as in Python. Except a wrapper function from another file (a library's
        // logging or legacy-argument shim made with functools.wraps): it is taken to call the function it wraps,
        // so the def stays bound and its builders are evaluated as written. An unknown decorator is transparent.
        const dec = this.decorator(d, scope);
        if (isObj(dec) && (dec.t === 'func' || dec.t === 'partial' || dec.t === 'bound')) {
          const r = this.callValue(dec, [value], new Map(), this.line(d));
          if (isObj(r) && (r.t === 'partial' || r.t === 'class' || (r.t === 'func' && r.ctx === this.mainCtx))) {
            if (r.t === 'func' && r !== fn) wrappedDefs.set(r, fn);
            value = r;
          }
        }
      }
    }
    fn.kind = kind;
    if (nameNode && !accessor && !(this.uncertain.length && scope.vars.has(name))) scope.vars.set(name, value);
    return fn;
  }

  /**
   * The value of a decorator expression. @lezer/python gives its parts flat (`@reg.x(1)` is VariableName . VariableName
   * ArgList): a name, attribute accesses and calls, applied left to right. Anything else is not evaluated (null).
   */
  private decorator(d: SyntaxNode, scope: Scope): Value {
    // Its children with the dots (parts() leaves punctuation out).
    const ps = kids(d).filter((c) => c.name !== 'At' && c.name !== 'Comment');
    if (ps.length === 1) return this.safeEval(ps[0], scope);
    if (ps[0]?.name !== 'VariableName') return null;
    try {
      let v = this.eval(ps[0], scope);
      for (let i = 1; i < ps.length; i++) {
        const c = ps[i];
        if (c.name === '.' && ps[i + 1]?.name === 'VariableName') { v = this.getAttr(v, this.src(ps[++i]), this.line(d)); continue; }
        if (c.name !== 'ArgList') return null;
        const { args, kw } = this.args(c, scope);
        v = this.callValue(v, args, kw, this.line(d));
      }
      return v;
    } catch (e) {
      if (e instanceof BudgetExceeded || e instanceof ReturnSignal || e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof PyRaise) throw e;
      return null;
    }
  }

  /** Parameters of a def/lambda; defaults evaluated at definition time, as Python does. */
  private params(node: SyntaxNode, scope: Scope, fn: PyFunction): void {
    const list = child(node, 'ParamList');
    const out: Param[] = [];
    const defaults = new Map<string, Value>();
    if (list) {
      const ks = kids(list);
      let mode: Param['kind'] = 'pos';
      for (let i = 0; i < ks.length; i++) {
        const c = ks[i];
        if (c.name === '*') {
          const next = ks[i + 1];
          if (next?.name === 'VariableName') { out.push({ name: this.src(next), kind: 'star' }); i++; }
          mode = 'kwonly';
        } else if (c.name === '**') {
          const next = ks[i + 1];
          if (next?.name === 'VariableName') { out.push({ name: this.src(next), kind: 'dstar' }); i++; }
        } else if (c.name === 'VariableName') {
          const p: Param = { name: this.src(c), kind: mode };
          let j = i + 1;
          if (ks[j]?.name === 'TypeDef') j++;
          if (ks[j]?.name === 'AssignOp' && ks[j + 1]) {
            p.default = this.safeEval(ks[j + 1], scope);
            defaults.set(p.name, p.default);
            i = j + 1;
          } else i = j - 1;
          out.push(p);
        }
      }
    }
    functionParams.set(node, out);
    functionDefaults.set(fn, defaults);
  }

  paramsOf(fn: PyFunction): Param[] {
    return functionParams.get(fn.node) ?? [];
  }

  defineClass(node: SyntaxNode, scope: Scope, decorators: SyntaxNode[]): PyClass {
    const nameNode = child(node, 'VariableName');
    const name = nameNode ? this.src(nameNode) : '<class>';
    const bases: Value[] = [];
    const argList = child(node, 'ArgList');
    if (argList) {
      const ps = parts(argList);
      for (let i = 0; i < ps.length; i++) {
        if (ps[i].name === 'VariableName' && ps[i + 1]?.name === 'AssignOp') { i += 2; continue; }
        const b = this.safeEval(ps[i], scope);
        // A base that is one of several classes (chosen by a try / except ImportError) the framework counts alike.
        bases.push(isUnk(b) && b.alts ? this.host.commonBase?.(b.alts) ?? b : b);
      }
    }
    const cls: PyClass = { t: 'class', name, bases, attrs: new Map(), line: this.line(node), node, ctx: this.ctx };
    const body = child(node, 'Body');
    const classScope: Scope = { vars: cls.attrs, parent: scope };
    if (body) {
      for (const st of kids(body)) {
        try {
          if (st.name === 'FunctionDefinition') this.defineMethod(st, [], cls, scope);
          else if (st.name === 'DecoratedStatement') {
            const def = child(st, 'FunctionDefinition');
            if (def) this.defineMethod(def, childrenNamed(st, 'Decorator'), cls, scope);
            else this.exec(st, classScope);
          } else this.exec(st, classScope);
        } catch (e) {
          if (e instanceof BudgetExceeded || e instanceof PyRaise) throw e;
        }
      }
    }
    if (decorators.some((d) => /^@\s*(dataclasses\.)?dataclass\b/.test(this.src(d)))) this.makeDataclass(cls, body);
    // A typing.NamedTuple subclass takes its annotated fields as a dataclass does (positionally or by name).
    else if (this.externalBase(cls, (p) => p === 'typing.NamedTuple' || p === 'typing_extensions.NamedTuple')) this.makeNamedTuple(cls, body);
    // Decorators that can be evaluated (a registry's `@register` / `@register('name')`) run on the class, innermost
    // first; one that cannot be resolved is taken as leaving the class as it is.
    let value: Value = cls;
    for (const d of decorators.slice().reverse()) {
      const dec = this.decorator(d, scope);
      if (!isObj(dec) || (dec.t !== 'func' && dec.t !== 'partial' && dec.t !== 'bound')) continue;
      const r = this.callValue(dec, [value], new Map(), this.line(d));
      // As for functions: a class it returns replaces it; a wrapper function is taken to stand for the class.
      if (isObj(r) && (r.t === 'class' || r.t === 'partial')) value = r;
    }
    if (nameNode) scope.vars.set(name, value);
    return cls;
  }

  /** @dataclass: an __init__ that takes the annotated fields (the bases' first) in order, with their defaults. */
  private makeDataclass(cls: PyClass, body: SyntaxNode | null, names?: string[]): void {
    const own: string[] = names ? [...names] : [];
    for (const st of body ? kids(body) : []) {
      const first = st.firstChild;
      if (st.name === 'AssignStatement' && first?.name === 'VariableName' && child(st, 'TypeDef')) own.push(this.src(first));
    }
    const inherited: string[] = [];
    for (const c of this.mro(cls).slice(1)) {
      const f = c.t === 'class' ? c.attrs.get('__dataclass_fields__') : undefined;
      if (isObj(f ?? null) && (f as { t: string }).t === 'tuple') for (const x of (f as { items: Value[] }).items) if (typeof x === 'string' && !inherited.includes(x)) inherited.push(x);
    }
    const fields = [...inherited, ...own.filter((f) => !inherited.includes(f))];
    cls.attrs.set('__dataclass_fields__', { t: 'tuple', items: fields });
    cls.attrs.set('__init__', {
      t: 'builtin', name: `${cls.name}.__init__`, method: true,
      call: (args, kw) => this.dataclassInit(cls, fields, args, kw),
      forInterp: (i) => (args, kw) => i.dataclassInit(cls, fields, args, kw),
    });
  }

  /** `dataclasses.replace(obj, **changes)` / a NamedTuple's `obj._replace(**changes)`: a new object built from obj's fields. */
  replaceFields(obj: Value, changes: Map<string, Value>, line: number): Value {
    const f = isObj(obj) && obj.t === 'instance' ? this.classAttr(obj.cls, '__dataclass_fields__') : undefined;
    if (!isObj(obj) || obj.t !== 'instance' || !isObj(f ?? null) || (f as { t: string }).t !== 'tuple') return unk(msg('a copy of {0} with changed fields', show(obj)));
    const kw = new Map<string, Value>();
    for (const name of (f as { items: Value[] }).items) {
      if (typeof name !== 'string') continue;
      const d = this.classAttr(obj.cls, name);
      // A field that __init__ does not take (field(init=False)) is set again by the new object's own __init__.
      if (isObj(d ?? null) && (d as PyBuiltin).t === 'builtin' && (d as PyBuiltin).field?.init === false) continue;
      kw.set(name, changes.has(name) ? changes.get(name)! : this.getAttr(obj, name, line));
    }
    for (const k of changes.keys()) if (!kw.has(k)) return unk(msg('`{0}` has no field `{1}`', obj.cls.name, k));
    return this.instantiate(obj.cls, [], kw, line);
  }

  /**
   * `types.SimpleNamespace(embed_dim=8)` / `argparse.Namespace(...)`: an object whose attributes are the keywords
   * (fairseq-style `args`), read with getattr and changed by assignment like any object of the file.
   */
  private namespace(node: SyntaxNode, path: string, args: Value[], kw: Map<string, Value>): Value {
    if (args.length || kw.has('**')) return unk(msg('`{0}` of arguments that are not known', path));
    const cls: PyClass = { t: 'class', name: path.split('.').pop()!, bases: [], attrs: new Map(), line: this.line(node), node, ctx: this.ctx };
    return { t: 'instance', cls, attrs: new Map(kw), line: this.line(node), id: this.id() };
  }

  /** `collections.namedtuple('BlockArgs', ['kernel_size', ...], defaults=...)`: a class like a NamedTuple's. */
  private namedTupleClass(node: SyntaxNode, args: Value[], kw: Map<string, Value>): Value {
    const name = args[0] ?? kw.get('typename') ?? null;
    const spec = args[1] ?? kw.get('field_names') ?? null;
    const names = typeof spec === 'string' ? spec.replace(/,/g, ' ').split(/\s+/).filter(Boolean) : this.iterate(spec);
    if (typeof name !== 'string' || !names || !names.every((f) => typeof f === 'string' && /^[A-Za-z]\w*$/.test(f))) {
      return unk(msg('a namedtuple whose fields are not known'));
    }
    const cls: PyClass = { t: 'class', name, bases: [], attrs: new Map(), line: this.line(node), node, ctx: this.ctx };
    const fields = names as string[];
    const defaults = kw.has('defaults') ? this.iterate(kw.get('defaults')!) : [];
    if (defaults === null || defaults.length > fields.length) return unk(msg('a namedtuple whose fields are not known'));
    // Defaults apply to the rightmost fields.
    defaults.forEach((d, i) => cls.attrs.set(fields[fields.length - defaults.length + i], d));
    this.makeNamedTuple(cls, null, fields);
    return cls;
  }

  /**
   * `class Spec(NamedTuple)` with annotated fields: built like a dataclass, read by attribute, copied with
   * `_replace(**changes)`. (Indexing and unpacking it as a tuple are not followed.)
   */
  private makeNamedTuple(cls: PyClass, body: SyntaxNode | null, names?: string[]): void {
    this.makeDataclass(cls, body, names);
    const fields = cls.attrs.get('__dataclass_fields__') ?? null;
    cls.attrs.set('_fields', fields);
    cls.attrs.set('_replace', {
      t: 'builtin', name: `${cls.name}._replace`, method: true,
      call: (args, kw, line) => this.replaceFields(args[0] ?? null, kw, line),
      forInterp: (i) => (args, kw, line) => i.replaceFields(args[0] ?? null, kw, line),
    });
  }

  dataclassInit(cls: PyClass, fields: string[], args: Value[], kw: Map<string, Value>): Value {
    const [self, ...rest] = args;
    let at = 0;
    for (const f of fields) {
      const d = this.classAttr(cls, f);
      const spec = isObj(d ?? null) && (d as PyBuiltin).t === 'builtin' ? (d as PyBuiltin).field : undefined;
      // field(init=False): not a parameter; set from its default, or left for __post_init__.
      let v: Value | undefined = spec && !spec.init ? undefined : at < rest.length ? rest[at++] : kw.get(f);
      if (v === undefined) {
        if (spec?.factory !== undefined) v = this.callValue(spec.factory, [], new Map(), cls.line);
        else if (spec) v = spec.default ?? (spec.init ? unk(msg('the dataclass field `{0}` has no value', f), f) : undefined);
        else v = d !== undefined && !(isObj(d) && (d.t === 'func' || d.t === 'builtin')) ? d : unk(msg('the dataclass field `{0}` has no value', f), f);
      }
      if (v !== undefined) this.setAttr(self ?? null, f, v);
    }
    // The generated __init__ ends by calling __post_init__ when the class has one.
    const post = this.classAttr(cls, '__post_init__');
    if (post !== undefined && self !== undefined) this.callValue(post, [self], new Map(), cls.line);
    return null;
  }

  /** A builtin of this evaluator by name (for builtins of shared modules, see PyBuiltin.forInterp). */
  builtinNamed(name: string): PyBuiltin | undefined {
    const b = this.builtins.get(name);
    return isObj(b ?? null) && (b as PyBuiltin).t === 'builtin' ? (b as PyBuiltin) : undefined;
  }

  private defineMethod(def: SyntaxNode, decorators: SyntaxNode[], cls: PyClass, scope: Scope): void {
    // Methods close over the enclosing scope, not the class body (Python's rule).
    const tmp: Scope = { vars: new Map(), parent: scope };
    const fn = this.defineFunction(def, tmp, decorators, cls);
    // `@x.setter` of a property x defined above: x stays the getter.
    const accessor = decorators.some((d) => /^@\s*\w+\s*\.\s*(setter|deleter)\s*(#.*)?$/.test(this.src(d).trim()));
    if (accessor && cls.attrs.has(fn.name)) return;
    const bound = tmp.vars.get(fn.name);
    cls.attrs.set(fn.name, bound ?? fn);
  }

  // ---- assignment ----

  assignTarget(target: SyntaxNode, value: Value, scope: Scope): void {
    switch (target.name) {
      case 'VariableName': this.assignName(this.src(target), value, scope); return;
      case 'MemberExpression': {
        const ks = kids(target);
        const obj = this.eval(ks[0], scope);
        if (ks[1]?.name === '.') {
          const prop = ks[2] ? this.src(ks[2]) : '';
          this.setAttr(obj, prop, value);
        } else if (ks[1]?.name === '[') {
          const keyNodes = ks.slice(2, -1).filter((c) => c.name !== ',');
          const key = keyNodes.length === 1 ? this.eval(keyNodes[0], scope) : this.tupleOf(keyNodes, scope);
          this.setItem(obj, key, value);
        }
        return;
      }
      case 'TupleExpression': case 'ArrayExpression': case 'ParenthesizedExpression': {
        const ts = parts(target);
        if (target.name === 'ParenthesizedExpression' && ts.length === 1) return this.assignTarget(ts[0], value, scope);
        this.assignUnpack(ts, value, scope);
        return;
      }
      default: return;
    }
  }

  private assignUnpack(targets: readonly SyntaxNode[], value: Value, scope: Scope): void {
    const items = this.iterate(value);
    const starIdx = targets.findIndex((t) => t.name === '*');
    if (items === null) {
      for (const t of targets) if (t.name !== '*') this.assignTarget(t, unk(msg('unpacked from {0}', show(value)), this.src(t)), scope);
      return;
    }
    if (starIdx >= 0) {
      const before = targets.slice(0, starIdx), starT = targets[starIdx + 1], after = targets.slice(starIdx + 2);
      const at = (i: number) => (i >= 0 && i < items.length ? items[i] : unk(msg('too few values to unpack')));
      before.forEach((t, i) => this.assignTarget(t, at(i), scope));
      const restEnd = items.length - after.length;
      if (starT) this.assignTarget(starT, { t: 'list', items: items.slice(before.length, Math.max(before.length, restEnd)) }, scope);
      after.forEach((t, i) => this.assignTarget(t, at(restEnd + i), scope));
      return;
    }
    targets.forEach((t, i) => this.assignTarget(t, i < items.length ? items[i] : unk(msg('too few values to unpack'), this.src(t)), scope));
  }

  setAttr(obj: Value, name: string, value: Value): void {
    this.mutating(obj);
    if (this.uncertain.length && !isObj(value)) value = unk(msg('set under the undecidable condition {0}', this.uncertain[this.uncertain.length - 1]), name);
    if (this.host.setAttr(obj, name, value)) return;
    if (isObj(obj) && (obj.t === 'instance' || obj.t === 'class')) obj.attrs.set(name, value);
    else if (isObj(obj) && obj.t === 'module') {
      if (obj.deferred) obj = this.undefer(obj);
      // `settings.DEPTH = 5` from another module: that module's global changes.
      if (isFrozen(obj.globals.vars)) this.keepRestorable(obj.globals.vars);
      if (this.recorder) this.recorder.mutated = true;
      this.noteLoadMutation(obj.globals.vars, isFrozen(obj.globals.vars));
      obj.globals.vars.set(name, value);
    }
  }

  private setItem(obj: Value, key: Value, value: Value): void {
    if (!isObj(obj)) return;
    if (this.host.setItem?.(obj, key, value)) return;
    // A known entry written into a dict: another module's import may have to write it again (a registry).
    const k0 = obj.t === 'dict' && this.uncertain.length === 0 ? keyOf(key) : null;
    this.mutating(obj, k0 !== null && obj.t === 'dict' ? { keyStr: k0, key, value, old: obj.map.get(k0) } : undefined);
    const under = this.uncertain.length ? this.uncertain[this.uncertain.length - 1] : null;
    if (obj.t === 'list') {
      const i = num(key);
      if (under !== null) obj.tainted ??= msg('changed under the undecidable condition {0}', under);
      else if (i !== null && Number.isInteger(i) && i < obj.items.length && i >= -obj.items.length) obj.items[i < 0 ? obj.items.length + i : i] = value;
      else obj.tainted ??= msg('assigned at an index Layer Lens cannot follow ({0})', show(key));
    } else if (obj.t === 'dict') {
      const k = keyOf(key);
      if (under !== null) obj.tainted ??= msg('changed under the undecidable condition {0}', under);
      else if (k !== null) obj.map.set(k, [key, value]);
      else obj.tainted ??= msg('assigned at an unknown key ({0})', show(key));
    } else if (obj.t === 'layer' && obj.children) {
      if (obj.zooPart && under === null && isObj(value) && (value.t === 'layer' || value.t === 'instance')) {
        // A part of a zoo model of unknown content (`vgg.classifier[6] = nn.Linear(4096, 3)`): its other items are
        // not known, the one set is.
        const i = num(key);
        const k = typeof key === 'string' ? key : i !== null && Number.isInteger(i) && i >= 0 ? String(i) : null;
        if (k !== null) { joinZoo(obj); obj.children!.set(k, value); return; }
      }
      this.replaceChild(this.containerView(obj)!, key, under === null ? value : unk(msg('set under the undecidable condition {0}', under)));
    } else if (obj.t === 'instance') {
      const f = this.classAttr(obj.cls, '__setitem__');
      const view = this.containerView(obj);
      if (isObj(f ?? null) && (f as Value & object).t === 'func') this.callFunction(f as PyFunction, [obj, key, value], new Map(), this.currentLine, obj);
      else if (view) this.replaceChild(view, key, under === null ? value : unk(msg('set under the undecidable condition {0}', under)));
      else if (obj.modules) obj.modules.set(`[${show(key)}]`, { ...unk(msg('item assignment `[{0}] = …` is not followed', show(key))), opaque: `[${show(key)}]` });
    }
  }

  /**
   * The children of a container module — a built-in Sequential, ModuleList or ModuleDict, or an instance of a
   * file's subclass of one (`class Stage(nn.Sequential)`, whose children are its registered modules) — with its kind.
   */
  private containerView(obj: Value): { get: () => Map<string, Value>; set: (m: Map<string, Value>) => void; type: string } | null {
    if (!isObj(obj)) return null;
    if (obj.t === 'layer' && obj.children) return { get: () => obj.children!, set: (m) => { obj.children = m; }, type: obj.type };
    if (obj.t !== 'instance' || !obj.modules) return null;
    const base = this.externalBase(obj.cls, (p) => /^torch\.nn\.(modules\.container\.)?(Sequential|ModuleList|ModuleDict)$/.test(p));
    if (!base) return null;
    return { get: () => obj.modules!, set: (m) => { obj.modules = m; }, type: base.slice(base.lastIndexOf('.') + 1) };
  }

  /** `seq[i] = m`, `modules[key] = m` on a container module (Sequential, ModuleList, ModuleDict). */
  private replaceChild(view: NonNullable<ReturnType<Interp['containerView']>>, key: Value, value: Value): void {
    const children = view.get();
    const k = this.childKey(view, key);
    if (k !== null && (view.type === 'ModuleDict' || children.has(k))) children.set(k, value);
    else children.set(`[${show(key)}]`, { ...unk(msg('`[{0}] = …` on a {1} is not followed', show(key), view.type)), opaque: `[${show(key)}]` });
  }

  /** The key of a container module's child for an index (negative counts from the end), or null. */
  private childKey(view: NonNullable<ReturnType<Interp['containerView']>>, key: Value): string | null {
    if (view.type === 'ModuleDict') return typeof key === 'string' ? key : null;
    const children = view.get();
    const i = num(key);
    const n = children.size;
    if (i === null || !Number.isInteger(i) || i >= n || i < -n) return null;
    const j = knownPosition([...children.values()], i);
    return j === null ? null : [...children.keys()][j];
  }

  /** `del x`, `del a[k]`, `del obj.attr`. What cannot be followed leaves its container unknown, never stale. */
  private deleteTarget(target: SyntaxNode, scope: Scope, depth = 0): void {
    if (depth > 100) return;
    if (target.name === 'VariableName') {
      const name = this.src(target);
      for (let s: Scope | null = scope; s; s = s.parent) {
        if (!s.vars.has(name)) continue;
        if (isFrozen(s.vars)) this.keepRestorable(s.vars);
        s.vars.delete(name);
        return;
      }
      return;
    }
    if (target.name === 'TupleExpression' || target.name === 'ParenthesizedExpression' || target.name === 'ArrayExpression') {
      for (const t of parts(target)) this.deleteTarget(t, scope, depth + 1);
      return;
    }
    if (target.name !== 'MemberExpression') return;
    const ks = kids(target);
    const obj = this.eval(ks[0], scope);
    if (!isObj(obj)) return;
    this.mutating(obj);
    const under = this.uncertain.length ? msg('deleted from under the undecidable condition {0}', this.uncertain[this.uncertain.length - 1]) : null;
    if (ks[1]?.name === '.') {
      const name = ks[2] ? this.src(ks[2]) : '';
      if (obj.t === 'instance') {
        if (under !== null) { this.setAttr(obj, name, { ...unk(under), opaque: name }); return; }
        obj.attrs.delete(name);
        obj.modules?.delete(name);
        obj.params?.delete(name);
      } else if (obj.t === 'layer' && obj.children?.has(name)) {
        if (under !== null) obj.children.set(name, { ...unk(under), opaque: name });
        else obj.children.delete(name);
      } else if (obj.t === 'layer') {
        // `del conv.weight` and the like: the layer is no longer what the catalog describes.
        obj.children = new Map([[name, { ...unk(msg('`del {0}` is not followed', this.src(target))), opaque: name }]]);
      } else if (obj.t === 'class') obj.attrs.delete(name);
      return;
    }
    const keyNodes = ks.slice(2, -1).filter((c) => c.name !== ',');
    const key = keyNodes.length === 1 ? this.eval(keyNodes[0], scope) : this.tupleOf(keyNodes, scope);
    if (obj.t === 'dict') {
      const k = keyOf(key);
      if (under !== null || k === null) obj.tainted ??= under ?? msg('deleted from at an unknown key ({0})', show(key));
      else obj.map.delete(k);
    } else if (obj.t === 'list') {
      const i = num(key);
      if (under === null && i !== null && Number.isInteger(i) && i < obj.items.length && i >= -obj.items.length) obj.items.splice(i < 0 ? obj.items.length + i : i, 1);
      else obj.tainted ??= under ?? msg('deleted from at an index Layer Lens cannot follow ({0})', show(key));
    } else if ((obj.t === 'layer' && obj.children) || obj.t === 'instance') {
      const f = obj.t === 'instance' ? this.classAttr(obj.cls, '__delitem__') : undefined;
      const view = this.containerView(obj);
      if (isObj(f ?? null) && (f as Value & object).t === 'func') { this.callFunction(f as PyFunction, [obj, key], new Map(), this.currentLine, obj); return; }
      if (!view) {
        if (obj.t === 'instance' && obj.modules) obj.modules.set(`[${show(key)}]`, { ...unk(msg('`del {0}` is not followed', this.src(target))), opaque: `[${show(key)}]` });
        return;
      }
      const k = under === null ? this.childKey(view, key) : null;
      if (k === null) { view.get().set(`[${show(key)}]`, { ...unk(under ?? msg('`del {0}` is not followed', this.src(target))), opaque: `[${show(key)}]` }); return; }
      view.get().delete(k);
      // Sequential and ModuleList number their children again after a deletion (PyTorch's __delitem__).
      if (view.type !== 'ModuleDict') view.set(new Map([...view.get().values()].map((v, i) => [String(i), v])));
    }
  }

  // ---- expressions ----

  /** Evaluates, turning internal failures into unknowns (budget overruns still propagate). */
  safeEval(node: SyntaxNode, scope: Scope): Value {
    try {
      return this.eval(node, scope);
    } catch (e) {
      if (e instanceof BudgetExceeded || e instanceof PyRaise) throw e;
      if (e instanceof ReturnSignal || e instanceof BreakSignal || e instanceof ContinueSignal) throw e;
      return unk(msg('could not evaluate `{0}`', this.src(node).slice(0, 40)));
    }
  }

  eval(node: SyntaxNode, scope: Scope): Value {
    if (this.nest >= MAX_NEST) return unk(msg('an expression nested deeper than {0} levels', MAX_NEST));
    this.nest++;
    try {
      return this.evalNode(node, scope);
    } finally {
      this.nest--;
    }
  }

  private evalNode(node: SyntaxNode, scope: Scope): Value {
    this.tick();
    switch (node.name) {
      case 'Number': {
        const n = numberValue(this.src(node));
        if (!n) return unk(msg('a complex number'));
        if (!n.float && !Number.isSafeInteger(n.value)) return unk(msg('an integer too large to track exactly'), this.src(node).slice(0, 20));
        return n.float ? float(n.value) : n.value;
      }
      case 'String': {
        const s = stringValue(this.src(node));
        return s === null ? unk(msg('a bytes literal')) : s;
      }
      case 'ContinuedString': {
        let out = '';
        for (const c of parts(node)) {
          const v = this.eval(c, scope);
          if (typeof v !== 'string') return unk(msg('a formatted string'), this.src(node));
          out += v;
        }
        return out;
      }
      case 'FormatString': return this.formatString(node, scope);
      case 'Boolean': return this.src(node) === 'True';
      case 'None': return null;
      case 'Ellipsis': return { t: 'ext', path: '<ellipsis>' };
      case 'VariableName': {
        const name = this.src(node);
        const v = this.lookup(name, scope);
        return v === undefined ? unk(msg('`{0}` is not defined in this file', name), name) : v;
      }
      case 'ParenthesizedExpression': {
        const ps = parts(node);
        return ps.length === 1 ? this.eval(ps[0], scope) : unk(msg('an empty expression'));
      }
      case 'TupleExpression': return this.tupleOf(parts(node), scope);
      case 'ArrayExpression': {
        const items = this.sequence(parts(node), scope);
        const spread = items.find((v) => isUnk(v) && v.spread);
        // `[*xs, m]` with xs unknown: neither its length nor the positions of its items are known.
        return spread && isUnk(spread) ? { t: 'list', items, tainted: msg('built from {0}', spread.reason) } : { t: 'list', items };
      }
      case 'SetExpression': return this.orSpread({ t: 'set', items: this.sequence(parts(node), scope) });
      case 'DictionaryExpression': return this.dict(node, scope);
      case 'MemberExpression': return this.member(node, scope);
      case 'CallExpression': return this.callExpr(node, scope);
      case 'BinaryExpression': return this.binary(node, scope);
      case 'UnaryExpression': {
        const ks = kids(node);
        const op = this.src(ks[0]);
        const v = this.eval(ks[ks.length - 1], scope);
        if (op === 'not') { const t = truthy(v); return t === null ? unkBool(unk(msg('`{0}` cannot be decided', this.src(node)))) : !t; }
        if (op === '-') return unaryNeg(v);
        if (op === '+') return v;
        if (op === '~') { const n = num(v); return n !== null && Number.isInteger(n) ? ~n : unk(msg('bitwise not of an unknown')); }
        return unk(msg('operator {0}', op));
      }
      case 'ConditionalExpression': {
        const ps = parts(node).filter((c) => c.name !== 'if' && c.name !== 'else');
        if (ps.length < 3) return unk(msg('an incomplete conditional'));
        const t = truthy(this.eval(ps[1], scope));
        if (t === true) return this.eval(ps[0], scope);
        if (t === false) return this.eval(ps[2], scope);
        const a = this.eval(ps[0], scope), b = this.eval(ps[2], scope);
        return equal(a, b) === true ? a : unk(msg('`{0}` cannot be decided', this.src(ps[1]).slice(0, 40)), this.src(node).slice(0, 60));
      }
      case 'LambdaExpression': {
        const fn: PyFunction = { t: 'func', name: '<lambda>', node, closure: scope, kind: 'lambda', line: this.line(node), ctx: this.ctx };
        this.params(node, scope, fn);
        return fn;
      }
      case 'ArrayComprehensionExpression': {
        // Over an unknown sequence the result is unknown, never an empty list (that would drop layers silently).
        const items = this.comprehension(node, scope, false);
        return items === null ? unk(msg('a list comprehension over an unknown sequence'), this.src(node).slice(0, 60)) : { t: 'list', items };
      }
      case 'SetComprehensionExpression': {
        const items = this.comprehension(node, scope, false);
        return items === null ? unk(msg('a set comprehension over an unknown sequence'), this.src(node).slice(0, 60)) : { t: 'set', items };
      }
      case 'ComprehensionExpression': {
        const items = this.comprehension(node, scope, false);
        return items === null ? unk(msg('a generator over an unknown sequence')) : { t: 'list', items };
      }
      case 'DictionaryComprehensionExpression': {
        const items = this.comprehension(node, scope, true);
        if (items === null) return unk(msg('a dict comprehension over an unknown sequence'), this.src(node).slice(0, 60));
        const map = new Map<string, [Value, Value]>();
        for (const kv of items ?? []) {
          if (isObj(kv) && kv.t === 'tuple') { const k = keyOf(kv.items[0]); if (k !== null) map.set(k, [kv.items[0], kv.items[1]]); }
        }
        return { t: 'dict', map };
      }
      case 'NamedExpression': {
        // A `:=` the parser inserted to recover from an error (zero width) is no assignment the code makes.
        if (kids(node).some((c) => c.name === 'AssignOp' && c.from === c.to)) return unk(msg('unsupported syntax `{0}`', this.src(node).slice(0, 30)));
        const ps = parts(node).filter((c) => c.name !== 'AssignOp');
        const v = this.eval(ps[ps.length - 1], scope);
        if (ps[0]) this.assignTarget(ps[0], v, scope);
        return v;
      }
      case 'AwaitExpression': return unk('await');
      case 'YieldExpression': return this.yieldValue(node, scope);
      default: return unk(msg('unsupported syntax `{0}`', this.src(node).slice(0, 30)));
    }
  }

  private formatString(node: SyntaxNode, scope: Scope): Value {
    // Evaluate each replacement; build the string when every part is known.
    const raw = this.src(node);
    let out = '';
    let pos = node.from;
    const prefixLen = /^[rRfFbBuU]*('''|"""|'|")/.exec(raw)?.[0].length ?? 2;
    const quoteLen = prefixLen - (/^[rRfFbBuU]*/.exec(raw)?.[0].length ?? 1);
    pos = node.from + prefixLen;
    for (const c of kids(node)) {
      if (c.name !== 'FormatReplacement') continue;
      out += this.text.slice(pos, c.from);
      const inner = parts(c).filter((x) => x.name !== 'FormatSpec' && x.name !== 'FormatConversion');
      const v = inner.length ? this.safeEval(inner[0], scope) : unk(msg('empty'));
      if (isUnk(v) || (isObj(v) && v.t !== 'float' && v.t !== 'tuple' && v.t !== 'list')) return unk(msg('a formatted string'), raw);
      const specNode = child(c, 'FormatSpec');
      if (specNode) {
        const text = formatSpec(v, this.src(specNode).replace(/^:/, ''));
        if (text === null) return unk(msg('a formatted string with a format spec'), raw);
        out += text;
      } else out += show(v);
      pos = c.to;
    }
    out += this.text.slice(pos, node.to - quoteLen);
    return out;
  }

  tupleOf(nodes: readonly SyntaxNode[], scope: Scope): Value {
    return this.orSpread({ t: 'tuple', items: this.sequence(nodes, scope) });
  }

  /** A tuple or set display holding a spread of unknown length is unknown as a whole (its length is). */
  private orSpread(v: Value & { items: Value[] }): Value {
    const spread = v.items.find((x) => isUnk(x) && x.spread);
    return spread && isUnk(spread) ? unk(spread.reason, spread.expr) : v;
  }

  /** Elements of a tuple/list/set display, with `*x` spread. */
  private sequence(nodes: readonly SyntaxNode[], scope: Scope): Value[] {
    const out: Value[] = [];
    for (let i = 0; i < nodes.length; i++) {
      if (nodes[i].name === '*' && nodes[i + 1]) {
        const v = this.eval(nodes[++i], scope);
        const items = this.iterate(v);
        if (items === null) out.push({ ...unk(msg('a spread of {0}', isUnk(v) ? v.reason : show(v)), `*${this.src(nodes[i])}`), spread: true });
        else out.push(...items);
      } else out.push(this.eval(nodes[i], scope));
    }
    return out;
  }

  private dict(node: SyntaxNode, scope: Scope): Value {
    const ks = parts(node);
    const map = new Map<string, [Value, Value]>();
    for (let i = 0; i < ks.length; i++) {
      if (ks[i].name === '**' && ks[i + 1]) {
        const v = this.eval(ks[++i], scope);
        if (isObj(v) && v.t === 'dict') for (const [k, e] of v.map) map.set(k, e);
        continue;
      }
      const key = this.eval(ks[i], scope);
      const val = ks[i + 1] ? this.eval(ks[i + 1], scope) : unk(msg('missing value'));
      i++;
      const k = keyOf(key);
      if (k !== null) map.set(k, [key, val]);
    }
    return { t: 'dict', map };
  }

  /** Runs a comprehension; null when it iterates over something unknown. */
  private comprehension(node: SyntaxNode, scope: Scope, isDict: boolean): Value[] | null {
    return this.comprehensionNodes(parts(node), scope, isDict);
  }

  private comprehensionNodes(ks: readonly SyntaxNode[], scope: Scope, isDict = false): Value[] | null {
    const forIdx = ks.findIndex((c) => c.name === 'for');
    if (forIdx < 0) return [];
    const elemNodes = ks.slice(0, forIdx);
    // Clauses after the element: for T in X, if C …
    type Clause = { kind: 'for'; targets: SyntaxNode[]; iter: SyntaxNode } | { kind: 'if'; cond: SyntaxNode };
    const clauses: Clause[] = [];
    for (let i = forIdx; i < ks.length; i++) {
      if (ks[i].name === 'for') {
        const inIdx = ks.findIndex((c, j) => j > i && c.name === 'in');
        if (inIdx < 0 || !ks[inIdx + 1]) return [];
        clauses.push({ kind: 'for', targets: ks.slice(i + 1, inIdx), iter: ks[inIdx + 1] });
        i = inIdx + 1;
      } else if (ks[i].name === 'if' && ks[i + 1]) {
        clauses.push({ kind: 'if', cond: ks[i + 1] });
        i++;
      }
    }
    const inner: Scope = { vars: new Map(), parent: scope };
    const out: Value[] = [];
    let unknownSeq = false;
    const run = (ci: number): void => {
      this.tick();
      if (ci === clauses.length) {
        if (isDict) out.push({ t: 'tuple', items: [this.eval(elemNodes[0], inner), this.eval(elemNodes[1] ?? elemNodes[0], inner)] });
        else out.push(this.eval(elemNodes[0], inner));
        return;
      }
      const c = clauses[ci];
      if (c.kind === 'if') {
        const t = truthy(this.eval(c.cond, inner));
        if (t === null) unknownSeq = true;
        if (t) run(ci + 1);
        return;
      }
      const items = this.iterate(this.eval(c.iter, inner));
      if (items === null) { unknownSeq = true; return; }
      for (const item of items) {
        if (c.targets.length === 1) this.assignTarget(c.targets[0], item, inner);
        else this.assignUnpack(c.targets, item, inner);
        run(ci + 1);
      }
    };
    run(0);
    return unknownSeq ? null : out;
  }

  private binary(node: SyntaxNode, scope: Scope): Value {
    const ks = kids(node);
    const left = ks[0], right = ks[ks.length - 1];
    const opNodes = ks.slice(1, -1);
    const op = opNodes.map((c) => this.src(c)).join(' ');
    if (op === 'and' || op === 'or') {
      const l = this.eval(left, scope);
      const t = truthy(l);
      if (t === null) {
        const r = this.eval(right, scope);
        const tr = truthy(r);
        // `u or 64` is u when u is truthy: its value is not known, only that it is truthy (and `u and 0` falsy).
        const res = unk(msg('`{0}` cannot be decided', this.src(node).slice(0, 50)));
        if ((op === 'and' && tr === false) || (op === 'or' && tr === true)) res.truth = tr;
        // Either operand is the result: of two bools, a bool.
        const isBool = (v: Value) => typeof v === 'boolean' || (isUnk(v) && v.bool === true);
        return isBool(l) && isBool(r) ? unkBool(res) : res;
      }
      if (op === 'and') return t ? this.eval(right, scope) : l;
      return t ? l : this.eval(right, scope);
    }
    // Chained comparisons: a < b <= c parses as (a < b) <= c.
    if (opNodes[0]?.name === 'CompareOp' || op === 'in' || op === 'not in' || op === 'is' || op === 'is not') {
      if (left.name === 'BinaryExpression') {
        const lk = kids(left);
        const lop = lk.slice(1, -1).map((c) => this.src(c)).join(' ');
        if (lk[1]?.name === 'CompareOp' || ['in', 'not in', 'is', 'is not'].includes(lop)) {
          const first = this.eval(left, scope);
          const ft = truthy(first);
          if (ft === false) return false;
          const mid = this.eval(lk[lk.length - 1], scope);
          const second = compare(op, mid, this.eval(right, scope), (v) => this.iterate(v));
          if (ft === true) return second;
          return truthy(second) === false ? false : unkBool(unk(msg('a comparison that cannot be decided')));
        }
      }
      return compare(op, this.eval(left, scope), this.eval(right, scope), (v) => this.iterate(v));
    }
    return this.arith(op, this.eval(left, scope), this.eval(right, scope), this.line(node));
  }

  /**
   * `4.`, `0.` and `1.e3` are floats in Python; @lezer/python reads them as an attribute access on an integer
   * (`4` `.` with no name, or the name `e3`).
   */
  private trailingDotFloat(ks: readonly SyntaxNode[]): Value | undefined {
    const [int, dot, prop] = ks;
    if (int?.name !== 'Number' || dot?.name !== '.' || dot.from !== int.to) return undefined;
    const digits = this.src(int);
    if (!/^[0-9][0-9_]*$/.test(digits)) return undefined;
    const adjacent = prop !== undefined && prop.from === dot.to && prop.to > prop.from;
    let exp = '';
    if (adjacent && prop.name === 'PropertyName') {
      exp = this.src(prop);
      if (!/^[eE][0-9_]+$/.test(exp)) return undefined;
    } else if (adjacent) return undefined;
    const v = Number(`${digits.replace(/_/g, '')}.${exp.replace(/_/g, '')}`);
    return Number.isFinite(v) ? float(v) : undefined;
  }

  /** An arithmetic operator; tensors go to the framework host. */
  arith(op: string, l: Value, r: Value, line: number): Value {
    if ((isObj(l) && (l.t === 'tensor' || l.t === 'param')) || (isObj(r) && (r.t === 'tensor' || r.t === 'param'))) {
      const h = this.host.call({ t: 'ext', path: `<op>${op}` }, [l, r], new Map(), line);
      if (h !== undefined) return h;
    }
    if ((op === '/' || op === '//' || op === '%') && num(r) === 0 && num(l) !== null) this.raise('ZeroDivisionError');
    const out = binaryOp(op, l, r);
    // Building long sequences and strings is work the step budget must see.
    const size = typeof out === 'string' ? out.length : isObj(out) && (out.t === 'list' || out.t === 'tuple') ? out.items.length : 0;
    if (size > 1000) this.tick(Math.floor(size / 1000));
    return out;
  }

  private member(node: SyntaxNode, scope: Scope): Value {
    const ks = kids(node);
    const literal = this.trailingDotFloat(ks);
    if (literal !== undefined) return literal;
    const obj = this.eval(ks[0], scope);
    if (ks[1]?.name === '.') {
      if (!ks[2]) return unk(msg('an incomplete attribute access'));
      return this.getAttr(obj, this.src(ks[2]), this.line(node));
    }
    // Subscript: obj[key] or obj[a:b]
    const inner = ks.slice(2, -1);
    const hasColon = inner.some((c) => c.name === ':');
    if (hasColon) {
      const groups: (SyntaxNode | null)[][] = [[]];
      for (const c of inner) {
        if (c.name === ',') groups.push([]);
        else groups[groups.length - 1].push(c);
      }
      const idx: Value[] = groups.map((g) => this.sliceValue(g, scope));
      return this.index(obj, idx.length === 1 ? idx[0] : { t: 'tuple', items: idx });
    }
    const keyNodes = inner.filter((c) => c.name !== ',');
    const key = keyNodes.length === 1 ? this.eval(keyNodes[0], scope) : this.tupleOf(keyNodes, scope);
    return this.index(obj, key);
  }

  private sliceValue(g: (SyntaxNode | null)[], scope: Scope): Value {
    if (!g.some((c) => c?.name === ':')) return g[0] ? this.eval(g[0], scope) : null;
    const vals: Value[] = [null, null, null];
    let slot = 0;
    for (const c of g) {
      if (!c) continue;
      if (c.name === ':') slot++;
      else vals[slot] = this.eval(c, scope);
    }
    return { t: 'tuple', items: [{ t: 'ext', path: '<slice>' }, ...vals] };
  }

  index(obj: Value, key: Value): Value {
    const h = this.host.index(obj, key);
    if (h !== undefined) return h;
    if (isUnk(obj)) return unk(obj.reason, obj.expr ? `${obj.expr}[${show(key)}]` : undefined);
    if (isObj(obj) && (obj.t === 'list' || obj.t === 'dict') && obj.tainted) return unk(msg('its content was {0}', obj.tainted));
    const slice = isObj(key) && key.t === 'tuple' && isObj(key.items[0]) && key.items[0].t === 'ext' && key.items[0].path === '<slice>' ? key.items.slice(1) : null;
    if (typeof obj === 'string' || (isObj(obj) && (obj.t === 'list' || obj.t === 'tuple' || obj.t === 'range'))) {
      const items: Value[] = typeof obj === 'string' ? [...obj] : obj.t === 'range' ? this.iterate(obj) ?? [] : obj.items;
      if (slice) {
        const [a, b, c] = slice.map((v) => (v === null ? null : num(v)));
        if (slice.some((v, i) => v !== null && ([a, b, c][i] === null))) return unk(msg('a slice with unknown bounds'));
        const step = c ?? 1;
        const n = items.length;
        const norm = (x: number | null, d: number) => (x === null ? d : x < 0 ? Math.max(n + x, step < 0 ? -1 : 0) : Math.min(x, step < 0 ? n - 1 : n));
        const out: Value[] = [];
        if (step > 0) for (let i = norm(a, 0); i < norm(b, n); i += step) out.push(items[i]);
        else if (step < 0) for (let i = norm(a, n - 1); i > norm(b, -1); i += step) out.push(items[i]);
        if (typeof obj === 'string') return out.join('');
        return { t: isObj(obj) && obj.t === 'tuple' ? 'tuple' : 'list', items: out };
      }
      const i = num(key);
      if (i === null || !Number.isInteger(i)) return unk(msg('index {0} is not known', show(key)));
      const j = i < 0 ? items.length + i : i;
      if (j < 0 || j >= items.length) { this.raise('IndexError'); return unk(msg('index {0} is out of range', i)); }
      return items[j];
    }
    if (isObj(obj) && obj.t === 'dict') {
      const k = keyOf(key);
      const e = k === null ? undefined : obj.map.get(k);
      if (!e && k !== null && !obj.tainted) this.raise('KeyError');
      return e ? e[1] : unk(msg('key {0} is not in the dict', show(key)));
    }
    // An object of a class of the file with a __getitem__ (MONAI's `Conv[Conv.CONV, 2]` layer factories).
    const getitem = isObj(obj) && obj.t === 'instance' ? this.classAttr(obj.cls, '__getitem__') : undefined;
    if (isObj(obj) && obj.t === 'instance' && isObj(getitem ?? null) && (getitem as PyFunction).t === 'func') {
      return this.callFunction(getitem as PyFunction, [obj, key], new Map(), this.currentLine);
    }
    if (isObj(obj) && obj.t === 'instance' && obj.backing && getitem === undefined) return this.index(obj.backing, key);
    return unk(msg('cannot index {0}', tag(obj)));
  }

  getAttr(obj: Value, name: string, line: number): Value {
    const h = this.host.getAttr(obj, name, line);
    if (h !== undefined) return h;
    if (!isObj(obj)) {
      const m = builtinMethod(this, obj, name);
      return m ?? unk(msg('`.{0}` of {1}', name, tag(obj)), name);
    }
    switch (obj.t) {
      case 'ext': return name === '__name__' || name === '__qualname__' ? obj.path.slice(obj.path.lastIndexOf('.') + 1) : extValue(`${obj.path}.${name}`);
      case 'func': if (name === '__name__' || name === '__qualname__') return obj.name; return builtinMethod(this, obj, name) ?? unk(msg('`.{0}` of a function', name), name);
      case 'partial':
        // functools.partial's own attributes (`norm_layer.func == nn.InstanceNorm2d`).
        if (name === 'func') return obj.fn;
        if (name === 'args') return { t: 'tuple', items: [...obj.args] };
        if (name === 'keywords') return { t: 'dict', map: new Map([...obj.kw].map(([k, v]) => [keyOf(k)!, [k, v] as [Value, Value]])) };
        return builtinMethod(this, obj, name) ?? unk(msg('`.{0}` of a partial', name), name);
      case 'module': {
        if (obj.deferred && name !== '__name__') {
          const here = this.modules.get(obj.path);
          if (here && !here.deferred) return this.getAttr(here, name, line);
          return this.submodule(obj, name) ?? this.getAttr(this.undefer(obj), name, line);
        }
        if (obj.globals.vars.has(name)) return this.force(obj.globals.vars, name);
        const sub = (this.modules.get(obj.path) ?? obj) === obj ? this.submodule(obj, name) : null;
        if (sub) return sub;
        if (obj.loading) this.cycleRead();
        return { ...unk(obj.loading ? msg('`{0}` is still loading (an import cycle)', obj.name) : msg('`{0}` is not defined in {1}', name, obj.name), name), opaque: `${obj.name}.${name}` };
      }
      case 'unknown': return unk(obj.reason, obj.expr ? `${obj.expr}.${name}` : undefined);
      case 'instance': {
        if (obj.attrs.has(name)) return obj.attrs.get(name)!;
        if (name === '__class__') return obj.cls;
        if (name === '__module__') return obj.cls.ctx?.main ? '__main__' : obj.cls.ctx?.module ?? unk(msg('the module name'));
        const found = this.classAttr(obj.cls, name);
        if (found !== undefined && obj.opaqueInit && !(isObj(found) && (found.t === 'func' || found.t === 'builtin'))) return unk(obj.opaqueInit, name);
        if (found !== undefined) return this.bindAttr(found, obj, obj.cls);
        if (obj.backing) return this.dictMethod(obj, name);
        if (obj.opaqueInit) return unk(obj.opaqueInit, name);
        return unk(msg('`{0}` has no attribute `{1}` the evaluator knows', obj.cls.name, name), name);
      }
      case 'class': {
        if (name === '__name__' || name === '__qualname__') return obj.name;
        const found = this.classAttr(obj, name);
        if (found !== undefined) {
          if (isObj(found) && found.t === 'func' && found.kind === 'class') return { t: 'bound', self: obj, fn: found };
          return found;
        }
        return unk(msg('`{0}.{1}` is not known', obj.name, name), `${obj.name}.${name}`);
      }
      case 'super': {
        const mro = this.mro(this.selfClass(obj.self) ?? obj.cls);
        const start = mro.indexOf(obj.cls);
        for (const c of mro.slice(start + 1)) {
          if (c.t === 'class') {
            if (c.attrs.has(name)) return this.bindAttr(c.attrs.get(name)!, obj.self, c);
          } else if (c.t === 'ext') {
            const h2 = this.host.superAttr(c.path, obj.self, name);
            if (h2 !== undefined) return h2;
          }
        }
        const self = obj.self;
        if (isObj(self) && self.t === 'instance' && self.backing) return this.dictMethod(self, name);
        if (name === '__init__') return { t: 'builtin', name: 'object.__init__', call: () => null };
        return unk(msg('super().{0} is not known', name));
      }
      default: {
        const m = builtinMethod(this, obj, name);
        return m ?? unk(msg('`.{0}` of a {1}', name, obj.t), name);
      }
    }
  }

  /** `pkg.sub` where `pkg` is a package module: loads pkg/sub.py. */
  private submodule(mod: PyModule, name: string): PyModule | null {
    if (!mod.path.endsWith('/__init__.py') || !this.imports) return null;
    const dir = mod.path.slice(0, -'/__init__.py'.length);
    return this.inCtx({ path: `${dir}/__init__.py`, text: '', lines: new LineIndex(''), main: false }, () => this.loadModule(1, name));
  }

  private selfClass(self: Value): PyClass | null {
    return isObj(self) && self.t === 'instance' ? self.cls : isObj(self) && self.t === 'class' ? self : null;
  }

  /** Method resolution order: the class and its bases, depth-first, left to right, each once. */
  private mros = new WeakMap<PyClass, (PyClass | { t: 'ext'; path: string })[]>();

  /** Paths of the library classes in a class's MRO (remembered per class). */
  externalBases(cls: PyClass): string[] {
    let out = this.extBases.get(cls);
    if (!out) {
      out = this.mro(cls).filter((c) => c.t === 'ext').map((c) => (c as { path: string }).path);
      this.extBases.set(cls, out);
    }
    return out;
  }

  private extBases = new WeakMap<PyClass, string[]>();

  mro(cls: PyClass): (PyClass | { t: 'ext'; path: string })[] {
    const hit = this.mros.get(cls);
    if (hit) return hit;
    const out = computeMro(cls);
    this.mros.set(cls, out);
    return out;
  }

  classAttr(cls: PyClass, name: string): Value | undefined {
    for (const c of this.mro(cls)) if (c.t === 'class' && c.attrs.has(name)) return c.attrs.get(name);
    return undefined;
  }

  /** Whether the class derives (through the file's classes) from an external base matching `test`. */
  externalBase(cls: PyClass, test: (path: string) => boolean): string | null {
    for (const c of this.mro(cls)) if (c.t === 'ext' && test(c.path)) return c.path;
    return null;
  }

  private bindAttr(v: Value, self: Value, _owner: PyClass): Value {
    if (isObj(v) && v.t === 'builtin' && v.method) return { t: 'bound', self, fn: v };
    if (isObj(v) && v.t === 'func') {
      if (v.kind === 'static') return v;
      if (v.kind === 'class') return { t: 'bound', self: this.selfClass(self) ?? self, fn: v };
      if (v.kind === 'property') return this.callFunction(v, [self], new Map(), v.line, self);
      return { t: 'bound', self, fn: v };
    }
    return v;
  }



  // ---- iteration ----

  /** The items of an iterable, or null when they cannot be known. */
  iterate(v: Value): Value[] | null {
    if (typeof v === 'string') return [...v];
    if (!isObj(v)) return null;
    if ((v.t === 'list' || v.t === 'dict') && v.tainted) return null;
    switch (v.t) {
      case 'list': case 'tuple': case 'set': return v.items;
      case 'dict': return [...v.map.values()].map(([k]) => k);
      case 'range': {
        const n = rangeLen(v);
        if (n > 100_000) { this.tick(n); return null; }
        this.tick(n);
        const out: number[] = [];
        for (let i = 0; i < n; i++) out.push(v.start + i * v.step);
        return out;
      }
      default: {
        const h = this.host.iterate(v);
        return h ?? null;
      }
    }
  }

  // ---- calls ----

  private callExpr(node: SyntaxNode, scope: Scope): Value {
    const ks = kids(node);
    const calleeNode = ks[0];
    const argList = child(node, 'ArgList');
    // Method calls keep the receiver for bound methods.
    const callee = this.eval(calleeNode, scope);
    const { args, kw } = this.args(argList, scope);
    const line = this.line(node);
    if (isObj(callee) && callee.t === 'ext' && callee.path === 'collections.namedtuple') return this.namedTupleClass(node, args, kw);
    if (isObj(callee) && callee.t === 'ext' && (callee.path === 'types.SimpleNamespace' || callee.path === 'argparse.Namespace')) return this.namespace(node, callee.path, args, kw);
    const saved = this.callSite;
    this.callSite = argList && this.ctx.main ? argList : null;
    try {
      return this.callValue(callee, args, kw, line);
    } finally {
      this.callSite = saved;
    }
  }

  /** The argument list of the call being made in the analysed file (layers remember where their arguments are). */
  private callSite: SyntaxNode | null = null;

  /** The argument list of the call being made now, when it is in the analysed file. */
  callSiteNode(): SyntaxNode | null {
    return this.callSite;
  }

  /** The argument nodes of a call of the analysed file: positional in order, keywords by name. */
  argRanges(list: SyntaxNode): { positional: SyntaxNode[]; keywords: Map<string, SyntaxNode> } {
    const positional: SyntaxNode[] = [];
    const keywords = new Map<string, SyntaxNode>();
    const ps = parts(list);
    for (let i = 0; i < ps.length; i++) {
      const c = ps[i];
      if (c.name === '*' || c.name === '**') return { positional, keywords };
      if (c.name === 'VariableName' && ps[i + 1]?.name === 'AssignOp' && ps[i + 2]) {
        keywords.set(this.mainCtx.text.slice(c.from, c.to), ps[i + 2]);
        i += 2;
      } else positional.push(c);
    }
    return { positional, keywords };
  }

  args(argList: SyntaxNode | null, scope: Scope): { args: Value[]; kw: Map<string, Value> } {
    const args: Value[] = [];
    const kw = new Map<string, Value>();
    if (!argList) return { args, kw };
    const ks = parts(argList);
    for (let i = 0; i < ks.length; i++) {
      const c = ks[i];
      if (c.name === '*' && ks[i + 1]) {
        const v = this.eval(ks[++i], scope);
        const items = this.iterate(v);
        if (items === null) { args.push({ ...unk(msg('*{0} is not known', this.src(ks[i])), `*${this.src(ks[i])}`), spread: true }); }
        else args.push(...items);
      } else if (c.name === '**' && ks[i + 1]) {
        const v = this.eval(ks[++i], scope);
        if (isObj(v) && v.t === 'dict' && !v.tainted) { for (const [k, val] of v.map.values()) if (typeof k === 'string') kw.set(k, val); }
        else {
          const why = isObj(v) && v.t === 'dict' ? v.tainted! : msg('**{0} is not known', this.src(ks[i]));
          kw.set('**', unk(why, `**${this.src(ks[i])}`));
        }
      } else if (c.name === 'VariableName' && ks[i + 1]?.name === 'AssignOp' && ks[i + 2]) {
        kw.set(this.src(c), this.eval(ks[i + 2], scope));
        i += 2;
      } else if (ks[i + 1]?.name === 'for') {
        // f(x for x in y): a generator argument, evaluated like a list comprehension.
        const items = this.comprehensionNodes(ks.slice(i), scope);
        args.push(items === null ? unk(msg('a generator over an unknown sequence')) : { t: 'list', items });
        break;
      } else args.push(this.eval(c, scope));
    }
    return { args, kw };
  }

  callValue(callee: Value, args: Value[], kw: Map<string, Value>, line: number): Value {
    this.tick();
    if (!isObj(callee)) return unk(msg('{0} is not callable', show(callee)));
    switch (callee.t) {
      case 'func': return this.callFunction(callee, args, kw, line);
      case 'bound': {
        const h = this.host.call(callee, args, kw, line);
        if (h !== undefined) return h;
        return this.callValue(callee.fn, [callee.self, ...args], kw, line);
      }
      case 'builtin': return (callee.forInterp ? callee.forInterp(this) : callee.call)(args, kw, line);
      case 'partial': {
        const merged = new Map(callee.kw);
        for (const [k, v] of kw) merged.set(k, v);
        return this.callValue(callee.fn, [...callee.args, ...args], merged, line);
      }
      case 'class': return this.instantiate(callee, args, kw, line);
      case 'unknown':
        this.taint(args, kw, msg('passed to `{0}`, which Layer Lens cannot follow', callee.expr ?? msg('an unknown function')), callee.expr ?? '');
        return { ...unk(callee.reason, callee.expr ? `${callee.expr}(…)` : undefined), opaque: callee.expr ?? msg('an unknown callable') };
      default: {
        const h = this.host.call(callee, args, kw, line);
        if (h !== undefined) return h;
        // An object of a class of the file with a __call__ (a factory, a registry).
        const dunder = callee.t === 'instance' ? this.classAttr(callee.cls, '__call__') : undefined;
        if (callee.t === 'instance' && isObj(dunder ?? null) && (dunder as PyFunction).t === 'func') return this.callFunction(dunder as PyFunction, [callee, ...args], kw, line);
        if (callee.t === 'ext') {
          this.taint(args, kw, msg('passed to `{0}`, which Layer Lens cannot follow', callee.path), callee.path);
          return { ...unk(msg('`{0}` is not known to Layer Lens', callee.path), callee.path.split('.').pop()), opaque: callee.path };
        }
        return unk(msg('a {0} is not callable here', callee.t));
      }
    }
  }

  /** Code we cannot follow may change the dicts and lists it is given: their content becomes unknown. */
  private taint(args: Value[], kw: Map<string, Value>, reason: string, callee: string): void {
    const all = [...args, ...kw.values()];
    for (const a of all) {
      if (isObj(a) && (a.t === 'dict' || a.t === 'list') && !a.tainted) { this.mutating(a); a.tainted = reason; }
    }
    this.host.opaqueCall?.(callee, all, reason);
  }

  instantiate(cls: PyClass, args: Value[], kw: Map<string, Value>, line: number): Value {
    const h = this.host.call(cls, args, kw, line);
    if (h !== undefined) return h;
    const inst: PyInstance = { t: 'instance', cls, attrs: new Map(), line, id: this.id() };
    this.instancesMade++;
    const file = this.foreignFile();
    if (file) inst.file = file;
    const init = this.classAttr(cls, '__init__');
    const dictBase = this.dictBase(cls);
    if (dictBase) {
      // A dict subclass: its items live in a dict of its own (its __init__ fills it through super().__init__).
      const d = this.makeDict(init === undefined ? args : [], init === undefined ? kw : new Map());
      if (!d) return unk(msg('`{0}` is built from values that are not known', cls.name));
      inst.backing = d;
      if (init === undefined) return inst;
    }
    if (init !== undefined && isObj(init) && init.t === 'func') this.callFunction(init, [inst, ...args], kw, line, inst);
    else if (init !== undefined && isObj(init) && init.t === 'builtin') (init.forInterp ? init.forInterp(this) : init.call)([inst, ...args], kw, line);
    else if (init === undefined) {
      // No __init__ in the file's classes: the external base's constructor runs.
      let ran = false;
      for (const c of this.mro(cls)) {
        if (c.t !== 'ext') continue;
        const f = this.host.superAttr(c.path, inst, '__init__');
        if (f !== undefined) { this.callValue(f, args, kw, line); ran = true; break; }
      }
      // Arguments taken by a constructor that is not known (a pydantic BaseModel's, an attrs class's): it may set any
      // attribute, so the class-level defaults no longer tell the instance's values.
      if (!ran && (args.length || kw.size)) {
        const builtinBase = this.mro(cls).flatMap((c) => (c.t === 'class' ? c.bases : [])).find((b): b is PyBuiltin => isObj(b) && b.t === 'builtin');
        const ext = this.externalBases(cls)[0] ?? builtinBase?.name;
        inst.opaqueInit = ext ? msg('`{0}` is built by the constructor of `{1}`, which Layer Lens does not follow', cls.name, ext)
          : msg('`{0}` is built by a constructor Layer Lens does not know (a class decorator?)', cls.name);
      }
    }
    return inst;
  }

  callFunction(fn: PyFunction, args: Value[], kw: Map<string, Value>, line: number, self?: Value): Value {
    if (fn.ctx && fn.ctx !== this.ctx) return this.inCtx(fn.ctx, () => this.callFunction(fn, args, kw, line, self));
    if (this.depth >= MAX_DEPTH) return unk(msg('calls nested deeper than {0} (recursion?)', MAX_DEPTH));
    const scope: Scope = { vars: new Map(), parent: fn.closure };
    this.bindParams(fn, args, kw, scope);
    const frame: Frame = { fn, self: self ?? (fn.owner ? args[0] : undefined), uncertainReturns: [] };
    this.frames.push(frame);
    this.depth++;
    try {
      if (fn.kind === 'lambda') {
        const ps = parts(fn.node);
        const bodyNode = ps[ps.length - 1];
        return bodyNode && bodyNode.name !== 'ParamList' && bodyNode.name !== 'lambda' ? this.eval(bodyNode, scope) : null;
      }
      if (isGenerator(fn.node)) frame.yields = [];
      this.execBlock(child(fn.node, 'Body'), scope);
      return frame.yields ? this.generated(frame) : this.settle(frame, null);
    } catch (e) {
      if (e instanceof ReturnSignal) return frame.yields ? this.generated(frame) : this.settle(frame, e.value);
      if (e instanceof BreakSignal || e instanceof ContinueSignal) return null;
      throw e;
    } finally {
      this.depth--;
      this.frames.pop();
    }
  }

  /** What calling a generator gives: its values, run to the end. */
  private generated(frame: Frame): Value {
    if (frame.yieldsUnknown || frame.uncertainReturns.length) return unk(frame.yieldsUnknown ?? msg('{0} stops under a condition that cannot be decided', frame.fn?.name ?? 'a generator'));
    return { t: 'list', items: frame.yields! };
  }

  /** `yield x` / `yield from xs` in the function running now. */
  private yieldValue(node: SyntaxNode, scope: Scope): Value {
    const frame = this.frames[this.frames.length - 1];
    const ps = parts(node).filter((c) => c.name !== 'yield' && c.name !== '⚠');
    const from = ps[0]?.name === 'from';
    const exprs = from ? ps.slice(1) : ps;
    const v = exprs.length === 0 ? null : exprs.length === 1 ? this.eval(exprs[0], scope) : this.tupleOf(exprs, scope);
    if (!frame?.yields) return null;
    if (this.uncertain.length) frame.yieldsUnknown ??= msg('it yields under the undecidable condition {0}', this.uncertain[this.uncertain.length - 1]);
    if (from) {
      const items = this.iterate(v);
      if (items === null) frame.yieldsUnknown ??= msg('it yields from {0}', show(v));
      else frame.yields.push(...items);
    } else frame.yields.push(v);
    this.tick();
    return null;
  }

  private settle(frame: Frame, value: Value): Value {
    if (!frame.uncertainReturns.length) return value;
    const all = [...frame.uncertainReturns, value];
    if (all.every((v) => equal(v, all[0]) === true)) return all[0];
    const u: PyUnknown = unk(msg('{0} returns under a condition that cannot be decided', frame.fn?.name ?? msg('the function')));
    // Either True or False (timm's use_fused_attn()): a bool, no module.
    return all.every((v) => typeof v === 'boolean' || (isUnk(v) && v.bool === true)) ? unkBool(u) : u;
  }

  private bindParams(fn: PyFunction, args: Value[], kw: Map<string, Value>, scope: Scope): void {
    const ps = this.paramsOf(fn);
    const rest = new Map(kw);
    const spreadKw = rest.get('**');
    rest.delete('**');
    const spreadPos = args.findIndex((a) => isUnk(a) && a.spread);
    // After an unknown spread, what a parameter receives is unknown: never its default.
    const defaults = spreadKw || spreadPos >= 0 ? new Map<string, Value>() : functionDefaults.get(fn) ?? new Map();
    const orUnknown = (name: string) => (spreadKw && isUnk(spreadKw) ? unk(msg('`{0}` may be set by {1} ({2})', name, spreadKw.expr ?? '**kwargs', spreadKw.reason), name) : undefined);
    let ai = 0;
    for (const p of ps) {
      if (p.kind === 'pos') {
        if (spreadPos >= 0 && ai >= spreadPos) { scope.vars.set(p.name, unk(msg('`{0}` comes from a spread of unknown length', p.name), p.name)); ai++; continue; }
        const fromSpread = ai >= args.length && !rest.has(p.name) ? orUnknown(p.name) : undefined;
        if (fromSpread) scope.vars.set(p.name, fromSpread);
        else if (ai < args.length) scope.vars.set(p.name, args[ai++]);
        else if (rest.has(p.name)) { scope.vars.set(p.name, rest.get(p.name)!); rest.delete(p.name); }
        else if (defaults.has(p.name)) scope.vars.set(p.name, defaults.get(p.name)!);
        else scope.vars.set(p.name, unk(msg('depends on the argument `{0}`', p.name), p.name));
      } else if (p.kind === 'star') {
        scope.vars.set(p.name, { t: 'tuple', items: args.slice(ai) });
        ai = args.length;
      } else if (p.kind === 'kwonly') {
        if (rest.has(p.name)) { scope.vars.set(p.name, rest.get(p.name)!); rest.delete(p.name); }
        else if (orUnknown(p.name)) scope.vars.set(p.name, orUnknown(p.name)!);
        else if (defaults.has(p.name)) scope.vars.set(p.name, defaults.get(p.name)!);
        else scope.vars.set(p.name, unk(msg('depends on the argument `{0}`', p.name), p.name));
      } else {
        const map = new Map<string, [Value, Value]>();
        for (const [k, v] of rest) map.set('s' + k, [k, v]);
        scope.vars.set(p.name, spreadKw && isUnk(spreadKw) ? { t: 'dict', map, tainted: spreadKw.reason } : { t: 'dict', map });
        rest.clear();
      }
    }
  }

  /** `super()` inside the current method. */
  /** Whether a class derives from dict (the builtin, OrderedDict, typing.Dict). */
  private dictBase(cls: PyClass): boolean {
    const bases = this.mro(cls).flatMap((c) => (c.t === 'class' ? c.bases : []));
    return bases.some((b) => isObj(b) && ((b.t === 'builtin' && b.name === 'dict')
      || (b.t === 'ext' && /^(collections|typing)\.(OrderedDict|Dict)$|^builtins\.dict$/.test(b.path))));
  }

  /** dict(*args, **kw), or null when it cannot be built. */
  private makeDict(args: Value[], kw: Map<string, Value>): PyDict | null {
    const d = this.lookup('dict', this.globals);
    const v = d ? this.callValue(d, args, kw, this.currentLine) : null;
    return isObj(v) && v.t === 'dict' ? v : null;
  }

  /** A dict method of a dict subclass's instance, on the dict it holds (`super().__getitem__(key)`). */
  private dictMethod(self: PyInstance, name: string): Value {
    const d = self.backing!;
    switch (name) {
      case '__init__': case 'update': return { t: 'builtin', name: `dict.${name}`, call: (a, k) => {
        const add = this.makeDict(a, k);
        if (!add) { d.tainted = msg('`{0}` is built from values that are not known', self.cls.name); return null; }
        if (name === '__init__') d.map.clear();
        for (const [key, e] of add.map) d.map.set(key, e);
        return null;
      } };
      case '__getitem__': return { t: 'builtin', name: 'dict.__getitem__', call: (a) => this.index(d, a[0] ?? null) };
      case '__setitem__': return { t: 'builtin', name: 'dict.__setitem__', call: (a) => { this.setItem(d, a[0] ?? null, a[1] ?? null); return null; } };
      case '__len__': return { t: 'builtin', name: 'dict.__len__', call: () => (d.tainted ? unk(d.tainted) : d.map.size) };
    }
    return builtinMethod(this, d, name) ?? unk(msg('`.{0}` of a {1}', name, 'dict'), name);
  }

  currentSuper(): Value {
    const f = this.frames[this.frames.length - 1];
    if (!f?.fn?.owner || f.self === undefined) return unk(msg('super() outside a method'));
    return { t: 'super', cls: f.fn.owner, self: f.self };
  }

  /** Whether a value is callable code of the file. */
  isCallable(v: Value): boolean {
    return isObj(v) && ['func', 'bound', 'builtin', 'partial', 'class', 'ext'].includes(v.t);
  }

  /**
   * A top-level statement that starts indented, alone on its line: Python has none (it is an IndentationError), so
   * it is what the parser recovered from a block broken mid-edit (a method's `F = …` after a bad dedent). Run at the
   * top level it would rebind the file's globals for every model; it is left out.
   */
  private strayIndented(st: SyntaxNode): boolean {
    const { text } = this.ctx;
    let i = st.from - 1;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    return i < st.from - 1 && (i < 0 || text[i] === '\n' || text[i] === '\r');
  }

  /** Runs the top level of the file; a statement that fails does not stop the rest. */
  /**
   * Runs the top level of the file; a statement that fails does not stop the rest. A statement that runs out of
   * steps (a training loop, `while True:`) is cut short and the rest of the file still runs, so the models it
   * defines are found; after a few such statements the file is given up. Returns what was cut short.
   */
  runModule(script: SyntaxNode, maxOverruns = 3, track = false): string[] {
    const overruns: string[] = [];
    // The analysed file as a module of its package: an import of it from one of its own imports (a cycle) finds
    // it half run, as Python finds a module it is still importing, instead of running a second copy.
    const self: PyModule = { t: 'module', name: this.mainCtx.module ?? '__main__', path: this.mainCtx.path, globals: this.globals, loading: true, main: true };
    if (!this.modules.has(self.path)) this.modules.set(self.path, self);
    for (const st of kids(script)) {
      if (this.strayIndented(st)) continue;
      const rec = track ? this.startRecording() : null;
      // The line of the statement binding globals (a walrus inside an expression statement binds one too).
      this.currentLine = this.line(st);
      try {
        this.exec(st, this.globals);
      } catch (e) {
        if (e instanceof BudgetExceeded) {
          overruns.push(msg('line {0}: {1}', this.line(st), e.reason));
          if (overruns.length >= maxOverruns) throw e;
          this.steps = 0;
          this.uncertain = [];
          continue;
        }
        if (e instanceof ReturnSignal || e instanceof BreakSignal || e instanceof ContinueSignal) continue;
        throw e;
      } finally {
        if (rec) {
          this.recorder = null;
          this.bindStatement(st, rec);
        }
      }
    }
    self.loading = false;
    // What exists now is the file's state: remembered for the recorder, and for isolate() to restore.
    this.markPreexisting();
    return overruns;
  }

  /**
   * Fingerprints what a top-level statement bound: its text and line, and the fingerprints of what it read. A name
   * it read that can change in place counts as bound by it too (it may have changed it); so do all the names it
   * read when it changed something in place.
   */
  private bindStatement(st: SyntaxNode, rec: Recorder): void {
    if (!rec.writes.size && !rec.mutableReads.size && !rec.mutated) return;
    let key = `${this.line(st)}\n${this.statementIdentity(st) ?? this.src(st)}`;
    for (const [n, b] of [...rec.reads].sort((a, b) => (a[0] < b[0] ? -1 : 1))) key += `\n${n}=${b}`;
    const h = hashText(key);
    for (const n of rec.writes) this.binders.set(n, h);
    for (const n of rec.mutableReads) this.binders.set(n, h);
    if (rec.mutated) {
      for (const n of rec.reads.keys()) this.binders.set(n, h);
      // It changed in place something that existed before, maybe through a name that does not show whose it is
      // (`p` left over from a loop over a model's parameters): every global that can change in place may be the
      // one changed, so each now depends on this statement too.
      for (const [n, v] of this.globals.vars) {
        if (!rec.reads.has(n) && !rec.writes.has(n) && mutable(v)) this.binders.set(n, hashText(`${h}\n${this.binders.get(n) ?? '-'}`));
      }
    }
  }
}

/** The analysed file's globals: every binding is reported to the recorder. */
class TrackedVars extends Map<string, Value> {
  constructor(private readonly interp: Interp, entries: [string, Value][]) {
    super(entries);
  }
  override set(name: string, value: Value): this {
    // `interp` is not yet assigned while Map's constructor adds the initial entries.
    if (this.interp?.recorder) this.interp.recorder.writes.add(name);
    this.interp?.noteGlobalWrite(name, super.get(name));
    return super.set(name, value);
  }
  override delete(name: string): boolean {
    if (this.interp.recorder) this.interp.recorder.writes.add(name);
    this.interp.noteGlobalWrite(name, super.get(name));
    return super.delete(name);
  }
  setQuietly(name: string, value: Value): void {
    super.set(name, value);
  }
  deleteQuietly(name: string): void {
    super.delete(name);
  }
}

/** Whether a value can be changed in place (so that reading it shares state with whoever changes it). */
function mutable(v: Value, depth = 0): boolean {
  if (!isObj(v)) return false;
  switch (v.t) {
    case 'list': case 'dict': case 'set': case 'instance': case 'layer': case 'param': return true;
    case 'tuple': return depth > 20 || v.items.some((x) => mutable(x, depth + 1));
    case 'partial': return depth > 20 || v.args.some((x) => mutable(x, depth + 1)) || [...v.kw.values()].some((x) => mutable(x, depth + 1));
    default: return false;
  }
}

export { ReturnSignal };
export type { PyFunction, PyClass };

/** Whether two branches left a name in the same state: the same value, or tensors of one known shape. */
function sameOutcome(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (isObj(a) && isObj(b) && a.t === 'tensor' && b.t === 'tensor') {
    return !!a.shape && !!b.shape && a.shape.length === b.shape.length && a.shape.every((d, i) => d !== null && d === b.shape![i])
      && a.batchAxis === b.batchAxis && !a.values && !b.values && !!a.indices === !!b.indices && !a.node && !b.node;
  }
  if (isObj(a) && (a.t === 'func' || a.t === 'class' || a.t === 'tensor')) return false;
  if (isObj(b) && (b.t === 'func' || b.t === 'class' || b.t === 'tensor')) return false;
  return equal(a, b) === true;
}
