// The layers of a functional model in TF.js's `model.layers` order (tfjs-layers Container): a depth-first walk
// from the outputs numbers the layers as it first meets them; a layer's depth is its longest distance to an
// output; layers are listed deepest first, ties in walk order. Model inputs end the walk; their InputLayers are
// listed (as TF.js lists them), at the depth of their deepest use.
import { type Value, type Tensor, isTensor, isArray, isPlainObject, isUnk, isLayer, unk } from './values';
import { layersByDepth, untraced, untracedConsumers } from '../core/graph';
import { msg } from '../core/l10n';

export function graphLayers(outputs: Value, inputs: Tensor[]): Value[] {
  const flat = flatTensors(outputs);
  const layers: Value[] = layersByDepth(flat, inputs, (t) => t.node, true);
  // An output that is not a symbolic tensor, or a tensor the walk cannot trace back (made by code Layer Lens does
  // not follow): the layers before it are not known, so the model's count is not either (never a silent 0).
  let cut: string | null = isTensor(outputs) || isArray(outputs) || isPlainObject(outputs) ? null : isUnk(outputs) ? outputs.reason : msg('the outputs are not symbolic tensors');
  if (!cut && isArray(outputs) && outputs.items.some((v) => !isTensor(v))) cut = msg('an output is not a symbolic tensor');
  cut ??= untraced(flat, inputs, (t) => t.node);
  // An input the outputs depend on that is not one of the model's inputs: TF.js throws ("Graph disconnected").
  if (!cut && layers.some((l) => isLayer(l) && l.type === 'InputLayer' && !inputs.some((t) => t.node?.layer === l))) {
    cut = msg('the outputs depend on an input that is not one of the model\'s inputs (TF.js throws: graph disconnected)');
  }
  if (cut) {
    // The unknown part comes before the first layer that is called on it.
    const joins = untracedConsumers(flat, inputs, (t) => t.node);
    const at = layers.findIndex((l) => isLayer(l) && joins.has(l));
    layers.splice(at < 0 ? layers.length : at, 0, unk(msg('the model\'s graph cannot be traced from its outputs: {0}', cut)));
  }
  return layers;
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
