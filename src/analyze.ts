// The one entry point of analysis: a document's text in, a FileReport out. Pure; never throws.
import type { FileReport, Language } from './core/report';
import type { AnalyzeOptions } from './python/analyze';
import type { analyzePython } from './analyzer-py';
import type { analyzeTs } from './analyzer-ts';
import { getMessages, msg, setMessages, type Messages } from './core/l10n';

export type { AnalyzeOptions };

/** Files larger than this are skipped with a message instead of analysed. */
export const MAX_FILE_BYTES = 2_000_000;

/*
 * The analyzers are loaded on first use (`require` inside the call), so loading and activating the extension runs
 * none of their module-level setup (grammar tables, layer catalogs): esbuild wraps what is required lazily. In the
 * Node extension build, `./analyzer-py` and `./analyzer-ts` are moreover separate files, dist/analyzer-py.js and
 * dist/analyzer-ts.js (scripts/build.mjs), so the extension's own bundle stays small; the browser and CLI bundles
 * inline them. Each separate bundle has its own message table, which setAnalysisMessages keeps in step.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
let python: typeof analyzePython | undefined;
let ts: typeof analyzeTs | undefined;
/** The message setters of the analyzers loaded so far: in the Node extension each is another bundle with its own table. */
const analyzerMessages: ((table: Messages | undefined) => void)[] = [];
const adopt = <T>(mod: { setMessages: (table: Messages | undefined) => void }, entry: T): T => {
  mod.setMessages(getMessages());
  analyzerMessages.push(mod.setMessages);
  return entry;
};
const loadPython = () => {
  if (!python) {
    const mod = require('./analyzer-py') as typeof import('./analyzer-py');
    python = adopt(mod, mod.analyzePython);
  }
  return python;
};
const loadTs = () => {
  if (!ts) {
    const mod = require('./analyzer-ts') as typeof import('./analyzer-ts');
    ts = adopt(mod, mod.analyzeTs);
  }
  return ts;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Installs the translations of the analysis messages (unknown reasons, diagnostics, summary text) for every
 * analyzer: this bundle's, and each analyzer's that is a separate bundle (now, or when it is loaded).
 * undefined returns to English.
 */
export function setAnalysisMessages(table: Messages | undefined): void {
  setMessages(table);
  for (const set of analyzerMessages) set(table);
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
