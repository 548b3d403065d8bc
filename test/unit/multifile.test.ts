// Models built from modules of other files (relative, package and star imports, re-exports), against PyTorch.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analyze';
import { diffModel, wrongNumbers, type Golden } from './golden';

const ROOT = path.resolve('test/fixtures/pytorch-multi');

function fsReader() {
  return {
    read(p: string): string | null {
      try { return fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : null; } catch { return null; }
    },
  };
}

describe('Imports within the workspace (PyTorch goldens)', () => {
  for (const project of fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory())) {
    const dir = path.join(ROOT, project);
    for (const entry of fs.readdirSync(dir).filter((f) => f.endsWith('.py'))) {
      const file = path.join(dir, entry);
      const golden: Golden & { models: { layers: { file?: string }[] }[] } = JSON.parse(fs.readFileSync(file.replace(/\.py$/, '.expected.json'), 'utf8'));
      const report = analyzeText(fs.readFileSync(file, 'utf8'), file, 'python', { imports: { reader: fsReader(), roots: [dir] } });
      for (const g of golden.models) {
        it(`${project}/${entry} ${g.name}: equals PyTorch, layer files included`, () => {
          const m = report.models.find((x) => x.name === g.name && x.kind === g.kind);
          assert.ok(m, `model ${g.name} not found`);
          assert.deepStrictEqual(wrongNumbers(g, m), []);
          assert.deepStrictEqual(diffModel(g, m), []);
          const files = m.layers.map((l) => (l.file ? path.relative(dir, l.file) : undefined));
          assert.deepStrictEqual(files, g.layers.map((l) => (l as { file?: string }).file));
        });
      }
      it(`${project}/${entry}: reports the files it read`, () => {
        const read = (report.imports ?? []).map((p) => path.relative(dir, p)).sort();
        assert.ok(read.includes('netlib/layers.py') && read.includes('netlib/blocks/residual.py'), read.join(', '));
      });
    }
  }

  it('turns a missing module and an import cycle into unknowns, not failures', () => {
    const files: Record<string, string> = {
      '/w/a.py': 'import torch.nn as nn\nfrom .b import make\nfrom .missing import Thing\nclass A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.x = make()\n        self.y = Thing()\n',
      '/w/b.py': 'import torch.nn as nn\nfrom .a import A\ndef make():\n    return nn.Linear(3, 4)\n',
    };
    const reader = { read: (p: string) => files[p] ?? null };
    const r = analyzeText(files['/w/a.py'], '/w/a.py', 'python', { imports: { reader, roots: ['/w'] } });
    const m = r.models.find((x) => x.name === 'A')!;
    assert.strictEqual(m.layers.find((l) => l.path === 'x')!.params, 16);
    assert.strictEqual(m.params, null);
    assert.match(m.unknown.params, /y/);
  });
});
