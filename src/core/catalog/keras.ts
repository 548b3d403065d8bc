// Keras (Keras 3 and tf.keras 2) layers: one row per layer class, built from the shared specs.
import type { Catalog, LayerRow } from './types';
import { registerCatalog, type Spec } from './keras-common';
import { specs } from './keras-specs';
import { cellSpecs, registerCellCatalog } from './keras-cells';

/** Other names Keras exports for the same classes. */
export const kerasAliases: Record<string, string> = {
  Convolution1D: 'Conv1D', Convolution2D: 'Conv2D', Convolution3D: 'Conv3D',
  Convolution1DTranspose: 'Conv1DTranspose', Convolution2DTranspose: 'Conv2DTranspose', Convolution3DTranspose: 'Conv3DTranspose',
  SeparableConvolution1D: 'SeparableConv1D', SeparableConvolution2D: 'SeparableConv2D',
  MaxPool1D: 'MaxPooling1D', MaxPool2D: 'MaxPooling2D', MaxPool3D: 'MaxPooling3D',
  AvgPool1D: 'AveragePooling1D', AvgPool2D: 'AveragePooling2D', AvgPool3D: 'AveragePooling3D',
  GlobalMaxPool1D: 'GlobalMaxPooling1D', GlobalMaxPool2D: 'GlobalMaxPooling2D', GlobalMaxPool3D: 'GlobalMaxPooling3D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D', GlobalAvgPool2D: 'GlobalAveragePooling2D', GlobalAvgPool3D: 'GlobalAveragePooling3D',
};

function kerasRow(spec: Spec): LayerRow {
  // Positional parameters that change no number (momentum, activation …) are optional: give them a placeholder.
  const defaults = { ...spec.defaults };
  for (const a of spec.args) if (!(a in defaults) && spec.ignore?.includes(a)) defaults[a] = null;
  return {
    args: spec.args,
    defaults,
    ignore: spec.ignore,
    multiInput: spec.multiInput,
    compute: (cfg, ctx) => spec.compute(cfg, ctx, 'keras'),
  };
}

export const kerasCatalog: Catalog = {};
for (const [name, spec] of Object.entries(specs)) kerasCatalog[name] = kerasRow(spec);
for (const [alias, name] of Object.entries(kerasAliases)) kerasCatalog[alias] = kerasCatalog[name];
registerCatalog('keras', kerasCatalog);

/** Recurrent cells: evaluated only inside RNN(cell), never as layers of a model. */
const kerasCells: Catalog = {};
for (const [name, spec] of Object.entries(cellSpecs)) kerasCells[name] = kerasRow(spec);
registerCellCatalog('keras', kerasCells);

/**
 * The base of Keras's automatic layer name (`Conv2D` → `conv2d`, `ReLU` → `re_lu`): the class name in snake case,
 * as Keras 3's `to_snake_case` (or, for 'tfjs', TF.js's `toSnakeCase`) makes it; aliases name the class they stand
 * for. The two differ where a capital is followed by a digit: Keras 3 names ConvLSTM2D `conv_lstm2d`, TF.js (and
 * tf.keras 2) `conv_lst_m2d`.
 */
export function kerasAutoName(className: string, flavor: 'keras' | 'tfjs' = 'keras'): string {
  const cls = kerasAliases[className] ?? className;
  const step = cls.replace(flavor === 'tfjs' ? /(.)([A-Z][a-z0-9]+)/g : /(.)([A-Z][a-z]+)/g, '$1_$2');
  const snake = step.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return snake.startsWith('_') ? `private${snake}` : snake;
}
