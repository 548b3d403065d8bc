// Files of the workspace the analysis may read (imports): the reader interface and '/'-separated path helpers,
// shared by the Python and the TypeScript/JavaScript evaluators. Pure: the CLI and the editor provide the reader.

/** Reads a module's source text; null when there is no such file. */
export interface SourceReader {
  read(path: string): string | null;
}

export interface ImportSettings {
  reader: SourceReader;
  /** Folders absolute imports are looked up in (workspace folders, `layerLens.python.extraPaths`). */
  roots: string[];
  /** Files larger than this are not evaluated. */
  maxBytes?: number;
}

/** Files larger than this are not evaluated when the settings name no limit. */
export const DEFAULT_MAX_IMPORT_BYTES = 1_000_000;

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : path.slice(0, i);
}

export function join(dir: string, rel: string): string {
  const parts = (dir === '.' ? [] : dir.split('/')).concat(rel.split('/'));
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') { if (out.length && out[out.length - 1] !== '' && out[out.length - 1] !== '..') out.pop(); else out.push(p); }
    else if (p !== '.' && !(p === '' && out.length)) out.push(p);
  }
  return out.join('/') || (dir.startsWith('/') ? '/' : '.');
}
