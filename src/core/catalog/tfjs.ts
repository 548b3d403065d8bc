// TensorFlow.js Layers API: rows keyed by registered class name, taking one camelCase config object.
// The numbers come from the Keras specs; where @tensorflow/tfjs 4.22 differs from Keras the specs say so:
// no `groups`, no `outputPadding`, single-bias GRU (resetAfter=true rejected), Softmax axis defaults to 1 and only
// the last axis runs, DepthwiseConv2D and Conv2DTranspose ignore dilationRate, causal padding builds but cannot run,
// channelsFirst Conv1D reports a transposed shape, channelsFirst SeparableConv2D, Resizing and CenterCrop fail to
// run, UpSampling2D with a number `size` gives NaN, Reshape leaves -1 unknown, Flatten needs rank ≥ 2 (no batch).
import type { Catalog, Cfg, CValue, LayerRow } from './types';
import { registerCatalog, type Spec, wrongSpelling } from './keras-common';
import { specs } from './keras-specs';
import { cellSpecs, registerCellCatalog } from './keras-cells';
import { unknown } from './values';
import { msg } from '../l10n';

const camel = (k: string): string => k.replace(/_([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
const snake = (k: string): string => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The TF.js class names that have a row (tf.serialization's registered names). */
const TFJS_CLASSES = [
  'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'Conv3DTranspose', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense',
  'Embedding', 'BatchNormalization', 'LayerNormalization', 'SimpleRNN', 'LSTM', 'GRU', 'RNN', 'ConvLSTM2D', 'Bidirectional',
  'TimeDistributed',
  'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
  'GlobalMaxPooling1D', 'GlobalMaxPooling2D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'Flatten', 'Reshape',
  'Permute', 'RepeatVector', 'Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Masking',
  'Activation', 'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'Softmax', 'ThresholdedReLU', 'UpSampling2D', 'ZeroPadding2D',
  'Cropping2D', 'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate', 'Dot', 'Rescaling', 'Resizing',
  'CenterCrop', 'InputLayer',
];

const DATA_FORMATS: Record<string, string> = { channelsLast: 'channels_last', channelsFirst: 'channels_first' };

/** The camelCase config as the snake_case cfg the shared compute functions read. */
function toSnake(cfg: Cfg): Cfg {
  const out: Cfg = {};
  for (const [k, v] of Object.entries(cfg)) {
    let value: CValue = v;
    if (k === 'dataFormat' && typeof v === 'string') {
      value = DATA_FORMATS[v] ?? wrongSpelling(k, v, msg('TF.js expects \'channelsLast\' or \'channelsFirst\''));
    }
    out[snake(k)] = value;
  }
  return out;
}

const TFJS_IGNORE = ['input_shape', 'batch_input_shape', 'batch_size', 'input_d_type', 'weights', 'name', 'dtype'];

function tfjsRow(spec: Spec): LayerRow {
  const t = spec.tfjs || {};
  const drop = new Set(t.drop ?? []);
  const ignore = new Set([...(spec.ignore ?? []), ...TFJS_IGNORE]);
  const defaults: Cfg = {};
  for (const [k, v] of Object.entries({ ...spec.defaults, ...(t.defaults ?? {}) })) if (!drop.has(k)) defaults[camel(k)] = v;
  for (const a of [...spec.args, ...(t.required ?? [])]) {
    const required = !(a in spec.defaults) || (t.required ?? []).includes(a);
    if (required && !drop.has(a) && !ignore.has(a)) defaults[camel(a)] = unknown(msg('TF.js requires `{0}` in the config', camel(a)));
  }
  return {
    args: [],
    defaults,
    ignore: [...ignore].filter((k) => !(camel(k) in defaults)).map(camel),
    multiInput: spec.multiInput,
    compute: (cfg, ctx) => spec.compute(toSnake(cfg), ctx, 'tfjs'),
  };
}

export const tfjsCatalog: Catalog = {};
for (const name of TFJS_CLASSES) {
  const spec = specs[name];
  if (spec && spec.tfjs !== false) tfjsCatalog[name] = tfjsRow(spec);
}
registerCatalog('tfjs', tfjsCatalog);

/** Recurrent cells (`tf.layers.lstmCell` …): evaluated only inside `tf.layers.rnn({cell})`. */
const tfjsCells: Catalog = {};
for (const [name, spec] of Object.entries(cellSpecs)) tfjsCells[name] = tfjsRow(spec);
registerCellCatalog('tfjs', tfjsCells);

/** `tf.layers.<factory>(…)` → the class name it creates. */
export const tfjsFactories: Record<string, string> = {
  conv1d: 'Conv1D', conv2d: 'Conv2D', conv3d: 'Conv3D', conv2dTranspose: 'Conv2DTranspose', conv3dTranspose: 'Conv3DTranspose',
  depthwiseConv2d: 'DepthwiseConv2D', separableConv2d: 'SeparableConv2D', dense: 'Dense', embedding: 'Embedding',
  batchNormalization: 'BatchNormalization', layerNormalization: 'LayerNormalization', simpleRNN: 'SimpleRNN', lstm: 'LSTM',
  gru: 'GRU', rnn: 'RNN', convLstm2d: 'ConvLSTM2D', bidirectional: 'Bidirectional', timeDistributed: 'TimeDistributed',
  maxPooling1d: 'MaxPooling1D', maxPool1d: 'MaxPooling1D', maxPooling2d: 'MaxPooling2D', maxPool2d: 'MaxPooling2D',
  maxPooling3d: 'MaxPooling3D', averagePooling1d: 'AveragePooling1D', avgPool1d: 'AveragePooling1D',
  avgPooling1d: 'AveragePooling1D', averagePooling2d: 'AveragePooling2D', avgPool2d: 'AveragePooling2D',
  avgPooling2d: 'AveragePooling2D', averagePooling3d: 'AveragePooling3D', avgPool3d: 'AveragePooling3D',
  avgPooling3d: 'AveragePooling3D', globalMaxPooling1d: 'GlobalMaxPooling1D', globalMaxPool1d: 'GlobalMaxPooling1D',
  globalMaxPooling2d: 'GlobalMaxPooling2D', globalMaxPool2d: 'GlobalMaxPooling2D',
  globalAveragePooling1d: 'GlobalAveragePooling1D', globalAveragePooling2d: 'GlobalAveragePooling2D',
  flatten: 'Flatten', reshape: 'Reshape', permute: 'Permute', repeatVector: 'RepeatVector', dropout: 'Dropout',
  spatialDropout1d: 'SpatialDropout1D', gaussianNoise: 'GaussianNoise', gaussianDropout: 'GaussianDropout',
  alphaDropout: 'AlphaDropout', masking: 'Masking', activation: 'Activation', reLU: 'ReLU', leakyReLU: 'LeakyReLU',
  prelu: 'PReLU', elu: 'ELU', softmax: 'Softmax', thresholdedReLU: 'ThresholdedReLU', upSampling2d: 'UpSampling2D',
  zeroPadding2d: 'ZeroPadding2D', cropping2D: 'Cropping2D', add: 'Add', multiply: 'Multiply', average: 'Average',
  maximum: 'Maximum', minimum: 'Minimum', concatenate: 'Concatenate', dot: 'Dot', rescaling: 'Rescaling',
  resizing: 'Resizing', centerCrop: 'CenterCrop', inputLayer: 'InputLayer',
};
