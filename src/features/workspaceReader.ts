// Imported modules for the analysis, read through vscode.workspace.fs (works in virtual workspaces and the web).
// Analysis is synchronous: it reads what is loaded and notes what it missed; the misses are loaded in the
// background and the documents that wanted them are analysed again.
import * as vscode from 'vscode';
import type { SourceReader } from '../core/modules';

const MAX_BYTES = 1_000_000;

export class WorkspaceReader implements vscode.Disposable {
  /** path -> text, or null for "no such file". */
  private texts = new Map<string, string | null>();
  private pending = new Map<string, Promise<void>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when files an analysis asked for have been loaded, or an imported file changed. */
  readonly onDidLoad = this.changed.event;
  /** Bumped whenever the content of an imported file may have changed. */
  version = 0;
  private disposables: vscode.Disposable[] = [this.changed];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.invalidate(e.document.uri.path)),
      vscode.workspace.onDidSaveTextDocument((d) => this.invalidate(d.uri.path)),
    );
    const watcher = vscode.workspace.createFileSystemWatcher?.('**/*.{py,ts,tsx,mts,cts,js,jsx,mjs,cjs,json}');
    if (watcher) {
      this.disposables.push(watcher, watcher.onDidChange((u) => this.invalidate(u.path)), watcher.onDidCreate((u) => this.invalidate(u.path)), watcher.onDidDelete((u) => this.invalidate(u.path)));
    }
  }

  private invalidate(path: string): void {
    if (!this.texts.has(path)) return;
    this.texts.delete(path);
    this.version++;
    this.changed.fire();
  }

  /** A reader for one analysis of a document of `scheme`/`authority`. */
  readerFor(doc: vscode.Uri): SourceReader {
    return {
      read: (path: string) => {
        const open = vscode.workspace.textDocuments.find((d) => d.uri.path === path && d.uri.scheme === doc.scheme);
        if (open) return open.getText();
        if (this.texts.has(path)) return this.texts.get(path)!;
        this.load(doc.with({ path, query: '', fragment: '' }));
        return null;
      },
    };
  }

  private load(uri: vscode.Uri): void {
    const path = uri.path;
    if (this.pending.has(path)) return;
    const p = (async () => {
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type !== vscode.FileType.File || stat.size > MAX_BYTES) this.texts.set(path, null);
        else this.texts.set(path, new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)));
      } catch {
        this.texts.set(path, null);
      }
    })().finally(() => {
      this.pending.delete(path);
      if (this.pending.size === 0) {
        this.version++;
        this.changed.fire();
      }
    });
    this.pending.set(path, p);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }


}
