// Keras custom layers (subclasses of keras.layers.Layer): what stays unknown, with its reason, and code being
// typed. The exact numbers are checked against TF.js twins in test/fixtures/keras/custom_*.py.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { analyzeText } from '../../src/analyze';
import type { ModelReport } from '../../src/core/report';

function model(src: string, name = 'model'): ModelReport {
  const m = analyzeText(src, 't.py', 'python').models.find((x) => x.name === name);
  assert.ok(m, `model ${name} not found`);
  return m;
}
const row = (m: ModelReport, path: string) => {
  const l = m.layers.find((x) => x.path === path);
  assert.ok(l, `no row ${path}: ${m.layers.map((x) => x.path).join(', ')}`);
  return l;
};

const K = 'import keras\nfrom keras import layers, ops\n';
const FUNCTIONAL = (use: string) => `inputs = keras.Input(shape=(8, 16))\nx = ${use}(inputs)\nx = layers.GlobalAveragePooling1D()(x)\noutputs = layers.Dense(2)(x)\nmodel = keras.Model(inputs, outputs)\n`;

describe('Keras custom layers: unknown with a reason, never wrong', () => {
  it('a sublayer call() never uses: Keras may not have built it, so the layer and the total are unknown', () => {
    const m = model(`${K}class Block(layers.Layer):\n    def __init__(self):\n        super().__init__()\n        self.used = layers.Dense(16)\n        self.spare = layers.Dense(4)\n    def call(self, x):\n        return self.used(x)\n${FUNCTIONAL('Block()')}`);
    const b = row(m, 'block');
    assert.strictEqual(b.params, null);
    assert.match(b.unknown.params, /dense_1 is never called/);
    assert.strictEqual(m.params, null);
    assert.deepStrictEqual(b.outputShape, [8, 16]);
    assert.strictEqual(row(m, 'dense_2').params, 34);
  });

  it('trainable=False given to the constructor of a layer with sublayers: params known, the split unknown', () => {
    const m = model(`${K}class Block(layers.Layer):\n    def __init__(self, **kwargs):\n        super().__init__(**kwargs)\n        self.d = layers.Dense(16)\n    def call(self, x):\n        return self.d(x)\n${FUNCTIONAL('Block(trainable=False)')}`);
    const b = row(m, 'block');
    assert.strictEqual(b.params, 16 * 16 + 16);
    assert.strictEqual(b.trainable, null);
    assert.ok(b.unknown.trainable);
    assert.strictEqual(m.trainable, null);
  });

  it('an attribute whose value is not known may be a layer: unknown', () => {
    const m = model(`${K}from somewhere import make_layer\nclass Block(layers.Layer):\n    def __init__(self):\n        super().__init__()\n        self.d = layers.Dense(16)\n        self.extra = make_layer()\n    def call(self, x):\n        return self.d(x)\n${FUNCTIONAL('Block()')}`);
    assert.strictEqual(row(m, 'block').params, null);
    assert.match(row(m, 'block').unknown.params, /not known may hold a layer/);
    assert.strictEqual(m.params, null);
  });

  it('add_weight with a shape that is not known, or an int shape (Keras 3 raises), is unknown', () => {
    for (const shape of ['(self.n, 16)', '16']) {
      const m = model(`${K}class W(layers.Layer):\n    def __init__(self, n):\n        super().__init__()\n        self.n = n\n        self.w = self.add_weight(shape=${shape})\n    def call(self, x):\n        return x\ninputs = keras.Input(shape=(16,))\noutputs = layers.Dense(2)(W(n)(inputs))\nmodel = keras.Model(inputs, outputs)\n`);
      assert.strictEqual(row(m, 'w').params, null, shape);
      assert.strictEqual(m.params, null, shape);
      assert.strictEqual(row(m, 'dense').params, 34, shape);
    }
  });

  it('a custom layer whose weights are shared with another row: the total is unknown, not counted twice', () => {
    const m = model(`${K}shared = layers.Dense(16)\nclass Block(layers.Layer):\n    def __init__(self):\n        super().__init__()\n        self.d = shared\n    def call(self, x):\n        return self.d(x)\ninputs = keras.Input(shape=(16,))\nx = shared(inputs)\noutputs = Block()(x)\nmodel = keras.Model(inputs, outputs)\n`);
    assert.strictEqual(row(m, 'block').params, 272);
    assert.strictEqual(m.params, null);
  });

  it('a custom layer is not a model of its own; a subclassed model with its own add_weight counts it', () => {
    const ms = analyzeText(`${K}class Scale(layers.Layer):\n    def __init__(self):\n        super().__init__()\n        self.s = self.add_weight(shape=(4,))\n    def call(self, x):\n        return x * self.s\nblock = Scale()\n# input: 4\nclass Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.bias = self.add_weight(shape=(4,), trainable=False)\n        self.scale = Scale()\n        self.out = layers.Dense(2)\n    def call(self, x):\n        return self.out(self.scale(x) + self.bias)\n`, 't.py', 'python').models;
    assert.deepStrictEqual(ms.map((m) => m.name), ['Net']);
    const net = ms[0];
    assert.deepStrictEqual(net.layers.map((l) => [l.path, l.type, l.params]), [['scale_1', 'Scale', 4], ['dense', 'Dense', 10]]);
    assert.strictEqual(net.params, 4 + 4 + 10);
    assert.strictEqual(net.nonTrainable, 4);
  });

  it('a subclassed model whose build() creates its layers, never built: its total is unknown, not 0', () => {
    // Keras raises on count_params() of a model that is not built; once built it has build()'s layers' weights.
    const src = `${K}class Tabular(keras.Model):
    def __init__(self, units=64):
        super().__init__()
        self.units = units
    def build(self, input_shape):
        self.d1 = layers.Dense(self.units)
        self.d2 = layers.Dense(1)
        super().build(input_shape)
    def call(self, x):
        return self.d2(self.d1(x))
`;
    const m = model(src, 'Tabular');
    assert.strictEqual(m.params, null);
    assert.match(m.unknown.params, /build\(\) creates/);
    // Called on a known input, build() runs and the layers count (@tensorflow/tfjs, Dense(64) then Dense(1) on 12 features: 897).
    const built = model(`${src}inputs = keras.Input(shape=(12,))\nnet = Tabular()\nout = net(inputs)\nmodel = keras.Model(inputs, out)\n`);
    assert.strictEqual(built.params, 12 * 64 + 64 + 65);
  });
});

describe('Keras custom layers mid-edit', () => {
  const full = readFileSync('test/fixtures/keras/custom_transformer.py', 'utf8');

  it('every prefix of the transformer fixture analyses without throwing, and never contradicts the full file', () => {
    const whole = model(full);
    const truth = new Map(whole.layers.map((l) => [l.path, l.params]));
    const lines = full.split('\n');
    for (let n = 1; n <= lines.length; n++) {
      for (const cut of [lines.slice(0, n).join('\n'), lines.slice(0, n).join('\n').slice(0, -7)]) {
        const ms = analyzeText(cut, 't.py', 'python').models;
        for (const m of ms) for (const l of m.layers) {
          if (l.params !== null && truth.has(l.path) && lines.slice(n).join('\n').includes('model = keras.Model')) {
            // A prefix ends before the model: rows of what exists are the full file's.
            assert.strictEqual(l.params, truth.get(l.path), `${n}: ${l.path}`);
          }
        }
      }
    }
  });

  it('a half-written call() keeps the layers around the block and says why the block is unknown', () => {
    // A name not typed to its end: valid syntax, a value that is not known.
    const typing = model(full.replace('return self.layernorm2(out1 + ffn_output)', 'return self.layernorm2(out1 + ffn_outp)'));
    const b = row(typing, 'transformer_block');
    // layernorm2 gets an input that is not known: its size, so the block's, is not known either.
    assert.strictEqual(b.params, null);
    assert.match(b.unknown.params, /layer_normalization_1/);
    assert.strictEqual(b.outputShape, null);
    assert.ok(b.unknown.outputShape);
    assert.strictEqual(row(typing, 'token_and_position_embedding').params, 646400);
    // A syntax error: the parser's recovery may swallow what follows; whatever is shown stays right.
    const broken = model(full.replace('return self.layernorm2(out1 + ffn_output)', 'return self.layernorm2(out1 +'));
    assert.strictEqual(broken.params, null);
    for (const l of broken.layers) if (l.path === 'token_and_position_embedding' && l.params !== null) assert.strictEqual(l.params, 646400);
  });

  it('a build() being typed (`self.w = self.add_weight(shape=(input_shape[-1], `) leaves that layer unknown', () => {
    const src = readFileSync('test/fixtures/keras/custom_weights.py', 'utf8').replace(
      /self\.w = self\.add_weight\(\n\s+shape=\(input_shape\[-1\], self\.units\), initializer="random_normal", trainable=True\n\s+\)/,
      'self.w = self.add_weight(shape=(input_shape[-1], ',
    );
    const m = model(src);
    assert.strictEqual(row(m, 'positional_embedding').params, 384);
    assert.strictEqual(row(m, 'layer_scale').params, 49);
    assert.strictEqual(m.params, null);
  });
});
