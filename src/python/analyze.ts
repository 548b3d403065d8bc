// Python files → reports: run the file's top level statically, find the models, trace their forward().
import type { SyntaxNode } from '@lezer/common';
import type { FileReport, ModelReport } from '../core/report';
import { parseDirective, directiveFor, type Directive, onlyBlankBetween as blankBetween } from '../core/directive';
import { parsePython, kids } from './syntax';
import { Interp, BudgetExceeded } from './interp';
import { TorchHost, isModuleClassPath } from './torch';
import { KerasHost, isKerasModelClassPath } from './keras';
import { CompositeHost } from './hosts';
import type { ImportSettings } from './modules';
import { evaluateTorchModel } from './torch-model';
import { evaluateKerasModel } from './keras-model';
import { type Value, type Layer, type PyInstance, type PyClass, type PyFunction, isObj } from './values';

export interface AnalyzeOptions {
  /** Fallback input shape (the `layerLens.defaultInputShape` setting). */
  defaultInputShape?: number[] | null;
  /** Evaluation steps per model (and for the file's top level). */
  maxSteps?: number;
  /** Follow imports of workspace modules through this reader. */
  imports?: ImportSettings;
}

export interface Candidate {
  name: string;
  kind: ModelReport['kind'];
  line: number;
  build: () => Value;
  cls?: PyClass;
  framework: 'pytorch' | 'keras';
}

export function analyzePython(text: string, path: string, opts: AnalyzeOptions = {}): FileReport {
  const tree = parsePython(text);
  const torch = new TorchHost();
  const keras = new KerasHost();
  const interp = new Interp(text, new CompositeHost([torch, keras]), opts.maxSteps ?? 200_000, path);
  interp.imports = opts.imports;
  torch.interp = interp;
  keras.interp = interp;
  const script = tree.topNode;
  const directives = collectDirectives(script, interp);
  let topLevelNote: string | undefined;
  try {
    const cut = interp.runModule(script);
    if (cut.length) topLevelNote = `top-level code cut short (${cut.join('; ')})`;
  } catch (e) {
    if (e instanceof BudgetExceeded) topLevelNote = `the file's top level ran out of steps: ${e.reason}; models defined after that are not found`;
    else throw e;
  }
  const firstCode = firstCodeLine(script, interp);
  const candidates = findCandidates(interp, torch, keras, script);
  const models: ModelReport[] = [];
  const blank = (from: number, to: number) => onlyBlankBetween(interp, from, to);
  const modelLines = candidates.map((c) => c.line);
  for (const c of candidates) {
    const d = directiveFor(directives, c.name, c.line, firstCode, blank, modelLines)
      ?? (c.cls ? directiveFor(directives, c.cls.name, c.cls.line, firstCode, blank, modelLines) : null);
    const input = d?.shape ?? opts.defaultInputShape ?? null;
    const report = c.framework === 'pytorch'
      ? evaluateTorchModel(interp, torch, c, input, topLevelNote)
      : evaluateKerasModel(interp, keras, c, d?.shape ?? opts.defaultInputShape ?? null, topLevelNote);
    if (report) models.push(report);
  }
  const imported = interp.importedFiles();
  return { path, language: 'python', models, ...(imported.length ? { imports: imported } : {}) };
}

function collectDirectives(script: SyntaxNode, interp: Interp): Directive[] {
  const out: Directive[] = [];
  const cursor = script.cursor();
  try {
    do {
      if (cursor.name === 'Comment') {
        const text = interp.text.slice(cursor.from, cursor.to).replace(/^#+/, '');
        const d = parseDirective(text, interp.lines.line(cursor.from));
        if (d) out.push(d);
      }
    } while (cursor.next());
  } catch {
    // @lezer/common 1.5 cursors can fail on trees of ~1,000 unclosed brackets: keep the directives found so far.
  }
  return out;
}

function firstCodeLine(script: SyntaxNode, interp: Interp): number {
  for (const st of kids(script)) {
    if (st.name === 'Comment' || st.name === 'ImportStatement') continue;
    if (st.name === 'ExpressionStatement' && st.firstChild?.name === 'String') continue; // docstring
    if (st.name === 'AssignStatement' || st.name === 'ClassDefinition' || st.name === 'FunctionDefinition' || st.name === 'DecoratedStatement' || st.name === 'IfStatement') return interp.line(st);
  }
  return Infinity;
}

/** Whether only blank lines, comments and decorators lie strictly between two lines. */
function onlyBlankBetween(interp: Interp, from: number, to: number): boolean {
  return blankBetween(interp.text, (l) => interp.lines.lineStart(l), interp.lines.count, from, to, (s) => s.startsWith('#') || s.startsWith('@'));
}

function definedHere(v: Value, script: SyntaxNode): boolean {
  return isObj(v) && (v.t === 'class' || v.t === 'func') && v.node.from >= script.from && v.node.to <= script.to;
}

function findCandidates(interp: Interp, torch: TorchHost, keras: KerasHost, script: SyntaxNode): Candidate[] {
  const raw: (Candidate & { fn?: PyFunction })[] = [];
  const seen = new Set<Value>();
  const isKerasModel = (v: Value) => isObj(v) && v.t === 'layer' && keras.models.has(v);
  for (const [name, v] of interp.globals.vars) {
    if (!isObj(v)) continue;
    if (v.t === 'class' && definedHere(v, script)) {
      const cls = v;
      const build = () => interp.instantiate(cls, [], new Map(), cls.line);
      if (interp.externalBase(v, isModuleClassPath) && !extendsBuiltinLayer(interp, v)) raw.push({ name, kind: 'class', line: cls.line, cls, build, framework: 'pytorch' });
      else if (interp.externalBase(v, isKerasModelClassPath)) raw.push({ name, kind: 'class', line: cls.line, cls, build, framework: 'keras' });
    } else if (v.t === 'func' && definedHere(v, script) && v.kind === 'function' && !requiredParams(interp, v)) {
      const fn = v;
      raw.push({ name, kind: 'function', line: fn.line, fn, build: () => interp.callFunction(fn, [], new Map(), fn.line), framework: 'pytorch' });
    } else if ((v.t === 'layer' && v.framework === 'pytorch') || torch.isModuleInstance(v) || isKerasModel(v) || keras.isModelInstance(v)) {
      if (seen.has(v)) continue;
      seen.add(v);
      const inst = v;
      const framework = (v.t === 'layer' && v.framework === 'pytorch') || torch.isModuleInstance(v) ? 'pytorch' : 'keras';
      raw.push({
        name, kind: 'variable', line: interp.globalLines.get(name) ?? (inst as Layer | PyInstance).line, build: () => inst,
        cls: isObj(inst) && inst.t === 'instance' ? inst.cls : undefined, framework,
      });
    }
  }
  // Build each model once, in source order: Keras names layers in the order one session creates them.
  const out: Candidate[] = [];
  for (const c of raw.sort((a, b) => a.line - b.line)) {
    if (c.kind === 'variable') { out.push(c); continue; }
    let value: Value;
    try {
      interp.steps = 0;
      value = c.build();
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e;
      continue;
    }
    const framework = torch.isModule(value) ? 'pytorch' : (isObj(value) && value.t === 'layer' && keras.models.has(value)) || keras.isModelInstance(value) ? 'keras' : null;
    if (!framework) continue;
    out.push({ ...c, framework, build: () => value });
  }
  return out;
}

/** A class like `StdConv2d(nn.Conv2d)` is a layer type, not a model. */
function extendsBuiltinLayer(interp: Interp, cls: PyClass): boolean {
  const base = interp.externalBase(cls, isModuleClassPath);
  return base !== null && !/\.Module$/.test(base) && !/\.(Sequential|ModuleList|ModuleDict)$/.test(base);
}

function requiredParams(interp: Interp, fn: PyFunction): boolean {
  return interp.paramsOf(fn).some((p) => p.kind === 'pos' && p.default === undefined || p.kind === 'kwonly' && p.default === undefined);
}

