// Methods of Python's own containers and strings (list.append, dict.items, str.format …) for the evaluator.
import type { Interp } from './interp';
import { type Value, unk, isObj, num, keyOf, equal } from './values';
import { strFormat } from './format';
import { msg } from '../core/l10n';

/** Methods that change their container in place. */
const MUTATORS = new Set(['append', 'extend', 'insert', 'pop', 'remove', 'clear', 'sort', 'reverse', 'update', 'setdefault', 'popitem', 'add', 'discard']);

export function builtinMethod(interp: Interp, obj: Value, name: string): Value | undefined {
  const self = obj;
  const mutates = MUTATORS.has(name) && isObj(self) && (self.t === 'list' || self.t === 'dict' || self.t === 'set');
  const b = (fn: (args: Value[], kw: Map<string, Value>) => Value): Value => ({
    t: 'builtin', name, call: (a, k) => { if (mutates) interp.mutating(self); return fn(a, k); },
  });
  if (isObj(self) && self.t === 'list') {
    switch (name) {
      case 'append': return b((a) => { mutate(interp, self, () => self.items.push(a[0] ?? null)); return null; });
      // What cannot be followed leaves the list's content unknown (its length and positions), never stale.
      case 'extend': return b((a) => { const it = interp.iterate(a[0] ?? null); mutate(interp, self, () => { if (it) self.items.push(...it); else self.tainted ??= msg('extended with an unknown sequence'); }); return null; });
      case 'insert': return b((a) => { const i = num(a[0] ?? null); mutate(interp, self, () => { if (i !== null && Number.isInteger(i)) self.items.splice(i < 0 ? self.items.length + i : i, 0, a[1] ?? null); else self.tainted ??= msg('inserted into at an unknown index'); }); return null; });
      case 'pop': return b((a) => { const i = a.length ? num(a[0]) : -1; if (i === null || !Number.isInteger(i)) { self.tainted ??= msg('popped at an unknown index'); return unk(msg('pop at an unknown index')); } const j = i < 0 ? self.items.length + i : i; return self.items.splice(j, 1)[0] ?? unk(msg('pop from an empty list')); });
      case 'copy': return b(() => ({ t: 'list', items: [...self.items] }));
      case 'reverse': return b(() => { mutate(interp, self, () => self.items.reverse()); return null; });
      case 'clear': return b(() => { mutate(interp, self, () => { self.items = []; delete self.tainted; }); return null; });
      case 'remove': return b((a) => {
        const i = self.items.findIndex((x) => equal(x, a[0] ?? null) === true);
        // Only an item known to be equal can be taken out; otherwise which one left is unknown.
        mutate(interp, self, () => { if (i >= 0 && !self.items.slice(0, i).some((x) => equal(x, a[0] ?? null) !== false)) self.items.splice(i, 1); else self.tainted ??= msg('an item removed that Layer Lens cannot identify'); });
        return null;
      });
      case 'index': return b((a) => { const i = self.items.findIndex((x) => equal(x, a[0] ?? null) === true); return i >= 0 ? i : unk(msg('index of a missing value')); });
      case 'count': return b((a) => self.items.filter((x) => equal(x, a[0] ?? null) === true).length);
    }
  }
  if (isObj(self) && (self.t === 'dict' || self.t === 'list') && self.tainted && !['append', 'extend', 'insert', 'update', 'setdefault'].includes(name)) {
    const why = self.tainted;
    return b(() => unk(msg('its content was {0}', why)));
  }
  if (isObj(self) && self.t === 'dict') {
    const pairs = [...self.map.values()];
    switch (name) {
      case 'items': return b(() => ({ t: 'list', items: pairs.map(([k, v]) => ({ t: 'tuple', items: [k, v] })) }));
      case 'keys': return b(() => ({ t: 'list', items: pairs.map(([k]) => k) }));
      case 'values': return b(() => ({ t: 'list', items: pairs.map(([, v]) => v) }));
      case 'get': return b((a) => { const k = keyOf(a[0] ?? null); const e = k === null ? undefined : self.map.get(k); return e ? e[1] : (a[1] ?? null); });
      case 'pop': return b((a) => { const k = keyOf(a[0] ?? null); if (k === null) { self.tainted ??= msg('popped at an unknown key'); return unk(msg('pop of an unknown key')); } const e = self.map.get(k); self.map.delete(k); return e ? e[1] : (a[1] ?? unk(msg('missing key'))); });
      case 'update': return b((a, kw) => {
        const o = a[0];
        if (isObj(o) && o.t === 'dict') { for (const [k, e] of o.map) self.map.set(k, e); if (o.tainted) self.tainted ??= msg('updated from a dict {0}', o.tainted); }
        else if (o !== undefined) {
          const pairs = interp.iterate(o);
          for (const p of pairs ?? []) { const k = isObj(p) && p.t === 'tuple' && p.items.length === 2 ? keyOf(p.items[0]) : null; if (k === null) self.tainted ??= msg('updated with unknown items'); else self.map.set(k, [(p as { items: Value[] }).items[0], (p as { items: Value[] }).items[1]]); }
          if (!pairs) self.tainted ??= msg('updated with unknown items');
        }
        for (const [k, v] of kw) self.map.set('s' + k, [k, v]);
        return null;
      });
      case 'setdefault': return b((a) => { const k = keyOf(a[0] ?? null); if (k === null) { self.tainted ??= msg('set at an unknown key'); return unk(msg('unknown key')); } if (!self.map.has(k)) self.map.set(k, [a[0], a[1] ?? null]); return self.map.get(k)![1]; });
      case 'copy': return b(() => ({ t: 'dict', map: new Map(self.map) }));
      case 'clear': return b(() => { self.map.clear(); delete self.tainted; return null; });
      case 'popitem': return b(() => { const last = [...self.map.keys()].pop(); if (last === undefined) return unk(msg('popitem of an empty dict')); const [k, v] = self.map.get(last)!; self.map.delete(last); return { t: 'tuple', items: [k, v] }; });
    }
  }
  if (mutates && isObj(self) && (self.t === 'list' || self.t === 'dict')) {
    // A method that changes the container in a way not followed here (sort, …): its content becomes unknown.
    const container = self;
    return b(() => { container.tainted ??= msg('changed by `.{0}()`', name); return unk(msg('the result of `.{0}()`', name)); });
  }
  if (typeof self === 'string') {
    switch (name) {
      case 'format': return b((a, kw) => strFormat(self, a, kw) ?? unk(msg('a formatted string')));
      case 'lower': return b(() => self.toLowerCase());
      case 'upper': return b(() => self.toUpperCase());
      case 'startswith': return b((a) => (typeof a[0] === 'string' ? self.startsWith(a[0]) : unk(msg('unknown prefix'))));
      case 'endswith': return b((a) => (typeof a[0] === 'string' ? self.endsWith(a[0]) : unk(msg('unknown suffix'))));
      case 'split': case 'rsplit': return b((a, kw) => {
        const sep = a[0] ?? kw.get('sep') ?? null;
        const maxV = a[1] ?? kw.get('maxsplit') ?? -1;
        const max = typeof maxV === 'number' ? maxV : null;
        if (max === null || (sep !== null && typeof sep !== 'string') || sep === '') return unk(msg('split on unknown'));
        const parts = sep === null ? self.split(/\s+/).filter(Boolean) : self.split(sep);
        const joiner = sep ?? ' ';
        // maxsplit: at most that many cuts, from the left (split) or the right (rsplit).
        if (max < 0 || parts.length <= max + 1) return { t: 'list', items: parts };
        if (name === 'split') return { t: 'list', items: [...parts.slice(0, max), parts.slice(max).join(joiner)] };
        return { t: 'list', items: [parts.slice(0, parts.length - max).join(joiner), ...parts.slice(parts.length - max)] };
      });
      case 'join': return b((a) => { const it = interp.iterate(a[0] ?? null); return it && it.every((x) => typeof x === 'string') ? (it as string[]).join(self) : unk(msg('a joined string')); });
      case 'replace': return b((a) => (typeof a[0] === 'string' && typeof a[1] === 'string' ? self.split(a[0]).join(a[1]) : unk(msg('a replaced string'))));
      case 'strip': case 'lstrip': case 'rstrip': return b((a) => {
        const chars = a[0] ?? null;
        if (chars !== null && typeof chars !== 'string') return unk(msg('{0} of unknown characters', name));
        const set = chars === null ? null : new Set(chars);
        const drop = (c: string) => (set ? set.has(c) : /\s/.test(c));
        let from = 0, to = self.length;
        if (name !== 'rstrip') while (from < to && drop(self[from])) from++;
        if (name !== 'lstrip') while (to > from && drop(self[to - 1])) to--;
        return self.slice(from, to);
      });
      case 'isdigit': return b(() => self.length > 0 && /^[0-9]+$/.test(self));
      case 'count': return b((a) => (typeof a[0] === 'string' && a[0] ? self.split(a[0]).length - 1 : unk(msg('count of an unknown substring'))));
      case 'find': return b((a) => (typeof a[0] === 'string' ? self.indexOf(a[0]) : unk(msg('find of an unknown substring'))));
    }
  }
  if (isObj(self) && self.t === 'tuple') {
    if (name === 'index') return b((a) => { const i = self.items.findIndex((x) => equal(x, a[0] ?? null) === true); return i >= 0 ? i : unk(msg('index of a missing value')); });
    if (name === 'count') return b((a) => self.items.filter((x) => equal(x, a[0] ?? null) === true).length);
  }
  return undefined;
}

/** Mutation of a container; under an undecidable condition the container's content becomes unknown. */
function mutate(interp: Interp, list: { t: 'list'; items: Value[] }, f: () => void): void {
  if (interp.uncertain.length) {
    f();
    const reason = msg('changed under the undecidable condition {0}', interp.uncertain[interp.uncertain.length - 1]);
    list.items = list.items.map((x) => (isObj(x) && x.t === 'layer' ? (x.conditional ??= reason, x) : x));
    return;
  }
  f();
}
