// Command line: `layer-lens [--json] [--input SHAPE] [--max-params N] [--recursive] FILE...`
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, languageOf } from './analyze';
import { parseShape } from './core/directive';
import { summaryTable } from './core/format';
import type { FileReport, Report } from './core/report';

const USAGE = `usage: layer-lens [--json] [--input SHAPE] [--max-params N] [--entry NAME] [--recursive] FILE...
  --json          print the report as JSON
  --input SHAPE   input shape for models without one (e.g. 1x28x28)
  --max-params N  exit 1 when a model has more than N parameters (or an unknown count)
  --entry NAME    only the model, class or builder function called NAME
  --recursive     analyse the model files in directories`;

class UsageError extends Error {}

interface Options { json: boolean; input: number[] | null; maxParams: number | null; recursive: boolean; entry: string | null; files: string[] }

function parseArgs(argv: string[]): Options {
  const o: Options = { json: false, input: null, maxParams: null, recursive: false, entry: null, files: [] };
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

function main(argv: string[]): number {
  const opts = parseArgs(argv);
  const files = opts.files.flatMap((f) => expand(f, opts.recursive));
  const named = new Set(opts.files);
  const reports: FileReport[] = [];
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
      reports.push({ path: file, language, models: [], skipped: `skipped: ${e.message.slice(file.length + 2)}` });
      continue;
    }
    const report = analyzeText(text, abs, language, { defaultInputShape: opts.input, imports: { reader, roots: [process.cwd().split(path.sep).join('/')] } });
    reports.push({ ...report, path: file, models: opts.entry === null ? report.models : report.models.filter((m) => m.name === opts.entry) });
  }
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

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    if (e.message) process.stderr.write(`layer-lens: ${e.message} (see layer-lens --help)\n`);
    else process.stdout.write(`${USAGE}\n`);
    process.exitCode = e.message ? 2 : 0;
  } else {
    process.stderr.write(`layer-lens: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
