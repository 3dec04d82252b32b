/**
 * DHCP leases of a VPC as Weft's DHCP adapter reports them (one report replaces the last), and
 * how they show in the VPC's status: `status.subnets.<name>.leases`. Kept in memory: the adapter
 * reports every few seconds, and after a restart the next report brings them back.
 */
import ipaddr from 'ipaddr.js';
import type { DhcpLease, VpcStatus } from '#api';
import { StoreError } from './store.types.js';

export type VpcLeases = ReadonlyMap<string, readonly DhcpLease[]>;

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const MAX_LEASES = 65536;

/** Checks a report body `{subnets: {name: [{ip, mac, expires, hostname?}]}}` against the VPC's subnets. */
export function checkLeaseReport(vpc: string, subnets: readonly string[], body: unknown): VpcLeases {
  const fail = (field: string, message: string): never => {
    throw new StoreError('invalid', `VPC ${vpc} dhcp-leases ${field}: ${message}`);
  };
  const bySubnet: unknown = typeof body === 'object' && body !== null ? (body as { subnets?: unknown }).subnets : undefined;
  if (typeof bySubnet !== 'object' || bySubnet === null || Array.isArray(bySubnet)) return fail('subnets', 'required, an object: subnet name -> its leases');
  const out = new Map<string, DhcpLease[]>();
  let count = 0;
  for (const [name, list] of Object.entries(bySubnet as Record<string, unknown>)) {
    if (!subnets.includes(name)) fail(`subnets.${name}`, 'the VPC has no such subnet');
    if (!Array.isArray(list)) fail(`subnets.${name}`, 'expected a list of leases');
    const leases: DhcpLease[] = [];
    (list as unknown[]).forEach((item, index) => {
      const at = `subnets.${name}[${index}]`;
      if (++count > MAX_LEASES) fail('subnets', `more than ${MAX_LEASES} leases`);
      const { ip, mac, expires, hostname } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      if (typeof ip !== 'string' || !ipaddr.IPv4.isValidFourPartDecimal(ip)) fail(`${at}.ip`, 'expected an IPv4 address');
      if (typeof mac !== 'string' || !MAC.test(mac)) fail(`${at}.mac`, 'expected a MAC address such as 02:00:00:00:00:01');
      if (typeof expires !== 'string' || expires.length > 40 || Number.isNaN(Date.parse(expires))) fail(`${at}.expires`, 'expected an RFC 3339 time');
      if (hostname !== undefined && (typeof hostname !== 'string' || hostname.length > 253)) fail(`${at}.hostname`, 'expected a host name of at most 253 characters');
      leases.push({ ip: ip as string, mac: mac as string, expires: expires as string, ...(typeof hostname === 'string' ? { hostname } : {}) });
    });
    out.set(name, leases);
  }
  return out;
}

/** The VPC's status with each reported subnet's leases. */
export function withLeases(status: VpcStatus, leases: VpcLeases | undefined): VpcStatus {
  if (leases === undefined || leases.size === 0) return status;
  const subnets = { ...(status.subnets ?? {}) };
  for (const [name, list] of leases) subnets[name] = { ...(subnets[name] ?? {}), leases: [...list] };
  return { ...status, subnets };
}
