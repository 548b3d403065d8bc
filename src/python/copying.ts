// copy.deepcopy and copy.copy over evaluator values. A deep copy of a module is a new module with its own
// parameters (`nn.ModuleList([copy.deepcopy(layer) for _ in range(6)])` has six layers' worth), sharing inside
// the copied structure preserved, as Python's deepcopy keeps it with its memo.
import type { Interp } from './interp';
import { type Value, type Layer, type Param, type PyInstance, isObj, unk } from './values';
import { msg } from '../core/l10n';

export function deepCopy(interp: Interp, v: Value, memo = new Map<object, Value>(), depth = 0): Value {
  if (!isObj(v)) return v;
  const seen = memo.get(v);
  if (seen !== undefined) return seen;
  if (depth > 200) return unk(msg('a structure nested too deeply to copy'));
  const copy = (x: Value) => deepCopy(interp, x, memo, depth + 1);
  switch (v.t) {
    case 'list': case 'set': {
      const out = { ...v, items: [] as Value[] };
      memo.set(v, out);
      for (const x of v.items) out.items.push(copy(x));
      return out;
    }
    case 'tuple': {
      const out = { t: 'tuple' as const, items: [] as Value[] };
      memo.set(v, out);
      for (const x of v.items) out.items.push(copy(x));
      return out;
    }
    case 'dict': {
      const out = { ...v, map: new Map<string, [Value, Value]>() };
      memo.set(v, out);
      for (const [k, [key, val]] of v.map) out.map.set(k, [copy(key), copy(val)]);
      return out;
    }
    case 'layer': {
      const out: Layer = {
        ...v, id: interp.id(), positional: [], keywords: new Map(), calls: [], paramState: new Map(),
        ...(v.children ? { children: new Map() } : {}),
      };
      memo.set(v, out);
      for (const x of v.positional) out.positional.push(copy(x));
      for (const [k, x] of v.keywords) out.keywords.set(k, copy(x));
      if (v.children) for (const [k, x] of v.children) out.children!.set(k, copy(x));
      for (const [k, p] of v.paramState) out.paramState.set(k, copy(p) as Param);
      return out;
    }
    case 'param': {
      // The tensor is copied; a layer that owned it and is copied too owns the copy, otherwise the copy is free.
      const out: Param = { ...v, id: interp.id(), owner: null };
      memo.set(v, out);
      if (v.owner) {
        const owner = memo.get(v.owner);
        out.owner = owner !== undefined && isObj(owner) && owner.t === 'layer' ? owner : null;
      }
      return out;
    }
    case 'instance': {
      const out: PyInstance = { ...v, id: interp.id(), attrs: new Map() };
      memo.set(v, out);
      for (const [k, x] of v.attrs) out.attrs.set(k, copy(x));
      if (v.modules) { out.modules = new Map(); for (const [k, x] of v.modules) out.modules.set(k, copy(x)); }
      if (v.params) { out.params = new Map(); for (const [k, x] of v.params) out.params.set(k, copy(x) as Param); }
      if (v.layer) out.layer = copy(v.layer) as Layer;
      return out;
    }
    // Functions, classes, modules and external objects are not copied (as in Python); tensors and unknowns
    // are values here.
    default:
      return v;
  }
}

/** copy.copy: containers get a new outer level; a module's shallow copy shares its parameters, not followed. */
export function shallowCopy(interp: Interp, v: Value): Value {
  if (!isObj(v)) return v;
  switch (v.t) {
    case 'list': case 'set': return { ...v, items: [...v.items] };
    case 'tuple': return v;
    case 'dict': return { ...v, map: new Map(v.map) };
    case 'instance':
      // A plain object (a config dataclass) gets its own attribute table; a module would share its parameters.
      if (!v.modules && !v.params && !v.layer) return { ...v, id: interp.id(), attrs: new Map(v.attrs) };
      return { ...unk(msg('copy.copy of a module (sharing its parameters) is not followed')), opaque: 'copy.copy(…)' };
    case 'layer': case 'param':
      return { ...unk(msg('copy.copy of a module (sharing its parameters) is not followed')), opaque: 'copy.copy(…)' };
    default: return v;
  }
}
