// Pieces of Keras custom layers (subclasses of keras.layers.Layer) that need no evaluator state: their automatic
// names, the weights `add_weight` makes, the cost of tensor ops in their call(), the input_shape build() gets.
import type { Shape } from '../core/report';
import type { PyClass } from './values';
import { type Value, type Tensor, unk, isObj, isUnk, num } from './values';
import { full, isTensor } from './tensor';
import { msg } from '../core/l10n';

/** Keras 3's `to_snake_case` (keras/src/utils/naming.py), the base of a custom layer's automatic name. */
export function snakeCase(className: string): string {
  return className
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** A weight made by `self.add_weight(...)`: its size and whether it trains, null when not known. */
export interface Weight {
  numel: number | null;
  trainable: boolean | null;
  shape: Shape | null;
  /** Why numel or trainable is not known. */
  why?: string;
  line: number;
}

/**
 * `add_weight(...)`: Keras 3 takes (shape, initializer, dtype, trainable, …, name), tf.keras 2 took (name, shape,
 * dtype, initializer, regularizer, trainable, …). A first positional string is tf.keras 2's name. A missing shape is
 * a scalar in both.
 */
export function parseWeight(args: Value[], kw: Map<string, Value>, line: number): Weight {
  const legacy = typeof args[0] === 'string';
  const shapeV = kw.has('shape') ? kw.get('shape')! : legacy ? args[1] : args[0];
  const trainV = kw.has('trainable') ? kw.get('trainable')! : legacy ? args[5] : args[3];
  const w: Weight = { numel: null, trainable: null, shape: null, line };
  if (kw.has('**')) { w.why = msg('add_weight with arguments from `**` that are not known'); return w; }
  if (trainV === undefined || trainV === null && legacy) w.trainable = true;
  else if (typeof trainV === 'boolean') w.trainable = trainV;
  else w.why = msg('add_weight(trainable=…) with a value that is not known');
  if (shapeV === undefined || shapeV === null) { w.shape = []; w.numel = 1; return w; }
  const items = isObj(shapeV) && (shapeV.t === 'tuple' || shapeV.t === 'list') ? shapeV.items : null;
  if (!items) {
    w.why = typeof shapeV === 'number'
      ? msg('add_weight(shape={0}): an int is not a shape in Keras 3 (tf.keras 2 took it as ({0},))', shapeV)
      : isUnk(shapeV) ? msg('add_weight with a shape that is not known ({0})', shapeV.reason) : msg('add_weight with a shape that is not known');
    return w;
  }
  const dims = items.map((d) => { const n = num(d); return n !== null && Number.isInteger(n) && n >= 0 ? n : null; });
  w.shape = dims;
  if (dims.some((d) => d === null)) {
    const bad = items.find((d, i) => dims[i] === null);
    w.why ??= isUnk(bad ?? null) ? msg('add_weight with a dimension that is not known ({0})', (bad as { reason: string }).reason) : msg('add_weight with a dimension that is not known');
    return w;
  }
  w.numel = (dims as number[]).reduce((a, b) => a * b, 1);
  return w;
}

/** The weight as a tensor in call(): its own shape, no batch dimension. */
export function weightTensor(w: Weight): Tensor {
  return w.shape && !w.shape.includes(null) ? { t: 'tensor', shape: [...w.shape], batchAxis: -1 } : { t: 'tensor', shape: null, batchAxis: -1, reason: w.why ?? msg('a weight of unknown shape') };
}

/** The `input_shape` build() receives: the shape with the batch dim as None; a list of them for several inputs. */
export function shapeValue(v: Value): Value {
  if (isTensor(v)) {
    const s = full(v);
    if (!s) return unk(v.reason ?? msg('the input shape is not known'));
    return { t: 'tuple', items: s.map((d) => (d === 'B' ? null : d === null ? unk(msg('a dimension of the input that is not known')) : d)) };
  }
  if (isObj(v) && (v.t === 'list' || v.t === 'tuple')) return { t: v.t, items: v.items.map(shapeValue) } as Value;
  return unk(msg('the input of build() is not a tensor'));
}

/**
 * The MACs of one tensor op of a call(), per sample: a matrix product costs (output values) × (contracted size),
 * as a Dense does; elementwise and shape ops cost nothing, as the activation layers. Null when not known.
 */
export function opMacs(path: string, out: Value, args: Value[]): number | null {
  if (!(path === '<op>@' || /(^|\.)(matmul|dot)$/.test(path))) return 0;
  const a = args[0], o = out;
  if (!isTensor(a ?? null) || !isTensor(o)) return null;
  const sa = full(a as Tensor), so = full(o);
  if (!sa || !so || !sa.length) return null;
  const k = sa[sa.length - 1];
  if (k === null || k === 'B') return null;
  let n = k as number;
  for (const d of so) { if (d === null) return null; if (d !== 'B') n *= d; }
  return n;
}

const damaged = new WeakMap<object, boolean>();

/**
 * Whether a class's source holds a syntax error (code being typed). The parser's recovery makes another program of
 * it (`self.add_weight(shape=(n, ` swallows the next line), so its numbers would not be the framework's.
 */
export function hasSyntaxError(cls: PyClass): boolean {
  let hit = damaged.get(cls.node);
  if (hit === undefined) {
    hit = false;
    const cursor = cls.node.cursor();
    do { if (cursor.type.isError) { hit = true; break; } } while (cursor.next() && cursor.from < cls.node.to);
    damaged.set(cls.node, hit);
  }
  return hit;
}
