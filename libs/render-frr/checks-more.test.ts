// The checks the first check tests leave out: VLAN ids, ESIs, MACs, communities and the ranges
// of FRR's own CLI, each refusal naming the kind of value and the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrrRenderError, community, esi, integer, mac, vlan } from './checks.js';

const refused = (fn: () => unknown, message: string): void => {
  assert.throws(fn, (error: unknown) => error instanceof FrrRenderError && error.message === message);
};

test('VLAN ids 1 to 4094, and the ranges FRR\'s CLI takes, by name', () => {
  assert.equal(vlan(1), 1);
  assert.equal(vlan(4094), 4094);
  refused(() => vlan(0), 'VLAN id 0 is not an integer in 1..4094');
  refused(() => vlan(4095), 'VLAN id 4095 is not an integer in 1..4094');
  assert.equal(integer(65535, 1, 65535, 'es-df-pref'), 65535);
  refused(() => integer(65536, 1, 65535, 'es-df-pref'), 'es-df-pref 65536 is not an integer in 1..65535');
});

test('an ESI is ten lower-case bytes, a MAC six', () => {
  assert.equal(esi('00:11:22:33:44:55:66:77:88:99'), '00:11:22:33:44:55:66:77:88:99');
  refused(() => esi('00:11:22:33:44:55:66:77:88'), 'ESI "00:11:22:33:44:55:66:77:88" is not safe to write into frr.conf');
  refused(() => esi('00:11:22:33:44:55:66:77:88:9A'), 'ESI "00:11:22:33:44:55:66:77:88:9A" is not safe to write into frr.conf');
  assert.equal(mac('00:00:5e:00:01:01'), '00:00:5e:00:01:01');
  refused(() => mac('00:00:5e:00:01:01:02'), 'MAC address "00:00:5e:00:01:01:02" is not safe to write into frr.conf');
  refused(() => mac('x00:00:5e:00:01:01'), 'MAC address "x00:00:5e:00:01:01" is not safe to write into frr.conf');
});

test('a community is two numbers up to 65535', () => {
  assert.equal(community('65535:0'), '65535:0');
  assert.equal(community('0:65535'), '0:65535');
  refused(() => community('65536:1'), 'community "65536:1" is not ASN:value, each 0-65535');
  refused(() => community('1:65536'), 'community "1:65536" is not ASN:value, each 0-65535');
  refused(() => community('01:1'), 'community "01:1" is not ASN:value, each 0-65535');
  refused(() => community('1:1 x'), 'community "1:1 x" is not ASN:value, each 0-65535');
});
