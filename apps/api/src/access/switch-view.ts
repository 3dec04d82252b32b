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

// Stryker disable next-line ArrayDeclaration: equivalent, an entry without a vrf is never shown
const NO_NEIGHBOURS: NonNullable<AgentStatus['bgpNeighbors']> = [];

export function tenantSwitchView(full: ResourceObject, facts: SwitchFacts, vpcs: readonly TenantVpcOnSwitch[]): ResourceObject {
  const spec = full.spec as { role?: unknown; os?: unknown };
  const { metadata } = full;
  const applied = facts.status?.appliedGeneration;
  // both known (for the types: a comparison with an unknown side is false anyway)
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, `applied >= generation` is false when either is undefined
  const known = applied !== undefined && facts.generation !== undefined;
  const upToDate = known && applied >= facts.generation;
  // the tenant's VRFs on this switch (a VPC without one adds undefined, which the check below never matches)
  const vrfs = new Set(vpcs.map((v) => v.vrf));
  const neighbours: { peer: string; vrf: string; state: string }[] = [];
  for (const n of facts.status?.bgpNeighbors ?? NO_NEIGHBOURS) {
    if (n.vrf !== undefined && vrfs.has(n.vrf)) neighbours.push({ peer: n.peer, vrf: n.vrf, state: n.state });
  }
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
