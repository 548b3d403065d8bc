// Imported modules evaluated once and shared by later analyses (src/python/module-cache.ts): every analysis must
// see them as a fresh evaluation would, whatever earlier analyses did to them.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analyze';
import { clearModelMemory } from '../../src/python/analyze';
import { clearSharedModules, sharedStats, sharedPaths } from '../../src/python/module-cache';
import type { FileReport } from '../../src/core/report';

const HEAD = 'import torch\nimport torch.nn as nn\n';

function project(files: Record<string, string>) {
  const reads: string[] = [];
  const reader = { read: (p: string) => { reads.push(p); return files[p] ?? null; } };
  return { reads, opts: { imports: { reader, roots: ['/w'] }, remember: false } };
}

function params(r: FileReport, name: string): number | null {
  const m = r.models.find((x) => x.name === name);
  assert.ok(m, `model ${name} in ${r.models.map((x) => x.name).join(', ')}`);
  return m.params;
}

/** Analyses `main` three times (sharing the modules) and once from scratch: all four must be equal. */
function stable(files: Record<string, string>, main: string, shares = true): FileReport {
  clearSharedModules();
  const { opts } = project(files);
  const a = analyzeText(main, '/w/main.py', 'python', opts);
  const reused = sharedStats.reused;
  const b = analyzeText(main, '/w/main.py', 'python', opts);
  const c = analyzeText(main, '/w/main.py', 'python', opts);
  assert.strictEqual(sharedStats.reused > reused, shares, shares ? 'the second analysis reused the modules' : 'nothing was shared');
  clearSharedModules();
  const fresh = analyzeText(main, '/w/main.py', 'python', opts);
  assert.deepStrictEqual(b, a);
  assert.deepStrictEqual(c, a);
  assert.deepStrictEqual(fresh, a);
  return a;
}

describe('Imported modules shared between analyses', () => {
  it('are evaluated once, and again when a file they read changes', () => {
    clearSharedModules();
    const files: Record<string, string> = { '/w/lib.py': 'WIDTH = 3\n' };
    const { opts } = project(files);
    const main = `${HEAD}from lib import WIDTH\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(WIDTH, 1)\n`;
    assert.strictEqual(params(analyzeText(main, '/w/main.py', 'python', opts), 'Net'), 4);
    assert.deepStrictEqual(sharedPaths(), ['/w/lib.py']);
    const reused = sharedStats.reused;
    assert.strictEqual(params(analyzeText(main, '/w/main.py', 'python', opts), 'Net'), 4);
    assert.strictEqual(sharedStats.reused, reused + 1);
    files['/w/lib.py'] = 'WIDTH = 7\n';
    const r = analyzeText(main, '/w/main.py', 'python', opts);
    assert.strictEqual(params(r, 'Net'), 8);
    assert.deepStrictEqual(r.imports, ['/w/lib.py']);
  });

  it('follow a file that appears where a module imported nothing before', () => {
    clearSharedModules();
    const files: Record<string, string> = { '/w/pkg/__init__.py': 'from .sizes import N\n' };
    const { opts } = project(files);
    const main = `${HEAD}from pkg import N\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(N, 1)\n`;
    assert.strictEqual(params(analyzeText(main, '/w/main.py', 'python', opts), 'Net'), null);
    assert.deepStrictEqual(sharedPaths(), ['/w/pkg/__init__.py']);
    files['/w/pkg/sizes.py'] = 'N = 5\n';
    assert.strictEqual(params(analyzeText(main, '/w/main.py', 'python', opts), 'Net'), 6);
  });

  it('give every analysis a registry as a fresh evaluation leaves it', () => {
    const files = { '/w/reg.py': 'REGISTRY = []\ndef register(c):\n    REGISTRY.append(c)\n    return c\ndef count():\n    return len(REGISTRY)\n' };
    const main = `${HEAD}from reg import register, count\n@register\ndef helper():\n    pass\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(count() + 1, 2)\n`;
    assert.strictEqual(params(stable(files, main), 'Net'), 2 * 2 + 2);
  });

  it('give every analysis module globals, class attributes and mutable defaults as a fresh evaluation leaves them', () => {
    const files = {
      '/w/state.py': 'N = 1\ndef bump():\n    global N\n    N += 1\n    return N\nclass Counter:\n    n = 0\ndef grow(acc=[]):\n    acc.append(1)\n    return len(acc)\nCFG = {"w": 4}\n',
    };
    const main = `${HEAD}import state\nfrom state import bump, Counter, grow, CFG\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        Counter.n += 3\n        CFG["w"] = CFG["w"] * 2\n        self.a = nn.Linear(bump(), 1)\n        self.b = nn.Linear(Counter.n, 1)\n        self.c = nn.Linear(grow() + grow(), 1)\n        self.d = nn.Linear(CFG["w"], 1)\n        self.e = nn.Linear(state.N, 1)\n`;
    const r = stable(files, main);
    assert.deepStrictEqual(r.models.find((m) => m.name === 'Net')!.layers.map((l) => l.params), [3, 4, 4, 9, 3]);
  });

  it('stay correct in an import cycle', () => {
    const files = {
      '/w/a.py': 'import b\nA_WIDTH = 6\ndef width():\n    return A_WIDTH\n',
      '/w/b.py': 'import a\nB_EARLY = getattr(a, "A_WIDTH", 1)\ndef make():\n    return a.width() * 2 + B_EARLY\n',
    };
    const main = `${HEAD}import a\nfrom b import make\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(make(), a.width())\n`;
    // b reads a name of a while a is still loading: what it gets depends on the order of imports (here the
    // default, 1), so a and b are evaluated again for each analysis.
    assert.strictEqual(params(stable(files, main, false), 'Net'), 13 * 6 + 6);
    const late = { ...files, '/w/b.py': 'import a\ndef make():\n    return a.width() * 2 + 1\n' };
    assert.strictEqual(params(stable(late, main), 'Net'), 13 * 6 + 6);
  });

  it('give the multi-file PyTorch project the same reports when shared', () => {
    const root = path.resolve('test/fixtures/pytorch-multi');
    for (const proj of fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory())) {
      const dir = path.join(root, proj);
      const reader = { read: (p: string) => { try { return fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : null; } catch { return null; } } };
      for (const entry of fs.readdirSync(dir).filter((f) => f.endsWith('.py'))) {
        const file = path.join(dir, entry);
        const text = fs.readFileSync(file, 'utf8');
        const opts = { imports: { reader, roots: [dir] } };
        clearSharedModules();
        clearModelMemory();
        const fresh = analyzeText(text, file, 'python', { ...opts, remember: false });
        const reused = sharedStats.reused;
        const shared = analyzeText(text, file, 'python', { ...opts, remember: false });
        assert.ok(sharedStats.reused > reused, `${entry}: modules reused`);
        assert.deepStrictEqual(shared, fresh, entry);
      }
    }
  });
});
