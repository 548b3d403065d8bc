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
import { layersByDepth, untraced, untracedConsumers, resultOfCalls } from '../core/graph';
import { type Weight, snakeCase, parseWeight, weightTensor, shapeValue, opMacs, hasSyntaxError } from './keras-custom';

/** The layers owning a model's weights, each once (see KerasHost.weightOwners). */
export interface WeightOwners {
  owners: Map<Layer, { name: string; result: LayerResult; frozen: boolean }>;
  unknown?: string;
}

/** One call of a layer in a traced graph. */
export type Call = NonNullable<Tensor['node']>;
import { msg } from '../core/l10n';
import { isApplication, applicationName, applicationResult } from './keras-apps';
import type { Cfg } from '../core/catalog/types';

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

/** What Keras knows of a custom layer or model instance (a subclass of keras.layers.Layer or keras.Model). */
interface Custom {
  /** The layer as the graph and the report see it: its class name as type, its Keras name. */
  layer: Layer;
  /** Weights made by add_weight, in order. */
  weights: Weight[];
  /** build() has run (or `self.built = True`). */
  built: boolean;
  /** `trainable=` given to the base constructor: true, false, or null when not known. */
  trainableArg: boolean | null;
  /** `input_shape=` given to the base constructor (a Sequential's first layer). */
  declared?: Shape | null;
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
  /** Custom layers and models of the session, and the instance behind each one's layer. */
  private customs = new Map<PyInstance, Custom>();
  private customOf = new Map<Layer, PyInstance>();


  // ---- construction ----

  private autoName(type: string): string {
    return this.drawName(kerasAutoName(type));
  }

  private drawName(base: string): string {
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
    if (canonical === 'Bidirectional') {
      // Bidirectional builds its two directions from the wrapped layer's config when it is constructed: they train
      // as that layer did then, whatever is set on it later.
      const copy = (v: Value): Value => (isObj(v) && v.t === 'layer' && v.framework === 'keras' && !this.models.has(v) ? { ...v } : v);
      args = args.map((a, i) => (i === 0 || i === 3 ? copy(a) : a));
      kw = new Map([...kw].map(([k, v]) => [k, k === 'layer' || k === 'backward_layer' ? copy(v) : v]));
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

  /** The input and output of each application's own build (`base.input`, `base.output`). */
  private applicationBuilds = new Map<Layer, { input: Value; output: Value }>();

  /** keras.applications models made in this analysis (keras-apps.ts). */
  private applications = new Set<Layer>();

  /** `keras.applications.MobileNetV2(input_shape=…, include_top=False)`: one layer, its weights unknown. */
  private newApplication(type: string, args: Value[], kw: Map<string, Value>, line: number): Layer {
    const name = kw.get('name');
    const layer: Layer = {
      t: 'layer', framework: 'keras', type, positional: args, keywords: kw, line, id: this.interp.id(),
      calls: [], paramState: new Map(),
      name: typeof name === 'string' ? name : applicationName(type, kwToC(kw) as Cfg),
    };
    const file = this.interp.foreignFile();
    if (file) layer.file = file;
    if (this.interp.uncertain.length) layer.conditional = this.interp.uncertain[this.interp.uncertain.length - 1];
    this.applications.add(layer);
    return layer;
  }

  /** Whether the value is a keras.applications model (one layer here: `base = keras.applications.ResNet50()`). */
  isApplication(v: Value): v is Layer {
    return isObj(v) && v.t === 'layer' && this.applications.has(v);
  }

  /** The application as Keras builds it when it is made: on its input_tensor or an Input of its input_shape. */
  applicationBuild(layer: Layer): { input: Value; output: Value } {
    let own = this.applicationBuilds.get(layer);
    if (!own) {
      const input = this.applicationInput(layer);
      own = { input, output: isTensor(input) ? this.callLayer(layer, [input], new Map()) : unk(msg('the output of {0} is not known', layer.name ?? layer.type)) };
      this.applicationBuilds.set(layer, own);
    }
    return own;
  }

  /** What an application is built on: `input_tensor`, else an Input of its `input_shape` (`base.input`). */
  private applicationInput(layer: Layer): Value {
    const given = layer.keywords.get('input_tensor');
    if (given !== undefined && given !== null) return given;
    const shape = this.declaredShape(layer);
    return shape ? this.inputTensor(shape, 'input', layer.line) : unk(msg('{0} states no input_shape', layer.name ?? layer.type));
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
    if (callee.t === 'instance' && this.isModelInstance(callee)) return this.callCustom(callee, args, kw, line);
    if (callee.t === 'bound' && this.isModelInstance(callee.self)) {
      // `self.build(shape)` written in the code: Keras does not build the layer again when it is first called.
      if (isObj(callee.fn) && callee.fn.t === 'func' && callee.fn.name === 'build') this.custom(callee.self).built = true;
      return undefined;
    }
    return undefined;
  }

  /** An instance of a subclass of keras.Model or keras.layers.Layer (a custom layer). */
  isModelInstance(v: Value): v is PyInstance {
    return isObj(v) && v.t === 'instance' && this.interp.externalBase(v.cls, (p) => isKerasModelClassPath(p) || isKerasLayerClassPath(p)) !== null;
  }

  /** An instance of a subclass of keras.Model (a model, not only a layer). */
  isModelObject(v: Value): v is PyInstance {
    return isObj(v) && v.t === 'instance' && this.interp.externalBase(v.cls, isKerasModelClassPath) !== null;
  }

  private callExternal(path: string, args: Value[], kw: Map<string, Value>, line: number): Value | undefined {
    if (/^(keras\.ops|tensorflow|tensorflow\.experimental\.numpy)\.(arange|range)$/.test(path)) return arange(args, kw);
    if (path.startsWith('<op>')) return this.op(path, path === '<op>@' ? matmul(args[0] ?? null, args[1] ?? null) : broadcast(args[0] ?? null, args[1] ?? null), args, line);
    if (!isKerasPath(path)) {
      if (/^(tensorflow|keras\.ops)\./.test(path) && args.some(holdsTensor)) {
        const r = tfOp(path.replace(/^(tensorflow|keras\.ops)\./, ''), args, kw);
        return r === undefined ? undefined : this.op(path, r, args, line);
      }
      return undefined;
    }
    // keras.activations.get('relu') is the function keras.activations.relu; get(None) the identity, get(fn) fn.
    if (/\.activations\.get$/.test(path) && args.length === 1 && kw.size === 0) {
      const a = args[0];
      if (typeof a === 'string' && /^[a-z_][a-z0-9_]*$/.test(a)) return { t: 'ext', path: path.replace(/get$/, a) };
      if (a === null) return { t: 'ext', path: path.replace(/get$/, 'linear') };
      if (isObj(a) && a.t === 'ext' && /\.activations\.\w+$/.test(a.path)) return a;
    }
    // keras.activations.relu(x) …: elementwise, the shape of x.
    if (/\.activations\.(?!get$|serialize$|deserialize$)\w+$/.test(path) && isTensor(args[0] ?? null)) return this.op(path, { ...(args[0] as Tensor) }, args, line);
    // keras.applications.<family>.preprocess_input(x): scales, centres or flips channels of the images; the shape of x.
    if (/\.applications\.\w+\.preprocess_input$/.test(path) && isTensor(args[0] ?? kw.get('x') ?? null)) return this.op(path, { ...((args[0] ?? kw.get('x')) as Tensor) }, args, line);
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
      const inItems = ins === undefined ? [] : isTensor(ins) ? [ins] : isObj(ins) && ins.t === 'dict' ? dictValues(ins) : this.interp.iterate(ins) ?? [];
      const inList = inItems.filter(isTensor) as Tensor[];
      if (outs === undefined) return unk(msg('a subclassed or incomplete keras.Model'));
      return this.newModel('Functional', this.graphLayers(outs, inList), inList, outs, null, kw, line);
    }
    if (segs.includes('applications') && isApplication(name)) return this.newApplication(name, args, kw, line);
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
      else if (isObj(v) && v.t === 'dict') dictValues(v).forEach(collect);
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
    if (cut) {
      // The unknown part comes before the first layer that is called on it.
      const joins = untracedConsumers(flat, inputs, (t) => t.node);
      const at = layers.findIndex((l) => isObj(l) && l.t === 'layer' && joins.has(l));
      layers.splice(at < 0 ? layers.length : at, 0, unk(msg('the model\'s graph cannot be traced from its outputs: {0}', cut)));
    }
    return layers;
  }

  /** The result of an op on Keras tensors, linked into the graph so the layers before it stay in the model. */
  private op(path: string, result: Value, args: Value[], line: number): Value {
    const ins: Tensor[] = [];
    const collect = (v: Value) => { if (isTensor(v)) ins.push(v); else if (isObj(v) && (v.t === 'list' || v.t === 'tuple')) v.items.forEach(collect); };
    args.forEach(collect);
    if (!isTensor(result) || !ins.some((t) => t.node)) return result;
    const layer: Layer = { t: 'layer', framework: 'keras', type: '<op>', positional: [], keywords: new Map(), line, id: this.interp.id(), calls: [], paramState: new Map(), name: path };
    const cost = emptyLayerResult();
    cost.macs = opMacs(path, result, args);
    if (cost.macs === null) cost.unknown.macs = msg('the cost of {0} on these shapes is not known', path.replace(/^<op>/, ''));
    return { ...result, node: { layer, inputs: ins, result: cost } };
  }

  // ---- calling ----

  private compute(layer: Layer, inputs: (Shape | null)[], reason?: string): LayerResult {
    if (this.applications.has(layer)) {
      if (layer.positional.length) return emptyLayerResult(msg('positional arguments of keras.applications.{0} are not followed', layer.type));
      const format = layer.keywords.has('data_format') ? null : this.imageDataFormat === 'channels_last' ? false : this.imageDataFormat === 'channels_first' ? true : null;
      return applicationResult(layer.type, kwToC(layer.keywords) as Cfg, inputs[0] ?? null, reason, format);
    }
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
    const inst = this.customOf.get(layer);
    if (inst) return this.customResult(inst, calls);
    let r = this.results.get(layer) ?? this.compute(layer, [], msg('the layer is never called on a known input'));
    // In one model, the layer's calls in that model give its output shape and cost (it may be shared with another).
    if (calls?.length) r = resultOfCalls(r, calls.map((c) => c.result ?? emptyLayerResult()), calls.map((c) => c.inputs.map((t) => t.shape)));
    if ((layer.type === 'RNN' || layer.type === 'TimeDistributed') && r.params !== null) {
      // Its cell or wrapped layer is held, not copied: it trains as it is set at the end (`cell.trainable = False`).
      const now = this.compute(layer, [this.inputs.get(layer) ?? null]);
      if (now.params === r.params) r = { ...r, trainable: now.trainable, nonTrainable: now.nonTrainable, unknown: { ...r.unknown, ...pick(now.unknown, ['trainable', 'nonTrainable']) } };
    }
    // A frozen keras.applications model has no trainable weights (Keras's trainable_weights), however many it holds.
    if (layer.frozen && r.params === null && this.applications.has(layer)) {
      const unknown = { ...r.unknown };
      delete unknown.trainable;
      return { ...r, trainable: 0, unknown };
    }
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
      // A TimeDistributed's weights are its layer's, an RNN's its cell's: two of them holding one object share them.
      const inner = layer.type === 'TimeDistributed' ? layer.positional[0] ?? layer.keywords.get('layer')
        : layer.type === 'RNN' ? layer.positional[0] ?? layer.keywords.get('cell') : undefined;
      const key = isObj(inner ?? null) && (inner as Layer).t === 'layer' ? inner as Layer : layer;
      if (!out.owners.has(key)) out.owners.set(key, { name: layer.name ?? layer.type, result: this.resultOf(layer), frozen });
      return out;
    }
    for (const item of m.layers) {
      // A custom layer is one row of its own (its weights are its sublayers' and add_weight's).
      const l = this.isModelInstance(item) ? this.customLayer(item) : item;
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
    // So is a single input that is the output of such code: the layer is still in the model, after an unknown part.
    const tensors: Tensor[] = isTensor(arg) ? [arg] : isUnk(arg) ? [asInput(arg)]
      : isObj(arg) && (arg.t === 'list' || arg.t === 'tuple') ? arg.items.filter((v) => v !== null).map(asInput) : [];
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
    if (tensors.some((t) => t.batchAxis < 0 && t.shape?.length)) return this.callUnbatched(layer, tensors);
    const shapes = tensors.map((t) => t.shape);
    const reason = tensors.find((t) => t.reason)?.reason;
    const r = this.compute(layer, shapes, reason);
    if (layer.type === 'MultiHeadAttention' && !this.results.has(layer)) {
      // Keras builds it on its first call, making an unnamed Softmax and Dropout (`_build_attention`): they draw the
      // automatic names `softmax` and `dropout`, which later layers of those types then skip.
      this.drawName('softmax');
      this.drawName('dropout');
    }
    if (layer.type === 'MultiHeadAttention' && kw.has('return_attention_scores') && truthy(kw.get('return_attention_scores')!) !== false) {
      // mha(q, v, return_attention_scores=True) returns (output, scores): scores are (num_heads, T, S) for sequences
      // of vectors with the default attention axes; otherwise their shape is not worked out.
      const heads = num(layer.keywords.get('num_heads') ?? layer.positional[0] ?? null);
      const [q, v] = shapes;
      const plain = heads !== null && q && v && q.length === 2 && v.length === 2 && !layer.keywords.has('attention_axes') && layer.positional.length < 9;
      if (truthy(kw.get('return_attention_scores')!) === true) r.outputs = [r.outputShape, plain ? [heads, q[0], v[0]] : null];
      else return unknownTensor(msg('whether {0} returns its attention scores is not known', layer.name));
    }
    if ((layer.type === 'Attention' || layer.type === 'AdditiveAttention') && kw.has('return_attention_scores') && truthy(kw.get('return_attention_scores')!) !== false) {
      // attention([q, v], return_attention_scores=True) returns (output, scores): scores are (Tq, Tv) for sequences of
      // vectors; otherwise their shape is not worked out.
      const [q, v, k] = shapes;
      const key = shapes.length === 3 ? k : v;
      if (truthy(kw.get('return_attention_scores')!) === true) r.outputs = [r.outputShape, q && key && q.length === 2 && key.length === 2 ? [q[0], key[0]] : null];
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
    if (seqs.length > 1 && !this.calledBefore.has(layer)) {
      // Of several Sequentials holding the layer, only one that states an input (Keras builds it when it is made) or
      // that was called adds a node to the layer; the others add none. One such Sequential, and no other call of the
      // layer: its output in that build (Keras's node 0, and tf.keras 2's only node).
      // (tf.keras 2 gives an Embedding an input shape of its own, so a Sequential starting with one builds there.)
      const building = seqs.filter(([l, m]) => m.declaredInput !== null || this.sequentialInput(m) !== undefined
        || (this.callCounts.get(l) ?? 0) > 0 || (isObj(m.layers[0] ?? null) && (m.layers[0] as Layer).t === 'layer' && (m.layers[0] as Layer).type === 'Embedding'));
      if (building.length !== 1) return unk(msg('the output of a layer of a Sequential'));
      const owner = building[0][0];
      const before = this.ownBuilds.get(owner) ? 1 : 0;
      if ((this.callCounts.get(layer) ?? 0) !== before) return unk(msg('the output of a layer of a Sequential'));
      return this.ownBuild(owner)?.outputs.get(layer) ?? unk(msg('the output of a layer of a Sequential'));
    }
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

  /**
   * A layer called on tensors without a batch dim (positions from `ops.arange` in a custom layer): their first
   * dim plays the batch. The result is a constant of the call, outside any graph; its cost is per batch, not per
   * sample, so a layer that costs something leaves the cost of what uses it unknown.
   */
  private callUnbatched(layer: Layer, tensors: Tensor[]): Value {
    if (!tensors.every((t) => t.batchAxis < 0 && t.shape?.length)) return unknownTensor(msg('{0} is called on tensors with and without a batch dimension', layer.name));
    const lead = tensors[0].shape![0];
    const r = this.compute(layer, tensors.map((t) => t.shape!.slice(1)));
    if (!this.results.has(layer)) {
      // Recorded as called (its weights exist); its output shape is that of this call.
      this.results.set(layer, r);
      this.inputs.set(layer, tensors[0].shape);
      this.order.set(layer, this.calls++);
    }
    const costly = r.macs === 0 ? undefined : `${layer.name} runs once per batch on a tensor without a batch dimension`;
    const out = (s: Shape | null): Tensor => ({
      t: 'tensor', shape: s ? [lead, ...s] : null, batchAxis: -1, producer: layer.name, ...(costly ? { costly } : {}),
      ...(s ? {} : { reason: r.unknown.outputShape ?? msg('the output of {0} is not known', layer.name) }),
    });
    if (r.outputs && r.outputs.length > 1) return { t: 'list', items: r.outputs.map(out) };
    return out(r.outputShape);
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
    if (this.isModelInstance(first ?? null)) return this.custom(first as PyInstance).declared;
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
    // The cost of this call (a model called inside a custom layer counts in that layer's cost).
    const out = outs[0];
    const cost = model.kind === 'Sequential'
      ? (isTensor(out) ? this.innerCost([out], [input]) : { macs: null, why: msg('the model is called on an unknown input') })
      : this.innerCost(flatTensors(model.outputs), model.inputs);
    r.macs = cost.macs;
    if (cost.macs === null) r.unknown.macs = cost.why;
    if (this.firstKnownCall(layer, input.shape)) {
      this.results.set(layer, r);
      this.inputs.set(layer, input.shape);
      this.order.set(layer, this.calls++);
    }
    const node = { layer, inputs: tensors, result: r };
    const linked = outs.map((o) => (isTensor(o) ? { ...o, producer: layer.name, node } : o));
    return this.noteCall(layer, several ? { t: several.t, items: linked } : linked[0]);
  }

  // ---- custom layers and models (subclasses of keras.layers.Layer / keras.Model) ----

  /** What the session knows of a custom instance, made on first need. */
  private custom(inst: PyInstance): Custom {
    let c = this.customs.get(inst);
    if (!c) {
      const layer: Layer = {
        t: 'layer', framework: 'keras', type: inst.cls.name, positional: [], keywords: new Map(), line: inst.line, id: this.interp.id(),
        calls: [], paramState: new Map(),
      };
      if (inst.file) layer.file = inst.file;
      if (this.interp.uncertain.length) layer.conditional = this.interp.uncertain[this.interp.uncertain.length - 1];
      c = { layer, weights: [], built: false, trainableArg: true };
      this.customs.set(inst, c);
      this.customOf.set(layer, inst);
    }
    return c;
  }

  /** The layer standing for a custom instance in graphs and reports, with its Keras name. */
  customLayer(inst: PyInstance): Layer {
    const layer = this.custom(inst).layer;
    // Without a call to the base constructor the name is drawn on first use.
    layer.name ??= this.drawName(snakeCase(inst.cls.name));
    return layer;
  }

  /** The custom instance a layer stands for. */
  customInstance(layer: Layer): PyInstance | undefined {
    return this.customOf.get(layer);
  }

  /** Whether a layer stands for a custom instance. */
  isCustom(layer: Layer): boolean {
    return this.customOf.has(layer);
  }

  /** `super().__init__(**kwargs)`: Keras names the layer now (before the sublayers made after it), and reads trainable=. */
  private initCustom(inst: PyInstance, kw: Map<string, Value>): void {
    const c = this.custom(inst);
    const name = kw.get('name');
    c.layer.name ??= typeof name === 'string' ? name : this.drawName(snakeCase(inst.cls.name));
    const t = kw.get('trainable');
    c.trainableArg = kw.has('**') ? null : t === undefined ? true : typeof t === 'boolean' ? t : null;
    const declared = this.declaredShape({ ...c.layer, keywords: kw });
    if (declared !== undefined) c.declared = declared;
  }

  /** The model being traced from its own input: its call() runs without standing for one layer. */
  traceRoot(inst: PyInstance, args: Value[], line: number): Value {
    return this.runCall(inst, args, new Map(), line);
  }

  /** Whether the instance's class defines its own build() that has not run: the layers it creates are not known yet. */
  buildPending(inst: PyInstance): boolean {
    if (this.custom(inst).built || inst.attrs.get('built') === true) return false;
    const build = this.interp.classAttr(inst.cls, 'build');
    return isObj(build ?? null) && (build as Value & object).t === 'func';
  }

  /** Keras's `__call__`: build() on the first call, with the input shape, then call(). */
  private runCall(inst: PyInstance, args: Value[], kw: Map<string, Value>, line: number): Value {
    const c = this.custom(inst);
    if (!c.built && inst.attrs.get('built') !== true) {
      c.built = true;
      const build = this.interp.classAttr(inst.cls, 'build');
      if (isObj(build ?? null) && (build as Value & object).t === 'func') {
        const fn = build as Extract<Value, { t: 'func' }>;
        const takes = this.interp.paramsOf(fn).filter((p) => p.kind === 'pos').length > 1;
        this.interp.callFunction(fn, [inst, ...(takes ? [shapeValue(args[0] ?? kw.get('inputs') ?? null)] : [])], new Map(), line, inst);
      }
    }
    return this.callSubclassed(inst, args, kw, line);
  }

  /**
   * A custom layer called on Keras tensors: one layer of the graph, as Keras lists it. Its call() runs on the
   * tensors (building its sublayers); its output is linked to its inputs only, so the sublayers stay inside it.
   */
  private callCustom(inst: PyInstance, args: Value[], kw: Map<string, Value>, line: number): Value {
    const layer = this.customLayer(inst);
    const arg = args[0] ?? kw.get('inputs') ?? null;
    const tensors = flatTensors(arg);
    const others: Tensor[] = [];
    for (const v of args.slice(1)) others.push(...flatTensors(v));
    for (const [k, v] of kw) if (k !== 'training' && k !== 'inputs') others.push(...flatTensors(v));
    if (!tensors.length) {
      // Not called on a Keras tensor: nothing to trace (its sublayers stay unbuilt).
      return unknownTensor(isUnk(arg) ? msg('the input of {0} is not known: {1}', layer.name, arg.reason) : msg('the input of {0} is not known', layer.name));
    }
    const broken = hasSyntaxError(inst.cls);
    const ran = this.runCall(inst, args, kw, line);
    const out: Value = broken ? unk(msg('the class {0} has a syntax error (being edited?)', inst.cls.name)) : ran;
    const outs = flatTensors(out);
    const r = emptyLayerResult();
    const first = outs[0];
    r.outputShape = first?.shape ?? null;
    if (!r.outputShape) {
      r.unknown.outputShape = first ? first.reason ?? msg('the output shape is not known')
        : isUnk(out) ? msg('{0}.call() returns a value that is not known: {1}', inst.cls.name, out.reason) : msg('{0}.call() returns no tensor Layer Lens can follow', inst.cls.name);
    }
    if (outs.length > 1) r.outputs = outs.map((t) => t.shape);
    const cost = this.innerCost(outs, [...tensors, ...others]);
    r.macs = outs.length ? cost.macs : null;
    if (r.macs === null) r.unknown.macs = outs.length ? cost.why : r.unknown.outputShape;
    if (this.firstKnownCall(layer, tensors[0].shape)) {
      this.results.set(layer, r);
      this.inputs.set(layer, tensors[0].shape);
      this.order.set(layer, this.calls++);
      if (tensors[0].producer) this.producers.set(layer, tensors[0].producer);
    }
    const node = { layer, inputs: [...tensors, ...others], result: r };
    const wrap = (v: Value, d: number): Value => {
      if (isTensor(v)) return { ...v, producer: layer.name, node };
      if (d < 4 && isObj(v) && (v.t === 'list' || v.t === 'tuple')) return { t: v.t, items: v.items.map((x) => wrap(x, d + 1)) } as Value;
      return v;
    };
    if (!outs.length) return { t: 'tensor', shape: null, batchAxis: 0, reason: r.unknown.outputShape, producer: layer.name, node };
    return wrap(out, 0);
  }

  /**
   * The MACs of one sample through the calls between `inputs` and `outputs` (inside a custom layer or a nested
   * model), or why they are not known. Weights and constants (tensors without a batch dim) cost nothing to reach.
   */
  private innerCost(outputs: Tensor[], inputs: Tensor[]): { macs: number | null; why: string } {
    const stop = new Set(inputs);
    const seen = new Set<object>();
    const stack = [...outputs];
    let macs = 0;
    while (stack.length) {
      const t = stack.pop()!;
      if (stop.has(t)) continue;
      if (t.costly) return { macs: null, why: t.costly };
      const node = t.node;
      if (!node) {
        if (t.batchAxis < 0) continue;
        return { macs: null, why: t.reason ?? msg('a tensor made by code Layer Lens does not follow') };
      }
      if (seen.has(node)) continue;
      seen.add(node);
      if (seen.size > 100_000) return { macs: null, why: msg('the graph is too large') };
      const m = node.result?.macs ?? null;
      if (m === null) return { macs: null, why: `${node.layer.type === '<op>' ? node.layer.name : node.layer.name ?? node.layer.type}: ${node.result?.unknown.macs ?? node.result?.unknown.outputShape ?? msg('the cost is not known')}` };
      macs += m;
      stack.push(...node.inputs);
    }
    return { macs, why: '' };
  }

  /**
   * The weights Keras tracks in a custom layer: its attributes that hold layers (also in lists, tuples and
   * dicts), in assignment order. An attribute whose value is not known may be a layer.
   */
  sublayersOf(inst: PyInstance): Value[] {
    const out: Value[] = [];
    const add = (v: Value, d: number) => {
      if (d > 4) return;
      if (isObj(v) && v.t === 'layer' && v.framework === 'keras') { if (!out.includes(v)) out.push(v); }
      else if (this.isModelInstance(v)) { if (v !== inst && !out.includes(v)) out.push(v); }
      else if (isUnk(v)) { if (!notALayer(v)) out.push(v); }
      else if (isObj(v) && (v.t === 'list' || v.t === 'tuple')) {
        v.items.forEach((x) => add(x, d + 1));
        if (v.t === 'list' && v.tainted) out.push(unk(v.tainted));
      } else if (isObj(v) && v.t === 'dict') {
        for (const [, x] of v.map.values()) add(x, d + 1);
        if (v.tainted) out.push(unk(v.tainted));
      }
    };
    for (const [name, v] of inst.attrs) if (!name.startsWith('__')) add(v, 0);
    return out;
  }

  /** Every layer inside a custom instance, at any depth (for the diagnostics of its sublayers). */
  innerLayers(inst: PyInstance, into = new Set<Layer>(), depth = 0): Set<Layer> {
    if (depth > 20) return into;
    for (const v of this.sublayersOf(inst)) {
      if (isObj(v) && v.t === 'layer') {
        into.add(v);
        const m = this.models.get(v);
        if (m) for (const l of m.layers) if (isObj(l) && l.t === 'layer') into.add(l); else if (this.isModelInstance(l)) this.innerLayers(l, into, depth + 1);
      } else if (this.isModelInstance(v)) this.innerLayers(v, into, depth + 1);
    }
    return into;
  }

  /** The params of the weights a custom instance holds itself (add_weight), as Keras counts them. */
  ownWeights(inst: PyInstance): { params: number | null; trainable: number | null; nonTrainable: number | null; why?: string } {
    let params: number | null = 0, trainable: number | null = 0, nonTrainable: number | null = 0;
    let why: string | undefined;
    for (const w of this.custom(inst).weights) {
      params = params === null || w.numel === null ? null : params + w.numel;
      const tr = w.numel === null || w.trainable === null ? null : w.trainable ? w.numel : 0;
      trainable = trainable === null || tr === null ? null : trainable + tr;
      nonTrainable = nonTrainable === null || tr === null ? null : nonTrainable + (w.numel! - tr);
      if (tr === null) why ??= w.why ?? msg('a weight of unknown size');
    }
    return { params, trainable, nonTrainable, why };
  }

  /**
   * A custom layer's numbers: its own weights plus those of every sublayer Keras built (called), each once; its
   * output shape and cost from its calls.
   */
  private customResult(inst: PyInstance, calls?: Call[], seen = new Set<Value>()): LayerResult {
    seen.add(inst);
    const c = this.custom(inst);
    const r = emptyLayerResult();
    const own = this.ownWeights(inst);
    let { params, trainable, nonTrainable } = own;
    let why = own.why;
    let subParams: number | null = 0;
    const add = (p: number | null, t: number | null, n: number | null, reason: string) => {
      params = params === null || p === null ? null : params + p;
      trainable = trainable === null || t === null ? null : trainable + t;
      nonTrainable = nonTrainable === null || n === null ? null : nonTrainable + n;
      subParams = subParams === null || p === null ? null : subParams + p;
      if (p === null || t === null || n === null) why ??= reason;
    };
    for (const sub of this.sublayersOf(inst)) {
      if (seen.has(sub)) continue;
      seen.add(sub);
      if (isUnk(sub)) { add(null, null, null, msg('an attribute that is not known may hold a layer ({0})', sub.reason)); continue; }
      if (this.isModelInstance(sub)) {
        const sr = this.customResult(sub, undefined, seen);
        add(sr.params, sr.trainable, sr.nonTrainable, `${this.customLayer(sub).name}: ${sr.unknown.params ?? sr.unknown.trainable ?? 'not known'}`);
        continue;
      }
      const l = sub as Layer;
      const lr = this.resultOf(l);
      const built = this.results.has(l) || (this.models.get(l)?.kind === 'Sequential' && this.models.get(l)!.declaredInput);
      if (!built && lr.params !== 0) { add(null, null, null, `${l.name} is never called, so whether Keras built its weights is not known`); continue; }
      const nt = lr.nonTrainable ?? (lr.params !== null && !l.frozen && !['BatchNormalization', 'Normalization'].includes(l.type) && !this.models.has(l) ? 0 : null);
      add(lr.params, lr.trainable ?? (nt !== null && lr.params !== null ? lr.params - nt : null), nt, `${l.name}: ${lr.unknown.params ?? lr.unknown.trainable ?? 'not known'}`);
    }
    // Frozen by the setter (`block.trainable = False`, which reaches every weight) or by the constructor (which
    // freezes the layer's own weights; its sublayers' weights keep trainable=True, and Keras's totals read those).
    const set = inst.attrs.get('trainable');
    const frozen = set !== undefined ? truthy(set) === false ? true : truthy(set) === null ? null : false : c.trainableArg === false ? (subParams === 0 ? true : null) : c.trainableArg === null ? null : false;
    if (frozen === true && params !== null) { trainable = 0; nonTrainable = params; }
    if (frozen === null) { trainable = nonTrainable = null; why ??= msg('whether the layer is trainable is not known (trainable=False given to the constructor of a layer with sublayers, or a value that is not known)'); }
    if (hasSyntaxError(inst.cls)) {
      params = trainable = nonTrainable = null;
      why = msg('the class {0} has a syntax error (being edited?)', inst.cls.name);
    }
    r.params = params; r.trainable = trainable; r.nonTrainable = nonTrainable;
    if (params === null) r.unknown.params = why ?? 'not known';
    if (params !== null && (trainable === null || nonTrainable === null)) r.unknown.trainable = why ?? 'not known';
    const first = this.results.get(c.layer);
    if (first) {
      r.outputShape = first.outputShape;
      if (first.outputs) r.outputs = first.outputs;
      r.macs = first.macs;
      if (first.unknown.outputShape) r.unknown.outputShape = first.unknown.outputShape;
      if (first.unknown.macs) r.unknown.macs = first.unknown.macs;
    } else {
      r.unknown.outputShape = r.unknown.macs = msg('the layer is never called on a known input');
    }
    if (!calls?.length) return r;
    return resultOfCalls(r, calls.map((k) => k.result ?? emptyLayerResult()), calls.map((k) => k.inputs.map((t) => t.shape)));
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
      if (name === 'shape') return obj.shape ? shapeValue(obj) : unk(obj.reason ?? msg('the shape is not known'));
    }
    return undefined;
  }

  private fn(name: string, call: (args: Value[], kw: Map<string, Value>, line: number) => Value): PyBuiltin {
    return { t: 'builtin', name, call: (a, k, line) => call(a, k, line) };
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
    if (this.applications.has(layer) && (name === 'input' || name === 'output')) {
      const own = this.applicationBuild(layer);
      return name === 'input' ? own.input : own.output;
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
        // model.build([(None, 5), (None, 6)]): one shape per input, call() gets a list of inputs.
        const seqs = items && items.length > 0 && items.every((it) => isObj(it) && (it.t === 'tuple' || it.t === 'list')) ? items as { items: Value[] }[] : null;
        if (seqs) inst.attrs.set('__built_shape__', { t: 'list', items: seqs.map((it) => ({ t: 'tuple', items: it.items.slice(1) })) });
        else if (items) inst.attrs.set('__built_shape__', { t: 'tuple', items: items.slice(1) });
        return null;
      });
      case 'compile': case 'fit': case 'summary': case 'evaluate': case 'predict': case 'save': case 'load_weights': case 'save_weights':
        return this.fn(name, () => unk(msg('model.{0}() is not evaluated', name)));
      case 'add_weight': case 'add_variable': return this.fn(name, (a, kw, line) => {
        const w = parseWeight(a, kw, line);
        this.custom(inst).weights.push(w);
        return weightTensor(w);
      });
      case 'built': return this.custom(inst).built;
      case 'name': return this.customLayer(inst).name ?? '';
      case 'trainable': return this.custom(inst).trainableArg ?? unk(msg('`trainable` given to the constructor is not known'));
      case 'get_config': return this.fn(name, () => baseConfig());
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
      if (this.isModelInstance(value)) this.custom(value).layer.attr ??= name;
      if (name === 'built' && value === true) this.custom(obj).built = true;
      const list = this.tracked.get(obj) ?? [];
      // An attribute whose value is not known may be a layer or a model: its weights are not known, never dropped.
      const add = (v: Value) => { if ((isObj(v) && (v.t === 'layer' && v.framework === 'keras' || this.isModelInstance(v)) || isUnk(v)) && !list.includes(v)) list.push(v); };
      add(value);
      if (isObj(value) && (value.t === 'list' || value.t === 'tuple')) value.items.forEach(add);
      this.tracked.set(obj, list);
      if (name === 'trainable') for (const l of list) if (isObj(l) && (l.t === 'layer' || this.isModelInstance(l))) this.setTrainable(l as Layer | PyInstance, truthy(value) !== false);
      return true;
    }
    return false;
  }

  private setTrainable(layer: Layer | PyInstance, trainable: boolean, depth = 0): void {
    if (depth > 50) return;
    if (layer.t === 'instance') {
      // A custom layer set (not) trainable: Keras's setter sets its weights and all its sublayers.
      layer.attrs.set('trainable', trainable);
      for (const l of this.sublayersOf(layer)) if (isObj(l) && (l.t === 'layer' || l.t === 'instance')) this.setTrainable(l, trainable, depth + 1);
      return;
    }
    layer.frozen = !trainable;
    const m = this.models.get(layer);
    if (m) for (const l of m.layers) if (isObj(l) && (l.t === 'layer' || this.isModelInstance(l))) this.setTrainable(l as Layer | PyInstance, trainable, depth + 1);
  }

  superAttr(base: string, self: Value, name: string): Value | undefined {
    if (!isKerasPath(base)) return undefined;
    const inst = this.isModelInstance(self) ? self : null;
    switch (name) {
      case '__init__': return this.fn('__init__', (_a, kw) => { if (inst) this.initCustom(inst, kw); return null; });
      case 'build': return this.fn('build', () => { if (inst) this.custom(inst).built = true; return null; });
      case 'get_config': return this.fn('get_config', () => baseConfig());
    }
    return undefined;
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

/** The tensors of a value: itself, or those of a list / tuple (nested a little). */
/**
 * A dict's values as Keras flattens them (`tree.flatten`, tf.keras's `nest.flatten`): by sorted key, not insertion
 * order. That order is the model's inputs / outputs, and so the order of `model.layers`.
 */
function pick(o: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

export function dictValues(v: Extract<Value, { t: 'dict' }>): Value[] {
  const entries = [...v.map.values()];
  if (!entries.every(([k]) => typeof k === 'string')) return entries.map(([, x]) => x);
  return entries.sort(([a], [b]) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0)).map(([, x]) => x);
}

function flatTensors(v: Value, d = 0): Tensor[] {
  if (isTensor(v)) return [v];
  if (d < 4 && isObj(v) && (v.t === 'list' || v.t === 'tuple')) return v.items.flatMap((x) => flatTensors(x, d + 1));
  return [];
}

/** `super().get_config()`: Keras's base config, whose keys are not followed. */
function baseConfig(): Value {
  return { t: 'dict', map: new Map(), tainted: "Keras's base layer config is not followed" };
}

/** An unknown attribute value that cannot be a layer: what a function of Keras's non-layer modules returned. */
function notALayer(u: { opaque?: string }): boolean {
  return u.opaque !== undefined && /^(keras|tf_keras|tensorflow\.keras|tensorflow)\.(activations|initializers|regularizers|constraints|ops|backend|config|math|nn|random|dtypes)\./.test(u.opaque);
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
    case 'shape': return isTensor(x ?? null) ? shapeValue(x as Tensor) : undefined;
    case 'matmul': case 'linalg.matmul': return matmul(x ?? null, args[1] ?? kw.get('b') ?? kw.get('x2') ?? null);
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

/**
 * `ops.arange(start, stop, step)` / `tf.range(start, limit, delta)` (one argument is the stop): a constant 1-d
 * tensor, without a batch dim.
 */
function arange(args: Value[], kw: Map<string, Value>): Value {
  const a = [args[0] ?? kw.get('start'), args[1] ?? kw.get('stop') ?? kw.get('limit'), args[2] ?? kw.get('step') ?? kw.get('delta')];
  const [start, stop, step] = a[1] === undefined || a[1] === null ? [0, a[0], a[2] ?? 1] : [a[0] ?? 0, a[1], a[2] ?? 1];
  const [s0, s1, s2] = [num(start ?? null), num(stop ?? null), num(step ?? null)];
  if (s0 === null || s1 === null || s2 === null || s2 === 0) return { t: 'tensor', shape: [null], batchAxis: -1, reason: msg('arange over bounds that are not known') };
  return { t: 'tensor', shape: [Math.max(0, Math.ceil((s1 - s0) / s2))], batchAxis: -1 };
}

/** tf.reshape(x, [-1, 7, 7, 64]): the shape includes the batch dim. */
function reshapeTf(t: Tensor, shape: Value): Value {
  const s = full(t);
  const items = isObj(shape) && (shape.t === 'list' || shape.t === 'tuple') ? shape.items : null;
  if (!s || !items) return unknownTensor(msg('tf.reshape to an unknown shape'));
  return reshape(t, items);
}
