// The layers of a functional model in TF.js's `model.layers` order (tfjs-layers Container): a depth-first walk
// from the outputs numbers the layers as it first meets them; a layer's depth is its longest distance to an
// output; layers are listed deepest first, ties in walk order. Model inputs end the walk.
import { type Value, type Layer, type Tensor, isTensor, isArray, isPlainObject } from './values';

type Node = NonNullable<Tensor['node']>;

export function graphLayers(outputs: Value, inputs: Tensor[]): Layer[] {
  const stop = new Set(inputs);
  const finished = new Set<Node>();
  const inProgress = new Set<Node>();
  const ordered: Node[] = [];
  const index = new Map<Layer, number>();
  const visit = (t: Tensor, depth: number) => {
    const node = t.node;
    if (!node || stop.has(t) || finished.has(node) || inProgress.has(node) || depth > 5_000) return;
    if (!index.has(node.layer)) index.set(node.layer, index.size);
    inProgress.add(node);
    for (const i of node.inputs) visit(i, depth + 1);
    inProgress.delete(node);
    finished.add(node);
    ordered.push(node);
  };
  for (const t of flatTensors(outputs)) visit(t, 0);
  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<Layer, number>();
  for (const node of [...ordered].reverse()) {
    const depth = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    for (const i of node.inputs) {
      if (i.node && !stop.has(i)) nodeDepth.set(i.node, Math.max(depth + 1, nodeDepth.get(i.node) ?? 0));
    }
  }
  return [...layerDepth.keys()].sort((a, b) => (layerDepth.get(b)! - layerDepth.get(a)!) || (index.get(a)! - index.get(b)!));
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
