// The TF.js evaluator on focused cases: mid-edit files, budgets, unknowns with reasons, TypeScript syntax, naming.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analyze';
import type { ModelReport } from '../../src/core/report';

const analyze = (text: string, file = 'model.ts', maxSteps?: number) =>
  analyzeText(text, file, file.endsWith('.ts') ? 'typescript' : 'javascript', maxSteps ? { maxSteps } : {});
const model = (text: string, name: string, file?: string): ModelReport => {
  const m = analyze(text, file).models.find((x) => x.name === name);
  assert.ok(m, `model ${name} not found`);
  return m;
};
const rows = (m: ModelReport) => m.layers.map((l) => `${l.path} ${l.params}`);

describe('TF.js evaluator', () => {
  it('gives the design example: 160 and 4,640 params (examples/mnist-tfjs.js)', () => {
    const m = analyze(fs.readFileSync('examples/mnist-tfjs.js', 'utf8'), 'mnist-tfjs.js').models[0];
    assert.deepStrictEqual(m.layers.slice(0, 2).map((l) => [l.filterShape, l.outChannels, l.params]), [['3×3×1', 16, 160], ['3×3×16', 32, 4640]]);
  });

  it('names layers as tfjs 4.22 does: per-class counters, given names consume nothing, aliases share the class counter', () => {
    const m = model(`import * as tf from '@tensorflow/tfjs';
const a = tf.layers.dense({ units: 2, name: 'dense_Dense1' });
const model = tf.sequential({ layers: [
  tf.layers.dense({ units: 4, inputShape: [3] }),
  tf.layers.reshape({ targetShape: [2, 2, 1] }),
  tf.layers.maxPool2d({ poolSize: 1 }),
  tf.layers.maxPooling2d({ poolSize: 1 }),
  tf.layers.flatten(),
  tf.layers.dense({ units: 1 }),
] });
const other = tf.sequential();
const m2 = tf.model({ inputs: tf.input({ shape: [2] }), outputs: a.apply(tf.input({ shape: [2] })) });`, 'model');
    assert.deepStrictEqual(m.layers.map((l) => l.path), [
      'dense_Dense1', 'reshape_Reshape1', 'max_pooling2d_MaxPooling2D1', 'max_pooling2d_MaxPooling2D2', 'flatten_Flatten1', 'dense_Dense2',
    ]);
  });

  it('draws recurrent cells\' names as tfjs does (an unnamed LSTM builds an LSTMCell), and knows tf.layers.input', () => {
    const m = model(`import * as tf from '@tensorflow/tfjs';
const a = tf.layers.lstm({ units: 2 });
const b = tf.layers.lstm({ units: 2, name: 'named' });
const x = tf.layers.input({ shape: [5, 3] });
const y = tf.layers.rnn({ cell: [tf.layers.lstmCell({ units: 4 }), tf.layers.gruCell({ units: 4 })] }).apply(x);
const model = tf.model({ inputs: x, outputs: y });`, 'model');
    assert.deepStrictEqual(m.layers.map((l) => `${l.path} ${l.type}`), ['rnn_RNN1 RNN']);
    // @tensorflow/tfjs: rnn_RNN1 countParams() 236, output [null, 4].
    assert.strictEqual(m.layers[0].params, 236);
    assert.deepStrictEqual(m.layers[0].outputShape, [4]);
  });

  it('one cell in two tf.layers.rnn layers: the second is unknown (@tensorflow/tfjs throws "Duplicate weight name kernel")', () => {
    const m = model(`import * as tf from '@tensorflow/tfjs';
const cell = tf.layers.lstmCell({ units: 8 });
const a = tf.input({ shape: [null, 5] }), b = tf.input({ shape: [null, 5] });
const model = tf.model({ inputs: [a, b], outputs: [tf.layers.rnn({ cell }).apply(a), tf.layers.rnn({ cell, returnSequences: true }).apply(b)] });`, 'model');
    assert.strictEqual(m.layers[0].params, 448);
    assert.strictEqual(m.layers[1].params, null);
    assert.match(m.layers[1].unknown.params, /Duplicate weight name/);
    assert.strictEqual(m.params, null);
  });

  it('reports a Sequential without inputShape as TF.js would fail, keeping params that need no input', () => {
    const m = model(`const tf = require('@tensorflow/tfjs');
const model = tf.sequential();
model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3 }));
model.add(tf.layers.embedding({ inputDim: 10, outputDim: 4 }));`, 'model', 'm.js');
    assert.ok(m.diagnostics.some((d) => d.line === 3 && d.message.includes('TF.js requires inputShape (or batchInputShape) on the first layer')));
    assert.strictEqual(m.inputShape, null);
    assert.strictEqual(m.layers[0].params, null);
    assert.match(m.layers[0].unknown.params, /TF\.js requires inputShape|not known/);
    assert.strictEqual(m.layers[0].outputShape, null);
  });

  it('keeps that diagnostic with a `// input:` comment (tfjs 4.22 still raises "The first layer in a Sequential model must get an `inputShape` or `batchInputShape` argument." at model.add), and uses the comment for the numbers', () => {
    const m = model(`const tf = require('@tensorflow/tfjs');
// input: 28x28x1
const model = tf.sequential();
model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3 }));`, 'model', 'm.js');
    assert.deepStrictEqual(m.diagnostics.map((d) => d.line), [4]);
    assert.deepStrictEqual([m.inputShape, m.layers[0].params], [[28, 28, 1], 8 * (9 + 1)]);
  });

  it('says nothing about inputShape when the first layer or part of its config is not known (it may state one)', () => {
    for (const first of ['makeStem()', 'tf.layers.dense({ units: 10, ...OPTS })']) {
      const m = model(`import * as tf from '@tensorflow/tfjs';
import { makeStem, OPTS } from './missing.js';
export function build() {
  const model = tf.sequential();
  model.add(${first});
  model.add(tf.layers.dense({ units: 10 }));
  return model;
}`, 'build');
      assert.deepStrictEqual(m.diagnostics, [], first);
    }
  });

  it('keeps the reason of every unknown value', () => {
    const m = model(`import * as tf from '@tensorflow/tfjs';
const units = Number(process.env.UNITS);
const model = tf.sequential();
model.add(tf.layers.dense({ units, inputShape: [8] }));
model.add(tf.layers.dense({ units: 3 }));`, 'model');
    assert.strictEqual(m.layers[0].params, null);
    assert.match(m.layers[0].unknown.params, /process|Number|unknown/);
    assert.strictEqual(m.layers[1].params, null);
    assert.ok(m.layers[1].unknown.params);
    assert.strictEqual(m.params, null);
    assert.ok(m.unknown.params);
  });

  it('never guesses a branch it cannot decide, and numbers later automatic names `?`', () => {
    const m = model(`import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, inputShape: [4] }));
if (Math.random() > 0.5) model.add(tf.layers.dense({ units: 8 }));
model.add(tf.layers.dense({ units: 2 }));`, 'model');
    // The conditional layer keeps what it would have, says why it may not exist; what follows it is unknown.
    assert.deepStrictEqual(rows(m), ['dense_Dense1 40', 'dense_Dense2 72', 'dense_Dense? null']);
    assert.match(m.layers[1].unknown.conditional, /Math\.random/);
    assert.strictEqual(m.params, null);
    assert.strictEqual(m.outputShape, null);
  });

  it('reads TypeScript syntax through: types, generics, as, non-null, enums, parameter properties', () => {
    const m = model(`import * as tf from '@tensorflow/tfjs';
enum Size { Small = 0, Large }
interface Opts { units: number }
type Maybe<T> = T | undefined;
abstract class Base<T> { abstract build(): T }
class Net extends Base<tf.LayersModel> {
  private readonly layersCfg: Opts[] = [{ units: 16 }, { units: 8 }];
  constructor(private inputs: number = 32, public classes = Size.Large + 1) { super(); }
  build(): tf.LayersModel {
    const x: Maybe<tf.SymbolicTensor> = tf.input({ shape: [this.inputs] });
    let h = x!;
    for (const cfg of this.layersCfg) h = tf.layers.dense(<tf.layers.DenseLayerArgs>{ ...cfg }).apply(h) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: this.classes } satisfies Opts).apply(h) as tf.SymbolicTensor;
    return tf.model({ inputs: x!, outputs: out });
  }
}`, 'Net');
    assert.strictEqual(m.kind, 'class');
    assert.deepStrictEqual(m.layers.map((l) => l.params), [528, 136, 18]);
    assert.deepStrictEqual(m.outputShape, [2]);
  });

  it('follows private fields, `this` parameters, labeled loops and async methods', () => {
    const m = model(`import * as tf from '@tensorflow/tfjs';
class Trainer {
  #hidden = 32;
  get hidden() { return this.#hidden; }
  async createModel(this: Trainer): Promise<tf.LayersModel> {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: this.hidden, inputShape: [4] }));
    outer: for (const a of [1, 2]) { for (const b of [3]) { if (a === 1) continue outer; model.add(tf.layers.dropout({ rate: 0.1 * b })); } }
    return model;
  }
}`, 'Trainer');
    assert.deepStrictEqual(rows(m), ['dense_Dense1 160', 'dropout_Dropout1 0']);
  });

  it('gives every knowable layer of a file mid-edit', () => {
    const m = model(`const tf = require('@tensorflow/tfjs');
const model = tf.sequential();
model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3 }));
model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3 }));
model.add(tf.layers.dense({ units: `, 'model', 'm.js');
    assert.deepStrictEqual(rows(m).slice(0, 2), ['conv2d_Conv2D1 160', 'conv2d_Conv2D2 4640']);
  });

  it('ends within its budget on endless loops and recursion, keeping what it knows', () => {
    const text = `const tf = require('@tensorflow/tfjs');
const m = tf.sequential();
m.add(tf.layers.dense({ units: 4, inputShape: [3] }));
function forever(n = 1) { return forever(n + 1); }
function spin(k = 0) { while (true) { k++; } }
while (true) {}`;
    const t0 = Date.now();
    const r = analyze(text, 'loop.js', 50_000);
    assert.ok(Date.now() - t0 < 2000);
    const m = r.models.find((x) => x.name === 'm');
    assert.ok(m);
    assert.deepStrictEqual(rows(m), ['dense_Dense1 16']);
    assert.match(m.unknown.file, /budget/);
  });

  it('follows closures, reduce, Array.from and object spread with shorthand', () => {
    const m = model(`import { sequential, layers } from '@tensorflow/tfjs';
const make = (units) => (extra = {}) => layers.dense({ units, ...extra });
const stack = Array.from({ length: 3 }, (_, i) => make(2 ** (i + 2))(i === 0 ? { inputShape: [5] } : {}));
const model = sequential({ layers: stack.reduce((acc, l) => [...acc, l], []) });`, 'model', 'm.js');
    assert.deepStrictEqual(m.layers.map((l) => l.params), [24, 40, 144]);
  });

  it('evaluates only files that load TF.js', () => {
    const t0 = Date.now();
    const r = analyze(`import express from 'express';\nfunction main(port = 80) { while (true) {} }\nconst sequential = () => 1;`, 'server.ts', 10_000_000);
    assert.deepStrictEqual(r.models, []);
    assert.ok(Date.now() - t0 < 500);
    assert.strictEqual(model(`const tf = require("@tensorflow/tfjs-node-gpu");\nconst m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });`, 'm', 'a.cjs').params, 2);
  });

  it('survives a 10,000-deep expression and deeply nested arrays', () => {
    const deep = `const tf = require('@tensorflow/tfjs');
const n = ${Array(10_000).fill('1').join(' + ')};
const a = ${'['.repeat(5_000)}${']'.repeat(5_000)};
const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2] })] });`;
    const m = analyze(deep, 'deep.js').models.find((x) => x.name === 'model');
    assert.ok(m);
    assert.deepStrictEqual(rows(m), ['dense_Dense1 9']);
  });

  it('reads class getters, and leaves trainable unknown when it is set under an undecidable condition', () => {
    const m = model(`import * as tf from '@tensorflow/tfjs';
class Cfg { get units() { return 6; } }
const cfg = new Cfg();
const d = tf.layers.dense({ units: cfg.units, inputShape: [4] });
if (process.argv.length > 2) d.trainable = false;
const model = tf.sequential({ layers: [d] });`, 'model');
    assert.strictEqual(m.layers[0].params, 30);
    assert.strictEqual(m.layers[0].trainable, null);
    assert.match(m.layers[0].unknown.trainable, /undecidable/);
    assert.strictEqual(m.params, 30);
    assert.strictEqual(m.trainable, null);
  });

  it('never throws on garbage or on any prefix of a fixture', () => {
    const garbage = ['', ')))(((', 'tf.layers.dense(', 'class { constructor( }', '`${`${', 'for (;;', 'import * as tf from', '@@@\u2028'];
    for (const g of garbage) assert.ok(analyze(g).models);
    const dir = 'test/fixtures/tfjs';
    for (const f of fs.readdirSync(dir).filter((x) => /\.(js|ts)$/.test(x)).slice(0, 8)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (let cut = 0; cut < text.length; cut += 97) {
        const r = analyze(text.slice(0, cut), f);
        assert.ok(!r.skipped, `${f} cut at ${cut}: ${r.skipped}`);
      }
    }
  });
});

describe('TF.js source the fuzz test broke', () => {
  const MODEL = "const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });\n";
  const cases: [string, string][] = [
    ['a string with broken \\u and \\x escapes', `const label = 'x\\ui] \\u{zz} \\xZZ';\n${MODEL}`],
    ['a break outside a loop', `${MODEL}break;\n`],
  ];
  for (const [what, body] of cases) {
    it(`keeps the model of a file with ${what} instead of failing the file`, () => {
      const r = analyzeText(`import * as tf from '@tensorflow/tfjs';\n${body}`, 'm.ts', 'typescript');
      assert.strictEqual(r.skipped, undefined);
      assert.strictEqual(r.models[0].params, 10);
    });
  }
});

describe('TF.js: unknown rather than a silent 0', () => {
  it('a functional model whose graph passes through a function Layer Lens cannot read has an unknown count', () => {
    const m = model(`import * as tf from '@tensorflow/tfjs';\nimport { custom } from 'somewhere';\nconst x = tf.input({ shape: [8] });\nconst h = tf.layers.dense({ units: 16 }).apply(x) as tf.SymbolicTensor;\nconst out = tf.layers.dense({ units: 4 }).apply(custom(h)) as tf.SymbolicTensor;\nexport const model = tf.model({ inputs: x, outputs: out });\n`, 'model');
    assert.strictEqual(m.params, null);
    assert.match(m.unknown.params, /cannot be traced/);
  });
});

describe('TF.js: an item of a merge\'s input array that is not a symbolic tensor', () => {
  // TF.js concatenates all three inputs: [4 + ? + 3], so the Dense after it has an unknown count. Layer Lens used to
  // drop the unknown item and say [7] and 8 params for the Dense, and "Add needs at least 2 inputs" for [a, b].
  const text = `import * as tf from '@tensorflow/tfjs';\nimport { pretrained } from './weights';\nconst inp = tf.input({ shape: [6] });\nconst a = tf.layers.dense({ units: 4 }).apply(inp) as tf.SymbolicTensor;\nconst c = tf.layers.dense({ units: 3 }).apply(inp) as tf.SymbolicTensor;\nconst b = pretrained.apply(inp) as tf.SymbolicTensor;\nconst cat = tf.layers.concatenate().apply([a, b, c]) as tf.SymbolicTensor;\nexport const three = tf.model({ inputs: inp, outputs: tf.layers.dense({ units: 1 }).apply(cat) as tf.SymbolicTensor });\nexport const two = tf.model({ inputs: inp, outputs: tf.layers.add().apply([a, b]) as tf.SymbolicTensor });\n`;
  it('is an input of unknown shape: the output shape is not computed from the others', () => {
    const m = model(text, 'three');
    assert.strictEqual(m.params, null);
    const cat = m.layers.find((l) => l.type === 'Concatenate');
    assert.strictEqual(cat?.outputShape, null);
    assert.strictEqual(m.layers.find((l) => l.path === 'dense_Dense3')?.params, null);
  });
  it('is no wiring error, and the model is not known', () => {
    const m = model(text, 'two');
    assert.strictEqual(m.params, null);
    assert.ok(!m.diagnostics?.length, JSON.stringify(m.diagnostics));
  });
});

describe('TF.js: layer.output', () => {
  it('of a layer applied twice (TF.js throws: "multiple inbound nodes"), or of a layer of a Sequential, is not known', () => {
    const twice = model(`import * as tf from '@tensorflow/tfjs';\nconst shared = tf.layers.dense({ units: 4 });\nconst a = tf.input({ shape: [8] });\nconst b = tf.input({ shape: [8] });\nconst sum = tf.layers.add().apply([shared.apply(a), shared.apply(b)]);\nexport const f = tf.model({ inputs: a, outputs: tf.layers.dense({ units: 2 }).apply(shared.output) as tf.SymbolicTensor });\n`, 'f');
    assert.strictEqual(twice.params, null);
    const seq = model(`import * as tf from '@tensorflow/tfjs';\nconst s = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [8] }), tf.layers.dense({ units: 2 })] });\nconst i = tf.input({ shape: [8] });\nconst y = s.apply(i);\nexport const f = tf.model({ inputs: s.inputs, outputs: s.layers[0].output as tf.SymbolicTensor });\n`, 'f');
    assert.strictEqual(seq.params, null);
  });
});

describe('TF.js: generator functions', () => {
  it('a yield under a condition that cannot be decided makes the sequence unknown', () => {
    const m = model(`import * as tf from '@tensorflow/tfjs';\nfunction* gen(extra: boolean) {\n  yield tf.layers.dense({ units: 4, inputShape: [3] });\n  if (extra) yield tf.layers.dense({ units: 2 });\n}\nexport function build(flag = Math.random() > 0.5) {\n  return tf.sequential({ layers: [...gen(flag)] });\n}\n`, 'build');
    assert.strictEqual(m.params, null);
  });
});

describe('TF.js: promise continuations', () => {
  it('a layer added in a .then callback makes the model unknown (TF.js runs it later: 20 params, not 8)', () => {
    // @tensorflow/tfjs 4.22, the builder awaited: dense(2) then the callback's dense(4) on it, countParams() 20.
    const m = model(`import * as tf from '@tensorflow/tfjs';\nexport function afterPromise(): tf.Sequential {\n  const m = tf.sequential();\n  Promise.resolve(4).then((u) => m.add(tf.layers.dense({ units: u, inputShape: [3] })));\n  m.add(tf.layers.dense({ units: 2, inputShape: [3] }));\n  return m;\n}\n`, 'afterPromise');
    assert.strictEqual(m.params, null);
  });
});

describe('TF.js: a model whose outputs depend on an input outside its inputs', () => {
  it('is not known (@tensorflow/tfjs 4.22 throws "Graph disconnected" for it)', () => {
    const m = model(`import * as tf from '@tensorflow/tfjs';\nexport function disconnected(): tf.LayersModel {\n  const a = tf.input({ shape: [4] });\n  const b = tf.input({ shape: [4] });\n  return tf.model({ inputs: a, outputs: tf.layers.dense({ units: 2 }).apply(b) as tf.SymbolicTensor });\n}\n`, 'disconnected');
    assert.strictEqual(m.params, null);
    assert.match(m.unknown.params, /disconnected/);
  });
  it('model.input is the model\'s input tensor', () => {
    const m = model(`import * as tf from '@tensorflow/tfjs';\nconst x = tf.input({ shape: [4] });\nconst base = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 3 }).apply(x) as tf.SymbolicTensor });\nexport const head = tf.model({ inputs: base.input, outputs: tf.layers.dense({ units: 1 }).apply(base.outputs[0]) as tf.SymbolicTensor });\n`, 'head');
    // @tensorflow/tfjs 4.22: head.countParams() is 19.
    assert.strictEqual(m.params, 19);
  });
});

describe('TF.js: a layer shared by several models', () => {
  const text = `import * as tf from '@tensorflow/tfjs';
const conv = tf.layers.conv2d({ filters: 8, kernelSize: 3 });
const aIn = tf.input({ shape: [10, 10, 3] });
const bIn = tf.input({ shape: [20, 20, 3] });
const a = tf.layers.globalAveragePooling2d({}).apply(conv.apply(aIn));
const b = tf.layers.globalAveragePooling2d({}).apply(conv.apply(bIn));
export const both = tf.model({ inputs: [aIn, bIn], outputs: tf.layers.add().apply([a, b]) });
const cIn = tf.input({ shape: [20, 20, 3] });
export const big = tf.model({ inputs: cIn, outputs: conv.apply(cIn) });
const dense = tf.layers.dense({ units: 4 });
export const flat = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [6] }), dense] });
const seqIn = tf.input({ shape: [5, 3] });
export const timed = tf.model({ inputs: seqIn, outputs: dense.apply(seqIn) });
const sIn = tf.input({ shape: [10, 10, 3] });
export const alone = tf.model({ inputs: sIn, outputs: tf.layers.conv2d({ filters: 8, kernelSize: 3 }).apply(sIn) });
`;
  const report = analyze(text, 'shared.js');
  const get = (name: string, layer: string) => report.models.find((m) => m.name === name)!.layers.find((l) => l.path === layer)!;

  it('has, in each model, the output shape of its calls there', () => {
    // tfjs 4.22 on this file: conv.inboundNodes[i].outputShapes = [null,8,8,8], [null,18,18,8] (the call in `big`), …;
    // dense.inboundNodes = [null,4] (in `flat`), [null,5,4] (in `timed`).
    assert.deepStrictEqual(get('big', 'conv2d_Conv2D1').outputShape, [18, 18, 8]);
    assert.deepStrictEqual(get('flat', 'dense_Dense1').outputShape, [4]);
    assert.deepStrictEqual(get('timed', 'dense_Dense1').outputShape, [5, 4]);
    // Called on 10×10 and 20×20 in `both`: tfjs's conv.outputShape throws ("multiple inbound nodes with different
    // output shapes"), so there is no single shape.
    assert.strictEqual(get('both', 'conv2d_Conv2D1').outputShape, null);
    assert.match(get('both', 'conv2d_Conv2D1').unknown.outputShape, /different shapes/);
  });

  it('costs, in each model, all its calls there and only those', () => {
    const conv10 = get('alone', 'conv2d_Conv2D2').macs!;
    const conv20 = get('big', 'conv2d_Conv2D1').macs!;
    assert.ok(conv10 > 0 && conv20 > conv10);
    assert.strictEqual(get('both', 'conv2d_Conv2D1').macs, conv10 + conv20);
    assert.strictEqual(get('flat', 'dense_Dense1').macs! * 5, get('timed', 'dense_Dense1').macs);
  });
});

describe('TF.js: JSON.parse', () => {
  it('of a string known in the file is its value: a layer config written as JSON text', () => {
    // @tensorflow/tfjs 4.22: conv2d 366, batchNormalization 24 (12 non-trainable), dense 28; 418 in all.
    const m = model(`import * as tf from '@tensorflow/tfjs';
const head = JSON.parse('{"units": 4, "useBias": true}');
const conv = JSON.parse(\`{"filters": 6, "kernelSize": [3, 5], "strides": 2, "dataFormat": "channelsFirst", "inputShape": [4, 20, 30]}\`);
export const cf = tf.sequential({ layers: [
  tf.layers.conv2d(conv),
  tf.layers.batchNormalization({ axis: 1 }),
  tf.layers.globalAveragePooling2d({ dataFormat: 'channelsFirst' }),
  tf.layers.dense(head),
] });
`, 'cf');
    assert.deepStrictEqual([m.params, m.nonTrainable, m.outputShape], [418, 12, [4]]);
  });

  it('of an unknown string, with a reviver, or of text that is not JSON is unknown', () => {
    for (const call of ['JSON.parse(process.env.CFG)', 'JSON.parse(\'{"units": 4}\', (k, v) => v)', 'JSON.parse(\'{units: 4}\')']) {
      const m = model(`import * as tf from '@tensorflow/tfjs';\nconst cfg = ${call};\nexport const m = tf.sequential({ layers: [tf.layers.dense({ units: cfg.units, inputShape: [3] })] });\n`, 'm');
      assert.strictEqual(m.params, null, call);
    }
  });
});
