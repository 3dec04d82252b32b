/**
 * Reads of the fabric, from memory: lists and single objects as the actor may see them (a tenant
 * its own, Switches redacted), the compile result (explain), and pool usage (metrics).
 */
import { Injectable } from '@nestjs/common';
import { findResourceDefinitionByKind } from '#api';
import type { CompileResult } from '#compiler';
import { own } from '#domain';
import { StoreError, type Actor, type ListQuery, type ObjectKey, type ResourceObject } from '../store/store.types.js';
import { FabricState } from './fabric-state.js';
import { isVisible, viewFor } from './resource-view.js';
import { describeKey, isNamespaced, namespaceOf, storeKey } from './stored-object.js';

export interface PoolUsageLine {
  readonly pool: string;
  readonly used: number;
  readonly size: number;
}

@Injectable()
export class FabricReader {
  constructor(private readonly state: FabricState) {}

  get compiled(): CompileResult {
    return this.state.current.result;
  }

  list(kind: string, query: ListQuery, actor: Actor): ResourceObject[] {
    checkReadable(kind, actor);
    const current = this.state.current;
    const out: ResourceObject[] = [];
    for (const stored of current.objects.values()) {
      const r = stored.resource;
      if (r.kind !== kind) continue;
      if (query.namespace !== undefined && isNamespaced(kind) && r.metadata.namespace !== query.namespace) continue;
      if (query.labelSelector !== undefined && !Object.entries(query.labelSelector).every(([k, v]) => own(r.metadata.labels, k) === v)) continue;
      if (!isVisible(stored, actor, current.objects)) continue;
      out.push(viewFor(stored, actor, current));
    }
    out.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
    return query.limit === undefined ? out : out.slice(0, query.limit);
  }

  get(key: ObjectKey, actor: Actor): ResourceObject {
    checkReadable(key.kind, actor);
    const current = this.state.current;
    const stored = current.objects.get(storeKey(key.kind, namespaceOf(key), key.name));
    if (stored === undefined || !isVisible(stored, actor, current.objects)) throw new StoreError('not-found', `${key.kind} ${describeKey(key)} not found`);
    return viewFor(stored, actor, current);
  }

  /** Pool usage, for /metrics. */
  poolUsage(): PoolUsageLine[] {
    const { policy, allocations } = this.state.current.result;
    const vpcs = Object.values(allocations.vpcs);
    const vnis = vpcs.reduce((n, v) => n + (v.vni === undefined ? 0 : 1) + Object.values(v.subnets).filter((s) => s.vni !== undefined).length, 0) + Object.keys(allocations.externals).length;
    const vrfs = vpcs.length + Object.keys(allocations.externals).length;
    return [
      { pool: 'vni', used: vnis + allocations.quarantine.length, size: policy.pools.vni.end - policy.pools.vni.start + 1 },
      { pool: 'vrf', used: vrfs, size: policy.pools.vrf.end - policy.pools.vrf.start + 1 },
    ];
  }
}

function checkReadable(kind: string, actor: Actor): void {
  if (findResourceDefinitionByKind(kind) === undefined || kind === 'Agent') throw new StoreError('not-found', `unknown kind ${kind}`);
  if (actor.role === 'agent') throw new StoreError('forbidden', `an agent token reads only its own Agent`);
}
