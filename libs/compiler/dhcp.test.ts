// A subnet's DHCP as checked and explained: the mistakes a tenant can make in spec.subnets.*.dhcp
// each name their field, a subnet relayed to the tenant's servers relays there, and `weft
// explain`'s sentence says which of the three modes the subnet is in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SubnetDhcp } from '#api';
import { checkSubnetDhcp, dhcpRelayOf, type SubnetDhcpInfo } from '#compiler';
import { parseCidr, parseIpv4 } from '#domain';
import { dhcpSentence } from './dhcp.js';

const PREFIX = parseCidr('10.1.1.0/24')!.prefix;
const SERVERS = parseCidr('10.250.0.0/24')!.prefix;
const field = (f: string): string => `VPC default/blue spec.subnets.web.${f}`;

/** checkSubnetDhcp on 10.1.1.0/24 with its gateway at `gateway` */
function check(dhcp: SubnetDhcp, gateway = '10.1.1.1'): ReturnType<typeof checkSubnetDhcp> {
  return checkSubnetDhcp(dhcp, PREFIX, '10.1.1.0/24', parseIpv4(gateway)!, gateway, field, SERVERS);
}

const problems = (dhcp: SubnetDhcp): string[] => check(dhcp).diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`);

test('dhcp.start without dhcp.end, or the other way round, is refused at the field that is there', () => {
  assert.deepEqual(problems({ enable: true, start: '10.1.1.10' }), ['WF340 VPC default/blue spec.subnets.web.dhcp.end: dhcp.start and dhcp.end come together']);
  assert.deepEqual(problems({ enable: true, end: '10.1.1.10' }), ['WF340 VPC default/blue spec.subnets.web.dhcp.start: dhcp.start and dhcp.end come together']);
});

test('a server option without dhcp.enable is refused, with a word on the relay server when there is one', () => {
  assert.deepEqual(problems({ range: { start: '10.1.1.10', end: '10.1.1.20' }, leaseTime: 60 }), [
    "WF340 VPC default/blue spec.subnets.web.dhcp.leaseTime: is an option of Weft's DHCP server: set dhcp.enable: true",
  ]);
  assert.deepEqual(problems({ relay: ['192.0.2.10'], dnsServers: ['192.0.2.53'] }), [
    "WF340 VPC default/blue spec.subnets.web.dhcp.dnsServers: is an option of Weft's DHCP server: set dhcp.enable: true (your relay server has its own options)",
  ]);
});

test('a dhcp that sets nothing is refused: neither enable, relay nor a range', () => {
  assert.deepEqual(problems({}), ['WF340 VPC default/blue spec.subnets.web.dhcp: says nothing: set dhcp.enable: true, dhcp.relay, or a range']);
  assert.deepEqual(problems({ enable: false }), ['WF340 VPC default/blue spec.subnets.web.dhcp: says nothing: set dhcp.enable: true, dhcp.relay, or a range']);
});

test('a fixed address with a bad MAC names the entry\'s mac', () => {
  assert.deepEqual(problems({ enable: true, static: [{ mac: '02:00:00:00:00', ip: '10.1.1.50' }] }), [
    'WF341 VPC default/blue spec.subnets.web.dhcp.static[0].mac: "02:00:00:00:00" is not a MAC address such as 02:00:00:00:00:01',
  ]);
});

test('the default pool is the larger side of the gateway: above a low gateway, below a high one', () => {
  assert.deepEqual([check({ enable: true }).info?.start, check({ enable: true }).info?.end], ['10.1.1.2', '10.1.1.254']);
  const high = check({ enable: true }, '10.1.1.254').info;
  assert.deepEqual([high?.start, high?.end], ['10.1.1.1', '10.1.1.253']);
});

test('a relayed subnet: mode relay, and its SVI relays to the tenant\'s servers, not to Weft', () => {
  const { info, diagnostics } = check({ relay: ['192.0.2.10', '192.0.2.11'] });
  assert.deepEqual(diagnostics, []);
  assert.equal(info?.mode, 'relay');
  assert.deepEqual(dhcpRelayOf({ dhcpService: info }, { dhcpServers: SERVERS }, 3), { dhcpRelay: { servers: ['192.0.2.10', '192.0.2.11'], weft: false } });
  assert.deepEqual(dhcpRelayOf({ dhcpService: check({ enable: true }).info! }, { dhcpServers: SERVERS }, 3), { dhcpRelay: { servers: ['10.250.0.3'], weft: true } });
  assert.deepEqual(dhcpRelayOf({ dhcpService: check({ start: '10.1.1.10', end: '10.1.1.20' }).info! }, { dhcpServers: SERVERS }, 3), {});
});

test('explain\'s DHCP sentence for a reserved range, a relay, and Weft\'s server with one or more fixed addresses', () => {
  const sentence = (info: SubnetDhcpInfo | undefined, vrf: number | undefined, servers = SERVERS): string | undefined => dhcpSentence({ ...(info === undefined ? {} : { dhcpService: info }) }, { dhcpServers: servers }, vrf).dhcp;
  assert.equal(sentence(undefined, 1), undefined);
  assert.equal(
    sentence(check({ start: '10.1.1.10', end: '10.1.1.20' }).info, 1),
    'range 10.1.1.10-10.1.1.20 kept free of lab addresses; no DHCP served or relayed (set dhcp.enable or dhcp.relay)',
  );
  assert.equal(sentence(check({ relay: ['192.0.2.10', '192.0.2.11'] }).info, 1), "relayed by the leaves to 192.0.2.10, 192.0.2.11 (the tenant's servers, in the VPC's VRF)");
  const one = check({ enable: true, leaseTime: 600, static: [{ mac: '02:00:00:00:00:01', ip: '10.1.1.50' }] }).info;
  assert.equal(sentence(one, 2), "Weft's DHCP serves 10.1.1.2-10.1.1.254 (lease 600 s, 1 fixed address); the leaves relay to 10.250.0.2 from Loopback0 with link selection");
  const two = check({ enable: true, static: [{ mac: '02:00:00:00:00:01', ip: '10.1.1.50' }, { mac: '02:00:00:00:00:02', ip: '10.1.1.51' }] }).info;
  assert.equal(sentence(two, undefined), "Weft's DHCP serves 10.1.1.2-10.1.1.254 (lease 3600 s, 2 fixed addresses); the leaves relay to ? from Loopback0 with link selection");
  assert.equal(sentence(check({ enable: true }).info, 2), "Weft's DHCP serves 10.1.1.2-10.1.1.254 (lease 3600 s); the leaves relay to 10.250.0.2 from Loopback0 with link selection");
});
