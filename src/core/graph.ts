import { msg } from './l10n';
// The layer order of a functional model, as Keras's and TF.js's `model.layers` give it.

/** What made a tensor: a layer, applied to input tensors. */
export interface GraphNode<L, T> {
  layer: L;
  inputs: T[];
}

/**
 * A depth-first walk from the outputs numbers the layers as it first meets them; a layer's depth is its longest
 * distance to an output; layers are listed deepest first, ties in walk order. The walk ends at the model's inputs;
 * with `keepInputs` their own layers (Keras's InputLayer) are listed too.
 */
export function layersByDepth<L, T>(outputs: T[], inputs: T[], nodeOf: (t: T) => GraphNode<L, T> | undefined, keepInputs: boolean): L[] {
  type Node = GraphNode<L, T>;
  const stop = new Set(inputs);
  const finished = new Set<Node>();
  const inProgress = new Set<Node>();
  const ordered: Node[] = [];
  const index = new Map<L, number>();
  const visit = (t: T, depth: number) => {
    const node = nodeOf(t);
    if (!node || (!keepInputs && stop.has(t)) || finished.has(node) || inProgress.has(node) || depth > 5_000) return;
    if (!index.has(node.layer)) index.set(node.layer, index.size);
    inProgress.add(node);
    if (!stop.has(t)) for (const i of node.inputs) visit(i, depth + 1);
    inProgress.delete(node);
    finished.add(node);
    ordered.push(node);
  };
  for (const t of outputs) visit(t, 0);
  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<L, number>();
  for (const node of [...ordered].reverse()) {
    const depth = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    for (const i of node.inputs) {
      const n = nodeOf(i);
      if (n && (keepInputs || !stop.has(i))) nodeDepth.set(n, Math.max(depth + 1, nodeDepth.get(n) ?? 0));
    }
  }
  return [...layerDepth.keys()].sort((a, b) => (layerDepth.get(b)! - layerDepth.get(a)!) || (index.get(a)! - index.get(b)!));
}

/**
 * Why the walk back from the outputs does not end at the model's inputs: the reason of the first tensor on the
 * way that no layer made (an op or a call Layer Lens does not follow); null when every path ends at an input.
 */
export function untraced<T extends { reason?: string }>(outputs: T[], inputs: T[], nodeOf: (t: T) => GraphNode<unknown, T> | undefined): string | null {
  const seen = new Set<T>();
  const stack = [...outputs];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t) || inputs.includes(t)) continue;
    seen.add(t);
    const node = nodeOf(t);
    if (!node) return t.reason ?? msg('a tensor made by code Layer Lens does not follow');
    stack.push(...node.inputs);
  }
  return null;
}
