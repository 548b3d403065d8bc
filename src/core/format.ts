// Text rendering of reports, shared by the CLI, the summary view and the editor features.
import type { LayerReport, ModelReport, Shape } from './report';
import { msg } from './l10n';

export function fmtInt(n: number | null | undefined): string {
  if (n === null || n === undefined) return '?';
  return Math.round(n).toLocaleString('en-US');
}

/** 1.2 K / 3.4 M / 5.6 G, for costs. */
export function fmtCompact(n: number | null | undefined): string {
  if (n === null || n === undefined) return '?';
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  for (const [v, u] of units) if (Math.abs(n) >= v) return `${(n / v).toFixed(n / v >= 100 ? 0 : n / v >= 10 ? 1 : 2)} ${u}`;
  return String(n);
}

export function fmtShape(s: Shape | null | undefined): string {
  if (!s) return '?';
  return `[${s.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/** Parameter memory in MB for a dtype size in bytes (float32 = 4). */
export function paramMB(params: number | null, bytes = 4): string {
  if (params === null) return '?';
  return (params * bytes / (1024 * 1024)).toFixed(2);
}

/** How counts are written: `4,640` (grouped), `4.64 K` (compact) or `4640` (plain). */
export type NumberStyle = 'grouped' | 'compact' | 'plain';

export function fmtCount(n: number | null | undefined, style: NumberStyle = 'grouped'): string {
  if (n === null || n === undefined) return '?';
  if (style === 'compact') return fmtCompact(n);
  if (style === 'plain') return String(Math.round(n));
  return fmtInt(n);
}

export const DEFAULT_HINT = '{filters} · {params}';

/**
 * The text of an inline hint from a template: `{filters}` (`3×3×16 ×32`), `{params}`, `{macs}`, `{output}`,
 * `{type}`. Parts separated by ` · ` that come out empty are dropped.
 */
export function layerHint(l: LayerReport, template = DEFAULT_HINT, style: NumberStyle = 'grouped'): string {
  const values: Record<string, string> = {
    filters: l.filterShape && l.outChannels !== null ? `${l.filterShape} ×${l.outChannels}` : l.filterShape ?? '',
    params: fmtCount(l.params, style),
    macs: l.macs === null ? '' : msg('{0} MACs', fmtCount(l.macs, style)),
    output: l.outputShape ? fmtShape(l.outputShape) : '',
    type: l.type,
  };
  return template.split(' · ')
    .map((part) => part.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? values[k] : m)).trim())
    .filter(Boolean).join(' · ');
}

/** One line of model totals: `Net · 108,618 params · 0.41 MB · 2.1 M MACs`. */
export function modelLine(m: ModelReport, bytes = 4, style: NumberStyle = 'grouped'): string {
  const parts = [m.name];
  if (m.params !== null) {
    parts.push(msg('{0} params', fmtCount(m.params, style)));
    if (m.nonTrainable) parts.push(msg('{0} trainable', fmtCount(m.trainable, style)));
    parts.push(`${paramMB(m.params, bytes)} MB`);
  } else parts.push(m.knownParams ? msg('≥ {0} params (some unknown)', fmtCount(m.knownParams, style)) : msg('{0} params', '?'));
  if (m.macs !== null) parts.push(msg('{0} MACs', fmtCompact(m.macs)));
  return parts.join(' · ');
}

/** Columns a string takes in a monospace font: CJK and full-width characters take two. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, n: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, n - textWidth(s)));
  return right ? fill + s : s + fill;
}

/** A torchinfo/Keras-like table of a model. */
export function summaryTable(m: ModelReport, opts: { bytes?: number; macs?: boolean } = {}): string {
  const showMacs = opts.macs ?? true;
  const head = [msg('Layer'), msg('Type'), msg('Filter'), msg('Output Shape'), msg('Params'), ...(showMacs ? [msg('MACs')] : [])];
  const rows = m.layers.map((l) => [
    l.path, l.type, l.filterShape ? `${l.filterShape}${l.outChannels !== null ? ` ×${l.outChannels}` : ''}` : '',
    fmtShape(l.outputShape), l.params === null ? '?' : l.sharedWith ? msg('{0} (shared)', fmtInt(l.params)) : fmtInt(l.params),
    ...(showMacs ? [fmtInt(l.macs)] : []),
  ]);
  const widths = head.map((h, i) => Math.max(textWidth(h), ...rows.map((r) => textWidth(r[i]))));
  const numeric = (i: number) => i >= 4;
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], numeric(i))).join('  ').trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const out = [msg('{0} ({1}, {2}, line {3})', m.name, m.framework, m.kind, m.line), msg('Input shape: {0}', fmtShape(m.inputShape)), rule, line(head), rule];
  for (const r of rows) out.push(line(r));
  out.push(rule);
  out.push(msg('Total params: {0}', m.params === null ? msg('? (known: {0})', fmtInt(m.knownParams)) : fmtInt(m.params)));
  out.push(msg('Trainable params: {0}', fmtInt(m.trainable)));
  out.push(msg('Non-trainable params: {0}', fmtInt(m.nonTrainable)));
  out.push(msg('Params size (MB): {0}', paramMB(m.params, opts.bytes ?? 4)));
  if (showMacs) out.push(msg('MACs (multiply-accumulates, one sample): {0}', m.macs === null ? '?' : `${fmtInt(m.macs)} (${fmtCompact(m.macs)})`));
  out.push(msg('Output shape: {0}', fmtShape(m.outputShape)));
  const reasons = Object.entries(m.unknown);
  if (reasons.length) {
    out.push(msg('Unknown:'));
    for (const [k, v] of reasons) out.push(`  ${k}: ${v}`);
  }
  for (const d of m.diagnostics) {
    out.push(d.severity === 'error' ? msg('error (line {0}): {1}', d.line, d.message)
      : d.severity === 'warning' ? msg('warning (line {0}): {1}', d.line, d.message) : msg('info (line {0}): {1}', d.line, d.message));
  }
  out.push(rule);
  return out.join('\n');
}
