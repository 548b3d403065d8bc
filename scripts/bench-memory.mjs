// `npm run bench:memory`: the memory an open document costs while the editor holds its analysis. The extension's
// cache (src/features/cache.ts) keeps each document's FileReport; the Python parser keeps the trees of the pieces
// it parsed, by their text (src/python/chunks.ts). This bundles src/analyze.ts as the extension bundles it,
// analyses each input N times (a different text each time, as different files would be), holds the reports, and
// reports (memory after − before) / N after full garbage collections; releasing the reports splits that into the
// reports and what stays with the parser.
// Then the memory that stays per edit of one document (a new text per keystroke, one line changed).
//   node scripts/bench-memory.mjs [--copies N] [--rounds R] [--edits E]
import * as esbuild from 'esbuild';
import { spawnSync } from 'child_process';
import { createRequire } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.bench', 'analyze-memory.cjs');
const arg = (name, d) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : d);

if (process.argv[2] === '--child') child();
else await parent();

async function parent() {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'analyze.ts')], bundle: true, minify: true, platform: 'node', format: 'cjs',
    target: 'es2022', outfile: out, logLevel: 'warning',
  });
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

/** A realistic ~30-line model class, renamed per copy (the same block as scripts/bench.ts). */
function block(i) {
  return `
# input: 3x32x32
class Net${i}(nn.Module):
    expansion = 1

    def __init__(self, num_classes=10, width=${16 + (i % 4) * 8}):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU())
        layers = []
        c = width
        for stage, mult in enumerate([1, 2, 4]):
            stride = 1 if stage == 0 else 2
            layers += [nn.Conv2d(c, width * mult, 3, stride=stride, padding=1, bias=False),
                       nn.BatchNorm2d(width * mult), nn.ReLU(inplace=True)]
            c = width * mult
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(c, num_classes)

    def forward(self, x):
        x = self.stem(x)
        x = self.features(x)
        x = self.pool(x)
        x = torch.flatten(x, 1)
        return self.fc(x)

`;
}

function synthetic(lines) {
  let src = 'import torch\nimport torch.nn as nn\n';
  for (let i = 0; src.split('\n').length < lines; i++) src += block(i);
  return src;
}

/**
 * Copy `i` of a file, different on every code line (a trailing comment), so caches keyed by text (whole files or
 * pieces of them) see a different document each time, as they would with different open files.
 */
function variant(text, i) {
  return text.split('\n').map((l) => (/^\s*(#.*)?$/.test(l) || /\\$/.test(l) ? l : `${l}  # ${i}`)).join('\n');
}

function child() {
  const { analyzeText } = createRequire(import.meta.url)(out);
  const copies = Number(arg('--copies', 0)) || undefined;
  const rounds = Number(arg('--rounds', 3));
  const inputs = [
    { name: 'resnet_imagenet.py', text: fs.readFileSync(path.join(root, 'test/fixtures/pytorch/resnet_imagenet.py'), 'utf8'), n: copies ?? 20 },
    { name: 'synthetic', note: 'copies of a 30-line nn.Module class', text: synthetic(5000), n: copies ?? 6 },
  ];
  // Lezer keeps trees in typed arrays, whose contents live outside the JS heap: count those too.
  const mem = () => {
    for (let i = 0; i < 6; i++) globalThis.gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const kb = (b) => (Math.abs(b) >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MB` : `${(b / 1024).toFixed(0)} KB`);
  console.log('Memory held per analysed document: the FileReport the extension caches, and what the parser keeps');
  console.log(`(parsed pieces by their text). JS heap + typed arrays after gc(); median of ${rounds} rounds.\n`);
  for (const { name, note, text, n } of inputs) {
    const lines = text.split('\n').length;
    const layersOf = (r) => r.models.reduce((a, m) => a + m.layers.length, 0);
    const expected = layersOf(analyzeText(text, `/bench/${name}`, 'python'));
    const analyse = (i) => {
      const report = analyzeText(variant(text, i), `/bench/doc${i}.py`, 'python');
      if (report.skipped || layersOf(report) !== expected) throw new Error(`${name}: copy ${i} analysed differently (${report.skipped ?? `${layersOf(report)} layers`})`);
      return report;
    };
    // Warm up first: module-level caches, lazily built tables, and the JIT's code (also on the heap).
    for (let i = 0; i < Math.max(3, n / 2); i++) analyse(-1 - i);
    const m = { total: [], report: [], parser: [], ms: [] };
    let shape = '';
    for (let r = 0; r < rounds; r++) {
      const reports = [];
      const before = mem();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) reports.push(analyse(r * n + i));
      m.ms.push((performance.now() - t0) / n);
      const held = mem();
      shape = `${lines} lines, ${reports[0].models.length} models, ${layersOf(reports[0])} layers, report ${kb(JSON.stringify(reports[0]).length)} as JSON`;
      reports.length = 0;
      const after = mem();
      m.total.push((held - before) / n);
      m.report.push((held - after) / n);
      m.parser.push((after - before) / n);
    }
    const [total, report, parser] = [m.total, m.report, m.parser].map(median);
    console.log(`memory per document: ${name}: ${kb(total)} (report ${kb(report)}, kept by the parser ${kb(parser)})` +
      ` — ${note ? `${note}, ` : ''}${shape}; ${n} documents held, ${median(m.ms).toFixed(0)} ms per analysis`);
  }
  // Editing: each keystroke gives a new full text (getText()) that differs in one line; the report of the previous
  // version is replaced, so whatever stays per edit is held by the parser's caches.
  {
    const text = inputs[1].text;
    const at = text.indexOf('    expansion = 1', text.length >> 1);
    const edits = Number(arg('--edits', 50));
    const edit = (e) => analyzeText(`${text.slice(0, at)}    expansion = ${e}${text.slice(at + 17)}`, '/bench/edited.py', 'python');
    for (let e = 0; e < 3; e++) edit(-1 - e);
    const before = mem();
    for (let e = 0; e < edits; e++) edit(e);
    const kept = (mem() - before) / edits;
    console.log(`memory per edit: ${kb(kept)} stays after each of ${edits} one-line edits of the synthetic file (${kb(text.length)} of text)`);
  }
  console.log('\nThe parser\'s share is what stays after the reports are released (plus GC noise): the trees of the pieces it');
  console.log('parsed, kept by their text. A piece\'s text is a slice of its file\'s text and can keep all of it alive, which is');
  console.log('what stays per edit when the edited piece is small. Not counted: the text VS Code holds for an open document.');
}
