// The one entry point of analysis: a document's text in, a FileReport out. Pure; never throws.
import type { FileReport, Language } from './core/report';
import { analyzePython, type AnalyzeOptions } from './python/analyze';
import { analyzeTs } from './typescript/analyze';

export type { AnalyzeOptions };

/** Files larger than this are skipped with a message instead of analysed. */
export const MAX_FILE_BYTES = 2_000_000;

export function languageOf(fileName: string): Language | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'py' || ext === 'pyi') return 'python';
  if (ext === 'ts' || ext === 'tsx' || ext === 'mts' || ext === 'cts') return 'typescript';
  if (ext === 'js' || ext === 'mjs' || ext === 'cjs' || ext === 'jsx') return 'javascript';
  return null;
}

export function analyzeText(text: string, path: string, language: Language, opts: AnalyzeOptions = {}): FileReport {
  if (text.length > MAX_FILE_BYTES) {
    return { path, language, models: [], skipped: `skipped: the file is larger than ${MAX_FILE_BYTES / 1e6} MB` };
  }
  if (text.includes('\u0000')) return { path, language, models: [], skipped: 'skipped: the file looks binary' };
  if (language === 'python' && /^\s*\{/.test(text) && /"(cells|nbformat)"\s*:/.test(text.slice(0, 100_000))) {
    return { path, language, models: [], skipped: 'skipped: the file is a Jupyter notebook (JSON), not Python source' };
  }
  try {
    if (language === 'python') return analyzePython(text, path, opts);
    return analyzeTs(text, path, language, opts);
  } catch (e) {
    // Analysis must never take the editor down: report the failure as a skipped file.
    return { path, language, models: [], skipped: `skipped: internal error (${e instanceof Error ? e.message : String(e)})` };
  }
}
