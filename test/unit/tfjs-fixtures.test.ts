// The TF.js model corpus against the numbers @tensorflow/tfjs 4.22 reported (test/oracle/tfjs_models.mjs).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analyze';
import { diffModel, wrongNumbers, type Golden } from './golden';

const DIR = 'test/fixtures/tfjs';

/** Models the evaluator does not fully know yet, with the construct it cannot follow (numbers must still be right). */
const GAPS: Record<string, string> = {};

describe('TF.js fixtures against tfjs', () => {
  const files = fs.readdirSync(DIR).filter((f) => /\.(js|ts)$/.test(f)).sort();
  it('has a corpus of at least 20 model files, each with a golden', () => {
    assert.ok(files.length >= 20, `${files.length} files`);
    for (const f of files) assert.ok(fs.existsSync(path.join(DIR, f.replace(/\.(js|ts)$/, '.expected.json'))), `${f} has no golden`);
  });
  for (const file of files) {
    const goldenFile = path.join(DIR, file.replace(/\.(js|ts)$/, '.expected.json'));
    if (!fs.existsSync(goldenFile)) continue;
    const golden: Golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));
    describe(file, () => {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      const report = analyzeText(text, file, file.endsWith('.ts') ? 'typescript' : 'javascript');
      it('finds exactly the models tfjs built', () => {
        assert.deepStrictEqual(report.models.map((m) => `${m.kind} ${m.name}`).sort(), golden.models.map((m) => `${m.kind} ${m.name}`).sort());
      });
      for (const g of golden.models) {
        const m = report.models.find((x) => x.name === g.name && x.kind === g.kind);
        it(`${g.name}: no number differs from tfjs`, () => {
          if (m) assert.deepStrictEqual(wrongNumbers(g, m), []);
        });
        const gap = GAPS[`${file}:${g.name}`];
        if (gap) it(`${g.name}: known gap — ${gap}`, () => assert.ok(diffModel(g, m).length > 0, 'the gap is closed: remove it from GAPS'));
        else it(`${g.name}: equals tfjs`, () => assert.deepStrictEqual(diffModel(g, m), []));
      }
    });
  }
});
