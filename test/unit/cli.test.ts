// The command line: table, JSON, budget check and error handling, run as a user would (node dist/cli.js).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CLI = path.resolve('dist/cli.js');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('CLI', () => {
  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build'));

  it('prints the two-conv answer: 160 and 4,640 with filters 3×3×1 and 3×3×16', () => {
    const r = run(['examples/mnist.py']);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /conv1\s+Conv2d\s+3×3×1 ×16\s+\[16, 26, 26\]\s+160\b/);
    assert.match(r.out, /conv2\s+Conv2d\s+3×3×16 ×32\s+\[32, 24, 24\]\s+4,640\b/);
    assert.match(r.out, /Total params: 189,130/);
  });

  it('prints the report of the design doc with --json', () => {
    const r = run(['--json', 'examples/mnist.py']);
    assert.strictEqual(r.code, 0, r.err);
    const rep = JSON.parse(r.out);
    assert.strictEqual(rep.version, 1);
    const m = rep.files[0].models[0];
    assert.deepStrictEqual([m.name, m.kind, m.framework, m.line, m.params], ['Net', 'class', 'pytorch', 9, 189130]);
    const conv2 = m.layers.find((l: { path: string }) => l.path === 'conv2');
    assert.deepStrictEqual([conv2.inChannels, conv2.outChannels, conv2.filterShape, conv2.params, conv2.formula], [16, 32, '3×3×16', 4640, '32·(16·3·3+1)']);
    assert.deepStrictEqual(conv2.outputShape, [32, 24, 24]);
  });

  it('takes an input shape for models without one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-cli-'));
    const f = path.join(dir, 'm.py');
    fs.writeFileSync(f, 'import torch.nn as nn\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3), nn.Flatten(), nn.Linear(8 * 30 * 30, 10))\n');
    const r = run(['--json', '--input', '3x32x32', f]);
    const m = JSON.parse(r.out).files[0].models[0];
    assert.deepStrictEqual(m.outputShape, [10]);
    assert.deepStrictEqual(m.layers[0].outputShape, [8, 30, 30]);
  });

  it('exits 1 over a --max-params budget, 0 within it', () => {
    const over = run(['--max-params', '1000', 'examples/mnist.py']);
    assert.strictEqual(over.code, 1);
    assert.match(over.err, /Net has 189,130 params \(budget 1,000\)/);
    assert.strictEqual(run(['--max-params', '200000', 'examples/mnist.py']).code, 0);
  });

  for (const [what, args, message] of [
    ['a missing file', ['no/such/file.py'], /no such file/],
    ['a directory without --recursive', ['examples'], /is a directory/],
    ['an unknown option', ['--frobnicate', 'examples/mnist.py'], /unknown option --frobnicate/],
    ['a bad shape', ['--input', 'abc', 'examples/mnist.py'], /cannot read the shape 'abc'/],
    ['no files', [], /no files given/],
    ['a file of another language', ['README.md'], /not a Python, TypeScript or JavaScript file/],
  ] as [string, string[], RegExp][]) {
    it(`exits 2 with one line for ${what}`, () => {
      const r = run(args);
      assert.strictEqual(r.code, 2);
      assert.match(r.err, message);
      assert.strictEqual(r.err.trim().split('\n').length, 1, r.err);
      assert.doesNotMatch(r.err, /\bat .*\.js:\d+/);
    });
  }

  it('picks one model with --entry, and says so when there is none', () => {
    const r = run(['--json', '--entry', 'LeNet5', 'examples/lenet.py']);
    assert.deepStrictEqual(JSON.parse(r.out).files[0].models.map((m: { name: string }) => m.name), ['LeNet5']);
    const none = run(['--entry', 'Nope', 'examples/lenet.py']);
    assert.strictEqual(none.code, 2);
    assert.match(none.err, /no model named Nope/);
  });

  it('follows imports of the file\'s package', () => {
    const r = run(['--json', '--entry', 'small', 'test/fixtures/pytorch-multi/proj/train.py']);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(JSON.parse(r.out).files[0].models[0].params, 21354);
  });

  it('looks for imported modules in --path folders too, and says so for a --path that is not a folder', () => {
    // The same entry as above, copied out of its project: netlib is found only through --path.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-path-'));
    const file = path.join(dir, 'train.py');
    fs.copyFileSync('test/fixtures/pytorch-multi/proj/train.py', file);
    const without = run(['--json', '--entry', 'small', file]);
    assert.strictEqual(without.code, 2, without.err);
    const r = run(['--json', '--entry', 'small', '--path', 'test/fixtures/pytorch-multi/proj', file]);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(JSON.parse(r.out).files[0].models[0].params, 21354);
    const bad = run(['--path', path.join(dir, 'nope'), file]);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /--path: .*nope is not a directory/);
  });

  it('analyses directories with --recursive', () => {
    const r = run(['--recursive', 'examples']);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /examples\/lenet\.py/);
    assert.match(r.out, /examples\/mnist\.py/);
  });

  it('gives the same report on several threads as on one, in the order of the files', () => {
    const args = ['--json', '--recursive', 'test/fixtures/pytorch', 'test/fixtures/keras', 'test/fixtures/tfjs'];
    const one = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, LAYER_LENS_THREADS: '1' }, maxBuffer: 1 << 28 });
    const three = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, LAYER_LENS_THREADS: '3' }, maxBuffer: 1 << 28 });
    assert.strictEqual(one.status, 0, one.stderr);
    assert.strictEqual(three.status, 0, three.stderr);
    const files = (JSON.parse(one.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    assert.ok(files.length > 80, `${files.length} files`);
    assert.strictEqual(three.stdout, one.stdout);
  }).timeout(60_000);

  it('reads non-UTF-8 bytes without failing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-cli-'));
    const f = path.join(dir, 'latin1.py');
    fs.writeFileSync(f, Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nimport torch.nn as nn\nm = nn.Linear(4, 2)\n')]));
    const r = run(['--json', f]);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(JSON.parse(r.out).files[0].models[0].params, 10);
  });
});
