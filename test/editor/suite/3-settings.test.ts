// Each `layerLens.*` setting, flipped in the user settings while files are open, changes what the
// editor shows without a reload; every test puts the setting back.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXAMPLES, WORKSPACE, eventually, hoverText, inlayHints, layerDiagnostics, lensTitles, openFile, positionOf, setSetting } from './helpers';

describe('settings', () => {
  let mnist: vscode.TextDocument;
  const touched = new Set<string>();
  const set = async (key: string, value: unknown) => { touched.add(key); await setSetting(key, value); };

  before(async () => { mnist = await openFile(path.join(EXAMPLES, 'mnist.py')); });
  afterEach(async () => {
    for (const k of touched) await setSetting(k, undefined);
    touched.clear();
  });

  it('layerLens.codeLens.enable = false: no lenses; back on: the lens returns', async () => {
    await set('codeLens.enable', false);
    assert.deepStrictEqual(await eventually(() => lensTitles(mnist), (l) => l.length === 0), []);
    await setSetting('codeLens.enable', undefined);
    const back = await eventually(() => lensTitles(mnist), (l) => l.length === 1);
    assert.ok(back[0]?.title.includes('189,130 params'), JSON.stringify(back));
  });

  it('layerLens.hover.enable = false: no hover', async () => {
    const pos = positionOf(mnist, 'self.conv2 =', 'Conv2d');
    await set('hover.enable', false);
    assert.strictEqual(await eventually(() => hoverText(mnist, pos), (t) => t === ''), '');
    await setSetting('hover.enable', undefined);
    assert.ok((await eventually(() => hoverText(mnist, pos), (t) => t !== '')).includes('4,640'));
  });

  it('layerLens.inlayHints.enable = false: no inlay hints', async () => {
    await set('inlayHints.enable', false);
    assert.deepStrictEqual(await eventually(() => inlayHints(mnist), (h) => h.length === 0), []);
  });

  it('layerLens.diagnostics.enable = false: the mismatch error goes away, and comes back', async () => {
    const bad = await openFile(path.join(WORKSPACE, 'mismatch.py'));
    assert.strictEqual((await eventually(() => layerDiagnostics(bad.uri), (d) => d.length === 1)).length, 1);
    await set('diagnostics.enable', false);
    assert.deepStrictEqual(await eventually(() => layerDiagnostics(bad.uri), (d) => d.length === 0), []);
    await setSetting('diagnostics.enable', undefined);
    assert.strictEqual((await eventually(() => layerDiagnostics(bad.uri), (d) => d.length === 1)).length, 1);
  });

  it('layerLens.showMacs = false: the lens drops the MACs', async () => {
    await set('showMacs', false);
    const lenses = await eventually(() => lensTitles(mnist), (l) => l.length === 1 && !l[0].title.includes('MACs'));
    assert.deepStrictEqual(lenses.map((l) => l.title), ['Net · 189,130 params · 0.72 MB']);
  });

  it('layerLens.numberFormat = compact: 189.13 K in the lens', async () => {
    await set('numberFormat', 'compact');
    const lenses = await eventually(() => lensTitles(mnist), (l) => l.length === 1 && l[0].title.includes('189 K'));
    assert.deepStrictEqual(lenses.map((l) => l.title), ['Net · 189 K params · 0.72 MB · 2.94 M MACs']);
  });

  it('layerLens.inlayHints.format: the template decides the hint text', async () => {
    await set('inlayHints.format', '{params} · {output}');
    const line = mnist.getText().split('\n').findIndex((t) => t.includes('self.conv2 = nn.Conv2d'));
    const hints = await eventually(() => inlayHints(mnist), (h) => h.some((x) => x.line === line && x.label.includes('[32, 24, 24]')));
    assert.deepStrictEqual(hints.filter((h) => h.line === line).map((h) => h.label.trim()), ['4,640 · [32, 24, 24]']);
  });

  it('layerLens.dtype = float16: the size halves to 0.36 MB', async () => {
    await set('dtype', 'float16');
    const lenses = await eventually(() => lensTitles(mnist), (l) => l.length === 1 && l[0].title.includes('0.36 MB'));
    assert.deepStrictEqual(lenses.map((l) => l.title), ['Net · 189,130 params · 0.36 MB · 2.94 M MACs']);
  });

  it('layerLens.defaultInputShape applies to a model without an `# input:` comment', async () => {
    const text = (await vscode.workspace.openTextDocument(path.join(EXAMPLES, 'mnist.py'))).getText().replace(/^# input:.*\n/m, '');
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: text });
    await vscode.window.showTextDocument(doc);
    const before = await eventually(() => lensTitles(doc), (l) => l.length === 1);
    assert.deepStrictEqual(before.map((l) => l.title), ['Net · 189,130 params · 0.72 MB']);
    await set('defaultInputShape', '1x28x28');
    const after = await eventually(() => lensTitles(doc), (l) => l.length === 1 && l[0].title.includes('MACs'));
    assert.deepStrictEqual(after.map((l) => l.title), ['Net · 189,130 params · 0.72 MB · 2.94 M MACs']);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
