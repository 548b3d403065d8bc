// Parsing a Python file in pieces: the text is cut at the starts of top-level statements, each piece is parsed on
// its own (and remembered by its text), and the pieces' trees are joined under one Script node. After a keystroke
// only the piece that holds the edit is parsed again. Lezer's own incremental parsing cannot reuse top-level
// statements that follow a comment line at column 0 (the grammar reads such lines into the preceding block), and
// model files are full of those.
import { Tree, NodeType } from '@lezer/common';
import { parser } from '@lezer/python';

/** Keywords that continue the compound statement above them: never the start of a piece. */
const CONTINUATIONS = ['else', 'elif', 'except', 'finally'];
/** Keywords of compound statements: each gets a piece of its own. */
const COMPOUND = ['class', 'def', 'async', 'if', 'for', 'while', 'with', 'try', 'match'];

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 12;
}

function isIdent(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

/** The keyword (or name) a line starts with, if it is one of `words`. */
function startsWithWord(text: string, at: number, words: readonly string[]): boolean {
  for (const w of words) {
    if (text.startsWith(w, at) && !isIdent(text.charCodeAt(at + w.length))) return true;
  }
  return false;
}

/**
 * Offsets where the pieces start (the first is 0). A piece starts at a line that begins in column 0 outside any
 * bracket, string or backslash continuation: a compound statement (with its decorators) is a piece of its own;
 * runs of simple statements are cut where a line's text hashes to 0 mod 16, so a cut depends only on its own line
 * and an edit elsewhere never moves it.
 */
export function pieceStarts(text: string): number[] {
  const starts = [0];
  const n = text.length;
  let depth = 0;
  let i = 0;
  let prevCompound = true; // the previous statement was compound (or there was none)
  let afterDecorator = false;
  let first = true;
  while (i < n) {
    // i is at the start of a line that is not inside a string, and not continued by a backslash.
    if (depth === 0) {
      const c = text.charCodeAt(i);
      if (!isSpace(c) && c !== 10 && c !== 13 && c !== 35) {
        const decorator = c === 64; // @
        const compound = decorator || startsWithWord(text, i, COMPOUND);
        const cont = startsWithWord(text, i, CONTINUATIONS);
        if (!first && !cont && !afterDecorator && (compound || prevCompound || lineHash(text, i) % 16 === 0)) starts.push(i);
        if (!cont) {
          prevCompound = compound;
          afterDecorator = decorator;
        }
        first = false;
      }
    }
    i = scanLine(text, i, (d) => { depth = Math.max(0, depth + d); });
  }
  return starts;
}

function lineHash(text: string, at: number): number {
  let h = 0;
  for (let k = at; k < at + 40 && k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) break;
    h = (h * 31 + c) | 0;
  }
  return h >>> 0;
}

/**
 * Scans from `i` to the start of the next logical line: through comments, strings (which may span lines) and
 * backslash continuations; reports bracket depth changes. Returns the offset after the line's newline.
 */
function scanLine(text: string, i: number, bracket: (delta: number) => void): number {
  const n = text.length;
  const special = SPECIAL;
  while (i < n) {
    // Jump to the next character that matters here.
    special.lastIndex = i;
    if (!special.test(text)) return n;
    i = special.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 35) { // comment to the end of the line
      const nl = text.indexOf('\n', i);
      return nl < 0 ? n : nl + 1;
    }
    if (c === 92) { // backslash: the next character (a newline too, \r\n included) is part of this line
      i += text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) bracket(1);
    else if (c === 41 || c === 93 || c === 125) bracket(-1);
    else if (c === 39 || c === 34) {
      i = skipString(text, i);
      continue;
    }
    i++;
  }
  return n;
}

/** The characters scanLine stops at: newline, comment, backslash, brackets, quotes. */
const SPECIAL = /[\n#\\()[\]{}'"]/g;

/** From an opening quote to after the closing one (or to the end of the line / file when it is not closed). */
function skipString(text: string, i: number): number {
  const n = text.length;
  const q = text.charCodeAt(i);
  const triple = text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q;
  i += triple ? 3 : 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 92) { i += 2; continue; } // an escape (also in raw strings, where it keeps the quote)
    if (c === q) {
      if (!triple) return i + 1;
      if (text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q) return i + 3;
    } else if (c === 10 && !triple) return i; // unterminated: the line ends it
    i++;
  }
  return n;
}

/** Parsed pieces by their text, least recently used first; bounded by their total length. */
const pieces = new Map<string, Tree>();
/** A number per parsed piece: equal numbers mean the same text parsed once. */
const serials = new WeakMap<Tree, number>();
let nextSerial = 1;
/** The pieces a joined tree was made of. */
const joined = new WeakMap<Tree, { starts: number[]; trees: Tree[] }>();
let cachedChars = 0;
const MAX_CACHED_CHARS = 8_000_000;
/** How many pieces were parsed (not found in the cache) so far: for tests and the benchmark. */
export const pieceCounter = { parsed: 0 };

function parsePiece(text: string): Tree {
  const hit = pieces.get(text);
  if (hit) {
    pieces.delete(text);
    pieces.set(text, hit);
    return hit;
  }
  const tree = parser.parse(floatsBeforeKeywords(text));
  pieceCounter.parsed++;
  serials.set(tree, nextSerial++);
  // A slice keeps the whole text it was cut from alive (V8): remember a copy of just the piece.
  pieces.set(copyOf(text), tree);
  cachedChars += text.length;
  while (cachedChars > MAX_CACHED_CHARS && pieces.size > 1) {
    const oldest = pieces.keys().next().value as string;
    pieces.delete(oldest);
    cachedChars -= oldest.length;
  }
  return tree;
}

/**
 * `0. else`: Python reads the float `0.` and the keyword; @lezer/python reads `0` and an attribute named `else`,
 * which breaks the whole statement (timm's `DropPath(p) if p > 0. else nn.Identity()`). The parser is given
 * `0.0else` instead, which Python reads the same way: one character for another, so every position stays where
 * it is and the evaluator reads the literal from the original text. A trailing dot before anything else (`4.)`,
 * `4.,`) parses as an attribute access with no name, which the evaluator reads as a float.
 */
export function floatsBeforeKeywords(text: string): string {
  return text.includes('. ') ? text.replace(TRAILING_DOT_BEFORE_NAME, '$1.0') : text;
}
const TRAILING_DOT_BEFORE_NAME = /(?<![\w.])([0-9][0-9_]*)\. (?=[A-Za-z_])/g;

/** A string with the characters of `s` that shares no memory with the string `s` was sliced from. */
function copyOf(s: string): string {
  // Flattening a concatenation makes a new string; the slice of it refers to that string only.
  return (' ' + s).slice(1);
}

/** Parses `text` piece by piece (see above); the tree has the same named nodes as a whole-file parse. */
export function parseInPieces(text: string): Tree {
  const starts = pieceStarts(text);
  if (starts.length === 1) {
    const tree = parsePiece(text);
    joined.set(tree, { starts, trees: [tree] });
    return tree;
  }
  const children: Tree[] = [];
  const trees: Tree[] = [];
  let top: NodeType | null = null;
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k];
    const to = k + 1 < starts.length ? starts[k + 1] : text.length;
    const t = parsePiece(text.slice(from, to));
    top = t.type;
    trees.push(t);
    children.push(new Tree(NodeType.none, t.children, t.positions, t.length));
  }
  const tree = new Tree(top as NodeType, children, starts, text.length);
  joined.set(tree, { starts, trees });
  return tree;
}

/** Index of the piece of `tree` that holds offset `pos`. */
function pieceAt(starts: number[], pos: number): number {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/**
 * An identity of the text from `pos` on: the piece holding it (equal for equal piece texts while the piece stays
 * remembered) and the offset in it. Null for trees not made here.
 */
export function pieceIdentity(tree: Tree, pos: number): string | null {
  const j = joined.get(tree);
  if (!j) return null;
  const k = pieceAt(j.starts, pos);
  return `${serials.get(j.trees[k])}:${pos - j.starts[k]}`;
}

/** Comments of a piece, as offsets in the piece (computed once per piece). */
const pieceComments = new WeakMap<Tree, number[]>();

/** [from, to, from, to, …] of every comment of a tree made by parseInPieces (null for other trees). */
export function commentsOf(tree: Tree): number[] | null {
  const j = joined.get(tree);
  if (!j) return null;
  const out: number[] = [];
  for (let k = 0; k < j.trees.length; k++) {
    const t = j.trees[k];
    let cs = pieceComments.get(t);
    if (!cs) {
      const found: number[] = [];
      cs = found;
      try {
        t.iterate({ enter: (n) => { if (n.name === 'Comment') found.push(n.from, n.to); } });
      } catch {
        // @lezer/common 1.5 cursors can fail on trees of ~1,000 unclosed brackets: keep what was found.
      }
      pieceComments.set(t, cs);
    }
    const at = j.starts[k];
    for (let i = 0; i < cs.length; i++) out.push(cs[i] + at);
  }
  return out;
}

/** Drops every remembered piece (tests and memory measurements). */
export function clearPieces(): void {
  pieces.clear();
  cachedChars = 0;
}
