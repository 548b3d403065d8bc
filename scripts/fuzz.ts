// `npm run fuzz`: the robustness fuzzing of test/unit/fuzz.test.ts at scale — 100,000 mutated fixture files
// (FUZZ_RUNS to change), split over the CPUs; prints the count, the failures and the slowest input.
// FUZZ_SEED picks the inputs, FUZZ_MAX_SECONDS stops early (the count run is printed either way).
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import fc from 'fast-check';
import { analyzeText } from '../src/analyze';
import { fixtures, mutations, mutateAll, mutateTail, problems, changedBefore, type Mutation } from '../test/unit/fuzz-gen';

interface Result { runs: number; analysed: number; failures: { input: string; problems: string[] }[]; failureCount: number; slowest: { ms: number; input: string } }

const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const MAX_SECONDS = Number(process.env.FUZZ_MAX_SECONDS ?? 3600);
const BATCH = 500;
/** Each worker writes the input it is on to TRACE.N: the input that crashed a worker can be named. */
const TRACE = process.env.FUZZ_TRACE ?? path.join(os.tmpdir(), `layer-lens-fuzz-${process.env.FUZZ_PARENT ?? process.pid}`);

function shard(index: number, count: number, runs: number, deadline: number): Result {
  const all = fixtures();
  const tails = all.filter((f) => f.tail);
  const res: Result = { runs: 0, analysed: 0, failures: [], failureCount: 0, slowest: { ms: 0, input: '' } };
  const arb = fc.tuple(fc.nat(1_000_000), mutations, fc.boolean());
  for (let b = 0; res.runs < runs && Date.now() < deadline; b++) {
    const inputs = fc.sample(arb, { seed: SEED + index * 1_000_003 + b, numRuns: Math.min(BATCH, runs - res.runs) });
    for (const [pick, ms, tail] of inputs) {
      // A fifth of the inputs damage only the last class of a file with models before it.
      const fx = tail && pick % 5 === 0 ? tails[pick % tails.length] : all[pick % all.length];
      const text = fx.tail && tail && pick % 5 === 0 ? mutateTail(fx, ms) : mutateAll(fx.text, ms);
      res.runs++;
      // A damaged last class that would put code at column 0: not an input for the unchanged-models check.
      if (text === null) continue;
      res.analysed++;
      const label = `${fx.file} ${JSON.stringify(ms as Mutation[]).slice(0, 300)}${tail && pick % 5 === 0 ? ' (last class only)' : ''}`;
      fs.writeFileSync(`${TRACE}.${index}`, `input ${res.runs} of worker ${index}: ${label}`);
      if (process.env.FUZZ_PROGRESS && res.runs % 5000 === 0) console.error(`[${index}] ${res.runs} inputs, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
      let found: string[];
      const t0 = performance.now();
      try {
        const r = analyzeText(text, fx.file, fx.language);
        const dt = performance.now() - t0;
        if (dt > res.slowest.ms) res.slowest = { ms: dt, input: label };
        found = problems(r, fx.file, fx.language, text);
        if (tail && pick % 5 === 0 && fx.tail) found.push(...changedBefore(fx, r));
        if (dt > 2000) found.push(`took ${dt.toFixed(0)} ms`);
      } catch (e) {
        found = [`threw ${e instanceof Error ? e.stack : String(e)}`];
      }
      if (found.length) {
        res.failureCount++;
        if (res.failures.length < 20) res.failures.push({ input: label, problems: found.slice(0, 5) });
      }
    }
  }
  return res;
}

function main(): void {
  const shardIndex = process.env.FUZZ_SHARD;
  const deadline = Date.now() + MAX_SECONDS * 1000;
  if (shardIndex !== undefined) {
    const [i, n] = shardIndex.split('/').map(Number);
    const runs = Math.floor(RUNS / n) + (i < RUNS % n ? 1 : 0);
    process.send!(shard(i, n, runs, deadline));
    return;
  }
  const n = Math.max(1, Math.min(Number(process.env.FUZZ_WORKERS ?? os.cpus().length), 8));
  const started = Date.now();
  console.log(`fuzzing ${RUNS.toLocaleString('en-US')} inputs from ${fixtures().length} fixtures on ${n} worker(s), seed ${SEED}`);
  const results: Result[] = [];
  for (let i = 0; i < n; i++) {
    // A capped heap: an input that makes the analysis allocate without bound fails fast.
    const child = fork(__filename, [], { env: { ...process.env, FUZZ_SHARD: `${i}/${n}`, FUZZ_PARENT: String(process.pid) }, execArgv: [...process.execArgv, '--max-old-space-size=2048'] });
    let done = false;
    // A worker stuck on one input for a minute is hung: stop it and name the input.
    const watchdog = setInterval(() => {
      try {
        if (Date.now() - fs.statSync(`${TRACE}.${i}`).mtimeMs > 60_000) child.kill();
      } catch { /* not started yet */ }
    }, 5_000);
    child.on('exit', () => clearInterval(watchdog));
    child.on('message', (m: Result) => {
      done = true;
      results.push(m);
      if (results.length === n) report(results, started);
    });
    child.on('exit', (code, signal) => {
      if (done) return;
      let input = '?';
      try { input = fs.readFileSync(`${TRACE}.${i}`, 'utf8'); } catch { /* no input yet */ }
      console.log(`CRASH worker ${i} (${signal === 'SIGTERM' ? 'hung for a minute' : signal ?? `exit ${code}`}) on ${input}`);
      results.push({ runs: 0, analysed: 0, failures: [], failureCount: 1, slowest: { ms: 0, input: '' } });
      if (results.length === n) report(results, started);
    });
  }
}

function report(results: Result[], started: number): void {
  const runs = results.reduce((s, r) => s + r.runs, 0);
  const analysed = results.reduce((s, r) => s + r.analysed, 0);
  for (let i = 0; i < results.length; i++) fs.rmSync(`${TRACE}.${i}`, { force: true });
  const failures = results.reduce((s, r) => s + r.failureCount, 0);
  const slowest = results.map((r) => r.slowest).sort((a, b) => b.ms - a.ms)[0];
  for (const f of results.flatMap((r) => r.failures).slice(0, 20)) console.log(`FAIL ${f.input}\n  ${f.problems.join('\n  ')}`);
  console.log(`inputs run: ${runs.toLocaleString('en-US')}${runs < RUNS ? ` (stopped after ${MAX_SECONDS} s or a crash)` : ''}, analysed: ${analysed.toLocaleString('en-US')}`);
  console.log(`failures: ${failures}`);
  console.log(`slowest input: ${slowest.ms.toFixed(0)} ms (${slowest.input})`);
  console.log(`wall time: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (failures) process.exitCode = 1;
}

main();
