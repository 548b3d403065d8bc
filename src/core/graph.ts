// The layer order of a functional model, as Keras's and TF.js's `model.layers` give it.
import type { LayerResult } from './catalog/types';
import type { Shape } from './report';
import { msg } from './l10n';

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
 * Walks back from the outputs to the inputs; `missing(t, by)` is told of each tensor on the way that no layer made
 * (`by`: the layer called on it, none for an output) and ends the walk by returning true.
 */
function walkBack<L, T>(outputs: T[], inputs: T[], nodeOf: (t: T) => GraphNode<L, T> | undefined, missing: (t: T, by: L | undefined) => boolean | void): void {
  const seen = new Set<T>();
  const stack: [T, L | undefined][] = outputs.map((t) => [t, undefined]);
  while (stack.length) {
    const [t, by] = stack.pop()!;
    if (seen.has(t) || inputs.includes(t)) continue;
    const node = nodeOf(t);
    if (!node) {
      // Told once per layer called on it (it has no inputs to walk).
      if (missing(t, by)) return;
      continue;
    }
    seen.add(t);
    for (const x of node.inputs) stack.push([x, node.layer]);
  }
}

/**
 * Why the walk back from the outputs does not end at the model's inputs: the reason of the first tensor on the
 * way that no layer made (an op or a call Layer Lens does not follow); null when every path ends at an input.
 */
export function untraced<T extends { reason?: string }>(outputs: T[], inputs: T[], nodeOf: (t: T) => GraphNode<unknown, T> | undefined): string | null {
  let why: string | null = null;
  walkBack(outputs, inputs, nodeOf, (t) => { why = t.reason ?? msg('a tensor made by code Layer Lens does not follow'); return true; });
  return why;
}

/** The layers called on a tensor the walk from the outputs cannot trace back (where an untraced part joins). */
export function untracedConsumers<L, T>(outputs: T[], inputs: T[], nodeOf: (t: T) => GraphNode<L, T> | undefined): Set<L> {
  const out = new Set<L>();
  walkBack(outputs, inputs, nodeOf, (_t, by) => { if (by !== undefined) out.add(by); });
  return out;
}

/** One call of a layer in a traced graph: what it returned on those inputs. */
export interface TracedCall<L, T> extends GraphNode<L, T> {
  result?: LayerResult;
}

/**
 * The calls of each layer on the way back from a model's outputs to its inputs: the calls that belong to this
 * model, whatever the same layer did in another model (a layer shared by two models is called on each one's
 * tensors). Each call is counted once, however many paths lead to it.
 */
export function callsInModel<L, T>(outputs: T[], inputs: T[], nodeOf: (t: T) => TracedCall<L, T> | undefined): Map<L, TracedCall<L, T>[]> {
  const stop = new Set(inputs);
  const seen = new Set<TracedCall<L, T>>();
  const calls = new Map<L, TracedCall<L, T>[]>();
  const stack = [...outputs];
  while (stack.length) {
    const t = stack.pop()!;
    const node = stop.has(t) ? undefined : nodeOf(t);
    if (!node || seen.has(node) || seen.size > 100_000) continue;
    seen.add(node);
    const list = calls.get(node.layer);
    if (list) list.push(node); else calls.set(node.layer, [node]);
    stack.push(...node.inputs);
  }
  // In call order (the walk meets them from the outputs back).
  for (const list of calls.values()) list.reverse();
  return calls;
}

/**
 * A layer's numbers in one model from its calls there (`result` gives the weights, frozen or not): the output
 * shape when every call had inputs of the same shapes (a layer called on different shapes has no single output
 * shape — Keras and TF.js raise for `layer.outputShape`), and the cost of all the calls, as one sample runs them.
 */
export function resultOfCalls(result: LayerResult, calls: LayerResult[], inputs: (Shape | null)[][]): LayerResult {
  const first = calls[0];
  const r: LayerResult = { ...result, unknown: { ...result.unknown } };
  if (!first) return r;
  const same = inputs.every((s) => JSON.stringify(s) === JSON.stringify(inputs[0]));
  if (same) {
    r.outputShape = first.outputShape;
    if (first.outputs) r.outputs = first.outputs; else delete r.outputs;
    if (first.unknown.outputShape) r.unknown.outputShape = first.unknown.outputShape;
    else if (first.outputShape) delete r.unknown.outputShape;
    // A call without an output shape and without a reason (a nested model whose output was not traced).
    else r.unknown.outputShape ??= msg('the output of the call is not known');
  } else {
    r.outputShape = null;
    delete r.outputs;
    r.unknown.outputShape = msg('the layer is called on inputs of different shapes, so it has no single output shape');
  }
  const unknownCost = calls.find((c) => c.macs === null);
  if (unknownCost) {
    r.macs = null;
    r.unknown.macs = unknownCost.unknown.macs ?? unknownCost.unknown.outputShape ?? msg('the cost of a call is not known');
  } else {
    r.macs = calls.reduce((s, c) => s + (c.macs ?? 0), 0);
    delete r.unknown.macs;
  }
  return r;
}
