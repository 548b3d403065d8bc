// Inputs built to hang, crash or exhaust the analysis: each ends quickly with partial results or a `skipped: …`
// message, and never throws.
import * as assert from 'assert';
import { analyzeText, MAX_FILE_BYTES } from '../../src/analyze';
import type { FileReport, Language } from '../../src/core/report';
import type { SourceReader } from '../../src/python/modules';
import { readFileSync } from 'fs';
import { mutateAll, type Mutation } from './fuzz-gen';

const HEAD = 'import torch\nimport torch.nn as nn\n';
const NET = '\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n\n    def forward(self, x):\n        return self.fc(x)\n';
/** Generous: every case takes well under a second alone; CI machines are slower and loaded. */
const BOUND_MS = 3000;

function timed(text: string, path = '/w/t.py', language: Language = 'python', opts = {}): FileReport {
  const t0 = performance.now();
  let r: FileReport | undefined;
  assert.doesNotThrow(() => { r = analyzeText(text, path, language, opts); });
  const ms = performance.now() - t0;
  assert.ok(ms < BOUND_MS, `took ${ms.toFixed(0)} ms`);
  assert.ok(Array.isArray(r!.models));
  assert.doesNotMatch(r!.skipped ?? '', /internal error/);
  return r!;
}

function params(r: FileReport, name: string): number | null | undefined {
  return r.models.find((m) => m.name === name)?.params;
}

function reader(files: Record<string, string>): SourceReader {
  return { read: (p) => (Object.prototype.hasOwnProperty.call(files, p) ? files[p] : null) };
}

describe('pathological inputs', function () {
  this.timeout(20_000);

  describe('endless evaluation', () => {
    it('while True at the top level: the budget ends it; models before it are kept', () => {
      const r = timed(`${HEAD}${NET}\nwhile True:\n    x = 1\n`);
      assert.strictEqual(params(r, 'Net'), 10);
      assert.match(r.models[0].unknown.file ?? '', /budget/);
    });

    it('while True inside a constructor: that model is left out, the others stay', () => {
      const r = timed(`${HEAD}${NET}\nclass Spin(nn.Module):\n    def __init__(self):\n        super().__init__()\n        while True:\n            pass\n`);
      assert.strictEqual(params(r, 'Net'), 10);
      assert.strictEqual(params(r, 'Spin'), undefined);
    });

    it('an endless loop that keeps growing an unknown value: its formula stays short, the memory bounded', () => {
      const grow = `${HEAD}class Grow(nn.Module):\n    def __init__(self, size=32, channels=8):\n        super().__init__()\n        self.convs = nn.ModuleList()\n        while size > 4:\n            self.convs.append(nn.Conv2d(1, channels, 3))\n            channels *= ${'9'.repeat(300)}\n${NET}`;
      const r = timed(grow);
      assert.strictEqual(params(r, 'Net'), 10);
      const longest = Math.max(...JSON.stringify(r).match(/"[^"]*"/g)!.map((x) => x.length));
      assert.ok(longest < 1000, `a string of ${longest} characters in the report`);
    });

    it('a thousand unclosed calls inside a function that runs: no internal error (inputs of the 100k fuzz run)', () => {
      const cases: [string, Mutation[]][] = [
        ['test/fixtures/pytorch/lenet5.py', [{ k: 'nest', at: 0.306436, n: 1379, open: 'f(' }]],
        ['test/fixtures/pytorch/shufflenet_lite.py', [{ k: 'nest', at: 0.196441, n: 1321, open: 'f(' }]],
      ];
      for (const [file, ms] of cases) {
        const r = timed(mutateAll(readFileSync(file, 'utf8'), ms), file);
        assert.strictEqual(r.skipped, undefined, file);
      }
    });

    it('a Transformer with ten billion decoder layers: counted, not expanded into rows (an input of the 100k fuzz run ran out of memory)', () => {
      const r = timed(`${HEAD}# input: 12x32\nclass T(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.t = nn.Transformer(d_model=32, nhead=2, num_encoder_layers=1, num_decoder_layers=9999999999, dim_feedforward=40, batch_first=True)\n`);
      const m = r.models.find((x) => x.name === 'T')!;
      assert.ok(m.layers.length < 50, `${m.layers.length} rows`);
    });

    it('an assignment the parser invents to recover from an error binds nothing (a 100k fuzz input: `(nn}x+y{…` became `nn := …` and emptied the models above it)', () => {
      const r = timed('import torch.nn as nn\nclass A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\nfor a in zip(rev):\n    f((nn}x+y{[]4.Linear(a)))\nx 5\n');
      assert.strictEqual(params(r, 'A'), 10);
    });

    it('a statement the parser recovers at the top level from a broken method binds nothing (a 100k fuzz input: `x = F = …` in a forward after a bad dedent rebound F for every model)', () => {
      const src = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n# input: 4\nclass A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n\n    def forward(self, x):\n        return F.relu(self.fc(x))\n\n\nclass B(nn.Module):\n    def forward(self, x):\n        x = x\n     not not not\n        x = F=\u{29d38}>,8a!F.relu(x)\n        return x\n';
      const r = timed(src);
      const a = r.models.find((x) => x.name === 'A')!;
      // PyTorch (the class A alone): 10 params, output [2].
      assert.deepStrictEqual([a.params, a.outputShape], [10, [2]]);
    });

    it('unbounded recursion', () => {
      const r = timed(`${HEAD}def f(n):\n    return f(n + 1)\n\ndepth = f(0)\n${NET}`);
      assert.strictEqual(params(r, 'Net'), 10);
    });

    it('mutual recursion inside a constructor', () => {
      const r = timed(`${HEAD}def a(n):\n    return b(n)\n\ndef b(n):\n    return a(n) + 1\n\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(a(0), 2)\n${NET}`);
      assert.strictEqual(params(r, 'Net'), 10);
      const m = r.models.find((x) => x.name === 'M');
      if (m) assert.strictEqual(m.params, null);
    });

    it('range(10**12) in a loop and in a comprehension', () => {
      const r = timed(`${HEAD}${NET}\nfor i in range(10**12):\n    pass\nbig = [i for i in range(10**12)]\n`);
      assert.strictEqual(params(r, 'Net'), 10);
    });

    it('sequences and strings too long to track become unknown (no hang, no crash)', () => {
      // Each of these used to hang (an empty list repeated 10**12 times) or throw RangeError (string length).
      const r = timed(`${HEAD}${NET}\na = [] * 10**12\nb = "x" * 10**12\nc = "x"\nfor i in range(64):\n    c = c + c\nd = [0] * 99999\nfor i in range(100000):\n    e = d * 2\n`);
      assert.strictEqual(params(r, 'Net'), 10);
    });

    it('range() without arguments, then while True (a NaN step count used to switch the budget off: a hang)', () => {
      const r = timed(`${HEAD}${NET}\nxs = list(range())\nwhile True:\n    pass\n`);
      assert.strictEqual(params(r, 'Net'), 10);
      // The fuzzing input that found it: a mid-edit generator argument swallowing the next line.
      timed(`${HEAD}x = f(9 for i in range(while True:6)\n${NET}`);
    });

    it('zip() and map(f) of nothing (zip() used to fill memory until the process died)', () => {
      const r = timed(`${HEAD}xs = list(zip())\nys = map(len)\nnet = nn.Linear(len(xs) + 4, 2)\nlayers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(`);
      assert.strictEqual(params(r, 'net'), 10);
    });

    it('a repeated list is never truncated: too long means unknown', () => {
      const r = timed(`${HEAD}xs = [1] * 200000\nnet = nn.Linear(len(xs), 1)\n${NET}`);
      assert.strictEqual(params(r, 'net'), null);
    });

    it('integers past 2^53 are unknown, never rounded', () => {
      const r = timed(`${HEAD}big = nn.Linear(2**60 + 1, 1)\nhuge = nn.Linear(${'9'.repeat(400)}, 1)\n# input: ${'9'.repeat(30)}x4\nneg = nn.Linear(-4, 2)\n${NET}`);
      for (const name of ['big', 'huge', 'neg']) {
        const m = r.models.find((x) => x.name === name);
        assert.ok(m, name);
        assert.strictEqual(m.params, null, name);
        assert.ok(m.unknown.params, name);
      }
      assert.strictEqual(params(r, 'Net'), 10);
    });
  });

  describe('deep nesting', () => {
    for (const [what, expr] of [
      ['parentheses', `${'('.repeat(10_000)}1${')'.repeat(10_000)}`],
      ['calls', `${'f('.repeat(10_000)}${')'.repeat(10_000)}`],
      ['lists', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
      ['unary minus', `${'-'.repeat(10_000)}1`],
      ['not', `${'not '.repeat(10_000)}1`],
      ['layer calls', `${'nn.Sequential('.repeat(3_000)}nn.Linear(2, 2)${')'.repeat(3_000)}`],
    ]) {
      it(`a 10,000-deep expression of ${what} leaves the models after it intact`, () => {
        const r = timed(`${HEAD}x = ${expr}\n${NET}`);
        assert.strictEqual(r.skipped, undefined);
        assert.strictEqual(params(r, 'Net'), 10);
      });
    }

    it('deep expressions inside recursion', () => {
      const r = timed(`${HEAD}def f(k):\n    return ${'('.repeat(400)}f(k + 1)${')'.repeat(400)}\n\nx = f(0)\n${NET}`);
      assert.strictEqual(params(r, 'Net'), 10);
    });

    it('1,300 unclosed calls before a directive (a @lezer/common cursor failure)', () => {
      const r = timed(`${HEAD}x = ${'f('.repeat(1300)}\n${NET}`);
      assert.doesNotMatch(r.skipped ?? '', /internal/);
    });

    it('10,000 unclosed brackets', () => {
      timed(`${HEAD}x = ${'('.repeat(10_000)}\n${NET}`);
    });
  });

  describe('sizes and content', () => {
    it('a 50 MB file is skipped with a message', () => {
      const text = `${HEAD}${NET}${'# padding\n'.repeat(5_000_000)}`;
      assert.ok(text.length > 50_000_000 && text.length > MAX_FILE_BYTES);
      const r = timed(text);
      assert.match(r.skipped ?? '', /^skipped: the file is larger than/);
      assert.deepStrictEqual(r.models, []);
    });

    it('a single 1 MB line of data (string, comment) keeps the models', () => {
      for (const line of [`blob = "${'QUJD'.repeat(250_000)}"`, `# ${'a'.repeat(1_000_000)}`]) {
        const r = timed(`${HEAD}${line}\n${NET}`);
        assert.strictEqual(params(r, 'Net'), 10);
      }
    });

    it('a single 1 MB line of code ends in time (it spends the top-level budget)', () => {
      const r = timed(`${HEAD}${NET}\nxs = [${'"0123456789ab", '.repeat(62_500)}]\n`);
      assert.strictEqual(params(r, 'Net'), 10);
    });

    it('binary content (NUL bytes) is skipped with a message', () => {
      const r = timed(`${HEAD}\u0000\u0001\u0002\u00ff${NET}`);
      assert.strictEqual(r.skipped, 'skipped: the file looks binary');
    });

    it('a .py that is really a notebook is skipped with a message', () => {
      const nb = JSON.stringify({ cells: [{ cell_type: 'code', source: ['import torch.nn as nn\n', 'm = nn.Linear(4, 2)\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
      const r = timed(nb);
      assert.match(r.skipped ?? '', /^skipped: .*notebook/);
    });

    it('a TF.js file with a 10,000-deep expression', () => {
      const r = timed(`const tf = require('@tensorflow/tfjs');\nconst n = ${'('.repeat(10_000)}1${')'.repeat(10_000)};\nconst m = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2] })] });\n`, '/w/t.js', 'javascript');
      assert.strictEqual(params(r, 'm'), 9);
    });
  });

  describe('imports', () => {
    const block = (name: string, other: string, n: number) =>
      `from ${other} import *\nimport torch.nn as nn\n\nclass ${name}(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(${n}, 2)\n`;

    it('an import cycle between two workspace files', () => {
      const files = { '/w/a.py': block('A', 'b', 4), '/w/b.py': `from a import A\n${block('B', 'a', 3)}` };
      const main = `${HEAD}from a import A\nfrom b import B\n\nclass Both(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = A()\n        self.b = B()\n`;
      const r = timed(main, '/w/main.py', 'python', { imports: { reader: reader(files), roots: ['/w'] } });
      assert.strictEqual(params(r, 'Both'), 10 + 8);
      assert.deepStrictEqual([...(r.imports ?? [])].sort(), ['/w/a.py', '/w/b.py']);
    });

    it('a module importing itself', () => {
      const files = { '/w/self_ref.py': `from self_ref import *\nimport self_ref\n${block('S', 'self_ref', 4)}` };
      const r = timed(`${HEAD}from self_ref import S\nnet = S()\n`, '/w/main.py', 'python', { imports: { reader: reader(files), roots: ['/w'] } });
      assert.strictEqual(params(r, 'net'), 10);
    });

    it('a missing imported file leaves the imported names unknown', () => {
      const main = `${HEAD}from missing_module import Block\nfrom .also_missing import Other\n\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.b = Block()\n        self.fc = nn.Linear(4, 2)\n`;
      const r = timed(main, '/w/main.py', 'python', { imports: { reader: reader({}), roots: ['/w'] } });
      const m = r.models.find((x) => x.name === 'M');
      assert.ok(m);
      assert.strictEqual(m.params, null);
      assert.ok(m.unknown.params);
      assert.strictEqual(m.knownParams, 10);
    });

    it('an imported file over the size limit is not evaluated', () => {
      const big = `${block('Big', 'nothing', 4)}${'# padding\n'.repeat(200_000)}`;
      const files = { '/w/big.py': big };
      const main = `${HEAD}from big import Big\n\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.b = Big()\n        self.fc = nn.Linear(4, 2)\n`;
      const r = timed(main, '/w/main.py', 'python', { imports: { reader: reader(files), roots: ['/w'], maxBytes: 1_000_000 } });
      const m = r.models.find((x) => x.name === 'M');
      assert.ok(m);
      assert.strictEqual(m.params, null);
      assert.strictEqual(m.knownParams, 10);
    });
  });
});
