/**
 * Who may see and change what, as functions of the actor and the objects: the store asks these
 * before it reads, writes or streams. A tenant sees and writes only its own tenant's VPCs and
 * what hangs off them, and another tenant's objects answer exactly as missing ones do; a viewer
 * reads; an agent reads and reports only its own switch's Agent; an architect does everything.
 */
import { findResourceDefinitionByKind } from '#api';
import { DIAGNOSTIC_CODES as C, keyOf, type AnyResource, type Diagnostic } from '#domain';
import { StoreError, type Actor } from './store.types.js';

/** Kinds a tenant may write: its VPCs and what hangs off them. */
const TENANT_KINDS = new Set(['VPC', 'VPCAttachment', 'VPCPeering']);
/** Kinds everybody may read (the fabric a tenant builds on). */
const PUBLIC_KINDS = new Set(['Switch', 'Server', 'Connection', 'FabricPolicy', 'External']);

/** The tenant of the VPC `name` in `namespace`, or undefined when there is no such VPC. */
export type VpcTenant = (namespace: string | undefined, name: string) => string | undefined;

/** The tenants an object belongs to: a VPC's, or the VPCs' it refers to. */
export function tenantsOf(r: AnyResource, vpcTenant: VpcTenant): string[] {
  const ns = r.metadata.namespace;
  const one = (name: string): string[] => {
    const t = vpcTenant(ns, name);
    return t === undefined ? [] : [t];
  };
  switch (r.kind) {
    case 'VPC':
      return [r.spec.tenant];
    case 'VPCAttachment':
      return one(r.spec.subnet.split('/')[0] ?? '');
    case 'VPCPeering':
      return r.spec.vpcs.flatMap(one);
    case 'ExternalPeering':
      return one(r.spec.vpc);
    case 'Switch':
    case 'Server':
    case 'Connection':
    case 'FabricPolicy':
    case 'ConfigTemplate':
    case 'External':
    case 'ExternalAttachment':
    case 'Agent':
      return [];
  }
}

/** Whether a tenant actor is outside the tenants an object belongs to (other roles never are). */
export function hiddenFrom(actor: Actor, tenants: readonly string[]): boolean {
  return actor.role === 'tenant' && !tenants.includes(actor.tenant ?? '');
}

/** Whether the actor may see an object of `kind` that belongs to `tenants` at all. */
export function mayRead(actor: Actor, kind: string, tenants: () => readonly string[]): boolean {
  switch (actor.role) {
    case 'architect':
    case 'viewer':
      return true;
    case 'agent':
      return false;
    case 'tenant':
      return PUBLIC_KINDS.has(kind) || !hiddenFrom(actor, tenants());
  }
}

/** Refuses reading a kind: unknown kinds and Agents (read through their own routes) and agents. */
export function checkReadable(kind: string, actor: Actor): void {
  if (findResourceDefinitionByKind(kind) === undefined || kind === 'Agent') throw new StoreError('not-found', `unknown kind ${kind}`);
  if (actor.role === 'agent') throw new StoreError('forbidden', `an agent token reads only its own Agent`);
}

/** Refuses a write of `kind` by a role that may not make it, before the body is looked at. */
export function checkWritable(kind: string, actor: Actor): void {
  if (findResourceDefinitionByKind(kind) === undefined || kind === 'Agent') throw new StoreError('not-found', `unknown kind ${kind}`);
  if (actor.role === 'viewer' || actor.role === 'agent') throw new StoreError('forbidden', `role ${actor.role} may not change ${kind} objects`);
  if (actor.role === 'tenant' && !TENANT_KINDS.has(kind)) throw new StoreError('forbidden', `a tenant may not change ${kind} objects (the architecture team owns them)`);
}

/** A tenant writes only its own tenant's objects, and refers only to its own VPCs. */
export function checkTenantOwns(resource: AnyResource, actor: Actor, vpcTenant: VpcTenant): void {
  if (actor.role !== 'tenant') return;
  const tenant = actor.tenant ?? '';
  if (resource.kind === 'VPC') {
    if (resource.spec.tenant !== tenant) throw new StoreError('forbidden', `tenant ${tenant} cannot create or change a VPC of tenant ${resource.spec.tenant}`);
    return;
  }
  const ns = resource.metadata.namespace;
  const names = resource.kind === 'VPCAttachment' ? [resource.spec.subnet.split('/')[0] ?? ''] : resource.kind === 'VPCPeering' ? resource.spec.vpcs : [];
  for (const name of names) {
    if (vpcTenant(ns, name) !== tenant) {
      // another tenant's VPC is invisible: the answer is the one for a missing VPC
      const field = resource.kind === 'VPCAttachment' ? 'spec.subnet' : 'spec.vpcs';
      const diagnostic: Diagnostic = { code: C.UNKNOWN_VPC, severity: 'error', path: `${resource.kind} ${keyOf(resource)} ${field}`, message: `no valid VPC ${ns ?? 'default'}/${name}` };
      throw new StoreError('invalid', `${resource.kind} is not valid: ${diagnostic.message}`, [diagnostic]);
    }
  }
}

/** Tenants never read Agents. */
export function checkAgentsReadable(actor: Actor): void {
  if (actor.role === 'tenant') throw new StoreError('forbidden', 'tenants do not read Agents');
}

/** Tenants never read Agents; an agent token reads only its own switch's. */
export function checkAgentReadable(sw: string, actor: Actor): void {
  checkAgentsReadable(actor);
  checkOwnSwitch(sw, actor);
}

/** Only an agent (for its own switch) or an architect reports an agent's status. */
export function checkMayReport(actor: Actor): void {
  if (actor.role !== 'agent' && actor.role !== 'architect') throw new StoreError('forbidden', `role ${actor.role} may not report agent status`);
}

/** An agent token acts only for its own switch. */
export function checkOwnSwitch(sw: string, actor: Actor): void {
  if (actor.role === 'agent' && actor.switch !== sw) throw new StoreError('forbidden', `this agent token is for switch ${actor.switch ?? '?'}, not ${sw}`);
}

/** Whether an Agent's events go to this actor: architects, viewers, and the switch's own agent. */
export function mayWatchAgent(actor: Actor, sw: string): boolean {
  return actor.role === 'architect' || actor.role === 'viewer' || (actor.role === 'agent' && actor.switch === sw);
}

/** The tenant an audit query is limited to: a tenant's own, whatever it asks for. */
export function auditTenant(actor: Actor, asked: string | undefined): string | undefined {
  if (actor.role === 'agent') throw new StoreError('forbidden', 'agents do not read the audit log');
  return actor.role === 'tenant' ? actor.tenant : asked;
}
