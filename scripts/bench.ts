// `npm run bench`: parse and analysis times per fixture and for synthetic files, on this machine.
// Run with: npx tsx scripts/bench.ts   (warm-up first, then the median of repeated runs)
import * as fs from 'fs';
import * as path from 'path';
import { parsePython } from '../src/python/syntax';
import { analyzeText } from '../src/analyze';
import { clearPieces } from '../src/python/chunks';
import { clearModelMemory } from '../src/python/analyze';
import { synthetic, deep, tsSynthetic } from './synthetic';
import { clearTsParses } from '../src/typescript/syntax';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f: () => void, minRuns = 5, minMs = 200): number {
  f();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
    if (times.length > 2000) break;
  }
  return median(times);
}

/** Figures for the budget summary of `npm run bench` (scripts/bench-all.mjs). */
const figures: Record<string, number | string> = {};
let worstRatio = { ratio: 0, name: '' };

function row(name: string, text: string, ratioCounts = true, minMs = 200): string {
  const language = 'python';
  const lines = text.split('\n').length;
  // From scratch each run: no piece of the file remembered from an earlier parse.
  const parse = time(() => { clearPieces(); parsePython(text); }, 5, minMs);
  const total = time(() => { clearPieces(); clearModelMemory(); analyzeText(text, name, language); }, 5, minMs);
  figures[`parse:${name}`] = parse;
  figures[`analysis:${name}`] = total;
  // A 10-line file of a 1,000-block model has no meaningful analysis/parse ratio: only real files count.
  if (ratioCounts && total / parse > worstRatio.ratio) worstRatio = { ratio: total / parse, name };
  return `${name.padEnd(44)} ${String(lines).padStart(6)} ${parse.toFixed(2).padStart(9)} ${total.toFixed(2).padStart(11)} ${(total / parse).toFixed(1).padStart(7)}`;
}

const header = `${'file'.padEnd(44)} ${'lines'.padStart(6)} ${'parse ms'.padStart(9)} ${'analysis ms'.padStart(11)} ${'ratio'.padStart(7)}`;
console.log('Analysis includes parsing. Median of repeated runs after a warm-up.\n');
console.log(header);
for (const dir of ['test/fixtures/pytorch', 'test/fixtures/keras', 'examples']) {
  if (!fs.existsSync(dir)) continue;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.py')).sort()) {
    console.log(row(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8')));
  }
}
console.log('\nSynthetic files (copies of a 30-line model class):');
console.log(header);
for (const n of [300, 1000, 5000, 20000]) console.log(row(`synthetic ${n} lines`, synthetic(n)));
console.log('\nRe-analysis after a one-character edit (each run types a new number into one model; the pieces of');
console.log('the file that the edit leaves alone are not parsed again):');
for (const n of [300, 5000]) {
  const text = synthetic(n);
  const at = text.indexOf('num_classes=10', Math.floor(text.length / 2)) + 'num_classes='.length;
  let typed = 0;
  const edit = () => text.slice(0, at) + String(100 + typed++) + text.slice(at + 2);
  analyzeText(text, 's.py', 'python');
  const reparse = time(() => parsePython(edit()));
  const whole = time(() => analyzeText(edit(), 's.py', 'python'));
  console.log(`synthetic ${n} lines: parse ${reparse.toFixed(2)} ms, re-analysis (parse included) ${whole.toFixed(2)} ms`);
  figures[`keystroke:synthetic ${n} lines`] = whole;
}

console.log('\nTF.js files (copies of a 14-line model builder; TS/JS is parsed incrementally: after an edit the last tree');
console.log('of the file is reused for the parts the edit left alone, and builders whose text and reads are unchanged');
console.log('reuse their reports):');
for (const n of [300, 5000]) {
  const text = tsSynthetic(n);
  const cold = time(() => { clearTsParses(); analyzeText(text, 'm.ts', 'typescript'); }, 5, 200);
  const at = text.indexOf('numClasses = 10', Math.floor(text.length / 2)) + 'numClasses = '.length;
  let typed = 0;
  const edit = () => text.slice(0, at) + String(100 + typed++) + text.slice(at + 2);
  analyzeText(text, 'm.ts', 'typescript');
  const key = time(() => analyzeText(edit(), 'm.ts', 'typescript'));
  console.log(`TF.js ${n} lines: analysis ${cold.toFixed(2)} ms, re-analysis after a one-character edit ${key.toFixed(2)} ms`);
  figures[`ts-analysis:${n}`] = cold;
  figures[`ts-keystroke:${n}`] = key;
}

console.log('\nModel depth (one Sequential of n conv blocks):');
console.log(header);
// Longer runs here: the median of a handful of 60 ms analyses moves with the garbage collector.
for (const n of [10, 100, 1000, 3000]) console.log(row(`deep ${n} blocks`, deep(n), false, 1500));
figures.worstRatio = worstRatio.ratio;
figures.worstRatioFile = worstRatio.name;
if (process.env.BENCH_FIGURES) console.log(`figures: ${JSON.stringify(figures)}`);
