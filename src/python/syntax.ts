// Small helpers over the Lezer Python tree.
import type { SyntaxNode, Tree } from '@lezer/common';
import { parseInPieces } from './chunks';

/** Recently parsed module texts: imported files are parsed once across analyses. */
const trees = new Map<string, Tree>();
const MAX_CACHED = 64;

/**
 * Parses a file piece by piece (chunks.ts): pieces are remembered by their text, so after an edit only the edited
 * top-level statement is parsed again. With `cache`, the whole tree is remembered too (imported modules).
 */
export function parsePython(text: string, cache = false): Tree {
  if (!cache) return parseInPieces(text);
  const hit = trees.get(text);
  if (hit) {
    trees.delete(text);
    trees.set(text, hit);
    return hit;
  }
  const tree = parseInPieces(text);
  trees.set(text, tree);
  if (trees.size > MAX_CACHED) trees.delete(trees.keys().next().value as string);
  return tree;
}

/**
 * Children lists are remembered on the node object. Lezer makes a new node object on each navigation; remembering
 * the children of a node object makes them the same objects on every visit, so a function body evaluated many
 * times is walked once. (A property, not a WeakMap: most nodes are visited once, and WeakMap entries cost the
 * garbage collector more than the walk they save.) The arrays are shared: callers must not change them.
 */
const KIDS = Symbol('kids');
const PARTS = Symbol('parts');
type Memo = SyntaxNode & { [KIDS]?: readonly SyntaxNode[]; [PARTS]?: readonly SyntaxNode[] };

/** Direct children of a node (comments left out). */
export function kids(node: SyntaxNode): readonly SyntaxNode[] {
  const m = node as Memo;
  let out = m[KIDS];
  if (!out) {
    const list: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') list.push(c);
    m[KIDS] = list;
    out = list;
  }
  return out;
}

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '⚠']);

/** Children that carry meaning (no brackets, commas, colons). */
export function parts(node: SyntaxNode): readonly SyntaxNode[] {
  const m = node as Memo;
  let out = m[PARTS];
  if (!out) {
    out = kids(node).filter((c) => !PUNCT.has(c.name));
    m[PARTS] = out;
  }
  return out;
}

/** The first child named `name` (Lezer's getChild, over the remembered children). */
export function child(node: SyntaxNode, name: string): SyntaxNode | null {
  for (const c of kids(node)) if (c.name === name) return c;
  return null;
}

/** The children named `name`. */
export function childrenNamed(node: SyntaxNode, name: string): SyntaxNode[] {
  return kids(node).filter((c) => c.name === name);
}

/** Whether an expression is made of number literals and arithmetic only (`16 * 5 * 5`), so a quick fix may replace it. */
export function isNumberExpression(node: SyntaxNode): boolean {
  switch (node.name) {
    case 'Number': return true;
    case 'BinaryExpression': case 'UnaryExpression': case 'ParenthesizedExpression':
      return kids(node).every((c) => c.name === 'ArithOp' || c.name === '(' || c.name === ')' || PUNCT.has(c.name) || isNumberExpression(c));
    default: return false;
  }
}

/** Maps offsets to 1-based lines. */
export class LineIndex {
  private starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  line(offset: number): number {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  }
  column(offset: number): number {
    return offset - this.starts[this.line(offset) - 1];
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }
  get count(): number {
    return this.starts.length;
  }
}

/** The value of a Python string literal token (prefixes, triple quotes, common escapes). */
export function stringValue(raw: string): string | null {
  const m = /^([rRbBuUfF]*)('''|"""|'|")/.exec(raw);
  if (!m) return null;
  const prefix = m[1].toLowerCase();
  const q = m[2];
  if (!raw.endsWith(q) || raw.length < m[0].length + q.length) return null;
  const body = raw.slice(m[0].length, raw.length - q.length);
  if (prefix.includes('b')) return null;
  if (prefix.includes('r')) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|N\{[^}]*\}|[\s\S])/g, (_, e: string) => {
    switch (e[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '0': return '\0';
      case '\n': return '';
      case 'x': case 'u': return String.fromCharCode(parseInt(e.slice(1), 16));
      case 'N': return '?';
      default: return e;
    }
  });
}

/** The value of a Python number literal, or null (complex numbers). */
export function numberValue(raw: string): { value: number; float: boolean } | null {
  const s = raw.replace(/_/g, '');
  if (/[jJ]$/.test(s)) return null;
  if (/^0[xX]/.test(s)) return { value: parseInt(s.slice(2), 16), float: false };
  if (/^0[oO]/.test(s)) return { value: parseInt(s.slice(2), 8), float: false };
  if (/^0[bB]/.test(s)) return { value: parseInt(s.slice(2), 2), float: false };
  if (/^[0-9]+[lL]?$/.test(s)) return { value: parseInt(s, 10), float: false };
  const v = Number(s);
  return Number.isNaN(v) ? null : { value: v, float: true };
}

/** Whether a def's body yields (not counting nested defs, lambdas and classes); remembered per node. */
const GENERATOR = Symbol('generator');
export function isGenerator(def: SyntaxNode): boolean {
  const m = def as SyntaxNode & { [GENERATOR]?: boolean };
  if (m[GENERATOR] !== undefined) return m[GENERATOR];
  // Iterative and bounded: a body of thousands of nested brackets (mid-edit) must not overflow the stack, and
  // @lezer/common can fail to walk such trees; a yield that deep is not real code.
  let found = false;
  try {
    const body = child(def, 'Body');
    const stack: [SyntaxNode, number][] = body ? [[body, 0]] : [];
    while (stack.length && !found) {
      const [n, depth] = stack.pop()!;
      if (depth > 100) continue;
      for (const c of kids(n)) {
        if (c.name === 'YieldStatement' || c.name === 'YieldExpression') { found = true; break; }
        if (c.name !== 'FunctionDefinition' && c.name !== 'LambdaExpression' && c.name !== 'ClassDefinition') stack.push([c, depth + 1]);
      }
    }
  } catch {
    found = false;
  }
  return (m[GENERATOR] = found);
}
