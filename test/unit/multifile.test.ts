// Models built from modules of other files (relative, package and star imports, re-exports), against PyTorch.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analyze';
import { clearSharedModules } from '../../src/python/module-cache';
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
      it(`${project}/${entry}: reports the files it read, not itself`, () => {
        const read = (report.imports ?? []).map((p) => path.relative(dir, p)).sort();
        const expected = project === 'proj' ? ['netlib/layers.py', 'netlib/blocks/residual.py'] : ['pkg/plugin.py', 'pkg/heads.py', 'pkg/sizes.py'];
        for (const f of expected) assert.ok(read.includes(f), read.join(', '));
        assert.ok(!read.includes(entry), read.join(', '));
      });
    }
  }

  it('gives the same numbers whatever was analysed before (a plugin that changes a shared module in place)', () => {
    const files: Record<string, string> = {
      '/w/app/__init__.py': '',
      '/w/app/settings.py': 'LAYERS = [64]\n',
      '/w/app/plugin.py': 'from .settings import LAYERS\nLAYERS.append(128)\n',
      '/w/app/with_plugin.py': 'import torch.nn as nn\nfrom .settings import LAYERS\nfrom . import plugin\ndef mlp():\n    return nn.Sequential(*[nn.Linear(16, 16) for _ in LAYERS])\n',
      '/w/app/without.py': 'import torch.nn as nn\nfrom .settings import LAYERS\ndef mlp():\n    return nn.Sequential(*[nn.Linear(16, 16) for _ in LAYERS])\n',
    };
    const reader = { read: (p: string) => files[p] ?? null };
    const params = (f: string) => analyzeText(files[f], f, 'python', { imports: { reader, roots: ['/w'] } }).models.find((m) => m.name === 'mlp')!.params;
    // PyTorch: 2 and 1 Linear(16, 16) of 272 params.
    const seq = ['/w/app/with_plugin.py', '/w/app/without.py', '/w/app/with_plugin.py', '/w/app/without.py', '/w/app/with_plugin.py'];
    assert.deepStrictEqual(seq.map(params), [544, 272, 544, 272, 544]);
  });

  it('does not take an import of a package that may be missing as done when a handler catches ImportError', () => {
    const files: Record<string, string> = {
      '/w/lib/__init__.py': '',
      '/w/lib/fast.py': 'import torch.nn as nn\nimport fused_cuda_kernels\nclass Block(nn.Module):\n    def __init__(self, c):\n        super().__init__()\n        self.fc = nn.Linear(c, c * 4)\n',
      '/w/lib/slow.py': 'import torch.nn as nn\nclass Block(nn.Module):\n    def __init__(self, c):\n        super().__init__()\n        self.fc = nn.Linear(c, c * 2)\n',
      '/w/lib/m.py': 'import torch.nn as nn\ntry:\n    import apex\n    HAS_APEX = True\nexcept ImportError:\n    HAS_APEX = False\ntry:\n    from .fast import Block\nexcept ImportError:\n    from .slow import Block\nwide = nn.Linear(8, 16 if HAS_APEX else 4)\nblock = Block(8)\nplain = nn.Linear(8, 2)\n',
    };
    const reader = { read: (p: string) => files[p] ?? null };
    const r = analyzeText(files['/w/lib/m.py'], '/w/lib/m.py', 'python', { imports: { reader, roots: ['/w'] } });
    // PyTorch without apex and fused_cuda_kernels installed: wide 36, block 144 (the slow Block); with them, 144 and 288.
    const get = (n: string) => r.models.find((m) => m.name === n);
    assert.strictEqual(get('wide')?.params ?? null, null);
    assert.strictEqual(get('block')?.params ?? null, null);
    assert.strictEqual(get('plain')?.params, 18);
  });

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
  // A file inside a package: Python has begun importing its packages before it, so `import zoo` in one of its
  // imports finds zoo already being imported and runs nothing; zoo/__init__.py runs only for a name it defines.
  describe('the packages above the analysed file', () => {
    const files: Record<string, string> = {
      '/w/zoo/__init__.py': "from . import heavy\nfrom .models import net\nWIDTH = 24\n",
      '/w/zoo/heavy.py': "import torch.nn as nn\nBIG = [nn.Linear(4, 4) for _ in range(3)]\n",
      '/w/zoo/ops.py': "import torch.nn as nn\nimport zoo\n\n\nclass Block(nn.Module):\n    def __init__(self, cin, cout):\n        super().__init__()\n        self.conv = nn.Conv2d(cin, cout, 3, padding=1)\n        self.act = nn.ReLU()\n\n    def forward(self, x):\n        return self.act(self.conv(x))\n",
      '/w/zoo/models/__init__.py': "from .net import *\n",
      '/w/zoo/models/net.py': "import torch.nn as nn\nimport zoo\nfrom ..ops import Block\n\n\nclass Small(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.b1 = Block(3, 16)\n        self.b2 = zoo.ops.Block(16, 32)\n\n    def forward(self, x):\n        return self.b2(self.b1(x))\n\n\nclass Wide(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.b1 = Block(3, zoo.WIDTH)\n\n    def forward(self, x):\n        return self.b1(x)\n",
    };
    const read: string[] = [];
    const reader = { read: (p: string) => { read.push(p); return files[p] ?? null; } };
    const analyse = (text: string, file: string) => analyzeText(text, file, 'python', { imports: { reader, roots: ['/w'] }, remember: false });
    const net = files['/w/zoo/models/net.py'];
    const small = net.slice(0, net.indexOf('class Wide'));

    it('are not run for a submodule reached through them', () => {
      clearSharedModules();
      const r = analyse(small, '/w/zoo/models/net.py');
      // PyTorch (python3 -c 'import zoo.models.net as n; …'): Small 5,088 params.
      assert.strictEqual(r.models.find((m) => m.name === 'Small')?.params, 5088);
      assert.ok(!(r.imports ?? []).includes('/w/zoo/heavy.py'), (r.imports ?? []).join(', '));
    });

    it('are run when a name of theirs is used, fresh or with shared modules, in either order', () => {
      const outside = 'import torch.nn as nn\nimport zoo.ops\nimport zoo\nm = zoo.ops.Block(3, zoo.WIDTH)\n';
      const results: unknown[] = [];
      for (const order of [['in', 'out'], ['out', 'in'], ['in', 'out']]) {
        clearSharedModules();
        const got: Record<string, unknown> = {};
        for (const which of order) {
          const r = which === 'in' ? analyse(net, '/w/zoo/models/net.py') : analyse(outside, '/w/main.py');
          for (const m of r.models) got[`${which}:${m.name}`] = m.params;
        }
        results.push(got);
      }
      // PyTorch: Small 5,088, Wide 672 (zoo.WIDTH = 24 from zoo/__init__.py), and from outside the package 672.
      for (const got of results) assert.deepStrictEqual(got, { 'in:Small': 5088, 'in:Wide': 672, 'out:m': 672 });
    });
  });
});
