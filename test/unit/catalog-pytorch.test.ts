// The PyTorch catalog against golden numbers from real PyTorch (test/oracle/torch_layers.py).
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { Shape } from '../../src/core/report';
import type { CValue, LayerResult } from '../../src/core/catalog/types';
import { pytorchCatalog } from '../../src/core/catalog/pytorch';
import { evaluateLayer } from '../../src/core/catalog/values';

interface OracleCase {
  id: string;
  type: string;
  args: CValue[];
  kwargs: Record<string, CValue>;
  inputs: Shape[];
  expect: {
    params?: number;
    trainable?: number;
    nonTrainable?: number;
    outputShape?: Shape;
    outputs?: Shape[];
    macs?: number;
    error?: boolean;
    message?: string;
  };
}

const cases: OracleCase[] = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'layers', 'pytorch.json'), 'utf8'));

/**
 * Keywords torch 1.13 (the oracle) rejects but newer torch accepts, checked by hand against the docs:
 * LayerNorm(bias=False) (torch ≥ 2.1) keeps only the weight.
 */
const NEWER_TORCH: Record<string, Partial<LayerResult>> = {
  'LayerNorm#5': { params: 64, trainable: 64, nonTrainable: 0, outputShape: [10, 64] },
};

function run(c: OracleCase): LayerResult {
  const r = evaluateLayer(pytorchCatalog, c.type, { positional: c.args, keywords: c.kwargs }, { inputs: c.inputs });
  assert.ok(r, `${c.type} is not in the catalog`);
  return r;
}

/** Whether an `expects` entry of the row disagrees with the known input (the evaluator reports it). */
function violatesExpects(r: LayerResult, inputs: Shape[]): boolean {
  const s = inputs[0];
  if (!s || !r.expects) return false;
  return r.expects.some(({ axis, size }) => {
    const d = s[axis < 0 ? s.length + axis : axis];
    return d !== undefined && d !== null && d !== size;
  });
}

/** Every null field has a reason. */
function assertExplained(r: LayerResult, id: string): void {
  for (const f of ['params', 'outputShape', 'macs'] as const) {
    if (r[f] === null) assert.ok(r.unknown[f], `${id}: ${f} is null without a reason`);
  }
}

describe('PyTorch catalog vs real PyTorch', () => {
  it('has at least 200 oracle cases', () => assert.ok(cases.length >= 200, `${cases.length} cases`));

  for (const c of cases) {
    const label = `${c.id} ${c.type}(${JSON.stringify(c.args).slice(1, -1)}${Object.keys(c.kwargs).length ? `, ${JSON.stringify(c.kwargs)}` : ''}) on ${JSON.stringify(c.inputs)}`;
    it(label, () => {
      const r = run(c);
      assertExplained(r, c.id);
      const newer = NEWER_TORCH[c.id];
      if (newer) {
        for (const [k, v] of Object.entries(newer)) assert.deepStrictEqual(r[k as keyof LayerResult], v, `${c.id}: ${k}`);
        return;
      }
      if (c.expect.error) {
        const refused = r.outputShape === null || r.error !== undefined || violatesExpects(r, c.inputs);
        assert.ok(refused, `${c.id}: torch raises (${c.expect.message}) but the row gives ${JSON.stringify(r.outputShape)}`);
        return;
      }
      assert.strictEqual(r.error, undefined, `${c.id}: unexpected error ${r.error}`);
      assert.deepStrictEqual(
        { params: r.params, trainable: r.trainable, nonTrainable: r.nonTrainable, outputShape: r.outputShape },
        { params: c.expect.params, trainable: c.expect.trainable, nonTrainable: c.expect.nonTrainable, outputShape: c.expect.outputShape },
      );
      if (c.expect.outputs) assert.deepStrictEqual(r.outputs, c.expect.outputs, `${c.id}: outputs`);
      if (c.expect.macs !== undefined) assert.strictEqual(r.macs, c.expect.macs, `${c.id}: macs`);
      assert.ok(!violatesExpects(r, c.inputs), `${c.id}: expects flags a valid input`);
    });
  }
});

describe('PyTorch catalog: unknown values', () => {
  const inCh = { unknown: 'depends on argument', expr: 'in_ch' };

  it('an unknown in_channels leaves params null and writes the formula with the argument name', () => {
    const r = evaluateLayer(pytorchCatalog, 'Conv2d', { positional: [inCh, 32, 3], keywords: {} }, { inputs: [[null, 28, 28]] })!;
    assert.strictEqual(r.params, null);
    assert.strictEqual(r.unknown.params, 'depends on argument');
    assert.strictEqual(r.formula, '32·(in_ch·3·3+1)');
    assert.strictEqual(r.filterShape, '3×3×in_ch');
    assert.deepStrictEqual(r.outputShape, [32, 26, 26]);
    assert.strictEqual(r.macs, null);
    assert.ok(r.unknown.macs);
  });

  it('an unsupported keyword makes every number unknown with a reason', () => {
    const r = evaluateLayer(pytorchCatalog, 'Conv2d', { positional: [3, 8, 3], keywords: { fancy: true } }, { inputs: [[3, 8, 8]] })!;
    assert.strictEqual(r.params, null);
    assert.strictEqual(r.outputShape, null);
    assert.match(r.unknown.params, /unsupported argument `fancy`/);
  });

  it('a keyword newer than torch 1.13 on a Transformer layer stays unknown', () => {
    const r = evaluateLayer(pytorchCatalog, 'TransformerEncoderLayer', { positional: [32, 4], keywords: { bias: false } }, { inputs: [[6, 32]] })!;
    assert.strictEqual(r.params, null);
    assert.ok(r.unknown.params);
  });

  it('nn.RNN positional arguments past num_layers differ between torch versions and stay unknown', () => {
    const r = evaluateLayer(pytorchCatalog, 'RNN', { positional: [10, 20, 1, 'relu'], keywords: {} }, { inputs: [[5, 10]] })!;
    assert.strictEqual(r.params, null);
    assert.ok(r.unknown.params);
  });

  it('an unknown input keeps the parameters but not the shape', () => {
    const r = evaluateLayer(pytorchCatalog, 'Linear', { positional: [20, 10], keywords: {} }, { inputs: [null], inputReason: 'no input shape' })!;
    assert.strictEqual(r.params, 210);
    assert.strictEqual(r.outputShape, null);
    assert.strictEqual(r.unknown.outputShape, 'no input shape');
  });

  it('a lazy layer without an input has unknown params and says why', () => {
    const r = evaluateLayer(pytorchCatalog, 'LazyConv2d', { positional: [8, 3], keywords: {} }, { inputs: [], inputReason: 'no input shape' })!;
    assert.strictEqual(r.params, null);
    assert.strictEqual(r.formula, '8·(?·3·3+1)');
    assert.strictEqual(r.unknown.params, 'no input shape');
  });

  it('unknown spatial dims give null dims, not guesses', () => {
    const r = evaluateLayer(pytorchCatalog, 'MaxPool2d', { positional: [2], keywords: {} }, { inputs: [[16, null, 10]] })!;
    assert.deepStrictEqual(r.outputShape, [16, null, 5]);
    assert.strictEqual(r.params, 0);
    assert.ok(r.unknown.outputShape);
  });

  it('a kernel_size the row cannot read makes the numbers unknown', () => {
    const r = evaluateLayer(pytorchCatalog, 'Conv2d', { positional: [3, 8, 'three'], keywords: {} }, { inputs: [[3, 8, 8]] })!;
    assert.strictEqual(r.params, null);
    assert.match(r.unknown.params, /kernel_size/);
  });

  it('a parameter-free layer keeps params 0 when the input is unknown', () => {
    const r = evaluateLayer(pytorchCatalog, 'ReLU', { positional: [], keywords: {} }, { inputs: [] })!;
    assert.strictEqual(r.params, 0);
    assert.strictEqual(r.macs, 0);
    assert.strictEqual(r.outputShape, null);
  });

  it('a transposed convolution and upsampling end the receptive-field chain with a reason', () => {
    for (const [type, args, kw] of [['ConvTranspose2d', [4, 4, 3], {}], ['Upsample', [], { scale_factor: 2 }]] as const) {
      const r = evaluateLayer(pytorchCatalog, type, { positional: [...args], keywords: { ...kw } }, { inputs: [[4, 8, 8]] })!;
      assert.strictEqual(r.rf, null, type);
      assert.ok(r.unknown.rf, type);
    }
  });

  it('an unknown normalized_shape leaves LayerNorm params unknown but keeps the shape', () => {
    const dim = { unknown: 'depends on argument', expr: 'd' };
    const r = evaluateLayer(pytorchCatalog, 'LayerNorm', { positional: [dim], keywords: {} }, { inputs: [[7, 32]] })!;
    assert.strictEqual(r.params, null);
    assert.strictEqual(r.formula, '2·d');
    assert.deepStrictEqual(r.outputShape, [7, 32]);
  });

  it('MultiheadAttention without key and value keeps its params and explains the shape', () => {
    const r = evaluateLayer(pytorchCatalog, 'MultiheadAttention', { positional: [16, 4], keywords: {} }, { inputs: [[5, 16]] })!;
    assert.strictEqual(r.params, 1088);
    assert.strictEqual(r.outputShape, null);
    assert.ok(r.unknown.outputShape);
  });

  it('Flatten(start_dim=0) merges the batch dim, which a shape without it cannot show', () => {
    const r = evaluateLayer(pytorchCatalog, 'Flatten', { positional: [0], keywords: {} }, { inputs: [[3, 4]] })!;
    assert.strictEqual(r.outputShape, null);
    assert.match(r.unknown.outputShape, /batch/);
  });

  it('an LSTM formula spells out each layer', () => {
    const r = evaluateLayer(pytorchCatalog, 'LSTM', { positional: [10, 20, 2], keywords: { bidirectional: true } }, { inputs: [[5, 10]] })!;
    assert.strictEqual(r.formula, '2·(4·20·(10+20+2)) + 2·(4·20·(2·20+20+2))');
    assert.strictEqual(r.params, 2 * 4 * 20 * 32 + 2 * 4 * 20 * 62);
  });

  it('every catalog type is checked by the oracle, except modules newer than torch 1.13', () => {
    const newer = new Set(['ZeroPad1d', 'ZeroPad3d', 'LPPool3d']);
    const seen = new Set(cases.map((c) => c.type));
    const missing = Object.keys(pytorchCatalog).filter((t) => !seen.has(t) && !newer.has(t));
    assert.deepStrictEqual(missing, []);
  });

  it('padding="same" with a stride is reported as an error', () => {
    const r = evaluateLayer(pytorchCatalog, 'Conv2d', { positional: [3, 8, 3], keywords: { padding: 'same', stride: 2 } }, { inputs: [[3, 8, 8]] })!;
    assert.ok(r.error);
    assert.strictEqual(r.outputShape, null);
  });
});
