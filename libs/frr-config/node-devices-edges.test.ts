// An FRR node's devices from frr.conf text in the forms the other tests do not meet: VRF names
// Weft would not give, comments, trailing blanks, and the loopback among the ports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NodeDevicesError, nodeDevices, vrfTable } from './index.js';

test('a VRF not named VrfN (up to six digits) has no table to choose, and says so', () => {
  assert.equal(vrfTable('Vrf999999'), 1000 + 999999);
  for (const name of ['Vrf1234567', 'blue', 'Vrf', 'xVrf1']) {
    assert.throws(() => vrfTable(name), (error: unknown) => error instanceof NodeDevicesError && error.name === 'NodeDevicesError' && error.message === `frr.conf: vrf ${name}: cannot choose its routing table (Weft names VRFs VrfN, table 1000+N)`, name);
  }
  assert.throws(() => nodeDevices('interface eth1 vrf mgmt\n'), { message: 'frr.conf: vrf mgmt: cannot choose its routing table (Weft names VRFs VrfN, table 1000+N)' });
});

test('comments and trailing blanks are read past; the loopback is no port; a port without a VRF is a port', () => {
  const devices = nodeDevices('# frr.conf by weft\nvrf Vrf2   \n vni 10002  \nexit-vrf\n!\ninterface lo\n ip address 10.0.0.7/32\n!\ninterface eth1\n!\ninterface eth2 vrf Vrf2\n');
  assert.deepEqual(devices, {
    vrfs: [{ name: 'Vrf2', table: 1002 }],
    vnis: [{ vni: 10002, vrf: 'Vrf2', bridge: 'br10002', vxlan: 'vxlan10002', local: '10.0.0.7' }],
    members: [{ interface: 'eth2', vrf: 'Vrf2' }],
    ports: ['eth1', 'eth2'],
  });
});
