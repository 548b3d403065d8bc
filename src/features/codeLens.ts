// CodeLens above each model: total params, size, MACs; click opens the summary.
import * as vscode from 'vscode';
import { modelLine } from '../core/format';
import { AnalysisCache } from './cache';
import { readConfig } from './config';

const SELECTOR: vscode.DocumentSelector = ['python', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact'];

export function register(cache: AnalysisCache): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider(SELECTOR, new ModelCodeLensProvider(cache));
}

class ModelCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly cache: AnalysisCache) {
    cache.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): vscode.CodeLens[] {
    const cfg = readConfig();
    if (!cfg.codeLensEnable) return [];
    const report = this.cache.get(doc);
    if (!report || token.isCancellationRequested) return [];
    return report.models.filter((m) => m.line >= 1 && m.line <= doc.lineCount).map((m) => {
      const range = new vscode.Range(m.line - 1, 0, m.line - 1, 0);
      let title = modelLine(cfg.showMacs ? m : { ...m, macs: null }, cfg.dtypeBytes, cfg.numberStyle);
      // A block class: where it is used ("used 8× in resnet18"), by the first model of the file that holds it.
      if (m.kind === 'class') {
        const user = report.models.filter((o) => o !== m && (o.blocks?.[m.name] ?? 0) > 0).sort((a, b) => a.line - b.line)[0];
        if (user) title += ` · ${vscode.l10n.t('used {0}× in {1}', user.blocks![m.name], user.name)}`;
      }
      return new vscode.CodeLens(range, { title, command: 'layerLens.showSummary', arguments: [doc.uri, m.name, m.line] });
    });
  }
}
