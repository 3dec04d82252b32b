/**
 * What the renderer checks before a value reaches frr.conf. The compiler validates names and
 * numbers already; these checks make a compiler bug fail loudly instead of writing a file that
 * FRR reads differently (a space in a name turns one command into another). Free text written
 * by people (descriptions) is cleaned instead, since it is allowed to be anything.
 */
import { formatPrefix, parseCidr, parseIpv4 } from '#domain';

/** A programming error: the DeviceIntent holds something that cannot be written safely. */
export class FrrRenderError extends Error {
  override readonly name = 'FrrRenderError';
}

const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
/** Linux interface names plus SONiC's (`Ethernet0`, `PortChannel1`, `Vlan100`). */
const INTERFACE_NAME = /^[A-Za-z][A-Za-z0-9_./-]{0,31}$/;
/** Linux VRF devices are interfaces: at most 15 characters. */
const VRF_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,14}$/;
/** Becomes part of prefix-list and route-map names after `weft-`. */
const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/;
/** A resource name (ConfigTemplate), shown in a comment. */
const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,252}$/;
/** `ASN:n` or `a.b.c.d:n`, the forms FRR accepts for route distinguishers and targets. */
const ROUTE_TAG = /^(?:(0|[1-9][0-9]{0,9})|([0-9.]+)):(0|[1-9][0-9]{0,9})$/;

const MAX_ASN = 4294967295;
const MAX_VNI = 16777215;
/** FRR 8.4 as Debian builds it accepts `maximum-paths (1-256)`. */
const MAX_PATHS = 256;
/** Longest description kept; FRR has no limit, but a line should stay readable. */
const MAX_TEXT_LENGTH = 80;

function checkPattern(pattern: RegExp, value: string, what: string): string {
  if (!pattern.test(value)) throw new FrrRenderError(`${what} ${JSON.stringify(value)} is not safe to write into frr.conf`);
  return value;
}

export function hostname(value: string): string {
  return checkPattern(HOSTNAME, value, 'hostname');
}

export function interfaceName(value: string): string {
  return checkPattern(INTERFACE_NAME, value, 'interface name');
}

export function vrfName(value: string): string {
  return checkPattern(VRF_NAME, value, 'VRF name');
}

export function policyName(value: string): string {
  return checkPattern(POLICY_NAME, value, 'policy name');
}

export function resourceName(value: string): string {
  return checkPattern(RESOURCE_NAME, value, 'resource name');
}

function integerIn(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new FrrRenderError(`${what} ${value} is not an integer in ${min}..${max}`);
  return value;
}

export function asn(value: number): number {
  return integerIn(value, 1, MAX_ASN, 'AS number');
}

export function vni(value: number): number {
  return integerIn(value, 1, MAX_VNI, 'VNI');
}

/** An 802.1Q VLAN id. */
export function vlan(value: number): number {
  return integerIn(value, 1, 4094, 'VLAN id');
}

export function maximumPaths(value: number): number {
  return integerIn(value, 1, MAX_PATHS, 'maximum-paths');
}

export function ipv4Address(value: string): string {
  if (parseIpv4(value) === undefined) throw new FrrRenderError(`${JSON.stringify(value)} is not an IPv4 address`);
  return value;
}

/** A prefix exactly as FRR keeps it: host bits cleared, so `network` and prefix lists mean what they say. */
export function ipv4Prefix(value: string): string {
  const parsed = parseCidr(value);
  if (parsed === undefined) throw new FrrRenderError(`${JSON.stringify(value)} is not an IPv4 prefix`);
  const canonical = formatPrefix(parsed.prefix);
  if (canonical !== value) throw new FrrRenderError(`prefix ${value} has host bits set (the network is ${canonical})`);
  return value;
}

/** An interface address, `a.b.c.d/len`: host bits are the point here. */
export function interfaceAddress(value: string): string {
  if (parseCidr(value) === undefined) throw new FrrRenderError(`${JSON.stringify(value)} is not an IPv4 interface address`);
  return value;
}

/** A route distinguisher or route target: `ASN:n` or `a.b.c.d:n`. */
export function routeTag(value: string, what: 'route distinguisher' | 'route target'): string {
  const match = ROUTE_TAG.exec(value);
  const [, asnPart, addressPart, numberPart] = match ?? [];
  const valid =
    numberPart !== undefined &&
    (asnPart !== undefined
      ? Number(asnPart) <= MAX_ASN && Number(numberPart) <= (Number(asnPart) > 65535 ? 65535 : MAX_ASN)
      : addressPart !== undefined && parseIpv4(addressPart) !== undefined && Number(numberPart) <= 65535);
  if (!valid) throw new FrrRenderError(`${what} ${JSON.stringify(value)} is not ASN:n or a.b.c.d:n`);
  return value;
}

/** A standard community, `0-65535:0-65535` (FRR reads anything else as another kind of argument). */
export function community(value: string): string {
  const match = /^(0|[1-9][0-9]{0,4}):(0|[1-9][0-9]{0,4})$/.exec(value);
  if (match === null || Number(match[1]) > 65535 || Number(match[2]) > 65535) throw new FrrRenderError(`community ${JSON.stringify(value)} is not ASN:value, each 0-65535`);
  return value;
}

/**
 * Text from people (descriptions): control and line-breaking characters become spaces, runs
 * of spaces collapse, and the result is cut to a readable length, so it can never end the line
 * it is written on and start a command of its own.
 */
export function freeText(value: string, maxLength = MAX_TEXT_LENGTH): string {
  const oneLine = value
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const characters = Array.from(oneLine);
  return characters.length <= maxLength ? oneLine : characters.slice(0, maxLength).join('').trimEnd();
}

/** Orders names the way people read them: `Ethernet4` before `Ethernet48`, `Vrf2` before `Vrf10`. */
export { compareNatural } from '#domain';

/** IPv4 addresses in numeric order; call only on checked addresses. */
export function compareIpv4(a: string, b: string): number {
  return (parseIpv4(a) ?? 0) - (parseIpv4(b) ?? 0);
}

/** Prefixes by network, then length; call only on checked prefixes. */
export function comparePrefix(a: string, b: string): number {
  const prefixA = parseCidr(a)?.prefix;
  const prefixB = parseCidr(b)?.prefix;
  return (prefixA?.network ?? 0) - (prefixB?.network ?? 0) || (prefixA?.length ?? 0) - (prefixB?.length ?? 0);
}

/** A sorted copy without duplicates. */
export function sortedUnique<T>(values: readonly T[], compare: (a: T, b: T) => number): T[] {
  const sorted = [...values].sort(compare);
  return sorted.filter((value, index) => index === 0 || compare(sorted[index - 1] as T, value) !== 0);
}
