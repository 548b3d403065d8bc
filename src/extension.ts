// activate(): wires every feature to one analysis cache. Nothing is parsed here; analysis happens on demand.
import * as vscode from 'vscode';
import { AnalysisCache } from './features/cache';
import * as hover from './features/hover';
import * as codeLens from './features/codeLens';
import * as inlayHints from './features/inlayHints';
import * as diagnostics from './features/diagnostics';
import * as summary from './features/summary';
import * as quickFix from './features/quickFix';

export function activate(context: vscode.ExtensionContext): void {
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
