// Imports within the workspace: which file a Python import names, read through a provided reader
// (the file system in the CLI, vscode.workspace.fs in the editor). Paths are '/'-separated strings.

import { type SourceReader, type ImportSettings, dirname, join } from '../core/modules';

export { type SourceReader, type ImportSettings, dirname, join };

/** Top-level names that are frameworks or the standard library: never read from files, the hosts model them. */
const EXTERNAL = new Set([
  'torch', 'tensorflow', 'keras', 'tf_keras', 'numpy', 'math', 'functools', 'collections', 'typing', 'typing_extensions',
  'copy', 'os', 'sys', 're', 'warnings', 'dataclasses', 'enum', 'abc', 'itertools', 'logging', 'json', 'random', 'time',
  'pathlib', 'inspect', 'types', 'operator', 'contextlib', 'argparse', 'scipy', 'PIL', 'pandas', 'matplotlib', 'tqdm',
  'builtins', '__future__', 'importlib', 'pickle', 'io', 'string', 'glob', 'shutil', 'subprocess', 'datetime', 'uuid',
]);

/** Whether a top-level module is one the evaluator takes as installed (a framework or the standard library). */
export function isKnownExternal(dotted: string): boolean {
  return EXTERNAL.has(dotted.split('.')[0]);
}

/** The folder above the outermost package containing `file` (walking up while `__init__.py` exists). */
export function packageRoot(file: string, reader: SourceReader): { root: string; top: string | null } {
  let dir = dirname(file);
  let top: string | null = null;
  for (let i = 0; i < 30 && dir !== '/' && dir !== '.'; i++) {
    if (reader.read(`${dir}/__init__.py`) === null) break;
    top = dir.slice(dir.lastIndexOf('/') + 1);
    dir = dirname(dir);
  }
  return { root: dir, top };
}

/** Candidate files for a module: `a/b.py`, then `a/b/__init__.py`. */
function candidates(base: string, dotted: string): string[] {
  const rel = dotted ? dotted.split('.').join('/') : '';
  if (!rel) return [join(base, '__init__.py')];
  return [join(base, `${rel}.py`), join(base, `${rel}/__init__.py`)];
}

/**
 * The file an import refers to, or null when it is outside the workspace (a framework, the standard library, or
 * a package we cannot find). `level` is the number of leading dots.
 */
export function resolveModule(settings: ImportSettings, fromFile: string, level: number, dotted: string): string | null {
  const { reader } = settings;
  if (level > 0) {
    let base = dirname(fromFile);
    for (let i = 1; i < level; i++) base = dirname(base);
    for (const c of candidates(base, dotted)) if (reader.read(c) !== null) return c;
    return null;
  }
  const first = dotted.split('.')[0];
  if (!first || EXTERNAL.has(first)) return null;
  // Python 3 looks an absolute import up on sys.path. A file inside a package is imported as part of it: its
  // own top package comes from the folder above it, other names from the roots, and the file's own folder
  // comes last (it is on sys.path only when the file is run as a script). A file outside any package is run
  // as a script: its folder comes first.
  const pkg = packageRoot(fromFile, reader);
  const roots = pkg.top === null ? [dirname(fromFile), ...settings.roots] : [...(pkg.top === first ? [pkg.root] : []), ...settings.roots, dirname(fromFile)];
  for (const r of roots) for (const c of candidates(r, dotted)) if (reader.read(c) !== null) return c;
  return null;
}
