// Parsing in pieces (src/python/chunks.ts): where the pieces start, that the joined tree is the whole-file tree,
// and that an edit parses only the piece that holds it.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parser } from '@lezer/python';
import type { Tree } from '@lezer/common';
import { pieceStarts, parseInPieces, pieceCounter, clearPieces, floatsBeforeKeywords } from '../../src/python/chunks';

function nodes(tree: Tree): string[] {
  const out: string[] = [];
  tree.iterate({ enter(n) { if (n.name) out.push(`${n.name}@${n.from}-${n.to}`); } });
  return out;
}

/** The first line of each piece. */
function firstLines(text: string): string[] {
  return pieceStarts(text).map((s) => text.slice(s, text.indexOf('\n', s) < 0 ? text.length : text.indexOf('\n', s)));
}

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isDirectory()) out.push(...pythonFiles(p));
    else if (p.endsWith('.py')) out.push(p);
  }
  return out;
}

describe('Pieces of a Python file', () => {
  it('start at compound statements, with their decorators and their else/except/finally parts', () => {
    const text = 'import torch\n\n@register\n@other(1)\nclass A:\n    x = 1\n\nif X:\n    pass\nelse:\n    pass\ntry:\n    f()\nexcept E:\n    pass\nfinally:\n    g()\ndef f():\n    return 1\n';
    assert.deepStrictEqual(firstLines(text), ['import torch', '@register', 'if X:', 'try:', 'def f():']);
  });

  it('never start inside brackets, strings or backslash continuations', () => {
    const text = [
      'x = [', 'class NotAStatement', ']', 'def f():', '    s = """', 'class InString:', '"""',
      '    return s', "y = 'a' \\", 'class Continued', 'def g(): pass', "r = r'\\'' ; q = '#'", 'class B: pass', '',
    ].join('\n');
    assert.deepStrictEqual(firstLines(text), ['x = [', 'def f():', "y = 'a' \\", 'def g(): pass', "r = r'\\'' ; q = '#'", 'class B: pass']);
  });

  it('handle CRLF line ends and an unterminated string without running past the end', () => {
    assert.deepStrictEqual(firstLines('x = 1 \\\r\n+ 2\r\nclass A:\r\n    pass\r\n'), ['x = 1 \\\r', 'class A:\r']);
    assert.deepStrictEqual(firstLines('s = """never closed\nclass A:\n    pass\n'), ['s = """never closed']);
    assert.deepStrictEqual(firstLines("s = 'open\nclass A:\n    pass\n"), ["s = 'open", 'class A:']);
  });

  it('join into the tree a whole-file parse gives, for every Python file of the tests and examples', () => {
    const files = [...pythonFiles('test/fixtures'), ...pythonFiles('examples'), ...pythonFiles('test/editor/workspace')];
    assert.ok(files.length > 60, `found ${files.length} files`);
    let multi = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      if (pieceStarts(text).length > 1) multi++;
      // The same text the pieces are parsed from (trailing-dot floats before a keyword made readable, same length).
      assert.deepStrictEqual(nodes(parseInPieces(text)), nodes(parser.parse(floatsBeforeKeywords(text))), f);
    }
    assert.ok(multi > 50, `${multi} files have more than one piece`);
  });

  it('parse only the edited piece again after an edit', () => {
    clearPieces();
    const block = (i: number) => `# input: 3x32x32\nclass Net${i}(nn.Module):\n    def __init__(self, n=10):\n        super().__init__()\n        self.fc = nn.Linear(8, n)\n\n`;
    let text = 'import torch\nimport torch.nn as nn\n';
    for (let i = 0; i < 50; i++) text += block(i);
    parseInPieces(text);
    const before = pieceCounter.parsed;
    const at = text.indexOf('n=10', text.indexOf('class Net20'));
    const edited = `${text.slice(0, at)}n=12${text.slice(at + 4)}`;
    const tree = parseInPieces(edited);
    assert.strictEqual(pieceCounter.parsed - before, 1);
    assert.deepStrictEqual(nodes(tree), nodes(parser.parse(edited)));
  });
});
