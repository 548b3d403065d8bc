// Python's method resolution order over the evaluator's classes.
import { type Value, type PyClass, isObj } from './values';

/** Python's method resolution order (C3 linearization); library classes are leaves (their bases unknown). */
export function computeMro(cls: PyClass): (PyClass | { t: 'ext'; path: string })[] {
  type Node = PyClass | { t: 'ext'; path: string };
  const exts = new Map<string, Node>();
  const canon = (b: Value): Node | null => {
    if (!isObj(b)) return null;
    if (b.t === 'class') return b;
    if (b.t === 'ext') { if (!exts.has(b.path)) exts.set(b.path, b); return exts.get(b.path)!; }
    return null;
  };
  const memo = new Map<Node, Node[] | null>();
  const linearize = (c: Node, depth: number): Node[] | null => {
    if (c.t === 'ext') return [c];
    if (memo.has(c)) return memo.get(c)!;
    if (depth > 30) return null;
    memo.set(c, null); // a class among its own bases: no order
    const bases = c.bases.map(canon).filter((b): b is Node => b !== null);
    const seqs: Node[][] = [];
    for (const b of bases) { const l = linearize(b, depth + 1); if (!l) return null; seqs.push([...l]); }
    seqs.push([...bases]);
    const out: Node[] = [c];
    for (;;) {
      const live = seqs.filter((q) => q.length);
      if (!live.length) break;
      const head = live.map((q) => q[0]).find((h) => !live.some((q) => q.indexOf(h) > 0));
      if (!head) return null; // inconsistent (Python raises TypeError)
      out.push(head);
      for (const q of live) if (q[0] === head) q.shift();
    }
    memo.set(c, out);
    return out;
  };
  const c3 = linearize(cls, 0);
  if (c3) return c3;
  // Fallback for an order Python would reject: depth first, each class once.
  const out: Node[] = [];
  const seen = new Set<unknown>();
  const visit = (c: Value, depth: number): void => {
    if (depth > 30 || !isObj(c)) return;
    if (c.t === 'class') {
      if (seen.has(c)) return;
      seen.add(c);
      out.push(c);
      for (const b of c.bases) visit(b, depth + 1);
    } else if (c.t === 'ext' && !seen.has(c.path)) {
      seen.add(c.path);
      out.push(c);
    }
  };
  visit(cls, 0);
  return out;
}
