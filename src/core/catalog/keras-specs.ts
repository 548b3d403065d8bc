// The layer specs shared by the Keras and TF.js catalogs, keyed by Keras class name.
import { type Spec, BASE_IGNORE, identityResult } from './keras-common';
import { convSpec, convTransposeSpec, depthwiseSpec, separableSpec } from './keras-conv';
import {
  batchNormSpec, concatenateSpec, denseSpec, dotSpec, embeddingSpec, groupNormSpec, inputLayerSpec, layerNormSpec,
  mergeSpec, normalizationSpec, passSpec, preluSpec, preprocessingSpec, softmaxSpec, unitNormSpec,
} from './keras-core';
import { attentionSpec } from './keras-attention';
import { convLstmSpec, rnnLayerSpec } from './keras-cells';
import { bidirectionalSpec, einsumDenseSpec, mhaSpec, rnnSpec, timeDistributedSpec } from './keras-seq';
import { msg } from '../l10n';
import {
  flattenSpec, globalPoolSpec, padSpec, permuteSpec, poolSpec, repeatVectorSpec, reshapeSpec, resizeSpec, upSampleSpec,
} from './keras-spatial';

export const specs: Record<string, Spec> = {
  Conv1D: convSpec(1),
  Conv2D: convSpec(2),
  Conv3D: convSpec(3),
  Conv1DTranspose: convTransposeSpec(1),
  Conv2DTranspose: convTransposeSpec(2),
  Conv3DTranspose: convTransposeSpec(3),
  DepthwiseConv1D: depthwiseSpec(1),
  DepthwiseConv2D: depthwiseSpec(2),
  SeparableConv1D: separableSpec(1),
  SeparableConv2D: separableSpec(2),
  Dense: denseSpec,
  EinsumDense: einsumDenseSpec,
  Embedding: embeddingSpec,
  BatchNormalization: batchNormSpec,
  LayerNormalization: layerNormSpec,
  GroupNormalization: groupNormSpec,
  UnitNormalization: unitNormSpec,
  Normalization: normalizationSpec,
  SimpleRNN: rnnSpec('simple'),
  LSTM: rnnSpec('lstm'),
  GRU: rnnSpec('gru'),
  RNN: rnnLayerSpec,
  ConvLSTM1D: convLstmSpec(1),
  ConvLSTM2D: convLstmSpec(2),
  ConvLSTM3D: convLstmSpec(3),
  Bidirectional: bidirectionalSpec,
  TimeDistributed: timeDistributedSpec,
  MultiHeadAttention: mhaSpec,
  Attention: attentionSpec(false),
  AdditiveAttention: attentionSpec(true),
  MaxPooling1D: poolSpec(1),
  MaxPooling2D: poolSpec(2),
  MaxPooling3D: poolSpec(3),
  AveragePooling1D: poolSpec(1),
  AveragePooling2D: poolSpec(2),
  AveragePooling3D: poolSpec(3),
  GlobalMaxPooling1D: globalPoolSpec(1),
  GlobalMaxPooling2D: globalPoolSpec(2),
  GlobalMaxPooling3D: globalPoolSpec(3),
  GlobalAveragePooling1D: globalPoolSpec(1),
  GlobalAveragePooling2D: globalPoolSpec(2),
  GlobalAveragePooling3D: globalPoolSpec(3),
  Flatten: flattenSpec,
  Reshape: reshapeSpec,
  Permute: permuteSpec,
  RepeatVector: repeatVectorSpec,
  Dropout: passSpec(['rate', 'noise_shape', 'seed'], { noise_shape: null }),
  SpatialDropout1D: passSpec(['rate'], {}, {}),
  SpatialDropout2D: passSpec(['rate', 'data_format'], { data_format: null }, false),
  SpatialDropout3D: passSpec(['rate', 'data_format'], { data_format: null }, false),
  GaussianNoise: passSpec(['stddev']),
  GaussianDropout: passSpec(['rate']),
  AlphaDropout: passSpec(['rate', 'noise_shape'], { noise_shape: null }),
  ActivityRegularization: passSpec(['l1', 'l2'], { l1: 0, l2: 0 }, false),
  Masking: passSpec(['mask_value'], { mask_value: 0 }),
  Identity: passSpec([], {}, false),
  // Lambda(fn, output_shape=...): no weights; its output shape is the one stated, else not followed (the function
  // is Python code the catalog does not run).
  Lambda: {
    args: ['function', 'output_shape', 'mask', 'arguments'],
    defaults: { function: null, output_shape: null, mask: null, arguments: null, trainable: true },
    ignore: BASE_IGNORE,
    tfjs: false,
    compute: (cfg, ctx) => {
      const r = identityResult(ctx);
      const stated = cfg.output_shape;
      r.macs = null;
      r.unknown.macs = msg('the cost of a Lambda is not counted');
      if (Array.isArray(stated) && stated.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d)))) {
        r.outputShape = stated as (number | null)[];
        delete r.unknown.outputShape;
      } else {
        r.outputShape = null;
        r.unknown.outputShape = ctx.inputs[0] ? msg('the shape a Lambda computes is not followed (give it output_shape=)') : r.unknown.outputShape ?? msg('the input shape is not known');
      }
      return r;
    },
  },
  Activation: passSpec(['activation']),
  ReLU: passSpec(['max_value', 'negative_slope', 'threshold'], { max_value: null, negative_slope: 0, threshold: 0 }, { drop: ['negative_slope', 'threshold'] }),
  LeakyReLU: passSpec(['negative_slope'], { negative_slope: 0.3, alpha: 0.3 }, { drop: ['negative_slope'] }),
  ELU: passSpec(['alpha'], { alpha: 1 }),
  Softmax: softmaxSpec,
  ThresholdedReLU: passSpec(['theta'], { theta: 1 }),
  PReLU: preluSpec,
  UpSampling1D: upSampleSpec(1),
  UpSampling2D: upSampleSpec(2),
  UpSampling3D: upSampleSpec(3),
  ZeroPadding1D: padSpec(1, false),
  ZeroPadding2D: padSpec(2, false),
  ZeroPadding3D: padSpec(3, false),
  Cropping1D: padSpec(1, true),
  Cropping2D: padSpec(2, true),
  Cropping3D: padSpec(3, true),
  Add: mergeSpec('Add'),
  Subtract: mergeSpec('Subtract'),
  Multiply: mergeSpec('Multiply'),
  Average: mergeSpec('Average'),
  Maximum: mergeSpec('Maximum'),
  Minimum: mergeSpec('Minimum'),
  Concatenate: concatenateSpec,
  Dot: dotSpec,
  Rescaling: passSpec(['scale', 'offset'], { offset: 0 }),
  // Augmentation layers: no weights, the input's shape (an identity at inference); TF.js has none of them.
  RandomFlip: passSpec(['mode'], { mode: 'horizontal_and_vertical' }, false, ['value_range', 'data_format']),
  RandomRotation: passSpec(['factor', 'fill_mode', 'interpolation'], { fill_mode: 'reflect', interpolation: 'bilinear' }, false, ['fill_value', 'value_range', 'data_format']),
  RandomZoom: passSpec(['height_factor', 'width_factor', 'fill_mode', 'interpolation'], { width_factor: null, fill_mode: 'reflect', interpolation: 'bilinear' }, false, ['fill_value', 'value_range', 'data_format']),
  RandomTranslation: passSpec(['height_factor', 'width_factor', 'fill_mode', 'interpolation'], { fill_mode: 'reflect', interpolation: 'bilinear' }, false, ['fill_value', 'value_range', 'data_format']),
  RandomContrast: passSpec(['factor'], {}, false, ['value_range', 'data_format']),
  RandomBrightness: passSpec(['factor', 'value_range'], { value_range: null }, false, ['data_format']),
  RandomCrop: resizeSpec(true),
  Resizing: resizeSpec(false),
  CenterCrop: resizeSpec(true),
  InputLayer: inputLayerSpec,
  // Preprocessing lookups and encodings (Keras 3 signatures).
  TextVectorization: preprocessingSpec('TextVectorization',
    ['max_tokens', 'standardize', 'split', 'ngrams', 'output_mode', 'output_sequence_length'],
    { max_tokens: null, standardize: 'lower_and_strip_punctuation', split: 'whitespace', ngrams: null, output_sequence_length: null },
    ['pad_to_max_tokens', 'vocabulary', 'idf_weights']),
  StringLookup: preprocessingSpec('StringLookup', ['max_tokens', 'num_oov_indices', 'mask_token', 'oov_token', 'vocabulary', 'idf_weights', 'invert', 'output_mode'],
    { max_tokens: null, num_oov_indices: 1, mask_token: null, oov_token: '[UNK]', vocabulary: null, idf_weights: null, invert: false }, ['pad_to_max_tokens']),
  IntegerLookup: preprocessingSpec('IntegerLookup', ['max_tokens', 'num_oov_indices', 'mask_token', 'oov_token', 'vocabulary', 'vocabulary_dtype', 'idf_weights', 'invert', 'output_mode'],
    { max_tokens: null, num_oov_indices: 1, mask_token: null, oov_token: -1, vocabulary: null, vocabulary_dtype: 'int64', idf_weights: null, invert: false }, ['pad_to_max_tokens']),
  Hashing: preprocessingSpec('Hashing', ['num_bins', 'mask_value', 'salt', 'output_mode'], { mask_value: null, salt: null }, []),
  HashedCrossing: preprocessingSpec('HashedCrossing', ['num_bins', 'output_mode'], {}, []),
  Discretization: preprocessingSpec('Discretization', ['bin_boundaries', 'num_bins', 'epsilon', 'output_mode'], { bin_boundaries: null, num_bins: null, epsilon: 0.01 }, []),
  CategoryEncoding: preprocessingSpec('CategoryEncoding', ['num_tokens', 'output_mode'], { num_tokens: null, output_mode: 'multi_hot' }, []),
};
