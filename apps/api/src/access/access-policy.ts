/**
 * Who may see and write what: the tenancy rules in one place, as plain functions over the
 * objects (no I/O). Architects and viewers see everything; agents see only their own Agent; a
 * tenant sees its own VPCs and what hangs off them, the servers assigned to it (spec.tenant) and
 * their connections, Externals, and Switches only through a redacted view. Another tenant's
 * objects answer exactly as missing ones do.
 */
import { DIAGNOSTIC_CODES as C, keyOf, type AnyResource, type Connection, type Diagnostic } from '#domain';
import { StoreError, type Actor } from '../store/store.types.js';

/** Kinds a tenant may write: its VPCs and what hangs off them. */
export const TENANT_WRITABLE_KINDS: ReadonlySet<string> = new Set(['VPC', 'VPCAttachment', 'VPCPeering']);
/** Kinds a tenant sees when they are its own (the object names the tenant, directly or not). */
const TENANT_OWNED_KINDS: ReadonlySet<string> = new Set(['VPC', 'VPCAttachment', 'VPCPeering', 'ExternalPeering', 'Server', 'Connection']);
/** Shared fabric every tenant may read as it is (Switches too, but redacted: kindAccess, switch-view.ts). */
const TENANT_SHARED_KINDS: ReadonlySet<string> = new Set(['External']);

/** Finds an object by kind, namespace (namespaced kinds) and name. */
export type ObjectLookup = (kind: string, namespace: string | undefined, name: string) => AnyResource | undefined;

/** The server a connection carries (unbundled, bundled or eslag), or undefined for switch-only links. */
export function serverOfConnection(connection: Connection): string | undefined {
  const { unbundled, bundled, eslag } = connection.spec;
  if (unbundled !== undefined) return unbundled.server.split('/')[0];
  return bundled?.server ?? eslag?.server;
}

/** `vpc/subnet` -> `vpc` */
// Stryker disable next-line StringLiteral: equivalent, split always gives a first element
const vpcOfSubnet = (subnet: string): string => subnet.split('/')[0] ?? '';

/** The VPCs a tenant's write of a kind other than VPCAttachment and VPCPeering names. */
const NO_VPCS: readonly string[] = [];

/** The tenants an object belongs to: a VPC's; the VPCs' it refers to; a server's (and its connections'). */
export function tenantsOf(r: AnyResource, lookup: ObjectLookup): string[] {
  const ns = r.metadata.namespace;
  const vpcTenant = (name: string): string | undefined => {
    const vpc = lookup('VPC', ns, name);
    return vpc?.kind === 'VPC' ? vpc.spec.tenant : undefined;
  };
  const serverTenant = (name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    const server = lookup('Server', undefined, name);
    return server?.kind === 'Server' ? server.spec.tenant : undefined;
  };
  const one = (tenant: string | undefined): string[] => (tenant === undefined ? [] : [tenant]);
  switch (r.kind) {
    case 'VPC':
      return [r.spec.tenant];
    case 'VPCAttachment':
      return one(vpcTenant(vpcOfSubnet(r.spec.subnet)));
    case 'VPCPeering':
      return r.spec.vpcs.map(vpcTenant).filter((t): t is string => t !== undefined);
    case 'ExternalPeering':
      return one(vpcTenant(r.spec.vpc));
    case 'Server':
      return one(r.spec.tenant);
    case 'Connection':
      return one(serverTenant(serverOfConnection(r)));
    case 'Switch':
    case 'FabricPolicy':
    case 'ConfigTemplate':
    case 'External':
    case 'ExternalAttachment':
    case 'Agent':
      return [];
  }
}

/** How an actor sees objects of a kind. */
export type KindAccess = 'all' | 'own' | 'redacted' | 'none';

export function kindAccess(actor: Actor, kind: string): KindAccess {
  switch (actor.role) {
    case 'architect':
    case 'viewer':
      return 'all';
    case 'agent':
      return 'none';
    case 'tenant':
      if (TENANT_OWNED_KINDS.has(kind)) return 'own';
      if (kind === 'Switch') return 'redacted';
      return TENANT_SHARED_KINDS.has(kind) ? 'all' : 'none';
  }
}

/** Whether the actor may see this object at all (a redacted Switch counts as seen). */
export function canSee(actor: Actor, kind: string, tenants: readonly string[]): boolean {
  switch (kindAccess(actor, kind)) {
    case 'all':
    case 'redacted':
      return true;
    case 'none':
      return false;
    case 'own':
      return tenants.some((tenant) => tenant === actor.tenant);
  }
}

/** Whether the actor may change objects of this kind at all (ownership is checked on the object). */
export function checkMayWrite(actor: Actor, kind: string): void {
  if (actor.role === 'viewer' || actor.role === 'agent') throw new StoreError('forbidden', `role ${actor.role} may not change ${kind} objects`);
  if (actor.role === 'tenant' && !TENANT_WRITABLE_KINDS.has(kind)) {
    throw new StoreError('forbidden', `a tenant may not change ${kind} objects (the architecture team owns them)`);
  }
}

/**
 * A tenant writes only its own tenant's objects, refers only to its own VPCs, and attaches only
 * servers assigned to it. Anything else answers as a missing object would: the answer must not
 * tell whether another tenant's object exists.
 */
export function checkTenantWrite(resource: AnyResource, actor: Actor, lookup: ObjectLookup): void {
  // Stryker disable next-line StringLiteral: equivalent, only tenant actors come here and a tenant token always names its tenant
  const tenant = actor.tenant ?? '';
  if (resource.kind === 'VPC') {
    if (resource.spec.tenant !== tenant) throw new StoreError('forbidden', `tenant ${tenant} cannot create or change a VPC of tenant ${resource.spec.tenant}`);
    return;
  }
  const ns = resource.metadata.namespace;
  const names = resource.kind === 'VPCAttachment' ? [vpcOfSubnet(resource.spec.subnet)] : resource.kind === 'VPCPeering' ? resource.spec.vpcs : NO_VPCS;
  for (const name of names) {
    const vpc = lookup('VPC', ns, name);
    if (vpc?.kind !== 'VPC' || vpc.spec.tenant !== tenant) {
      const field = resource.kind === 'VPCAttachment' ? 'spec.subnet' : 'spec.vpcs';
      refuse(resource, field, C.UNKNOWN_VPC, `no valid VPC ${ns ?? 'default'}/${name}`);
    }
  }
  if (resource.kind === 'VPCAttachment') {
    const connection = lookup('Connection', undefined, resource.spec.connection);
    if (connection === undefined || !tenantsOf(connection, lookup).includes(tenant)) {
      refuse(resource, 'spec.connection', C.UNKNOWN_CONNECTION, `no Connection ${resource.spec.connection} to a server of tenant ${tenant}; a tenant attaches only the servers the architecture team assigned to it (Server spec.tenant)`);
    }
  }
}

function refuse(resource: AnyResource, field: string, code: Diagnostic['code'], message: string): never {
  const diagnostic: Diagnostic = { code, severity: 'error', path: `${resource.kind} ${keyOf(resource)} ${field}`, message };
  throw new StoreError('invalid', `${resource.kind} is not valid: ${message}`, [diagnostic]);
}

/** `Kind name` or `Kind namespace/name` as the compiler writes object references in messages. */
const OBJECT_REFERENCE = /\b(VPCAttachment|VPCPeering|VPC|ExternalPeering|ExternalAttachment|External|Server|Connection|Switch|FabricPolicy|ConfigTemplate) ([a-z0-9][-a-z0-9]*(?:\/[a-z0-9][-a-z0-9]*)?)/g;

/**
 * Diagnostics as a tenant may read them: a diagnostic about an object the tenant cannot see
 * keeps its code but loses its path, and a reference in a message to such an object is replaced
 * by what it is, never its name.
 */
export function redactDiagnostics(diagnostics: readonly Diagnostic[], actor: Actor, visible: (kind: string, key: string) => boolean): Diagnostic[] {
  if (actor.role !== 'tenant') return [...diagnostics];
  const redactText = (text: string): string =>
    text.replace(OBJECT_REFERENCE, (whole, kind: string, key: string) => (visible(kind, key) ? whole : `a ${kind} this token cannot read`));
  return diagnostics.map((d) => {
    // `Kind key field`, or a word alone (`policy`), which names no object
    const [kind, key] = d.path.split(' ') as [string, string | undefined];
    const pathVisible = key === undefined || visible(kind, key);
    return {
      ...d,
      path: pathVisible ? d.path : `${kind} (not readable with this token)`,
      message: redactText(d.message),
      ...(d.hint === undefined ? {} : { hint: redactText(d.hint) }),
    };
  });
}
