// Keras files (the filter depth f is inferred from the chain) and a model built from another file's blocks.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { REPO, WORKSPACE, eventually, hoverText, inlayHints, lensTitles, lineOf, openFile, positionOf } from './helpers';

describe('workspace/keras_convnet.py (Keras Sequential)', () => {
  let doc: vscode.TextDocument;
  before(async () => { doc = await openFile(path.join(WORKSPACE, 'keras_convnet.py')); });

  it('CodeLens above `model = keras.Sequential`: 50,890 params', async () => {
    const lenses = await eventually(() => lensTitles(doc), (l) => l.length > 0, 20000);
    assert.deepStrictEqual(lenses.map((l) => [l.line, l.title]), [[lineOf(doc, 'model = keras.Sequential'), 'model · 50,890 params · 0.19 MB · 2.80 M MACs']]);
  });

  it('the second Conv2D: f = 16 inferred from the first, 3×3×16 ×32 · 4,640', async () => {
    const line = lineOf(doc, 'layers.Conv2D(32');
    const hints = await eventually(() => inlayHints(doc), (h) => h.some((x) => x.line === line), 20000);
    assert.deepStrictEqual(hints.filter((h) => h.line === line).map((h) => h.label.trim()), ['3×3×16 ×32 · 4,640']);
    const text = await eventually(() => hoverText(doc, positionOf(doc, 'layers.Conv2D(32', 'Conv2D')), (t) => t.includes('4,640'), 20000);
    assert.ok(text.includes('32·(16·3·3+1) = **4,640**'), text);
    assert.ok(text.includes('f = 16: conv2d outputs 16 feature maps'), text);
  });
});

describe('workspace/keras_subclassed.py (subclassed keras.Model)', () => {
  it('hover on `self.conv2` in call() shows conv2d_1 with its inferred depth', async () => {
    const doc = await openFile(path.join(WORKSPACE, 'keras_subclassed.py'));
    const pos = positionOf(doc, 'x = self.conv2(x)', 'conv2');
    const text = await eventually(() => hoverText(doc, pos), (t) => t.includes('4,640'), 20000);
    assert.ok(text.includes('conv2d_1') && text.includes('3×3×16'), text);
  });
});

describe('workspace/keras_custom_block.py (a Keras custom layer used twice)', () => {
  let doc: vscode.TextDocument;
  before(async () => { doc = await openFile(path.join(WORKSPACE, 'keras_custom_block.py')); });

  it('CodeLens: 5,610 params, as tfjs counts the same blocks', async () => {
    const lenses = await eventually(() => lensTitles(doc), (l) => l.length > 0, 20000);
    assert.deepStrictEqual(lenses.map((l) => l.title.split(' · ').slice(0, 2).join(' · ')), ['model · 5,610 params']);
  });

  it('the Conv2D line inside the class: a hint for its two instances and a hover with the first one\'s numbers', async () => {
    const line = lineOf(doc, 'layers.Conv2D(');
    const hints = await eventually(() => inlayHints(doc), (h) => h.some((x) => x.line === line), 20000);
    assert.deepStrictEqual(hints.filter((h) => h.line === line).map((h) => h.label.trim()), ['2× · 5,088 params']);
    const text = await eventually(() => hoverText(doc, positionOf(doc, 'layers.Conv2D(', 'Conv2D')), (t) => t.includes('448'), 20000);
    assert.ok(text.includes('conv_block/conv2d') && text.includes('3×3×3'), text);
  });
});

describe('workspace/proj/model.py (blocks imported from another file)', () => {
  it('counts the imported blocks: CodeLens 5,514 params', async () => {
    const doc = await openFile(path.join(WORKSPACE, 'proj', 'model.py'));
    const lenses = await eventually(() => lensTitles(doc), (l) => l.some((x) => x.title.includes('5,514')), 20000);
    assert.deepStrictEqual(lenses.map((l) => l.title.split(' · ').slice(0, 2).join(' · ')), ['Net · 5,514 params']);
  });
});

describe('test/fixtures/pytorch/resnet_imagenet.py (block classes)', () => {
  it('the lens of a block class says where it is used: BasicBlock used 8× in resnet18', async () => {
    const doc = await openFile(path.join(REPO, 'test', 'fixtures', 'pytorch', 'resnet_imagenet.py'));
    const lenses = await eventually(() => lensTitles(doc), (l) => l.some((x) => x.title.includes('used')), 20000);
    const block = lenses.find((l) => l.line === lineOf(doc, 'class BasicBlock'));
    assert.ok(block && block.title.endsWith('used 8× in resnet18'), JSON.stringify(lenses));
  });
});

describe('workspace/cells.ipynb (a notebook)', () => {
  it('analyses the Python cells in order: CHANNELS from cell 1 gives conv2 its depth in cell 2', async () => {
    const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(path.join(WORKSPACE, 'cells.ipynb')));
    await vscode.window.showNotebookDocument(nb);
    const cell = nb.getCells().find((c) => c.document.getText().includes('class Net'))!;
    const doc = cell.document;
    const line = doc.getText().split('\n').findIndex((t) => t.includes('self.conv2'));
    const hints = await eventually(() => inlayHints(doc), (h) => h.some((x) => x.line === line), 20000);
    assert.deepStrictEqual(hints.filter((h) => h.line === line).map((h) => h.label.trim()), ['3×3×16 ×32 · 4,640']);
    const lenses = await eventually(() => lensTitles(doc), (l) => l.length > 0, 20000);
    assert.deepStrictEqual(lenses.map((l) => [l.line, l.title.split(' · ').slice(0, 2).join(' · ')]), [[1, 'Net · 4,800 params']]);
  });
});
