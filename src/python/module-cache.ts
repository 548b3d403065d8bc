// Imported modules evaluated once and shared by later analyses while every file their evaluation read is
// unchanged. A shared module holds only plain Python values (functions, classes, constants, containers, instances
// of Python classes: no framework layers, no lazy imports, no builtins bound to an evaluator). An analysis that
// changes one of those values in place (a registry dict, a class counter) works on it as a fresh evaluation would,
// and the value is put back as it was when the analysis ends (Interp.restoreShared).
import type { PyModule, Value } from './values';
import { isObj, functionDefaults } from './values';

export interface SharedModule {
  mod: PyModule;
  /** Every file the evaluation read (imports resolved, modules loaded), with what it read: null for no file. */
  reads: Map<string, string | null>;
  /** Paths of the modules it loaded (they are imports of whoever imports it). */
  loaded: string[];
  /** The import settings it was evaluated with. */
  options: string;
  /**
   * Entries its import wrote into dicts of other shared modules (a registry filled by a decorator): written again
   * each time it is reused, as importing it again would.
   */
  writes?: RegistryWrite[];
}

/** `d[key] = value` done by the import of one module into a dict of another (see Interp.noteLoadMutation). */
export interface RegistryWrite {
  dict: Extract<Value, { t: 'dict' }>;
  keyStr: string;
  key: Value;
  value: Value;
  /** What the dict held at that key before, when anything. */
  old: [Value, Value] | undefined;
  /** The modules whose import wrote it: the one running the write and those importing it at that moment. */
  by: string[];
}

const shared = new Map<string, SharedModule>();
/** How many module evaluations were saved (tests and benchmarks). */
export const sharedStats = { reused: 0 };
const MAX_MODULES = 512;
/** Values reachable from shared modules: changing one in place must be undone after the analysis. */
const frozen = new WeakSet<object>();

/** A shared evaluation of `path` made with one of `options`, when the files it read still read the same. */
export function sharedModule(path: string, options: string[], read: (p: string) => string | null): SharedModule | null {
  const s = shared.get(path);
  if (!s || !options.includes(s.options)) return null;
  for (const [p, text] of s.reads) if (read(p) !== text) return null;
  sharedStats.reused++;
  shared.delete(path);
  shared.set(path, s);
  return s;
}

/**
 * Every object reachable from a module's globals (containers, classes, instances of Python classes, modules,
 * what functions close over), with the globals map itself. `stop(v)` ends the walk with null: a value that
 * keeps the module from being shared.
 */
export function reachable(mod: PyModule, stop: (v: Exclude<Value, null | undefined | number | string | boolean>) => boolean = () => false): Set<object> | null {
  const seen = new Set<object>([mod.globals.vars]);
  const stack: Value[] = [...mod.globals.vars.values()];
  while (stack.length) {
    const v = stack.pop()!;
    if (!isObj(v) || seen.has(v)) continue;
    if (seen.size > 200_000 || stop(v)) return null;
    seen.add(v);
    switch (v.t) {
      case 'list': case 'tuple': case 'set': stack.push(...v.items); break;
      case 'dict': for (const [k, e] of v.map.values()) stack.push(k, e); break;
      case 'class': stack.push(...v.bases, ...v.attrs.values()); break;
      case 'instance': stack.push(...v.attrs.values()); break;
      case 'partial': stack.push(v.fn, ...v.args, ...v.kw.values()); break;
      case 'module': seen.add(v.globals.vars); stack.push(...v.globals.vars.values()); break;
      case 'func': {
        // What a function can reach: the scopes it closes over (a factory's locals) and its default values.
        for (let sc: typeof v.closure | null = v.closure; sc; sc = sc.parent) {
          if (seen.has(sc.vars)) break;
          seen.add(sc.vars);
          stack.push(...sc.vars.values());
        }
        const d = functionDefaults.get(v);
        if (d) stack.push(...d.values());
        break;
      }
    }
  }
  return seen;
}

/**
 * Shares a module's evaluation when every value reachable from its globals is plain Python (see above) and none
 * was changed in place by the import of another module (`changedByOthers`), marking those values frozen.
 * A module that reaches a deferred package (PyModule.deferred) was evaluated as it is imported from inside that
 * package: it is shared only with analyses of files with the same packages above them (`deferredOptions`).
 * Returns whether it was shared.
 */
export function shareModule(s: SharedModule, changedByOthers: (o: object) => boolean = () => false, deferredOptions?: string): boolean {
  let deferred = false;
  const seen = reachable(s.mod, (v) => {
    if (v.t === 'module' && v.deferred) deferred = true;
    // A value another module's import changed in place (a registry filled by a decorator elsewhere, a list
    // appended to) is not what this module's evaluation alone makes.
    if (changedByOthers(v) || (v.t === 'module' && changedByOthers(v.globals.vars))) return true;
    switch (v.t) {
      case 'instance': return !!(v.modules || v.params || v.layer);
      case 'module': return !!v.main;
      case 'list': case 'tuple': case 'set': case 'dict': case 'class': case 'partial': case 'func':
      case 'ext': case 'float': case 'unknown': return false;
      case 'builtin': return !v.forInterp;
      // Framework objects carry the state of one analysis; lazy imports belong to one evaluator.
      default: return true;
    }
  });
  if (!seen || changedByOthers(s.mod.globals.vars)) return false;
  if (deferred) {
    if (deferredOptions === undefined) return false;
    s = { ...s, options: deferredOptions };
  }
  for (const o of seen) frozen.add(o);
  shared.set(s.mod.path, s);
  while (shared.size > MAX_MODULES) shared.delete(shared.keys().next().value as string);
  return true;
}

export function isFrozen(o: object): boolean {
  return frozen.has(o);
}

/** Paths of the shared modules (tests). */
export function sharedPaths(): string[] {
  return [...shared.keys()];
}

/** Forgets every shared module (tests and benchmarks). */
export function clearSharedModules(): void {
  shared.clear();
}
