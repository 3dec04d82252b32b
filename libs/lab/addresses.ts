/**
 * Server addresses in the lab, from the VPC attachments. In a subnet Weft's DHCP serves
 * (`dhcp.enable`) the server runs a DHCP client and holds what it leased (the lab gives it
 * nothing); elsewhere the lab numbers it, as a person would. Hosts are numbered per CIDR across
 * the whole lab, not per VPC, so two tenants reusing one CIDR never hold the same address (the
 * sample's served pools of one CIDR do not overlap): a ping that succeeds reached the server it
 * names.
 */
import type { ResourceSet, Vpc } from '#domain';
import { compareText, firstHost, formatIpv4, isUsableHost, parseCidr, parseIpv4 } from '#domain';
import type { LabPlan } from './plan.js';
import { splitRef } from './names.js';

export interface ServerAddress {
  readonly server: string;
  /** the server's interface holding the address: a port, a LAG's bridge, or a tagged sub-link */
  readonly device: string;
  /** `namespace/name` */
  readonly vpc: string;
  readonly tenant: string;
  readonly subnet: string;
  readonly cidr: string;
  readonly ip: string;
  readonly prefixLength: number;
  readonly gateway: string;
  readonly attachment: string;
  /** leased from Weft's DHCP service (the subnet has dhcp.enable) */
  readonly dhcp?: true;
}

/** A server interface that gets its address by DHCP: its client runs whether it holds a lease yet or not. */
export interface DhcpClient {
  readonly server: string;
  readonly device: string;
  readonly attachment: string;
}

export interface SkippedAttachment {
  readonly attachment: string;
  readonly reason: string;
}

/** The VLAN id of a tagged attachment on its switch port, when the switch has it (from its CONFIG_DB). */
export type TaggedVlanOf = (attachment: string) => number | undefined;

interface Candidate {
  readonly key: string;
  readonly server: string;
  readonly device: string;
  readonly vpc: Vpc;
  readonly subnet: string;
  readonly spec: NonNullable<Vpc['spec']['subnets'][string]>;
}

function vpcKey(vpc: Vpc): string {
  return `${vpc.metadata.namespace ?? 'default'}/${vpc.metadata.name}`;
}

/**
 * Addresses servers hold now, `server|device` -> `ip/len`: an attachment keeps the address its
 * server holds in its subnet, so adding a VPC never renumbers the hosts already there.
 */
export type HeldAddresses = ReadonlyMap<string, readonly string[]>;

export function planServerAddresses(
  set: ResourceSet,
  plan: LabPlan,
  taggedVlanOf: TaggedVlanOf = () => undefined,
  held: HeldAddresses = new Map(),
): { addresses: ServerAddress[]; skipped: SkippedAttachment[]; dhcp: DhcpClient[] } {
  const skipped: SkippedAttachment[] = [];
  const candidates: Candidate[] = [];
  const vpcs = new Map(set.vpcs.map((v) => [vpcKey(v), v]));
  const connections = new Map(set.connections.map((c) => [c.metadata.name, c]));
  for (const a of set.attachments) {
    const namespace = a.metadata.namespace ?? 'default';
    const key = `${namespace}/${a.metadata.name}`;
    const [vpcName, subnet] = splitRef(a.spec.subnet);
    const vpc = vpcs.get(`${namespace}/${vpcName}`);
    const connection = connections.get(a.spec.connection);
    const spec = vpc?.spec.subnets[subnet];
    if (vpc === undefined || spec === undefined || connection === undefined) {
      skipped.push({ attachment: key, reason: 'its VPC, subnet or connection does not exist' });
      continue;
    }
    let server: string;
    let base: string;
    if (connection.spec.unbundled !== undefined) {
      [server, base] = splitRef(connection.spec.unbundled.server);
    } else if (connection.spec.bundled !== undefined) {
      server = connection.spec.bundled.server;
      // Stryker disable next-line StringLiteral,OptionalChaining: equivalent, a plan of the same set has a bond for every bundled connection (planLab refuses unknown servers)
      base = plan.servers.find((s) => s.name === server)?.bonds.find((b) => b.connection === connection.metadata.name)?.name ?? '';
    } else {
      skipped.push({ attachment: key, reason: `connection ${connection.metadata.name} is not a server connection` });
      continue;
    }
    let device = base;
    if (a.spec.nativeVLAN !== true) {
      const vlan = taggedVlanOf(key);
      if (vlan === undefined) {
        skipped.push({ attachment: key, reason: 'tagged, and its switch has not programmed the VLAN yet' });
        continue;
      }
      device = `${base}.${vlan}`;
    }
    candidates.push({ key, server, device, vpc, subnet, spec });
  }
  candidates.sort((x, y) => compareText(x.server, y.server) || compareText(x.key, y.key));
  const taken = new Map<string, Set<number>>();
  const addresses: ServerAddress[] = [];
  const dhcp: DhcpClient[] = [];
  const shaped = candidates.flatMap((c) => {
    const subnet = c.spec;
    const parsed = parseCidr(subnet.cidr);
    if (parsed === undefined) return [];
    const gateway = subnet.gateway ?? formatIpv4(parsed.prefix.network + 1);
    const served = subnet.dhcp?.enable === true;
    const reserved = (n: number): boolean => {
      if (n === parseIpv4(gateway)) return true;
      // a served subnet: whatever the server leased (Kea's pool or a static mapping) is its
      if (served) return false;
      const range = subnet.dhcp?.range ?? subnet.dhcp;
      const start = range?.start === undefined ? undefined : parseIpv4(range.start);
      const end = range?.end === undefined ? undefined : parseIpv4(range.end);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, comparing with an undefined bound is false too; the guard keeps the types honest
      if (start === undefined || end === undefined) return false;
      return n >= start && n <= end;
    };
    const cidr = `${formatIpv4(parsed.prefix.network)}/${parsed.prefix.length}`;
    // the address the server already holds in this subnet, if it is still a fine one
    // (the same length and an address inside the subnet: the same network)
    const kept = held
      .get(`${c.server}|${c.device}`)
      ?.map((text) => parseCidr(text))
      .find((a) => a !== undefined && a.prefix.length === parsed.prefix.length && isUsableHost(parsed.prefix, a.address) && !reserved(a.address));
    return [{ c, parsed, gateway, cidr, reserved, served, kept: kept?.address }];
  });
  // held addresses first, so a newcomer never takes one
  for (const s of shaped) {
    const used = taken.get(s.cidr) ?? new Set<number>();
    taken.set(s.cidr, used);
    // Stryker disable next-line ConditionalExpression: equivalent, without a kept address the set only gains undefined, which no host number equals
    if (s.kept !== undefined && !used.has(s.kept)) used.add(s.kept);
    else s.kept = undefined;
  }
  for (const { c, parsed, gateway, cidr, reserved, served, kept } of shaped) {
    if (served) dhcp.push({ server: c.server, device: c.device, attachment: c.key });
    // a served subnet's server holds what it leased, or nothing yet
    if (served && kept === undefined) continue;
    const used = taken.get(cidr) ?? new Set<number>();
    let host = kept ?? firstHost(parsed.prefix);
    if (kept === undefined) while (isUsableHost(parsed.prefix, host) && (used.has(host) || reserved(host))) host++;
    if (!isUsableHost(parsed.prefix, host)) {
      skipped.push({ attachment: c.key, reason: `no free address left in ${cidr}` });
      continue;
    }
    used.add(host);
    addresses.push({
      server: c.server,
      device: c.device,
      vpc: vpcKey(c.vpc),
      tenant: c.vpc.spec.tenant,
      subnet: c.subnet,
      cidr,
      ip: formatIpv4(host),
      prefixLength: parsed.prefix.length,
      gateway,
      attachment: c.key,
      ...(served ? { dhcp: true as const } : {}),
    });
  }
  return { addresses, skipped, dhcp };
}
