// Property tests: the fixture files, damaged the ways files are damaged mid-edit, never make the analysis throw,
// hang or report nonsense, and damage inside one class leaves the models before it as they were.
// FUZZ_RUNS sets the number of inputs (200 by default); `npm run fuzz` runs 100,000.
import * as assert from 'assert';
import fc from 'fast-check';
import { analyzeText } from '../../src/analyze';
import type { FileReport } from '../../src/core/report';
import { fixtures, mutations, mutate, mutateAll, mutateTail, problems, changedBefore } from './fuzz-gen';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
/** Per input, generous for a loaded 2-core machine (typical inputs take 5–50 ms; see scripts/fuzz.ts). */
const BOUND_MS = 2000;

describe('fuzzing with mutated fixtures', function () {
  this.timeout(Math.max(30_000, RUNS * 300));
  const all = fixtures();
  const tails = all.filter((f) => f.tail);

  it('finds the fixtures', () => {
    assert.ok(all.length >= 60, `${all.length} fixtures`);
    assert.ok(all.some((f) => f.language !== 'python'), 'no TF.js fixtures');
    assert.ok(tails.length >= 3, `${tails.length} files with a last class after other models`);
  });

  it('gives the same report with CRLF line endings and with tabs for indentation', () => {
    const summary = (r: FileReport) => JSON.stringify(r.models.map((m) => [m.name, m.line, m.params, m.inputShape, m.outputShape, m.macs, m.layers.map((l) => [l.path, l.line, l.params, l.outputShape])]));
    for (const fx of all) {
      const base = summary(analyzeText(fx.text, fx.file, fx.language));
      // CRLF comments used to end in \r, which hid `# input:` / `// input:` directives in TF.js files.
      assert.strictEqual(summary(analyzeText(mutate(fx.text, { k: 'crlf' }), fx.file, fx.language)), base, `${fx.file} with CRLF`);
      assert.strictEqual(summary(analyzeText(mutate(fx.text, { k: 'tabs', all: true, at: 0 }), fx.file, fx.language)), base, `${fx.file} with tabs`);
    }
  });

  it('never throws, ends in time and gives a well-formed report', () => {
    fc.assert(
      fc.property(fc.nat(all.length - 1), mutations, (i, ms) => {
        const fx = all[i];
        const text = mutateAll(fx.text, ms);
        const t0 = performance.now();
        const r = analyzeText(text, fx.file, fx.language);
        const ms_ = performance.now() - t0;
        const bad = problems(r, fx.file, fx.language, text);
        assert.deepStrictEqual(bad, [], `${fx.file}`);
        assert.ok(ms_ < BOUND_MS, `${fx.file}: ${ms_.toFixed(0)} ms`);
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS * 0.6) },
    );
  });

  it('keeps the models before a class unchanged when only that class is damaged', () => {
    fc.assert(
      fc.property(fc.nat(tails.length - 1), mutations, (i, ms) => {
        const fx = tails[i];
        const text = mutateTail(fx, ms);
        fc.pre(text !== null);
        const r = analyzeText(text!, fx.file, 'python');
        assert.deepStrictEqual(problems(r, fx.file, 'python', text!), []);
        assert.deepStrictEqual(changedBefore(fx, r), [], `${fx.file}: models before ${fx.tail!.name}`);
      }),
      { seed: SEED + 1, numRuns: Math.ceil(RUNS * 0.4) },
    );
  });
});
