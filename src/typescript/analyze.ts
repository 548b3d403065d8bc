// TF.js files → reports: run the file's top level statically, then build its model builders (functions callable
// without arguments, classes with a model-building method) in source order, as one TF.js program would.
import type { SyntaxNode } from '@lezer/common';
import type { FileReport, Language, ModelReport } from '../core/report';
import { parseDirective, directiveFor, type Directive, onlyBlankBetween as blankBetween } from '../core/directive';
import { Interp, BudgetExceeded, JsThrow, ReturnSignal, BreakSignal, ContinueSignal } from './interp';
import { TfjsHost, TFJS_MODULE } from './tfjs';
import { reportModel, type ModelCandidate } from './tfjs-model';
import { parseTs, kids } from './syntax';
import { type Value, type Layer, type JsObject, isObj, isLayer } from './values';
import { mainModule, loadDeps, importedFiles, moduleSpecs, reaches } from './modules';
import type { ImportSettings } from '../core/modules';

export interface TsAnalyzeOptions {
  defaultInputShape?: number[] | null;
  maxSteps?: number;
  /** Follow relative imports and requires through this reader. */
  imports?: ImportSettings;
}

const isModel = (v: Value): v is Layer => isLayer(v) && v.model !== undefined;

/** Steps all builders of one file may take together. */
const FILE_STEPS_FACTOR = 5;

export function analyzeTs(text: string, path: string, language: Language, opts: TsAnalyzeOptions = {}): FileReport {
  const tree = parseTs(text, path);
  // Only files that load TF.js (themselves or through their relative imports) are evaluated: other JS/TS in the
  // workspace costs a parse and nothing more.
  if (!loadsTfjs(tree.topNode, text) && !(opts.imports && reaches(opts.imports, path, tree.topNode, text, (s) => TFJS_MODULE.test(s)))) return { path, language, models: [] };
  const host = new TfjsHost();
  const maxSteps = opts.maxSteps ?? 200_000;
  const interp = new Interp(text, host, maxSteps, path);
  interp.imports = opts.imports;
  host.interp = interp;
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
  const found: ModelCandidate[] = [];
  const seen = new Set<Value>();
  const builders: { name: string; kind: 'function' | 'class'; line: number; build: () => Value }[] = [];
  for (const [name, v] of interp.globals.vars) {
    // An imported model is reported in its own file.
    if (main.table.bound.has(name)) continue;
    if (isModel(v)) {
      if (seen.has(v)) continue;
      seen.add(v);
      found.push({ name, kind: 'variable', line: interp.globalLines.get(name) ?? v.line, model: v });
    } else if (isObj(v) && v.t === 'func' && v.ctx === interp.mainCtx && interp.allDefaults(v)) {
      builders.push({ name, kind: 'function', line: interp.globalLines.get(name) ?? v.line, build: () => interp.callFunction(v, [], undefined, v.line) });
    } else if (isObj(v) && v.t === 'class' && v.ctx === interp.mainCtx && (!v.ctor || interp.allDefaults(v.ctor))) {
      const cls = v;
      builders.push({ name, kind: 'class', line: cls.line, build: () => classModel(interp, cls) });
    }
  }
  let spent = 0;
  for (const b of builders.sort((x, y) => x.line - y.line)) {
    spent += interp.steps;
    if (spent > FILE_STEPS_FACTOR * maxSteps) break;
    interp.steps = 0;
    note = undefined;
    const v = guarded(b.build);
    if (isModel(v)) found.push({ name: b.name, kind: b.kind, line: b.line, model: v });
  }
  const directives = collectDirectives(script, interp);
  const firstCode = firstCodeLine(script, interp);
  const modelLines = found.map((c) => c.line);
  const blank = (from: number, to: number) => onlyBlankBetween(interp, from, to);
  const models: ModelReport[] = [];
  for (const c of found.sort((x, y) => x.line - y.line)) {
    const d = directiveFor(directives, c.name, c.line, firstCode, blank, modelLines);
    interp.steps = 0;
    const r = guarded(() => reportModel(host, c, d?.shape ?? opts.defaultInputShape ?? null, topNote));
    if (r) models.push(r);
  }
  const imported = importedFiles(interp);
  return { path, language, models, ...(imported.length ? { imports: imported } : {}) };
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

function collectDirectives(script: SyntaxNode, interp: Interp): Directive[] {
  const out: Directive[] = [];
  const cursor = script.cursor();
  do {
    if (cursor.name === 'LineComment' || cursor.name === 'BlockComment') {
      const body = interp.text.slice(cursor.from, cursor.to).replace(/^\/\/+|^\/\*+|\*+\/$/g, '');
      const d = parseDirective(body, interp.lines.line(cursor.from));
      if (d) out.push(d);
    }
  } while (cursor.next());
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
