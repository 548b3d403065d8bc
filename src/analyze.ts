// The one entry point of analysis: a document's text in, a FileReport out. Pure; never throws.
import type { FileReport, Language } from './core/report';
import type { analyzePython, AnalyzeOptions } from './python/analyze';
import type { analyzeTs } from './analyzer-ts';
import { getMessages, msg, setMessages, type Messages } from './core/l10n';

export type { AnalyzeOptions };

/** Files larger than this are skipped with a message instead of analysed. */
export const MAX_FILE_BYTES = 2_000_000;

/*
 * The analyzers are loaded on first use (`require` inside the call), so loading and activating the extension runs
 * none of their module-level setup (grammar tables, layer catalogs): esbuild wraps what is required lazily. In the
 * Node extension build, `./analyzer-ts` is moreover a separate file, dist/analyzer-ts.js (scripts/build.mjs); the
 * browser and CLI bundles inline it.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
let python: typeof analyzePython | undefined;
let ts: typeof analyzeTs | undefined;
/** The message setter of the TS/JS analyzer once loaded: in the Node extension it is another bundle with its own table. */
let tsMessages: ((table: Messages | undefined) => void) | undefined;
const loadPython = () => (python ??= (require('./python/analyze') as { analyzePython: typeof analyzePython }).analyzePython);
const loadTs = () => {
  if (!ts) {
    const mod = require('./analyzer-ts') as typeof import('./analyzer-ts');
    mod.setMessages(getMessages());
    tsMessages = mod.setMessages;
    ts = mod.analyzeTs;
  }
  return ts;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Installs the translations of the analysis messages (unknown reasons, diagnostics, summary text) for every
 * analyzer: this bundle's, and the TS/JS analyzer's when it is a separate bundle (now, or when it is loaded).
 * undefined returns to English.
 */
export function setAnalysisMessages(table: Messages | undefined): void {
  setMessages(table);
  tsMessages?.(table);
}

export function languageOf(fileName: string): Language | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'py' || ext === 'pyi') return 'python';
  if (ext === 'ts' || ext === 'tsx' || ext === 'mts' || ext === 'cts') return 'typescript';
  if (ext === 'js' || ext === 'mjs' || ext === 'cjs' || ext === 'jsx') return 'javascript';
  return null;
}

export function analyzeText(text: string, path: string, language: Language, opts: AnalyzeOptions = {}): FileReport {
  if (text.length > MAX_FILE_BYTES) {
    return { path, language, models: [], skipped: msg('skipped: the file is larger than {0} MB', MAX_FILE_BYTES / 1e6) };
  }
  if (text.includes('\u0000')) return { path, language, models: [], skipped: msg('skipped: the file looks binary') };
  if (language === 'python' && /^\s*\{/.test(text) && /"(cells|nbformat)"\s*:/.test(text.slice(0, 100_000))) {
    return { path, language, models: [], skipped: msg('skipped: the file is a Jupyter notebook (JSON), not Python source') };
  }
  try {
    if (language === 'python') return loadPython()(text, path, opts);
    return loadTs()(text, path, language, opts);
  } catch (e) {
    // Analysis must never take the editor down: report the failure as a skipped file.
    return { path, language, models: [], skipped: msg('skipped: internal error ({0})', e instanceof Error ? e.message : String(e)) };
  }
}
