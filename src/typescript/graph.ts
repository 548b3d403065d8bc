// The layers of a functional model in TF.js's `model.layers` order (tfjs-layers Container): a depth-first walk
// from the outputs numbers the layers as it first meets them; a layer's depth is its longest distance to an
// output; layers are listed deepest first, ties in walk order. Model inputs end the walk; their InputLayers are
// listed (as TF.js lists them), at the depth of their deepest use.
import { type Value, type Layer, type Tensor, isTensor, isArray, isPlainObject } from './values';
import { layersByDepth } from '../core/graph';

export function graphLayers(outputs: Value, inputs: Tensor[]): Layer[] {
  return layersByDepth(flatTensors(outputs), inputs, (t) => t.node, true);
}

export function flatTensors(v: Value): Tensor[] {
  const out: Tensor[] = [];
  const walk = (x: Value, d: number) => {
    if (d > 20) return;
    if (isTensor(x)) out.push(x);
    else if (isArray(x)) x.items.forEach((y) => walk(y, d + 1));
    else if (isPlainObject(x)) for (const y of x.props.values()) walk(y, d + 1);
  };
  walk(v, 0);
  return out;
}
