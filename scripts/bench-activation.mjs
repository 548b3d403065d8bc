// `npm run bench:activation`: the time to load dist/extension.js and run activate(), in plain node with a stub
// `vscode` module, and whether anything was parsed during activation. Each measurement is a fresh child process
// (cold module load); the median is reported. Exits 1 when the median is over budget, when a document was analysed
// during activation, or when an open document was not analysed after it. Run on a production build
// (`node scripts/build.mjs --production`; the npm script builds first).
//   node scripts/bench-activation.mjs [--runs N] [--bundle dist/web/extension.js]
import { spawnSync } from 'child_process';
import { createRequire } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const BUDGET_MS = 20;
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, d) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : d);
const bundle = path.resolve(root, arg('--bundle', 'dist/extension.js'));
const lazyBundle = path.join(path.dirname(bundle), 'analyzer-ts.js');
/** The documents open when the extension activates: analysed later (debounced), never during activate(). */
const OPEN = [
  { file: path.join(root, 'test', 'fixtures', 'pytorch', 'resnet_imagenet.py'), languageId: 'python' },
  { file: path.join(root, 'test', 'fixtures', 'tfjs', 'functional_mnist.ts'), languageId: 'typescript' },
];

if (process.argv[2] === '--child') child();
else parent();

function parent() {
  if (!fs.existsSync(bundle)) {
    console.error(`${path.relative(root, bundle)} is missing: run \`node scripts/build.mjs --production\` first`);
    process.exit(1);
  }
  const runs = Number(arg('--runs', 11));
  const minified = !fs.readFileSync(bundle, 'utf8').includes('\n  ');
  const kb = (f) => (fs.existsSync(f) ? `${(fs.statSync(f).size / 1024).toFixed(1)} KiB` : 'missing');
  const lazy = fs.readFileSync(bundle, 'utf8').includes('./analyzer-ts.js') ? `; dist/analyzer-ts.js (loaded on first TS/JS document): ${kb(lazyBundle)}` : '';
  console.log(`${path.relative(root, bundle)}: ${kb(bundle)}${minified ? ' (minified)' : ' (NOT minified: measure a production build)'}${lazy}`);
  const results = [];
  for (let r = 0; r < runs; r++) {
    const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--bundle', bundle], { encoding: 'utf8' });
    if (p.status !== 0) {
      console.error(p.stdout, p.stderr);
      process.exit(1);
    }
    results.push(JSON.parse(p.stdout.trim().split('\n').pop()));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const req = median(results.map((r) => r.require));
  const act = median(results.map((r) => r.activate));
  const total = median(results.map((r) => r.require + r.activate));
  const ok = total <= BUDGET_MS;
  console.log(`activation: require ${req.toFixed(1)} ms + activate ${act.toFixed(1)} ms = ${total.toFixed(1)} ms (budget ${BUDGET_MS} ms, median of ${runs} fresh processes)${ok ? '' : ' — OVER BUDGET'}`);
  const last = results[results.length - 1];
  const parsedDuring = Math.max(...results.map((r) => r.readsDuringActivate));
  const tsDuring = results.some((r) => r.tsLoadedAtActivation);
  const names = OPEN.map((d) => path.basename(d.file)).join(', ');
  console.log(`parsed during activation: ${parsedDuring === 0 ? 'nothing' : `${parsedDuring} document read(s) — FAIL`} (open documents: ${names}; dist/analyzer-ts.js loaded: ${tsDuring ? 'yes — FAIL' : 'no'})`);
  // After activation, the debounced diagnostics pass analyses the open documents; the code lenses show the results.
  const lenses = Object.entries(last.lenses).map(([f, n]) => `${f} ${n}`).join(', ');
  const analysed = Object.values(last.lenses).every((n) => n > 0);
  console.log(`after the debounce: ${last.readsAfter} document read(s), ${last.diagnosticsSets} diagnostics update(s), dist/analyzer-ts.js loaded: ${last.tsLoadedAfter ? 'yes' : 'no'}; code lenses: ${lenses}${analysed ? '' : ' — FAIL: a document was not analysed'}`);
  if (last.unstubbed.length) console.log(`note: the bundle touched vscode APIs the stub lacks: ${last.unstubbed.join(', ')}`);
  if (process.env.BENCH_FIGURES) console.log(`figures: ${JSON.stringify({ activation: total, parsedAtActivation: parsedDuring + (tsDuring ? 1 : 0) })}`);
  if (!ok || parsedDuring > 0 || tsDuring || !analysed) process.exit(1);
}

function child() {
  const stub = makeVscodeStub();
  const Module = createRequire(import.meta.url)('module');
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? stub.api : load.call(this, request, ...rest);
  };
  const require = createRequire(import.meta.url);
  const tsLoaded = () => Object.keys(require.cache).includes(lazyBundle);

  const t0 = performance.now();
  const ext = require(bundle);
  const t1 = performance.now();
  const context = { subscriptions: [], extensionPath: root, extensionUri: stub.api.Uri.file(root) };
  ext.activate(context);
  const t2 = performance.now();
  const readsDuringActivate = stub.reads();
  const tsLoadedAtActivation = tsLoaded();
  // Let the debounced analysis of the open documents run, to show the stub is enough for it.
  setTimeout(() => {
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    const lenses = Object.fromEntries(stub.api.workspace.textDocuments.map((d) =>
      [path.basename(d.fileName), stub.providers.codeLens?.provideCodeLenses(d, token).length ?? 0]));
    const out = {
      require: t1 - t0, activate: t2 - t1, readsDuringActivate, tsLoadedAtActivation,
      readsAfter: stub.reads(), diagnosticsSets: stub.diagnosticsSets(), tsLoadedAfter: tsLoaded(), lenses, unstubbed: [...stub.unstubbed],
    };
    for (const d of context.subscriptions) d.dispose();
    console.log(JSON.stringify(out));
  }, 400);
}

/** Just enough of the vscode API for activate() and the debounced analysis after it. */
function makeVscodeStub() {
  let reads = 0;
  let sets = 0;
  const unstubbed = new Set();
  const providers = {};
  class Disposable {
    constructor(f) { this.f = f; }
    static from(...ds) { return new Disposable(() => ds.forEach((d) => d.dispose())); }
    dispose() { this.f?.(); this.f = undefined; }
  }
  const disposable = () => new Disposable();
  class EventEmitter {
    listeners = new Set();
    event = (l) => { this.listeners.add(l); return new Disposable(() => this.listeners.delete(l)); };
    fire(e) { for (const l of this.listeners) l(e); }
    dispose() { this.listeners.clear(); }
  }
  const event = () => disposable;
  class Uri {
    constructor(scheme, path, query = '', fragment = '') { Object.assign(this, { scheme, authority: '', path, query, fragment }); }
    static file(p) { return new Uri('file', p); }
    static from(c) { return new Uri(c.scheme, c.path ?? '', c.query, c.fragment); }
    with(c) { return new Uri(c.scheme ?? this.scheme, c.path ?? this.path, c.query ?? this.query, c.fragment ?? this.fragment); }
    toString() { return `${this.scheme}://${this.path}${this.query ? `?${this.query}` : ''}`; }
  }
  class Position { constructor(line, character) { Object.assign(this, { line, character }); } }
  class Range {
    constructor(a, b, c, d) { Object.assign(this, { start: new Position(a, b), end: new Position(c, d) }); }
  }
  const doc = ({ file, languageId }) => {
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    return {
      uri: Uri.file(file), fileName: file, languageId, version: 1, lineCount: lines.length,
      getText: () => { reads++; return text; },
      lineAt: (i) => ({ text: lines[i], firstNonWhitespaceCharacterIndex: lines[i].search(/\S|$/), range: new Range(i, 0, i, lines[i].length) }),
    };
  };
  const textDocuments = OPEN.map(doc);
  /** A namespace whose unknown members are noted, and behave as event/registration functions. */
  const ns = (name, members) => new Proxy(members, {
    get(target, key) {
      if (key in target || typeof key === 'symbol') return target[key];
      unstubbed.add(`${name}.${String(key)}`);
      return () => disposable();
    },
  });
  const api = {
    Disposable, EventEmitter, Uri, Position, Range,
    CodeLens: class { constructor(range, command) { Object.assign(this, { range, command }); } },
    Diagnostic: class { constructor(range, message, severity) { Object.assign(this, { range, message, severity }); } },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    CodeActionKind: { QuickFix: { value: 'quickfix' } },
    NotebookCellKind: { Markup: 1, Code: 2 },
    FileType: { File: 1, Directory: 2 },
    ViewColumn: { Beside: -2 },
    l10n: { t: (s, ...args) => s.replace(/\{(\d+)\}/g, (_m, i) => String(args[i])) },
    workspace: ns('workspace', {
      textDocuments, notebookDocuments: [], workspaceFolders: [{ uri: Uri.file(root), name: 'root', index: 0 }],
      onDidOpenTextDocument: event(), onDidCloseTextDocument: event(), onDidChangeTextDocument: event(),
      onDidSaveTextDocument: event(), onDidChangeConfiguration: event(),
      getConfiguration: () => ({ get: (_k, d) => d }),
      asRelativePath: (u) => path.relative(root, typeof u === 'string' ? u : u.path),
      createFileSystemWatcher: () => ({ onDidChange: event(), onDidCreate: event(), onDidDelete: event(), dispose() {} }),
      registerTextDocumentContentProvider: disposable,
      fs: { stat: () => Promise.reject(new Error('stub: no file system')), readFile: () => Promise.reject(new Error('stub')) },
    }),
    languages: ns('languages', {
      registerCodeLensProvider: (_sel, p) => { providers.codeLens = p; return disposable(); }, registerHoverProvider: disposable, registerInlayHintsProvider: disposable,
      registerCodeActionsProvider: disposable, registerDocumentLinkProvider: disposable,
      createDiagnosticCollection: () => ({ set: () => { sets++; }, delete() {}, clear() {}, dispose() {} }),
    }),
    commands: ns('commands', { registerCommand: disposable }),
    window: ns('window', { activeTextEditor: undefined }),
  };
  return { api, providers, reads: () => reads, diagnosticsSets: () => sets, unstubbed };
}
