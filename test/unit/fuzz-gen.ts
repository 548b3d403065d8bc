// Mutated model files for the robustness fuzzing (test/unit/fuzz.test.ts and scripts/fuzz.ts): the fixture
// corpora damaged the ways a file is damaged mid-edit, and the checks every report of such a file must pass.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parser } from '@lezer/python';
import { analyzeText, languageOf } from '../../src/analyze';
import type { FileReport, Language, ModelReport } from '../../src/core/report';

export interface Fixture {
  file: string;
  language: Language;
  text: string;
  /** Python files with ≥ 2 models ending in a class: the offsets of that class's body, and its report. */
  tail?: { bodyFrom: number; name: string; base: FileReport; before: string[] };
}

const ROOT = path.resolve(__dirname, '../..');
const DIRS = ['test/fixtures/pytorch', 'test/fixtures/pytorch-partial', 'test/fixtures/keras', 'test/fixtures/tfjs', 'examples'];

let cache: Fixture[] | null = null;

/** The fixture files (fixtures' own `.tfjs.mjs` transcriptions and `.expected.json` left out). */
export function fixtures(): Fixture[] {
  if (cache) return cache;
  const out: Fixture[] = [];
  for (const dir of DIRS) {
    const abs = path.join(ROOT, dir);
    if (!fs.existsSync(abs)) continue;
    for (const name of fs.readdirSync(abs).sort()) {
      const language = languageOf(name);
      if (!language || name.endsWith('.mjs')) continue;
      const file = `${dir}/${name}`;
      const text = fs.readFileSync(path.join(abs, name), 'utf8');
      const fx: Fixture = { file, language, text };
      if (language === 'python') fx.tail = lastClass(file, text);
      out.push(fx);
    }
  }
  cache = out;
  return out;
}

/**
 * The last top-level statement when it is a class whose name the code before it never mentions, in a file with
 * at least one model before it: mutating its body must leave the earlier models' reports as they are.
 */
function lastClass(file: string, text: string): Fixture['tail'] {
  const top = parser.parse(text).topNode;
  let last = top.lastChild;
  while (last && last.name === 'Comment') last = last.prevSibling;
  const def = last?.name === 'DecoratedStatement' ? last.getChild('ClassDefinition') : last;
  if (!last || !def || def.name !== 'ClassDefinition') return undefined;
  const nameNode = def.getChild('VariableName');
  const body = def.getChild('Body');
  if (!nameNode || !body) return undefined;
  const name = text.slice(nameNode.from, nameNode.to);
  if (new RegExp(`\\b${name}\\b`).test(text.slice(0, last.from))) return undefined;
  const headerEnd = text.indexOf('\n', body.from);
  if (headerEnd < 0) return undefined;
  const base = analyzeText(text, file, 'python');
  const lastLine = text.slice(0, last.from).split('\n').length;
  const before = base.models.filter((m) => m.line < lastLine).map((m) => m.name);
  if (base.models.length < 2 || !before.length) return undefined;
  return { bodyFrom: headerEnd + 1, name, base, before };
}

// ---- mutations ----

/** Positions are fractions (0 … 1) of the text or region they apply to. */
export type Mutation =
  | { k: 'delToken' | 'dupToken' | 'delLine' | 'dupLine' | 'truncate'; at: number }
  | { k: 'insert'; at: number; s: string }
  | { k: 'nest'; at: number; n: number; open: string }
  | { k: 'hugeInt'; at: number; digits: number }
  | { k: 'unicodeName'; at: number; name: string }
  | { k: 'crlf' }
  | { k: 'tabs'; all: boolean; at: number };

const PIECES = ['(', ')', '[', ']', '{', '}', ':', ',', '=', '*', '**', '.', '\n', '    ', '\t', '\r', '"', "'", '"""', '#', '\\',
  'def ', 'class ', 'self.', 'return ', 'nn.Conv2d(', 'nn.Linear(', 'layers.Dense(', 'tf.layers.dense({', 'for i in range(',
  'while True:', 'if ', 'lambda: ', ' x ', '0', '1', '-1', '3.5', 'None', '\u0000', '\uFEFF', '\u2028', '\uD800', 'é', '变量', '🙂'];

const piece = fc.oneof(
  fc.constantFrom(...PIECES),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

const at = fc.integer({ min: 0, max: 999_999 }).map((x) => x / 1e6);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constantFrom('delToken', 'dupToken', 'delLine', 'dupLine') as fc.Arbitrary<'delToken'>, at }),
  fc.record({ k: fc.constant('truncate' as const), at }),
  fc.record({ k: fc.constant('insert' as const), at, s: fc.array(piece, { minLength: 1, maxLength: 6 }).map((xs) => xs.join('')) }),
  fc.record({ k: fc.constant('nest' as const), at, n: fc.integer({ min: 1, max: 2000 }), open: fc.constantFrom('(', '[', '{', '-', 'not ', 'f(', '[x for x in ') }),
  fc.record({ k: fc.constant('hugeInt' as const), at, digits: fc.integer({ min: 16, max: 400 }) }),
  fc.record({ k: fc.constant('unicodeName' as const), at, name: fc.constantFrom('λ', 'café', '变量', 'x\u0301', 'Ωmega', 'naïve_ch', 'ｘ', '𝔁') }),
  fc.record({ k: fc.constant('crlf' as const) }),
  fc.record({ k: fc.constant('tabs' as const), all: fc.boolean(), at }),
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

const TOKEN = /[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu;

function pos(text: string, f: number): number {
  return Math.min(text.length, Math.floor(f * (text.length + 1)));
}

function nth<T>(xs: T[], f: number): number {
  return Math.min(xs.length - 1, Math.floor(f * xs.length));
}

/** Applies one mutation to a text. */
export function mutate(text: string, m: Mutation): string {
  switch (m.k) {
    case 'delToken': case 'dupToken': {
      const toks = [...text.matchAll(TOKEN)];
      if (!toks.length) return text;
      const t = toks[nth(toks, m.at)];
      const end = t.index + t[0].length;
      return m.k === 'delToken' ? text.slice(0, t.index) + text.slice(end) : text.slice(0, end) + t[0] + text.slice(end);
    }
    case 'delLine': case 'dupLine': {
      const lines = text.split('\n');
      const i = nth(lines, m.at);
      if (m.k === 'delLine') lines.splice(i, 1);
      else lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 'truncate': return text.slice(0, pos(text, m.at));
    case 'insert': { const p = pos(text, m.at); return text.slice(0, p) + m.s + text.slice(p); }
    case 'nest': { const p = pos(text, m.at); return text.slice(0, p) + m.open.repeat(m.n) + text.slice(p); }
    case 'hugeInt': {
      const nums = [...text.matchAll(/\b\d+\b/g)];
      const big = '9'.repeat(m.digits);
      if (!nums.length) { const p = pos(text, m.at); return text.slice(0, p) + big + text.slice(p); }
      const n = nums[nth(nums, m.at)];
      return text.slice(0, n.index) + big + text.slice(n.index + n[0].length);
    }
    case 'unicodeName': {
      const ids = [...text.matchAll(/\b[A-Za-z_]\w*\b/g)];
      if (!ids.length) return text + m.name;
      const id = ids[nth(ids, m.at)][0];
      // Every occurrence, so the program stays consistent (and once inside a string literal as well).
      return text.replace(new RegExp(`\\b${id}\\b`, 'g'), m.name) + `\n# "${m.name}"\n`;
    }
    case 'crlf': return text.replace(/\r?\n/g, '\r\n');
    case 'tabs': {
      if (m.all) return text.replace(/^( {4})+/gm, (s) => '\t'.repeat(s.length / 4));
      const lines = text.split('\n');
      const i = nth(lines, m.at);
      lines[i] = lines[i].replace(/^ {4}/, '\t');
      return lines.join('\n');
    }
  }
}

export function mutateAll(text: string, ms: Mutation[]): string {
  return ms.reduce(mutate, text);
}

/** Mutates only the body of the fixture's last class; null when the result puts code at column 0 there. */
export function mutateTail(fx: Fixture, ms: Mutation[]): string | null {
  const from = fx.tail!.bodyFrom;
  const body = mutateAll(fx.text.slice(from), ms.map((m) => (m.k === 'unicodeName' ? { ...m, k: 'insert' as const, s: m.name } : m)));
  // Code at column 0 would be a new top-level statement, outside the class; a NUL makes the whole file binary.
  if (body.includes('\u0000') || body.split(/\r?\n|\r|\u2028/).some((l) => /^[^\s#]/.test(l))) return null;
  return fx.text.slice(0, from) + body;
}

// ---- checks ----

const MODEL_HEADLINES = ['params', 'macs', 'inputShape', 'outputShape'] as const;
const LAYER_HEADLINES = ['params', 'macs', 'outputShape'] as const;

/** Problems with a report: empty when it is well-formed. */
export function problems(r: FileReport, file: string, language: Language, text: string): string[] {
  const out: string[] = [];
  const bad = (s: string) => out.push(s);
  if (r.path !== file) bad(`path ${r.path}`);
  if (r.language !== language) bad(`language ${r.language}`);
  if (!Array.isArray(r.models)) return [...out, 'models is not an array'];
  if (r.skipped !== undefined && (typeof r.skipped !== 'string' || !r.skipped.startsWith('skipped: '))) bad(`skipped ${String(r.skipped)}`);
  if (r.skipped && /internal error/.test(r.skipped)) bad(r.skipped);
  const lineCount = text.split('\n').length;
  walkNumbers(r, '', (where, n) => { if (!Number.isFinite(n)) bad(`${where} = ${n}`); });
  for (const m of r.models) {
    const at = `${m.name}`;
    if (typeof m.name !== 'string' || !['class', 'function', 'variable'].includes(m.kind) || !['pytorch', 'keras', 'tfjs'].includes(m.framework)) bad(`${at}: name/kind/framework`);
    if (!Number.isInteger(m.line) || m.line < 1 || m.line > lineCount) bad(`${at}: line ${m.line}`);
    if (!Array.isArray(m.layers) || !Array.isArray(m.diagnostics) || typeof m.unknown !== 'object' || !m.unknown) { bad(`${at}: layers/diagnostics/unknown`); continue; }
    for (const k of MODEL_HEADLINES) if (m[k] === null && typeof m.unknown[k] !== 'string') bad(`${at}.${k} is null without a reason`);
    for (const k of ['params', 'trainable', 'nonTrainable', 'knownParams', 'macs'] as const) {
      const v = m[k];
      if (v !== null && (!Number.isInteger(v) || v < 0)) bad(`${at}.${k} = ${v}`);
    }
    for (const l of m.layers) {
      const lat = `${at}/${l.path}`;
      if (!Number.isInteger(l.line) || l.line < 1 || (!l.file && l.line > lineCount)) bad(`${lat}: line ${l.line}`);
      if (typeof l.unknown !== 'object' || !l.unknown) { bad(`${lat}: unknown`); continue; }
      for (const k of LAYER_HEADLINES) {
        // A bare nn.Parameter has no output.
        if (k === 'outputShape' && l.type === 'Parameter') continue;
        if (l[k] === null && typeof l.unknown[k] !== 'string') bad(`${lat}.${k} is null without a reason`);
      }
      if (l.params !== null && (!Number.isInteger(l.params) || l.params < 0)) bad(`${lat}.params = ${l.params}`);
    }
    for (const d of m.diagnostics) if (!Number.isInteger(d.line) || d.line < 1 || d.line > lineCount || !d.message) bad(`${at}: diagnostic ${JSON.stringify(d)}`);
  }
  return out;
}

function walkNumbers(v: unknown, where: string, f: (where: string, n: number) => void): void {
  if (typeof v === 'number') f(where, v);
  else if (Array.isArray(v)) v.forEach((x, i) => walkNumbers(x, `${where}[${i}]`, f));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walkNumbers(x, where ? `${where}.${k}` : k, f);
}

/** What must not change in a model when code after it changes. */
export function essentials(m: ModelReport): unknown {
  return { name: m.name, params: m.params, trainable: m.trainable, layers: m.layers };
}

/** The earlier models of a tail fixture whose report differs from the unmutated run. */
export function changedBefore(fx: Fixture, r: FileReport): string[] {
  const out: string[] = [];
  for (const name of fx.tail!.before) {
    const was = fx.tail!.base.models.find((m) => m.name === name)!;
    const now = r.models.find((m) => m.name === name && m.line === was.line);
    if (!now) out.push(`${name} disappeared`);
    else if (JSON.stringify(essentials(now)) !== JSON.stringify(essentials(was))) out.push(`${name} changed`);
  }
  return out;
}
