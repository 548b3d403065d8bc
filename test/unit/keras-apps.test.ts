// keras.applications bases under a new head (the transfer-learning model of the Keras and TensorFlow tutorials).
// The base's weights are not counted (Layer Lens does not read Keras's source), but the width of the feature map it
// hands the head is a fact of Keras's source (keras-apps.ts), so the head's numbers are known. Those numbers are
// what @tensorflow/tfjs 4.22 reports for the same head on an input of that width (.bench-free: run
// `tf.sequential` with globalAveragePooling2d / dropout / dense on inputShape [null, null, 1280] etc.).
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../src/analyze';
import type { ModelReport } from '../../src/core/report';

const analyse = (src: string) => analyzeText(src, '/w/tl.py', 'python').models;
/** The model named `model` (a base assigned on its own is listed too, before it). */
const modelOf = (src: string) => analyse(src).find((x) => x.name === 'model')!;
const rows = (m: ModelReport) => m.layers.map((l) => [l.path, l.type, l.outputShape, l.params]);

describe('keras.applications bases', () => {
  it('a frozen MobileNetV2 under GlobalAveragePooling2D, Dropout and Dense(1): the head is known, the total is not', () => {
    const m = modelOf([
      'from tensorflow import keras',
      'from tensorflow.keras import layers',
      'base = keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False, weights="imagenet")',
      'base.trainable = False',
      'inputs = keras.Input(shape=(160, 160, 3))',
      'x = base(inputs, training=False)',
      'x = layers.GlobalAveragePooling2D()(x)',
      'x = layers.Dropout(0.2)(x)',
      'outputs = layers.Dense(1)(x)',
      'model = keras.Model(inputs, outputs)',
    ].join('\n'));
    // tfjs: GlobalAveragePooling2D [null,1280] 0, Dropout [null,1280] 0, Dense [null,1] 1,281.
    assert.deepStrictEqual(rows(m), [
      ['mobilenetv2_1.00_160', 'MobileNetV2', [null, null, 1280], null],
      ['global_average_pooling2d', 'GlobalAveragePooling2D', [1280], 0],
      ['dropout', 'Dropout', [1280], 0],
      ['dense', 'Dense', [1], 1281],
    ]);
    assert.strictEqual(m.params, null);
    assert.match(m.unknown.params ?? '', /weights of keras\.applications\.MobileNetV2 are not counted/);
    assert.deepStrictEqual(m.outputShape, [1]);
  });

  it('base.input and base.output of a ResNet50, and a VGG16 with pooling="avg" inside a Sequential', () => {
    const models = analyse([
      'import tensorflow as tf',
      'from tensorflow.keras.applications import ResNet50',
      'from tensorflow.keras.layers import Dense, GlobalAveragePooling2D, Flatten',
      'from tensorflow.keras.models import Model, Sequential',
      'base_model = ResNet50(weights="imagenet", include_top=False, input_shape=(224, 224, 3))',
      'x = GlobalAveragePooling2D()(base_model.output)',
      'x = Dense(1024, activation="relu")(x)',
      'model = Model(inputs=base_model.input, outputs=Dense(5, activation="softmax")(x))',
      'seq = Sequential([tf.keras.applications.VGG16(include_top=False, input_shape=(150, 150, 3), pooling="avg"), Dense(256), Dense(1)])',
      'flat = Sequential([tf.keras.applications.EfficientNetB0(include_top=False, input_shape=(224, 224, 3)), Flatten(), Dense(1)])',
      'head = Sequential([tf.keras.applications.ResNet50(weights=None, classes=7, input_shape=(224, 224, 3)), Dense(2)])',
    ].join('\n'));
    const get = (n: string) => models.find((m) => m.name === n)!;
    // tfjs: GlobalAveragePooling2D [null,2048] 0, Dense [null,1024] 2,098,176, Dense [null,5] 5,125.
    assert.deepStrictEqual(rows(get('model')).slice(1), [
      ['global_average_pooling2d', 'GlobalAveragePooling2D', [2048], 0], ['dense', 'Dense', [1024], 2098176], ['dense_1', 'Dense', [5], 5125],
    ]);
    // tfjs: Dense [null,256] 131,328 and Dense [null,1] 257 on 512 features.
    assert.deepStrictEqual(rows(get('seq')), [['vgg16', 'VGG16', [512], null], ['dense_2', 'Dense', [256], 131328], ['dense_3', 'Dense', [1], 257]]);
    // Flatten needs the feature map's height and width, which are not worked out: unknown, never guessed.
    const flat = get('flat');
    assert.deepStrictEqual(rows(flat).map((r) => r[3]), [null, 0, null]);
    assert.strictEqual(flat.layers[1].outputShape, null);
    // With its classifier: `classes` outputs (tfjs: Dense [null,2] 16 on 7 features).
    assert.deepStrictEqual(rows(get('head')), [['resnet50', 'ResNet50', [7], null], ['dense_5', 'Dense', [2], 16]]);
  });

  it('a width other than the default is not guessed', () => {
    const m = modelOf('from tensorflow import keras\nbase = keras.applications.MobileNet(input_shape=(128, 128, 3), alpha=0.5, include_top=False, pooling="avg")\nmodel = keras.Sequential([base, keras.layers.Dense(3)])\n');
    assert.deepStrictEqual(rows(m).map((r) => r[3]), [null, null]);
    assert.match(m.layers[0].unknown.outputShape ?? '', /alpha=0\.5/);
  });

  it("the TensorFlow tutorial's preprocess_input and frozen base: the head is what trains, the frozen base's part is not", () => {
    const src = [
      'import tensorflow as tf',
      'preprocess_input = tf.keras.applications.mobilenet_v2.preprocess_input',
      'base_model = tf.keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False, weights="imagenet")',
      'base_model.trainable = False',
      'inputs = tf.keras.Input(shape=(160, 160, 3))',
      'x = preprocess_input(inputs)',
      'x = tf.keras.applications.resnet50.preprocess_input(x)',
      'x = base_model(x, training=False)',
      'x = tf.keras.layers.GlobalAveragePooling2D()(x)',
      'x = tf.keras.layers.Dropout(0.2)(x)',
      'outputs = tf.keras.layers.Dense(1)(x)',
      'model = tf.keras.Model(inputs, outputs)',
    ];
    const m = modelOf(src.join('\n'));
    // preprocess_input keeps the shape (it scales the pixels); tfjs: Dense [null,1] 1,281 on 1,280 features.
    assert.deepStrictEqual(rows(m).slice(-1), [['dense', 'Dense', [1], 1281]]);
    assert.strictEqual(m.params, null);
    // A frozen model has no trainable weights (Keras's trainable_weights is empty): the head's 1,281 train.
    assert.strictEqual(m.trainable, 1281);
    assert.strictEqual(m.nonTrainable, null);
    // Fine-tuning from layer 100 on: which of the base's layers train is not known.
    const tuned = modelOf([...src, 'base_model.trainable = True', 'for layer in base_model.layers[:100]:', '    layer.trainable = False'].join('\n'));
    assert.strictEqual(tuned.trainable, null);
    // Not frozen: its trainable part is not known.
    const open = modelOf(src.filter((l) => !l.startsWith('base_model.trainable')).join('\n'));
    assert.strictEqual(open.trainable, null);
  });

  it('a base assigned on its own is listed as a model: one row, its count unknown with the reason, and still a layer of the head', () => {
    const models = analyse([
      'from tensorflow import keras',
      'plain = keras.applications.ResNet50()',
      'base = keras.applications.ResNet50(include_top=False, pooling="avg", input_shape=(224, 224, 3))',
      'base.trainable = False',
      'model = keras.Sequential([base, keras.layers.Dense(10)])',
    ].join('\n'));
    assert.deepStrictEqual(models.map((m) => m.name), ['plain', 'base', 'model']);
    const [plain, base, model] = models;
    assert.deepStrictEqual(rows(plain), [['resnet50', 'ResNet50', [1000], null]]);
    assert.match(plain.unknown.params ?? '', /weights of keras\.applications\.ResNet50 are not counted/);
    assert.deepStrictEqual([base.inputShape, base.outputShape, base.params, base.trainable], [[224, 224, 3], [2048], null, 0]);
    // Keras names an application by its name= argument, which it always passes: both are resnet50. tfjs: Dense
    // [null,10] 20,490 on 2,048 features.
    assert.deepStrictEqual(rows(model), [['resnet50', 'ResNet50', [2048], null], ['dense', 'Dense', [10], 20490]]);
    assert.strictEqual(model.trainable, 20490);
  });
  it('what Keras refuses is unknown: ImageNet weights on other than 3 channels, or with the classifier on another size; a classifier model called on another size', () => {
    const models = analyse([
      'from tensorflow import keras',
      'i = keras.Input(shape=(224, 224, 3))',
      'ok = keras.Model(i, keras.layers.Dense(2)(keras.applications.ResNet50()(i)))',
      'small = keras.Model(i, keras.layers.Dense(2)(keras.applications.ResNet50(input_shape=(160, 160, 3))(i)))',
      'j = keras.Input(shape=(64, 64, 1))',
      'gray = keras.Model(j, keras.layers.Dense(2)(keras.applications.ResNet50(include_top=False, pooling="avg", input_shape=(64, 64, 1))(j)))',
      'k = keras.Input(shape=(160, 160, 3))',
      'other = keras.Model(k, keras.layers.Dense(2)(keras.applications.ResNet50(weights=None)(k)))',
    ].join('\n'));
    const dense = (n: string) => models.find((m) => m.name === n)!.layers.find((l) => l.type === 'Dense')!.params;
    // tfjs: Dense(2) on 1,000 features holds 2,002.
    assert.deepStrictEqual(['ok', 'small', 'gray', 'other'].map(dense), [2002, null, null, null]);
  });
});
