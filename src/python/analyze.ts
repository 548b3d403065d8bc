// Python files → reports: run the file's top level statically, find the models, trace their forward().
import type { SyntaxNode, Tree } from '@lezer/common';
import type { FileReport, ModelReport } from '../core/report';
import { parseDirective, directiveFor, type Directive, onlyBlankBetween as blankBetween } from '../core/directive';
import { parsePython, kids } from './syntax';
import { commentsOf, pieceIdentity } from './chunks';
import { Interp, BudgetExceeded, type Recorder } from './interp';
import { TorchHost, isModuleClassPath, LIGHTNING_MODULE } from './torch';
import { KerasHost, isKerasModelClassPath } from './keras';
import { CompositeHost } from './hosts';
import type { ImportSettings, SourceReader } from './modules';
import { hashText } from '../core/hash';
import { evaluateTorchModel } from './torch-model';
import { evaluateKerasModel } from './keras-model';
import { type Value, type Layer, type PyInstance, type PyClass, type PyFunction, isObj, isUnk, wrappedDefs } from './values';
import { messagesVersion, msg } from '../core/l10n';

export interface AnalyzeOptions {
  /** Fallback input shape (the `layerLens.defaultInputShape` setting). */
  defaultInputShape?: number[] | null;
  /** Evaluation steps per model (and for the file's top level). */
  maxSteps?: number;
  /** Follow imports of workspace modules through this reader. */
  imports?: ImportSettings;
  /** Reuse (and remember) model reports of an earlier analysis of the same path; on unless false. */
  remember?: boolean;
}

export interface Candidate {
  name: string;
  kind: ModelReport['kind'];
  line: number;
  build: () => Value;
  cls?: PyClass;
  framework: 'pytorch' | 'keras';
  /** A report remembered from an earlier analysis of the file that nothing it read has changed since. */
  cached?: CachedModel;
  /** The dependency recording of this candidate's evaluation (build and trace), and the files it imported. */
  rec?: Recorder;
  files?: string[];
  key?: string;
  /**
   * A class whose constructor needs arguments: `Block()` raises in Python before its body runs, so what building
   * it here without them changes (a class counter, a default list) is undone for the models after it.
   */
  isolated?: boolean;
}

/**
 * A model's report from an earlier analysis, with what its evaluation read: the globals of the file (and the
 * fingerprint of each, see Interp.binders). Reused while those fingerprints, the model's own and its input
 * directive are unchanged. Only PyTorch models whose evaluation changed nothing outside itself are remembered.
 */
interface CachedModel {
  reads: [string, string][];
  model: boolean;
  directive: string;
  report: ModelReport | null;
  files: string[];
}

interface FileMemory {
  options: string;
  /**
   * Whether building or tracing a model of the file wrote a global or changed in place something that existed
   * before: what other models see then depends on it, so nothing is reused while the file has such a model.
   */
  sideEffects: boolean;
  /** What the file's imports read, to check that it is unchanged. */
  sources: Map<string, string | null>;
  models: Map<string, CachedModel>;
}

/** Per analysed path, the reports of its models (least recently analysed first). */
const memory = new Map<string, FileMemory>();
const MAX_FILES = 16;

/** How many model evaluations were saved by remembered reports (tests and benchmarks). */
export const modelMemoryStats = { reused: 0 };

/** Forgets every remembered model report (tests and benchmarks). */
export function clearModelMemory(): void {
  memory.clear();
}

function recall(path: string, options: string, reader: SourceReader | undefined): FileMemory | null {
  const m = memory.get(path);
  if (!m || m.options !== options) return null;
  for (const [p, text] of m.sources) if ((reader?.read(p) ?? null) !== text) return null;
  return m;
}

export function analyzePython(text: string, path: string, opts: AnalyzeOptions = {}): FileReport {
  const torch = new TorchHost();
  const keras = new KerasHost();
  const interp = new Interp(text, new CompositeHost([torch, keras]), opts.maxSteps ?? 200_000, path);
  try {
    return analyzeWith(interp, torch, keras, text, path, opts);
  } finally {
    // Values of shared modules this analysis changed in place go back as they were, for the next analysis.
    interp.restoreShared();
  }
}

function analyzeWith(interp: Interp, torch: TorchHost, keras: KerasHost, text: string, path: string, opts: AnalyzeOptions): FileReport {
  const tree = parsePython(text);
  const options = JSON.stringify([opts.defaultInputShape ?? null, opts.maxSteps ?? null, opts.imports?.roots ?? null, opts.imports?.maxBytes ?? null, messagesVersion()]);
  const remember = opts.remember !== false;
  const recalled = remember ? recall(path, options, opts.imports?.reader) : null;
  const before = recalled?.sideEffects ? null : recalled;
  const sources = new Map<string, string | null>();
  if (opts.imports) {
    const reader = opts.imports.reader;
    interp.imports = { ...opts.imports, reader: { read: (p) => { const t = reader.read(p); sources.set(p, t); return t; } } };
  }
  torch.interp = interp;
  keras.interp = interp;
  const script = tree.topNode;
  const directives = collectDirectives(tree, interp);
  interp.statementIdentity = (st) => pieceIdentity(tree, st.from);
  let topLevelNote: string | undefined;
  try {
    const cut = interp.runModule(script, 3, remember);
    if (cut.length) topLevelNote = msg('top-level code cut short ({0})', cut.join('; '));
  } catch (e) {
    if (e instanceof BudgetExceeded) topLevelNote = msg('the file\'s top level ran out of steps: {0}; models defined after that are not found', e.reason);
    else throw e;
  }
  const firstCode = firstCodeLine(script, interp);
  const remembered = new Map<string, CachedModel>();
  const memo: Memo = { before, remembered, note: topLevelNote, sideEffects: false, reused: false };
  const candidates = findCandidates(interp, torch, keras, memo);
  const models: ModelReport[] = [];
  const blank = (from: number, to: number) => onlyBlankBetween(interp, from, to);
  const modelLines = candidates.map((c) => c.line);
  const files = new Set<string>();
  for (const c of candidates) {
    const d = directiveFor(directives, c.name, c.line, firstCode, blank, modelLines)
      ?? (c.cls ? directiveFor(directives, c.cls.name, c.cls.line, firstCode, blank, modelLines) : null);
    const directive = JSON.stringify(d ?? null);
    if (c.cached && c.cached.directive === directive) {
      memo.reused = true;
      modelMemoryStats.reused++;
      remembered.set(c.key!, c.cached);
      if (c.cached.report) models.push(c.cached.report);
      continue;
    }
    const input = d?.shape ?? opts.defaultInputShape ?? null;
    const loaded = interp.importedFiles().length;
    const kerasLayers = keras.order.size;
    const rec = c.rec ?? interp.startRecording();
    interp.recorder = rec;
    let report: ModelReport | null;
    try {
      report = c.framework === 'pytorch'
        ? (c.isolated ? interp.isolate(() => evaluateTorchModel(interp, torch, c, input, topLevelNote)) : evaluateTorchModel(interp, torch, c, input, topLevelNote))
        : evaluateKerasModel(interp, keras, c, d?.shape ?? opts.defaultInputShape ?? null, topLevelNote);
    } finally {
      interp.recorder = null;
      if (sideEffects(rec)) memo.sideEffects = true;
    }
    if (report) models.push(report);
    if (c.key && c.framework === 'pytorch' && keras.order.size === kerasLayers && pure(rec)) {
      remembered.set(c.key, { reads: [...rec.reads], model: true, directive, report, files: [...c.files ?? [], ...interp.importedFiles().slice(loaded)] });
    }
  }
  if (memo.sideEffects && memo.reused) {
    // A model changes what others see, and some reports were reused: they may be stale. Analyse from scratch.
    memory.set(path, { options, sources, models: new Map(), sideEffects: true });
    interp.restoreShared();
    return analyzePython(text, path, { ...opts, remember: false });
  }
  if (remember) {
    memory.delete(path);
    memory.set(path, { options, sources, models: memo.sideEffects ? new Map() : remembered, sideEffects: memo.sideEffects });
    if (memory.size > MAX_FILES) memory.delete(memory.keys().next().value as string);
  }
  // Files that only remembered models imported are still imports of this file.
  for (const m of remembered.values()) for (const f of m.files) files.add(f);
  for (const f of interp.importedFiles()) files.add(f);
  const imported = [...files].sort();
  return { path, language: 'python', models, ...(imported.length ? { imports: imported } : {}) };
}

/** Whether an evaluation changed nothing outside itself and read nothing that others change in place. */
function pure(rec: Recorder): boolean {
  return !sideEffects(rec) && rec.mutableReads.size === 0;
}

function sideEffects(rec: Recorder): boolean {
  return rec.mutated || rec.writes.size > 0;
}

function collectDirectives(tree: Tree, interp: Interp): Directive[] {
  const out: Directive[] = [];
  const comments = commentsOf(tree) ?? [];
  for (let i = 0; i < comments.length; i += 2) {
    const text = interp.text.slice(comments[i], comments[i + 1]).replace(/^#+/, '');
    const d = parseDirective(text, interp.lines.line(comments[i]));
    if (d) out.push(d);
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

/** A class or function of the analysed file itself (an imported one's node lies in another file's tree). */
function definedHere(v: Value, interp: Interp): boolean {
  return isObj(v) && (v.t === 'class' || v.t === 'func') && v.ctx === interp.mainCtx;
}

interface Memo {
  before: FileMemory | null;
  remembered: Map<string, CachedModel>;
  note: string | undefined;
  /** Whether some model's evaluation had side effects (see FileMemory), and whether a report was reused. */
  sideEffects: boolean;
  reused: boolean;
}

function findCandidates(interp: Interp, torch: TorchHost, keras: KerasHost, memo: Memo): Candidate[] {
  const raw: (Candidate & { fn?: PyFunction })[] = [];
  const seen = new Set<Value>();
  const isKerasModel = (v: Value) => isObj(v) && v.t === 'layer' && keras.models.has(v);
  for (const [name, v] of interp.globals.vars) {
    if (!isObj(v)) continue;
    if (v.t === 'class' && definedHere(v, interp)) {
      const cls = v;
      const build = () => interp.instantiate(cls, [], new Map(), cls.line);
      if (interp.externalBase(v, isModuleClassPath) && !extendsBuiltinLayer(interp, v)) raw.push({ name, kind: 'class', line: cls.line, cls, build, framework: 'pytorch', isolated: needsArgs(interp, cls) });
      else if (interp.externalBase(v, isKerasModelClassPath)) raw.push({ name, kind: 'class', line: cls.line, cls, build, framework: 'keras' });
    } else if (v.t === 'func' && definedHere(v, interp) && v.kind === 'function' && !requiredParams(interp, v)) {
      const fn = v;
      // A builder wrapped by a decorator of the file is reported at its own def.
      const line = wrappedDefs.get(fn)?.line ?? fn.line;
      raw.push({ name, kind: 'function', line, fn, build: () => interp.callFunction(fn, [], new Map(), line), framework: 'pytorch' });

    } else if ((v.t === 'layer' && v.framework === 'pytorch') || torch.isModuleInstance(v) || isKerasModel(v) || keras.isModelObject(v) || keras.isApplication(v)) {
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
    const key = hashText([c.kind, c.name, c.line, interp.binders.get(c.name) ?? '-', memo.note ?? ''].join('\n'));
    const hit = memo.before?.models.get(key);
    if (hit && hit.reads.every(([n, b]) => (interp.binders.get(n) ?? '-') === b)) {
      if (hit.model) { c.key = key; c.cached = hit; out.push(c); }
      else { memo.remembered.set(key, hit); memo.reused = true; }
      continue;
    }
    if (c.kind === 'variable') { c.key = key; out.push(c); continue; }
    const rec = interp.startRecording();
    const loaded = interp.importedFiles().length;
    const kerasLayers = keras.order.size;
    let value: Value;
    try {
      interp.steps = 0;
      // A PyTorch model is built as `Model()` in a fresh run of the file would be, whatever the models before it did.
      value = c.isolated ? interp.isolate(c.build) : c.build();
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e;
      continue;
    } finally {
      interp.recorder = null;
      if (sideEffects(rec)) memo.sideEffects = true;
    }
    const files = interp.importedFiles().slice(loaded);
    // A builder annotated to return a module (`def vit_tiny(**kw) -> VisionTransformer`) whose model comes from
    // code Layer Lens cannot follow (timm's build_model_with_cfg of an uninstalled package): a model of unknown content.
    if (c.kind === 'function' && c.fn && isUnk(value) && returnsModule(interp, wrappedDefs.get(c.fn) ?? c.fn)) {
      value = torch.unknownModel(c.name, msg('{0} returns a module built by code Layer Lens cannot follow: {1}', c.name, value.reason), c.line);
    }
    const framework = torch.isModule(value) ? 'pytorch' : (isObj(value) && value.t === 'layer' && keras.models.has(value)) || keras.isModelObject(value) ? 'keras' : null;
    if (!framework) {
      if (c.framework === 'pytorch' && keras.order.size === kerasLayers && pure(rec)) {
        memo.remembered.set(key, { reads: [...rec.reads], model: false, directive: '', report: null, files });
      }
      continue;
    }
    out.push({ ...c, framework, build: () => value, key, rec, files });
  }
  return out;
}

/** Whether a def's return annotation names nn.Module or an nn.Module subclass (`-> VisionTransformer`). */
function returnsModule(interp: Interp, fn: PyFunction): boolean {
  const ann = kids(fn.node).find((c) => c.name === 'TypeDef');
  const expr = ann ? kids(ann).find((c) => c.name !== '->' && c.name !== ':') : undefined;
  if (!expr) return false;
  const v = interp.safeEval(expr, fn.closure);
  if (isObj(v) && v.t === 'ext') return /^torch\.nn\.(modules\.module\.)?Module$/.test(v.path) || LIGHTNING_MODULE.test(v.path);
  return isObj(v) && v.t === 'class' && interp.externalBase(v, isModuleClassPath) !== null;
}

/** A class like `StdConv2d(nn.Conv2d)` is a layer type, not a model. */
function extendsBuiltinLayer(interp: Interp, cls: PyClass): boolean {
  const base = interp.externalBase(cls, isModuleClassPath);
  return base !== null && !/\.Module$/.test(base) && !LIGHTNING_MODULE.test(base) && !/\.(Sequential|ModuleList|ModuleDict)$/.test(base);
}

/** Whether the class's own __init__ (in the file's classes) has a parameter without a default after self. */
function needsArgs(interp: Interp, cls: PyClass): boolean {
  const init = interp.classAttr(cls, '__init__');
  if (!isObj(init ?? null) || (init as PyFunction).t !== 'func') return false;
  return interp.paramsOf(init as PyFunction).slice(1).some((p) => (p.kind === 'pos' || p.kind === 'kwonly') && p.default === undefined);
}

function requiredParams(interp: Interp, fn: PyFunction): boolean {
  return interp.paramsOf(fn).some((p) => p.kind === 'pos' && p.default === undefined || p.kind === 'kwonly' && p.default === undefined);
}

