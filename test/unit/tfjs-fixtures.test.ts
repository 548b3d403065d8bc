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

describe('TF.js fixtures mid-edit', () => {
  // Every prefix of a fixture that ends at a line: a layer whose config is complete (a later layer of its model
  // starts after it) has the numbers tfjs gave the layer of the same model, name, line and type, or none.
  const files = fs.readdirSync(DIR).filter((f) => /\.(js|ts)$/.test(f)).sort();
  for (const file of files) {
    it(`${file}: no prefix contradicts tfjs`, () => {
      const golden: Golden = JSON.parse(fs.readFileSync(path.join(DIR, file.replace(/\.(js|ts)$/, '.expected.json')), 'utf8'));
      const want = new Map<string, Golden['models'][number]['layers'][number]>();
      for (const g of golden.models) for (const l of g.layers) want.set(`${g.kind} ${g.name} ${l.path} ${l.line} ${l.type}`, l);
      const lines = fs.readFileSync(path.join(DIR, file), 'utf8').split('\n');
      const wrong: string[] = [];
      for (let cut = 1; cut < lines.length; cut++) {
        const report = analyzeText(lines.slice(0, cut).join('\n'), file, file.endsWith('.ts') ? 'typescript' : 'javascript');
        assert.ok(!report.skipped, `${file} cut after line ${cut}: ${report.skipped}`);
        for (const m of report.models) {
          for (const l of m.layers) {
            if (!m.layers.some((o) => o.line > l.line)) continue;
            const g = want.get(`${m.kind} ${m.name} ${l.path} ${l.line} ${l.type}`);
            if (!g) continue;
            if (l.params !== null && l.params !== g.params) wrong.push(`cut ${cut}: ${m.name}/${l.path} params ${l.params}, tfjs ${g.params}`);
            if (l.outputShape && !l.outputShape.includes(null) && g.outputShape && JSON.stringify(l.outputShape) !== JSON.stringify(g.outputShape)) {
              wrong.push(`cut ${cut}: ${m.name}/${l.path} output ${JSON.stringify(l.outputShape)}, tfjs ${JSON.stringify(g.outputShape)}`);
            }
          }
        }
      }
      assert.deepStrictEqual(wrong, []);
    });
  }
});
