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
import { makeVscodeStub } from './vscode-stub.mjs';

const BUDGET_MS = 20;
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, d) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : d);
const bundle = path.resolve(root, arg('--bundle', 'dist/extension.js'));
/** The analyzers the Node build loads on first use (the browser bundle inlines them). */
const lazyBundles = ['analyzer-py.js', 'analyzer-ts.js'].map((f) => path.join(path.dirname(bundle), f));
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
  const text = fs.readFileSync(bundle, 'utf8');
  const lazy = lazyBundles.filter((f) => text.includes(`./${path.basename(f)}`))
    .map((f) => `; ${path.relative(root, f)} (loaded with the first ${f.endsWith('-py.js') ? 'Python' : 'TS/JS'} document): ${kb(f)}`).join('');
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
  const tsDuring = results.some((r) => r.analyzersAtActivation.length > 0);
  const names = OPEN.map((d) => path.basename(d.file)).join(', ');
  console.log(`parsed during activation: ${parsedDuring === 0 ? 'nothing' : `${parsedDuring} document read(s) — FAIL`} (open documents: ${names}; an analyzer loaded: ${tsDuring ? `${last.analyzersAtActivation.join(', ')} — FAIL` : 'no'})`);
  // After activation, the debounced diagnostics pass analyses the open documents; the code lenses show the results.
  const lenses = Object.entries(last.lenses).map(([f, n]) => `${f} ${n}`).join(', ');
  const analysed = Object.values(last.lenses).every((n) => n > 0);
  console.log(`after the debounce: ${last.readsAfter} document read(s), ${last.diagnosticsSets} diagnostics update(s), analyzers loaded: ${last.analyzersAfter.join(', ') || 'none'}; code lenses: ${lenses}${analysed ? '' : ' — FAIL: a document was not analysed'}`);
  if (last.unstubbed.length) console.log(`note: the bundle touched vscode APIs the stub lacks: ${last.unstubbed.join(', ')}`);
  if (process.env.BENCH_FIGURES) console.log(`figures: ${JSON.stringify({ activation: total, parsedAtActivation: parsedDuring + (tsDuring ? 1 : 0) })}`);
  if (!ok || parsedDuring > 0 || tsDuring || !analysed) process.exit(1);
}

function child() {
  const stub = makeVscodeStub(root, OPEN);
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
  const analyzersLoaded = () => lazyBundles.filter((f) => Object.keys(require.cache).includes(f)).map((f) => path.basename(f));

  const t0 = performance.now();
  const ext = require(bundle);
  const t1 = performance.now();
  const context = { subscriptions: [], extensionPath: root, extensionUri: stub.api.Uri.file(root) };
  ext.activate(context);
  const t2 = performance.now();
  const readsDuringActivate = stub.reads();
  const analyzersAtActivation = analyzersLoaded();
  // Let the debounced analysis of the open documents run, to show the stub is enough for it.
  setTimeout(() => {
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    const lenses = Object.fromEntries(stub.api.workspace.textDocuments.map((d) =>
      [path.basename(d.fileName), stub.providers.codeLens?.provideCodeLenses(d, token).length ?? 0]));
    const out = {
      require: t1 - t0, activate: t2 - t1, readsDuringActivate, analyzersAtActivation,
      readsAfter: stub.reads(), diagnosticsSets: stub.diagnosticsSets(), analyzersAfter: analyzersLoaded(), lenses, unstubbed: [...stub.unstubbed],
    };
    for (const d of context.subscriptions) d.dispose();
    console.log(JSON.stringify(out));
  }, 400);
}
