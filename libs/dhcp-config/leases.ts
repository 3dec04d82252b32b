/**
 * Kea's memfile lease file (CSV, appended to; the last line of an address wins). Only the
 * leases alive at `now` are returned, by subnet of the scope.
 */
import type { DhcpScope } from './scopes.js';
import { keaSubnetId } from './kea.js';
import { compareNatural } from '#domain';

export interface KeaLease {
  readonly subnet: string;
  readonly ip: string;
  readonly mac: string;
  /** seconds since the epoch */
  readonly expires: number;
  readonly hostname?: string;
}

/** `now` in seconds since the epoch. Lines that do not parse are skipped. */
export function parseKeaLeases(csv: string, scope: DhcpScope, now: number): KeaLease[] {
  const lines = csv.split('\n').filter((line) => line.trim() !== '');
  // Stryker disable next-line ArrayDeclaration: equivalent, a file without lines has none of the columns either way
  const header = lines.shift()?.split(',') ?? [];
  const column = (name: string): number => header.indexOf(name);
  const address = column('address');
  const hwaddr = column('hwaddr');
  const valid = column('valid_lifetime');
  const expire = column('expire');
  const subnetId = column('subnet_id');
  const hostname = column('hostname');
  const state = column('state');
  if ([address, hwaddr, valid, expire, subnetId].some((i) => i < 0)) return [];
  const subnets = new Map(scope.subnets.map((s) => [keaSubnetId(s.cidr), s.name]));
  const last = new Map<string, string[]>();
  for (const line of lines) {
    const fields = line.split(',');
    const ip = fields[address];
    if (ip !== undefined && ip !== '') last.set(ip, fields);
  }
  const leases: KeaLease[] = [];
  for (const [ip, fields] of last) {
    const expires = Number(fields[expire]);
    const subnet = subnets.get(Number(fields[subnetId]));
    // valid_lifetime 0 is a released lease; state 1 declined, 2 expired-reclaimed
    if (subnet === undefined || !Number.isFinite(expires) || expires <= now || Number(fields[valid]) === 0 || (fields[state] ?? '0') !== '0') continue;
    // a column not in the header is -1, and fields[-1] is undefined
    const name = fields[hostname] ?? '';
    leases.push({ subnet, ip, mac: fields[hwaddr] ?? '', expires, ...(name === '' ? {} : { hostname: name.replace(/\.$/, '') }) });
  }
  // dotted quads in natural order are in address order
  return leases.sort((a, b) => compareNatural(a.ip, b.ip));
}
