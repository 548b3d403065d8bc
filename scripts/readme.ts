// Regenerates the parts of README.md that other files already say: the Commands and Settings tables (from
// package.json `contributes`) and the supported layer types (from the catalogs). Each part sits between
// `<!-- name:start -->` and `<!-- name:end -->`; everything outside the markers is left as written.
//   npm run readme            rewrite README.md
//   npm run readme -- --check exit 1 when README.md is stale (test/unit/readme.test.ts checks the same)
import * as fs from 'fs';
import * as path from 'path';
import { catalogs, type Catalog } from '../src/core/catalog';
import { tfjsFactories } from '../src/core/catalog/tfjs';
import type { Framework } from '../src/core/report';

interface Command { command: string; title: string; category?: string }
interface Setting { type?: string | string[]; default?: unknown; enum?: unknown[]; markdownDescription?: string; description?: string }
interface ConfigGroup { title?: string; properties: Record<string, Setting> }
export interface Manifest { icon?: string; contributes: { commands?: Command[]; configuration?: ConfigGroup | ConfigGroup[] } }

/** A table cell: one line, pipes escaped. */
const cell = (s: string): string => s.replace(/\r?\n+/g, ' ').replace(/\|/g, '\\|').trim();
const code = (s: string): string => `\`${s}\``;

export function commandsTable(pkg: Manifest): string {
  const rows = (pkg.contributes.commands ?? []).map((c) =>
    `| ${cell(c.category ? `${c.category}: ${c.title}` : c.title)} | ${code(c.command)} |`);
  return ['| Command (palette) | ID |', '|---|---|', ...rows].join('\n');
}

function settingType(s: Setting): string {
  if (s.enum) return s.enum.map((v) => code(String(v))).join(' · ');
  return Array.isArray(s.type) ? s.type.join(' · ') : s.type ?? '';
}

function settingDefault(s: Setting): string {
  if (s.default === undefined) return '';
  if (s.default === '') return '_empty_';
  return code(typeof s.default === 'string' ? s.default : JSON.stringify(s.default));
}

export function settingsTable(pkg: Manifest): string {
  const conf = pkg.contributes.configuration ?? [];
  const groups = Array.isArray(conf) ? conf : [conf];
  const out: string[] = [];
  for (const g of groups) {
    if (g.title) out.push(`**${g.title}**`, '');
    out.push('| Setting | Type | Default | Description |', '|---|---|---|---|');
    for (const [key, s] of Object.entries(g.properties)) {
      out.push(`| ${code(key)} | ${cell(settingType(s))} | ${cell(settingDefault(s))} | ${cell(s.markdownDescription ?? s.description ?? '')} |`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

/** Families for the layer lists, first match wins; anything unmatched lands in "Other". */
const FAMILIES: [string, RegExp][] = [
  ['Convolution', /Conv/],
  ['Linear and embedding', /^(Lazy)?Linear$|^Bilinear$|^Dense$|^EinsumDense$|^Embedding/],
  ['Pooling', /Pool/],
  ['Normalization', /Norm/],
  ['Recurrent and wrappers', /^(RNN|LSTM|GRU|SimpleRNN|Bidirectional|TimeDistributed)$/],
  ['Attention and transformer', /Attention|Transformer/],
  ['Dropout and noise', /Dropout|Noise/],
  ['Reshape, pad, crop and resize', /flatten|reshape|permute|repeatvector|pad|crop|upsampl|shuffle|resizing|rescaling|rearrange|^Reduce$/i],
  ['Activation', /relu|elu|silu|softm(ax|in)|sigmoid|tanh|softsign|softplus|mish|hardswish|shrink|threshold|glu|^activation$/i],
  ['Merge and distance', /^(Add|Subtract|Multiply|Average|Maximum|Minimum|Concatenate|Dot)$|Distance|Similarity/],
];
const OTHER = 'Other';

const FRAMEWORKS: { id: Framework; title: string; note: string }[] = [
  { id: 'pytorch', title: 'PyTorch', note: '`torch.nn` modules and the `einops` layers' },
  { id: 'keras', title: 'Keras', note: 'Keras 3 and `tf.keras` layer classes' },
  { id: 'tfjs', title: 'TensorFlow.js', note: '`tf.layers.*` factories' },
];

/** Names that share a row (Keras aliases) or differ only by `Lazy` (PyTorch) are one entry. */
function entries(fw: Framework, catalog: Catalog): { name: string; also: string[] }[] {
  const out: { name: string; also: string[] }[] = [];
  const byRow = new Map<unknown, { name: string; also: string[] }>();
  const byName = new Map<string, { name: string; also: string[] }>();
  for (const [name, row] of Object.entries(catalog)) {
    const lazyOf = fw === 'pytorch' && /^Lazy/.test(name) ? byName.get(name.slice(4)) : undefined;
    const same = lazyOf ?? byRow.get(row);
    if (same) { same.also.push(name); continue; }
    const e = { name, also: [] as string[] };
    out.push(e);
    byRow.set(row, e);
    byName.set(name, e);
  }
  if (fw !== 'tfjs') return out;
  // TF.js code calls factories (`tf.layers.conv2d`); list those, grouped by the class they create.
  return out.map((e) => {
    const names = Object.entries(tfjsFactories).filter(([, cls]) => cls === e.name).map(([f]) => f);
    return names.length ? { name: names[0], also: names.slice(1) } : e;
  });
}

function familyOf(fw: Framework, name: string): string {
  const cls = fw === 'tfjs' ? tfjsFactories[name] ?? name : name;
  return FAMILIES.find(([, re]) => re.test(cls))?.[0] ?? OTHER;
}

export function layersList(): string {
  const out: string[] = [];
  for (const { id, title, note } of FRAMEWORKS) {
    const list = entries(id, catalogs[id]);
    const names = Object.keys(catalogs[id]).length;
    const byFamily = new Map<string, string[]>([...FAMILIES.map(([f]) => [f, []] as [string, string[]]), [OTHER, []]]);
    for (const e of list) {
      byFamily.get(familyOf(id, e.name))!.push(code(e.name) + (e.also.length ? ` (also ${e.also.map(code).join(', ')})` : ''));
    }
    const count = `${list.length} layer types${names !== list.length ? ` (${names} names)` : ''}`;
    const html = note.replace(/`([^`]+)`/g, '<code>$1</code>'); // no Markdown inside <summary>
    out.push('<details>', `<summary><b>${title}</b>: ${count}, ${html}</summary>`, '');
    for (const [family, items] of byFamily) if (items.length) out.push(`- **${family}**: ${items.join(', ')}`);
    out.push('', '</details>', '');
  }
  return out.join('\n').trimEnd();
}

export function sections(pkg: Manifest): Record<string, string> {
  return { commands: commandsTable(pkg), settings: settingsTable(pkg), layers: layersList() };
}

/** The README with every marked section replaced; throws when a marker pair is missing. */
export function renderReadme(readme: string, pkg: Manifest): string {
  let text = readme;
  for (const [name, body] of Object.entries(sections(pkg))) {
    const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(text)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> markers`);
    text = text.replace(re, (_m, start: string, end: string) => `${start}\n\n${body}\n\n${end}`);
  }
  return text;
}

/** package.json with its `%key%` strings replaced by their English text from package.nls.json. */
export function loadManifest(root: string): Manifest {
  const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const text = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
  return JSON.parse(text, (_k, v) => (typeof v === 'string' && /^%[\w.-]+%$/.test(v) ? nls[v.slice(1, -1)] ?? v : v)) as Manifest;
}

function main(): void {
  const root = path.join(__dirname, '..');
  const file = path.join(root, 'README.md');
  const pkg = loadManifest(root);
  const before = fs.readFileSync(file, 'utf8');
  const after = renderReadme(before, pkg);
  if (process.argv.includes('--check')) {
    if (before !== after) { console.error('README.md is stale: run `npm run readme`'); process.exit(1); }
    return;
  }
  if (before !== after) fs.writeFileSync(file, after);
  console.log(before === after ? 'README.md is up to date' : 'README.md updated');
}

if (require.main === module) main();
