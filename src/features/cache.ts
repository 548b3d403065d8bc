// One analysis per (document, version), shared by every feature.
import * as vscode from 'vscode';
import { analyzeText, languageOf } from '../analyze';
import type { FileReport, Language, LayerReport, ModelReport } from '../core/report';
import { readConfig } from './config';
import { WorkspaceReader } from './workspaceReader';

const LANGS: Record<string, Language> = { python: 'python', typescript: 'typescript', javascript: 'javascript', typescriptreact: 'typescript', javascriptreact: 'javascript' };

export function documentLanguage(doc: vscode.TextDocument): Language | null {
  return LANGS[doc.languageId] ?? languageOf(doc.fileName);
}

export class AnalysisCache implements vscode.Disposable {
  private entries = new Map<string, { version: number; imports: number; report: FileReport }>();
  private readonly files = new WorkspaceReader();
  private readonly onDidChangeEmitter = new vscode.EventEmitter<void>();
  /** Fires when settings that change analysis results change. */
  readonly onDidChange = this.onDidChangeEmitter.event;
  private disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('layerLens')) {
          this.entries.clear();
          this.onDidChangeEmitter.fire();
        }
      }),
      this.onDidChangeEmitter,
      this.files,
      // Imported files arrived or changed: analyses that read them are stale.
      this.files.onDidLoad(() => this.onDidChangeEmitter.fire()),
    );
  }

  get(doc: vscode.TextDocument): FileReport | null {
    const language = documentLanguage(doc);
    if (!language) return null;
    if (doc.uri.scheme === 'vscode-notebook-cell') {
      const view = this.cellView(doc);
      if (view) return view;
    }
    const key = doc.uri.toString();
    const hit = this.entries.get(key);
    const importsVersion = this.files.version;
    if (hit && hit.version === doc.version && hit.imports === importsVersion) return hit.report;
    const cfg = readConfig();
    const roots = [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.path), ...cfg.pythonExtraPaths];
    const report = analyzeText(doc.getText(), doc.uri.path, language, {
      defaultInputShape: cfg.defaultInputShape,
      imports: { reader: this.files.readerFor(doc.uri), roots },
    });
    const shown = { ...report, path: vscode.workspace.asRelativePath(doc.uri) };
    this.entries.set(key, { version: doc.version, imports: importsVersion, report: shown });
    return shown;
  }

  /**
   * A notebook's Python cells are analysed together, in cell order, so a model defined across cells still chains;
   * each cell sees the report with lines relative to itself.
   */
  private cellView(cell: vscode.TextDocument): FileReport | null {
    const nb = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === cell));
    if (!nb) return null;
    const cells = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
    const key = `${nb.uri.toString()}#${cells.map((c) => c.document.version).join('.')}`;
    let hit = this.notebooks.get(nb.uri.toString());
    if (!hit || hit.key !== key) {
      const offsets = new Map<vscode.TextDocument, number>();
      let text = '';
      let line = 0;
      for (const c of cells) {
        offsets.set(c.document, line);
        const t = c.document.getText().replace(/\r\n/g, '\n');
        text += t.endsWith('\n') ? t : `${t}\n`;
        line += c.document.lineCount;
      }
      const report = analyzeText(text, nb.uri.path, 'python', { defaultInputShape: readConfig().defaultInputShape });
      hit = { key, report, offsets };
      this.notebooks.set(nb.uri.toString(), hit);
    }
    const offset = hit.offsets.get(cell) ?? 0;
    const shift = (l: number) => l - offset;
    return {
      ...hit.report,
      path: vscode.workspace.asRelativePath(cell.uri),
      models: hit.report.models.map((m) => ({
        ...m, line: shift(m.line),
        layers: m.layers.map((l) => (l.file ? l : { ...l, line: shift(l.line) })),
        ...(m.inner ? { inner: m.inner.map((l) => (l.file ? l : { ...l, line: shift(l.line) })) } : {}),
        diagnostics: m.diagnostics.map((d) => ({ ...d, line: shift(d.line), ...(d.endLine ? { endLine: shift(d.endLine) } : {}) })),
      })),
    };
  }

  private notebooks = new Map<string, { key: string; report: FileReport; offsets: Map<vscode.TextDocument, number> }>();

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.entries.clear();
  }
}

/** Layers created on a 0-based line, with the model each belongs to (first model wins for shared blocks). */
/** A model's rows, then the layers inside them (a Keras custom layer's sublayers), which have lines of their own. */
export function allLayers(m: ModelReport): LayerReport[] {
  return m.inner ? [...m.layers, ...m.inner] : m.layers;
}

export function layersOnLine(report: FileReport, line0: number): { model: ModelReport; layers: LayerReport[] }[] {
  const out: { model: ModelReport; layers: LayerReport[] }[] = [];
  for (const m of report.models) {
    const ls = allLayers(m).filter((l) => l.line === line0 + 1 && !l.file);
    if (ls.length) out.push({ model: m, layers: ls });
  }
  return out;
}

/** The model whose definition is the closest one starting at or above a 0-based line. */
export function modelAt(report: FileReport, line0: number): ModelReport | null {
  let best: ModelReport | null = null;
  for (const m of report.models) if (m.line <= line0 + 1 && (!best || m.line > best.line)) best = m;
  return best;
}
