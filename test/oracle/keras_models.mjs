#!/usr/bin/env node
// Golden numbers for the Keras fixtures, taken from a real framework.
//
// Keras cannot be installed here, so every fixture `test/fixtures/keras/<name>.py` has a hand-written
// twin `<name>.tfjs.mjs` that builds the same models with @tensorflow/tfjs, whose Layers API follows
// Keras. This script builds them and writes `<name>.expected.json` beside them. Where Keras and TF.js
// count differently (GRU `reset_after=True`, see docs/formulas.md) the golden carries Keras's number
// and a note says which correction was applied.
//
// Usage: node test/oracle/keras_models.mjs [--check] [name ...]
//   --check  rebuild in memory and fail when a golden is missing or out of date (writes nothing)
//
// A transcription exports `default function build({ tf, k, at, auto, probe })` returning
// `[{ name, kind, line, model, order?, inputUnknown? }]`:
//   k(line, 'Conv2D', config, opts?)  creates tf.layers.conv2d(config) named as Keras would name it
//                                     (config.name if given, else the next automatic name of the
//                                     file's session) and records the .py line of the constructor;
//                                     opts.ctor is the callee written in the .py when it is not the
//                                     class name (`MaxPool2D`, `add`, `concatenate`);
//                                     opts.resetAfter marks a GRU (or Bidirectional GRU) that uses
//                                     Keras's default `reset_after=True`.
//                                     opts.standIn = { class, config } builds that tfjs layer instead, for a
//                                     Keras layer tfjs lacks (an augmentation layer: a linear Activation).
//   at(line, layer, opts)             records the line of a layer built otherwise (a nested model).
//   auto('Conv2D')                    consumes and returns the next automatic Keras name.
//   probe                             0 or 1: build() runs twice, each time in a fresh naming session;
//                                     a model without any input shape in the .py (`inputUnknown`)
//                                     uses a different made-up input shape in each run, and every
//                                     number that differs between the runs is written as null.
//   skip(layer)                       leave out tfjs layers that stand for TensorFlow ops of the .py.
//   order: 'creation'                 list layers in construction order (subclassed models, whose
//                                     `model.layers` follows attribute assignment in `__init__`),
//                                     instead of the tfjs model's own `layers` order.
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(HERE, '../fixtures/keras');
const GENERATED_BY = 'test/oracle/keras_models.mjs';

/** Keras's `to_snake_case`, used by its automatic layer names (keras/src/utils/naming.py). */
export function toSnakeCase(className) {
  return className
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** tf.layers factory for a Keras class name (`MaxPooling2D` -> `maxPooling2d`). */
function factoryFor(kerasClass) {
  const wanted = kerasClass.toLowerCase();
  // The factory, not a class of the same name (tf.layers exports both `RNN` and `rnn`).
  const hit = Object.keys(tf.layers).find((key) => key.toLowerCase() === wanted && key[0] === key[0].toLowerCase());
  if (!hit) throw new Error(`tf.layers has no factory for Keras class ${kerasClass}`);
  return tf.layers[hit];
}

const TFJS_TO_KERAS_CLASS = { Model: 'Functional' };
const RECURRENT = new Set(['LSTM', 'GRU', 'SimpleRNN']);

function size(weights) {
  return weights.reduce((sum, w) => sum + w.shape.reduce((p, d) => p * d, 1), 0);
}

function dropBatch(shape) {
  return shape.slice(1);
}

/** One fresh Keras session: automatic names, line records and corrections for one build() run. */
function session(pyLines, file) {
  const counters = new Map();
  const meta = new WeakMap();
  let seq = 0;
  const problems = [];

  const auto = (kerasClass) => {
    const prefix = toSnakeCase(kerasClass);
    const n = counters.get(prefix) ?? 0;
    counters.set(prefix, n + 1);
    return n === 0 ? prefix : `${prefix}_${n}`;
  };

  const at = (line, layer, opts = {}) => {
    const type = opts.type ?? TFJS_TO_KERAS_CLASS[layer.getClassName()] ?? layer.getClassName();
    const ctor = opts.ctor ?? (type === 'Functional' ? 'Model' : type);
    const text = pyLines[line - 1] ?? '';
    if (!new RegExp(`\\b${ctor}\\(`).test(text)) {
      problems.push(`${file}:${line}: expected a call to ${ctor}( for ${layer.name}, found: ${text.trim()}`);
    }
    meta.set(layer, { ...opts, line, type, seq: seq++ });
    return layer;
  };

  const k = (line, kerasClass, config = {}, opts = {}) => {
    const name = config.name ?? auto(kerasClass);
    // Weight values never matter here; tfjs's default orthogonal recurrent initializer is slow (QR).
    const fast = RECURRENT.has(kerasClass) ? { recurrentInitializer: 'zeros' } : {};
    // opts.standIn: a Keras layer tfjs lacks, built as a tfjs layer with the same numbers (a weight-free
    // augmentation layer as a linear Activation: both are the identity at inference).
    const layer = opts.standIn ? factoryFor(opts.standIn.class)({ ...opts.standIn.config, name }) : factoryFor(kerasClass)({ ...fast, ...config, name });
    return at(line, layer, { ...opts, type: kerasClass });
  };

  return { auto, at, k, meta, problems };
}

/** Keras's GRU with reset_after=True has two bias vectors: 3·units more than tfjs's single one. */
function resetAfterExtra(layer) {
  if (layer.getClassName() === 'Bidirectional') return 2 * 3 * layer.forwardLayer.cell.units;
  if (layer.getClassName() === 'GRU') return 3 * layer.cell.units;
  throw new Error(`resetAfter given for ${layer.getClassName()} ${layer.name}`);
}

function describeLayer(layer, meta, notes) {
  const info = meta.get(layer);
  if (!info) throw new Error(`layer ${layer.name} (${layer.getClassName()}) has no .py line; wrap it in k() or at()`);
  let trainable = size(layer.trainableWeights);
  let nonTrainable = size(layer.nonTrainableWeights);
  if (info.resetAfter) {
    const extra = resetAfterExtra(layer);
    if (layer.trainable) trainable += extra;
    else nonTrainable += extra;
    notes.add(
      `${layer.name} (line ${info.line}): GRU with Keras's default reset_after=True has 3·(in·u + u² + u) + 3u ` +
        `params per direction (separate input and recurrent biases); tfjs supports only reset_after=False, ` +
        `so ${extra} params were added to the tfjs count (docs/formulas.md, GRU).`,
    );
  }
  let outputShape;
  try {
    const shape = layer.outputShape;
    // A layer with several outputs (an RNN with return_state) is reported by its first output, as in the report.
    outputShape = Array.isArray(shape[0]) ? dropBatch(shape[0]) : dropBatch(shape);
  } catch (err) {
    // A layer called on tensors of different shapes (a shared Dropout) has no single output shape;
    // Keras raises the same way for `layer.output_shape`.
    if (!/multiple inbound nodes/.test(err.message)) throw err;
    outputShape = null;
    notes.add(
      `${layer.name} (line ${info.line}) is called on tensors of different shapes, so it has no single ` +
        `output shape: outputShape is null (Keras raises "multiple inbound nodes" for layer.output_shape).`,
    );
  }
  return {
    path: layer.name,
    type: info.type,
    line: info.line,
    params: trainable + nonTrainable,
    trainable,
    nonTrainable,
    outputShape,
  };
}

function shapesOf(tensors) {
  const shapes = tensors.map((t) => dropBatch(t.shape));
  return shapes.length === 1 ? shapes[0] : shapes;
}

function describeModel(entry, meta, notes) {
  const { model } = entry;
  // entry.skip(layer): a tfjs layer standing for a TensorFlow op of the .py (tf.concat, a + b), which Keras
  // does not list as a layer.
  let layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer' && !entry.skip?.(l));
  if (entry.order === 'creation') {
    layers = [...layers].sort((a, b) => meta.get(a).seq - meta.get(b).seq);
  } else if (entry.order !== undefined) {
    throw new Error(`unknown order ${entry.order}`);
  }
  const rows = layers.map((l) => describeLayer(l, meta, notes));
  if (!model.trainable) {
    // A model that is not trainable has no trainable weights, even in a layer set trainable after it was frozen
    // (tfjs's Container.trainableWeights and Keras's Model.trainable_weights are both empty then).
    for (const r of rows) { r.nonTrainable += r.trainable; r.trainable = 0; }
  }
  const sum = (key) => rows.reduce((s, r) => s + r[key], 0);
  // Keras counts each weight once in a model's totals (keras/src/layers/layer.py: `weights` drops repeats by
  // identity), also when a layer is held twice (used directly and inside a nested model); tfjs's countParams and
  // summary count it each time. The rows keep each layer's own count; the totals count each variable once.
  const unique = (ws) => [...new Set(ws)];
  const repeated = size(model.weights) - size(unique(model.weights));
  if (repeated > 0) {
    notes.add(`${entry.name}: ${repeated} params are held by two of its layers (a shared layer inside a nested model); Keras counts them once in the totals (Layer.weights drops repeats), tfjs counts them twice.`);
  }
  const extra = sum('params') - model.countParams();
  if (extra !== 0 && !layers.some((l) => meta.get(l).resetAfter)) {
    throw new Error(`${entry.name}: layer params do not add up to model.countParams()`);
  }
  if (repeated && size(unique(model.trainableWeights).filter((w) => model.nonTrainableWeights.includes(w))) > 0) {
    throw new Error(`${entry.name}: a weight held twice is trainable in one place and not in the other: Keras has one flag per weight`);
  }
  if (!layers.some((l) => meta.get(l).resetAfter) && sum('trainable') !== size(model.trainableWeights)) {
    throw new Error(`${entry.name}: the layers' trainable params do not add up to the model's trainableWeights`);
  }
  return {
    name: entry.name,
    kind: entry.kind,
    framework: 'keras',
    line: entry.line,
    inputShape: shapesOf(model.inputs),
    outputShape: shapesOf(model.outputs),
    params: sum('params') - repeated,
    trainable: sum('trainable') - (repeated && model.trainable ? size(model.trainableWeights) - size(unique(model.trainableWeights)) : 0),
    nonTrainable: sum('nonTrainable') - (repeated ? (model.trainable ? size(model.nonTrainableWeights) - size(unique(model.nonTrainableWeights)) : repeated) : 0),
    knownParams: sum('params') - repeated,
    layers: rows,
  };
}

/** Keep what both probe runs agree on; what depends on the made-up input shape becomes null. */
function agree(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return null;
    return a.map((x, i) => agree(x, b[i]));
  }
  return a === b ? a : null;
}

function mergeUnknownInput(a, b, where) {
  const layers = a.layers.map((la, i) => {
    const lb = b.layers[i];
    if (!lb || lb.path !== la.path || lb.line !== la.line) throw new Error(`${where}: probe runs list different layers`);
    const row = { ...la };
    for (const key of ['params', 'trainable', 'nonTrainable', 'outputShape']) row[key] = agree(la[key], lb[key]);
    return row;
  });
  const total = (key) => (layers.some((r) => r[key] === null) ? null : layers.reduce((s, r) => s + r[key], 0));
  return {
    ...a,
    inputShape: null,
    outputShape: agree(a.outputShape, b.outputShape),
    params: total('params'),
    trainable: total('trainable'),
    nonTrainable: total('nonTrainable'),
    knownParams: layers.reduce((s, r) => s + (r.params ?? 0), 0),
    layers,
  };
}

function checkModelLine(entry, pyLines, file) {
  const text = pyLines[entry.line - 1] ?? '';
  const pattern = {
    variable: new RegExp(`^\\s*${entry.name}\\s*=`),
    function: new RegExp(`^def ${entry.name}\\(`),
    class: new RegExp(`^class ${entry.name}\\(`),
  }[entry.kind];
  if (!pattern || !pattern.test(text)) {
    throw new Error(`${file}:${entry.line}: model ${entry.name} (${entry.kind}) is not defined there: ${text.trim()}`);
  }
}

async function golden(name) {
  const pyFile = path.join(FIXTURES, `${name}.py`);
  const pyLines = (await readFile(pyFile, 'utf8')).split('\n');
  const mod = await import(pathToFileURL(path.join(FIXTURES, `${name}.tfjs.mjs`)).href);
  const notes = new Set(mod.notes ?? []);
  const runs = [0, 1].map((probe) => {
    const s = session(pyLines, `${name}.py`);
    const entries = mod.default({ tf, k: s.k, at: s.at, auto: s.auto, probe });
    if (s.problems.length) throw new Error(s.problems.join('\n'));
    return entries.map((entry) => {
      checkModelLine(entry, pyLines, `${name}.py`);
      return { entry, report: describeModel(entry, s.meta, notes) };
    });
  });
  const models = runs[0].map(({ entry, report }, i) => {
    const other = runs[1][i].report;
    if (entry.inputUnknown) return mergeUnknownInput(report, other, `${name}/${entry.name}`);
    if (JSON.stringify(report) !== JSON.stringify(other)) throw new Error(`${name}/${entry.name}: build() is not deterministic`);
    return report;
  });
  const doc = { generatedBy: GENERATED_BY, tfjs: tf.version.tfjs, models, notes: [...notes] };
  // 2-space JSON with shapes kept on one line: `[26, 26, 32]`.
  const text = JSON.stringify(doc, null, 2).replace(/\[\s*((?:-?\d+|null)(?:,\s*(?:-?\d+|null))*)\s*\]/g, (_, items) =>
    `[${items.split(/,\s*/).join(', ')}]`,
  );
  return `${text}\n`;
}

async function quietly(fn) {
  // tfjs greets Node users on stdout when its backend starts; keep the oracle's output clean.
  const { log, warn } = console;
  console.log = () => {};
  console.warn = () => {};
  try {
    return await fn();
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const only = args.filter((a) => !a.startsWith('--'));
  await quietly(() => tf.ready());
  const names = (await readdir(FIXTURES))
    .filter((f) => f.endsWith('.tfjs.mjs'))
    .map((f) => f.slice(0, -'.tfjs.mjs'.length))
    .filter((n) => only.length === 0 || only.includes(n))
    .sort();
  let stale = 0;
  for (const name of names) {
    const text = await quietly(() => golden(name));
    const out = path.join(FIXTURES, `${name}.expected.json`);
    const current = existsSync(out) ? await readFile(out, 'utf8') : null;
    if (check) {
      if (current !== text) {
        stale++;
        console.error(`${name}.expected.json is ${current === null ? 'missing' : 'out of date'}`);
      }
    } else if (current !== text) {
      await writeFile(out, text);
      console.log(`wrote ${path.relative(process.cwd(), out)}`);
    }
  }
  for (const f of await readdir(FIXTURES)) {
    if (f.endsWith('.py') && !names.includes(f.slice(0, -3)) && only.length === 0) {
      console.error(`${f} has no .tfjs.mjs transcription`);
      stale++;
    }
  }
  if (check) {
    if (stale) {
      console.error(`${stale} Keras golden file(s) need \`npm run oracle:keras\``);
      process.exit(1);
    }
    console.log(`${names.length} Keras golden files are current`);
  }
}

main().catch((err) => {
  console.error(err.stack ?? err);
  process.exit(1);
});
