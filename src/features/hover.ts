// Hover on a layer constructor or on `self.conv2`: filter shape, formula, params, shapes, cost, and where f came from.
import * as vscode from 'vscode';
import type { FileReport, LayerReport, ModelReport } from '../core/report';
import { fmtInt, fmtShape } from '../core/format';
import { AnalysisCache, layersOnLine, modelAt } from './cache';
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
    return { layer: layers[0], model, count: layers.length };
  }
  if (!word) return null;
  // `self.conv2` / `self.features` in forward: match the attribute name against layer paths of the model around.
  const name = doc.getText(word);
  const before = doc.lineAt(pos.line).text.slice(0, word.start.character);
  if (!/\.\s*$/.test(before)) return null;
  const model = modelAt(report, pos.line);
  if (!model) return null;
  const layer = model.layers.find((l) => l.path === name || l.path.endsWith(`.${name}`));
  return layer ? { layer, model, count: 1 } : null;
}

export function layerMarkdown(l: LayerReport, m: ModelReport, count: number): string {
  const lines: string[] = [];
  lines.push(`**${l.path}** · \`${l.type}\`${count > 1 ? ` (and ${count - 1} more on this line)` : ''} — in ${m.name}`);
  lines.push('');
  if (l.filterShape) lines.push(`Filters: **${l.filterShape}** ×${l.outChannels ?? '?'}`);
  const params = l.params === null ? `? — ${l.unknown.params ?? 'not known'}` : `**${fmtInt(l.params)}**`;
  lines.push(`Params: ${l.formula && l.params !== null ? `${l.formula} = ` : l.formula ? `${l.formula} → ` : ''}${params}`);
  if (l.params !== null && l.nonTrainable) lines.push(`Trainable ${fmtInt(l.trainable)} · non-trainable ${fmtInt(l.nonTrainable)}`);
  if (l.sharedWith) lines.push(`Shares its weight with ${l.sharedWith} (counted once in the total)`);
  lines.push(`Shape: ${fmtShape(l.inputShape)} → ${fmtShape(l.outputShape)}${l.outputShape ? '' : ` (${l.unknown.outputShape ?? 'not known'})`}`);
  if (readConfig().showMacs) lines.push(`MACs: ${fmtInt(l.macs)}${l.receptiveField !== null ? ` · receptive field ${l.receptiveField}` : ''}`);
  const why = explainF(l);
  if (why) { lines.push(''); lines.push(why); }
  return lines.join('  \n');
}

/** One plain sentence on where the filter depth f came from. */
export function explainF(l: LayerReport): string | null {
  if (l.inChannels === null || !l.filterShape) return null;
  if (l.inputFrom) return `f = ${l.inChannels}: ${l.inputFrom} outputs ${l.inChannels} feature maps, so each filter is ${l.inChannels} deep.`;
  return `f = ${l.inChannels}: the input has ${l.inChannels} channel${l.inChannels === 1 ? '' : 's'}, so each filter is ${l.inChannels} deep.`;
}
