// Small helpers over the Lezer JavaScript/TypeScript tree.
import { TreeFragment, type SyntaxNode, type Tree } from '@lezer/common';
import { parser } from '@lezer/javascript';

const tsParser = parser.configure({ dialect: 'ts' });
const tsxParser = parser.configure({ dialect: 'ts jsx' });
const jsxParser = parser.configure({ dialect: 'jsx' });

/**
 * The last tree of each recently parsed file, with its text: the next parse of the same file reuses the parts
 * an edit left alone (Lezer's incremental parsing), and the same text is not parsed again. Bounded by the total
 * length of the texts kept.
 */
const lastParse = new Map<string, { text: string; tree: Tree }>();
let keptChars = 0;
const MAX_KEPT_CHARS = 8_000_000;

/** Parses a file; TypeScript syntax is accepted in .js files too (it only adds annotations). */
export function parseTs(text: string, path: string): Tree {
  const p = /\.tsx$/i.test(path) ? tsxParser : /\.jsx$/i.test(path) ? jsxParser : tsParser;
  const key = `${p === tsParser ? 'ts' : p === tsxParser ? 'tsx' : 'jsx'}:${path}`;
  const last = lastParse.get(key);
  if (last && last.text === text) {
    lastParse.delete(key);
    lastParse.set(key, last);
    return last.tree;
  }
  let tree: Tree;
  if (last) {
    // One changed range: the text between the common prefix and the common suffix of the two versions.
    const a = last.text, b = text;
    const max = Math.min(a.length, b.length);
    // Whole blocks first (a string comparison is native), then character by character.
    const BLOCK = 2048;
    let from = 0;
    while (from + BLOCK <= max && a.slice(from, from + BLOCK) === b.slice(from, from + BLOCK)) from += BLOCK;
    while (from < max && a.charCodeAt(from) === b.charCodeAt(from)) from++;
    let tail = 0;
    while (tail + BLOCK <= max - from && a.slice(a.length - tail - BLOCK, a.length - tail) === b.slice(b.length - tail - BLOCK, b.length - tail)) tail += BLOCK;
    while (tail < max - from && a.charCodeAt(a.length - 1 - tail) === b.charCodeAt(b.length - 1 - tail)) tail++;
    const fragments = TreeFragment.applyChanges(TreeFragment.addTree(last.tree), [{ fromA: from, toA: a.length - tail, fromB: from, toB: b.length - tail }]);
    tree = p.parse(text, fragments);
    keptChars -= a.length;
    lastParse.delete(key);
  } else tree = p.parse(text);
  // A copy of the text: a slice of an editor's document would keep the whole document alive.
  lastParse.set(key, { text: (' ' + text).slice(1), tree });
  keptChars += text.length;
  while (keptChars > MAX_KEPT_CHARS && lastParse.size > 1) {
    const [k, v] = lastParse.entries().next().value as [string, { text: string }];
    lastParse.delete(k);
    keptChars -= v.text.length;
  }
  return tree;
}

/** Forgets every remembered parse (tests and benchmarks). */
export function clearTsParses(): void {
  lastParse.clear();
  keptChars = 0;
}

/** Direct children of a node, comments and error markers left out. */
export function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment' && c.name !== 'BlockComment' && c.name !== '⚠') out.push(c);
  return out;
}

/** Statements that only declare types. */
export function isTypeOnly(name: string): boolean {
  return /^(InterfaceDeclaration|TypeAliasDeclaration|AmbientDeclaration|AmbientFunctionDeclaration|NamespaceDeclaration|ModuleDeclaration)$/.test(name);
}

/** The value of a JS string literal token. */
export function stringValue(raw: string): string {
  const body = raw.slice(1, raw.length > 1 && raw[raw.length - 1] === raw[0] ? -1 : undefined);
  return unescape(body);
}

export function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|\r\n|[\s\S])/g, (_, e: string) => {
    switch (e[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '0': return '\0';
      case '\n': case '\r': return '';
      case 'x': { const c = parseInt(e.slice(1), 16); return Number.isNaN(c) ? e : String.fromCharCode(c); }
      case 'u': {
        // A malformed escape (`\ui`) is a syntax error in JS: keep its text rather than fail.
        const c = parseInt(e.replace(/[u{}]/g, ''), 16);
        return Number.isInteger(c) && c >= 0 && c <= 0x10ffff ? String.fromCodePoint(c) : e;
      }
      default: return e;
    }
  });
}

export function numberValue(raw: string): number {
  const s = raw.replace(/_/g, '').replace(/n$/, '');
  if (/^0[oO]/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0[bB]/.test(s)) return parseInt(s.slice(2), 2);
  return Number(s);
}
