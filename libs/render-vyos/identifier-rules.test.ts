// Each unquoted word the VyOS renderer writes is checked whole, from its first character to its
// last: a host name, an ethernet name, an address and a policy name that are right only in part
// are refused with the rule they break; lengths and integer ranges hold at their exact limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAddressWord, assertEthernetName, assertHostName, assertInteger, assertPolicyName } from './identifiers.js';

const refusal = (check: () => unknown): string => {
  try {
    check();
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};

test('host names: 2 to 63 letters, digits, hyphens and dots, checked whole', () => {
  for (const name of ['b1', 'border-1.dc1', 'x'.repeat(63)]) assert.equal(assertHostName(name), name);
  const rule = 'letters, digits, hyphens and dots, 2 to 63 characters';
  for (const name of ['b', 'x'.repeat(64), 'bad!border1', '-b1', 'b1-']) {
    assert.equal(refusal(() => assertHostName(name)), `invalid VyOS host name ${JSON.stringify(name)}: ${rule}`, name);
  }
});

test('ethernet names: ethN and lanN with any number of digits, predictable names, at most 15 characters, checked whole', () => {
  for (const name of ['eth0', 'eth10', 'lan12', 'enp0s3', 'ens3', 'enx0123456789ab']) assert.equal(assertEthernetName(name), name);
  const rule = 'ethN, lanN or a predictable name (enoX, ensX, enpX, enxX), at most 15 characters';
  for (const name of ['eth', 'ens', 'enp0s3-x', 'x-eth0', 'enx0123456789abc', 'eth1x']) {
    assert.equal(refusal(() => assertEthernetName(name)), `invalid VyOS ethernet interface name ${JSON.stringify(name)}: ${rule}`, name);
  }
});

test('addresses: hex digits, dots and colons with a dot or a colon somewhere, an optional /length, checked whole', () => {
  for (const value of ['10.0.0.1', '10.0.0.0/24', '2001:db8::1/64']) assert.equal(assertAddressWord(value), value);
  for (const value of ['abc', 'x10.0.0.1', '10.0.0.1/2400', '10.0.0.1;reboot']) {
    assert.equal(refusal(() => assertAddressWord(value)), `invalid VyOS address ${JSON.stringify(value)}: an IPv4 or IPv6 address or prefix`, value);
  }
});

test('policy names say their rule; integers hold at both ends of their range', () => {
  assert.equal(refusal(() => assertPolicyName('-weft')), 'invalid VyOS policy name "-weft": letters, digits, hyphens and underscores, at most 63 characters');
  assert.equal(assertInteger('VRF table', 100, 100, 65535), 100);
  assert.equal(assertInteger('VRF table', 65535, 100, 65535), 65535);
  assert.equal(refusal(() => assertInteger('VRF table', 65536, 100, 65535)), 'invalid VyOS VRF table 65536: an integer from 100 to 65535');
  assert.equal(refusal(() => assertInteger('VRF table', 99, 100, 65535)), 'invalid VyOS VRF table 99: an integer from 100 to 65535');
  assert.equal(refusal(() => assertInteger('VRF table', 100.5, 100, 65535)), 'invalid VyOS VRF table 100.5: an integer from 100 to 65535');
});
