// Times the TF.js analysis: the largest TF.js fixture, and a synthetic 5,000-line model file.
// Usage: npx tsx scripts/bench-tfjs.ts
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../src/analyze';
import { parseTs } from '../src/typescript/syntax';

const DIR = 'test/fixtures/tfjs';

function time(label: string, text: string, file: string, runs = 10): void {
  const lang = file.endsWith('.ts') ? 'typescript' : 'javascript';
  analyzeText(text, file, lang); // warm-up
  const times: number[] = [];
  let layers = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = analyzeText(text, file, lang);
    times.push(performance.now() - t0);
    layers = r.models.reduce((s, m) => s + m.layers.length, 0);
  }
  times.sort((a, b) => a - b);
  const parse: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    parseTs(text, file);
    parse.push(performance.now() - t0);
  }
  parse.sort((a, b) => a - b);
  const lines = text.split('\n').length;
  console.log(`${label}: ${lines} lines, ${layers} layer rows — analysis median ${times[runs >> 1].toFixed(1)} ms (best ${times[0].toFixed(1)}), of which parsing ~${parse[runs >> 1].toFixed(1)} ms`);
}

/** A file of many small models in the styles users write: sequential + add, layer arrays, functional helpers. */
function synthetic(targetLines: number): string {
  const out = ["import * as tf from '@tensorflow/tfjs';", ''];
  for (let i = 0; out.length < targetLines; i++) {
    switch (i % 3) {
      case 0:
        out.push(`// input: 32x32x3`, `export const seq${i} = tf.sequential();`);
        for (const f of [16, 32, 64]) {
          out.push(`seq${i}.add(tf.layers.conv2d({ filters: ${f}, kernelSize: 3, padding: 'same', activation: 'relu' }));`);
          out.push(`seq${i}.add(tf.layers.maxPooling2d({ poolSize: 2 }));`);
        }
        out.push(`seq${i}.add(tf.layers.flatten());`, `seq${i}.add(tf.layers.dense({ units: 10 }));`, '');
        break;
      case 1:
        out.push(`const widths${i} = [64, 32, 16];`, `export const mlp${i} = tf.sequential({`, '  layers: [');
        out.push(`    tf.layers.dense({ units: 128, inputShape: [100], activation: 'relu' }),`);
        out.push(`    ...widths${i}.map((units) => tf.layers.dense({ units, activation: 'relu' })),`);
        out.push(`    tf.layers.dense({ units: 2 }),`, '  ],', '});', '');
        break;
      default:
        out.push(`export function build${i}(filters = 8): tf.LayersModel {`);
        out.push(`  const input = tf.input({ shape: [28, 28, 1] });`, '  let x = input;');
        out.push(`  for (let k = 0; k < 3; k++) {`);
        out.push(`    const y = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same' }).apply(x) as tf.SymbolicTensor;`);
        out.push(`    x = k === 0 ? y : tf.layers.add().apply([x, y]) as tf.SymbolicTensor;`, '  }');
        out.push(`  const out = tf.layers.dense({ units: 10 }).apply(tf.layers.flatten().apply(x)) as tf.SymbolicTensor;`);
        out.push('  return tf.model({ inputs: input, outputs: out });', '}', '');
    }
  }
  return out.join('\n');
}

const files = fs.readdirSync(DIR).filter((f) => /\.(js|ts)$/.test(f));
const largest = files.map((f) => path.join(DIR, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
time(`largest fixture ${path.basename(largest)}`, fs.readFileSync(largest, 'utf8'), largest);
time('synthetic 5,000-line file', synthetic(5000), 'synthetic.ts', 5);
