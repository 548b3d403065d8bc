// `npm run bench`: every performance figure of issue #10, then each budget against what was measured.
// Runs, on a production build: scripts/bench.ts (parse and analysis times, keystrokes, growth with size and depth),
// scripts/torchvision-bench.ts (torchvision's models against PyTorch), scripts/bench-activation.mjs and
// scripts/bench-memory.mjs. Each prints its own tables; the lines `figures: {...}` they print feed the summary.
import { spawnSync } from 'child_process';
import * as fs from 'fs';

const figures = {};
function run(title, args) {
  console.log(`\n=== ${title}\n`);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, BENCH_FIGURES: '1' }, maxBuffer: 1 << 26 });
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.startsWith('figures: ')) Object.assign(figures, JSON.parse(line.slice('figures: '.length)));
    else console.log(line);
  }
  if (r.stderr) process.stderr.write(r.stderr);
}

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
run('Parse and analysis', ['scripts/bench-run.mjs', 'scripts/bench.ts']);
run('torchvision', ['scripts/bench-run.mjs', 'scripts/torchvision-bench.ts']);
run('Activation', ['scripts/bench-activation.mjs']);
run('Memory', ['scripts/bench-memory.mjs']);

const f = (k) => figures[k];
const bundle = fs.statSync('dist/extension.js').size / 1024;
// What the Node extension loads with the first Python and TS/JS document (src/analyze.ts): shown beside it.
const lazy = ['py', 'ts'].map((l) => `${l} ${(fs.statSync(`dist/analyzer-${l}.js`).size / 1024).toFixed(0)}`).join(', ');
const ms = (x) => (x === undefined ? '?' : `${x.toFixed(1)} ms`);
const growth = (a, b) => (f(a) && f(b) ? f(b) / f(a) : undefined);
const sizeGrowth = growth('analysis:synthetic 5000 lines', 'analysis:synthetic 20000 lines');
const depthGrowth = growth('analysis:deep 1000 blocks', 'analysis:deep 3000 blocks');
const rows = [
  ['analysis of a 300-line model (parse included)', ms(f('analysis:synthetic 300 lines')), '< 3 ms', f('analysis:synthetic 300 lines') < 3],
  ['analysis of a 5,000-line file', ms(f('analysis:synthetic 5000 lines')), '< 40 ms', f('analysis:synthetic 5000 lines') < 40],
  ['re-analysis after a keystroke, 5,000 lines', ms(f('keystroke:synthetic 5000 lines')), '< 10 ms', f('keystroke:synthetic 5000 lines') < 10],
  ['… the same in a 5,000-line TF.js file', ms(f('ts-keystroke:5000')), '< 10 ms', f('ts-keystroke:5000') < 10],
  ['analysis / bare parse, worst file', `${f('worstRatio')?.toFixed(1)}× (${f('worstRatioFile')})`, '≤ 2×', f('worstRatio') <= 2],
  ['activation', ms(f('activation')), '< 20 ms, nothing parsed', f('activation') < 20 && f('parsedAtActivation') === 0],
  ['minified dist/extension.js', `${bundle.toFixed(0)} KiB (+ on first use: ${lazy} KiB)`, '< 400 KB', bundle * 1024 < 400_000],
  ['torchvision CLI vs PyTorch building the models', f('torchvisionCli') ? `${f('torchvisionCli').toFixed(2)} s vs ${f('torchSeconds')} s = ${(f('torchSeconds') / f('torchvisionCli')).toFixed(0)}×` : '?', '≥ 100×', f('torchSeconds') / f('torchvisionCli') >= 100],
  ['growth with file size (5,000 → 20,000 lines)', sizeGrowth ? `${sizeGrowth.toFixed(1)}× for 4× the lines` : '?', 'linear (≈ 4×)', sizeGrowth <= 5],
  ['growth with depth (1,000 → 3,000 blocks)', depthGrowth ? `${depthGrowth.toFixed(1)}× for 3× the blocks` : '?', 'linear (≈ 3×)', depthGrowth <= 3.75],
];
console.log('\n=== Budgets (issue #10) on this machine\n');
for (const [what, got, budget, ok] of rows) console.log(`${ok ? 'met ' : 'OVER'}  ${what.padEnd(48)} ${String(got).padEnd(40)} ${budget}`);
