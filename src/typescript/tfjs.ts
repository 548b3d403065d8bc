// TF.js semantics for the evaluator: the `tf` namespace, `tf.layers.*` factories, symbolic tensors, `layer.apply`,
// `tf.sequential` / `tf.model` / `tf.input`, and layer names exactly as @tensorflow/tfjs 4.22 gives them.
//
// TF.js naming (tfjs-layers getUid): one process-wide counter per prefix, starting at 1.
//   layer without `name`:   toSnakeCase(ClassName) + '_' + ClassName + n   (conv2d_Conv2D1, max_pooling2d_MaxPooling2D2)
//                           counted per class, so maxPool2d and maxPooling2d share MaxPooling2D's counter;
//   tf.sequential():        'sequential_' + n;   tf.model(): 'model' + n;   tf.input() / inputLayer(): 'input' + n.
// A layer given a `name` consumes nothing. The file is taken as a program of its own (a fresh counter).
import { catalogs, evaluateLayer, type CValue, type LayerResult } from '../core/catalog';
import { tfjsFactories } from '../core/catalog/tfjs';
import { kerasAutoName } from '../core/catalog/keras';
import { emptyResult } from '../core/catalog/values';
import type { Shape } from '../core/report';
import { type Host, type Interp, JsThrow } from './interp';
import {
  type Value, type Layer, type Tensor, type ModelInfo, type Builtin, unk, isObj, isUnk, isTensor, isLayer, isArray, isPlainObject,
  toCValue, shapeOf, arr, truthy,
} from './values';
import { graphLayers } from './graph';
import { msg } from '../core/l10n';

/** tf.layers factories whose classes have no catalog row yet: layers all the same (named, numbers unknown). */
const UNCATALOGUED: Record<string, string> = {
  categoryEncoding: 'CategoryEncoding', randomWidth: 'RandomWidth', lstmCell: 'LSTMCell',
  gruCell: 'GRUCell', simpleRNNCell: 'SimpleRNNCell', stackedRNNCells: 'StackedRNNCells', convLstm2dCell: 'ConvLSTM2DCell',
};

/** Recurrent layers build their cell in the constructor, with the layer's config: an unnamed one draws the cell's name too. */
const CELL_OF: Record<string, string> = { LSTM: 'LSTMCell', GRU: 'GRUCell', SimpleRNN: 'SimpleRNNCell', ConvLSTM2D: 'ConvLSTM2DCell' };

const tooLarge = () => msg('too large to be exact (past 2^53)');
const exactNum = (n: number | null) => n === null || (Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER);

/** A result whose numbers are all exact: any past 2^53 (or not finite) becomes unknown. */
export function exactResult(r: LayerResult): LayerResult {
  const out = { ...r, unknown: { ...r.unknown } };
  for (const k of ['params', 'trainable', 'nonTrainable', 'inChannels', 'outChannels', 'macs'] as const) {
    if (!exactNum(out[k])) { out[k] = null; out.unknown[k] = tooLarge(); }
  }
  const shape = (s: Shape | null) => (s && s.some((d) => !exactNum(d)) ? null : s);
  if (shape(out.outputShape) !== out.outputShape) { out.outputShape = null; out.unknown.outputShape = tooLarge(); }
  if (out.outputs) out.outputs = out.outputs.map(shape);
  return out;
}

/** What a non-layer in a model's layer list is, for reasons. */
export function describeLayer(v: Value): string {
  if (isObj(v) && v.t === 'object' && v.cls) return msg('a custom layer (class {0})', v.cls.name);
  if (isUnk(v)) return msg('a layer that is not known ({0})', v.reason);
  return msg('a value that is not a layer');
}

export const TFJS_MODULE = /^@tensorflow\/tfjs(-node|-node-gpu|-layers)?$/;
/** Merge layers, whose wiring is not a single chain. */
export const MERGE_TYPES = new Set(['Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate', 'Dot']);

export interface TfjsDiagnostic { line: number; message: string; layer: Layer; fix?: number }

export class TfjsHost implements Host {
  interp!: Interp;
  /** getUid's counters, per prefix. */
  private uids = new Map<string, number>();
  readonly diagnostics: TfjsDiagnostic[] = [];
  private order = 0;

  /** Prefixes whose count depends on an undecidable condition: later numbers are not known. */
  private unsure = new Set<string>();

  /** The name counters, as a string (a remembered builder's layer names continue them: typescript/memory.ts). */
  counters(): string {
    this.countersText ??= JSON.stringify([[...this.uids].sort(), [...this.unsure].sort()]);
    return this.countersText;
  }

  /** Sets the name counters to what `counters()` gave (read when a name is next drawn). */
  setCounters(state: string): void {
    this.countersText = state;
    this.pendingCounters = state;
  }

  /** `counters()` while nothing has been drawn since, and a state set but not read yet. */
  private countersText: string | null = null;
  private pendingCounters: string | null = null;

  private uid(prefix: string, sure = true): string {
    if (this.pendingCounters !== null) {
      const [uids, unsure] = JSON.parse(this.pendingCounters) as [[string, number][], string[]];
      this.uids = new Map(uids);
      this.unsure = new Set(unsure);
      this.pendingCounters = null;
    }
    this.countersText = null;
    const n = (this.uids.get(prefix) ?? 0) + 1;
    this.uids.set(prefix, n);
    const known = sure && !this.unsure.has(prefix);
    if (this.interp.uncertain.length || !sure) this.unsure.add(prefix);
    return known ? `${prefix}${n}` : `${prefix}?`;
  }

  module(spec: string): Value | undefined {
    return TFJS_MODULE.test(spec) ? { t: 'ext', path: 'tf' } : undefined;
  }

  // ---- construction ----

  /** A layer from `tf.layers.<factory>(config)`. */
  newLayer(type: string, configArg: Value, line: number): Layer {
    const layer: Layer = { t: 'layer', type, config: {}, name: '', line, id: this.interp.id(), ...this.fileOf() };
    if (isPlainObject(configArg)) {
      for (const [k, v] of configArg.props) {
        if (k === '…') { layer.configReason = msg('the config has an unknown spread: {0}', isUnk(v) ? v.reason : ''); continue; }
        if (k === 'trainable') { if (v === false) layer.frozen = true; else if (v !== true && v !== undefined) layer.configReason = msg('`trainable` is not known'); continue; }
        if (v !== undefined) layer.config[k] = toCValue(v);
      }
    } else if (configArg !== undefined && configArg !== null) layer.configReason = isUnk(configArg) ? msg('the config is not known: {0}', configArg.reason) : msg('the config is not an object');
    const cfg = isPlainObject(configArg) ? configArg : null;
    if (cfg && (type === 'RNN' || type === 'TimeDistributed')) layer.source = cfg;
    const name = cfg?.props.get('name');
    const prefix = type === 'InputLayer' ? 'input' : type;
    const auto = (sure: boolean) => (type === 'InputLayer' ? '' : `${kerasAutoName(type, 'tfjs')}_`) + this.uid(prefix, sure);
    if (CELL_OF[type] && !(typeof name === 'string' && name)) this.uid(CELL_OF[type], !isUnk(name) && !isUnk(configArg));
    if (typeof name === 'string' && name) layer.name = name;
    else if (!isUnk(configArg) && (name === undefined || name === null || name === '') && !cfg?.props.has('…')) layer.name = auto(true);
    else {
      // Whether TF.js draws an automatic name here is not known: this and later numbers of the class are not either.
      const drawn = auto(false);
      layer.name = isUnk(name) && name.expr ? name.expr : drawn;
    }
    if (this.interp.uncertain.length) layer.conditional = this.interp.uncertain[this.interp.uncertain.length - 1];
    return layer;
  }

  private newModel(kind: ModelInfo['kind'], info: Omit<ModelInfo, 'kind'>, nameArg: Value, line: number): Layer {
    const layer: Layer = { t: 'layer', type: kind, config: {}, name: '', line, id: this.interp.id(), model: { kind, ...info }, ...this.fileOf() };
    // Container's constructor draws `model` + n only for a model without a name; Sequential passes no name to it, so
    // it always draws `sequential` + n there, then `sequential_` + n for a Sequential without a name of its own.
    const own = kind === 'Sequential' ? 'sequential_' : 'model';
    if (kind === 'Sequential') this.uid('sequential');
    if (typeof nameArg === 'string' && nameArg) layer.name = nameArg;
    else if (isUnk(nameArg)) {
      // Whether a name is drawn here is not known: later automatic names of this prefix are not either.
      this.uid(own, false);
      layer.name = nameArg.expr ?? '?';
    } else layer.name = this.uid(own);
    if (this.interp.uncertain.length) layer.conditional = this.interp.uncertain[this.interp.uncertain.length - 1];
    return layer;
  }

  /** `file` for a layer created by code of another file than the analysed one. */
  private fileOf(): { file?: string } {
    const file = this.interp.foreignFile();
    return file ? { file } : {};
  }

  /** The input shape a layer states (`inputShape`, `batchInputShape`, Dense's `inputDim`); undefined when none. */
  declaredShape(layer: Layer): Shape | null | undefined {
    const c = layer.config;
    const dim = (d: CValue) => (typeof d === 'number' && Number.isSafeInteger(d) && d >= 0 ? d : null);
    const dims = (v: CValue): Shape | null => (Array.isArray(v) ? v.map(dim) : typeof v === 'number' ? [dim(v)] : null);
    if (c.inputShape !== undefined && c.inputShape !== null) return dims(c.inputShape);
    if (c.batchInputShape !== undefined && c.batchInputShape !== null) return dims(c.batchInputShape)?.slice(1) ?? null;
    if (layer.type === 'Dense' && c.inputDim !== undefined && c.inputDim !== null) return [dim(c.inputDim)];
    // Embedding always states one: [inputLength], or one unknown length.
    if (layer.type === 'Embedding') return Array.isArray(c.inputLength) ? dims(c.inputLength) : [dim(c.inputLength)];
    if (layer.model) return this.modelInput(layer);
    // A config with an unknown part (a spread, a variable) may hold an inputShape.
    if (layer.configReason) return null;
    return undefined;
  }

  /** The input shape of a model, when stated in the code. */
  modelInput(layer: Layer): Shape | null | undefined {
    const m = layer.model!;
    if (m.kind === 'Model') return m.inputs[0]?.shape ?? null;
    if (m.declared !== undefined) return m.declared;
    const first = m.layers[0];
    // An unknown first layer (from a function not followed) may state its input.
    if (first !== undefined && !isLayer(first)) return null;
    return isLayer(first) ? this.declaredShape(first) : undefined;
  }

  // ---- Host ----

  call(callee: Value, args: Value[], line: number): Value | undefined {
    if (!isObj(callee) || callee.t !== 'ext') return undefined;
    const path = callee.path;
    const m = /^tf\.layers\.([A-Za-z0-9_]+)$/.exec(path);
    if (m && m[1] !== 'input') {
      const own = (t: Record<string, string>) => (Object.prototype.hasOwnProperty.call(t, m[1]) ? t[m[1]] : null);
      const type = own(tfjsFactories) ?? own(UNCATALOGUED);
      if (!type) return unk(msg('tf.layers.{0} is not in the Layer Lens catalog', m[1]));
      return this.newLayer(type, args[0], line);
    }
    switch (path) {
      case 'tf.sequential': {
        const cfg = args[0];
        const list = isPlainObject(cfg) ? cfg.props.get('layers') : undefined;
        const layers = list === undefined ? [] : this.interp.iterate(list) ?? [unk(msg('layers from an unknown array'))];
        const model = this.newModel('Sequential', { layers: [...layers], inputs: [], outputs: undefined }, isPlainObject(cfg) ? cfg.props.get('name') : undefined, line);
        for (const l of layers) if (isLayer(l)) l.inSequential = true;
        return model;
      }
      case 'tf.model': {
        const cfg = args[0];
        if (!isPlainObject(cfg)) return unk(msg('tf.model of an unknown config'));
        const ins = cfg.props.get('inputs');
        const outs = cfg.props.get('outputs');
        const inputs = (isTensor(ins) ? [ins] : isArray(ins) ? ins.items.filter(isTensor) : []);
        const layers = graphLayers(outs, inputs);
        return this.newModel('Model', { layers, inputs, outputs: outs }, cfg.props.get('name'), line);
      }
      case 'tf.input': case 'tf.layers.input': {
        const cfg = args[0];
        const shapeV = isPlainObject(cfg) ? cfg.props.get('shape') : undefined;
        const batch = isPlainObject(cfg) ? cfg.props.get('batchShape') : undefined;
        const shape = shapeV !== undefined ? shapeOf(shapeV) : batch !== undefined ? shapeOf(batch)?.slice(1) ?? null : null;
        const name = isPlainObject(cfg) ? cfg.props.get('name') : undefined;
        const producer = typeof name === 'string' ? name : this.uid('input');
        // Made by its own InputLayer, which a functional model's `model.layers` lists.
        const layer: Layer = { t: 'layer', type: 'InputLayer', config: {}, name: producer, line, id: this.interp.id(), ...this.fileOf() };
        return { t: 'tensor', shape, producer, node: { layer, inputs: [] }, ...(shape ? {} : { reason: msg('the shape of tf.input is not known') }) };
      }
    }
    return unk(msg('{0}() is not evaluated', path));
  }

  getProp(target: Value, name: string): Value | undefined {
    if (!isObj(target)) return undefined;
    if (target.t === 'ext') return name === 'default' && target.path === 'tf' ? target : { t: 'ext', path: `${target.path}.${name}` };
    if (target.t === 'layer') return this.layerProp(target, name);
    if (target.t === 'tensor') {
      if (name === 'shape') return target.shape ? arr([null, ...target.shape]) : unk(target.reason ?? msg('the shape is not known'));
      if (name === 'rank') return target.shape ? target.shape.length + 1 : unk(msg('the rank is not known'));
      return unk(msg('`.{0}` of a symbolic tensor', name));
    }
    return undefined;
  }

  setProp(target: Value, name: string, value: Value): boolean {
    if (!isLayer(target)) return false;
    if (name === 'trainable') {
      const t = truthy(value);
      const u = this.interp.uncertain;
      if (t === null || u.length) this.setTrainable(target, null, t === null ? msg('`trainable` is set to an unknown value') : msg('`trainable` is set under the undecidable condition {0}', u[u.length - 1]));
      else this.setTrainable(target, t);
    }
    return true;
  }

  private setTrainable(layer: Layer, trainable: boolean | null, reason?: string): void {
    if (trainable === null) layer.trainableReason = reason;
    else { layer.frozen = !trainable; delete layer.trainableReason; }
    if (layer.model) for (const l of layer.model.layers) if (isLayer(l)) this.setTrainable(l, trainable, reason);
  }

  private fn(name: string, call: (args: Value[], line: number) => Value): Builtin {
    return { t: 'builtin', name, call };
  }

  private layerProp(layer: Layer, name: string): Value | undefined {
    switch (name) {
      case 'apply': return this.fn('apply', (a) => this.apply(layer, a[0], a[1]));
      case 'name': return layer.name;
      case 'trainable': return !layer.frozen;
      case 'getClassName': return this.fn(name, () => layer.type);
    }
    const m = layer.model;
    if (!m && name === 'output') return this.layerOutput(layer);
    if (!m) return unk(msg('`{0}.{1}` is not evaluated', layer.name, name));
    switch (name) {
      case 'add': return this.fn('add', (a) => {
        const l = a[0];
        if (isLayer(l) && this.interp.uncertain.length) l.conditional ??= this.interp.uncertain[this.interp.uncertain.length - 1];
        if (isLayer(l) && m.kind === 'Sequential') l.inSequential = true;
        m.layers.push(l);
        m.built = undefined;
        return undefined;
      });
      case 'pop': return this.fn('pop', () => { m.built = undefined; return m.layers.pop(); });
      case 'layers': return arr([...m.layers]);
      case 'inputs': return arr(m.kind === 'Model' ? [...m.inputs] : [unk(msg('the input of a Sequential'))]);
      // model.input: the input, or the array of them for a model with several (TF.js's LayersModel.input).
      case 'input': return m.kind === 'Model' ? (m.inputs.length === 1 ? m.inputs[0] : arr([...m.inputs])) : unk(msg('the input of a Sequential'));
      case 'outputs': case 'output': {
        const out = this.modelOutput(layer);
        return name === 'outputs' && !isArray(out) ? arr([out]) : out;
      }
      // getLayer(name?, index?): by name, else by position in `model.layers` (TF.js throws when neither matches).
      case 'getLayer': return this.fn(name, (a) => {
        if (typeof a[0] === 'string') return m.layers.find((l) => isLayer(l) && l.name === a[0]) ?? unk(msg('a layer not found by name'));
        if ((a[0] === undefined || a[0] === null) && typeof a[1] === 'number' && Number.isInteger(a[1]) && a[1] >= 0) return m.layers[a[1]] ?? unk(msg('no layer at index {0}', a[1]));
        return unk(msg('getLayer() of a layer name or index that is not known'));
      });
    }
    return this.fn(name, () => unk(msg('model.{0}() is not evaluated', name)));
  }

  // ---- calling ----

  /** The RNN layer that built each cell object: tfjs cannot build one cell in a second RNN layer. */
  private cellOwners = new Map<Value, Layer>();

  private compute(layer: Layer, inputs: (Shape | null)[], reason?: string): LayerResult {
    if (layer.configReason) return emptyResult(layer.configReason);
    if (layer.type === 'RNN' && isPlainObject(layer.source)) {
      const cell = layer.source.props.get('cell');
      for (const c of isArray(cell) ? cell.items : [cell]) {
        if (!isLayer(c)) continue;
        const owner = this.cellOwners.get(c);
        if (owner && owner !== layer) return emptyResult(msg('TF.js cannot build a cell that another RNN layer uses ({0}): it throws "Duplicate weight name"', owner.name));
        this.cellOwners.set(c, layer);
      }
    }
    const r = evaluateLayer(catalogs.tfjs, layer.type, { positional: [], keywords: layer.config }, { inputs, inputReason: reason });
    return r ? exactResult(r) : emptyResult(msg('{0} is not in the Layer Lens catalog yet', layer.type));
  }

  /** `layer.apply(x)` / `model.apply(x)`. */
  apply(layer: Layer, x: Value, kwargs?: Value): Value {
    // An item of an array of inputs that is not a symbolic tensor (the output of code Layer Lens does not follow) is
    // an input of unknown shape made by no traced layer: its shape is not guessed from the others, and a model built
    // on the call is not known rather than missing the layers behind it.
    const asInput = (v: Value): Tensor => (isTensor(v) ? v : { t: 'tensor', shape: null, reason: isUnk(v) ? v.reason : msg('an input that is not a symbolic tensor') });
    const tensors = isTensor(x) ? [x] : isArray(x) && x.items.some(isTensor) ? x.items.map(asInput) : [];
    // An RNN's initialState (and constants) are inputs of the call too: the layers that made them belong to the model.
    const extra: Tensor[] = [];
    if (isPlainObject(kwargs)) {
      for (const key of ['initialState', 'constants']) {
        const v = kwargs.props.get(key);
        if (isTensor(v) || isUnk(v)) extra.push(asInput(v));
        else if (isArray(v)) extra.push(...v.items.map(asInput));
      }
    }
    if (!tensors.length) {
      if (x === undefined || x === null) throw new JsThrow(`${layer.name}.apply() of ${String(x)}`);
      return unk(msg('the input of {0} is not a symbolic tensor', layer.name));
    }
    if (layer.model) return this.callModel(layer, tensors);
    const shapes = tensors.map((t) => t.shape);
    const reason = tensors.find((t) => t.reason)?.reason;
    const r = this.compute(layer, shapes, reason);
    if (this.firstKnownCall(layer, shapes[0])) this.record(layer, r, shapes[0], tensors[0]);
    const producer = r.outChannels === null && tensors[0].producer ? tensors[0].producer : layer.name;
    const node = { layer, inputs: extra.length ? [...tensors, ...extra] : tensors, result: r };
    const out = (s: Shape | null): Tensor => ({
      t: 'tensor', shape: s, producer, node,
      ...(s ? {} : { reason: r.unknown.outputShape ?? msg('the output of {0} is not known', layer.name) }),
    });
    return this.noteApply(layer, r.outputs && r.outputs.length > 1 ? arr(r.outputs.map(out)) : out(r.outputShape));
  }

  private noteApply(layer: Layer, output: Value): Value {
    layer.applied = (layer.applied ?? 0) + 1;
    if (layer.applied === 1) layer.firstOutput = output;
    return output;
  }

  /**
   * `layer.output`: what the layer's only `apply` returned (TF.js throws for a layer applied more than once). A layer
   * of a Sequential is not known: TF.js applies it when the Sequential builds itself, which Layer Lens does lazily.
   */
  private layerOutput(layer: Layer): Value {
    if (layer.inSequential) return unk(msg('the output of a layer of a Sequential'));
    if (!layer.applied) return unk(msg('{0} is not called before its output is read', layer.name));
    if (layer.applied > 1) return unk(msg('{0} is called more than once, so its output is ambiguous', layer.name));
    return layer.firstOutput ?? unk(msg('the output of {0} is not known', layer.name));
  }

  private record(layer: Layer, r: LayerResult, input: Shape | null, from: Tensor): void {
    layer.result = r;
    layer.input = input;
    layer.called = this.order++;
    if (from.producer) layer.producer = from.producer;
    if (!input) return;
    for (const e of r.expects ?? []) {
      const i = e.axis < 0 ? input.length + e.axis : e.axis;
      const got = input[i];
      if (got === null || got === undefined || got === e.size) continue;
      const message = from.producer
        ? msg('{0} expects {1} {2} but {3} outputs {4}', layer.name, e.size, e.what, from.producer, got)
        : msg('{0} expects {1} {2} but its input has {3}', layer.name, e.size, e.what, got);
      this.diagnostics.push({ line: layer.line, layer, fix: got, message });
    }
    if (r.error) this.diagnostics.push({ line: layer.line, layer, message: `${layer.name}: ${r.error}` });
  }

  private firstKnownCall(layer: Layer, input: Shape | null): boolean {
    return !layer.result || (!layer.input && input !== null);
  }

  /** Chains a Sequential's layers on an input shape (once per shape). */
  buildSequential(model: Layer, input: Shape | null, reason?: string): Value {
    const m = model.model!;
    if (m.built && (m.built.input === input || JSON.stringify(m.built.input) === JSON.stringify(input))) return m.built.output;
    let x: Value = { t: 'tensor', shape: input, producer: undefined, ...(input ? {} : { reason: reason ?? msg('the input shape is not known') }) };
    for (const l of m.layers) {
      if (!isLayer(l)) { x = { t: 'tensor', shape: null, reason: msg('the output of {0} is not known', describeLayer(l)) }; continue; }
      if (l.type === 'InputLayer') continue;
      x = isTensor(x) ? this.apply(l, x) : x;
      // After a layer that may not exist, the shapes are not known.
      if (l.conditional && isTensor(x)) x = { t: 'tensor', shape: null, reason: msg('{0} is created under the undecidable condition {1}', l.name, l.conditional) };
    }
    m.built = { input, output: x };
    return x;
  }

  /** The output of a model as built from its own input. */
  modelOutput(model: Layer): Value {
    const m = model.model!;
    if (m.kind === 'Model') return m.outputs;
    const declared = this.modelInput(model);
    return declared === undefined ? unk(msg('the Sequential states no input shape')) : this.buildSequential(model, declared);
  }

  private callModel(layer: Layer, tensors: Tensor[]): Value {
    const m = layer.model!;
    const input = tensors[0];
    // A model with several outputs (an array of symbolic tensors) returns as many tensors, each made by this call.
    const several = m.kind === 'Model' && isArray(m.outputs) && m.outputs.items.length > 0 && m.outputs.items.every(isTensor) ? m.outputs.items : null;
    const outs: Value[] = m.kind === 'Sequential' ? [this.buildSequential(layer, input.shape, input.reason)]
      : several ?? [isTensor(m.outputs) ? m.outputs : unk(msg('the output of a model that is not a symbolic tensor or an array of them'))];
    const r = emptyResult();
    const shapes = outs.map((o) => (isTensor(o) ? o.shape : null));
    r.outputShape = shapes[0];
    if (several) r.outputs = shapes;
    if (this.firstKnownCall(layer, input.shape)) {
      layer.result = r;
      layer.input = input.shape;
      layer.called = this.order++;
    }
    const node = { layer, inputs: tensors, result: r };
    const linked = outs.map((o) => (isTensor(o) ? { ...o, producer: layer.name, node } : o));
    return this.noteApply(layer, several ? arr(linked) : linked[0]);
  }
}
