// The Keras catalog against test/fixtures/layers/keras.json: the TF.js oracle's cases transcribed to Keras arguments,
// with the documented Keras differences applied (each such case carries a `note`), plus Keras-only cases.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluateLayer } from '../../src/core/catalog/values';
import { kerasAliases, kerasAutoName, kerasCatalog } from '../../src/core/catalog/keras';
import { catalogs } from '../../src/core/catalog';
import type { Args, CValue, LayerResult } from '../../src/core/catalog/types';
import type { Shape } from '../../src/core/report';

interface Expect { error?: boolean; params?: number; [field: string]: unknown }
interface Case {
  id: string;
  type?: string;
  args?: Args;
  layers?: { type: string; args: Args }[];
  inputs: Shape[];
  expect: Expect & { layers?: { params: number; outputShape: Shape }[] };
  note?: string;
}

const cases: Case[] = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/layers/keras.json'), 'utf8'));
const FIELDS = ['params', 'trainable', 'nonTrainable', 'outputShape', 'outputs', 'macs'] as const;
const HEADLINE = ['params', 'trainable', 'nonTrainable', 'outputShape', 'macs'] as const;

const run = (type: string, args: Args, inputs: (Shape | null)[], inputReason?: string): LayerResult => {
  const r = evaluateLayer(kerasCatalog, type, args, { inputs, inputReason });
  assert.ok(r, `${type} is in the catalog`);
  return r;
};
const call = (positional: CValue[], keywords: Record<string, CValue> = {}): Args => ({ positional, keywords });

function assertExplained(r: LayerResult, id: string): void {
  for (const f of HEADLINE) {
    const why = r.unknown[f] ?? (f === 'trainable' || f === 'nonTrainable' ? r.unknown.params : undefined);
    if (r[f] === null) assert.ok(why, `${id}: ${f} is null without a reason`);
  }
}

describe('Keras catalog vs the oracle cases', () => {
  it('covers every Keras layer class in the catalog', () => {
    const covered = new Set(cases.flatMap((c) => (c.layers ? c.layers.map((l) => l.type) : [c.type!])));
    for (const type of Object.keys(kerasCatalog)) if (!(type in kerasAliases)) assert.ok(covered.has(type), `no case for ${type}`);
    for (const [alias, cls] of Object.entries(kerasAliases)) assert.equal(kerasCatalog[alias], kerasCatalog[cls], alias);
  });

  for (const c of cases.filter((k) => !k.layers)) {
    it(`${c.id} (${c.type})`, () => {
      const r = run(c.type!, c.args!, c.inputs);
      assertExplained(r, c.id);
      if (c.expect.error) {
        assert.equal(r.outputShape, null, `${c.id}: output shape of a rejected layer`);
        assert.equal(r.macs, null, `${c.id}: MACs of a rejected layer`);
        assert.equal(r.params, null, `${c.id}: Keras raises, so no params`);
        return;
      }
      for (const f of FIELDS) if (f in c.expect) assert.deepEqual(r[f] ?? null, c.expect[f], `${c.id}: ${f}`);
    });
  }

  for (const c of cases.filter((k) => k.layers)) {
    it(`${c.id} (multi-layer)`, () => {
      let input: Shape | null = c.inputs[0];
      let total = 0;
      c.layers!.forEach((l, i) => {
        const r = run(l.type, l.args, [input]);
        const want = c.expect.layers![i];
        assert.equal(r.params, want.params, `${c.id} layer ${i} params`);
        assert.deepEqual(r.outputShape, want.outputShape, `${c.id} layer ${i} output`);
        total += r.params ?? NaN;
        input = r.outputShape;
      });
      assert.equal(total, c.expect.params);
    });
  }
});

describe('Keras catalog: unknowns and naming', () => {
  it('is registered as the keras catalog', () => {
    assert.equal(catalogs.keras, kerasCatalog);
  });

  it('without an input, f and params are unknown with the reason', () => {
    const r = run('Conv2D', call([32, 3]), [], 'no input shape: add `# input: 28x28x1`');
    assert.equal(r.params, null);
    assert.equal(r.unknown.params, 'no input shape: add `# input: 28x28x1`');
    assert.equal(r.formula, '32·(?·3·3+1)');
    assert.equal(r.outChannels, 32);
  });

  it('shows the design example: conv2 = 32·(16·3·3+1) = 4,640', () => {
    const r = run('Conv2D', call([32, [3, 3]]), [[26, 26, 16]]);
    assert.equal(r.params, 4640);
    assert.equal(r.formula, '32·(16·3·3+1)');
    assert.equal(r.filterShape, '3×3×16');
    assert.equal(r.inChannels, 16);
    assert.deepEqual(r.rf, { kernel: 3, stride: 1, dilation: 1 });
  });

  it('reads f from axis 0 for channels_first', () => {
    const r = run('Conv2D', call([8, 3], { data_format: 'channels_first' }), [[3, 12, 12]]);
    assert.equal(r.inChannels, 3);
    assert.deepEqual(r.outputShape, [8, 10, 10]);
  });

  it('an argument that changes the numbers but is not modelled is unknown, not ignored', () => {
    for (const [type, args, input] of [
      ['Dense', call([10], { lora_rank: 4 }), [8]],
      ['LSTM', call([8], { time_major: true }), [10, 3]],
      ['BatchNormalization', call([], { renorm: true }), [8]],
    ] as [string, Args, Shape][]) {
      const r = run(type, args, [input]);
      assert.equal(r.params, null, type);
      assert.ok(r.unknown.params, type);
    }
  });

  it('TF.js spellings are not guessed in Keras code', () => {
    const r = run('Conv2D', call([8, 3], { data_format: 'channelsFirst' }), [[3, 8, 8]]);
    assert.equal(r.params, null);
    assert.match(r.unknown.params, /data format/);
  });

  it('an unknown trainable flag leaves the split unknown but keeps the total', () => {
    const r = run('Dense', call([4], { trainable: { unknown: 'a parameter', expr: 'train' } }), [[3]]);
    assert.equal(r.params, 16);
    assert.equal(r.trainable, null);
    assert.equal(r.unknown.trainable, 'a parameter');
  });

  it('evaluates nested layers through the catalog', () => {
    const lstm = { layerType: 'LSTM', framework: 'keras' as const, args: call([8]) };
    const r = run('Bidirectional', call([lstm]), [[10, 3]]);
    assert.equal(r.params, 2 * 4 * 8 * (3 + 8 + 1));
    assert.deepEqual(r.outputShape, [16]);
    const td = run('TimeDistributed', call([{ layerType: 'Dense', framework: 'keras', args: call([4]) }]), [[5, 6]]);
    assert.equal(td.params, 28);
    assert.deepEqual(td.outputShape, [5, 4]);
    assert.equal(td.macs, 5 * 24);
  });

  it('an unknown sequence length leaves RNN MACs unknown with a reason', () => {
    const r = run('GRU', call([4]), [[null, 3]]);
    assert.equal(r.params, 3 * (12 + 16) + 24);
    assert.equal(r.macs, null);
    assert.ok(r.unknown.macs);
  });

  it('unroll=True over a sequence of unknown length is an error in Keras (it raises), and changes no number otherwise', () => {
    const cell: CValue = { layerType: 'SimpleRNNCell', framework: 'keras', args: call([4]) };
    for (const [type, args] of [['LSTM', call([4])], ['GRU', call([4])], ['SimpleRNN', call([4])], ['RNN', call([cell])]] as [string, Args][]) {
      const unrolled = (input: Shape) => run(type, { positional: args.positional, keywords: { ...args.keywords, unroll: true } }, [input]);
      const open = run(type, args, [[null, 3]]);
      assert.ok(open.params, type);
      const r = unrolled([null, 3]);
      assert.equal(r.params, null, type);
      assert.match(r.error ?? '', /unroll/, type);
      assert.match(r.unknown.params, /unroll/, type);
      // With a known length the counts are those of the rolled layer.
      const known = unrolled([7, 3]);
      const rolled = run(type, args, [[7, 3]]);
      assert.equal(known.error, undefined, type);
      assert.deepEqual([known.params, known.macs, known.outputShape], [rolled.params, rolled.macs, rolled.outputShape], type);
      assert.equal(run(type, { positional: args.positional, keywords: { ...args.keywords, unroll: false } }, [[null, 3]]).params, open.params, type);
    }
    const conv = (input: Shape, unroll?: boolean) => run('ConvLSTM2D', call([4, 3], unroll === undefined ? {} : { unroll }), [input]);
    assert.match(conv([null, 8, 8, 2], true).error ?? '', /unroll/);
    // A known length: tf.keras 2 refuses to unroll a convolutional RNN at all; not counted.
    assert.equal(conv([5, 8, 8, 2], true).params, null);
    assert.match(conv([5, 8, 8, 2], true).unknown.params, /convolutional/);
    assert.equal(conv([5, 8, 8, 2], false).params, conv([5, 8, 8, 2]).params);
    // TF.js ignores unroll for LSTM: tf.layers.lstm({units: 4, unroll: true, inputShape: [null, 3]}) builds with 128
    // params; tf.layers.convLstm2d({..., unroll: true}) throws "Unrolling is not possible with convolutional RNNs".
    const tfjs = evaluateLayer(catalogs.tfjs, 'LSTM', call([], { units: 4, unroll: true }), { inputs: [[null, 3]] });
    assert.equal(tfjs?.params, 128);
    for (const input of [[null, 8, 8, 2], [5, 8, 8, 2]]) {
      const tfjsConv = evaluateLayer(catalogs.tfjs, 'ConvLSTM2D', call([], { filters: 4, kernelSize: 3, unroll: true }), { inputs: [input] });
      assert.equal(tfjsConv?.params, null);
      assert.match(tfjsConv?.error ?? '', /unroll/);
    }
  });

  it('a too-many-positional call is unknown', () => {
    const r = run('Dropout', call([0.5, null, 1, 2]), [[4]]);
    assert.equal(r.params, null);
    assert.match(r.unknown.params, /positional/);
  });

  it("gives Keras's automatic name bases", () => {
    const want: Record<string, string> = {
      Conv2D: 'conv2d', BatchNormalization: 'batch_normalization', Conv2DTranspose: 'conv2d_transpose', ReLU: 're_lu',
      MaxPooling2D: 'max_pooling2d', MaxPool2D: 'max_pooling2d', PReLU: 'p_re_lu', GlobalAveragePooling2D: 'global_average_pooling2d',
      LSTM: 'lstm', GRU: 'gru', SimpleRNN: 'simple_rnn', UpSampling2D: 'up_sampling2d', MultiHeadAttention: 'multi_head_attention',
    };
    for (const [cls, name] of Object.entries(want)) assert.equal(kerasAutoName(cls), name, cls);
  });

  it('names ConvLSTM2D as Keras 3 does (conv_lstm2d), and as TF.js does for TF.js (tf.layers.convLstm2d: conv_lst_m2d_ConvLSTM2D1)', () => {
    // Keras 3's to_snake_case joins a capital only with lower-case letters; TF.js's toSnakeCase also with digits.
    assert.equal(kerasAutoName('ConvLSTM2D'), 'conv_lstm2d');
    assert.equal(kerasAutoName('ConvLSTM2D', 'tfjs'), 'conv_lst_m2d');
  });
});
