// TS/JS files are parsed incrementally (the last tree of each file is reused for the parts an edit left
// alone): the tree after any edit must equal a fresh parse of the new text.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parser } from '@lezer/javascript';
import type { Tree } from '@lezer/common';
import { parseTs, clearTsParses } from '../../src/typescript/syntax';

const tsParser = parser.configure({ dialect: 'ts' });

function nodes(t: Tree): string {
  const out: string[] = [];
  t.iterate({ enter: (n) => { out.push(`${n.name}@${n.from}-${n.to}`); } });
  return out.join(' ');
}

function files(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name)) : /\.(ts|js)$/.test(e.name) ? [path.join(d, e.name)] : []));
}

describe('Incremental TS/JS parsing', () => {
  it('gives the tree of a fresh parse after every one of a run of random edits, on every TF.js fixture', () => {
    let seed = 7;
    const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
    const tokens = ['(', ')', '{', '}', ',', ';', 'x', ' ', '\n', '"', '`', '/', '*', '=>', 'const ', '1', '//', '/*'];
    const all = [...files('test/fixtures/tfjs'), ...files('test/fixtures/tfjs-multi')];
    assert.ok(all.length > 30, `${all.length} files`);
    let edits = 0;
    for (const f of all) {
      let text = fs.readFileSync(f, 'utf8');
      clearTsParses();
      parseTs(text, 'edited.ts');
      for (let i = 0; i < 15; i++) {
        const at = Math.floor(rnd() * text.length);
        text = rnd() < 0.5 ? text.slice(0, at) + tokens[Math.floor(rnd() * tokens.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 3));
        assert.equal(nodes(parseTs(text, 'edited.ts')), nodes(tsParser.parse(text)), `${f}, edit ${i}`);
        edits++;
      }
    }
    assert.ok(edits > 400);
  });

  it('returns the same tree for the same text, and a new one for another file', () => {
    clearTsParses();
    const text = "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential();\n";
    const a = parseTs(text, 'a.ts');
    assert.equal(parseTs(text, 'a.ts'), a);
    assert.notEqual(parseTs(text, 'b.ts'), a);
  });
});
