// A Keras model → its report: the model's layers in Keras's order, each with its first call, names as Keras gives them.
import type { ModelReport, Shape } from '../core/report';
import type { LayerResult } from '../core/catalog';
import { buildModel, type LayerEntry } from '../core/model';
import { type Interp, BudgetExceeded } from './interp';
import { dictValues, type KerasHost, type KerasModel } from './keras';
import { type Value, type Layer, type PyInstance, type Tensor, isObj, isUnk, unk } from './values';
import { callsInModel } from '../core/graph';
import { isTensor, unknownTensor } from './tensor';
import type { Candidate } from './analyze';
import { msg } from '../core/l10n';
import { catalogs } from '../core/catalog';

/** Layer types whose input rank is fixed, so a model starting with one can be traced without an input shape. */
function rankOf(type: string): number | null {
  const convLstm = /^ConvLSTM(\d)D$/.exec(type);
  if (convLstm) return Number(convLstm[1]) + 2;
  const m = /(\d)D(Transpose)?$/.exec(type);
  if (m && /^(Conv|SeparableConv|DepthwiseConv|MaxPooling|AveragePooling|GlobalMaxPooling|GlobalAveragePooling|ZeroPadding|Cropping|UpSampling|SpatialDropout|LocallyConnected)/.test(type)) {
    return Number(m[1]) + 1;
  }
  if (['LSTM', 'GRU', 'SimpleRNN', 'RNN', 'Bidirectional'].includes(type)) return 2;
  return null;
}

export function evaluateKerasModel(interp: Interp, host: KerasHost, c: Candidate, directive: number[] | null, note?: string): ModelReport | null {
  const unknown: Record<string, string> = {};
  if (note) unknown.file = note;
  interp.steps = 0;
  let root: Value;
  try {
    root = c.build();
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
    return null;
  }
  let layers: Value[] = [];
  let inputShape: Shape | null = null;
  let output: Value = null;
  let probe = false;
  let inputShapes: (Shape | null)[] | undefined;
  // Weights a subclassed model holds itself (add_weight): in its total, in no layer's row.
  let extra: ReturnType<KerasHost['ownWeights']> | undefined;
  const traced = (f: () => Value) => {
    try { return f(); } catch (e) { if (e instanceof BudgetExceeded) { unknown.outputShape = e.reason; return null; } throw e; }
  };
  if (isObj(root) && root.t === 'layer' && host.models.has(root)) {
    const model = host.models.get(root)!;
    if (model.kind === 'Sequential') {
      if (isTensor(model.layers[0] ?? null)) { model.declaredInput = (model.layers[0] as { shape: Shape | null }).shape; model.layers = model.layers.slice(1); }
      const declared = model.declaredInput ?? host.sequentialInput(model);
      inputShape = declared ?? directive;
      let input = inputShape;
      if (!input) {
        const first = model.layers[0];
        const rank = isObj(first ?? null) && (first as Layer).t === 'layer' ? rankOf((first as Layer).type) ?? ((first as Layer).type === 'Dense' ? 1 : null) : null;
        if (rank !== null) { input = Array(rank).fill(null); probe = true; }
      }
      // Layers already called elsewhere (a shared layer, the model called as a layer) still chain on the model's
      // own stated input: that is the model Keras builds.
      const built = model.layers.some((l) => isObj(l) && l.t === 'layer' && host.inputs.get(l));
      if (input && (!built || declared)) output = traced(() => host.buildSequential(model, { t: 'tensor', shape: input, batchAxis: 0, ...(inputShape ? {} : { reason: msg('no input shape') }) }));
      else output = lastOutput(host, model);
      layers = model.layers;
    } else {
      inputShape = model.inputs[0]?.shape ?? null;
      if (model.inputs.length > 1) inputShapes = model.inputs.map((t) => t.shape);
      output = model.outputs;
      layers = model.layers;
    }
  } else if (isObj(root) && root.t === 'instance' && host.isModelInstance(root)) {
    const inst = root as PyInstance;
    const built = inst.attrs.get('__built_shape__');
    const shapeOfTuple = (v: Value | undefined) => (isObj(v ?? null) && (v as { t: string }).t === 'tuple' ? (v as { items: Value[] }).items.map((d) => (typeof d === 'number' ? d : null)) : null);
    const builtShapes = isObj(built ?? null) && (built as { t: string }).t === 'list' ? (built as { items: Value[] }).items.map(shapeOfTuple) : null;
    const builtShape = shapeOfTuple(built);
    inputShape = builtShapes ? builtShapes[0] ?? null : builtShape ?? directive;
    if (builtShapes && builtShapes.length > 1) {
      // Several inputs (model.build([(None, 5), (None, 6)])): call() gets them as one list.
      inputShapes = builtShapes;
      const items = builtShapes.map((shape): Value => (shape ? { t: 'tensor', shape, batchAxis: 0, producer: 'input' } : unknownTensor(msg('the input shape is not known'))));
      output = traced(() => host.traceRoot(inst, [{ t: 'list', items }], c.line));
    } else if (inputShape) {
      const shape = inputShape;
      output = traced(() => host.traceRoot(inst, [{ t: 'tensor', shape, batchAxis: 0, producer: 'input' }], c.line));
    }
    layers = host.tracked.get(inst) ?? [];
    // Layers its own build() creates exist only once the model is built (called on an input, or model.build(shape)).
    if (host.buildPending(inst)) layers = [...layers, unk(msg('the layers build() creates are not known: the model is never built on a known input shape'))];
    extra = host.ownWeights(inst);
  } else if (host.isApplication(root)) {
    // `base = keras.applications.ResNet50(...)` on its own: one row, its weights not counted; its input and output
    // those of the build Keras makes when it is constructed.
    const own = host.applicationBuild(root);
    inputShape = isTensor(own.input) ? own.input.shape : null;
    output = own.output;
    layers = [root];
  } else return null;

  // Each layer's calls in this model's own graph, from its outputs back to its inputs.
  // Several outputs: a list or tuple, or a dict (Keras orders it by key).
  const outs = isObj(output) && (output.t === 'list' || output.t === 'tuple') ? output.items : isObj(output) && output.t === 'dict' ? dictValues(output) : [output];
  const outTensors = outs.filter(isTensor) as Tensor[];
  const stops = isObj(root) && root.t === 'layer' ? host.models.get(root)?.inputs ?? [] : [];
  const calls = callsInModel<Layer, Tensor>(outTensors, stops, (t) => t.node);
  // A model that is not trainable has no trainable weights, even in a layer set trainable again after it.
  const rootFrozen = isObj(root) && (root.t === 'layer' ? root.frozen === true : root.t === 'instance' && root.attrs.get('trainable') === false);
  const entries: LayerEntry[] = [];
  // A custom layer (an instance of a subclass of keras.layers.Layer or keras.Model) is one row, as Keras lists it.
  layers = layers.map((l) => (host.isModelInstance(l) ? host.customLayer(l) : l));
  // Layers whose diagnostics belong to this model: its own, and those inside its custom layers.
  const owned = new Set<Value>(layers);
  // Each custom layer's sublayers (once: they are owned, counted once, and reported as inner layers below).
  const insideOf = new Map<Layer, Layer[]>();
  for (const l of layers) {
    const inst = isObj(l) && l.t === 'layer' ? host.customInstance(l) : undefined;
    if (inst) insideOf.set(l as Layer, [...host.innerLayers(inst)]);
  }
  for (const xs of insideOf.values()) for (const x of xs) owned.add(x);
  const rowResults = new Map<Layer, LayerResult>();
  const counted = new Map<Value, string>();
  // Layers whose weights an earlier entry already counts (a layer used directly and inside a nested model, or in two
  // nested models): Keras counts each weight once in the model's totals.
  const ownersCounted = new Map<Layer, string>();
  for (const l of layers) {
    if (isObj(l) && l.t === 'layer' && l.framework === 'keras') {
      if (l.type === 'InputLayer') continue;
      const shared = sharedWeights(host, l, ownersCounted, rootFrozen);
      const unfrozen = rootFrozen ? undefined : unfrozenInFrozen(host, l);
      const own = calls.get(l);
      const result = { ...host.resultOf(l, own) };
      rowResults.set(l, result);
      if (rootFrozen && result.params !== null) { result.trainable = 0; result.nonTrainable = result.params; }
      if (probe) {
        result.outputShape = null;
        result.unknown = { ...result.unknown, outputShape: msg('the model has no input shape') };
        if (result.macs !== null) { result.macs = null; result.unknown.macs = msg('the model has no input shape'); }
      }
      if (result.params === null && result.nonTrainable === null && !l.frozen && !hasFrozenWeights(l) && !host.isCustom(l)) {
        // Of the catalog's layers only normalisation layers hold non-trainable weights; any other layer's part is 0
        // whatever its size.
        result.nonTrainable = 0;
        delete result.unknown.nonTrainable;
      }
      if (unfrozen && result.params !== null) {
        result.trainable = null;
        result.nonTrainable = null;
        const why = msg('{0} is set trainable inside the frozen model {1}: Keras 3 trains its weights in an outer model, tf.keras 2 does not', unfrozen, l.name ?? l.type);
        result.unknown = { ...result.unknown, trainable: why, nonTrainable: why };
      }
      const type = host.models.has(l) ? host.models.get(l)!.kind : l.type;
      // A layer whose weights another row already counts (a sublayer of two custom layers): counted once by Keras,
      // but how many of this row's params that is, is not followed.
      const holds = insideOf.get(l) ?? [l];
      const dup = holds.find((x) => counted.has(x));
      for (const x of holds) if (!counted.has(x)) counted.set(x, l.name ?? l.type);
      entries.push({
        path: l.name ?? l.type, type, line: l.line, result, inputShape: own ? own[0].inputs[0]?.shape ?? null : host.inputs.get(l) ?? null,
        called: own !== undefined || host.results.has(l),
        conditional: l.conditional, inputFrom: host.producers.get(l), file: l.file, ...(l.attr && l.attr !== l.name ? { attr: l.attr } : {}),
        ...(dup ? { shared: { numel: null, with: counted.get(dup)! } } : shared ? { shared } : {}),
      });
    } else if (isObj(l) && l.t === 'instance') {
      entries.push({ path: l.cls.name, type: l.cls.name, line: l.line, result: emptyResult(msg('a custom layer is not followed')), inputShape: null, called: false });
    } else if (isUnk(l)) {
      // The part of the model that is not followed: its cost is not known either (never a silent 0).
      entries.push({ path: '?', type: '?', line: c.line, result: emptyResult(l.reason), inputShape: null, called: true });
    }
  }
  // The sublayers of custom layers, on their own lines in the editor (their row holds their weights).
  const inner: LayerEntry[] = [];
  for (const [l, xs] of insideOf) {
    const row = rowResults.get(l);
    for (const x of xs) {
      if (x.framework !== 'keras' || x.type === 'InputLayer') continue;
      const result = { ...host.resultOf(x) };
      result.unknown = { ...result.unknown };
      // What trains is the model's: a row with nothing trainable (frozen, or inside a frozen model) freezes its
      // sublayers; a row whose split is not known leaves theirs unknown too.
      if (row && row.trainable === 0 && result.params !== null) { result.trainable = 0; result.nonTrainable = result.params; }
      else if (row && row.trainable === null && result.params !== null) {
        result.trainable = result.nonTrainable = null;
        result.unknown.trainable = result.unknown.nonTrainable = row.unknown.trainable ?? row.unknown.params ?? msg('not known');
      }
      if (probe) {
        result.outputShape = null;
        result.unknown.outputShape = msg('the model has no input shape');
        if (result.macs !== null) { result.macs = null; result.unknown.macs = msg('the model has no input shape'); }
      }
      inner.push({
        path: `${l.name ?? l.type}/${x.name ?? x.type}`, type: host.models.get(x)?.kind ?? x.type, line: x.line,
        result, inputShape: host.inputs.get(x) ?? null, called: host.results.has(x), inputFrom: host.producers.get(x), file: x.file,
        ...(x.attr && x.attr !== x.name ? { attr: x.attr } : {}),
      });
    }
  }
  const shapeOf = (v: Value | undefined) => (!probe && isTensor(v ?? null) ? (v as { shape: Shape | null }).shape : null);
  const outputShape = shapeOf(outs[0]);
  const outputShapes = outs.length > 1 ? outs.map(shapeOf) : undefined;
  const diagnostics = host.diagnostics.filter((d) => owned.has(d.layer)).map((d) => ({
    line: d.line, severity: 'error' as const, message: d.message, ...(d.fix !== undefined ? { fix: String(d.fix) } : {}),
  }));
  if (!inputShape) unknown.inputShape = msg('no input shape: add `input_shape=`, a `keras.Input`, or a comment like `# input: 28x28x1` above the model');
  return buildModel({
    name: c.name, kind: c.kind, framework: 'keras', line: c.line, inputShape, outputShape, inputShapes, outputShapes, layers: entries, diagnostics,
    traceComplete: (outputShapes ?? [outputShape]).every((x) => x !== null), ...(extra ? { extra } : {}), ...(inner.length ? { inner } : {}), branched: layers.some((l) => isObj(l) && l.t === 'layer' && ['Add', 'Concatenate', 'Multiply', 'Subtract', 'Average', 'Maximum', 'Minimum'].includes(l.type)),
    unknown,
  });
}

function lastOutput(host: KerasHost, model: KerasModel): Value {
  const last = model.layers[model.layers.length - 1];
  if (!isObj(last ?? null) || (last as Layer).t !== 'layer') return null;
  const r = host.results.get(last as Layer);
  return r?.outputShape ? { t: 'tensor', shape: r.outputShape, batchAxis: 0 } : null;
}

function emptyResult(reason: string) {
  return {
    params: null, trainable: null, nonTrainable: null, inChannels: null, outChannels: null, kernel: null, stride: null,
    groups: null, filterShape: null, formula: null, outputShape: null, macs: null, rf: null,
    unknown: { params: reason, outputShape: reason, macs: reason },
  };
}

/**
 * The part of a layer's (or nested model's) weights that earlier entries of the model already count, by the layers
 * that own them; records its own owners as counted. Undefined when nothing is counted twice.
 */
function sharedWeights(host: KerasHost, l: Layer, counted: Map<Layer, string>, rootFrozen: boolean): LayerEntry['shared'] {
  const { owners } = host.weightOwners(l);
  let numel: number | null = 0, trainable: number | null = 0;
  const withs: string[] = [];
  for (const [key, o] of owners) {
    const first = counted.get(key);
    if (first === undefined) { counted.set(key, l.name ?? l.type); continue; }
    if (!withs.includes(first)) withs.push(first);
    const p = o.result.params;
    const t = o.frozen || rootFrozen || key.frozen ? (p === null ? null : 0) : o.result.trainable;
    numel = numel === null || p === null ? null : numel + p;
    trainable = trainable === null || t === null ? null : trainable + t;
  }
  return withs.length ? { numel, with: withs.join(', '), trainable } : undefined;
}

/**
 * A layer set trainable again inside a nested model that is frozen (`base.trainable = False`, then
 * `base.layers[-1].trainable = True`): the nested model itself trains none of its weights in both Keras versions,
 * but a model holding it trains that layer's weights in Keras 3 (trainable_weights filters the variables by their
 * own flag) and not in tf.keras 2 (it asks the frozen model, which gives none). The layer's name, if any.
 */
function unfrozenInFrozen(host: KerasHost, l: Layer): string | undefined {
  if (!host.models.has(l)) return undefined;
  for (const [key, o] of host.weightOwners(l).owners) {
    if (o.frozen && !key.frozen && key.type !== 'InputLayer' && (o.result.params ?? 1) > (o.result.nonTrainable ?? 0)) return key.name ?? key.type;
  }
  return undefined;
}



/**
 * Whether a Keras layer may hold non-trainable weights (moving statistics, a layer outside the catalog such as
 * SyncBatchNormalization or SpectralNormalization) or be frozen by its arguments.
 */
function hasFrozenWeights(l: Layer, depth = 0): boolean {
  if (depth > 20 || ['BatchNormalization', 'Normalization', 'Sequential', 'Functional'].includes(l.type)) return true;
  // The recurrent cells an RNN runs are no layers of the catalog, but hold trainable weights only.
  if (!Object.prototype.hasOwnProperty.call(catalogs.keras, l.type) && !RNN_CELLS.has(l.type)) return true;
  // A TF-IDF lookup's idf weights are non-trainable weights in tf.keras 2.
  const mode = l.keywords.get('output_mode');
  if (mode !== undefined && (typeof mode !== 'string' || mode === 'tf_idf')) return true;
  const t = l.keywords.get('trainable');
  if (t !== undefined && t !== true) return true;
  if (l.frozen) return true;
  // A wrapped layer, an RNN's cell, or a list of cells: any of them that may hold frozen weights (a custom cell may).
  const inner = l.positional[0] ?? l.keywords.get('layer') ?? l.keywords.get('cell') ?? l.keywords.get('cells');
  const holds = (v: Value | undefined): boolean => (isObj(v ?? null) && (v as Layer).t === 'layer' ? hasFrozenWeights(v as Layer, depth + 1)
    : isObj(v ?? null) && ((v as { t: string }).t === 'list' || (v as { t: string }).t === 'tuple') ? (v as { items: Value[] }).items.some(holds) : true);
  return WRAPPERS.has(l.type) ? holds(inner) : false;
}

const RNN_CELLS = new Set(['SimpleRNNCell', 'LSTMCell', 'GRUCell', 'StackedRNNCells']);
const WRAPPERS = new Set(['Bidirectional', 'TimeDistributed', 'RNN', 'StackedRNNCells']);
