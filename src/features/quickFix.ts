// Quick fix for a provable size mismatch: replace the wrong literal with the size that reaches the layer.
import * as vscode from 'vscode';
import { AnalysisCache } from './cache';

const SELECTOR: vscode.DocumentSelector = ['python', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact'];

export function register(cache: AnalysisCache): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(SELECTOR, new SizeFixProvider(cache), {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  });
}

class SizeFixProvider implements vscode.CodeActionProvider {
  constructor(private readonly cache: AnalysisCache) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === 'Layer Lens');
    if (!ours.length) return [];
    const report = this.cache.get(doc);
    if (!report || token.isCancellationRequested) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diag of ours) {
      const found = report.models.flatMap((m) => m.diagnostics).find((d) => d.line === diag.range.start.line + 1 && d.message === diag.message);
      if (!found?.fix || found.column === undefined || found.endColumn === undefined) continue;
      const action = new vscode.CodeAction(vscode.l10n.t('Change to {0}', found.fix), vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, diag.range, found.fix);
      action.diagnostics = [diag];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}
