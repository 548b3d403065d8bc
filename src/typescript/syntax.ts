// Small helpers over the Lezer JavaScript/TypeScript tree.
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/javascript';

const tsParser = parser.configure({ dialect: 'ts' });
const tsxParser = parser.configure({ dialect: 'ts jsx' });
const jsxParser = parser.configure({ dialect: 'jsx' });

/** Parses a file; TypeScript syntax is accepted in .js files too (it only adds annotations). */
export function parseTs(text: string, path: string): Tree {
  if (/\.tsx$/i.test(path)) return tsxParser.parse(text);
  if (/\.jsx$/i.test(path)) return jsxParser.parse(text);
  return tsParser.parse(text);
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
