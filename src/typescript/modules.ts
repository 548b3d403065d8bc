// Imports within the workspace for the TF.js evaluator: relative `import`/`export … from`/`require`/`import()`
// name files of the workspace, read through the provided reader, each evaluated once per analysis in its own
// context. Package specifiers (`@tensorflow/tfjs`, any bare name) stay external: the host models TF.js.
//
// Order follows JavaScript, since TF.js's name counters make it visible in layer names: a module's static
// imports are evaluated before its body, depth first, in source order (ESM); `require` evaluates at the call
// (CommonJS). An import of a module still being evaluated (a cycle) binds lazily: the name settles once that
// module defines it, and reads before that are unknown.
import type { SyntaxNode } from '@lezer/common';
import { DEFAULT_MAX_IMPORT_BYTES } from '../core/modules';
import { LineIndex } from '../python/syntax';
import { type Interp, BudgetExceeded, JsThrow, ReturnSignal, BreakSignal, ContinueSignal } from './interp';
import { parseTs, kids, stringValue } from './syntax';
import { type ExportTable, DEFAULT_EXPORT, MAX_MODULES, exportTable, fileName, isBareName, isRelative, resolveTs, stringOrName, tokensNamed } from './resolve';
import { reuse, share, startRecord, endRecord } from './shared';
import { type Value, type Scope, type JsObject, type ModuleCtx, type Unk, unk, obj, isObj, isLazy, isPlainObject } from './values';
import { msg } from '../core/l10n';
import { jsonValue } from './builtins';

export interface TsModule {
  path: string;
  ctx: ModuleCtx;
  state: 'loading' | 'done';
  /** Why the module was not (fully) evaluated: too large, a throw, the step budget. */
  reason?: string;
  /** The file was not evaluated at all. */
  failed?: boolean;
  table: ExportTable;
  /** The steps its own body took, and whether its code names `module` or `exports`. */
  steps?: number;
  cjsNames?: boolean;
  /** CommonJS `module` (its `exports` starts as `exportsObj`). */
  cjs: JsObject;
  exportsObj: JsObject;
  namespace?: JsObject;
}

export { DEFAULT_EXPORT, moduleSpecs, reaches } from './resolve';

type Source = { mod: TsModule } | { value: Value };
type Resolved = { value: Value; final: boolean };

// ---- loading ----

function notFollowed(how: 'import' | 'export' | 'require', spec: string): string {
  if (how === 'import') return msg('imported from \'{0}\', which Layer Lens does not follow', spec);
  if (how === 'export') return msg('exported from \'{0}\', which Layer Lens does not follow', spec);
  return msg('required from \'{0}\', which Layer Lens does not follow', spec);
}

function notInWorkspace(how: 'import' | 'export' | 'require', spec: string): string {
  if (how === 'import') return msg('imported from \'{0}\', which is not a file of the workspace', spec);
  if (how === 'export') return msg('exported from \'{0}\', which is not a file of the workspace', spec);
  return msg('required from \'{0}\', which is not a file of the workspace', spec);
}

/** The module `spec` names from the file running now: a workspace module, a host value (TF.js), or unknown. */
export function sourceFor(it: Interp, spec: string, how: 'import' | 'export' | 'require'): Source {
  const host = it.host.module(spec);
  if (host !== undefined) return { value: host };
  if (!isRelative(spec) || !it.imports) return { value: unk(notFollowed(how, spec)) };
  const path = resolveTs(it.imports, it.context.path, spec);
  if (!path) return { value: unk(notInWorkspace(how, spec)) };
  for (const r of it.loadRecords) r.deps.add(path);
  return { mod: loadModule(it, path) };
}

/** Registers the analysed file as a module (imports of it from other files see its bindings). */
export function mainModule(it: Interp, top: SyntaxNode): TsModule {
  const exportsObj = obj();
  const mod: TsModule = {
    path: it.mainCtx.path, ctx: it.mainCtx, state: 'loading', table: exportTable(it, top, isTypeScript(it.mainCtx.path)), cjs: obj([['exports', exportsObj]]), exportsObj,
  };
  it.modules.set(mod.path, mod);
  it.globals.vars.set('module', mod.cjs);
  it.globals.vars.set('exports', exportsObj);
  return mod;
}

/** Evaluates the static imports of the module running now, in order, before its body (as ESM does). */
export function loadDeps(it: Interp, table: ExportTable): void {
  if (!it.imports) return;
  for (const spec of table.deps) if (isRelative(spec) && it.host.module(spec) === undefined) sourceFor(it, spec, 'import');
}

/** Steps all imported modules of one analysis may take together, in step budgets of the analysis. */
const IMPORT_STEPS_FACTOR = 5;
const importSteps = new WeakMap<Interp, number>();

/** Loads (once per analysis) a workspace module: shared from an earlier analysis (shared.ts), or evaluated. */
export function loadModule(it: Interp, path: string): TsModule {
  const cached = it.modules.get(path);
  if (cached) return cached;
  const used = importSteps.get(it) ?? 0;
  const again = reuse(it, path, used, IMPORT_STEPS_FACTOR * it.maxSteps, MAX_MODULES);
  if (again) {
    importSteps.set(it, used + again.steps);
    return again.mod;
  }
  const record = startRecord(it);
  let mod: TsModule;
  try {
    mod = evaluateModule(it, path);
  } finally {
    endRecord(it, record);
  }
  share(it, mod, record, mod.steps ?? 0, mod.cjsNames !== false);
  return mod;
}

function evaluateModule(it: Interp, path: string): TsModule {
  const settings = it.imports!;
  const text = settings.reader.read(path) ?? '';
  const exportsObj = obj();
  const scope: Scope = { vars: new Map<string, Value>(), parent: it.builtinScope, fn: true };
  const ctx: ModuleCtx = { path, text, lines: new LineIndex(text), main: false, scope };
  const table: ExportTable = { locals: new Map(), from: new Map(), stars: [], deps: [], esm: false, elided: new Set(), bound: new Set() };
  const mod: TsModule = { path, ctx, state: 'loading', table, cjs: obj([['exports', exportsObj]]), exportsObj };
  it.modules.set(path, mod);
  const max = settings.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  if (text.length > max) return fail(mod, msg('{0} is larger than {1} bytes and is not read', fileName(path), max));
  if (it.modules.size > MAX_MODULES) return fail(mod, msg('more than {0} imported files: {1} is not read', MAX_MODULES, fileName(path)));
  if (text.includes('\u0000')) return fail(mod, msg('{0} looks binary and is not read', fileName(path)));
  scope.vars.set('module', mod.cjs);
  scope.vars.set('exports', exportsObj);
  if (/\.json$/i.test(path)) {
    // A JSON module: its value is `module.exports` (named imports read its top-level keys).
    mod.state = 'done';
    try { mod.cjs.props.set('exports', jsonValue(JSON.parse(text) as unknown, 0)); } catch { return fail(mod, msg('{0} is not valid JSON', fileName(path))); }
    return mod;
  }
  const tree = parseTs(text, path);
  mod.table = exportTable({ src: (n) => text.slice(n.from, n.to) }, tree.topNode, isTypeScript(path));
  mod.cjsNames = ['module', 'exports'].some((w) => {
    let named = false;
    tokensNamed(tree.topNode, text, w, 0, (n) => (named = n.name === 'VariableName'));
    return named;
  });
  // A module gets its own step allowance (out of one for all imports); an overrun or a throw leaves it partly defined.
  const left = IMPORT_STEPS_FACTOR * it.maxSteps - (importSteps.get(it) ?? 0);
  if (left <= 0) return fail(mod, msg('the step budget of imported files ran out before {0}', fileName(path)));
  const savedSteps = it.steps;
  const start = it.maxSteps - Math.min(it.maxSteps, left);
  it.steps = start;
  it.frames.push([]);
  try {
    it.inCtx(ctx, () => {
      // As in ESM: the module's function declarations exist before its imports run (a cycle may call them).
      const stmts = kids(tree.topNode);
      it.hoist(stmts, scope);
      loadDeps(it, mod.table);
      it.execList(stmts, scope);
    });
  } catch (e) {
    if (e instanceof BudgetExceeded) mod.reason = msg('{0} is only partly evaluated: {1}', fileName(path), e.reason);
    else if (e instanceof JsThrow) mod.reason = msg('{0} throws while loading: {1}', fileName(path), e.reason);
    else if (!(e instanceof ReturnSignal || e instanceof BreakSignal || e instanceof ContinueSignal)) throw e;
  } finally {
    mod.steps = it.steps - start;
    importSteps.set(it, (importSteps.get(it) ?? 0) + mod.steps);
    it.steps = savedSteps;
    it.frames.pop();
    mod.state = 'done';
  }
  return mod;
}

function fail(mod: TsModule, reason: string): TsModule {
  mod.state = 'done';
  mod.failed = true;
  mod.reason = reason;
  return mod;
}

/** Files the analysis read through imports. */
export function importedFiles(it: Interp): string[] {
  return [...it.modules.keys()].filter((p) => p !== it.mainCtx.path).sort();
}

// ---- bindings ----

/** Whether a module is CommonJS: no import/export syntax, or it sets `module.exports` / `exports.x`. */
function isCommonJs(mod: TsModule): boolean {
  return !mod.table.esm || mod.cjs.props.get('exports') !== mod.exportsObj || mod.exportsObj.props.size > 0;
}

const isTypeScript = (path: string) => /\.[mc]?tsx?$/i.test(path);

const cycle = (mod: TsModule, name: string) => unk(msg('`{0}` is read while {1} is still being evaluated (an import cycle)', name, fileName(mod.path)), name);

/** The value of export `name` of a module. Not final while the module is still being evaluated. */
export function exportValue(it: Interp, mod: TsModule, name: string, seen = new Set<TsModule>()): Resolved {
  if (mod.failed) return { value: unk(mod.reason ?? msg('{0} is not read', fileName(mod.path)), name), final: true };
  const done = mod.state === 'done';
  if (seen.has(mod)) return { value: unk(msg('`{0}` is re-exported in a cycle', name), name), final: true };
  seen.add(mod);
  if (isCommonJs(mod)) {
    const e = mod.cjs.props.get('exports');
    return { value: name === 'default' ? e : it.getProp(e, name), final: done };
  }
  const local = mod.table.locals.get(name);
  if (local !== undefined) {
    if (!mod.ctx.scope.vars.has(local)) return done ? { value: notDefined(mod, name), final: true } : { value: cycle(mod, name), final: false };
    const v = mod.ctx.scope.vars.get(local);
    if (isLazy(v)) { const r = v.resolve(); return { value: r.value, final: r.final && done }; }
    return { value: v, final: done };
  }
  const from = mod.table.from.get(name);
  if (from) return it.inCtx(mod.ctx, () => binding(it, sourceFor(it, from.spec, 'export'), from.name, seen));
  for (const spec of mod.table.stars) {
    const src = it.inCtx(mod.ctx, () => sourceFor(it, spec, 'export'));
    if ('mod' in src && exportNames(it, src.mod).has(name)) return exportValue(it, src.mod, name, seen);
  }
  // Whatever a package re-exported with `export *` holds (TF.js: the host knows its names).
  const rest = packageStar(it, mod);
  if (rest !== undefined && name !== 'default') return { value: it.getProp(rest, name), final: true };
  return done ? { value: notDefined(mod, name), final: true } : { value: cycle(mod, name), final: false };
}

function notDefined(mod: TsModule, name: string): Unk {
  return unk(mod.reason ? msg('`{0}` is not defined: {1}', name, mod.reason) : msg('{0} does not export `{1}`', fileName(mod.path), name), name);
}

/** The package a module re-exports everything of (`export * from '@tensorflow/tfjs'`), through its own stars too. */
function packageStar(it: Interp, mod: TsModule, seen = new Set<TsModule>()): Value {
  if (mod.failed || seen.has(mod) || isCommonJs(mod)) return undefined;
  seen.add(mod);
  for (const spec of mod.table.stars) {
    const src = it.inCtx(mod.ctx, () => sourceFor(it, spec, 'export'));
    const v = 'value' in src ? (isObj(src.value) && src.value.t === 'ext' ? src.value : undefined) : packageStar(it, src.mod, seen);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Names a module exports. */
function exportNames(it: Interp, mod: TsModule, seen = new Set<TsModule>()): Set<string> {
  const out = new Set<string>();
  if (mod.failed || seen.has(mod)) return out;
  seen.add(mod);
  if (isCommonJs(mod)) {
    const e = mod.cjs.props.get('exports');
    if (isPlainObject(e)) for (const k of e.props.keys()) out.add(k);
    return out;
  }
  for (const k of mod.table.locals.keys()) out.add(k);
  for (const k of mod.table.from.keys()) out.add(k);
  for (const spec of mod.table.stars) {
    const src = it.inCtx(mod.ctx, () => sourceFor(it, spec, 'export'));
    if ('mod' in src) for (const k of exportNames(it, src.mod, seen)) if (k !== 'default') out.add(k);
  }
  return out;
}

/** The namespace object of a module (`import * as m`, `require` of an ES module). */
export function namespace(it: Interp, mod: TsModule): Resolved {
  if (mod.namespace) return { value: mod.namespace, final: true };
  if (mod.failed) return { value: unk(mod.reason ?? msg('{0} is not read', fileName(mod.path))), final: true };
  if (mod.state === 'loading') return { value: unk(msg('{0} is used while it is still being evaluated (an import cycle)', fileName(mod.path))), final: false };
  const ns = obj();
  if (isCommonJs(mod)) {
    const e = mod.cjs.props.get('exports');
    if (isPlainObject(e)) for (const [k, v] of e.props) ns.props.set(k, v);
    ns.props.set('default', e);
  } else {
    for (const k of exportNames(it, mod)) ns.props.set(k, exportValue(it, mod, k).value);
    const rest = packageStar(it, mod);
    if (rest !== undefined) ns.rest = rest;
  }
  mod.namespace = ns;
  return { value: ns, final: true };
}

/** The value `import { name } from …` binds (`*`: the namespace). */
function binding(it: Interp, src: Source, name: string, seen?: Set<TsModule>): Resolved {
  if ('value' in src) {
    const m = src.value;
    if (name === '*' || isObj(m) && m.t === 'unk') return { value: m, final: true };
    return { value: name === 'default' ? it.getProp(m, 'default') ?? m : it.getProp(m, name), final: true };
  }
  return name === '*' ? namespace(it, src.mod) : exportValue(it, src.mod, name, seen);
}

/** A binding, lazy while its module is still being evaluated. */
function bindLazily(it: Interp, src: Source, name: string): Value {
  const r = binding(it, src, name);
  if (r.final) return r.value;
  return { t: 'lazy', resolve: () => binding(it, src, name) };
}

/** `import d, { a as b } from spec` / `import * as ns from spec` / `import spec`. */
export function execImport(it: Interp, st: SyntaxNode, scope: Scope): void {
  const ks = kids(st);
  if (ks[1]?.name === 'type' || it.modules.get(it.context.path)?.table.elided.has(st.from)) return;
  const spec = st.getChild('String');
  if (!spec) return;
  const src = sourceFor(it, stringValue(it.src(spec)), 'import');
  const line = it.line(st);
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i];
    if (k.name === 'Star' && ks[i + 2]?.name === 'VariableDefinition') { it.declare(it.src(ks[i + 2]), bindLazily(it, src, '*'), scope, 'const', line); i += 2; }
    else if (k.name === 'VariableDefinition') it.declare(it.src(k), bindLazily(it, src, 'default'), scope, 'const', line);
    else if (k.name === 'ImportGroup') {
      const gs = kids(k);
      for (let j = 0; j < gs.length; j++) {
        if (gs[j].name === 'type') { while (gs[j + 1] && gs[j + 1].name !== ',' && gs[j + 1].name !== '}') j++; continue; }
        if (!/^(VariableName|VariableDefinition|String|default)$/.test(gs[j].name)) continue;
        const imported = stringOrName(it, gs[j]);
        let local = imported;
        if (gs[j + 1]?.name === 'as' && gs[j + 2]) { local = it.src(gs[j + 2]); j += 2; }
        it.declare(local, bindLazily(it, src, imported), scope, 'const', line);
      }
    }
  }
}

/** `require(spec)`: CommonJS modules give `module.exports`, ES modules their namespace. */
export function requireModule(it: Interp, spec: string, dynamic = false): Value {
  const src = sourceFor(it, spec, dynamic ? 'import' : 'require');
  if ('value' in src) return src.value;
  const mod = src.mod;
  if (!dynamic && !mod.failed && isCommonJs(mod)) return mod.cjs.props.get('exports');
  return namespace(it, mod).value;
}

/** `export …` statements: run the declarations, keep `export default <expression>`'s value, `export =`. */
export function execExport(it: Interp, st: SyntaxNode, scope: Scope): void {
  const ks = kids(st);
  const isDefault = ks[1]?.name === 'default';
  if (ks[1]?.name === 'Equals') {
    if (ks[2]) it.setProp(it.lookup('module', scope), 'exports', it.eval(ks[2], scope));
    return;
  }
  for (const k of ks.slice(isDefault ? 2 : 1)) {
    if (k.name === 'FunctionDeclaration' || k.name === ';') continue; // functions are hoisted
    if (k.name === 'ClassDeclaration' && isDefault && !k.getChild('VariableDefinition')) scope.vars.set(DEFAULT_EXPORT, it.makeClass(k, scope));
    else if (/Declaration$/.test(k.name)) it.exec(k, scope);
    else if (isDefault && !isBareName(k, ks)) scope.vars.set(DEFAULT_EXPORT, it.eval(k, scope));
  }
}
