// Inside one VPC: isolated and restricted subnets become rules of the VPC's ACL on its server
// ports (before everything else), permit groups open pairs again, static routes are installed
// where their next hop's subnet has its gateway and announced to the other leaves, and an
// External's communities reach its border sessions. Bad values are refused, naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainVpc, type CompileResult } from '#compiler';
import type { AclIntent, AnyResource, Diagnostic, Vpc } from '#domain';
import { renderFrrConf } from '#render-frr';
import { renderVyosSet } from '#render-vyos';
import { attach, conn, external, externalAttach, externalPeering, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

function compileOk(...resources: (AnyResource | readonly AnyResource[])[]): CompileResult {
  const result = compile(resourceSet(...resources));
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
  return result;
}

function errors(...resources: (AnyResource | readonly AnyResource[])[]): { code: string; path: string; message: string }[] {
  return compile(resourceSet(...resources))
    .diagnostics.filter((d: Diagnostic) => d.severity === 'error')
    .map((d) => ({ code: d.code, path: d.path, message: d.message }));
}

/** blue: web on leaf1 (server1) and leaf3 (server5), app on leaf2 (server3), db nowhere. */
function blue(extra: Partial<Vpc['spec']> = {}, subnets: Record<string, object> = {}): AnyResource[] {
  const v = vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', app: '10.1.2.0/24', db: '10.1.3.0/24' });
  for (const [name, fields] of Object.entries(subnets)) Object.assign(v.spec.subnets[name] ?? {}, fields);
  Object.assign(v.spec, extra);
  return [
    ...smallFabric({ leaves: 3 }),
    v,
    attach('default', 'b1', 'blue/web', 'server1--leaf1'),
    attach('default', 'b3', 'blue/app', 'server3--leaf2'),
    attach('default', 'b5', 'blue/web', 'server5--leaf3'),
  ];
}

function ruleLines(acl: AclIntent | undefined): string[] {
  return (acl?.rules ?? []).map((r) => `${r.name} ${r.action} ${r.source ?? 'any'} -> ${r.destination ?? 'any'}`);
}

const aclOn = (result: CompileResult, device: string): AclIntent | undefined => result.devices.get(device)?.acls?.[0];

test('an isolated subnet: it and every other subnet of the VPC are dropped both ways at the server ports, except the permitted pair', () => {
  const result = compileOk(blue({ permit: [['web', 'app']] }, { app: { isolated: true } }));
  const acl = aclOn(result, 'leaf2');
  assert.equal(acl?.description, 'weft: default/blue subnet isolation');
  assert.deepEqual(acl.ports, ['Ethernet0']);
  assert.deepEqual(ruleLines(acl), [
    'DENY_ISOLATED_1 drop 10.1.2.0/24 -> 10.1.3.0/24',
    'DENY_ISOLATED_2 drop 10.1.3.0/24 -> 10.1.2.0/24',
    'ALLOW_VPC_1 forward any -> 10.1.1.0/24',
    'ALLOW_VPC_2 forward any -> 10.1.2.0/24',
    'ALLOW_VPC_3 forward any -> 10.1.3.0/24',
    'ALLOW_LOCAL_1 forward any -> 224.0.0.0/4',
    'ALLOW_LOCAL_2 forward any -> 255.255.255.255/32',
  ]);
  // the same table on every leaf of the VPC: web's ports there must not send into app either
  assert.deepEqual(ruleLines(aclOn(result, 'leaf1')), ruleLines(acl));
  const withoutPermit = compileOk(blue({}, { app: { isolated: true } }));
  assert.deepEqual(ruleLines(aclOn(withoutPermit, 'leaf1')).slice(0, 4), [
    'DENY_ISOLATED_1 drop 10.1.1.0/24 -> 10.1.2.0/24',
    'DENY_ISOLATED_2 drop 10.1.2.0/24 -> 10.1.1.0/24',
    'DENY_ISOLATED_3 drop 10.1.2.0/24 -> 10.1.3.0/24',
    'DENY_ISOLATED_4 drop 10.1.3.0/24 -> 10.1.2.0/24',
  ]);
});

test('a restricted subnet: its hosts reach their gateway first, then the subnet to itself is dropped; VPC defaults apply unless a subnet says otherwise', () => {
  const result = compileOk(blue({ defaultRestricted: true }, { app: { restricted: false } }));
  assert.deepEqual(ruleLines(aclOn(result, 'leaf1')).slice(0, 4), [
    'ALLOW_GATEWAY_1 forward 10.1.1.0/24 -> 10.1.1.1/32',
    'ALLOW_GATEWAY_2 forward 10.1.3.0/24 -> 10.1.3.1/32',
    'DENY_RESTRICTED_1 drop 10.1.1.0/24 -> 10.1.1.0/24',
    'DENY_RESTRICTED_2 drop 10.1.3.0/24 -> 10.1.3.0/24',
  ]);
  const isolatedByDefault = compileOk(blue({ defaultIsolated: true }, { web: { isolated: false }, db: { isolated: false } }));
  assert.deepEqual(explainVpc(isolatedByDefault, 'default/blue')?.inside, ['subnet app isolated: reaches no other subnet of the VPC']);
  assert.equal(compileOk(blue()).devices.get('leaf1')?.acls, undefined, 'no isolation, no peering: no ACL');
});

test('a static route is installed where its next hop\'s subnet has its gateway, redistributed as a type-5 route, and its prefix passes the VPC\'s ACL', () => {
  const result = compileOk(blue({ staticRoutes: [{ prefix: '10.99.0.0/24', nextHops: ['10.1.2.10', '10.1.2.9'] }] }, { app: { isolated: true } }));
  const vrfWith = (device: string) => result.devices.get(device)?.vrfs.find((v) => v.owner.vpc === 'default/blue');
  assert.deepEqual(vrfWith('leaf2')?.staticRoutes, [{ prefix: '10.99.0.0/24', nextHops: ['10.1.2.9', '10.1.2.10'] }]);
  assert.equal(vrfWith('leaf1')?.staticRoutes, undefined, 'leaf1 has no gateway in app: it learns the route over EVPN');
  const frr = renderFrrConf(result.devices.get('leaf2')!);
  const name = vrfWith('leaf2')?.name ?? '';
  assert.match(frr, new RegExp(`\\nvrf ${name}\\n vni \\d+\\n ip route 10\\.99\\.0\\.0/24 10\\.1\\.2\\.9\\n ip route 10\\.99\\.0\\.0/24 10\\.1\\.2\\.10\\nexit-vrf\\n`));
  assert.match(frr, new RegExp(`router bgp \\d+ vrf ${name}\\n[^]*?  redistribute connected\\n  redistribute static\\n`));
  assert.doesNotMatch(renderFrrConf(result.devices.get('leaf1')!), /ip route|redistribute static/);
  assert.ok(ruleLines(aclOn(result, 'leaf1')).includes('ALLOW_VPC_4 forward any -> 10.99.0.0/24'));
  assert.deepEqual(explainVpc(result, 'default/blue')?.inside.at(-1), 'static route 10.99.0.0/24 via 10.1.2.9 (app), 10.1.2.10 (app): installed on leaf2; the other leaves learn it as an EVPN type-5 route');
});

test('bad isolation permits and static routes are refused, naming the VPC and the field', () => {
  const found = errors(
    blue({
      permit: [['web', 'nope'], ['app', 'app']],
      staticRoutes: [
        { prefix: '10.99.0.1/24', nextHops: ['10.1.2.10'] },
        { prefix: '10.1.0.0/16', nextHops: ['10.1.2.10'] },
        { prefix: '10.98.0.0/24', nextHops: ['10.7.0.1', '10.1.2.1'] },
        { prefix: '10.97.0.0/24', nextHops: ['10.1.2.10'] },
        { prefix: '10.97.0.0/24', nextHops: ['10.1.2.11'] },
      ],
    }),
  ).filter((d) => d.path.startsWith('VPC '));
  assert.deepEqual(
    found.map((d) => `${d.code} ${d.path}`),
    [
      'WF306 VPC default/blue spec.permit[0][1]',
      'WF330 VPC default/blue spec.permit[1][1]',
      'WF300 VPC default/blue spec.staticRoutes[0].prefix',
      'WF331 VPC default/blue spec.staticRoutes[1].prefix',
      'WF331 VPC default/blue spec.staticRoutes[1].prefix',
      'WF331 VPC default/blue spec.staticRoutes[1].prefix',
      'WF331 VPC default/blue spec.staticRoutes[2].nextHops[0]',
      'WF331 VPC default/blue spec.staticRoutes[2].nextHops[1]',
      'WF331 VPC default/blue spec.staticRoutes[4].prefix',
    ],
  );
  assert.match(found[0]?.message ?? '', /has no subnet "nope"; it has: app, db, web/);
  assert.match(found[2]?.message ?? '', /"10\.99\.0\.1\/24" is not a network prefix/);
  assert.match(found[3]?.message ?? '', /10\.1\.0\.0\/16 overlaps subnet app \(10\.1\.2\.0\/24\)/);
  assert.match(found[6]?.message ?? '', /"10\.7\.0\.1" is not an address in a subnet of the VPC/);
  assert.match(found[7]?.message ?? '', /10\.1\.2\.1 is the network, broadcast or gateway address of subnet app/);
  assert.match(found[8]?.message ?? '', /already routed by spec\.staticRoutes\[3\]/);
});

/** blue/web peered with an External through border1 (an FRR node or VyOS). */
function withExternal(os: 'frr' | 'vyos', spec: { inboundCommunity?: string; outboundCommunity?: string }): AnyResource[] {
  const ext = external('default', 'internet', ['0.0.0.0/0']);
  Object.assign(ext.spec, spec);
  return [
    ...blue(),
    sw('border1', 'border', os),
    conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/eth1'),
    conn.external('border1--external', 'border1/eth3', '192.0.2.2/30', '192.0.2.1', 64496),
    ext,
    externalAttach('default', 'internet--border1', 'internet', 'border1--external'),
    externalPeering('default', 'blue--internet', 'blue', 'internet', { subnets: ['web'] }),
  ];
}

test('an External\'s communities: FRR accepts only routes carrying the inbound one and adds the outbound one, VyOS the same in its policy', () => {
  const spec = { inboundCommunity: '64496:100', outboundCommunity: '65100:200' };
  const frr = renderFrrConf(compileOk(withExternal('frr', spec)).devices.get('border1')!);
  const policy = /weft-(vrf\d+-border1--external)-in in/.exec(frr)?.[1] ?? 'missing';
  assert.ok(frr.includes(`bgp community-list standard weft-${policy}-in-community seq 5 permit 64496:100\n`), frr);
  assert.ok(frr.includes(`route-map weft-${policy}-in permit 10\n match community weft-${policy}-in-community\nexit`));
  assert.ok(frr.includes(`route-map weft-${policy}-out permit 10\n set community 65100:200 additive\nexit`));
  assert.ok(frr.includes(`  neighbor 192.0.2.1 route-map weft-${policy}-in in\n  neighbor 192.0.2.1 route-map weft-${policy}-out out\n`));
  const vyos = renderVyosSet(compileOk(withExternal('vyos', spec)).devices.get('border1')!);
  assert.ok(vyos.includes(`set policy community-list weft-${policy}-in rule 10 regex '64496:100'`), vyos);
  assert.ok(vyos.includes(`set policy route-map weft-${policy}-in-map rule 10 match community community-list 'weft-${policy}-in'`));
  assert.ok(vyos.includes(`set policy route-map weft-${policy}-out-map rule 10 set community add '65100:200'`));
  assert.match(vyos, /neighbor 192\.0\.2\.1 address-family ipv4-unicast route-map import 'weft-vrf\d+-border1--external-in-map'/);
  assert.match(vyos, /neighbor 192\.0\.2\.1 address-family ipv4-unicast route-map export 'weft-vrf\d+-border1--external-out-map'/);
  const plain = renderFrrConf(compileOk(withExternal('frr', {})).devices.get('border1')!);
  assert.doesNotMatch(plain, /community|route-map weft-vrf\d+-border1/, 'no communities, no route maps on the session');
  assert.deepEqual(
    errors(withExternal('frr', { inboundCommunity: '70000:1' }))
      .filter((d) => d.path.startsWith('External '))
      .map((d) => `${d.code} ${d.path}: ${d.message}`),
    ['WF332 External default/internet spec.inboundCommunity: "70000:1" is not a standard BGP community: ASN:value, each 0-65535, e.g. 65000:100'],
  );
});
