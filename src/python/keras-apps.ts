// keras.applications models (a pretrained base under a new head: the usual transfer-learning model). Their layers
// are not in Layer Lens's catalog and Keras's own source is not read, so their weights stay unknown; what is known is
// the shape they hand to the head, which is what the head's numbers depend on.
import type { Shape } from '../core/report';
import type { Cfg, LayerResult } from '../core/catalog/types';
import { emptyResult } from '../core/catalog/values';
import { msg } from '../core/l10n';

/**
 * The channels of each application's last feature map (its output with include_top=False), at the default width,
 * from Keras's source: VGG's last conv block, ResNet's and Xception's 2,048, DenseNet's blocks with a growth rate of
 * 32, EfficientNet's top conv of round_filters(1280) for its width coefficient, ConvNeXt's last stage.
 */
const FEATURES: Record<string, number> = {
  VGG16: 512, VGG19: 512,
  ResNet50: 2048, ResNet101: 2048, ResNet152: 2048, ResNet50V2: 2048, ResNet101V2: 2048, ResNet152V2: 2048,
  InceptionV3: 2048, InceptionResNetV2: 1536, Xception: 2048,
  MobileNet: 1024, MobileNetV2: 1280,
  DenseNet121: 1024, DenseNet169: 1664, DenseNet201: 1920,
  EfficientNetB0: 1280, EfficientNetB1: 1280, EfficientNetB2: 1408, EfficientNetB3: 1536,
  EfficientNetB4: 1792, EfficientNetB5: 2048, EfficientNetB6: 2304, EfficientNetB7: 2560,
  EfficientNetV2B0: 1280, EfficientNetV2B1: 1280, EfficientNetV2B2: 1408, EfficientNetV2B3: 1536,
  EfficientNetV2S: 1280, EfficientNetV2M: 1280, EfficientNetV2L: 1280,
  ConvNeXtTiny: 768, ConvNeXtSmall: 768, ConvNeXtBase: 1024, ConvNeXtLarge: 1536, ConvNeXtXLarge: 2048,
};

/** The name Keras gives the application's model (its row in model.summary()). */
const NAMES: Record<string, string> = {
  InceptionV3: 'inception_v3', InceptionResNetV2: 'inception_resnet_v2',
  ConvNeXtTiny: 'convnext_tiny', ConvNeXtSmall: 'convnext_small', ConvNeXtBase: 'convnext_base', ConvNeXtLarge: 'convnext_large', ConvNeXtXLarge: 'convnext_xlarge',
};

/**
 * The input size each application is built for with its classifier (include_top=True): Keras's default_size, and
 * for MobileNet (v1, v2) every size its ImageNet weights exist for.
 */
function topSizes(type: string): number[] {
  if (type === 'MobileNet') return [128, 160, 192, 224];
  if (type === 'MobileNetV2') return [96, 128, 160, 192, 224];
  if (type === 'InceptionV3' || type === 'InceptionResNetV2' || type === 'Xception') return [299];
  const b = /^EfficientNet(V2)?(B\d|S|M|L)$/.exec(type);
  if (b && !b[1]) return [[224, 240, 260, 300, 380, 456, 528, 600][Number(b[2].slice(1))]];
  if (b) return [{ B0: 224, B1: 240, B2: 260, B3: 300, S: 384, M: 480, L: 480 }[b[2]]!];
  return [224];
}

export function isApplication(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(FEATURES, name);
}

/** Keras's name for the model an application builds, when `name=` is not given. */
export function applicationName(type: string, cfg: Cfg): string {
  if (type === 'MobileNet' || type === 'MobileNetV2') {
    // mobilenet(v2)_<alpha>_<rows>: the input size when it is one ImageNet weights exist for, else 224.
    const alpha = typeof cfg.alpha === 'number' ? cfg.alpha : 1;
    const s = Array.isArray(cfg.input_shape) ? cfg.input_shape : null;
    const sizes = type === 'MobileNet' ? [128, 160, 192, 224] : [96, 128, 160, 192, 224];
    const rows = s && s[0] === s[1] && sizes.includes(s[0] as number) && cfg.weights !== null ? s[0] : 224;
    return `${type.toLowerCase()}_${alpha.toFixed(2)}_${rows}`;
  }
  if (type.startsWith('EfficientNetV2')) return `efficientnetv2-${type.slice('EfficientNetV2'.length).toLowerCase()}`;
  return NAMES[type] ?? type.toLowerCase();
}

/** An application called on `input`: its output shape when the arguments are the defaults this table holds. */
export function applicationResult(type: string, cfg: Cfg, input: Shape | null, inputReason: string | undefined, channelsFirst: boolean | null): LayerResult {
  const r = emptyResult();
  r.unknown.params = msg('the weights of keras.applications.{0} are not counted by Layer Lens', type);
  r.unknown.trainable = r.unknown.params;
  r.unknown.nonTrainable = r.unknown.params;
  r.unknown.macs = msg('the cost of keras.applications.{0} is not counted by Layer Lens', type);
  const why = (reason: string) => { r.unknown.outputShape = reason; return r; };
  const top = cfg.include_top === undefined ? true : cfg.include_top;
  if (typeof top !== 'boolean') return why(msg('include_top is not known'));
  // Keras refuses ImageNet weights (the default) for images without 3 channels, and, with the classifier, for an
  // input_shape other than the size they were trained at or more classes than 1,000; with the classifier the model
  // is built for one input size (the default when input_shape is not given), and a call on another is not followed.
  const weights = cfg.weights === undefined ? 'imagenet' : cfg.weights;
  const stated = Array.isArray(cfg.input_shape) ? cfg.input_shape : cfg.input_shape === undefined || cfg.input_shape === null ? null : undefined;
  if (stated === undefined || (weights !== null && typeof weights !== 'string')) return why(msg('the weights or input_shape of {0} are not known', type));
  const imagenet = weights === 'imagenet';
  if (imagenet && stated && stated[stated.length - 1] !== 3) return why(msg('Keras refuses ImageNet weights for {0} on images without 3 channels', type));
  if (top) {
    const sizes = topSizes(type);
    const built = stated ?? [sizes[sizes.length - 1], sizes[sizes.length - 1], 3];
    const square = built.length === 3 && built[0] === built[1] && built[2] === 3;
    if (imagenet && !(square && sizes.includes(built[0] as number))) return why(msg('Keras refuses ImageNet weights for {0} with its classifier on an input other than {1}×{1}×3', type, sizes[sizes.length - 1]));
    if (input && JSON.stringify(input) !== JSON.stringify(built)) return why(msg('{0} with its classifier is built for {1} and called on {2}', type, built.join('×'), input.join('×')));
    if (imagenet && cfg.classes !== undefined && cfg.classes !== 1000) return why(msg('Keras refuses ImageNet weights for {0} with its classifier and other than 1,000 classes', type));
    // The classifier: `classes` outputs (1,000 by default), whatever the input.
    const classes = cfg.classes === undefined ? 1000 : cfg.classes;
    if (typeof classes !== 'number') return why(msg('classes is not known'));
    r.outputShape = [classes];
    r.outChannels = classes;
    return r;
  }
  const width = cfg.alpha === undefined ? 1 : cfg.alpha;
  if (typeof width !== 'number') return why(msg('alpha is not known'));
  if (width !== 1 && !(type === 'MobileNetV2' && width < 1)) return why(msg('the width of {0} with alpha={1} is not worked out', type, width));
  const channels = FEATURES[type];
  const pooling = cfg.pooling ?? null;
  if (pooling === 'avg' || pooling === 'max') {
    r.outputShape = [channels];
    r.outChannels = channels;
    return r;
  }
  if (pooling !== null) return why(msg('pooling is not known'));
  if (channelsFirst === null) return why(msg('the image data format is not known'));
  if (input && input.length !== 3) return why(msg('{0} takes images (height×width×channels), got a {1}-d input', type, input.length));
  if (!input && inputReason) return why(inputReason);
  // A feature map whose height and width this table does not work out (each architecture pads and strides its own way).
  r.outputShape = channelsFirst ? [channels, null, null] : [null, null, channels];
  r.outChannels = channels;
  r.unknown.outputShape = msg('the height and width of the feature map of {0} are not worked out', type);
  return r;
}
