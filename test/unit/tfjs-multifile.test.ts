// TF.js models built from modules of other files (relative imports, re-exports, index files, export default,
// CommonJS), against @tensorflow/tfjs run on an esbuild bundle of each entry (test/oracle/tfjs_multi.mjs).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analyze';
import type { SourceReader } from '../../src/core/modules';
import { diffModel, wrongNumbers, type Golden } from './golden';

const ROOT = path.resolve('test/fixtures/tfjs-multi');

function fsReader(): SourceReader {
  return {
    read(p: string): string | null {
      try { return fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : null; } catch { return null; }
    },
  };
}

const languageOf = (f: string) => (/\.tsx?$/.test(f) ? 'typescript' : 'javascript');

describe('TF.js imports within the workspace (tfjs goldens)', () => {
  for (const project of fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory())) {
    const dir = path.join(ROOT, project);
    for (const entry of fs.readdirSync(dir).filter((f) => /\.(js|ts)$/.test(f))) {
      const file = path.join(dir, entry);
      const golden: Golden & { models: { layers: { file?: string }[] }[] } = JSON.parse(fs.readFileSync(file.replace(/\.(js|ts)$/, '.expected.json'), 'utf8'));
      const report = analyzeText(fs.readFileSync(file, 'utf8'), file, languageOf(entry), { imports: { reader: fsReader(), roots: [dir] } });
      it(`${project}/${entry}: finds exactly the models tfjs built`, () => {
        assert.deepStrictEqual(report.models.map((m) => `${m.kind} ${m.name}`).sort(), golden.models.map((m) => `${m.kind} ${m.name}`).sort());
      });
      for (const g of golden.models) {
        it(`${project}/${entry} ${g.name}: equals tfjs, layer files included`, () => {
          const m = report.models.find((x) => x.name === g.name && x.kind === g.kind);
          assert.ok(m, `model ${g.name} not found`);
          assert.deepStrictEqual(wrongNumbers(g, m), []);
          assert.deepStrictEqual(diffModel(g, m), []);
          const files = m.layers.map((l) => (l.file ? path.relative(dir, l.file).split(path.sep).join('/') : undefined));
          assert.deepStrictEqual(files, g.layers.map((l) => (l as { file?: string }).file));
        });
      }
      it(`${project}/${entry}: reports the files it read`, () => {
        const read = (report.imports ?? []).map((p) => path.relative(dir, p).split(path.sep).join('/')).sort();
        const layerFiles = new Set(golden.models.flatMap((m) => m.layers.map((l) => (l as { file?: string }).file)).filter((f): f is string => !!f));
        assert.ok(layerFiles.size > 0);
        for (const f of layerFiles) assert.ok(read.includes(f), `${f} is not among ${read.join(', ')}`);
        // Index files and re-exports are read too, though no layer comes from them.
        const indexes = fs.readdirSync(dir, { recursive: true }).map((f) => String(f).split(path.sep).join('/')).filter((f) => /\/index\.\w+$/.test(f));
        assert.ok(indexes.length > 0);
        for (const f of indexes) assert.ok(read.includes(f), `${f} is not among ${read.join(', ')}`);
        // A module imported only for a type is dropped by TypeScript: never read.
        assert.ok(!read.includes('lib/options.ts'));
      });
    }
  }
});

describe('TF.js multi-file projects mid-edit', () => {
  // Every prefix of an entry (its imports whole): a layer of the entry whose config is complete (a later layer of
  // its model starts after it) has tfjs's numbers for the layer of the same model, name, line and type, or none.
  // (A layer of another file takes its arguments from callers the cut may have changed: only no failure there.)
  for (const project of fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory())) {
    const dir = path.join(ROOT, project);
    for (const entry of fs.readdirSync(dir).filter((f) => /\.(js|ts)$/.test(f))) {
      it(`${project}/${entry}: no prefix contradicts tfjs`, () => {
        const file = path.join(dir, entry);
        const golden: Golden = JSON.parse(fs.readFileSync(file.replace(/\.(js|ts)$/, '.expected.json'), 'utf8'));
        const key = (kind: string, model: string, l: { path: string; file?: string; line?: number; type: string }) => `${kind} ${model} ${l.path} ${l.file ?? ''}:${l.line} ${l.type}`;
        const want = new Map<string, Golden['models'][number]['layers'][number]>();
        for (const g of golden.models) for (const l of g.layers) want.set(key(g.kind, g.name, l), l);
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        const wrong: string[] = [];
        for (let cut = 1; cut < lines.length; cut++) {
          const report = analyzeText(lines.slice(0, cut).join('\n'), file, languageOf(entry), { imports: { reader: fsReader(), roots: [dir] } });
          assert.ok(!report.skipped, `${entry} cut after line ${cut}: ${report.skipped}`);
          for (const m of report.models) {
            for (const l of m.layers) {
              if (l.file || !m.layers.some((o) => o.line > l.line && !o.file)) continue;
              const g = want.get(key(m.kind, m.name, l));
              if (g && l.params !== null && l.params !== g.params) wrong.push(`cut ${cut}: ${m.name}/${l.path} params ${l.params}, tfjs ${g.params}`);
            }
          }
        }
        assert.deepStrictEqual(wrong, []);
      });
    }
  }

  it('never fails on a library file cut anywhere', () => {
    const dir = path.join(ROOT, 'shop');
    const entry = path.join(dir, 'main.ts');
    for (const lib of ['lib/blocks.ts', 'lib/index.ts', 'lib/helpers.cjs', 'lib/model.ts']) {
      const full = fs.readFileSync(path.join(dir, lib), 'utf8');
      for (let cut = 0; cut < full.length; cut += 7) {
        const reader = { read: (p: string) => (p === path.join(dir, lib) ? full.slice(0, cut) : fsReader().read(p)) };
        const r = analyzeText(fs.readFileSync(entry, 'utf8'), entry, 'typescript', { imports: { reader, roots: [dir] } });
        assert.ok(!r.skipped, `${lib} cut at ${cut}: ${r.skipped}`);
      }
    }
  });
});

describe('TF.js imports that cannot be followed', () => {
  const TF = "import * as tf from '@tensorflow/tfjs';\n";
  const analyze = (files: Record<string, string>, entry: string, maxBytes?: number) => {
    const reader = { read: (p: string) => files[p] ?? null };
    return analyzeText(files[entry], entry, 'typescript', { imports: { reader, roots: ['/w'], ...(maxBytes ? { maxBytes } : {}) } });
  };
  const units = (r: ReturnType<typeof analyze>, model: string) => r.models.find((m) => m.name === model)!;

  it('reads a binding of a module still being evaluated (a cycle) as unknown, and a later one as known', () => {
    const files = {
      '/w/main.ts': `${TF}import { width, twice } from './a';\nexport const base = 8;\nexport function double(n) {\n  return 2 * n;\n}\nexport function build() {\n  const m = tf.sequential();\n  m.add(tf.layers.dense({ units: width, inputShape: [4] }));\n  m.add(tf.layers.dense({ units: base }));\n  m.add(tf.layers.dense({ units: twice }));\n  return m;\n}\n`,
      // a.ts runs before main's body (ESM order): `base` is not defined yet, the function `double` is (hoisted).
      '/w/a.ts': "import { base, double } from './main';\nexport const width = base * 2;\nexport const twice = double(3);\n",
    };
    const r = analyze(files, '/w/main.ts');
    const m = units(r, 'build');
    assert.strictEqual(m.layers[0].params, null);
    assert.match(m.layers[0].unknown.params ?? '', /cycle|not known/);
    assert.strictEqual(m.layers[1].params, null, 'its input comes from a layer of unknown width');
    assert.strictEqual(m.layers[2].outChannels, 6);
    assert.strictEqual(m.params, null);
    assert.deepStrictEqual(r.imports, ['/w/a.ts']);
  });

  it('settles a cyclic binding once the module defines it (functions of the importer)', () => {
    const files = {
      '/w/main.ts': `${TF}import { make } from './b';\nexport function dense(units = 3) {\n  return tf.layers.dense({ units });\n}\nexport function build() {\n  const m = tf.sequential();\n  m.add(make());\n  return m;\n}\n`,
      '/w/b.ts': `import { dense } from './main';\nexport function make() {\n  return dense(5);\n}\n`,
    };
    // input: the first layer has no inputShape; a directive gives it.
    files['/w/main.ts'] = files['/w/main.ts'].replace('export function build', '// input: 7\nexport function build');
    const r = analyze(files, '/w/main.ts');
    const m = units(r, 'build');
    assert.strictEqual(m.layers[0].params, 7 * 5 + 5);
    assert.strictEqual(m.layers[0].file, undefined, 'dense() is defined in main.ts');
  });

  it('turns a missing file into unknowns, not failures', () => {
    const files = {
      '/w/main.ts': `${TF}import { block } from './missing';\nimport def from './gone';\nexport function build() {\n  const m = tf.sequential();\n  m.add(tf.layers.dense({ units: 4, inputShape: [2] }));\n  m.add(block());\n  m.add(def);\n  return m;\n}\n`,
    };
    const r = analyze(files, '/w/main.ts');
    const m = units(r, 'build');
    assert.strictEqual(m.layers[0].params, 12);
    assert.strictEqual(m.params, null);
    assert.match(JSON.stringify(m.layers[1].unknown), /not a file of the workspace/);
    assert.strictEqual(r.imports, undefined);
  });

  it('does not read a file over the size limit', () => {
    const big = `export const units = 6;\n${'// padding\n'.repeat(200)}`;
    const files = {
      '/w/main.ts': `${TF}import { units } from './big';\nconst { other } = require('./big');\nexport function build() {\n  const m = tf.sequential();\n  m.add(tf.layers.dense({ units, inputShape: [2] }));\n  return m;\n}\n`,
      '/w/big.ts': big,
    };
    const r = analyze(files, '/w/main.ts', 1000);
    const m = units(r, 'build');
    assert.strictEqual(m.params, null);
    assert.match(JSON.stringify(m.layers[0].unknown), /larger than 1000 bytes/);
    assert.deepStrictEqual(r.imports, ['/w/big.ts']);
    const ok = analyze(files, '/w/main.ts');
    assert.strictEqual(units(ok, 'build').params, 18);
  });

  it('leaves package imports external and needs no reader for them', () => {
    const text = `${TF}import _ from 'lodash';\nimport { x } from './y';\nexport const m = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });\n`;
    const r = analyzeText(text, '/w/main.ts', 'typescript');
    assert.strictEqual(r.models[0].params, 8);
    assert.strictEqual(r.imports, undefined);
  });

  it('survives a re-export cycle and an import of itself', () => {
    const files = {
      '/w/main.ts': `${TF}import { a } from './r1';\nimport * as me from './main';\nexport function build() {\n  const m = tf.sequential();\n  m.add(tf.layers.dense({ units: 2, inputShape: [3] }));\n  m.add(a);\n  return m;\n}\n`,
      '/w/r1.ts': "export * from './r2';\n",
      '/w/r2.ts': "export * from './r1';\nexport { a } from './r1';\n",
    };
    const r = analyze(files, '/w/main.ts');
    const m = units(r, 'build');
    assert.strictEqual(m.layers[0].params, 8);
    assert.strictEqual(m.params, null);
  });
});

describe('TF.js module semantics', () => {
  const TF = "import * as tf from '@tensorflow/tfjs';\n";
  const analyze = (files: Record<string, string>, entry = '/w/main.ts') => {
    const reader = { read: (p: string) => files[p] ?? null };
    return analyzeText(files[entry], entry, /\.ts$/.test(entry) ? 'typescript' : 'javascript', { imports: { reader, roots: ['/w'] } });
  };
  const seq = (body: string) => `export function build() {\n  const m = tf.sequential();\n  m.add(tf.layers.dense({ units: 2, inputShape: [3] }));\n${body}  return m;\n}\n`;
  const model = (r: ReturnType<typeof analyze>) => r.models.find((m) => m.name === 'build')!;

  it('binds export default expressions, `{ x as default }`, `export =` and namespaces', () => {
    const r = analyze({
      '/w/main.ts': `${TF}import four from './a';\nimport five from './b';\nimport * as C from './c';\nconst six = require('./d').six;\n`
        + seq('  m.add(tf.layers.dense({ units: four }));\n  m.add(tf.layers.dense({ units: five }));\n  m.add(tf.layers.dense({ units: C.seven }));\n  m.add(tf.layers.dense({ units: six }));\n'),
      '/w/a.ts': 'export default 2 + 2;\n',
      '/w/b.ts': 'const n = 5;\nexport { n as default };\n',
      '/w/c.ts': "export * from './c2';\n",
      '/w/c2.ts': 'export const seven = 7;\n',
      '/w/d.ts': 'export = { six: 6 };\n',
    });
    assert.deepStrictEqual(model(r).layers.map((l) => l.outChannels), [2, 4, 5, 7, 6]);
    assert.deepStrictEqual([...(r.imports ?? [])].sort(), ['/w/a.ts', '/w/b.ts', '/w/c.ts', '/w/c2.ts', '/w/d.ts']);
  });

  it('keeps what a module defined before it throws or runs out of steps', () => {
    const r = analyze({
      '/w/main.ts': `${TF}import { a, b } from './t';\nimport { c, d } from './loop';\n`
        + seq('  m.add(tf.layers.dense({ units: a }));\n  m.add(tf.layers.dense({ units: c }));\n  m.add(tf.layers.dense({ units: b }));\n  m.add(tf.layers.dense({ units: d }));\n'),
      '/w/t.ts': "export const a = 4;\nthrow new Error('no');\nexport const b = 5;\n",
      '/w/loop.ts': 'export const c = 3;\nwhile (true) {}\nexport const d = 1;\n',
    });
    const m = model(r);
    assert.deepStrictEqual(m.layers.slice(0, 3).map((l) => l.outChannels), [2, 4, 3]);
    assert.strictEqual(m.layers[3].params, null);
    assert.match(JSON.stringify(m.layers[3].unknown), /t\.ts throws while loading/);
    assert.match(JSON.stringify(m.layers[4].unknown), /loop\.ts is only partly evaluated/);
  });

  it('shows a problem of a layer of another file on the model, without a fix', () => {
    const r = analyze({
      '/w/main.ts': `${TF}import { head } from './lib';\n${seq('  m.add(tf.layers.reshape({ targetShape: [1, 1, 2] }));\n  m.add(head());\n')}`,
      '/w/lib.ts': `${TF}export function head() {\n  return tf.layers.conv2d({ filters: 2, kernelSize: 3 });\n}\n`,
    });
    const m = model(r);
    assert.strictEqual(m.layers[2].file, '/w/lib.ts');
    assert.strictEqual(m.layers[2].line, 3);
    const d = m.diagnostics.find((x) => /kernel is larger/.test(x.message));
    assert.ok(d, JSON.stringify(m.diagnostics));
    assert.strictEqual(d.line, m.line);
    assert.match(d.message, /lib\.ts:3/);
    assert.strictEqual(d.fix, undefined);
  });

  it('bounds the steps of all imported modules together', () => {
    const files: Record<string, string> = { '/w/main.ts': `${TF}${[...Array(8).keys()].map((i) => `import { v${i} } from './m${i}';\n`).join('')}${seq(`  m.add(tf.layers.dense({ units: ${[...Array(8).keys()].map((i) => `v${i}`).join(' + ')} }));\n`)}` };
    for (let i = 0; i < 8; i++) files[`/w/m${i}.ts`] = `export const v${i} = 4;\nwhile (true) {}\n`;
    const started = Date.now();
    const r = analyze(files);
    assert.ok(Date.now() - started < 10_000);
    assert.match(JSON.stringify(model(r).layers[1].unknown), /step budget of imported files ran out before m[5-7]\.ts/);
  });

  it('reports an imported model in its own file, not in the importer', () => {
    const files = {
      '/w/main.ts': "import * as tf from '@tensorflow/tfjs';\nimport { net } from './net';\nexport const mine = tf.sequential({ layers: [net] });\n",
      '/w/net.ts': "import * as tf from '@tensorflow/tfjs';\nexport const net = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });\n",
    };
    const r = analyze(files);
    assert.deepStrictEqual(r.models.map((m) => m.name), ['mine']);
    assert.strictEqual(r.models[0].params, 8);
    assert.strictEqual(r.models[0].layers[0].file, '/w/net.ts');
  });

  it('does not evaluate a file that reaches no TF.js through its imports', () => {
    const r = analyze({ '/w/main.ts': "import { x } from './a';\nexport const y = x + 1;\n", '/w/a.ts': "import { z } from './b';\nexport const x = z;\n", '/w/b.ts': 'export const z = 1;\n' });
    assert.deepStrictEqual(r, { path: '/w/main.ts', language: 'typescript', models: [] });
  });

  it('evaluates a file whose TF.js comes through a re-export two files away', () => {
    const r = analyze({
      '/w/main.js': "const { tf } = require('./a');\nconst m = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2] })] });\n",
      '/w/a.js': "module.exports = require('./b');\n",
      '/w/b.ts': "import * as tf from '@tensorflow/tfjs';\nexport { tf };\n",
    }, '/w/main.js');
    assert.strictEqual(r.models[0]?.params, 9);
  });

  it('leaves relative imports unknown without a reader', () => {
    const r = analyzeText(`${TF}import { units } from './a';\n${seq('  m.add(tf.layers.dense({ units }));\n')}`, '/w/main.ts', 'typescript');
    const m = r.models[0];
    assert.strictEqual(m.params, null);
    assert.match(JSON.stringify(m.layers[1].unknown), /does not follow/);
  });
});

describe('TF.js imports TypeScript drops', () => {
  it('does not load a module a .ts file imports only for types (tsc and esbuild drop the import)', () => {
    const files: Record<string, string> = {
      '/w/main.ts': "import * as tf from '@tensorflow/tfjs';\nimport { Opts } from './opts';\nimport { units } from './units';\n"
        + 'export function build(o?: Opts) {\n  return tf.sequential({ layers: [tf.layers.dense({ units, inputShape: [2] })] });\n}\n',
      '/w/opts.ts': "import * as tf from '@tensorflow/tfjs';\nexport interface Opts { n: number }\nexport const probe = tf.layers.dense({ units: 1 });\n",
      '/w/units.ts': 'export const units = 3;\n',
    };
    const reader = { read: (p: string) => files[p] ?? null };
    const r = analyzeText(files['/w/main.ts'], '/w/main.ts', 'typescript', { imports: { reader, roots: [] } });
    assert.deepStrictEqual(r.imports, ['/w/units.ts']);
    assert.strictEqual(r.models[0].layers[0].path, 'dense_Dense1');
    assert.strictEqual(r.models[0].params, 9);
    // The same import in a .js file runs the module (and draws dense_Dense1 first).
    const js = analyzeText(files['/w/main.ts'].replace('o?: Opts', 'o = {}'), '/w/main.js', 'javascript', { imports: { reader: { read: (p) => files[p.replace(/\.js$/, '.ts')] ?? files[p] ?? null }, roots: [] } });
    assert.strictEqual(js.models[0].layers[0].path, 'dense_Dense2');
  });
});
