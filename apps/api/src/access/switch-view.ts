/**
 * A Switch as a tenant sees it: built field by field from an allow-list, never by copying and
 * deleting, so a field added later (to the spec, or reported by an agent in AgentStatus) stays
 * hidden from tenants until someone decides it may be shown. What a tenant learns is its own
 * VPCs' state on that switch: whether the switch runs their current configuration, and the BGP
 * sessions in their own VRFs. Never management details, descriptions, other tenants' VRFs, BGP
 * neighbours or error texts.
 */
import type { AgentStatus } from '#api';
import type { ResourceObject } from '../store/store.types.js';

/** One of the tenant's VPCs that this switch carries. */
export interface TenantVpcOnSwitch {
  /** `namespace/name` */
  readonly vpc: string;
  /** its VRF on the switch (BGP sessions in it are the tenant's) */
  readonly vrf?: string;
}

export interface SwitchFacts {
  readonly generation?: number;
  readonly status?: AgentStatus;
}

export function tenantSwitchView(full: ResourceObject, facts: SwitchFacts, vpcs: readonly TenantVpcOnSwitch[]): ResourceObject {
  const spec = full.spec as { role?: unknown; os?: unknown };
  const { metadata } = full;
  const applied = facts.status?.appliedGeneration;
  const upToDate = applied !== undefined && facts.generation !== undefined && applied >= facts.generation;
  // Stryker disable next-line ArrayDeclaration: equivalent, the set only filters the neighbours an agent reports, and none is in a VRF named like the stand-in for a VPC without one
  const vrfs = new Set(vpcs.flatMap((v) => (v.vrf === undefined ? [] : [v.vrf])));
  const neighbours = (facts.status?.bgpNeighbors ?? [])
    .filter((n) => n.vrf !== undefined && vrfs.has(n.vrf))
    .map((n) => ({ peer: n.peer, ...(n.vrf === undefined ? {} : { vrf: n.vrf }), state: n.state }));
  return {
    apiVersion: full.apiVersion,
    kind: full.kind,
    metadata: {
      name: metadata.name,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
      generation: metadata.generation,
      creationTimestamp: metadata.creationTimestamp,
    },
    spec: { role: spec.role, os: spec.os },
    status: {
      vpcs: vpcs.map((v) => ({
        vpc: v.vpc,
        applied: upToDate ? 'True' : applied === undefined ? 'Unknown' : 'False',
      })),
      ...(neighbours.length === 0 ? {} : { bgpNeighbors: neighbours }),
    },
  };
}
