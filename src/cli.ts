// Command line: `layer-lens [--json] [--input SHAPE] [--max-params N] [--entry NAME] [--path DIR] [--recursive] FILE...`
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker, isMainThread, parentPort, workerData } from 'worker_threads';
import { analyzeText, languageOf } from './analyze';
import { parseShape } from './core/directive';
import { summaryTable } from './core/format';
import type { FileReport, Language, Report } from './core/report';

const USAGE = `usage: layer-lens [--json] [--input SHAPE] [--max-params N] [--entry NAME] [--path DIR] [--recursive] FILE...
  --json          print the report as JSON
  --input SHAPE   input shape for models without one (e.g. 1x28x28)
  --max-params N  exit 1 when a model has more than N parameters (or an unknown count)
  --entry NAME    only the model, class or builder function called NAME
  --path DIR      also look for imported Python modules in DIR (repeatable; e.g. a site-packages
                  folder, to count torchvision.models.resnet18() from its source)
  --recursive     analyse the model files in directories`;

class UsageError extends Error {}

interface Options { json: boolean; input: number[] | null; maxParams: number | null; recursive: boolean; entry: string | null; paths: string[]; files: string[] }

function parseArgs(argv: string[]): Options {
  const o: Options = { json: false, input: null, maxParams: null, recursive: false, entry: null, paths: [], files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--json') o.json = true;
    else if (a === '-r' || a === '--recursive') o.recursive = true;
    else if (a === '-h' || a === '--help') throw new UsageError('');
    else if (a.startsWith('--input')) {
      const v = value();
      o.input = parseShape(v);
      if (!o.input) throw new UsageError(`--input: cannot read the shape '${v}' (use e.g. 1x28x28)`);
    } else if (a.startsWith('--max-params')) {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(`--max-params: '${v}' is not a whole number`);
      o.maxParams = Number(v);
    } else if (a.startsWith('--entry')) o.entry = value();
    else if (a === '--path' || a.startsWith('--path=')) {
      const v = value();
      let dir = false;
      try { dir = fs.statSync(v).isDirectory(); } catch { dir = false; }
      if (!dir) throw new UsageError(`--path: ${v} is not a directory`);
      o.paths.push(path.resolve(v).split(path.sep).join('/'));
    }
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (!o.files.length) throw new UsageError('no files given');
  return o;
}

function expand(file: string, recursive: boolean): string[] {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new UsageError(`${file}: no such file`);
  }
  if (st.isDirectory()) {
    if (!recursive) throw new UsageError(`${file} is a directory (use --recursive to analyse the files in it)`);
    const out: string[] = [];
    for (const name of fs.readdirSync(file).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = path.join(file, name);
      let s: fs.Stats | null = null;
      try {
        s = fs.statSync(p);
      } catch {
        // A dangling link or a file removed meanwhile: reading it reports why.
      }
      if (s?.isDirectory()) out.push(...expand(p, true));
      else if (languageOf(name) && (!s || s.isFile())) out.push(p);
    }
    return out;
  }
  // Reading a FIFO or a device would block or never end.
  if (!st.isFile()) throw new UsageError(`${file}: not a regular file`);
  return [file];
}

function readText(file: string): string {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(buf);
}

/** Reads imported modules from disk (cached; null for what is not a readable file). */
const sources = new Map<string, string | null>();
const reader = {
  read(p: string): string | null {
    if (!sources.has(p)) {
      let text: string | null = null;
      try {
        const st = fs.statSync(p);
        if (st.isFile() && st.size <= 2_000_000) text = fs.readFileSync(p, 'utf8');
      } catch {
        text = null;
      }
      sources.set(p, text);
    }
    return sources.get(p)!;
  },
};

/** One file to analyse (a skipped one has its report already). */
interface Job { file: string; abs: string; language: Language; text: string; skipped?: FileReport }

interface WorkerInput { jobs: Job[]; order: number[]; counter: SharedArrayBuffer; input: number[] | null; roots: string[] }

function analyzeJob(job: Job, input: number[] | null, roots: string[]): FileReport {
  if (job.skipped) return job.skipped;
  // Each file is analysed once here: no memory of earlier analyses is needed.
  return analyzeText(job.text, job.abs, job.language, { defaultInputShape: input, imports: { reader, roots }, remember: false });
}

/** Takes files off the shared counter (largest first) until none is left; `done` receives each report. */
function work(w: WorkerInput, done: (index: number, report: FileReport) => void): void {
  const counter = new Int32Array(w.counter);
  for (;;) {
    const k = Atomics.add(counter, 0, 1);
    if (k >= w.order.length) return;
    done(w.order[k], analyzeJob(w.jobs[w.order[k]], w.input, w.roots));
  }
}

/**
 * Analyses the files, on several threads when there are enough of them: each thread takes the next file
 * when it is free. Reports come back in the order of `jobs`.
 */
async function analyzeAll(jobs: Job[], input: number[] | null, paths: string[]): Promise<FileReport[]> {
  const reports: FileReport[] = new Array(jobs.length);
  const cwd = process.cwd().split(path.sep).join('/');
  // Half the cores: V8's compiler and garbage collector threads keep the other half busy (on 2 cores a second
  // analysis thread measured slower than one). LAYER_LENS_THREADS overrides.
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const threads = Math.min(Number(process.env.LAYER_LENS_THREADS) || Math.floor(cpus / 2), 8, Math.floor(jobs.length / 2));
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b].text.length - jobs[a].text.length);
  const shared: WorkerInput = { jobs, order, counter: new SharedArrayBuffer(4), input, roots: [cwd, ...paths] };
  const workers: Promise<void>[] = [];
  for (let k = 1; k < threads; k++) {
    workers.push(new Promise((resolve, reject) => {
      const w = new Worker(__filename, { workerData: shared });
      w.on('message', (m: { index: number; report: FileReport }) => { reports[m.index] = m.report; });
      w.on('error', reject);
      w.on('exit', () => resolve());
    }));
  }
  work(shared, (i, r) => { reports[i] = r; });
  await Promise.all(workers);
  return reports;
}

async function main(argv: string[]): Promise<number> {
  const opts = parseArgs(argv);
  const files = opts.files.flatMap((f) => expand(f, opts.recursive));
  const named = new Set(opts.files);
  const jobs: Job[] = [];
  for (const file of files) {
    const language = languageOf(file);
    if (!language) throw new UsageError(`${file}: not a Python, TypeScript or JavaScript file`);
    const abs = path.resolve(file).split(path.sep).join('/');
    let text: string;
    try {
      text = readText(file);
    } catch (e) {
      // A file named on the command line must be readable; one found in a directory is reported and skipped.
      if (named.has(file) || !(e instanceof UsageError)) throw e;
      jobs.push({ file, abs, language, text: '', skipped: { path: file, language, models: [], skipped: `skipped: ${e.message.slice(file.length + 2)}` } });
      continue;
    }
    jobs.push({ file, abs, language, text });
  }
  const reports = (await analyzeAll(jobs, opts.input, opts.paths)).map((report, i) => ({
    ...report, path: jobs[i].file, models: opts.entry === null ? report.models : report.models.filter((m) => m.name === opts.entry),
  }));
  if (opts.entry !== null && !reports.some((r) => r.models.length)) throw new UsageError(`no model named ${opts.entry}`);
  const report: Report = { version: 1, files: reports };
  if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    const out: string[] = [];
    for (const f of reports) {
      if (f.skipped) out.push(`${f.path}: ${f.skipped}`);
      else if (!f.models.length) out.push(`${f.path}: no models found`);
      for (const m of f.models) out.push(`${f.path}\n${summaryTable(m)}`);
      out.push('');
    }
    process.stdout.write(out.join('\n'));
  }
  if (opts.maxParams !== null) {
    let over = false;
    for (const f of reports) for (const m of f.models) {
      if (m.params === null || m.params > opts.maxParams) {
        over = true;
        process.stderr.write(`layer-lens: ${f.path}: ${m.name} has ${m.params === null ? 'an unknown number of' : m.params.toLocaleString('en-US')} params (budget ${opts.maxParams.toLocaleString('en-US')})\n`);
      }
    }
    if (over) return 1;
  }
  return 0;
}

function fail(e: unknown): void {
  if (e instanceof UsageError) {
    if (e.message) process.stderr.write(`layer-lens: ${e.message} (see layer-lens --help)\n`);
    else process.stdout.write(`${USAGE}\n`);
    process.exitCode = e.message ? 2 : 0;
  } else {
    process.stderr.write(`layer-lens: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}

if (isMainThread) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, fail);
} else {
  // A helper thread of analyzeAll.
  work(workerData as WorkerInput, (index, report) => parentPort!.postMessage({ index, report }));
}
