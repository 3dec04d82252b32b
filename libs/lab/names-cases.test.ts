// Which namespace names are VRF namespaces of this lab (`<prefix><switch>@<vrf>`), case by case:
// the ones the lab cleans up or binds for zebra, and never another lab's or a half name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DHCP_RELAY_LEG, DHCP_SERVICE_BRIDGE, dhcpServiceNetns, dhcpServiceNetnsTemplate, parseVrfNetns, subLinkName } from './index.js';

test('a VRF namespace name has the prefix, a switch, an @ and a VRF; anything else is none', () => {
  assert.deepEqual(
    ['wl-leaf1@Vrf1', 'wl-leaf1@a@Vrf2', 'wl-@Vrf1', 'wl-leaf1@', 'wl-leaf1', 'xl-leaf1@Vrf1', 'wl-l@V'].map((n) => parseVrfNetns('wl-', n)),
    [{ switch: 'leaf1', vrf: 'Vrf1' }, { switch: 'leaf1@a', vrf: 'Vrf2' }, undefined, undefined, undefined, undefined, { switch: 'l', vrf: 'V' }],
  );
});

test('a port is shortened for a sub-link only when its name begins with Ethernet or PortChannel', () => {
  assert.equal(subLinkName('Ethernet1234567', 1000), 'Eth1234567.1000');
  assert.throws(() => subLinkName('myEthernet12345', 1000), { message: 'no interface name of at most 15 bytes for VLAN 1000 on myEthernet12345' });
  assert.equal(subLinkName('PortChannel1234', 100), 'Po1234.100');
  assert.throws(() => subLinkName('myPortChannel12', 100), { message: 'no interface name of at most 15 bytes for VLAN 100 on myPortChannel12' });
});

test('the DHCP service of a VRF: its namespace, the template weft dhcp gets, the bridge Kea listens on, and the relays\' leg', () => {
  assert.deepEqual(
    [dhcpServiceNetns('wl-', 'Vrf1'), dhcpServiceNetnsTemplate('wl-'), DHCP_SERVICE_BRIDGE, DHCP_RELAY_LEG],
    ['wl-_dhcp@Vrf1', 'wl-_dhcp@{vrf}', 'svc', 'dhcp0'],
  );
});
