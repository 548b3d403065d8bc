// What a user sees on the PyTorch examples: hovers, CodeLens, inlay hints and diagnostics, as the
// editor's own provider commands return them (the same calls the workbench makes to render them).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXAMPLES, EXTENSION_DIR, EXTENSION_ID, WORKSPACE, eventually, hoverText, inlayHints, layerDiagnostics, lensTitles, lineOf, openFile, positionOf } from './helpers';

describe('extension in the editor', () => {
  it('the workspace copy of mnist.py is examples/mnist.py, unchanged', () => {
    assert.strictEqual(fs.readFileSync(path.join(WORKSPACE, 'mnist.py'), 'utf8'), fs.readFileSync(path.join(EXAMPLES, 'mnist.py'), 'utf8'));
  });

  it('activates on a Python file, from the build under test', async () => {
    const doc = await openFile(path.join(EXAMPLES, 'mnist.py'));
    assert.strictEqual(doc.languageId, 'python');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext?.isActive, 'extension is active');
    assert.strictEqual(path.resolve(ext.extensionPath), path.resolve(EXTENSION_DIR));
  });
});

describe('examples/mnist.py', () => {
  let doc: vscode.TextDocument;
  before(async () => { doc = await openFile(path.join(EXAMPLES, 'mnist.py')); });

  it('hover on conv2\'s constructor: filter 3×3×16, formula, 4,640, and where f = 16 comes from', async () => {
    const text = await eventually(() => hoverText(doc, positionOf(doc, 'self.conv2 =', 'Conv2d')), (t) => t.includes('4,640'));
    assert.ok(text.includes('**conv2**'), text);
    assert.ok(text.includes('3×3×16'), text);
    assert.ok(text.includes('32·(16·3·3+1) = **4,640**'), text);
    assert.ok(text.includes('f = 16: conv1 outputs 16 feature maps'), text);
    assert.ok(text.includes('[16, 26, 26] → [32, 24, 24]'), text);
  });

  it('hover on conv1: filter 3×3×1, 160 params, one input channel', async () => {
    const text = await eventually(() => hoverText(doc, positionOf(doc, 'self.conv1 =', 'Conv2d')), (t) => t.includes('160'));
    assert.ok(text.includes('3×3×1'), text);
    assert.ok(text.includes('16·(1·3·3+1) = **160**'), text);
    assert.ok(text.includes('f = 1: the input has 1 channel'), text);
  });

  it('hover on `self.conv2` in forward() describes conv2', async () => {
    const text = await eventually(() => hoverText(doc, positionOf(doc, 'x = self.conv2(x)', 'conv2')), (t) => t.includes('4,640'));
    assert.ok(text.includes('**conv2**') && text.includes('3×3×16'), text);
  });

  it('no hover on lines without a layer', async () => {
    assert.strictEqual(await hoverText(doc, positionOf(doc, 'import torch.nn as nn', 'torch')), '');
  });

  it('CodeLens above `class Net`: 189,130 params · 0.72 MB · 2.94 M MACs, opening the summary', async () => {
    const lenses = await eventually(() => lensTitles(doc), (l) => l.length > 0);
    assert.deepStrictEqual(lenses.map((l) => [l.line, l.title]), [[lineOf(doc, 'class Net'), 'Net · 189,130 params · 0.72 MB · 2.94 M MACs']]);
    assert.strictEqual(lenses[0].command?.command, 'layerLens.showSummary');
  });

  it('inlay hints at the end of the layer lines', async () => {
    const hints = await eventually(() => inlayHints(doc), (h) => h.length >= 3);
    const at = (text: string) => hints.filter((h) => h.line === lineOf(doc, text)).map((h) => h.label.trim());
    assert.deepStrictEqual(at('self.conv2 ='), ['3×3×16 ×32 · 4,640']);
    assert.deepStrictEqual(at('self.conv1 ='), ['3×3×1 ×16 · 160']);
    assert.strictEqual(at('self.fc =').length, 1);
    assert.ok(at('self.fc =')[0].includes('184,330'), JSON.stringify(hints));
    assert.strictEqual(hints.length, 3, JSON.stringify(hints));
  });

  it('no diagnostics on a correct model', async () => {
    await new Promise((r) => setTimeout(r, 300));
    assert.deepStrictEqual(layerDiagnostics(doc.uri).map((d) => d.message), []);
  });
});

describe('examples/lenet.py', () => {
  let doc: vscode.TextDocument;
  before(async () => { doc = await openFile(path.join(EXAMPLES, 'lenet.py')); });

  it('CodeLens above `class LeNet5`: 61,706 params', async () => {
    const lenses = await eventually(() => lensTitles(doc), (l) => l.length > 0);
    assert.deepStrictEqual(lenses.map((l) => [l.line, l.title]), [[lineOf(doc, 'class LeNet5'), 'LeNet5 · 61,706 params · 0.24 MB · 417 K MACs']]);
  });

  it('hover on conv2 (keyword kernel_size): filter 5×5×6, 2,416 params', async () => {
    const text = await eventually(() => hoverText(doc, positionOf(doc, 'self.conv2 =', 'Conv2d')), (t) => t.includes('2,416'));
    assert.ok(text.includes('5×5×6'), text);
    assert.ok(text.includes('**2,416**'), text);
  });

  it('inlay hints on conv1, conv2 and the linear layers', async () => {
    const hints = await eventually(() => inlayHints(doc), (h) => h.length >= 5);
    const labels = hints.map((h) => h.label.trim());
    assert.ok(labels.includes('5×5×1 ×6 · 156'), JSON.stringify(labels));
    assert.ok(labels.includes('5×5×6 ×16 · 2,416'), JSON.stringify(labels));
    assert.ok(labels.some((l) => l.includes('48,120')), JSON.stringify(labels));
  });
});

describe('workspace/mismatch.py (conv2 built for 8 channels after a 16-channel conv1)', () => {
  let doc: vscode.TextDocument;
  before(async () => { doc = await openFile(path.join(WORKSPACE, 'mismatch.py')); });

  it('an error on the conv2 line: "conv2 expects 8 input channels but conv1 outputs 16"', async () => {
    const diags = await eventually(() => layerDiagnostics(doc.uri), (d) => d.length > 0);
    assert.strictEqual(diags.length, 1, JSON.stringify(diags.map((d) => d.message)));
    const [d] = diags;
    assert.ok(d.message.includes('conv2 expects 8 input channels but conv1 outputs 16'), d.message);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(d.range.start.line, lineOf(doc, 'self.conv2 ='));
  });

  it('the hover on conv2 states the problem instead of explaining f = 8 by conv1 (which outputs 16)', async () => {
    const text = await eventually(() => hoverText(doc, positionOf(doc, 'self.conv2 =', 'Conv2d')), (t) => t.includes('conv2 expects'));
    assert.ok(text.includes('⚠ conv2 expects 8 input channels but conv1 outputs 16'), text);
    assert.ok(!text.includes('conv1 outputs 8'), text);
  });

  it('offers a quick fix that writes the size conv1 hands over: Change to 16', async () => {
    const diags = await eventually(() => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Layer Lens'), (d) => d.length === 1, 20000);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diags[0].range, vscode.CodeActionKind.QuickFix.value);
    const fix = (actions ?? []).find((a) => a.title === 'Change to 16');
    assert.ok(fix, `actions: ${(actions ?? []).map((a) => a.title).join(', ')}`);
    const edits = fix.edit!.get(doc.uri);
    assert.deepStrictEqual(edits.map((e) => [e.range.start.line, doc.getText(e.range), e.newText]), [[diags[0].range.start.line, '8', '16']]);
  });

  it('fixing the line in the editor (unsaved) clears the error', async () => {
    const line = lineOf(doc, 'self.conv2 =');
    const editor = await vscode.window.showTextDocument(doc);
    const col = doc.lineAt(line).text.indexOf('Conv2d(8') + 'Conv2d('.length;
    try {
      assert.ok(await editor.edit((e) => e.replace(new vscode.Range(line, col, line, col + 1), '16')));
      const diags = await eventually(() => layerDiagnostics(doc.uri), (d) => d.length === 0);
      assert.deepStrictEqual(diags.map((d) => d.message), []);
      const lens = await eventually(() => lensTitles(doc), (l) => l.some((x) => x.title.includes('4,800')));
      assert.ok(lens[0].title.startsWith('Broken · 4,800 params'), JSON.stringify(lens));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    const back = await eventually(() => layerDiagnostics(doc.uri), (d) => d.length === 1);
    assert.strictEqual(back.length, 1, 'the error returns after reverting');
  });
});

describe('workspace/one_line.py (four layers on one line, the third miswired)', () => {
  let doc: vscode.TextDocument;
  before(async () => { doc = await openFile(path.join(WORKSPACE, 'one_line.py')); });
  const line = 'net = nn.Sequential(';

  // PyTorch: the layers hold 448, 0, 2,336 and 0 parameters; the third raises (8 channels expected, 16 given).
  it('the hover on each Conv2d describes that conv, and only the third states the problem', async () => {
    const first = await eventually(() => hoverText(doc, positionOf(doc, line, 'Conv2d(3')), (t) => t.includes('448'));
    assert.ok(first.includes('**0** · `Conv2d`'), first);
    assert.ok(!first.includes('⚠'), first);
    const third = await eventually(() => hoverText(doc, positionOf(doc, line, 'Conv2d(8')), (t) => t.includes('2,336'));
    assert.ok(third.includes('**2** · `Conv2d`'), third);
    assert.ok(third.includes('⚠ 2 (Conv2d) expects 8 input channels but 0 (Conv2d) outputs 16'), third);
    const relu = await eventually(() => hoverText(doc, positionOf(doc, line, 'ReLU')), (t) => t.includes('ReLU'));
    assert.ok(relu.includes('**1** · `ReLU`') && !relu.includes('more on this line'), relu);
  });

  it('the error underlines the literal its quick fix replaces', async () => {
    const diags = await eventually(() => layerDiagnostics(doc.uri), (d) => d.length > 0);
    assert.deepStrictEqual(diags.map((d) => doc.getText(d.range)), ['8']);
  });
});
