// Hover on a layer constructor or on `self.conv2`: filter shape, formula, params, shapes, cost, and where f came from.
import * as vscode from 'vscode';
import type { FileReport, LayerReport, ModelReport } from '../core/report';
import { fmtCount, fmtShape } from '../core/format';
import { AnalysisCache, allLayers, layersOnLine, modelAt } from './cache';
import { readConfig } from './config';

const SELECTOR: vscode.DocumentSelector = ['python', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact'];

export function register(cache: AnalysisCache): vscode.Disposable {
  return vscode.languages.registerHoverProvider(SELECTOR, new LayerHoverProvider(cache));
}

class LayerHoverProvider implements vscode.HoverProvider {
  constructor(private readonly cache: AnalysisCache) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): vscode.Hover | null {
    if (!readConfig().hoverEnable) return null;
    const report = this.cache.get(doc);
    if (!report || token.isCancellationRequested) return null;
    const wordRange = doc.getWordRangeAtPosition(pos, /[A-Za-z_][\w]*/);
    const found = findLayer(report, doc, pos, wordRange);
    if (!found) return null;
    const md = new vscode.MarkdownString(layerMarkdown(found.layer, found.model, found.count));
    return new vscode.Hover(md, wordRange);
  }
}

function findLayer(report: FileReport, doc: vscode.TextDocument, pos: vscode.Position, word: vscode.Range | undefined):
  { layer: LayerReport; model: ModelReport; count: number } | null {
  const onLine = layersOnLine(report, pos.line);
  if (onLine.length) {
    const { model, layers } = onLine[0];
    // Several layers on the line (`nn.Sequential(nn.Conv2d(…), nn.ReLU(), …)`): the innermost call under the
    // cursor, when the report says where each call is; those made by one call (a loop) are counted together.
    const under = layers.filter((l) => spans(l, pos.character)).sort((a, b) => b.column! - a.column!)[0];
    if (under) {
      const same = layers.filter((l) => l.column === under.column);
      return { layer: same[0], model, count: same.length };
    }
    return { layer: layers[0], model, count: layers.length };
  }
  if (!word) return null;
  // `self.conv2` / `self.features` in forward: match the attribute name against layer paths of the model around.
  const name = doc.getText(word);
  const before = doc.lineAt(pos.line).text.slice(0, word.start.character);
  if (!/\.\s*$/.test(before)) return null;
  const model = modelAt(report, pos.line);
  if (!model) return null;
  const layer = allLayers(model).find((l) => l.path === name || l.path.endsWith(`.${name}`) || l.attr === name);
  return layer ? { layer, model, count: 1 } : null;
}

export function layerMarkdown(l: LayerReport, m: ModelReport, count: number): string {
  const style = readConfig().numberStyle;
  const fmt = (n: number | null) => fmtCount(n, style);
  const lines: string[] = [];
  const more = count > 1 ? ` ${vscode.l10n.t('(and {0} more on this line)', count - 1)}` : '';
  lines.push(`**${l.path}** · \`${l.type}\`${more} — ${vscode.l10n.t('in {0}', m.name)}`);
  lines.push('');
  if (l.filterShape) lines.push(`${vscode.l10n.t('Filters')}: **${l.filterShape}** ×${l.outChannels ?? '?'}`);
  const params = l.params === null ? `? — ${l.unknown.params ?? vscode.l10n.t('not known')}` : `**${fmt(l.params)}**`;
  lines.push(`${vscode.l10n.t('Params')}: ${l.formula && l.params !== null ? `${l.formula} = ` : l.formula ? `${l.formula} → ` : ''}${params}`);
  if (l.params !== null && l.nonTrainable) lines.push(vscode.l10n.t('Trainable {0} · non-trainable {1}', fmt(l.trainable), fmt(l.nonTrainable)));
  if (l.sharedWith) lines.push(vscode.l10n.t('Shares its weight with {0} (counted once in the total)', l.sharedWith));
  lines.push(`${vscode.l10n.t('Shape')}: ${fmtShape(l.inputShape)} → ${fmtShape(l.outputShape)}${l.outputShape ? '' : ` (${l.unknown.outputShape ?? vscode.l10n.t('not known')})`}`);
  if (readConfig().showMacs) lines.push(`MACs: ${fmt(l.macs)}${l.receptiveField !== null ? ` · ${vscode.l10n.t('receptive field {0}', l.receptiveField)}` : ''}`);
  const why = explainF(l, m);
  if (why) { lines.push(''); lines.push(why); }
  return lines.join('  \n');
}

/** Whether a layer's constructor call covers a column of its line (false when the report does not say). */
function spans(l: LayerReport, column: number): boolean {
  return l.column !== undefined && column >= l.column && (l.endColumn === undefined || column < l.endColumn);
}

/** One plain sentence on where the filter depth f came from (or the wiring problem, when the layer has one). */
export function explainF(l: LayerReport, m?: ModelReport): string | null {
  // A layer whose declared depth differs from what reaches it: what reaches it is in the diagnostic, not in f. On a
  // line of several layers, a diagnostic that points into one layer's call is that layer's only.
  const problem = !l.file
    ? m?.diagnostics.find((d) => d.line === l.line && (d.column === undefined || l.column === undefined || spans(l, d.column)))
    : undefined;
  if (problem) return `⚠ ${problem.message}`;
  if (l.inChannels === null || !l.filterShape) return null;
  if (l.inputFrom) return vscode.l10n.t('f = {0}: {1} outputs {0} feature maps, so each filter is {0} deep.', l.inChannels, l.inputFrom);
  return l.inChannels === 1
    ? vscode.l10n.t('f = 1: the input has 1 channel, so each filter is 1 deep.')
    : vscode.l10n.t('f = {0}: the input has {0} channels, so each filter is {0} deep.', l.inChannels);
}
