// Input-shape directives in comments: `# input: 1x28x28`, `# input Net: 3x32x32`, `// input: (28, 28, 1) digits`.
// This reads comment text only; layers are never found this way.

export interface Directive {
  /** 1-based line of the comment. */
  line: number;
  /** The model it names, or null for an unnamed directive. */
  model: string | null;
  shape: number[];
}

/** Parses the text of one comment (without the comment marker); null when it is not a directive. */
export function parseDirective(comment: string, line: number): Directive | null {
  // trimEnd: a CRLF file's comments can end in \r, which `.` does not match.
  const m = /^\s*input(?:\s+([A-Za-z_$][\w$.]*))?\s*[:=]\s*(.*)$/i.exec(comment.trimEnd());
  if (!m) return null;
  const shape = parseShape(m[2]);
  return shape ? { line, model: m[1] ?? null, shape } : null;
}

/** `1x28x28`, `1×28×28`, `(1, 28, 28)`, `[1,28,28]`; words after the shape are a comment. */
export function parseShape(text: string): number[] | null {
  const t = text.trim();
  const bracket = /^[([]\s*(\d+(?:\s*,\s*\d+)*)\s*,?\s*[)\]]/.exec(t);
  const crossed = bracket ? null : /^(\d+(?:\s*[x×*]\s*\d+)*)(?![\w.])/.exec(t);
  const dims = bracket ? bracket[1].split(',') : crossed ? crossed[1].split(/[x×*]/) : null;
  const shape = dims?.map((s) => Number(s.trim())) ?? null;
  // A size past 2^53 cannot be exact: no shape rather than a wrong one.
  return shape && shape.every((d) => Number.isSafeInteger(d)) ? shape : null;
}

/**
 * The directive that applies to a model: one naming it; else an unnamed one on the line right above the
 * model (blank lines and decorators may sit between); else an unnamed one in the file's header (before `firstCodeLine`).
 */
export function directiveFor(
  directives: Directive[], model: string, modelLine: number, firstCodeLine: number, isBetween: (from: number, to: number) => boolean,
  modelLines: number[] = [],
): Directive | null {
  const ix = indexOf(directives);
  const named = ix.named.get(model);
  if (named) return named;
  const attachedTo = (d: Directive, line: number) => d.model === null && d.line < line && isBetween(d.line, line);
  // Only the nearest unnamed directive above can be attached: code between it and the model separates the others too.
  const nearest = ix.nearestAbove(modelLine);
  if (nearest && attachedTo(nearest, modelLine)) return nearest;
  // A header directive applies file-wide unless it sits right above a model of its own (the same for every model).
  if (ix.header && ix.header.firstCodeLine === firstCodeLine && ix.header.modelLines === modelLines) return ix.header.found;
  const found = directives.find((d) => d.model === null && d.line < firstCodeLine && !modelLines.some((l) => attachedTo(d, l))) ?? null;
  ix.header = { firstCodeLine, modelLines, found };
  return found;
}

interface DirectiveIndex {
  named: Map<string, Directive>;
  nearestAbove(line: number): Directive | null;
  header?: { firstCodeLine: number; modelLines: number[]; found: Directive | null };
}

/** Lookups over a file's directives, made once per list (a file has one directive list per analysis). */
const indexes = new WeakMap<Directive[], DirectiveIndex>();

function indexOf(directives: Directive[]): DirectiveIndex {
  let ix = indexes.get(directives);
  if (ix) return ix;
  const named = new Map<string, Directive>();
  for (const d of directives) if (d.model !== null && !named.has(d.model)) named.set(d.model, d);
  const unnamed = directives.filter((d) => d.model === null).sort((a, b) => a.line - b.line);
  ix = {
    named,
    nearestAbove(line: number): Directive | null {
      let lo = 0, hi = unnamed.length - 1, best: Directive | null = null;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (unnamed[mid].line < line) { best = unnamed[mid]; lo = mid + 1; } else hi = mid - 1;
      }
      return best;
    },
  };
  indexes.set(directives, ix);
  return ix;
}

/**
 * Whether only blank lines and lines `ignorable` accepts (comments, decorators) lie strictly between two 1-based
 * lines of `text`; `lineStart(l)` is the offset where line l starts.
 */
export function onlyBlankBetween(
  text: string, lineStart: (l: number) => number, lineCount: number, from: number, to: number, ignorable: (line: string) => boolean,
): boolean {
  for (let l = from + 1; l < to; l++) {
    const end = l < lineCount ? lineStart(l + 1) : text.length;
    const s = text.slice(lineStart(l), end).trim();
    if (s && !ignorable(s)) return false;
  }
  return true;
}
