// Model reports remembered between analyses of a file (src/python/analyze.ts): after any edit, the analysis that
// reuses them must equal an analysis from scratch.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analyze';
import { clearModelMemory, modelMemoryStats } from '../../src/python/analyze';
import type { FileReport } from '../../src/core/report';
import { seeded, editVersions } from './edits';

const HEAD = 'import torch\nimport torch.nn as nn\n';

/** Analyses `texts` one after another as edits of one file; each result must equal a fresh analysis. */
function editSequence(texts: string[], file = 'mem.py', reader?: (p: string) => string | null): FileReport[] {
  clearModelMemory();
  const imports = reader ? { reader: { read: reader }, roots: ['/w'] } : undefined;
  return texts.map((text, k) => {
    const remembered = analyzeText(text, file, 'python', { imports });
    const fresh = analyzeText(text, file, 'python', { imports, remember: false });
    assert.deepStrictEqual(remembered, fresh, `after edit ${k}`);
    return remembered;
  });
}

function params(r: FileReport, name: string): number | null {
  const m = r.models.find((x) => x.name === name);
  assert.ok(m, `model ${name} in ${r.models.map((x) => x.name).join(', ')}`);
  return m.params;
}

const block = (extra = '') => `${HEAD}WIDTH = 8
def head(c):
    return nn.Linear(c, 10)
class Block(nn.Module):
    def __init__(self, c=3):
        super().__init__()
        self.conv = nn.Conv2d(c, WIDTH, 3)
${extra}
# input: 3x8x8
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block()
        self.fc = head(WIDTH)
    def forward(self, x):
        return self.fc(self.block(x).mean((2, 3)))

# input: 3x8x8
class Other(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 1)
    def forward(self, x):
        return self.conv(x)
`;

describe('Model reports remembered between analyses', () => {
  it('follow a change of a constant, a helper function and a class the model uses', () => {
    const base = block();
    const rs = editSequence([
      base,
      base.replace('WIDTH = 8', 'WIDTH = 16'),
      base.replace('WIDTH = 8', 'WIDTH = 16').replace('nn.Linear(c, 10)', 'nn.Linear(c, 20)'),
      base.replace('WIDTH = 8', 'WIDTH = 16').replace('nn.Linear(c, 10)', 'nn.Linear(c, 20)').replace('def __init__(self, c=3)', 'def __init__(self, c=3, k=5)').replace('WIDTH, 3)', 'WIDTH, k)'),
    ]);
    assert.deepStrictEqual(rs.map((r) => params(r, 'Net')), [224 + 90, 448 + 170, 448 + 340, 3 * 25 * 16 + 16 + 340]);
    assert.deepStrictEqual(rs.map((r) => params(r, 'Other')), [16, 16, 16, 16]);
  });

  it('follow lines that move when a line is added above', () => {
    const base = block();
    const rs = editSequence([base, `\n\n${base}`, base]);
    assert.deepStrictEqual(rs.map((r) => r.models.find((m) => m.name === 'Other')!.line), [21, 23, 21]);
  });

  it('follow the input directive of a model', () => {
    const base = block();
    const rs = editSequence([base, base.replace('# input: 3x8x8\nclass Other', '# input: 3x16x16\nclass Other')]);
    assert.deepStrictEqual(rs.map((r) => r.models.find((m) => m.name === 'Other')!.outputShape), [[4, 8, 8], [4, 16, 16]]);
  });

  it('do not reuse a model that changes shared state, nor one that reads it', () => {
    // Block counts its instances in a class attribute and a global list; Net reads both.
    const src = (n: number) => `${HEAD}REGISTRY = []
class Block(nn.Module):
    count = 0
    def __init__(self):
        super().__init__()
        Block.count += 1
        REGISTRY.append(${n})
        self.conv = nn.Conv2d(3, 3, 1)
class Maker(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([Block() for _ in range(${n})])
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(len(REGISTRY) + Block.count, 2)
`;
    const rs = editSequence([src(1), src(2), src(3)]);
    assert.notStrictEqual(params(rs[0], 'Net'), params(rs[1], 'Net'));
    assert.notStrictEqual(params(rs[1], 'Net'), params(rs[2], 'Net'));
  });

  it('do not reuse a model whose evaluation writes a global, and follow the write in models after it', () => {
    const src = (n: number) => `${HEAD}SIZE = 1
class A(nn.Module):
    def __init__(self):
        super().__init__()
        global SIZE
        SIZE = ${n}
        self.fc = nn.Linear(2, 2)
class B(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(SIZE, 2)
`;
    const rs = editSequence([src(4), src(5), src(5), src(6)]);
    assert.deepStrictEqual(rs.map((r) => params(r, 'B')), [10, 12, 12, 14]);
  });

  it('follow a mutable default argument shared by two models', () => {
    const src = (n: number) => `${HEAD}def layers(n, acc=[]):
    acc.append(nn.Linear(n, n))
    return acc
class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(*layers(${n}))
class B(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(*layers(2))
`;
    const rs = editSequence([src(3), src(4), src(3)]);
    assert.deepStrictEqual(rs.map((r) => params(r, 'B')), [12 + 6, 20 + 6, 12 + 6]);
  });

  it('follow a change of an imported file', () => {
    const main = `${HEAD}from lib import WIDTH\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(WIDTH, 1)\n`;
    let width = 3;
    const reader = (p: string) => (p === '/w/lib.py' ? `WIDTH = ${width}\n` : null);
    clearModelMemory();
    const opts = { imports: { reader: { read: reader }, roots: ['/w'] } };
    const a = analyzeText(main, 'imp.py', 'python', opts);
    width = 5;
    const b = analyzeText(main, 'imp.py', 'python', opts);
    assert.deepStrictEqual([params(a, 'Net'), params(b, 'Net')], [4, 6]);
    assert.deepStrictEqual(b.imports, ['/w/lib.py']);
  });

  it('equal fresh analyses after random edits of every PyTorch and Keras test file', function () {
    this.timeout(60_000);
    const rand = seeded(12345);
    const files = ['test/fixtures/pytorch', 'test/fixtures/keras', 'examples']
      .flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.py')).map((f) => path.join(d, f)));
    let changed = 0;
    const reusedBefore = modelMemoryStats.reused;
    for (const f of files) {
      const texts = editVersions(fs.readFileSync(f, 'utf8'), rand);
      const rs = editSequence(texts, f);
      if (JSON.stringify(rs[0].models) !== JSON.stringify(rs[rs.length - 1].models)) changed++;
    }
    assert.ok(changed > files.length / 2, `the edits changed the reports of ${changed} of ${files.length} files`);
    const reused = modelMemoryStats.reused - reusedBefore;
    assert.ok(reused > 100, `${reused} reports were reused`);
  });
});
