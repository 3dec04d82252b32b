// Server addresses and the reachability the intents promise, before any packet is sent: what
// `weft lab test` holds the lab to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, conn, server, vpc } from '../../test/support/builders.js';
import { labFabric } from '../../test/support/lab-fixture.js';
import { expectedReachability, formatMatrix, planLab, planRouteHosts, planServerAddresses, type ProbeResult } from './index.js';

const set = labFabric();
const plan = planLab(set, { prefix: 'wl-', underlayMtu: 9100 });
const { addresses, skipped } = planServerAddresses(set, plan);

test('addresses are numbered per CIDR across tenants, skipping the gateway; a LAG holds its address on its bridge', () => {
  assert.deepEqual(
    addresses.map((a) => [a.server, a.device, `${a.vpc}/${a.subnet}`, `${a.ip}/${a.prefixLength}`, a.gateway]),
    [
      ['server1', 'eth0', 'default/blue/web', '10.1.1.2/24', '10.1.1.1'],
      ['server2', 'eth0', 'default/green/api', '10.2.1.2/24', '10.2.1.1'],
      ['server3', 'eth0', 'default/blue/db', '10.1.3.2/24', '10.1.3.1'],
      // globex reuses blue/web's CIDR: a different address, so a reply can only come from its owner
      ['server4', 'eth0', 'globex/copy/web', '10.1.1.3/24', '10.1.1.1'],
      ['server9', 'bond0', 'default/green/api', '10.2.1.3/24', '10.2.1.1'],
    ],
  );
  assert.deepEqual(skipped, []);
});

test('the DHCP range and an explicit gateway are left alone; a tagged attachment waits for its VLAN', () => {
  const more = labFabric([
    server('server8'),
    conn.unbundled('server8--leaf1', 'server8/eth0', 'leaf1/Ethernet20'),
    vpc('default', 'red', 'acme', { lan: { cidr: '10.9.0.0/29', gateway: '10.9.0.1', dhcp: { start: '10.9.0.2', end: '10.9.0.4' } } }),
    attach('default', 'r1', 'red/lan', 'server8--leaf1', true),
  ]);
  const red = planServerAddresses(more, planLab(more, { prefix: 'wl-', underlayMtu: 9100 })).addresses.find((a) => a.vpc === 'default/red');
  assert.equal(red?.ip, '10.9.0.5');
  const tagged = labFabric([vpc('default', 'red', 'acme', { lan: '10.9.0.0/24' }), attach('default', 'r1', 'red/lan', 'server4--leaf2')]);
  const waiting = planServerAddresses(tagged, plan);
  assert.deepEqual(waiting.skipped, [{ attachment: 'default/r1', reason: 'tagged, and its switch has not programmed the VLAN yet' }]);
  const programmed = planServerAddresses(tagged, plan, (key) => (key === 'default/r1' ? 1007 : undefined));
  assert.equal(programmed.addresses.find((a) => a.attachment === 'default/r1')?.device, 'eth0.1007');
});

test('same VPC reaches, other VPCs (even with the same CIDR) do not, a peering only its pair, both ways', () => {
  const probes = expectedReachability(set, addresses, []);
  const expect = (from: string, to: string): string => {
    const p = probes.find((x) => x.from.node === from && x.to.node === to);
    return `${String(p?.expect)} (${p?.reason ?? 'no probe'})`;
  };
  assert.equal(expect('server2', 'server9'), 'true (same VPC, same subnet)');
  assert.equal(expect('server1', 'server3'), 'true (same VPC)');
  assert.equal(expect('server1', 'server4'), 'false (different VPCs, same CIDR)');
  assert.equal(expect('server3', 'server2'), 'true (peered, pair permitted)');
  assert.equal(expect('server9', 'server3'), 'true (peered, pair permitted)');
  assert.equal(expect('server1', 'server2'), 'false (peered, pair not permitted)');
  assert.equal(expect('server4', 'server2'), 'false (different VPCs, not peered)');
  assert.equal(probes.length, addresses.length * (addresses.length - 1));
});

test('an External: its permitted subnets reach the outside probe and back, nothing else does', () => {
  const probes = expectedReachability(set, addresses, plan.peers);
  const outside = probes.filter((p) => p.to.peer !== undefined || p.from.peer !== undefined);
  assert.deepEqual(
    outside.filter((p) => p.expect).map((p) => `${p.from.node} -> ${p.to.node}`),
    ['server1 -> border1--internet', 'border1--internet -> server1'],
  );
  assert.equal(outside.length, addresses.length * 2);
});

test('the matrix marks each probe against its expectation and lists what failed', () => {
  const probes = expectedReachability(set, addresses, []).filter((p) => ['server1', 'server3', 'server4'].includes(p.from.node) && ['server1', 'server3', 'server4'].includes(p.to.node));
  const results: ProbeResult[] = probes.map((p) => ({ ...p, reached: p.from.node === 'server4' ? true : p.expect }));
  const text = formatMatrix(results);
  assert.match(text, /^reachability: 6 probes, 4 as the intents say, 2 not$/m);
  assert.match(text, /^1 {2}server1 default\/blue\/web 10\.1\.1\.2 +- ✓ ·$/m);
  assert.match(text, /^3 {2}server4 globex\/copy\/web 10\.1\.1\.3 +! ! -$/m);
  assert.match(text, /^LEAKED: server4 globex\/copy\/web 10\.1\.1\.3 -> server1 default\/blue\/web 10\.1\.1\.2 \(different VPCs, same CIDR\)$/m);
});

test('a server keeps the address it holds: a new tenant on the same CIDR never renumbers it', () => {
  const held = new Map([['server4|eth0', ['10.1.1.9/24']]]);
  const kept = planServerAddresses(set, plan, () => undefined, held).addresses;
  assert.equal(kept.find((a) => a.server === 'server4')?.ip, '10.1.1.9');
  assert.equal(kept.find((a) => a.server === 'server1')?.ip, '10.1.1.2');
  // an address outside the subnet, or the gateway, is not kept
  const odd = planServerAddresses(set, plan, () => undefined, new Map([['server1|eth0', ['10.1.1.1/24']], ['server4|eth0', ['10.7.7.7/24']]])).addresses;
  assert.deepEqual([odd.find((a) => a.server === 'server1')?.ip, odd.find((a) => a.server === 'server4')?.ip], ['10.1.1.2', '10.1.1.3']);
});

test('inside a VPC: an isolated subnet is cut off from the others unless permitted, a restricted one from itself; a static route leads its VPC only', () => {
  const inside = labFabric().vpcs.map((v) =>
    v.metadata.name !== 'blue'
      ? v.metadata.name === 'green'
        ? { ...v, spec: { ...v.spec, defaultRestricted: true } }
        : v
      : { ...v, spec: { ...v.spec, subnets: { ...v.spec.subnets, db: { cidr: '10.1.3.0/24', isolated: true } }, staticRoutes: [{ prefix: '10.99.0.0/24', nextHops: ['10.1.3.50'] }] } },
  );
  const changed = { ...labFabric(), vpcs: inside };
  const held = planServerAddresses(changed, plan).addresses;
  const probes = expectedReachability(changed, held, plan.peers);
  const expect = (from: string, to: string): string => {
    const p = probes.find((x) => x.from.node === from && x.to.node === to && x.to.ip !== '10.99.0.1');
    return `${String(p?.expect)} (${p?.reason ?? 'no probe'})`;
  };
  assert.equal(expect('server1', 'server3'), 'false (same VPC, isolated subnet)');
  assert.equal(expect('server3', 'server1'), 'false (same VPC, isolated subnet)');
  assert.equal(expect('server2', 'server9'), 'false (same VPC, restricted subnet)');
  assert.equal(expect('server3', 'server2'), 'true (peered, pair permitted)', 'isolation is inside the VPC; the peering still holds');
  const permitted = { ...changed, vpcs: inside.map((v) => (v.metadata.name === 'blue' ? { ...v, spec: { ...v.spec, permit: [['web', 'db']] } } : v)) };
  const again = expectedReachability(permitted, held, []).find((p) => p.from.node === 'server1' && p.to.node === 'server3' && p.to.ip !== '10.99.0.1');
  assert.equal(`${String(again?.expect)} (${again?.reason ?? ''})`, 'true (same VPC, isolated subnet, pair permitted)');
  // the route: held by server3 (in db, where its next hop is), reached by blue's other servers only
  assert.deepEqual(planRouteHosts(changed, held), [
    { vpc: 'default/blue', subnet: 'db', prefix: '10.99.0.0/24', nextHop: '10.1.3.50', server: 'server3', device: 'eth0', prefixLength: 24, probe: '10.99.0.1' },
  ]);
  const toRoute = probes.filter((p) => p.to.ip === '10.99.0.1');
  assert.deepEqual(toRoute.filter((p) => p.expect).map((p) => `${p.from.node}: ${p.reason}`), ['server1: same VPC, static route']);
  assert.deepEqual(
    toRoute.filter((p) => !p.expect).map((p) => `${p.from.node}: ${p.reason}`),
    ['server2: static route of another VPC', 'server4: static route of another VPC', 'server9: static route of another VPC', 'border1--internet: static routes are not announced to Externals'],
  );
});

test("a subnet Weft's DHCP serves: its servers run a client and hold what they leased; the lab numbers them not", () => {
  const served = labFabric([
    server('server8'),
    conn.unbundled('server8--leaf1', 'server8/eth0', 'leaf1/Ethernet20'),
    vpc('default', 'red', 'acme', { lan: { cidr: '10.9.0.0/24', dhcp: { enable: true, range: { start: '10.9.0.100', end: '10.9.0.199' } } } }),
    attach('default', 'red-8', 'red/lan', 'server8--leaf1', true),
  ]);
  const servedPlan = planLab(served, { prefix: 'wl-', underlayMtu: 9100 });
  const before = planServerAddresses(served, servedPlan);
  assert.deepEqual(before.dhcp, [{ server: 'server8', device: 'eth0', attachment: 'default/red-8' }]);
  assert.equal(before.addresses.find((a) => a.vpc === 'default/red'), undefined, 'no lease yet: no address, none planned');
  const leased = planServerAddresses(served, servedPlan, () => undefined, new Map([['server8|eth0', ['10.9.0.150/24']]]));
  const red = leased.addresses.find((a) => a.vpc === 'default/red');
  assert.deepEqual(red && [red.ip, red.prefixLength, red.gateway, red.dhcp], ['10.9.0.150', 24, '10.9.0.1', true]);
  assert.ok(leased.addresses.filter((a) => a.vpc !== 'default/red').every((a) => a.dhcp === undefined), 'other subnets stay numbered by the lab');
});
