/**
 * DHCP leases of a VPC as Weft's DHCP adapter reports them (one report replaces the last), and
 * how they show in the VPC's status: `status.subnets.<name>.leases` (pure). A report belongs to
 * the VPC object it was made for (its uid): a VPC deleted and created again under the same name
 * shows none of the old one's leases.
 */
import ipaddr from 'ipaddr.js';
import type { DhcpLease, VpcStatus } from '#api';
import { StoreError } from '../store/store.types.js';

/** subnet name -> its leases */
export type VpcLeases = ReadonlyMap<string, readonly DhcpLease[]>;

/** A VPC's last report, for the VPC object `uid`. */
export interface LeaseReport {
  readonly uid: string;
  readonly subnets: VpcLeases;
}

/** VPC key (`namespace/name`) -> its last report. */
export type LeaseMap = ReadonlyMap<string, LeaseReport>;

export const NO_LEASES: LeaseMap = new Map();

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
/** per report (a /19 of leases); such a report stays below the service's 1 MiB body limit */
const MAX_LEASES = 8192;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Checks a report body `{subnets: {name: [{ip, mac, expires, hostname?}]}}` against the VPC's
 * subnets (name -> CIDR): every address inside its subnet.
 */
export function checkLeaseReport(vpc: string, subnets: ReadonlyMap<string, string>, body: unknown): VpcLeases {
  const fail = (field: string, message: string): never => {
    throw new StoreError('invalid', `VPC ${vpc} dhcp-leases ${field}: ${message}`);
  };
  const bySubnet: unknown = typeof body === 'object' && body !== null ? (body as { subnets?: unknown }).subnets : undefined;
  if (typeof bySubnet !== 'object' || bySubnet === null || Array.isArray(bySubnet)) return fail('subnets', 'required, an object: subnet name -> its leases');
  const out = new Map<string, DhcpLease[]>();
  let count = 0;
  for (const [name, list] of Object.entries(bySubnet as Record<string, unknown>)) {
    const cidr = subnets.get(name);
    if (cidr === undefined) return fail(`subnets.${name}`, 'the VPC has no such subnet');
    if (!Array.isArray(list)) fail(`subnets.${name}`, 'expected a list of leases');
    const range = ipaddr.IPv4.parseCIDR(cidr);
    const leases: DhcpLease[] = [];
    (list as unknown[]).forEach((item, index) => {
      const at = `subnets.${name}[${index}]`;
      if (++count > MAX_LEASES) fail('subnets', `more than ${MAX_LEASES} leases`);
      const { ip, mac, expires, hostname } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      if (typeof ip !== 'string' || !ipaddr.IPv4.isValidFourPartDecimal(ip)) return fail(`${at}.ip`, 'expected an IPv4 address');
      if (!ipaddr.IPv4.parse(ip).match(range)) fail(`${at}.ip`, `${ip} is not in the subnet's ${cidr}`);
      if (typeof mac !== 'string' || !MAC.test(mac)) fail(`${at}.mac`, 'expected a MAC address such as 02:00:00:00:00:01');
      if (typeof expires !== 'string' || expires.length > 40 || Number.isNaN(Date.parse(expires))) fail(`${at}.expires`, 'expected an RFC 3339 time');
      if (hostname !== undefined && (typeof hostname !== 'string' || hostname.length > 253 || CONTROL.test(hostname))) fail(`${at}.hostname`, 'expected a host name of at most 253 characters, without control characters');
      leases.push({ ip: ip, mac: mac as string, expires: expires as string, ...(typeof hostname === 'string' ? { hostname } : {}) });
    });
    out.set(name, leases);
  }
  return out;
}

/** The VPC's status with each reported subnet's leases (of this VPC object, of subnets it still has). */
export function withLeases(status: VpcStatus, uid: string, report: LeaseReport | undefined): VpcStatus {
  if (report?.uid !== uid || report.subnets.size === 0) return status;
  const subnets = { ...(status.subnets ?? {}) };
  for (const [name, list] of report.subnets) if (Object.hasOwn(subnets, name)) subnets[name] = { ...subnets[name], leases: [...list] };
  return { ...status, subnets };
}
