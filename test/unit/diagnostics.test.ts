// The diagnostics against PyTorch: test/fixtures/diagnostics-pytorch/<name>.py beside <name>.verdict.json,
// written by test/oracle/torch_diagnostics.py from a real forward pass (and from running our quick fixes).
// Right or unknown, never wrong: a model PyTorch runs has no diagnostic, and a quick fix must make it run.
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { analyzeText } from '../../src/analyze';

const DIR = 'test/fixtures/diagnostics-pytorch';

interface Verdict {
  models: Record<string, { runs: boolean | null; error?: string }>;
  fixes: { line: number; column: number; fix: string; runs: boolean }[];
}

/** Mistakes PyTorch raises on that Layer Lens does not report yet (a gap, not a wrong claim). */
const GAPS: Record<string, string> = {
  'kernel_too_big.py': 'a conv kernel larger than its input is left as an unknown output shape',
  'linear_after_view_wrongsize.py': 'a view() to a size that does not divide the tensor is left unknown',
};

describe('PyTorch diagnostics against PyTorch', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.py')).sort();
  it('finds the fixtures', () => assert.ok(files.length >= 35, `${files.length} fixtures`));
  for (const file of files) {
    it(file, () => {
      const v = JSON.parse(readFileSync(`${DIR}/${file.replace(/\.py$/, '.verdict.json')}`, 'utf8')) as Verdict;
      const report = analyzeText(readFileSync(`${DIR}/${file}`, 'utf8'), file, 'python');
      const said = (name: string): string[] => report.models.filter((m) => name === '<module>' || m.name === name).flatMap((m) => m.diagnostics.map((d) => `${d.line}: ${d.message}`));
      for (const [name, verdict] of Object.entries(v.models)) {
        if (verdict.runs === true) assert.deepStrictEqual(said(name), [], `PyTorch runs ${name}`);
        if (verdict.runs === false && !GAPS[file]) assert.ok(said(name).length, `PyTorch raises in ${name} (${verdict.error}) but there is no diagnostic`);
        if (verdict.runs === false && GAPS[file]) assert.deepStrictEqual(said(name), [], `a gap closed (${GAPS[file]}): move ${file} out of GAPS`);
      }
      for (const d of report.models.flatMap((m) => m.diagnostics)) {
        if (d.fix === undefined || d.column === undefined) continue;
        const known = v.fixes.find((f) => f.line === d.line && f.column === d.column && f.fix === d.fix);
        assert.ok(known, `the quick fix ${d.fix} at ${d.line}:${d.column} is not verified: run test/oracle/torch_diagnostics.py`);
        assert.ok(known.runs, `the quick fix ${d.fix} at ${d.line}:${d.column} does not make PyTorch run`);
      }
    });
  }
});
