// Shared by the integration tests: where the files are, and small waits around the editor's async APIs.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

/** The repository root: this file runs from test/editor/.work/out/suite/. */
export const REPO = process.env.LAYER_LENS_REPO ?? path.resolve(__dirname, '..', '..', '..', '..', '..');
export const EXAMPLES = path.join(REPO, 'examples');
export const WORKSPACE = path.join(REPO, 'test', 'editor', 'workspace');
/** The folder the editor loads the extension under test from (the runner says which). */
export const EXTENSION_DIR = process.env.LAYER_LENS_EXTENSION ?? REPO;
export const EXTENSION_ID = 'layer-lens.layer-lens';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Calls `probe` until `ok` accepts its result or `ms` pass, and returns the last result.
 * Providers answer empty until the extension has activated, and settings/diagnostics land asynchronously.
 */
export async function eventually<T>(probe: () => Thenable<T> | T, ok: (v: T) => boolean, ms = 10000): Promise<T> {
  const end = Date.now() + ms;
  let v = await probe();
  while (!ok(v) && Date.now() < end) {
    await sleep(100);
    v = await probe();
  }
  return v;
}

export async function openFile(file: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc, { preview: false });
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this editor`);
  await ext.activate();
  return doc;
}

/** The position of `token` on the first line containing `lineText` (0-based), plus `offset` characters. */
export function positionOf(doc: vscode.TextDocument, lineText: string, token: string, offset = 1): vscode.Position {
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    if (text.includes(lineText)) {
      const col = text.indexOf(token, text.indexOf(lineText));
      assert.ok(col >= 0, `"${token}" not on line ${i + 1}: ${text}`);
      return new vscode.Position(i, col + offset);
    }
  }
  assert.fail(`no line containing "${lineText}" in ${doc.uri.fsPath}`);
}

export function lineOf(doc: vscode.TextDocument, lineText: string): number {
  return positionOf(doc, lineText, lineText, 0).line;
}

function markdownText(c: vscode.MarkdownString | vscode.MarkedString): string {
  if (typeof c === 'string') return c;
  return c.value;
}

export async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return (hovers ?? []).flatMap((h) => h.contents.map(markdownText)).join('\n---\n');
}

export async function lensTitles(doc: vscode.TextDocument): Promise<{ line: number; title: string; command: vscode.Command | undefined }[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
  return (lenses ?? []).map((l) => ({ line: l.range.start.line, title: l.command?.title ?? '', command: l.command }));
}

export async function inlayHints(doc: vscode.TextDocument): Promise<{ line: number; label: string }[]> {
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, whole);
  return (hints ?? []).map((h) => ({
    line: h.position.line,
    label: typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''),
  }));
}

export function layerDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Layer Lens');
}

/** Sets `layerLens.<key>` in the user settings; `undefined` removes it again. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('layerLens').update(key, value, vscode.ConfigurationTarget.Global);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
