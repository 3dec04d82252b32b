/**
 * Small typed builders for resources, so a test states the few facts it is about and nothing
 * else: `sw('leaf1', 'leaf')`, `conn.unbundled('server1--leaf1', 'server1/eth0', 'leaf1/Ethernet0')`,
 * `vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' })`. Every builder returns a plain object
 * that is also a valid YAML document, so the same value can go through `parseDocuments` first.
 */
import type { FabricPolicySpec, Subnet, SwitchSpec } from '#api';
import {
  groupResources,
  parseDocuments,
  type AnyResource,
  type Connection,
  type Diagnostic,
  type External,
  type ExternalAttachment,
  type ExternalPeering,
  type FabricPolicy,
  type ResourceSet,
  type Server,
  type Switch,
  type Vpc,
  type VpcAttachment,
  type VpcPeering,
} from '#domain';

const WIRING = 'wiring.weft.dev/v1alpha1';
const VPC_API = 'vpc.weft.dev/v1alpha1';
const POLICY_API = 'policy.weft.dev/v1alpha1';

export function sw(name: string, role: SwitchSpec['role'], os: SwitchSpec['os'] = 'sonic', ports?: readonly string[], extra: Partial<SwitchSpec> = {}): Switch {
  return { apiVersion: WIRING, kind: 'Switch', metadata: { name }, spec: { role, os, ...(ports === undefined ? {} : { ports: [...ports] }), ...extra } };
}

export function server(name: string): Server {
  return { apiVersion: WIRING, kind: 'Server', metadata: { name }, spec: {} };
}

function connection(name: string, spec: Connection['spec']): Connection {
  return { apiVersion: WIRING, kind: 'Connection', metadata: { name }, spec };
}

/** Connections, one builder per type; port references are `device/port`. */
export const conn = {
  fabric: (name: string, spine: string, leaf: string): Connection => connection(name, { fabric: { spine, leaf } }),
  unbundled: (name: string, serverPort: string, switchPort: string): Connection => connection(name, { unbundled: { server: serverPort, switch: switchPort } }),
  /** `links`: [server port, `switch/port`] pairs */
  bundled: (name: string, serverName: string, links: readonly (readonly [string, string])[]): Connection =>
    connection(name, { bundled: { server: serverName, links: links.map(([s, w]) => ({ server: s, switch: w })) } }),
  external: (name: string, switchPort: string, address: string, peerIp: string, peerAsn: number): Connection =>
    connection(name, { external: { switch: switchPort, address, peer: { ip: peerIp, asn: peerAsn } } }),
  trunk: (name: string, a: string, b: string): Connection => connection(name, { trunk: { links: [a, b] } }),
  /** an ESI-LAG: `links` are [server port, `switch/port`] pairs on 2-4 leaves */
  eslag: (name: string, serverName: string, links: readonly (readonly [string, string])[], extra: { preferredForwarder?: string; mtu?: number } = {}): Connection =>
    connection(name, { eslag: { server: serverName, links: links.map(([s, w]) => ({ server: s, switch: w })), ...extra } }),
};

/** A subnet is its CIDR, or the full subnet object. */
export type SubnetInput = string | Subnet;

export function vpc(namespace: string, name: string, tenant: string, subnets: Readonly<Record<string, SubnetInput>>, labels?: Readonly<Record<string, string>>): Vpc {
  const spec: Record<string, Subnet> = {};
  for (const [key, value] of Object.entries(subnets)) spec[key] = typeof value === 'string' ? { cidr: value } : value;
  return {
    apiVersion: VPC_API,
    kind: 'VPC',
    metadata: { name, namespace, ...(labels === undefined ? {} : { labels: { ...labels } }) },
    spec: { tenant, subnets: spec },
  };
}

/** `subnet` is `<vpc>/<subnet>` of the attachment's namespace. */
export function attach(namespace: string, name: string, subnet: string, connectionName: string, nativeVLAN?: boolean): VpcAttachment {
  return {
    apiVersion: VPC_API,
    kind: 'VPCAttachment',
    metadata: { name, namespace },
    spec: { subnet, connection: connectionName, ...(nativeVLAN === undefined ? {} : { nativeVLAN }) },
  };
}

export function peering(namespace: string, name: string, vpcs: readonly [string, string], permit?: readonly (readonly [string, string])[]): VpcPeering {
  return {
    apiVersion: VPC_API,
    kind: 'VPCPeering',
    metadata: { name, namespace },
    spec: { vpcs: [...vpcs], ...(permit === undefined ? {} : { permit: permit.map((p) => [...p]) }) },
  };
}

export function external(namespace: string, name: string, prefixes?: readonly string[]): External {
  return { apiVersion: VPC_API, kind: 'External', metadata: { name, namespace }, spec: prefixes === undefined ? {} : { prefixes: [...prefixes] } };
}

export function externalAttach(namespace: string, name: string, externalName: string, connectionName: string): ExternalAttachment {
  return { apiVersion: VPC_API, kind: 'ExternalAttachment', metadata: { name, namespace }, spec: { external: externalName, connection: connectionName } };
}

export function externalPeering(
  namespace: string,
  name: string,
  vpcName: string,
  externalName: string,
  permit?: { readonly subnets?: readonly string[]; readonly prefixes?: readonly string[] },
): ExternalPeering {
  return {
    apiVersion: VPC_API,
    kind: 'ExternalPeering',
    metadata: { name, namespace },
    spec: {
      vpc: vpcName,
      external: externalName,
      ...(permit === undefined
        ? {}
        : { permit: { ...(permit.subnets === undefined ? {} : { subnets: [...permit.subnets] }), ...(permit.prefixes === undefined ? {} : { prefixes: [...permit.prefixes] }) } }),
    },
  };
}

export function policy(spec: FabricPolicySpec, name = 'default'): FabricPolicy {
  return { apiVersion: POLICY_API, kind: 'FabricPolicy', metadata: { name }, spec };
}

/** Groups resources into the compiler's input. */
export function resourceSet(...resources: readonly (AnyResource | readonly AnyResource[])[]): ResourceSet {
  return groupResources(resources.flat());
}

/** Sends values through `parseDocuments` (as a file would), then groups what parsed. */
export function parseSet(values: readonly unknown[]): { set: ResourceSet; diagnostics: Diagnostic[] } {
  const parsed = parseDocuments(values.map((value, i) => ({ value, source: `test.yaml:${i + 1}` })));
  return { set: groupResources(parsed.resources), diagnostics: parsed.diagnostics };
}

export interface SmallFabricOptions {
  readonly spines?: number;
  readonly leaves?: number;
  /** servers per leaf, each with one unbundled connection `server<N>--leaf<M>` */
  readonly serversPerLeaf?: number;
}

/**
 * A spine-leaf fabric: `spine<i>`, `leaf<j>` (uplinks Ethernet48 + i*4), servers numbered across
 * leaves (`server1`, `server2`, ...) on Ethernet0, Ethernet4, ... of their leaf, connected by
 * `server<N>--leaf<M>`. No port lists, so tests can add connections on any port.
 */
export function smallFabric(options: SmallFabricOptions = {}): AnyResource[] {
  const spines = options.spines ?? 2;
  const leaves = options.leaves ?? 2;
  const perLeaf = options.serversPerLeaf ?? 2;
  const out: AnyResource[] = [];
  for (let s = 1; s <= spines; s++) out.push(sw(`spine${s}`, 'spine'));
  for (let l = 1; l <= leaves; l++) {
    out.push(sw(`leaf${l}`, 'leaf'));
    for (let s = 1; s <= spines; s++) out.push(conn.fabric(`spine${s}--leaf${l}`, `spine${s}/Ethernet${(l - 1) * 4}`, `leaf${l}/Ethernet${48 + (s - 1) * 4}`));
    for (let i = 0; i < perLeaf; i++) {
      const n = (l - 1) * perLeaf + i + 1;
      out.push(server(`server${n}`));
      out.push(conn.unbundled(serverConnection(n, l), `server${n}/eth0`, `leaf${l}/Ethernet${i * 4}`));
    }
  }
  return out;
}

/** The connection name `smallFabric` gives server `n` on leaf `leaf`. */
export function serverConnection(n: number, leaf: number): string {
  return `server${n}--leaf${leaf}`;
}
