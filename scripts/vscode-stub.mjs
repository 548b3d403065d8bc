// A stub of the `vscode` module: just enough of the API for the extension's activate() and the debounced analysis
// of the open documents after it (scripts/bench-activation.mjs, test/unit/web-bundle.test.ts, test/unit/l10n.test.ts).
// Members it lacks are noted in `unstubbed` and behave as registration functions. `opts.bundle` is the l10n bundle of
// the display language (vscode.l10n.bundle; none = English).
import * as fs from 'fs';
import * as path from 'path';

/** Just enough of the vscode API for activate() and the debounced analysis after it. */
export function makeVscodeStub(root, open, opts = {}) {
  let reads = 0;
  let sets = 0;
  /** The diagnostics last set per document path. */
  const diagnostics = new Map();
  const unstubbed = new Set();
  const providers = {};
  class Disposable {
    constructor(f) { this.f = f; }
    static from(...ds) { return new Disposable(() => ds.forEach((d) => d.dispose())); }
    dispose() { this.f?.(); this.f = undefined; }
  }
  const disposable = () => new Disposable();
  class EventEmitter {
    listeners = new Set();
    event = (l) => { this.listeners.add(l); return new Disposable(() => this.listeners.delete(l)); };
    fire(e) { for (const l of this.listeners) l(e); }
    dispose() { this.listeners.clear(); }
  }
  const event = () => disposable;
  class Uri {
    constructor(scheme, path, query = '', fragment = '') { Object.assign(this, { scheme, authority: '', path, query, fragment }); }
    static file(p) { return new Uri('file', p); }
    static from(c) { return new Uri(c.scheme, c.path ?? '', c.query, c.fragment); }
    with(c) { return new Uri(c.scheme ?? this.scheme, c.path ?? this.path, c.query ?? this.query, c.fragment ?? this.fragment); }
    toString() { return `${this.scheme}://${this.path}${this.query ? `?${this.query}` : ''}`; }
  }
  class Position { constructor(line, character) { Object.assign(this, { line, character }); } }
  class Range {
    constructor(a, b, c, d) { Object.assign(this, { start: new Position(a, b), end: new Position(c, d) }); }
  }
  const doc = ({ file, languageId }) => {
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    return {
      uri: Uri.file(file), fileName: file, languageId, version: 1, lineCount: lines.length,
      getText: () => { reads++; return text; },
      lineAt: (i) => ({ text: lines[i], firstNonWhitespaceCharacterIndex: lines[i].search(/\S|$/), range: new Range(i, 0, i, lines[i].length) }),
    };
  };
  const textDocuments = open.map(doc);
  /** A namespace whose unknown members are noted, and behave as event/registration functions. */
  const ns = (name, members) => new Proxy(members, {
    get(target, key) {
      if (key in target || typeof key === 'symbol') return target[key];
      unstubbed.add(`${name}.${String(key)}`);
      return () => disposable();
    },
  });
  const api = {
    Disposable, EventEmitter, Uri, Position, Range,
    CodeLens: class { constructor(range, command) { Object.assign(this, { range, command }); } },
    Diagnostic: class { constructor(range, message, severity) { Object.assign(this, { range, message, severity }); } },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    CodeActionKind: { QuickFix: { value: 'quickfix' } },
    NotebookCellKind: { Markup: 1, Code: 2 },
    FileType: { File: 1, Directory: 2 },
    ViewColumn: { Beside: -2 },
    l10n: { bundle: opts.bundle, t: (s, ...args) => (opts.bundle?.[s] ?? s).replace(/\{(\d+)\}/g, (_m, i) => String(args[i])) },
    workspace: ns('workspace', {
      textDocuments, notebookDocuments: [], workspaceFolders: [{ uri: Uri.file(root), name: 'root', index: 0 }],
      onDidOpenTextDocument: event(), onDidCloseTextDocument: event(), onDidChangeTextDocument: event(),
      onDidSaveTextDocument: event(), onDidChangeConfiguration: event(),
      getConfiguration: () => ({ get: (_k, d) => d }),
      asRelativePath: (u) => path.relative(root, typeof u === 'string' ? u : u.path),
      createFileSystemWatcher: () => ({ onDidChange: event(), onDidCreate: event(), onDidDelete: event(), dispose() {} }),
      registerTextDocumentContentProvider: disposable,
      fs: { stat: () => Promise.reject(new Error('stub: no file system')), readFile: () => Promise.reject(new Error('stub')) },
    }),
    languages: ns('languages', {
      registerCodeLensProvider: (_sel, p) => { providers.codeLens = p; return disposable(); }, registerHoverProvider: disposable, registerInlayHintsProvider: disposable,
      registerCodeActionsProvider: disposable, registerDocumentLinkProvider: disposable,
      createDiagnosticCollection: () => ({ set: (uri, ds) => { sets++; diagnostics.set(uri.path, ds); }, delete() {}, clear() {}, dispose() {} }),
    }),
    commands: ns('commands', { registerCommand: disposable }),
    window: ns('window', { activeTextEditor: undefined }),
  };
  return { api, providers, reads: () => reads, diagnosticsSets: () => sets, diagnostics: () => diagnostics, unstubbed };
}
