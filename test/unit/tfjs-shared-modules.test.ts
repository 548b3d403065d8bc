// Imported TS/JS modules evaluated once and shared by later analyses (src/typescript/shared.ts): every analysis
// must see them as a fresh evaluation would, whatever earlier analyses did with them.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analyze';
import { clearSharedTsModules, sharedTsStats } from '../../src/typescript/shared';
import type { FileReport } from '../../src/core/report';

const HEAD = "import * as tf from '@tensorflow/tfjs';\n";

function project(files: Record<string, string>) {
  const reader = { read: (p: string) => files[p] ?? null };
  return { imports: { reader, roots: ['/w'] }, remember: false };
}

function params(r: FileReport, name: string): number | null {
  const m = r.models.find((x) => x.name === name);
  assert.ok(m, `model ${name} in ${r.models.map((x) => x.name).join(', ')}`);
  return m.params;
}

/** Analyses `main` three times (sharing the modules) and once from scratch: all four must be equal. */
function stable(files: Record<string, string>, main: string, shares = true): FileReport {
  clearSharedTsModules();
  const opts = project(files);
  const a = analyzeText(main, '/w/main.ts', 'typescript', opts);
  const reused = sharedTsStats.reused;
  const b = analyzeText(main, '/w/main.ts', 'typescript', opts);
  const c = analyzeText(main, '/w/main.ts', 'typescript', opts);
  assert.strictEqual(sharedTsStats.reused > reused, shares, shares ? 'the second analysis reused the modules' : 'nothing was shared');
  clearSharedTsModules();
  const fresh = analyzeText(main, '/w/main.ts', 'typescript', opts);
  assert.deepStrictEqual(b, a);
  assert.deepStrictEqual(c, a);
  assert.deepStrictEqual(fresh, a);
  return a;
}

const dense = (units: string) => `${HEAD}export function build() {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: ${units} }));
  return m;
}
`;

// Expected numbers: @tensorflow/tfjs 4.22 gives a Dense of n units on 2 inputs 3·n weights (countParams of the
// same builders run in Node: n = 3 → 9, 4 → 12, 5 → 15, 7 → 21, 9 → 27).
describe('Imported TS/JS modules shared between analyses', () => {
  it('are evaluated once, and again when a file they read changes', () => {
    clearSharedTsModules();
    const files: Record<string, string> = { '/w/lib.ts': 'export const WIDTH = 3;\n' };
    const opts = project(files);
    const main = `import { WIDTH } from './lib';\n${dense('WIDTH')}`;
    assert.strictEqual(params(analyzeText(main, '/w/main.ts', 'typescript', opts), 'build'), 9);
    const reused = sharedTsStats.reused;
    assert.strictEqual(params(analyzeText(main, '/w/main.ts', 'typescript', opts), 'build'), 9);
    assert.strictEqual(sharedTsStats.reused, reused + 1);
    files['/w/lib.ts'] = 'export const WIDTH = 7;\n';
    const r = analyzeText(main, '/w/main.ts', 'typescript', opts);
    assert.strictEqual(params(r, 'build'), 21);
    assert.deepStrictEqual(r.imports, ['/w/lib.ts']);
  });

  it('follow a change two imports away, and a file that appears where resolution looked before', () => {
    clearSharedTsModules();
    const files: Record<string, string> = {
      '/w/a.ts': "import { base } from './b';\nexport const WIDTH = base + 1;\n",
      '/w/b/index.ts': 'export const base = 2;\n',
    };
    const opts = project(files);
    const main = `import { WIDTH } from './a';\n${dense('WIDTH')}`;
    assert.strictEqual(params(analyzeText(main, '/w/main.ts', 'typescript', opts), 'build'), 9);
    files['/w/b/index.ts'] = 'export const base = 3;\n';
    assert.strictEqual(params(analyzeText(main, '/w/main.ts', 'typescript', opts), 'build'), 12);
    // `./b` now resolves to b.ts, which comes before b/index.ts.
    files['/w/b.ts'] = 'export const base = 4;\n';
    const r = analyzeText(main, '/w/main.ts', 'typescript', opts);
    assert.strictEqual(params(r, 'build'), 15);
    assert.deepStrictEqual(r.imports, ['/w/a.ts', '/w/b.ts']);
  });

  it('undo what an analysis writes to a shared module: a counter, a class static', () => {
    const files = {
      '/w/lib.ts': 'let count = 2;\nexport function next() { count += 1; return count; }\nexport class Sizes { static last = 1; }\n',
    };
    const main = `${HEAD}import { next, Sizes } from './lib';
export function first() {
  const m = tf.sequential();
  Sizes.last = next();
  m.add(tf.layers.dense({ inputShape: [2], units: Sizes.last }));
  return m;
}
export function second() {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: next() + Sizes.last }));
  return m;
}
`;
    // tfjs 4.22 running first() then second(): 9 and 21 weights (units 3, then 4 + 3).
    const r = stable(files, main);
    assert.deepStrictEqual([params(r, 'first'), params(r, 'second')], [9, 21]);
  });

  it('do not share a module that draws TF.js layer names', () => {
    const files = { '/w/layers.ts': `${HEAD}export const hidden = tf.layers.dense({ units: 4 });\n` };
    const main = `${HEAD}import { hidden } from './layers';
export function build() {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: 5 }));
  m.add(hidden);
  return m;
}
`;
    // tfjs 4.22: 39 weights; the imported layer is dense_Dense1 (named when layers.ts loads), the other dense_Dense2.
    const r = stable(files, main, false);
    assert.strictEqual(params(r, 'build'), 39);
    assert.deepStrictEqual(r.models[0].layers.map((l) => l.path), ['dense_Dense2', 'dense_Dense1']);
  });

  it('share a module holding arrays and objects, and drop it when an analysis changes one in place', () => {
    const files = { '/w/config.ts': 'export const sizes = [5];\nexport const CONFIG = { units: 2, extra: { on: true } };\n' };
    const reads = `${HEAD}import { sizes, CONFIG } from './config';
export function build() {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: sizes[0] + CONFIG.units }));
  return m;
}
`;
    // tfjs 4.22: Dense(7) on 2 inputs holds 21 weights.
    assert.strictEqual(params(stable(files, reads), 'build'), 21);
    // Each analysis pushes to the shared array: every one must start from the module's own [5] (tfjs: units 2, 6 weights).
    const pushes = `${HEAD}import { sizes } from './config';
export function build() {
  sizes.push(1);
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: sizes.length }));
  return m;
}
`;
    assert.strictEqual(params(stable(files, pushes, false), 'build'), 6);
  });

  it('equal fresh analyses on every multi-file TF.js fixture, analysed twice', () => {
    const root = path.resolve('test/fixtures/tfjs-multi');
    const reader = { read: (p: string) => { try { return fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : null; } catch { return null; } } };
    let reusedAny = 0;
    for (const project of fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory())) {
      const dir = path.join(root, project);
      for (const entry of fs.readdirSync(dir).filter((f) => /\.(js|ts)$/.test(f))) {
        const file = path.join(dir, entry);
        const text = fs.readFileSync(file, 'utf8');
        const language = /\.tsx?$/.test(entry) ? 'typescript' : 'javascript';
        const opts = { imports: { reader, roots: [dir] }, remember: false };
        clearSharedTsModules();
        const fresh = analyzeText(text, file, language, opts);
        const before = sharedTsStats.reused;
        const again = analyzeText(text, file, language, opts);
        reusedAny += sharedTsStats.reused - before;
        assert.deepStrictEqual(again, fresh, `${project}/${entry}`);
      }
    }
    assert.ok(reusedAny > 0, 'some module of the fixtures was shared');
  });
});
