// The three isolation methods of the design, read off the DeviceIntent of each switch: what an
// evpn-l3vni, an evpn-l2vni and a vlan VPC put on which switch; the vlan method's loop-free tree
// over trunk domains and its diagnostic when the attachments cannot be joined; and peering, which
// leaks only the permitted prefixes and nothing at all between VPCs that are not peered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, type CompileResult } from '#compiler';
import type { AnyResource, DeviceIntent, VlanIntent } from '#domain';
import {
  attach,
  conn,
  external,
  externalAttach,
  externalPeering,
  peering,
  policy,
  resourceSet,
  smallFabric,
  sw,
  vpc,
} from '../../test/support/builders.js';

const POLICY = policy({
  isolation: {
    default: 'evpn-l3vni',
    rules: [
      { name: 'legacy-vlan', match: { tenants: ['legacy'] }, method: 'vlan' },
      { name: 'l2-only', match: { labels: { tier: 'l2' } }, method: 'evpn-l2vni' },
    ],
  },
});

function compileOk(...resources: (AnyResource | readonly AnyResource[])[]): CompileResult {
  const result = compile(resourceSet(...resources));
  assert.deepEqual(result.diagnostics, []);
  return result;
}

function device(result: CompileResult, name: string): DeviceIntent {
  const d = result.devices.get(name);
  assert.ok(d, `no device ${name}`);
  return d;
}

/** `subnet` (or `(transit)`) -> the VLAN, for one VPC on one device. */
function vlansOf(d: DeviceIntent, vpcKey: string): Map<string, VlanIntent> {
  return new Map(d.vlans.filter((v) => v.owner.vpc === vpcKey).map((v) => [v.owner.subnet ?? '(transit)', v]));
}

function membersOf(v: VlanIntent | undefined): string[] {
  return (v?.members ?? []).map((m) => `${m.interface}${m.tagged ? '' : ' untagged'}`);
}

// evpn-l3vni

test('evpn-l3vni: a leaf carries only its own subnets, a transit VLAN and a VRF with the L3VNI', () => {
  const result = compileOk(
    smallFabric({ leaves: 3 }),
    POLICY,
    vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', app: '10.1.2.0/24', db: '10.1.3.0/24' }),
    attach('default', 'a1', 'blue/web', 'server1--leaf1', true),
    attach('default', 'a2', 'blue/app', 'server3--leaf2'),
  );
  const alloc = result.allocations.vpcs['default/blue'];
  assert.ok(alloc?.vni !== undefined);
  const leaf1 = device(result, 'leaf1');
  const blue = vlansOf(leaf1, 'default/blue');
  assert.deepEqual([...blue.keys()].sort(), ['(transit)', 'web']);
  const web = blue.get('web');
  const transit = blue.get('(transit)');
  const vrf = leaf1.vrfs.find((v) => v.owner.vpc === 'default/blue');
  assert.ok(web !== undefined && transit !== undefined && vrf !== undefined);
  assert.equal(web.vni, alloc.subnets.web?.vni);
  assert.deepEqual(web.svi, { vrf: `Vrf${alloc.vrf}`, address: '10.1.1.1/24', anycastGateway: true });
  assert.deepEqual(membersOf(web), ['Ethernet0 untagged']);
  assert.equal(transit.vni, alloc.vni);
  assert.deepEqual(transit.members, []);
  assert.equal(transit.svi?.address, undefined);
  assert.equal(vrf.l3vni, alloc.vni);
  assert.equal(vrf.transitVlan, transit.id);
  assert.deepEqual(vrf.routeTargets, { import: [`65000:${alloc.vni}`], export: [`65000:${alloc.vni}`] });
  assert.ok(leaf1.vtep !== undefined);
  assert.equal(leaf1.anycastGatewayMac, '02:00:00:00:00:01');
  assert.deepEqual(leaf1.bgp.l2vnis.map((l) => [l.vni, l.vlan]), [[web.vni, web.id]]);
  // leaf2 has app and not web; leaf3 and the spines have no blue at all
  assert.deepEqual([...vlansOf(device(result, 'leaf2'), 'default/blue').keys()].sort(), ['(transit)', 'app']);
  for (const name of ['leaf3', 'spine1', 'spine2']) {
    const d = device(result, name);
    assert.deepEqual(d.vlans, [], name);
    assert.deepEqual(d.vrfs, [], name);
    assert.equal(d.vtep, undefined, name);
  }
  assert.deepEqual(result.vpcStatus.get('default/blue')?.switches, ['leaf1', 'leaf2']);
});

// evpn-l2vni

test('evpn-l2vni: every leaf of the VPC carries every attached subnet with a gateway, and there is no L3VNI', () => {
  const result = compileOk(
    smallFabric({ leaves: 3 }),
    POLICY,
    vpc('default', 'shop', 'acme', { front: '10.5.1.0/24', back: '10.5.2.0/24', spare: '10.5.3.0/24' }, { tier: 'l2' }),
    attach('default', 's1', 'shop/front', 'server1--leaf1'),
    attach('default', 's2', 'shop/back', 'server3--leaf2'),
  );
  const alloc = result.allocations.vpcs['default/shop'];
  assert.equal(alloc?.isolation, 'evpn-l2vni');
  assert.equal(alloc.vni, undefined);
  for (const name of ['leaf1', 'leaf2']) {
    const d = device(result, name);
    const shop = vlansOf(d, 'default/shop');
    assert.deepEqual([...shop.keys()].sort(), ['back', 'front'], `${name}: both attached subnets, not the unattached one, no transit`);
    for (const [subnet, v] of shop) {
      assert.equal(v.vni, alloc.subnets[subnet]?.vni, `${name} ${subnet}`);
      assert.equal(v.svi?.anycastGateway, true, `${name} ${subnet} has its gateway here`);
    }
    const vrf = d.vrfs.find((v) => v.owner.vpc === 'default/shop');
    assert.ok(vrf, name);
    assert.equal(vrf.l3vni, undefined);
    assert.equal(vrf.transitVlan, undefined);
  }
  assert.deepEqual(membersOf(vlansOf(device(result, 'leaf1'), 'default/shop').get('back')), [], 'no local member, still carried');
  assert.deepEqual(device(result, 'leaf3').vlans, []);
});

// vlan

/** leaf1, leaf2, leaf3 joined by a triangle of trunks; leaf4 and leaf5 joined by a trunk of their own. */
function trunkFabric(): AnyResource[] {
  return [
    ...smallFabric({ leaves: 5 }),
    conn.trunk('leaf1--leaf2', 'leaf1/Ethernet60', 'leaf2/Ethernet60'),
    conn.trunk('leaf2--leaf3', 'leaf2/Ethernet64', 'leaf3/Ethernet64'),
    conn.trunk('leaf1--leaf3', 'leaf1/Ethernet68', 'leaf3/Ethernet68'),
    conn.trunk('leaf4--leaf5', 'leaf4/Ethernet60', 'leaf5/Ethernet60'),
    POLICY,
  ];
}

test('vlan: the VLAN rides the trunks of one loop-free tree, the gateway is on one switch, and there is no VNI', () => {
  const result = compileOk(
    trunkFabric(),
    vpc('legacy', 'billing', 'legacy', { app: '10.40.1.0/24' }),
    attach('legacy', 'b2', 'billing/app', 'server3--leaf2', true),
    attach('legacy', 'b3', 'billing/app', 'server5--leaf3', true),
  );
  const alloc = result.allocations.vpcs['legacy/billing'];
  assert.equal(alloc?.isolation, 'vlan');
  assert.equal(alloc.vni, undefined);
  const id = alloc.subnets.app?.vlan;
  assert.ok(id !== undefined);
  const app = (name: string): VlanIntent | undefined => vlansOf(device(result, name), 'legacy/billing').get('app');
  // the tree is leaf1-leaf2 and leaf1-leaf3 (from the lowest name): leaf2 to leaf3 goes through leaf1
  assert.deepEqual(membersOf(app('leaf2')), ['Ethernet0 untagged', 'Ethernet60']);
  assert.deepEqual(membersOf(app('leaf3')), ['Ethernet0 untagged', 'Ethernet68']);
  assert.deepEqual(membersOf(app('leaf1')), ['Ethernet60', 'Ethernet68']);
  const trunksCarrying = ['leaf1--leaf2', 'leaf2--leaf3', 'leaf1--leaf3'].filter((trunk) => {
    const [a, b] = trunk.split('--') as [string, string];
    const ports = result.state.fabric.trunks.find((t) => t.connection === trunk);
    return ports !== undefined && membersOf(app(a)).includes(ports.a === a ? ports.aPort : ports.bPort) && membersOf(app(b)).includes(ports.b === b ? ports.bPort : ports.aPort);
  });
  assert.deepEqual(trunksCarrying, ['leaf1--leaf2', 'leaf1--leaf3'], 'not on all three trunks of the triangle: no loop');
  for (const name of ['leaf1', 'leaf2', 'leaf3']) {
    const v = app(name);
    assert.equal(v?.id, id, `${name}: one VLAN id across the domain`);
    assert.equal(v.vni, undefined, name);
    assert.ok(!device(result, name).ports.some((p) => p.kind === 'fabric' && membersOf(v).includes(p.name)), `${name}: never on a fabric link`);
  }
  // the gateway SVI and the VRF live on one switch only, the lowest attached one
  const withGateway = ['leaf1', 'leaf2', 'leaf3'].filter((name) => app(name)?.svi !== undefined);
  assert.deepEqual(withGateway, ['leaf2']);
  assert.deepEqual(app('leaf2')?.svi, { vrf: `Vrf${alloc.vrf}`, address: '10.40.1.1/24', anycastGateway: false });
  assert.deepEqual(device(result, 'leaf2').vrfs.map((v) => [v.owner.vpc, v.l3vni]), [['legacy/billing', undefined]]);
  for (const d of result.devices.values()) {
    assert.equal(d.vtep, undefined, `${d.name} needs no VTEP for plain VLANs`);
    assert.deepEqual(d.bgp.l2vnis, [], d.name);
  }
  assert.deepEqual(vlansOf(device(result, 'leaf4'), 'legacy/billing').size, 0);
});

test('vlan: a VPC whose attachments span two trunk domains is refused, naming the VPC and the rule, suggesting EVPN', () => {
  const result = compile(
    resourceSet(
      trunkFabric(),
      vpc('legacy', 'billing', 'legacy', { app: '10.40.1.0/24' }),
      attach('legacy', 'b2', 'billing/app', 'server3--leaf2'),
      attach('legacy', 'b7', 'billing/app', 'server7--leaf4'),
      attach('legacy', 'b9', 'billing/app', 'server9--leaf5'),
    ),
  );
  assert.equal(result.ok, false);
  assert.deepEqual(
    result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message} (hint: ${d.hint ?? ''})`),
    [
      'error WF600 VPC legacy/billing spec.subnets: isolation vlan (chosen by policy rule legacy-vlan) needs every attachment in one trunk domain, but leaf2 and leaf4, leaf5 are not joined by trunk connections (hint: add trunk connections between these switches, or give this VPC an EVPN method (evpn-l2vni or evpn-l3vni) in the FabricPolicy)',
    ],
  );
  assert.equal(result.vpcStatus.get('legacy/billing')?.conditions?.[0]?.status, 'False');
  for (const d of result.devices.values()) assert.equal(vlansOf(d, 'legacy/billing').size, 0, d.name);
});

test('vlan: a VPC on one switch needs no trunk, and one chosen by the policy default names the default', () => {
  const single = compileOk(smallFabric({ leaves: 2 }), policy({ isolation: { default: 'vlan' } }), vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }), attach('default', 'a1', 'blue/web', 'server1--leaf1'));
  assert.equal(vlansOf(device(single, 'leaf1'), 'default/blue').get('web')?.svi?.address, '10.1.1.1/24');
  const spread = compile(resourceSet(smallFabric({ leaves: 2 }), policy({ isolation: { default: 'vlan' } }), vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }), attach('default', 'a1', 'blue/web', 'server1--leaf1'), attach('default', 'a2', 'blue/web', 'server3--leaf2')));
  assert.match(spread.diagnostics.find((d) => d.code === 'WF600')?.message ?? '', /^isolation vlan \(chosen by the policy default\) needs every attachment in one trunk domain, but leaf1 and leaf2 /);
});

// peering

function peeringFabric(): AnyResource[] {
  return [
    ...smallFabric({ leaves: 3 }),
    POLICY,
    vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', db: '10.1.3.0/24' }),
    attach('default', 'b1', 'blue/web', 'server1--leaf1'),
    attach('default', 'b2', 'blue/db', 'server3--leaf2'),
    vpc('default', 'green', 'acme', { api: '10.2.1.0/24', worker: '10.2.2.0/24' }),
    attach('default', 'g1', 'green/api', 'server2--leaf1'),
    attach('default', 'g2', 'green/worker', 'server5--leaf3'),
    vpc('default', 'red', 'acme', { x: '10.3.1.0/24' }),
    attach('default', 'r1', 'red/x', 'server4--leaf2'),
    vpc('globex', 'copy', 'globex', { web: '10.1.1.0/24' }),
    attach('globex', 'c1', 'copy/web', 'server6--leaf3'),
  ];
}

/** Every leak on every device, as `device: into <- from [prefixes]`, by VPC (or External) key. */
function leaks(result: CompileResult): string[] {
  const out: string[] = [];
  for (const d of result.devices.values()) {
    const ownerOf = new Map(d.vrfs.map((v) => [v.name, v.owner.vpc ?? `external ${v.owner.external ?? ''}`]));
    for (const vrf of d.vrfs) for (const leak of vrf.leaks) out.push(`${d.name}: ${ownerOf.get(vrf.name) ?? '?'} <- ${ownerOf.get(leak.fromVrf) ?? '?'} [${[...leak.prefixes].sort().join(' ')}]`);
  }
  return out.sort();
}

test('VPCs that are not peered never leak into each other, not even with the same CIDRs on one leaf', () => {
  assert.deepEqual(leaks(compileOk(peeringFabric())), []);
});

test('a peering leaks only the permitted prefixes, both ways, and nothing of the unpeered VPCs', () => {
  const result = compileOk(peeringFabric(), peering('default', 'blue--green', ['blue', 'green'], [['blue/db', 'green/api']]));
  const all = leaks(result);
  assert.ok(all.length > 0);
  for (const line of all) {
    assert.match(line, /^leaf\d: default\/(blue <- default\/green \[10\.2\.1\.0\/24\]|green <- default\/blue \[10\.1\.3\.0\/24\])$/, line);
  }
  // each side's VRF, wherever it has a gateway, takes the other's permitted prefix
  assert.ok(all.includes('leaf1: default/blue <- default/green [10.2.1.0/24]'));
  assert.ok(all.includes('leaf1: default/green <- default/blue [10.1.3.0/24]'));
  assert.ok(!all.some((l) => l.includes('default/red') || l.includes('globex/copy')), 'red and copy stay apart');
});

test('a peering without permit leaks every subnet of each side, still only between the two', () => {
  const result = compileOk(peeringFabric(), peering('default', 'blue--red', ['blue', 'red']));
  for (const line of leaks(result)) assert.match(line, /^leaf\d: default\/(blue <- default\/red \[10\.3\.1\.0\/24\]|red <- default\/blue \[10\.1\.1\.0\/24 10\.1\.3\.0\/24\])$/, line);
});

// external peering

test('an External peering announces the permitted subnets only, and takes in the permitted prefixes', () => {
  const result = compileOk(
    peeringFabric(),
    sw('border1', 'border', 'vyos'),
    conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/eth0'),
    conn.external('border1--internet', 'border1/eth3', '192.0.2.2/30', '192.0.2.1', 64496),
    external('default', 'internet', ['0.0.0.0/0']),
    externalAttach('default', 'internet--border1', 'internet', 'border1--internet'),
    externalPeering('default', 'blue--internet', 'blue', 'internet', { subnets: ['web'] }),
    externalPeering('default', 'green--internet', 'green', 'internet', { subnets: ['api'], prefixes: ['198.51.100.0/24'] }),
  );
  const border = device(result, 'border1');
  const vrf = border.vrfs.find((v) => v.owner.external === 'default/internet');
  assert.ok(vrf, JSON.stringify(border.vrfs));
  assert.equal(vrf.l3vni, result.allocations.externals['default/internet']?.vni);
  assert.deepEqual(
    vrf.neighbors.map((n) => ({ address: n.address, asn: n.asn, port: n.port, prefixesIn: n.prefixesIn, prefixesOut: n.prefixesOut })),
    [{ address: '192.0.2.1', asn: 64496, port: 'eth3', prefixesIn: ['0.0.0.0/0', '198.51.100.0/24'], prefixesOut: ['10.1.1.0/24', '10.2.1.0/24'] }],
  );
  const port = border.ports.find((p) => p.name === 'eth3');
  assert.deepEqual([port?.kind, port?.vrf, port?.addresses], ['external', vrf.name, ['192.0.2.2/30']]);
  // two VPCs on one External still do not leak into each other directly
  for (const line of leaks(result)) assert.ok(!/default\/(blue <- default\/green|green <- default\/blue)/.test(line), line);
  // red, copy and blue/db are never announced
  const announced = border.vrfs.flatMap((v) => v.neighbors.flatMap((n) => n.prefixesOut));
  for (const prefix of ['10.3.1.0/24', '10.1.3.0/24', '10.2.2.0/24']) assert.ok(!announced.includes(prefix), prefix);
});
