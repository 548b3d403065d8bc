// Which file a relative specifier names, and what a module exports, read from syntax alone (nothing runs here):
// the helpers of the module loader (modules.ts) and of the check that an entry file reaches TF.js.
import type { SyntaxNode } from '@lezer/common';
import { type ImportSettings, DEFAULT_MAX_IMPORT_BYTES, dirname, join } from '../core/modules';
import { kids, stringValue } from './syntax';

/** The binding `export default <expression>` (and unnamed default functions and classes) is stored under. */
export const DEFAULT_EXPORT = '*default*';

/** Modules one analysis evaluates at most. */
export const MAX_MODULES = 100;

/** What a module exports, read from its syntax (before it runs). */
export interface ExportTable {
  /** Exported name -> the module's own binding. */
  locals: Map<string, string>;
  /** Exported name -> a name of another module (`*`: its namespace). */
  from: Map<string, { spec: string; name: string }>;
  /** `export * from spec`. */
  stars: string[];
  /** Specifiers of static imports and re-exports, in source order. */
  deps: string[];
  /** The file uses `import`/`export` (else it is CommonJS). */
  esm: boolean;
  /** Positions of the import declarations TypeScript drops (no binding used as a value): they load nothing. */
  elided: Set<number>;
  /** Names import declarations bind. */
  bound: Set<string>;
}

const EXTS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
/** TypeScript lets `./x.js` name `x.ts` (the file it compiles to). */
const SOURCE_OF: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

export const isRelative = (spec: string) => /^\.\.?(\/|$)/.test(spec) || spec.startsWith('/');

/** The workspace file a relative specifier names, or null (packages, files that do not exist). */
export function resolveTs(settings: ImportSettings, fromFile: string, spec: string): string | null {
  if (!isRelative(spec)) return null;
  const base = spec.startsWith('/') ? join('/', spec) : join(dirname(fromFile), spec);
  const candidates: string[] = [];
  const ext = /\.[a-z]+$/.exec(base)?.[0];
  if (ext && (EXTS.includes(ext) || ext === '.json')) {
    candidates.push(base);
    for (const e of SOURCE_OF[ext] ?? []) candidates.push(base.slice(0, -ext.length) + e);
  }
  for (const e of EXTS) candidates.push(base + e);
  for (const e of EXTS) candidates.push(`${base}/index${e}`);
  for (const c of candidates) if (settings.reader.read(c) !== null) return c;
  return null;
}

export const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Specifiers the file imports, re-exports, requires or imports dynamically (read from the tree, not the text). */
export function moduleSpecs(script: SyntaxNode, text: string): string[] {
  const found: { at: number; spec: string }[] = [];
  const strings = (n: SyntaxNode | null) => {
    for (let c = n?.firstChild; c; c = c.nextSibling) if (c.name === 'String') found.push({ at: c.from, spec: stringValue(text.slice(c.from, c.to)) });
  };
  for (const word of ['import', 'export', 'require']) {
    tokensNamed(script, text, word, 0, (node) => {
      const parent = node.parent;
      if (word === 'require') {
        // `require('x')`: the callee of a call.
        if (node.name === 'VariableName' && parent?.name === 'CallExpression' && parent.firstChild?.from === node.from) strings(parent.getChild('ArgList'));
      } else if (node.name === word && (parent?.name === 'ImportDeclaration' || parent?.name === 'ExportDeclaration' || parent?.name === 'DynamicImport')) strings(parent);
    });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.spec);
}

/**
 * The nodes that are exactly the occurrences of `word` in the text (not those inside strings, comments or longer
 * names): found with the text's own search and the tree's lookup at each, instead of a walk over every node.
 */
export function tokensNamed(top: SyntaxNode, text: string, word: string, base: number, visit: (node: SyntaxNode) => boolean | void): void {
  const isWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
  // `text` starts at offset `base` of the document.
  for (let i = text.indexOf(word, top.from - base); i >= 0 && i + base < top.to; i = text.indexOf(word, i + word.length)) {
    if ((i > 0 && isWord(text.charCodeAt(i - 1))) || isWord(text.charCodeAt(i + word.length))) continue;
    const at = i + base;
    const node = top.resolveInner(at, 1);
    if (node.from === at && node.to === at + word.length && visit(node)) return;
  }
}

/** Import-like specifiers in a text, found without parsing (a coarse scan: it only decides what to evaluate). */
const SPEC = /\b(?:from|import|require)\s*\(?\s*(['"])([^'"\n]{1,300})\1/g;

/** Files the check of an entry's imports reads at most. */
const MAX_REACH = 50;

/**
 * Whether a file, or a workspace file it imports (transitively), loads a package `wanted` accepts. The imported
 * files are scanned, not parsed: this only decides whether the entry is worth evaluating.
 */
export function reaches(settings: ImportSettings, path: string, script: SyntaxNode, text: string, wanted: (spec: string) => boolean): boolean {
  const seen = new Set<string>([path]);
  const queue: { path: string; specs: string[] }[] = [{ path, specs: moduleSpecs(script, text) }];
  const max = settings.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  while (queue.length) {
    const f = queue.shift()!;
    for (const spec of f.specs) {
      if (wanted(spec)) return true;
      if (!isRelative(spec) || seen.size >= MAX_REACH) continue;
      const p = resolveTs(settings, f.path, spec);
      if (!p || seen.has(p)) continue;
      seen.add(p);
      const t = settings.reader.read(p);
      if (t !== null && t.length <= max) queue.push({ path: p, specs: [...t.matchAll(SPEC)].map((m) => m[2]) });
    }
  }
  return false;
}

// ---- the export table ----

/** `export default name;`: the declaration's expression is a single variable name. */
export function isBareName(decl: SyntaxNode | undefined, ks: SyntaxNode[]): decl is SyntaxNode {
  return decl?.name === 'VariableName' && ks.every((k, i) => i < 2 || k === decl || k.name === ';');
}

export function exportTable(it: { src(n: SyntaxNode): string }, top: SyntaxNode, typescript: boolean): ExportTable {
  const t: ExportTable = { locals: new Map(), from: new Map(), stars: [], deps: [], esm: false, elided: new Set(), bound: new Set() };
  let text: string | undefined;
  for (const st of kids(top)) {
    if (st.name !== 'ImportDeclaration' && st.name !== 'ExportDeclaration') continue;
    const ks = kids(st);
    if (ks[1]?.name === 'type') continue;
    const names = st.name === 'ImportDeclaration' ? importedNames(it, st) : null;
    for (const n of names ?? []) t.bound.add(n);
    if (typescript && names) {
      text ??= it.src(top);
      if (names && !names.some((n) => usedAsValue(top, text!, n))) { t.elided.add(st.from); t.esm = true; continue; }
    }
    const specNode = ks.some((k) => k.name === 'from') || st.name === 'ImportDeclaration' ? st.getChild('String') : null;
    const spec = specNode ? stringValue(it.src(specNode)) : null;
    if (spec !== null) t.deps.push(spec);
    if (st.name === 'ImportDeclaration') { t.esm ||= !!spec; continue; }
    if (ks[1]?.name === 'Equals') continue; // `export = x`: CommonJS
    t.esm = true;
    const decl = ks[ks[1]?.name === 'default' ? 2 : 1];
    if (ks[1]?.name === 'default') {
      // `export default build;` exports the binding `build` itself, as `export { build as default }` would: the
      // value is not a second definition (a builder listed twice, built twice).
      const name = /^(FunctionDeclaration|ClassDeclaration)$/.test(decl?.name ?? '') ? decl!.getChild('VariableDefinition')
        : isBareName(decl, ks) ? decl : null;
      t.locals.set('default', name ? it.src(name) : DEFAULT_EXPORT);
    } else if (decl?.name === 'Star') {
      const as = ks.findIndex((k) => k.name === 'as');
      if (spec === null) continue;
      if (as >= 0 && ks[as + 1]) t.from.set(it.src(ks[as + 1]), { spec, name: '*' });
      else t.stars.push(spec);
    } else if (decl?.name === 'ExportGroup') {
      const gs = kids(decl).filter((k) => k.name !== '{' && k.name !== '}');
      for (let i = 0; i < gs.length; i++) {
        if (gs[i].name === 'type' && gs[i + 1] && gs[i + 1].name !== ',') { i++; while (gs[i + 1] && gs[i + 1].name !== ',') i++; continue; }
        if (gs[i].name !== 'VariableName' && gs[i].name !== 'String' && gs[i].name !== 'default') continue;
        const local = stringOrName(it, gs[i]);
        let exported = local;
        if (gs[i + 1]?.name === 'as' && gs[i + 2]) { exported = stringOrName(it, gs[i + 2]); i += 2; }
        if (spec !== null) t.from.set(exported, { spec, name: local });
        else t.locals.set(exported, local);
      }
    } else if (decl?.name === 'VariableDeclaration') {
      for (const name of declaredNames(it, decl)) t.locals.set(name, name);
    } else if (decl && /^(FunctionDeclaration|ClassDeclaration|EnumDeclaration)$/.test(decl.name)) {
      const name = decl.getChild('VariableDefinition') ?? decl.getChild('TypeDefinition');
      if (name) t.locals.set(it.src(name), it.src(name));
    }
  }
  return t;
}

/** The local names an import declaration binds as values; null for `import 'x'` and `import {} from 'x'`. */
function importedNames(it: { src(n: SyntaxNode): string }, st: SyntaxNode): string[] | null {
  const out: string[] = [];
  let any = false;
  for (const k of kids(st)) {
    if (k.name === 'VariableDefinition') { out.push(it.src(k)); any = true; }
    if (k.name !== 'ImportGroup') continue;
    const gs = kids(k);
    for (let j = 0; j < gs.length; j++) {
      if (gs[j].name === 'type') { any = true; while (gs[j + 1] && gs[j + 1].name !== ',' && gs[j + 1].name !== '}') j++; continue; }
      if (gs[j].name === 'VariableDefinition') { out.push(it.src(gs[j])); any = true; }
    }
  }
  return any ? out : null;
}

/** Whether a name is used as a value (not as a type) outside import declarations. */
function usedAsValue(top: SyntaxNode, text: string, name: string): boolean {
  let used = false;
  tokensNamed(top, text, name, top.from, (node) => {
    // `{ units }` uses `units`.
    const prop = node.parent;
    used = node.name === 'VariableName' || node.name === 'JSXIdentifier' || (node.name === 'PropertyDefinition' && prop?.name === 'Property' && kids(prop).length === 1);
    return used;
  });
  return used;
}

export function stringOrName(it: { src(n: SyntaxNode): string }, n: SyntaxNode): string {
  return n.name === 'String' ? stringValue(it.src(n)) : it.src(n);
}

/** Names a declaration binds (patterns included, not names inside initialisers). */
function declaredNames(it: { src(n: SyntaxNode): string }, decl: SyntaxNode): string[] {
  const out: string[] = [];
  const walk = (n: SyntaxNode) => {
    if (n.name === 'VariableDefinition') out.push(it.src(n));
    else if (n.name === 'ObjectPattern' || n.name === 'ArrayPattern' || n.name === 'PatternProperty') {
      for (const k of kids(n)) {
        if (k.name === 'Equals') break;
        walk(k);
      }
    }
  };
  const ks = kids(decl);
  for (let i = 0; i < ks.length; i++) {
    if (ks[i].name === 'Equals') { while (ks[i + 1] && ks[i + 1].name !== ',') i++; continue; }
    walk(ks[i]);
  }
  return out;
}

