// A PyTorch model → its report: walk the module tree as named_modules() would, trace forward(), add up.
import type { ModelReport, Shape } from '../core/report';
import { buildModel, type LayerEntry } from '../core/model';
import { type Interp, BudgetExceeded } from './interp';
import { type TorchHost, newTorchState, emptyLayerResult, EXTERNAL_MODEL, ZOO_BODY } from './torch';
import { type Value, type Layer, type Param, type PyUnknown, isObj, isUnk, toCValue, kwToC, unk } from './values';
import { COMPOSITES, expandComposite } from './torch-composite';
import { tensor, isTensor } from './tensor';
import type { Candidate } from './analyze';
import { msg } from '../core/l10n';
import type { LineIndex } from './syntax';

export function evaluateTorchModel(interp: Interp, host: TorchHost, c: Candidate, input: number[] | null, note?: string): ModelReport | null {
  host.state = newTorchState();
  interp.steps = 0;
  const unknown: Record<string, string> = {};
  if (note) unknown.file = note;
  let root: Value;
  try {
    root = c.build();
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
    return null;
  }
  if (!host.isModule(root)) return null;
  // Paths of every leaf, as named_modules() would print them (each module once).
  const leaves: { path: string; mod: Value }[] = [];
  const directParams: { path: string; param: Param; after: number; owner: string }[] = [];
  const unknownParts: { path: string; reason: string; after: number }[] = [];
  const seen = new Set<Value>();
  const blocks: Record<string, number> = {};
  const walk = (m: Value, prefix: string) => {
    if (seen.has(m)) return;
    seen.add(m);
    // Instances of the file's own classes inside the model ("BasicBlock used 8× in resnet18").
    if (prefix && isObj(m) && m.t === 'instance' && !m.file && m.cls.ctx?.main !== false) blocks[m.cls.name] = (blocks[m.cls.name] ?? 0) + 1;
    const children = host.childMap(m);
    const ownParams = isObj(m) && m.t === 'instance' ? [...(m.params ?? new Map()).entries()] : [];
    const childModules = [...children.entries()].filter(([, v]) => host.isModule(v));
    // Values from calls Layer Lens cannot follow may be modules: their parameters are unknown, never dropped.
    const opaque = [...children.entries(), ...(isObj(m) && m.t === 'instance' ? m.attrs.entries() : [])]
      .filter(([, v]) => isUnk(v) && !v.bool) as [string, PyUnknown][];
    for (const [k, v] of opaque) unknownParts.push({ path: prefix ? `${prefix}.${k}` : k, reason: v.reason, after: leaves.length });
    if (childModules.length === 0) {
      // A zoo model of unknown content is its unknown part (above), not a layer of its own.
      if (!(isObj(m) && m.t === 'layer' && m.type === EXTERNAL_MODEL)) leaves.push({ path: prefix, mod: m });
      return;
    }
    // A subclass of a built-in layer with submodules of its own: the built-in's parameters are its direct ones.
    if (isObj(m) && m.t === 'instance' && m.layer) {
      const named = host.builtinParams(m.layer);
      const line = m.layer.superLine ?? m.line;
      if (named) for (const [k, p] of named) directParams.push({ path: prefix ? `${prefix}.${k}` : k, param: { ...p, line }, after: leaves.length, owner: prefix });
      else unknownParts.push({ path: prefix || m.cls.name, reason: msg('the parameters {0} has from {1} next to its own submodules are not followed', m.cls.name, m.layer.type), after: leaves.length });
    }
    for (const [k, p] of ownParams) directParams.push({ path: prefix ? `${prefix}.${k}` : k, param: p, after: leaves.length, owner: prefix });
    for (const [k, v] of childModules) walk(v, prefix ? `${prefix}.${k}` : k);
  };
  walk(root, '');
  for (const l of leaves) if (isObj(l.mod) && l.mod.t === 'layer') host.state.paths.set(l.mod, l.path || l.mod.type);
  // Trace forward().
  let outputShape: Shape | null = null;
  let traceComplete = false;
  if (input) {
    host.state.traced = true;
    try {
      interp.steps = 0;
      const out = interp.callValue(root, [tensor(input)], new Map(), c.line);
      const t = firstTensor(out);
      if (isTensor(t) && t.shape && t.shape.every((d) => d !== null)) { outputShape = t.shape; traceComplete = true; }
      else if (isTensor(t)) unknown.outputShape = t.reason ?? msg('the output shape is not known');
      else unknown.outputShape = isUnk(t) ? t.reason : msg('forward() does not return a tensor Layer Lens can follow');
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e;
      unknown.outputShape = e.reason;
    }
  }
  // Entries.
  const entries: LayerEntry[] = [];
  const owners = new Map<number, string>();
  // One parameter object held in several places (`self.alpha = self.beta = nn.Parameter(…)`, `b.gamma =
  // blocks[0].gamma`, `self.table = self.emb.weight`) counts once, as model.parameters() does: where it is first
  // met (named_parameters() order), a module's own parameters once, the rows of other modules as shared.
  const paramSeen = new Map<number, { path: string; owner: string }>();
  const layerParamSeen = new Map<number, string>();
  /** The part of these parameters (of the module at `owner`) already counted at another module's row. */
  const sharedOf = (ps: Iterable<Param>, owner: string, layers = false): LayerEntry['shared'] => {
    let numel: number | null = 0, trainable: number | null = 0, with_: string | undefined;
    for (const p of ps) {
      const first = paramSeen.get(p.id);
      const where = first && first.owner !== owner ? first.path : layers ? layerParamSeen.get(p.id) : undefined;
      if (where === undefined) continue;
      with_ ??= where;
      numel = numel === null || p.numel === null ? null : numel + p.numel;
      trainable = trainable === null || p.requiresGrad === null || p.numel === null ? null : trainable + (p.requiresGrad ? p.numel : 0);
    }
    return with_ === undefined ? undefined : { numel, with: with_, trainable };
  };
  /** A module's own parameters once each (named_parameters(recurse=False) lists one object once, under its first name). */
  const ownOnce = (ps: Iterable<Param>): Param[] => [...new Map([...ps].map((p) => [p.id, p])).values()];
  const remember = (ps: Iterable<Param>, path: string, owner: string) => {
    for (const p of ps) if (!paramSeen.has(p.id)) paramSeen.set(p.id, { path, owner });
  };
  let pi = 0;
  const pushParam = (upTo: number) => {
    while (pi < directParams.length && directParams[pi].after <= upTo) {
      const { path, param, owner } = directParams[pi++];
      const first = paramSeen.get(param.id);
      if (first && first.owner === owner) continue;
      const entry = paramEntry(path, param, param.line ?? c.line);
      const shared = sharedOf([param], owner, true);
      if (shared) entry.shared = shared;
      remember([param], path, owner);
      entries.push(entry);
    }
  };
  leaves.forEach((leaf, i) => {
    pushParam(i);
    const mod = leaf.mod;
    if (isObj(mod) && mod.t === 'layer') {
      const called = host.state.results.has(mod);
      let result = host.resultOf(mod);
      for (const x of mod.extraParams ?? []) {
        // weight_norm's g: trainable, next to the catalog's count.
        result = { ...result, unknown: { ...result.unknown } };
        const add = (v: number | null) => (v === null || x.numel === null ? null : v + x.numel);
        result.params = add(result.params);
        result.trainable = add(result.trainable);
        if (result.params === null) result.unknown.params ??= x.why;
        if (result.trainable === null) result.unknown.trainable ??= x.why;
      }
      const inputShape = callInput(host, mod);
      // Lazy modules become their plain type once their input is known (PyTorch swaps the class).
      // The known part of a torchvision model is a row of its class (ResNet).
      const type = mod.type === ZOO_BODY ? mod.zooPart?.parent.zoo?.entry?.cls ?? mod.type
        : mod.type.startsWith('Lazy') && result.inChannels !== null ? mod.type.slice(4) : mod.type;
      const entry: LayerEntry = {
        path: leaf.path, type, line: mod.line, result, inputShape, called, conditional: mod.conditional,
        inputFrom: host.state.producers.get(mod), file: mod.file, ...callColumns(interp.mainCtx.lines, mod),
      };
      const w = mod.paramState.get('weight');
      if (w && w.owner && w.owner !== mod) {
        entry.shared = { numel: w.numel, with: host.state.paths.get(w.owner) ?? w.owner.type };
      } else {
        // A parameter of the layer that a module listed before holds too (`self.table = self.emb.weight`).
        const shared = sharedOf([...mod.paramState].filter(([a]) => a !== '*').map(([, p]) => p), leaf.path);
        if (shared) entry.shared = shared;
      }
      for (const [a, p] of mod.paramState) if (a !== '*' && !layerParamSeen.has(p.id)) layerParamSeen.set(p.id, leaf.path);
      const frozen = frozenCount(mod, result.params);
      if (frozen !== 0) entry.frozen = frozen;
      for (const [, p] of mod.paramState) owners.set(p.id, leaf.path);
      const expanded = COMPOSITES.has(mod.type)
        ? expandComposite(entry, { positional: mod.positional.map((a) => toCValue(a)), keywords: kwToC(mod.keywords) }, {
          layer: lineOf(mod.keywords.get('encoder_layer') ?? mod.keywords.get('decoder_layer') ?? mod.positional[0]),
          norm: lineOf(mod.keywords.get('norm') ?? mod.positional[2]),
        }, host.state.laterInputs.get(mod) ?? [])
        : null;
      if (expanded && mod.type === 'MultiheadAttention' && entry.frozen !== undefined && entry.frozen !== 0) {
        // Part of the attention frozen: each row gets its own parameters' share.
        for (const part of expanded) part.frozen = partFrozen(mod, part.path.slice(leaf.path.length + 1), part.result.params);
      }
      if (expanded) entries.push(...expanded);
      else entries.push(entry);
    } else if (isObj(mod) && mod.t === 'instance' && mod.layer) {
      // A subclass of a builtin layer: the layer's parameters, the subclass's name and call.
      const call = host.state.moduleCalls.get(mod);
      const base = host.resultOf(mod.layer);
      const result = { ...base, outputShape: call?.output ?? null, unknown: { ...base.unknown } };
      if (!result.outputShape) {
        result.unknown.outputShape = call ? msg('the output of {0}.forward() is not known', mod.cls.name) : base.unknown.outputShape ?? msg('{0} is not reached by a traced forward pass', mod.cls.name);
      }
      // Parameters it adds to the built-in's (`self.scale = nn.Parameter(...)`) are its own too.
      let frozen: number | null = frozenCount(mod.layer, result.params);
      const own = ownOnce((mod.params ?? new Map<string, Param>()).values());
      const shared = sharedOf(own, leaf.path, true);
      remember(own, leaf.path, leaf.path);
      for (const p of own) {
        const n = p.numel;
        if (result.params !== null) result.params = n === null ? null : result.params + n;
        if (result.trainable !== null) result.trainable = n === null ? null : result.trainable + n;
        if (p.requiresGrad === null) frozen = null;
        else if (p.requiresGrad === false) frozen = frozen === null || n === null ? null : frozen + n;
      }
      if (result.params === null) result.unknown = { ...result.unknown, params: result.unknown.params ?? msg('a parameter of {0} has an unknown size', mod.cls.name) };
      entries.push({
        path: leaf.path, type: mod.cls.name, line: mod.line, result, inputShape: call?.input ?? null, called: !!call, file: mod.file,
        ...(frozen !== 0 ? { frozen } : {}), ...(shared ? { shared } : {}),
      });
    } else if (isObj(mod) && mod.t === 'instance') {
      // A module of the file with no submodules: its own parameters only.
      let n: number | null = 0, frozen: number | null = 0;
      const own = ownOnce((mod.params ?? new Map<string, Param>()).values());
      const shared = sharedOf(own, leaf.path, true);
      remember(own, leaf.path, leaf.path);
      for (const p of own) {
        n = n === null || p.numel === null ? null : n + p.numel;
        if (p.requiresGrad === null) frozen = null;
        else if (p.requiresGrad === false) frozen = frozen === null || p.numel === null ? null : frozen + p.numel;
      }
      const call = host.state.moduleCalls.get(mod);
      entries.push({
        path: leaf.path, type: mod.cls.name, line: mod.line, inputShape: call?.input ?? null, called: !!call, file: mod.file,
        result: {
          params: n, trainable: n, nonTrainable: n === null ? null : 0, inChannels: null, outChannels: null, kernel: null, stride: null,
          // Its forward() ran no op that multiplies and accumulates (nanoGPT's LayerNorm calls F.layer_norm): no cost.
          groups: null, filterShape: null, formula: null, outputShape: call?.output ?? null, macs: n === 0 || (call?.free && call.output) ? 0 : null, rf: null,
          unknown: {
            ...(n === null ? { params: msg('a parameter of unknown size') } : {}),
            ...(n !== 0 && !(call?.free && call.output) ? { macs: msg('the cost of {0}.forward() is not counted', mod.cls.name) } : {}),
            ...(call?.output ? {} : { outputShape: call ? msg('the output of {0}.forward() is not known', mod.cls.name) : msg('{0} is not reached by a traced forward pass', mod.cls.name) }),
          },
        },
        frozen: frozen === 0 ? undefined : frozen,
        ...(shared ? { shared } : {}),
      });
    }
  });
  pushParam(Infinity);
  for (const u of unknownParts) {
    const r = emptyLayerResult(msg('{0} comes from code Layer Lens cannot follow ({1})', u.path, u.reason));
    entries.splice(Math.min(u.after + 0, entries.length), 0, { path: u.path, type: '?', line: c.line, result: r, inputShape: null, called: false });
  }
  const diagnostics = host.state.diagnostics.map((d) => {
    // The quick fix replaces its literal: only offered when the literal is on the diagnostic's line (a range that
    // starts on one line at another line's column would replace the wrong text).
    const lines = interp.mainCtx.lines;
    const fixable = d.fix !== undefined && d.range !== undefined && lines.line(d.range[0]) === d.line;
    return {
      line: d.line, severity: 'error' as const, message: d.message,
      ...(fixable ? { fix: String(d.fix) } : {}),
      ...diagnosticRange(lines, d.line, fixable ? d.range : callRange(d.layer)),
    };
  });
  // Configuration errors of layers that never ran (PyTorch raises at construction or first call).
  // One per line and error (the traced ones included), compared by the error itself, not by message text.
  const reported = new Set(host.state.diagnostics.filter((d) => d.error !== undefined).map((d) => `${d.line}\n${d.error}`));
  for (const e of entries) {
    if (e.result.error && !reported.has(`${e.line}\n${e.result.error}`)) {
      reported.add(`${e.line}\n${e.result.error}`);
      diagnostics.push({ line: e.line, severity: 'error', message: `${e.path}: ${e.result.error}` });
    }
  }
  const report = buildModel({
    name: c.name, kind: c.kind, framework: 'pytorch', line: c.line, inputShape: input, outputShape, layers: entries,
    diagnostics, traceComplete, branched: host.state.branched, unknown,
  });
  if (Object.keys(blocks).length) report.blocks = blocks;
  return report;
}

function callInput(host: TorchHost, layer: Layer): Shape | null {
  return host.state.inputs.get(layer) ?? null;
}

function frozenCount(layer: Layer, params: number | null): number | null {
  if (layer.frozen) return params;
  let n: number | null = 0;
  for (const [attr, p] of layer.paramState) {
    if (p.owner !== layer || p.requiresGrad === true) continue;
    if (p.requiresGrad === null) return null;
    if (attr === '*') return params;
    n = n === null || p.numel === null ? null : n + p.numel;
  }
  return n;
}

/** How many parameters of one row of an expanded MultiheadAttention do not train (`out_proj` holds two). */
function partFrozen(layer: Layer, part: string, params: number | null): number | null | undefined {
  if (layer.frozen) return params;
  const whole = layer.paramState.get('*');
  if (whole && whole.requiresGrad !== true) return null;
  let n = 0;
  for (const k of part === 'out_proj' ? ['out_proj.weight', 'out_proj.bias'] : [part]) {
    const p = layer.paramState.get(k);
    if (!p || p.owner !== layer || p.requiresGrad === true) continue;
    if (p.requiresGrad === null || p.numel === null) return null;
    n += p.numel;
  }
  return n === 0 ? undefined : n;
}

function paramEntry(path: string, p: Param, line: number): LayerEntry {
  const n = p.numel;
  const frozen = p.requiresGrad === null ? null : p.requiresGrad === false ? n : 0;
  return {
    path, type: 'Parameter', line, inputShape: null, called: false,
    result: {
      params: n, trainable: n, nonTrainable: n === null ? null : 0, inChannels: null, outChannels: null, kernel: null, stride: null,
      groups: null, filterShape: null, formula: null, outputShape: p.shape, macs: 0, rf: null,
      unknown: n === null ? { params: msg('the parameter\'s shape is not known') } : {},
    },
    frozen: frozen === 0 ? undefined : frozen,
  };
}

function lineOf(v: Value | undefined): number | undefined {
  return isObj(v ?? null) && (v as Layer).t === 'layer' ? (v as Layer).line : undefined;
}

/** Where a layer's constructor call is on its line (LayerReport.column), when it is a call of the analysed file. */
function callColumns(lines: LineIndex, layer: Layer): { column?: number; endColumn?: number } {
  const range = callRange(layer);
  if (!range || lines.line(range[0]) !== layer.line) return {};
  return { column: lines.column(range[0]), ...(lines.line(range[1]) === layer.line ? { endColumn: lines.column(range[1]) } : {}) };
}

/** The offsets of the call that created a layer, when it is a call of the analysed file. */
function callRange(layer: Layer): [number, number] | undefined {
  const call = layer.argSite?.parent;
  return call && !layer.file ? [call.from, call.to] : undefined;
}

/** The columns of a diagnostic on `line`: the range given when it starts there, else none (the whole line). */
function diagnosticRange(lines: LineIndex, line: number, range: [number, number] | undefined): { column?: number; endLine?: number; endColumn?: number } {
  if (!range || lines.line(range[0]) !== line) return {};
  return { column: lines.column(range[0]), endLine: lines.line(range[1]), endColumn: lines.column(range[1]) };
}

/**
 * The tensor whose shape PyTorch users read off a forward() result: the value itself, or the first tensor found
 * depth-first in a tuple, list or dict (in insertion order), as the oracle's `_first_tensor`. Values known not to
 * be tensors (None, numbers, strings) are skipped; an unknown value before any tensor leaves the answer unknown,
 * since it may be the first tensor.
 */
function firstTensor(v: Value): Value {
  return firstIn(v, 0) ?? unk(msg('forward() returns no tensor'));
}

/** The first tensor (or unknown) in `v`, or undefined when `v` provably holds no tensor. */
function firstIn(v: Value, depth: number): Value | undefined {
  if (!isObj(v)) return undefined;
  if (v.t === 'float' || v.t === 'ext' || v.t === 'range') return undefined;
  if (v.t !== 'tuple' && v.t !== 'list' && v.t !== 'dict') return v;
  if (depth > 8) return unk(msg('forward() returns no tensor'));
  if (v.t !== 'tuple' && v.tainted) return unk(v.tainted);
  const items = v.t === 'dict' ? [...v.map.values()].map(([, x]) => x) : v.items;
  for (const item of items) {
    const t = firstIn(item, depth + 1);
    if (t !== undefined) return t;
  }
  return undefined;
}
