// TF.js files → reports: run the file's top level statically, then build its model builders (functions callable
// without arguments, classes with a model-building method) in source order, as one TF.js program would.
import type { SyntaxNode, Tree } from '@lezer/common';
import type { FileReport, Language, ModelReport } from '../core/report';
import { messagesVersion } from '../core/l10n';
import { parseDirective, directiveFor, type Directive, onlyBlankBetween as blankBetween } from '../core/directive';
import { Interp, BudgetExceeded, JsThrow, ReturnSignal, BreakSignal, ContinueSignal } from './interp';
import { TfjsHost, TFJS_MODULE } from './tfjs';
import { reportModel, type ModelCandidate } from './tfjs-model';
import { parseTs, kids } from './syntax';
import { type Value, type Layer, type JsObject, isObj, isLayer } from './values';
import { mainModule, loadDeps, importedFiles, moduleSpecs, reaches } from './modules';
import { verifyShared } from './shared';
import type { ImportSettings } from '../core/modules';
import {
  type BuilderEntry, BuilderRecorder, builderKey, builderMemoryStats, recallBuilders, rememberBuilders, forgetBuilders, stillValid,
} from './memory';

export interface TsAnalyzeOptions {
  defaultInputShape?: number[] | null;
  maxSteps?: number;
  /** Follow relative imports and requires through this reader. */
  imports?: ImportSettings;
  /** Reuse (and remember) builder reports of an earlier analysis of the same path; on unless false. */
  remember?: boolean;
}

const isModel = (v: Value): v is Layer => isLayer(v) && v.model !== undefined;

/** Steps all builders of one file may take together. */
const FILE_STEPS_FACTOR = 5;

export function analyzeTs(text: string, path: string, language: Language, opts: TsAnalyzeOptions = {}): FileReport {
  const r = analyzeOnce(text, path, language, opts);
  // A remembered report did not fit (its input directive changed): from scratch.
  return r === AGAIN ? analyzeOnce(text, path, language, { ...opts, remember: false }) as FileReport : r;
}

const AGAIN = Symbol('again');

function analyzeOnce(text: string, path: string, language: Language, opts: TsAnalyzeOptions): FileReport | typeof AGAIN {
  const tree = parseTs(text, path);
  // Only files that load TF.js (themselves or through their relative imports) are evaluated: other JS/TS in the
  // workspace costs a parse and nothing more.
  if (!loadsTfjs(tree.topNode, text) && !(opts.imports && reaches(opts.imports, path, tree.topNode, text, (s) => TFJS_MODULE.test(s)))) return { path, language, models: [] };
  const host = new TfjsHost();
  const maxSteps = opts.maxSteps ?? 200_000;
  const interp = new Interp(text, host, maxSteps, path);
  if (opts.imports) {
    // What the modules being evaluated read, for sharing them with later analyses (shared.ts).
    const reader = opts.imports.reader;
    interp.imports = { ...opts.imports, reader: { read: (p) => { const t = reader.read(p); for (const r of interp.loadRecords) r.reads.set(p, t); return t; } } };
  }
  host.interp = interp;
  try {
    return evaluateFile(interp, host, tree, text, path, language, opts);
  } finally {
    interp.restoreShared();
    verifyShared(interp);
  }
}

function evaluateFile(interp: Interp, host: TfjsHost, tree: Tree, text: string, path: string, language: Language, opts: TsAnalyzeOptions): FileReport | typeof AGAIN {
  const maxSteps = interp.maxSteps;
  const script = tree.topNode;
  const main = mainModule(interp, script);
  let note: string | undefined;
  const guarded = <T>(f: () => T): T | null => {
    try { return f(); } catch (e) {
      if (e instanceof BudgetExceeded) { note = e.reason; return null; }
      // A `break`/`continue` outside a loop is a syntax error mid-edit: it ends what it was in, nothing more.
      if (e instanceof JsThrow || e instanceof ReturnSignal || e instanceof BreakSignal || e instanceof ContinueSignal) return null;
      throw e;
    }
  };
  guarded(() => {
    interp.hoist(kids(script), interp.globals);
    loadDeps(interp, main.table);
    interp.runScript(script);
  });
  main.state = 'done';
  const topNote = note;
  // Builders, in source order, after the top level: each call continues TF.js's name counters.
  const found: (ModelCandidate & { entry?: BuilderEntry; seq: number })[] = [];
  const reused: { name: string; kind: 'function' | 'class'; line: number; entry: BuilderEntry; seq: number }[] = [];
  const seen = new Set<Value>();
  const builders: { name: string; kind: 'function' | 'class'; line: number; value: Value; build: () => Value }[] = [];
  for (const [name, v] of interp.globals.vars) {
    // An imported model is reported in its own file.
    if (main.table.bound.has(name)) continue;
    if (isModel(v)) {
      if (seen.has(v)) continue;
      seen.add(v);
      found.push({ name, kind: 'variable', line: interp.globalLines.get(name) ?? v.line, model: v, seq: found.length });
    } else if (isObj(v) && v.t === 'func' && v.ctx === interp.mainCtx && interp.allDefaults(v)) {
      builders.push({ name, kind: 'function', line: interp.globalLines.get(name) ?? v.line, value: v, build: () => interp.callFunction(v, [], undefined, v.line) });
    } else if (isObj(v) && v.t === 'class' && v.ctx === interp.mainCtx && (!v.ctor || interp.allDefaults(v.ctor))) {
      const cls = v;
      builders.push({ name, kind: 'class', line: cls.line, value: v, build: () => classModel(interp, cls) });
    }
  }
  // Reports remembered from the last analysis of the file (typescript/memory.ts).
  const remember = opts.remember !== false;
  const options = JSON.stringify([opts.defaultInputShape ?? null, maxSteps, opts.imports?.roots ?? null, opts.imports?.maxBytes ?? null, messagesVersion()]);
  const before = remember ? recallBuilders(path, options) : null;
  const entries = new Map<string, BuilderEntry>();
  let spent = 0;
  // Reports come in source order; on one line, variables first, then builders in the order they ran.
  let seq = 1_000_000;
  for (const b of builders.sort((x, y) => x.line - y.line)) {
    seq++;
    spent += interp.steps;
    if (spent > FILE_STEPS_FACTOR * maxSteps) break;
    interp.steps = 0;
    note = undefined;
    const key = remember ? builderKey(interp, { kind: b.kind, name: b.name, line: b.line, value: b.value, counters: host.counters(), note: topNote ?? '' }) : null;
    const hit = key !== null ? before?.get(key) : undefined;
    if (key !== null && hit && stillValid(interp, hit)) {
      builderMemoryStats.reused++;
      host.setCounters(hit.after);
      interp.steps = hit.steps;
      entries.set(key, hit);
      if (hit.model) reused.push({ name: b.name, kind: b.kind, line: b.line, entry: hit, seq });
      continue;
    }
    const rec = key !== null ? new BuilderRecorder(interp) : null;
    interp.recorder = rec;
    let v: Value;
    try {
      v = guarded(b.build);
    } finally {
      interp.recorder = null;
    }
    const entry: BuilderEntry | undefined = key !== null && rec?.pure()
      ? { reads: [...rec.reads], steps: interp.steps, after: host.counters(), model: isModel(v), report: null, directive: '' } : undefined;
    if (entry) entries.set(key!, entry);
    if (isModel(v)) found.push({ name: b.name, kind: b.kind, line: b.line, model: v, entry, seq });
  }
  const directives = collectDirectives(tree, interp);
  const firstCode = firstCodeLine(script, interp);
  const modelLines = [...found.map((c) => c.line), ...reused.map((c) => c.line)];
  const blank = (from: number, to: number) => onlyBlankBetween(interp, from, to);
  const directiveOf = (c: { name: string; line: number }) => directiveFor(directives, c.name, c.line, firstCode, blank, modelLines);
  const models: { line: number; seq: number; report: ModelReport }[] = [];
  for (const c of reused) {
    // A remembered report stands only for the same input directive; else analyse the file from scratch.
    if (JSON.stringify(directiveOf(c) ?? null) !== c.entry.directive) {
      forgetBuilders(path);
      return AGAIN;
    }
    if (c.entry.report) models.push({ line: c.line, seq: c.seq, report: c.entry.report });
  }
  for (const c of found.sort((x, y) => x.line - y.line)) {
    const d = directiveOf(c);
    interp.steps = 0;
    const r = guarded(() => reportModel(host, c, d?.shape ?? opts.defaultInputShape ?? null, topNote));
    if (r) models.push({ line: c.line, seq: c.seq, report: r });
    if (c.entry) { c.entry.report = r; c.entry.directive = JSON.stringify(d ?? null); }
  }
  if (remember) rememberBuilders(path, options, entries);
  const imported = importedFiles(interp);
  return { path, language, models: models.sort((a, b) => a.line - b.line || a.seq - b.seq).map((m) => m.report), ...(imported.length ? { imports: imported } : {}) };
}

/** A class's model: one its constructor stores, else the first no-argument method that returns one. */
function classModel(interp: Interp, cls: Extract<Value, { t: 'class' }>): Value {
  const self = interp.instantiate(cls, [], cls.line) as JsObject;
  for (const [k, v] of self.props) if (isModel(v) && !k.startsWith('#')) return v;
  for (let c: Value = cls; isObj(c) && c.t === 'class'; c = c.base) {
    for (const f of c.methods.values()) {
      if (!interp.allDefaults(f) || f.node.getChild('get') || f.node.getChild('set')) continue;
      const r = interp.callFunction(f, [], self, f.line);
      if (isModel(r)) return r;
    }
  }
  return undefined;
}

/** Whether the file imports or requires a TF.js package (read from the syntax tree, not the text). */
function loadsTfjs(script: SyntaxNode, text: string): boolean {
  return moduleSpecs(script, text).some((s) => TFJS_MODULE.test(s));
}

function collectDirectives(tree: Tree, interp: Interp): Directive[] {
  const out: Directive[] = [];
  // Comments are found where the text has `//` or `/*` and the tree has a comment starting there (not in a
  // string): cheaper than walking every node of a long file on each keystroke.
  const text = interp.text;
  let line = text.indexOf('//'), block = text.indexOf('/*');
  while (line >= 0 || block >= 0) {
    const at = line < 0 ? block : block < 0 ? line : Math.min(line, block);
    const node = tree.resolveInner(at, 1);
    let next = at + 2;
    if (node.from === at && (node.name === 'LineComment' || node.name === 'BlockComment')) {
      const d = parseDirective(text.slice(node.from, node.to).replace(/^\/\/+|^\/\*+|\*+\/$/g, ''), interp.lines.line(node.from));
      if (d) out.push(d);
      next = node.to;
    }
    if (line >= 0 && line < next) line = text.indexOf('//', next);
    if (block >= 0 && block < next) block = text.indexOf('/*', next);
  }
  return out;
}

function firstCodeLine(script: SyntaxNode, interp: Interp): number {
  for (const st of kids(script)) {
    if (st.name === 'ImportDeclaration') continue;
    if (st.name === 'ExpressionStatement' && st.firstChild?.name === 'String') continue; // 'use strict'
    if (st.name === 'VariableDeclaration' && kids(st).some((k) => k.name === 'CallExpression' && k.firstChild && interp.src(k.firstChild) === 'require')) continue;
    return interp.line(st);
  }
  return Infinity;
}

/** Whether only blank lines, comments and decorators lie strictly between two lines. */
function onlyBlankBetween(interp: Interp, from: number, to: number): boolean {
  return blankBetween(interp.text, (l) => interp.lines.lineStart(l), interp.lines.count, from, to, (s) => s.startsWith('//') || s.startsWith('/*') || s.startsWith('*') || s.startsWith('@'));
}
