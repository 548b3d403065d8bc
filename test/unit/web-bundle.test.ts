// The browser build (dist/web/extension.js, for vscode.dev and other web hosts): it must load and analyse with
// only the `vscode` module, none of Node's (no require of built-ins, no process, no Buffer). Run here in a bare
// V8 context with a stub of the vscode API (scripts/vscode-stub.mjs).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';

const BUNDLE = path.resolve('dist/web/extension.js');
const ROOT = path.resolve('.');

describe('The browser build', () => {
  before(() => assert.ok(fs.existsSync(BUNDLE), 'dist/web/extension.js is missing: run npm run build'));

  it('requires no module but vscode', () => {
    const code = fs.readFileSync(BUNDLE, 'utf8');
    const required = new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
    assert.deepStrictEqual([...required], ['vscode']);
  });

  it('activates and analyses Python and TypeScript documents in a context without Node', async function () {
    this.timeout(20_000);
    const stubPath = path.resolve('scripts/vscode-stub.mjs');
    const { makeVscodeStub } = (await import(stubPath)) as {
      makeVscodeStub: (root: string, open: { file: string; languageId: string }[]) => {
        api: Record<string, unknown>; providers: { codeLens?: { provideCodeLenses: (d: unknown, t: unknown) => unknown[] } };
        reads: () => number; unstubbed: Set<string>;
      };
    };
    const open = [
      { file: path.join(ROOT, 'test/fixtures/pytorch/resnet_imagenet.py'), languageId: 'python' },
      { file: path.join(ROOT, 'test/fixtures/tfjs/functional_mnist.ts'), languageId: 'typescript' },
    ];
    const stub = makeVscodeStub(ROOT, open);
    const module = { exports: {} as { activate?: (c: unknown) => void } };
    const requireInBrowser = (m: string) => {
      if (m === 'vscode') return stub.api;
      throw new Error(`the browser build required ${m}`);
    };
    // What a web worker offers; no process, Buffer, require or __dirname.
    const sandbox = {
      module, exports: module.exports, require: requireInBrowser, console, setTimeout, clearTimeout, setInterval, clearInterval,
      queueMicrotask, TextDecoder, TextEncoder, URL, performance,
    };
    vm.runInNewContext(fs.readFileSync(BUNDLE, 'utf8'), sandbox, { filename: BUNDLE });
    const context = { subscriptions: [] as { dispose(): void }[], extensionPath: ROOT, extensionUri: (stub.api.Uri as { file(p: string): unknown }).file(ROOT) };
    module.exports.activate!(context);
    assert.strictEqual(stub.reads(), 0, 'nothing is read during activation');
    await new Promise((r) => setTimeout(r, 600));
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    const docs = (stub.api.workspace as { textDocuments: { fileName: string }[] }).textDocuments;
    const lenses = docs.map((d) => [path.basename(d.fileName), stub.providers.codeLens?.provideCodeLenses(d, token).length ?? 0]);
    assert.deepStrictEqual(lenses, [['resnet_imagenet.py', 6], ['functional_mnist.ts', 1]]);
    for (const d of context.subscriptions) d.dispose();
  });
});
