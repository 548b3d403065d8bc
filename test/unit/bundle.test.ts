// The Node extension bundle loads each analyzer from a separate file (scripts/build.mjs): those files must be
// built, packaged, and work on their own, or files would be reported as skipped in the installed extension.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const EXTENSION = path.resolve('dist/extension.js');
const ANALYZER_TS = path.resolve('dist/analyzer-ts.js');
const ANALYZER_PY = path.resolve('dist/analyzer-py.js');

describe('bundles', () => {
  before(() => assert.ok(fs.existsSync(EXTENSION) && fs.existsSync(ANALYZER_TS) && fs.existsSync(ANALYZER_PY), 'dist/ is missing: run npm run build'));

  it('the Node extension requires dist/analyzer-py.js and dist/analyzer-ts.js instead of inlining the analyzers', () => {
    const ext = fs.readFileSync(EXTENSION, 'utf8');
    assert.match(ext, /require\(["']\.\/analyzer-ts\.js["']\)/);
    assert.match(ext, /require\(["']\.\/analyzer-py\.js["']\)/);
    // Neither grammar's parse tables nor a layer catalog are in the bundle activation loads.
    assert.ok(!/@lezer\/(javascript|python)|class \w+ extends LRParser|Conv2d/.test(ext), 'no grammar or catalog in dist/extension.js');
    assert.ok(fs.statSync(EXTENSION).size < 100_000, `dist/extension.js is ${fs.statSync(EXTENSION).size} bytes`);
  });

  it('dist/analyzer-py.js analyses a PyTorch file on its own', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { analyzePython } = require(ANALYZER_PY) as typeof import('../../src/analyzer-py');
    const file = 'test/fixtures/pytorch/resnet_imagenet.py';
    const report = analyzePython(fs.readFileSync(file, 'utf8'), file, {});
    const golden = JSON.parse(fs.readFileSync(file.replace(/\.py$/, '.expected.json'), 'utf8')) as { models: { name: string; params: number | null }[] };
    assert.strictEqual(report.skipped, undefined);
    const built = golden.models.filter((m) => m.params !== null);
    assert.ok(built.length >= 2);
    for (const m of built) assert.strictEqual(report.models.find((r) => r.name === m.name)?.params, m.params, m.name);
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
    for (const f of ['dist/extension.js', 'dist/analyzer-py.js', 'dist/analyzer-ts.js', 'dist/web/extension.js']) assert.ok(ignore.includes(`!${f}`), `.vscodeignore keeps ${f}`);
  });
});
