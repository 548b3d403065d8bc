// `Layer Lens: Show Model Summary` and `Copy Summary as Markdown`: a read-only table of the model under the cursor.
import * as vscode from 'vscode';
import { summaryTable, fmtInt, fmtShape, paramMB } from '../core/format';
import type { ModelReport } from '../core/report';
import { AnalysisCache, modelAt } from './cache';
import { readConfig } from './config';

export const SCHEME = 'layer-lens-summary';
/** The document line of the first layer row: the source path, then summaryTable's 5 header lines. */
const FIRST_ROW = 6;

export function register(cache: AnalysisCache): vscode.Disposable {
  const contents = new Map<string, string>();
  const sources = new Map<string, { source: vscode.Uri; model: ModelReport }>();
  const provider: vscode.TextDocumentContentProvider = { provideTextDocumentContent: (uri) => contents.get(uri.toString()) ?? '' };
  // Each layer row links back to the line that created the layer.
  const links: vscode.DocumentLinkProvider = {
    provideDocumentLinks: (doc) => {
      const s = sources.get(doc.uri.toString());
      if (!s) return [];
      const out: vscode.DocumentLink[] = [];
      s.model.layers.forEach((l, i) => {
        const row = FIRST_ROW + i;
        if (row >= doc.lineCount) return;
        const target = (l.file ? s.source.with({ path: l.file }) : s.source).with({ fragment: `L${l.line}` });
        const link = new vscode.DocumentLink(new vscode.Range(row, 0, row, l.path.length), target);
        link.tooltip = vscode.l10n.t('Go to line {0}', l.line);
        out.push(link);
      });
      return out;
    },
  };
  const pick = async (uri?: vscode.Uri, name?: string, line?: number): Promise<{ model: ModelReport; doc: vscode.TextDocument } | null> => {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc) { void vscode.window.showInformationMessage(vscode.l10n.t('Layer Lens: open a model file first.')); return null; }
    const report = cache.get(doc);
    if (!report || !report.models.length) { void vscode.window.showInformationMessage(vscode.l10n.t('Layer Lens: no models found in this file.')); return null; }
    let model = name ? report.models.find((m) => m.name === name && (line === undefined || m.line === line)) ?? null : null;
    const editor = vscode.window.activeTextEditor;
    if (!model && editor && editor.document === doc) model = modelAt(report, editor.selection.active.line);
    if (!model && report.models.length === 1) model = report.models[0];
    if (!model) {
      const choice = await vscode.window.showQuickPick(report.models.map((m) => ({ label: m.name, description: vscode.l10n.t('line {0}', m.line), model: m })), { placeHolder: vscode.l10n.t('Pick a model') });
      model = choice?.model ?? null;
    }
    return model ? { model, doc } : null;
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.languages.registerDocumentLinkProvider({ scheme: SCHEME }, links),
    vscode.commands.registerCommand('layerLens.showSummary', async (uri?: vscode.Uri, name?: string, line?: number) => {
      const found = await pick(uri, name, line);
      if (!found) return;
      const cfg = readConfig();
      const text = `${vscode.workspace.asRelativePath(found.doc.uri)}\n${summaryTable(found.model, { bytes: cfg.dtypeBytes, macs: cfg.showMacs })}\n`;
      const target = vscode.Uri.from({ scheme: SCHEME, path: `/${found.model.name}.summary`, query: found.doc.uri.toString() });
      contents.set(target.toString(), text);
      sources.set(target.toString(), { source: found.doc.uri, model: found.model });
      const doc = await vscode.workspace.openTextDocument(target);
      await vscode.languages.setTextDocumentLanguage(doc, 'layerlens-summary');
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }),
    vscode.commands.registerCommand('layerLens.copySummaryMarkdown', async (uri?: vscode.Uri, name?: string, line?: number) => {
      const found = await pick(uri, name, line);
      if (!found) return;
      await vscode.env.clipboard.writeText(markdownTable(found.model));
      void vscode.window.showInformationMessage(vscode.l10n.t('Layer Lens: copied the summary of {0}.', found.model.name));
    }),
  );
}

export function markdownTable(m: ModelReport): string {
  const rows = m.layers.map((l) => `| ${l.path} | ${l.type} | ${l.filterShape ? `${l.filterShape} ×${l.outChannels ?? '?'}` : ''} | ${fmtShape(l.outputShape)} | ${fmtInt(l.params)} | ${fmtInt(l.macs)} |`);
  return [
    `**${m.name}** (${m.framework})`, '',
    `| ${vscode.l10n.t('Layer')} | ${vscode.l10n.t('Type')} | ${vscode.l10n.t('Filter')} | ${vscode.l10n.t('Output shape')} | ${vscode.l10n.t('Params')} | MACs |`, '|---|---|---|---|---:|---:|', ...rows, '',
    vscode.l10n.t('Total params: {0} · trainable {1} · non-trainable {2} · {3} MB · {4} MACs', fmtInt(m.params), fmtInt(m.trainable), fmtInt(m.nonTrainable), paramMB(m.params), fmtInt(m.macs)),
  ].join('\n');
}
