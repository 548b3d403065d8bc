// The analysis core's messages (unknown reasons, diagnostics, summary text) go through msg() (src/core/l10n.ts):
// every template must have a Simplified Chinese translation in l10n/bundle.l10n.zh-cn.json, and with that table
// installed the reports must speak Chinese, in every bundle the extension ships.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { createRequire } from 'module';
import * as ts from 'typescript';
import { analyzeText, setAnalysisMessages } from '../../src/analyze';
import { getMessages, msg, setMessages } from '../../src/core/l10n';
import { modelLine, summaryTable, textWidth } from '../../src/core/format';
import type { FileReport } from '../../src/core/report';

const ZH_FILE = 'l10n/bundle.l10n.zh-cn.json';
const zh = JSON.parse(fs.readFileSync(ZH_FILE, 'utf8')) as Record<string, string>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every msg(...) and vscode.l10n.t(...) call of src/: the first argument, or null when it is not a literal. */
function calls(): { fn: 'msg' | 'l10n.t'; template: string | null; where: string }[] {
  const out: { fn: 'msg' | 'l10n.t'; template: string | null; where: string }[] = [];
  for (const f of sourceFiles('src')) {
    const src = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = n.expression.getText(src);
        const fn = callee === 'msg' ? 'msg' : /(^|\.)l10n\.t$/.test(callee) ? 'l10n.t' : null;
        if (fn) {
          const a = n.arguments[0];
          const template = a && (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a)) ? a.text : null;
          out.push({ fn, template, where: `${f}:${src.getLineAndCharacterOfPosition(n.getStart(src)).line + 1}` });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(src);
  }
  return out;
}

const placeholders = (s: string) => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();

describe('localization of the analysis messages', () => {
  const all = calls();

  it('msg() and vscode.l10n.t() are only called with a literal template, so every message can be checked', () => {
    const dynamic = all.filter((c) => c.template === null).map((c) => c.where);
    assert.deepStrictEqual(dynamic, []);
    assert.ok(all.filter((c) => c.fn === 'msg').length >= 700, `${all.length} calls`);
  });

  it('no sentence reaches a reason or a diagnostic without msg() (unknowns, costs, reasons, taints)', () => {
    // A literal whose own text holds two words in a row is a sentence; `${a}: ${b}` glue and code are not.
    const sentence = (n: ts.Node | undefined): string | null => {
      if (!n) return null;
      const text = ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text
        : ts.isTemplateExpression(n) ? [n.head.text, ...n.templateSpans.map((sp) => sp.literal.text)].join('…') : null;
      return text !== null && /[A-Za-z]+ [A-Za-z]+/.test(text) ? text : null;
    };
    const makers = new Set(['unk', 'unknownTensor', 'unknownOut', 'emptyResult', 'invalidResult', 'emptyLayerResult', 'fail']);
    const bad: string[] = [];
    for (const f of sourceFiles('src').filter((x) => !x.startsWith(path.join('src', 'features')) && !/src[\\/](cli|extension)\.ts$/.test(x))) {
      const src = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
      const where = (n: ts.Node) => `${f}:${src.getLineAndCharacterOfPosition(n.getStart(src)).line + 1}`;
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && makers.has(n.expression.text) && sentence(n.arguments[0])) bad.push(`${where(n)} ${sentence(n.arguments[0])}`);
        if (ts.isPropertyAssignment(n) && /^(why|reason|message)$/.test(n.name.getText(src)) && sentence(n.initializer)) bad.push(`${where(n)} ${sentence(n.initializer)}`);
        if (ts.isBinaryExpression(n) && /^(=|\?\?=)$/.test(n.operatorToken.getText(src)) && /(^why|\.why|\.tainted|unknown\.\w+|\.reason)$/.test(n.left.getText(src)) && sentence(n.right)) bad.push(`${where(n)} ${sentence(n.right)}`);
        ts.forEachChild(n, visit);
      };
      visit(src);
    }
    assert.deepStrictEqual(bad, []);
  });

  it('every msg() template of src/ has a Simplified Chinese translation with the same placeholders', () => {
    const templates = new Set(all.filter((c) => c.fn === 'msg').map((c) => c.template!));
    assert.ok(templates.size >= 600, `${templates.size} templates`);
    const missing = [...templates].filter((t) => !zh[t]);
    assert.deepStrictEqual(missing, [], 'missing translations');
    for (const t of templates) {
      assert.deepStrictEqual(placeholders(zh[t]), placeholders(t), `placeholders of ${JSON.stringify(t)} -> ${JSON.stringify(zh[t])}`);
      assert.match(zh[t], /[\u4e00-\u9fff]|^[^a-z]*$|^\{0\} MACs$|^MACs$/, `not translated: ${t}`);
    }
  });

  it('every entry of the zh-cn bundle is a template the extension or the core uses', () => {
    const used = new Set(all.map((c) => c.template));
    assert.deepStrictEqual(Object.keys(zh).filter((k) => !used.has(k)), []);
  });

  it('msg() fills placeholders, reads { message } entries, and falls back to English', () => {
    const before = getMessages();
    try {
      setMessages({ 'a {0} b {1}': '{1} 和 {0}', 'x {0}': { message: 'y {0}' } });
      assert.strictEqual(msg('a {0} b {1}', 1, 'two'), 'two 和 1');
      assert.strictEqual(msg('x {0}', 5), 'y 5');
      assert.strictEqual(msg('not in the table {0} {2}', 'v'), 'not in the table v {2}');
      setMessages(undefined);
      assert.strictEqual(msg('a {0} b {1}', 1, null), 'a 1 b null');
    } finally {
      setMessages(before);
    }
  });

  describe('with the zh-cn table installed', () => {
    before(() => setAnalysisMessages(zh));
    after(() => setAnalysisMessages(undefined));

    const analyse = (file: string): FileReport => {
      const text = fs.readFileSync(file, 'utf8');
      return analyzeText(text, file, file.endsWith('.py') ? 'python' : 'typescript');
    };

    it('a provable wiring mistake of a PyTorch model is reported in Chinese', () => {
      const m = analyse('test/editor/workspace/mismatch.py').models[0];
      assert.deepStrictEqual(m.diagnostics.map((d) => [d.line, d.message, d.fix]), [[10, 'conv2 需要 8 个输入通道,但 conv1 输出 16 个', '16']]);
      const conv2 = m.layers.find((l) => l.path === 'conv2')!;
      assert.strictEqual(conv2.unknown.outputShape, 'conv2 需要 8 个输入通道:PyTorch 会在此处报错');
      assert.strictEqual(conv2.params, 2_336);
    });

    it('unknown reasons are Chinese, composed ones inside and out', () => {
      const py = (directive: string) => [
        'import torch.nn as nn', 'import mystery', '', directive, 'class Up(nn.Module):', '    def __init__(self):',
        '        super().__init__()', '        self.up = nn.ConvTranspose2d(16, 8, 2, stride=2)',
        '        self.fc = nn.Linear(mystery.size(), 10)', '',
        '    def forward(self, x):', '        return self.fc(self.up(x))', '',
      ].join('\n');
      const bare = analyzeText(py(''), 'up.py', 'python').models[0];
      assert.strictEqual(bare.unknown.inputShape, '没有输入形状:请在模型上方添加形如 `# input: 1x28x28` 的注释');
      const m = analyzeText(py('# input: 16x8x8'), 'up.py', 'python').models[0];
      const fc = m.layers.find((l) => l.path === 'fc')!;
      assert.strictEqual(fc.unknown.params, 'Layer Lens 不认识 `mystery.size`');
      assert.strictEqual(m.unknown.params, 'fc: Layer Lens 不认识 `mystery.size`');
      // An inner reason inside an outer one: both translated.
      const up = m.layers.find((l) => l.path === 'up')!;
      assert.strictEqual(up.unknown.rf, '转置卷积会上采样;感受野在此层之后不再跟踪');
      assert.deepStrictEqual([up.params, up.outputShape], [16 * 8 * 2 * 2 + 8, [8, 16, 16]]);
    });

    it('a TF.js model without an input shape gets a Chinese diagnostic and reason', () => {
      const m = analyse('test/editor/workspace/tfjs_no_input.ts').models[0];
      assert.strictEqual(m.unknown.inputShape, 'TF.js 要求第一层给出 inputShape');
      assert.deepStrictEqual(m.diagnostics.map((d) => d.message), ['TF.js 要求 Sequential 模型的第一层给出 inputShape(或 batchInputShape):缺少时 tf.sequential 会报错,即使有 `// input:` 注释也一样']);
    });

    it('the summary table and the CodeLens line are Chinese, columns aligned for wide characters', () => {
      const m = analyse('examples/mnist.py').models[0];
      assert.strictEqual(modelLine(m), 'Net · 189,130 参数 · 0.72 MB · 2.94 M MACs');
      const lines = summaryTable(m).split('\n');
      assert.match(lines[0], new RegExp(`^${m.name} \\(pytorch, class, 第 \\d+ 行\\)$`));
      assert.match(lines[3], /^层\s+类型\s+卷积核\s+输出形状\s+参数\s+MACs$/);
      assert.strictEqual(textWidth(lines[3]), textWidth(lines[2]), 'the header row is as wide as the rule');
      assert.ok(lines.includes('总参数: 189,130'), lines.join('\n'));
    });

    it('English comes back when the table is removed', () => {
      setAnalysisMessages(undefined);
      try {
        const m = analyse('test/editor/workspace/mismatch.py').models[0];
        assert.strictEqual(m.diagnostics[0].message, 'conv2 expects 8 input channels but conv1 outputs 16');
      } finally {
        setAnalysisMessages(zh);
      }
    });
  });

  // activate() installs vscode.l10n.bundle; the Node build's analyzers (dist/analyzer-py.js, dist/analyzer-ts.js) are
  // bundles of their own, loaded on first use, and the browser build inlines everything: both must get the table.
  describe('the built extension with a zh-cn vscode.l10n.bundle', () => {
    const open = [
      { file: path.resolve('test/editor/workspace/mismatch.py'), languageId: 'python' },
      { file: path.resolve('test/editor/workspace/tfjs_no_input.ts'), languageId: 'typescript' },
    ];
    type Stub = {
      api: Record<string, unknown>; diagnostics: () => Map<string, { message: string }[]>;
      providers: { codeLens?: { provideCodeLenses: (d: unknown, t: unknown) => { command: { title: string } }[] } };
    };
    const expected = [
      ['mismatch.py', ['conv2 需要 8 个输入通道,但 conv1 输出 16 个']],
      ['tfjs_no_input.ts', ['TF.js 要求 Sequential 模型的第一层给出 inputShape(或 batchInputShape):缺少时 tf.sequential 会报错,即使有 `// input:` 注释也一样']],
    ];
    const run = async (load: (stub: Stub) => { activate: (c: unknown) => void }) => {
      const { makeVscodeStub } = (await import(path.resolve('scripts/vscode-stub.mjs'))) as {
        makeVscodeStub: (root: string, open: { file: string; languageId: string }[], opts: { bundle: Record<string, string> }) => Stub;
      };
      const stub = makeVscodeStub(path.resolve('.'), open, { bundle: zh });
      const context = { subscriptions: [] as { dispose(): void }[] };
      load(stub).activate(context);
      // The diagnostics of the open documents come debounced after activation (and after loading the TS/JS analyzer).
      for (let i = 0; i < 100 && stub.diagnostics().size < open.length; i++) await new Promise((r) => setTimeout(r, 100));
      try {
        // (JSON: the browser bundle's arrays come from another realm)
        const got = JSON.parse(JSON.stringify([...stub.diagnostics()].map(([file, ds]) => [path.basename(file), ds.map((d) => d.message)]))) as unknown;
        assert.deepStrictEqual(got, expected);
        const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
        const docs = (stub.api.workspace as { textDocuments: unknown[] }).textDocuments;
        const title = stub.providers.codeLens!.provideCodeLenses(docs[0], token)[0].command.title;
        assert.strictEqual(title, 'Broken · 2,496 参数 · 0.01 MB');
      } finally {
        for (const d of context.subscriptions) d.dispose();
      }
    };

    it('dist/extension.js hands the table to dist/analyzer-py.js and dist/analyzer-ts.js', async function () {
      this.timeout(20_000);
      const extension = path.resolve('dist/extension.js');
      const analyzers = [path.resolve('dist/analyzer-py.js'), path.resolve('dist/analyzer-ts.js')];
      // A fresh copy of the bundles, so that no other test shares their message tables.
      const fresh = () => { for (const f of [extension, ...analyzers]) delete require.cache[f]; };
      fresh();
      try {
        await run((stub) => {
          const module = { exports: {} as { activate: (c: unknown) => void } };
          const nodeRequire = createRequire(extension);
          const req = (m: string) => (m === 'vscode' ? stub.api : nodeRequire(m));
          const wrapped = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(extension, 'utf8')}\n})`, { filename: extension }) as
            (e: unknown, r: unknown, m: unknown, f: string, d: string) => void;
          wrapped(module.exports, req, module, extension, path.dirname(extension));
          return module.exports;
        });
      } finally {
        fresh();
      }
    });

    it('dist/web/extension.js', async function () {
      this.timeout(20_000);
      const bundle = path.resolve('dist/web/extension.js');
      await run((stub) => {
        const module = { exports: {} as { activate: (c: unknown) => void } };
        const sandbox = {
          module, exports: module.exports, require: (m: string) => { if (m === 'vscode') return stub.api; throw new Error(m); },
          console, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, TextDecoder, TextEncoder, URL, performance,
        };
        vm.runInNewContext(fs.readFileSync(bundle, 'utf8'), sandbox, { filename: bundle });
        return module.exports;
      });
    });
  });
});
