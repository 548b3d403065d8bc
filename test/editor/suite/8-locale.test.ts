// Simplified Chinese: the third pass of run.sh starts code-server with `--locale zh-cn` and a test language
// pack (test/editor/language-pack: it switches the display language and translates nothing of VS Code), and
// sets LAYER_LENS_LOCALE=zh-cn. Layer Lens's own strings must then come from l10n/bundle.l10n.zh-cn.json
// (hovers, and through it the analysis core's diagnostics and unknown reasons, in the Python analyzer and in the
// separately loaded TS/JS one) and package.nls.zh-cn.json (command titles, setting descriptions). Skipped in the
// other passes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXAMPLES, EXTENSION_ID, REPO, WORKSPACE, eventually, hoverText, layerDiagnostics, lineOf, openFile, positionOf } from './helpers';

describe('zh-cn display language', function () {
  before(function () {
    if (!process.env.LAYER_LENS_LOCALE) this.skip();
  });

  it('the editor runs in zh-cn', () => {
    assert.strictEqual(vscode.env.language, 'zh-cn');
  });

  it('the hover on conv2 speaks Chinese, numbers unchanged', async () => {
    const doc = await openFile(path.join(EXAMPLES, 'mnist.py'));
    const text = await eventually(() => hoverText(doc, positionOf(doc, 'self.conv2 =', 'Conv2d')), (t) => t.includes('4,640'), 20000);
    const zh = JSON.parse(fs.readFileSync(path.join(REPO, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    assert.ok(text.includes(`${zh.Filters}: **3×3×16** ×32`), text);
    assert.ok(text.includes(`${zh.Params}: 32·(16·3·3+1) = **4,640**`), text);
    assert.ok(text.includes('f = 16:conv1 输出 16 个特征图'), text);
    assert.ok(!text.includes('feature maps'), text);
  });

  it('the core\'s diagnostic of a wiring mistake is Chinese, and so is the unknown reason in the hover', async () => {
    const doc = await openFile(path.join(WORKSPACE, 'mismatch.py'));
    const diags = await eventually(() => layerDiagnostics(doc.uri), (d) => d.length > 0, 20000);
    assert.deepStrictEqual(diags.map((d) => [d.range.start.line, d.message]), [[lineOf(doc, 'self.conv2 ='), 'conv2 需要 8 个输入通道,但 conv1 输出 16 个']]);
    // conv2 cannot run on conv1's output: its output shape is unknown, and the hover says why.
    const text = await eventually(() => hoverText(doc, positionOf(doc, 'self.conv2 =', 'Conv2d')), (t) => t.includes('2,336'), 20000);
    assert.ok(text.includes('形状: [16, 26, 26] → ? (conv2 需要 8 个输入通道:PyTorch 会在此处报错)'), text);
    assert.ok(!/expects|raises|not known/.test(text), text);
  });

  it('the TS/JS analyzer (a bundle of its own) reports in Chinese too', async () => {
    const doc = await openFile(path.join(WORKSPACE, 'tfjs_no_input.ts'));
    const diags = await eventually(() => layerDiagnostics(doc.uri), (d) => d.length > 0, 20000);
    assert.deepStrictEqual(diags.map((d) => d.message), ['TF.js 要求 Sequential 模型的第一层给出 inputShape(或 batchInputShape):缺少时 tf.sequential 会报错,即使有 `// input:` 注释也一样']);
  });

  it('command titles come from package.nls.zh-cn.json', () => {
    const nls = JSON.parse(fs.readFileSync(path.join(REPO, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
    // The editor localizes the manifest it hands the extension host; a localized command title comes as
    // { value, original } (the original is what the command palette also matches).
    const commands = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string; title: string | { value: string; original: string } }[];
    const title = commands.find((c) => c.command === 'layerLens.showSummary')?.title;
    assert.deepStrictEqual(title, { value: nls['command.showSummary'], original: 'Show Model Summary' });
  });
});
