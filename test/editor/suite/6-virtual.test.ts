// A virtual workspace: files served by a FileSystemProvider (as on vscode.dev or a remote repository), not by
// the disk. The model imports its blocks from another file of that file system: Layer Lens must read it through
// vscode.workspace.fs, and count it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, WORKSPACE, eventually, lensTitles } from './helpers';

const SCHEME = 'layerlens-mem';

/** An in-memory file system: just what opening documents and reading them needs. */
class MemFs implements vscode.FileSystemProvider {
  private files = new Map<string, Uint8Array>();
  private emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }
  private dirs(): Set<string> {
    const out = new Set<string>(['/']);
    for (const p of this.files.keys()) for (let d = path.posix.dirname(p); d !== '/'; d = path.posix.dirname(d)) out.add(d);
    return out;
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    const f = this.files.get(uri.path);
    if (f) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: f.byteLength };
    if (this.dirs().has(uri.path)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const prefix = uri.path.endsWith('/') ? uri.path : `${uri.path}/`;
    const names = new Map<string, vscode.FileType>();
    for (const p of this.files.keys()) if (p.startsWith(prefix)) {
      const rest = p.slice(prefix.length).split('/');
      names.set(rest[0], rest.length > 1 ? vscode.FileType.Directory : vscode.FileType.File);
    }
    return [...names];
  }
  readFile(uri: vscode.Uri): Uint8Array {
    const f = this.files.get(uri.path);
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return f;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.files.set(uri.path, content);
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }
  createDirectory(): void { /* directories exist when files are in them */ }
  delete(uri: vscode.Uri): void { this.files.delete(uri.path); }
  rename(from: vscode.Uri, to: vscode.Uri): void {
    const f = this.files.get(from.path);
    if (f) { this.files.delete(from.path); this.files.set(to.path, f); }
  }
}

describe('a virtual workspace (files of a FileSystemProvider)', () => {
  let registration: vscode.Disposable;
  const mem = new MemFs();
  before(() => {
    registration = vscode.workspace.registerFileSystemProvider(SCHEME, mem, { isCaseSensitive: true });
    for (const f of ['__init__.py', 'blocks.py', 'model.py']) {
      mem.writeFile(vscode.Uri.from({ scheme: SCHEME, path: `/proj/${f}` }), fs.readFileSync(path.join(WORKSPACE, 'proj', f)));
    }
  });
  after(() => registration.dispose());

  it('counts blocks imported from another file of the virtual file system: CodeLens 5,514 params', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path: '/proj/model.py' }));
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    assert.strictEqual(doc.languageId, 'python');
    const lenses = await eventually(() => lensTitles(doc), (l) => l.some((x) => x.title.includes('5,514')), 20000);
    assert.deepStrictEqual(lenses.map((l) => l.title.split(' · ').slice(0, 2).join(' · ')), ['Net · 5,514 params']);
  });
});
