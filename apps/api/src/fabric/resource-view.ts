/**
 * Objects as users see them (pure): metadata filled by the store, and a status from the compile
 * and the agents' reports (Accepted, Applied, Ready, Degraded), with a VPC's DHCP leases. What an actor may see of them
 * is the access policy's: a tenant sees only its own objects, and Switches redacted.
 */
import type { VpcStatus } from '#api';
import type { CompileResult } from '#compiler';
import { keyOf, type AnyResource } from '#domain';
import { canSee, kindAccess, tenantsOf as tenantsOfResource } from '../access/access-policy.js';
import { tenantSwitchView, type TenantVpcOnSwitch } from '../access/switch-view.js';
import type { AgentMap } from '../agents/agent-record.js';
import { NO_LEASES, withLeases, type LeaseMap } from '../dhcp/lease-report.js';
import { OWNER_ANNOTATION, type Actor, type ResourceObject } from '../store/store.types.js';
import { vpcDegraded } from '../store/vpc-agent-conditions.js';
import { isNamespaced, lookupIn, storeKey, type ObjectMap, type Stored } from './stored-object.js';

/** What a view is computed from. */
export interface ViewState {
  readonly result: CompileResult;
  readonly objects: ObjectMap;
  readonly agents: AgentMap;
  /** each VPC's DHCP leases (none when absent) */
  readonly leases?: LeaseMap;
}

/** The tenants an object belongs to (access-policy.ts), looked up in a state's objects. */
export function tenantsIn(resource: AnyResource, objects: ObjectMap): string[] {
  return tenantsOfResource(resource, lookupIn(objects));
}

/** Whether the actor may see this object at all (tenants see only their own). */
export function isVisible(stored: Stored, actor: Actor, objects: ObjectMap): boolean {
  return canSee(actor, stored.resource.kind, tenantsIn(stored.resource, objects));
}

/** Whether the actor may see the object `Kind key` names in a message (for redacting diagnostics). */
export function referenceVisible(actor: Actor, objects: ObjectMap, written?: AnyResource): (kind: string, key: string) => boolean {
  return (kind, key) => {
    // the object being written is the writer's own
    if (written !== undefined && written.kind === kind && keyOf(written) === key) return true;
    const slash = key.indexOf('/');
    const stored = objects.get(slash < 0 ? storeKey(kind, isNamespaced(kind) ? 'default' : undefined, key) : storeKey(kind, key.slice(0, slash), key.slice(slash + 1)));
    return stored !== undefined && isVisible(stored, actor, objects);
  };
}

/** The object as this actor sees it: a tenant sees a Switch redacted (switch-view.ts). */
export function viewFor(stored: Stored, actor: Actor, state: ViewState): ResourceObject {
  const full = objectView(stored, state);
  if (stored.resource.kind !== 'Switch' || kindAccess(actor, 'Switch') !== 'redacted') return full;
  const sw = stored.resource.metadata.name;
  const record = state.agents.get(sw);
  const vpcs: TenantVpcOnSwitch[] = [];
  for (const other of state.objects.values()) {
    const r = other.resource;
    if (r.kind !== 'VPC' || r.spec.tenant !== actor.tenant) continue;
    const status = state.result.vpcStatus.get(keyOf(r));
    if (status?.switches?.includes(sw) === true) vpcs.push({ vpc: keyOf(r), ...(status.vrf === undefined ? {} : { vrf: status.vrf }) });
  }
  vpcs.sort((a, b) => (a.vpc < b.vpc ? -1 : a.vpc > b.vpc ? 1 : 0));
  return tenantSwitchView(full, { ...(record === undefined ? {} : { generation: record.generation }), ...(record?.status === undefined ? {} : { status: record.status }) }, vpcs);
}

/** The object as users see it, with its status. */
export function objectView(stored: Stored, state: Pick<ViewState, 'result' | 'agents' | 'leases'>): ResourceObject {
  const r = stored.resource;
  const { namespace, labels, annotations } = r.metadata;
  return {
    apiVersion: r.apiVersion,
    kind: r.kind,
    metadata: {
      name: r.metadata.name,
      ...(namespace === undefined ? {} : { namespace }),
      ...(labels === undefined ? {} : { labels }),
      // who may change it, as an annotation: the object stays one kubectl applies unchanged
      annotations: { ...annotations, [OWNER_ANNOTATION]: stored.owner },
      uid: stored.uid,
      resourceVersion: String(stored.resourceVersion),
      generation: stored.generation,
      creationTimestamp: stored.createdAt,
    },
    spec: r.spec,
    status: statusOf(stored, state.result, state.agents, state.leases ?? NO_LEASES),
  };
}

function statusOf(stored: Stored, result: CompileResult, agents: AgentMap, leases: LeaseMap): unknown {
  const r = stored.resource;
  const key = keyOf(r);
  if (r.kind === 'VPC') {
    const status = result.vpcStatus.get(key);
    return status === undefined ? undefined : { ...withLeases(withReady(status, agents), stored.uid, leases.get(key)), observedGeneration: stored.generation };
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error' && d.path.startsWith(`${r.kind} ${key} `));
  const accepted =
    errors.length === 0
      ? { type: 'Accepted', status: 'True', reason: 'Compiled' }
      : { type: 'Accepted', status: 'False', reason: 'Invalid', message: errors.map((d) => `${d.path}: ${d.message}`).join('; ') };
  if (r.kind === 'Switch') return { observedGeneration: stored.generation, ...switchStatus(r.metadata.name, accepted, agents) };
  return { observedGeneration: stored.generation, conditions: [accepted] };
}

/** A switch's status: what its agent last reported against the generation it should run. */
function switchStatus(sw: string, accepted: { type: string; status: string; reason: string; message?: string }, agents: AgentMap): Record<string, unknown> {
  const agent = agents.get(sw);
  const reported = agent?.status;
  const applied =
    reported?.appliedGeneration === undefined
      ? { type: 'Applied', status: 'Unknown', reason: 'NoReport', message: 'its agent has not reported yet' }
      : reported.appliedGeneration >= (agent?.generation ?? 0)
        ? { type: 'Applied', status: 'True', reason: 'UpToDate', message: `generation ${reported.appliedGeneration} applied` }
        : { type: 'Applied', status: 'False', reason: 'Behind', message: `generation ${reported.appliedGeneration} applied, ${agent?.generation ?? 0} desired` };
  return {
    ...(agent === undefined ? {} : { generation: agent.generation }),
    ...(reported === undefined
      ? {}
      : {
          appliedGeneration: reported.appliedGeneration,
          lastHeartbeat: reported.lastHeartbeat,
          ...(reported.lastError === undefined ? {} : { lastError: reported.lastError }),
          ...(reported.bgpNeighbors === undefined ? {} : { bgpNeighbors: reported.bgpNeighbors }),
          ...(reported.remoteVteps === undefined ? {} : { remoteVteps: reported.remoteVteps }),
        }),
    conditions: [accepted, applied, ...(reported?.conditions ?? []).filter((c) => c.type !== 'Applied')],
  };
}

/** Ready: every switch of the VPC reports it applied its current desired state. */
function withReady(status: VpcStatus, agents: AgentMap): VpcStatus {
  const accepted = status.conditions?.find((c) => c.type === 'Accepted')?.status === 'True';
  if (!accepted) return status;
  const switches = status.switches ?? [];
  const behind = switches.filter((sw) => {
    const a = agents.get(sw);
    return a?.status?.appliedGeneration === undefined || a.status.appliedGeneration < a.generation;
  });
  const ready =
    switches.length === 0
      ? { type: 'Ready', status: 'True' as const, reason: 'NothingToApply', message: 'no switch carries this VPC yet (no attachment)' }
      : behind.length === 0
        ? { type: 'Ready', status: 'True' as const, reason: 'Applied', message: `applied on ${switches.join(', ')}` }
        : { type: 'Ready', status: 'False' as const, reason: 'AwaitingAgents', message: `not yet applied on ${behind.join(', ')}` };
  // the error text may be about anyone's configuration on that switch: the Switch's status has it, for those who may read it
  const degraded = vpcDegraded(switches, (sw) => agents.get(sw)?.status);
  return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type === 'Accepted'), ready, degraded] };
}
