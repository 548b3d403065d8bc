// Text rendering of reports, shared by the CLI, the summary view and the editor features.
import type { LayerReport, ModelReport, Shape } from './report';

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
    macs: l.macs === null ? '' : `${fmtCount(l.macs, style)} MACs`,
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
    parts.push(`${fmtCount(m.params, style)} params`);
    if (m.nonTrainable) parts.push(`${fmtCount(m.trainable, style)} trainable`);
    parts.push(`${paramMB(m.params, bytes)} MB`);
  } else parts.push(m.knownParams ? `≥ ${fmtCount(m.knownParams, style)} params (some unknown)` : '? params');
  if (m.macs !== null) parts.push(`${fmtCompact(m.macs)} MACs`);
  return parts.join(' · ');
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

/** A torchinfo/Keras-like table of a model. */
export function summaryTable(m: ModelReport, opts: { bytes?: number; macs?: boolean } = {}): string {
  const showMacs = opts.macs ?? true;
  const head = ['Layer', 'Type', 'Filter', 'Output Shape', 'Params', ...(showMacs ? ['MACs'] : [])];
  const rows = m.layers.map((l) => [
    l.path, l.type, l.filterShape ? `${l.filterShape}${l.outChannels !== null ? ` ×${l.outChannels}` : ''}` : '',
    fmtShape(l.outputShape), l.params === null ? '?' : fmtInt(l.params) + (l.sharedWith ? ' (shared)' : ''),
    ...(showMacs ? [fmtInt(l.macs)] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = (i: number) => i >= 4;
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], numeric(i))).join('  ').trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const out = [`${m.name} (${m.framework}, ${m.kind}, line ${m.line})`, `Input shape: ${fmtShape(m.inputShape)}`, rule, line(head), rule];
  for (const r of rows) out.push(line(r));
  out.push(rule);
  out.push(`Total params: ${m.params === null ? `? (known: ${fmtInt(m.knownParams)})` : fmtInt(m.params)}`);
  out.push(`Trainable params: ${fmtInt(m.trainable)}`);
  out.push(`Non-trainable params: ${fmtInt(m.nonTrainable)}`);
  out.push(`Params size (MB): ${paramMB(m.params, opts.bytes ?? 4)}`);
  if (showMacs) out.push(`MACs (multiply-accumulates, one sample): ${m.macs === null ? '?' : `${fmtInt(m.macs)} (${fmtCompact(m.macs)})`}`);
  out.push(`Output shape: ${fmtShape(m.outputShape)}`);
  const reasons = Object.entries(m.unknown);
  if (reasons.length) {
    out.push('Unknown:');
    for (const [k, v] of reasons) out.push(`  ${k}: ${v}`);
  }
  for (const d of m.diagnostics) out.push(`${d.severity} (line ${d.line}): ${d.message}`);
  out.push(rule);
  return out.join('\n');
}
