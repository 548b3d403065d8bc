// The TF.js catalog against the numbers real @tensorflow/tfjs reports (test/fixtures/layers/tfjs.json, from
// `npm run oracle:tfjs`), plus how it handles what it cannot know.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluateLayer } from '../../src/core/catalog/values';
import { tfjsCatalog, tfjsFactories } from '../../src/core/catalog/tfjs';
import { kerasAutoName } from '../../src/core/catalog/keras';
import type { CValue, LayerResult } from '../../src/core/catalog/types';
import type { Shape } from '../../src/core/report';

interface Case {
  id: string;
  type: string;
  factory: string;
  config: Record<string, CValue>;
  inputs: Shape[];
  expect: Record<string, unknown> & { error?: boolean };
  autoName?: string;
}

const cases: Case[] = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/layers/tfjs.json'), 'utf8'));
const FIELDS = ['params', 'trainable', 'nonTrainable', 'outputShape', 'outputs', 'macs'] as const;
const HEADLINE = ['params', 'trainable', 'nonTrainable', 'outputShape', 'macs'] as const;

const run = (type: string, config: Record<string, CValue>, inputs: (Shape | null)[], inputReason?: string): LayerResult => {
  const r = evaluateLayer(tfjsCatalog, type, { positional: [], keywords: config }, { inputs, inputReason });
  assert.ok(r, `${type} is in the catalog`);
  return r;
};

/** Every null headline field carries a reason. */
function assertExplained(r: LayerResult, id: string): void {
  for (const f of HEADLINE) {
    const why = r.unknown[f] ?? (f === 'trainable' || f === 'nonTrainable' ? r.unknown.params : undefined);
    if (r[f] === null) assert.ok(why, `${id}: ${f} is null without a reason`);
  }
}

describe('TF.js catalog vs @tensorflow/tfjs', () => {
  it('has at least 150 cases covering every class in the catalog', () => {
    assert.ok(cases.length >= 150, `${cases.length} cases`);
    const covered = new Set(cases.map((c) => c.type));
    for (const type of Object.keys(tfjsCatalog)) assert.ok(covered.has(type), `no case for ${type}`);
  });

  for (const c of cases) {
    it(`${c.id} (${c.type})`, () => {
      const r = run(c.type, c.config, c.inputs);
      assertExplained(r, c.id);
      if (c.expect.error) {
        // tfjs fails to build or to run it: no number may contradict what it did report, and no shape is shown.
        assert.equal(r.outputShape, null, `${c.id}: output shape of a failing layer`);
        // A weight-free layer costs 0 MACs whatever happens; any other count of a failing layer would be a guess.
        assert.ok(r.macs === null || (r.macs === 0 && !r.params), `${c.id}: MACs of a failing layer`);
        if (r.params !== null && c.expect.params !== undefined) assert.equal(r.params, c.expect.params, `${c.id}: params`);
        return;
      }
      for (const f of FIELDS) {
        if (f in c.expect) assert.deepEqual(r[f] ?? null, c.expect[f], `${c.id}: ${f}`);
      }
    });
  }

  it('maps every factory used by the oracle to its class', () => {
    for (const c of cases) assert.equal(tfjsFactories[c.factory], c.type, c.factory);
    for (const [factory, cls] of Object.entries(tfjsFactories)) assert.ok(tfjsCatalog[cls], `${factory} → ${cls}`);
  });

  it("names layers as tfjs does (kerasAutoName is tfjs's name base)", () => {
    for (const c of cases) if (c.autoName) assert.equal(kerasAutoName(c.type, 'tfjs'), c.autoName, c.type);
  });
});

describe('TF.js catalog: unknowns', () => {
  it('without an input, params of Conv2D are unknown with the input reason', () => {
    const r = run('Conv2D', { filters: 8, kernelSize: 3 }, [], 'no inputShape on the first layer');
    assert.equal(r.params, null);
    assert.equal(r.unknown.params, 'no inputShape on the first layer');
    assert.equal(r.outputShape, null);
    assert.equal(r.filterShape, '3×3×?');
  });

  it('Keras-only keys are not guessed: groups, outputPadding, keepdims', () => {
    for (const [type, config, input] of [
      ['Conv2D', { filters: 8, kernelSize: 3, groups: 2 }, [8, 8, 4]],
      ['Conv2DTranspose', { filters: 8, kernelSize: 3, outputPadding: 1 }, [8, 8, 4]],
      ['GlobalAveragePooling2D', { keepdims: true }, [8, 8, 4]],
    ] as [string, Record<string, CValue>, Shape][]) {
      const r = run(type, config, [input]);
      assert.equal(r.params, null, type);
      assert.match(r.unknown.params, /unsupported argument/);
    }
  });

  it("a Keras spelling of dataFormat is not understood", () => {
    const r = run('Conv2D', { filters: 8, kernelSize: 3, dataFormat: 'channels_first' }, [[3, 8, 8]]);
    assert.equal(r.params, null);
    assert.match(r.unknown.params, /channelsFirst/);
  });

  it('a missing required key is unknown, not defaulted', () => {
    const r = run('Dense', {}, [[8]]);
    assert.equal(r.params, null);
    assert.match(r.unknown.params, /requires `units`/);
  });

  it('an unknown value keeps its source name in the formula', () => {
    const r = run('Conv2D', { filters: { unknown: 'a function parameter', expr: 'n' }, kernelSize: 3 }, [[8, 8, 16]]);
    assert.equal(r.params, null);
    assert.equal(r.formula, 'n·(16·3·3+1)');
    assert.equal(r.unknown.params, 'a function parameter');
  });

  it('the GRU single bias and the rejected resetAfter', () => {
    assert.equal(run('GRU', { units: 8 }, [[10, 3]]).params, 3 * (3 * 8 + 64 + 8));
    const r = run('GRU', { units: 8, resetAfter: true }, [[10, 3]]);
    assert.equal(r.params, null);
    assert.ok(r.error);
  });

  it('a wrapped layer that is not a layer is unknown', () => {
    const r = run('Bidirectional', { layer: { unknown: 'built elsewhere', expr: 'rnn' } }, [[5, 2]]);
    assert.equal(r.params, null);
    assert.match(r.unknown.params, /built elsewhere/);
  });
});
