// Compares analysis reports with golden files produced by the real frameworks (test/oracle/*).
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analyze';
import type { LayerReport, ModelReport } from '../../src/core/report';

export interface GoldenLayer { path: string; type: string; line?: number; params: number | null; trainable?: number | null; nonTrainable?: number | null; outputShape?: (number | null)[] | null }
export interface GoldenModel { name: string; kind: string; line: number; inputShape: unknown[] | null; outputShape: unknown[] | null; params: number; trainable: number; nonTrainable: number; macs?: number | null; layers: GoldenLayer[] }
export interface Golden { models: GoldenModel[] }

export function fixtureFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.py')).sort().map((f) => path.join(dir, f));
}

/** Differences between a golden model and the report's model of the same name and kind, as readable lines. */
export function diffModel(g: GoldenModel, m: ModelReport | undefined, opts: { macs?: boolean } = {}): string[] {
  if (!m) return [`${g.name}: model not found`];
  const out: string[] = [];
  const eq = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const field = (what: string, want: unknown, got: unknown) => { if (!eq(want, got)) out.push(`${g.name}.${what}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`); };
  field('line', g.line, m.line);
  field('params', g.params, m.params);
  field('trainable', g.trainable, m.trainable);
  field('nonTrainable', g.nonTrainable, m.nonTrainable);
  const nested = Array.isArray(g.outputShape?.[0]);
  if (g.inputShape) field('outputShape', g.outputShape, nested ? m.outputShapes : m.outputShape);
  if (opts.macs && g.macs !== undefined && g.macs !== null) field('macs', g.macs, m.macs);
  const layers = new Map<string, LayerReport>(m.layers.map((l) => [l.path, l]));
  field('layer paths', g.layers.map((l) => l.path), m.layers.map((l) => l.path));
  for (const gl of g.layers) {
    const l = layers.get(gl.path);
    if (!l) continue;
    const lf = (what: string, want: unknown, got: unknown) => { if (!eq(want, got)) out.push(`${g.name}/${gl.path}.${what}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`); };
    lf('type', gl.type, l.type);
    if (gl.line !== undefined) lf('line', gl.line, l.line);
    lf('params', gl.params, l.params);
    if (gl.trainable !== undefined) lf('trainable', gl.trainable, l.trainable);
    if (g.inputShape && gl.outputShape !== undefined && gl.outputShape !== null) lf('outputShape', gl.outputShape, l.outputShape);
  }
  return out;
}

export function analyzeFixture(file: string) {
  return analyzeText(fs.readFileSync(file, 'utf8'), file, 'python');
}

/** Numbers of the report that a golden model contradicts ("right or unknown, never wrong"); unknowns are not listed. */
export function wrongNumbers(g: GoldenModel, m: ModelReport): string[] {
  const out: string[] = [];
  const eq = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const check = (what: string, want: unknown, got: unknown) => {
    if (got !== null && got !== undefined && want !== null && want !== undefined && !eq(want, got)) out.push(`${what}: PyTorch ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`);
  };
  check('params', g.params, m.params);
  check('trainable', g.trainable, m.trainable);
  check('nonTrainable', g.nonTrainable, m.nonTrainable);
  if (g.inputShape) check('outputShape', g.outputShape, Array.isArray(g.outputShape?.[0]) ? m.outputShapes : m.outputShape);
  const layers = new Map(m.layers.map((l) => [l.path, l]));
  for (const gl of g.layers) {
    const l = layers.get(gl.path);
    if (!l) continue;
    check(`${gl.path}.params`, gl.params, l.params);
    if (gl.trainable !== undefined) check(`${gl.path}.trainable`, gl.trainable, l.trainable);
    if (g.inputShape && l.outputShape && !l.outputShape.includes(null)) check(`${gl.path}.outputShape`, gl.outputShape, l.outputShape);
  }
  return out;
}
