// activate(): wires every feature to one analysis cache. Nothing is parsed here; analysis happens on demand.
import * as vscode from 'vscode';
import { setAnalysisMessages } from './analyze';
import { AnalysisCache } from './features/cache';
import * as hover from './features/hover';
import * as codeLens from './features/codeLens';
import * as inlayHints from './features/inlayHints';
import * as diagnostics from './features/diagnostics';
import * as summary from './features/summary';
import * as quickFix from './features/quickFix';

export function activate(context: vscode.ExtensionContext): void {
  // The analysis core speaks the display language through the same bundle (l10n/bundle.l10n.<lang>.json).
  setAnalysisMessages(vscode.l10n.bundle);
  const cache = new AnalysisCache();
  context.subscriptions.push(
    cache,
    hover.register(cache),
    codeLens.register(cache),
    inlayHints.register(cache),
    diagnostics.register(cache),
    summary.register(cache),
    quickFix.register(cache),
  );
}

export function deactivate(): void {}
