// Values of the static JavaScript/TypeScript evaluator: plain JS values, unknowns with reasons, and the
// TF.js objects (layers, symbolic tensors, models) the tfjs host creates.
import type { SyntaxNode } from '@lezer/common';
import type { CValue, LayerResult } from '../core/catalog';
import type { Shape } from '../core/report';
import type { LineIndex } from '../python/syntax';
import { msg } from '../core/l10n';

/** A value that cannot be known statically, with the reason (and the source expression when there is one). */
/** `spread`: an element of an array that stands for an unknown spread (`[...xs]`), so the array's length is unknown. */
export interface Unk { t: 'unk'; reason: string; expr?: string; spread?: true }
export interface JsArray { t: 'array'; items: Value[] }
export interface JsObject {
  t: 'object';
  props: Map<string, Value>;
  cls?: JsClass;
  /** Where names it does not hold come from (a module namespace with `export * from '<package>'`). */
  rest?: Value;
}

export interface Scope { vars: Map<string, Value>; parent: Scope | null; fn: boolean }

/** The source a piece of code comes from: the analysed file, or a module it imports. */
export interface ModuleCtx {
  path: string;
  text: string;
  lines: LineIndex;
  /** The analysed file (layers created elsewhere record their file). */
  main: boolean;
  /** The module's top-level scope. */
  scope: Scope;
}

/**
 * An imported binding whose module is still being evaluated (an import cycle): resolved when first read.
 * `final` is false while the module has not defined it yet (the binding stays lazy).
 */
export interface Lazy { t: 'lazy'; resolve: () => { value: Value; final: boolean } }

export interface JsFunction {
  t: 'func';
  name: string;
  node: SyntaxNode;
  closure: Scope;
  arrow: boolean;
  line: number;
  /** For arrows: the `this` of the enclosing call. */
  self?: Value;
  /** The class whose method this is (for `super`). */
  home?: JsClass;
  /** The file the function is defined in. */
  ctx?: ModuleCtx;
}

export interface JsClass {
  t: 'class';
  name: string;
  node: SyntaxNode;
  line: number;
  methods: Map<string, JsFunction>;
  statics: Map<string, Value>;
  ctor: JsFunction | null;
  base: Value;
  /** Instance field declarations (`m = tf.sequential()`), run at construction. */
  fields: SyntaxNode[];
  closure: Scope;
  /** The file the class is defined in. */
  ctx?: ModuleCtx;
}

export interface Builtin { t: 'builtin'; name: string; call: (args: Value[], line: number) => Value }

/** A member of an imported TF.js module: `tf`, `tf.layers`, `tf.layers.dense` … */
export interface Ext { t: 'ext'; path: string }

/** A symbolic tensor; shapes leave out the batch dimension. */
export interface Tensor {
  t: 'tensor';
  shape: Shape | null;
  reason?: string;
  /** The layer call that produced it (absent for model inputs), with what that call returned. */
  node?: { layer: Layer; inputs: Tensor[]; result?: LayerResult };
  /** The name of the layer whose output channels this carries (for "f = 16 because …"). */
  producer?: string;
}

/** What a model layer holds. */
export interface ModelInfo {
  kind: 'Sequential' | 'Model';
  layers: Value[];
  inputs: Tensor[];
  outputs: Value;
  /** Sequential: the input shape stated in the code; undefined when none. */
  declared?: Shape | null;
  /** Sequential: the output of the chain, once built. */
  built?: { input: Shape | null; output: Value };
}

export interface Layer {
  t: 'layer';
  /** The registered class name (`Conv2D`), `Sequential` or `Model`. */
  type: string;
  /** The config object as written, for the catalog. */
  config: Record<string, CValue>;
  /** Why the config object is not (fully) known, when it is not. */
  configReason?: string;
  name: string;
  line: number;
  /** Set when the call that created it is in another file than the analysed one (`line` is that file's). */
  file?: string;
  id: number;
  model?: ModelInfo;
  conditional?: string;
  frozen?: boolean;
  /** Why whether the layer trains is not known (`trainable` set under an undecidable condition). */
  trainableReason?: string;
  /** An RNN's or TimeDistributed's config object as written: its cell or layer is held, not copied. */
  source?: Value;
  /** First (known) call: result, input shape, producer of the input. */
  result?: LayerResult;
  input?: Shape | null;
  producer?: string;
  called?: number;
  /** What the first `apply` returned, how many times it was applied, and whether it was ever in a Sequential. */
  firstOutput?: Value;
  applied?: number;
  inSequential?: boolean;
}

export type Value = undefined | null | number | string | boolean | Unk | JsArray | JsObject | JsFunction | JsClass | Builtin | Ext | Tensor | Layer | Lazy;

export type Obj = Exclude<Value, undefined | null | number | string | boolean>;

export function isObj(v: Value): v is Obj {
  return typeof v === 'object' && v !== null;
}

export function unk(reason: string, expr?: string): Unk {
  return expr === undefined ? { t: 'unk', reason } : { t: 'unk', reason, expr };
}

export const isUnk = (v: Value): v is Unk => isObj(v) && v.t === 'unk';
export const isTensor = (v: Value): v is Tensor => isObj(v) && v.t === 'tensor';
export const isLayer = (v: Value): v is Layer => isObj(v) && v.t === 'layer';
export const isLazy = (v: Value): v is Lazy => isObj(v) && v.t === 'lazy';
export const isArray = (v: Value): v is JsArray => isObj(v) && v.t === 'array';
export const isPlainObject = (v: Value): v is JsObject => isObj(v) && v.t === 'object';

export function arr(items: Value[]): JsArray {
  return { t: 'array', items };
}

export function obj(entries: [string, Value][] = []): JsObject {
  return { t: 'object', props: new Map(entries) };
}

/** JS truthiness, or null when undecidable. */
export function truthy(v: Value): boolean | null {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v.length > 0;
  if (v.t === 'unk') return null;
  return true;
}

/** Strict equality where decidable. */
export function strictEq(a: Value, b: Value): boolean | null {
  if (isUnk(a) || isUnk(b)) return null;
  return a === b;
}

/** The value as a catalog config value. */
export function toCValue(v: Value, depth = 0): CValue {
  if (depth > 20) return { unknown: msg('a value nested too deeply') };
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  switch (v.t) {
    case 'unk': return v.expr === undefined ? { unknown: v.reason } : { unknown: v.reason, expr: v.expr };
    case 'array': return v.items.map((x) => toCValue(x, depth + 1));
    case 'object': {
      const out: Record<string, CValue> = {};
      for (const [k, x] of v.props) if (x !== undefined) out[k] = toCValue(x, depth + 1);
      return out;
    }
    case 'layer': {
      if (v.model) return { unknown: msg('a model used as a wrapped layer') };
      // Whether it trains, as it is set now (`trainable: false` in its config, or `layer.trainable = false` since).
      const trainable: CValue | undefined = v.trainableReason ? { unknown: v.trainableReason } : v.frozen ? false : undefined;
      return { layerType: v.type, framework: 'tfjs', args: { positional: [], keywords: trainable === undefined ? v.config : { ...v.config, trainable } } };
    }
    default: return { unknown: msg('a {0} is not a configuration value', describe(v)) };
  }
}

export function describe(v: Value): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  switch (v.t) {
    case 'func': case 'builtin': return 'function';
    case 'ext': return `\`${v.path}\``;
    default: return v.t;
  }
}

/** A whole number, or null. */
export function num(v: Value): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A shape written as an array of numbers (`[28, 28, 1]`, `[null, 10]`); null dims stay null. */
export function shapeOf(v: Value): Shape | null {
  if (typeof v === 'number') return [v];
  if (!isArray(v)) return null;
  return v.items.map((d) => (typeof d === 'number' && Number.isSafeInteger(d) && d >= 0 ? d : null));
}
