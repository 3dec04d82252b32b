// The last line of defence before frr.conf: values that would make FRR read a different command
// are refused (a compiler bug fails loudly), free text is made harmless, and lists come out in
// the order people read them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FrrRenderError,
  asn,
  compareIpv4,
  comparePrefix,
  freeText,
  hostname,
  interfaceAddress,
  interfaceName,
  ipv4Address,
  ipv4Prefix,
  maximumPaths,
  policyName,
  resourceName,
  routeTag,
  sortedUnique,
  vni,
  vrfName,
} from './checks.js';

const refused = (fn: () => unknown, message: string): void => {
  assert.throws(fn, (error: unknown) => error instanceof FrrRenderError && error.message === message);
};

test('names: what FRR reads as one word passes; anything else names the kind of value and the value', () => {
  assert.equal(hostname('leaf1.ams-1_a'), 'leaf1.ams-1_a');
  refused(() => hostname('leaf 1'), 'hostname "leaf 1" is not safe to write into frr.conf');
  refused(() => hostname('-leaf'), 'hostname "-leaf" is not safe to write into frr.conf');
  refused(() => hostname('x'.repeat(64)), `hostname "${'x'.repeat(64)}" is not safe to write into frr.conf`);
  assert.equal(hostname('x'.repeat(63)), 'x'.repeat(63));
  assert.equal(interfaceName('Ethernet0'), 'Ethernet0');
  assert.equal(interfaceName('eth0.100'), 'eth0.100');
  refused(() => interfaceName('0eth'), 'interface name "0eth" is not safe to write into frr.conf');
  assert.equal(vrfName('Vrf123456789012'), 'Vrf123456789012', '15 characters, the most a Linux VRF device takes');
  refused(() => vrfName('Vrf1234567890123'), 'VRF name "Vrf1234567890123" is not safe to write into frr.conf');
  refused(() => vrfName('Vrf1 x'), 'VRF name "Vrf1 x" is not safe to write into frr.conf');
  assert.equal(policyName('leak-blue.internet_1'), 'leak-blue.internet_1');
  refused(() => policyName('a b'), 'policy name "a b" is not safe to write into frr.conf');
  assert.equal(resourceName('ntp/servers'), 'ntp/servers');
  refused(() => resourceName('a\nb'), 'resource name "a\\nb" is not safe to write into frr.conf');
});

test('numbers: AS numbers, VNIs and maximum-paths within what FRR takes', () => {
  assert.equal(asn(1), 1);
  assert.equal(asn(4294967295), 4294967295);
  refused(() => asn(0), 'AS number 0 is not an integer in 1..4294967295');
  refused(() => asn(4294967296), 'AS number 4294967296 is not an integer in 1..4294967295');
  refused(() => asn(1.5), 'AS number 1.5 is not an integer in 1..4294967295');
  assert.equal(vni(16777215), 16777215);
  refused(() => vni(16777216), 'VNI 16777216 is not an integer in 1..16777215');
  assert.equal(maximumPaths(256), 256);
  refused(() => maximumPaths(257), 'maximum-paths 257 is not an integer in 1..256');
});

test('addresses and prefixes: a prefix must have its host bits cleared; an interface address keeps them', () => {
  assert.equal(ipv4Address('10.0.0.1'), '10.0.0.1');
  refused(() => ipv4Address('10.0.0.256'), '"10.0.0.256" is not an IPv4 address');
  assert.equal(ipv4Prefix('10.1.0.0/16'), '10.1.0.0/16');
  refused(() => ipv4Prefix('10.1.2.0/16'), 'prefix 10.1.2.0/16 has host bits set (the network is 10.1.0.0/16)');
  refused(() => ipv4Prefix('10.1.0.0'), '"10.1.0.0" is not an IPv4 prefix');
  assert.equal(interfaceAddress('10.1.2.3/24'), '10.1.2.3/24');
  refused(() => interfaceAddress('10.1.2.3'), '"10.1.2.3" is not an IPv4 interface address');
});

test('route distinguishers and targets: ASN:n (n up to 65535 after a 4-byte AS) or a.b.c.d:n', () => {
  assert.equal(routeTag('65000:10000', 'route target'), '65000:10000');
  assert.equal(routeTag('65535:4294967295', 'route target'), '65535:4294967295');
  assert.equal(routeTag('4200000000:65535', 'route target'), '4200000000:65535');
  refused(() => routeTag('4200000000:65536', 'route target'), 'route target "4200000000:65536" is not ASN:n or a.b.c.d:n');
  refused(() => routeTag('4294967296:1', 'route target'), 'route target "4294967296:1" is not ASN:n or a.b.c.d:n');
  assert.equal(routeTag('10.0.0.1:5001', 'route distinguisher'), '10.0.0.1:5001');
  refused(() => routeTag('10.0.0.1:65536', 'route distinguisher'), 'route distinguisher "10.0.0.1:65536" is not ASN:n or a.b.c.d:n');
  refused(() => routeTag('10.0.0:1', 'route distinguisher'), 'route distinguisher "10.0.0:1" is not ASN:n or a.b.c.d:n');
  refused(() => routeTag('65000', 'route target'), 'route target "65000" is not ASN:n or a.b.c.d:n');
  refused(() => routeTag('065000:1', 'route target'), 'route target "065000:1" is not ASN:n or a.b.c.d:n');
});

test('free text: one line, control characters as spaces, runs of space collapsed, cut at 80 characters', () => {
  assert.equal(freeText('  uplink\nto\tspine\u2028one  '), 'uplink to spine one');
  assert.equal(freeText('a\u200Bb'), 'a b');
  assert.equal(freeText('x'.repeat(100)), 'x'.repeat(80));
  assert.equal(freeText(`${'x'.repeat(79)} y`), 'x'.repeat(79));
  assert.equal(freeText('é'.repeat(81)), 'é'.repeat(80), 'characters, not bytes');
  assert.equal(freeText('short', 3), 'sho');
});

test('order: addresses and prefixes numerically, duplicates dropped', () => {
  assert.deepEqual(['10.10.0.1', '10.2.0.1', '9.0.0.1'].sort(compareIpv4), ['9.0.0.1', '10.2.0.1', '10.10.0.1']);
  assert.deepEqual(['10.0.0.0/16', '10.0.0.0/8', '9.0.0.0/24', '10.0.0.0/16'].sort(comparePrefix), ['9.0.0.0/24', '10.0.0.0/8', '10.0.0.0/16', '10.0.0.0/16']);
  assert.deepEqual(sortedUnique(['10.0.0.0/16', '10.0.0.0/8', '10.0.0.0/16'], comparePrefix), ['10.0.0.0/8', '10.0.0.0/16']);
  assert.deepEqual(sortedUnique([3, 1, 3, 2, 1], (a, b) => a - b), [1, 2, 3]);
  assert.deepEqual(sortedUnique([], (a: number, b: number) => a - b), []);
});
