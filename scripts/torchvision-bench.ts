// Layer Lens on torchvision's own model code (Debian's python3-torchvision), against PyTorch's counts.
// Usage: npx tsx scripts/torchvision-bench.ts [--markdown]   (counts: test/oracle/torchvision_counts.py)
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { analyzeText } from '../src/analyze';
import type { FileReport } from '../src/core/report';

const ROOT = process.env.TORCHVISION_MODELS ?? '/usr/lib/python3/dist-packages/torchvision/models';
const counts = JSON.parse(fs.readFileSync('test/fixtures/torchvision/counts.json', 'utf8')) as {
  torchvision: string; totalSeconds: number; builders: { builder: string; file: string; params: number }[];
};

if (!fs.existsSync(ROOT)) {
  console.error(`torchvision sources not found at ${ROOT} (apt-get install python3-torchvision, or set TORCHVISION_MODELS)`);
  process.exit(2);
}

const sources = new Map<string, string | null>();
const reader = {
  read(p: string): string | null {
    if (!sources.has(p)) {
      try { sources.set(p, fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : null); } catch { sources.set(p, null); }
    }
    return sources.get(p)!;
  },
};

const reports = new Map<string, FileReport>();
const t0 = performance.now();
for (const file of new Set(counts.builders.map((b) => b.file))) {
  const abs = path.join(ROOT, file).split(path.sep).join('/');
  reports.set(file, analyzeText(fs.readFileSync(abs, 'utf8'), abs, 'python', { imports: { reader, roots: [] } }));
}
const seconds = (performance.now() - t0) / 1000;

type Row = { builder: string; file: string; torch: number; ours: number | null; status: 'exact' | 'unknown' | 'wrong' | 'missing'; why: string };
const rows: Row[] = counts.builders.map((b) => {
  const m = reports.get(b.file)!.models.find((x) => x.name === b.builder && x.kind === 'function');
  if (!m) return { builder: b.builder, file: b.file, torch: b.params, ours: null, status: 'missing', why: 'builder not reported' };
  const status = m.params === null ? 'unknown' : m.params === b.params ? 'exact' : 'wrong';
  return { builder: b.builder, file: b.file, torch: b.params, ours: m.params, status, why: status === 'unknown' ? m.unknown.params ?? '' : '' };
});

const tally = (s: Row['status']) => rows.filter((r) => r.status === s).length;
const fmt = (n: number | null) => (n === null ? '?' : n.toLocaleString('en-US'));
if (process.argv.includes('--markdown')) {
  console.log('| builder | PyTorch | Layer Lens | |\n|---|---:|---:|---|');
  for (const r of rows) console.log(`| ${r.builder} | ${fmt(r.torch)} | ${fmt(r.ours)} | ${r.status}${r.why ? `: ${r.why.replace(/\|/g, '\\|').slice(0, 90)}` : ''} |`);
} else {
  for (const r of rows) console.log(`${r.status.padEnd(8)} ${r.builder.padEnd(26)} ${fmt(r.torch).padStart(13)} ${fmt(r.ours).padStart(13)}  ${r.why.slice(0, 110)}`);
}
console.log(`\n${rows.length} builders (torchvision ${counts.torchvision}): ${tally('exact')} exact, ${tally('unknown')} unknown, ${tally('wrong')} wrong, ${tally('missing')} missing`);
console.log(`Layer Lens analysed ${reports.size} files in ${seconds.toFixed(2)} s in this process; PyTorch built the ${rows.length} models in ${counts.totalSeconds} s (${(counts.totalSeconds / seconds).toFixed(0)}× longer)`);

// The command line as a user runs it (node start-up included), on the same files.
const cli = path.resolve('dist/cli.js');
if (fs.existsSync(cli)) {
  const files = [...new Set(counts.builders.map((b) => b.file))].map((f) => path.join(ROOT, f));
  const runs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, '--json', ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
    runs.push((performance.now() - t) / 1000);
    if (r.status !== 0) { console.error(r.stderr); process.exitCode = 1; }
  }
  const cliSeconds = [...runs].sort((a, b) => a - b)[1];
  console.log(`The CLI (node ${path.relative(process.cwd(), cli)} --json, ${files.length} files, median of 3 runs): ${cliSeconds.toFixed(2)} s, ${(counts.totalSeconds / cliSeconds).toFixed(0)}× faster than PyTorch (budget: 100×)`);
  if (process.env.BENCH_FIGURES) console.log(`figures: ${JSON.stringify({ torchvisionCli: cliSeconds, torchvisionInProcess: seconds, torchSeconds: counts.totalSeconds, torchvisionExact: tally('exact'), torchvisionWrong: tally('wrong'), torchvisionBuilders: rows.length })}`);
} else console.log('(dist/cli.js not built: run npm run build to time the CLI)');
process.exitCode = tally('wrong') ? 1 : 0;
