// TF.js builder reports remembered between analyses of a file (src/typescript/memory.ts): after any edit, the
// analysis that reuses them must equal an analysis from scratch.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analyze';
import { clearBuilderMemory, builderMemoryStats } from '../../src/typescript/memory';
import type { FileReport } from '../../src/core/report';
import { seeded, editVersions } from './edits';

const HEAD = "import * as tf from '@tensorflow/tfjs';\n";

/** Analyses `texts` one after another as edits of one file; each result must equal a fresh analysis. */
function editSequence(texts: string[], file = 'mem.ts', reader?: (p: string) => string | null): { reports: FileReport[]; reused: number } {
  clearBuilderMemory();
  const imports = reader ? { reader: { read: reader }, roots: ['/w'] } : undefined;
  const before = builderMemoryStats.reused;
  const reports = texts.map((text, k) => {
    const remembered = analyzeText(text, file, 'typescript', { imports });
    const fresh = analyzeText(text, file, 'typescript', { imports, remember: false });
    assert.deepStrictEqual(remembered, fresh, `after edit ${k}`);
    return remembered;
  });
  return { reports, reused: builderMemoryStats.reused - before };
}

function model(r: FileReport, name: string) {
  const m = r.models.find((x) => x.name === name);
  assert.ok(m, `model ${name} in ${r.models.map((x) => x.name).join(', ')}`);
  return m;
}

const builders = (units: number, extra = '') => `${HEAD}const WIDTH = 8;
function head(n: number) {
  return tf.layers.dense({ units: n });
}
${extra}
export function buildA(classes = ${units}) {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: WIDTH }));
  m.add(head(classes));
  return m;
}

export const buildB = () => {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 3 }));
  return m;
};

export class Agent {
  net = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: WIDTH })] });
}
`;

describe('TF.js builder reports remembered between analyses', () => {
  it('reuse the builders an edit leaves alone, and follow layer names through the counters', () => {
    // Numbers from @tensorflow/tfjs 4.22 running the same builders in this order (countParams, layers[0].name):
    // 130 / 139 / 148 / 174 with the added layer; buildB's dense is dense_Dense3, dense_Dense4 after the addition.
    const { reports, reused } = editSequence([
      builders(10),
      builders(11),
      builders(12),
      builders(12).replace('m.add(head(classes));', 'm.add(head(classes));\n  m.add(tf.layers.dense({ units: 2 }));'),
      builders(12),
    ]);
    assert.deepStrictEqual(reports.map((r) => model(r, 'buildA').params), [130, 139, 148, 174, 148]);
    assert.deepStrictEqual(reports.map((r) => model(r, 'buildB').layers[0].path), ['dense_Dense3', 'dense_Dense3', 'dense_Dense3', 'dense_Dense4', 'dense_Dense3']);
    // buildB and Agent come back from memory after edits of buildA that do not change the counters.
    assert.ok(reused >= 4, `${reused} reports reused`);
  });

  it('follow a change of a constant and of a helper function the builder calls', () => {
    // tfjs 4.22: buildA 130 (WIDTH 8), 250 (WIDTH 16), 120 (head without bias); Agent 24, 48.
    const base = builders(10);
    const { reports } = editSequence([
      base,
      base.replace('const WIDTH = 8;', 'const WIDTH = 16;'),
      base.replace('units: n })', 'units: n, useBias: false })'),
      base,
    ]);
    assert.deepStrictEqual(reports.map((r) => model(r, 'buildA').params), [130, 250, 120, 130]);
    assert.deepStrictEqual(reports.map((r) => model(r, 'Agent').params), [24, 48, 24, 24]);
  });

  it('see a name declared after a builder first read it as not defined', () => {
    // tfjs 4.22: a Dense of 5 units on 2 inputs holds 15 weights (undefined: unknown here, a ReferenceError in JS).
    const src = (decl: string) => `${HEAD}${decl}
export function build() {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: SIZE }));
  return m;
}
`;
    const { reports } = editSequence([src(''), src('const SIZE = 5;'), src('')]);
    assert.deepStrictEqual(reports.map((r) => model(r, 'build').params), [null, 15, null]);
  });

  it('do not reuse a builder that changes shared state, nor one that reads it', () => {
    const src = (n: number) => `${HEAD}const sizes: number[] = [];
let count = 1;
class Registry { static total = 0; }
export function first() {
  sizes.push(${n});
  count = ${n};
  Registry.total = ${n};
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: 1 }));
  return m;
}
export function second() {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: sizes[0] + count + Registry.total }));
  return m;
}
`;
    // tfjs 4.22 running first() then second(): 9, 18, 27 for n = 1, 2, 3.
    const { reports } = editSequence([src(1), src(2), src(2), src(3)]);
    assert.deepStrictEqual(reports.map((r) => model(r, 'second').params), [9, 18, 18, 27]);
  });

  it('reuse a builder that reads a config object, and evaluate again one that changes it in place', () => {
    const src = (n: number) => `${HEAD}const CONFIG = { units: 3, sizes: [2] };
export function reader() {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: CONFIG.units + CONFIG.sizes[0] }));
  return m;
}
export function writer(n = ${n}) {
  CONFIG.sizes.push(n);
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: CONFIG.sizes.length }));
  return m;
}
export function after() {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: CONFIG.sizes.length }));
  return m;
}
`;
    // tfjs 4.22 running reader, writer, after: 15, 6 and 6 weights (units 5, 2, 2), whatever n is.
    const { reports, reused } = editSequence([src(4), src(5), src(6)]);
    assert.deepStrictEqual(reports.map((r) => [model(r, 'reader').params, model(r, 'writer').params, model(r, 'after').params]), [[15, 6, 6], [15, 6, 6], [15, 6, 6]]);
    // reader comes from memory twice; writer is evaluated each time, and after then reads what it left.
    assert.ok(reused >= 2, `${reused} reports reused`);
  });

  it('follow the input directive of a builder', () => {
    const src = (shape: string) => `${HEAD}
// input: ${shape}
export function build() {
  const m = tf.sequential();
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 2 }));
  return m;
}
`;
    // tfjs 4.22: flatten of 4x4 then Dense(2): 34; of 3x3: 20.
    const { reports } = editSequence([src('4x4'), src('4x4'), src('3x3'), src('4x4')]);
    assert.deepStrictEqual(reports.map((r) => model(r, 'build').params), [34, 34, 20, 34]);
  });

  it('follow a change of an imported file', () => {
    const main = `${HEAD}import { units } from './lib';\nexport function build() {\n  const m = tf.sequential();\n  m.add(tf.layers.dense({ inputShape: [2], units: units() }));\n  return m;\n}\n`;
    let n = 3;
    const reader = (p: string) => (p === '/w/lib.ts' ? `export function units() { return ${n}; }\n` : null);
    // tfjs 4.22: Dense(3) and Dense(5) on 2 inputs hold 9 and 15 weights.
    clearBuilderMemory();
    const opts = { imports: { reader: { read: reader }, roots: ['/w'] } };
    const a = analyzeText(main, '/w/main.ts', 'typescript', opts);
    n = 5;
    const b = analyzeText(main, '/w/main.ts', 'typescript', opts);
    assert.deepStrictEqual([model(a, 'build').params, model(b, 'build').params], [9, 15]);
  });

  it('equal fresh analyses after random edits of every TF.js test file', function () {
    this.timeout(60_000);
    const rand = seeded(4242);
    const files = fs.readdirSync('test/fixtures/tfjs').filter((f) => /\.(ts|js)$/.test(f)).map((f) => path.join('test/fixtures/tfjs', f));
    let changed = 0;
    let reused = 0;
    for (const f of files) {
      const texts = editVersions(fs.readFileSync(f, 'utf8'), rand);
      const r = editSequence(texts, f);
      reused += r.reused;
      if (JSON.stringify(r.reports[0].models) !== JSON.stringify(r.reports[r.reports.length - 1].models)) changed++;
    }
    assert.ok(changed > files.length / 2, `the edits changed the reports of ${changed} of ${files.length} files`);
    assert.ok(reused > 20, `${reused} reports were reused`);
  });
});
