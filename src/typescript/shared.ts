// Imported TS/JS modules shared between analyses: a workspace module is evaluated once per version of the files
// it depends on, and later analyses (of the same file after an edit, or of other files importing it) reuse its
// bindings instead of evaluating it again.
//
// Only modules whose state cannot leak between analyses are shared:
// - an ES module whose evaluation completed (no throw, no step overrun, no import cycle), drew no TF.js name,
//   changed no binding of another shared module, and does not use `module` / `exports`;
// - every binding of its scope can be fingerprinted (memory.ts): a primitive, an unknown, a TF.js namespace, a
//   function or class defined at its top level, an array or object of such values;
// - every module it resolved is shared too.
// A later analysis may still assign a shared module's top-level variable (a function of the module that does
// `count++`) or a static of one of its classes: Interp logs those writes and undoes them when the analysis ends.
// One that changes an array or object of the module in place makes the module be dropped when it ends.
// A shared module is reused while every file its evaluation read (or looked for, while resolving imports) reads
// the same, and the analysis has the same step budget and import settings.
import type { Interp } from './interp';
import { messagesVersion } from '../core/l10n';
import type { TsModule } from './modules';
import { fingerprint } from './memory';

export interface LoadRecord {
  /** Files read or looked for, with what the reader gave. */
  reads: Map<string, string | null>;
  /** Workspace modules the code resolved (directly or through its imports). */
  deps: Set<string>;
  counters: string;
  /** Length of the interpreter's undo log when the evaluation started. */
  undo: number;
}

interface SharedModule {
  mod: TsModule;
  /** The fingerprint of each binding when it was shared: an analysis that changes one in place drops the module. */
  fps: Map<string, string>;
  options: string;
  reads: Map<string, string | null>;
  deps: Set<string>;
  /** The steps its own body took (they count toward the analysis's allowance for imports). */
  steps: number;
}

const shared = new Map<string, SharedModule>();
const MAX_SHARED = 256;

/** How many module evaluations were saved (tests and benchmarks). */
export const sharedTsStats = { reused: 0 };

export function clearSharedTsModules(): void {
  shared.clear();
}

function optionsOf(it: Interp): string {
  return JSON.stringify([it.maxSteps, it.imports?.roots ?? null, it.imports?.maxBytes ?? null, messagesVersion()]);
}

/** Starts recording what a module's evaluation reads and resolves. */
export function startRecord(it: Interp): LoadRecord {
  const r: LoadRecord = { reads: new Map(), deps: new Set(), counters: it.host.counters?.() ?? '', undo: it.undoLog.length };
  it.loadRecords.push(r);
  return r;
}

export function endRecord(it: Interp, r: LoadRecord): void {
  const i = it.loadRecords.lastIndexOf(r);
  if (i >= 0) it.loadRecords.splice(i, 1);
}

/** Keeps a freshly evaluated module for later analyses when nothing of it can leak (see the header). */
export function share(it: Interp, mod: TsModule, r: LoadRecord, steps: number, usesModuleObject: boolean): void {
  if (mod.failed || mod.reason || mod.state !== 'done' || usesModuleObject || /\.json$/i.test(mod.path)) return;
  if (!mod.table.esm || mod.cjs.props.get('exports') !== mod.exportsObj || mod.exportsObj.props.size > 0) return;
  if ((it.host.counters?.() ?? '') !== r.counters || it.undoLog.length !== r.undo) return;
  const fps = bindingPrints(it, mod);
  if (!fps) return;
  for (const d of r.deps) {
    if (d === mod.path) continue;
    const e = shared.get(d);
    if (!e || it.modules.get(d) !== e.mod) return;
  }
  shared.delete(mod.path);
  shared.set(mod.path, { mod, fps, options: optionsOf(it), reads: new Map(r.reads), deps: new Set([...r.deps].filter((d) => d !== mod.path)), steps });
  if (shared.size > MAX_SHARED) shared.delete(shared.keys().next().value as string);
  it.sharedScopes.add(mod.ctx.scope);
}

function bindingPrints(it: Interp, mod: TsModule): Map<string, string> | null {
  const fps = new Map<string, string>();
  for (const [name, v] of mod.ctx.scope.vars) {
    if (name === 'module' || name === 'exports') continue;
    const fp = fingerprint(it, v, 0);
    if (fp === null) return null;
    fps.set(name, fp);
  }
  return fps;
}

/**
 * At the end of an analysis (after its writes to shared scopes are undone): a shared module it changed in place
 * (an array pushed to, an object's property set) is dropped, and evaluated again by the next analysis.
 */
export function verifyShared(it: Interp): void {
  for (const [path, mod] of it.modules) {
    const e = shared.get(path);
    if (!e || e.mod !== mod) continue;
    const now = bindingPrints(it, mod);
    if (!now || now.size !== e.fps.size || [...now].some(([k, f]) => e.fps.get(k) !== f)) shared.delete(path);
  }
}

/**
 * The shared module for `path` and the ones it depends on, registered in this analysis, when all are still valid;
 * null to evaluate it. `used` is the import steps the analysis has taken, `allowance` all it may take.
 */
export function reuse(it: Interp, path: string, used: number, allowance: number, maxModules: number): { mod: TsModule; steps: number } | null {
  const plan = new Map<string, SharedModule>();
  const options = optionsOf(it);
  const collect = (p: string): boolean => {
    const registered = it.modules.get(p);
    const e = shared.get(p);
    if (registered) return !!e && registered === e.mod;
    if (plan.has(p)) return true;
    if (!e || e.options !== options) return false;
    for (const [f, text] of e.reads) if ((it.imports?.reader.read(f) ?? null) !== text) return false;
    plan.set(p, e);
    for (const d of e.deps) if (!collect(d)) return false;
    return true;
  };
  if (!collect(path)) return null;
  let steps = 0;
  for (const e of plan.values()) steps += e.steps;
  if (used + steps >= allowance || it.modules.size + plan.size > maxModules) return null;
  for (const [p, e] of plan) {
    // Per analysis: its namespace object, and the built-ins its functions see.
    e.mod.namespace = undefined;
    e.mod.ctx.scope.parent = it.builtinScope;
    it.modules.set(p, e.mod);
    it.sharedScopes.add(e.mod.ctx.scope);
    for (const r of it.loadRecords) r.deps.add(p);
    sharedTsStats.reused++;
  }
  return { mod: plan.get(path)?.mod ?? it.modules.get(path)!, steps };
}
