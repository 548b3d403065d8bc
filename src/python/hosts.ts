// One host over several frameworks: each call goes to the first framework that handles it.
import type { Host } from './interp';
import type { Value } from './values';

export class CompositeHost implements Host {
  constructor(private readonly hosts: Host[]) {}

  call(callee: Value, args: Value[], kw: Map<string, Value>, line: number): Value | undefined {
    for (const h of this.hosts) { const r = h.call(callee, args, kw, line); if (r !== undefined) return r; }
    return undefined;
  }

  getAttr(obj: Value, name: string, line: number): Value | undefined {
    for (const h of this.hosts) { const r = h.getAttr(obj, name, line); if (r !== undefined) return r; }
    return undefined;
  }

  setAttr(obj: Value, name: string, value: Value): boolean {
    return this.hosts.some((h) => h.setAttr(obj, name, value));
  }

  superAttr(base: string, self: Value, name: string): Value | undefined {
    for (const h of this.hosts) { const r = h.superAttr(base, self, name); if (r !== undefined) return r; }
    return undefined;
  }

  iterate(obj: Value): Value[] | undefined {
    for (const h of this.hosts) { const r = h.iterate(obj); if (r !== undefined) return r; }
    return undefined;
  }

  index(obj: Value, key: Value): Value | undefined {
    for (const h of this.hosts) { const r = h.index(obj, key); if (r !== undefined) return r; }
    return undefined;
  }

  setItem(obj: Value, key: Value, value: Value): boolean {
    return this.hosts.some((h) => h.setItem?.(obj, key, value) ?? false);
  }

  commonBase(alts: Value[]): Value | undefined {
    for (const h of this.hosts) { const r = h.commonBase?.(alts); if (r !== undefined) return r; }
    return undefined;
  }

  opaqueCall(callee: string, args: Value[], reason: string): void {
    for (const h of this.hosts) h.opaqueCall?.(callee, args, reason);
  }
}
