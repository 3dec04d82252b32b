/**
 * The shapes the console reads. Every field past the name is optional: the console shows what the
 * service sends and says "not reported" for the rest, so a field another branch adds or redacts
 * (a tenant's view of a Switch, an agent that reports no BGP) never breaks a page.
 */

export interface Condition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string | null;
  readonly message?: string | null;
  readonly lastTransitionTime?: string | null;
}

export interface Metadata {
  readonly name: string;
  readonly namespace?: string | null;
  readonly labels?: Readonly<Record<string, string>> | null;
  readonly resourceVersion?: string | null;
  readonly generation?: number | null;
  readonly creationTimestamp?: string | null;
  readonly owner?: string | null;
}

/** Any object of the API, as REST and the event stream show it. */
export interface ObjectLike {
  readonly kind?: string;
  readonly metadata: Metadata;
  readonly spec?: unknown;
  readonly status?: unknown;
}

export interface SubnetSpec {
  readonly cidr: string;
  readonly gateway?: string | null;
  readonly dhcp?: { readonly start: string; readonly end: string } | null;
  readonly description?: string | null;
}

export interface SubnetStatus {
  readonly vlan?: number | null;
  readonly vlans?: Readonly<Record<string, number>> | null;
  readonly vni?: number | null;
  readonly gateway?: string | null;
}

export interface Vpc extends ObjectLike {
  readonly spec: { readonly tenant: string; readonly description?: string | null; readonly subnets: Readonly<Record<string, SubnetSpec>> };
  readonly status?: {
    readonly isolation?: string | null;
    readonly rule?: string | null;
    readonly vrf?: string | null;
    readonly vni?: number | null;
    readonly subnets?: Readonly<Record<string, SubnetStatus>> | null;
    readonly switches?: readonly string[] | null;
    readonly observedGeneration?: number | null;
    readonly conditions?: readonly Condition[] | null;
  } | null;
}

export interface VpcAttachment extends ObjectLike {
  readonly spec: { readonly subnet: string; readonly connection: string; readonly nativeVLAN?: boolean | null };
  readonly status?: { readonly conditions?: readonly Condition[] | null } | null;
}

export interface VpcPeering extends ObjectLike {
  readonly spec: { readonly vpcs: readonly string[]; readonly permit?: readonly (readonly string[])[] | null };
  readonly status?: { readonly conditions?: readonly Condition[] | null } | null;
}

export interface Switch extends ObjectLike {
  readonly spec?: { readonly role?: string | null; readonly os?: string | null; readonly description?: string | null; readonly asn?: number | null; readonly routerId?: string | null } | null;
  readonly status?: { readonly conditions?: readonly Condition[] | null } | null;
}

export interface Server extends ObjectLike {
  readonly spec?: { readonly description?: string | null; readonly tenant?: string | null } | null;
}

export interface Connection extends ObjectLike {
  readonly spec?: {
    readonly fabric?: { readonly spine: string; readonly leaf: string } | null;
    readonly unbundled?: { readonly server: string; readonly switch: string } | null;
    readonly bundled?: { readonly server: string; readonly links: readonly { readonly server: string; readonly switch: string }[] } | null;
    readonly eslag?: { readonly server: string; readonly links: readonly { readonly server: string; readonly switch: string }[] } | null;
    readonly external?: { readonly switch: string; readonly address: string; readonly peer: { readonly ip: string; readonly asn: number } } | null;
    readonly trunk?: { readonly links: readonly string[] } | null;
  } | null;
}

export interface BgpNeighbor {
  readonly peer: string;
  readonly vrf?: string | null;
  readonly remoteAs?: number | null;
  readonly state: string;
  readonly prefixesReceived?: number | null;
  readonly uptime?: string | null;
}

export interface DriftEvent {
  readonly key: string;
  readonly change: string;
  readonly detectedAt: string;
  readonly repaired: boolean;
}

export interface AgentStatus {
  readonly appliedGeneration?: number | null;
  readonly lastHeartbeat?: string | null;
  readonly lastAppliedTime?: string | null;
  readonly lastError?: string | null;
  readonly conditions?: readonly Condition[] | null;
  readonly bgpNeighbors?: readonly BgpNeighbor[] | null;
  readonly remoteVteps?: readonly { readonly ip: string; readonly vnis?: readonly number[] | null }[] | null;
  readonly ports?: readonly { readonly name: string; readonly admin: string; readonly oper: string }[] | null;
  readonly drift?: readonly DriftEvent[] | null;
  readonly driftCount?: number | null;
}

export interface Agent extends ObjectLike {
  readonly spec?: { readonly switch?: string; readonly generation?: number | null; readonly role?: string | null; readonly os?: string | null; readonly configDb?: unknown; readonly frr?: string | null; readonly vyos?: string | null } | null;
  readonly status?: AgentStatus | null;
}

export interface PolicyRule {
  readonly name?: string | null;
  readonly match: { readonly tenants?: readonly string[] | null; readonly labels?: Readonly<Record<string, string>> | null };
  readonly method: string;
}

export interface FabricPolicy extends ObjectLike {
  readonly spec?: { readonly isolation?: { readonly default?: string | null; readonly rules?: readonly PolicyRule[] | null } | null } | null;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity?: string | null;
  readonly path: string;
  readonly message: string;
  readonly hint?: string | null;
}

export interface FilePlan {
  readonly file: string;
  readonly change: string;
  readonly lines: readonly string[];
}

export interface DevicePlan {
  readonly device: string;
  readonly files: readonly FilePlan[];
}

/** Who the token is: GET /api/v1/whoami. */
export interface Identity {
  readonly name: string;
  readonly role: 'architect' | 'tenant' | 'viewer' | 'agent';
  readonly tenant?: string;
  readonly switch?: string;
}
