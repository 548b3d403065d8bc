#!/usr/bin/env node
// Golden numbers for the TF.js model fixtures, taken from @tensorflow/tfjs itself.
//
// Every fixture `test/fixtures/tfjs/<name>.{js,ts}` is a model file written as users write them. This script
// runs each one with the real @tensorflow/tfjs (the oracle may execute fixtures; Layer Lens never does) and
// writes `<name>.expected.json` beside it, in the report subset the other corpora use.
//
// How a fixture runs: esbuild transforms it to CommonJS with an inline source map (so stack traces point at
// the fixture's own lines); `require('@tensorflow/tfjs…')` gets tfjs through a proxy that records, for each
// layer and model a `tf.layers.*` factory / `tf.sequential` / `tf.model` creates, the fixture line of the call.
// Each fixture runs in a fresh node process, so TF.js's global name counters start at 1 as they do for a
// program of its own. After the top level ran, the script does what Layer Lens does:
//   - a module-level variable holding a model is a model of kind "variable" (line of its declaration);
//   - then, in source order, each top-level function whose parameters all have defaults is called with no
//     arguments, and each class whose constructor needs no arguments is instantiated: a model it stores in a
//     property, else the model returned by the first method (in source order) that needs no arguments, is a
//     model of kind "function" / "class".
// A Sequential whose first layer has no inputShape gets the file's `// input: HxWxC` directive (TF.js would throw).
//
// Usage: node test/oracle/tfjs_models.mjs [--check] [name ...]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(HERE, '../fixtures/tfjs');
const GENERATED_BY = 'test/oracle/tfjs_models.mjs';
const require = createRequire(import.meta.url);

function fixtureNames() {
  return readdirSync(FIXTURES).filter((f) => /\.(js|ts)$/.test(f)).sort();
}

// ---------------------------------------------------------------- parent: one child process per fixture

function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--one') return one(args[1]);
  const check = args.includes('--check');
  const only = args.filter((a) => !a.startsWith('--'));
  let stale = 0;
  for (const file of fixtureNames()) {
    const name = file.replace(/\.(js|ts)$/, '');
    if (only.length && !only.includes(name) && !only.includes(file)) continue;
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) {
      console.error(`${file}: ${r.stderr.trim()}`);
      stale++;
      continue;
    }
    const text = r.stdout;
    const out = path.join(FIXTURES, `${name}.expected.json`);
    const current = existsSync(out) ? readFileSync(out, 'utf8') : null;
    if (check) {
      if (current !== text) { stale++; console.error(`${name}.expected.json is ${current === null ? 'missing' : 'out of date'}`); }
    } else if (current !== text) {
      writeFileSync(out, text);
      console.log(`wrote ${path.relative(process.cwd(), out)}`);
    }
  }
  if (stale) { console.error(`${stale} TF.js golden file(s) failed or need \`npm run oracle:tfjsmodels\``); process.exit(1); }
  if (check) console.log('TF.js golden files are current');
}

// ---------------------------------------------------------------- child: run one fixture with tfjs

function one(file) {
  process.setSourceMapsEnabled(true);
  const abs = path.join(FIXTURES, file);
  const source = readFileSync(abs, 'utf8');
  const { log, warn, info } = console;
  console.log = console.warn = console.info = () => {};
  const tf = require('@tensorflow/tfjs');
  const lines = new WeakMap();
  const directive = directiveOf(source);
  const callerLine = () => {
    for (const frame of (new Error().stack ?? '').split('\n').slice(2)) {
      const m = /\((.*):(\d+):(\d+)\)$/.exec(frame) ?? /at (.*):(\d+):(\d+)$/.exec(frame);
      if (m && path.resolve(m[1]) === abs) return Number(m[2]);
    }
    throw new Error('no fixture frame in the stack');
  };
  const giveDirective = (layer, model) => {
    if (directive && model.outputs.length === 0 && layer && layer.batchInputShape == null && (layer.inboundNodes ?? []).length === 0) {
      layer.batchInputShape = [null, ...directive];
    }
  };
  const wrapSequential = (model) => {
    const add = model.add.bind(model);
    model.add = (layer) => { giveDirective(layer, model); return add(layer); };
    return model;
  };
  const layersProxy = new Proxy(tf.layers, {
    get(target, key) {
      const f = target[key];
      if (typeof f !== 'function') return f;
      return (...a) => { const line = callerLine(); const l = f(...a); lines.set(l, line); return l; };
    },
  });
  const tfProxy = new Proxy(tf, {
    get(target, key) {
      if (key === 'layers') return layersProxy;
      if (key === 'sequential') {
        return (cfg) => {
          const line = callerLine();
          const first = cfg?.layers?.[0];
          if (directive && first && first.batchInputShape == null && first.inboundNodes.length === 0) first.batchInputShape = [null, ...directive];
          const m = wrapSequential(target.sequential(cfg));
          lines.set(m, line);
          return m;
        };
      }
      if (key === 'model') return (cfg) => { const line = callerLine(); const m = target.model(cfg); lines.set(m, line); return m; };
      return target[key];
    },
  });
  const esbuild = require('esbuild');
  const { code } = esbuild.transformSync(source, {
    loader: file.endsWith('.ts') ? 'ts' : 'js', format: 'cjs', sourcemap: 'inline', sourcefile: abs, target: 'node20',
  });
  const epilogue = '\n;module.exports.__layerLensGet = (n) => { try { return eval(n); } catch { return undefined; } };\n';
  const at = code.lastIndexOf('//# sourceMappingURL=');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tfjs-oracle-'));
  const tmp = path.join(dir, `${file}.cjs`);
  writeFileSync(tmp, code.slice(0, at) + epilogue + code.slice(at));
  const Module = require('node:module');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (/^@tensorflow\/tfjs(-node|-node-gpu|-layers)?$/.test(request)) return tfProxy;
    return load.call(this, request, ...rest);
  };
  let mod;
  try {
    mod = require(tmp);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const get = mod.__layerLensGet;
  const isModel = (v) => v instanceof tf.LayersModel;
  return (async () => {
    const models = await findModels(source, abs, get, isModel);
    const doc = {
      generatedBy: GENERATED_BY, tfjs: tf.version.tfjs,
      models: models.sort((a, b) => a.line - b.line).map((m) => describeModel(m, lines)),
    };
    console.log = log; console.warn = warn; console.info = info;
    const text = JSON.stringify(doc, null, 2).replace(/\[\s*((?:-?\d+|null)(?:,\s*(?:-?\d+|null))*)\s*\]/g, (_, items) => `[${items.split(/,\s*/).join(', ')}]`);
    process.stdout.write(`${text}\n`);
  })();
}

/**
 * The models a file defines, as Layer Lens lists them: module-level variables holding one, then the models its
 * builder functions and classes make, called in line order (TF.js's name counters follow that order).
 */
export async function findModels(source, abs, get, isModel) {
  const models = [];
  const seen = new Set();
  const decls = topLevel(source, abs);
  for (const d of decls) {
    if (d.kind !== 'variable') continue;
    const v = get(d.name);
    if (isModel(v) && !seen.has(v)) { seen.add(v); models.push({ name: d.name, kind: 'variable', line: d.line, model: v }); }
  }
  for (const d of decls.filter((x) => x.kind !== 'variable').sort((a, b) => a.line - b.line)) {
    const v = get(d.name);
    let model;
    try {
      model = d.kind === 'function' ? await v() : await classModel(v, isModel);
    } catch {
      model = undefined;
    }
    if (isModel(model)) models.push({ name: d.name, kind: d.kind, line: d.line, model });
  }
  return models;
}

export async function classModel(C, isModel) {
  const self = new C();
  for (const v of Object.values(self)) if (isModel(v)) return v;
  for (let p = C.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const key of Object.getOwnPropertyNames(p)) {
      const desc = Object.getOwnPropertyDescriptor(p, key);
      if (key === 'constructor' || typeof desc.value !== 'function' || desc.value.length !== 0) continue;
      const r = await desc.value.call(self);
      if (isModel(r)) return r;
    }
  }
  return undefined;
}

/** Top-level declarations of the fixture (TypeScript's own parser): variables, builder functions, classes. */
export function topLevel(source, abs) {
  const ts = require('typescript');
  const sf = ts.createSourceFile(abs, source, ts.ScriptTarget.Latest, true, abs.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const lineOf = (n) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const allDefaults = (params) => params.every((p) => p.initializer || p.questionToken || p.dotDotDotToken);
  const out = [];
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        const init = d.initializer;
        const fn = init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init));
        out.push({ name: d.name.text, kind: 'variable', line: lineOf(st) });
        if (fn && allDefaults(init.parameters)) out.push({ name: d.name.text, kind: 'function', line: lineOf(st) });
      }
    } else if (ts.isFunctionDeclaration(st) && st.name && st.body && allDefaults(st.parameters)) {
      out.push({ name: st.name.text, kind: 'function', line: lineOf(st) });
    } else if (ts.isClassDeclaration(st) && st.name) {
      const ctor = st.members.find((m) => ts.isConstructorDeclaration(m));
      // A decorated class's line is the line of `class`, not of the decorators above it (the CodeLens goes there).
      if (!ctor || allDefaults(ctor.parameters)) out.push({ name: st.name.text, kind: 'class', line: lineOf(st.name) });
    }
  }
  return out;
}

function directiveOf(source) {
  const m = /^\s*\/\/\s*input\s*:\s*(\d+(?:\s*[x×]\s*\d+)*)/m.exec(source);
  return m ? m[1].split(/[x×]/).map((s) => Number(s.trim())) : null;
}

const size = (ws) => ws.reduce((s, w) => s + w.shape.reduce((p, d) => p * d, 1), 0);

function describeLayer(layer, lines) {
  const line = lines.get(layer);
  if (line === undefined) throw new Error(`layer ${layer.name} has no recorded line`);
  const trainable = size(layer.trainableWeights);
  const nonTrainable = size(layer.nonTrainableWeights);
  let outputShape;
  try {
    const s = layer.outputShape;
    outputShape = Array.isArray(s[0]) ? s.map((x) => x.slice(1)) : s.slice(1);
    if (Array.isArray(s[0])) outputShape = outputShape[0];
  } catch {
    outputShape = null;
  }
  return { path: layer.name, type: layer.getClassName(), line, params: trainable + nonTrainable, trainable, nonTrainable, outputShape };
}

function describeModel(entry, lines) {
  const { model } = entry;
  const rows = model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => describeLayer(l, lines));
  // A model that is not trainable has no trainable weights (Container.trainableWeights is empty), even in a layer
  // set trainable after the model was frozen.
  if (!model.trainable) for (const r of rows) { r.nonTrainable += r.trainable; r.trainable = 0; }
  const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
  if (sum('params') !== model.countParams()) throw new Error(`${entry.name}: layer params do not add up to countParams()`);
  if (sum('trainable') !== size(model.trainableWeights)) throw new Error(`${entry.name}: layer trainable params do not add up to model.trainableWeights`);
  const shapes = (ts) => (ts.length === 1 ? ts[0].shape.slice(1) : ts.map((t) => t.shape.slice(1)));
  return {
    name: entry.name, kind: entry.kind, framework: 'tfjs', line: entry.line,
    inputShape: shapes(model.inputs), outputShape: shapes(model.outputs),
    params: sum('params'), trainable: sum('trainable'), nonTrainable: sum('nonTrainable'), knownParams: sum('params'),
    layers: rows,
  };
}

// Run as a script (test/oracle/tfjs_multi.mjs imports the helpers above).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = main();
  if (r && typeof r.then === 'function') r.catch((e) => { console.error(e.stack ?? e); process.exit(1); });
}
