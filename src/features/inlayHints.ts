// Inline hints at the end of each layer line: `3×3×16 ×32 · 4,640`.
import * as vscode from 'vscode';
import { fmtCount, layerHint, type NumberStyle } from '../core/format';
import type { LayerReport } from '../core/report';
import { AnalysisCache, allLayers } from './cache';
import { readConfig } from './config';

const SELECTOR: vscode.DocumentSelector = ['python', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact'];

export function register(cache: AnalysisCache): vscode.Disposable {
  return vscode.languages.registerInlayHintsProvider(SELECTOR, new LayerInlayHintsProvider(cache));
}

class LayerInlayHintsProvider implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly cache: AnalysisCache) {
    cache.onDidChange(() => this.changed.fire());
  }

  provideInlayHints(doc: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): vscode.InlayHint[] {
    const cfg = readConfig();
    if (!cfg.inlayHintsEnable) return [];
    const report = this.cache.get(doc);
    if (!report || token.isCancellationRequested) return [];
    // One hint per line: the first model that has layers on it.
    const byLine = new Map<number, LayerReport[]>();
    const claimed = new Set<number>();
    for (const m of report.models) {
      const lines = new Set<number>();
      for (const l of allLayers(m)) {
        if (claimed.has(l.line) || l.file) continue;
        lines.add(l.line);
        const list = byLine.get(l.line) ?? [];
        list.push(l);
        byLine.set(l.line, list);
      }
      for (const l of lines) claimed.add(l);
    }
    const hints: vscode.InlayHint[] = [];
    for (const [line, layers] of byLine) {
      const l0 = line - 1;
      if (l0 < range.start.line || l0 > range.end.line || l0 >= doc.lineCount) continue;
      const end = doc.lineAt(l0).range.end;
      const label = layers.length === 1 ? layerHint(layers[0], cfg.hintFormat, cfg.numberStyle) : loopHint(layers, cfg.numberStyle);
      const hint = new vscode.InlayHint(end, `  ${label}`);
      hint.paddingLeft = true;
      hints.push(hint);
    }
    return hints;
  }
}

/** A line that creates several layers (a loop): the count and the summed params. */
function loopHint(layers: LayerReport[], style: NumberStyle): string {
  const total = layers.every((l) => l.params !== null) ? layers.reduce((a, l) => a + (l.params ?? 0), 0) : null;
  return `${layers.length}× · ${vscode.l10n.t('{0} params', fmtCount(total, style))}`;
}
