// zebra's EVPN state as FRR 8.4 prints it in the lab (fixtures/lab-leaf.ts), read into the
// Agent's status: every VNI with its state, the MACs local first and bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evpnMacsFrom, localVnisFrom } from './observe-evpn.js';
import { bgpNeighborsFrom } from './observe.js';
import { LEAF1_BGP, LEAF1_INTERFACES, LEAF1_MAC, LEAF1_VNI_DETAIL, LEAF4_MAC } from './fixtures/lab-leaf.js';

test('the VNIs of leaf1: L2VNIs up by their VXLAN device, L3VNIs by zebra, with VRF, VTEPs and MAC counts', () => {
  assert.deepEqual(localVnisFrom(LEAF1_VNI_DETAIL, LEAF1_INTERFACES), [
    { vni: 10000, type: 'L3', vrf: 'Vrf1', state: 'Up', vxlanInterface: 'vtep1-1000', sviInterface: 'Vlan1000', localVtep: '10.0.0.2' },
    { vni: 10003, type: 'L2', vrf: 'Vrf1', state: 'Up', vxlanInterface: 'vtep1-1001', sviInterface: 'Vlan1001', localVtep: '10.0.0.2', remoteVteps: ['10.0.0.5'], macs: 2 },
    { vni: 10004, type: 'L3', vrf: 'Vrf2', state: 'Up', vxlanInterface: 'vtep1-1002', sviInterface: 'Vlan1002', localVtep: '10.0.0.2' },
    { vni: 10005, type: 'L2', vrf: 'Vrf2', state: 'Up', vxlanInterface: 'vtep1-1003', sviInterface: 'Vlan1003', localVtep: '10.0.0.2', remoteVteps: ['10.0.0.3'], macs: 3 },
  ]);
});

test('an L2VNI whose VXLAN device is down or unknown says so; garbage gives nothing', () => {
  const detail = [{ vni: 7, type: 'L2', vxlanInterface: 'vx7' }, { vni: 8, type: 'L2', vxlanInterface: 'vx8' }, { vni: 'x' }, 'junk'];
  assert.deepEqual(
    localVnisFrom(detail, { vx7: { operationalStatus: 'down' } }).map((v) => `${v.vni} ${v.state}`),
    ['7 Down', '8 Unknown'],
  );
  assert.deepEqual(localVnisFrom('not json'), []);
});

test('MACs of every L2VNI: the local ones first with their port, the remote ones with their VTEP', () => {
  const { macs, omitted } = evpnMacsFrom(LEAF4_MAC, 100);
  assert.equal(omitted, 0);
  assert.deepEqual(macs, [
    { mac: '96:b1:da:ca:59:fd', vni: 10003, type: 'local', interface: 'Ethernet0' },
    { mac: 'e2:a6:ce:08:86:94', vni: 10003, type: 'remote', remoteVtep: '10.0.0.2' },
  ]);
});

test('the MAC list is bounded, local MACs kept first, and what is left out is counted', () => {
  const all = evpnMacsFrom(LEAF1_MAC, 100);
  assert.equal(all.macs.length, 5);
  const two = evpnMacsFrom(LEAF1_MAC, 2);
  assert.deepEqual(two.macs.map((m) => m.type), ['local', 'local']);
  assert.equal(two.omitted, 3);
  assert.deepEqual(evpnMacsFrom(LEAF1_MAC, 0), { macs: [], omitted: 5 });
});

test('leaf1\'s sessions: both spines in ipv4Unicast and l2VpnEvpn, the EVPN prefixes apart', () => {
  const sessions = bgpNeighborsFrom(LEAF1_BGP);
  assert.deepEqual(sessions.map((s) => `${s.vrf} ${s.peer} ${s.state} ${s.families.map((f) => f.family).join('+')}`), [
    'default Ethernet48 Established ipv4Unicast+l2VpnEvpn',
    'default Ethernet52 Established ipv4Unicast+l2VpnEvpn',
  ]);
  const evpn = sessions[0]?.families.find((f) => f.family === 'l2VpnEvpn');
  assert.ok(evpn?.prefixesReceived !== undefined && evpn.prefixesReceived > 0);
});
