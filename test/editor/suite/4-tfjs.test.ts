// The same MNIST convnet written with TensorFlow.js in TypeScript: the surfaces work in TS files too.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { WORKSPACE, eventually, hoverText, inlayHints, layerDiagnostics, lensTitles, lineOf, openFile, positionOf } from './helpers';

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

describe('workspace/tfjs_no_input.ts (TF.js diagnostics and summary)', () => {
  it('a first layer without inputShape is an error, as TF.js throws there', async () => {
    const doc = await openFile(path.join(WORKSPACE, 'tfjs_no_input.ts'));
    const diags = await eventually(() => layerDiagnostics(doc.uri), (d) => d.length > 0, 20000);
    assert.deepStrictEqual(diags.map((d) => [d.range.start.line, d.severity]), [[lineOf(doc, 'filters: 16'), vscode.DiagnosticSeverity.Error]]);
    assert.ok(diags[0].message.startsWith('TF.js requires inputShape (or batchInputShape) on the first layer'), diags[0].message);
  });

  it('Show Model Summary works on a TF.js file: mnist_tfjs.ts totals 189,130', async () => {
    await openFile(path.join(WORKSPACE, 'mnist_tfjs.ts'));
    await vscode.commands.executeCommand('layerLens.showSummary');
    const ed = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'layer-lens-summary' && e.document.getText().includes('tfjs')), (e) => !!e, 20000);
    assert.ok(ed, 'a summary of the TF.js model is visible');
    const text = ed.document.getText();
    assert.ok(text.includes('Total params: 189,130') && /conv2d_Conv2D2 +Conv2D +3×3×16 ×32 +\[24, 24, 32\] +4,640/.test(text), text);
  });
});
