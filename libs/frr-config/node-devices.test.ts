// What an FRR node's frr.conf asks of its kernel, where the config says it less plainly than
// render-frr writes it: the VTEP address from the router-id, a VRF named only by a port.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeDevices } from './index.js';

const L3VNI = 'vrf Vrf1\n vni 10000\nexit-vrf\n!\n';

test('without a /32 on lo the VTEP address is the BGP router-id, not an address a description mentions', () => {
  const config = `${L3VNI}interface lo\n ipv6 address 2001:db8::1/128\n!\nrouter bgp 65000\n no bgp ebgp-requires-policy\n neighbor 10.0.0.2 description moved from bgp router-id 10.9.9.9\n bgp router-id 10.0.0.9\nexit\n`;
  assert.deepEqual(nodeDevices(config).vnis, [{ vni: 10000, vrf: 'Vrf1', bridge: 'br10000', vxlan: 'vxlan10000', local: '10.0.0.9' }]);
});

test('a router-id line that is not one address gives no VTEP address', () => {
  assert.throws(() => nodeDevices(`${L3VNI}router bgp 65000\n bgp router-id 10.0.0.9 10.0.0.8\nexit\n`), {
    name: 'NodeDevicesError',
    message: 'frr.conf: vrf Vrf1 has vni 10000 but the config has no VTEP address (interface lo ip address X/32, or bgp router-id)',
  });
});

test('a VRF named only by a port it holds still gets its device and table', () => {
  const devices = nodeDevices(`${L3VNI}interface eth3 vrf Vrf4\n!\ninterface lo\n ip address 10.0.0.1/32\n`);
  assert.deepEqual(devices.vrfs, [
    { name: 'Vrf1', table: 1001 },
    { name: 'Vrf4', table: 1004 },
  ]);
  assert.deepEqual(devices.members, [{ interface: 'eth3', vrf: 'Vrf4' }]);
});
