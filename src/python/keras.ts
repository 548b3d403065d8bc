// Keras semantics for the evaluator: layers named as Keras names them, Sequential / functional / subclassed
// models, and the chain of shapes that gives every conv its input depth f.
import { catalogs, evaluateLayer, type LayerResult } from '../core/catalog';
import { kerasAutoName, kerasAliases } from '../core/catalog/keras';
import type { Shape } from '../core/report';
import type { Host, Interp } from './interp';
import { callStdlib } from './builtins';
import {
  type Value, type Layer, type PyInstance, type Tensor, type PyBuiltin,
  unk, isObj, isUnk, num, toCValue, kwToC, truthy,
} from './values';
import { isTensor, unknownTensor, broadcast, reshape, reduce, concat, squeeze, unsqueeze, permute, full, matmul } from './tensor';
import { emptyLayerResult } from './torch';
import { layersByDepth, untraced, resultOfCalls } from '../core/graph';

/** The layers owning a model's weights, each once (see KerasHost.weightOwners). */
export interface WeightOwners {
  owners: Map<Layer, { name: string; result: LayerResult; frozen: boolean }>;
  unknown?: string;
}

/** One call of a layer in a traced graph. */
export type Call = NonNullable<Tensor['node']>;
import { msg } from '../core/l10n';

/** A Keras model object: Sequential or functional. */
export interface KerasModel {
  kind: 'Sequential' | 'Functional';
  layers: Value[];
  inputs: Tensor[];
  outputs: Value;
  /** The input shape stated in the code (Input, input_shape=, InputLayer), when there is one. */
  declaredInput: Shape | null;
}

const MERGE_FUNCTIONS: Record<string, string> = {
  add: 'Add', subtract: 'Subtract', multiply: 'Multiply', average: 'Average', maximum: 'Maximum', minimum: 'Minimum',
  concatenate: 'Concatenate', dot: 'Dot',
};

/** Whether an external path is in Keras (keras.*, tensorflow.keras.*, tf_keras.*). */
export function isKerasPath(path: string): boolean {
  return /^(keras|tf_keras|tensorflow\.keras|tensorflow\.python\.keras)(\.|$)/.test(path);
}

/** The model base classes a subclassed model derives from. */
export function isKerasModelClassPath(path: string): boolean {
  return isKerasPath(path) && /\.(Model|Sequential)$/.test(path);
}

function isKerasLayerClassPath(path: string): boolean {
  return isKerasPath(path) && /\.Layer$/.test(path);
}

export class KerasHost implements Host {
  interp!: Interp;
  /** Automatic names already given, per base name, in this evaluation (a fresh Keras session). */
  private names = new Map<string, number>();
  /** First call of each layer: its result, input shape and call order. */
  results = new Map<Layer, LayerResult>();
  inputs = new Map<Layer, Shape | null>();
  producers = new Map<Layer, string>();
  order = new Map<Layer, number>();
  private calls = 0;
  /** What each layer's first call returned, and how many calls it had (`layer.output`). */
  private firstOutputs = new Map<Layer, Value>();
  private callCounts = new Map<Layer, number>();
  /** Model objects of the file (Sequential / functional), by their Layer value. */
  models = new Map<Layer, KerasModel>();
  /** Layers and models assigned as attributes of subclassed models, in order. */
  tracked = new Map<PyInstance, Value[]>();
  /** `keras.backend.set_image_data_format(...)`: the `data_format` of layers built without one. */
  private imageDataFormat: Value = 'channels_last';
  diagnostics: { line: number; message: string; layer: Layer; fix?: number }[] = [];


  // ---- construction ----

  private autoName(type: string): string {
    const base = kerasAutoName(type);
    const n = this.names.get(base) ?? 0;
    this.names.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }

  private newLayer(type: string, args: Value[], kw: Map<string, Value>, line: number): Layer {
    const canonical = kerasAliases[type] ?? type;
    if (this.imageDataFormat !== 'channels_last' && !kw.has('data_format')) {
      // Layers built without a data_format take the global one (keras.config / keras.backend.set_image_data_format).
      const at = catalogs.keras[canonical]?.args.indexOf('data_format') ?? -1;
      if (at >= 0 && args.length <= at) kw = new Map([...kw, ['data_format', this.imageDataFormat]]);
    }
    const layer: Layer = {
      t: 'layer', framework: 'keras', type: canonical, positional: args, keywords: kw, line, id: this.interp.id(),
      calls: [], paramState: new Map(),
    };
    const name = kw.get('name');
    layer.name = typeof name === 'string' ? name : this.autoName(canonical);
    const file = this.interp.foreignFile();
    if (file) layer.file = file;
    if (this.interp.uncertain.length) layer.conditional = this.interp.uncertain[this.interp.uncertain.length - 1];
    return layer;
  }

  private newModel(kind: KerasModel['kind'], layers: Value[], inputs: Tensor[], outputs: Value, declared: Shape | null, kw: Map<string, Value>, line: number): Layer {
    const layer: Layer = {
      t: 'layer', framework: 'keras', type: kind, positional: [], keywords: new Map(), line, id: this.interp.id(),
      calls: [], paramState: new Map(),
    };
    const name = kw.get('name');
    layer.name = typeof name === 'string' ? name : this.autoName(kind === 'Sequential' ? 'Sequential' : 'Functional');
    this.models.set(layer, { kind, layers, inputs, outputs, declaredInput: declared });
    return layer;
  }

  /** The input shape a layer declares (`input_shape=`, `input_dim=`, `batch_input_shape=`). */
  private declaredShape(layer: Layer): Shape | null | undefined {
    const kw = layer.keywords;
    const shapeOf = (v: Value, dropBatch: boolean): Shape | null => {
      const items = isObj(v) && (v.t === 'tuple' || v.t === 'list') ? v.items : typeof v === 'number' ? [v] : null;
      if (!items) return null;
      const dims = items.map((d) => (d === null ? null : num(d)));
      return dropBatch ? dims.slice(1) : dims;
    };
    if (kw.has('input_shape')) return shapeOf(kw.get('input_shape')!, false);
    if (kw.has('batch_input_shape')) return shapeOf(kw.get('batch_input_shape')!, true);
    if (kw.has('batch_shape')) return shapeOf(kw.get('batch_shape')!, true);
    if (kw.has('input_dim') && layer.type !== 'Embedding') { const d = num(kw.get('input_dim')!); return d === null ? null : [d]; }
    if (layer.type === 'InputLayer' && kw.has('shape')) return shapeOf(kw.get('shape')!, false);
    return undefined;
  }

  /** A `keras.Input`: made by its own InputLayer, which a functional model's `model.layers` lists. */
  private inputTensor(shape: Shape | null, name: string, line: number): Tensor {
    const layer: Layer = {
      t: 'layer', framework: 'keras', type: 'InputLayer', positional: [], keywords: new Map(), line, id: this.interp.id(),
      calls: [], paramState: new Map(), name,
    };
    return { t: 'tensor', shape, batchAxis: 0, producer: name, node: { layer, inputs: [] }, ...(shape ? {} : { reason: msg('the input shape is not known') }) };
  }

  // ---- Host ----

  call(callee: Value, args: Value[], kw: Map<string, Value>, line: number): Value | undefined {
    if (!isObj(callee)) return undefined;
    if (callee.t === 'ext') return this.callExternal(callee.path, args, kw, line);
    if (callee.t === 'layer' && callee.framework === 'keras') return this.callLayer(callee, args, kw);
    if (callee.t === 'instance' && this.isModelInstance(callee)) return this.callSubclassed(callee, args, kw, line);
    if (callee.t === 'bound' && isObj(callee.self) && callee.self.t === 'instance') return undefined;
    return undefined;
  }

  isModelInstance(v: Value): v is PyInstance {
    return isObj(v) && v.t === 'instance' && this.interp.externalBase(v.cls, (p) => isKerasModelClassPath(p) || isKerasLayerClassPath(p)) !== null;
  }

  private callExternal(path: string, args: Value[], kw: Map<string, Value>, line: number): Value | undefined {
    if (path.startsWith('<op>')) return this.op(path, path === '<op>@' ? matmul(args[0] ?? null, args[1] ?? null) : broadcast(args[0] ?? null, args[1] ?? null), args, line);
    if (!isKerasPath(path)) {
      if (/^(tensorflow|keras\.ops)\./.test(path) && args.some(holdsTensor)) {
        const r = tfOp(path.replace(/^(tensorflow|keras\.ops)\./, ''), args, kw);
        return r === undefined ? undefined : this.op(path, r, args, line);
      }
      return undefined;
    }
    if (/^keras\.ops\./.test(path) && args.some(holdsTensor)) {
      const r = tfOp(path.replace(/^keras\.ops\./, ''), args, kw);
      if (r !== undefined) return this.op(path, r, args, line);
    }
    const std = callStdlib(this.interp, path, args, kw);
    if (std !== undefined) return std;
    const segs = path.split('.');
    const name = segs[segs.length - 1];
    if (name === 'set_image_data_format' || name === 'image_data_format') {
      if (name === 'set_image_data_format') {
        const v = args[0] ?? kw.get('data_format') ?? null;
        // Set under a condition that cannot be decided: from here on, the data format is not known.
        this.imageDataFormat = this.interp.uncertain.length ? unk(msg('the image data format is set under an undecidable condition')) : v;
        return null;
      }
      return this.imageDataFormat;
    }
    if (name === 'Input') {
      const shapeV = kw.get('shape') ?? args[0] ?? kw.get('batch_shape');
      const items = isObj(shapeV ?? null) && ((shapeV as { t: string }).t === 'tuple' || (shapeV as { t: string }).t === 'list') ? (shapeV as { items: Value[] }).items : typeof shapeV === 'number' ? [shapeV] : null;
      const dims = items ? items.map((d) => (d === null ? null : num(d))) : null;
      const shape = dims && kw.has('batch_shape') ? dims.slice(1) : dims;
      const nm = kw.get('name');
      return this.inputTensor(shape, typeof nm === 'string' ? nm : 'input', line);
    }
    if (name === 'Sequential') {
      const list = args[0] ?? kw.get('layers');
      const layers = list === undefined || list === null ? [] : this.interp.iterate(list) ?? [unk(msg('layers from an unknown sequence'))];
      this.noteCalledBefore(layers);
      return this.newModel('Sequential', [...layers], [], null, null, kw, line);
    }
    if (name === 'Model' || name === 'Functional') {
      const ins = kw.get('inputs') ?? args[0];
      const outs = kw.get('outputs') ?? args[1];
      // Inputs as a tensor, a list or tuple, or a dict of them (`inputs={"x": x}`).
      const inItems = ins === undefined ? [] : isTensor(ins) ? [ins] : isObj(ins) && ins.t === 'dict' ? [...ins.map.values()].map(([, v]) => v) : this.interp.iterate(ins) ?? [];
      const inList = inItems.filter(isTensor) as Tensor[];
      if (outs === undefined) return unk(msg('a subclassed or incomplete keras.Model'));
      return this.newModel('Functional', this.graphLayers(outs, inList), inList, outs, null, kw, line);
    }
    if (Object.prototype.hasOwnProperty.call(MERGE_FUNCTIONS, name) && segs.includes('layers')) {
      const layer = this.newLayer(MERGE_FUNCTIONS[name], [], new Map([...kw].filter(([k]) => k !== 'inputs')), line);
      return this.callLayer(layer, [args[0] ?? kw.get('inputs') ?? null], new Map());
    }
    if (segs.includes('layers') && /^[A-Z]/.test(name)) {
      if (Object.prototype.hasOwnProperty.call(catalogs.keras, name)) return this.newLayer(name, args, kw, line);
      // A Keras layer class Layer Lens does not know: a layer all the same, its numbers unknown.
      if (name !== 'Layer') return this.newLayer(name, args, kw, line);
    }
    return undefined;
  }

  /**
   * The layers between inputs and outputs in Keras's `model.layers` order: by depth from the outputs (deepest
   * first), ties broken by the order a depth-first walk from the outputs first meets them.
   */
  private graphLayers(outputs: Value, inputs: Tensor[]): Value[] {
    const flat: Tensor[] = [];
    let cut: string | null = null;
    const collect = (v: Value) => {
      if (isTensor(v)) flat.push(v);
      else if (isObj(v) && (v.t === 'tuple' || v.t === 'list')) v.items.forEach(collect);
      else if (isObj(v) && v.t === 'dict') for (const [, x] of v.map.values()) collect(x);
      else cut ??= isUnk(v) ? v.reason : msg('an output that is not a Keras tensor');
    };
    collect(outputs);
    // A tensor the walk from the outputs cannot trace back (made by an op or a call Layer Lens does not follow):
    // the layers before it are not known, so the model's count is not either (never a silent 0).
    cut ??= untraced(flat, inputs, (t) => t.node);
    const layers: Value[] = layersByDepth(flat, inputs, (t) => t.node, true).filter((l) => l.type !== '<op>');
    // An Input the outputs depend on that is not one of the model's inputs: Keras raises ("graph disconnected").
    const stray = layers.find((l) => isObj(l) && l.t === 'layer' && l.type === 'InputLayer' && !inputs.some((t) => t.node?.layer === l));
    if (stray) cut ??= msg('the outputs depend on an Input that is not one of the model\'s inputs (Keras raises: graph disconnected)');
    if (cut) layers.push(unk(msg('the model\'s graph cannot be traced from its outputs: {0}', cut)));
    return layers;
  }

  /** The result of an op on Keras tensors, linked into the graph so the layers before it stay in the model. */
  private op(path: string, result: Value, args: Value[], line: number): Value {
    const ins: Tensor[] = [];
    const collect = (v: Value) => { if (isTensor(v)) ins.push(v); else if (isObj(v) && (v.t === 'list' || v.t === 'tuple')) v.items.forEach(collect); };
    args.forEach(collect);
    if (!isTensor(result) || !ins.some((t) => t.node)) return result;
    const layer: Layer = { t: 'layer', framework: 'keras', type: '<op>', positional: [], keywords: new Map(), line, id: this.interp.id(), calls: [], paramState: new Map(), name: path };
    return { ...result, node: { layer, inputs: ins } };
  }

  // ---- calling ----

  private compute(layer: Layer, inputs: (Shape | null)[], reason?: string): LayerResult {
    const r = evaluateLayer(catalogs.keras, layer.type,
      { positional: layer.positional.map((a) => toCValue(a)), keywords: kwToC(layer.keywords) }, { inputs, inputReason: reason });
    return r ?? emptyLayerResult(msg('{0} is not in the Layer Lens catalog yet', layer.type));
  }

  /**
   * A layer's numbers as they stand at the end of the build: whether it is frozen is read now, not when it was
   * called (`base.trainable = True` after `base(inputs)` unfreezes it).
   */
  resultOf(layer: Layer, calls?: Call[]): LayerResult {
    if (this.models.has(layer)) return this.modelResult(layer, calls);
    let r = this.results.get(layer) ?? this.compute(layer, [], msg('the layer is never called on a known input'));
    // In one model, the layer's calls in that model give its output shape and cost (it may be shared with another).
    if (calls?.length) r = resultOfCalls(r, calls.map((c) => c.result ?? emptyLayerResult()), calls.map((c) => c.inputs.map((t) => t.shape)));
    return layer.frozen && r.params !== null ? { ...r, trainable: 0, nonTrainable: r.params } : r;
  }

  /**
   * The layers that own the weights of a layer or a nested model's layers, each once (Keras counts a weight once
   * however many models hold it: Layer.weights drops repeats by identity), with its numbers and whether a model
   * between made it frozen. A TimeDistributed owns no weights of its own: they are its inner layer's. `unknown` is
   * set when a layer of a model is not known.
   */
  weightOwners(layer: Layer, out: WeightOwners = { owners: new Map() }, frozen = false): WeightOwners {
    const m = this.models.get(layer);
    if (!m) {
      const inner = layer.type === 'TimeDistributed' ? layer.positional[0] ?? layer.keywords.get('layer') : undefined;
      const key = isObj(inner ?? null) && (inner as Layer).t === 'layer' ? inner as Layer : layer;
      if (!out.owners.has(key)) out.owners.set(key, { name: layer.name ?? layer.type, result: this.resultOf(layer), frozen });
      return out;
    }
    for (const l of m.layers) {
      if (!isObj(l) || l.t !== 'layer') { out.unknown ??= msg('a layer of the model is not known'); continue; }
      if (l.type !== 'InputLayer') this.weightOwners(l, out, frozen || layer.frozen === true);
    }
    return out;
  }

  /** A nested model as one layer: its total params (each weight once), its output. */
  private modelResult(layer: Layer, calls?: Call[]): LayerResult {
    const r = emptyLayerResult();
    let params: number | null = 0, trainable: number | null = 0, nonTrainable: number | null = 0;
    const { owners, unknown } = this.weightOwners(layer);
    if (unknown) { params = trainable = nonTrainable = null; r.unknown.params = unknown; }
    for (const { name, result: lr, frozen } of owners.values()) {
      params = params === null || lr.params === null ? null : params + lr.params;
      const t = frozen && lr.params !== null ? 0 : lr.trainable;
      const n = frozen && lr.params !== null ? lr.params : lr.nonTrainable;
      trainable = trainable === null || t === null ? null : trainable + t;
      nonTrainable = nonTrainable === null || n === null ? null : nonTrainable + n;
      if (lr.params === null) r.unknown.params ??= `${name}: ${lr.unknown.params ?? msg('not known')}`;
    }
    // A model that is not trainable has no trainable weights, whatever its layers say (Keras's trainable_weights).
    if (layer.frozen && params !== null) { trainable = 0; nonTrainable = params; }
    r.params = params; r.trainable = trainable; r.nonTrainable = nonTrainable;
    r.macs = null;
    r.unknown.macs = msg('the cost of a nested model is counted in its own summary');
    const first = this.results.get(layer);
    r.outputShape = first?.outputShape ?? null;
    if (!r.outputShape) r.unknown.outputShape = first?.unknown.outputShape ?? msg('the model is never called on a known input');
    if (!calls?.length) return r;
    const own = resultOfCalls(r, calls.map((c) => c.result ?? emptyLayerResult()), calls.map((c) => c.inputs.map((t) => t.shape)));
    own.macs = null;
    own.unknown.macs = r.unknown.macs;
    return own;
  }

  private callLayer(layer: Layer, args: Value[], kw: Map<string, Value>): Value {
    const model = this.models.get(layer);
    if (layer.type === 'MultiHeadAttention' && !(isObj(args[0] ?? null) && (args[0] as Value & object).t === 'list')) {
      // mha(query, value, key=None): separate arguments, passed on as one list in the order the catalog reads.
      const q = args[0] ?? kw.get('query'), v = args[1] ?? kw.get('value'), k = args[2] ?? kw.get('key');
      if (q !== undefined && v !== undefined) {
        const rest = new Map([...kw].filter(([n]) => n !== 'query' && n !== 'value' && n !== 'key'));
        return this.callLayer(layer, [{ t: 'list', items: [q, v, ...(k !== undefined && k !== null ? [k] : [])] }], rest);
      }
    }
    const arg = args[0] ?? null;
    // An item of a list of inputs that is not a Keras tensor (the output of code Layer Lens does not follow) is an
    // input of unknown shape made by no traced layer: its shape is not guessed from the others, and a model built
    // on the call is not known rather than missing the layers behind it.
    const asInput = (v: Value): Tensor => (isTensor(v) ? v : unknownTensor(isUnk(v) ? v.reason : msg('an input that is not a Keras tensor')));
    const tensors: Tensor[] = isTensor(arg) ? [arg] : isObj(arg) && (arg.t === 'list' || arg.t === 'tuple') ? arg.items.filter((v) => v !== null).map(asInput) : [];
    // Tensors passed by keyword (an RNN's initial_state, constants) are inputs of the call too: the layers that
    // made them belong to the model.
    const byKeyword: Tensor[] = [];
    const collect = (v: Value, d: number, state: boolean) => {
      if (isTensor(v) || (state && isUnk(v))) byKeyword.push(asInput(v));
      else if (d < 4 && isObj(v) && (v.t === 'list' || v.t === 'tuple')) v.items.forEach((x) => collect(x, d + 1, state));
    };
    for (const [k, v] of kw) if (k !== 'training') collect(v, 0, k === 'initial_state' || k === 'constants');
    for (const v of args.slice(1)) collect(v, 0, false);
    if (model) return this.callModel(layer, model, tensors);
    if (!tensors.length) return unknownTensor(msg('the input of {0} is not known', layer.name));
    const shapes = tensors.map((t) => t.shape);
    const reason = tensors.find((t) => t.reason)?.reason;
    const r = this.compute(layer, shapes, reason);
    if (layer.type === 'MultiHeadAttention' && kw.has('return_attention_scores') && truthy(kw.get('return_attention_scores')!) !== false) {
      // mha(q, v, return_attention_scores=True) returns (output, scores): scores are (num_heads, T, S) for sequences
      // of vectors with the default attention axes; otherwise their shape is not worked out.
      const heads = num(layer.keywords.get('num_heads') ?? layer.positional[0] ?? null);
      const [q, v] = shapes;
      const plain = heads !== null && q && v && q.length === 2 && v.length === 2 && !layer.keywords.has('attention_axes') && layer.positional.length < 9;
      if (truthy(kw.get('return_attention_scores')!) === true) r.outputs = [r.outputShape, plain ? [heads, q[0], v[0]] : null];
      else return unknownTensor(msg('whether {0} returns its attention scores is not known', layer.name));
    }
    if (this.firstKnownCall(layer, shapes[0] ?? null)) {
      this.results.set(layer, r);
      this.inputs.set(layer, shapes[0] ?? null);
      this.order.set(layer, this.calls++);
      if (tensors[0].producer) this.producers.set(layer, tensors[0].producer);
      this.check(layer, r, tensors[0]);
    }
    const producer = r.outChannels === null && tensors[0].producer ? tensors[0].producer : layer.name;
    const node = { layer, inputs: byKeyword.length ? [...tensors, ...byKeyword] : tensors, result: r };
    const out = (s: Shape | null): Tensor => ({
      t: 'tensor', shape: s, batchAxis: 0, producer, node,
      ...(s ? {} : { reason: r.unknown.outputShape ?? msg('the output of {0} is not known', layer.name) }),
    });
    return this.noteCall(layer, r.outputs && r.outputs.length > 1 ? { t: 'list', items: r.outputs.map(out) } : out(r.outputShape));
  }

  private noteCall(layer: Layer, output: Value): Value {
    const n = (this.callCounts.get(layer) ?? 0) + 1;
    this.callCounts.set(layer, n);
    if (n === 1) this.firstOutputs.set(layer, output);
    return output;
  }

  /**
   * `layer.output`: what the layer's first call returned (Keras 3's node 0). A layer of a Sequential: its output in the
   * Sequential's own build on its stated input, which Keras makes when it constructs the Sequential (not known for a
   * layer of two Sequentials or called before it joined one). Any other layer: what its only call returned (called
   * more than once, tf.keras 2 raises and Keras 3 gives a first call Layer Lens may not see first).
   */
  private layerOutput(layer: Layer): Value {
    const seqs = [...this.models].filter(([, m]) => m.kind === 'Sequential' && m.layers.includes(layer));
    if (seqs.length) {
      if (seqs.length > 1 || this.calledBefore.has(layer)) return unk(msg('the output of a layer of a Sequential'));
      return this.ownBuild(seqs[0][0])?.outputs.get(layer) ?? unk(msg('the output of a layer of a Sequential that states no input'));
    }
    const n = this.callCounts.get(layer) ?? 0;
    if (n === 0) return unk(msg('{0} is not called before its output is read', layer.name));
    if (n > 1) return unk(msg('{0} is called more than once, so its output is ambiguous', layer.name));
    return this.firstOutputs.get(layer) ?? unk(msg('the output of {0} is not known', layer.name));
  }

  /** Layers called before they joined a Sequential: their first output is not the Sequential's own build. */
  private calledBefore = new Set<Layer>();
  private noteCalledBefore(layers: Value[]): void {
    for (const l of layers) if (isObj(l) && l.t === 'layer' && (this.callCounts.get(l) ?? 0) > 0) this.calledBefore.add(l);
  }

  /** Sequentials built on their own stated input (`model.input`, `model.output`, `layer.output`), once each. */
  private ownBuilds = new Map<Layer, { input: Tensor; output: Value; outputs: Map<Layer, Value> } | null>();

  private ownBuild(layer: Layer): { input: Tensor; output: Value; outputs: Map<Layer, Value> } | null {
    if (this.ownBuilds.has(layer)) return this.ownBuilds.get(layer)!;
    this.ownBuilds.set(layer, null);
    const m = this.models.get(layer);
    if (!m || m.kind !== 'Sequential') return null;
    const first = m.layers[0] ?? null;
    let input: Tensor | null = isTensor(first) ? first : null;
    if (!input) {
      const shape = m.declaredInput ?? this.sequentialInput(m);
      if (shape) input = this.inputTensor(shape, 'input', layer.line);
    }
    if (!input) return null;
    const outputs = new Map<Layer, Value>();
    let x: Value = input;
    for (const l of sequentialLayers(m.layers)) {
      if (!isObj(l) || l.t !== 'layer') { x = unknownTensor(msg('a layer of the model is not known')); continue; }
      if (l.type === 'InputLayer') continue;
      x = this.interp.callValue(l, [x], new Map(), l.line);
      outputs.set(l, x);
    }
    const built = { input, output: x, outputs };
    this.ownBuilds.set(layer, built);
    return built;
  }

  /** Whether this call is the one to record: the first, or the first on a known input after unknown ones. */
  private firstKnownCall(layer: Layer, input: Shape | null): boolean {
    if (!this.results.has(layer)) return true;
    return this.inputs.get(layer) === null && input !== null;
  }

  private check(layer: Layer, r: LayerResult, input: Tensor): void {
    if (!input.shape) return;
    for (const e of r.expects ?? []) {
      const i = e.axis < 0 ? input.shape.length + e.axis : e.axis;
      const got = input.shape[i];
      if (got === null || got === undefined || got === e.size) continue;
      const message = input.producer
        ? msg('{0} expects {1} {2} but {3} outputs {4}', layer.name, e.size, e.what, input.producer, got)
        : msg('{0} expects {1} {2} but its input has {3}', layer.name, e.size, e.what, got);
      this.diagnostics.push({ line: layer.line, layer, fix: got, message });
    }
    if (r.error) this.diagnostics.push({ line: layer.line, layer, message: `${layer.name}: ${r.error}` });
  }

  /** Builds a Sequential on an input: chains its layers. */
  buildSequential(model: KerasModel, input: Tensor): Value {
    let x: Value = input;
    for (const l of model.layers) {
      if (!isObj(l) || (l.t !== 'layer' && l.t !== 'instance')) { x = unknownTensor(msg('a layer of the model is not known')); continue; }
      if (l.t === 'layer' && l.type === 'InputLayer') continue;
      x = this.interp.callValue(l, [x], new Map(), isObj(l) && 'line' in l ? l.line : 0);
    }
    return x;
  }

  /** The declared input of a Sequential (first layer's input_shape, an InputLayer, or a keras.Input element). */
  sequentialInput(model: KerasModel): Shape | null | undefined {
    const first = model.layers[0];
    if (isTensor(first ?? null)) return (first as Tensor).shape;
    if (isObj(first ?? null) && (first as Layer).t === 'layer') {
      const inner = this.models.get(first as Layer);
      if (inner) return inner.kind === 'Sequential' ? inner.declaredInput ?? this.sequentialInput(inner) : inner.inputs[0]?.shape;
      return this.declaredShape(first as Layer);
    }
    return undefined;
  }

  private callModel(layer: Layer, model: KerasModel, tensors: Tensor[]): Value {
    const input = tensors[0];
    // Called on something that is not a Keras tensor (an output Layer Lens did not follow): no node links the
    // call to the layers before it, so a model built on its output is not known rather than missing them.
    if (!input) return unknownTensor(msg('the model is called on an unknown input'));
    if (model.kind === 'Sequential' && isTensor(model.layers[0] ?? null)) {
      // A Sequential that starts with a keras.Input keeps that input as its own, also when it is first called as a layer.
      model.declaredInput = (model.layers[0] as Tensor).shape; model.layers = model.layers.slice(1);
    }
    // A functional model with several outputs (a list or tuple of tensors) returns as many tensors, each made by this call.
    const several = model.kind === 'Functional' && isObj(model.outputs) && (model.outputs.t === 'list' || model.outputs.t === 'tuple')
      && model.outputs.items.length > 0 && model.outputs.items.every(isTensor) ? model.outputs : null;
    const outs: Value[] = model.kind === 'Sequential' ? [this.buildSequential(model, input)]
      : several ? several.items
      : [isTensor(model.outputs) ? model.outputs : unknownTensor(msg('the output of a functional model that is not a tensor or a list of tensors'))];
    const r = emptyLayerResult();
    const shapes = outs.map((o) => (isTensor(o) ? o.shape : null));
    r.outputShape = shapes[0];
    if (several) r.outputs = shapes;
    if (this.firstKnownCall(layer, input.shape)) {
      this.results.set(layer, r);
      this.inputs.set(layer, input.shape);
      this.order.set(layer, this.calls++);
    }
    const node = { layer, inputs: tensors, result: r };
    const linked = outs.map((o) => (isTensor(o) ? { ...o, producer: layer.name, node } : o));
    return this.noteCall(layer, several ? { t: several.t, items: linked } : linked[0]);
  }

  private callSubclassed(inst: PyInstance, args: Value[], kw: Map<string, Value>, line: number): Value {
    const call = this.interp.classAttr(inst.cls, 'call');
    if (!call || !isObj(call) || call.t !== 'func') return unknownTensor(msg('{0} has no call() Layer Lens can follow', inst.cls.name));
    const training = new Map([...kw].filter(([k]) => k !== 'training' && k !== 'mask'));
    const paramNames = this.interp.paramsOf(call).map((p) => p.name);
    if (paramNames.includes('training') && kw.has('training')) training.set('training', kw.get('training')!);
    return this.interp.callFunction(call, [inst, ...args], training, line, inst);
  }

  // ---- attributes ----

  getAttr(obj: Value, name: string): Value | undefined {
    if (!isObj(obj)) return undefined;
    if (obj.t === 'layer' && obj.framework === 'keras') return this.layerAttr(obj, name);
    if (obj.t === 'instance' && this.isModelInstance(obj)) {
      if (obj.attrs.has(name) || this.interp.classAttr(obj.cls, name) !== undefined) return undefined;
      return this.modelMethod(obj, name);
    }
    if (obj.t === 'tensor' && obj.node !== undefined || obj.t === 'tensor') {
      if (name === 'shape') return { t: 'tuple', items: [null, ...(obj.shape ?? []).map((d) => d)] };
    }
    return undefined;
  }

  private fn(name: string, call: (args: Value[], kw: Map<string, Value>) => Value): PyBuiltin {
    return { t: 'builtin', name, call: (a, k) => call(a, k) };
  }

  private layerAttr(layer: Layer, name: string): Value | undefined {
    const model = this.models.get(layer);
    if (model) {
      switch (name) {
        case 'add': return this.fn(name, (a) => { this.noteCalledBefore([a[0] ?? null]); this.ownBuilds.delete(layer); model.layers.push(a[0] ?? null); return null; });
        case 'pop': return this.fn(name, () => { this.ownBuilds.delete(layer); return model.layers.pop() ?? null; });
        // Keras's `model.layers`: a functional model lists its InputLayers (deepest first, as the other layers);
        // a Sequential leaves out the InputLayer it starts with.
        case 'layers': return { t: 'list', items: model.kind === 'Sequential' ? sequentialLayers(model.layers) : [...model.layers] };
        // A model with several inputs or outputs gives them as a list (Keras's `model.input[0]`); a Sequential, those of
        // its build on its own stated input.
        case 'output': case 'outputs': {
          if (model.kind === 'Sequential') {
            const b = this.ownBuild(layer);
            if (!b) return unk(msg('the output of a Sequential that states no input'));
            return name === 'outputs' ? { t: 'list', items: [b.output] } : b.output;
          }
          if (name === 'outputs') return isTensor(model.outputs) ? { t: 'list', items: [model.outputs] } : isObj(model.outputs) && model.outputs.t === 'list' ? model.outputs : unk(msg('the model output'));
          return isTensor(model.outputs) || (isObj(model.outputs) && model.outputs.t === 'list') ? model.outputs : unk(msg('the model output'));
        }
        case 'input': case 'inputs': {
          const ins = model.kind === 'Sequential' ? (this.ownBuild(layer) ? [this.ownBuild(layer)!.input] : null) : model.inputs;
          if (!ins || !ins.length) return unk(msg('the model input'));
          return name === 'inputs' || ins.length > 1 ? { t: 'list', items: [...ins] } : ins[0];
        }
        // get_layer(name=None, index=None): by name, else by position in `model.layers`.
        case 'get_layer': return this.fn(name, (a, kw) => {
          const list = model.kind === 'Sequential' ? sequentialLayers(model.layers) : model.layers;
          const key = a[0] ?? kw.get('name') ?? null;
          const index = a[1] ?? kw.get('index') ?? null;
          if (typeof key === 'string') {
            if (list.some((l) => !isObj(l) || l.t !== 'layer')) return unk(msg('a layer of the model is not known'));
            return list.find((l) => isObj(l) && l.t === 'layer' && l.name === key) ?? unk(msg('no layer named {0}', key));
          }
          if (key === null && typeof index === 'number' && Number.isInteger(index)) return list[index] ?? unk(msg('no layer at index {0}', index));
          return unk(msg('get_layer() of a layer name or index that is not known'));
        });
        case 'build': return this.fn(name, (a, kw) => {
          const s = a[0] ?? kw.get('input_shape');
          const items = isObj(s ?? null) && ((s as { t: string }).t === 'tuple' || (s as { t: string }).t === 'list') ? (s as { items: Value[] }).items : null;
          if (items && model.kind === 'Sequential') model.declaredInput = items.slice(1).map((d) => (d === null ? null : num(d)));
          return null;
        });
        case 'trainable': return !layer.frozen;
        case 'name': return layer.name ?? '';
      }
      return this.fn(name, () => unk(msg('model.{0}() is not evaluated', name)));
    }
    switch (name) {
      case 'name': return layer.name ?? '';
      case 'trainable': return !layer.frozen;
      case 'output': return this.layerOutput(layer);
      case 'input': return unk(`layer.${name}`);
    }
    return undefined;
  }

  private modelMethod(inst: PyInstance, name: string): Value | undefined {
    switch (name) {
      case 'build': return this.fn(name, (a, kw) => {
        const s = a[0] ?? kw.get('input_shape');
        const items = isObj(s ?? null) && ((s as { t: string }).t === 'tuple' || (s as { t: string }).t === 'list') ? (s as { items: Value[] }).items : null;
        if (items) inst.attrs.set('__built_shape__', { t: 'tuple', items: items.slice(1) });
        return null;
      });
      case 'compile': case 'fit': case 'summary': case 'evaluate': case 'predict': case 'save': case 'load_weights': case 'save_weights':
        return this.fn(name, () => unk(msg('model.{0}() is not evaluated', name)));
    }
    return undefined;
  }

  setAttr(obj: Value, name: string, value: Value): boolean {
    if (!isObj(obj)) return false;
    if (obj.t === 'layer' && obj.framework === 'keras') {
      if (name === 'trainable') this.setTrainable(obj, truthy(value) !== false);
      return true;
    }
    if (obj.t === 'instance' && this.isModelInstance(obj)) {
      obj.attrs.set(name, value);
      if (isObj(value) && value.t === 'layer' && value.framework === 'keras') value.attr ??= name;
      const list = this.tracked.get(obj) ?? [];
      // An attribute whose value is not known may be a layer or a model: its weights are not known, never dropped.
      const add = (v: Value) => { if ((isObj(v) && (v.t === 'layer' && v.framework === 'keras' || this.isModelInstance(v)) || isUnk(v)) && !list.includes(v)) list.push(v); };
      add(value);
      if (isObj(value) && (value.t === 'list' || value.t === 'tuple')) value.items.forEach(add);
      this.tracked.set(obj, list);
      if (name === 'trainable') for (const l of list) if (isObj(l) && l.t === 'layer') this.setTrainable(l, truthy(value) !== false);
      return true;
    }
    return false;
  }

  private setTrainable(layer: Layer, trainable: boolean): void {
    layer.frozen = !trainable;
    const m = this.models.get(layer);
    if (m) for (const l of m.layers) if (isObj(l) && l.t === 'layer') this.setTrainable(l, trainable);
  }

  superAttr(base: string, self: Value, name: string): Value | undefined {
    if (!isKerasPath(base) || name !== '__init__') return undefined;
    return this.fn('__init__', () => null);
  }

  iterate(obj: Value): Value[] | undefined {
    if (isObj(obj) && obj.t === 'layer' && this.models.has(obj)) {
      const m = this.models.get(obj)!;
      return m.kind === 'Sequential' ? sequentialLayers(m.layers) : [...m.layers];
    }
    return undefined;
  }

  index(obj: Value, key: Value): Value | undefined {
    if (isObj(obj) && obj.t === 'tensor' && obj.node !== undefined) return unknownTensor(msg('slicing a Keras tensor is not followed'));
    void key;
    return undefined;
  }


}

/** A tensor, or a list / tuple with one (`tf.concat([a, b], -1)`). */
function holdsTensor(v: Value): boolean {
  return isTensor(v) || (isObj(v) && (v.t === 'list' || v.t === 'tuple') && v.items.some(isTensor));
}

/** A Sequential's `layers` as Keras gives them: without the `keras.Input` or InputLayer it starts with. */
function sequentialLayers(layers: Value[]): Value[] {
  const first = layers[0] ?? null;
  const isInput = isTensor(first) || (isObj(first) && first.t === 'layer' && first.type === 'InputLayer');
  return isInput ? layers.slice(1) : [...layers];
}

const ELEMENTWISE = /^(nn\.(relu|relu6|elu|selu|gelu|silu|swish|sigmoid|tanh|softmax|log_softmax|leaky_relu|dropout|l2_normalize)|math\.(abs|exp|log|sqrt|square|sigmoid|tanh|negative|sign|add|subtract|multiply|divide|maximum|minimum|pow)|identity|cast|stop_gradient|abs|exp|sqrt|square|sigmoid|tanh|relu|add|subtract|multiply|divide|maximum|minimum|clip_by_value)$/;

/** Shape effects of TensorFlow / keras.ops functions on tensors; undefined when not known. */
function tfOp(name: string, args: Value[], kw: Map<string, Value>): Value | undefined {
  const x = args[0];
  if (ELEMENTWISE.test(name)) {
    const ts = args.filter(isTensor);
    // An operand that is not known (a custom layer's weight) may be a tensor of another shape: unknown.
    const u = args.find((a) => isUnk(a));
    if (u && isUnk(u)) return unknownTensor(msg('an elementwise op with {0}', u.reason));
    return ts.length > 1 ? broadcast(ts[0], ts[1]) : ts[0] ?? x;
  }
  const axisArg = (i: number, key = 'axis') => args[i] ?? kw.get(key) ?? null;
  switch (name) {
    case 'concat': case 'concatenate': {
      const items = isObj(x ?? null) && ((x as { t: string }).t === 'list' || (x as { t: string }).t === 'tuple') ? (x as { items: Value[] }).items : [];
      return concat(items, axisArg(1) ?? -1, false);
    }
    case 'stack': {
      const items = isObj(x ?? null) && ((x as { t: string }).t === 'list' || (x as { t: string }).t === 'tuple') ? (x as { items: Value[] }).items : [];
      return concat(items, axisArg(1) ?? 0, true);
    }
    case 'reshape': return isTensor(x ?? null) ? reshapeTf(x as Tensor, args[1] ?? kw.get('shape') ?? null) : undefined;
    case 'reduce_mean': case 'reduce_sum': case 'reduce_max': case 'reduce_min': case 'mean': case 'sum': case 'max': case 'min':
      return isTensor(x ?? null) ? reduce(x as Tensor, axisArg(1) ?? undefined, kw.get('keepdims') ?? args[2] ?? false) : undefined;
    case 'squeeze': return isTensor(x ?? null) ? squeeze(x as Tensor, axisArg(1) ?? undefined) : undefined;
    case 'expand_dims': return isTensor(x ?? null) ? unsqueeze(x as Tensor, axisArg(1) ?? 0) : undefined;
    case 'transpose': {
      const perm = args[1] ?? kw.get('perm') ?? kw.get('axes');
      if (!isTensor(x ?? null) || !perm) return undefined;
      return permute(x as Tensor, [perm]);
    }
  }
  return undefined;
}

/** tf.reshape(x, [-1, 7, 7, 64]): the shape includes the batch dim. */
function reshapeTf(t: Tensor, shape: Value): Value {
  const s = full(t);
  const items = isObj(shape) && (shape.t === 'list' || shape.t === 'tuple') ? shape.items : null;
  if (!s || !items) return unknownTensor(msg('tf.reshape to an unknown shape'));
  return reshape(t, items);
}
