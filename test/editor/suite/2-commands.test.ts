// The commands: `Layer Lens: Show Model Summary` (palette and CodeLens click) and `Copy Summary as Markdown`.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXAMPLES, closeAllEditors, eventually, lensTitles, lineOf, openFile } from './helpers';

const SCHEME = 'layer-lens-summary';

function summaryEditors(): vscode.TextEditor[] {
  return vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === SCHEME);
}

describe('commands', () => {
  beforeEach(closeAllEditors);
  after(closeAllEditors);

  it('both commands are registered with their palette titles', async () => {
    const ids = await vscode.commands.getCommands(true);
    assert.ok(ids.includes('layerLens.showSummary'));
    assert.ok(ids.includes('layerLens.copySummaryMarkdown'));
    const pkg = vscode.extensions.getExtension('layer-lens.layer-lens')?.packageJSON as { contributes: { commands: { command: string; title: string; category: string }[] } };
    const titles = pkg.contributes.commands.map((c) => `${c.category}: ${c.title}`);
    assert.ok(titles.includes('Layer Lens: Show Model Summary'), JSON.stringify(titles));
  });

  it('Show Model Summary on the active mnist.py opens a layer-lens-summary document beside it', async () => {
    const src = await openFile(path.join(EXAMPLES, 'mnist.py'));
    await vscode.commands.executeCommand('layerLens.showSummary');
    const [ed] = await eventually(summaryEditors, (e) => e.length > 0);
    assert.ok(ed, 'a summary editor is visible');
    const text = ed.document.getText();
    assert.strictEqual(ed.document.languageId, 'layerlens-summary');
    assert.ok(ed.viewColumn !== undefined && ed.viewColumn > 1, `opened beside (column ${ed.viewColumn})`);
    assert.ok(text.includes('Total params: 189,130'), text);
    assert.ok(text.includes('conv2  Conv2d  3×3×16 ×32'), text);
    assert.ok(text.startsWith(src.uri.fsPath), text);
  });

  it('each layer row of the summary links to the line that creates the layer', async () => {
    const src = await openFile(path.join(EXAMPLES, 'mnist.py'));
    await vscode.commands.executeCommand('layerLens.showSummary');
    const [ed] = await eventually(summaryEditors, (e) => e.length > 0);
    assert.ok(ed, 'a summary editor is visible');
    const links = await eventually(
      () => vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', ed.document.uri),
      (l) => (l ?? []).length >= 3);
    const byName = new Map(links.map((l) => [ed.document.getText(l.range), l.target]));
    assert.deepStrictEqual([...byName.keys()], ['conv1', 'conv2', 'fc']);
    const conv2 = byName.get('conv2');
    assert.strictEqual(conv2?.fsPath, src.uri.fsPath);
    assert.strictEqual(conv2?.fragment, `L${lineOf(src, 'self.conv2 =') + 1}`);
  });

  it('clicking the CodeLens (its command and arguments) opens the same summary', async () => {
    const doc = await openFile(path.join(EXAMPLES, 'lenet.py'));
    const [lens] = await eventually(() => lensTitles(doc), (l) => l.length > 0);
    assert.ok(lens?.command, 'a lens with a command');
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const [ed] = await eventually(summaryEditors, (e) => e.length > 0);
    assert.ok(ed, 'a summary editor is visible');
    assert.ok(ed.document.getText().includes('Total params: 61,706'), ed.document.getText());
  });

  it('Copy Summary as Markdown puts a Markdown table on the clipboard', async () => {
    await openFile(path.join(EXAMPLES, 'mnist.py'));
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('layerLens.copySummaryMarkdown');
    const md = await eventually(() => vscode.env.clipboard.readText(), (t) => t.length > 0, 5000);
    assert.ok(md.includes('| conv2 | Conv2d | 3×3×16 ×32 | [32, 24, 24] | 4,640 |'), md);
    assert.ok(md.includes('Total params: 189,130'), md);
  });
});
