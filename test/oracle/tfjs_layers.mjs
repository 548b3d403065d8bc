// Oracle for the Keras / TF.js layer catalogs: builds every case with the real @tensorflow/tfjs and records what it
// reports (params, trainable / non-trainable weights, output shape, and MACs from its own weight and output shapes).
// Writes test/fixtures/layers/tfjs.json and, transcribed to Keras arguments, test/fixtures/layers/keras.json.
// Run: npm run oracle:tfjs
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const prod = (xs) => xs.reduce((a, b) => a * b, 1);

/** A nested layer description `{ $layer: factory, config }` → a real tfjs layer. */
function realConfig(config) {
  const out = {};
  // A list of nested layers (RNN cells) is a list of real layers.
  const real = (v) => (Array.isArray(v) && v.some(isNested) ? v.map(real) : isNested(v) ? tf.layers[v.$layer](realConfig(v.config)) : structuredClone(v));
  // tfjs may rewrite arrays it is given (Reshape turns -1 into null), so it gets copies.
  for (const [k, v] of Object.entries(config)) out[k] = real(v);
  return out;
}

const isNested = (v) => Boolean(v && typeof v === 'object' && v.$layer);

function layerRef(nested, framework) {
  const type = classOf(nested.$layer, nested.config);
  return { layerType: type, framework, args: framework === 'tfjs' ? { positional: [], keywords: jsonConfig(nested.config, 'tfjs') } : kerasArgs(type, nested.config) };
}

function jsonConfig(config, framework) {
  const out = {};
  const json = (v) => (Array.isArray(v) && v.some(isNested) ? v.map(json) : isNested(v) ? layerRef(v, framework) : v);
  for (const [k, v] of Object.entries(config)) out[k] = json(v);
  return out;
}

const classCache = new Map();
function classOf(factory, config) {
  if (!classCache.has(factory)) classCache.set(factory, tf.layers[factory](realConfig(config)).getClassName());
  return classCache.get(factory);
}

/** MACs (Layer Lens convention) from the layer's own weights and output shape. */
function macsOf(layer, inShape, outShape) {
  const w = Object.fromEntries(layer.weights.map((v) => [v.originalName.split('/').pop(), v.shape]));
  const cls = layer.getClassName();
  const first = (layer.dataFormat ?? layer.cell?.dataFormat) === 'channelsFirst';
  const spatial = (s) => (first ? s.slice(1) : s.slice(0, -1));
  switch (cls) {
    case 'Conv1D': case 'Conv2D': case 'Conv3D': return prod(spatial(outShape)) * prod(w.kernel);
    case 'Conv2DTranspose': case 'Conv3DTranspose': return prod(spatial(inShape)) * prod(w.kernel);
    case 'DepthwiseConv2D': return prod(spatial(outShape)) * prod(w.depthwise_kernel);
    case 'SeparableConv2D': return prod(spatial(outShape)) * (prod(w.depthwise_kernel) + prod(w.pointwise_kernel));
    case 'Dense': return prod(outShape.slice(0, -1)) * prod(w.kernel);
    case 'SimpleRNN': case 'LSTM': case 'GRU': return inShape[0] * (prod(w.kernel) + prod(w.recurrent_kernel));
    // Each step: every cell's input and recurrent kernels (a stack names them RNNCell_i/kernel …).
    case 'RNN': return inShape[0] * kernels(layer);
    // Each step, at every output position: the input and recurrent kernels (k·k·f·4n and k·k·n·4n).
    case 'ConvLSTM2D': return inShape[0] * prod(spatial(outShape.length === inShape.length ? outShape.slice(1) : outShape)) * kernels(layer);
    case 'Bidirectional': return macsOf(layer.forwardLayer, inShape, outShape) + macsOf(layer.backwardLayer, inShape, outShape);
    case 'TimeDistributed': {
      const inner = layer.layer;
      const innerOut = inner.computeOutputShape([null, ...inShape.slice(1)]).slice(1);
      return inShape[0] * macsOf(inner, inShape.slice(1), innerOut);
    }
    default: return 0;
  }
}

const kernels = (layer) => layer.weights.filter((v) => /kernel$/.test(v.originalName)).reduce((a, v) => a + prod(v.shape), 0);
const size = (vars) => vars.reduce((a, v) => a + prod(v.shape), 0);
const noBatch = (s) => s.slice(1);

function runTfjs(c) {
  let cls;
  try {
    cls = classOf(c.factory, c.config);
  } catch {
    // tfjs cannot build it at all (Bidirectional around an RNN(cell)): the class is the factory's.
    cls = c.factory[0].toUpperCase() + c.factory.slice(1);
  }
  const base = { id: c.id, type: cls, factory: c.factory, config: jsonConfig(c.config, 'tfjs'), inputs: c.inputs };
  let layer;
  let built;
  try {
    layer = tf.layers[c.factory](realConfig(c.config));
    if (cls === 'InputLayer') {
      const shape = noBatch(layer.inboundNodes[0].outputTensors[0].shape);
      return { row: { ...base, expect: { params: 0, trainable: 0, nonTrainable: 0, outputShape: shape, macs: 0 }, autoName: autoName(layer) } };
    }
    const ins = c.inputs.map((s) => tf.input({ shape: s }));
    const out = layer.apply(ins.length === 1 ? ins[0] : ins);
    const outs = Array.isArray(out) ? out : [out];
    const model = tf.model({ inputs: ins, outputs: out });
    built = { params: layer.countParams(), trainable: size(layer.trainableWeights), nonTrainable: size(layer.nonTrainableWeights) };
    const expect = { ...built, outputShape: noBatch(outs[0].shape) };
    if (outs.length > 1) expect.outputs = outs.map((o) => noBatch(o.shape));
    const fail = (message) => ({ row: { ...base, expect: { error: true, params: built.params }, message, autoName: autoName(layer) }, built });
    if (outs.some((o) => o.shape.some((d) => d !== null && !(d > 0)))) return fail(`output size not positive: ${outs[0].shape.join(',')}`);
    // Run it once on zeros: tfjs sometimes reports a symbolic shape that differs from what it computes.
    if (c.inputs.every((s) => s.every((d) => d !== null))) {
      let real;
      try {
        const y = model.predict(c.inputs.map((s) => tf.zeros([1, ...s])));
        real = (Array.isArray(y) ? y : [y]).map((t) => noBatch(t.shape));
      } catch (e) {
        return fail(`building works, running fails: ${e.message.slice(0, 140)}`);
      }
      // A dim tfjs leaves unknown (null) is not wrong; one it states differently from what it computes is.
      if (real[0].length !== expect.outputShape.length || expect.outputShape.some((d, i) => d !== null && d !== real[0][i])) {
        const note = `tfjs reports output ${JSON.stringify(expect.outputShape)} but computes ${JSON.stringify(real[0])}`;
        return { row: { ...base, expect: { ...expect, outputShape: null }, note, autoName: autoName(layer) }, built };
      }
    }
    if (![expect.outputShape, ...c.inputs].flat().some((d) => d === null)) expect.macs = macsOf(layer, c.inputs[0], expect.outputShape);
    return { row: { ...base, expect, autoName: autoName(layer) }, built };
  } catch (e) {
    return { row: { ...base, expect: { error: true }, message: e.message.slice(0, 160) }, built };
  }
}

/** The base of tfjs's automatic name: `conv2d_Conv2D3` → `conv2d`. */
function autoName(layer) {
  const cls = layer.getClassName();
  const i = layer.name.lastIndexOf(`_${cls}`);
  return i > 0 ? layer.name.slice(0, i) : null;
}

const snake = (k) => k.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
const kerasValue = (v) => (v === 'channelsFirst' ? 'channels_first' : v === 'channelsLast' ? 'channels_last' : v);

/** A tfjs config written the way a Keras user would: leading required arguments positional, the rest snake_case keywords. */
function kerasArgs(type, config) {
  const keywords = {};
  for (const [k, v] of Object.entries(config)) {
    const value = (x) => (Array.isArray(x) && x.some(isNested) ? x.map(value) : isNested(x) ? layerRef(x, 'keras') : kerasValue(x));
    keywords[snake(k)] = value(v);
  }
  const positional = [];
  for (const name of kerasPositional[type] ?? []) {
    if (!(name in keywords)) break;
    positional.push(keywords[name]);
    delete keywords[name];
  }
  return { positional, keywords };
}

// ---- Cases ------------------------------------------------------------------------------------------------------
// C(id, tf.layers factory, config, input shapes without batch, keras?) where keras is `false` (no Keras transcription)
// or { expect, keywords, drop, note }: how Keras differs (expect.error === false: Keras accepts what tfjs rejects).
const tfjsCases = [];
const C = (id, factory, config, inputs, keras) => tfjsCases.push({ id, factory, config, inputs, keras });
const L = ($layer, config) => ({ $layer, config });

/** Keras GRU: reset_after=True by default, so each of the 3 gates has a second bias vector: 3(in·u+u²)+6u. */
const gruKeras = (F, u, copies = 1, extra = {}) => {
  const p = copies * (3 * (F * u + u * u) + 6 * u);
  return { expect: { params: p, trainable: p, ...extra }, note: 'Keras GRU defaults to reset_after=True: 3(in·u+u²)+6u (formulas.md; Keras GRU docs), TF.js has a single bias: 3(in·u+u²+u)' };
};

// Conv2D
C('conv2d-basic', 'conv2d', { filters: 8, kernelSize: 3 }, [[12, 12, 3]]);
C('conv2d-same', 'conv2d', { filters: 8, kernelSize: 3, padding: 'same' }, [[12, 12, 3]]);
C('conv2d-s2', 'conv2d', { filters: 8, kernelSize: 3, strides: 2 }, [[12, 12, 3]]);
C('conv2d-s2-same', 'conv2d', { filters: 8, kernelSize: 3, strides: 2, padding: 'same' }, [[12, 12, 3]]);
C('conv2d-s2-same-odd', 'conv2d', { filters: 8, kernelSize: 3, strides: 2, padding: 'same' }, [[11, 11, 3]]);
C('conv2d-k35', 'conv2d', { filters: 8, kernelSize: [3, 5] }, [[12, 12, 3]]);
C('conv2d-k35-s21-same', 'conv2d', { filters: 8, kernelSize: [3, 5], strides: [2, 1], padding: 'same' }, [[12, 12, 3]]);
C('conv2d-d2', 'conv2d', { filters: 8, kernelSize: 3, dilationRate: 2 }, [[12, 12, 3]]);
C('conv2d-d23-same', 'conv2d', { filters: 8, kernelSize: 3, dilationRate: [2, 3], padding: 'same' }, [[12, 12, 3]]);
C('conv2d-nobias', 'conv2d', { filters: 8, kernelSize: 3, useBias: false }, [[12, 12, 3]]);
C('conv2d-cf', 'conv2d', { filters: 8, kernelSize: 3, dataFormat: 'channelsFirst' }, [[3, 12, 12]]);
C('conv2d-cf-s2-same', 'conv2d', { filters: 8, kernelSize: 3, strides: 2, padding: 'same', dataFormat: 'channelsFirst' }, [[3, 12, 12]]);
C('conv2d-cl-explicit', 'conv2d', { filters: 8, kernelSize: 3, dataFormat: 'channelsLast' }, [[12, 12, 3]]);
C('conv2d-1x1', 'conv2d', { filters: 16, kernelSize: 1 }, [[7, 7, 32]]);
C('conv2d-k5-s3', 'conv2d', { filters: 4, kernelSize: 5, strides: 3 }, [[13, 11, 2]]);
C('conv2d-s2-d2-error', 'conv2d', { filters: 8, kernelSize: 3, strides: 2, dilationRate: 2 }, [[12, 12, 3]]);
C('conv2d-kernel-too-big', 'conv2d', { filters: 4, kernelSize: 9 }, [[5, 5, 1]]);
C('conv2d-frozen', 'conv2d', { filters: 8, kernelSize: 3, trainable: false }, [[12, 12, 3]]);
C('conv2d-ignored-keys', 'conv2d', { filters: 8, kernelSize: 3, activation: 'relu', name: 'c1', kernelInitializer: 'heNormal' }, [[12, 12, 3]], { keywords: { kernel_initializer: 'he_normal' } });
C('conv2d-mnist-1', 'conv2d', { filters: 32, kernelSize: 3, activation: 'relu' }, [[28, 28, 1]]);
C('conv2d-mnist-2', 'conv2d', { filters: 64, kernelSize: 3, activation: 'relu' }, [[13, 13, 32]]);
C('conv2d-design-conv2', 'conv2d', { filters: 32, kernelSize: 3 }, [[26, 26, 16]]);
C('conv2d-causal-error', 'conv2d', { filters: 4, kernelSize: 3, padding: 'causal' }, [[10, 10, 2]]);
C('conv2d-unknown-hw', 'conv2d', { filters: 8, kernelSize: 3 }, [[null, null, 3]]);
C('conv2d-first-layer', 'conv2d', { filters: 8, kernelSize: 3, inputShape: [12, 12, 3] }, [[12, 12, 3]]);
// Conv1D
C('conv1d-basic', 'conv1d', { filters: 6, kernelSize: 3 }, [[20, 4]]);
C('conv1d-same-s2', 'conv1d', { filters: 6, kernelSize: 3, strides: 2, padding: 'same' }, [[20, 4]]);
C('conv1d-d2', 'conv1d', { filters: 6, kernelSize: 3, dilationRate: 2 }, [[20, 4]]);
C('conv1d-causal', 'conv1d', { filters: 6, kernelSize: 3, padding: 'causal' }, [[20, 4]],
  { expect: { error: false, outputShape: [20, 6], macs: 20 * 6 * 4 * 3 }, note: "Keras causal padding left-pads (k−1)·d, so the length is ceil(H/s) (Keras Conv1D docs); TF.js builds it but cannot run causal padding" });
C('conv1d-causal-s2', 'conv1d', { filters: 6, kernelSize: 3, padding: 'causal', strides: 2 }, [[20, 4]],
  { expect: { error: false, outputShape: [10, 6], macs: 10 * 6 * 4 * 3 }, note: 'Keras causal padding: ceil(H/s); TF.js cannot run causal padding' });
C('conv1d-cf', 'conv1d', { filters: 6, kernelSize: 3, dataFormat: 'channelsFirst' }, [[4, 20]],
  { expect: { error: false, outputShape: [6, 18], macs: 18 * 6 * 4 * 3 }, note: 'Keras channels_first Conv1D gives (filters, steps); tfjs reports that but computes (steps, filters)' });
C('conv1d-nobias', 'conv1d', { filters: 6, kernelSize: 5, useBias: false }, [[20, 4]]);
C('conv1d-k-tuple', 'conv1d', { filters: 2, kernelSize: [4], strides: [3] }, [[20, 4]]);
// Conv3D
C('conv3d-basic', 'conv3d', { filters: 4, kernelSize: 3 }, [[6, 8, 8, 2]]);
C('conv3d-same-s2', 'conv3d', { filters: 4, kernelSize: 3, strides: 2, padding: 'same' }, [[6, 8, 8, 2]]);
C('conv3d-k133', 'conv3d', { filters: 4, kernelSize: [1, 3, 3] }, [[6, 8, 8, 2]]);
C('conv3d-cf', 'conv3d', { filters: 4, kernelSize: 3, dataFormat: 'channelsFirst' }, [[2, 6, 8, 8]]);
C('conv3d-d2', 'conv3d', { filters: 4, kernelSize: 2, dilationRate: 2, useBias: false }, [[6, 8, 8, 2]]);
// Conv2DTranspose / Conv3DTranspose
C('convT2d-basic', 'conv2dTranspose', { filters: 3, kernelSize: 3 }, [[5, 5, 4]]);
C('convT2d-s2', 'conv2dTranspose', { filters: 3, kernelSize: 3, strides: 2 }, [[5, 5, 4]]);
C('convT2d-s2-same', 'conv2dTranspose', { filters: 3, kernelSize: 3, strides: 2, padding: 'same' }, [[5, 5, 4]]);
C('convT2d-k2-s2', 'conv2dTranspose', { filters: 3, kernelSize: 2, strides: 2 }, [[5, 5, 4]]);
C('convT2d-k1-s3', 'conv2dTranspose', { filters: 3, kernelSize: 1, strides: 3 }, [[5, 5, 4]]);
C('convT2d-cf', 'conv2dTranspose', { filters: 3, kernelSize: 3, strides: 2, dataFormat: 'channelsFirst' }, [[4, 5, 5]]);
C('convT2d-dilation', 'conv2dTranspose', { filters: 3, kernelSize: 3, dilationRate: 2 }, [[5, 5, 4]],
  { expect: { outputShape: [9, 9, 3] }, note: 'TF.js ignores dilationRate in Conv2DTranspose; Keras: (H−1)s + (k−1)d + 1 (keras backend_utils compute_conv_transpose_output_shape)' });
C('convT2d-nobias-k35-s12-same', 'conv2dTranspose', { filters: 3, kernelSize: [3, 5], strides: [1, 2], padding: 'same', useBias: false }, [[5, 5, 4]]);
C('convT3d-s2-same', 'conv3dTranspose', { filters: 2, kernelSize: 3, strides: 2, padding: 'same' }, [[3, 4, 4, 2]]);
C('convT3d-k2-s2', 'conv3dTranspose', { filters: 2, kernelSize: 2, strides: 2 }, [[3, 4, 4, 2]]);
// DepthwiseConv2D
C('dw-basic', 'depthwiseConv2d', { kernelSize: 3 }, [[9, 9, 4]]);
C('dw-dm2', 'depthwiseConv2d', { kernelSize: 3, depthMultiplier: 2 }, [[9, 9, 4]]);
C('dw-s2-same', 'depthwiseConv2d', { kernelSize: 3, strides: 2, padding: 'same' }, [[9, 9, 4]]);
C('dw-nobias-dm3', 'depthwiseConv2d', { kernelSize: 3, depthMultiplier: 3, useBias: false }, [[9, 9, 4]]);
C('dw-cf', 'depthwiseConv2d', { kernelSize: 3, dataFormat: 'channelsFirst' }, [[4, 9, 9]]);
C('dw-d2', 'depthwiseConv2d', { kernelSize: 3, dilationRate: 2 }, [[9, 9, 4]],
  { expect: { outputShape: [5, 5, 4], macs: 25 * 4 * 9 }, note: 'TF.js DepthwiseConv2D ignores dilationRate; Keras applies it: (H − d(k−1) − 1)/s + 1' });
// SeparableConv2D
C('sep-basic', 'separableConv2d', { filters: 8, kernelSize: 3 }, [[9, 9, 4]]);
C('sep-dm2-same', 'separableConv2d', { filters: 8, kernelSize: 3, depthMultiplier: 2, padding: 'same' }, [[9, 9, 4]]);
C('sep-s2', 'separableConv2d', { filters: 8, kernelSize: 3, strides: 2 }, [[9, 9, 4]]);
C('sep-nobias', 'separableConv2d', { filters: 8, kernelSize: 3, useBias: false }, [[9, 9, 4]]);
C('sep-cf', 'separableConv2d', { filters: 8, kernelSize: 3, dataFormat: 'channelsFirst' }, [[4, 9, 9]],
  { expect: { error: false, outputShape: [8, 7, 7], macs: 49 * 4 * 9 + 49 * 4 * 8 }, note: 'Keras runs channels_first SeparableConv2D (same formula); TF.js cpu fails to run it' });
C('sep-d2', 'separableConv2d', { filters: 8, kernelSize: 3, dilationRate: 2 }, [[9, 9, 4]]);
// Dense
C('dense-mnist-head', 'dense', { units: 10, activation: 'softmax' }, [[1600]]);
C('dense-3d', 'dense', { units: 4 }, [[5, 6, 3]]);
C('dense-nobias', 'dense', { units: 5, useBias: false }, [[8]]);
C('dense-seq', 'dense', { units: 3 }, [[7, 2]]);
C('dense-frozen', 'dense', { units: 5, trainable: false }, [[8]]);
C('dense-first-layer', 'dense', { units: 128, activation: 'relu', inputShape: [784] }, [[784]]);
C('dense-unknown-lead', 'dense', { units: 4 }, [[null, 3]]);
// Embedding
C('emb-basic', 'embedding', { inputDim: 1000, outputDim: 64 }, [[10]]);
C('emb-2d', 'embedding', { inputDim: 10, outputDim: 4 }, [[3, 7]]);
C('emb-maskzero', 'embedding', { inputDim: 50, outputDim: 8, maskZero: true }, [[5]]);
// BatchNormalization / LayerNormalization
C('bn-basic', 'batchNormalization', {}, [[5, 5, 3]]);
C('bn-axis1', 'batchNormalization', { axis: 1 }, [[5, 6, 2]]);
C('bn-nocenter', 'batchNormalization', { center: false }, [[8]]);
C('bn-noscale', 'batchNormalization', { scale: false }, [[8]]);
C('bn-frozen', 'batchNormalization', { trainable: false }, [[5, 5, 3]]);
C('bn-64', 'batchNormalization', {}, [[8, 8, 64]]);
C('bn-cf', 'batchNormalization', { axis: 1 }, [[16, 8, 8]]);
C('ln-basic', 'layerNormalization', {}, [[5, 3]]);
C('ln-two-axes', 'layerNormalization', { axis: [-2, -1] }, [[5, 6, 2]]);
C('ln-nocenter', 'layerNormalization', { center: false }, [[5, 3]]);
C('ln-noscale', 'layerNormalization', { scale: false }, [[4, 6]]);
// Recurrent
C('rnn-basic', 'simpleRNN', { units: 4 }, [[7, 5]]);
C('rnn-seq', 'simpleRNN', { units: 4, returnSequences: true }, [[7, 5]]);
C('rnn-state', 'simpleRNN', { units: 4, returnState: true }, [[7, 5]]);
C('rnn-nobias', 'simpleRNN', { units: 4, useBias: false }, [[7, 5]]);
C('rnn-unknown-time', 'simpleRNN', { units: 4 }, [[null, 5]]);
C('lstm-basic', 'lstm', { units: 8 }, [[10, 3]]);
C('lstm-seq', 'lstm', { units: 8, returnSequences: true }, [[10, 3]]);
C('lstm-state', 'lstm', { units: 8, returnState: true }, [[10, 3]]);
C('lstm-nobias', 'lstm', { units: 8, useBias: false }, [[10, 3]]);
C('lstm-seq-state', 'lstm', { units: 5, returnSequences: true, returnState: true }, [[6, 4]]);
C('lstm-64', 'lstm', { units: 64 }, [[20, 32]]);
C('gru-basic', 'gru', { units: 8 }, [[10, 3]], gruKeras(3, 8));
C('gru-seq', 'gru', { units: 8, returnSequences: true }, [[10, 3]], gruKeras(3, 8));
C('gru-state', 'gru', { units: 8, returnState: true }, [[10, 3]], gruKeras(3, 8));
C('gru-nobias', 'gru', { units: 8, useBias: false }, [[10, 3]]);
C('gru-reset-after-false', 'gru', { units: 8, resetAfter: false }, [[10, 3]]);
C('gru-reset-after-true', 'gru', { units: 8, resetAfter: true }, [[10, 3]],
  { expect: { error: false, ...gruKeras(3, 8).expect, nonTrainable: 0, outputShape: [8], macs: 10 * 3 * 8 * 11 }, note: 'TF.js GRU rejects resetAfter=true; Keras: 3(in·u+u²)+6u' });
// RNN(cell) / StackedRNNCells (Keras keeps one state list per stacked cell, which Layer Lens does not follow)
const stackedState = { expect: { outputShape: null, outputs: undefined }, note: 'Keras returns the states of stacked cells as one list per cell (nested), TF.js flat, last cell first; Layer Lens leaves the Keras output unknown' };
C('rnn-cell-simple', 'rnn', { cell: L('simpleRNNCell', { units: 4 }) }, [[7, 5]]);
C('rnn-cell-lstm-seq', 'rnn', { cell: L('lstmCell', { units: 4 }), returnSequences: true }, [[7, 5]]);
C('rnn-cell-lstm-state', 'rnn', { cell: L('lstmCell', { units: 4 }), returnState: true }, [[7, 5]]);
C('rnn-cell-lstm-nobias', 'rnn', { cell: L('lstmCell', { units: 4, useBias: false }) }, [[7, 5]]);
C('rnn-cell-gru-state', 'rnn', { cell: L('gruCell', { units: 4 }), returnState: true }, [[7, 5]], gruKeras(5, 4));
C('rnn-cell-gru-nobias', 'rnn', { cell: L('gruCell', { units: 4, useBias: false }) }, [[7, 5]]);
C('rnn-cell-list', 'rnn', { cell: [L('lstmCell', { units: 4 }), L('simpleRNNCell', { units: 3 })], returnSequences: true }, [[7, 5]]);
C('rnn-cell-list-state', 'rnn', { cell: [L('lstmCell', { units: 4 }), L('simpleRNNCell', { units: 3 })], returnState: true }, [[7, 5]], stackedState);
C('rnn-stacked-cells', 'rnn', { cell: L('stackedRNNCells', { cells: [L('simpleRNNCell', { units: 6 }), L('lstmCell', { units: 3 })] }) }, [[7, 5]]);
C('rnn-stacked-cells-seq-state', 'rnn', { cell: L('stackedRNNCells', { cells: [L('simpleRNNCell', { units: 6 }), L('lstmCell', { units: 3 })] }), returnSequences: true, returnState: true }, [[7, 5]], stackedState);
C('rnn-stacked-nested', 'rnn', { cell: L('stackedRNNCells', { cells: [L('stackedRNNCells', { cells: [L('lstmCell', { units: 4 })] }), L('simpleRNNCell', { units: 2 })] }) }, [[7, 5]]);
C('rnn-cell-frozen', 'rnn', { cell: L('lstmCell', { units: 4, trainable: false }) }, [[7, 5]]);
C('rnn-cell-list-one-frozen', 'rnn', { cell: [L('lstmCell', { units: 4, trainable: false }), L('lstmCell', { units: 2 })] }, [[7, 5]]);
C('rnn-frozen', 'rnn', { cell: L('simpleRNNCell', { units: 4 }), trainable: false }, [[7, 5]]);
C('rnn-unknown-time', 'rnn', { cell: L('lstmCell', { units: 4 }) }, [[null, 5]]);
C('rnn-3d-input', 'rnn', { cell: L('lstmCell', { units: 4 }) }, [[7, 5, 3]]);
C('rnn-cell-gru-reset-after', 'rnn', { cell: L('gruCell', { units: 4, resetAfter: true }) }, [[7, 5]],
  { expect: { error: false, ...gruKeras(5, 4).expect, nonTrainable: 0, outputShape: [4], macs: 7 * 3 * 4 * 9 }, note: 'TF.js GRUCell rejects resetAfter=true; Keras: 3(in·u+u²)+6u' });
C('bidi-rnn-cell', 'bidirectional', { layer: L('rnn', { cell: L('lstmCell', { units: 4 }) }) }, [[6, 3]],
  { expect: { error: false, params: 256, trainable: 256, nonTrainable: 0, outputShape: [8], macs: 2 * 6 * 4 * 4 * 7 }, note: 'TF.js cannot copy an RNN(cell) for the backward direction (it throws); Keras Bidirectional takes any RNN (Keras Bidirectional docs): the numbers of bidi-lstm-concat' });
// ConvLSTM2D
C('convlstm2d-basic', 'convLstm2d', { filters: 4, kernelSize: 3 }, [[5, 8, 8, 2]]);
C('convlstm2d-seq-same', 'convLstm2d', { filters: 4, kernelSize: 3, padding: 'same', returnSequences: true }, [[5, 8, 8, 2]]);
C('convlstm2d-state', 'convLstm2d', { filters: 4, kernelSize: 3, returnState: true }, [[5, 8, 8, 2]]);
C('convlstm2d-seq-state', 'convLstm2d', { filters: 3, kernelSize: 3, returnSequences: true, returnState: true }, [[3, 9, 9, 2]]);
C('convlstm2d-s2', 'convLstm2d', { filters: 4, kernelSize: 3, strides: 2 }, [[5, 9, 9, 2]]);
C('convlstm2d-s2-same-odd', 'convLstm2d', { filters: 4, kernelSize: 3, strides: 2, padding: 'same' }, [[3, 9, 9, 2]]);
C('convlstm2d-d2', 'convLstm2d', { filters: 4, kernelSize: 3, dilationRate: 2 }, [[5, 9, 9, 2]]);
C('convlstm2d-cf', 'convLstm2d', { filters: 4, kernelSize: 3, dataFormat: 'channelsFirst' }, [[5, 2, 8, 8]]);
C('convlstm2d-k35-nobias', 'convLstm2d', { filters: 4, kernelSize: [3, 5], useBias: false }, [[5, 8, 8, 2]]);
C('convlstm2d-frozen', 'convLstm2d', { filters: 4, kernelSize: 3, trainable: false }, [[5, 8, 8, 2]]);
C('convlstm2d-unknown-time', 'convLstm2d', { filters: 4, kernelSize: 3 }, [[null, 9, 9, 2]]);
C('convlstm2d-s2-d2-error', 'convLstm2d', { filters: 4, kernelSize: 3, strides: 2, dilationRate: 2 }, [[5, 9, 9, 2]]);
C('convlstm2d-kernel-too-big', 'convLstm2d', { filters: 4, kernelSize: 5 }, [[3, 3, 3, 2]]);
C('convlstm2d-4d-input', 'convLstm2d', { filters: 4, kernelSize: 3 }, [[8, 8, 2]]);
C('bidi-convlstm2d', 'bidirectional', { layer: L('convLstm2d', { filters: 4, kernelSize: 3 }) }, [[3, 9, 9, 2]]);
// Bidirectional / TimeDistributed
C('bidi-lstm-concat', 'bidirectional', { layer: L('lstm', { units: 4 }) }, [[6, 3]]);
C('bidi-lstm-sum', 'bidirectional', { layer: L('lstm', { units: 4 }), mergeMode: 'sum' }, [[6, 3]]);
C('bidi-lstm-mul-seq', 'bidirectional', { layer: L('lstm', { units: 4, returnSequences: true }), mergeMode: 'mul' }, [[6, 3]]);
C('bidi-lstm-ave', 'bidirectional', { layer: L('lstm', { units: 4 }), mergeMode: 'ave' }, [[6, 3]]);
C('bidi-gru', 'bidirectional', { layer: L('gru', { units: 3 }) }, [[5, 2]], gruKeras(2, 3, 2));
C('bidi-gru-seq-sum', 'bidirectional', { layer: L('gru', { units: 3, returnSequences: true }), mergeMode: 'sum' }, [[5, 2]], gruKeras(2, 3, 2));
C('bidi-lstm-state', 'bidirectional', { layer: L('lstm', { units: 3, returnState: true }) }, [[5, 2]]);
C('bidi-rnn-seq', 'bidirectional', { layer: L('simpleRNN', { units: 6, returnSequences: true }) }, [[8, 4]]);
C('td-dense', 'timeDistributed', { layer: L('dense', { units: 3 }) }, [[5, 2]]);
C('td-conv', 'timeDistributed', { layer: L('conv2d', { filters: 3, kernelSize: 3 }) }, [[4, 6, 6, 2]]);
C('td-dense-3d', 'timeDistributed', { layer: L('dense', { units: 5 }) }, [[4, 3, 2]]);
// Pooling
C('mp2-basic', 'maxPooling2d', { poolSize: 2 }, [[12, 12, 3]]);
C('mp2-default', 'maxPooling2d', {}, [[7, 7, 1]]);
C('mp2-p3-s2', 'maxPooling2d', { poolSize: 3, strides: 2 }, [[13, 13, 3]]);
C('mp2-same-s2', 'maxPooling2d', { poolSize: 3, strides: 2, padding: 'same' }, [[7, 7, 2]]);
C('mp2-p23', 'maxPooling2d', { poolSize: [2, 3] }, [[8, 9, 2]]);
C('mp2-cf', 'maxPooling2d', { poolSize: 2, dataFormat: 'channelsFirst' }, [[3, 8, 8]]);
C('mp2-too-big', 'maxPooling2d', { poolSize: 5 }, [[3, 3, 1]],
  { expect: { error: false, outputShape: null }, note: 'Keras 3 gives a 0-size pooling output here (it raises only when every size is negative); Layer Lens leaves it unknown' });
C('ap2-basic', 'averagePooling2d', { poolSize: 2 }, [[12, 12, 3]]);
C('ap2-same-s1', 'averagePooling2d', { poolSize: 3, strides: 1, padding: 'same' }, [[6, 6, 3]]);
C('ap2-cf', 'averagePooling2d', { poolSize: 2, strides: 1, dataFormat: 'channelsFirst' }, [[3, 6, 6]]);
C('mp1-basic', 'maxPooling1d', { poolSize: 2 }, [[10, 3]]);
C('mp1-same', 'maxPooling1d', { poolSize: 3, padding: 'same' }, [[10, 3]]);
C('mp1-default', 'maxPooling1d', {}, [[9, 3]]);
C('ap1-s1', 'averagePooling1d', { poolSize: 3, strides: 1 }, [[6, 2]]);
C('mp3-basic', 'maxPooling3d', { poolSize: 2 }, [[4, 6, 6, 2]]);
C('mp3-cf', 'maxPooling3d', { poolSize: 2, dataFormat: 'channelsFirst' }, [[2, 4, 6, 6]]);
C('ap3-same-s2', 'averagePooling3d', { poolSize: 3, strides: 2, padding: 'same' }, [[5, 5, 5, 1]]);
C('gap2-basic', 'globalAveragePooling2d', {}, [[7, 7, 16]]);
C('gap2-cf', 'globalAveragePooling2d', { dataFormat: 'channelsFirst' }, [[16, 7, 7]]);
C('gmp2-basic', 'globalMaxPooling2d', {}, [[7, 7, 16]]);
C('gap1-basic', 'globalAveragePooling1d', {}, [[10, 4]]);
C('gmp1-basic', 'globalMaxPooling1d', {}, [[10, 4]]);
// Reshaping
C('flatten-basic', 'flatten', {}, [[5, 5, 64]]);
C('flatten-cf', 'flatten', { dataFormat: 'channelsFirst' }, [[2, 3, 4]]);
C('flatten-1d', 'flatten', {}, [[10]],
  { expect: { error: false, params: 0, trainable: 0, nonTrainable: 0, outputShape: [10], macs: 0 }, note: 'Keras Flatten accepts a (batch, features) input (input_spec min_ndim=1); TF.js requires rank ≥ 3' });
C('reshape-basic', 'reshape', { targetShape: [4, 3] }, [[12]]);
C('reshape-minus1', 'reshape', { targetShape: [-1, 3] }, [[6, 2]],
  { expect: { error: false, outputShape: [4, 3], macs: 0 }, note: 'Keras infers -1 from the known input size; TF.js leaves it unknown until run time' });
C('reshape-3d', 'reshape', { targetShape: [2, 2, 3] }, [[12]]);
C('reshape-mismatch', 'reshape', { targetShape: [2, 3] }, [[5]]);
C('permute-2', 'permute', { dims: [2, 1] }, [[6, 2]]);
C('permute-3', 'permute', { dims: [3, 1, 2] }, [[2, 3, 4]]);
C('repeat-vector', 'repeatVector', { n: 3 }, [[6]]);
// Noise, dropout, activations
C('dropout', 'dropout', { rate: 0.5 }, [[10]]);
C('dropout-3d', 'dropout', { rate: 0.2 }, [[4, 4, 2]]);
C('spatial-dropout1d', 'spatialDropout1d', { rate: 0.3 }, [[6, 2]]);
C('gaussian-noise', 'gaussianNoise', { stddev: 0.1 }, [[5]]);
C('gaussian-dropout', 'gaussianDropout', { rate: 0.2 }, [[5, 2]]);
C('alpha-dropout', 'alphaDropout', { rate: 0.1 }, [[5]]);
C('activation-relu', 'activation', { activation: 'relu' }, [[5, 3]]);
C('activation-softmax', 'activation', { activation: 'softmax' }, [[10]]);
C('relu-max6', 'reLU', { maxValue: 6 }, [[5, 3]]);
C('leaky-relu', 'leakyReLU', { alpha: 0.2 }, [[5, 3]]);
C('elu', 'elu', {}, [[5, 3]]);
C('softmax-2d', 'softmax', {}, [[5]]);
C('softmax-default-3d', 'softmax', {}, [[4, 5]],
  { expect: { error: false, outputShape: [4, 5], macs: 0 }, note: 'Keras Softmax defaults to axis=-1; TF.js defaults to axis=1, which it cannot run on a 3-d input' });
C('softmax-axis1', 'softmax', { axis: 1 }, [[6, 2]],
  { expect: { error: false, outputShape: [6, 2], macs: 0 }, note: 'Keras softmax works on any axis; TF.js cannot run a non-last axis' });
C('thresholded-relu', 'thresholdedReLU', {}, [[6, 2]]);
C('masking', 'masking', {}, [[6, 2]]);
C('prelu-full', 'prelu', {}, [[5, 5, 3]]);
C('prelu-shared-hw', 'prelu', { sharedAxes: [1, 2] }, [[5, 5, 3]]);
C('prelu-1d', 'prelu', {}, [[10]]);
C('prelu-shared-1', 'prelu', { sharedAxes: 1 }, [[4, 6]]);
// Padding, cropping, upsampling
C('up2-basic', 'upSampling2d', {}, [[4, 4, 3]]);
C('up2-23-cf', 'upSampling2d', { size: [2, 3], dataFormat: 'channelsFirst' }, [[2, 3, 4]]);
C('up2-bilinear', 'upSampling2d', { size: [3, 3], interpolation: 'bilinear' }, [[4, 4, 3]]);
C('up2-int-size', 'upSampling2d', { size: 3 }, [[4, 4, 3]],
  { expect: { error: false, outputShape: [12, 12, 3], macs: 0 }, note: 'Keras accepts an int size; TF.js computes NaN sizes from it' });
C('zp2-basic', 'zeroPadding2d', {}, [[4, 4, 3]]);
C('zp2-int', 'zeroPadding2d', { padding: 2 }, [[4, 4, 3]]);
C('zp2-pairs-cf', 'zeroPadding2d', { padding: [[1, 2], [3, 4]], dataFormat: 'channelsFirst' }, [[2, 3, 4]]);
C('zp2-sym', 'zeroPadding2d', { padding: [1, 2] }, [[4, 4, 3]]);
C('crop2-pairs', 'cropping2D', { cropping: [[1, 0], [1, 2]] }, [[5, 6, 2]]);
C('crop2-int', 'cropping2D', { cropping: 1 }, [[5, 6, 2]]);
C('crop2-sym', 'cropping2D', { cropping: [1, 2] }, [[6, 6, 2]]);
C('crop2-cf', 'cropping2D', { cropping: [[1, 1], [0, 2]], dataFormat: 'channelsFirst' }, [[2, 5, 6]]);
// Merges
C('add-2', 'add', {}, [[4, 4, 3], [4, 4, 3]]);
C('add-3', 'add', {}, [[8], [8], [8]]);
C('add-mismatch', 'add', {}, [[4], [5]]);
C('add-single', 'add', {}, [[4]], false);
C('multiply-bcast', 'multiply', {}, [[5, 1], [5, 4]]);
C('average', 'average', {}, [[6], [6]]);
C('maximum', 'maximum', {}, [[2, 3], [2, 3]]);
C('minimum', 'minimum', {}, [[2, 3], [2, 3]]);
C('concat-last', 'concatenate', {}, [[5, 6, 2], [5, 6, 3]]);
C('concat-axis1', 'concatenate', { axis: 1 }, [[5, 6, 2], [3, 6, 2]]);
C('concat-1d', 'concatenate', {}, [[8], [4]]);
C('concat-mismatch', 'concatenate', {}, [[5, 6, 2], [5, 7, 3]]);
C('dot-1', 'dot', { axes: 1 }, [[4], [4]]);
C('dot-22', 'dot', { axes: [2, 2] }, [[5, 3], [4, 3]]);
C('dot-11', 'dot', { axes: [1, 1] }, [[5, 3], [5, 4]]);
// Preprocessing
C('rescaling', 'rescaling', { scale: 1 / 255 }, [[5, 5, 3]]);
C('rescaling-offset', 'rescaling', { scale: 2, offset: -1 }, [[5, 3]]);
C('resizing', 'resizing', { height: 4, width: 5 }, [[8, 8, 3]],
  { expect: { error: false, outputShape: [4, 5, 3], macs: 0 }, note: 'Keras Resizing gives (height, width, channels); TF.js reports a wrong symbolic shape (it drops the batch dim) and the model cannot run' });
C('center-crop', 'centerCrop', { height: 4, width: 5 }, [[8, 8, 3]],
  { expect: { error: false, outputShape: [4, 5, 3], macs: 0 }, note: 'Keras CenterCrop gives (height, width, channels); in a TF.js model it fails to run' });
C('input-layer', 'inputLayer', { inputShape: [28, 28, 1] }, [], { keywords: { shape: [28, 28, 1] }, drop: ['input_shape'], note: 'Keras 3 spells it InputLayer(shape=…)' });

/** Leading arguments a Keras user writes positionally, by class. */
const kerasPositional = {
  Conv1D: ['filters', 'kernel_size'], Conv2D: ['filters', 'kernel_size'], Conv3D: ['filters', 'kernel_size'],
  Conv2DTranspose: ['filters', 'kernel_size'], Conv3DTranspose: ['filters', 'kernel_size'],
  SeparableConv2D: ['filters', 'kernel_size'], DepthwiseConv2D: ['kernel_size'], Dense: ['units'],
  Embedding: ['input_dim', 'output_dim'], SimpleRNN: ['units'], LSTM: ['units'], GRU: ['units'], Bidirectional: ['layer'],
  RNN: ['cell'], SimpleRNNCell: ['units'], LSTMCell: ['units'], GRUCell: ['units'], StackedRNNCells: ['cells'],
  ConvLSTM2D: ['filters', 'kernel_size'],
  TimeDistributed: ['layer'], MaxPooling1D: ['pool_size'], MaxPooling2D: ['pool_size'], MaxPooling3D: ['pool_size'],
  AveragePooling1D: ['pool_size'], AveragePooling2D: ['pool_size'], AveragePooling3D: ['pool_size'], Reshape: ['target_shape'],
  Permute: ['dims'], RepeatVector: ['n'], Dropout: ['rate'], SpatialDropout1D: ['rate'], GaussianNoise: ['stddev'],
  GaussianDropout: ['rate'], AlphaDropout: ['rate'], Activation: ['activation'], Resizing: ['height', 'width'],
  CenterCrop: ['height', 'width'], Rescaling: ['scale'], Cropping2D: ['cropping'], ZeroPadding2D: ['padding'], Dot: ['axes'],
  UpSampling2D: ['size'],
};

// Keras-only cases: layers or arguments TF.js lacks. Expectations follow the Keras documentation and source
// (cited per case); they cannot be run here.
const K = (id, type, positional, keywords, inputs, expect, note) => ({ id, type, args: { positional, keywords }, inputs, expect, note });
const z = (outputShape) => ({ params: 0, trainable: 0, nonTrainable: 0, outputShape, macs: 0 });
const kerasOnlyCases = [
  {
    id: 'keras-mnist-convnet', inputs: [[28, 28, 1]],
    layers: [
      { type: 'Conv2D', args: { positional: [32], keywords: { kernel_size: [3, 3], activation: 'relu' } } },
      { type: 'MaxPooling2D', args: { positional: [], keywords: { pool_size: [2, 2] } } },
      { type: 'Conv2D', args: { positional: [64], keywords: { kernel_size: [3, 3], activation: 'relu' } } },
      { type: 'MaxPooling2D', args: { positional: [], keywords: { pool_size: [2, 2] } } },
      { type: 'Flatten', args: { positional: [], keywords: {} } },
      { type: 'Dropout', args: { positional: [0.5], keywords: {} } },
      { type: 'Dense', args: { positional: [10], keywords: { activation: 'softmax' } } },
    ],
    expect: {
      params: 34826,
      layers: [[320, [26, 26, 32]], [0, [13, 13, 32]], [18496, [11, 11, 64]], [0, [5, 5, 64]], [0, [1600]], [0, [1600]], [16010, [10]]]
        .map(([params, outputShape]) => ({ params, outputShape })),
    },
    note: 'keras.io/examples/vision/mnist_convnet model.summary(): Total params: 34,826',
  },
  K('conv2d-groups2', 'Conv2D', [8, 3], { groups: 2 }, [[10, 10, 4]], { params: 152, trainable: 152, nonTrainable: 0, outputShape: [8, 8, 8], macs: 64 * 8 * 2 * 9 }, 'Keras Conv2D groups: kernel (3, 3, f/groups, filters) = 3·3·2·8 + 8 (Keras Conv2D docs); TF.js has no groups'),
  K('conv2d-groups4-nobias', 'Conv2D', [8, 3], { groups: 4, use_bias: false }, [[10, 10, 4]], { params: 72, trainable: 72, nonTrainable: 0, outputShape: [8, 8, 8], macs: 64 * 8 * 9 }, 'kernel 3·3·1·8, no bias'),
  K('conv2d-groups-bad', 'Conv2D', [8, 3], { groups: 3 }, [[10, 10, 6]], { error: true }, 'Keras raises: filters must be divisible by groups'),
  K('conv2d-causal-bad', 'Conv2D', [4, 3], { padding: 'causal' }, [[10, 10, 2]], { error: true }, 'Keras allows causal padding only for 1-D convolutions'),
  K('conv1d-transpose', 'Conv1DTranspose', [4, 3], { strides: 2 }, [[10, 3]], { params: 40, trainable: 40, nonTrainable: 0, outputShape: [21, 4], macs: 10 * 3 * 4 * 3 }, 'valid: (H−1)s + k + max(k, s) − k (keras backend_utils)'),
  K('conv2d-transpose-op-same', 'Conv2DTranspose', [3, 3], { strides: 2, padding: 'same', output_padding: 1 }, [[5, 5, 4]], { params: 111, trainable: 111, nonTrainable: 0, outputShape: [10, 10, 3], macs: 25 * 4 * 3 * 9 }, 'same with output_padding: (H−1)s + k%2 + op'),
  K('conv2d-transpose-op-valid', 'Conv2DTranspose', [3, 3], { strides: 2, output_padding: 1 }, [[5, 5, 4]], { params: 111, trainable: 111, nonTrainable: 0, outputShape: [12, 12, 3], macs: 25 * 4 * 3 * 9 }, 'valid with output_padding: (H−1)s + k + op'),
  K('convlstm1d', 'ConvLSTM1D', [4, 3], {}, [[5, 10, 2]], { params: 4 * 4 * 3 * (2 + 4) + 16, trainable: 304, nonTrainable: 0, outputShape: [8, 4], macs: 5 * 8 * 4 * 4 * 3 * 6 }, 'Keras ConvLSTM1D docs: the ConvLSTM of ConvLSTM2D (tfjs-checked) with rank 1: kernel (3, f, 4n), recurrent kernel (3, n, 4n), bias (4n,)'),
  K('convlstm3d-seq', 'ConvLSTM3D', [2, 3], { return_sequences: true }, [[3, 5, 5, 5, 1]], { params: 4 * 2 * 27 * (1 + 2) + 8, trainable: 656, nonTrainable: 0, outputShape: [3, 3, 3, 3, 2], macs: 3 * 27 * 4 * 2 * 27 * 3 }, 'Keras ConvLSTM3D docs: rank 3, 5-D per-step output with return_sequences'),
  K('attention-dot', 'Attention', [], {}, [[7, 16], [9, 16]], { params: 0, trainable: 0, nonTrainable: 0, outputShape: [7, 16], macs: 7 * 9 * (16 + 16) }, 'keras/src/layers/attention/attention.py: no weights by default; output (*query[:-1], value[-1]); scores q·kᵀ (Tq·Tv·dim) then weights·value (Tq·Tv·dim)'),
  K('attention-scale-concat', 'Attention', [], { use_scale: true, score_mode: 'concat' }, [[7, 16], [9, 16], [9, 16]], { params: 2, trainable: 2, nonTrainable: 0, outputShape: [7, 16] }, 'attention.py build(): a scalar scale (use_scale) and a scalar concat_score_weight (score_mode="concat"); tf.keras 2 dense_attention.py the same'),
  K('attention-value-dim', 'Attention', [true], {}, [[5, 8], [6, 4], [6, 8]], { params: 1, trainable: 1, nonTrainable: 0, outputShape: [5, 4], macs: 5 * 6 * (8 + 4) }, 'query, value, key: output (Tq, value dim); a scalar scale'),
  K('additive-attention', 'AdditiveAttention', [], {}, [[7, 16], [9, 16]], { params: 16, trainable: 16, nonTrainable: 0, outputShape: [7, 16] }, 'additive_attention.py: use_scale=True by default, a scale of shape [dim] (Keras 3: the query\'s dim, tf.keras 2: the value\'s; equal here)'),
  K('additive-attention-noscale', 'AdditiveAttention', [false], {}, [[7, 16], [9, 16]], { params: 0, trainable: 0, nonTrainable: 0, outputShape: [7, 16] }, 'use_scale=False: no weights'),
  K('additive-attention-dims-differ', 'AdditiveAttention', [], {}, [[5, 8], [6, 4], [6, 8]], { params: null, trainable: null, nonTrainable: null, outputShape: [5, 4] }, 'the scale is sized by the query (8) in Keras 3 and by the value (4) in tf.keras 2: not known'),
  K('depthwise1d', 'DepthwiseConv1D', [3], {}, [[10, 4]], { params: 16, trainable: 16, nonTrainable: 0, outputShape: [8, 4], macs: 8 * 4 * 3 }, 'K·f·dm + f·dm (formulas.md)'),
  K('separable1d', 'SeparableConv1D', [8, 3], {}, [[10, 4]], { params: 52, trainable: 52, nonTrainable: 0, outputShape: [8, 8], macs: 8 * 12 + 8 * 32 }, 'K·f·dm + f·dm·n + n (formulas.md)'),
  K('groupnorm', 'GroupNormalization', [], { groups: 4 }, [[8, 8, 16]], { params: 32, trainable: 32, nonTrainable: 0, outputShape: [8, 8, 16], macs: 0 }, 'gamma and beta of shape (channels,)'),
  K('groupnorm-bad', 'GroupNormalization', [], { groups: 3 }, [[8, 8, 16]], { error: true }, 'Keras raises: channels must be divisible by groups'),
  K('unitnorm', 'UnitNormalization', [], {}, [[5, 3]], z([5, 3]), 'no weights'),
  K('normalization', 'Normalization', [], {}, [[5, 3]], { params: 7, trainable: 0, nonTrainable: 7, outputShape: [5, 3], macs: 0 }, 'keras/src/layers/preprocessing/normalization.py build(): mean (3,), variance (3,) and count () non-trainable weights'),
  K('normalization-axis-none', 'Normalization', [], { axis: null }, [[5, 3]], { params: 3, trainable: 0, nonTrainable: 3, outputShape: [5, 3], macs: 0 }, 'axis=None: scalar mean and variance, plus count'),
  K('normalization-given', 'Normalization', [], { mean: 0.5, variance: 2.0 }, [[5, 3]], z([5, 3]), 'mean and variance given: no weights are created'),
  K('subtract', 'Subtract', [], {}, [[4], [4]], z([4]), 'TF.js has no Subtract'),
  K('upsampling1d', 'UpSampling1D', [3], {}, [[4, 2]], z([12, 2]), 'repeats each step size times'),
  K('upsampling3d', 'UpSampling3D', [], {}, [[2, 3, 4, 1]], z([4, 6, 8, 1]), 'default size (2, 2, 2)'),
  K('zeropadding1d', 'ZeroPadding1D', [2], {}, [[5, 3]], z([9, 3]), 'pads both ends'),
  K('zeropadding3d', 'ZeroPadding3D', [], {}, [[2, 3, 4, 1]], z([4, 5, 6, 1]), 'default padding (1, 1, 1)'),
  K('cropping1d', 'Cropping1D', [[1, 2]], {}, [[6, 3]], z([3, 3]), 'crops (1, 2)'),
  K('cropping3d', 'Cropping3D', [], {}, [[4, 5, 6, 2]], z([2, 3, 4, 2]), 'default cropping ((1, 1), (1, 1), (1, 1))'),
  K('spatialdropout2d', 'SpatialDropout2D', [0.2], {}, [[4, 4, 3]], z([4, 4, 3]), 'no weights'),
  K('spatialdropout3d', 'SpatialDropout3D', [0.2], {}, [[2, 4, 4, 3]], z([2, 4, 4, 3]), 'no weights'),
  K('gap2-keepdims', 'GlobalAveragePooling2D', [], { keepdims: true }, [[7, 7, 16]], z([1, 1, 16]), 'keepdims keeps the spatial dims as 1'),
  K('gmp3', 'GlobalMaxPooling3D', [], {}, [[4, 4, 4, 8]], z([8]), 'channels'),
  K('gap3-cf', 'GlobalAveragePooling3D', [], { data_format: 'channels_first' }, [[8, 4, 4, 4]], z([8]), 'channels_first: channels on axis 1'),
  K('activity-regularization', 'ActivityRegularization', [], { l1: 0.01 }, [[5]], z([5]), 'no weights'),
  K('identity', 'Identity', [], {}, [[5, 2]], z([5, 2]), 'no weights'),
  K('gap1-cf', 'GlobalAveragePooling1D', [], { data_format: 'channels_first' }, [[4, 10]], z([4]), 'channels_first: features on axis 1'),
  K('mha-doc', 'MultiHeadAttention', [], { num_heads: 2, key_dim: 2 }, [[8, 16], [4, 16]], { params: 284, trainable: 284, nonTrainable: 0, outputShape: [8, 16], macs: 8 * 16 * 4 + 4 * 16 * 4 + 4 * 16 * 4 + 8 * 4 * 4 + 8 * 4 * 4 + 8 * 4 * 16 }, 'Keras MultiHeadAttention docs example: output (None, 8, 16); q/k/v kernels (16, 2, 2) + biases (2, 2), output kernel (2, 2, 16) + bias (16,)'),
  K('mha-value-dim-out', 'MultiHeadAttention', [], { num_heads: 4, key_dim: 8, value_dim: 6, output_shape: 10, use_bias: false }, [[5, 12], [7, 20], [7, 3]], { params: 4 * 8 * 12 + 4 * 8 * 3 + 4 * 6 * 20 + 4 * 6 * 10, trainable: 1200, nonTrainable: 0, outputShape: [5, 10], macs: 5 * 12 * 32 + 7 * 3 * 32 + 7 * 20 * 24 + 5 * 7 * 32 + 5 * 7 * 24 + 5 * 24 * 10 }, 'query, value, key inputs; projections (E, heads, dim) without bias'),
  K('einsum-dense-doc1', 'EinsumDense', ['ab,bc->ac'], { output_shape: 64, bias_axes: 'c' }, [[32]], { params: 2112, trainable: 2112, nonTrainable: 0, outputShape: [64], macs: 2048 }, 'Keras EinsumDense docs: equivalent to Dense(64): output (None, 64)'),
  K('einsum-dense-doc3', 'EinsumDense', ['...x,xy->...y'], { output_shape: 64, bias_axes: 'y' }, [[32, 128]], { params: 8256, trainable: 8256, nonTrainable: 0, outputShape: [32, 64], macs: 32 * 128 * 64 }, 'Keras EinsumDense docs (ellipsis): output (None, 32, 64)'),
  K('einsum-dense-heads', 'EinsumDense', ['abc,cde->abde'], { output_shape: [10, 4, 8], bias_axes: 'de' }, [[10, 16]], { params: 16 * 4 * 8 + 32, trainable: 544, nonTrainable: 0, outputShape: [10, 4, 8], macs: 10 * 16 * 32 }, 'kernel (16, 4, 8), bias (4, 8): the MultiHeadAttention projection form'),
  K('bidi-merge-none', 'Bidirectional', [{ layerType: 'LSTM', framework: 'keras', args: { positional: [4], keywords: {} } }], { merge_mode: null }, [[6, 3]], { params: 256, trainable: 256, nonTrainable: 0, outputShape: [4], outputs: [[4], [4]], macs: 2 * 6 * 4 * 4 * 7 }, 'merge_mode=None returns the two directions as a list'),
  K('gru-reset-after-explicit', 'GRU', [8], { reset_after: true, return_sequences: true }, [[10, 3]], { params: 3 * (24 + 64) + 48, trainable: 312, nonTrainable: 0, outputShape: [10, 8], macs: 10 * 3 * 8 * 11 }, 'Keras GRU reset_after=True: bias shape (2, 3u)'),
  K('relu-negative-slope', 'ReLU', [], { negative_slope: 0.1 }, [[5]], z([5]), 'no weights'),
  K('leaky-relu-keras3', 'LeakyReLU', [], { negative_slope: 0.2 }, [[5]], z([5]), 'Keras 3 spelling (tf.keras 2: alpha)'),
  K('lambda-output-shape', 'Lambda', [null], { output_shape: [1] }, [[16]], { params: 0, trainable: 0, nonTrainable: 0, outputShape: [1] }, 'Keras Lambda docs: no weights; output_shape states the shape (here the siamese distance)'),
  K('random-flip', 'RandomFlip', ['horizontal'], {}, [[32, 32, 3]], z([32, 32, 3]), 'augmentation: no weights, the identity at inference (Keras RandomFlip docs)'),
  K('random-rotation', 'RandomRotation', [0.1], { fill_mode: 'nearest' }, [[32, 32, 3]], z([32, 32, 3]), 'augmentation: no weights, same shape'),
  K('random-zoom', 'RandomZoom', [0.1, 0.2], {}, [[32, 32, 3]], z([32, 32, 3]), 'augmentation: no weights, same shape'),
  K('random-translation', 'RandomTranslation', [0.1, 0.1], {}, [[32, 32, 3]], z([32, 32, 3]), 'augmentation: no weights, same shape'),
  K('random-contrast', 'RandomContrast', [0.2], {}, [[32, 32, 3]], z([32, 32, 3]), 'augmentation: no weights, same shape'),
  K('random-brightness', 'RandomBrightness', [0.2], {}, [[32, 32, 3]], z([32, 32, 3]), 'augmentation: no weights, same shape'),
  K('random-crop', 'RandomCrop', [24, 20], {}, [[32, 32, 3]], z([24, 20, 3]), 'Keras RandomCrop docs: output (height, width, channels)'),
  K('textvec-int', 'TextVectorization', [], { max_tokens: 20000, output_sequence_length: 500 }, [[1]], z([500]), 'keras/src/layers/preprocessing/text_vectorization.py compute_output_shape: int mode gives (batch, output_sequence_length); the vocabulary is a lookup table, not a weight (summary: 0 params)'),
  K('textvec-int-no-length', 'TextVectorization', [], { output_mode: 'int' }, [[1]], z([null]), 'int mode without output_sequence_length: (batch, None)'),
  K('textvec-tfidf', 'TextVectorization', [], { max_tokens: 100, output_mode: 'tf_idf' }, [[1]], { params: null, trainable: null, nonTrainable: null, outputShape: null }, 'tf.keras 2 tracks the TF-IDF weights as a non-trainable weight; Keras 3 keeps them in a tf.Variable it does not track'),
  K('string-lookup-one-hot', 'StringLookup', [], { vocabulary: ['a', 'b', 'c'], output_mode: 'one_hot' }, [[1]], { params: 0, trainable: 0, nonTrainable: 0, outputShape: null, macs: 0 }, 'a lookup table, no weights (Keras StringLookup docs); the one-hot shape is not worked out'),
  K('integer-lookup', 'IntegerLookup', [], { max_tokens: 50 }, [[1]], { params: 0, trainable: 0, nonTrainable: 0, outputShape: null, macs: 0 }, 'a lookup table, no weights'),
  K('hashing', 'Hashing', [16], { output_mode: 'one_hot' }, [[1]], { params: 0, trainable: 0, nonTrainable: 0, outputShape: null, macs: 0 }, 'no weights (Keras Hashing docs)'),
  K('discretization', 'Discretization', [], { bin_boundaries: [0, 1, 2] }, [[1]], { params: 0, trainable: 0, nonTrainable: 0, outputShape: null, macs: 0 }, 'bin boundaries are constants, not weights'),
  K('hashed-crossing', 'HashedCrossing', [8], {}, [[1], [1]], { params: 0, trainable: 0, nonTrainable: 0, outputShape: null, macs: 0 }, 'no weights (Keras HashedCrossing docs)'),
  K('category-encoding', 'CategoryEncoding', [], { num_tokens: 4, output_mode: 'one_hot' }, [[1]], { params: 0, trainable: 0, nonTrainable: 0, outputShape: null, macs: 0 }, 'no weights (Keras CategoryEncoding docs)'),
  K('dense-keras-bn-64', 'BatchNormalization', [], {}, [[64]], { params: 256, trainable: 128, nonTrainable: 128, outputShape: [64], macs: 0 }, 'formulas.md: BatchNorm with 64 channels, Keras 256 (128 non-trainable)'),
];

const tfjsOut = [];
const kerasOut = [];
for (const c of tfjsCases) {
  const { row: t, built } = runTfjs(c);
  tfjsOut.push(t);
  if (c.keras === false) continue;
  const k = { id: c.id, type: t.type, args: kerasArgs(t.type, c.config), inputs: c.inputs, expect: { ...t.expect } };
  if (c.keras) {
    if (c.keras.expect && c.keras.expect.error === false) {
      k.expect = { ...built, ...c.keras.expect };
      delete k.expect.error;
    } else Object.assign(k.expect, c.keras.expect ?? {});
    if (c.keras.keywords) Object.assign(k.args.keywords, c.keras.keywords);
    for (const key of c.keras.drop ?? []) delete k.args.keywords[key];
    k.note = c.keras.note;
  } else if (t.note) k.note = `tfjs differs: ${t.note}; Keras computes its shape statically`;
  kerasOut.push(k);
}
kerasOut.push(...kerasOnlyCases);

const write = (file, rows) => writeFileSync(`${root}/${file}`, `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
write('test/fixtures/layers/tfjs.json', tfjsOut);
write('test/fixtures/layers/keras.json', kerasOut);
console.log(`tfjs: ${tfjsOut.length} cases (${tfjsOut.filter((t) => t.expect.error).length} errors); keras: ${kerasOut.length} cases`);
