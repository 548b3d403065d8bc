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
  if (top) {
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
