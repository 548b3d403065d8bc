// The same MNIST convnet written with TensorFlow.js in TypeScript: the surfaces work in TS files too.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { WORKSPACE, eventually, hoverText, inlayHints, lensTitles, lineOf, openFile, positionOf } from './helpers';

describe('workspace/mnist_tfjs.ts (TensorFlow.js)', () => {
  let doc: vscode.TextDocument;
  before(async () => { doc = await openFile(path.join(WORKSPACE, 'mnist_tfjs.ts')); });

  it('is a TypeScript document', () => {
    assert.strictEqual(doc.languageId, 'typescript');
  });

  it('CodeLens above `const model`: the same 189,130 params as the PyTorch version', async () => {
    const lenses = await eventually(() => lensTitles(doc), (l) => l.length > 0, 20000);
    assert.deepStrictEqual(lenses.map((l) => [l.line, l.title]), [[lineOf(doc, 'const model ='), 'model · 189,130 params · 0.72 MB · 2.94 M MACs']]);
  });

  it('inlay hint and hover on the second conv2d: 3×3×16 ×32 · 4,640', async () => {
    const hints = await eventually(() => inlayHints(doc), (h) => h.length >= 3, 20000);
    const line = lineOf(doc, 'filters: 32');
    assert.deepStrictEqual(hints.filter((h) => h.line === line).map((h) => h.label.trim()), ['3×3×16 ×32 · 4,640']);
    const text = await eventually(() => hoverText(doc, positionOf(doc, 'conv2d({ filters: 32', 'conv2d')), (t) => t.includes('4,640'), 20000);
    assert.ok(text.includes('3×3×16'), text);
  });
});
