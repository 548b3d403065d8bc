// Values of the static Python evaluator. Anything not knowable is an Unknown carrying its reason.
import type { SyntaxNode } from '@lezer/common';
import type { Shape } from '../core/report';
import type { CValue, LayerResult } from '../core/catalog';
import { msg } from '../core/l10n';

export interface PyUnknown {
  t: 'unknown'; reason: string; expr?: string;
  /** Known truthiness of an unknown value (`u or 64` is truthy, whatever it is). */
  truth?: boolean;
  /** A `*args` spread of unknown length: the positions after it are unknown too. */
  spread?: boolean;
  /** Set when the value came from calling something unknown (it may be a module whose parameters we cannot count). */
  opaque?: string;
  /** A bool whose value is not known (a comparison, hasattr, isinstance): never a module or a parameter. */
  bool?: boolean;
  /** The values it may be, one of each way the code may have run (a try / except ImportError), none unknown. */
  alts?: Value[];
}
export interface PyFloat { t: 'float'; v: number }
/** `tainted`: passed to code Layer Lens cannot follow, which may have changed it; its content is then unknown. */
export interface PyList { t: 'list'; items: Value[]; tainted?: string }
export interface PyTuple { t: 'tuple'; items: Value[] }
export interface PyDict { t: 'dict'; map: Map<string, [Value, Value]>; tainted?: string }
export interface PySet { t: 'set'; items: Value[] }
export interface PyRange { t: 'range'; start: number; stop: number; step: number }
/** A name that refers to something outside the file (`torch.nn.Conv2d`, `math.ceil`), by its dotted path. */
export interface PyExternal { t: 'ext'; path: string }
export interface PyBatch { t: 'batch' }
/** `from m import name` not yet needed: resolved (and `m` evaluated) on first use. */
export interface PyLazy { t: 'lazy'; resolve: () => Value }
/** A module of the workspace, evaluated in its own context. */
/** A def a decorator of the file replaced by a wrapper function: wrapper → the def (for the builder's line). */
export const wrappedDefs = new WeakMap<object, PyFunction>();

export interface PyModule {
  t: 'module'; name: string; path: string; globals: Scope; loading?: boolean;
  /** The analysed file, imported by one of its own imports (a cycle): never shared, its text is the editor's. */
  main?: boolean;
  /**
   * A package above the analysed file whose `__init__.py` has not run here. Python imports a file's packages
   * before the file, so an import of one of them from the file's own imports finds it already being imported and
   * runs nothing; this evaluator runs it only when a name of it that is not a submodule is used (Interp.undefer).
   * Never written to: a write goes to the evaluated module.
   */
  deferred?: boolean;
}

/** The source a piece of code comes from: the analysed file or an imported module. */
export interface ModuleCtx {
  path: string;
  text: string;
  lines: import('./syntax').LineIndex;
  /** The analysed file itself (its lines are the report's lines). */
  main: boolean;
  /** The module's dotted name (`__main__` for the analysed file). */
  module?: string;
}

export interface Scope {
  vars: Map<string, Value>;
  parent: Scope | null;
  /** Names declared `global`/`nonlocal` in this scope. */
  outer?: Set<string>;
}

export interface PyFunction {
  t: 'func';
  name: string;
  node: SyntaxNode;
  closure: Scope;
  /** The class whose body defined it (for `super()`). */
  owner?: PyClass;
  kind: 'function' | 'static' | 'class' | 'property' | 'lambda';
  line: number;
  /** The module context it was defined in (source text and globals of another file). */
  ctx?: ModuleCtx;
}

export interface PyClass {
  t: 'class';
  name: string;
  bases: Value[];
  attrs: Map<string, Value>;
  line: number;
  node: SyntaxNode;
  ctx?: ModuleCtx;
}

export interface PyInstance {
  t: 'instance';
  cls: PyClass;
  attrs: Map<string, Value>;
  /** Submodules in registration order (nn.Module subclasses only). */
  modules?: Map<string, Value>;
  /** nn.Parameter attributes in registration order. */
  params?: Map<string, Param>;
  /** The framework layer a subclass of a builtin layer extends (`class StdConv2d(nn.Conv2d)`). */
  layer?: Layer;
  /**
   * Why the values of its class-level attributes may not be its own: it was built with arguments by a constructor
   * the evaluator does not know (a library base's, a class decorator's), which may set any of them.
   */
  opaqueInit?: string;
  /** The dict an instance of a dict subclass (`class ClassInstantier(OrderedDict)`) holds. */
  backing?: PyDict;
  line: number;
  file?: string;
  id: number;
}

export interface PyBound { t: 'bound'; self: Value; fn: Value }
export interface PyBuiltin {
  t: 'builtin'; name: string; call: (args: Value[], kw: Map<string, Value>, line: number) => Value;
  /** A method of a class of the file (bound to the instance like a def). */
  method?: boolean;
  /**
   * The same builtin for another evaluator: values of shared modules (module-cache.ts) are called by later
   * analyses, which must run them, not the evaluator that made them. Builtins without it are not shared.
   */
  forInterp?: (interp: import('./interp').Interp) => PyBuiltin['call'];
  /** `dataclasses.field(...)`: the field's default, its default_factory, and whether __init__ takes it. */
  field?: { default?: Value; factory?: Value; init: boolean };
}
export interface PyPartial { t: 'partial'; fn: Value; args: Value[]; kw: Map<string, Value> }
export interface PySuper { t: 'super'; cls: PyClass; self: Value }

/** A framework layer object (`nn.Conv2d(...)`, `layers.Dense(...)`, a container). */
export interface Layer {
  t: 'layer';
  framework: 'pytorch' | 'keras';
  /** For the built-in part of a subclass: the line of its `super().__init__(...)` (where its weights are made). */
  superLine?: number;
  /** Parameters added next to the catalog's (weight_norm's weight_g): their count, null when not known. */
  extraParams?: { numel: number | null; why: string }[];
  type: string;
  positional: Value[];
  keywords: Map<string, Value>;
  line: number;
  id: number;
  /** Children of containers (Sequential, ModuleList, ModuleDict), in order. */
  children?: Map<string, Value>;
  /**
   * A submodule of a zoo model of unknown content (`model.classifier` of torchvision's vgg16 when torchvision is not
   * read): it joins the model as that child once a module is set in it (`model.classifier[6] = nn.Linear(…)`).
   */
  zooPart?: { parent: Layer; name: string };
  /**
   * A zoo model of unknown content (type ExternalModel): why its content is not read, and for a torchvision
   * classification builder, its known part (torch.ts ZooBody: the counts of torchvision-zoo.json).
   */
  zoo?: { reason: string; entry?: ZooEntry; body?: Layer; touched?: string };
  /** Shapes seen by the first call, and what the catalog made of them. */
  calls: { inputs: (Shape | null)[]; inputReason?: string; producer?: string }[];
  /** Parameters replaced or frozen by the code (`decoder.weight = embed.weight`, requires_grad_). */
  paramState: Map<string, Param>;
  /** Whole-layer freeze. */
  frozen?: boolean;
  /** Set when the layer was created under a condition the evaluator could not decide. */
  conditional?: string;
  /** Keras: the explicit or automatic layer name. */
  name?: string;
  /** Keras: the attribute of a subclassed model that holds it (`self.conv1`). */
  attr?: string;
  /** Set when the layer was created by code of another file (its `line` is in that file). */
  file?: string;
  /** The argument list of the call that made it, when in the analysed file (quick fixes find arguments there). */
  argSite?: SyntaxNode;
}

/** A parameter tensor: a layer's weight/bias or an `nn.Parameter` attribute. */
export interface Param {
  t: 'param';
  /** The layer and attribute it belongs to (`weight`), or null for nn.Parameter attributes. */
  owner: Layer | null;
  attr: string;
  numel: number | null;
  shape: Shape | null;
  requiresGrad: boolean | null;
  id: number;
  /** Line of the `nn.Parameter(...)` call. */
  line?: number;
}

/** A symbolic tensor in forward(): its shape without the batch dim, and where the batch dim sits. */
export interface Tensor {
  t: 'tensor';
  shape: Shape | null;
  batchAxis: number;
  reason?: string;
  /** The layer path that produced it, for messages ("conv1 outputs 16"). */
  producer?: string;
  /** The producer's own output shape: a message names the producer only for a size that layer outputs. */
  producerShape?: Shape | null;
  /** An integer index tensor (Embedding input). */
  indices?: boolean;
  /** Keras: the layer call that produced it (the functional graph), with what that call returned. */
  node?: { layer: Layer; inputs: Tensor[]; result?: LayerResult };
  /** Keras: made by a layer called on a tensor without a batch dim, whose cost for one sample is not defined. */
  costly?: string;
  /** A small data tensor whose values are known (torch.arange …), and their type. */
  values?: number[];
  dtype?: 'int' | 'float32' | 'float64';
}

export type Value =
  | null | boolean | number | string
  | PyUnknown | PyFloat | PyList | PyTuple | PyDict | PySet | PyRange | PyExternal | PyBatch | PyModule | PyLazy
  | PyFunction | PyClass | PyInstance | PyBound | PyBuiltin | PyPartial | PySuper
  | Layer | Param | Tensor;

/** Longer formulas help no one, and a loop that keeps extending one would fill the memory. */
export const MAX_EXPR = 200;

export function unk(reason: string, expr?: string): PyUnknown {
  return expr === undefined || expr.length > MAX_EXPR ? { t: 'unknown', reason } : { t: 'unknown', reason, expr };
}

/** An unknown truth value (a comparison that cannot be decided): a module attribute holding it holds no weights. */
export function unkBool(v: Value): Value {
  return isUnk(v) ? { ...v, bool: true } : v;
}

/** A stand-in for an unknown number of items (`*xs` with xs unknown): what follows it has unknown positions. */
export function isSpread(v: Value): boolean {
  return isUnk(v) && v.spread === true;
}

/**
 * The index into `items` that position `i` (negative counts from the end) denotes, or null when a spread of
 * unknown length makes it unknowable. Without a spread the index is returned even when out of range. For
 * `insert`, `i` names the gap before item i, so only the items before it must be known.
 */
export function knownPosition(items: readonly Value[], i: number, insert = false): number | null {
  const n = items.length;
  const j = i < 0 ? n + i : i;
  if (!items.some(isSpread)) return j;
  if (i >= 0) return j < n && !items.slice(0, insert ? j : j + 1).some(isSpread) ? j : null;
  return j >= 0 && !items.slice(j).some(isSpread) ? j : null;
}

export function isObj(v: Value): v is Exclude<Value, null | boolean | number | string> {
  return typeof v === 'object' && v !== null;
}

export function isUnk(v: Value): v is PyUnknown {
  return isObj(v) && v.t === 'unknown';
}

export function tag(v: Value): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'string') return 'str';
  return v.t;
}

export function num(v: Value): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isObj(v) && v.t === 'float') return v.v;
  if (isObj(v) && v.t === 'tensor' && v.values && v.values.length === 1 && v.shape?.length === 0) return v.values[0];
  return null;
}

export function float(v: number): PyFloat {
  return { t: 'float', v };
}

/** Python truthiness, or null when it cannot be known. */
export function truthy(v: Value): boolean | null {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  switch (v.t) {
    case 'unknown': return v.truth ?? null;
    case 'batch': case 'tensor': return null;
    case 'float': return v.v !== 0;
    case 'list': case 'tuple': case 'set': return v.items.length > 0;
    case 'dict': return v.map.size > 0;
    case 'range': return rangeLen(v) > 0;
    case 'layer': return v.children ? v.children.size > 0 : true;
    default: return true;
  }
}

export function rangeLen(r: PyRange): number {
  if (r.step > 0) return Math.max(0, Math.ceil((r.stop - r.start) / r.step));
  return Math.max(0, Math.ceil((r.start - r.stop) / -r.step));
}

/** A key for dict/set lookup, or null when the value cannot be a known key. */
export function keyOf(v: Value): string | null {
  if (v === null) return 'N';
  if (typeof v === 'boolean') return v ? 'i1' : 'i0';
  if (typeof v === 'number') return 'i' + v;
  if (typeof v === 'string') return 's' + v;
  if (v.t === 'float') return Number.isInteger(v.v) ? 'i' + v.v : 'f' + v.v;
  if (v.t === 'tuple') {
    const parts = v.items.map(keyOf);
    return parts.some((p) => p === null) ? null : `(${parts.join(',')})`;
  }
  if (v.t === 'class' || v.t === 'func' || v.t === 'ext') return `o${v.t}:${v.t === 'ext' ? v.path : v.name}`;
  if (v.t === 'instance' || v.t === 'layer' || v.t === 'param') return `#${v.id}`;
  return null;
}

/** Python ==, or null when it cannot be decided. */
export function equal(a: Value, b: Value): boolean | null {
  if (isUnk(a) || isUnk(b)) return null;
  const na = num(a), nb = num(b);
  if (na !== null && nb !== null) return na === nb;
  if (a === null || b === null) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if ((a.t === 'list' || a.t === 'tuple') && a.t === b.t) {
    const bi = (b as PyList).items;
    if (a.items.length !== bi.length) return false;
    let all: boolean | null = true;
    for (let i = 0; i < bi.length; i++) {
      const e = equal(a.items[i], bi[i]);
      if (e === false) return false;
      if (e === null) all = null;
    }
    return all;
  }
  if (a.t === 'tensor' || b.t === 'tensor' || a.t === 'batch' || b.t === 'batch') return null;
  const ka = keyOf(a), kb = keyOf(b);
  if (ka !== null && kb !== null) return ka === kb;
  return a === b;
}

/** The configuration value the catalog sees. */
export function toCValue(v: Value, depth = 0): CValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (depth > 8) return { unknown: msg('nested too deeply') };
  switch (v.t) {
    case 'float': return v.v;
    case 'unknown': return v.expr === undefined ? { unknown: v.reason } : { unknown: v.reason, expr: v.expr };
    case 'tuple': case 'list': return v.items.map((x) => toCValue(x, depth + 1));
    case 'dict': {
      const o: Record<string, CValue> = {};
      for (const [k, val] of v.map.values()) if (typeof k === 'string') o[k] = toCValue(val, depth + 1);
      return o;
    }
    case 'layer': {
      // A layer set `trainable = False` after it was made (its weights then do not train wherever it is used).
      const keywords = kwToC(v.keywords, depth + 1);
      if (v.frozen) keywords.trainable = false;
      return { layerType: v.type, framework: v.framework, args: { positional: v.positional.map((x) => toCValue(x, depth + 1)), keywords } };
    }
    case 'ext': return { unknown: `\`${v.path}\``, expr: v.path.split('.').pop() };
    case 'func': case 'class': case 'builtin': case 'partial': case 'bound': return { unknown: msg('a function or class'), expr: 'fn' };
    // An object of a class of the code (a custom RNN cell, a config object): the catalog does not follow it.
    case 'instance': return { unknown: msg('an object of the class {0}, which Layer Lens does not follow here', v.cls.name) };
    default: return { unknown: msg('a value Layer Lens does not follow here ({0})', v.t) };
  }
}

export function kwToC(kw: Map<string, Value>, depth = 0): Record<string, CValue> {
  const o: Record<string, CValue> = {};
  for (const [k, v] of kw) o[k] = toCValue(v, depth);
  return o;
}

/** Short text of a value for messages and f-strings. */
export function show(v: Value): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  switch (v.t) {
    case 'float': return Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v);
    case 'unknown': return v.expr ?? '?';
    case 'tuple': return `(${v.items.map(show).join(', ')}${v.items.length === 1 ? ',' : ''})`;
    case 'list': return `[${v.items.map(show).join(', ')}]`;
    case 'ext': return v.path;
    case 'func': case 'class': return v.name;
    case 'layer': return v.type;
    case 'instance': return v.cls.name;
    default: return v.t;
  }
}

/** A configuration value back as an evaluator value (numbers, strings, tuples). */
export function fromCValue(v: CValue): Value {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return { t: 'tuple', items: v.map(fromCValue) };
  if (typeof (v as { unknown?: string }).unknown === 'string') return unk((v as { unknown: string }).unknown, (v as { expr?: string }).expr);
  return unk(msg('a configuration object'));
}

/**
 * Parameters of each def (by node) and default values of each function, evaluated at definition time. Kept with
 * the values, not with one evaluator: functions of shared modules (module-cache.ts) are called by later analyses.
 */
export const functionParams = new WeakMap<SyntaxNode, import('./interp').Param[]>();
export const functionDefaults = new WeakMap<PyFunction, Map<string, Value>>();

/** A zoo model's part (Layer.zooPart) joins the model, with the parts it is in, once a module is set in it. */
export function joinZoo(layer: Layer): void {
  for (let l = layer, i = 0; l.zooPart && i < 10; l = l.zooPart.parent, i++) {
    const z = l.zooPart;
    if (z.parent.children!.has(z.name)) return;
    z.parent.children!.set(z.name, l);
  }
}

/** A torchvision classification builder as PyTorch counts it (src/python/torchvision-zoo.json). */
export interface ZooEntry {
  params: number;
  cls: string;
  /** Parameters of each top-level submodule, and of each child of a top-level nn.Sequential (`classifier.6`). */
  parts: Record<string, number>;
  /** [in_features, out_features] of the nn.Linear among those parts. */
  linear: Record<string, [number, number]>;
  /** Parameters each part gains per class over 1,000 (`num_classes=N`); the nn.Linear among them has N outputs. */
  classes: Record<string, number>;
}
