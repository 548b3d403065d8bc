#!/usr/bin/env node
// Golden numbers for the multi-file TF.js projects, taken from @tensorflow/tfjs itself.
//
// Each project `test/fixtures/tfjs-multi/<project>/` has entry files at its top (`*.ts`, `*.js`) and a library
// beside them. For every entry this script bundles the entry with esbuild (bundle: true, @tensorflow/* left
// external, an inline source map) so the project's own import/export/require semantics (ESM order, CommonJS
// wrappers, re-exports, index files, `./x.js` naming `x.ts`) are esbuild's; runs the bundle in a fresh node
// process with the real tfjs; and records, for each layer a `tf.layers.*` factory / `tf.sequential` /
// `tf.model` creates, the original file and line of the call (source-mapped stack frames). Models are found as
// test/oracle/tfjs_models.mjs finds them in a single file (the entry's top-level variables, argument-free
// builder functions and classes). A layer created outside the entry records `file`, relative to the project.
// It writes `<entry>.expected.json` beside the entry.
//
// Usage: node test/oracle/tfjs_multi.mjs [--check] [project/entry ...]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findModels } from './tfjs_models.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../fixtures/tfjs-multi');
const GENERATED_BY = 'test/oracle/tfjs_multi.mjs';
const TFJS = /^@tensorflow\/tfjs(-node|-node-gpu|-layers)?$/;
const require = createRequire(import.meta.url);

function entries() {
  const out = [];
  for (const project of readdirSync(ROOT).sort()) {
    const dir = path.join(ROOT, project);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) if (/\.(js|ts)$/.test(f) && statSync(path.join(dir, f)).isFile()) out.push(`${project}/${f}`);
  }
  return out;
}

// ---------------------------------------------------------------- parent: one child process per entry

function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--one') return one(args[1]);
  const check = args.includes('--check');
  const only = args.filter((a) => !a.startsWith('--'));
  let stale = 0;
  for (const entry of entries()) {
    if (only.length && !only.includes(entry)) continue;
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', entry], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) {
      console.error(`${entry}: ${r.stderr.trim()}`);
      stale++;
      continue;
    }
    const out = path.join(ROOT, entry.replace(/\.(js|ts)$/, '.expected.json'));
    const current = existsSync(out) ? readFileSync(out, 'utf8') : null;
    if (check) {
      if (current !== r.stdout) { stale++; console.error(`${path.relative(ROOT, out)} is ${current === null ? 'missing' : 'out of date'}`); }
    } else if (current !== r.stdout) {
      writeFileSync(out, r.stdout);
      console.log(`wrote ${path.relative(process.cwd(), out)}`);
    }
  }
  if (stale) { console.error(`${stale} multi-file TF.js golden file(s) failed or need \`npm run oracle:tfjsmulti\``); process.exit(1); }
  if (check) console.log('multi-file TF.js golden files are current');
}

// ---------------------------------------------------------------- child: bundle and run one entry with tfjs

async function one(entry) {
  process.setSourceMapsEnabled(true);
  const abs = path.join(ROOT, entry);
  const project = path.dirname(abs);
  const source = readFileSync(abs, 'utf8');
  const { log, warn, info } = console;
  console.log = console.warn = console.info = () => {};
  const tf = require('@tensorflow/tfjs');
  /** layer/model -> { file, line } of the call that created it. */
  const sites = new WeakMap();
  const callSite = () => {
    for (const frame of (new Error().stack ?? '').split('\n').slice(2)) {
      const m = /\((.*):(\d+):(\d+)\)$/.exec(frame) ?? /at (.*):(\d+):(\d+)$/.exec(frame);
      if (!m) continue;
      const file = path.resolve(m[1].replace(/^file:\/\//, ''));
      if (file.startsWith(project + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`)) return { file, line: Number(m[2]) };
    }
    throw new Error('no project frame in the stack');
  };
  const recorded = (f) => (...a) => { const site = callSite(); const v = f(...a); sites.set(v, site); return v; };
  const layersProxy = new Proxy(tf.layers, {
    get(target, key) {
      const f = target[key];
      return typeof f === 'function' ? recorded(f) : f;
    },
  });
  const tfProxy = new Proxy(tf, {
    get(target, key) {
      if (key === 'layers') return layersProxy;
      if (key === 'sequential' || key === 'model') return recorded(target[key]);
      return target[key];
    },
  });
  const esbuild = require('esbuild');
  // The entry's top-level names, read back after it ran (direct eval in the entry's own scope).
  const hook = '\n;globalThis.__layerLensGet = (n) => { try { return eval(n); } catch { return undefined; } };\n';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tfjs-multi-oracle-'));
  const outfile = path.join(dir, 'bundle.cjs');
  await esbuild.build({
    entryPoints: [abs], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, sourcemap: 'inline',
    external: ['@tensorflow/*'], treeShaking: false, logLevel: 'silent',
    plugins: [{
      name: 'entry-hook',
      setup(b) {
        b.onLoad({ filter: /.*/ }, (args) => (path.resolve(args.path) === abs
          ? { contents: source + hook, loader: abs.endsWith('.ts') ? 'ts' : 'js' }
          : undefined));
      },
    }],
  });
  const Module = require('node:module');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (TFJS.test(request)) return tfProxy;
    return load.call(this, request, ...rest);
  };
  try {
    require(outfile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const get = globalThis.__layerLensGet;
  const isModel = (v) => v instanceof tf.LayersModel;
  const models = await findModels(source, abs, get, isModel);
  const describeLayer = (layer) => {
    const site = sites.get(layer);
    if (!site) throw new Error(`layer ${layer.name} has no recorded call`);
    const trainable = size(layer.trainableWeights);
    const nonTrainable = size(layer.nonTrainableWeights);
    let outputShape;
    try {
      const s = layer.outputShape;
      outputShape = Array.isArray(s[0]) ? s[0].slice(1) : s.slice(1);
    } catch {
      outputShape = null;
    }
    const file = site.file === abs ? undefined : path.relative(project, site.file).split(path.sep).join('/');
    return { path: layer.name, type: layer.getClassName(), ...(file ? { file } : {}), line: site.line, params: trainable + nonTrainable, trainable, nonTrainable, outputShape };
  };
  const describeModel = ({ name, kind, line, model }) => {
    const rows = model.layers.filter((l) => l.getClassName() !== 'InputLayer').map(describeLayer);
    const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
    if (sum('params') !== model.countParams()) throw new Error(`${name}: layer params do not add up to countParams()`);
    const shapes = (ts) => (ts.length === 1 ? ts[0].shape.slice(1) : ts.map((t) => t.shape.slice(1)));
    return {
      name, kind, framework: 'tfjs', line, inputShape: shapes(model.inputs), outputShape: shapes(model.outputs),
      params: sum('params'), trainable: sum('trainable'), nonTrainable: sum('nonTrainable'), knownParams: sum('params'), layers: rows,
    };
  };
  const doc = { generatedBy: GENERATED_BY, tfjs: tf.version.tfjs, models: models.sort((a, b) => a.line - b.line).map(describeModel) };
  console.log = log; console.warn = warn; console.info = info;
  const text = JSON.stringify(doc, null, 2).replace(/\[\s*((?:-?\d+|null)(?:,\s*(?:-?\d+|null))*)\s*\]/g, (_, items) => `[${items.split(/,\s*/).join(', ')}]`);
  process.stdout.write(`${text}\n`);
}

const size = (ws) => ws.reduce((s, w) => s + w.shape.reduce((p, d) => p * d, 1), 0);

const r = main();
if (r && typeof r.then === 'function') r.catch((e) => { console.error(e.stack ?? e); process.exit(1); });
