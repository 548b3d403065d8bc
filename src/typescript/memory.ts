// Reports of TF.js builders remembered between analyses of a file, so that typing in one builder of a long file
// evaluates that builder again and reuses the reports of the others.
//
// A builder's report is reused when nothing it depends on can have changed:
// - its own source text and line, and the fingerprint of every module-level binding its evaluation read (each
//   module scope it looked a name up in, the analysed file's and imported files'; a name it did not find counts
//   too, so declaring it later is seen);
// - TF.js's name counters when it started (its layer names continue them), which are then set to what they were
//   after it;
// - the file's top-level note and the analysis options.
// Only builders whose evaluation is "pure" are remembered: it wrote no module-level binding, loaded no module,
// changed no class's statics, read only bindings that can be fingerprinted (primitives, unknowns, TF.js namespaces,
// functions and classes defined at a module's top level by their source, arrays and objects by their content), and
// left every binding it read as it found it (an array it pushed to, a config object it changed in place). A
// builder that reads a layer or a tensor held by a module is evaluated on every analysis.
import type { Interp, ReadRecorder } from './interp';
import type { ModelReport } from '../core/report';
import { hashText } from '../core/hash';
import { type Value, type Scope, isObj, isLazy } from './values';

export interface BuilderEntry {
  /** Module path + NUL + name → the binding's fingerprint (ABSENT when the scope did not hold it). */
  reads: [string, string][];
  /** Steps the evaluation took (they count toward the file's allowance as if it ran). */
  steps: number;
  /** The host's name counters after the builder. */
  after: string;
  /** Whether it returned a model, and that model's report and input directive once reported. */
  model: boolean;
  report: ModelReport | null;
  directive: string;
}

interface FileMemory {
  options: string;
  entries: Map<string, BuilderEntry>;
}

const ABSENT = '-';
const memory = new Map<string, FileMemory>();
const MAX_FILES = 16;

/** How many builder evaluations were saved (tests and benchmarks). */
export const builderMemoryStats = { reused: 0 };

export function clearBuilderMemory(): void {
  memory.clear();
}

export function recallBuilders(path: string, options: string): Map<string, BuilderEntry> | null {
  const m = memory.get(path);
  return m && m.options === options ? m.entries : null;
}

export function rememberBuilders(path: string, options: string, entries: Map<string, BuilderEntry>): void {
  memory.delete(path);
  memory.set(path, { options, entries });
  if (memory.size > MAX_FILES) memory.delete(memory.keys().next().value as string);
}

export function forgetBuilders(path: string): void {
  memory.delete(path);
}

/** Records what one builder's evaluation reads from module scopes, and whether it stays pure. */
export class BuilderRecorder implements ReadRecorder {
  readonly reads = new Map<string, string>();
  impure = false;
  private readonly modulesAtStart: number;

  constructor(private readonly it: Interp) {
    this.modulesAtStart = it.modules.size;
  }

  read(scope: Scope, name: string): void {
    const path = scopePath(this.it, scope);
    if (path === null) { this.impure = true; return; }
    const key = `${path}\u0000${name}`;
    if (this.reads.has(key)) return;
    const fp = bindingFingerprint(this.it, scope, name);
    if (fp === null) this.impure = true;
    this.reads.set(key, fp ?? '');
  }

  changed(): void {
    this.impure = true;
  }

  /** Whether the evaluation can be remembered: pure, and every binding it read still as it was (nothing changed in place). */
  pure(): boolean {
    if (this.impure || this.it.modules.size !== this.modulesAtStart) return false;
    return stillValid(this.it, { reads: [...this.reads] });
  }
}

/** Whether every binding an entry read still has the fingerprint it had. */
export function stillValid(it: Interp, entry: Pick<BuilderEntry, 'reads'>): boolean {
  for (const [key, fp] of entry.reads) {
    const cut = key.indexOf('\u0000');
    const mod = it.modules.get(key.slice(0, cut));
    if (!mod || bindingFingerprint(it, mod.ctx.scope, key.slice(cut + 1)) !== fp) return false;
  }
  return true;
}

function scopePath(it: Interp, scope: Scope): string | null {
  if (scope === it.globals) return it.mainCtx.path;
  for (const m of it.modules.values()) if (m.ctx.scope === scope) return m.path;
  return null;
}

function bindingFingerprint(it: Interp, scope: Scope, name: string): string | null {
  if (!scope.vars.has(name)) return ABSENT;
  let v = scope.vars.get(name);
  if (isLazy(v)) {
    const r = v.resolve();
    if (!r.final) return null;
    v = r.value;
  }
  return fingerprint(it, v, 0);
}

/** Hashes of function and class sources, by their text (the same text is hashed once across analyses). */
const sourceHashes = new Map<string, string>();

function sourceHash(text: string): string {
  let h = sourceHashes.get(text);
  if (h === undefined) {
    if (sourceHashes.size >= 4096) sourceHashes.clear();
    h = hashText(text);
    sourceHashes.set(text, h);
  }
  return h;
}

/** Values a fingerprint reads at most (a larger structure is not fingerprinted). */
const MAX_NODES = 5000;

/**
 * What a value is, as a string that changes when it does; null for what cannot be told this way (layers, tensors,
 * built-ins, functions closing over a scope other than their module's, cycles, very large structures). Arrays and
 * objects are fingerprinted by content, so a change made in place is seen by comparing before and after.
 */
export function fingerprint(it: Interp, v: Value, depth: number, budget = { n: 0 }, path: Set<Value> = new Set()): string | null {
  if (!isObj(v)) return `${typeof v}:${String(v)}`;
  if (depth > 20 || ++budget.n > MAX_NODES || path.has(v)) return null;
  const sub = (x: Value) => fingerprint(it, x, depth + 1, budget, path);
  switch (v.t) {
    case 'unk': return `u:${v.spread ? '…' : ''}${v.reason}\u0000${v.expr ?? ''}`;
    case 'ext': return `e:${v.path}`;
    case 'func': {
      if (!v.ctx || v.closure !== v.ctx.scope || v.home) return null;
      const self = v.arrow && v.self !== undefined ? sub(v.self) : '';
      if (self === null) return null;
      return `f:${v.ctx.path}:${v.line}:${sourceHash(v.ctx.text.slice(v.node.from, v.node.to))}:${self}`;
    }
    case 'class': {
      if (!v.ctx || v.closure !== v.ctx.scope) return null;
      const parts = [`c:${v.ctx.path}:${v.line}:${sourceHash(v.ctx.text.slice(v.node.from, v.node.to))}`];
      path.add(v);
      try {
        const base = sub(v.base);
        if (base === null) return null;
        parts.push(base);
        for (const [k, s] of v.statics) {
          // A static method is part of the class's text.
          if (isObj(s) && s.t === 'func' && s.home === v) { parts.push(`${k}=m`); continue; }
          const f = sub(s);
          if (f === null) return null;
          parts.push(`${k}=${f}`);
        }
      } finally {
        path.delete(v);
      }
      return parts.join('|');
    }
    case 'array': case 'object': {
      const parts: string[] = [v.t === 'array' ? 'a[' : 'o{'];
      path.add(v);
      try {
        if (v.t === 'array') {
          for (const x of v.items) { const f = sub(x); if (f === null) return null; parts.push(f); }
        } else {
          const head = v.cls ? sub(v.cls) : '', rest = v.rest !== undefined ? sub(v.rest) : '';
          if (head === null || rest === null) return null;
          parts.push(head, rest);
          for (const [k, x] of v.props) { const f = sub(x); if (f === null) return null; parts.push(`${k}=${f}`); }
        }
      } finally {
        path.delete(v);
      }
      return parts.join('\u0001');
    }
    default: return null;
  }
}

/** The key of a builder's entry: what it is, and the state it starts from. */
export function builderKey(it: Interp, parts: { kind: string; name: string; line: number; value: Value; counters: string; note: string }): string | null {
  const fp = fingerprint(it, parts.value, 0);
  if (fp === null) return null;
  return hashText([parts.kind, parts.name, parts.line, fp, parts.counters, parts.note].join('\u0000'));
}
