// `npm run bench`: parse and analysis times per fixture and for synthetic files, on this machine.
// Run with: npx tsx scripts/bench.ts   (warm-up first, then the median of repeated runs)
import * as fs from 'fs';
import * as path from 'path';
import { parsePython } from '../src/python/syntax';
import { analyzeText } from '../src/analyze';
import { clearPieces } from '../src/python/chunks';
import { clearModelMemory } from '../src/python/analyze';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f: () => void, minRuns = 5, minMs = 200): number {
  f();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
    if (times.length > 2000) break;
  }
  return median(times);
}

/** A realistic block of model code (~30 lines), renamed per copy. */
function block(i: number): string {
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

function synthetic(lines: number): string {
  let src = 'import torch\nimport torch.nn as nn\n';
  let i = 0;
  while (src.split('\n').length < lines) src += block(i++);
  return src;
}

/** A model with `n` residual-free blocks in one Sequential: cost against model depth. */
function deep(n: number): string {
  return `import torch\nimport torch.nn as nn\n# input: 8x16x16\nclass Deep(nn.Module):\n    def __init__(self, n=${n}):\n        super().__init__()\n        self.blocks = nn.Sequential(*[nn.Sequential(nn.Conv2d(8, 8, 3, padding=1), nn.ReLU()) for _ in range(n)])\n    def forward(self, x):\n        return self.blocks(x)\n`;
}

/** Figures for the budget summary of `npm run bench` (scripts/bench-all.mjs). */
const figures: Record<string, number | string> = {};
let worstRatio = { ratio: 0, name: '' };

function row(name: string, text: string, ratioCounts = true): string {
  const language = 'python';
  const lines = text.split('\n').length;
  // From scratch each run: no piece of the file remembered from an earlier parse.
  const parse = time(() => { clearPieces(); parsePython(text); });
  const total = time(() => { clearPieces(); clearModelMemory(); analyzeText(text, name, language); });
  figures[`parse:${name}`] = parse;
  figures[`analysis:${name}`] = total;
  // A 10-line file of a 1,000-block model has no meaningful analysis/parse ratio: only real files count.
  if (ratioCounts && total / parse > worstRatio.ratio) worstRatio = { ratio: total / parse, name };
  return `${name.padEnd(44)} ${String(lines).padStart(6)} ${parse.toFixed(2).padStart(9)} ${total.toFixed(2).padStart(11)} ${(total / parse).toFixed(1).padStart(7)}`;
}

const header = `${'file'.padEnd(44)} ${'lines'.padStart(6)} ${'parse ms'.padStart(9)} ${'analysis ms'.padStart(11)} ${'ratio'.padStart(7)}`;
console.log('Analysis includes parsing. Median of repeated runs after a warm-up.\n');
console.log(header);
for (const dir of ['test/fixtures/pytorch', 'test/fixtures/keras', 'examples']) {
  if (!fs.existsSync(dir)) continue;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.py')).sort()) {
    console.log(row(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8')));
  }
}
console.log('\nSynthetic files (copies of a 30-line model class):');
console.log(header);
for (const n of [300, 1000, 5000, 20000]) console.log(row(`synthetic ${n} lines`, synthetic(n)));
console.log('\nRe-analysis after a one-character edit (each run types a new number into one model; the pieces of');
console.log('the file that the edit leaves alone are not parsed again):');
for (const n of [300, 5000]) {
  const text = synthetic(n);
  const at = text.indexOf('num_classes=10', Math.floor(text.length / 2)) + 'num_classes='.length;
  let typed = 0;
  const edit = () => text.slice(0, at) + String(100 + typed++) + text.slice(at + 2);
  analyzeText(text, 's.py', 'python');
  const reparse = time(() => parsePython(edit()));
  const whole = time(() => analyzeText(edit(), 's.py', 'python'));
  console.log(`synthetic ${n} lines: parse ${reparse.toFixed(2)} ms, re-analysis (parse included) ${whole.toFixed(2)} ms`);
  figures[`keystroke:synthetic ${n} lines`] = whole;
}

console.log('\nModel depth (one Sequential of n conv blocks):');
console.log(header);
for (const n of [10, 100, 1000, 3000]) console.log(row(`deep ${n} blocks`, deep(n), false));
figures.worstRatio = worstRatio.ratio;
figures.worstRatioFile = worstRatio.name;
if (process.env.BENCH_FIGURES) console.log(`figures: ${JSON.stringify(figures)}`);
