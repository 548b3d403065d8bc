// Provable wiring mistakes from the core as squiggles, refreshed (debounced) as the document changes.
import * as vscode from 'vscode';
import { AnalysisCache, documentLanguage } from './cache';
import { readConfig } from './config';

const DEBOUNCE_MS = 250;

export function register(cache: AnalysisCache): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('layerLens');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const refresh = (doc: vscode.TextDocument) => {
    if (!documentLanguage(doc)) return;
    if (!readConfig().diagnosticsEnable) { collection.delete(doc.uri); return; }
    const report = cache.get(doc);
    if (!report) return;
    const seen = new Set<string>();
    const out: vscode.Diagnostic[] = [];
    for (const m of report.models) {
      for (const d of m.diagnostics) {
        const key = `${d.line}:${d.message}`;
        if (seen.has(key) || d.line < 1 || d.line > doc.lineCount || (d.endLine !== undefined && d.endLine > doc.lineCount)) continue;
        seen.add(key);
        const line = doc.lineAt(d.line - 1);
        const range = d.column !== undefined && d.endColumn !== undefined
          ? new vscode.Range(d.line - 1, d.column, (d.endLine ?? d.line) - 1, d.endColumn)
          : new vscode.Range(d.line - 1, line.firstNonWhitespaceCharacterIndex, d.line - 1, line.range.end.character);
        const diag = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
        diag.source = 'Layer Lens';
        out.push(diag);
      }
    }
    collection.set(doc.uri, out);
  };
  const schedule = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => { timers.delete(key); refresh(doc); }, DEBOUNCE_MS));
  };
  // Nothing is analysed during activation: the documents already open are analysed after it, debounced.
  vscode.workspace.textDocuments.forEach(schedule);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    cache.onDidChange(() => vscode.workspace.textDocuments.forEach(schedule)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
