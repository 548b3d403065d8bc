// `npm run bench:memory`: the memory an open document costs while the editor holds its analysis. The extension's
// cache (src/features/cache.ts) keeps each document's FileReport; the analyzer keeps its own bounded caches (the
// parsed pieces of Python files by their text, the reports of a file's models by its path). This bundles
// src/analyze.ts as the extension bundles it and, in a fresh process per measurement, analyses an input as N
// different documents (different text and path each), holds the reports, and reports (memory after − before) / N
// after full garbage collections; releasing the reports then splits that into what goes with the cache's entry
// and what the analyzer keeps. Last, the memory that stays per edit of one open document.
//   node scripts/bench-memory.mjs [--copies N] [--rounds R] [--edits E]
import * as esbuild from 'esbuild';
import { spawnSync } from 'child_process';
import { createRequire } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.bench', 'analyze-memory.cjs');
const arg = (name, d) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : d);


const kb = (b) => (Math.abs(b) >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MB` : `${(b / 1024).toFixed(0)} KB`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function parent() {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await esbuild.build({
    stdin: { contents: "export { analyzeText } from './src/analyze';\nexport { synthetic } from './scripts/synthetic';\n", resolveDir: root, loader: 'ts' },
    bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'es2022', outfile: out, logLevel: 'warning',
  });
  const run = (...args) => {
    const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', ...args], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.error(r.stdout, r.stderr);
      process.exit(1);
    }
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  const rounds = Number(arg('--rounds', 3));
  const copies = arg('--copies', '');
  console.log('Memory held per open document: the FileReport the extension caches and what the analyzer keeps for it');
  console.log(`(its own caches). JS heap + typed arrays after gc(); median of ${rounds} fresh processes.\n`);
  for (const input of INPUTS) {
    const rs = Array.from({ length: rounds }, () => run('documents', input.name, ...(copies ? ['--copies', copies] : [])));
    const [total, entry, kept, ms] = ['total', 'entry', 'kept', 'ms'].map((k) => median(rs.map((r) => r[k])));
    if (process.env.BENCH_FIGURES) console.log(`figures: ${JSON.stringify({ [`memory:${input.name}`]: total })}`);
    console.log(`memory per document: ${input.name}: ${kb(total)} (the cache's entry ${kb(entry)}, kept by the analyzer ${kb(kept)})` +
      ` — ${input.note ? `${input.note}, ` : ''}${rs[0].shape}; ${rs[0].n} documents held, ${ms.toFixed(0)} ms per analysis`);
  }
  const edits = Number(arg('--edits', 50));
  const e = run('edits', String(edits));
  console.log(`memory per edit: ${kb(e.kept)} stays after each of ${edits} one-line edits of one open document, the synthetic file` +
    ` (${kb(e.chars)} of text); ${e.ms.toFixed(0)} ms per re-analysis`);
  console.log('\nWhat the analyzer keeps stays after the cache lets the reports go (plus GC noise): the trees of the pieces');
  console.log('it parsed, by their text (a copy of each piece, so no edit keeps a whole old text alive), and the');
  console.log('reports of the models of recently analysed files. Not counted: the text VS Code holds for an open document.');
}

/**
 * Copy `i` of a file, different on every code line (a trailing comment), so caches keyed by text (whole files or
 * pieces of them) see a different document each time, as they would with different open files.
 */
function variant(text, i) {
  return text.split('\n').map((l) => (/^\s*(#.*)?$/.test(l) || /\\$/.test(l) ? l : `${l}  # ${i}`)).join('\n');
}

const INPUTS = [
  { name: 'resnet_imagenet.py', file: 'test/fixtures/pytorch/resnet_imagenet.py', n: 10 },
  { name: 'synthetic', note: 'copies of a 30-line nn.Module class', n: 6 },
];
const textOf = (input, synthetic) => (input.file ? fs.readFileSync(path.join(root, input.file), 'utf8') : synthetic(5000));

// Lezer keeps trees in typed arrays, whose contents live outside the JS heap: count those too.
function mem() {
  for (let i = 0; i < 6; i++) globalThis.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function child() {
  const { analyzeText, synthetic } = createRequire(import.meta.url)(out);
  const layersOf = (r) => r.models.reduce((a, m) => a + m.layers.length, 0);
  const [mode, what] = process.argv.slice(3);
  if (mode === 'edits') {
    // Each keystroke gives a new full text (getText()) that differs in one line; the cache replaces the report of
    // the previous version, so whatever stays per edit is the analyzer's.
    const text = synthetic(5000);
    const at = text.indexOf('    expansion = 1', text.length >> 1);
    const edit = (e) => analyzeText(`${text.slice(0, at)}    expansion = ${e}${text.slice(at + 17)}`, '/bench/edited.py', 'python');
    for (let e = 0; e < 3; e++) edit(-1 - e);
    const before = mem();
    const t0 = performance.now();
    const edits = Number(what);
    for (let e = 0; e < edits; e++) edit(e);
    const ms = (performance.now() - t0) / edits;
    console.log(JSON.stringify({ kept: (mem() - before) / edits, chars: text.length, ms }));
    return;
  }
  const input = INPUTS.find((i) => i.name === what);
  const n = Number(arg('--copies', input.n));
  const text = textOf(input, synthetic);
  const expected = layersOf(analyzeText(text, '/bench/original.py', 'python'));
  const analyse = (i) => {
    const report = analyzeText(variant(text, i), `/bench/doc${i}.py`, 'python');
    if (report.skipped || layersOf(report) !== expected) throw new Error(`${what}: copy ${i} analysed differently (${report.skipped ?? `${layersOf(report)} layers`})`);
    return report;
  };
  // Warm up first (module-level setup, lazily built tables, the JIT's code, which is on the heap too), then hold N.
  for (let i = 0; i < 2; i++) analyse(-1 - i);
  const reports = [];
  const before = mem();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) reports.push(analyse(i));
  const ms = (performance.now() - t0) / n;
  const held = mem();
  const shape = `${text.split('\n').length} lines, ${reports[0].models.length} models, ${layersOf(reports[0])} layers, report ${kb(JSON.stringify(reports[0]).length)} as JSON`;
  reports.length = 0;
  const after = mem();
  console.log(JSON.stringify({ n, total: (held - before) / n, entry: (held - after) / n, kept: (after - before) / n, ms, shape }));
}

if (process.argv[2] === '--child') child();
else await parent();
