// Restricted Mode: the folder is opened with workspace trust enabled and never trusted. Layer Lens declares
// `untrustedWorkspaces.supported: true` (it runs no user code), so every surface must work as in a trusted
// folder, imports from other files of the workspace included.
// These tests run only in the second pass of run.sh, which starts code-server with trust enabled and sets
// LAYER_LENS_UNTRUSTED=1; in the main pass (trust disabled) they are skipped.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXAMPLES, EXTENSION_ID, WORKSPACE, eventually, hoverText, inlayHints, layerDiagnostics, lensTitles, openFile, positionOf } from './helpers';

describe('an untrusted workspace (Restricted Mode)', function () {
  before(function () {
    if (!process.env.LAYER_LENS_UNTRUSTED) this.skip();
  });

  it('the folder is really untrusted, and the extension is active', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    await openFile(path.join(EXAMPLES, 'mnist.py'));
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext?.isActive, 'extension is active in Restricted Mode');
  });

  it('hover, inlay hints and CodeLens on examples/mnist.py', async () => {
    const doc = await openFile(path.join(EXAMPLES, 'mnist.py'));
    const text = await eventually(() => hoverText(doc, positionOf(doc, 'self.conv2 =', 'Conv2d')), (t) => t.includes('4,640'), 20000);
    assert.ok(text.includes('32·(16·3·3+1) = **4,640**'), text);
    const hints = await eventually(() => inlayHints(doc), (h) => h.length >= 3);
    assert.ok(hints.some((h) => h.label.trim() === '3×3×16 ×32 · 4,640'), JSON.stringify(hints));
    const lenses = await eventually(() => lensTitles(doc), (l) => l.length > 0);
    assert.ok(lenses.some((l) => l.title.includes('params')), JSON.stringify(lenses));
  });

  it('a provable wiring mistake is still flagged (workspace/mismatch.py)', async () => {
    const doc = await openFile(path.join(WORKSPACE, 'mismatch.py'));
    const diags = await eventually(() => layerDiagnostics(doc.uri), (d) => d.length > 0, 20000);
    assert.ok(diags.some((d) => d.message.includes('conv2 expects 8 input channels but conv1 outputs 16')), JSON.stringify(diags.map((d) => d.message)));
  });

  it('blocks imported from another file of the folder are read and counted (workspace/proj/model.py)', async () => {
    const doc = await openFile(path.join(WORKSPACE, 'proj', 'model.py'));
    const lenses = await eventually(() => lensTitles(doc), (l) => l.some((x) => x.title.includes('5,514')), 20000);
    assert.deepStrictEqual(lenses.map((l) => l.title.split(' · ').slice(0, 2).join(' · ')), ['Net · 5,514 params']);
  });
});
