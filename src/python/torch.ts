// PyTorch semantics for the evaluator: nn layers and containers, nn.Module subclasses, parameters,
// and the shape effects of the tensor ops forward() uses.
import { catalogs, evaluateLayer, type LayerResult } from '../core/catalog';
import { bind } from '../core/catalog/values';
import { COMPOSITES } from './torch-composite';
import type { Dim, Shape } from '../core/report';
import type { Host, Interp } from './interp';
import { callStdlib } from './builtins';
import * as vt from './vtensor';
import { isNumberExpression } from './syntax';
import { msg } from '../core/l10n';
import zooTable from './torchvision-zoo.json';
import {
  type Value, type Layer, type Param, type PyInstance, type Tensor, type PyBuiltin, type PyFunction, type ZooEntry,
  unk, joinZoo, isObj, isUnk, isSpread, knownPosition, num, toCValue, fromCValue, kwToC, show, truthy, keyOf,
} from './values';
import {
  paramAsTensor, tensor, unknownTensor, isTensor, reshape, flatten, permute, transpose, reduce, squeeze, unsqueeze, concat,
  broadcast, sizeOf, full, fromFull, chunk, split, unbind, expand, matmul, einsum, repeatDims, topk, movedim, narrow,
  tensorSplit, tile, oneHot, axis, windows,
} from './tensor';
import { einopsShape, type EinopsOp, type FullDim } from '../core/catalog/einops';

const CONTAINERS = new Set(['Sequential', 'ModuleList', 'ModuleDict', 'ParameterList', 'ParameterDict', 'DataParallel', 'DistributedDataParallel']);

/**
 * Functional ops that behave like a catalog layer applied to the input: F.max_pool2d(x, 2) ≈ MaxPool2d(2)(x).
 * Each names the layer type and the functional's own positional parameters after the input (they differ from
 * the module's: F.max_pool2d takes ceil_mode before return_indices).
 */
const FUNCTIONAL_AS_LAYER: Record<string, [string, string[]]> = {};
for (const nd of [1, 2, 3]) {
  FUNCTIONAL_AS_LAYER[`max_pool${nd}d`] = [`MaxPool${nd}d`, ['kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices']];
  FUNCTIONAL_AS_LAYER[`avg_pool${nd}d`] = [`AvgPool${nd}d`, ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', ...(nd > 1 ? ['divisor_override'] : [])]];
  FUNCTIONAL_AS_LAYER[`adaptive_avg_pool${nd}d`] = [`AdaptiveAvgPool${nd}d`, ['output_size']];
  FUNCTIONAL_AS_LAYER[`adaptive_max_pool${nd}d`] = [`AdaptiveMaxPool${nd}d`, ['output_size', 'return_indices']];
}
FUNCTIONAL_AS_LAYER.lp_pool1d = ['LPPool1d', ['norm_type', 'kernel_size', 'stride', 'ceil_mode']];
FUNCTIONAL_AS_LAYER.lp_pool2d = ['LPPool2d', ['norm_type', 'kernel_size', 'stride', 'ceil_mode']];
FUNCTIONAL_AS_LAYER.interpolate = ['Upsample', ['size', 'scale_factor', 'mode', 'align_corners', 'recompute_scale_factor']];
FUNCTIONAL_AS_LAYER.upsample = ['Upsample', ['size', 'scale_factor', 'mode', 'align_corners']];
FUNCTIONAL_AS_LAYER.unfold = ['Unfold', ['kernel_size', 'dilation', 'padding', 'stride']];
FUNCTIONAL_AS_LAYER.fold = ['Fold', ['output_size', 'kernel_size', 'dilation', 'padding', 'stride']];
FUNCTIONAL_AS_LAYER.pixel_shuffle = ['PixelShuffle', ['upscale_factor']];
FUNCTIONAL_AS_LAYER.pixel_unshuffle = ['PixelUnshuffle', ['downscale_factor']];

/** Elementwise ops that keep the shape of their first tensor argument. */
/** Shape-keeping ops whose other arguments may be tensors that broadcast (not numbers of the op). */
const TENSOR_OPERANDS = new Set(['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'where', 'pow', 'masked_fill', 'type_as']);

const SHAPE_KEEPING = new Set([
  'relu', 'relu_', 'relu6', 'elu', 'selu', 'celu', 'gelu', 'silu', 'mish', 'sigmoid', 'tanh', 'hardswish', 'hardsigmoid',
  'hardtanh', 'leaky_relu', 'softplus', 'softsign', 'softmax', 'log_softmax', 'softmin', 'dropout', 'dropout1d', 'dropout2d',
  'dropout3d', 'alpha_dropout', 'feature_alpha_dropout', 'normalize', 'batch_norm', 'layer_norm', 'group_norm', 'instance_norm',
  'local_response_norm', 'abs', 'exp', 'log', 'sqrt', 'rsqrt', 'neg', 'clamp', 'clip', 'contiguous', 'float', 'double', 'half',
  'to', 'cuda', 'cpu', 'detach', 'clone', 'sigmoid_', 'tanh_', 'type_as', 'prelu', 'logsigmoid', 'tanhshrink', 'threshold',
  'hardshrink', 'softshrink', 'rrelu', 'pow', 'square', 'sin', 'cos', 'erf', 'round', 'floor', 'ceil', 'sign', 'requires_grad_',
  'add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'where', 'masked_fill', 'nan_to_num', 'bfloat16', 'long', 'int', 'bool',
  'flip', 'fliplr', 'flipud', 'roll', 'cumsum', 'cumprod', 'tril', 'triu', 'reciprocal', 'exp2', 'log1p', 'expm1', 'frac', 'trunc',
]);

const MERGING = new Set(['add', 'sub', 'mul', 'div', 'maximum', 'minimum']);

export interface TorchState {
  /** Leaf layer -> its module path, set before forward() runs. */
  paths: Map<Layer, string>;
  /** Results of the first call of each leaf layer. */
  results: Map<Layer, LayerResult>;
  /** Set when forward() merges branches (residuals, concatenation): the receptive field is then not a chain. */
  branched: boolean;
  /** Mismatches found while tracing: [line, message, fix]. */
  diagnostics: { line: number; message: string; layer: Layer; fix?: number; arg?: string | number; range?: [number, number]; error?: string }[];
  /** The input shapes of every call of each layer, for checking that a quick fix fits them all. */
  calls: Map<Layer, (Shape | null)[][]>;
  /** Execution order of leaf layers. */
  order: Layer[];
  /** The input shape of each leaf layer's first call. */
  inputs: Map<Layer, Shape | null>;
  /** The shapes of the tensors after the first, passed by position in that call (nn.Transformer's tgt). */
  laterInputs: Map<Layer, (Shape | null)[]>;
  /** The layer that produced each leaf layer's first input. */
  producers: Map<Layer, string>;
  /** Whether forward() was traced with an input shape (otherwise no layer is "called"). */
  traced: boolean;
  /**
   * First call of each module instance of the file: input and output shapes; `free` while none of its calls ran
   * an op that multiplies and accumulates (F.linear, @, einsum …) or code Layer Lens cannot follow.
   */
  moduleCalls: Map<PyInstance, { input: Shape | null; output: Shape | null; free?: boolean }>;
  /** How many multiply-accumulating ops or calls of unknown code the trace has run so far. */
  costly: number;
}

/** Functions and tensor methods that multiply and accumulate: a module of the file calling them has a cost. */
const COSTLY = new Set([
  'matmul', 'mm', 'bmm', 'mv', 'dot', 'vdot', 'inner', 'outer', 'ger', 'einsum', 'tensordot', 'addmm', 'addbmm', 'baddbmm', 'addmv',
  'addr', 'chain_matmul', 'linear', 'bilinear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d',
  'conv_transpose3d', 'scaled_dot_product_attention', 'multi_head_attention_forward', 'lstm', 'gru', 'rnn_tanh', 'rnn_relu',
  'lstm_cell', 'gru_cell', 'rnn_tanh_cell', 'rnn_relu_cell', 'fft', 'rfft', 'irfft', 'ifft', 'fft2', 'rfft2', 'irfft2', 'fftn',
  'rfftn', 'irfftn', 'stft', 'istft', 'cdist', 'kron',
  // A sum may close a hand-written dot product (`(x * self.w).sum(-1)`).
  'sum', 'nansum',
]);

export function newTorchState(): TorchState {
  return { paths: new Map(), results: new Map(), branched: false, diagnostics: [], order: [], inputs: new Map(), laterInputs: new Map(), producers: new Map(), moduleCalls: new Map(), calls: new Map(), traced: false, costly: 0 };
}

/** The nn type name an external path refers to (`torch.nn.Conv2d`, `nn.modules.conv.Conv2d`), or null. */
const layerTypes = new Map<string, string | null>();

export function torchLayerType(path: string): string | null {
  let t = layerTypes.get(path);
  if (t === undefined) {
    t = layerTypeOf(path);
    if (layerTypes.size < 10_000) layerTypes.set(path, t);
  }
  return t;
}

/** The type of a model a model zoo built from source Layer Lens has not read. */
export const EXTERNAL_MODEL = 'ExternalModel';

/**
 * Why a call builds a model of a model zoo whose source is not read, or null when it does not: the builders of
 * torchvision.models (and its segmentation, detection, video, quantization and optical_flow packages) and
 * get_model, timm.create_model, torch.hub.load. Reached only when the package's source is not among the import
 * folders (with it, the builder's own code runs).
 */
function zooModel(path: string): string | null {
  if (path === 'torch.hub.load') return msg('torch.hub.load fetches the code of its model when it runs: its parameters are not counted');
  if (path === 'timm.create_model') return msg('{0}() builds its model in {1}, whose source Layer Lens has not read: add the folder that holds {1} (a site-packages folder) to `layerLens.python.extraPaths`, or give it to the command line with --path', path, 'timm');
  const m = /^torchvision\.models\.(?:(?:segmentation|detection|video|quantization|optical_flow)\.)?([A-Za-z]\w*)$/.exec(path);
  if (!m || /Weights|^(list_models|get_model_weights|get_weight)$/.test(m[1])) return null;
  return msg('{0}() builds its model in {1}, whose source Layer Lens has not read: add the folder that holds {1} (a site-packages folder) to `layerLens.python.extraPaths`, or give it to the command line with --path', path, 'torchvision');
}

export const ZOO_BODY = 'ZooBody';
const TORCHVISION_ZOO = (zooTable as unknown as { builders: Record<string, ZooEntry> }).builders;

/**
 * A torchvision classification builder called as it is published (`weights=`, `pretrained=`, `progress=` only, or
 * `get_model("name", weights=…)`): what PyTorch counts of it.
 */
function zooEntry(path: string, args: Value[], kw: Map<string, Value>): ZooEntry | undefined {
  // torch.hub.load('pytorch/vision[:tag]', 'resnet18', pretrained=True): torchvision's hubconf exposes its builders.
  const hub = path === 'torch.hub.load' && typeof args[0] === 'string' && /^pytorch\/vision(:[\w.]+)?$/.test(args[0]);
  const m = hub ? ['', 'hub'] : /^torchvision\.models\.([a-z]\w*)$/.exec(path);
  if (!m) return undefined;
  const named = m[1] === 'get_model' || hub;
  const builder = hub ? args[1] : named ? args[0] : m[1];
  if (typeof builder !== 'string' || args.length > (hub ? 2 : named ? 1 : 0)) return undefined;
  if ([...kw.keys()].some((k) => !['weights', 'pretrained', 'progress', 'num_classes'].includes(k))) return undefined;
  const entry = Object.prototype.hasOwnProperty.call(TORCHVISION_ZOO, builder) ? TORCHVISION_ZOO[builder] : undefined;
  const classes = kw.get('num_classes');
  if (!entry || classes === undefined || classes === 1000) return entry;
  // num_classes=N without weights: the classifier has N outputs (with weights torchvision raises, unless N is 1000).
  const weights = kw.get('weights') ?? kw.get('pretrained') ?? null;
  if (typeof classes !== 'number' || !Number.isInteger(classes) || classes < 1 || (weights !== null && weights !== false)) return undefined;
  const more = classes - 1000;
  const parts = { ...entry.parts }, linear = { ...entry.linear };
  let params = entry.params;
  for (const [k, per] of Object.entries(entry.classes)) {
    parts[k] += more * per;
    if (!k.includes('.')) params += more * per;
    if (linear[k]) linear[k] = [linear[k][0], classes];
  }
  return { ...entry, params, parts, linear };
}

/** The zoo model a part belongs to. */
function zooRoot(layer: Layer): Layer {
  let l = layer;
  for (let i = 0; l.zooPart && i < 10; i++) l = l.zooPart.parent;
  return l;
}

/** `classifier.6`: a part's path in its zoo model. */
function zooPath(layer: Layer): string {
  const names: string[] = [];
  for (let l: Layer = layer; l.zooPart && names.length < 10; l = l.zooPart.parent) names.unshift(l.zooPart.name);
  return names.join('.');
}

function layerTypeOf(path: string): string | null {
  const segs = path.split('.');
  const name = segs[segs.length - 1];
  if (segs[0] === 'torch' && segs.includes('quantization') && (name === 'QuantStub' || name === 'DeQuantStub')) return name;
  // einops.layers.torch.Rearrange / Reduce (EinMix has weights whose count is not followed: left unknown).
  if (segs[0] === 'einops' && segs.includes('torch') && (name === 'Rearrange' || name === 'Reduce')) return name;
  if (segs[0] !== 'torch' || !segs.includes('nn')) return null;
  if (segs.includes('functional') || segs.includes('init') || segs.includes('utils')) return null;
  if (CONTAINERS.has(name) || Object.prototype.hasOwnProperty.call(catalogs.pytorch, name)) return name;
  // Any other torch.nn class is still a module: its numbers are unknown, never silently dropped.
  if (/^[A-Z]/.test(name) && !['Module', 'Parameter', 'ParameterList', 'ParameterDict'].includes(name)) return name;
  return null;
}

export function isModuleClassPath(path: string): boolean {
  return /^torch\.nn\.(modules\.module\.)?Module$/.test(path) || LIGHTNING_MODULE.test(path) || torchLayerType(path) !== null;
}

/**
 * Lightning's LightningModule, an nn.Module subclass that adds training hooks and no parameters: the base of
 * most Lightning model files (`class Lit(pl.LightningModule)`), under each of its import paths.
 */
export const LIGHTNING_MODULE = /^(pytorch_lightning|lightning(\.pytorch)?)(\.core(\.(module|lightning))?)?\.LightningModule$/;


/** The sizes of view/reshape/permute/expand/repeat: positional, or one keyword (`x.reshape(shape=(…))`). */
function sizeArgs(args: Value[], kw: Map<string, Value>, name: string): Value[] {
  if (args.length || !kw.has(name)) return args;
  return [kw.get(name)!];
}

/** torch.arange(start=0, end=n) / np.arange(stop=n, step=2): the bounds as positional arguments. */
function arangeArgs(args: Value[], kw: Map<string, Value>, endName: string): Value[] {
  const start = kw.get('start'), end = kw.get(endName), step = kw.get('step');
  if (start === undefined && end === undefined && step === undefined) return args;
  if (args.length === 0 && end !== undefined) return [start ?? 0, end, step ?? 1];
  if (args.length === 1 && end !== undefined && start === undefined) return [args[0], end, step ?? 1];
  if (args.length === 1 && end === undefined && start === undefined) return [0, args[0], step ?? 1];
  if (args.length === 2 && step !== undefined && start === undefined && end === undefined) return [args[0], args[1], step];
  return [unk(msg('arange bounds given in an unusual way'))];
}
export class TorchHost implements Host {
  interp!: Interp;
  state: TorchState = newTorchState();

  constructor() {}

  isModuleInstance(v: Value): v is PyInstance {
    return isObj(v) && v.t === 'instance' && this.interp.externalBase(v.cls, isModuleClassPath) !== null;
  }

  isModule(v: Value): boolean {
    return (isObj(v) && v.t === 'layer' && v.framework === 'pytorch') || this.isModuleInstance(v);
  }

  // ---- construction ----

  /**
   * A model a model zoo builds in a package Layer Lens has not read (torchvision.models.resnet18() when torchvision
   * is not among the import folders): a module whose content is unknown, with the reason. Modules set on it later
   * (`model.fc = nn.Linear(…)`) are its known children.
   */
  /**
   * `model.classifier` of a zoo model of unknown content: a submodule of unknown content too, which joins the model
   * when a module is set in it (`model.classifier[6] = nn.Linear(4096, 3)` is then a known row). Of a torchvision
   * classification builder, the parts PyTorch counts (torchvision-zoo.json) are known down to a Sequential's items
   * (`model.classifier[6]`), and so is the size of their nn.Linear (`model.fc.in_features`).
   */
  private zooPart(of: Layer, name: string): Value {
    const model = zooRoot(of);
    const path = of.zooPart ? `${zooPath(of)}.${name}` : name;
    const why = model.zoo?.reason ?? msg('`{0}` of a model of unknown content', name);
    const entry = model.zoo?.entry;
    const linear = entry?.linear[zooPath(of)];
    if (of.zooPart && linear && (name === 'in_features' || name === 'out_features')) return linear[name === 'in_features' ? 0 : 1];
    const deeper = of.zooPart && !(entry && of.zooPart.parent === model && Object.prototype.hasOwnProperty.call(entry.parts, path));
    if (deeper || !/^[A-Za-z_0-9]\w*$/.test(name) || (!of.zooPart && /^\d/.test(name))) return unk(why, name);
    const part = this.newLayer(EXTERNAL_MODEL, [], new Map(), model.line);
    part.children = new Map();
    part.zooPart = { parent: of, name };
    return part;
  }

  /** A model built by code Layer Lens cannot follow: a module of unknown content, with the reason. */
  unknownModel(name: string, reason: string, line: number): Layer {
    return this.externalModel(name, reason, line);
  }

  private externalModel(name: string, reason: string, line: number, entry?: ZooEntry): Layer {
    const layer = this.newLayer(EXTERNAL_MODEL, [], new Map(), line);
    const part = `${name}(…)`;
    layer.zoo = { reason };
    if (entry) {
      // What PyTorch counts of it, less the parts the code replaces (ZooBody in compute()).
      const body = this.newLayer(ZOO_BODY, [], new Map(), line);
      layer.zoo = { reason, entry, body };
      body.zooPart = { parent: layer, name: part };
      layer.children = new Map([[part, body]]);
    } else layer.children = new Map([[part, { ...unk(reason), opaque: part }]]);
    return layer;
  }

  /** The known part of a torchvision classification model: its count less the parts set by the code. */
  private zooBody(body: Layer): LayerResult {
    const model = body.zooPart!.parent;
    const { entry, reason, touched } = model.zoo!;
    const r = emptyLayerResult();
    r.unknown.outputShape = reason;
    r.unknown.macs = reason;
    let params: number | null = entry!.params;
    // What the code set in the model, walked down through its parts: a part PyTorch counts is replaced (its count
    // leaves the body); a new top-level module adds to the model; anything set deeper than the table's parts
    // (`model.layer4[0].conv1`) leaves the body's count unknown.
    const replaced = (path: string, v: Value): void => {
      if (params === null) return;
      if (isObj(v) && v.t === 'layer' && v.zooPart) { for (const [c, w] of v.children!) replaced(`${path}.${c}`, w); return; }
      if (Object.prototype.hasOwnProperty.call(entry!.parts, path)) params -= entry!.parts[path];
      else if (path.includes('.')) { params = null; r.unknown.params = msg('`{0}` is set in {1}, whose count Layer Lens has only down to its parts', path, body.zooPart!.name); }
    };
    for (const [k, v] of model.children!) if (v !== body) replaced(k, v);
    r.params = params;
    r.trainable = params;
    r.nonTrainable = params === null ? null : 0;
    if (touched && params !== null) { r.trainable = null; r.nonTrainable = null; r.unknown.trainable = touched; r.unknown.nonTrainable = touched; }
    return r;
  }

  private newLayer(type: string, args: Value[], kw: Map<string, Value>, line: number): Layer {
    const layer: Layer = {
      t: 'layer', framework: 'pytorch', type, positional: args, keywords: kw, line, id: this.interp.id(),
      calls: [], paramState: new Map(),
    };
    const file = this.interp.foreignFile();
    if (file) layer.file = file;
    const site = this.interp.callSiteNode();
    if (site) layer.argSite = site;
    if (this.interp.uncertain.length) layer.conditional = this.interp.uncertain[this.interp.uncertain.length - 1];
    if (type === 'DataParallel' || type === 'DistributedDataParallel') {
      // nn.DataParallel(model): the model as its child `module` (its parameters are the model's); calling it
      // calls the model.
      const inner = args[0] ?? kw.get('module') ?? null;
      layer.children = new Map([['module', this.isModule(inner) ? inner : { ...unk(msg('the wrapped model is not known')), opaque: 'module' }]]);
      return layer;
    }
    if (type === 'FloatFunctional') {
      // nn.quantized.FloatFunctional: no parameters; its one child is an Identity observer (as named_modules() lists).
      layer.children = new Map([['activation_post_process', this.newLayer('Identity', [], new Map(), line)]]);
      return layer;
    }
    if (type === 'Sequential') {
      layer.children = new Map();
      const first = args[0];
      if (args.length === 1 && isObj(first) && first.t === 'dict') {
        for (const [k, v] of first.map.values()) layer.children.set(String(k), v);
      } else args.forEach((a, i) => layer.children!.set(String(i), a));
    } else if (type === 'ModuleList' || type === 'ParameterList') {
      layer.children = new Map();
      const items = args[0] === undefined ? [] : this.interp.iterate(args[0]);
      (items ?? [{ ...unk(msg('a module list built from an unknown sequence')), spread: true }]).forEach((a, i) => layer.children!.set(String(i), a));
    } else if (type === 'ModuleDict' || type === 'ParameterDict') {
      layer.children = new Map();
      const src = args[0];
      if (isObj(src) && src.t === 'dict') for (const [k, v] of src.map.values()) layer.children.set(String(k), v);
      else if (src !== undefined) {
        // Built from something not followed (a comprehension over an unknown sequence): the modules still count,
        // their number and names are unknown.
        const pairs = this.interp.iterate(src);
        if (!pairs) layer.children.set('0', { ...unk(msg('a module dict built from {0}', isUnk(src) ? src.reason : show(src))), spread: true });
        for (const p of pairs ?? []) if (isObj(p) && p.t === 'tuple') layer.children.set(show(p.items[0]), p.items[1]);
      }
    }
    return layer;
  }

  private newParam(owner: Layer | null, attr: string, shape: Shape | null, requiresGrad: boolean | null, line?: number): Param {
    const numel = shape && shape.every((d) => d !== null && d >= 0) ? (shape as number[]).reduce((a, b) => a * b, 1) : null;
    return { t: 'param', owner, attr, numel, shape, requiresGrad, id: this.interp.id(), line };
  }

  /** A change to a layer that its catalog row cannot describe: its parameters become unknown. */
  /**
   * A new weight whose shape alone sets the layer's size arguments, the layer having no other parameter: nanoGPT's
   * `wpe.weight = nn.Parameter(wpe.weight[:block_size])` makes an Embedding(block_size, n_embd). The layer's
   * arguments are rewritten to that shape (true when done).
   */
  private resizedBy(layer: Layer, attr: string, value: Param): boolean {
    const shape = value.shape;
    if (attr !== 'weight' || !shape || shape.some((d) => d === null || !Number.isInteger(d) || d < 0)) return false;
    const sized: Record<string, string[]> = { Embedding: ['num_embeddings', 'embedding_dim'] };
    const names = sized[layer.type];
    if (!names || shape.length !== names.length) return false;
    names.forEach((key, i) => {
      if (layer.positional.length > i && !layer.positional.slice(0, i + 1).some(isSpread)) layer.positional[i] = shape[i];
      else layer.keywords.set(key, shape[i]);
    });
    return true;
  }

  private notFollowed(layer: Layer, attr: string, why: string): void {
    layer.children = new Map([[attr, { ...unk(why), opaque: attr }]]);
  }

  /** A layer's weight/bias as a parameter object (for tying and freezing). */
  layerParam(layer: Layer, attr: string): Value {
    const existing = layer.paramState.get(attr);
    if (existing) return existing;
    const rec = this.recurrentParams(layer)?.find(([n]) => n === attr);
    if (rec) {
      const shape = rec[1];
      const q: Param = { t: 'param', owner: layer, attr, numel: shape.reduce((a, d) => a * d, 1), shape, requiresGrad: !layer.frozen, id: this.interp.id(), line: layer.line };
      layer.paramState.set(attr, q);
      return q;
    }
    if (attr !== 'weight' && attr !== 'bias') {
      // A parameter of a layer whose parameters Layer Lens does not name (MultiheadAttention's in_proj_weight):
      // of unknown size, so freezing it makes the trainable count unknown instead of leaving it as it was.
      if (this.paramNames(layer) === null && /weight|bias/.test(attr)) {
        const q: Param = { t: 'param', owner: layer, attr, numel: null, shape: null, requiresGrad: !layer.frozen, id: this.interp.id(), line: layer.line };
        layer.paramState.set(attr, q);
        return q;
      }
      return unk(msg('`{0}` of {1}', attr, layer.type));
    }
    const r = this.resultOf(layer);
    let numel: number | null = null;
    if (r.params !== null) {
      const biasSize = this.biasSize(layer, r);
      if (attr === 'bias') numel = biasSize;
      else numel = biasSize === null ? null : r.params - biasSize;
    }
    const p: Param = { t: 'param', owner: layer, attr, numel, shape: this.layerParamShape(layer, attr, r, numel), requiresGrad: true, id: this.interp.id(), line: layer.line };
    layer.paramState.set(attr, p);
    return p;
  }

  /** The shape of a layer's weight or bias, for the layers whose weight layout is fixed; checked against its count. */
  private layerParamShape(layer: Layer, attr: string, r: LayerResult, numel: number | null): Shape | null {
    if (numel === null) return null;
    if (attr === 'bias') return [numel];
    const t = layer.type.replace(/^Lazy/, '');
    const { inChannels: i, outChannels: o, kernel: k, groups: g } = r;
    let shape: (number | null)[] | null = null;
    if (t === 'Linear') shape = [o, i];
    else if ((t === 'Embedding' || t === 'EmbeddingBag') && o) shape = [numel / o, o];
    else if (/^Conv[123]d$/.test(t) && k && g && i !== null) shape = [o, i / g, ...k];
    else if (/^ConvTranspose[123]d$/.test(t) && k && g && o !== null) shape = [i, o / g, ...k];
    if (!shape || !shape.every((d) => d !== null && Number.isInteger(d) && d > 0)) return null;
    return shape.reduce((a, b) => a! * b!, 1) === numel ? shape : null;
  }

  /** Size of a layer's bias vector, for the layer types with exactly weight + optional bias. */
  private biasSize(layer: Layer, r: LayerResult): number | null {
    const hasBias = (key: string, pos: number) => {
      const v = layer.keywords.get(key) ?? layer.positional[pos];
      return v === undefined ? true : truthy(v);
    };
    switch (layer.type) {
      case 'Linear': case 'LazyLinear': return hasBias('bias', layer.type === 'Linear' ? 2 : 1) === false ? 0 : r.outChannels;
      case 'Conv1d': case 'Conv2d': case 'Conv3d': return hasBias('bias', 7) === false ? 0 : r.outChannels;
      case 'Embedding': case 'EmbeddingBag': case 'PReLU': return 0;
      case 'Bilinear': return hasBias('bias', 3) === false ? 0 : num(layer.keywords.get('out_features') ?? layer.positional[2] ?? null);
      default:
        // Affine norms: weight and bias of the same size.
        if (/^(Lazy)?(BatchNorm[123]d|GroupNorm|LayerNorm|InstanceNorm[123]d)$/.test(layer.type) && r.params !== null) return r.params / 2;
        return null;
    }
  }

  // ---- Host ----

  call(callee: Value, args: Value[], kw: Map<string, Value>, line: number): Value | undefined {
    if (!isObj(callee)) return undefined;
    switch (callee.t) {
      case 'ext': return this.callExternal(callee.path, args, kw, line);
      case 'layer': return callee.framework === 'pytorch' ? this.callLayer(callee, args, kw, line) : undefined;
      case 'instance': {
        if (!this.isModuleInstance(callee)) return undefined;
        return this.callModule(callee, args, kw, line);
      }
      case 'class': {
        // A subclass of a builtin layer type (class MyConv(nn.Conv2d)) is evaluated as that layer when it adds no __init__.
        return undefined;
      }
      default: return undefined;
    }
  }

  private callExternal(path: string, args: Value[], kw: Map<string, Value>, line: number): Value | undefined {
    const std = callStdlib(this.interp, path, args, kw);
    if (std !== undefined) return std;
    const type = torchLayerType(path);
    if (type) return this.newLayer(type, args, kw, line);
    const segs = path.split('.');
    const name = segs[segs.length - 1];
    if (path === 'torch.nn.Parameter' || path === 'torch.nn.parameter.Parameter') {
      const data = args[0] ?? kw.get('data');
      const rg = kw.get('requires_grad') ?? args[1] ?? true;
      const shape = isTensor(data ?? null) ? this.dataShape(data as Tensor) : null;
      return this.newParam(null, '', shape, truthy(rg), line);
    }
    if (segs[0] === 'numpy') return this.numpy(name, args, kw);
    if (segs[0] === 'einops' && segs.length === 2 && (name === 'rearrange' || name === 'reduce' || name === 'repeat')) return this.einops(name, args, kw);
    if (segs[0] === 'torch' && COSTLY.has(name)) this.state.costly++;
    const zoo = zooModel(path);
    if (zoo) {
      const builder = name === 'get_model' ? args[0] : path === 'torch.hub.load' ? args[1] : name;
      return this.externalModel(typeof builder === 'string' ? builder : name, zoo, line, zooEntry(path, args, kw));
    }
    // `nn.Module.__init__(self)`, `nn.Sequential.__init__(self, *layers)`: what super().__init__ would run.
    if (name === '__init__' && segs[0] === 'torch' && isObj(args[0] ?? null) && (args[0] as PyInstance).t === 'instance') {
      const init = this.superAttr(segs.slice(0, -1).join('.'), args[0]!, '__init__');
      if (init && isObj(init) && init.t === 'builtin') return init.call(args.slice(1), kw, line);
    }
    if (path.startsWith('<op>')) {
      const [a, b] = args;
      const values = vt.binary(path.slice(4), a ?? null, b ?? null, 'float32');
      if (values) return values;
      if ((isTensor(a ?? null) && (a as Tensor).node) || (isTensor(b ?? null) && (b as Tensor).node)) return undefined; // Keras graph
      // Elementwise arithmetic on a parameter (weight standardisation) keeps the parameter's identity.
      if (isObj(a ?? null) && (a as Param).t === 'param' && !isTensor(b ?? null)) return a!;
      if (isObj(b ?? null) && (b as Param).t === 'param' && !isTensor(a ?? null)) return b!;
      if (path === '<op>@') this.state.costly++;
      if (path === '<op>@') return matmul(paramAsTensor(a ?? null), paramAsTensor(b ?? null));
      return this.tensorBinary(args[0], args[1]);
    }
    if (name === 'from_pretrained' && (segs[segs.length - 2] === 'Embedding' || segs[segs.length - 2] === 'EmbeddingBag')) {
      const data = args[0] ?? kw.get('embeddings') ?? null;
      const shape = isTensor(data) ? this.dataShape(data) : null;
      const dims: Value[] = shape && shape.length === 2 ? shape.map((d) => d ?? unk(msg('the embedding size is not known'))) : [unk(msg('the pretrained matrix has an unknown shape'), 'V'), unk(msg('the pretrained matrix has an unknown shape'), 'D')];
      const rest = new Map([...kw].filter(([k]) => k !== 'embeddings' && k !== 'freeze'));
      const layer = this.newLayer(segs[segs.length - 2], dims, rest, line);
      const freeze = args[1] ?? kw.get('freeze') ?? true;
      layer.frozen = truthy(freeze) === true;
      return layer;
    }
    if (segs[0] !== 'torch') return undefined;
    // Tensor factories: torch.zeros(1, 1, dim), torch.randn((2, 3)).
    if (name === 'arange') return vt.arange(arangeArgs(args, kw, 'end'), 'float32');
    if (name === 'linspace') return vt.linspace(args, kw, 'float32');
    if (name === 'tensor' || name === 'as_tensor') {
      // torch.tensor(0.5): a 0-d tensor.
      const x0 = args[0] ?? null;
      const n = num(x0);
      if (n !== null && !isObj(x0 ?? null)) return vt.vtensor([n], typeof x0 === 'number' && Number.isInteger(x0) ? 'int' : 'float32', []);
      if (isObj(x0) && x0.t === 'float') return vt.vtensor([x0.v], 'float32', []);
      return vt.fromList(this.interp.iterate(x0), 'float32');
    }
    if (name === 'eye') {
      // torch.eye(n, m=n): an n×m matrix (a data tensor, no batch dim).
      const r = num(args[0] ?? kw.get('n') ?? null), c = num(args[1] ?? kw.get('m') ?? args[0] ?? null);
      return r !== null && c !== null && Number.isInteger(r) && Number.isInteger(c) ? tensor([r, c], undefined, -1) : unknownTensor(msg('torch.eye of an unknown size'));
    }
    if (name === 'diag' && segs[0] === 'torch' && isTensor(args[0] ?? null) && (args[0] as Tensor).batchAxis < 0) {
      // torch.diag(v, k): a 1-d v gives a square matrix of n + |k|; a matrix gives its k-th diagonal.
      const s = (args[0] as Tensor).shape;
      const k = num(args[1] ?? kw.get('diagonal') ?? 0);
      if (!s || k === null || !Number.isInteger(k) || s.some((d) => d === null)) return unknownTensor(msg('`{0}` with unknown arguments', name));
      const [n, m] = s as number[];
      if (s.length === 1) return tensor([n + Math.abs(k), n + Math.abs(k)], undefined, -1);
      if (s.length === 2) return tensor([Math.max(0, k >= 0 ? Math.min(n, m - k) : Math.min(n + k, m))], undefined, -1);
      return unknownTensor(msg('`{0}` with unknown arguments', name));
    }
    // Legacy constructors: torch.Tensor(4, 8) / torch.FloatTensor(8) make a tensor of that size; given a list,
    // a tensor of those values.
    if (/^(Tensor|FloatTensor|DoubleTensor|HalfTensor|LongTensor|IntTensor|ByteTensor|BoolTensor)$/.test(name)) {
      if (args.length === 1 && isObj(args[0] ?? null) && ((args[0] as Value & object).t === 'list' || (args[0] as Value & object).t === 'tuple')) {
        return vt.fromList(this.interp.iterate(args[0]!), 'float32');
      }
      if (args.length === 0) return tensor([0], undefined, -1);
      return this.factory('empty', args, kw);
    }
    if (args.some((a) => vt.isVTensor(a))) {
      const t = args.find((a) => vt.isVTensor(a)) as Parameters<typeof vt.call>[1];
      if (name === 'pow' || name === 'divide' || name === 'div' || name === 'mul' || name === 'add' || name === 'sub') {
        const op = { pow: '**', divide: '/', div: '/', mul: '*', add: '+', sub: '-' }[name];
        return vt.binary(op, args[0] ?? null, args[1] ?? null, 'float32') ?? undefined;
      }
      const r = vt.call(name, t, args.slice(1), 'float32');
      if (r !== undefined) return r;
    }
    if (['zeros', 'ones', 'randn', 'rand', 'empty', 'full', 'zeros_like', 'ones_like', 'randn_like', 'empty_like', 'eye'].includes(name)) {
      return this.factory(name, args, kw);
    }
    if (/^(hann|hamming|blackman|bartlett|kaiser)_window$/.test(name) && segs[0] === 'torch') {
      // torch.hann_window(n) …: a 1-d tensor of n values (not per sample).
      const n = num(args[0] ?? kw.get('window_length') ?? null);
      return n !== null && Number.isInteger(n) && n >= 0 ? tensor([n], undefined, -1) : unknownTensor(msg('`{0}` with unknown arguments', name));
    }
    if (name === '__setattr__' && (path === 'torch.nn.Module.__setattr__' || path === 'torch.nn.modules.module.Module.__setattr__') && this.isModule(args[0] ?? null)) {
      // nn.Module.__setattr__(self, 'b', module): registers it as self.b = module does.
      const key = args[1] ?? null;
      if (typeof key === 'string') this.interp.setAttr(args[0]!, key, args[2] ?? null);
      else this.opaqueChild(args[0] as PyInstance | Layer, msg('an attribute with an unknown name set through __setattr__'));
      return null;
    }
    if (name === 'weight_norm' && segs.includes('utils') && isObj(args[0] ?? null) && (args[0] as Layer).t === 'layer') {
      // weight = g · v / ‖v‖: v has the weight's shape, g one value per slice along `dim` (0 by default; None:
      // one value). The layer gains g's count.
      const layer = args[0] as Layer;
      const dimV = args[2] !== undefined ? args[2] : kw.has('dim') ? kw.get('dim')! : 0;
      const wname = args[1] ?? kw.get('name') ?? 'weight';
      const r = this.resultOf(layer);
      const transposed = /^ConvTranspose/.test(layer.type);
      const along0 = transposed ? r.inChannels : r.outChannels;
      const known = wname === 'weight' && /^(Linear|Conv[123]d|ConvTranspose[123]d)$/.test(layer.type);
      const numel = !known ? null : dimV === null ? 1 : dimV === 0 && typeof along0 === 'number' ? along0 : null;
      (layer.extraParams ??= []).push({ numel, why: msg('weight_norm along a dim that is not followed') });
      return layer;
    }
    if (name === 'spectral_norm' && segs.includes('utils') && this.isModule(args[0] ?? null)) {
      // Spectral normalisation keeps the weight's count (weight_orig, or parametrizations.weight.original, in
      // place of weight; u and v are buffers). It returns the module.
      return args[0]!;
    }
    if (name === 'register_parametrization' && segs.includes('parametrize')) {
      // The layer gains `parametrizations.<name>.original` and the parametrization's own parameters, which the
      // catalog row does not describe (nor what trains once code reaches into them): not followed.
      const [target, attr] = [args[0] ?? kw.get('module'), args[1] ?? kw.get('tensor_name')];
      const where = typeof attr === 'string' ? attr : 'weight';
      if (isObj(target ?? null) && (target as Layer).t === 'layer') this.notFollowed(target as Layer, where, msg('a parametrization is registered on it'));
      else if (isObj(target ?? null) && (target as PyInstance).t === 'instance' && this.isModule(target!)) {
        const inst = target as PyInstance;
        inst.params ??= new Map();
        inst.params.set(`parametrizations.${where}`, this.newParam(null, 'parametrizations', null, null, line));
      }
      return null;
    }
    if (segs.includes('init')) return args[0] ?? null; // nn.init.* fills in place
    // torch.jit.script(model) / torch.jit.trace(model, example): the same modules and parameters, under the same
    // names (and a scripted function is the function).
    if (segs[1] === 'jit' && (name === 'script' || name === 'trace' || name === 'trace_module') && args[0] !== undefined) return args[0];
    if (segs[1] === 'jit' && (name === 'export' || name === 'ignore' || name === 'unused')) return args[0] ?? null;
    const x = args[0];
    if (segs[0] === 'torch' && Object.prototype.hasOwnProperty.call(FUNCTIONAL_AS_LAYER, name) && isTensor(x ?? null)) {
      const [type, names] = FUNCTIONAL_AS_LAYER[name];
      const keywords = kwToC(kw);
      args.slice(1).forEach((a, i) => { keywords[names[i] ?? `#${i}`] = toCValue(a); });
      const r = evaluateLayer(catalogs.pytorch, type, { positional: [], keywords }, { inputs: [(x as Tensor).shape], inputReason: (x as Tensor).reason });
      if (!r) return unknownTensor(msg('`{0}` is not known', name));
      return this.out(x as Tensor, r.outputShape, r.unknown.outputShape);
    }
    // Some ops only for torch's own functions (a library's `utils.narrow` need not be torch.narrow).
    const torchOp = segs[0] === 'torch';
    switch (name) {
      case 'flatten': return isTensor(x ?? null) ? flatten(x as Tensor, args[1] ?? kw.get('start_dim') ?? 0, args[2] ?? kw.get('end_dim') ?? -1) : undefined;
      case 'cat': case 'concat': case 'concatenate': case 'stack': case 'hstack': case 'vstack': {
        const raw = this.interp.iterate(args[0] ?? null);
        if (!raw) return unknownTensor(msg('concatenation of an unknown sequence'));
        const items = raw.map((v) => (isObj(v) && v.t === 'param' ? this.paramTensor(v) : v));
        this.state.branched = true;
        const dim = args[1] ?? kw.get('dim') ?? kw.get('axis') ?? 0;
        return concat(items, name === 'hstack' ? 1 : name === 'vstack' ? 0 : dim, name === 'stack');
      }
      case 'reshape': return isTensor(x ?? null) ? reshape(x as Tensor, sizeArgs(args.slice(1), kw, 'shape')) : undefined;
      case 'permute': return isTensor(x ?? null) ? permute(x as Tensor, sizeArgs(args.slice(1), kw, 'dims')) : undefined;
      case 'transpose': case 'swapaxes': return isTensor(x ?? null) ? transpose(x as Tensor, args[1] ?? kw.get('dim0') ?? kw.get('axis0') ?? null, args[2] ?? kw.get('dim1') ?? kw.get('axis1') ?? null) : undefined;
      case 'mean': case 'sum': case 'amax': case 'amin': case 'max': case 'min': case 'std': case 'var': case 'logsumexp': case 'prod': case 'norm':
        // torch.max(a, b) / torch.min(a, b) of two tensors: elementwise, as torch.maximum.
        if ((name === 'max' || name === 'min') && isObj(args[1] ?? null) && ((args[1] as Value & object).t === 'tensor' || (args[1] as Value & object).t === 'param')) return this.elementwise(args, true);
        if (isTensor(x ?? null)) {
          const r = reduce(x as Tensor, args[1] ?? kw.get('dim'), kw.get('keepdim') ?? args[2] ?? false);
          if ((name === 'max' || name === 'min') && (args[1] !== undefined || kw.has('dim'))) return { t: 'tuple', items: [r, r] };
          return r;
        }
        if (name === 'max' || name === 'min') return this.elementwise(args, true);
        return undefined;
      case 'unbind': return isTensor(x ?? null) ? unbind(x as Tensor, args[1] ?? kw.get('dim') ?? 0) : undefined;
      case 'argmax': case 'argmin': return torchOp && isTensor(x ?? null) ? reduce(x as Tensor, args[1] ?? kw.get('dim'), kw.get('keepdim') ?? args[2] ?? false) : undefined;
      case 'topk': return torchOp && isTensor(x ?? null) ? topk(x as Tensor, args[1] ?? kw.get('k') ?? null, args[2] ?? kw.get('dim') ?? -1) : undefined;
      case 'sort': case 'argsort': return torchOp && isTensor(x ?? null) ? sorted(x as Tensor, args[1] ?? kw.get('dim') ?? -1, name === 'sort') : undefined;
      case 'movedim': case 'moveaxis': return torchOp && isTensor(x ?? null) ? movedim(x as Tensor, args[1] ?? kw.get('source') ?? null, args[2] ?? kw.get('destination') ?? null) : undefined;
      case 'narrow': return torchOp && isTensor(x ?? null) ? narrow(x as Tensor, args[1] ?? kw.get('dim') ?? null, args[2] ?? kw.get('start') ?? null, args[3] ?? kw.get('length') ?? null) : undefined;
      case 'tensor_split': return torchOp && isTensor(x ?? null) ? tensorSplit(x as Tensor, args[1] ?? kw.get('indices_or_sections') ?? kw.get('sections') ?? kw.get('indices') ?? null, args[2] ?? kw.get('dim') ?? 0) : undefined;
      case 'tile': return torchOp && isTensor(x ?? null) ? tile(x as Tensor, sizeArgs(args.slice(1), kw, 'dims')) : undefined;
      case 'rfft': case 'fft': case 'ifft': {
        // torch.fft.rfft(x, n=None, dim=-1): n//2 + 1 frequencies along dim (fft / ifft keep n) — x's size when n is None.
        if (!torchOp || !segs.includes('fft') || !isTensor(x ?? null)) return undefined;
        const s = full(x as Tensor);
        if (!s) return unknownTensor((x as Tensor).reason ?? msg('the input shape is not known'));
        const i = axis(args[2] ?? kw.get('dim') ?? -1, s.length);
        const nArg = args[1] ?? kw.get('n') ?? null;
        if (i === null || s[i] === 'B') return unknownTensor(msg('`{0}` along an unknown dim', name));
        const n = nArg === null ? s[i] as number | null : num(nArg);
        if (n === null || !Number.isInteger(n) || n < 1) return unknownTensor(msg('`{0}` with unknown arguments', name));
        const o = [...s];
        o[i] = name === 'rfft' ? Math.floor(n / 2) + 1 : n;
        return fromFull(o, x as Tensor);
      }
      case 'one_hot': return torchOp && isTensor(x ?? null) ? oneHot(x as Tensor, args[1] ?? kw.get('num_classes') ?? -1) : undefined;
      case 'chunk': return isTensor(x ?? null) ? chunk(x as Tensor, args[1] ?? kw.get('chunks') ?? null, args[2] ?? kw.get('dim') ?? 0) : undefined;
      case 'split': return isTensor(x ?? null) ? split(x as Tensor, args[1] ?? kw.get('split_size_or_sections') ?? null, args[2] ?? kw.get('dim') ?? 0) : undefined;
      case 'squeeze': return isTensor(x ?? null) ? squeeze(x as Tensor, args[1] ?? kw.get('dim')) : undefined;
      case 'unsqueeze': return isTensor(x ?? null) ? unsqueeze(x as Tensor, args[1] ?? kw.get('dim') ?? 0) : undefined;
      case 'pad': return isTensor(x ?? null) ? this.pad(x as Tensor, args[1] ?? kw.get('pad') ?? null) : undefined;
      case 'glu': return isTensor(x ?? null) ? this.glu(x as Tensor, args[1] ?? kw.get('dim') ?? -1) : undefined;
      case 'conv1d': case 'conv2d': case 'conv3d': case 'linear': {
        const viaWeight = isTensor(x ?? null) ? this.functionalWithWeight(name, x as Tensor, args, kw) : undefined;
        if (viaWeight) return viaWeight;
        return unknownTensor(msg('the shape after `{0}` is not evaluated', name));
      }
      case 'matmul': case 'bmm': case 'mm':
        if (isTensor(paramAsTensor(x ?? null)) && isTensor(paramAsTensor(args[1] ?? null))) return matmul(paramAsTensor(x!), paramAsTensor(args[1]!));
        return unknownTensor(msg('the shape after `{0}` is not evaluated', name));
      case 'einsum': {
        const ops = args.length === 2 && isObj(args[1] ?? null) && ((args[1] as Value & object).t === 'list' || (args[1] as Value & object).t === 'tuple') ? (args[1] as { items: Value[] }).items : args.slice(1);
        return einsum(x ?? null, ops.map(paramAsTensor));
      }
      case 'conv_transpose2d': case 'embedding': case 'scaled_dot_product_attention':
        if (name === 'scaled_dot_product_attention' && isTensor(x ?? null)) return x!;
        return unknownTensor(msg('the shape after `{0}` is not evaluated', name));
      case 'no_grad': case 'device': case 'manual_seed': case 'set_grad_enabled': case 'inference_mode': return unk(`torch.${name}`);
      case 'is_tensor': return isTensor(x ?? null);
      case 'Size': {
        // torch.Size([3, 4]): a tuple of its sizes.
        if (segs.length !== 2 || segs[0] !== 'torch') return undefined;
        const items = x === undefined ? [] : this.interp.iterate(x);
        return items && items.every((v) => typeof v === 'number') ? { t: 'tuple', items } : undefined;
      }
      case 'checkpoint': {
        // torch.utils.checkpoint.checkpoint(fn, *args)
        return x ? this.interp.callValue(x, args.slice(1), new Map(), line) : undefined;
      }
    }
    // torch.clamp(x, lo, hi) broadcasts x with tensor bounds.
    if (SHAPE_KEEPING.has(name)) return this.elementwise(args, TENSOR_OPERANDS.has(name) || ((name === 'clamp' || name === 'clip') && args.slice(1).some((a) => isTensor(paramAsTensor(a)))));
    return undefined;
  }

  /** F.conv2d(x, w, b, stride, padding, dilation, groups) / F.linear(x, w, b) where w is a known layer's weight. */
  private functionalWithWeight(name: string, x: Tensor, args: Value[], kw: Map<string, Value>): Value | undefined {
    const w = args[1] ?? kw.get('weight');
    if (!isObj(w ?? null) || (w as Param).t !== 'param') return undefined;
    const owner = (w as Param).owner;
    if (!owner) return this.functionalWithShape(name, x, (w as Param).shape, args, kw);
    const base = this.resultOf(owner);
    if (base.outChannels === null) return undefined;
    if (name === 'linear') {
      if (base.inChannels === null) return undefined;
      const r = evaluateLayer(catalogs.pytorch, 'Linear', { positional: [base.inChannels, base.outChannels], keywords: {} }, { inputs: [x.shape], inputReason: x.reason });
      return r ? this.out(x, r.outputShape, r.unknown.outputShape) : undefined;
    }
    const nd = Number(name[4]);
    if (!base.kernel || base.inChannels === null) return undefined;
    const names = ['bias', 'stride', 'padding', 'dilation', 'groups'];
    const keywords: Record<string, ReturnType<typeof toCValue>> = {};
    names.forEach((n, i) => {
      const v = args[i + 2] ?? kw.get(n);
      if (v !== undefined && n !== 'bias') keywords[n] = toCValue(v);
    });
    const r = evaluateLayer(catalogs.pytorch, `Conv${nd}d`, { positional: [base.inChannels, base.outChannels, base.kernel], keywords }, { inputs: [x.shape], inputReason: x.reason });
    return r ? this.out(x, r.outputShape, r.unknown.outputShape) : undefined;
  }

  /**
   * F.linear(x, w) / F.conv2d(x, w, …) with a parameter of the file of known shape (`nn.Parameter(torch.randn(out,
   * in))`): the layer that weight belongs to, Linear(in, out) or Conv(in_per_group·groups, out, kernel, groups).
   */
  private functionalWithShape(name: string, x: Tensor, shape: Shape | null | undefined, args: Value[], kw: Map<string, Value>): Value | undefined {
    if (!shape || shape.some((d) => d === null)) return undefined;
    const dims = shape as number[];
    if (name === 'linear') {
      if (dims.length !== 2) return undefined;
      const r = evaluateLayer(catalogs.pytorch, 'Linear', { positional: [dims[1], dims[0]], keywords: {} }, { inputs: [x.shape], inputReason: x.reason });
      return r ? this.out(x, r.outputShape, r.unknown.outputShape) : undefined;
    }
    const nd = Number(name[4]);
    if (dims.length !== nd + 2) return undefined;
    const names = ['bias', 'stride', 'padding', 'dilation', 'groups'];
    const keywords: Record<string, ReturnType<typeof toCValue>> = {};
    names.forEach((n, i) => {
      const v = args[i + 2] ?? kw.get(n);
      if (v !== undefined && n !== 'bias') keywords[n] = toCValue(v);
    });
    const g = keywords.groups === undefined ? 1 : keywords.groups;
    if (typeof g !== 'number' || !Number.isInteger(g) || g <= 0) return undefined;
    const r = evaluateLayer(catalogs.pytorch, `Conv${nd}d`, { positional: [dims[1] * g, dims[0], dims.slice(2)], keywords }, { inputs: [x.shape], inputReason: x.reason });
    return r ? this.out(x, r.outputShape, r.unknown.outputShape) : undefined;
  }

  /** einops.rearrange / reduce / repeat of a tensor: the shape from the pattern (its batch dim kept apart). */
  private einops(name: EinopsOp, args: Value[], kw: Map<string, Value>): Value {
    const x = paramAsTensor(args[0] ?? kw.get('tensor') ?? null);
    const pattern = args[1] ?? kw.get('pattern') ?? null;
    if (!isTensor(x)) return unknownTensor(msg('einops.{0} of a value that is not a tensor', name));
    const s = full(x);
    if (!s) return unknownTensor(x.reason ?? msg('the input shape is not known'));
    if (typeof pattern !== 'string') return unknownTensor(msg('the einops pattern is not known'));
    const axes: Record<string, FullDim> = {};
    for (const [k, v] of kw) {
      if (k === 'tensor' || k === 'pattern' || k === 'reduction') continue;
      const n = num(v);
      axes[k] = isObj(v) && v.t === 'batch' ? 'B' : n !== null && Number.isInteger(n) && n > 0 ? n : null;
    }
    const out = einopsShape(name, pattern, axes, s);
    return typeof out === 'string' ? unknownTensor(out) : fromFull(out, x);
  }

  /** NumPy on known values (np.arange, np.linspace, np.array, np.round …); float64 arithmetic. */
  private numpy(name: string, args: Value[], kw: Map<string, Value>): Value | undefined {
    switch (name) {
      case 'arange': return vt.arange(arangeArgs(args, kw, 'stop'), 'float64');
      case 'linspace': return vt.linspace(args, kw, 'float64');
      case 'array': case 'asarray': return vt.fromList(this.interp.iterate(args[0] ?? null), 'float64');
      case 'atleast_1d': {
        // MONAI's same_padding: a number or a sequence of kernel sizes as a 1-d array.
        const a = args[0] ?? null;
        if (args.length !== 1) return undefined;
        if (vt.isVTensor(a)) return a.shape!.length === 0 ? vt.vtensor(a.values, a.dtype) : a;
        if (isObj(a) && (a.t === 'list' || a.t === 'tuple')) return vt.fromList(a.items, 'float64');
        return num(a) !== null ? vt.fromList([a], 'float64') : undefined;
      }
    }
    const t = args.find((a) => vt.isVTensor(a));
    if (t) {
      if (['power', 'divide', 'multiply', 'add', 'subtract'].includes(name)) {
        const op = { power: '**', divide: '/', multiply: '*', add: '+', subtract: '-' }[name]!;
        return vt.binary(op, args[0] ?? null, args[1] ?? null, 'float64') ?? undefined;
      }
      return vt.call(name, t as Parameters<typeof vt.call>[1], args.slice(1), 'float64');
    }
    return undefined;
  }

  /** `operands`: every argument may be a tensor (torch.add, torch.max(a, b)), not a number of the op (dropout's p). */
  private elementwise(args0: Value[], operands = false): Value {
    // F.layer_norm(x, shape, weight, bias), F.batch_norm(x, mean, var …), F.prelu(x, weight): the other tensors
    // are the op's own parameters, and the result has x's shape.
    if (!operands && isTensor(args0[0] ?? null)) return args0[0];
    const args = args0.map(paramAsTensor);
    const ts = args.filter((a) => isTensor(a));
    if (!ts.length) return unk(msg('an elementwise op of non-tensors'));
    // An operand that is not known may be a tensor of another shape (torch.max(x, y) with y unknown).
    const unknownArg = operands ? args.find((a) => isUnk(a)) : undefined;
    if (unknownArg && isUnk(unknownArg)) return unknownTensor(msg('an elementwise op with {0}', unknownArg.reason));
    if (ts.length > 1) return this.tensorBinary(ts[0], ts[1]);
    return ts[0];
  }

  private tensorBinary(a: Value | undefined, b: Value | undefined): Value {
    if (isTensor(a ?? null) && isTensor(b ?? null)) this.state.branched = true;
    return broadcast(a ?? null, b ?? null);
  }

  private dataShape(t: Tensor): Shape | null {
    if (!t.shape) return null;
    return t.batchAxis < 0 ? t.shape : null;
  }

  private factory(name: string, args: Value[], kw: Map<string, Value>): Value {
    if (name.endsWith('_like')) return isTensor(args[0] ?? null) ? args[0] : unknownTensor(msg('a tensor like an unknown'));
    let dims = args;
    if (name === 'full') dims = args.slice(0, 1);
    if (name === 'tensor' || name === 'arange' || name === 'linspace' || name === 'eye') return unknownTensor(msg('a tensor from torch.{0}', name));
    if (dims.length === 1 && isObj(dims[0]) && (dims[0].t === 'tuple' || dims[0].t === 'list')) dims = dims[0].items;
    if (kw.has('size')) { const s = kw.get('size')!; dims = isObj(s) && (s.t === 'tuple' || s.t === 'list') ? s.items : [s]; }
    // torch.zeros(x.shape[0], …): a dim given as the batch size is the batch dim.
    const fullShape: (Dim | 'B')[] = dims.map((d) => { if (isObj(d) && d.t === 'batch') return 'B'; const n = num(d); return n !== null && Number.isInteger(n) ? n : null; });
    if (fullShape.some((d) => d !== null && d !== 'B' && d < 0)) return unknownTensor(msg('torch.{0} of a negative size: PyTorch raises', name));
    const batches = fullShape.filter((d) => d === 'B').length;
    if (batches > 1) return unknownTensor(msg('a tensor with several dims of the batch size'));
    const t = fromFull(fullShape);
    return fullShape.some((d) => d === null) ? { ...t, reason: msg('a tensor of unknown size') } : t;
  }

  private pad(t: Tensor, pad: Value): Value {
    const s = full(t);
    const p = isObj(pad) && (pad.t === 'tuple' || pad.t === 'list') ? pad.items.map(num) : null;
    if (!s || !p || p.some((x) => x === null) || p.length % 2) return unknownTensor(msg('padding by unknown amounts'));
    const out = [...s];
    for (let i = 0; i < p.length / 2; i++) {
      const ax = out.length - 1 - i;
      const d = out[ax];
      if (d === 'B') return unknownTensor(msg('padding of the batch dim'));
      out[ax] = d === null ? null : d + p[2 * i]! + p[2 * i + 1]!;
    }
    return fromFull(out, t);
  }

  private glu(t: Tensor, dim: Value): Value {
    const s = full(t);
    const i = s ? (num(dim) !== null ? (num(dim)! < 0 ? s.length + num(dim)! : num(dim)!) : null) : null;
    if (!s || i === null || s[i] === 'B') return unknownTensor(msg('glu over an unknown dim'));
    // An odd size cannot be halved: PyTorch raises.
    if (typeof s[i] === 'number' && (s[i] as number) % 2 !== 0) return unknownTensor(msg('GLU halves dim {0}, whose size {1} is odd: torch raises', show(dim), s[i] as number));
    const out = [...s];
    out[i] = out[i] === null ? null : (out[i] as number) / 2;
    return fromFull(out, t);
  }

  private out(input: Tensor, shape: Shape | null, reason?: string): Tensor {
    if (!shape) return { t: 'tensor', shape: null, batchAxis: input.batchAxis, reason: reason ?? input.reason ?? msg('the output shape is not known') };
    return { t: 'tensor', shape, batchAxis: input.batchAxis, producer: input.producer, producerShape: input.producerShape };
  }

  // ---- calling layers and modules ----

  resultOf(layer: Layer): LayerResult {
    const cached = this.state.results.get(layer);
    if (cached) return cached;
    const r = this.compute(layer, [], this.state.traced ? msg('never called in forward()') : msg('the input shape is not known: add a comment like `# input: 1x28x28` above the model'));
    return r;
  }

  private compute(layer: Layer, inputs: (Shape | null)[], inputReason?: string): LayerResult {
    if (layer.type === ZOO_BODY) return this.zooBody(layer);
    if (layer.children && (layer.type === 'ParameterList' || layer.type === 'ParameterDict')) {
      // Its parameters are its own (no submodules): their sizes add up; it is not called.
      const r = emptyLayerResult();
      let n: number | null = 0, frozen: number | null = 0;
      for (const v of layer.children.values()) {
        const p = isObj(v) && v.t === 'param' ? v : null;
        const size = p ? p.numel : null;
        n = n === null || size === null ? null : n + size;
        if (!p || p.requiresGrad === null) frozen = null;
        else if (p.requiresGrad === false) frozen = frozen === null || size === null ? null : frozen + size;
      }
      r.params = n;
      r.trainable = n === null || frozen === null ? null : n - frozen;
      r.nonTrainable = n === null || frozen === null ? null : frozen;
      r.macs = 0;
      r.unknown.outputShape = msg('a {0} is not called', layer.type);
      if (n === null) r.unknown.params = msg('a value of the {0} is not a parameter of known size', layer.type);
      if (r.trainable === null) r.unknown.trainable = r.unknown.nonTrainable = r.unknown.params ?? msg('whether its parameters train is not known');
      return r;
    }
    if (layer.children) {
      // An empty container is a leaf of the module tree: no parameters, the identity on its input.
      const r = emptyLayerResult(layer.children.size ? msg('{0} holds values that are not modules', layer.type) : undefined);
      if (!layer.children.size) {
        r.params = 0; r.trainable = 0; r.nonTrainable = 0; r.macs = 0;
        r.outputShape = inputs[0] ?? null;
        if (!r.outputShape) r.unknown.outputShape = inputReason ?? msg('the input shape is not known');
      }
      return r;
    }
    const r = evaluateLayer(catalogs.pytorch, layer.type,
      { positional: layer.positional.map((a) => toCValue(a)), keywords: kwToC(layer.keywords) },
      { inputs, inputReason });
    return r ?? emptyLayerResult(msg('nn.{0} is not in the Layer Lens catalog yet', layer.type));
  }

  private callLayer(layer: Layer, args: Value[], kw: Map<string, Value>, line: number): Value {
    if (layer.framework !== 'pytorch') return unk(msg('not a PyTorch layer'));
    if (layer.children && layer.children.size === 0 && isTensor(args[0] ?? null)) {
      const x = args[0] as Tensor;
      if (!this.state.results.has(layer)) {
        this.state.results.set(layer, this.compute(layer, [x.shape], x.reason));
        this.state.inputs.set(layer, x.shape);
        this.state.order.push(layer);
      }
      return x;
    }
    if (layer.type === 'DataParallel' || layer.type === 'DistributedDataParallel') {
      const inner = layer.children!.get('module') ?? null;
      return this.isModule(inner) ? this.interp.callValue(inner, args, kw, line) : unknownTensor(msg('the wrapped model is not known'));
    }
    if (layer.type === EXTERNAL_MODEL) return unknownTensor(zooRoot(layer).zoo?.reason ?? msg('the output of {0} is not known', this.label(layer)));
    if (layer.type === 'Sequential') {
      let x: Value = args[0] ?? null;
      for (const child of layer.children!.values()) x = this.interp.callValue(child, [x], new Map(), line);
      return x;
    }
    if (layer.children) return unk(msg('a {0} is not callable', layer.type));
    // A parameter passed to a layer (self.enc(self.prior)) is the tensor it holds.
    const inputs0 = args.map((a) => (isObj(a) && a.t === 'param' ? this.paramTensor(a) : a)).filter(isTensor) as Tensor[];
    if (!inputs0[0]) {
      // Called with something that is not a tensor we track.
      const prev = this.state.results.get(layer);
      if (!prev) {
        this.state.results.set(layer, this.compute(layer, [], msg('its input is not known')));
        this.state.order.push(layer);
      } else if (prev.macs !== null && prev.macs !== 0) {
        // A later call on an input not followed costs what is not known (a layer whose calls cost nothing stays 0).
        this.state.results.set(layer, { ...prev, macs: null, unknown: { ...prev.unknown, macs: msg('the input of a later call is not known') } });
      }
      return unknownTensor(msg('the output of {0} is not known', this.label(layer)));
    }
    const reason = inputs0.find((t) => t.reason)?.reason;
    // A tensor made without a batch dim (torch.zeros(1, *shape) to size a layer in __init__, a parameter of
    // shape (1, n, d)): PyTorch's layers take its first dim as the batch (nn.Flatten flattens after it, a
    // Conv2d wants 4 dims), unless the layer only takes it whole (a Conv2d on (C, H, W)). The first dim is kept
    // as the literal it was.
    let lead: Dim | undefined;
    let inputs = inputs0;
    let r: LayerResult | undefined;
    const s0 = inputs0[0].shape;
    if (inputs0.length === 1 && inputs0[0].batchAxis < 0 && s0 && s0.length >= 2) {
      const stripped = this.compute(layer, [s0.slice(1)], reason);
      if (stripped.outputShape) { r = stripped; lead = s0[0]; inputs = [{ ...inputs0[0], shape: s0.slice(1) }]; }
    }
    r ??= this.compute(layer, inputs0.map((t) => t.shape), reason);
    const first = inputs[0];
    const outputSize = /^(Lazy)?ConvTranspose[123]d$/.test(layer.type) ? args[1] ?? kw.get('output_size') : undefined;
    if (outputSize !== undefined && outputSize !== null) r = this.withOutputSize(layer, r, outputSize);
    // An input of the wrong size (the conv expects 128 channels, gets 256): PyTorch raises, so nothing comes out.
    const clash = mismatches(r, first)[0]?.e;
    if (clash) {
      const why = msg('{0} expects {1} {2}: PyTorch raises here', this.label(layer), clash.size, clash.what);
      r = { ...r, outputShape: null, outputs: undefined, macs: null, unknown: { ...r.unknown, outputShape: why, macs: why } };
    }
    // Every call costs: a head shared by several feature maps, a cell stepped through time. The shapes shown
    // are the first call's. A call that may or may not happen leaves the cost unknown.
    const under = this.interp.uncertain.length ? this.interp.uncertain[this.interp.uncertain.length - 1] : null;
    const maybe = (res: LayerResult): LayerResult => (under !== null && res.macs !== 0
      ? { ...res, macs: null, unknown: { ...res.unknown, macs: msg('called under the undecidable condition {0}', under) } }
      : res);
    const prev = this.state.results.get(layer);
    if (prev && prev.macs !== null) {
      const again = maybe(r);
      const macs = again.macs === null ? null : prev.macs + again.macs;
      this.state.results.set(layer, macs === null
        ? { ...prev, macs, unknown: { ...prev.unknown, macs: again.unknown.macs ?? again.unknown.outputShape ?? msg('the cost of a later call is not known') } }
        : { ...prev, macs });
    }
    if (!prev) {
      this.state.results.set(layer, maybe(r));
      this.state.inputs.set(layer, first.shape);
      this.state.laterInputs.set(layer, inputs.slice(1).map((t) => t.shape));
      if (first.producer) this.state.producers.set(layer, first.producer);
      this.state.order.push(layer);
    }
    const calls = this.state.calls.get(layer) ?? [];
    const shapes = inputs.map((t) => t.shape);
    calls.push(shapes.length ? shapes : [null]);
    this.state.calls.set(layer, calls);
    if (!prev) this.check(layer, r, first, calls);
    else this.recheck(layer, r, first, calls);
    const path = this.label(layer);
    // A layer that may not exist (created under an undecidable condition, perhaps in place of another one)
    // keeps its own numbers; what comes out of it, and so everything after it, is not known.
    if (layer.conditional) return unknownTensor(msg('the output of {0}, created under the undecidable condition {1}', path, layer.conditional));
    // Layers that do not set the channel count (activations, pooling) pass the producer's name on.
    const passOn = r.outChannels === null && !!first.producer;
    const producer = passOn ? first.producer : path;
    const mk = (s: Shape | null): Tensor => (s
      ? (lead !== undefined
        ? { t: 'tensor', shape: [lead, ...s], batchAxis: -1, producer }
        : { t: 'tensor', shape: s, batchAxis: first.batchAxis, producer, producerShape: passOn ? first.producerShape : s })
      : { t: 'tensor', shape: null, batchAxis: first.batchAxis, reason: r.unknown.outputShape ?? msg('the output of {0} is not known', path) });
    if (r.outputs && r.outputs.length > 1) {
      // LSTM: (output, (h_n, c_n)); GRU/RNN: (output, h_n); MultiheadAttention: (output, weights).
      // RNN hidden states are (layers·directions, batch, hidden) whatever batch_first says.
      const hidden = ['RNN', 'LSTM', 'GRU'].includes(layer.type);
      const rest = r.outputs.slice(1).map((s) => (hidden && s ? { ...mk(s), batchAxis: 1 } : mk(s)));
      if (layer.type === 'LSTM') return { t: 'tuple', items: [mk(r.outputs[0]), { t: 'tuple', items: rest }] };
      return { t: 'tuple', items: [mk(r.outputs[0]), ...rest] };
    }
    return mk(r.outputShape);
  }

  /**
   * The quick fix of a size mismatch: the argument that states the expected size (in_channels, in_features …),
   * when it is written as a number in the analysed file, and only when the layer with `got` there would accept
   * the input of every call seen so far (a depthwise conv whose groups no longer divides in_channels would not).
   */
  private quickFix(layer: Layer, size: number, got: number, calls: (Shape | null)[][]): { arg: string | number; range: [number, number] } | undefined {
    const row = catalogs.pytorch[layer.type];
    if (!layer.argSite || !row || layer.file) return undefined;
    const nodes = this.interp.argRanges(layer.argSite);
    for (const name of ['in_channels', 'in_features', 'num_features', 'in1_features', 'input_size', 'embed_dim']) {
      const i = row.args.indexOf(name);
      const node = nodes.keywords.get(name) ?? (i >= 0 ? nodes.positional[i] : undefined);
      if (!node) continue;
      const arg = nodes.keywords.has(name) ? name : i;
      const written = typeof arg === 'string' ? layer.keywords.get(arg) : layer.positional[arg];
      if (num(written ?? null) !== size || !isNumberExpression(node) || !this.fits(layer, arg, got, calls)) return undefined;
      return { arg, range: [node.from, node.to] };
    }
    return undefined;
  }

  /** Whether the layer, with `value` for one argument, accepts the inputs of each call (no error, no mismatch). */
  private fits(layer: Layer, arg: string | number, value: number, calls: (Shape | null)[][]): boolean {
    const changed: Layer = { ...layer, positional: [...layer.positional], keywords: new Map(layer.keywords) };
    if (typeof arg === 'string') changed.keywords.set(arg, value);
    else changed.positional[arg] = value;
    return calls.every((shapes) => {
      const r = this.compute(changed, shapes.length ? shapes : [null]);
      return !r.error && !(shapes[0] && mismatches(r, { t: 'tensor', shape: shapes[0], batchAxis: 0 }).length);
    });
  }

  /** How messages name a layer: its path, with the type when the path is only an index (`features.2 (Linear)`). */
  label(layer: Layer): string {
    const path = this.state.paths.get(layer);
    if (!path) return layer.type;
    return /(^|\.)\d+$/.test(path) ? `${path} (${layer.type})` : path;
  }

  /** Provable wiring mistakes: a layer that requires a size its input does not have. */
  private check(layer: Layer, r: LayerResult, input: Tensor, calls: (Shape | null)[][]): void {
    const said = new Set<string>();
    for (const { e, got } of mismatches(r, input)) {
      const name = this.label(layer);
      const message = input.producer && outputsSize(input, e.axis, got)
        ? msg('{0} expects {1} {2} but {3} outputs {4}', name, e.size, e.what, input.producer, got)
        : msg('{0} expects {1} {2} but its input has {3}', name, e.size, e.what, got);
      // LayerNorm([8, 32, 32]) on 8×30×30: one message for both sizes.
      if (said.has(message)) continue;
      said.add(message);
      const fix = this.quickFix(layer, e.size, got, calls);
      this.state.diagnostics.push({ line: layer.line, layer, message, ...(fix ? { fix: got, ...fix } : {}) });
    }
    if (r.error) this.state.diagnostics.push({ line: layer.line, layer, error: r.error, message: `${this.label(layer)}: ${r.error}` });
  }

  /**
   * A later call of a layer (a conv applied twice): PyTorch raises there too when the input does not fit, and a
   * quick fix made for an earlier call must fit this one as well.
   */
  private recheck(layer: Layer, r: LayerResult, input: Tensor, calls: (Shape | null)[][]): void {
    const own = this.state.diagnostics.filter((d) => d.layer === layer && d.error === undefined);
    if (!own.length) {
      if (mismatches(r, input).length) this.check(layer, { ...r, error: undefined }, input, calls);
      return;
    }
    for (const d of own) {
      if (d.arg !== undefined && d.fix !== undefined && !this.fits(layer, d.arg, d.fix, calls)) {
        delete d.fix; delete d.range; delete d.arg;
      }
    }
  }

  callModule(inst: PyInstance, args: Value[], kw: Map<string, Value>, line: number): Value {
    const forward = this.interp.classAttr(inst.cls, 'forward');
    if (forward && isObj(forward) && forward.t === 'func') {
      const costly = this.state.costly;
      const out = this.interp.callFunction(forward, [inst, ...args], kw, line, inst);
      const free = this.state.costly === costly;
      const x = args[0] ?? null;
      const seen = this.state.moduleCalls.get(inst);
      if (seen && !free) seen.free = false;
      // A module called on a list of tensors (YOLO's Concat) is called too; its input has no one shape.
      const called = isTensor(x) || (isObj(x) && (x.t === 'list' || x.t === 'tuple') && x.items.some(isTensor));
      if (!this.state.moduleCalls.has(inst) && called) {
        const o = isObj(out) && out.t === 'tuple' ? out.items[0] : out;
        this.state.moduleCalls.set(inst, { input: isTensor(x) ? x.shape : null, output: isTensor(o) ? o.shape : null, free });
      }
      return out;
    }
    if (inst.layer) {
      const out = this.callLayer(inst.layer, args, kw, line);
      const x = args[0];
      if (!this.state.moduleCalls.has(inst) && isTensor(x ?? null)) this.state.moduleCalls.set(inst, { input: (x as Tensor).shape, output: isTensor(out) ? out.shape : null });
      return out;
    }
    // A subclass of Sequential without forward chains its children.
    if (inst.modules && this.interp.externalBase(inst.cls, (p) => p.endsWith('.Sequential'))) {
      let x: Value = args[0] ?? null;
      for (const child of inst.modules.values()) x = this.interp.callValue(child, [x], new Map(), line);
      return x;
    }
    return unknownTensor(msg('{0} has no forward() Layer Lens can follow', inst.cls.name));
  }

  // ---- attributes ----

  getAttr(obj: Value, name: string, _line: number): Value | undefined {
    if (!isObj(obj)) return undefined;
    if (obj.t === 'instance' && this.isModuleInstance(obj)) return this.moduleAttr(obj, name);
    if (obj.t === 'layer' && obj.framework === 'pytorch') return this.layerAttr(obj, name);
    if (obj.t === 'tensor') return this.tensorAttr(obj, name);
    if (obj.t === 'param') return this.paramAttr(obj, name);
    if (obj.t === 'batch') return unk(msg('the batch size'));
    if (obj.t === 'tuple' && obj.items.length === 2 && isTensor(obj.items[0]) && (name === 'values' || name === 'indices')) {
      return obj.items[name === 'values' ? 0 : 1];
    }
    return undefined;
  }

  private moduleAttr(inst: PyInstance, name: string): Value | undefined {
    // A property of the class wins over a submodule registered under its name (Python looks up data
    // descriptors first; nn.Module's own lookup of its modules is only a fallback).
    const own = this.interp.classAttr(inst.cls, name);
    if (isObj(own ?? null) && (own as PyFunction).t === 'func' && (own as PyFunction).kind === 'property') return undefined;
    if (inst.modules?.has(name)) return inst.modules.get(name)!;
    if (name === '_modules' || name === '_parameters') return this.registryView(inst, name);
    if (inst.params?.has(name)) return inst.params.get(name)!;
    if (inst.attrs.has(name)) return undefined;
    if (this.interp.classAttr(inst.cls, name) !== undefined) return undefined;
    if (inst.layer && !['parameters', 'named_parameters', 'modules', 'children', 'named_children', 'requires_grad_'].includes(name)) {
      return this.layerAttr(inst.layer, name);
    }
    const m = this.moduleMethod(inst, name);
    if (m) return m;
    const base = this.interp.externalBase(inst.cls, (p) => /\.(Sequential|ModuleList|ModuleDict)$/.test(p));
    if (base) {
      inst.modules ??= new Map();
      const holder = { get: () => inst.modules!, set: (mm: Map<string, Value>) => { inst.modules = mm; } };
      const c = this.containerMethod(holder, base.endsWith('ModuleDict'), inst, name);
      if (c) return c;
    }
    // Summaries describe the model in eval mode (as model.eval(); torchinfo's default): `if self.training:`
    // branches are the training-only path.
    if (name === 'training') return false;
    return undefined;
  }

  private fn(name: string, call: (args: Value[], kw: Map<string, Value>) => Value): PyBuiltin {
    return { t: 'builtin', name, call: (a, k) => call(a, k) };
  }

  /** Methods every module has (nn.Module's own), for instances and layers. */
  private moduleMethod(self: PyInstance | Layer, name: string): PyBuiltin | undefined {
    const register = (key: Value, v: Value) => {
      if (typeof key === 'string') this.setAttr(self, key, v);
      else this.opaqueChild(self, msg('a submodule or parameter registered under a name that is not known'));
      return null;
    };
    if (self.t === 'layer' && self.type === 'FloatFunctional') {
      // Its forward is not used: models call these methods, which act as the tensor ops they name.
      // The result passes through the observer child, as in PyTorch (so it records the shape).
      const observed = (v: Value) => {
        const obs = self.children?.get('activation_post_process');
        return obs ? this.interp.callValue(obs, [v], new Map(), self.line) : v;
      };
      switch (name) {
        case 'add': case 'add_relu': case 'mul': return this.fn(name, (a) => observed(this.tensorBinary(a[0] ?? null, a[1] ?? null)));
        case 'add_scalar': case 'mul_scalar': return this.fn(name, (a) => observed(a[0] ?? null));
        case 'cat': return this.fn(name, (a, k) => {
          const items = this.interp.iterate(a[0] ?? null);
          return observed(items ? concat(items, a[1] ?? k.get('dim') ?? 0, false) : unknownTensor(msg('`cat` of an unknown sequence')));
        });
      }
    }
    switch (name) {
      case 'add_module': case 'register_module': return this.fn(name, (a, k) => register(a[0] ?? k.get('name') ?? null, a[1] ?? k.get('module') ?? null));
      case '__setattr__': return this.fn(name, (a) => {
        const key = a[0] ?? null;
        if (typeof key === 'string') this.interp.setAttr(self, key, a[1] ?? null);
        else this.opaqueChild(self, msg('an attribute with an unknown name set through __setattr__'));
        return null;
      });
      case 'register_parameter': return this.fn(name, (a) => register(a[0] ?? null, a[1] ?? null));
      case 'register_buffer': return this.fn(name, (a, k) => {
        // A buffer is an attribute that is no parameter (`self.pe` in forward()).
        const key = a[0] ?? k.get('name') ?? null;
        let value = a[1] ?? k.get('tensor') ?? null;
        // Module state, not per sample: a buffer of unknown shape has no batch dim to guess.
        if (isTensor(value) && value.shape === null) value = { ...value, batchAxis: -1 };
        // register_buffer takes only a tensor (or None): a value not known is a tensor of unknown shape, never a
        // module whose parameters might be missing.
        if (isUnk(value)) value = { ...unknownTensor(value.reason), batchAxis: -1 };
        if (typeof key === 'string' && self.t === 'instance') self.attrs.set(key, value);
        return null;
      });
      case 'parameters': return this.fn(name, () => ({ t: 'list', items: this.namedParams(self).map(([, p]) => p) }));
      case 'named_parameters': return this.fn(name, (a, k) => {
        const prefix = a[0] ?? k.get('prefix') ?? '';
        return { t: 'list', items: this.namedParams(self, typeof prefix === 'string' ? prefix : '').map(([n, p]) => ({ t: 'tuple', items: [n, p] })) };
      });
      case 'modules': return this.fn(name, () => ({ t: 'list', items: [self, ...this.descendants(self)] }));
      case 'named_modules': return this.fn(name, () => ({ t: 'list', items: this.namedModules(self).map(([n, m]) => ({ t: 'tuple', items: [n, m] })) }));
      case 'apply': return this.fn(name, (a) => {
        // fn(module) for every submodule, children before their parent, then self (nn.Module.apply).
        const f = a[0] ?? null;
        for (const [, m] of this.namedModules(self).reverse()) this.interp.callValue(f, [m], new Map(), self.line);
        return self;
      });
      case 'children': return this.fn(name, () => ({ t: 'list', items: [...this.childMap(self).values()] }));
      case 'named_children': return this.fn(name, () => ({ t: 'list', items: [...this.childMap(self)].map(([k, v]) => ({ t: 'tuple', items: [k, v] })) }));
      case 'requires_grad_': return this.fn(name, (a, k) => { const flag = a[0] ?? k.get('requires_grad') ?? true; this.freeze(self, truthy(flag) === false); return self; });
      case 'to': case 'cuda': case 'cpu': case 'train': case 'eval': case 'float': case 'double': case 'half': case 'zero_grad': case 'share_memory':
        return this.fn(name, () => self);
      case 'forward': return self.t === 'layer' ? this.fn(name, (a, k) => this.callLayer(self, a, k, self.line)) : undefined;
      case 'state_dict': case 'load_state_dict': return this.fn(name, () => unk(msg('state dicts are not evaluated')));
    }
    return undefined;
  }

  childMap(m: Value): Map<string, Value> {
    if (isObj(m) && m.t === 'layer') return m.children ?? new Map();
    if (isObj(m) && m.t === 'instance') return m.modules ?? new Map();
    return new Map();
  }

  private descendants(m: Value, seen = new Set<Value>()): Value[] {
    const out: Value[] = [];
    for (const c of this.childMap(m).values()) {
      if (!this.isModule(c) || seen.has(c)) continue;
      seen.add(c);
      out.push(c, ...this.descendants(c, seen));
    }
    return out;
  }

  /** `named_modules()`: the module itself (named ''), then every submodule once, depth first, with its dotted path. */
  private namedModules(m: Value, prefix = '', seen = new Set<Value>()): [string, Value][] {
    seen.add(m);
    const out: [string, Value][] = [[prefix, m]];
    for (const [k, c] of this.childMap(m)) {
      if (!this.isModule(c) || seen.has(c)) continue;
      out.push(...this.namedModules(c, prefix ? `${prefix}.${k}` : k, seen));
    }
    return out;
  }

  /**
   * `named_parameters()`: each module's own parameters, then its children's, with dotted names. A built-in layer
   * gives its weight and bias by name where they are known to be all it has (Linear, convs, norms, Embedding);
   * any other gives one stand-in for all its parameters whose name is not known.
   */
  private namedParams(m: Value, prefix = ''): [Value, Value][] {
    const out: [Value, Value][] = [];
    const seen = new Set<Value>();
    for (const [path, mod] of this.namedModules(m, prefix)) {
      const name = (n: string) => (path ? `${path}.${n}` : n);
      const own = (p: Value, n: Value) => { if (!seen.has(p)) { seen.add(p); out.push([n, p]); } };
      if (isObj(mod) && mod.t === 'instance') {
        if (mod.layer) for (const [n, p] of this.leafParams(mod.layer)) own(p, typeof n === 'string' ? name(n) : n);
        for (const [k, p] of mod.params ?? []) own(p, name(k));
      } else if (isObj(mod) && mod.t === 'layer') {
        if (!mod.children) for (const [n, p] of this.leafParams(mod)) own(p, typeof n === 'string' ? name(n) : n);
        else for (const [k, c] of mod.children) if (isObj(c) && c.t === 'param') own(c, name(k));
      }
    }
    return out;
  }

  /** Modules and parameters registered through the `_modules` / `_parameters` dicts: views of an instance's own. */
  private views = new WeakMap<object, { inst: PyInstance; which: string }>();

  private registryView(inst: PyInstance, which: string): Value {
    const src = which === '_modules' ? inst.modules ?? new Map<string, Value>() : inst.params ?? new Map<string, Value>();
    const view: Value = { t: 'dict', map: new Map([...src].map(([k, v]) => [keyOf(k)!, [k, v as Value]])) };
    this.views.set(view, { inst, which });
    return view;
  }

  /** `self._modules['a'] = m`: registers it (interp.setItem asks before changing a dict). */
  setItem(obj: Value, key: Value, value: Value): boolean {
    const v = isObj(obj) ? this.views.get(obj) : undefined;
    if (!v) return false;
    if (typeof key === 'string') this.interp.setAttr(v.inst, key, value);
    else this.opaqueChild(v.inst, msg('a submodule registered under an unknown name through {0}', v.which));
    return false;
  }

  /** A part of a module that cannot be followed: its parameters are unknown, never dropped. */
  private opaqueChild(self: PyInstance | Layer, reason: string): void {
    if (self.t === 'instance') {
      self.modules ??= new Map();
      self.modules.set(`?${self.modules.size}`, { ...unk(reason), opaque: '?' });
    } else this.notFollowed(self, '?', reason);
  }

  /**
   * `deconv(x, output_size=skip.size())`: PyTorch picks the output padding that reaches the requested size (its
   * last n entries), which must lie between the size without output padding and that plus stride − 1.
   */
  private withOutputSize(layer: Layer, r: LayerResult, size: Value): LayerResult {
    const nd = Number(/(\d)d$/.exec(layer.type)![1]);
    const items = this.interp.iterate(size);
    const want = items ? items.slice(-nd).map((v) => num(v)) : null;
    const out = { ...r, unknown: { ...r.unknown } };
    const shape = r.outputShape;
    if (!shape || !want || want.length !== nd || want.some((v) => v === null || !Number.isInteger(v))) {
      out.outputShape = null;
      out.unknown.outputShape = shape ? msg('the requested output_size is not known') : r.unknown.outputShape ?? msg('the output shape is not known');
      out.macs = null;
      out.unknown.macs = out.unknown.outputShape;
      return out;
    }
    const stride = toCValue(layer.keywords.get('stride') ?? layer.positional[3] ?? 1);
    const s = Array.isArray(stride) ? stride.map(Number) : Array(nd).fill(Number(stride));
    const spatial = shape.slice(-nd);
    for (let i = 0; i < nd; i++) {
      const min = spatial[i], w = want[i]!;
      if (min === null || !Number.isFinite(s[i]) || w < min || w > min + s[i] - 1) {
        out.outputShape = null;
        out.unknown.outputShape = min === null ? msg('the output shape is not known') : msg('output_size {0} is not reachable from {1} with stride {2}: PyTorch raises', w, min, s[i]);
        out.macs = null;
        out.unknown.macs = out.unknown.outputShape;
        return out;
      }
    }
    out.outputShape = [...shape.slice(0, shape.length - nd), ...(want as number[])];
    return out;
  }

  /** A built-in layer's parameters by name (weight, bias), when those are known to be all it has; else null. */
  builtinParams(layer: Layer): [string, Param][] | null {
    const names = this.paramNames(layer);
    if (names) return names.map((n) => [n, this.layerParam(layer, n) as Param]);
    return this.resultOf(layer).params === 0 ? [] : null;
  }

  /** A built-in layer's own parameters by name (see namedParams). */
  private leafParams(layer: Layer): [Value, Value][] {
    const names = this.paramNames(layer);
    if (!names && this.resultOf(layer).params === 0) return [];
    if (!names) return [[unk(msg('the parameter names of {0} are not known to Layer Lens', layer.type)), this.wholeParam(layer)]];
    return names.map((n) => [n, this.layerParam(layer, n)]);
  }

  /**
   * The parameters of a recurrent layer or cell, in PyTorch's order (per layer, per direction: weight_ih, weight_hh,
   * bias_ih, bias_hh, weight_hr), each with its shape; null when its configuration is not known.
   */
  private recurrentParams(layer: Layer): [string, number[]][] | null {
    const kind = /^(RNN|LSTM|GRU)(Cell)?$/.exec(layer.type);
    const row = catalogs.pytorch[layer.type];
    if (!row || (!kind && layer.type !== 'MultiheadAttention')) return null;
    const { cfg, errors } = bind(row, { positional: layer.positional.map((a) => toCValue(a)), keywords: kwToC(layer.keywords) });
    if (errors.length) return null;
    const n = (k: string, d: number) => (cfg[k] === undefined || cfg[k] === null ? d : typeof cfg[k] === 'number' && Number.isInteger(cfg[k]) ? cfg[k] as number : null);
    const b = (k: string, d: boolean) => (cfg[k] === undefined ? d : typeof cfg[k] === 'boolean' ? cfg[k] as boolean : null);
    if (!kind) {
      // MultiheadAttention, in named_parameters() order (out_proj is its child Linear).
      const e = n('embed_dim', -1);
      if (e === null || e < 1) return null;
      const kd = n('kdim', e), vd = n('vdim', e), bias = b('bias', true), kv = b('add_bias_kv', false);
      if (kd === null || vd === null || bias === null || kv === null || kd < 1 || vd < 1) return null;
      const out: [string, number[]][] = kd === e && vd === e ? [['in_proj_weight', [3 * e, e]]]
        : [['q_proj_weight', [e, e]], ['k_proj_weight', [e, kd]], ['v_proj_weight', [e, vd]]];
      if (bias) out.push(['in_proj_bias', [3 * e]]);
      if (kv) out.push(['bias_k', [1, 1, e]], ['bias_v', [1, 1, e]]);
      out.push(['out_proj.weight', [e, e]]);
      if (bias) out.push(['out_proj.bias', [e]]);
      return out;
    }
    const x = n('input_size', -1), h = n('hidden_size', -1), bias = b('bias', true);
    const cell = !!kind[2];
    const layers = cell ? 1 : n('num_layers', 1), dirs = cell ? false : b('bidirectional', false);
    const p = cell || kind[1] !== 'LSTM' ? 0 : n('proj_size', 0);
    if (x === null || h === null || bias === null || layers === null || dirs === null || p === null || x < 1 || h < 1 || layers < 1 || p < 0) return null;
    const G = kind[1] === 'LSTM' ? 4 : kind[1] === 'GRU' ? 3 : 1;
    const hR = p > 0 ? p : h;
    const out: [string, number[]][] = [];
    for (let l = 0; l < layers; l++) {
      for (const suffix of dirs ? ['', '_reverse'] : ['']) {
        const at = cell ? '' : `_l${l}${suffix}`;
        out.push([`weight_ih${at}`, [G * h, l === 0 ? x : (dirs ? 2 : 1) * hR]], [`weight_hh${at}`, [G * h, hR]]);
        if (bias) out.push([`bias_ih${at}`, [G * h]], [`bias_hh${at}`, [G * h]]);
        if (p > 0) out.push([`weight_hr${at}`, [p, h]]);
      }
    }
    return out;
  }

  /** weight / bias of the layer types that have exactly these; null when not known. */
  private paramNames(layer: Layer): string[] | null {
    const rec = this.recurrentParams(layer);
    if (rec) return rec.map(([name]) => name);
    const flag = (key: string, pos: number, dflt: boolean) => {
      const v = layer.keywords.get(key) ?? layer.positional[pos];
      return v === undefined ? dflt : truthy(v);
    };
    const pair = (b: boolean | null) => (b === null ? null : b ? ['weight', 'bias'] : ['weight']);
    const t = layer.type;
    if (t === 'Linear') return pair(flag('bias', 2, true));
    if (/^Conv(Transpose)?[123]d$/.test(t)) return pair(flag('bias', 7, true));
    if (t === 'Embedding' || t === 'EmbeddingBag' || t === 'PReLU') return ['weight'];
    if (t === 'Bilinear') return pair(flag('bias', 3, true));
    const affine = (b: boolean | null) => (b === null ? null : b ? ['weight', 'bias'] : []);
    if (/^BatchNorm[123]d$/.test(t)) return affine(flag('affine', 3, true));
    if (/^InstanceNorm[123]d$/.test(t)) return affine(flag('affine', 3, false));
    if (t === 'GroupNorm') return affine(flag('affine', 3, true));
    if (t === 'LayerNorm') return layer.keywords.has('bias') ? null : affine(flag('elementwise_affine', 2, true));
    return null;
  }

  /** Parameter objects of a module and its descendants (for freezing loops). */
  private paramsOf(m: Value): Value[] {
    const out: Value[] = [];
    const visit = (v: Value) => {
      if (isObj(v) && v.t === 'layer' && !v.children) {
        out.push(this.wholeParam(v));
      } else if (isObj(v) && v.t === 'instance' && v.params) out.push(...v.params.values());
      if (isObj(v) && v.t === 'layer' && v.children) for (const c of v.children.values()) if (isObj(c) && c.t === 'param') out.push(c);
    };
    visit(m);
    for (const d of this.descendants(m)) visit(d);
    return out;
  }

  /** A stand-in for all of a layer's parameters at once (setting requires_grad on it freezes the layer). */
  private wholeParam(layer: Layer): Param {
    const existing = layer.paramState.get('*');
    if (existing) return existing;
    const p: Param = { t: 'param', owner: layer, attr: '*', numel: null, shape: null, requiresGrad: true, id: this.interp.id() };
    layer.paramState.set('*', p);
    return p;
  }

  /**
   * A class base that is nn.Module or Lightning's LightningModule, whichever imported (`try: import
   * pytorch_lightning as pl; Base = pl.LightningModule` / `except ImportError: Base = nn.Module`): neither adds
   * parameters, so the class counts the same on either; the first (the one the try body binds) is the base.
   */
  commonBase(alts: Value[]): Value | undefined {
    const plain = (v: Value) => isObj(v) && v.t === 'ext' && (/^torch\.nn\.(modules\.module\.)?Module$/.test(v.path) || LIGHTNING_MODULE.test(v.path));
    return alts.length > 1 && alts.every(plain) ? alts[0] : undefined;
  }

  /**
   * A module handed to a function Layer Lens cannot read (an installed package's `freeze(self.backbone)`) may
   * have been frozen or unfrozen there: which of its parameters train is not known. Logging and printing
   * functions are taken at their word.
   */
  opaqueCall(callee: string, args: Value[]): void {
    this.state.costly++;
    // PyTorch's own functions (torch.utils.checkpoint, torch.compile …) do not change what trains.
    if (/^torch(\.|$)/.test(callee)) return;
    const last = callee.split('.').pop() ?? '';
    if (/^(info|debug|warning|warn|error|critical|exception|log|print|pprint|write|summary|display|repr|str|format|len|id|hash|type|isinstance|getattr|hasattr)$/.test(last)) return;
    // Weight initialisers (`init_weights(self)`, `initialize_weights(model)`) set values, not what trains.
    if (/init/i.test(last) && !/freeze|frozen|grad|train/i.test(last)) return;
    for (const a of args) {
      if (!this.isModule(a)) continue;
      for (const [, p] of this.namedParams(a)) if (isObj(p) && p.t === 'param' && p.requiresGrad !== null) p.requiresGrad = null;
    }
  }

  private freeze(m: Value, frozen: boolean): void {
    const visit = (v: Value) => {
      if (isObj(v) && v.t === 'layer') {
        v.frozen = frozen;
        for (const p of v.paramState.values()) p.requiresGrad = !frozen;
      } else if (isObj(v) && v.t === 'instance' && v.params) for (const p of v.params.values()) p.requiresGrad = !frozen;
    };
    visit(m);
    for (const d of this.descendants(m)) visit(d);
  }

  private layerAttr(layer: Layer, name: string): Value | undefined {
    if (layer.children?.has(name)) return layer.children.get(name)!;
    if (name === 'weight' || name === 'bias' || layer.paramState.has(name) || this.recurrentParams(layer)?.some(([n]) => n === name)) return this.layerParam(layer, name);
    if (layer.children) {
      const holder = { get: () => layer.children!, set: (m: Map<string, Value>) => { layer.children = m; } };
      const c = this.containerMethod(holder, layer.type === 'ModuleDict' || layer.type === 'ParameterDict', layer, name);
      if (c) return c;
    }
    const m = this.moduleMethod(layer, name);
    if (m && layer.type === EXTERNAL_MODEL && zooRoot(layer).zoo?.body) {
      // The known part is one block: what trains in it after a walk over named parameters, or over the parameters
      // of one of its parts, is not followed.
      const model = zooRoot(layer);
      if (layer.zooPart ? !['eval', 'train', 'to', 'cuda', 'cpu', 'float', 'double', 'half'].includes(name) : ['named_parameters', 'named_modules', 'modules', 'children', 'named_children', 'state_dict', 'apply'].includes(name)) {
        model.zoo!.touched ??= msg('what trains after `.{0}()` of {1} is not followed without its source', name, model.zoo!.body!.zooPart!.name);
      }
    }
    if (m) return m;
    if (layer.type === EXTERNAL_MODEL) return this.zooPart(layer, name);
    // Configuration attributes (`conv.out_channels`, `fc.in_features`, `bn.num_features`).
    const r = this.resultOf(layer);
    const cfgVal = this.configAttr(layer, name, r);
    if (cfgVal !== undefined) return cfgVal;
    // A submodule of a built-in layer made of several (`enc.layers[0]`, `attn.out_proj`) reached while the model is
    // built: code may freeze or unfreeze it there, which is not followed, so which of its parameters train is not known.
    if (!this.state.traced && COMPOSITES.has(layer.type)) this.wholeParam(layer).requiresGrad = null;
    return unk(msg('`{0}.{1}` is not known to Layer Lens', layer.type, name), name);
  }

  /** list/dict methods of containers (ModuleList.append, ModuleDict.items …), on layers and on subclass instances. */
  private containerMethod(holder: { get(): Map<string, Value>; set(m: Map<string, Value>): void }, isDict: boolean, self: Value, name: string): PyBuiltin | undefined {
    const items = () => [...holder.get().values()];
    const renumber = (vs: Value[]) => holder.set(new Map(vs.map((v, i) => [String(i), v])));
    switch (name) {
      case 'append': return this.fn(name, (a) => { holder.get().set(String(holder.get().size), a[0] ?? null); return self; });
      case 'extend': return this.fn(name, (a) => { for (const v of this.interp.iterate(a[0] ?? null) ?? [{ ...unk(msg('unknown modules')), spread: true }]) holder.get().set(String(holder.get().size), v); return self; });
      case 'insert': return this.fn(name, (a) => {
        // At a position a spread of unknown length hides, the module still counts; where it sits is unknown.
        const i = num(a[0] ?? null);
        const vs = items();
        const j = i === null || !Number.isInteger(i) ? null : knownPosition(vs, i, true);
        if (j === null) vs.push({ ...unk(msg('inserted at an unknown position')), spread: true }, a[1] ?? null);
        else vs.splice(j, 0, a[1] ?? null);
        renumber(vs);
        return null;
      });
      case 'pop': return this.fn(name, (a) => {
        if (isDict) { const k = typeof a[0] === 'string' ? a[0] : null; const v = k === null ? undefined : holder.get().get(k); if (k !== null) holder.get().delete(k); return v ?? unk('pop'); }
        const vs = items(); const i = a.length ? num(a[0]) : -1;
        const j = i === null || !Number.isInteger(i) ? null : knownPosition(vs, i);
        if (j === null) {
          // Which module left is unknown: so are the parameters of what remains.
          holder.set(new Map([['0', { ...unk(msg('a module was popped at a position Layer Lens cannot follow')), spread: true, opaque: 'pop' }]]));
          return unk(msg('pop at an unknown position'));
        }
        const v = vs.splice(j, 1)[0]; renumber(vs); return v ?? unk('pop');
      });
      case 'keys': return this.fn(name, () => ({ t: 'list', items: [...holder.get().keys()] }));
      case 'values': return this.fn(name, () => ({ t: 'list', items: items() }));
      case 'items': return this.fn(name, () => ({ t: 'list', items: [...holder.get()].map(([k, v]) => ({ t: 'tuple', items: [k, v] })) }));
      case 'update': return this.fn(name, (a, k) => {
        // A dict, another ModuleDict, or an iterable of (key, module) pairs; keyword arguments too.
        const d = a[0];
        const put = (key: Value, v: Value) => holder.get().set(typeof key === 'string' ? key : show(key), v);
        if (isObj(d ?? null) && (d as Value & object).t === 'dict') for (const [key, v] of (d as { map: Map<unknown, [Value, Value]> }).map.values()) put(key, v);
        else if (isObj(d ?? null) && (d as Layer).t === 'layer' && (d as Layer).children) for (const [key, v] of (d as Layer).children!) put(key, v);
        else if (d !== undefined) {
          const pairs = this.interp.iterate(d);
          const ok = pairs?.every((p) => isObj(p) && (p.t === 'tuple' || p.t === 'list') && p.items.length === 2);
          if (!pairs || !ok) holder.get().set(`[${show(d)}]`, { ...unk(msg('a {0} updated from {1}', 'ModuleDict', isUnk(d) ? d.reason : show(d))), opaque: 'update' });
          else for (const p of pairs) put((p as { items: Value[] }).items[0], (p as { items: Value[] }).items[1]);
        }
        for (const [key, v] of k) put(key, v);
        return null;
      });
      case '__len__': return this.fn(name, () => (items().some(isSpread) ? unk(msg('the length of a container built from a sequence of unknown length')) : holder.get().size));
    }
    return undefined;
  }

  private configAttr(layer: Layer, name: string, r: LayerResult): Value | undefined {
    switch (name) {
      case 'out_channels': case 'out_features': case 'num_features': case 'embedding_dim': case 'hidden_size':
        if (name === 'out_channels' || name === 'out_features') return r.outChannels ?? unk(r.unknown.params ?? msg('not known'));
        break;
      case 'in_channels': case 'in_features': return r.inChannels ?? unk(r.unknown.params ?? msg('not known'));
      case 'kernel_size': return r.kernel ? { t: 'tuple', items: r.kernel } : undefined;
      case 'stride': return r.stride ? { t: 'tuple', items: r.stride } : undefined;
      case 'groups': return r.groups ?? undefined;
    }
    // Fall back to the bound configuration (the argument as written, or the row's default).
    const row = catalogs.pytorch[layer.type];
    if (!row) return layer.keywords.get(name);
    const { cfg } = bind(row, { positional: layer.positional.map((a) => toCValue(a)), keywords: kwToC(layer.keywords) });
    if (name in cfg) return fromCValue(cfg[name]);
    return !layer.children && this.paramNames(layer) === null && /weight|bias/.test(name) ? this.layerParam(layer, name) : undefined;
  }

  private callShapeMethod(t: Tensor, name: string, args: Value[], kw: Map<string, Value>): Value {
    const f = this.tensorAttr(vt.withoutValues(t), name);
    return f ? this.interp.callValue(f, args, kw, 0) : unk(msg('`.{0}()` of a tensor is not evaluated', name));
  }

  private tensorAttr(t: Tensor, name: string): Value | undefined {
    if (COSTLY.has(name)) this.state.costly++;
    const m = (call: (a: Value[], k: Map<string, Value>) => Value) => this.fn(name, call);
    if (vt.isVTensor(t)) {
      const vtt = t;
      const floatType = t.dtype === 'float64' ? 'float64' : 'float32';
      if (name === 'shape') return { t: 'tuple', items: t.shape as number[] };
      if (name === 'data') return t;
      if (['normal_', 'uniform_', 'zero_', 'fill_', 'trunc_normal_'].includes(name)) return m(() => unknownTensor(msg('values set at random')));
      // Moves and copies keep the values; .to(dtype) converts them as .float() / .long() do.
      if (['cpu', 'cuda', 'detach', 'clone', 'contiguous'].includes(name)) return m(() => vtt);
      if (name === 'to') {
        return m((a, k) => {
          const dt = [...a, k.get('dtype') ?? null].map((v) => (isObj(v) && v.t === 'ext' ? v.path : '')).find((p) => /^torch\.(float|double|half|bfloat|int|long|short|uint|bool)/.test(p));
          if (!dt) return vtt;
          const conv = /^torch\.(int|long|short|uint)/.test(dt) ? 'long' : /^torch\.(double|float64)/.test(dt) ? 'double' : /^torch\.bool/.test(dt) ? null : 'float';
          return conv ? vt.call(conv, vtt, [], floatType) ?? unk(msg('`.{0}()` of a tensor is not evaluated', name)) : unk(msg('`.{0}()` of a tensor is not evaluated', name));
        });
      }
      if (vt.METHODS.has(name)) {
        // What vt.call does not evaluate (a split that does not fit) is the same op on the shape alone.
        return m((a, k) => vt.call(name, vtt, a, floatType) ?? this.callShapeMethod(vtt, name, a, k));
      }
      // Shape ops (expand, view, unsqueeze …): the tensor's shape, its values dropped.
      return this.tensorAttr(vt.withoutValues(vtt), name);
    }
    switch (name) {
      case 'shape': return sizeOf(t);
      case 'ndim': { const s = full(t); return s ? s.length : unk(msg('the rank is not known')); }
      case 'size': return m((a, k) => sizeOf(t, a[0] ?? k.get('dim')));
      case 'dim': case 'ndimension': return m(() => { const s = full(t); return s ? s.length : unk(msg('the rank is not known')); });
      case 'numel': return m(() => unk(msg('numel includes the batch')));
      case 'view': case 'reshape': return m((a, k) => reshape(t, sizeArgs(a, k, name === 'view' ? 'size' : 'shape')));
      case 'view_as': case 'reshape_as': case 'expand_as': return m((a) => a[0] ?? null);
      case 'flatten': return m((a, k) => flatten(t, a[0] ?? k.get('start_dim') ?? 0, a[1] ?? k.get('end_dim') ?? -1));
      case 'permute': return m((a, k) => permute(t, sizeArgs(a, k, 'dims')));
      case 'transpose': case 'swapaxes': return m((a, k) => transpose(t, a[0] ?? k.get('dim0') ?? k.get('axis0') ?? null, a[1] ?? k.get('dim1') ?? k.get('axis1') ?? null));
      case 'matmul': case 'mm': case 'bmm': return m((a) => matmul(t, a[0] ?? null));
      case 'mean': case 'sum': case 'amax': case 'amin': case 'std': case 'var': case 'prod': case 'norm': case 'logsumexp':
        return m((a, k) => reduce(t, a[0] ?? k.get('dim'), k.get('keepdim') ?? a[1] ?? false));
      case 'max': case 'min': return m((a, k) => {
        if (a.length === 0 && !k.has('dim')) return reduce(t, undefined, false);
        if (isTensor(a[0] ?? null)) return this.tensorBinary(t, a[0]);
        const r = reduce(t, a[0] ?? k.get('dim'), k.get('keepdim') ?? a[1] ?? false);
        return { t: 'tuple', items: [r, r] };
      });
      case 'squeeze': return m((a, k) => squeeze(t, a[0] ?? k.get('dim')));
      case 'unsqueeze': return m((a, k) => unsqueeze(t, a[0] ?? k.get('dim') ?? 0));
      case 'T': return unknownTensor(msg('a transposed tensor'));
      case 't': return m(() => {
        const rank = full(t)?.length;
        if (rank !== undefined && rank > 2) return unknownTensor(msg('t() of a {0}-d tensor: PyTorch raises (it takes at most 2 dims)', rank));
        return rank !== undefined && rank < 2 ? t : transpose(t, 0, 1);
      });
      case 'chunk': return m((a, k) => chunk(t, a[0] ?? k.get('chunks') ?? null, a[1] ?? k.get('dim') ?? 0));
      case 'split': return m((a, k) => split(t, a[0] ?? k.get('split_size_or_sections') ?? k.get('split_size') ?? null, a[1] ?? k.get('dim') ?? 0));
      case 'unbind': return m((a, k) => unbind(t, a[0] ?? k.get('dim') ?? 0));
      case 'argmax': case 'argmin': return m((a, k) => reduce(t, a[0] ?? k.get('dim'), k.get('keepdim') ?? a[1] ?? false));
      case 'topk': return m((a, k) => topk(t, a[0] ?? k.get('k') ?? null, a[1] ?? k.get('dim') ?? -1));
      case 'sort': case 'argsort': return m((a, k) => sorted(t, a[0] ?? k.get('dim') ?? -1, name === 'sort'));
      case 'movedim': case 'moveaxis': return m((a, k) => movedim(t, a[0] ?? k.get('source') ?? null, a[1] ?? k.get('destination') ?? null));
      case 'narrow': return m((a, k) => narrow(t, a[0] ?? k.get('dim') ?? null, a[1] ?? k.get('start') ?? null, a[2] ?? k.get('length') ?? null));
      case 'tensor_split': return m((a, k) => tensorSplit(t, a[0] ?? k.get('indices_or_sections') ?? k.get('sections') ?? k.get('indices') ?? null, a[1] ?? k.get('dim') ?? 0));
      case 'tile': return m((a, k) => tile(t, sizeArgs(a, k, 'dims')));
      case 'unfold': return m((a, k) => windows(t, a[0] ?? k.get('dimension') ?? null, a[1] ?? k.get('size') ?? null, a[2] ?? k.get('step') ?? null));
      case 'expand': return m((a, k) => expand(t, sizeArgs(a, k, 'size')));
      case 'repeat': return m((a, k) => repeatDims(t, sizeArgs(a, k, 'repeats')));
      case 'data': return t;
      case 'normal_': case 'uniform_': case 'zero_': case 'fill_': case 'trunc_normal_': case 'bernoulli_': case 'random_':
        return m(() => t);
      case 'device': case 'dtype': return unk(`tensor ${name}`);
      case 'item': case 'tolist': return m(() => unk(msg('a tensor value')));
    }
    if (SHAPE_KEEPING.has(name) || name.endsWith('_') && SHAPE_KEEPING.has(name.slice(0, -1))) {
      return m((a) => (MERGING.has(name.replace(/_$/, '')) && a.length ? this.tensorBinary(t, a[0]) : t));
    }
    return undefined;
  }

  /** A parameter used as a tensor in forward() (cls_token.expand(…), x + pos_embed): its shape, no batch dim. */
  paramTensor(p: Param): Tensor {
    return p.shape ? { t: 'tensor', shape: p.shape, batchAxis: -1 } : unknownTensor(msg('the shape of `{0}` is not known', p.attr));
  }

  /** The number of dims of a parameter: from its shape, or for a layer's weight / bias from the layer type. */
  private paramRank(p: Param): number | null {
    if (p.shape) return p.shape.length;
    if (!p.owner || p.attr === '*') return null;
    if (p.attr === 'bias') return 1;
    const t = p.owner.type;
    const conv = /^Conv(Transpose)?([123])d$/.exec(t);
    if (conv) return Number(conv[2]) + 2;
    if (t === 'Linear' || t === 'Embedding') return 2;
    if (t === 'LayerNorm') {
      const ns = p.owner.keywords.get('normalized_shape') ?? p.owner.positional[0];
      return typeof ns === 'number' ? 1 : isObj(ns ?? null) && ((ns as { t: string }).t === 'tuple' || (ns as { t: string }).t === 'list') ? (ns as { items: Value[] }).items.length : null;
    }
    if (/^(BatchNorm[123]d|InstanceNorm[123]d|GroupNorm)$/.test(t)) return 1;
    return null;
  }

  private paramAttr(p: Param, name: string): Value | undefined {
    if (COSTLY.has(name)) this.state.costly++;
    if (['expand', 'view', 'reshape', 'unsqueeze', 'squeeze', 'permute', 'transpose', 'flatten', 't', 'T', 'repeat', 'expand_as'].includes(name)) {
      return this.tensorAttr(this.paramTensor(p), name);
    }
    switch (name) {
      case 'requires_grad': return p.requiresGrad ?? unk(msg('requires_grad is not known'));
      case 'shape': return p.shape ? { t: 'tuple', items: p.shape.map((d) => d ?? unk(msg('not known'))) } : unk(msg('the parameter shape is not known'));
      case 'data': return p;
      case 'numel': return this.fn(name, () => p.numel ?? unk(msg('not known')));
      case 'dim': case 'ndimension': return this.fn(name, () => this.paramRank(p) ?? unk(msg('the number of dims of `{0}` is not known', p.attr)));
      case 'ndim': return this.paramRank(p) ?? unk(msg('the number of dims of `{0}` is not known', p.attr));
      case 'is_leaf': return true;
      case 'requires_grad_': return this.fn(name, (a, k) => { this.setRequiresGrad(p, truthy(a[0] ?? k.get('requires_grad') ?? true)); return p; });
      case 'size': return this.fn(name, () => (p.shape ? { t: 'tuple', items: p.shape.map((d) => d ?? unk(msg('not known'))) } : unk(msg('not known'))));
    }
    return undefined;
  }

  setAttr(obj: Value, name: string, value: Value): boolean {
    if (!isObj(obj)) return false;
    if (obj.t === 'instance' && this.isModuleInstance(obj)) {
      obj.modules ??= new Map();
      obj.params ??= new Map();
      if (value === null && obj.params.has(name)) {
        obj.params.delete(name);
        obj.attrs.set(name, null);
      } else if (this.isModule(value) || (obj.modules.has(name) && value === null)) {
        obj.modules.set(name, value);
        obj.params.delete(name);
        obj.attrs.delete(name);
      } else if (isObj(value) && value.t === 'param') {
        obj.params.set(name, value);
        obj.modules.delete(name);
        obj.attrs.delete(name);
        if (!value.owner && !value.attr) value.attr = name;
      } else if (isUnk(value) && obj.modules.has(name)) {
        // A registered module replaced by something unknown: its parameters are unknown, never silently dropped.
        obj.modules.delete(name);
        obj.attrs.set(name, { ...value, opaque: value.opaque ?? value.expr ?? name });
      } else obj.attrs.set(name, value);
      return true;
    }
    if (obj.t === 'layer' && obj.framework === 'pytorch') {
      if (obj.children && this.isModule(value)) { joinZoo(obj); obj.children.set(name, value); return true; }
      if (obj.type === EXTERNAL_MODEL && (value === null || isUnk(value))) {
        // `model.fc = None` on a zoo model of unknown content: the part is gone (PyTorch keeps None in its place);
        // a value not followed there leaves what the part holds unknown.
        joinZoo(obj);
        obj.children!.set(name, value === null ? null : { ...value, opaque: name });
        return true;
      }
      const own = !obj.children && (name === 'weight' || name === 'bias');
      // A module or a new parameter attached to a built-in layer (LoRA's `fc.lora_A = nn.Parameter(…)`, `fc.gate =
      // nn.Linear(…)`): PyTorch registers and counts it; the catalog row cannot describe the result.
      if (!obj.children && !own && !obj.paramState.has(name) && (this.isModule(value) || (isObj(value) && value.t === 'param'))) {
        this.notFollowed(obj, name, msg('`{0}` is attached to the built-in {1}', name, obj.type));
        return true;
      }
      if (isObj(value) && value.t === 'param') {
        // A new tensor for weight/bias: the count stays the catalog's only when the size is provably the same.
        if (own && value.owner === null) {
          const cur = this.layerParam(obj, name);
          const n = isObj(cur) && cur.t === 'param' ? cur.numel : null;
          if ((n === null || value.numel === null || n !== value.numel) && !this.resizedBy(obj, name, value)) this.notFollowed(obj, name, value.numel === null ? msg('`{0}` replaced by a tensor of unknown size', name) : msg('`{0}` replaced by a tensor of another size', name));
        }
        obj.paramState.set(name, value);
        return true;
      }
      if (value === null && own) {
        // `conv.bias = None` removes the bias, as if built with bias=False.
        const row = catalogs.pytorch[obj.type];
        if (name === 'bias' && row && (row.args.includes('bias') || 'bias' in row.defaults)) {
          obj.keywords.set('bias', false);
          obj.paramState.delete('bias');
        } else this.notFollowed(obj, name, msg('`{0}` set to None', name));
      }
      return true;
    }
    if (obj.t === 'param') {
      if (name === 'requires_grad') this.setRequiresGrad(obj, truthy(value));
      return true;
    }
    return false;
  }

  /** `p.requires_grad = flag` / `p.requires_grad_(flag)`. */
  private setRequiresGrad(p: Param, flag: boolean | null): void {
    // Set under a condition that cannot be decided: whether it trains is not known, unless it stays as it was.
    p.requiresGrad = this.interp.uncertain.length && flag !== p.requiresGrad ? null : flag;
    const owner = p.owner;
    if (!owner) return;
    if (p.attr === '*') { owner.frozen = p.requiresGrad === false; return; }
    // One parameter of a layer frozen as a whole (`model.requires_grad_(False)`, then a loop over a part's
    // parameters setting requires_grad = True): that one trains again, the others stay frozen.
    if (owner.frozen && p.requiresGrad !== false) {
      owner.frozen = false;
      const names = this.paramNames(owner);
      if (!names) this.wholeParam(owner).requiresGrad = null;
      for (const n of names ?? []) {
        const q = this.layerParam(owner, n);
        if (q !== p && isObj(q) && q.t === 'param' && q.owner === owner) q.requiresGrad = false;
      }
    }
  }

  superAttr(base: string, self: Value, name: string): Value | undefined {
    // super().__setattr__(name, module) registers it as self.name = module does.
    if (name === '__setattr__' && (isObj(self) && (self.t === 'instance' || self.t === 'layer'))) return this.moduleMethod(self, name);
    // super().forward(x) in a subclass of a built-in layer: the built-in's own computation.
    if (name === 'forward' && isObj(self) && self.t === 'instance' && self.layer) {
      const layer = self.layer;
      return this.fn('forward', (a, k) => this.callLayer(layer, a, k, self.line));
    }
    if (name !== '__init__') return undefined;
    const type = torchLayerType(base);
    if (!isObj(self) || self.t !== 'instance') return undefined;
    self.modules ??= new Map();
    self.params ??= new Map();
    if (type && !CONTAINERS.has(type)) {
      return { t: 'builtin', name: '__init__', call: (a, k, line) => { self.layer = this.newLayer(type, a, k, self.line); self.layer.superLine = line; return null; } };
    }
    // Built from something not followed, a container keeps an unknown part: its modules count, never vanish.
    const unknownPart = (src: Value) => ({ ...unk(msg('a {0} built from {1}', type ?? '', isUnk(src) ? src.reason : show(src))), spread: true });
    if (type === 'ModuleDict') {
      return this.fn('__init__', (a) => {
        const d = a[0];
        if (isObj(d) && d.t === 'dict') for (const [k, v] of d.map.values()) self.modules!.set(String(k), v);
        else if (d !== undefined && d !== null) {
          const pairs = this.interp.iterate(d);
          if (!pairs) self.modules!.set('0', unknownPart(d));
          for (const p of pairs ?? []) if (isObj(p) && p.t === 'tuple') self.modules!.set(show(p.items[0]), p.items[1]);
        }
        return null;
      });
    }
    if (type === 'Sequential' || type === 'ModuleList') {
      return this.fn('__init__', (a) => {
        const items = type === 'ModuleList' ? (a[0] === undefined ? [] : this.interp.iterate(a[0]) ?? [unknownPart(a[0])]) : a;
        const first = items[0];
        if (type === 'Sequential' && items.length === 1 && isObj(first) && first.t === 'dict') {
          for (const [k, v] of first.map.values()) self.modules!.set(String(k), v);
        } else items.forEach((v, i) => self.modules!.set(String(i), v));
        return null;
      });
    }
    // A Keras base's constructor is the Keras host's (it names the layer).
    if (/^(keras|tf_keras|tensorflow)(\.|$)/.test(base)) return undefined;
    // nn.Module.__init__ starts empty registries: run again on a built module (two bases' __init__ called
    // one after the other, each reaching nn.Module's), it drops the submodules and parameters set before.
    return this.fn('__init__', (a, k) => {
      self.modules = new Map(); self.params = new Map();
      // A library base that is not torch's (pydantic's BaseModel, a base from a package not read) given arguments:
      // its constructor may set any attribute, so the class-level defaults no longer tell the instance's values.
      if (!base.startsWith('torch.') && (a.length || k.size)) {
        self.opaqueInit = msg('`{0}` is built by the constructor of `{1}`, which Layer Lens does not follow', self.cls.name, base);
      }
      return null;
    });
  }

  iterate(obj: Value): Value[] | undefined {
    if (isObj(obj) && obj.t === 'layer' && obj.children) {
      return obj.type === 'ModuleDict' ? [...obj.children.keys()] : [...obj.children.values()];
    }
    if (isObj(obj) && obj.t === 'instance' && this.isModuleInstance(obj)) {
      const base = this.interp.externalBase(obj.cls, (p) => /\.(Sequential|ModuleList|ModuleDict)$/.test(p));
      if (base) return base.endsWith('ModuleDict') ? [...(obj.modules ?? new Map()).keys()] : [...(obj.modules ?? new Map()).values()];
    }
    if (vt.isVTensor(obj)) return vt.elements(obj);
    return undefined;
  }

  index(obj: Value, key: Value): Value | undefined {
    if (isObj(obj) && obj.t === 'layer' && obj.zooPart) {
      // `vgg.classifier[6]` of a zoo model of unknown content: what was set there, else not known.
      const i = num(key);
      const k = typeof key === 'string' ? key : i !== null && Number.isInteger(i) && i >= 0 ? String(i) : null;
      return (k !== null ? obj.children?.get(k) : undefined) ?? this.zooPart(obj, typeof key === 'string' ? key : String(i));
    }
    if (isObj(obj) && obj.t === 'layer' && obj.children) {
      const vals = [...obj.children.values()];
      if (obj.type === 'ModuleDict' || obj.type === 'ParameterDict') return typeof key === 'string' ? obj.children.get(key) ?? unk(msg('no module `{0}`', key)) : unk(msg('an unknown key'));
      if (isObj(key) && key.t === 'tuple' && isObj(key.items[0]) && key.items[0].t === 'ext') {
        const [a, b] = key.items.slice(1).map((v) => (v === null ? null : num(v)));
        // Before the first spread of unknown length the positions are known: `seq[:k]` of a known prefix is fine.
        const spreadAt = vals.findIndex(isSpread);
        if (spreadAt >= 0 && !(a === null || a >= 0) || spreadAt >= 0 && !(b !== null && b >= 0 && b <= spreadAt)) return unk(msg('a slice of a container holding a sequence of unknown length'));
        const sub = vals.slice(a ?? 0, b ?? undefined);
        const seq = this.newLayer(obj.type, obj.type === 'Sequential' ? sub : [{ t: 'list', items: sub }], new Map(), obj.line);
        return seq;
      }
      const i = num(key);
      if (i === null) return unk(msg('an unknown index'));
      const j = knownPosition(vals, i);
      if (j === null) return unk(msg('index {0} of a container holding a sequence of unknown length', i));
      return vals[j] ?? unk(msg('index {0} is out of range', i));
    }
    if (isObj(obj) && obj.t === 'instance' && this.isModuleInstance(obj) && obj.modules) {
      if (typeof key === 'string') return obj.modules.get(key) ?? unk(msg('no module `{0}`', key));
      const i = num(key);
      if (i !== null) { const vals = [...obj.modules.values()]; const j = knownPosition(vals, i); return j === null ? unk(msg('index {0} of a container holding a sequence of unknown length', i)) : vals[j] ?? unk(msg('out of range')); }
    }
    if (vt.isVTensor(obj) && obj.shape!.length === 1) {
      const i = num(key);
      if (i !== null && Number.isInteger(i)) {
        const j = i < 0 ? obj.values.length + i : i;
        return j >= 0 && j < obj.values.length ? vt.vtensor([obj.values[j]], obj.dtype, []) : unk(msg('index out of range'));
      }
      if (isObj(key) && key.t === 'tuple' && isObj(key.items[0]) && key.items[0].t === 'ext') {
        const sliced = this.interp.index({ t: 'list', items: obj.values }, key);
        return isObj(sliced) && sliced.t === 'list' ? vt.vtensor(sliced.items as number[], obj.dtype) : unk(msg('a slice of a tensor'));
      }
    }
    if (isObj(obj) && obj.t === 'tensor') return this.tensorIndex(obj, key);
    // A parameter indexed in forward() (`self.pos_embed[:, :n]`): a tensor of its shape.
    if (isObj(obj) && obj.t === 'param') { const t = paramAsTensor(obj); return isTensor(t) ? this.tensorIndex(t, key) : t; }
    return undefined;
  }

  private tensorIndex(t: Tensor, key: Value): Value {
    const s = full(t);
    const keys = isObj(key) && key.t === 'tuple' && !(isObj(key.items[0]) && key.items[0].t === 'ext' && key.items[0].path === '<slice>') ? [...key.items] : [key];
    // A tensor without a batch dim (a parameter, a buffer) indexed by such tensors has none either: a
    // relative-position table looked up by an index buffer is not per sample.
    const unbatched = t.batchAxis < 0 && !keys.some((k) => isTensor(k) && k.batchAxis >= 0);
    const unknownOut = (why: string): Tensor => ({ ...unknownTensor(why), batchAxis: unbatched ? -1 : 0 });
    if (!s) return unknownOut(t.reason ?? msg('the input shape is not known'));
    const ell = keys.findIndex((k) => isObj(k) && k.t === 'ext' && k.path === '<ellipsis>');
    if (ell >= 0) {
      // `...` stands for as many full slices as the other indices leave.
      const used = keys.filter((k, j) => j !== ell && k !== null).length;
      const full_: Value = { t: 'tuple', items: [{ t: 'ext', path: '<slice>' }, null, null, null] };
      keys.splice(ell, 1, ...Array(Math.max(0, s.length - used)).fill(full_));
    }
    const out: (typeof s)[number][] = [];
    let i = 0;
    for (const k of keys) {
      // `None` adds a dim of size 1 and uses none of the input's.
      if (k !== null && i >= s.length) return unknownOut(msg('indexing past the rank'));
      if (isObj(k) && k.t === 'tuple' && isObj(k.items[0]) && k.items[0].t === 'ext') {
        const [a, b, c] = k.items.slice(1);
        if (a === null && b === null && (c === null || c === 1)) out.push(s[i]);
        else {
          const d = s[i];
          const start = a === null ? 0 : num(a), stop = b === null ? d : num(b), step = c === null ? 1 : num(c);
          if (d === 'B' || start === null || step === null || stop === null || stop === 'B' || typeof d !== 'number' && b === null) out.push(d === 'B' ? 'B' : null);
          else {
            const n = d as number;
            const norm = (x: number) => (x < 0 ? Math.max(0, n + x) : Math.min(x, n));
            out.push(Math.max(0, Math.ceil((norm(stop as number) - norm(start)) / step)));
          }
        }
        i++;
      } else if (k === null) out.push(1);
      else if (typeof k === 'number') { i++; }
      else if (isObj(k) && (k.t === 'list' || k.t === 'tuple') && k.items.length && k.items.every((x) => typeof x === 'number' && Number.isInteger(x))
        && keys.every((x) => x === k || x === null || isSliceKey(x) || (isObj(x) && x.t === 'ext' && x.path === '<ellipsis>'))
        && s[i] !== 'B' && (s[i] === null || (k.items as number[]).every((x) => x >= -(s[i] as number) && x < (s[i] as number)))) {
        // The only advanced index, a list of positions (nanoGPT's `x[:, [-1], :]`): that dim has one entry per position.
        out.push(k.items.length);
        i++;
      } else return unknownOut(msg('advanced indexing is not evaluated'));
    }
    out.push(...s.slice(i));
    return fromFull(out, t);
  }
}

/** torch.sort (values and indices) / argsort along `dim`: the input's shape. */
function sorted(t: Tensor, dim: Value, pair: boolean): Value {
  const s = full(t);
  if (!s) return pair ? unk(t.reason ?? msg('the input shape is not known')) : unknownTensor(t.reason ?? msg('the input shape is not known'));
  if (axis(dim, Math.max(1, s.length)) === null) return pair ? unk(msg('`{0}` along an unknown dim', 'sort')) : unknownTensor(msg('`{0}` along an unknown dim', 'sort'));
  return pair ? { t: 'tuple', items: [t, t] } : t;
}

function isSliceKey(k: Value): boolean {
  return isObj(k) && k.t === 'tuple' && isObj(k.items[0]) && k.items[0].t === 'ext' && k.items[0].path === '<slice>';
}

/** The input sizes a layer's result expects that the input provably does not have. */
/**
 * Whether the layer named as the input's producer outputs the size found on that axis itself: the same axis of
 * its output (kept through activations and pooling), that output permuted, or all of it flattened. After a
 * torch.cat or a pooling-then-flatten the size is not that layer's, and the message says "its input has".
 */
function outputsSize(input: Tensor, axis: number, got: number): boolean {
  const own = input.producerShape;
  const s = input.shape;
  if (!own || !s) return false;
  if (own.length === s.length && own[axis < 0 ? own.length + axis : axis] === got) return true;
  const sorted = (x: Shape): string => x.map(String).sort().join();
  if (own.length === s.length && own.includes(got) && sorted(own) === sorted(s)) return true;
  return own.every((d) => d !== null) && (own as number[]).reduce((a, b) => a * b, 1) === got && s.length === 1;
}

function mismatches(r: LayerResult, input: Tensor): { e: NonNullable<LayerResult['expects']>[number]; got: number }[] {
  const s = input.shape;
  if (!s) return [];
  const out: { e: NonNullable<LayerResult['expects']>[number]; got: number }[] = [];
  for (const e of r.expects ?? []) {
    const got = s[e.axis < 0 ? s.length + e.axis : e.axis];
    if (got !== null && got !== undefined && got !== e.size) out.push({ e, got });
  }
  return out;
}

export function emptyLayerResult(reason?: string): LayerResult {
  return {
    params: null, trainable: null, nonTrainable: null, inChannels: null, outChannels: null, kernel: null, stride: null,
    groups: null, filterShape: null, formula: null, outputShape: null, macs: null, rf: null,
    unknown: reason ? { params: reason, outputShape: reason, macs: reason } : {},
  };
}
