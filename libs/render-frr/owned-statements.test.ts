// The frr.conf statements a ConfigTemplate may not write, in the forms the first ownership test
// leaves out: the file's own header lines, IPv6 filters, `vr` and `n` abbreviations, and the
// loopback and upper-case names when the device's interfaces are known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frrStatementOwned } from './index.js';

test('header lines, IPv6 weft- filters and abbreviated vrf and no are owned; other IPv6 filters are not', () => {
  for (const line of ['frr version 10.1', 'service integrated-vtysh-config', 'ipv6 prefix-list weft-ext-in seq 5 permit any', 'ip route 10.0.0.0/8 192.0.2.1 vr Vrf1', 'n router bgp 1', 'no vni 5000']) {
    assert.equal(frrStatementOwned(line), true, line);
  }
  for (const line of ['ipv6 prefix-list custom seq 5 permit any', 'frr', 'service password-encryption', 'route-map weftish permit 10', 'nothing here']) {
    assert.equal(frrStatementOwned(line), false, line);
  }
});

test('with the device interfaces: the loopback is owned, and names match whatever their case', () => {
  const interfaces = ['Ethernet0', 'PortChannel1'];
  assert.equal(frrStatementOwned('interface lo', interfaces), true);
  assert.equal(frrStatementOwned('interface ethernet0', interfaces), true);
  assert.equal(frrStatementOwned('interface PORTCHANNEL1', interfaces), true);
  assert.equal(frrStatementOwned('interface Ethernet4', interfaces), false);
  assert.equal(frrStatementOwned('interface', interfaces), false);
  assert.equal(frrStatementOwned('interface'), true);
});
