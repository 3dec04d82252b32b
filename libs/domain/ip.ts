/**
 * IPv4 arithmetic on 32-bit unsigned numbers. Parsing is ipaddr.js's strict four-part decimal
 * form (no leading zeros, no hex or octal parts, no spaces); the arithmetic stays on numbers,
 * which the allocator and compiler use by the thousand.
 */
import ipaddr from 'ipaddr.js';

export interface Ipv4Prefix {
  /** network address, host bits cleared */
  readonly network: number;
  readonly length: number;
}

export function parseIpv4(text: string): number | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  return ipaddr.IPv4.parse(text).octets.reduce((value, octet) => value * 256 + octet, 0);
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function maskOf(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

export interface ParsedCidr {
  readonly address: number;
  readonly prefix: Ipv4Prefix;
}

/** Parses `a.b.c.d/len`; `address` keeps the host bits, `prefix.network` clears them. */
export function parseCidr(text: string): ParsedCidr | undefined {
  // without a slash, indexOf is -1 and the whole text is read as the length, which a dotted
  // address cannot pass: no separate check needed
  const slash = text.indexOf('/');
  const address = parseIpv4(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (address === undefined || !/^(0|[1-9][0-9]?)$/.test(lengthText)) return undefined;
  const length = Number(lengthText);
  if (length > 32) return undefined;
  return { address, prefix: { network: (address & maskOf(length)) >>> 0, length } };
}

export function formatPrefix(prefix: Ipv4Prefix): string {
  return `${formatIpv4(prefix.network)}/${prefix.length}`;
}

export function prefixSize(prefix: Ipv4Prefix): number {
  return 2 ** (32 - prefix.length);
}

export function lastAddress(prefix: Ipv4Prefix): number {
  return prefix.network + prefixSize(prefix) - 1;
}

export function prefixContains(prefix: Ipv4Prefix, address: number): boolean {
  return address >= prefix.network && address <= lastAddress(prefix);
}

export function prefixesOverlap(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  return a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

/** First usable host: the network address + 1 (a /31 or /32 uses its first address). */
export function firstHost(prefix: Ipv4Prefix): number {
  return prefix.length >= 31 ? prefix.network : prefix.network + 1;
}

export function isUsableHost(prefix: Ipv4Prefix, address: number): boolean {
  if (!prefixContains(prefix, address)) return false;
  if (prefix.length >= 31) return true;
  return address !== prefix.network && address !== lastAddress(prefix);
}
