// The Node extension bundle loads the TS/JS analyzer from a separate file (scripts/build.mjs): that file must be
// built, packaged, and work on its own, or TS/JS files would be reported as skipped in the installed extension.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const EXTENSION = path.resolve('dist/extension.js');
const ANALYZER_TS = path.resolve('dist/analyzer-ts.js');

describe('bundles', () => {
  before(() => assert.ok(fs.existsSync(EXTENSION) && fs.existsSync(ANALYZER_TS), 'dist/ is missing: run npm run build'));

  it('the Node extension requires dist/analyzer-ts.js instead of inlining the TS/JS analyzer', () => {
    const ext = fs.readFileSync(EXTENSION, 'utf8');
    assert.match(ext, /require\(["']\.\/analyzer-ts\.js["']\)/);
    assert.ok(!ext.includes('@lezer/javascript'), 'the JavaScript grammar is not in dist/extension.js');
  });

  it('dist/analyzer-ts.js analyses a TF.js file on its own', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { analyzeTs } = require(ANALYZER_TS) as typeof import('../../src/analyzer-ts');
    const file = 'test/fixtures/tfjs/functional_mnist.ts';
    const report = analyzeTs(fs.readFileSync(file, 'utf8'), file, 'typescript', {});
    assert.strictEqual(report.skipped, undefined);
    assert.strictEqual(report.models[0]?.params, 34_826);
  });

  it('the VSIX keeps every file the Node and browser bundles load', () => {
    const ignore = fs.readFileSync('.vscodeignore', 'utf8').split('\n').map((l) => l.trim());
    for (const f of ['dist/extension.js', 'dist/analyzer-ts.js', 'dist/web/extension.js']) assert.ok(ignore.includes(`!${f}`), `.vscodeignore keeps ${f}`);
  });
});
