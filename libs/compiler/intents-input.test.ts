// What the compiler says of VPC intents that skipped the parser's checks or ask for what cannot
// be built: a subnet that is no prefix, host BGP in a VPC without an L3VNI or with a gateway, an
// attachment to a broken connection, a peering of one VPC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import type { AnyResource } from '#domain';
import { attach, conn, peering, policy, resourceSet, server, smallFabric, vpc } from '../../test/support/builders.js';

const fabric = (): AnyResource[] => [...smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }), server('server9')];
const lines = (...resources: readonly AnyResource[]): string[] => compile(resourceSet(fabric(), resources)).diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);
const hostBgp = { cidr: '10.9.0.0/24', hostBGP: true } as const;

test('a subnet cidr that is no IPv4 prefix is refused at its cidr', () => {
  assert.deepEqual(lines(vpc('default', 'blue', 'acme', { web: 'nope' })), ['error WF300 VPC default/blue spec.subnets.web.cidr: "nope" is not an IPv4 prefix such as 10.1.0.0/24']);
});

test('a hostBGP subnet with a gateway is warned about: it has none', () => {
  assert.deepEqual(lines(vpc('default', 'blue', 'acme', { vips: { ...hostBgp, gateway: '10.9.0.1' } })), [
    'warning WF350 VPC default/blue spec.subnets.vips.gateway: a hostBGP subnet has no gateway: servers route through the BGP session with their leaf',
  ]);
});

test('a hostBGP subnet in a VPC without an L3VNI is refused, naming the policy default or the rule that chose its method', () => {
  assert.deepEqual(lines(policy({ isolation: { default: 'evpn-l2vni' } }), vpc('default', 'blue', 'acme', { vips: hostBgp })), [
    'error WF350 VPC default/blue spec.subnets.vips.hostBGP: the VPC uses evpn-l2vni (chosen by the policy default); routes a server announces reach the other leaves as EVPN type-5 routes, which need evpn-l3vni',
  ]);
  const rule = policy({ isolation: { default: 'evpn-l3vni', rules: [{ name: 'flat', match: { tenants: ['acme'] }, method: 'vlan' }] } });
  assert.deepEqual(lines(rule, vpc('default', 'blue', 'acme', { vips: hostBgp })), [
    'error WF350 VPC default/blue spec.subnets.vips.hostBGP: the VPC uses vlan (chosen by policy rule flat); routes a server announces reach the other leaves as EVPN type-5 routes, which need evpn-l3vni',
  ]);
});

test('an attachment to a server connection that has errors of its own says so', () => {
  assert.deepEqual(lines(conn.bundled('ghost--b', 'ghost', [['eth0', 'leaf1/Ethernet40']]), vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }), attach('default', 'a1', 'blue/web', 'ghost--b')), [
    'error WF201 Connection ghost--b spec.bundled.server: no Server named "ghost"',
    'error WF308 VPCAttachment default/a1 spec.connection: Connection ghost--b has errors of its own',
  ]);
});

test('nativeVLAN on a hostBGP attachment is warned about: the port is routed', () => {
  assert.deepEqual(lines(vpc('default', 'blue', 'acme', { vips: hostBgp }), attach('default', 'a1', 'blue/vips', 'server1--leaf1', false)), [
    'warning WF351 VPCAttachment default/a1 spec.nativeVLAN: has no effect: a hostBGP subnet has no VLAN; the port is routed',
  ]);
});

test('a peering that names one VPC only (as the parser would refuse) peers nothing and breaks nothing', () => {
  const result = compile(resourceSet(fabric(), vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }), attach('default', 'a1', 'blue/web', 'server1--leaf1'), peering('default', 'p', ['blue'] as unknown as [string, string])));
  assert.deepEqual(result.diagnostics, []);
  assert.doesNotMatch(result.files.get('leaf1/frr.conf') ?? '', /weft-import/);
});

test('the permitted pairs inside a VPC are kept in one order, whatever order spec.permit lists them in', () => {
  const blue = (permit: string[][]): AnyResource => {
    const v = vpc('default', 'blue', 'acme', { a: { cidr: '10.1.1.0/24', isolated: true }, b: '10.1.2.0/24', c: '10.1.3.0/24' });
    v.spec.permit = permit;
    return v;
  };
  for (const permit of [[['a', 'c'], ['a', 'b']], [['a', 'b'], ['a', 'c']]]) {
    const result = compile(resourceSet(fabric(), blue(permit)));
    assert.deepEqual(result.state.intents.vpcs.get('default/blue')?.inside.permitted, [['a', 'b'], ['a', 'c']], JSON.stringify(permit));
  }
});
