// The command line under hostile conditions: a closed stdout, unreadable and binary files, links and FIFOs.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CLI = path.resolve('dist/cli.js');
const MODEL = 'import torch.nn as nn\nm = nn.Linear(4, 2)\n';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 15_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'll-cli-robust-'));
}

const STACK = /\bat .*\.js:\d+|EPIPE|Error:/;

describe('CLI robustness', function () {
  this.timeout(30_000);
  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build'));

  for (const [what, args] of [
    ['a table', ['--recursive', 'examples', 'test/fixtures']],
    ['JSON', ['--json', '--recursive', 'examples', 'test/fixtures']],
  ] as [string, string[]][]) {
    it(`exits quietly when stdout closes early (${what} | head -1)`, () => {
      const cmd = `"${process.execPath}" "${CLI}" ${args.join(' ')} | head -1; echo "exit=\${PIPESTATUS[0]:-?}" >&2`;
      const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', timeout: 60_000 });
      assert.strictEqual(r.stdout.split('\n').filter(Boolean).length, 1, r.stdout);
      const err = r.stderr.replace(/exit=\S+\n?/, '');
      assert.doesNotMatch(err, STACK, err);
      assert.strictEqual(err.trim(), '');
      assert.match(r.stderr, /exit=0/);
    });
  }

  it('reports an unreadable file in one line (skipped when running as root)', function () {
    const dir = tmpdir();
    const f = path.join(dir, 'secret.py');
    fs.writeFileSync(f, MODEL);
    fs.chmodSync(f, 0o000);
    let readable = false;
    try {
      fs.readFileSync(f);
      readable = true;
    } catch { /* not readable: the case to test */ }
    if (readable) {
      fs.chmodSync(f, 0o644);
      console.log('      (skipped: running as root, chmod 000 does not stop reading)');
      this.skip();
    }
    const r = run([f]);
    fs.chmodSync(f, 0o644);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /secret\.py: cannot read \(EACCES\)/);
    assert.strictEqual(r.err.trim().split('\n').length, 1, r.err);
    // Found in a directory, it is reported and the others are analysed.
    fs.writeFileSync(path.join(dir, 'ok.py'), MODEL);
    fs.chmodSync(f, 0o000);
    const d = run(['--recursive', dir]);
    fs.chmodSync(f, 0o644);
    assert.strictEqual(d.code, 0, d.err);
    assert.match(d.out, /secret\.py: skipped: cannot read \(EACCES\)/);
    assert.match(d.out, /Total params: 10/);
  });

  it('skips a binary .py found with --recursive and analyses the rest', () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'a_binary.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x00, 0xff, 0xfe, 0x00]));
    fs.writeFileSync(path.join(dir, 'b_model.py'), MODEL);
    const r = run(['--recursive', dir]);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /a_binary\.py: skipped: the file looks binary/);
    assert.match(r.out, /Total params: 10/);
    assert.strictEqual(r.err, '');
    const j = run(['--json', '--recursive', dir]);
    const files = JSON.parse(j.out).files;
    assert.strictEqual(files[0].skipped, 'skipped: the file looks binary');
    assert.strictEqual(files[1].models[0].params, 10);
  });

  it('reads a file of non-UTF-8 bytes', () => {
    const dir = tmpdir();
    const f = path.join(dir, 'cp1252.py');
    fs.writeFileSync(f, Buffer.concat([Buffer.from('# \x93quoted\x94 caf'), Buffer.from([0xe9, 0x80, 0xc3]), Buffer.from(`\n${MODEL}`)]));
    const r = run(['--json', f]);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(JSON.parse(r.out).files[0].models[0].params, 10);
  });

  it('reports a dangling link found with --recursive instead of failing the run', () => {
    const dir = tmpdir();
    fs.symlinkSync(path.join(dir, 'nowhere.py'), path.join(dir, 'a_link.py'));
    fs.writeFileSync(path.join(dir, 'b_model.py'), MODEL);
    const r = run(['--recursive', dir]);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /a_link\.py: skipped: cannot read \(ENOENT\)/);
    assert.match(r.out, /Total params: 10/);
  });

  it('never blocks on a FIFO named .py', function () {
    if (process.platform === 'win32') this.skip();
    const dir = tmpdir();
    const fifo = path.join(dir, 'a_pipe.py');
    if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
    fs.writeFileSync(path.join(dir, 'b_model.py'), MODEL);
    const r = run(['--recursive', dir]);
    assert.strictEqual(r.signal, null, 'the CLI hung');
    assert.strictEqual(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /a_pipe/);
    assert.match(r.out, /Total params: 10/);
    const named = run([fifo]);
    assert.strictEqual(named.signal, null, 'the CLI hung');
    assert.strictEqual(named.code, 2);
    assert.match(named.err, /a_pipe\.py: not a regular file/);
  });
});
