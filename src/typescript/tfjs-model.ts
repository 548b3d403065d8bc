// A TF.js model → its report: `model.layers` in TF.js's order (InputLayers left out), each with its first call.
import { catalogs, evaluateLayer, type CValue, type LayerRef, type LayerResult } from '../core/catalog';
import { emptyResult } from '../core/catalog/values';
import { buildModel, type LayerEntry } from '../core/model';
import type { Diagnostic, ModelReport, Shape } from '../core/report';
import type { TfjsHost } from './tfjs';
import { MERGE_TYPES, describeLayer } from './tfjs';
import { type Value, type Layer, type Tensor, isLayer, isTensor, isUnk, isArray, isObj, isPlainObject, toCValue } from './values';
import { callsInModel, resultOfCalls } from '../core/graph';

type Call = NonNullable<Tensor['node']>;
import { msg } from '../core/l10n';

export interface ModelCandidate {
  name: string;
  kind: ModelReport['kind'];
  line: number;
  model: Layer;
}

const noInputShape = () => msg('TF.js requires inputShape on the first layer');

export function reportModel(host: TfjsHost, c: ModelCandidate, directive: Shape | null, note?: string): ModelReport {
  const unknown: Record<string, string> = {};
  if (note) unknown.file = note;
  const m = c.model.model!;
  const diagnostics: Diagnostic[] = [];
  let inputShape: Shape | null = null;
  let inputShapes: (Shape | null)[] | undefined;
  let output: Value;
  if (m.kind === 'Sequential') {
    const declared = host.modelInput(c.model);
    inputShape = declared ?? directive;
    // tf.sequential raises "The first layer in a Sequential model must get an `inputShape` or `batchInputShape`
    // argument" when the first layer is added, whatever a `// input:` comment tells Layer Lens.
    if (declared === undefined && m.layers.length) {
      const first = m.layers[0];
      const line = isLayer(first) && !first.file ? first.line : c.model.file ? c.line : c.model.line;
      diagnostics.push({ line, severity: 'error', message: msg('TF.js requires inputShape (or batchInputShape) on the first layer of a Sequential model: tf.sequential raises without it, even with a `// input:` comment') });
      if (!directive) unknown.inputShape = noInputShape();
    }
    output = host.buildSequential(c.model, inputShape, declared === undefined && !directive ? noInputShape() : undefined);
  } else {
    inputShape = m.inputs[0]?.shape ?? null;
    if (m.inputs.length > 1) inputShapes = m.inputs.map((t) => t.shape);
    output = m.outputs;
  }
  const layers = m.layers.filter((l) => !(isLayer(l) && l.type === 'InputLayer'));
  // Each layer's calls in this model's own graph, from its outputs back to its inputs (a layer may be shared).
  const outTensors = (isArray(output) ? output.items : [output]).filter(isTensor);
  const calls = callsInModel<Layer, Tensor>(outTensors, m.kind === 'Model' ? m.inputs : [], (t) => t.node);
  const entries: LayerEntry[] = [];
  for (const l of layers) {
    if (isLayer(l)) {
      const own = calls.get(l);
      const result = { ...resultOf(host, l, 0, own) };
      // A model that is not trainable has no trainable weights, even in a layer set trainable after it was frozen.
      if (c.model.frozen && result.params !== null) { result.trainable = 0; result.nonTrainable = result.params; }
      if (result.params === null && result.nonTrainable === null && !l.frozen && !l.trainableReason && !holdsFrozen(l)) {
        // Only normalisation layers hold non-trainable weights; any other layer's part is 0 whatever its size.
        result.nonTrainable = 0;
        delete result.unknown.nonTrainable;
      }
      entries.push({
        path: l.name, type: l.type, line: l.line, result, inputShape: own ? own[0].inputs[0]?.shape ?? null : l.input ?? null,
        called: own !== undefined || l.result !== undefined,
        conditional: l.conditional, inputFrom: l.producer, ...(l.file ? { file: l.file } : {}),
      });
    } else {
      const custom = isObj(l) && l.t === 'object' && l.cls ? l.cls.name : null;
      const reason = custom ? msg('{0} is not followed', describeLayer(l)) : isUnk(l) ? l.reason : describeLayer(l);
      // A layer that is not followed: its cost is not known either (never a silent 0).
      entries.push({ path: '?', type: custom ?? '?', line: c.line, result: emptyResult(reason), inputShape: null, called: true });
    }
  }
  const outs = isArray(output) ? output.items : [output];
  const shapeOf = (v: Value) => (isTensor(v) ? v.shape : null);
  const outputShape = shapeOf(outs[0]);
  const outputShapes = outs.length > 1 ? outs.map(shapeOf) : undefined;
  for (const d of host.diagnostics) {
    if (!layers.includes(d.layer)) continue;
    // A layer of another file: the problem is shown on the model's line here, its fix belongs to that file.
    if (d.layer.file) diagnostics.push({ line: c.line, severity: 'error', message: `${d.message} (${d.layer.file.slice(d.layer.file.lastIndexOf('/') + 1)}:${d.line})` });
    else diagnostics.push({ line: d.line, severity: 'error', message: d.message, ...(d.fix !== undefined ? { fix: String(d.fix) } : {}) });
  }
  if (!inputShape) unknown.inputShape ??= msg('no input shape: add `inputShape` to the first layer, or a comment like `// input: 28x28x1` above the model');
  return exactTotals(buildModel({
    name: c.name, kind: c.kind, framework: 'tfjs', line: c.line, inputShape, outputShape, inputShapes, outputShapes, layers: entries, diagnostics,
    traceComplete: (outputShapes ?? [outputShape]).every((x) => x !== null), branched: layers.some((l) => isLayer(l) && MERGE_TYPES.has(l.type)), unknown,
  }));
}

/** Totals past 2^53 are not exact: unknown rather than wrong. */
function exactTotals(m: ModelReport): ModelReport {
  for (const k of ['params', 'trainable', 'nonTrainable', 'macs'] as const) {
    const v = m[k];
    if (v !== null && !(Number.isFinite(v) && v <= Number.MAX_SAFE_INTEGER)) { m[k] = null; m.unknown[k] = msg('too large to be exact (past 2^53)'); }
  }
  if (!(m.knownParams <= Number.MAX_SAFE_INTEGER)) m.knownParams = 0;
  return m;
}

/** A layer's numbers: its first known call, frozen if set; a nested model as one layer. */
export function resultOf(host: TfjsHost, l: Layer, depth = 0, calls?: Call[]): LayerResult {
  if (l.model) return modelResult(host, l, depth, calls);
  let r = l.result ? { ...l.result, unknown: { ...l.result.unknown } } : emptyResult(msg('the layer is never called on a known input'));
  // In one model, the layer's calls in that model give its output shape and cost (it may be shared with another).
  if (calls?.length) r = ownCalls(r, calls);
  const held = heldNow(l);
  if (held && r.params !== null && held.params === r.params) {
    r.trainable = held.trainable;
    r.nonTrainable = held.nonTrainable;
    for (const k of ['trainable', 'nonTrainable']) if (held.unknown[k]) r.unknown[k] = held.unknown[k];
  }
  if (l.frozen && r.params !== null) { r.trainable = 0; r.nonTrainable = r.params; }
  if (l.trainableReason && r.params !== 0) {
    r.trainable = r.nonTrainable = null;
    r.unknown.trainable = r.unknown.nonTrainable = l.trainableReason;
  }
  return r;
}

/**
 * An RNN's or TimeDistributed's numbers with its cell or wrapped layer as it is set at the end: tfjs holds that
 * object (Bidirectional copies it when built), so `cell.trainable = false` after the layer was made still counts.
 */
function heldNow(l: Layer): LayerResult | null {
  if (!l.source || !isPlainObject(l.source)) return null;
  const keywords: Record<string, CValue> = {};
  for (const [k, v] of l.source.props) if (k !== 'trainable' && k !== '…' && v !== undefined) keywords[k] = toCValue(v);
  return evaluateLayer(catalogs.tfjs, l.type, { positional: [], keywords }, { inputs: l.input ? [l.input] : [] });
}

/** A layer's output shape and cost from its calls in one model. */
function ownCalls(r: LayerResult, calls: Call[]): LayerResult {
  return resultOfCalls(r, calls.map((c) => c.result ?? emptyResult()), calls.map((c) => c.inputs.map((t) => t.shape)));
}

function modelResult(host: TfjsHost, layer: Layer, depth: number, calls?: Call[]): LayerResult {
  const m = layer.model!;
  const r = emptyResult();
  let params: number | null = 0, trainable: number | null = 0, nonTrainable: number | null = 0;
  for (const l of m.layers) {
    if (!isLayer(l) || depth > 50) { params = trainable = nonTrainable = null; r.unknown.params = msg('a layer of the model is not known'); continue; }
    if (l.type === 'InputLayer') continue;
    const lr = resultOf(host, l, depth + 1);
    params = params === null || lr.params === null ? null : params + lr.params;
    trainable = trainable === null || lr.trainable === null ? null : trainable + lr.trainable;
    nonTrainable = nonTrainable === null || lr.nonTrainable === null ? null : nonTrainable + lr.nonTrainable;
    if (lr.params === null) r.unknown.params ??= `${l.name}: ${lr.unknown.params ?? msg('not known')}`;
  }
  if (layer.frozen && params !== null) { trainable = 0; nonTrainable = params; }
  r.params = params; r.trainable = trainable; r.nonTrainable = nonTrainable;
  r.unknown.macs = msg('the cost of a nested model is counted in its own summary');
  r.outputShape = layer.result?.outputShape ?? null;
  if (!r.outputShape) r.unknown.outputShape = layer.result?.unknown.outputShape ?? msg('the model is never called on a known input');
  if (!calls?.length) return r;
  const own = ownCalls(r, calls);
  own.macs = null;
  own.unknown.macs = r.unknown.macs;
  return own;
}

/** Whether a layer may hold non-trainable weights (moving statistics), or be frozen by its config. */
function holdsFrozen(l: Layer): boolean {
  if (['BatchNormalization', 'Sequential', 'Model'].includes(l.type)) return true;
  if (!['Bidirectional', 'TimeDistributed', 'RNN'].includes(l.type)) return false;
  // The wrapped layer, or the RNN's cell or list of cells: one that is not a layer constructor call (a custom cell)
  // may hold non-trainable weights.
  const holds = (v: CValue | undefined, depth = 0): boolean => {
    if (depth > 20) return true;
    if (Array.isArray(v)) return v.some((x) => holds(x, depth + 1));
    if (typeof v !== 'object' || v === null || !('layerType' in v)) return true;
    const ref = v as LayerRef;
    return ref.layerType === 'StackedRNNCells' ? holds(ref.args.keywords.cells, depth + 1) : ref.layerType === 'BatchNormalization';
  };
  return holds(l.config.layer ?? l.config.cell);
}
