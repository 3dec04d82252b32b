// Intents CONFIG_DB cannot express are programming errors naming the switch and the object:
// an Ethernet segment without the multihoming settings, a VNI without a VTEP, an ACL with more
// rules than SONiC has priorities below Weft's top one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AclRuleIntent, DeviceIntent } from '#domain';
import { LEAF_EVPN } from '#testing';
import { renderConfigDb } from './index.js';

function failure(device: DeviceIntent): string {
  assert.throws(() => renderConfigDb(device));
  try {
    renderConfigDb(device);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return '';
}

test('an Ethernet segment on a switch without EVPN multihoming settings is refused', () => {
  const device: DeviceIntent = {
    ...LEAF_EVPN,
    portChannels: LEAF_EVPN.portChannels.map((pc) => ({ ...pc, systemMac: '02:a2:98:3a:bf:79', ethernetSegment: { esi: '00:b1:a0:8f:fb:e1:20:45:71:88' } })),
  };
  assert.equal(failure(device), 'leaf1: PortChannel1 is an Ethernet segment but the device has no EVPN multihoming settings');
});

test('a VLAN mapped to a VNI on a switch without a VTEP is refused', () => {
  const device: DeviceIntent = { ...LEAF_EVPN };
  delete (device as { vtep?: unknown }).vtep;
  assert.equal(failure(device), 'leaf1: Vlan1000 maps to VNI 10000 but the device has no VTEP');
});

test('an ACL with more rules than priorities below the top one is refused; 9999 fit', () => {
  const rules = (count: number): AclRuleIntent[] => Array.from({ length: count }, (_, i) => ({ name: `R${i}`, action: 'drop' as const }));
  const acl = (count: number): DeviceIntent => ({ ...LEAF_EVPN, acls: [{ name: 'WEFT_VRF1', description: 'big', ports: ['Ethernet0'], rules: rules(count) }] });
  assert.equal(failure(acl(10000)), 'leaf1: ACL WEFT_VRF1 has more than 9999 rules');
  assert.equal(renderConfigDb(acl(9999)).ACL_RULE?.['WEFT_VRF1|R9998']?.PRIORITY, '1');
});
