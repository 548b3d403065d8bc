// Totals of a model from its layers: parameters (shared ones once), trainable split, MACs, receptive field.
import type { LayerResult } from './catalog/types';
import { isExact } from './catalog/values';
import type { Diagnostic, Framework, LayerReport, ModelReport, Shape } from './report';
import { msg } from './l10n';

export interface LayerEntry {
  path: string;
  type: string;
  line: number;
  result: LayerResult;
  inputShape: Shape | null;
  /** The layer ran in the traced forward pass (its MACs count). */
  called: boolean;
  /**
   * Parameters of this entry already counted elsewhere (tied weights): how many, and where; and how many of them
   * train, when known (otherwise all of them are taken to train).
   */
  shared?: { numel: number | null; with: string; trainable?: number | null };
  /** Parameters that do not train (frozen): how many of this entry's params. */
  frozen?: number | null;
  /** Created under a condition the evaluator could not decide. */
  conditional?: string;
  /** The path of the layer whose output feeds this one. */
  inputFrom?: string;
  /** The file of the constructor call when it is not the analysed file. */
  file?: string;
  /** The attribute that holds the layer in a subclassed model (`self.conv1`), when it differs from the path. */
  attr?: string;
  /** 0-based columns of the constructor call on `line`, when known (see LayerReport.column). */
  column?: number;
  endColumn?: number;
}

export interface ModelInput {
  name: string;
  kind: ModelReport['kind'];
  framework: Framework;
  line: number;
  inputShape: Shape | null;
  outputShape: Shape | null;
  inputShapes?: (Shape | null)[];
  outputShapes?: (Shape | null)[];
  layers: LayerEntry[];
  diagnostics: Diagnostic[];
  /** The trace reached the output: layers that were not called cost nothing. */
  traceComplete: boolean;
  /** The wiring is not a single chain (residuals, concatenations): no receptive field. */
  branched: boolean;
  unknown?: Record<string, string>;
  /** Params counted in the model's total but in no row (weights a Keras subclassed model holds itself). */
  extra?: { params: number | null; trainable: number | null; nonTrainable: number | null; why?: string };
  /** Layers inside rows (a Keras custom layer's sublayers): reported for the editor, in no total. */
  inner?: LayerEntry[];
}

/** One row of a model: a layer's numbers as the report gives them. */
function layerReport(e: LayerEntry, traceComplete: boolean): LayerReport {
  const res = e.result;
  const rep: LayerReport = {
    path: e.path, type: e.type, line: e.line,
    params: res.params, trainable: res.trainable, nonTrainable: res.nonTrainable,
    inChannels: res.inChannels, outChannels: res.outChannels, kernel: res.kernel, stride: res.stride, groups: res.groups,
    filterShape: res.filterShape, formula: res.formula, inputShape: e.inputShape, outputShape: res.outputShape,
    macs: res.macs, receptiveField: null, unknown: { ...res.unknown },
  };
  if (e.frozen !== undefined && rep.params !== null) {
    rep.nonTrainable = e.frozen === null ? null : (res.nonTrainable ?? 0) + e.frozen;
    rep.trainable = e.frozen === null ? null : rep.params - rep.nonTrainable!;
    if (e.frozen === null) rep.unknown.trainable = msg('part of the layer is frozen');
  }
  if (e.conditional) rep.unknown.conditional = msg('created under the undecidable condition {0}', e.conditional);
  if (e.shared) rep.sharedWith = e.shared.with;
  if (e.inputFrom) rep.inputFrom = e.inputFrom;
  if (e.file) rep.file = e.file;
  if (e.attr) rep.attr = e.attr;
  if (e.column !== undefined) rep.column = e.column;
  if (e.endColumn !== undefined) rep.endColumn = e.endColumn;
  if (!e.called && traceComplete) {
    rep.macs = 0;
    delete rep.unknown.macs;
  }
  return rep;
}

export function buildModel(m: ModelInput): ModelReport {
  const unknown: Record<string, string> = { ...(m.unknown ?? {}) };
  let params: number | null = 0, trainable: number | null = 0, nonTrainable: number | null = 0, known = 0;
  let macs: number | null = 0;
  // Receptive field along the chain of execution.
  let r = 1, j = 1;
  const layers: LayerReport[] = m.layers.map((e) => {
    const res = e.result;
    const rep = layerReport(e, m.traceComplete);
    // Totals.
    const own = rep.params === null ? null : rep.params - (e.shared ? e.shared.numel ?? NaN : 0);
    if (own === null || Number.isNaN(own) || e.conditional) {
      params = null;
      // The trainable part can still be known (a frozen part of unknown size has none), as the non-trainable part
      // (a conv of unknown depth has none).
      if (trainable !== null) trainable = rep.trainable === null || e.conditional || e.shared ? null : trainable + rep.trainable;
      if (nonTrainable !== null) nonTrainable = rep.nonTrainable === null || e.conditional || e.shared ? null : nonTrainable + rep.nonTrainable;
      unknown.params ??= e.conditional ? msg('{0} is created under the undecidable condition {1}', e.path || e.type, e.conditional) : `${e.path || e.type}: ${rep.unknown.params ?? msg('a shared parameter of unknown size')}`;
    } else {
      known += own;
      if (params !== null) params += own;
      if (e.shared?.trainable !== undefined) {
        // The split of the shared part is known: each part is taken off its own total.
        const st = e.shared.trainable, sn = st === null || e.shared.numel === null ? null : e.shared.numel - st;
        if (trainable !== null) trainable = rep.trainable === null || st === null ? null : trainable + rep.trainable - st;
        if (nonTrainable !== null) nonTrainable = rep.nonTrainable === null || sn === null ? null : nonTrainable + rep.nonTrainable - sn;
      } else {
        const sharedTrainable = e.shared ? e.shared.numel ?? 0 : 0;
        if (trainable !== null) trainable = rep.trainable === null ? null : trainable + Math.max(0, rep.trainable - sharedTrainable);
        if (nonTrainable !== null) nonTrainable = rep.nonTrainable === null ? null : nonTrainable + rep.nonTrainable;
      }
    }
    if (macs !== null) {
      if (rep.macs === null) { macs = null; unknown.macs ??= `${e.path || e.type}: ${rep.unknown.macs ?? rep.unknown.outputShape ?? msg('not known')}`; }
      else macs += rep.macs;
    }
    if (!m.branched && res.rf && e.called) {
      r += res.rf.dilation * (res.rf.kernel - 1) * j;
      j *= res.rf.stride;
      // Thousands of strided layers overflow the jump: past 2^53 the field is not exact, so it is unknown.
      if (Number.isSafeInteger(r) && Number.isSafeInteger(j)) rep.receptiveField = r;
      else rep.unknown.receptiveField = msg('the number is too large to be exact');
    } else if (res.rf) rep.unknown.receptiveField = m.branched ? msg('the model branches (residuals or concatenation)') : msg('the layer is not on the traced path');
    return rep;
  });
  if (m.extra) {
    const x = m.extra;
    if (x.params === null) { params = trainable = null; unknown.params ??= msg('the model\'s own weights: {0}', x.why ?? msg('not known')); }
    else {
      known += x.params;
      if (params !== null) params += x.params;
    }
    trainable = trainable === null || x.trainable === null ? null : trainable + x.trainable;
    nonTrainable = nonTrainable === null || x.nonTrainable === null ? null : nonTrainable + x.nonTrainable;
  }
  // Sums past 2^53 are not exact: unknown rather than wrong.
  const exact = (n: number | null, field: string) => {
    if (n !== null && !isExact(n)) { unknown[field] ??= msg('the number is too large to be exact'); return null; }
    return n;
  };
  params = exact(params, 'params');
  trainable = exact(trainable, 'trainable');
  nonTrainable = exact(nonTrainable, 'nonTrainable');
  macs = exact(macs, 'macs');
  if (params !== null && (trainable === null || nonTrainable === null)) unknown.trainable ??= msg('a frozen part has unknown size');
  if (m.inputShape === null) unknown.inputShape ??= msg('no input shape: add a comment like `# input: 1x28x28` above the model');
  if (m.outputShape === null) unknown.outputShape ??= m.inputShape === null ? msg('the input shape is not known') : msg('the forward pass could not be followed to the end');
  return {
    name: m.name, kind: m.kind, framework: m.framework, line: m.line, inputShape: m.inputShape, outputShape: m.outputShape,
    ...(m.inputShapes ? { inputShapes: m.inputShapes } : {}), ...(m.outputShapes ? { outputShapes: m.outputShapes } : {}),
    params, trainable, nonTrainable,
    knownParams: known, macs, layers, diagnostics: m.diagnostics, unknown,
    ...(m.inner?.length ? { inner: m.inner.map((e) => layerReport(e, m.traceComplete)) } : {}),
  };
}
