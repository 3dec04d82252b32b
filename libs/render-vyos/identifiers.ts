/**
 * Identifiers go into commands unquoted (tag values such as port, VRF or prefix-list names), so
 * each is checked against what VyOS accepts for it. The compiler produces them; a bad one is a
 * programming error, never something to repair silently.
 */
import { VyosRenderError } from './errors.js';

function assertMatches(kind: string, value: string, pattern: RegExp, rule: string): string {
  if (!pattern.test(value)) throw new VyosRenderError(`invalid VyOS ${kind} ${JSON.stringify(value)}: ${rule}`);
  return value;
}

/** VyOS `system host-name`, at most 63 characters (a DNS label). */
export function assertHostName(name: string): string {
  return assertMatches('host name', name, /^(?=.{2,63}$)[A-Za-z0-9][-.A-Za-z0-9]*[A-Za-z0-9]$/, 'letters, digits, hyphens and dots, 2 to 63 characters');
}

/** `interfaces ethernet` names; 15 characters is the Linux interface name limit. */
export function assertEthernetName(name: string): string {
  return assertMatches('ethernet interface name', name, /^(?=.{1,15}$)((eth|lan)[0-9]+|(eno|ens|enp|enx)[A-Za-z0-9]+)$/, 'ethN, lanN or a predictable name (enoX, ensX, enpX, enxX), at most 15 characters');
}

/**
 * VyOS's vrf-name validator also refuses names that start like an interface kind (a quirk of
 * its negative look-ahead: `brown` is refused because of `br`).
 */
const INTERFACE_LIKE = /^(bond|br|dum|eth|lan|eno|ens|enp|enx|gnv|ipoe|l2tp|l2tpeth|vtun|ppp|pppoe|peth|tun|vti|vxlan|wg|wlan|wwan|\d)/;

export function assertVrfName(name: string): string {
  assertMatches('VRF name', name, /^[A-Za-z][A-Za-z0-9_-]{0,14}$/, 'a letter, then letters, digits, hyphens or underscores, at most 15 characters');
  if (INTERFACE_LIKE.test(name)) throw new VyosRenderError(`invalid VyOS VRF name ${JSON.stringify(name)}: it starts like an interface name`);
  return name;
}

/** Prefix-list and route-map names (the stricter prefix-list rule covers both). */
export function assertPolicyName(name: string): string {
  return assertMatches('policy name', name, /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'letters, digits, hyphens and underscores, at most 63 characters');
}

/** A tag value that is an address or prefix (IPv4 or IPv6): no space, no quote, no shell character. */
export function assertAddressWord(value: string): string {
  return assertMatches('address', value, /^(?=.*[.:])[0-9A-Fa-f.:]+(\/[0-9]{1,3})?$/, 'an IPv4 or IPv6 address or prefix');
}

export function assertInteger(kind: string, value: number, minimum: number, maximum: number): number {
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new VyosRenderError(`invalid VyOS ${kind} ${String(value)}: an integer from ${minimum} to ${maximum}`);
  }
  return value;
}
